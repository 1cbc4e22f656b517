"""Discourse networks: who stands with whom, with the evidence behind every edge.

Used by ``notebooks/06-discourse-network.ipynb``.

Discourse Network Analysis (Leifeld 2016, *Policy Debates as Dynamic Networks*;
Leifeld 2017, "Discourse Network Analysis", in *The Oxford Handbook of
Political Networks*; the DNA software) turns coded statements -- an actor takes
a position (favour / against) on a target -- into networks:

- the **two-mode network** of actors and the targets they speak about, with
  signed edges (favour = +1, against = -1);
- the **one-mode actor networks** of **congruence** (two actors hold the same
  position on the same target) and **conflict** (opposite positions on the
  same target).

Here a statement is a row of the ``stances`` table (``utils.schema.STANCES``):
``source``/``source_id`` is the actor, ``target``/``target_id`` the target
(an actor or an issue, ``target_type``), ``polarity`` the position.

Edge weights follow DNA. Let ``x[a, t, p]`` be the number of statements in
which actor ``a`` takes polarity ``p`` on target ``t``, counted according to
``duplicates`` (``"include"``: every statement; ``"document"``: at most one
per document, so a position repeated in one article counts once -- the
default; ``"acrossrange"``: at most one overall, i.e. 0/1). Then for actors
``a`` and ``b``::

    congruence(a, b) = sum over t, p of x[a,t,p] * x[b,t,p]
    conflict(a, b)   = sum over t of x[a,t,+] * x[b,t,-] + x[a,t,-] * x[b,t,+]

(``count`` column, "raw"). The ``weight`` column divides ``count`` by a norm
(``normalisation=``; the same norm for both relations, as in DNA):

- ``"no"``: 1 (raw counts);
- ``"average"`` (Leifeld's *average activity*): ``(n_a + n_b) / 2`` where
  ``n_a = sum over t, p of x[a,t,p]`` is a's activity;
- ``"jaccard"``: ``m10 + m01 + m11`` where ``m11 = congruence(a, b)``,
  ``m10`` = a's counts on cells where b has none, ``m01`` the converse
  (with 0/1 counts this is ``|A and B| / |A or B|`` over positions);
- ``"cosine"``: ``sqrt(sum x[a]^2) * sqrt(sum x[b]^2)`` (the textbook cosine of
  the two position-count vectors; DNA 3 divides by ``n_a * n_b`` instead).

Neutral statements are dropped unless ``include_neutral=True``; then
``neutral`` is a third position, congruent with ``neutral`` only and never in
conflict.

Every edge keeps its evidence: ``stance_ids``, ``claim_ids`` and ``doc_ids``
("; "-joined, sorted) and the ``targets`` it rests on, and
:func:`edge_evidence` returns the sentences behind any edge. Graphs are
networkx graphs whose attributes are GraphML-safe scalars; writers for
GraphML, CSV node/edge lists and DNA 3's SQLite ``.dna`` format write atomically.

For a chart an editor can read: :func:`subtract_edges` (DNA's "subtract":
congruence minus conflict, one signed edge per pair), :func:`threshold_edges`
with :func:`auto_threshold` and :func:`threshold_note` (keep the pairs with at
least k statements, and say so), :func:`top_issues` and :func:`issue_edges`
(one network per issue), and :func:`draw_network`, which colours actors by
party with ``utils.palette`` in every network.
"""
from __future__ import annotations

import math
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Literal

import networkx as nx
import numpy as np
import pandas as pd

from utils import schema
from utils.actors import actor_id  # the project's one slug rule

#: Sign of each polarity in the two-mode network.
POLARITY_SIGN = {"favour": 1, "against": -1, "neutral": 0}
#: The opposite position (for conflict).
OPPOSITE = {"favour": "against", "against": "favour"}
NORMALISATIONS = ("no", "average", "jaccard", "cosine")
TWO_MODE_NORMALISATIONS = ("no", "activity", "prominence")
DUPLICATES = ("include", "document", "acrossrange")
#: Prefix of target node ids in the two-mode network (keeps the graph bipartite
#: when an actor is both a speaker and a target).
TARGET_PREFIX = "target:"
SEP = "; "

#: Columns of the tables this module returns.
STATEMENTS = [
    "stance_id", "doc_id", "claim_id", "source", "source_id", "target", "target_id",
    "target_type", "polarity", "sign", "date",
]
TWO_MODE_EDGES = [
    "source", "target", "source_label", "target_label", "target_type", "relation", "sign",
    "n_favour", "n_against", "n_neutral", "count", "weight", "normalisation",
    "stance_ids", "claim_ids", "doc_ids",
]
ACTOR_EDGES = [
    "source", "target", "source_label", "target_label", "relation", "count", "weight",
    "normalisation", "n_targets", "targets", "stance_ids", "claim_ids", "doc_ids",
    "window", "window_start", "window_end",
]
NODES = ["id", "label", "mode", "type", "party", "role", "target_type", "n_statements"]
EVIDENCE = [
    "relation", "doc_id", "date", "title", "stance_id", "claim_id", "source", "target",
    "polarity", "evidence", "sentence", "sentence_start", "sentence_end", "speaker_text",
    "cue", "content",
]

#: Chart colours: relations (edges) in the house polarity colours of
#: ``utils.plots.POLARITY_PALETTE`` (Okabe-Ito blue / vermillion, colour-blind
#: safe), conflict also dashed; node categories from the rest of Okabe-Ito and
#: Paul Tol's muted palette, so no node colour repeats an edge colour.
RELATION_COLOURS = {
    "congruence": "#0072B2", "favour": "#0072B2",
    "conflict": "#D55E00", "against": "#D55E00",
    "mixed": "#7f3c8d", "neutral": "#BBBBBB", "balanced": "#BBBBBB",
}
RELATION_STYLES = {"conflict": (0, (4, 2)), "against": (0, (4, 2))}
NODE_PALETTE = [
    "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#882255", "#44AA99", "#DDCC77", "#E69F00",
    "#117733", "#666666",
]
UNKNOWN_COLOUR = "#c7c7c7"
TARGET_COLOUR = "#f0f0f0"


# ---------------------------------------------------------------- statements

