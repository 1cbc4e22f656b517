"""Metadata dates: one date read as naive UTC (ambiguous day/month dates flagged)."""
from __future__ import annotations

import functools
import re

import pandas as pd

from utils.corpus.base import _Issue

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
