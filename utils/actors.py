"""Actors: find people, organisations and groups in news text and know who each one is.

Used by notebooks/02-annotate-actors.ipynb (and by every later stage through the
``mentions`` and ``actors`` tables).

Per document, :func:`detect_mentions` combines

1. a statistical tagger (a CRF trained on CoNLL-2003, ``utils/models/ner-crf.crfsuite``)
   that proposes person / organisation / place name spans,
2. the analyst's actor registry (``data/actors.csv``): aliases are found directly and
   registry facts (type, party, role, gender) override automatic guesses,
3. rules for titles ("Mr", "Cllr"), role descriptions ("The Dudley North MP"),
   collective actors ("some of Corbyn's supporters"), @handles and pronouns,
4. deterministic within-document resolution: each rule that links a mention to an
   actor is named in ``resolved_by``.

Across documents, :func:`build_actors` merges mentions by canonical name (the
``actor_id`` slug), so the same person in two articles is one actor; the pipeline
then links a surname-only actor to the one full name it matches in the corpus
(:func:`corpus_links`, applied to mentions, claims and stances alike).

``resolved_by`` values (one deterministic rule each):

- names: ``registry`` (alias or name in data/actors.csv), ``full-name``, ``surname`` /
  ``first-name`` (a full name earlier in the document; ``-forward`` when later),
  ``registry-surname``, ``surname-propagation`` / ``first-name-propagation`` (a word
  the tagger missed), ``short-org-name`` ("Labour" -> "Labour Party"), ``handle`` /
  ``handle-name`` (@handles), ``description-modifier`` ("DUDLEY" in "A DUDLEY Labour
  MP" is a place), ``name`` (a new actor named as written).
- descriptions: ``apposition`` ("Dudley Council's Labour leader, Cllr Pete Lowe"),
  ``same-role`` (the same role said earlier of someone), ``registry-role`` (the
  registry role and party hold the description's words), ``possessor-role`` ("Mr
  Blair's spokesman"), ``cataphora`` (a lede description before the first name),
  ``spokesperson-org`` ("a Home Office spokesman" speaks for the Home Office),
  ``office-holder`` (a person the document names who holds, or held, the office the
  description names: data/offices.csv), ``office-date`` (the office's holder on the
  document's date), ``office`` (an unresolved office such as "the prime minister" is an
  actor of type ``role``, never a person; so is "Mr Blair's spokesman"),
  ``salience`` (a sentence subject: the last subject before it), ``recency`` (the last
  person mentioned, not the subject of its own sentence), ``description`` (an
  indefinite "a Labour spokesman": its own actor), ``org-recency`` ("the party").
- pronouns: ``pronoun-subject`` (the last gender-compatible subject; inside a quote the
  quoted speaker is skipped), ``pronoun-recent`` (else the last compatible person),
  ``pronoun-group`` (sentence-initial "They" after a group).
- groups: ``possessor`` ("some of Corbyn's supporters" -> "Corbyn's supporters"),
  ``group-phrase`` ("moderate Labour MPs"), ``registry``.
- across documents (the pipeline, after every document): ``+corpus-surname`` is added to
  a surname-only mention linked to the one full name it matches in the corpus.

Example:
    >>> text = "Labour MP Jane Doe spoke. Ms Doe said she would stand."
    >>> m = detect_mentions("d1", text, segment(text))
    >>> m[m.actor == "Jane Doe"][["text", "kind"]].values.tolist()
    [['Labour MP', 'description'], ['Jane Doe', 'name'], ['Doe', 'name'], ['she', 'pronoun']]
"""
from __future__ import annotations

import bisect
import csv
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

from utils import paths, schema
from utils.text import DASH_CHARS, Segmented, segment

# ---------------------------------------------------------------------------
# Ids
# ---------------------------------------------------------------------------


from utils.ids import actor_id  # noqa: E402,F401 - the one slug rule, re-exported


# ---------------------------------------------------------------------------
# Statistical name tagger (CRF): features shared with evaluation/train_ner.py
# ---------------------------------------------------------------------------

MODEL_PATH = paths.MODELS / "ner-crf.crfsuite"
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_TITLE_WORDS = frozenset(
    "mr mrs ms miss dr cllr councillor sir dame lord lady prof professor rev reverend "
    "president senator gov governor mp judge justice minister chancellor secretary".split()
)


@lru_cache(maxsize=1)
def first_names() -> tuple[frozenset[str], frozenset[str]]:
    """(male, female) lower-case first names from NLTK's names corpus, shipped in
    ``utils/nltk_data`` (also used by ``utils.claims`` for signature lines). Raises
    ``utils.nltk_setup.NLTKDataMissing`` when it is missing or not the pinned version."""
    from utils import nltk_setup

    nltk_setup.require("names")
    from nltk.corpus import names

    return (frozenset(w.lower() for w in names.words("male.txt")),
            frozenset(w.lower() for w in names.words("female.txt")))


@lru_cache(maxsize=1)
def _gazetteers() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(male first names, female first names, lower-case English words) from the NLTK
    data shipped with the project. The tagger was trained with these features, so a
    missing corpus is an error (``NLTKDataMissing``), never a weaker tagger."""
    from utils import nltk_setup

    male, female = first_names()
    nltk_setup.require("words")
    from nltk.corpus import words

    vocab = frozenset(w for w in words.words("en") if w.islower())
    return male, female, vocab


def _shape(w: str) -> str:
    """Compressed word shape: ``Austin`` -> ``Xx``, ``MP`` -> ``X``, ``1996-08`` -> ``d-d``."""
    out = []
    last = ""
    for ch in w:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        elif ch.isalpha():
            c = "a"  # letters without case (CJK, Arabic ...)
        else:
            c = ch
        if c != last:
            out.append(c)
            last = c
    return "".join(out[:6])


@lru_cache(maxsize=200_000)
def _word_features(w: str) -> tuple[list[str], list[str], list[str]]:
    """Features of one token: (as itself, as left neighbour, as right neighbour).

    Cached per distinct token string, so tagging costs little more than a dict
    lookup per token.
    """
    male, female, vocab = _gazetteers()
    poss = bool(_POSSESSIVE.search(w)) and len(w) > 2
    base = _POSSESSIVE.sub("", w) if poss else w
    low = base.lower()
    sh = _shape(base)
    if base[:1].isupper():
        case = "U" if base.isupper() and len(base) > 1 else "T"
    elif base[:1].islower():
        case = "L"
    else:
        case = "O"
    own = [
        "b",
        "w=" + low,
        "sh=" + sh,
        "s4=" + low[-4:],
        "s3=" + low[-3:],
        "s2=" + low[-2:],
        "p3=" + low[:3],
        "p2=" + low[:2],
        "c=" + case,
    ]
    if poss:
        own.append("poss")
    if len(base) == 1:
        own.append("len1")
    if low in male or low in female:
        own.append("fname")
    if low in vocab:
        own.append("dict")
        if case == "T":
            own.append("dictT")
    if low in _TITLE_WORDS:
        own.append("ttl")
    if base[:1] in "#@":
        own.append("tag")
    prev = ["-1w=" + low, "-1c=" + case, "-1sh=" + sh]
    nxt = ["+1w=" + low, "+1c=" + case, "+1sh=" + sh]
    if low in _TITLE_WORDS:
        prev.append("-1ttl")
    return own, prev, nxt


def sentence_features(words: list[str]) -> list[list[str]]:
    """CRF feature lists for the tokens of one sentence.

    >>> sentence_features(["Mr", "Austin", "said"])[1][:3]
    ['b', 'w=austin', 'sh=Xx']
    """
    n = len(words)
    feats = [_word_features(w) for w in words]
    out = []
    for i in range(n):
        f = list(feats[i][0])
        if i > 0:
            f += feats[i - 1][1]
            if i > 1:
                f.append("-2w=" + feats[i - 2][1][0][4:])
        else:
            f.append("BOS")
        if i + 1 < n:
            f += feats[i + 1][2]
            if i + 2 < n:
                f.append("+2w=" + feats[i + 2][2][0][4:])
        else:
            f.append("EOS")
        out.append(f)
    return out


@lru_cache(maxsize=2)
def _tagger(path: str):
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(path)
    return t


def model_available(path: Path | None = None) -> bool:
    """True when the CRF weights file exists."""
    return Path(path or MODEL_PATH).exists()


def tag_tokens(words: list[str], *, model: Path | None = None) -> list[str]:
    """BIO labels (``B-PER``, ``I-ORG``, ``O`` ...) for one sentence of tokens."""
    if not words:
        return []
    path = paths.require_file(model or MODEL_PATH, "name tagger weights", "restore utils/models/ner-crf.crfsuite "
                              "from the repository or retrain it with `python -m evaluation.train_ner`")
    return _tagger(str(path)).tag(sentence_features(words))


def bio_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(first, last_exclusive, type)`` from BIO/IOB1 labels.

    >>> bio_spans(["B-PER", "I-PER", "O", "I-ORG", "B-ORG"])
    [(0, 2, 'PER'), (3, 4, 'ORG'), (4, 5, 'ORG')]
    """
    out = []
    start, cur = -1, ""
    for i, lab in enumerate(labels):
        if lab == "O" or not lab:
            if cur:
                out.append((start, i, cur))
            start, cur = -1, ""
            continue
        pre, _, typ = lab.partition("-")
        if pre == "B" or typ != cur:
            if cur:
                out.append((start, i, cur))
            start, cur = i, typ
    if cur:
        out.append((start, len(labels), cur))
    return out


# ---------------------------------------------------------------------------
# Analyst data: actor registry (data/actors.csv) and rule lexicon (YAML)
# ---------------------------------------------------------------------------

REGISTRY_PATH = paths.DATA / "actors.csv"
LEXICON_PATH = paths.DATA / "actor_lexicon" / "lexicon.yaml"
OFFICES_PATH = paths.DATA / "offices.csv"
TYPES = ("person", "organisation", "group", "place", "role", "other")
KINDS = ("name", "description", "pronoun", "group")
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
    raw = path.read_text(encoding="utf-8-sig").splitlines()
    kept = [(i + 1, ln) for i, ln in enumerate(raw) if ln.strip() and not ln.lstrip().startswith("#")]
    if not kept:
        raise RegistryError(f"{path}, line 1, field 'name': no header row")
    reader = csv.reader([ln for _, ln in kept])
    header = [h.strip() for h in next(reader)]
    rows, lines = [], []
    for fields in reader:
        line = kept[reader.line_num - 1][0]
        if len(fields) != len(header):
            raise RegistryError(
                f"{path}, line {line}, field {header[min(len(fields), len(header)) - 1]!r}: "
                f"expected {len(header)} fields, found {len(fields)}"
            )
        rows.append(fields)
        lines.append(line)
    return pd.DataFrame(rows, columns=header), lines


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


