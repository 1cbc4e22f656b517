"""Speakers' gender for share-of-voice charts: registry, titles, pronouns, first names.

Re-exported by ``utils.report.summary``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd


# --------------------------------------------------------------------------- gender

#: Peerage and address words that say a gender but are not written before a name (so they
#: are not in ``data/titles.csv``): "the Duke of Edinburgh", "Madam Speaker".
GENDER_WORDS = {"duke": "m", "earl": "m", "duchess": "f", "countess": "f", "madam": "f"}


@lru_cache(maxsize=1)
def gender_titles() -> dict[str, str]:
    """Titles that say a person's gender (lower case, without the full stop): the gendered
    titles of the project's one title list (``data/titles.csv``, ``utils.actors.titles``)
    plus ``GENDER_WORDS``.

    >>> gender_titles()["mrs"], gender_titles()["sir"], "dr" in gender_titles()
    ('f', 'm', False)
    """
    from utils.actors import titles

    return {**{t.lower().rstrip("."): g for t, g in titles().items() if g}, **GENDER_WORDS}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}


def registry_genders(path: str | Path | None = None) -> dict[str, str]:
    """``{actor_id: "m"|"f"}`` from the registry's ``gender`` column (``data/actors.csv``)."""
    from utils.actors import actor_id, load_registry

    reg = load_registry(path)
    out = {}
    for name, rec in reg.by_name.items():
        g = str((rec or {}).get("gender", "") or "").strip().lower()
        if g in ("m", "f"):
            out[actor_id(name)] = g
    return out


def first_name_gender(name: str, male: frozenset | None = None, female: frozenset | None = None) -> str:
    """``m`` or ``f`` when the first word of ``name`` (after any title) is a first name
    of one sex only in NLTK's names corpus; ``""`` when it is in both lists or neither.

    >>> first_name_gender("Kate Winslet"), first_name_gender("Mr John Prescott"), first_name_gender("Robin Cook")
    ('f', 'm', '')
    """
    if male is None or female is None:
        from utils.actors import first_names

        male, female = first_names()
    words = [w.strip(".,").lower() for w in str(name).split()]
    while words and words[0] in gender_titles():
        words = words[1:]
    if len(words) < 2:  # a bare surname or one word is no first name
        return ""
    w = words[0]
    m, f = w in male, w in female
    return "m" if m and not f else "f" if f and not m else ""


def title_gender(titles) -> str:
    """The gender the titles an actor was given say (``Mr``, ``Mrs``, ``Sir``, ``Lady`` …):
    ``""`` when none does or they disagree.

    >>> title_gender(["Mr", "", "Mr."]), title_gender(["Mr", "Mrs"]), title_gender([])
    ('m', '', '')
    """
    found = {gender_titles().get(str(t).strip().strip(".").lower()) for t in titles if isinstance(t, str)}
    found.discard(None)
    return found.pop() if len(found) == 1 else ""


def pronoun_gender(pronouns) -> str:
    """The gender of the pronouns resolved to an actor (he/she ...): the clear majority
    (at least two thirds), else ``""``.

    >>> pronoun_gender(["he", "his", "she"]), pronoun_gender(["He", "she"]), pronoun_gender(["they"])
    ('m', '', '')
    """
    gs = [_PRONOUN_GENDER.get(str(p).strip().lower()) for p in pronouns]
    gs = [g for g in gs if g]
    if not gs:
        return ""
    m = gs.count("m")
    return "m" if m * 3 >= 2 * len(gs) else "f" if (len(gs) - m) * 3 >= 2 * len(gs) else ""


def _names_gender(names, male, female) -> str:
    """The gender the first names of an actor's name forms agree on (``""`` if none or they differ)."""
    found = {first_name_gender(n, male, female) for n in names} - {""}
    return found.pop() if len(found) == 1 else ""


def speaker_genders(actors: pd.DataFrame, mentions: pd.DataFrame | None = None, *,
                    registry: dict[str, str] | None = None) -> pd.DataFrame:
    """The gender of every person actor, as the Gender Gap Tracker infers it: the
    registry's ``gender`` column first, else the titles the articles give them (Mr,
    Mrs, Ms, Sir, Lady ...), else the first name (NLTK's names corpus; a name in both
    lists or neither says nothing), else the pronouns the mentions table resolved to
    them (he/she); ``unknown`` otherwise. The first name is looked for in the actor's
    canonical name and in the names the articles call them by ("Kathy Butler" for an
    actor named "Butler"). Organisations, groups and places are left out.

    Returns columns ``actor_id, name, gender`` (m, f or unknown) and ``evidence``
    (registry, title, first name, pronoun or none).
    """
    cols = ["actor_id", "name", "gender", "evidence"]
    if actors is None or not len(actors):
        return pd.DataFrame(columns=cols)
    people = actors[actors["type"].astype(str) == "person"].drop_duplicates("actor_id")
    reg = dict(registry if registry is not None else registry_genders())
    if "gender" in people:  # the registry's extra column, carried by the actors table
        for aid, g in zip(people["actor_id"], people["gender"].fillna("").astype(str).str.strip().str.lower()):
            if g in ("m", "f"):
                reg.setdefault(aid, g)
    titles: dict = {}
    pronouns: dict = {}
    if mentions is not None and len(mentions):
        m = mentions[mentions["actor_id"].notna()]
        if "title" in m:
            titles = m.groupby("actor_id")["title"].agg(list).to_dict()
        pr = m[m["kind"].astype(str) == "pronoun"]
        pronouns = pr.groupby("actor_id")["text"].agg(list).to_dict()
        nm = m[m["kind"].astype(str) == "name"]  # "Kathy Butler" for an actor named "Butler"
        full = nm.groupby("actor_id")["text"].agg(lambda s: sorted(set(map(str, s)), key=len, reverse=True)).to_dict()
    else:
        full = {}
    from utils.actors import first_names

    male, female = first_names()
    rows = []
    for aid, name in zip(people["actor_id"], people["name"]):
        candidates = (("registry", reg.get(aid, "")),
                      ("title", title_gender(titles.get(aid, []))),
                      ("first name", _names_gender([name, *full.get(aid, [])], male, female)),
                      ("pronoun", pronoun_gender(pronouns.get(aid, []))))
        evidence, g = next(((e, v) for e, v in candidates if v), ("none", "unknown"))
        rows.append((aid, name, g, evidence))
    return pd.DataFrame(rows, columns=cols)
