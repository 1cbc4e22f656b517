"""Aggregation and charts of the ``stances`` table: :func:`stance_matrix`,
:func:`target_support`, :func:`stance_by`, :func:`with_claim_text` and the chart
helpers, which return matplotlib Axes.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from utils.report.palette import POLARITY_COLOURS  # the one polarity palette
from utils.stance.lexicon import POLARITIES


#: A matrix cell, outlet or period with fewer stances than this is drawn muted
#: (pale and hatched): its mean says little.
MIN_N = 3


def stance_matrix(stances: pd.DataFrame) -> pd.DataFrame:
    """Source x target summary: counts of favour/against/neutral, n, mean score.

    Returns:
        Columns ``source, source_id, target, target_id, target_type, n, favour,
        against, neutral, mean_score, net`` (net = (favour - against) / n),
        sorted by n descending.
    """
    cols = ["source", "source_id", "target", "target_id", "target_type", "n", "favour", "against", "neutral", "mean_score", "net"]
    if stances is None or len(stances) == 0:
        return pd.DataFrame(columns=cols)
    keys = ["source", "source_id", "target", "target_id", "target_type"]
    stances = stances.assign(score=pd.to_numeric(stances["score"], errors="coerce").astype(float))
    stances = stances.assign(**{k: stances[k].fillna("").astype(str) for k in keys})
    counts = pd.crosstab([stances[k] for k in keys], stances["polarity"])
    for p in POLARITIES:
        if p not in counts.columns:
            counts[p] = 0
    g = stances.groupby(keys)["score"].agg(["size", "mean"])
    out = counts[list(POLARITIES)].join(g).reset_index().rename(columns={"size": "n", "mean": "mean_score"})
    out["mean_score"] = out["mean_score"].round(4)
    out["net"] = ((out["favour"] - out["against"]) / out["n"]).round(4)
    return out[cols].sort_values(["n", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def with_claim_text(stances: pd.DataFrame, claims: pd.DataFrame | None) -> pd.DataFrame:
    """``stances`` with a ``claim`` column beside ``claim_id``: the claim's whole
    text (its parts joined, as ``utils.claims.attributions``), blank for a reported
    act without a claim or a claim not in ``claims``.

    >>> s = pd.DataFrame({"stance_id": ["s1", "s2"], "claim_id": ["d:c1-5", ""]})
    >>> c = pd.DataFrame({"doc_id": ["d", "d"], "claim_id": ["d:c1-5", "d:c1-5"], "part": [1, 2],
    ...                   "content": ["We won", "again"]})
    >>> with_claim_text(s, c)["claim"].tolist()
    ['We won […] again', '']
    """
    from utils.claims import attributions

    out = stances.drop(columns=["claim"], errors="ignore")
    text = {}
    if claims is not None and len(claims):
        a = attributions(claims)
        text = dict(zip(a["claim_id"].astype(str), a["content"].fillna("").astype(str)))
    col = out["claim_id"].map(lambda c: text.get(str(c), "") if isinstance(c, str) and c else "")
    out.insert(list(out.columns).index("claim_id") + 1, "claim", col.astype(object))
    return out


def _plain(ax) -> None:
    """Tick labels drawn as written: a name with ``$`` is not read as mathtext."""
    for lbl in ax.get_xticklabels() + ax.get_yticklabels():
        lbl.set_parse_math(False)


def _short(name, width: int = 32) -> str:
    name = " ".join(str(name).split())
    return name if len(name) <= width else name[: width - 1] + "…"


def heatmap_grid(matrix: pd.DataFrame, *, max_sources: int = 15, max_targets: int = 15) -> dict[str, pd.DataFrame]:
    """The grid :func:`plot_stance_heatmap` draws, always sources as rows and
    targets as columns (the ``max_sources`` sources and ``max_targets`` targets
    with most stances, most first, ties by name): frames ``n``, ``favour``,
    ``against``, ``neutral`` (counts, 0 for an empty cell) and ``mean`` (the mean
    score over the cell's stances, NaN for an empty cell).

    >>> m = stance_matrix(pd.DataFrame({"source": ["A"], "source_id": ["a"], "target": ["B"], "target_id": ["b"],
    ...     "target_type": ["actor"], "polarity": ["favour"], "score": [0.5]}))
    >>> g = heatmap_grid(m); list(g["n"].index), list(g["n"].columns), int(g["n"].iloc[0, 0])
    (['A'], ['B'], 1)
    """
    m = matrix.assign(source=matrix["source"].fillna("").astype(str), target=matrix["target"].fillna("").astype(str))
    m = m.assign(_sum=m["mean_score"].astype(float) * m["n"].astype(float))
    g = m.groupby(["source", "target"])[["n", "favour", "against", "neutral", "_sum"]].sum()

    def top(level: str, k: int) -> list:
        tot = g.groupby(level)["n"].sum().reset_index()
        tot = tot.sort_values(["n", level], ascending=[False, True], kind="stable")
        return tot[level].head(k).tolist()

    rows, cols = top("source", max_sources), top("target", max_targets)
    out = {}
    for c in ("n", "favour", "against", "neutral", "_sum"):
        out[c] = g[c].unstack("target").reindex(index=rows, columns=cols).fillna(0)
        out[c].index.name, out[c].columns.name = "source", "target"
    s = out.pop("_sum")
    out["mean"] = (s / out["n"].where(out["n"] > 0)).astype(float)
    for c in ("n", "favour", "against", "neutral"):
        out[c] = out[c].astype(int)
    return out


def plot_stance_heatmap(matrix: pd.DataFrame, *, ax=None, max_sources: int = 15, max_targets: int = 15,
                        min_n: int = MIN_N, title: str = "Who is for and against whom"):
    """Heatmap of the mean stance score of each source (rows, always) toward each
    target (columns, always), with n (the number of stances) in every cell; on a
    small grid (at most 6 x 6) the counts ``+favour −against =neutral`` below n.
    A cell with fewer than ``min_n`` stances is muted (pale and hatched); an empty
    cell is blank. The caption above the grid says all this. Takes
    :func:`stance_matrix` output."""
    import matplotlib.pyplot as plt
    import seaborn as sns
    from matplotlib.colors import Normalize
    from matplotlib.cm import ScalarMappable
    from matplotlib.patches import Rectangle

    if matrix is None or len(matrix) == 0:
        from utils.report.plots import no_data

        return no_data(title, "no stances in this corpus", xlabel="target", ylabel="source (speaker or actor)", ax=ax)
    g = heatmap_grid(matrix, max_sources=max_sources, max_targets=max_targets)
    n, mean = g["n"], g["mean"]
    n_rows, n_cols = n.shape
    full = n_rows <= 6 and n_cols <= 6
    lines = ["Colour: mean stance score, −1 against to +1 favour. Number: n, the stances in the cell"
             + (";" if full else "."),
             ("below it + favour, − against, = neutral. " if full else "")
             + f"Pale and hatched: n < {min_n}, too few to read. Blank: no stance."]
    if len(g["n"].index) < matrix["source"].nunique() or len(g["n"].columns) < matrix["target"].nunique():
        lines.append(f"The {n_rows} sources and {n_cols} targets with most stances; the table has all.")
    caption = "\n".join(lines)
    if ax is None:
        per_col = 1.15 if full else 0.55
        label_room = min(2.2, 0.07 * max(len(_short(c)) for c in n.columns)) if n_cols > 4 else 0.4
        width = max(8.5, min(13.0, 3.2 + per_col * n_cols))
        height = min(16.0, 1.9 + 0.5 * len(lines) + (0.62 if full else 0.4) * n_rows + label_room)
        _, ax = plt.subplots(figsize=(width, height))
    cmap = sns.blend_palette([POLARITY_COLOURS["against"], "#F7F7F7", POLARITY_COLOURS["favour"]], as_cmap=True)
    norm = Normalize(vmin=-1, vmax=1)
    rgba = cmap(norm(mean.fillna(0).to_numpy()))
    muted = (n.to_numpy() > 0) & (n.to_numpy() < min_n)
    rgba[muted, :3] = 0.3 * rgba[muted, :3] + 0.7
    rgba[n.to_numpy() == 0] = (1, 1, 1, 1)
    ax.imshow(rgba, aspect="auto", interpolation="nearest")
    for i in range(n_rows):
        for j in range(n_cols):
            k = int(n.iat[i, j])
            if not k:
                continue
            if muted[i, j]:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#C8C8C8",
                                       linewidth=0, gid="muted"))
            label = f"{k}"
            if full:
                label += f"\n+{g['favour'].iat[i, j]} −{g['against'].iat[i, j]} ={g['neutral'].iat[i, j]}"
            dark = not muted[i, j] and abs(mean.iat[i, j]) > 0.55
            ax.text(j, i, label, ha="center", va="center", fontsize=9 if full or n_cols <= 10 else 8,
                    color="white" if dark else ("#555555" if muted[i, j] else "#111111"),
                    fontweight="normal" if muted[i, j] else "bold", linespacing=1.1,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
                    if muted[i, j] else None)
    ax.set_xticks(range(n_cols), [_short(c) for c in n.columns])
    ax.set_yticks(range(n_rows), [_short(r) for r in n.index])
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(axis="both", which="major", length=0)
    _plain(ax)
    if n_cols > 4 or max((len(_short(c)) for c in n.columns), default=0) > 14:
        ax.tick_params(axis="x", rotation=35)
        for lbl in ax.get_xticklabels():
            lbl.set_horizontalalignment("right")
            lbl.set_rotation_mode("anchor")
    for side in ax.spines.values():
        side.set_visible(False)
    cbar = ax.figure.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.8, pad=0.02,
                              fraction=0.05 if n_cols > 3 else 0.08)
    cbar.set_label("mean stance score\n(−1 against … +1 favour)")
    cbar.set_ticks([-1, -0.5, 0, 0.5, 1])
    ax.set_title(title, pad=8 + 12.5 * len(lines))
    ax.annotate(caption, xy=(0.5, 1), xycoords="axes fraction", xytext=(0, 5), textcoords="offset points",
                ha="center", va="bottom", fontsize=9, color="#333333", gid="caption")
    ax.set_xlabel("target (actor or issue)")
    ax.set_ylabel("source (speaker or actor)")
    return ax


def target_support(stances: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """Per target: favour, against and neutral counts (targets with at least
    one favour or against stance, the ``top`` most contested)."""
    cols = ["target", "target_type", "favour", "against", "neutral", "n"]
    if stances is None or len(stances) == 0:
        return pd.DataFrame(columns=cols)
    c = pd.crosstab([stances["target"], stances["target_type"]], stances["polarity"])
    for p in POLARITIES:
        if p not in c.columns:
            c[p] = 0
    c = c[list(POLARITIES)].reset_index()
    c["n"] = c["favour"] + c["against"] + c["neutral"]
    c = c[(c["favour"] + c["against"]) > 0]
    c = c.assign(k=c["favour"] + c["against"]).nlargest(top, "k").drop(columns="k")
    return c[cols].reset_index(drop=True)


def plot_target_bars(stances: pd.DataFrame, *, ax=None, top: int = 15, title: str = "Support and opposition per target"):
    """Diverging horizontal bars: favour to the right, against to the left, and at
    the end of each bar n (every stance toward the target, neutral included)."""
    import matplotlib.pyplot as plt

    t = target_support(stances, top=top)
    if ax is None:
        _, ax = plt.subplots(figsize=(8.5, max(3, 0.4 * len(t) + 1.4)))
    if len(t):
        t = t.assign(k=t["favour"] + t["against"]).sort_values(["k", "favour", "target"], ascending=[True, True, False])
        y = np.arange(len(t))
        ax.barh(y, t["favour"], color=POLARITY_COLOURS["favour"], label="favour")
        ax.barh(y, -t["against"], color=POLARITY_COLOURS["against"], label="against")
        ax.set_yticks(y, [_short(x) for x in t["target"]])
        ax.axvline(0, color="black", linewidth=0.8)
        reach = float(max(t["favour"].max(), t["against"].max(), 1))
        ax.set_xlim(-reach * 1.15, reach * 1.45)
        for yi, (f, n) in enumerate(zip(t["favour"], t["n"])):
            ax.text(f + reach * 0.03, yi, f"n={n}", va="center", fontsize=8, color="#444444")
        ax.legend(loc="lower right", frameon=True)
        ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(v):g}")
        _plain(ax)
    ax.set_title(title + "\n(n: every stance toward the target, neutral included)", fontsize=11)
    ax.set_xlabel("stances (against ← 0 → favour)")
    ax.set_ylabel("target")
    return ax


def _by_columns(by: str) -> list[str]:
    common = ["polarity", "n", "articles", "stances", "per_article", "share", "mean_score"]
    return [by, "period_end", "partial"] + common if by == "date" else [by] + common


def stance_by(stances: pd.DataFrame, documents: pd.DataFrame, *, by: str = "source", freq: str = "auto") -> pd.DataFrame:
    """Stances per article of each outlet (``by="source"``) or of each period
    (``by="date"``: weeks Monday to Sunday, or months; ``freq="auto"`` picks weeks
    for a corpus spanning at most 16 weeks), one row per group and polarity.

    Columns: the group (``source``; or ``date``, the period's first day, with
    ``period_end`` its last and ``partial`` True when the corpus starts or ends
    inside it), ``polarity``, ``n`` (stances of that polarity), ``articles`` (the
    group's documents, with or without stances), ``stances`` (all the group's
    stances), ``per_article`` (n / articles), ``share`` (n / stances) and
    ``mean_score``. Every period from the first to the last is listed (one without
    articles has ``per_article`` NaN). Empty when the column is absent or empty.
    """
    cols = _by_columns(by)
    if stances is None or len(stances) == 0 or documents is None or by not in documents.columns:
        return pd.DataFrame(columns=cols)
    docs = documents[["doc_id", by]].rename(columns={by: "_by"})
    if by == "date":
        dates = pd.to_datetime(docs["_by"], errors="coerce")
        if hasattr(dates.dt, "tz") and dates.dt.tz is not None:
            dates = dates.dt.tz_localize(None)
        docs = docs.assign(_day=dates.dt.normalize()).dropna(subset=["_day"])
        if not len(docs):
            return pd.DataFrame(columns=cols)
        first, last = docs["_day"].min(), docs["_day"].max()
        from utils.report.summary import period_freq  # one rule for every chart over time

        f = period_freq(freq, (last - first).days, len(docs))
        docs = docs.assign(_by=docs["_day"].dt.to_period(f))
        groups = list(pd.period_range(docs["_by"].min(), docs["_by"].max(), freq=docs["_by"].min().freq))
    else:
        docs = docs.assign(_by=docs["_by"].astype("string").str.strip()).dropna(subset=["_by"])
        docs = docs[docs["_by"].str.len() > 0]
        if not len(docs):
            return pd.DataFrame(columns=cols)
        groups = sorted(docs["_by"].unique())
    d = stances[["doc_id", "polarity", "score"]].merge(docs[["doc_id", "_by"]], on="doc_id", how="inner")
    d = d.assign(score=pd.to_numeric(d["score"], errors="coerce").astype(float))
    articles = docs.groupby("_by")["doc_id"].nunique()
    stats = d.groupby(["_by", "polarity"])["score"].agg(["size", "mean"])
    full = pd.MultiIndex.from_product([groups, list(POLARITIES)], names=["_by", "polarity"])
    out = stats.reindex(full).reset_index().rename(columns={"size": "n", "mean": "mean_score"})
    out["n"] = out["n"].fillna(0).astype(int)
    out["articles"] = out["_by"].map(articles).fillna(0).astype(int)
    out["stances"] = out.groupby("_by")["n"].transform("sum").astype(int)
    out["per_article"] = (out["n"] / out["articles"].where(out["articles"] > 0)).round(4)
    out["share"] = (out["n"] / out["stances"].where(out["stances"] > 0)).round(4)
    out["mean_score"] = out["mean_score"].round(4)
    if by == "date":
        out["period_end"] = out["_by"].map(lambda p: p.end_time.normalize())
        out["partial"] = out["_by"].map(lambda p: bool(p.start_time < first or p.end_time.normalize() > last))
        out["_by"] = out["_by"].map(lambda p: p.start_time)
    else:
        out["_by"] = out["_by"].astype(str)
    return out.rename(columns={"_by": by})[cols].reset_index(drop=True)


def plot_stance_by(stances: pd.DataFrame, documents: pd.DataFrame, *, by: str = "source", ax=None,
                   title: str | None = None, freq: str = "auto", max_outlets: int = 15):
    """Stance by outlet or over time, per article (from :func:`stance_by`).

    By outlet: one stacked bar per outlet (the ``max_outlets`` with most articles),
    stances per article split by polarity, with the outlet's stances and articles
    written at the end. Over time: stances per article and polarity in each week or
    month, on a date axis labelled by period; a period the corpus covers only in
    part is shaded and its points hollow; with fewer than 6 periods points only,
    no lines; the number of articles of each period is written along the top.
    Returns the Axes (an honest empty chart when the corpus lacks the column)."""
    import matplotlib.pyplot as plt

    t = stance_by(stances, documents, by=by, freq=freq)
    title = title or ("Stance by outlet, per article" if by == "source" else "Stance over time, per article")
    if len(t) == 0:
        from utils.report.plots import no_data

        return no_data(title, f"no {'outlet (source)' if by == 'source' else 'dates'} in this corpus",
                       xlabel="outlet" if by == "source" else "period", ylabel="stances per article", ax=ax)
    if by == "date":
        return _plot_over_time(t, ax=ax, title=title)
    groups = t.drop_duplicates(by).sort_values(["articles", "stances", by], ascending=[False, False, True])
    groups = groups.head(max_outlets).iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, max(2.8, 0.45 * len(groups) + 1.6)))
    y = np.arange(len(groups))
    left = np.zeros(len(groups))
    wide = t.pivot(index=by, columns="polarity", values="per_article").reindex(groups[by]).fillna(0)
    for pol in ("favour", "neutral", "against"):
        vals = wide[pol].to_numpy() if pol in wide else np.zeros(len(groups))
        ax.barh(y, vals, left=left, color=POLARITY_COLOURS[pol], label=pol, height=0.7)
        left += vals
    reach = float(left.max()) if left.max() > 0 else 1.0
    for yi, (s, a) in enumerate(zip(groups["stances"], groups["articles"])):
        ax.text(left[yi] + reach * 0.02, yi, f"n={s} stances · {a} article{'s' if a != 1 else ''}",
                va="center", fontsize=8, color="#444444")
    ax.set_xlim(0, reach * 1.45)
    ax.set_yticks(y, [_short(g) for g in groups[by]])
    _plain(ax)
    ax.legend(title="polarity", loc="lower right", frameon=True, fontsize=8, title_fontsize=8)
    ax.set_title(title)
    ax.set_xlabel("stances per article of the outlet")
    ax.set_ylabel("outlet")
    return ax


def _plot_over_time(t: pd.DataFrame, *, ax=None, title: str):
    """Stances per article of each period (:func:`stance_by` with ``by="date"``), one
    line per polarity (points only when there are fewer than six periods), partial
    periods shaded with hollow points, articles per period along the top."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

    periods = t.drop_duplicates("date").sort_values("date")
    weekly = (periods["period_end"].iloc[0] - periods["date"].iloc[0]).days == 6
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    few = len(periods) < 6
    for p in periods.itertuples():
        if p.partial:
            ax.axvspan(p.date, p.period_end + pd.Timedelta(days=1), color="#EEEEEE", zorder=0, linewidth=0)
    for pol in ("favour", "neutral", "against"):
        s = t[t["polarity"] == pol].sort_values("date")
        colour = POLARITY_COLOURS[pol]
        if not few:
            ax.plot(s["date"], s["per_article"], color=colour, linewidth=1.6, zorder=2)
        whole, part = s[~s["partial"].astype(bool)], s[s["partial"].astype(bool)]
        ax.scatter(whole["date"], whole["per_article"], color=colour, s=36, zorder=3, label=pol)
        ax.scatter(part["date"], part["per_article"], facecolor="white", edgecolor=colour, linewidth=1.5, s=36, zorder=3)
    span = len(periods)
    if weekly:
        ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO, interval=max(1, math.ceil(span / 10))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
        xlabel = "week (from Monday; point at its first day)"
        half = pd.Timedelta(days=3.5)
    else:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, math.ceil(span / 12))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        xlabel = "month (point at its first day)"
        half = pd.Timedelta(days=15)
    ax.set_xlim(periods["date"].min() - half, periods["period_end"].max() + pd.Timedelta(days=1))
    top = float(np.nanmax(t["per_article"].to_numpy(dtype=float))) if t["per_article"].notna().any() else 1.0
    ax.set_ylim(0, max(top, 0.1) * 1.25)
    if span <= 16:
        trans = blended_transform_factory(ax.transData, ax.transAxes)
        for p in periods.itertuples():
            ax.text(p.date, 0.97, f"{p.articles}", transform=trans, ha="center", va="top", fontsize=8, color="#555555")
        note = "numbers along the top: articles in the period"
    else:
        note = "articles per period: see the table"
    handles, labels = ax.get_legend_handles_labels()
    if periods["partial"].any():
        handles.append(Patch(facecolor="#EEEEEE", edgecolor="none"))
        labels.append("partial period\n(hollow points)")
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    ax.set_title(f"{title}\n({note})", fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("stances per article")
    ax.tick_params(axis="x", labelsize=9)
    return ax
