"""The default sentiment model: a fine-tuned MiniLM encoder run with ``onnxruntime``.

all-MiniLM-L6-v2 fine-tuned on NewsMTSC ``train`` to read the sentiment a sentence
expresses toward one marked target (``evaluation/train_stance_encoder.py``), exported
to ONNX and quantized to 8-bit integers (``utils/models/``, model card in
``utils/models/README.md``). Run time needs ``onnxruntime`` and ``tokenizers`` (both
in the default install), never torch.

The input is the target's sentence with the target wrapped in brackets
(:func:`mark_target`), cut to at most :data:`MAX_LEN` word pieces around the
target. :func:`predict_proba` takes ``(text, start, end)`` items and gives one row of
probabilities (negative, neutral, positive) per item, each item run on its own.
"""
from __future__ import annotations

import gzip
import os
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from utils import paths

MODEL_FILE = "sentiment_minilm_newsmtsc.int8.onnx"
TOKENIZER_FILE = "sentiment_minilm_tokenizer.json.gz"
LABELS = ("negative", "neutral", "positive")
MAX_LEN = 128
_MARKS = ("[", "]")


#: the error for a missing model or tokenizer file (``utils.paths.ResourceMissing``)
ModelMissingError = paths.ResourceMissing


def mark_target(text: str, start: int, end: int) -> tuple[str, int, int]:
    """``text`` with the target wrapped as ``[ target ]`` (model input only, never
    stored) and the target's new offsets.

    >>> mark_target("Critics slammed Smith.", 16, 21)
    ('Critics slammed [ Smith ].', 18, 23)
    """
    o, c = _MARKS
    return text[:start] + o + " " + text[start:end] + " " + c + text[end:], start + 2, end + 2


def _model_dir(model_dir: Path | str | None) -> Path:
    return Path(model_dir) if model_dir is not None else paths.MODELS


@lru_cache(maxsize=4)
def load_tokenizer(model_dir: Path | str | None = None):
    """The word-piece tokenizer shipped beside the model (padding and truncation off)."""
    from tokenizers import Tokenizer  # a pinned dependency, imported on first use

    path = paths.require_file(_model_dir(model_dir) / TOKENIZER_FILE, "stance encoder tokenizer")
    return plain_tokenizer(Tokenizer.from_str(gzip.decompress(path.read_bytes()).decode("utf-8")))


def plain_tokenizer(tok):
    """``tok`` with its own padding and truncation turned off (the base model's
    tokenizer.json pads every text to 128 pieces): :func:`encode_items` pads to the
    batch's longest text and cuts a long text around its target instead."""
    tok.no_padding()
    tok.no_truncation()
    return tok


@lru_cache(maxsize=4)
def load_session(model_dir: Path | str | None = None):
    """An ``onnxruntime`` inference session on the shipped model (cached)."""
    import onnxruntime as ort  # a pinned dependency, imported on first use

    path = paths.require_file(_model_dir(model_dir) / MODEL_FILE, "stance encoder model")
    opts = ort.SessionOptions()
    # one thread by default: the pipeline already runs one worker process per core, and
    # more threads per worker only fight over the same cores (env WSW_ONNX_THREADS: more)
    opts.intra_op_num_threads = max(1, int(os.environ.get("WSW_ONNX_THREADS", "1") or 1))
    opts.inter_op_num_threads = 1
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def encode_items(tok, items: Sequence[tuple[str, int, int]], *, max_len: int = MAX_LEN):
    """Padded ``int64`` arrays (input ids, attention mask, target mask) for
    ``(text, start, end)`` items. A text longer than ``max_len`` word pieces keeps
    the window of pieces centred on the target (with [CLS] and [SEP])."""
    marked = [mark_target(t, s, e) for t, s, e in items]
    encs = tok.encode_batch([m[0] for m in marked])
    rows = []
    for (_, ts, te), enc in zip(marked, encs, strict=True):
        ids = enc.ids
        special = enc.special_tokens_mask
        tmask = [int(not sp and a < te and b > ts) for (a, b), sp in zip(enc.offsets, special, strict=True)]
        if len(ids) > max_len:
            body = list(range(1, len(ids) - 1))
            hits = [i for i in body if tmask[i]] or [len(ids) // 2]
            mid = (hits[0] + hits[-1]) // 2
            lo = max(1, min(mid - (max_len - 2) // 2, len(ids) - 1 - (max_len - 2)))
            keep = [0, *range(lo, lo + max_len - 2), len(ids) - 1]
            ids, tmask = [ids[i] for i in keep], [tmask[i] for i in keep]
        rows.append((ids, tmask))
    width = max(len(r[0]) for r in rows) if rows else 0
    ids_a = np.zeros((len(rows), width), dtype=np.int64)
    mask_a = np.zeros((len(rows), width), dtype=np.int64)
    tm_a = np.zeros((len(rows), width), dtype=np.int64)
    for i, (ids, tm) in enumerate(rows):
        ids_a[i, : len(ids)] = ids
        mask_a[i, : len(ids)] = 1
        tm_a[i, : len(tm)] = tm
    return ids_a, mask_a, tm_a


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def predict_proba(items: Sequence[tuple[str, int, int]], *, model_dir: Path | str | None = None) -> np.ndarray:
    """Probabilities (negative, neutral, positive), one row per ``(text, start, end)``
    item; ``text`` should be the target's sentence (or a short window around it).

    Each item is run on its own, unpadded: the model's 8-bit activations are scaled per
    call (dynamic quantisation), so an item that shared a padded batch with others got
    probabilities that moved with its neighbours (by up to 0.34 on BBC politics; 5% of
    the verdicts changed). Alone, an item's probabilities depend on that item only, and
    the run is faster (no padding; 760 BBC pairs in 1.5 s against 1.9 s in batches of 32)
    and scores better on NewsMTSC ``devtest_mt`` (macro-F1 0.751 against 0.743).

    Raises:
        ModelMissingError: when the model or its tokenizer file is missing.
        ValueError: when an item's offsets are not ``0 <= start < end <= len(text)``.
    """
    for t, s, e in items:
        if not (0 <= s < e <= len(t)):
            raise ValueError(f"bad target offsets ({s}, {e}) for a text of length {len(t)}")
    out = np.zeros((len(items), len(LABELS)), dtype=np.float64)
    if not len(items):
        return out
    tok, sess = load_tokenizer(model_dir), load_session(model_dir)
    for i, item in enumerate(items):
        ids, mask, tm = encode_items(tok, [item])
        logits = sess.run(["logits"], {"input_ids": ids, "attention_mask": mask, "target_mask": tm})[0]
        out[i] = _softmax(logits.astype(np.float64))[0]
    return out
