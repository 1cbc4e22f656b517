"""Offices with dates (``data/offices.csv``): "the chancellor" on a date -> its holder."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from utils import paths
from utils.actors.doc import _DETERMINERS
from utils.actors.registry import (
    OFFICES_PATH,
    REGISTRY_PATH,
    Registry,
    RegistryError,
    _checked_table,
    _load_registry_cached,
    _read_commented_csv,
    _split_aliases,
)
from utils.actors.tagger import _POSSESSIVE

OFFICE_COLUMNS = ("office", "aliases", "holder", "party", "start", "end", "country", "source")
#: Dates of data/offices.csv must lie in this range, and every term must still run on or after
#: PERIOD_START (the registry covers national office holders since 1997).
DATE_MIN, DATE_MAX, PERIOD_START = "1979-01-01", "2026-12-31", "1997-01-01"
#: Country words of a role phrase ("Britain's prime minister", "the US president"): a phrase
#: that only matches an office without them must name that office's country.
_COUNTRY_WORDS = {
    "UK": frozenset("uk u.k. britain british great united kingdom".split()),
    "US": frozenset("us u.s. usa america american united states".split()),
}
_ANY_COUNTRY = frozenset().union(*_COUNTRY_WORDS.values())
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def office_key(text: str) -> str:
    """A role phrase as compared with office aliases: lower case, without determiners,
    possessives and "of"/"the" ("Britain's Prime Minister" -> "britain prime minister")."""
    words = [_POSSESSIVE.sub("", w).lower() for w in re.findall(r"[\w.'’-]+", text)]
    return " ".join(w if w in ("u.k.", "u.s.") else w.strip(".") for w in words
                    if w and w not in _DETERMINERS and w not in ("of", "the"))


def _split_country(key: str) -> tuple[str, frozenset]:
    words = key.split()
    return " ".join(w for w in words if w not in _ANY_COUNTRY), frozenset(w for w in words if w in _ANY_COUNTRY)


def _country_fits(words: frozenset, country: str) -> bool:
    return bool(words) and words <= _COUNTRY_WORDS.get(country, frozenset())


@dataclass(frozen=True)
class OfficeTerm:
    """One person's term in one office (a row of data/offices.csv)."""

    office: str
    keys: frozenset  # office_key of the office name and of every alias
    dated_keys: frozenset  # the keys that may be resolved by date alone (no "*")
    holder: str
    party: str
    start: str  # YYYY-MM-DD
    end: str  # YYYY-MM-DD, or "" while in office
    country: str

    def active(self, date: str) -> bool:
        return self.start <= date < (self.end or "9999-12-31")

    def overlaps(self, other: "OfficeTerm") -> bool:
        return self.start < (other.end or "9999-12-31") and other.start < (self.end or "9999-12-31")


@dataclass
class Offices:
    """Office terms, indexed by holder and by role phrase (see :func:`load_offices`)."""

    terms: list
    path: str = ""
    by_holder: dict = field(default_factory=dict)  # holder -> [OfficeTerm]
    by_key: dict = field(default_factory=dict)  # office_key -> [OfficeTerm]

    def of(self, holder: str, date: str = "") -> list:
        """The terms of ``holder`` (only those running on ``date`` when one is given)."""
        return [t for t in self.by_holder.get(holder, ()) if not date or t.active(date)]

    def matching(self, phrase: str, *, dated: bool = False) -> list:
        """The terms whose office a role phrase names ("the chancellor"; "the US president"
        names the US office "president"). ``dated``: only the aliases that may be resolved
        by date alone (an alias ending in "*" may when the phrase names the country)."""
        key = office_key(phrase)
        out = [t for t in self.by_key.get(key, ()) if not dated or key in t.dated_keys]
        if out:
            return out
        bare, country = _split_country(key)
        return [t for t in self.by_key.get(bare, ()) if _country_fits(country, t.country)]

    def holder_on(self, phrase: str, date: str) -> str:
        """The one person holding the office ``phrase`` names on ``date`` ("" when none,
        several, or the phrase is one of the office's "*" aliases without its country)."""
        holders = {t.holder for t in self.matching(phrase, dated=True) if t.active(date)}
        return next(iter(holders)) if len(holders) == 1 else ""


