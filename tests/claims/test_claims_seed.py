"""Claims on the seed article against its hand-made gold annotation (data/coded/seed-article.json):
every gold claim found with its speaker, kind, cue and speaker mention; the multi-paragraph quote;
not-claims; nested claims; and the run without mentions."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.claims.claims_helpers import check_offsets, claims_of, find
from utils import schema
from utils.claims import attributions, extract_claims
from utils.text import segment


def _locate(text: str, item, *, start: int = 0) -> tuple[int, int]:
    if isinstance(item, dict):
        ctx = text.index(item["in"], start)
        s = text.index(item["text"], ctx)
    else:
        s = text.index(item, start)
    return s, s + len(item["text"] if isinstance(item, dict) else item)


def gold_mentions(text: str, gold: dict) -> pd.DataFrame:
    """A mentions table built from the gold actors (each form at its occurrence)."""
    rows = []
    for actor in gold["actors"]:
        aid = re.sub(r"[^a-z0-9]+", "-", actor["name"].lower()).strip("-")
        for m in actor["mentions"]:
            spans = [_locate(text, m)]
            if isinstance(m, str) and m[:1].isupper() and len(m.split()) >= 2:
                # a full name or title: the gold gives its first occurrence; mark them all
                spans = [(x.start(), x.end()) for x in re.finditer(re.escape(m), text)]
            for s, e in spans:
                kind = "pronoun" if text[s:e].lower() in {"he", "his", "she", "her"} else "name"
                rows.append(["seed", f"m{s}", s, e, text[s:e], aid, actor["name"], actor["type"], kind, "", "gold", -1, -1])
    return pd.DataFrame(rows, columns=schema.MENTIONS).sort_values("start", ignore_index=True)


@pytest.fixture(scope="module")
def seed_claims(seed_text, gold):
    seg = segment(seed_text)
    df = extract_claims("seed", seed_text, seg, gold_mentions(seed_text, gold))
    check_offsets(seed_text, df)
    return seg, df


def _paragraph_span(seg, i):
    p = seg.paragraphs[i]
    return p.start, p.end


def _covering(seed_text, seg, df, claim):
    ps, pe = _paragraph_span(seg, claim["paragraph"])
    s = seed_text.index(claim["content"], ps)
    e = s + len(claim["content"])
    hits = df[(df["content_start"] <= s + 2) & (df["content_end"] >= e - 2)]
    return hits


def test_seed_every_gold_claim_found_with_speaker_and_kind(seed_text, gold, seed_claims):
    seg, df = seed_claims
    problems = []
    for claim in gold["claims"]:
        hits = _covering(seed_text, seg, df, claim)
        ok = hits[(hits["speaker"] == claim["speaker"]) & (hits["kind"] == claim["kind"])]
        if ok.empty:
            problems.append((claim["content"][:50], claim["speaker"], claim["kind"], hits[["speaker", "kind"]].values.tolist()))
    assert not problems, problems


def test_seed_speaker_mentions_and_cues(seed_text, gold, seed_claims):
    seg, df = seed_claims
    for claim in gold["claims"]:
        hits = _covering(seed_text, seg, df, claim)
        hits = hits[hits["speaker"] == claim["speaker"]]
        assert claim["cue"] in set(hits["cue"]), (claim["content"][:40], hits["cue"].tolist())
        if "speaker_mention" in claim and not claim.get("continues_previous_paragraph"):
            ps, _ = _paragraph_span(seg, claim["paragraph"])
            ms, me = _locate(seed_text, claim["speaker_mention"], start=ps)
            overl = hits[(hits["speaker_start"] < me) & (hits["speaker_end"] > ms)]
            assert len(overl), (claim["speaker_mention"], hits["speaker_text"].tolist())


def test_seed_multi_paragraph_quote_keeps_its_speaker_span(seed_text, gold, seed_claims):
    seg, df = seed_claims
    cont = [c for c in gold["claims"] if c.get("continues_previous_paragraph")]
    assert cont
    for claim in cont:
        row = _covering(seed_text, seg, df, claim).iloc[0]
        assert row["rule"] == "quote-continued"
        assert row["speaker_start"] < seg.paragraphs[claim["paragraph"]].start  # the original attribution


def test_seed_not_claims_are_not_reported(seed_text, gold, seed_claims):
    _, df = seed_claims
    for nc in gold["not_claims"]:
        stripped = df["content"].str.strip(" \"'“”‘’.,")
        assert not (stripped == nc["text"]).any(), nc
        # nor a claim mostly made of the quoted term
        short = df[df["content"].str.len() < 2 * len(nc["text"]) + 4]
        assert not short["content"].str.contains(nc["text"], regex=False).any(), nc


def test_seed_nested_claims_link_to_their_quote(seed_text, gold, seed_claims):
    seg, df = seed_claims
    nested = [c for c in gold["optional_claims"] if c["speaker"] == "Corbyn's supporters"]
    for claim in nested:
        row = _covering(seed_text, seg, df, claim)
        row = row[row["parent_claim_id"] != ""].iloc[0]
        assert row["speaker"] == "Corbyn's supporters"
        parent = attributions(df).set_index("claim_id").loc[row["parent_claim_id"]]
        assert parent["speaker"] == "Ian Austin" and parent["kind"] == "direct"


def test_seed_without_mentions_keeps_spans_and_pronoun_fallback(seed_text, gold):
    df = claims_of(seed_text)
    seg = segment(seed_text)
    for claim in gold["claims"]:
        assert len(_covering(seed_text, seg, df, claim)), claim["content"][:40]
    he = find(df, "all three of them came to Dudley")
    assert he["speaker_text"] == "He" and he["speaker"] == "The Dudley North MP"  # previous claim's speaker
