"""Report 08's comparisons by outlet and over time, gender share of voice, generic
frames, the paged review sheet and the typical read example (issue #23), on invented data."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pandas as pd
import pytest

from utils import framing, review
from utils.report import plots, summary

DOCS = pd.DataFrame({
    "doc_id": ["a1", "a2", "a3", "b1", "b2", "c1"],
    "source": ["Courier", "Courier", "Courier", "Star", "Star", None],
    "date": pd.to_datetime(["2015-06-03", "2015-06-10", "2015-07-20", "2015-06-04", "2015-08-12", "2015-06-05"]),
})
ACTORS = pd.DataFrame({
    "actor_id": ["ann-lee", "bob-ray", "kim-fox", "union", "mr-x"],
    "name": ["Ann Lee", "Bob Ray", "Kim Fox", "Union", "Smith"],
    "type": ["person", "person", "person", "organisation", "person"],
    "party": ["Labour", "Conservative", None, None, None],
})


def _claims(rows):
    """rows: (doc_id, claim number, speaker_id or None, part)."""
    names = dict(zip(ACTORS["actor_id"], ACTORS["name"]))
    return pd.DataFrame([{"doc_id": d, "claim_id": f"{d}:c{n}", "part": part, "speaker_id": s,
                          "speaker": names.get(s) if s else None} for d, n, s, part in rows])


CLAIMS = _claims([("a1", 0, "ann-lee", 1), ("a1", 0, "ann-lee", 2), ("a1", 1, "bob-ray", 1),
                  ("a2", 0, "ann-lee", 1), ("a3", 0, "union", 1), ("a3", 1, None, 1),
                  ("b1", 0, "bob-ray", 1), ("b2", 0, "kim-fox", 1), ("b2", 1, "bob-ray", 1), ("c1", 0, "ann-lee", 1)])


def test_period_bins_choose_weeks_or_months_by_span_and_flag_partial_periods():
    short = summary.period_bins(DOCS.head(2), freq="W")
    assert short["label"].tolist() == ["w/c 01 Jun 2015", "w/c 08 Jun 2015"]
    assert short["partial"].tolist() == [True, True]  # the corpus starts on a Wednesday and ends on one
    # auto: two articles in two weeks are too few for weekly shares: months
    assert summary.period_bins(DOCS.head(2))["label"].tolist() == ["Jun 2015", "Jun 2015"]
    dense = pd.DataFrame({"doc_id": [f"d{i}" for i in range(30)],
                          "date": [f"2015-06-{1 + i % 21:02d}" for i in range(30)]})  # 30 articles in 3 weeks
    assert summary.period_bins(dense)["label"].iloc[0] == "w/c 01 Jun 2015"
    long = summary.period_bins(pd.DataFrame({"doc_id": ["x", "y", "z"],
                                             "date": ["2015-01-01", "2015-03-15", "2015-06-30"]}))
    assert long["label"].tolist() == ["Jan 2015", "Mar 2015", "Jun 2015"]
    assert long["partial"].tolist() == [False, False, False]  # starts on the 1st, ends on the 30th of June
    assert summary.period_bins(pd.DataFrame({"doc_id": ["x"], "date": [None]})).empty


def test_bootstrap_over_articles_is_seeded_and_brackets_the_estimate():
    num = np.array([[3.0], [0.0], [1.0], [2.0]])
    den = np.array([[4.0], [2.0], [1.0], [3.0]])
    v1, lo1, hi1 = summary.bootstrap_ratio(num, den, n_boot=500, seed=1)
    v2, lo2, hi2 = summary.bootstrap_ratio(num, den, n_boot=500, seed=1)
    assert v1[0] == pytest.approx(0.6) and (lo1, hi1) == (lo2, hi2)
    assert lo1[0] < v1[0] < hi1[0]
    v, lo, hi = summary.bootstrap_ratio(np.ones((5, 1)), np.ones((5, 1)), n_boot=100)
    assert (v[0], lo[0], hi[0]) == (1.0, 1.0, 1.0)  # every article agrees: no uncertainty
    v, lo, hi = summary.bootstrap_ratio(np.zeros((3, 1)), np.zeros((3, 1)), n_boot=50)
    assert np.isnan(v[0]) and np.isnan(lo[0])  # no claim at all: no share, not 0


def test_voice_by_outlet_counts_claims_once_shares_sum_to_one_and_gives_articles():
    t = summary.voice_by(CLAIMS, ACTORS, DOCS, by="source", key="party", n_boot=200)
    assert set(t["group"]) == {"Courier", "Star"}  # the article without an outlet is left out
    sums = t.groupby("group")["share"].sum()
    assert sums.round(9).eq(1).all()
    courier = t[t["group"] == "Courier"].set_index("key")
    assert courier.loc["Labour", "n"] == 2 and courier.loc["Labour", "base"] == 5  # a1's two-part claim counts once
    assert courier["articles"].eq(3).all()
    assert (t["low"] <= t["share"] + 1e-9).all() and (t["share"] <= t["high"] + 1e-9).all()
    assert list(courier.index)[-2:] == ["unknown", "unattributed"]  # named parties first


def test_voice_by_period_flags_partial_periods_and_every_period_has_n():
    assert summary.voice_by(CLAIMS, ACTORS, DOCS, by="date", key="type", n_boot=10, freq="W")["group"].iloc[0] == \
        "w/c 01 Jun 2015"
    assert summary.voice_by(CLAIMS, ACTORS, DOCS, by="date", key="type", n_boot=10)["group"].iloc[0] == \
        "Jun 2015"  # six articles in ten weeks: monthly bins
    t = summary.voice_by(CLAIMS, ACTORS, DOCS, by="date", key="type", n_boot=100, freq="M")
    assert t["group"].iloc[0] == "Jun 2015"
    assert t.drop_duplicates("group")["partial"].tolist() == [True, False, True]
    assert t.drop_duplicates("group")["articles"].tolist() == [4, 1, 1]


def test_no_outlets_or_no_dates_is_said_in_one_line():
    undated = DOCS.assign(date=pd.NaT, source=None)
    assert summary.voice_by(CLAIMS, ACTORS, undated, by="source").empty
    assert summary.voice_by(CLAIMS, ACTORS, undated, by="date").empty
    assert "No outlet" in summary.missing_note(undated, "source")
    assert "date" in summary.missing_note(undated, "date")
    assert summary.missing_note(DOCS, "source") is None


def test_stance_toward_top_targets_by_outlet_is_a_mean_with_its_stances():
    st = pd.DataFrame({"doc_id": ["a1", "a1", "a2", "b1", "b1"], "target": ["tax", "tax", "tax", "tax", "NHS"],
                       "score": [1.0, 0.0, -1.0, -1.0, 1.0]})
    t = summary.stance_toward_by(st, DOCS, by="source", top=1, n_boot=100).set_index("group")
    assert list(t["key"].unique()) == ["tax"]
    assert t.loc["Courier", "mean_score"] == pytest.approx(0.0) and t.loc["Courier", "base"] == 3
    assert t.loc["Star", "mean_score"] == -1.0 and t.loc["Star", "articles"] == 2


def test_gender_from_registry_then_title_then_first_name_then_pronoun():
    actors = pd.DataFrame({"actor_id": ["ann-lee", "pat-roe", "kim-fox", "olu-banks", "union", "robin-day"],
                           "name": ["Ann Lee", "Pat Roe", "Kim Fox", "Olu Banks", "Union", "Robin Day"],
                           "type": ["person", "person", "person", "person", "organisation", "person"]})
    mentions = pd.DataFrame({
        "actor_id": ["ann-lee", "pat-roe", "olu-banks", "olu-banks", "kim-fox", "union"],
        "kind": ["name", "name", "pronoun", "pronoun", "name", "pronoun"],
        "text": ["Ann Lee", "Mr Roe", "he", "his", "Kim Fox", "she"],
        "title": ["", "Mr", "", "", "", ""]})
    g = summary.speaker_genders(actors, mentions, registry={"ann-lee": "m"}).set_index("actor_id")
    assert "union" not in g.index  # organisations are not people
    assert g.loc["ann-lee", ["gender", "evidence"]].tolist() == ["m", "registry"]  # the analyst overrides the name
    assert g.loc["pat-roe", ["gender", "evidence"]].tolist() == ["m", "title"]
    assert g.loc["olu-banks", ["gender", "evidence"]].tolist() == ["m", "pronoun"]
    assert g.loc["robin-day", "gender"] == "unknown"  # Robin: a name of both sexes says nothing
    assert summary.first_name_gender("Kate Winslet") == "f" and summary.first_name_gender("Winslet") == ""


def test_gender_share_of_voice_leaves_out_organisations_and_unattributed_claims():
    genders = pd.DataFrame({"actor_id": ["ann-lee", "bob-ray", "kim-fox", "mr-x"], "gender": ["f", "m", "unknown", "m"]})
    cg = summary.claim_groups(CLAIMS, ACTORS, key="gender", genders=genders)
    assert "a3:c0" not in set(cg["claim_id"]) and "a3:c1" not in set(cg["claim_id"])
    t = summary.voice_by(CLAIMS, ACTORS, DOCS, by="all", key="gender", genders=genders, top=None, n_boot=100)
    shares = t.set_index("key")["share"]
    assert shares["f"] == pytest.approx(3 / 7) and shares["m"] == pytest.approx(3 / 7)
    assert shares["unknown"] == pytest.approx(1 / 7)


def _frames(present: dict) -> pd.DataFrame:
    rows = []
    for (doc, scheme, frame), p in present.items():
        rows.append({"doc_id": doc, "unit": "document", "unit_id": doc, "scheme": scheme, "frame": frame,
                     "score": 1.0 if p else 0.0, "present": p, "evidence": ""})
    return pd.DataFrame(rows)


def test_frames_present_nearly_everywhere_are_left_out_and_generic_frames_compare_by_outlet():
    present = {}
    for d in DOCS["doc_id"]:
        present[(d, "policy", "political")] = True
        present[(d, "policy", "economic")] = d.startswith("a")
        present[(d, "generic", "conflict")] = d in ("a1", "b1", "b2")
    fr = _frames(present)
    shown, dropped = framing.frames_to_show(fr, scheme="policy")
    assert dropped == ["political"] and shown == ["economic"]
    assert "*political*" in framing.common_note(dropped, "policy")
    t = framing.frame_shares_by(fr, DOCS, by="source", scheme="generic", n_boot=100).set_index("group")
    assert t.loc["Courier", "share"] == pytest.approx(1 / 3) and t.loc["Star", "share"] == 1.0
    assert t.loc["Courier", "articles"] == 3
    over = framing.frame_shares_by(fr, DOCS, by="date", scheme="policy", frames_shown=["economic"], n_boot=100)
    assert set(over["key"]) == {"economic"} and "partial" in over


def test_plot_by_draws_error_bars_with_labelled_axes_and_articles():
    import matplotlib.pyplot as plt

    t = summary.voice_by(CLAIMS, ACTORS, DOCS, by="source", key="party", n_boot=100)
    ax = summary.plot_by(t, value="share", title="Share of voice by party, by outlet", xlabel="share of the claims")
    assert ax.get_xlabel() == "share of the claims" and ax.get_ylabel() == "outlet"
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert labels == ["Courier\n(n=3 articles)", "Star\n(n=2 articles)"]
    over = summary.voice_by(CLAIMS, ACTORS, DOCS, by="date", key="party", n_boot=100, freq="M")
    ax = summary.plot_by(over, value="share", title="Share of voice over time", xlabel="share of the claims")
    assert ax.get_xlabel() == "month" and ax.get_ylabel() == "share of the claims"
    assert all(line.get_linestyle() == "None" for line in ax.lines)  # three periods: points, not joined
    assert [x.get_text() for x in ax.get_xticklabels()] == ["Jun\n2015", "Jul", "Aug"]
    plt.close("all")


HOSTILE = "<script>alert(1)</script>"


def test_review_sheet_pages_filters_and_escapes_hostile_values():
    text = f'{HOSTILE} said "we <b>will</b> win". Ann said "no".'
    docs = pd.DataFrame({"doc_id": ['d"1<img src=x>'], "title": ["<svg onload=alert(2)>"], "text": [text]})
    claims = pd.DataFrame([
        {"doc_id": 'd"1<img src=x>', "claim_id": "c<1>", "part": 1, "kind": "direct", "speaker": HOSTILE,
         "speaker_id": "x", "speaker_text": HOSTILE, "speaker_start": 0, "speaker_end": len(HOSTILE), "cue": "said",
         "cue_start": len(HOSTILE) + 1, "cue_end": len(HOSTILE) + 5, "content": "we <b>will</b> win",
         "content_start": text.index("we"), "content_end": text.index("win") + 3, "confidence": 0.9},
    ])
    page = review.review_sheet_html(claims, docs, per_page=1)
    body = page.split("<script>")[0] + page.split("</script>")[-1]
    for tag in ("<script>alert", "<img src=x", "<svg onload", "<b>will</b>"):
        assert tag not in body, tag
    assert page.count("<script>") == 1 and "var per=1," in page  # one inline script: paging, no resource
    assert 'data-speaker="&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert 'id="wsw-q"' in page and 'value="speaker"' in page and 'value="document"' in page
    assert not re.search(r"(src|href)=\"https?:", page)
    assert "innerHTML" not in page  # the script writes text, never markup


def test_the_read_example_is_a_typical_article_not_the_one_with_most_claims():
    docs = pd.DataFrame({"doc_id": list("abcdef")})
    counts = pd.Series([300, 5, 4, 6, 0, 5], index=list("abcdef"))  # 'a': a page of readers' comments
    assert plots.pick_document(docs, counts) == "b"  # median 5 among a, b, c, d, f; tie b/f by id
    assert "typical" in plots.pick_reason(counts, "b")
    assert plots.pick_document(docs, counts, "e") == "e"
    assert plots.pick_document(docs, pd.Series([0, 0], index=["a", "b"])) == "a"
    claims = pd.DataFrame({"doc_id": ["x", "x", "x", "y", "z", "z"], "claim_id": list("123456")})
    counts = claims["doc_id"].value_counts()  # as the notebooks count: the index is named doc_id
    assert plots.pick_document(docs, counts) == "z"


def test_report_sections_on_an_invented_corpus_with_outlets_and_dates(tmp_path):
    """The pipeline on three outlets over ten weeks: shares by outlet and week with
    intervals, genders from titles, names and pronouns."""
    from tests.outlet_corpus import OUTLETS, write_outlet_corpus
    from utils.pipeline import load_tables

    t = load_tables(corpus=write_outlet_corpus(tmp_path / "corpus"), tables_dir=tmp_path / "tables",
                    corrections=False)
    docs = t["documents"]
    v = summary.voice_by(t["claims"], t["actors"], docs, by="source", key="party", n_boot=200)
    assert set(v["group"]) == set(OUTLETS) and v["articles"].eq(8).all()
    w = summary.voice_by(t["claims"], t["actors"], docs, by="date", key="party", n_boot=200)
    periods = w.drop_duplicates("group")
    # 24 articles over ten weeks: months, the first and last only partly covered
    assert periods["group"].tolist() == ["Jun 2015", "Jul 2015", "Aug 2015"]
    assert periods["partial"].iloc[[0, -1]].all()
    g = summary.speaker_genders(t["actors"], t["mentions"]).set_index("name")
    assert g.loc["Tom Reed", "gender"] == "m" and g.loc["Sara Lind", "gender"] == "f"
    assert "Nurses Union" not in g.index


def test_frame_shares_by_outlet_with_no_frame_left_to_show():
    """A small corpus where every frame present is near-universal (all left out) has
    nothing to compare: an empty table, not a merge error (report 08 crashed on it)."""
    from utils import framing

    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["X", "Y"], "date": pd.to_datetime(["2015-06-01", "2015-07-01"])})
    frames = pd.DataFrame({"doc_id": ["a", "b"], "unit": ["document"] * 2, "unit_id": ["a", "b"],
                           "scheme": ["policy"] * 2, "frame": ["political"] * 2, "score": [1.0, 2.0],
                           "present": [True, True], "evidence": ["vote", "vote"]})
    out = framing.frame_shares_by(frames, docs, by="source", scheme="policy", frames_shown=[])
    assert out.empty and "share" in out.columns
