"""Comparisons by outlet and over time, with bootstrap intervals, and their charts.

:func:`period_freq` and :func:`period_bins` (one rule for every chart over time),
:func:`groups_of`, :func:`voice_by`, :func:`stance_toward_by`, :func:`claim_groups`,
:func:`bootstrap_ratio`, :func:`plot_by`. Re-exported by ``utils.report.summary``.
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from utils.report.gender import speaker_genders


def one_row_per_claim(claims: pd.DataFrame) -> pd.DataFrame:
    """The first part of each claim (rows sharing a ``claim_id`` are parts of one
    attribution and share its speaker); the table itself when it has no ``claim_id``."""
    if claims is None or not len(claims) or "claim_id" not in claims.columns:
        return claims
    if "part" in claims.columns:
        claims = claims.sort_values(["part"], kind="stable")
    return claims.drop_duplicates("claim_id").sort_index()


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


def grouped_with_ci(per_doc: pd.DataFrame, groups: pd.DataFrame, *, value: str, keys: list, n_boot: int,
                    seed: int) -> pd.DataFrame:
    """``per_doc`` (doc_id, key, num, den) summed by group with bootstrap intervals.
    Every article of a group counts (an article without any row has num = den = 0
    for a share of claims, which leaves it out of that ratio but not of ``articles``)."""
    rows = []
    meta_cols = [c for c in ("period", "period_end", "partial") if c in groups.columns]
    for gi, (name, g) in enumerate(groups.groupby("group", sort=False)):
        ids = pd.Index(g["doc_id"].unique())
        sub = per_doc[per_doc["doc_id"].isin(ids)]
        numm = (sub.pivot_table(index="doc_id", columns="key", values="num", aggfunc="sum")
                .reindex(index=ids, columns=keys).fillna(0))
        denm = (sub.pivot_table(index="doc_id", columns="key", values="den", aggfunc="sum")
                .reindex(index=ids, columns=keys).fillna(0))
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
    return grouped_with_ci(full, groups, value="share", keys=keep, n_boot=n_boot, seed=seed)


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
    out = grouped_with_ci(per, groups, value="mean_score", keys=keep, n_boot=n_boot, seed=seed)
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
    from utils.report.plots import OKABE_ITO

    keys = list(dict.fromkeys(table["key"]))
    colours = colours or {}
    colour = {k: colours.get(k, OKABE_ITO[i % len(OKABE_ITO)]) for i, k in enumerate(keys)}
    label = {k: _short((labels or {}).get(k, str(k))) for k in keys}
    groups = top_groups(table, max_groups)
    t = table[table["group"].isin(groups)]
    style = {"value": value, "keys": keys, "colour": colour, "label": label, "legend_title": legend_title}
    if "period" not in table:
        ax = _plot_by_outlet(t, groups, ax=ax, **style)
    else:
        ax, title = _plot_over_time(t, title, ax=ax, **style)
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


def _plot_by_outlet(t: pd.DataFrame, groups: list, *, ax, value: str, keys: list, colour: dict, label: dict,
                    legend_title: str):
    """:func:`plot_by` for a table without ``period``: horizontal bars, one row per
    outlet of ``groups`` and one bar per key, with the outlet's articles in its
    label (and the stances behind each mean for ``mean_score``); returns the axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, max(3.0, len(groups) * (0.28 * len(keys) + 0.35) + 1.4)))
    h = 0.8 / max(len(keys), 1)
    for i, k in enumerate(keys):
        s = t[t["key"] == k].set_index("group").reindex(groups)
        y = np.arange(len(groups)) - 0.4 + h * (i + 0.5)
        v = s[value].to_numpy(dtype=float)
        err = np.vstack([v - s["low"].to_numpy(dtype=float), s["high"].to_numpy(dtype=float) - v])
        ax.barh(y, v, height=h * 0.9, color=colour[k], label=label[k], xerr=np.nan_to_num(err),
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
    return ax


def _plot_over_time(t: pd.DataFrame, title: str, *, ax, value: str, keys: list, colour: dict, label: dict,
                    legend_title: str):
    """:func:`plot_by` for a table with ``period``: points with error bars per
    period (joined by lines from 6 periods on), partial periods shaded with
    hollow points, the articles per period along the top when there are at most
    16; returns the axes and the title (with a note on those numbers)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

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
                    label=label[k], markersize=5)
        if part.any():
            ax.errorbar(xs[part], v[part], yerr=err[:, part], fmt="o", color=colour[k], mfc="white", capsize=2,
                        zorder=3, markersize=5)
    _period_axis(ax, periods)
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
    return ax, title


def _period_axis(ax, periods: pd.DataFrame) -> None:
    """The time axis: at most 8 (weeks) or 12 (months) labelled ticks, the year
    under the first label of each year, and the axis label."""
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


def _short(name, width: int = 28) -> str:
    s = str(name)
    return s if len(s) <= width else s[: width - 1] + "…"