# ---------------------------------------------------------------------------
# Offices with dates (data/offices.csv)
# ---------------------------------------------------------------------------

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


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Word lists behind the rules (see data/actor_lexicon/lexicon.yaml)."""

    titles: dict
    role_nouns: dict
    group_nouns: frozenset
    group_modifiers: frozenset
    quantifiers: frozenset
    org_nouns: frozenset
    party_words: dict
    hyphen_place: frozenset
    pronouns: dict
    offices: frozenset

    @property
    def max_title_len(self) -> int:
        return max((len(t.split()) for t in self.titles), default=1)


_LEXICON_MAPS = ("titles", "role_nouns", "party_words", "pronouns")
_LEXICON_LISTS = ("group_nouns", "group_modifiers", "quantifiers", "org_nouns", "hyphen_place", "offices")
_GENDERED = ("titles", "role_nouns", "pronouns")


@lru_cache(maxsize=4)
def _load_lexicon_cached(path: str, mtime: float) -> Lexicon:
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
        else:
            raise RegistryError(f"{path}, line {line}, field {key!r}: unknown section")
    for key in _LEXICON_MAPS + _LEXICON_LISTS:
        if key not in out:
            raise RegistryError(f"{path}, line 1, field {key!r}: missing section")
    return Lexicon(**out)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read and validate the rule lexicon (default ``data/actor_lexicon/lexicon.yaml``), cached."""
    p = Path(path) if path else LEXICON_PATH
    if not p.exists():
        raise RegistryError(f"{p}, line 1, field '-': lexicon file not found")
    return _load_lexicon_cached(str(p), p.stat().st_mtime)


# ---------------------------------------------------------------------------
# Mention detection and within-document resolution
# ---------------------------------------------------------------------------

_CRF_TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place"}
_QUOTE_OPEN, _QUOTE_CLOSE, _QUOTE_BOTH = frozenset("“„«"), frozenset("”»"), frozenset('"')
_QUOTES = _QUOTE_OPEN | _QUOTE_CLOSE | _QUOTE_BOTH
_LEAD_WORDS = frozenset(
    'but and however yet so meanwhile now then still also while " “ ” \' ‘ , -'.split() + ["'"] + list(DASH_CHARS)
)
_NONSUBJ = frozenset(
    "of and or to in on for with at by from as than that which who whose whom nor but like about after "
    "before into over under against between via per among the a an this these those his her their its our "
    "your my is was".split()
)
_DETERMINERS = frozenset("the a an this another".split())
_STOP_LEFT = frozenset(
    "of to and or in on for with by at from is was are were be been has have had will would could should "
    "said says that which who as than not no but if when while".split()
)
# personal honorifics: always followed by a name (office titles such as "General" or
# "President" only mark a name the tagger or registry found)
_HONORIFICS = frozenset(
    "Mr Mrs Ms Miss Dr Cllr Councillor Sir Dame Lord Lady Baroness Baron Prof Professor Rev Reverend".split()
)
_OBJ_PRONOUNS = frozenset("him his her hers himself herself".split())
_APPOS = frozenset([",", "-", *DASH_CHARS])
_HYPHEN_TOKEN = re.compile(r"([^\W\d_][\w'’.]*(?:-[^\W\d_][\w'’.]*)*)-([a-z]+)$")


@dataclass
class _Mention:
    start: int
    end: int
    ti: int  # first token
    tj: int  # last token, exclusive
    kind: str
    type: str
    title: str = ""
    actor: str = ""
    resolved_by: str = ""
    source: str = ""
    gender: str = ""
    subject: bool = False
    role: str = ""  # role noun of a description
    possessor: "_Mention | None" = None  # "Mr Blair's spokesman": the person whose role it is


@lru_cache(maxsize=100_000)
def _base(w: str) -> tuple[str, int]:
    """Token without a possessive ending, and the number of characters removed."""
    m = _POSSESSIVE.search(w)
    if m and len(w) > len(m.group()):
        return w[: m.start()], len(m.group())
    return w, 0


class _Doc:
    """Token arrays of one document, built once and shared by every rule."""

    def __init__(self, text: str, seg: Segmented):
        self.text = text
        toks = seg.tokens
        self.starts = [t.start for t in toks]
        self.ends = [t.end for t in toks]
        self.sent = [t.sentence for t in toks]
        self.para = [t.paragraph for t in toks]
        self.words = [text[t.start : t.end] for t in toks]
        n = len(toks)
        self.n = n
        self.base = list(self.words)
        self.cut = [0] * n
        for i in [i for i, w in enumerate(self.words) if "'" in w or "’" in w]:
            self.base[i], self.cut[i] = _base(self.words[i])
        self.lower = [b.lower() for b in self.base]
        self.sent_first: dict[int, int] = {}
        self.sent_last: dict[int, int] = {}
        for i, s in enumerate(self.sent):
            if s not in self.sent_first:
                self.sent_first[s] = i
        firsts = sorted(self.sent_first.items(), key=lambda x: x[1])
        for k, (s, i) in enumerate(firsts):
            self.sent_last[s] = firsts[k + 1][1] if k + 1 < len(firsts) else n
        # quote parity per token (reset at every paragraph)
        self.in_quote = [False] * n
        inq, para, opened = False, None, 0
        for i in [i for i, w in enumerate(self.words) if w in _QUOTES]:
            if self.para[i] != para:
                if inq:
                    self._fill_quote(opened, self.para[opened])
                para, inq = self.para[i], False
            w = self.words[i]
            new = (not inq) if w in _QUOTE_BOTH else (w in _QUOTE_OPEN)
            if new and not inq:
                opened = i
            elif inq and not new:
                for k in range(opened, i + 1):
                    self.in_quote[k] = True
            inq = new
        if inq:
            self._fill_quote(opened, self.para[opened])
        self._caps: dict[int, bool] = {}

    def _fill_quote(self, start: int, para: int) -> None:
        k = start
        while k < self.n and self.para[k] == para:
            self.in_quote[k] = True
            k += 1

    def caps_sentence(self, s: int) -> bool:
        """True for headline-like sentences (mostly upper-case words)."""
        if s not in self._caps:
            words = [w for w in self.base[self.sent_first[s] : self.sent_last[s]] if len(w) > 1 and w.isalpha()]
            up = sum(w.isupper() for w in words)
            self._caps[s] = len(words) >= 3 and up >= 0.6 * len(words)
        return self._caps[s]

    def span(self, ti: int, tj: int, *, keep_possessive: bool = False) -> tuple[int, int]:
        end = self.ends[tj - 1] - (0 if keep_possessive else self.cut[tj - 1])
        return self.starts[ti], end

    def is_cap(self, i: int) -> bool:
        w = self.base[i]
        return bool(w) and w[0].isupper()

    def sentence_initial(self, ti: int) -> bool:
        first = self.sent_first[self.sent[ti]]
        return all(self.lower[k] in _LEAD_WORDS for k in range(first, ti))

    def subject(self, ti: int, tj: int) -> bool:
        """Deterministic subject test: sentence-initial, or followed by a verb-like word."""
        if self.cut[tj - 1] or self.lower[ti] in _OBJ_PRONOUNS:
            return False
        if self.sentence_initial(ti):
            return True
        if tj < self.n and self.sent[tj] == self.sent[ti]:
            w = self.words[tj]
            return w.isalpha() and w.islower() and w not in _NONSUBJ
        return False

    def norm_name(self, m: "_Mention") -> str:
        """Canonical form of a name mention: spaces collapsed, headline capitals softened."""
        name = " ".join(self.text[m.start : m.end].split())
        if self.caps_sentence(self.sent[m.ti]):
            name = " ".join(w.title() if len(w) > 3 and w.isupper() else w for w in name.split())
        return name


def _split_party_words(d: _Doc, lex: Lexicon, a: int, b: int, title: str) -> list[_Mention]:
    """A tagged person span without its party words (they become organisation mentions)."""
    out, piece = [], []
    for k in list(range(a, b)) + [-1]:
        if k != -1 and d.base[k] not in lex.party_words:
            piece.append(k)
            continue
        if piece:
            st, en = d.span(piece[0], piece[-1] + 1)
            out.append(_Mention(st, en, piece[0], piece[-1] + 1, "name", "person", title=title if piece[0] == a else "", source="crf"))
            piece = []
        if k != -1:
            st, en = d.span(k, k + 1)
            out.append(_Mention(st, en, k, k + 1, "name", "organisation", source="crf"))
    return out


def _modifier_places(d: _Doc, names: list[_Mention], descs: list[_Mention]) -> None:
    """A tagged single-name "person" before the role noun of a description is a place
    ("A DUDLEY Labour MP", "the Hull MP"): retype it."""
    if not descs:
        return
    starts = sorted((m.ti, m.tj) for m in descs if m.type == "person")
    keys = [a for a, _ in starts]
    for m in names:
        if m.type != "person" or m.source != "crf" or m.title or d.cut[m.tj - 1] or m.tj - m.ti > 2:
            continue
        k = bisect.bisect_right(keys, m.ti) - 1
        if k >= 0 and starts[k][0] <= m.ti and m.tj < starts[k][1]:
            m.type, m.resolved_by = "place", "description-modifier"


def _balance_brackets(d: _Doc, a: int, b: int, first: int, last: int) -> int:
    """End of a span with its brackets balanced: "Mladost ( L" -> "Mladost ( L )",
    or cut before an opening bracket that does not close nearby."""
    opened = [k for k in range(a, b) if d.words[k] == "("]
    if not opened or any(d.words[k] == ")" for k in range(opened[-1], b)):
        return b
    for k in range(b, min(b + 3, last)):
        if d.words[k] == ")":
            return k + 1
    return opened[-1] if opened[-1] > a else b


