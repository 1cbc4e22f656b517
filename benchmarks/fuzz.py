"""Fuzz run: annotate thousands of generated or mutated real articles and
report crashes, invalid offsets and the slowest document relative to length.

    python -m benchmarks.fuzz [--n 10000] [--corpus DIR] [--seed 1]

Real articles come from --corpus (default: the BBC politics folder in the
datasets directory, $WSW_DATASETS or ../shared/datasets), plus the seed article
and the test fixtures. Prints figures; writes nothing into the project.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from utils import paths
from utils.fuzz import check_document, mutate, random_text

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    corpus = Path(args.corpus) if args.corpus else paths.datasets_dir() / "bbc_politics"
    files = sorted(corpus.glob("*.txt")) if corpus.exists() else []
    files += sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt"))
    files += sorted(paths.SEED_CORPUS.glob("*.txt"))
    bases = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    where = corpus if corpus.exists() else "no corpus"
    print(f"fuzz: {args.n:,} documents from {len(bases)} real articles ({where}), seed {args.seed}")
    crashes = invalid = dups = 0
    worst = []
    per_char = []
    examples = []
    t0 = time.perf_counter()
    for i in range(args.n):
        text = mutate(rng.choice(bases), rng, n=rng.randint(1, 4)) if i % 10 else random_text(rng, max_len=5000)
        r = check_document(f"fuzz-{i}", text)
        crashes += r["crashed"]
        invalid += r["invalid_spans"] > 0
        dups += r["duplicate_ids"] > 0
        if (r["crashed"] or r["invalid_spans"] or r["duplicate_ids"]) and len(examples) < 5:
            examples.append((i, r["errors"][:2]))
        if r["n_chars"] >= 200:
            per_char.append(r["seconds"] / r["n_chars"] * 1e6)
            worst.append((r["seconds"] / r["n_chars"] * 1e6, r["seconds"], r["n_chars"], i))
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1:,} done, {time.perf_counter() - t0:.0f} s", flush=True)
    worst.sort(reverse=True)
    med = statistics.median(per_char) if per_char else float("nan")
    print(f"documents: {args.n:,}; total {time.perf_counter() - t0:.1f} s")
    print(f"crashes (a stage raised): {crashes}")
    print(f"documents with invalid offsets: {invalid}")
    print(f"documents with duplicate ids: {dups}")
    print(f"median cost: {med:.1f} µs per character")
    for k, (us, s, n, i) in enumerate(worst[:3], 1):
        print(f"slowest #{k}: document {i}, {n:,} chars, {s:.3f} s = {us:.1f} µs/char ({us / med:.1f}x the median)")
    for i, errs in examples:
        print(f"example failure, document {i}: {errs}")
    return 0 if not (crashes or invalid or dups) else 1


if __name__ == "__main__":
    sys.exit(main())
