"""Worst-case time: adversarial documents against an ordinary article, in
seconds per MB, to show no document costs more than linear time.

    python -m benchmarks.worst_case [--mb 1.0]

Each adversarial input is built at two sizes (mb/4 and mb); a linear pipeline
shows the same seconds per MB at both (ratio near 1), a quadratic one about 4x.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from utils import paths
from utils.pipeline import annotate_document

ROOT = Path(__file__).resolve().parent.parent


def inputs(n_chars: int) -> dict[str, str]:
    seed = (paths.SEED_CORPUS / "000_9e905b8fb374d4c2.txt").read_text(encoding="utf-8")
    names = ["Ian Austin", "Yvette Cooper", "Andy Burnham", "Liz Kendall", "Jeremy Corbyn", "Pete Lowe"]
    name_list = ", ".join(f"{names[i % 6]}{i}" for i in range(n_chars // 12))
    return {
        "ordinary articles (seed, repeated)": ((seed + "\n\n") * (n_chars // len(seed) + 1))[:n_chars],
        "quote marks only": ('"\u201c\u201d\'' * (n_chars // 4 + 1))[:n_chars],
        "quotes never closed": (' "He said' * (n_chars // 9 + 1))[:n_chars],
        "no full stop": ("the Labour MP said that Mr Austin and the party would " * (n_chars // 54 + 1))[:n_chars],
        "one name list (10,000+ names)": name_list[:n_chars],
        "capitalised words only": ("Labour Party Dudley North Council Leader " * (n_chars // 40 + 1))[:n_chars],
        "no spaces": ("x" * n_chars),
        "one paragraph per line": ("Mr Austin said.\n" * (n_chars // 16 + 1))[:n_chars],
    }


def timed(text: str) -> float:
    t0 = time.perf_counter()
    out = annotate_document("w", text)
    dt = time.perf_counter() - t0
    if len(out["errors"]):
        print(f"    errors: {out['errors'][['stage', 'error']].value_counts().to_dict()}")
    return dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0)
    args = ap.parse_args()
    big = int(args.mb * 1_000_000)
    small = big // 4
    annotate_document("warm", "Mr Austin said: \"Warm up.\"")
    print(f"{'input':36} {'s/MB at ' + str(small // 1000) + ' kB':>14} {'s/MB at ' + str(big // 1000) + ' kB':>14} {'ratio':>6}")
    small_in, big_in = inputs(small), inputs(big)
    base = None
    for name in big_in:
        a = timed(small_in[name]) / (small / 1e6)
        b = timed(big_in[name]) / (big / 1e6)
        base = base or b
        print(f"{name:36} {a:14.2f} {b:14.2f} {b / a:6.2f}   ({b / base:.1f}x ordinary)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
