"""Train the light target-directed sentiment model shipped in ``utils/models/``.

Data: NewsMTSC ``train.jsonl`` only (Hamborg & Donnay, EACL 2021); the devtest set is
never read here. Light model (default): logistic regression with balanced class weights
over ``utils.stance.target_features`` (words left/right of the target with distance
buckets, target masked, clause words, lexicon scores), C chosen by 5-fold
cross-validation on train; written to ``utils/models/sentiment_newsmtsc.json.gz``.
The default model (the fine-tuned MiniLM encoder) is trained by
``evaluation/train_stance_encoder.py``; this light model is ``method="model"``.

    python -m evaluation.train_sentiment [--no-cv]                       # light model
"""
from __future__ import annotations

import argparse
import time


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-cv", action="store_true")
    args = ap.parse_args(argv)
    path = paths.datasets_dir() / "newsmtsc" / "train.jsonl"
    if not path.exists():
        print(f"skipped: dataset not found at {path}")
        return 0
    items = load_items(path)
    train_light(items, cv=not args.no_cv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
