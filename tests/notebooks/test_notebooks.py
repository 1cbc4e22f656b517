"""Every notebook runs top to bottom, headless, on the default corpus, and its
HTML export holds no traceback or error output."""
from __future__ import annotations

import json
import re

import nbformat
import pytest

from utils import paths
from utils.report import KERNEL_NAME, build_reports, notebook_paths
from conftest import FIXTURES


def _report_checks():
    """``check_report_sections`` of tests/report/test_report.py, importable however the suite was
    started (pytest puts a test's folder on sys.path only once it has collected a test there)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "report" / "test_report.py"
    spec = importlib.util.spec_from_file_location("_wsw_test_report", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check_report_sections


def test_notebooks_are_committed_without_outputs_and_in_house_style():
    nbs = notebook_paths()
    assert [p.name[:2] for p in nbs] == sorted(p.name[:2] for p in nbs)
    assert nbs[0].name == "01-load-corpus.ipynb"
    for p in nbs:
        nb = nbformat.read(p, as_version=4)
        assert nb.metadata["kernelspec"]["name"] == KERNEL_NAME, p.name
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(f"# {p.name[:2]} "), p.name
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{p.name}: exactly one cell tagged 'parameters'"
        assert "corpus = None" in tagged[0].source, p.name
        for c in nb.cells:
            if c.cell_type == "code":
                assert not c.outputs and c.execution_count is None, f"{p.name}: outputs committed"


@pytest.mark.slow
def test_every_notebook_runs_and_exports_clean_html(tmp_path):
    index = build_reports(out=tmp_path)
    html_dir = tmp_path / "seed"
    run = json.loads((html_dir / "run.json").read_text())
    assert run["failures"] == []
    assert len(run["reports"]) == len(notebook_paths())
    page = index.read_text(encoding="utf-8")
    for name in run["reports"]:
        html = (html_dir / name).read_text(encoding="utf-8")
        assert "Traceback" not in html and 'class="ansi' not in html, name
        assert name in page
        executed = nbformat.read(paths.REPORTS / "executed" / "seed" / name.replace(".html", ".ipynb"), as_version=4)
        errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert not errors, name
        assert "<img" in html or "image/png" in html, f"{name}: no chart rendered"
    check_report_sections = _report_checks()

    check_report_sections((html_dir / "08-report.html").read_text(encoding="utf-8"), n_articles="1 article",
                          n_words="519")
    # the review sheet notebook 07 writes goes beside the HTML it was asked for (--out)
    sheet = html_dir / "07-review-sheet.html"
    assert sheet.exists() and "Ian Austin" in sheet.read_text(encoding="utf-8")
    assert "07-review-sheet.html" in (html_dir / "07-review-and-reliability.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_notebook_runs_on_a_second_corpus(tmp_path):
    """A multi-document corpus with unknown speakers, missing metadata and
    curly quotes (tests/fixtures/corpus) through every notebook: the report
    command with another corpus path works and nothing raises."""
    from pathlib import Path

    corpus = FIXTURES / "corpus"
    index = build_reports(corpus=corpus, out=tmp_path)
    folders = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert len(folders) == 1 and folders[0].name.startswith("corpus-")
    run = json.loads((folders[0] / "run.json").read_text())
    assert run["failures"] == [], run["failures"]
    assert len(run["reports"]) == len(notebook_paths())
    assert folders[0].name in index.read_text(encoding="utf-8")
    check_report_sections = _report_checks()

    report = (folders[0] / "08-report.html").read_text(encoding="utf-8")
    words = sum(len(re.findall(r"\w+", p.read_text(encoding="utf-8"))) for p in corpus.glob("*.txt"))
    check_report_sections(report, n_articles="4 articles", n_words=f"{words:,}")


def _hostile_corpus(folder):
    """Four invented articles from two outlets over two months, with file names,
    titles and outlets that are HTML (issue #24: stored XSS in the reports)."""
    import csv

    folder.mkdir()
    arts = {
        "<img src=x onerror=alert(1)>": ('Councillor Jane Porter said the new bypass would "cut journeys in half". '
                                         'Opposition leader Tom Reed warned that the cost would double.\n\n'
                                         '"We will not sign a blank cheque," Mr Reed said.\n'),
        'a"b<svg onload=alert(2)>': ('Health minister Sara Lind said the hospital would stay open. '
                                     '"Nobody will lose their local hospital," Ms Lind told reporters.\n\n'
                                     'Union leader Dev Patel criticised the plan.\n'),
        "plain-one": ('Mayor Olu Banks said the council had done nothing wrong. "We followed every rule," he said.\n\n'
                      'Critics said the mayor had misled voters about the budget.\n'),
        "plain-two": ('Ms Lind said the waiting lists would fall by spring. Mr Reed said he doubted it.\n\n'
                      '"The figures do not add up," Mr Reed said.\n'),
    }
    for name, text in arts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = [("doc_id", "title", "source", "date"),
            ("<img src=x onerror=alert(1)>", "<script>alert(3)</script> Bypass row", "<b>Daily</b> Courier", "2015-06-03"),
            ('a"b<svg onload=alert(2)>', "Hospital stays open", "Express & Star", "2015-06-20"),
            ("plain-one", "Mayor defends budget", "<b>Daily</b> Courier", "2015-07-02"),
            ("plain-two", "Waiting lists", "Express & Star", "2015-07-15")]
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(meta)
    return folder


@pytest.mark.slow
def test_reports_on_hostile_names_with_outlets_and_dates_carry_no_markup_from_the_data(tmp_path):
    """Every page is made, and no tag from the data (file names, doc ids, titles,
    outlets) reaches any page unescaped."""
    build_reports(corpus=_hostile_corpus(tmp_path / "corpus"), out=tmp_path / "html")
    folder = next(p for p in (tmp_path / "html").iterdir() if p.is_dir())
    run = json.loads((folder / "run.json").read_text())
    assert run["failures"] == [], run["failures"]
    pages = list(folder.glob("*.html")) + [tmp_path / "html" / "index.html"]
    assert len(pages) >= len(notebook_paths()) + 1
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag in ("<img src=x", "<svg onload", "<script>alert", "<b>Daily</b>"):
            assert tag not in html, f"{page.name}: {tag}"
        assert "Traceback" not in html, page.name
        assert str(paths.ROOT) not in html, f"{page.name}: a machine path (the project folder) is shown"
    assert "&lt;b&gt;Daily&lt;/b&gt; Courier" in (folder / "01-load-corpus.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_corpus_whose_every_document_was_skipped_reports_that_there_is_nothing_to_show(tmp_path):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "blank.txt").write_text("   \n\n", encoding="utf-8")
    (src / "bin.txt").write_bytes(b"\x00\x01\x02")
    build_reports(corpus=src, out=tmp_path / "html")
    folder = next(p for p in (tmp_path / "html").iterdir() if p.is_dir())
    assert json.loads((folder / "run.json").read_text())["failures"] == []
    assert "No document to read" in (folder / "03-extract-claims.html").read_text(encoding="utf-8")
    assert "no document to report on" in (folder / "08-report.html").read_text(encoding="utf-8")
