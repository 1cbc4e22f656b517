"""The judged-claims scorer (evaluation/judged_claims.py) on an invented document, and the
shipped judgements' fields."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from evaluation import judged_claims as jc
from evaluation.judged_stances import judged_half
from utils import paths

TEXT = ('Jane Roe said the plan is a disaster. "It will fail," she said. '
        'The firm hopes to grow. Tom Lee told reporters the vote was fair.')


def _span(snippet: str) -> list[int]:
    s = TEXT.index(snippet)
    return [s, s + len(snippet)]


def _row(content: str, claim: str, speaker: str = "", form: str = "", **kw) -> dict:
    s, e = _span(content)
    return {"path": "x.txt", "sha1": "0", "content_start": s, "content_end": e, "parts": [[s, e]], "claim": claim,
            "why": "" if claim == "yes" else "hope-plan", "speaker": speaker, "speaker_form": form, **kw}


def _claims(rows) -> pd.DataFrame:
    return pd.DataFrame([{"claim_id": cid, "parent_claim_id": "", "content_start": _span(c)[0],
                          "content_end": _span(c)[1], "speaker": spk, "kind": "indirect", "confidence": 0.9}
                         for cid, c, spk in rows])


def test_claims_are_matched_by_content_and_speakers_by_name_or_alias():
    judged = [_row("the plan is a disaster", "yes", "Jane Roe", "name"),
              _row("It will fail,", "yes", "Jane Roe", "pronoun"),
              _row("to grow", "no"),
              _row("the vote was fair", "yes", "Thomas Lee", "name", aliases=["Tom Lee"])]
    c, errors = jc.score_document(TEXT, _claims([("c1", "the plan is a disaster", "jane roe"),  # case ignored
                                                 ("c2", "It will fail", "Tom Lee"),  # wrong speaker
                                                 ("c3", "to grow", "The firm"),  # judged no claim
                                                 ("c4", "the vote was fair", "Tom Lee"),  # an alias
                                                 ("c5", "Jane Roe said", "x")]), judged)  # overlaps no judged row
    assert (c["judged"], c["judged_claims"], c["matched"], c["matched_claims"], c["unjudged"]) == (4, 3, 4, 3, 1)
    assert (c["spk_ok"], c["spk_n"], c["spk_ok_pronoun"], c["spk_n_pronoun"]) == (2, 3, 0, 1)
    assert c["no_hope-plan"] == 1
    assert sorted(e["type"] for e in errors) == ["not a claim", "wrong speaker"]


def test_a_repeat_of_an_earlier_row_is_no_claim():
    judged = [_row("the plan is a disaster", "yes", "Jane Roe", "name", dup_of="A1.R0")]
    c, _ = jc.score_document(TEXT, _claims([("c1", "the plan is a disaster", "Jane Roe")]), judged)
    assert (c["judged_claims"], c["matched_claims"], c["no_repeat"]) == (0, 0, 1)


def test_a_malformed_judgement_names_file_and_line(tmp_path):
    p = tmp_path / "judged.jsonl"
    good = _row("the plan is a disaster", "yes", "Jane Roe", "name")
    p.write_text(json.dumps(good) + "\n" + json.dumps({"path": "x.txt"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"judged\.jsonl:2: missing field"):
        jc.load_judged(p)
    p.write_text(json.dumps(good | {"claim": "maybe"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"judged\.jsonl:1: claim 'maybe'"):
        jc.load_judged(p)
    p.write_text(json.dumps(good | {"speaker": " "}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"judged\.jsonl:1: a claim without a speaker"):
        jc.load_judged(p)


def test_the_shipped_judgements_are_complete_and_hold_no_article_text():
    rows = jc.load_judged()
    assert len(rows) == 1064 and sum(r["claim"] == "yes" for r in rows) == 816
    assert len({r["path"] for r in rows}) == 119
    assert {r["why"] for r in rows if r["claim"] == "no"} <= {
        "action", "hope-plan", "agentless", "refusal", "negated", "generic", "headline", "not-content", "other"}
    assert all(r["speaker"].strip() and r["speaker_form"] in jc.FORMS for r in rows if r["claim"] == "yes")
    assert all(r["path"].startswith(("bbc_news/", "bbc_politics/")) for r in rows)
    assert max(len(r.get("note", "").split()) for r in rows) <= 14  # short notes, never passages
    assert not any(set(r) & {"text", "content", "context"} for r in rows)
    halves = [judged_half(p) for p in sorted({r["path"] for r in rows})]
    assert (halves.count("train"), halves.count("eval")) == (60, 59)


def test_the_judged_articles_are_outside_the_hand_checked_and_judged_stance_sets():
    from evaluation import handchecked, judged_stances

    paths_ = {r["path"] for r in jc.load_judged()}
    assert not paths_ & {d["path"] for d in handchecked.load_gold()}
    assert not paths_ & {r["path"] for r in judged_stances.load_judged()}


def test_the_script_skips_without_the_dataset(tmp_path):
    r = subprocess.run([sys.executable, "-m", "evaluation.judged_claims", "--datasets", str(tmp_path), "--no-record"],
                       cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "skipped: dataset not found" in r.stdout


def test_speaker_names_are_compared_through_the_actor_registry():
    """The readers wrote names as the article gives them; the registry's canonical name of the
    same actor counts as right ("Tories" is the "Conservative Party"), other names do not."""
    row = _row("the plan is a disaster", "yes", "Tories", "name")
    assert jc.speaker_right(row, "Conservative Party") and jc.speaker_right(row, "Conservatives")
    assert not jc.speaker_right(row, "Labour Party")
    assert jc.speaker_right(_row("the plan is a disaster", "yes", "Jane Roe", "name"), "jane  roe")
    # a leading "the" is no part of the name; any other word is
    row = _row("the plan is a disaster", "yes", "Information Commissioner's Office", "name")
    assert jc.speaker_right(row, "The information commissioner's office")
    assert not jc.speaker_right(row, "Information Commissioner") and not jc.speaker_right(row, "the")
