"""Applying corrections: merge analysts' decisions over the automatic tables.

:func:`apply_corrections` merges one corrections table over the automatic output and
returns the merged table plus a report (stale ids, conflicts, bad offsets);
:func:`apply_all_corrections` does it for claims, stances and frames from a folder.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from utils import schema
from utils.ids import actor_id as _slug
from utils.ids import claim_id_for
from utils.review.corrections import (
    COLUMNS,
    KEYS,
    META_COLUMNS,
    REPORT_COLUMNS,
    STATUS_COLUMN,
    CORRECTABLE_TABLES,
    _as_bool,
    _as_int,
    _check_table,
    _doc_texts,
    _records,
    load_corrections,
    validate_corrections,
)
from utils.review.corrections import _s


def apply_corrections(
    table_name: str,
    table: pd.DataFrame,
    corrections: pd.DataFrame | str | os.PathLike | None,
    *,
    documents: pd.DataFrame | Mapping[str, str] | None = None,
    claims: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge analysts' corrections over one automatic table (the corrections are only read).

    Rules: one decision per key; when several lines name the same key the LATER line (in
    file order) wins and the earlier ones are reported as ``conflict`` (or ``duplicate`` when
    they say the same). Ids missing from the automatic output are reported as ``stale`` and
    ignored. ``reject`` drops a claim or stance and sets a frame's ``present`` to False. An
    added claim whose ``text[content_start:content_end]`` differs from its ``content`` is
    reported as ``offset_mismatch`` (with the offsets where the content does occur, if it
    does) and not added.

    Args:
        table_name: ``claims``, ``stances`` or ``frames``.
        table: the automatic output (``schema.CLAIMS`` / ``STANCES`` / ``FRAMES`` columns).
        corrections: a path to the CSV, a frame from :func:`load_corrections`, or None.
        documents: the documents table (``doc_id``, ``text``) or ``{doc_id: text}``; needed to
            check the offsets of added claims and to fill their paragraph/sentence.
        claims: for ``stances`` only: the MERGED claims; stances then take their source from
            the corrected speaker and stances of rejected claims are dropped.

    Returns:
        ``(merged, report)``: the merged table (same columns plus ``review_status``:
        unreviewed, accepted, changed or added) and one report row per correction line
        (``file, line, table, key, action, status, message``) plus rows for propagated changes.

    Raises:
        ValueError: invalid corrections (see :func:`load_corrections`).
    """
    _check_table(table_name)
    corr = _corrections_frame(table_name, corrections)
    source = corr.attrs.get("path", "<corrections>")
    merged = table.copy().reset_index(drop=True)
    merged[STATUS_COLUMN] = "unreviewed"
    report: list[dict[str, Any]] = []

    # key -> the rows it decides: a claim's key covers every part of the claim
    index: dict[tuple, list[int]] = {}
    for i, row in enumerate(merged[list(KEYS[table_name])].itertuples(index=False, name=None)) if len(merged) else ():
        index.setdefault(tuple(str(v) for v in row), []).append(i)
    aliases = _part_aliases(merged) if table_name == "claims" else {}
    winners = _latest_decisions(table_name, _records(corr), index, aliases, source, report)
    drop, added, updates = _decide(table_name, winners, index, aliases, _doc_texts(documents), merged.columns,
                                   source, report)

    for col, vals in updates.items():
        _assign(merged, list(vals), col, list(vals.values()))
    merged = merged.drop(index=sorted(drop))
    if added:
        extra = pd.DataFrame(added).reindex(columns=merged.columns)
        merged = pd.concat([merged.astype(object), extra.astype(object)], ignore_index=True) \
            if len(merged) else extra
    if table_name == "stances" and claims is not None and len(merged):
        merged, prop = _propagate_claims(merged, claims)
        report.extend(prop)
    merged = _restore_dtypes(merged.reset_index(drop=True), table)
    if table_name == "claims" and len(merged) and {"doc_id", "content_start", "content_end"} <= set(merged):
        merged = merged.sort_values(["doc_id", "content_start", "content_end"], kind="stable",
                                    ignore_index=True)
    rep = pd.DataFrame(report, columns=REPORT_COLUMNS)
    if len(rep):
        rep["line"] = pd.array(rep["line"], dtype="Int64")
        rep = rep.sort_values("line", kind="stable", ignore_index=True)
    return merged, rep


