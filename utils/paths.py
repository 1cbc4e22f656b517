"""Where things live: the one module that knows the project's paths.

Every notebook and command asks this module for a path instead of writing
``'../data'`` literals. Paths can be overridden with environment variables so a
user can point the toolkit at their own data:

- ``WSW_DATASETS``: the folder of external evaluation datasets
  (default ``../shared/datasets`` beside the project, when it exists).

The NLTK data the project needs ships in ``utils/nltk_data`` (``NLTK_DATA``) and is
searched first whatever ``$NLTK_DATA`` says, so results never depend on the machine.

Nothing here touches the disk at import time beyond computing paths.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
SEED_CORPUS = RAW / "seed"
REPORTS = ROOT / "reports"
HTML = REPORTS / "html"
FIGURES = REPORTS / "figures"
REPORT_TABLES = REPORTS / "tables"  # the tables behind the report's charts, one folder per corpus
NOTEBOOKS = ROOT / "notebooks"
MODELS = Path(__file__).resolve().parent / "models"
NLTK_DATA = Path(__file__).resolve().parent / "nltk_data"
CORRECTIONS = DATA / "corrections"


def resolve_user_path(p: str | Path) -> Path:
    """A path a user gave (a notebook parameter, a command-line argument), absolute.

    A relative path means the same everywhere: relative to the current folder when it
    exists there, else relative to the project root. So ``data/raw/x`` in a notebook's
    parameters cell (run from ``notebooks/``) finds the same folder as ``make report
    CORPUS=data/raw/x`` (run from the root)."""
    path = Path(p).expanduser()
    if path.is_absolute():
        return path
    here = Path.cwd() / path
    return here.resolve() if here.exists() else (ROOT / path).resolve()


def project_relative(p: str | Path) -> str:
    """``p`` as a reader of a report should see it: relative to the project when it
    lies inside the project or beside it (``data/raw/seed``, ``../shared/datasets/x``),
    else absolute. :func:`resolve_user_path` turns it back into the same folder."""
    path = Path(p).resolve()
    for base, prefix in ((ROOT.resolve(), ""), (ROOT.resolve().parent, "../")):
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        return prefix + rel if rel != "." else (prefix.rstrip("/") or ".")
    return str(path)


def shared_dir() -> Path:
    """The read-only ``shared`` folder beside the project (may not exist);
    ``$WSW_SHARED`` overrides it."""
    env = os.environ.get("WSW_SHARED")
    return Path(env).expanduser() if env else ROOT.parent / "shared"


def datasets_dir() -> Path:
    """External evaluation datasets: ``$WSW_DATASETS`` or ``../shared/datasets``."""
    env = os.environ.get("WSW_DATASETS")
    return Path(env).expanduser() if env else shared_dir() / "datasets"



class ResourceMissing(FileNotFoundError):
    """A file that changes results (a model, a lexicon, the registry) is missing.
    The project never falls back to a weaker result: it stops and says which file."""


def require_file(path: Path | str, what: str, fix: str = "") -> Path:
    """``path`` as a Path when it is a file, else :class:`ResourceMissing` naming it,
    ``what`` it is, and ``fix`` (default: restore it from the repository)."""
    p = Path(path)
    if p.is_file():
        return p
    shown = p.relative_to(ROOT) if p.is_absolute() and p.is_relative_to(ROOT) else p
    fix = fix or (f"restore it from the repository (`git checkout -- {shown}`)" if p.is_relative_to(ROOT) or not p.is_absolute()
                  else "check the path")
    raise ResourceMissing(f"{what} not found: {p}. Fix: {fix}.")


def corpus_slug(corpus: str | Path | None) -> str:
    """A short folder name for a corpus path (``seed`` for the default)."""
    if corpus is None:
        return "seed"
    p = resolve_user_path(corpus)
    name = p.stem if p.is_file() else p.name
    # the hash tells apart corpora of the same name; it is taken of the path relative to
    # the project (project_relative), so a clone anywhere gets the same folder name
    digest = hashlib.sha1(project_relative(p).encode()).hexdigest()[:6]
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name).strip("-") or "corpus"
    return f"{safe}-{digest}"
