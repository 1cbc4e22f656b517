"""Corpus level: the actors table, cross-document statistics and linking, registry suggestions."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from utils import schema
from utils.actors.doc import _frame, _role_phrase
from utils.actors.lexicon import Lexicon, load_lexicon
from utils.actors.registry import Registry, _as_registry
from utils.actors.tagger import is_first_name
from utils.ids import actor_id


def _party_pattern(lex: Lexicon) -> re.Pattern:
    words = sorted(lex.party_words, key=len, reverse=True)
    alts = "|".join(re.escape(w) for w in words) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def _text_party(texts: Iterable[str], lex: Lexicon, pattern: re.Pattern) -> str:
    counts: dict[str, int] = {}
    upper = {k.upper(): v for k, v in lex.party_words.items()}
    for t in texts:
        for m in pattern.finditer(t):
            p = lex.party_words[m.group()]
            counts[p] = counts.get(p, 0) + 1
        for w in re.findall(r"\w+", t):
            if w.isupper() and len(w) > 3 and w in upper and w not in lex.party_words:
                counts[upper[w]] = counts.get(upper[w], 0) + 1
    return max(counts, key=lambda k: (counts[k], k)) if counts else ""


def empty_actors() -> pd.DataFrame:
    """An empty actors table with the schema's columns."""
    return _frame([], schema.ACTORS)


def build_actors(
    mentions: pd.DataFrame,
    *,
    registry: Registry | pd.DataFrame | str | Path | None = None,
    lexicon: Lexicon | str | Path | None = None,
) -> pd.DataFrame:
    """Merge the mentions of all documents into one row per actor.

    Actors are merged by ``actor_id`` (the slug of the canonical name). Type, party
    and role come from the registry when the actor is in it; otherwise type is the
    most frequent type of its name mentions, party the party most often stated in
    its descriptions ("Labour MP") and group names, and role its most frequent
    description ("Dudley North MP"). Extra registry columns (gender, region ...)
    are appended after the schema columns.

    Args:
        mentions: mentions of one or many documents (``schema.MENTIONS``).
        registry: actor registry (default ``data/actors.csv``).
        lexicon: rule lexicon (party words).

    Returns:
        DataFrame with columns ``schema.ACTORS`` (+ registry extras), most
        mentioned first.
    """
    reg = _as_registry(registry)
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    extras = reg.extra_columns
    if mentions is None or len(mentions) == 0:
        out = empty_actors()
        for c in extras:
            out[c] = pd.Series(dtype=object)
        return out
    return actors_from_stats(actor_stats(mentions), registry=reg, lexicon=lex)


@dataclass
class ActorStats:
    """What :func:`build_actors` needs to know of one actor's mentions: counts
    that add up, so statistics of disjoint sets of documents merge exactly
    (the streaming pipeline builds the actor table chunk by chunk)."""

    names: Counter = field(default_factory=Counter)        # canonical names, first seen first
    named_types: Counter = field(default_factory=Counter)  # types of kind == "name" mentions
    all_types: Counter = field(default_factory=Counter)
    party_texts: Counter = field(default_factory=Counter)  # description and group texts
    role_texts: Counter = field(default_factory=Counter)   # description texts
    n_mentions: int = 0
    n_documents: int = 0
    dates: Counter = field(default_factory=Counter)  # dates (YYYY-MM-DD) of the documents, when known

    def merge(self, other: "ActorStats") -> "ActorStats":
        """Add ``other`` (from other documents) into this one; returns self."""
        for name in ("names", "named_types", "all_types", "party_texts", "role_texts", "dates"):
            getattr(self, name).update(getattr(other, name))
        self.n_mentions += other.n_mentions
        self.n_documents += other.n_documents
        return self


