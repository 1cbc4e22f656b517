"""Tests for utils.framing: codebook validation, dictionary scoring, the seed
article's hand-coded frames, the supervised option and the chart helpers.

Fixture sentences are invented for these tests.
"""
from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from utils import framing, paths, schema  # noqa: E402
from utils.text import segment  # noqa: E402

SEED = paths.ROOT / "data" / "raw" / "seed" / "000_9e905b8fb374d4c2.txt"
from conftest import GOLD_FILE as GOLD  # noqa: E402


def score(text: str, claims: pd.DataFrame | None = None, **kw) -> pd.DataFrame:
    return framing.score_frames("d1", text, segment(text), claims, **kw)


def doc_row(df: pd.DataFrame, frame: str, scheme: str = "policy") -> pd.Series:
    d = df[(df.unit == "document") & (df.frame == frame) & (df.scheme == scheme)]
    assert len(d) == 1
    return d.iloc[0]


def write_codebook(tmp_path: Path, data: dict) -> Path:
    p = tmp_path / "frames.yaml"
    p.write_text(yaml.safe_dump(data), encoding="utf-8")
    return p


def minimal(**over) -> dict:
    data = {
        "version": "t1",
        "schemes": {"policy": {"economic": {"description": "Money.", "terms": ["tax", "public funds"]}}},
    }
    data.update(over)
    return data


# --------------------------------------------------------------------------- codebook


def test_default_codebook_has_all_frames_with_descriptions():
    cb = framing.load_codebook()
    assert cb.version
    keys = cb.frame_keys()
    assert [f for s, f in keys if s == "policy"] == list(framing.POLICY_FRAMES)
    assert [f for s, f in keys if s == "generic"] == list(framing.GENERIC_FRAMES)
    assert ("policy", "morality") in keys and ("generic", "morality") in keys
    for fr in cb.frames:
        assert len(fr.description) > 40, fr.name
        assert len(fr.terms) >= 10, fr.name
    assert set(framing.UNITS) <= set(cb.rules)
    assert cb.rule("document", "generic").max_frames <= 3  # generic override
    assert cb.rule("claim", "generic") == cb.rules["claim"]


@pytest.mark.parametrize(
    "data, needle",
    [
        ({"schemes": {"policy": {"economic": {"description": "x", "terms": ["tax"]}}}}, "field 'version'"),
        (minimal(schemes={"frames": {"economic": {"description": "x", "terms": ["tax"]}}}), "scheme 'frames'"),
        (minimal(schemes={"policy": {"economic": {"terms": ["tax"]}}}), "frame 'policy.economic' field 'description'"),
        (minimal(schemes={"policy": {"economic": {"description": "x"}}}), "frame 'policy.economic' field 'terms'"),
        (minimal(schemes={"policy": {"economic": {"description": "x", "terms": ["tax", "Tax"]}}}),
         "field 'terms' item 2: duplicate entry 'tax'"),
        (minimal(schemes={"policy": {"economic": {"description": "x", "terms": ["tax"], "weights": {"vat": 2}}}}),
         "field 'weights' term 'vat'"),
        (minimal(schemes={"policy": {"economic": {"description": "x", "terms": ["tax"], "weights": {"tax": "big"}}}}),
         "expected a number"),
        (minimal(schemes={"policy": {"economic": {"description": "x", "terms": ["tax"], "patterns": ["(a+)+"]}}}),
         "nested quantifier"),
        (minimal(schemes={"policy": {"economic": {"description": "x", "terms": ["tax"], "patterns": ["(tax"]}}}),
         "bad regular expression"),
        (minimal(schemes={"policy": {"Economic Frame": {"description": "x", "terms": ["tax"]}}}), "snake_case"),
        (minimal(schemes={"policy": {"economic": {"description": "x", "terms": ["tax"], "colour": "red"}}}),
         "field 'colour'"),
        (minimal(present={"document": {"min_share": 2}}), "field 'present.document.min_share'"),
        (minimal(negation={"cues": "not"}), "field 'negation.cues'"),
        (minimal(present={"generic": {"sentence": {"min_hits": 1}}}), "field 'present.generic.sentence'"),
        (minimal(present={"documents": {"min_hits": 1}}), "field 'present.documents'"),
    ],
)
def test_codebook_errors_name_file_frame_and_field(tmp_path, data, needle):
    p = write_codebook(tmp_path, data)
    with pytest.raises(framing.CodebookError) as exc:
        framing.load_codebook(p)
    msg = str(exc.value)
    assert str(p) in msg and needle in msg, msg


