"""The tables of one annotation run as one set: written whole, checked whole.

``python -m utils annotate INPUT --out DIR`` writes several tables (documents,
claims, stances ...) plus ``manifest.json``. Each file is written atomically, and
this module makes the *set* atomic too:

- **Ownership**: ``DIR`` must be new, empty, or made by this tool (it holds the
  marker file ``.who-says-what``, or a manifest the tool wrote). A folder with other
  files is refused unless forced, so ``--out data`` can never overwrite an analyst's
  registry.
- **Lock**: one run at a time writes into ``DIR`` (an exclusive ``flock`` on
  ``DIR/.lock``); a second run stops at once with a clear error.
- **Staging**: the run writes every table into ``DIR/.staging-<run id>/`` and swaps
  the finished set in: first the old ``manifest.json`` goes, then each table (a table
  format the run did not write, such as a stale ``.parquet`` after ``--no-parquet``,
  is removed), and the new manifest comes last. A run killed before the swap leaves
  the previous set untouched; one killed during the swap leaves no manifest.
- **Manifest**: ``manifest.json`` records the run id and, per table, its row count
  and the SHA-256 of every file. :func:`verify` (used by every reader) refuses a set
  whose files do not match it: the tables of an interrupted or overlapping run are
  never read as if they were whole.
- **Clean-up**: a new run removes stale staging folders and temporary files left by a
  killed run, and cache entries in the old (pickle) format, without reading them.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path

from utils.tables import OutputError

MARKER = ".who-says-what"
LOCK = ".lock"
MANIFEST = "manifest.json"
_STAGING_PREFIX = ".staging-"


class TableSetError(ValueError):
    """A table folder that is not one complete run's output (names the folder and the fix)."""


def new_run_id() -> str:
    """A fresh id for one run (recorded in its manifest)."""
    return uuid.uuid4().hex


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _ours(out: Path) -> bool:
    """True when ``out`` was made by this tool: its marker, or a manifest it wrote
    (folders from before the marker existed)."""
    if (out / MARKER).is_file():
        return True
    try:
        m = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(m, dict) and "settings_fingerprint" in m


