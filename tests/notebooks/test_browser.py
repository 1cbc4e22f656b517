"""The analyst's seat, tested as a person would use it: JupyterLab in a real browser.

Starts JupyterLab (``utils.lab.lab_command``, the command ``make lab`` runs) on a
temporary copy of ``notebooks/`` on a free port of 127.0.0.1, drives Debian's Chromium
with Playwright, and for every notebook: opens it, checks its title and purpose show
first, runs "Run > Run All Cells", waits for the kernel to go idle, and asserts that
every cell ran, that no cell shows a traceback, and that the charts rendered inline at a
readable size. In the review notebook (07) it then records two decisions through the
review widget (change a polarity and Accept one claim, Reject the next) and checks that
the corrections files hold them and that the pipeline's merge applies them. It also
checks that an itables table renders offline (no CDN) in Lab.

The committed notebooks are never opened: Lab works on a copy (autosave writes there)
and the test asserts the originals are unchanged. Corrections go to a temporary folder
(notebook 07's ``corrections_dir`` parameter). Charts and tables the notebooks export go
to ``reports/`` and ``data/processed/`` as in any run (both are generated, not in git).

Skipped, with the reason, when Chromium (``/usr/bin/chromium``, or ``$WSW_CHROMIUM``) or
the ``playwright`` package is missing. Never runs ``playwright install``. Screenshots are written to
``$WSW_SCREENSHOTS`` (default: a pytest temporary folder, printed with ``-s``).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from utils import paths
from utils.lab import free_port, lab_command

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path(os.environ.get("WSW_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REVIEW_NOTEBOOK = "07-review-and-reliability.ipynb"
KERNEL_DISPLAY_NAME = "Python (Who Says What)"
SERVER_START_S = 90
RUN_ALL_S = 150          # per notebook (each runs in < 60 s headless; Lab adds some)
VIEWPORT = {"width": 1400, "height": 1000}
#: Lab settings for the test only (its own settings folder): every cell in the DOM
#: (no virtual scrolling), and no "Jupyter news?" toast over the page.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                         "checkForUpdates": False},
}


def _notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.ipynb"))}


def _set_parameters(nb_path: Path, values: dict[str, object]) -> None:
    """Append assignments to the cell tagged ``parameters`` (what papermill does)."""
    nb = nbformat.read(nb_path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += "\n# set by tests/test_browser.py\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items())
    nbformat.write(nb, nb_path)


def _isolated_env(root: Path, settings: Path | None = None) -> dict[str, str]:
    """This process's environment with Jupyter's config, data, runtime, settings and
    workspaces under ``root`` (the user's own Lab settings and open tabs stay out)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env.pop("MPLBACKEND", None)  # CI exports Agg; in Lab charts must use the inline backend
    j = root / "jupyter"
    env.update(JUPYTER_CONFIG_DIR=str(j / "config"), JUPYTER_DATA_DIR=str(j / "data"),
               JUPYTER_RUNTIME_DIR=str(j / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(settings or j / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(j / "workspaces"), IPYTHONDIR=str(root / "ipython"))
    return env


def _wait_for(url: str, proc: subprocess.Popen, log: Path, token: str) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while True:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(_api(url, "status", token), timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer in {SERVER_START_S} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


# ---------------------------------------------------------------------------
# Fixtures: the server (one for the module) and the browser
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sync_api():
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM}: apt-get install chromium")
    return pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install playwright "
                               "(the Python package only; never 'playwright install')")


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ["WSW_SCREENSHOTS"]) if os.environ.get("WSW_SCREENSHOTS") else \
        tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def lab(sync_api, tmp_path_factory):
    """JupyterLab on a copy of the notebooks; yields a dict with url, root, corrections."""
    root = tmp_path_factory.mktemp("lab")
    nbdir = root / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, nbdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    corrections = root / "corrections"
    if (nbdir / REVIEW_NOTEBOOK).exists():
        _set_parameters(nbdir / REVIEW_NOTEBOOK, {"corrections_dir": str(corrections),
                                                  "reviewer": "browser-test", "show_widget": True})
    before = _digest(paths.NOTEBOOKS)
    settings = root / "jupyter" / "lab-settings"
    for rel, value in LAB_SETTINGS.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(value), encoding="utf-8")
    env = _isolated_env(root, settings)
    port = free_port()
    token = secrets.token_hex(16)
    cmd = lab_command(port, open_browser=False, token=token, root_dir=root, default_path=None,
                      python=sys.executable) + ["--LabApp.extension_manager=readonly"]
    log = (root / "lab.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{port}", proc, root / "lab.log", token)
        yield {"url": f"http://127.0.0.1:{port}", "token": token, "root": root, "corrections": corrections}
    finally:
        _stop(proc)
        log.close()
    after = _digest(paths.NOTEBOOKS)
    changed = sorted(n for n in before if after.get(n) != before[n])
    assert not changed, f"notebooks changed while Lab ran on a copy (saved by the test, or edited meanwhile): {changed}"


