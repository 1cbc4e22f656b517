"""Sentiment toward one target span: :func:`sentiment_toward` (label and score)
and :func:`sentiment_detail` (with the evidence and the rule), by the shipped
encoder (the default), the light logistic-regression model or the lexicon scorer.
"""
from __future__ import annotations

import numpy as np

from utils.settings import SENTIMENTS

from utils.stance.encoder import _encoder_detail
from utils.stance.lexical import Detail, lexical_detail
from utils.stance.lexicon import Lexicon
from utils.stance.model import _detail_from_proba, load_linear_model, target_features
from utils.stance.tokens import context_window

#: the sentiment methods: ``auto`` is ``encoder``, the fine-tuned MiniLM model run with
#: onnxruntime; ``model`` the light logistic regression; ``lexicon`` the rule scorer
METHODS = SENTIMENTS


def _check_span(text: str, start: int, end: int) -> None:
    if not isinstance(text, str):
        raise ValueError("text must be a str")
    for v in (start, end):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise ValueError(f"offsets must be integers, got {v!r}")
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"bad target offsets ({start}, {end}) for a text of length {len(text)}")


def sentiment_detail(
    text: str, start: int, end: int, *, method: str = "auto", window: tuple[int, int] | None = None,
    lexicon: Lexicon | None = None,
) -> Detail:
    """Like :func:`sentiment_toward` but returns the :class:`Detail` (evidence, rule)."""
    _check_span(text, start, end)
    lo, hi = window if window is not None else context_window(text, start, end)
    lo, hi = min(lo, start), max(hi, end)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: use {', '.join(METHODS)}")
    if method in ("auto", "encoder"):
        return _encoder_detail(text, lo, hi, start, end, lexicon=lexicon)
    lexd = lexical_detail(text, lo, hi, start, end, lexicon=lexicon)
    if method == "lexicon":
        return lexd
    model = load_linear_model()
    p = model.proba(target_features(text, lo, hi, start, end, lexicon=lexicon))
    return _detail_from_proba(model.classes, p, lexd, "model")


def sentiment_toward(
    text: str, start: int, end: int, *, method: str = "auto", window: tuple[int, int] | None = None,
    lexicon: Lexicon | None = None,
) -> tuple[str, float]:
    """Sentiment that ``text`` expresses toward the target ``text[start:end]``.

    Looks only at the target's sentence (or ``window``), never the whole text.

    Args:
        text: one sentence or a whole article.
        start, end: the target's offsets.
        method: ``"auto"`` or ``"encoder"`` (the default: all-MiniLM-L6-v2
            fine-tuned on NewsMTSC, run with onnxruntime; a missing model file
            is an error, never a silent fallback), ``"model"`` (the light
            logistic regression) or ``"lexicon"`` (the rule scorer alone).
        window: optional ``(lo, hi)`` context instead of the sentence.
        lexicon: optional stance lexicon.

    Returns:
        ``(label, score)``: label ``positive|neutral|negative``, score in
        [-1, 1] whose sign agrees with the label (0.0 for a neutral model call).

    Raises:
        ValueError: when the offsets are not ``0 <= start < end <= len(text)``.
        ModelMissingError: when the encoder's model file or run-time package is missing.

    Example:
        >>> sentiment_toward("Critics slammed Smith over the fiasco.", 16, 21, method="lexicon")[0]
        'negative'
    """
    d = sentiment_detail(text, start, end, method=method, window=window, lexicon=lexicon)
    return d.label, round(float(d.score), 4)
