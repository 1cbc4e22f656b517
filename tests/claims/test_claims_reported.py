"""Claims, reported speech family (utils/claims/reported.py; rules ``speaker-cue-content``,
``content-speaker-cue``, ``noun-that``, nested and embedded claims): invented sentences, one per
construction of the speaker, the cue and the content."""
from __future__ import annotations

import pandas as pd

from tests.claims.claims_helpers import EMPTY_MENTIONS, claims_of, find, top_level
from utils import schema
from utils.claims import extract_claims
from utils.text import segment


def test_pronoun_speaker_takes_previous_claims_speaker():
    text = '"Taxes must fall," Helen Marsh said.\n\nShe added that the budget was "a betrayal of the north".'
    df = claims_of(text)
    r = find(df, "the budget was")
    assert (r["kind"], r["speaker_text"], r["speaker"]) == ("mixed", "She", "Helen Marsh")


def test_role_description_resolves_through_mentions():
    text = "The Leeds Central MP told reporters that the rail link would be scrapped."
    s = text.index("The Leeds Central MP")
    mentions = pd.DataFrame(
        [["t", "m0", s, s + 20, text[s : s + 20], "ann-grey", "Ann Grey", "person", "description", "", "role", 0, 0]],
        columns=schema.MENTIONS,
    )
    r = find(claims_of(text, mentions), "the rail link would be scrapped")
    assert (r["kind"], r["speaker"], r["speaker_id"], r["cue"]) == ("indirect", "Ann Grey", "ann-grey", "told")
    assert r["speaker_text"] == "The Leeds Central MP"
    assert not r["content"].startswith("reporters")


def test_content_then_speaker_reported_speech():
    r = find(claims_of("The strike will go ahead, union officials said on Monday."), "The strike will go ahead")
    assert (r["kind"], r["speaker"], r["cue"]) == ("indirect", "union officials", "said")


def test_noun_cue_with_possessor():
    r = find(claims_of("Ms Grant's claim that the budget is balanced was disputed by auditors."), "the budget is balanced")
    assert (r["speaker"], r["cue"], r["rule"]) == ("Ms Grant", "claim", "noun-that")
    assert claims_of("The claim that the budget is balanced was disputed.").empty  # nobody's claim


def test_belief_verbs_and_participles():
    df = claims_of("Ian Reed fears the vote could be lost, adding: \"We need every volunteer.\"")
    assert find(df, "the vote could be lost")["cue"] == "fears"
    r = find(df, "We need every volunteer")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "Ian Reed", "adding")


def test_reported_speech_inside_reported_speech_is_nested():
    text = "Ms Lowe said she fears the new bypass will ruin the valley."
    df = claims_of(text)
    outer = find(df, "she fears the new bypass")
    inner = df[df["cue"] == "fears"].iloc[0]
    assert (outer["speaker"], outer["cue"]) == ("Ms Lowe", "said")
    assert inner["parent_claim_id"] == outer["claim_id"]
    assert inner["content"] == "the new bypass will ruin the valley"
    assert top_level(df)["cue"].tolist() == ["said"]
    plain = extract_claims("t", text, segment(text), EMPTY_MENTIONS, nested=False)
    assert plain["cue"].tolist() == ["said"]


def test_attitude_and_intention_cues():
    df = claims_of("Senator Hale supports raising the minimum wage. Councillor Reyes plans to run for mayor next year.")
    r = find(df, "raising the minimum wage")
    assert (r["speaker"], r["cue"]) == ("Senator Hale", "supports")
    r = find(df, "to run for mayor")
    assert (r["speaker"], r["cue"]) == ("Councillor Reyes", "plans")


def test_noun_uses_of_attitude_cues_are_not_claims():
    assert claims_of("He holds sincere views and has drawn large crowds in the north.").empty
    assert claims_of("The conference call ran late into the night.").empty
    assert claims_of("Hale's rivals noted the voter support in rural counties.")["cue"].tolist() == ["noted"]


