"""How well ``utils.report.summary.speaker_genders`` infers the gender of person speakers, on
the hand-checked BBC set: the person speakers of ``handchecked/attributions.jsonl``
whose gender was written down by hand (``handchecked/speaker_genders.csv``).

Each gold speaker counts once per article where they speak. The article is annotated
by the pipeline (registry, titles, first names, resolved pronouns, as in report 08);
the speaker's actor is the one of that article with the same name (case and spacing
aside), else one whose name ends with the gold surname. Reports n, how many the
inference decided (m or f, not unknown), how many of those are right, and the
evidence used. Needs the BBC texts (``$WSW_DATASETS`` or ``../shared/datasets``).

    python -m evaluation.handchecked_gender [--errors]
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent / "handchecked"
GOLD_GENDERS = HERE / "speaker_genders.csv"


def load_gold_genders(path: Path = GOLD_GENDERS) -> dict[str, str]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return {r["name"]: r["gender"] for r in csv.DictReader(lines)}


def score(datasets: Path, *, errors: bool = False) -> dict:
    import pandas as pd

    from evaluation.handchecked import load_gold, norm, read_text
    from utils import actors as act
    from utils.report import summary
    from utils.pipeline import annotate_document

    gold_gender = {norm(k): v for k, v in load_gold_genders().items()}
    rows = []
    for doc in load_gold():
        speakers = {a["speaker"] for a in doc["attributions"]
                    if a.get("speaker_type") == "person" and norm(a["speaker"]) in gold_gender}
        if not speakers or not (datasets / doc["path"]).exists():
            continue
        text = read_text(datasets, doc)
        tables = annotate_document(doc["path"], text)
        mentions = tables["mentions"]
        actors = act.build_actors(mentions) if len(mentions) else act.empty_actors()
        g = summary.speaker_genders(actors, mentions)
        by_name = {norm(n): (gg, ev) for n, gg, ev in zip(g["name"], g["gender"], g["evidence"])}
        for sp in sorted(speakers):
            hit = by_name.get(norm(sp))
            if hit is None:  # the actor found under a shorter or longer form of the name
                last = norm(sp).split()[-1]
                cands = [v for k, v in by_name.items() if k.split() and k.split()[-1] == last]
                hit = cands[0] if len(cands) == 1 else None
            pred, ev = hit if hit else ("not found", "not found")
            rows.append({"path": doc["path"], "speaker": sp, "gold": gold_gender[norm(sp)], "pred": pred, "evidence": ev})
    df = pd.DataFrame(rows)
    decided = df[df["pred"].isin(["m", "f"])]
    right = int((decided["pred"] == decided["gold"]).sum())
    out = {"n": len(df), "people": int(df["speaker"].nunique()), "decided": len(decided), "right": right,
           "accuracy_decided": round(right / len(decided), 3) if len(decided) else None,
           "accuracy_all": round(right / len(df), 3) if len(df) else None,
           "unknown": int((df["pred"] == "unknown").sum()), "not_found": int((df["pred"] == "not found").sum()),
           "evidence": dict(Counter(df["evidence"])), "gold_f": int((df["gold"] == "f").sum())}
    if errors:
        print(df[df["pred"] != df["gold"]].to_string(index=False), file=sys.stderr)
    return out


def main(argv=None) -> int:
    from utils import paths

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list every speaker not inferred right")
    args = ap.parse_args(argv)
    print(json.dumps(score(paths.datasets_dir(), errors=args.errors), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
