"""Claims: who says what. Direct quotes, reported speech and mixed quotes, each
attributed to a speaker through a cue (``said``, ``believes``, ``according to``...).

Used by ``notebooks/03-extract-claims.ipynb`` (and wired into the pipeline by
``utils.pipeline``). The entry point is :func:`extract_claims`; every row holds
character offsets into the original text, so ``text[content_start:content_end]``
is always the stored content (same for the cue and speaker spans).

How it works (rules; knowledge in ``data/cues.csv`` and ``data/claims_nouns.csv``;
one optional model for quotations no rule attributes, step 6):

1. **Quote pairing.** One linear scan over each paragraph pairs quotation marks
   (straight, curly, ``''``/``````, guillemets) with a stack, telling the direction
   of a straight mark by its neighbours; an apostrophe (letters on both sides:
   *isn't*, *Corbyn's*) is never a quote mark, and a closing single mark after an
   ``s`` closes only when a single quote is open (``,''' said`` closes a single,
   then a double quote; an invisible bidi mark before a mark counts as a space;
   ``“Apparently not,“`` closes with an opening mark). A quote left open at the end of
   a paragraph continues when the next paragraph opens with a quote mark (the
   multi-paragraph convention); otherwise it is dropped (no invented claims).
2. **Cues** (lemma, forms, type) are found by a dictionary lookup on lower-cased
   tokens outside top-level quotes; noun uses ("the report", "Trump's claim"),
   passives ("was dismissed") and "so-called" are not cues. Reported speech also asks that a
   single-word cue be a verb in a speech construction (:mod:`utils.claims.pos`: part-of-speech
   tags around the cue; no "500m hope", "best supporting actress", "showed off", "insisted on
   finishing").
3. **Direct quotes** are attributed by the cue right after the quote
   (``"...," he said`` / ``said Mr Austin`` / ``"...," she surmised``), right before it
   (``Mr Austin said:`` / ``adding: "..."`` / ``said in an interview with the Times
   on Monday, "..."``; ``said, "We'll see," when asked`` is still a direct quote),
   by the sentence before it when that introduces it (``Cruz continued:``, ``The
   panel describes itself this way:``, ``X, a spokeswoman for Y, said in a
   statement.``, ``Stated Stone:``), by a clause ending in a colon whose verb is not
   a speech cue (``She went on: "..."``, ``The letter makes a simple case: "..."``),
   by a dash signature (``"..." — Maria Lopez, 34`` or a ``- Bernie Sanders.``
   paragraph after the quote; one signed quote per line in a round-up), or, for a quote opening its sentence or
   paragraph right after a claim (a quote, or reported speech: 'Mike Hobday said
   evidence was passed to police. "Our evidence suggests ..."'), by that claim's speaker.
   The parts of one quote share a speaker, whichever part names it; a quote whose
   paragraphs were run together ('... by the government. "Instead of ...') is cut
   into its parts at the second opening mark instead of nesting the narrative. Short unattributed quotes
   (scare quotes, quoted terms) are nobody's claim. A quoted fragment inside a longer
   statement (``said the plan was "a disaster"``) makes a ``mixed`` claim.
4. **Reported speech**: subject + cue + (that-)clause to the end of the sentence,
   ``content, X said`` and ``content, said X``, ``according to X`` (two parts when it
   interrupts its sentence: ``The plan, according to X, is ...``), ``as reported by X``,
   ``Name: text`` (transcripts, headlines) and noun cues with a possessor
   (``Trump's claim that``). PARC-style attribution also covers beliefs, knowledge,
   intentions and attitudes ("knows", "plans", "supports", "released"), so the lexicon
   holds them; cue forms that are also common nouns ("sincere views", "voter support",
   a "daring" plan) are not cues unless a subject can end right before them. The
   content of an attitude is its object ("backed the reform because ..." -> "the
   reform"); a content stops before an adverbial or coordinated clause that brings its
   own speaker and cue ("X denounced the deal after Y said ..."), and before a
   contrast after a comma ("..., but ..."). Reported speech inside another reported
   claim's content ("Ms Lowe said she fears ...") is nested in it (``parent_claim_id``),
   like the cues inside a quote, which give nested claims whose parent is the quote's
   claim (first-person hedges such as "I think" are skipped).
   **Embedded tweets** (the ``TEXT — Name (@handle) July 5, 2016`` a tweet embedded in a
   web page leaves in its text) are their author's direct claims; claims found inside
   a tweet are nested in it.
5. **Speakers** are the noun phrase the rule points at (walking over auxiliaries,
   appositions, relative clauses and time phrases: "Jane Doe, a spokeswoman, said";
   "Mr Diaz, whose ..., last year proposed"; introductory phrases such as "At a rally
   in Ames, Iowa, on Sunday," are skipped; a participle such as "adding" takes the
   speaker of its clause: "..., when he went on record endorsing X"). They resolve to
   the canonical actor of the overlapping mention (``schema.MENTIONS``, the longest
   person-ish one); without one, a pronoun or "his letter" takes the previous claim's
   speaker (or the nearest person mention), anything else keeps its own text. A
   relative-clause speaker keeps its antecedent and the pronoun ("Bernie Sanders, who
   cites ..."), coordinated speakers stay together ("David Albright and Serena
   Kelleher-Vergantini wrote"), and an appositive chain before the cue is the speaker
   ("..., a spokeswoman, Anna White, said on Saturday"); "told Reuters" names a hearer.
6. **Bare quotes** (optional, ``bare_quotes=True``): a logistic regression trained on
   PolNeAR train (``utils/models/bare_quotes_polnear.json``) keeps the top-level
   quotations no rule attributed that look like somebody's words; their speaker is
   one a cue names in the same sentence (rule ``bare-quote``), else the subject of the
   quote's own sentence (``bare-quote-subject``: 'Sanders credited the win to "a closed
   primary ..."'), else the speaker of the last claim before it in its paragraph
   (``bare-quote-after-claim``), else empty.

Sentences longer than 2,000 characters (hostile input without full stops) are cut
into units at a comma or space, so the run time stays linear.

Measured on PolNeAR (Newell, Margolin & Ruths, LREC 2018; US election news), dev
split, rules of ``datasets/README.md`` (``python -m evaluation.polnear --split dev``):
content partial F1 0.776 overall (P 0.900, R 0.682) and 0.904 for direct quotes,
speaker accuracy 0.906 on matched claims (0.965 for direct quotes); with the bare-quote
model 0.785 overall, 0.936 direct, speaker 0.890. Train (where the rules were
developed): 0.761 overall, 0.936 direct, speaker 0.910. See ``evaluation/polnear.py``
for details. Direct quotes are reliable; reported speech is found less completely
(recall about two thirds), because news attributes opinions with a long tail of verbs
and phrasings
("took issue with", "is equally vocal in") that a cue lexicon only partly covers.
"""
from __future__ import annotations

