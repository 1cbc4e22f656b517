"""Tables and HTML for reading: highlighted mentions, top actors, mention summary."""
from __future__ import annotations

import html

import pandas as pd

from utils.actors.doc import _frame
from utils.actors.registry import MENTION_KINDS, TYPES

TYPE_COLOURS = {
    "person": "#fde68a",
    "organisation": "#bfdbfe",
    "group": "#fbcfe8",
    "place": "#bbf7d0",
    "role": "#fed7aa",
    "other": "#e5e7eb",
}


def highlight_mentions_html(text: str, mentions: pd.DataFrame) -> str:
    """The article as HTML with every mention highlighted (colour by type).

    Nested mentions become nested ``<mark>`` elements; a mention that crosses
    another without nesting is skipped. Text is HTML-escaped; hovering a
    mention shows its actor, type, kind and rule.

    >>> from utils.actors import detect_mentions
    >>> html_ = highlight_mentions_html("Mr Austin <b>", detect_mentions("d", "Mr Austin <b>"))
    >>> "&lt;b&gt;" in html_ and "<mark" in html_
    True
    """
    spans = []
    if mentions is not None and len(mentions):
        for r in mentions.itertuples(index=False):
            s, e = int(r.start), int(r.end)
            if 0 <= s < e <= len(text):
                spans.append((s, -e, r))
    spans.sort(key=lambda x: (x[0], x[1]))
    parts, stack, pos = [], [], 0
    for s, neg_e, r in spans:
        e = -neg_e
        while stack and stack[-1] <= s:
            end = stack.pop()
            parts.append(html.escape(text[pos:end]))
            parts.append("</mark>")
            pos = end
        if stack and e > stack[-1]:
            continue  # crosses the open mention
        parts.append(html.escape(text[pos:s]))
        pos = s
        colour = TYPE_COLOURS.get(r.type, TYPE_COLOURS["other"])
        tip = html.escape(f"{r.actor} · {r.type} · {r.kind} · {r.resolved_by}", quote=True)
        parts.append(f'<mark style="background:{colour};padding:0 1px;border-radius:2px" title="{tip}">')
        stack.append(e)
    while stack:
        end = stack.pop()
        parts.append(html.escape(text[pos:end]))
        parts.append("</mark>")
        pos = end
    parts.append(html.escape(text[pos:]))
    legend = " ".join(
        f'<span style="background:{c};padding:0 4px;border-radius:2px">{t}</span>' for t, c in TYPE_COLOURS.items()
    )
    body = "".join(parts)
    return f'<div style="white-space:pre-wrap;line-height:1.6;font-family:Georgia,serif">{legend}\n\n{body}</div>'


def top_actors(
    actors: pd.DataFrame, *, n: int = 25, types: tuple[str, ...] = ("person", "organisation", "group")
) -> pd.DataFrame:
    """The ``n`` most mentioned actors of the given types, for charts.

    Columns: name, type, party ("unknown" when empty), n_mentions, n_documents.
    """
    cols = ["name", "type", "party", "n_mentions", "n_documents"]
    if actors is None or len(actors) == 0:
        return _frame([], cols)
    a = actors[actors["type"].isin(types)][cols].copy()
    a["party"] = a["party"].fillna("").astype(str).replace("", "unknown")
    a = a.sort_values(["n_mentions", "n_documents", "name"], ascending=[False, False, True], kind="stable")
    return a.head(n).reset_index(drop=True)


def mention_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions counted by type (rows) and kind (columns), with totals."""
    if mentions is None or len(mentions) == 0:
        return pd.DataFrame(0, index=list(TYPES), columns=list(MENTION_KINDS))
    tab = pd.crosstab(mentions["type"], mentions["kind"], margins=True, margins_name="total")
    order = [t for t in TYPES if t in tab.index] + ["total"]
    cols = [k for k in MENTION_KINDS if k in tab.columns] + ["total"]
    return tab.loc[order, cols]
