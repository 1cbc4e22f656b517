"""Record measured figures in ``evaluation/results.json`` (read by the report).

Each evaluation script calls :func:`record` after a run with its default
settings, so the methods appendix of every report quotes the figures last
measured, with the date and the command. The file is rewritten atomically.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def record(key: str, *, annotation: str, metrics: list[dict], command: str, notes: str = "",
           path: Path = RESULTS, merge: bool = False) -> None:
    """Store one benchmark's figures under ``key``.

    Args:
        key: the dataset key (``conll2003``, ``polnear``, ``newsmtsc``, ``semeval2023_frames``).
        annotation: what was measured (``actors``, ``claims`` ...).
        metrics: dicts with ``metric``, ``value`` and optionally ``target`` and ``n``.
        command: the command that reproduces the figures.
        merge: keep earlier metrics of ``key`` that this run did not measure
            (an optional method that is not installed here, say).
    """
    from utils.tables import atomic_path

    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if merge and key in data:
        fresh = {m["metric"] for m in metrics}
        metrics = [m for m in data[key].get("metrics", []) if m["metric"] not in fresh] + list(metrics)
    data[key] = {
        "annotation": annotation,
        "date": dt.date.today().isoformat(),
        "command": command,
        "python": sys.version.split()[0],
        "notes": notes,
        "metrics": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items()} for m in metrics],
    }
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