def _blank(value) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _str_col(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df:
        return pd.Series([""] * len(df), index=df.index, dtype=object)
    return df[col].map(lambda v: "" if _blank(v) else str(v))


def _to_datetime(values: pd.Series) -> pd.Series:
    """Dates as naive UTC timestamps; anything unreadable becomes NaT."""
    out = pd.to_datetime(values, errors="coerce", utc=True, format="mixed")
    return out.dt.tz_localize(None)


def statements(
    stances: pd.DataFrame,
    *,
    documents: pd.DataFrame | None = None,
    include_neutral: bool = False,
) -> pd.DataFrame:
    """Clean stances into network statements (``STATEMENTS`` columns).

    Rows without a source, a target or a known polarity are dropped; missing
    ``source_id``/``target_id`` are slugs of the names; a missing
    ``stance_id`` becomes ``"<doc_id>:s<row>"``. ``date`` comes from
    ``documents.date`` joined on ``doc_id`` (NaT without documents).

    Args:
        stances: a ``schema.STANCES`` table.
        documents: optional ``schema.DOCUMENTS`` table for dates.
        include_neutral: keep ``neutral`` statements (default: drop them).

    >>> st = pd.DataFrame({"source": ["A", "B", "B"], "target": ["X", "X", ""],
    ...                    "polarity": ["favour", "neutral", "against"]})
    >>> statements(st)[["source_id", "target_id", "sign"]].values.tolist()
    [['a', 'x', 1]]
    """
    df = stances.copy() if stances is not None else pd.DataFrame(columns=schema.STANCES)
    out = pd.DataFrame(index=df.index)
    for col in ["doc_id", "stance_id", "claim_id", "source", "source_id", "target", "target_id", "target_type"]:
        out[col] = _str_col(df, col)
    out["polarity"] = _str_col(df, "polarity").str.strip().str.lower()
    keep = (out["source"] != "") | (out["source_id"] != "")
    keep &= (out["target"] != "") | (out["target_id"] != "")
    allowed = {"favour", "against"} | ({"neutral"} if include_neutral else set())
    keep &= out["polarity"].isin(allowed)
    out = out[keep].copy()
    out["source_id"] = [i or actor_id(n) for i, n in zip(out["source_id"], out["source"])]
    out["target_id"] = [i or actor_id(n) for i, n in zip(out["target_id"], out["target"])]
    out["source"] = [n or i for n, i in zip(out["source"], out["source_id"])]
    out["target"] = [n or i for n, i in zip(out["target"], out["target_id"])]
    out["target_type"] = out["target_type"].replace("", "issue")
    out["stance_id"] = [s or f"{d}:s{k}" for s, d, k in zip(out["stance_id"], out["doc_id"], out.index)]
    out["sign"] = out["polarity"].map(POLARITY_SIGN).astype(int)
    if documents is not None and len(documents) and "date" in documents:
        dates = documents.drop_duplicates("doc_id").set_index(documents.drop_duplicates("doc_id")["doc_id"].astype(str))
        out["date"] = _to_datetime(out["doc_id"].map(dates["date"]))
    else:
        out["date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    return out[STATEMENTS].reset_index(drop=True)


def _join(values: Iterable) -> str:
    return SEP.join(sorted({str(v) for v in values if not _blank(v)}))


def _split(value) -> list[str]:
    if _blank(value):
        return []
    return [v for v in str(value).split(SEP) if v]


def _check(name: str, value: str, allowed: Iterable[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {tuple(allowed)}, not {value!r}")


def _cells(st: pd.DataFrame, duplicates: str) -> pd.DataFrame:
    """One row per (actor, target, polarity) with its DNA count ``x`` and evidence."""
    _check("duplicates", duplicates, DUPLICATES)
    cols = ["source_id", "target_id", "polarity"]
    if st.empty:
        return pd.DataFrame(columns=cols + ["source", "target", "target_type", "x", "stance_ids", "claim_ids", "doc_ids"])
    g = st.groupby(cols, sort=True)
    cells = g.agg(
        source=("source", "first"), target=("target", "first"), target_type=("target_type", "first"),
        n=("stance_id", "size"), n_docs=("doc_id", "nunique"),
        stance_ids=("stance_id", _join), claim_ids=("claim_id", _join), doc_ids=("doc_id", _join),
    ).reset_index()
    cells["x"] = {"include": cells["n"], "document": cells["n_docs"], "acrossrange": 1}[duplicates]
    cells["x"] = cells["x"].astype(float)
    return cells.drop(columns=["n", "n_docs"])


# ---------------------------------------------------------------- two-mode

def two_mode_edges(
    stances: pd.DataFrame,
    *,
    include_neutral: bool = False,
    duplicates: str = "document",
    normalisation: str = "no",
) -> pd.DataFrame:
    """The actor x target network as an edge list (``TWO_MODE_EDGES``).

    One row per actor-target pair. ``source`` is the actor id, ``target`` the
    target node id (``"target:" + target_id``). ``relation`` is ``favour``,
    ``against``, ``mixed`` (both) or ``neutral``; ``sign`` is +1, -1 or 0 (the
    sign of ``n_favour - n_against``, DNA's "subtract"); ``count`` is the number
    of statements under ``duplicates`` and ``weight`` is ``count`` or, with
    ``normalisation="activity"``, ``count`` divided by the actor's total count
    (``"prominence"``: by the target's total).

    >>> st = pd.DataFrame({"source": ["A", "A", "B"], "target": ["X", "Y", "X"],
    ...                    "polarity": ["favour", "against", "against"]})
    >>> two_mode_edges(st)[["source", "target", "relation", "sign"]].values.tolist()
    [['a', 'target:x', 'favour', 1], ['a', 'target:y', 'against', -1], ['b', 'target:x', 'against', -1]]
    """
    _check("normalisation", normalisation, TWO_MODE_NORMALISATIONS)
    st = statements(stances, include_neutral=include_neutral)
    cells = _cells(st, duplicates)
    if cells.empty:
        return pd.DataFrame(columns=TWO_MODE_EDGES)
    wide = cells.pivot_table(index=["source_id", "target_id"], columns="polarity", values="x", aggfunc="sum", fill_value=0.0)
    for p in ("favour", "against", "neutral"):
        if p not in wide:
            wide[p] = 0.0
    ev = cells.groupby(["source_id", "target_id"]).agg(
        source_label=("source", "first"), target_label=("target", "first"), target_type=("target_type", "first"),
        stance_ids=("stance_ids", lambda s: _join(v for x in s for v in _split(x))),
        claim_ids=("claim_ids", lambda s: _join(v for x in s for v in _split(x))),
        doc_ids=("doc_ids", lambda s: _join(v for x in s for v in _split(x))),
    )
    e = ev.join(wide[["favour", "against", "neutral"]]).reset_index()
    e = e.rename(columns={"favour": "n_favour", "against": "n_against", "neutral": "n_neutral"})
    diff = e["n_favour"] - e["n_against"]
    e["sign"] = np.sign(diff).astype(int)
    e["relation"] = np.select(
        [(e["n_favour"] > 0) & (e["n_against"] > 0), e["n_favour"] > 0, e["n_against"] > 0],
        ["mixed", "favour", "against"], default="neutral",
    )
    e["count"] = e["n_favour"] + e["n_against"] + e["n_neutral"]
    if normalisation == "activity":
        e["weight"] = e["count"] / e.groupby("source_id")["count"].transform("sum")
    elif normalisation == "prominence":
        e["weight"] = e["count"] / e.groupby("target_id")["count"].transform("sum")
    else:
        e["weight"] = e["count"]
    e["normalisation"] = normalisation
    e["source"] = e["source_id"]
    e["target"] = TARGET_PREFIX + e["target_id"]
    return e[TWO_MODE_EDGES].sort_values(["source", "target"]).reset_index(drop=True)


# ---------------------------------------------------------------- one-mode

def _pair_counts(cells: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Congruence and conflict rows for every ordered pair a < b, per target."""
    left = cells.rename(columns={c: c + "_a" for c in cells.columns if c != "target_id"})
    right = cells.rename(columns={c: c + "_b" for c in cells.columns if c != "target_id"})
    m = left.merge(right, on="target_id")
    m = m[m["source_id_a"] < m["source_id_b"]]
    same = m[m["polarity_a"] == m["polarity_b"]].copy()
    opp = m[m["polarity_a"].map(OPPOSITE) == m["polarity_b"]].copy()
    same["relation"] = "congruence"
    opp["relation"] = "conflict"
    return same, opp


def _activity_norms(cells: pd.DataFrame, pairs: pd.DataFrame, same: pd.DataFrame, normalisation: str) -> pd.Series:
    if normalisation == "no" or pairs.empty:
        return pd.Series(1.0, index=pairs.index)
    n = cells.groupby("source_id")["x"].sum()
    na, nb = pairs["source_id_a"].map(n), pairs["source_id_b"].map(n)
    if normalisation == "average":
        return (na + nb) / 2.0
    if normalisation == "cosine":
        sq = (cells["x"] ** 2).groupby(cells["source_id"]).sum()
        return np.sqrt(pairs["source_id_a"].map(sq)) * np.sqrt(pairs["source_id_b"].map(sq))
    # jaccard: m10 + m01 + m11 over (target, polarity) cells
    if same.empty:
        shared = pd.DataFrame(columns=["xa", "xb", "m11"])
    else:
        shared = same.assign(m11=same["x_a"] * same["x_b"]).groupby(["source_id_a", "source_id_b"]).agg(
            xa=("x_a", "sum"), xb=("x_b", "sum"), m11=("m11", "sum"))
    key = pd.MultiIndex.from_arrays([pairs["source_id_a"], pairs["source_id_b"]])
    sh = shared.reindex(key).fillna(0.0)
    m10 = na.to_numpy() - sh["xa"].to_numpy()
    m01 = nb.to_numpy() - sh["xb"].to_numpy()
    return pd.Series(m10 + m01 + sh["m11"].to_numpy(), index=pairs.index)


def _actor_edges_once(cells: pd.DataFrame, relation: str, normalisation: str) -> pd.DataFrame:
    if cells.empty:
        return pd.DataFrame(columns=ACTOR_EDGES)
    same, opp = _pair_counts(cells)
    parts = [p for r, p in (("congruence", same), ("conflict", opp)) if relation in (r, "both")]
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if rows.empty:
        return pd.DataFrame(columns=ACTOR_EDGES)
    rows["product"] = rows["x_a"] * rows["x_b"]
    rows["ev_stances"] = rows["stance_ids_a"] + SEP + rows["stance_ids_b"]
    rows["ev_claims"] = rows["claim_ids_a"] + SEP + rows["claim_ids_b"]
    rows["ev_docs"] = rows["doc_ids_a"] + SEP + rows["doc_ids_b"]
    rows["tlabel"] = rows["target_a"]
    merged = lambda s: _join(v for x in s for v in _split(x))  # noqa: E731
    e = rows.groupby(["source_id_a", "source_id_b", "relation"], sort=True).agg(
        source_label=("source_a", "first"), target_label=("source_b", "first"),
        count=("product", "sum"), n_targets=("target_id", "nunique"),
        targets=("tlabel", _join),
        stance_ids=("ev_stances", merged), claim_ids=("ev_claims", merged), doc_ids=("ev_docs", merged),
    ).reset_index()
    e["weight"] = e["count"] / _activity_norms(cells, e, same, normalisation).to_numpy()
    e["normalisation"] = normalisation
    e = e.rename(columns={"source_id_a": "source", "source_id_b": "target"})
    e["window"], e["window_start"], e["window_end"] = "all", "", ""
    return e[ACTOR_EDGES]


def time_windows(
    dates: pd.Series,
    *,
    period: str | None = None,
    window: str | pd.Timedelta | None = None,
    step: str | pd.Timedelta | None = None,
) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """Time windows ``(label, start, end)`` (end exclusive) covering ``dates``.

    ``period`` (a pandas period alias such as ``"M"``, ``"W"``, ``"Q"``) gives
    calendar periods that hold at least one date; ``window`` (a duration such
    as ``"90D"``) gives rolling windows starting at the first date (at
    midnight) and moving by ``step`` (default: ``window``, i.e. back to back).

    >>> d = pd.Series(pd.to_datetime(["2026-03-02", "2026-04-15"]))
    >>> [w[0] for w in time_windows(d, period="M")]
    ['2026-03', '2026-04']
    >>> [w[0] for w in time_windows(d, window="30D", step="15D")]
    ['2026-03-02/2026-04-01', '2026-03-17/2026-04-16', '2026-04-01/2026-05-01']
    """
    d = _to_datetime(pd.Series(dates)).dropna()
    if d.empty:
        return []
    if period is not None:
        out = []
        for p in sorted(d.dt.to_period(period).unique()):
            out.append((str(p), p.start_time, (p + 1).start_time))
        return out
    if window is None:
        return [("all", d.min(), d.max() + pd.Timedelta(1, "ns"))]
    size = pd.Timedelta(window)
    move = pd.Timedelta(step) if step is not None else size
    if size <= pd.Timedelta(0) or move <= pd.Timedelta(0):
        raise ValueError("window and step must be positive durations")
    out, start, last = [], d.min().normalize(), d.max()
    while start <= last:
        end = start + size
        if ((d >= start) & (d < end)).any():
            out.append((f"{start.date()}/{end.date()}", start, end))
        start = start + move
    return out


def actor_edges(
    stances: pd.DataFrame,
    *,
    relation: Literal["both", "congruence", "conflict"] = "both",
    normalisation: str = "average",
    duplicates: str = "document",
    include_neutral: bool = False,
    documents: pd.DataFrame | None = None,
    period: str | None = None,
    window: str | pd.Timedelta | None = None,
    step: str | pd.Timedelta | None = None,
) -> pd.DataFrame:
    """One-mode actor network of congruence and/or conflict (``ACTOR_EDGES``).

    One row per unordered actor pair (``source < target`` by id), relation and
    time window. ``count`` is DNA's raw weight, ``weight`` the normalised one
    (formulas in the module docstring); ``targets`` lists the targets the edge
    rests on, ``stance_ids``/``claim_ids``/``doc_ids`` the statements of both
    actors behind it. With ``period`` or ``window`` (needs ``documents`` with
    dates; statements without a date are left out) every window is computed on
    its own statements (activities too) and labelled in ``window``.

    >>> st = pd.DataFrame({"source": ["A", "B", "C"], "target": ["X", "X", "X"],
    ...                    "polarity": ["favour", "favour", "against"]})
    >>> actor_edges(st, normalisation="no")[["source", "target", "relation", "count"]].values.tolist()
    [['a', 'b', 'congruence', 1.0], ['a', 'c', 'conflict', 1.0], ['b', 'c', 'conflict', 1.0]]
    """
    _check("relation", relation, ("both", "congruence", "conflict"))
    _check("normalisation", normalisation, NORMALISATIONS)
    st = statements(stances, documents=documents, include_neutral=include_neutral)
    if period is None and window is None:
        return _actor_edges_once(_cells(st, duplicates), relation, normalisation)
    if documents is None:
        raise ValueError("time windows need the documents table (for documents.date)")
    parts = []
    for label, start, end in time_windows(st["date"], period=period, window=window, step=step):
        sub = st[(st["date"] >= start) & (st["date"] < end)]
        e = _actor_edges_once(_cells(sub, duplicates), relation, normalisation)
        if len(e):
            e["window"], e["window_start"], e["window_end"] = label, start.isoformat(), end.isoformat()
            parts.append(e)
    if not parts:
        return pd.DataFrame(columns=ACTOR_EDGES)
    return pd.concat(parts, ignore_index=True)[ACTOR_EDGES]


# ---------------------------------------------------------------- subtract, threshold, issues

#: Columns of :func:`subtract_edges`.
SUBTRACT_EDGES = [
    "source", "target", "source_label", "target_label", "relation", "congruence", "conflict", "count",
    "congruence_weight", "conflict_weight", "weight", "normalisation", "n_targets", "targets",
    "stance_ids", "claim_ids", "doc_ids", "window", "window_start", "window_end",
]


def subtract_edges(edges: pd.DataFrame) -> pd.DataFrame:
    """DNA's "subtract" network: one signed edge per actor pair (``SUBTRACT_EDGES``).

    For every unordered pair of actors (and time window) in an :func:`actor_edges`
    table with both relations::

        count(a, b)  = congruence_count(a, b)  - conflict_count(a, b)
        weight(a, b) = congruence_weight(a, b) - conflict_weight(a, b)

    where the weights are the normalised ones of :func:`actor_edges` (the same
    norm divides both relations, so the difference of weights is the difference
    of counts over that norm). A pair with only congruence keeps its congruence,
    a pair with only conflict gets a negative weight. ``relation`` is
    ``"congruence"`` when ``count > 0``, ``"conflict"`` when ``count < 0`` and
    ``"balanced"`` when both cancel out (kept, with weight 0, as in DNA).
    ``congruence``/``conflict`` keep the two raw counts, ``targets`` and the
    evidence ids are the union of both edges'.

    >>> e = pd.DataFrame({"source": ["a", "a", "a"], "target": ["b", "b", "c"],
    ...                   "relation": ["congruence", "conflict", "conflict"],
    ...                   "count": [3.0, 1.0, 2.0], "weight": [1.5, 0.5, 1.0]})
    >>> subtract_edges(e)[["source", "target", "count", "weight", "relation"]].values.tolist()
    [['a', 'b', 2.0, 1.0, 'congruence'], ['a', 'c', -2.0, -1.0, 'conflict']]
    """
    if edges is None or edges.empty:
        return pd.DataFrame(columns=SUBTRACT_EDGES)
    e = edges.copy()
    for col, default in (("window", "all"), ("window_start", ""), ("window_end", ""), ("normalisation", ""),
                         ("targets", ""), ("stance_ids", ""), ("claim_ids", ""), ("doc_ids", "")):
        if col not in e:
            e[col] = default
    for col, ids in (("source_label", "source"), ("target_label", "target")):
        if col not in e:
            e[col] = e[ids]
    bad = set(e["relation"]) - {"congruence", "conflict"}
    if bad:
        raise ValueError(f"subtract_edges needs congruence/conflict edges, not {sorted(bad)}")
    # one orientation per pair, whatever the input order
    swap = e["source"].astype(str) > e["target"].astype(str)
    for x, y in (("source", "target"), ("source_label", "target_label")):
        e.loc[swap, [x, y]] = e.loc[swap, [y, x]].to_numpy()
    sign = np.where(e["relation"] == "congruence", 1.0, -1.0)
    e["count"] = e["count"].astype(float)
    e["weight"] = e["weight"].astype(float)
    e["congruence"] = np.where(sign > 0, e["count"], 0.0)
    e["conflict"] = np.where(sign < 0, e["count"], 0.0)
    e["congruence_weight"] = np.where(sign > 0, e["weight"], 0.0)
    e["conflict_weight"] = np.where(sign < 0, e["weight"], 0.0)
    merged = lambda s: _join(v for x in s for v in _split(x))  # noqa: E731
    keys = ["window", "source", "target"]
    out = e.groupby(keys, sort=True).agg(
        source_label=("source_label", "first"), target_label=("target_label", "first"),
        congruence=("congruence", "sum"), conflict=("conflict", "sum"),
        congruence_weight=("congruence_weight", "sum"), conflict_weight=("conflict_weight", "sum"),
        normalisation=("normalisation", "first"), targets=("targets", merged),
        stance_ids=("stance_ids", merged), claim_ids=("claim_ids", merged), doc_ids=("doc_ids", merged),
        window_start=("window_start", "first"), window_end=("window_end", "first"),
    ).reset_index()
    out["count"] = out["congruence"] - out["conflict"]
    out["weight"] = out["congruence_weight"] - out["conflict_weight"]
    out["n_targets"] = out["targets"].map(lambda s: len(_split(s)))
    out["relation"] = np.select([out["count"] > 0, out["count"] < 0], ["congruence", "conflict"], "balanced")
    return out[SUBTRACT_EDGES].reset_index(drop=True)


def threshold_edges(edges: pd.DataFrame, minimum: float, *, by: str = "count") -> pd.DataFrame:
    """The edges whose ``|by|`` is at least ``minimum`` (a plain threshold).

    ``by`` is ``"count"`` (raw statements, the default: easiest to say in a
    caption) or ``"weight"`` (the chosen normalisation). The absolute value is
    used so that on a :func:`subtract_edges` network strong conflict is kept as
    well as strong congruence. No edge is re-weighted; nodes are not touched.

    >>> e = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
    ...                   "count": [3.0, -2.0, 1.0], "weight": [0.6, -0.4, 0.2]})
    >>> threshold_edges(e, 2)[["source", "target"]].values.tolist()
    [['a', 'b'], ['a', 'c']]
    """
    _check("by", by, ("count", "weight"))
    if edges is None or edges.empty:
        return edges
    return edges[edges[by].astype(float).abs() >= float(minimum) - 1e-12].reset_index(drop=True)


def auto_threshold(edges: pd.DataFrame, *, max_edges: int = 80, by: str = "count") -> float:
    """The smallest threshold that leaves at most ``max_edges`` edges.

    With ``by="count"`` the candidates are whole numbers of statements
    (1, 2, 3, ...), so the caption can say "at least k"; with ``by="weight"``
    they are the distinct ``|weight|`` values. Returns 1 (``count``) or 0
    (``weight``) when the graph is small enough already.

    >>> e = pd.DataFrame({"count": [1.0, 1.0, 2.0, 3.0, -4.0]})
    >>> auto_threshold(e, max_edges=3), auto_threshold(e, max_edges=1), auto_threshold(e, max_edges=10)
    (2.0, 4.0, 1.0)
    """
    _check("by", by, ("count", "weight"))
    floor = 1.0 if by == "count" else 0.0
    if edges is None or len(edges) <= max_edges:
        return floor
    values = np.sort(edges[by].astype(float).abs().to_numpy())[::-1]
    if by == "count":
        values = np.ceil(values - 1e-9)
    # the (max_edges+1)-th largest value must be excluded: threshold just above it
    cut = values[max_edges]
    above = values[values > cut]
    if by == "count":
        return float(max(cut + 1, floor))
    return float(above.min()) if len(above) else float(values[0])


def threshold_note(edges: pd.DataFrame, kept: pd.DataFrame, minimum: float, *, by: str = "count",
                   subtract: bool = True, short: bool = False) -> str:
    """One caption line saying what a threshold kept, e.g. "pairs where
    agreement outweighs disagreement, or the reverse, by at least 2: 38 of 1,890 pairs"
    (``subtract=False``: "edges resting on at least 2 statement pairs: ..."; ``short=True``
    for a chart title: "|agreement − disagreement| ≥ 2: 38 of 1,890 pairs").

    >>> e = pd.DataFrame({"count": [1.0, -2.0, 3.0]})
    >>> threshold_note(e, threshold_edges(e, 2), 2)
    'pairs where agreement outweighs disagreement, or the reverse, by at least 2: 2 of 3 pairs'
    """
    total = 0 if edges is None else len(edges)
    n = 0 if kept is None else len(kept)
    if short:
        what = (("|agreement − disagreement|" if subtract else "statement pairs") if by == "count" else "|weight|")
        return f"{what} ≥ {minimum:.3g}: {n:,} of {total:,} {'pairs' if subtract else 'edges'}"
    if by == "count":
        k = int(round(minimum))
        what = (f"pairs where agreement outweighs disagreement, or the reverse, by at least {k}" if subtract
                else f"edges resting on at least {k} statement pair{'s' if k != 1 else ''}")
    else:
        what = f"edges with |weight| of at least {minimum:.3g}"
    return f"{what}: {n:,} of {total:,} {'pairs' if subtract else 'edges'}"


def top_issues(stances: pd.DataFrame, n: int = 4, *, include_neutral: bool = False) -> pd.DataFrame:
    """The ``n`` issues (``target_type == "issue"``) with the most statements:
    ``target_id``, ``target``, ``n_statements``, ``n_actors``, ``n_favour``,
    ``n_against`` (ties: more actors first, then by name).

    >>> st = pd.DataFrame({"source": ["A", "B", "A", "C"], "target": ["X", "X", "Y", "Ann"],
    ...                    "target_type": ["issue", "issue", "issue", "actor"],
    ...                    "polarity": ["favour", "against", "favour", "against"]})
    >>> top_issues(st, 5)[["target", "n_statements", "n_actors"]].values.tolist()
    [['X', 2, 2], ['Y', 1, 1]]
    """
    cols = ["target_id", "target", "n_statements", "n_actors", "n_favour", "n_against"]
    st = statements(stances, include_neutral=include_neutral)
    st = st[st["target_type"] == "issue"]
    if st.empty:
        return pd.DataFrame(columns=cols)
    g = st.groupby("target_id").agg(
        target=("target", "first"), n_statements=("stance_id", "size"), n_actors=("source_id", "nunique"),
        n_favour=("polarity", lambda s: int((s == "favour").sum())),
        n_against=("polarity", lambda s: int((s == "against").sum())),
    ).reset_index()
    g = g.sort_values(["n_statements", "n_actors", "target"], ascending=[False, False, True])
    return g[cols].head(n).reset_index(drop=True)


def issue_edges(stances: pd.DataFrame, issue: str, *, subtract: bool = True, **options) -> pd.DataFrame:
    """The actor network on one issue: congruence and conflict among the
    actors who took a position on ``issue`` (its id or name), from their
    statements on that issue only (``options`` as for :func:`actor_edges`);
    with ``subtract`` (default) one signed edge per pair (:func:`subtract_edges`).

    On one issue every pair of actors on the same side is congruent and every
    pair on opposite sides in conflict, so the network is two camps.

    >>> st = pd.DataFrame({"source": ["A", "B", "C", "A"], "target": ["X", "X", "X", "Y"],
    ...                    "target_type": "issue", "polarity": ["favour", "favour", "against", "against"]})
    >>> issue_edges(st, "X", normalisation="no")[["source", "target", "count"]].values.tolist()
    [['a', 'b', 1.0], ['a', 'c', -1.0], ['b', 'c', -1.0]]
    """
    st = stances.copy()
    tid = _str_col(st, "target_id")
    tid = pd.Series([i or actor_id(n) for i, n in zip(tid, _str_col(st, "target"))], index=st.index)
    want = {str(issue), actor_id(str(issue))}
    sub = st[tid.isin(want)]
    edges = actor_edges(sub, **options)
    return subtract_edges(edges) if subtract else edges


# ---------------------------------------------------------------- graphs

def node_table(
    stances: pd.DataFrame,
    *,
    actors: pd.DataFrame | None = None,
    two_mode: bool = False,
    include_neutral: bool = False,
) -> pd.DataFrame:
    """Nodes (``NODES`` columns): every speaking actor (``mode="actor"``) and,
    with ``two_mode=True``, every target (``mode="target"``, id prefixed
    ``"target:"``). ``type``, ``party`` and ``role`` come from the actors table
    (empty when unknown); ``n_statements`` counts a node's statements (as
    speaker, or as target for target nodes)."""
    st = statements(stances, include_neutral=include_neutral)
    info = pd.DataFrame(columns=["type", "party", "role", "name"])
    if actors is not None and len(actors):
        a = actors.drop_duplicates("actor_id")
        info = pd.DataFrame({c: _str_col(a, c).to_numpy() for c in ("type", "party", "role", "name")},
                            index=a["actor_id"].astype(str))
    def lookup(ids: pd.Series, col: str) -> list[str]:
        return [info[col].get(i, "") if len(info) else "" for i in ids]

    spk = st.groupby("source_id").agg(label=("source", "first"), n_statements=("stance_id", "size")).reset_index()
    nodes = pd.DataFrame({
        "id": spk["source_id"], "label": spk["label"], "mode": "actor",
        "type": lookup(spk["source_id"], "type"), "party": lookup(spk["source_id"], "party"),
        "role": lookup(spk["source_id"], "role"), "target_type": "", "n_statements": spk["n_statements"],
    })
    if two_mode and len(st):
        tg = st.groupby("target_id").agg(label=("target", "first"), target_type=("target_type", "first"),
                                         n_statements=("stance_id", "size")).reset_index()
        tnodes = pd.DataFrame({
            "id": TARGET_PREFIX + tg["target_id"], "label": tg["label"], "mode": "target",
            "type": [t if t else tt for t, tt in zip(lookup(tg["target_id"], "type"), tg["target_type"])],
            "party": lookup(tg["target_id"], "party"), "role": lookup(tg["target_id"], "role"),
            "target_type": tg["target_type"], "n_statements": tg["n_statements"],
        })
        nodes = pd.concat([nodes, tnodes], ignore_index=True)
    nodes["n_statements"] = nodes["n_statements"].astype(int)
    return nodes[NODES].reset_index(drop=True)


def _safe(value):
    """A GraphML-safe scalar: str, int, float or bool (missing -> "")."""
    if _blank(value) and not isinstance(value, str):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, (list, tuple, set)):
        return _join(value)
    return str(value)


def to_graph(
    edges: pd.DataFrame,
    nodes: pd.DataFrame | None = None,
    *,
    multigraph: bool | None = None,
) -> nx.Graph:
    """An undirected networkx graph from an edge table and an optional node table.

    Node and edge attributes are the table columns, made GraphML-safe (strings
    and numbers). Returns an ``nx.MultiGraph`` (edge key = ``relation``, plus
    ``@window`` when windowed) when ``multigraph`` is true or, by default, when
    a node pair has more than one edge (congruence *and* conflict); otherwise
    an ``nx.Graph``.
    """
    keys = [r if w in ("", "all") else f"{r}@{w}" for r, w in zip(
        edges.get("relation", pd.Series([""] * len(edges))),
        edges.get("window", pd.Series(["all"] * len(edges))))]
    if multigraph is None:
        pairs = [frozenset((u, v)) for u, v in zip(edges["source"], edges["target"])]
        multigraph = len(set(pairs)) < len(pairs)
    g: nx.Graph = nx.MultiGraph() if multigraph else nx.Graph()
    if nodes is not None:
        for rec in nodes.to_dict("records"):
            g.add_node(str(rec["id"]), **{k: _safe(v) for k, v in rec.items() if k != "id"})
    for key, rec in zip(keys, edges.to_dict("records")):
        u, v = str(rec["source"]), str(rec["target"])
        for n, lab in ((u, rec.get("source_label")), (v, rec.get("target_label"))):
            if n not in g:
                g.add_node(n, label=_safe(lab) if not _blank(lab) else n)
        attrs = {k: _safe(val) for k, val in rec.items() if k not in ("source", "target")}
        if multigraph:
            g.add_edge(u, v, key=key, **attrs)
        else:
            g.add_edge(u, v, **attrs)
    return g


def two_mode_graph(stances: pd.DataFrame, *, actors: pd.DataFrame | None = None, **options) -> nx.Graph:
    """The two-mode actor x target graph (see :func:`two_mode_edges` for options).

    Nodes carry ``mode`` ("actor"/"target") and ``bipartite`` (0/1)."""
    edges = two_mode_edges(stances, **options)
    nodes = node_table(stances, actors=actors, two_mode=True, include_neutral=options.get("include_neutral", False))
    g = to_graph(edges, nodes, multigraph=False)
    for n, d in g.nodes(data=True):
        d["bipartite"] = 0 if d.get("mode") == "actor" else 1
    return g


def actor_graph(stances: pd.DataFrame, *, actors: pd.DataFrame | None = None, **options) -> nx.Graph:
    """The one-mode actor graph (see :func:`actor_edges` for options).

    With ``relation="both"`` (default) an ``nx.MultiGraph`` keyed by relation;
    with one relation an ``nx.Graph``. Windowed edge tables give one keyed
    edge per relation and window."""
    edges = actor_edges(stances, **options)
    nodes = node_table(stances, actors=actors, include_neutral=options.get("include_neutral", False))
    multi = options.get("relation", "both") == "both" or (
        options.get("period") is not None or options.get("window") is not None)
    return to_graph(edges, nodes, multigraph=multi)


def graph_tables(graph: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(nodes, edges)`` DataFrames of a graph: ``id`` + node attributes and
    ``source``, ``target`` (+ ``key`` for multigraphs) + edge attributes."""
    nodes = pd.DataFrame([{"id": n, **d} for n, d in graph.nodes(data=True)], columns=None)
    if nodes.empty:
        nodes = pd.DataFrame(columns=["id"])
    if graph.is_multigraph():
        rows = [{"source": u, "target": v, "key": k, **d} for u, v, k, d in graph.edges(keys=True, data=True)]
        base = ["source", "target", "key"]
    else:
        rows = [{"source": u, "target": v, **d} for u, v, d in graph.edges(data=True)]
        base = ["source", "target"]
    edges = pd.DataFrame(rows) if rows else pd.DataFrame(columns=base)
    return nodes, edges


# ---------------------------------------------------------------- evidence

def _resolve(node: str, ids: set[str], labels: dict[str, str]) -> str:
    if node in ids:
        return node
    for cand in (actor_id(node), TARGET_PREFIX + actor_id(node)):
        if cand in ids:
            return cand
    low = node.strip().lower()
    for i, lab in labels.items():
        if lab.strip().lower() == low:
            return i
    return node


def _edge_rows(graph_or_edges, a: str, b: str) -> pd.DataFrame:
    if isinstance(graph_or_edges, nx.Graph):
        _, edges = graph_tables(graph_or_edges)
        labels = {n: str(d.get("label", n)) for n, d in graph_or_edges.nodes(data=True)}
    else:
        edges = graph_or_edges
        labels = {}
        for idc, labc in (("source", "source_label"), ("target", "target_label")):
            if labc in edges:
                labels.update(dict(zip(edges[idc].astype(str), edges[labc].astype(str))))
    if edges.empty:
        return edges
    ids = set(edges["source"].astype(str)) | set(edges["target"].astype(str))
    a, b = _resolve(str(a), ids, labels), _resolve(str(b), ids, labels)
    s, t = edges["source"].astype(str), edges["target"].astype(str)
    return edges[((s == a) & (t == b)) | ((s == b) & (t == a))]


def edge_evidence(
    graph_or_edges: nx.Graph | pd.DataFrame,
    a: str,
    b: str,
    stances: pd.DataFrame,
    claims: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The statements behind the edge(s) between ``a`` and ``b`` (``EVIDENCE``).

    ``a`` and ``b`` may be node ids, names or labels (in either order); every
    edge between them (congruence and conflict, every window) contributes its
    ``stance_ids``. Each row is one statement with its evidence text, the claim
    (speaker text, cue, content) when ``claims`` is given, and the whole
    sentence around the evidence (``sentence`` with offsets into the document
    text, so ``text[sentence_start:sentence_end] == sentence``) when
    ``documents`` holds the text. Empty (with the columns) when there is no
    such edge.
    """
    rows = _edge_rows(graph_or_edges, a, b)
    if rows is None or rows.empty:
        return pd.DataFrame(columns=EVIDENCE)
    wanted = []
    for rel, ids in zip(rows.get("relation", pd.Series([""] * len(rows))), rows["stance_ids"]):
        wanted += [(rel, i) for i in _split(ids)]
    want = pd.DataFrame(wanted, columns=["relation", "stance_id"]).drop_duplicates()
    st = stances.copy()
    st["stance_id"] = _str_col(st, "stance_id")
    out = want.merge(st, on="stance_id", how="inner")
    for col in ("evidence", "source", "target", "polarity", "doc_id", "claim_id"):
        out[col] = _str_col(out, col)
    if claims is not None and len(claims):
        from utils.claims import attributions

        c = attributions(claims)  # one row per claim, the parts of a quote joined
        c = c[[k for k in ("claim_id", "speaker_text", "cue", "content") if k in c]]
        out = out.merge(c, on="claim_id", how="left")
    for col in ("speaker_text", "cue", "content"):
        out[col] = _str_col(out, col)
    out["title"], out["date"], out["sentence"] = "", pd.NaT, out["evidence"]
    out["sentence_start"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["sentence_end"] = pd.array([pd.NA] * len(out), dtype="Int64")
    if documents is not None and len(documents):
        docs = documents.drop_duplicates("doc_id").set_index(documents.drop_duplicates("doc_id")["doc_id"].astype(str))
        if "title" in docs:
            out["title"] = _str_col(out.assign(title=out["doc_id"].map(docs["title"])), "title")
        if "date" in docs:
            out["date"] = out["doc_id"].map(docs["date"])
        if "text" in docs:
            _add_sentences(out, docs["text"], claims)
    return out[EVIDENCE].sort_values(["relation", "doc_id", "stance_id"]).reset_index(drop=True)


def strongest_edge(edges: pd.DataFrame, *, relation: str | None = None) -> tuple[str, str] | None:
    """``(source, target)`` of the edge with the largest ``weight`` (ties: the
    larger ``count``, then ids in order), optionally of one ``relation``;
    ``None`` when there is no edge.

    >>> e = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "relation": ["conflict"] * 2,
    ...                   "weight": [0.5, 0.9], "count": [1, 1]})
    >>> strongest_edge(e)
    ('a', 'c')
    """
    if relation is not None and len(edges):
        edges = edges[edges["relation"] == relation]
    if edges is None or edges.empty:
        return None
    top = edges.sort_values(["weight", "count", "source", "target"], ascending=[False, False, True, True]).iloc[0]
    return str(top["source"]), str(top["target"])


def _add_sentences(out: pd.DataFrame, texts: pd.Series, claims: pd.DataFrame | None) -> None:
    from utils.text import segment

    claim_spans = {}
    if claims is not None and len(claims) and {"content_start", "content_end"} <= set(claims):
        claim_spans = dict(zip(claims["claim_id"].astype(str), zip(claims["content_start"], claims["content_end"])))
    segs: dict[str, object] = {}
    for i, rec in zip(out.index, out.to_dict("records")):
        text = texts.get(rec["doc_id"])
        if _blank(text):
            continue
        start, end = rec.get("evidence_start"), rec.get("evidence_end")
        if _blank(start) or _blank(end):
            start, end = claim_spans.get(rec["claim_id"], (None, None))
        if _blank(start) or _blank(end):
            continue
        start, end = int(start), int(end)
        if rec["doc_id"] not in segs:
            segs[rec["doc_id"]] = segment(str(text))
        seg = segs[rec["doc_id"]]
        sents = seg.sentences
        if not sents:
            continue
        s0, s1 = sents[max(seg.sentence_at(start), 0)], sents[max(seg.sentence_at(max(end - 1, start)), 0)]
        out.at[i, "sentence_start"], out.at[i, "sentence_end"] = s0.start, s1.end
        out.at[i, "sentence"] = str(text)[s0.start : s1.end]


# ---------------------------------------------------------------- export

def _atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Write via a temp file in the same folder, then ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _graphml_ready(graph: nx.Graph) -> nx.Graph:
    g = graph.copy()
    for _, d in g.nodes(data=True):
        for k in list(d):
            d[k] = _safe(d[k])
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
    for *_, d in edges:
        for k in list(d):
            d[k] = _safe(d[k])
    for k in list(g.graph):
        g.graph[k] = _safe(g.graph[k])
    return g


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write a graph as GraphML (for Gephi), atomically; returns the path."""
    g = _graphml_ready(graph)
    return _atomic_write(path, lambda p: nx.write_graphml(g, p, encoding="utf-8"))


def write_csv(graph: nx.Graph, nodes_path: str | Path, edges_path: str | Path) -> tuple[Path, Path]:
    """Write node and edge lists as CSV (Gephi's ``id``/``source``/``target``
    columns plus every attribute), atomically; returns both paths."""
    nodes, edges = graph_tables(graph)
    if "label" not in nodes:
        nodes["label"] = nodes["id"]
    write = lambda df: (lambda p: df.to_csv(p, index=False, encoding="utf-8"))  # noqa: E731
    return _atomic_write(nodes_path, write(nodes)), _atomic_write(edges_path, write(edges))


#: DNA 3's SQLite tables, as ``Sql.createTables`` in leifeld/dna (DNA 3.0, Java) creates
#: them (column names, types and checks copied; the foreign keys are left out because
#: this writer fills the tables in dependency order and SQLite does not enforce them
#: unless asked to).
_DNA_SCHEMA = """
CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL CHECK (LENGTH(Name) < 191),
  Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0,
  Refresh INTEGER NOT NULL DEFAULT 0, FontSize INTEGER NOT NULL DEFAULT 14,
  Password TEXT NOT NULL CHECK (LENGTH(Password) < 191), PopupWidth INTEGER DEFAULT 300,
  ColorByCoder INTEGER NOT NULL DEFAULT 0, PopupDecoration INTEGER NOT NULL DEFAULT 0,
  PopupAutoComplete INTEGER NOT NULL DEFAULT 1,
  PermissionAddDocuments INTEGER NOT NULL DEFAULT 1, PermissionEditDocuments INTEGER NOT NULL DEFAULT 1,
  PermissionDeleteDocuments INTEGER NOT NULL DEFAULT 1, PermissionImportDocuments INTEGER NOT NULL DEFAULT 1,
  PermissionAddStatements INTEGER NOT NULL DEFAULT 1, PermissionEditStatements INTEGER NOT NULL DEFAULT 1,
  PermissionDeleteStatements INTEGER NOT NULL DEFAULT 1, PermissionEditAttributes INTEGER NOT NULL DEFAULT 1,
  PermissionEditRegex INTEGER NOT NULL DEFAULT 1, PermissionEditStatementTypes INTEGER NOT NULL DEFAULT 1,
  PermissionEditCoders INTEGER NOT NULL DEFAULT 1, PermissionEditCoderRelations INTEGER NOT NULL DEFAULT 1,
  PermissionViewOthersDocuments INTEGER NOT NULL DEFAULT 1, PermissionEditOthersDocuments INTEGER NOT NULL DEFAULT 1,
  PermissionViewOthersStatements INTEGER NOT NULL DEFAULT 1, PermissionEditOthersStatements INTEGER NOT NULL DEFAULT 1);
CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL CHECK (LENGTH(Title) < 191),
  Text TEXT NOT NULL, Coder INTEGER, Author TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Author) < 191),
  Source TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Source) < 191),
  Section TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Section) < 191), Notes TEXT NOT NULL DEFAULT '',
  Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191), Date INTEGER NOT NULL);
CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, Label TEXT NOT NULL CHECK (LENGTH(Label) < 191),
  Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191),
  DataType TEXT NOT NULL DEFAULT 'short text' CHECK (DataType IN ('boolean', 'integer', 'long text', 'short text')),
  StatementTypeId INTEGER, UNIQUE (Variable, StatementTypeId));
CREATE TABLE VARIABLELINKS(ID INTEGER NOT NULL PRIMARY KEY, SourceVariableId INTEGER, TargetVariableId INTEGER,
  CHECK (TargetVariableId != SourceVariableId));
CREATE TABLE REGEXES(Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191), Red INTEGER NOT NULL DEFAULT 0,
  Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE CODERRELATIONS(ID INTEGER NOT NULL PRIMARY KEY, Coder INTEGER CHECK(Coder > 0),
  OtherCoder INTEGER CHECK(OtherCoder > 0), viewStatements INTEGER NOT NULL DEFAULT 1,
  editStatements INTEGER NOT NULL DEFAULT 1, viewDocuments INTEGER NOT NULL DEFAULT 1,
  editDocuments INTEGER NOT NULL DEFAULT 1, CHECK (Coder != OtherCoder));
CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, DocumentId INTEGER,
  Start INTEGER NOT NULL CHECK(Start >= 0), Stop INTEGER NOT NULL CHECK(Stop >= 0), Coder INTEGER,
  CHECK (Start < Stop));
CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Value INTEGER NOT NULL DEFAULT 1, UNIQUE (StatementId, VariableId));
CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Value INTEGER NOT NULL DEFAULT 0, UNIQUE (StatementId, VariableId));
CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
  Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), Red INTEGER, Green INTEGER, Blue INTEGER,
  ChildOf INTEGER CHECK(ChildOf > 0), UNIQUE (VariableId, Value));
CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Entity INTEGER NOT NULL, UNIQUE (StatementId, VariableId));
CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Value TEXT DEFAULT '', UNIQUE (StatementId, VariableId));
CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
  AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191), UNIQUE(VariableId, AttributeVariable));
CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL,
  AttributeVariableId INTEGER NOT NULL, AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191),
  UNIQUE (EntityId, AttributeVariableId));
CREATE TABLE WHO_SAYS_WHAT_STATEMENTS(StatementId INTEGER PRIMARY KEY NOT NULL, StanceId TEXT NOT NULL,
  ClaimId TEXT NOT NULL, DocId TEXT NOT NULL);
"""
#: The password of the exported file's Admin coder (DNA asks for it when opening).
DNA_ADMIN_PASSWORD = "admin"
DNA_VERSION = "3.0"


def _jasypt_strong_hash(password: str, salt: bytes | None = None) -> str:
    """A password hash laid out like jasypt's ``StrongPasswordEncryptor`` (which
    DNA 3 uses): base64 of a 16-byte salt followed by SHA-256 applied 100,000
    times to salt + password. Reconstructed from jasypt's documented defaults;
    not checked against DNA itself."""
    import base64
    import hashlib
    import unicodedata

    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.sha256(salt + unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    for _ in range(100_000 - 1):
        digest = hashlib.sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _statement_spans(stances: pd.DataFrame, claims: pd.DataFrame | None) -> dict[str, tuple[int, int]]:
    """stance_id -> (start, stop): the whole attribution (speaker, cue and every
    part of the quote) when the stance has a claim, else the stance's evidence."""
    spans: dict[str, tuple[int, int]] = {}
    claim_span: dict[str, tuple[int, int]] = {}
    if claims is not None and len(claims):
        starts = [c for c in ("speaker_start", "cue_start", "content_start") if c in claims]
        ends = [c for c in ("speaker_end", "cue_end", "content_end") if c in claims]
        c = claims.assign(claim_id=_str_col(claims, "claim_id"))
        lo = c[starts].apply(pd.to_numeric, errors="coerce").min(axis=1).groupby(c["claim_id"]).min()
        hi = c[ends].apply(pd.to_numeric, errors="coerce").max(axis=1).groupby(c["claim_id"]).max()
        claim_span = {k: (int(lo[k]), int(hi[k])) for k in lo.index if pd.notna(lo[k]) and pd.notna(hi[k])}
    for rec in stances.to_dict("records"):
        sid, cid = str(rec.get("stance_id", "")), "" if _blank(rec.get("claim_id")) else str(rec["claim_id"])
        if cid in claim_span:
            spans[sid] = claim_span[cid]
        elif not _blank(rec.get("evidence_start")) and not _blank(rec.get("evidence_end")):
            spans[sid] = (int(rec["evidence_start"]), int(rec["evidence_end"]))
    return {k: (a, b) for k, (a, b) in spans.items() if 0 <= a < b}


def write_dna(
    path: str | Path,
    documents: pd.DataFrame,
    stances: pd.DataFrame,
    claims: pd.DataFrame | None = None,
    *,
    actors: pd.DataFrame | None = None,
    coder: str = "who-says-what",
) -> Path:
    """Write the corpus and its statements as a DNA 3 ``.dna`` file (SQLite); returns the path.

    Schema: the SQLite tables that DNA 3.0 (Leifeld's Discourse Network Analyzer,
    github.com/leifeld/dna, ``dna/src/main/java/sql/Sql.java``, ``createTables``)
    creates for a new database, with the same table and column names, types,
    defaults and checks, and its default "DNA Statement" type (ID 1, variables
    ``person``, ``organization``, ``concept`` short text and ``agreement``
    boolean, attribute variables Type/Alias/Notes).

    Contents:

    - ``DOCUMENTS``: one row per document: title, full text, author, source (the
      outlet), ``Notes`` = our ``doc_id``, ``Date`` in seconds since 1970 UTC
      (what DNA 3 reads; DNA 2 used milliseconds), coder 1.
    - ``STATEMENTS`` (type 1): one per favour/against stance that has a claim in
      ``claims`` (when ``claims`` is given; else one per stance with evidence
      offsets). ``Start``/``Stop`` mark the whole attribution in the document
      text (speaker, cue and quote; the stance's evidence when there is no
      claim span). Stances without a span, a known document or a favour/against
      polarity are left out.
    - ``DATASHORTTEXT`` via ``ENTITIES``: ``person`` = the speaker, ``organization``
      = the speaker's party from ``actors`` ('' when unknown), ``concept`` = the
      target (an issue or an actor); ``ATTRIBUTEVALUES`` Type = the speaker's
      type (person/organisation) or the target's type (issue/actor); person and
      organisation entities are coloured by party (``utils.palette``).
    - ``DATABOOLEAN`` ``agreement``: 1 for favour, 0 for against.
    - ``CODERS``: one coder (ID 1, named ``coder``) whose password is
      :data:`DNA_ADMIN_PASSWORD`, hashed like jasypt's StrongPasswordEncryptor.
    - ``SETTINGS``: version :data:`DNA_VERSION` and the export date.
    - ``WHO_SAYS_WHAT_STATEMENTS`` (not a DNA table; DNA ignores it): statement
      ID -> our ``stance_id``, ``claim_id`` and ``doc_id``, so every DNA
      statement can be traced back.

    Left out: DNA's other default statement types (NPF Story Element,
    Annotation), regexes, coder relations, foreign keys (SQLite does not enforce
    them unless asked), neutral stances (agreement is a yes/no variable) and the
    confidence and rule of each stance. The file has been checked with Python's
    ``sqlite3`` only; it has not been opened in the DNA application, and the
    password hash is reconstructed from jasypt's defaults, not tested.
    """
    from utils.palette import UNKNOWN as party_unknown, party_colour

    st = statements(stances)
    spans = _statement_spans(stances, claims)
    docs = documents.drop_duplicates("doc_id").reset_index(drop=True) if documents is not None else pd.DataFrame(
        columns=["doc_id"])
    doc_num = {str(d): i + 1 for i, d in enumerate(docs["doc_id"])}
    with_claim = set(_str_col(claims, "claim_id")) if claims is not None else None
    keep = st["doc_id"].isin(doc_num) & st["stance_id"].isin(spans)
    if with_claim is not None:
        keep &= st["claim_id"].isin(with_claim - {""})
    st = st[keep].reset_index(drop=True)
    info: dict[str, dict] = {}
    if actors is not None and len(actors):
        a = actors.drop_duplicates("actor_id")
        info = {str(i): {"party": "" if _blank(p) else str(p), "type": "" if _blank(t) else str(t)}
                for i, p, t in zip(a["actor_id"], _str_col(a, "party"), _str_col(a, "type"))}
    cut = lambda v: str(v)[:190]  # noqa: E731  DNA's LENGTH(...) < 191 checks

    def write(p: Path) -> None:
        con = sqlite3.connect(p)
        try:
            con.executescript(_DNA_SCHEMA)
            con.executemany("INSERT INTO SETTINGS VALUES (?, ?)",
                            [("version", DNA_VERSION), ("date", pd.Timestamp.now("UTC").strftime("%Y-%m-%d"))])
            con.execute("INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password, PermissionEditStatementTypes, "
                        "PermissionEditCoders, PermissionEditOthersDocuments, PermissionEditOthersStatements) "
                        "VALUES (1, ?, 255, 255, 0, ?, 1, 1, 1, 1)", (cut(coder), _jasypt_strong_hash(DNA_ADMIN_PASSWORD)))
            dates = _to_datetime(docs["date"]) if "date" in docs else pd.Series(pd.NaT, index=docs.index)
            for i, rec in docs.iterrows():
                secs = 0 if pd.isna(dates.iloc[i]) else int(dates.iloc[i].value // 1_000_000_000)
                get = lambda c: "" if c not in rec or _blank(rec[c]) else str(rec[c])  # noqa: E731
                con.execute("INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date) "
                            "VALUES (?,?,?,1,?,?,'',?,'',?)",
                            (i + 1, cut(get("title") or get("doc_id")), get("text"), cut(get("author")),
                             cut(get("source")), get("doc_id"), secs))
            con.execute("INSERT INTO STATEMENTTYPES VALUES (1, 'DNA Statement', 239, 208, 51)")
            con.executemany("INSERT INTO VARIABLES VALUES (?,?,?,1)",
                            [(1, "person", "short text"), (2, "organization", "short text"),
                             (3, "concept", "short text"), (4, "agreement", "boolean")])
            attr = {}
            for k, (var, name) in enumerate([(v, n) for n in ("Type", "Alias", "Notes") for v in (1, 2, 3)], start=1):
                con.execute("INSERT INTO ATTRIBUTEVARIABLES VALUES (?,?,?)", (k, var, name))
                attr[(var, name)] = k
            entities: dict[tuple[int, str], int] = {}

            def entity(var: int, value: str, colour: str | None, type_: str) -> int:
                key = (var, cut(value))
                if key not in entities:
                    eid = len(entities) + 1
                    r, g, b = _rgb(colour) if colour else (0, 0, 0)
                    con.execute("INSERT INTO ENTITIES (ID, VariableId, Value, Red, Green, Blue) VALUES (?,?,?,?,?,?)",
                                (eid, var, key[1], r, g, b))
                    for name in ("Type", "Alias", "Notes"):
                        con.execute("INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
                                    "VALUES (?,?,?)", (eid, attr[(var, name)], cut(type_) if name == "Type" else ""))
                    entities[key] = eid
                return entities[key]

            for k, rec in enumerate(st.to_dict("records"), start=1):
                start, stop = spans[rec["stance_id"]]
                who = info.get(rec["source_id"], {})
                party = who.get("party", "")
                colour = party_colour(party) if party else None
                colour = None if colour == party_unknown else colour
                con.execute("INSERT INTO STATEMENTS VALUES (?,1,?,?,?,1)", (k, doc_num[rec["doc_id"]], start, stop))
                ids = [entity(1, rec["source"], colour, who.get("type", "")), entity(2, party, colour, "party" if party else ""),
                       entity(3, rec["target"], None, rec["target_type"])]
                con.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?,?,?)",
                                [(k, 1, ids[0]), (k, 2, ids[1]), (k, 3, ids[2])])
                con.execute("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?,4,?)",
                            (k, 1 if rec["polarity"] == "favour" else 0))
                con.execute("INSERT INTO WHO_SAYS_WHAT_STATEMENTS VALUES (?,?,?,?)",
                            (k, rec["stance_id"], rec["claim_id"], rec["doc_id"]))
            con.commit()
        finally:
            con.close()

    return _atomic_write(path, write)


# ---------------------------------------------------------------- chart

def _layout_graph(graph: nx.Graph) -> nx.Graph:
    """A simple weighted graph for the layout: conflict pulls only weakly."""
    h = nx.Graph()
    h.add_nodes_from(graph.nodes())
    edges = graph.edges(data=True)
    ws = [abs(float(d.get("weight", 1.0) or 0.0)) for *_, d in edges] or [1.0]
    top = max(ws) or 1.0
    for u, v, d in graph.edges(data=True):
        w = 0.2 + 0.8 * abs(float(d.get("weight", 1.0) or 0.0)) / top
        if d.get("relation") == "conflict":
            w *= 0.15
        h.add_edge(u, v, weight=h[u][v]["weight"] + w if h.has_edge(u, v) else w)
    return h


def network_layout(graph: nx.Graph, *, seed: int = 0) -> dict[str, np.ndarray]:
    """Node positions: Kamada-Kawai on small graphs (<= 60 nodes), a
    Fruchterman-Reingold spring layout on larger ones; seeded, so repeatable."""
    h = _layout_graph(graph)
    n = h.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(h.nodes())): np.array([0.0, 0.0])}
    pos = nx.spring_layout(h, weight="weight", seed=seed, k=1.6 / math.sqrt(n), iterations=200)
    if n <= 60:
        # Kamada-Kawai per component keeps neighbours at a readable distance;
        # components are then placed side by side by the spring layout's order.
        pos = nx.kamada_kawai_layout(h, pos=pos, weight=None)
    return {k: np.asarray(v, dtype=float) for k, v in pos.items()}