@pytest.fixture(scope="module")
def browser(sync_api):
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, lab):
    p = browser.new_page(viewport=VIEWPORT)
    p.set_default_timeout(30_000)
    yield p
    p.close()
    _shutdown_kernels(lab)


def _api(url: str, path: str, token: str, method: str = "GET") -> urllib.request.Request:
    return urllib.request.Request(f"{url}/api/{path}", method=method, headers={"Authorization": f"token {token}"})


def _shutdown_kernels(lab: dict) -> None:
    """Stop every kernel the test started (one per notebook) so they don't pile up."""
    with urllib.request.urlopen(_api(lab["url"], "sessions", lab["token"]), timeout=10) as r:
        sessions = json.load(r)
    for s in sessions:
        urllib.request.urlopen(_api(lab["url"], f"sessions/{s['id']}", lab["token"], "DELETE"), timeout=30).close()


# ---------------------------------------------------------------------------
# What a person does: open, Run All, wait, look
# ---------------------------------------------------------------------------

def open_notebook(page, lab: dict, name: str) -> str:
    """Open ``notebooks/NAME`` in Lab; wait for its kernel; return the kernel's display name."""
    # The tokenised URL, as printed by `make lab`; reset: a fresh workspace with this tab only.
    page.goto(f"{lab['url']}/lab/tree/notebooks/{name}?reset&token={lab['token']}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(state="visible", timeout=60_000)
    # The kernel is started, connected and idle (a missing kernelspec opens a dialog instead).
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
    deadline = time.monotonic() + 60
    while True:
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            pytest.fail(f"{name}: a dialog opened instead of the kernel: {dialog.first.inner_text()}")
        kernel = panel.locator(".jp-KernelName").first.inner_text().strip()
        status = panel.locator(".jp-Notebook-ExecutionIndicator").first.get_attribute("data-status")
        status_bar = page.locator(".jp-StatusBar-Widget").first.inner_text()
        if kernel not in ("", "No Kernel", "Kernel") and status == "idle" and "| Idle" in status_bar:
            return kernel
        assert time.monotonic() < deadline, f"{name}: kernel not idle after 60 s ({kernel!r}, {status!r})"
        page.wait_for_timeout(250)


def run_all(page, name: str, timeout_s: float = RUN_ALL_S) -> float:
    """Run > Run All Cells, then wait until the kernel is idle and no cell shows [*]."""
    t0 = time.monotonic()
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    state_js = """() => {
        const prompts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
            .map(p => p.textContent.trim());
        const ind = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
        return {prompts, status: ind ? ind.getAttribute('data-status') : null};
    }"""
    settled = 0
    while True:
        state = page.evaluate(state_js)
        running = any("*" in p for p in state["prompts"])
        ran = [p for p in state["prompts"] if re.search(r"\[\d+\]", p)]
        settled = settled + 1 if (not running and state["status"] == "idle" and ran) else 0
        if settled >= 3:
            return time.monotonic() - t0
        assert time.monotonic() - t0 < timeout_s, f"{name}: still running after {timeout_s} s: {state}"
        page.wait_for_timeout(300)


def inspect_outputs(page) -> dict:
    """Prompts, error/stderr outputs and images of the visible notebook (from the DOM)."""
    return page.evaluate("""() => {
        const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
        const outs = [...nb.querySelectorAll('.jp-OutputArea-output')];
        return {
          prompts: [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim()),
          stderr: outs.filter(o => o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr')
                      .map(o => o.textContent),
          images: [...nb.querySelectorAll('.jp-OutputArea-output img')].map(i => ({
              complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight,
              width: i.getBoundingClientRect().width, height: i.getBoundingClientRect().height})),
          mimes: outs.map(o => o.getAttribute('data-mime-type')),
        };
    }""")


def assert_clean_run(page, name: str) -> dict:
    out = inspect_outputs(page)
    errors = [t for t in out["stderr"] if "Traceback" in t or re.search(r"^\w*(Error|Exception)\b", t, re.M)]
    assert not errors, f"{name}: error output in Lab:\n" + "\n---\n".join(e[-2000:] for e in errors)
    not_run = [i for i, p in enumerate(out["prompts"]) if not re.search(r"\[\d+\]", p)]
    assert not not_run, f"{name}: code cells {not_run} did not run (prompts {out['prompts']})"
    imgs = out["images"]
    assert imgs, f"{name}: no chart shown inline"
    for img in imgs:
        assert img["complete"] and img["naturalWidth"] > 0 and img["naturalHeight"] > 0, f"{name}: broken image {img}"
        # Readable: drawn at least 400 px wide and 150 px high in a 1400 px window.
        assert img["width"] >= 400 and img["height"] >= 150, f"{name}: chart too small to read {img}"
    return out


def first_chart_screenshot(page, path: Path) -> None:
    img = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img").first
    img.scroll_into_view_if_needed()
    page.screenshot(path=str(path))


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------

def test_make_lab_prints_a_tokenised_url_that_opens_the_notebooks(sync_api, browser, tmp_path):
    """What `make lab` runs: `python -m utils.lab --no-browser`; its banner URL logs in
    (the token works) and shows the project's notebooks; the server is on 127.0.0.1 only."""
    port = free_port()
    log = tmp_path / "lab.log"
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "utils.lab", "--no-browser", "--port", str(port)],
                                cwd=paths.ROOT, env=_isolated_env(tmp_path), stdout=fh, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not (m := re.search(r"^\s*(http://127\.0\.0\.1:(\d+)/\S*\?token=(\S+))$", log.read_text(), re.M)):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        url, token = m.group(1), m.group(3)
        assert int(m.group(2)) == port
        _wait_for(f"http://127.0.0.1:{port}", proc, log, token)
        with pytest.raises(urllib.error.HTTPError):  # no token, no entry
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents", timeout=10)
        p = browser.new_page(viewport=VIEWPORT)
        try:
            p.goto(url)
            listing = p.locator(".jp-DirListing-content")
            listing.get_by_text("01-load-corpus.ipynb").wait_for(state="visible", timeout=60_000)
            assert re.sub(r"\s", "", p.locator(".jp-BreadCrumbs").first.inner_text()).endswith("/notebooks/")
        finally:
            p.close()
    finally:
        _stop(proc)


