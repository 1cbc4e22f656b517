"""Stance: who is for and against whom and what, with the evidence.

Takes a document's claims and mentions tables (and its segments, which bound the
acts) and gives the ``stances`` table (``schema.STANCES``) through
:func:`claim_stances`: one row per claim and target (actors from the mentions,
issues from ``data/issues.yaml``) with polarity ``favour|against|neutral``, a score
and the evidence words with offsets, plus rows for reported acts of support or
attack that are not quotes ("has criticised the selection process", "take a swipe
at Mr Austin"), which have an empty ``claim_id``. Acts (vote for, nominate,
criticise ... as listed in ``data/stance_lexicon.csv``) with negation and refusal
decide first; otherwise the target's lexical sentiment inside the claim decides
(with contrast, sarcasm/rhetorical-question and fear cues). Used by
``notebooks/04-stance.ipynb`` and ``utils.pipeline``.

Modules:

- :mod:`~utils.stance.lexicon` - the stance lexicon and the issues codebook (data
  files, validated on load with file/line/field errors, loaded lazily and cached; an
  issue's ``favour_terms``/``against_terms`` carry a stance toward it);
- :mod:`~utils.stance.tokens` - the stage's tokenizer and sentence splitter;
- :mod:`~utils.stance.lexical` - the rule scorer of the sentiment toward a target;
- :mod:`~utils.stance.onnx_model`, :mod:`~utils.stance.encoder`,
  :mod:`~utils.stance.model`, :mod:`~utils.stance.sentiment` -
  :func:`sentiment_toward`: the sentiment a text expresses toward one target span
  (``positive|neutral|negative`` and a score in [-1, 1]) by the default encoder
  (all-MiniLM-L6-v2 fine-tuned on NewsMTSC, ``evaluation/train_stance_encoder.py``,
  int8 ONNX run with onnxruntime, no torch), the light ``"model"`` (a logistic
  regression over target-aware features, ``evaluation/train_sentiment.py``) or the
  ``"lexicon"`` rule scorer alone (weights in ``utils/models/``);
- :mod:`~utils.stance.targets` - targets (actor mentions, issue matches) and acts;
- :mod:`~utils.stance.table` - :func:`claim_stances`, the ``stances`` table;
- :mod:`~utils.stance.charts` - :func:`stance_matrix`, :func:`target_support`,
  :func:`stance_by` and the chart helpers (:func:`plot_stance_heatmap`: sources as
  rows and targets as columns always, n in every cell, cells with fewer than
  :data:`MIN_N` stances muted; :func:`plot_target_bars`, :func:`plot_stance_by`).

Every offset is into the original document text: ``text[evidence_start:
evidence_end] == evidence``.

Example:
    >>> sentiment_toward("Voters love Smith.", 12, 17, method="lexicon")[0]
    'positive'
"""
from utils.stance.charts import (
    MIN_N,
    POLARITY_COLOURS,
    heatmap_grid,
    plot_stance_by,
    plot_stance_heatmap,
    plot_target_bars,
    stance_by,
    stance_matrix,
    target_support,
    with_claim_text,
)
from utils.stance.encoder import encoder_detail
from utils.stance.lexical import Detail, lexical_detail, opinion_words, vader_lexicon
from utils.stance.lexicon import (
    CATEGORIES,
    DIRECTIONS,
    LABELS,
    POLARITIES,
    Issue,
    IssueSet,
    LexEntry,
    Lexicon,
    StanceDataError,
    TermIndex,
    compile_issues,
    load_issues,
    load_lexicon,
    slug,
)
from utils.stance.model import MODEL_FILE, LinearModel, load_linear_model, save_linear_model, target_features
from utils.stance.onnx_model import MODEL_FILE as ENCODER_FILE
from utils.stance.onnx_model import TOKENIZER_FILE as ENCODER_TOKENIZER_FILE
from utils.stance.onnx_model import ModelMissingError, mark_target, predict_proba
from utils.stance.sentiment import METHODS, sentiment_detail, sentiment_toward
from utils.stance.table import affiliations, claim_stances
from utils.stance.targets import Target, find_targets
from utils.stance.tokens import context_window


__all__ = [
    "CATEGORIES", "DIRECTIONS", "ENCODER_FILE", "ENCODER_TOKENIZER_FILE", "LABELS", "METHODS", "MIN_N", "MODEL_FILE",
    "POLARITIES",
    "POLARITY_COLOURS", "Detail", "Issue", "IssueSet", "LexEntry", "Lexicon", "LinearModel", "ModelMissingError",
    "StanceDataError", "Target", "TermIndex", "affiliations", "claim_stances", "compile_issues", "context_window",
    "encoder_detail", "find_targets", "heatmap_grid", "lexical_detail", "load_issues", "load_lexicon", "load_linear_model",
    "mark_target", "opinion_words", "plot_stance_by", "plot_stance_heatmap", "plot_target_bars", "predict_proba",
    "save_linear_model", "sentiment_detail", "sentiment_toward", "slug", "stance_by", "stance_matrix",
    "target_features", "target_support", "vader_lexicon", "with_claim_text",
]
