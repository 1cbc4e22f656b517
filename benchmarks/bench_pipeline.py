"""Speed and memory of the full pipeline (actors, claims, stance, frames).

    python -m benchmarks.bench_pipeline [--corpus DIR] [--replicas 10] [--jobs N] [--sentiment lexicon]

Runs ``python -m utils annotate`` as a separate process on:

1. the corpus (default: BBC politics, 417 articles, from $WSW_DATASETS or
   ../shared/datasets), cold (empty cache);
2. the corpus replicated ``--replicas`` times in one run, every replica made
   textually distinct (a replica number is written into each article's text)
   so that neither the duplicate check nor the cache hides the work, cold;
3. the replicated corpus again, warm (every document from the cache).

For each it prints documents/s, words/s, wall seconds and peak memory (the
largest single process, from the operating system's accounting), then the
growth ratio (time for Nx divided by N x the time for 1x), the memory ratio,
the cache speed-up, and the per-word cost of NLTK's own word tokenizer over the
same text (the floor any NLTK pipeline pays; the Treebank tokenizer, which
``nltk.word_tokenize`` applies after Punkt). Prints figures; writes only into a
temporary folder.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from utils import paths
from utils.settings import SENTIMENTS

ROOT = Path(__file__).resolve().parent.parent

RUNNER = r"""
import resource, subprocess, sys, time
t0 = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - t0
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
"""


def run_annotate(src: Path, out: Path, jobs: int, extra: list[str]) -> tuple[float, float]:
    cmd = [sys.executable, "-c", RUNNER, sys.executable, "-m", "utils", "annotate", str(src), "--out", str(out),
           "--jobs", str(jobs), "--quiet", "--no-parquet", *extra]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall, rss_kb, code = res.stdout.split()
    if code != "0":
        raise SystemExit(f"annotate failed: {res.stderr}")
    return float(wall), int(rss_kb) / 1024


def replicate(src: Path, dst: Path, n: int) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.glob("*.txt")):
        text = f.read_text(encoding="utf-8", errors="replace")
        title, nl, body = text.partition("\n")
        for k in range(n):
            (dst / f"{f.stem}-r{k:02d}.txt").write_text(f"{title}{nl}(Edition {k + 1}.) {body}", encoding="utf-8")


def nltk_floor(src: Path) -> float:
    from nltk.tokenize import TreebankWordTokenizer

    tok = TreebankWordTokenizer()
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in sorted(src.glob("*.txt"))]
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    t0 = time.perf_counter()
    for t in texts:
        for line in t.split("\n"):
            tok.tokenize(line)
    return words / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--replicas", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--sentiment", default="auto", choices=SENTIMENTS,
                    help="the stance stage's sentiment reader (auto = the encoder, the default)")
    args = ap.parse_args()
    src = Path(args.corpus) if args.corpus else paths.datasets_dir() / "bbc_politics"
    if not src.exists():
        print(f"skipped: corpus not found at {src} (set WSW_DATASETS or --corpus)")
        return 0
    extra = ["--title-from-first-line", "--sentiment", args.sentiment]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rep = tmp / "replicas"
        replicate(src, rep, args.replicas)
        # one untimed warm-up so that imports and disk caches are hot for both sizes
        run_annotate(src, tmp / "warmup", args.jobs, extra)
        rows = []
        for label, corpus, out in [("1x cold", src, tmp / "one"), (f"{args.replicas}x cold", rep, tmp / "many"),
                                   (f"{args.replicas}x warm (cache)", rep, tmp / "many")]:
            wall, rss = run_annotate(corpus, out, args.jobs, extra)
            m = json.loads((out / "manifest.json").read_text())
            rows.append((label, m["n_documents"], m["n_words"], wall, rss, m["seconds"]))
        print(f"corpus {src} ({rows[0][1]} documents after the duplicate check, {rows[0][2]:,} words); "
              f"jobs {args.jobs}; CPU cores {os.cpu_count()}; sentiment {args.sentiment}")
        print(f"{'run':22} {'docs':>7} {'words':>10} {'wall s':>8} {'docs/s':>8} {'words/s':>9} {'peak MB':>8}")
        for label, docs, words, wall, rss, _ in rows:
            print(f"{label:22} {docs:7d} {words:10,d} {wall:8.1f} {docs / wall:8.1f} {words / wall:9,.0f} {rss:8.0f}")
        one, many, warm = rows
        growth = many[3] / (args.replicas * one[3])
        print(f"growth ratio (time {args.replicas}x / ({args.replicas} x time 1x)): {growth:.2f}")
        print(f"peak memory {args.replicas}x / 1x: {many[4] / one[4]:.2f}")
        print(f"cache: warm re-run {many[3] / warm[3]:.1f}x faster than the cold run")
        floor = nltk_floor(src)
        print(f"NLTK Treebank word tokenizer alone: {floor:,.0f} words/s on one core; "
              f"full pipeline ({args.jobs} jobs) / tokenizer: {one[2] / one[3] / floor:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
