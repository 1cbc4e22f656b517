"""Framing: how each claim, paragraph and document frames the story.

Used by ``notebooks/05-framing.ipynb`` (and by ``utils.pipeline`` through
:func:`score_frames`); measured by ``evaluation/semeval_frames.py``.

Two methods:

- **Dictionary (default).** An analyst-editable codebook, ``data/frames.yaml``,
  lists terms for the 14 Policy Frames Codebook dimensions (scheme ``policy``)
  and six generic news frames (scheme ``generic``). Terms are stemmed, may span
  several words, and a hit just after a negator is discounted. A unit's score is
  weighted hits per 100 words; every score carries its evidence terms, and a
  documented threshold rule in the codebook decides ``present``.
- **Supervised (optional).** For analysts who have coded a sample:
  :func:`train_classifier` fits TF-IDF + dictionary-score features with
  one-vs-rest logistic regression, thresholds and a frames-per-text rule
  tuned on inner folds of the training data;
  :func:`cross_validate` reports per-frame scores; :func:`classify_documents`
  applies it to a corpus, giving rows in the same ``frames`` table shape.
  :func:`suggest_terms` lists the words that distinguish each frame in a coded
  sample (candidates for the codebook).

Table ``frames`` (``schema.FRAMES``): one row per unit and frame. Document rows
are written for every frame of both schemes (score 0 included), so prevalence
charts can average over documents; paragraph and claim rows only where the
score is above 0. ``unit_id`` is the doc_id, ``f"{doc_id}:p{index}"`` or the
claim_id.

Example:
    >>> from utils.text import segment
    >>> text = "The minister said the tax rise would cost families billions."
    >>> df = score_frames("d1", text, segment(text), None)
    >>> df.loc[(df.unit == "document") & (df.frame == "economic"), "present"].item()
    True
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from utils import paths, schema
from utils.text import Segmented, token_spans

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

    def compiled(self) -> "_Compiled":
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
        data = yaml.safe_load(text)
        lines = _yaml_lines(yaml.compose(text))
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


# --------------------------------------------------------------------------- compiled lookup


@lru_cache(maxsize=2)
def _stemmer(kind: str):
    if kind == "none":
        return lambda w: w
    if kind == "porter":
        from nltk.stem import PorterStemmer

        return PorterStemmer().stem
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english").stem


class _Compiled:
    """Lookup tables: stem -> hits, first stem -> multi-word continuations,
    exact-case tokens, and a cache of token -> (stem, hits)."""

    def __init__(self, cb: Codebook):
        self.stem_fn = _stemmer(cb.stemmer)
        self._stems: dict[str, str] = {}
        self.keys = cb.frame_keys()
        self.schemes = np.array([k[0] for k in self.keys])
        uni: dict[str, list] = {}
        multi: dict[str, dict[tuple[str, ...], list]] = {}
        exact: dict[str, list] = {}
        pats: list[tuple[re.Pattern, int, float, str]] = []
        for fi, fr in enumerate(cb.frames):
            w = dict(fr.weights)
            for term in fr.terms:
                toks = [term[s:e] for s, e in token_spans(term)]
                stems = tuple(self.stem(t) for t in toks)
                if not stems:
                    continue
                hit = (fi, w.get(term, 1.0), term)
                if len(stems) == 1:
                    uni.setdefault(stems[0], []).append(hit)
                else:
                    multi.setdefault(stems[0], {}).setdefault(stems[1:], []).append(hit)
            for term in fr.exact:
                exact.setdefault(term, []).append((fi, w.get(term, 1.0), term))
            for pat in fr.patterns:
                pats.append((re.compile(pat), fi, w.get(pat, 1.0), pat))
        self.uni = {k: _dedupe(v) for k, v in uni.items()}
        # continuations sorted longest first, so the longest term wins
        self.multi = {k: sorted(((r, _dedupe(h)) for r, h in v.items()), key=lambda x: -len(x[0]))
                      for k, v in multi.items()}
        self.exact = exact
        self.patterns = pats
        self._token_cache: dict[str, tuple[str, tuple]] = {}
        self.neg_cues = cb.negation_cues

    def stem(self, word: str) -> str:
        s = self._stems.get(word)
        if s is None:
            w = word.replace("’", "'")
            s = self.stem_fn(w)
            if len(self._stems) > 500_000:
                self._stems.clear()
            self._stems[word] = s
        return s

    def lookup(self, low: str) -> tuple[str, tuple]:
        """``(stem, unigram+pattern hits)`` for a lower-cased token (cached)."""
        got = self._token_cache.get(low)
        if got is None:
            st = self.stem(low)
            hits = list(self.uni.get(st, ()))
            for rx, fi, w, pat in self.patterns:
                if rx.fullmatch(low) and all(h[0] != fi for h in hits):
                    hits.append((fi, w, pat))
            got = (st, tuple(hits))
            if len(self._token_cache) > 500_000:
                self._token_cache.clear()
            self._token_cache[low] = got
        return got

    def is_negator(self, low: str) -> bool:
        return low in self.neg_cues or low.endswith("n't") or low.endswith("n’t")


def _dedupe(hits: list) -> tuple:
    """One hit per frame for a given surface term (the first listing wins)."""
    seen, out = set(), []
    for h in hits:
        if h[0] not in seen:
            seen.add(h[0])
            out.append(h)
    return tuple(out)


@dataclass
class Matches:
    """Dictionary hits in one document (parallel arrays, one entry per hit)."""

    token: np.ndarray  # index of the first token of the hit
    frame: np.ndarray  # index into codebook.frames
    weight: np.ndarray  # effective weight (after negation)
    negated: np.ndarray
    term: list[str]
    is_word: np.ndarray  # per token: 1 if it has a word character
    token_starts: list[int]


def match_tokens(words: Sequence[str], *, sentence_ids: Sequence[int] | None = None,
                 codebook: Codebook | None = None) -> Matches:
    """Find codebook hits in a token sequence.

    Args:
        words: token strings, in order.
        sentence_ids: sentence of each token (negation does not cross sentences).
        codebook: default :func:`load_codebook`.

    Returns:
        :class:`Matches` (``token_starts`` left empty).
    """
    cb = codebook or load_codebook()
    comp = cb.compiled()
    n = len(words)
    lows = [w.lower() for w in words]
    looked = [comp.lookup(w) for w in lows]
    stems = [x[0] for x in looked]
    is_word = np.fromiter((1 if _WORD.search(w) else 0 for w in words), dtype=np.int32, count=n)
    neg_pos = [i for i, w in enumerate(lows) if comp.is_negator(w)] if cb.negation_window else []
    negated_at = np.zeros(n, dtype=bool)
    for p in neg_pos:
        sid = sentence_ids[p] if sentence_ids is not None else None
        for j in range(p + 1, min(n, p + 1 + cb.negation_window)):
            if sid is not None and sentence_ids[j] != sid:
                break
            negated_at[j] = True
    tok, fr, wt, ng, terms = [], [], [], [], []
    multi, exact = comp.multi, comp.exact
    i = 0
    while i < n:
        st = stems[i]
        span = 1
        hits = looked[i][1]
        conts = multi.get(st)
        if conts:
            for rest, mh in conts:
                k = len(rest)
                if i + k < n and tuple(stems[i + 1 : i + 1 + k]) == rest:
                    hits, span = mh, k + 1
                    break
        ex = exact.get(words[i]) if exact else None
        if ex:
            have = {h[0] for h in hits}
            hits = tuple(hits) + tuple(h for h in ex if h[0] not in have)
        if hits:
            neg = bool(negated_at[i])
            f = cb.negation_factor if neg else 1.0
            for fi, w, term in hits:
                tok.append(i)
                fr.append(fi)
                wt.append(w * f)
                ng.append(neg)
                terms.append(term)
        i += span
    return Matches(np.array(tok, dtype=np.int64), np.array(fr, dtype=np.int64), np.array(wt, dtype=float),
                   np.array(ng, dtype=bool), terms, is_word, [])


def text_frame_scores(text: str, *, codebook: Codebook | None = None) -> np.ndarray:
    """Dictionary scores (hits per ``per_words`` words) of every frame for a raw text.

    A light path without sentence segmentation, used for classifier features
    and quick looks; order is ``codebook.frames``.
    """
    cb = codebook or load_codebook()
    words = [text[s:e] for s, e in token_spans(text)]
    m = match_tokens(words, codebook=cb)
    nw = max(int(m.is_word.sum()), 1)
    return np.bincount(m.frame, weights=m.weight, minlength=len(cb.frames)) * cb.per_words / nw


# --------------------------------------------------------------------------- scoring


def score_frames(doc_id: str, text: str, seg: Segmented, claims: pd.DataFrame | None, *,
                 codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Score every frame per document, paragraph and claim with the dictionary.

    Args:
        doc_id: document id.
        text: the document text (``seg.text``).
        seg: ``utils.text.segment(text)``.
        claims: claims table (``schema.CLAIMS``; ``claim_id``, ``content_start``,
            ``content_end`` are used) or None.
        codebook: a :class:`Codebook`, a path to one, or None for ``data/frames.yaml``.

    Returns:
        DataFrame with ``schema.FRAMES`` columns: document rows for every frame
        of both schemes, paragraph and claim rows where the score is above 0;
        empty (with the columns) when the text has no word at all.
        ``evidence`` is the "; "-joined matched terms (most frequent first; a
        negated hit is written ``not:term``).
    """
    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    toks = seg.tokens
    words = [text[t.start : t.end] for t in toks]
    m = match_tokens(words, sentence_ids=[t.sentence for t in toks], codebook=cb)
    cum = np.concatenate([[0], np.cumsum(m.is_word)])
    if not cum[-1]:  # no words at all: nothing to frame
        return _EMPTY.copy()
    rows: list[tuple] = []
    # document
    rows += _unit_rows(cb, doc_id, "document", doc_id, m, np.ones(len(m.token), dtype=bool),
                       int(cum[-1]), all_frames=True)
    # paragraphs
    if len(toks):
        tok_par = np.fromiter((t.paragraph for t in toks), dtype=np.int64, count=len(toks))
        hit_par = tok_par[m.token] if len(m.token) else np.zeros(0, dtype=np.int64)
        for p in seg.paragraphs:
            lo = bisect_left(tok_par, p.index)  # tok_par is non-decreasing
            hi = bisect_left(tok_par, p.index + 1)
            mask = hit_par == p.index
            if mask.any():
                rows += _unit_rows(cb, doc_id, "paragraph", f"{doc_id}:p{p.index}", m, mask, int(cum[hi] - cum[lo]))
    # claims
    if claims is not None and len(claims):
        starts = [t.start for t in toks]
        hit_start = np.array([starts[i] for i in m.token], dtype=np.int64) if len(m.token) else np.zeros(0, np.int64)
        parts: dict[str, list[tuple[int, int]]] = {}  # claim -> its parts' spans (one claim, one score)
        for cid, cs, ce in zip(claims["claim_id"], claims["content_start"], claims["content_end"]):
            if not (pd.isna(cs) or pd.isna(ce)):
                parts.setdefault(str(cid), []).append((int(cs), int(ce)))
        for cid, spans in parts.items():
            mask = np.zeros(len(hit_start), dtype=bool)
            n_words = 0
            for cs, ce in spans:
                lo, hi = bisect_left(starts, cs), bisect_left(starts, ce)
                mask |= (hit_start >= cs) & (hit_start < ce)
                n_words += int(cum[hi] - cum[lo])
            if mask.any():
                rows += _unit_rows(cb, doc_id, "claim", cid, m, mask, n_words)
    if not rows:
        return _EMPTY.copy()
    df = pd.DataFrame(rows, columns=schema.FRAMES)
    df["score"] = df["score"].astype(float)
    df["present"] = df["present"].astype(bool)
    return df


