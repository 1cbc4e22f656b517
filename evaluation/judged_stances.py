"""Stance precision on 111 unseen BBC articles whose favour/against rows were judged by hand.

``evaluation/stance_judged/judged.jsonl`` holds every favour/against row the pipeline gave
(2026-12-07, before the undirected-sentiment check) on 111 BBC articles outside the
hand-checked set, each judged right or wrong with a reason (README beside it). The texts
are not stored: a row names its file, the file's SHA-1, its claim's content offsets, the
target and the polarity.

The pipeline runs on those articles again; every favour/against row it gives now is
looked up among the judged rows (same claim content offsets, target and polarity):

- *precision (judged)*: the share right of the judged rows still given favour/against;
- *right rows kept*: the share of the rows judged right that are still given;
- *unjudged*: rows given now that nobody judged (a change made them); they count in
  neither figure, so a change that makes many is not measured here.

Also the reasons of the wrong rows still given (speaker wrong, no stance, polarity ...).
95% intervals from 2,000 bootstrap resamples of whole documents (seed 2026).

The documents fall in two fixed halves (:func:`judged_half`: 58
and 53 documents). ``python -m evaluation.train_stance_encoder --judged-weight N`` may train
on the rows of the first; the *held-out half* figures, on the other 53, stay a fair measure
of a model trained so. (The shipped encoder is trained on NewsMTSC alone.)

    python -m evaluation.judged_stances [--datasets DIR] [--no-record]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from evaluation.handchecked import name_keys, norm
from utils import paths

JUDGED = Path(__file__).resolve().parent / "stance_judged" / "judged.jsonl"
N_BOOT, SEED = 2000, 2026
FIELDS = ("path", "sha1", "content_start", "content_end", "target", "polarity", "verdict", "reason")


def judged_half(path: str) -> str:
    """Which half of the judged set a document is in: ``train`` (its rows may train the stance
    encoder, ``python -m evaluation.train_stance_encoder --judged-weight N``) or ``eval`` (never
    trained on; reported apart). Fixed by the SHA-1 of the path."""
    return "train" if int(hashlib.sha1(path.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "eval"


def read_rows(path: Path, fields: tuple[str, ...], check=None) -> list[dict]:
    """The rows of a judged set's JSON-lines file, each holding ``fields`` and passing ``check``
    (a function raising ValueError); ValueError naming the file and line of a malformed one.
    Shared by the judged sets (stances here, claims in ``evaluation/judged_claims.py``)."""
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            missing = [k for k in fields if k not in r]
            if missing:
                raise ValueError(f"missing field(s) {', '.join(missing)}")
            if check is not None:
                check(r)
        except (json.JSONDecodeError, ValueError) as exc:
            raise ValueError(f"{path}:{i}: {exc}") from exc
        rows.append(r)
    return rows


def _check_verdict(r: dict) -> None:
    if r["verdict"] not in ("right", "wrong"):
        raise ValueError(f"verdict {r['verdict']!r} is not right/wrong")


def load_judged(path: Path = JUDGED) -> list[dict]:
    """The judged rows (ValueError naming the file and line of a malformed one)."""
    return read_rows(path, FIELDS, _check_verdict)


def judged_texts(judged: list[dict], datasets: Path):
    """(path, text, rows) for each judged document in path order, its rows grouped; a document
    whose text no longer has the recorded SHA-1 is left out, with a message on stderr. Shared by
    the judged sets' scorers (stances, claims) and the claim filter's trainer."""
    by_doc: dict[str, list[dict]] = {}
    for r in judged:
        by_doc.setdefault(r["path"], []).append(r)
    for path, rows in sorted(by_doc.items()):
        text = (datasets / path).read_bytes().decode(rows[0].get("encoding", "utf-8"))
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != rows[0]["sha1"]:
            print(f"sha1 differs, document left out: {path}", file=sys.stderr)
            continue
        yield path, text, rows


def annotated_judged(judged: list[dict], datasets: Path):
    """(path, text, rows, tables) of each judged document (:func:`judged_texts`) with the
    pipeline's tables of it as the code runs now. Shared by the judged sets' scorers."""
    from utils.pipeline import annotate_document

    for path, text, rows in judged_texts(judged, datasets):
        yield path, text, rows, annotate_document(path, text, {})


def score_document(text: str, tables: dict, rows: list[dict]) -> Counter:
    """Counts of one document: judged rows still given (right / wrong by reason), rows
    judged right, and rows given now that were never judged."""
    st, cl = tables["stances"], tables["claims"]
    c = Counter(judged=len(rows), judged_right=sum(r["verdict"] == "right" for r in rows))
    if st is None or not len(st):
        return c
    span = {cid: (int(g["content_start"].min()), int(g["content_end"].max())) for cid, g in cl.groupby("claim_id")}
    want = {(r["content_start"], r["content_end"], norm(r["target"]), r["polarity"]): r for r in rows}
    polar = st[st["polarity"].isin(["favour", "against"]) & (st["claim_id"] != "")]
    for cid, target, pol in zip(polar["claim_id"], polar["target"], polar["polarity"]):
        sp = span.get(cid, (-1, -1))
        r = next((want[k] for k in sorted((*sp, key, pol) for key in name_keys(target)) if k in want), None)
        if r is None:
            c["unjudged"] += 1
            continue
        c["given"] += 1
        c["given_right"] += r["verdict"] == "right"
        if r["verdict"] == "wrong":
            c[f"wrong_{r['reason']}"] += 1
    return c


def bootstrap(per_doc: list[Counter], num: str, den: str) -> tuple[float, float]:
    rng = np.random.default_rng(SEED)
    a = np.array([c[num] for c in per_doc], dtype=float)
    b = np.array([c[den] for c in per_doc], dtype=float)
    idx = rng.integers(0, len(per_doc), size=(N_BOOT, len(per_doc)))
    den_s = b[idx].sum(1)
    vals = a[idx].sum(1)[den_s > 0] / den_s[den_s > 0]
    return float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--datasets", type=Path, default=None, help="datasets folder (default utils.paths.datasets_dir())")
    ap.add_argument("--no-record", dest="record", action="store_false",
                    help="do not store the figures in evaluation/results.json")
    args = ap.parse_args(argv)
    datasets = args.datasets or paths.datasets_dir()
    judged = load_judged()
    if not (datasets / judged[0]["path"]).exists():
        print(f"skipped: dataset not found at {datasets}")
        return 0
    per_doc, held = [], []
    for path, text, rows, tables in annotated_judged(judged, datasets):
        per_doc.append(score_document(text, tables, rows))
        if judged_half(path) == "eval":
            held.append(per_doc[-1])
    h = sum(held, Counter())
    hprec = h["given_right"] / h["given"] if h["given"] else float("nan")
    hkept = h["given_right"] / h["judged_right"] if h["judged_right"] else float("nan")
    t = sum(per_doc, Counter())
    prec = t["given_right"] / t["given"] if t["given"] else float("nan")
    kept = t["given_right"] / t["judged_right"] if t["judged_right"] else float("nan")
    base = t["judged_right"] / t["judged"]
    print(f"Judged stance rows: {len(per_doc)} documents, {t['judged']} judged rows ({t['judged_right']} right; "
          f"precision when judged {base:.3f})")
    lo, hi = bootstrap(per_doc, "given_right", "given")
    print(f"precision (judged rows still given)  {prec:.3f}  [{lo:.3f}, {hi:.3f}]  n={t['given']}")
    lo, hi = bootstrap(per_doc, "given_right", "judged_right")
    print(f"right rows kept                      {kept:.3f}  [{lo:.3f}, {hi:.3f}]  n={t['judged_right']}")
    hlo, hhi = bootstrap(held, "given_right", "given")
    print(f"held-out half ({len(held)} documents never trained on): precision {hprec:.3f}  [{hlo:.3f}, {hhi:.3f}]  "
          f"n={h['given']}; right rows kept {hkept:.3f} of {h['judged_right']}")
    print(f"rows given now that were never judged: {t['unjudged']}")
    reasons = {k[6:]: v for k, v in t.items() if k.startswith("wrong_")}
    by_count = sorted(reasons.items(), key=lambda kv: -kv[1])
    print("wrong rows still given, by reason: " + ", ".join(f"{k} {v}" for k, v in by_count))
    if args.record:
        from evaluation.results import record

        metrics = [
            {"metric": "favour/against rows right, held-out half (never trained on)", "value": hprec, "n": h["given"],
             "target": 0.80, "interval_95": [round(hlo, 4), round(hhi, 4)]},
            {"metric": "right rows kept, held-out half", "value": hkept, "n": h["judged_right"]},
            {"metric": "favour/against rows right (judged rows still given)", "value": prec, "n": t["given"],
             "interval_95": [round(x, 4) for x in bootstrap(per_doc, "given_right", "given")]},
            {"metric": "rows judged right still given", "value": kept, "n": t["judged_right"],
             "interval_95": [round(x, 4) for x in bootstrap(per_doc, "given_right", "judged_right")]},
            {"metric": "favour/against rows right when judged (2026-12-07)", "value": base, "n": t["judged"]},
        ]
        record("bbc_judged_stances", annotation="favour/against stance rows judged right or wrong",
               command="python -m evaluation.judged_stances", metrics=metrics,
               notes=f"{len(per_doc)} BBC articles outside the hand-checked set (evaluation/stance_judged/README.md); "
                     f"{t['unjudged']} rows given now were never judged (in no figure); "
                     "intervals from resampling whole documents")
        print("recorded in evaluation/results.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
