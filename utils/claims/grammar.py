"""Token grammar of the rules: is a cue match a cue, where a subject or noun phrase before or
after a token starts and ends, does a span look like a name or a speaker.
"""
from __future__ import annotations

import re
from functools import lru_cache

from utils.text import DASH_CHARS, load_abbreviations
from utils.claims.cues import Cue
from utils.claims.doc import _Doc, _EDGE_CHARS, _trim_span
from utils.claims.words import (
    _ADVERBS, _AUX, _CLAUSE_BOUND, _COLON_STOP, _CONJ_START, _HEADING_EXTRA, _INTRO, _IRREGULAR_SPEECH, _MONTHS, _OPENERS,
    _PARTY_TAG, _PERSONAL_SUBJ, _PREP, _PRONOUNS, _QUOTE_CHARS, _QUOTE_MARK_TOKENS, _SPANS_OF_TIME, _STOP_BACK,
    _SUBORDINATORS, _TIME_NOUNS, _TIME_QUANTITY, _TIME_WORDS, _VERB_AUX, _WEEKDAYS, _is_cap
)
from utils.claims.words import LazyWords


def _head_index(doc: "_Doc", r: tuple[int, int]) -> int:
    """The last word of the token range ``r`` (its head), past trailing punctuation."""
    hx = r[1] - 1
    while hx > r[0] and not doc.words[hx][:1].isalnum():
        hx -= 1
    return hx


def _find_cues(doc: _Doc, lo: int, hi: int, inq: list[int] | None, want_in: int = -1):
    """Cue matches among tokens ``lo..hi``: list of (token index, n tokens, Cue).

    With ``inq``, only tokens whose quote index equals ``want_in`` are searched.
    """
    out = []
    low = doc.low
    by_first = doc.lex.by_first
    i = lo
    while i < hi:
        if low[i] in by_first and (inq is None or inq[i] == want_in):
            cue = doc.lex.match(low, i)
            if cue is not None and i + len(cue.form) <= hi:
                if _plausible_cue(doc, i, cue, lo):
                    out.append((i, len(cue.form), cue))
                    i += len(cue.form)
                    continue
        i += 1
    return out


_BE = frozenset("is was were are be been being am 's".split())
_IRREGULAR_PARTICIPLES = frozenset("told shown found thought felt known seen written said".split())
_INVERTED_START = frozenset("the a an he she they i we one another two three some many several".split())
_NOT_AFTER = frozenset("the a an this that these those its his her their our my your of no any some such".split())


_PLURAL_NOUN_CUES = LazyWords("plural_noun_cues")
# cue forms that are also common nouns ("his views", "the plan", "voter support")
_NOUN_VERB = LazyWords("noun_verbs")
# ... and after a quoted word ('a "daring" plan', 'his "secret" hopes')
_NOUN_VERB_QUOTED = LazyWords("noun_verbs", "noun_verbs_quoted")
_SUBJECT_END_WORDS = frozenset("who which that and also not never still i you we they he she it".split())


def _subject_end(doc: _Doc, k: int) -> bool:
    """Can token ``k`` end a subject right before a verb? ('Ms Lowe', 'voters', 'who', 'also')."""
    w = doc.words[k]
    lw = doc.low[k]
    if not w[:1].isalnum():
        return w in (")", ",")
    if _is_cap(w) or w[:1].isdigit() or lw in _SUBJECT_END_WORDS or lw in _AUX or _is_adverb(lw):
        return True
    return lw.endswith("s") and not lw.endswith(("ss", "ous"))  # a plural subject: "voters support"