def _corrections_frame(table_name: str, corrections: pd.DataFrame | str | os.PathLike | None) -> pd.DataFrame:
    """The corrections as a validated frame: none (an empty frame), a frame (validated
    here) or a path (read and validated by :func:`load_corrections`)."""
    if corrections is None:
        return pd.DataFrame(columns=list(COLUMNS[table_name]) + ["line"])
    if isinstance(corrections, pd.DataFrame):
        validate_corrections(table_name, corrections, source=corrections.attrs.get("path", "<corrections>"))
        return corrections
    return load_corrections(corrections, table_name=table_name)


def _latest_decisions(table_name: str, recs: list[dict], index: Mapping[tuple, list[int]],
                      aliases: Mapping[tuple, tuple], source: str, report: list[dict]) -> dict[tuple, dict]:
    """The latest decision per key, in the order of the lines that decided them; each
    earlier line for the same key is reported (appended to ``report``) as
    ``duplicate`` or ``conflict``. A key that matches an existing one only when case
    is ignored is taken as that key (the typed key is kept as ``_typed``)."""
    folded = _folded_keys([*index, *aliases])
    winners: dict[tuple, dict] = {}
    for rec in recs:
        key = _key_of(table_name, rec)
        if key not in index and key not in aliases and _fold(key) in folded and rec["action"].lower() != "add":
            rec, key = {**rec, "_typed": "|".join(key)}, folded[_fold(key)]  # 'T1:C0-5' typed for 't1:c0-5'
        if key in winners:
            prev = winners.pop(key)  # the key moves to the end: decisions run in the order of their lines
            same = _decision(table_name, prev) == _decision(table_name, rec)
            report.append(_rep(source, prev, table_name, key, "duplicate" if same else "conflict",
                               f"overridden by line {rec['line']} (the later line wins)"))
        winners[key] = rec
    return winners


def _decide(table_name: str, winners: Mapping[tuple, dict], index: Mapping[tuple, list[int]],
            aliases: Mapping[tuple, tuple], texts: dict[str, str] | None, columns, source: str,
            report: list[dict]) -> tuple[set[int], list[dict[str, Any]], dict[str, dict[int, Any]]]:
    """Carry out each winning decision; one report row per decision (appended to
    ``report``). Returns the row positions to drop, the rows to add and the
    new values (column -> {row position: value}, set at once by the caller)."""
    drop: set[int] = set()
    added: list[dict[str, Any]] = []
    updates: dict[str, dict[int, Any]] = {}

    def put(i: int, **values: Any) -> None:
        for col, v in values.items():
            updates.setdefault(col, {})[i] = v
    for key, rec in winners.items():
        action = rec["action"].lower()
        if table_name == "claims" and action == "add":
            status, msg, row = _added_claim(rec, texts, columns)
            if status == "applied" and (key in index or key in aliases):
                for i in index.get(key) or index[aliases[key]]:
                    put(i, **_speaker_values(rec), kind=rec["kind"].lower(), **{STATUS_COLUMN: "changed"})
                status, msg = "already_present", "the automatic output has this claim; speaker and kind set"
            elif row is not None:
                added.append(row)
            report.append(_rep(source, rec, table_name, key, status, msg))
            continue
        note = f"{rec['_typed']} matched {'|'.join(key)} ignoring case" if rec.get("_typed") else ""
        if key not in index and key in aliases:  # an id written when each part was a claim of its own
            note = (f"{key[0]} is a part of claim {aliases[key][0]} (a claim is now one attribution with all "
                    "its parts); applied to the whole claim")
            key = aliases[key]
        if key not in index:
            report.append(_rep(source, rec, table_name, key, "stale", _stale_message(table_name, key, index)))
            continue
        for i in index[key]:
            _apply_action(table_name, action, rec, i, put, drop)
        report.append(_rep(source, rec, table_name, key, "applied", note))
    return drop, added, updates


def _apply_action(table_name: str, action: str, rec: dict, i: int, put, drop: set[int]) -> None:
    """Apply one decision (accept, reject, change_speaker, change_polarity,
    set_present) to the row at position ``i``: through ``put`` or by adding ``i``
    to ``drop`` (a rejected claim or stance)."""
    if action == "accept":
        put(i, **{STATUS_COLUMN: "accepted"})
    elif action == "reject":
        if table_name == "frames":
            put(i, present=False, **{STATUS_COLUMN: "changed"})
        else:
            drop.add(i)
    elif action == "change_speaker":
        put(i, **_speaker_values(rec), **{STATUS_COLUMN: "changed"})
    elif action == "change_polarity":
        put(i, polarity=rec["polarity"].lower(), **{STATUS_COLUMN: "changed"})
    elif action == "set_present":
        put(i, present=_as_bool(rec["present"]), **{STATUS_COLUMN: "changed"})


