"""Review and reliability: analysts correct the machine and measure how far to trust it.

Used by ``notebooks/07-review-and-reliability.ipynb``.

Four parts, all working on the pipeline's tables (``utils.schema``):

1. **Corrections.** Analysts' decisions live in ``data/corrections/{claims,stances,frames}.csv``
   (format: ``data/corrections/README.md``). :func:`load_corrections` reads and validates a
   file; :func:`apply_corrections` merges it over the automatic output on every run and
   returns the merged table plus a report (stale ids, conflicts, bad offsets). The
   corrections file is only ever read there; :func:`record_decision` is the one writer,
   appending one row atomically under a lock held across processes. Excel's habits (BOM,
   CRLF, ``;``, trailing empty columns, capitalised headers and values) are read as they come.
2. **Review aids.** :func:`review_sheet_html` writes a standalone HTML sheet with speaker,
   cue and content highlighted; :class:`ReviewWidget` is an ipywidgets form that records
   decisions through :func:`record_decision`.
3. **Validation** against an analyst's coded sample: :func:`match_claims`,
   :func:`validate_claims` (content token-overlap matching, greedy one-to-one, P/R/F1 and
   speaker accuracy) and :func:`agreement` (percent agreement on one field).
4. **Reliability**: :func:`krippendorff_alpha` (nominal, via NLTK's ``AnnotationTask``) and
   :func:`alpha_table` (alpha per variable with the number of units and a flag), fed by
   :func:`codings_from_tables` or a coder's coding sheet read by :func:`load_codings`;
   :func:`reliability_table` adds percent agreement for a pair of coders.
5. **Notebook helpers**: :func:`apply_all_corrections`, :func:`load_gold_json` /
   :func:`gold_tables_from_json` (a hand-coded JSON sample such as the seed gold file),
   :func:`compare_with_sample`, :func:`reliability_report`, :func:`plot_alpha`.

Krippendorff's alpha and missing values: a unit coded by only one coder has no pairable
values and must not count (Krippendorff 2011). Checked with NLTK 3.10.4: its
``AnnotationTask.alpha`` does skip such items (Krippendorff's 2011 example with a
single-coded unit gives the published 0.743 either way), but it raises ZeroDivisionError
when no unit has two values, returns 1.0 when the pairable values show no variation (alpha
is undefined there), and counts a coder who coded a unit twice as two values.
:func:`krippendorff_alpha` therefore keeps one value per coder and unit (the later),
drops units with fewer than two values before calling NLTK (so the result does not depend
on that NLTK detail) and returns NaN (flag ``undefined``) when nothing or no variation is left.

Example:
    >>> claims = pd.DataFrame({"claim_id": ["d:c0-5", "d:c9-20"], "speaker": ["A", "B"]})
    >>> fixes = pd.DataFrame({"claim_id": ["d:c9-20", "d:c99-120"], "action": ["reject", "accept"]})
    >>> merged, report = apply_corrections("claims", claims, fixes)
    >>> merged["claim_id"].tolist(), report["status"].tolist()
    (['d:c0-5'], ['applied', 'stale'])
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as _dt
import html
import io
import os
import re
import secrets
import stat
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from utils import schema
from utils.ids import actor_id as _slug, claim_id_for  # noqa: F401 - claim_id_for: the old name for corrections code

# ---------------------------------------------------------------------------
# Corrections: format
# ---------------------------------------------------------------------------

TABLES = ("claims", "stances", "frames")
KEYS: dict[str, tuple[str, ...]] = {
    "claims": ("claim_id",),
    "stances": ("stance_id",),
    "frames": ("unit_id", "scheme", "frame"),
}
ACTIONS: dict[str, tuple[str, ...]] = {
    "claims": ("accept", "reject", "change_speaker", "add"),
    "stances": ("accept", "reject", "change_polarity"),
    "frames": ("accept", "reject", "set_present"),
}
META_COLUMNS = ("reviewer", "timestamp", "note")
COLUMNS: dict[str, tuple[str, ...]] = {
    "claims": ("claim_id", "action", "speaker", "speaker_id", "doc_id", "content_start", "content_end",
               "content", "kind") + META_COLUMNS,
    "stances": ("stance_id", "action", "polarity") + META_COLUMNS,
    "frames": ("unit_id", "scheme", "frame", "action", "present") + META_COLUMNS,
}
REQUIRED: dict[str, tuple[str, ...]] = {t: KEYS[t] + ("action",) for t in TABLES}
POLARITIES = ("favour", "against", "neutral")
KINDS = ("direct", "indirect", "mixed")
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f"}
REPORT_COLUMNS = ["file", "line", "table", "key", "action", "status", "message"]
STATUS_COLUMN = "review_status"  # added to merged tables: unreviewed | accepted | changed | added


def _table_from_path(path: Path) -> str | None:
    stem = Path(path).stem.lower()
    return stem if stem in TABLES else None


def _check_table(table_name: str) -> str:
    if table_name not in TABLES:
        raise ValueError(f"unknown table {table_name!r}: expected one of {', '.join(TABLES)}")
    return table_name


def load_corrections(path: str | os.PathLike, *, table_name: str | None = None) -> pd.DataFrame:
    """Read and validate one corrections CSV (it is never written here).

    Lines whose first cell starts with ``#`` are comments; blank lines are skipped. Every
    value is kept as a string (blank = empty string); a ``line`` column gives the CSV line
    number (1-based, counting comments and the header) of each record. A missing file
    yields an empty frame: no decisions yet. Excel's habits are read as they come: a
    byte-order mark, CRLF line endings, ``;`` or tab as the delimiter (seen in the header
    line), trailing empty columns, and header names in any case (``Claim_ID``).

    Args:
        path: the CSV file, e.g. ``data/corrections/claims.csv``.
        table_name: ``claims``, ``stances`` or ``frames``; default from the file name.

    Returns:
        The corrections, one row per record, with ``attrs["path"]`` set.

    Raises:
        ValueError: listing every problem of the file at once, each naming file, line and
            field: missing required columns, a record with more cells than the header, a
            malformed record (an unclosed quote is named at the line where it opens), or an
            invalid value (unknown action, polarity, kind, present, offsets).
    """
    path = Path(path)
    table_name = _check_table(table_name or _table_from_path(path) or "")
    if not path.exists():
        df = pd.DataFrame(columns=list(COLUMNS[table_name]) + ["line"])
        df.attrs["path"] = str(path)
        return df
    text, _bom = _read_text(path)
    parsed = _parse_csv(text, str(path), COLUMNS[table_name])
    if parsed.header is None:
        raise ValueError(f"{path}: no header row; expected columns {', '.join(COLUMNS[table_name])}")
    problems = list(parsed.problems)
    missing = [c for c in REQUIRED[table_name] if c not in parsed.header]
    if missing:
        problems.append((parsed.header_line, f"{path}, line {parsed.header_line}: missing required column(s) "
                         f"{', '.join(missing)} (header: {', '.join(parsed.header)}; see data/corrections/README.md)"))
    df = pd.DataFrame(parsed.rows, columns=parsed.header + ["line"])
    for c in COLUMNS[table_name]:
        if c not in df and c not in REQUIRED[table_name]:
            df[c] = ""
    df = df.fillna("")
    df.attrs["path"] = str(path)
    if "action" in df:
        problems += _value_problems(table_name, df, str(path))
    _raise_problems(problems, str(path))
    return df


def _read_text(path: Path) -> tuple[str, bool]:
    """The text of a UTF-8 file without its byte-order mark, and whether it had one."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), raw.startswith(codecs.BOM_UTF8)
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                         "save it as UTF-8 CSV") from None


