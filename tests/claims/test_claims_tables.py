"""Claims, the table contract and what is built on it (utils/claims/tables.py, extract.py): empty
and hostile inputs, the cue lexicon, the HTML highlight, claim ids and parts (one claim_id per
attribution, its pieces numbered by part), and stances and frames per claim."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.claims.claims_helpers import check_offsets, claims_of
from utils import schema
from utils.claims import CueFileError, attributions, extract_claims, highlight_claims_html, load_cues, load_noun_cues
from utils.text import segment


def test_empty_inputs_give_empty_frames_with_schema():
    for text in ("", "   ", "No claims here at all."):
        df = claims_of(text)
        assert df.empty and list(df.columns) == schema.CLAIMS
    assert str(claims_of("").dtypes["content_start"]) == "Int64"


def test_hostile_unicode_does_not_crash():
    texts = [
        "\U0001F600 \u201c\u201c\u201d\u2019\u2018 said \u4e2d\u6587 \u00ab\u00bb \u201e",
        'MR AUSTIN SAID: "WE WILL WIN." HE ADDED THAT "IT IS DONE',
        "no capitals anywhere, said someone, \"and no end",
        ("word " * 40_000) + 'said "x',  # ~200 KB with no full stop
        "'" * 500 + '"' * 500,
    ]
    for t in texts:
        claims_of(t)


def test_cue_lexicon_loads_and_validates(tmp_path):
    lex = load_cues()
    assert lex.match(["according", "to"], 0).lemma == "according to"
    assert lex.match(["points", "out"], 0).type == "speech"
    bad = tmp_path / "cues.csv"
    bad.write_text("# comment\nlemma,forms,type,object\nsay,say|says,shouting,no\n", encoding="utf-8")
    with pytest.raises(CueFileError, match=r"line 3, field 'type'"):
        load_cues(bad)
    nouns = tmp_path / "nouns.csv"
    nouns.write_text("noun,type\nclaim,speech\nBad Noun,speech\n", encoding="utf-8")
    with pytest.raises(CueFileError, match=r"line 3, field 'noun'"):
        load_noun_cues(nouns)
    assert load_noun_cues()["assertion"] == "speech"
    custom = tmp_path / "mine.csv"
    custom.write_text("lemma,forms,type,object\nopine,opined,speech,no\n", encoding="utf-8")
    text = "Ms Frost opined that the plan was sound."
    df = extract_claims("t", text, segment(text), None, cues=custom)
    assert df["cue"].tolist() == ["opined"]


def test_word_lists_load_and_validate(tmp_path):
    """The open word lists of data/claims_words.csv: every list the rules read has words; a
    malformed file is refused naming its file, line and field."""
    from utils.claims import WORD_LISTS, load_word_lists
    from utils.paths import ResourceMissing

    lists = load_word_lists()
    assert set(lists) == set(WORD_LISTS) and all(lists.values())
    assert {"statement", "letter"} <= lists["works"] and "sen" in lists["signature_titles"]
    assert "op-ed" in lists["works"] and "editor's" in lists["heading_words"]
    good = "# comment\nlist,word\n" + "".join(f"{name},word\n" for name in WORD_LISTS)
    for extra, match in (("speech_verbs,said\n", r"line \d+, field 'list'"),
                         ("works,Open Letter\n", r"line \d+, field 'word'"),
                         ("works,word\n", r"field 'word': 'word' is already in works"),
                         ("works\n", r"expected 2 fields")):
        bad = tmp_path / "words.csv"
        bad.write_text(good + extra, encoding="utf-8")
        with pytest.raises(CueFileError, match=r"words.csv, line " + str(len(good.splitlines()) + 1)):
            load_word_lists(bad)
        with pytest.raises(CueFileError, match=match):
            load_word_lists(bad)
    bad.write_text("\n".join(good.splitlines()[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(CueFileError, match=f"no word for the list\\(s\\) {WORD_LISTS[-1]}"):
        load_word_lists(bad)
    bad.write_text("word,list\n", encoding="utf-8")
    with pytest.raises(CueFileError, match="line 1: header must be list,word"):
        load_word_lists(bad)
    with pytest.raises(ResourceMissing, match="claims word lists"):
        load_word_lists(tmp_path / "absent.csv")


def test_highlight_html_escapes_and_has_legend():
    text = 'Ms Lowe said: "<b>Vote</b> & win."\n\nThe end.'
    html = highlight_claims_html(text, claims_of(text))
    assert "&lt;b&gt;Vote&lt;/b&gt; &amp; win." in html
    assert "<b>" not in html
    assert 'class="wsw-legend"' in html and 'class="wsw-speaker"' in html and 'class="wsw-cue"' in html
    assert html.count("<p>") == 2
    assert highlight_claims_html(text, claims_of("")).count('class="wsw-content"') == 1  # only the legend


def test_very_long_sentence_without_full_stop_stays_exact():
    text = "he said that the plan is bad, she thinks the deal will fail and they believe it " * 1500
    df = claims_of(text)  # offsets checked; the run stays linear (units are cut at 2,000 characters)
    assert len(df) > 1000


def _parts(df: pd.DataFrame, who: str) -> pd.DataFrame:
    return df[df["speaker_text"].fillna("").str.contains(who)]


def test_a_two_piece_quote_is_one_claim():
    text = '"Today was only the first step," said Senator Ruth Abara. "The agency must answer for this."'
    df = claims_of(text)
    check_offsets(text, df)
    assert len(df) == 2 and df["claim_id"].nunique() == 1
    assert df["part"].tolist() == [1, 2]
    assert df["claim_id"].iloc[0] == f"t:c{text.index('Today')}-{text.index('step,') + len('step,')}"
    a = attributions(df)
    assert len(a) == 1 and a.loc[0, "n_parts"] == 2 and a.loc[0, "kind"] == "direct"
    assert a.loc[0, "content"] == "Today was only the first step, […] The agency must answer for this."


def test_a_quote_over_three_paragraphs_is_one_claim():
    text = ('Mr Hollis said: "The depot has served this town for eighty years.\n\n'
            '"It employs two hundred people and feeds their families.\n\n'
            '"Closing it would be an act of vandalism."\n\n'
            'The company said the site was no longer safe.')
    df = claims_of(text)
    check_offsets(text, df)
    hollis = _parts(df, "Hollis")
    assert len(hollis) == 3 and hollis["claim_id"].nunique() == 1 and hollis["part"].tolist() == [1, 2, 3]
    assert df["claim_id"].nunique() == 2  # Hollis's quote and the company's claim


def test_a_claim_nested_in_a_later_piece_points_to_the_whole_claim():
    text = ('"We were told nothing," said Ms Farah Diallo. "The minister said the cuts would not touch '
            'our ward, and that was a lie."')
    df = claims_of(text)
    check_offsets(text, df)
    outer = _parts(df, "Diallo")
    outer = outer[outer["parent_claim_id"].fillna("") == ""]
    assert outer["claim_id"].nunique() == 1 and len(outer) == 2
    nested = df[df["parent_claim_id"].fillna("") != ""]
    assert len(nested) >= 1
    assert set(nested["parent_claim_id"]) == {outer["claim_id"].iloc[0]}
    assert nested["speaker_text"].str.contains("minister").all()


def test_stances_and_frames_are_one_per_claim_not_per_piece():
    """A claim in two pieces that names one target in both gets one stance toward it
    (the strongest piece's) and one row per frame."""
    from utils.actors import detect_mentions
    from utils.framing import score_frames
    from utils.stance import claim_stances

    text = ('"Councillor Idris Vane has betrayed this town," said Ms Carla Munt. '
            '"Councillor Idris Vane is a decent man, but his budget plan is a disaster for every family."')
    seg = segment(text)
    mentions = detect_mentions("t", text, seg)
    df = extract_claims("t", text, seg, mentions)
    munt = _parts(df, "Munt")
    assert munt["claim_id"].nunique() == 1 and len(munt) == 2
    st = claim_stances("t", text, seg, mentions, df)
    vane = st[(st["claim_id"] == munt["claim_id"].iloc[0]) & (st["target"].str.contains("Vane"))]
    assert len(vane) == 1 and vane["polarity"].iloc[0] == "against"
    assert st["stance_id"].is_unique
    fr = score_frames("t", text, seg, df)
    claim_rows = fr[fr["unit"] == "claim"]
    assert not claim_rows.duplicated(["unit_id", "scheme", "frame"]).any()
    assert set(claim_rows["unit_id"]) <= set(df["claim_id"])
