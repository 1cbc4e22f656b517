"""The token classes the stance scorers share (hard clause boundaries, negators) and the
names under which the stage reads the project's tokenizer and sentence finder.

Both live in ``utils.text``: ``_TOK`` is ``utils.text.TOKEN_NO_INNER_DOTS`` (the stance
model's training-time convention, "U.S." as three tokens) and ``context_window`` is
``utils.text.sentence_around`` (for text with no ``Doc``, such as a lone sentence).
"""
from __future__ import annotations

from utils.text import DASH_CHARS, TOKEN_NO_INNER_DOTS, sentence_around

_TOK = TOKEN_NO_INNER_DOTS
_HARD_BOUNDARY = frozenset(";:()[]!?." + DASH_CHARS)
_NEG_WORDS = frozenset({"not", "never", "no", "cannot", "nor", "neither", "without", "nobody", "nothing", "none"})


def _is_negator_token(tok: str) -> bool:
    return tok in _NEG_WORDS or tok.endswith("n't") or tok.endswith("n’t")


#: The sentence holding a span, for text with no Doc (``utils.text.sentence_around``).
context_window = sentence_around
