"""Helpers of the claims tests (tests/claims/test_claims_*.py): extract the claims of a
text with the table contract checked (:func:`claims_of`), find a claim by a fragment of its
content, keep the top-level claims."""
from __future__ import annotations

import pandas as pd

from utils import schema
from utils.claims import extract_claims
from utils.text import segment


EMPTY_MENTIONS = pd.DataFrame(columns=schema.MENTIONS)


def claims_of(text: str, mentions: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """The claims of ``text``. These tests check the rules' reading (speaker, cue, content) of
    invented sentences, most without mentions, so the claim filter is the one of PolNeAR's
    convention unless a test asks for another: the default (news) filter drops hopes, plans and
    beliefs and leans on the speaker's actor type, and has its own tests (test_claims_filter.py)."""
    options.setdefault("claim_filter", "polnear")
    df = extract_claims("t", text, segment(text), EMPTY_MENTIONS if mentions is None else mentions, **options)
    assert list(df.columns) == schema.CLAIMS
    check_offsets(text, df)
    return df


def check_offsets(text: str, df: pd.DataFrame) -> None:
    for r in df.itertuples(index=False):
        assert text[r.content_start : r.content_end] == r.content
        if not pd.isna(r.cue_start):
            assert text[r.cue_start : r.cue_end] == r.cue
        if not pd.isna(r.speaker_start):
            assert text[r.speaker_start : r.speaker_end] == r.speaker_text
        assert 0.0 <= r.confidence <= 1.0
        assert r.kind in {"direct", "indirect", "mixed"}
    # one claim_id per attribution; its parts are numbered 1..n and share speaker and cue
    assert not df.duplicated(["claim_id", "part"]).any()
    for _, g in df.groupby("claim_id"):
        assert sorted(g["part"]) == list(range(1, len(g) + 1))
        assert g["speaker_start"].nunique(dropna=False) == 1 and g["cue_start"].nunique(dropna=False) == 1


def find(df: pd.DataFrame, fragment: str) -> pd.Series:
    """The claim whose content covers ``fragment``."""
    hits = df[df["content"].str.contains(fragment, regex=False)]
    assert len(hits), f"no claim covering {fragment!r}; got {df['content'].tolist()}"
    return hits.sort_values("content", key=lambda s: s.str.len()).iloc[0]


def top_level(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["parent_claim_id"].fillna("") == ""]