def test_attitude_content_stops_before_the_reason():
    r = find(claims_of("Dr Osei backed the reform because it cuts waiting lists."), "the reform")
    assert (r["speaker"], r["cue"], r["content"]) == ("Dr Osei", "backed", "the reform")


def test_adverbial_clause_with_its_own_speaker_is_a_separate_claim():
    df = top_level(claims_of("Ms Grant denounced the deal after Mr Hill said it was fair to both towns."))
    a = df[df["cue"] == "denounced"].iloc[0]
    b = df[df["cue"] == "said"].iloc[0]
    assert a["content"] == "the deal" and a["speaker"] == "Ms Grant"
    assert b["content"] == "it was fair to both towns" and b["speaker"] == "Mr Hill"


def test_long_introductory_phrase_before_the_subject():
    text = "At a rally in Leeds, Alabama, on Sunday, Mrs Barlow attacked the budget, saying it would cost jobs."
    r = find(claims_of(text), "it would cost jobs")
    assert (r["speaker"], r["cue"]) == ("Mrs Barlow", "saying")


def test_time_phrase_is_not_the_speaker():
    text = "Mr Diaz, whose remarks angered many, last year proposed a tax on sugary drinks."
    r = find(claims_of(text), "a tax on sugary drinks")
    assert r["speaker"] == "Mr Diaz"


def test_progressive_cue_in_a_subordinate_clause():
    df = claims_of("While party officials have been promising a bigger campaign, the budget has shrunk.")
    r = find(df, "a bigger campaign")
    assert (r["speaker_text"], r["cue"], r["content"]) == ("party officials", "promising", "a bigger campaign")


def test_participle_in_an_introductory_phrase_and_floating_quantifier():
    df = claims_of("After suggesting on Monday that the tax was unfair, Mr Rubio voted for it. "
                   "The two engineers have both argued that the bridge is unsafe.")
    assert find(df, "the tax was unfair")["speaker"] == "Mr Rubio"
    assert find(df, "the bridge is unsafe")["speaker_text"] == "The two engineers"


def test_non_name_pronoun_speaker_stays_unattributed():
    """'It said ...' with nothing to resolve 'It' to names no actor called 'It'."""
    from utils.claims import extract_claims
    from utils.text import segment

    text = 'The review was published on Monday. It said that waiting times had fallen by a third.'
    c = extract_claims("d", text, segment(text), None)
    assert len(c) == 1
    assert c.loc[0, "content"].startswith("waiting times")
    assert not c.loc[0, "speaker"] or c.loc[0, "speaker"] != "It"
    assert c.loc[0, "speaker_text"] == "It"


def test_relative_clause_speaker_keeps_the_antecedent_and_who():
    df = claims_of("The plan was attacked on Monday by Councillor Ann Bell, who said it would close two libraries.")
    r = find(df, "close two libraries")
    assert r["speaker_text"] == "Councillor Ann Bell, who"
    assert r["speaker"] == "Councillor Ann Bell, who" or "Ann Bell" in r["speaker"]


def test_participle_tail_after_a_quote_takes_the_clause_subject():
    text = ('Speaking in Leeds, Ms Bell said there was "only one candidate who can win," '
            "adding that her rivals had no plan.")
    df = claims_of(text)
    assert set(df["speaker_text"]) == {"Ms Bell"}
    assert find(df, "her rivals had no plan")["cue"] == "adding"


def test_appositive_speaker_chain_before_the_cue():
    df = claims_of("The council created the fund to help families in a crisis, a spokeswoman, "
                   "Ann Bell, said on Saturday.")
    r = find(df, "created the fund")
    assert (r["speaker_text"], r["cue"], r["rule"]) == ("a spokeswoman, Ann Bell", "said", "content-speaker-cue")
    assert "Saturday" not in r["content"]
    df = claims_of("The campaign will go on to the convention, his top aide, Tom Reyes, told the Leeds Post.")
    assert find(df, "go on to the convention")["speaker_text"] == "his top aide, Tom Reyes"
    df = claims_of('In a statement to the Post, her policy adviser, Tom Reyes, said: "The council must act now."')
    assert find(df, "The council must act now")["speaker_text"] == "her policy adviser, Tom Reyes"
    # a clause after the cue keeps its content; the chain is the subject
    df = claims_of("Shares fell by 10%. Ms Bell's deputy, Tom Reyes, said the council had been cautious.")
    r = find(df, "the council had been cautious")
    assert (r["speaker_text"], r["content"]) == ("Ms Bell's deputy, Tom Reyes", "the council had been cautious")


