"""Matching codebook terms in a text: the compiled lookup tables (stems,
multi-word continuations, exact-case terms, patterns), negation discount, and the
per-token hits (:func:`match_tokens`) that every unit's score sums.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from utils.text import token_spans
from utils.framing.codebook import (Codebook,
                                    load_codebook)


_WORD = re.compile(r"\w")


@lru_cache(maxsize=2)
def _stemmer(kind: str):
    if kind == "none":
        return lambda w: w
    if kind == "porter":
        from nltk.stem import PorterStemmer

        return PorterStemmer().stem
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english").stem


class _Compiled:
    """Lookup tables: stem -> hits, first stem -> multi-word continuations,
    exact-case tokens, and a cache of token -> (stem, hits)."""

    def __init__(self, cb: Codebook):
        self.stem_fn = _stemmer(cb.stemmer)
        self._stems: dict[str, str] = {}
        self.keys = cb.frame_keys()
        self.schemes = np.array([k[0] for k in self.keys])
        uni: dict[str, list] = {}
        multi: dict[str, dict[tuple[str, ...], list]] = {}
        exact: dict[str, list] = {}
        pats: list[tuple[re.Pattern, int, float, str]] = []
        for fi, fr in enumerate(cb.frames):
            w = dict(fr.weights)
            for term in fr.terms:
                toks = [term[s:e] for s, e in token_spans(term)]
                stems = tuple(self.stem(t) for t in toks)
                if not stems:
                    continue
                hit = (fi, w.get(term, 1.0), term)
                if len(stems) == 1:
                    uni.setdefault(stems[0], []).append(hit)
                else:
                    multi.setdefault(stems[0], {}).setdefault(stems[1:], []).append(hit)
            for term in fr.exact:
                exact.setdefault(term, []).append((fi, w.get(term, 1.0), term))
            for pat in fr.patterns:
                pats.append((re.compile(pat), fi, w.get(pat, 1.0), pat))
        self.uni = {k: _dedupe(v) for k, v in uni.items()}
        # continuations sorted longest first, so the longest term wins
        self.multi = {k: sorted(((r, _dedupe(h)) for r, h in v.items()), key=lambda x: -len(x[0]))
                      for k, v in multi.items()}
        self.exact = exact
        self.patterns = pats
        self._token_cache: dict[str, tuple[str, tuple]] = {}
        self.neg_cues = cb.negation_cues

    def stem(self, word: str) -> str:
        s = self._stems.get(word)
        if s is None:
            w = word.replace("’", "'")
            s = self.stem_fn(w)
            if len(self._stems) > 500_000:
                self._stems.clear()
            self._stems[word] = s
        return s

    def lookup(self, low: str) -> tuple[str, tuple]:
        """``(stem, unigram+pattern hits)`` for a lower-cased token (cached)."""
        got = self._token_cache.get(low)
        if got is None:
            st = self.stem(low)
            hits = list(self.uni.get(st, ()))
            for rx, fi, w, pat in self.patterns:
                if rx.fullmatch(low) and all(h[0] != fi for h in hits):
                    hits.append((fi, w, pat))
            got = (st, tuple(hits))
            if len(self._token_cache) > 500_000:
                self._token_cache.clear()
            self._token_cache[low] = got
        return got

    def is_negator(self, low: str) -> bool:
        return low in self.neg_cues or low.endswith("n't") or low.endswith("n’t")


def _dedupe(hits: list) -> tuple:
    """One hit per frame for a given surface term (the first listing wins)."""
    seen, out = set(), []
    for h in hits:
        if h[0] not in seen:
            seen.add(h[0])
            out.append(h)
    return tuple(out)


@dataclass
class Matches:
    """Dictionary hits in one document (parallel arrays, one entry per hit)."""

    token: np.ndarray  # index of the first token of the hit
    frame: np.ndarray  # index into codebook.frames
    weight: np.ndarray  # effective weight (after negation)
    negated: np.ndarray
    term: list[str]
    is_word: np.ndarray  # per token: 1 if it has a word character
    token_starts: list[int]


def match_tokens(words: Sequence[str], *, sentence_ids: Sequence[int] | None = None,
                 codebook: Codebook | None = None) -> Matches:
    """Find codebook hits in a token sequence.

    Args:
        words: token strings, in order.
        sentence_ids: sentence of each token (negation does not cross sentences).
        codebook: default :func:`load_codebook`.

    Returns:
        :class:`Matches` (``token_starts`` left empty).
    """
    cb = codebook or load_codebook()
    comp = cb.compiled()
    n = len(words)
    lows = [w.lower() for w in words]
    looked = [comp.lookup(w) for w in lows]
    stems = [x[0] for x in looked]
    is_word = np.fromiter((1 if _WORD.search(w) else 0 for w in words), dtype=np.int32, count=n)
    neg_pos = [i for i, w in enumerate(lows) if comp.is_negator(w)] if cb.negation_window else []
    negated_at = np.zeros(n, dtype=bool)
    for p in neg_pos:
        sid = sentence_ids[p] if sentence_ids is not None else None
        for j in range(p + 1, min(n, p + 1 + cb.negation_window)):
            if sid is not None and sentence_ids[j] != sid:
                break
            negated_at[j] = True
    tok, fr, wt, ng, terms = [], [], [], [], []
    multi, exact = comp.multi, comp.exact
    i = 0
    while i < n:
        st = stems[i]
        span = 1
        hits = looked[i][1]
        conts = multi.get(st)
        if conts:
            for rest, mh in conts:
                k = len(rest)
                if i + k < n and tuple(stems[i + 1 : i + 1 + k]) == rest:
                    hits, span = mh, k + 1
                    break
        ex = exact.get(words[i]) if exact else None
        if ex:
            have = {h[0] for h in hits}
            hits = tuple(hits) + tuple(h for h in ex if h[0] not in have)
        if hits:
            neg = bool(negated_at[i])
            f = cb.negation_factor if neg else 1.0
            for fi, w, term in hits:
                tok.append(i)
                fr.append(fi)
                wt.append(w * f)
                ng.append(neg)
                terms.append(term)
        i += span
    return Matches(np.array(tok, dtype=np.int64), np.array(fr, dtype=np.int64), np.array(wt, dtype=float),
                   np.array(ng, dtype=bool), terms, is_word, [])


def text_frame_scores(text: str, *, codebook: Codebook | None = None) -> np.ndarray:
    """Dictionary scores (hits per ``per_words`` words) of every frame for a raw text.

    A light path without sentence segmentation, used for classifier features
    and quick looks; order is ``codebook.frames``.
    """
    cb = codebook or load_codebook()
    words = [text[s:e] for s, e in token_spans(text)]
    m = match_tokens(words, codebook=cb)
    nw = max(int(m.is_word.sum()), 1)
    return np.bincount(m.frame, weights=m.weight, minlength=len(cb.frames)) * cb.per_words / nw
