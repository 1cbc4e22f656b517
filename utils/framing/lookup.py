"""A codebook compiled for matching: the lookup tables (stems, multi-word continuations,
exact-case terms, patterns) built once per codebook and cached on it (``Codebook.compiled``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from utils.text import token_spans

if TYPE_CHECKING:
    from utils.framing.codebook import Codebook


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
