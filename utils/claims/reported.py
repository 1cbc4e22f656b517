"""Reported speech: subject + cue + content, 'content, X said', 'according to X', 'Name: text',
noun cues ('Trump's claim that'); reported claims nested in quotes and in other claims.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from utils.claims.cues import Cue, load_noun_cues
from utils.claims.doc import _Claim, _Doc, _EDGE_CHARS, _quote_content, _token_index, _trim_space, _trim_span
from utils.claims.grammar import (
    _INVERTED_START, _PUNCT_BOUND, _appositive_speaker, _find_cues, _is_adverb, _name_heading, _name_like, _np_after,
    _np_before, _np_ends_clause, _span, _speakerish, _subject, _verbish
)
from utils.text.quotes import Quote
from utils.claims.rules import (
    ACCORDING_TO, BY_AGENT, CONTENT_SPEAKER_CUE, CUE_QUOTE, EMBEDDED, NAME_COLON, NESTED, NOUN_THAT, SPEAKER_CUE_CONTENT
)
from utils.claims.speaker import _animate_head, _speaker_for_cue
from utils.claims.words import (
    _ADV_CLAUSE, _AUX, _CONJ_START, _CONTRAST, _INTENSIFIERS, _IRREGULAR_PAST, _OBJECT_END, _OBJECT_END_AFTER_COMMA, _PREP,
    _PRONOUNS, _QUOTE_CHARS, _STOP_BACK, _SUBORDINATORS, _TELL_OBJ, _TIME, _TIME_NOUNS, _VERB_AUX, _VERB_COMPLEMENT_END,
    _WEEKDAYS, _W_RE, _has_words, _is_cap
)
from utils.claims.pos import speech_cue
from utils.claims.words import LazyWords


def _reported_claims(doc: _Doc, top: list[Quote], inq: list[int], used: set[int], direct: list[_Claim]) -> list[_Claim]:
    """Reported speech: cue + clause, content + cue, and "according to"."""
    out: list[_Claim] = []
    direct_spk = {}  # cue token -> speaker tokens of a direct claim ('"...," said X, adding ...')
    for c in direct:
        if c.cue and c.speaker and not c.inherit:
            direct_spk[_token_index(doc.ts, c.cue[0])] = _tok_range(doc, c.speaker)
    for si in range(len(doc.units)):
        lo, hi = doc.s_lo[si], doc.s_hi[si]
        if lo >= hi:
            continue
        nc = _name_colon(doc, lo, hi)
        if nc is not None:
            out.append(nc)
        out += _noun_claims(doc, lo, hi)
        found = [f for f in _find_cues(doc, lo, hi, inq, -1) if f[0] in used or speech_cue(doc, *f)]
        prev_spk = None
        for n_c, (ci, cn, cue) in enumerate(found):
            if ci in used:
                # the cue of a direct quote: its speaker is the one a participle refers to
                prev_spk = direct_spk.get(ci, prev_spk)
                continue
            nxt = found[n_c + 1][0] if n_c + 1 < len(found) else hi
            c = _one_reported(doc, si, lo, hi, ci, cn, cue, nxt, prev_spk, top, inq)
            if c is None:
                continue
            out.append(c)
            if c.speaker is not None:
                prev_spk = _tok_range(doc, c.speaker)
    return out


def _noun_claims(doc: _Doc, lo: int, hi: int) -> list[_Claim]:
    """"Trump's claim that ...": a noun cue followed by a that-clause."""
    nouns = load_noun_cues()
    low = doc.low
    out = []
    for i in range(lo + 1, hi - 3):
        if low[i + 1] != "that" or low[i] not in nouns or doc.inq[i] != -1:
            continue
        j = i + 2
        e = j
        while e < hi and low[e] not in (";",) and not (low[e] == "," and e + 1 < hi and low[e + 1] in ("but", "and", "which",
                "who")):
            e += 1
        cs, ce = _trim_span(doc.text, doc.ts[j], doc.te[e - 1], _EDGE_CHARS)
        while ce > cs and doc.text[ce - 1] in ".!?":
            ce -= 1
        if len(_W_RE.findall(doc.text[cs:ce])) < 3:
            continue
        spk = None
        p = low[i - 1]
        if p in ("his", "her", "their", "its") or p.endswith(("'s", "’s")) or p in ("'s", "’s"):
            a = i - 1
            while a - 1 >= lo and _is_cap(doc.words[a - 1]) and doc.inq[a - 1] == -1:
                a -= 1
            spk = (a, i)
        if spk is None:
            continue  # "the claim that ...": nobody's in particular
        c = _mk_reported(doc, (cs, ce), (i, i + 1), spk, NOUN_THAT.name, NOUN_THAT.confidence)
        if c is not None:
            out.append(c)
    return out


def _name_colon(doc: _Doc, lo: int, hi: int) -> _Claim | None:
    """'TRUMP: We will win.' / 'Issa: Clinton's honesty in question' (transcripts, headlines);
    the words before the colon must be a name (:func:`_name_heading`), not a heading word
    ('The Latest:', 'Analysis:')."""
    low = doc.low
    k = lo
    while k < hi and k - lo < 6 and low[k] != ":":
        if doc.inq[k] != -1:
            return None
        k += 1
    if k >= hi or low[k] != ":" or k == lo or not _name_heading(doc, lo, k):
        return None
    if doc.ts[k] != doc.te[k - 1]:
        return None  # "Time : 10pm"
    cs, ce = _trim_space(doc.text, doc.te[k], doc.units[doc.tsent[lo]][1])
    if len(_W_RE.findall(doc.text[cs:ce])) < 3:
        return None
    kind = "direct" if _mostly_quoted_text(doc.text[cs:ce]) else "indirect"
    q = next((q for q in doc.top if q.open_start == cs and q.close_end >= ce - 1), None)
    if q is not None:  # 'Trump: "We will win."': the quotation without its marks
        cs, ce = _quote_content(doc.text, q)
    return _Claim(kind, (cs, ce), (doc.ts[k], doc.te[k]),
                  _span(doc, (lo, k)), NAME_COLON.name, NAME_COLON.confidence)


def _mostly_quoted_text(t: str) -> bool:
    return len(t) > 2 and t[0] in _QUOTE_CHARS and t.rstrip(".")[-1:] in _QUOTE_CHARS


def _tok_range(doc: _Doc, span: tuple[int, int]) -> tuple[int, int]:
    a = _token_index(doc.ts, span[0])
    b = a
    while b < len(doc.ts) and doc.te[b] <= span[1]:
        b += 1
    return a, b


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int


_FORWARD = object()  # _content_before_cue: the content follows the cue


def _one_reported(doc, si, lo, hi, ci, cn, cue, nxt, prev_spk, top, inq) -> _Claim | None:
    """The reported claim of cue ``ci`` (``cn`` tokens) in unit ``si`` (tokens ``lo..hi``), or None.

    'according to X' / 'as reported by X', else the content before the cue ('content, X said'),
    else the content after it (subject + cue + that-clause), which ends before token ``nxt``
    (the next cue's clause).
    """
    sent = _Unit(*doc.units[si])
    by_agent = _by_agent(doc, lo, hi, ci, cn, cue)
    if cue.lemma == "according to" or by_agent:
        return _according_to(doc, sent, lo, hi, ci, cn, by_agent)
    found = _content_before_cue(doc, sent, lo, hi, ci, cn, cue, top, inq)
    if found is not _FORWARD:
        return found
    k = _forward_start(doc, lo, hi, ci, cn, cue, inq)
    span = _forward_span(doc, sent, lo, hi, ci, k, nxt, cue, inq)
    return _forward_claim(doc, lo, hi, ci, cn, k, span, cue, prev_spk, top, inq)


def _by_agent(doc: _Doc, lo: int, hi: int, ci: int, cn: int, cue: Cue) -> bool:
    """'As reported by the Post, ...': the agent of a speech or report cue is the source."""
    low = doc.low
    return (
        cue.type in ("speech", "report") and ci + cn + 1 < hi and low[ci + cn] == "by"
        and (_is_cap(doc.words[ci + cn + 1]) or (low[ci + cn + 1] == "the" and ci + cn + 2 < hi
                and _is_cap(doc.words[ci + cn + 2])))
        and ci > lo and low[ci - 1] in ("as", "first", ",")
    )


def _according_to(doc: _Doc, sent: _Unit, lo: int, hi: int, ci: int, cn: int, by_agent: bool) -> _Claim | None:
    """'according to X' and 'as reported by X': X is the speaker, the rest of the sentence (or what
    precedes the phrase) the content."""
    text, low = doc.text, doc.low
    cue_r = (ci, ci + cn)
    spk = _np_after(doc, ci + cn + (1 if by_agent else 0), hi)
    if spk is None:
        return None
    if ci == lo or (ci - lo <= 2 and low[lo] in _CONJ_START) or (by_agent and ci - lo <= 2) or low[ci - 1] == "that":
        # (also 'said that according to its analysis, the party has won': what follows)
        cs = doc.ts[spk[1]] if spk[1] < hi else sent.end
        ce = sent.end
    else:
        cs, ce = sent.start, doc.ts[ci]
    cs, ce = _trim_span(text, cs, ce, _EDGE_CHARS + ".")
    r = BY_AGENT if by_agent else ACCORDING_TO
    return _mk_reported(doc, (cs, ce), cue_r, spk, r.name, r.confidence)


def _content_before_cue(doc: _Doc, sent: _Unit, lo: int, hi: int, ci: int, cn: int, cue: Cue, top, inq):
    """Backward reading: 'content, X said (on Tuesday).' and 'content, said X.'. Returns the claim,
    None when the sentence has no claim of this cue, or :data:`_FORWARD` when the content follows the cue."""
    text, low = doc.text, doc.low
    cue_r = (ci, ci + cn)
    # what follows the cue
    k = ci + cn
    rest = low[k : min(hi, k + 60)]  # a bounded look-ahead keeps long sentences linear
    for x in range(len(rest) - 1):  # '..., an official said, adding that ...': the tail is a new claim
        if rest[x] == "," and rest[x + 1] in _PARTICIPLE_TAILS:
            rest = rest[:x]
            break
    rest_words = [w for w in rest if w[:1].isalnum()]
    # backward: "content, X said (on Tuesday)." / "content, said X."
    comma_before = None
    j = ci - 1
    while j >= lo and j >= ci - 10:
        if low[j] == ",":
            comma_before = j
            break
        if low[j] in _STOP_BACK or low[j] in _QUOTE_CHARS:
            break
        j -= 1
    inverted = comma_before is not None and comma_before + 1 == ci and not cue.participle
    inv_np = _np_after(doc, ci + cn, hi) if inverted and cue.lemma != "tell" else None  # ", told Reuters": a hearer
    if inv_np is not None and low[inv_np[0]] in ("a", "an") and not _animate_head(doc, inv_np[1] - 1):
        inv_np = None  # '..., tweeted a warning.': an object, not a speaker ('said a spokesman' is one)
    if inv_np is not None and (not _np_ends_clause(doc, inv_np, hi) or not _name_like(doc, inv_np) or not _speakerish(doc, inv_np)
                               # ', says he didn't ...': a clause
                               or (low[inv_np[0]] in _PRONOUNS and inv_np[1] - inv_np[0] > 1)):
        inv_np = None  # (", said on Saturday": a time, not a speaker)
    if inv_np is not None:
        r = _np_before(doc, ci, lo)
        if r is not None and r[0] <= lo + 1:
            inv_np = None  # "Sanders, who has ..., said he ...": the subject, not a content
    n_rest = 12 if rest and rest[0] in ("during", "in", "at", "on", "after", "before", "while", "when") else 8
    short_rest = (inv_np is not None) or len(rest_words) <= n_rest and (
        not rest_words
        or rest[0] in (".", "!", "?", ";")
        or (rest[0] in _TIME and rest[0] not in ("the", "a", "an", "to", "of", "with") and "that" not in rest)
        or (inverted and (_is_cap(doc.words[k]) or rest[0] in _INVERTED_START))
        or (cue.object and rest[0] in _TELL_OBJ and len(rest_words) <= 4)
    )
    if comma_before is not None and comma_before > lo and short_rest and "that" not in rest:
        # content is the clause before the comma
        if comma_before + 1 != ci and low[lo] in _SUBORDINATORS and low[lo] not in ("if",) and not any(
                low[x] == "," for x in range(lo, comma_before)):
            return None  # 'As Obama lectured the nation, Trump responded': a time clause, not a content
        cs, ce = sent.start, doc.ts[comma_before]
        # skip a leading quote of a direct claim already found
        cs, ce = _trim_span(text, cs, ce, _EDGE_CHARS)
        if ce - cs < 8:
            return None
        if cue.participle and comma_before + 1 == ci:
            spk = "forward"  # ", saying they ...": a participle never inverts
        elif comma_before + 1 == ci:  # inverted: ", said X"
            spk = inv_np if inv_np is not None else "forward"
            adjunct_rest = not rest_words or rest[0] in (".", "!", "?", ";") or rest[0] in _PREP or (
                rest[0] in _TIME and rest[0] not in ("the", "a", "an")) or (cue.object and rest[0] in _TELL_OBJ)
            if spk == "forward" and adjunct_rest:
                app = _appositive_speaker(doc, lo, comma_before)
                if app is not None:  # "..., a spokeswoman, Anna White, said on Saturday."
                    spk, ce = app[0], doc.ts[app[1]]
                    cs, ce = _trim_span(text, cs, ce, _EDGE_CHARS)
                    if ce - cs < 8:
                        return None
        else:
            spk = (comma_before + 1, ci)
            b = ci
            while b > comma_before + 1 and low[b - 1] in _AUX:
                b -= 1
            spk = (comma_before + 1, b)
        if spk != "forward" and comma_before + 1 != ci and not _speakerish(doc, spk):
            return None  # '..., in what officials said was ...': no subject before the cue
        if spk != "forward" and comma_before + 1 != ci and (
                low[spk[1] - 1] in _VERB_COMPLEMENT_END or _is_adverb(doc.words[spk[0]]) or doc.words[spk[0]] in _INTENSIFIERS
                or any((_verbish(doc, x) or doc.words[x] in _IRREGULAR_PAST) and _is_cap(doc.words[x - 1])
                       for x in range(spk[0] + 1, spk[1]))):
            # 'the man she, sort of, used to know', 'should be very, very worried', 'Trump made further
            # demands': a verb phrase, not a speaker ('figures compiled by the Tories suggest' is one)
            return None
        if spk != "forward":
            # a quote covering the content is a direct claim handled elsewhere
            if inq[_token_index(doc.ts, cs)] != -1 and _mostly_quoted(doc, cs, ce, top):
                return None
            return _mk_reported(doc, (cs, ce), cue_r, spk, CONTENT_SPEAKER_CUE.name, CONTENT_SPEAKER_CUE.confidence)
    return _FORWARD


def _forward_start(doc: _Doc, lo: int, hi: int, ci: int, cn: int, cue: Cue, inq) -> int:
    """The first token of the content after the cue: past its object, 'that' and time phrases."""
    low = doc.low
    # forward: subject + cue + (object) + (that) + clause
    k = ci + cn
    if k < hi and low[k] == "of" and ci > lo and low[ci - 1] == "in":
        k += 1  # 'in favor of X': the content is X
    if cue.object and cue.type == "speech":
        for m in range(k, min(hi, k + 9)):
            if low[m] == "that":
                k = m
                break
            if low[m] in _PUNCT_BOUND or low[m] in _STOP_BACK:
                break
    if cue.object and cue.type in ("speech", "intention"):
        m = k
        while m < hi and m - k < 10 and (low[m] in _TELL_OBJ or _is_cap(doc.words[m]) or low[m] in ("'s", "’s", ".") or (
                # 'urging Lord Chief Justice and Lord Justices Clarke and Rix to'
                low[m] == "and" and m > k and m + 1 < hi and _is_cap(doc.words[m + 1]))):
            m += 1
        k = m
    # skip time phrases up to a "that" or ":"
    for m in range(k, min(hi, k + 8)):
        if low[m] in ("that", ":"):
            if all(low[x] in _TIME or _is_cap(doc.words[x]) or low[x] in (",",) for x in range(k, m)) or (
                    low[k] in _PREP and inq[k] == -1 and cue.type in ("speech", "report") and low[m] == "that"
                    and m + 1 < hi and low[m + 1] not in _TIME_NOUNS and low[m + 1] not in _WEEKDAYS and low[m - 1] != "now"
                            and not any(
                        low[x] in _VERB_AUX or _verbish(doc, x) or inq[x] != -1 for x in range(k, m))):
                k = m + 1  # (and 'said for the first time that', 'said in a statement on Monday that')
            break
    return k


def _forward_span(doc: _Doc, sent: _Unit, lo: int, hi: int, ci: int, k: int, nxt: int, cue: Cue, inq) -> tuple[int, int]:
    """The content's character span from token ``k``: to the next cue's clause (``nxt``) or the end of
    the sentence, cut before a contrast ('..., but'), a subordinate clause's comma, or the reasons after
    an attitude's object."""
    low = doc.low
    end_tok = nxt if nxt < hi else hi
    # stop before ", adding/saying ..." (a new attribution) but keep the rest otherwise
    cs = doc.ts[k] if k < hi else sent.end
    ce = doc.ts[end_tok] if end_tok < hi else sent.end
    if end_tok < hi:
        # cut back to the comma / conjunction before the next cue
        m = end_tok - 1
        while m > k and low[m] in (",", "and", "before", "then"):
            m -= 1
        ce = doc.te[m] if m >= k else cs
        # keep the next cue in the content when it is a nested clause ("he said she believes")
        if low[end_tok - 1] not in (",", "and", ";"):
            ce = sent.end
            # ... unless an adverbial clause brings its own speaker: "X denounced Y after Z said ..."
            m = end_tok - 1
            while (m > k and end_tok - m <= 8 and low[m] not in _ADV_CLAUSE and low[m] not in _PUNCT_BOUND
                   and low[m] != "that" and low[m] not in ("and", "but")):
                m -= 1
            if m > k + 1 and m + 1 < end_tok and inq[m] == -1 and (
                low[m] in _ADV_CLAUSE
                or (low[m] in ("and", "but") and (_is_cap(doc.words[m + 1]) or doc.words[m + 1][:1].isdigit()
                                                  or low[m + 1] in _PRONOUNS or low[m + 1] in _INVERTED_START)
                    and (cue.type not in ("speech", "belief") or low[m] == "but" or all(
                        inq[x] != -1 or low[x] in _QUOTE_CHARS for x in range(k, m)) or any(
                        low[x] in _VERB_AUX or _verbish(doc, x) or doc.lex.match(low, x) is not None for x in range(k, m))))
                or (low[m] == "," and ("which" in low[m + 1 : m + 3] or "whom" in low[m + 1 : m + 3]))
            ):  # (not 'says the British public and a clear majority of MPs support ...': one subject;
                # '21 percent said "not too likely" and 14 percent said ...': two; ', to which X said': a clause of its own)
                ce = doc.te[m - 1]
    if ((low[lo] in _SUBORDINATORS or (lo + 1 < hi and low[lo] in _CONJ_START and low[lo + 1] in _SUBORDINATORS)) and not any(
        low[x] == "," and inq[x] == -1 for x in range(lo, ci)
    )) or (cue.participle and ci > lo and low[ci - 1] in _SUBORDINATORS):  # (', while commenting on X, Fallin said')
        # "While officials were promising X, the budget shrank": the clause ends at its comma
        m = k + 1
        while m < hi and m - k < 60 and doc.ts[m] < ce:
            if low[m] == "," and inq[m] == -1:
                ce = min(ce, doc.te[m - 1])
                break
            m += 1
    if cue.type not in ("evaluation", "intention"):
        # a contrast after a comma is the writer's, not the speaker's: "said X, but Y"
        m = k + 1
        while m + 1 < hi and doc.ts[m] < ce:
            if inq[m] == -1 and low[m] == "," and low[m + 1] in _CONTRAST:
                # ... unless the speaker's own words follow in quote marks: 'said the party has
                # won 82 percent, but "we are still counting the seats."'
                x = m + 2
                while x < hi and doc.ts[x] < ce and inq[x] == -1 and low[x] not in (",", ";", ":") and doc.lex.match(low,
                        x) is None:
                    x += 1
                if not (x < hi and doc.ts[x] < ce and inq[x] != -1):
                    ce = min(ce, doc.te[m - 1])
                break
            m += 1
    else:
        # an attitude's content is its object, not the reasons after it:
        # "supports the bill because it ...", "backed Cruz, but ..."
        m = k + 1
        while m < hi and doc.ts[m] < ce:
            if inq[m] == -1 and (low[m] in _OBJECT_END or (low[m] == "," and m + 1 < hi
                    and low[m + 1] in _OBJECT_END_AFTER_COMMA)):
                ce = min(ce, doc.te[m - 1])
                break
            m += 1
    return cs, ce


def _forward_claim(doc: _Doc, lo: int, hi: int, ci: int, cn: int, k: int, span: tuple[int, int], cue: Cue,
                   prev_spk, top, inq) -> _Claim | None:
    """The 'speaker-cue-content' claim of a forward content span: checks it and finds the speaker."""
    text, low = doc.text, doc.low
    cue_r = (ci, ci + cn)
    cs, ce = span
    cs, ce = _trim_span(text, cs, ce, _EDGE_CHARS)
    while ce > cs and text[ce - 1] in ".!?":
        ce -= 1
    if ce - cs < 6 or not _has_words(text, cs, ce, 2):
        return None
    if _mostly_quoted(doc, cs, ce, top):
        return None  # a bare quote after the cue: the direct rule's business
    if ci > lo and low[ci - 1] == "to" and (k == ci + cn or low[k - 1] != "that"):
        return None  # "to tell him to go": an infinitive without a reported clause
    spk = _speaker_for_cue(doc, ci, cue, lo, prev_spk)
    if (spk is None or not _speakerish(doc, spk)) and ci > lo:
        subj = _subject(doc, lo, ci)  # fall back on the sentence subject
        if subj is not None and subj[1] <= ci and _name_like(doc, subj) and _speakerish(doc, subj):
            spk = subj
    if spk is None and (ci == lo or cue.type == "belief"):
        return None
    if cue.type == "belief" and spk is not None and doc.low[spk[1] - 1] in ("i", "we", "you") :
        return None
    if spk is not None and spk[1] - 1 < len(low) and low[spk[1] - 1] == "who":
        # a claim inside a relative clause ends with it: 'Mr Blair, who described Africa as
        # a "scar", has already said ...': the main clause resumes after the comma
        m = _token_index(doc.ts, cs)
        while m + 1 < hi and doc.ts[m] < ce:
            if low[m] == "," and inq[m] == -1 and (low[m + 1] in _AUX or _verbish(doc, m + 1)) and doc.words[m + 1].islower():
                ce = _trim_span(text, cs, doc.te[m - 1], _EDGE_CHARS)[1]
                break
            m += 1
    if spk is not None and spk[0] == ci + cn + 1 and low[ci + cn] == "by" and spk[1] < hi:
        cs = max(cs, _trim_span(text, doc.ts[spk[1]], ce, _EDGE_CHARS)[0])  # 'asked by X about Y': the content is Y
        if ce - cs < 6:
            return None
    return _mk_reported(doc, (cs, ce), cue_r, spk, SPEAKER_CUE_CONTENT.name, 0.7 if cue.type in ("speech", "belief") else 0.55)




def _mostly_quoted(doc: _Doc, cs: int, ce: int, top: list[Quote]) -> bool:
    """True when the span is a bare quotation: no word outside quote marks but 'that'."""
    pos = cs
    outside = []
    for q in top:
        if q.close_end <= cs or q.open_start >= ce:
            continue
        outside.append(doc.text[pos : max(pos, q.open_start)])
        pos = max(pos, q.close_end)
    if pos == cs:
        return False
    outside.append(doc.text[pos:ce])
    words = [w.lower() for w in _W_RE.findall(" ".join(outside))]
    return all(w in ("that",) for w in words)


_ADJUNCT_HEADS = LazyWords("adjunct_heads")


def _adjunct_only(doc: _Doc, cs: int, ce: int) -> bool:
    """A content that is only a short prepositional phrase of circumstance ('in a
    statement', 'on Twitter', 'at a news conference on Monday', 'of Boyle')."""
    words = _W_RE.findall(doc.text[cs:ce])
    if words and len(words) <= 3 and all(w.lower().endswith("ly") or w.lower() in ("matter", "of", "fact") for w in words):
        return True  # 'said matter-of-factly', 'said quietly'
    n = 0
    while n < len(words) and n < 3 and (words[n].lower().endswith("ly") or words[n].lower() in ("matter", "of", "fact")):
        n += 1
    if 0 < n < len(words) and words[n].lower() in ("as", "while", "when", "amid", "before", "after"):
        return True  # 'said matter-of-factly as confetti fluttered down', 'said quietly when ...'
    if not words or len(words) > 7 or words[0].lower() not in ("in", "on", "at", "during", "of", "via"):
        return False
    if any(ch in doc.text[cs:ce] for ch in "\"“”"):
        return False
    low = [w.lower() for w in words]
    if low[0] == "of":
        return len(words) <= 3  # 'said of Boyle', 'said of the plan'
    return any(w in _ADJUNCT_HEADS or w in _WEEKDAYS or w in _TIME_NOUNS or w == "twitter" or w == "facebook"
            for w in low) and not any(
        w in ("that", "which", "who", "is", "are", "was", "were", "will", "would") for w in low)


def _mk_reported(doc: _Doc, content, cue_r, spk_r, rule, conf) -> _Claim | None:
    cs, ce = content
    if cs >= ce:
        return None
    if _adjunct_only(doc, cs, ce):
        return None  # 'said in a statement', 'wrote in a report': circumstances, not content
    kind = "indirect"
    # mixed when a quoted fragment sits inside
    a = _token_index(doc.ts, cs)
    b = _token_index(doc.ts, ce)
    inside = doc.inq[cue_r[0]] != -1 if cue_r and cue_r[0] < len(doc.inq) else False
    seg = doc.text[cs:ce]
    if inside:  # a claim nested in a quote: mixed when it quotes in turn
        if any(ch in seg for ch in "\"“”«»") or re.search(r"(?:^|\s)['‘]\w[^'’]*\w['’](?:\W|$)", seg):
            kind = "mixed"
    elif any(q != -1 for q in doc.inq[a:b]) or any(ch in seg for ch in "\"“”«»"):
        kind = "mixed"
    return _Claim(kind, (cs, ce), _span(doc, cue_r), _span(doc, spk_r), rule, conf)


def _nested_claims(doc: _Doc, top: list[Quote], claims: list[_Claim]) -> list[_Claim]:
    """Reported speech inside direct quotes ("some supporters are saying that ...")."""
    out = []
    by_q = {}
    for c in claims:
        if c.kind == "direct":
            by_q[c.content] = c
    for qi, q in enumerate(top):
        cs, ce = _quote_content(doc.text, q)
        parent = by_q.get((cs, ce))
        if parent is None:
            continue
        lo = _token_index(doc.ts, cs)
        hi = lo
        while hi < len(doc.ts) and doc.te[hi] <= ce:
            hi += 1
        if hi - lo < 5:
            continue
        for si in sorted({doc.tsent[x] for x in range(lo, hi)}):
            slo, shi = max(lo, doc.s_lo[si]), min(hi, doc.s_hi[si])
            found = [f for f in _find_cues(doc, slo, shi, None) if speech_cue(doc, *f)]
            for n_c, (ci, cn, cue) in enumerate(found):
                if cue.type not in ("speech", "belief"):
                    continue
                nxt = found[n_c + 1][0] if n_c + 1 < len(found) else shi
                c = _one_reported_range(doc, si, slo, shi, ci, cn, cue, nxt, qi)
                if c is not None:
                    c.parent = parent
                    c.rule = NESTED + c.rule
                    c.confidence = round(c.confidence * 0.8, 2)
                    out.append(c)
    return out


def _one_reported_range(doc, si, lo, hi, ci, cn, cue, nxt, qidx) -> _Claim | None:
    """Forward reported speech inside a token range (used for nested claims)."""
    low = doc.low
    if ci > lo and low[ci - 1] == "to":
        return None  # "dares to write to ...": an infinitive, no reported clause
    k = ci + cn
    if k < hi and low[k] == "that":
        k += 1
    if k >= hi:
        return None
    end = nxt if nxt < hi else hi
    cs, ce = doc.ts[k], doc.te[end - 1]
    cs, ce = _trim_span(doc.text, cs, ce, _EDGE_CHARS)
    while ce > cs and doc.text[ce - 1] in ".!?":
        ce -= 1
    if len(re.findall(r"\w+", doc.text[cs:ce])) < 3:
        return None
    if ci - 1 >= lo and low[ci - 1] in ("not", "never") or (ci - 1 >= lo and low[ci - 1].endswith("n't")):
        return None
    spk = _np_before(doc, ci, lo, qidx)
    if spk is None or (spk[1] - spk[0] == 1 and doc.low[spk[0]] in ("i", "we", "you")):
        return None  # "I think ...": the quoted speaker's own hedge, not a new claim
    if cue.lemma == "know" and k == ci + cn and ci + cn < hi and low[ci + cn] == ",":
        return None  # "You know, ...": a filler
    return _mk_reported(doc, (cs, ce), (ci, ci + cn), spk, SPEAKER_CUE_CONTENT.name, 0.7)


#: Participles that, after a comma, open the speaker's next claim: '..., an official said, adding that ...'.
#: A chosen subset of the speech cues' -ing forms in data/cues.csv, kept here: all of them ('implying',
#: 'recalling', 'declaring') change claims on BBC news and PolNeAR train (#20, identical check).
_PARTICIPLE_TAILS = frozenset("adding saying noting arguing explaining insisting warning stressing calling citing".split())


_EMBED_RULES = frozenset({SPEAKER_CUE_CONTENT.name})
_EMBED_QUOTE_RULES = frozenset({CUE_QUOTE.name})


def _cut_at_inverted_tails(doc: _Doc, claims: list[_Claim]) -> None:
    """'Voters believe the plan would fail, a party official said.': the content of
    "believe" ends where the attribution of the whole clause begins (so that it nests
    in the official's claim instead of swallowing it)."""
    tails: dict[int, list[_Claim]] = {}  # by unit: linear in the number of claims
    for c in claims:
        if c.rule == CONTENT_SPEAKER_CUE.name and c.cue is not None and c.speaker is not None:
            tails.setdefault(doc.unit_at(c.cue[0]), []).append(c)
    if not tails:
        return
    for d in claims:
        if d.cue is None or d.kind == "direct" or d.rule != SPEAKER_CUE_CONTENT.name:
            continue
        for c in tails.get(doc.unit_at(d.cue[0]), ()):
            a, b = c.content
            if c is not d and a <= d.cue[0] < b and d.content[0] < b < d.content[1] and min(c.speaker[0],
                    c.cue[0]) < d.content[1]:
                cs, ce = _trim_span(doc.text, d.content[0], b, _EDGE_CHARS)
                if ce > cs:
                    d.content = (cs, ce)
                break


def _embed_reported(doc: _Doc, claims: list[_Claim], *, keep: bool = True) -> list[_Claim]:
    """Reported speech inside another claim's reported content is nested in it.

    "Ms Lowe said she fears the plan will fail": the claim of "fears" sits in the
    content of "said"; it becomes a nested claim (``parent``) of the outer one, or
    is dropped when ``keep`` is false. Only claims of one unit are compared.
    """
    by_unit: dict[int, list[_Claim]] = {}
    for c in claims:
        if c.kind != "direct" and c.cue is not None and c.parent is None:
            by_unit.setdefault(doc.unit_at(c.content[0]), []).append(c)
    drop = set()
    for c in claims:  # a quoted fragment inside reported speech: 'She said she praised what he called "a fine race."'
        if c.kind != "direct" or c.cue is None or c.parent is not None or c.rule not in _EMBED_QUOTE_RULES:
            continue
        group = by_unit.get(doc.unit_at(c.content[0]), ())
        if c.speaker is None or doc.text[c.cue[1] : c.content[0]].strip(" \u00a0\"'“‘’”"):
            continue  # 'calling "every 15 minutes"', not 'added: "..."' or 'saying, "..."'
        hosts = [h for h in group if h.content[0] <= c.speaker[0] and c.content[1] <= h.content[1] + 2
                 and not (c.content[0] <= h.cue[0] < c.content[1])]
        if hosts:
            c.parent = min(hosts, key=lambda h: h.content[1] - h.content[0])
            c.rule = EMBEDDED + c.rule
            drop.add(id(c))
    for group in by_unit.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda h: h.content[0])
        starts = [h.content[0] for h in group]
        for c in group:
            if c.rule not in _EMBED_RULES:
                continue
            cue0 = c.cue[0]
            top_i = bisect.bisect_right(starts, cue0)
            near = group[max(0, top_i - 64) : top_i]  # hosts start before the cue (bounded: linear)
            hosts = [h for h in near if h is not c and h.content[0] <= cue0 < h.content[1]
                     and not (c.content[0] <= h.cue[0] < c.content[1])]
            if hosts:
                c.parent = min(hosts, key=lambda h: h.content[1] - h.content[0])
                c.rule = EMBEDDED + c.rule
                drop.add(id(c))
    if keep or not drop:
        return claims
    return [c for c in claims if id(c) not in drop]
