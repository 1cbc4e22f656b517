"""Train the claim filter (``utils/claims/filter.py``) on PolNeAR train and measure it.

Every top-level claim the filter judges (reported speech and mixed quotes,
:func:`utils.claims.filter.applies`) that the rules find in a PolNeAR train document
(mentions detected as in the pipeline, no bare-quote model, the filter off) is an example; it is positive when its
content matches a gold attribution (shared ``\\w+`` token, one-to-one, as
``evaluation/polnear.py`` scores content). A logistic regression (scikit-learn, C=1) over
:func:`utils.claims.filter.claim_features` is fitted; cue lemmas seen fewer than
``--min-lemma`` times in train are pooled as ``other``.

The threshold is chosen on PolNeAR train alone, by 5-fold cross-validation over documents:
the highest threshold (steps of 0.05) whose cross-validated content F1 is within
``--max-f1-loss`` (0: none) of the F1 without the filter. PolNeAR annotates beliefs,
intentions and noun-phrase objects ("denied the allegations") as attributions, so on
PolNeAR the filter mostly trades recall for precision; the threshold keeps that trade small.

Then, never used for any choice: PolNeAR dev (content precision, recall, F1 with and without
the filter) and the hand-checked BBC set (``evaluation/handchecked``: claim precision and
recall, and the AUC of the probability), when the datasets are there.

    python -m evaluation.train_claim_filter              # train, measure, write utils/models/claim_filter_polnear.json
    python -m evaluation.train_claim_filter --dry-run    # measure only

Data: PolNeAR (Newell, Margolin & Ruths, LREC 2018), first annotator; the model file holds
feature weights and counts, no text.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from utils import paths
from utils.claims.filter import CLAIM_FILTER_MODEL, FORMAT, top_level_claims, applies, claim_features
from utils.tables import atomic_path

GRID = [round(0.05 * k, 2) for k in range(0, 17)]  # 0.0 ... 0.8


def _claims(doc_id: str, text: str, lex):
    from utils.actors import detect_mentions
    from utils.claims import extract_claims
    from utils.text import segment

    seg = segment(text)
    mentions = detect_mentions(doc_id, text, seg)
    claims = extract_claims(doc_id, text, seg, mentions, cues=lex, claim_filter=False)
    claims = claims[claims["parent_claim_id"].fillna("") == ""]
    return seg, mentions, claims


def _judged(claims) -> list[bool]:
    """For each top-level claim, in the order of :func:`claim_features`: does the filter judge it?"""
    return [applies(r["rule"], r["kind"]) for r in top_level_claims(claims)]


def polnear_examples(split: str, lex) -> tuple[list[dict | None], list[int], list[int], int]:
    """Features (None for a claim the filter does not judge), labels and document index of
    every predicted top-level claim of a PolNeAR split, and the number of gold items."""
    from evaluation.polnear import gold_items, greedy_match, load_split, pred_items

    X, y, docs, n_gold = [], [], [], 0
    for k, d in enumerate(load_split(split, paths.datasets_dir() / "polnear")):
        seg, mentions, claims = _claims(d["doc_id"], d["text"], lex)
        preds, golds = pred_items(d["text"], claims), gold_items(d)
        n_gold += len(golds)
        matched = dict(greedy_match([p["tokens"] for p in preds], [g["tokens"] for g in golds]))
        feats = claim_features(d["text"], seg, claims, mentions, lex)
        for i, ((_cid, f), judged) in enumerate(zip(feats, _judged(claims))):
            X.append(f if judged else None)
            y.append(int(i in matched))
            docs.append(k)
    return X, y, docs, n_gold


def handchecked_examples(lex) -> tuple[list[dict], list[int], int] | None:
    """The same for the hand-checked BBC set (None when its articles are not there)."""
    from evaluation import handchecked as hc

    datasets = paths.datasets_dir()
    gold_docs = hc.load_gold()
    if not (datasets / gold_docs[0]["path"]).exists():
        return None
    X, y, n_gold = [], [], 0
    for doc in gold_docs:
        text = hc.read_text(datasets, doc)
        seg, mentions, claims = _claims(doc["path"], text, lex)
        pred = hc.predicted_claims(claims)
        gold = [g for g in doc["attributions"] if not g.get("nested")]
        n_gold += len(gold)
        pairs = hc.match([hc.tokens(text, hc.spans_of(g)) for g in gold], [hc.tokens(text, p["spans"]) for p in pred])
        matched = {j for _, j in pairs}
        feats = claim_features(text, seg, claims, mentions, lex)
        for i, ((_cid, f), judged) in enumerate(zip(feats, _judged(claims))):
            X.append(f if judged else None)
            y.append(int(i in matched))
    return X, y, n_gold


def pool_lemmas(X: list[dict | None], lemmas: set[str]) -> list[dict | None]:
    out = []
    for f in X:
        if f is None:
            out.append(None)
            continue
        g = {}
        for k, v in f.items():
            if k.startswith("lemma=") and k[6:] not in lemmas:
                k = "lemma=other"
            g[k] = v
        out.append(g)
    return out


def fit(X: list[dict | None], y: list[int]):
    """A logistic regression on the judged examples (features not None)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    keep = [i for i, f in enumerate(X) if f is not None]
    vec = DictVectorizer()
    model = LogisticRegression(C=1.0, max_iter=5000).fit(vec.fit_transform([X[i] for i in keep]), [y[i] for i in keep])
    return vec, model