import re
import dataclasses
from pathlib import Path

import pandas as pd

from utils.text import DASH_CHARS, Segmented
from utils.claims.bare import (_bare_quotes, _calibrate, load_bare_quote_model, load_rule_confidence,
                               load_rule_speaker_accuracy, unclaimed_quotes)
from utils.claims.filter import filter_claims, load_claim_filter
from utils.claims.cues import CueLexicon, load_cues
from utils.claims.direct import _direct_claims
from utils.claims.doc import _Claim, _Doc, _EDGE_CHARS, _continuation, _quote_content, _trim_span
from utils.claims.grammar import _find_cues, _name_like, _span
from utils.text.quotes import Quote, find_quotes
from utils.claims.reported import _cut_at_inverted_tails, _embed_reported, _nested_claims, _reported_claims, _tok_range
from utils.claims.resolve import _resolve_speakers
from utils.claims.rules import ACCORDING_TO, ACCORDING_TO_TAIL, CUE_QUOTE, LEAD_OF_QUOTE, QUOTE_AFTER_CLAIM
from utils.claims.tables import _empty, _frame
from utils.claims.tweets import _embedded_tweets
from utils.claims.words import _CONJ_START, _INTRO, _MONTHS, _PREP, _QUOTE_CHARS, _SUBORDINATORS, _TIME_NOUNS, _WEEKDAYS, _W_RE


