"""Tests of the issues codebook (``data/issues.yaml``): its format with directed
terms (favour_terms / against_terms), validation errors that name file, issue and
field, its version, the stance rule ``issue-term``, and the starter codebook's
matches on invented UK and US news sentences (and non-matches on tricky ones)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from utils import schema
from utils import stance as S
from utils.text import segment

PEOPLE = [("Ms Pike", "Anna Pike"), ("Mr Reyes", "Tom Reyes"), ("Mr Blake", "Omar Blake")]


def _stances(text: str, speaker_text: str, content: str, *, issues=None) -> pd.DataFrame:
    """Stances of one indirect claim (``content``) whose speaker is named by ``speaker_text``."""
    rows = []
    for surf, actor in PEOPLE:
        s = text.find(surf)
        while s >= 0:
            rows.append({"doc_id": "t", "mention_id": f"t:m{s}", "start": s, "end": s + len(surf), "text": surf,
                         "actor_id": S.slug(actor), "actor": actor, "type": "person", "kind": "name", "title": "",
                         "resolved_by": "test", "sentence": -1, "paragraph": -1})
            s = text.find(surf, s + 1)
    mentions = pd.DataFrame(rows, columns=schema.MENTIONS)
    speaker = dict(PEOPLE)[speaker_text]
    cs = text.index(content)
    cue_s = text.index("said")
    claims = pd.DataFrame([{
        "doc_id": "t", "claim_id": f"t:c{cs}", "kind": "indirect", "speaker": speaker, "speaker_id": S.slug(speaker),
        "speaker_text": speaker_text, "speaker_start": pd.NA, "speaker_end": pd.NA, "cue": "said", "cue_start": cue_s,
        "cue_end": cue_s + 4, "content": content, "content_start": cs, "content_end": cs + len(content),
        "paragraph": 0, "sentence": 0, "confidence": 0.8, "rule": "test", "parent_claim_id": ""}], columns=schema.CLAIMS)
    out = S.claim_stances("t", text, segment(text), mentions, claims, issues=issues)
    for r in out.itertuples():
        if r.evidence:
            assert text[r.evidence_start:r.evidence_end] == r.evidence
    return out


def _issue_rows(out: pd.DataFrame, issue: str) -> pd.DataFrame:
    return out[(out.target_type == "issue") & (out.target == issue)]


# ---------------------------------------------------------------------------
# directed terms in the stance stage
# ---------------------------------------------------------------------------


def test_anti_austerity_said_of_oneself_is_against_austerity():
    text = 'Ms Pike said that she was, like me, proud to call herself anti-austerity in the campaign.'
    out = _stances(text, "Ms Pike", "she was, like me, proud to call herself anti-austerity in the campaign")
    rows = _issue_rows(out, "public spending and austerity")
    assert len(rows) == 1
    r = rows.iloc[0]
    assert (r.source, r.polarity, r.rule, r.evidence) == ("Anna Pike", "against", "issue-term", "anti-austerity")
    assert r.score < 0


def test_pro_european_party_with_we_are_is_favour_of_europe():
    text = 'Mr Reyes said "we are a pro-European party and proud of it".'
    out = _stances(text, "Mr Reyes", "we are a pro-European party and proud of it")
    rows = _issue_rows(out, "Europe and the EU")
    assert rows[["polarity", "rule"]].values.tolist() == [["favour", "issue-term"]]


@pytest.mark.parametrize("text, content", [
    ("Ms Pike said the rally had been organised by anti-war campaigners from the city.",
     "the rally had been organised by anti-war campaigners from the city"),
    ("Ms Pike said we should not be frightened by a few Eurosceptic backbenchers.",
     "we should not be frightened by a few Eurosceptic backbenchers"),
])
def test_directed_term_describing_others_gives_a_neutral_row(text, content):
    """'anti-war campaigners' are someone else's side: the speaker is not against the war."""
    out = _stances(text, "Ms Pike", content)
    rows = out[out.target_type == "issue"]
    assert len(rows) == 1
    assert (rows.iloc[0].polarity, rows.iloc[0].rule) == ("neutral", "issue-term:other")


def test_neutral_mention_gets_no_directed_row():
    text = "Ms Pike said the council tax bills would arrive in April."
    out = _stances(text, "Ms Pike", "the council tax bills would arrive in April")
    rows = _issue_rows(out, "tax")
    assert len(rows) == 1 and not rows.iloc[0].rule.startswith("issue-term")
    targets = S.find_targets(text, None)
    assert [(t.name, t.direction) for t in targets] == [("tax", "")]


def test_anti_terror_laws_are_no_stance_against_their_issue():
    """The prefix rule does not read a listed 'anti-' term as against its own issue."""
    text = "Mr Blake said the anti-terror laws would be debated on Monday."
    out = _stances(text, "Mr Blake", "the anti-terror laws would be debated on Monday")
    rows = _issue_rows(out, "anti-terror laws")
    assert len(rows) == 1 and rows.iloc[0].rule != "prefix" and rows.iloc[0].polarity != "against"