ANALYSIS_NOTEBOOKS = [p.name for p in _notebooks() if p.name != REVIEW_NOTEBOOK]


@pytest.mark.parametrize("name", ANALYSIS_NOTEBOOKS, ids=[n[:2] for n in ANALYSIS_NOTEBOOKS])
def test_notebook_runs_all_in_lab_with_inline_charts(lab, page, screenshots, name):
    kernel = open_notebook(page, lab, name)
    title = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell h1").first
    assert title.inner_text().startswith(f"{name[:2]} "), "the notebook opens on its '# NN · Title' cell"
    assert title.is_visible() and page.locator(".jp-MarkdownCell p").first.is_visible(), "purpose visible on open"
    page.screenshot(path=str(screenshots / f"{name[:2]}-open.png"))
    seconds = run_all(page, name)
    out = assert_clean_run(page, name)
    first_chart_screenshot(page, screenshots / f"{name[:2]}-chart.png")
    print(f"{name}: Run All {seconds:.1f} s, {len(out['images'])} chart(s), {len(out['stderr'])} stderr output(s)")
    assert kernel == KERNEL_DISPLAY_NAME, (f"{name}: opened with kernel {kernel!r}; its metadata must name the "
                                           f"project's kernel 'who-says-what'")


def test_review_widget_records_decisions_the_pipeline_merges(lab, page, screenshots):
    from utils import review
    from utils.pipeline import load_tables

    if not (lab["root"] / "notebooks" / REVIEW_NOTEBOOK).exists():
        pytest.skip(f"notebooks/{REVIEW_NOTEBOOK} not written yet")
    if not hasattr(review, "ReviewWidget") or not hasattr(review, "apply_all_corrections"):
        pytest.skip("utils.review.ReviewWidget / apply_all_corrections missing")
    name = REVIEW_NOTEBOOK
    kernel = open_notebook(page, lab, name)
    run_all(page, name)
    assert_clean_run(page, name)
    assert kernel == KERNEL_DISPLAY_NAME, f"{name}: opened with kernel {kernel!r}, not the project's"
    nb = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    widget = nb.locator(".jupyter-widgets.widget-vbox", has=page.locator("button", has_text="Accept")).first
    widget.wait_for(state="visible")
    widget.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "07-widget.png"))

    def shown_claim() -> str:
        return widget.locator("p.meta code").first.inner_text().strip()

    def status() -> str:
        return widget.locator(".widget-html").last.inner_text().strip()

    # Decision 1: change the polarity of the claim's first stance (when it has one), Accept.
    first = shown_claim()
    polarity = widget.locator(".widget-dropdown", has=page.locator("label", has_text="Polarity")).locator("select")
    new_polarity = None
    if polarity.count() and polarity.is_enabled():
        current = polarity.input_value()
        new_polarity = next(p for p in review.POLARITIES if p != current)
        polarity.select_option(new_polarity)
    widget.locator("button", has_text="Accept").click()
    page.wait_for_function("([el, id]) => el.innerText.includes('recorded: ' + id)",
                           arg=[widget.element_handle(), first])
    # Decision 2: Reject the next claim.
    second = shown_claim()
    assert second != first, "Accept moves on to the next claim"
    widget.locator("button", has_text="Reject").click()
    page.wait_for_function("([el, id]) => el.innerText.includes('rejected: ' + id)",
                           arg=[widget.element_handle(), second])
    page.screenshot(path=str(screenshots / "07-widget-after.png"))
    print(f"review widget: accepted {first}, rejected {second}, polarity -> {new_polarity}; status {status()!r}")

    # The corrections files hold the two decisions ...
    claims_csv = lab["corrections"] / "claims.csv"
    assert claims_csv.exists(), f"the widget wrote nothing to {lab['corrections']}"
    decisions = review.load_corrections(claims_csv)
    got = list(zip(decisions["claim_id"].astype(str), decisions["action"].astype(str)))
    assert got == [(first, "accept"), (second, "reject")], got
    assert set(decisions["reviewer"].astype(str)) == {"browser-test"}
    if new_polarity:
        stances = review.load_corrections(lab["corrections"] / "stances.csv")
        assert list(stances["action"].astype(str)) == ["change_polarity"]
        assert list(stances["polarity"].astype(str)) == [new_polarity]
    # ... and the pipeline's merge applies them.
    t = load_tables()
    merged, report = review.apply_all_corrections(t, lab["corrections"], documents=t["documents"])
    claims = merged["claims"].set_index("claim_id")
    assert second not in claims.index, "a rejected claim is dropped from the merged table"
    assert claims.loc[first, "review_status"] == "accepted"
    if new_polarity:
        sid = stances["stance_id"].astype(str).iloc[0]
        row = merged["stances"].set_index("stance_id").loc[sid]
        assert row["polarity"] == new_polarity
    assert len(report) >= 2


