"""Claims, signature and tweet families (utils/claims/direct.py, utils/claims/tweets.py; rules
``quote-dash-speaker``, ``quote-signature``, ``tweet-signature``, ``name-colon-quote`` in round-ups):
tweets quoted by the article, embedded tweets and vox-pop round-ups."""
from __future__ import annotations

from tests.claims.claims_helpers import claims_of, find, top_level


def test_tweets_with_tags_and_handles():
    text = 'Ms Lowe tweeted: "Great result for #Dudley tonight @LabourParty!"'
    r = find(claims_of(text), "#Dudley")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "Ms Lowe", "tweeted")
    assert r["content"].endswith("@LabourParty!")


def test_quote_signed_with_a_dash_in_the_next_paragraph_or_the_same_one():
    text = ('"Every family in this town pays more tax than the big firms do."\n\n'
            "- Maria Lopez.\n\n"
            "\u201cThe bus service has been cut twice this year.\u201d \u2014 Tom Reyes, 41, Leeds\n\n"
            "\u2013 An immigrant himself \u2013.")
    df = claims_of(text)
    r = find(df, "pays more tax")
    assert (r["kind"], r["speaker_text"], r["rule"]) == ("direct", "Maria Lopez", "quote-dash-speaker")
    assert find(df, "bus service")["speaker_text"] == "Tom Reyes"
    assert len(df) == 2  # a dashed heading is no speaker


def test_round_up_with_one_signed_quote_per_line():
    """A vox-pop round-up puts each quote and its dash signature on its own line, with
    no blank line between (one paragraph); the horizontal bar (U+2015) is a dash too."""
    text = ("We asked readers what they think of the election.\n"
            "\u201cI think the wall is a bad idea and we all know it.\u201d \u2015 Maria Lopez, 34, Texas\n"
            "\u201cMy parents came here with nothing and built a business.\u201d\u2015 Jose Rodriguez\n"
            "\u201cNobody in my family will vote for him this year.\u201d \u2015 Ana Gonzalez, Phoenix\u00a0\n"
            "\u201cWe are tired of being blamed for everything.\u201d \u2014 Luis Perez")
    df = top_level(claims_of(text))
    got = [(find(df, frag)["speaker_text"], find(df, frag)["rule"]) for frag in
           ("the wall is a bad idea", "My parents came", "Nobody in my family", "tired of being blamed")]
    assert got == [("Maria Lopez", "quote-dash-speaker"), ("Jose Rodriguez", "quote-dash-speaker"),
                   ("Ana Gonzalez", "quote-dash-speaker"), ("Luis Perez", "quote-dash-speaker")]


def test_round_up_signed_on_the_line_before_or_after_the_quote():
    """Vox-pop layouts: 'Name, age, place:' on the line above the quote, or a dash
    signature on the line below it (same paragraph); a heading that is no name is no speaker."""
    before = ("Maria Lopez, 34, Phoenix:\n\u201cI think the wall is a bad idea and we all know it.\u201d\n\n"
              "Jose Rodriguez, retired teacher:\n\u201cMy parents came here with nothing and built a business.\u201d")
    after = ("\u201cI think the wall is a bad idea and we all know it.\u201d\n\u2015 Maria Lopez, 34, Phoenix\n\n"
             "\u201cMy parents came here with nothing and built a business.\u201d\n\u2015 Jose Rodriguez, retired teacher")
    for text in (before, after):
        df = top_level(claims_of(text))
        assert [find(df, f)["speaker_text"] for f in ("the wall", "My parents")] == ["Maria Lopez", "Jose Rodriguez"]
    df = claims_of('Wait, it gets better:\n\n"By law, the president every fiscal year sets the maximum number of refugees."')
    assert not (df["speaker_text"] == "Wait").any()


