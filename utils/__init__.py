"""Who Says What: helpers for the notebook collection.

Modules, one per stage (see ``DESIGN.md`` in the README's architecture section):
``corpus`` (load and validate), ``text`` (segments with offsets), ``actors``,
``claims``, ``stance``, ``framing``, ``network``, ``review``, ``pipeline`` (one
document at a time, then a small corpus-level merge), ``tables`` (CSV/Parquet
writing), ``plots`` and ``report`` (run notebooks, export HTML).

Nothing is read from disk or downloaded at import time.
"""
__version__ = "0.1.0"