def test_codebook_error_gives_line_number(tmp_path):
    p = tmp_path / "frames.yaml"
    p.write_text("version: '1'\nschemes:\n  policy:\n    economic:\n      description: Money.\n"
                 "      terms: [tax, tax]\n", encoding="utf-8")
    with pytest.raises(framing.CodebookError, match=r"line 6"):
        framing.load_codebook(p)


def test_custom_codebook_is_used(tmp_path):
    p = write_codebook(tmp_path, minimal())
    df = score("The council raised the tax to protect public funds.", codebook=p)
    assert set(df.frame) == {"economic"}
    assert doc_row(df, "economic").evidence == "tax; public funds"


# --------------------------------------------------------------------------- dictionary scoring


def test_table_shape_and_units():
    text = ("The minister defended the budget and the tax rise.\n\n"
            "Police arrested two men after the shooting, a spokesman said.")
    claims = pd.DataFrame([{"claim_id": "d1:c0-20", "content_start": 0, "content_end": 51}])
    df = score(text, claims)
    assert list(df.columns) == schema.FRAMES
    doc = df[df.unit == "document"]
    assert len(doc) == len(framing.POLICY_FRAMES) + len(framing.GENERIC_FRAMES)
    assert set(doc.unit_id) == {"d1"}
    assert set(df[df.unit == "paragraph"].unit_id) == {"d1:p0", "d1:p1"}
    assert (df[df.unit != "document"].score > 0).all()
    assert df.present.map(type).eq(bool).all()
    claim = df[df.unit == "claim"]
    assert set(claim.unit_id) == {"d1:c0-20"}
    assert "economic" in set(claim[claim.present].frame)
    assert "crime_and_punishment" not in set(claim.frame)  # outside the claim's content
    p1 = df[(df.unit_id == "d1:p1") & df.present]
    assert "crime_and_punishment" in set(p1.frame)


def test_stemming_multiword_and_longest_match():
    df = score("Taxes were cut, and the public funds were spent on housing.")
    ev = doc_row(df, "economic").evidence.split("; ")
    assert "tax" in ev  # "Taxes" stems to the term "tax"
    assert "public funds" in ev and "funds" not in ev  # the longer term wins


def test_negation_is_marked_and_discounted():
    plain = score("Ministers will raise taxes.")
    negated = score("Ministers will not raise taxes.")
    assert doc_row(negated, "economic").evidence == "not:tax"
    assert 0 < doc_row(negated, "economic").score < doc_row(plain, "economic").score


def test_negation_does_not_cross_sentences():
    df = score("They said nothing. Taxes will rise.")
    assert doc_row(df, "economic").evidence == "tax"


def test_score_is_normalised_by_length():
    one = score("The tax rise will hit families hard this year.")
    two = score("The tax rise will hit families hard this year. The tax rise will hit families hard this year.")
    assert doc_row(one, "economic").score == pytest.approx(doc_row(two, "economic").score)


def test_present_rule_relative_to_top():
    rule = framing.PresentRule(min_hits=2, min_score=0.0, min_share=0.5, max_frames=2)
    scores = np.array([5.0, 3.0, 2.6, 0.4])
    hits = np.array([5, 3, 1, 1])
    out = framing.decide_present(scores, hits, np.array(["policy"] * 4), rule)
    assert out.tolist() == [True, True, False, False]


def test_empty_and_odd_texts():
    for text in ["", "   \n\n ", "!!! ??? ...", "🙂🙂 税金 😀", "NO TAX RISES!!!", "“unbalanced quote"]:
        df = score(text)
        assert list(df.columns) == schema.FRAMES
    assert score("").empty and score("!!! ??? ...").empty
    assert doc_row(score("NO TAX RISES!!!"), "economic").evidence == "not:tax"


def test_long_text_without_full_stop():
    text = ("the government spent public funds on police and hospitals and " * 4000)[:200_000]
    df = score(text)
    assert doc_row(df, "economic").present


# --------------------------------------------------------------------------- seed article