def _plausible_cue(doc: _Doc, i: int, cue: Cue, lo: int) -> bool:
    """Reject noun uses and idioms: 'the report', 'so-called', 'a statement'."""
    w = doc.low[i]
    prev = doc.low[i - 1] if i > lo else ""
    if prev in _NOT_AFTER and cue.lemma not in ("according to",) and not (
            prev == "that" and i - 1 > lo and (w.endswith("ed") or w in _IRREGULAR_SPEECH) and doc.words[i - 2][:1].isalnum()
            and doc.low[i - 2] not in _VERB_AUX and doc.lex.match(doc.low, i - 2) is None) and not (
            prev in ("some", "those") and (w.endswith("ed") or w in _IRREGULAR_SPEECH)):
        return False  # (but 'a video that said', 'a sign that read': a relative clause; 'Some chanted': a pronoun)
    if prev.endswith(("'s", "’s")) and w not in ("said", "says"):
        return False  # "Trump's claim": a noun
    if (len(cue.form) == 1 and w.endswith("ed") and i > lo and i + 2 < len(doc.low) and doc.low[i + 1] == "by"
            and doc.words[i - 1].isalpha() and doc.words[i - 1].islower() and doc.low[i - 1] not in _PRONOUNS
            and doc.low[i - 1] not in _AUX and doc.low[i - 1] not in ("as", "who", "that", "and", "first")
                    and not _is_adverb(doc.low[i - 1])):
        return False  # "claims denied by Labour", "a plan criticised by unions": a passive participle
    if (len(cue.form) == 1 and w.endswith("ed") and i - 2 >= lo and i + 2 < len(doc.low) and doc.low[i + 1] == "by"
            and _is_cap(doc.words[i - 1]) and doc.low[i - 2] in _PREP):
        return False  # "the divide in America highlighted by the shootings": a passive participle too
    if w in ("told", "urged", "warned", "ordered",
            "advised") and i + 2 < len(doc.low) and doc.low[i + 1] == "to" and doc.words[i + 2].isalpha() \
            and doc.words[i + 2].islower() and (i == lo or not doc.words[i - 1][:1].isalnum() or _is_cap(doc.words[i - 1])):
        return False  # "Blair told to double overseas aid" (a headline): he was told
    if w in _PLURAL_NOUN_CUES and i + 1 < len(doc.low) and doc.lex.match(doc.low, i + 1) is not None:
        return False  # "Press reports suggest", "opinion polls show": the noun is the next cue's subject
    if w in _PLURAL_NOUN_CUES and i > lo and (
            (prev.endswith("ed") and doc.words[i - 1].islower() and len(prev) > 4)
            or (i + 2 < len(doc.low) and doc.low[i + 1].endswith("ed") and doc.low[i + 2] == "by")):
        return False  # "the programme investigated claims ...", "claims denied by Labour": a noun
    if len(cue.form) == 1 and i > lo and (
        (w in _NOUN_VERB and not _subject_end(doc, i - 1))
        or (w in _NOUN_VERB_QUOTED and doc.low[i - 1] in _QUOTE_CHARS and doc.text[doc.ts[i - 1] - 1 : doc.ts[i - 1]].isalnum())
    ):
        return False  # "sincere views", "voter support", a "daring" plan: nouns
    if prev == "-" or (i > lo and doc.ts[i] == doc.te[i - 1] and doc.words[i - 1] not in ("(",)):
        return False  # so-called, re-stated
    if w in ("found", "show", "shows", "showed", "shown", "expected", "feels", "felt",
            "hopes") and doc.low[i + 1 : i + 2] in (["to"], ["out"], ["up"]):
        return cue.form[0] != "found" and w not in ("show", "shows", "showed", "shown")
    if w == "pledged" and doc.low[i + 1 : i + 2] and doc.low[i + 1].startswith("delegate"):
        return False  # "pledged delegates"
    if w in ("called",) and i > lo and doc.low[i - 1] in ("so",):
        return False
    if w in ("called", "dubbed", "named", "titled") and i - 2 >= lo and doc.words[i - 1].isalpha() and doc.words[i - 1].islower():
        a = i - 2
        while a > lo and i - a < 4 and (doc.words[a].isalnum() and not _is_cap(doc.words[a]) and doc.low[a] not in ("a", "an")):
            a -= 1
        if doc.low[a] in ("a", "an") and all(doc.low[x] not in _AUX and doc.low[x] not in _PRONOUNS for x in range(a + 1, i)):
            return False  # 'a psychology class called "Perception"', 'a group called X': a name given, not a claim
    if (len(cue.form) == 1 and (w.endswith("ed") or w in _IRREGULAR_PARTICIPLES) and i - 2 >= lo
            and doc.low[lo] in _PREP and doc.words[lo][:1].isupper()
            and not any(doc.low[x] in (",", ";", ":") for x in range(lo, i))
            and doc.words[i - 1].isalpha() and doc.words[i - 1].islower()
            and doc.low[i - 1] not in _PRONOUNS and doc.low[i - 1] not in _AUX and not _is_adverb(doc.low[i - 1])
            and not (i + 1 < len(doc.low) and (doc.low[i + 1] in (":", "that") or doc.low[i + 1] in _QUOTE_MARK_TOKENS))):
        return False  # a participle inside an opening phrase: "In a statement released ..., Cruz said"
        # (not a verb with its content: 'In its report on the work the committee said: "..."')
    j = i - 1
    while j > lo and (_is_adverb(doc.low[j]) or doc.low[j] in _ADVERBS):
        j -= 1
    if j >= lo and doc.low[j] in _BE and (w.endswith("ed")
            or w in _IRREGULAR_PARTICIPLES) and w != "expected" and len(cue.form) == 1:
        return False  # passive: "was dismissed", "has been repeatedly criticized"
    return True


def _sent_of_offset(doc: _Doc, offset: int) -> int:
    return doc.unit_at(offset)


_PUNCT_BOUND = frozenset(",;:()[]\"“”‘’«»!?" + DASH_CHARS) | {"--"}
#: Verbs that end a speaker phrase read backwards from a cue. A chosen subset of data/cues.csv's speech
#: and belief forms, kept here: all of them change claims on BBC politics (#20, identical check).
_VERB_STOP = frozenset(
    "said says say told tells wrote writes think thinks believe believes know knows thought hope hopes "
    "feel feels fear fears added adds asked argued noted insisted claimed warned".split()
)
_APPOS_START = frozenset("who which whose a an the his her their its one another former".split())