def actor_stats(mentions: pd.DataFrame) -> dict[str, ActorStats]:
    """Per-actor statistics of a mentions table, in one pass over its rows.

    Statistics of tables with disjoint documents merge with
    :func:`merge_actor_stats`; :func:`actors_from_stats` turns them into the
    actor table.
    """
    stats: dict[str, ActorStats] = {}
    docs: dict[str, set] = {}
    if mentions is None or len(mentions) == 0:
        return stats
    cols = [mentions[c].tolist() for c in ("actor_id", "actor", "type", "kind", "text", "doc_id")]
    for aid, actor, typ, kind, text, doc in zip(*cols):
        st = stats.get(aid)
        if st is None:
            st = stats[aid] = ActorStats()
            docs[aid] = set()
        st.names[actor] += 1
        st.all_types[typ] += 1
        if kind == "name":
            st.named_types[typ] += 1
        elif kind == "description":
            st.party_texts[text] += 1
            st.role_texts[text] += 1
        elif kind == "group":
            st.party_texts[text] += 1
        st.n_mentions += 1
        docs[aid].add(doc)
    for aid, st in stats.items():
        st.n_documents = len(docs[aid])
    return stats


def accumulate_actor_stats(acc: dict[str, ActorStats], part: dict[str, ActorStats]) -> dict[str, ActorStats]:
    """Add ``part`` into ``acc`` in place (copying, never sharing, ``part``'s
    objects, so cached statistics stay unchanged); returns ``acc``."""
    for aid, st in part.items():
        if aid in acc:
            acc[aid].merge(st)
        else:
            acc[aid] = ActorStats().merge(st)
    return acc


def merge_actor_stats(parts: Iterable[dict[str, ActorStats]]) -> dict[str, ActorStats]:
    """Merge per-chunk statistics (chunks hold disjoint documents), in order."""
    out: dict[str, ActorStats] = {}
    for part in parts:
        accumulate_actor_stats(out, part)
    return out


def _weighted_text_party(texts: Counter, lex: Lexicon, pattern: re.Pattern) -> str:
    """:func:`_text_party` over texts with multiplicities."""
    counts: dict[str, int] = {}
    upper = {k.upper(): v for k, v in lex.party_words.items()}
    for t, k in texts.items():
        for m in pattern.finditer(t):
            p = lex.party_words[m.group()]
            counts[p] = counts.get(p, 0) + k
        for w in re.findall(r"\w+", t):
            if w.isupper() and len(w) > 3 and w in upper and w not in lex.party_words:
                counts[upper[w]] = counts.get(upper[w], 0) + k
    return max(counts, key=lambda p: (counts[p], p)) if counts else ""