def _repel_labels(ax, texts: list, anchors_px: np.ndarray, nodes_px: np.ndarray, radii_px: np.ndarray,
                  *, iterations: int = 600, pad: float = 2.0) -> np.ndarray:
    """Move label texts (display coordinates) until their boxes overlap neither
    each other nor the given node markers; a label that is free is pulled
    gently back towards its anchor; labels stay inside the axes. Returns the
    final anchor positions in display coordinates."""
    renderer = ax.figure.canvas.get_renderer()
    inv = ax.transData.inverted()
    ext = np.array([t.get_window_extent(renderer).extents for t in texts])  # x0, y0, x1, y1
    pos = ax.transData.transform(np.array([t.get_position() for t in texts]))
    off0 = ext[:, :2] - pos  # bbox corner relative to the text anchor
    size = ext[:, 2:] - ext[:, :2]
    box = ax.get_window_extent(renderer)
    k = len(texts)
    rng = np.random.default_rng(0)
    cur = pos.copy()
    for it in range(iterations):
        lo = cur + off0
        centre = lo + size / 2
        dx = centre[:, None, 0] - centre[None, :, 0]
        dy = centre[:, None, 1] - centre[None, :, 1]
        ox = (size[:, None, 0] + size[None, :, 0]) / 2 + pad - np.abs(dx)
        oy = (size[:, None, 1] + size[None, :, 1]) / 2 + pad - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        shift = np.zeros((k, 2))
        if hit.any():
            jitter = rng.uniform(-1, 1, size=dx.shape)
            sx = np.sign(np.where(np.abs(dx) < 1e-6, jitter - jitter.T, dx))
            sy = np.sign(np.where(np.abs(dy) < 1e-6, jitter - jitter.T, dy))
            along_y = oy <= ox  # separate along the axis of the smaller overlap
            shift[:, 0] += np.where(hit & ~along_y, sx * (ox / 2 + 0.5), 0).sum(axis=1)
            shift[:, 1] += np.where(hit & along_y, sy * (oy / 2 + 0.5), 0).sum(axis=1)
        # markers: push a box off any marker it covers
        px = np.clip(nodes_px[None, :, 0], lo[:, None, 0], lo[:, None, 0] + size[:, None, 0])
        py = np.clip(nodes_px[None, :, 1], lo[:, None, 1], lo[:, None, 1] + size[:, None, 1])
        need = radii_px[None, :] + pad - np.hypot(px - nodes_px[None, :, 0], py - nodes_px[None, :, 1])
        node_hit = need > 0
        if node_hit.any():
            cx = centre[:, None, 0] - nodes_px[None, :, 0]
            cy = centre[:, None, 1] - nodes_px[None, :, 1]
            norm = np.hypot(cx, cy)
            ux = np.where(norm < 1e-6, 0.0, cx / np.where(norm < 1e-6, 1.0, norm))
            uy = np.where(norm < 1e-6, 1.0, cy / np.where(norm < 1e-6, 1.0, norm))
            shift[:, 0] += np.where(node_hit, ux * need, 0).sum(axis=1)
            shift[:, 1] += np.where(node_hit, uy * need, 0).sum(axis=1)
        busy = hit.any(axis=1) | node_hit.any(axis=1)
        if not busy.any():
            break
        shift[~busy] += 0.05 * (anchors_px[~busy] - cur[~busy])  # free labels drift home
        cur = cur + np.clip(shift, -25, 25)
        lo = cur + off0
        cur[:, 0] += np.clip(box.x0 - lo[:, 0], 0, None) - np.clip(lo[:, 0] + size[:, 0] - box.x1, 0, None)
        cur[:, 1] += np.clip(box.y0 - lo[:, 1], 0, None) - np.clip(lo[:, 1] + size[:, 1] - box.y1, 0, None)
    for t, p in zip(texts, inv.transform(cur)):
        t.set_position((float(p[0]), float(p[1])))
    return cur


