"""An invented corpus with outlets and dates, for the tests of report 08's outlet,
time and gender sections (no real article text: every sentence is made up)."""
from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ("Daily Courier", "Evening Star", "The Northern Post")

PARAGRAPHS = [
    'Conservative health minister Sara Lind said the hospital would stay open. "Nobody will lose their local hospital," '
    'Ms Lind told reporters.',
    'Labour leader Tom Reed warned that the cost of the plan would double. "We will not sign a blank '
    'cheque for this government," Mr Reed said.',
    'Liberal Democrat councillor Jane Porter said the new bypass would "cut journeys in half" and bring jobs to the town.',
    'Mayor Olu Banks said the council had done nothing wrong. "We followed every rule," he said.',
    'The Nurses Union said the waiting lists were the worst it had seen and criticised the minister.',
    '"The figures do not add up," said Dame Helen Mirth, who chairs the budget committee. She said taxes '
    'would have to rise.',
    'Police chief Sir Alan Grove said crime in the town centre had fallen. "Our officers are on the '
    'streets," he said.',
    'Local resident Priya Shah said families could not afford the new parking charges. "It is a disgrace," '
    'she said.',
    'Tom Reed accused Sara Lind of misleading voters about the budget before the election.',
    'Sara Lind rejected the claim. "The budget is balanced and the economy is growing," she said.',
    'Campaigners said the closure would hurt elderly patients, and the Chamber of Commerce said business '
    'rates were too high.',
]


def write_outlet_corpus(folder: Path, *, n: int = 24, seed: int = 7, start: date = date(2015, 6, 3),
                        step_days: int = 3) -> Path:
    """``n`` invented articles in ``folder`` (``.txt`` files and ``metadata.csv`` with
    doc_id, title, source, date): three outlets, one article every ``step_days`` days
    from ``start`` (24 articles: 3 June to 11 August 2015)."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = [("doc_id", "title", "source", "date")]
    for i in range(n):
        doc_id = f"art{i:02d}"
        paras = rng.sample(PARAGRAPHS, 3)
        (folder / f"{doc_id}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        rows.append((doc_id, f"Town story {i}", OUTLETS[i % 3], (start + timedelta(days=step_days * i)).isoformat()))
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return folder


if __name__ == "__main__":
    import sys

    print(write_outlet_corpus(Path(sys.argv[1])))
