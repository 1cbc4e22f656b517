"""Measure how often each claims rule is right on PolNeAR train, and ship the figures
as the ``confidence`` of the claims that rule finds.

For every top-level claim the rules find (default settings, no bare-quote model, the
claim filter off: the rules' own output, which the filter then judges), a
*row is right* when the attribution it belongs to matches a gold attribution (shared
``\\w+`` token, one-to-one, as ``evaluation/polnear.py`` scores content) and, when the
gold has a source, its speaker span overlaps that source. Per (rule, kind) the script
writes the number of rows, the content precision, the speaker accuracy on matched rows
with a gold source, and ``confidence = (right + 1) / (rows + 2)`` (a smoothed share of
right rows). Groups with fewer than ``--min-rows`` rows are pooled by rule (kind
``*``); rarer rules keep the confidence written in the rule registry ``utils/claims/rules.py``.

Data: PolNeAR train only (Newell, Margolin & Ruths, LREC 2018), first annotator; dev is
never read. The table holds counts and rates per rule, no text.

    python -m evaluation.calibrate_rules            # measure and write utils/models/rule_confidence_polnear.csv
    python -m evaluation.calibrate_rules --dry-run  # print the table only

Re-run it whenever the rules change (``make models``); ``tests/claims/test_claims_bare.py``
checks that every rule the table names still exists.
"""
from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from pathlib import Path


from evaluation.polnear import _scored_documents, greedy_match, split_missing
from utils import claims as C
from utils import paths
from utils.tables import atomic_path

HEADER = ["rule", "kind", "rows", "content_precision", "speaker_accuracy", "confidence"]


def measure(split: str = "train") -> dict[tuple[str, str], list[int]]:
    """Per (rule, kind): [rows, content-matched rows, matched rows with a gold source,
    of those with the speaker right, right rows]."""
    stats: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for _d, preds, golds, _s in _scored_documents(split, claim_filter=False):
        pairs = dict(greedy_match([p["tokens"] for p in preds], [g["tokens"] for g in golds]))
        for pi, p in enumerate(preds):
            matched = pi in pairs
            src = matched and bool(golds[pairs[pi]]["source"])
            sp = p["speaker"]
            spk_ok = src and sp is not None and any(sp[0] < b and a < sp[1] for a, b in golds[pairs[pi]]["source"])
            right = matched and (not src or spk_ok)
            for key in p["rows"]:
                s = stats[key]
                s[0] += 1
                s[1] += matched
                s[2] += src
                s[3] += spk_ok
                s[4] += right
    return stats


def table(stats: dict[tuple[str, str], list[int]], min_rows: int = 20) -> list[list]:
    """Rows of the confidence table: (rule, kind) groups with ``min_rows`` rows or more,
    the rest pooled by rule as kind ``*`` when the pool is large enough."""
    out, pooled = [], defaultdict(lambda: [0, 0, 0, 0, 0])
    for (rule, kind), s in sorted(stats.items()):
        if s[0] >= min_rows:
            out.append(_row(rule, kind, s))
        else:
            pooled[rule] = [a + b for a, b in zip(pooled[rule], s)]
    for rule, s in sorted(pooled.items()):
        if s[0] >= min_rows:
            out.append(_row(rule, "*", s))
    return out


def _row(rule: str, kind: str, s: list[int]) -> list:
    n, m, src, ok, right = s
    return [rule, kind, n, round(m / n, 3), round(ok / src, 3) if src else "", round((right + 1) / (n + 2), 3)]


def write(rows: list[list], target: Path, seconds: float) -> None:
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(
                "# Confidence of each claims rule: the share of its rows PolNeAR train annotators agree with\n"
                "# (content shares a token with a gold attribution and the speaker overlaps the gold source).\n"
                "# Written by evaluation/calibrate_rules.py from PolNeAR train (Newell, Margolin & Ruths, LREC 2018),\n"
                f"# first annotator; counts and rates only, no text. {time.strftime('%Y-%m-%d')}, {seconds:.0f} s.\n"
            )
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            w.writerows(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dry-run", action="store_true", help="print the table, write nothing")
    ap.add_argument("--min-rows", type=int, default=20)
    args = ap.parse_args(argv)
    if split_missing("train"):
        return 0
    t0 = time.perf_counter()
    rows = table(measure("train"), args.min_rows)
    seconds = time.perf_counter() - t0
    print(",".join(HEADER))
    for r in rows:
        print(",".join(str(x) for x in r))
    if not args.dry_run:
        target = paths.MODELS / C.RULE_CONFIDENCE
        write(rows, target, seconds)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
