"""Evaluate ``utils.stance.sentiment_toward`` on NewsMTSC (Hamborg & Donnay, EACL 2021).

One call per target on ``devtest_mt.jsonl`` (the real-world multi-target test set) with
``sentence_normalized`` and the target's ``from``/``to``; polarity 2 = negative,
4 = neutral, 6 = positive. Prints macro-F1 over the three classes and accuracy.

    python -m evaluation.newsmtsc                     # the default method (the encoder)
    python -m evaluation.newsmtsc --method lexicon    # rule scorer only
    python -m evaluation.newsmtsc --method all        # vader baseline, lexicon, light model, encoder

The dataset folder is ``utils.paths.datasets_dir() / "newsmtsc"`` (env ``WSW_DATASETS``);
without it the script prints "skipped: dataset not found at PATH" and exits 0.
Nothing is written into the package.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


from utils import paths

POLARITY = {2: "negative", 4: "neutral", 6: "positive"}
LABELS = ["negative", "neutral", "positive"]


def load_items(path: Path) -> list[tuple[str, int, int, str]]:
    """(sentence, from, to, gold label) for every target of a NewsMTSC JSONL file."""
    items = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            for t in d["targets"]:
                items.append((d["sentence_normalized"], int(t["from"]), int(t["to"]), POLARITY[int(t["polarity"])]))
    return items


def vader_sentence(items):
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    from utils import nltk_setup

    nltk_setup.configure()
    sia = SentimentIntensityAnalyzer()
    out = []
    for s, _, _, _ in items:
        c = sia.polarity_scores(s)["compound"]
        out.append("positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral")
    return out


def predict(items, method: str) -> list[str]:
    from utils import stance

    if method == "vader-sentence":
        return vader_sentence(items)
    if method in ("auto", "encoder"):
        from utils.stance import onnx_model

        p = onnx_model.predict_proba([(s, a, b) for s, a, b, _ in items])
        return [onnx_model.LABELS[int(k)] for k in p.argmax(axis=1)]
    return [stance.sentiment_toward(s, a, b, method=method)[0] for s, a, b, _ in items]


def score(gold, pred) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    return {
        "macro_f1": round(float(f1_score(gold, pred, labels=LABELS, average="macro")), 4),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "n": len(gold),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--method", default="auto", help="auto | model | lexicon | encoder | vader-sentence | all")
    ap.add_argument("--split", default="devtest_mt.jsonl")
    args = ap.parse_args(argv)
    folder = paths.datasets_dir() / "newsmtsc"
    path = folder / args.split
    if not path.exists():
        print(f"skipped: dataset not found at {path}")
        return 0
    items = load_items(path)
    gold = [g for *_, g in items]
    methods = [args.method]
    if args.method == "all":
        methods = ["vader-sentence", "lexicon", "model", "encoder"]
    metrics = []
    for m in methods:
        t = time.perf_counter()
        res = score(gold, predict(items, m))
        res["seconds"] = round(time.perf_counter() - t, 1)
        print(f"NewsMTSC {args.split} method={m}: macro-F1 {res['macro_f1']:.4f}  accuracy {res['accuracy']:.4f}  "
              f"(n={res['n']} targets, {res['seconds']} s)")
        label = {"auto": "encoder"}.get(m, m)
        metrics.append({"metric": f"sentiment_toward macro-F1 (method {label})", "value": res["macro_f1"],
                        "target": 0.78 if label == "encoder" else None, "n": res["n"],
                        "targets_per_second": round(res["n"] / max(res["seconds"], 1e-9), 1)})
    if args.split == "devtest_mt.jsonl":
        from evaluation.results import record

        record("newsmtsc", annotation="stance (target-directed sentiment)", merge=True,
               command="python -m evaluation.newsmtsc --method all", metrics=metrics,
               notes="method encoder (fine-tuned MiniLM, int8 ONNX) is the default; model is the light logistic regression")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
