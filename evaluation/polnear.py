"""Evaluate ``utils.claims.extract_claims`` on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

Usage::

    python -m evaluation.polnear [--split dev|train] [--mentions] [--limit N] [--bare-quotes]
    python -m evaluation.polnear --split train --errors 30   # misses in context, for rule development

Prints content precision/recall/F1 with partial (shared ``\\w+`` token) and strict
matching, cue F1 and speaker accuracy on matched claims, overall and for direct
quotes alone, following the rules of ``datasets/README.md`` "How to measure":

- one gold set per document: the first annotator listed in the JSONL;
- tokens are ``\\w+`` runs; *partial*: a prediction matches a gold content when they
  share a token, one-to-one, greedy by largest token overlap; P/R/F1 over all gold
  attributions (with a content);
- *strict*: same start and end after trimming whitespace, quote marks and edge
  punctuation; a discontinuous content is compared by its outer extent;
- *cue*: unique cue spans per document, token overlap, one-to-one;
- *speaker accuracy*: over matched pairs whose gold has a source, the predicted
  speaker span overlaps the gold source span (a pronoun counts as written);
- *direct quotes*: contents that sit inside quotation marks (the same test on gold
  and predictions), scored the same way.

A predicted attribution is a claim: the rows that share a ``claim_id`` (the parts of
``"A," he said, "B"`` and the paragraphs of a multi-paragraph quote, which PolNeAR
annotates as one attribution) form one predicted attribution (union of tokens, outer
extent). Claims nested inside
another speaker's quote (rows with a ``parent_claim_id``) are left out by default:
PolNeAR annotates a quotation as one attribution and never the reported speech
inside it, so they could only count as false positives. Reported speech embedded in
another reported claim's content ("Ms Lowe said she fears the plan will fail": the
claim of "fears" has the claim of "said" as its parent) is likewise nested and left
out: the first annotator marks such an inner attribution separately in only about one
case in six (331 of 2,045 on train when they were scored, the rest counting as false
positives). ``--with-nested`` keeps all nested claims.

``--bare-quotes`` turns on the optional bare-quote model of ``utils.claims`` (a default
dev run prints and records both settings).

With ``--mentions`` the speakers are resolved with ``utils.actors.detect_mentions``
(when that module exists); spans, and so these scores, do not depend on it except
through pronoun fallbacks. Skips cleanly when the dataset folder is absent.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from collections import defaultdict
from pathlib import Path


from utils import paths

_W = re.compile(r"\w+")
_QMARKS = "\"“”„‟«»‘’‚'`"
_EDGE = " \t\n\r\u00a0" + _QMARKS + ".,;:!?—–-()[]"


def split_missing(split: str) -> bool:
    """True (after saying so, as every evaluation script does) when PolNeAR's ``split``
    is not in ``$WSW_DATASETS/polnear``."""
    folder = paths.datasets_dir() / "polnear"
    if (folder / f"polnear_{split}.jsonl").exists():
        return False
    print(f"skipped: dataset not found at {folder}")
    return True


def load_split(split: str, folder: Path) -> list[dict]:
    """Documents of one split, keeping the first annotator listed for each doc."""
    docs: dict[str, dict] = {}
    with open(folder / f"polnear_{split}.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs.setdefault(d["doc_id"], d)
    return list(docs.values())


def _tokens(text: str, spans) -> frozenset:
    out = set()
    for s, e in spans:
        for m in _W.finditer(text, s, e):
            out.add(m.start())
    return frozenset(out)


def _strict_key(text: str, spans) -> tuple[int, int]:
    s = min(a for a, _ in spans)
    e = max(b for _, b in spans)
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return s, e


def in_quotes(text: str, spans) -> bool:
    """True when the content's outer extent sits inside quotation marks."""
    s = min(a for a, _ in spans)
    e = max(b for _, b in spans)
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;:"):
        e -= 1
    if s >= e:
        return False
    first_q = text[s] in _QMARKS or (s > 0 and text[s - 1] in _QMARKS)
    j = e
    while j < len(text) and text[j] in ".,;:!?":
        j += 1
    last_q = text[e - 1] in _QMARKS or (j < len(text) and text[j] in _QMARKS)
    return first_q and last_q


