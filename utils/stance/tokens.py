"""The tokenizer and sentence splitter of the stance stage, in one place.

``_TOK`` (words, hashtags, single punctuation marks) and ``_SENT_END`` (a cheap
regex sentence end used by :func:`context_window`) are the stance stage's own; they
differ slightly from ``utils.text`` and are kept here so that unifying them later is
one change (checked against the identical-results snapshot). Also the token classes
the scorers share: hard clause boundaries and negators.
"""
from __future__ import annotations

import re


from utils.text import DASH_CHARS

_TOK = re.compile(r"[#@]?\w+(?:[’'\-]\w+)*|[^\w\s]")
_HARD_BOUNDARY = frozenset(";:()[]!?." + DASH_CHARS)
_NEG_WORDS = frozenset({"not", "never", "no", "cannot", "nor", "neither", "without", "nobody", "nothing", "none"})


def _is_negator_token(tok: str) -> bool:
    return tok in _NEG_WORDS or tok.endswith("n't") or tok.endswith("n’t")


_SENT_END = re.compile(r"(?:(?<=[a-z]{2})|(?<=[0-9%)\]\"'”’]))[.…]+[\"'”’)\]]*\s+|[!?]+[\"'”’)\]]*\s+|\n")


def context_window(text: str, start: int, end: int, *, max_chars: int = 600) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` (cheap regex split, at most
    ``max_chars`` each side of the target)."""
    lo = max(0, start - max_chars)
    hi = min(len(text), end + max_chars)
    left = lo
    for m in _SENT_END.finditer(text, lo, start):
        left = m.end()
    m = _SENT_END.search(text, end, hi)
    right = m.start() + len(m.group().rstrip()) if m else hi
    return left, max(right, end)
