"""The hand-checked BBC scorer (evaluation/handchecked.py) on an invented document,
and the shipped annotations' fields and spans."""
from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd
import pytest

from evaluation import handchecked as hc
from utils import paths

TEXT = ('"We will win," said Jane Roe. She said the plan was sound. '
        'Analysts said rates may rise. The weather was fine.')


def _span(snippet: str) -> tuple[int, int]:
    s = TEXT.index(snippet)
    return s, s + len(snippet)


def _gold() -> dict:
    a = [
        {"kind": "direct", "content": "We will win", "speaker": "Jane Roe", "speaker_form": "name",
         "stances": [{"target": "the plan", "target_type": "issue", "polarity": "favour"}]},
        {"kind": "indirect", "content": "the plan was sound", "speaker": "Jane Roe", "speaker_form": "pronoun",
         "speaker_aliases": ["Ms Roe"]},
        {"kind": "indirect", "content": "rates may rise", "speaker": "analysts", "speaker_form": "description"},
    ]
    for r in a:
        r["content_start"], r["content_end"] = _span(r.pop("content"))
    return {"path": "x.txt", "attributions": a}


def _tables(rows, stances=()):
    claims = pd.DataFrame([{"claim_id": cid, "part": 1, "kind": kind, "speaker": spk,
                            "content_start": _span(c)[0], "content_end": _span(c)[1], "parent_claim_id": parent}
                           for cid, kind, spk, c, parent in rows])
    st = pd.DataFrame(list(stances), columns=["claim_id", "target", "polarity"])
    return {"claims": claims, "stances": st}


def test_matching_speakers_and_stances():
    tables = _tables([
        ("c1", "direct", "Jane Roe", "We will win", ""),
        ("c2", "indirect", "Ms Roe", "the plan was sound", ""),        # alias counts
        ("c3", "indirect", "Jane Roe", "rates may rise", ""),          # wrong speaker
        ("c4", "indirect", "Bob", "The weather was fine", ""),         # spurious
        ("c5", "indirect", "Bob", "win", "c1"),                        # nested: not scored
    ], stances=[("c1", "The  Plan", "favour"), ("c3", "rates", "against")])
    c, errors = hc.score_document(_gold(), TEXT, tables)
    assert (c["pred"], c["gold"], c["match"]) == (4, 3, 3)
    assert (c["spk_n"], c["spk_ok"]) == (3, 2)
    assert (c["spk_n_description"], c["spk_ok_description"]) == (1, 0)
    assert (c["st_pred"], c["st_pred_ok"], c["st_gold"], c["st_gold_found"]) == (2, 1, 1, 1)
    f = hc.figures(c)
    assert f["claim_precision"] == pytest.approx(0.75) and f["claim_recall"] == 1.0
    assert f["speaker_accuracy_pronoun"] == 1.0
    assert sorted(e["type"] for e in errors) == ["spurious", "wrong speaker", "wrong stance"]
    assert [e["stance"] for e in errors if e["type"] == "wrong stance"] == ["against rates"]


def test_an_organisation_by_its_full_name_matches_the_acronym_the_reader_wrote():
    """The readers wrote the name the text used ("BNP"); the pipeline names the organisation by
    its full name once the text defines the acronym. A one-word name has no acronym form, and a
    different organisation with other initials is still wrong."""
    assert hc.name_keys("British National Party") == {"british national party", "bnp"}
    assert hc.name_keys("Blair") == {"blair"}
    gold = {"speaker": "BNP"}
    assert hc.speaker_ok(gold, "British National Party")
    assert not hc.speaker_ok(gold, "National Front")
    tables = _tables([("c1", "direct", "Jane Roe", "We will win", "")],
                     stances=[("c1", "Plan Alliance Network", "favour")])
    g = _gold()
    g["attributions"][0]["stances"] = [{"target": "PAN", "target_type": "actor", "polarity": "favour"}]
    c, _ = hc.score_document(g, TEXT, tables)
    assert (c["st_pred"], c["st_pred_ok"], c["st_gold_found"]) == (1, 1, 1)


def test_confident_claims_are_scored_apart():
    """Precision and recall of the claims at or above the confidence cut (hc.CONFIDENT)."""
    tables = _tables([
        ("c1", "direct", "Jane Roe", "We will win", ""),
        ("c2", "indirect", "Ms Roe", "the plan was sound", ""),
        ("c4", "indirect", "Bob", "The weather was fine", ""),
    ])
    tables["claims"]["confidence"] = [0.95, 0.5, 0.85]
    c, _ = hc.score_document(_gold(), TEXT, tables)
    assert (c["pred_conf"], c["match_conf"]) == (2, 1)  # c1 (real) and c4 (spurious) pass the cut
    f = hc.figures(c)
    assert f["claim_precision_confident"] == pytest.approx(0.5) and f["claim_recall_confident"] == pytest.approx(1 / 3)
    assert f["claim_precision"] == pytest.approx(2 / 3)


def test_greedy_one_to_one_by_largest_overlap():
    assert hc.match([{1, 2, 3}, {3}], [{3}, {1, 2, 3}]) == [(0, 1), (1, 0)]
    assert hc.match([{1}], [{1}, {1}]) == [(0, 0)]
    assert hc.match([{1}], [{2}]) == []


def test_bootstrap_shape_and_bounds():
    docs = [Counter(pred=2, gold=2, match=1, spk_n=1, spk_ok=1), Counter(pred=1, gold=3, match=1, spk_n=1)]
    ci = hc.bootstrap(docs, n=200, seed=1)
    assert set(ci) == set(hc.DENOMINATORS)
    lo, hi = ci["claim_recall"]
    assert 0 <= lo <= hi <= 1
    assert ci["stance_recall"][0] != ci["stance_recall"][0]  # NaN: nothing annotated
    assert hc.bootstrap(docs, n=200, seed=1)["claim_recall"] == ci["claim_recall"]  # seeded