def label_overlaps(ax) -> int:
    """Number of pairs of text labels on ``ax`` whose boxes overlap (0 for a
    readable chart); the title and legends are not counted."""
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_visible() and t.get_text()]
    return sum(1 for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j]))


def drawable_subgraph(graph: nx.Graph, *, max_nodes: int | None = 60,
                      hide_isolates: bool = True) -> tuple[nx.Graph, str]:
    """The part of ``graph`` worth drawing, and a note saying what was left out.

    >>> g = nx.Graph([("a", "b"), ("b", "c")]); g.add_node("z")
    >>> h, note = drawable_subgraph(g, max_nodes=2)
    >>> sorted(h.nodes()), note
    (['a', 'b'], '2 of 4 nodes: the best connected; 1 without ties not shown')
    """
    total = graph.number_of_nodes()
    keep = set(graph.nodes())
    isolated = {v for v in keep if graph.degree(v) == 0} if hide_isolates and graph.number_of_edges() else set()
    keep -= isolated
    if max_nodes is not None and len(keep) > max_nodes:
        strength = {v: 0.0 for v in keep}
        for u, v, d in graph.edges(data=True):
            w = abs(float(d.get("weight", 1.0) or 0.0)) or 1.0
            strength[u] = strength.get(u, 0.0) + w
            strength[v] = strength.get(v, 0.0) + w
        keep = set(sorted(keep, key=lambda v: (-strength[v], str(v)))[:max_nodes])
        sub = graph.subgraph(keep)
        keep = {v for v in keep if sub.degree(v) > 0} or keep
    if len(keep) == total:
        return graph, ""
    parts = [f"{len(keep)} of {total} nodes" + (": the best connected" if max_nodes and len(keep) < total - len(isolated) else "")]
    if isolated:
        parts.append(f"{len(isolated)} without ties not shown")
    return graph.subgraph(keep).copy(), "; ".join(parts)


