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
import io
import os
import stat
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


def _int_column(col: str, s: pd.Series) -> pd.Series:
    """One column as :func:`_prepare` leaves it (without copying the whole frame)."""
    if col in schema.INT_COLUMNS and not pd.api.types.is_integer_dtype(s.dtype):
        try:
            return pd.to_numeric(s, errors="coerce").astype("Int64")
        except (TypeError, ValueError):
            pass
    return s


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
        # mkstemp makes the file private (0600); give it the mode an ordinary write
        # would (an existing file's mode, else 0666 less the umask) so reports stay shareable
        os.chmod(tmp_path, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except OSError as exc:
        tmp_path.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise OutputError(exc.errno, f"disk full while writing {target}") from exc
        raise OutputError(exc.errno or 0, f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def format_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the string the CSV shows (vectorised where the dtype allows)."""
    df = _prepare(df)
    out = {}
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_bool_dtype(s.dtype):
            out[col] = s.map({True: "true", False: "false"}).astype(object).where(s.notna(), "")
        elif pd.api.types.is_integer_dtype(s.dtype):
            out[col] = s.astype("string").fillna("").astype(object)
        elif pd.api.types.is_string_dtype(s.dtype) and not pd.api.types.is_object_dtype(s.dtype):
            out[col] = s.fillna("").astype(object)
        else:
            out[col] = s.map(_format_value).astype(object)
    return pd.DataFrame(out, columns=df.columns, index=df.index)


def _column_strings(s: pd.Series) -> list[str]:
    """One column as CSV cell strings, the same as :func:`format_frame` gives."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return ["" if v is None or v is pd.NA else ("true" if v else "false") for v in s.tolist()]
    if pd.api.types.is_integer_dtype(s.dtype):
        return ["" if v is None or v is pd.NA else str(int(v)) for v in s.tolist()]
    out = []
    for v in s.tolist():
        if type(v) is str:
            out.append(v)
        else:
            out.append(_format_value(v))
    return out


def rows_csv(df: pd.DataFrame, columns: list[str]) -> str:
    """The rows of ``df`` (no header) as CSV text in ``columns`` order, byte
    for byte what :func:`write_table` writes for them. Cheap on small frames,
    so workers can format their own documents' rows."""
    if df is None or len(df) == 0:
        return ""
    cols = [_column_strings(_int_column(c, df[c])) if c in df.columns else [""] * len(df) for c in columns]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(zip(*cols))
    return buf.getvalue()


def _write_csv_rows(fh, df: pd.DataFrame, *, header: bool) -> None:
    format_frame(df).to_csv(fh, index=False, header=header, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def write_table(df: pd.DataFrame, path: str | Path, *, parquet: bool = False) -> Path:
    """Write ``df`` as CSV (and Parquet beside it when ``parquet``), atomically.

    Returns the CSV path.
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            _write_csv_rows(fh, df, header=True)
            fh.flush()
            os.fsync(fh.fileno())
    if parquet:
        csv_to_parquet(path, path.with_suffix(".parquet"))
    return path


class TableStream:
    """Append chunks of one table to a temporary CSV; :meth:`commit` renames
    it into place (and converts it to Parquet), :meth:`abort` removes it.

    Memory stays flat: only one chunk is held at a time.
    """

    def __init__(self, path: str | Path, columns: list[str]):
        self.path = Path(path)
        self.columns = list(columns)
        self._ctx = atomic_path(self.path)
        self._tmp = self._ctx.__enter__()
        self._fh = open(self._tmp, "w", encoding="utf-8", newline="")
        self._header_done = False
        self.rows = 0
        self._late_columns: list[str] = []  # columns first seen after the header was written
        self._late_values: dict[int, dict] = {}  # row number -> their values (kept until commit)

    def append(self, df: pd.DataFrame) -> None:
        extra = [c for c in df.columns if c not in self.columns]
        if not self._header_done:
            self.columns += extra  # extra columns of the first chunk are kept
        else:
            late = [c for c in df.columns if c not in self.columns]
            self._late_columns += [c for c in late if c not in self._late_columns]
            if late:
                for i, rec in enumerate(df[late].to_dict("records")):
                    vals = {k: v for k, v in rec.items() if not (v is None or v is pd.NA or v != v)}
                    if vals:
                        self._late_values[self.rows + i] = vals
        df = df.reindex(columns=self.columns)
        _write_csv_rows(self._fh, df, header=not self._header_done)
        self._header_done = True
        self.rows += len(df)

    def append_text(self, text: str, rows: int) -> None:
        """Append rows already formatted by :func:`rows_csv` for ``self.columns``."""
        if not self._header_done:
            csv.writer(self._fh, lineterminator="\n").writerow(self.columns)
            self._header_done = True
        self._fh.write(text)
        self.rows += rows

    def map_rows(self, fn) -> None:
        """Rewrite the rows written so far (before :meth:`commit`): ``fn(header, row)``
        gets each row as a list of CSV strings and returns it, changed or not. One row is
        held at a time; the values of other cells are written back unchanged."""
        if not self._header_done:
            return
        self._fh.close()
        tmp = Path(self._tmp)
        mapped = tmp.with_name(tmp.name + ".map")
        with open(tmp, encoding="utf-8", newline="") as src, open(mapped, "w", encoding="utf-8", newline="") as dst:
            reader = csv.reader(src)
            writer = csv.writer(dst, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            header = next(reader)
            writer.writerow(header)
            for row in reader:
                writer.writerow(fn(header, row))
        os.replace(mapped, tmp)
        self._fh = open(tmp, "a", encoding="utf-8", newline="")

    def commit(self, *, parquet: bool = False) -> Path:
        if not self._header_done:
            _write_csv_rows(self._fh, pd.DataFrame(columns=self.columns), header=True)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        if self._late_columns:
            self._add_late_columns()
        self._ctx.__exit__(None, None, None)
        if parquet:
            csv_to_parquet(self.path, self.path.with_suffix(".parquet"))
        return self.path

    def _add_late_columns(self) -> None:
        """Rewrite the temporary file with the columns that first appeared
        after the header (empty in earlier rows), so no value is lost."""
        tmp = Path(self._tmp)
        wider = tmp.with_name(tmp.name + ".wide")
        with open(tmp, encoding="utf-8", newline="") as src, open(wider, "w", encoding="utf-8", newline="") as dst:
            reader = csv.reader(src)
            writer = csv.writer(dst, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerow(next(reader) + self._late_columns)
            for i, row in enumerate(reader):
                vals = self._late_values.get(i, {})
                writer.writerow(row + [_format_value(vals.get(c)) for c in self._late_columns])
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(wider, tmp)
        self.columns += self._late_columns

    def abort(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        Path(self._tmp).unlink(missing_ok=True)


def _arrow_type(col: str):
    import pyarrow as pa

    if col in schema.INT_COLUMNS:
        return pa.int64()
    if col in ("score", "confidence", "weight") or col.startswith("score_"):
        return pa.float64()
    if col in schema.BOOL_COLUMNS:
        return pa.bool_()
    if col == "date":
        return pa.string()
    return pa.string()


def csv_to_parquet(csv_path: Path, parquet_path: Path, *, block_size: int = 1 << 22) -> Path:
    """Convert a CSV written here to Parquet, streaming in blocks (flat memory),
    atomically. Integer, float and boolean columns keep their types."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as papq

    with open(csv_path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), [])
    types = {c: _arrow_type(c) for c in header}
    convert = pacsv.ConvertOptions(column_types=types, strings_can_be_null=False,
                                   null_values=[""], true_values=["true"], false_values=["false"],
                                   quoted_strings_can_be_null=False)
    read = pacsv.ReadOptions(block_size=block_size, use_threads=False)
    parse = pacsv.ParseOptions(newlines_in_values=True)
    with atomic_path(parquet_path) as tmp:
        reader = pacsv.open_csv(csv_path, read_options=read, parse_options=parse, convert_options=convert)
        schema_ = reader.schema
        with papq.ParquetWriter(tmp, schema_) as writer:
            for batch in reader:
                writer.write_table(pa.Table.from_batches([batch], schema=schema_))
    return parquet_path


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
