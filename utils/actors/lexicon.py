"""The rule lexicon: word lists behind the mention rules (``data/actor_lexicon/lexicon.yaml``)
and the title list (``data/titles.csv``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from utils import paths
from utils.actors.registry import LEXICON_PATH, RegistryError, _checked_table, _read_commented_csv

TITLES_PATH = paths.DATA / "titles.csv"
TITLE_COLUMNS = ("title", "gender", "honorific")


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Word lists behind the rules (see data/actor_lexicon/lexicon.yaml); ``titles`` (title ->
    gender) and ``honorifics`` come from data/titles.csv."""

    titles: dict
    role_nouns: dict
    demonyms: dict
    group_nouns: frozenset
    group_modifiers: frozenset
    quantifiers: frozenset
    org_nouns: frozenset
    source_nouns: frozenset
    party_words: dict
    hyphen_place: frozenset
    pronouns: dict
    offices: frozenset
    credit_words: frozenset
    org_heads: frozenset
    institution_heads: frozenset
    work_nouns: frozenset
    honorifics: frozenset

    @property
    def max_title_len(self) -> int:
        return max((len(t.split()) for t in self.titles), default=1)


_LEXICON_MAPS = ("role_nouns", "demonyms", "party_words", "pronouns")
_LEXICON_LISTS = ("group_nouns", "group_modifiers", "quantifiers", "org_nouns", "source_nouns", "hyphen_place", "offices",
                  "credit_words", "org_heads", "institution_heads", "work_nouns")
_GENDERED = ("role_nouns", "demonyms", "pronouns")


def titles_from_frame(df: pd.DataFrame, *, source: str = "<DataFrame>",
                      lines: list[int] | None = None) -> tuple[dict[str, str], frozenset[str]]:
    """Validate a titles table (columns ``TITLE_COLUMNS``): ``({title: gender}, honorifics)``
    in the table's order.

    Raises:
        RegistryError: naming file, line and field of the first problem.
    """
    df, lines = _checked_table(df, TITLE_COLUMNS, source, lines)
    out: dict[str, str] = {}
    honorific = set()
    for title, gender, hon, line in zip(df["title"], df["gender"], df["honorific"], lines):
        where = f"{source}, line {line}"
        title, gender, hon = title.strip(), gender.strip(), hon.strip()
        if not title:
            raise RegistryError(f"{where}, field 'title': empty")
        if title in out:
            raise RegistryError(f"{where}, field 'title': duplicate title {title!r}")
        if gender not in ("", "m", "f"):
            raise RegistryError(f"{where}, field 'gender': {gender!r} should be m, f or empty")
        if hon not in ("yes", "no"):
            raise RegistryError(f"{where}, field 'honorific': {hon!r} should be yes or no")
        out[title] = gender
        if hon == "yes":
            honorific.add(title)
    return out, frozenset(honorific)


@lru_cache(maxsize=4)
def _load_titles_cached(path: str, mtime: float) -> tuple[dict[str, str], frozenset[str]]:
    df, lines = _read_commented_csv(Path(path))
    return titles_from_frame(df, source=path, lines=lines)


def _titles_file(path: str | Path | None) -> Path:
    return paths.require_file(Path(path) if path else TITLES_PATH, "title list",
                              "restore data/titles.csv from the repository, or pass the path of your title list")


def titles(path: str | Path | None = None) -> dict[str, str]:
    """The title list (default ``data/titles.csv``), cached: ``{title: gender}`` ("Mr": "m",
    "Cllr": ""), titles as written in text, in the file's order. The one title list of
    the project: the mention rules use it through :func:`load_lexicon`.

    >>> titles()["Mrs"], "Prime Minister" in titles()
    ('f', True)
    """
    p = _titles_file(path)
    return dict(_load_titles_cached(str(p), p.stat().st_mtime)[0])


def honorifics(path: str | Path | None = None) -> frozenset[str]:
    """The personal honorifics of the title list (its ``honorific`` column): titles always
    followed by a person's name ("Mr", "Cllr", "Sir"), unlike office titles ("President").

    >>> "Cllr" in honorifics(), "President" in honorifics()
    (True, False)
    """
    p = _titles_file(path)
    return _load_titles_cached(str(p), p.stat().st_mtime)[1]



@lru_cache(maxsize=4)
def _load_lexicon_cached(path: str, mtime: float, titles_path: str, titles_mtime: float) -> Lexicon:
    """The lexicon YAML file validated section by section, with the titles of ``titles_path``
    (the mtimes are cache keys: an edited file is read again)."""
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise RegistryError(f"{path}, line {line}, field '-': invalid YAML ({exc})") from None
    if not isinstance(root, yaml.MappingNode):
        raise RegistryError(f"{path}, line 1, field '-': expected a mapping of sections")
    out: dict = {}
    for knode, vnode in root.value:
        key, line = knode.value, knode.start_mark.line + 1
        if key in _LEXICON_MAPS:
            if not isinstance(vnode, yaml.MappingNode):
                raise RegistryError(f"{path}, line {line}, field {key!r}: expected a mapping (word: value)")
            d = {}
            for k2, v2 in vnode.value:
                if not isinstance(v2, yaml.ScalarNode) or not isinstance(k2, yaml.ScalarNode):
                    raise RegistryError(f"{path}, line {k2.start_mark.line + 1}, field {key!r}: expected word: value")
                val = v2.value.strip()
                if key in _GENDERED and val not in ("", "m", "f"):
                    raise RegistryError(
                        f"{path}, line {v2.start_mark.line + 1}, field {key!r}: gender {val!r} should be m, f or empty"
                    )
                d[k2.value.strip()] = val
            out[key] = d
        elif key in _LEXICON_LISTS:
            if not isinstance(vnode, yaml.SequenceNode) or any(not isinstance(n, yaml.ScalarNode) for n in vnode.value):
                raise RegistryError(f"{path}, line {line}, field {key!r}: expected a list of words")
            out[key] = frozenset(n.value.strip() for n in vnode.value if n.value.strip())
        elif key == "titles":
            raise RegistryError(f"{path}, line {line}, field 'titles': titles are kept in data/titles.csv; "
                                "move this section's entries there")
        else:
            raise RegistryError(f"{path}, line {line}, field {key!r}: unknown section")
    for key in _LEXICON_MAPS + _LEXICON_LISTS:
        if key not in out:
            raise RegistryError(f"{path}, line 1, field {key!r}: missing section")
    out["titles"], out["honorifics"] = _load_titles_cached(titles_path, titles_mtime)
    return Lexicon(**out)


def load_lexicon(path: str | Path | None = None, *, titles: str | Path | None = None) -> Lexicon:
    """Read and validate the rule lexicon (default ``data/actor_lexicon/lexicon.yaml``) with
    the title list (default ``data/titles.csv``), cached."""
    p = Path(path) if path else LEXICON_PATH
    if not p.exists():
        raise RegistryError(f"{p}, line 1, field '-': lexicon file not found")
    t = _titles_file(titles)
    return _load_lexicon_cached(str(p), p.stat().st_mtime, str(t), t.stat().st_mtime)
