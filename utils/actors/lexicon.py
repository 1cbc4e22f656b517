"""The rule lexicon (``data/actor_lexicon/lexicon.yaml``): word lists behind the mention rules."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from utils.actors.registry import LEXICON_PATH, RegistryError


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Word lists behind the rules (see data/actor_lexicon/lexicon.yaml)."""

    titles: dict
    role_nouns: dict
    group_nouns: frozenset
    group_modifiers: frozenset
    quantifiers: frozenset
    org_nouns: frozenset
    party_words: dict
    hyphen_place: frozenset
    pronouns: dict
    offices: frozenset

    @property
    def max_title_len(self) -> int:
        return max((len(t.split()) for t in self.titles), default=1)


_LEXICON_MAPS = ("titles", "role_nouns", "party_words", "pronouns")
_LEXICON_LISTS = ("group_nouns", "group_modifiers", "quantifiers", "org_nouns", "hyphen_place", "offices")
_GENDERED = ("titles", "role_nouns", "pronouns")


@lru_cache(maxsize=4)
def _load_lexicon_cached(path: str, mtime: float) -> Lexicon:
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise RegistryError(f"{path}, line {line}, field '-': invalid YAML ({exc})") from None
    if not isinstance(root, yaml.MappingNode):
        raise RegistryError(f"{path}, line 1, field '-': expected a mapping of sections")
    out: dict = {}
    for knode, vnode in root.value:
        key, line = knode.value, knode.start_mark.line + 1
        if key in _LEXICON_MAPS:
            if not isinstance(vnode, yaml.MappingNode):
                raise RegistryError(f"{path}, line {line}, field {key!r}: expected a mapping (word: value)")
            d = {}
            for k2, v2 in vnode.value:
                if not isinstance(v2, yaml.ScalarNode) or not isinstance(k2, yaml.ScalarNode):
                    raise RegistryError(f"{path}, line {k2.start_mark.line + 1}, field {key!r}: expected word: value")
                val = v2.value.strip()
                if key in _GENDERED and val not in ("", "m", "f"):
                    raise RegistryError(
                        f"{path}, line {v2.start_mark.line + 1}, field {key!r}: gender {val!r} should be m, f or empty"
                    )
                d[k2.value.strip()] = val
            out[key] = d
        elif key in _LEXICON_LISTS:
            if not isinstance(vnode, yaml.SequenceNode) or any(not isinstance(n, yaml.ScalarNode) for n in vnode.value):
                raise RegistryError(f"{path}, line {line}, field {key!r}: expected a list of words")
            out[key] = frozenset(n.value.strip() for n in vnode.value if n.value.strip())
        else:
            raise RegistryError(f"{path}, line {line}, field {key!r}: unknown section")
    for key in _LEXICON_MAPS + _LEXICON_LISTS:
        if key not in out:
            raise RegistryError(f"{path}, line 1, field {key!r}: missing section")
    return Lexicon(**out)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read and validate the rule lexicon (default ``data/actor_lexicon/lexicon.yaml``), cached."""
    p = Path(path) if path else LEXICON_PATH
    if not p.exists():
        raise RegistryError(f"{p}, line 1, field '-': lexicon file not found")
    return _load_lexicon_cached(str(p), p.stat().st_mtime)
