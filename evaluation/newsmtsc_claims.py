"""Stance rows on NewsMTSC sentences that hold a claim: does the row name the marked
target with the marked polarity?

NewsMTSC (Hamborg & Donnay, EACL 2021) marks people in US political news sentences with
the sentiment the sentence expresses toward them. When a marked person sits inside the
*content* of a claim the pipeline finds in the sentence (a quote or reported speech
with a resolved speaker who is not that person), that sentiment is the speaker's
stance toward the person. Each sentence of ``devtest_mt.jsonl`` (never used to train
or choose anything) is annotated alone with ``utils.pipeline.annotate_document``:

- *covered*: gold targets (positive or negative) inside a claim's content with a
  resolved speaker;
- *named*: of those, a stance row of that claim has a target mention overlapping the
  gold span;
- *right*: of the covered, the row names it with the gold polarity (positive =
  favour, negative = against) = the issue's "stance row names that target with that
  polarity";
- *precision*: of the favour/against rows toward a gold-marked target (any gold
  polarity, neutral included), the share whose polarity is the gold one.

95% intervals from 2,000 bootstrap resamples of sentences (seed 2026).

    python -m evaluation.newsmtsc_claims [--sentiment auto|model|lexicon] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import time

import numpy as np

from utils import paths
from utils.settings import SENTIMENTS

POLARITY = {2: "negative", 4: "neutral", 6: "positive"}
WANT = {"positive": "favour", "negative": "against"}


def sentence_outcomes(sentence: str, targets: list[dict], sentiment: str) -> dict:
    """Counts for one sentence: covered / named / right targets and polar rows / right rows."""
    from utils.pipeline import annotate_document

    t = annotate_document("s", sentence, {"sentiment": sentiment})
    claims, ment, st = t["claims"], t["mentions"], t["stances"]
    out = {"covered": 0, "named": 0, "right": 0, "polar": 0, "polar_right": 0}
    if claims.empty:
        return out
    spans = [(int(c.content_start), int(c.content_end), str(c.claim_id), str(c.speaker_id or ""))
             for c in claims.itertuples() if isinstance(c.speaker_id, str) and c.speaker_id]
    for g in targets:
        gs, ge, gold = int(g["from"]), int(g["to"]), POLARITY[int(g["polarity"])]
        actors = {str(m.actor_id) for m in ment.itertuples() if m.start < ge and m.end > gs and isinstance(m.actor_id, str)}
        inside = [(cid, sid) for cs, ce, cid, sid in spans if cs <= gs and ge <= ce and sid not in actors]
        rows = st.iloc[:0]
        if inside and actors:
            rows = st[st["claim_id"].isin([c for c, _ in inside]) & st["target_id"].isin(actors)]
        for r in rows.itertuples():
            if r.polarity in ("favour", "against"):
                out["polar"] += 1
                out["polar_right"] += int(r.polarity == WANT.get(gold))
        if gold == "neutral" or not inside:
            continue
        out["covered"] += 1
        out["named"] += int(len(rows) > 0)
        out["right"] += int(bool((rows["polarity"] == WANT[gold]).any()))
    return out


def bootstrap(per: list[dict], num: str, den: str, *, n: int = 2000, seed: int = 2026) -> dict:
    """The ratio sum(num)/sum(den) with a 95% interval from resampling sentences."""
    a = np.array([p[num] for p in per], dtype=float)
    b = np.array([p[den] for p in per], dtype=float)
    value = float(a.sum() / b.sum()) if b.sum() else float("nan")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(per), size=(n, len(per)))
    sa, sb = a[idx].sum(1), b[idx].sum(1)
    vals = sa[sb > 0] / sb[sb > 0]
    lo, hi = (np.percentile(vals, [2.5, 97.5]) if len(vals) else (float("nan"), float("nan")))
    return {"value": round(value, 4), "ci95": [round(float(lo), 4), round(float(hi), 4)], "n": int(b.sum())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentiment", default="auto", choices=SENTIMENTS)
    ap.add_argument("--split", default="devtest_mt.jsonl")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    path = paths.datasets_dir() / "newsmtsc" / args.split
    if not path.exists():
        print(f"skipped: dataset not found at {path}")
        return 0
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    if args.limit:
        lines = lines[: args.limit]
    t0 = time.perf_counter()
    per = [sentence_outcomes(d["sentence_normalized"], d["targets"], args.sentiment) for d in lines]
    secs = time.perf_counter() - t0
    figs = {
        "stance_right": bootstrap(per, "right", "covered"),
        "target_named": bootstrap(per, "named", "covered"),
        "polar_precision": bootstrap(per, "polar_right", "polar"),
    }
    print(f"NewsMTSC {args.split}, sentiment={args.sentiment}: {len(lines)} sentences in {secs:.0f} s")
    for k, v in figs.items():
        print(f"  {k:16s} {v['value']:.3f}  [{v['ci95'][0]:.3f}, {v['ci95'][1]:.3f}]  n={v['n']}")
    if args.split == "devtest_mt.jsonl" and not args.limit:
        from evaluation.results import record

        record("newsmtsc_claims", annotation="stance rows on quoted targets (US political news)", merge=True,
               command=f"python -m evaluation.newsmtsc_claims --sentiment {args.sentiment}",
               metrics=[{"metric": f"{k} (sentiment {args.sentiment})", "value": v["value"], "interval_95": v["ci95"],
                         "n": v["n"], "target": 0.60 if k == "stance_right" else None} for k, v in figs.items()],
               notes="each devtest_mt sentence annotated alone; gold targets inside a claim with a resolved speaker")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
