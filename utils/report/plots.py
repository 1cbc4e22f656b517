"""Chart helpers shared by the notebooks: palettes, category orders, saving.

Used by every notebook. Plot helpers take an aggregated frame and ``ax=None``,
return the ``Axes`` and never mutate their input. Colours come from
colour-blind-safe palettes (Okabe-Ito for categories, a diverging
blue-orange for stance); parties have their own colours (``utils.report.palette``).
Tables for reading go through :func:`readable` (no index column, blanks for
missing values, whole numbers as integers, dates as dates), shown HTML-escaped by
:func:`safe_style` or :func:`interactive_table`. :func:`save_chart` writes each chart as
``figNN-slug.png`` beside the table that drew it (``figNN-slug.csv``).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from utils import paths
from utils.report import palette
from utils.tables import atomic_path, write_table

#: Okabe-Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999"]
TYPE_ORDER = ["person", "organisation", "group", "place", "role", "other"]
# colours fixed per type (role, added later, takes the next free colour; the others keep theirs)
TYPE_PALETTE = {**dict(zip(["person", "organisation", "group", "place", "other"], OKABE_ITO)), "role": OKABE_ITO[5]}
POLARITY_ORDER = ["favour", "neutral", "against"]
POLARITY_PALETTE = palette.POLARITY_COLOURS
KIND_ORDER = ["direct", "indirect", "mixed"]
KIND_PALETTE = dict(zip(KIND_ORDER, OKABE_ITO[:3]))
# Party colours: utils.report.palette (party_colour, party_palette), one colour per party in every chart.


def code(value) -> str:
    """``value`` as inline code for a Markdown cell, HTML-escaped: a doc id or file
    name from the corpus never becomes markup in a report (a backtick cannot close
    the code span either).

    >>> code("a`<img src=x onerror=alert(1)>`")
    '<code>a`&lt;img src=x onerror=alert(1)&gt;`</code>'
    """
    import html

    return f"<code>{html.escape(str(value))}</code>"


def readable(df: pd.DataFrame, *, blanks: bool = False, digits: int | None = None) -> pd.DataFrame:
    """A copy of ``df`` for reading: a named index (a crosstab's rows) becomes a
    column, an unnamed one (row numbers, even after sorting or filtering) is
    dropped, float columns holding whole numbers become integers (no
    ``12.0``), dates print as dates (with the time only when there is one) and
    missing text is blank. With ``blanks``, missing numbers are blank too (the
    column becomes text, for itables, which would print ``NaN``/``<NA>``); with
    ``digits``, other floats are rounded.

    >>> r = readable(pd.DataFrame({"n": [12.0, None], "d": pd.to_datetime(["2015-08-01", None]),
    ...                            "t": pd.array(["a", None], dtype="string")}), blanks=True)
    >>> r.values.tolist()
    [['12', '2015-08-01', 'a'], ['', '', '']]
    """
    out = df.copy()
    out = out.reset_index(drop=all(n is None for n in out.index.names))
    out.columns.name = None
    for c in out.columns:
        s = out[c]
        if pd.api.types.is_bool_dtype(s):
            continue
        if pd.api.types.is_datetime64_any_dtype(s):
            d = s.dropna()
            fmt = "%Y-%m-%d" if (d == d.dt.normalize()).all() else "%Y-%m-%d %H:%M"
            out[c] = s.dt.strftime(fmt).astype(object).where(s.notna(), "")
            continue
        if pd.api.types.is_float_dtype(s):
            v = s.dropna()
            if len(v) and np.isfinite(v).all() and (v == v.round()).all() and v.abs().max() < 2**53:
                s = out[c] = s.round().astype("Int64")
            elif digits is not None:
                s = out[c] = s.round(digits)
        if pd.api.types.is_numeric_dtype(s):
            if blanks and s.isna().any():
                out[c] = [("" if pd.isna(x) else f"{x}") for x in s.astype(object)]
            continue
        out[c] = s.astype(object).where(s.notna(), "")
    return out


def _blank_or(fmt):
    """A format string that leaves a blank (a missing value :func:`readable` blanked) blank."""
    if isinstance(fmt, str):
        return lambda v: "" if isinstance(v, str) and v == "" else fmt.format(v)
    return fmt


def safe_style(df: pd.DataFrame, formats: dict | None = None, **kw):
    """``df.style`` for reading: every cell and column header HTML-escaped (pandas'
    Styler does not escape by default), the given per-column formats, floats with
    2 decimals, blanks for missing values, whole numbers as integers, no index
    column (a meaningful index becomes a column) and text aligned left (see
    :func:`readable`)."""
    data = readable(df)
    st = data.style.format(escape="html", na_rep="", precision=2)
    if formats:
        st = st.format({k: _blank_or(v) for k, v in formats.items() if k in data.columns}, escape="html", na_rep="", **kw)
    st = st.format_index(escape="html", axis=1)
    text = [c for c in data.columns if not pd.api.types.is_numeric_dtype(data[c])]
    if text:
        st = st.set_properties(subset=text, **{"text-align": "left", "white-space": "pre-wrap"})
    st = st.set_table_styles([{"selector": "th.col_heading", "props": "text-align: left;"}], overwrite=False)
    return st.hide(axis="index")


NOTHING_TO_READ = ("_No document to read: this corpus has no document left to annotate (every file was skipped; "
                   "notebook 01's load report says why)._")


def pick_document(docs: pd.DataFrame, counts: pd.Series, doc_id=None):
    """The document a notebook shows in its "Read" section: ``doc_id`` if given, else a
    typical one: among the documents of ``counts`` with at least one of what the
    section shows (claims, mentions, stances ...), the one whose count is closest to
    the median, ties broken by the smaller doc id (the document with the most is
    often an outlier, such as a page of readers' comments); else the first document;
    None when the corpus has no document at all. :func:`pick_reason` says why, for
    the caption.

    >>> pick_document(pd.DataFrame({"doc_id": ["a", "b"]}), pd.Series([3], index=["b"]))
    'b'
    >>> pick_document(pd.DataFrame({"doc_id": list("abcd")}), pd.Series([40, 3, 2, 0], index=list("abcd")))
    'b'
    >>> pick_document(pd.DataFrame({"doc_id": []}), pd.Series([], dtype=int)) is None
    True
    """
    if doc_id is not None:
        return doc_id
    c = pd.to_numeric(pd.Series(counts), errors="coerce")
    c = c[c >= 1]
    if len(c):
        dist = (c - c.median()).abs()
        table = pd.DataFrame({"label": list(c.index), "key": c.index.astype(str), "dist": dist.to_numpy()})
        return table.sort_values(["dist", "key"], kind="stable")["label"].iloc[0]
    return docs["doc_id"].iloc[0] if len(docs) else None


def pick_reason(counts: pd.Series, shown, doc_id=None, *, what: str = "claims") -> str:
    """Why :func:`pick_document` showed ``shown``, for the caption.

    >>> pick_reason(pd.Series([40, 3, 2], index=list("abc")), "b")
    'a typical article: 3 claims, the median among the 3 articles with at least one (range 2-40)'
    >>> pick_reason(pd.Series([21], index=["a"]), "a")
    'the only article with any claims'
    """
    if doc_id is not None:
        return "the article chosen by the `doc_id` parameter"
    c = pd.to_numeric(pd.Series(counts), errors="coerce")
    c = c[c >= 1]
    if shown is None or shown not in c.index:
        return f"no article has any {what}, so the first one"
    if len(c) == 1:
        return f"the only article with any {what}"
    n = int(c[shown])
    med = float(c.median())
    rel = "the median" if n == med else f"closest to the median of {med:g}"
    return (f"a typical article: {n} {what}, {rel} among the {len(c)} articles with at least one "
            f"(range {int(c.min())}-{int(c.max())})")


def set_theme() -> None:
    """The house look: white grid, readable fonts, sizes for screen and paper."""
    sns.set_theme(style="whitegrid", context="notebook", palette=OKABE_ITO,
                  rc={"figure.dpi": 100, "savefig.dpi": 150, "axes.titleweight": "bold",
                      "figure.autolayout": False})


#: This report's folders, as the report runner passes them to every notebook (papermill
#: parameters ``report_slug`` and ``report_html_dir``, handed on by :func:`use_report_folders`).
_REPORT_FOLDERS: dict[str, object] = {"slug": None, "html_dir": None}


def use_report_folders(slug: str | None = None, html_dir: str | Path | None = None) -> None:
    """Put this notebook's figures, tables and pages where the report runner wants them:
    ``slug`` (the corpus' folder name, with its subset suffix) and ``html_dir`` (the HTML
    folder, so ``--out`` is honoured; relative to the project). Both None (a notebook run
    by hand): the folders follow from the corpus, see :func:`report_slug`."""
    _REPORT_FOLDERS["slug"] = slug or None
    _REPORT_FOLDERS["html_dir"] = paths.resolve_user_path(html_dir) if html_dir else None


def report_slug(corpus=None) -> str:
    """Folder name for a corpus' figures and tables (the report runner's, else the corpus')."""
    if _REPORT_FOLDERS["slug"]:
        return str(_REPORT_FOLDERS["slug"])
    return paths.corpus_slug(corpus)


def report_html_dir(corpus=None) -> Path:
    """Folder of a corpus' HTML reports: the one the report runner writes to (so ``--out``
    is honoured), else ``reports/html/<slug>``."""
    html_dir = _REPORT_FOLDERS["html_dir"]
    return Path(html_dir) if html_dir else paths.HTML / report_slug(corpus)


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
    return paths.FIGURES / slug / f"{name}.png", paths.REPORT_TABLES / slug / f"{name}.csv"


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
    """Show ``df`` as a searchable, sortable table (itables); returns None. Values
    are HTML-escaped (itables' default, ``allow_html`` is never set), text is left
    aligned and wraps (whole quotes stay whole), there is no index column, missing
    values are blank and whole numbers integers (:func:`readable`)."""
    import itables

    if not _ITABLES_READY:
        init_interactive_tables()  # the offline library goes out with this cell's output

    itables.show(readable(df, blanks=True, digits=3), pageLength=page_length, caption=caption, maxBytes="2MB",
                 classes="display wrap compact", columnDefs=[{"className": "dt-left", "targets": "_all"}],
                 autoWidth=True, scrollX=True, showIndex=False)
