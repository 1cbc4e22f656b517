"""The frame codebook (``data/frames.yaml``): its dataclasses, loading (cached
by path and modification time) and validation with file/line/field errors.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from utils import paths, schema
from utils.framing.lookup import _Compiled


SCHEMES = ("policy", "generic")
POLICY_FRAMES = (
    "economic", "capacity_and_resources", "morality", "fairness_and_equality",
    "legality_constitutionality_and_jurisprudence", "policy_prescription_and_evaluation",
    "crime_and_punishment", "security_and_defense", "health_and_safety", "quality_of_life",
    "cultural_identity", "public_opinion", "political", "external_regulation_and_reputation",
)
GENERIC_FRAMES = ("conflict", "human_interest", "economic_consequences", "morality", "responsibility", "strategy")
UNITS = ("document", "paragraph", "claim")
_FRAME_FIELDS = {"description", "terms", "patterns", "weights", "exact"}
_RULE_FIELDS = {"min_hits", "min_score", "min_share", "max_frames"}
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_WORD = re.compile(r"\w")
_EMPTY = pd.DataFrame({c: pd.Series(dtype="object") for c in schema.FRAMES})


class CodebookError(ValueError):
    """The frame codebook is malformed; the message names file, frame and field."""


# --------------------------------------------------------------------------- codebook


@dataclass(frozen=True)
class Frame:
    """One frame of the codebook."""

    scheme: str
    name: str
    description: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    weights: tuple[tuple[str, float], ...] = ()
    exact: tuple[str, ...] = ()


@dataclass(frozen=True)
class PresentRule:
    """Threshold rule for ``present`` (see the header of ``data/frames.yaml``)."""

    min_hits: int = 1
    min_score: float = 0.0
    min_share: float = 0.5
    max_frames: int = 3


@dataclass
class Codebook:
    """A validated frame codebook plus its compiled lookup tables."""

    version: str
    frames: list[Frame]
    rules: dict[str, PresentRule]
    stemmer: str = "snowball"
    per_words: float = 100.0
    negation_window: int = 3
    negation_factor: float = 0.5
    negation_cues: frozenset[str] = frozenset()
    path: str = ""
    _compiled: Any = field(default=None, repr=False)

    def rule(self, unit: str, scheme: str) -> PresentRule:
        """The present rule of ``unit`` for ``scheme`` (a scheme override, else the unit's rule)."""
        return self.rules.get((scheme, unit)) or self.rules[unit]

    def frame_keys(self) -> list[tuple[str, str]]:
        """``(scheme, frame)`` for every frame, in codebook order."""
        return [(f.scheme, f.name) for f in self.frames]

    def with_rules(self, **rules: PresentRule) -> "Codebook":
        """A copy with some unit rules replaced (compiled tables are shared)."""
        new = dict(self.rules)
        new.update(rules)
        cb = Codebook(self.version, self.frames, new, self.stemmer, self.per_words, self.negation_window,
                      self.negation_factor, self.negation_cues, self.path)
        cb._compiled = self.compiled()
        return cb

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_compiled"] = None  # rebuilt on demand; keeps saved models small
        return state

    def compiled(self) -> _Compiled:
        if self._compiled is None:
            self._compiled = _Compiled(self)
        return self._compiled


def default_codebook_path() -> Path:
    """``data/frames.yaml`` in the project."""
    return paths.DATA / "frames.yaml"


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a frame codebook (cached per path and modification time).

    Args:
        path: YAML file; default ``data/frames.yaml``.

    Raises:
        CodebookError: naming the file, the frame and the field at fault.
    """
    p = Path(path) if path else default_codebook_path()
    if not p.exists():
        raise CodebookError(f"{p}: codebook file not found")
    return _load_cached(str(p.resolve()), p.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: int) -> Codebook:
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: same data, 10x faster
        data = yaml.load(text, Loader=loader)
        lines = _yaml_lines(yaml.compose(text, Loader=loader))
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path}: not valid YAML: {exc}") from None
    return parse_codebook(data, source=path, lines=lines)


def _yaml_lines(node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """1-based line of every key and list item, keyed by its path of keys/indices."""
    import yaml

    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            p = path + (k.value,)
            out[p] = k.start_mark.line + 1
            _yaml_lines(v, p, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out[path + (i,)] = v.start_mark.line + 1
            _yaml_lines(v, path + (i,), out)
    return out


def parse_codebook(data: Any, *, source: str = "<codebook>", lines: dict[tuple, int] | None = None) -> Codebook:
    """Validate a codebook already read into Python objects (see :func:`load_codebook`).

    Args:
        data: the parsed YAML.
        source: file name used in error messages.
        lines: optional ``{path of keys: line}`` (from the YAML nodes) so that
            errors can name the line.
    """
    lines = lines or {}

    def err(where: str, msg: str, path: tuple = ()) -> CodebookError:
        line = None
        while path and line is None:
            line = lines.get(path)
            path = path[:-1]
        at = f" line {line}:" if line else ""
        return CodebookError(f"{source}:{at} {where}: {msg}")

    if not isinstance(data, dict):
        raise err("top level", "expected a mapping with keys version, schemes, present")
    if "version" not in data or not str(data["version"]).strip():
        raise err("field 'version'", "missing; add e.g. version: \"1.0\"")
    schemes = data.get("schemes")
    if not isinstance(schemes, dict) or not schemes:
        raise err("field 'schemes'", "missing or empty; expected schemes: {policy: ..., generic: ...}")
    frames: list[Frame] = []
    for scheme, body in schemes.items():
        if scheme not in SCHEMES:
            raise err(f"scheme '{scheme}'", f"unknown scheme; use one of {', '.join(SCHEMES)}", ("schemes", scheme))
        if not isinstance(body, dict) or not body:
            raise err(f"scheme '{scheme}'", "expected a mapping of frame names to frame definitions",
                      ("schemes", scheme))
        for name, spec in body.items():
            frames.append(_parse_frame(scheme, name, spec,
                                       lambda w, m, p=(), s=scheme, n=name: err(w, m, ("schemes", s, n) + p)))
    scoring = data.get("scoring") or {}
    if not isinstance(scoring, dict):
        raise err("field 'scoring'", "expected a mapping")
    stemmer = str(scoring.get("stemmer", "snowball")).lower()
    if stemmer not in ("snowball", "porter", "none"):
        raise err("field 'scoring.stemmer'", f"'{stemmer}' is not one of snowball, porter, none")
    per_words = _number(scoring.get("per_words", 100), "field 'scoring.per_words'", err, lo=1e-9)
    neg = data.get("negation") or {}
    if not isinstance(neg, dict):
        raise err("field 'negation'", "expected a mapping with window, factor, cues")
    window = int(_number(neg.get("window", 3), "field 'negation.window'", err, lo=0))
    factor = _number(neg.get("factor", 0.5), "field 'negation.factor'", err, lo=0, hi=1)
    cues = neg.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip() for c in cues):
        raise err("field 'negation.cues'", "expected a list of words (quote \"no\": YAML reads it as false)",
                  ("negation", "cues"))
    rules_in = data.get("present") or {}
    if not isinstance(rules_in, dict):
        raise err("field 'present'", "expected a mapping of unit -> rule")
    rules: dict = {}
    for unit in UNITS:
        rules[unit] = _parse_rule(rules_in.get(unit, {}), f"present.{unit}", ("present", unit), err)
    for key in set(rules_in) - set(UNITS):
        if key not in SCHEMES:
            raise err(f"field 'present.{key}'", f"unknown unit or scheme; use {', '.join(UNITS + SCHEMES)}",
                      ("present", key))
        over = rules_in[key]
        if not isinstance(over, dict):
            raise err(f"field 'present.{key}'", "expected a mapping of unit -> rule", ("present", key))
        for unit, spec in over.items():
            if unit not in UNITS:
                raise err(f"field 'present.{key}.{unit}'", f"unknown unit; use {', '.join(UNITS)}",
                          ("present", key, unit))
            if not isinstance(spec, dict):
                raise err(f"field 'present.{key}.{unit}'", "expected a mapping", ("present", key, unit))
            base = rules_in.get(unit, {}) if isinstance(rules_in.get(unit, {}), dict) else {}
            rules[(key, unit)] = _parse_rule({**base, **spec}, f"present.{key}.{unit}", ("present", key, unit), err)
    return Codebook(
        version=str(data["version"]), frames=frames, rules=rules, stemmer=stemmer, per_words=per_words,
        negation_window=window, negation_factor=factor,
        negation_cues=frozenset(c.strip().lower() for c in cues), path=source,
    )


def _parse_rule(spec: Any, name: str, path: tuple, err) -> PresentRule:
    if not isinstance(spec, dict):
        raise err(f"field '{name}'", "expected a mapping", path)
    extra = set(spec) - _RULE_FIELDS
    if extra:
        raise err(f"field '{name}'", f"unknown keys {sorted(extra)}; allowed {sorted(_RULE_FIELDS)}", path)
    uerr = (lambda a, b: err(a, b, path))  # noqa: E731
    return PresentRule(
        min_hits=int(_number(spec.get("min_hits", 1), f"field '{name}.min_hits'", uerr, lo=0)),
        min_score=_number(spec.get("min_score", 0.0), f"field '{name}.min_score'", uerr, lo=0),
        min_share=_number(spec.get("min_share", 0.5), f"field '{name}.min_share'", uerr, lo=0, hi=1),
        max_frames=int(_number(spec.get("max_frames", 3), f"field '{name}.max_frames'", uerr, lo=1)),
    )


def _number(value: Any, where: str, err, *, lo: float | None = None, hi: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise err(where, f"expected a number, got {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise err(where, f"{value} is out of range [{lo}, {hi if hi is not None else 'inf'}]")
    return float(value)


def _parse_frame(scheme: str, name: Any, spec: Any, err) -> Frame:
    """One frame of the codebook, validated (``err`` makes the file/line/field error)."""
    where = f"frame '{scheme}.{name}'"
    if not isinstance(name, str) or not _NAME.match(name):
        raise err(where, "frame names must be snake_case (a-z, 0-9, _)")
    if not isinstance(spec, dict):
        raise err(where, "expected a mapping with description and terms")
    extra = set(spec) - _FRAME_FIELDS
    if extra:
        raise err(f"{where} field '{sorted(extra)[0]}'", f"unknown field; allowed {sorted(_FRAME_FIELDS)}",
                  (sorted(extra)[0],))
    desc = spec.get("description")
    if not isinstance(desc, str) or not desc.strip():
        raise err(f"{where} field 'description'", "missing or empty", ("description",))
    lists = {}
    for key in ("terms", "patterns", "exact"):
        val = spec.get(key, [] if key != "terms" else None)
        if val is None:
            raise err(f"{where} field '{key}'", "missing; give a list of words or phrases")
        if not isinstance(val, list):
            raise err(f"{where} field '{key}'", f"expected a list, got {type(val).__name__}", (key,))
        out = []
        seen = set()
        for i, item in enumerate(val):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                raise err(f"{where} field '{key}' item {i + 1}", f"expected a non-empty string, got {item!r}",
                          (key, i))
            item = item.strip() if key == "exact" else " ".join(item.lower().split())
            if item in seen:
                raise err(f"{where} field '{key}' item {i + 1}", f"duplicate entry '{item}'", (key, i))
            seen.add(item)
            out.append(item)
        lists[key] = tuple(out)
    if not lists["terms"] and not lists["patterns"] and not lists["exact"]:
        raise err(f"{where} field 'terms'", "the frame has no terms, patterns or exact terms")
    for i, pat in enumerate(lists["patterns"]):
        if re.search(r"\)[*+?{]|[*+]\)?[*+{]", pat):
            raise err(f"{where} field 'patterns' item {i + 1}", f"'{pat}' looks like a nested quantifier (slow)",
                      ("patterns", i))
        try:
            re.compile(pat)
        except re.error as exc:
            raise err(f"{where} field 'patterns' item {i + 1}", f"bad regular expression '{pat}': {exc}",
                      ("patterns", i)) from None
    weights = spec.get("weights") or {}
    if not isinstance(weights, dict):
        raise err(f"{where} field 'weights'", "expected a mapping {term: weight}")
    wout = []
    known = set(lists["terms"]) | set(lists["patterns"]) | set(lists["exact"])
    for term, w in weights.items():
        key = " ".join(str(term).lower().split()) if str(term) not in known else str(term)
        if key not in known:
            raise err(f"{where} field 'weights' term '{term}'", "is not one of the frame's terms", ("weights", term))
        wout.append((key, _number(w, f"{where} field 'weights' term '{term}'",
                                  lambda a, b, t=term: err(a, b, ("weights", t)), lo=0)))
    return Frame(scheme, name, " ".join(desc.split()), lists["terms"], lists["patterns"], tuple(wout), lists["exact"])
