"""Train the bare-quote model shipped in ``utils/models/bare_quotes_polnear.json``.

A *bare quote* is a top-level quotation that none of the rules of ``utils.claims``
attributes (no cue, no speaker, no adjacency). Many are scare quotes, titles and
slogans; some are somebody's words (block quotes, a quoted answer after a question,
quotes in round-ups). This script fits a logistic regression over
``utils.claims.bare_quote_features`` to tell them apart.

Data: PolNeAR train only (Newell, Margolin & Ruths, LREC 2018); dev is never read.
A bare quote is a positive example when it shares a ``\\w+`` token with a gold
attribution content that sits inside quotation marks (first annotator of each
document, as in ``evaluation/polnear.py``). C is chosen by 5-fold cross-validation
grouped by document (three fold draws), by the out-of-fold log-loss: the probabilities
rank the quotations of the review list (``utils.review.unattributed_quotes``), and the
log-loss, unlike the extractor's F1, does not go flat once the rules attribute most
speech. The decision threshold for that C is the one that maximises the direct-quote F1
of the whole extractor on the out-of-fold predictions.

    python -m evaluation.train_bare_quotes            # train, print CV figures, write the model
    python -m evaluation.train_bare_quotes --dry-run  # figures only
"""
from __future__ import annotations

import argparse
import json
import time


import numpy as np

from evaluation.polnear import _tokens, evaluate, gold_items, load_split, split_missing
from utils import claims as C
from utils import paths
from utils.tables import atomic_path
from utils.text import segment


def collect(split: str = "train"):
    """Feature rows, labels and document groups of the bare quotes of a split, plus the
    rule extractor's direct-quote counts (true positives, predictions, gold) as
    ``evaluation/polnear.py`` scores them."""
    docs = load_split(split, paths.datasets_dir() / "polnear")
    lex = C.load_cues()
    X, y, groups = [], [], []
    for gi, d in enumerate(docs):
        text = d["text"]
        doc, top, claims = C.rule_claims(text, segment(text), lex)
        golds = [g for g in gold_items(d) if g["direct"]]
        gold_tokens = set().union(*[g["tokens"] for g in golds]) if golds else set()
        for q, (cs, ce) in list(C.unclaimed_quotes(doc, top, claims)):
            f = C.bare_quote_features(doc, q, claims)
            X.append([f[k] for k in C.BARE_QUOTE_FEATURES])
            y.append(int(bool(_tokens(text, [(cs, ce)]) & gold_tokens)))
            groups.append(gi)
    direct = evaluate(split)["direct"]  # the rules alone (bare quotes off)
    return np.asarray(X, dtype=float), np.asarray(y), np.asarray(groups), (direct.tp, direct.n_pred, direct.n_gold)


def f1_with(tp, n_pred, n_gold, add_tp, add_pred):
    p = (tp + add_tp) / (n_pred + add_pred) if n_pred + add_pred else 0.0
    r = (tp + add_tp) / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="print the figures, do not write the model")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if split_missing("train"):
        return 0
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    t0 = time.perf_counter()
    X, y, groups, (tp, n_pred, n_gold) = collect("train")
    print(f"PolNeAR train: {len(y)} bare quotes, {int(y.sum())} inside a gold attribution "
          f"({time.perf_counter() - t0:.1f} s); rules alone: direct F1 {f1_with(tp, n_pred, n_gold, 0, 0):.4f} "
          f"(tp={tp}, pred={n_pred}, gold={n_gold})")
    thresholds = [round(float(t), 2) for t in np.arange(0.30, 0.91, 0.05)]
    grid = (0.01, 0.1, 1.0, 10.0)
    seeds = (args.seed, args.seed + 1, args.seed + 2)
    # out-of-fold direct F1 for every (C, threshold), averaged over three fold draws
    table = {(c, t): [] for c in grid for t in thresholds}
    kept = {(c, t): [] for c in grid for t in thresholds}
    logloss = {c: [] for c in grid}
    docs = np.unique(groups)
    for seed in seeds:
        order = np.random.default_rng(seed).permutation(len(docs))
        fold_of = {g: order[i] % 5 for i, g in enumerate(docs)}
        folds = np.asarray([fold_of[g] for g in groups])
        for c in grid:
            oof = np.zeros(len(y))
            for k in range(5):
                tr, te = folds != k, folds == k
                m = LogisticRegression(C=c, max_iter=5000).fit(X[tr], y[tr])
                oof[te] = m.predict_proba(X[te])[:, 1]
            logloss[c].append(float(log_loss(y, oof, labels=[0, 1])))
            for t in thresholds:
                keep = oof >= t
                table[(c, t)].append(f1_with(tp, n_pred, n_gold, int(y[keep].sum()), int(keep.sum())))
                kept[(c, t)].append((int(keep.sum()), int(y[keep].sum())))
    for c in grid:
        best_t = max(thresholds, key=lambda t: np.mean(table[(c, t)]))
        print(f"  C={c}: out-of-fold log-loss {np.mean(logloss[c]):.4f}; best mean direct F1 "
              f"{np.mean(table[(c, best_t)]):.4f} at threshold {best_t}")
    # C by the out-of-fold log-loss (a proper score of the probabilities, which the review
    # list ranks by), then the threshold for that C by the extractor's direct-quote F1
    c = min(grid, key=lambda k: np.mean(logloss[k]))
    t = max(thresholds, key=lambda th: np.mean(table[(c, th)]))
    f = float(np.mean(table[(c, t)]))
    n_keep = int(np.mean([a for a, _ in kept[(c, t)]]))
    n_pos = int(np.mean([b for _, b in kept[(c, t)]]))
    print(f"chosen: C={c}, threshold={t}: keeps about {n_keep} bare quotes out of fold, {n_pos} inside gold "
          f"(precision {n_pos / max(n_keep, 1):.3f}); direct F1 on train {f1_with(tp, n_pred, n_gold, 0, 0):.4f} -> {f:.4f} "
          f"(mean of {len(seeds)} fold draws)")
    model = LogisticRegression(C=c, max_iter=5000).fit(X, y)
    obj = {
        "features": list(C.BARE_QUOTE_FEATURES),
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": t,
        "trained_on": "PolNeAR train (Newell, Margolin & Ruths, LREC 2018), first annotator per document",
        "command": "python -m evaluation.train_bare_quotes",
        "cv": {"C": c, "threshold": t, "folds": "5-fold by document, 3 draws",
               "oof_log_loss": round(float(np.mean(logloss[c])), 4),
               "oof_direct_f1": round(f, 4), "rules_direct_f1": round(f1_with(tp, n_pred, n_gold, 0, 0), 4),
               "oof_kept": n_keep, "oof_kept_in_gold": n_pos, "bare_quotes": int(len(y)), "bare_in_gold": int(y.sum())},
    }
    for name, coef in sorted(zip(C.BARE_QUOTE_FEATURES, model.coef_[0]), key=lambda x: -abs(x[1])):
        print(f"  {name:<22} {coef:+.3f}")
    if args.dry_run:
        return 0
    out = paths.MODELS / C.BARE_QUOTE_MODEL
    with atomic_path(out) as tmp:
        tmp.write_text(json.dumps(obj, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