def extract_claims(
    doc_id: str,
    text: str,
    seg: Segmented,
    mentions: pd.DataFrame | None = None,
    *,
    cues: CueLexicon | str | Path | None = None,
    nested: bool = True,
    min_quote_words: int = 4,
    bare_quotes: bool | float = False,
    rule_confidence: dict | str | Path | bool | None = None,
    intentions: bool = True,
    claim_filter: bool | float | str = True,
) -> pd.DataFrame:
    """Find the claims of one document: direct, indirect and mixed, with speakers.

    Args:
        doc_id: the document's id (prefix of every ``claim_id``).
        text: the document text (offsets refer to it).
        seg: ``utils.text.segment(text)`` (the Doc).
        mentions: the document's mentions (``schema.MENTIONS``); may be empty or None.
        cues: a :class:`CueLexicon` or a path to a cue CSV (default ``data/cues.csv``).
        nested: also report claims embedded in quotes (with ``parent_claim_id``).
        min_quote_words: an unattributed quote shorter than this is a scare quote.
        bare_quotes: also report quotations no rule attributes when the shipped
            bare-quote model (``utils/models/bare_quotes_polnear.json``) judges them
            to be somebody's words (rules ``bare-quote*``, confidence = its probability;
            speaker: one named by a cue in the quote's sentence, else one taken from
            its context, else empty). Off by default:
            on PolNeAR it raises direct-quote recall but few of these quotes get the
            right speaker (see README, "Claims"). A number between 0 and 1 turns it on
            with that probability threshold instead of the model's own (a lower one
            lists more candidates, as ``utils.review.unattributed_quotes`` does).
        rule_confidence: the measured confidence of each rule: a table as
            :func:`load_rule_confidence` returns it, a path to one, None for the
            shipped one (PolNeAR train), or False to keep the values the rules set.
            It changes the ``confidence`` column only, never which claims are found.
        intentions: a verb of wanting or planning with "to" and a verb ("wants to cut
            taxes", "is hoping to win") gives a claim, as PolNeAR and PARC annotate
            intentions. False drops them (issue #21: not speech); it costs PolNeAR dev
            content F1 0.782 -> 0.775 and hand-checked BBC recall 0.911 -> 0.899 for
            precision 0.718 -> 0.725 (see ``utils.claims.pos``). Reported speech keeps only cues that
            are verbs in a speech construction either way (no noun readings, modifiers,
            phrasal verbs).

        claim_filter: drop the top-level claims the shipped claim filter
            (:mod:`utils.claims.filter`, ``utils/models/claim_filter_news.json``, trained on
            PolNeAR train and judged BBC claims) judges unlikely to be claims, with the claims
            nested in them; with the shipped rule table, a kept claim's ``confidence`` is the
            filter's probability times its rule's speaker accuracy. A number between 0 and 1 is
            the probability threshold instead of the model's; ``"polnear"`` uses the model of
            PolNeAR's broader convention (beliefs and intentions count as attributions); False
            keeps every claim the rules find.

    Returns:
        DataFrame with columns ``schema.CLAIMS`` (empty when nothing is found).

    Example:
        >>> from utils.text import segment
        >>> t = '"We will win," Ms Lowe said.'
        >>> df = extract_claims("d", t, segment(t), None)
        >>> df[["kind", "speaker", "cue", "content"]].values.tolist()
        [['direct', 'Ms Lowe', 'said', 'We will win,']]
    """
    lex = cues if isinstance(cues, CueLexicon) else load_cues(cues)
    if not text or not seg.sentences:
        return _empty()
    doc, top, claims = rule_claims(text, seg, lex, min_quote_words, intentions=intentions)
    claims = _embedded_tweets(doc, claims, keep=nested)
    if bare_quotes:
        model = load_bare_quote_model()
        if not isinstance(bare_quotes, bool):
            if not 0.0 < float(bare_quotes) < 1.0:
                raise ValueError(f"bare_quotes: a probability threshold must be between 0 and 1, got {bare_quotes!r}")
            model = dataclasses.replace(model, threshold=float(bare_quotes))
        claims += _bare_quotes(doc, top, claims, model)
    if nested:
        claims += _nested_claims(doc, top, claims)
    claims = _dedupe(claims)
    _cut_at_inverted_tails(doc, claims)
    claims = _embed_reported(doc, claims, keep=nested)
    claims.sort(key=lambda c: (c.content[0], c.content[1]))
    _tidy_speakers(doc, claims)
    _resolve_speakers(doc, claims, mentions)
    if rule_confidence is not False:
        _calibrate(claims, rule_confidence if isinstance(rule_confidence, dict) else load_rule_confidence(rule_confidence))
    frame = _frame(doc_id, doc, claims)
    if claim_filter is False or not len(frame):
        return frame
    convention = claim_filter if isinstance(claim_filter, str) else "news"
    threshold = None if isinstance(claim_filter, (bool, str)) else float(claim_filter)
    if threshold is not None and not 0.0 <= threshold < 1.0:
        raise ValueError(f"claim_filter: a probability threshold must be in [0, 1), got {claim_filter!r}")
    return filter_claims(text, seg, frame, mentions, lex, load_claim_filter(convention=convention),
                         load_rule_speaker_accuracy() if rule_confidence is None else None, threshold,
                         news=convention == "news")


