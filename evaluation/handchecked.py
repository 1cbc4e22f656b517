"""Score the pipeline on the hand-checked BBC set (``evaluation/handchecked/``).

Usage::

    python -m evaluation.handchecked [--datasets DIR] [--errors] [--docs business/ 042.txt ...]

For each document of ``evaluation/handchecked/attributions.jsonl`` the text is read
from the datasets folder (default ``utils.paths.datasets_dir()``), its SHA-1 checked,
and ``utils.pipeline.annotate_document`` run on it. Figures (rules in
``evaluation/handchecked/README.md``):

- claims: a top-level predicted claim (empty ``parent_claim_id``; its rows are its
  parts) matches a gold attribution when their contents share ``\\w+`` tokens (by
  position), one-to-one, greedy by largest overlap; precision, recall, F1, and recall
  of direct quotes, reported speech (indirect) and mixed quotes separately, and the
  precision and recall of the claims whose ``confidence`` is at least 0.8 (what an
  analyst keeps with that cut; ``claim_precision_confident``). Gold
  attributions marked ``nested`` (inside another attribution) are not scored;
- speaker accuracy on matched claims: the predicted ``speaker`` equals the gold
  ``speaker`` or one of its ``speaker_aliases`` (case and whitespace ignored),
  overall and by the gold ``speaker_form``;
- stances on matched claims: a predicted favour/against row is right when the gold
  claim lists the same target (case and whitespace ignored) and polarity; a gold
  claim without ``stances`` means "no clear stance";
- stances against the second, stance-only pass (``stances_second_pass.jsonl``, when
  present): every clear favour/against stance of each attribution's speaker, marked
  afresh by a second reading; a predicted row is right when its target equals the
  marked target or one of its ``target_aliases`` with the same polarity
  (``stance2_precision``, ``stance2_recall``), and the agreement of the two passes;
- 95% intervals: 2,000 bootstrap resamples of whole documents (seed 2026).

Prints a table and writes ``evaluation/handchecked/results.json``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from utils.settings import SENTIMENTS

HERE = Path(__file__).resolve().parent / "handchecked"
GOLD = HERE / "attributions.jsonl"
STANCES2 = HERE / "stances_second_pass.jsonl"
RESULTS = HERE / "results.json"
FORMS = ("name", "pronoun", "description", "title", "none")
KINDS = ("direct", "indirect", "mixed")
SEED = 2026
N_BOOT = 2000
#: The confidence cut whose claims get their own precision and recall (an analyst's "confident claims").
CONFIDENT = 0.8
_TOKEN = re.compile(r"\w+")


def norm(name) -> str:
    """A name compared without case, extra whitespace or a leading "the" ("The Times" and
    "Times", "the record industry" and "record industry" are one name; '' for a missing name)."""
    if name is None or (isinstance(name, float) and name != name):
        return ""
    words = str(name).split()
    if len(words) > 1 and words[0].casefold() == "the":
        words = words[1:]
    return " ".join(words).casefold()


def name_keys(name) -> set[str]:
    """The forms a predicted name is compared by: :func:`norm`, and for an organisation named by
    several capitalised words also its acronym, since the readers wrote the name the text used
    ("BNP") and the pipeline names one organisation by its full name ("British National Party")."""
    from utils.actors.acronyms import initials

    key = norm(name)
    acr = initials(str(name)) if key and len(str(name).split()) >= 2 else ""
    return {key, acr.casefold()} if len(acr) >= 2 else {key}


def count_speaker(c: Counter, form: str, ok: bool) -> None:
    """Count one matched claim's speaker, overall and by the form the text names it by (shared
    with ``evaluation/judged_claims.py``)."""
    c["spk_n"] += 1
    c["spk_ok"] += ok
    c[f"spk_n_{form}"] += 1
    c[f"spk_ok_{form}"] += ok


def load_gold(path: Path = GOLD) -> list[dict]:
    """The annotated documents, one JSON object a line."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_second_pass(path: Path = STANCES2) -> dict[str, dict[tuple[int, int], list[dict]]]:
    """The second stance pass: path -> (content_start, content_end) -> its stances
    (empty when the file is absent)."""
    if not path.exists():
        return {}
    out: dict[str, dict[tuple[int, int], list[dict]]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            by = out.setdefault(rec["path"], {})
            for st in rec["stances"]:
                if st["polarity"] not in ("favour", "against"):
                    raise ValueError(f"polarity {st['polarity']!r}")
                by.setdefault((int(st["content_start"]), int(st["content_end"])), []).append(st)
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"{path}, line {n}: {e}") from e
    return out


