"""The encoder's verdict as a :class:`~utils.stance.lexical.Detail`: the probabilities
of the fine-tuned MiniLM model (:mod:`utils.stance.onnx_model`) with the evidence
words of the lexical scorer when they agree with it, else the sentence the model read.
"""
from __future__ import annotations

import numpy as np

from utils.stance.lexical import Detail, lexical_detail
from utils.stance.lexicon import Lexicon
from utils.stance.onnx_model import LABELS, predict_proba

#: the smallest |p(positive) - p(negative)| a polar verdict is given (a polar argmax
#: whose margin is smaller keeps this magnitude, so its sign is never lost)
_MIN_POLAR = 0.05


def encoder_detail(p: np.ndarray, lexd: Detail, lo: int, hi: int) -> Detail:
    """A Detail from the model's probabilities ``p`` (order :data:`LABELS`).

    The label is the most probable class; the score is ``p(positive) -
    p(negative)`` (0.0 when neutral wins). The evidence is the lexical scorer's
    words when their sign agrees with the model's, else the window ``lo:hi`` the
    model read (rule ``encoder``); the probabilities go to ``feats["p"]``.
    """
    k = int(np.argmax(p))
    pos, neg = float(p[LABELS.index("positive")]), float(p[LABELS.index("negative")])
    if LABELS[k] == "neutral":
        score = 0.0
    else:
        sgn = 1.0 if LABELS[k] == "positive" else -1.0
        score = sgn * max(_MIN_POLAR, abs(pos - neg))
    if score and lexd.ev_start is not None and lexd.ev_start >= 0 and np.sign(lexd.score) == np.sign(score):
        ev_s, ev_e = lexd.ev_start, lexd.ev_end
    elif score:
        ev_s, ev_e = lo, hi
    else:
        ev_s, ev_e = lexd.ev_start, lexd.ev_end
    return Detail(float(max(-1.0, min(1.0, score))), lexd.raw, ev_s, ev_e, "encoder", dict(lexd.feats, p=[float(x) for x in p]))


def _encoder_detail(text: str, lo: int, hi: int, start: int, end: int, *, lexicon: Lexicon | None = None) -> Detail:
    """One target's encoder Detail (one model call)."""
    lexd = lexical_detail(text, lo, hi, start, end, lexicon=lexicon)
    p = predict_proba([(text[lo:hi], start - lo, end - lo)])[0]
    return encoder_detail(p, lexd, lo, hi)
