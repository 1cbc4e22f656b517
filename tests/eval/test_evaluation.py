"""The PolNeAR scorer (evaluation/polnear.py) on hand-made cases whose answers are
worked out in the comments, so that the project's figures mean what
datasets/README.md says they mean."""
from __future__ import annotations

import pytest

from evaluation.polnear import Score, _tokens, document_bootstrap, greedy_match, in_quotes


def test_greedy_match_is_one_to_one_by_largest_overlap():
    preds = [frozenset("a b c".split()), frozenset("c d".split())]
    golds = [frozenset("c d e".split()), frozenset("a b".split())]
    # pred 0 shares 2 tokens with gold 1 and 1 with gold 0; pred 1 shares 2 with gold 0
    assert sorted(greedy_match(preds, golds)) == [(0, 1), (1, 0)]
    # one gold, two predictions touching it: only one of them matches
    assert greedy_match([frozenset({"x"}), frozenset({"x", "y"})], [frozenset({"x", "y"})]) == [(1, 0)]
    assert greedy_match([frozenset({"x"})], [frozenset({"z"})]) == []


def test_in_quotes_reads_the_outer_marks():
    text = 'He said "we will win." She said we would lose.'
    s = text.index("we will")
    assert in_quotes(text, [(s, s + len("we will win."))])
    t = text.index("we would")
    assert not in_quotes(text, [(t, t + len("we would lose"))])


def _item(text, span, source=None, direct=False):
    return {"tokens": _tokens(text, [span]), "strict": span, "cue": [], "source": [source] if source else [],
            "speaker": source, "direct": direct}


def test_score_counts_partial_matches_and_speakers():
    text = "Ann said the plan is dead. Bob said taxes will rise. Cat said nothing."
    gold = [_item(text, (9, 25), (0, 3)), _item(text, (36, 51), (27, 30))]
    # one prediction overlaps the first content with the right speaker; one overlaps
    # the second with the wrong speaker; one matches nothing
    preds = [_item(text, (13, 25), (0, 3)), _item(text, (36, 41), (0, 3)), _item(text, (62, 69), (53, 56))]
    sc = Score()
    sc.add(text, preds, gold)
    assert sc.counts() == (2, 3, 2, 1, 2)
    p, r, f = Score.prf(*sc.counts()[:3])
    assert (round(p, 3), r, round(f, 3)) == (0.667, 1.0, 0.8)


def test_document_bootstrap_is_seeded_and_brackets_the_point_value():
    # ten documents, one of them (the last) with every miss: F1 depends on it
    per_doc = [(5, 5, 5, 5, 5)] * 9 + [(0, 0, 20, 0, 0)]
    b = document_bootstrap(per_doc, n=500, seed=1)
    assert b["f1"] == pytest.approx(2 * 45 / (45 + 65))
    lo, hi = b["f1_interval"]
    assert lo < b["f1"] < hi
    assert b["most_influential"] == 9 and b["f1_without_most_influential"] == 1.0
    assert b["f1_leave_one_out"] == (pytest.approx(2 * 40 / (40 + 60)), 1.0)
    assert document_bootstrap(per_doc, n=500, seed=1) == b  # the same figures on every run
    # identical documents: no spread at all
    flat = document_bootstrap([(3, 4, 5, 2, 3)] * 6, n=200)
    assert flat["f1_interval"][0] == pytest.approx(flat["f1_interval"][1])
    assert flat["speaker_interval"][0] == pytest.approx(2 / 3)


def test_document_bootstrap_refuses_an_empty_split():
    with pytest.raises(ValueError, match="no documents"):
        document_bootstrap([])
