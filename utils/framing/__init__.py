"""Framing: how each claim, paragraph and document frames the story.

Takes a document's segments and claims table and gives the ``frames`` table
(``schema.FRAMES``) through :func:`score_frames`. Used by
``notebooks/05-framing.ipynb`` (and by ``utils.pipeline``); measured by
``evaluation/semeval_frames.py``. Modules: :mod:`~utils.framing.codebook`
(``data/frames.yaml``, validated on load), :mod:`~utils.framing.matching` (terms
found in a text), :mod:`~utils.framing.scoring` (the document, paragraph and claim
units), :mod:`~utils.framing.terms` (terms from a coded sample),
:mod:`~utils.framing.supervised` (the optional classifier) and
:mod:`~utils.framing.charts` (tables and charts).

Two methods:

- **Dictionary (default).** An analyst-editable codebook, ``data/frames.yaml``,
  lists terms for the 14 Policy Frames Codebook dimensions (scheme ``policy``)
  and six generic news frames (scheme ``generic``). Terms are stemmed, may span
  several words, and a hit just after a negator is discounted. A unit's score is
  weighted hits per 100 words; every score carries its evidence terms, and a
  documented threshold rule in the codebook decides ``present``.
- **Supervised (optional).** For analysts who have coded a sample:
  :func:`train_classifier` fits TF-IDF + dictionary-score features with
  one-vs-rest logistic regression, thresholds and a frames-per-text rule
  tuned on inner folds of the training data;
  :func:`cross_validate` reports per-frame scores; :func:`classify_documents`
  applies it to a corpus, giving rows in the same ``frames`` table shape.
  :func:`suggest_terms` lists the words that distinguish each frame in a coded
  sample (candidates for the codebook).

Table ``frames`` (``schema.FRAMES``): one row per unit and frame. Document rows
are written for every frame of both schemes (score 0 included), so prevalence
charts can average over documents; paragraph and claim rows only where the
score is above 0. ``unit_id`` is the doc_id, ``f"{doc_id}:p{index}"`` or the
claim_id.

Example:
    >>> from utils.text import segment
    >>> text = "The minister said the tax rise would cost families billions."
    >>> df = score_frames("d1", text, segment(text), None)
    >>> df.loc[(df.unit == "document") & (df.frame == "economic"), "present"].item()
    True
"""
from utils.framing.charts import (
    SCHEME_ORDER,
    codebook_table,
    common_frames,
    common_note,
    frame_label,
    frame_shares_by,
    frames_by,
    frames_over,
    frames_to_show,
    plot_frames_by,
    plot_prevalence,
    prevalence,
    score_corpus,
    tidy_frames,
)
from utils.framing.codebook import (
    GENERIC_FRAMES,
    POLICY_FRAMES,
    SCHEMES,
    UNITS,
    Codebook,
    CodebookError,
    Frame,
    PresentRule,
    default_codebook_path,
    load_codebook,
    parse_codebook,
)
from utils.framing.matching import (
    Matches,
    match_tokens,
    text_frame_scores,
)
from utils.framing.scoring import (
    decide_present,
    score_frames,
)
from utils.framing.supervised import (
    DictionaryFeatures,
    FrameClassifier,
    classify_documents,
    cross_validate,
    f1_table,
    load_classifier,
    read_coded_csv,
    save_classifier,
    train_classifier,
)
from utils.framing.terms import (
    augment_codebook,
    suggest_terms,
)


__all__ = [
    "Codebook",
    "CodebookError",
    "DictionaryFeatures",
    "Frame",
    "FrameClassifier",
    "GENERIC_FRAMES",
    "Matches",
    "POLICY_FRAMES",
    "PresentRule",
    "SCHEMES",
    "SCHEME_ORDER",
    "UNITS",
    "augment_codebook",
    "classify_documents",
    "codebook_table",
    "common_frames",
    "common_note",
    "cross_validate",
    "decide_present",
    "default_codebook_path",
    "f1_table",
    "frame_label",
    "frame_shares_by",
    "frames_by",
    "frames_over",
    "frames_to_show",
    "load_classifier",
    "load_codebook",
    "match_tokens",
    "parse_codebook",
    "plot_frames_by",
    "plot_prevalence",
    "prevalence",
    "read_coded_csv",
    "save_classifier",
    "score_corpus",
    "score_frames",
    "suggest_terms",
    "text_frame_scores",
    "tidy_frames",
    "train_classifier",
]
