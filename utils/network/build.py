"""Statements and edges: the two-mode network and the one-mode actor networks.

:func:`statements` turns the ``stances`` table into DNA statements; :func:`two_mode_edges`
gives signed actor-target edges, :func:`actor_edges` congruence and conflict edges between
actors (weights as in DNA, optionally per :func:`time_windows`). The table columns
(``STATEMENTS``, ``TWO_MODE_EDGES``, ``ACTOR_EDGES``, ``NODES``, ``EVIDENCE``) live here.

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
"""
from __future__ import annotations

import math
from typing import Iterable, Literal

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
