"""Direct quotes: a top-level quote attributed by the cue after it, before it, an introducing
sentence, a colon clause, a dash or signature line, or the claim before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from utils.claims.doc import _Claim, _Doc, _continuation, _quote_content, _token_index, _trim_space
from utils.claims.grammar import (
    _DASHES, _DETERMINERS, _INVERTED_START, _NAME_JOINERS, _PUNCT_BOUND, _find_cues, _is_adverb, _name_heading, _name_like,
    _np_after, _np_before, _sent_of_offset, _spaced_dash, _span, _speakerish, _subject, _verbish
)
from utils.text.quotes import Quote
from utils.claims.rules import (
    COLON_QUOTE, CUE_QUOTE, INTRO_QUOTE, MIXED, NAME_COLON_QUOTE, POSSESSOR_QUOTE, QUOTE_ADJACENT, QUOTE_CUE_SPEAKER,
    QUOTE_DASH_SPEAKER, QUOTE_SAME_PARAGRAPH, QUOTE_SIGNATURE, QUOTE_SPEAKER_CUE, QUOTE_SPEAKER_VERB, QUOTE_VERB_SPEAKER
)
from utils.claims.speaker import (
    _INTRO_COLON_VERBS, _animate_head, _animate_nouns, _intro_verb, _possessor_of_words, _speaker_for_cue
)
from utils.claims.words import (
    _ADVERBS, _AUX, _COLON_STOP, _CONJ_START, _HEADING_EXTRA, _MONTHS, _PERSONAL_SUBJ, _POSSESSIVE_DETERMINERS, _PREP,
    _PRONOUNS, _QUOTE_CHARS, _QUOTE_MARK_TOKENS, _SPEAK_VERBS, _STOP_BACK, _SUBORDINATORS, _TELL_OBJ, _TEXT_NOUNS,
    _TEXT_SOURCES, _TIME, _TIME_NOUNS, _TITLE_NOUNS, _UTTERANCE_END, _WEEKDAYS, _WORKS, _W_RE, _is_cap, _text_source,
    _title_case
)
from utils.claims.words import LazyWords


@dataclass(frozen=True)
class _Found:
    """A quote's attribution found by a direct rule (token ranges): its cue (a dash, a colon or an
    empty range where no word is the cue) and speaker, the rule and the confidence it sets, and
    ``pre``, the first token of a reported lead-in before the quote ('said that "..."': a mixed
    quote), else None."""

    cue: tuple[int, int]
    speaker: tuple[int, int]
    rule: str
    confidence: float
    pre: int | None = None


def _direct_claims(doc: _Doc, top: list[Quote], inq: list[int], used: set[int], min_words: int) -> list[_Claim]:
    """Attribute each top-level quote by a cue after it, before it, or by adjacency."""
    out: list[_Claim] = []
    text = doc.text
    last: _Claim | None = None
    for qi, q in enumerate(top):
        cs, ce = _quote_content(text, q)
        if cs >= ce:
            continue
        n_words = len(re.findall(r"\w+", text[cs:ce]))
        if q.continued_from is not None:
            src = next((c for c in reversed(out) if c.in_quote is None and c.content[1] <= q.open_start), None)
            if src is not None and src.content[1] >= q.continued_from.open_start:
                c = _continuation((cs, ce), src)
                out.append(c)
                last = c
                continue
        after = _cue_after_quote(doc, q, qi, top, inq) or _dash_speaker(doc, q) or _signature_speaker(doc, q)
        b = q.open_start
        while b > 0 and text[b - 1].isspace():
            b -= 1
        colon_intro = text[b - 1 : b] == ":" and text[q.close_start - 1 : q.close_start] in ".?!"
        before = _cue_before_quote(doc, q, qi, top, inq) if after is None or colon_intro else None
        # 'X said in an interview: "A." Mr Howard described ...': a colon introduction wins
        # over a cue in the next sentence
        found = (before or after) if colon_intro else (after or before)
        if found is not None:
            cue_r, spk_r, rule, conf, pre = found.cue, found.speaker, found.rule, found.confidence, found.pre
            used.update(range(cue_r[0], cue_r[1]))
            kind, content = "direct", (cs, ce)
            if pre is not None and doc.ts[pre] < q.open_start:
                # 'said that "..."' / 'Trump's "assertion ...," the order said': a quoted
                # fragment inside reported speech
                kind, content = "mixed", _trim_space(text, doc.ts[pre], q.close_end)
                rule = MIXED + rule
            c = _Claim(kind, content, _span(doc, cue_r), _span(doc, spk_r), rule, conf)
            if c.speaker is None:
                c.inherit = True
                c.source_claim = last
            out.append(c)
            last = c
            continue
        # '"A," said X. "B."': a quote opening a sentence of the same paragraph
        pi = doc.seg.paragraph_at(q.open_start)
        u = doc.unit_at(q.open_start)
        before_q = doc.text[doc.units[u][0] : q.open_start].rstrip()
        if (
            last is not None
            and n_words >= 2
            and doc.seg.paragraph_at(last.content[0]) == pi
            # (or after a full stop the sentence splitter took for an abbreviation's: 'in Santa Monica, Calif. "The ...')
            and (not before_q or (before_q[-1:] in (".", "?", "!") and text[q.open_end : q.open_end + 1].isupper()))
            and last.content[1] < q.open_start
            and not _new_speaker_between(doc, last, q)
        ):
            c = _Claim("direct", (cs, ce), last.cue, last.speaker, QUOTE_SAME_PARAGRAPH.name, QUOTE_SAME_PARAGRAPH.confidence,
                       inherit=True, source_claim=last)
            out.append(c)
            last = c
            continue
        # bare quote paragraph right after a claim: same speaker
        para = doc.seg.paragraphs[pi] if pi >= 0 else None
        if (
            last is not None
            and para is not None
            and n_words >= min_words
            and (_is_whole_para_quote(text, para, q) or _opens_para_as_sentence(text, para, q))
            and doc.seg.paragraph_at(last.content[0]) >= pi - 1
        ):
            c = _Claim("direct", (cs, ce), last.cue, last.speaker, QUOTE_ADJACENT.name, QUOTE_ADJACENT.confidence,
                       inherit=True, source_claim=last)
            out.append(c)
            last = c
            continue
        # a quote opening its sentence after 'Cruz continued:' / 'X said in a statement.'
        intro = _intro_before(doc, q, inq) if n_words >= min_words else None
        if intro is not None:
            cue_r, spk_r = intro
            used.update(range(cue_r[0], cue_r[1]))
            cue_span = _span(doc, cue_r) or (doc.ts[cue_r[0]], doc.te[cue_r[1] - 1])  # (a heading's colon)
            c = _Claim("direct", (cs, ce), cue_span, _span(doc, spk_r), INTRO_QUOTE.name, INTRO_QUOTE.confidence)
            out.append(c)
            last = c
    return out


def _intro_before(doc: _Doc, q: Quote, inq: list[int]):
    """The sentence before a quote that opens its own sentence or paragraph, when it
    introduces it: it ends with a colon, or it is short and holds a cue and a speaker."""
    u = doc.unit_at(q.open_start)
    if doc.text[doc.units[u][0] : q.open_start].strip() or u == 0:
        return None
    pu = u - 1
    lo, hi = doc.s_lo[pu], doc.s_hi[pu]
    if hi > lo and doc.low[hi - 1] != ":" and doc.seg.paragraph_at(doc.units[pu][0]) == doc.seg.paragraph_at(q.open_start) - 1:
        # the last sentence of the previous paragraph has someone speak: 'since Trump spoke only in
        # evasive bromides during the interview.' / 'Ms Bell talked to reporters after the vote.'
        for v in range(lo + 1, hi):
            if doc.low[v] in _SPEAK_VERBS and inq[v] == -1:
                spk = _np_before(doc, v, lo)
                if spk is not None and _name_like(doc, spk) and spk[1] - spk[0] <= 6:
                    return (v, v + 1), spk
    if hi <= lo or any(inq[x] != -1 for x in range(lo, hi)):
        return None
    if doc.seg.paragraph_at(doc.units[pu][0]) < doc.seg.paragraph_at(q.open_start) - 1:
        return None
    colon = doc.low[hi - 1] == ":"
    cues = _find_cues(doc, lo, hi, None)
    if not colon and hi - lo > 14:
        # a long sentence ending with its cue: "Jane Doe, a spokeswoman for X, said in a statement."
        cues = [c for c in cues[-1:] if all(doc.low[x] in _TIME or doc.low[x] in _WORKS or not doc.words[x][:1].isalnum()
                for x in range(c[0] + c[1], hi))]
    for ci, cn, cue in cues:
        if cue.type not in ("speech", "belief", "report"):
            continue
        if ci == lo and colon and ci + cn < hi - 1:  # 'Stated Stone:' / 'Said Mr. Trump:'
            spk = (ci + cn, hi - 1)
            if _name_like(doc, spk) and spk[1] - spk[0] <= 6:
                return (ci, ci + cn), spk
        spk = _speaker_for_cue(doc, ci, cue, lo)
        if spk is not None and _name_like(doc, spk):
            return (ci, ci + cn), spk
    if colon and 1 <= hi - 1 - lo <= 6 and "follows" not in doc.low[lo:hi] and any(doc.low[x] in _TEXT_NOUNS for x in range(lo,
            hi - 1)) and all(
            doc.words[x][:1].isalnum() or doc.low[x] in ("'s", "’s", "-") for x in range(lo, hi - 1)):
        # a heading for what follows: 'Transcript:', 'Partial transcript:', 'Full text of the statement:'
        return (hi - 1, hi), (lo, hi - 1)
    if colon and 1 <= hi - 1 - lo <= 5 and _name_heading(doc, lo, hi - 1):
        # 'Donald Trump:' / 'TRUMP:' on its own before the quote: a round-up or transcript label
        return (hi - 1, hi), (lo, hi - 1)
    if colon and hi - 1 - lo <= 14 and "," in doc.low[lo : hi - 1] and doc.text[doc.units[pu][1] : q.open_start].count("\n") >= 1:
        # 'Maria Lopez, 34, Phoenix:' on its own line: a round-up's signature heading
        spk = _signed_name(doc, lo, hi - 1)
        if spk is not None and spk[1] - spk[0] >= 2 and not any(
                doc.low[x] in _PRONOUNS for x in range(spk[1], hi - 1)):
            return (hi - 1, hi), spk  # (a full name and descriptors, not 'Wait, it gets better:')
    if colon and hi - lo >= 4 and doc.low[hi - 3] == "as" and doc.low[hi - 2] == "follows":
        # 'Transcript as follows:' / 'The statement reads as follows:': the text named is the source
        subj = _subject(doc, lo, hi - 3)
        if subj is not None and subj[1] - subj[0] <= 8:
            return (hi - 3, hi - 1), subj
    if colon:
        subj = _subject(doc, lo, hi - 1)
        if subj is not None and subj[1] < hi - 1 and _name_like(doc, subj):
            v = subj[1]
            while v < hi - 2 and (doc.low[v] in _AUX or _is_adverb(doc.low[v]) or doc.low[v] in _ADVERBS):
                v += 1
            w = doc.words[v]
            if w.isalpha() and w.islower() and w not in _STOP_BACK and w not in _PREP:
                return (v, v + 1), subj
    return None


def _new_speaker_between(doc: _Doc, last: "_Claim", q: Quote) -> bool:
    """A sentence between the last claim and the quote reports someone else ('"A," X
    said. Mr Howard described it as "important". "B."'): the quote is not X's by
    adjacency (the follow-on pass gives it to that sentence's speaker)."""
    a = _token_index(doc.ts, last.content[1])
    b = _token_index(doc.ts, q.open_start)
    if last.cue is not None:
        a = max(a, _token_index(doc.ts, last.cue[1]))
    if last.speaker is not None:
        a = max(a, _token_index(doc.ts, last.speaker[1]))
    for ci, _, _ in _find_cues(doc, a, b, doc.inq):
        if ci > a and _is_cap(doc.words[ci - 1]) and doc.inq[ci - 1] == -1:
            return True
    return False


def _dash_speaker(doc: _Doc, q: Quote):
    """A quote signed with a dash: ``"..." — Maria Lopez, 34, Texas`` on the quote's line,
    on the next line of its paragraph, or as the next paragraph (``- Bernie Sanders.``
    after a quote paragraph): quote round-ups, vox pops, debate fact-checks, letters pages.

    The name must be capitalised words ending the paragraph or followed by a comma
    (a descriptor: ``-President Obama, tweeting after ...``); a verb after the name
    (``- Democrats in Iowa ... said``) is left to the cue rules.
    """
    if q.continues:
        return None
    text, paras, n = doc.text, doc.seg.paragraphs, len(doc.ts)
    pi = doc.seg.paragraph_at(q.close_start)
    if pi < 0:
        return None
    para = paras[pi]
    start = q.continued_from.open_start if q.continued_from is not None else q.open_start  # the whole quote's
    # the signature runs to the end of its line: a round-up may put one quote per line
    # ('"A." ― Maria Lopez, 34, Texas' newline '"B." ― Jose Ruiz') in a single paragraph
    end = _line_end(text, q.close_end, para.end)
    k = _token_index(doc.ts, q.close_end)
    if k < n and doc.ts[k] < end:
        while k < n and doc.ts[k] < end and doc.low[k] in (",", ".", "!", "?"):
            k += 1
    elif end < para.end:
        # the signature on the next line of the paragraph: '"..."' newline '― Maria Lopez, 34'
        line_start = text.rfind("\n", para.start, start) + 1 or para.start
        if text[line_start:start].strip():
            return None  # the quote must open its line
        end = _line_end(text, end + 1, para.end)
        if len(_W_RE.findall(text[q.close_end : end])) > 25:
            return None
        k = _token_index(doc.ts, q.close_end)
    else:
        if text[para.start : start].strip() or text[q.close_end : para.end].strip(" .,\u00a0") or pi + 1 >= len(paras):
            return None
        para = paras[pi + 1]
        end = _line_end(text, para.start, para.end)
        if len(_W_RE.findall(text[para.start : end])) > 25:
            return None
        k = _token_index(doc.ts, para.start)
    d0 = k
    while k < n and doc.ts[k] < end and doc.low[k] in _DASHES:
        k += 1
    if k == d0 or k >= n or doc.ts[k] >= end or doc.ts[k] - doc.te[k - 1] > 1:
        return None
    a = k
    while k < n and doc.ts[k] < end and (
        _is_cap(doc.words[k]) or (k > a and (doc.low[k] in _NAME_JOINERS or doc.words[k] == "."
                and doc.te[k - 1] - doc.ts[k - 1] == 1))
    ):
        k += 1
    if k == a or doc.low[a] in _DETERMINERS or doc.low[a] in _PRONOUNS or k - a > 6:
        return None
    rest = text[doc.ts[k] : end].strip() if k < n and doc.ts[k] < end else ""
    if rest and not (rest[0] == "," or rest in (".", "!")):
        return None
    if rest.startswith(",") and (any(inq != -1 for inq in doc.inq[k : _token_index(doc.ts, end)])
                                 or _find_cues(doc, k, _token_index(doc.ts, end), None)[:1] and len(_W_RE.findall(rest)) > 12):
        return None
    return _Found((d0, a), (a, k), QUOTE_DASH_SPEAKER.name, QUOTE_DASH_SPEAKER.confidence)  # the dash stands for the cue


def _line_end(text: str, start: int, para_end: int) -> int:
    """End of the line holding ``start``, or of its paragraph if that comes first."""
    nl = text.find("\n", start, para_end)
    return para_end if nl < 0 else nl


_SIGNATURE_TITLES = LazyWords("signature_titles")


@lru_cache(maxsize=1)
def _first_names() -> frozenset:
    """Lower-case first names (``utils.actors.first_names``, NLTK's names corpus as
    shipped in ``utils/nltk_data``; a missing corpus is an error, not fewer names)."""
    from utils.actors import first_names

    male, female = first_names()
    return male | female


def _signature_speaker(doc: _Doc, q: Quote):
    """A quote paragraph signed by the next paragraph without a dash, as quote round-ups
    do: '"We will build a wall."' then 'Donald Trump, at a rally in Phoenix'. The next
    paragraph must be short, hold no quote, question, colon or cue, and open with a
    first name (NLTK's names corpus) or a title; its first comma-free stretch is the speaker."""
    text, paras = doc.text, doc.seg.paragraphs
    pi = doc.seg.paragraph_at(q.open_start)
    if q.continues or q.continued_from is not None or pi < 0 or pi + 1 >= len(paras):
        return None
    para = paras[pi]
    if not _is_whole_para_quote(text, para, q):
        return None
    nxt = paras[pi + 1]
    sig = text[nxt.start : nxt.end].strip()
    if not sig or len(_W_RE.findall(sig)) > 14 or any(ch in sig for ch in "?:\"“”«»") or sig.endswith(("!",)):
        return None
    a = _token_index(doc.ts, nxt.start)
    e = _token_index(doc.ts, nxt.end)
    spk = _signed_name(doc, a, e)
    return None if spk is None else _Found((a, a), spk, QUOTE_SIGNATURE.name, QUOTE_SIGNATURE.confidence)


def _signed_name(doc: _Doc, a: int, e: int) -> tuple[int, int] | None:
    """The name that opens a signature line (tokens ``a..e``: 'Donald Trump, at a rally in
    Phoenix', 'Maria Lopez, 34, Phoenix'): the line holds no cue, opens with a first name
    (NLTK's names corpus) or a title, and its first comma-free stretch, the name, is at
    most six capitalised words."""
    if a >= e or _find_cues(doc, a, e, None) or not _is_cap(doc.words[a]):
        return None
    first = doc.low[a].strip(".")
    if not (first in _SIGNATURE_TITLES or first in _first_names()):
        return None
    b = a
    while b < e and doc.low[b] not in (",", "(", ";") and not _spaced_dash(doc, b):
        b += 1
    while b > a and doc.low[b - 1] in (".",) and len(doc.words[b - 2]) > 3:
        b -= 1
    if b - a > 6 or not all(_is_cap(doc.words[x]) or doc.low[x] in (".", "of", "-") for x in range(a, b)):
        return None
    return a, b


def _opens_para_as_sentence(text: str, para, q: Quote) -> bool:
    """The quote opens its paragraph as a whole sentence and a new sentence follows:
    '"We have got to look at it." Mr Blair said the government ...' (a follow-on quote)."""
    if text[para.start : q.open_start].strip():
        return False
    inner = text[q.open_end : q.close_start].rstrip()
    tail = text[q.close_end : para.end].lstrip()
    if tail[:1] in _QUOTE_CHARS:
        tail = tail[1:].lstrip()  # '"..." "It would be dangerous ..."': another quote follows
    return inner[-1:] in ".?!" and tail[:1].isupper()


def _is_whole_para_quote(text: str, para, q: Quote) -> bool:
    head = text[para.start : q.open_start].strip()
    tail = text[q.close_end : para.end].strip()
    return not head and len(tail) <= 2


def _cue_after_quote(doc: _Doc, q: Quote, qi: int, top: list[Quote], inq: list[int]):
    """``"...," he said`` / ``"...," said X`` / ``"...", according to X`` / ``"...," she surmised``."""
    start = _tail_start(doc, q, qi, inq)
    if start is None:
        return None
    i, k, u, s_close = start
    low = doc.low
    hi = _tail_end(doc, k, u, top, inq)
    if k >= hi:
        return None
    b_in = q.close_start  # the last character inside, past any inner closing marks ('... want,'”')
    while b_in > q.open_end and doc.text[b_in - 1] in _QUOTE_CHARS:
        b_in -= 1
    ends_clause = doc.text[b_in - 1 : b_in] in (",", ".", "!", "?", "…") or k > i
    if not ends_clause and q.open_start > doc.units[s_close][0]:
        return None
    if not ends_clause and k == i:
        inside = _W_RE.findall(doc.text[q.open_end : q.close_start])
        if len(inside) <= 5 and all(_is_cap(w) or w.lower() in ("the", "of", "and", "a", "in", "on") for w in inside):
            return None  # a title as a modifier: '"Daily Show" host Trevor Noah said', '"Butch" Otter'
    pre = _lead_of_fragment(doc, q, u, s_close)
    if pre is _NO_TAIL:
        return None
    cues = _find_cues(doc, k, hi, None)
    if cues and cues[0][0] == k:  # inverted: said Trump / according to X
        ci, cn, _cue = cues[0]
        if _cue.participle and (low[k - 1] == ","
                or doc.text[q.close_start - 1 : q.close_start] == ",") and ci + cn < hi and low[ci + cn] not in (",", "."):
            # '"...," adding that ...', '"...," telling Fox 35 that ...': the participle's
            # subject is the sentence's subject before the quote, not the phrase after it
            return None
        spk = _np_after(doc, ci + cn, hi)
        if spk is None or not _name_like(doc, spk):
            return None
        return _Found((ci, ci + cn), spk, QUOTE_CUE_SPEAKER.name, 0.9, pre)
    if cues and low[k] in _PREP and doc.words[k].islower():
        # a phrase after the quote goes on with the content, then the attribution:
        # '"This will be a challenge" for Clinton, said Kunin.' (inverted: the speaker follows
        # the cue) / '"Let me thank the volunteers" for the victory, Sanders said.' (the
        # speaker stands between the phrase's comma and the cue)
        ci, cn, _cue = cues[0]
        if ci - 1 > k and low[ci - 1] == "," and ci - k <= 8:
            spk = _np_after(doc, ci + cn, hi)
            if spk is None or not _name_like(doc, spk) or _cue.participle:
                return None
            return _Found((ci, ci + cn), spk, QUOTE_CUE_SPEAKER.name, 0.8, pre)
        commas = [x for x in range(k + 1, ci) if low[x] == ","] if ci - k <= 14 else []
        if commas and ci - commas[-1] <= 7 and not _cue.participle:
            b = _subject_end_before(doc, commas[-1] + 1, ci)
            spk = (commas[-1] + 1, b)
            if b > spk[0] and _name_like(doc, spk) and _speakerish(doc, spk):
                return _Found((ci, ci + cn), spk, QUOTE_SPEAKER_CUE.name, 0.8, pre)
    if not cues and _verbish(doc, k) and k + 1 < hi:
        # an unlisted verb, inverted: '"...," read the statement.'
        w1 = doc.words[k + 1]
        spk = _np_after(doc, k + 1, hi)
        if spk is not None and (_is_cap(w1) or w1.lower() in _INVERTED_START) and spk[1] - spk[0] <= 8:
            return _Found((k, k + 1), spk, QUOTE_VERB_SPEAKER.name, QUOTE_VERB_SPEAKER.confidence, pre)
        return None
    if not _name_like(doc, (k, cues[0][0] if cues else min(hi, k + 4))) and not (
        cues and 0 < cues[0][0] - k <= 3 and low[cues[0][0] - 1].endswith("s") and all(doc.words[x].isalpha() for x in range(k,
                cues[0][0]))
    ):  # ... or a plural common noun: '"...," federal prosecutors wrote'
        return None
    if cues and (cues[0][0] - k <= 20 or (
            pre is None and low[cues[0][0] - 1] == "," and any(low[x] == "," for x in range(k + 1, min(k + 6, cues[0][0] - 1))))):
        # (a long appositive between commas: '"...," Trump, the 2016 GOP frontrunner ... primaries, said')
        ci, cn, _cue = cues[0]
        rule, conf = QUOTE_SPEAKER_CUE.name, 0.9
    else:  # an unlisted verb right after a short subject: '"...," she surmised.'
        if u != s_close and doc.text[b_in - 1 : b_in] == ".":
            return None  # a new sentence after a closed one: '"... rules." The crowd cheered.'
        ci = k + 1
        while ci < hi and ci - k < 8 and not _verbish(doc, ci) and low[ci] not in _PUNCT_BOUND:
            ci += 1
        if ci >= hi or not _verbish(doc, ci):
            return None
        nx = low[ci + 1] if ci + 1 < hi else "."
        if nx in ("back", "out", "up", "in") and ci + 2 <= hi:  # 'the audience screamed back'
            nx = low[ci + 2] if ci + 2 < hi else "."
        if not (ci + 1 >= hi or nx in (".", ",", "!", "?", ";", "and") or nx in _TIME):
            return None
        cn, rule, conf = 1, QUOTE_SPEAKER_VERB.name, QUOTE_SPEAKER_VERB.confidence
    b = _subject_end_before(doc, k, ci)  # the speaker: up to an appositive or the cue
    if b <= k or any(low[x] in _STOP_BACK and not _coordinating_and(doc, x, b) for x in range(k, b)):
        return None
    if pre is not None and _introduces_own_words(doc, ci, cn, inq):
        return None
    return _Found((ci, ci + cn), (k, b), rule, conf, pre)



_NO_TAIL = object()  # _lead_of_fragment: the quote is not attributed by a tail


def _tail_start(doc: _Doc, q: Quote, qi: int, inq: list[int]):
    """Where an attribution after quote ``q`` would start: (first token after the quote, first word
    token, its unit, the unit of the closing mark), or None when what follows cannot attribute it."""
    if q.continues:
        return None
    i = _token_index(doc.ts, q.close_end)
    if i >= len(doc.ts) or doc.seg.paragraph_at(doc.ts[i]) != doc.seg.paragraph_at(q.close_start):
        return None
    s_close = _sent_of_offset(doc, max(q.close_start - 1, 0))
    low = doc.low
    k = i
    while k < len(doc.ts) and low[k] in (",", ".", "!", "?", "—", "–", "-", ";") and inq[k] == -1:
        k += 1
    if k >= len(doc.ts) or inq[k] != -1 or low[k] in _QUOTE_MARK_TOKENS or low[k] in _QUOTE_CHARS:
        return None  # (another quote follows: '"Let me talk." "Quiet," he demanded')
    u = doc.tsent[k]
    if u != s_close and doc.s_hi[u] - doc.s_lo[u] > 14 and not doc.words[k][:1].islower():
        # a new, long sentence: not an attribution tail, unless the quote asked or
        # exclaimed and a pronoun and its cue follow: '"Too late?" He tweeted when ...'
        subj_end = k + 1 if low[k] in _PERSONAL_SUBJ else k
        while subj_end < min(len(low), k + 4) and _is_cap(doc.words[subj_end]) and inq[subj_end] == -1:
            subj_end += 1  # ... or a short name: '"... Three?" Clinton asks as a maintenance guy walks in'
        if not (doc.text[q.close_start - 1 : q.close_start] in "?!" and subj_end > k
                and subj_end < len(low) and doc.lex.match(low, subj_end) is not None):
            return None
    if (u != s_close or doc.text[q.close_start - 1 : q.close_start] in ".?!") and doc.words[k][:1].isupper():
        # a new sentence whose cue introduces the next quote: '"... a good idea?" He
        # answered, "I have no idea."', '"...?" Mills then writes back, "You look cute."'
        # (the cue is the answer's, not the question's)
        h8 = k
        while h8 < min(len(low), k + 8) and inq[h8] == -1:
            h8 += 1
        first = _find_cues(doc, k, h8, None)
        if first:
            j = first[0][0] + first[0][1]
            if j < len(low) and low[j] in ("back", "out", "up", "in"):
                j += 1
            if j < len(low) and low[j] in (",", ":"):
                j += 1
                while j < len(low) and low[j] in _QUOTE_MARK_TOKENS:
                    j += 1
                if j < len(low) and inq[j] not in (-1, qi) and doc.words[j][:1].isupper():
                    return None
    return i, k, u, s_close


def _tail_end(doc: _Doc, k: int, u: int, top: list[Quote], inq: list[int]) -> int:
    """The end (exclusive token) of the attribution search from token ``k`` in unit ``u``."""
    hi = min(doc.s_hi[u], k + 40)
    j = k
    while j < hi:
        if inq[j] != -1:
            # a quoted name inside the speaker phrase ('Bill Eastland, wearing "Ted Cruz" pins,
            # said') is stepped over; any other quote ends the search
            qq = top[inq[j]]
            words_in = _W_RE.findall(doc.text[qq.open_end : qq.close_start])
            nxt_t = _token_index(doc.ts, qq.close_end)
            if not (0 < len(words_in) <= 4 and all(_is_cap(w) for w in words_in) and nxt_t < hi
                    and doc.words[nxt_t].isalpha() and doc.words[nxt_t].islower()):
                break
            j = nxt_t
            continue
        j += 1
    return j


def _lead_of_fragment(doc: _Doc, q: Quote, u: int, s_close: int):
    """The first word token of the text before quote ``q`` in its sentence (the quote is a fragment of
    a longer content), None when the quote opens its sentence, or :data:`_NO_TAIL` when a quote inside
    its sentence would be attributed by the next sentence."""
    # text before the quote in its sentence: the quote is a fragment of a longer content
    o = _token_index(doc.ts, q.open_start)
    u_open = doc.tsent[o] if o < len(doc.ts) else s_close
    pre = doc.s_lo[u_open]
    while pre < o and (doc.low[pre] in _CONJ_START or not doc.words[pre][:1].isalnum()):
        pre += 1
    if pre >= o or doc.low[o - 1] in (":", ";", "(") or _spaced_dash(doc, o - 1) or any(doc.inq[x] != -1 for x in range(pre, o)):
        pre = None  # (a quote after a dash or colon stands on its own: 'he said - "No," she said')
    if u != s_close and any(doc.words[x][:1].isalnum() for x in range(doc.s_lo[u_open], o)):
        # a quote that does not open its sentence is attributed in that sentence, not by the
        # next one: 'he said only the Kochs wanted "open borders." At a rally, Sanders promised ...',
        # '14 percent said "not at all likely." Roughly two-thirds agreed.'
        return _NO_TAIL
    return pre


def _introduces_own_words(doc: _Doc, ci: int, cn: int, inq: list[int]) -> bool:
    """Whether cue ``ci`` introduces quoted words of its own after it (then a quoted fragment before it
    is the writer's lead, not a claim)."""
    low = doc.low
    j = ci + cn
    while j < len(low) and low[j] in (",", ":"):
        j += 1
    m = j  # ... also after a participle phrase: 'Beck joked, again using a Southern accent, "..."'
    while m < len(low) and m - j < 16 and inq[m] == -1 and low[m] not in (".", "!", "?", ";") \
            and low[m] not in _QUOTE_MARK_TOKENS and doc.lex.match(low, m) is None:
        m += 1
    if (j < len(low) and (low[j] in _QUOTE_MARK_TOKENS or inq[j] != -1 or low[j] == "that")) or (
            m < len(low) and m > j and (low[m] in _QUOTE_MARK_TOKENS or inq[m] != -1) and low[m - 1] in (",", ":")):
        # the cue introduces words of its own: 'Remarking upon Clinton's "genuine empathy," Starr
        # said, "Leave aside ..."': the quoted fragment before is the writer's lead, not a claim
        return True
    return False


def _subject_end_before(doc: _Doc, k: int, ci: int) -> int:
    """End of the speaker phrase that starts at token ``k`` after a quote and runs to
    its cue at ``ci``: it stops at an appositive comma, a relative "who", a parenthesis
    or a dash ('"...," Jane Doe, a spokeswoman, said'), and drops trailing auxiliaries."""
    low = doc.low
    b = k
    while b < ci and low[b] not in (",", "who", "(", "—", "–") and not _spaced_dash(doc, b):
        b += 1
    while b > k and low[b - 1] in _AUX:
        b -= 1
    return b


def _coordinating_and(doc: _Doc, x: int, b: int) -> bool:
    """'and' inside a subject noun phrase: 'David Albright and Serena Kelleher-Vergantini',
    'the Florida senator and Republican presidential candidate' (not a new clause)."""
    if doc.low[x] != "and" or x + 1 >= b:
        return False
    nxt = doc.words[x + 1]
    return _is_cap(nxt) or doc.low[x + 1] in ("the", "a", "an", "his", "her", "their", "other", "former", "fellow")


def _cue_before_quote(doc: _Doc, q: Quote, qi: int, top: list[Quote], inq: list[int]):
    """``Mr Austin said: "..."`` / ``adding: "..."`` / ``told reporters that "..."``.

    Long because it is one ordered chain of cases on the words between the cue and the quote
    (colon, comma, 'that', a hearer, an adjunct), each returning early; splitting it would
    scatter the order that decides which case wins.
    """
    si = _sent_of_offset(doc, q.open_start)
    lo = doc.s_lo[si]
    i = _token_index(doc.ts, q.open_start)  # first token at/after the opening mark
    if q.open_start < doc.units[si][0]:
        return None
    # start after the previous quote in the sentence
    k = i - 1
    while k >= lo and inq[k] == -1 and doc.low[k] not in tuple(_QUOTE_CHARS):
        k -= 1
    lo2 = k + 1
    if lo2 >= i:
        return None
    # a quoted fragment that the sentence goes on after is mixed speech, not a quote
    nxt = _token_index(doc.ts, q.close_end)
    if nxt < doc.s_hi[si] and doc.words[nxt][:1].isalnum():
        # ... unless the quote is a whole utterance closed by its own punctuation and the
        # sentence goes on with circumstances: 'said, "We'll see," when asked ...'
        # ... or a coordinated clause with its own speaker follows: 'and 14 percent said "..."'
        if not (doc.text[q.close_start - 1 : q.close_start] in _UTTERANCE_END and doc.words[nxt][:1].islower()) and not (
                doc.low[nxt] in ("and", "but", "while", "whereas") and _find_cues(doc, nxt + 2, min(doc.s_hi[si], nxt + 6),
                        None)) \
                and not (doc.text[q.close_start - 1 : q.close_start] == "," and (_is_cap(doc.words[nxt])
                        or doc.low[nxt] in _PERSONAL_SUBJ)
                         and _find_cues(doc, nxt + 1, min(doc.s_hi[si], nxt + 4), None)):
            return None  # (but 'someone shouted, "Cruz," Beck joked': a new clause with its own cue follows)
    colon = doc.low[i - 1] in (":",) or (doc.low[i - 1] == "," and i - 2 >= lo2 and _verbish(doc, i - 2))
    t = i - 1 if doc.low[i - 1] != "," else i - 2
    if t >= lo2 and doc.low[t] in _TITLE_NOUNS and _title_case(doc.text[q.open_end : q.close_start]):
        return None  # a title: 'the reality TV show "The Apprentice"', 'his 2012 book, "An American Son"'
    cues = _find_cues(doc, lo2, i, None)
    if cues:
        ci, cn, cue = cues[-1]
        gap = [doc.low[x] for x in range(ci + cn, i)]
        # a clause between the cue and the quote makes the quote part of it, not the
        # cue's quotation: 'told him that if he wants our guns, "come and take it"'
        clause_gap = any(g in _SUBORDINATORS or g == "that" for g in gap[:-1])
        ok = (
            not gap
            or (len(gap) <= 7 and (gap[-1] in (":", "that", "—", "–", "-")
                                   or (gap[-1] == "," and cue.type in ("speech", "report") and not clause_gap)))
            or (len(gap) <= 12 and colon and not clause_gap)
            or (len(gap) <= 4 and all(g in _TELL_OBJ or g in _TIME or _is_cap(doc.words[ci + cn + n]) for n, g in enumerate(gap)))
            # 'said in an interview with the Times on Monday, "..."', 'told the Post in a statement, "..."'
            or (len(gap) <= 16 and gap[-1] == "," and (gap[0] in _TIME or gap[0] in _PREP or cue.object)
                and "that" not in gap and not any(_verbish(doc, x) for x in range(ci + cn, i)))
            # 'joked, again using a Southern accent, "..."': a participle phrase between commas
            or (3 <= len(gap) <= 16 and gap[0] == "," and gap[-1] == "," and cue.type == "speech" and "that" not in gap
                and any(g.endswith("ing") and len(g) > 4 for g in gap[1:3]))
        )
        opening = (ci == lo or (ci == lo + 1 and doc.low[lo] in _CONJ_START)) and doc.words[ci][:1].isupper()
        if not ok and opening and len(gap) <= 20 and gap[-1] in (",",
                ":") and _is_cap(doc.words[ci + cn]) and cue.type == "speech":
            # 'Said Dorothy Poynter, who grew up with Ali, "..."': an inverted cue opening its sentence
            e = ci + cn
            while e < i and doc.low[e] not in (",", ":"):
                e += 1
            if e - (ci + cn) <= 6:
                return _Found((ci, ci + cn), (ci + cn, e), CUE_QUOTE.name, CUE_QUOTE.confidence)
        if ok:
            spk = _speaker_for_cue(doc, ci, cue, lo)
            g = [x for x in range(ci + cn, i) if doc.low[x] not in (",", ":")]
            if g and gap[-1] in (",", ":") and not cue.object and len(g) <= 8 and _is_cap(doc.words[g[0]]) and (ci == lo2
                    or not doc.words[ci - 1][:1].isalnum()) and all(_is_cap(doc.words[x]) or doc.low[x] in (".", "-", "of",
                            "the") for x in g):
                spk = (g[0], g[-1] + 1)  # inverted: 'explained Rosenberg, "..."'
                gap = [":"]
            pre = None
            n_q = len(_W_RE.findall(doc.text[q.open_end : q.close_start]))
            if not gap and not colon and n_q < 4 and cue.object and all(_is_cap(w)
                    for w in _W_RE.findall(doc.text[q.open_end : q.close_start])):
                return None  # 'told "Fox and Friends"': a quoted name, the cue's object
            if gap and gap[-1] in ("that", "to", "if", "whether"):
                pre = i - 1
            elif gap and gap[-1] not in (":", ",", "—", "–", "-"):
                pre = ci + cn  # 'called him a "con artist"'
            return _Found((ci, ci + cn), spk, CUE_QUOTE.name, CUE_QUOTE.confidence, pre)
    if doc.low[i - 1] == ":":
        r = _colon_speaker(doc, lo2, i - 1)
        if r is not None:
            return _Found((i - 1, i), r, NAME_COLON_QUOTE.name, NAME_COLON_QUOTE.confidence)
    r = _possessor_of_words(doc, lo, i)  # (from the sentence start: 'Forbes’' ends with a quote-like mark)
    if r is not None:
        return _Found(r[0], r[1], POSSESSOR_QUOTE.name, POSSESSOR_QUOTE.confidence)
    if colon and i - 1 - lo2 <= 30:
        # 'And Mr Christie gloated: "..."': the clause subject and the verb after it
        subj = _subject(doc, lo2, i - 1)
        if subj is not None and subj[1] < i - 1 and (doc.low[i - 1] == ":" or subj[1] == i - 2):
            w = doc.low[subj[1]]
            w0 = doc.words[subj[0]]
            verb_like = _verbish(doc, subj[1]) or doc.lex.match(doc.low, subj[1]) is not None or w in _INTRO_COLON_VERBS or (
                w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in _HEADING_EXTRA and w not in _COLON_STOP)
            hx = subj[1] - 1
            animate = _is_cap(doc.words[hx]) or w0.lower() in _PRONOUNS or _animate_head(doc, hx) or _text_source(doc.low[hx])
            if verb_like and animate and any(doc.low[x] not in _DETERMINERS
                    for x in range(*subj)) and w.isalpha() and w.islower() and w not in _AUX and (
                    _is_cap(w0) or w0.lower() in _PRONOUNS or w0.lower() in _INVERTED_START):
                # (not 'Then the mood changed: "..."')
                return _Found((subj[1], subj[1] + 1), subj, COLON_QUOTE.name, COLON_QUOTE.confidence)
    if doc.low[i - 1] in (":", ",") and i - 1 - lo2 <= 30:
        r = _intro_verb(doc, lo2, i - 1)
        if r is not None:
            return _Found(r[0], r[1], COLON_QUOTE.name, COLON_QUOTE.confidence)
    v = i - 2
    if doc.low[i - 1] == "," and v > lo2 and _verbish(doc, v) and doc.words[v - 1][:1].isupper():
        # an unlisted verb right after a name, then the quote, anywhere in a long sentence:
        # '... - during their first debate, Hillary Clinton cracked, "..."'
        r = _np_before(doc, v, lo2)
        if r is not None and _name_like(doc, r) and r[1] == v and all(_is_cap(doc.words[x]) or doc.low[x] == "."
                for x in range(*r)):
            return _Found((v, v + 1), r, COLON_QUOTE.name, COLON_QUOTE.confidence)
    return None


def _colon_speaker(doc: _Doc, lo: int, c: int) -> tuple[int, int] | None:
    """The speaker named right before the colon at ``c`` that introduces a quote, when
    the phrase from the sentence start (or a dash) is only that name: 'Rep. Trey Gowdy
    (R-S.C.): "..."', 'Former secretary of state Hillary Clinton: "..."', 'Here's Clinton
    in December 1992: "..."', '- Pew Research: "..."', 'From Bush's Facebook post: "..."'."""
    low, words = doc.low, doc.words
    a = c
    while a > lo and low[a - 1] not in _DASHES and low[a - 1] not in (":", ";") and c - a < 14:
        a -= 1
    if a > lo and low[a - 1] not in _DASHES and low[a - 1] not in (":", ";"):
        return None
    if a < c and low[a] in ("here's", "here’s", "here", "from") and words[a][:1].isupper():
        a += 2 if low[a] == "here" and a + 1 < c and low[a + 1] in ("is", "'s", "’s") else 1
    b = c
    if b - 1 > a and low[b - 1] == ")":  # '(R-S.C.)'
        m = b - 1
        while m > a and low[m] != "(":
            m -= 1
        if low[m] == "(":
            b = m
    for x in range(a + 1, b):  # 'in December 1992', 'on Monday': a time after the name
        if low[x] in ("in", "on", "at", "during") and all(
                low[y] in _MONTHS or low[y] in _WEEKDAYS or low[y].isdigit() or low[y] in _TIME_NOUNS or low[y] in ("a", "the",
                        "last", "this")
                for y in range(x + 1, b)):
            b = x
            break
    if b <= a or b - a > 10:
        return None
    span = range(a, b)
    if b - a <= 4 and low[b - 1] in _TEXT_SOURCES and (low[a] in _DETERMINERS or low[a] in _POSSESSIVE_DETERMINERS) \
            and all(words[x].isalpha() for x in span):
        return (a, b)  # 'From the report: "..."', 'His letter: "..."'
    if any(doc.inq[x] != -1 or low[x] in _AUX or _verbish(doc, x) or doc.lex.match(low, x) is not None for x in span):
        return None
    for x in span:  # 'Bush's Facebook post': the possessor of a text
        if low[x].endswith(("'s", "’s")) and b - x <= 4 and any(low[y] in _WORKS for y in range(x + 1, b)):
            return (a, x + 1) if all(_is_cap(words[y]) or low[y] in (".", "-") for y in range(a, x + 1)) else None
    alnum = [x for x in span if words[x][:1].isalnum()]
    if not alnum or any(low[x] in _COLON_STOP or low[x] in _HEADING_EXTRA for x in alnum):
        return None
    if not (_is_cap(words[b - 1]) and (b - a == 1 or _is_cap(words[b - 2]) or words[b - 2] == ".")):
        return None  # the phrase must end with a name ('Jeffrey M. Jones', 'Pew Research')
    if any(not (_is_cap(words[x]) or low[x] in _animate_nouns() or low[x] in ("of", "state", "former", "the", "a", "an", "for",
            "and"))
           for x in alnum):
        return None  # lower-case words other than a title ('Former secretary of state')
    return (a, b)
