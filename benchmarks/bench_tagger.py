"""Speed of the part-of-speech tagger (``utils.text.tagger.tag_doc``).

    python -m benchmarks.bench_tagger [--corpus DIR] [--limit N] [--repeat 2]

Segments every ``.txt`` file of the corpus (default: BBC politics, 417 articles, from
$WSW_DATASETS or ../shared/datasets) once, then times ``tag_doc`` alone (segmentation
excluded; model load timed separately), best of ``--repeat`` runs, and prints tokens
per second of CPU time and of wall-clock time. Prints figures only.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from utils import paths


def main(argv: list[str] | None = None) -> int:
    from utils.text import segment
    from utils.text.tagger import load_tagger, tag_doc

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=0, help="only the first N files (0 = all)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    folder = args.corpus or paths.datasets_dir() / "bbc_politics"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"skipped: no .txt files at {folder}")
        return 0

    t0 = time.perf_counter()
    load_tagger()
    print(f"model load: {time.perf_counter() - t0:.2f} s")
    docs = [segment(f.read_text(encoding="utf-8"), f.stem) for f in files]
    n_tok = sum(len(d.tokens) for d in docs)
    best_cpu = best_wall = float("inf")
    for _ in range(args.repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for d in docs:
            tag_doc(d)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    print(f"{len(docs)} documents, {n_tok} tokens from {folder}")
    print(f"tag_doc: {n_tok / best_cpu:,.0f} tokens per CPU-second, {n_tok / best_wall:,.0f} tokens/s wall-clock "
          f"(best of {args.repeat}; {best_cpu:.2f} s CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
