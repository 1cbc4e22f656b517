"""The cue lexicon: ``data/cues.csv`` (verbs and phrases that attribute: *said*, *believes*,
*according to*) and ``data/claims_nouns.csv`` (noun cues), loaded, validated and cached.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from utils.datafiles import data_records
from utils import paths


CUE_TYPES = ("speech", "belief", "report", "evaluation", "intention")

# ---------------------------------------------------------------------------
# Cue lexicon
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """One surface form of a cue (possibly several words)."""

    form: tuple[str, ...]
    lemma: str
    type: str
    object: bool

    @property
    def participle(self) -> bool:
        return self.form[0].endswith("ing")


@dataclass(frozen=True)
class CueLexicon:
    """Cue forms indexed by their first (lower-cased) word, longest first."""

    by_first: dict = field(default_factory=dict)

    def match(self, words: list[str], i: int) -> Cue | None:
        """The longest cue starting at word ``i`` of ``words`` (lower-cased)."""
        cands = self.by_first.get(words[i])
        if not cands:
            return None
        for cue in cands:
            n = len(cue.form)
            if n == 1 or tuple(words[i : i + n]) == cue.form:
                return cue
        return None


class CueFileError(ValueError):
    """Raised when the cue file is malformed (names file, line and field)."""


def load_cues(path: str | Path | None = None) -> CueLexicon:
    """Read and validate a cue lexicon CSV (default ``data/cues.csv``).

    Args:
        path: CSV with columns ``lemma,forms,type,object``; ``#`` lines are comments.

    Returns:
        A :class:`CueLexicon`.

    Raises:
        CueFileError: naming the file, line and field of the first problem.
    """
    path = Path(path) if path else paths.DATA / "cues.csv"
    return _load_cues_cached(str(path))


@lru_cache(maxsize=8)
def _load_cues_cached(path: str) -> CueLexicon:
    by_first: dict[str, list[Cue]] = {}
    for n, rec in data_records(path, ["lemma", "forms", "type", "object"], error=CueFileError, exact=True):
        lemma, forms, typ, obj = rec["lemma"], rec["forms"], rec["type"], rec["object"]
        if not lemma:
            raise CueFileError(f"{path}, line {n}, field 'lemma': empty")
        if typ not in CUE_TYPES:
            raise CueFileError(f"{path}, line {n}, field 'type': {typ!r} not in {CUE_TYPES}")
        if obj not in ("yes", "no"):
            raise CueFileError(f"{path}, line {n}, field 'object': {obj!r} must be yes or no")
        for form in forms.split("|"):
            words = tuple(form.lower().split())
            if not words or any(not re.fullmatch(r"\w+", w) for w in words):
                raise CueFileError(f"{path}, line {n}, field 'forms': bad form {form!r}")
            by_first.setdefault(words[0], []).append(Cue(words, lemma, typ, obj == "yes"))
    for k in by_first:
        by_first[k].sort(key=lambda c: -len(c.form))
    return CueLexicon(by_first)


def load_noun_cues(path: str | Path | None = None) -> dict[str, str]:
    """Read the noun cues (``data/claims_nouns.csv``: noun, type) as {noun: type}.

    Raises:
        CueFileError: naming the file, line and field of the first problem.
    """
    path = Path(path) if path else paths.DATA / "claims_nouns.csv"
    return dict(_load_nouns_cached(str(path)))


@lru_cache(maxsize=4)
def _load_nouns_cached(path: str) -> tuple[tuple[str, str], ...]:
    out = []
    for n, rec in data_records(path, ["noun", "type"], error=CueFileError, exact=True):
        row = [rec["noun"], rec["type"]]
        if not re.fullmatch(r"[a-z]+", row[0]):
            raise CueFileError(f"{path}, line {n}, field 'noun': {row[0]!r} is not one lower-case word")
        if row[1] not in CUE_TYPES:
            raise CueFileError(f"{path}, line {n}, field 'type': {row[1]!r} not in {CUE_TYPES}")
        out.append((row[0], row[1]))
    return tuple(out)
