"""Writers for GraphML and CSV node/edge lists (atomic).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

import networkx as nx

from utils.network.graphs import _safe, graph_tables


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