def _part_aliases(claims: pd.DataFrame) -> dict[tuple, tuple]:
    """(id of one part,) -> (its claim's id,), for the parts after the first: before
    claims were attributions, every part had an id of its own (its offsets), and
    corrections written then still name them."""
    out: dict[tuple, tuple] = {}
    if not len(claims) or not {"doc_id", "content_start", "content_end"} <= set(claims.columns):
        return out
    for d, cid, s, e in claims[["doc_id", "claim_id", "content_start", "content_end"]].itertuples(index=False):
        if s is pd.NA or e is pd.NA or s != s or e != e:
            continue
        pid = claim_id_for(str(d), int(s), int(e))
        if pid != str(cid):
            out[(pid,)] = (str(cid),)
    return out


def _key_of(table_name: str, rec: dict) -> tuple:
    """The key a correction names. A frame's scheme and frame are the machine's lower-case
    identifiers, so ``Policy`` / ``Capacity and resources`` typed by hand name
    ``policy`` / ``capacity_and_resources``."""
    if table_name == "claims" and rec["action"].lower() == "add" and _as_int(rec.get("content_start", "")) is not None:
        return (claim_id_for(rec["doc_id"], int(rec["content_start"]), int(rec["content_end"])),)
    if table_name == "frames":
        return (rec.get("unit_id", ""), *(re.sub(r"[\s-]+", "_", rec.get(k, "").lower()) for k in ("scheme", "frame")))
    return tuple(rec.get(k, "") for k in KEYS[table_name])


def _fold(key: tuple) -> tuple:
    return tuple(str(v).casefold() for v in key)


def _folded_keys(keys: Iterable[tuple]) -> dict[tuple, tuple]:
    """Case-folded key -> the key, for the keys no other key folds to (an id typed in
    another case is matched only when that leaves no doubt)."""
    out: dict[tuple, tuple | None] = {}
    for k in keys:
        f = _fold(k)
        out[f] = k if out.get(f, k) == k else None
    return {f: k for f, k in out.items() if k is not None}


def _stale_message(table_name: str, key: tuple, index: Mapping[tuple, list[int]]) -> str:
    """Why a key is stale: for a frame, whether its unit is known and which frames it has."""
    if table_name == "frames":
        frames = sorted(f"{k[1]}:{k[2]}" for k in index if k[0] == key[0])
        if frames:
            return (f"unit {key[0]} has no frame {key[1]}:{key[2]} in the automatic output (its frames: "
                    f"{', '.join(frames)}); ignored")
    return f"{'|'.join(key)} is not in the automatic output (the text or the rules changed?); ignored"


def _decision(table_name: str, rec: dict) -> tuple:
    vals = [c for c in COLUMNS[table_name] if c not in META_COLUMNS]
    return tuple(rec.get(c, "").lower() for c in vals)


def _rep(source: str, rec: dict, table_name: str, key: tuple, status: str, message: str) -> dict:
    return {"file": source, "line": rec["line"], "table": table_name, "key": "|".join(key),
            "action": rec["action"].lower(), "status": status, "message": message}


def _assign(df: pd.DataFrame, rows: list, col: str, values: list) -> None:
    """``df.loc[rows, col] = values``, widening the column to object when its dtype
    cannot hold the values (e.g. an all-empty float ``speaker_id`` column read from CSV)."""
    try:
        df.loc[rows, col] = values
    except (TypeError, ValueError):
        df[col] = df[col].astype(object)
        df.loc[rows, col] = values


def _speaker_values(rec: dict) -> dict[str, str]:
    speaker = rec.get("speaker", "") or rec.get("speaker_id", "")
    return {"speaker": speaker, "speaker_id": rec.get("speaker_id", "") or _slug(speaker)}