def _keeps_stop(d: _Doc, i: int) -> bool:
    """True when a full stop right after token ``i`` belongs to it (``Inc.``, ``J.``)."""
    w = d.words[i]
    return d.ends[i] == d.starts[i + 1] and (len(w) == 1 or "." in w or w.lower() in _abbreviations())


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from utils.text import load_abbreviations

    return load_abbreviations()


def _crf_mentions(d: _Doc, lex: Lexicon, *, model: Path | None = None) -> list[_Mention]:
    out = []
    path = paths.require_file(model or MODEL_PATH, "name tagger weights", "restore utils/models/ner-crf.crfsuite "
                              "from the repository or retrain it with `python -m evaluation.train_ner`")
    tagger = _tagger(str(path))
    for s, first in d.sent_first.items():
        last = d.sent_last[s]
        words = d.words[first:last]
        if not any(w[:1].isupper() for w in words):
            continue  # no capitalised word: no name for the tagger to find
        labels = tagger.tag(sentence_features(words))
        for a, b, typ in bio_spans(labels):
            typ2 = _CRF_TYPES.get(typ)
            if not typ2:
                continue
            a, b = a + first, b + first
            if any(d.words[k][:1] in "#@" for k in range(a, b)):
                continue
            while b > a and not any(ch.isalnum() for ch in d.words[b - 1]):
                if d.words[b - 1] == "." and b - 1 > a and _keeps_stop(d, b - 2):
                    break  # "Acme Inc." keeps its full stop
                b -= 1  # "the BBC." -> "BBC"
            while b > a and not any(ch.isalnum() for ch in d.words[a]):
                a += 1
            if b <= a:
                continue
            b = _balance_brackets(d, a, b, first, last)
            if b < last and d.words[b] == "." and d.lower[b - 1] in _abbreviations() and d.ends[b - 1] == d.starts[b]:
                b += 1  # "Acme Corp." keeps the full stop of its abbreviation
            title = ""
            while b - a > 1 and (d.words[a] in lex.titles or d.lower[a] in _DETERMINERS or d.words[a] == "."):
                if d.words[a] in lex.titles:
                    title = d.words[a]
                a += 1
            poss = [k for k in range(a, b - 1) if d.cut[k]]
            if poss:  # a name ends at its possessive: "Scottish National Party's Holyrood"
                k = poss[0] + 1
                st, en = d.span(k, b)
                if d.is_cap(k):
                    out.append(_Mention(st, en, k, b, "name", typ2, source="crf"))
                b = k
            if typ2 == "person" and b - a > 1:
                out += _split_party_words(d, lex, a, b, title)  # "DUDLEY Labour": no person is called Labour
                continue
            st, en = d.span(a, b)
            if en <= st:
                continue
            out.append(_Mention(st, en, a, b, "name", typ2, title=title, source="crf"))
    return out


def _registry_mentions(d: _Doc, reg: Registry, lex: Lexicon) -> list[_Mention]:
    out = []
    titles = lex.titles
    ft = reg.first_token
    if not ft:
        return out
    i = 0
    while i < d.n:
        cands = ft.get(d.words[i]) or ft.get(d.base[i])
        hit = None
        if cands:
            for toks, canon in cands:
                k = len(toks)
                if i + k > d.n:
                    continue
                if k == 1:
                    ok = d.base[i] == toks[0] or d.words[i] == toks[0]
                else:
                    ok = tuple(d.words[i : i + k - 1]) == toks[:-1] and d.base[i + k - 1] == toks[-1]
                if ok and (toks[0].isupper() is False or d.words[i].isupper()):
                    hit = (k, canon)
                    break
        if hit and reg.by_name[hit[1]]["type"] in ("organisation", "place") and _continues_name(d, i + hit[0], lex):
            hit = None  # "Labour Day", "Labour Department": part of a longer name
        if hit:
            k, canon = hit
            rec = reg.by_name[canon]
            a, title = i, ""
            while a + 1 < i + k and (d.words[a] in titles or d.words[a] == "."):
                title = d.words[a] if d.words[a] in titles else title
                a += 1
            st, en = d.span(a, i + k)
            out.append(
                _Mention(st, en, a, i + k, "name", rec["type"], title=title, actor=canon, resolved_by="registry",
                         source="registry", gender=titles.get(title, ""))
            )
            i += k
        else:
            i += 1
    return out


def _continues_name(d: _Doc, j: int, lex: Lexicon) -> bool:
    """True when token ``j`` carries on a capitalised name (not a role, group noun or title)."""
    if j >= d.n or d.sent[j] != d.sent[j - 1] or d.cut[j - 1] or not d.is_cap(j) or d.caps_sentence(d.sent[j]):
        return False
    roles, acr, acr_groups, _ = _role_index(lex)
    w = d.base[j]
    return not (w in acr or w in acr_groups or d.lower[j] in roles or w in lex.titles or w in lex.party_words)


def _split_on_registry(d: _Doc, lex: Lexicon, crf: list[_Mention], regs: list[_Mention]) -> list[_Mention]:
    """Cut tagger spans around registry organisations inside them ("DUDLEY Labour" -> "DUDLEY")."""
    roles, acr, acr_groups, _ = _role_index(lex)
    reg_tok = {}
    for r in regs:
        if r.type != "person":
            for k in range(r.ti, r.tj):
                reg_tok[k] = r
    out = []
    for m in crf:
        while m.tj - m.ti > 1 and (d.base[m.tj - 1] in acr or d.base[m.tj - 1] in acr_groups):
            m.tj -= 1  # "Labour MPs" -> "Labour"
            m.start, m.end = d.span(m.ti, m.tj)
        inner = [k for k in range(m.ti, m.tj) if k in reg_tok]
        if not inner or (len(inner) < m.tj - m.ti and all(reg_tok[k].type == m.type for k in inner)):
            out.append(m)  # "Labour Department", "Scottish Labour Party": the longer name stands
            continue
        piece: list[int] = []
        for k in list(range(m.ti, m.tj)) + [-1]:
            if k != -1 and k not in reg_tok:
                piece.append(k)
                continue
            if piece and d.is_cap(piece[0]) and not all(
                d.lower[x] in roles or d.base[x] in acr or d.base[x] in acr_groups or d.lower[x] in lex.group_nouns
                or d.base[x] in lex.party_words for x in piece
            ):
                a, b = piece[0], piece[-1] + 1
                st, en = d.span(a, b)
                out.append(_Mention(st, en, a, b, "name", m.type, title=m.title, source="crf"))
            piece = []
    return out


def _title_mentions(d: _Doc, lex: Lexicon, names: list[_Mention]) -> list[_Mention]:
    """Titles before names: mark existing name mentions, or create one for the capitalised words."""
    by_start = {m.ti: m for m in names}
    covered = {k for m in names for k in range(m.ti, m.tj)}
    out = []
    titles = lex.titles
    for i in range(d.n - 1):
        w = d.words[i]
        title, nxt = "", i + 1
        if i + 2 < d.n and f"{w} {d.words[i + 1]}" in titles:
            title, nxt = f"{w} {d.words[i + 1]}", i + 2
        elif w in titles:
            title = w
        else:
            continue
        if nxt < d.n and d.words[nxt] == ".":
            nxt += 1
        if nxt >= d.n or d.sent[nxt] != d.sent[i] or not d.is_cap(nxt) or d.words[nxt] in titles:
            continue
        m = by_start.get(nxt)
        if m is None and title not in _HONORIFICS and d.lower[nxt] in _gazetteers()[2]:
            continue  # "General Election", "President Street": office words need a tagged name
        if m is None:
            j = nxt
            while j < d.n and j - nxt < 3 and d.sent[j] == d.sent[i] and d.is_cap(j) and d.base[j].isalpha():
                j += 1
                if d.cut[j - 1]:
                    break
            if j == nxt:
                continue
            st, en = d.span(nxt, j)
            m = _Mention(st, en, nxt, j, "name", "person", source="title")
            if any(k in covered for k in range(nxt, j)):
                continue
            out.append(m)
            covered.update(range(nxt, j))
            by_start[nxt] = m
        if m.type == "person" or (m.source != "registry" and title in _HONORIFICS):
            m.title = title
            m.type = "person"
            m.gender = titles[title] or m.gender
    return out


def _hyphen_places(d: _Doc, lex: Lexicon) -> list[_Mention]:
    out = []
    for i, w in enumerate(d.words):
        if "-" not in w or not w[:1].isupper():
            continue
        m = _HYPHEN_TOKEN.match(w)
        if m and m.group(2) in lex.hyphen_place:
            st = d.starts[i]
            out.append(_Mention(st, st + len(m.group(1)), i, i + 1, "name", "place", source="hyphen"))
    return out


def _handle_mentions(d: _Doc) -> list[_Mention]:
    out = []
    for i, w in enumerate(d.words):
        if w[:1] == "@" and len(w) > 1:
            st, en = d.span(i, i + 1)
            out.append(_Mention(st, en, i, i + 1, "name", "other", source="handle"))
    return out


_PRIORITY = {"registry": 0, "title": 1, "crf": 2, "known": 3}


def _merge_names(cands: list[_Mention]) -> list[_Mention]:
    """Non-overlapping name mentions.

    Token-internal rules (@handles, "Liverpool-based") win; then longer spans
    first (so an unknown "John Miliband" is not cut to a registry "Miliband"),
    and on equal length the registry beats the tagger.
    """
    first = [m for m in cands if m.source in ("hyphen", "handle")]
    rest = sorted(
        (m for m in cands if m.source not in ("hyphen", "handle")),
        key=lambda m: (-(m.end - m.start), _PRIORITY.get(m.source, 9), m.start),
    )
    kept: list[_Mention] = []
    used: set[int] = set()  # tokens already covered (mentions are token-aligned)
    for m in first + rest:
        toks = range(m.ti, m.tj)
        if not any(k in used for k in toks):
            kept.append(m)
            used.update(toks)
    return sorted(kept, key=lambda m: m.start)


def _first_name_gender(name: str) -> str:
    male, female, _ = _gazetteers()
    first = name.split()[0].lower() if name.split() else ""
    m, f = first in male, first in female
    return "m" if m and not f else "f" if f and not m else ""


_CAMEL = re.compile(r"[A-Z][a-z]+")
_ORG_HEADS = frozenset("party council union group association corporation company plc ltd inc".split())