def actors_from_stats(
    stats: dict[str, ActorStats],
    *,
    registry: Registry | pd.DataFrame | str | Path | None = None,
    lexicon: Lexicon | str | Path | None = None,
) -> pd.DataFrame:
    """The actor table from per-actor statistics (see :func:`build_actors`)."""
    reg = _as_registry(registry)
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    extras = reg.extra_columns
    if not stats:
        out = empty_actors()
        for c in extras:
            out[c] = pd.Series(dtype=object)
        return out
    pattern = _party_pattern(lex)
    rows = []
    for aid, st in stats.items():
        ranked = [n for n, _ in st.names.most_common()]
        in_reg = [n for n in ranked if n in reg.by_name]
        name = in_reg[0] if in_reg else ranked[0]
        rec = reg.by_name.get(name)
        types = st.named_types if st.named_types else st.all_types
        typ = rec["type"] if rec else types.most_common(1)[0][0]
        party_texts = Counter(st.party_texts)
        if typ in ("group", "organisation"):
            party_texts[name] += 1
        party = (rec or {}).get("party", "") or _weighted_text_party(party_texts, lex, pattern)
        role = (rec or {}).get("role", "")
        if not role and typ == "person":
            phrases: Counter = Counter()
            for t, k in st.role_texts.items():
                p = _role_phrase(t)
                if p:
                    phrases[p] += k
            if phrases:
                order = list(phrases)  # first seen first, as ties are broken
                role = max(order, key=lambda p: (phrases[p], not any(w.isupper() and len(w) > 3 for w in p.split()), len(p)))
        if rec and typ == "person" and st.dates:
            role = role_on_dates(_offices_of(name), st.dates) or role
        row = [aid, name, typ, party, role, st.n_mentions, st.n_documents, rec is not None]
        row += [(rec or {}).get(c, "") for c in extras]
        rows.append(tuple(row))
    out = _frame(rows, schema.ACTORS + extras)
    out = out.sort_values(["n_mentions", "actor_id"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def split_places(actors: pd.DataFrame, speakers: Iterable[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actors table without its places, and the places table (``schema.PLACES``).

    A place is where news happens, not who makes it, so it is listed apart; a place that
    speaks or is given a claim ("Britain said", an actor id in ``speakers``) is kept in the
    actors table too, typed place, so every claim's speaker has its row there.

    >>> t = pd.DataFrame({"actor_id": ["leeds", "uk", "ann-lee"], "name": ["Leeds", "UK", "Ann Lee"],
    ...                   "type": ["place", "place", "person"], "party": "", "role": "", "n_mentions": 1,
    ...                   "n_documents": 1, "in_registry": False})
    >>> a, p = split_places(t, speakers={"uk"})
    >>> a["actor_id"].tolist(), p["actor_id"].tolist()
    (['uk', 'ann-lee'], ['leeds', 'uk'])
    """
    is_place = actors["type"].astype(str).eq("place")
    keep = ~is_place | actors["actor_id"].isin(set(speakers))
    places = actors.loc[is_place, schema.PLACES].reset_index(drop=True)
    return actors.loc[keep].reset_index(drop=True), places


def _offices_of(holder: str) -> list:
    from utils.actors.offices import load_offices

    return load_offices().of(holder)


def _years(term) -> str:
    return f"{term.start[:4]}-{term.end[:4]}" if term.end else f"since {term.start[:4]}"


def role_on_dates(terms: list, dates: Iterable[str]) -> str:
    """A registry person's role as the corpus saw it, from their office terms
    (``data/offices.csv``) and the dates of the documents that mention them.

    The offices held on any of those dates, by name ("Chancellor of the Exchequer" for
    Gordon Brown in 2005); else the terms placed against the documents' dates
    ("later Chancellor of the Exchequer 2010-2016" for George Osborne in 2005, "former
    Prime Minister 1997-2007" for Tony Blair in 2015). "" when there are no terms or no dates
    (the registry's own role is kept then).

    >>> from utils.actors.offices import OfficeTerm
    >>> t = OfficeTerm("Chancellor of the Exchequer", frozenset(), frozenset(), "George Osborne", "Conservative",
    ...                "2010-05-11", "2016-07-13", "UK")
    >>> role_on_dates([t], ["2005-03-01"]), role_on_dates([t], ["2012-01-05"]), role_on_dates([t], ["2020-01-01"])
    ('later Chancellor of the Exchequer 2010-2016', 'Chancellor of the Exchequer', 'former Chancellor of the Exchequer 2010-2016')
    """
    days = sorted(d for d in dates if d)
    if not terms or not days:
        return ""
    terms = sorted(terms, key=lambda t: t.start)
    held = [t.office for t in terms if any(t.active(d) for d in days)]
    if held:
        return "; ".join(dict.fromkeys(held))
    parts = []
    for t in terms:
        when = "former " if t.end and t.end <= days[0] else "later " if t.start > days[-1] else ""
        parts.append(f"{when}{t.office} {_years(t)}")
    return "; ".join(parts)


def _stats_type(name: str, st: ActorStats, reg: Registry) -> str:
    rec = reg.by_name.get(name)
    if rec:
        return rec["type"]
    types = st.named_types if st.named_types else st.all_types
    return types.most_common(1)[0][0] if types else ""


def corpus_links(
    stats: dict[str, ActorStats], *, registry: Registry | pd.DataFrame | str | Path | None = None
) -> dict[str, str]:
    """Surname-only person actors linked to the one full name they match in the corpus.

    A document that only says "Mr Falconer" gets actor "Falconer"; when the corpus holds
    exactly one full name ending in "Falconer" (a registry person, or a multi-word person
    actor starting with a known first name), and no other registry person has that
    surname, "Falconer" is that person. Never linked: a surname shared by two full names
    ("Johnson": Boris Johnson and Alan Johnson), a word that also starts a full name
    ("Charles"), a registry name or alias.

    Args:
        stats: per-actor statistics of the whole corpus (:func:`actor_stats`, merged).

    Returns:
        {actor_id of the surname actor: canonical name of the full-name actor}.
    """
    reg = _as_registry(registry)
    names = {aid: (st.names.most_common(1)[0][0] if st.names else "") for aid, st in stats.items()}
    named = {aid: next((n for n in st.names if n in reg.by_name), names[aid]) for aid, st in stats.items()}
    by_last: dict[str, set[str]] = {}
    firsts: set[str] = set()
    for aid, st in stats.items():
        words = named[aid].split()
        if len(words) >= 2 and all(w[:1].isupper() for w in words) and _stats_type(named[aid], st, reg) == "person":
            firsts.add(words[0])
            # a full name: a registry person, or one that starts with a known first name
            # (not a tagger's "Princes Charles" or "North Devon")
            if named[aid] in reg.by_name or is_first_name(words[0]):
                by_last.setdefault(words[-1], set()).add(named[aid])
    links = {}
    for aid, st in stats.items():
        name = named[aid]
        if (" " in name or not name[:1].isupper() or name in reg.alias or name in firsts
                or _stats_type(name, st, reg) != "person"):
            continue  # "Charles" also starts a full name: not a surname for sure
        full = by_last.get(name, set())
        if len(full) == 1:
            target = next(iter(full))
            if set(reg.surnames.get(name, [])) <= {target} and actor_id(target) != aid:
                links[aid] = target
    return links


def relink_stats(
    stats: dict[str, ActorStats], links: dict[str, str], documents: dict[str, set] | None = None
) -> dict[str, ActorStats]:
    """Statistics after :func:`corpus_links`: each linked actor's counts added to its full
    name's (its name counted as the full name). ``documents``: for each target actor_id,
    the documents it occurs in after linking (so n_documents counts a document once)."""
    if not links:
        return stats
    out: dict[str, ActorStats] = {}
    for aid, st in stats.items():
        target = links.get(aid)
        if target is None:
            accumulate_actor_stats(out, {aid: st})
            continue
        moved = ActorStats().merge(st)
        moved.names = Counter({target: sum(st.names.values())})
        accumulate_actor_stats(out, {actor_id(target): moved})
    for tid, docs in (documents or {}).items():
        if tid in out:
            out[tid].n_documents = len(docs)
    return out


#: Columns holding (actor_id, actor name) pairs, per table, that corpus links rewrite.
LINKED_COLUMNS = {
    "mentions": [("actor_id", "actor")],
    "claims": [("speaker_id", "speaker")],
    "stances": [("source_id", "source"), ("target_id", "target")],
}


def link_across_documents(mentions: pd.DataFrame, *, registry=None) -> pd.DataFrame:
    """Link surname-only person actors to the one full name they match in the corpus
    (:func:`corpus_links`); ``resolved_by`` gains ``+corpus-surname``. Returns a copy.
    The pipeline applies the same links to the claims and stances tables."""
    if mentions is None or len(mentions) == 0:
        return mentions
    links = corpus_links(actor_stats(mentions), registry=registry)
    out = mentions.copy()
    names, ids, rules = out["actor"].tolist(), out["actor_id"].tolist(), out["resolved_by"].tolist()
    for k, aid in enumerate(ids):
        target = links.get(aid)
        if target is not None:
            names[k], ids[k], rules[k] = target, actor_id(target), f"{rules[k]}+corpus-surname"
    out["actor"], out["actor_id"], out["resolved_by"] = names, ids, rules
    return out


def registry_suggestions(actors: pd.DataFrame, *, min_mentions: int = 1) -> pd.DataFrame:
    """Actors found in the text but not in the registry, most frequent first.

    The columns match ``data/actors.csv`` (name, aliases, type, party, role) plus
    the counts, so rows can be reviewed and pasted into the registry.
    """
    cols = ["name", "aliases", "type", "party", "role", "n_mentions", "n_documents"]
    if actors is None or len(actors) == 0:
        return _frame([], cols)
    a = actors[~actors["in_registry"].astype(bool) & actors["type"].isin(["person", "organisation", "group"])]
    a = a[a["n_mentions"] >= min_mentions]
    out = a.assign(aliases="")[cols]
    out = out.sort_values(["n_mentions", "n_documents", "name"], ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True)

