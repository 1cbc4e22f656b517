"""Claims, direct quote, colon and quote-context families (utils/claims/direct.py; rules
``quote-speaker-cue``, ``quote-cue-speaker``, ``quote-speaker-verb``, ``quote-verb-speaker``, ``cue-quote``,
``colon-quote``, ``name-colon-quote``, ``intro-quote``, ``quote-same-paragraph``, ``quote-adjacent``,
``quote-after-claim``, ``quote-continued``, ``lead-of-quote``): invented sentences, one per construction,
and quote marks that make no claim (scare quotes, apostrophes, unbalanced marks)."""
from __future__ import annotations

from tests.claims.claims_helpers import claims_of, find
from utils.claims import find_quotes
from utils.text import segment


def test_speaker_after_quote():
    df = claims_of('"We will cut taxes for every family," Ms Patel said on Tuesday.')
    r = find(df, "We will cut taxes")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "Ms Patel", "said")
    assert r["content"].startswith("We will")  # quote marks are not content


def test_speaker_after_quote_inverted_with_apposition():
    df = claims_of("\u201cThe plan is dead,\u201d said Tom Briggs, the party\u2019s treasurer.")
    r = find(df, "The plan is dead")
    assert r["kind"] == "direct" and r["speaker"].startswith("Tom Briggs")


def test_speaker_before_quote_with_colon():
    df = claims_of('Mr Okafor said: "Nobody voted for this chaos."')
    r = find(df, "Nobody voted")
    assert (r["kind"], r["speaker"], r["rule"]) == ("direct", "Mr Okafor", "cue-quote")


def test_multi_paragraph_quote_every_paragraph_has_its_speaker():
    text = (
        'Ms Patel said: "The first part of the answer is simple.\n\n'
        '"The second part is harder, and it will take years.\n\n'
        '"The third part is up to the voters."\n\n'
        "The council met later."
    )
    df = claims_of(text)
    rows = [find(df, frag) for frag in ("first part", "second part", "third part")]
    assert all(r["speaker"] == "Ms Patel" and r["kind"] == "direct" for r in rows)
    assert len({(r["speaker_start"], r["speaker_end"]) for r in rows}) == 1
    assert [r["paragraph"] for r in rows] == [0, 1, 2]
    assert not df["content"].str.contains("council").any()


def test_nested_quotes_stay_inside_the_outer_quote():
    for text in (
        "Mr Okafor said: \"They keep calling it a 'reform', but it is a cut.\"",
        "Mr Okafor said: \u201cThey keep calling it a \u2018reform\u2019, but it is a cut.\u201d",
    ):
        df = claims_of(text)
        r = find(df, "but it is a cut")
        assert r["kind"] == "direct" and r["speaker"] == "Mr Okafor" and "reform" in r["content"]
        assert not (df["content"].str.strip("'\u2018\u2019") == "reform").any()


def test_scare_quotes_and_quoted_terms_are_nobodys_claim():
    df = claims_of('The minister\'s "daring" plan to let "registered supporters" vote was dropped.')
    assert df.empty


def test_unbalanced_quote_marks_do_not_invent_claims():
    assert claims_of('The "quick fix failed. Nobody knew why.').empty
    assert claims_of('It ended." Then the lights went out.').empty
    df = claims_of('Ms Lowe said "it was over, and went home.')  # no crash, offsets valid
    assert (df["speaker"] == "Ms Lowe").all()


def test_apostrophes_do_not_pair_as_quotes():
    text = "Labour's leader said it wasn't the party's fault and the voters' choice was clear."
    assert find_quotes(text, segment(text)) == []
    r = find(claims_of(text), "it wasn't the party's fault")
    assert (r["kind"], r["speaker"]) == ("indirect", "Labour's leader")


def test_single_quote_marks_as_quotes_in_headlines():
    r = find(claims_of("'We will not quit,' says Jeremy's deputy."), "We will not quit")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "Jeremy's deputy", "says")


def test_quote_closed_by_its_own_comma_then_circumstance_is_direct():
    r = find(claims_of('Ms Patel said, "We will see," when asked about the budget.'), "We will see")
    assert (r["kind"], r["speaker"], r["content"]) == ("direct", "Ms Patel", "We will see,")


def test_quote_after_a_dash_stands_on_its_own():
    text = 'He attacked the plan again - "It will never work," he said - before leaving the hall.'
    r = find(claims_of(text), "It will never work")
    assert (r["kind"], r["content"]) == ("direct", "It will never work,")


def test_cue_then_circumstance_then_comma_then_quote():
    text = 'Mr Adebayo said in an interview with the Herald on Monday, "The council has failed the estate."'
    r = find(claims_of(text), "The council has failed")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "Mr Adebayo", "said")


def test_nested_single_quote_closing_with_triple_marks():
    text = "''I would call it 'old-school,''' said Mr Lund, a retired judge."
    r = find(claims_of(text), "I would call it")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "Mr Lund", "said")


def test_opening_curly_mark_typed_as_closing_mark():
    r = find(claims_of("\u201cApparently not,\u201c he said. \u201cThe vote is lost.\u201d"), "Apparently not")
    assert (r["kind"], r["speaker_text"], r["cue"]) == ("direct", "he", "said")


