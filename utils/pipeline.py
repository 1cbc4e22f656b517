"""The annotation pipeline: one document at a time, then a small corpus merge.

Used by ``python -m utils annotate`` and by every notebook (``load_tables``).

``annotate_document(doc_id, text)`` runs every stage on one document and
returns its tables (segments, mentions, claims, stances, frames, errors); the
same function runs in a loop, on all cores or on a cluster. A stage that fails
on a document is recorded in the ``errors`` table (stage, error, message) and
the document's later stages run on what is left, so one bad document never
stops a corpus. Every span a stage returns is checked against the text
(``text[start:end]`` must equal the stored span); a row that fails is moved to
``errors``, never written.

``annotate_corpus(documents)`` maps that over a documents table and merges
actors across documents (``utils.actors.build_actors``).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable

import pandas as pd

from utils import paths, schema
from utils.corpus import corpus_fingerprint, load_corpus
from utils.tables import read_table, write_table
from utils.text import segment, segments_frame

#: Tables the pipeline writes, in dependency order.
TABLES = {
    "documents": schema.DOCUMENTS,
    "skipped": schema.SKIPPED,
    "segments": schema.SEGMENTS,
    "mentions": schema.MENTIONS,
    "actors": schema.ACTORS,
    "claims": schema.CLAIMS,
    "stances": schema.STANCES,
    "frames": schema.FRAMES,
    "errors": schema.ERRORS,
}
PER_DOCUMENT = ["segments", "mentions", "claims", "stances", "frames", "errors"]

# Span columns checked against the text: (start, end, text column or None).
_SPANS = {
    "mentions": [("start", "end", "text")],
    "claims": [("content_start", "content_end", "content"), ("cue_start", "cue_end", "cue"),
               ("speaker_start", "speaker_end", "speaker_text")],
    "stances": [("evidence_start", "evidence_end", "evidence")],
}


def empty(name: str) -> pd.DataFrame:
    """An empty table with the columns of ``name``."""
    return pd.DataFrame(columns=TABLES[name])


def _stage_functions():
    """The stage entry points. Imported lazily (inside the call) so that
    importing the pipeline is cheap; an import failure is recorded in the
    errors table like any other stage failure."""
    from importlib import import_module

    def call(module, fn, *args):
        return getattr(import_module(f"utils.{module}"), fn)(*args)

    return {
        "mentions": lambda d, t, s, out: call("actors", "detect_mentions", d, t, s),
        "claims": lambda d, t, s, out: call("claims", "extract_claims", d, t, s, out["mentions"]),
        "stances": lambda d, t, s, out: call("stance", "claim_stances", d, t, s, out["mentions"], out["claims"]),
        "frames": lambda d, t, s, out: call("framing", "score_frames", d, t, s, out["claims"]),
    }


def _error(doc_id: str, stage: str, exc: BaseException | str, message: str | None = None) -> dict:
    if isinstance(exc, BaseException):
        return {"doc_id": doc_id, "stage": stage, "error": type(exc).__name__, "message": str(exc)[:500]}
    return {"doc_id": doc_id, "stage": stage, "error": exc, "message": message or ""}


def check_spans(name: str, df: pd.DataFrame, text: str) -> tuple[pd.DataFrame, list[str]]:
    """Keep only rows whose spans are valid offsets into ``text`` and whose
    stored span text equals ``text[start:end]``; return (kept rows, problems)."""
    if df.empty or name not in _SPANS:
        return df, []
    ok = pd.Series(True, index=df.index)
    problems = []
    n = len(text)
    for s_col, e_col, t_col in _SPANS[name]:
        if s_col not in df or e_col not in df:
            continue
        for idx, s, e, t in zip(df.index, df[s_col], df[e_col], df[t_col] if t_col in df else [None] * len(df)):
            if s is None or s is pd.NA or e is None or e is pd.NA or (isinstance(s, float) and s != s):
                continue  # an optional span left empty
            s, e = int(s), int(e)
            if not (0 <= s <= e <= n):
                ok[idx] = False
                problems.append(f"{s_col}/{e_col}={s}/{e} outside the text (length {n})")
            elif t is not None and t is not pd.NA and text[s:e] != t:
                ok[idx] = False
                problems.append(f"{t_col} differs from text[{s}:{e}]")
    return df[ok], problems


def annotate_document(doc_id: str, text: str) -> dict[str, pd.DataFrame]:
    """Run every stage on one document; return its tables (see module doc)."""
    errors: list[dict] = []
    out: dict[str, pd.DataFrame] = {}
    try:
        seg = segment(text)
        out["segments"] = segments_frame(doc_id, seg)
    except Exception as exc:  # noqa: BLE001 - recorded, never lost
        errors.append(_error(doc_id, "segments", exc))
        out = {name: empty(name) for name in PER_DOCUMENT}
        out["errors"] = pd.DataFrame(errors, columns=schema.ERRORS)
        return out
    for stage, fn in _stage_functions().items():
        try:
            df = fn(doc_id, text, seg, out)
            df = df.reindex(columns=list(dict.fromkeys(TABLES[stage] + list(df.columns))))
            df, problems = check_spans(stage, df, text)
            for p in problems:
                errors.append(_error(doc_id, stage, "InvalidSpan", p))
        except Exception as exc:  # noqa: BLE001
            errors.append(_error(doc_id, stage, exc))
            df = empty(stage)
        out[stage] = df
    out["errors"] = pd.DataFrame(errors, columns=schema.ERRORS)
    return out


def _annotate_batch(batch: list[tuple[str, str]]) -> list[dict[str, pd.DataFrame]]:
    return [annotate_document(d, t) for d, t in batch]


def _concat(frames: list[pd.DataFrame], name: str) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and not f.empty]
    if not frames:
        return empty(name)
    return pd.concat(frames, ignore_index=True)


def _batches(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def default_jobs() -> int:
    """Every core the process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def annotate_corpus(
    documents: pd.DataFrame, *, jobs: int = 1, batch_size: int = 16, progress: bool | None = None
) -> dict[str, pd.DataFrame]:
    """Annotate every document of a documents table; merge actors across them.

    Results are identical whatever ``jobs`` is: documents are annotated
    independently and re-assembled in input order.
    """
    items = list(zip(documents["doc_id"].astype(str), documents["text"].astype(str)))
    batches = list(_batches(items, batch_size))
    show = _want_progress(progress)
    results: list[dict[str, pd.DataFrame]] = []
    bar = _progress_bar(len(items), show)
    if jobs > 1 and len(batches) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for res in pool.map(_annotate_batch, batches):
                results.extend(res)
                bar.update(len(res))
    else:
        for b in batches:
            res = _annotate_batch(b)
            results.extend(res)
            bar.update(len(res))
    bar.close()
    tables = {name: _concat([r[name] for r in results], name) for name in PER_DOCUMENT}
    tables["actors"] = build_actor_table(tables["mentions"])
    return tables