def _unit_rows(cb: Codebook, doc_id: str, unit: str, unit_id: str, m: Matches, mask: np.ndarray,
               n_words: int, *, all_frames: bool = False) -> list[tuple]:
    nf = len(cb.frames)
    fr = m.frame[mask]
    w = m.weight[mask]
    sums = np.bincount(fr, weights=w, minlength=nf)
    hits = np.bincount(fr, minlength=nf)
    scores = sums * cb.per_words / max(n_words, 1)
    present = decide_present(scores, hits, cb.compiled().schemes, {sch: cb.rule(unit, sch) for sch in SCHEMES})
    idx = np.flatnonzero(mask)
    ev: dict[int, dict[str, int]] = {}
    for j in idx:
        term = m.term[j]
        if m.negated[j]:
            term = "not:" + term
        d = ev.setdefault(int(m.frame[j]), {})
        d[term] = d.get(term, 0) + 1
    out = []
    for fi, (scheme, name) in enumerate(cb.frame_keys()):
        if not all_frames and scores[fi] <= 0:
            continue
        terms = ev.get(fi, {})
        evidence = "; ".join(sorted(terms, key=lambda t: -terms[t]))
        out.append((doc_id, unit, unit_id, scheme, name, round(float(scores[fi]), 4), bool(present[fi]), evidence))
    return out


