"""Corpus: load news articles into a validated documents table.

Takes files (a folder of ``.txt`` files, a ``.csv`` or a ``.jsonl`` file); gives the
``documents`` table (one row per article, ``schema.DOCUMENTS`` plus any metadata
columns) and the ``skipped`` table (the load report, ``schema.SKIPPED``).

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

from utils.corpus.base import DEFAULT_MAX_CHARS, META_COLUMNS, CorpusError, LoadResult
from utils.corpus.dates import parse_date
from utils.corpus.decoding import decode_bytes
from utils.corpus.loader import (
    corpus_fingerprint,
    fingerprint_update,
    iter_records,
    load_corpus,
    overview,
    records_frame,
    report_frame,
)
from utils.corpus.readers import RESERVED

__all__ = [
    "DEFAULT_MAX_CHARS", "META_COLUMNS", "RESERVED", "CorpusError", "LoadResult", "corpus_fingerprint", "decode_bytes",
    "fingerprint_update", "iter_records", "load_corpus", "overview", "parse_date", "records_frame", "report_frame",
]
