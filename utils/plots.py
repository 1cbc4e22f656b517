"""Chart helpers shared by the notebooks: palettes, category orders, saving.

Used by every notebook. Plot helpers take an aggregated frame and ``ax=None``,
return the ``Axes`` and never mutate their input. Colours come from
colour-blind-safe palettes (Okabe-Ito for categories, a diverging
blue-orange for stance). :func:`save_chart` writes each chart as
``figNN-slug.png`` beside the table that drew it (``figNN-slug.csv``).
"""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from utils import paths
from utils.tables import atomic_path, write_table

#: Okabe-Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999"]
TYPE_ORDER = ["person", "organisation", "group", "place", "other"]
TYPE_PALETTE = dict(zip(TYPE_ORDER, OKABE_ITO))
POLARITY_ORDER = ["favour", "neutral", "against"]
POLARITY_PALETTE = {"favour": "#0072B2", "neutral": "#BBBBBB", "against": "#D55E00"}
KIND_ORDER = ["direct", "indirect", "mixed"]
KIND_PALETTE = dict(zip(KIND_ORDER, OKABE_ITO[:3]))
PARTY_PALETTE = {
    "Labour": "#D55E00", "Conservative": "#0072B2", "Liberal Democrats": "#E69F00", "SNP": "#F0E442",
    "Green": "#009E73", "UKIP": "#CC79A7", "Plaid Cymru": "#56B4E9", "Democratic": "#0072B2",
    "Republican": "#D55E00", "": "#999999", "unknown": "#999999",
}


def code(value) -> str:
    """``value`` as inline code for a Markdown cell, HTML-escaped: a doc id or file
    name from the corpus never becomes markup in a report (a backtick cannot close
    the code span either).

    >>> code("a`<img src=x onerror=alert(1)>`")
    '<code>a`&lt;img src=x onerror=alert(1)&gt;`</code>'
    """
    import html

    return f"<code>{html.escape(str(value))}</code>"


def safe_style(df: pd.DataFrame, formats: dict | None = None, **kw):
    """``df.style`` with every cell HTML-escaped (pandas' Styler does not escape by
    default), the given per-column formats, blanks for missing values and no index."""
    st = df.style.format(escape="html", na_rep="")
    if formats:
        st = st.format(formats, escape="html", na_rep="", **kw)
    return st.hide(axis="index")


NOTHING_TO_READ = ("_No document to read: this corpus has no document left to annotate (every file was skipped; "
                   "notebook 01's load report says why)._")


def pick_document(docs: pd.DataFrame, counts: pd.Series, doc_id=None):
    """The document a notebook shows in its "Read" section: ``doc_id`` if given, else
    the first of ``counts`` (documents ranked by what the section shows), else the
    first document; None when the corpus has no document at all.

    >>> pick_document(pd.DataFrame({"doc_id": ["a", "b"]}), pd.Series([3], index=["b"]))
    'b'
    >>> pick_document(pd.DataFrame({"doc_id": []}), pd.Series([], dtype=int)) is None
    True
    """
    if doc_id is not None:
        return doc_id
    if len(counts):
        return counts.index[0]
    return docs["doc_id"].iloc[0] if len(docs) else None


def set_theme() -> None:
    """The house look: white grid, readable fonts, sizes for screen and paper."""
    sns.set_theme(style="whitegrid", context="notebook", palette=OKABE_ITO,
                  rc={"figure.dpi": 100, "savefig.dpi": 150, "axes.titleweight": "bold",
                      "figure.autolayout": False})


def report_slug(corpus=None) -> str:
    """Folder name for a corpus' figures and tables (set by the report runner)."""
    slug = os.environ.get("WSW_REPORT_SLUG")
    if slug:
        return slug
    from utils.pipeline import corpus_slug

    return corpus_slug(corpus)


def report_html_dir(corpus=None) -> Path:
    """Folder of a corpus' HTML reports: the one the report runner writes to (it sets
    ``WSW_REPORT_HTML_DIR``, so ``--out`` is honoured), else ``reports/html/<slug>``."""
    env = os.environ.get("WSW_REPORT_HTML_DIR")
    return Path(env) if env else paths.HTML / report_slug(corpus)


