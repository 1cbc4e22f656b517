"""Word lists of the claim rules: closed grammatical sets (auxiliaries, pronouns, time words)
here in code, and the open lists (speech verbs, text nouns, titles, heading words ...) of
``data/claims_words.csv``, loaded, validated and cached by :func:`load_word_lists`.
"""
from __future__ import annotations

import re
from collections.abc import Set as AbcSet
from functools import lru_cache
from pathlib import Path

from utils.datafiles import data_records
from utils import paths
from utils.claims.cues import CueFileError

#: The open word lists of ``data/claims_words.csv`` the rules read (its header says what each is for).
WORD_LISTS = (
    "speak_verbs",
    "intro_comma_verbs",
    "intro_colon_verbs",
    "to_verbs",
    "works",
    "text_nouns",
    "text_sources",
    "title_nouns",
    "words_nouns",
    "naming_words",
    "signature_titles",
    "hearers",
    "animate_nouns",
    "adjunct_heads",
    "colon_stop",
    "heading_words",
    "plural_noun_cues",
    "noun_verbs",
    "noun_verbs_quoted",
    "ly_adjectives",
    "desire_verbs",
    "prize_nouns",
)
_LIST_WORD = re.compile(r"[a-z0-9](?:[a-z0-9'’.-]*[a-z0-9.])?")


def load_word_lists(path: str | Path | None = None) -> dict[str, frozenset[str]]:
    """Read and validate the claims word lists (default ``data/claims_words.csv``).

    Args:
        path: CSV with columns ``list,word``, one word a line; ``#`` lines are comments.

    Returns:
        {list name: frozenset of lower-case words} for every name of :data:`WORD_LISTS`.

    Raises:
        CueFileError: naming the file, line and field of the first problem (an unknown list,
            a word that is not one lower-case token, a word given twice), or a list with no word.
        paths.ResourceMissing: the file is missing.
    """
    path = paths.require_file(Path(path) if path else paths.DATA / "claims_words.csv", "claims word lists")
    return dict(_load_word_lists_cached(str(path)))


@lru_cache(maxsize=4)
def _load_word_lists_cached(path: str) -> tuple[tuple[str, frozenset[str]], ...]:
    found: dict[str, set[str]] = {name: set() for name in WORD_LISTS}
    for n, rec in data_records(path, ["list", "word"], error=CueFileError, exact=True):
        name, word = rec["list"], rec["word"]
        if name not in found:
            raise CueFileError(f"{path}, line {n}, field 'list': {name!r} is not one of {', '.join(WORD_LISTS)}")
        if not _LIST_WORD.fullmatch(word):
            raise CueFileError(f"{path}, line {n}, field 'word': {word!r} is not one lower-case token")
        if word in found[name]:
            raise CueFileError(f"{path}, line {n}, field 'word': {word!r} is already in {name}")
        found[name].add(word)
    empty = [name for name, ws in found.items() if not ws]
    if empty:
        raise CueFileError(f"{path}: no word for the list(s) {', '.join(empty)}")
    return tuple((name, frozenset(ws)) for name, ws in found.items())


def word_list(name: str) -> frozenset[str]:
    """The words of one list of ``data/claims_words.csv`` (KeyError for a name not in :data:`WORD_LISTS`)."""
    return load_word_lists()[name]


class LazyWords(AbcSet):
    """One or more word lists of ``data/claims_words.csv`` (their union, plus ``extra`` words
    fixed in code), read on first use, so that importing the
    package reads no file (a missing or malformed file is then an error of the claims stage
    of the document being annotated, recorded like any other, not an import error).

    >>> words = LazyWords("to_verbs")
    >>> "want" in words, len(words) > 0
    (True, True)
    """

    def __init__(self, *names: str, extra: frozenset[str] = frozenset()):
        self.extra = frozenset(extra)
        for name in names:
            if name not in WORD_LISTS:
                raise KeyError(f"{name!r} is not a list of data/claims_words.csv ({', '.join(WORD_LISTS)})")
        self.names = names
        self._cache: frozenset[str] | None = None

    def _words(self) -> frozenset[str]:
        # read once (the lists are cached by path anyway): a lookup is then one set test,
        # not a file check and a union per word
        if self._cache is None:
            if len(self.names) == 1 and not self.extra:
                self._cache = word_list(self.names[0])
            else:
                self._cache = self.extra.union(*(word_list(n) for n in self.names))
        return self._cache

    def __contains__(self, word) -> bool:
        return word in self._words()

    def __iter__(self):
        return iter(self._words())

    def __len__(self) -> int:
        return len(self._words())

    def __repr__(self) -> str:
        return f"LazyWords{self.names!r}"

    @classmethod
    def _from_iterable(cls, it):  # the result of ``|``, ``&`` ... is a plain frozenset
        return frozenset(it)


# ---------------------------------------------------------------------------
# Word helpers
# ---------------------------------------------------------------------------

