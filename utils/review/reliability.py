"""Reliability: Krippendorff's alpha and percent agreement between coders.

:func:`krippendorff_alpha` (nominal, via NLTK's ``AnnotationTask``), :func:`alpha_table`
(alpha per variable with the number of units and a flag), fed by
:func:`codings_from_tables` or a coder's coding sheet read by :func:`load_codings`;
:func:`reliability_table` adds percent agreement for a pair of coders,
:func:`reliability_report` stacks pairs, :func:`plot_alpha` draws them.

Missing values: a unit coded by only one coder has no pairable values and must not count
(Krippendorff 2011). Checked with NLTK 3.10.4: its ``AnnotationTask.alpha`` does skip such
items (Krippendorff's 2011 example with a single-coded unit gives the published 0.743
either way), but it raises ZeroDivisionError when no unit has two values, returns 1.0 when
the pairable values show no variation (alpha is undefined there), and counts a coder who
coded a unit twice as two values. :func:`krippendorff_alpha` therefore keeps one value per
coder and unit (the later), drops units with fewer than two values before calling NLTK (so
the result does not depend on that NLTK detail) and returns NaN (flag ``undefined``) when
nothing or no variation is left.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from utils.ids import actor_id as _slug
from utils.review.corrections import _FALSE, _TRUE, CORRECTABLE_TABLES
from utils.review.corrections import _s
from utils.review.validation import _speaker_key, agreement, match_claims, validate_claims


# ---------------------------------------------------------------------------
# Reliability: Krippendorff's alpha
# ---------------------------------------------------------------------------

ALPHA_RELIABLE = 0.8
ALPHA_TENTATIVE = 0.667
CODING_COLUMNS = ["variable", "unit", "coder", "value"]


def alpha_flag(alpha: float) -> str:
    """Krippendorff's thresholds: ``reliable`` (>= 0.8), ``tentative`` (>= 0.667), else
    ``unreliable``; ``undefined`` for NaN.

    >>> [alpha_flag(a) for a in (0.9, 0.7, 0.5, float("nan"))]
    ['reliable', 'tentative', 'unreliable', 'undefined']
    """
    if alpha != alpha:
        return "undefined"
    return "reliable" if alpha >= ALPHA_RELIABLE else "tentative" if alpha >= ALPHA_TENTATIVE else "unreliable"


def krippendorff_alpha(codings: pd.DataFrame | Iterable[tuple[Any, Any, Any]]) -> dict[str, Any]:
    """Nominal Krippendorff's alpha with missing values handled explicitly.

    Units with fewer than two values (coded by one coder only) carry no pairable values and
    are dropped before NLTK's ``AnnotationTask`` (nominal ``binary_distance``) is called;
    a coder coding a unit twice keeps its last value; missing values (None/NaN/"") are not
    values. Alpha is NaN when no unit has two values or the pairable values show no
    variation (NLTK would return 1.0 there; Krippendorff's alpha is undefined).

    Args:
        codings: a frame with ``unit, coder, value`` columns, or ``(coder, unit, value)`` triples.

    Returns:
        ``{"alpha", "n_units"`` (pairable units), ``"n_values"`` (pairable values),
        ``"n_coders", "n_dropped_units", "flag"}``.

    >>> r = krippendorff_alpha([("a", 1, "x"), ("b", 1, "x"), ("a", 2, "y"), ("b", 2, "y"),
    ...                         ("a", 3, "x"), ("b", 3, "y"), ("a", 4, "z")])
    >>> round(r["alpha"], 3), r["n_units"], r["n_dropped_units"]
    (0.444, 3, 1)
    """
    from nltk.metrics.agreement import AnnotationTask
    from nltk.metrics.distance import binary_distance

    if isinstance(codings, pd.DataFrame):
        triples = list(zip(codings["coder"], codings["unit"], codings["value"]))
    else:
        triples = list(codings)
    latest: dict[tuple[str, str], str] = {}
    for coder, unit, value in triples:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value) or str(value) == "":
            continue
        latest[(str(coder), str(unit))] = _value_str(value)
    per_unit = Counter(u for _, u in latest)
    data = [(c, u, v) for (c, u), v in latest.items() if per_unit[u] >= 2]
    units = {u for _, u, _ in data}
    result = {"alpha": float("nan"), "n_units": len(units), "n_values": len(data),
              "n_coders": len({c for c, _ in latest}), "n_dropped_units": len(per_unit) - len(units)}
    if data and len({v for _, _, v in data}) > 1:
        result["alpha"] = float(AnnotationTask(data=data, distance=binary_distance).alpha())
    result["flag"] = alpha_flag(result["alpha"])
    return result


def _value_str(v: Any) -> str:
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "true" if v else "false"
    return str(v).strip().lower() if isinstance(v, str) else str(v)


def alpha_table(codings: pd.DataFrame, *, coders: list[str] | None = None) -> pd.DataFrame:
    """Krippendorff's alpha per variable, with the number of units and a reliability flag.

    Args:
        codings: long format ``variable, unit, coder, value`` (see :func:`codings_from_tables`
            and :func:`load_codings`).
        coders: restrict to these coders (e.g. two humans, or a human and ``machine``).

    Returns:
        One row per variable: ``variable, coders, alpha, n_units, n_values, n_dropped_units,
        flag`` (``n_dropped_units``: units coded by one coder only, excluded).
    """
    df = codings if coders is None else codings[codings["coder"].isin(coders)]
    rows = []
    for var, g in df.groupby("variable", sort=False):
        r = krippendorff_alpha(g)
        rows.append({"variable": var, "coders": " vs ".join(sorted(g["coder"].astype(str).unique())),
                     "alpha": r["alpha"], "n_units": r["n_units"], "n_values": r["n_values"],
                     "n_dropped_units": r["n_dropped_units"], "flag": r["flag"]})
    return pd.DataFrame(rows, columns=["variable", "coders", "alpha", "n_units", "n_values",
                                       "n_dropped_units", "flag"])


_POLARITY_TIE_ORDER = {"against": 0, "favour": 1, "neutral": 2}


def codings_from_tables(tables: Mapping[str, pd.DataFrame], coder: str, *,
                        reference: Mapping[str, pd.DataFrame] | None = None,
                        documents: pd.DataFrame | Mapping[str, str] | None = None) -> pd.DataFrame:
    """Turn one coder's tables into long codings for :func:`alpha_table`.

    Variables and units:

    * ``speaker``: unit = claim id, value = speaker id. With ``reference`` (another coder's
      tables), claims are first aligned to the reference claims by :func:`match_claims`, so
      two coders who cut contents differently still code the same unit; unmatched claims
      keep their own id and, coded once, drop out of alpha.
    * ``polarity``: unit = ``doc_id|source_id|target_id``; value = the coder's most frequent
      polarity for that pair (ties: against, favour, neutral).
    * ``frame``: unit = ``doc_id|unit|unit_id|scheme|frame`` (document units use the doc id,
      claim units the aligned claim id); value = ``present``.

    Args:
        tables: ``{"claims": ..., "stances": ..., "frames": ...}`` (any may be missing).
        coder: the coder's name (e.g. ``"analyst"``, ``"machine"``).
        reference: the tables that define claim units (usually the first coder's).
        documents: optional documents for the claim matching.

    Returns:
        A frame with ``variable, unit, coder, value``.
    """
    rows: list[tuple[str, str, str, Any]] = []
    claims = tables.get("claims")
    align: dict[str, str] = {}
    if claims is not None and len(claims):
        if reference is not None and reference.get("claims") is not None and len(reference["claims"]):
            pairs = match_claims(claims, reference["claims"], documents=documents)
            align = dict(zip(pairs["pred_claim_id"], pairs["gold_claim_id"]))
        for r in claims.to_dict("records"):
            cid = str(r["claim_id"])
            rows.append(("speaker", align.get(cid, cid), coder, _speaker_key(r) or None))
    stances = tables.get("stances")
    if stances is not None and len(stances):
        st = stances.assign(
            _src=[_s(i) or _slug(_s(n)) for i, n in zip(stances["source_id"], stances["source"])],
            _tgt=[_s(i) or _slug(_s(n)) for i, n in zip(stances["target_id"], stances["target"])])
        for (doc, src, tgt), g in st.groupby(["doc_id", "_src", "_tgt"], sort=True):
            counts = Counter(str(p).lower() for p in g["polarity"] if _s(p))
            if counts:
                best = sorted(counts.items(), key=lambda kv: (-kv[1], _POLARITY_TIE_ORDER.get(kv[0], 9)))[0][0]
                rows.append(("polarity", f"{doc}|{src}|{tgt}", coder, best))
    frames = tables.get("frames")
    if frames is not None and len(frames):
        for r in frames.to_dict("records"):
            unit = str(r["unit"])
            uid = str(r["doc_id"]) if unit == "document" else align.get(str(r["unit_id"]), str(r["unit_id"]))
            rows.append(("frame", f"{r['doc_id']}|{unit}|{uid}|{r['scheme']}|{r['frame']}", coder,
                         bool(r["present"]) if _s(r["present"]) else None))
    return pd.DataFrame(rows, columns=["variable", "unit", "coder", "value"])


def load_codings(path: str | os.PathLike, *, coder: str | None = None) -> pd.DataFrame:
    """Read a coder's coding sheet: CSV with ``variable, unit, value`` (``coder`` optional).

    ``#`` comment lines are allowed. Units must be named as :func:`codings_from_tables`
    names them (e.g. a claim id for ``speaker``).

    Args:
        path: the CSV file.
        coder: the coder's name; default the ``coder`` column, else the file stem.

    Raises:
        ValueError: missing columns or an unknown variable, naming file and line.
    """
    path = Path(path)
    df = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    missing = [c for c in ("variable", "unit", "value") if c not in df]
    if missing:
        raise ValueError(f"{path}: missing required column(s) {', '.join(missing)}")
    bad = ~df["variable"].isin(["speaker", "polarity", "frame"])
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise ValueError(f"{path}, record {i + 1}, field 'variable': unknown variable "
                         f"{df['variable'].iloc[i]!r}; expected speaker, polarity or frame")
    if coder is not None or "coder" not in df:
        df["coder"] = coder or path.stem
    df["value"] = [("true" if v.lower() in _TRUE else "false" if v.lower() in _FALSE else v)
                   if var == "frame" else v for var, v in zip(df["variable"], df["value"])]
    return df[CODING_COLUMNS]


def agreement_table(codings: pd.DataFrame, coder_a: str, coder_b: str) -> pd.DataFrame:
    """Percent agreement per variable between two coders of a long codings frame.

    Returns:
        One row per variable: ``variable, coders, agreement, percent, n_units, n_agree,
        only_a, only_b``.
    """
    rows = []
    for var, g in codings.groupby("variable", sort=False):
        a = g[(g["coder"] == coder_a) & g["value"].map(lambda v: _s(v) != "")]
        b = g[(g["coder"] == coder_b) & g["value"].map(lambda v: _s(v) != "")]
        a = a.assign(value=a["value"].map(_value_str))
        b = b.assign(value=b["value"].map(_value_str))
        r = agreement(a, b, "unit", "value").iloc[0].to_dict()
        rows.append({"variable": var, "coders": f"{coder_a} vs {coder_b}", "agreement": r["agreement"],
                     "percent": r["percent"], "n_units": r["n_units"], "n_agree": r["n_agree"],
                     "only_a": r["only_pred"], "only_b": r["only_gold"]})
    return pd.DataFrame(rows, columns=["variable", "coders", "agreement", "percent", "n_units", "n_agree",
                                       "only_a", "only_b"])


def reliability_table(codings: pd.DataFrame, coder_a: str, coder_b: str) -> pd.DataFrame:
    """Krippendorff's alpha (with flag) and percent agreement per variable for two coders.

    Returns:
        ``variable, coders, alpha, flag, n_units`` (pairable units), ``n_dropped_units``
        (coded by one of them only), ``percent_agreement``.
    """
    sub = codings[codings["coder"].isin([coder_a, coder_b])]
    al = alpha_table(sub)
    ag = agreement_table(sub, coder_a, coder_b)[["variable", "percent"]].rename(columns={"percent": "percent_agreement"})
    out = al.merge(ag, on="variable", how="left")
    out["coders"] = f"{coder_a} vs {coder_b}"
    return out[["variable", "coders", "alpha", "flag", "n_units", "n_dropped_units", "percent_agreement"]]


FLAG_PALETTE = {"reliable": "#009E73", "tentative": "#E69F00", "unreliable": "#D55E00", "undefined": "#999999"}


def plot_alpha(table: pd.DataFrame, *, title: str = "Reliability: Krippendorff's alpha", ax=None):
    """Bar chart of alpha per variable (and coder pair), coloured by flag, with the 0.667 and
    0.8 thresholds drawn. ``table`` is from :func:`reliability_table` / :func:`alpha_table`.

    Returns:
        The matplotlib Axes.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = table.assign(label=table["variable"] + " (" + table["coders"] + ", n=" + table["n_units"].astype(str) + ")",
                        alpha_shown=table["alpha"].fillna(0.0))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 1.2 + 0.5 * max(1, len(data))))
    if len(data):
        sns.barplot(data=data, x="alpha_shown", y="label", hue="flag", palette=FLAG_PALETTE, dodge=False, ax=ax)
    for x, style in ((ALPHA_TENTATIVE, ":"), (ALPHA_RELIABLE, "--")):
        ax.axvline(x, color="#333333", linestyle=style, linewidth=1)
    for i, a in enumerate(data["alpha"]):
        label = "undefined" if a != a else f"{a:.2f}"
        ax.text(max(0.0, 0.0 if a != a else a) + 0.02, i, label, va="center", fontsize=9)
    ax.set_xlim(min(-0.1, float(data["alpha_shown"].min()) - 0.05) if len(data) else -0.1, 1.15)
    ax.set(title=title, xlabel="Krippendorff's alpha (nominal; dotted 0.667, dashed 0.8)", ylabel="variable")
    if ax.get_legend() is not None:
        ax.legend(title="flag", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


RELIABILITY_COLUMNS = ["variable", "coders", "alpha", "flag", "n_units", "n_dropped_units", "percent_agreement"]


def reliability_report(codings: pd.DataFrame, pairs: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """:func:`reliability_table` for each pair of coders, stacked (empty frame if no pairs)."""
    parts = [reliability_table(codings, a, b) for a, b in pairs]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=RELIABILITY_COLUMNS)


def compare_with_sample(sample: Mapping[str, pd.DataFrame], systems: Mapping[str, Mapping[str, pd.DataFrame]], *,
                        documents: pd.DataFrame | Mapping[str, str] | None = None,
                        sample_name: str = "analyst") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate several versions of the tables (e.g. machine, corrected) against one coded sample.

    Only the documents of the sample are compared.

    Args:
        sample: the coded sample's tables (``claims``, optionally ``optional_claims``,
            ``stances``, ``frames``), e.g. from :func:`load_gold_json`.
        systems: ``{name: tables}``, e.g. ``{"machine": t, "corrected": merged}``.
        documents: the documents (for tokenising and claim matching).
        sample_name: the coder name of the sample in the codings.

    Returns:
        ``(validation, codings)``: :func:`validate_claims` rows with a ``system`` column, and
        long codings of the sample and every system (claims aligned to the sample's) for
        :func:`reliability_report`.
    """
    docs = set(sample["claims"]["doc_id"]) | set(sample.get("frames", pd.DataFrame(columns=["doc_id"]))["doc_id"])
    validation, codings = [], [codings_from_tables(sample, sample_name)]
    for name, tables in systems.items():
        sub = {n: tables[n][tables[n]["doc_id"].isin(docs)] for n in CORRECTABLE_TABLES if tables.get(n) is not None}
        if "claims" in sub:
            validation.append(validate_claims(sub["claims"], sample["claims"], documents=documents,
                                              optional=sample.get("optional_claims")).assign(system=name))
        codings.append(codings_from_tables(sub, name, reference=sample, documents=documents))
    val = pd.concat(validation, ignore_index=True) if validation else pd.DataFrame(
        columns=["measure", "value", "n_units", "detail", "system"])
    return val, pd.concat(codings, ignore_index=True)
