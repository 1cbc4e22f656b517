"""Claims, bare-quote model and rule confidence (utils/claims/bare.py): the optional model for
quotes no rule attributes (rules ``bare-quote*``) and the confidence measured on PolNeAR train
(utils/models/rule_confidence_polnear.csv)."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.claims.claims_helpers import EMPTY_MENTIONS, check_offsets, claims_of, find
from utils.claims import CueFileError, extract_claims
from utils.text import segment


def test_bare_quote_model_is_optional_and_ranks_speech_above_titles(monkeypatch):
    """The shipped model is optional (off by default); it scores a paragraph-opening
    first-person quotation above a quoted title, and with bare quotes on it keeps the
    quotations above its threshold, speakerless when no context names anyone. (The
    shipped threshold moves with each retraining, so the keep/drop test sets it between
    the two probabilities.)"""
    import dataclasses

    from utils import claims as C
    from utils.claims import extract
    from utils.claims import BARE_QUOTE_FEATURES, load_bare_quote_model

    model = load_bare_quote_model()
    assert model is not None and model.features == BARE_QUOTE_FEATURES
    assert 0.0 < model.threshold < 1.0
    text = ("The rally went on until late.\n\n"
            '"We have to do something and it is the only way you stop it. We are playing by different rules." '
            "The crowd cheered and the band played on.\n\n"
            'Her favourite show is "Modern Family."')
    assert claims_of(text).empty  # rules alone: nobody is named (the crowd only cheered)
    seg = segment(text)
    doc, top, rule_claims = C.rule_claims(text, seg, C.load_cues())
    p = {text[cs:ce][:12]: model.probability(C.bare_quote_features(doc, q, rule_claims))
         for q, (cs, ce) in C.unclaimed_quotes(doc, top, rule_claims)}
    assert p["We have to d"] > 0.3 > p["Modern Famil"]  # (0.3: the review list's threshold)
    assert p["We have to d"] > p["Modern Famil"] + 0.2
    cut = (p["We have to d"] + p["Modern Famil"]) / 2
    monkeypatch.setattr(extract, "load_bare_quote_model", lambda path=None: dataclasses.replace(model, threshold=cut))
    df = extract_claims("t", text, seg, EMPTY_MENTIONS, bare_quotes=True)
    check_offsets(text, df)
    assert df["rule"].tolist() == ["bare-quote"]
    r = df.iloc[0]
    assert r["content"].startswith("We have to do something") and r["kind"] == "direct"
    assert pd.isna(r["speaker_start"]) and r["confidence"] >= cut


def test_a_bare_quote_threshold_outside_0_1_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        extract_claims("t", 'He said "yes."', segment('He said "yes."'), EMPTY_MENTIONS, bare_quotes=1.5)


def test_bare_quotes_take_a_speaker_from_their_context(monkeypatch):
    """With the model on, a quote no cue attributes takes the subject of its own
    sentence, else the speaker of the last claim before it in its paragraph. (The
    model's threshold is set to 0 here: this tests the speaker, not the model.)"""
    import dataclasses

    from utils import claims as C
    from utils.claims import extract

    model = C.load_bare_quote_model()
    monkeypatch.setattr(extract, "load_bare_quote_model", lambda path=None: dataclasses.replace(model, threshold=0.0))
    text = ('Sanders credited her victory in Kentucky to "a closed primary, something I am not all '
            'that enthusiastic about, and I think it is wrong."\n\n'
            '"It is ambush journalism," Ms Reynolds says. And she repeats: it is all '
            '"this new in-your-face journalism and nothing more than that."')
    df = extract_claims("t", text, segment(text), EMPTY_MENTIONS, bare_quotes=True)
    check_offsets(text, df)
    r = find(df, "a closed primary")
    assert (r["rule"], r["speaker_text"]) == ("bare-quote-subject", "Sanders")
    r = find(df, "in-your-face journalism")
    assert r["rule"].startswith("bare-quote") and r["speaker_text"] in ("she", "Ms Reynolds")


def test_a_malformed_bare_quote_model_names_its_file(tmp_path):
    from utils.claims import load_bare_quote_model

    bad = tmp_path / "model.json"
    bad.write_text('{"features": ["a", "b"], "coef": [1.0], "intercept": 0, "threshold": 0.5}', encoding="utf-8")
    with pytest.raises(ValueError, match="model.json"):
        load_bare_quote_model(bad)
    with pytest.raises(FileNotFoundError, match="absent.json"):
        load_bare_quote_model(tmp_path / "absent.json")


def test_shipped_rule_confidence_names_rules_the_extractor_has():
    from utils import claims as C

    table = C.load_rule_confidence()
    assert table, "the shipped rule-confidence table is missing"
    for rule, kind in table:
        C.check_rule(rule)  # KeyError: in the confidence table but not registered in utils/claims/rules.py
        assert kind == "*" or kind in C.RULES[rule.removeprefix("mixed-")].kinds, (rule, kind)
        assert 0.0 < table[(rule, kind)] < 1.0


def test_measured_confidence_replaces_the_rules_own_value_and_spares_nested_claims():
    text = 'Ms Lowe said: "The plan will fail." "We will win," she said.'
    own = claims_of(text)  # shipped table
    fixed = extract_claims("t", text, segment(text), EMPTY_MENTIONS,
                           rule_confidence={("quote-speaker-cue", "direct"): 0.42, ("cue-quote", "*"): 0.33})
    raw = extract_claims("t", text, segment(text), EMPTY_MENTIONS, rule_confidence=False)
    assert list(fixed["content"]) == list(own["content"]) == list(raw["content"])  # only the confidence moves
    assert find(fixed, "We will win")["confidence"] == 0.42
    assert find(fixed, "The plan will fail")["confidence"] == 0.33
    assert find(raw, "We will win")["confidence"] == 0.9  # the value the rule sets
    nested = 'Ms Lowe said: "Voters told me they fear the plan will fail."'
    df = extract_claims("t", nested, segment(nested), EMPTY_MENTIONS, rule_confidence={("speaker-cue-content", "*"): 0.01})
    inner = df[df["parent_claim_id"].fillna("") != ""]
    assert len(inner) and (inner["confidence"] > 0.01).all()


def test_a_malformed_confidence_table_names_file_line_and_field(tmp_path):
    from utils.claims import load_rule_confidence

    p = tmp_path / "conf.csv"
    p.write_text("# comment\nrule,kind,rows,content_precision,speaker_accuracy,confidence\ncue-quote,direct,10,0.9,0.9,high\n")
    with pytest.raises(CueFileError, match=r"conf.csv, line 3, field 'confidence'"):
        load_rule_confidence(p)
    p.write_text("rule,kind\n")
    with pytest.raises(CueFileError, match=r"line 1: header"):
        load_rule_confidence(p)
    p.write_text("rule,kind,rows,content_precision,speaker_accuracy,confidence\nx,quoted,1,1,1,0.5\n")
    with pytest.raises(CueFileError, match=r"line 2, field 'kind'"):
        load_rule_confidence(p)
