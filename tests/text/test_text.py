"""Segmentation: offsets always point into the stored text (property-based),
and sentences split the way a news reader expects."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils.text import paragraph_spans, segment, sentence_spans, token_spans

QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a"
news_alphabet = st.sampled_from(list("abc XYZ.,;:!?\n\t-") + list(QUOTES)
                                + ["\u200b", "\u202e", "\u0301", "\U0001F600", "\u4e2d", "\u0627", "Mr. ", "Dr. "])
news_text = st.lists(news_alphabet, max_size=300).map("".join)


def _check(text):
    seg = segment(text)
    for units in (seg.paragraphs, seg.sentences, seg.tokens):
        for u in units:
            assert 0 <= u.start < u.end <= len(text)
            assert text[u.start:u.end].strip() == text[u.start:u.end] or u in seg.tokens
    # sentences lie inside their paragraph and are ordered, tokens inside their sentence
    for s in seg.sentences:
        p = seg.paragraphs[s.paragraph]
        assert p.start <= s.start and s.end <= p.end
    for t in seg.tokens:
        s = seg.sentences[t.sentence]
        assert s.start <= t.start and t.end <= s.end
    starts = [s.start for s in seg.sentences]
    assert starts == sorted(starts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_offsets_valid_for_any_unicode(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(news_text)
def test_offsets_valid_for_newsy_text(text):
    _check(text)


def test_seed_paragraphs_match_gold_numbering(seed_text, gold):
    paras = [seed_text[s:e] for s, e in paragraph_spans(seed_text)]
    for claim in gold["claims"]:
        assert claim["content"] in paras[claim["paragraph"]], claim["content"][:40]


def test_titles_do_not_end_sentences():
    text = "Mr. Smith met Dr Jones and Cllr. Pete Lowe in St. Helens. Sen. Warren spoke at 3 p.m. on Monday."
    sents = [text[s:e] for s, e in sentence_spans(text)]
    assert sents == ["Mr. Smith met Dr Jones and Cllr. Pete Lowe in St. Helens.",
                     "Sen. Warren spoke at 3 p.m. on Monday."]


def test_quote_closing_after_full_stop_stays_with_its_sentence():
    text = 'She said: "We will win." Then she left.'
    assert [text[s:e] for s, e in sentence_spans(text)] == ['She said: "We will win."', "Then she left."]


def test_line_breaks_inside_a_paragraph_split_sentences():
    text = "HEADLINE WITHOUT STOP\nThe body starts here."
    assert [text[s:e] for s, e in sentence_spans(text)] == ["HEADLINE WITHOUT STOP", "The body starts here."]


def test_tokens_keep_handles_tags_and_apostrophes():
    text = "Corbyn\u2019s #LabourPurge @SarahHenney isn't U.S.-based."
    assert [text[s:e] for s, e in token_spans(text)] == [
        "Corbyn\u2019s", "#LabourPurge", "@SarahHenney", "isn't", "U.S", ".", "-", "based", "."]


def test_long_text_without_full_stop_is_chunked_linearly():
    text = "word " * 200_000
    seg = segment(text)
    assert len(seg.tokens) == 200_000
    assert all(s.end - s.start <= 5000 for s in seg.sentences)
