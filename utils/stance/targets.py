"""Stance targets and acts: actor mentions and issue matches in a document
(:func:`find_targets`), the polarity of an act of support or opposition with its
negation, refusal and hedges, the object(s) it governs, and its subject.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

from utils.text import DASH_CHARS
from utils.stance.lexicon import IssueSet, LexEntry, compile_issues, load_issues, slug
from utils.stance.tokens import _TOK, _is_negator_token, context_window

# Unambiguous on purpose: an alternative like ",\s*and" beside "," and "and"
# would let a run of ", and" be split 2^k ways (exponential backtracking in
# fullmatch; see tests/project/test_regex_audit.py).
_CONJ_LIST = re.compile(r"\s*(?:(?:,|and|or|&|as well as|both)\s*|\u0000\s*)*", re.IGNORECASE)


_PREPOSITIONS = frozenset(
    "of for by with to at from against about on in into over under toward towards than as like "
    "behind between among amid including".split()
)
_GAP_STOP = re.compile(r"[;:.!?()\[\]\"“”" + DASH_CHARS + r"]|\bthat\b|\bwho\b|\bwhich\b|\bbut\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?(?!\w)")
#: a short quoted phrase right before an act's verb: its two quotation marks
_SCARE_BEFORE = re.compile(r"(\s[\"“])[^\"“”]{1,30}([\"”])\s*$")
_LAST_WORD = re.compile(r"(\w+)\W*$")
_NEXT_WORD = re.compile(r"[\s'’s]*(\w+)")
_CLAUSE_VERBS = frozenset(
    "is was are were has have had will would can could should must may might does did do said says "
    "thinks believes wants".split()
)
_AUX_ADV = frozenset(
    "has have had will would shall should can could may might must also not n't never did does do is was "
    "are were be been being then just already still now today yesterday publicly openly repeatedly strongly "
    "again even once always".split()
)
_PREFIX = re.compile(r"(?<!\w)(anti|pro)-", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """A stance target: an actor mention or an issue match."""

    start: int
    end: int
    name: str
    tid: str
    ttype: str  # actor | issue
    kind: str = ""  # mention kind (name, description, pronoun, group) or "issue"
    direction: str = ""  # an issue term's own stance ("favour"/"against", data/issues.yaml), else ""


def _mention_targets(mentions: pd.DataFrame | None, text: str) -> list[Target]:
    if mentions is None or len(mentions) == 0:
        return []
    n = len(mentions)

    def col(name, default=""):
        return mentions[name].tolist() if name in mentions.columns else [default] * n

    out = []
    for s_, e_, name, aid, mtype, kind in zip(col("start", None), col("end", None), col("actor", None),
                                              col("actor_id", None), col("type"), col("kind")):
        try:
            s, e = int(s_), int(e_)
        except (TypeError, ValueError):
            continue
        if not (0 <= s < e <= len(text)) or mtype == "place" or (mtype == "other" and not text[s:e].startswith("@")):
            continue  # a place, or a work ("the film Ray"; an @handle typed other is someone's account)
        if not isinstance(name, str) or not name.strip():
            continue  # an unresolved mention (e.g. a pronoun with no antecedent) is no target
        if not isinstance(aid, str) or not aid:
            aid = slug(name)
        out.append(Target(s, e, name, aid, "actor", kind if isinstance(kind, str) else ""))
    return out


def _resolve_issues(issues) -> IssueSet:
    if issues is None:
        return load_issues()
    if isinstance(issues, IssueSet):
        return issues
    if isinstance(issues, (str, Path)):
        return load_issues(issues)
    return compile_issues(issues)


def find_targets(text: str, mentions: pd.DataFrame | None, *, issues=None) -> list[Target]:
    """All stance targets of a document: actor mentions (not places, not works typed
    ``other``, not unresolved) and issue matches, sorted by offset. An actor mention covered by
    an issue match ("Labour" in "the Labour leadership selection process") is
    dropped in favour of the issue. A directed issue term ("anti-austerity") gives
    its target a ``direction``."""
    iss = _resolve_issues(issues)
    issue_t = [Target(s, e, i.name, i.issue_id, "issue", "issue", dr) for s, e, i, dr in iss.directed_matches(text)]
    ment = _mention_targets(mentions, text)
    if issue_t:
        ist = [t.start for t in issue_t]
        keep = []
        for m in ment:
            k = bisect.bisect_right(ist, m.start) - 1
            covered = any(0 <= j < len(issue_t) and issue_t[j].start <= m.start and m.end <= issue_t[j].end for j in (k, k - 1))
            if not covered:
                keep.append(m)
        ment = keep
    return sorted(ment + issue_t, key=lambda t: (t.start, -t.end))


@dataclass
class _Act:
    start: int
    end: int
    entry: LexEntry
    score: float
    ev_start: int
    ev_end: int
    rule: str


def _act_polarity(text: str, lo: int, ms: int, me: int, entry: LexEntry, lex_matches) -> _Act:
    """Polarity of one act of support/opposition with negation, refusal and hedges
    found in ``text[lo:ms]`` (its clause before the verb)."""
    base = min(0.9, 0.5 + 0.2 * entry.weight)
    sign = 1.0 if entry.category == "support" else -1.0
    # negator among the last 4 tokens before the verb, same clause
    off = max(lo, ms - 60)
    left = text[off:ms]
    scare = _SCARE_BEFORE.search(left)
    if scare:  # 'pledged to "never, ever, ever" attack': quoted words, not a clause boundary
        a, b = scare.span(1), scare.span(2)  # (blanked, so offsets into ``left`` stay those of ``text``)
        left = left[:a[0]] + " " * (a[1] - a[0]) + left[a[1]:b[0]] + " " * (b[1] - b[0]) + left[b[1]:]
    cut = max((m.end() for m in _GAP_STOP.finditer(left)), default=0)
    left_toks = [(m.start(), m.end(), m.group().lower()) for m in _TOK.finditer(left, cut)]
    words = [t for t in left_toks if t[2][:1].isalnum()]  # punctuation does not use up the window
    window_start = words[-4][0] if len(words) >= 4 else (left_toks[0][0] if left_toks else len(left))
    neg = None
    for s, e, w in left_toks:
        if s >= window_start and _is_negator_token(w):
            neg = (off + s, off + e)
    for s, e, ent in lex_matches:
        if ent.category == "negator" and off + window_start <= s and e <= ms and s >= off + cut:
            if neg is None or s < neg[0]:
                neg = (s, e)
    hedge = 1.0
    for s, e, ent in lex_matches:
        if ent.category == "hedge" and lo <= s and e <= ms and ms - e < 80:
            hedge = min(hedge, ent.weight)
    if neg is not None:
        score = -sign * (base - 0.15) if entry.category == "support" else 0.1
        ev = (neg[0], me)
        rule = "refusal" if text[neg[0]:neg[1]].lower()[:3] in ("ref", "dec", "fai", "unw") else "negated-" + entry.category
    else:
        score = sign * base
        ev = (ms, me)
        rule = entry.category
    return _Act(ms, me, entry, score * hedge, ev[0], ev[1], rule + ("+hedge" if hedge < 1 else ""))


def _act_objects(text: str, me: int, hi: int, targets: Sequence[Target], starts: Sequence[int]) -> list[Target]:
    """The target(s) an act governs: the first target after the verb in its
    clause (at most 10 tokens away), plus conjuncts ("X, Y and Z")."""
    k = bisect.bisect_left(starts, me)
    out: list[Target] = []
    while k < len(targets) and targets[k].start < hi:
        t = targets[k]
        k += 1
        if not out:
            gap = text[me:t.start]
            if _GAP_STOP.search(gap) or len(_TOK.findall(gap)) > 10:
                return []
            out.append(t)
            continue
        prev = out[-1]
        if t.start < max(o.end for o in out):
            continue  # nested inside an object ("Corbyn's" in "some of Corbyn's supporters")
        if _CONJ_LIST.fullmatch(text[prev.end:t.start] if t.start >= prev.end else ""):
            nxt = _NEXT_WORD.match(text, t.end)
            if nxt and nxt.group(1).lower() in _CLAUSE_VERBS:
                break  # "X, and Y is a disgrace": Y starts a new clause
            out.append(t)
        else:
            break
    return out


#: passive auxiliaries (the harm rule reads them too: "Y was purged")
_PASSIVE_AUX = frozenset({"be", "been", "being", "was", "were", "is", "are", "get", "got", "gets", "getting"})
#: a passive auxiliary, an optional -ly adverb, at the end of a text
_PASSIVE_END = re.compile(r"\b(?:" + "|".join(sorted(_PASSIVE_AUX)) + r")\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_RECEIVE = re.compile(
    r"\b(?:received?|receiving|receives|dr[ae]ws?|drawn|drawing|won|wins?|winning|earned|earns?|earning|faced?|faces|facing|"
    r"attract(?:ed|s|ing)?|came\s+under|comes?\s+under|coming\s+under|got|gets?|getting|had|has|have)"
    r"\s+(?:(?:a|an|the|much|some|strong|fierce|heavy|high|fresh|further|widespread|lavish|warm|sharp|stinging|"
    r"scathing|more|growing|renewed)\s+){0,2}$", re.IGNORECASE)


def _agent_follows(text: str, subj_end: int, s: int, e: int, obj_start: int) -> bool:
    """Whether the act ``text[s:e]`` is passive or received, with its agent as the
    target right after it: "was criticised by X" (a passive auxiliary before the act,
    only "by" between it and X) or "received praise from X" / "came under attack
    from X" (a verb of receiving before the act, only "from" or "by" between)."""
    gap = text[e:obj_start].strip().lower()
    if gap not in ("by", "from"):
        return False
    before = text[subj_end:s]
    if gap == "by" and _PASSIVE_END.search(before):
        return True
    return bool(_RECEIVE.search(before))