def _column_name(cell: str) -> str:
    """A header cell as a column name: ``Claim_ID`` and ``Claim ID`` are ``claim_id``."""
    return re.sub(r"\s+", "_", cell.strip().lower())


def _is_blank_or_comment(cells: list[str]) -> bool:
    return not cells or all(not c.strip() for c in cells) or cells[0].lstrip().startswith("#")


def _csv_format(text: str, known: Iterable[str]) -> tuple[str, str]:
    """``(delimiter, line ending)`` of a corrections file: the delimiter (``,``, ``;`` or a
    tab) that splits the header line into the most known column names (ties: ``,``); the
    line ending of the first line (``\\n`` for a file without one)."""
    known = set(known)
    lines = io.StringIO(text, newline="").readlines()
    head = next((ln for ln in lines if ln.strip(" \t\r\n,;\"") and not ln.lstrip().startswith("#")), "")

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([head], delimiter=delimiter), [])
        return sum(_column_name(c) in known for c in cells), len(cells)

    delimiter = max((",", ";", "\t"), key=score)
    first = lines[0] if lines else "\n"
    ending = "\r\n" if first.endswith("\r\n") else "\r" if first.endswith("\r") else "\n"
    return delimiter, ending


class _ParsedCsv:
    """What :func:`_parse_csv` found: header (column names), its line, rows (cells padded
    to the header plus the line number), problems ``(line, message)``, the delimiter and
    line ending, and ``open_quote`` (the line of a quote still open at the end, or None)."""

    def __init__(self, delimiter: str, ending: str) -> None:
        self.header: list[str] | None = None
        self.header_line = 0
        self.rows: list[list] = []
        self.problems: list[tuple[int, str]] = []
        self.delimiter, self.ending = delimiter, ending
        self.open_quote: int | None = None


def _parse_csv(text: str, source: str, known: Iterable[str]) -> _ParsedCsv:
    """Split a corrections file into header and records, collecting every problem.

    After a malformed record the reading goes on at the next line, so one problem does
    not hide the others; a quote left open swallows the rest of the file and is named at
    the line where it opens."""
    out = _ParsedCsv(*_csv_format(text, known))
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as Python reads text: a note keeps "\n"
    lines = io.StringIO(text, newline="")
    base = 0  # lines consumed by the readers before a malformed record
    while True:
        reader = csv.reader(lines, delimiter=out.delimiter, strict=True)
        start = base + 1  # the first line of the record being read
        try:
            for rec in reader:
                _take_record(out, rec, start, source)
                start = base + reader.line_num + 1
            return out
        except csv.Error as exc:
            line, why = base + reader.line_num, str(exc)
            if "unexpected end of data" in why:
                line = out.open_quote = _open_quote_line(text, start, out.delimiter)
                why = "a quote opens on this line and is never closed (a stray \" in a note?)"
            out.problems.append((line, f"{source}, line {line}: malformed CSV: {why}"))
            base += reader.line_num


def _take_record(out: _ParsedCsv, rec: list[str], line: int, source: str) -> None:
    """Add one record to ``out``: the header (first record that is no comment), or a row
    cut or padded to the header (surplus non-empty cells are a problem)."""
    if _is_blank_or_comment(rec):
        return
    if out.header is None:
        names = [_column_name(c) for c in rec]
        while names and not names[-1]:  # Excel's trailing empty columns
            names.pop()
        out.header = [n or f"column_{i + 1}" for i, n in enumerate(names)]
        out.header_line = line
        for name, n in Counter(out.header).items():
            if n > 1:
                out.problems.append((line, f"{source}, line {line}, field '{name}': the header names it {n} times"))
        return
    width = len(out.header)
    used = len(rec)
    while used > width and not rec[used - 1].strip():
        used -= 1
    if used > width:
        out.problems.append((line, f"{source}, line {line}: {used} cells but the header has {width} "
                                   f"(an unquoted {_DELIMITER_NAMES[out.delimiter]} in a note?)"))
    out.rows.append(rec[:width] + [""] * (width - len(rec)) + [line])


_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def _open_quote_line(text: str, first: int, delimiter: str) -> int:
    """The line, at or after ``first``, on which the quote still open at the end of
    ``text`` opened (the csv module only notices at the end of the file)."""
    lines = io.StringIO(text, newline="").readlines()
    quoted, closed, field_start, opened = False, False, True, first
    for n, line in enumerate(lines[first - 1:], first):
        for ch in line:
            if quoted:
                quoted, closed = ch != '"', ch == '"'
                continue
            if ch == '"' and (field_start or closed):  # a quoted field opens, or '""' goes on in one
                opened = n if field_start else opened
                quoted = True
            field_start, closed = ch in (delimiter, "\r", "\n"), False
    return opened


def _raise_problems(problems: list[tuple[int, str]], source: str) -> None:
    """Raise one ValueError listing every problem, in line order (nothing if none)."""
    if problems:
        items = [msg for _, msg in sorted(problems, key=lambda p: p[0])]
        raise ValueError(f"{len(items)} problem(s) in {source} (format: data/corrections/README.md):\n  "
                         + "\n  ".join(items))


def _as_bool(value: str) -> bool | None:
    v = str(value).strip().lower()
    return True if v in _TRUE else False if v in _FALSE else None


def _as_int(value: str) -> int | None:
    v = str(value).strip()
    return int(v) if re.fullmatch(r"[0-9]{1,12}", v) else None


def validate_corrections(table_name: str, corrections: pd.DataFrame, *, source: str = "<corrections>") -> None:
    """Check actions and values of every correction; raise one error listing all problems.

    Args:
        table_name: ``claims``, ``stances`` or ``frames``.
        corrections: as returned by :func:`load_corrections` (or a hand-built frame).
        source: the file name used in messages.

    Raises:
        ValueError: naming file, line and field of every invalid value.
    """
    _check_table(table_name)
    _raise_problems(_value_problems(table_name, corrections, source), source)