_SPEAKER_EDGE = " \t\n\r\u00a0>~•*·.,;:-" + DASH_CHARS


def _tidy_speakers(doc: "_Doc", claims: list["_Claim"]) -> None:
    """A speaker mention starts at a word: markup and list marks before it
    ('<tweet ...>Iron Mike Tyson', '~ Media titan Rupert Murdoch') are dropped, and so is
    a verb left over from an opening phrase without its comma ('Speaking after the
    investigation was announced Bob Neill, leader of ..., said')."""
    text = doc.text
    for c in claims:
        if c.speaker is None:
            continue
        a, b = c.speaker
        while a < b and text[a] in _SPEAKER_EDGE:
            a += 1
        m = re.match(r"([a-z]+)\s+(?=[A-Z])", text[a:b])
        if m and doc.lex.match([m.group(1)], 0) is not None and m.group(1).endswith("ed"):
            a += m.end()
        if a < b:
            c.speaker = (a, b)


def rule_claims(text: str, seg: Segmented, lex: CueLexicon, min_quote_words: int = 4, *, intentions: bool = True):
    """The rule stages: direct quotes, then reported speech. Returns (doc, top quotes, claims).

    Public for ``evaluation/train_bare_quotes.py``, which trains the bare-quote model on the
    quotes these rules leave unattributed (:func:`unclaimed_quotes`).
    """
    # the Doc's quotations, found once for every stage (a Segmented of another text: track them here)
    quotes = seg.quotes if seg.text == text else find_quotes(text, seg)
    top = [q for q in quotes if q.depth == 0]
    doc = _Doc(text, seg, lex, top, intentions)
    claims: list[_Claim] = []
    used_cues: set[int] = set()
    claims += _direct_claims(doc, top, doc.inq, used_cues, min_quote_words)
    claims += _reported_claims(doc, top, doc.inq, used_cues, list(claims))
    claims += _follow_on_quotes(doc, top, claims, min_quote_words)
    claims += _lead_parts(doc, claims)
    claims += _parenthetical_tails(doc, claims)
    return doc, top, claims