def _want1(gold: dict) -> set[tuple[str, str]]:
    """A gold attribution's first-pass stances as (target, polarity)."""
    return {(norm(st["target"]), st["polarity"]) for st in gold.get("stances", [])}


def _want2(stances: list[dict]) -> list[tuple[set[str], str]]:
    """A second-pass attribution's stances as (accepted target names, polarity)."""
    return [({norm(st["target"])} | {norm(a) for a in st.get("target_aliases", [])}, st["polarity"]) for st in stances]


def _in_second(target: str, polarity: str, want2: list[tuple[set[str], str]]) -> bool:
    """True when (target, polarity) is one of the second pass's stances (any of its names)."""
    return any(target in names and polarity == wp for names, wp in want2)


def read_text(datasets: Path, doc: dict) -> str:
    """The document's text exactly as annotated (its recorded encoding)."""
    return (datasets / doc["path"]).read_bytes().decode(doc["encoding"])


def spans_of(rec: dict) -> list[tuple[int, int]]:
    """The content spans of a gold attribution (its parts, or its one span)."""
    return [tuple(p) for p in rec.get("parts") or [(rec["content_start"], rec["content_end"])]]


def tokens(text: str, spans) -> set[int]:
    """Start offsets of the ``\\w+`` tokens inside ``spans`` of ``text``."""
    out = set()
    for s, e in spans:
        out.update(s + m.start() for m in _TOKEN.finditer(text[s:e]))
    return out


def predicted_claims(claims) -> list[dict]:
    """Top-level predicted claims from a claims table (rows sharing ``claim_id`` are
    one claim): id, spans, speaker and kind."""
    if claims is None or len(claims) == 0:
        return []
    parent = claims["parent_claim_id"] if "parent_claim_id" in claims else None
    top = claims if parent is None else claims[[norm(p) == "" for p in parent]]
    out = []
    for cid, g in top.groupby("claim_id", sort=False):
        conf = pd.to_numeric(g["confidence"], errors="coerce").max() if "confidence" in g else float("nan")
        out.append({"claim_id": cid, "spans": [(int(s), int(e)) for s, e in zip(g["content_start"], g["content_end"])],
                    "speaker": g["speaker"].iloc[0], "kind": g["kind"].iloc[0],
                    "confidence": float(conf) if conf == conf else 0.0})
    return out


