"""Run the notebook collection on a corpus and export HTML reports.

Used by ``python -m utils report`` (``make report``).

Each notebook ``notebooks/NN-*.ipynb`` is executed with papermill (parameters
``corpus``, ``title_from_first_line`` passed through), after the corpus is annotated
once, two or more side by side (``--jobs``; progress lines in the order they finish),
saved executed under ``reports/executed/<corpus>/`` and exported to HTML with
nbconvert into ``reports/html/<corpus>/``: cells tagged ``hide-input`` show only
their output, cells tagged ``remove-cell`` are left out. ``reports/html/index.html``
links every report of every corpus reported on so far.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import sys
import time
from pathlib import Path

from utils import paths
from utils.tables import atomic_path


#: The project's Jupyter kernel (registered into the virtualenv by ``make setup``;
#: every notebook names it in its metadata).
KERNEL_NAME = "who-says-what"


def ensure_kernel() -> None:
    """Register the project's kernel for this Python if it is not there yet
    (``make setup`` does this; a conda user running ``python -m utils report``
    directly gets it here)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL_NAME, display_name="Python (Who Says What)", prefix=sys.prefix)


#: The kernel logs nothing below CRITICAL: ipykernel warns on every start that a local kernel
#: talks to papermill over TCP on localhost, and jupyter_client interrupts the kernel before
#: every shutdown, which ipykernel logs as an ERROR ("KeyboardInterrupt caught in kernel") when
#: the interrupt lands while it is idle. Both buried the report's own progress lines. An error
#: in a cell still fails that notebook and shows in its HTML.
_KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]


#: How long papermill waits for a notebook's kernel to start (s), how long one cell may run
#: (s; the corpus is annotated before the notebooks run, so a cell only reads tables and
#: draws), and how often a notebook is tried when its kernel fails to start or dies. Two
#: kernels started at the same moment (two reports, or a report and the test suite) can pick
#: the same localhost port ("ZMQError: Address already in use"); without these a run could
#: wait for ever. A notebook that fails in its own code is never run again.
KERNEL_START_TIMEOUT = 120
CELL_TIMEOUT = 3600
KERNEL_ATTEMPTS = 3
_KERNEL_FAILURES = ("Kernel died", "Kernel didn't respond", "Address already in use", "kernel_info")