def _parenthetical_tails(doc: _Doc, claims: list[_Claim]) -> list[_Claim]:
    """The rest of a sentence that an 'according to' phrase interrupts: 'The plan,
    according to a senior source, is "dead in the water".' The claim of the cue holds
    'The plan'; the words after the source's comma are a second part of it, with the
    same speaker and cue (rule ``according-to-tail``), as a discontinuous annotation
    would hold both."""
    out: list[_Claim] = []
    low = doc.low
    for c in claims:
        if c.rule != ACCORDING_TO.name or c.speaker is None or c.cue is None or c.content[1] > c.cue[0]:
            continue
        ci = _tok_range(doc, c.cue)[0]
        k = _tok_range(doc, c.speaker)[1]
        u = doc.unit_at(c.cue[0])
        hi = doc.s_hi[u]
        if ci == 0 or low[ci - 1] != "," or k >= hi or low[k] != "," or doc.unit_at(c.content[0]) != u:
            continue
        a = k + 1
        b = hi
        while b > a and not doc.words[b - 1][:1].isalnum() and doc.low[b - 1] not in _QUOTE_CHARS:
            b -= 1
        tail = [x for x in range(a, b) if doc.words[x][:1].isalnum()]
        if len(tail) < 2 or not doc.words[a][:1].islower() or low[a] in _SUBORDINATORS or low[a] in _CONJ_START \
                or _find_cues(doc, a, b, doc.inq):
            continue  # a clause of its own ('..., according to sources, although ...'), or its own attribution
        span = _trim_span(doc.text, doc.ts[a], doc.te[b - 1], _EDGE_CHARS + ".")
        if span[1] - span[0] < 4:
            continue
        kind = "mixed" if any(doc.inq[x] != -1 for x in range(a, b)) else "indirect"
        out.append(_Claim(kind, span, c.cue, c.speaker, ACCORDING_TO_TAIL.name, round(c.confidence * 0.9, 2),
                          inherit=True, source_claim=c))
    return out


def _lead_parts(doc: _Doc, claims: list[_Claim]) -> list[_Claim]:
    """The part of a claim before its speaker when the attribution interrupts one
    sentence: 'The streets were deserted, he added, "but people need to connect."',
    'There was, she said, "an implicit bargain."' (the quote goes on in lower case after
    a comma). The lead is reported as a second part of the quote's claim, with the same
    speaker and cue (rule ``lead-of-quote``), as PolNeAR annotates it. Leads before a
    quote that is a sentence of its own ('As for X, Bolton said, "I just think ..."')
    and time phrases stay out: PolNeAR annotators mostly leave those out too."""
    out: list[_Claim] = []
    low, words, inq = doc.low, doc.words, doc.inq
    for c in claims:
        if c.rule != CUE_QUOTE.name or c.speaker is None or c.cue is None or c.cue[1] > c.content[0]:
            continue
        sp = _tok_range(doc, c.speaker)[0]
        u = doc.unit_at(c.content[0])
        lo = doc.s_lo[u]
        if doc.unit_at(c.speaker[0]) != u or sp - 1 <= lo or low[sp - 1] != "," or sp - lo > 26:
            continue
        a = lo
        while a < sp - 1 and not words[a][:1].isalnum():
            a += 1
        lead = range(a, sp - 1)
        if not lead or any(inq[x] != -1 for x in lead) or low[a] in _WEEKDAYS or low[a] in _MONTHS:
            continue
        first = doc.text[c.content[0] : c.content[0] + 1]
        if not first.islower() or low[_tok_range(doc, c.cue)[1]] == ":" or sum(words[x][:1].isalnum() for x in lead) < 2:
            continue  # only a sentence the attribution interrupts: 'The reality is, he added, "there are ..."'
        if low[a] in _INTRO or low[a] in _PREP or any(low[x] in _TIME_NOUNS or low[x] in _WEEKDAYS or low[x] in ("later",
                "earlier", "ago") for x in lead):
            continue  # a circumstance: 'In his tribute,', 'Minutes later,'
        span = _span(doc, (a, sp - 1))
        if span is None or span[1] - span[0] < 4:
            continue
        out.append(_Claim("indirect", span, c.cue, c.speaker, LEAD_OF_QUOTE.name, round(c.confidence * 0.8, 2),
                          inherit=True, source_claim=c))
    return out


