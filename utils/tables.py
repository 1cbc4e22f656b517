"""Write and read the pipeline's tables: CSV (the interface) and Parquet.

Used by ``python -m utils annotate`` and ``utils.pipeline.load_tables`` (so by
every notebook).

CSV conventions, for any tool that reads them: UTF-8 without BOM, a header
row, standard quoting (embedded newlines quoted), integer columns as integers
(empty when missing, never ``12.0``), booleans as ``true``/``false``, list
values joined with ``; ``, dates as ISO 8601. Every write is atomic: the table
goes to a temporary file in the same folder, then is renamed over the target,
so an interrupted run never leaves a half-written table.

Example:
    >>> import tempfile, pandas as pd
    >>> d = Path(tempfile.mkdtemp())
    >>> df = pd.DataFrame({"start": pd.array([1, None], dtype="Int64"), "present": [True, False],
    ...                    "evidence": [["a", "b"], []]})
    >>> p = write_table(df, d / "t.csv")
    >>> print(p.read_text(), end="")
    start,present,evidence
    1,true,a; b
    ,false,
"""
from __future__ import annotations

import contextlib
import csv
import errno
import os
import tempfile
from pathlib import Path

import pandas as pd

from utils import schema

LIST_SEP = "; "


class OutputError(OSError):
    """A table could not be written (unwritable folder, full disk ...)."""


def _format_value(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if v != v:  # NaN
            return ""
        return repr(v)
    if isinstance(v, (list, tuple, set)):
        return LIST_SEP.join(str(x) for x in v)
    if isinstance(v, pd.Timestamp):
        return v.isoformat() if (v.hour or v.minute or v.second) else v.date().isoformat()
    try:
        import numpy as np

        if isinstance(v, np.bool_):
            return "true" if v else "false"
        if isinstance(v, np.integer):
            return str(int(v))
        if isinstance(v, np.floating):
            return "" if v != v else repr(float(v))
    except ImportError:  # pragma: no cover
        pass
    return str(v)


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Coerce integer-like columns to nullable integers so CSV never shows 12.0."""
    out = df.copy()
    for col in out.columns:
        if col in schema.INT_COLUMNS and col in out and not pd.api.types.is_integer_dtype(out[col].dtype):
            try:
                out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
            except (TypeError, ValueError):
                pass
    return out


@contextlib.contextmanager
def atomic_path(target: Path):
    """Yield a temporary path beside ``target``; rename it over ``target`` on
    success, remove it on failure."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(exc.errno, f"cannot write to folder {target.parent}: {exc.strerror}") from exc
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except OSError as exc:
        tmp_path.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise OutputError(exc.errno, f"disk full while writing {target}") from exc
        raise OutputError(exc.errno or 0, f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_table(df: pd.DataFrame, path: str | Path, *, parquet: bool = False) -> Path:
    """Write ``df`` as CSV (and Parquet beside it when ``parquet``), atomically.

    Returns the CSV path.
    """
    path = Path(path)
    df = _prepare(df)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow([str(c) for c in df.columns])
            for row in df.itertuples(index=False, name=None):
                w.writerow([_format_value(v) for v in row])
            fh.flush()
            os.fsync(fh.fileno())
    if parquet:
        pq = path.with_suffix(".parquet")
        pdf = df.copy()
        for col in pdf.columns:
            if pdf[col].map(lambda v: isinstance(v, (list, tuple, set))).any():
                pdf[col] = pdf[col].map(_format_value)
        with atomic_path(pq) as tmp:
            pdf.to_parquet(tmp, index=False)
    return path


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV written by :func:`write_table`, restoring types: integer
    columns as ``Int64``, ``true``/``false`` columns as booleans, ``date`` as
    datetimes, everything else as strings; empty cells are missing (``<NA>``)."""
    path = Path(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    for col in df.columns:
        s = df[col]
        if col in schema.INT_COLUMNS:
            df[col] = pd.to_numeric(s.replace("", None), errors="coerce").astype("Int64")
        elif col in ("score", "confidence", "weight") or col.startswith("score_"):
            df[col] = pd.to_numeric(s.replace("", None), errors="coerce").astype("Float64")
        elif col == "date":
            df[col] = pd.to_datetime(s.replace("", None), errors="coerce", format="mixed")
        elif len(s) and s.isin(["true", "false"]).all():
            df[col] = s.eq("true")
        else:
            df[col] = s.mask(s == "").astype("string")
    return df
