"""Measured rule confidence (``utils/models/rule_confidence_polnear.csv``) and the bare-quote model:
quotes no rule attributes, kept when a small model trained on PolNeAR train says they are
somebody's words (``evaluation/train_bare_quotes.py``).
"""
from __future__ import annotations

import bisect
import csv
import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from utils import paths
from utils.claims.cues import CueFileError
from utils.claims.direct import _colon_speaker, _subject_end_before
from utils.claims.doc import _Claim, _Doc, _quote_content, _token_index
from utils.claims.grammar import _DETERMINERS, _find_cues, _name_like, _np_after, _span, _speakerish, _subject, _verbish
from utils.text.quotes import Quote
from utils.claims.rules import BARE_QUOTE, BARE_QUOTE_AFTER_CLAIM, BARE_QUOTE_SUBJECT
from utils.claims.speaker import _speaker_for_cue
from utils.claims.words import _PREP, _W_RE
from utils.claims.words import LazyWords


def unclaimed_quotes(doc: _Doc, top: list[Quote], claims: list[_Claim]):
    """(quote, content span) of the top-level quotes that overlap no claim's content.

    Public for ``evaluation/train_bare_quotes.py`` (the candidates of the bare-quote model).
    """
    spans = sorted(c.content for c in claims)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))  # furthest end among the first k spans
    for q in top:
        cs, ce = _quote_content(doc.text, q)
        if ce - cs < 2 or not _W_RE.search(doc.text, cs, ce):
            continue
        k = bisect.bisect_left(starts, ce)  # the spans starting before the quote's end
        if k and reach[k - 1] > cs:
            continue
        yield q, (cs, ce)


# ---------------------------------------------------------------------------
# Bare quotations: quotes no rule attributes, kept when a small model trained on
# PolNeAR train says they are somebody's words (evaluation/train_bare_quotes.py)
# ---------------------------------------------------------------------------

RULE_CONFIDENCE = "rule_confidence_polnear.csv"


def load_rule_confidence(path: str | Path | None = None) -> dict[tuple[str, str], float]:
    """The measured confidence of each rule, {(rule, kind): confidence}; kind ``*`` holds
    a rule's pooled figure. Default: the shipped ``utils/models/rule_confidence_polnear.csv``
    (written by ``evaluation/calibrate_rules.py``); a missing file is an error
    (``utils.paths.ResourceMissing``), since it changes the ``confidence`` column.

    Raises:
        CueFileError: naming the file, line and field of a malformed row.
    """
    return {key: conf for key, conf, _acc in _load_confidence_cached(str(_rule_table(path)))}


def load_rule_speaker_accuracy(path: str | Path | None = None) -> dict[tuple[str, str], float]:
    """The speaker accuracy of each rule on PolNeAR train, {(rule, kind): share of matched rows
    whose speaker is right}, from the same table as :func:`load_rule_confidence` (the claim
    filter multiplies it by its probability that the row is a claim)."""
    return {key: acc for key, _conf, acc in _load_confidence_cached(str(_rule_table(path)))}


def _rule_table(path: str | Path | None) -> Path:
    return paths.require_file(Path(path) if path else paths.MODELS / RULE_CONFIDENCE, "rule confidence table",
                              "restore utils/models/rule_confidence_polnear.csv from the repository or re-measure "
                              "it with `make models`")


@lru_cache(maxsize=4)
def _load_confidence_cached(path: str) -> tuple[tuple[tuple[str, str], float, float], ...]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    body = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    need = ["rule", "kind", "rows", "content_precision", "speaker_accuracy", "confidence"]
    if not body or [c.strip() for c in next(csv.reader([body[0][1]]))] != need:
        raise CueFileError(f"{path}, line {body[0][0] if body else 1}: header must be {','.join(need)}")
    out = []
    for n, line in body[1:]:
        row = next(csv.reader([line]))
        if len(row) != len(need):
            raise CueFileError(f"{path}, line {n}: expected {len(need)} fields, got {len(row)}")
        rule, kind = row[0].strip(), row[1].strip()
        if kind not in ("direct", "indirect", "mixed", "*"):
            raise CueFileError(f"{path}, line {n}, field 'kind': {kind!r} not in direct, indirect, mixed, *")
        values = []
        for field, col in (("confidence", 5), ("speaker_accuracy", 4)):
            try:
                v = float(row[col])
            except ValueError:
                raise CueFileError(f"{path}, line {n}, field '{field}': {row[col]!r} is not a number") from None
            if not 0.0 <= v <= 1.0:
                raise CueFileError(f"{path}, line {n}, field '{field}': {v} not between 0 and 1")
            values.append(v)
        out.append(((rule, kind), values[0], values[1]))
    return tuple(out)