def _follow_on_quotes(doc: _Doc, top: list[Quote], claims: list[_Claim], min_words: int) -> list[_Claim]:
    """A quotation that opens its sentence right after a sentence holding a claim takes
    that claim's speaker, the news convention for going on quoting someone:
    'Mike Hobday said evidence was passed to police. "Our evidence suggests ..."', and
    a quote opening the next paragraph after such a sentence. Only quotes of
    ``min_words`` words or more that end a sentence inside their marks."""
    if not claims:
        return []
    text, seg = doc.text, doc.seg
    by_unit: dict[int, _Claim] = {}
    for c in claims:
        if c.speaker is None or c.inherit and c.source_claim is None:
            continue
        u = doc.unit_at(c.content[0])
        prev = by_unit.get(u)
        if prev is None or c.content[0] > prev.content[0]:
            by_unit[u] = c
    out: list[_Claim] = []
    by_quote = {c.content[0]: c for c in claims if c.kind == "direct" and c.speaker is not None}
    for q, (cs, ce) in list(unclaimed_quotes(doc, top, claims)):
        prev_part = q.continued_from
        if prev_part is not None:
            pcs = _quote_content(text, prev_part)[0]
            src = by_quote.get(pcs)
            if src is not None:  # the next part of a quote attributed here
                c = _continuation((cs, ce), src)
                out.append(c)
                by_quote[cs] = c
                continue
        inner = text[cs:ce].rstrip()
        if len(_W_RE.findall(inner)) < min_words or inner[-1:] not in ".?!" or not inner[:1].isupper():
            continue
        u = doc.unit_at(q.open_start)
        if text[doc.units[u][0] : q.open_start].strip() or u == 0:
            continue  # the quote must open its sentence
        pi, pu = seg.paragraph_at(q.open_start), u - 1
        ppi = seg.paragraph_at(doc.units[pu][0])
        if ppi != pi and (ppi != pi - 1 or text[seg.paragraphs[pi].start : q.open_start].strip()):
            continue  # the sentence before is in the same paragraph, or ends the previous one
        src = by_unit.get(pu)
        if src is None or not _name_like(doc, _tok_range(doc, src.speaker)):
            continue
        c = _Claim("direct", (cs, ce), src.cue, src.speaker, QUOTE_AFTER_CLAIM.name, QUOTE_AFTER_CLAIM.confidence,
                   inherit=True, source_claim=src)
        out.append(c)
        by_quote[cs] = c
        by_unit.setdefault(u, c)
    # an earlier part of a quote whose speaker is named only after a later part:
    # '"We will win this election. "And by a mile," Ms Bell said.'
    following = {id(x.continued_from): x for x in top if x.continued_from is not None}
    for q, (cs, ce) in list(unclaimed_quotes(doc, top, claims + out)):
        r, src, hops = following.get(id(q)) if q.continues else None, None, 0
        while r is not None and src is None and hops < 100:
            src = by_quote.get(_quote_content(text, r)[0])
            r, hops = following.get(id(r)), hops + 1
        if src is not None:
            out.append(_continuation((cs, ce), src))
    return out


def _dedupe(claims: list[_Claim]) -> list[_Claim]:
    """One claim per content span; a direct quote wins over reported speech."""
    rank = {"direct": 0, "mixed": 1, "indirect": 2}
    best: dict[tuple[int, int], _Claim] = {}
    for c in claims:
        o = best.get(c.content)
        if o is None or (rank[c.kind], -c.confidence) < (rank[o.kind], -o.confidence):
            best[c.content] = c
    return list(best.values())