def build_actor_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """The corpus-level actor table (``utils.actors.build_actors``)."""
    try:
        from utils import actors

        return actors.build_actors(mentions)
    except (ImportError, AttributeError):
        return empty("actors")


def _want_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    return sys.stderr.isatty() and not os.environ.get("CI")


def _progress_bar(total: int, show: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="doc", disable=not show, desc="annotating", smoothing=0.1)


# --------------------------------------------------------------------------- settings fingerprint


def settings_fingerprint() -> str:
    """A hash of everything that changes annotations: the package code, the
    lexicons, codebooks and registries under ``data/`` and the model files. A
    cached annotation is reused only when this and the text are unchanged."""
    h = hashlib.sha256()
    files = sorted(Path(paths.ROOT / "utils").rglob("*.py")) + sorted(paths.MODELS.glob("*"))
    for sub in sorted(paths.DATA.iterdir()) if paths.DATA.exists() else []:
        if sub.name in ("raw", "processed", "corrections"):
            continue
        files += sorted(p for p in ([sub] if sub.is_file() else sub.rglob("*")) if p.is_file())
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(paths.ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- run and load


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path, *, parquet: bool = True) -> dict[str, Path]:
    """Write every table as ``NAME.csv`` (and ``NAME.parquet``) into ``out``."""
    out = Path(out)
    written = {}
    for name in TABLES:
        if name in tables:
            written[name] = write_table(tables[name], out / f"{name}.csv", parquet=parquet)
    return written


