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

``run_annotate(input, out)`` streams a corpus through it in chunks (serially,
on a process pool or on Dask) and merges actors across documents from
per-chunk statistics; ``load_tables`` gives the notebooks those tables.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from utils import actors, paths, schema, tableset
from utils.settings import settings_fingerprint
from utils.settings import run_options as _options
from utils.actors import detect_mentions
from utils.claims import extract_claims
from utils.corpus import corpus_fingerprint, fingerprint_update, iter_records, load_corpus, records_frame, report_frame
from utils.framing import score_frames
from utils.stance import claim_stances
from utils.tables import TableStream, atomic_path, read_table, rows_csv, write_table
from utils.tableset import TableSetError
from utils.text import segment, segments_frame

#: kept importable here: the naming rule lives in utils.paths
corpus_slug = paths.corpus_slug

#: Tables the pipeline writes, in dependency order, with their columns (``utils.schema``).
TABLES = schema.TABLES
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


def _error(doc_id: str, stage: str, exc: BaseException | str, message: str | None = None) -> dict:
    if isinstance(exc, BaseException):
        return {"doc_id": doc_id, "stage": stage, "error": type(exc).__name__, "message": str(exc)[:500]}
    return {"doc_id": doc_id, "stage": stage, "error": exc, "message": message or ""}


def check_spans(name: str, df: pd.DataFrame, text: str) -> tuple[pd.DataFrame, list[str]]:
    """Keep only rows whose spans are valid offsets into ``text`` and whose
    stored span text equals ``text[start:end]``; return (kept rows, problems)."""
    if df.empty or name not in _SPANS:
        return df, []
    ok, problems = [True] * len(df), []  # plain lists, not pandas cells: this runs on every row of every document
    n = len(text)
    for s_col, e_col, t_col in _SPANS[name]:
        if s_col not in df or e_col not in df:
            continue
        texts = df[t_col].tolist() if t_col in df else [None] * len(df)
        for k, (s, e, t) in enumerate(zip(df[s_col].tolist(), df[e_col].tolist(), texts)):
            if s is None or s is pd.NA or e is None or e is pd.NA or (isinstance(s, float) and s != s):
                continue  # an optional span left empty
            s, e = int(s), int(e)
            if not (0 <= s <= e <= n):
                ok[k] = False
                problems.append(f"{s_col}/{e_col}={s}/{e} outside the text (length {n})")
            elif t is not None and t is not pd.NA and text[s:e] != t:
                ok[k] = False
                problems.append(f"{t_col} differs from text[{s}:{e}]")
    return (df if all(ok) else df[pd.Series(ok, index=df.index)]), problems


def _run_stage(doc_id: str, text: str, stage: str, errors: list[dict], fn, *args, **kwargs) -> pd.DataFrame:
    """Run one stage: its table in schema order with every span checked against the
    text; a failure (or a row with a bad span) is recorded in ``errors``, never lost,
    and the stage then gives an empty table so the later stages still run."""
    try:
        df = fn(*args, **kwargs)
        cols = list(dict.fromkeys(TABLES[stage] + list(df.columns)))
        df = df if list(df.columns) == cols else df.reindex(columns=cols)
        df, problems = check_spans(stage, df, text)
        for p in problems:
            errors.append(_error(doc_id, stage, "InvalidSpan", p))
        return df
    except Exception as exc:  # noqa: BLE001 - recorded, never lost
        errors.append(_error(doc_id, stage, exc))
        return empty(stage)