def _calibrate(claims: list["_Claim"], table: dict[tuple[str, str], float]) -> None:
    """Give each top-level rule claim its rule's measured confidence (bare quotes keep
    the model's probability; nested claims, which PolNeAR does not annotate, and rules
    too rare to measure keep the value the rule set)."""
    if not table:
        return
    for c in claims:
        if c.parent is not None or c.rule.startswith(BARE_QUOTE.name):
            continue
        v = table.get((c.rule, c.kind), table.get((c.rule, "*")))
        if v is not None:
            c.confidence = v


BARE_QUOTE_MODEL = "bare_quotes_polnear.json"
_FIRST_SECOND = frozenset("i we me us my our you your i'm we're i've we've i'll we'll i'd we'd".split())
_NAMING = LazyWords("naming_words")
_SENTENCE_VERBS = frozenset("is are was were will would can could should must have has had do does did am 's 're 'm".split())

BARE_QUOTE_FEATURES = (
    "log_words", "words_ge4", "ends_punct", "ends_sentence", "starts_upper", "whole_para", "opens_para",
    "head_colon", "head_comma", "tail_empty", "tail_lower", "first_second_person", "title_case",
    "verb_inside", "prev_para_claim", "same_para_claim", "head_cue", "tail_cue", "head_naming",
    "head_det_prep", "quotes_in_para", "continued", "first_para", "short_para",
)


@dataclass(frozen=True)
class BareQuoteModel:
    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, feats: dict[str, float]) -> float:
        import math

        z = self.intercept + sum(c * feats.get(f, 0.0) for f, c in zip(self.features, self.coef))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_bare_quote_model(path: str | Path | None = None) -> BareQuoteModel:
    """The shipped bare-quote model (``utils.paths.ResourceMissing`` when its file is absent)."""
    p = paths.require_file(Path(path) if path else paths.MODELS / BARE_QUOTE_MODEL, "bare-quote model",
                           "restore utils/models/bare_quotes_polnear.json from the repository or retrain it with "
                           "`make models`")
    return _load_bare_cached(str(p))