#: "-ly" words that are adjectives ('the weekly show', 'an elderly man').
_LY_ADJECTIVES = LazyWords("ly_adjectives")


def _is_adverb(w: str) -> bool:
    return len(w) > 4 and w.endswith("ly") and w.islower() and w not in _LY_ADJECTIVES


def _spaced_dash(doc: _Doc, k: int) -> bool:
    return doc.low[k] in _DASHES and (k == 0 or doc.ts[k] > doc.te[k - 1])


def _np_before(doc: _Doc, i: int, lo: int, qidx: int = -1, coord: bool = True) -> tuple[int, int] | None:
    """Token range [a, b) of the speaker noun phrase ending just before token ``i``.

    Walks back over auxiliaries and adverbs, then over the phrase until a clause
    boundary; an empty phrase after an appositive or relative clause
    ("Jane Doe, a spokeswoman, said"; "Ms Lowe - who ... - said") takes the
    phrase before it; "X did this and said" takes the clause subject.
    """
    low = doc.low
    b, k = _np_back(doc, i, lo, qidx)
    a = k + 1
    m = a - 1  # "but in a later interview said": an adjunct, not the subject
    while m > lo and a - m <= 3 and (low[m] in _DETERMINERS or low[m] in _AUX or doc.words[m].islower()
            and doc.words[m].isalpha() and low[m] not in _PREP):
        m -= 1
    if a < b and m > lo and m < a and low[m] in _PREP and low[m - 1] in ("and", "but") and qidx == -1:
        r = _np_before(doc, m, lo, qidx, coord)
        if r is not None:
            return r
    if a + 1 < b and low[a] in ("with", "among") and i < len(low) and low[i].endswith("ing"):
        return a + 1, b  # ", with polls showing ...": the phrase after "with" is the participle's subject
    if a < b and low[a] in _PREP and doc.words[a].islower() and a > lo and qidx == -1 and (low[a - 1] in _AUX
            or low[a - 1] in (",", "and", "but")) \
            and not (a + 1 < b and low[a] == "at" and low[a + 1] in ("least", "most")):  # ('but at least a dozen members said')
        r = _np_before(doc, a, lo, qidx, coord)  # "who has in the past said", "CNN, like AP, declared"
        if r is not None:
            return r
    if a < b and a > lo and all(low[x] in _WEEKDAYS or low[x] in _TIME_NOUNS or low[x] in ("last", "this", "next", "early",
            "late", "on") for x in range(a, b)):
        r = _np_before(doc, a, lo, qidx, coord)  # "Trump, whose ..., last year proposed"
        if r is not None:
            return r
    if a < b - 1 and low[b - 1] in ("he", "she", "they", "we", "i") and low[b - 2] not in ("and", "or", "nor", ","):
        # "At a summit meeting he said", "I learned how they think": a pronoun right before
        # the verb is its whole subject (PolNeAR scores 11 fewer train claims right this
        # way: the longer phrase used to overlap the source of an enclosing attribution)
        return b - 1, b
    if a < b:
        return _trim_np(doc, a, b)
    if k < lo:
        return None
    return _np_at_boundary(doc, lo, k, b, qidx, coord)


def _np_back(doc: _Doc, i: int, lo: int, qidx: int) -> tuple[int, int]:
    """(b, k) of the phrase before token ``i``: ``b`` its end past auxiliaries, adverbs and time words,
    ``k`` the token before its start (a clause boundary, or ``lo - 1``)."""
    low = doc.low
    inq = doc.inq
    j = i - 1
    if j > lo and low[j] == "ago" and inq[j] == qidx:  # 'The State Department less than two weeks ago said'
        j -= 1
        while j > lo and (low[j] in _TIME_QUANTITY or low[j].isdigit() or low[j].rstrip("s") in _TIME_NOUNS
                or low[j].rstrip("s") in ("day", "hour", "decade")):
            j -= 1
    while j >= lo and (low[j] in _AUX or low[j] in _WEEKDAYS or low[j] in _ADVERBS or low[j] == "am" or _is_adverb(low[j])
            or low[j].endswith(("n't", "n’t"))
                       or (low[j] in ("most", "more") and j + 1 < i and _is_adverb(low[j + 1]))
                       or (low[j] in ("on", "last", "this", "early", "late") and j + 1 < i
                               and low[j + 1] in _WEEKDAYS)) and inq[j] == qidx:
        j -= 1  # ('most recently defended', 'Trevor Noah on Thursday said')
    b = j + 1
    k = j
    while k >= lo and b - k <= 12:
        w = low[k]
        if w == ")" and k > lo:  # "Sen. Ann Bell (D-Mo.)": skip the parenthesis
            m = k - 1
            while m >= lo and k - m < 10 and low[m] != "(":
                m -= 1
            if m >= lo and low[m] == "(" and m > lo:
                k = m - 1
                continue
        if (w == "and" and k - 2 >= lo and low[k - 1].isdigit() and "between" in low[max(lo, k - 4) : k]) or (
                w == "between" and k + 1 < b and low[k + 1].isdigit()):
            k -= 1  # "people aged between 18 and 34 said"
            continue
        if inq[k] != qidx or w in _STOP_BACK or w in _PUNCT_BOUND or w in _VERB_STOP or w in _AUX or w in ("who", "which",
                "what", "'", "`"):
            break
        if w in ("-", "—", "–") and _spaced_dash(doc, k):
            break
        k -= 1
    return b, k