def test_find_targets_carries_the_direction():
    text = "A pro-hunt march met an anti-hunt picket near the pro-choice clinic."
    got = [(text[t.start:t.end], t.name, t.direction) for t in S.find_targets(text, None)]
    assert got == [("pro-hunt", "fox hunting", "favour"), ("anti-hunt", "fox hunting", "against"),
                   ("pro-choice", "abortion rights", "favour")]


def test_custom_directed_issue_objects():
    iss = [S.Issue("bypass road", terms=("bypass",), against_terms=("anti-bypass",))]
    text = "Mr Blake said he and I were anti-bypass from the start."
    out = _stances(text, "Mr Blake", "he and I were anti-bypass from the start", issues=iss)
    assert out[["target_id", "polarity", "rule"]].values.tolist() == [["issue:bypass-road", "against", "issue-term"]]


# ---------------------------------------------------------------------------
# the file format: validation errors name file, issue and field
# ---------------------------------------------------------------------------

GOOD = 'version: "3.1"\nissues:\n  - name: Hunting\n    terms: [hunting ban]\n    favour_terms: [pro-hunt]\n'


@pytest.mark.parametrize("body, issue, message", [
    ('version: "1"\nissues:\n  - name: Hunting\n    terms: [hunting ban]\n    favor_terms: [pro-hunt]\n',
     "Hunting", "unknown field(s) ['favor_terms']"),
    ('version: "1"\nissues:\n  - name: Hunting\n    terms: [hunting ban]\n    neutral_terms: [hunt]\n',
     "Hunting", "allowed: name, terms, patterns, favour_terms"),
    ('version: "1"\nissues:\n  - name: Hunting\n    terms: [hunting ban]\n    against_terms: []\n',
     "Hunting", "field 'against_terms': empty list"),
    ('version: "1"\nissues:\n  - name: Hunting\n    terms: []\n', "Hunting", "field 'terms': empty list"),
    ('version: "1"\nissues:\n  - name: Hunting\n    favour_terms: [pro-hunt]\n    against_terms: [Pro-hunt]\n',
     "Hunting", "field 'against_terms': 'Pro-hunt' is already listed under 'favour_terms'"),
    ('version: "1"\nissues:\n  - name: Hunting\n    against_terms: 3\n', "Hunting",
     "field 'against_terms': must be a list of strings"),
    ('version: "1"\nissues:\n  - name: Hunting\n    favour_patterns: [\'(a+)+\']\n', "Hunting",
     "field 'favour_patterns': nested quantifier"),
    ('version: "1"\nissues:\n  - name: Tax\n    terms: [tax]\n  - name: Tax\n    terms: [VAT]\n', "Tax",
     "field 'name': duplicate issue name"),
])
def test_validation_names_file_issue_and_field(tmp_path, body, issue, message):
    p = tmp_path / "issues.yaml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(S.StanceDataError) as exc:
        S.load_issues(p)
    msg = str(exc.value)
    assert str(p) in msg and f"issue {issue!r}" in msg and message in msg and ", line " in msg


@pytest.mark.parametrize("body, message", [
    ("issues:\n  - name: Tax\n    terms: [tax]\n", "field 'version': missing"),
    ('version: ""\nissues:\n  - name: Tax\n    terms: [tax]\n', "field 'version': missing"),
    ('version: "1"\ncolour: red\nissues:\n  - name: Tax\n    terms: [tax]\n', "unknown top-level field(s) ['colour']"),
])
def test_version_is_required(tmp_path, body, message):
    p = tmp_path / "issues.yaml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(S.StanceDataError, match=re.escape(message)):
        S.load_issues(p)


def test_version_and_directed_terms_load(tmp_path):
    p = tmp_path / "issues.yaml"
    p.write_text(GOOD, encoding="utf-8")
    iss = S.load_issues(p)
    assert iss.version == "3.1" and iss.path == str(p)
    assert iss.issues[0].favour_terms == ("pro-hunt",)
    assert [(iss_.name, d) for _, _, iss_, d in iss.directed_matches("Pro-hunt groups fought the hunting ban.")] == [
        ("Hunting", "favour"), ("Hunting", "")]


def test_version_is_recorded_in_the_run_manifest_beside_the_frames_version():
    from utils.report import summary

    docs = pd.DataFrame({"doc_id": ["d"], "text": ["Ms Bell said the plan was dead."], "n_words": [6]})
    rows = dict(summary.run_manifest(docs).values.tolist())
    version = S.load_issues().version
    assert version and rows["issues data/issues.yaml"].startswith(f"version {version} (sha256 ")
    assert rows["frame codebook data/frames.yaml"].startswith("version ")


