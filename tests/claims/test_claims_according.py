"""Claims, "according to" family (rules ``according-to``, ``according-to-tail``, ``by-agent``):
invented sentences."""
from __future__ import annotations

from tests.claims.claims_helpers import claims_of, find


def test_according_to_before_and_after():
    a = find(claims_of("According to the Treasury, borrowing will rise next year."), "borrowing will rise")
    b = find(claims_of("Borrowing will rise next year, according to the Treasury."), "Borrowing will rise")
    for r in (a, b):
        assert (r["speaker"], r["cue"].lower(), r["kind"]) == ("Treasury", "according to", "indirect")
        assert "Treasury" not in r["content"]


def test_as_reported_by_names_the_source():
    r = find(claims_of("As reported by the Chronicle, the council will close two libraries."), "close two libraries")
    assert (r["speaker_text"], r["cue"], r["rule"]) == ("the Chronicle", "reported", "by-agent")


def test_according_to_before_a_quote_names_the_source():
    text = 'Mr Hart spoke on Monday. According to the Hart campaign, "The speech will be given at the college in Leeds."'
    r = find(claims_of(text), "The speech will be given")
    assert (r["kind"], r["speaker_text"], r["cue"]) == ("direct", "the Hart campaign", "According to")