def match(gold_toks: list[set], pred_toks: list[set]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs sharing tokens, greedy by
    largest overlap (ties: earlier gold, then earlier prediction)."""
    pairs = sorted(((len(g & p), i, j) for i, g in enumerate(gold_toks) for j, p in enumerate(pred_toks) if g & p),
                   key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i), used_p.add(j), out.append((i, j))
    return sorted(out)


def speaker_ok(gold: dict, predicted) -> bool:
    """Predicted speaker equals the gold speaker or one of its aliases."""
    names = {norm(gold["speaker"])} | {norm(a) for a in gold.get("speaker_aliases", [])}
    return bool(names & name_keys(predicted))


def score_document(doc: dict, text: str, tables: dict, second: dict | None = None) -> tuple[Counter, list[dict]]:
    """Counts for one document (numerators and denominators of every figure) and
    its errors (missed, spurious, wrong speaker) for ``--errors``; ``second`` is the
    document's second stance pass ((content_start, content_end) -> stances), when
    there is one."""
    gold = [g for g in doc["attributions"] if not g.get("nested")]
    pred = predicted_claims(tables["claims"])
    pairs = match([tokens(text, spans_of(g)) for g in gold], [tokens(text, p["spans"]) for p in pred])
    c, errors = Counter(), []
    c["pred"], c["gold"], c["match"] = len(pred), len(gold), len(pairs)
    # the claims an analyst keeps with a confidence cut (CONFIDENT): how many, how many real, how many right
    c["pred_conf"] = sum(p["confidence"] >= CONFIDENT for p in pred)
    c["match_conf"] = sum(pred[j]["confidence"] >= CONFIDENT for _, j in pairs)
    for g in gold:
        c[f"gold_{g['kind']}"] += 1
    stances = tables.get("stances")
    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, j in pairs:
        g, p = gold[i], pred[j]
        c[f"found_{g['kind']}"] += 1
        ok = speaker_ok(g, p["speaker"])
        count_speaker(c, g.get("speaker_form", "none"), ok)
        if not ok:
            errors.append({"type": "wrong speaker", "gold": g, "pred": p})
        want = _want1(g)
        got: dict[tuple[str, str], set[tuple[str, str]]] = {}  # (target, polarity) -> the forms it is compared by
        if stances is not None and len(stances):
            rows = stances[(stances["claim_id"] == p["claim_id"]) & stances["polarity"].isin(["favour", "against"])]
            got = {(norm(t), pol): {(k, pol) for k in name_keys(t)} for t, pol in zip(rows["target"], rows["polarity"])}
        c["st_pred"] += len(got)
        c["st_pred_ok"] += sum(bool(keys & want) for keys in got.values())
        errors += [{"type": "wrong stance", "gold": g, "pred": p, "stance": f"{pol} {t}", "want": sorted(want)}
                   for (t, pol), keys in sorted(got.items()) if not keys & want]
        c["st_gold"] += len(want)
        c["st_gold_found"] += len(want & set().union(*got.values()))
        if second is not None:
            want2 = _want2(second.get((g["content_start"], g["content_end"]), []))

            def in2(keys, w=want2):
                return any(_in_second(t, pol, w) for t, pol in keys)
            c["st2_pred"] += len(got)
            ok2 = {x for x, keys in got.items() if in2(keys)}
            c["st2_pred_ok"] += len(ok2)
            c["st2_gold"] += len(want2)
            c["st2_gold_found"] += sum(any(in2(keys, [w]) for keys in got.values()) for w in want2)
            errors += [{"type": "wrong stance2", "gold": g, "pred": p, "stance": f"{pol} {t}",
                        "want": sorted(f"{wp} {sorted(names)[0]}" for names, wp in want2)}
                       for t, pol in sorted(set(got) - ok2)]
    if second is not None:  # agreement of the two passes over every attribution (first pass: exact names)
        for g in gold:
            want, want2 = _want1(g), _want2(second.get((g["content_start"], g["content_end"]), []))
            c["agree_first"] += len(want)
            c["agree_second"] += len(want2)
            c["agree_first_in_second"] += sum(_in_second(t, pol, want2) for t, pol in want)
            c["agree_second_in_first"] += sum(any(_in_second(t, pol, [w]) for t, pol in want) for w in want2)
    errors += [{"type": "missed", "gold": g} for i, g in enumerate(gold) if i not in matched_g]
    errors += [{"type": "spurious", "pred": p} for j, p in enumerate(pred) if j not in matched_p]
    return c, errors


def figures(c: Counter) -> dict[str, float]:
    """Every figure from summed counts (NaN when its denominator is 0)."""
    def r(a, b):
        return c[a] / c[b] if c[b] else float("nan")
    p, rec = r("match", "pred"), r("match", "gold")
    out = {"claim_precision": p, "claim_recall": rec,
           "claim_f1": 2 * p * rec / (p + rec) if p + rec > 0 else float("nan"),
           "claim_precision_confident": r("match_conf", "pred_conf"), "claim_recall_confident": r("match_conf", "gold")}
    for k in KINDS:
        out[f"recall_{k}"] = r(f"found_{k}", f"gold_{k}")
    out["speaker_accuracy"] = r("spk_ok", "spk_n")
    for f in FORMS:
        out[f"speaker_accuracy_{f}"] = r(f"spk_ok_{f}", f"spk_n_{f}")
    out["stance_precision"], out["stance_recall"] = r("st_pred_ok", "st_pred"), r("st_gold_found", "st_gold")
    out["stance2_precision"], out["stance2_recall"] = r("st2_pred_ok", "st2_pred"), r("st2_gold_found", "st2_gold")
    out["passes_first_in_second"] = r("agree_first_in_second", "agree_first")
    out["passes_second_in_first"] = r("agree_second_in_first", "agree_second")
    return out


DENOMINATORS = {"claim_precision": "pred", "claim_recall": "gold", "claim_f1": "gold",
                "claim_precision_confident": "pred_conf", "claim_recall_confident": "gold",
                **{f"recall_{k}": f"gold_{k}" for k in KINDS}, "speaker_accuracy": "spk_n",
                **{f"speaker_accuracy_{f}": f"spk_n_{f}" for f in FORMS},
                "stance_precision": "st_pred", "stance_recall": "st_gold",
                "stance2_precision": "st2_pred", "stance2_recall": "st2_gold",
                "passes_first_in_second": "agree_first", "passes_second_in_first": "agree_second"}


def bootstrap(per_doc: list[Counter], n: int = N_BOOT, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """95% percentile intervals of every figure over ``n`` resamples of whole documents."""
    rng = np.random.default_rng(seed)
    draws = {k: [] for k in DENOMINATORS}
    for _ in range(n):
        total = Counter()
        for i in rng.integers(0, len(per_doc), len(per_doc)):
            total.update(per_doc[i])
        for k, v in figures(total).items():
            draws[k].append(v)
    out = {}
    for k, v in draws.items():
        v = np.array(v, dtype=float)
        v = v[~np.isnan(v)]
        out[k] = (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))) if len(v) else (float("nan"), float("nan"))
    return out


def show_errors(doc: dict, text: str, errors: list[dict]) -> None:
    """Print one document's errors with a short excerpt (console only, never stored)."""
    for e in errors:
        if e["type"] == "spurious":
            s, t = e["pred"]["spans"][0], e["pred"]["speaker"]
            print(f"  {doc['path']} SPURIOUS [{t}] {text[s[0]:s[1]][:80]!r}")
        else:
            g = e["gold"]
            s = spans_of(g)[0]
            extra = f" -> predicted {e['pred']['speaker']!r}" if e["type"] == "wrong speaker" else ""
            if e["type"] in ("wrong stance", "wrong stance2"):
                extra = f" [{e['pred']['speaker']}] {e['stance']} (gold: {e['want'] or 'none'})"
            print(f"  {doc['path']} {e['type'].upper()} {g['kind']} [{g['speaker']}/{g['speaker_form']}]{extra} "
                  f"{text[s[0]:s[1]][:70]!r}")


def main(argv=None) -> int:
    from utils import paths

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--datasets", type=Path, default=None, help="datasets folder (default utils.paths.datasets_dir())")
    ap.add_argument("--errors", action="store_true", help="print every miss, spurious claim, wrong speaker and wrong stance")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--docs", nargs="+", metavar="TEXT", default=None,
                    help="score only the documents whose path contains one of these strings (for example "
                         "'business/' or a file name); a subset run writes no results unless --out is given")
    ap.add_argument("--sentiment", default="auto", choices=SENTIMENTS,
                    help="the stance stage's sentiment method (a run with another than auto writes no results "
                         "unless --out is given)")
    args = ap.parse_args(argv)
    datasets = args.datasets or paths.datasets_dir()
    docs = load_gold()
    if args.docs:
        docs = [d for d in docs if any(t in d["path"] for t in args.docs)]
        if not docs:
            print(f"no hand-checked document's path contains any of {args.docs}", file=sys.stderr)
            return 2
    second = load_second_pass()
    if not (datasets / docs[0]["path"]).exists():
        print(f"skipped: dataset not found at {datasets}")
        return 0
    from utils.pipeline import annotate_document

    per_doc, folders = [], Counter()
    for doc in docs:
        text = read_text(datasets, doc)
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != doc["sha1"]:
            print(f"sha1 differs, document left out: {doc['path']}", file=sys.stderr)
            continue
        tables = annotate_document(doc["path"], text, {"sentiment": args.sentiment})
        c, errors = score_document(doc, text, tables, second.get(doc["path"]) if second else None)
        per_doc.append(c)
        folders[doc["path"].rsplit("/", 1)[0]] += 1
        if args.errors:
            show_errors(doc, text, errors)
    total = sum(per_doc, Counter())
    point, ci = figures(total), bootstrap(per_doc)
    print(f"\nHand-checked BBC set: {len(per_doc)} documents ({', '.join(f'{k} {v}' for k, v in sorted(folders.items()))}), "
          f"{total['gold']} gold claims, {total['pred']} predicted")
    print(f"{'figure':<30}{'value':>7}  95% interval     n")
    for k in DENOMINATORS:
        if total[DENOMINATORS[k]]:
            print(f"{k:<30}{point[k]:>7.3f}  [{ci[k][0]:.3f}, {ci[k][1]:.3f}]  {total[DENOMINATORS[k]]:>4}")
    result = {"documents": len(per_doc), "folders": dict(sorted(folders.items())),
              "bootstrap": {"resamples": N_BOOT, "seed": SEED},
              "counts": dict(sorted(total.items())),
              "figures": {k: {"value": None if point[k] != point[k] else round(point[k], 4),
                              "ci95": [None if x != x else round(x, 4) for x in ci[k]], "n": total[DENOMINATORS[k]]}
                          for k in DENOMINATORS}}
    result["sentiment"] = args.sentiment
    if args.out == RESULTS and args.sentiment != "auto":
        print(f"not written: --sentiment {args.sentiment} is not the default; give --out to keep these figures")
        return 0
    if args.out == RESULTS and args.docs:
        print("not written: --docs scores a subset; give --out to keep these figures")
        return 0
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    if args.out == RESULTS:  # the default run: the report's methods appendix quotes these figures
        _record(point, ci, total, len(per_doc))
    return 0


