"""Train the claim filter (``utils/claims/filter.py``) and measure it.

Every top-level claim the filter judges (reported speech and mixed quotes,
:func:`utils.claims.filter.applies`) that the rules find (mentions detected as in the
pipeline, no bare-quote model, the filter off) is an example. A logistic regression
(scikit-learn, C=1) over :func:`utils.claims.filter.claim_features` is fitted; cue lemmas
seen fewer than ``--min-lemma`` times are pooled as ``other``. Two conventions:

- ``--convention news`` (the default model, ``claim_filter_news.json``): PolNeAR train, where
  a claim is positive when its content matches a gold attribution (shared ``\\w+`` token,
  one-to-one, as ``evaluation/polnear.py`` scores content), plus the judged BBC claims of the
  ``train`` half of ``evaluation/claims_judged`` (positive when judged a claim), each weighted
  ``w``. PolNeAR counts beliefs, intentions and noun-phrase objects ("wants to", "denied the
  allegations") as attributions; a news analyst, and the judged set, do not count hopes, plans
  and acts. ``w`` is chosen from ``WEIGHTS`` by the AUC of a 5-fold document cross-validation
  over the judged train half, and the threshold is the highest (steps of 0.05) whose
  cross-validated share of the judged claims kept is at least ``--min-kept``.
- ``--convention polnear`` (``claim_filter_polnear.json``): PolNeAR train alone; the threshold
  is the highest whose 5-fold document-cross-validated content F1 is within ``--max-f1-loss``
  of the F1 without the filter.

Then, never used for any choice: PolNeAR dev (content precision, recall, F1 with and without
the filter), the hand-checked BBC set (``evaluation/handchecked``) and the held-out half of the
judged claims, when the datasets are there.

    python -m evaluation.train_claim_filter                       # news model
    python -m evaluation.train_claim_filter --convention polnear  # PolNeAR-convention model
    python -m evaluation.train_claim_filter --dry-run             # measure only

Data: PolNeAR (Newell, Margolin & Ruths, LREC 2018), first annotator; BBC News (Greene &
Cunningham, ICML 2006) claims judged for this project. The model file holds feature weights
and counts, no text.
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
from utils.claims.filter import CONVENTIONS, FORMAT, top_level_claims, applies, claim_features
from utils.tables import atomic_path

GRID = [round(0.05 * k, 2) for k in range(0, 19)]  # 0.0 ... 0.9
#: Weights of a judged BBC claim against a PolNeAR one, chosen among by cross-validation.
WEIGHTS = (5.0, 15.0, 40.0)
FOLDS = 5


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


def judged_examples(lex) -> tuple[list[dict | None], list[int], list[int], list[str]] | None:
    """Features, labels (judged a claim), document index and half (``train`` / ``eval``) of every
    predicted top-level claim of the judged BBC claims that matches a judged row (None when the
    articles are not there)."""
    from evaluation import handchecked as hc
    from evaluation.judged_claims import is_claim, load_judged
    from evaluation.judged_stances import judged_half, judged_texts

    datasets = paths.datasets_dir()
    judged = load_judged()
    if not (datasets / judged[0]["path"]).exists():
        return None
    X, y, docs, halves = [], [], [], []
    for k, (path, text, rows) in enumerate(judged_texts(judged, datasets)):
        seg, mentions, claims = _claims(path, text, lex)
        pred = hc.predicted_claims(claims)
        pairs = hc.match([hc.tokens(text, [tuple(p) for p in r["parts"]]) for r in rows],
                         [hc.tokens(text, p["spans"]) for p in pred])
        row_of = {j: i for i, j in pairs}
        feats = claim_features(text, seg, claims, mentions, lex)
        for j, ((_cid, f), judged) in enumerate(zip(feats, _judged(claims))):
            if j in row_of:
                X.append(f if judged else None)
                y.append(int(is_claim(rows[row_of[j]])))
                docs.append(k)
                halves.append(judged_half(path))
    return X, y, docs, halves


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


def fit(X: list[dict | None], y: list[int], weights: list[float] | None = None):
    """A logistic regression on the judged examples (features not None), each with its weight."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    keep = [i for i, f in enumerate(X) if f is not None]
    vec = DictVectorizer()
    model = LogisticRegression(C=1.0, max_iter=5000).fit(
        vec.fit_transform([X[i] for i in keep]), [y[i] for i in keep],
        sample_weight=None if weights is None else [weights[i] for i in keep])
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