def _value_problems(table_name: str, corrections: pd.DataFrame, source: str) -> list[tuple[int, str]]:
    """``(line, message)`` for every invalid value of every correction (see
    :func:`validate_corrections`); a key column the file lacks is not checked here."""
    problems: list[tuple[int, str]] = []
    for rec in _records(corrections):
        line = rec["line"]

        def bad(field: str, msg: str) -> None:
            problems.append((line, f"{source}, line {line}, field '{field}': {msg}"))

        action = rec.get("action", "").strip().lower()
        if action not in ACTIONS[table_name]:
            bad("action", f"unknown action {rec.get('action', '')!r}; expected one of "
                          f"{', '.join(ACTIONS[table_name])}")
            continue
        if action != "add":
            for k in KEYS[table_name]:
                if k in rec and not rec[k].strip():
                    bad(k, f"empty; action {action!r} needs the id of an existing row")
        if table_name == "claims" and action == "change_speaker":
            if not rec.get("speaker", "").strip() and not rec.get("speaker_id", "").strip():
                bad("speaker", "change_speaker needs a speaker name (or speaker_id)")
        if table_name == "claims" and action == "add":
            for f in ("doc_id", "content", "speaker"):
                if not rec.get(f, "").strip():
                    bad(f, "empty; action 'add' needs doc_id, content_start, content_end, content, "
                           "speaker and kind")
            s, e = _as_int(rec.get("content_start", "")), _as_int(rec.get("content_end", ""))
            if s is None:
                bad("content_start", f"not a non-negative integer: {rec.get('content_start', '')!r}")
            if e is None:
                bad("content_end", f"not a non-negative integer: {rec.get('content_end', '')!r}")
            if s is not None and e is not None and e <= s:
                bad("content_end", f"content_end {e} is not after content_start {s}")
            if rec.get("kind", "").strip().lower() not in KINDS:
                bad("kind", f"unknown kind {rec.get('kind', '')!r}; expected one of {', '.join(KINDS)}")
            cid = rec.get("claim_id", "").strip()
            if cid and s is not None and e is not None and cid != claim_id_for(rec["doc_id"].strip(), s, e):
                bad("claim_id", f"{cid!r} does not match its offsets; leave it empty or write "
                                f"{claim_id_for(rec['doc_id'].strip(), s, e)!r}")
        if table_name == "stances" and action == "change_polarity":
            if rec.get("polarity", "").strip().lower() not in POLARITIES:
                bad("polarity", f"unknown polarity {rec.get('polarity', '')!r}; expected one of "
                                f"{', '.join(POLARITIES)}")
        if table_name == "frames" and action == "set_present":
            if _as_bool(rec.get("present", "")) is None:
                bad("present", f"not true/false: {rec.get('present', '')!r}")
    return problems


def _records(corrections: pd.DataFrame) -> list[dict[str, Any]]:
    """Correction rows as dicts of stripped strings plus an integer ``line``."""
    df = corrections.copy()
    if "line" not in df:
        df["line"] = range(2, len(df) + 2)  # as if written under a header line
    out = []
    for rec in df.to_dict("records"):
        r = {k: ("" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v).strip())
             for k, v in rec.items() if k != "line"}
        r["line"] = int(rec["line"])
        out.append(r)
    return out


def _doc_texts(documents: pd.DataFrame | Mapping[str, str] | None) -> dict[str, str] | None:
    if documents is None:
        return None
    if isinstance(documents, Mapping):
        return dict(documents)
    return dict(zip(documents["doc_id"].astype(str), documents["text"]))


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
    if corrections is None:
        corr = pd.DataFrame(columns=list(COLUMNS[table_name]) + ["line"])
    elif isinstance(corrections, pd.DataFrame):
        corr = corrections
        validate_corrections(table_name, corr, source=corr.attrs.get("path", "<corrections>"))
    else:
        corr = load_corrections(corrections, table_name=table_name)
    source = corr.attrs.get("path", "<corrections>")
    texts = _doc_texts(documents)
    merged = table.copy().reset_index(drop=True)
    merged[STATUS_COLUMN] = "unreviewed"
    report: list[dict[str, Any]] = []

    key_cols = list(KEYS[table_name])
    # key -> the rows it decides: a claim's key covers every part of the claim
    index: dict[tuple, list[int]] = {}
    for i, row in enumerate(merged[key_cols].itertuples(index=False, name=None)) if len(merged) else ():
        index.setdefault(tuple(str(v) for v in row), []).append(i)
    aliases = _part_aliases(merged) if table_name == "claims" else {}
    folded = _folded_keys([*index, *aliases])

    # latest decision per key; earlier lines are conflicts or duplicates
    recs = _records(corr)
    winners: dict[tuple, dict] = {}
    order: list[tuple] = []
    for rec in recs:
        key = _key_of(table_name, rec)
        if key not in index and key not in aliases and _fold(key) in folded and rec["action"].lower() != "add":
            rec, key = {**rec, "_typed": "|".join(key)}, folded[_fold(key)]  # 'T1:C0-5' typed for 't1:c0-5'
        if key in winners:
            prev = winners[key]
            same = _decision(table_name, prev) == _decision(table_name, rec)
            report.append(_rep(source, prev, table_name, key, "duplicate" if same else "conflict",
                               f"overridden by line {rec['line']} (the later line wins)"))
            order.remove(key)
        winners[key] = rec
        order.append(key)

    drop: set[int] = set()
    added: list[dict[str, Any]] = []
    updates: dict[str, dict[int, Any]] = {}  # column -> {row position: new value}, set at once below

    def put(i: int, **values: Any) -> None:
        for col, v in values.items():
            updates.setdefault(col, {})[i] = v
    for key in order:
        rec = winners[key]
        action = rec["action"].lower()
        if table_name == "claims" and action == "add":
            status, msg, row = _added_claim(rec, texts, merged.columns)
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
        report.append(_rep(source, rec, table_name, key, "applied", note))

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


