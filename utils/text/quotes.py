"""The one quote tracker: one linear scan per paragraph pairs quotation marks into :class:`Quote` spans
(straight and curly, double and single, quotes that run on over paragraphs). ``Doc.quotes`` holds its result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from utils.text.segmentation import DASH_CHARS

if TYPE_CHECKING:  # the Doc holds the quotes this module finds (Doc.quotes)
    from utils.text.doc import Doc


# ---------------------------------------------------------------------------
# Quote pairing
# ---------------------------------------------------------------------------

# a lone single mark before a closing double "''" (as in ,''' said) closes a single quote first
_MARK = re.compile(r"(?<=\S)'(?='')|''|``|[\"“”„‟«»‘’‚']")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")
_DOUBLE_OPEN = {"“", "„", "‟", "«", "``"}
_DOUBLE_CLOSE = {"”", "»"}
_SINGLE_OPEN = {"‘", "‚"}
_OPENERS_BEFORE = set("([{-/") | set(DASH_CHARS) | set("\"“”„«»‘’'`")


@dataclass
class Quote:
    """A paired quotation: marks at ``open_start`` and ``close_end`` (exclusive)."""

    open_start: int
    open_end: int
    close_start: int
    close_end: int
    depth: int
    family: str  # "double" | "single"
    continued_from: "Quote | None" = None  # previous paragraph's part of the same quote
    continues: bool = False  # runs on into the next paragraph

    @property
    def inner(self) -> tuple[int, int]:
        return self.open_end, self.close_start


def _family(m: str) -> str:
    return "single" if m in ("'", "‘", "’", "‚") else "double"


def _direction(text: str, s: int, e: int, lo: int, hi: int, mark: str, single_open: bool, double_open: bool = False) -> str:
    """'open', 'close' or '' (not a quote mark) for the mark ``text[s:e]``."""
    p = text[s - 1] if s > lo else " "
    n = text[e] if e < hi else " "
    if p in _INVISIBLE:
        p = " "  # a bidi or zero-width mark before a quote: '\u202a"Isis ...'
    if mark in _DOUBLE_OPEN:
        if double_open and mark == "“" and not p.isspace() and not n.isalnum() and p not in _OPENERS_BEFORE:
            return "close"  # '“Apparently not,“ he said': an opening mark typed for a closing one
        return "open"
    if mark in _SINGLE_OPEN:
        return "" if p.isalnum() or n.isdigit() else "open"
    if mark in _DOUBLE_CLOSE:
        if s == lo and (n.isalnum() or text[e : e + 3].lstrip()[:1] in ("…", ".")):
            return "open"  # '” … if the incumbent ...': a closing mark typed to open a paragraph
        return "open" if p.isspace() and n.isalnum() else "close"
    if mark in ('"', "''"):
        if (p.isspace() or p in _OPENERS_BEFORE) and not n.isspace():
            return "open"
        if p == ":" and n.isalnum():
            return "open"  # 'Rep. Trey Gowdy (R-S.C.):"I have not heard ...': no space after the colon
        if not p.isspace():
            return "close"
        if double_open and (n.isspace() or not n.isalnum()):
            return "close"  # 'this, " Trump said': a stray space before the closing mark
        return ""
    # ' or ’ (single)
    if p.isalnum() and n.isalnum():
        return ""  # apostrophe: isn't, Corbyn's
    if (p.isspace() or p in _OPENERS_BEFORE) and n.isalnum():
        return "" if n.isdigit() else "open"
    if not p.isspace() and not n.isalnum():
        return "close" if single_open else ""
    return ""


def find_quotes(text: str, seg: Doc) -> list[Quote]:
    """Pair quotation marks paragraph by paragraph (linear scan with a stack).

    Returns every paired quote (nested ones too, with their ``depth``), in order
    of their opening mark. A quote still open at the end of a paragraph whose
    next paragraph opens with a quote mark is closed at the paragraph end and
    marked ``continues``; the next paragraph's quote gets ``continued_from``.
    """
    out: list[Quote] = []
    carry: Quote | None = None
    paras = seg.paragraphs
    for pi, para in enumerate(paras):
        lo, hi = para.start, para.end
        stack: list[tuple[str, int, int]] = []  # (family, start, end)
        n_single = 0
        cont_from: dict[int, Quote] = {}  # opening mark -> the quote part it continues
        for m in _MARK.finditer(text, lo, hi):
            mark = m.group()
            s, e = m.span()
            d = _direction(text, s, e, lo, hi, mark, n_single > 0, len(stack) > n_single)
            if not d:
                continue
            fam = _family(mark)
            if d == "open" and fam == "double" and len(stack) == 1 and stack[0][0] == "double" and n_single == 0:
                # '"... by the government. "Instead of ..."': a quote whose paragraphs were run
                # together (each part opens, only the last closes). A second double opening
                # mark after a sentence end, with one double quote open, ends that quote at
                # the sentence end and continues it, instead of nesting the rest of the text.
                b = s
                while b > lo and text[b - 1].isspace():
                    b -= 1
                if b < s and text[b - 1 : b] in ".?!" and b - 1 > stack[0][2]:
                    _, os_, oe = stack.pop()
                    part = Quote(os_, oe, b, b, 0, fam, continued_from=cont_from.get(os_), continues=True)
                    out.append(part)
                    cont_from[s] = part
            if d == "open":
                if carry is not None and s == lo and fam == carry.family:
                    cont_from[s] = carry
                stack.append((fam, s, e))
                if fam == "single":
                    n_single += 1
                continue
            # close: the nearest open mark of the same family
            k = len(stack) - 1
            while k >= 0 and stack[k][0] != fam:
                k -= 1
            if k < 0:
                continue
            for f, _, _ in stack[k:]:
                if f == "single":
                    n_single -= 1
            _, os_, oe = stack[k]
            del stack[k:]
            q = Quote(os_, oe, s, e, k, fam)
            if k == 0:
                q.continued_from = cont_from.get(os_)
            out.append(q)
        carry = None
        if stack:
            fam, os_, oe = stack[0]
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is not None and _direction(text, nxt.start, nxt.start + 1, nxt.start, nxt.end, text[nxt.start],
                    False) == "open" and _family(text[nxt.start]) == fam:
                q = Quote(os_, oe, hi, hi, 0, fam, continued_from=cont_from.get(os_), continues=True)
                out.append(q)
                carry = q
            elif os_ in cont_from and len(stack) == 1:
                # the last of run-together parts, left open at the end of the text or of a
                # quote that does not go on ('... of the Lords. "I want somebody there.'):
                # it ends with its paragraph
                b = hi
                while b > oe and text[b - 1].isspace():
                    b -= 1
                if b > oe:
                    out.append(Quote(os_, oe, b, b, 0, fam, continued_from=cont_from[os_]))
    out.sort(key=lambda q: q.open_start)
    return out