def _resolve_names(d: _Doc, names: list[_Mention], reg: Registry, lex: Lexicon) -> None:
    """Canonical actor for every name mention (registry, full name, surname, first name)."""
    party_orgs = {rec["party"]: c for c, rec in reg.by_name.items() if rec["type"] == "organisation" and rec["party"]}
    for m in names:
        if m.actor:
            continue
        text = d.norm_name(m)
        rec = reg.get(text) or (reg.get(f"{m.title} {text}") if m.title else None)
        if not rec and text in lex.party_words and not m.title:
            m.type = "organisation"  # "Lib Dem" is a party, never a person
            rec = reg.by_name.get(party_orgs.get(lex.party_words[text], ""))
        if rec:
            m.actor, m.type, m.resolved_by = rec["name"], rec["type"], "registry"
        elif m.source == "handle":
            continue
        elif m.type == "person" and len(text.split()) >= 2:
            m.actor, m.resolved_by = text, "full-name"
        elif m.type != "person":
            m.actor = text[4:] if text[:4] in ("the ", "The ") and len(text) > 4 else text
            m.resolved_by = "name"
    # surname / first-name links for single-word names
    full = [m for m in names if m.type == "person" and len(m.actor.split()) >= 2]
    by_last: dict[str, list[_Mention]] = {}
    by_first: dict[str, list[_Mention]] = {}
    for p in full:
        words = p.actor.split()
        by_last.setdefault(words[-1], []).append(p)
        by_first.setdefault(words[0], []).append(p)
    place_count: dict[str, int] = {}
    for m in names:
        if m.type == "place":
            t = d.norm_name(m)
            place_count[t] = place_count.get(t, 0) + 1
    for m in names:
        if m.resolved_by == "registry" or m.source == "handle":
            continue
        text = d.norm_name(m)
        if " " in text:
            continue
        hit, rule = None, ""
        for table, name in ((by_last, "surname"), (by_first, "first-name")):
            if name == "first-name" and m.type != "person":
                continue
            if m.type == "place" and place_count.get(text, 0) > 2 * len(table.get(text, ())):
                continue  # "Chechnya" stays a place after one odd "... Chechnya" person
            cands = table.get(text)
            if cands:
                before = [p for p in cands if p.ti < m.ti]
                if not before and name == "first-name":
                    continue  # a first name links back only ("Jeremy" after "Jeremy Corbyn")
                hit = before[-1] if before else cands[0]
                rule = name if before else name + "-forward"
                break
        if hit is not None:
            m.actor, m.type, m.resolved_by = hit.actor, "person", rule
            continue
        regs = reg.surnames.get(text, [])
        if m.type == "person" and len(regs) == 1:
            m.actor, m.resolved_by = regs[0], "registry-surname"
        elif not m.actor:
            m.actor, m.resolved_by = text, "name"
    # short organisation names: "Labour" -> "Labour Party" named in the same document
    long_orgs: dict[str, set[str]] = {}
    for m in names:
        words = m.actor.split()
        if m.type == "organisation" and len(words) >= 2 and words[-1].lower() in _ORG_HEADS:
            long_orgs.setdefault(" ".join(words[:-1]), set()).add(m.actor)
    for m in names:
        if m.type == "organisation" and m.resolved_by == "name" and len(long_orgs.get(m.actor, ())) == 1:
            m.actor, m.resolved_by = next(iter(long_orgs[m.actor])), "short-org-name"
    # @handles: a person named in the document, a CamelCase name, or the handle itself
    squashed = {re.sub(r"\W", "", p.actor.lower()): p.actor for p in full}
    for m in names:
        if m.source != "handle" or m.actor:
            continue
        body = d.words[m.ti][1:]
        parts = _CAMEL.findall(body)
        if body.lower() in squashed:
            m.actor, m.type, m.resolved_by = squashed[body.lower()], "person", "handle"
        elif len(parts) >= 2 and "".join(parts) == body and _first_name_gender(parts[0]):
            m.actor, m.type, m.resolved_by = " ".join(parts), "person", "handle-name"
        else:
            m.actor, m.type, m.resolved_by = d.words[m.ti], "other", "handle"
    # one type per actor in a document (registry first, then titles, then majority vote)
    votes: dict[str, dict[str, int]] = {}
    fixed: dict[str, str] = {}
    for m in names:
        if m.resolved_by == "registry" or m.actor in reg.by_name:
            fixed[m.actor] = reg.by_name[m.actor]["type"] if m.actor in reg.by_name else m.type
        elif m.title or m.resolved_by in ("surname", "first-name", "surname-forward", "first-name-forward"):
            fixed.setdefault(m.actor, "person")
        v = votes.setdefault(m.actor, {})
        v[m.type] = v.get(m.type, 0) + 1
    for m in names:
        t = fixed.get(m.actor)
        if t is None:
            v = votes[m.actor]
            t = max(v, key=lambda k: (v[k], k == "person"))
        m.type = t


def _propagate_known_names(d: _Doc, names: list[_Mention]) -> list[_Mention]:
    """Add single-word mentions of people already named in full that the tagger missed."""
    male, female, _ = _gazetteers()
    known: dict[str, tuple[str, str]] = {}
    for m in names:
        words = m.actor.split()
        if m.type == "person" and len(words) >= 2:
            if len(words[-1]) > 1:
                known.setdefault(words[-1], (m.actor, "surname-propagation"))
            if words[0].lower() in male or words[0].lower() in female:
                known.setdefault(words[0], (m.actor, "first-name-propagation"))
    if not known:
        return []
    covered = bytearray(d.n)
    for m in names:
        for k in range(m.ti, m.tj):
            covered[k] = 1
    out = []
    for i, b in enumerate(d.base):
        if covered[i] or b not in known or not d.is_cap(i) or (b.isupper() and not d.caps_sentence(d.sent[i])):
            continue
        if (i > 0 and d.is_cap(i - 1) and not d.sentence_initial(i)) or (i + 1 < d.n and d.is_cap(i + 1) and not d.cut[i]):
            continue
        actor, rule = known[b]
        st, en = d.span(i, i + 1)
        out.append(_Mention(st, en, i, i + 1, "name", "person", actor=actor, resolved_by=rule, source="known"))
    return out


@lru_cache(maxsize=4)
def _role_index(lex: Lexicon) -> tuple[dict, frozenset, frozenset, dict]:
    """(first word -> [(words, gender)], acronym roles, acronym groups, party words by first word)."""
    roles: dict[str, list] = {}
    for noun, g in lex.role_nouns.items():
        words = tuple(noun.split())
        key = words[0] if noun.isupper() else words[0].lower()
        roles.setdefault(key, []).append((words, g))
    for v in roles.values():
        v.sort(key=lambda x: -len(x[0]))
    acr = frozenset(n for n in lex.role_nouns if n.isupper())
    acr_groups = frozenset(n for n in lex.group_nouns if any(c.isupper() for c in n))
    party: dict[str, list] = {}
    for w, p in lex.party_words.items():
        words = tuple(w.split())
        party.setdefault(words[0], []).append((words, p))
    for v in party.values():
        v.sort(key=lambda x: -len(x[0]))
    return roles, acr, acr_groups, party


def _match_role(d: _Doc, i: int, roles: dict, acr: frozenset) -> tuple[int, str, str] | None:
    """Role noun starting at token i: (end token, noun, gender)."""
    w = d.base[i]
    key = w if w in acr else d.lower[i]
    cands = roles.get(key)
    if not cands:
        return None
    for words, g in cands:
        k = len(words)
        if i + k > d.n or d.cut[i] and k > 1:
            continue
        ok = True
        for off, rw in enumerate(words):
            tok = d.base[i + off]
            if (tok != rw) if rw.isupper() else (tok.lower() != rw.lower()):
                ok = False
                break
            if off < k - 1 and d.cut[i + off]:
                ok = False
                break
        if ok:
            return i + k, " ".join(words), g
    return None


def _party_at(d: _Doc, i: int, party: dict) -> tuple[int, str] | None:
    cands = party.get(d.base[i])
    if not cands:
        return None
    for words, p in cands:
        k = len(words)
        if i + k <= d.n and tuple(d.base[i : i + k]) == words:
            return i + k, p
    return None


def _descriptions(d: _Doc, lex: Lexicon, names: list[_Mention]) -> list[_Mention]:
    """Role noun phrases that describe one person: "The Dudley North MP", "the front runner"."""
    roles, acr, _, party = _role_index(lex)
    name_tok = {}
    for m in names:
        for k in range(m.ti, m.tj):
            name_tok[k] = m
    out = []
    i = 0
    while i < d.n:
        hit = _match_role(d, i, roles, acr)
        if not hit:
            i += 1
            continue
        j, noun, g = hit
        inside = name_tok.get(i)
        if inside is not None and inside.type != "place" and not (inside.source == "crf" and inside.type == "organisation" and inside.tj == j):
            i = j
            continue
        # extend right over "for|of (the) <Capitalised words>" ("the MP for Dudley North",
        # "the Shadow Secretary of State for the Family"), at most twice
        for _ in range(2):
            k = j + 1
            if k < d.n and d.lower[k] == "the":
                k += 1
            if d.cut[j - 1] or k >= d.n or d.lower[j] not in ("for", "of") or not d.is_cap(k) or d.sent[k] != d.sent[i]:
                break
            k0 = k
            while k < d.n and k - k0 < 4 and d.is_cap(k) and d.sent[k] == d.sent[i] and d.lower[k] not in _DETERMINERS:
                k += 1
                if d.cut[k - 1]:
                    break
            j = k
        if d.cut[j - 1] and j < d.n and d.is_cap(j) and d.sent[j] == d.sent[i]:
            i = j  # "Prime Minister's Questions" is a name, not a person
            continue
        # walk left over modifiers to a determiner; without one, keep only the run of
        # capitalised or party words right before the noun ("Dudley Council's Labour leader")
        first = d.sent_first[d.sent[i]]
        a, det, run, in_run = i, False, i, True
        k = i - 1
        while k >= first and i - k <= 5:
            lw = d.lower[k]
            if lw in _DETERMINERS and d.base[k].isalpha():
                a, det = k, True
                break
            if not d.base[k].replace("-", "").isalpha() or lw in _STOP_LEFT or lw in lex.pronouns or lw in lex.quantifiers:
                break
            if d.cut[k] and d.is_cap(k):
                # a possessor works as a determiner: "Mr Adair's official spokesman"
                a, det = k, True
                while a - 1 >= first and d.is_cap(a - 1) and not d.cut[a - 1] and d.lower[a - 1] not in _DETERMINERS:
                    a -= 1
                if a - 1 >= first and d.lower[a - 1] == "the":
                    a -= 1
                break
            if d.is_cap(k) or d.base[k] in lex.party_words:
                if in_run:
                    run = k
            else:
                if d.cut[k]:
                    break
                in_run = False  # lower-case modifier: kept only with a determiner
            a = k
            k -= 1
        if not det:
            a = run
        # a bare role noun counts only right before a name ("forerunner Jeremy Corbyn")
        nxt = j
        while nxt < d.n and d.words[nxt] in _APPOS:
            nxt += 1
        before_name = nxt < d.n and nxt in name_tok and name_tok[nxt].type == "person"
        if a == i and not det and not before_name:
            i = j
            continue
        if a == i and not det and d.is_cap(i) and d.sentence_initial(i) and not before_name:
            i = j
            continue
        st, en = d.span(a, j)
        m = _Mention(st, en, a, j, "description", "person", gender=g, role=noun, source="description")
        for k in range(a, i):  # "Mr Blair's official spokesman" is not Mr Blair
            owner = name_tok.get(k)
            if owner is not None and owner.type == "person" and d.cut[owner.tj - 1] and owner.tj <= i:
                m.possessor = owner
                break
        out.append(m)
        i = j
    return out