def gold_items(doc: dict) -> list[dict]:
    text = doc["text"]
    out = []
    for a in doc["attributions"]:
        content = [tuple(sp) for x in a.get("content", []) for sp in x["spans"]]
        if not content:
            continue
        cue = [tuple(sp) for x in a.get("cue", []) for sp in x["spans"]]
        src = [tuple(sp) for x in a.get("source", []) for sp in x["spans"]]
        out.append(
            {
                "tokens": _tokens(text, content),
                "strict": _strict_key(text, content),
                "cue": cue,
                "source": src,
                "direct": in_quotes(text, content),
            }
        )
    return out


def pred_items(text: str, claims) -> list[dict]:
    import pandas as pd

    groups: dict = defaultdict(list)
    for r in claims.itertuples(index=False):
        groups[r.claim_id].append(r)
    out = []
    for rows in groups.values():
        spans = [(int(r.content_start), int(r.content_end)) for r in rows]
        r0 = rows[0]
        spk = None
        if not pd.isna(r0.speaker_start):
            spk = (int(r0.speaker_start), int(r0.speaker_end))
        cue = None
        if not pd.isna(r0.cue_start):
            cue = (int(r0.cue_start), int(r0.cue_end))
        out.append(
            {
                "tokens": _tokens(text, spans),
                "strict": _strict_key(text, spans),
                "cue": [cue] if cue else [],
                "speaker": spk,
                "direct": in_quotes(text, spans),
                "rows": [(r.rule, r.kind) for r in rows],  # for per-rule figures (evaluation/calibrate_rules.py)
            }
        )
    return out


def greedy_match(preds: list[frozenset], golds: list[frozenset]) -> list[tuple[int, int]]:
    """One-to-one matching by largest token overlap (ties by order)."""
    index = defaultdict(list)
    for gi, g in enumerate(golds):
        for t in g:
            index[t].append(gi)
    pairs = []
    for pi, p in enumerate(preds):
        counts: dict[int, int] = defaultdict(int)
        for t in p:
            for gi in index.get(t, ()):
                counts[gi] += 1
        for gi, n in counts.items():
            pairs.append((-n, pi, gi))
    pairs.sort()
    used_p, used_g, out = set(), set(), []
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        out.append((pi, gi))
    return out


class Score:
    def __init__(self):
        self.n_pred = self.n_gold = self.tp = 0
        self.s_tp = 0
        self.cue_pred = self.cue_gold = self.cue_tp = 0
        self.spk_n = self.spk_ok = 0

    def add(self, text, preds, golds):
        self.n_pred += len(preds)
        self.n_gold += len(golds)
        pairs = greedy_match([p["tokens"] for p in preds], [g["tokens"] for g in golds])
        self.tp += len(pairs)
        for pi, gi in pairs:
            g, p = golds[gi], preds[pi]
            if g["source"]:
                self.spk_n += 1
                sp = p["speaker"]
                if sp and any(sp[0] < b and a < sp[1] for a, b in g["source"]):
                    self.spk_ok += 1
        gs = {g["strict"] for g in golds}
        ps = {p["strict"] for p in preds}
        self.s_tp += len(gs & ps)
        # strict counts over items (dedup equal spans on each side)
        self._s_pred = getattr(self, "_s_pred", 0) + len(ps)
        self._s_gold = getattr(self, "_s_gold", 0) + len(gs)
        gc = sorted({c for g in golds for c in g["cue"][:1]})
        pc = sorted({c for p in preds for c in p["cue"][:1]})
        self.cue_gold += len(gc)
        self.cue_pred += len(pc)
        self.cue_tp += len(greedy_match([_tokens(text, [c]) for c in pc], [_tokens(text, [c]) for c in gc]))

    def counts(self) -> tuple[int, int, int, int, int]:
        """(tp, predicted, gold, speaker right, speaker scored): what F1 and speaker
        accuracy are computed from; per document, the input of :func:`document_bootstrap`."""
        return self.tp, self.n_pred, self.n_gold, self.spk_ok, self.spk_n

    @staticmethod
    def prf(tp, n_pred, n_gold):
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def lines(self, label):
        p, r, f = self.prf(self.tp, self.n_pred, self.n_gold)
        sp, sr, sf = self.prf(self.s_tp, getattr(self, "_s_pred", 0), getattr(self, "_s_gold", 0))
        cp, cr, cf = self.prf(self.cue_tp, self.cue_pred, self.cue_gold)
        acc = self.spk_ok / self.spk_n if self.spk_n else 0.0
        return (
            f"{label:<8} gold={self.n_gold:<6} pred={self.n_pred:<6} "
            f"partial P/R/F1 = {p:.3f} / {r:.3f} / {f:.3f}   strict P/R/F1 = {sp:.3f} / {sr:.3f} / {sf:.3f}\n"
            f"{'':<8} cue P/R/F1 = {cp:.3f} / {cr:.3f} / {cf:.3f}   speaker accuracy = {acc:.3f} "
            f"({self.spk_ok}/{self.spk_n} matched with a gold source)"
        )


