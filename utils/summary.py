"""Corpus-level summaries for the report: share of voice, notable claims,
measured accuracy and the run manifest.

Used by ``08-report.ipynb``.

Example:
    >>> claims = pd.DataFrame({"claim_id": ["d:c0-9", "d:c0-9", "d:c20-29", "d:c40-49", "d:c60-69"],
    ...                        "speaker": ["A", "A", "A", "B", None], "speaker_id": ["a", "a", "a", "b", None]})
    >>> actors = pd.DataFrame({"actor_id": ["a", "b"], "type": ["person", "organisation"], "party": ["Labour", None]})
    >>> share_of_voice(claims, actors, by="party")[["party", "claims", "share"]].values.tolist()
    [['Labour', 2, 0.5], ['unknown', 1, 0.25], ['unattributed', 1, 0.25]]

    (A's first claim was quoted in two parts, ``d:c0-9`` twice: it counts once.)
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import sys
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from utils import paths

#: The external benchmarks behind the methods appendix, with their citations.
BENCHMARKS = {
    "conll2003": ("CoNLL-2003 English NER, validation split",
                  "Tjong Kim Sang & De Meulder (2003), Introduction to the CoNLL-2003 Shared Task, CoNLL."),
    "polnear": ("PolNeAR political news attributions, dev split",
                "Newell, Margolin & Ruths (2018), An Attribution Relations Corpus for Political News, LREC."),
    "newsmtsc": ("NewsMTSC target-dependent sentiment, devtest_mt",
                 "Hamborg & Donnay (2021), NewsMTSC: A Dataset for (Multi-)Target-dependent Sentiment "
                 "Classification in Political News Articles, EACL."),
    "semeval2023_frames": ("SemEval-2023 Task 3 subtask 2 (frames), English train, 5-fold CV",
                           "Piskorski, Stefanovitch, Da San Martino & Nakov (2023), SemEval-2023 Task 3, SemEval."),
    "bbc_handchecked": ("BBC News articles read by hand by the project (business, entertainment, sport, tech, "
                        "politics; evaluation/handchecked)",
                        "Greene & Cunningham (2006), Practical Solutions to the Problem of Diagonal Dominance in "
                        "Kernel Document Clustering, ICML (the BBC articles); annotations: this project."),
}
PACKAGES = ["pandas", "numpy", "nltk", "seaborn", "matplotlib", "scikit-learn", "python-crfsuite", "networkx",
            "papermill", "nbconvert", "jupyterlab", "pyarrow"]


def share_of_voice(claims: pd.DataFrame, actors: pd.DataFrame, *, by: str = "actor") -> pd.DataFrame:
    """Claims per speaker group, with counts and shares.

    The unit is the claim (attribution), not the part: a quote in three pieces is one
    claim (rows sharing a ``claim_id`` count once). A claim nested in another (a quote
    reported inside a quote, ``parent_claim_id``) is a claim of its own speaker and
    counts for them; the outer claim counts for its speaker too.

    Args:
        claims: the claims table (one row per part; see ``utils.claims.attributions``).
        actors: the actors table (for type and party).
        by: ``actor`` (the speaker's canonical name), ``type`` or ``party``.

    Returns:
        Columns ``[by, claims, share]``, largest first; claims without a known
        speaker form the group ``unattributed``; speakers without a type or
        party the group ``unknown``.
    """
    if by not in ("actor", "type", "party"):
        raise ValueError(f"by must be actor, type or party, not {by!r}")
    c = one_row_per_claim(claims)[["speaker", "speaker_id"]].copy()
    if by == "actor":
        key = c["speaker"].astype("string")
    else:
        lookup = actors.drop_duplicates("actor_id").set_index("actor_id")[by] if len(actors) else pd.Series(dtype="string")
        key = c["speaker_id"].map(lookup).astype("string").fillna("unknown")
        key = key.mask(key.str.strip() == "", "unknown")
    key = key.mask(c["speaker"].isna() | (c["speaker"].astype("string").str.strip() == ""), "unattributed")
    out = key.value_counts().rename_axis(by).rename("claims").reset_index()
    out["share"] = out["claims"] / max(len(c), 1)  # unrounded: shares sum to 1 (round for display only)
    return out


def one_row_per_claim(claims: pd.DataFrame) -> pd.DataFrame:
    """The first part of each claim (rows sharing a ``claim_id`` are parts of one
    attribution and share its speaker); the table itself when it has no ``claim_id``."""
    if claims is None or not len(claims) or "claim_id" not in claims.columns:
        return claims
    if "part" in claims.columns:
        claims = claims.sort_values(["part"], kind="stable")
    return claims.drop_duplicates("claim_id").sort_index()


def notable_claims(claims: pd.DataFrame, documents: pd.DataFrame, *, n: int = 10, max_per_speaker: int = 2,
                   actors: pd.DataFrame | None = None, stances: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims worth quoting, chosen as an editor would: direct quotes (the
    speaker's own words, all parts of a quote joined) with a resolved speaker, from
    as many speakers, sides and articles as the corpus offers.

    Candidates are top-level direct quotes of 40-600 characters whose speaker resolved
    to an actor. Each gets a score: its confidence, a little more for a quote of
    readable length (80-300 characters) and for one that takes a side (a favour or
    against stance in ``stances``). Quotes are then taken best first in rounds: the
    first round takes at most one per speaker, per article and per party-and-side, the
    next rounds relax those limits, up to ``max_per_speaker`` per speaker and ``n`` in all.

    Returns:
        Columns ``speaker, role, party, content, kind, doc_id, title, source, date``.
    """
    from utils.claims import attributions

    cols = ["speaker", "role", "party", "content", "kind", "doc_id", "title", "source", "date"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    c = attributions(claims)  # one per claim, its parts joined
    c = c[c["speaker"].notna() & (c["speaker"].astype(str).str.strip() != "") & c["kind"].eq("direct")].copy()
    c = c[c["content"].str.len().between(40, 600)]
    if "parent_claim_id" in c:
        c = c[c["parent_claim_id"].fillna("").astype(str).str.strip() == ""]
    if "speaker_id" in c:
        c = c[c["speaker_id"].fillna("").astype(str).str.strip() != ""]
    info = _actor_info(actors)
    c["role"] = c["speaker_id"].map(info["role"]) if "speaker_id" in c and len(info) else ""
    c["party"] = c["speaker_id"].map(info["party"]) if "speaker_id" in c and len(info) else ""
    c[["role", "party"]] = c[["role", "party"]].fillna("")
    side = _claim_sides(stances)
    c["side"] = c["claim_id"].map(side).fillna("") if len(side) else ""
    length = c["content"].astype(str).str.len()
    readable = length.between(80, 300).astype(float).to_numpy()
    sided = (c["side"].astype(str) != "").astype(float).to_numpy()
    c["score"] = pd.to_numeric(c["confidence"], errors="coerce").fillna(0).to_numpy(dtype=float) + 0.1 * readable + 0.1 * sided
    c = c.sort_values(["score", "content_start"], ascending=[False, True], kind="stable")
    chosen = _editor_pick(c, n=n, max_per_speaker=max_per_speaker)
    meta = documents.set_index("doc_id")[[col for col in ["title", "source", "date"] if col in documents]].copy()
    if "text" in documents:  # an untitled article is named by its opening words, not its file id
        opening = documents.set_index("doc_id")["text"].astype(str).map(_opening)
        meta["title"] = meta["title"].where(meta["title"].notna() & (meta["title"].astype(str) != ""), opening) \
            if "title" in meta else opening
    out = chosen[["speaker", "role", "party", "content", "kind", "doc_id"]].join(meta, on="doc_id")
    return out.reindex(columns=cols).reset_index(drop=True)


def _opening(text: str, n: int = 8) -> str:
    """The first ``n`` words of an article, as a reader would name an untitled one.

    >>> _opening("A DUDLEY Labour MP has faced an online backlash after daring to tell his party")
    '“A DUDLEY Labour MP has faced an online …”'
    """
    words = text.split()
    return "“" + " ".join(words[:n]) + (" …”" if len(words) > n else "”") if words else ""


def _actor_info(actors: pd.DataFrame | None) -> pd.DataFrame:
    if actors is None or not len(actors) or "actor_id" not in actors:
        return pd.DataFrame(columns=["role", "party"])
    a = actors.drop_duplicates("actor_id").set_index("actor_id")
    return a.reindex(columns=["role", "party"])


def _claim_sides(stances: pd.DataFrame | None) -> pd.Series:
    """claim_id -> 'favour', 'against' or 'both' (the polar stances of each claim)."""
    if stances is None or not len(stances) or "claim_id" not in stances:
        return pd.Series(dtype=object)
    polar = stances[stances["polarity"].isin(["favour", "against"]) & stances["claim_id"].fillna("").ne("")]
    return polar.groupby("claim_id")["polarity"].agg(lambda s: s.iloc[0] if s.nunique() == 1 else "both")


def _editor_pick(c: pd.DataFrame, *, n: int, max_per_speaker: int) -> pd.DataFrame:
    """Best-first rounds over ``c`` (sorted): round 1 one per speaker, article and
    party-and-side; round 2 one per speaker and article; then up to ``max_per_speaker``."""
    taken: list = []
    per_speaker: dict = {}
    rounds = [("speaker", "doc_id", "group"), ("speaker", "doc_id"), ()]
    for keys in rounds:
        seen = {k: set() for k in keys}
        for idx, r in c.iterrows():
            if len(taken) >= n:
                break
            if idx in taken or per_speaker.get(r["speaker"], 0) >= max_per_speaker:
                continue
            vals = {"speaker": r["speaker"], "doc_id": r["doc_id"], "group": (r["party"], r["side"])}
            if any(vals[k] in seen[k] for k in keys):
                continue
            if keys and keys[0] == "speaker" and per_speaker.get(r["speaker"], 0) >= 1:
                continue  # the first two rounds give each speaker one quote
            taken.append(idx)
            per_speaker[r["speaker"]] = per_speaker.get(r["speaker"], 0) + 1
            for k in keys:
                seen[k].add(vals[k])
    return c.loc[taken]


def quotes_html(quotes: pd.DataFrame) -> str:
    """Notable claims as HTML block quotes with speaker and source (escaped).

    >>> quotes_html(pd.DataFrame({"speaker": ["A <b>"], "content": ["We will."], "doc_id": ["d1"],
    ...                           "title": [None], "source": ["Star"], "date": [pd.NaT]})).split("</style>")[1]
    '<blockquote class="wsw-quote"><p>“We will.”</p><footer>— <b>A &lt;b&gt;</b>, Star</footer></blockquote>'
    """
    import html

    if quotes.empty:
        return "<p><i>No direct quotes with a known speaker.</i></p>"
    out = []
    for r in quotes.to_dict("records"):
        bits = []
        for key in ("title", "source", "date"):
            v = r.get(key)
            if v is not None and not pd.isna(v) and str(v) != "":
                bits.append(f"{v:%d %b %Y}" if key == "date" else str(v))
        where = " · ".join(bits) or str(r["doc_id"])
        who = [str(r.get(k)) for k in ("role", "party") if r.get(k) is not None and not pd.isna(r.get(k)) and str(r.get(k))]
        who_s = f" ({html.escape(', '.join(who))})" if who else ""
        out.append(f'<blockquote class="wsw-quote"><p>“{html.escape(str(r["content"]))}”</p>'
                   f'<footer>— <b>{html.escape(str(r["speaker"]))}</b>{who_s}, {html.escape(where)}</footer></blockquote>')
    style = ("<style>.wsw-quote{border-left:4px solid #0072B2;margin:.8em 0;padding:.2em 1em}"
             ".wsw-quote footer{color:#444;font-size:.9em}</style>")
    return style + "".join(out)


def load_results(path: str | Path | None = None) -> dict:
    """Measured accuracy written by ``make evaluate`` (``evaluation/results.json``)."""
    path = Path(path) if path else paths.ROOT / "evaluation" / "results.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def methods_table(results: dict) -> pd.DataFrame:
    """One row per measured figure: annotation, dataset, metric, value, its 95% interval
    when the benchmark measured one (PolNeAR: resampling whole documents), target,
    status ("met" / "missed" against the target, empty without one), citation."""
    rows = []
    for key, entry in results.items():
        dataset, citation = BENCHMARKS.get(key, (key, ""))
        for m in entry.get("metrics", []):
            target = m.get("target")
            status = "" if target is None else ("met" if float(m["value"]) >= float(target) else "missed")  # unrounded: 0.8997 misses 0.90
            iv = m.get("interval_95")
            rows.append({"annotation": entry.get("annotation", ""), "dataset": dataset, "metric": m["metric"],
                         "value": m["value"], "interval_95": f"{iv[0]:.3f}-{iv[1]:.3f}" if iv else "",
                         "target": target, "status": status, "citation": citation,
                         "measured": entry.get("date", "")})
    return pd.DataFrame(rows, columns=["annotation", "dataset", "metric", "value", "interval_95", "target", "status",
                                       "citation", "measured"])


def load_tables_manifest(tables_dir: str | Path | None) -> dict | None:
    """The ``manifest.json`` that ``python -m utils annotate`` wrote beside its tables
    (input, annotation options, counts), or ``None`` when there is none."""
    if not tables_dir:
        return None
    p = Path(tables_dir) / "manifest.json"
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{p}: not a readable manifest ({exc})") from exc


def _file_version(path: Path) -> str:
    if not path.exists():
        return "absent"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def run_manifest(documents: pd.DataFrame, *, parameters: dict | None = None, tables_manifest: dict | None = None) -> pd.DataFrame:
    """What a reader needs to reproduce the report: versions, parameters,
    codebook and registry versions, corpus size and hash."""
    from utils import __version__
    from utils.corpus import corpus_fingerprint
    from utils.pipeline import settings_fingerprint

    rows = [
        ("generated", dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        ("who-says-what", __version__),
        ("python", platform.python_version()),
        ("platform", f"{platform.system()} {platform.machine()}"),
    ]
    for pkg in PACKAGES:
        try:
            rows.append((pkg, metadata.version(pkg)))
        except metadata.PackageNotFoundError:
            rows.append((pkg, "not installed"))
    for k, v in (parameters or {}).items():
        rows.append((f"parameter {k}", "None" if v is None else str(v)))
    codebook = paths.DATA / "frames.yaml"
    version = ""
    if codebook.exists():
        import yaml

        version = str((yaml.safe_load(codebook.read_text(encoding="utf-8")) or {}).get("version", ""))
    rows += [
        ("frame codebook data/frames.yaml", f"version {version or '?'} (sha256 {_file_version(codebook)})"),
        ("actor registry data/actors.csv", f"sha256 {_file_version(paths.DATA / 'actors.csv')}"),
        ("cue lexicon data/cues.csv", f"sha256 {_file_version(paths.DATA / 'cues.csv')}"),
        ("issues data/issues.yaml", f"sha256 {_file_version(paths.DATA / 'issues.yaml')}"),
        ("stance lexicon data/stance_lexicon.csv", f"sha256 {_file_version(paths.DATA / 'stance_lexicon.csv')}"),
        ("settings fingerprint", settings_fingerprint()),
        ("corpus documents", f"{len(documents):,}"),
        ("corpus words", f"{int(documents['n_words'].sum()):,}" if len(documents) else "0"),
        ("corpus fingerprint", corpus_fingerprint(documents)),
    ]
    if tables_manifest:
        rows.append(("corpus input", str(tables_manifest.get("input", ""))))
    from utils.pipeline import DEFAULT_OPTIONS

    options = {**DEFAULT_OPTIONS, **((tables_manifest or {}).get("options") or {})}
    for k in sorted(DEFAULT_OPTIONS):
        rows.append((f"annotation option {k}", str(options.get(k))))
    rows.append(("command", report_command(parameters or {})))
    return pd.DataFrame(rows, columns=["item", "value"])


def report_command(parameters: dict) -> str:
    """The command that makes this report again, from the notebook's parameters.

    >>> report_command({"corpus": "../shared/datasets/bbc_politics", "title_from_first_line": True,
    ...                 "source": "Express & Star", "date_from": "2015-06-01"})
    "python -m utils report --corpus ../shared/datasets/bbc_politics --title-from-first-line --source 'Express & Star' --date-from 2015-06-01"
    >>> report_command({"corpus": None})
    'python -m utils report'
    """
    import shlex

    parts = ["python", "-m", "utils", "report"]
    for key, flag in (("tables_dir", "--tables"), ("corpus", "--corpus"), ("source", "--source"),
                      ("date_from", "--date-from"), ("date_to", "--date-to")):
        v = parameters.get(key)
        if v is not None and v != "":
            parts += [flag, str(v)]
        if key == "corpus" and parameters.get("title_from_first_line"):
            parts.append("--title-from-first-line")
    return " ".join(shlex.quote(x) for x in parts)


#: Excel's limit on the characters of one cell.
_EXCEL_CELL = 32_767


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """An Excel workbook of the main tables, to hand over with the report: one sheet
    each for documents (metadata, no text), claims (one row per claim, its parts
    joined), stances, actors and the frames present per document. Cells are written as
    values (never formulas: a cell from the data that starts with ``=`` stays text) and
    cut at Excel's 32,767 characters; the file is written atomically.

    Returns the path written.
    """
    from utils.claims import attributions
    from utils.tables import atomic_path

    docs = tables["documents"].drop(columns=[c for c in ("text", "path", "encoding") if c in tables["documents"]])
    frames = tables["frames"]
    if len(frames):
        frames = frames[(frames["unit"] == "document") & frames["present"].astype(bool)]
    sheets = {
        "documents": docs,
        "claims": attributions(tables["claims"]),
        "stances": tables["stances"],
        "actors": tables["actors"],
        "document frames": frames,
    }
    path = Path(path)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for name, df in sheets.items():
                _excel_safe(df).to_excel(xw, sheet_name=name, index=False)
                ws = xw.sheets[name]
                for row in ws.iter_rows(min_row=2):
                    for cell in row:  # text from the data that looks like a formula stays text
                        if cell.data_type == "f":
                            cell.data_type = "s"
                ws.freeze_panes = "A2"
                for col in ws.columns:
                    width = max((len(str(c.value)) for c in col[:200] if c.value is not None), default=8)
                    ws.column_dimensions[col[0].column_letter].width = min(max(width, 8), 60)
    return path


def _excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Plain values for Excel: no timezone, missing values blank, text cut at the cell limit."""
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[c] = s.dt.tz_localize(None)
        elif s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            out[c] = s.astype(object).where(s.notna(), None).map(
                lambda v: v[:_EXCEL_CELL] if isinstance(v, str) else v)
    return out


# --------------------------------------------------------------------------- outlets, time, intervals

#: Resamples and seed of every interval in the report (bootstrap over articles).
N_BOOT = 1000
SEED = 2026


def period_freq(freq: str | None, span_days: float, n_articles: int) -> str:
    """``"W"`` or ``"M"``: the bins of every chart over time (report 08 and notebook 04).
    ``freq="auto"`` gives weeks for a corpus spanning at most 16 weeks with at least 5
    articles a week on average, else months; ``"W..."``/``"M..."`` ask for one.

    >>> period_freq("auto", 20, 30), period_freq("auto", 70, 24), period_freq("W", 400, 3)
    ('W', 'M', 'W')
    """
    f = (freq or "auto").upper()
    if f == "AUTO":
        weeks = span_days / 7 + 1
        return "W" if weeks <= 16 and n_articles / weeks >= 5 else "M"
    return "W" if f.startswith("W") else "M"


def period_bins(documents: pd.DataFrame, *, freq: str = "auto") -> pd.DataFrame:
    """The period of each dated article: weeks (Monday to Sunday) for a corpus spanning
    at most 16 weeks with at least 5 articles a week on average, else calendar months
    (``freq="auto"``; or ``"W"``/``"M"``): a share over two or three articles has an
    interval from 0 to 1 and says nothing.

    Returns columns ``doc_id, period`` (first day), ``period_end`` (last day),
    ``partial`` (the corpus starts or ends inside the period, so it holds only part of
    it) and ``label`` (``"w/c 01 Jun 2015"`` or ``"Jun 2015"``); undated articles are
    left out. Empty when no article has a date.

    >>> d = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2015-06-03", "2015-07-20", None]})
    >>> period_bins(d)[["doc_id", "label", "partial"]].values.tolist()
    [['a', 'Jun 2015', True], ['b', 'Jul 2015', True]]
    >>> period_bins(d, freq="W")[["doc_id", "label"]].values.tolist()
    [['a', 'w/c 01 Jun 2015'], ['b', 'w/c 20 Jul 2015']]
    """
    cols = ["doc_id", "period", "period_end", "partial", "label"]
    if documents is None or "date" not in documents.columns or not len(documents):
        return pd.DataFrame(columns=cols)
    dates = pd.to_datetime(documents["date"], errors="coerce", utc=False)
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    d = pd.DataFrame({"doc_id": documents["doc_id"].to_numpy(), "day": dates.dt.normalize().to_numpy()}).dropna()
    if not len(d):
        return pd.DataFrame(columns=cols)
    first, last = d["day"].min(), d["day"].max()
    f = period_freq(freq, (last - first).days, len(d))
    p = d["day"].dt.to_period(f)
    d["period"] = p.map(lambda x: x.start_time.normalize())
    d["period_end"] = p.map(lambda x: x.end_time.normalize())
    d["partial"] = (d["period"] < first) | (d["period_end"] > last)
    d["label"] = d["period"].map(lambda x: f"w/c {x:%d %b %Y}" if f == "W" else f"{x:%b %Y}")
    return d[cols].reset_index(drop=True)


def groups_of(documents: pd.DataFrame, by: str, *, freq: str = "auto") -> pd.DataFrame:
    """Each article's group: its outlet (``by="source"``, blank outlets left out), its
    period (``by="date"``, see :func:`period_bins`) or the whole corpus (``by="all"``). Columns ``doc_id, group`` (+ the
    period columns for dates)."""
    if by == "date":
        p = period_bins(documents, freq=freq)
        return p.assign(group=p["label"])
    if by == "all":
        ids = documents["doc_id"] if documents is not None and len(documents) else pd.Series([], dtype=object)
        return pd.DataFrame({"doc_id": ids.to_numpy(), "group": "all articles"})
    if by != "source":
        raise ValueError(f"by must be source, date or all, not {by!r}")
    if documents is None or "source" not in documents.columns:
        return pd.DataFrame(columns=["doc_id", "group"])
    g = documents["source"].astype("string").str.strip()
    out = pd.DataFrame({"doc_id": documents["doc_id"].to_numpy(), "group": g.to_numpy()})
    return out[out["group"].notna() & (out["group"] != "")].reset_index(drop=True)


def missing_note(documents: pd.DataFrame, by: str) -> str | None:
    """One line saying why there is no comparison by outlet or over time, or None
    when the corpus has outlets (or dates) to compare."""
    g = groups_of(documents, by)
    if len(g):
        return None
    if by == "source":
        return "_No outlet (source) is named in this corpus's metadata, so there is no comparison by outlet._"
    return "_No article in this corpus has a date, so there is no comparison over time._"


def bootstrap_ratio(num: np.ndarray, den: np.ndarray, *, n_boot: int = N_BOOT, seed: int = SEED,
                    level: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratio of sums ``num.sum(0) / den.sum(0)`` over articles (rows) for each column,
    with a percentile interval from resampling articles with replacement (the
    article is the unit: claims and stances of one article are not independent).

    Returns (value, low, high), one entry per column; NaN where the denominator is 0.

    >>> v, lo, hi = bootstrap_ratio(np.array([[1.], [0.], [1.], [1.]]), np.ones((4, 1)), n_boot=200)
    >>> float(v[0]), 0 <= float(lo[0]) <= 0.75 <= float(hi[0]) <= 1
    (0.75, True)
    """
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    n = num.shape[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        value = num.sum(0) / den.sum(0)
        if n == 0:
            nan = np.full(num.shape[1], np.nan)
            return value, nan, nan
        rng = np.random.default_rng(seed)
        w = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)  # how often each article is drawn
        boot = (w @ num) / (w @ den)
        tail = (1 - level) / 2 * 100
        import warnings

        with warnings.catch_warnings():  # a column no resample has is NaN, without a warning
            warnings.simplefilter("ignore", RuntimeWarning)
            low = np.nanpercentile(boot, tail, axis=0) if n_boot else value
            high = np.nanpercentile(boot, 100 - tail, axis=0) if n_boot else value
    low = np.where(np.isnan(value), np.nan, low)
    high = np.where(np.isnan(value), np.nan, high)
    return value, low, high


def _grouped(per_doc: pd.DataFrame, groups: pd.DataFrame, *, value: str, keys: list, n_boot: int, seed: int) -> pd.DataFrame:
    """``per_doc`` (doc_id, key, num, den) summed by group with bootstrap intervals.
    Every article of a group counts (an article without any row has num = den = 0
    for a share of claims, which leaves it out of that ratio but not of ``articles``)."""
    rows = []
    meta_cols = [c for c in ("period", "period_end", "partial") if c in groups.columns]
    for gi, (name, g) in enumerate(groups.groupby("group", sort=False)):
        ids = pd.Index(g["doc_id"].unique())
        sub = per_doc[per_doc["doc_id"].isin(ids)]
        numm = sub.pivot_table(index="doc_id", columns="key", values="num", aggfunc="sum").reindex(index=ids, columns=keys).fillna(0)
        denm = sub.pivot_table(index="doc_id", columns="key", values="den", aggfunc="sum").reindex(index=ids, columns=keys).fillna(0)
        v, lo, hi = bootstrap_ratio(numm.to_numpy(), denm.to_numpy(), n_boot=n_boot, seed=seed + gi)
        meta = g.iloc[0][meta_cols].to_dict() if meta_cols else {}
        for k, key in enumerate(keys):
            rows.append({"group": name, **meta, "key": key, value: v[k], "low": lo[k], "high": hi[k],
                         "n": float(numm[key].sum()), "base": float(denm[key].sum()), "articles": len(ids)})
    out = pd.DataFrame(rows, columns=["group", *meta_cols, "key", value, "low", "high", "n", "base", "articles"])
    if "period" in out:
        out = out.sort_values(["period", "key"], kind="stable", ignore_index=True)
    return out


def claim_groups(claims: pd.DataFrame, actors: pd.DataFrame, *, key: str = "party",
                 genders: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per claim (``doc_id, claim_id, key``): the speaker's party, type or
    gender. For party and type, claims without a speaker are ``unattributed`` and
    speakers without the field ``unknown`` (as :func:`share_of_voice`); for gender only
    claims of person speakers are kept (organisations and groups are not people), with
    ``unknown`` when the gender was not found (see :func:`speaker_genders`)."""
    c = one_row_per_claim(claims)
    if c is None or not len(c):
        return pd.DataFrame(columns=["doc_id", "claim_id", "key"])
    c = c[["doc_id", "claim_id", "speaker", "speaker_id"]].copy()
    no_speaker = c["speaker"].isna() | (c["speaker"].astype("string").str.strip() == "")
    if key == "gender":
        g = genders if genders is not None else speaker_genders(actors)
        lookup = g.drop_duplicates("actor_id").set_index("actor_id")["gender"]
        c["key"] = c["speaker_id"].map(lookup)
        c = c[~no_speaker & c["key"].notna()]
        return c[["doc_id", "claim_id", "key"]].reset_index(drop=True)
    if key not in ("party", "type"):
        raise ValueError(f"key must be party, type or gender, not {key!r}")
    lookup = actors.drop_duplicates("actor_id").set_index("actor_id")[key] if len(actors) else pd.Series(dtype="string")
    k = c["speaker_id"].map(lookup).astype("string").fillna("unknown")
    k = k.mask(k.str.strip() == "", "unknown").mask(no_speaker, "unattributed")
    return c.assign(key=k.astype(str))[["doc_id", "claim_id", "key"]].reset_index(drop=True)


def voice_by(claims: pd.DataFrame, actors: pd.DataFrame, documents: pd.DataFrame, *, by: str = "source",
             key: str = "party", top: int | None = 6, genders: pd.DataFrame | None = None, freq: str = "auto",
             n_boot: int = N_BOOT, seed: int = SEED) -> pd.DataFrame:
    """Share of voice per outlet (``by="source"``) or period (``by="date"``): for each
    group and each speaker party / type / gender (``key``), the share of the group's
    claims, with a 95% interval from resampling the group's articles (``n_boot``
    resamples, seeded). Groups ``top`` keys with most claims in the corpus (the others
    are summed as ``other``).

    Returns columns ``group`` (+ ``period, period_end, partial`` by date), ``key``,
    ``share``, ``low``, ``high``, ``n`` (claims of the key), ``base`` (claims of the
    group), ``articles`` (of the group). Empty when the corpus has no outlet / date.
    """
    groups = groups_of(documents, by, freq=freq)
    cg = claim_groups(claims, actors, key=key, genders=genders)
    if not len(groups) or not len(cg):
        return pd.DataFrame(columns=["group", "key", "share", "low", "high", "n", "base", "articles"])
    order = cg["key"].value_counts()
    keep = list(order.index[:top]) if top else list(order.index)
    if len(order) > len(keep):
        cg = cg.assign(key=cg["key"].where(cg["key"].isin(keep), "other"))
        keep.append("other")
    last = ("unknown", "other", "unattributed")
    keep = [k for k in keep if k not in last] + [k for k in last if k in keep]  # named groups first
    per = cg.groupby(["doc_id", "key"]).size().rename("num").reset_index()
    per["den"] = per["doc_id"].map(cg.groupby("doc_id").size())
    # every key of an article shares the article's claims as denominator, also keys it lacks
    full = per[["doc_id", "den"]].drop_duplicates().merge(pd.DataFrame({"key": keep}), how="cross")
    full = full.merge(per[["doc_id", "key", "num"]], on=["doc_id", "key"], how="left").fillna({"num": 0})
    return _grouped(full, groups, value="share", keys=keep, n_boot=n_boot, seed=seed)


def stance_toward_by(stances: pd.DataFrame, documents: pd.DataFrame, *, by: str = "source", top: int = 4,
                     freq: str = "auto", n_boot: int = N_BOOT, seed: int = SEED) -> pd.DataFrame:
    """Mean stance score (−1 against … +1 for) toward the ``top`` targets with most
    stances, per outlet or period, with a 95% interval from resampling articles.

    Returns columns ``group`` (+ period columns), ``key`` (the target), ``mean_score``,
    ``low``, ``high``, ``n`` (sum of scores), ``base`` (stances toward the target),
    ``articles``; a group with no stance toward a target has ``mean_score`` NaN.
    """
    groups = groups_of(documents, by, freq=freq)
    if stances is None or not len(stances) or not len(groups):
        return pd.DataFrame(columns=["group", "key", "mean_score", "low", "high", "n", "base", "articles"])
    s = stances[["doc_id", "target", "score"]].copy()
    s["score"] = pd.to_numeric(s["score"], errors="coerce")
    s = s.dropna()
    keep = list(s["target"].value_counts().index[:top])
    s = s[s["target"].isin(keep)]
    per = s.groupby(["doc_id", "target"])["score"].agg(["sum", "size"]).reset_index()
    per = per.rename(columns={"target": "key", "sum": "num", "size": "den"})
    out = _grouped(per, groups, value="mean_score", keys=keep, n_boot=n_boot, seed=seed)
    out["n"] = out["base"]  # for a mean, n is the number of stances
    return out


def top_groups(table: pd.DataFrame, k: int = 12) -> list:
    """The ``k`` groups (outlets) with most articles, most first; all periods in order."""
    if "period" in table:
        return list(dict.fromkeys(table.sort_values("period")["group"]))
    g = table.drop_duplicates("group").sort_values(["articles", "group"], ascending=[False, True])
    return list(g["group"].head(k))


GENDER_COLOURS = {"f": "#CC79A7", "m": "#0072B2", "unknown": "#BBBBBB"}
GENDER_LABELS = {"f": "women", "m": "men", "unknown": "unknown"}


def plot_by(table: pd.DataFrame, *, value: str, title: str, xlabel: str, colours: dict | None = None,
            labels: dict | None = None, ax=None, max_groups: int = 12, limits: tuple | None = None,
            legend_title: str = ""):
    """A share or mean per outlet or period, each with its 95% interval as an error bar.

    By outlet (a table without ``period``): one row per outlet (the ``max_groups``
    with most articles), one bar per key, the outlet's articles in its label. Over
    time: the value per period on a labelled axis, points joined by lines only when
    there are 6 or more periods; a partial period is shaded and its points hollow;
    the number of articles of each period along the top.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

    from utils.plots import OKABE_ITO

    keys = list(dict.fromkeys(table["key"]))
    colours = colours or {}
    colour = {k: colours.get(k, OKABE_ITO[i % len(OKABE_ITO)]) for i, k in enumerate(keys)}
    name = (lambda k: (labels or {}).get(k, str(k)))
    groups = top_groups(table, max_groups)
    t = table[table["group"].isin(groups)]
    if "period" not in table:
        if ax is None:
            _, ax = plt.subplots(figsize=(9, max(3.0, len(groups) * (0.28 * len(keys) + 0.35) + 1.4)))
        h = 0.8 / max(len(keys), 1)
        for i, k in enumerate(keys):
            s = t[t["key"] == k].set_index("group").reindex(groups)
            y = np.arange(len(groups)) - 0.4 + h * (i + 0.5)
            v = s[value].to_numpy(dtype=float)
            err = np.vstack([v - s["low"].to_numpy(dtype=float), s["high"].to_numpy(dtype=float) - v])
            ax.barh(y, v, height=h * 0.9, color=colour[k], label=_short(name(k)), xerr=np.nan_to_num(err),
                    error_kw={"elinewidth": 1, "capsize": 2, "ecolor": "#333333"})
            if value == "mean_score":  # a mean says little without the stances it rests on
                for yi, vi, hi_, b in zip(y, v, s["high"].to_numpy(dtype=float), s["base"].to_numpy(dtype=float)):
                    if b == b:
                        ax.text(1.07 if not vi == vi else min(max(hi_, vi, 0) + 0.03, 1.0), yi, f"n={int(b)}",
                                va="center", fontsize=7, color="#444444")
        arts = t.drop_duplicates("group").set_index("group")["articles"]
        ax.set_yticks(np.arange(len(groups)), [f"{_short(g)}\n(n={int(arts[g])} article{'s' if arts[g] != 1 else ''})"
                                               for g in groups])
        ax.invert_yaxis()
        ax.set_ylabel("outlet")
        if value == "mean_score":
            ax.axvline(0, color="#666666", linewidth=0.8)
        ax.legend(title=legend_title, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8,
                  title_fontsize=8)
    else:
        periods = t.drop_duplicates("group").sort_values("period")
        if ax is None:
            _, ax = plt.subplots(figsize=(9.5, 4.2))
        few = len(periods) < 6
        x = {g: i for i, g in enumerate(periods["group"])}
        for p in periods.itertuples():
            if p.partial:
                ax.axvspan(x[p.group] - 0.5, x[p.group] + 0.5, color="#EEEEEE", zorder=0, linewidth=0)
        width = min(0.6, 0.15 * len(keys))
        for i, k in enumerate(keys):
            s = t[t["key"] == k].sort_values("period")
            xs = s["group"].map(x).to_numpy(dtype=float) + (i - (len(keys) - 1) / 2) * width / max(len(keys), 1)
            v = s[value].to_numpy(dtype=float)
            err = np.nan_to_num(np.vstack([v - s["low"].to_numpy(dtype=float), s["high"].to_numpy(dtype=float) - v]))
            if not few:
                ax.plot(xs, v, color=colour[k], linewidth=1.4, zorder=2)
            part = s["partial"].astype(bool).to_numpy()
            ax.errorbar(xs[~part], v[~part], yerr=err[:, ~part], fmt="o", color=colour[k], capsize=2, zorder=3,
                        label=_short(name(k)), markersize=5)
            if part.any():
                ax.errorbar(xs[part], v[part], yerr=err[:, part], fmt="o", color=colour[k], mfc="white", capsize=2,
                            zorder=3, markersize=5)
        weekly = str(periods["group"].iloc[0]).startswith("w/c")
        step = max(1, int(np.ceil(len(periods) / (8 if weekly else 12))))
        ticks, names, year = [], [], None
        for k, day in list(enumerate(periods["period"]))[::step]:
            ticks.append(k)
            names.append((f"{day:%d %b}" if weekly else f"{day:%b}") + (f"\n{day:%Y}" if day.year != year else ""))
            year = day.year
        ax.set_xticks(ticks, names, fontsize=8)
        ax.set_xlim(-0.6, len(periods) - 0.4)
        ax.set_xlabel("week from Monday (its first day)" if weekly else "month")
        trans = blended_transform_factory(ax.transData, ax.transAxes)
        if len(periods) <= 16:
            for p in periods.itertuples():
                ax.text(x[p.group], 1.01, f"{p.articles}", transform=trans, ha="center", va="bottom", fontsize=8,
                        color="#555555")
            title += "\n(numbers above the chart: articles in the period)"
        handles, labs = ax.get_legend_handles_labels()
        if periods["partial"].any():
            handles.append(Patch(facecolor="#EEEEEE", edgecolor="none"))
            labs.append("partial period\n(hollow points)")
        ax.legend(handles, labs, title=legend_title, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False,
                  fontsize=8, title_fontsize=8)
    if value == "mean_score":
        lim = limits or (-1.05, 1.2)
    else:
        lim = limits or (0, min(1.0, max(0.05, float(np.nanmax(t["high"].to_numpy(dtype=float), initial=0)) * 1.1)))
    (ax.set_xlim if "period" not in table else ax.set_ylim)(*lim)
    if "period" in table:
        ax.set_ylabel(xlabel)
    else:
        ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=11, pad=16 if "period" in table else 6)
    return ax


def _short(name, width: int = 28) -> str:
    s = str(name)
    return s if len(s) <= width else s[: width - 1] + "…"


# --------------------------------------------------------------------------- gender

#: Titles that say a person's gender (lower case, without the full stop).
GENDER_TITLES = {
    **dict.fromkeys("mr sir lord baron duke earl king prince father brother".split(), "m"),
    **dict.fromkeys("mrs ms miss lady dame baroness duchess countess queen princess madam sister".split(), "f"),
}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}


def registry_genders(path: str | Path | None = None) -> dict[str, str]:
    """``{actor_id: "m"|"f"}`` from the registry's ``gender`` column (``data/actors.csv``)."""
    from utils.actors import actor_id, load_registry

    reg = load_registry(path)
    out = {}
    for name, rec in reg.by_name.items():
        g = str((rec or {}).get("gender", "") or "").strip().lower()
        if g in ("m", "f"):
            out[actor_id(name)] = g
    return out


def first_name_gender(name: str, male: frozenset | None = None, female: frozenset | None = None) -> str:
    """``m`` or ``f`` when the first word of ``name`` (after any title) is a first name
    of one sex only in NLTK's names corpus; ``""`` when it is in both lists or neither.

    >>> first_name_gender("Kate Winslet"), first_name_gender("Mr John Prescott"), first_name_gender("Robin Cook")
    ('f', 'm', '')
    """
    if male is None or female is None:
        from utils.actors import first_names

        male, female = first_names()
    words = [w.strip(".,").lower() for w in str(name).split()]
    while words and words[0] in GENDER_TITLES:
        words = words[1:]
    if len(words) < 2:  # a bare surname or one word is no first name
        return ""
    w = words[0]
    m, f = w in male, w in female
    return "m" if m and not f else "f" if f and not m else ""


def title_gender(titles) -> str:
    """The gender the titles an actor was given say (``Mr``, ``Mrs``, ``Sir``, ``Lady`` …):
    ``""`` when none does or they disagree.

    >>> title_gender(["Mr", "", "Mr."]), title_gender(["Mr", "Mrs"]), title_gender([])
    ('m', '', '')
    """
    found = {GENDER_TITLES.get(str(t).strip().strip(".").lower()) for t in titles if isinstance(t, str)}
    found.discard(None)
    return found.pop() if len(found) == 1 else ""


def pronoun_gender(pronouns) -> str:
    """The gender of the pronouns resolved to an actor (he/she ...): the clear majority
    (at least two thirds), else ``""``.

    >>> pronoun_gender(["he", "his", "she"]), pronoun_gender(["He", "she"]), pronoun_gender(["they"])
    ('m', '', '')
    """
    gs = [_PRONOUN_GENDER.get(str(p).strip().lower()) for p in pronouns]
    gs = [g for g in gs if g]
    if not gs:
        return ""
    m = gs.count("m")
    return "m" if m * 3 >= 2 * len(gs) else "f" if (len(gs) - m) * 3 >= 2 * len(gs) else ""


def _names_gender(names, male, female) -> str:
    """The gender the first names of an actor's name forms agree on (``""`` if none or they differ)."""
    found = {first_name_gender(n, male, female) for n in names} - {""}
    return found.pop() if len(found) == 1 else ""


def speaker_genders(actors: pd.DataFrame, mentions: pd.DataFrame | None = None, *,
                    registry: dict[str, str] | None = None) -> pd.DataFrame:
    """The gender of every person actor, as the Gender Gap Tracker infers it: the
    registry's ``gender`` column first, else the titles the articles give them (Mr,
    Mrs, Ms, Sir, Lady ...), else the first name (NLTK's names corpus; a name in both
    lists or neither says nothing), else the pronouns the mentions table resolved to
    them (he/she); ``unknown`` otherwise. The first name is looked for in the actor's
    canonical name and in the names the articles call them by ("Kathy Butler" for an
    actor named "Butler"). Organisations, groups and places are left out.

    Returns columns ``actor_id, name, gender`` (m, f or unknown) and ``evidence``
    (registry, title, first name, pronoun or none).
    """
    cols = ["actor_id", "name", "gender", "evidence"]
    if actors is None or not len(actors):
        return pd.DataFrame(columns=cols)
    people = actors[actors["type"].astype(str) == "person"].drop_duplicates("actor_id")
    reg = dict(registry if registry is not None else registry_genders())
    if "gender" in people:  # the registry's extra column, carried by the actors table
        for aid, g in zip(people["actor_id"], people["gender"].fillna("").astype(str).str.strip().str.lower()):
            if g in ("m", "f"):
                reg.setdefault(aid, g)
    titles: dict = {}
    pronouns: dict = {}
    if mentions is not None and len(mentions):
        m = mentions[mentions["actor_id"].notna()]
        if "title" in m:
            titles = m.groupby("actor_id")["title"].agg(list).to_dict()
        pr = m[m["kind"].astype(str) == "pronoun"]
        pronouns = pr.groupby("actor_id")["text"].agg(list).to_dict()
        nm = m[m["kind"].astype(str) == "name"]  # "Kathy Butler" for an actor named "Butler"
        full = nm.groupby("actor_id")["text"].agg(lambda s: sorted(set(map(str, s)), key=len, reverse=True)).to_dict()
    else:
        full = {}
    from utils.actors import first_names

    male, female = first_names()
    rows = []
    for aid, name in zip(people["actor_id"], people["name"]):
        for evidence, g in (("registry", reg.get(aid, "")),
                            ("title", title_gender(titles.get(aid, []))),
                            ("first name", _names_gender([name, *full.get(aid, [])], male, female)),
                            ("pronoun", pronoun_gender(pronouns.get(aid, [])))):
            if g:
                break
        else:
            evidence, g = "none", "unknown"
        rows.append((aid, name, g, evidence))
    return pd.DataFrame(rows, columns=cols)


def data_quality_line(claims: pd.DataFrame, actors: pd.DataFrame) -> str:
    """One line to print under a party or speaker chart: how many claims have no
    resolved speaker and how many a speaker with no known party, with what to do.

    >>> c = pd.DataFrame({"claim_id": ["a", "b", "c", "d"], "speaker": ["A", "B", None, "A"],
    ...                   "speaker_id": ["a", "b", None, "a"]})
    >>> data_quality_line(c, pd.DataFrame({"actor_id": ["a", "b"], "party": ["Labour", None]}))
    'Data quality: 1 of 4 claims (25%) have no resolved speaker and 1 (25%) a speaker with no known party. Add the speakers who matter to `data/actors.csv` (notebook 02 lists suggestions in `tab02-registry-suggestions.csv`) and run again.'
    """
    per = share_of_voice(claims, actors, by="party")
    n = int(per["claims"].sum())
    if not n:
        return "Data quality: no claims."
    count = dict(zip(per["party"], per["claims"]))
    un, unk = int(count.get("unattributed", 0)), int(count.get("unknown", 0))
    return (f"Data quality: {un:,} of {n:,} claims ({un / n:.0%}) have no resolved speaker and {unk:,} "
            f"({unk / n:.0%}) a speaker with no known party. Add the speakers who matter to `data/actors.csv` "
            "(notebook 02 lists suggestions in `tab02-registry-suggestions.csv`) and run again.")
