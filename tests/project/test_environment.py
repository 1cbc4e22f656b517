"""The environment files agree: pyproject pins = environment.yml pins, and
requirements.lock holds every pinned dependency at the same version."""
from __future__ import annotations

import re
import tomllib

import yaml

from utils import paths


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())
    deps = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["test"]
    pins = {}
    for d in deps:
        name, sep, ver = d.partition("==")
        assert sep, f"pyproject dependency {d!r} is not pinned with =="
        pins[_norm(name)] = ver
    return pins


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps
    conda = {}
    for d in deps:
        if isinstance(d, str) and "=" in d and not d.startswith("python="):
            name, _, ver = d.partition("=")
            conda[_norm(name)] = ver
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict))
    assert "-e ." in pip_section
    assert conda == _pyproject_pins()


def test_lock_file_agrees_with_pyproject():
    lock = {}
    for line in (paths.ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, ver = line.partition("==")
            lock[_norm(name)] = ver
    for name, ver in _pyproject_pins().items():
        assert lock.get(name) == ver, f"{name}: pyproject {ver}, lock {lock.get(name)}"


def test_shipped_seed_and_gold_match_the_shared_originals():
    """The seed article (data/raw/seed) and its gold (data/coded) ship with the
    project; where ``../shared`` is beside it, they are byte-identical to its copies."""
    import pytest

    shared = paths.shared_dir()
    pairs = [(shared / "seed" / "000_9e905b8fb374d4c2.txt", paths.SEED_CORPUS / "000_9e905b8fb374d4c2.txt"),
             (shared / "gold" / "seed-article.json", paths.DATA / "coded" / "seed-article.json")]
    for _, ours in pairs:
        assert ours.is_file(), ours
    present = [(a, b) for a, b in pairs if a.is_file()]
    if not present:
        pytest.skip(f"no ../shared beside the project ({shared}): nothing to compare with")
    for original, ours in present:
        assert original.read_bytes() == ours.read_bytes(), f"{ours} differs from {original}"
