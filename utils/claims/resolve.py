"""Speakers: a claim's speaker span resolved to the canonical actor of its mention; pronouns
and 'his letter' to the previous speaker or the nearest person.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from utils.text import DASH_CHARS
from utils.claims.doc import _Claim, _Doc
from utils.claims.words import _PERSONAL, _POSSESSIVE_DETERMINERS, _WORKS


# ---------------------------------------------------------------------------
# Speakers
# ---------------------------------------------------------------------------


def _mention_index(mentions: pd.DataFrame | None):
    if mentions is None or len(mentions) == 0 or "start" not in mentions:
        return []
    # plain lists (a missing cell reads "", as fillna("") did), not a copied and converted frame
    def col(c, conv):
        if c not in mentions.columns:
            return [conv("")] * len(mentions)
        return [conv("" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
                for v in mentions[c].tolist()]

    rows = list(zip(col("start", int), col("end", int), col("actor", str), col("actor_id", str), col("type", str),
                    col("kind", str)))
    rows.sort()
    return rows


#: Which mention of a speaker span names the speaker: a person or a group ("Mr Brown's aides")
#: before an organisation ("Mr Johnson, MP for Henley-on-Thames, Oxfordshire, said"; "analyst
#: Nick Bubb of Evolution Securities"), anything else last; then the longest, then the first.
_SPEAKER_RANK = {"person": 0, "role": 0, "group": 0, "organisation": 1}


def _best_mention(rows, s: int, e: int):
    """The overlapping mention with an actor: a person or group first, then an organisation
    (:data:`_SPEAKER_RANK`), then the longest."""
    best = None
    lo, hi = 0, len(rows)
    while lo < hi:  # first mention starting at or after s - 300 (mentions are short)
        mid = (lo + hi) // 2
        if rows[mid][0] < s - 300:
            lo = mid + 1
        else:
            hi = mid
    for i in range(lo, len(rows)):  # by index: slicing rows[lo:] copied the tail (quadratic)
        ms, me, actor, aid, typ, kind = rows[i]
        if ms >= e:
            break
        if me <= s or not actor:
            continue
        key = (_SPEAKER_RANK.get(typ, 2), -(me - ms), ms)
        if best is None or key < best[0]:
            best = (key, actor, aid, typ, kind)
    return best


_OUTSIDE_NAME = re.compile(r"^(?:['’]s|[\W_])*$")


_PLACE_PREPOSITIONS = frozenset(("in", "from", "of", "across", "throughout", "over"))


def _place_not_speaker(text: str, s: int, e: int, ms: int, me: int) -> bool:
    """Is a place mention ``[ms, me)`` only part of the speaker span ``[s, e)``: a modifier of a
    head after it ("The US government", "Liverpool fans"), or the complement of a head before it
    ("Jurors in Virginia", "the Bishop of Durham"), though not of a document ("research from
    Halifax" speaks for Halifax)? A place that ends the span ("South Korea's Hyundai Motor", "The
    US", "Britain's") names the speaker."""
    if not all(_OUTSIDE_NAME.match(w) for w in text[min(e, me):e].split()):
        return True
    before = re.findall(r"[\w'’-]+", text[s:max(s, ms)].lower())
    if before and before[-1] == "the":  # "A legal expert in the US"
        before.pop()
    return len(before) >= 2 and before[-1] in _PLACE_PREPOSITIONS and not any(
        w in _lexicon_words("source_nouns") for w in before[:-1])


#: Speaker words that name nobody when no mention resolves them ("It said ...").
_NOT_A_NAME = frozenset({"it", "its", "this", "that", "these", "those", "which", "what", "there", "one", "some",
                         "others", "many", "both", "all", "each", "either", "neither", "someone", "somebody"})


def _is_pronoun_speaker(text: str) -> bool:
    words = text.lower().split()
    if not words:
        return False
    if len(words) == 1 and words[0] in _PERSONAL:
        return True
    return len(words) == 2 and words[0] in _POSSESSIVE_DETERMINERS and words[1] in _WORKS


def _resolve_speakers(doc: _Doc, claims: list[_Claim], mentions: pd.DataFrame | None) -> None:
    """Name every claim's speaker (``c.name``, ``c.actor_id``), in text order: continuations
    copy their source claim's; a speaker span takes the actor of the mention over it (a pronoun
    quote right after a person's claim continues that speaker: :func:`_continuing_speaker`);
    "it"/"they" the organisation or group that spoke before; other pronouns the previous
    speaker or the nearest person; an unresolved span is named as written (:func:`_clean_name`)."""
    rows = _mention_index(mentions)
    persons = [(ms, me, a, aid) for ms, me, a, aid, typ, kind in rows if typ == "person" and kind == "name" and a]
    types = {aid: typ for _ms, _me, _a, aid, typ, _k in rows}
    text = doc.text
    # resolve in order of the speaker's (or content's) position, so "previous" is well defined
    order = sorted(claims, key=lambda c: (c.content[0] if c.inherit else min(c.content[0], (c.speaker or c.content)[0])))
    prev: _Claim | None = None
    for c in order:
        if c.inherit and c.speaker is None and c.source_claim is None:
            c.source_claim = prev
        if c.inherit and c.source_claim is not None and c.source_claim.speaker is not None and not c.speaker:
            c.speaker = c.source_claim.speaker
            c.cue = c.cue or c.source_claim.cue
        if c.speaker is None:
            if c.inherit and c.source_claim is not None:
                c.name, c.actor_id = c.source_claim.name, c.source_claim.actor_id
            continue
        s, e = c.speaker
        stext = text[s:e]
        hit = _best_mention(rows, s, e)
        if hit is not None and hit[3] == "place" and _place_not_speaker(text, s, e, hit[0][2], hit[0][2] - hit[0][1]):
            hit = None  # "US prosecutors", "the Waterford man", "Jurors in Virginia": the place is no speaker
        low = stext.strip().lower()
        collective = low == "it" and (hit is None or hit[4] == "pronoun") or low == "they" and hit is None
        if collective and (org := _collective_antecedent(doc, stext, prev, rows, s)):
            # "It said", "They added": the organisation (or group) whose claim came just before, over
            # the actors stage's salient organisation for "it"
            c.name, c.actor_id = org
        elif hit is not None and hit[4] == "pronoun" and c.kind == "direct" \
                and (same := _continuing_speaker(doc, c, prev, stext, hit, types, rows)) is not None:
            c.name, c.actor_id = same
        elif hit is not None:
            c.name, c.actor_id = hit[1], hit[2]
        elif _is_pronoun_speaker(stext):
            low = stext.lower().split()[0]
            if low in ("i", "we", "my", "our") and c.parent is not None:
                c.name, c.actor_id = c.parent.name, c.parent.actor_id
            else:
                ante = _antecedent(doc, c, prev, persons, s)
                if ante is not None:
                    c.name, c.actor_id = ante
        elif stext.strip().lower() not in _NOT_A_NAME:
            c.name = _clean_name(stext)
        # else: "It said", "This suggests": no actor to name; the claim stays unattributed
        if c.name:
            prev = c


def _opens_sentence(doc: _Doc, rows, aid: str, at: int, quote_start: int) -> bool:
    """True when the first person named in the sentence of ``at`` (before its quote) or in the
    sentence before is ``aid``, near the sentence's start: 'David Davis was worried ... He warned:
    "..."', 'George Osborne said: "...," he said' (that subject is the pronoun's person)."""
    seg = doc.seg
    si = seg.sentence_at(at)
    for k in (si, si - 1):
        if k < 0 or k >= len(seg.sentences):
            continue
        sent = seg.sentences[k]
        hi = min(sent.end, quote_start) if k == si else sent.end
        first = next((r for r in rows if sent.start <= r[0] < hi and r[4] == "person" and r[5] in ("name", "description")),
                     None)
        if first is not None and first[3] == aid and first[0] - sent.start <= 80:
            return True
    return False


def _continuing_speaker(doc: _Doc, c: _Claim, prev: _Claim | None, stext: str, hit, types: dict, rows=()):
    """'X said A. "B," he said.': a he/she speaking a quote right after a top-level claim of a
    person of that pronoun's gender (by first name; in the same or the previous paragraph, no
    other claim between) is that person, whoever the pronoun's mention was resolved to: the
    mention follows the last subject, which is often someone the speaker talked about ("Peter
    Zombic said he did not feel it was as dramatic as Mr Renner believed. 'It's quite true
    ...,' he argued")."""
    from utils.actors.names import _first_name_gender

    low = stext.strip().lower()
    gender = {"he": "m", "she": "f"}.get(low)
    seen = 0
    while prev is not None and prev.parent is not None and seen < 10:
        prev, seen = prev.parent, seen + 1  # a claim reported inside another's words: the outer speaker
    if gender is None or prev is None or prev.speaker is None or not prev.actor_id or prev.actor_id == hit[2]:
        return None
    if types.get(prev.actor_id) != "person":
        return None
    para = doc.seg.paragraph_at(c.speaker[0])
    if doc.seg.paragraph_at(prev.speaker[0]) < para - 1:
        return None
    if _opens_sentence(doc, rows, hit[2], c.speaker[0], c.content[0]):
        return None
    if _first_name_gender(prev.name) != gender:
        return None
    return prev.name, prev.actor_id


def _collective_antecedent(doc: _Doc, stext: str, prev: _Claim | None, rows, s: int):
    """The organisation an "it" speaker is (a group too for "they"): the previous claim's
    speaker when it is one and spoke at most two paragraphs before; None otherwise (the
    last organisation merely mentioned was measured and is too often a product or a
    medium: "TV", "USB")."""
    it = stext.strip().lower() == "it"
    kinds = ("organisation",) if it else ("organisation", "group")
    para = doc.seg.paragraph_at(s)
    types = {aid: typ for _ms, _me, _a, aid, typ, _k in rows}
    if prev is not None and prev.speaker is not None and doc.seg.paragraph_at(prev.speaker[0]) >= para - 2:
        typ = types.get(prev.actor_id, "")
        if typ in kinds or not it and typ != "person":
            return prev.name, prev.actor_id  # "ministers said ... They added": the group that spoke
    return None


def _antecedent(doc: _Doc, c: _Claim, prev: _Claim | None, persons, s: int):
    para = doc.seg.paragraph_at(s)
    if prev is not None and prev.speaker is not None and doc.seg.paragraph_at(prev.speaker[0]) >= para - 2:
        return prev.name, prev.actor_id
    cand = None
    for ms, _me, a, aid in persons:
        if ms >= s:
            break
        cand = (a, aid)
    if cand is not None:
        return cand
    if prev is not None:
        return prev.name, prev.actor_id
    return None


_RELATIVE_END = re.compile(r"[\s,]+(?:which|who|whom)$", re.IGNORECASE)


def _clean_name(s: str) -> str:
    """A speaker span no mention resolves, as a name: spaces and edge punctuation gone, the
    relative pronoun of "Novartis, which last month forecast ...", the article of a name ("The
    AA Motoring Trust": every word capitalised) and a final possessive dropped."""
    s = re.sub(r"\s+", " ", s).strip(" ,;:-\"“”‘’'" + DASH_CHARS)
    s = _RELATIVE_END.sub("", s) or s
    if _THE_NAME.match(s) and s.split()[-1].lower() not in _lexicon_words("role_nouns"):
        # "The AA Motoring Trust said": a name, without its article (as mentions are named);
        # not a role ("The Dudley North MP", "The Prime Minister")
        s = _THE_NAME.sub("", s)
    return re.sub(r"['’]s$", "", s)  # "Ms Grant's claim that ...": the possessor


@lru_cache(maxsize=4)
def _lexicon_words(field: str) -> frozenset:
    """A word list of the actor lexicon, lower-cased ("role_nouns", "source_nouns")."""
    from utils.actors.lexicon import load_lexicon

    return frozenset(w.lower() for w in getattr(load_lexicon(), field))


_THE_NAME = re.compile(r"^[Tt]he\s+(?=[A-Z][\w.&'’-]*(?:\s+(?:(?:of|for|and|on|in|the)\s+)*[A-Z][\w.&'’-]*)*$)")