def decide_present(scores: np.ndarray, hits: np.ndarray, schemes: np.ndarray,
                   rule: PresentRule | dict[str, PresentRule]) -> np.ndarray:
    """Apply a :class:`PresentRule` (or one per scheme) to one unit's scores, scheme by scheme.

    >>> decide_present(np.array([4.0, 1.0, 3.0]), np.array([4, 1, 3]), np.array(["policy"] * 3),
    ...                PresentRule(min_hits=1, min_share=0.5, max_frames=3)).tolist()
    [True, False, True]
    """
    out = np.zeros(len(scores), dtype=bool)
    for sch in np.unique(schemes):
        idx = np.flatnonzero(schemes == sch)
        r = rule[str(sch)] if isinstance(rule, dict) else rule
        s = scores[idx]
        if not len(s) or s.max() <= 0:
            continue
        ok = (hits[idx] >= r.min_hits) & (s >= r.min_score) & (s >= r.min_share * s.max()) & (s > 0)
        order = np.argsort(-s, kind="stable")
        rank = np.empty(len(s), dtype=int)
        rank[order] = np.arange(1, len(s) + 1)
        out[idx] = ok & (rank <= r.max_frames)
    return out


# --------------------------------------------------------------------------- terms from a coded sample

_ALPHA = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]\Z")


def suggest_terms(texts: Sequence[str], labels: Sequence[Sequence[str]], *, codebook: Codebook | None = None,
                  top: int = 30, min_docs: int = 5, min_z: float = 2.0, prior: float = 500.0) -> pd.DataFrame:
    """Words that distinguish each frame in analyst-coded texts (candidates for the codebook).

    Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
    & Quinn 2008) of each stem in texts coded with the frame against all other
    texts, counting each stem once per text. Stopwords, numbers and stems the
    frame already lists are skipped.

    Args:
        texts: coded texts.
        labels: frame names per text.
        codebook: to skip terms already listed (default ``data/frames.yaml``).
        top: at most this many terms per frame.
        min_docs: a stem must occur in at least this many texts of the frame.
        min_z: minimum z-score.
        prior: size of the Dirichlet prior (pseudo-documents).

    Returns:
        Columns frame, term (the stem's commonest word form), stem, z, n_docs
        (texts of the frame containing it), sorted by frame then z.
    """
    from utils.nltk_setup import require

    cb = codebook or load_codebook()
    comp = cb.compiled()
    require("stopwords")
    from nltk.corpus import stopwords

    stop = set(stopwords.words("english"))
    docs: list[set[str]] = []
    forms: dict[str, dict[str, int]] = {}
    for t in texts:
        seen = set()
        for s, e in token_spans(t):
            w = t[s:e].lower()
            if len(w) < 3 or w in stop or not _ALPHA.match(w):
                continue
            st = comp.stem(w)
            seen.add(st)
            d = forms.setdefault(st, {})
            d[w] = d.get(w, 0) + 1
        docs.append(seen)
    vocab = sorted(set().union(*docs)) if docs else []
    index = {w: i for i, w in enumerate(vocab)}
    from scipy import sparse

    rows = [i for i, d in enumerate(docs) for _ in d]
    cols = [index[w] for d in docs for w in d]
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(vocab)))
    total = np.asarray(X.sum(0)).ravel()
    alpha = prior * total / max(total.sum(), 1)
    a0 = alpha.sum()
    names = sorted({f for ls in labels for f in ls})
    listed: dict[str, set[str]] = {}
    for fi, fr in enumerate(cb.frames):
        for st, hits in comp.uni.items():
            if any(h[0] == fi for h in hits):
                listed.setdefault(fr.name, set()).add(st)
    out = []
    for f in names:
        mask = np.array([f in ls for ls in labels])
        if mask.sum() == 0 or mask.all():
            continue
        yi = np.asarray(X[mask].sum(0)).ravel()
        yj = total - yi
        ni, nj = yi.sum(), yj.sum()
        delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
        z = delta / np.sqrt(1 / (yi + alpha) + 1 / (yj + alpha))
        order = np.argsort(-z)
        k = 0
        for j in order:
            if z[j] < min_z or k >= top:
                break
            st = vocab[j]
            if yi[j] < min_docs or st in listed.get(f, ()):
                continue
            form = max(forms[st], key=forms[st].get)
            out.append((f, form, st, round(float(z[j]), 3), int(yi[j])))
            k += 1
    return pd.DataFrame(out, columns=["frame", "term", "stem", "z", "n_docs"])


def augment_codebook(codebook: Codebook, suggestions: pd.DataFrame, *, weight: float = 0.5,
                     scheme: str = "policy", version_suffix: str = "+coded") -> Codebook:
    """A copy of ``codebook`` with suggested terms added to their frames.

    Args:
        codebook: the base codebook.
        suggestions: output of :func:`suggest_terms` (columns frame, term).
        weight: weight of every added term.
        scheme: scheme whose frames receive the terms.
        version_suffix: appended to the version.
    """
    add: dict[str, list[str]] = {}
    for f, t in zip(suggestions["frame"], suggestions["term"]):
        add.setdefault(f, []).append(t)
    frames = []
    for fr in codebook.frames:
        extra = [t for t in add.get(fr.name, []) if t not in fr.terms] if fr.scheme == scheme else []
        if extra:
            fr = Frame(fr.scheme, fr.name, fr.description, fr.terms + tuple(extra), fr.patterns,
                       fr.weights + tuple((t, weight) for t in extra), fr.exact)
        frames.append(fr)
    return Codebook(codebook.version + version_suffix, frames, dict(codebook.rules), codebook.stemmer,
                    codebook.per_words, codebook.negation_window, codebook.negation_factor,
                    codebook.negation_cues, codebook.path)


