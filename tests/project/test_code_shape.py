"""The house's shape rules (#20), checked on the code itself:

- no module in ``utils/`` over 800 lines;
- no function over 100 lines unless its docstring gives the reason (a line starting
  ``Long because`` ... );
- a docstring on every function over 40 lines;
- ``ruff check`` (configured in pyproject.toml) passes on the project's code;
- no ``sys.path`` manipulation in ``evaluation/`` or ``benchmarks/`` (they are run as
  ``python -m evaluation.X``), and notebooks and evaluation import no private name of ``utils``.
"""
from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE = 800
MAX_FUNCTION = 100
DOCSTRING_OVER = 40


def _modules():
    return sorted(p for p in (ROOT / "utils").rglob("*.py") if "nltk_data" not in p.parts)


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node, node.end_lineno - node.lineno + 1, ast.get_docstring(node) or ""


def test_no_module_over_800_lines():
    long = {p.relative_to(ROOT).as_posix(): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE}
    assert not long, f"modules over {MAX_MODULE} lines: {long}"


def test_long_functions_say_why_and_have_docstrings():
    bad = []
    for p in _modules():
        for node, n, doc in _functions(p):
            where = f"{p.relative_to(ROOT).as_posix()}:{node.lineno} {node.name} ({n} lines)"
            if n > DOCSTRING_OVER and not doc:
                bad.append(f"{where}: no docstring")
            elif n > MAX_FUNCTION and "Long because" not in doc:
                bad.append(f"{where}: over {MAX_FUNCTION} lines, and the docstring gives no 'Long because' reason")
    assert not bad, "\n".join(bad)


def test_ruff_passes():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: run `make setup` (it is pinned in pyproject's test extra)")
    proc = subprocess.run([ruff, "check", "--no-cache", "utils", "evaluation", "benchmarks", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_no_path_hacks_in_scripts():
    hacks = [p.relative_to(ROOT).as_posix() for folder in ("evaluation", "benchmarks")
             for p in (ROOT / folder).rglob("*.py") if "sys.path" in p.read_text(encoding="utf-8")]
    assert not hacks, f"sys.path manipulation (run them with python -m instead): {hacks}"


def _private_imports(source: str) -> list[str]:
    """Names starting with one underscore imported from utils (``from utils.x import _y``)
    or read as attributes of an imported utils module (``claims._y``)."""
    tree = ast.parse(source)
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("utils"):
            for a in node.names:
                if a.name.startswith("_") and not a.name.startswith("__"):
                    found.append(f"{node.module}.{a.name}")
                else:
                    modules.add(a.asname or a.name)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("utils"):
                    modules.add((a.asname or a.name).split(".")[0])
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_notebooks_and_evaluation_use_public_names_only():
    bad = {}
    for p in sorted((ROOT / "evaluation").rglob("*.py")) + sorted((ROOT / "benchmarks").rglob("*.py")):
        if names := _private_imports(p.read_text(encoding="utf-8")):
            bad[p.relative_to(ROOT).as_posix()] = names
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        src = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        src = "\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!")))
        if names := _private_imports(src):
            bad[nb.name] = names
    assert not bad, f"private names of utils used outside utils and tests: {bad}"


def test_private_import_finder_finds_them():
    assert _private_imports("from utils.claims import _x, y\nfrom utils import stance as S\nS._tok\n") == [
        "utils.claims._x", "S._tok"]
    assert _private_imports("from utils import claims\nclaims.extract_claims\n") == []


def test_importing_the_package_reads_no_data_file():
    """Data files are read on first use, so a malformed lexicon is an error of the stage
    that reads it (recorded per document), never an import error of the whole package."""
    code = ("import utils.datafiles as D\nseen = []\norig = D.data_records\n"
            "D.data_records = lambda p, *a, **k: seen.append(str(p)) or orig(p, *a, **k)\n"
            "import utils.pipeline, utils.claims, utils.stance, utils.report.runner, utils.review, utils.network\n"
            "print(seen)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "[]"
