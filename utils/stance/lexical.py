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


from utils.stance.lexicon import Lexicon, _load_lexicon_cached, load_lexicon
from utils.stance.targets import _PASSIVE_AUX, Target, _act_objects
from utils.stance.tokens import _HARD_BOUNDARY, _TOK, _is_negator_token



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


def _cut_window(text: str, lo: int, hi: int, t0: int, t1: int) -> tuple[int, int]:
    """``(lo, hi)``, cut to the words near the target when longer than :data:`_MAX_WINDOW`."""
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
    return lo, hi


@dataclass
class _Window:
    """The tokens of a context window around one target, with their clause ids."""

    toks: list  # (start, end, lower-cased token)
    starts: list
    ti0: int  # target tokens ti0..ti1-1
    ti1: int
    clause: list
    tgt_clause: int
    neg_idx: list = field(default_factory=list)  # negator token indices
    other_tok: list = field(default_factory=list)  # first token index of each other target

    def negated(self, i: int) -> int | None:
        """The negator up to three tokens before token ``i`` in its clause."""
        for j in reversed(self.neg_idx):
            if j >= i:
                continue
            if i - j > 3:
                break
            if self.clause[j] == self.clause[i]:
                return j
        return None

    def between(self, a: int, b: int) -> bool:
        """Another target lies between token indices a < b."""
        k = bisect.bisect_right(self.other_tok, a)
        return k < len(self.other_tok) and self.other_tok[k] < b


def _window(text: str, lo: int, hi: int, t0: int, t1: int) -> _Window:
    toks = [(m.start(), m.end(), m.group().lower()) for m in _TOK.finditer(text, lo, hi)]
    n = len(toks)
    starts = [t[0] for t in toks]
    ti0 = bisect.bisect_left(starts, t0)
    ti1 = max(ti0, bisect.bisect_left(starts, t1))
    clause = [0] * n
    c = 0
    for i, (_, _, w) in enumerate(toks):
        if w in _HARD_BOUNDARY:
            c += 1
        clause[i] = c
    tgt_clause = clause[min(ti0, n - 1)] if n else 0
    return _Window(toks, starts, ti0, ti1, clause, tgt_clause)


@dataclass
class _Cues:
    """The stance-lexicon matches of a window, sorted by what they do to the words around them."""

    covered: dict  # token index -> lexicon entry covering it (first token only)
    skip: set  # token indices not scored as plain words
    contrast_at: list  # token indices of contrast markers
    rhetorical: list  # (start, end, entry)
    hedge: float
    acts: list  # (i0, i1, start, end, entry) of support/oppose entries
    patient: bool = False  # the target is the patient of a harm word ("Y was purged")


def _cues(matches, starts: Sequence[int]) -> _Cues:
    cues = _Cues({}, set(), [], [], 1.0, [])
    for ms, me, e in matches:
        i0 = bisect.bisect_left(starts, ms)
        i1 = bisect.bisect_left(starts, me)
        if e.category in ("support", "oppose", "neutral", "positive", "negative", "fear", "negator", "harm"):
            cues.skip.update(range(i0, i1))
        if e.category == "contrast":
            cues.contrast_at.append(i0)
        elif e.category == "rhetorical":
            cues.rhetorical.append((ms, me, e))
        elif e.category == "hedge":
            cues.hedge = min(cues.hedge, e.weight)
        elif e.category in ("support", "oppose"):
            cues.acts.append((i0, i1, ms, me, e))
        elif e.category in ("positive", "negative", "harm"):
            cues.covered[i0] = e
            for j in range(i0 + 1, i1):
                cues.skip.add(j)
        elif e.category == "negator":
            cues.covered[i0] = e
    return cues


def _word_items(w: _Window, cues: _Cues, val: dict[str, float], inside_other: set[int]) -> list[list]:
    """``[contribution, start, end, kind, token index]`` of every evaluative word: its
    valence weighted by distance and clause, flipped or weakened by a negator; a harm
    word whose patient is the target does not count."""
    toks, ti0, ti1 = w.toks, w.ti0, w.ti1
    items = []
    for i, (s, e_, word) in enumerate(toks):
        if i in inside_other and not (ti0 <= i < ti1):
            continue  # an evaluative word inside another target's description belongs to that target
        if i in cues.covered and cues.covered[i].category in ("positive", "negative", "harm"):
            ent = cues.covered[i]
            v = ent.weight * (1 if ent.category == "positive" else -1)
            if ent.category == "harm":
                passive = i > 0 and toks[i - 1][2] in _PASSIVE_AUX
                if i >= ti1:  # target before the harm word
                    patient = passive and not w.between(ti1 - 1, i)
                else:  # target after the harm word
                    patient = (not passive) and not w.between(i, ti0)
                    if not passive and w.between(i, ti0):
                        v *= 0.3
                if patient:
                    cues.patient = True
                    continue
        elif i in cues.skip:
            continue
        else:
            v = val.get(word)
            if not v:
                continue
        if ti0 <= i < ti1:
            dist_w = 0.5  # evaluative words inside a description ("the controversial figure")
        else:
            d = ti0 - i if i < ti0 else i - ti1 + 1
            dist_w = 1.0 / (1.0 + 0.08 * max(0, d - 1))
            if w.clause[i] != w.tgt_clause:
                dist_w *= 0.6
        j = w.negated(i)
        if j is not None:
            v *= -0.74 if v > 0 else -0.25  # "not good" is bad; "not racist" is only weakly good
        items.append([v * dist_w, s, e_, "negated" if j is not None else "lexical", i])
    return items


