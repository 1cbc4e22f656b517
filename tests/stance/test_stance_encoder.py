"""The default sentiment model (fine-tuned MiniLM, int8 ONNX) and the stance
directions it serves: invented sentences of the failure shapes issue #22 lists."""
from __future__ import annotations

import numpy as np
import pytest

from utils import paths
from utils import stance as S
from utils.pipeline import annotate_document
from utils.settings import run_options
from utils.stance import onnx_model


def _toward(sentence: str, target: str, method: str = "auto") -> str:
    s = sentence.index(target)
    return S.sentiment_toward(sentence, s, s + len(target), method=method)[0]


def _stances(text: str, sentiment: str = "auto"):
    out = annotate_document("t", text, {"sentiment": sentiment})
    assert out["errors"].empty, out["errors"].to_dict("records")
    return out["stances"]


# ---------------------------------------------------------------------------
# the model files and their run-time code
# ---------------------------------------------------------------------------


def test_model_files_ship_small_and_load():
    model = paths.MODELS / S.ENCODER_FILE
    tok = paths.MODELS / S.ENCODER_TOKENIZER_FILE
    assert model.exists() and tok.exists()
    assert model.stat().st_size <= 25 * 1024 * 1024  # the issue's limit
    sess = onnx_model.load_session()
    assert [i.name for i in sess.get_inputs()] == ["input_ids", "attention_mask", "target_mask"]


def test_missing_model_is_a_clear_error_naming_the_file(tmp_path):
    with pytest.raises(S.ModelMissingError, match=str(tmp_path)):
        onnx_model.predict_proba([("Critics slammed Smith.", 16, 21)], model_dir=tmp_path)


def test_long_text_keeps_the_target_inside_the_window():
    tok = onnx_model.load_tokenizer()
    filler = "The committee met again on a grey afternoon to discuss the minutes. " * 30
    text = filler + "Voters adore Anna Pike."
    s = text.index("Anna Pike")
    ids, mask, tm = onnx_model.encode_items(tok, [(text, s, s + 9)])
    assert ids.shape[1] == onnx_model.MAX_LEN
    assert tm.sum() >= 2  # "anna", "pike" word pieces kept
    assert ids[0, 0] == tok.token_to_id("[CLS]") and ids[0, -1] == tok.token_to_id("[SEP]")


def test_an_items_probabilities_do_not_depend_on_the_other_items():
    """8-bit activations are scaled per model call, so a target that shared a padded
    batch with others got probabilities that moved with them (up to 0.34 on BBC
    politics, and 5% of the verdicts); every item now runs alone."""
    items = [("Critics slammed Tom Reyes over the corruption scandal.", 16, 25),
             ("Supporters praised Anna Pike for her brave and honest campaign.", 19, 28),
             ("Ben Ode chaired the meeting on Tuesday.", 0, 7)]
    long = ("It is a long and winding dispute between the council, its many angry tenants, three unions "
            "and Mary Holt, who said on Monday that nothing had been agreed and nothing would be.", 95, 104)
    together = onnx_model.predict_proba([*items, long])
    single = np.vstack([onnx_model.predict_proba([it]) for it in items])
    assert np.array_equal(together[:3], single)
    assert list(single.argmax(1)) == [0, 2, 1]
    assert np.allclose(together.sum(1), 1.0)


def test_bad_offsets_are_errors():
    with pytest.raises(ValueError, match="bad target offsets"):
        onnx_model.predict_proba([("short", 3, 10)])


def test_unknown_sentiment_option_is_an_error():
    with pytest.raises(ValueError, match="unknown sentiment method 'bert'"):
        run_options({"sentiment": "bert"})


# ---------------------------------------------------------------------------
# the encoder reads the sentence toward the target (NewsMTSC shapes)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, target, want", [
    ("Critics slammed Tom Reyes over the corruption scandal.", "Tom Reyes", "negative"),
    ("Supporters praised Anna Pike for her brave and honest campaign.", "Anna Pike", "positive"),
    ("Ben Ode chaired the meeting on Tuesday.", "Ben Ode", "neutral"),
    # words out of context: a compound or a name is not an evaluation of the target
    ("Lawyers for Dana Hill said the hedge fund had filed its papers on time.", "Dana Hill", "neutral"),
    ("The lie detector test was arranged by Carl Mott's office.", "Carl Mott", "neutral"),
])
def test_encoder_reads_sentiment_toward_the_target(sentence, target, want):
    assert _toward(sentence, target) == want