def test_participle_inside_an_opening_phrase_is_not_a_cue():
    df = claims_of("In a statement released after the vote, Ms Bell said the result was fair.")
    assert df["cue"].tolist() == ["said"]
    assert find(df, "the result was fair")["speaker_text"] == "Ms Bell"


def test_openers_with_places_and_times_before_the_subject():
    df = claims_of("The day before, at a rally in Beaumont, Tex., Mr. Hale was blunt, "
                   "claiming that the budget had been cut.")
    assert find(df, "the budget had been cut")["speaker_text"] == "Mr. Hale"
    df = claims_of("He went further on Tuesday, saying that the budget had been cut.")
    assert find(df, "the budget had been cut")["speaker_text"] == "He"


def test_a_quoted_label_inside_reported_speech_is_nested_not_a_second_claim():
    """'She said she called him to praise what she called "a fine race"': the quoted
    fragment is part of the reported claim; it is reported nested, with a parent."""
    text = ('Ms Bell said she had called Mr Hart after the count to congratulate him on what she '
            'called "an extraordinary campaign." She will meet him on Friday.')
    df = claims_of(text)
    outer = find(df, "she had called Mr Hart")
    inner = find(df, "an extraordinary campaign")
    assert outer["speaker_text"] == "Ms Bell" and outer["parent_claim_id"] == ""
    assert inner["parent_claim_id"] == outer["claim_id"]
    # a full quotation introduced after reported speech stays a claim of its own
    text = 'Mr Hart said the count was close, adding: "We will study every ballot before we concede."'
    df = claims_of(text)
    assert find(df, "We will study every ballot")["parent_claim_id"] == ""


def test_age_appositive_and_relative_clause_keep_the_name_as_speaker():
    text = "Maria Lopez, 34, who runs a bakery in Leeds, says she has never voted Labour."
    r = find(claims_of(text), "she has never voted Labour")
    assert r["speaker_text"].startswith("Maria Lopez") and r["cue"] == "says"


def test_speaker_mention_starts_at_a_word():
    text = "~ Media owner Rupert Murdoch announced his engagement on Monday, the agency said."
    spk = claims_of(text)["speaker_text"].tolist()
    assert spk and all(s[:1].isalnum() for s in spk if s)


def test_an_inverted_attribution_after_a_clause_with_its_own_cue():
    """'Voters believe the plan would fail, a party official said, adding that ...':
    the official's claim is the whole clause; "believe" nests inside it, and the
    participle tail is the official's next claim."""
    text = "Voters believe the plan would fail, a party official said, adding that the vote was close."
    df = claims_of(text)
    outer = find(df, "Voters believe the plan would fail")
    assert (outer["speaker_text"], outer["cue"], outer["parent_claim_id"]) == ("a party official", "said", "")
    inner = find(df, "the plan would fail")
    assert inner["content"] == "the plan would fail" and inner["parent_claim_id"] == outer["claim_id"]
    tail = find(df, "the vote was close")
    assert tail["speaker_text"] == "a party official" and tail["parent_claim_id"] == ""


def test_a_name_given_with_called_is_not_a_claim():
    text = ('Later on Sunday, Carson shared a syllabus for a psychology class called "Perception" on his '
            "page, showing that he took the class. A new group called Black Votes Matter will spend $1 million.")
    df = claims_of(text)
    assert "called" not in df["cue"].tolist()
    assert find(df, "he took the class")["speaker_text"] == "Carson"


