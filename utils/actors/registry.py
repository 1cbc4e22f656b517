"""The analyst's actor registry (``data/actors.csv``), indexed for matching, and the shared
loader of checked data tables (commented CSV files: file, line and field in every error)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from utils.datafiles import data_header, data_records
from utils import paths

REGISTRY_PATH = paths.DATA / "actors.csv"
LEXICON_PATH = paths.DATA / "actor_lexicon" / "lexicon.yaml"
OFFICES_PATH = paths.DATA / "offices.csv"
TYPES = ("person", "organisation", "group", "place", "role", "other")
#: The values of the mentions table's ``kind`` column.
MENTION_KINDS = ("name", "description", "pronoun", "group")
REGISTRY_COLUMNS = ("name", "aliases", "type", "party", "role")


class RegistryError(ValueError):
    """A problem in the actor registry or lexicon, naming file, line and field."""


@dataclass
class Registry:
    """The analyst's actor registry, indexed for matching.

    Attributes:
        table: one row per actor (name, aliases, type, party, role, extra columns).
        path: where it was read from (for messages).
    """

    table: pd.DataFrame
    path: str = ""
    by_name: dict = field(default_factory=dict)  # canonical -> row dict
    alias: dict = field(default_factory=dict)  # alias or name -> canonical
    first_token: dict = field(default_factory=dict)  # token -> [(alias tokens, canonical)]
    surnames: dict = field(default_factory=dict)  # last word of a person's name -> [canonical]

    @property
    def extra_columns(self) -> list[str]:
        return [c for c in self.table.columns if c not in REGISTRY_COLUMNS]

    def get(self, name: str) -> dict | None:
        """The registry row of canonical ``name`` (or of one of its aliases)."""
        canon = self.alias.get(name)
        return self.by_name.get(canon) if canon else None


def _split_aliases(value: str) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


def _alias_tokens(alias: str) -> tuple[str, ...]:
    from utils.text import token_spans

    return tuple(alias[s:e] for s, e in token_spans(alias))


def _checked_table(df: pd.DataFrame, columns, source: str, lines: list[int] | None) -> tuple[pd.DataFrame, list[int]]:
    """A data table as strings with the file line of each row (default: row number + 2,
    after the header); a missing column is a ``RegistryError`` naming file, line and field."""
    df = df.fillna("").astype(str)
    lines = lines or [i + 2 for i in range(len(df))]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise RegistryError(f"{source}, line {lines[0] - 1 if lines else 1}, field {missing[0]!r}: missing column")
    return df, lines


def registry_from_frame(df: pd.DataFrame, *, source: str = "<DataFrame>", lines: list[int] | None = None) -> Registry:
    """Validate a registry table and index it.

    Args:
        df: columns name, aliases, type, party, role (+ any extra columns).
        source: file name used in error messages.
        lines: the file line of each row (default: row number + 2).

    Raises:
        RegistryError: naming file, line and field of the first problem.
    """
    df, lines = _checked_table(df, REGISTRY_COLUMNS, source, lines)
    reg = Registry(table=df.reset_index(drop=True), path=source)
    for (_, row), line in zip(df.iterrows(), lines):
        where = f"{source}, line {line}"
        name = row["name"].strip()
        if not name:
            raise RegistryError(f"{where}, field 'name': empty canonical name")
        if row["type"].strip() not in TYPES:
            raise RegistryError(f"{where}, field 'type': {row['type']!r} is not one of {', '.join(TYPES)}")
        if "gender" in df.columns and row["gender"].strip() not in ("", "m", "f"):
            raise RegistryError(f"{where}, field 'gender': {row['gender']!r} should be m, f or empty")
        if name in reg.by_name:
            raise RegistryError(f"{where}, field 'name': duplicate canonical name {name!r}")
        rec = {k: str(v).strip() for k, v in row.items()}
        rec["name"] = name
        reg.by_name[name] = rec
        for alias, fld in [(name, "name")] + [(a, "aliases") for a in _split_aliases(row["aliases"])]:
            other = reg.alias.get(alias)
            if other is not None and other != name:
                raise RegistryError(f"{where}, field {fld!r}: {alias!r} already names {other!r}")
            reg.alias[alias] = name
    for alias, canon in reg.alias.items():
        toks = _alias_tokens(alias)
        if not toks:
            continue
        for key, tt in ((toks[0], toks), (toks[0].upper(), tuple(t.upper() for t in toks))):
            lst = reg.first_token.setdefault(key, [])
            if (tt, canon) not in lst:
                lst.append((tt, canon))
    for lst in reg.first_token.values():
        lst.sort(key=lambda x: -len(x[0]))
    for canon, rec in reg.by_name.items():
        words = canon.split()
        if rec["type"] == "person" and len(words) > 1:
            reg.surnames.setdefault(words[-1], []).append(canon)
    return reg


def _read_commented_csv(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """A registry-style data file (``utils.datafiles``) as a table of strings and the file
    line of each row; the columns are checked by the caller (``_checked_table``)."""
    records = data_records(path, [], error=RegistryError)
    header = data_header(path, error=RegistryError)
    return pd.DataFrame([rec for _, rec in records], columns=header), [n for n, _ in records]


@lru_cache(maxsize=8)
def _load_registry_cached(path: str, mtime: float) -> Registry:
    df, lines = _read_commented_csv(Path(path))
    return registry_from_frame(df, source=path, lines=lines)


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and validate the actor registry (default ``data/actors.csv``), cached.

    Raises:
        RegistryError: with file, line and field of the first problem.
    """
    p = paths.require_file(Path(path) if path else REGISTRY_PATH, "actor registry",
                           "restore data/actors.csv from the repository, or pass the path of your registry")
    return _load_registry_cached(str(p), p.stat().st_mtime)


def _as_registry(registry) -> Registry:
    if registry is None:
        return load_registry()
    if isinstance(registry, Registry):
        return registry
    if isinstance(registry, pd.DataFrame):
        return registry_from_frame(registry)
    return load_registry(registry)