@pytest.fixture(scope="module")
def seed():
    if not GOLD.exists():
        pytest.skip(f"gold file not found at {GOLD}")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    text = SEED.read_text(encoding="utf-8")
    rows = []
    for c in gold["claims"]:
        start = text.find(c["content"])
        assert start >= 0, c["content"]
        end = start + len(c["content"])
        rows.append({"claim_id": f"seed:c{start}-{end}", "content_start": start, "content_end": end,
                     "content": c["content"], "speaker": c["speaker"]})
    claims = pd.DataFrame(rows)
    return gold["frames"], text, claims, framing.score_frames("seed", text, segment(text), claims)


def test_seed_document_frames(seed):
    gold, _, _, df = seed
    doc = df[df.unit == "document"]
    pol = doc[doc.scheme == "policy"]
    present = set(pol[pol.present].frame)
    assert set(gold["document_present"]) <= present
    assert not set(gold["document_absent"]) & present
    assert pol.sort_values("score", ascending=False).iloc[0].frame == gold["document_top"]
    gen = doc[doc.scheme == "generic"]
    assert set(gold["generic_present"]) <= set(gen[gen.present].frame)


def test_seed_claim_frames(seed):
    gold, _, claims, df = seed
    for item in gold["claims"]:
        ids = claims.loc[claims.content.str.startswith(item["content_starts"]), "claim_id"]
        assert len(ids) == 1, item
        got = df[(df.unit == "claim") & (df.unit_id == ids.iloc[0]) & (df.scheme == "policy") & df.present]
        assert item["frame"] in set(got.frame), (item, got[["frame", "score", "evidence"]])


def test_seed_through_claims_module(seed):
    claims_mod = pytest.importorskip("utils.claims")
    actors_mod = pytest.importorskip("utils.actors")
    gold, text, _, _ = seed
    seg = segment(text)
    mentions = actors_mod.detect_mentions("seed", text, seg)
    claims = claims_mod.extract_claims("seed", text, seg, mentions)
    df = framing.score_frames("seed", text, seg, claims)
    found = 0
    for item in gold["claims"]:
        hit = claims[[str(c).lstrip('"“').startswith(item["content_starts"]) or item["content_starts"] in str(c)
                      for c in claims.content]]
        if not len(hit):
            continue
        got = df[(df.unit == "claim") & df.unit_id.isin(hit.claim_id) & df.present]
        found += item["frame"] in set(got.frame)
    assert found >= 2


# --------------------------------------------------------------------------- supervised option

TRAIN = [
    ("Police arrested a man after the robbery and he was charged with assault.", "crime_and_punishment"),
    ("The suspect was jailed for fraud after a trial at the crown court.", "crime_and_punishment"),
    ("Detectives said the gang had been smuggling drugs across the city.", "crime_and_punishment"),
    ("Officers launched a murder inquiry after the stabbing.", "crime_and_punishment"),
    ("The budget will raise taxes and cut spending to reduce the deficit.", "economic"),
    ("Inflation pushed prices up and wages fell behind, economists said.", "economic"),
    ("Investors fear a recession as markets fell and unemployment rose.", "economic"),
    ("The firm reported lower profits and revenue this quarter.", "economic"),
    ("Police said the fraud cost taxpayers millions in lost revenue.", "crime_and_punishment; economic"),
    ("The robbery gang laundered money through banks, the court heard.", "crime_and_punishment; economic"),
]


def test_read_coded_csv_and_errors(tmp_path):
    p = tmp_path / "coded.csv"
    pd.DataFrame(TRAIN, columns=["text", "frames"]).to_csv(p, index=False)
    texts, labels = framing.read_coded_csv(p)
    assert len(texts) == 10 and labels[-1] == ["crime_and_punishment", "economic"]
    bad = tmp_path / "bad.csv"
    pd.DataFrame([("A text.", "Crime and punishment")], columns=["text", "frames"]).to_csv(bad, index=False)
    with pytest.raises(ValueError, match=r"line 2: field 'frames'"):
        framing.read_coded_csv(bad)
    with pytest.raises(ValueError, match="missing column 'frames'"):
        pd.DataFrame({"text": ["x"]}).to_csv(bad, index=False)
        framing.read_coded_csv(bad)