def record_decision(path: str | os.PathLike, row: Mapping[str, Any]) -> Path:
    """Append one decision to a corrections CSV, safely across processes.

    An exclusive lock (``fcntl.flock`` on ``.<name>.lock`` beside the file, removed
    afterwards) is held around read, append and write, so two reviewers or kernels
    recording at once keep every decision; the new content goes to a temporary file that
    is renamed over the old one, so a file is never half-written. The file keeps its mode
    (a new file gets the default mode under the umask), its byte-order mark, delimiter,
    line ending and header spelling. Creates the file (with a comment line and the header
    of its table, known from the file name) when missing. ``timestamp`` defaults to now
    (UTC, ISO 8601). Booleans are written ``true``/``false``. The row is validated first,
    so a bad decision never lands.

    Args:
        path: e.g. ``data/corrections/claims.csv``.
        row: column -> value; keys must be columns of the file (in any case).

    Returns:
        The path written.

    Raises:
        ValueError: a key that is not a column of the file, an invalid value, a file that
            is not UTF-8, or a file ending inside an open quote (the decision would be lost
            in a note).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        old, bom = _read_text(path) if path.exists() else ("", False)
        text = _appended(path, old, row)
        _replace(path, (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    return path


def _appended(path: Path, old: str, row: Mapping[str, Any]) -> str:
    """The text of corrections file ``path`` (now ``old``) with ``row`` validated and appended."""
    table_name = _table_from_path(path)
    known = COLUMNS[table_name] if table_name else [_column_name(k) for k in row]
    parsed = _parse_csv(old, str(path), known)
    if parsed.open_quote is not None:
        raise ValueError(f"{path}, line {parsed.open_quote}: a quote opens there and is never closed; "
                         "close it before recording (a new line would end up inside it)")
    out, header = io.StringIO(), parsed.header
    write = csv.writer(out, delimiter=parsed.delimiter, lineterminator=parsed.ending).writerow
    out.write(old)
    if old and not old.endswith(("\n", "\r")):
        out.write(parsed.ending)
    if header is None:
        header = list(COLUMNS[table_name]) if table_name else list(known)
        if not old.strip():
            out.write(f"# Review decisions for {table_name or 'a table'}: one line per decision, the later "
                      f"line wins; format in data/corrections/README.md{parsed.ending}")
        write(header)
    cells = _cells(path, header, row)
    if table_name:
        check = pd.DataFrame([cells], columns=header)
        check["line"] = len(io.StringIO(out.getvalue(), newline="").readlines()) + 1
        validate_corrections(table_name, check, source=str(path))
    write(cells)
    return out.getvalue()


def _cells(path: Path, header: list[str], row: Mapping[str, Any]) -> list[str]:
    """``row`` as the cells of a line under ``header`` (column names matched in any case)."""
    values = {_column_name(k): v for k, v in row.items()}
    unknown = [k for k in row if _column_name(k) not in header]
    if unknown:
        raise ValueError(f"{path}: unknown column(s) {', '.join(unknown)}; the file's columns are "
                         f"{', '.join(header)}")
    if "timestamp" in header and not values.get("timestamp"):
        values["timestamp"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    return ["" if values.get(c) is None else "true" if values[c] is True else "false" if values[c] is False
            else str(values[c]) for c in header]


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock for ``path`` across processes: ``flock`` on ``.<name>.lock``
    beside it. The holder removes the lock file before releasing it; a process that
    locked a file which is no longer at that path (removed meanwhile) tries again."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock between processes
        yield
        return
    lock = path.parent / f".{path.name}.lock"
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            held = os.fstat(fd)
            current = os.stat(lock)
            if (held.st_dev, held.st_ino) == (current.st_dev, current.st_ino):
                break
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        os.unlink(lock)
        os.close(fd)


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it, keeping the
    old file's mode and group (a new file gets ``0o666`` less the umask)."""
    old = path.stat() if path.exists() else None
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            if old is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(old.st_mode))
                with contextlib.suppress(OSError):
                    os.fchown(fh.fileno(), -1, old.st_gid)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------
# Review aids: HTML sheet and ipywidgets form
# ---------------------------------------------------------------------------

HIGHLIGHT_COLOURS = {"speaker": "#cfe2ff", "cue": "#ffe8a3", "content": "#d7f5dd"}
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
 info.textContent=hits.length+' of '+claims.length+' claims'+(hits.length?', '+(page*per+1)+'-'+Math.min(hits.length,(page+1)*per):'')+' \u00b7 page '+(page+1)+' of '+pages;
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
    >>> highlight_claim("Yes, Ann said, now.", {"speaker_start": 5, "speaker_end": 8, "cue_start": 9,
    ...     "cue_end": 13, "parts": [(0, 3), (15, 18)]})
    '<mark class="content">Yes</mark>, <mark class="speaker">Ann</mark> <mark class="cue">said</mark>, <mark class="content">now</mark>.'
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


UNATTRIBUTED_COLUMNS = list(COLUMNS["claims"]) + ["suggested_speaker", "probability"]


def unattributed_quotes(documents: pd.DataFrame, claims: pd.DataFrame | None = None, *,
                        min_probability: float = 0.3) -> pd.DataFrame:
    """Quotations no rule attributed that the bare-quote model of ``utils.claims``
    gives a probability of at least ``min_probability`` of being somebody's words:
    candidates for missed claims, most likely first. The default (0.3) is lower than the
    model's own threshold, which decides what ``--bare-quotes`` adds to the tables
    unread: a reviewer reads each row, so the list errs on the side of recall.

    One row per quotation; the first columns are those of the claims corrections
    file (``action`` is ``add``; ``speaker`` is left empty for the reviewer to fill
    in), then ``suggested_speaker`` (the model's guess, when it has one) and
    ``probability``, so a reviewed row can be pasted into ``data/corrections/claims.csv``. Quotations that already
    overlap a claim of ``claims`` (say, one added by a reviewer) are left out.

    Example:
        >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["The rally ran late.\\n\\n"
        ...     '"We have to do something and it is the only way you stop it. We are playing by other rules."']})
        >>> unattributed_quotes(docs)[["content_start", "action"]].values.tolist()
        [[22, 'add']]
    """
    from utils.claims import extract_claims
    from utils.text import segment

    rows = []
    have = {}
    if claims is not None and len(claims):
        for d, s, e in claims[["doc_id", "content_start", "content_end"]].itertuples(index=False):
            have.setdefault(d, []).append((int(s), int(e)))
    for doc_id, text in documents[["doc_id", "text"]].itertuples(index=False):
        if not isinstance(text, str) or not text:
            continue
        found = extract_claims(doc_id, text, segment(text), None, bare_quotes=min_probability)
        for r in found[found["rule"].str.startswith("bare-quote")].itertuples(index=False):
            s, e = int(r.content_start), int(r.content_end)
            if any(a < e and s < b for a, b in have.get(doc_id, ())):
                continue
            rows.append({"claim_id": claim_id_for(doc_id, s, e), "action": "add", "speaker": "", "speaker_id": "",
                         "doc_id": doc_id, "content_start": s, "content_end": e, "content": r.content,
                         "kind": "direct", "reviewer": "", "timestamp": "", "note": "",
                         "suggested_speaker": r.speaker or r.speaker_text or "", "probability": float(r.confidence)})
    out = pd.DataFrame(rows, columns=UNATTRIBUTED_COLUMNS)
    return out.sort_values(["probability", "doc_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


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


def _s(v: Any) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)


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


# ---------------------------------------------------------------------------
# Validation against an analyst's coded sample
# ---------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _tokens(text: str, start: int, end: int, content: str | None) -> list[tuple[int, int]]:
    """``\\w+`` tokens of a content span as absolute offsets."""
    if text is not None:
        return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(content or "")]