def _trim_np(doc: _Doc, a: int, b: int) -> tuple[int, int]:
    """The phrase [a, b) without trailing and leading time phrases, a missed sentence end or an opener
    without its comma; a phrase too long for a subject keeps its trailing name run or last words."""
    low = doc.low
    # a trailing time phrase is not the speaker: "Gov. Ann Bell on Monday said"
    b2 = b
    while b2 - 1 > a and (low[b2 - 1] in _WEEKDAYS or low[b2 - 1] in _TIME_NOUNS):
        b2 -= 1
    if b2 < b and b2 - 1 > a and low[b2 - 1] in ("on", "last", "this", "early", "late", "earlier", "later"):
        b = b2 - 1
    m = a  # a leading time phrase is not the speaker: "Last week Mr Hart said"
    while m < b - 1 and (low[m] in ("last", "this", "next", "early", "late", "earlier", "later", "on") or low[m] in _WEEKDAYS
                         or low[m] in _TIME_NOUNS or low[m] in _MONTHS or low[m] in ("week", "weeks", "month", "months", "year",
                                 "years")):
        m += 1
    if a < m < b and (_is_cap(doc.words[m]) or low[m] in _PERSONAL_SUBJ) and any(low[x] not in ("last", "this", "next", "on",
            "early", "late") for x in range(a, m)):
        a = m
    for x in range(b - 2, a, -1):  # a sentence end the segmenter missed ("I love you. You know, ...")
        if low[x] in (".", "!",
                "?") and doc.words[x - 1].isalpha() and len(low[x - 1]) > 1 and doc.words[x + 1][:1].isupper() and (
                doc.words[x - 1].islower() or low[x + 1] in ("i", "we", "you", "he", "she", "they", "it")):
            a = x + 1
            break
    for x in range(b - 1, a, -1):  # an opener without its comma: 'In its report on the work the committee said'
        if b < len(low) and low[b] not in (",", "(", ")") and low[a] in _PREP and doc.words[a][:1].isupper() \
                and low[x] in ("the", "a", "an") and doc.words[x - 1].isalpha() and doc.words[x - 1].islower() \
                and low[x - 1] not in _PREP and low[x - 1] not in _INTRO and low[x - 1] not in _DETERMINERS \
                and low[x - 1] not in ("and", "or", "of", "than", "as", "to") and not _verbish(doc, x - 1):
            a = x
            break
    # too long for a subject (but "14% of people aged between 18 and 34"): keep the trailing name run or the last words
    if b - a > 8 and not (low[a].isdigit() and b - a <= 12):
        a2 = b
        while a2 - 1 >= a and (_is_cap(doc.words[a2 - 1]) or low[a2 - 1] in ("of", ".", "(", ")")):
            a2 -= 1
        a = a2 if a2 < b else b - 4
    return a, b


def _np_at_boundary(doc: _Doc, lo: int, k: int, b: int, qidx: int, coord: bool) -> tuple[int, int] | None:
    """The speaker when the phrase before the cue is empty and token ``k`` closes a clause: a coordinated
    subject ('and'), a relative pronoun's antecedent, or the phrase before an appositive chain."""
    low = doc.low
    inq = doc.inq
    w = low[k]
    if w in ("and", "but", "or", "yet") and k > lo:
        if not coord:  # (one level: a chain of "and"s stays linear)
            return _subject(doc, lo, k)
        return _coordinated_subject(doc, lo, k, qidx)  # "Cruz questioned ... but declined": the clause subject
    if w in ("who", "which") and k + 1 == b:
        # "Obama, who has denounced ...": the antecedent and the relative pronoun
        m = k - 1
        r = None
        if m >= lo and (low[m] == "," or _spaced_dash(doc, m)):
            r = _np_before(doc, m, lo, qidx, coord)
            if r is not None and r[0] - 1 > lo and low[r[0] - 1] == "," and all(low[x].isdigit() for x in range(*r)):
                r = _np_before(doc, r[0] - 1, lo, qidx, coord) or r  # "Woodrow Benford, 58, who said": the name, not the age
        elif m >= lo and inq[m] == qidx:
            r = _np_before(doc, k, lo, qidx, coord)
        if r is not None:
            r = _last_np(doc, r)  # "attacked ... by Bernie Sanders, who": the antecedent only
        return (r[0], k + 1) if r is not None else (k, k + 1)
    if w == "," and qidx == -1:
        # a relative clause closed before the verb ('Sandy Phillips, who lost her daughter in
        # Aurora, Colorado, in July 2012, said'): the antecedent, not a name inside the clause
        m = k - 1
        while m > lo and k - m < 40 and inq[m] == -1 and low[m] not in _CLAUSE_BOUND and doc.lex.match(low, m) is None:
            if low[m] == "who" and low[m - 1] == "," and _is_cap(doc.words[m - 2] if m - 2 >= lo else ""):
                if any(low[x] == "," for x in range(m + 1, k)):
                    r = _np_before(doc, m - 1, lo, qidx, coord)
                    if r is not None and _is_cap(doc.words[r[1] - 1]):
                        return r
                break
            m -= 1
    if w == "," or w == "(" or w == ")" or _spaced_dash(doc, k):
        return _np_before_appositive(doc, lo, k, qidx, coord)
    return None


