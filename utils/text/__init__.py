"""The shared linguistic foundation: takes a document's text, gives its ``Doc``.

Every stage reads the same ``Doc`` (paragraphs, sentences, tokens with offsets, the
quotation spans, room for part-of-speech tags) instead of cutting the text again, and
the ``segments`` table (``segments_frame``) is the Doc's paragraphs and sentences.

- ``segment(text, doc_id)`` -> ``Doc`` (``utils.text.segmentation``): the one sentence
  splitter (NLTK Punkt with the project's abbreviations) and the one tokenizer;
  beside them, for text that has no Doc, ``sentence_around`` (a cheap regex sentence
  end around a span) and ``TOKEN_NO_INNER_DOTS`` (the stance model's token convention).
- ``Doc``, ``Span`` (``utils.text.doc``).
- ``find_quotes`` / ``Quote`` (``utils.text.quotes``): the one quote tracker.
- ``tag_doc(doc)`` (``utils.text.tagger``): fills ``doc.tags`` with Penn Treebank
  part-of-speech tags (a small model trained on GUM; not called by the pipeline yet).
"""
from utils.text.doc import Doc, Segmented, Span
from utils.text.quotes import Quote, find_quotes
from utils.text.segmentation import (
    DASH_CHARS,
    SENTENCE_END,
    TOKEN_NO_INNER_DOTS,
    load_abbreviations,
    paragraph_spans,
    segment,
    segments_frame,
    sentence_around,
    sentence_spans,
    sentence_tokenizer,
    token_spans,
)
from utils.text.tagger import tag_doc

__all__ = [
    "DASH_CHARS", "Doc", "Quote", "SENTENCE_END", "Segmented", "Span", "TOKEN_NO_INNER_DOTS", "find_quotes",
    "load_abbreviations", "paragraph_spans", "segment", "segments_frame", "sentence_around", "sentence_spans",
    "sentence_tokenizer", "tag_doc", "token_spans",
]
