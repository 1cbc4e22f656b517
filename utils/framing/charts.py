"""Tables and charts of the ``frames`` table: prevalence, frames by speaker or
outlet or over time, shares per outlet, and the chart helpers (matplotlib Axes).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd

from utils import schema
from utils.framing.codebook import (_EMPTY, SCHEMES, Codebook,
                                    load_codebook)
from utils.framing.scoring import score_frames


SCHEME_ORDER = list(SCHEMES)


def codebook_table(codebook: Codebook | None = None) -> pd.DataFrame:
    """The codebook as a table: scheme, frame, description, n_terms, example terms."""
    cb = codebook or load_codebook()
    return pd.DataFrame([(f.scheme, f.name, f.description, len(f.terms) + len(f.patterns) + len(f.exact),
                          ", ".join(f.terms[:8])) for f in cb.frames],
                        columns=["scheme", "frame", "description", "n_terms", "examples"])


def tidy_frames(frames: pd.DataFrame) -> pd.DataFrame:
    """A frames table with proper dtypes (as read back from CSV): bool ``present``,
    float ``score``, ``evidence`` never missing."""
    if frames is None or not len(frames):
        return _EMPTY.copy()
    df = frames.copy()
    if df["present"].dtype != bool:
        df["present"] = df["present"].map(lambda v: str(v).strip().lower() in ("true", "1", "yes"))
    df["score"] = pd.to_numeric(df["score"], errors="coerce").fillna(0.0).astype(float)
    df["evidence"] = df["evidence"].fillna("").astype(str)
    return df[schema.FRAMES]


def score_corpus(documents: pd.DataFrame, claims: pd.DataFrame | None = None, *,
                 codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """:func:`score_frames` over every document (``doc_id``, ``text``), with each
    document's claims (e.g. to re-score a corpus with another codebook)."""
    from utils.text import segment

    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    parts = []
    for doc_id, text in zip(documents["doc_id"], documents["text"].fillna("").astype(str)):
        cl = claims[claims["doc_id"] == doc_id] if claims is not None and len(claims) else None
        parts.append(score_frames(doc_id, text, segment(text), cl, codebook=cb))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else _EMPTY.copy()


def prevalence(frames: pd.DataFrame, *, unit: str = "document", scheme: str | None = None) -> pd.DataFrame:
    """Share of units in which each frame is present, and mean score.

    Returns columns scheme, frame, n_units, n_present, share, mean_score (sorted
    by share, descending).
    """
    df = frames[frames["unit"] == unit]
    if scheme:
        df = df[df["scheme"] == scheme]
    n = df["unit_id"].nunique()
    if not n:
        return pd.DataFrame(columns=["scheme", "frame", "n_units", "n_present", "share", "mean_score"])
    g = df.groupby(["scheme", "frame"], sort=False).agg(n_present=("present", "sum"), total=("score", "sum"))
    g = g.reset_index()
    g["n_units"] = n
    g["share"] = g["n_present"] / n
    g["mean_score"] = g["total"] / n
    return g[["scheme", "frame", "n_units", "n_present", "share", "mean_score"]].sort_values(
        ["scheme", "share"], ascending=[True, False], ignore_index=True)


def frames_by(frames: pd.DataFrame, claims: pd.DataFrame, by: str = "speaker", *,
              stances: pd.DataFrame | None = None, scheme: str = "policy", top: int | None = 10,
              min_claims: int = 1) -> pd.DataFrame:
    """Claim-level frames joined to claims (and optionally stances) and counted.

    Args:
        frames: the frames table.
        claims: the claims table (``claim_id`` and the ``by`` column).
        by: a claims column (``speaker``) or, with ``stances``, ``polarity`` or
            ``target``; or ``speaker_polarity`` for "speaker · polarity".
        stances: the stances table (``claim_id``, ``polarity``, ``target``).
        scheme: frames scheme to keep.
        top: keep the ``top`` groups with most claims (None: all).
        min_claims: drop groups with fewer claims.

    Returns:
        Columns group, frame, n_claims (claims of the group), n_present,
        share (n_present / n_claims).
    """
    cols = ["group", "frame", "n_claims", "n_present", "share"]
    if claims is None or not len(claims) or frames is None or not len(frames):
        return pd.DataFrame(columns=cols)
    base = claims[["claim_id", "speaker"]].copy()
    if by in ("polarity", "target", "speaker_polarity") and (stances is None or not len(stances)):
        return pd.DataFrame(columns=cols)  # no stance rows: no claim has a polarity or target to group by
    if by in ("polarity", "target", "speaker_polarity"):
        st = stances[["claim_id", "polarity", "target"]].drop_duplicates()
        base = base.merge(st, on="claim_id", how="inner")
        if by == "speaker_polarity":
            base["speaker_polarity"] = base["speaker"].astype(str) + " · " + base["polarity"].astype(str)
    elif by not in base.columns:
        if by in claims.columns:
            base[by] = claims[by].values
        else:
            raise KeyError(f"cannot group claims by '{by}'")
    base = base.rename(columns={by: "group"})[["claim_id", "group"]].dropna().drop_duplicates()
    sizes = base.groupby("group")["claim_id"].nunique().rename("n_claims")
    sizes = sizes[sizes >= min_claims].sort_values(ascending=False)
    if top:
        sizes = sizes.head(top)
    fr = frames[(frames["unit"] == "claim") & (frames["scheme"] == scheme) & frames["present"].astype(bool)]
    j = base[base["group"].isin(sizes.index)].merge(fr[["unit_id", "frame"]], left_on="claim_id",
                                                     right_on="unit_id", how="inner")
    cnt = j.groupby(["group", "frame"])["claim_id"].nunique().rename("n_present").reset_index()
    cnt = cnt.merge(sizes.reset_index(), on="group")
    cnt["share"] = cnt["n_present"] / cnt["n_claims"]
    return cnt[cols].sort_values(["n_claims", "group", "share"], ascending=[False, True, False], ignore_index=True)


