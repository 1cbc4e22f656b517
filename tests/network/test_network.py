"""Tests of utils.network: discourse networks from stances, with evidence.

Known answers: the seed article's gold stances (read from the shared gold file;
skipped when absent) and the invented two-article example of
``network.example_tables()`` whose edges are worked out by hand below.
"""
from __future__ import annotations

import math
import os
import sqlite3
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from utils import network, schema  # noqa: E402

SEED_DOC = "000_9e905b8fb374d4c2"
PNG_DIR = Path("/tmp/wsw-network-charts")

H, S, L, OKA, RA = "tom-hartley", "priya-shah", "maria-lopez", "dan-okafor", "northgate-residents-association"


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def gold_stances(gold) -> pd.DataFrame:
    actor_names = {a["name"] for a in gold["actors"]}
    rows = []
    for k, s in enumerate(gold["stances"]):
        rows.append({
            "doc_id": SEED_DOC, "stance_id": f"{SEED_DOC}:gold{k}", "claim_id": "", "source": s["source"],
            "source_id": network.actor_id(s["source"]), "target": s["target"],
            "target_id": network.actor_id(s["target"]),
            "target_type": "actor" if s["target"] in actor_names else "issue", "polarity": s["polarity"],
            "score": pd.NA, "evidence": "", "evidence_start": pd.NA, "evidence_end": pd.NA, "rule": "gold",
        })
    return pd.DataFrame(rows, columns=schema.STANCES)


@pytest.fixture(scope="module")
def ex() -> dict:
    return network.example_tables()


def _pairs(edges: pd.DataFrame, relation: str) -> dict:
    sub = edges[edges["relation"] == relation]
    return {frozenset((a, b)): c for a, b, c in zip(sub["source"], sub["target"], sub["count"])}