def draw_network(
    graph: nx.Graph,
    *,
    ax=None,
    color_by: str = "party",
    top_k_labels: int | None = None,
    seed: int = 0,
    title: str | None = None,
    pos: dict | None = None,
    legend: bool = True,
    max_nodes: int | None = 60,
    hide_isolates: bool = True,
):
    """Draw a discourse network; return the matplotlib ``Axes``.

    A readable picture of a large corpus needs a selection: nodes without any
    edge are left out (``hide_isolates``) and, past ``max_nodes``, only the
    nodes with the largest weighted degree are drawn; the title says how many
    of how many are shown. The full graph stays in the exports.

    Nodes are coloured by the node attribute ``color_by`` (``"party"`` or
    ``"type"``; empty values show as "unknown"; target nodes of a two-mode
    graph are grey squares) and sized by degree; edges are coloured by
    relation (congruence/favour green and solid, conflict/against red and
    dashed, mixed purple), their width grows with ``weight``, and a pair with
    both a congruence and a conflict edge gets two curved edges. Labels avoid
    each other and the markers (a small iterative repulsion) with leader lines
    when they had to move; on large graphs only the ``top_k_labels`` nodes by
    degree are labelled (default: all up to 40 nodes, else 20) and nodes are
    small and edges translucent.

    Args:
        graph: from :func:`actor_graph`, :func:`two_mode_graph` or :func:`to_graph`.
        ax: axes to draw on (default: a new figure sized to the graph).
        color_by: node attribute for colours.
        top_k_labels: how many labels to show.
        seed: layout seed.
        title: axes title.
        pos: precomputed positions (default :func:`network_layout`).
        legend: draw the node and edge legends (outside the axes, right).
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    graph, note = drawable_subgraph(graph, max_nodes=max_nodes, hide_isolates=hide_isolates)
    if note:
        title = f"{title}\n({note})" if title else note
    n = graph.number_of_nodes()
    big = n > 40
    own_figure = ax is None
    if own_figure:
        _, ax = plt.subplots(figsize=(11, 8.5) if big else (8.5, 6.5))
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    if n == 0:
        ax.text(0.5, 0.5, "no statements to draw", ha="center", va="center", transform=ax.transAxes)
        return ax
    pos = pos or network_layout(graph, seed=seed)
    ids = list(graph.nodes())
    xy = np.array([pos[i] for i in ids], dtype=float)
    deg = np.array([graph.degree(i) for i in ids], dtype=float)
    rel_deg = deg / max(deg.max(), 1.0)

    # ---- node colours
    def category(d: dict) -> str:
        if d.get("mode") == "target":
            return "target"
        v = d.get(color_by, "")
        return "unknown" if _blank(v) else str(v)

    cats = [category(graph.nodes[i]) for i in ids]
    order = [c for c, _ in pd.Series([c for c in cats if c not in ("unknown", "target")]).value_counts().items()]
    if color_by == "party":
        # one colour per party in every chart (data/parties.csv); unlisted parties are grey,
        # and the legend names only the parties that have their own colour
        from utils.palette import UNKNOWN as party_unknown, party_colour

        colour_of = {c: party_colour(c) for c in order}
        listed = {c: col for c, col in colour_of.items() if col != party_unknown}
        grey = "other or unknown" if len(listed) < len(order) else "unknown"
        colour_of = {**listed, grey: party_unknown}
        cats = [c if c in listed or c == "target" else grey for c in cats]
    else:
        shown = order[: len(NODE_PALETTE) - 1]
        colour_of = {c: NODE_PALETTE[k] for k, c in enumerate(shown)}
        if len(order) > len(shown):
            colour_of["other"] = NODE_PALETTE[-1]
        colour_of["unknown"] = UNKNOWN_COLOUR
        cats = [c if c in colour_of or c == "target" else "other" for c in cats]
    colour_of["target"] = TARGET_COLOUR

    # ---- edges
    multi = graph.is_multigraph()
    elist = list(graph.edges(keys=True, data=True)) if multi else [(u, v, None, d) for u, v, d in graph.edges(data=True)]
    ws = np.array([abs(float(d.get("weight", 1.0) or 0.0)) for *_, d in elist] or [1.0])
    wmax = ws.max() or 1.0
    index = {i: k for k, i in enumerate(ids)}
    seen: dict[frozenset, int] = {}
    mult = pd.Series([frozenset((u, v)) for u, v, *_ in elist]).value_counts().to_dict() if elist else {}
    segs, colours, widths, styles, relations = [], [], [], [], []
    span = np.ptp(xy, axis=0).max() if len(xy) > 1 else 1.0
    for (u, v, _, d), w in zip(elist, ws):
        p, q = xy[index[u]], xy[index[v]]
        pair = frozenset((u, v))
        m, k = mult.get(pair, 1), seen.get(pair, 0)
        seen[pair] = k + 1
        if m > 1 and u != v:
            rad = 0.18 * (k - (m - 1) / 2)
            ctrl = (p + q) / 2 + rad * np.array([-(q - p)[1], (q - p)[0]])
            t = np.linspace(0, 1, 16)[:, None]
            segs.append((1 - t) ** 2 * p + 2 * (1 - t) * t * ctrl + t**2 * q)
        else:
            segs.append(np.array([p, q]))
        rel = str(d.get("relation", ""))
        relations.append(rel)
        colours.append(RELATION_COLOURS.get(rel, "#999999"))
        if ws.min() == ws.max():
            widths.append(1.0 if big else 2.2)
        else:
            widths.append((0.4 + 2.0 * w / wmax) if big else (0.8 + 4.2 * w / wmax))
        styles.append(RELATION_STYLES.get(rel, "solid"))
    if segs:
        ax.add_collection(LineCollection(segs, colors=colours, linewidths=widths, linestyles=styles,
                                         alpha=0.35 if big else 0.8, zorder=1, capstyle="round"))

    # ---- nodes
    sizes = (12 + 110 * rel_deg) if big else (260 + 640 * rel_deg)
    is_target = np.array([c == "target" for c in cats])
    for mask, marker in ((~is_target, "o"), (is_target, "s")):
        if mask.any():
            ax.scatter(xy[mask, 0], xy[mask, 1], s=sizes[mask], c=[colour_of[c] for c, m in zip(cats, mask) if m],
                       marker=marker, edgecolors="#404040" if not big else "white",
                       linewidths=0.8 if not big else 0.4, zorder=3)
    pad = 0.12 * (span or 1.0)
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)

    # ---- legends
    if legend:
        present = [c for c in list(colour_of) if c in cats]
        handles = [Line2D([], [], marker="s" if c == "target" else "o", ls="", markersize=8,
                          markerfacecolor=colour_of[c], markeredgecolor="#404040", label=c) for c in present]
        first = ax.legend(handles=handles, title=f"Nodes ({color_by})", loc="upper left",
                          bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
        ax.add_artist(first)
        rels = [r for r in ("congruence", "conflict", "balanced", "favour", "against", "mixed", "neutral")
                if r in relations]
        eh = [Line2D([], [], color=RELATION_COLOURS[r], lw=2.5, ls=RELATION_STYLES.get(r, "solid"), label=r)
              for r in rels]
        if eh:
            ax.legend(handles=eh, title="Edges (width = weight)", loc="lower left", bbox_to_anchor=(1.0, 0.0),
                      frameon=False, fontsize=9)
    if own_figure:
        ax.figure.tight_layout()  # final geometry first: labels are placed in display space

    # ---- labels
    k = top_k_labels if top_k_labels is not None else (n if n <= 40 else 20)
    ranked = sorted(range(n), key=lambda i: (-deg[i], str(graph.nodes[ids[i]].get("label", ids[i]))))[:k]
    fig = ax.figure
    dpi = fig.dpi
    radii = np.sqrt(sizes) / 2 * dpi / 72
    nodes_px = ax.transData.transform(xy)
    texts, anchors = [], []
    for i in ranked:
        label = str(graph.nodes[ids[i]].get("label", ids[i]))
        ax_px = nodes_px[i] + np.array([0.0, radii[i] + 3])
        data_xy = ax.transData.inverted().transform(ax_px)
        style = "italic" if cats[i] == "target" else "normal"
        texts.append(ax.text(data_xy[0], data_xy[1], label, fontsize=7.5 if big else 9, ha="center", va="bottom",
                             style=style,
                             zorder=5, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75)))
        anchors.append(ax_px)
    if texts:
        obstacles = np.array(ranked) if big else np.arange(n)
        final = _repel_labels(ax, texts, np.array(anchors), nodes_px[obstacles], radii[obstacles])
        for t, i, f, a in zip(texts, ranked, final, anchors):
            if np.hypot(*(f - a)) > 12:
                start = ax.transData.inverted().transform(nodes_px[i])
                ax.plot([start[0], t.get_position()[0]], [start[1], t.get_position()[1]],
                        color="#707070", lw=0.5, zorder=2)

    return ax


def draw_small_multiples(
    graphs: dict[str, nx.Graph],
    *,
    ncols: int = 2,
    max_nodes: int | None = 14,
    top_k_labels: int | None = None,
    seed: int = 0,
    title: str | None = None,
    color_by: str = "party",
):
    """Draw several networks side by side (e.g. one per issue, from
    :func:`issue_edges`) with one shared legend; returns the matplotlib
    ``Figure``. Each panel is :func:`draw_network` with its own seeded layout,
    its title (the dict key) and at most ``max_nodes`` nodes; node colours are
    the party colours of ``utils.palette`` in every panel."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from utils.palette import UNKNOWN as party_unknown, party_colour

    n = max(len(graphs), 1)
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.2 * ncols + 2.2, 5.2 * nrows), squeeze=False)
    parties, relations = set(), set()
    for ax, (name, g) in zip(axes.flat, graphs.items()):
        draw_network(g, ax=ax, title=name, legend=False, max_nodes=max_nodes, top_k_labels=top_k_labels,
                     seed=seed, color_by=color_by)
        parties |= {str(d.get(color_by, "")) for _, d in g.nodes(data=True) if g.degree(_) > 0}
        relations |= {str(d.get("relation", "")) for *_, d in g.edges(data=True)}
    for ax in list(axes.flat)[len(graphs):]:
        ax.set_axis_off()
    if not graphs:
        axes.flat[0].text(0.5, 0.5, "no issue has statements from two actors", ha="center", va="center",
                          transform=axes.flat[0].transAxes)
    handles = []
    if color_by == "party":
        listed = sorted({p for p in parties if p and party_colour(p) != party_unknown})
        handles += [Line2D([], [], marker="o", ls="", markersize=8, markerfacecolor=party_colour(p),
                           markeredgecolor="#404040", label=p) for p in listed]
        if any(not p or party_colour(p) == party_unknown for p in parties):
            handles.append(Line2D([], [], marker="o", ls="", markersize=8, markerfacecolor=party_unknown,
                                  markeredgecolor="#404040", label="other or unknown"))
    handles += [Line2D([], [], color=RELATION_COLOURS[r], lw=2.5, ls=RELATION_STYLES.get(r, "solid"), label=r)
                for r in ("congruence", "conflict", "balanced") if r in relations]
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0, 1 - 2.0 / fig.get_figwidth(), 1))
    if handles:
        fig.legend(handles=handles, loc="center right", frameon=False, fontsize=9,
                   title="Nodes (party) and edges")
    return fig