def save_chart(ax_or_fig, table: pd.DataFrame, name: str, *, corpus=None) -> None:
    """Save a chart as ``reports/figures/<corpus>/<name>.png`` and its table as
    ``reports/tables/<corpus>/<name>.csv`` (see :func:`chart_path`). Returns
    nothing, so a notebook cell ending with it shows only the chart."""
    fig = ax_or_fig.figure if hasattr(ax_or_fig, "figure") and not isinstance(ax_or_fig, plt.Figure) else ax_or_fig
    png, csv = chart_path(name, corpus=corpus)
    fig.tight_layout()
    with atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", bbox_inches="tight")
    write_table(table, csv)


def chart_path(name: str, *, corpus=None) -> tuple[Path, Path]:
    """Where :func:`save_chart` puts chart ``name``: (PNG path, CSV path)."""
    slug = report_slug(corpus)
    return paths.FIGURES / slug / f"{name}.png", paths.TABLES / slug / f"{name}.csv"


def bar_counts(df: pd.DataFrame, *, x: str, y: str, hue: str | None = None, title: str, xlabel: str,
               ylabel: str, palette=None, hue_order=None, ax=None, max_bars: int = 25):
    """Horizontal bar chart of counts (largest first, at most ``max_bars``)."""
    data = df.sort_values(x, ascending=False).head(max_bars)
    data = data.astype({y: str}) if y in data else data  # categorical axis, even for pandas "string" dtype
    if hue and hue in data:
        data = data.astype({hue: str})
    if ax is None:
        height = max(2.5, 0.35 * data[y].nunique() + 1.2)
        _, ax = plt.subplots(figsize=(8, height))
    sns.barplot(data=data, x=x, y=y, hue=hue, palette=palette, hue_order=hue_order, dodge=False, ax=ax, orient="h")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if hue and ax.get_legend() is not None:
        ax.legend(title=hue.replace("_", " "), loc="lower right", frameon=True)
    return ax


def hist(df: pd.DataFrame, *, x: str, title: str, xlabel: str, ylabel: str = "documents", bins="auto",
         label: str = "doc_id", ax=None, small: int = 12):
    """A histogram of ``x``; for a corpus of at most ``small`` documents, one
    labelled bar per document instead (a histogram of three values says nothing)."""
    if len(df) <= small and label in df:
        data = df[[label, x]].astype({label: str})
        return bar_counts(data, x=x, y=label, title=title, xlabel=xlabel, ylabel="document", ax=ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5))
    sns.histplot(data=df, x=x, bins=bins, ax=ax, color=OKABE_ITO[0])
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return ax


def no_data(title: str, message: str, *, xlabel: str = "", ylabel: str = "", ax=None, figsize=(8, 2.2)):
    """An honest empty chart: the title and why there is nothing to draw."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=12, color="#444")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel, xticks=[], yticks=[])
    return ax


def timeline(df: pd.DataFrame, *, date: str = "date", freq: str = "W", title: str, ylabel: str = "documents", ax=None):
    """Documents per period; says so plainly when the corpus has no dates."""
    dated = df.dropna(subset=[date])
    if dated.empty:
        return no_data(title, "no dates in this corpus", xlabel="date", ylabel=ylabel, ax=ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5))
    counts = dated.set_index(date).resample(freq).size().rename("n").reset_index()
    sns.lineplot(data=counts, x=date, y="n", marker="o", ax=ax, color=OKABE_ITO[0])
    ax.set(title=title, xlabel="date", ylabel=ylabel)
    ax.figure.autofmt_xdate()
    return ax


_ITABLES_READY = False


def init_interactive_tables() -> None:
    """Make :func:`interactive_table` work in JupyterLab and in the exported
    HTML, offline (itables' bundled DataTables library; no CDN). Called by the
    first :func:`interactive_table` of a kernel session if a notebook did not."""
    global _ITABLES_READY
    import itables

    itables.init_notebook_mode(all_interactive=False, connected=False)
    _ITABLES_READY = True


def interactive_table(df: pd.DataFrame, *, page_length: int = 10, caption: str | None = None):
    """Show ``df`` as a searchable, sortable table (itables); returns None."""
    import itables

    if not _ITABLES_READY:
        init_interactive_tables()  # the offline library goes out with this cell's output

    itables.show(df, pageLength=page_length, caption=caption, maxBytes="2MB", classes="display wrap compact",
                 columnDefs=[{"className": "dt-left", "targets": "_all"}], autoWidth=True, scrollX=True)