def test_itables_render_offline_in_lab(lab, page, screenshots):
    """An interactive (searchable, sortable) table with itables in offline mode: the
    DataTables bundle is embedded in the notebook, no CDN (the browser has no network)."""
    pytest.importorskip("itables")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "who-says-what", "display_name": KERNEL_DISPLAY_NAME, "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 99 · itables scratch\n\nAn interactive table, offline."),
        nbformat.v4.new_code_cell("import itables\nimport pandas as pd\n"
                                  "itables.init_notebook_mode(all_interactive=False, connected=False)"),
        nbformat.v4.new_code_cell("df = pd.DataFrame({'speaker': [f'Speaker {i}' for i in range(40)],"
                                  " 'claims': range(40)})\nitables.show(df, pageLength=10)"),
    ]
    nbformat.write(nb, lab["root"] / "notebooks" / "99-itables-scratch.ipynb")
    name = "99-itables-scratch.ipynb"
    open_notebook(page, lab, name)
    run_all(page, name, timeout_s=60)
    table = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) table.dataTable").first
    table.wait_for(state="visible", timeout=20_000)
    rows = table.locator("tbody tr")
    assert rows.count() == 10, "paged to 10 rows"
    search = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .dt-search input, "
                          ".jp-NotebookPanel:not(.lm-mod-hidden) .dataTables_filter input").first
    search.fill("Speaker 31")
    page.wait_for_timeout(500)
    texts = rows.all_inner_texts()
    assert len(texts) == 1 and "Speaker 31" in texts[0], texts
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "99-itables.png"))


def test_the_checks_catch_a_failing_cell(lab, page):
    """The error check is not vacuous: a cell that raises is reported with its traceback,
    and Run All stopping there leaves later cells un-run."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "who-says-what", "display_name": KERNEL_DISPLAY_NAME, "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# 98 · failing scratch"),
                nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("raise ZeroDivisionError('on purpose')"),
                nbformat.v4.new_code_cell("y = 2")]
    name = "98-failing-scratch.ipynb"
    nbformat.write(nb, lab["root"] / "notebooks" / name)
    open_notebook(page, lab, name)
    run_all(page, name, timeout_s=60)
    with pytest.raises(AssertionError, match="ZeroDivisionError: on purpose"):
        assert_clean_run(page, name)
    prompts = inspect_outputs(page)["prompts"]
    assert re.search(r"\[\d+\]", prompts[0]) and not re.search(r"\[\d+\]", prompts[2]), prompts
