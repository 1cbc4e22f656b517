"""Evaluate actor mention detection on CoNLL-2003 English (valid.txt).

Usage::

    python -m evaluation.conll [--split valid.txt] [--limit N]
    python -m evaluation.conll --speed   # words/s of detect_mentions on bbc_politics

Rules (datasets/README.md, "How to measure"): consecutive sentences are grouped
into pseudo-documents of 30, tokens joined by single spaces, one sentence per
line. ``utils.actors.detect_mentions`` runs on each pseudo-document text; its
``kind == "name"`` mentions typed ``person`` are compared with gold PER spans and
those typed ``organisation`` with gold ORG spans. Prints precision, recall and F1
for exact spans (same start and end) and token overlap (one-to-one, greedy by
largest overlap), plus words per second of ``detect_mentions``.

Citation: Tjong Kim Sang, E. F. and De Meulder, F. (2003). Introduction to the
CoNLL-2003 Shared Task: Language-Independent Named Entity Recognition. CoNLL.

Exits cleanly with "skipped: dataset not found at PATH" when the data is absent.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

DOC_SIZE = 30
_WORD = re.compile(r"\w+")


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as lists of ``(token, ner_label)``; -DOCSTART- lines are dropped."""
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            parts = line.split()
            if parts[0] == "-DOCSTART-":
                continue
            cur.append((parts[0], parts[-1]))
    if cur:
        sents.append(cur)
    return sents


def gold_spans(sent: list[tuple[str, str]], offset: int) -> tuple[str, list[tuple[int, int, str]]]:
    """Sentence text (tokens joined by single spaces) and gold entity character spans."""
    toks = [t for t, _ in sent]
    starts = []
    pos = offset
    for t in toks:
        starts.append(pos)
        pos += len(t) + 1
    spans = []
    cur, s, e = "", -1, -1
    for (tok, lab), st in zip(sent, starts):
        pre, _, typ = lab.partition("-")
        if lab == "O":
            if cur:
                spans.append((s, e, cur))
            cur = ""
            continue
        if pre == "B" or typ != cur:
            if cur:
                spans.append((s, e, cur))
            cur, s = typ, st
        e = st + len(tok)
    if cur:
        spans.append((s, e, cur))
    return " ".join(toks), spans


def pseudo_documents(sents, size: int = DOC_SIZE):
    """Yield ``(text, gold_spans)`` for groups of ``size`` consecutive sentences."""
    for i in range(0, len(sents), size):
        lines, gold = [], []
        pos = 0
        for sent in sents[i : i + size]:
            text, spans = gold_spans(sent, pos)
            lines.append(text)
            gold += spans
            pos += len(text) + 1
        yield "\n".join(lines), gold