def _np_before_appositive(doc: _Doc, lo: int, k: int, qidx: int, coord: bool) -> tuple[int, int] | None:
    """The speaker before an appositive or relative clause that closes at token ``k``."""
    low = doc.low
    inq = doc.inq
    # an appositive or relative clause closes here ("Dean Ray, a salesman from
    # Sumter, South Carolina, said"): walk back over comma-separated segments to
    # the first one that opens an appositive; the phrase before it is the speaker
    end = k
    for it in range(3):
        m = end - 1
        while m >= lo and end - m < 30:
            if inq[m] == qidx and (low[m] in (",", "(") or _spaced_dash(doc, m) or low[m] in _CLAUSE_BOUND):
                break
            m -= 1
        if end - m >= 30:
            return None
        first = m + 1
        if m < lo or low[m] in _CLAUSE_BOUND:
            # reached the clause start: "Chris Cole, state director for Sanders, said"
            ok = it > 0 and first < k and _is_cap(doc.words[first]) and k - first <= 25
            return (first, k) if ok else None
        if first < end and (low[first] in _APPOS_START or not _is_cap(doc.words[first])):
            if m > lo and low[m] == "," and low[first] not in _APPOS_START and (
                    low[lo] in _SUBORDINATORS or (low[lo] == "even" and lo + 1 < m and low[lo + 1] in _SUBORDINATORS)) \
                    and not any(low[x] == "," for x in range(lo, m)):
                return first, end  # 'Even if Clinton loses, insiders in the next two states - ... - said': the subject
            r = _np_before(doc, m, lo, qidx, coord)
            if r is not None and r[0] - 1 > lo and low[r[0] - 1] == "," and all(low[x].isdigit() for x in range(*r)):
                r = _np_before(doc, r[0] - 1, lo, qidx, coord) or r  # "Woodrow Benford, 58, who ..., says": the name, not the age
            if r is not None and (low[r[0]] in _PREP or low[r[0]] in _INTRO) and low[first] in _APPOS_START and k - first <= 25:
                # "In a statement to the Observer, her senior policy adviser, Jake
                # Sullivan, said": the phrase before is an opener; the chain is the speaker
                return first, k
            if r is not None and r[0] - 1 > lo and low[r[0] - 1] == "," and _PARTY_TAG.match(doc.words[r[0]]):
                r2 = _np_before(doc, r[0] - 1, lo, qidx, coord)  # "Sen. Ann Bell, R-Fla., said"
                return (r2[0], r[1]) if r2 is not None else r
            return r
        end = m
    return None


def _coordinated_subject(doc: _Doc, lo: int, k: int, qidx: int = -1) -> tuple[int, int] | None:
    """The subject of a verb coordinated at token ``k`` ('and', 'but'): the speaker of
    the nearest cue before it in the clause ("she said, but added", "Lazar said he
    welcomed it and added"), else the clause subject."""
    j = k - 1
    while j >= lo and k - j <= 40:
        if doc.inq[j] == qidx and doc.low[j] not in _AUX and doc.words[j].isalpha() and doc.words[j].islower():
            cue = doc.lex.match(doc.low, j)
            if cue is not None and not cue.participle and j > lo and _plausible_cue(doc, j, cue, lo):
                r = _np_before(doc, j, lo, qidx, False)
                if r is not None and _speakerish(doc, r) and _name_like(doc, r):
                    return r
        j -= 1
    # no cue before: the subject of the clause the verb is coordinated in ("While Mr. Ryan
    # is ... and wrote", "As President Obama lectured ... and defended", "..., the pilot
    # needed to ... and asked"), the nearest clause opening that starts with a subject
    low = doc.low
    starts = [lo] + [x + 1 for x in range(lo, k) if doc.inq[x] == qidx and (low[x] in (",", ";") or low[x] in _SUBORDINATORS)]
    for p in reversed(starts):
        if p >= k:
            continue
        r = _subject(doc, p, k)
        if (r is not None and r[0] == p and r[1] < k and _name_like(doc, r) and _speakerish(doc, r)
                and doc.words[r[1]].isalpha() and doc.words[r[1]].islower()):
            return r
    return _subject(doc, lo, k)


