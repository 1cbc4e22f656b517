"""Tests for utils.review: corrections, review aids, validation and reliability.

Fixture sentences are invented for these tests (news style, no dataset text).
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils import schema
from utils.review import (
    ReviewWidget,
    agreement,
    alpha_table,
    apply_all_corrections,
    apply_corrections,
    claim_id_for,
    codings_from_tables,
    gold_tables_from_json,
    highlight_claim,
    krippendorff_alpha,
    load_codings,
    load_corrections,
    load_gold_json,
    match_claims,
    plot_alpha,
    record_decision,
    reliability_table,
    review_sheet_html,
    validate_claims,
)

from conftest import GOLD_FILE as GOLD  # noqa: E402
SEED = Path(__file__).resolve().parents[2] / "data" / "raw" / "seed" / "000_9e905b8fb374d4c2.txt"

DOC = "t1"
TEXT = (
    'Councillor Jane Porter said the new bypass would "cut journeys in half". '
    "Opposition leader Tom Reed warned that the cost would double.\n\n"
    "The council will vote on the scheme on Tuesday, a spokesman said.\n\n"
    "Residents <b>told</b> the meeting they feared more traffic."
)
DOCUMENTS = pd.DataFrame({"doc_id": [DOC], "title": ["Bypass row"], "text": [TEXT]})


def _span(sub: str, start: int = 0) -> tuple[int, int]:
    s = TEXT.index(sub, start)
    return s, s + len(sub)


def _claim(speaker: str, speaker_text: str, cue: str, content: str, kind: str = "indirect") -> dict:
    cs, ce = _span(content)
    ss, se = _span(speaker_text)
    us, ue = _span(cue, se)
    return {"doc_id": DOC, "claim_id": claim_id_for(DOC, cs, ce), "part": 1, "kind": kind, "speaker": speaker,
            "speaker_id": speaker.lower().replace(" ", "-"), "speaker_text": speaker_text,
            "speaker_start": ss, "speaker_end": se, "cue": cue, "cue_start": us, "cue_end": ue,
            "content": content, "content_start": cs, "content_end": ce, "paragraph": 0, "sentence": 0,
            "confidence": 0.7, "rule": "test", "parent_claim_id": None}


def _claims() -> pd.DataFrame:
    rows = [
        _claim("Jane Porter", "Jane Porter", "said", 'the new bypass would "cut journeys in half"', "mixed"),
        _claim("Tom Reed", "Tom Reed", "warned", "the cost would double"),
        _claim("council", "a spokesman", "said", "The council will vote on the scheme on Tuesday"),
    ]
    df = pd.DataFrame(rows, columns=schema.CLAIMS)
    for c in schema.INT_COLUMNS & set(df):
        df[c] = df[c].astype("Int64")
    return df


def _stances(claims: pd.DataFrame) -> pd.DataFrame:
    c0, c1 = claims["claim_id"].iloc[0], claims["claim_id"].iloc[1]
    rows = [
        (DOC, f"{c0}:t-bypass", c0, "Jane Porter", "jane-porter", "bypass", "bypass", "issue", "favour", 0.6),
        (DOC, f"{c1}:t-bypass", c1, "Tom Reed", "tom-reed", "bypass", "bypass", "issue", "against", -0.5),
    ]
    df = pd.DataFrame(rows, columns=schema.STANCES[:10])
    return df.reindex(columns=schema.STANCES)


def _frames(claims: pd.DataFrame) -> pd.DataFrame:
    c0 = claims["claim_id"].iloc[0]
    rows = [
        (DOC, "document", DOC, "policy", "economic", 0.8, True, "cost"),
        (DOC, "document", DOC, "policy", "political", 0.3, False, "vote"),
        (DOC, "claim", c0, "policy", "economic", 0.2, False, ""),
        (DOC, "claim", c0, "policy", "capacity_and_resources", 0.7, True, "journeys"),
    ]
    return pd.DataFrame(rows, columns=schema.FRAMES)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


HEAD = "claim_id,action,speaker,speaker_id,doc_id,content_start,content_end,content,kind,reviewer,timestamp,note\n"


# ---------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------

def test_apply_claims_corrections_every_action(tmp_path):
    claims = _claims()
    c0, c1, c2 = claims["claim_id"]
    add_s, add_e = _span("they feared more traffic")
    path = _write(tmp_path / "claims.csv", (
        "# decisions\n" + HEAD
        + f"{c0},accept,,,,,,,,am,2026-11-29T10:00:00+00:00,\n"
        + f"{c1},reject,,,,,,,,am,,not a claim\n"
        + f'{c2},change_speaker,Council Spokesman,,,,,,,am,,"pronoun, fixed"\n'
        + f",add,Residents,,{DOC},{add_s},{add_e},they feared more traffic,indirect,am,,\n"
    ))
    merged, report = apply_corrections("claims", claims, path, documents=DOCUMENTS)
    assert list(merged.columns[: len(schema.CLAIMS)]) == schema.CLAIMS
    assert c1 not in set(merged["claim_id"])
    by_id = merged.set_index("claim_id")
    assert by_id.loc[c0, "review_status"] == "accepted"
    assert by_id.loc[c2, "speaker"] == "Council Spokesman"
    assert by_id.loc[c2, "speaker_id"] == "council-spokesman"
    assert by_id.loc[c2, "review_status"] == "changed"
    new_id = f"{DOC}:c{add_s}-{add_e}"
    assert by_id.loc[new_id, "review_status"] == "added"
    assert by_id.loc[new_id, "speaker"] == "Residents"
    assert by_id.loc[new_id, "paragraph"] == 2
    assert TEXT[by_id.loc[new_id, "content_start"]:by_id.loc[new_id, "content_end"]] == by_id.loc[new_id, "content"]
    assert merged["content_start"].dtype == "Int64"
    assert report["status"].tolist() == ["applied"] * 4
    assert report["line"].tolist() == [3, 4, 5, 6]  # comment is line 1, header line 2


def test_corrections_file_is_never_modified(tmp_path):
    claims = _claims()
    path = _write(tmp_path / "claims.csv", HEAD + f"{claims['claim_id'][0]},reject,,,,,,,,,,\n"
                  + "t1:c1-2,accept,,,,,,,,,,\n")
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before_bytes, before_mtime = path.read_bytes(), path.stat().st_mtime_ns
    for _ in range(2):
        apply_corrections("claims", claims, path, documents=DOCUMENTS)
    assert path.read_bytes() == before_bytes
    assert path.stat().st_mtime_ns == before_mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv"]


def test_stale_ids_are_reported_not_fatal(tmp_path):
    claims = _claims()
    path = _write(tmp_path / "claims.csv", HEAD + "t1:c999-1010,reject,,,,,,,,,,\n"
                  + f"{claims['claim_id'][0]},accept,,,,,,,,,,\n")
    merged, report = apply_corrections("claims", claims, path)
    assert len(merged) == 3
    stale = report[report["status"] == "stale"]
    assert stale["key"].tolist() == ["t1:c999-1010"] and stale["line"].tolist() == [2]
    assert str(path) in stale["file"].iloc[0]


def test_conflicting_corrections_later_line_wins(tmp_path):
    claims = _claims()
    c0, c1 = claims["claim_id"][:2]
    path = _write(tmp_path / "claims.csv", HEAD
                  + f"{c0},reject,,,,,,,,a,,\n"
                  + f"{c1},accept,,,,,,,,a,,\n"
                  + f"{c0},change_speaker,Jane Q Porter,,,,,,,b,,\n"
                  + f"{c1},accept,,,,,,,,b,,\n")
    merged, report = apply_corrections("claims", claims, path)
    by_id = merged.set_index("claim_id")
    assert by_id.loc[c0, "speaker"] == "Jane Q Porter"  # line 4 beats line 2
    st = dict(zip(report["line"], report["status"]))
    assert st == {2: "conflict", 3: "duplicate", 4: "applied", 5: "applied"}
    assert "line 4" in report.set_index("line").loc[2, "message"]


def test_missing_columns_is_a_clear_error(tmp_path):
    path = _write(tmp_path / "stances.csv", "stance_id,polarity\nx,favour\n")
    with pytest.raises(ValueError) as err:
        load_corrections(path)
    msg = str(err.value)
    assert str(path) in msg and "action" in msg and "missing" in msg


def test_unknown_action_and_values_name_line_and_field(tmp_path):
    path = _write(tmp_path / "stances.csv", "# c\nstance_id,action,polarity\n"
                  "s1,accept,\n"
                  "s2,approve,\n"
                  "s3,change_polarity,positive\n")
    with pytest.raises(ValueError) as err:
        apply_corrections("stances", _stances(_claims()), path)
    msg = str(err.value)
    assert f"{path}, line 4, field 'action'" in msg and "approve" in msg
    assert f"{path}, line 5, field 'polarity'" in msg and "positive" in msg
    bad_add = _write(tmp_path / "claims.csv", HEAD + ",add,X,,t1,ten,5,foo,direct,,,\n"
                     + ",add,X,,t1,1,5,foo,reported,,,\n")
    with pytest.raises(ValueError) as err:
        load_corrections(bad_add)
    assert "line 2, field 'content_start'" in str(err.value)
    assert "line 3, field 'kind'" in str(err.value)
    frames = _write(tmp_path / "frames.csv", "unit_id,scheme,frame,action,present\nt1,policy,economic,set_present,maybe\n")
    with pytest.raises(ValueError, match="line 2, field 'present'"):
        load_corrections(frames)


def test_malformed_csv_rows(tmp_path):
    path = _write(tmp_path / "claims.csv", HEAD + "t1:c1-2,accept,,,,,,,,am,,a note, with a comma\n")
    with pytest.raises(ValueError, match=r"line 2: 13 cells but the header has 12"):
        load_corrections(path)
    empty = _write(tmp_path / "frames.csv", "# only a comment\n")
    with pytest.raises(ValueError, match="no header row"):
        load_corrections(empty)
    assert load_corrections(tmp_path / "stances.csv").empty  # missing file = no decisions yet
    quote = _write(tmp_path / "claims.csv", HEAD + 't1:c1-2,accept,,,,,,,,am,,"never closed\n')
    with pytest.raises(ValueError, match=r"claims.csv, line 2: malformed CSV"):
        load_corrections(quote)
    (tmp_path / "claims.csv").write_bytes(b"claim_id,action\n\xff,accept\n")
    with pytest.raises(ValueError, match="not UTF-8"):
        load_corrections(tmp_path / "claims.csv")
    # Excel-style: BOM, CRLF, a quoted note spanning two lines; line numbers stay physical lines
    (tmp_path / "claims.csv").write_bytes("\ufeffclaim_id,action,note\r\n# c\r\nt1:c1-2,accept,\"two\r\nlines\"\r\n"
                                          "t1:c3-4,reject,\r\n".encode("utf-8"))
    df = load_corrections(tmp_path / "claims.csv")
    assert df["line"].tolist() == [3, 5] and df["note"].iloc[0] == "two\nlines"


def test_added_claim_with_wrong_offsets_is_reported(tmp_path):
    s, e = _span("the meeting they feared")
    path = _write(tmp_path / "claims.csv", HEAD
                  + f",add,Residents,,{DOC},{s + 3},{e + 3},the meeting they feared,indirect,,,\n"
                  + f",add,Residents,,nodoc,{s},{e},the meeting they feared,indirect,,,\n")
    merged, report = apply_corrections("claims", _claims(), path, documents=DOCUMENTS)
    assert len(merged) == 3
    assert report["status"].tolist() == ["offset_mismatch", "unknown_document"]
    assert f"occurs at {s}-{e}" in report["message"].iloc[0]


def test_add_of_a_claim_the_machine_already_has(tmp_path):
    claims = _claims()
    row = claims.iloc[1]
    path = _write(tmp_path / "claims.csv", HEAD + f",add,Thomas Reed,,{DOC},{row.content_start},"
                  f"{row.content_end},{row.content},indirect,,,\n")
    merged, report = apply_corrections("claims", claims, path, documents=DOCUMENTS)
    assert len(merged) == 3 and report["status"].tolist() == ["already_present"]
    assert merged.set_index("claim_id").loc[row.claim_id, "speaker"] == "Thomas Reed"


def test_stances_and_frames_corrections(tmp_path):
    claims = _claims()
    stances, frames = _stances(claims), _frames(claims)
    c0, c1 = claims["claim_id"][:2]
    s0, s1 = stances["stance_id"]
    sp = _write(tmp_path / "stances.csv", "stance_id,action,polarity,reviewer,timestamp,note\n"
                f"{s0},change_polarity,Neutral,,,\n{s1},accept,,,,\n")
    cp = _write(tmp_path / "claims.csv", HEAD + f"{c0},change_speaker,Jane Q Porter,,,,,,,,,\n"
                f"{c1},reject,,,,,,,,,,\n")
    merged_claims, _ = apply_corrections("claims", claims, cp)
    merged, report = apply_corrections("stances", stances, sp, claims=merged_claims)
    assert merged["stance_id"].tolist() == [s0]  # the stance of the rejected claim is dropped
    assert merged["polarity"].iloc[0] == "neutral"
    assert merged["source"].iloc[0] == "Jane Q Porter" and merged["source_id"].iloc[0] == "jane-q-porter"
    assert set(report["status"]) == {"applied", "dropped"}
    fp = _write(tmp_path / "frames.csv", "unit_id,scheme,frame,action,present\n"
                f"{DOC},policy,economic,reject,\n{DOC},policy,political,set_present,true\n"
                f"{c0},policy,economic,set_present,yes\n{DOC},generic,conflict,set_present,true\n")
    mf, rf = apply_corrections("frames", frames, fp)
    present = {(u, f): p for u, f, p in zip(mf["unit_id"], mf["frame"], mf["present"])}
    assert not present[(DOC, "economic")]
    assert present[(DOC, "political")] and present[(c0, "economic")]
    assert mf["present"].dtype == bool
    assert rf["status"].tolist() == ["applied", "applied", "applied", "stale"]


def test_record_decision_appends_atomically(tmp_path):
    path = tmp_path / "corr" / "claims.csv"
    record_decision(path, {"claim_id": "t1:c0-5", "action": "accept", "reviewer": "am"})
    record_decision(path, {"claim_id": "t1:c0-5", "action": "change_speaker", "speaker": "Ann, Lady Smith",
                           "note": 'said "no"'})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and lines[1] == HEAD.strip()
    df = load_corrections(path)
    assert df["action"].tolist() == ["accept", "change_speaker"]
    assert df["speaker"].iloc[1] == "Ann, Lady Smith" and df["note"].iloc[1] == 'said "no"'
    assert df["timestamp"].str.match(r"\d{4}-\d\d-\d\dT").all()
    assert df["line"].tolist() == [3, 4]
    before = path.read_bytes()
    with pytest.raises(ValueError, match="unknown column"):
        record_decision(path, {"claim_id": "x", "action": "accept", "colour": "red"})
    with pytest.raises(ValueError, match="field 'action'"):
        record_decision(path, {"claim_id": "x", "action": "approve"})
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["claims.csv"]  # no temp files left
    # a hand-written file without a final newline and with its own (shorter) header
    hand = _write(tmp_path / "stances.csv", "stance_id,action,polarity\ns1,accept,")
    record_decision(hand, {"stance_id": "s2", "action": "change_polarity", "polarity": "against"})
    assert hand.read_text() == "stance_id,action,polarity\ns1,accept,\ns2,change_polarity,against\n"


# ---------------------------------------------------------------------------
# Review aids
# ---------------------------------------------------------------------------

def test_review_sheet_highlights_and_escapes():
    claims = _claims()
    extra = _claim("Residents", "Residents", "told", "they feared more traffic")
    claims = pd.concat([claims, pd.DataFrame([extra], columns=schema.CLAIMS)], ignore_index=True)
    page = review_sheet_html(claims, DOCUMENTS)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for cid in claims["claim_id"]:
        assert f'id="{cid}"' in page
    assert '<mark class="speaker">Tom Reed</mark> <mark class="cue">warned</mark>' in page
    assert '<mark class="content">the cost would double</mark>' in page
    assert "&lt;b&gt;" in page and "<b>told</b>" not in page  # document text is escaped
    assert "Bypass row" in page
    assert "No claims." in review_sheet_html(claims.iloc[:0], DOCUMENTS)


def test_highlight_paragraph_context_and_unicode():
    text = "前言\n\nShe said 🙂 it works: «oui».\n\nNext."
    s = text.index("it works")
    row = {"speaker_start": text.index("She"), "speaker_end": text.index("She") + 3,
           "cue_start": text.index("said"), "cue_end": text.index("said") + 4,
           "content_start": s, "content_end": s + 8}
    out = highlight_claim(text, row)
    assert out.startswith('<mark class="speaker">She</mark>') and out.endswith("«oui».")
    assert "前言" not in out and "Next" not in out
    assert highlight_claim(text, {"content_start": None}) == ""


def test_review_widget_records_decisions(tmp_path):
    claims = _claims()
    stances, frames = _stances(claims), _frames(claims)
    w = ReviewWidget(claims, DOCUMENTS, tmp_path, stances=stances, frames=frames, reviewer="am")
    assert w.position == 0 and "Jane Porter" in w.view.value and w.speaker.value == "Jane Porter"
    assert w.frame.value == "policy:capacity_and_resources"
    w.on_previous()
    assert w.position == 0
    # claim 0: fix speaker, polarity and frame, then accept
    w.speaker.value = "Jane Q Porter"
    w.polarity.value = "against"
    w.frame.value = "policy:economic"
    w.note.value = "checked"
    w.on_accept()
    assert w.position == 1 and w.speaker.value == "Tom Reed"
    w.on_reject()  # claim 1
    assert w.position == 2
    w.on_accept()  # claim 2: no stance, no frames
    w.on_next()
    assert w.position == 2  # stays on the last claim
    c = load_corrections(tmp_path / "claims.csv")
    assert c[["claim_id", "action", "speaker"]].values.tolist() == [
        [claims.claim_id[0], "change_speaker", "Jane Q Porter"],
        [claims.claim_id[1], "reject", ""],
        [claims.claim_id[2], "accept", ""],
    ]
    assert c["reviewer"].eq("am").all() and c["note"].iloc[0] == "checked"
    s = load_corrections(tmp_path / "stances.csv")
    assert s[["stance_id", "action", "polarity"]].values.tolist() == [[stances.stance_id[0], "change_polarity", "against"]]
    f = load_corrections(tmp_path / "frames.csv")
    assert sorted(zip(f["frame"], f["present"])) == [("capacity_and_resources", "false"), ("economic", "true")]
    # the recorded decisions merge cleanly
    mc, rc = apply_corrections("claims", claims, tmp_path / "claims.csv")
    assert len(mc) == 2 and set(rc["status"]) == {"applied"}
    mf, _ = apply_corrections("frames", frames, tmp_path / "frames.csv")
    row = mf[(mf.unit_id == claims.claim_id[0]) & (mf.frame == "economic")]
    assert bool(row["present"].iloc[0])


# ---------------------------------------------------------------------------
# Reliability: Krippendorff's alpha against published worked examples
# ---------------------------------------------------------------------------

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
# Communication, University of Pennsylvania. Section C, "Nominal data, any number of
# observers, missing values": 4 observers, 12 units; "." (None) = not coded. Unit 12 is
# coded by one observer only, so it has no pairable values. Published nominal alpha = 0.743.
K2011_C = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}
# Same paper, section A, "Binary or dichotomous data, two observers, no missing data":
# 10 units; published alpha = 0.095.
K2011_A = {
    "A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
}


def _triples(matrix: dict) -> list[tuple]:
    return [(c, u + 1, v) for c, vals in matrix.items() for u, v in enumerate(vals)]


def test_alpha_nominal_with_missing_values_published_example():
    r = krippendorff_alpha(_triples(K2011_C))
    assert round(r["alpha"], 3) == 0.743
    assert r["n_units"] == 11 and r["n_values"] == 40  # unit 12 dropped; n = 40 pairable values
    assert r["n_dropped_units"] == 1 and r["n_coders"] == 4
    assert r["flag"] == "tentative"


def test_alpha_binary_two_coders_published_example():
    r = krippendorff_alpha(_triples(K2011_A))
    assert round(r["alpha"], 3) == 0.095
    assert r["n_units"] == 10 and r["flag"] == "unreliable"


def test_alpha_single_coder_units_and_degenerate_cases():
    # NLTK's AnnotationTask itself (3.10) skips single-value items, but counts their label in
    # its "only one label" shortcut; we drop them first, so a lone extra value changes nothing.
    base = _triples(K2011_C)
    lone = base + [("A", 99, 7), ("B", 100, 8)]
    assert krippendorff_alpha(lone)["alpha"] == pytest.approx(krippendorff_alpha(base)["alpha"])
    assert krippendorff_alpha(lone)["n_dropped_units"] == 3
    # no variation among pairable values: undefined (NLTK alone would say 1.0)
    flat = [("A", 1, "x"), ("B", 1, "x"), ("A", 2, "x"), ("B", 2, "x"), ("A", 3, "y")]
    r = krippendorff_alpha(flat)
    assert math.isnan(r["alpha"]) and r["flag"] == "undefined" and r["n_units"] == 2
    # nothing pairable at all (NLTK would divide by zero)
    r = krippendorff_alpha([("A", 1, "x"), ("A", 2, "y"), ("B", 3, "x")])
    assert math.isnan(r["alpha"]) and r["n_units"] == 0
    # missing values and duplicate codings: NaN/"" are not values, the later coding wins
    r = krippendorff_alpha(pd.DataFrame({"coder": ["A", "A", "B", "A", "B", "B"], "unit": [1, 1, 1, 2, 2, 3],
                                         "value": ["x", "y", "y", "x", "x", float("nan")]}))
    assert r["alpha"] == 1.0 and r["n_units"] == 2


def test_alpha_table_flags_and_two_coder_files(tmp_path):
    rows = [("speaker", u, c, v) for c, vals in K2011_C.items() for u, v in enumerate(vals)]
    rows += [("polarity", u, c, v) for c, vals in K2011_A.items() for u, v in enumerate(vals)]
    codings = pd.DataFrame(rows, columns=["variable", "unit", "coder", "value"])
    t = alpha_table(codings).set_index("variable")
    assert t.loc["speaker", "flag"] == "tentative" and t.loc["polarity", "flag"] == "unreliable"
    assert t.loc["speaker", "n_units"] == 11
    two = alpha_table(codings, coders=["A", "B"]).set_index("variable")
    assert two.loc["speaker", "coders"] == "A vs B"
    # coders' own coding sheets
    a = _write(tmp_path / "ann.csv", "# coder Ann\nvariable,unit,value\nspeaker,c1,ian-austin\n"
               "speaker,c2,pete-lowe\nframe,u1,true\nframe,u2,False\n")
    b = _write(tmp_path / "bob.csv", "variable,unit,value\nspeaker,c1,ian-austin\nspeaker,c2,ian-austin\n"
               "frame,u1,yes\nframe,u2,no\nframe,u3,yes\n")
    both = pd.concat([load_codings(a), load_codings(b)])
    assert set(both["coder"]) == {"ann", "bob"}
    t = alpha_table(both).set_index("variable")
    assert t.loc["frame", "alpha"] == 1.0 and t.loc["frame", "n_units"] == 2  # u3 coded once
    with pytest.raises(ValueError, match="field 'variable'"):
        load_codings(_write(tmp_path / "bad.csv", "variable,unit,value\nspeakr,c1,x\n"))


def test_codings_from_tables_align_claims_between_coders():
    machine = _claims()
    human = machine.copy()
    # the analyst cut the first content shorter: a different id, the same unit after alignment
    s, e = _span("the new bypass would")
    human.loc[0, ["content_start", "content_end", "content"]] = [s, e, "the new bypass would"]
    human.loc[0, "claim_id"] = claim_id_for(DOC, s, e)
    human.loc[1, ["speaker", "speaker_id"]] = ["Tom Reid", "tom-reid"]
    tables_h = {"claims": human, "stances": _stances(machine), "frames": _frames(machine)}
    st = _stances(machine)
    st.loc[1, "polarity"] = "favour"
    tables_m = {"claims": machine, "stances": st, "frames": _frames(machine)}
    codings = pd.concat([codings_from_tables(tables_h, "analyst"),
                         codings_from_tables(tables_m, "machine", reference=tables_h)])
    sp = codings[codings.variable == "speaker"]
    assert set(sp["unit"]) == set(human["claim_id"])  # machine claim 0 aligned to the analyst's id
    t = alpha_table(codings).set_index("variable")
    assert t.loc["speaker", "n_units"] == 3 and t.loc["polarity", "n_units"] == 2
    assert t.loc["frame", "alpha"] == 1.0


# ---------------------------------------------------------------------------
# Validation against a coded sample
# ---------------------------------------------------------------------------

def test_validate_claims_on_a_small_coded_sample():
    pred = _claims()
    gold_rows = [
        # matches pred 0 (shorter span), same speaker
        _claim("Jane Porter", "Jane Porter", "said", "the new bypass would"),
        # matches pred 1, different speaker
        _claim("Tom Reid", "Tom Reed", "warned", "the cost would double"),
        # missed by the machine
        _claim("Residents", "Residents", "told", "they feared more traffic"),
    ]
    gold = pd.DataFrame(gold_rows, columns=schema.CLAIMS)
    gold["speaker_id"] = ""  # the analyst wrote names only: compared by slug
    res = validate_claims(pred, gold, documents=DOCUMENTS).set_index("measure")
    assert res.loc["precision", "value"] == pytest.approx(2 / 3) and res.loc["precision", "n_units"] == 3
    assert res.loc["recall", "value"] == pytest.approx(2 / 3) and res.loc["recall", "n_units"] == 3
    assert res.loc["f1", "value"] == pytest.approx(2 / 3)
    assert res.loc["speaker_accuracy", "value"] == pytest.approx(0.5) and res.loc["speaker_accuracy", "n_units"] == 2
    # without documents, tokens come from the content strings: same result
    res2 = validate_claims(pred, gold).set_index("measure")
    assert res2["value"].tolist() == pytest.approx(res["value"].tolist())
    # the spokesman claim is optional in the gold: precision ignores it
    opt = pd.DataFrame([_claim("council", "a spokesman", "said", "The council will vote")], columns=schema.CLAIMS)
    res3 = validate_claims(pred, gold, optional=opt).set_index("measure")
    assert res3.loc["precision", "value"] == 1.0 and res3.loc["precision", "n_units"] == 2


def test_match_claims_is_greedy_one_to_one():
    a = _claim("X", "Tom Reed", "warned", "the cost would double")
    gold = pd.DataFrame([a], columns=schema.CLAIMS)
    s, e = _span("the cost")
    b = dict(a, claim_id=claim_id_for(DOC, s, e), content="the cost", content_start=s, content_end=e)
    pred = pd.DataFrame([b, a], columns=schema.CLAIMS)
    pairs = match_claims(pred, gold)
    assert pairs["pred_claim_id"].tolist() == [a["claim_id"]] and pairs["overlap"].tolist() == [4]


def test_agreement_on_polarity_and_frames():
    claims = _claims()
    st, gold = _stances(claims), _stances(claims)
    gold.loc[1, "polarity"] = "neutral"
    r = agreement(st, gold, "stance_id", "polarity").iloc[0]
    assert r["percent"] == 50.0 and r["n_units"] == 2 and r["n_agree"] == 1
    fr, fg = _frames(claims), _frames(claims)
    fg["present"] = [True, True, False, True]
    r = agreement(fr, fg.iloc[:3], ["unit_id", "scheme", "frame"], "present").iloc[0]
    assert r["n_units"] == 3 and r["n_agree"] == 2 and r["only_pred"] == 1


# ---------------------------------------------------------------------------
# The seed gold file as an analyst's coded sample
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_gold():
    if not GOLD.exists() or not SEED.exists():
        pytest.skip(f"seed gold file not found at {GOLD}")
    text = SEED.read_text(encoding="utf-8")
    return text, gold_tables_from_json(json.loads(GOLD.read_text(encoding="utf-8")), text, SEED.stem)


def test_seed_gold_tables_have_exact_offsets(seed_gold):
    text, g = seed_gold
    claims = g["claims"]
    assert len(claims) == 18 and claims["claim_id"].is_unique
    for r in claims.itertuples():
        assert text[r.content_start:r.content_end] == r.content
    assert claims["speaker_id"].value_counts()["ian-austin"] == 15
    assert set(g["frames"].query("present")["frame"]) == {"political", "economic", "capacity_and_resources",
                                                         "conflict", "strategy"}
    assert (g["stances"]["polarity"] == "against").sum() == 5


def test_seed_gold_validates_against_itself_and_a_damaged_copy(seed_gold):
    text, g = seed_gold
    docs = {SEED.stem: text}
    perfect = validate_claims(g["claims"], g["claims"], documents=docs).set_index("measure")["value"]
    assert perfect.tolist() == [1.0, 1.0, 1.0, 1.0]
    damaged = g["claims"].iloc[2:].copy()
    damaged.loc[damaged.index[0], ["speaker", "speaker_id"]] = ["Pete Lowe", ""]
    res = validate_claims(damaged, g["claims"], documents=docs, optional=g["optional_claims"]).set_index("measure")
    assert res.loc["recall", "value"] == pytest.approx(16 / 18)
    assert res.loc["precision", "value"] == 1.0
    assert res.loc["speaker_accuracy", "value"] == pytest.approx(15 / 16)


# ---------------------------------------------------------------------------
# Notebook conveniences
# ---------------------------------------------------------------------------

def test_apply_all_corrections_and_reliability_table(tmp_path):
    claims = _claims()
    tables = {"claims": claims, "stances": _stances(claims), "frames": _frames(claims)}
    record_decision(tmp_path / "claims.csv", {"claim_id": claims.claim_id[1], "action": "reject"})
    record_decision(tmp_path / "frames.csv", {"unit_id": DOC, "scheme": "policy", "frame": "political",
                                              "action": "set_present", "present": True})
    merged, report = apply_all_corrections(tables, tmp_path, documents=DOCUMENTS)
    assert len(merged["claims"]) == 2 and len(merged["stances"]) == 1
    assert merged["frames"]["present"].sum() == 3
    assert report["status"].tolist() == ["applied", "dropped", "applied"]
    codings = pd.concat([codings_from_tables(tables, "machine"),
                         codings_from_tables(merged, "corrected", reference=tables)])
    rel = reliability_table(codings, "machine", "corrected").set_index("variable")
    assert rel.loc["speaker", "alpha"] == 1.0 and rel.loc["speaker", "flag"] == "reliable"
    assert rel.loc["speaker", "n_units"] == 2 and rel.loc["speaker", "n_dropped_units"] == 1
    assert rel.loc["frame", "percent_agreement"] == 75.0 and rel.loc["frame", "n_units"] == 4
    import matplotlib

    matplotlib.use("Agg")
    ax = plot_alpha(rel.reset_index())
    assert ax.get_title().startswith("Reliability") and "alpha" in ax.get_xlabel()


def test_load_gold_json_only_for_its_document(tmp_path):
    gold = {"document": f"{DOC}.txt", "claims": [{"speaker": "Tom Reed", "kind": "indirect", "paragraph": 0,
                                                  "content": "the cost would double"}],
            "stances": [], "frames": {"document_present": ["economic"]}}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    g = load_gold_json(path, DOCUMENTS)
    assert g["claims"]["claim_id"].tolist() == [claim_id_for(DOC, *_span("the cost would double"))]
    assert g["frames"]["frame"].tolist() == ["economic"]
    assert load_gold_json(path, DOCUMENTS.assign(doc_id="other")) is None
    assert load_gold_json(tmp_path / "missing.json", DOCUMENTS) is None


def test_corrections_on_tables_read_back_from_csv(tmp_path):
    # all-empty columns come back from CSV as float NaN; corrections must still land
    claims = _claims()
    claims["speaker_id"] = float("nan")
    frames = _frames(claims)
    frames["present"] = frames["present"].map({True: "true", False: "false"})
    cp = _write(tmp_path / "claims.csv", HEAD + f"{claims.claim_id[0]},change_speaker,Jane Q Porter,,,,,,,,,\n")
    merged, _ = apply_corrections("claims", claims, cp)
    assert merged.loc[0, "speaker_id"] == "jane-q-porter"
    fp = _write(tmp_path / "frames.csv", f"unit_id,scheme,frame,action,present\n{DOC},policy,political,set_present,true\n")
    mf, _ = apply_corrections("frames", frames, fp)
    assert mf.loc[1, "present"] == True  # noqa: E712 (a string column read from CSV now holds a bool)


# ---------------------------------------------------------------------------
# Robustness on arbitrary unicode
# ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=200), data=st.data())
def test_highlight_never_loses_or_injects_text(text, data):
    import html as _html
    import re as _re

    n = len(text)
    spans = {}
    for role in ("speaker", "cue", "content"):
        s = data.draw(st.integers(0, n - 1))
        e = data.draw(st.integers(s + 1, n))
        spans.update({f"{role}_start": s, f"{role}_end": e})
    out = highlight_claim(text, spans, context="claim")
    lo = min(spans[f"{r}_start"] for r in ("speaker", "cue", "content"))
    hi = max(spans[f"{r}_end"] for r in ("speaker", "cue", "content"))
    assert _html.unescape(_re.sub(r"</?mark[^>]*>", "", out)) == text[lo:hi]
    assert "<" not in _re.sub(r"</?mark[^>]*>", "", out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(speaker=st.text(min_size=1, max_size=40).filter(lambda x: x.strip() and "\r" not in x),
       note=st.text(max_size=60).filter(lambda x: "\r" not in x))
def test_record_decision_round_trips_any_text(tmp_path, speaker, note):
    path = tmp_path / "claims.csv"
    if path.exists():
        path.unlink()
    record_decision(path, {"claim_id": "t1:c0-5", "action": "change_speaker", "speaker": speaker, "note": note})
    df = load_corrections(path)
    assert df["speaker"].iloc[0] == speaker and df["note"].iloc[0] == note


def test_unattributed_quotes_become_claims_once_a_reviewer_names_the_speaker(tmp_path):
    """The bare-quote candidates are in the corrections layout: fill in the speaker,
    write the row to claims.csv, and the next merge holds the claim."""
    from utils.claims import extract_claims
    from utils.review import COLUMNS, unattributed_quotes
    from utils.text import segment

    text = ("The rally ran late into the night.\n\n"
            '"We have to do something and it is the only way you stop it. We are playing by other rules."\n\n'
            'Her favourite show is "Modern Family."')
    docs = pd.DataFrame({"doc_id": ["r1"], "text": [text]})
    machine = extract_claims("r1", text, segment(text), None)
    assert machine.empty  # no rule names a speaker here
    cands = unattributed_quotes(docs, machine)
    assert len(cands) == 1 and cands["action"].tolist() == ["add"]
    row = cands.iloc[0]
    assert text[row.content_start:row.content_end] == row.content and row.content.startswith("We have to do")
    assert row.speaker == "" and row.probability > 0.4
    fixed = cands.assign(speaker="Ann Bell", reviewer="test")
    fixed[list(COLUMNS["claims"])].to_csv(tmp_path / "claims.csv", index=False)
    merged, report = apply_all_corrections({"claims": machine}, tmp_path, documents=docs)
    assert report["status"].tolist() == ["applied"]
    assert merged["claims"]["speaker"].tolist() == ["Ann Bell"]
    # once the claim exists, it is no longer a candidate
    assert unattributed_quotes(docs, merged["claims"]).empty


# ---------------------------------------------------------------------------
# A claim is one attribution: its parts share the claim_id
# ---------------------------------------------------------------------------

QUOTE_TEXT = ('"The depot will close," said Councillor Ama Osei. "Nobody wanted this."\n\n'
              '"We fought it for two years and lost."\n\n'
              'Bus operators said the routes would be kept.')
QUOTE_DOCS = pd.DataFrame({"doc_id": ["q"], "text": [QUOTE_TEXT]})


def _quote_claims() -> pd.DataFrame:
    from utils.claims import extract_claims
    from utils.text import segment

    return extract_claims("q", QUOTE_TEXT, segment(QUOTE_TEXT), None)


def test_a_correction_on_a_multi_part_claim_applies_to_every_part(tmp_path):
    claims = _quote_claims()
    osei = claims[claims["speaker_text"].str.contains("Osei")]
    assert list(osei["part"]) == [1, 2, 3] and osei["claim_id"].nunique() == 1
    cid = osei["claim_id"].iloc[0]
    path = _write(tmp_path / "claims.csv", HEAD + f"{cid},change_speaker,Ama Osei,,,,,,,am,,\n")
    merged, report = apply_corrections("claims", claims, path, documents=QUOTE_DOCS)
    parts = merged[merged["claim_id"] == cid]
    assert len(parts) == 3 and set(parts["speaker"]) == {"Ama Osei"} and set(parts["review_status"]) == {"changed"}
    assert report["status"].tolist() == ["applied"]
    path = _write(tmp_path / "claims.csv", HEAD + f"{cid},reject,,,,,,,,am,,\n")
    merged, _ = apply_corrections("claims", claims, path, documents=QUOTE_DOCS)
    assert cid not in set(merged["claim_id"]) and len(merged) == len(claims) - 3


def test_an_old_correction_naming_a_later_part_is_migrated_with_a_message(tmp_path):
    """Before claims were attributions every part had its own id (its offsets):
    such a line still applies, to the whole claim, and the report says so."""
    claims = _quote_claims()
    osei = claims[claims["speaker_text"].str.contains("Osei")]
    cid = osei["claim_id"].iloc[0]
    third = osei.iloc[2]
    old_id = claim_id_for("q", third["content_start"], third["content_end"])
    assert old_id != cid
    path = _write(tmp_path / "claims.csv", HEAD + f"{old_id},reject,,,,,,,,am,,\n")
    merged, report = apply_corrections("claims", claims, path, documents=QUOTE_DOCS)
    assert cid not in set(merged["claim_id"])
    assert report["status"].tolist() == ["applied"]
    assert f"{old_id} is a part of claim {cid}" in report["message"].iloc[0]


def test_review_sheet_and_widget_show_a_claim_once_with_all_its_parts(tmp_path):
    claims = _quote_claims()
    page = review_sheet_html(claims, QUOTE_DOCS)
    assert "2 claim(s)" in page and page.count('class="claim"') == 2 and "3 parts" in page
    assert page.count('<mark class="content">') == 1 + 4  # the legend; three parts of one claim, one of the other
    w = ReviewWidget(claims, QUOTE_DOCS, tmp_path)
    assert len(w.records) == 2 and "1 / 2" in w.view.value
    w.on_reject()
    rows = load_corrections(tmp_path / "claims.csv")
    assert rows["claim_id"].tolist() == [claims["claim_id"].iloc[0]]


def test_validation_counts_claims_not_parts():
    claims = _quote_claims()
    gold = claims.drop_duplicates("claim_id").copy()  # a coder who marks only each claim's first part
    res = validate_claims(claims, gold, documents=QUOTE_DOCS).set_index("measure")
    assert res.loc["precision", "value"] == 1.0 and res.loc["precision", "n_units"] == 2
    assert res.loc["recall", "value"] == 1.0


# ---------------------------------------------------------------------------
# Nothing lost, nothing mixed (#24): concurrency, permissions, Excel habits
# ---------------------------------------------------------------------------

_RECORDER = """
import pathlib, sys, time
from utils.review import record_decision
path, tag, n, go = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), pathlib.Path(sys.argv[4])
while not go.exists():
    time.sleep(0.005)
