"""Output tables: claims rows (``schema.CLAIMS``), attributions (one row per claim, parts joined),
the HTML highlight of notebook 03.
"""
from __future__ import annotations

import html

import pandas as pd

from utils import schema
from utils.ids import claim_id_for
from utils.claims.rules import check_rule
from utils.claims.doc import _Claim, _Doc


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _empty() -> pd.DataFrame:
    return _columns_frame({c: [] for c in schema.CLAIMS})


def _columns_frame(cols: dict) -> pd.DataFrame:
    """Build the claims frame in one go (integer columns as nullable ``Int64``)."""
    data = {}
    for c in schema.CLAIMS:
        v = cols[c]
        if c in schema.INT_COLUMNS:
            data[c] = pd.array(v, dtype="Int64")
        elif c == "confidence":
            data[c] = pd.array(v, dtype="float64")
        else:
            data[c] = pd.array(v, dtype=object)
    return pd.DataFrame(data, columns=schema.CLAIMS)


def _attribution_groups(claims: list[_Claim]) -> dict[int, list[_Claim]]:
    """The parts of each attribution: claims (sorted by content) that share a cue span
    and a parent are one attribution ('"A," said Sen. Ben Sasse. "B."' and the paragraphs
    of a quote that runs on all share the cue of 'said'); a claim without a cue is one
    on its own. Keyed by ``id()`` of the attribution's first part."""
    first: dict[tuple, _Claim] = {}
    root: dict[int, _Claim] = {}

    def root_of(c: _Claim) -> _Claim:
        if id(c) in root:
            return root[id(c)]
        r = c
        if c.cue is not None:
            parent = root_of(c.parent) if c.parent is not None else None
            r = first.setdefault((c.cue, id(parent) if parent is not None else 0), c)
        root[id(c)] = r
        return r

    groups: dict[int, list[_Claim]] = {}
    for c in claims:
        groups.setdefault(id(root_of(c)), []).append(c)
    return groups


def _frame(doc_id: str, doc: _Doc, claims: list[_Claim]) -> pd.DataFrame:
    """The claims table: one row per part of each attribution; the parts of one
    attribution share its ``claim_id`` (the id of its first part) and number ``part``
    1, 2, ... in text order."""
    if not claims:
        return _empty()
    for c in claims:
        check_rule(c.rule)
    text = doc.text
    ids: dict[int, str] = {}
    part: dict[int, int] = {}
    for parts in _attribution_groups(claims).values():
        cid = claim_id_for(doc_id, *parts[0].content)
        for k, c in enumerate(parts, 1):
            ids[id(c)], part[id(c)] = cid, k
    cols: dict[str, list] = {c: [] for c in schema.CLAIMS}
    for c in claims:
        cs, ce = c.content
        cue_s, cue_e = c.cue if c.cue else (None, None)
        sp_s, sp_e = c.speaker if c.speaker else (None, None)
        row = (
            doc_id, ids[id(c)], part[id(c)], c.kind, c.name, c.actor_id,
            text[sp_s:sp_e] if c.speaker else "", sp_s, sp_e,
            text[cue_s:cue_e] if c.cue else "", cue_s, cue_e,
            text[cs:ce], cs, ce,
            doc.seg.paragraph_at(cs), doc.seg.sentence_at(cs), float(c.confidence), c.rule,
            ids.get(id(c.parent), "") if c.parent is not None else "",
        )
        for k, v in zip(schema.CLAIMS, row):
            cols[k].append(v)
    return _columns_frame(cols)


#: The columns of :func:`attributions`.
ATTRIBUTION_COLUMNS = [
    "doc_id", "claim_id", "n_parts", "kind", "speaker", "speaker_id", "speaker_text", "speaker_start", "speaker_end",
    "cue", "cue_start", "cue_end", "content", "content_start", "content_end", "paragraph", "sentence",
    "confidence", "rule", "parent_claim_id",
]
#: How the parts of a quote are joined in :func:`attributions`' ``content``.
PART_JOINER = " […] "


