"""Claim precision and resolved speakers on 119 unseen BBC articles whose found claims were judged by hand.

``evaluation/claims_judged/judged.jsonl`` holds every top-level claim the rules found
(2026-12-07, commit dc52b88, claim filter off) in 119 BBC articles outside the hand-checked
set and the judged stance set, each judged a claim or not (with why not) and, when a claim,
given its real speaker's canonical name (README beside it). The texts are not stored: a row
names its file, the file's SHA-1 and the offsets.

The pipeline runs on those articles again; its top-level claims are matched one-to-one to the
judged rows by shared ``\\w+`` tokens of the content (as ``evaluation/handchecked.py``
matches gold), and:

- *claim precision (judged)*: the share of the matched claims judged a claim (a row judged a
  repeat of an earlier one, ``dup_of``, counts as no claim: the analyst sees it twice);
- *claims kept*: the share of the rows judged a claim that are still given (the rules'
  recall is measured by the hand-checked set; this is what a filter costs);
- *speaker right*: over matched claims judged a claim, the resolved ``speaker`` equals the
  judged name or an alias (case and spaces ignored, both read through the actor registry's
  aliases: "Tories" is "Conservative Party"), overall and by how the speaker is
  referred to at the cue (name, pronoun, description, title, none);
- *unjudged*: claims given now that match no judged row (a change made them); in no figure.

The documents fall in two fixed halves (:func:`evaluation.judged_stances.judged_half`):
``python -m evaluation.train_claim_filter`` trains on the rows of the ``train`` half; the
*held-out half* figures, on the other, stay a fair measure of the filter. 95% intervals from
2,000 bootstrap resamples of whole documents (seed 2026).

    python -m evaluation.judged_claims [--datasets DIR] [--no-record] [--errors]
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from evaluation.handchecked import count_speaker, match, name_keys, norm, predicted_claims, tokens
from evaluation.judged_stances import annotated_judged, bootstrap, judged_half, read_rows
from utils import paths

JUDGED = Path(__file__).resolve().parent / "claims_judged" / "judged.jsonl"
FIELDS = ("path", "sha1", "content_start", "content_end", "parts", "claim", "speaker", "speaker_form")
FORMS = ("name", "pronoun", "description", "title", "none")


def _check_claim(r: dict) -> None:
    if r["claim"] not in ("yes", "no"):
        raise ValueError(f"claim {r['claim']!r} is not yes/no")
    if r["claim"] == "yes" and not str(r["speaker"]).strip():
        raise ValueError("a claim without a speaker")


def load_judged(path: Path = JUDGED) -> list[dict]:
    """The judged rows (ValueError naming the file and line of a malformed one)."""
    return read_rows(path, FIELDS, _check_claim)


def is_claim(row: dict) -> bool:
    """Judged a claim, and not a repeat of an earlier row."""
    return row["claim"] == "yes" and not row.get("dup_of")


def _canonical(name) -> str:
    """A name as the project's actor registry (``data/actors.csv``) names it, normalised: the
    readers did not know its canonical names, so "Tories" and "Conservative Party", "Ken Clarke"
    and "Kenneth Clarke" are one speaker."""
    from utils.actors.registry import load_registry

    rec = load_registry().get(str(name).strip()) if isinstance(name, str) else None
    return norm(rec["name"] if rec else name)


def speaker_right(row: dict, predicted) -> bool:
    """The resolved speaker is the judged name or one of its aliases (registry names shared)."""
    names = {_canonical(row["speaker"])} | {_canonical(a) for a in row.get("aliases", [])}
    return _canonical(predicted) in names or bool(names & name_keys(predicted))


def score_document(text: str, claims, rows: list[dict]) -> tuple[Counter, list[dict]]:
    """Counts of one document and its errors (a given claim judged no claim, a wrong speaker)."""
    pred = predicted_claims(claims)
    pairs = match([tokens(text, [tuple(p) for p in r["parts"]]) for r in rows], [tokens(text, p["spans"]) for p in pred])
    c = Counter(judged=len(rows), judged_claims=sum(is_claim(r) for r in rows), given=len(pred))
    errors = []
    for i, j in pairs:
        r, p = rows[i], pred[j]
        c["matched"] += 1
        if not is_claim(r):
            c[f"no_{r['why'] or 'repeat'}"] += 1
            errors.append({"type": "not a claim", "row": r, "pred": p})
            continue
        c["matched_claims"] += 1
        ok = speaker_right(r, p["speaker"])
        count_speaker(c, r.get("speaker_form") or "none", ok)
        if not ok:
            errors.append({"type": "wrong speaker", "row": r, "pred": p})
    c["unjudged"] = len(pred) - len(pairs)
    return c, errors


def _show(path: str, text: str, errors: list[dict]) -> None:
    for e in errors:
        r, p = e["row"], e["pred"]
        s, t = r["content_start"], r["content_end"]
        what = f"not a claim ({r['why'] or 'repeat'})" if e["type"] == "not a claim" else \
            f"WRONG SPEAKER {p['speaker']!r} (judged {r['speaker']!r}, {r['speaker_form']})"
        print(f"  {path} {r['kind']:<8} {what}  cue {r.get('cue', '')!r}  {' '.join(text[s:t].split())[:80]!r}")


def _line(label: str, per_doc: list[Counter], num: str, den: str) -> tuple[float, list[float], int]:
    t = sum(per_doc, Counter())
    v = t[num] / t[den] if t[den] else float("nan")
    ci = [round(x, 4) for x in bootstrap(per_doc, num, den)] if t[den] else [float("nan")] * 2
    print(f"{label:<44}{v:>7.3f}  [{ci[0]:.3f}, {ci[1]:.3f}]  n={t[den]}")
    return v, ci, t[den]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--datasets", type=Path, default=None, help="datasets folder (default utils.paths.datasets_dir())")
    ap.add_argument("--no-record", dest="record", action="store_false",
                    help="do not store the figures in evaluation/results.json")
    ap.add_argument("--errors", action="store_true", help="print every given non-claim and wrong speaker")
    args = ap.parse_args(argv)
    datasets = args.datasets or paths.datasets_dir()
    judged = load_judged()
    if not (datasets / judged[0]["path"]).exists():
        print(f"skipped: dataset not found at {datasets}")
        return 0
    per_doc, held = [], []
    for path, text, rows, tables in annotated_judged(judged, datasets):
        c, errors = score_document(text, tables["claims"], rows)
        per_doc.append(c)
        if judged_half(path) == "eval":
            held.append(c)
        if args.errors:
            _show(path, text, errors)
    t = sum(per_doc, Counter())
    print(f"Judged claims: {len(per_doc)} documents, {t['judged']} judged rows ({t['judged_claims']} claims; "
          f"precision when judged, claim filter off: {t['judged_claims'] / t['judged']:.3f})")
    figs = {"precision": _line("claim precision (judged claims given)", per_doc, "matched_claims", "matched"),
            "kept": _line("claims kept (of those judged claims)", per_doc, "matched_claims", "judged_claims"),
            "held_precision": _line(f"held-out half ({len(held)} documents): precision", held, "matched_claims", "matched"),
            "held_kept": _line("held-out half: claims kept", held, "matched_claims", "judged_claims"),
            "speaker": _line("speaker right (matched claims)", per_doc, "spk_ok", "spk_n")}
    for form in FORMS:
        if t[f"spk_n_{form}"]:
            figs[f"speaker_{form}"] = _line(f"... speaker a {form}" if form != "none" else "... no speaker mention",
                                            per_doc, f"spk_ok_{form}", f"spk_n_{form}")
    print(f"claims given now that match no judged row: {t['unjudged']}")
    nos = sorted(((k[3:], v) for k, v in t.items() if k.startswith("no_")), key=lambda kv: -kv[1])
    print("non-claims still given, by why: " + ", ".join(f"{k} {v}" for k, v in nos))
    if args.record:
        _record(figs, t, len(per_doc))
        print("recorded in evaluation/results.json")
    return 0


_RECORDED = {"held_precision": ("claim precision, held-out half (never trained on)", 0.92),
             "held_kept": ("claims kept, held-out half", None),
             "precision": ("claim precision (judged claims given)", 0.92),
             "kept": ("judged claims still given", None),
             "speaker": ("resolved speaker right (claims judged and given)", 0.92),
             "speaker_name": ("resolved speaker right, speaker named", None),
             "speaker_pronoun": ("resolved speaker right, speaker a pronoun", None),
             "speaker_description": ("resolved speaker right, speaker a description", None)}


def _record(figs: dict, t: Counter, n_docs: int) -> None:
    from evaluation.results import record

    metrics = []
    for key, (label, target) in _RECORDED.items():
        if key not in figs:
            continue
        v, ci, n = figs[key]
        m = {"metric": label, "value": v, "n": n, "interval_95": ci}
        if target is not None:
            m["target"] = target
        metrics.append(m)
    record("bbc_judged_claims", annotation="found claims judged claim or not, with the real speaker",
           command="python -m evaluation.judged_claims", metrics=metrics,
           notes=f"{n_docs} BBC articles outside the hand-checked and judged-stance sets "
                 f"(evaluation/claims_judged/README.md); {t['unjudged']} claims given now match no judged row "
                 "(in no figure); intervals from resampling whole documents")


if __name__ == "__main__":
    raise SystemExit(main())