def frames_over(frames: pd.DataFrame, documents: pd.DataFrame, by: str = "source", *, scheme: str = "policy",
                freq: str = "M") -> pd.DataFrame:
    """Share of documents with each frame present per outlet (``by="source"``) or
    per period (``by="date"``, grouped by ``freq``).

    Returns columns group, frame, n_documents, n_present, share; empty when the
    documents lack the column (e.g. no dates known).
    """
    cols = ["group", "frame", "n_documents", "n_present", "share"]
    if documents is None or by not in documents.columns:
        return pd.DataFrame(columns=cols)
    d = documents[["doc_id", by]].copy()
    if by == "date":
        d["group"] = pd.to_datetime(d[by], errors="coerce").dt.to_period(freq).astype(str)
        d.loc[d["group"] == "NaT", "group"] = None
    else:
        d["group"] = d[by].astype("string").str.strip().replace("", pd.NA)
    d = d.dropna(subset=["group"])
    if not len(d):
        return pd.DataFrame(columns=cols)
    fr = frames[(frames["unit"] == "document") & (frames["scheme"] == scheme)]
    j = d.merge(fr[["doc_id", "frame", "present"]], on="doc_id", how="inner")
    if not len(j):
        return pd.DataFrame(columns=cols)
    sizes = d.groupby("group")["doc_id"].nunique().rename("n_documents")
    cnt = j.groupby(["group", "frame"])["present"].sum().rename("n_present").reset_index()
    cnt = cnt.merge(sizes.reset_index(), on="group")
    cnt["share"] = cnt["n_present"] / cnt["n_documents"]
    return cnt[cols].sort_values(["group", "frame"], ignore_index=True)


def frame_label(frame: str) -> str:
    """A frame's name as a chart label.

    >>> frame_label("capacity_and_resources")
    'capacity & resources'
    """
    return frame.replace("_and_", " & ").replace("_", " ")


def plot_prevalence(prev: pd.DataFrame, *, ax=None, title: str = "Frame prevalence across the corpus"):
    """Horizontal bars: share of documents with each frame present (one colour per scheme).

    Args:
        prev: output of :func:`prevalence`.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(prev) + 1)))
    d = prev.assign(label=[f"{frame_label(f)} ({s})" for s, f in zip(prev["scheme"], prev["frame"])])
    sns.barplot(data=d, y="label", x="share", hue="scheme", hue_order=[s for s in SCHEME_ORDER if s in set(d["scheme"])],
                dodge=False, ax=ax)
    ax.set(title=title, xlabel="share of documents where the frame is present", ylabel="frame", xlim=(0, 1))
    return ax


def plot_frames_by(table: pd.DataFrame, *, ax=None, title: str = "Frames by speaker", value: str = "share",
                   group_label: str = "speaker"):
    """Heatmap of groups (rows) by frames (columns).

    Args:
        table: output of :func:`frames_by` or :func:`frames_over`.
        value: column to show (``share`` or ``n_present``).
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if len(table):
        wide = table.pivot_table(index="group", columns="frame", values=value, fill_value=0, sort=False)
        wide.columns = [frame_label(c) for c in wide.columns]
    else:
        wide = pd.DataFrame([[0.0]], index=["(none)"], columns=["(no frames)"])
    if ax is None:
        # room for the rows and for the frame names, which are turned 45 degrees below them
        longest = max((len(str(c)) for c in wide.columns), default=8)
        rows_h = 0.45 * wide.shape[0] + 1.0
        _, ax = plt.subplots(figsize=(max(6, 0.7 * wide.shape[1] + 3), max(3.0, rows_h + 0.06 * longest + 0.5)))
    sns.heatmap(wide, annot=True, fmt=".2f" if value == "share" else ".0f", cmap="Blues", cbar=False,
                vmin=0, vmax=1 if value == "share" else None, ax=ax)
    ax.set(title=title, xlabel="frame", ylabel=group_label)
    ax.tick_params(axis="x", rotation=45)
    ax.tick_params(axis="y", rotation=0)  # horizontal row labels never run into the axis label
    for lab in ax.get_xticklabels():
        lab.set_horizontalalignment("right")
    return ax