# --------------------------------------------------------------------------- supervised option


def read_coded_csv(path: str | Path) -> tuple[list[str], list[list[str]]]:
    """Read analyst-coded texts: a CSV with columns ``text`` and ``frames``
    (frame names joined by "; ", may be empty).

    Raises:
        ValueError: naming the file, line and field when a row is malformed.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("text", "frames"):
        if col not in df.columns:
            raise ValueError(f"{path}: missing column '{col}' (need text, frames)")
    texts, labels = [], []
    for i, (t, f) in enumerate(zip(df["text"], df["frames"])):
        if not t.strip():
            raise ValueError(f"{path}: line {i + 2}: field 'text' is empty")
        names = [x.strip() for x in f.split(";") if x.strip()]
        bad = [x for x in names if not _NAME.match(x)]
        if bad:
            raise ValueError(f"{path}: line {i + 2}: field 'frames': '{bad[0]}' is not a snake_case frame name")
        texts.append(t)
        labels.append(names)
    return texts, labels


class DictionaryFeatures:
    """scikit-learn transformer: dictionary frame scores of each text (0.3 * log(1 + score)).

    The codebook is read when the transformer is fitted and kept inside it, so a
    saved classifier does not change when ``data/frames.yaml`` is edited later.
    """

    _cache: dict = {}

    def __init__(self, codebook_path: str | None = None):
        self.codebook_path = codebook_path

    def fit(self, X, y=None):  # noqa: D102 - sklearn API
        self.codebook_ = load_codebook(self.codebook_path)
        return self

    def transform(self, X):  # noqa: D102 - sklearn API
        from scipy import sparse

        cb = getattr(self, "codebook_", None) or load_codebook(self.codebook_path)
        key = (cb.version, cb.path, len(cb.frames))
        rows = []
        for t in X:
            k = (key, hash(t))
            v = self._cache.get(k)
            if v is None:
                v = 0.3 * np.log1p(text_frame_scores(t, codebook=cb))
                if len(self._cache) > 50_000:
                    self._cache.clear()
                self._cache[k] = v
            rows.append(v)
        return sparse.csr_matrix(np.vstack(rows) if rows else np.zeros((0, len(cb.frames))))

    def get_params(self, deep=True):  # noqa: D102 - sklearn API
        return {"codebook_path": self.codebook_path}

    def set_params(self, **params):  # noqa: D102 - sklearn API
        for k, v in params.items():
            setattr(self, k, v)
        return self


@dataclass
class FrameClassifier:
    """A trained multi-label frame classifier (one binary model per frame).

    A frame is present when its probability reaches its threshold; with
    ``min_frames``/``max_frames`` (the ``cardinality`` decision rule) every text
    also gets its ``min_frames`` best frames and at most ``max_frames`` frames,
    frames ranked by probability / threshold.
    """

    frames: list[str]
    pipeline: Any
    thresholds: np.ndarray
    scheme: str = "policy"
    codebook_version: str = ""
    meta: dict = field(default_factory=dict)
    min_frames: int = 0
    max_frames: int | None = None

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability of each frame (columns in ``self.frames`` order)."""
        return _proba(self.pipeline, list(texts))

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Boolean matrix: frame present per text (thresholds plus the min/max frames rule)."""
        return self.decide(self.predict_proba(texts))

    def decide(self, P: np.ndarray) -> np.ndarray:
        """Apply the decision rule to a probability matrix (texts x frames)."""
        # getattr: classifiers saved before min_frames/max_frames existed
        return _decide(P, self.thresholds, getattr(self, "min_frames", 0), getattr(self, "max_frames", None))


def _decide(P: np.ndarray, thresholds: np.ndarray, min_frames: int = 0, max_frames: int | None = None) -> np.ndarray:
    """Present = probability >= threshold, or among the ``min_frames`` best; never more than ``max_frames``.

    >>> _decide(np.array([[0.9, 0.2, 0.1], [0.1, 0.1, 0.1]]), np.full(3, 0.5), 1, 2).tolist()
    [[True, False, False], [True, False, False]]
    """
    P = np.asarray(P, dtype=float)
    thr = np.maximum(np.asarray(thresholds, dtype=float), 1e-9)
    pred = P >= thr
    if not P.size or (min_frames <= 0 and (max_frames is None or max_frames >= P.shape[1])):
        return pred
    order = np.argsort(-(P / thr), axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(P.shape[0])[:, None], order] = np.arange(P.shape[1])[None, :]
    pred |= rank < min_frames
    if max_frames is not None:
        pred &= rank < max_frames
    return pred


def _proba(pipe, texts: list[str]) -> np.ndarray:
    return np.column_stack([est.predict_proba(_features(pipe, texts))[:, 1] if hasattr(est, "predict_proba")
                            else np.full(len(texts), float(est)) for est in pipe["models"]])


def _features(pipe, texts: list[str]):
    return pipe["features"].transform(texts)


def _make_features(*, use_dictionary: bool, codebook_path: str | None, max_features: int):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    parts = [("tfidf", TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2, max_df=0.9,
                                       max_features=max_features, stop_words="english",
                                       token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b"))]
    if use_dictionary:
        parts.append(("dictionary", DictionaryFeatures(codebook_path)))
    return FeatureUnion(parts)


def _fit_models(X, Y: np.ndarray, *, C: float, seed: int, class_weight: str | None = None) -> list:
    from sklearn.linear_model import LogisticRegression

    models = []
    for j in range(Y.shape[1]):
        y = Y[:, j]
        if y.min() == y.max():  # a frame never (or always) coded: constant probability
            models.append(float(y[0]))
            continue
        clf = LogisticRegression(C=C, class_weight=class_weight, solver="liblinear", max_iter=1000,
                                 random_state=seed)
        models.append(clf.fit(X, y))
    return models


def _global_threshold(P: np.ndarray, Y: np.ndarray) -> float:
    """One threshold for all frames, maximising micro-F1 + macro-F1 on out-of-fold probabilities."""
    best, bt = -1.0, 0.5
    names = list(range(P.shape[1]))
    for t in np.linspace(0.2, 0.7, 21):
        tab = f1_table(Y.astype(bool), P >= t, names).set_index("frame")["f1"]
        v = tab["micro"] + tab["macro"]
        if v > best + 1e-9:
            best, bt = v, float(t)
    return bt


def _tune_thresholds(P: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per-frame threshold maximising F1 on out-of-fold probabilities."""
    grid = np.linspace(0.05, 0.95, 37)
    out = np.full(P.shape[1], 0.5)
    for j in range(P.shape[1]):
        best, bt = -1.0, 0.5
        for t in grid:
            pred = P[:, j] >= t
            tp = float((pred & (Y[:, j] == 1)).sum())
            f1 = 2 * tp / max(pred.sum() + Y[:, j].sum(), 1)
            if f1 > best + 1e-9:
                best, bt = f1, t
        out[j] = bt
    return out


