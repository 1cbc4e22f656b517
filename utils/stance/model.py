"""The shipped sentiment model: target-aware features (:func:`target_features`)
and the logistic regression trained on NewsMTSC (``evaluation/train_sentiment.py``,
weights in ``utils/models/``), saved and loaded as gzipped JSON.
"""
from __future__ import annotations

import bisect
import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from utils import paths
from utils.stance.lexical import Detail, lexical_detail
from utils.stance.lexicon import Lexicon
from utils.stance.tokens import _HARD_BOUNDARY, _TOK, _is_negator_token

MODEL_FILE = "sentiment_newsmtsc.json.gz"


def _bucket(d: int) -> str:
    return "1" if d <= 1 else "2" if d <= 3 else "3" if d <= 6 else "4"


def target_features(text: str, lo: int, hi: int, t0: int, t1: int, *, lexicon: Lexicon | None = None) -> dict[str, float]:
    """Target-aware features of ``text[t0:t1]`` in its context ``text[lo:hi]``.

    Words left/right of the target (with distance buckets), the target masked,
    bigrams around it, its clause's words, quotes, position, and the lexical
    scorer's outputs. Used by the shipped logistic regression.
    """
    toks = [(m.start(), m.group().lower()) for m in _TOK.finditer(text, lo, hi)]
    starts = [t[0] for t in toks]
    ti0 = bisect.bisect_left(starts, t0)
    ti1 = max(ti0 + 1, bisect.bisect_left(starts, t1))
    f: dict[str, float] = {}
    n = len(toks)
    words = [w for _, w in toks]
    # clause of the target
    cl0 = ti0
    while cl0 > 0 and words[cl0 - 1] not in _HARD_BOUNDARY and words[cl0 - 1] != ",":
        cl0 -= 1
    cl1 = ti1
    while cl1 < n and words[cl1] not in _HARD_BOUNDARY and words[cl1] != ",":
        cl1 += 1
    neg_left = any(_is_negator_token(w) for w in words[max(0, ti0 - 4):ti0])
    for i, w in enumerate(words):
        if ti0 <= i < ti1:
            continue
        f["w=" + w] = 1.0
        if i < ti0:
            d = ti0 - i
            side = "L"
        else:
            d = i - ti1 + 1
            side = "R"
        f[f"{side}{_bucket(d)}={w}"] = 1.0
        if d <= 8:
            f[f"{side}={w}"] = 1.0
        if cl0 <= i < cl1:
            f["C=" + w] = 1.0
    for i in range(n - 1):
        a = "<T>" if ti0 <= i < ti1 else words[i]
        b = "<T>" if ti0 <= i + 1 < ti1 else words[i + 1]
        if a == b == "<T>":
            continue
        near = (ti0 - 6 <= i <= ti1 + 5)
        f[("B=" if not near else "BN=") + a + "_" + b] = 1.0
    tw = words[ti0:ti1]
    f["T_pron"] = float(len(tw) == 1 and tw[0] in {"he", "she", "him", "her", "his", "they", "them", "their", "i", "we", "it"})
    f["T_len" + _bucket(len(tw))] = 1.0
    f["T_start"] = float(ti0 <= 1)
    f["T_pos" + str(min(4, int(5 * ti0 / max(1, n))))] = 1.0
    seg = text[lo:hi]
    q = seg.count('"') + seg.count("“") + seg.count("”")
    f["quotes"] = float(q > 0)
    before = text[lo:t0]
    f["T_in_quote"] = float((before.count('"') + before.count("“") - before.count("”")) % 2 == 1)
    f["question"] = float("?" in seg)
    f["neg_left"] = float(neg_left)
    d = lexical_detail(text, lo, hi, t0, t1, lexicon=lexicon)
    for k, v in d.feats.items():
        f["lx_" + k] = max(-3.0, min(3.0, v / 3.0))
    f["lx_score"] = d.score
    f["lx_lab_" + d.label] = 1.0
    return f


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    vocab: dict
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray

    def proba(self, feats: dict[str, float]) -> np.ndarray:
        z = self.intercept.astype(float).copy()
        for k, v in feats.items():
            j = self.vocab.get(k)
            if j is not None:
                z += self.coef[:, j] * v
        z -= z.max()
        p = np.exp(z)
        return p / p.sum()


def save_linear_model(path: Path, classes: Sequence[str], names: Sequence[str], coef: np.ndarray, intercept: np.ndarray,
                      meta: dict) -> None:
    """Write a linear model as gzipped JSON (features kept where any |coef| >= 1e-3)."""
    keep = np.where(np.abs(coef).max(axis=0) >= 1e-3)[0]
    obj = {
        "classes": list(classes),
        "features": [names[j] for j in keep],
        "coef": [[round(float(x), 4) for x in row[keep]] for row in coef],
        "intercept": [round(float(x), 5) for x in intercept],
        "meta": meta,
    }
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(obj, fh, separators=(",", ":"))


@lru_cache(maxsize=4)
def load_linear_model(path: str | None = None) -> LinearModel:
    """The shipped sentiment model (``utils.paths.ResourceMissing`` when the weights file is absent)."""
    p = paths.require_file(Path(path) if path else paths.MODELS / MODEL_FILE, "sentiment model",
                           "restore it from the repository or retrain it with `python -m evaluation.train_sentiment`")
    with gzip.open(p, "rt", encoding="utf-8") as fh:
        obj = json.load(fh)
    vocab = {k: i for i, k in enumerate(obj["features"])}
    return LinearModel(tuple(obj["classes"]), vocab, np.asarray(obj["coef"], dtype=np.float32),
                       np.asarray(obj["intercept"], dtype=np.float64))


def _detail_from_proba(classes: Sequence[str], p: np.ndarray, lexd: Detail, rule: str) -> Detail:
    k = int(np.argmax(p))
    lab = classes[k]
    pos = float(p[list(classes).index("positive")])
    neg = float(p[list(classes).index("negative")])
    if lab == "neutral":
        score = 0.0
    else:
        score = (pos - neg)
        sgn = 1.0 if lab == "positive" else -1.0
        score = sgn * max(0.05, abs(score)) if (score > 0) != (sgn > 0) or abs(score) < 0.05 else score
    return Detail(float(max(-1.0, min(1.0, score))), lexd.raw, lexd.ev_start, lexd.ev_end, rule, dict(lexd.feats, p=p.tolist()))