def _last_np(doc: _Doc, r: tuple[int, int]) -> tuple[int, int]:
    """The last noun phrase of the token range ``r``: after its last preposition
    (but 'of'), verb or participle ('was echoed by Gov. Martin O'Malley' -> 'Gov.
    Martin O'Malley', 'dominating by 6 in 10 voters' -> '10 voters')."""
    a, b = r
    low, words = doc.low, doc.words
    for x in range(b - 1, a - 1, -1):
        w = words[x]
        if (low[x] in _PREP and low[x] != "of") or low[x] in _AUX or low[x] in _STOP_BACK or (
            w.replace("-", "").isalpha() and w.islower() and (_verbish(doc, x) or (w.endswith("ing") and len(w) > 4))
        ):
            return (x + 1, b) if x + 1 < b else r
    return r


def _appositive_speaker(doc: _Doc, lo: int, comma: int):
    """Speaker chunks just before ``comma`` (which precedes a cue) at the end of a
    content clause: '... crisis, a spokeswoman, Anna White, said', '... convention,
    his top aide, Tad Devine, told ...'. Returns ((start, end) tokens of the speaker,
    the comma token that ends the content) or None."""
    low, words = doc.low, doc.words

    def prev_comma(j, limit):
        m = j - 1
        while m > lo and j - m <= limit:
            if doc.inq[m] != -1 or low[m] in _STOP_BACK:
                return None
            if low[m] == ",":
                return m
            m -= 1
        return None

    def plain(a, b):
        return all(not (words[x].isalpha() and words[x].islower() and (_verbish(doc, x) or low[x] in _AUX
                or low[x] in _STOP_BACK))
                   for x in range(a, b))

    p1 = prev_comma(comma, 7)
    if p1 is None or p1 + 1 >= comma:
        return None
    s1 = (p1 + 1, comma)
    if not (_is_cap(words[s1[0]]) and _speakerish(doc, s1) and plain(*s1)):
        return None
    start, end_content = s1[0], p1
    p2 = prev_comma(p1, 7)
    if p2 is not None and p2 + 1 < p1 and low[p2 + 1] in _DETERMINERS | {"his", "her", "their", "its"} and plain(p2 + 1, p1):
        start, end_content = p2 + 1, p2  # 'a spokeswoman, Anna White'
    if end_content <= lo + 2:
        return None
    return (start, comma), end_content


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """The project's abbreviations (``data/abbreviations.txt``), read once."""
    return load_abbreviations()


def _np_after(doc: _Doc, i: int, hi: int) -> tuple[int, int] | None:
    """Token range of a noun phrase starting at token ``i`` (to a comma or clause end)."""
    low = doc.low
    k = i
    while k < hi and k - i < 14:
        w = low[k]
        if len(w) == 1 and w in ",;:.!?()\"“”‘’«»" + DASH_CHARS:
            if w == "." and k + 1 < hi and (doc.ts[k + 1] == doc.te[k] or (k > i and len(doc.words[k - 1]) == 1
                    and doc.words[k - 1].isupper()) or (k > i and _is_cap(doc.words[k - 1])
                    and low[k - 1] in _abbreviations() and _is_cap(doc.words[k + 1]))):
                k += 1  # "U.S.", an initial ("Mark S. Kirk") or a title ("Sen. Ben Sasse", "Gov. Jerry Brown")
                continue
            break
        if w in ("who", "which", "that", "in", "on", "at", "during", "when", "after", "before", "because", "while") and k > i:
            break
        if k > i and (w in _AUX or _verbish(doc, k)):
            break
        k += 1
    return (i, k) if k > i else None


def _np_ends_clause(doc: _Doc, r: tuple[int, int], hi: int) -> bool:
    """True when nothing but punctuation, an apposition or a time phrase follows ``r``."""
    k = r[1]
    if k >= hi:
        return True
    w = doc.low[k]
    return w in (",", ".", "!", "?", ";", ")", "(", "—", "–", "-", "on", "in", "at", "during", "last", "this") or w in _WEEKDAYS


_DETERMINERS = frozenset(
    "the a an this that these those some many most several all both each every one two three four five six seven "
    "eight nine ten no few who which other others".split()
)


