"""The ``frames`` table of one document: :func:`score_frames` scores the
document, each paragraph and each claim (the units) against the codebook and
decides ``present`` by the codebook's rule (:func:`decide_present`).
"""
from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

import numpy as np
import pandas as pd

from utils import schema
from utils.text import Segmented
from utils.framing.codebook import (_EMPTY, SCHEMES, Codebook,
                                    PresentRule, load_codebook)
from utils.framing.matching import Matches, match_tokens


def score_frames(doc_id: str, text: str, seg: Segmented, claims: pd.DataFrame | None, *,
                 codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Score every frame per document, paragraph and claim with the dictionary.

    Args:
        doc_id: document id.
        text: the document text (``seg.text``).
        seg: ``utils.text.segment(text)`` (the Doc).
        claims: claims table (``schema.CLAIMS``; ``claim_id``, ``content_start``,
            ``content_end`` are used) or None.
        codebook: a :class:`Codebook`, a path to one, or None for ``data/frames.yaml``.

    Returns:
        DataFrame with ``schema.FRAMES`` columns: document rows for every frame
        of both schemes, paragraph and claim rows where the score is above 0;
        empty (with the columns) when the text has no word at all.
        ``evidence`` is the "; "-joined matched terms (most frequent first; a
        negated hit is written ``not:term``).
    """
    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    toks = seg.tokens
    words = [text[t.start : t.end] for t in toks]
    m = match_tokens(words, sentence_ids=[t.sentence for t in toks], codebook=cb)
    cum = np.concatenate([[0], np.cumsum(m.is_word)])
    if not cum[-1]:  # no words at all: nothing to frame
        return _EMPTY.copy()
    rows: list[tuple] = []
    # document
    rows += _unit_rows(cb, doc_id, "document", doc_id, m, np.ones(len(m.token), dtype=bool),
                       int(cum[-1]), all_frames=True)
    # paragraphs
    if len(toks):
        tok_par = np.fromiter((t.paragraph for t in toks), dtype=np.int64, count=len(toks))
        hit_par = tok_par[m.token] if len(m.token) else np.zeros(0, dtype=np.int64)
        for p in seg.paragraphs:
            lo = bisect_left(tok_par, p.index)  # tok_par is non-decreasing
            hi = bisect_left(tok_par, p.index + 1)
            mask = hit_par == p.index
            if mask.any():
                rows += _unit_rows(cb, doc_id, "paragraph", f"{doc_id}:p{p.index}", m, mask, int(cum[hi] - cum[lo]))
    # claims
    if claims is not None and len(claims):
        starts = [t.start for t in toks]
        hit_start = np.array([starts[i] for i in m.token], dtype=np.int64) if len(m.token) else np.zeros(0, np.int64)
        parts: dict[str, list[tuple[int, int]]] = {}  # claim -> its parts' spans (one claim, one score)
        for cid, cs, ce in zip(claims["claim_id"], claims["content_start"], claims["content_end"]):
            if not (pd.isna(cs) or pd.isna(ce)):
                parts.setdefault(str(cid), []).append((int(cs), int(ce)))
        for cid, spans in parts.items():
            mask = np.zeros(len(hit_start), dtype=bool)
            n_words = 0
            for cs, ce in spans:
                lo, hi = bisect_left(starts, cs), bisect_left(starts, ce)
                mask |= (hit_start >= cs) & (hit_start < ce)
                n_words += int(cum[hi] - cum[lo])
            if mask.any():
                rows += _unit_rows(cb, doc_id, "claim", cid, m, mask, n_words)
    if not rows:
        return _EMPTY.copy()
    df = pd.DataFrame(rows, columns=schema.FRAMES)
    df["score"] = df["score"].astype(float)
    df["present"] = df["present"].astype(bool)
    return df


def _unit_rows(cb: Codebook, doc_id: str, unit: str, unit_id: str, m: Matches, mask: np.ndarray,
               n_words: int, *, all_frames: bool = False) -> list[tuple]:
    nf = len(cb.frames)
    fr = m.frame[mask]
    w = m.weight[mask]
    sums = np.bincount(fr, weights=w, minlength=nf)
    hits = np.bincount(fr, minlength=nf)
    scores = sums * cb.per_words / max(n_words, 1)
    present = decide_present(scores, hits, cb.compiled().schemes, {sch: cb.rule(unit, sch) for sch in SCHEMES})
    idx = np.flatnonzero(mask)
    ev: dict[int, dict[str, int]] = {}
    for j in idx:
        term = m.term[j]
        if m.negated[j]:
            term = "not:" + term
        d = ev.setdefault(int(m.frame[j]), {})
        d[term] = d.get(term, 0) + 1
    out = []
    for fi, (scheme, name) in enumerate(cb.frame_keys()):
        if not all_frames and scores[fi] <= 0:
            continue
        terms = ev.get(fi, {})
        evidence = "; ".join(sorted(terms, key=lambda t: -terms[t]))
        out.append((doc_id, unit, unit_id, scheme, name, round(float(scores[fi]), 4), bool(present[fi]), evidence))
    return out


def decide_present(scores: np.ndarray, hits: np.ndarray, schemes: np.ndarray,
                   rule: PresentRule | dict[str, PresentRule]) -> np.ndarray:
    """Apply a :class:`PresentRule` (or one per scheme) to one unit's scores, scheme by scheme.

    >>> decide_present(np.array([4.0, 1.0, 3.0]), np.array([4, 1, 3]), np.array(["policy"] * 3),
    ...                PresentRule(min_hits=1, min_share=0.5, max_frames=3)).tolist()
    [True, False, True]
    """
    out = np.zeros(len(scores), dtype=bool)
    for sch in np.unique(schemes):
        idx = np.flatnonzero(schemes == sch)
        r = rule[str(sch)] if isinstance(rule, dict) else rule
        s = scores[idx]
        if not len(s) or s.max() <= 0:
            continue
        ok = (hits[idx] >= r.min_hits) & (s >= r.min_score) & (s >= r.min_share * s.max()) & (s > 0)
        order = np.argsort(-s, kind="stable")
        rank = np.empty(len(s), dtype=int)
        rank[order] = np.arange(1, len(s) + 1)
        out[idx] = ok & (rank <= r.max_frames)
    return out
