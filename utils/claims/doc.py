"""The working document of one extraction (:class:`_Doc`: tokens, sentences, units, quote mask),
the claim record :class:`_Claim` and span trimming.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from utils.text import DASH_CHARS, Segmented
from utils.claims.cues import CueLexicon
from utils.text.quotes import Quote
from utils.claims.rules import QUOTE_CONTINUED


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------


@dataclass
class _Claim:
    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    rule: str
    confidence: float
    inherit: bool = False  # speaker from the previous claim (continuation / bare quote)
    in_quote: "Quote | None" = None  # nested claim inside this quote
    parent: "_Claim | None" = None
    cue_text: str = ""
    name: str = ""
    actor_id: str = ""
    source_claim: "_Claim | None" = None  # the claim whose speaker this one copies


class _Doc:
    """Per-document working state: tokens, quote map and clause units.

    A *unit* is a sentence of ``seg``, except that sentences split inside a
    quotation are joined again (Punkt cuts "... mum. Dig ..." inside a quote).
    """

    def __init__(self, text: str, seg: Segmented, lex: CueLexicon, top: list[Quote], intentions: bool = True):
        """Tokens (offsets, words, lower-cased), sentence units (long ones cut) and the quote index
        of every token (``inq``: -1 outside top-level quotes) of ``text``."""
        self.text = text
        self.seg = seg
        self.lex = lex
        toks = seg.tokens
        self.ts = [t.start for t in toks]
        self.te = [t.end for t in toks]
        self.words = seg.words if seg.text == text else tuple(text[t.start : t.end] for t in toks)
        # (a horizontal bar is read as the em dash it stands for)
        self.low = [w.lower() if w != "―" else "—" for w in self.words]
        # units: merge sentences whose boundary falls inside a top-level quote
        inside = []  # (open_end, close_start) of quotes, sorted
        for q in top:
            inside.append((q.open_end, q.close_start))
        units: list[list[int]] = []  # [start, end, paragraph]
        qi = 0
        for sent in seg.sentences:
            first = text[sent.start : sent.start + 1]
            if units and units[-1][2] == sent.paragraph and (first in ")]},;:" or first.islower()):
                units[-1][1] = sent.end  # a split after an abbreviation: "(D-R.I." + "), said"
                continue
            if units and units[-1][2] == sent.paragraph:
                b = units[-1][1]
                while qi < len(inside) and inside[qi][1] < b:
                    qi += 1
                if qi < len(inside) and inside[qi][0] <= b and sent.start < inside[qi][1]:
                    units[-1][1] = sent.end
                    continue
            units.append([sent.start, sent.end, sent.paragraph])
        units = _split_long_units(text, units)
        self.units = [(u[0], u[1]) for u in units]
        self.tsent = [0] * len(toks)
        self.s_lo = [0] * len(units)
        self.s_hi = [0] * len(units)
        ui = 0
        for i, t in enumerate(toks):
            while ui + 1 < len(units) and t.start >= units[ui + 1][0]:
                ui += 1
            self.tsent[i] = ui
        prev = -1
        for i, ui in enumerate(self.tsent):
            if ui != prev:
                self.s_lo[ui] = i
                prev = ui
            self.s_hi[ui] = i + 1
        self.inq = _quote_mask(self, top)
        self.top = top
        #: part-of-speech tags of the Doc when a tagger ran on it, and those read around cues (utils.claims.pos)
        self.tags = seg.tags if seg.text == text and seg.tags is not None and len(seg.tags) == len(toks) else None
        self.cue_tags: dict[int, tuple[str, str, str, str]] = {}
        #: wanting and planning verbs with "to" and a verb give claims ("wants to cut taxes"), as PARC
        #: and PolNeAR count intentions (utils.claims.pos; extract_claims(intentions=False) drops them)
        self.intentions = intentions

    def unit_at(self, offset: int) -> int:
        lo, hi, best = 0, len(self.units) - 1, 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.units[mid][0] <= offset:
                best = mid
                lo = mid + 1
            else:
                hi = mid - 1
        return best


_MAX_UNIT = 2000  # characters; no news sentence is longer (keeps hostile input linear)
_UNIT_CUT = re.compile(r"[;,:\n]\s")


def _split_long_units(text: str, units: list[list[int]]) -> list[list[int]]:
    """Cut units longer than ``_MAX_UNIT`` characters (1 MB without a full stop)
    after a comma, semicolon or colon near each limit, else at a space."""
    if all(u[1] - u[0] <= _MAX_UNIT for u in units):
        return units
    out = []
    for s, e, p in units:
        while e - s > _MAX_UNIT:
            lim = s + _MAX_UNIT
            cut = None
            for m in _UNIT_CUT.finditer(text, lim - _MAX_UNIT // 4, lim):
                cut = m.end()
            if cut is None:
                sp = text.rfind(" ", s + 1, lim)
                cut = sp + 1 if sp > s else lim
            out.append([s, cut, p])
            s = cut
        out.append([s, e, p])
    return out


def _token_index(ts: list[int], offset: int) -> int:
    """First token starting at or after ``offset`` (bisect)."""
    lo, hi = 0, len(ts)
    while lo < hi:
        mid = (lo + hi) // 2
        if ts[mid] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


#: What a span is trimmed of at its edges: white space, clause punctuation and dashes.
_EDGE_CHARS = " \t\n\r\u00a0,;:-" + DASH_CHARS


def _trim_span(text: str, s: int, e: int, chars: str = _EDGE_CHARS) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in chars):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in chars):
        e -= 1
    return s, e


def _trim_space(text: str, s: int, e: int) -> tuple[int, int]:
    """``s, e`` without white space at either end."""
    return _trim_span(text, s, e, "")


def _quote_content(text: str, q: Quote) -> tuple[int, int]:
    """The content span of a quote: between its marks, without surrounding whitespace."""
    return _trim_space(text, q.open_end, q.close_start)


def _continuation(content: tuple[int, int], src: "_Claim") -> "_Claim":
    """Another part of the quote ``src`` attributes (the same speaker and cue): made by
    the direct pass, by the follow-on pass (a part whose first part was attributed by a
    later rule) and backwards (a part whose speaker is named only after a later part)."""
    return _Claim("direct", content, src.cue, src.speaker, QUOTE_CONTINUED.name, QUOTE_CONTINUED.confidence,
                  inherit=True, source_claim=src)


def _quote_mask(doc: _Doc, top: list[Quote]) -> list[int]:
    """For each token, the index (in ``top``) of the top-level quote holding it, else -1."""
    mask = [-1] * len(doc.ts)
    for qi, q in enumerate(top):
        i = _token_index(doc.ts, q.open_end)
        while i < len(doc.ts) and doc.te[i] <= q.close_start:
            mask[i] = qi
            i += 1
    return mask
