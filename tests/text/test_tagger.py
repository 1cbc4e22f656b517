"""Part-of-speech tags for the project's tokens (utils.text.tagger), on invented sentences."""
from __future__ import annotations

import pytest

from utils import paths
from utils.text import segment, tag_doc
from utils.text import tagger as tagger_module
from utils.text.tagger import PTB_TAGS, tag_tokens


def tags_of(text: str) -> dict[str, str]:
    d = tag_doc(segment(text))
    return dict(zip(d.words, d.tags))


def test_verbs_nouns_and_modals():
    t = tags_of("He said the plan would fail.")
    assert t["said"] == "VBD" and t["plan"] == "NN" and t["would"] == "MD" and t["fail"] == "VB"
    assert t["He"] == "PRP" and t["the"] == "DT"


def test_gerund_opening_a_sentence():
    assert tags_of("Hoping to win, she smiled.")["Hoping"] == "VBG"


def test_headline_noun_is_not_a_verb():
    t = tags_of("800m hope McIlroy will start the race.")
    assert t["hope"] in {"NN", "NNP"} and t["McIlroy"] == "NNP"
    assert tags_of("The coach praised the defender after the match.")["defender"] == "NN"


def test_joined_clitics_take_the_tag_of_their_host():
    t = tags_of("Her allies don't think Dawson's idea is well-known.")
    assert t["don't"] == "VBP" and t["Dawson's"] == "NNP" and t["allies"] == "NNS"


def test_one_known_tag_per_token_sentence_by_sentence():
    d = segment("The council met on Tuesday. Its leader, who spoke briefly, promised to publish the report.\n\n"
                "Critics were not convinced.", doc_id="x")
    assert d.tags is None
    assert tag_doc(d) is d
    assert len(d.tags) == len(d.tokens) == len(d.words)
    assert set(d.tags) <= PTB_TAGS
    # tagging sentence by sentence gives the same tags as tag_tokens with the sentence ids
    assert d.tags == tag_tokens(d.words, [t.sentence for t in d.tokens])
    assert tag_tokens([]) == []
    with pytest.raises(ValueError):
        tag_tokens(["a", "b"], [0])


def test_missing_model_file_raises_a_clear_error(tmp_path, monkeypatch):
    missing = tmp_path / "pos_gum.json.gz"
    monkeypatch.setattr(tagger_module, "MODEL_PATH", missing)
    tagger_module.load_tagger.cache_clear()
    try:
        with pytest.raises(paths.ResourceMissing) as err:
            tagger_module.load_tagger()
        assert str(missing) in str(err.value) and "python -m evaluation.train_pos" in str(err.value)
    finally:
        tagger_module.load_tagger.cache_clear()


def test_a_saved_model_reads_back_and_tags_the_same(tmp_path):
    """save_model writes the weights whole (atomically, same bytes for the same weights)
    and read_model gives a tagger that tags exactly as the trained one."""
    from nltk.tag.perceptron import PerceptronTagger

    from utils.text.tagger import read_model, save_model

    train = [[("She", "PRP"), ("said", "VBD"), ("it", "PRP"), ("failed", "VBD"), (".", ".")],
             [("The", "DT"), ("plan", "NN"), ("will", "MD"), ("fail", "VB"), (".", ".")]] * 5
    trained = PerceptronTagger(load=False)
    trained.train(train, nr_iter=3)
    sent = ["The", "plan", "said", "it", "will", "fail", "."]
    p = tmp_path / "pos.json.gz"
    counts = save_model(trained, p)
    first = p.read_bytes()
    save_model(trained, p)
    assert p.read_bytes() == first and counts["bytes"] == len(first) and counts["weights"] > 0
    assert not list(tmp_path.glob("*.tmp*"))
    assert [t for _, t in read_model(p).tag(sent)] == [t for _, t in trained.tag(sent)]
