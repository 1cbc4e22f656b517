"""Run every evaluation with its default settings and record the figures.

    python -m evaluation.run_all          (make evaluate)

Each benchmark reads its dataset from ``$WSW_DATASETS`` (default
``../shared/datasets``) and is skipped with a message when it is absent. The
figures go to ``evaluation/results.json``, which the report's methods appendix
quotes.
"""
from __future__ import annotations

import importlib
import sys
import time

SCRIPTS = ["conll", "polnear", "newsmtsc", "newsmtsc_claims", "semeval_frames", "handchecked", "judged_claims",
           "judged_stances", "gum"]
ARGS = {"newsmtsc": ["--method", "all"]}


def main() -> int:
    failed = []
    for name in SCRIPTS:
        print(f"\n=== evaluation/{name}.py", flush=True)
        t0 = time.perf_counter()
        try:
            code = importlib.import_module(f"evaluation.{name}").main(ARGS.get(name, []))
        except SystemExit as exc:  # argparse or an explicit exit
            code = exc.code or 0
        if code:
            failed.append(name)
        print(f"({time.perf_counter() - t0:.0f} s)", flush=True)
    print("\nfigures recorded in evaluation/results.json" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