def prf(tp: float, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _tokens(text: str, s: int, e: int) -> set[int]:
    return {m.start() for m in _WORD.finditer(text, s, e)}


def overlap_matches(text: str, pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> int:
    """One-to-one matches sharing at least one ``\\w+`` token, greedy by overlap size."""
    pt = [_tokens(text, s, e) for s, e in pred]
    gt = [_tokens(text, s, e) for s, e in gold]
    pairs = []
    for i, a in enumerate(pt):
        for j, b in enumerate(gt):
            if gold[j][0] < pred[i][1] and pred[i][0] < gold[j][1]:
                k = len(a & b)
                if k:
                    pairs.append((-k, i, j))
    pairs.sort()
    used_p, used_g, n = set(), set(), 0
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            n += 1
    return n


def evaluate(path: Path, *, limit: int | None = None) -> dict:
    """Run detect_mentions on the pseudo-documents of ``path`` and score PER and ORG."""
    from utils.actors import detect_mentions
    from utils.text import segment

    sents = read_conll(path)
    if limit:
        sents = sents[:limit]
    types = {"PER": "person", "ORG": "organisation"}
    counts = {k: {"tp": 0, "ov": 0, "pred": 0, "gold": 0} for k in types}
    n_words = 0
    t_detect = cpu_detect = 0.0
    for k, (text, gold) in enumerate(pseudo_documents(sents)):
        seg = segment(text)
        n_words += len(seg.tokens)
        t0, c0 = time.perf_counter(), time.process_time()
        m = detect_mentions(f"conll{k}", text, seg)
        t_detect += time.perf_counter() - t0
        cpu_detect += time.process_time() - c0
        if len(m):
            m = m[m["kind"] == "name"]
        for lab, typ in types.items():
            g = sorted({(s, e) for s, e, t in gold if t == lab})
            p = sorted({(int(s), int(e)) for s, e in m.loc[m["type"] == typ, ["start", "end"]].values}) if len(m) else []
            c = counts[lab]
            c["gold"] += len(g)
            c["pred"] += len(p)
            c["tp"] += len(set(g) & set(p))
            c["ov"] += overlap_matches(text, p, g)
    out = {"words": n_words, "seconds": t_detect, "cpu_seconds": cpu_detect}
    for lab, c in counts.items():
        out[lab] = {"exact": prf(c["tp"], c["pred"], c["gold"]), "overlap": prf(c["ov"], c["pred"], c["gold"]), **c}
    return out


def speed(folder: Path, *, repeat: int = 2) -> dict:
    """Words per second of ``detect_mentions`` on a folder of ``.txt`` news articles
    (segmentation excluded: it belongs to utils.text). The best of ``repeat`` runs
    is reported, in wall-clock and in CPU time of this process (one core)."""
    from utils.actors import detect_mentions
    from utils.text import segment

    docs = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    segs = [segment(d) for d in docs]
    words = sum(len(s.tokens) for s in segs)
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for i, (d, s) in enumerate(zip(docs, segs)):
            detect_mentions(f"doc{i}", d, s)
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return {"documents": len(docs), "words": words, "seconds": best_wall, "cpu_seconds": best_cpu}


def main(argv: list[str] | None = None) -> int:
    from utils import paths

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="valid.txt")
    ap.add_argument("--limit", type=int, default=None, help="first N sentences only")
    ap.add_argument("--speed", action="store_true", help="measure words/s on bbc_politics instead")
    args = ap.parse_args(argv)
    if args.speed:
        folder = paths.datasets_dir() / "bbc_politics"
        if not folder.exists():
            print(f"skipped: dataset not found at {folder}")
            return 0
        r = speed(folder)
        print(f"detect_mentions on {r['documents']} bbc_politics articles, {r['words']:,} words (best of 2): "
              f"{r['words'] / r['seconds']:,.0f} words/s wall-clock, {r['words'] / r['cpu_seconds']:,.0f} words/s CPU")
        return 0
    path = paths.datasets_dir() / "conll2003" / args.split
    if not path.exists():
        print(f"skipped: dataset not found at {path}")
        return 0
    res = evaluate(path, limit=args.limit)
    print(f"CoNLL-2003 {args.split}: {DOC_SIZE}-sentence pseudo-documents, detect_mentions kind=name")
    print(f"{'type':<14}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}")
    for lab, name in (("PER", "person"), ("ORG", "organisation")):
        r = res[lab]
        for match in ("exact", "overlap"):
            p, rc, f = r[match]
            print(f"{name:<14}{match:<9}{p:7.3f}{rc:7.3f}{f:7.3f}{r['pred']:7d}{r['gold']:7d}")
    wps = res["words"] / res["seconds"] if res["seconds"] else 0.0
    cps = res["words"] / res["cpu_seconds"] if res["cpu_seconds"] else 0.0
    print(f"detect_mentions speed: {res['words']} words in {res['seconds']:.2f} s = {wps:,.0f} words/s "
          f"wall-clock ({cps:,.0f} words/s CPU; first pass, feature cache cold)")
    if args.split == "valid.txt" and args.limit is None:
        from evaluation.results import record

        targets = {("PER", "exact"): 0.80, ("ORG", "exact"): 0.60}
        record("conll2003", annotation="actors (mention detection)", command="python -m evaluation.conll",
               metrics=[{"metric": f"{name} span F1 ({match})", "value": res[lab][match][2],
                         "target": targets.get((lab, match)), "n": res[lab]["gold"]}
                        for lab, name in (("PER", "person"), ("ORG", "organisation"))
                        for match in ("exact", "overlap")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
