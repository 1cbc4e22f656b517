"""Corrections files: their format, reading and validation, and the one writer.

Analysts' decisions live in ``data/corrections/{claims,stances,frames}.csv`` (format:
``data/corrections/README.md``). :func:`load_corrections` reads and validates a file
(Excel's habits -- BOM, CRLF, ``;``, trailing empty columns, capitalised headers and
values -- are read as they come); :func:`record_decision` is the one writer, appending one
row atomically under a lock (``flock``) held across processes.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as _dt
import io
import os
import re
import secrets
import stat
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from utils.ids import claim_id_for


# ---------------------------------------------------------------------------
# Corrections: format
# ---------------------------------------------------------------------------

CORRECTABLE_TABLES = ("claims", "stances", "frames")
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
REQUIRED: dict[str, tuple[str, ...]] = {t: KEYS[t] + ("action",) for t in CORRECTABLE_TABLES}
POLARITIES = ("favour", "against", "neutral")
CLAIM_KINDS = ("direct", "indirect", "mixed")
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f"}
REPORT_COLUMNS = ["file", "line", "table", "key", "action", "status", "message"]
STATUS_COLUMN = "review_status"  # added to merged tables: unreviewed | accepted | changed | added


def _table_from_path(path: Path) -> str | None:
    stem = Path(path).stem.lower()
    return stem if stem in CORRECTABLE_TABLES else None


def _check_table(table_name: str) -> str:
    if table_name not in CORRECTABLE_TABLES:
        raise ValueError(f"unknown table {table_name!r}: expected one of {', '.join(CORRECTABLE_TABLES)}")
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

        def bad(field: str, msg: str, line: int = line) -> None:
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
            if rec.get("kind", "").strip().lower() not in CLAIM_KINDS:
                bad("kind", f"unknown kind {rec.get('kind', '')!r}; expected one of {', '.join(CLAIM_KINDS)}")
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


def _s(v: Any) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
