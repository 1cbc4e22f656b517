"""Lexical target sentiment: the rule scorer (:func:`lexical_detail`) over
VADER, the Hu & Liu opinion lexicon and the stance lexicon, with distance, clause,
negation, contrast, sarcasm and act rules; and :class:`Detail`, the sentiment toward
one target with the evidence that decided it.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence


from utils.stance.lexicon import LexEntry, Lexicon, _load_lexicon_cached, load_lexicon
from utils.stance.targets import Target, _act_objects
from utils.stance.tokens import _HARD_BOUNDARY, _TOK, _is_negator_token

_PASSIVE_AUX = frozenset({"be", "been", "being", "was", "were", "is", "are", "get", "got", "gets", "getting"})


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