def choose_news(Xp: list, yp: list[int], Xj: list, yj: list[int], dj: list[int], min_kept: float
                ) -> tuple[float, float, dict]:
    """The judged-claim weight (best cross-validated AUC over the judged train half among
    ``WEIGHTS``) and the threshold (the highest of ``GRID`` whose cross-validated share of the
    judged claims kept is at least ``min_kept``), by a document cross-validation over the judged
    train half with PolNeAR train always in training; and the record of the choice."""
    from sklearn.metrics import roc_auc_score

    yj_arr, dj_arr = np.array(yj), np.array(dj)
    judged = np.array([f is not None for f in Xj])
    record: dict = {"auc_by_weight": {}}
    best = None
    for w in WEIGHTS:
        prob = np.ones(len(yj))
        for k in range(FOLDS):
            test = dj_arr % FOLDS == k
            tr = np.flatnonzero(~test)
            vec, model = fit(Xp + [Xj[i] for i in tr], yp + [yj[i] for i in tr], [1.0] * len(Xp) + [w] * len(tr))
            prob[test] = predict(vec, model, [Xj[i] for i in np.flatnonzero(test)])
        auc = float(roc_auc_score(yj_arr[judged], prob[judged]))
        record["auc_by_weight"][str(w)] = round(auc, 4)
        if best is None or auc > best[1]:
            best = (w, auc, prob)
    w, _auc, prob = best
    pos = judged & (yj_arr == 1)
    curve = []
    for t in GRID:
        keep = prob >= t
        curve.append((t, float(yj_arr[keep].mean()), float(keep[pos].mean())))
    threshold = max(t for t, _p, kept in curve if kept >= min_kept)
    record["cv_curve"] = [[t, round(p, 4), round(kept, 4)] for t, p, kept in curve]
    return w, threshold, record


def _measure(vec, model, lemmas: set, threshold: float, lex, judged_eval) -> dict:
    """PolNeAR dev, the hand-checked BBC set and the held-out half of the judged claims."""
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
    if judged_eval is not None and judged_eval[0]:
        Xe, ye = judged_eval
        pe = predict(vec, model, pool_lemmas(Xe, lemmas))
        ye = np.array(ye)
        je = np.array([f is not None for f in Xe])
        keep = pe >= threshold
        measured["judged_bbc_eval_half"] = {"auc": round(float(roc_auc_score(ye[je], pe[je])), 4),
                                            "precision": [round(float(ye.mean()), 4), round(float(ye[keep].mean()), 4)],
                                            "claims_kept": round(float(keep[ye == 1].mean()), 4)}
        m = measured["judged_bbc_eval_half"]
        print(f"judged BBC claims, held-out half: precision without {m['precision'][0]:.3f}, with "
              f"{m['precision'][1]:.3f}; claims kept {m['claims_kept']:.3f}; AUC {m['auc']:.3f}")
    return measured