def test_question_quote_then_pronoun_and_cue_in_a_long_sentence():
    text = ("\u201cToo late?\u201d She tweeted after the vote on the harbour bill was delayed for the third "
            "time in a row this month by the finance committee.")
    r = find(claims_of(text), "Too late?")
    assert (r["kind"], r["speaker_text"], r["cue"]) == ("direct", "She", "tweeted")


def test_colon_introduction_with_an_unlisted_verb_in_the_previous_paragraph():
    text = ("The review panel describes itself in the following way:\n\n"
            "\"We are an independent group of residents who examine every planning decision.\"")
    r = find(claims_of(text), "independent group of residents")
    assert (r["kind"], r["speaker_text"]) == ("direct", "The review panel")


def test_unlisted_verb_with_particle_and_plural_common_noun_speakers():
    df = claims_of('"Not again!" the audience roared back.\n\n"The harm is incalculable," federal prosecutors wrote in the '
            'filing.')
    assert find(df, "Not again")["speaker_text"] == "the audience"
    r = find(df, "The harm is incalculable")
    assert (r["kind"], r["speaker_text"], r["cue"]) == ("direct", "federal prosecutors", "wrote")


def test_invisible_format_mark_before_an_opening_quote():
    text = "\u202a\u201dThe library must stay open!!\u201d wrote Ms Ortiz in reply."
    r = find(claims_of(text), "The library must stay open")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "Ms Ortiz", "wrote")


def test_a_cue_that_introduces_the_next_quote_belongs_to_the_answer():
    text = ('The minister was asked, "Would you have told her it was a bad idea?" '
            'He answered, "I have no idea. We are old friends."')
    df = claims_of(text)
    answer = find(df, "I have no idea")
    assert (answer["speaker_text"], answer["cue"], answer["kind"]) == ("He", "answered", "direct")
    # the question's asker is not named ("was asked"): it may go unattributed, never to the answer's cue
    asked = df[df["content"].str.contains("Would you have told her", regex=False)]
    assert not (asked["cue"] == "answered").any()


def test_intro_verbs_before_a_colon_or_comma():
    df = claims_of('She went on: "It is like a leaking roof that nobody will fix."')
    assert (find(df, "leaking roof")["speaker_text"], find(df, "leaking roof")["kind"]) == ("She", "direct")
    df = claims_of('The council\u2019s letter makes a simple case: "Residents deserve a vote on the plan."')
    assert find(df, "Residents deserve")["speaker_text"] == "The council\u2019s letter"
    df = claims_of('Senate leader Ann Bell, R-Ky., delivered a blunt message to the mayor: "Stop attacking your rivals."')
    assert find(df, "Stop attacking")["speaker_text"].startswith("Senate leader Ann Bell")
    assert claims_of('The weather was fine: "Sunny and warm all day long in the city."').empty


def test_coordinated_speakers_after_a_quote():
    text = ('"The reactor design could produce a greater yield," researchers Ann Bell and '
            'Tom Reyes wrote in a report.')
    r = find(claims_of(text), "reactor design")
    assert (r["speaker_text"], r["cue"]) == ("researchers Ann Bell and Tom Reyes", "wrote")
    # "in a report" is a circumstance, not a second claim
    assert not claims_of(text)["content"].str.strip().eq("in a report").any()


def test_inverted_cue_opening_an_intro_paragraph():
    df = claims_of('Stated Stone:\n\n"I think the stakes are so high that they would do anything to win."')
    r = find(df, "the stakes are so high")
    assert (r["speaker_text"], r["cue"], r["kind"]) == ("Stone", "Stated", "direct")


def test_a_quote_opening_the_next_sentence_continues_the_last_speaker():
    """The UK news convention: reported speech, then the speaker's own words."""
    text = ("Mike Hobday, from the league, said video evidence would be passed to police. "
            '"Our evidence suggests most hunts stayed within the law."\n\n'
            'Ms Bell said the plan was fair.\n\n"We have consulted every school in the county." '
            "The council will vote on Tuesday.\n\n"
            'The weather turned cold. "It was a very long night for all of us."')
    df = claims_of(text)
    r = find(df, "Our evidence suggests")
    assert (r["kind"], r["speaker_text"], r["rule"]) == ("direct", "Mike Hobday", "quote-after-claim")
    r = find(df, "We have consulted every school")
    assert r["speaker_text"] == "Ms Bell"
    assert not df["content"].str.contains("a very long night").any()  # no claim before it: nobody's