def _f1_and_accuracy(tp, n_pred, n_gold, spk_ok, spk_n) -> tuple[float, float]:
    return Score.prf(tp, n_pred, n_gold)[2], (spk_ok / spk_n if spk_n else 0.0)


def document_bootstrap(per_doc: list[tuple[int, int, int, int, int]], *, n: int = 2000, seed: int = 13,
                       level: float = 0.95) -> dict:
    """How firm a split's F1 and speaker accuracy are, given that errors cluster in
    documents (one document in a news round-up format can hold half a split's misses).

    ``per_doc`` holds each document's :meth:`Score.counts`. Returns the point values,
    percentile intervals from ``n`` resamples of whole documents with replacement
    (seeded: the same figures on every run), and the leave-one-document-out extremes:
    the lowest and highest F1 when any single document is dropped, and which document
    (its index in ``per_doc``) moves it most.
    """
    import numpy as np

    if not per_doc:
        raise ValueError("document_bootstrap: no documents")
    c = np.asarray(per_doc, dtype=float)
    total = c.sum(axis=0)
    f1, acc = _f1_and_accuracy(*total)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(c), size=(n, len(c)))
    sums = c[idx].sum(axis=1)  # (n, 5)
    tp, pr, go, ok, sn = sums.T
    with np.errstate(divide="ignore", invalid="ignore"):
        f1s = np.where(pr + go > 0, 2 * tp / (pr + go), 0.0)
        accs = np.where(sn > 0, ok / sn, 0.0)
    lo_q, hi_q = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    loo = [_f1_and_accuracy(*(total - row))[0] for row in c]
    worst = int(np.argmax(np.abs(np.asarray(loo) - f1)))
    return {
        "f1": f1, "f1_interval": (float(np.percentile(f1s, lo_q)), float(np.percentile(f1s, hi_q))),
        "speaker_accuracy": acc, "speaker_interval": (float(np.percentile(accs, lo_q)), float(np.percentile(accs, hi_q))),
        "f1_leave_one_out": (min(loo), max(loo)), "most_influential": worst, "f1_without_most_influential": loo[worst],
        "resamples": n, "level": level,
    }


def _mention_fn(use_mentions: bool):
    if not use_mentions:
        return None
    try:
        from utils import actors  # type: ignore
    except Exception as exc:  # the module may not exist yet
        print(f"(--mentions ignored: utils.actors not importable: {exc})")
        return None
    return getattr(actors, "detect_mentions", None)