def annotate_document(doc_id: str, text: str, options: dict | None = None, *,
                      date: str | None = None) -> dict[str, pd.DataFrame]:
    """Run every stage on one document; return its tables (see module doc).
    ``options``: see ``DEFAULT_OPTIONS`` (``{"bare_quotes": True}`` adds the claims of
    the optional bare-quote model; ``{"sentiment": "lexicon"}`` reads stances without
    the encoder). ``date``: the document's date (ISO), used to resolve
    an office named only by its role ("the chancellor") to its holder on that day.

    The stages, in order, each reading the one ``Doc`` and the tables before it:
    text -> segments; actors -> mentions; claims -> claims; stance -> stances;
    framing -> frames."""
    opts = _options(options)
    errors: list[dict] = []
    out: dict[str, pd.DataFrame] = {}
    try:
        doc = segment(text, doc_id)
        out["segments"] = segments_frame(doc_id, doc)
    except Exception as exc:  # noqa: BLE001 - recorded, never lost
        errors.append(_error(doc_id, "segments", exc))
        out = {name: empty(name) for name in PER_DOCUMENT}
        out["errors"] = pd.DataFrame(errors, columns=schema.ERRORS)
        return out
    out["mentions"] = _run_stage(doc_id, text, "mentions", errors, detect_mentions, doc_id, text, doc, date=date)
    out["claims"] = _run_stage(doc_id, text, "claims", errors, extract_claims, doc_id, text, doc, out["mentions"],
                               bare_quotes=opts["bare_quotes"])
    out["stances"] = _run_stage(doc_id, text, "stances", errors, claim_stances, doc_id, text, doc, out["mentions"],
                                out["claims"], method=opts["sentiment"])
    out["frames"] = _run_stage(doc_id, text, "frames", errors, score_frames, doc_id, text, doc, out["claims"])
    out["errors"] = pd.DataFrame(errors, columns=schema.ERRORS)
    return out


def pack_document(tables: dict[str, pd.DataFrame]) -> dict:
    """One document's tables as the streaming pipeline writes and caches them:
    CSV text per table (schema column order) with its row count, plus the
    document's actor statistics. Made in the worker, so the parent only writes."""
    packed = {name: (rows_csv(tables[name], TABLES[name]), len(tables[name])) for name in PER_DOCUMENT}
    packed["actor_stats"] = actor_stats_of(tables["mentions"])
    return packed


def _annotate_batch_packed(batch: list[tuple], options: dict | None = None) -> list[dict]:
    """Items are (doc_id, text) or (doc_id, text, date); the date is passed only when known."""
    return [pack_document(annotate_document(d, t, options, date=rest[0]) if rest and rest[0]
                          else annotate_document(d, t, options)) for d, t, *rest in batch]


def _doc_date(value) -> str:
    """A documents-table date as YYYY-MM-DD ("" when missing)."""
    try:
        if value is None or pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()[:10]


def _concat(frames: list[pd.DataFrame], name: str) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and not f.empty]
    if not frames:
        return empty(name)
    return pd.concat(frames, ignore_index=True)


def default_jobs() -> int:
    """Every core the process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def actor_stats_of(mentions: pd.DataFrame) -> dict:
    """Per-actor statistics of one chunk's mentions (they merge exactly)."""
    return actors.actor_stats(mentions)


def accumulate_actor_stats(acc: dict, part: dict) -> dict:
    """Add one document's (or chunk's) actor statistics into ``acc`` in place,
    copying rather than sharing, so cached statistics are never changed.
    Memory grows with the number of distinct actors, not of documents."""
    return actors.accumulate_actor_stats(acc, part)


def actors_from_parts(parts: list[dict]) -> pd.DataFrame:
    """The corpus actor table from per-chunk statistics: identical to
    ``build_actors`` over all mentions at once, with memory bounded by the
    number of distinct actors rather than of mentions."""
    return actors.actors_from_stats(actors.merge_actor_stats(parts))


def link_streams(streams: dict, actor_acc: dict) -> dict:
    """Corpus-level linking, once every document is annotated: a surname-only actor
    ("Falconer") becomes the one full name it matches in the corpus
    (``utils.actors.corpus_links``, decided from the merged statistics, so any chunking
    gives the same links). The links are written into the mentions, claims and stances
    tables being streamed (one row at a time) and into the actor statistics, so every
    table names the same actors. Returns the statistics after linking."""
    links = actors.corpus_links(actor_acc)
    if not links:
        return actor_acc
    by_id = {old: (actors.actor_id(new), new) for old, new in links.items()}
    documents: dict[str, set] = {}

    def relink(table: str):
        def fn(header: list[str], row: list[str]) -> list[str]:
            for id_col, name_col in actors.LINKED_COLUMNS[table]:
                i, j = header.index(id_col), header.index(name_col)
                hit = by_id.get(row[i])
                if hit is not None:
                    row[i], row[j] = hit
                    if table == "mentions":
                        k = header.index("resolved_by")
                        row[k] = f"{row[k]}+corpus-surname"
                if table == "mentions" and row[i] in targets:
                    documents.setdefault(row[i], set()).add(row[header.index("doc_id")])
            return row
        return fn

    targets = {new_id for new_id, _ in by_id.values()}
    for table in actors.LINKED_COLUMNS:
        streams[table].map_rows(relink(table))
    return actors.relink_stats(actor_acc, links, documents)