def run_annotate(
    input_path: str | Path,
    out: str | Path,
    *,
    recursive: bool = False,
    title_from_first_line: bool = False,
    jobs: int | None = None,
    parquet: bool = True,
    progress: bool | None = None,
) -> dict:
    """Load a corpus, annotate it and write all tables into ``out``.

    Returns a summary dict (counts, seconds, fingerprints), also written as
    ``manifest.json`` beside the tables.
    """
    t0 = time.perf_counter()
    docs, report = load_corpus(input_path, recursive=recursive, title_from_first_line=title_from_first_line)
    tables = annotate_corpus(docs, jobs=jobs or default_jobs(), progress=progress)
    tables["documents"] = docs
    tables["skipped"] = report
    write_tables(tables, out, parquet=parquet)
    manifest = {
        "input": str(input_path),
        "options": {"recursive": recursive, "title_from_first_line": title_from_first_line},
        "corpus_fingerprint": corpus_fingerprint(docs),
        "settings_fingerprint": settings_fingerprint(),
        "n_documents": int(len(docs)),
        "n_skipped": int((report["action"] == "skipped").sum()),
        "n_words": int(docs["n_words"].sum()) if len(docs) else 0,
        "rows": {name: int(len(df)) for name, df in tables.items()},
        "seconds": round(time.perf_counter() - t0, 3),
    }
    _write_json(Path(out) / "manifest.json", manifest)
    return manifest


def _write_json(path: Path, obj) -> None:
    from utils.tables import atomic_path

    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, default=str) + "\n", encoding="utf-8")


def read_tables(tables_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Read every table written by :func:`write_tables` from ``tables_dir``."""
    tables_dir = Path(tables_dir)
    out = {}
    for name in TABLES:
        p = tables_dir / f"{name}.csv"
        out[name] = read_table(p) if p.exists() else empty(name)
    return out


def corpus_slug(corpus: str | Path | None) -> str:
    """A short folder name for a corpus path (``seed`` for the default)."""
    if corpus is None:
        return "seed"
    p = Path(corpus)
    name = p.stem if p.is_file() else p.name
    digest = hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:6]
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name).strip("-") or "corpus"
    return f"{safe}-{digest}"


def load_tables(
    corpus: str | Path | None = None,
    tables_dir: str | Path | None = None,
    *,
    title_from_first_line: bool = False,
    recursive: bool = False,
    refresh: bool = False,
    jobs: int | None = None,
) -> dict[str, pd.DataFrame]:
    """The tables every notebook works on.

    - ``tables_dir`` given and holding ``documents.csv``: read it (for example
      the output of ``python -m utils annotate``).
    - Otherwise load ``corpus`` (default: the seed corpus), and reuse the cached
      annotation under ``data/processed/<corpus>/`` when the corpus text and the
      settings fingerprint are unchanged; annotate and cache it when not.
    """
    if tables_dir is not None and (Path(tables_dir) / "documents.csv").exists() and not refresh:
        return read_tables(tables_dir)
    src = Path(corpus) if corpus is not None else paths.SEED_CORPUS
    cache = Path(tables_dir) if tables_dir is not None else paths.PROCESSED / corpus_slug(corpus)
    docs, _ = load_corpus(src, recursive=recursive, title_from_first_line=title_from_first_line)
    manifest_path = cache / "manifest.json"
    if manifest_path.exists() and not refresh:
        try:
            m = json.loads(manifest_path.read_text(encoding="utf-8"))
            if (m.get("corpus_fingerprint") == corpus_fingerprint(docs)
                    and m.get("settings_fingerprint") == settings_fingerprint()
                    and m.get("options", {}).get("title_from_first_line") == title_from_first_line):
                return read_tables(cache)
        except (ValueError, OSError):
            pass  # a damaged manifest: annotate again
    run_annotate(src, cache, recursive=recursive, title_from_first_line=title_from_first_line, jobs=jobs)
    return read_tables(cache)
