"""The one reader of the analyst-editable CSV files under ``data/``.

Every lexicon, word list and registry there is a small CSV with a header comment:
lines starting with ``#`` and blank lines are comments, the first other line is the
header. ``data_records`` reads such a file into ``(line number, {column: value})`` pairs,
checks that the header has the columns the loader needs and that no row has more fields
than the header, and raises the loader's own error class with the file, line and field of
the first problem; each loader then keeps only the checks that are its own (allowed
values, one word per line ...). A byte-order mark (Excel's "CSV UTF-8") is ignored and
values are stripped of surrounding spaces. Used by the loaders of ``data/actors.csv``,
``offices.csv``, ``titles.csv``, ``cues.csv``, ``claims_nouns.csv``, ``claims_words.csv``,
``stance_lexicon.csv`` and ``parties.csv``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "nouns.csv"
    >>> _ = p.write_text("# nouns\\nnoun,type\\nclaim, speech\\n\\n# done\\nview,belief\\n", encoding="utf-8")
    >>> data_records(p, ["noun", "type"])
    [(3, {'noun': 'claim', 'type': 'speech'}), (6, {'noun': 'view', 'type': 'belief'})]
    >>> _ = p.write_text("noun,type\\nclaim\\n", encoding="utf-8")
    >>> data_records(p, ["noun", "type"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    utils.datafiles.DataFileError: .../nouns.csv, line 2, field 'type': expected 2 fields (noun,type), got 1
"""
from __future__ import annotations

import csv
from pathlib import Path


class DataFileError(ValueError):
    """A malformed data file (the message names the file, line and field)."""


def data_records(path: str | Path, required: list[str] | tuple[str, ...], *, error: type[Exception] = DataFileError,
                 exact: bool = False, short_rows: bool = False) -> list[tuple[int, dict[str, str]]]:
    """The rows of a commented data CSV as ``(line number, {column: stripped value})``.

    Args:
        path: the file.
        required: the columns it must have (other columns are kept too).
        error: the exception class to raise (the loader's own ``ValueError``).
        exact: the header must be exactly ``required``, in that order.
        short_rows: a row may leave out trailing columns (they read as ``""``).

    Raises:
        ``error``: no header, a missing column, or a row with the wrong number of fields.
    """
    header_no, header, body = _split(path, error, required)
    if exact and header != list(required):
        raise error(f"{path}, line {header_no}: header must be {','.join(required)}, got {','.join(header)!r}")
    for col in required:
        if col not in header:
            raise error(f"{path}, line {header_no}, field {col!r}: missing column (header: {','.join(header)})")
    out = []
    for n, line in body:
        row = [x.strip() for x in next(csv.reader([line]))]
        if len(row) > len(header):
            raise error(f"{path}, line {n}, field {header[-1]!r}: expected {len(header)} fields ({','.join(header)}), "
                        f"got {len(row)} (a comma inside a value needs quotes)")
        if len(row) < len(header) and not short_rows:
            raise error(f"{path}, line {n}, field {header[len(row)]!r}: expected {len(header)} fields "
                        f"({','.join(header)}), got {len(row)}")
        out.append((n, dict(zip(header, row + [""] * (len(header) - len(row))))))
    return out


def data_header(path: str | Path, *, error: type[Exception] = DataFileError) -> list[str]:
    """The columns of a commented data CSV."""
    return _split(path, error, ())[1]


def _split(path, error, required) -> tuple[int, list[str], list[tuple[int, str]]]:
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    body = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not body:
        raise error(f"{path}, line 1: no header row" + (f" (expected {','.join(required)})" if required else ""))
    header_no, header = body[0]
    return header_no, [c.strip() for c in next(csv.reader([header]))], body[1:]