def test_an_embedded_tweet_is_its_authors_claim():
    """Tweets embedded in a web page leave 'TEXT — Name (@handle) Month D, YYYY' in the
    scraped text (here in an HTML tag, on one line with its text, and on a line of its own)."""
    text = ("The Speaker was scathing about the decision.\n\n"
            '<tweet id="1" author="@SpeakerRyan">While I respect the professionals at the FBI, this announcement '
            "defies explanation. No one should be above the law. pic.twitter.com/Oqct \u2014 Paul Ryan (@SpeakerRyan) "
            "July 5, 2016</tweet>.\n\n"
            'Rudy Giuliani is now wearing a hat that says "MAKE MEXICO GREAT AGAIN ALSO" for realz, people '
            "\u2014 David Martosko (@dmartosko) September 1, 2016\n\n"
            "We are stronger together and we always will be.\n"
            "\u2014 Hillary Clinton (@HillaryClinton) 23 July 2016\n\n"
            "The tweet \u2014 which Trump (@realDonaldTrump) sent on July 4, 2016 \u2014 was deleted.")
    df = claims_of(text)
    tweets = df[df["rule"] == "tweet-signature"]
    assert tweets["speaker_text"].tolist() == ["Paul Ryan", "David Martosko", "Hillary Clinton"]
    assert (tweets["kind"] == "direct").all() and (tweets["cue"] == "\u2014").all()
    ryan = tweets.iloc[0]
    assert ryan["content"].startswith("While I respect") and ryan["content"].endswith("pic.twitter.com/Oqct")
    # a claim found inside the tweet is nested in it, cut at the tweet's end
    hat = find(df, "MAKE MEXICO")
    assert hat["parent_claim_id"] == tweets.iloc[1]["claim_id"] and "Martosko" not in hat["content"]
    assert len(top_level(claims_of(text, nested=False))) == 3


def test_a_tweet_the_article_quotes_keeps_the_articles_attribution():
    text = ('Mr Austin tweeted in response: "What has the Labour Party become? MP dares to write to local '
            'members" \u2014 Ian Austin (@IanAustinMP) 10 August 2015')
    df = claims_of(text)
    assert df[["speaker_text", "cue", "rule"]].values.tolist() == [["Mr Austin", "tweeted", "cue-quote"]]


def test_round_up_formats_name_heading_signature_and_label():
    """Quote round-ups: a name on its own line before the quote, a signature line after
    it (no dash), a 'NAME: "..."' label; heading words and subheadings are no speakers."""
    text = ('The candidates spoke at length.\n\nDonald Trump:\n\n'
            '"We will build a wall and the other side will pay for it, believe me."\n\nUPDATE:\n\n'
            '"This story has been corrected to show the right date of the event."')
    df = claims_of(text)
    assert find(df, "We will build a wall")["speaker_text"] == "Donald Trump"
    assert not df["content"].str.contains("This story has been corrected").any()
    text = ('The candidates spoke at length.\n\n"We will build a wall and the other side will pay for it."\n\n'
            'Donald Trump, at a rally in Phoenix\n\n"We are stronger together, and we will prove it in November."\n\n'
            'Hillary Clinton\n\n"I think we have a lot more in common than what divides us all."\n\nThe road ahead')
    df = claims_of(text)
    assert find(df, "We will build a wall")["speaker_text"] == "Donald Trump"
    assert find(df, "stronger together")["speaker_text"] == "Hillary Clinton"
    assert not df["content"].str.contains("more in common").any()  # 'The road ahead' is a subheading
    df = claims_of('TRUMP: "We will build a wall and the other side will pay for it."')
    r = find(df, "We will build a wall")
    assert (r["kind"], r["speaker_text"], r["content"]) == ("direct", "TRUMP",
            "We will build a wall and the other side will pay for it.")
    # a heading before a colon is nobody's name: 'The Latest:', 'Analysis:', 'CLARIFICATION:'
    for heading in ("The Latest: Sanders wins Minnesota caucuses after a late surge.",
            "Analysis: No pain, no gain for the chancellor?",
                    "CLARIFICATION: The first sentence has been clarified to reflect the vote."):
        assert "name-colon" not in claims_of(heading)["rule"].tolist(), heading
    assert find(claims_of("Issa: Clinton's honesty is in question again."), "honesty")["speaker_text"] == "Issa"
