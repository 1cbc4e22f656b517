"""Readable charts: subtract congruence from conflict, keep the strongest pairs, one network per issue.

For a chart an editor can read: :func:`subtract_edges` (DNA's "subtract":
congruence minus conflict, one signed edge per pair), :func:`threshold_edges`
with :func:`auto_threshold` and :func:`threshold_note` (keep the pairs with at
least k statements, and say so), :func:`top_issues` and :func:`issue_edges`
(one network per issue), and :func:`draw_network`, which colours actors by
party with ``utils.report.palette`` in every network.
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from utils.actors import actor_id  # the project's one slug rule
from utils.network.build import _check, _join, _split, _str_col, actor_edges, statements


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