def _org_descriptions(d: _Doc, lex: Lexicon) -> list[_Mention]:
    out = []
    for i in range(1, d.n):
        if d.lower[i] in lex.org_nouns and d.base[i].islower() and d.lower[i - 1] == "the":
            if i + 1 < d.n and d.is_cap(i + 1) and not d.cut[i]:
                continue
            st, en = d.span(i - 1, i + 1)
            out.append(_Mention(st, en, i - 1, i + 1, "description", "organisation", role=d.lower[i], source="org-description"))
    return out


def _pronouns(d: _Doc, lex: Lexicon) -> list[_Mention]:
    out = []
    prons = lex.pronouns
    for i, lw in enumerate(d.lower):
        if lw in prons and d.base[i].isalpha() and not d.cut[i]:
            out.append(_Mention(d.starts[i], d.ends[i], i, i + 1, "pronoun", "person", gender=prons[lw], source="pronoun"))
    return out


@dataclass
class _Event:
    ti: int
    actor: str
    subject: bool
    in_quote: bool
    sentence: int


_SPOKES = frozenset(("spokesman", "spokeswoman", "spokesperson"))
_WINDOW_SENTENCES = 12
_MAX_EVENTS = 60  # antecedent candidates looked at, most recent first


def _is_party(actor: str, reg: Registry) -> bool:
    rec = reg.by_name.get(actor)
    if rec is not None:
        return rec["type"] == "organisation" and ("party" in rec["role"].lower() or bool(rec["party"]))
    return "party" in actor.lower()


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", _POSSESSIVE.sub("", text)) if w.lower() not in _DETERMINERS}


def _resolve_in_order(
    d: _Doc, names: list[_Mention], descs: list[_Mention], prons: list[_Mention], reg: Registry, lex: Lexicon,
    offices: "Offices | None" = None, date: str = "",
) -> None:
    """Resolve descriptions and pronouns in document order (deterministic salience rules)."""
    r = _Resolver(d, names, reg, lex, offices or Offices(terms=[]), date)
    for m in sorted(names + descs + prons, key=lambda m: (m.ti, m.kind != "name")):
        if m.kind == "name":
            if m.type == "person":
                r.push(m)
            elif m.type == "organisation":
                r.orgs.append((m.ti, m.actor))
        elif m.kind == "description" and m.type == "organisation":
            r.org_description(m)
        elif m.kind == "description":
            r.description(m)
        else:
            r.pronoun(m)


class _Resolver:
    """State of the left-to-right pass: who was mentioned, as subject or not, with
    which gender and role, so each description or pronoun is resolved by one rule."""

    def __init__(self, d: _Doc, names: list[_Mention], reg: Registry, lex: Lexicon, offices: "Offices",
                 date: str = ""):
        self.d, self.names, self.reg, self.lex = d, names, reg, lex
        self.offices, self.date = offices, date
        persons = [m for m in names if m.type == "person" and m.actor]
        self.gender: dict[str, str] = {}
        for m in persons:
            rec = reg.by_name.get(m.actor)
            g = (rec or {}).get("gender", "") or (m.gender if m.title else "") or _first_name_gender(m.actor)
            if g and not self.gender.get(m.actor):
                self.gender[m.actor] = g
            else:
                self.gender.setdefault(m.actor, "")
        self.name_at = {m.ti: m for m in persons}
        self.end_at: dict[int, _Mention] = {m.tj: m for m in persons}
        self.role_words: dict[str, set[str]] = {}  # registry role + party words
        for a in {m.actor for m in persons}:
            rec = reg.by_name.get(a)
            held = offices.of(a, date)
            if rec and (rec.get("role") or rec.get("party")) and not (date and offices.of(a)):
                self.role_words[a] = _content_words(f"{rec.get('role', '')} {rec.get('party', '')}")
            if held:  # with a date, only the offices held on it
                words = set().union(*(_content_words(t.office) | set(" ".join(t.keys).split()) for t in held))
                self.role_words[a] = self.role_words.get(a, set()) | words | _content_words(held[-1].party)
        self.positions: dict[str, list[int]] = {}
        for m in persons:
            self.positions.setdefault(m.actor, []).append(m.ti)
        self.events: list[_Event] = []
        self.text_roles: dict[str, set[str]] = {}  # words of the descriptions said of each actor
        self.orgs: list[tuple[int, str]] = []
        self.sent_subject: dict[int, str] = {}
        self.actor_type: dict[str, str] = {}  # actors a description made a role or organisation

    def push(self, m: _Mention) -> None:
        d = self.d
        if not (m.kind == "pronoun" and d.lower[m.ti] in _OBJ_PRONOUNS):
            m.subject = m.subject or d.subject(m.ti, m.tj)
        ev = _Event(m.ti, m.actor, m.subject, d.in_quote[m.ti], d.sent[m.ti])
        self.events.append(ev)
        if m.subject:
            self.sent_subject.setdefault(ev.sentence, m.actor)

    def compatible(self, actor: str, g: str) -> bool:
        return not g or self.gender.get(actor, "") in ("", g)

    def recent(self, pred) -> str:
        """The most recent actor whose event passes ``pred`` (bounded look-back)."""
        events = self.events
        lo = self.d.sent[events[-1].ti] - _WINDOW_SENTENCES if events else 0
        for n_seen, ev in enumerate(reversed(events)):
            if ev.sentence < lo or n_seen >= _MAX_EVENTS:
                break
            if pred(ev):
                return ev.actor
        return ""

    def org_description(self, m: _Mention) -> None:
        """"the party" -> the last party named; "the council" -> the last council."""
        d = self.d
        for ti, actor in reversed(self.orgs):
            if d.sent[m.ti] - d.sent[ti] > _WINDOW_SENTENCES:
                break
            if (m.role == "party" and _is_party(actor, self.reg)) or (m.role != "party" and m.role in actor.lower()):
                m.actor, m.resolved_by = actor, "org-recency"
                self.orgs.append((m.ti, actor))
                return

    def description(self, m: _Mention) -> None:
        d = self.d
        if m.possessor is not None and m.possessor.actor:
            # "Mr Blair's spokesman" speaks for Blair but is not Blair: a role of its own
            short = m.possessor.actor.split()[-1]
            actor, rule = (f"{short}' {m.role}" if short.endswith("s") else f"{short}'s {m.role}"), "possessor-role"
            m.type = "role"
        else:
            actor, rule = self._apposition(m)
        cw = _content_words(d.text[m.start : m.end])
        indefinite = d.lower[m.ti] in ("a", "an", "another")
        if not actor and not indefinite:
            actor, rule = self._same_role(m, cw)
        if not actor and m.role.lower() in _SPOKES:
            actor, rule = self._spokesperson_org(m)
        terms = [] if actor or indefinite else self.offices.matching(_role_phrase(d.text[m.start : m.end]))
        if not actor and terms:
            actor, rule = self._office_holder(m, terms)
        elif not actor:
            actor, rule = self._registry_role(m, cw)
        if not actor and not self.events and not terms:
            actor, rule = self._cataphora(m)
        m.subject = m.subject or d.subject(m.ti, m.tj)
        if actor or indefinite:
            pass  # an indefinite "a Cabinet Office spokeswoman" introduces someone new
        elif terms or m.role.lower() in self.lex.offices:
            # an office held by one person ("the prime minister") is not guessed from
            # salience or recency: named with it (same-role, office-holder), its holder on
            # the document's date (office-date), else a role of its own, never a person
            holder = self.offices.holder_on(_role_phrase(d.text[m.start : m.end]), self.date) if self.date else ""
            if holder:
                actor, rule = holder, "office-date"
                self.gender.setdefault(holder, (self.reg.by_name.get(holder) or {}).get("gender", ""))
            else:
                words = _strip_determiner(_POSSESSIVE.sub("", d.text[m.start : m.end]))
                actor, rule = " ".join(w.lower() if w.lower() in m.role.lower().split() else w for w in words), "office"
                m.type = "role"
        elif m.subject:
            sent = d.sent[m.ti]
            actor = self.recent(lambda ev: ev.subject and ev.sentence < sent and self.compatible(ev.actor, m.gender))
            rule = "salience"
        if not actor and not indefinite:
            excl = self.sent_subject.get(d.sent[m.ti], "")
            actor = self.recent(lambda ev: ev.actor != excl and self.compatible(ev.actor, m.gender))
            rule = "recency"
        role_toks = set(m.role.lower().split())
        if not actor and any(d.is_cap(k) and d.lower[k] not in role_toks for k in range(m.ti, m.tj)):
            actor, rule = " ".join(_strip_determiner(d.text[m.start : m.end])), "description"
        if actor:
            m.actor, m.resolved_by = actor, rule
            if m.type != "person":
                self.actor_type[actor] = m.type
            elif actor in self.actor_type:  # "the first minister" again, "the Darlington Council spokesman"
                m.type = self.actor_type[actor]
            self.gender.setdefault(actor, m.gender)
            self.push(m)
            self.end_at[m.tj] = m
            self.text_roles[actor] = self.text_roles.pop(actor, set()) | cw  # most recently described last

    def _spokesperson_org(self, m: _Mention) -> tuple[str, str]:
        """"a Home Office spokesman", "spokeswoman for the Electoral Commission", "a Labour
        spokesman": the organisation (or party) the spokesperson speaks for."""
        d, lex = self.d, self.lex
        words = [_POSSESSIVE.sub("", d.base[k]) for k in range(m.ti, m.tj)
                 if d.is_cap(k) and d.lower[k] not in _DETERMINERS and d.lower[k] not in _SPOKES]
        name = " ".join(w for w in words if w)
        if not name:
            return "", ""
        rec = self.reg.get(name)
        if rec is None and name in lex.party_words:
            party = lex.party_words[name]
            rec = next((r for r in self.reg.by_name.values() if r["type"] == "organisation" and r["party"] == party
                        and "party" in r["role"].lower()), None)
            if rec is None:
                return "", ""
        if rec is not None and rec["type"] not in ("organisation", "group"):
            return "", ""
        m.type = "organisation"
        return (rec["name"] if rec else name), "spokesperson-org"

    def _office_holder(self, m: _Mention, terms: list) -> tuple[str, str]:
        """A person the article names who holds (on the document's date) or held (undated)
        the office the description names. Several undated candidates: the one whose term
        overlaps the terms of most other registry people the article names (the article's
        era: "the prime minister" beside Blair and Brown in 2005 is Blair); a tie is none."""
        named = [a for a in self.positions if a in self.offices.by_holder]
        cands: dict[str, list] = {}
        for t in terms:
            if t.holder in self.positions and self.compatible(t.holder, m.gender) and (not self.date or t.active(self.date)):
                cands.setdefault(t.holder, []).append(t)
        if len(cands) > 1 and not self.date:
            def score(a: str) -> int:
                return sum(1 for p in named if p != a
                           and any(t.overlaps(u) for t in cands[a] for u in self.offices.by_holder[p]))
            scores = {a: score(a) for a in cands}
            best = max(scores.values())
            cands = {a: v for a, v in cands.items() if scores[a] == best}
        if len(cands) == 1:
            return next(iter(cands)), "office-holder"
        return "", ""

    def _apposition(self, m: _Mention) -> tuple[str, str]:
        """"Labour MP Jane Doe", "Dudley Council's Labour leader, Cllr Pete Lowe",
        "Jane Doe, the Labour MP": the name right next to the description."""
        d, sent = self.d, self.d.sent[m.ti]
        k = m.tj
        if k + 1 < d.n and d.lower[k] in ("for", "of", "on") and not d.is_cap(k + 1):
            k += 1  # "spokeswoman for women Sandra Gidley": skip a short lower-case phrase
            while k < d.n and k - m.tj < 4 and d.base[k].isalpha() and d.base[k].islower():
                k += 1
        while k < d.n and d.words[k] in _APPOS:
            k += 1
        for kk in range(k, min(k + 4, d.n)):
            nm = self.name_at.get(kk)
            if nm is not None:
                if d.sent[kk] == sent:
                    m.subject = d.sentence_initial(m.ti)
                    return nm.actor, "apposition"
                break
            if not (d.words[kk] in self.lex.titles or d.words[kk] == "."):
                break
        if m.ti >= 2 and d.words[m.ti - 1] in _APPOS:
            left = self.end_at.get(m.ti - 1)
            if left is not None and left.actor and d.sent[left.ti] == sent:
                return left.actor, "apposition"
        return "", ""

    def _same_role(self, m: _Mention, cw: set[str]) -> tuple[str, str]:
        """The same role said again: "First Minister Jack McConnell ... the first minister"."""
        if not cw:
            return "", ""
        subj = self.sent_subject.get(self.d.sent[m.ti], "")
        for actor, rw in reversed(list(self.text_roles.items())):
            if cw <= rw and self.compatible(actor, m.gender) and actor != subj:
                return actor, "same-role"
        return "", ""

    def _registry_role(self, m: _Mention, cw: set[str]) -> tuple[str, str]:
        """A person of the document whose registry role and party hold every word of the
        description; the nearest one before it, else the nearest after it."""
        cands = [a for a, rw in self.role_words.items() if cw and cw <= rw and self.compatible(a, m.gender)]
        if not cands:
            return "", ""

        def dist(a: str) -> tuple[int, int]:
            pos = self.positions[a]
            k = bisect.bisect_left(pos, m.ti)
            return (0, m.ti - pos[k - 1]) if k else (1, pos[0] - m.ti)

        return min(cands, key=dist), "registry-role"

    def _cataphora(self, m: _Mention) -> tuple[str, str]:
        """A lede description before anyone is named: the first person who opens one of
        the next sentences ("A DUDLEY Labour MP has ... Ian Austin believes ...")."""
        d, sent = self.d, self.d.sent[m.ti]
        for nm in self.names:
            if nm.ti <= m.ti or nm.type != "person":
                continue
            if d.sent[nm.ti] - sent > 3:
                break
            if d.sentence_initial(nm.ti):
                return nm.actor, "cataphora"
        return "", ""

    def pronoun(self, m: _Mention) -> None:
        """The last gender-compatible subject (inside a quote, not the quoted speaker)."""
        d = self.d
        excl = ""
        if d.in_quote[m.ti]:
            for ev in reversed(self.events):
                if not ev.in_quote:
                    excl = self.sent_subject.get(ev.sentence, ev.actor)
                    break

        def ok(ev: _Event) -> bool:
            return ev.actor != excl and self.compatible(ev.actor, m.gender)

        actor, rule = self.recent(lambda ev: ev.subject and ok(ev)), "pronoun-subject"
        if not actor:
            actor, rule = self.recent(ok), "pronoun-recent"
        if actor:
            m.actor, m.resolved_by = actor, rule
            m.type = self.actor_type.get(actor, m.type)  # "he" of "Mr Blair's spokesman" is that role
            if not self.gender.get(actor):
                self.gender[actor] = m.gender
            self.push(m)


