"""No regular expression in the package can backtrack catastrophically.

A static check, not a timed one: every compiled pattern reachable from the
modules' globals (and the lexicon-built ones) is parsed, and a pattern fails
when an unbounded repeat's body can begin with another unbounded repeat
((a+)+, (.*)*, (\\w+\\s?)+ ...), the usual shape behind exponential
backtracking. It does not see overlapping alternatives inside a repeat (the
old stance._CONJ_LIST): that case has its own regression test below, and
benchmarks/worst_case.py times adversarial documents end to end.
"""
from __future__ import annotations

import importlib
import re

try:  # Python 3.11+
    import re._parser as sre_parse
    from re._constants import BRANCH, MAX_REPEAT, MAXREPEAT, MIN_REPEAT, SUBPATTERN
except ImportError:  # pragma: no cover
    import sre_parse
    from sre_constants import MAX_REPEAT, MAXREPEAT, MIN_REPEAT, SUBPATTERN, BRANCH

def _all_modules() -> list[str]:
    """Every module of the package, stage packages' submodules included (so a pattern
    cannot hide in a module the audit does not know of)."""
    import pkgutil

    import utils

    return sorted(m.name for m in pkgutil.walk_packages(utils.__path__, "utils.")
                  if m.name not in ("utils.__main__", "utils.lab"))


def _starts_with_unbounded(items) -> bool:
    """Can a match of ``items`` begin inside an unbounded repeat? (Skipping
    optional leading elements.) Then the outer repeat has two ways to share
    out the same characters: (a+)+, (\\w+\\s?)+, (.*)*."""
    for op, av in items:
        if op in (MAX_REPEAT, MIN_REPEAT):
            lo, hi, sub = av
            if hi == MAXREPEAT:
                return True
            if _starts_with_unbounded(sub):
                return True
            if lo > 0:
                return False
            continue  # optional: the next element may start the match
        if op == SUBPATTERN:
            if _starts_with_unbounded(av[-1]):
                return True
            return False
        if op == BRANCH:
            return any(_starts_with_unbounded(b) for b in av[1])
        if op == sre_parse.AT:
            continue
        return False
    return False


def _nested_unbounded(items) -> bool:
    for op, av in items:
        if op in (MAX_REPEAT, MIN_REPEAT):
            lo, hi, sub = av
            if hi == MAXREPEAT and _starts_with_unbounded(sub):
                return True
            if _nested_unbounded(sub):
                return True
        elif op == SUBPATTERN:
            if _nested_unbounded(av[-1]):
                return True
        elif op == BRANCH:
            if any(_nested_unbounded(b) for b in av[1]):
                return True
    return False


def dangerous(pattern: str) -> bool:
    """True for an unbounded repeat whose body can begin with another unbounded
    repeat, the shape behind catastrophic backtracking."""
    return _nested_unbounded(sre_parse.parse(pattern))


def _patterns():
    seen = {}
    for name in _all_modules():
        mod = importlib.import_module(name)
        for attr, val in vars(mod).items():
            if isinstance(val, re.Pattern):
                seen[f"{name}.{attr}"] = val.pattern
    return seen


def test_the_audit_catches_the_classic_shapes():
    assert dangerous(r"(a+)+b") and dangerous(r"(\w+\s?)+$") and dangerous(r"(.*)*x")
    assert dangerous(r"(?:\s*x?)*y") and dangerous(r"(?:a|b+)+c")
    assert not dangerous(r"[a-z]+\d{1,3}") and not dangerous(r"(?:ab|cd){1,4}")
    assert not dangerous(r"\w+(?:[-.]\w+)*") and not dangerous(r"\s*(?:(?:,|and)\s*)*")


def test_conjunction_list_regression():
    """stance._CONJ_LIST used to hold ",\\s*and" beside "," and "and": 2^k ways
    to split k copies of ", and", so fullmatch on a failing gap was exponential.
    The rewritten pattern matches the same gaps and fails at once."""
    from utils.stance.targets import _CONJ_LIST

    for gap in [", ", " and ", ", and ", " as well as ", ", or", " & ", "both ", "\u0000, and", ""]:
        assert _CONJ_LIST.fullmatch(gap), repr(gap)
    for gap in [" but ", ", which ", " said "]:
        assert not _CONJ_LIST.fullmatch(gap), repr(gap)
    assert _CONJ_LIST.fullmatch(", and" * 5000 + " x") is None  # instant now; hours before


def test_package_patterns_have_no_nested_unbounded_repeats():
    pats = _patterns()
    assert len(pats) >= 10
    reviewed_safe: set[str] = set()  # none needed: separator-guarded repeats pass the check
    bad = {k: v for k, v in pats.items() if k not in reviewed_safe and dangerous(v)}
    assert not bad, bad


def test_lexicon_built_patterns_are_safe():
    from utils import actors, stance
    from utils.actors.stats import _party_pattern
    from utils.stance.lexicon import _term_regex

    lex = stance.load_lexicon()
    terms = [e.term for e in getattr(lex, "entries", [])][:500] if hasattr(lex, "entries") else []
    for t in terms:
        assert not dangerous(_term_regex(t)), t
    assert not dangerous(_party_pattern(actors.load_lexicon()).pattern)
