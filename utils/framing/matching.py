"""Matching codebook terms in a text: the compiled lookup tables (stems,
multi-word continuations, exact-case terms, patterns), negation discount, and the
per-token hits (:func:`match_tokens`) that every unit's score sums.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from utils.framing.codebook import Codebook, load_codebook
from utils.text import token_spans


_WORD = re.compile(r"\w")


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
