"""Review and reliability: analysts correct the machine and measure how far to trust it.

Used by ``notebooks/07-review-and-reliability.ipynb`` (and ``utils.pipeline``, which
merges the corrections over every run).

Takes the pipeline's tables (``utils.schema``: claims, stances, frames, documents), the
analysts' corrections files and coded samples; gives merged tables with a
``review_status`` column plus a corrections report, review sheets, and validation and
reliability tables. Modules:

1. ``corrections``: the corrections files ``data/corrections/{claims,stances,frames}.csv``
   (format: ``data/corrections/README.md``): :func:`load_corrections` reads and validates
   one (Excel's habits -- BOM, CRLF, ``;``, trailing empty columns, capitalised headers
   and values -- are read as they come); :func:`record_decision` is the one writer,
   appending one row atomically under a lock held across processes.
2. ``apply``: :func:`apply_corrections` merges a corrections table over the automatic
   output on every run and returns the merged table plus a report (stale ids,
   conflicts, bad offsets); :func:`apply_all_corrections` does all three tables.
3. ``sheet``: :func:`review_sheet_html` writes a standalone HTML sheet with speaker, cue
   and content highlighted; :class:`ReviewWidget` is an ipywidgets form that records
   decisions through :func:`record_decision`.
4. ``quotes``: :func:`unattributed_quotes`, quotations no rule attributed, as rows of
   the claims corrections file for a reviewer to complete.
5. ``validation`` against an analyst's coded sample: :func:`match_claims`,
   :func:`validate_claims` (content token-overlap matching, greedy one-to-one, P/R/F1
   and speaker accuracy), :func:`agreement` (percent agreement on one field),
   :func:`load_gold_json` / :func:`gold_tables_from_json` (a hand-coded JSON sample).
6. ``reliability``: :func:`krippendorff_alpha` (nominal, via NLTK's ``AnnotationTask``;
   the module docstring says how missing values are handled), :func:`alpha_table`,
   :func:`codings_from_tables`, :func:`load_codings`, :func:`reliability_table`,
   :func:`reliability_report`, :func:`compare_with_sample`, :func:`plot_alpha`.

Example:
    >>> import pandas as pd
    >>> claims = pd.DataFrame({"claim_id": ["d:c0-5", "d:c9-20"], "speaker": ["A", "B"]})
    >>> fixes = pd.DataFrame({"claim_id": ["d:c9-20", "d:c99-120"], "action": ["reject", "accept"]})
    >>> merged, report = apply_corrections("claims", claims, fixes)
    >>> merged["claim_id"].tolist(), report["status"].tolist()
    (['d:c0-5'], ['applied', 'stale'])
"""
from utils.review.corrections import (
    ACTIONS,
    COLUMNS,
    KEYS,
    REQUIRED,
    CORRECTABLE_TABLES,
    META_COLUMNS,
    POLARITIES,
    CLAIM_KINDS,
    REPORT_COLUMNS,
    STATUS_COLUMN,
    load_corrections,
    validate_corrections,
    record_decision,
)
from utils.review.apply import (
    apply_corrections,
    apply_all_corrections,
)
from utils.review.sheet import (
    HIGHLIGHT_COLOURS,
    highlight_claim,
    claim_records,
    review_sheet_html,
    ReviewWidget,
)
from utils.review.quotes import (
    UNATTRIBUTED_COLUMNS,
    unattributed_quotes,
)
from utils.review.validation import (
    match_claims,
    validate_claims,
    agreement,
    gold_tables_from_json,
    load_gold_json,
)
from utils.review.reliability import (
    ALPHA_RELIABLE,
    ALPHA_TENTATIVE,
    CODING_COLUMNS,
    alpha_flag,
    krippendorff_alpha,
    alpha_table,
    codings_from_tables,
    load_codings,
    agreement_table,
    reliability_table,
    FLAG_PALETTE,
    plot_alpha,
    RELIABILITY_COLUMNS,
    reliability_report,
    compare_with_sample,
)
from utils.ids import claim_id_for  # the old name corrections code used, kept importable from here

__all__ = [
    "ACTIONS",
    "COLUMNS",
    "KEYS",
    "REQUIRED",
    "CORRECTABLE_TABLES",
    "META_COLUMNS",
    "POLARITIES",
    "CLAIM_KINDS",
    "REPORT_COLUMNS",
    "STATUS_COLUMN",
    "load_corrections",
    "validate_corrections",
    "record_decision",
    "apply_corrections",
    "apply_all_corrections",
    "HIGHLIGHT_COLOURS",
    "highlight_claim",
    "claim_records",
    "review_sheet_html",
    "ReviewWidget",
    "UNATTRIBUTED_COLUMNS",
    "unattributed_quotes",
    "match_claims",
    "validate_claims",
    "agreement",
    "gold_tables_from_json",
    "load_gold_json",
    "ALPHA_RELIABLE",
    "ALPHA_TENTATIVE",
    "CODING_COLUMNS",
    "alpha_flag",
    "krippendorff_alpha",
    "alpha_table",
    "codings_from_tables",
    "load_codings",
    "agreement_table",
    "reliability_table",
    "FLAG_PALETTE",
    "plot_alpha",
    "RELIABILITY_COLUMNS",
    "reliability_report",
    "compare_with_sample",
    "claim_id_for",
]