_AUX = frozenset(
    "has have had is was are were be been being will would could can may might must should shall "
    "did does do also not never just still already again repeatedly later then previously once recently "
    "publicly privately reportedly further even often frequently first initially quickly flatly openly "
    "simply only widely generally apparently allegedly clearly explicitly jokingly now since long "
    "has also always angrily ever yet both twice".split()
)
#: The auxiliaries of _AUX that are verbs (the rest are adverbs): evidence of a clause.
_VERB_AUX = frozenset(
    "has have had is was are were be been being will would could can may might must should shall did does do".split()
)
#: Words that end a verb phrase, not a speaker: 'used to', 'seems to', 'refrained from'.
_VERB_COMPLEMENT_END = frozenset("to from with about".split())
_INTENSIFIERS = frozenset("very so too really quite rather pretty".split())
_IRREGULAR_PAST = frozenset("made took gave got came went saw knew thought felt kept left held brought".split())
_ADVERBS = frozenset("nevertheless however meanwhile too also still even later then again once".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split())
_MONTHS = frozenset("january february march april may june july august september october november december jan feb mar apr jun "
        "jul aug sep sept oct nov dec".split())
_OPENERS = frozenset("here there well now yes no so then again also yet still instead indeed".split())
_INTRO = frozenset(
    "on in at after before during later earlier last meanwhile however still yesterday today for with as since "
    "under over despite amid while when if although though because to once asked speaking following from beyond "
    "like unlike among through throughout within without against across toward towards upon by about amid inside "
    "outside near instead likewise essentially separately similarly finally moreover indeed nonetheless "
    "nevertheless besides thus therefore ultimately overall publicly privately perhaps".split()
)
_CONTRAST = frozenset("but although though whereas while".split())
_OBJECT_END = frozenset("because although though whereas while since unless".split())
_OBJECT_END_AFTER_COMMA = frozenset("but and which who as after before when saying adding while".split())
_TO_VERBS = LazyWords("to_verbs")
#: Words that open a subordinate clause.
_SUBORDINATORS = frozenset("while when as after before although though if because since once unless whereas until".split())
_PROGRESSIVE_AUX = frozenset("is are was were be been am 're 's".split())
_PERSONAL_SUBJ = frozenset("he she they we".split())
_TIME_WORDS = frozenset("the a an this that last next same one two three few several day days week weeks month months year "
        "years earlier later".split())
_TIME_NOUNS = frozenset("night morning afternoon evening week month year weekend".split())
_SPANS_OF_TIME = frozenset("minutes hours days weeks months years moments day week month year hour".split())
#: Words that quantify a span of time: "less than two weeks ago", "a few days after".
_TIME_QUANTITY = frozenset("a an few several many less more than about nearly almost just only some long two three four five "
        "six seven eight nine ten".split())
_PREP = frozenset("in on at during like for with by over after before since from of under among".split())
_CLAUSE_BOUND = frozenset("that but because while when if although though whereas since".split())
_STOP_BACK = frozenset(
    "that but and because while when if as after before since although though so where whom "
    "whether than or nor unless until whereas despite".split()
)
_CONJ_START = frozenset("but and so yet or however meanwhile still then also now".split())
_PRONOUNS = frozenset("he she they i we it his her their its my our you".split())
_PERSONAL = frozenset("he she they i we his her their my our".split())
#: Nouns whose name follows in quote marks: a title, not a quotation.
_TITLE_NOUNS = LazyWords("title_nouns")
_TITLE_SMALL = frozenset("a an the of and or in on at to for with from by but".split())


def _title_case(t: str) -> bool:
    """Short and capitalised like a title ('The Apprentice', 'An American Son')."""
    words = _W_RE.findall(t)
    return 0 < len(words) <= 8 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words)


_WORKS = LazyWords("works")
_TEXT_NOUNS = LazyWords("text_nouns")
#: Nouns of texts that can be a quotation's source ('The headline reads: "..."', 'From the report: "..."').
_TEXT_SOURCES = LazyWords("works", "text_nouns", "text_sources")
_POSSESSIVE_DETERMINERS = frozenset("his her their its".split())


def _text_source(w: str) -> bool:
    return w in _TEXT_SOURCES or w.rstrip("s") in _TEXT_SOURCES


#: Hearers after a cue that takes an object ('told reporters that ...'): determiners and pronouns, and nouns.
_TELL_OBJ = LazyWords("hearers", extra=frozenset("the a an his her their me him us them you".split()))
_TIME = frozenset(
    "on in at during monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "last this earlier later week month year morning afternoon evening night statement interview "
    "a an the with to of recently previously also again".split()
)
_QUOTE_CHARS = "\"“”„‟«»‘’‚'`"
_QUOTE_MARK_TOKENS = frozenset(_QUOTE_CHARS) | {"''", "``"}
_W_RE = re.compile(r"\w+")
_PARTY_TAG = re.compile(r"[RDI]-[A-Z]")
_WORD = re.compile(r"\w")


def _has_words(text: str, s: int, e: int, n: int) -> bool:
    """At least ``n`` ``\\w+`` words in ``text[s:e]`` (stops early)."""
    for k, _ in enumerate(_W_RE.finditer(text, s, e), 1):
        if k >= n:
            return True
    return False


def _is_cap(w: str) -> bool:
    return w[:1].isupper() or w[:1] in "@#"


#: Intransitive speech verbs: someone speaks, and the quotation that follows is what was said.
_SPEAK_VERBS = LazyWords("speak_verbs")


_UTTERANCE_END = frozenset(",.!?…")
_ADV_CLAUSE = frozenset("after before when while because although though since until unless whereas even".split())
_IRREGULAR_SPEECH = frozenset("read reads said says wrote writes went goes began begins told tells".split())


_COLON_STOP = LazyWords("colon_stop")
_HEADING_EXTRA = LazyWords("heading_words")  # more words of headings that are not names ('Background:')
