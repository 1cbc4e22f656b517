"""Claims: who says what. Takes an article's text, its segmentation (``utils.text.segmentation``)
and its mentions table (``schema.MENTIONS``); gives the claims table (``schema.CLAIMS``):
direct quotes, reported speech and mixed quotes, each with its speaker, cue, content and the
rule that found it (:func:`extract_claims`; how the rules work: :mod:`utils.claims.extract`).

Modules: ``cues`` (the cue lexicon of ``data/cues.csv``), ``rules`` (the rule registry),
``words`` (word lists; the open ones in ``data/claims_words.csv``), ``doc`` (the working document), ``grammar`` and ``speaker``
(noun phrases, subjects, speakers of cues), ``direct``, ``reported``, ``tweets`` (the rules),
``bare`` (rule confidence, bare-quote model), ``resolve`` (speakers to actors),
``extract`` (the engine), ``tables`` (attributions, HTML) and ``charts`` (notebook summaries).
"""
from utils.claims.bare import (
    BARE_QUOTE_FEATURES,
    BARE_QUOTE_MODEL,
    RULE_CONFIDENCE,
    BareQuoteModel,
    bare_quote_features,
    load_bare_quote_model,
    load_rule_confidence,
    unclaimed_quotes,
)
from utils.claims.charts import claims_per_actor, claims_table, plot_claims_per_actor
from utils.claims.cues import CUE_TYPES, Cue, CueFileError, CueLexicon, load_cues, load_noun_cues
from utils.claims.extract import extract_claims, rule_claims
from utils.text.quotes import Quote, find_quotes
from utils.claims.rules import PREFIXES, RULES, Rule, check_rule, rules_legend, rules_markdown, rules_table
from utils.claims.tables import ATTRIBUTION_COLUMNS, PART_JOINER, attributions, highlight_claims_html, n_claims
from utils.claims.words import WORD_LISTS, load_word_lists
from utils.ids import claim_id_for

__all__ = [
    "ATTRIBUTION_COLUMNS", "BARE_QUOTE_FEATURES", "BARE_QUOTE_MODEL", "CUE_TYPES", "PART_JOINER", "RULE_CONFIDENCE",
    "BareQuoteModel", "Cue", "CueFileError", "CueLexicon", "Quote",
    "attributions", "bare_quote_features", "claim_id_for", "claims_per_actor", "claims_table", "extract_claims",
    "find_quotes", "highlight_claims_html", "load_bare_quote_model", "load_cues", "load_noun_cues",
    "load_rule_confidence", "n_claims", "plot_claims_per_actor", "rule_claims", "unclaimed_quotes",
    "PREFIXES", "RULES", "Rule", "check_rule", "rules_legend", "rules_markdown", "rules_table",
    "WORD_LISTS", "load_word_lists",
]