def build_actor_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """The corpus-level actor table (``utils.actors.build_actors``), places included."""
    return actors.build_actors(mentions)


def _speaker_ids(claims_stream) -> set[str]:
    """The speaker ids of the claims streamed so far (read in one pass, rows unchanged)."""
    ids: set[str] = set()

    def collect(header: list[str], row: list[str]) -> list[str]:
        ids.add(row[header.index("speaker_id")])
        return row

    claims_stream.map_rows(collect)
    return ids - {""}


def split_actor_table(table: pd.DataFrame, speakers) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``actors`` and ``places`` tables from the full actor table (``actors.split_places``)."""
    return actors.split_places(table, speakers)


def actor_tables(mentions: pd.DataFrame, claims: pd.DataFrame | None = None,
                 documents: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``actors`` and ``places`` tables of a set of annotated documents, as the
    streaming run builds them: roles by the documents' dates (``actors.role_on_dates``)
    and places apart, except those that speak."""
    stats = actors.actor_stats(mentions)
    if documents is not None and len(mentions) and "date" in documents:
        day = dict(zip(documents["doc_id"].astype(str), (_doc_date(v) for v in documents["date"])))
        for aid, doc in mentions[["actor_id", "doc_id"]].drop_duplicates().itertuples(index=False):
            if day.get(str(doc)) and aid in stats:
                stats[aid].dates[day[str(doc)]] += 1
    speakers = set(claims["speaker_id"].dropna().astype(str)) if claims is not None and len(claims) else set()
    return split_actor_table(actors.actors_from_stats(stats), speakers)


def _want_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    return sys.stderr.isatty() and not os.environ.get("CI")


def _progress_bar(total: int | None, show: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="doc", disable=not show, desc="annotating", smoothing=0.1, dynamic_ncols=True)


# --------------------------------------------------------------------------- run and load


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path, *, parquet: bool = True) -> dict[str, Path]:
    """Write every table as ``NAME.csv`` (and ``NAME.parquet``) into ``out``."""
    out = Path(out)
    written = {}
    for name in TABLES:
        if name in tables:
            written[name] = write_table(tables[name], out / f"{name}.csv", parquet=parquet)
    return written


