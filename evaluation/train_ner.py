"""Train the CRF name tagger used by utils.actors (PER / ORG / LOC / MISC, BIO labels).

Usage::

    python -m evaluation.train_ner [--c1 0.2] [--c2 0.01] [--iterations 300] [--out PATH]

Training data: CoNLL-2003 English ``train.txt`` (Tjong Kim Sang & De Meulder 2003),
read from ``$WSW_DATASETS/conll2003`` (default ``../shared/datasets``). Each
sentence is rebuilt as its tokens joined by single spaces and re-tokenised with
``utils.text.token_spans`` (the tokenisation ``detect_mentions`` uses), so the
model sees exactly the tokens it will see at prediction time; each project token
takes the label of the CoNLL token it starts in. Features are
``utils.actors.sentence_features``. L1 regularisation (``c1``) and
``feature.minfreq`` keep the weights file small (< 3 MB).

Writes ``utils/models/ner-crf.crfsuite``. Exits cleanly with "skipped: dataset
not found at PATH" when the data is absent.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path



def project_tokens(sent: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Re-tokenise one CoNLL sentence with the project tokenizer; map labels by offset."""
    from utils.text import token_spans

    text = " ".join(t for t, _ in sent)
    owner = []  # CoNLL token index of every character
    for k, (t, _) in enumerate(sent):
        owner += [k] * (len(t) + 1)
    words, labels = [], []
    last_k = -1
    for s, e in token_spans(text):
        k = owner[s]
        lab = sent[k][1]
        if k == last_k and lab != "O":
            lab = "I-" + lab[2:]  # a later piece of the same CoNLL token
        elif lab.startswith("I-") and (k == 0 or sent[k - 1][1] == "O" or sent[k - 1][1][2:] != lab[2:]):
            lab = "B-" + lab[2:]  # IOB1 -> BIO
        words.append(text[s:e])
        labels.append(lab)
        last_k = k
    return words, labels


def main(argv: list[str] | None = None) -> int:
    import pycrfsuite

    from evaluation.conll import read_conll
    from utils import paths
    from utils.actors import MODEL_PATH, sentence_features

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c1", type=float, default=0.2)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--minfreq", type=float, default=2)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    path = paths.datasets_dir() / "conll2003" / "train.txt"
    if not path.exists():
        print(f"skipped: dataset not found at {path}")
        return 0
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for sent in read_conll(path):
        words, labels = project_tokens(sent)
        if words:
            trainer.append(sentence_features(words), labels)
            n += len(words)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    print(f"training on {n} tokens ...", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB) in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
