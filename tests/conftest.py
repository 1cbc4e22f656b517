"""Shared fixtures: the seed article, its gold annotation, the datasets folder."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from utils import paths

SEED_FILE = paths.SEED_CORPUS / "000_9e905b8fb374d4c2.txt"
#: Test inputs written by hand from real text (``tests/fixtures``).
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The seed article's hand annotation ships with the project (``data/coded``, a copy of
#: ``../shared/gold/seed-article.json``; tests/test_environment.py checks they agree
#: where ``../shared`` exists), so the gold tests and notebook 07 run on any fresh clone.
GOLD_FILE = Path(os.environ.get("WSW_GOLD", paths.DATA / "coded" / "seed-article.json"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD_FILE.exists():
        pytest.skip(f"gold file not found at {GOLD_FILE} (set WSW_GOLD)")
    return json.loads(GOLD_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def datasets() -> Path:
    d = paths.datasets_dir()
    if not d.exists():
        pytest.skip(f"datasets not found at {d} (set WSW_DATASETS)")
    return d
