"""The statistical name tagger (a CRF trained on CoNLL-2003): token features shared with
``evaluation/train_ner.py``, the model file and BIO spans."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from utils import paths

MODEL_PATH = paths.MODELS / "ner-crf.crfsuite"
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
#: The tagger's "ttl" feature: the model in MODEL_PATH was trained with exactly these words, so
#: this set belongs to the model, not to the analyst's title list (data/titles.csv, see
#: ``actors.titles()``); changing it needs retraining (``python -m evaluation.train_ner``).
_TITLE_WORDS = frozenset(
    "mr mrs ms miss dr cllr councillor sir dame lord lady prof professor rev reverend "
    "president senator gov governor mp judge justice minister chancellor secretary".split()
)


@lru_cache(maxsize=1)
def first_names() -> tuple[frozenset[str], frozenset[str]]:
    """(male, female) lower-case first names from NLTK's names corpus, shipped in
    ``utils/nltk_data`` (also used by ``utils.claims`` for signature lines). Raises
    ``utils.nltk_setup.NLTKDataMissing`` when it is missing or not the pinned version."""
    from utils import nltk_setup

    nltk_setup.require("names")
    from nltk.corpus import names

    return (frozenset(w.lower() for w in names.words("male.txt")),
            frozenset(w.lower() for w in names.words("female.txt")))


@lru_cache(maxsize=1)
def _gazetteers() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(male first names, female first names, lower-case English words) from the NLTK
    data shipped with the project. The tagger was trained with these features, so a
    missing corpus is an error (``NLTKDataMissing``), never a weaker tagger."""
    from utils import nltk_setup

    male, female = first_names()
    nltk_setup.require("words")
    from nltk.corpus import words

    vocab = frozenset(w for w in words.words("en") if w.islower())
    return male, female, vocab


def is_first_name(word: str) -> bool:
    """True when ``word`` (any case) is a male or female first name of NLTK's names lists."""
    male, female, _ = _gazetteers()
    low = word.lower()
    return low in male or low in female


def _shape(w: str) -> str:
    """Compressed word shape: ``Austin`` -> ``Xx``, ``MP`` -> ``X``, ``1996-08`` -> ``d-d``."""
    out = []
    last = ""
    for ch in w:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        elif ch.isalpha():
            c = "a"  # letters without case (CJK, Arabic ...)
        else:
            c = ch
        if c != last:
            out.append(c)
            last = c
    return "".join(out[:6])


@lru_cache(maxsize=200_000)
def _word_features(w: str) -> tuple[list[str], list[str], list[str]]:
    """Features of one token: (as itself, as left neighbour, as right neighbour).

    Cached per distinct token string, so tagging costs little more than a dict
    lookup per token.
    """
    male, female, vocab = _gazetteers()
    poss = bool(_POSSESSIVE.search(w)) and len(w) > 2
    base = _POSSESSIVE.sub("", w) if poss else w
    low = base.lower()
    sh = _shape(base)
    if base[:1].isupper():
        case = "U" if base.isupper() and len(base) > 1 else "T"
    elif base[:1].islower():
        case = "L"
    else:
        case = "O"
    own = [
        "b",
        "w=" + low,
        "sh=" + sh,
        "s4=" + low[-4:],
        "s3=" + low[-3:],
        "s2=" + low[-2:],
        "p3=" + low[:3],
        "p2=" + low[:2],
        "c=" + case,
    ]
    if poss:
        own.append("poss")
    if len(base) == 1:
        own.append("len1")
    if low in male or low in female:
        own.append("fname")
    if low in vocab:
        own.append("dict")
        if case == "T":
            own.append("dictT")
    if low in _TITLE_WORDS:
        own.append("ttl")
    if base[:1] in "#@":
        own.append("tag")
    prev = ["-1w=" + low, "-1c=" + case, "-1sh=" + sh]
    nxt = ["+1w=" + low, "+1c=" + case, "+1sh=" + sh]
    if low in _TITLE_WORDS:
        prev.append("-1ttl")
    return own, prev, nxt


def sentence_features(words: list[str]) -> list[list[str]]:
    """CRF feature lists for the tokens of one sentence.

    >>> sentence_features(["Mr", "Austin", "said"])[1][:3]
    ['b', 'w=austin', 'sh=Xx']
    """
    n = len(words)
    feats = [_word_features(w) for w in words]
    out = []
    for i in range(n):
        f = list(feats[i][0])
        if i > 0:
            f += feats[i - 1][1]
            if i > 1:
                f.append("-2w=" + feats[i - 2][1][0][4:])
        else:
            f.append("BOS")
        if i + 1 < n:
            f += feats[i + 1][2]
            if i + 2 < n:
                f.append("+2w=" + feats[i + 2][2][0][4:])
        else:
            f.append("EOS")
        out.append(f)
    return out


@lru_cache(maxsize=2)
def _tagger(path: str):
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(path)
    return t


def model_available(path: Path | None = None) -> bool:
    """True when the CRF weights file exists."""
    return Path(path or MODEL_PATH).exists()


def tag_tokens(words: list[str], *, model: Path | None = None) -> list[str]:
    """BIO labels (``B-PER``, ``I-ORG``, ``O`` ...) for one sentence of tokens."""
    if not words:
        return []
    path = paths.require_file(model or MODEL_PATH, "name tagger weights", "restore utils/models/ner-crf.crfsuite "
                              "from the repository or retrain it with `python -m evaluation.train_ner`")
    return _tagger(str(path)).tag(sentence_features(words))


def bio_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(first, last_exclusive, type)`` from BIO/IOB1 labels.

    >>> bio_spans(["B-PER", "I-PER", "O", "I-ORG", "B-ORG"])
    [(0, 2, 'PER'), (3, 4, 'ORG'), (4, 5, 'ORG')]
    """
    out = []
    start, cur = -1, ""
    for i, lab in enumerate(labels):
        if lab == "O" or not lab:
            if cur:
                out.append((start, i, cur))
            start, cur = -1, ""
            continue
        pre, _, typ = lab.partition("-")
        if pre == "B" or typ != cur:
            if cur:
                out.append((start, i, cur))
            start, cur = i, typ
    if cur:
        out.append((start, len(labels), cur))
    return out