def match_claims(predicted: pd.DataFrame, gold: pd.DataFrame, *,
                 documents: pd.DataFrame | Mapping[str, str] | None = None) -> pd.DataFrame:
    """Pair predicted with gold claims: content token overlap, greedy one-to-one.

    The unit is the claim: rows sharing a ``claim_id`` are the parts of one claim and
    their tokens count together. Per document, every (gold, predicted) pair whose
    contents share at least one ``\\w+`` token (by offsets) is a candidate; pairs are
    taken greedily by largest overlap (ties: closest start, then order), each claim at
    most once (the datasets README's rule).

    Args:
        predicted: claims with ``doc_id, claim_id, content_start, content_end`` (``content``
            too when no documents are given).
        gold: the same columns, from the analyst's coded sample.
        documents: optional documents (``doc_id``, ``text``); otherwise tokens come from the
            ``content`` strings placed at their offsets.

    Returns:
        One row per matched pair: ``doc_id, gold_claim_id, pred_claim_id, overlap``
        (shared tokens), ``gold_tokens``.
    """
    texts = _doc_texts(documents) or {}
    out = []

    def claims_by_doc(df: pd.DataFrame, with_content: bool) -> dict[str, list[tuple]]:
        """doc -> [(claim_id, [(start, end, content) of each part])], parts joined by claim_id."""
        content = df["content"].tolist() if with_content and "content" in df else [None] * len(df)
        groups: dict[str, dict[str, list]] = {}
        for d, cid, cs, ce, c in zip(df["doc_id"].tolist(), df["claim_id"].tolist(),
                                     df["content_start"].astype(int).tolist(), df["content_end"].astype(int).tolist(),
                                     content):
            groups.setdefault(d, {}).setdefault(cid, []).append((cs, ce, c))
        return {d: list(g.items()) for d, g in groups.items()}

    by_doc = claims_by_doc(predicted, False)
    for doc_id, g in sorted(claims_by_doc(gold, True).items()):
        preds = by_doc.get(doc_id)
        if not preds:
            continue
        text = texts.get(str(doc_id))
        cands = []
        for gi, (gid, gparts) in enumerate(g):
            gt = sorted({t for gs, ge, gc in gparts for t in _tokens(text, gs, ge, gc)})
            if not gt:
                continue
            gs = gparts[0][0]
            lo, hi = gt[0][0], gt[-1][1]
            for pi, (pid, pparts) in enumerate(preds):
                spans = [(ps, pe) for ps, pe, _ in pparts if ps < hi and pe > lo]
                if not spans:
                    continue
                ov = sum(1 for s, e in gt if any(s < pe and e > ps for ps, pe in spans))
                if ov:
                    cands.append((-ov, abs(pparts[0][0] - gs), gi, pi, gid, pid, len(gt)))
        cands.sort()
        used_g, used_p = set(), set()
        for neg, _, gi, pi, gid, pid, n in cands:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            out.append({"doc_id": doc_id, "gold_claim_id": gid, "pred_claim_id": pid, "overlap": -neg,
                        "gold_tokens": n})
    return pd.DataFrame(out, columns=["doc_id", "gold_claim_id", "pred_claim_id", "overlap", "gold_tokens"])


def _speaker_key(row: Mapping[str, Any]) -> str:
    sid = _s(row.get("speaker_id")).strip()
    if sid:
        return sid
    sp = _s(row.get("speaker")).strip()
    return _slug(sp) if sp else ""


def _speaker_keys(claims: pd.DataFrame) -> dict[str, str]:
    """claim_id -> speaker key (first row per id)."""
    ids = claims["claim_id"].tolist()
    sids = claims["speaker_id"].tolist() if "speaker_id" in claims else [None] * len(ids)
    names = claims["speaker"].tolist() if "speaker" in claims else [None] * len(ids)
    out: dict[str, str] = {}
    for cid, sid, name in zip(ids, sids, names):
        out.setdefault(cid, _speaker_key({"speaker_id": sid, "speaker": name}))
    return out


