"""Embedded tweets: 'TEXT — Paul Ryan (@SpeakerRyan) July 5, 2016' are their author's direct claims.
"""
from __future__ import annotations

import re

from utils.text import DASH_CHARS
from utils.claims.doc import _Claim, _Doc, _quote_content, _trim_space
from utils.claims.rules import EMBEDDED, TWEET_SIGNATURE
from utils.claims.words import _QUOTE_CHARS, _W_RE


# ---------------------------------------------------------------------------
# Embedded tweets: 'TEXT — Paul Ryan (@SpeakerRyan) July 5, 2016'
# ---------------------------------------------------------------------------

_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
             r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
#: The signature a tweet embedded in a web page leaves in its text: a dash, the author's
#: display name, the handle in brackets and the date (US or day-first order; without a
#: date the signature must end its line).
_TWEET_SIGNATURE = re.compile(
    r"(?P<dash>[-" + DASH_CHARS + r"]{1,2})[ \t\u00a0]*(?P<name>[^\s()<>\[\]" + DASH_CHARS + r"][^\n()<>\[\]" + DASH_CHARS
    + r"]{0,58}?)[ \t\u00a0]*\((?P<handle>@\w{1,15})\)[ \t\u00a0]*(?:" + _MONTH_RE + r" \d{1,2},? \d{4}|\d{1,2} "
    + _MONTH_RE + r",? \d{4}|(?=[ \t\u00a0]*(?:\n|<|$)))"
)
_TWEET_MAX_CHARS = 600  # a tweet (280 characters) with its links and media captions


def _tweet_text(doc: _Doc, dash: int) -> tuple[int, int] | None:
    """The text of the tweet whose signature starts at offset ``dash``: from the start of
    its paragraph (after an HTML tag such as ``<tweet ...>``) to the dash, or the
    paragraph before when the signature stands alone."""
    text, paras = doc.text, doc.seg.paragraphs
    pi = doc.seg.paragraph_at(dash)
    if pi < 0:
        return None
    lo = paras[pi].start
    line = text.rfind("\n", lo, dash)
    if line >= 0 and text[line + 1 : dash].strip():
        lo = line + 1  # one tweet per line
    head = text[lo:dash]
    if head.lstrip().startswith("<") and ">" in head:
        lo += head.index(">") + 1
    s, e = _trim_space(text, lo, dash)
    if s >= e and pi > 0:  # '— Name (@handle) date' on a line of its own: the tweet is the paragraph before
        s, e = _trim_space(text, paras[pi - 1].start, paras[pi - 1].end)
    if s >= e or e - s > _TWEET_MAX_CHARS or not _W_RE.search(text, s, e):
        return None
    if text[s] in _QUOTE_CHARS and text[e - 1] in _QUOTE_CHARS + ".":
        q = next((q for q in doc.top if q.open_start == s and q.close_end >= e - 1), None)
        if q is not None:  # '"We will win." — Name (@handle) date': the words without their marks
            s, e = _quote_content(text, q)
    return s, e


def _embedded_tweets(doc: _Doc, claims: list[_Claim], *, keep: bool = True) -> list[_Claim]:
    """A tweet embedded in the article is its author's direct claim (rule
    ``tweet-signature``; speaker the display name, cue the signature's dash).

    Claims the rules found inside the tweet (their cue within its text) become nested
    claims of it, their content cut at the tweet's end (dropped when ``keep`` is false);
    a tweet that a claim of the article already quotes (a cue before a quotation that runs
    to the signature: 'Ryan tweeted: "..." — Paul Ryan (@SpeakerRyan) ...') is left to that claim.
    """
    text = doc.text
    if "(@" not in text:
        return claims
    out = list(claims)
    for m in _TWEET_SIGNATURE.finditer(text):
        span = _tweet_text(doc, m.start("dash"))
        if span is None:
            continue
        s, e = span
        if any(c.parent is None and c.kind == "direct" and c.cue is not None and c.cue[1] <= c.content[0]
               and e - 2 <= c.content[1] <= e + 2 for c in out):
            continue  # the article attributes it itself: 'Ryan tweeted: "..."' before the signature
        name_s, name_e = _trim_space(text, m.start("name"), m.end("name"))
        tweet = _Claim("direct", (s, e), (m.start("dash"), m.end("dash")), (name_s, name_e), TWEET_SIGNATURE.name,
                       TWEET_SIGNATURE.confidence)
        kept = []
        for c in out:
            inside = c.parent is None and c.cue is not None and s <= c.cue[0] < e and s <= c.content[0] < e
            if not inside:
                kept.append(c)
                continue
            if keep:
                c.parent = tweet
                c.rule = EMBEDDED + c.rule
                c.content = _trim_space(text, c.content[0], min(c.content[1], e))
                c.confidence = round(c.confidence * 0.8, 2)
                kept.append(c)
        out = kept + [tweet]
    return out
