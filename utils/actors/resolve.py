"""Within-document resolution of descriptions and pronouns to actors, in text order."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from utils.actors.descriptions import AUTHOR_HYPHEN, GENERIC_ORG_NOUNS, _strip_determiner
from utils.actors.doc import SPEAKS, _APPOS, _DETERMINERS, _INVERTED_CUES, _OBJ_PRONOUNS, _Doc, _Mention, _role_phrase
from utils.actors.lexicon import Lexicon
from utils.actors.names import _first_name_gender
from utils.actors.offices import Offices
from utils.actors.registry import Registry
from utils.actors.tagger import _POSSESSIVE


@dataclass
class _Event:
    ti: int
    actor: str
    subject: bool
    in_quote: bool
    sentence: int
    spokes: bool = False  # a spokesperson, resolved to the organisation they speak for
    rank: int = 1  # within its sentence: 0 the speaker of a final speech verb, 1 a main-clause
    # subject, 2 a subject inside an opening subordinate clause ("As X kicked off ..., Y said")


_SPOKES = frozenset(("spokesman", "spokeswoman", "spokesperson"))
_NOT_PEOPLE = frozenset(("organisation", "place", "other"))
_SUBORDINATORS = frozenset("as when while whilst after before although though if since because once until unless "
                           "despite".split())
_WINDOW_SENTENCES = 12
_MAX_EVENTS = 60  # antecedent candidates looked at, most recent first


def _title_start(d: _Doc, m: _Mention) -> int:
    """The first token of a name mention with its title ("Mr Jackson" opens with "Mr")."""
    return m.ti - 1 if m.kind == "name" and m.title and m.ti > 0 and d.words[m.ti - 1] == m.title else m.ti


def _is_spokes(m: _Mention) -> bool:
    """A description whose head is a spokes-noun ("a Home Office spokeswoman")."""
    words = m.role.lower().split()
    return bool(words) and words[-1] in _SPOKES


def _is_party(actor: str, reg: Registry) -> bool:
    rec = reg.by_name.get(actor)
    if rec is not None:
        return rec["type"] == "organisation" and ("party" in rec["role"].lower() or bool(rec["party"]))
    return "party" in actor.lower()


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", _POSSESSIVE.sub("", text)) if w.lower() not in _DETERMINERS}


def _resolve_in_order(
    d: _Doc, names: list[_Mention], descs: list[_Mention], prons: list[_Mention], reg: Registry, lex: Lexicon,
    offices: "Offices | None" = None, date: str = "",
) -> None:
    """Resolve descriptions and pronouns in document order (deterministic salience rules)."""
    r = _Resolver(d, names, reg, lex, offices or Offices(terms=[]), date)
    around = None  # the description a name lies inside ("a spokesman for Michael Howard")
    sources: list[_Mention] = []
    for m in sorted(names + descs + prons, key=lambda m: (m.ti, m.kind != "name")):
        if m.kind == "name":
            if m.type == "person":
                inside = around is not None and around.ti < m.ti < around.tj and around.actor != m.actor
                r.push(m, subject=not inside)  # the spokesman is the subject, not the man he speaks for
            elif m.type == "organisation":
                r.orgs.append((m.ti, m.actor))
        elif m.kind == "description" and m.source == "source-description":
            r.source_description(m)
            sources.append(m)
        elif m.kind == "description" and m.source == "house-credit":
            r.house_credit(m)
        elif m.kind == "description" and m.type == "organisation":
            r.org_description(m)
        elif m.kind == "description":
            r.description(m)
            around = m
        elif m.source == "it":
            r.it_speaker(m)
        else:
            r.pronoun(m)
    r.source_cataphora(sources)


def _has_first_name(name: str) -> bool:
    """A multi-word name starting with a first name of NLTK's names lists that is not also an
    English word ("Jane Doe"; not "Royal Mail", though "Royal" is a first name there)."""
    from utils.actors.tagger import _gazetteers, is_first_name

    first = name.split()[0]
    return " " in name and is_first_name(first) and first.lower() not in _gazetteers()[2]


#: Participles between a source noun and "by": "the study, conducted by X".
_MADE_BY = frozenset("conducted carried commissioned published compiled produced written led".split())
#: The same verbs in the active voice before a source noun: "the BSA, which commissioned the survey".
_MADE_BY_ACTIVE = frozenset("conducted commissioned published compiled produced wrote released carried".split())
#: Mentions (not as an object) in the look-back window that make an organisation "the company"
#: when none spoke there (0: never).
_ORG_FREQUENCY = 2
#: The headline and the first sentences: an unnamed source there is named in the next ones.
_LEAD_SENTENCES = 2
#: Words that mark a source as not the one announced before: "a separate survey by RSA".
_OTHER_SOURCE = frozenset("separate another other second further earlier previous past rival different additional".split())
#: Lower-case words that end the walk from "by" to a name ("a study by analysts at X" walks on;
#: "a report by the end of March" stops).
_NOT_BEFORE_NAME = frozenset("and or but the a an of in on to with end its their his her this that".split())
#: Words before an organisation's name that make it an object ("told the BBC", "an analyst at Petercam").
_OBJECT_BEFORE = frozenset("at of for from to by with in on against than told tells telling".split())


class _Resolver:
    """State of the left-to-right pass: who was mentioned, as subject or not, with
    which gender and role, so each description or pronoun is resolved by one rule."""

    def __init__(self, d: _Doc, names: list[_Mention], reg: Registry, lex: Lexicon, offices: "Offices",
                 date: str = ""):
        self.d, self.names, self.reg, self.lex = d, names, reg, lex
        self.offices, self.date = offices, date
        persons = [m for m in names if m.type == "person" and m.actor]
        self.gender: dict[str, str] = {}
        for m in persons:
            rec = reg.by_name.get(m.actor)
            g = (rec or {}).get("gender", "") or (m.gender if m.title else "") or _first_name_gender(m.actor)
            if g and not self.gender.get(m.actor):
                self.gender[m.actor] = g
            else:
                self.gender.setdefault(m.actor, "")
        self.name_at = {m.ti: m for m in persons}
        self.end_at: dict[int, _Mention] = {m.tj: m for m in persons}  # (and resolved descriptions, later)
        self.name_at_end: dict[int, _Mention] = dict(self.end_at)  # person names only
        self.org_at: dict[int, _Mention] = {m.ti: m for m in names if m.type == "organisation" and m.actor}
        self.org_end: dict[int, _Mention] = {m.tj: m for m in names if m.type == "organisation" and m.actor}
        self.sources: dict[str, str] = {}  # source noun -> what its last description was resolved to
        self.named_sources: list[tuple[int, str]] = []  # (token, author) of sources named with their author
        self.role_words: dict[str, set[str]] = {}  # registry role + party words
        for a in {m.actor for m in persons}:
            rec = reg.by_name.get(a)
            held = offices.of(a, date)
            if rec and (rec.get("role") or rec.get("party")) and not (date and offices.of(a)):
                self.role_words[a] = _content_words(f"{rec.get('role', '')} {rec.get('party', '')}")
            if held:  # with a date, only the offices held on it
                words = set().union(*(_content_words(t.office) | set(" ".join(t.keys).split()) for t in held))
                self.role_words[a] = self.role_words.get(a, set()) | words | _content_words(held[-1].party)
        self.positions: dict[str, list[int]] = {}
        for m in persons:
            self.positions.setdefault(m.actor, []).append(m.ti)
        self.events: list[_Event] = []
        self.text_roles: dict[str, set[str]] = {}  # words of the descriptions said of each actor
        self.orgs: list[tuple[int, str]] = []
        self.sent_subject: dict[int, str] = {}
        self.actor_type: dict[str, str] = {}  # actors a description made a role or organisation
        self.name_type: dict[str, str] = {m.actor: m.type for m in names if m.actor}

    def push(self, m: _Mention, *, subject: bool = True) -> None:
        d = self.d
        if not subject:
            m.subject = False
        elif not (m.kind == "pronoun" and d.lower[m.ti] in _OBJ_PRONOUNS):
            # a title before a name opens its sentence with it: "Mr Jackson, 46, denies"
            m.subject = m.subject or d.subject(_title_start(d, m), m.tj)
        ev = _Event(m.ti, m.actor, m.subject, d.in_quote[m.ti], d.sent[m.ti], m.kind == "description" and _is_spokes(m),
                    self._rank(m))
        self.events.append(ev)
        if m.subject:
            self.sent_subject.setdefault(ev.sentence, m.actor)

    def _rank(self, m: _Mention) -> int:
        """0 for the speaker of a sentence-final speech verb ("..., the Tory leader said."), 2 for a
        mention inside an opening subordinate clause (before its first comma), else 1."""
        d, ti, tj = self.d, _title_start(self.d, m), m.tj  # ("..., Mr Howell said.")
        s, first = d.sent[ti], d.sent_first[d.sent[ti]]
        ends = tj + 1 < d.n and (d.sent[tj + 1] != s or d.words[tj + 1] in (".", "!", "?"))
        if ends and d.lower[tj] in _INVERTED_CUES and d.sent[tj] == s and ti > first \
                and d.words[ti - 1] in (",", "\u201d", '"'):
            return 0
        if d.lower[first] in _SUBORDINATORS and "," in d.words[first:ti]:
            return 1
        return 2 if d.lower[first] in _SUBORDINATORS else 1

    def compatible(self, actor: str, g: str) -> bool:
        return not g or self.gender.get(actor, "") in ("", g)

    def recent(self, pred) -> str:
        """The most recent actor whose event passes ``pred`` (bounded look-back)."""
        events = self.events
        lo = self.d.sent[events[-1].ti] - _WINDOW_SENTENCES if events else 0
        for n_seen, ev in enumerate(reversed(events)):
            if ev.sentence < lo or n_seen >= _MAX_EVENTS:
                break
            if pred(ev):
                return ev.actor
        return ""

    def first_in_sentence(self, pred) -> str:
        """Like :meth:`recent`, but of the most recent sentence with an event passing ``pred``
        the first such event of the best rank (:meth:`_rank`): a sentence's main subject comes
        before the subjects of the clauses it reports ("Mr Balls had suggested that Mr Brown would
        meet his rule. He said ...") and the speaker of a final "..., the Tory leader said." first."""
        events = self.events
        lo = self.d.sent[events[-1].ti] - _WINDOW_SENTENCES if events else 0
        best = None
        for n_seen, ev in enumerate(reversed(events)):
            if ev.sentence < lo or n_seen >= _MAX_EVENTS or (best is not None and ev.sentence != best.sentence):
                break
            if pred(ev) and (best is None or ev.rank <= best.rank):
                best = ev
        return best.actor if best is not None else ""

    def source_description(self, m: _Mention) -> None:
        """"a study by the Society for X", "figures from the ONS", "the study, conducted by
        X", "a survey conducted by X", "Gartner's report", "the BSA, which commissioned the
        survey" -> the organisation or person named with it (``source-org``); else "the
        report", "its survey" (a source met before) -> what the last description with the
        same noun was resolved to (``source-same``; unresolved if that one was: the same
        unknown survey), else the source last named with its author within the look-back
        window, whatever its noun ("a study by Gartner ... said the report": ``source-earlier``),
        else the organisation named last within the window (``source-recency``); else left for
        :meth:`source_cataphora`."""
        d = self.d
        actor = self._source_named(m)
        rule = "source-org"
        anaphoric = d.lower[m.ti] in ("the", "this", "its", "their")
        if actor:
            self.named_sources.append((m.ti, actor))
        same = anaphoric and m.role in self.sources  # "the survey" after "a survey": that one, known or not
        if not actor and same:
            actor, rule = self.sources[m.role], "source-same"
        if not actor and anaphoric and not same and self.named_sources:
            ti, named = self.named_sources[-1]
            if d.sent[m.ti] - d.sent[ti] <= _WINDOW_SENTENCES:
                actor, rule = named, "source-earlier"
        if not actor and anaphoric and not same:
            for ti, org in reversed(self.orgs):
                if d.sent[m.ti] - d.sent[ti] > _WINDOW_SENTENCES:
                    break
                if not _is_party(org, self.reg) and not d.in_quote[ti]:
                    actor, rule = org, "source-recency"
                    break
        if actor or d.lower[m.ti] != m.role:  # a bare unknown "..., research suggests" is no antecedent
            self.sources[m.role] = actor
        if actor:
            m.actor, m.resolved_by = actor, rule

    def source_cataphora(self, sources: list[_Mention]) -> None:
        """A source still unresolved after the pass ("A study revealed that ...", "..., research
        suggests" in a lead) is the next source named with its author within the look-back
        window ("The study, conducted by consultancy Building Zones, found", "A survey of 280
        schemes by IDS said"): news names the study after the lead that announces it
        (``source-later``), but not one marked as another ("a separate survey by RSA"). Else,
        for a source in the headline or lead, the first organisation that speaks, not as an
        object, in that sentence or the next two ("..., figures show. The Office for National
        Statistics said ..."): ``source-speaker``. Then "the
        study" that the pass left unresolved as the same unknown study takes what that study
        now is."""
        d = self.d
        def other(m: _Mention) -> bool:
            return any(w in _OTHER_SOURCE for w in d.lower[m.ti:m.tj])

        named = [(m.ti, m.actor) for m in sources if m.resolved_by == "source-org" and not other(m)]
        orgs = sorted(self.orgs)
        for m in sources:
            if m.actor or other(m):  # "Previous election research" is not the study named next
                continue
            k = bisect.bisect_right(named, (m.ti, "\uffff"))
            if k < len(named) and d.sent[named[k][0]] - d.sent[m.ti] <= _WINDOW_SENTENCES:
                m.actor, m.resolved_by = named[k][1], "source-later"
                continue
            for ti, actor in orgs[bisect.bisect_right(orgs, (m.tj, "")):] if d.sent[m.ti] <= _LEAD_SENTENCES else ():
                if d.sent[ti] - d.sent[m.ti] > 2:
                    break
                if not d.in_quote[ti] and not _is_party(actor, self.reg) and self._spoke(ti) \
                        and not self._as_object(ti):  # not "editor of X told"
                    m.actor, m.resolved_by = actor, "source-speaker"
                    break
        last: dict[str, str] = {}  # "a study ..." resolved just now, then "The study calls on ...": the same
        for m in sources:
            if not m.actor and d.lower[m.ti] in ("the", "this", "its", "their") and last.get(m.role):
                m.actor, m.resolved_by = last[m.role], "source-same"
            if m.actor:
                last[m.role] = m.actor

    def _source_named(self, m: _Mention) -> str:
        """The organisation (or person) named with a source noun: "by/from/of X" (up to three
        lower-case words between: "by consultancy X", "by transport expert professor X"),
        "(,) conducted by X", a possessor "X's report", or "X (, which) commissioned the
        survey"."""
        d = self.d
        k = m.tj
        j = k + 1 if k < d.n and d.words[k] == "," else k
        if j + 1 < d.n and d.lower[j] in _MADE_BY:
            k = j + 1
            if d.lower[k] == "out":
                k += 1
        elif k < d.n and d.lower[k] == "of":  # "A survey of 280 schemes by IDS"
            j = k + 1
            while j < min(d.n, k + 5) and d.sent[j] == d.sent[k] and (d.base[j].isdigit() or d.base[j].islower()) \
                    and d.lower[j] not in ("by", "from"):
                j += 1
            if j < d.n and d.lower[j] in ("by", "from") and j > k + 1:
                k = j
        if k < d.n and d.lower[k] in ("by", "from", "of", "for"):
            k += 1
            if k < d.n and d.lower[k] == "the":
                k += 1
            for _ in range(4):
                named = self.org_at.get(k) or self.name_at.get(k)
                if named is not None:
                    return named.actor if d.sent[k] == d.sent[m.ti] else ""
                if not (k < d.n and d.base[k].isalpha() and d.base[k].islower() and not d.cut[k]
                        and d.lower[k] not in _NOT_BEFORE_NAME):
                    break
                k += 1
        org = self.org_end.get(m.ti)
        if org is not None:
            return org.actor
        hy = next((h for h in map(AUTHOR_HYPHEN.match, d.words[m.ti:m.tj]) if h), None)
        if hy:  # "The Nokia-sponsored research": an organisation (or person) already named so
            short = hy.group(1)
            return next((a for _, a in reversed(self.orgs) if short in a.split()), "") \
                or next((a for a in self.positions if a.split()[-1] == short), "")
        # "the BSA, which commissioned the survey", "Gartner, which published the report"
        j = m.ti - 1
        if j > 1 and d.lower[j] == "out" and d.lower[j - 1] == "carried":  # "which carried out the poll"
            j -= 1
        if j > 0 and d.lower[j] in _MADE_BY_ACTIVE:
            j -= 1
            who = d.lower[j] == "who"
            if j > 0 and d.lower[j] in ("which", "that", "who"):
                j -= 1
                if j > 0 and d.words[j] == ",":
                    j -= 1
            # "which" refers to an organisation, "who" to a person (a name, not a description)
            named = (self.name_at_end.get(j + 1) if who else self.org_end.get(j + 1))
            if named is not None and d.sent[j] == d.sent[m.ti]:
                return named.actor
        return ""

    def house_credit(self, m: _Mention) -> None:
        """"our correspondent": the person last named right after a credit word in the window
        ("said BBC labour affairs correspondent Stephen Cape"); else unresolved."""
        d, credit = self.d, self.lex.credit_words
        for ev in reversed(self.events):
            if d.sent[m.ti] - ev.sentence > _WINDOW_SENTENCES:
                break
            named = self.name_at.get(ev.ti)
            if named is None or named.actor != ev.actor:
                continue
            k = _title_start(d, named)
            if k > 0 and d.sent[k - 1] == ev.sentence and d.lower[k - 1] in credit:  # "correspondent Stephen Cape"
                m.actor, m.resolved_by = ev.actor, "house-credit"
                self.push(m)
                return

    def it_speaker(self, m: _Mention) -> None:
        """"It said": the organisation that spoke last in the window (:meth:`_salient_org`, as for
        "the company", but never by how often it is named: "it" is often a report or a
        committee); unresolved when none spoke."""
        actor, rule = self._salient_org(m.ti, frequency=False)
        if actor:
            m.actor, m.resolved_by = actor, f"it-{rule.split('-')[-1]}"
            self.orgs.append((m.ti, actor))

    def org_description(self, m: _Mention) -> None:
        """"the party" -> the last party named; "the council" -> the last council; "the
        company", "the firm" (:data:`GENERIC_ORG_NOUNS`), else, of the organisations named
        outside a quote as a subject or possessor ("Lufthansa accounts for ...", "Kraft's
        policy"), not as an object ("told the BBC", "an analyst at Petercam"), in the window,
        the latest that spoke there ("Macrovision said ... the company said"): ``org-salience``;
        when none spoke, the one named there most often, at least twice (``org-frequency``).
        Else unresolved: a wrong company is worse than "the company"."""
        actor, rule = self._org_for(m.ti, m.role)
        if actor:
            m.actor, m.resolved_by = actor, rule
            self.orgs.append((m.ti, actor))

    def _org_for(self, at: int, noun: str) -> tuple[str, str]:
        """The organisation an organisation noun ("party", "council", "company") at token ``at``
        refers to, and the rule: see :meth:`org_description`; ``("", "")`` when none."""
        d = self.d
        for ti, actor in reversed(self.orgs):
            if d.sent[at] - d.sent[ti] > _WINDOW_SENTENCES:
                break
            if (noun == "party" and _is_party(actor, self.reg)) or (noun != "party" and noun in actor.lower()):
                return actor, "org-recency"
        return self._salient_org(at) if noun in GENERIC_ORG_NOUNS else ("", "")

    def _salient_org(self, at: int, *, frequency: bool = True, window: int = _WINDOW_SENTENCES) -> tuple[str, str]:
        """Of the organisations named in the window before token ``at``, outside a quote, not a
        party and not as an object ("told the BBC", "an analyst at Petercam"): the latest that
        spoke there (``org-salience``), else (``frequency``) the one named most often."""
        d = self.d
        spoke, named = [], {}
        for ti, actor in reversed(self.orgs):
            if d.sent[at] - d.sent[ti] > window:
                break
            if d.in_quote[ti] or _is_party(actor, self.reg):
                continue
            if self._as_object(ti):
                continue
            tj = self._org_end(ti)
            n, last = named.get(actor, (0, ti))
            named[actor] = (n + 1, last)
            if (d.cut[tj - 1] or d.subject(ti, tj)) and self._spoke(ti):
                spoke.append((ti, actor))
        if spoke:
            return max(spoke)[1], "org-salience"
        if named and frequency and _ORG_FREQUENCY:
            # none spoke: the organisation named most often in the window, not as an object ("Net
            # browser Opera 8.0 ... Opera's ... The company says"); the latest on a tie
            (n, _), actor = max((v, a) for a, v in named.items())
            if n >= _ORG_FREQUENCY:
                return actor, "org-frequency"
        return "", ""

    def _spoke(self, ti: int) -> bool:
        """Does the organisation named at token ``ti`` speak there ("Macrovision said", "Unilever
        told reporters", "The company added")?"""
        d, tj = self.d, self._org_end(ti)
        if tj + 3 < d.n and d.words[tj] == "(" and d.words[tj + 2] == ")":
            tj += 3  # "The Office for National Statistics (ONS) said"
        return tj < d.n and d.sent[tj] == d.sent[ti] and d.lower[tj] in SPEAKS

    def _as_object(self, ti: int) -> bool:
        """Is the organisation named at token ``ti`` an object ("told the BBC", "an analyst at
        Petercam", "editor of Gamesweekly.com told")?"""
        d = self.d
        k = ti - 2 if ti >= 2 and d.lower[ti - 1] == "the" else ti - 1
        return k >= 0 and d.sent[k] == d.sent[ti] and d.lower[k] in _OBJECT_BEFORE

    def _org_end(self, ti: int) -> int:
        """The end token of the organisation named at ``ti`` (an earlier "the company": two tokens)."""
        named = self.org_at.get(ti)
        return named.tj if named is not None else ti + 2

    def description(self, m: _Mention) -> None:
        """Resolve one description, trying its rules in order (spokesperson-for or possessor-role, apposition,
        same-role, spokesperson-org, office-holder or registry-role, cataphora, then
        office-date / office for an office, else salience and recency); a resolved
        description becomes an event later mentions can refer back to."""
        d = self.d
        if m.possessor is not None and m.possessor.actor and _is_spokes(m):
            # "Mr Blair's spokesman" speaks for Blair, as "a Home Office spokesman" for the Home
            # Office: the convention of the hand-checked and judged sets (and of discourse coding)
            actor, rule = m.possessor.actor, "spokesperson-for"
            m.type = self.name_type.get(actor, "person")
        elif m.possessor is not None and m.possessor.actor:
            # "Mr Blair's wife" is not Blair: a role of its own
            short = m.possessor.actor.split()[-1]
            actor, rule = (f"{short}' {m.role}" if short.endswith("s") else f"{short}'s {m.role}"), "possessor-role"
            m.type = "role"
        else:
            actor, rule = self._apposition(m)
        cw = _content_words(d.text[m.start : m.end])
        indefinite = d.lower[m.ti] in ("a", "an", "another")
        if not actor and not indefinite:
            actor, rule = self._same_role(m, cw)
        spokes = _is_spokes(m)
        if not actor and spokes:
            actor, rule = self._spokesperson_org(m)
        terms = [] if actor or indefinite else self.offices.matching(_role_phrase(d.text[m.start : m.end]))
        if not actor and terms:
            actor, rule = self._office_holder(m, terms)
        elif not actor:
            actor, rule = self._registry_role(m, cw)
        if not actor and self._in_lede(m) and (not terms or d.subject(m.ti, m.tj)):
            # (an office only as the lede's subject: "Russia's president has defended ..." is
            # Putin named next, "The first minister's statement ..." is not Jack Law named next)
            actor, rule = self._cataphora(m)
        m.subject = m.subject or d.subject(m.ti, m.tj)
        if actor or indefinite:
            pass  # an indefinite "a Cabinet Office spokeswoman" introduces someone new
        elif terms or m.role.lower() in self.lex.offices:
            # an office held by one person ("the prime minister") is not guessed from
            # salience or recency: named with it (same-role, office-holder), its holder on
            # the document's date (office-date), else a role of its own, never a person
            holder = self.offices.holder_on(_role_phrase(d.text[m.start : m.end]), self.date) if self.date else ""
            if holder:
                actor, rule = holder, "office-date"
                self.gender.setdefault(holder, (self.reg.by_name.get(holder) or {}).get("gender", ""))
            else:
                words = _strip_determiner(_POSSESSIVE.sub("", d.text[m.start : m.end]))
                actor, rule = " ".join(w.lower() if w.lower() in m.role.lower().split() else w for w in words), "office"
                m.type = "role"
        elif m.source == "demonym":
            pass  # "the American" is the person the story called American, never the most salient one
        elif m.subject:
            sent = d.sent[m.ti]
            actor = self.recent(lambda ev: ev.subject and ev.sentence < sent and self.compatible(ev.actor, m.gender))
            rule = "salience"
        if not actor and not indefinite and m.source != "demonym":
            excl = self.sent_subject.get(d.sent[m.ti], "")
            actor = self.recent(lambda ev: ev.actor != excl and self.compatible(ev.actor, m.gender))
            rule = "recency"
        role_toks = set(m.role.lower().split())
        if not actor and m.source != "demonym" and any(d.is_cap(k) and d.lower[k] not in role_toks
                                                        for k in range(m.ti, m.tj)):
            actor, rule = " ".join(_strip_determiner(d.text[m.start : m.end])), "description"
            if spokes:  # an unnamed "A party spokesman" speaks for someone: a role, not a person
                m.type = "role"
        if actor:
            m.actor, m.resolved_by = actor, rule
            if m.type != "person":
                self.actor_type[actor] = m.type
            elif actor in self.actor_type:  # "the first minister" again, "the Darlington Council spokesman"
                m.type = self.actor_type[actor]
            self.gender.setdefault(actor, m.gender)
            self.push(m)
            self.end_at[m.tj] = m
            self.text_roles[actor] = self.text_roles.pop(actor, set()) | cw  # most recently described last

    def _spokesperson_org(self, m: _Mention) -> tuple[str, str]:
        """Whom a spokesperson speaks for: the organisation, party or person the description
        names (:meth:`_spokesperson_named`), else the organisation its organisation noun resolves
        to ("A party spokesman", "a spokesman for the firm": :meth:`_org_for`), else for a bare
        "a spokesman" the organisation that spoke last (:meth:`_salient_org`)."""
        actor, rule = self._spokesperson_named(m)
        noun = "" if actor else self._spokes_org_noun(m)
        if noun:
            actor, rule = self._org_for(m.ti, noun)
        elif not actor and m.possessor is None and m.tj - m.ti <= 2 \
                and not (m.tj < self.d.n and self.d.lower[m.tj] in ("for", "at", "of", "from", "to")):
            # a bare "a spokesman said": the organisation that spoke last, in that sentence or the
            # four before ("The Vestey Group said ... But a spokesman added"); never by frequency
            actor, rule = self._salient_org(m.ti, frequency=False, window=4)
        if noun or rule == "org-salience":
            m.type = "organisation" if actor else m.type
        return actor, rule

    def _spokesperson_named(self, m: _Mention) -> tuple[str, str]:
        """"a Home Office spokesman", "spokeswoman for the Electoral Commission", "a Labour
        spokesman", "a spokesman for Michael Howard": the organisation, party or person named."""
        d, lex = self.d, self.lex
        org = next((self.org_at[k] for k in range(m.ti, m.tj) if k in self.org_at), None)
        if org is not None and org.tj > m.tj:
            # "a spokesman for the Department for Culture, Media and Sport": the description
            # stops at the comma, the organisation's name does not
            m.type = "organisation"
            return org.actor, "spokesperson-org"
        words = [_POSSESSIVE.sub("", d.base[k]) for k in range(m.ti, m.tj)
                 if d.is_cap(k) and d.lower[k] not in _DETERMINERS and d.lower[k] not in _SPOKES]
        name = " ".join(w for w in words if w)
        if not name:
            return "", ""
        rec = self.reg.get(name)
        if rec is None and name in lex.party_words:
            party = lex.party_words[name]
            rec = next((r for r in self.reg.by_name.values() if r["type"] == "organisation" and r["party"] == party
                        and "party" in r["role"].lower()), None)
            if rec is None:
                return "", ""
        if rec is not None and rec["type"] == "person" or rec is None and name in self.positions and _has_first_name(name):
            # "a spokesman for Michael Howard" speaks for Howard (as "Mr Howard's spokesman")
            m.type = "person"
            return (rec["name"] if rec else name), "spokesperson-for"
        if rec is not None and rec["type"] not in ("organisation", "group"):
            return "", ""
        m.type = "organisation"
        return (rec["name"] if rec else name), "spokesperson-org"

    def _spokes_org_noun(self, m: _Mention) -> str:
        """The organisation noun a spokesperson is described by: "A party spokesman", "a company
        spokeswoman", "a spokesman for the firm" (``""`` when none)."""
        d, nouns = self.d, self.lex.org_nouns | GENERIC_ORG_NOUNS
        inside = [d.lower[k] for k in range(m.ti, m.tj - 1) if d.base[k].islower() and d.lower[k] in nouns]
        if inside:
            return inside[-1]
        k = m.tj
        if k + 2 < d.n and d.lower[k] == "for" and d.lower[k + 1] in ("the", "its", "their") \
                and d.lower[k + 2] in nouns and d.base[k + 2].islower():
            return d.lower[k + 2]
        return ""

    def _office_holder(self, m: _Mention, terms: list) -> tuple[str, str]:
        """A person the article names who holds (on the document's date) or held (undated)
        the office the description names. Several undated candidates: the one whose term
        overlaps the terms of most other registry people the article names (the article's
        era: "the prime minister" beside Blair and Brown in 2005 is Blair); a tie is none."""
        named = [a for a in self.positions if a in self.offices.by_holder]
        cands: dict[str, list] = {}
        for t in terms:
            if t.holder in self.positions and self.compatible(t.holder, m.gender) and (not self.date or t.active(self.date)):
                cands.setdefault(t.holder, []).append(t)
        if len(cands) > 1 and not self.date:
            def score(a: str) -> int:
                return sum(1 for p in named if p != a
                           and any(t.overlaps(u) for t in cands[a] for u in self.offices.by_holder[p]))
            scores = {a: score(a) for a in cands}
            best = max(scores.values())
            cands = {a: v for a, v in cands.items() if scores[a] == best}
        if len(cands) == 1:
            return next(iter(cands)), "office-holder"
        return "", ""

    def _apposition(self, m: _Mention) -> tuple[str, str]:
        """"Labour MP Jane Doe", "Dudley Council's Labour leader, Cllr Pete Lowe",
        "Jane Doe, the Labour MP": the name right next to the description."""
        d, sent = self.d, self.d.sent[m.ti]
        k = m.tj
        if k + 1 < d.n and d.lower[k] in ("for", "of", "on") and not d.is_cap(k + 1):
            k += 1  # "spokeswoman for women Sandra Gidley": skip a short lower-case phrase
            while k < d.n and k - m.tj < 4 and d.base[k].isalpha() and d.base[k].islower():
                k += 1
        while k < d.n and d.words[k] in _APPOS:
            k += 1
        for kk in range(k, min(k + 4, d.n)):
            nm = self.name_at.get(kk)
            if nm is not None:
                if d.sent[kk] == sent:
                    m.subject = d.sentence_initial(m.ti)
                    return nm.actor, "apposition"
                break
            if not (d.words[kk] in self.lex.titles or d.words[kk] == "."):
                break
        if m.ti >= 2 and d.words[m.ti - 1] in _APPOS and m.source != "demonym":
            # (not "Reacting to a comment by chairman Tim Phillips, the American said")
            left = self.end_at.get(m.ti - 1)
            if left is not None and left.actor and d.sent[left.ti] == sent:
                return left.actor, "apposition"
        return "", ""

    def _same_role(self, m: _Mention, cw: set[str]) -> tuple[str, str]:
        """The same role said again: "First Minister Jack McConnell ... the first minister"."""
        if not cw:
            return "", ""
        subj = self.sent_subject.get(self.d.sent[m.ti], "")
        for actor, rw in reversed(list(self.text_roles.items())):
            if cw <= rw and self.compatible(actor, m.gender) and actor != subj:
                return actor, "same-role"
        return "", ""

    def _registry_role(self, m: _Mention, cw: set[str]) -> tuple[str, str]:
        """A person of the document whose registry role and party hold every word of the
        description; the nearest one before it, else the nearest after it."""
        cands = [a for a, rw in self.role_words.items() if cw and cw <= rw and self.compatible(a, m.gender)]
        if not cands:
            return "", ""

        def dist(a: str) -> tuple[int, int]:
            pos = self.positions[a]
            k = bisect.bisect_left(pos, m.ti)
            return (0, m.ti - pos[k - 1]) if k else (1, pos[0] - m.ti)

        return min(cands, key=dist), "registry-role"

    def _in_lede(self, m: _Mention) -> bool:
        """True for a description in the story's first sentences with nobody met before it
        but in the headline (the first sentence): "Putin backs state grab / Russia's president
        has defended ..." names the president in the next sentence, not in the headline."""
        d = self.d
        return d.sent[m.ti] <= 2 and all(ev.sentence == 0 for ev in self.events) and \
            (not self.events or d.sent[m.ti] > 0)

    def _cataphora(self, m: _Mention) -> tuple[str, str]:
        """A lede description before anyone is named: the first person who opens one of
        the next sentences ("A DUDLEY Labour MP has ... Ian Austin believes ...")."""
        d, sent = self.d, self.d.sent[m.ti]
        for nm in self.names:
            if nm.ti <= m.ti or nm.type != "person":
                continue
            if d.sent[nm.ti] - sent > 3:
                break
            if d.sentence_initial(nm.ti):
                return nm.actor, "cataphora"
        return "", ""

    def pronoun(self, m: _Mention) -> None:
        """The last gender-compatible subject (inside a quote, not the quoted speaker)."""
        d = self.d
        excl = ""
        if d.in_quote[m.ti]:
            for ev in reversed(self.events):
                if not ev.in_quote:
                    excl = self.sent_subject.get(ev.sentence, ev.actor)
                    break

        outside = not d.in_quote[m.ti]

        def ok(ev: _Event) -> bool:
            # he and she are people: not an organisation or place named as such, though "A Delta
            # spokesperson said ... She added" is the spokesperson, who speaks for Delta; a pronoun
            # outside quotes never takes a name someone quoted ("... than Michael Howard," he wrote)
            return ev.actor != excl and not (outside and ev.in_quote) and self.compatible(ev.actor, m.gender) and (
                ev.spokes or self.actor_type.get(ev.actor, self.name_type.get(ev.actor)) not in _NOT_PEOPLE)

        actor, rule = self.first_in_sentence(lambda ev: ev.subject and ok(ev)), "pronoun-subject"
        if not actor:
            actor, rule = self.recent(ok), "pronoun-recent"
        if actor:
            m.actor, m.resolved_by = actor, rule
            m.type = self.actor_type.get(actor, m.type)  # "he" of "Mr Blair's spokesman" is that role
            if not self.gender.get(actor):
                self.gender[actor] = m.gender
            self.push(m)
