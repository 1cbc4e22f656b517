"""NLTK data: shipped with the project, pinned, checked; never downloaded.

Five NLTK packages change the project's results, and all of them ship in
``utils/nltk_data/`` (licences and sources in its README; checksums in its
``SHA256SUMS``):

- ``corpora/names`` (first names: tagger features, signature lines),
- ``corpora/words`` (lower-case English words: a tagger feature),
- ``corpora/stopwords`` (framing's distinctive terms),
- ``corpora/opinion_lexicon`` and ``sentiment/vader_lexicon`` (stance valences).

``configure()`` puts that folder *first* on ``nltk.data.path``, so a different
copy in ``$NLTK_DATA`` or ``~/nltk_data`` is never used for these packages and
every machine gets the same tables. Sentence splitting uses a project-configured
Punkt tokenizer and needs no ``punkt``/``punkt_tab`` data.

``python -m utils setup`` (run by ``make``) checks that every shipped file is
present and matches its checksum; otherwise it names the file and the fix and
exits non-zero. Code that needs a package calls :func:`require`, which raises
:class:`NLTKDataMissing` with the same message: there is no fallback to a
weaker model.
"""
from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

from utils import paths

#: The project's own NLTK data folder (part of the repository and of the package).
DATA_DIR = paths.NLTK_DATA

#: package name -> file under ``DATA_DIR``.
REQUIRED = {
    "names": "corpora/names.zip",
    "words": "corpora/words.zip",
    "stopwords": "corpora/stopwords.zip",
    "opinion_lexicon": "corpora/opinion_lexicon.zip",
    "vader_lexicon": "sentiment/vader_lexicon.zip",
}

_configured = False


class NLTKDataMissing(RuntimeError):
    """Raised when a shipped NLTK package is missing or differs from its checksum."""


def configure() -> None:
    """Put the project's NLTK data folder first on ``nltk.data.path`` (idempotent)."""
    global _configured
    import nltk

    s = str(DATA_DIR)
    if not _configured or not nltk.data.path or nltk.data.path[0] != s:
        if s in nltk.data.path:
            nltk.data.path.remove(s)
        nltk.data.path.insert(0, s)
    _configured = True


def _checksums() -> dict[str, str]:
    """file -> sha256 from ``SHA256SUMS`` (empty when that file is missing)."""
    f = DATA_DIR / "SHA256SUMS"
    if not f.exists():
        return {}
    out = {}
    for line in f.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            out[name.strip().lstrip("*")] = digest
    return out


@lru_cache(maxsize=None)
def _digest(path: str, mtime: float, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def problems() -> dict[str, str]:
    """package -> what is wrong with it (missing, or not the pinned version)."""
    sums = _checksums()
    out = {}
    for name, rel in REQUIRED.items():
        f = DATA_DIR / rel
        if not f.is_file():
            out[name] = f"missing: {f}"
            continue
        want = sums.get(rel)
        if want is None:
            out[name] = f"no checksum for {rel} in {DATA_DIR / 'SHA256SUMS'}"
            continue
        st = f.stat()
        if _digest(str(f), st.st_mtime, st.st_size) != want:
            out[name] = f"{f} differs from the pinned version (sha256 in {DATA_DIR / 'SHA256SUMS'})"
    return out


def missing() -> list[str]:
    """Names of required NLTK packages that are missing or not the pinned version."""
    return list(problems())


def require(name: str) -> None:
    """Configure NLTK's path and raise a clear error if package ``name`` is not the
    shipped, pinned one."""
    if name not in REQUIRED:
        raise KeyError(f"{name!r} is not one of the project's NLTK packages ({', '.join(REQUIRED)})")
    configure()
    bad = problems()
    if name in bad:
        raise NLTKDataMissing(_message({name: bad[name]}))


def _message(bad: dict[str, str]) -> str:
    lines = "\n  ".join(f"{k}: {v}" for k, v in bad.items())
    return (
        f"NLTK data missing or changed: {', '.join(bad)}.\n  {lines}\n"
        f"These files ship with the project in {DATA_DIR} (see its README.md). "
        "Fix: restore them from the repository (`git checkout -- utils/nltk_data`) "
        "or reinstall the project; nothing needs downloading."
    )


def setup() -> int:
    """Check the shipped NLTK data; return a process exit code (0 when all is well)."""
    bad = problems()
    if not bad:
        print(f"NLTK data: all {len(REQUIRED)} packages present and pinned ({DATA_DIR.relative_to(paths.ROOT)}).")
        return 0
    print(_message(bad), file=sys.stderr)
    return 1
