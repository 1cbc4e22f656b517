"""Load a corpus of news articles into a validated documents table.

Used by ``01-load-corpus.ipynb``, ``python -m utils annotate`` and every stage
after it (through ``utils.pipeline``).

Inputs:

- a folder of ``.txt`` files (``doc_id`` = file stem), with optional metadata
  from a ``metadata.csv`` beside them (a ``doc_id`` column plus any of
  ``title, source, date, url, author``) or a front-matter block at the top of
  a file (``---`` lines around ``key: value`` pairs);
- a single ``.txt`` file;
- a ``.csv`` file or a ``.jsonl`` file with at least ``doc_id`` and ``text``.

The stored ``text`` is the content exactly as decoded: no unicode
normalisation, no newline conversion, quotes as written. Every offset in every
later table refers to it. Nothing is dropped silently: :func:`load_corpus`
returns a *load report* listing every skipped or repaired document and why.

Example:
    >>> from utils import paths
    >>> docs, report = load_corpus(paths.SEED_CORPUS)
    >>> list(docs.doc_id), len(report)
    (['000_9e905b8fb374d4c2'], 0)
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
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
    action: str  # skipped | repaired | warning
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


def _front_matter(text: str) -> tuple[dict[str, str], str] | None:
    """Split a ``---``-delimited ``key: value`` block from the top of ``text``."""
    if not text.startswith("---"):
        return None
    first_nl = text.find("\n")
    if first_nl == -1 or text[:first_nl].strip() != "---":
        return None
    end = text.find("\n---", first_nl)
    if end == -1:
        return None
    block = text[first_nl + 1 : end]
    meta = {}
    for line in block.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            return None
        meta[key.strip().lower()] = value.strip().strip('"').strip("'")
    rest_start = text.find("\n", end + 4)
    rest = "" if rest_start == -1 else text[rest_start + 1 :]
    return meta, rest


def _read_metadata_csv(path: Path, issues: list[_Issue]) -> dict[str, dict[str, str]]:
    meta: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "doc_id" not in reader.fieldnames:
            raise CorpusError(f"{path}: metadata file needs a 'doc_id' column (found: {reader.fieldnames})")
        for row in reader:
            doc_id = (row.get("doc_id") or "").strip()
            if not doc_id:
                issues.append(_Issue(str(path), reader.line_num, "", "warning", "metadata row without doc_id ignored"))
                continue
            meta[doc_id] = {k: (v or "").strip() for k, v in row.items() if k and k != "doc_id"}
    return meta


def _iter_txt(files: list[Path], *, base: Path, title_from_first_line: bool, metadata: dict, issues: list[_Issue]):
    for f in files:
        doc_id = f.relative_to(base).with_suffix("").as_posix() if base != f else f.stem
        try:
            data = f.read_bytes()
        except OSError as exc:
            issues.append(_Issue(str(f), None, doc_id, "skipped", f"cannot read file: {exc.strerror or exc}"))
            continue
        text, enc, problem = decode_bytes(data)
        if text is None:
            issues.append(_Issue(str(f), None, doc_id, "skipped", problem))
            continue
        if problem:
            issues.append(_Issue(str(f), None, doc_id, "repaired", problem))
        meta = dict(metadata.get(doc_id, {}))
        fm = _front_matter(text)
        if fm is not None:
            fm_meta, text = fm
            for k, v in fm_meta.items():
                meta.setdefault(k, v)
        if title_from_first_line and text.strip():
            stripped = text.lstrip("\r\n")
            nl = stripped.find("\n")
            first = stripped if nl == -1 else stripped[:nl]
            meta.setdefault("title", first.strip())
            text = "" if nl == -1 else stripped[nl + 1 :]
        yield {"doc_id": doc_id, "text": text, "path": str(f), "encoding": enc, **meta}, str(f), None


def _iter_csv(path: Path, issues: list[_Issue]):
    data = path.read_bytes()
    text, enc, problem = decode_bytes(data)
    if text is None:
        raise CorpusError(f"{path}: not a text file ({problem})")
    if problem:
        issues.append(_Issue(str(path), None, "", "repaired", problem))
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = reader.fieldnames or []
    if "text" not in fields:
        raise CorpusError(f"{path}: no 'text' column (columns found: {', '.join(fields) or 'none'})")
    has_id = "doc_id" in fields
    prev_line = 1  # header
    for row in reader:
        start_line = prev_line + 1
        prev_line = reader.line_num
        if None in row:  # more fields than header
            issues.append(_Issue(str(path), start_line, row.get("doc_id") or "", "warning",
                                 "row has more fields than the header; extra fields ignored"))
            row.pop(None)
        doc_id = (row.get("doc_id") or "").strip() if has_id else f"{path.stem}-{start_line}"
        if not doc_id:
            issues.append(_Issue(str(path), start_line, "", "skipped", "empty doc_id"))
            continue
        rec = {k: v for k, v in row.items() if k is not None}
        rec["doc_id"] = doc_id
        rec["text"] = rec.get("text") or ""
        rec["path"] = str(path)
        rec["encoding"] = enc
        yield rec, str(path), start_line


def _iter_jsonl(path: Path, issues: list[_Issue]):
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            line, enc, problem = decode_bytes(raw)
            if line is None:
                issues.append(_Issue(str(path), lineno, "", "skipped", f"line is not text ({problem})"))
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                issues.append(_Issue(str(path), lineno, "", "skipped", f"malformed JSON: {exc.msg} at column {exc.colno}"))
                continue
            if not isinstance(obj, dict):
                issues.append(_Issue(str(path), lineno, "", "skipped", "line is not a JSON object"))
                continue
            if problem:
                issues.append(_Issue(str(path), lineno, str(obj.get("doc_id", "")), "repaired", problem))
            doc_id = obj.get("doc_id")
            doc_id = f"{path.stem}-{lineno}" if doc_id in (None, "") else str(doc_id).strip()
            text = obj.get("text")
            if text is not None and not isinstance(text, str):
                issues.append(_Issue(str(path), lineno, doc_id, "skipped", f"field 'text' is {type(text).__name__}, not a string"))
                continue
            rec = {k: v for k, v in obj.items() if k in META_COLUMNS and v is not None}
            rec.update(doc_id=doc_id, text=text if text is not None else None, path=str(path), encoding=enc)
            if text is None:
                issues.append(_Issue(str(path), lineno, doc_id, "skipped", "no 'text' field"))
                continue
            yield rec, str(path), lineno


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
        pattern = "**/*.txt" if recursive else "*.txt"
        files = sorted(p for p in path.glob(pattern) if p.is_file())
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


def records_frame(records: list[dict], issues: list | None = None) -> pd.DataFrame:
    """Turn document records into the typed documents table (schema.DOCUMENTS
    plus any extra metadata columns). Unparseable dates become missing and are
    reported in ``issues``."""
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["doc_id", "text"])
    for col in schema.DOCUMENTS:
        if col not in df.columns:
            df[col] = None
    df["n_chars"] = df["text"].map(len).astype("Int64")
    df["n_words"] = df["text"].map(lambda t: len(_WORD.findall(t))).astype("Int64")
    raw_dates = df["date"]
    parsed = pd.to_datetime(raw_dates, errors="coerce", utc=False, format="mixed")
    if issues is not None:
        bad = raw_dates.notna() & (raw_dates.astype(str).str.strip() != "") & parsed.isna()
        for _, row in df[bad].iterrows():
            issues.append(_Issue(str(row["path"]), None, row["doc_id"], "repaired",
                                 f"date {row['date']!r} not understood; left empty"))
    df["date"] = parsed
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
    docs = records_frame(records, issues)
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
