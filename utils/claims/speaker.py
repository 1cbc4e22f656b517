"""The speaker of a cue: the subject of its clause, walking over auxiliaries, appositions,
relative clauses and participles ('..., adding'); 'X's words'; verbs that introduce a quote.
"""
from __future__ import annotations

from functools import lru_cache

from utils.claims.cues import Cue
from utils.claims.doc import _Doc
from utils.claims.grammar import (
    _BE, _DETERMINERS, _IRREGULAR_PARTICIPLES, _find_cues, _head_index, _is_adverb, _last_np, _name_like, _np_after,
    _np_before, _speakerish, _subject, _verbish
)
from utils.claims.words import (
    _ADVERBS, _AUX, _CLAUSE_BOUND, _COLON_STOP, _CONJ_START, _HEADING_EXTRA, _INTRO, _MONTHS, _PERSONAL_SUBJ, _PREP,
    _PROGRESSIVE_AUX, _PRONOUNS, _QUOTE_MARK_TOKENS, _SPEAK_VERBS, _TO_VERBS, _VERB_AUX, _WEEKDAYS, _is_cap, _text_source
)
from utils.claims.words import LazyWords


#: Nouns for someone's words: 'Clinton's campaign slogan is "..."', 'in Forbes' words, "..."'.
_WORDS_NOUNS = LazyWords("words_nouns")


def _possessor_of_words(doc: _Doc, lo: int, i: int):
    """(cue, speaker) token ranges when the words right before the quote at token ``i``
    are 'X's <words noun> (is|was)' or 'in X's words,': 'Hillary Clinton's campaign slogan
    is "I'm with her."', 'Clinton's response was: "..."', 'in Forbes' words, "..."'."""
    low, words = doc.low, doc.words
    j = i - 1
    while j >= lo and low[j] in (",", ":"):
        j -= 1
    if j >= lo and low[j] in ("is", "was"):
        j -= 1
    n = j  # the noun
    if n < lo or low[n] not in _WORDS_NOUNS:
        return None
    p = n - 1
    while p >= lo and p >= n - 3 and not low[p].endswith(("'s", "’s", "s'", "s’")) and words[p].isalpha() and words[p].islower():
        p -= 1  # 'campaign', 'famous'
    end = p + 1
    if p - 1 >= lo and low[p] in ("'", "’") and low[p - 1].endswith("s"):
        p -= 1  # 'Forbes’' as two tokens
    elif p < lo or not low[p].endswith(("'s", "’s", "s'", "s’")):
        return None
    a = p
    while a - 1 >= lo and p - a < 5 and (_is_cap(words[a - 1]) or low[a - 1] == "."):
        a -= 1
    if not _is_cap(words[a]) or (a > lo and low[a - 1] in _DETERMINERS) or any(doc.inq[x] != -1 for x in range(a, i)):
        return None
    return (n, n + 1), (a, end)


#: Verbs that introduce a quote after a colon (or a comma, for the first row) though
#: they are not speech cues: 'She went on: "..."', 'The letter continues: "..."'.
_INTRO_COMMA_VERBS = LazyWords("intro_comma_verbs")
_INTRO_COLON_VERBS = LazyWords("intro_comma_verbs", "intro_colon_verbs")


