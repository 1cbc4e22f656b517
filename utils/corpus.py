"""Load a corpus of news articles into a validated documents table.

Used by ``01-load-corpus.ipynb``, ``python -m utils annotate`` and every stage
after it (through ``utils.pipeline``).

Inputs:

- a folder of ``.txt`` files (``doc_id`` = file stem), with optional metadata
  from a ``metadata.csv`` beside them (a ``doc_id`` column plus any of
  ``title, source, date, url, author``) or a front-matter block at the top of
  a file (``---`` lines around ``key: value`` pairs);
- a single ``.txt`` file (the extension in any case: ``.TXT`` too);
- a ``.csv`` file or a ``.jsonl`` file with at least ``doc_id`` and ``text``
  (every other column or key is kept as metadata).

The stored ``text`` is the content exactly as decoded: no unicode
normalisation, no newline conversion, quotes as written. Every offset in every
later table refers to it. Nothing is dropped silently: :func:`load_corpus`
returns a *load report* listing every skipped, repaired or flagged document (or
metadata row) and why. Metadata never overrides the fields the loader sets
(:data:`RESERVED`: ``doc_id, text, path, encoding, n_chars, n_words``); dates
are read by :func:`parse_date` (naive UTC, ambiguous day/month dates
day-first unless ``dayfirst=False``).

Example:
    >>> from utils import paths
    >>> docs, report = load_corpus(paths.SEED_CORPUS)
    >>> list(docs.doc_id), len(report)
    (['000_9e905b8fb374d4c2'], 0)
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple

import pandas as pd

from utils import schema

META_COLUMNS = ["title", "source", "date", "url", "author"]
#: Documents longer than this (characters) are skipped with a reason; raise it
#: with ``max_chars=`` if your corpus really holds such documents.
DEFAULT_MAX_CHARS = 20_000_000
_WORD = re.compile(r"\w+")


class CorpusError(ValueError):
    """Nothing can be loaded (missing input, unreadable format): the message
    names the file and, where it helps, the line and field."""


class LoadResult(NamedTuple):
    documents: pd.DataFrame
    report: pd.DataFrame


@dataclass
class _Issue:
    source_file: str
    line: int | None
    doc_id: str
    action: str  # skipped | repaired | flagged | warning
    reason: str


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str | None, str, str | None]:
    """Decode file content.

    Returns ``(text, encoding, problem)``: text is ``None`` when the bytes are
    not text (binary); ``problem`` names a repair (a fallback encoding, a
    removed byte-order mark, repaired bytes) or is ``None``.

    - A UTF-16 or UTF-32 byte-order mark decodes the file in that encoding.
    - UTF-8 with a few invalid bytes stays UTF-8: only those bytes are
      repaired (each read as its cp1252 character, U+FFFD where cp1252 has
      none) and their byte offsets are reported.
    - Only a file that is mostly not UTF-8 (no more valid multi-byte UTF-8
      characters than invalid bytes) is decoded with a detected code page.

    >>> decode_bytes("£3".encode("cp1252"))
    ('£3', 'cp1252', 'not valid UTF-8; decoded as cp1252')
    >>> decode_bytes(b"\\x00\\x01\\x02binary")[0] is None
    True
    >>> decode_bytes("“a” b".encode("utf-8") + b"\\x93")[0]
    '“a” b“'
    """
    wide = _decode_wide(data)
    if wide is not None:
        return wide
    if _looks_binary(data):
        return None, "", "binary file (NUL or control bytes)"
    bom = data.startswith(b"\xef\xbb\xbf")
    body, enc = (data[3:], "utf-8-sig") if bom else (data, "utf-8")
    note = "UTF-8 byte-order mark removed" if bom else None
    try:
        return body.decode("utf-8"), enc, note
    except UnicodeDecodeError:
        pass
    repaired = _repair_utf8(body, offset=3 if bom else 0)
    if repaired is not None:
        return repaired[0], enc, "; ".join(p for p in (note, repaired[1]) if p)
    enc = _detect_encoding(data)
    try:
        return data.decode(enc), enc, f"not valid UTF-8; decoded as {enc}"
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252", (
            "not valid UTF-8; decoded as cp1252 with replacement characters"
        )


#: Byte-order marks of the wide encodings (UTF-32 first: its LE mark starts like UTF-16's).
_WIDE_BOMS = [(b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
              (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
#: Invalid bytes as ``surrogateescape`` decoding leaves them (U+DC80..U+DCFF).
_ESCAPED = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _decode_wide(data: bytes) -> tuple[str, str, str] | None:
    """Decode UTF-16/UTF-32 content that starts with its byte-order mark
    (``None`` without one)."""
    for bom, enc in _WIDE_BOMS:
        if data.startswith(bom):
            name = enc[:6].upper()
            try:
                return data[len(bom):].decode(enc), enc, f"{name} byte-order mark removed; decoded as {enc}"
            except UnicodeDecodeError:
                return (data[len(bom):].decode(enc, errors="replace"), enc,
                        f"{name} byte-order mark removed; decoded as {enc} with replacement characters")
    return None


def _byte_char(b: int) -> str:
    """One byte read as cp1252 (U+FFFD for the five bytes cp1252 leaves undefined)."""
    return bytes([b]).decode("cp1252", errors="replace")


def _repair_utf8(data: bytes, *, offset: int = 0) -> tuple[str, str] | None:
    """Decode UTF-8 that holds a few invalid bytes, repairing just those bytes
    (see :func:`decode_bytes`); ``None`` when the data is mostly not UTF-8.
    Returns ``(text, problem)``; the problem lists the bytes' offsets (from
    ``offset``, the start of the file)."""
    s = data.decode("utf-8", "surrogateescape")
    bad = [m.start() for m in _ESCAPED.finditer(s)]
    valid_multibyte = len(s) - len(s.encode("ascii", "ignore")) - len(bad)
    if valid_multibyte < len(bad):
        return None
    offsets, pos_b, pos_c = [], offset, 0
    for i in bad:
        pos_b += len(s[pos_c:i].encode("utf-8", "surrogateescape"))
        offsets.append(pos_b)
        pos_c = i
    where = ", ".join(map(str, offsets[:10])) + (f" and {len(offsets) - 10} more" if len(offsets) > 10 else "")
    text = _ESCAPED.sub(lambda m: _byte_char(ord(m.group()) - 0xDC00), s)
    plural = "s" if len(bad) > 1 else ""
    return text, (f"{len(bad)} byte{plural} not valid UTF-8 at byte offset{plural} {where}, read as cp1252; "
                  "the rest decoded as UTF-8")


def _path_str(p: str | Path) -> str:
    """``str(p)`` safe to write: bytes of a file name that are not UTF-8
    (``surrogateescape`` characters) are read as cp1252."""
    s = str(p)
    if not _SURROGATE.search(s):
        return s
    return _SURROGATE.sub("\ufffd", _ESCAPED.sub(lambda m: _byte_char(ord(m.group()) - 0xDC00), s))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.1


def _detect_encoding(data: bytes) -> str:
    """Best guess of a legacy encoding. News text in Western European
    languages is overwhelmingly cp1252, which charset-normalizer sometimes
    mistakes for rarer code pages on short texts, so cp1252 wins when it
    decodes cleanly."""
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return best.encoding
    except Exception:  # detection is a best effort; fall through
        pass
    return "latin-1"


# --------------------------------------------------------------------------- readers

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

        def feed():
            while pos[0] < len(lines):
                pos[0] += 1
                yield lines[pos[0] - 1]

        row_start = start
        try:
            for row in csv.reader(feed(), strict=True):
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


# --------------------------------------------------------------------------- public API


def iter_records(
    path: str | Path,
    *,
    recursive: bool = False,
    title_from_first_line: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
    drop_duplicate_texts: bool = True,
    issues: list | None = None,
) -> Iterator[dict]:
    """Stream validated document records (dicts) from ``path``.

    Problems are appended to ``issues`` (a list of report rows) as they are
    found, so a caller can stream a corpus of any size and still account for
    every document. See :func:`load_corpus` for the arguments.
    """
    path = Path(path)
    sink: list[_Issue] = [] if issues is None else issues
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if path.is_dir():
        files = _txt_files(path, recursive)
        if not files:
            raise CorpusError(f"{path}: folder holds no .txt files" + ("" if recursive else " (use --recursive for subfolders)"))
        meta_path = path / "metadata.csv"
        metadata = _read_metadata_csv(meta_path, sink) if meta_path.exists() else {}
        stream = _iter_txt(files, base=path, title_from_first_line=title_from_first_line, metadata=metadata, issues=sink)
    else:
        suffix = path.suffix.lower()
        if suffix == ".txt":
            stream = _iter_txt([path], base=path, title_from_first_line=title_from_first_line, metadata={}, issues=sink)
        elif suffix == ".csv":
            stream = _iter_csv(path, sink)
        elif suffix in (".jsonl", ".ndjson"):
            stream = _iter_jsonl(path, sink)
        else:
            raise CorpusError(f"{path}: unsupported input (expected a folder of .txt files, a .txt, .csv or .jsonl file)")

    seen_ids: dict[str, str] = {}
    seen_texts: dict[str, str] = {}
    for rec, src, line in stream:
        where = f"line {line}" if line else src
        doc_id = rec["doc_id"]
        text = rec["text"]
        if doc_id in seen_ids:
            sink.append(_Issue(src, line, doc_id, "skipped", f"duplicate doc_id (first seen at {seen_ids[doc_id]})"))
            continue
        if not text.strip():
            sink.append(_Issue(src, line, doc_id, "skipped", "empty text"))
            continue
        if len(text) > max_chars:
            sink.append(_Issue(src, line, doc_id, "skipped", f"text has {len(text):,} characters, over max_chars={max_chars:,}"))
            continue
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
        if digest in seen_texts:
            if drop_duplicate_texts:
                sink.append(_Issue(src, line, doc_id, "skipped", f"same text as document {seen_texts[digest]}"))
                continue
            sink.append(_Issue(src, line, doc_id, "warning", f"same text as document {seen_texts[digest]}"))
        seen_ids[doc_id] = where
        seen_texts.setdefault(digest, doc_id)
        yield rec


# --------------------------------------------------------------------------- dates

#: Numeric day/month dates: ``03/04/2015``, ``3.4.15``, ``03-04-2015 10:00``.
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)(.*)", re.S)


def parse_date(value, *, dayfirst: bool = True) -> tuple[pd.Timestamp | None, str | None, str | None]:
    """Read one metadata date as a naive UTC timestamp.

    Returns ``(timestamp or None, action, reason)``; action and reason are
    ``None`` unless the date is reported (``repaired``: not understood, left
    empty; ``flagged``: an ambiguous day/month read as ``dayfirst`` says).

    - A date with a time-zone offset is converted to UTC and stored without
      the offset, so every date of a corpus has one type.
    - ``03/04/2015`` (both readings valid) follows ``dayfirst`` and is
      flagged; ``25/12/2015`` and ``12/25/2015`` have one reading each.
    - A bare number is not a date (an epoch time is not guessed) unless it is
      a year (``2015``) or a ``YYYYMMDD`` date.

    >>> parse_date("03/04/2015")[0], parse_date("03/04/2015", dayfirst=False)[0]
    (Timestamp('2015-04-03 00:00:00'), Timestamp('2015-03-04 00:00:00'))
    >>> parse_date("2015-08-14T10:00:00+01:00")[0]
    Timestamp('2015-08-14 09:00:00')
    >>> parse_date(1439510400)[1:]
    ('repaired', 'date 1439510400 is a bare number (an epoch time?), not a date; left empty')
    """
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None, None, None
    if isinstance(value, bool):
        return None, "repaired", f"date {value!r} not understood; left empty"
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        value = str(int(value)) if float(value).is_integer() else str(value)
    return _parse_date_text(str(value).strip(), dayfirst)


@functools.lru_cache(maxsize=65536)
def _parse_date_text(s: str, dayfirst: bool) -> tuple[pd.Timestamp | None, str | None, str | None]:
    """:func:`parse_date` of a stripped string (cached: corpora repeat dates)."""
    if not s:
        return None, None, None
    if s.isascii() and s.isdigit():
        year = len(s) == 4 and 1000 <= int(s) <= 2999
        ts = _utc_naive(s, fmt="%Y" if year else "%Y%m%d") if year or len(s) == 8 else None
        if ts is None:
            return None, "repaired", f"date {s} is a bare number (an epoch time?), not a date; left empty"
        return ts, None, None
    m = _NUMERIC_DATE.fullmatch(s)
    ambiguous = bool(m) and int(m[1]) <= 12 and int(m[3]) <= 12 and m[1].lstrip("0") != m[3].lstrip("0")
    first = dayfirst if ambiguous else bool(m) and int(m[1]) > 12
    ts = _utc_naive(s, dayfirst=first)
    if ts is None:
        return None, "repaired", f"date {s!r} not understood; left empty"
    if ambiguous:
        order = "day-first" if first else "month-first"
        return ts, "flagged", (f"date {s!r} is ambiguous (day/month or month/day); read {order} as "
                               f"{ts.date().isoformat()} (dayfirst={dayfirst})")
    return ts, None, None


def _utc_naive(s: str, *, dayfirst: bool = False, fmt: str = "mixed") -> pd.Timestamp | None:
    """``s`` as a naive UTC timestamp (``None`` when pandas cannot read it)."""
    try:
        ts = pd.to_datetime(s, utc=True, format=fmt, dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError):
        return None
    return None if ts is pd.NaT else ts.tz_localize(None)


def _dates_column(df: pd.DataFrame, issues: list | None, dayfirst: bool) -> pd.Series:
    """The ``date`` column parsed with :func:`parse_date`; a reported date is
    listed in ``issues`` once per document."""
    out = []
    for value, doc_id, path in zip(df["date"], df["doc_id"], df["path"]):
        ts, action, reason = parse_date(value, dayfirst=dayfirst)
        if reason and issues is not None:
            issues.append(_Issue(str(path), None, doc_id, action, reason))
        out.append(ts)
    return pd.to_datetime(pd.Series(out, index=df.index, dtype=object)).astype("datetime64[us]")


def records_frame(records: list[dict], issues: list | None = None, *, dayfirst: bool = True) -> pd.DataFrame:
    """Turn document records into the typed documents table (schema.DOCUMENTS
    plus any extra metadata columns). Dates are read by :func:`parse_date`
    (naive UTC; ``dayfirst`` for ambiguous day/month dates); unparseable and
    ambiguous dates are reported in ``issues``."""
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["doc_id", "text"])
    for col in schema.DOCUMENTS:
        if col not in df.columns:
            df[col] = None
    df["n_chars"] = df["text"].map(len).astype("Int64")
    df["n_words"] = df["text"].map(lambda t: len(_WORD.findall(t))).astype("Int64")
    df["date"] = _dates_column(df, issues, dayfirst)
    for col in ["doc_id", "title", "source", "url", "author", "path", "encoding", "text"]:
        df[col] = df[col].astype("string")
    extra = [c for c in df.columns if c not in schema.DOCUMENTS]
    return df[schema.DOCUMENTS[:-1] + extra + ["text"]].reset_index(drop=True)


def report_frame(issues: list) -> pd.DataFrame:
    """The load report: one row per skipped, repaired or flagged document."""
    rows = [(i.source_file, i.line, i.doc_id, i.action, i.reason) for i in issues]
    df = pd.DataFrame(rows, columns=schema.SKIPPED)
    df["line"] = df["line"].astype("Int64")
    return df


def load_corpus(
    path: str | Path,
    *,
    recursive: bool = False,
    title_from_first_line: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
    drop_duplicate_texts: bool = True,
    dayfirst: bool = True,
) -> LoadResult:
    """Load a corpus into ``(documents, report)``.

    Args:
        path: a folder of ``.txt`` files, a ``.txt``, ``.csv`` or ``.jsonl`` file.
        recursive: also read ``.txt`` files in subfolders (doc_id is then the
            relative path without suffix).
        title_from_first_line: take each ``.txt`` file's first line as its
            title; the text is then what follows that line.
        max_chars: skip (and report) documents longer than this.
        drop_duplicate_texts: skip a document whose text equals an earlier
            one's (reported); with ``False`` it is kept and flagged.
        dayfirst: read an ambiguous numeric date (``03/04/2015``: both
            readings valid) day-first, the UK order (default), or month-first
            with ``False``; each such date is flagged in the report. Every
            date is stored as naive UTC (an offset is converted).

    Returns:
        ``LoadResult(documents, report)``; ``report`` lists every skipped,
        repaired or flagged document with file, line and reason.

    Raises:
        CorpusError: when nothing can be read (missing path, unsupported
            format, a CSV without a ``text`` column).
    """
    issues: list[_Issue] = []
    records = list(iter_records(path, recursive=recursive, title_from_first_line=title_from_first_line,
                                max_chars=max_chars, drop_duplicate_texts=drop_duplicate_texts, issues=issues))
    docs = records_frame(records, issues, dayfirst=dayfirst)
    return LoadResult(docs, report_frame(issues))


def corpus_fingerprint(documents: pd.DataFrame) -> str:
    """A short hash of the corpus (doc ids and texts), for manifests and caches."""
    h = hashlib.sha256()
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        fingerprint_update(h, str(doc_id), str(text))
    return h.hexdigest()[:16]


def fingerprint_update(h, doc_id: str, text: str) -> None:
    """Add one document to a corpus fingerprint (also used by the streaming
    pipeline, so both give the same hash)."""
    h.update(doc_id.encode("utf-8", "surrogatepass") + b"\x00" + text.encode("utf-8", "surrogatepass") + b"\x01")


def overview(documents: pd.DataFrame, *, preview_chars: int = 120) -> pd.DataFrame:
    """One row per document for display: id, metadata, size and the opening words.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "title": [None], "source": [None], "date": [pd.NaT],
    ...                      "n_words": [3], "text": ["One two\\nthree."]})
    >>> overview(docs)["preview"].tolist()
    ['One two three.']
    """
    cols = [c for c in ["doc_id", "title", "source", "date", "n_words"] if c in documents]
    out = documents[cols].copy()
    out["preview"] = documents["text"].map(
        lambda t: (" ".join(str(t).split())[:preview_chars] + ("…" if len(" ".join(str(t).split())) > preview_chars else ""))
    )
    return out
