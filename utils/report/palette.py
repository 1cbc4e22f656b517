"""One palette for every chart: each party has one colour, everywhere.

Bars, heatmaps and both networks ask this module for a party's colour, so Labour is
the same red in notebook 02 and in report 08's network. Colours come from
``data/parties.csv`` (party, colour, aliases), which analysts edit; an unknown or
unlisted party is grey.

    >>> party_colour("Labour"), party_colour("lib dem"), party_colour(None), party_colour("Pirate")
    ('#E4003B', '#FAA61A', '#999999', '#999999')
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from utils.datafiles import data_records
from utils import paths

UNKNOWN = "#999999"
#: Stance polarity, in every chart and table of stances (Okabe-Ito blue and vermilion).
POLARITY_COLOURS = {"favour": "#0072B2", "neutral": "#BBBBBB", "against": "#D55E00"}
#: Background of the roles of a claim in highlighted text (review sheet, notebook 03's article).
HIGHLIGHT_COLOURS = {"speaker": "#cfe2ff", "cue": "#ffe8a3", "content": "#d7f5dd"}
PARTIES_PATH = paths.DATA / "parties.csv"
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


class PaletteError(ValueError):
    """A malformed ``data/parties.csv`` (names the file, line and field)."""


def _key(name) -> str:
    return " ".join(str(name).split()).casefold() if name is not None and name == name else ""


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict[str, tuple[str, str]]:
    """key -> (canonical party, colour) for every party and alias."""
    out: dict[str, tuple[str, str]] = {}
    for lineno, rec in data_records(path, ["party", "colour"], error=PaletteError, short_rows=True):
        party, colour = rec.get("party", ""), rec.get("colour", "")
        if not party:
            raise PaletteError(f"{path}, line {lineno}, field 'party': empty")
        if not _HEX.fullmatch(colour):
            raise PaletteError(f"{path}, line {lineno}, field 'colour': {colour!r} is not #RRGGBB")
        for name in [party] + [a for a in rec.get("aliases", "").split(";") if a.strip()]:
            out[_key(name)] = (party, colour.upper())
    return out


def parties(path: str | Path | None = None) -> dict[str, tuple[str, str]]:
    """The party table: lower-case name or alias -> (canonical party, colour)."""
    p = paths.require_file(path or PARTIES_PATH, "party colours (data/parties.csv)")
    return _load(str(p), p.stat().st_mtime)


def party_of(name, *, path: str | Path | None = None) -> str | None:
    """The canonical party of ``name`` (a party's name or alias, any case), or None.

    >>> party_of("Tories"), party_of("Conservative Party"), party_of("Acme")
    ('Conservative', 'Conservative', None)
    """
    hit = parties(path).get(_key(name))
    return hit[0] if hit else None


def party_colour(party, *, path: str | Path | None = None) -> str:
    """The colour of ``party`` (name or alias, any case); grey when unknown."""
    return parties(path).get(_key(party), ("", UNKNOWN))[1]


def party_palette(names, *, path: str | Path | None = None) -> dict:
    """``{name: colour}`` for every name (as given), for seaborn's ``palette``."""
    return {n: party_colour(n, path=path) for n in names}