#: The figures the methods appendix shows (evaluation/results.json, key ``bbc_handchecked``).
RECORDED = {
    "claim_precision": "claim precision (top level)", "claim_recall": "claim recall",
    "claim_precision_confident": "claim precision, confidence >= 0.8",
    "claim_recall_confident": "claim recall, confidence >= 0.8",
    "recall_direct": "direct quotes found", "recall_indirect": "reported speech found",
    "speaker_accuracy": "resolved speaker right (matched claims)",
    "speaker_accuracy_name": "resolved speaker right, speaker named",
    "speaker_accuracy_pronoun": "resolved speaker right, speaker a pronoun",
    "speaker_accuracy_description": "resolved speaker right, speaker a description",
    "stance_precision": "favour/against rows right", "stance_recall": "annotated stances found",
    "stance2_precision": "favour/against rows right (second stance pass)",
    "stance2_recall": "stances of the second pass found",
}


def _record(point: dict, ci: dict, total: Counter, n_docs: int) -> None:
    from evaluation.results import record

    metrics = [{"metric": label, "value": point[k], "n": total[DENOMINATORS[k]],
                "interval_95": [round(x, 4) for x in ci[k]]}
               for k, label in RECORDED.items() if total[DENOMINATORS[k]] and point[k] == point[k]]
    record("bbc_handchecked", annotation="claims, speakers and stances (resolved names)",
           command="python -m evaluation.handchecked", metrics=metrics,
           notes=f"{n_docs} BBC articles read by hand (evaluation/handchecked/README.md); "
                 "intervals from resampling whole documents")


if __name__ == "__main__":
    sys.exit(main())
