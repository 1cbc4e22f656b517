"""Where things live: the one module that knows the project's paths.

Every notebook and command asks this module for a path instead of writing
``'../data'`` literals. Paths can be overridden with environment variables so a
user can point the toolkit at their own data:

- ``WSW_DATASETS``: the folder of external evaluation datasets
  (default ``../shared/datasets`` beside the project, when it exists).
- ``NLTK_DATA``: NLTK's own variable; ``../shared/nltk_data`` is searched too.

Nothing here touches the disk at import time beyond computing paths.
"""
from __future__ import annotations

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
TABLES = REPORTS / "tables"
NOTEBOOKS = ROOT / "notebooks"
MODELS = Path(__file__).resolve().parent / "models"
CORRECTIONS = DATA / "corrections"


def shared_dir() -> Path:
    """The read-only ``shared`` folder beside the project (may not exist);
    ``$WSW_SHARED`` overrides it."""
    env = os.environ.get("WSW_SHARED")
    return Path(env).expanduser() if env else ROOT.parent / "shared"


def datasets_dir() -> Path:
    """External evaluation datasets: ``$WSW_DATASETS`` or ``../shared/datasets``."""
    env = os.environ.get("WSW_DATASETS")
    return Path(env).expanduser() if env else shared_dir() / "datasets"


def nltk_data_dirs() -> list[Path]:
    """Folders searched for NLTK data, in order: ``$NLTK_DATA`` entries, then
    ``../shared/nltk_data`` where it exists, then the project's ``.nltk_data``."""
    dirs: list[Path] = []
    env = os.environ.get("NLTK_DATA")
    if env:
        dirs += [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    dirs.append(shared_dir() / "nltk_data")
    dirs.append(ROOT / ".nltk_data")
    return dirs