def predict(vec, model, X: list[dict | None]) -> np.ndarray:
    """The probability of every example; 1.0 for those the filter does not judge (always kept)."""
    out = np.ones(len(X))
    keep = [i for i, f in enumerate(X) if f is not None]
    if keep:
        out[keep] = model.predict_proba(vec.transform([X[i] for i in keep]))[:, 1]
    return out


def prf(y: np.ndarray, keep: np.ndarray, n_gold: int) -> tuple[float, float, float]:
    tp = int(y[keep].sum())
    p = tp / keep.sum() if keep.sum() else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def choose_threshold(X: list[dict], y: list[int], docs: list[int], n_gold: int, max_loss: float,
                     folds: int = 5) -> tuple[float, list[tuple[float, float, float, float]]]:
    """The highest threshold of ``GRID`` whose document-cross-validated F1 on these examples
    is within ``max_loss`` of the F1 without the filter; and the curve (t, P, R, F1)."""
    y_arr, d_arr = np.array(y), np.array(docs)
    prob = np.zeros(len(y))
    for k in range(folds):
        test = d_arr % folds == k
        vec, model = fit([X[i] for i in np.flatnonzero(~test)], list(y_arr[~test]))
        prob[test] = predict(vec, model, [X[i] for i in np.flatnonzero(test)])
    curve = [(t, *prf(y_arr, prob >= t, n_gold)) for t in GRID]
    base = curve[0][3]
    best = max((c for c in curve if c[3] >= base - max_loss), key=lambda c: c[0])
    return best[0], curve