def common_frames(prev: pd.DataFrame, *, above: float = 0.9) -> list[str]:
    """Frames present in more than ``above`` of the units (from :func:`prevalence`):
    they are in nearly every article (e.g. ``political`` in a politics corpus), so
    they cannot tell articles, outlets or periods apart.

    >>> common_frames(pd.DataFrame({"frame": ["political", "economic"], "share": [0.96, 0.4]}))
    ['political']
    """
    if prev is None or not len(prev):
        return []
    return [str(f) for f in prev.loc[prev["share"] > above, "frame"]]


def common_note(dropped: Sequence[str], scheme: str, *, above: float = 0.9) -> str:
    """One sentence naming the frames left out of a chart for being nearly everywhere."""
    if not dropped:
        return ""
    names = ", ".join(f"*{frame_label(f)}*" for f in dropped)
    them = "it tells" if len(dropped) == 1 else "they tell"
    return (f"Left out of the {scheme} frame charts: {names}, present in more than {above:.0%} of the articles, "
            f"so {them} no article, outlet or period apart from another.")


def frame_shares_by(frames: pd.DataFrame, documents: pd.DataFrame, *, by: str = "source", scheme: str = "policy",
                    frames_shown: Sequence[str] | None = None, freq: str = "auto", n_boot: int | None = None,
                    seed: int | None = None) -> pd.DataFrame:
    """Share of articles with each frame present, per outlet (``by="source"``) or per
    period (``by="date"``: weeks or months, partial periods flagged, see
    ``summary.period_bins``), with a 95% interval from resampling the group's
    articles (``summary.N_BOOT`` resamples, seeded).

    Returns columns ``group`` (+ ``period, period_end, partial`` by date), ``key``
    (the frame), ``share``, ``low``, ``high``, ``n`` (articles with the frame),
    ``base`` and ``articles`` (articles of the group). Empty without outlets / dates.
    """
    from utils.report import summary

    cols = ["group", "key", "share", "low", "high", "n", "base", "articles"]
    groups = summary.groups_of(documents, by, freq=freq)
    if frames is None or not len(frames) or not len(groups):
        return pd.DataFrame(columns=cols)
    fr = tidy_frames(frames)
    fr = fr[(fr["unit"] == "document") & (fr["scheme"] == scheme)]
    keys = [str(k) for k in (frames_shown if frames_shown is not None else dict.fromkeys(fr["frame"]))]
    if not keys:  # every frame was near-universal or absent: nothing to compare
        return pd.DataFrame(columns=cols)
    fr = fr[fr["frame"].isin(keys)]
    per = pd.DataFrame({"doc_id": fr["doc_id"].astype(str), "key": fr["frame"].astype(str),
                        "num": fr["present"].astype(float)})
    # every article of a group is in the base, also one with no frame row
    base = groups[["doc_id"]].drop_duplicates().astype({"doc_id": str}).merge(
        pd.DataFrame({"key": pd.Series(keys, dtype=str)}), how="cross")
    per = base.merge(per.drop_duplicates(["doc_id", "key"]), on=["doc_id", "key"], how="left").fillna({"num": 0.0})
    per["den"] = 1.0
    return summary.grouped_with_ci(per, groups, value="share", keys=keys, n_boot=n_boot or summary.N_BOOT,
                            seed=summary.SEED if seed is None else seed)


def frames_to_show(frames: pd.DataFrame, *, scheme: str, above: float = 0.9, k: int = 6) -> tuple[list[str], list[str]]:
    """(frames to chart by outlet and period, frames left out as nearly everywhere):
    the ``k`` most prevalent frames of ``scheme`` present in at most ``above`` of the
    articles and in at least one."""
    prev = prevalence(tidy_frames(frames), unit="document", scheme=scheme)
    dropped = common_frames(prev, above=above)
    rest = prev[~prev["frame"].isin(dropped) & (prev["n_present"] > 0)]
    return list(rest["frame"].head(k)), dropped
