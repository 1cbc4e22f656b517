"""Validation against an analyst's coded sample: matching claims, P/R/F1, agreement.

:func:`match_claims` and :func:`validate_claims` (content token-overlap matching, greedy
one-to-one, P/R/F1 and speaker accuracy), :func:`agreement` (percent agreement on one
field), :func:`gold_tables_from_json` / :func:`load_gold_json` (a hand-coded JSON sample
such as the seed gold file) and :func:`compare_with_sample`.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from utils import schema
from utils.ids import actor_id as _slug
from utils.ids import claim_id_for
from utils.review.corrections import _doc_texts
from utils.review.corrections import _s


# ---------------------------------------------------------------------------
# Validation against an analyst's coded sample
# ---------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _tokens(text: str, start: int, end: int, content: str | None) -> list[tuple[int, int]]:
    """``\\w+`` tokens of a content span as absolute offsets."""
    if text is not None:
        return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(content or "")]


def match_claims(predicted: pd.DataFrame, gold: pd.DataFrame, *,
                 documents: pd.DataFrame | Mapping[str, str] | None = None) -> pd.DataFrame:
    """Pair predicted with gold claims: content token overlap, greedy one-to-one.

    The unit is the claim: rows sharing a ``claim_id`` are the parts of one claim and
    their tokens count together. Per document, every (gold, predicted) pair whose
    contents share at least one ``\\w+`` token (by offsets) is a candidate; pairs are
    taken greedily by largest overlap (ties: closest start, then order), each claim at
    most once (the datasets README's rule).

    Args:
        predicted: claims with ``doc_id, claim_id, content_start, content_end`` (``content``
            too when no documents are given).
        gold: the same columns, from the analyst's coded sample.
        documents: optional documents (``doc_id``, ``text``); otherwise tokens come from the
            ``content`` strings placed at their offsets.

    Returns:
        One row per matched pair: ``doc_id, gold_claim_id, pred_claim_id, overlap``
        (shared tokens), ``gold_tokens``.
    """
    texts = _doc_texts(documents) or {}
    out = []

    def claims_by_doc(df: pd.DataFrame, with_content: bool) -> dict[str, list[tuple]]:
        """doc -> [(claim_id, [(start, end, content) of each part])], parts joined by claim_id."""
        content = df["content"].tolist() if with_content and "content" in df else [None] * len(df)
        groups: dict[str, dict[str, list]] = {}
        for d, cid, cs, ce, c in zip(df["doc_id"].tolist(), df["claim_id"].tolist(),
                                     df["content_start"].astype(int).tolist(), df["content_end"].astype(int).tolist(),
                                     content):
            groups.setdefault(d, {}).setdefault(cid, []).append((cs, ce, c))
        return {d: list(g.items()) for d, g in groups.items()}

    by_doc = claims_by_doc(predicted, False)
    for doc_id, g in sorted(claims_by_doc(gold, True).items()):
        preds = by_doc.get(doc_id)
        if not preds:
            continue
        text = texts.get(str(doc_id))
        cands = []
        for gi, (gid, gparts) in enumerate(g):
            gt = sorted({t for gs, ge, gc in gparts for t in _tokens(text, gs, ge, gc)})
            if not gt:
                continue
            gs = gparts[0][0]
            lo, hi = gt[0][0], gt[-1][1]
            for pi, (pid, pparts) in enumerate(preds):
                spans = [(ps, pe) for ps, pe, _ in pparts if ps < hi and pe > lo]
                if not spans:
                    continue
                ov = sum(1 for s, e in gt if any(s < pe and e > ps for ps, pe in spans))
                if ov:
                    cands.append((-ov, abs(pparts[0][0] - gs), gi, pi, gid, pid, len(gt)))
        cands.sort()
        used_g, used_p = set(), set()
        for neg, _, gi, pi, gid, pid, n in cands:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            out.append({"doc_id": doc_id, "gold_claim_id": gid, "pred_claim_id": pid, "overlap": -neg,
                        "gold_tokens": n})
    return pd.DataFrame(out, columns=["doc_id", "gold_claim_id", "pred_claim_id", "overlap", "gold_tokens"])


def _speaker_key(row: Mapping[str, Any]) -> str:
    sid = _s(row.get("speaker_id")).strip()
    if sid:
        return sid
    sp = _s(row.get("speaker")).strip()
    return _slug(sp) if sp else ""


def _speaker_keys(claims: pd.DataFrame) -> dict[str, str]:
    """claim_id -> speaker key (first row per id)."""
    ids = claims["claim_id"].tolist()
    sids = claims["speaker_id"].tolist() if "speaker_id" in claims else [None] * len(ids)
    names = claims["speaker"].tolist() if "speaker" in claims else [None] * len(ids)
    out: dict[str, str] = {}
    for cid, sid, name in zip(ids, sids, names):
        out.setdefault(cid, _speaker_key({"speaker_id": sid, "speaker": name}))
    return out


def validate_claims(predicted: pd.DataFrame, gold: pd.DataFrame, *,
                    documents: pd.DataFrame | Mapping[str, str] | None = None,
                    optional: pd.DataFrame | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of claims against a coded sample, and speaker accuracy.

    Claims are matched by :func:`match_claims`. Speaker accuracy is over matched pairs whose
    gold claim has a speaker: the predicted ``speaker_id`` (or the slug of ``speaker``)
    equals the gold one. Only documents present in ``gold`` are scored. Predicted claims
    that match an ``optional`` gold claim (neither required nor wrong) are left out of
    precision.

    Args:
        predicted: the machine's (or merged) claims.
        gold: the analyst's claims (``doc_id, claim_id, content_start, content_end,
            speaker``; ``speaker_id`` optional).
        documents: optional documents for tokenising.
        optional: optional gold claims, same columns.

    Returns:
        Rows ``measure`` (precision, recall, f1, speaker_accuracy), ``value``, ``n_units``
        (claims or pairs the value is computed over), ``detail``.
    """
    docs = set(gold["doc_id"])
    pred = predicted[predicted["doc_id"].isin(docs)]
    pairs = match_claims(pred, gold, documents=documents)
    n_pred_ignored = 0
    if optional is not None and len(optional):
        rest = pred[~pred["claim_id"].isin(pairs["pred_claim_id"])]
        n_pred_ignored = len(match_claims(rest, optional, documents=documents))
    tp = len(pairs)
    n_pred = pred["claim_id"].nunique() - n_pred_ignored  # claims, not the parts of a quote
    n_gold = gold["claim_id"].nunique()
    precision = tp / n_pred if n_pred else float("nan")
    recall = tp / n_gold if n_gold else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if n_pred and n_gold and precision + recall else (
        0.0 if n_pred and n_gold else float("nan"))
    g_keys, p_keys = _speaker_keys(gold), _speaker_keys(pred)
    n_sp = correct = 0
    for gid, pid in zip(pairs["gold_claim_id"].tolist(), pairs["pred_claim_id"].tolist()):
        gk = g_keys.get(gid, "")
        if not gk:
            continue
        n_sp += 1
        correct += gk == p_keys.get(pid, "")
    rows = [
        ("precision", precision, n_pred, f"{tp} matched of {n_pred} predicted"
         + (f" ({n_pred_ignored} matching optional claims left out)" if n_pred_ignored else "")),
        ("recall", recall, n_gold, f"{tp} matched of {n_gold} gold"),
        ("f1", f1, tp, "content token overlap, greedy one-to-one"),
        ("speaker_accuracy", correct / n_sp if n_sp else float("nan"), n_sp,
         f"{correct} of {n_sp} matched pairs with the gold speaker"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value", "n_units", "detail"])


def agreement(pred: pd.DataFrame, gold: pd.DataFrame, key: str | list[str], field: str) -> pd.DataFrame:
    """Percent agreement on one field over the units both tables code.

    Args:
        pred: the machine's table, e.g. stances.
        gold: the analyst's table with the same key and field.
        key: the unit id column(s), e.g. ``"stance_id"`` or ``["unit_id", "scheme", "frame"]``.
        field: the coded value, e.g. ``"polarity"`` or ``"present"``.

    Returns:
        One row: ``field, agreement`` (0-1), ``percent``, ``n_units`` (units in both),
        ``n_agree``, ``only_pred``, ``only_gold``.

    >>> a = pd.DataFrame({"id": [1, 2, 3], "polarity": ["favour", "against", "neutral"]})
    >>> b = pd.DataFrame({"id": [1, 2, 4], "polarity": ["favour", "neutral", "neutral"]})
    >>> print(agreement(a, b, "id", "polarity")[["percent", "n_units", "n_agree"]].to_string(index=False))
     percent  n_units  n_agree
        50.0        2        1
    """
    keys = [key] if isinstance(key, str) else list(key)
    a = pred[keys + [field]].drop_duplicates(keys, keep="last")
    b = gold[keys + [field]].drop_duplicates(keys, keep="last")
    a = a.assign(**{k: a[k].astype(str) for k in keys})
    b = b.assign(**{k: b[k].astype(str) for k in keys})
    m = a.merge(b, on=keys, suffixes=("_pred", "_gold"))
    n = len(m)
    agree = int((m[f"{field}_pred"].astype(str).str.lower() == m[f"{field}_gold"].astype(str).str.lower()).sum())
    value = agree / n if n else float("nan")
    return pd.DataFrame([{"field": field, "agreement": value, "percent": round(100 * value, 1) if n else value,
                          "n_units": n, "n_agree": agree, "only_pred": len(a) - n, "only_gold": len(b) - n}])


# ---------------------------------------------------------------------------
# An analyst's coded sample from the seed gold file
# ---------------------------------------------------------------------------

def gold_tables_from_json(gold: Mapping[str, Any], text: str, doc_id: str) -> dict[str, pd.DataFrame]:
    """Tables (claims, stances, frames) from a hand-coded JSON like ``shared/gold/seed-article.json``.

    Claim contents are located in their paragraph (``paragraph``: 0-based index of
    non-empty paragraphs), so offsets are exact (``text[start:end] == content``).
    ``optional_claims`` become a fourth table, ``optional_claims``. Stances are
    document-level source/target/polarity; frames are document-level (policy
    ``document_present``/``document_absent``, generic ``generic_present``).

    Raises:
        ValueError: a content that does not occur in its paragraph.
    """
    from utils.text import paragraph_spans

    paras = paragraph_spans(text)

    def claim_rows(items: list[dict], what: str) -> pd.DataFrame:
        rows = []
        for k, c in enumerate(items):
            ps, pe = paras[c["paragraph"]] if 0 <= c.get("paragraph", -1) < len(paras) else (0, len(text))
            s = text.find(c["content"], ps, pe + 1)
            if s < 0:
                s = text.find(c["content"])
            if s < 0:
                raise ValueError(f"{what}[{k}]: content not found in the text: {c['content'][:50]!r}")
            e = s + len(c["content"])
            rows.append({"doc_id": doc_id, "claim_id": claim_id_for(doc_id, s, e), "kind": c.get("kind"),
                         "speaker": c.get("speaker"), "speaker_id": _slug(c["speaker"]) if c.get("speaker") else "",
                         "cue": c.get("cue"), "content": c["content"], "content_start": s, "content_end": e,
                         "paragraph": c.get("paragraph")})
        return pd.DataFrame(rows).reindex(columns=schema.CLAIMS)

    st = pd.DataFrame([{"doc_id": doc_id, "stance_id": f"{doc_id}:gold{k}", "source": s["source"],
                        "source_id": _slug(s["source"]), "target": s["target"], "target_id": _slug(s["target"]),
                        "polarity": s["polarity"]} for k, s in enumerate(gold.get("stances", []))],
                      columns=schema.STANCES)
    fr = gold.get("frames", {})
    frows = ([(doc_id, "document", doc_id, "policy", f, True) for f in fr.get("document_present", [])]
             + [(doc_id, "document", doc_id, "policy", f, False) for f in fr.get("document_absent", [])]
             + [(doc_id, "document", doc_id, "generic", f, True) for f in fr.get("generic_present", [])])
    frames = pd.DataFrame([dict(zip(["doc_id", "unit", "unit_id", "scheme", "frame", "present"], r))
                           for r in frows], columns=schema.FRAMES)
    return {"claims": claim_rows(gold.get("claims", []), "claims"),
            "optional_claims": claim_rows(gold.get("optional_claims", []), "optional_claims"),
            "stances": st, "frames": frames}


def load_gold_json(path: str | os.PathLike, documents: pd.DataFrame) -> dict[str, pd.DataFrame] | None:
    """The coded sample of a hand-coded JSON file (see :func:`gold_tables_from_json`) for the
    document it names (``"document"``: a file name whose stem is the doc id), or None when
    the file or that document is absent."""
    import json

    path = Path(path)
    if not path.exists():
        return None
    gold = json.loads(path.read_text(encoding="utf-8"))
    doc_id = Path(str(gold.get("document", ""))).stem
    texts = _doc_texts(documents) or {}
    if doc_id not in texts:
        return None
    return gold_tables_from_json(gold, texts[doc_id], doc_id)