def _added_claim(rec: dict, texts: dict[str, str] | None, columns) -> tuple[str, str, dict | None]:
    doc_id, s, e = rec["doc_id"], int(rec["content_start"]), int(rec["content_end"])
    content = rec["content"]
    row: dict[str, Any] = {c: pd.NA for c in columns}
    speaker = rec["speaker"]
    row.update({"doc_id": doc_id, "claim_id": claim_id_for(doc_id, s, e), "kind": rec["kind"].lower(),
                "speaker": speaker, "speaker_id": rec.get("speaker_id", "") or _slug(speaker),
                "content": content, "content_start": s, "content_end": e, "confidence": 1.0,
                "rule": "manual", STATUS_COLUMN: "added"})
    if texts is None:
        return "applied", "offsets not checked (no documents given)", row
    if doc_id not in texts:
        return "unknown_document", f"doc_id {doc_id!r} is not in the documents; not added", None
    text = texts[doc_id]
    if text[s:e] != content:
        found = text.find(content) if content else -1
        hint = (f"; the content occurs at {found}-{found + len(content)}" if found >= 0
                else "; the content does not occur in the document")
        return ("offset_mismatch", f"text[{s}:{e}] is {text[s:e][:60]!r}, not the given content{hint}; "
                "not added", None)
    from utils.text import paragraph_spans, sentence_spans

    paras = paragraph_spans(text)
    p = max((i for i, (ps, _) in enumerate(paras) if ps <= s), default=0)
    sents = [sp for ps, pe in paras for sp in sentence_spans(text, ps, pe)]
    row["paragraph"] = p
    row["sentence"] = max((i for i, (ss, _) in enumerate(sents) if ss <= s), default=0)
    return "applied", "", row


def _propagate_claims(stances: pd.DataFrame, claims: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Stances follow their claims: a corrected speaker becomes the source (claims whose
    ``review_status`` is changed/added); stances of claims no longer present are dropped."""
    report: list[dict] = []
    speakers = {}
    status = claims[STATUS_COLUMN] if STATUS_COLUMN in claims else pd.Series("changed", index=claims.index)
    changed = set(claims.loc[status.isin(["changed", "added"]), "claim_id"].astype(str))
    for cid, sp, sid in zip(claims["claim_id"], claims["speaker"], claims["speaker_id"]):
        speakers.setdefault(str(cid), (_s(sp), _s(sid)))
    keep = []
    stances = stances.copy()
    for i, sid_, cid, src_id in zip(stances.index, stances["stance_id"], stances["claim_id"], stances["source_id"]):
        cid = _s(cid)
        if not cid:
            keep.append(True)
            continue
        if cid not in speakers:
            keep.append(False)
            report.append({"file": "", "line": pd.NA, "table": "stances", "key": str(sid_),
                           "action": "propagate", "status": "dropped",
                           "message": f"its claim {cid} was rejected or no longer exists"})
            continue
        keep.append(True)
        sp, sid = speakers[cid]
        if cid in changed and sid and _s(src_id) != sid:
            _assign(stances, [i], "source", [sp])
            _assign(stances, [i], "source_id", [sid])
            if stances.loc[i, STATUS_COLUMN] == "unreviewed":
                stances.loc[i, STATUS_COLUMN] = "changed"
            report.append({"file": "", "line": pd.NA, "table": "stances", "key": str(sid_),
                           "action": "propagate", "status": "applied",
                           "message": f"source set to {sp!r} from corrected claim {cid}"})
    return stances[keep], report


def _restore_dtypes(merged: pd.DataFrame, original: pd.DataFrame) -> pd.DataFrame:
    for col in merged.columns:
        if col in schema.INT_COLUMNS:
            merged[col] = pd.to_numeric(merged[col], errors="coerce").astype("Int64")
        elif col in original and pd.api.types.is_bool_dtype(original[col].dtype):
            merged[col] = merged[col].astype(bool)
        elif col in ("confidence", "score") and col in original and pd.api.types.is_float_dtype(original[col].dtype):
            merged[col] = pd.to_numeric(merged[col], errors="coerce")
    return merged


# ---------------------------------------------------------------------------
# Convenience for the notebook: everything at once
# ---------------------------------------------------------------------------

def apply_all_corrections(tables: Mapping[str, pd.DataFrame], corrections_dir: str | os.PathLike, *,
                          documents: pd.DataFrame | Mapping[str, str] | None = None
                          ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Apply ``claims.csv``, then ``stances.csv`` (following the merged claims), then
    ``frames.csv`` from ``corrections_dir``; missing files mean no decisions.

    Returns:
        ``(merged, report)``: ``{"claims", "stances", "frames"}`` merged tables and all
        report rows together.
    """
    folder = Path(corrections_dir)
    merged: dict[str, pd.DataFrame] = {}
    reports = []
    for name in CORRECTABLE_TABLES:
        table = tables.get(name)
        if table is None:
            table = pd.DataFrame(columns=getattr(schema, name.upper()))
        extra = {"claims": merged["claims"]} if name == "stances" else {}
        merged[name], rep = apply_corrections(name, table, folder / f"{name}.csv", documents=documents, **extra)
        reports.append(rep)
    report = pd.concat([r for r in reports if len(r)], ignore_index=True) if any(len(r) for r in reports) \
        else pd.DataFrame(columns=REPORT_COLUMNS)
    return merged, report
