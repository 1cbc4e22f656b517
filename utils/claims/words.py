"""Word lists of the claim rules: closed grammatical sets (auxiliaries, pronouns, time words)
and small open lists (reporting nouns, titles) the rules look words up in.
"""
from __future__ import annotations

import re


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
_TO_VERBS = frozenset(
    "wants want plans plan hopes hope seeks seek sought needs need tries try vows vow promises promise refuses "
    "refuse declines decline continues continue began begins begin agreed agrees intends intend went".split()
)
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
_TITLE_NOUNS = frozenset(
    "book books show shows film films movie movies series album song songs program programme memoir novel "
    "play documentary episode podcast sitcom musical newspaper magazine column headline".split()
)
_TITLE_SMALL = frozenset("a an the of and or in on at to for with from by but".split())


def _title_case(t: str) -> bool:
    """Short and capitalised like a title ('The Apprentice', 'An American Son')."""
    words = _W_RE.findall(t)
    return 0 < len(words) <= 8 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words)


_WORKS = frozenset(
    "letter statement tweet tweets post message email book article remarks comments speech website "
    "column blog account interview note memo op-ed report".split()
)
_TEXT_NOUNS = frozenset("transcript transcripts text excerpt excerpts statement remarks letter memo email e-mail speech "
        "testimony".split())
#: Nouns of texts that can be a quotation's source ('The headline reads: "..."', 'From the report: "..."').
_TEXT_SOURCES = _WORKS | _TEXT_NOUNS | frozenset(
    "headline footnote study poll survey ad advertisement video sign banner caption passage document filing "
    "complaint lawsuit order ruling release page site chapter editorial".split()
)
_POSSESSIVE_DETERMINERS = frozenset("his her their its".split())


def _text_source(w: str) -> bool:
    return w in _TEXT_SOURCES or w.rstrip("s") in _TEXT_SOURCES


_TELL_OBJ = frozenset(
    "reporters journalists supporters voters the a an his her their me him us them you crowd audience "
    "members followers listeners viewers readers".split()
)
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
_SPEAK_VERBS = frozenset("spoke speaks talked talks".split())


_UTTERANCE_END = frozenset(",.!?…")
_ADV_CLAUSE = frozenset("after before when while because although though since until unless whereas even".split())
_IRREGULAR_SPEECH = frozenset("read reads said says wrote writes went goes began begins told tells".split())


_COLON_STOP = frozenset(
    "update updated note editor photo photos video watch read related source sources correction breaking "
    "exclusive advertisement q a transcript caption credit image images listen warning ps".split()
)
_HEADING_EXTRA = frozenset(  # more words of headings that are not names ('Background:', 'Key quotes:')
    "updates videos editor's background clarification live opinion analysis see also previously earlier "
    "what why how when where who the an here this these key quote quotes statement more".split()
)