def _act_score(text: str, hi: int, t0: int, t1: int, others, w: _Window, acts: list) -> tuple[float, tuple | None]:
    """The strongest act of support/opposition governing the target (double weight),
    and its evidence ``(start, end, rule)``."""
    act_score = 0.0
    act_ev = None
    pool = sorted({(o[0], o[1]) for o in others} | {(t0, t1)})
    pool_t = [Target(a, b, "", f"{a}-{b}", "actor") for a, b in pool]
    pool_s = [a for a, _ in pool]
    for i0, _, ms, me, ent in acts:
        if ms >= t0:
            continue
        if not any(o.start == t0 and o.end == t1 for o in _act_objects(text, me, hi, pool_t, pool_s)):
            continue
        sign = 1.0 if ent.category == "support" else -1.0
        j = w.negated(i0)
        if j is not None:
            sign = -sign if ent.category == "support" else 0.3
        contribution = 2.0 * ent.weight * sign
        if abs(contribution) > abs(act_score):
            act_score = contribution
            act_ev = (w.toks[j][0] if j is not None else ms, me, "act-negated" if j is not None else "act")
    return act_score, act_ev


def _apply_contrast(items: list[list], contrast_at: list, w: _Window) -> None:
    """Contrast: words before the last marker x0.5, after x1.5; a positive concession
    followed by a negated clause after "but" adds a negative item."""
    if not contrast_at:
        return
    ci = contrast_at[-1]
    pre = sum(it[0] for it in items if it[4] < ci)
    for it in items:
        it[0] *= 0.5 if it[4] < ci else 1.5
    post_neg = [k for k in w.neg_idx if k > ci and w.clause[k] == w.clause[ci]]
    if pre > 0 and post_neg and w.toks[ci][2] in ("but", "however", "yet"):
        k = post_neg[0]
        items.append([-2.5, w.toks[ci][0], w.toks[k][1], "contrast", ci])


def _evidence(items: list[list], act_ev: tuple | None, act_score: float, total: float) -> tuple[int, int, str]:
    """Evidence ``(start, end, rule)``: the act, else the strongest item of the final sign."""
    if act_ev is not None and (act_score > 0) == (total > 0) and abs(act_score) >= 1e-9:
        return act_ev[0], act_ev[1], act_ev[2]
    if items and abs(total) > 1e-9:
        same = [it for it in items if (it[0] > 0) == (total > 0)]
        if same:
            best = max(same, key=lambda it: abs(it[0]))
            return best[1], best[2], best[3]
    return -1, -1, "lexical"


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
    lo, hi = _cut_window(text, lo, hi, t0, t1)
    w = _window(text, lo, hi, t0, t1)
    matches = lex.matches(text, lo, hi) if lex_matches is None else [x for x in lex_matches if lo <= x[0] and x[1] <= hi]
    cues = _cues(matches, w.starts)
    w.neg_idx = [i for i, (_, _, word) in enumerate(w.toks)
                 if _is_negator_token(word) or (i in cues.covered and cues.covered[i].category == "negator")]
    w.other_tok = sorted(bisect.bisect_left(w.starts, o[0]) for o in others if o[0] != t0)
    inside_other = set()
    for o0, o1 in others:
        if (o0, o1) != (t0, t1) and not (o0 <= t0 and t1 <= o1):
            inside_other.update(range(bisect.bisect_left(w.starts, o0), bisect.bisect_left(w.starts, o1)))
    items = _word_items(w, cues, val, inside_other)
    act_score, act_ev = _act_score(text, hi, t0, t1, others, w, cues.acts)
    _apply_contrast(items, cues.contrast_at, w)
    total = sum(it[0] for it in items)
    if cues.rhetorical:
        ms, me, ent = cues.rhetorical[0]
        total = -abs(total) - ent.weight
        items.append([-ent.weight - 1.0, ms, me, "rhetorical", -1])
    total += act_score
    total *= cues.hedge
    score = _norm(total)
    ev_start, ev_end, rule = _evidence(items, act_ev, act_score, total)
    feats = {
        "lex_total": total,
        "lex_pos": sum(it[0] for it in items if it[0] > 0),
        "lex_neg": sum(it[0] for it in items if it[0] < 0),
        "act": act_score,
        "rhetorical": float(bool(cues.rhetorical)),
        "contrast": float(bool(cues.contrast_at)),
        "harm_patient": float(cues.patient),
    }
    return Detail(score, total, ev_start, ev_end, rule if abs(total) > 1e-9 else "none", feats)
