"""One document as token arrays shared by every mention rule, the mention record, and the
closed grammatical word lists the rules use."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import pandas as pd

from utils import schema
from utils.actors.tagger import _POSSESSIVE
from utils.text import DASH_CHARS, Segmented

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
#: Speech verbs that come before their subject after a quote or a comma ('"...," said Tim
#: Danton'; '..., added the minister'): the name after them is the sentence's subject.
_INVERTED_CUES = frozenset(
    "said says added asked explained continued insisted admitted warned argued replied wrote stressed noted "
    "claimed commented concluded suggested remarked confirmed maintained agreed acknowledged declared".split())
#: Verbs after an organisation's name that make it a speaker ("Unilever said", "Apple told").
SPEAKS = frozenset(_INVERTED_CUES | {"told", "tells", "announced", "announces", "reported", "reports", "adds",
                                     "warns", "insists", "believes", "expects", "denied", "denies", "revealed"})
_QUOTE_OR_COMMA = frozenset((",", '"', "\u201d", "'", "\u2019", "''"))
_STOP_LEFT = frozenset(
    "of to and or in on for with by at from is was are were be been has have had will would could should "
    "said says that which who as than not no but if when while".split()
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

    @cached_property
    def lower_words(self) -> frozenset:
        """The document's words written in lower case ("tobacco": so "Reynolds Tobacco" names no person)."""
        return frozenset(w for w in self.words if w.islower())

    @cached_property
    def inner_bases(self) -> frozenset:
        """Possessive-free words that stand somewhere off a sentence start ("Straw" of "Jack Straw")."""
        out, sent, initial = set(), None, True  # (one pass: sentence_initial of every token)
        for k in range(self.n):
            if self.sent[k] != sent:
                sent, initial = self.sent[k], True
            if not initial:
                out.add(self.base[k])
            initial = initial and self.lower[k] in _LEAD_WORDS
        return frozenset(out)

    def __init__(self, text: str, seg: Segmented):
        """Token starts, ends, words, possessive-free bases, sentence and paragraph of each
        token, each sentence's first and last token, and whether a token is inside a
        quotation (quote parity, reset at every paragraph)."""
        self.text = text
        toks = seg.tokens
        self.starts = [t.start for t in toks]
        self.ends = [t.end for t in toks]
        self.sent = [t.sentence for t in toks]
        self.para = [t.paragraph for t in toks]
        self.words = seg.words if seg.text == text else tuple(text[t.start : t.end] for t in toks)
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
        for k, (s, _) in enumerate(firsts):
            self.sent_last[s] = firsts[k + 1][1] if k + 1 < len(firsts) else n
        # inside a quotation: the project's one quote tracker (utils.text.quotes), outermost
        # quotes, marks included; it pairs run-together parts ('... PC. "We want ..."') that
        # simple parity would read as a closing and an opening mark
        self.in_quote = [False] * n
        for q in seg.quotes:
            if q.depth == 0:
                k = bisect.bisect_left(self.starts, q.open_start)
                while k < n and self.starts[k] < q.close_end:
                    self.in_quote[k] = True
                    k += 1
        self._caps: dict[int, bool] = {}

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
        if ti >= 2 and self.lower[ti - 1] in _INVERTED_CUES and self.words[ti - 2] in _QUOTE_OR_COMMA \
                and self.sent[ti - 2] == self.sent[ti]:
            return True  # '"...," said Tim Danton': the speaker after an inverted speech verb
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


def _role_phrase(text: str) -> str:
    words = _POSSESSIVE.sub("", text).split()
    if words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


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