class DocumentCache:
    """Per-document annotation cache keyed by a hash of the settings, the doc_id
    and the text. Each entry is JSON (the document's tables as CSV text, its actor
    statistics) with a SHA-256 checksum in front. JSON cannot run code, so a planted
    entry is at worst wrong data for that key, and an entry that fails its checksum or
    does not parse into the expected shape is a miss: removed and recomputed."""

    SUFFIX = ".json"

    def __init__(self, folder: str | Path, settings: str):
        self.folder = Path(folder)
        self.settings = settings
        self.hits = self.misses = self.corrupt = 0

    def key(self, doc_id: str, text: str, date: str = "") -> str:
        h = hashlib.sha256(self.settings.encode())
        h.update(b"\0" + doc_id.encode("utf-8", "surrogatepass") + b"\0" + text.encode("utf-8", "surrogatepass"))
        if date:  # the date changes how offices resolve; undated keys are unchanged
            h.update(b"\0date\0" + date.encode())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{self.SUFFIX}"

    def get(self, key: str) -> dict | None:
        p = self._path(key)
        try:
            blob = p.read_bytes()
        except OSError:
            self.misses += 1
            return None
        digest, payload = blob[:32], blob[32:]
        value = None
        if hashlib.sha256(payload).digest() == digest:
            try:
                value = _unpack_cached(json.loads(payload.decode("utf-8")))
            except (ValueError, TypeError, KeyError, AttributeError):
                value = None
        if value is None:
            self.corrupt += 1
            p.unlink(missing_ok=True)
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: dict) -> None:
        payload = json.dumps(_pack_cached(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8",
                                                                                                   "surrogatepass")
        try:
            with atomic_path(self._path(key)) as tmp:
                tmp.write_bytes(hashlib.sha256(payload).digest() + payload)
        except OSError:
            pass  # a cache that cannot be written only costs time


_STAT_COUNTERS = ("names", "named_types", "all_types", "party_texts", "role_texts")


def _pack_cached(packed: dict) -> dict:
    """A packed document (:func:`pack_document`) as plain JSON values; counters keep
    their order (first seen first) as lists of pairs."""
    stats = {aid: {**{c: list(getattr(st, c).items()) for c in _STAT_COUNTERS},
                   "n_mentions": st.n_mentions, "n_documents": st.n_documents}
             for aid, st in packed["actor_stats"].items()}
    return {"v": 1, "tables": {name: list(packed[name]) for name in PER_DOCUMENT}, "actor_stats": stats}


def _unpack_cached(obj) -> dict | None:
    """The inverse of :func:`_pack_cached`; None for anything of another shape."""
    from collections import Counter

    from utils.actors import ActorStats

    if not isinstance(obj, dict) or obj.get("v") != 1:
        return None
    out: dict = {}
    for name in PER_DOCUMENT:
        text, n = obj["tables"][name]
        if not isinstance(text, str) or not isinstance(n, int):
            return None
        out[name] = (text, n)
    stats = {}
    for aid, st in obj["actor_stats"].items():
        stats[aid] = ActorStats(**{c: Counter(dict((k, int(v)) for k, v in st[c])) for c in _STAT_COUNTERS},
                                n_mentions=int(st["n_mentions"]), n_documents=int(st["n_documents"]))
    out["actor_stats"] = stats
    return out


class SchedulerError(ValueError):
    """The Dask scheduler given with ``--scheduler`` cannot be reached."""


def _die_with_parent() -> None:
    """Worker initializer: on Linux, the kernel kills the worker when the process that
    started it dies (even by ``kill -9``), so no orphan keeps its memory."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent)


class Runner:
    """Runs batches of documents: in this process, on a process pool
    (``jobs`` > 1) or on a Dask cluster (``scheduler``: an address, or
    ``"local"`` for a LocalCluster). Results come back in input order, so every
    runner gives identical tables."""

    def __init__(self, *, jobs: int = 1, scheduler: str | None = None, options: dict | None = None):
        self.jobs = max(1, jobs)
        self.scheduler = scheduler
        self.options = _options(options)
        self._work = functools.partial(_annotate_batch_packed, options=self.options)
        self._pool = None
        self._client = None
        self._cluster = None
        if scheduler:
            from dask.distributed import Client, LocalCluster

            if scheduler == "local":
                self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                             dashboard_address=None)
                self._client = Client(self._cluster)
            else:
                try:
                    self._client = Client(scheduler, timeout="10s")
                except (OSError, TimeoutError, ValueError) as exc:
                    raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        elif self.jobs > 1:
            self._pool = _new_pool(self.jobs)

    def map(self, batches: list[list[tuple[str, str]]]) -> list[list[dict]]:
        if not batches:
            return []
        if self._client is not None:
            futures = self._client.map(self._work, batches, pure=False)
            return self._client.gather(futures)
        if self._pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return list(self._pool.map(self._work, batches))
            except BrokenProcessPool:
                # A worker died (out of memory, a crash in compiled code): start a
                # new pool and isolate the document responsible, one at a time.
                self._pool.shutdown(cancel_futures=True)
                self._pool = _new_pool(self.jobs)
                return [[self._one_isolated(*item) for item in b] for b in batches]
        return [self._work(b) for b in batches]

    def _one_isolated(self, doc_id: str, text: str, *rest) -> dict:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool.submit(self._work, [(doc_id, text, *rest)]).result()[0]
        except BrokenProcessPool:
            self._pool.shutdown(cancel_futures=True)
            self._pool = _new_pool(self.jobs)
            out = {name: empty(name) for name in PER_DOCUMENT}
            out["errors"] = pd.DataFrame([_error(doc_id, "worker", "WorkerCrashed",
                                                 "the worker process died on this document")], columns=schema.ERRORS)
            return pack_document(out)

    def close(self, *, abort: bool = False) -> None:
        """Release the workers; ``abort`` (an interrupted run) stops them at once."""
        if self._pool is not None:
            if abort:
                procs = list(getattr(self._pool, "_processes", {}).values())
                _quiet_pool_manager_on_abort()
                self._pool.shutdown(wait=False, cancel_futures=True)
                for proc in procs:
                    proc.kill()
            else:
                self._pool.shutdown()
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _quiet_pool_manager_on_abort() -> None:
    """An interrupted run kills its workers on purpose. Python 3.11's process-pool manager
    thread then marks the futures the interrupt already cancelled as broken and raises
    ``InvalidStateError`` (later Pythons catch it), and at exit the pool's clean-up may write
    to the killed pool's wake-up pipe ("OSError: Bad file descriptor", reported as "Exception
    ignored in: <module 'threading'>"). Only these two, from a thread or from the exit-time
    clean-up, are silenced; every other error is shown."""
    import threading
    from concurrent.futures import InvalidStateError

    previous, previous_unraisable = threading.excepthook, sys.unraisablehook
    if getattr(previous, "_wsw_quiet_abort", False):
        return

    def hook(args):
        if not (args.exc_type is not None and issubclass(args.exc_type, InvalidStateError)):
            previous(args)

    def unraisable(u):
        if not (u.exc_type is not None and issubclass(u.exc_type, (OSError, InvalidStateError))
                and getattr(u.object, "__name__", "") == "threading"):
            previous_unraisable(u)

    hook._wsw_quiet_abort = True
    threading.excepthook, sys.unraisablehook = hook, unraisable


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_annotate(
    input_path: str | Path,
    out: str | Path,
    *,
    recursive: bool = False,
    title_from_first_line: bool = False,
    jobs: int | None = None,
    scheduler: str | None = None,
    parquet: bool = True,
    progress: bool | None = None,
    chunk_size: int = 256,
    cache: bool = True,
    drop_duplicate_texts: bool = True,
    bare_quotes: bool | float = False,
    sentiment: str = "auto",
    dayfirst: bool = True,
    force: bool = False,
) -> dict:
    """Stream a corpus through the pipeline and write all tables into ``out``.

    Documents are read, annotated and written in chunks of ``chunk_size``, so
    memory stays flat as the corpus grows. Each document's tables are cached
    under ``out/cache/`` keyed by its text and the settings fingerprint, so a
    re-run only annotates what changed. The tables are written as one set
    (``utils.tableset``): ``out`` must be new, empty or made by this tool (unless
    ``force``), one run at a time holds its lock, every table is written into a
    staging folder and the finished set is swapped in with its manifest last, so an
    interrupted or overlapping run never leaves a mixed set; the next run redoes the
    work (from the cache) and removes what a killed run left behind.

    ``sentiment`` is the stance stage's method (``utils.settings.DEFAULT_OPTIONS``).
    ``dayfirst`` reads ambiguous numeric dates day-first (``False``: month-first;
    see :func:`utils.corpus.parse_date`); it is recorded in the manifest's options.

    Returns a summary dict (counts, seconds, fingerprints, cache hits, and per
    table its rows and checksums), also written as ``manifest.json`` beside the tables.

    Raises:
        utils.tables.OutputError: ``out`` is not ours, is locked by another run, or
            cannot be written (full disk, no permission).
    """

    out = Path(out)
    tableset.claim_folder(out, force=force)
    with tableset.locked(out):
        tableset.clean_stale(out)
        run_id = tableset.new_run_id()
        stage = tableset.staging_dir(out, run_id)
        try:
            manifest = _annotate_into(input_path, out, stage, run_id, recursive=recursive,
                                      title_from_first_line=title_from_first_line, jobs=jobs, scheduler=scheduler,
                                      parquet=parquet, progress=progress, chunk_size=chunk_size, cache=cache,
                                      drop_duplicate_texts=drop_duplicate_texts, bare_quotes=bare_quotes,
                                      sentiment=sentiment, dayfirst=dayfirst)
            tableset.swap_in(stage, out, manifest)
        except BaseException:
            import shutil

            shutil.rmtree(stage, ignore_errors=True)
            raise
    return manifest


def _annotate_into(input_path, out: Path, stage: Path, run_id: str, *, recursive, title_from_first_line, jobs,
                   scheduler, parquet, progress, chunk_size, cache, drop_duplicate_texts, bare_quotes,
                   sentiment, dayfirst) -> dict:
    """The body of :func:`run_annotate`: annotate the corpus, writing every table into
    ``stage`` (the cache stays in ``out/cache``); return the manifest. A long loop kept
    in one function so the order of streaming, caching and committing reads top down."""

    t0 = time.perf_counter()
    options = _options({"bare_quotes": bare_quotes, "sentiment": sentiment})
    settings = settings_fingerprint(options)
    doc_cache = DocumentCache(out / "cache", settings) if cache else None
    issues: list = []
    records = iter_records(input_path, recursive=recursive, title_from_first_line=title_from_first_line,
                           drop_duplicate_texts=drop_duplicate_texts, issues=issues)
    runner = Runner(jobs=jobs or default_jobs(), scheduler=scheduler, options=options)
    streams = {name: TableStream(stage / f"{name}.csv", cols) for name, cols in TABLES.items()
               if name not in ("actors", "places", "skipped")}
    corpus_hash = hashlib.sha256()
    n_docs = n_words = 0
    actor_acc: dict = {}
    bar = _progress_bar(None, _want_progress(progress))
    try:
        for chunk in _chunks(records, chunk_size):
            docs = records_frame(chunk, issues, dayfirst=dayfirst)
            streams["documents"].append(docs)
            n_docs += len(docs)
            n_words += int(docs["n_words"].sum())
            dates = [_doc_date(v) for v in docs["date"]] if "date" in docs else [""] * len(docs)
            items = list(zip(docs["doc_id"].astype(str), docs["text"].astype(str), dates))
            for d, t, _ in items:
                fingerprint_update(corpus_hash, d, t)
            results: list = [None] * len(items)
            keys = [doc_cache.key(d, t, day) for d, t, day in items] if doc_cache else [None] * len(items)
            if doc_cache:
                results = [doc_cache.get(k) for k in keys]
            todo = [i for i, r in enumerate(results) if r is None]
            n_batches = max(1, min(len(todo), runner.jobs * 4))
            batches = [[items[i] for i in todo[j::n_batches]] for j in range(n_batches)]
            order = [todo[j::n_batches] for j in range(n_batches)]
            for idxs, res in zip(order, runner.map([b for b in batches if b])):
                for i, r in zip(idxs, res):
                    results[i] = r
                    if doc_cache:
                        doc_cache.put(keys[i], r)
            for name in PER_DOCUMENT:
                streams[name].append_text("".join(r[name][0] for r in results), sum(r[name][1] for r in results))
            for r, (_, _, day) in zip(results, items):
                accumulate_actor_stats(actor_acc, r["actor_stats"])
                if day:  # the document's date, for roles held then (actors.role_on_dates)
                    for aid in r["actor_stats"]:
                        actor_acc[aid].dates[day] += 1
            bar.update(len(items))
        bar.close()
        actor_acc = link_streams(streams, actor_acc)
        actors, places = split_actor_table(actors_from_parts([actor_acc]), _speaker_ids(streams["claims"]))
        skipped = report_frame(issues)
        write_table(actors, stage / "actors.csv", parquet=parquet)
        write_table(places, stage / "places.csv", parquet=parquet)
        write_table(skipped, stage / "skipped.csv", parquet=parquet)
        rows = {name: st.rows for name, st in streams.items()}
        for st in streams.values():
            st.commit(parquet=parquet)
    except BaseException:
        for st in streams.values():
            st.abort()
        runner.close(abort=True)
        raise
    runner.close()
    rows.update(actors=len(actors), places=len(places), skipped=len(skipped))
    manifest = {
        "run_id": run_id,
        "input": str(input_path),
        "options": {"recursive": recursive, "title_from_first_line": title_from_first_line,
                    "drop_duplicate_texts": drop_duplicate_texts, "dayfirst": dayfirst, **options},
        "corpus_fingerprint": corpus_hash.hexdigest()[:16],
        "settings_fingerprint": settings,
        "n_documents": n_docs,
        "n_skipped": int((skipped["action"] == "skipped").sum()),
        "n_words": n_words,
        "rows": rows,
        "cache": {"hits": doc_cache.hits, "misses": doc_cache.misses, "corrupt": doc_cache.corrupt} if doc_cache else None,
        "jobs": runner.jobs,
        "scheduler": scheduler,
        "seconds": round(time.perf_counter() - t0, 3),
        "tables": tableset.describe(stage, list(TABLES), rows),
    }
    return manifest


def read_tables(tables_dir: str | Path, *, verify: bool = True) -> dict[str, pd.DataFrame]:
    """Read every table of ``tables_dir``.

    With ``verify`` (the default) the folder must hold one complete run's output:
    its ``manifest.json`` lists every file with its checksum and row count, and a set
    that does not match (an interrupted or overlapping run, a file changed since) is
    refused with ``utils.tableset.TableSetError`` instead of being read as whole.
    ``verify=False`` reads loose tables (e.g. written by :func:`write_tables`).
    """

    tables_dir = Path(tables_dir)
    manifest = tableset.verify(tables_dir) if verify else None
    out = {}
    for name in TABLES:
        p = tables_dir / f"{name}.csv"
        out[name] = read_table(p) if p.exists() else empty(name)
    if manifest is not None:
        tableset.check_rows(tables_dir, manifest, out)
    return out


def load_tables(
    corpus: str | Path | None = None,
    tables_dir: str | Path | None = None,
    *,
    title_from_first_line: bool = False,
    recursive: bool = False,
    refresh: bool = False,
    jobs: int | None = None,
    source: str | list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    corrections: str | Path | bool = True,
    dayfirst: bool = True,
) -> dict[str, pd.DataFrame]:
    """The tables every notebook works on (optionally a subset by outlet or
    date range: see :func:`subset_tables`), with the analysts' corrections
    (``data/corrections/``, or the folder given as ``corrections``; ``False``
    for the raw machine output) merged over claims, stances and frames. The
    merge report is returned as the table ``corrections_report``; the
    corrections files are only read, never written.

    - ``tables_dir`` given and holding ``documents.csv``: read it (for example
      the output of ``python -m utils annotate``).
    - Otherwise load ``corpus`` (default: the seed corpus), and reuse the cached
      annotation under ``data/processed/<corpus>/`` when the corpus text and the
      settings fingerprint are unchanged; annotate and cache it when not.
      ``dayfirst`` (ambiguous numeric dates, see :func:`utils.corpus.parse_date`)
      must match the cached run's too.
    """
    def done(tables):
        tables = subset_tables(tables, source=source, date_from=date_from, date_to=date_to)
        if corrections is False:
            return tables
        from utils import review

        folder = paths.CORRECTIONS if corrections is True else Path(corrections)
        merged, report = review.apply_all_corrections(tables, folder, documents=tables["documents"])
        return {**tables, **merged, "corrections_report": report}

    corpus = paths.resolve_user_path(corpus) if corpus is not None else None
    tables_dir = paths.resolve_user_path(tables_dir) if tables_dir is not None else None
    if tables_dir is not None and (Path(tables_dir) / "documents.csv").exists() and not refresh:
        return done(read_tables(tables_dir))
    src = Path(corpus) if corpus is not None else paths.SEED_CORPUS
    cache = Path(tables_dir) if tables_dir is not None else paths.PROCESSED / corpus_slug(corpus)
    docs, _ = load_corpus(src, recursive=recursive, title_from_first_line=title_from_first_line, dayfirst=dayfirst)
    manifest_path = cache / "manifest.json"
    if manifest_path.exists() and not refresh:

        try:
            m = json.loads(manifest_path.read_text(encoding="utf-8"))
            if (m.get("corpus_fingerprint") == corpus_fingerprint(docs)
                    and m.get("settings_fingerprint") == settings_fingerprint()
                    and m.get("options", {}).get("title_from_first_line") == title_from_first_line
                    and m.get("options", {}).get("dayfirst") == dayfirst):
                return done(read_tables(cache))
        except (ValueError, OSError, TableSetError):
            pass  # a damaged manifest or table set: annotate again
    run_annotate(src, cache, recursive=recursive, title_from_first_line=title_from_first_line, jobs=jobs,
                 dayfirst=dayfirst)
    return done(read_tables(cache))


def subset_tables(
    tables: dict[str, pd.DataFrame],
    *,
    source: str | list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> dict[str, pd.DataFrame]:
    """Restrict every table to the documents of some outlets and/or a date range.

    Args:
        source: an outlet name or a list of them (the documents' ``source``).
        date_from, date_to: ISO dates, inclusive; documents without a date are
            left out when either is given.

    The actor table is recounted from the remaining mentions.
    """
    docs = tables["documents"]
    keep = pd.Series(True, index=docs.index)
    if source:
        wanted = [source] if isinstance(source, str) else list(source)
        keep &= docs["source"].isin(wanted).fillna(False).astype(bool)
    if date_from or date_to:
        dates = pd.to_datetime(docs["date"], errors="coerce")
        if date_from:
            keep &= (dates >= pd.Timestamp(date_from)).fillna(False).astype(bool)
        if date_to:
            keep &= (dates <= pd.Timestamp(date_to)).fillna(False).astype(bool)
    if bool(keep.all()):
        return tables
    ids = set(docs.loc[keep, "doc_id"])
    out = {}
    for name, df in tables.items():
        out[name] = df[df["doc_id"].isin(ids)].reset_index(drop=True) if "doc_id" in df and name != "skipped" else df
    out["actors"], out["places"] = actor_tables(out["mentions"], out.get("claims"), out["documents"])
    return out
