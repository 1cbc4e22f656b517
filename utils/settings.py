"""The settings of an annotation run: the options a run may change and the fingerprint of
everything that changes annotations (code, data files, models, NLTK data, options). The
pipeline's cache and every manifest and report record it, so a table can always be traced
to the settings that made it.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from utils import paths

#: Annotation options a run may change (``python -m utils annotate --bare-quotes
#: --sentiment lexicon``), with their defaults. They are part of the settings
#: fingerprint, so a cache made with one setting is never reused for another.
#: ``sentiment``: how the stance stage reads a target's sentiment inside a claim
#: (``utils.stance.METHODS``: auto = the encoder, model, lexicon).
DEFAULT_OPTIONS = {"bare_quotes": False, "sentiment": "auto"}
#: the stance stage's sentiment readers (``utils.stance.METHODS``)
SENTIMENTS = ("auto", "encoder", "model", "lexicon")


def run_options(options: dict | None) -> dict:
    """The run's options: ``DEFAULT_OPTIONS`` updated by ``options`` (an unknown name is an error)."""
    out = dict(DEFAULT_OPTIONS)
    for k, v in (options or {}).items():
        if k not in DEFAULT_OPTIONS:
            raise ValueError(f"unknown annotation option {k!r}; known: {', '.join(DEFAULT_OPTIONS)}")
        if k == "sentiment" and v not in SENTIMENTS:
            raise ValueError(f"unknown sentiment method {v!r}; known: {', '.join(SENTIMENTS)}")
        out[k] = v
    return out


def settings_fingerprint(options: dict | None = None) -> str:
    """A hash of everything that changes annotations: the package code, the
    lexicons, codebooks and registries under ``data/``, the model files and any
    annotation option that differs from ``DEFAULT_OPTIONS``. A cached annotation
    is reused only when this and the text are unchanged."""
    h = hashlib.sha256()
    changed = {k: v for k, v in run_options(options).items() if v != DEFAULT_OPTIONS[k]}
    if changed:
        h.update(json.dumps(changed, sort_keys=True).encode() + b"\0")
    files = (sorted(Path(paths.ROOT / "utils").rglob("*.py")) + sorted(paths.MODELS.glob("*"))
             + sorted(p for p in paths.NLTK_DATA.rglob("*") if p.is_file()))
    for sub in sorted(paths.DATA.iterdir()) if paths.DATA.exists() else []:
        if sub.name in ("raw", "processed", "corrections", "coded"):
            continue
        files += sorted(p for p in ([sub] if sub.is_file() else sub.rglob("*")) if p.is_file())
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(paths.ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]
