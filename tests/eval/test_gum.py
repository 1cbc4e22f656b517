"""The GUM scorer (evaluation/gum.py) on two invented GUM-format documents
(tests/fixtures/gum/dev, written for these tests): the ``Entity=`` bracket reader,
the rebuilt text's offsets, and the pronoun and typing scores of a hand-made
prediction whose right answers are worked out in the comments."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evaluation import gum

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gum" / "dev"
COLUMNS = ["start", "end", "text", "actor", "type", "kind", "title", "resolved_by"]


@pytest.fixture(scope="module")
def docs() -> dict[str, gum.GumDoc]:
    return {d.doc_id: d for d in gum.read_split(FIXTURES)}


def _spans(doc):
    return [(m.chain, m.etype, doc.text[slice(*doc.span(m))]) for m in doc.mentions]


def test_bracket_parser_reads_nested_and_multi_token_mentions():
    out, open_ = [], []
    gum.parse_entities("(3-event-new-x-cf4-3-coref(4-person-acc-x-cf1-1-coref", 7, open_, out)
    assert [(m.chain, m.etype, m.first) for m in open_] == [("3", "event", 7), ("4", "person", 7)] and not out
    gum.parse_entities("4)", 8, open_, out)
    gum.parse_entities("(6-time-new-x-cf2-1-sgl)3)", 9, open_, out)
    assert [(m.chain, m.etype, m.first, m.last) for m in out] == [
        ("4", "person", 7, 8), ("6", "time", 9, 9), ("3", "event", 7, 9)]
    assert not open_


def test_documents_chains_types_and_genres(docs):
    board, twins = docs["GUM_news_board"], docs["GUM_fiction_twins"]
    assert (board.genre, twins.genre) == ("news", "fiction")
    # "Her deputy, Bob Jones" holds "Her" (chain 1) and "Bob Jones" (chain 4, closed first by "4)4)")
    assert _spans(board) == [
        ("1", "person", "Anna Smith"), ("2", "organization", "the board"), ("1", "person", "She"),
        ("3", "abstract", "it"), ("4", "person", "Her deputy, Bob Jones"), ("1", "person", "Her"),
        ("4", "person", "Bob Jones"), ("1", "person", "her"), ("4", "person", "He")]
    # "(3-place-...)2)" on "Paris": a one-word mention, then the end of "a trip to Paris"
    assert _spans(twins)[1:3] == [("2", "event", "a trip to Paris"), ("3", "place", "Paris")]
    proper = [board.text[slice(*board.span(m))] for m in board.mentions if gum.is_proper_name(board, m)]
    assert proper == ["Anna Smith", "Bob Jones"]  # heads NNP; "Her deputy, Bob Jones" has head "deputy"


def test_text_is_rebuilt_with_offsets_of_every_word(docs):
    board, twins = docs["GUM_news_board"], docs["GUM_fiction_twins"]
    # two paragraphs (# newpar), sentences of a paragraph joined by a space; SpaceAfter=No kept
    assert board.text == "Anna Smith met the board. She said it wasn't ready.\n\nHer deputy, Bob Jones, praised her. He left."
    assert twins.text == "The twins arrived for a trip to Paris.\nThey liked it."  # no newpar: a sentence a line
    for d in (board, twins):
        assert all(d.text[w.start:w.end] == w.form for w in d.words)
    was, nt = [w for w in board.words if w.form in ("was", "n't")]
    assert board.text[was.start:nt.end] == "wasn't"  # the words of a multi-word token share it


def _mention(doc, snippet, actor, kind, typ="person", before=""):
    start = doc.text.index(before + snippet) + len(before)
    return (start, start + len(snippet), snippet, actor, typ, kind, "", "rule")


def test_pronoun_scores_and_baseline(docs):
    d = docs["GUM_news_board"]
    pred = pd.DataFrame([
        _mention(d, "Anna Smith", "Anna Smith", "name"),
        _mention(d, "board", "board", "description", "organisation"),
        _mention(d, "She", "Anna Smith", "pronoun"),       # right
        _mention(d, "Her", "Bob Jones", "pronoun"),        # wrong: Her is Anna Smith
        _mention(d, "Bob Jones", "Bob Jones", "name"),     # "her" (praised her) is left unresolved
        _mention(d, "He", "Bob Jones", "pronoun", before=". "),       # right: Bob Jones stands for chain 4
    ], columns=COLUMNS)
    c, items = gum.score_pronouns(d, pred, {"Anna Smith": "f"})
    assert (c["he/she:n"], c["he/she:resolved"], c["he/she:right"]) == (4, 3, 2)
    f = gum.pronoun_figures(c, "he/she")
    assert (f["coverage"], f["acc_resolved"], f["acc_all"]) == (0.75, pytest.approx(2 / 3), 0.5)
    # baseline: closest earlier person name, gender-compatible when known. She, Her -> Anna
    # Smith (right); "her" after "Bob Jones", whose gender is unknown -> Bob Jones (wrong); He -> Bob Jones
    assert [it["baseline"] for it in items] == ["Anna Smith", "Anna Smith", "Bob Jones", "Bob Jones"]
    assert (c["he/she:base_resolved"], c["he/she:base_right"]) == (4, 3)
    assert [gum.error_cause(it) for it in items if not it["right"]] == [
        "chosen actor's gender unknown", "unresolved: no compatible candidate"]


def test_they_and_empty_predictions(docs):
    d = docs["GUM_fiction_twins"]
    c, items = gum.score_pronouns(d, pd.DataFrame(columns=COLUMNS), {})
    assert (c["they:n"], c["they:resolved"], c["they:base_resolved"]) == (1, 0, 0)
    assert gum.pronoun_figures(c, "they")["acc_all"] == 0.0


def test_typing_counts_exact_and_overlap(docs):
    d = docs["GUM_news_board"]
    pred = pd.DataFrame([
        _mention(d, "Anna Smith", "Anna Smith", "name"),                       # exact person
        _mention(d, "Jones", "Jones", "name", "organisation"),                 # wrong type
        _mention(d, "She", "Anna Smith", "pronoun"),                           # not a name
    ], columns=COLUMNS)
    c = gum.score_typing(d, pred)
    assert (c["names:person:pred"], c["names:person:gold"], c["names:person:exact"]) == (1, 2, 1)
    assert (c["names:organisation:pred"], c["names:organisation:gold"], c["names:organisation:overlap"]) == (1, 0, 0)
    assert gum.prf(c, "names:person", "exact") == (1.0, 0.5, pytest.approx(2 / 3))
    # the README rule: every gold person mention (7 of them) against every person mention
    assert (c["all:person:pred"], c["all:person:gold"], c["all:person:exact"]) == (2, 7, 2)


def test_bootstrap_is_seeded_and_brackets_the_point_value():
    def fig(c):
        return gum.pronoun_figures(c, "he/she")

    flat = gum.bootstrap([gum.Counter({"he/she:n": 4, "he/she:resolved": 3, "he/she:right": 2})] * 5, fig, n=50)
    assert flat["acc_all"] == (0.5, 0.5)
    per_doc = [gum.Counter({"he/she:n": 4, "he/she:resolved": 4, "he/she:right": k}) for k in (0, 1, 2, 3, 4)]
    ci = gum.bootstrap(per_doc, fig, n=300, seed=7)
    lo, hi = ci["acc_all"]
    assert lo < 0.5 < hi
    assert gum.bootstrap(per_doc, fig, n=300, seed=7)["acc_all"] == (lo, hi)


def test_pipeline_runs_on_the_fixture(docs):
    r = gum.run_document(docs["GUM_news_board"])
    assert r.pronouns["he/she:n"] == 4
    assert r.typing["names:person:gold"] == 2


def test_prints_skipped_when_the_dataset_is_absent(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WSW_DATASETS", str(tmp_path / "nowhere"))
    assert gum.main([]) == 0
    assert capsys.readouterr().out.startswith(f"skipped: dataset not found at {tmp_path / 'nowhere' / 'gum' / 'dev'}")


def test_definite_descriptions_of_named_people(docs):
    """'The sprinter' after 'Tom Reed' (one chain) is a gold definite description; 'the coach'
    (a new person, never named) is not. The project's description over the gold head word
    gives the actor; the baseline takes the nearest person name before it."""
    d = docs["GUM_news_coach"]
    gold = [(d.text[slice(*d.span(m))], fam) for m, fam in gum.gold_pronouns(d)]
    assert gold == [("The sprinter", "the-description")]
    pred = pd.DataFrame([_mention(d, "Tom Reed", "Tom Reed", "name"),
                         _mention(d, "The sprinter", "Tom Reed", "description")], columns=COLUMNS)
    c, items = gum.score_pronouns(d, pred, {})
    assert (c["the-description:n"], c["the-description:resolved"], c["the-description:right"]) == (1, 1, 1)
    assert (c["the-description:base_resolved"], c["the-description:base_right"]) == (1, 1)
    c, _ = gum.score_pronouns(d, pred[pred["kind"] == "name"], {})
    assert (c["the-description:resolved"], c["the-description:right"]) == (0, 0)