def synthetic(n_actors: int, *, n_targets: int = 80, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random stances of ``n_actors`` in two camps over ``n_targets`` issues."""
    rng = np.random.default_rng(seed)
    n = n_actors * 3
    names = [f"Actor {i:03d}" for i in range(n_actors)]
    parties = ["Labour", "Conservative", "Liberal Democrat", "Green", "SNP", "Reform", ""]
    camp = rng.integers(0, 2, n_actors)
    src, tgt = rng.integers(0, n_actors, n), rng.integers(0, n_targets, n)
    pol = np.where((camp[src] + tgt) % 2 == 0, "favour", "against")
    flip = rng.random(n) < 0.15
    pol = np.where(flip, np.where(pol == "favour", "against", "favour"), pol)
    st = pd.DataFrame({
        "doc_id": [f"d{k % 50}" for k in range(n)], "stance_id": [f"s{k}" for k in range(n)],
        "claim_id": [f"c{k}" for k in range(n)], "source": [names[i] for i in src],
        "target": [f"Issue {j}" for j in tgt], "target_type": "issue", "polarity": pol,
    })
    actors = pd.DataFrame({"actor_id": [network.actor_id(x) for x in names], "name": names, "type": "person",
                           "party": [parties[i % len(parties)] for i in range(n_actors)]})
    return st, actors


# ---------------------------------------------------------------- seed gold

def test_gold_two_mode_edges(gold_stances):
    e = network.two_mode_edges(gold_stances)
    got = {(a, b): (r, s) for a, b, r, s in zip(e["source"], e["target"], e["relation"], e["sign"])}
    assert got == {
        ("ian-austin", "target:jeremy-corbyn"): ("against", -1),
        ("ian-austin", "target:yvette-cooper"): ("favour", 1),
        ("ian-austin", "target:liz-kendall"): ("favour", 1),
        ("ian-austin", "target:andy-burnham"): ("favour", 1),
        ("ian-austin", "target:corbyn-s-supporters"): ("against", -1),
        ("ian-austin", "target:labour-leadership-selection-process"): ("against", -1),
        ("ian-austin", "target:sarah-henney"): ("against", -1),
        ("pete-lowe", "target:ian-austin"): ("against", -1),
    }
    assert set(e["stance_ids"]) == set(gold_stances["stance_id"])  # every edge keeps its statement


def test_gold_stances_not_are_absent(gold, gold_stances):
    e = network.two_mode_edges(gold_stances)
    got = {(a, b, r) for a, b, r in zip(e["source_label"], e["target_label"], e["relation"])}
    for s in gold["stances_not"]:
        assert (s["source"], s["target"], s["polarity"]) not in got


def test_gold_has_no_actor_edges(gold_stances):
    # Congruence/conflict need two speakers with a position on the same target.
    # The gold has two speakers: Ian Austin (Corbyn, Cooper, Kendall, Burnham,
    # Corbyn's supporters, the selection process, Sarah Henney) and Pete Lowe
    # (Ian Austin only). Their target sets are disjoint -- Lowe speaks about
    # Austin, and Austin never takes a position on himself -- so there is no
    # congruence and no conflict edge, under every normalisation.
    for norm in network.NORMALISATIONS:
        assert network.actor_edges(gold_stances, normalisation=norm).empty
    g = network.actor_graph(gold_stances)
    assert sorted(g.nodes()) == ["ian-austin", "pete-lowe"] and g.number_of_edges() == 0


def test_gold_two_mode_graph_is_bipartite(gold, gold_stances):
    actors = pd.DataFrame([{"actor_id": network.actor_id(a["name"]), "name": a["name"], "type": a["type"],
                            "party": a["party"]} for a in gold["actors"]])
    g = network.two_mode_graph(gold_stances, actors=actors)
    assert nx.is_bipartite(g)
    # Ian Austin speaks (actor node) and is spoken about (target node): two nodes.
    assert g.nodes["ian-austin"]["mode"] == "actor" and g.nodes["target:ian-austin"]["mode"] == "target"
    assert g.nodes["ian-austin"]["party"] == "Labour" and g.nodes["target:jeremy-corbyn"]["party"] == "Labour"
    assert g.edges["ian-austin", "target:jeremy-corbyn"]["sign"] == -1
    assert g.nodes["target:labour-leadership-selection-process"]["type"] == "issue"


# ---------------------------------------------------------------- example fixture

def test_example_spans_hold(ex):
    text = ex["documents"].set_index("doc_id")["text"]
    for r in ex["stances"].itertuples():
        assert text[r.doc_id][r.evidence_start:r.evidence_end] == r.evidence
    for r in ex["claims"].itertuples():
        assert text[r.doc_id][r.content_start:r.content_end] == r.content
        assert text[r.doc_id][r.speaker_start:r.speaker_end] == r.speaker_text


def test_example_congruence_and_conflict_exact(ex):
    # Positions (+ favour, - against):  Hartley bypass+ housing+ | Shah bypass+ housing-
    # Lopez bypass- housing- Hartley- | Okafor housing- Shah+ bypass+ | Residents bypass- Hartley-
    # Congruence: bypass+ {H,S,OKA}; bypass- {L,RA}; housing- {S,L,OKA}; Hartley- {L,RA}.
    # Conflict: bypass + {H,S,OKA} x - {L,RA}; housing + {H} x - {S,L,OKA}.
    e = network.actor_edges(ex["stances"], normalisation="no")
    assert _pairs(e, "congruence") == {
        frozenset((H, S)): 1, frozenset((H, OKA)): 1, frozenset((S, OKA)): 2,  # bypass; S-OKA also housing
        frozenset((L, RA)): 2,  # bypass- and Hartley-
        frozenset((S, L)): 1, frozenset((L, OKA)): 1,  # housing-
    }
    assert _pairs(e, "conflict") == {
        frozenset((H, L)): 2,  # bypass and housing
        frozenset((H, RA)): 1, frozenset((S, L)): 1, frozenset((S, RA)): 1,
        frozenset((OKA, L)): 1, frozenset((OKA, RA)): 1,  # bypass
        frozenset((H, S)): 1, frozenset((H, OKA)): 1,  # housing
    }
    assert (e["source"] < e["target"]).all()
    assert e["weight"].equals(e["count"])
    only = network.actor_edges(ex["stances"], relation="conflict")
    assert set(only["relation"]) == {"conflict"} and len(only) == 8


def test_example_edges_keep_evidence(ex):
    e = network.actor_edges(ex["stances"]).set_index(["source", "target", "relation"])
    row = e.loc[(L, H, "conflict")] if (L, H, "conflict") in e.index else e.loc[(H, L, "conflict")]
    # Hartley bypass+ (t0) vs Lopez bypass- (t3); Hartley housing+ (t6) vs Lopez housing- (t7)
    assert row["stance_ids"] == "ex-northgate-1:t0; ex-northgate-1:t3; ex-northgate-2:t6; ex-northgate-2:t7"
    assert row["targets"] == "Northgate bypass; housing plan" and row["n_targets"] == 2
    assert row["doc_ids"] == "ex-northgate-1; ex-northgate-2"
    assert len(row["claim_ids"].split("; ")) == 4


def test_two_mode_example(ex):
    e = network.two_mode_edges(ex["stances"])
    assert len(e) == 12 and set(e["relation"]) == {"favour", "against"}
    r = e.set_index(["source", "target"]).loc[(OKA, "target:priya-shah")]
    assert r["sign"] == 1 and r["target_type"] == "actor" and r["stance_ids"] == "ex-northgate-1:t5"
    act = network.two_mode_edges(ex["stances"], normalisation="activity")
    # Lopez has three statements, one per target: activity weight 1/3 each
    assert np.allclose(act[act["source"] == L]["weight"], 1 / 3)


def test_mixed_two_mode_edge():
    st = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "stance_id": ["a", "b", "c"], "source": ["A"] * 3,
                       "target": ["X"] * 3, "polarity": ["favour", "against", "favour"]})
    e = network.two_mode_edges(st).iloc[0]
    assert (e["relation"], e["sign"], e["n_favour"], e["n_against"]) == ("mixed", 1, 2.0, 1.0)


# ---------------------------------------------------------------- normalisation

def test_normalisation_by_hand_on_example(ex):
    e = network.actor_edges
    st = ex["stances"]
    get = lambda df, a, b, r: df.set_index(["source", "target", "relation"]).loc[(a, b, r), "weight"]  # noqa: E731
    # Activities (positions, 0/1 each): Hartley 2, Shah 2, Lopez 3, Okafor 3, Residents 2.
    # Shah-Okafor congruence = 2 (bypass+, housing-).
    #   average: 2 / ((2 + 3) / 2) = 0.8
    #   jaccard: m11 = 2, m10 = Shah-only cells = 0, m01 = Okafor-only (Shah+) = 1 -> 2 / 3
    #   cosine:  2 / (sqrt(2) * sqrt(3)) = 0.8165
    assert get(e(st, normalisation="average"), OKA, S, "congruence") == pytest.approx(0.8)
    assert get(e(st, normalisation="jaccard"), OKA, S, "congruence") == pytest.approx(2 / 3)
    assert get(e(st, normalisation="cosine"), OKA, S, "congruence") == pytest.approx(2 / math.sqrt(6))
    # Lopez-Hartley conflict = 2 (bypass, housing); they share no same-sign cell.
    #   average: 2 / ((3 + 2) / 2) = 0.8
    #   jaccard: m11 = 0, m10 = 3 (Lopez), m01 = 2 (Hartley) -> 2 / 5 = 0.4
    #   cosine:  2 / (sqrt(3) * sqrt(2)) = 0.8165
    assert get(e(st, normalisation="average"), L, H, "conflict") == pytest.approx(0.8)
    assert get(e(st, normalisation="jaccard"), L, H, "conflict") == pytest.approx(0.4)
    assert get(e(st, normalisation="cosine"), L, H, "conflict") == pytest.approx(2 / math.sqrt(6))


def test_normalisation_and_duplicates_by_hand():
    # A: favour X twice in d1 and once in d2, against Y once in d1.  B: favour X in d1, favour Y in d2.
    st = pd.DataFrame({
        "doc_id": ["d1", "d1", "d2", "d1", "d1", "d2"], "stance_id": [f"s{i}" for i in range(1, 7)],
        "source": ["A", "A", "A", "A", "B", "B"], "target": ["X", "X", "X", "Y", "X", "Y"],
        "polarity": ["favour", "favour", "favour", "against", "favour", "favour"],
    })

    def w(norm, dup, rel):
        df = network.actor_edges(st, normalisation=norm, duplicates=dup)
        return df.set_index("relation").loc[rel, "weight"]

    # include: x[A,X,+] = 3, x[A,Y,-] = 1 (n_A = 4); x[B,X,+] = 1, x[B,Y,+] = 1 (n_B = 2)
    #   congruence = 3 * 1 = 3; conflict = x[A,Y,-] * x[B,Y,+] = 1
    assert w("no", "include", "congruence") == 3 and w("no", "include", "conflict") == 1
    #   average norm (4 + 2) / 2 = 3 -> 1.0 and 1/3
    assert w("average", "include", "congruence") == pytest.approx(1.0)
    assert w("average", "include", "conflict") == pytest.approx(1 / 3)
    #   jaccard norm m10 (A's Y-: 1) + m01 (B's Y+: 1) + m11 (3 * 1 = 3) = 5 -> 0.6 and 0.2
    assert w("jaccard", "include", "congruence") == pytest.approx(0.6)
    assert w("jaccard", "include", "conflict") == pytest.approx(0.2)
    #   cosine norm sqrt(3^2 + 1^2) * sqrt(1^2 + 1^2) = sqrt(20) -> 0.67082 and 0.22361
    assert w("cosine", "include", "congruence") == pytest.approx(3 / math.sqrt(20))
    assert w("cosine", "include", "conflict") == pytest.approx(1 / math.sqrt(20))
    # document: x[A,X,+] = 2 documents (n_A = 3), B as before (n_B = 2)
    #   congruence 2, conflict 1; average norm 2.5 -> 0.8 and 0.4
    assert w("no", "document", "congruence") == 2
    assert w("average", "document", "congruence") == pytest.approx(0.8)
    assert w("average", "document", "conflict") == pytest.approx(0.4)
    # acrossrange: every cell 0/1 (n_A = n_B = 2): congruence 1, conflict 1; average 0.5;
    #   jaccard m10 1 + m01 1 + m11 1 = 3 -> 1/3
    assert w("average", "acrossrange", "congruence") == pytest.approx(0.5)
    assert w("jaccard", "acrossrange", "conflict") == pytest.approx(1 / 3)


def test_bad_options_raise():
    st = pd.DataFrame({"source": ["A"], "target": ["X"], "polarity": ["favour"]})
    with pytest.raises(ValueError, match="normalisation"):
        network.actor_edges(st, normalisation="activity")
    with pytest.raises(ValueError, match="duplicates"):
        network.actor_edges(st, duplicates="week")
    with pytest.raises(ValueError, match="documents"):
        network.actor_edges(st, period="M")


# ---------------------------------------------------------------- neutral, empty, odd input

def test_neutral_excluded_by_default_and_optional():
    st = pd.DataFrame({"source": ["A", "B", "C"], "target": ["X", "X", "X"],
                       "polarity": ["neutral", "neutral", "favour"]})
    assert network.actor_edges(st).empty and network.two_mode_edges(st)["source"].tolist() == ["c"]
    e = network.actor_edges(st, include_neutral=True, normalisation="no")
    # neutral is congruent with neutral only, never in conflict
    assert e[["source", "target", "relation", "count"]].values.tolist() == [["a", "b", "congruence", 1.0]]
    two = network.two_mode_edges(st, include_neutral=True).set_index("source")
    assert two.loc["a", "relation"] == "neutral" and two.loc["a", "sign"] == 0


def test_empty_and_messy_input():
    empty = pd.DataFrame(columns=schema.STANCES)
    assert list(network.actor_edges(empty).columns) == network.ACTOR_EDGES
    assert list(network.two_mode_edges(empty).columns) == network.TWO_MODE_EDGES
    assert network.actor_graph(empty).number_of_nodes() == 0
    messy = pd.DataFrame({
        "source": ["习近平", "Zoë Lévy", None, "😀 Fan Club", "ALL CAPS PARTY"],
        "target": ["贸易", "贸易", "X", "贸易", "贸易"],
        "polarity": ["favour", "AGAINST ", "favour", "favour", "sideways"],
    })
    e = network.actor_edges(messy, normalisation="no")
    assert set(e["relation"]) == {"congruence", "conflict"} and len(e) == 3
    assert network.actor_id("习近平").startswith("actor-")


# ---------------------------------------------------------------- time windows

def test_monthly_windows(ex):
    e = network.actor_edges(ex["stances"], documents=ex["documents"], period="M", normalisation="average")
    got = {(w, frozenset((a, b)), r) for w, a, b, r in zip(e["window"], e["source"], e["target"], e["relation"])}
    # March (article 1): bypass+ {H,S} vs - {L}; housing- {S,OKA}
    # April (article 2): Hartley- {L,RA}; housing + {H} vs - {L}; bypass + {OKA} vs - {RA}
    assert got == {
        ("2026-03", frozenset((H, S)), "congruence"), ("2026-03", frozenset((S, OKA)), "congruence"),
        ("2026-03", frozenset((H, L)), "conflict"), ("2026-03", frozenset((S, L)), "conflict"),
        ("2026-04", frozenset((L, RA)), "congruence"), ("2026-04", frozenset((H, L)), "conflict"),
        ("2026-04", frozenset((OKA, RA)), "conflict"),
    }
    # activity is per window: in April Lopez has 2 positions, Residents 2 -> 1 / ((2 + 2) / 2) = 0.5
    apr = e[(e["window"] == "2026-04") & (e["relation"] == "congruence")].iloc[0]
    assert apr["weight"] == pytest.approx(0.5) and apr["window_start"] == "2026-04-01T00:00:00"


def test_rolling_windows(ex):
    e = network.actor_edges(ex["stances"], documents=ex["documents"], window="60D", step="30D")
    # 2026-03-02 + 60 days holds both articles; the next window (from 2026-04-01) only the second
    assert e.groupby("window").size().to_dict() == {"2026-03-02/2026-05-01": 14, "2026-04-01/2026-05-31": 3}
    g = network.to_graph(e)
    assert g.is_multigraph() and g.number_of_edges() == 17


# ---------------------------------------------------------------- evidence

def test_edge_evidence_sentences(ex):
    g = network.actor_graph(ex["stances"], actors=ex["actors"])
    ev = network.edge_evidence(g, "Tom Hartley", "maria-lopez", ex["stances"], ex["claims"], ex["documents"])
    assert list(ev.columns) == network.EVIDENCE
    assert ev["stance_id"].tolist() == ["ex-northgate-1:t0", "ex-northgate-1:t3",
                                        "ex-northgate-2:t6", "ex-northgate-2:t7"]
    assert set(ev["relation"]) == {"conflict"}
    text = ex["documents"].set_index("doc_id")["text"]
    for r in ev.itertuples():
        assert text[r.doc_id][r.sentence_start:r.sentence_end] == r.sentence
        assert r.evidence in r.sentence
    assert ev["sentence"].iloc[1].startswith("Maria Lopez of the Green Party said the bypass")
    assert ev["title"].iloc[0] == "Council split over Northgate bypass"
    # an edge table works too, in either order; Shah-Okafor holds congruence only
    edges = network.actor_edges(ex["stances"])
    ev2 = network.edge_evidence(edges, OKA, S, ex["stances"])
    assert set(ev2["relation"]) == {"congruence"} and len(ev2) == 4
    assert network.edge_evidence(edges, H, "nobody", ex["stances"]).empty


def test_edge_evidence_two_mode(ex):
    g = network.two_mode_graph(ex["stances"], actors=ex["actors"])
    ev = network.edge_evidence(g, "Maria Lopez", "target:tom-hartley", ex["stances"], ex["claims"], ex["documents"])
    assert ev["stance_id"].tolist() == ["ex-northgate-2:t8"]
    assert ev["evidence"].iloc[0] == "accused Mr Hartley of ignoring residents"


# ---------------------------------------------------------------- exports

def test_graphml_round_trip(ex, tmp_path):
    g = network.actor_graph(ex["stances"], actors=ex["actors"])
    path = network.write_graphml(g, tmp_path / "actors.graphml")
    assert [p.name for p in tmp_path.iterdir()] == ["actors.graphml"]  # no temp file left
    h = nx.read_graphml(path)
    assert set(h.nodes()) == set(g.nodes())
    assert h.number_of_edges() == g.number_of_edges() == 14
    assert h.nodes[L]["party"] == "Green" and h.nodes[RA]["type"] == "organisation"
    assert h.nodes[RA]["party"] == ""  # unknown party stays an empty string
    data = h.get_edge_data(H, L)
    assert set(data) == {"conflict"}  # keys survive
    d = data["conflict"]
    assert d["weight"] == pytest.approx(0.8) and d["count"] == pytest.approx(2.0)
    assert d["stance_ids"] == "ex-northgate-1:t0; ex-northgate-1:t3; ex-northgate-2:t6; ex-northgate-2:t7"
    two = network.two_mode_graph(ex["stances"], actors=ex["actors"])
    h2 = nx.read_graphml(network.write_graphml(two, tmp_path / "two.graphml"))
    assert h2.number_of_edges() == 12 and h2.edges[OKA, "target:priya-shah"]["sign"] == 1
    assert h2.nodes["target:housing-plan"]["mode"] == "target"


def test_csv_export(ex, tmp_path):
    g = network.actor_graph(ex["stances"], actors=ex["actors"])
    n_path, e_path = network.write_csv(g, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    nodes, edges = pd.read_csv(n_path, keep_default_na=False), pd.read_csv(e_path, keep_default_na=False)
    assert {"id", "label", "party", "type", "mode", "n_statements"} <= set(nodes.columns) and len(nodes) == 5
    assert nodes.set_index("id").loc[S, "party"] == "Labour"
    assert {"source", "target", "key", "relation", "weight", "count", "stance_ids", "targets"} <= set(edges.columns)
    assert len(edges) == 14 and edges["relation"].value_counts().to_dict() == {"conflict": 8, "congruence": 6}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edges.csv", "nodes.csv"]
    assert oct(os.stat(n_path).st_mode & 0o777) != "0o600"  # not left with the temp file's private mode


def test_dna_sqlite(ex, tmp_path):
    path = network.write_dna(tmp_path / "example.dna", ex["documents"], ex["stances"], ex["claims"],
                             actors=ex["actors"])
    con = sqlite3.connect(path)
    try:
        tables = {r for (r,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"SETTINGS", "CODERS", "DOCUMENTS", "STATEMENTTYPES", "VARIABLES", "STATEMENTS", "ENTITIES",
                "DATASHORTTEXT", "DATABOOLEAN", "ATTRIBUTEVARIABLES", "ATTRIBUTEVALUES"} <= tables
        assert con.execute("SELECT Value FROM SETTINGS WHERE Property='version'").fetchone()[0].startswith("3")
        assert con.execute("SELECT COUNT(*) FROM DOCUMENTS").fetchone()[0] == 2
        title, text, notes, date = con.execute("SELECT Title, Text, Notes, Date FROM DOCUMENTS WHERE ID = 1").fetchone()
        doc = ex["documents"].iloc[0]
        assert (title, text, notes) == (doc["title"], doc["text"], doc["doc_id"])
        assert date == int(pd.Timestamp("2026-03-02", tz="UTC").timestamp())  # seconds, as DNA 3 reads them
        assert con.execute("SELECT COUNT(*) FROM STATEMENTS").fetchone()[0] == 12  # every stance has a claim
        assert con.execute("SELECT COUNT(*) FROM CODERS").fetchone()[0] == 1
        rows = con.execute("""
            SELECT w.StanceId, p.Value, o.Value, c.Value, b.Value, s.Start, s.Stop, d.Text
            FROM STATEMENTS s JOIN DOCUMENTS d ON s.DocumentId = d.ID
            JOIN WHO_SAYS_WHAT_STATEMENTS w ON w.StatementId = s.ID
            JOIN DATABOOLEAN b ON b.StatementId = s.ID AND b.VariableId = 4
            JOIN DATASHORTTEXT dp ON dp.StatementId = s.ID AND dp.VariableId = 1 JOIN ENTITIES p ON p.ID = dp.Entity
            JOIN DATASHORTTEXT do ON do.StatementId = s.ID AND do.VariableId = 2 JOIN ENTITIES o ON o.ID = do.Entity
            JOIN DATASHORTTEXT dc ON dc.StatementId = s.ID AND dc.VariableId = 3 JOIN ENTITIES c ON c.ID = dc.Entity
            ORDER BY s.ID""").fetchall()
        st = ex["stances"].set_index("stance_id")
        claims = ex["claims"].set_index("claim_id")
        party = dict(zip(ex["actors"]["name"], ex["actors"]["party"]))
        for sid, person, org, concept, agree, start, stop, text in rows:
            s = st.loc[sid]
            assert (person, org, concept) == (s["source"], party[s["source"]], s["target"])
            assert agree == (1 if s["polarity"] == "favour" else 0)
            c = claims.loc[s["claim_id"]]
            assert start == c["speaker_start"] and stop == c["content_end"]
            assert c["content"] in text[start:stop] and s["evidence"] in text[start:stop]
        assert sum(r[4] for r in rows) == 5  # five favour statements
        red = con.execute("SELECT Red, Green, Blue FROM ENTITIES WHERE VariableId = 1 AND Value = 'Priya Shah'").fetchone()
        assert red == (0xE4, 0x00, 0x3B)  # Labour's colour from data/parties.csv
    finally:
        con.close()


def test_dna_leaves_out_stances_without_claims(ex, tmp_path):
    st = ex["stances"].copy()
    st.loc[0, "claim_id"] = "no-such-claim"
    st.loc[1, "polarity"] = "neutral"
    path = network.write_dna(tmp_path / "x.dna", ex["documents"], st, ex["claims"])
    con = sqlite3.connect(path)
    try:
        ids = {r for (r,) in con.execute("SELECT StanceId FROM WHO_SAYS_WHAT_STATEMENTS")}
        assert ids == set(st["stance_id"]) - {st.loc[0, "stance_id"], st.loc[1, "stance_id"]}
        assert con.execute("SELECT COUNT(*) FROM STATEMENTS WHERE Start >= Stop").fetchone()[0] == 0
    finally:
        con.close()


# ---------------------------------------------------------------- subtract, threshold, issues

def _three_actors() -> pd.DataFrame:
    """A hand-worked example. Positions (duplicates="include"):
    A: X favour x2, Y favour;   B: X favour, Y against;   C: X against, Y against.
    congruence(A,B) = 2*1 (X+) = 2;  conflict(A,B) = 1*1 (Y: A+, B-) = 1  -> subtract +1
    congruence(A,C) = 0;             conflict(A,C) = 2*1 (X) + 1*1 (Y) = 3 -> subtract -3
    congruence(B,C) = 1 (Y-);        conflict(B,C) = 1 (X)               -> subtract 0 (balanced)
    """
    rows = [("A", "X", "favour"), ("A", "X", "favour"), ("A", "Y", "favour"), ("B", "X", "favour"),
            ("B", "Y", "against"), ("C", "X", "against"), ("C", "Y", "against")]
    return pd.DataFrame({"doc_id": [f"d{k}" for k in range(len(rows))], "stance_id": [f"s{k}" for k in range(len(rows))],
                         "source": [r[0] for r in rows], "target": [r[1] for r in rows], "target_type": "issue",
                         "polarity": [r[2] for r in rows]})


def test_subtract_by_hand():
    st = _three_actors()
    both = network.actor_edges(st, normalisation="no", duplicates="include")
    sub = network.subtract_edges(both)
    got = {(a, b): (c, r) for a, b, c, r in zip(sub["source"], sub["target"], sub["count"], sub["relation"])}
    assert got == {("a", "b"): (1.0, "congruence"), ("a", "c"): (-3.0, "conflict"), ("b", "c"): (0.0, "balanced")}
    ab = sub[(sub["source"] == "a") & (sub["target"] == "b")].iloc[0]
    assert (ab["congruence"], ab["conflict"]) == (2.0, 1.0)
    assert set(ab["stance_ids"].split("; ")) == {"s0", "s1", "s2", "s3", "s4"}
    # average activity: n_A = 3, n_B = 2, n_C = 2; the norm divides both relations
    avg = network.subtract_edges(network.actor_edges(st, normalisation="average", duplicates="include"))
    w = dict(zip(zip(avg["source"], avg["target"]), avg["weight"]))
    assert w[("a", "b")] == pytest.approx((2 - 1) / 2.5) and w[("a", "c")] == pytest.approx(-3 / 2.5)
    assert w[("b", "c")] == pytest.approx(0.0)
    # each pair once, whatever order the input rows came in
    flipped = both.rename(columns={"source": "target", "target": "source"})
    assert network.subtract_edges(flipped)[["source", "target", "count"]].equals(sub[["source", "target", "count"]])
    with pytest.raises(ValueError):
        network.subtract_edges(network.two_mode_edges(st).assign(relation="favour"))
    assert network.subtract_edges(both.iloc[0:0]).empty


def test_subtract_on_example_matches_counts(ex):
    both = network.actor_edges(ex["stances"], normalisation="no")
    sub = network.subtract_edges(both)
    assert len(sub) == len({frozenset(p) for p in zip(both["source"], both["target"])})
    con, conf = _pairs(both, "congruence"), _pairs(both, "conflict")
    for a, b, c in zip(sub["source"], sub["target"], sub["count"]):
        assert c == con.get(frozenset((a, b)), 0.0) - conf.get(frozenset((a, b)), 0.0)


def test_threshold_by_hand():
    sub = network.subtract_edges(network.actor_edges(_three_actors(), normalisation="no", duplicates="include"))
    kept = network.threshold_edges(sub, 2)
    assert kept[["source", "target"]].values.tolist() == [["a", "c"]]  # |-3| >= 2; +1 and 0 dropped
    assert len(network.threshold_edges(sub, 1)) == 2
    assert network.threshold_note(sub, kept, 2) == (
        "pairs where agreement outweighs disagreement, or the reverse, by at least 2: 1 of 3 pairs")
    assert network.threshold_note(sub, kept, 2, short=True) == "|agreement − disagreement| ≥ 2: 1 of 3 pairs"
    assert network.auto_threshold(sub, max_edges=1) == 2.0
    assert network.auto_threshold(sub, max_edges=3) == 1.0
    both = network.actor_edges(_three_actors(), normalisation="no", duplicates="include")
    k = network.auto_threshold(both, max_edges=2)
    assert len(network.threshold_edges(both, k)) <= 2 and len(network.threshold_edges(both, k - 1)) > 2
    with pytest.raises(ValueError):
        network.threshold_edges(sub, 1, by="size")


def test_issue_networks_by_hand():
    st = _three_actors()
    top = network.top_issues(st, 1)
    assert top[["target", "n_statements", "n_actors", "n_favour", "n_against"]].values.tolist() == [["X", 4, 3, 3, 1]]
    x = network.issue_edges(st, "X", normalisation="no", duplicates="include")
    assert dict(zip(zip(x["source"], x["target"]), x["count"])) == {("a", "b"): 2.0, ("a", "c"): -2.0, ("b", "c"): -1.0}
    assert set(x["targets"]) == {"X"}
    y = network.issue_edges(st, "y", normalisation="no", subtract=False)
    assert set(y["relation"]) == {"congruence", "conflict"} and set(y["targets"]) == {"Y"}
    assert network.issue_edges(st, "no such issue").empty


# ---------------------------------------------------------------- charts

def _save(ax, name: str) -> Path:
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    path = PNG_DIR / name
    ax.figure.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(ax.figure)
    return path


def test_chart_five_actors(ex):
    g = network.actor_graph(ex["stances"], actors=ex["actors"])
    ax = network.draw_network(g, title="Congruence and conflict (example)")
    labels = {t.get_text() for t in ax.texts}
    assert labels == {"Tom Hartley", "Priya Shah", "Maria Lopez", "Dan Okafor", "Northgate Residents' Association"}
    assert network.label_overlaps(ax) == 0
    legend_texts = {t.get_text() for leg in ax.figure.findobj(matplotlib.legend.Legend) for t in leg.get_texts()}
    assert {"Labour", "Green", "Conservative", "unknown", "congruence", "conflict"} <= legend_texts
    assert _save(ax, "network-5.png").stat().st_size > 10_000
    ax2 = network.draw_network(network.two_mode_graph(ex["stances"], actors=ex["actors"]), color_by="type",
                               title="Actors and targets (example)")
    assert network.label_overlaps(ax2) == 0
    _save(ax2, "network-5-two-mode.png")


def test_chart_two_hundred_actors():
    st, actors = synthetic(200)
    g = network.actor_graph(st, actors=actors)
    ax = network.draw_network(g, title="200 synthetic actors", top_k_labels=20)
    assert len(ax.texts) == 20 and network.label_overlaps(ax) == 0
    assert _save(ax, "network-200.png").stat().st_size > 10_000


def test_chart_empty_graph():
    ax = network.draw_network(nx.Graph(), title="nothing")
    assert ax.texts[0].get_text() == "no statements to draw"
    plt.close(ax.figure)


def test_party_colours_same_in_both_networks(ex):
    from matplotlib.colors import to_hex

    from utils.report.palette import party_colour

    def colours(ax) -> set[str]:
        return {to_hex(c).upper() for coll in ax.collections if hasattr(coll, "get_offsets")
                and coll.get_facecolors().size for c in coll.get_facecolors()}

    actor_ax = network.draw_network(network.actor_graph(ex["stances"], actors=ex["actors"]))
    two_ax = network.draw_network(network.two_mode_graph(ex["stances"], actors=ex["actors"]))
    for party in ("Labour", "Conservative", "Green"):
        assert party_colour(party) in colours(actor_ax) and party_colour(party) in colours(two_ax)
    plt.close("all")


def test_small_multiples_per_issue(ex):
    st, nodes = ex["stances"], network.node_table(ex["stances"], actors=ex["actors"])
    panels = {}
    for rec in network.top_issues(st, 2).to_dict("records"):
        e = network.issue_edges(st, rec["target_id"], normalisation="no")
        panels[rec["target"]] = network.to_graph(e, nodes[nodes["id"].isin(set(e["source"]) | set(e["target"]))],
                                                 multigraph=False)
    assert list(panels) == ["Northgate bypass", "housing plan"]
    fig = network.draw_small_multiples(panels, title="By issue")
    axes = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in axes] == ["Northgate bypass", "housing plan"]
    assert all(network.label_overlaps(ax) == 0 for ax in axes)
    legend = {t.get_text() for leg in fig.legends for t in leg.get_texts()}
    assert {"Labour", "Conservative", "congruence", "conflict"} <= legend
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    fig.savefig(PNG_DIR / "network-issues.png", dpi=80)
    plt.close(fig)