def _speakerish(doc: _Doc, r: tuple[int, int]) -> bool:
    """A plausible speaker phrase: opens with a capital, a pronoun, a determiner or a number
    (not with a preposition or a verb: "in the past", "taken votes in")."""
    w0 = doc.words[r[0]]
    lw = w0.lower()
    if lw == "at" and r[1] - r[0] > 2 and doc.low[r[0] + 1] in ("least", "most"):
        return True  # 'at least a dozen members of Congress'
    if lw in _PREP or (r[1] - r[0] <= 3 and (doc.low[r[1] - 1] in _TIME_NOUNS or doc.low[r[1] - 1] in _WEEKDAYS)):
        return False  # "In the coming months", "This year", "On Monday": circumstances, not speakers
    return _is_cap(w0) or w0[:1].isdigit() or lw in _PRONOUNS or lw in _DETERMINERS or (lw not in _PREP and lw not in _AUX
            and not _verbish(doc, r[0]) and not lw.endswith("ing"))


def _name_like(doc: _Doc, r: tuple[int, int]) -> bool:
    """A speaker phrase: starts with a capital, a pronoun or a determiner, or holds a name."""
    w0 = doc.words[r[0]]
    if _is_cap(w0) or w0.lower() in _INVERTED_START or w0.lower() in _PRONOUNS:
        return True
    return any(_is_cap(doc.words[x]) for x in range(r[0] + 1, r[1]))


