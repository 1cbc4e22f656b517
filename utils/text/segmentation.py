"""Segmentation: paragraphs, sentences and tokens with character offsets.

The one tokenizer (``token_spans``) and the one sentence splitter (``sentence_spans``)
of the project; ``segment`` builds the ``Doc`` every annotation stage reads. The stored document
text is never changed: every span here is a pair of offsets into it, and
``text[start:end]`` is always the span's text.

Sentence splitting uses NLTK's Punkt algorithm configured with the project's
own abbreviation list (``data/abbreviations.txt``), so it needs no ``punkt`` or
``punkt_tab`` download.

Example:
    >>> seg = segment('Mr Austin said: "No." He left.\\n\\nDr Lowe agreed.')
    >>> [seg.text[s.start:s.end] for s in seg.sentences]
    ['Mr Austin said: "No."', 'He left.', 'Dr Lowe agreed.']
    >>> [p.index for p in seg.paragraphs]
    [0, 1]
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from utils import paths
from utils.ids import segment_id
from utils.text.doc import Doc, Span

#: Dashes that set off an aside, a dateline or a signature: en dash, em dash and the
#: horizontal bar (U+2015, which some outlets, HuffPost among them, print as their em
#: dash). A hyphen counts as a dash only when spaced; callers check that themselves.
DASH_CHARS = "—–―"

# Paragraph breaks: a newline followed by optional horizontal space and another
# newline (blank line). Linear: no nested quantifiers.
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0\u2028\u2029]*\n")
# Tokens: words with inner apostrophes/hyphens/dots (U.S., don't, left-winger),
# numbers with separators, #tags and @handles, or any other single non-space char.
_TOKEN = re.compile(
    r"[#@]?\w+(?:[’'\-.]\w+)*|[^\w\s]",
    re.UNICODE,
)
#: The same tokens without the inner full stop ("U.S." is three tokens): the convention
#: the shipped stance model's features were trained with (``utils.stance``), kept
#: beside the project's tokenizer so that the two differ in that one respect only.
TOKEN_NO_INNER_DOTS = re.compile(r"[#@]?\w+(?:[’'\-]\w+)*|[^\w\s]")

#: A cheap sentence end for a span of text that has no ``Doc`` (a lone sentence of an
#: evaluation set, a target's window): used by ``sentence_around``.
SENTENCE_END = re.compile(r"(?:(?<=[a-z]{2})|(?<=[0-9%)\]\"'”’]))[.…]+[\"'”’)\]]*\s+|[!?]+[\"'”’)\]]*\s+|\n")


def sentence_around(text: str, start: int, end: int, *, max_chars: int = 600) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` found with ``SENTENCE_END`` (at most
    ``max_chars`` each side of the span), for text that was never segmented. A stage
    that has the document's ``Doc`` uses its sentences instead.

    >>> t = "He left. Mr Corbyn, he said, is wrong! Then silence."
    >>> lo, hi = sentence_around(t, t.index("Corbyn"), t.index("Corbyn") + 6)
    >>> t[lo:hi]
    'Mr Corbyn, he said, is wrong!'
    """
    lo = max(0, start - max_chars)
    hi = min(len(text), end + max_chars)
    left = lo
    for m in SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    m = SENTENCE_END.search(text, end, hi)
    right = m.start() + len(m.group().rstrip()) if m else hi
    return left, max(right, end)


def load_abbreviations(path: Path | None = None) -> frozenset[str]:
    """Read the abbreviation list (lower case, no final full stop).

    Lines starting with ``#`` and blank lines are ignored.
    """
    path = Path(path) if path else paths.DATA / "abbreviations.txt"
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            out.add(line.rstrip("."))
    return frozenset(out)


@lru_cache(maxsize=4)
def sentence_tokenizer(abbreviations: frozenset[str] | None = None):
    """An NLTK Punkt sentence tokenizer with the project's abbreviations."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(abbreviations if abbreviations is not None else load_abbreviations())
    return PunktSentenceTokenizer(params)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Non-empty paragraphs as ``(start, end)``, trimmed of surrounding whitespace.

    >>> paragraph_spans("One.\\n\\n  \\nTwo.\\n")
    [(0, 4), (9, 13)]
    """
    out = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    spans = []
    for s, e in out:
        s2, e2 = _trim(text, s, e)
        if s2 < e2:
            spans.append((s2, e2))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Punkt's cost grows with the length of a "sentence" candidate; chunking very
# long stretches without sentence-final punctuation keeps it linear.
_MAX_CHUNK = 5000


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as absolute ``(start, end)`` offsets.

    Newlines inside a paragraph (line breaks) also end a sentence when the next
    line starts a new unit; Punkt decides everything else.
    """
    end = len(text) if end is None else end
    tok = sentence_tokenizer()
    spans = []
    for ls, le in _line_blocks(text, start, end):
        for cs, ce in _chunks(text, ls, le):
            piece = text[cs:ce]
            for s, e in tok.span_tokenize(piece):
                s2, e2 = _trim(text, cs + s, cs + e)
                if s2 < e2:
                    spans.append((s2, e2))
    return spans


def _line_blocks(text: str, start: int, end: int):
    """Split on single newlines (each line of a paragraph is its own block)."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        if nl == -1:
            yield pos, end
            return
        yield pos, nl
        pos = nl + 1


def _chunks(text: str, start: int, end: int):
    """Cut a block longer than ``_MAX_CHUNK`` at whitespace, so that no single
    Punkt call sees an unbounded stretch."""
    pos = start
    while end - pos > _MAX_CHUNK:
        cut = text.rfind(" ", pos + _MAX_CHUNK // 2, pos + _MAX_CHUNK)
        if cut <= pos:
            cut = pos + _MAX_CHUNK
        yield pos, cut
        pos = cut
    if pos < end:
        yield pos, end


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word and punctuation tokens of ``text[start:end]`` as absolute offsets.

    >>> t = "Corbyn's #LabourPurge @SarahHenney: £3."
    >>> [t[s:e] for s, e in token_spans(t)]
    ["Corbyn's", '#LabourPurge', '@SarahHenney', ':', '£', '3', '.']
    """
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def segment(text: str, doc_id: str = "") -> Doc:
    """Cut ``text`` into paragraphs, sentences and tokens, all with offsets: the
    document's ``Doc``, computed once and read by every stage."""
    seg = Doc(text=text, doc_id=doc_id)
    for pi, (ps, pe) in enumerate(paragraph_spans(text)):
        seg.paragraphs.append(Span(ps, pe, pi))
        for ss, se in sentence_spans(text, ps, pe):
            si = len(seg.sentences)
            seg.sentences.append(Span(ss, se, si, paragraph=pi))
            for ts, te in token_spans(text, ss, se):
                seg.tokens.append(Span(ts, te, len(seg.tokens), paragraph=pi, sentence=si))
    return seg


def segments_frame(doc_id: str, seg: Doc) -> pd.DataFrame:
    """Paragraphs and sentences of one document as a tidy table.

    Columns: doc_id, unit (paragraph | sentence), unit_id, paragraph, start,
    end, text.
    """
    rows = []
    for p in seg.paragraphs:
        rows.append((doc_id, "paragraph", segment_id(doc_id, "paragraph", p.index), p.index, p.start, p.end, seg.span_text(p)))
    for s in seg.sentences:
        rows.append((doc_id, "sentence", segment_id(doc_id, "sentence", s.index), s.paragraph, s.start, s.end, seg.span_text(s)))
    return pd.DataFrame(rows, columns=["doc_id", "unit", "unit_id", "paragraph", "start", "end", "text"])
