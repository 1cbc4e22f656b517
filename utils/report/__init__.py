"""Reports: run the notebooks on a corpus, and the summaries, charts and colours they show.

Takes a corpus folder (or a folder of annotation tables) and the pipeline's tables; gives
executed notebooks, standalone HTML reports with an index page, charts (PNG) with the
tables behind them (CSV) and an Excel workbook. Modules:

- ``runner``: :func:`build_reports` executes every notebook with papermill and exports
  HTML (:func:`export_html`, :func:`notebook_paths`, :data:`KERNEL_NAME`,
  :func:`ensure_kernel`, :class:`ReportError`); used by ``python -m utils report``.
- ``summary`` (with ``groups`` and ``gender``, re-exported by it): share of voice,
  notable claims, comparisons by outlet and over time, speakers' gender, the run
  manifest and the workbook. Notebooks: ``from utils.report import summary``.
- ``plots``: the house chart helpers and :func:`plots.save_chart`.
- ``palette``: one colour per party in every chart.

Only the runner's names are imported here (the chart modules load matplotlib); the
notebooks import the modules: ``from utils.report import palette, plots, summary``.
"""
from utils.report.runner import (
    KERNEL_NAME,
    ReportError,
    build_reports,
    display_path,
    ensure_kernel,
    export_html,
    notebook_paths,
    subset_suffix,
    write_index,
)

__all__ = [
    "KERNEL_NAME",
    "ReportError",
    "build_reports",
    "display_path",
    "ensure_kernel",
    "export_html",
    "notebook_paths",
    "subset_suffix",
    "write_index",
]