def claim_folder(out: Path, *, force: bool = False) -> None:
    """Make ``out`` (if needed) and mark it as this tool's; refuse a non-empty folder
    the tool did not make unless ``force``.

    Raises:
        OutputError: naming the folder, a file in it and the fix.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        others = sorted(p.name for p in out.iterdir() if p.name not in (MARKER, LOCK))
    except OSError as exc:
        raise OutputError(exc.errno or 0, f"cannot write to output folder {out}: {exc.strerror or exc}") from exc
    if others and not _ours(out) and not force:
        raise OutputError(errno.EEXIST, (
            f"{out} is not empty and was not made by `python -m utils annotate` (it holds {others[0]!r}"
            f"{f' and {len(others) - 1} more' if len(others) > 1 else ''}): refusing to write tables into it. "
            "Choose a new or empty folder, or pass --force to write there anyway."))
    if not (out / MARKER).is_file():
        try:
            (out / MARKER).write_text("This folder holds tables written by `python -m utils annotate` "
                                      "(Who Says What).\n", encoding="utf-8")
        except OSError as exc:
            raise OutputError(exc.errno or 0, f"cannot write to output folder {out}: {exc.strerror or exc}") from exc


@contextlib.contextmanager
def locked(out: Path):
    """Hold the exclusive lock of ``out`` for one run.

    Raises:
        OutputError: another run holds it.
    """
    import fcntl

    fh = open(out / LOCK, "a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(errno.EBUSY, f"another annotate run is writing into {out} (it holds {out / LOCK}); "
                                           "wait for it to finish or choose another --out") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield
    finally:
        fh.close()  # closing releases the lock


def clean_stale(out: Path) -> list[str]:
    """Remove what a killed run left behind (staging folders, ``.*.tmp`` files) and
    cache entries in the old pickle format (never loaded: a pickle can run code).
    Call only while holding the lock. Returns the names removed."""
    removed = []
    for p in out.iterdir():
        if p.is_dir() and p.name.startswith(_STAGING_PREFIX):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
        elif p.is_file() and p.name.startswith(".") and p.name.endswith(".tmp"):
            p.unlink(missing_ok=True)
            removed.append(p.name)
    cache = out / "cache"
    if cache.is_dir():
        for p in cache.rglob("*.pkl"):
            p.unlink(missing_ok=True)
            removed.append(str(p.relative_to(out)))
    return removed


def staging_dir(out: Path, run_id: str) -> Path:
    d = out / f"{_STAGING_PREFIX}{run_id}"
    d.mkdir()
    return d


def describe(stage: Path, names: list[str], rows: dict[str, int]) -> dict:
    """The manifest's ``tables`` entry: per table, its row count and the SHA-256 of
    each of its files in ``stage``."""
    out = {}
    for name in names:
        files = {}
        for ext in (".csv", ".parquet"):
            f = stage / f"{name}{ext}"
            if f.is_file():
                files[f.name] = file_sha256(f)
        out[name] = {"rows": int(rows.get(name, 0)), "files": files}
    return out


def swap_in(stage: Path, out: Path, manifest: dict, formats: tuple[str, ...] = (".csv", ".parquet")) -> None:
    """Move the finished set from ``stage`` into ``out``: old manifest out first, the
    tables in (removing a format the run did not write), the new manifest last."""
    from utils.tables import atomic_path

    tables = manifest["tables"]
    (out / MANIFEST).unlink(missing_ok=True)
    for name, entry in tables.items():
        for ext in formats:
            target = out / f"{name}{ext}"
            if target.name in entry["files"]:
                os.replace(stage / target.name, target)
            else:
                target.unlink(missing_ok=True)
    with atomic_path(out / MANIFEST) as tmp:
        tmp.write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    shutil.rmtree(stage, ignore_errors=True)
    with contextlib.suppress(OSError):  # make the renames durable
        fd = os.open(out, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def verify(folder: str | Path, *, checksums: bool = True) -> dict:
    """Check that ``folder`` holds one complete run's tables; return its manifest.

    A folder written before manifests listed their tables (no ``tables`` entry) is
    accepted on the row counts alone (:func:`check_rows`).

    Raises:
        TableSetError: no manifest beside the tables, a file missing or changed since
            the run that wrote the manifest (an interrupted or overlapping run).
    """
    folder = Path(folder)
    fix = f"write them again with `python -m utils annotate CORPUS --out {folder}`"
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TableSetError(f"{folder}: tables without {MANIFEST}, so not one complete run's output "
                            f"(an interrupted run?); {fix}") from None
    except (OSError, ValueError) as exc:
        raise TableSetError(f"{folder / MANIFEST}: unreadable ({exc}); {fix}") from None
    for entry in (manifest.get("tables") or {}).values():
        for fname, digest in entry.get("files", {}).items():
            f = folder / fname
            if not f.is_file():
                raise TableSetError(f"{f}: missing, though the manifest of run {manifest.get('run_id')} lists it; {fix}")
            if checksums and file_sha256(f) != digest:
                raise TableSetError(f"{f}: not the file run {manifest.get('run_id')} wrote (changed by another "
                                    f"or an interrupted run); {fix}")
    return manifest


def check_rows(folder: str | Path, manifest: dict, tables: dict) -> None:
    """The row count of every table read equals the manifest's.

    Raises:
        TableSetError: naming the table and both counts.
    """
    expected = {n: e["rows"] for n, e in (manifest.get("tables") or {}).items()} or manifest.get("rows") or {}
    for name, n in expected.items():
        if name in tables and len(tables[name]) != int(n):
            raise TableSetError(f"{Path(folder) / (name + '.csv')}: {len(tables[name])} rows, but its run's "
                                f"manifest says {n}; write the tables again with `python -m utils annotate`")