def _strip_determiner(text: str) -> list[str]:
    words = text.split()
    return words[1:] if words and words[0].lower() in _DETERMINERS else words


_PLURAL_PRONOUNS = frozenset("they their".split())


def _plural_pronouns(d: _Doc, groups: list[_Mention]) -> list[_Mention]:
    """Sentence-initial "They"/"Their" -> the most recent group mention in the same or
    the previous sentence (left unresolved, and so left out, when there is none).
    Other plural pronouns are too often about a list of people ("all three of them")."""
    if not groups:
        return []
    ends = sorted((g.tj, g) for g in groups)
    keys = [e for e, _ in ends]
    out = []
    for i, lw in enumerate(d.lower):
        if lw not in _PLURAL_PRONOUNS or not d.base[i].isalpha() or not d.sentence_initial(i):
            continue
        k = bisect.bisect_right(keys, i) - 1
        if k < 0:
            continue
        g = ends[k][1]
        if d.sent[i] - d.sent[g.ti] > 1:
            continue
        out.append(_Mention(d.starts[i], d.ends[i], i, i + 1, "pronoun", "group", actor=g.actor,
                            resolved_by="pronoun-group", source="pronoun"))
    return out


def _groups(d: _Doc, lex: Lexicon, mentions: list[_Mention], reg: Registry) -> list[_Mention]:
    """Collective actors: "some of Corbyn's supporters", "moderate Labour MPs", "union members"."""
    _, _, acr_groups, party = _role_index(lex)
    poss = {
        m.tj - 1: m
        for m in mentions
        if m.actor and (d.cut[m.tj - 1] or (m.kind == "pronoun" and d.lower[m.ti] in ("his", "her")))
    }
    org_tok = {}
    for m in mentions:
        if m.kind == "name" and m.type in ("organisation", "place"):
            for k in range(m.ti, m.tj):
                org_tok[k] = m
    out = []
    for g in range(d.n):
        w = d.base[g]
        if not ((w in acr_groups) or (d.lower[g] in lex.group_nouns and w[:1].islower())):
            continue
        first = d.sent_first[d.sent[g]]
        # possessor: X's (adjective) supporters
        p = g - 1
        while p >= first and g - p <= 3 and d.words[p].isalpha() and d.words[p].islower() and d.lower[p] not in lex.pronouns and d.lower[p] not in _STOP_LEFT and d.lower[p] not in _DETERMINERS:
            p -= 1
        owner = poss.get(p) if p >= first else None
        if owner is not None and owner.type in ("person", "organisation") and owner.kind in ("name", "pronoun", "description"):
            short = owner.actor.split()[-1] if owner.type == "person" else owner.actor
            noun = d.base[g] if d.base[g] in acr_groups else d.lower[g]
            canon = f"{short}' {noun}" if short.endswith("s") else f"{short}'s {noun}"
            a = owner.ti
            if a >= 2 and d.lower[a - 1] == "of" and d.lower[a - 2] in lex.quantifiers:
                a -= 2
            st, en = d.span(a, g + 1)
            out.append(_Mention(st, en, a, g + 1, "group", "group", actor=canon, resolved_by="possessor", source="group"))
            continue
        # modifiers: party words, organisation names, listed modifiers
        a, k, strong = g, g - 1, False
        while k >= first and g - k <= 4:
            hit = None
            for kk in (k - 1, k):  # two-word entries ("trade union", "Lib Dem")
                if kk < first:
                    continue
                two = " ".join(d.base[kk : k + 1])
                if two in lex.party_words or two.lower() in lex.group_modifiers:
                    hit = kk
                    break
            if hit is not None and not any(d.cut[x] for x in range(hit, k + 1)):
                a, k, strong = hit, hit - 1, True
                continue
            if k in org_tok and not d.cut[k]:
                om = org_tok[k]
                a, k, strong = om.ti, om.ti - 1, True
                continue
            break
        if not strong:
            continue
        st, en = d.span(a, g + 1)
        canon = " ".join(d.text[st:en].split())
        rec = reg.get(canon)
        out.append(
            _Mention(st, en, a, g + 1, "group", "group", actor=rec["name"] if rec else canon,
                     resolved_by="registry" if rec else "group-phrase", source="group")
        )
    return out


_KIND_ORDER = {"name": 0, "group": 1, "description": 2, "pronoun": 3}