def main(argv=None) -> int:
    from utils.claims import load_cues

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dry-run", action="store_true", help="measure only; do not write the model")
    ap.add_argument("--min-lemma", type=int, default=30, help="cue lemmas seen fewer times are pooled as 'other'")
    ap.add_argument("--max-f1-loss", type=float, default=0.0,
                    help="largest cross-validated PolNeAR train F1 the threshold may cost")
    ap.add_argument("--out", type=Path, default=paths.MODELS / CLAIM_FILTER_MODEL)
    args = ap.parse_args(argv)
    from evaluation.polnear import split_missing

    if split_missing("train"):
        print(f"skipped: PolNeAR train not found under {paths.datasets_dir() / 'polnear'}")
        return 0
    t0 = time.time()
    lex = load_cues()
    X, y, docs, n_gold = polnear_examples("train", lex)
    counts = Counter(k[6:] for f in X if f is not None for k in f if k.startswith("lemma="))
    lemmas = {lem for lem, n in counts.items() if n >= args.min_lemma}
    X = pool_lemmas(X, lemmas)
    threshold, curve = choose_threshold(X, y, docs, n_gold, args.max_f1_loss)
    judged = [i for i, f in enumerate(X) if f is not None]
    print(f"PolNeAR train: {len(X)} claims, {sum(y)} match a gold attribution, {n_gold} gold; the filter judges "
          f"{len(judged)} (reported speech and mixed quotes), {sum(y[i] for i in judged)} of them match; "
          f"{len(lemmas)} lemmas by name")
    print("cross-validated on train (threshold, P, R, F1):")
    for t, p, r, f in curve:
        print(f"  {t:.2f}  {p:.3f} {r:.3f} {f:.3f}{'   <- chosen' if t == threshold else ''}")
    vec, model = fit(X, y)
    weights = {name: round(float(w), 5) for name, w in zip(vec.feature_names_, model.coef_[0]) if abs(w) >= 1e-5}
    result = {"format": FORMAT, "threshold": threshold, "intercept": round(float(model.intercept_[0]), 5),
              "lemmas": sorted(lemmas), "weights": dict(sorted(weights.items())),
              "training": {"data": "PolNeAR train (first annotator)", "claims": len(judged),
                           "positive": int(sum(y[i] for i in judged)),
                           "gold_attributions": n_gold, "C": 1.0, "min_lemma": args.min_lemma,
                           "max_f1_loss": args.max_f1_loss,
                           "cv_curve": [[t, round(p, 4), round(r, 4), round(f, 4)] for t, p, r, f in curve]}}
    from sklearn.metrics import roc_auc_score

    measured = {}
    Xd, yd, _dd, ng_d = polnear_examples("dev", lex)
    pd_ = predict(vec, model, pool_lemmas(Xd, lemmas))
    yd = np.array(yd)
    base, with_filter = prf(yd, pd_ >= 0, ng_d), prf(yd, pd_ >= threshold, ng_d)
    jd = np.array([f is not None for f in Xd])
    measured["polnear_dev"] = {"auc": round(float(roc_auc_score(yd[jd], pd_[jd])), 4),
                               "without": [round(x, 4) for x in base], "with": [round(x, 4) for x in with_filter]}
    print(f"PolNeAR dev (P, R, F1): without {base[0]:.3f} {base[1]:.3f} {base[2]:.3f}; "
          f"with {with_filter[0]:.3f} {with_filter[1]:.3f} {with_filter[2]:.3f}; AUC {measured['polnear_dev']['auc']:.3f}")
    hc = handchecked_examples(lex)
    if hc is not None:
        Xb, yb, ng_b = hc
        pb = predict(vec, model, pool_lemmas(Xb, lemmas))
        yb = np.array(yb)
        base, with_filter = prf(yb, pb >= 0, ng_b), prf(yb, pb >= threshold, ng_b)
        jb = np.array([f is not None for f in Xb])
        measured["handchecked_bbc"] = {"auc": round(float(roc_auc_score(yb[jb], pb[jb])), 4),
                                       "without": [round(x, 4) for x in base],
                                       "with": [round(x, 4) for x in with_filter]}
        print(f"hand-checked BBC (P, R, F1): without {base[0]:.3f} {base[1]:.3f} {base[2]:.3f}; "
              f"with {with_filter[0]:.3f} {with_filter[1]:.3f} {with_filter[2]:.3f}; "
              f"AUC {measured['handchecked_bbc']['auc']:.3f}")
    result["measured"] = measured
    result["training"]["seconds"] = round(time.time() - t0)
    if args.dry_run:
        return 0
    with atomic_path(args.out) as tmp:
        Path(tmp).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