def _is_subject_candidate(text: str, t: Target) -> bool:
    if t.ttype != "actor":
        return False
    if _POSSESSIVE.match(text, t.end) or text[t.start:t.end].lower().endswith(("'s", "’s")):
        return False
    m = _LAST_WORD.search(text, max(0, t.start - 30), t.start)
    if m and m.group(1).lower() in _PREPOSITIONS:
        return False
    return True


def _subject_before(text: str, pos: int, lo: int, targets: Sequence[Target], starts: Sequence[int]) -> Target | None:
    """The nearest actor mention before ``pos`` in the same sentence part that
    can be a subject (not a possessor, not after a preposition)."""
    k = bisect.bisect_left(starts, pos) - 1
    while k >= 0:
        t = targets[k]
        k -= 1
        if t.start < lo:
            break
        if t.end > pos:
            continue
        if re.search(r"[;:.!?]", text[t.end:pos]):
            break
        if _is_subject_candidate(text, t):
            return t
    return None


def _adjacent_subject(text: str, pos: int, lo: int, targets: Sequence[Target], starts: Sequence[int]) -> Target | None:
    """The actor right before an act verb (only auxiliaries/adverbs between):
    the subject of an act reported inside a claim ("Smith said Jones attacked Brown")."""
    best = None
    k = bisect.bisect_left(starts, pos) - 1
    stop = max(-1, k - 8)
    while k > stop:
        t = targets[k]
        k -= 1
        if lo <= t.start and t.end <= pos and (best is None or t.end > best.end or (t.end == best.end and t.start < best.start)):
            best = t
    if best is None or not _is_subject_candidate(text, best):
        return None
    gap = [w.lower() for w in _TOK.findall(text, best.end, pos)]
    if len(gap) > 5 or any(not (w in _AUX_ADV or w.endswith("ly") or w.endswith("n't")) for w in gap):
        return None
    return best


def _sentence_start(text: str, seg, pos: int) -> int:
    if seg is not None and seg.sentences:
        si = seg.sentence_at(pos)
        if si >= 0:
            return seg.sentences[si].start
    return context_window(text, pos, pos + 1)[0]


def _nested_in(t: Target, pool: Sequence[Target], starts: Sequence[int]) -> Target | None:
    """The target whose span holds ``t`` ("Corbyn" in "some of Corbyn's supporters")."""
    k = bisect.bisect_right(starts, t.start) - 1
    stop = max(-1, k - 8)
    while k > stop:
        o = pool[k]
        k -= 1
        if o is not t and o.start <= t.start and t.end <= o.end and (o.end - o.start) > (t.end - t.start):
            return o
    return None