def attributions(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim (attribution) from the claims table's one row per part.

    This is the table to count: share of voice, claims per speaker and notable quotes
    all count attributions, so a speaker quoted in three pieces counts once. ``content``
    joins the parts' texts with ``PART_JOINER``; ``content_start``/``content_end`` are
    the first part's start and the last part's end (the outer extent, which may hold the
    attribution itself: read the parts from the claims table for exact spans);
    ``kind`` is the parts' kind when they agree, else ``mixed``; ``confidence`` the
    highest of the parts' (the part the rule attributed); ``rule`` that of the first
    part; speaker, cue and parent are the first part's (the parts share them).

    >>> t = pd.DataFrame({"doc_id": ["d", "d", "d"], "claim_id": ["d:c1-5", "d:c1-5", "d:c20-30"],
    ...     "part": [1, 2, 1], "kind": ["direct", "direct", "indirect"], "speaker": ["A", "A", "B"],
    ...     "content": ["We won", "We will win again", "it rained"], "content_start": [1, 12, 20],
    ...     "content_end": [5, 29, 30], "confidence": [0.9, 0.8, 0.7], "rule": ["cue-quote", "quote-continued", "x"]})
    >>> a = attributions(t)
    >>> a[["claim_id", "n_parts", "speaker", "content", "content_end"]].values.tolist()
    [['d:c1-5', 2, 'A', 'We won […] We will win again', 29], ['d:c20-30', 1, 'B', 'it rained', 30]]
    """
    if claims is None or not len(claims):
        return pd.DataFrame(columns=ATTRIBUTION_COLUMNS)
    c = claims
    if "part" in c.columns:
        c = c.sort_values(["claim_id", "part"], kind="stable")
    g = c.groupby("claim_id", sort=False, dropna=False)
    first = g.head(1).set_index("claim_id")
    out = first.copy()
    out["n_parts"] = g.size()
    if "content" in c.columns:
        out["content"] = g["content"].agg(lambda s: PART_JOINER.join(str(x) for x in s))
    if "content_end" in c.columns:
        out["content_end"] = g["content_end"].max()
    if "kind" in c.columns:
        out["kind"] = g["kind"].agg(lambda s: s.iloc[0] if s.nunique(dropna=False) == 1 else "mixed")
    if "confidence" in c.columns:
        out["confidence"] = g["confidence"].max()
    out = out.reset_index()
    order = [k for k in ATTRIBUTION_COLUMNS if k in out.columns]
    rest = [k for k in out.columns if k not in order and k != "part"]
    out = out[order + rest]
    # back to text order (documents as they came, claims by their first part)
    pos = {cid: i for i, cid in enumerate(claims["claim_id"].drop_duplicates())}
    return out.iloc[sorted(range(len(out)), key=lambda i: pos[out["claim_id"].iloc[i]])].reset_index(drop=True)


def n_claims(claims: pd.DataFrame) -> int:
    """How many claims (attributions) a claims table holds: distinct ``claim_id``."""
    return 0 if claims is None or not len(claims) else int(claims["claim_id"].nunique())


_LEGEND = (
    '<div class="wsw-legend"><span class="wsw-speaker">speaker</span> '
    '<span class="wsw-cue">cue</span> <span class="wsw-content">claim content</span></div>'
)
_STYLE = (
    "<style>.wsw-article p{line-height:1.6}.wsw-speaker{background:#cfe3ff;font-weight:600}"
    ".wsw-cue{background:#ffe2a8;text-decoration:underline}.wsw-content{background:#d9f2d9}"
    ".wsw-legend span{padding:0 .4em;margin-right:.5em}</style>"
)


def highlight_claims_html(text: str, claims: pd.DataFrame) -> str:
    """The article as HTML with speakers, cues and claim contents highlighted.

    Text is HTML-escaped; overlapping spans are resolved per character with the
    priority speaker > cue > content. Paragraphs become ``<p>``; a legend heads
    the output. Each content span carries the claim's speaker as a tooltip.

    Args:
        text: the document text.
        claims: the document's claims (``schema.CLAIMS``).

    Returns:
        An HTML fragment (``<style>``, legend and article).
    """
    n = len(text)
    layer = [0] * (n + 1)  # 0 none, 1 content, 2 cue, 3 speaker
    title = [""] * (n + 1)
    if claims is not None and len(claims):
        for r in claims.itertuples(index=False):
            for s, e, lv in (
                (r.content_start, r.content_end, 1),
                (r.cue_start, r.cue_end, 2),
                (r.speaker_start, r.speaker_end, 3),
            ):
                if pd.isna(s) or pd.isna(e):
                    continue
                for x in range(int(s), min(int(e), n)):
                    if lv > layer[x]:
                        layer[x] = lv
                    if lv == 1 and not title[x]:
                        title[x] = f"{r.speaker if isinstance(r.speaker, str) and r.speaker else '?'} ({r.kind})"
    cls = {1: "wsw-content", 2: "wsw-cue", 3: "wsw-speaker"}
    out = [_STYLE, _LEGEND, '<div class="wsw-article"><p>']
    x = 0
    while x < n:
        if text.startswith("\n\n", x) or (text[x] == "\n" and x + 1 < n and text[x + 1] == "\n"):
            y = x
            while y < n and text[y].isspace():
                y += 1
            out.append("</p><p>")
            x = y
            continue
        y = x + 1
        while y < n and layer[y] == layer[x] and title[y] == title[x] and text[y] != "\n":
            y += 1
        piece = html.escape(text[x:y])
        if layer[x]:
            t = f' title="{html.escape(title[x])}"' if title[x] else ""
            out.append(f'<span class="{cls[layer[x]]}"{t}>{piece}</span>')
        else:
            out.append(piece)
        x = y
    out.append("</p></div>")
    return "".join(out)