def _micro_f1(Y: np.ndarray, pred: np.ndarray) -> float:
    Y = Y.astype(bool)
    tp = int((Y & pred).sum())
    return 2 * tp / max(int(pred.sum()) + int(Y.sum()), 1)


def _cardinality_bounds(Y: np.ndarray) -> tuple[int, int]:
    """``(round(c / 2), ceil(1.6 c))`` for c = mean number of frames per text in ``Y``."""
    card = float(Y.sum(1).mean()) if len(Y) else 1.0
    min_frames = int(np.floor(card / 2 + 0.5))
    return min_frames, max(min_frames, int(np.ceil(1.6 * card)), 1)


def _cardinality_rule(P: np.ndarray, Y: np.ndarray, *, alpha: float = 0.25) -> tuple[np.ndarray, int, int]:
    """Thresholds and min/max frames per text for the ``cardinality`` decision rule.

    ``min_frames`` and ``max_frames`` come from the training labels' mean number of
    frames per text c (round(c / 2) and ceil(1.6 c)); the thresholds are
    ``alpha`` x the per-frame best-F1 threshold + (1 - alpha) x one global
    threshold, the global one chosen for the best micro-F1 of the whole rule on the
    out-of-fold probabilities ``P``.
    """
    min_frames, max_frames = _cardinality_bounds(Y)
    per_frame = _tune_thresholds(P, Y)
    best, best_thr = -1.0, np.full(P.shape[1], 0.5)
    for t in np.linspace(0.15, 0.6, 46):
        thr = alpha * per_frame + (1 - alpha) * t
        v = _micro_f1(Y, _decide(P, thr, min_frames, max_frames))
        if v > best + 1e-9:
            best, best_thr = v, thr
    return best_thr, min_frames, max_frames


def _binarize(labels: Sequence[Sequence[str]], frames: Sequence[str] | None) -> tuple[list[str], np.ndarray]:
    names = list(frames) if frames else sorted({f for ls in labels for f in ls})
    pos = {f: i for i, f in enumerate(names)}
    Y = np.zeros((len(labels), len(names)), dtype=int)
    for i, ls in enumerate(labels):
        for f in ls:
            if f in pos:
                Y[i, pos[f]] = 1
    return names, Y


def train_classifier(texts: Sequence[str], labels: Sequence[Sequence[str]], *, frames: Sequence[str] | None = None,
                     scheme: str = "policy", use_dictionary: bool = True, C: float = 16.0,
                     max_features: int = 30000, inner_folds: int = 5, threshold_mode: str = "cardinality",
                     class_weight: str | None = None, seed: int = 0,
                     codebook: str | Path | None = None) -> FrameClassifier:
    """Train a frame classifier from coded texts.

    TF-IDF (1-2 grams) plus the dictionary's frame scores as features, one
    logistic regression per frame, and a decision rule tuned on out-of-fold
    predictions of ``inner_folds`` folds of the training data (so nothing is
    tuned on the texts it is later scored on).

    Decision rules (``threshold_mode``):

    - ``cardinality`` (default): texts carry several frames (SemEval: 3.7 per
      article), so each text gets its round(c/2) best frames, at most ceil(1.6 c)
      frames (c = mean frames per training text), plus every frame whose
      probability reaches its threshold; thresholds = 0.25 x per-frame best-F1
      threshold + 0.75 x one global threshold chosen for micro-F1 of the whole
      rule. Best micro-F1; use with the default unweighted classes.
    - ``blend``: mean of per-frame best-F1 and one global (micro+macro F1)
      threshold, no min/max (the v1 rule; with ``class_weight="balanced"``,
      ``inner_folds=3`` it is the earlier default, higher macro-F1).
    - ``per_frame`` or ``global`` thresholds only.

    Args:
        texts: the coded texts.
        labels: frame names per text.
        frames: frame order (default: every name seen in ``labels``, sorted).
        scheme: scheme written in the output rows.
        use_dictionary: add dictionary scores as features.
        C: inverse regularisation strength.
        max_features: TF-IDF vocabulary size.
        inner_folds: folds for threshold tuning (< 2 keeps 0.5; the
            ``cardinality`` min/max frames still apply).
        threshold_mode: ``cardinality``, ``blend``, ``per_frame`` or ``global``.
        class_weight: ``None`` (calibrated probabilities) or ``"balanced"``.
        seed: random seed.
        codebook: codebook path for the dictionary features.
    """
    if threshold_mode not in ("cardinality", "blend", "per_frame", "global"):
        raise ValueError(f"threshold_mode must be cardinality, blend, per_frame or global, not {threshold_mode!r}")
    texts = list(texts)
    names, Y = _binarize(labels, frames)
    cpath = str(codebook) if codebook else None
    thresholds = np.full(len(names), 0.5)
    min_frames, max_frames = 0, None
    if threshold_mode == "cardinality":
        min_frames, max_frames = _cardinality_bounds(Y)
    if inner_folds >= 2 and len(texts) >= 2 * inner_folds:
        P = np.zeros(Y.shape, dtype=float)
        for tr, te in _kfold(len(texts), inner_folds, seed):
            feats = _make_features(use_dictionary=use_dictionary, codebook_path=cpath, max_features=max_features)
            Xtr = feats.fit_transform([texts[i] for i in tr])
            models = _fit_models(Xtr, Y[tr], C=C, seed=seed, class_weight=class_weight)
            P[te] = _proba({"features": feats, "models": models}, [texts[i] for i in te])
        if threshold_mode == "cardinality":
            thresholds, min_frames, max_frames = _cardinality_rule(P, Y)
        elif threshold_mode == "per_frame":
            thresholds = _tune_thresholds(P, Y)
        elif threshold_mode == "global":
            thresholds = np.full(len(names), _global_threshold(P, Y))
        else:
            thresholds = (_tune_thresholds(P, Y) + _global_threshold(P, Y)) / 2
    feats = _make_features(use_dictionary=use_dictionary, codebook_path=cpath, max_features=max_features)
    X = feats.fit_transform(texts)
    models = _fit_models(X, Y, C=C, seed=seed, class_weight=class_weight)
    cb = load_codebook(cpath)
    return FrameClassifier(names, {"features": feats, "models": models}, thresholds, scheme, cb.version,
                           {"n_train": len(texts), "C": C, "use_dictionary": use_dictionary, "seed": seed,
                            "threshold_mode": threshold_mode, "class_weight": class_weight,
                            "inner_folds": inner_folds}, min_frames, max_frames)


