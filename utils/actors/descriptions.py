"""Descriptions ("the Dudley North MP", "the party"), pronouns and collective actors
("some of Corbyn's supporters") found in one document."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from utils.actors.doc import SPEAKS, _APPOS, _DETERMINERS, _STOP_LEFT, _Doc, _Mention
from utils.actors.lexicon import Lexicon
from utils.actors.registry import Registry


@lru_cache(maxsize=4)
def _role_index(lex: Lexicon) -> tuple[dict, frozenset, frozenset, dict]:
    """(first word -> [(words, gender)], acronym roles, acronym groups, party words by first word)."""
    roles: dict[str, list] = {}
    for noun, g in lex.role_nouns.items():
        words = tuple(noun.split())
        key = words[0] if noun.isupper() else words[0].lower()
        roles.setdefault(key, []).append((words, g))
    for v in roles.values():
        v.sort(key=lambda x: -len(x[0]))
    acr = frozenset(n for n in lex.role_nouns if n.isupper())
    acr_groups = frozenset(n for n in lex.group_nouns if any(c.isupper() for c in n))
    party: dict[str, list] = {}
    for w, p in lex.party_words.items():
        words = tuple(w.split())
        party.setdefault(words[0], []).append((words, p))
    for v in party.values():
        v.sort(key=lambda x: -len(x[0]))
    return roles, acr, acr_groups, party


def _match_role(d: _Doc, i: int, roles: dict, acr: frozenset) -> tuple[int, str, str] | None:
    """Role noun starting at token i: (end token, noun, gender)."""
    w = d.base[i]
    key = w if w in acr else d.lower[i]
    cands = roles.get(key)
    if not cands:
        return None
    for words, g in cands:
        k = len(words)
        if i + k > d.n or d.cut[i] and k > 1:
            continue
        ok = True
        for off, rw in enumerate(words):
            tok = d.base[i + off]
            if (tok != rw) if rw.isupper() else (tok.lower() != rw.lower()):
                ok = False
                break
            if off < k - 1 and d.cut[i + off]:
                ok = False
                break
        if ok:
            return i + k, " ".join(words), g
    return None


def _party_at(d: _Doc, i: int, party: dict) -> tuple[int, str] | None:
    cands = party.get(d.base[i])
    if not cands:
        return None
    for words, p in cands:
        k = len(words)
        if i + k <= d.n and tuple(d.base[i : i + k]) == words:
            return i + k, p
    return None


def _description_start(d: _Doc, lex: Lexicon, i: int) -> tuple[int, bool]:
    """Where the description whose role noun is token ``i`` starts, and whether a determiner
    (or a possessor) opens it."""
    # walk left over modifiers to a determiner; without one, keep only the run of
    # capitalised or party words right before the noun ("Dudley Council's Labour leader")
    first = d.sent_first[d.sent[i]]
    a, det, run, in_run = i, False, i, True
    party_at = None  # a party word before lower-case modifiers: "Conservative health minister"
    and_at = None
    k = i - 1
    while k >= first and i - k <= 5:
        lw = d.lower[k]
        if lw in _DETERMINERS and d.base[k].isalpha():
            a, det = k, True
            break
        if _AGE.match(lw):
            a = k  # "the 47-year-old director": an age is a lower-case modifier
            in_run = False
            k -= 1
            continue
        if lw == "and" and k > first and d.is_cap(k - 1) and d.is_cap(k + 1) and and_at is None:
            and_at = k  # "the Commonwealth and European silver medallist" (only with a determiner)
            a = k
            k -= 1
            continue
        if not d.base[k].replace("-", "").isalpha() or lw in _STOP_LEFT or lw in lex.pronouns or lw in lex.quantifiers:
            break
        if d.cut[k] and d.is_cap(k):
            # a possessor works as a determiner: "Mr Adair's official spokesman"
            a, det = k, True
            while a - 1 >= first and d.is_cap(a - 1) and not d.cut[a - 1] and d.lower[a - 1] not in _DETERMINERS \
                and d.lower[a - 1] not in _STOP_LEFT:
                a -= 1
            if a - 1 >= first and d.lower[a - 1] == "the":
                a -= 1
            break
        if d.is_cap(k) or d.base[k] in lex.party_words:
            if in_run:
                run = k
            elif d.base[k] in lex.party_words and party_at is None:
                party_at = k
        else:
            if d.cut[k]:
                break
            in_run = False  # lower-case modifier: kept only with a determiner
        a = k
        k -= 1
    if and_at is not None and not det:
        # "Lamine Diack and Namibian athlete", "Gallas and Ireland winger": a name, then a new description
        a, run, in_run = and_at + 1, max(run, and_at + 1), True
        party_at = party_at if party_at is not None and party_at > and_at else None
    if not det and party_at is not None:
        a = party_at  # and the capitalised words of the party's name before it ("Liberal Democrat")
        while a - 1 >= first and d.is_cap(a - 1) and not d.cut[a - 1] and d.lower[a - 1] not in _DETERMINERS \
                and d.lower[a - 1] not in _STOP_LEFT:
            a -= 1
    elif not det:
        a = run
    return a, det


_AGE = re.compile(r"^\d{1,3}-year-old$")


def _age_descriptions(d: _Doc, lex: Lexicon, name_tok: dict) -> list[_Mention]:
    """"The 24-year-old delivered a personal best", "the 30-year-old said": a definite age
    with no noun after it describes a person (sports and court writing name people this way).
    Not "the 150-year-old building" (the tagger reads a noun after the age) or an age before a
    role noun or a name ("the 47-year-old director" is that role's description)."""
    out = []
    for i in range(1, d.n):
        if not _AGE.match(d.lower[i]) or d.lower[i - 1] != "the" or i in name_tok:
            continue
        nxt = i + 1
        if nxt < d.n and d.sent[nxt] == d.sent[i] and d.base[nxt].isalpha():
            if d.is_cap(nxt) or d.lower[nxt] in lex.role_nouns:
                continue
            from utils.text.tagger import tag_tokens

            lo = max(d.sent_first[d.sent[i]], i - 3)
            tags = tag_tokens(d.words[lo:min(d.n, nxt + 2)])
            if tags[nxt - lo].startswith("NN"):
                continue
        st, en = d.span(i - 1, i + 1)
        out.append(_Mention(st, en, i - 1, i + 1, "description", "person", role=d.lower[i], source="description"))
    return out


def _descriptions(d: _Doc, lex: Lexicon, names: list[_Mention]) -> list[_Mention]:
    """Role noun phrases that describe one person: "The Dudley North MP", "the front runner"."""
    roles, acr, _, party = _role_index(lex)
    name_tok = {}
    for m in names:
        for k in range(m.ti, m.tj):
            name_tok[k] = m
    out = _age_descriptions(d, lex, name_tok)
    i = 0
    while i < d.n:
        hit = _match_role(d, i, roles, acr)
        if not hit:
            i += 1
            continue
        j, noun, g = hit
        inside = name_tok.get(i)
        if inside is not None and inside.type != "place" and not (
                inside.source == "crf" and inside.type == "organisation" and inside.tj == j):
            i = j
            continue
        # extend right over "for|of (the) <Capitalised words>" ("the MP for Dudley North",
        # "the Shadow Secretary of State for the Family"), at most twice
        for _ in range(2):
            k = j + 1
            if k < d.n and d.lower[k] == "the":
                k += 1
            if d.cut[j - 1] or k >= d.n or d.lower[j] not in ("for", "of") or not d.is_cap(k) or d.sent[k] != d.sent[i]:
                break
            k0 = k
            while k < d.n and k - k0 < 4 and d.is_cap(k) and d.sent[k] == d.sent[i] and d.lower[k] not in _DETERMINERS:
                k += 1
                if d.cut[k - 1]:
                    break
            j = k
        if d.cut[j - 1] and j < d.n and d.is_cap(j) and d.sent[j] == d.sent[i]:
            i = j  # "Prime Minister's Questions" is a name, not a person
            continue
        a, det = _description_start(d, lex, i)
        # a bare role noun counts only right before a name ("forerunner Jeremy Corbyn")
        nxt = j
        while nxt < d.n and d.words[nxt] in _APPOS:
            nxt += 1
        before_name = nxt < d.n and nxt in name_tok and name_tok[nxt].type == "person"
        if a == i and not det and not before_name:
            i = j
            continue
        if a == i and not det and d.is_cap(i) and d.sentence_initial(i) and not before_name:
            i = j
            continue
        st, en = d.span(a, j)
        m = _Mention(st, en, a, j, "description", "person", gender=g, role=noun, source="description")
        for k in range(a, i):  # "Mr Blair's official spokesman" is not Mr Blair
            owner = name_tok.get(k)
            if owner is not None and owner.type == "person" and d.cut[owner.tj - 1] and owner.tj <= i:
                m.possessor = owner
                break
        out.append(m)
        i = j
    return out


#: Lower-case words after "the American" that make it a person speaking, not a modifier ("the
#: American economy"): speech and a few auxiliaries.
_AFTER_PERSON_NOUN = frozenset("said says added adds told tells insisted insists admitted admits explained explains "
                               "believes thinks has had was is will would could who also".split())


def _demonym_descriptions(d: _Doc, lex: Lexicon, names: list[_Mention]) -> list[_Mention]:
    """Nationality nouns (``lex.demonyms``) that describe one person: "the American" as a whole
    noun phrase (before punctuation, the end of the sentence or a verb of
    :data:`_AFTER_PERSON_NOUN`: '"...," said the American.', "the Scot admitted"; never "the
    American economy" or inside a name), and "American Andy Roddick", "the Australian Lleyton
    Hewitt" right before a person's name (resolved by apposition, so a later "the American"
    finds him by the same role). Source ``demonym``: resolved only so (apposition on its right,
    same role), never by salience; an unresolved one is no actor."""
    in_name = {k for m in names for k in range(m.ti, m.tj)}
    person_at = {m.ti for m in names if m.type == "person"}
    out = []
    for i in range(d.n):
        g = lex.demonyms.get(d.base[i])
        if g is None or i in in_name:
            continue
        det = i > 0 and d.lower[i - 1] == "the" and d.sent[i - 1] == d.sent[i]
        nxt = d.words[i + 1] if i + 1 < d.n and d.sent[i + 1] == d.sent[i] else ""
        before_name = i + 1 in person_at and not d.cut[i]
        whole = det and (not nxt or not nxt[0].isalnum() or nxt in _AFTER_PERSON_NOUN or d.cut[i])
        if not (before_name or whole):
            continue
        a = i - 1 if det else i
        st, en = d.span(a, i + 1)
        out.append(_Mention(st, en, a, i + 1, "description", "person", gender=g, role=d.base[i].lower(), source="demonym"))
    return out


#: Heads of "the company", "the firm": any organisation, not one whose name holds the word
#: (resolved by salience in ``_Resolver.org_description``).
GENERIC_ORG_NOUNS = frozenset("company firm group organisation organization".split())


def _org_descriptions(d: _Doc, lex: Lexicon) -> list[_Mention]:
    out = []
    for i in range(1, d.n):
        lw = d.lower[i]
        if (lw in lex.org_nouns or lw in GENERIC_ORG_NOUNS) and d.base[i].islower() and d.lower[i - 1] == "the":
            if i + 1 < d.n and d.is_cap(i + 1) and not d.cut[i]:
                continue
            if lw == "group" and i + 1 < d.n and d.lower[i + 1] == "of":
                continue  # "the group of MPs": people, not an organisation
            st, en = d.span(i - 1, i + 1)
            out.append(_Mention(st, en, i - 1, i + 1, "description", "organisation", role=d.lower[i], source="org-description"))
    return out


_SOURCE_DETERMINERS = frozenset("the a an this that its their his her latest new".split())
#: "The Nokia-sponsored research", "a Gartner-commissioned survey": the author before a hyphen
AUTHOR_HYPHEN = re.compile(r"^([A-Z][\w&.']*)-(sponsored|funded|commissioned|backed|led|run|published|conducted)$")


def _source_descriptions(d: _Doc, lex: Lexicon) -> list[_Mention]:
    """Documents and findings that "say" things: "the report", "a new study", "Official
    figures" (a determiner, or the sentence start, then at most two lower-case words, then a
    noun of ``lex.source_nouns``). Resolved to an organisation by ``_Resolver.source_description``."""
    out = []
    for i in range(d.n):
        if d.lower[i] not in lex.source_nouns or d.cut[i] or not (d.base[i].islower() or d.sentence_initial(i)):
            continue
        if i + 1 < d.n and d.base[i + 1].isalpha() and d.base[i + 1].islower() and (
                d.lower[i + 1] in lex.source_nouns or d.lower[i + 1] in lex.org_heads or d.lower[i + 1] in GENERIC_ORG_NOUNS):
            continue  # "the survey results", "blog analysis firm Technorati": the head is the next word
        a = i
        while a > 0 and i - a < 3 and d.sent[a - 1] == d.sent[i] and d.lower[a - 1] not in _SOURCE_DETERMINERS \
                and (d.base[a - 1].isalpha() and (d.base[a - 1].islower() or d.sentence_initial(a - 1))
                     or AUTHOR_HYPHEN.match(d.words[a - 1])) \
                and d.lower[a - 1] not in _STOP_LEFT:
            a -= 1
        if a > 0 and d.sent[a - 1] == d.sent[i] and d.lower[a - 1] in _SOURCE_DETERMINERS:
            a -= 1
        elif a > 0 and d.sent[a - 1] == d.sent[i] and not (
                a == i and d.words[a - 1] == "," and i + 1 < d.n and d.base[i + 1].isalpha() and d.base[i + 1].islower()) \
                and not d.base[a - 1][:1].isupper():
            # "cut the report", "in research": not at the head of a noun phrase (but "..., figures show.",
            # and "A National Audit Office report", "The NAO's annual report": its author right before it)
            continue
        st, en = d.span(a, i + 1)
        out.append(_Mention(st, en, a, i + 1, "description", "organisation", role=d.lower[i], source="source-description"))
    return out


#: Words between "it" and its speech verb: "it also said", "it has warned".
_BEFORE_SPEAKS = frozenset("also has had have later previously recently further earlier then now".split())


def _it_speakers(d: _Doc) -> list[_Mention]:
    """"It said", '"...," it added', "it has warned": an "it" outside quotes right before a speech
    verb (:data:`~utils.actors.doc.SPEAKS`) speaks for an organisation (source ``it``; resolved to
    the salient organisation by ``_Resolver.it_speaker``)."""
    out = []
    for i, lw in enumerate(d.lower):
        if lw != "it" or d.in_quote[i] or d.cut[i]:
            continue
        j = i + 1
        while j < d.n and j - i <= 2 and d.lower[j] in _BEFORE_SPEAKS and d.sent[j] == d.sent[i]:
            j += 1
        if j < d.n and d.sent[j] == d.sent[i] and d.lower[j] in SPEAKS:
            out.append(_Mention(d.starts[i], d.ends[i], i, i + 1, "pronoun", "organisation", source="it"))
    return out


def _pronouns(d: _Doc, lex: Lexicon) -> list[_Mention]:
    out = []
    prons = lex.pronouns
    for i, lw in enumerate(d.lower):
        if lw in prons and d.base[i].isalpha() and not d.cut[i]:
            out.append(_Mention(d.starts[i], d.ends[i], i, i + 1, "pronoun", "person", gender=prons[lw], source="pronoun"))
        elif _CONTRACTED.match(d.words[i]) and re.split("['’]", d.words[i])[0].lower() in prons:
            # "he's", "she'd", "he'll": the pronoun with a verb glued on (the tokens keep clitics on their host)
            base = re.split("['’]", d.words[i])[0]
            out.append(_Mention(d.starts[i], d.starts[i] + len(base), i, i + 1, "pronoun", "person",
                                gender=prons[base.lower()], source="pronoun"))
    return out


_CONTRACTED = re.compile(r"^[A-Za-z]+['’](?:s|d|ll|ve|re|m)$", re.IGNORECASE)


def _strip_determiner(text: str) -> list[str]:
    words = text.split()
    return words[1:] if words and words[0].lower() in _DETERMINERS else words


_PLURAL_PRONOUNS = frozenset("they their".split())


def _plural_pronouns(d: _Doc, groups: list[_Mention]) -> list[_Mention]:
    """Sentence-initial "They"/"Their" -> the most recent group mention in the same or
    the previous sentence (left unresolved, and so left out, when there is none).
    Other plural pronouns are too often about a list of people ("all three of them")."""
    if not groups:
        return []
    ends = sorted((g.tj, g) for g in groups)
    keys = [e for e, _ in ends]
    out = []
    for i, lw in enumerate(d.lower):
        if lw not in _PLURAL_PRONOUNS or not d.base[i].isalpha() or not d.sentence_initial(i):
            continue
        k = bisect.bisect_right(keys, i) - 1
        if k < 0:
            continue
        g = ends[k][1]
        if d.sent[i] - d.sent[g.ti] > 1:
            continue
        out.append(_Mention(d.starts[i], d.ends[i], i, i + 1, "pronoun", "group", actor=g.actor,
                            resolved_by="pronoun-group", source="pronoun"))
    return out


def _groups(d: _Doc, lex: Lexicon, mentions: list[_Mention], reg: Registry) -> list[_Mention]:
    """Collective actors: "some of Corbyn's supporters", "moderate Labour MPs", "union members"."""
    _, _, acr_groups, party = _role_index(lex)
    poss = {
        m.tj - 1: m
        for m in mentions
        if m.actor and (d.cut[m.tj - 1] or (m.kind == "pronoun" and d.lower[m.ti] in ("his", "her")))
    }
    org_tok = {}
    for m in mentions:
        if m.kind == "name" and m.type in ("organisation", "place"):
            for k in range(m.ti, m.tj):
                org_tok[k] = m
    out = []
    for g in range(d.n):
        w = d.base[g]
        if not ((w in acr_groups) or (d.lower[g] in lex.group_nouns and w[:1].islower())):
            continue
        first = d.sent_first[d.sent[g]]
        # possessor: X's (adjective) supporters
        p = g - 1
        while (p >= first and g - p <= 3 and d.words[p].isalpha() and d.words[p].islower()
               and d.lower[p] not in lex.pronouns and d.lower[p] not in _STOP_LEFT and d.lower[p] not in _DETERMINERS):
            p -= 1
        owner = poss.get(p) if p >= first else None
        if owner is not None and owner.type in ("person", "organisation") and owner.kind in ("name", "pronoun", "description"):
            short = owner.actor.split()[-1] if owner.type == "person" else owner.actor
            noun = d.base[g] if d.base[g] in acr_groups else d.lower[g]
            canon = f"{short}' {noun}" if short.endswith("s") else f"{short}'s {noun}"
            a = owner.ti
            if a >= 2 and d.lower[a - 1] == "of" and d.lower[a - 2] in lex.quantifiers:
                a -= 2
            st, en = d.span(a, g + 1)
            out.append(_Mention(st, en, a, g + 1, "group", "group", actor=canon, resolved_by="possessor", source="group"))
            continue
        # modifiers: party words, organisation names, listed modifiers
        a, k, strong = g, g - 1, False
        while k >= first and g - k <= 4:
            hit = None
            for kk in (k - 1, k):  # two-word entries ("trade union", "Lib Dem")
                if kk < first:
                    continue
                two = " ".join(d.base[kk : k + 1])
                if two in lex.party_words or two.lower() in lex.group_modifiers:
                    hit = kk
                    break
            if hit is not None and not any(d.cut[x] for x in range(hit, k + 1)):
                a, k, strong = hit, hit - 1, True
                continue
            if k in org_tok and not d.cut[k]:
                om = org_tok[k]
                a, k, strong = om.ti, om.ti - 1, True
                continue
            break
        if not strong:
            continue
        st, en = d.span(a, g + 1)
        canon = " ".join(d.text[st:en].split())
        rec = reg.get(canon)
        out.append(
            _Mention(st, en, a, g + 1, "group", "group", actor=rec["name"] if rec else canon,
                     resolved_by="registry" if rec else "group-phrase", source="group")
        )
    return out


def _house_descriptions(d: _Doc, lex: Lexicon) -> list[_Mention]:
    """The outlet's own journalist: "our correspondent", "Our political editor" (a credit word
    of the lexicon, after "our" and at most three lower-case words). Resolved by
    ``_Resolver.house_credit`` to the person last credited so ("BBC correspondent Stephen Cape")."""
    out = []
    for i in range(d.n - 1):
        if d.lower[i] != "our":
            continue
        j = i + 1
        while j < d.n and j - i <= 4 and d.sent[j] == d.sent[i] and d.base[j].isalpha() and d.base[j].islower() \
                and d.lower[j] not in lex.credit_words:
            j += 1
        if j < d.n and j - i <= 4 and d.sent[j] == d.sent[i] and d.lower[j] in lex.credit_words and not d.cut[j]:
            st, en = d.span(i, j + 1)
            out.append(_Mention(st, en, i, j + 1, "description", "person", role=d.lower[j], source="house-credit"))
    return out