@lru_cache(maxsize=4)
def _load_bare_cached(path: str) -> BareQuoteModel:
    import json

    try:
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
        model = BareQuoteModel(tuple(obj["features"]), tuple(float(x) for x in obj["coef"]), float(obj["intercept"]),
                float(obj["threshold"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: not a bare-quote model ({exc})") from exc
    if len(model.features) != len(model.coef):
        raise ValueError(f"{path}: {len(model.features)} features but {len(model.coef)} coefficients")
    return model


def bare_quote_features(doc: "_Doc", q: Quote, claims: list["_Claim"]) -> dict[str, float]:
    """Features of a top-level quotation for the bare-quote model (see
    ``BARE_QUOTE_FEATURES``): its length and form, where it sits in its paragraph,
    first/second person words, naming words before it ('dubbed', 'titled'), cues
    around it, and whether the claims found so far sit in this or the previous paragraph."""
    import math

    text, seg = doc.text, doc.seg
    inner = text[q.open_end : q.close_start].strip()
    words = _W_RE.findall(inner)
    lw = [w.lower() for w in words]
    pi = seg.paragraph_at(q.open_start)
    para = seg.paragraphs[pi]
    head = text[para.start : q.open_start].strip()
    tail = text[q.close_end : para.end].strip()
    u = doc.unit_at(q.open_start)
    ulo, uhi = doc.units[u]
    o = _token_index(doc.ts, q.open_start)
    c = _token_index(doc.ts, q.close_end)
    s_lo = _token_index(doc.ts, max(ulo, para.start))
    s_hi = _token_index(doc.ts, min(max(uhi, q.close_end), para.end))
    head_cue = bool(_find_cues(doc, s_lo, o, None)) if o > s_lo else False
    tail_end = c
    while tail_end < min(s_hi, c + 12) and doc.inq[tail_end] == -1:
        tail_end += 1
    tail_cue = bool(_find_cues(doc, c, tail_end, None)) if tail_end > c else False
    prev_tok = doc.low[o - 1] if o > 0 and doc.ts[o - 1] >= para.start else ""
    head_words = [w.lower() for w in _W_RE.findall(head[-40:])]
    paras_with_claims = {seg.paragraph_at(x.content[0]) for x in claims if x.speaker is not None}
    n_q = sum(1 for x in doc.top if para.start <= x.open_start < para.end)
    caps = sum(1 for w in words if w[:1].isupper())
    return {
        "log_words": math.log1p(len(words)),
        "words_ge4": float(len(words) >= 4),
        "ends_punct": float(inner[-1:] in ".?!,…;"),
        "ends_sentence": float(inner[-1:] in ".?!…"),
        "starts_upper": float(inner[:1].isupper()),
        "whole_para": float(not head and len(tail) <= 2),
        "opens_para": float(not head),
        "head_colon": float(head.endswith(":")),
        "head_comma": float(head.endswith(",")),
        "tail_empty": float(len(tail.strip(".,;:!? ")) == 0),
        "tail_lower": float(tail.lstrip(".,;:!? ")[:1].islower()),
        "first_second_person": float(any(w in _FIRST_SECOND for w in lw)),
        "title_case": caps / len(words) if words else 0.0,
        "verb_inside": float(any(w in _SENTENCE_VERBS or (len(w) > 4 and w.endswith("ed")) for w in lw)),
        "prev_para_claim": float(pi - 1 in paras_with_claims),
        "same_para_claim": float(pi in paras_with_claims),
        "head_cue": float(head_cue),
        "tail_cue": float(tail_cue),
        "head_naming": float(bool(head_words) and (head_words[-1] in _NAMING or any(w in _NAMING for w in head_words[-3:]))),
        "head_det_prep": float(prev_tok in _DETERMINERS or prev_tok in _PREP or prev_tok == "of"),
        "quotes_in_para": math.log1p(n_q),
        "continued": float(q.continues or q.continued_from is not None),
        "first_para": float(pi == 0),
        "short_para": float(len(_W_RE.findall(text[para.start : para.end])) <= 12),
    }


def _bare_quotes(doc: "_Doc", top: list[Quote], claims: list["_Claim"], model: BareQuoteModel) -> list["_Claim"]:
    """Claims for top-level quotes that overlap no claim yet and that the model keeps.
    The speaker is one a cue names in the quote's sentence (``_bare_speaker``), else one
    from the quote's context (``_context_speaker``), else empty."""
    out: list[_Claim] = []
    for q, (cs, ce) in list(unclaimed_quotes(doc, top, claims)):
        p = model.probability(bare_quote_features(doc, q, claims))
        if p < model.threshold:
            continue
        found = _bare_speaker(doc, q)
        cue, spk = (_span(doc, found[0]), _span(doc, found[1])) if found is not None else (None, None)
        c = _Claim("direct", (cs, ce), cue, spk, BARE_QUOTE.name, round(p, 3))
        if found is None:
            _context_speaker(doc, q, claims, c)
        out.append(c)
    return out


def _context_speaker(doc: "_Doc", q: Quote, claims: list["_Claim"], c: "_Claim") -> None:
    """A speaker for a bare quote from its context, when no cue names one: the subject
    of the quote's own sentence when the quote does not open it ('Sanders credited
    Clinton's victory to "a closed primary ..."', 'Here's Clinton in 1992: "..."'), else
    the speaker of the last claim before it in the same paragraph (a quote going on
    after '..., she says.'). How often this is the annotated source on PolNeAR: see
    README, "Claims" (most bare quotes still get no speaker or a wrong one)."""
    u = doc.unit_at(q.open_start)
    pi = doc.seg.paragraph_at(q.open_start)
    lo, o = doc.s_lo[u], _token_index(doc.ts, q.open_start)
    if o > lo and doc.seg.paragraph_at(doc.ts[lo]) == pi and all(doc.inq[x] == -1 for x in range(lo, o)):
        s = _subject(doc, lo, o)
        if s is not None and _name_like(doc, s) and _speakerish(doc, s):
            b = s[0] + 1
            while b < s[1] and not (doc.words[b].isalpha() and doc.words[b].islower() and (_verbish(doc, b)
                    or doc.low[b] in _PREP)):
                b += 1  # the noun phrase, not 'Sullivan forwards an article in'
            c.speaker = _span(doc, (s[0], b))
            c.rule = BARE_QUOTE_SUBJECT.name
            return
    prev = [x for x in claims if x.speaker is not None and x.content[1] <= q.open_start
            and doc.seg.paragraph_at(x.content[0]) == pi]
    if prev:
        src = max(prev, key=lambda x: x.content[1])
        c.speaker, c.cue, c.inherit, c.source_claim = src.speaker, src.cue, True, src
        c.rule = BARE_QUOTE_AFTER_CLAIM.name


def _short_quote_at(doc: "_Doc", i: int) -> bool:
    """Token ``i`` sits inside a top-level quote of three words or fewer (a scare quote)."""
    qi = doc.inq[i]
    if qi == -1:
        return False
    q = doc.top[qi]
    return len(_W_RE.findall(doc.text[q.open_end : q.close_start])) <= 3


def _bare_speaker(doc: "_Doc", q: Quote):
    """A looser speaker search for a quote the rules left alone, within its sentence:
    a cue after it with the phrase in between ('"...," Texas delegate Bill Eastland,
    wearing a cowboy hat, said'), a cue before it ('Said Dorothy Poynter, who ..., "..."',
    'a spokesman for Bernie Sanders could only quip: "..."'), or a name before a colon
    (``_colon_speaker``). Returns token ranges
    (cue, speaker) or None."""
    low, words, inq = doc.low, doc.words, doc.inq
    u = doc.unit_at(q.open_start)
    lo, hi = doc.s_lo[u], doc.s_hi[doc.unit_at(max(q.close_start - 1, q.open_start))]
    o = _token_index(doc.ts, q.open_start)
    c = _token_index(doc.ts, q.close_end)
    if (c < len(doc.ts) and c >= hi and doc.tsent[c] == doc.tsent[hi - 1] + 1
            and doc.seg.paragraph_at(doc.ts[c]) == doc.seg.paragraph_at(q.close_start)):
        hi = doc.s_hi[doc.tsent[c]]  # '"... today?" Miller, a retired worker, said': Punkt split after the question
    # after the quote, up to the next quote
    e = c
    while e < min(hi, c + 30) and (inq[e] == -1 or (e > c and _short_quote_at(doc, e))):
        e += 1
    after = _find_cues(doc, c, e, doc.inq if e > c and any(inq[x] != -1 for x in range(c, e)) else None)
    if after:
        ci, cn, cue = after[0]
        k = c
        while k < ci and not words[k][:1].isalnum():
            k += 1
        if k == ci:  # '"...," said X' / '"...," says the ad'
            spk = _np_after(doc, ci + cn, e)
            if spk is not None and _speakerish(doc, spk):
                return (ci, ci + cn), spk
        elif ci - k <= 25 and _speakerish(doc, (k, ci)) and not any(low[x] in ("that", "because", "if") for x in range(k, ci)):
            b = _subject_end_before(doc, k, ci)
            if b > k and b - k <= 10 and (_name_like(doc, (k, b)) or low[k] in ("a", "an", "the", "one", "another")):
                return (ci, ci + cn), (k, b)
    # before the quote, in its sentence
    b0 = o - 1
    while b0 >= lo and inq[b0] == -1:
        b0 -= 1
    before = _find_cues(doc, b0 + 1, o, None)
    if before:
        ci, cn, cue = before[-1]
        if ci == b0 + 1 or (ci > lo and not words[ci - 1][:1].isalnum()):
            spk = _np_after(doc, ci + cn, o)  # 'Said Dorothy Poynter, who ..., "..."'
            if spk is not None and _name_like(doc, spk) and spk[1] - spk[0] <= 8:
                return (ci, ci + cn), spk
        spk = _speaker_for_cue(doc, ci, cue, b0 + 1)
        if spk is not None and _speakerish(doc, spk) and _name_like(doc, spk):
            return (ci, ci + cn), spk
    if o - 1 >= lo and low[o - 1] == ":":
        r = _colon_speaker(doc, b0 + 1, o - 1)
        if r is not None:
            return (o - 1, o), r
    return None
