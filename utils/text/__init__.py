"""The shared linguistic foundation: takes a document's text, gives its ``Doc``.

Every stage reads the same ``Doc`` (paragraphs, sentences, tokens with offsets, the
quotation spans, room for part-of-speech tags) instead of cutting the text again, and
the ``segments`` table (``segments_frame``) is the Doc's paragraphs and sentences.

- ``segment(text, doc_id)`` -> ``Doc`` (``utils.text.segment``): the one sentence
  splitter (NLTK Punkt with the project's abbreviations) and the one tokenizer.
- ``Doc``, ``Span`` (``utils.text.doc``).
- ``find_quotes`` / ``Quote`` (``utils.text.quotes``): the one quote tracker.
"""
from utils.text.doc import Doc, Segmented, Span
from utils.text.quotes import Quote, find_quotes
from utils.text.segment import (
    DASH_CHARS,
    load_abbreviations,
    paragraph_spans,
    segment,
    segments_frame,
    sentence_spans,
    sentence_tokenizer,
    token_spans,
)

__all__ = [
    "DASH_CHARS", "Doc", "Quote", "Segmented", "Span", "find_quotes", "load_abbreviations", "paragraph_spans", "segment",
    "segments_frame", "sentence_spans", "sentence_tokenizer", "token_spans",
]
