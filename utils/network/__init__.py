"""Discourse networks: who stands with whom, with the evidence behind every edge.

Takes the ``stances`` table (``utils.schema.STANCES``) with, where there, the ``actors``,
``claims``, ``documents`` and ``segments`` tables; gives edge tables (two-mode
actor-target edges, congruence and conflict edges between actors), networkx graphs,
evidence tables, exports (GraphML, CSV node/edge lists, DNA 3 ``.dna``) and charts.
Used by ``notebooks/06-discourse-network.ipynb`` and ``08-report.ipynb``.

Modules: ``build`` (statements and edges; the Discourse Network Analysis rules and
edge weights are explained there), ``thresholds`` (subtract, thresholds, issues),
``graphs`` (graphs and edge evidence), ``export`` (GraphML, CSV), ``dna`` (DNA 3
export), ``charts``, ``example``.
"""
from utils.network.build import (
    POLARITY_SIGN,
    OPPOSITE,
    NORMALISATIONS,
    TWO_MODE_NORMALISATIONS,
    DUPLICATES,
    TARGET_PREFIX,
    SEP,
    STATEMENTS,
    TWO_MODE_EDGES,
    ACTOR_EDGES,
    NODES,
    EVIDENCE,
    statements,
    two_mode_edges,
    time_windows,
    actor_edges,
)
from utils.network.thresholds import (
    SUBTRACT_EDGES,
    subtract_edges,
    threshold_edges,
    auto_threshold,
    threshold_note,
    top_issues,
    issue_edges,
)
from utils.network.graphs import (
    node_table,
    to_graph,
    two_mode_graph,
    actor_graph,
    graph_tables,
    edge_evidence,
    strongest_edge,
)
from utils.network.export import (
    write_graphml,
    write_csv,
)
from utils.network.dna import (
    DNA_ADMIN_PASSWORD,
    DNA_VERSION,
    write_dna,
)
from utils.network.charts import (
    RELATION_COLOURS,
    RELATION_STYLES,
    NODE_PALETTE,
    UNKNOWN_COLOUR,
    TARGET_COLOUR,
    network_layout,
    label_overlaps,
    drawable_subgraph,
    draw_network,
    draw_small_multiples,
)
from utils.network.example import (
    example_tables,
)
from utils.actors import actor_id  # the project's one slug rule (notebooks call network.actor_id)

__all__ = [
    "POLARITY_SIGN",
    "OPPOSITE",
    "NORMALISATIONS",
    "TWO_MODE_NORMALISATIONS",
    "DUPLICATES",
    "TARGET_PREFIX",
    "SEP",
    "STATEMENTS",
    "TWO_MODE_EDGES",
    "ACTOR_EDGES",
    "NODES",
    "EVIDENCE",
    "statements",
    "two_mode_edges",
    "time_windows",
    "actor_edges",
    "SUBTRACT_EDGES",
    "subtract_edges",
    "threshold_edges",
    "auto_threshold",
    "threshold_note",
    "top_issues",
    "issue_edges",
    "node_table",
    "to_graph",
    "two_mode_graph",
    "actor_graph",
    "graph_tables",
    "edge_evidence",
    "strongest_edge",
    "write_graphml",
    "write_csv",
    "DNA_ADMIN_PASSWORD",
    "DNA_VERSION",
    "write_dna",
    "RELATION_COLOURS",
    "RELATION_STYLES",
    "NODE_PALETTE",
    "UNKNOWN_COLOUR",
    "TARGET_COLOUR",
    "network_layout",
    "label_overlaps",
    "drawable_subgraph",
    "draw_network",
    "draw_small_multiples",
    "example_tables",
    "actor_id",
]
