"""Graphs and evidence: networkx graphs from edges, and the statements behind an edge.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from utils.actors import actor_id  # the project's one slug rule
from utils.network.build import (
    EVIDENCE,
    NODES,
    TARGET_PREFIX,
    _blank,
    _join,
    _split,
    _str_col,
    actor_edges,
    statements,
    two_mode_edges,
)

if TYPE_CHECKING:
    from utils.text import Doc


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
    for _, d in g.nodes(data=True):
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
    *,
    segments: pd.DataFrame | None = None,
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

    ``segments`` (optional): the ``segments`` table of those documents
    (``utils.schema.SEGMENTS``); its sentences are used instead of cutting the
    texts again (the same sentences, so the same result). Without it, or for a
    document it has no sentence of, the text is segmented here.
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
            _add_sentences(out, docs["text"], claims, segments)
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


def _sentence_docs(segments: pd.DataFrame, doc_ids: set[str], texts: pd.Series) -> dict[str, Doc]:
    """doc_id -> a ``Doc`` holding the sentences the ``segments`` table gives for
    that document (in text order; enough for ``sentences`` and ``sentence_at``),
    for the documents of ``doc_ids`` that have sentences in the table."""
    from utils.text import Doc, Span

    rows = segments[(segments["unit"].astype(str) == "sentence") & segments["doc_id"].astype(str).isin(doc_ids)]
    docs = {}
    for doc_id, g in rows.groupby(rows["doc_id"].astype(str), sort=False):
        g = g.sort_values(["start", "end"], kind="stable")
        spans = [Span(int(s), int(e), i) for i, (s, e) in enumerate(zip(g["start"], g["end"]))]
        docs[doc_id] = Doc(text=str(texts.get(doc_id, "")), sentences=spans, doc_id=doc_id)
    return docs


def _add_sentences(out: pd.DataFrame, texts: pd.Series, claims: pd.DataFrame | None,
                   segments: pd.DataFrame | None = None) -> None:
    """Fill ``sentence``, ``sentence_start`` and ``sentence_end`` of ``out``: the whole
    sentences around each statement's evidence (or its claim's content), from the
    ``segments`` table when given, else by segmenting the document text."""
    from utils.text import segment

    claim_spans = {}
    if claims is not None and len(claims) and {"content_start", "content_end"} <= set(claims):
        claim_spans = dict(zip(claims["claim_id"].astype(str), zip(claims["content_start"], claims["content_end"])))
    segs: dict[str, Doc] = {}
    if segments is not None and len(segments):
        segs = _sentence_docs(segments, set(out["doc_id"]), texts)
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
