"""The claim filter (utils/claims/filter.py): a logistic regression trained on PolNeAR train
and judged BBC claims that judges reported speech and mixed quotes, drops the ones it is sure
are not claims and gives the others a per-claim confidence. Sentences are invented in the
shapes of the hand-checked and judged BBC sets' non-claims (#21)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from utils import paths
from utils.actors import detect_mentions
from utils.claims import extract_claims, load_cues
from utils.claims.bare import load_rule_speaker_accuracy
from utils.claims.filter import (ClaimFilterModel, applies, filter_claims, headline_end, load_claim_filter, title_end,
                                 score_claims, stance_acts)
from utils.text import segment

SPEECH = "The health minister said the plan would cut waiting lists by a third."
NOT_SPEECH = ["Retail sales show festive fervour as shoppers return.",
              "The event sees 14 films competing to win three awards."]


def _run(text: str, **options):
    seg = segment(text)
    mentions = detect_mentions("t", text, seg)
    return seg, mentions, extract_claims("t", text, seg, mentions, **options)


def _probability(text: str) -> float:
    seg, mentions, claims = _run(text, claim_filter=False)
    p = score_claims(text, seg, claims, mentions, load_cues(), load_claim_filter())
    assert len(p) == 1, p
    return next(iter(p.values()))


def test_the_shipped_model_loads_with_its_threshold_and_weights():
    m = load_claim_filter()
    assert 0.0 <= m.threshold < 1.0
    assert len(m.weights) > 50 and "say" in m.lemmas
    assert m.weights["clen"] > 0  # longer contents are more often claims (PolNeAR train)


def test_a_said_clause_outranks_things_that_show_and_see():
    said = _probability(SPEECH)
    assert said > 0.9
    for text in NOT_SPEECH:
        assert _probability(text) < said - 0.2, text


def test_direct_quotes_tweets_and_bare_quotes_are_not_judged():
    assert applies("speaker-cue-content", "indirect") and applies("mixed-cue-quote", "mixed")
    assert not applies("quote-speaker-cue", "direct")
    assert not applies("tweet-signature", "indirect") and not applies("bare-quote", "mixed")


def test_a_threshold_drops_judged_claims_and_keeps_quotes():
    text = '"We will win the vote," said Ms Roe. ' + NOT_SPEECH[0]
    _seg, _m, everything = _run(text, claim_filter=False)
    _seg, _m, strict = _run(text, claim_filter=0.99)
    assert {"direct", "indirect"} <= set(everything["kind"])
    assert set(strict["kind"]) == {"direct"}  # the quote is never judged
    with pytest.raises(ValueError, match="claim_filter"):
        _run(text, claim_filter=1.5)


def test_a_dropped_claim_takes_its_nested_claims_with_it_and_kept_ones_get_a_confidence():
    text = "Mr Hart said the minister claimed the budget was balanced. " + SPEECH
    seg = segment(text)
    mentions = detect_mentions("t", text, seg)
    claims = extract_claims("t", text, seg, mentions, claim_filter=False)
    nested = claims[claims["parent_claim_id"].fillna("") != ""]
    assert len(nested), claims[["content", "parent_claim_id"]]
    parent = nested["parent_claim_id"].iloc[0]
    # a model that drops exactly the parent: a weight on a feature only the parent has
    lex = load_cues()
    drop_all = ClaimFilterModel({"rule=speaker-cue-content": -40.0}, 0.0, 0.5, frozenset())
    out = filter_claims(text, seg, claims, mentions, lex, drop_all)
    assert parent not in set(out["claim_id"]) and not (out["parent_claim_id"].fillna("") == parent).any()
    keep_all = ClaimFilterModel({}, 40.0, 0.5, frozenset())
    acc = load_rule_speaker_accuracy()
    out = filter_claims(text, seg, claims, mentions, lex, keep_all, acc)
    assert len(out) == len(claims)
    top = out[(out["parent_claim_id"].fillna("") == "") & (out["rule"] == "speaker-cue-content")]
    assert list(top["confidence"]) == [round(acc[("speaker-cue-content", "indirect")], 3)] * len(top)


def test_default_confidence_is_probability_times_speaker_accuracy():
    p = _probability(SPEECH)
    _seg, _m, claims = _run(SPEECH)
    acc = load_rule_speaker_accuracy()[("speaker-cue-content", "indirect")]
    assert claims["confidence"].iloc[0] == pytest.approx(round(p * acc, 3))


def test_a_missing_or_malformed_model_is_a_clear_error(tmp_path):
    with pytest.raises(paths.ResourceMissing, match="nope.json"):
        load_claim_filter(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "wsw-claim-filter/1", "weights": {}, "intercept": 0, "threshold": 2,
                               "lemmas": []}))
    with pytest.raises(ValueError, match="bad.json.*threshold"):
        load_claim_filter(bad)
    bad.write_text(json.dumps({"format": "other"}))
    with pytest.raises(ValueError, match="bad.json.*format"):
        load_claim_filter(bad)


def test_the_model_file_records_its_training_and_measured_figures():
    obj = json.loads((paths.MODELS / "claim_filter_polnear.json").read_text(encoding="utf-8"))
    assert obj["training"]["data"].startswith("PolNeAR train")
    assert obj["training"]["claims"] > 1000 and 0 < obj["training"]["positive"] < obj["training"]["claims"]
    curve = pd.DataFrame(obj["training"]["cv_curve"], columns=["t", "p", "r", "f1"]).set_index("t")
    # the threshold is the highest whose cross-validated F1 stays within max_f1_loss of no filter (t = 0)
    ok = curve[curve["f1"] >= curve.loc[0.0, "f1"] - obj["training"]["max_f1_loss"]]
    assert obj["threshold"] == ok.index.max()


def test_the_news_model_records_its_judged_training_half_and_threshold_rule():
    obj = json.loads((paths.MODELS / "claim_filter_news.json").read_text(encoding="utf-8"))
    t = obj["training"]
    assert "judged BBC claims" in t["data"] and t["convention"] == "news"
    assert 300 < t["judged_claims"] < 600 and 0 < t["judged_positive"] < t["judged_claims"]
    assert str(t["judged_weight"]) in t["auc_by_weight"]
    assert t["auc_by_weight"][str(t["judged_weight"])] == max(t["auc_by_weight"].values())
    curve = pd.DataFrame(t["cv_curve"], columns=["t", "p", "kept"]).set_index("t")
    # the threshold is the highest whose cross-validated share of judged claims kept is at least min_kept
    assert obj["threshold"] == curve[curve["kept"] >= t["min_kept"]].index.max()
    held = obj["measured"]["judged_bbc_eval_half"]
    assert held["precision"][1] > held["precision"][0] and held["claims_kept"] >= 0.95


# Non-claims of the judged BBC claims, in invented sentences: a finding that is an act, a hope.
NEWS_NON_CLAIMS = ["Rangers found Celtic harder to break down after the interval.",
                   "Wilson is hoping to repeat his Golden Globe success in March."]


@pytest.mark.parametrize("text", NEWS_NON_CLAIMS)
def test_the_default_filter_drops_acts_and_hopes_that_polnear_counts(text):
    _seg, _m, everything = _run(text, claim_filter=False)
    assert len(everything) == 1  # the rules find it ...
    assert _run(text)[2].empty  # ... the default (news) filter drops it
    assert len(_run(text, claim_filter="polnear")[2]) == 1  # PolNeAR's convention keeps it


def test_speech_is_kept_by_both_conventions():
    for convention in (True, "polnear"):
        claims = _run(SPEECH, claim_filter=convention)[2]
        assert list(claims["cue"]) == ["said"]


def test_an_evaluation_act_toward_an_actor_is_kept_whatever_its_probability():
    text = "Bishop Tom Dorn backed Mr Hale's stance on church schools."
    seg, mentions, claims = _run(text, claim_filter=False)
    assert stance_acts(text, seg, claims, load_cues()) == set(claims["claim_id"])
    assert list(_run(text, claim_filter=0.99)[2]["cue"]) == ["backed"]  # the stance stage reads it (#22)
    other = "The council backed the introduction of later opening hours."  # no actor after the act
    seg, mentions, claims = _run(other, claim_filter=False)
    assert stance_acts(other, seg, claims, load_cues()) == set()


def test_a_headline_is_a_short_first_paragraph_before_the_story():
    text = "Minister attacks rail plans\n\nThe transport minister said the plans would fail."
    assert headline_end(text, segment(text)) == len("Minister attacks rail plans")
    story = "The transport minister said the plans would fail. She added that the fares would rise."
    assert headline_end(story, segment(story)) is None  # one paragraph: no headline
    long = " ".join(["word"] * 30) + "\n\n" + story
    assert headline_end(long, segment(long)) is None


def test_the_news_convention_drops_every_headline_claim():
    """A title summarises the story's claims ("Brown hails 'genius' Smith" above the story that
    quotes him): neither BBC gold set counts a headline as a claim, so the default (news) filter
    drops them, mixed quotes included; PolNeAR's convention keeps them."""
    text = ("Minister hails 'genius' rail chief\n\nThe transport minister, Anna Pike, praised the rail chief "
            "on Monday. \"He is a genius,\" Ms Pike said.")
    head = len("Minister hails 'genius' rail chief")
    assert _run(text, claim_filter=False)[2]["content_start"].min() < head  # the rules read one
    news = _run(text)[2]
    assert len(news) and (news["content_start"] >= head).all()
    assert (_run(text, claim_filter="polnear")[2]["content_start"] < head).any()
    # a one-line lead that ends a sentence is no title: its claim stays
    lead = "Ms Pike said the rail chief was a genius.\n\nShe praised him on Monday."
    assert title_end(lead, segment(lead)) is None and headline_end(lead, segment(lead)) is not None
    assert "the rail chief was a genius" in _run(lead)[2]["content"].tolist()


