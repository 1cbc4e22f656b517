"""Unattributed quotations: candidates for claims the rules missed, for a reviewer to read.
"""
from __future__ import annotations


import pandas as pd

from utils.ids import claim_id_for
from utils.review.corrections import COLUMNS


UNATTRIBUTED_COLUMNS = list(COLUMNS["claims"]) + ["suggested_speaker", "probability"]


def unattributed_quotes(documents: pd.DataFrame, claims: pd.DataFrame | None = None, *,
                        min_probability: float = 0.3) -> pd.DataFrame:
    """Quotations no rule attributed that the bare-quote model of ``utils.claims``
    gives a probability of at least ``min_probability`` of being somebody's words:
    candidates for missed claims, most likely first. The default (0.3) is lower than the
    model's own threshold, which decides what ``--bare-quotes`` adds to the tables
    unread: a reviewer reads each row, so the list errs on the side of recall.

    One row per quotation; the first columns are those of the claims corrections
    file (``action`` is ``add``; ``speaker`` is left empty for the reviewer to fill
    in), then ``suggested_speaker`` (the model's guess, when it has one) and
    ``probability``, so a reviewed row can be pasted into ``data/corrections/claims.csv``. Quotations that already
    overlap a claim of ``claims`` (say, one added by a reviewer) are left out.

    Example:
        >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["The rally ran late.\\n\\n"
        ...     '"We have to do something and it is the only way you stop it. We are playing by other rules."']})
        >>> unattributed_quotes(docs)[["content_start", "action"]].values.tolist()
        [[22, 'add']]
    """
    from utils.claims import extract_claims
    from utils.text import segment

    rows = []
    have = {}
    if claims is not None and len(claims):
        for d, s, e in claims[["doc_id", "content_start", "content_end"]].itertuples(index=False):
            have.setdefault(d, []).append((int(s), int(e)))
    for doc_id, text in documents[["doc_id", "text"]].itertuples(index=False):
        if not isinstance(text, str) or not text:
            continue
        found = extract_claims(doc_id, text, segment(text), None, bare_quotes=min_probability)
        for r in found[found["rule"].str.startswith("bare-quote")].itertuples(index=False):
            s, e = int(r.content_start), int(r.content_end)
            if any(a < e and s < b for a, b in have.get(doc_id, ())):
                continue
            rows.append({"claim_id": claim_id_for(doc_id, s, e), "action": "add", "speaker": "", "speaker_id": "",
                         "doc_id": doc_id, "content_start": s, "content_end": e, "content": r.content,
                         "kind": "direct", "reviewer": "", "timestamp": "", "note": "",
                         "suggested_speaker": r.speaker or r.speaker_text or "", "probability": float(r.confidence)})
    out = pd.DataFrame(rows, columns=UNATTRIBUTED_COLUMNS)
    return out.sort_values(["probability", "doc_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