def empty_mentions() -> pd.DataFrame:
    """An empty mentions table with the schema's columns and dtypes."""
    return _frame([], schema.MENTIONS)


_INT_COLS = frozenset(schema.INT_COLUMNS)


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """Rows to a DataFrame: integer columns as nullable Int64, the rest as strings/objects."""
    cols = list(zip(*rows)) if rows else [()] * len(columns)
    data = {}
    for name, values in zip(columns, cols):
        if name in _INT_COLS:
            data[name] = pd.array(list(values), dtype="Int64")
        elif name == "in_registry":
            data[name] = pd.array(list(values), dtype=bool)
        else:
            data[name] = pd.Series(list(values), dtype=object)
    return pd.DataFrame(data, columns=columns)


def detect_mentions(
    doc_id: str,
    text: str,
    seg: Segmented | None = None,
    *,
    registry: Registry | pd.DataFrame | str | Path | None = None,
    lexicon: Lexicon | str | Path | None = None,
    model: Path | bool | None = None,
    date: str | None = None,
    offices: "Offices | pd.DataFrame | str | Path | None" = None,
) -> pd.DataFrame:
    """Find and resolve the actor mentions of one document.

    Args:
        doc_id: the document's id (used in ``mention_id``).
        text: the document text; every ``start``/``end`` is an offset into it.
        seg: ``utils.text.segment(text)`` (computed when omitted).
        registry: actor registry (default ``data/actors.csv``): a :class:`Registry`, a
            DataFrame with the registry columns, or a path.
        lexicon: rule lexicon (default ``data/actor_lexicon/lexicon.yaml``).
        model: CRF weights (default ``utils/models/ner-crf.crfsuite``); a missing file
            is an error (``utils.paths.ResourceMissing``). ``False`` runs the rules
            alone, on purpose (for tests and comparisons).
        date: the document's date (YYYY-MM-DD...; empty or None when unknown). An office
            named only by its role ("the chancellor") and by no person of the document is
            resolved to its holder on this date.
        offices: office terms with dates (default ``data/offices.csv``).

    Returns:
        DataFrame with columns ``schema.MENTIONS``, one row per mention in text
        order; nested mentions (a name inside a group) are separate rows.
    """
    if seg is None:
        seg = segment(text)
    if not seg.tokens:
        return empty_mentions()
    reg = _as_registry(registry)
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    d = _Doc(text, seg)
    regs = _registry_mentions(d, reg, lex)
    crf = _split_on_registry(d, lex, _crf_mentions(d, lex, model=model) if model is not False else [], regs)
    cands = regs + _hyphen_places(d, lex) + _handle_mentions(d) + crf
    names = _merge_names(cands)
    names = sorted(names + _title_mentions(d, lex, names), key=lambda m: m.start)
    _resolve_names(d, names, reg, lex)
    extra = _propagate_known_names(d, names)
    names = sorted(names + extra, key=lambda m: m.start)
    descs = _descriptions(d, lex, names) + _org_descriptions(d, lex)
    _modifier_places(d, names, descs)
    prons = _pronouns(d, lex)
    day = str(date or "").strip()[:10]
    _resolve_in_order(d, names, descs, prons, reg, lex, _as_offices(offices),
                      day if _ISO_DATE.match(day) else "")
    resolved = names + [m for m in descs + prons if m.actor]
    groups = _groups(d, lex, resolved, reg)
    return _to_frame(doc_id, d, resolved + groups + _plural_pronouns(d, groups))


def _to_frame(doc_id: str, d: _Doc, mentions: list[_Mention]) -> pd.DataFrame:
    seen: dict[tuple[int, int], _Mention] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -m.end, _KIND_ORDER[m.kind])):
        if m.end <= m.start or not m.actor:
            continue
        key = (m.start, m.end)
        if key not in seen:
            seen[key] = m
    rows = []
    for (st, en), m in seen.items():
        rows.append(
            (
                doc_id, f"{doc_id}:m{st}-{en}", st, en, d.text[st:en], actor_id(m.actor), m.actor, m.type,
                m.kind, m.title, m.resolved_by, d.sent[m.ti], d.para[m.ti],
            )
        )
    return _frame(rows, schema.MENTIONS)


# ---------------------------------------------------------------------------
# Corpus level: actors table, registry suggestions, cross-document linking
# ---------------------------------------------------------------------------


def _party_pattern(lex: Lexicon) -> re.Pattern:
    words = sorted(lex.party_words, key=len, reverse=True)
    alts = "|".join(re.escape(w) for w in words) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def _text_party(texts: Iterable[str], lex: Lexicon, pattern: re.Pattern) -> str:
    counts: dict[str, int] = {}
    upper = {k.upper(): v for k, v in lex.party_words.items()}
    for t in texts:
        for m in pattern.finditer(t):
            p = lex.party_words[m.group()]
            counts[p] = counts.get(p, 0) + 1
        for w in re.findall(r"\w+", t):
            if w.isupper() and len(w) > 3 and w in upper and w not in lex.party_words:
                counts[upper[w]] = counts.get(upper[w], 0) + 1
    return max(counts, key=lambda k: (counts[k], k)) if counts else ""


def _role_phrase(text: str) -> str:
    words = _POSSESSIVE.sub("", text).split()
    if words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def empty_actors() -> pd.DataFrame:
    """An empty actors table with the schema's columns."""
    return _frame([], schema.ACTORS)


def build_actors(
    mentions: pd.DataFrame,
    *,
    registry: Registry | pd.DataFrame | str | Path | None = None,
    lexicon: Lexicon | str | Path | None = None,
) -> pd.DataFrame:
    """Merge the mentions of all documents into one row per actor.

    Actors are merged by ``actor_id`` (the slug of the canonical name). Type, party
    and role come from the registry when the actor is in it; otherwise type is the
    most frequent type of its name mentions, party the party most often stated in
    its descriptions ("Labour MP") and group names, and role its most frequent
    description ("Dudley North MP"). Extra registry columns (gender, region ...)
    are appended after the schema columns.

    Args:
        mentions: mentions of one or many documents (``schema.MENTIONS``).
        registry: actor registry (default ``data/actors.csv``).
        lexicon: rule lexicon (party words).

    Returns:
        DataFrame with columns ``schema.ACTORS`` (+ registry extras), most
        mentioned first.
    """
    reg = _as_registry(registry)
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    extras = reg.extra_columns
    if mentions is None or len(mentions) == 0:
        out = empty_actors()
        for c in extras:
            out[c] = pd.Series(dtype=object)
        return out
    return actors_from_stats(actor_stats(mentions), registry=reg, lexicon=lex)


@dataclass
class ActorStats:
    """What :func:`build_actors` needs to know of one actor's mentions: counts
    that add up, so statistics of disjoint sets of documents merge exactly
    (the streaming pipeline builds the actor table chunk by chunk)."""

    names: Counter = field(default_factory=Counter)        # canonical names, first seen first
    named_types: Counter = field(default_factory=Counter)  # types of kind == "name" mentions
    all_types: Counter = field(default_factory=Counter)
    party_texts: Counter = field(default_factory=Counter)  # description and group texts
    role_texts: Counter = field(default_factory=Counter)   # description texts
    n_mentions: int = 0
    n_documents: int = 0

    def merge(self, other: "ActorStats") -> "ActorStats":
        """Add ``other`` (from other documents) into this one; returns self."""
        for name in ("names", "named_types", "all_types", "party_texts", "role_texts"):
            getattr(self, name).update(getattr(other, name))
        self.n_mentions += other.n_mentions
        self.n_documents += other.n_documents
        return self


def actor_stats(mentions: pd.DataFrame) -> dict[str, ActorStats]:
    """Per-actor statistics of a mentions table, in one pass over its rows.

    Statistics of tables with disjoint documents merge with
    :func:`merge_actor_stats`; :func:`actors_from_stats` turns them into the
    actor table.
    """
    stats: dict[str, ActorStats] = {}
    docs: dict[str, set] = {}
    if mentions is None or len(mentions) == 0:
        return stats
    cols = [mentions[c].tolist() for c in ("actor_id", "actor", "type", "kind", "text", "doc_id")]
    for aid, actor, typ, kind, text, doc in zip(*cols):
        st = stats.get(aid)
        if st is None:
            st = stats[aid] = ActorStats()
            docs[aid] = set()
        st.names[actor] += 1
        st.all_types[typ] += 1
        if kind == "name":
            st.named_types[typ] += 1
        elif kind == "description":
            st.party_texts[text] += 1
            st.role_texts[text] += 1
        elif kind == "group":
            st.party_texts[text] += 1
        st.n_mentions += 1
        docs[aid].add(doc)
    for aid, st in stats.items():
        st.n_documents = len(docs[aid])
    return stats


def accumulate_actor_stats(acc: dict[str, ActorStats], part: dict[str, ActorStats]) -> dict[str, ActorStats]:
    """Add ``part`` into ``acc`` in place (copying, never sharing, ``part``'s
    objects, so cached statistics stay unchanged); returns ``acc``."""
    for aid, st in part.items():
        if aid in acc:
            acc[aid].merge(st)
        else:
            acc[aid] = ActorStats().merge(st)
    return acc


def merge_actor_stats(parts: Iterable[dict[str, ActorStats]]) -> dict[str, ActorStats]:
    """Merge per-chunk statistics (chunks hold disjoint documents), in order."""
    out: dict[str, ActorStats] = {}
    for part in parts:
        accumulate_actor_stats(out, part)
    return out


def _weighted_text_party(texts: Counter, lex: Lexicon, pattern: re.Pattern) -> str:
    """:func:`_text_party` over texts with multiplicities."""
    counts: dict[str, int] = {}
    upper = {k.upper(): v for k, v in lex.party_words.items()}
    for t, k in texts.items():
        for m in pattern.finditer(t):
            p = lex.party_words[m.group()]
            counts[p] = counts.get(p, 0) + k
        for w in re.findall(r"\w+", t):
            if w.isupper() and len(w) > 3 and w in upper and w not in lex.party_words:
                counts[upper[w]] = counts.get(upper[w], 0) + k
    return max(counts, key=lambda p: (counts[p], p)) if counts else ""


