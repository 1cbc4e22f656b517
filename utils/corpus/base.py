"""Shared pieces of the corpus loader: the error, the result pair and the report row."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

META_COLUMNS = ["title", "source", "date", "url", "author"]
#: Documents longer than this (characters) are skipped with a reason; raise it
#: with ``max_chars=`` if your corpus really holds such documents.
DEFAULT_MAX_CHARS = 20_000_000
_WORD = re.compile(r"\w+")


class CorpusError(ValueError):
    """Nothing can be loaded (missing input, unreadable format): the message
    names the file and, where it helps, the line and field."""


class LoadResult(NamedTuple):
    documents: pd.DataFrame
    report: pd.DataFrame


@dataclass
class _Issue:
    source_file: str
    line: int | None
    doc_id: str
    action: str  # skipped | repaired | flagged | warning
    reason: str
