"""Acronyms of organisations named in the same document: "the Office for National Statistics
(ONS)" makes every "ONS" of the document that office, and "NAO" after "National Audit Office"
is the same actor, so one organisation is one actor under its full name."""
from __future__ import annotations

from utils.actors.doc import _Doc, _Mention

#: Words of a name that an acronym skips: "Office for National Statistics" -> ONS.
_SKIPPED = frozenset("of for and the on in & to".split())


def initials(name: str) -> str:
    """The acronym a name's capitalised words make.

    >>> initials("Office for National Statistics"), initials("Council of Mortgage Lenders")
    ('ONS', 'CML')
    """
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _SKIPPED and w[:1].isupper())


def _is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 6 and text.isalpha() and text.isupper()


def link_acronyms(d: _Doc, names: list[_Mention]) -> None:
    """Give an acronym the organisation whose initials it is (``resolved_by`` ``acronym``).

    An acronym in brackets right after the organisation's name defines it for the whole
    document, over the registry ("Incomes Data Services (IDS)" is not the registry's Iain
    Duncan Smith). Otherwise an acronym the registry does not know is linked when exactly
    one organisation of the document has those initials ("NAO" after "National Audit Office").
    """
    orgs = [m for m in names if m.type == "organisation" and not _is_acronym(m.actor) and len(m.actor.split()) >= 2]
    if not orgs:
        return
    by_initials: dict[str, set[str]] = {}
    for m in orgs:
        by_initials.setdefault(initials(m.actor), set()).add(m.actor)
    defined: dict[str, str] = {}
    at_end = {m.tj: m for m in orgs}
    for m in names:
        if not (m.ti > 1 and d.words[m.ti - 1] == "(" and m.tj < d.n and d.words[m.tj] == ")"):
            continue
        j = m.ti - 1
        if d.words[j - 1] in ("'", "\u2019"):  # "Incomes Data Services' (IDS)"
            j -= 1
        org = at_end.get(j)
        if org is not None and d.text[m.start:m.end] == initials(org.actor):
            defined[d.text[m.start:m.end]] = org.actor
    for m in names:
        text = d.text[m.start:m.end]
        if not _is_acronym(text):
            continue
        actor = defined.get(text)
        if not actor and m.source != "registry" and len(by_initials.get(text, ())) == 1:
            actor = next(iter(by_initials[text]))
        if actor:
            m.actor, m.type, m.resolved_by = actor, "organisation", "acronym"
