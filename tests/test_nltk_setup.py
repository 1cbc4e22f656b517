"""NLTK data set-up: found here without downloading, and a clear message
(no traceback) when something is missing."""
from __future__ import annotations

import os
import subprocess
import sys

from utils import paths


def test_required_packages_are_found_offline():
    from utils import nltk_setup

    assert nltk_setup.missing() == []


def test_missing_data_gives_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NLTK_DATA"}
    env["NLTK_DATA"] = str(tmp_path)
    env["WSW_SHARED"] = str(tmp_path / "no-shared")
    env["HOME"] = str(tmp_path)  # hide ~/nltk_data
    code = ("import nltk, utils.nltk_setup as s; "
            "nltk.data.path[:] = [p for p in nltk.data.path if 'share' not in p and 'lib' not in p]; "
            "raise SystemExit(s.setup())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=paths.ROOT)
    assert r.returncode == 1
    assert "NLTK data missing: vader_lexicon, stopwords, opinion_lexicon" in r.stderr
    assert "python -m utils setup --download" in r.stderr
    assert "Traceback" not in r.stderr
