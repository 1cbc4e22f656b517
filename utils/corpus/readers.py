"""Readers of the three input forms (a folder of .txt files, a .csv file, a .jsonl file):
each yields ``(record, source file, line)`` and reports problems as :class:`~utils.corpus.base._Issue` rows."""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Iterator

from utils.corpus.base import CorpusError, _Issue
from utils.corpus.decoding import _SURROGATE, _decode_wide, _path_str, decode_bytes

#: Fields the loader sets itself. Metadata (``metadata.csv``, front matter,
#: extra CSV columns, JSONL keys) never overrides them: a value there is
#: reported as ``flagged`` and ignored.
RESERVED = ("doc_id", "text", "path", "encoding", "n_chars", "n_words")


def _front_matter(text: str) -> tuple[dict[str, str], str, dict[str, int]] | None:
    """Split a ``---``-delimited ``key: value`` block from the top of ``text``.
    Returns ``(metadata, rest, line of each key)``."""
    if not text.startswith("---"):
        return None
    first_nl = text.find("\n")
    if first_nl == -1 or text[:first_nl].strip() != "---":
        return None
    end = text.find("\n---", first_nl)
    if end == -1:
        return None
    block = text[first_nl + 1 : end]
    meta, lines = {}, {}
    for lineno, line in enumerate(block.splitlines(), start=2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            return None
        meta[key.strip().lower()] = value.strip().strip('"').strip("'")
        lines[key.strip().lower()] = lineno
    rest_start = text.find("\n", end + 4)
    rest = "" if rest_start == -1 else text[rest_start + 1 :]
    return meta, rest, lines


def _drop_reserved(meta: dict, reserved, src: str, line, doc_id: str, issues: list[_Issue]) -> dict:
    """``meta`` without the loader's own fields; each one given a value is
    flagged (``line``: a line number, or a dict of them by field)."""
    for key in [k for k in meta if k in reserved]:
        value = meta.pop(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        at = line.get(key) if isinstance(line, dict) else line
        shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "…"
        issues.append(_Issue(src, at, doc_id, "flagged",
                             f"field '{key}' is set by the loader; the metadata value {shown!r} is ignored"))
    return meta


def _read_text_file(path: Path, issues: list[_Issue], what: str) -> tuple[str, str]:
    """Read and decode a whole CSV file (``what`` names it in errors); a repair
    is reported against the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{_path_str(path)}: cannot read {what}: {exc.strerror or exc}") from None
    text, enc, problem = decode_bytes(data)
    if text is None:
        raise CorpusError(f"{_path_str(path)}: not a text file ({problem})")
    if problem:
        issues.append(_Issue(_path_str(path), None, "", "repaired", problem))
    return text, enc


def _csv_table(path: Path, text: str, issues: list[_Issue]) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header of a CSV text and an iterator of ``(first line, fields)`` rows.

    A column name used twice is a :class:`CorpusError` naming file and column
    (the loader cannot know which one holds the article or the field). Quotes
    are parsed strictly: a row whose quote is never closed is skipped and
    reported with its line instead of swallowing the rows after it (see
    :func:`_csv_rows`)."""
    csv.field_size_limit(sys.maxsize)
    lines = io.StringIO(text, newline="").readlines()
    top = next((i for i, line in enumerate(lines) if line not in ("\n", "\r\n", "\r")), len(lines))
    header = next(csv.reader(lines[top : top + 1]), [])
    for name in dict.fromkeys(header):
        if header.count(name) > 1:
            raise CorpusError(f"{_path_str(path)}: column '{name}' appears {header.count(name)} times in the header; "
                              "rename or remove all but one")
    return header, _csv_rows(_path_str(path), lines, issues, start=top + 1)


def _csv_rows(src: str, lines: list[str], issues: list[_Issue], *, start: int) -> Iterator[tuple[int, list[str]]]:
    """Parse rows from ``lines[start:]`` (after the header), accounting physical lines.

    On a quoting error the row is reported as skipped: a quote still open at
    the end of the file resumes reading on the line after the row's first line
    (the rows it swallowed are read again); any other quoting error resumes
    after the line where it was found."""
    while start < len(lines):
        pos = [start]
        row_start = start
        try:
            for row in csv.reader(_feed(lines, pos), strict=True):
                first, row_start = row_start + 1, pos[0]
                if row:
                    yield first, row
            return
        except csv.Error as exc:
            first, last = row_start + 1, pos[0]
            if last >= len(lines) and "end of data" in str(exc):
                issues.append(_Issue(src, first, "", "skipped",
                                     f"unterminated quote: the row at line {first} runs to the end of the file; "
                                     f"row skipped, reading resumed at line {first + 1}"))
                start = row_start + 1
            else:
                span = f"line {first}" if first == last else f"lines {first}-{last}"
                issues.append(_Issue(src, first, "", "skipped",
                                     f"malformed quoting ({exc}) in the row at {span}; those lines skipped"))
                start = last


def _feed(lines: list[str], pos: list[int]) -> Iterator[str]:
    """The lines from ``pos[0]`` on, advancing ``pos[0]`` past each line handed out (so
    the caller knows the physical line the CSV reader has reached)."""
    while pos[0] < len(lines):
        pos[0] += 1
        yield lines[pos[0] - 1]


def _row_dict(header: list[str], fields: list[str], src: str, line: int, issues: list[_Issue]) -> dict:
    """One CSV row as ``{column: value}`` (missing fields ``None``; extra fields
    reported and ignored)."""
    if len(fields) > len(header):
        doc_id = fields[header.index("doc_id")] if "doc_id" in header else ""
        issues.append(_Issue(src, line, doc_id, "warning", "row has more fields than the header; extra fields ignored"))
    return dict(zip(header, fields + [None] * (len(header) - len(fields))))


def _read_metadata_csv(path: Path, issues: list[_Issue]) -> dict[str, dict[str, str]]:
    """``{doc_id: metadata}`` from ``metadata.csv``. Any encoding
    :func:`decode_bytes` reads (Excel's cp1252, a byte-order mark) is repaired
    and reported; a reserved field is flagged and ignored; a second row for a
    doc_id is flagged and ignored (the first wins)."""
    text, _ = _read_text_file(path, issues, "metadata file")
    header, rows = _csv_table(path, text, issues)
    src = _path_str(path)
    if "doc_id" not in header:
        raise CorpusError(f"{src}: metadata file needs a 'doc_id' column (found: {header})")
    meta: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    for line, fields in rows:
        row = _row_dict(header, fields, src, line, issues)
        doc_id = (row.pop("doc_id") or "").strip()
        if not doc_id:
            issues.append(_Issue(src, line, "", "warning", "metadata row without doc_id ignored"))
            continue
        if doc_id in meta:
            issues.append(_Issue(src, line, doc_id, "flagged",
                                 f"second metadata row for this doc_id ignored (first at line {first_line[doc_id]})"))
            continue
        row = _drop_reserved(row, RESERVED, src, line, doc_id, issues)
        meta[doc_id] = {k: (v or "").strip() for k, v in row.items() if k}
        first_line[doc_id] = line
    return meta


def _txt_files(folder: Path, recursive: bool) -> list[Path]:
    """The ``.txt`` files of a folder, the extension in any case; symbolic
    links are listed even when broken (the reader reports them)."""
    entries = folder.rglob("*") if recursive else folder.glob("*")
    return sorted(p for p in entries if p.suffix.lower() == ".txt" and (p.is_symlink() or p.is_file()))


def _txt_doc_id(f: Path, base: Path, issues: list[_Issue]) -> str:
    """The doc_id of a ``.txt`` file (path relative to the folder, no
    suffix); a file name that is not valid UTF-8 is read as cp1252, reported."""
    doc_id = f.relative_to(base).with_suffix("").as_posix() if base != f else f.stem
    if _SURROGATE.search(doc_id):
        fixed = _path_str(doc_id)
        issues.append(_Issue(_path_str(f), None, fixed, "repaired",
                             f"file name {os.fsencode(f.name)!r} is not valid UTF-8; doc_id and path read its "
                             "bytes as cp1252"))
        return fixed
    return doc_id


def _read_txt(f: Path, doc_id: str, issues: list[_Issue]) -> bytes | None:
    """The bytes of one ``.txt`` file, or ``None`` (reported) when it cannot be read."""
    reason = None
    if f.is_symlink() and not f.exists():
        reason = f"broken symbolic link (its target {_path_str(os.readlink(f))} does not exist)"
    elif not f.is_file():
        reason = "not a regular file"
    else:
        try:
            return f.read_bytes()
        except OSError as exc:
            reason = f"cannot read file: {exc.strerror or exc}"
    issues.append(_Issue(_path_str(f), None, doc_id, "skipped", reason))
    return None


def _iter_txt(files: list[Path], *, base: Path, title_from_first_line: bool, metadata: dict, issues: list[_Issue]):
    for f in files:
        doc_id = _txt_doc_id(f, base, issues)
        src = _path_str(f)
        data = _read_txt(f, doc_id, issues)
        if data is None:
            continue
        text, enc, problem = decode_bytes(data)
        if text is None:
            issues.append(_Issue(src, None, doc_id, "skipped", problem))
            continue
        if problem:
            issues.append(_Issue(src, None, doc_id, "repaired", problem))
        meta = dict(metadata.get(doc_id, {}))
        fm = _front_matter(text)
        if fm is not None:
            fm_meta, text, fm_lines = fm
            for k, v in _drop_reserved(fm_meta, RESERVED, src, fm_lines, doc_id, issues).items():
                meta.setdefault(k, v)
        if title_from_first_line and text.strip():
            stripped = text.lstrip("\r\n")
            nl = stripped.find("\n")
            first = stripped if nl == -1 else stripped[:nl]
            meta.setdefault("title", first.strip())
            text = "" if nl == -1 else stripped[nl + 1 :]
        yield {"doc_id": doc_id, "text": text, "path": src, "encoding": enc, **meta}, src, None


def _iter_csv(path: Path, issues: list[_Issue]):
    """Records of a CSV file (see :func:`_csv_table` for duplicated columns and
    broken quotes); a ``path``, ``encoding``, ``n_chars`` or ``n_words`` column
    is flagged and ignored."""
    text, enc = _read_text_file(path, issues, "CSV file")
    fields, rows = _csv_table(path, text, issues)
    src = _path_str(path)
    if "text" not in fields:
        raise CorpusError(f"{src}: no 'text' column (columns found: {', '.join(fields) or 'none'})")
    has_id = "doc_id" in fields
    for start_line, values in rows:
        row = _row_dict(fields, values, src, start_line, issues)
        doc_id = (row.get("doc_id") or "").strip() if has_id else f"{path.stem}-{start_line}"
        if not doc_id:
            issues.append(_Issue(src, start_line, "", "skipped", "empty doc_id"))
            continue
        rec = _drop_reserved(row, RESERVED[2:], src, start_line, doc_id, issues)
        rec["doc_id"] = doc_id
        rec["text"] = rec.get("text") or ""
        rec["path"] = src
        rec["encoding"] = enc
        yield rec, src, start_line


def _jsonl_lines(path: Path, issues: list[_Issue]) -> Iterator[tuple[int, str | None, str, str | None]]:
    """``(line number, decoded line or None, encoding, problem)`` for each
    non-blank line. A file with a UTF-16/UTF-32 byte-order mark is decoded
    whole (reported once); otherwise each line is decoded on its own."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if _decode_wide(head) is not None:
        text, enc, problem = _decode_wide(path.read_bytes())
        issues.append(_Issue(_path_str(path), None, "", "repaired", problem))
        for lineno, line in enumerate(io.StringIO(text, newline="\n"), start=1):
            if line.strip():
                yield lineno, line, enc, None
        return
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if raw.strip():
                yield (lineno, *decode_bytes(raw))


def _jsonl_fields(obj: dict, src: str, lineno: int, issues: list[_Issue]) -> dict:
    """The fields of one JSON object as record values: missing values dropped,
    lists and objects kept as JSON text, lone surrogate escapes (``"\\ud800"``)
    replaced by U+FFFD (reported), reserved fields flagged and dropped."""
    out, fixed = {}, []
    for key, value in obj.items():
        if value is None:
            continue
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False)
        if isinstance(value, str) and _SURROGATE.search(value):
            value = _SURROGATE.sub("\ufffd", value)
            fixed.append(key)
        out[_SURROGATE.sub("\ufffd", key)] = value
    doc_id = out.get("doc_id")
    doc_id = f"{Path(src).stem}-{lineno}" if doc_id is None or not str(doc_id).strip() else str(doc_id).strip()
    if "doc_id" in out and not str(out["doc_id"]).strip():
        issues.append(_Issue(src, lineno, doc_id, "flagged", "doc_id is blank; made one from the line number"))
    if fixed:
        names = ", ".join(f"'{k}'" for k in fixed)
        issues.append(_Issue(src, lineno, doc_id, "repaired", f"lone surrogate escape replaced by U+FFFD in {names}"))
    out["doc_id"] = doc_id
    return _drop_reserved(out, RESERVED[2:], src, lineno, doc_id, issues)


def _iter_jsonl(path: Path, issues: list[_Issue]):
    src = _path_str(path)
    for lineno, line, enc, problem in _jsonl_lines(path, issues):
        if line is None:
            issues.append(_Issue(src, lineno, "", "skipped", f"line is not text ({problem})"))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            issues.append(_Issue(src, lineno, "", "skipped", f"malformed JSON: {exc.msg} at column {exc.colno}"))
            continue
        if not isinstance(obj, dict):
            issues.append(_Issue(src, lineno, "", "skipped", "line is not a JSON object"))
            continue
        text = obj.get("text")
        if text is not None and not isinstance(text, str):
            doc_id = str(obj.get("doc_id") or "")
            issues.append(_Issue(src, lineno, doc_id, "skipped", f"field 'text' is {type(text).__name__}, not a string"))
            continue
        rec = _jsonl_fields(obj, src, lineno, issues)
        if problem:
            issues.append(_Issue(src, lineno, rec["doc_id"], "repaired", problem))
        if text is None:
            issues.append(_Issue(src, lineno, rec["doc_id"], "skipped", "no 'text' field"))
            continue
        rec.update(path=src, encoding=enc)
        yield rec, src, lineno
