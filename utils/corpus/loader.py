"""The corpus loader's public functions: stream records, build the documents table and the
load report, fingerprint a corpus, show an overview."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterator

import pandas as pd

from utils import schema
from utils.corpus.base import _WORD, DEFAULT_MAX_CHARS, CorpusError, LoadResult, _Issue
from utils.corpus.dates import _dates_column
from utils.corpus.readers import _iter_csv, _iter_jsonl, _iter_txt, _read_metadata_csv, _txt_files

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
