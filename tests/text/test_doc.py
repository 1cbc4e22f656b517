"""The Doc: one linguistic foundation per document, computed once and read by every stage."""
from __future__ import annotations

import pytest

from conftest import SEED_FILE
from utils import ids, pipeline
from utils.text import Doc, find_quotes, segment
from utils.text import quotes as quotes_module
from utils.text import segmentation


def test_doc_holds_the_spans_and_quotes_of_its_text():
    text = 'Mr Austin said: "I will not back him." He left.\n\n"It is over," she wrote.'
    d = segment(text, doc_id="d1")
    assert isinstance(d, Doc) and d.doc_id == "d1" and d.tags is None
    assert [d.span_text(p) for p in d.paragraphs] == ['Mr Austin said: "I will not back him." He left.',
                                                       '"It is over," she wrote.']
    assert [d.span_text(s) for s in d.sentences][:2] == ['Mr Austin said: "I will not back him."', "He left."]
    assert all(d.text[t.start:t.end].strip() for t in d.tokens)
    assert [(q.open_start, q.close_end) for q in d.quotes] == [(q.open_start, q.close_end) for q in find_quotes(text, d)]
    assert [text[q.open_start:q.close_end] for q in d.quotes] == ['"I will not back him."', '"It is over,"']
    assert d.quotes is d.quotes  # found once, then kept


def test_segments_table_ids_follow_the_id_rules():
    text = "One. Two.\n\nThree."
    frame = pipeline.segments_frame("doc", segment(text, "doc"))
    assert frame["unit_id"].tolist() == [ids.segment_id("doc", "paragraph", 0), ids.segment_id("doc", "paragraph", 1),
                                         "doc:s0", "doc:s1", "doc:s2"]


def test_the_pipeline_cuts_each_document_once_and_tracks_its_quotes_once(monkeypatch):
    """Every stage reads the Doc the pipeline made: Punkt runs once per paragraph of the
    article and the quote tracker once per document, although four stages use them."""
    text = SEED_FILE.read_text(encoding="utf-8")
    n_paragraphs = len(segment(text).paragraphs)
    calls = {"sentences": 0, "quotes": 0}
    real_sentences, real_quotes = segmentation.sentence_spans, quotes_module.find_quotes

    def counting_sentences(*a, **k):
        calls["sentences"] += 1
        return real_sentences(*a, **k)

    def counting_quotes(*a, **k):
        calls["quotes"] += 1
        return real_quotes(*a, **k)

    monkeypatch.setattr(segmentation, "sentence_spans", counting_sentences)
    monkeypatch.setattr(quotes_module, "find_quotes", counting_quotes)
    out = pipeline.annotate_document("seed", text)
    assert out["errors"].empty, out["errors"].to_dict("records")
    assert len(out["claims"]) > 20 and len(out["stances"]) > 0 and len(out["frames"]) > 0
    assert calls == {"sentences": n_paragraphs, "quotes": 1}


@pytest.mark.parametrize("kind,index,expected", [("paragraph", 3, "x:p3"), ("sentence", 0, "x:s0")])
def test_segment_id(kind, index, expected):
    assert ids.segment_id("x", kind, index) == expected