@pytest.mark.parametrize("text", [
    "The firm refused to comment on reports that it would merge with a rival.",
    "Ms Pike declined to say whether the minister would resign before the election.",
])
def test_the_news_convention_drops_refusals_to_speak(text):
    """What follows "refused to comment on" is what was not said: no claim in either BBC gold
    set (13 of 13); PolNeAR's convention keeps the refusal."""
    assert not len(_run(text)[2])
    assert len(_run(text, claim_filter="polnear")[2])


def test_the_news_convention_drops_an_expectation_nobody_holds_but_keeps_what_it_holds():
    """"Mr Pike is expected to announce ..." names nobody who expects (no claim in either BBC
    set: 20 of 20 judged); a claim nested in it is still a claim, now of its own."""
    text = ("Mr Pike is expected to announce his new team on Monday for the match in Cardiff.\n\n"
            "Ruritania is expected to face renewed pressure to abandon its fixed exchange rate, which G7 nations, "
            "in particular the US, have blamed for a surge in cheap exports.")
    news = _run(text)[2]
    assert "expected" not in [c.lower() for c in news["cue"]]
    row = news[news["cue"] == "blamed"]
    assert len(row) == 1 and row["parent_claim_id"].iloc[0] == ""
    assert "expected" in [c.lower() for c in _run(text, claim_filter="polnear")[2]["cue"]]
    active = "Analysts expected that the bank would raise rates again in May."
    assert "expected" in [c.lower() for c in _run(active, claim_filter=False)[2]["cue"]]


def test_a_mixed_quote_after_a_verb_of_wanting_is_judged_like_reported_speech():
    """Mixed quotes are kept whatever the model says (their quoted words are somebody's), but
    not after a verb of wanting or planning: 'wants to see a withdrawal "as soon as ..."' is a
    plan (6 of 6 in the BBC sets are no claim); a said-mixed quote stays."""
    plan = 'Mr Pike wants to see a phased withdrawal of troops "as soon as the situation allows".'
    said = 'Mr Pike said the withdrawal would come "as soon as the situation allows".'
    news = _run(plan)[2]
    assert "wants" not in [c.lower() for c in news["cue"]]
    assert "said" in [c.lower() for c in _run(said)[2]["cue"]]


def test_an_unknown_convention_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown claim convention 'strict'"):
        load_claim_filter(convention="strict")
