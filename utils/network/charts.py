"""Network charts: layout, readable labels, party colours (``utils.report.palette``), small multiples.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from utils.network.build import _blank
from utils.report.palette import POLARITY_COLOURS


#: Chart colours: relations (edges) in the house polarity colours of
#: ``utils.report.palette.POLARITY_COLOURS`` (Okabe-Ito blue / vermillion, colour-blind
#: safe), conflict also dashed; node categories from the rest of Okabe-Ito and
#: Paul Tol's muted palette, so no node colour repeats an edge colour.
RELATION_COLOURS = {
    "congruence": POLARITY_COLOURS["favour"], "favour": POLARITY_COLOURS["favour"],
    "conflict": POLARITY_COLOURS["against"], "against": POLARITY_COLOURS["against"],
    "mixed": "#7f3c8d", "neutral": POLARITY_COLOURS["neutral"], "balanced": POLARITY_COLOURS["neutral"],
}
RELATION_STYLES = {"conflict": (0, (4, 2)), "against": (0, (4, 2))}
NODE_PALETTE = [
    "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#882255", "#44AA99", "#DDCC77", "#E69F00",
    "#117733", "#666666",
]
UNKNOWN_COLOUR = "#c7c7c7"
TARGET_COLOUR = "#f0f0f0"


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
    for _ in range(iterations):
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
    best = max_nodes and len(keep) < total - len(isolated)
    parts = [f"{len(keep)} of {total} nodes" + (": the best connected" if best else "")]
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

    The steps are :func:`_node_colours`, :func:`_draw_edges`, :func:`_draw_nodes`,
    :func:`_draw_legends` and :func:`_draw_labels`, in that order (labels last:
    they are placed in display space, once the figure's geometry is final).

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
    cats, colour_of = _node_colours(graph, ids, color_by)
    relations = _draw_edges(ax, graph, ids, xy, big=big)
    sizes = _draw_nodes(ax, xy, deg, cats, colour_of, big=big)
    if legend:
        _draw_legends(ax, cats, colour_of, relations, color_by)
    if own_figure:
        ax.figure.tight_layout()  # final geometry first: labels are placed in display space
    k = top_k_labels if top_k_labels is not None else (n if n <= 40 else 20)
    _draw_labels(ax, graph, ids, xy, deg, sizes, cats, top_k=k, big=big)
    return ax


def _node_colours(graph: nx.Graph, ids: list, color_by: str) -> tuple[list[str], dict[str, str]]:
    """The colour category of each node of ``ids`` ("target" for the targets of a
    two-mode graph) and the colour of each category, in legend order.

    By party: one colour per party in every chart (``data/parties.csv``); unlisted
    parties are grey, and the legend names only the parties that have their own
    colour. Otherwise: :data:`NODE_PALETTE` by frequency, the rest "other"."""
    def category(d: dict) -> str:
        if d.get("mode") == "target":
            return "target"
        v = d.get(color_by, "")
        return "unknown" if _blank(v) else str(v)

    cats = [category(graph.nodes[i]) for i in ids]
    order = [c for c, _ in pd.Series([c for c in cats if c not in ("unknown", "target")]).value_counts().items()]
    if color_by == "party":
        from utils.report.palette import UNKNOWN as party_unknown, party_colour

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
    return cats, colour_of


def _edge_path(p: np.ndarray, q: np.ndarray, k: int, m: int) -> np.ndarray:
    """The points of edge number ``k`` of the ``m`` edges between ``p`` and ``q``:
    a straight segment for a single edge, else a quadratic Bezier curve bent to
    its own side, so parallel edges (congruence and conflict) stay apart."""
    if m > 1:
        rad = 0.18 * (k - (m - 1) / 2)
        ctrl = (p + q) / 2 + rad * np.array([-(q - p)[1], (q - p)[0]])
        t = np.linspace(0, 1, 16)[:, None]
        return (1 - t) ** 2 * p + 2 * (1 - t) * t * ctrl + t**2 * q
    return np.array([p, q])


def _draw_edges(ax, graph: nx.Graph, ids: list, xy: np.ndarray, *, big: bool) -> list[str]:
    """Draw the edges as one ``LineCollection`` (colour and dash by relation, width
    by ``|weight|``, translucent on big graphs); returns each edge's relation."""
    from matplotlib.collections import LineCollection

    multi = graph.is_multigraph()
    elist = list(graph.edges(keys=True, data=True)) if multi else [(u, v, None, d) for u, v, d in graph.edges(data=True)]
    ws = np.array([abs(float(d.get("weight", 1.0) or 0.0)) for *_, d in elist] or [1.0])
    wmax = ws.max() or 1.0
    index = {i: k for k, i in enumerate(ids)}
    seen: dict[frozenset, int] = {}
    mult = pd.Series([frozenset((u, v)) for u, v, *_ in elist]).value_counts().to_dict() if elist else {}
    segs, colours, widths, styles, relations = [], [], [], [], []
    for (u, v, _, d), w in zip(elist, ws):
        pair = frozenset((u, v))
        m, k = mult.get(pair, 1), seen.get(pair, 0)
        seen[pair] = k + 1
        segs.append(_edge_path(xy[index[u]], xy[index[v]], k, m if u != v else 1))
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
    return relations


def _draw_nodes(ax, xy: np.ndarray, deg: np.ndarray, cats: list[str], colour_of: dict[str, str], *,
                big: bool) -> np.ndarray:
    """Draw the nodes (circles; targets as squares) sized by degree and fit the
    axes limits around them; returns the marker sizes (points squared)."""
    rel_deg = deg / max(deg.max(), 1.0)
    span = np.ptp(xy, axis=0).max() if len(xy) > 1 else 1.0
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
    return sizes


def _draw_legends(ax, cats: list[str], colour_of: dict[str, str], relations: list[str], color_by: str) -> None:
    """The node legend (the categories drawn) and the edge legend (the relations
    drawn), outside the axes on the right."""
    from matplotlib.lines import Line2D

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


def _draw_labels(ax, graph: nx.Graph, ids: list, xy: np.ndarray, deg: np.ndarray, sizes: np.ndarray,
                 cats: list[str], *, top_k: int, big: bool) -> None:
    """Label the ``top_k`` nodes by degree above their markers, move the labels off
    each other and off the markers (:func:`_repel_labels`; on big graphs only the
    labelled markers are obstacles) and draw a leader line to each label that
    moved more than 12 pixels. Needs the figure's final geometry."""
    n = len(ids)
    ranked = sorted(range(n), key=lambda i: (-deg[i], str(graph.nodes[ids[i]].get("label", ids[i]))))[:top_k]
    dpi = ax.figure.dpi
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
    the party colours of ``utils.report.palette`` in every panel."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from utils.report.palette import UNKNOWN as party_unknown, party_colour

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
