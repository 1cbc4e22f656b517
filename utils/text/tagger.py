"""Part-of-speech tags (Penn Treebank) for the project's tokens.

An averaged perceptron (NLTK's ``PerceptronTagger`` features) trained on GUM by
``python -m evaluation.train_pos`` and shipped as gzipped JSON,
``utils/models/pos_gum.json.gz`` (see ``utils/models/README.md``). It tags the
project's own tokens (``utils.text.token_spans``), where clitics stay joined to
their host ("don't", "Corbyn's", "I'm"): such a token carries the tag of its host
("don't" VBP, "Corbyn's" NNP, "I'm" PRP), and a hyphenated word the tag of its last
part ("all-girl" NN, "well-known" VBN).

- ``tag_doc(doc)`` fills ``doc.tags`` (one tag per token, sentence by sentence).
- ``tag_tokens(words, sentence_ids)`` tags a list of token texts.
- ``load_tagger()`` loads the model once; a missing file raises
  ``utils.paths.ResourceMissing`` naming it and the command that makes it.

Not wired into the pipeline stages yet: nothing calls it unless asked.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from utils import paths

MODEL_PATH = paths.MODELS / "pos_gum.json.gz"
TRAIN_COMMAND = "python -m evaluation.train_pos"
FORMAT = "wsw-pos-perceptron/1"

#: The Penn Treebank tags the model can give (GUM's XPOS set: PTB plus HYPH, NFP, ADD, GW, AFX, XX).
PTB_TAGS = frozenset(
    "CC CD DT EX FW IN JJ JJR JJS LS MD NN NNS NNP NNPS PDT POS PRP PRP$ RB RBR RBS RP SYM TO UH VB VBD VBG "
    "VBN VBP VBZ WDT WP WP$ WRB $ # , . : `` '' -LRB- -RRB- HYPH NFP ADD GW AFX XX".split()
)


def save_model(tagger, path: Path | str, min_weight: float = 0.0) -> dict:
    """Write a trained ``nltk.tag.perceptron.PerceptronTagger`` as gzipped JSON.

    Weights whose absolute value is below ``min_weight`` are dropped (features left
    without weights are dropped too). Returns counts: features, weights, bytes."""
    weights = {}
    n = 0
    for feat, by_tag in tagger.model.weights.items():
        kept = {t: round(w, 3) for t, w in by_tag.items() if abs(w) >= max(min_weight, 1e-9)}
        if kept:
            weights[feat] = kept
            n += len(kept)
    obj = {"format": FORMAT, "classes": sorted(tagger.classes), "tagdict": tagger.tagdict, "weights": weights}
    raw = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    path = Path(path)
    from utils.tables import atomic_path  # written whole or not at all

    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        # mtime=0: the same weights give the same bytes
        with gzip.GzipFile(filename="", fileobj=f, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write(raw)
    return {"features": len(weights), "weights": n, "bytes": path.stat().st_size}


def read_model(path: Path | str):
    """A ``PerceptronTagger`` from a file written by :func:`save_model`."""
    from nltk.tag.perceptron import PerceptronTagger

    with gzip.open(path, "rt", encoding="utf-8") as f:
        obj = json.load(f)
    if obj.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} model; re-make it with `{TRAIN_COMMAND}`")
    tagger = PerceptronTagger(load=False)
    tagger.model.weights = obj["weights"]
    tagger.tagdict = obj["tagdict"]
    tagger.classes = tagger.model.classes = set(obj["classes"])
    return tagger


@lru_cache(maxsize=1)
def load_tagger():
    """The shipped tagger (loaded once). A missing model file raises
    ``paths.ResourceMissing`` naming the file and the command that makes it."""
    p = paths.require_file(MODEL_PATH, "part-of-speech model",
                           f"make it with `{TRAIN_COMMAND}` (needs GUM in $WSW_DATASETS/gum)")
    return read_model(p)


def tag_tokens(words: list[str] | tuple[str, ...], sentence_ids=None) -> list[str]:
    """One PTB tag per token. ``sentence_ids`` (one per token; consecutive equal ids
    form a sentence) gives the sentences; ``None`` tags all tokens as one sentence."""
    words = list(words)
    if not words:
        return []
    if sentence_ids is None:
        sentence_ids = [0] * len(words)
    sentence_ids = list(sentence_ids)
    if len(sentence_ids) != len(words):
        raise ValueError(f"{len(words)} words but {len(sentence_ids)} sentence ids")
    tagger = load_tagger()
    tags: list[str] = []
    i = 0
    for _, group in groupby(sentence_ids):
        n = sum(1 for _ in group)
        tags.extend(t for _, t in tagger.tag(words[i : i + n]))
        i += n
    return tags


def tag_doc(doc):
    """Fill ``doc.tags`` with one PTB tag per token (sentence by sentence); returns ``doc``."""
    doc.tags = tag_tokens(doc.words, [t.sentence for t in doc.tokens])
    return doc
