"""Actors: find people, organisations and groups in news text and know who each one is.

Takes a document's text and its segments (``utils.text.segmentation``: tokens, sentences,
paragraphs); gives the ``mentions`` table (one row per mention, ``schema.MENTIONS``) and,
over the corpus, the ``actors`` table (one row per actor, ``schema.ACTORS``).

Used by notebooks/02-annotate-actors.ipynb (and by every later stage through the
``mentions`` and ``actors`` tables).

Modules: ``tagger`` (the CRF name tagger), ``registry`` / ``offices`` / ``lexicon`` (the
analyst's data files; the one title list is :func:`titles`, from ``data/titles.csv``),
``doc`` (token arrays shared by the rules), ``names`` / ``descriptions`` (mention rules),
``resolve`` (descriptions and pronouns to actors), ``mentions`` (:func:`detect_mentions`),
``stats`` (the corpus actors table and cross-document linking), ``tables`` (tables and
HTML for reading).

Per document, :func:`detect_mentions` combines

1. a statistical tagger (a CRF trained on CoNLL-2003, ``utils/models/ner-crf.crfsuite``)
   that proposes person / organisation / place name spans,
2. the analyst's actor registry (``data/actors.csv``): aliases are found directly and
   registry facts (type, party, role, gender) override automatic guesses,
3. rules for titles ("Mr", "Cllr"), role descriptions ("The Dudley North MP"),
   collective actors ("some of Corbyn's supporters"), @handles and pronouns,
4. deterministic within-document resolution: each rule that links a mention to an
   actor is named in ``resolved_by``.

Across documents, :func:`build_actors` merges mentions by canonical name (the
``actor_id`` slug), so the same person in two articles is one actor; the pipeline
then links a surname-only actor to the one full name it matches in the corpus
(:func:`corpus_links`, applied to mentions, claims and stances alike).

``resolved_by`` values (one deterministic rule each):

- names: ``registry`` (alias or name in data/actors.csv), ``full-name``, ``surname`` /
  ``first-name`` (a full name earlier in the document; ``-forward`` when later),
  ``registry-surname``, ``surname-propagation`` / ``first-name-propagation`` (a word
  the tagger missed), ``short-org-name`` ("Labour" -> "Labour Party"), ``handle`` /
  ``handle-name`` (@handles), ``description-modifier`` ("DUDLEY" in "A DUDLEY Labour
  MP" is a place), ``name`` (a new actor named as written).
- descriptions: ``apposition`` ("Dudley Council's Labour leader, Cllr Pete Lowe"),
  ``same-role`` (the same role said earlier of someone), ``registry-role`` (the
  registry role and party hold the description's words), ``spokesperson-for`` ("Mr
  Blair's spokesman", "a spokesman for Michael Howard": the principal), ``possessor-role``
  ("Ms Quill's lawyer": a role of its own), ``cataphora`` (a lede description before the first name),
  ``spokesperson-org`` ("a Home Office spokesman" speaks for the Home Office),
  ``office-holder`` (a person the document names who holds, or held, the office the
  description names: data/offices.csv), ``office-date`` (the office's holder on the
  document's date), ``office`` (an unresolved office such as "the prime minister" is an
  actor of type ``role``, never a person; so is "Ms Quill's lawyer"),
  ``salience`` (a sentence subject: the last subject before it), ``recency`` (the last
  person mentioned, not the subject of its own sentence), ``description`` (an
  indefinite "a Labour spokesman": its own actor), ``org-recency`` ("the party"),
  ``source-org`` ("a study by X", "figures from X", "the study, conducted by X", "X's
  report": the organisation or person named with a source noun of the lexicon),
  ``source-same`` ("the report" again: what the last "report" was resolved to),
  ``source-recency`` ("the report" met first: the organisation named last before it).
- pronouns: ``pronoun-subject`` (the last gender-compatible subject; inside a quote the
  quoted speaker is skipped), ``pronoun-recent`` (else the last compatible person),
  ``pronoun-group`` (sentence-initial "They" after a group).
- groups: ``possessor`` ("some of Corbyn's supporters" -> "Corbyn's supporters"),
  ``group-phrase`` ("moderate Labour MPs"), ``registry``.
- across documents (the pipeline, after every document): ``+corpus-surname`` is added to
  a surname-only mention linked to the one full name it matches in the corpus.

Example:
    >>> from utils.text import segment
    >>> text = "Labour MP Jane Doe spoke. Ms Doe said she would stand."
    >>> m = detect_mentions("d1", text, segment(text))
    >>> m[m.actor == "Jane Doe"][["text", "kind"]].values.tolist()
    [['Labour MP', 'description'], ['Jane Doe', 'name'], ['Doe', 'name'], ['she', 'pronoun']]
"""
from __future__ import annotations

from utils.actors.lexicon import (
    TITLE_COLUMNS,
    TITLES_PATH,
    Lexicon,
    honorifics,
    load_lexicon,
    titles,
    titles_from_frame,
)
from utils.actors.mentions import detect_mentions, empty_mentions
from utils.actors.offices import (
    DATE_MAX,
    DATE_MIN,
    OFFICE_COLUMNS,
    PERIOD_START,
    Offices,
    OfficeTerm,
    load_offices,
    office_key,
    offices_from_frame,
)
from utils.actors.registry import (
    MENTION_KINDS,
    LEXICON_PATH,
    OFFICES_PATH,
    REGISTRY_COLUMNS,
    REGISTRY_PATH,
    TYPES,
    Registry,
    RegistryError,
    load_registry,
    registry_from_frame,
)
from utils.actors.stats import (
    LINKED_COLUMNS,
    ActorStats,
    accumulate_actor_stats,
    actor_stats,
    actors_from_stats,
    build_actors,
    corpus_links,
    empty_actors,
    link_across_documents,
    merge_actor_stats,
    registry_suggestions,
    relink_stats,
    role_on_dates,
    split_places,
)
from utils.actors.tables import TYPE_COLOURS, highlight_mentions_html, mention_summary, top_actors
from utils.actors.tagger import (
    MODEL_PATH,
    bio_spans,
    first_names,
    model_available,
    sentence_features,
    tag_tokens,
)
from utils.ids import actor_id  # the one slug rule, re-exported

__all__ = [
    "split_places",
    "role_on_dates",
    "DATE_MAX", "DATE_MIN", "MENTION_KINDS", "LEXICON_PATH", "LINKED_COLUMNS", "MODEL_PATH", "OFFICES_PATH", "OFFICE_COLUMNS",
    "PERIOD_START", "REGISTRY_COLUMNS", "REGISTRY_PATH", "TITLES_PATH", "TITLE_COLUMNS", "TYPES", "TYPE_COLOURS",
    "ActorStats", "Lexicon", "OfficeTerm", "Offices", "Registry", "RegistryError",
    "accumulate_actor_stats", "actor_id", "actor_stats", "actors_from_stats", "bio_spans", "build_actors", "corpus_links",
    "detect_mentions", "empty_actors", "empty_mentions", "first_names", "highlight_mentions_html", "link_across_documents",
    "load_lexicon", "load_offices", "load_registry", "mention_summary", "merge_actor_stats", "model_available",
    "office_key", "offices_from_frame", "registry_from_frame", "registry_suggestions", "relink_stats", "sentence_features",
    "honorifics", "tag_tokens", "titles", "titles_from_frame", "top_actors",
]