for i in range(n):
    record_decision(path, {"claim_id": f"t1:c{i}-{i + 1}", "action": "accept", "reviewer": tag,
                           "note": f"{tag} decision {i}"})
"""


def test_concurrent_record_decision_keeps_every_decision(tmp_path):
    """Two processes recording 40 decisions each into one file at once: all 80 lines land."""
    import subprocess
    import sys

    path, go = tmp_path / "claims.csv", tmp_path / "go"
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-c", _RECORDER, str(path), tag, "40", str(go)], cwd=root,
                              stderr=subprocess.PIPE, text=True) for tag in ("ann", "bob")]
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    df = load_corrections(path)
    assert len(df) == 80
    for tag in ("ann", "bob"):
        assert df.loc[df["reviewer"] == tag, "note"].tolist() == [f"{tag} decision {i}" for i in range(40)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv", "go"]  # no lock or temp file left


def test_record_decision_keeps_the_file_mode(tmp_path):
    path = _write(tmp_path / "claims.csv", HEAD)
    path.chmod(0o664)
    record_decision(path, {"claim_id": "t1:c0-5", "action": "accept"})
    assert path.stat().st_mode & 0o777 == 0o664
    old = os.umask(0o022)
    try:
        record_decision(tmp_path / "stances.csv", {"stance_id": "s1", "action": "accept"})
    finally:
        os.umask(old)
    assert (tmp_path / "stances.csv").stat().st_mode & 0o777 == 0o644


def test_capitalised_values_typed_in_excel_are_not_stale(tmp_path):
    claims = _claims()
    stances, frames = _stances(claims), _frames(claims)
    c0 = claims["claim_id"][0]
    fp = _write(tmp_path / "frames.csv", "unit_id,scheme,frame,action,present\n"
                f"{DOC},Policy,Political,Set_Present,TRUE\n"
                f"{c0},POLICY,Capacity_And_Resources,Reject,\n"
                f"{DOC},Generic,Morality,Set_Present,True\n")
    mf, rf = apply_corrections("frames", frames, fp)
    assert rf["status"].tolist() == ["applied", "applied", "stale"]  # no generic/morality row exists
    assert "morality" in rf["message"].iloc[2] or "Morality" in rf["message"].iloc[2]
    present = {(u, f): p for u, f, p in zip(mf["unit_id"], mf["frame"], mf["present"])}
    assert present[(DOC, "political")] and not present[(c0, "capacity_and_resources")]
    sp = _write(tmp_path / "stances.csv", f"stance_id,action,polarity\n{stances.stance_id[0]},Change_Polarity,AGAINST\n")
    ms, rs = apply_corrections("stances", stances, sp)
    assert rs["status"].tolist() == ["applied"] and ms["polarity"].iloc[0] == "against"
    s, e = _span("they feared more traffic")
    cp = _write(tmp_path / "claims.csv", HEAD + f"{c0.upper()},Reject,,,,,,,,,,\n"
                f",Add,Residents,,{DOC},{s},{e},they feared more traffic,Indirect,,,\n")
    mc, rc = apply_corrections("claims", claims, cp, documents=DOCUMENTS)
    assert rc["status"].tolist() == ["applied", "applied"] and c0 not in set(mc["claim_id"])
    assert "ignoring case" in rc["message"].iloc[0]


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    path = _write(tmp_path / "claims.csv", HEAD + "t1:c1-2,accept,,,,,,,,am,,fine\n"
                  't1:c3-4,reject,,,,,,,,am,,"never closed\n' + "t1:c5-6,accept,,,,,,,,am,,\n" * 3)
    with pytest.raises(ValueError) as err:
        load_corrections(path)
    msg = str(err.value)
    assert f"{path}, line 3" in msg and "quote" in msg and "line 6" not in msg


def test_every_problem_of_a_file_is_listed_at_once(tmp_path):
    path = _write(tmp_path / "claims.csv", HEAD
                  + "t1:c1-2,accept,,,,,,,,am,,a note, with a comma\n"   # line 2: 13 cells
                  + 't1:c3-4,accept,,,,,,,,am,,"quoted"then text\n'       # line 3: malformed CSV
                  + "t1:c5-6,approve,,,,,,,,am,,\n"                        # line 4: unknown action
                  + ",add,X,,t1,ten,5,foo,reported,,,\n")                  # line 5: two bad fields
    with pytest.raises(ValueError) as err:
        load_corrections(path)
    msg = str(err.value)
    assert "line 2: 13 cells" in msg
    assert f"{path}, line 3" in msg and "malformed CSV" in msg
    assert "line 4, field 'action'" in msg and "approve" in msg
    assert "line 5, field 'content_start'" in msg and "line 5, field 'kind'" in msg
    no_action = _write(tmp_path / "stances.csv", "stance_id,polarity\ns1,favour\ns2,against,extra\n")
    with pytest.raises(ValueError) as err:
        load_corrections(no_action)
    assert "missing required column(s) action" in str(err.value) and "line 3: 3 cells" in str(err.value)


def test_a_file_saved_with_a_bom_can_be_appended_to(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_bytes(("\ufeff" + HEAD + "t1:c0-5,accept,,,,,,,,am,,\n").encode("utf-8"))
    record_decision(path, {"claim_id": "t1:c6-9", "action": "reject"})
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + HEAD.encode()) and raw.count(b"\xef\xbb\xbf") == 1
    assert load_corrections(path)["claim_id"].tolist() == ["t1:c0-5", "t1:c6-9"]
    w = ReviewWidget(_claims(), DOCUMENTS, tmp_path)
    w.on_reject()
    assert load_corrections(path)["claim_id"].tolist()[-1] == _claims()["claim_id"][0]


def test_review_widget_shows_a_failed_recording_in_its_status(tmp_path, monkeypatch):
    import utils.review.sheet as review  # the widget records through this module's record_decision

    w = ReviewWidget(_claims(), DOCUMENTS, tmp_path)

    def broken(path, row):
        raise ValueError("cannot write <claims.csv> & co")

    monkeypatch.setattr(review, "record_decision", broken)
    w.on_reject()  # no exception escapes into the Lab log
    assert w.position == 0  # stays on the claim: it was not recorded
    assert "not recorded" in w.status.value.lower() and "&lt;claims.csv&gt; &amp; co" in w.status.value
    assert "<claims.csv>" not in w.status.value and w.decisions == []
    w.on_accept()
    assert w.position == 0 and "not recorded" in w.status.value.lower()
    monkeypatch.undo()
    w.on_accept()
    assert w.position == 1 and load_corrections(tmp_path / "claims.csv")["action"].tolist() == ["accept"]


def test_excel_semicolons_crlf_trailing_columns_and_capitalised_headers(tmp_path):
    claims = _claims()
    c0, c1 = claims["claim_id"][:2]
    path = tmp_path / "claims.csv"
    path.write_bytes(("# Excel, European locale\r\nClaim_ID;Action;Speaker;Note;;\r\n"
                      f"{c0};Change_Speaker;Porter, Jane;\"a; b\";;\r\n"
                      f"{c1};reject;;;;\r\n;;;;;\r\n").encode("utf-8"))
    df = load_corrections(path)
    assert df["claim_id"].tolist() == [c0, c1] and df["line"].tolist() == [3, 4]
    assert df["speaker"].iloc[0] == "Porter, Jane" and df["note"].iloc[0] == "a; b"
    merged, report = apply_corrections("claims", claims, path)
    assert report["status"].tolist() == ["applied", "applied"]
    assert merged.set_index("claim_id").loc[c0, "speaker"] == "Porter, Jane"
    record_decision(path, {"claim_id": claims["claim_id"][2], "action": "accept", "note": "x; y"})
    raw = path.read_bytes().decode("utf-8")
    assert raw.endswith(f'{claims["claim_id"][2]};accept;;"x; y"\r\n')
    assert "\n" not in raw.replace("\r\n", "")  # one line ending throughout
    assert load_corrections(path)["action"].tolist() == ["Change_Speaker", "reject", "accept"]
    tabs = _write(tmp_path / "stances.csv", "Stance_ID\tACTION\tPolarity\ns1\tchange_polarity\tfavour\n")
    assert load_corrections(tabs)["polarity"].tolist() == ["favour"]