# ---------------------------------------------------------------- example

_EXAMPLE_DOCS = {
    "ex-northgate-1": (
        "Council split over Northgate bypass", "2026-03-02",
        "Councillor Tom Hartley said the Northgate bypass would \"finally end the gridlock\" in the town centre.\n\n"
        "Priya Shah, who leads the Labour group, said she backed the bypass but warned that the housing plan "
        "was \"rushed and unfair\".\n\n"
        "Maria Lopez of the Green Party said the bypass was \"a costly mistake\" and urged the council to scrap it.\n\n"
        "Dan Okafor, a Labour councillor, said he agreed with Ms Shah that the housing plan should be paused.\n",
    ),
    "ex-northgate-2": (
        "Housing plan row deepens", "2026-04-15",
        "Tom Hartley defended the housing plan, saying it would bring 400 new homes to the town.\n\n"
        "Maria Lopez said the housing plan would \"swallow the last green fields\" and accused Mr Hartley of "
        "ignoring residents.\n\n"
        "The Northgate Residents' Association said it opposed the bypass and that Mr Hartley had failed to "
        "listen.\n\n"
        "Dan Okafor said the bypass would help local firms.\n",
    ),
}
# (doc, paragraph, speaker, speaker text, cue, content, target, target type, polarity, evidence)
_EXAMPLE_STANCES = [
    ("ex-northgate-1", 0, "Tom Hartley", "Councillor Tom Hartley", "said",
     "the Northgate bypass would \"finally end the gridlock\" in the town centre", "Northgate bypass", "issue",
     "favour", "would \"finally end the gridlock\""),
    ("ex-northgate-1", 1, "Priya Shah", "Priya Shah", "said",
     "she backed the bypass", "Northgate bypass", "issue", "favour", "backed the bypass"),
    ("ex-northgate-1", 1, "Priya Shah", "Priya Shah", "warned",
     "the housing plan was \"rushed and unfair\"", "housing plan", "issue", "against", "\"rushed and unfair\""),
    ("ex-northgate-1", 2, "Maria Lopez", "Maria Lopez", "said",
     "the bypass was \"a costly mistake\"", "Northgate bypass", "issue", "against", "\"a costly mistake\""),
    ("ex-northgate-1", 3, "Dan Okafor", "Dan Okafor", "said",
     "he agreed with Ms Shah that the housing plan should be paused", "housing plan", "issue", "against",
     "the housing plan should be paused"),
    ("ex-northgate-1", 3, "Dan Okafor", "Dan Okafor", "said",
     "he agreed with Ms Shah that the housing plan should be paused", "Priya Shah", "actor", "favour",
     "he agreed with Ms Shah"),
    ("ex-northgate-2", 0, "Tom Hartley", "Tom Hartley", "defended",
     "the housing plan", "housing plan", "issue", "favour", "defended the housing plan"),
    ("ex-northgate-2", 1, "Maria Lopez", "Maria Lopez", "said",
     "the housing plan would \"swallow the last green fields\"", "housing plan", "issue", "against",
     "\"swallow the last green fields\""),
    ("ex-northgate-2", 1, "Maria Lopez", "Maria Lopez", "accused",
     "Mr Hartley of ignoring residents", "Tom Hartley", "actor", "against", "accused Mr Hartley of ignoring residents"),
    ("ex-northgate-2", 2, "Northgate Residents' Association", "The Northgate Residents' Association", "said",
     "it opposed the bypass", "Northgate bypass", "issue", "against", "opposed the bypass"),
    ("ex-northgate-2", 2, "Northgate Residents' Association", "The Northgate Residents' Association", "said",
     "Mr Hartley had failed to listen", "Tom Hartley", "actor", "against", "Mr Hartley had failed to listen"),
    ("ex-northgate-2", 3, "Dan Okafor", "Dan Okafor", "said",
     "the bypass would help local firms", "Northgate bypass", "issue", "favour", "would help local firms"),
]
_EXAMPLE_ACTORS = [
    ("Tom Hartley", "person", "Conservative", "councillor"),
    ("Priya Shah", "person", "Labour", "leader of the Labour group"),
    ("Maria Lopez", "person", "Green", "councillor"),
    ("Dan Okafor", "person", "Labour", "councillor"),
    ("Northgate Residents' Association", "organisation", "", "residents' group"),
]