def test_train_save_load_classify(tmp_path):
    texts = [t for t, _ in TRAIN] * 2
    labels = [f.split("; ") for _, f in TRAIN] * 2
    model = framing.train_classifier(texts, labels, inner_folds=0, max_features=500)
    assert model.frames == ["crime_and_punishment", "economic"]
    path = framing.save_classifier(model, tmp_path / "frames-test.joblib")
    assert path.stat().st_size < 1_000_000
    loaded = framing.load_classifier(path)
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Police arrested the gang after the assault.",
                                                        "Taxes and prices rose as the economy slowed."]})
    out = framing.classify_documents(docs, loaded)
    assert list(out.columns) == schema.FRAMES
    got = out[out.present].set_index("doc_id").frame
    assert "crime_and_punishment" in set(got.loc[["a"]]) and "economic" in set(got.loc[["b"]])
    assert framing.classify_documents(docs.iloc[:0], loaded).empty


def test_cross_validate_reports_per_frame():
    texts = [t for t, _ in TRAIN] * 2
    labels = [f.split("; ") for _, f in TRAIN] * 2
    table, pred = framing.cross_validate(texts, labels, folds=2, seed=0, inner_folds=0, max_features=500)
    assert set(table.frame) == {"crime_and_punishment", "economic", "micro", "macro"}
    assert pred.shape == (20, 2)
    assert table.set_index("frame").loc["micro", "f1"] > 0.7


# --------------------------------------------------------------------------- charts


def test_chart_helpers_return_axes():
    text = SEED.read_text(encoding="utf-8")
    claims = pd.DataFrame([{"claim_id": "c1", "speaker": "Ian Austin", "content_start": 0, "content_end": 300},
                           {"claim_id": "c2", "speaker": "Sarah Henney", "content_start": 1445, "content_end": 1498}])
    frames = framing.score_frames("seed", text, segment(text), claims)
    prev = framing.prevalence(frames)
    assert prev.share.between(0, 1).all() and prev.n_units.eq(1).all()
    ax = framing.plot_prevalence(prev)
    assert ax.get_title() and ax.get_xlabel()
    by = framing.frames_by(frames, claims, "speaker")
    assert set(by.group) <= {"Ian Austin", "Sarah Henney"}
    assert framing.plot_frames_by(by).get_title() == "Frames by speaker"
    stances = pd.DataFrame({"claim_id": ["c1"], "polarity": ["against"], "target": ["Jeremy Corbyn"]})
    by_pol = framing.frames_by(frames, claims, "polarity", stances=stances)
    assert set(by_pol.group) <= {"against"}
    no_stances = pd.DataFrame(columns=["claim_id", "polarity", "target"])  # a corpus without stance rows
    assert framing.frames_by(frames, claims, "polarity", stances=no_stances).empty
    assert framing.frames_by(frames, claims, "target", stances=None).empty
    docs = pd.DataFrame({"doc_id": ["seed"], "source": ["Express & Star"], "date": ["2015-07-30"]})
    assert set(framing.frames_over(frames, docs, "source").group) == {"Express & Star"}
    assert set(framing.frames_over(frames, docs, "date").group) == {"2015-07"}
    assert framing.frames_over(frames, docs.drop(columns="date"), "date").empty
    import matplotlib.pyplot as plt

    plt.close("all")


def test_suggest_terms_and_augment_codebook():
    texts = [t for t, _ in TRAIN] * 3
    labels = [f.split("; ") for _, f in TRAIN] * 3
    sug = framing.suggest_terms(texts, labels, top=5, min_docs=3, min_z=0.5)
    assert list(sug.columns) == ["frame", "term", "stem", "z", "n_docs"]
    assert set(sug.frame) <= {"crime_and_punishment", "economic"} and len(sug)
    cb = framing.load_codebook()
    listed = {t for f in cb.frames if f.name == "economic" for t in f.terms}
    assert not set(sug.loc[sug.frame == "economic", "term"]) & listed
    aug = framing.augment_codebook(cb, sug, weight=0.5)
    assert aug.version.endswith("+coded")
    added = sug.iloc[0]
    frame = next(f for f in aug.frames if f.scheme == "policy" and f.name == added.frame)
    assert added.term in frame.terms and (added.term, 0.5) in frame.weights