def validate_claims(predicted: pd.DataFrame, gold: pd.DataFrame, *,
                    documents: pd.DataFrame | Mapping[str, str] | None = None,
                    optional: pd.DataFrame | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of claims against a coded sample, and speaker accuracy.

    Claims are matched by :func:`match_claims`. Speaker accuracy is over matched pairs whose
    gold claim has a speaker: the predicted ``speaker_id`` (or the slug of ``speaker``)
    equals the gold one. Only documents present in ``gold`` are scored. Predicted claims
    that match an ``optional`` gold claim (neither required nor wrong) are left out of
    precision.

    Args:
        predicted: the machine's (or merged) claims.
        gold: the analyst's claims (``doc_id, claim_id, content_start, content_end,
            speaker``; ``speaker_id`` optional).
        documents: optional documents for tokenising.
        optional: optional gold claims, same columns.

    Returns:
        Rows ``measure`` (precision, recall, f1, speaker_accuracy), ``value``, ``n_units``
        (claims or pairs the value is computed over), ``detail``.
    """
    docs = set(gold["doc_id"])
    pred = predicted[predicted["doc_id"].isin(docs)]
    pairs = match_claims(pred, gold, documents=documents)
    n_pred_ignored = 0
    if optional is not None and len(optional):
        rest = pred[~pred["claim_id"].isin(pairs["pred_claim_id"])]
        n_pred_ignored = len(match_claims(rest, optional, documents=documents))
    tp = len(pairs)
    n_pred = pred["claim_id"].nunique() - n_pred_ignored  # claims, not the parts of a quote
    n_gold = gold["claim_id"].nunique()
    precision = tp / n_pred if n_pred else float("nan")
    recall = tp / n_gold if n_gold else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if n_pred and n_gold and precision + recall else (
        0.0 if n_pred and n_gold else float("nan"))
    g_keys, p_keys = _speaker_keys(gold), _speaker_keys(pred)
    n_sp = correct = 0
    for gid, pid in zip(pairs["gold_claim_id"].tolist(), pairs["pred_claim_id"].tolist()):
        gk = g_keys.get(gid, "")
        if not gk:
            continue
        n_sp += 1
        correct += gk == p_keys.get(pid, "")
    rows = [
        ("precision", precision, n_pred, f"{tp} matched of {n_pred} predicted"
         + (f" ({n_pred_ignored} matching optional claims left out)" if n_pred_ignored else "")),
        ("recall", recall, n_gold, f"{tp} matched of {n_gold} gold"),
        ("f1", f1, tp, "content token overlap, greedy one-to-one"),
        ("speaker_accuracy", correct / n_sp if n_sp else float("nan"), n_sp,
         f"{correct} of {n_sp} matched pairs with the gold speaker"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value", "n_units", "detail"])


def agreement(pred: pd.DataFrame, gold: pd.DataFrame, key: str | list[str], field: str) -> pd.DataFrame:
    """Percent agreement on one field over the units both tables code.

    Args:
        pred: the machine's table, e.g. stances.
        gold: the analyst's table with the same key and field.
        key: the unit id column(s), e.g. ``"stance_id"`` or ``["unit_id", "scheme", "frame"]``.
        field: the coded value, e.g. ``"polarity"`` or ``"present"``.

    Returns:
        One row: ``field, agreement`` (0-1), ``percent``, ``n_units`` (units in both),
        ``n_agree``, ``only_pred``, ``only_gold``.

    >>> a = pd.DataFrame({"id": [1, 2, 3], "polarity": ["favour", "against", "neutral"]})
    >>> b = pd.DataFrame({"id": [1, 2, 4], "polarity": ["favour", "neutral", "neutral"]})
    >>> print(agreement(a, b, "id", "polarity")[["percent", "n_units", "n_agree"]].to_string(index=False))
     percent  n_units  n_agree
        50.0        2        1
    """
    keys = [key] if isinstance(key, str) else list(key)
    a = pred[keys + [field]].drop_duplicates(keys, keep="last")
    b = gold[keys + [field]].drop_duplicates(keys, keep="last")
    a = a.assign(**{k: a[k].astype(str) for k in keys})
    b = b.assign(**{k: b[k].astype(str) for k in keys})
    m = a.merge(b, on=keys, suffixes=("_pred", "_gold"))
    n = len(m)
    agree = int((m[f"{field}_pred"].astype(str).str.lower() == m[f"{field}_gold"].astype(str).str.lower()).sum())
    value = agree / n if n else float("nan")
    return pd.DataFrame([{"field": field, "agreement": value, "percent": round(100 * value, 1) if n else value,
                          "n_units": n, "n_agree": agree, "only_pred": len(a) - n, "only_gold": len(b) - n}])


# ---------------------------------------------------------------------------
# Reliability: Krippendorff's alpha
# ---------------------------------------------------------------------------

ALPHA_RELIABLE = 0.8
ALPHA_TENTATIVE = 0.667
CODING_COLUMNS = ["variable", "unit", "coder", "value"]


def alpha_flag(alpha: float) -> str:
    """Krippendorff's thresholds: ``reliable`` (>= 0.8), ``tentative`` (>= 0.667), else
    ``unreliable``; ``undefined`` for NaN.

    >>> [alpha_flag(a) for a in (0.9, 0.7, 0.5, float("nan"))]
    ['reliable', 'tentative', 'unreliable', 'undefined']
    """
    if alpha != alpha:
        return "undefined"
    return "reliable" if alpha >= ALPHA_RELIABLE else "tentative" if alpha >= ALPHA_TENTATIVE else "unreliable"


def krippendorff_alpha(codings: pd.DataFrame | Iterable[tuple[Any, Any, Any]]) -> dict[str, Any]:
    """Nominal Krippendorff's alpha with missing values handled explicitly.

    Units with fewer than two values (coded by one coder only) carry no pairable values and
    are dropped before NLTK's ``AnnotationTask`` (nominal ``binary_distance``) is called;
    a coder coding a unit twice keeps its last value; missing values (None/NaN/"") are not
    values. Alpha is NaN when no unit has two values or the pairable values show no
    variation (NLTK would return 1.0 there; Krippendorff's alpha is undefined).

    Args:
        codings: a frame with ``unit, coder, value`` columns, or ``(coder, unit, value)`` triples.

    Returns:
        ``{"alpha", "n_units"`` (pairable units), ``"n_values"`` (pairable values),
        ``"n_coders", "n_dropped_units", "flag"}``.

    >>> r = krippendorff_alpha([("a", 1, "x"), ("b", 1, "x"), ("a", 2, "y"), ("b", 2, "y"),
    ...                         ("a", 3, "x"), ("b", 3, "y"), ("a", 4, "z")])
    >>> round(r["alpha"], 3), r["n_units"], r["n_dropped_units"]
    (0.444, 3, 1)
    """
    from nltk.metrics.agreement import AnnotationTask
    from nltk.metrics.distance import binary_distance

    if isinstance(codings, pd.DataFrame):
        triples = list(zip(codings["coder"], codings["unit"], codings["value"]))
    else:
        triples = list(codings)
    latest: dict[tuple[str, str], str] = {}
    for coder, unit, value in triples:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value) or str(value) == "":
            continue
        latest[(str(coder), str(unit))] = _value_str(value)
    per_unit = Counter(u for _, u in latest)
    data = [(c, u, v) for (c, u), v in latest.items() if per_unit[u] >= 2]
    units = {u for _, u, _ in data}
    result = {"alpha": float("nan"), "n_units": len(units), "n_values": len(data),
              "n_coders": len({c for c, _ in latest}), "n_dropped_units": len(per_unit) - len(units)}
    if data and len({v for _, _, v in data}) > 1:
        result["alpha"] = float(AnnotationTask(data=data, distance=binary_distance).alpha())
    result["flag"] = alpha_flag(result["alpha"])
    return result


def _value_str(v: Any) -> str:
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "true" if v else "false"
    return str(v).strip().lower() if isinstance(v, str) else str(v)


def alpha_table(codings: pd.DataFrame, *, coders: list[str] | None = None) -> pd.DataFrame:
    """Krippendorff's alpha per variable, with the number of units and a reliability flag.

    Args:
        codings: long format ``variable, unit, coder, value`` (see :func:`codings_from_tables`
            and :func:`load_codings`).
        coders: restrict to these coders (e.g. two humans, or a human and ``machine``).

    Returns:
        One row per variable: ``variable, coders, alpha, n_units, n_values, n_dropped_units,
        flag`` (``n_dropped_units``: units coded by one coder only, excluded).
    """
    df = codings if coders is None else codings[codings["coder"].isin(coders)]
    rows = []
    for var, g in df.groupby("variable", sort=False):
        r = krippendorff_alpha(g)
        rows.append({"variable": var, "coders": " vs ".join(sorted(g["coder"].astype(str).unique())),
                     "alpha": r["alpha"], "n_units": r["n_units"], "n_values": r["n_values"],
                     "n_dropped_units": r["n_dropped_units"], "flag": r["flag"]})
    return pd.DataFrame(rows, columns=["variable", "coders", "alpha", "n_units", "n_values",
                                       "n_dropped_units", "flag"])


_POLARITY_TIE_ORDER = {"against": 0, "favour": 1, "neutral": 2}


def codings_from_tables(tables: Mapping[str, pd.DataFrame], coder: str, *,
                        reference: Mapping[str, pd.DataFrame] | None = None,
                        documents: pd.DataFrame | Mapping[str, str] | None = None) -> pd.DataFrame:
    """Turn one coder's tables into long codings for :func:`alpha_table`.

    Variables and units:

    * ``speaker``: unit = claim id, value = speaker id. With ``reference`` (another coder's
      tables), claims are first aligned to the reference claims by :func:`match_claims`, so
      two coders who cut contents differently still code the same unit; unmatched claims
      keep their own id and, coded once, drop out of alpha.
    * ``polarity``: unit = ``doc_id|source_id|target_id``; value = the coder's most frequent
      polarity for that pair (ties: against, favour, neutral).
    * ``frame``: unit = ``doc_id|unit|unit_id|scheme|frame`` (document units use the doc id,
      claim units the aligned claim id); value = ``present``.

    Args:
        tables: ``{"claims": ..., "stances": ..., "frames": ...}`` (any may be missing).
        coder: the coder's name (e.g. ``"analyst"``, ``"machine"``).
        reference: the tables that define claim units (usually the first coder's).
        documents: optional documents for the claim matching.

    Returns:
        A frame with ``variable, unit, coder, value``.
    """
    rows: list[tuple[str, str, str, Any]] = []
    claims = tables.get("claims")
    align: dict[str, str] = {}
    if claims is not None and len(claims):
        if reference is not None and reference.get("claims") is not None and len(reference["claims"]):
            pairs = match_claims(claims, reference["claims"], documents=documents)
            align = dict(zip(pairs["pred_claim_id"], pairs["gold_claim_id"]))
        for r in claims.to_dict("records"):
            cid = str(r["claim_id"])
            rows.append(("speaker", align.get(cid, cid), coder, _speaker_key(r) or None))
    stances = tables.get("stances")
    if stances is not None and len(stances):
        st = stances.assign(
            _src=[_s(i) or _slug(_s(n)) for i, n in zip(stances["source_id"], stances["source"])],
            _tgt=[_s(i) or _slug(_s(n)) for i, n in zip(stances["target_id"], stances["target"])])
        for (doc, src, tgt), g in st.groupby(["doc_id", "_src", "_tgt"], sort=True):
            counts = Counter(str(p).lower() for p in g["polarity"] if _s(p))
            if counts:
                best = sorted(counts.items(), key=lambda kv: (-kv[1], _POLARITY_TIE_ORDER.get(kv[0], 9)))[0][0]
                rows.append(("polarity", f"{doc}|{src}|{tgt}", coder, best))
    frames = tables.get("frames")
    if frames is not None and len(frames):
        for r in frames.to_dict("records"):
            unit = str(r["unit"])
            uid = str(r["doc_id"]) if unit == "document" else align.get(str(r["unit_id"]), str(r["unit_id"]))
            rows.append(("frame", f"{r['doc_id']}|{unit}|{uid}|{r['scheme']}|{r['frame']}", coder,
                         bool(r["present"]) if _s(r["present"]) else None))
    return pd.DataFrame(rows, columns=["variable", "unit", "coder", "value"])


def load_codings(path: str | os.PathLike, *, coder: str | None = None) -> pd.DataFrame:
    """Read a coder's coding sheet: CSV with ``variable, unit, value`` (``coder`` optional).

    ``#`` comment lines are allowed. Units must be named as :func:`codings_from_tables`
    names them (e.g. a claim id for ``speaker``).

    Args:
        path: the CSV file.
        coder: the coder's name; default the ``coder`` column, else the file stem.

    Raises:
        ValueError: missing columns or an unknown variable, naming file and line.
    """
    path = Path(path)
    df = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    missing = [c for c in ("variable", "unit", "value") if c not in df]
    if missing:
        raise ValueError(f"{path}: missing required column(s) {', '.join(missing)}")
    bad = ~df["variable"].isin(["speaker", "polarity", "frame"])
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise ValueError(f"{path}, record {i + 1}, field 'variable': unknown variable "
                         f"{df['variable'].iloc[i]!r}; expected speaker, polarity or frame")
    if coder is not None or "coder" not in df:
        df["coder"] = coder or path.stem
    df["value"] = [("true" if v.lower() in _TRUE else "false" if v.lower() in _FALSE else v)
                   if var == "frame" else v for var, v in zip(df["variable"], df["value"])]
    return df[CODING_COLUMNS]


# ---------------------------------------------------------------------------
# An analyst's coded sample from the seed gold file
# ---------------------------------------------------------------------------

def gold_tables_from_json(gold: Mapping[str, Any], text: str, doc_id: str) -> dict[str, pd.DataFrame]:
    """Tables (claims, stances, frames) from a hand-coded JSON like ``shared/gold/seed-article.json``.

    Claim contents are located in their paragraph (``paragraph``: 0-based index of
    non-empty paragraphs), so offsets are exact (``text[start:end] == content``).
    ``optional_claims`` become a fourth table, ``optional_claims``. Stances are
    document-level source/target/polarity; frames are document-level (policy
    ``document_present``/``document_absent``, generic ``generic_present``).

    Raises:
        ValueError: a content that does not occur in its paragraph.
    """
    from utils.text import paragraph_spans

    paras = paragraph_spans(text)

    def claim_rows(items: list[dict], what: str) -> pd.DataFrame:
        rows = []
        for k, c in enumerate(items):
            ps, pe = paras[c["paragraph"]] if 0 <= c.get("paragraph", -1) < len(paras) else (0, len(text))
            s = text.find(c["content"], ps, pe + 1)
            if s < 0:
                s = text.find(c["content"])
            if s < 0:
                raise ValueError(f"{what}[{k}]: content not found in the text: {c['content'][:50]!r}")
            e = s + len(c["content"])
            rows.append({"doc_id": doc_id, "claim_id": claim_id_for(doc_id, s, e), "kind": c.get("kind"),
                         "speaker": c.get("speaker"), "speaker_id": _slug(c["speaker"]) if c.get("speaker") else "",
                         "cue": c.get("cue"), "content": c["content"], "content_start": s, "content_end": e,
                         "paragraph": c.get("paragraph")})
        return pd.DataFrame(rows).reindex(columns=schema.CLAIMS)

    st = pd.DataFrame([{"doc_id": doc_id, "stance_id": f"{doc_id}:gold{k}", "source": s["source"],
                        "source_id": _slug(s["source"]), "target": s["target"], "target_id": _slug(s["target"]),
                        "polarity": s["polarity"]} for k, s in enumerate(gold.get("stances", []))],
                      columns=schema.STANCES)
    fr = gold.get("frames", {})
    frows = ([(doc_id, "document", doc_id, "policy", f, True) for f in fr.get("document_present", [])]
             + [(doc_id, "document", doc_id, "policy", f, False) for f in fr.get("document_absent", [])]
             + [(doc_id, "document", doc_id, "generic", f, True) for f in fr.get("generic_present", [])])
    frames = pd.DataFrame([dict(zip(["doc_id", "unit", "unit_id", "scheme", "frame", "present"], r))
                           for r in frows], columns=schema.FRAMES)
    return {"claims": claim_rows(gold.get("claims", []), "claims"),
            "optional_claims": claim_rows(gold.get("optional_claims", []), "optional_claims"),
            "stances": st, "frames": frames}


def load_gold_json(path: str | os.PathLike, documents: pd.DataFrame) -> dict[str, pd.DataFrame] | None:
    """The coded sample of a hand-coded JSON file (see :func:`gold_tables_from_json`) for the
    document it names (``"document"``: a file name whose stem is the doc id), or None when
    the file or that document is absent."""
    import json

    path = Path(path)
    if not path.exists():
        return None
    gold = json.loads(path.read_text(encoding="utf-8"))
    doc_id = Path(str(gold.get("document", ""))).stem
    texts = _doc_texts(documents) or {}
    if doc_id not in texts:
        return None
    return gold_tables_from_json(gold, texts[doc_id], doc_id)


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
    for name in TABLES:
        table = tables.get(name)
        if table is None:
            table = pd.DataFrame(columns=getattr(schema, name.upper()))
        extra = {"claims": merged["claims"]} if name == "stances" else {}
        merged[name], rep = apply_corrections(name, table, folder / f"{name}.csv", documents=documents, **extra)
        reports.append(rep)
    report = pd.concat([r for r in reports if len(r)], ignore_index=True) if any(len(r) for r in reports) \
        else pd.DataFrame(columns=REPORT_COLUMNS)
    return merged, report


def agreement_table(codings: pd.DataFrame, coder_a: str, coder_b: str) -> pd.DataFrame:
    """Percent agreement per variable between two coders of a long codings frame.

    Returns:
        One row per variable: ``variable, coders, agreement, percent, n_units, n_agree,
        only_a, only_b``.
    """
    rows = []
    for var, g in codings.groupby("variable", sort=False):
        a = g[(g["coder"] == coder_a) & g["value"].map(lambda v: _s(v) != "")]
        b = g[(g["coder"] == coder_b) & g["value"].map(lambda v: _s(v) != "")]
        a = a.assign(value=a["value"].map(_value_str))
        b = b.assign(value=b["value"].map(_value_str))
        r = agreement(a, b, "unit", "value").iloc[0].to_dict()
        rows.append({"variable": var, "coders": f"{coder_a} vs {coder_b}", "agreement": r["agreement"],
                     "percent": r["percent"], "n_units": r["n_units"], "n_agree": r["n_agree"],
                     "only_a": r["only_pred"], "only_b": r["only_gold"]})
    return pd.DataFrame(rows, columns=["variable", "coders", "agreement", "percent", "n_units", "n_agree",
                                       "only_a", "only_b"])


def reliability_table(codings: pd.DataFrame, coder_a: str, coder_b: str) -> pd.DataFrame:
    """Krippendorff's alpha (with flag) and percent agreement per variable for two coders.

    Returns:
        ``variable, coders, alpha, flag, n_units`` (pairable units), ``n_dropped_units``
        (coded by one of them only), ``percent_agreement``.
    """
    sub = codings[codings["coder"].isin([coder_a, coder_b])]
    al = alpha_table(sub)
    ag = agreement_table(sub, coder_a, coder_b)[["variable", "percent"]].rename(columns={"percent": "percent_agreement"})
    out = al.merge(ag, on="variable", how="left")
    out["coders"] = f"{coder_a} vs {coder_b}"
    return out[["variable", "coders", "alpha", "flag", "n_units", "n_dropped_units", "percent_agreement"]]


FLAG_PALETTE = {"reliable": "#009E73", "tentative": "#E69F00", "unreliable": "#D55E00", "undefined": "#999999"}


def plot_alpha(table: pd.DataFrame, *, title: str = "Reliability: Krippendorff's alpha", ax=None):
    """Bar chart of alpha per variable (and coder pair), coloured by flag, with the 0.667 and
    0.8 thresholds drawn. ``table`` is from :func:`reliability_table` / :func:`alpha_table`.

    Returns:
        The matplotlib Axes.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = table.assign(label=table["variable"] + " (" + table["coders"] + ", n=" + table["n_units"].astype(str) + ")",
                        alpha_shown=table["alpha"].fillna(0.0))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 1.2 + 0.5 * max(1, len(data))))
    if len(data):
        sns.barplot(data=data, x="alpha_shown", y="label", hue="flag", palette=FLAG_PALETTE, dodge=False, ax=ax)
    for x, style in ((ALPHA_TENTATIVE, ":"), (ALPHA_RELIABLE, "--")):
        ax.axvline(x, color="#333333", linestyle=style, linewidth=1)
    for i, a in enumerate(data["alpha"]):
        label = "undefined" if a != a else f"{a:.2f}"
        ax.text(max(0.0, 0.0 if a != a else a) + 0.02, i, label, va="center", fontsize=9)
    ax.set_xlim(min(-0.1, float(data["alpha_shown"].min()) - 0.05) if len(data) else -0.1, 1.15)
    ax.set(title=title, xlabel="Krippendorff's alpha (nominal; dotted 0.667, dashed 0.8)", ylabel="variable")
    if ax.get_legend() is not None:
        ax.legend(title="flag", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


RELIABILITY_COLUMNS = ["variable", "coders", "alpha", "flag", "n_units", "n_dropped_units", "percent_agreement"]


def compare_with_sample(sample: Mapping[str, pd.DataFrame], systems: Mapping[str, Mapping[str, pd.DataFrame]], *,
                        documents: pd.DataFrame | Mapping[str, str] | None = None,
                        sample_name: str = "analyst") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate several versions of the tables (e.g. machine, corrected) against one coded sample.

    Only the documents of the sample are compared.

    Args:
        sample: the coded sample's tables (``claims``, optionally ``optional_claims``,
            ``stances``, ``frames``), e.g. from :func:`load_gold_json`.
        systems: ``{name: tables}``, e.g. ``{"machine": t, "corrected": merged}``.
        documents: the documents (for tokenising and claim matching).
        sample_name: the coder name of the sample in the codings.

    Returns:
        ``(validation, codings)``: :func:`validate_claims` rows with a ``system`` column, and
        long codings of the sample and every system (claims aligned to the sample's) for
        :func:`reliability_report`.
    """
    docs = set(sample["claims"]["doc_id"]) | set(sample.get("frames", pd.DataFrame(columns=["doc_id"]))["doc_id"])
    validation, codings = [], [codings_from_tables(sample, sample_name)]
    for name, tables in systems.items():
        sub = {n: tables[n][tables[n]["doc_id"].isin(docs)] for n in TABLES if tables.get(n) is not None}
        if "claims" in sub:
            validation.append(validate_claims(sub["claims"], sample["claims"], documents=documents,
                                              optional=sample.get("optional_claims")).assign(system=name))
        codings.append(codings_from_tables(sub, name, reference=sample, documents=documents))
    val = pd.concat(validation, ignore_index=True) if validation else pd.DataFrame(
        columns=["measure", "value", "n_units", "detail", "system"])
    return val, pd.concat(codings, ignore_index=True)


def reliability_report(codings: pd.DataFrame, pairs: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """:func:`reliability_table` for each pair of coders, stacked (empty frame if no pairs)."""
    parts = [reliability_table(codings, a, b) for a, b in pairs]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=RELIABILITY_COLUMNS)
