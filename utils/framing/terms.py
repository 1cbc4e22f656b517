"""Terms from a coded sample: :func:`suggest_terms` lists the words that
distinguish each frame (candidates for the codebook) and :func:`augment_codebook`
adds chosen ones.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd

from utils.text import token_spans
from utils.framing.codebook import (Codebook,
                                    Frame, load_codebook)


_ALPHA = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]\Z")


def suggest_terms(texts: Sequence[str], labels: Sequence[Sequence[str]], *, codebook: Codebook | None = None,
                  top: int = 30, min_docs: int = 5, min_z: float = 2.0, prior: float = 500.0) -> pd.DataFrame:
    """Words that distinguish each frame in analyst-coded texts (candidates for the codebook).

    Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
    & Quinn 2008) of each stem in texts coded with the frame against all other
    texts, counting each stem once per text. Stopwords, numbers and stems the
    frame already lists are skipped.

    Args:
        texts: coded texts.
        labels: frame names per text.
        codebook: to skip terms already listed (default ``data/frames.yaml``).
        top: at most this many terms per frame.
        min_docs: a stem must occur in at least this many texts of the frame.
        min_z: minimum z-score.
        prior: size of the Dirichlet prior (pseudo-documents).

    Returns:
        Columns frame, term (the stem's commonest word form), stem, z, n_docs
        (texts of the frame containing it), sorted by frame then z.
    """
    from utils.nltk_setup import require

    cb = codebook or load_codebook()
    comp = cb.compiled()
    require("stopwords")
    from nltk.corpus import stopwords

    stop = set(stopwords.words("english"))
    docs: list[set[str]] = []
    forms: dict[str, dict[str, int]] = {}
    for t in texts:
        seen = set()
        for s, e in token_spans(t):
            w = t[s:e].lower()
            if len(w) < 3 or w in stop or not _ALPHA.match(w):
                continue
            st = comp.stem(w)
            seen.add(st)
            d = forms.setdefault(st, {})
            d[w] = d.get(w, 0) + 1
        docs.append(seen)
    vocab = sorted(set().union(*docs)) if docs else []
    index = {w: i for i, w in enumerate(vocab)}
    from scipy import sparse

    rows = [i for i, d in enumerate(docs) for _ in d]
    cols = [index[w] for d in docs for w in d]
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(vocab)))
    total = np.asarray(X.sum(0)).ravel()
    alpha = prior * total / max(total.sum(), 1)
    a0 = alpha.sum()
    names = sorted({f for ls in labels for f in ls})
    listed: dict[str, set[str]] = {}
    for fi, fr in enumerate(cb.frames):
        for st, hits in comp.uni.items():
            if any(h[0] == fi for h in hits):
                listed.setdefault(fr.name, set()).add(st)
    out = []
    for f in names:
        mask = np.array([f in ls for ls in labels])
        if mask.sum() == 0 or mask.all():
            continue
        yi = np.asarray(X[mask].sum(0)).ravel()
        yj = total - yi
        ni, nj = yi.sum(), yj.sum()
        delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
        z = delta / np.sqrt(1 / (yi + alpha) + 1 / (yj + alpha))
        order = np.argsort(-z)
        k = 0
        for j in order:
            if z[j] < min_z or k >= top:
                break
            st = vocab[j]
            if yi[j] < min_docs or st in listed.get(f, ()):
                continue
            form = max(forms[st], key=forms[st].get)
            out.append((f, form, st, round(float(z[j]), 3), int(yi[j])))
            k += 1
    return pd.DataFrame(out, columns=["frame", "term", "stem", "z", "n_docs"])


def augment_codebook(codebook: Codebook, suggestions: pd.DataFrame, *, weight: float = 0.5,
                     scheme: str = "policy", version_suffix: str = "+coded") -> Codebook:
    """A copy of ``codebook`` with suggested terms added to their frames.

    Args:
        codebook: the base codebook.
        suggestions: output of :func:`suggest_terms` (columns frame, term).
        weight: weight of every added term.
        scheme: scheme whose frames receive the terms.
        version_suffix: appended to the version.
    """
    add: dict[str, list[str]] = {}
    for f, t in zip(suggestions["frame"], suggestions["term"]):
        add.setdefault(f, []).append(t)
    frames = []
    for fr in codebook.frames:
        extra = [t for t in add.get(fr.name, []) if t not in fr.terms] if fr.scheme == scheme else []
        if extra:
            fr = Frame(fr.scheme, fr.name, fr.description, fr.terms + tuple(extra), fr.patterns,
                       fr.weights + tuple((t, weight) for t in extra), fr.exact)
        frames.append(fr)
    return Codebook(codebook.version + version_suffix, frames, dict(codebook.rules), codebook.stemmer,
                    codebook.per_words, codebook.negation_window, codebook.negation_factor,
                    codebook.negation_cues, codebook.path)
