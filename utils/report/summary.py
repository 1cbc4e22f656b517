"""Corpus-level summaries for the report: share of voice, notable claims,
measured accuracy, the run manifest and the workbook;
comparisons by outlet and over time (``utils.report.groups``) and speakers' gender
(``utils.report.gender``) are re-exported here, as the notebooks call them ``summary.*``.

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
from importlib import metadata
from pathlib import Path

import pandas as pd

from utils import paths
from utils.report.gender import (  # re-exported (__all__): the notebooks call them summary.*
    GENDER_WORDS,
    gender_titles,
    first_name_gender,
    pronoun_gender,
    registry_genders,
    speaker_genders,
    title_gender,
)
from utils.report.groups import (  # re-exported (__all__): the notebooks call them summary.*
    GENDER_COLOURS,
    GENDER_LABELS,
    N_BOOT,
    SEED,
    bootstrap_ratio,
    claim_groups,
    grouped_with_ci,
    groups_of,
    missing_note,
    one_row_per_claim,
    period_bins,
    period_freq,
    plot_by,
    stance_toward_by,
    top_groups,
    voice_by,
)

__all__ = [
    "GENDER_WORDS",
    "gender_titles",
    "first_name_gender",
    "pronoun_gender",
    "registry_genders",
    "speaker_genders",
    "title_gender",
    "GENDER_COLOURS",
    "GENDER_LABELS",
    "N_BOOT",
    "SEED",
    "bootstrap_ratio",
    "claim_groups",
    "grouped_with_ci",
    "groups_of",
    "missing_note",
    "one_row_per_claim",
    "period_bins",
    "period_freq",
    "plot_by",
    "stance_toward_by",
    "top_groups",
    "voice_by",
    "BENCHMARKS",
    "PACKAGES",
    "share_of_voice",
    "notable_claims",
    "quotes_html",
    "load_results",
    "methods_table",
    "load_tables_manifest",
    "run_manifest",
    "report_command",
    "write_workbook",
    "data_quality_line",
]


#: The external benchmarks behind the methods appendix, with their citations.
BENCHMARKS = {
    "conll2003": ("CoNLL-2003 English NER, validation split",
                  "Tjong Kim Sang & De Meulder (2003), Introduction to the CoNLL-2003 Shared Task, CoNLL."),
    "polnear": ("PolNeAR political news attributions, dev split",
                "Newell, Margolin & Ruths (2018), An Attribution Relations Corpus for Political News, LREC."),
    "newsmtsc": ("NewsMTSC target-dependent sentiment, devtest_mt",
                 "Hamborg & Donnay (2021), NewsMTSC: A Dataset for (Multi-)Target-dependent Sentiment "
                 "Classification in Political News Articles, EACL."),
    "newsmtsc_claims": ("NewsMTSC devtest_mt sentences holding a claim (target inside a quote or reported speech)",
                        "Hamborg & Donnay (2021), NewsMTSC, EACL; each sentence annotated alone by the pipeline."),
    "semeval2023_frames": ("SemEval-2023 Task 3 subtask 2 (frames), English train, 5-fold CV",
                           "Piskorski, Stefanovitch, Da San Martino & Nakov (2023), SemEval-2023 Task 3, SemEval."),
    "gum": ("GUM dev (30 documents, 15 genres): third-person pronouns resolved to their gold entity, and name "
            "typing against GUM's proper-name entities",
            "Zeldes (2017), The GUM Corpus: Creating Multilayer Resources in the Classroom, Language Resources "
            "and Evaluation 51(3)."),
    "bbc_handchecked": ("BBC News articles read by hand by the project (business, entertainment, sport, tech, "
                        "politics; evaluation/handchecked)",
                        "Greene & Cunningham (2006), Practical Solutions to the Problem of Diagonal Dominance in "
                        "Kernel Document Clustering, ICML (the BBC articles); annotations: this project."),
    "bbc_judged_claims": ("Top-level claims found in 119 other BBC News articles, judged claim or not and given their "
                          "real speaker by hand (evaluation/claims_judged)",
                          "Greene & Cunningham (2006), ICML (the BBC articles); judgements: this project."),
    "bbc_judged_stances": ("Favour/against stance rows of 111 other BBC News articles judged right or wrong by "
                           "hand (evaluation/stance_judged)",
                           "Greene & Cunningham (2006), ICML (the BBC articles); judgements: this project."),
}
PACKAGES = ["pandas", "numpy", "nltk", "seaborn", "matplotlib", "scikit-learn", "python-crfsuite", "networkx",
            "papermill", "nbconvert", "jupyterlab", "pyarrow", "onnxruntime", "tokenizers"]


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
            # unrounded: 0.8997 misses 0.90
            status = "" if target is None else ("met" if float(m["value"]) >= float(target) else "missed")
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


def _issues_version() -> str:
    """The issues codebook's ``version`` ("" when the file is absent or does not load)."""
    from utils.stance.lexicon import StanceDataError, load_issues

    try:
        return load_issues().version
    except (OSError, StanceDataError):
        return ""


