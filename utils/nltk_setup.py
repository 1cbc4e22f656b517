"""NLTK data: find what the project needs, never download unless asked.

The project needs only NLTK packages that are freely obtainable offline:

- ``sentiment/vader_lexicon`` (stance baseline and lexical cues),
- ``corpora/stopwords`` (framing),
- ``corpora/opinion_lexicon`` (stance lexicon).

Sentence splitting uses a project-configured Punkt tokenizer and needs no
``punkt``/``punkt_tab`` data.

``configure()`` puts ``$NLTK_DATA`` and ``../shared/nltk_data`` on NLTK's search
path (it never downloads). ``python -m utils setup`` checks every package and,
with ``--download`` on a machine that is online, fetches the missing ones;
otherwise it prints what is missing and how to get it, and exits non-zero.
"""
from __future__ import annotations

import sys

from utils import paths

REQUIRED = {
    "vader_lexicon": "sentiment/vader_lexicon.zip",
    "stopwords": "corpora/stopwords.zip",
    "opinion_lexicon": "corpora/opinion_lexicon.zip",
}

_configured = False


def configure() -> None:
    """Add the project's NLTK data folders to ``nltk.data.path`` (idempotent)."""
    global _configured
    if _configured:
        return
    import nltk

    for d in reversed(paths.nltk_data_dirs()):
        s = str(d)
        if d.exists() and s not in nltk.data.path:
            nltk.data.path.insert(0, s)
    _configured = True


def missing() -> list[str]:
    """Names of required NLTK packages that cannot be found."""
    import nltk

    configure()
    out = []
    for name, resource in REQUIRED.items():
        try:
            nltk.data.find(resource)
        except LookupError:
            try:  # an unzipped copy of the package
                nltk.data.find(resource.removesuffix(".zip"))
                continue
            except LookupError:
                pass
            out.append(name)
    return out


class NLTKDataMissing(RuntimeError):
    """Raised when a required NLTK package is not on NLTK's path."""


def require(name: str) -> None:
    """Raise a clear error if the NLTK package ``name`` is not available."""
    if name in missing():
        raise NLTKDataMissing(_message([name]))


def _message(names: list[str]) -> str:
    searched = "\n  ".join(str(p) for p in paths.nltk_data_dirs())
    return (
        f"NLTK data missing: {', '.join(names)}.\n"
        f"Searched (plus NLTK's defaults):\n  {searched}\n"
        "Fix: on a machine with internet run `python -m utils setup --download`, or copy the "
        "packages into one of the folders above, or set NLTK_DATA to a folder that has them."
    )


def setup(download: bool = False) -> int:
    """Check (and optionally download) the NLTK data; return a process exit code."""
    need = missing()
    if not need:
        print("NLTK data: all required packages found.")
        return 0
    if download:
        import nltk

        target = paths.ROOT / ".nltk_data"
        target.mkdir(exist_ok=True)
        for name in need:
            print(f"downloading NLTK package {name} into {target} ...")
            try:
                ok = nltk.download(name, download_dir=str(target), quiet=True, raise_on_error=True)
            except Exception as exc:  # network errors come in many types
                ok = False
                print(f"  failed: {exc}", file=sys.stderr)
            if not ok:
                print(f"  could not download {name}", file=sys.stderr)
        global _configured
        _configured = False
        need = missing()
        if not need:
            print("NLTK data: all required packages found.")
            return 0
    print(_message(need), file=sys.stderr)
    return 1
