"""Mention detection of one document: every rule run in order, resolved, as the mentions table."""
from __future__ import annotations

import bisect
import re
from pathlib import Path

import pandas as pd

from utils import schema
from utils.actors.descriptions import (
    _descriptions,
    _groups,
    _house_descriptions,
    _it_speakers,
    _demonym_descriptions,
    _org_descriptions,
    _plural_pronouns,
    _pronouns,
    _source_descriptions,
)
from utils.actors.doc import _Doc, _frame, _Mention
from utils.actors.lexicon import Lexicon, load_lexicon
from utils.actors.names import (
    _common_word,
    _institution_names,
    _first_name_gender,
    _crf_mentions,
    _handle_mentions,
    _hyphen_places,
    _merge_names,
    _modifier_places,
    _propagate_known_names,
    _registry_mentions,
    _resolve_names,
    _split_on_registry,
    _split_role_prefix,
    _title_mentions,
)
from utils.actors.offices import _ISO_DATE, Offices, _as_offices
from utils.actors.registry import Registry, _as_registry
from utils.actors.resolve import _resolve_in_order
from utils.actors.tagger import _gazetteers
from utils.ids import actor_id
from utils.text import Segmented, segment

_KIND_ORDER = {"name": 0, "group": 1, "description": 2, "pronoun": 3}


def empty_mentions() -> pd.DataFrame:
    """An empty mentions table with the schema's columns and dtypes."""
    return _frame([], schema.MENTIONS)


def detect_mentions(
    doc_id: str,
    text: str,
    seg: Segmented | None = None,
    *,
    registry: Registry | pd.DataFrame | str | Path | None = None,
    lexicon: Lexicon | str | Path | None = None,
    model: Path | bool | None = None,
    date: str | None = None,
    offices: "Offices | pd.DataFrame | str | Path | None" = None,
) -> pd.DataFrame:
    """Find and resolve the actor mentions of one document.

    Args:
        doc_id: the document's id (used in ``mention_id``).
        text: the document text; every ``start``/``end`` is an offset into it.
        seg: ``utils.text.segment(text)`` (the Doc) (computed when omitted).
        registry: actor registry (default ``data/actors.csv``): a :class:`Registry`, a
            DataFrame with the registry columns, or a path.
        lexicon: rule lexicon (default ``data/actor_lexicon/lexicon.yaml``).
        model: CRF weights (default ``utils/models/ner-crf.crfsuite``); a missing file
            is an error (``utils.paths.ResourceMissing``). ``False`` runs the rules
            alone, on purpose (for tests and comparisons).
        date: the document's date (YYYY-MM-DD...; empty or None when unknown). An office
            named only by its role ("the chancellor") and by no person of the document is
            resolved to its holder on this date.
        offices: office terms with dates (default ``data/offices.csv``).

    Returns:
        DataFrame with columns ``schema.MENTIONS``, one row per mention in text
        order; nested mentions (a name inside a group) are separate rows.
    """
    if seg is None:
        seg = segment(text)
    if not seg.tokens:
        return empty_mentions()
    reg = _as_registry(registry)
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    d = _Doc(text, seg)
    regs = _registry_mentions(d, reg, lex)
    crf = _split_role_prefix(d, lex, _split_on_registry(d, lex, _crf_mentions(d, lex, model=model)
                                                         if model is not False else [], regs))
    cands = regs + _hyphen_places(d, lex) + _handle_mentions(d) + crf + _institution_names(d, lex)
    names = [m for m in _merge_names(cands) if not _starts_with_speaker_pronoun(d, m) and not _common_word(d, m)]
    names = sorted(names + _title_mentions(d, lex, names), key=lambda m: m.start)
    _resolve_names(d, names, reg, lex)
    extra = _propagate_known_names(d, names)
    names = sorted(names + extra, key=lambda m: m.start)
    descs = _descriptions(d, lex, names) + _org_descriptions(d, lex) + _source_descriptions(d, lex) \
        + _house_descriptions(d, lex) + _demonym_descriptions(d, lex, names)
    _modifier_places(d, names, descs)
    prons = _pronouns(d, lex) + _it_speakers(d)
    _people_by_pronoun(d, names, prons, reg)
    day = str(date or "").strip()[:10]
    _resolve_in_order(d, names, descs, prons, reg, lex, _as_offices(offices),
                      day if _ISO_DATE.match(day) else "")
    resolved = names + [m for m in descs + prons if m.actor]
    groups = _groups(d, lex, resolved, reg)
    return _to_frame(doc_id, d, resolved + groups + _plural_pronouns(d, groups))


_SPEAKER_PRONOUN = re.compile(r"^(?:i|we|you|they|it|he|she)['’](?:m|ve|d|ll|re|s)$", re.IGNORECASE)


def _starts_with_speaker_pronoun(d: _Doc, m) -> bool:
    """A "name" that starts with a pronoun or its contraction ("I'm", "I'm Jewish", "We're"):
    a capitalised word at the start of a quote, not a name. Never from the registry."""
    return m.source != "registry" and bool(_SPEAKER_PRONOUN.match(d.words[m.ti]))


def _people_by_pronoun(d: _Doc, names: list, prons: list, reg) -> None:
    """A one-word name the tagger typed as an organisation ("Gloria") is a person when it is
    a first name (NLTK's names lists, and not an English word), and a pronoun of that
    first name's gender follows one of its mentions in the same or the next sentence,
    with no person named in between. A team or firm named like a person ("Lincoln",
    "Lotte") is left alone: no "he" or "she" refers back to it."""
    cands = {m.actor for m in names if m.type == "organisation" and m.actor not in reg.by_name
             and " " not in m.actor and not m.actor.isupper() and _first_name_gender(m.actor)
             and m.actor.lower() not in _gazetteers()[2]}
    if not cands or not prons:
        return
    starts = [p.ti for p in prons]
    people = sorted(m.ti for m in names if m.type == "person")
    found = set()
    for m in names:
        if m.actor not in cands or m.actor in found:
            continue
        k = bisect.bisect_left(starts, m.tj)
        if k == len(prons):
            continue
        p = prons[k]
        between = bisect.bisect_left(people, p.ti) - bisect.bisect_left(people, m.tj)
        if d.sent[p.ti] - d.sent[m.ti] <= 1 and not between and p.gender == _first_name_gender(m.actor):
            found.add(m.actor)
    for m in names:
        if m.actor in found:
            m.type = "person"


def _to_frame(doc_id: str, d: _Doc, mentions: list[_Mention]) -> pd.DataFrame:
    seen: dict[tuple[int, int], _Mention] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -m.end, _KIND_ORDER[m.kind])):
        if m.end <= m.start or not m.actor:
            continue
        key = (m.start, m.end)
        if key not in seen:
            seen[key] = m
    rows = []
    for (st, en), m in seen.items():
        rows.append(
            (
                doc_id, f"{doc_id}:m{st}-{en}", st, en, d.text[st:en], actor_id(m.actor), m.actor, m.type,
                m.kind, m.title, m.resolved_by, d.sent[m.ti], d.para[m.ti],
            )
        )
    return _frame(rows, schema.MENTIONS)