def actors_from_stats(
    stats: dict[str, ActorStats],
    *,
    registry: Registry | pd.DataFrame | str | Path | None = None,
    lexicon: Lexicon | str | Path | None = None,
) -> pd.DataFrame:
    """The actor table from per-actor statistics (see :func:`build_actors`)."""
    reg = _as_registry(registry)
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    extras = reg.extra_columns
    if not stats:
        out = empty_actors()
        for c in extras:
            out[c] = pd.Series(dtype=object)
        return out
    pattern = _party_pattern(lex)
    rows = []
    for aid, st in stats.items():
        ranked = [n for n, _ in st.names.most_common()]
        in_reg = [n for n in ranked if n in reg.by_name]
        name = in_reg[0] if in_reg else ranked[0]
        rec = reg.by_name.get(name)
        types = st.named_types if st.named_types else st.all_types
        typ = rec["type"] if rec else types.most_common(1)[0][0]
        party_texts = Counter(st.party_texts)
        if typ in ("group", "organisation"):
            party_texts[name] += 1
        party = (rec or {}).get("party", "") or _weighted_text_party(party_texts, lex, pattern)
        role = (rec or {}).get("role", "")
        if not role and typ == "person":
            phrases: Counter = Counter()
            for t, k in st.role_texts.items():
                p = _role_phrase(t)
                if p:
                    phrases[p] += k
            if phrases:
                order = list(phrases)  # first seen first, as ties are broken
                role = max(order, key=lambda p: (phrases[p], not any(w.isupper() and len(w) > 3 for w in p.split()), len(p)))
        row = [aid, name, typ, party, role, st.n_mentions, st.n_documents, rec is not None]
        row += [(rec or {}).get(c, "") for c in extras]
        rows.append(tuple(row))
    out = _frame(rows, schema.ACTORS + extras)
    out = out.sort_values(["n_mentions", "actor_id"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def _stats_type(name: str, st: ActorStats, reg: Registry) -> str:
    rec = reg.by_name.get(name)
    if rec:
        return rec["type"]
    types = st.named_types if st.named_types else st.all_types
    return types.most_common(1)[0][0] if types else ""


def corpus_links(
    stats: dict[str, ActorStats], *, registry: Registry | pd.DataFrame | str | Path | None = None
) -> dict[str, str]:
    """Surname-only person actors linked to the one full name they match in the corpus.

    A document that only says "Mr Falconer" gets actor "Falconer"; when the corpus holds
    exactly one full name ending in "Falconer" (a registry person, or a multi-word person
    actor starting with a known first name), and no other registry person has that
    surname, "Falconer" is that person. Never linked: a surname shared by two full names
    ("Johnson": Boris Johnson and Alan Johnson), a word that also starts a full name
    ("Charles"), a registry name or alias.

    Args:
        stats: per-actor statistics of the whole corpus (:func:`actor_stats`, merged).

    Returns:
        {actor_id of the surname actor: canonical name of the full-name actor}.
    """
    reg = _as_registry(registry)
    names = {aid: (st.names.most_common(1)[0][0] if st.names else "") for aid, st in stats.items()}
    named = {aid: next((n for n in st.names if n in reg.by_name), names[aid]) for aid, st in stats.items()}
    male, female, _ = _gazetteers()
    by_last: dict[str, set[str]] = {}
    firsts: set[str] = set()
    for aid, st in stats.items():
        words = named[aid].split()
        if len(words) >= 2 and all(w[:1].isupper() for w in words) and _stats_type(named[aid], st, reg) == "person":
            firsts.add(words[0])
            # a full name: a registry person, or one that starts with a known first name
            # (not a tagger's "Princes Charles" or "North Devon")
            if named[aid] in reg.by_name or words[0].lower() in male or words[0].lower() in female:
                by_last.setdefault(words[-1], set()).add(named[aid])
    links = {}
    for aid, st in stats.items():
        name = named[aid]
        if (" " in name or not name[:1].isupper() or name in reg.alias or name in firsts
                or _stats_type(name, st, reg) != "person"):
            continue  # "Charles" also starts a full name: not a surname for sure
        full = by_last.get(name, set())
        if len(full) == 1:
            target = next(iter(full))
            if set(reg.surnames.get(name, [])) <= {target} and actor_id(target) != aid:
                links[aid] = target
    return links


def relink_stats(
    stats: dict[str, ActorStats], links: dict[str, str], documents: dict[str, set] | None = None
) -> dict[str, ActorStats]:
    """Statistics after :func:`corpus_links`: each linked actor's counts added to its full
    name's (its name counted as the full name). ``documents``: for each target actor_id,
    the documents it occurs in after linking (so n_documents counts a document once)."""
    if not links:
        return stats
    out: dict[str, ActorStats] = {}
    for aid, st in stats.items():
        target = links.get(aid)
        if target is None:
            accumulate_actor_stats(out, {aid: st})
            continue
        moved = ActorStats().merge(st)
        moved.names = Counter({target: sum(st.names.values())})
        accumulate_actor_stats(out, {actor_id(target): moved})
    for tid, docs in (documents or {}).items():
        if tid in out:
            out[tid].n_documents = len(docs)
    return out


#: Columns holding (actor_id, actor name) pairs, per table, that corpus links rewrite.
LINKED_COLUMNS = {
    "mentions": [("actor_id", "actor")],
    "claims": [("speaker_id", "speaker")],
    "stances": [("source_id", "source"), ("target_id", "target")],
}


def link_across_documents(mentions: pd.DataFrame, *, registry=None) -> pd.DataFrame:
    """Link surname-only person actors to the one full name they match in the corpus
    (:func:`corpus_links`); ``resolved_by`` gains ``+corpus-surname``. Returns a copy.
    The pipeline applies the same links to the claims and stances tables."""
    if mentions is None or len(mentions) == 0:
        return mentions
    links = corpus_links(actor_stats(mentions), registry=registry)
    out = mentions.copy()
    names, ids, rules = out["actor"].tolist(), out["actor_id"].tolist(), out["resolved_by"].tolist()
    for k, aid in enumerate(ids):
        target = links.get(aid)
        if target is not None:
            names[k], ids[k], rules[k] = target, actor_id(target), f"{rules[k]}+corpus-surname"
    out["actor"], out["actor_id"], out["resolved_by"] = names, ids, rules
    return out


def registry_suggestions(actors: pd.DataFrame, *, min_mentions: int = 1) -> pd.DataFrame:
    """Actors found in the text but not in the registry, most frequent first.

    The columns match ``data/actors.csv`` (name, aliases, type, party, role) plus
    the counts, so rows can be reviewed and pasted into the registry.
    """
    cols = ["name", "aliases", "type", "party", "role", "n_mentions", "n_documents"]
    if actors is None or len(actors) == 0:
        return _frame([], cols)
    a = actors[~actors["in_registry"].astype(bool) & actors["type"].isin(["person", "organisation", "group"])]
    a = a[a["n_mentions"] >= min_mentions]
    out = a.assign(aliases="")[cols]
    out = out.sort_values(["n_mentions", "n_documents", "name"], ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True)


TYPE_COLOURS = {
    "person": "#fde68a",
    "organisation": "#bfdbfe",
    "group": "#fbcfe8",
    "place": "#bbf7d0",
    "role": "#fed7aa",
    "other": "#e5e7eb",
}


def highlight_mentions_html(text: str, mentions: pd.DataFrame) -> str:
    """The article as HTML with every mention highlighted (colour by type).

    Nested mentions become nested ``<mark>`` elements; a mention that crosses
    another without nesting is skipped. Text is HTML-escaped; hovering a
    mention shows its actor, type, kind and rule.

    >>> html_ = highlight_mentions_html("Mr Austin <b>", detect_mentions("d", "Mr Austin <b>"))
    >>> "&lt;b&gt;" in html_ and "<mark" in html_
    True
    """
    spans = []
    if mentions is not None and len(mentions):
        for r in mentions.itertuples(index=False):
            s, e = int(r.start), int(r.end)
            if 0 <= s < e <= len(text):
                spans.append((s, -e, r))
    spans.sort(key=lambda x: (x[0], x[1]))
    parts, stack, pos = [], [], 0
    for s, neg_e, r in spans:
        e = -neg_e
        while stack and stack[-1] <= s:
            end = stack.pop()
            parts.append(html.escape(text[pos:end]))
            parts.append("</mark>")
            pos = end
        if stack and e > stack[-1]:
            continue  # crosses the open mention
        parts.append(html.escape(text[pos:s]))
        pos = s
        colour = TYPE_COLOURS.get(r.type, TYPE_COLOURS["other"])
        tip = html.escape(f"{r.actor} · {r.type} · {r.kind} · {r.resolved_by}", quote=True)
        parts.append(f'<mark style="background:{colour};padding:0 1px;border-radius:2px" title="{tip}">')
        stack.append(e)
    while stack:
        end = stack.pop()
        parts.append(html.escape(text[pos:end]))
        parts.append("</mark>")
        pos = end
    parts.append(html.escape(text[pos:]))
    legend = " ".join(
        f'<span style="background:{c};padding:0 4px;border-radius:2px">{t}</span>' for t, c in TYPE_COLOURS.items()
    )
    body = "".join(parts)
    return f'<div style="white-space:pre-wrap;line-height:1.6;font-family:Georgia,serif">{legend}\n\n{body}</div>'


def top_actors(
    actors: pd.DataFrame, *, n: int = 25, types: tuple[str, ...] = ("person", "organisation", "group")
) -> pd.DataFrame:
    """The ``n`` most mentioned actors of the given types, for charts.

    Columns: name, type, party ("unknown" when empty), n_mentions, n_documents.
    """
    cols = ["name", "type", "party", "n_mentions", "n_documents"]
    if actors is None or len(actors) == 0:
        return _frame([], cols)
    a = actors[actors["type"].isin(types)][cols].copy()
    a["party"] = a["party"].fillna("").astype(str).replace("", "unknown")
    a = a.sort_values(["n_mentions", "n_documents", "name"], ascending=[False, False, True], kind="stable")
    return a.head(n).reset_index(drop=True)


def mention_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions counted by type (rows) and kind (columns), with totals."""
    if mentions is None or len(mentions) == 0:
        return pd.DataFrame(0, index=list(TYPES), columns=list(KINDS))
    tab = pd.crosstab(mentions["type"], mentions["kind"], margins=True, margins_name="total")
    order = [t for t in TYPES if t in tab.index] + ["total"]
    cols = [k for k in KINDS if k in tab.columns] + ["total"]
    return tab.loc[order, cols]