def _subject(doc: _Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """The leading noun phrase of the clause at tokens ``lo..hi`` (sentence subject)."""
    low = doc.low
    i = lo
    # a dateline: "PARIS (AP) — ..."
    for k in range(lo, min(hi, lo + 10)):
        if low[k] in ("—", "–", "--") or (low[k] == "-" and _spaced_dash(doc, k)):
            if all(doc.words[x].isupper() or not doc.words[x].isalnum() for x in range(lo, k)) or (
                    low[k - 1] == ")" and all(_is_cap(doc.words[x]) or doc.words[x].isdigit() or not doc.words[x].isalnum()
                            for x in range(lo, k))):
                i = k + 1  # "PARIS (AP) —", "New York (AFP) –"
            break
    while i < hi and (low[i] in _CONJ_START or low[i] in ",\"“”‘’'("):
        i += 1
    # skip an introductory phrase ending with a comma ("On Tuesday, ...", "When X did Y, ...")
    participial = i < hi and doc.words[i][:1].isupper() and low[i].endswith("ing") and len(low[i]) > 5
    participial = participial or (i < hi and doc.words[i][:1].isupper() and (low[i] in _OPENERS or (  # "Here in Columbia, ..."
        # "Informed of ..., Early"
        low[i].endswith("ed") and len(low[i]) > 5 and i + 1 < hi and (low[i + 1] in _PREP or low[i + 1] in ("by", "of", "to")))))
    participial = participial or (i + 1 < hi and _is_adverb(low[i]) and low[i + 1].endswith("ing"))  # "Hastily politicizing ..."
    participial = participial or (i + 1 < hi and _is_adverb(low[i]) and low[i + 1] in _INTRO)  # "Shortly after ..."
    for k in range(i + 1, min(hi - 1, i + 4)):  # "Two weeks after Justice Scalia died, ...", "Days before the vote, ..."
        if low[k] in ("after", "before", "since") and low[k - 1] in _SPANS_OF_TIME and all(
                low[x] in _TIME_WORDS or low[x] in _SPANS_OF_TIME or low[x].isdigit() or low[x] in _TIME_QUANTITY
                        for x in range(i, k)):
            participial = True
            break
    for k in range(i + 1, min(hi - 1, i + 6)):  # "A month later, ...", "Two days ago, ...", "The day before, ..."
        if low[k + 1] == "," and (low[k] in ("later", "earlier", "ago", "afterwards", "afterward")
                                  or ((low[k] in ("before", "after") or low[k] in _TIME_NOUNS or low[k] in _WEEKDAYS)
                                      and all(low[x] in _TIME_WORDS or low[x] in _TIME_NOUNS or low[x] in _WEEKDAYS
                                              or low[x].isdigit() for x in range(i, k)))):
            participial = True
            break
    if i < hi and low[i] in ("on", "last", "this", "early", "late", "earlier", "later", "yesterday", "today"):
        # a time opener without a comma: "On Thursday evening Hillary Clinton delivered ..."
        m = i + 1 if low[i] == "on" else i
        while m < hi and m - i < 5 and (low[m] in _WEEKDAYS or low[m] in _TIME_NOUNS or low[m] in _MONTHS
                                        or low[m].isdigit() or low[m] in ("last", "this", "early", "late", "earlier", "later")):
            m += 1
        if i < m < hi and m - i <= 4 and (low[m] in _PERSONAL_SUBJ or (_is_cap(doc.words[m]) and low[m] not in _INTRO)):
            i = m
    for m in range(i + 1, min(hi - 1, i + 6)):  # "A few minutes later they reversed themselves"
        if low[m] in ("later", "earlier", "ago") and all(
                low[x] in _TIME_WORDS or low[x] in _TIME_NOUNS or low[x].isdigit() or low[x] in ("few", "minutes", "hours",
                        "moments", "seconds", "decades")
                for x in range(i, m)) and (low[m + 1] in _PERSONAL_SUBJ or _is_cap(doc.words[m + 1])):
            i = m + 1
            break
    if i < hi and (low[i] in _INTRO or participial or (i + 1 < hi and low[i + 1] == "," and _is_adverb(low[i]))):
        for k in range(i, min(hi, i + 18)):
            if low[k] == "," and doc.inq[k] == -1:
                i = k + 1
                break
        # more of the same: "At an event in Ames, Iowa, on Sunday, Mrs. Clinton ..."
        for _ in range(3):
            if i + 2 < hi and re.fullmatch(r"(?:[A-Z][a-z]{0,4}\.)+",
                    doc.words[i]) and low[i + 1] == "," and _is_cap(doc.words[i + 2]):
                i += 2  # a state abbreviation ending the place: "in Beaumont, Tex., Mr. Trump"
            elif i + 3 < hi and re.fullmatch(r"[A-Z][a-z]{0,4}", doc.words[i]) and low[i + 1] == "." and low[i + 2] == "," and (
                    _is_cap(doc.words[i + 3]) or low[i + 3] in _DETERMINERS or low[i + 3] in _PERSONAL_SUBJ):
                i += 3  # "in Aspen, Colo., the Stanford graduate"
            m = i
            while m < hi and m - i < 8 and low[m] != "," and (_is_cap(doc.words[m]) or low[m] == "."):
                m += 1
            if m < hi and low[m] == "," and m > i and m + 1 < hi and low[m + 1] in _INTRO:
                m += 1  # a place name, then another introductory phrase
            if m < hi and low[m] in _INTRO and (low[m] not in ("as", "if", "when", "while", "because", "although", "though")
                    or m == i):
                for k in range(m, min(hi, m + 12)):
                    if low[k] == "," and doc.inq[k] == -1:
                        i = k + 1
                        break
                else:
                    break
            else:
                break
    while i < hi and (low[i] in _CONJ_START or low[i] in _AUX) and doc.words[i][:1].islower():
        i += 1  # "And even Obama ..."
    if i < hi and (low[i] in _PERSONAL_SUBJ or low[i] in ("i", "we", "both")):
        return i, i + 1  # a pronoun subject is one word: "He went further on Tuesday, saying ..."
    k = i
    while k < hi and k - i < 8:
        w = low[k]
        if w in _AUX or w in _STOP_BACK or (len(w) == 1 and not w.isalnum() and w not in ("'", "’", ".", "-")):
            break
        if k > i and w.endswith("ed") and doc.words[k].islower():
            break
        if doc.lex.match(low, k) is not None and k > i:
            break
        if k > i and doc.words[k].isalpha() and doc.words[k].islower() and _is_cap(doc.words[k - 1]) \
                and k + 1 < hi and low[k + 1] in (
                "the", "a", "an", "his", "her", "their", "its", "our", "this", "that", "these", "those"):
            break  # "Trump cast the blame": a verb after the name
        if k > i and w in ("on", "last", "this", "early", "late") and k + 1 < hi and (low[k + 1] in _WEEKDAYS
                or low[k + 1] in _TIME_NOUNS):
            break  # "Vice President Joe Biden on Monday hit ..."
        k += 1
    return (i, k) if k > i else None


def _span(doc: _Doc, r: tuple[int, int] | None) -> tuple[int, int] | None:
    if r is None or r[0] >= r[1]:
        return None
    s, e = doc.ts[r[0]], doc.te[r[1] - 1]
    s, e = _trim_span(doc.text, s, e, _EDGE_CHARS + "\"“”‘’'")
    return (s, e) if s < e else None




def _name_heading(doc: "_Doc", lo: int, hi: int) -> bool:
    """Tokens ``lo..hi`` are a name on their own line ('Donald Trump', 'TRUMP', 'Sen. Ann
    Bell'), not a heading word ('UPDATE', 'Watch', 'Related')."""
    words = [doc.words[x] for x in range(lo, hi)]
    alnum = [w for w in words if w[:1].isalnum()]
    if not alnum or any(w.lower().strip(".") in _COLON_STOP or w.lower().strip(".") in _HEADING_EXTRA for w in alnum):
        return False
    if not all(_is_cap(w) or w.isupper() for w in alnum) or any(not w[:1].isalnum() and w not in (".", "-", "'s", "’s")
            for w in words):
        return False
    return len(alnum) >= 2 or words[0].isupper() or words[0][:1].isupper() and len(words[0]) > 2


_DASHES = frozenset({"-", "--", *DASH_CHARS})
_NAME_JOINERS = frozenset({"of", "de", "del", "la", "le", "van", "von", "bin", "al", "da", "dos", "di", "du"})


def _verbish(doc: _Doc, i: int) -> bool:
    """A lower-case word that looks like a finite verb (for unlisted cue verbs)."""
    w = doc.words[i]
    if not w.isalpha() or not w.islower() or w in _AUX:
        return False
    return w in _IRREGULAR_SPEECH or (len(w) > 4 and w.endswith("ed"))
