"""Compare the CSV tables of two folders byte for byte (CI: a fresh clone without
../shared must give the same seed tables as the clone with it).

    python .ci/compare_tables.py DIR_A DIR_B

Exit 0 when both folders hold the same CSV files with identical bytes; 1 otherwise,
naming each file that differs (with its first differing line) or exists on one side only.
"""
from __future__ import annotations

import sys
from pathlib import Path


def main(a: str, b: str) -> int:
    da, db = Path(a), Path(b)
    fa = {p.relative_to(da).as_posix() for p in da.rglob("*.csv")}
    fb = {p.relative_to(db).as_posix() for p in db.rglob("*.csv")}
    if not fa:
        print(f"compare_tables: no CSV file in {da}")
        return 1
    bad = 0
    for rel in sorted(fa ^ fb):
        print(f"only in {da if rel in fa else db}: {rel}")
        bad += 1
    for rel in sorted(fa & fb):
        x, y = (da / rel).read_bytes(), (db / rel).read_bytes()
        if x != y:
            bad += 1
            lx, ly = x.decode("utf-8", "replace").splitlines(), y.decode("utf-8", "replace").splitlines()
            i = next((k for k, (p, q) in enumerate(zip(lx, ly)) if p != q), min(len(lx), len(ly)))
            print(f"differs: {rel} (line {i + 1})\n  A: {lx[i][:200] if i < len(lx) else '<end>'}\n"
                  f"  B: {ly[i][:200] if i < len(ly) else '<end>'}")
    print(f"compare_tables: {len(fa & fb)} CSV files compared, {bad} differ ({da} vs {db})")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
