"""The stance lexicon (``data/stance_lexicon.csv``) and the issues codebook
(``data/issues.yaml``): loading, validation with file/line/field errors, and the
compiled term indexes that find their entries in a text. Nothing is read at import
time; files are loaded lazily and cached.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence


from utils.datafiles import data_records
from utils import paths

POLARITIES = ("favour", "against", "neutral")
LABELS = ("negative", "neutral", "positive")
CATEGORIES = (
    "support", "oppose", "negator", "contrast", "hedge", "fear", "rhetorical", "harm",
    "positive", "negative", "neutral",
)


class StanceDataError(ValueError):
    """A stance data file (lexicon or issues) is malformed."""


@dataclass(frozen=True)
class LexEntry:
    term: str
    category: str
    weight: float
    line: int


_WORD = re.compile(r"[#@£$€]?\w+(?:[’']\w+)*")


class TermIndex:
    """Fast matcher for many terms: each word of the text looks up the terms
    whose first word it equals (or starts, for a ``*`` term), and only those
    candidates' anchored regexes are tried. Linear in the text."""

    def __init__(self, terms: Sequence[tuple[str, object]]):
        self.exact: dict[str, list[tuple[re.Pattern, object, int]]] = {}
        self.wild: dict[str, list[tuple[str, re.Pattern, object, int]]] = {}
        self.nt: list[object] = []  # payloads of the "n't" term (matched inside words)
        for term, payload in terms:
            if term.lower().startswith(("n't", "n’t")):
                self.nt.append(payload)
                continue
            first = term.split()[0].lower()
            first = re.split(r"[’'\-]", first.lstrip("#@£$€") or first)[0] or first
            rx = re.compile(_term_regex(term), re.IGNORECASE)
            if first.endswith("*"):
                stem = first[:-1]
                self.wild.setdefault(stem[:2], []).append((stem, rx, payload, len(term)))
            else:
                self.exact.setdefault(first, []).append((rx, payload, len(term)))
        for v in self.exact.values():
            v.sort(key=lambda x: -x[2])
        for v in self.wild.values():
            v.sort(key=lambda x: -x[3])

    def matches(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, object]]:
        end = len(text) if end is None else end
        out = []
        pos = start
        exact, wild, nt = self.exact, self.wild, self.nt
        for m in _WORD.finditer(text, start, end):
            s = m.start()
            if s < pos:
                continue
            w = m.group().lower()
            if w[0] in "#@£$€":
                w = w[1:]
            hit = None
            for rx, payload, _ in exact.get(w, ()):
                mm = rx.match(text, s, end)
                if mm:
                    hit = (mm.start(), mm.end(), payload)
                    break
            if hit is None:
                for stem, rx, payload, _ in wild.get(w[:2], ()):
                    if w.startswith(stem):
                        mm = rx.match(text, s, end)
                        if mm:
                            hit = (mm.start(), mm.end(), payload)
                            break
            if hit is not None:
                out.append(hit)
                pos = hit[1]
            elif nt and w.endswith(("n't", "n’t")) and len(w) > 3:
                out.append((m.end() - 3, m.end(), nt[0]))
        return out


@dataclass(frozen=True)
class Lexicon:
    """The compiled stance lexicon (see ``data/stance_lexicon.csv``)."""

    entries: tuple[LexEntry, ...]
    index: TermIndex
    path: str = ""

    def matches(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, LexEntry]]:
        """All lexicon matches in ``text[start:end]`` as ``(start, end, entry)``."""
        return self.index.matches(text, start, end)


_WORDISH = re.compile(r"^[\w£$€#@'’\-. &]+$")


def _term_regex(term: str) -> str:
    """Regex for a lexicon/issue term: spaces = whitespace, final ``*`` = word ending,
    ``...`` = a gap of 1-60 characters in the same sentence."""
    parts = []
    for word in term.split():
        if word == "...":
            parts.append(r"[^.!?\n]{1,60}?")
            continue
        star = word.endswith("*")
        w = word[:-1] if star else word
        piece = re.escape(w).replace("'", "['’]").replace("’", "['’]")
        parts.append(piece + (r"\w*" if star else ""))
    body = r"\s+".join(parts)
    lead = "" if term.startswith("n't") else r"(?<!\w)"
    return lead + body + r"(?!\w)"


def _check_term(term: str, where: str) -> None:
    if not term or not term.strip():
        raise StanceDataError(f"{where}: empty term")
    for word in term.split():
        if word == "...":
            continue
        if "*" in word[:-1]:
            raise StanceDataError(f"{where}: '*' is allowed only at the end of a word: {term!r}")
        if not _WORDISH.match(word.rstrip("*")):
            raise StanceDataError(f"{where}: unexpected characters in term {term!r}")


