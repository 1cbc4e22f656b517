"""NLTK data ships with the project, pinned: found without any download, used in
preference to any other copy, and a clear error (never a weaker result) when a
file is missing or changed."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from utils import nltk_setup, paths


def test_shipped_packages_are_present_and_pinned():
    assert nltk_setup.problems() == {}
    assert set(nltk_setup.REQUIRED) == {"names", "words", "stopwords", "opinion_lexicon", "vader_lexicon"}
    for rel in nltk_setup.REQUIRED.values():
        assert (paths.NLTK_DATA / rel).is_file()
        assert rel in (paths.NLTK_DATA / "SHA256SUMS").read_text()
    readme = (paths.NLTK_DATA / "README.md").read_text()
    for name in nltk_setup.REQUIRED:
        assert name in readme  # every package has its source and licence beside it


def test_the_project_copy_wins_over_NLTK_DATA_and_shared(tmp_path):
    """A different stopwords package on $NLTK_DATA (and no ../shared) changes nothing."""
    other = tmp_path / "other" / "corpora"
    other.mkdir(parents=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("stopwords/english", "zzzonly\n")
    (other / "stopwords.zip").write_bytes(buf.getvalue())
    env = {k: v for k, v in os.environ.items()}
    env["NLTK_DATA"] = str(tmp_path / "other")
    env["WSW_SHARED"] = str(tmp_path / "no-shared")
    env["HOME"] = str(tmp_path)
    code = ("from utils import nltk_setup; nltk_setup.require('stopwords'); import nltk; "
            "from nltk.corpus import stopwords; w = stopwords.words('english'); "
            "print(len(w), 'zzzonly' in w, nltk.data.find('corpora/stopwords.zip'))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=paths.ROOT)
    assert r.returncode == 0, r.stderr
    n, odd, where = r.stdout.split(maxsplit=2)
    assert int(n) == 179 and odd == "False"  # NLTK's English list as shipped
    assert where.strip().startswith(str(paths.NLTK_DATA))


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    """A copy of the shipped folder with names missing and stopwords changed."""
    d = tmp_path / "nltk_data"
    shutil.copytree(paths.NLTK_DATA, d)
    (d / "corpora" / "names.zip").unlink()
    with open(d / "corpora" / "stopwords.zip", "ab") as fh:
        fh.write(b"x")
    monkeypatch.setattr(nltk_setup, "DATA_DIR", d)
    return d


def test_missing_or_changed_data_is_named_with_its_fix(broken_data, capsys):
    bad = nltk_setup.problems()
    assert set(bad) == {"names", "stopwords"}
    assert "missing" in bad["names"] and "names.zip" in bad["names"]
    assert "differs from the pinned version" in bad["stopwords"]
    assert nltk_setup.setup() == 1
    err = capsys.readouterr().err
    assert "NLTK data missing or changed: names, stopwords" in err
    assert "git checkout -- utils/nltk_data" in err
    with pytest.raises(nltk_setup.NLTKDataMissing, match="names"):
        nltk_setup.require("names")
    nltk_setup.require("words")  # the intact ones still load


def test_no_stage_falls_back_when_a_package_is_missing(broken_data):
    """The tagger's gazetteer and the claims' first names need the names corpus:
    without it they stop with the error instead of running weaker."""
    from utils import actors
    from utils.actors.tagger import _gazetteers
    from utils.claims.direct import _first_names

    caches = (actors.first_names, _gazetteers, _first_names)
    for f in caches:
        f.cache_clear()
    try:
        with pytest.raises(nltk_setup.NLTKDataMissing):
            actors.first_names()
        with pytest.raises(nltk_setup.NLTKDataMissing):
            _gazetteers()
        with pytest.raises(nltk_setup.NLTKDataMissing):
            _first_names()
    finally:
        for f in caches:
            f.cache_clear()


def test_setup_command_checks_without_downloading():
    r = subprocess.run([sys.executable, "-m", "utils", "setup"], capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 0, r.stderr
    assert "all 5 packages present and pinned" in r.stdout
    r = subprocess.run([sys.executable, "-m", "utils", "setup", "--download"], capture_output=True, text=True,
                       cwd=paths.ROOT)
    assert r.returncode == 2  # there is nothing to download any more


def test_missing_model_files_are_errors_not_fallbacks(tmp_path):
    from utils import actors, claims, stance

    with pytest.raises(paths.ResourceMissing, match="name tagger weights"):
        actors.tag_tokens(["Tony", "Blair"], model=tmp_path / "absent.crfsuite")
    with pytest.raises(paths.ResourceMissing, match="rule confidence table"):
        claims.load_rule_confidence(tmp_path / "absent.csv")
    with pytest.raises(paths.ResourceMissing, match="bare-quote model"):
        claims.load_bare_quote_model(tmp_path / "absent.json")
    with pytest.raises(paths.ResourceMissing, match="sentiment model"):
        stance.load_linear_model(str(tmp_path / "absent.json.gz"))
    with pytest.raises(paths.ResourceMissing, match="actor registry"):
        actors.load_registry(tmp_path / "absent.csv")