def _intro_verb(doc: _Doc, lo: int, c: int):
    """Cue and speaker of a clause ``lo..c`` that ends with the colon (or comma) at ``c``
    before a quote: the first finite verb after a name, pronoun or document subject
    ('Senate Majority Leader Mitch McConnell, R-Ky., delivered a blunt message to
    Trump: "..."', 'Hoff's letter makes a libertarian-style case: "..."')."""
    low = doc.low
    comma = low[c] == ","
    for v in range(lo + 1, c):
        w = doc.words[v]
        if doc.inq[v] != -1:
            return None
        if not (w.isalpha() and w.islower()) or low[v] in _PREP or low[v] in _DETERMINERS or low[v] in ("and", "or", "of"):
            continue
        if comma:
            if low[v] not in _INTRO_COMMA_VERBS or not (v + 1 == c or (v + 2 == c and low[v + 1] == "on")):
                continue
        elif low[v] in ("is", "was", "are", "were") and c - v <= 7 and not any(
                _verbish(doc, x) or doc.lex.match(low, x) is not None for x in range(v + 1, c)):
            pass  # a copula and its complement: 'The board was conclusive in its findings: "..."'
        elif low[v - 1] in _DETERMINERS or not (low[v] in _INTRO_COLON_VERBS or _verbish(doc, v) or doc.lex.match(low,
                v) is not None or (
                low[v].endswith("s") and not low[v].endswith(("ss", "us", "is")) and low[v] not in _AUX
                        and _is_cap(doc.words[v - 1])
                and doc.low[v - 1] not in _DETERMINERS)) or low[v] in _HEADING_EXTRA or low[v] in _COLON_STOP:
            continue  # a noun of the subject ('The letter continues'); ('Perez lobbies for ...:' is a verb)
        if low[v - 1] in _BE and (low[v].endswith("ed") or low[v] in _IRREGULAR_PARTICIPLES):
            return None  # a passive: 'Kevin Donnellon was asked: "..."' (the asker is someone else)
        r = _np_before(doc, v, lo)
        if r is None or r[0] != lo and low[r[0] - 1] not in (",", "and", "but", "then", "so"):
            return None
        hx = _head_index(doc, r)
        if (r[1] - r[0] == 1 and low[r[0]] in _PERSONAL_SUBJ) or _text_source(low[hx]) or (
                _name_like(doc, r) and (_is_cap(doc.words[hx]) or _animate_head(doc, hx))):
            return (v, v + 1), r  # (not 'Then the mood changed:')
        return None
    return None


# 'has written to supporters saying ...': these participles go with the subject's act
_REPORTING_PARTICIPLES = frozenset("say add tell write ask note explain insist argue reply respond".split())
_FLOATING = frozenset("all both also each now still privately publicly openly".split())
_ANIMATE_EXTRA = LazyWords("animate_nouns")


@lru_cache(maxsize=1)
def _animate_nouns() -> frozenset:
    """Nouns that can head a speaker phrase: the actor lexicon's roles, groups and
    organisations (singular and plural) and a few more of US and UK news."""
    from utils.actors import load_lexicon

    words = set(_ANIMATE_EXTRA)
    lex = load_lexicon()  # a broken or missing lexicon is an error naming its file and line
    for w in list(lex.role_nouns) + list(lex.group_nouns) + list(lex.org_nouns):
        w = w.lower().split()[-1]
        words.update({w, w + "s", w[:-1] if w.endswith("s") else w})
    return frozenset(words)


def _animate_head(doc: _Doc, j: int) -> bool:
    """Token ``j`` can head a phrase that speaks: a capitalised name or a person,
    group or organisation noun ('gunman', 'protesters', 'group')."""
    w, lw = doc.words[j], doc.low[j]
    if _is_cap(w):
        return lw not in _WEEKDAYS and lw not in _MONTHS and not w.isupper()
    return w.isalpha() and lw in _animate_nouns()


def _relative_speaker(doc: _Doc, ci: int, lo: int) -> tuple[int, int] | None:
    """The cue at ``ci`` sits in a relative clause ('Weaver, who came out and endorsed
    Clinton', 'her leadership, who, on a press call, criticized', 'Mr. McConnell, who
    has both endorsed Mr. Trump and criticized'): the speaker is the antecedent and
    "who" (the convention of "X, who said"), or "who" alone."""
    low, words, inq = doc.low, doc.words, doc.inq
    j = ci - 1
    while j >= lo and (_is_adverb(low[j]) or low[j] in _AUX or low[j] in _ADVERBS or low[j] in _FLOATING):
        j -= 1
    if j >= lo and low[j] != "who" and (_is_cap(words[j]) or low[j] in _PRONOUNS or low[j] in ("i", "you") or (
            low[j] in _animate_nouns() and low[j].endswith("s") and words[j].islower())):
        return None  # a subject of its own right before the cue ('who got less credit than aides say')
    if j > lo and low[j] == "that" and words[j - 1][:1].isalnum():
        # 'a marketing video that said', 'water bottles that read': the antecedent noun phrase
        x, start = j - 1, j
        while x >= lo and words[x][:1].isalnum() and low[x] not in _PREP and low[x] not in _AUX and low[x] not in _PRONOUNS \
                and low[x] not in ("out", "up", "off", "down", "back", "and", "or", "to") and not _verbish(doc, x):
            start = x
            if low[x] in _DETERMINERS:
                break
            x -= 1
        return (start, j) if start < j else None
    commas = 0
    for k in range(ci - 1, max(lo - 1, ci - 30), -1):
        w = low[k]
        if w == "." and k > lo and _is_cap(words[k - 1]) and len(words[k - 1]) <= 4:
            continue  # "Mr.", "Sen.", "U.S."
        if inq[k] != -1 or w in (";", ":", ".", "!", "?", "which", "that") or w in _PERSONAL_SUBJ or w in ("i", "we", "you"):
            return None
        if w == ",":
            commas += 1
        if w == "who":
            # no comma between "who" and the cue, or one parenthesis right after "who"
            # ('who, on a press call Friday, criticized'); else the clause has closed
            if not (commas == 0 or (commas == 2 and k + 1 < ci and low[k + 1] == ",")) or ci - k > 25:
                return None
            r = _np_before(doc, k + 1, lo)
            return r if r is not None else (k, k + 1)
    return None