def kernel_failed(exc: BaseException) -> bool:
    """Whether ``exc`` is a kernel that failed to start or died (worth one more try), not an
    error raised by a cell of the notebook.

    >>> kernel_failed(RuntimeError("Kernel died before replying to kernel_info"))
    True
    >>> kernel_failed(ValueError("a cell raised this"))
    False
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__name__ == "PapermillExecutionError":
            return False
        if type(exc).__name__ in ("DeadKernelError", "ZMQError") or any(s in str(exc) for s in _KERNEL_FAILURES):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def execute_notebook(nb: Path, executed: Path, params: dict, *, attempts: int = KERNEL_ATTEMPTS) -> None:
    """Run one notebook with papermill (in ``notebooks/``, on the project's kernel), trying
    again when the kernel fails to start or dies; any other error is raised at once."""
    import papermill as pm

    for attempt in range(1, attempts + 1):
        try:
            pm.execute_notebook(str(nb), str(executed), parameters=params, cwd=str(paths.NOTEBOOKS),
                                kernel_name=KERNEL_NAME, progress_bar=False, log_output=False,
                                extra_arguments=_KERNEL_ARGS, start_timeout=KERNEL_START_TIMEOUT,
                                execution_timeout=CELL_TIMEOUT)
            return
        except Exception as exc:  # noqa: BLE001 - sorted below: kernel trouble is retried, the rest raised
            if attempt == attempts or not kernel_failed(exc):
                raise
            print(f"    {nb.stem}: the kernel failed ({type(exc).__name__}); trying again ({attempt + 1}/{attempts})",
                  flush=True)


class ReportError(RuntimeError):
    """One or more notebooks failed; their HTML still shows where."""


def notebook_paths(only: str | None = None) -> list[Path]:
    """The notebooks in run order (two-digit prefix), optionally filtered."""
    nbs = sorted(p for p in paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if only:
        nbs = [p for p in nbs if only in p.name]
    return nbs


def export_html(executed: Path, target: Path) -> Path:
    """Export an executed notebook to standalone HTML (hidden inputs by tag). The
    notebook's own ``parameters`` cell (defaults and their help) is left out: the
    cell papermill injected after it shows the values this report was run with."""
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.remove_input_tags = {"hide-input"}
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell", "parameters"}
    c.TagRemovePreprocessor.enabled = True
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    exporter = HTMLExporter(config=c, template_name="lab")  # its built-in TagRemovePreprocessor, enabled above
    nb = nbformat.read(executed, as_version=4)
    body, _ = exporter.from_notebook_node(nb)
    with atomic_path(target) as tmp:
        tmp.write_text(body, encoding="utf-8")
    return target


def build_reports(
    corpus: str | Path | None = None,
    *,
    out: str | Path | None = None,
    only: str | None = None,
    title_from_first_line: bool = False,
    source: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    tables: str | Path | None = None,
    jobs: int | None = None,
) -> Path:
    """Execute every notebook on ``corpus`` and export HTML; return the index path.

    The corpus is annotated (or its cached tables read) once, then the notebooks run
    ``jobs`` at a time (default: :func:`report_jobs`), each in its own kernel.

    With ``tables`` (a folder written by ``python -m utils annotate --out DIR``) the
    notebooks read those tables instead of annotating ``corpus``: the way to report
    on an annotation made with other options (``--bare-quotes``, Dask, many jobs).

    Raises:
        ReportError: when a notebook failed (after exporting what ran, so the
            failing cell can be read in its HTML), or ``tables`` holds no
            ``documents.csv``.
    """
    from utils.pipeline import load_tables

    n_jobs = report_jobs(jobs)  # (a bad value stops here, before any work)
    if tables is not None:
        if corpus is not None:
            raise ReportError("give a corpus or a tables folder, not both")
        if not (Path(tables) / "documents.csv").is_file():
            raise ReportError(f"{tables}: no documents.csv here; write the tables with "
                              f"`python -m utils annotate CORPUS --out {tables}` first")
    out_root = Path(out) if out else paths.HTML
    slug = (paths.corpus_slug(tables if tables is not None else corpus)
            + subset_suffix(source=source, date_from=date_from, date_to=date_to))
    html_dir = out_root / slug
    exec_dir = paths.REPORTS / "executed" / slug
    exec_dir.mkdir(parents=True, exist_ok=True)
    ensure_kernel()
    # parameters as the report shows them: relative to the project where possible (no machine
    # paths on the page); load_tables resolves them against the project root again
    corpus_arg = paths.project_relative(paths.resolve_user_path(corpus)) if corpus is not None else None
    tables_arg = paths.project_relative(paths.resolve_user_path(tables)) if tables is not None else None
    # Annotate once up front (or read the given tables); every notebook then reads the cached tables.
    print("annotating (or reading the cached tables) ...", flush=True)
    load_tables(corpus=corpus_arg, tables_dir=tables_arg, title_from_first_line=title_from_first_line)
    subset = {"source": source, "date_from": date_from, "date_to": date_to}
    failures = []
    done = []
    nbs = notebook_paths(only)
    print(f"reporting on {corpus_arg or tables_arg or paths.project_relative(paths.SEED_CORPUS)}: "
          f"{len(nbs)} notebooks -> {html_dir}", flush=True)
    html_arg = paths.project_relative(html_dir)  # no machine path on the page when it lies in the project
    html_arg = str(html_dir.resolve()) if html_arg.startswith("../") else html_arg
    params = {"corpus": corpus_arg, "title_from_first_line": title_from_first_line, **subset,
              "report_slug": slug, "report_html_dir": html_arg}
    if tables_arg is not None:
        params["tables_dir"] = tables_arg
    # report_slug, report_html_dir: figures and tables go to this corpus' folders, pages a notebook
    # writes itself beside its HTML (plots.use_report_folders). After the annotation above every
    # notebook only reads the cached tables and writes its own files, so they can run side by side.
    tasks = [(nb, exec_dir / nb.name, params, html_dir / nb.with_suffix(".html").name) for nb in nbs]
    jobs = max(1, min(n_jobs, len(tasks)))
    if jobs == 1:
        results = (_run_notebook(*t) for t in tasks)
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed

        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn"))
        futures = [pool.submit(_run_notebook, *t) for t in tasks]
        results = (f.result() for f in as_completed(futures))
    outcome = {}
    try:
        for k, (name, error, exported, seconds) in enumerate(results, 1):
            outcome[name] = (error, exported)
            status = "ok" if error is None else "FAILED (its HTML shows the cell)"
            print(f"  [{k}/{len(nbs)}] {Path(name).stem:<32} {seconds:5.1f} s  {status}", flush=True)
    finally:
        if jobs > 1:
            pool.shutdown(wait=True, cancel_futures=True)
    for nb in nbs:  # in notebook order, whatever order they finished in
        error, exported = outcome[nb.name]
        if error is not None:
            failures.append(f"{nb.name}: {error}")
        if exported:
            done.append(nb.with_suffix(".html").name)
    _write_run_info(html_dir, corpus_arg or tables_arg, done, failures, subset)
    index = write_index(out_root)
    if failures:
        raise ReportError("notebooks failed:\n  " + "\n  ".join(failures) + f"\nsee the HTML in {html_dir}")
    return index


def report_jobs(jobs: int | None = None) -> int:
    """How many notebooks run at once: ``jobs``, else ``$WSW_REPORT_JOBS``, else the number
    of cores (at most 4: each kernel holds the corpus' tables in memory)."""
    import os

    if jobs is None:
        env = os.environ.get("WSW_REPORT_JOBS", "").strip()
        if env:
            try:
                jobs = int(env)
            except ValueError:
                raise ReportError(f"WSW_REPORT_JOBS={env!r} is not a whole number") from None
        else:
            jobs = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if jobs < 1:
        raise ReportError(f"jobs must be at least 1, not {jobs}")
    return jobs


def _run_notebook(nb: Path, executed: Path, params: dict, html_target: Path) -> tuple[str, str | None, bool, float]:
    """Execute one notebook and export its HTML (also after a failure, so the failing cell
    can be read): (notebook name, error or None, exported, seconds). Runs in a worker process
    when notebooks run side by side."""
    t0 = time.perf_counter()
    error = None
    try:
        execute_notebook(nb, executed, params)
    except Exception as exc:  # papermill raises its own error types; keep going
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    exported = False
    if executed.exists():
        export_html(executed, html_target)
        exported = True
    return nb.name, error, exported, time.perf_counter() - t0


def subset_suffix(*, source=None, date_from=None, date_to=None) -> str:
    """Folder-name suffix for a subset report (empty for the whole corpus)."""
    parts = []
    if source:
        parts.append("src-" + "".join(ch if ch.isalnum() else "-" for ch in str(source)).strip("-"))
    if date_from or date_to:
        parts.append(f"{date_from or 'start'}_{date_to or 'end'}")
    return ("--" + "--".join(parts)) if parts else ""


def _write_run_info(html_dir: Path, corpus: str | None, done: list[str], failures: list[str], subset: dict) -> None:
    info = {
        "subset": {k: v for k, v in subset.items() if v},
        "corpus": corpus or str(paths.SEED_CORPUS),
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "reports": done,
        "failures": failures,
    }
    with atomic_path(html_dir / "run.json") as tmp:
        tmp.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def write_index(out_root: Path) -> Path:
    """Write ``index.html`` linking the reports of every corpus under ``out_root``."""
    sections = []
    for run in sorted(out_root.glob("*/run.json")):
        info = json.loads(run.read_text(encoding="utf-8"))
        folder = run.parent.name
        items = "".join(
            f'<li><a href="{html.escape(folder)}/{html.escape(r)}">{html.escape(_title(r))}</a></li>'
            for r in info.get("reports", [])
        )
        fails = "".join(f"<li class=fail>{html.escape(f)}</li>" for f in info.get("failures", []))
        subset = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in info.get("subset", {}).items())
        sections.append(
            f"<section><h2>{html.escape(Path(info['corpus']).name)}{html.escape(' (' + subset + ')' if subset else '')}</h2>"
            f"<p class=meta>corpus <code>{html.escape(display_path(info['corpus']))}</code> · run {html.escape(info['when'])}</p>"
            f"<ol>{items}</ol>{'<ul>' + fails + '</ul>' if fails else ''}</section>"
        )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Who Says What · reports</title>
<style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
h1{{font-size:1.6rem}} .meta{{color:#555;font-size:.9rem}} .fail{{color:#b00020}} li{{margin:.2rem 0}}</style>
</head><body><h1>Who Says What · reports</h1>
<p>Who says what, about whom, and how it is framed. One section per corpus; the notebooks run in the order listed.</p>
{''.join(sections) or '<p>No reports yet: run <code>make report</code>.</p>'}
</body></html>
"""
    target = out_root / "index.html"
    with atomic_path(target) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return target


def display_path(p: str | Path) -> str:
    """A corpus path as a reader of the index should see it: relative to the project
    when it lies inside it (``data/raw/seed``, the same on every clone), else as given."""
    path = Path(p)
    try:
        return path.resolve().relative_to(paths.ROOT.resolve()).as_posix()
    except ValueError:
        return str(p)


def _title(name: str) -> str:
    stem = Path(name).stem
    num, _, rest = stem.partition("-")
    return f"{num} · {rest.replace('-', ' ').capitalize()}"