def run_manifest(documents: pd.DataFrame, *, parameters: dict | None = None, tables_manifest: dict | None = None) -> pd.DataFrame:
    """What a reader needs to reproduce the report: versions, parameters,
    codebook and registry versions, corpus size and hash."""
    from utils import __version__
    from utils.corpus import corpus_fingerprint
    from utils.settings import settings_fingerprint

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
        ("issues data/issues.yaml", f"version {_issues_version() or '?'} (sha256 {_file_version(paths.DATA / 'issues.yaml')})"),
        ("stance lexicon data/stance_lexicon.csv", f"sha256 {_file_version(paths.DATA / 'stance_lexicon.csv')}"),
        ("settings fingerprint", settings_fingerprint()),
        ("corpus documents", f"{len(documents):,}"),
        ("corpus words", f"{int(documents['n_words'].sum()):,}" if len(documents) else "0"),
        ("corpus fingerprint", corpus_fingerprint(documents)),
    ]
    if tables_manifest:
        rows.append(("corpus input", str(tables_manifest.get("input", ""))))
    from utils.settings import DEFAULT_OPTIONS

    options = {**DEFAULT_OPTIONS, **((tables_manifest or {}).get("options") or {})}
    for k in sorted(DEFAULT_OPTIONS):
        rows.append((f"annotation option {k}", str(options.get(k))))
    rows.append(("command", report_command(parameters or {})))
    return pd.DataFrame(rows, columns=["item", "value"])


def report_command(parameters: dict) -> str:
    """The command that makes this report again, from the notebook's parameters.

    >>> print(report_command({"corpus": "../shared/datasets/bbc_politics", "title_from_first_line": True,
    ...                       "source": "Express & Star", "date_from": "2015-06-01"}))  # doctest: +NORMALIZE_WHITESPACE
    python -m utils report --corpus ../shared/datasets/bbc_politics --title-from-first-line
    --source 'Express & Star' --date-from 2015-06-01
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
    joined), stances, actors, places and the frames present per document. Cells are written as
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
        "places": tables.get("places", pd.DataFrame(columns=["actor_id", "name"])),
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


def data_quality_line(claims: pd.DataFrame, actors: pd.DataFrame) -> str:
    """One line to print under a party or speaker chart: how many claims have no
    resolved speaker and how many a speaker with no known party, with what to do.

    >>> c = pd.DataFrame({"claim_id": ["a", "b", "c", "d"], "speaker": ["A", "B", None, "A"],
    ...                   "speaker_id": ["a", "b", None, "a"]})
    >>> print(data_quality_line(c, pd.DataFrame({"actor_id": ["a", "b"], "party": ["Labour", None]})))
    ... # doctest: +NORMALIZE_WHITESPACE
    Data quality: 1 of 4 claims (25%) have no resolved speaker and 1 (25%) a speaker with no known party.
    Add the speakers who matter to `data/actors.csv` (notebook 02 lists suggestions in
    `tab02-registry-suggestions.csv`) and run again.
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