def test_a_participle_after_a_noun_phrase_that_can_speak():
    """'a gunman claiming allegiance', 'a group backing Bush': the participle
    describes the phrase right before it; after a comma it takes the main subject."""
    df = claims_of("Obama arrived in Orlando days after a gunman claiming allegiance to the group carried out the attack.")
    assert find(df, "allegiance to the group")["speaker_text"] == "a gunman"
    df = claims_of("Starr gave $10 million to a group backing Bush, the former Florida governor.")
    assert find(df, "Bush")["speaker_text"] == "a group"
    df = claims_of("Bradley apologised for the columns after they came out, saying they were old and meant nothing.")
    assert find(df, "they were old")["speaker_text"] == "Bradley"
    df = claims_of("He went on the record endorsing Mr Hart as the best candidate.")
    assert find(df, "Mr Hart as the best")["speaker_text"] == "He"


def test_time_openers_and_askers_are_handled_in_the_speaker():
    df = claims_of("On Tuesday she doubled down on the issue, seeking to show that the bill had failed.")
    assert find(df, "to show that the bill")["speaker_text"] == "she"
    df = claims_of("Last week Mr Hart said the plan was dead.")
    assert find(df, "the plan was dead")["speaker_text"] == "Mr Hart"
    df = claims_of("When asked by a reporter whether the register differed from the old one, Ms Bell said she would not answer.")
    r = find(df, "the register differed")
    assert (r["speaker_text"], r["cue"], r["content"]) == ("a reporter", "asked",
            "whether the register differed from the old one")
    assert find(df, "she would not answer")["speaker_text"] == "Ms Bell"


def test_openers_datelines_and_objects_are_not_speakers():
    df = claims_of("Here in Columbia, Ms Ross stepped up her emphasis on justice, saying the day would come.")
    assert find(df, "the day would come")["speaker_text"] == "Ms Ross"
    df = claims_of("Hastily politicising the tragedy, Mr Hart cast the blame on his rivals, and stressed the threat that terror "
            "poses.")
    assert find(df, "the threat that terror poses")["speaker_text"] == "Mr Hart"
    df = claims_of("London (AFP) – Deputy Leader Jo Bell on Monday hit the campaign trail, accusing the minister of neglect.")
    assert find(df, "the minister of neglect")["speaker_text"] == "Deputy Leader Jo Bell"
    df = claims_of("On the other side, Sen. Ann Cruz (R-Tex.), a candidate who has made liberty her theme, tweeted a warning.")
    assert "a warning" not in df["speaker_text"].tolist()
    assert find(claims_of('"We will win," said a spokesman.'), "We will win")["speaker_text"] == "a spokesman"


def test_a_cue_inside_a_relative_clause_belongs_to_who():
    df = claims_of("The approach has won over Weaver, who came out and endorsed Clinton during a call on Tuesday.")
    assert find(df, "Clinton during a call")["speaker_text"] == "Weaver, who"
    df = claims_of("Mr. McConnell, who has both endorsed Mr. Trump and criticized his campaign, offered a restrained embrace.")
    assert find(df, "his campaign")["speaker_text"] == "Mr. McConnell, who"
    df = claims_of("Her campaign's leadership, who, on a press call Friday, criticized Sanders for taking their data.")
    assert find(df, "Sanders for taking")["speaker_text"].endswith("who")
    df = claims_of("Mr Smith, who is a lawyer, said the case was weak.")  # the clause closed: the subject speaks
    assert find(df, "the case was weak")["speaker_text"] == "Mr Smith"


def test_coordinated_subject_of_a_reported_clause_is_not_cut_off():
    df = claims_of("The group says the British public and a clear majority of MPs support replacing the Lords.")
    assert find(df,
            "the British public")["content"] == "the British public and a clear majority of MPs support replacing the Lords"
    df = claims_of("Ms Bell said the plan was bad and Mr Hart said it was worse.")
    assert find(df, "the plan was bad")["content"] == "the plan was bad"
    df = claims_of("The police were urging Lord Chief Justice and Lord Justices Clarke and Rix to overturn the ruling.")
    assert find(df, "overturn the ruling")["content"] == "to overturn the ruling"


