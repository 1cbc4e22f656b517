"""The ``Doc``: one document's linguistic foundation, computed once and read by every stage.

A ``Doc`` holds the text and its paragraphs, sentences and tokens as offsets
(``text[start:end]`` is always a span's text), the quotation spans (computed on first
use by the one quote tracker, ``utils.text.quotes``), and room for part-of-speech tags
(``tags``, one per token, filled by a tagger when one runs; ``None`` until then).
``utils.text.segmentation`` builds it; the pipeline passes the same object to actors,
claims, stance and framing, so no stage re-cuts the text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Span:
    """A span of the document text: ``text[start:end]``."""

    start: int
    end: int
    index: int  # position in its list (paragraph number, sentence number ...)
    paragraph: int = -1  # paragraph the span lies in (-1 for paragraphs themselves)
    sentence: int = -1  # sentence the span lies in (tokens only)


@dataclass(eq=False)
class Doc:
    """A document cut into paragraphs, sentences and tokens (all offsets), with its
    quotations on demand and room for part-of-speech tags.

    >>> from utils.text import segment
    >>> d = segment('He said: "We will win." Then he left.', doc_id="d1")
    >>> [d.span_text(s) for s in d.sentences]
    ['He said: "We will win."', 'Then he left.']
    >>> [d.text[q.open_start:q.close_end] for q in d.quotes]
    ['"We will win."']
    >>> d.sentence_at(d.text.index("Then")), d.tags is None
    (1, True)
    """

    text: str
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Span] = field(default_factory=list)
    doc_id: str = ""
    #: Part-of-speech tags, one per token, when a tagger has run (``None`` until then).
    tags: list[str] | None = None

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def token_texts(self) -> list[str]:
        return list(self.words)

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The text of every token, cut once for every stage (read-only)."""
        return tuple(self.text[t.start : t.end] for t in self.tokens)

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph holding ``offset`` (or the nearest before it)."""
        return _index_at(self.paragraphs, offset)

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (or the nearest before it)."""
        return _index_at(self.sentences, offset)

    @cached_property
    def quotes(self) -> list:
        """The document's quotations (``utils.text.quotes.Quote``), outermost first,
        found once by the project's quote tracker."""
        from utils.text.quotes import find_quotes

        return find_quotes(self.text, self)


#: The Doc's former name (kept for code written before the Doc had quotes and tags).
Segmented = Doc


def _index_at(spans: list[Span], offset: int) -> int:
    lo, hi = 0, len(spans) - 1
    best = -1
    while lo <= hi:
        mid = (lo + hi) // 2
        if spans[mid].start <= offset:
            best = mid
            lo = mid + 1
        else:
            hi = mid - 1
    return best
