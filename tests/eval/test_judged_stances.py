"""The judged-stance scorer (evaluation/judged_stances.py) on an invented document, and the
shipped judgements' fields."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from evaluation import judged_stances as js
from utils import paths

TEXT = 'Jane Roe said the plan is a disaster. "Tom Lee is a fine man," she said.'


def _span(snippet: str) -> tuple[int, int]:
    s = TEXT.index(snippet)
    return s, s + len(snippet)


def _judged(**kw) -> dict:
    cs, ce = _span(kw.pop("content"))
    return {"path": "x.txt", "sha1": "0", "content_start": cs, "content_end": ce, **kw}


def _tables(rows) -> dict:
    claims = pd.DataFrame([{"claim_id": cid, "content_start": _span(c)[0], "content_end": _span(c)[1]}
                           for cid, c in [("c1", "the plan is a disaster"), ("c2", "Tom Lee is a fine man,")]])
    st = pd.DataFrame(rows, columns=["claim_id", "target", "polarity"])
    return {"claims": claims, "stances": st}


def test_rows_are_looked_up_by_claim_target_and_polarity():
    judged = [_judged(content="the plan is a disaster", target="The Plan", polarity="against", verdict="right",
                      reason="right"),
              _judged(content="Tom Lee is a fine man,", target="Tom Lee", polarity="against", verdict="wrong",
                      reason="polarity"),
              _judged(content="Tom Lee is a fine man,", target="Jane Roe", polarity="favour", verdict="wrong",
                      reason="self")]
    c = js.score_document(TEXT, _tables([("c1", "the plan", "against"),  # judged right (case ignored)
                                         ("c2", "Tom Lee", "against"),  # judged wrong
                                         ("c2", "Tom Lee", "favour"),  # never judged
                                         ("c2", "Ann Ray", "neutral"),  # neutral rows are not stances
                                         ("", "Tom Lee", "favour")]),  # an act outside claims: not scored
                          judged)
    assert (c["judged"], c["judged_right"], c["given"], c["given_right"], c["unjudged"]) == (3, 1, 2, 1, 1)
    assert c["wrong_polarity"] == 1 and c["wrong_self"] == 0  # the 'self' row is no longer given


def test_a_malformed_judgement_names_file_and_line(tmp_path):
    p = tmp_path / "judged.jsonl"
    p.write_text(json.dumps(_judged(content="the plan is a disaster", target="x", polarity="favour", verdict="right",
                                    reason="right")) + "\n" + json.dumps({"path": "x.txt"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"judged\.jsonl:2: missing field"):
        js.load_judged(p)
    p.write_text(json.dumps(_judged(content="the plan is a disaster", target="x", polarity="favour", verdict="maybe",
                                    reason="right")) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"judged\.jsonl:1: verdict 'maybe'"):
        js.load_judged(p)


def test_the_shipped_judgements_are_complete_and_hold_no_article_text():
    rows = js.load_judged()
    assert len(rows) == 476 and sum(r["verdict"] == "right" for r in rows) == 115
    assert {r["reason"] for r in rows} <= {"right", "source", "no-stance", "self", "target", "polarity", "not-target",
                                         "not-claim"}
    assert all((r["reason"] == "right") == (r["verdict"] == "right") for r in rows)
    assert len({r["path"] for r in rows}) == 111
    assert all(r["path"].startswith(("bbc_news/", "bbc_politics/")) for r in rows)
    assert max(len(r.get("note", "").split()) for r in rows) <= 14  # short notes, never passages


def test_the_script_skips_without_the_dataset(tmp_path):
    r = subprocess.run([sys.executable, "-m", "evaluation.judged_stances", "--datasets", str(tmp_path), "--no-record"],
                       cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "skipped: dataset not found" in r.stdout


def test_the_judged_documents_split_in_two_fixed_halves():
    """The encoder trains on one half of the judged documents; the other half stays a fair
    measure. The split depends on the path alone."""
    judged_half = js.judged_half
    paths_ = sorted({r["path"] for r in js.load_judged()})
    halves = [judged_half(p) for p in paths_]
    assert (halves.count("train"), halves.count("eval")) == (58, 53)
    assert judged_half("bbc_politics/001.txt") == judged_half("bbc_politics/001.txt")