def example_tables() -> dict[str, pd.DataFrame]:
    """A tiny invented corpus (two local-news articles about a bypass and a
    housing plan) with hand-coded claims and stances, for demos and tests.

    Returns ``documents``, ``actors``, ``claims`` and ``stances`` tables in the
    schema column order; every span is an offset into the document text.
    Positions (0 = against, 1 = favour): Hartley bypass 1, housing 1; Shah
    bypass 1, housing 0; Lopez bypass 0, housing 0, Hartley 0; Okafor housing 0,
    Shah 1, bypass 1; Residents' Association bypass 0, Hartley 0.

    >>> t = example_tables()
    >>> len(t["stances"]), t["stances"]["polarity"].value_counts().to_dict()
    (12, {'against': 7, 'favour': 5})
    """
    from utils.text import segment

    docs, claims, stances = [], {}, []
    for doc_id, (title, date, text) in _EXAMPLE_DOCS.items():
        docs.append({"doc_id": doc_id, "title": title, "source": "example", "date": pd.Timestamp(date),
                     "url": "", "author": "", "path": "", "encoding": "utf-8", "n_chars": len(text),
                     "n_words": len(text.split()), "text": text})
    for k, (doc_id, para, speaker, spk_text, cue, content, target, ttype, pol, evidence) in enumerate(_EXAMPLE_STANCES):
        text = _EXAMPLE_DOCS[doc_id][2]
        seg = segment(text)
        p = seg.paragraphs[para]
        cs = text.index(content, p.start)
        ss = text.index(spk_text, p.start)
        cue_s = text.index(cue, ss + len(spk_text))
        es = text.index(evidence, p.start)
        claim_id = f"{doc_id}:c{cs}-{cs + len(content)}"
        claims[claim_id] = {
            "doc_id": doc_id, "claim_id": claim_id, "part": 1, "kind": "direct" if content.count('"') >= 2 and content.startswith('"') else "indirect",
            "speaker": speaker, "speaker_id": actor_id(speaker), "speaker_text": spk_text,
            "speaker_start": ss, "speaker_end": ss + len(spk_text), "cue": cue, "cue_start": cue_s,
            "cue_end": cue_s + len(cue), "content": content, "content_start": cs, "content_end": cs + len(content),
            "paragraph": para, "sentence": seg.sentence_at(cs), "confidence": 1.0, "rule": "hand", "parent_claim_id": "",
        }
        stances.append({
            "doc_id": doc_id, "stance_id": f"{doc_id}:t{k}", "claim_id": claim_id, "source": speaker,
            "source_id": actor_id(speaker), "target": target, "target_id": actor_id(target), "target_type": ttype,
            "polarity": pol, "score": 1.0 if pol == "favour" else -1.0, "evidence": evidence,
            "evidence_start": es, "evidence_end": es + len(evidence), "rule": "hand",
        })
    actors = pd.DataFrame([{"actor_id": actor_id(n), "name": n, "type": t, "party": p, "role": r,
                            "n_mentions": 1, "n_documents": 1, "in_registry": False}
                           for n, t, p, r in _EXAMPLE_ACTORS], columns=schema.ACTORS)
    ints = {c: "Int64" for c in schema.INT_COLUMNS}
    claims_df = pd.DataFrame(list(claims.values()), columns=schema.CLAIMS)
    stances_df = pd.DataFrame(stances, columns=schema.STANCES)
    return {
        "documents": pd.DataFrame(docs, columns=schema.DOCUMENTS),
        "actors": actors,
        "claims": claims_df.astype({c: t for c, t in ints.items() if c in claims_df}),
        "stances": stances_df.astype({c: t for c, t in ints.items() if c in stances_df}),
    }