def _valid_date(value: str, where: str, fld: str) -> str:
    import datetime as _dt

    if not _ISO_DATE.match(value):
        raise RegistryError(f"{where}, field {fld!r}: {value!r} is not a date (YYYY-MM-DD)")
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        raise RegistryError(f"{where}, field {fld!r}: {value!r} is not a real date") from None
    if not DATE_MIN <= value <= DATE_MAX:
        raise RegistryError(f"{where}, field {fld!r}: {value} is outside {DATE_MIN} to {DATE_MAX}")
    return value


def offices_from_frame(df: pd.DataFrame, *, source: str = "<DataFrame>", lines: list[int] | None = None,
                       registry: "Registry | None" = None) -> Offices:
    """Validate an offices table (columns ``OFFICE_COLUMNS``) and index it.

    Checked for every row: office, holder, start, country and source are given; dates are
    real YYYY-MM-DD dates between ``DATE_MIN`` and ``DATE_MAX``; start is before end; the
    term runs on or after ``PERIOD_START``; with ``registry``, the holder is a person in it.

    Raises:
        RegistryError: naming file, line and field of the first problem.
    """
    df, lines = _checked_table(df, OFFICE_COLUMNS, source, lines)
    out = Offices(terms=[], path=source)
    for (_, row), line in zip(df.iterrows(), lines):
        where = f"{source}, line {line}"
        rec = {k: str(v).strip() for k, v in row.items()}
        for fld in ("office", "holder", "start", "country", "source"):
            if not rec[fld]:
                raise RegistryError(f"{where}, field {fld!r}: empty")
        start = _valid_date(rec["start"], where, "start")
        end = _valid_date(rec["end"], where, "end") if rec["end"] else ""
        if end and end <= start:
            raise RegistryError(f"{where}, field 'end': {end} is not after start {start}")
        if end and end < PERIOD_START:
            raise RegistryError(f"{where}, field 'end': {end} ends before {PERIOD_START} (outside the registry's period)")
        if registry is not None:
            prec = registry.get(rec["holder"])
            if prec is None or prec["type"] != "person":
                raise RegistryError(f"{where}, field 'holder': {rec['holder']!r} is not a person in {registry.path}")
            rec["holder"] = prec["name"]
        aliases = _split_aliases(rec["aliases"])
        keys = {office_key(rec["office"])} | {office_key(a.rstrip("*")) for a in aliases}
        starred = {office_key(a.rstrip("*")) for a in aliases if a.endswith("*")}
        dated = ({office_key(rec["office"])} | {office_key(a) for a in aliases if not a.endswith("*")}) - starred
        term = OfficeTerm(rec["office"], frozenset(k for k in keys if k), frozenset(k for k in dated if k),
                          rec["holder"], rec["party"], start, end, rec["country"])
        for other in out.by_holder.get(term.holder, ()):
            if other.office == term.office and other.overlaps(term):
                raise RegistryError(f"{where}, field 'start': overlaps {term.holder}'s other term as {term.office}")
        out.terms.append(term)
        out.by_holder.setdefault(term.holder, []).append(term)
        for k in term.keys:
            out.by_key.setdefault(k, []).append(term)
    return out


@lru_cache(maxsize=8)
def _load_offices_cached(path: str, mtime: float, registry_path: str, registry_mtime: float) -> Offices:
    df, lines = _read_commented_csv(Path(path))
    reg = _load_registry_cached(registry_path, registry_mtime) if registry_path else None
    return offices_from_frame(df, source=path, lines=lines, registry=reg)


def load_offices(path: str | Path | None = None, *, registry: str | Path | None = None) -> Offices:
    """Read and validate the offices table (default ``data/offices.csv``), cached; every
    holder must be a person of the registry (default ``data/actors.csv``).

    Raises:
        RegistryError: with file, line and field of the first problem.
    """
    p = paths.require_file(Path(path) if path else OFFICES_PATH, "offices table",
                           "restore data/offices.csv from the repository, or pass the path of your offices table")
    r = paths.require_file(Path(registry) if registry else REGISTRY_PATH, "actor registry",
                           "restore data/actors.csv from the repository")
    return _load_offices_cached(str(p), p.stat().st_mtime, str(r), r.stat().st_mtime)


def _as_offices(offices) -> Offices:
    if offices is None:
        return load_offices()
    if isinstance(offices, Offices):
        return offices
    if isinstance(offices, pd.DataFrame):
        return offices_from_frame(offices)
    return load_offices(offices)
