"""Discourse networks: who stands with whom, with the evidence behind every edge.

Used by ``notebooks/06-discourse-network.ipynb`` and ``08-report.ipynb``.

Takes the ``stances`` table (with ``actors``, ``claims``, ``documents`` and, where there,
``segments``); gives edge tables, networkx graphs, evidence tables, files (GraphML, CSV,
DNA ``.dna``) and charts. Modules: ``build`` (statements, two-mode and actor edges),
``thresholds`` (subtract, thresholds, issues), ``graphs`` (graphs and edge evidence),
``export`` (GraphML, CSV), ``dna`` (DNA 3 export), ``charts``, ``example``.

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
party with ``utils.report.palette`` in every network.
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