def _scored_documents(split: str, *, use_mentions: bool = False, limit: int | None = None,
                      with_nested: bool = False, bare_quotes: bool = False, claim_filter: bool | str = True):
    """Run the extractor over one split; yield (doc, predictions, gold items, seconds
    spent in extract_claims) per document. Shared by :func:`evaluate` and :func:`show_errors`;
    ``claim_filter=False`` scores the rules' own output (``evaluation/calibrate_rules.py``),
    ``"polnear"`` the filter of PolNeAR's convention (``utils.claims.filter.CONVENTIONS``)."""
    import pandas as pd

    from utils import schema
    from utils.claims import extract_claims, load_cues
    from utils.text import segment

    docs = load_split(split, paths.datasets_dir() / "polnear")[:limit]
    detect = _mention_fn(use_mentions)
    cues = load_cues()
    empty = pd.DataFrame(columns=schema.MENTIONS)
    for d in docs:
        text = d["text"]
        seg = segment(text)
        mentions = detect(d["doc_id"], text, seg) if detect else empty
        t0 = time.perf_counter()
        claims = extract_claims(d["doc_id"], text, seg, mentions, cues=cues, bare_quotes=bare_quotes,
                                claim_filter=claim_filter)
        seconds = time.perf_counter() - t0
        if not with_nested:
            claims = claims[claims["parent_claim_id"].fillna("") == ""]
        yield d, pred_items(text, claims), gold_items(d), seconds


def evaluate(split: str = "dev", *, use_mentions: bool = False, limit: int | None = None, with_nested: bool = False,
             bare_quotes: bool = False, claim_filter: bool | str = True) -> dict:
    """Run the extractor over one split and return the two Score objects and timing."""
    overall, direct = Score(), Score()
    per_doc: dict[str, list] = {"overall": [], "direct": [], "doc_ids": []}
    t_extract = 0.0
    n_words = n_docs = 0
    for d, preds, golds, seconds in _scored_documents(split, use_mentions=use_mentions, limit=limit,
                                                      with_nested=with_nested, bare_quotes=bare_quotes,
                                                      claim_filter=claim_filter):
        text = d["text"]
        t_extract += seconds
        n_words += len(text.split())
        n_docs += 1
        for name, sc, p, g in (("overall", overall, preds, golds),
                               ("direct", direct, [p for p in preds if p["direct"]], [g for g in golds if g["direct"]])):
            before = sc.counts()
            sc.add(text, p, g)
            per_doc[name].append(tuple(a - b for a, b in zip(sc.counts(), before)))
        per_doc["doc_ids"].append(d["doc_id"])
    return {"overall": overall, "direct": direct, "docs": n_docs, "words": n_words, "seconds": t_extract,
            "per_doc": per_doc}


def bootstraps(res: dict) -> dict[str, dict]:
    """:func:`document_bootstrap` of each subset ("overall", "direct") of an :func:`evaluate` result."""
    return {subset: document_bootstrap(res["per_doc"][subset]) for subset in ("overall", "direct")}


def interval_lines(res: dict, boots: dict[str, dict]) -> str:
    """Document-bootstrap intervals and the most influential document, one line per subset."""
    out = []
    for subset, b in boots.items():
        doc = res["per_doc"]["doc_ids"][b["most_influential"]]
        out.append(
            f"{subset:<8} {b['level']:.0%} interval over documents ({b['resamples']} resamples): "
            f"F1 {b['f1_interval'][0]:.3f}-{b['f1_interval'][1]:.3f}, "
            f"speaker accuracy {b['speaker_interval'][0]:.3f}-{b['speaker_interval'][1]:.3f}; "
            f"F1 without any one document {b['f1_leave_one_out'][0]:.3f}-{b['f1_leave_one_out'][1]:.3f} "
            f"(most influential: {doc[:48]}, F1 {b['f1_without_most_influential']:.3f} without it)"
        )
    return "\n".join(out)