@lru_cache(maxsize=8)
def _load_lexicon_cached(path: str) -> Lexicon:
    p = Path(path)
    rows = data_records(p, ["term", "category", "weight"], error=StanceDataError, short_rows=True)
    entries = []
    seen = set()
    for lineno, row in rows:
        where = f"{p}, line {lineno}"
        for col in ("term", "category", "weight"):
            if row.get(col) is None:
                raise StanceDataError(f"{where}: missing field '{col}' (header must be term,category,weight,note)")
        term = row["term"].strip()
        cat = row["category"].strip().lower()
        _check_term(term, f"{where}, field 'term'")
        if cat not in CATEGORIES:
            raise StanceDataError(f"{where}, field 'category': {cat!r} is not one of {', '.join(CATEGORIES)}")
        try:
            weight = float(row["weight"])
        except ValueError:
            raise StanceDataError(f"{where}, field 'weight': {row['weight']!r} is not a number") from None
        if weight < 0 or math.isnan(weight):
            raise StanceDataError(f"{where}, field 'weight': must be >= 0")
        key = term.lower()
        if key in seen:
            raise StanceDataError(f"{where}, field 'term': duplicate term {term!r}")
        seen.add(key)
        entries.append(LexEntry(term, cat, weight, lineno))
    if not entries:
        raise StanceDataError(f"{p}: no terms")
    # Longest terms first so that 'swipe at' wins over 'swipe', 'vote against' over 'vote'.
    order = sorted(range(len(entries)), key=lambda i: (-len(entries[i].term), i))
    entries = [entries[i] for i in order]
    return Lexicon(tuple(entries), TermIndex([(e.term, e) for e in entries]), str(p))


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and validate the stance lexicon (default ``data/stance_lexicon.csv``).

    Raises:
        StanceDataError: naming file, line and field of the first problem.
    """
    return _load_lexicon_cached(str(Path(path) if path else paths.DATA / "stance_lexicon.csv"))


DIRECTIONS = ("favour", "against")
_DIRECTED_FIELDS = tuple(f"{d}_{kind}" for d in DIRECTIONS for kind in ("terms", "patterns"))


@dataclass(frozen=True)
class Issue:
    """An analyst-defined issue target: a name plus terms and regex patterns that
    mention it, and optional directed terms/patterns that carry a stance toward it
    ("anti-austerity" is against austerity)."""

    name: str
    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    favour_terms: tuple[str, ...] = ()
    against_terms: tuple[str, ...] = ()
    favour_patterns: tuple[str, ...] = ()
    against_patterns: tuple[str, ...] = ()

    @property
    def issue_id(self) -> str:
        return "issue:" + slug(self.name)

    def all_terms(self) -> list[tuple[str, str]]:
        """``(term, direction)`` pairs; direction is ``""`` for a plain mention."""
        return ([(t, "") for t in self.terms] + [(t, "favour") for t in self.favour_terms]
                + [(t, "against") for t in self.against_terms])

    def all_patterns(self) -> list[tuple[str, str]]:
        """``(pattern, direction)`` pairs; direction is ``""`` for a plain mention."""
        return ([(p, "") for p in self.patterns] + [(p, "favour") for p in self.favour_patterns]
                + [(p, "against") for p in self.against_patterns])


@dataclass(frozen=True)
class IssueSet:
    """Issues compiled for matching (terms through a :class:`TermIndex`, the
    patterns as one regex), with the codebook's ``version`` and ``path``."""

    issues: tuple[Issue, ...]
    index: TermIndex | None
    patterns: tuple[tuple[re.Pattern, Issue, str], ...] = ()
    version: str = ""
    path: str = ""

    def matches(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Issue]]:
        """Issue matches, longest first where they overlap, sorted by offset."""
        return [(s_, e_, iss) for s_, e_, iss, _ in self.directed_matches(text, start, end)]

    def directed_matches(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Issue, str]]:
        """Issue matches as ``(start, end, issue, direction)`` (direction ``favour``,
        ``against`` or ``""``), longest first where they overlap, sorted by offset."""
        end = len(text) if end is None else end
        found = [(s_, e_, iss, dr) for s_, e_, (iss, dr) in self.index.matches(text, start, end)] if self.index else []
        if self.patterns:
            rx = self.patterns[0][0]
            pis = [(iss, dr) for _, iss, dr in self.patterns]
            found += [(m.start(), m.end()) + pis[int(m.lastgroup[1:])]
                      for m in rx.finditer(text, start, end) if m.end() > m.start()]
        found.sort(key=lambda x: (x[0], -x[1]))
        out, last = [], -1
        for s_, e_, iss, dr in found:
            if s_ >= last:
                out.append((s_, e_, iss, dr))
                last = e_
            elif e_ > last and out and out[-1][2] is iss:
                out[-1] = (out[-1][0], e_, iss, out[-1][3])
                last = e_
        return out