FIELDS = {"kind", "content_start", "content_end", "speaker", "speaker_type", "speaker_form"}


def test_shipped_annotations():
    docs = hc.load_gold()
    assert len({d["path"] for d in docs}) == len(docs)
    for d in docs:
        assert {"path", "sha1", "encoding", "attributions", "not_claims"} <= set(d)
        assert "title" not in d and "text" not in d  # offsets and names only: no article text
        for r in d["attributions"]:
            assert FIELDS <= set(r), (d["path"], r)
            assert r["kind"] in hc.KINDS and r["speaker_form"] in hc.FORMS
            assert r["speaker_type"] in {"person", "organisation", "group", "other"}
            assert r["content_start"] < r["content_end"]
            parts = hc.spans_of(r)
            assert all(s < e for s, e in parts) and parts == sorted(parts)
            assert all(a[1] <= b[0] for a, b in zip(parts, parts[1:]))
            assert (parts[0][0], parts[-1][1]) == (r["content_start"], r["content_end"])
            if "cue_start" in r:
                assert r["cue_start"] < r["cue_end"]
            for s in r.get("stances", []):
                assert s["polarity"] in {"favour", "against"} and s["target"]
        for n in d["not_claims"]:
            assert n["start"] < n["end"]
    datasets = paths.datasets_dir()
    if not (datasets / docs[0]["path"]).exists():
        pytest.skip(f"datasets folder not found at {datasets}: text checks skipped")
    for d in docs:
        text = hc.read_text(datasets, d)
        assert hashlib.sha1(text.encode("utf-8")).hexdigest() == d["sha1"], d["path"]
        for r in d["attributions"] + [{"parts": [(n["start"], n["end"])]} for n in d["not_claims"]]:
            for s, e in hc.spans_of(r) if "parts" in r or "content_start" in r else []:
                seg = text[s:e]
                assert seg == seg.strip() and seg, (d["path"], s, e)
            if "cue_start" in r:
                assert text[r["cue_start"]:r["cue_end"]].strip(), (d["path"], r)


def test_second_stance_pass_scored_with_aliases_and_agreement(tmp_path):
    gold = _gold()
    s1, e1 = gold["attributions"][0]["content_start"], gold["attributions"][0]["content_end"]
    s2, e2 = gold["attributions"][1]["content_start"], gold["attributions"][1]["content_end"]
    f = tmp_path / "second.jsonl"
    f.write_text(
        '{"path": "x.txt", "sha1": "0", "stances": ['
        f'{{"content_start": {s1}, "content_end": {e1}, "target": "The Plan", "target_aliases": ["plan"], '
        '"target_type": "issue", "polarity": "favour"}, '
        f'{{"content_start": {s2}, "content_end": {e2}, "target": "Bob", "target_type": "actor", "polarity": "against"}}'
        ']}\n', encoding="utf-8")
    second = hc.load_second_pass(f)["x.txt"]
    tables = _tables([
        ("c1", "direct", "Jane Roe", "We will win", ""),
        ("c2", "indirect", "Jane Roe", "the plan was sound", ""),
    ], stances=[("c1", "plan", "favour"), ("c2", "Bob", "favour"), ("c2", "rates", "against")])
    c, errors = hc.score_document(gold, TEXT, tables, second)
    # c1: "plan" is an alias, same polarity: right; c2: Bob with the wrong polarity, rates unmarked
    assert (c["st2_pred"], c["st2_pred_ok"], c["st2_gold"], c["st2_gold_found"]) == (3, 1, 2, 1)
    assert sorted(e["stance"] for e in errors if e["type"] == "wrong stance2") == ["against rates", "favour bob"]
    # the passes: the first pass's one stance ("the plan" favour) is in the second; one of two the other way
    assert (c["agree_first"], c["agree_first_in_second"], c["agree_second"], c["agree_second_in_first"]) == (1, 1, 2, 1)
    fig = hc.figures(c)
    assert fig["stance2_precision"] == pytest.approx(1 / 3) and fig["stance2_recall"] == 0.5
    assert hc.score_document(gold, TEXT, tables)[0]["st2_pred"] == 0  # no second pass: not counted


def test_second_pass_bad_polarity_names_file_and_line(tmp_path):
    f = tmp_path / "second.jsonl"
    f.write_text('{"path": "x.txt", "stances": []}\n{"path": "y.txt", "stances": [{"content_start": 1, '
                 '"content_end": 2, "target": "A", "polarity": "neutral"}]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"second.jsonl, line 2: polarity 'neutral'"):
        hc.load_second_pass(f)
    assert hc.load_second_pass(tmp_path / "absent.jsonl") == {}


def test_shipped_second_stance_pass_points_at_real_attributions():
    second = hc.load_second_pass()
    docs = {d["path"]: d for d in hc.load_gold()}
    assert set(second) <= set(docs) and len(second) == len(docs)
    for path, by in second.items():
        spans = {(a["content_start"], a["content_end"]): a for a in docs[path]["attributions"]}
        for key, stances in by.items():
            assert key in spans, (path, key)  # every stance belongs to an annotated attribution
            for st in stances:
                assert st["target"] and st["target_type"] in {"actor", "issue"}
                assert st["target_in"] in {"content", "cue"}
                assert st["speaker"] == spans[key]["speaker"], (path, key)
                assert len(st.get("note", "")) < 200  # a short note, never article text


def test_docs_option_names_an_empty_selection(capsys):
    """--docs keeps the documents whose path contains one of the strings; none is an error (exit 2)."""
    assert hc.main(["--docs", "no-such-folder/"]) == 2
    assert "no-such-folder/" in capsys.readouterr().err