def show_errors(split: str, n: int, *, bare_quotes: bool = False) -> None:
    """Print up to ``n`` examples of each error kind in context: gold contents no
    prediction matched (missed), predictions that matched no gold (unmatched), and
    matched claims whose speaker span misses the gold source (speaker). Meant for
    developing rules on ``train``; reading ``dev`` this way turns it into training data."""

    def ctx(text, s, e):
        return (text[max(0, s - 90) : s] + "[[" + text[s:e][:300] + "]]" + text[e : e + 60]).replace("\n", " | ")

    shown = {"missed": 0, "unmatched": 0, "speaker": 0}
    for d, preds, golds, _ in _scored_documents(split, bare_quotes=bare_quotes):
        text = d["text"]
        pairs = greedy_match([p["tokens"] for p in preds], [g["tokens"] for g in golds])
        mp, mg = {a for a, _ in pairs}, {b for _, b in pairs}
        for gi, g in enumerate(golds):
            if gi not in mg and shown["missed"] < n:
                shown["missed"] += 1
                print(f"missed    {d['doc_id']}: {ctx(text, *g['strict'])}")
        for pi, p in enumerate(preds):
            if pi not in mp and shown["unmatched"] < n:
                shown["unmatched"] += 1
                print(f"unmatched {d['doc_id']}: {ctx(text, *p['strict'])}")
        for pi, gi in pairs:
            g, p = golds[gi], preds[pi]
            sp = p["speaker"]
            if g["source"] and not (sp and any(sp[0] < b and a < sp[1] for a, b in g["source"])) and shown["speaker"] < n:
                shown["speaker"] += 1
                got = text[sp[0] : sp[1]] if sp else "(none)"
                gold_src = [text[a:b] for a, b in g["source"]]
                print(f"speaker   {d['doc_id']}: gold {gold_src}, got {got!r}: {ctx(text, *p['strict'])}")
        if all(v >= n for v in shown.values()):
            break