# ---------------------------------------------------------------------------
# the starter codebook on invented sentences
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, issue", [
    ("The chancellor will freeze council tax bills for families next year.", "tax"),
    ("Charities warned that public spending cuts would hurt the poorest towns.", "public spending and austerity"),
    ("The party promised shorter waiting lists in every NHS trust.", "NHS and health care"),
    ("Republicans in Congress voted again to repeal Obamacare.", "NHS and health care"),
    ("Ministers want tighter rules for asylum seekers arriving by lorry.", "immigration and asylum"),
    ("Voters may get a referendum on the EU constitution next spring.", "Europe and the EU"),
    ("He said the Iraq war had damaged trust in the government.", "war and defence"),
    ("Peers again rejected plans for control orders.", "anti-terror laws"),
    ("Police warned that the terror threat remained high.", "terrorism"),
    ("The bill to introduce ID cards passed its second reading.", "ID cards"),
    ("Students marched against top-up fees in the capital.", "education"),
    ("The summit will discuss climate change and the Kyoto protocol.", "climate, environment and energy"),
    ("The senator defended Social Security against privatisation.", "welfare and pensions"),
    ("Campaigners called for a new law on gun control after the shooting.", "gun control"),
    ("The ruling in Roe v Wade was debated in the Senate.", "abortion rights"),
    ("Local councils were told to tackle anti-social behaviour on estates.", "crime and policing"),
    ("A Labour MP questioned the fairness of postal voting in the city.", "elections and democracy"),
    ("Union leaders threatened strike action at the car plant.", "trade unions"),
])
def test_starter_codebook_finds_the_issue(sentence, issue):
    found = {i.name for _, _, i in S.load_issues().matches(sentence)}
    assert found == {issue}


@pytest.mark.parametrize("sentence", [
    "The film's budget ran to 40 million dollars.",
    "A security guard found the painting in a cupboard.",
    "Pre-tax profits rose by 12% to 300 million pounds.",
    "The striker scored twice, and both strikes came from long range.",
    "The dollar fell to a record low against the euro on Friday.",
    "The crime drama won three awards at the ceremony.",
    "Mobile operators cut their tariffs for text messages.",
    "The team's defence held firm in the second half.",
    "The firm said America was its largest single market.",
    "The software handles data migration between servers.",
    "She played a backstreet abortionist in the period film.",
    "European Union leaders met in Brussels on Friday.",
    "The board said the selection process for a new chief executive was fair.",
])
def test_starter_codebook_ignores_non_issue_uses(sentence):
    assert S.load_issues().matches(sentence) == []


def test_seed_article_has_no_conflict_on_one_issue(seed_text):
    """The seed's 'anti-austerity' (against austerity) and 'spend public funds wisely'
    no longer give opposite stances toward one issue."""
    from utils.actors import detect_mentions
    from utils.claims import extract_claims

    seg = segment(seed_text)
    mentions = detect_mentions("seed", seed_text, seg)
    out = S.claim_stances("seed", seed_text, seg, mentions, extract_claims("seed", seed_text, seg, mentions))
    issues = out[out.target_type == "issue"]
    for target, g in issues.groupby("target"):
        assert not {"favour", "against"} <= set(g.polarity), target
    henney = issues[issues.source == "Sarah Henney"]
    assert henney[["target", "polarity", "rule"]].values.tolist() == [
        ["public spending and austerity", "against", "issue-term"]]


def test_directed_term_in_a_relative_clause_is_said_of_others():
    """'we' is the speaker, but the relative clause describes the experts."""
    text = 'Ms Pike said "we need no experts like the think tank, who come from an anti-immigration point of view".'
    out = _stances(text, "Ms Pike", "we need no experts like the think tank, who come from an anti-immigration point of view")
    rows = _issue_rows(out, "immigration and asylum")
    assert rows[["polarity", "rule"]].values.tolist() == [["neutral", "issue-term:other"]]


def test_anti_terrorism_bill_is_a_mention_not_against():
    text = "Mr Blake said the Anti-Terrorism Bill would be amended."
    out = _stances(text, "Mr Blake", "the Anti-Terrorism Bill would be amended")
    rows = _issue_rows(out, "anti-terror laws")
    assert len(rows) == 1 and rows.iloc[0].rule != "prefix"


def test_self_description_wins_over_an_earlier_description_of_others():
    text = 'Mr Reyes said "the anti-war campaigners are right, and I am anti-war too".'
    out = _stances(text, "Mr Reyes", "the anti-war campaigners are right, and I am anti-war too")
    rows = _issue_rows(out, "war and defence")
    assert rows[["polarity", "rule"]].values.tolist() == [["against", "issue-term"]]
    assert text[rows.iloc[0].evidence_start:].startswith("anti-war too")