def compile_issues(issues: Iterable[Issue], *, version: str = "", path: str = "") -> IssueSet:
    """Compile issues for matching."""
    issues = tuple(issues)
    terms = [(t, (iss, dr)) for iss in issues for t, dr in iss.all_terms()]
    plist = [(p, iss, dr) for iss in issues for p, dr in iss.all_patterns()]
    pats: tuple = ()
    if plist:
        # one pass for all patterns, tried only at word starts
        rx = re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(f"(?P<p{i}>{p})" for i, (p, _, _) in enumerate(plist)) + ")",
                        re.IGNORECASE)
        pats = tuple((rx, iss, dr) for _, iss, dr in plist)
    return IssueSet(issues, TermIndex(terms) if terms else None, pats, version, path)


_NESTED_QUANT = re.compile(r"\((?:[^()\\]|\\.)*[+*}]\)[+*{]")


_ISSUE_FIELDS = ("name", "terms", "patterns", *_DIRECTED_FIELDS, "note")


def _check_pattern(pat: str, where: str) -> None:
    try:
        rx = re.compile(pat)
    except re.error as exc:
        raise StanceDataError(f"{where}: bad regex {pat!r}: {exc}") from None
    if rx.groupindex:
        raise StanceDataError(f"{where}: named groups are not allowed in {pat!r}")
    if _NESTED_QUANT.search(pat):
        raise StanceDataError(f"{where}: nested quantifier (not linear-time) in {pat!r}")
    if rx.match(""):
        raise StanceDataError(f"{where}: {pat!r} matches the empty string")


def _parse_issue(item: dict, where: str) -> Issue:
    """One validated :class:`Issue` from its YAML mapping (``where`` names file, line
    and issue in errors)."""
    unknown = set(item) - set(_ISSUE_FIELDS)
    if unknown:
        raise StanceDataError(f"{where}: unknown field(s) {sorted(unknown)} (allowed: {', '.join(_ISSUE_FIELDS)})")
    fields: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for field in _ISSUE_FIELDS[1:-1]:
        vals = item.get(field)
        if vals is None:
            vals = []
        if not isinstance(vals, list) or not all(isinstance(t, str) for t in vals):
            raise StanceDataError(f"{where}, field '{field}': must be a list of strings (quote a term YAML "
                                  "reads as a number or yes/no)")
        if field in item and not vals:
            raise StanceDataError(f"{where}, field '{field}': empty list (remove the field or add entries)")
        for v in vals:
            if field.endswith("terms"):
                _check_term(v, f"{where}, field '{field}'")
            else:
                _check_pattern(v, f"{where}, field '{field}'")
            key = v.strip().lower()
            if key in seen:
                raise StanceDataError(f"{where}, field '{field}': {v!r} is already listed under '{seen[key]}'")
            seen[key] = field
        fields[field] = tuple(v.strip() if field.endswith("terms") else v for v in vals)
    if not seen:
        raise StanceDataError(f"{where}: needs at least one term or pattern")
    return Issue(item["name"].strip(), **fields)


@lru_cache(maxsize=8)
def _load_issues_cached(path: str) -> IssueSet:
    """Read and validate an issues YAML file (cached by path); errors name the file,
    the line of the issue's name and the field (:class:`StanceDataError`)."""
    import yaml

    p = Path(path)
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise StanceDataError(f"{p}{line}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("issues"), list):
        raise StanceDataError(f"{p}: expected a top-level key 'issues' holding a list")
    extra = set(data) - {"version", "issues"}
    if extra:
        raise StanceDataError(f"{p}: unknown top-level field(s) {sorted(extra)} (allowed: version, issues)")
    if data.get("version") is None or not str(data["version"]).strip():
        raise StanceDataError(f"{p}, field 'version': missing; add e.g. version: \"1.0\" (bump it on every change)")
    lines = p.read_text(encoding="utf-8").splitlines()

    def line_of(name: str) -> str:
        for i, ln in enumerate(lines):
            if "name:" in ln and name in ln:
                return f", line {i + 1}"
        return ""

    out, names = [], set()
    for k, item in enumerate(data["issues"]):
        if not isinstance(item, dict):
            raise StanceDataError(f"{p}: issue #{k + 1} is not a mapping (name/terms/patterns)")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise StanceDataError(f"{p}: issue #{k + 1}, field 'name': missing or empty")
        where = f"{p}{line_of(name)}, issue {name!r}"
        if name.strip() in names:
            raise StanceDataError(f"{where}, field 'name': duplicate issue name")
        names.add(name.strip())
        out.append(_parse_issue(item, where))
    return compile_issues(out, version=str(data["version"]).strip(), path=str(p))


def load_issues(path: str | Path | None = None) -> IssueSet:
    """Load and validate the issues file (default ``data/issues.yaml``).

    Raises:
        StanceDataError: naming file, line/issue and field of the first problem.
    """
    return _load_issues_cached(str(Path(path) if path else paths.DATA / "issues.yaml"))


def slug(name: str) -> str:
    """The project's id rule (``utils.actors.actor_id``): ``"Ian Austin" -> "ian-austin"``."""
    from utils.actors import actor_id

    return actor_id(name)