def speed(folder: Path) -> tuple[int, int, float, float]:
    """Time ``segment`` and ``extract_claims`` (one core) over the ``.txt`` files of ``folder``.

    Returns (documents, words, seconds in extract_claims, seconds in segment).
    """
    import pandas as pd

    from utils import schema
    from utils.claims import extract_claims, load_cues
    from utils.text import segment

    cues = load_cues()
    empty = pd.DataFrame(columns=schema.MENTIONS)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*.txt"))]
    t_seg = t_cl = 0.0
    for i, text in enumerate(texts):
        t0 = time.perf_counter()
        seg = segment(text)
        t1 = time.perf_counter()
        extract_claims(f"d{i}", text, seg, empty, cues=cues)
        t_cl += time.perf_counter() - t1
        t_seg += t1 - t0
    return len(texts), sum(len(t.split()) for t in texts), t_cl, t_seg


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "train"], default="dev")
    ap.add_argument("--mentions", action="store_true", help="resolve speakers with utils.actors.detect_mentions")
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--with-nested", action="store_true", help="also score claims nested inside quotes")
    ap.add_argument("--bare-quotes", action="store_true",
                    help="also extract quotations no rule attributes, with the bare-quote model (off by default)")
    ap.add_argument("--claim-filter", choices=["news", "polnear", "off"], default="news",
                    help="the claim filter: news (the default model), polnear (PolNeAR's broader convention: "
                         "beliefs and intentions count) or off (the rules' own output)")
    ap.add_argument("--errors", type=int, metavar="N", default=None,
                    help="instead: print N examples of each error kind in context (develop on --split train)")
    ap.add_argument("--speed", metavar="DIR", default=None,
                    help="instead: time extract_claims over the .txt files of DIR (e.g. datasets/bbc_politics)")
    args = ap.parse_args(argv)
    if args.speed:
        sp = Path(args.speed)
        if not sp.exists():
            print(f"skipped: dataset not found at {sp}")
            return 0
        n, words, t_cl, t_seg = speed(sp)
        print(f"{n} documents, {words} words: extract_claims {words / t_cl:,.0f} words/s "
              f"({t_cl:.2f} s on one core; segmentation excluded, it took {t_seg:.2f} s)")
        return 0
    if split_missing(args.split):
        return 0
    if args.errors is not None:
        show_errors(args.split, args.errors, bare_quotes=args.bare_quotes)
        return 0
    claim_filter = {"news": True, "polnear": "polnear", "off": False}[args.claim_filter]
    res = evaluate(args.split, use_mentions=args.mentions, limit=args.limit, with_nested=args.with_nested,
                   bare_quotes=args.bare_quotes, claim_filter=claim_filter)
    nested = "included" if args.with_nested else "excluded"
    bare = "; bare-quote model on" if args.bare_quotes else ""
    print(f"PolNeAR {args.split}: {res['docs']} documents, {res['words']} words (first annotator per document; "
          f"nested claims {nested}{bare}; claim filter {args.claim_filter})")
    print(res["overall"].lines("overall"))
    print(res["direct"].lines("direct"))
    boots = bootstraps(res) if res["docs"] else {}
    if boots:
        print(interval_lines(res, boots))
    wps = res["words"] / res["seconds"] if res["seconds"] else 0.0
    print(f"extract_claims speed: {wps:,.0f} words/s (segmentation excluded)")
    if (args.split == "dev" and args.limit is None and not args.with_nested and not args.mentions and not args.bare_quotes
            and args.claim_filter == "news"):
        from evaluation.results import record

        broad = evaluate(args.split, claim_filter="polnear")
        print("with the claim filter of PolNeAR's convention (--claim-filter polnear):")
        print(broad["overall"].lines("overall"))
        print(broad["direct"].lines("direct"))

        alt = evaluate(args.split, bare_quotes=True)
        print("with the bare-quote model (--bare-quotes):")
        print(alt["overall"].lines("overall"))
        print(alt["direct"].lines("direct"))
        metrics = []
        for subset, target_f, target_s in (("overall", 0.75, 0.90), ("direct", 0.92, None)):
            sc = res[subset]
            b = boots[subset]  # intervals from resampling whole documents
            metrics.append({"metric": f"content partial F1 ({subset})", "value": sc.prf(sc.tp, sc.n_pred, sc.n_gold)[2],
                            "target": target_f, "n": sc.n_gold, "interval_95": [round(x, 4) for x in b["f1_interval"]]})
            metrics.append({"metric": f"speaker accuracy on matched claims ({subset})",
                            "value": sc.spk_ok / sc.spk_n if sc.spk_n else 0.0, "target": target_s, "n": sc.spk_n,
                            "interval_95": [round(x, 4) for x in b["speaker_interval"]]})
        for subset, b in boots.items():
            metrics.append({"metric": f"content partial F1 ({subset}) without its most influential document",
                            "value": b["f1_without_most_influential"], "n": res["docs"] - 1})
        for subset in ("overall", "direct"):
            sc = broad[subset]
            metrics.append({"metric": f"content partial F1 ({subset}), claim filter of PolNeAR's convention",
                            "value": sc.prf(sc.tp, sc.n_pred, sc.n_gold)[2], "n": sc.n_gold})
            metrics.append({"metric": f"speaker accuracy on matched claims ({subset}), claim filter of PolNeAR's "
                                      "convention", "value": sc.spk_ok / sc.spk_n if sc.spk_n else 0.0, "n": sc.spk_n})
        sc = res["overall"]
        metrics.append({"metric": "cue F1 (overall)", "value": sc.prf(sc.cue_tp, sc.cue_pred, sc.cue_gold)[2],
                        "n": sc.cue_gold})
        for subset in ("overall", "direct"):
            sc = alt[subset]
            metrics.append({"metric": f"content partial F1 ({subset}), with the bare-quote model",
                            "value": sc.prf(sc.tp, sc.n_pred, sc.n_gold)[2], "n": sc.n_gold})
            metrics.append({"metric": f"speaker accuracy on matched claims ({subset}), with the bare-quote model",
                            "value": sc.spk_ok / sc.spk_n if sc.spk_n else 0.0, "n": sc.spk_n})
        record("polnear", annotation="claims (quotes and reported speech)", command="python -m evaluation.polnear",
               metrics=metrics, notes="a predicted attribution is a claim (the rows sharing a claim_id); "
                                      "claims nested in another claim are not scored (PolNeAR rarely annotates them); "
                                      "the bare-quote model is off by default; the default claim filter (news) drops "
                                      "hopes, plans and acts that PolNeAR annotates, so its recall is lower than with the "
                                      "filter of PolNeAR's convention")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