def main(argv=None) -> int:
    """Train the filter of one convention, measure it, write its model file."""
    from utils.claims import load_cues

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--convention", choices=sorted(CONVENTIONS), default="news",
                    help="news: PolNeAR train and judged BBC claims (the default model); polnear: PolNeAR train alone")
    ap.add_argument("--dry-run", action="store_true", help="measure only; do not write the model")
    ap.add_argument("--min-lemma", type=int, default=30, help="cue lemmas seen fewer times are pooled as 'other'")
    ap.add_argument("--max-f1-loss", type=float, default=0.0,
                    help="polnear: largest cross-validated PolNeAR train F1 the threshold may cost")
    ap.add_argument("--min-kept", type=float, default=0.97,
                    help="news: smallest cross-validated share of the judged claims (train half) the threshold keeps")
    ap.add_argument("--out", type=Path, default=None, help="model file (default utils/models/<the convention's file>)")
    args = ap.parse_args(argv)
    out = args.out or paths.MODELS / CONVENTIONS[args.convention]
    from evaluation.polnear import split_missing

    if split_missing("train"):
        print(f"skipped: PolNeAR train not found under {paths.datasets_dir() / 'polnear'}")
        return 0
    t0 = time.time()
    lex = load_cues()
    X, y, docs, n_gold = polnear_examples("train", lex)
    judged_set = judged_examples(lex) if args.convention == "news" else None
    if args.convention == "news" and judged_set is None:
        print("skipped: the judged BBC claims' articles are not under the datasets folder (bbc_news, bbc_politics)")
        return 0
    Xj, yj, dj, hj = judged_set or ([], [], [], [])
    train_j = [i for i, h in enumerate(hj) if h == "train"]
    eval_j = [i for i, h in enumerate(hj) if h == "eval"]
    counts = Counter(k[6:] for f in X + [Xj[i] for i in train_j] if f is not None for k in f if k.startswith("lemma="))
    lemmas = {lem for lem, n in counts.items() if n >= args.min_lemma}
    X, Xj = pool_lemmas(X, lemmas), pool_lemmas(Xj, lemmas)
    judged = [i for i, f in enumerate(X) if f is not None]
    print(f"PolNeAR train: {len(X)} claims, {sum(y)} match a gold attribution, {n_gold} gold; the filter judges "
          f"{len(judged)} (reported speech and mixed quotes), {sum(y[i] for i in judged)} of them match; "
          f"{len(lemmas)} lemmas by name")
    training = {"data": "PolNeAR train (first annotator)", "claims": len(judged), "positive": int(sum(y[i] for i in judged)),
                "gold_attributions": n_gold, "C": 1.0, "min_lemma": args.min_lemma, "convention": args.convention}
    if args.convention == "news":
        Xt, yt, dt = [Xj[i] for i in train_j], [yj[i] for i in train_j], [dj[i] for i in train_j]
        w, threshold, record = choose_news(X, y, Xt, yt, dt, args.min_kept)
        n_judged = sum(f is not None for f in Xt)
        print(f"judged BBC claims, train half: {len(Xt)} matched, the filter judges {n_judged} "
              f"({sum(v for f, v in zip(Xt, yt) if f is not None)} claims)")
        print(f"weight by cross-validated AUC: {record['auc_by_weight']} -> {w}")
        print("cross-validated on the judged train half (threshold, precision of all matched, judged claims kept):")
        for t, p, kept in record["cv_curve"]:
            print(f"  {t:.2f}  {p:.3f} {kept:.3f}{'   <- chosen' if t == threshold else ''}")
        vec, model = fit(X + Xt, y + yt, [1.0] * len(X) + [w] * len(Xt))
        training |= {"data": "PolNeAR train (first annotator) + judged BBC claims, train half "
                             "(evaluation/claims_judged)", "judged_claims": n_judged,
                     "judged_positive": int(sum(v for f, v in zip(Xt, yt) if f is not None)),
                     "judged_weight": w, "min_kept": args.min_kept} | record
    else:
        threshold, curve = choose_threshold(X, y, docs, n_gold, args.max_f1_loss)
        print("cross-validated on train (threshold, P, R, F1):")
        for t, p, r, f in curve:
            print(f"  {t:.2f}  {p:.3f} {r:.3f} {f:.3f}{'   <- chosen' if t == threshold else ''}")
        vec, model = fit(X, y)
        training |= {"max_f1_loss": args.max_f1_loss,
                     "cv_curve": [[t, round(p, 4), round(r, 4), round(f, 4)] for t, p, r, f in curve]}
    weights = {name: round(float(w), 5) for name, w in zip(vec.feature_names_, model.coef_[0]) if abs(w) >= 1e-5}
    result = {"format": FORMAT, "threshold": threshold, "intercept": round(float(model.intercept_[0]), 5),
              "lemmas": sorted(lemmas), "weights": dict(sorted(weights.items())), "training": training}
    judged_eval = ([Xj[i] for i in eval_j], [yj[i] for i in eval_j]) if judged_set else None
    result["measured"] = _measure(vec, model, lemmas, threshold, lex, judged_eval)
    result["training"]["seconds"] = round(time.time() - t0)
    if args.dry_run:
        return 0
    with atomic_path(out) as tmp:
        Path(tmp).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