def _kfold(n: int, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import KFold

    return list(KFold(n_splits=k, shuffle=True, random_state=seed).split(np.arange(n)))


def cross_validate(texts: Sequence[str], labels: Sequence[Sequence[str]], *, folds: int = 5, seed: int = 0,
                   frames: Sequence[str] | None = None, **train_options: Any) -> tuple[pd.DataFrame, np.ndarray]:
    """K-fold cross-validation of :func:`train_classifier` (fixed seed).

    Returns:
        ``(per_frame, predictions)``: a table with frame, support, precision,
        recall, f1 plus rows ``micro`` and ``macro``; and the out-of-fold boolean
        prediction matrix (texts x frames).
    """
    texts = list(texts)
    names, Y = _binarize(labels, frames)
    pred = np.zeros(Y.shape, dtype=bool)
    for tr, te in _kfold(len(texts), folds, seed):
        model = train_classifier([texts[i] for i in tr], [labels[i] for i in tr], frames=names, seed=seed,
                                 **train_options)
        pred[te] = model.predict([texts[i] for i in te])
    return f1_table(Y.astype(bool), pred, names), pred


def f1_table(gold: np.ndarray, pred: np.ndarray, frames: Sequence[str]) -> pd.DataFrame:
    """Per-frame precision/recall/F1 plus ``micro`` and ``macro`` rows.

    >>> t = f1_table(np.array([[1, 0], [1, 1]], bool), np.array([[1, 0], [0, 1]], bool), ["a", "b"])
    >>> float(round(t.set_index("frame").loc["micro", "f1"], 3))
    0.8
    """
    rows = []
    for j, f in enumerate(frames):
        tp = int((gold[:, j] & pred[:, j]).sum())
        fp = int((~gold[:, j] & pred[:, j]).sum())
        fn = int((gold[:, j] & ~pred[:, j]).sum())
        rows.append(_prf(f, tp, fp, fn))
    tp, fp, fn = int((gold & pred).sum()), int((~gold & pred).sum()), int((gold & ~pred).sum())
    out = pd.DataFrame(rows + [_prf("micro", tp, fp, fn)])
    macro = {"frame": "macro", "support": int(gold.sum()), "tp": np.nan, "fp": np.nan, "fn": np.nan,
             "precision": out["precision"][:-1].mean(), "recall": out["recall"][:-1].mean(),
             "f1": out["f1"][:-1].mean()}
    return pd.concat([out, pd.DataFrame([macro])], ignore_index=True)


def _prf(name: str, tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"frame": name, "support": tp + fn, "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def classify_documents(documents: pd.DataFrame, model: FrameClassifier) -> pd.DataFrame:
    """Apply a trained classifier to documents (columns ``doc_id``, ``text``).

    Returns:
        ``schema.FRAMES`` rows, unit ``document``, one per document and frame;
        ``score`` is the probability, ``present`` follows the model's decision
        rule (:meth:`FrameClassifier.decide`) and ``evidence`` lists the document's words that pushed most towards the
        frame (up to five).
    """
    if documents is None or not len(documents):
        return _EMPTY.copy()
    texts = documents["text"].astype(str).tolist()
    P = model.predict_proba(texts)
    present = model.decide(P)
    ev = _evidence_terms(model, texts)
    rows = []
    for i, doc_id in enumerate(documents["doc_id"]):
        for j, f in enumerate(model.frames):
            rows.append((doc_id, "document", doc_id, model.scheme, f, round(float(P[i, j]), 4),
                         bool(present[i, j]), "; ".join(ev[i][j])))
    return pd.DataFrame(rows, columns=schema.FRAMES)


def _evidence_terms(model: FrameClassifier, texts: list[str], k: int = 5) -> list[list[list[str]]]:
    feats = model.pipeline["features"]
    tfidf = dict(feats.transformer_list)["tfidf"]
    vocab = np.array(tfidf.get_feature_names_out())
    X = tfidf.transform(texts).tocsr()
    out = []
    for i in range(X.shape[0]):
        row = X.getrow(i)
        per = []
        for est in model.pipeline["models"]:
            if not hasattr(est, "coef_"):
                per.append([])
                continue
            contrib = row.data * est.coef_[0][: len(vocab)][row.indices]
            top = np.argsort(-contrib)[:k]
            per.append([str(vocab[row.indices[t]]) for t in top if contrib[t] > 0])
        out.append(per)
    return out


def save_classifier(model: FrameClassifier, path: str | Path) -> Path:
    """Save a classifier with joblib (compressed)."""
    import joblib

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, p, compress=3)
    return p


def load_classifier(path: str | Path) -> FrameClassifier:
    """Load a classifier saved by :func:`save_classifier` (only load files you trust)."""
    import joblib

    model = joblib.load(Path(path))
    if not isinstance(model, FrameClassifier):
        raise TypeError(f"{path}: not a FrameClassifier")
    return model


# --------------------------------------------------------------------------- tables for charts

SCHEME_ORDER = list(SCHEMES)


def codebook_table(codebook: Codebook | None = None) -> pd.DataFrame:
    """The codebook as a table: scheme, frame, description, n_terms, example terms."""
    cb = codebook or load_codebook()
    return pd.DataFrame([(f.scheme, f.name, f.description, len(f.terms) + len(f.patterns) + len(f.exact),
                          ", ".join(f.terms[:8])) for f in cb.frames],
                        columns=["scheme", "frame", "description", "n_terms", "examples"])


def tidy_frames(frames: pd.DataFrame) -> pd.DataFrame:
    """A frames table with proper dtypes (as read back from CSV): bool ``present``,
    float ``score``, ``evidence`` never missing."""
    if frames is None or not len(frames):
        return _EMPTY.copy()
    df = frames.copy()
    if df["present"].dtype != bool:
        df["present"] = df["present"].map(lambda v: str(v).strip().lower() in ("true", "1", "yes"))
    df["score"] = pd.to_numeric(df["score"], errors="coerce").fillna(0.0).astype(float)
    df["evidence"] = df["evidence"].fillna("").astype(str)
    return df[schema.FRAMES]


def score_corpus(documents: pd.DataFrame, claims: pd.DataFrame | None = None, *,
                 codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """:func:`score_frames` over every document (``doc_id``, ``text``), with each
    document's claims (e.g. to re-score a corpus with another codebook)."""
    from utils.text import segment

    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    parts = []
    for doc_id, text in zip(documents["doc_id"], documents["text"].fillna("").astype(str)):
        cl = claims[claims["doc_id"] == doc_id] if claims is not None and len(claims) else None
        parts.append(score_frames(doc_id, text, segment(text), cl, codebook=cb))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else _EMPTY.copy()


def prevalence(frames: pd.DataFrame, *, unit: str = "document", scheme: str | None = None) -> pd.DataFrame:
    """Share of units in which each frame is present, and mean score.

    Returns columns scheme, frame, n_units, n_present, share, mean_score (sorted
    by share, descending).
    """
    df = frames[frames["unit"] == unit]
    if scheme:
        df = df[df["scheme"] == scheme]
    n = df["unit_id"].nunique()
    if not n:
        return pd.DataFrame(columns=["scheme", "frame", "n_units", "n_present", "share", "mean_score"])
    g = df.groupby(["scheme", "frame"], sort=False).agg(n_present=("present", "sum"), total=("score", "sum"))
    g = g.reset_index()
    g["n_units"] = n
    g["share"] = g["n_present"] / n
    g["mean_score"] = g["total"] / n
    return g[["scheme", "frame", "n_units", "n_present", "share", "mean_score"]].sort_values(
        ["scheme", "share"], ascending=[True, False], ignore_index=True)


def frames_by(frames: pd.DataFrame, claims: pd.DataFrame, by: str = "speaker", *,
              stances: pd.DataFrame | None = None, scheme: str = "policy", top: int | None = 10,
              min_claims: int = 1) -> pd.DataFrame:
    """Claim-level frames joined to claims (and optionally stances) and counted.

    Args:
        frames: the frames table.
        claims: the claims table (``claim_id`` and the ``by`` column).
        by: a claims column (``speaker``) or, with ``stances``, ``polarity`` or
            ``target``; or ``speaker_polarity`` for "speaker · polarity".
        stances: the stances table (``claim_id``, ``polarity``, ``target``).
        scheme: frames scheme to keep.
        top: keep the ``top`` groups with most claims (None: all).
        min_claims: drop groups with fewer claims.

    Returns:
        Columns group, frame, n_claims (claims of the group), n_present,
        share (n_present / n_claims).
    """
    cols = ["group", "frame", "n_claims", "n_present", "share"]
    if claims is None or not len(claims) or frames is None or not len(frames):
        return pd.DataFrame(columns=cols)
    base = claims[["claim_id", "speaker"]].copy()
    if stances is not None and len(stances) and by in ("polarity", "target", "speaker_polarity"):
        st = stances[["claim_id", "polarity", "target"]].drop_duplicates()
        base = base.merge(st, on="claim_id", how="inner")
        if by == "speaker_polarity":
            base["speaker_polarity"] = base["speaker"].astype(str) + " · " + base["polarity"].astype(str)
    elif by not in base.columns:
        if by in claims.columns:
            base[by] = claims[by].values
        else:
            raise KeyError(f"cannot group claims by '{by}'")
    base = base.rename(columns={by: "group"})[["claim_id", "group"]].dropna().drop_duplicates()
    sizes = base.groupby("group")["claim_id"].nunique().rename("n_claims")
    sizes = sizes[sizes >= min_claims].sort_values(ascending=False)
    if top:
        sizes = sizes.head(top)
    fr = frames[(frames["unit"] == "claim") & (frames["scheme"] == scheme) & frames["present"].astype(bool)]
    j = base[base["group"].isin(sizes.index)].merge(fr[["unit_id", "frame"]], left_on="claim_id",
                                                     right_on="unit_id", how="inner")
    cnt = j.groupby(["group", "frame"])["claim_id"].nunique().rename("n_present").reset_index()
    cnt = cnt.merge(sizes.reset_index(), on="group")
    cnt["share"] = cnt["n_present"] / cnt["n_claims"]
    return cnt[cols].sort_values(["n_claims", "group", "share"], ascending=[False, True, False], ignore_index=True)


def frames_over(frames: pd.DataFrame, documents: pd.DataFrame, by: str = "source", *, scheme: str = "policy",
                freq: str = "M") -> pd.DataFrame:
    """Share of documents with each frame present per outlet (``by="source"``) or
    per period (``by="date"``, grouped by ``freq``).

    Returns columns group, frame, n_documents, n_present, share; empty when the
    documents lack the column (e.g. no dates known).
    """
    cols = ["group", "frame", "n_documents", "n_present", "share"]
    if documents is None or by not in documents.columns:
        return pd.DataFrame(columns=cols)
    d = documents[["doc_id", by]].copy()
    if by == "date":
        d["group"] = pd.to_datetime(d[by], errors="coerce").dt.to_period(freq).astype(str)
        d.loc[d["group"] == "NaT", "group"] = None
    else:
        d["group"] = d[by].astype("string").str.strip().replace("", pd.NA)
    d = d.dropna(subset=["group"])
    if not len(d):
        return pd.DataFrame(columns=cols)
    fr = frames[(frames["unit"] == "document") & (frames["scheme"] == scheme)]
    j = d.merge(fr[["doc_id", "frame", "present"]], on="doc_id", how="inner")
    if not len(j):
        return pd.DataFrame(columns=cols)
    sizes = d.groupby("group")["doc_id"].nunique().rename("n_documents")
    cnt = j.groupby(["group", "frame"])["present"].sum().rename("n_present").reset_index()
    cnt = cnt.merge(sizes.reset_index(), on="group")
    cnt["share"] = cnt["n_present"] / cnt["n_documents"]
    return cnt[cols].sort_values(["group", "frame"], ignore_index=True)


def _label(frame: str) -> str:
    return frame.replace("_and_", " & ").replace("_", " ")


def plot_prevalence(prev: pd.DataFrame, *, ax=None, title: str = "Frame prevalence across the corpus"):
    """Horizontal bars: share of documents with each frame present (one colour per scheme).

    Args:
        prev: output of :func:`prevalence`.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(prev) + 1)))
    d = prev.assign(label=[f"{_label(f)} ({s})" for s, f in zip(prev["scheme"], prev["frame"])])
    sns.barplot(data=d, y="label", x="share", hue="scheme", hue_order=[s for s in SCHEME_ORDER if s in set(d["scheme"])],
                dodge=False, ax=ax)
    ax.set(title=title, xlabel="share of documents where the frame is present", ylabel="frame", xlim=(0, 1))
    return ax


def plot_frames_by(table: pd.DataFrame, *, ax=None, title: str = "Frames by speaker", value: str = "share",
                   group_label: str = "speaker"):
    """Heatmap of groups (rows) by frames (columns).

    Args:
        table: output of :func:`frames_by` or :func:`frames_over`.
        value: column to show (``share`` or ``n_present``).
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if len(table):
        wide = table.pivot_table(index="group", columns="frame", values=value, fill_value=0, sort=False)
        wide.columns = [_label(c) for c in wide.columns]
    else:
        wide = pd.DataFrame([[0.0]], index=["(none)"], columns=["(no frames)"])
    if ax is None:
        # room for the rows and for the frame names, which are turned 45 degrees below them
        longest = max((len(str(c)) for c in wide.columns), default=8)
        rows_h = 0.45 * wide.shape[0] + 1.0
        _, ax = plt.subplots(figsize=(max(6, 0.7 * wide.shape[1] + 3), max(3.0, rows_h + 0.06 * longest + 0.5)))
    sns.heatmap(wide, annot=True, fmt=".2f" if value == "share" else ".0f", cmap="Blues", cbar=False,
                vmin=0, vmax=1 if value == "share" else None, ax=ax)
    ax.set(title=title, xlabel="frame", ylabel=group_label)
    ax.tick_params(axis="x", rotation=45)
    ax.tick_params(axis="y", rotation=0)  # horizontal row labels never run into the axis label
    for lab in ax.get_xticklabels():
        lab.set_horizontalalignment("right")
    return ax


def common_frames(prev: pd.DataFrame, *, above: float = 0.9) -> list[str]:
    """Frames present in more than ``above`` of the units (from :func:`prevalence`):
    they are in nearly every article (e.g. ``political`` in a politics corpus), so
    they cannot tell articles, outlets or periods apart.

    >>> common_frames(pd.DataFrame({"frame": ["political", "economic"], "share": [0.96, 0.4]}))
    ['political']
    """
    if prev is None or not len(prev):
        return []
    return [str(f) for f in prev.loc[prev["share"] > above, "frame"]]


def common_note(dropped: Sequence[str], scheme: str, *, above: float = 0.9) -> str:
    """One sentence naming the frames left out of a chart for being nearly everywhere."""
    if not dropped:
        return ""
    names = ", ".join(f"*{_label(f)}*" for f in dropped)
    them = "it tells" if len(dropped) == 1 else "they tell"
    return (f"Left out of the {scheme} frame charts: {names}, present in more than {above:.0%} of the articles, "
            f"so {them} no article, outlet or period apart from another.")


def frame_shares_by(frames: pd.DataFrame, documents: pd.DataFrame, *, by: str = "source", scheme: str = "policy",
                    frames_shown: Sequence[str] | None = None, freq: str = "auto", n_boot: int | None = None,
                    seed: int | None = None) -> pd.DataFrame:
    """Share of articles with each frame present, per outlet (``by="source"``) or per
    period (``by="date"``: weeks or months, partial periods flagged, see
    ``summary.period_bins``), with a 95% interval from resampling the group's
    articles (``summary.N_BOOT`` resamples, seeded).

    Returns columns ``group`` (+ ``period, period_end, partial`` by date), ``key``
    (the frame), ``share``, ``low``, ``high``, ``n`` (articles with the frame),
    ``base`` and ``articles`` (articles of the group). Empty without outlets / dates.
    """
    from utils import summary

    cols = ["group", "key", "share", "low", "high", "n", "base", "articles"]
    groups = summary.groups_of(documents, by, freq=freq)
    if frames is None or not len(frames) or not len(groups):
        return pd.DataFrame(columns=cols)
    fr = tidy_frames(frames)
    fr = fr[(fr["unit"] == "document") & (fr["scheme"] == scheme)]
    keys = [str(k) for k in (frames_shown if frames_shown is not None else dict.fromkeys(fr["frame"]))]
    if not keys:  # every frame was near-universal or absent: nothing to compare
        return pd.DataFrame(columns=cols)
    fr = fr[fr["frame"].isin(keys)]
    per = pd.DataFrame({"doc_id": fr["doc_id"].astype(str), "key": fr["frame"].astype(str),
                        "num": fr["present"].astype(float)})
    # every article of a group is in the base, also one with no frame row
    base = groups[["doc_id"]].drop_duplicates().astype({"doc_id": str}).merge(
        pd.DataFrame({"key": pd.Series(keys, dtype=str)}), how="cross")
    per = base.merge(per.drop_duplicates(["doc_id", "key"]), on=["doc_id", "key"], how="left").fillna({"num": 0.0})
    per["den"] = 1.0
    return summary._grouped(per, groups, value="share", keys=keys, n_boot=n_boot or summary.N_BOOT,
                            seed=summary.SEED if seed is None else seed)


def frames_to_show(frames: pd.DataFrame, *, scheme: str, above: float = 0.9, k: int = 6) -> tuple[list[str], list[str]]:
    """(frames to chart by outlet and period, frames left out as nearly everywhere):
    the ``k`` most prevalent frames of ``scheme`` present in at most ``above`` of the
    articles and in at least one."""
    prev = prevalence(tidy_frames(frames), unit="document", scheme=scheme)
    dropped = common_frames(prev, above=above)
    rest = prev[~prev["frame"].isin(dropped) & (prev["n_present"] > 0)]
    return list(rest["frame"].head(k)), dropped