def test_quote_parts_run_together_in_one_paragraph():
    """A multi-paragraph quote whose paragraphs were joined (each part opens, only the
    last closes) is split at the second opening mark instead of nesting the narrative,
    and every part gets the speaker named after the last one or before the first."""
    text = ('The shadow minister said the bill was a "shambles". "This is a further retreat by '
            'the government. "Instead of freeing the market, the bill imposes stricter rules." '
            "Shares in casino operators fell by 10%.")
    df = claims_of(text)
    assert not df["content"].str.contains("Shares in casino").any()
    first, second = find(df, "This is a further retreat"), find(df, "Instead of freeing")
    assert first["speaker_text"] == second["speaker_text"] == "The shadow minister"
    assert second["rule"] == "quote-continued"
    text = '"We will win this election. "And we will win it by a mile," Ms Bell said.'
    df = claims_of(text)
    assert find(df, "We will win this election")["speaker_text"] == "Ms Bell"
    assert find(df, "by a mile")["speaker_text"] == "Ms Bell"
    quotes = find_quotes(text, segment(text))
    assert [q.continues for q in quotes] == [True, False] and quotes[1].continued_from is quotes[0]


def test_transcript_as_follows_is_the_source_of_every_paragraph():
    """'Transcript as follows:' then quote paragraphs (each opens, the last closes):
    the text named before 'as follows' is the source, as PolNeAR annotates it."""
    text = ("The mayor spoke at the town hall on Monday.\n\nTranscript as follows:\n\n"
            '"We arrived in Leeds this morning and people started to cheer.\n\n'
            '"We are up 4,000 jobs since last year, and we are not done yet.\n\n'
            '"Thank you all for coming out tonight."\n\nThe meeting ended at nine.')
    df = claims_of(text)
    for part in ("We arrived in Leeds", "We are up 4,000 jobs", "Thank you all for coming"):
        r = find(df, part)
        assert (r["kind"], r["speaker_text"], r["cue"]) == ("direct", "Transcript", "as follows")
    assert not df["content"].str.contains("meeting ended").any()
    text = text.replace("Transcript as follows:", "Partial transcript:")  # a heading naming the text
    df = claims_of(text)
    for part in ("We arrived in Leeds", "We are up 4,000 jobs", "Thank you all for coming"):
        assert find(df, part)["speaker_text"] == "Partial transcript"


def test_fillers_and_missed_sentence_ends_inside_quotes_make_no_nested_speaker():
    text = ('Mr Kasich said: "I love you all. You know, when I became governor, I went to New York. '
            'I think it sends a strong message to Washington."')
    df = claims_of(text)
    assert len(df) == 1 and find(df, "I love you all")["speaker_text"] == "Mr Kasich"


def test_a_phrase_after_the_quote_then_an_inverted_cue():
    text = '"This will be a challenge" for Mr Hart, said Ms Kunin. "She can never please everyone."'
    df = claims_of(text)
    assert find(df, "This will be a challenge")["speaker_text"] == "Ms Kunin"
    assert find(df, "She can never please everyone")["speaker_text"] == "Ms Kunin"


def test_a_sentence_interrupted_by_its_attribution_keeps_its_lead():
    """'The reality is, he added, "there are no recusals"': the words before the
    speaker are part of the claim (a second row with the same cue and speaker)."""
    df = claims_of('The streets were deserted, Mr Hart added, "but people need to connect somehow."')
    lead = find(df, "The streets were deserted")
    quote = find(df, "but people need to connect")
    assert (lead["rule"], lead["speaker_text"], lead["cue_start"]) == ("lead-of-quote", "Mr Hart", quote["cue_start"])
    for text in ('On Monday, Ms Bell said, "we will win this seat in May."',  # a circumstance
                 'As for the critics, Ms Bell said, "They do not understand the plan."'):  # a sentence of its own
        assert "lead-of-quote" not in claims_of(text)["rule"].tolist()


def test_bbc_style_run_together_quote_left_open_and_opening_phrase_without_comma():
    text = ('Lady Boothroyd said it was unacceptable. "I would really like to see a Speaker of the Lords," '
            'she said. "I do not go for the idea of somebody who heads the judiciary. "I want somebody '
            'there who is going to look after that House.')
    df = claims_of(text)
    r = find(df, "I want somebody there")
    assert (r["kind"], r["speaker_text"]) == ("direct", "she")
    assert not (df["speaker_text"] == "I").any()
    text = ('Speaking after the inquiry was announced Bob Neill, leader of the Assembly Conservatives, '
            'said: "He has behaved in a manner unbecoming of his office."')
    assert find(claims_of(text), "unbecoming of his office")["speaker_text"] == "Bob Neill"


def test_colon_introduction_wins_and_a_new_speaker_takes_the_next_quote():
    """BBC politics: 'X said in an interview: "A." Mr Howard described it as "very
    important". "B."': A is X's (not Howard's by the cue of the next sentence), and B,
    after Howard's sentence, is Howard's."""
    text = ('The former cabinet secretary said in an interview with a magazine: "I would be critical of the '
            'present government in that there is too much emphasis on selling." Mr Howard described the '
            'intervention as "very important". "This is from someone who was an insider at the very heart of it."')
    df = claims_of(text)
    assert find(df, "I would be critical")["speaker_text"] == "The former cabinet secretary"
    assert find(df, "This is from someone")["speaker_text"] == "Mr Howard"
    df = claims_of('"We will win," Ms Bell said on Monday. "And we will win by a mile."')
    assert find(df, "by a mile")["speaker_text"] == "Ms Bell"