def _speaker_for_cue(doc: _Doc, ci: int, cue: Cue, lo: int, prev_speaker=None, depth: int = 0):
    """Speaker token range for a forward cue at token ``ci`` (its unit starts at ``lo``).

    Long because it is one ordered fall-through of speaker readings (according to, relative
    clause, participle, subject before the cue, inverted subject, previous speaker); the
    order of the cases is the rule.
    """
    low = doc.low
    cn = len(cue.form)
    if cue.lemma == "according to":  # 'According to the Daily Caller, "..."': the source follows
        return _np_after(doc, ci + cn, doc.s_hi[doc.tsent[ci]])
    rel = _relative_speaker(doc, ci, lo) if ci > lo else None
    if rel is not None:
        return rel
    if ci > lo and low[ci - 1] == "in" and ci + 1 < len(low) and (
            (low[ci] in ("favor", "favour") and low[ci + 1] == "of") or (low[ci] in ("hope", "hopes") and low[ci + 1] in ("that",
                    "of"))):
        # 'Cooper has spoken out in favor of X', 'a record of voting in favor of', 'has avoided
        # alienating them in hopes that': the clause subject
        v = ci - 2
        while v > lo and not (low[v] in _VERB_AUX or _verbish(doc, v) or low[v].endswith("ing") or low[v] in _SPEAK_VERBS
                              or low[v] in ("spoken", "came", "come", "comes", "argued", "voted", "votes", "stood", "stands")):
            v -= 1
        if v > lo:
            r = _np_before(doc, v, lo) if not low[v].endswith("ing") or low[v - 1] in _VERB_AUX else None
            if r is None:  # 'has a strong record of voting in favor of': the subject of the finite verb
                f = v - 1
                while f > lo and low[f] not in _VERB_AUX and not _verbish(doc, f):
                    f -= 1
                r = _np_before(doc, f, lo) if f > lo else None
            if r is not None and _name_like(doc, r):
                return r
    if (ci + cn + 1 < len(low) and low[ci + cn] == "by" and (ci == lo or low[ci - 1] in ("when", "as", "after", "if", "once",
            ","))
            and cue.lemma in ("ask", "question", "press", "challenge", "interview")):
        r = _np_after(doc, ci + cn + 1, doc.s_hi[doc.tsent[ci]])  # "When asked by a reporter whether ...": the asker
        if r is not None:
            cut = [x for x in range(r[0] + 1, r[1]) if low[x] in ("whether", "if", "about", "what", "why", "how", "for", "to")]
            r = (r[0], cut[0]) if cut else r
        if r is not None and _speakerish(doc, r):
            return r
    if cue.participle and ci > lo and low[ci - 1] in _PROGRESSIVE_AUX:
        r = _np_before(doc, ci, lo)  # "while officials have been promising ...": a finite verb
        if r is not None:
            return r
    if not cue.participle and ci - 2 >= lo and low[ci - 1] == "to" and doc.inq[ci - 2] == -1:
        v = doc.words[ci - 2]
        if v.isalpha() and v.islower() and (_verbish(doc, ci - 2) or v in _TO_VERBS):
            r = _np_before(doc, ci - 2, lo)  # "When Mr Trump tried to defend ...": the subject of "tried"
            if r is not None and _speakerish(doc, r) and _name_like(doc, r):
                return r
    if cue.participle and ci > lo and low[ci - 1] in ("while", "when", "after", "before", "since") and (
            ci - 1 == lo or low[ci - 2] == "," or (low[ci - 2] in _QUOTE_MARK_TOKENS and ci - 3 >= lo and low[ci - 3] == ",")):
        # 'Sunday, on CNN, while commenting on the racial divide, Governor Mary Fallin said':
        # the participle's subject is the main clause's, after the phrase's comma
        hi = doc.s_hi[doc.tsent[ci]]
        m = ci + 1
        while m < hi and m - ci < 40 and not (low[m] == "," and doc.inq[m] == -1):
            m += 1
        if m + 1 < hi and low[m] == ",":
            r = _subject(doc, m + 1, hi)
            if r is not None and r[0] > m and _name_like(doc, r):
                return r
    if cue.participle or (ci > lo and low[ci - 1] == "to"):
        # "Sarah Henney asking if ..." (a name right before) ...
        if ci > lo and low[ci - 1] not in (",",
                "to") and low[ci - 1] not in _INTRO and _is_cap(doc.words[ci - 1]) and doc.inq[ci - 1] == -1:
            a = ci - 1
            while a - 1 >= lo and _is_cap(doc.words[a - 1]) and low[a - 1] not in _CONJ_START and doc.inq[a - 1] == -1:
                a -= 1
            return a, ci
        # "a poll showing ...", "a report suggesting ...": the noun phrase right before
        if cue.type == "report" and ci > lo and doc.words[ci - 1][:1].isalnum() and low[ci - 1] not in _AUX:
            r = _np_before(doc, ci, lo)
            if r is not None:
                return r
        # "a gunman claiming ...", "a group backing Bush", "Christie all calling for": a
        # participle right after a noun phrase that can speak describes that phrase
        if cue.participle and ci > lo and low[ci - 1] != "," and cue.lemma not in _REPORTING_PARTICIPLES:
            j = ci - 1
            while j > lo and (_is_adverb(low[j]) or low[j] in _FLOATING):
                j -= 1
            if j >= lo and doc.inq[j] == -1 and _animate_head(doc, j):
                r = _np_before(doc, j + 1, lo)
                if r is not None and r[1] == j + 1:
                    r = _last_np(doc, r)  # 'Starr gave $10 million to a group backing': 'a group'
                    cut = [x for x in range(r[0], r[1] - 1) if low[x] in ("to", "into", "than", "as")]
                    r = (cut[-1] + 1, r[1]) if cut else r
                    if _speakerish(doc, r):
                        return r
        # "with 30 percent of voters saying", "a clip of McCain saying": the phrase before
        if ci > lo and low[ci - 1] != "," and not cue.form[0].startswith(("add", "say")) or (ci > lo and low[ci - 1] not in (",",
                "to") and low[ci - 1] in ("voters", "people", "respondents", "americans")):
            r = _np_before(doc, ci, lo)
            if r is not None and r[0] > lo and low[r[0] - 1] in ("with", "of", "from", "by", "among", "as"):
                return r
            if r is not None and low[r[0]] in ("with", "of", "from", "by", "among") and r[1] - r[0] > 1:
                return r[0] + 1, r[1]
        # ... or the speaker of an earlier cue in the sentence, or the sentence subject
        if prev_speaker is not None:
            return prev_speaker
        # "..., when he went on the record endorsing X": the subject of the nearest clause
        # (not after a comma: 'Bradley apologized after they came out, saying ...')
        j = ci - 1 if low[ci - 1] != "," else lo - 1
        while j >= lo and ci - j <= 25 and doc.inq[j] == -1 and low[j] not in (";", ":"):
            if low[j] in _PERSONAL_SUBJ and j > lo and (low[j - 1] in _CLAUSE_BOUND or low[j - 1] in ("when", "after", "as",
                    "and", "but", ",", "before")):
                return j, j + 1
            j -= 1
        if depth < 3:
            for cj, _cn, cue2 in _find_cues(doc, lo, ci, doc.inq, -1):
                r = _speaker_for_cue(doc, cj, cue2, lo, None, depth + 1)
                if r is not None:
                    return r
        if (low[lo] in _INTRO or low[lo].endswith("ing")) and not any(low[x] == "," for x in range(lo, ci)):
            # "After suggesting X on Monday, Mr Rubio ...": the cue is in the introductory
            # phrase; its speaker is the subject of the main clause
            r = _subject(doc, lo, doc.s_hi[doc.tsent[ci]])
            if r is not None and r[0] > ci:
                return r
        return _subject(doc, lo, ci)
    return _np_before(doc, ci, lo)