def test_encoder_tells_two_targets_of_one_sentence_apart():
    s = "Mara Vell is a brilliant, honest leader, while Tom Reyes is a liar and a fraud."
    assert _toward(s, "Mara Vell") == "positive"
    assert _toward(s, "Tom Reyes") == "negative"


# ---------------------------------------------------------------------------
# stance rows: direction from the sentence
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, source, target, polarity", [
    ("Ana Pike was attacked by Tom Reyes over the budget.", "Tom Reyes", "Ana Pike", "against"),
    ("Ana Pike was strongly criticised by Tom Reyes on Monday.", "Tom Reyes", "Ana Pike", "against"),
    ("Ana Pike came under attack from Tom Reyes.", "Tom Reyes", "Ana Pike", "against"),
    ("Ana Pike praised Tom Reyes for his courage.", "Ana Pike", "Tom Reyes", "favour"),
])
def test_passive_and_received_acts_point_from_the_agent(text, source, target, polarity):
    st = _stances(text)
    got = {(r.source, r.target, r.polarity) for r in st.itertuples()}
    assert (source, target, polarity) in got
    assert not any(r.source == target and r.target == source for r in st.itertuples())


def test_a_quoted_evaluation_is_the_speakers_stance_toward_its_target():
    st = _stances('"Tom Reyes has been a disaster for this town," said Mara Vell.')
    rows = st[(st["source"] == "Mara Vell") & (st["target"] == "Tom Reyes")]
    assert list(rows["polarity"]) == ["against"]
    assert rows["rule"].iloc[0] == "encoder"


def test_a_neutral_mention_in_a_quote_is_not_a_stance():
    st = _stances('"I spoke to Tom Reyes on Tuesday about the timetable," said Mara Vell.')
    rows = st[(st["source"] == "Mara Vell") & (st["target"] == "Tom Reyes")]
    assert set(rows["polarity"]) <= {"neutral"}


def test_the_lexicon_option_still_gives_the_old_rule_names():
    st = _stances('"Tom Reyes has been a disaster for this town," said Mara Vell.', sentiment="lexicon")
    assert "encoder" not in set(st["rule"])


# ---------------------------------------------------------------------------
# the NewsMTSC-in-claims scorer (evaluation/newsmtsc_claims.py)
# ---------------------------------------------------------------------------


def test_newsmtsc_claims_scores_a_quoted_target():
    from evaluation.newsmtsc_claims import sentence_outcomes

    s = '"Tom Reyes has been a disaster for this town," said Mara Vell.'
    neg = sentence_outcomes(s, [{"from": 1, "to": 10, "polarity": 2.0}], "auto")
    assert neg == {"covered": 1, "named": 1, "right": 1, "polar": 1, "polar_right": 1}
    pos = sentence_outcomes(s, [{"from": 1, "to": 10, "polarity": 6.0}], "auto")
    assert pos == {"covered": 1, "named": 1, "right": 0, "polar": 1, "polar_right": 0}
    neutral = sentence_outcomes(s, [{"from": 1, "to": 10, "polarity": 4.0}], "auto")
    assert neutral["covered"] == 0 and neutral["polar"] == 1 and neutral["polar_right"] == 0
    # the speaker herself is never her own target
    own = sentence_outcomes(s, [{"from": s.index("Mara"), "to": s.index("Mara") + 9, "polarity": 2.0}], "auto")
    assert own["covered"] == 0


def test_newsmtsc_claims_script_skips_without_dataset(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "evaluation.newsmtsc_claims"], cwd=paths.ROOT,
                       env={"WSW_DATASETS": str(tmp_path), "PATH": ""}, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("skipped: dataset not found at")


def test_issue_targets_keep_the_word_rules():
    """The encoder learnt sentiment toward people: an issue target is read by the word rules."""
    st = _stances('"The anti-terror laws will be debated on Monday," said Mara Vell.')
    rows = st[st["target_type"] == "issue"]
    assert len(rows) and "encoder" not in set(rows["rule"]) and "against" not in set(rows["polarity"])