def test_bbc_politics_speaker_and_cue_cases():
    df = claims_of("In the survey, 14% of people aged between 18 and 34 said they never voted in general elections.")
    assert find(df, "they never voted")["speaker_text"] == "14% of people aged between 18 and 34"
    text = ("He nodded towards the tomb, rather than lay a wreath, in what Palestinian officials said was "
            "a compromise gesture agreed at the last minute.")
    df = claims_of(text)
    assert find(df, "a compromise gesture")["speaker_text"] == "Palestinian officials"
    assert "agreed" not in df["cue"].tolist()
    df = claims_of("Last week the programme investigated claims that the agency was to blame. "
                   "One poster showed Mr Howard as Fagin - claims denied by Labour.")
    assert not {"claims", "denied"} & set(df["cue"].str.lower())


def test_speakers_of_coordinated_verbs_and_of_quotes_followed_by_a_phrase():
    df = claims_of("''I hate the term Manhattan poor,'' she said, but added that after taxes they were not living large.")
    assert find(df, "after taxes")["speaker_text"] == "she"
    df = claims_of("The employee first said the files were gone, but in a later interview said he had deleted the archive.")
    assert find(df, "he had deleted the archive")["speaker_text"] == "The employee"
    df = claims_of('"Let me take this chance to thank the volunteers who worked so hard" for the victory, Ms Ross said.')
    assert find(df, "thank the volunteers")["speaker_text"] == "Ms Ross"
    df = claims_of("PARIS, Aug 31 (Reuters) - The party leader, Marine Le Pen, voiced support on Wednesday, saying the rival "
            "would lose.")
    assert find(df, "the rival would lose")["speaker_text"].startswith("The party leader")


def test_coordinated_verb_in_a_subordinate_clause_and_time_clauses():
    df = claims_of("While Mr. Ryan is a vocal advocate of trade deals and wrote legislation that gave Obama more power, Mr. "
            "Hart is not.")
    assert find(df, "legislation that gave")["speaker_text"] == "Mr. Ryan"
    df = claims_of("Just before the flight took off, the pilot needed to balance the jet's weight and asked for volunteers to "
            "move.")
    assert find(df, "for volunteers")["speaker_text"] == "the pilot"
    df = claims_of("As President Obama lectured the nation and defended his record on Sunday night, Mr. Trump responded.")
    assert "responded" not in df["cue"].tolist()  # the 'As' clause is a time, not what Trump said
    assert find(df, "his record")["speaker_text"] == "President Obama"


def test_with_phrase_participles_and_time_openers_without_commas():
    text = ("Ms Bell, who served as the party's whip, and Mr Hart are locked in a tight race, "
            "with polls showing her lead having evaporated.")
    assert find(claims_of(text), "her lead having evaporated")["speaker_text"] == "polls"
    df = claims_of("A few minutes later they reversed themselves, rushed everyone inside and said they will register voters.")
    assert find(df, "they will register voters")["speaker_text"] == "they"


def test_headline_passives_and_relative_clause_contents():
    assert claims_of("Blair told to double overseas aid").empty  # he was told
    assert claims_of("Housing plans criticised by MPs").empty
    df = claims_of('Mr Blair, who described Africa as a "scar" on the conscience of the world, has already said '
                   "tackling poverty would be a priority.")
    assert find(df, "Africa as a")["content"] == 'Africa as a "scar" on the conscience of the world'
    assert find(df, "tackling poverty")["speaker_text"] == "Mr Blair"


def test_a_pronoun_right_before_the_verb_is_the_whole_speaker():
    df = claims_of("At a summit meeting he said the rebate was not justified.")
    assert find(df, "the rebate was not justified")["speaker_text"] == "he"
    df = claims_of("Ms Bell said she learned how they think about the plan.")
    assert find(df, "she learned")["speaker_text"] == "Ms Bell"
