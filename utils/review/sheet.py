"""Review aids: the standalone HTML review sheet and the ipywidgets review form.

:func:`review_sheet_html` writes a sheet with speaker, cue and content highlighted
(:func:`highlight_claim`); :class:`ReviewWidget` records decisions through
:func:`utils.review.corrections.record_decision`.
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from utils import schema
from utils.report.palette import HIGHLIGHT_COLOURS
from utils.review.corrections import POLARITIES, _doc_texts, _s, record_decision


# ---------------------------------------------------------------------------
# Review aids: HTML sheet and ipywidgets form
# ---------------------------------------------------------------------------

_PRIORITY = {"content": 1, "speaker": 2, "cue": 3}  # the innermost role wins where spans overlap

_MARK_CSS = """
mark{padding:0 .1em;border-radius:3px;color:#222}
mark.speaker{background:%(speaker)s;border-bottom:2px solid #3d6fd1}
mark.cue{background:%(cue)s;border-bottom:2px solid #c79100}
mark.content{background:%(content)s}
""" % HIGHLIGHT_COLOURS
_SHEET_CSS = """
body{font-family:Georgia,serif;max-width:60em;margin:2em auto;line-height:1.5;color:#222}
h1{font-family:sans-serif} h2{font-family:sans-serif;border-bottom:1px solid #ccc;margin-top:2em}
.claim{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:1em 0}
.meta{font-family:sans-serif;font-size:.85em;color:#555}
.meta code{background:#f3f3f3;padding:0 .3em}
.legend mark{margin-right:1em}
.filter{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ccc;font-family:sans-serif}
.filter input{width:22em} [hidden]{display:none!important}
""" + _MARK_CSS

#: Paging and filtering of the review sheet: plain JavaScript, no external resource.
#: It reads the claims' data attributes and sets only ``hidden`` and ``textContent``,
#: never HTML, so nothing from the data becomes markup.
_SHEET_JS = """
(function(){
var per=%d,page=0;
var claims=[].slice.call(document.querySelectorAll('div.claim'));
var docs=[].slice.call(document.querySelectorAll('section.doc'));
var q=document.getElementById('wsw-q'),field=document.getElementById('wsw-field'),info=document.getElementById('wsw-info');
function hay(c,f){var s=c.getAttribute('data-speaker')||'',d=c.getAttribute('data-doc')||'',w=c.textContent||'';
 return (f==='speaker'?s:f==='document'?d:f==='words'?w:s+' '+d+' '+w).toLowerCase();}
function render(){
 var t=q.value.trim().toLowerCase(),f=field.value,hits=[];
 for(var i=0;i<claims.length;i++){claims[i].hidden=true;if(!t||hay(claims[i],f).indexOf(t)>=0)hits.push(claims[i]);}
 var pages=Math.max(1,Math.ceil(hits.length/per));if(page>=pages)page=pages-1;if(page<0)page=0;
 for(var j=page*per;j<Math.min(hits.length,(page+1)*per);j++)hits[j].hidden=false;
 for(var k=0;k<docs.length;k++)docs[k].hidden=!docs[k].querySelector('div.claim:not([hidden])');
 info.textContent=hits.length+' of '+claims.length+' claims'\
+(hits.length?', '+(page*per+1)+'-'+Math.min(hits.length,(page+1)*per):'')+' \u00b7 page '+(page+1)+' of '+pages;
 document.getElementById('wsw-prev').disabled=page===0;document.getElementById('wsw-next').disabled=page>=pages-1;}
q.addEventListener('input',function(){page=0;render();});field.addEventListener('change',function(){page=0;render();});
document.getElementById('wsw-prev').addEventListener('click',function(){page--;render();window.scrollTo(0,0);});
document.getElementById('wsw-next').addEventListener('click',function(){page++;render();window.scrollTo(0,0);});
render();
})();
"""


def _span(row: Mapping[str, Any], role: str) -> tuple[int, int] | None:
    s, e = row.get(f"{role}_start"), row.get(f"{role}_end")
    if s is None or e is None or s is pd.NA or e is pd.NA:
        return None
    try:
        s, e = int(s), int(e)
    except (TypeError, ValueError):
        return None
    return (s, e) if 0 <= s < e else None


def highlight_claim(text: str, claim: Mapping[str, Any], *, context: str = "paragraph",
                    paragraphs: list[tuple[int, int]] | None = None) -> str:
    """HTML of the claim's context with speaker, cue and content marked (text escaped).

    Args:
        text: the document text.
        claim: one claims row (``speaker_start`` ... ``content_end``), or one claim from
            :func:`claim_records` whose ``parts`` lists the content span of every part
            (a quote in several pieces is marked in every piece).
        context: ``paragraph`` (the paragraphs the claim touches) or ``claim`` (its spans only).
        paragraphs: ``utils.text.paragraph_spans(text)`` if already computed.

    >>> highlight_claim("Ann said: no.", {"speaker_start": 0, "speaker_end": 3, "cue_start": 4,
    ...     "cue_end": 8, "content_start": 10, "content_end": 12})
    '<mark class="speaker">Ann</mark> <mark class="cue">said</mark>: <mark class="content">no</mark>.'
    >>> print(highlight_claim("Yes, Ann said, now.", {"speaker_start": 5, "speaker_end": 8, "cue_start": 9,
    ...     "cue_end": 13, "parts": [(0, 3), (15, 18)]}))  # doctest: +NORMALIZE_WHITESPACE
    <mark class="content">Yes</mark>, <mark class="speaker">Ann</mark> <mark class="cue">said</mark>,
    <mark class="content">now</mark>.
    """
    from utils.text import paragraph_spans

    marks: list[tuple[str, int, int]] = []
    for r in ("speaker", "cue") + (() if claim.get("parts") else ("content",)):
        v = _span(claim, r)
        if v:
            marks.append((r, v[0], v[1]))
    for ps, pe in claim.get("parts") or ():
        if 0 <= int(ps) < int(pe):
            marks.append(("content", int(ps), int(pe)))
    marks = [(r, max(0, a), min(len(text), b)) for r, a, b in marks]
    if not marks:
        return ""
    lo = min(a for _, a, _ in marks)
    hi = max(b for _, _, b in marks)
    if context == "paragraph":
        for ps, pe in paragraphs if paragraphs is not None else paragraph_spans(text):
            if ps <= lo < pe:
                lo = ps
            if ps < hi <= pe:
                hi = pe
    cuts = sorted({lo, hi, *(x for _, a, b in marks for x in (a, b) if lo <= x <= hi)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        roles = [r for r, s, e in marks if s <= a and b <= e]
        piece = html.escape(text[a:b])
        if roles:
            role = max(roles, key=_PRIORITY.__getitem__)
            piece = f'<mark class="{role}">{piece}</mark>'
        out.append(piece)
    return "".join(out)


def claim_records(claims: pd.DataFrame) -> list[dict]:
    """One dict per claim (attribution), in text order: its first part's columns, with
    ``parts`` (the content span of every part), ``n_parts`` and ``content`` (the parts'
    texts joined with ``utils.claims.PART_JOINER``)."""
    from utils.claims import PART_JOINER

    if claims is None or not len(claims):
        return []
    out: dict[str, dict] = {}
    order = claims.sort_values(["doc_id", "content_start"], kind="stable") if "content_start" in claims else claims
    for row in order.to_dict("records"):
        cid = str(row["claim_id"])
        span = _span(row, "content")
        if cid not in out:
            out[cid] = {**row, "parts": [], "n_parts": 0, "content": ""}
        rec = out[cid]
        rec["n_parts"] += 1
        if span:
            rec["parts"].append(span)
        text = _s(row.get("content"))
        rec["content"] = text if not rec["content"] else rec["content"] + PART_JOINER + text
    return list(out.values())


def review_sheet_html(claims: pd.DataFrame, documents: pd.DataFrame | Mapping[str, str], *,
                      title: str = "Claims review sheet", per_page: int = 100) -> str:
    """A standalone HTML page listing every claim in its paragraph, highlighted, with its id.

    Speaker, cue and content are marked in distinct colours; each claim shows its id (to
    write in ``data/corrections/claims.csv``), speaker, kind and confidence. The page
    shows ``per_page`` claims at a time, with previous / next buttons and a filter box
    (any field, speaker, document id or title, or the words of the claim): a little
    inline JavaScript, no external resource; without JavaScript every claim shows.
    Every value from the data is HTML-escaped, attributes included.

    Args:
        claims: a claims table (``schema.CLAIMS``).
        documents: the documents table (``doc_id``, ``text``, optionally ``title``) or
            ``{doc_id: text}``.
        title: the page title.

    Returns:
        The HTML page as a string (no external resources).
    """
    from utils.text import paragraph_spans

    texts = _doc_texts(documents) or {}
    titles = {}
    if isinstance(documents, pd.DataFrame) and "title" in documents:
        titles = dict(zip(documents["doc_id"].astype(str), documents["title"].fillna("").astype(str)))
    legend = " ".join(f'<mark class="{r}">{r}</mark>' for r in ("speaker", "cue", "content"))
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}"
             f"</title><style>{_SHEET_CSS}</style></head><body><h1>{html.escape(title)}</h1>",
             f'<p class="meta legend">{legend} &middot; {claims["claim_id"].nunique() if len(claims) else 0} '
             "claim(s). Record decisions in <code>data/corrections/claims.csv</code> by claim id (a decision "
             "applies to every part of a claim).</p>"]
    if len(claims):
        parts.append('<div class="filter"><label>Filter <input id="wsw-q" type="search" '
                     'placeholder="speaker, document or words"></label> in <select id="wsw-field">'
                     '<option value="any">any field</option><option value="speaker">speaker</option>'
                     '<option value="document">document</option><option value="words">words</option></select> '
                     '<button id="wsw-prev" type="button">&larr; previous</button> '
                     '<button id="wsw-next" type="button">next &rarr;</button> <span id="wsw-info"></span></div>')
        records = claim_records(claims)
        by_doc: dict[str, list[dict]] = {}
        for rec in records:
            by_doc.setdefault(str(rec["doc_id"]), []).append(rec)
        for doc_id, group in by_doc.items():
            head = titles.get(doc_id) or doc_id
            doc_key = html.escape(f"{doc_id} {titles.get(doc_id, '')}".strip(), quote=True)
            parts.append(f'<section class="doc"><h2 id="{html.escape(doc_id)}">{html.escape(head)}</h2>'
                         f'<p class="meta"><code>{html.escape(doc_id)}</code></p>')
            text = texts.get(doc_id)
            paras = paragraph_spans(text) if text is not None else None
            for row in group:
                body = (highlight_claim(text, row, paragraphs=paras) if text is not None
                        else f'<mark class="content">{html.escape(str(row.get("content", "")))}</mark>')
                conf = row.get("confidence")
                conf_s = f"{float(conf):.2f}" if conf is not None and conf is not pd.NA and conf == conf else "–"
                parts.append(
                    f'<div class="claim" id="{html.escape(str(row["claim_id"]))}" '
                    f'data-speaker="{html.escape(_s(row.get("speaker")) or "unknown", quote=True)}" data-doc="{doc_key}">'
                    f'<p class="meta"><code>{html.escape(str(row["claim_id"]))}</code> &middot; speaker '
                    f'<b>{html.escape(_s(row.get("speaker")) or "unknown")}</b> &middot; {html.escape(_s(row.get("kind")))}'
                    f' &middot; confidence {conf_s}'
                    + (f' &middot; {row["n_parts"]} parts' if row["n_parts"] > 1 else "")
                    + f'</p><p>{body}</p></div>')
            parts.append("</section>")
        parts.append(f"<script>{_SHEET_JS % max(1, int(per_page))}</script>")
    else:
        parts.append("<p>No claims.</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


class ReviewWidget:
    """An ipywidgets form to review claims one at a time; every decision is appended to the
    corrections files with :func:`record_decision`.

    Controls: the claim in its paragraph (highlighted), a speaker text box, a stance
    dropdown and a polarity dropdown (when the claim has stances), a frame dropdown (when
    claim-level frames are given), Accept / Reject, Previous / Next.

    * Accept records ``accept`` for the claim, or ``change_speaker`` if the speaker box was
      edited; for the selected stance ``accept`` or ``change_polarity`` if the polarity was
      changed; for frames ``set_present`` (true for the chosen frame, false for the
      machine's present frames it replaces) if the frame was changed. Then it moves on.
    * Reject records ``reject`` for the claim and moves on.

    Args:
        claims: the claims table to review.
        documents: the documents table or ``{doc_id: text}``.
        corrections_path: the corrections folder (``data/corrections``) or its ``claims.csv``;
            stances and frames decisions go to ``stances.csv`` / ``frames.csv`` beside it.
        stances: optional stances table (for the polarity control).
        frames: optional frames table (claim-level rows feed the frame control).
        reviewer: written in the ``reviewer`` column.
    """

    NO_FRAME = "(no frame)"

    def __init__(self, claims: pd.DataFrame, documents, corrections_path: str | os.PathLike, *,
                 stances: pd.DataFrame | None = None, frames: pd.DataFrame | None = None,
                 reviewer: str = "") -> None:
        import ipywidgets as w

        p = Path(corrections_path)
        self.folder = p.parent if p.suffix.lower() == ".csv" else p
        self.claims = claims.reset_index(drop=True)
        self.records = claim_records(self.claims)  # one per claim: its parts are reviewed together
        self.texts = _doc_texts(documents) or {}
        self.stances = stances if stances is not None else pd.DataFrame(columns=schema.STANCES)
        self.frames = frames if frames is not None else pd.DataFrame(columns=schema.FRAMES)
        self.reviewer = reviewer
        self.position = 0
        self.decisions: list[tuple[str, dict]] = []  # (file name, row) in the order recorded
        self.view = w.HTML()
        self.speaker = w.Text(description="Speaker")
        self.stance = w.Dropdown(description="Stance", options=[])
        self.polarity = w.Dropdown(description="Polarity", options=list(POLARITIES))
        self.frame = w.Dropdown(description="Frame", options=[self.NO_FRAME])
        self.note = w.Text(description="Note")
        self.status = w.HTML()
        self.accept_button = w.Button(description="Accept", button_style="success")
        self.reject_button = w.Button(description="Reject", button_style="danger")
        self.previous_button = w.Button(description="◀ Previous")
        self.next_button = w.Button(description="Next ▶")
        self.accept_button.on_click(self.on_accept)
        self.reject_button.on_click(self.on_reject)
        self.previous_button.on_click(self.on_previous)
        self.next_button.on_click(self.on_next)
        self.stance.observe(self._on_stance_change, names="value")
        self.box = w.VBox([
            w.HTML(f"<style>{_MARK_CSS}</style>"), self.view,
            w.HBox([self.speaker, self.note]), w.HBox([self.stance, self.polarity]), self.frame,
            w.HBox([self.previous_button, self.accept_button, self.reject_button, self.next_button]),
            self.status,
        ])
        self._show()

    # -- display -----------------------------------------------------------------
    def _ipython_display_(self) -> None:  # pragma: no cover - needs a front end
        from IPython.display import display

        display(self.box)

    @property
    def current(self) -> dict | None:
        """The claim under review (a dict), or None when there are no claims."""
        if not self.records:
            return None
        return self.records[self.position]

    def _claim_stances(self, claim_id: str) -> pd.DataFrame:
        if not len(self.stances):
            return self.stances
        return self.stances[self.stances["claim_id"] == claim_id]

    def _claim_frames(self, claim_id: str) -> pd.DataFrame:
        f = self.frames
        if not len(f):
            return f
        return f[(f["unit"] == "claim") & (f["unit_id"] == claim_id)]

    def _show(self) -> None:
        c = self.current
        if c is None:
            self.view.value = "<p>No claims to review.</p>"
            return
        text = self.texts.get(str(c["doc_id"]))
        body = highlight_claim(text, c) if text is not None else html.escape(_s(c.get("content")))
        self.view.value = (f'<p class="meta"><b>{self.position + 1} / {len(self.records)}</b> &middot; '
                           f'<code>{html.escape(str(c["claim_id"]))}</code> &middot; {html.escape(_s(c.get("kind")))}'
                           f"</p><p>{body}</p>")
        self.speaker.value = _s(c.get("speaker"))
        st = self._claim_stances(str(c["claim_id"]))
        self._stance_rows = {f"{_s(r['target'])} ({r['polarity']})": r for r in st.to_dict("records")}
        self.stance.options = list(self._stance_rows)
        self.stance.value = next(iter(self._stance_rows), None)
        self._on_stance_change()
        fr = self._claim_frames(str(c["claim_id"]))
        self._frame_rows = fr.to_dict("records")
        self.frame.options = [self.NO_FRAME] + sorted({f"{r['scheme']}:{r['frame']}" for r in self._frame_rows})
        present = sorted(((r.get("score") or 0), f"{r['scheme']}:{r['frame']}") for r in self._frame_rows
                         if bool(r.get("present")))
        self._machine_frame = present[-1][1] if present else self.NO_FRAME
        self.frame.value = self._machine_frame
        self.note.value = ""

    def _on_stance_change(self, change=None) -> None:
        row = self._stance_rows.get(self.stance.value) if self.stance.value else None
        self.polarity.disabled = row is None
        if row is not None:
            self.polarity.value = row["polarity"]

    # -- handlers (call them directly in tests) ---------------------------------------
    def _record(self, name: str, row: dict) -> str | None:
        """Append one decision; None when recorded, else why not (a handler's exception
        would only reach the JupyterLab log, so it is returned for the status line)."""
        row = {**row, "reviewer": self.reviewer, "note": self.note.value}
        try:
            record_decision(self.folder / name, row)
        except Exception as exc:  # noqa: BLE001 - shown in the widget, never lost in the Lab log
            return f"{row.get('action')} in {name} NOT recorded: {exc}"
        self.decisions.append((name, row))
        return None

    def _done(self, what: str, errors: list[str | None]) -> None:
        """Show the outcome in ``status`` and move on, or stay on the claim when a decision
        was not recorded (saying which and why, escaped)."""
        errors = [e for e in errors if e]
        if not errors:
            self.status.value = html.escape(what)
            self.on_next()
            return
        self.status.value = ('<div style="color:#a00"><b>Not recorded</b>: the claim stays on screen; fix the '
                             'problem and press the button again.<pre style="white-space:pre-wrap">'
                             + html.escape("\n".join(errors)) + "</pre></div>")

    def on_accept(self, _button=None) -> None:
        """Record the claim (accept or change_speaker), stance and frame decisions; move on."""
        c = self.current
        if c is None:
            return
        cid = str(c["claim_id"])
        new_speaker = self.speaker.value.strip()
        if new_speaker and new_speaker != _s(c.get("speaker")):
            errors = [self._record("claims.csv", {"claim_id": cid, "action": "change_speaker", "speaker": new_speaker})]
        else:
            errors = [self._record("claims.csv", {"claim_id": cid, "action": "accept"})]
        row = self._stance_rows.get(self.stance.value) if self.stance.value else None
        if row is not None:
            if self.polarity.value != row["polarity"]:
                errors.append(self._record("stances.csv", {"stance_id": row["stance_id"], "action": "change_polarity",
                                                           "polarity": self.polarity.value}))
            else:
                errors.append(self._record("stances.csv", {"stance_id": row["stance_id"], "action": "accept"}))
        if self._frame_rows and self.frame.value != self._machine_frame:
            chosen = self.frame.value
            for r in self._frame_rows:
                name = f"{r['scheme']}:{r['frame']}"
                if name == chosen or (bool(r.get("present")) and name != chosen):
                    errors.append(self._record("frames.csv", {"unit_id": r["unit_id"], "scheme": r["scheme"],
                                                              "frame": r["frame"], "action": "set_present",
                                                              "present": name == chosen}))
        self._done(f"recorded: {cid}", errors)

    def on_reject(self, _button=None) -> None:
        """Record ``reject`` for the claim; move on."""
        c = self.current
        if c is None:
            return
        self._done(f"rejected: {c['claim_id']}",
                   [self._record("claims.csv", {"claim_id": str(c["claim_id"]), "action": "reject"})])

    def on_next(self, _button=None) -> None:
        """Show the next claim (stays on the last one)."""
        if self.records:
            self.position = min(self.position + 1, len(self.records) - 1)
            self._show()

    def on_previous(self, _button=None) -> None:
        """Show the previous claim (stays on the first one)."""
        if self.records:
            self.position = max(self.position - 1, 0)
            self._show()
