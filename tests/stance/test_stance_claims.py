"""Tests of utils.stance.claim_stances: claim-level stance and stance acts on
invented fixture sentences, and the seed article's gold stances."""
from __future__ import annotations

import re
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from utils import schema  # noqa: E402
from utils import stance as S  # noqa: E402
from utils.stance import encoder as stance_encoder  # noqa: E402
from utils.text import segment  # noqa: E402



# ---------------------------------------------------------------------------
# helpers: hand-made mentions and claims
# ---------------------------------------------------------------------------


def _mentions(doc_id: str, text: str, spec: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """spec: (surface text or 'text@context', actor, type, kind); every occurrence
    of a plain surface text is a mention; 'He@He said' is the one inside context."""
    rows = []
    for surface, actor, typ, kind in spec:
        if "@" in surface and not surface.startswith("@"):
            surf, ctx = surface.split("@", 1)
            c = text.index(ctx)
            starts = [c + ctx.index(surf)]
        else:
            surf = surface
            starts = [m.start() for m in re.finditer(re.escape(surf), text)]
        for s in starts:
            e = s + len(surf)
            rows.append({
                "doc_id": doc_id, "mention_id": f"{doc_id}:m{s}-{e}", "start": s, "end": e, "text": text[s:e],
                "actor_id": S.slug(actor), "actor": actor, "type": typ, "kind": kind, "title": "",
                "resolved_by": "test", "sentence": -1, "paragraph": -1,
            })
    return pd.DataFrame(rows, columns=schema.MENTIONS)


def _claims(doc_id: str, text: str, spec: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """spec: (speaker, kind, cue, content): first occurrence of cue before content."""
    rows = []
    for speaker, kind, cue, content in spec:
        cs = text.index(content)
        ce = cs + len(content)
        cue_s = text.rfind(cue, 0, cs) if cue else -1
        if cue_s < 0 and cue:
            cue_s = text.index(cue, ce)
        rows.append({
            "doc_id": doc_id, "claim_id": f"{doc_id}:c{cs}-{ce}", "kind": kind, "speaker": speaker,
            "speaker_id": S.slug(speaker), "speaker_text": speaker, "speaker_start": pd.NA, "speaker_end": pd.NA,
            "cue": cue, "cue_start": cue_s if cue else pd.NA, "cue_end": cue_s + len(cue) if cue else pd.NA,
            "content": content, "content_start": cs, "content_end": ce, "paragraph": 0, "sentence": 0,
            "confidence": 0.8, "rule": "test", "parent_claim_id": "",
        })
    return pd.DataFrame(rows, columns=schema.CLAIMS)


def _run(text, mspec, cspec, **kw):
    seg = segment(text)
    m = _mentions("t", text, mspec)
    c = _claims("t", text, cspec)
    out = S.claim_stances("t", text, seg, m, c, **kw)
    _check_frame(text, out)
    return out


def _check_frame(text: str, df: pd.DataFrame) -> None:
    assert list(df.columns) == schema.STANCES
    assert df["stance_id"].is_unique
    assert set(df["polarity"]) <= set(S.POLARITIES)
    assert set(df["target_type"]) <= {"actor", "issue"}
    assert (df["score"].abs() <= 1).all()
    assert not (df["source_id"] == df["target_id"]).any(), "a stance of an actor toward itself"
    for r in df.itertuples():
        if r.evidence:
            assert text[int(r.evidence_start):int(r.evidence_end)] == r.evidence
        if r.polarity == "favour":
            assert r.score > 0
        if r.polarity == "against":
            assert r.score < 0


def _pol(df: pd.DataFrame, source: str, target: str) -> set[str]:
    return set(df[(df.source == source) & (df.target == target)].polarity)


PEOPLE = [
    ("Anna Pike", "Anna Pike", "person", "name"),
    ("Ms Pike", "Anna Pike", "person", "name"),
    ("Tom Reyes", "Tom Reyes", "person", "name"),
    ("Mr Reyes", "Tom Reyes", "person", "name"),
    ("Lena Ostrova", "Lena Ostrova", "person", "name"),
    ("Omar Blake", "Omar Blake", "person", "name"),
    ("Mr Blake", "Omar Blake", "person", "name"),
]



# ---------------------------------------------------------------------------
# claim-level stance on fixture sentences
# ---------------------------------------------------------------------------


def test_votes_and_nominations_favour_each_conjunct_only():
    text = ("The councillor told members that she nominated Anna Pike to replace Omar Blake "
            "and would also vote for Tom Reyes and Lena Ostrova.")
    content = "she nominated Anna Pike to replace Omar Blake and would also vote for Tom Reyes and Lena Ostrova"
    out = _run(
        text,
        PEOPLE + [("The councillor", "Jo Hart", "person", "description"), ("she", "Jo Hart", "person", "pronoun")],
        [("Jo Hart", "indirect", "told", content)],
    )
    assert _pol(out, "Jo Hart", "Anna Pike") == {"favour"}
    assert _pol(out, "Jo Hart", "Tom Reyes") == {"favour"}
    assert _pol(out, "Jo Hart", "Lena Ostrova") == {"favour"}
    assert _pol(out, "Jo Hart", "Omar Blake") <= {"neutral"}
    row = out[out.target == "Tom Reyes"].iloc[0]
    assert row.evidence == "vote for" and row.claim_id == f"t:c{text.index(content)}-{text.index(content) + len(content)}"


def test_a_stance_in_a_nested_claim_counts_once():
    """'has written to members saying she nominated Anna Pike': the claim of 'saying' is
    nested in that of 'written' and holds the same act; one stance, the inner claim's."""
    text = "The councillor has written to members saying she nominated Anna Pike for the post."
    mspec = PEOPLE + [("The councillor", "Jo Hart", "person", "description"), ("she", "Jo Hart", "person", "pronoun")]
    cspec = [("Jo Hart", "indirect", "written", "to members saying she nominated Anna Pike for the post"),
             ("Jo Hart", "indirect", "saying", "she nominated Anna Pike for the post")]
    seg, m, c = segment(text), _mentions("t", text, mspec), _claims("t", text, cspec)
    flat = S.claim_stances("t", text, seg, m, c)
    assert len(flat[flat.target == "Anna Pike"]) == 2  # two unrelated claims: each has its stance
    c.loc[1, "parent_claim_id"] = c.loc[0, "claim_id"]
    out = S.claim_stances("t", text, seg, m, c)
    _check_frame(text, out)
    rows = out[out.target == "Anna Pike"]
    assert rows[["polarity", "evidence", "claim_id"]].values.tolist() == [["favour", "nominated", c.loc[1, "claim_id"]]]


def test_negated_and_refused_support_is_against():
    text = ("Omar Blake says he will not be voting for the veteran left-winger Tom Reyes. "
            "Ms Pike said she had refused to endorse Lena Ostrova.")
    out = _run(
        text,
        PEOPLE + [("he@he will", "Omar Blake", "person", "pronoun"), ("she@she had", "Anna Pike", "person", "pronoun")],
        [
            ("Omar Blake", "indirect", "says", "he will not be voting for the veteran left-winger Tom Reyes"),
            ("Anna Pike", "indirect", "said", "she had refused to endorse Lena Ostrova"),
        ],
    )
    assert _pol(out, "Omar Blake", "Tom Reyes") == {"against"}
    assert "not" in out[out.target == "Tom Reyes"].evidence.iloc[0]
    assert _pol(out, "Anna Pike", "Lena Ostrova") == {"against"}
    assert out[out.target == "Lena Ostrova"].rule.iloc[0].startswith("act:refusal")


@pytest.mark.parametrize("text, negated, plain", [
    # 'No-one is putting the blame on X' (a BBC sport quote) is not the speaker blaming X;
    # 'Everyone is blaming X' is
    ('Ms Pike said: "No-one is putting the blame on Tom Reyes." Mr Blake said: "Everyone is blaming Lena Ostrova."',
     ("Anna Pike", "direct", "said", "No-one is putting the blame on Tom Reyes."),
     ("Omar Blake", "direct", "said", "Everyone is blaming Lena Ostrova.")),
    # 'pledged to "never, ever, ever" attack X' (a BBC politics story) is no attack on X: the
    # quotation marks around the negation are not a clause boundary, and the commas of a repeated
    # adverb do not use up the negation window; 'pledged to attack X' is an attack
    ('Ms Pike pledged to "never, ever, ever" attack Tom Reyes. Mr Blake pledged to attack Lena Ostrova.',
     ("Anna Pike", "indirect", "pledged", 'to "never, ever, ever" attack Tom Reyes'),
     ("Omar Blake", "indirect", "pledged", "to attack Lena Ostrova")),
], ids=["subject-denies", "scare-quoted-negation"])
def test_a_negated_act_is_not_against(text, negated, plain):
    out = _run(text, PEOPLE, [negated, plain])
    assert _pol(out, "Anna Pike", "Tom Reyes") == {"neutral"}
    assert out[out.target == "Tom Reyes"].rule.iloc[0] == "act:negated-oppose"
    assert _pol(out, "Omar Blake", "Lena Ostrova") == {"against"}


def test_contrast_concession_is_against():
    text = ('Mr Blake added: "Tom Reyes is a decent and sincere man, but I can\'t see how he will win back '
            'the voters we lost."')
    out = _run(
        text,
        PEOPLE + [("he@he will", "Tom Reyes", "person", "pronoun")],
        [("Omar Blake", "direct", "added",
          "Tom Reyes is a decent and sincere man, but I can't see how he will win back the voters we lost.")],
    )
    assert _pol(out, "Omar Blake", "Tom Reyes") == {"against"}


def test_rhetorical_question_and_sarcasm_are_against():
    text = ('Ms Pike tweeted: "What has this council become? Lovely, tolerant Tom Reyes wants me silenced."')
    out = _run(text, PEOPLE, [("Anna Pike", "direct", "tweeted",
                               "What has this council become? Lovely, tolerant Tom Reyes wants me silenced.")])
    assert _pol(out, "Anna Pike", "Tom Reyes") == {"against"}
    assert out.rule.iloc[0] == "rhetorical"


def test_harm_blames_the_agent_not_the_patient():
    text = 'Ms Pike said: "I think Tom Reyes wants moderate members like Omar Blake to be purged."'
    out = _run(text, PEOPLE, [("Anna Pike", "direct", "said",
                               "I think Tom Reyes wants moderate members like Omar Blake to be purged.")])
    assert _pol(out, "Anna Pike", "Tom Reyes") == {"against"}
    assert "against" not in _pol(out, "Anna Pike", "Omar Blake")


def test_anti_prefix_and_issue_targets():
    text = "Lena Ostrova, who calls herself an anti-austerity campaigner, said the NHS is a wonderful achievement."
    out = _run(
        text,
        PEOPLE + [("herself", "Lena Ostrova", "person", "pronoun")],
        [
            ("Lena Ostrova", "indirect", "calls", "herself an anti-austerity campaigner"),
            ("Lena Ostrova", "indirect", "said", "the NHS is a wonderful achievement"),
        ],
    )
    assert _pol(out, "Lena Ostrova", "public spending and austerity") == {"against"}
    assert _pol(out, "Lena Ostrova", "NHS and health care") == {"favour"}
    assert set(out[out.target.str.contains("NHS|austerity")].target_type) == {"issue"}


def test_an_issue_mentioned_near_a_harsh_word_is_no_stance_toward_it():
    """#22: "the tragedy should persuade everyone to step up the fight against poverty" says
    nothing against the issue; the issue as the subject of a judgement still counts."""
    text = ("Ms Pike said the tragedy should persuade everyone to step up spending on the NHS. "
            "Mr Reyes said the NHS is a disgrace.")
    claims = [("Anna Pike", "indirect", "said", "the tragedy should persuade everyone to step up spending on the NHS"),
              ("Tom Reyes", "indirect", "said", "the NHS is a disgrace")]
    out = _run(text, PEOPLE, claims, method="lexicon")
    pike = out[(out.source == "Anna Pike") & (out.target == "NHS and health care")]
    assert list(pike.polarity) == ["neutral"] and pike.rule.iloc[0].endswith(":undirected")
    assert _pol(out, "Tom Reyes", "NHS and health care") == {"against"}


def test_no_stance_toward_the_speakers_own_party():
    """#22: a politician's words about their own party (``data/actors.csv``: Tony Blair,
    Labour) speak for it, not about it; the other party keeps its stance."""
    text = 'Tony Blair said: "Labour is a wonderful party. The Conservatives are a disgrace."'
    mspec = [("Tony Blair", "Tony Blair", "person", "name"), ("Labour", "Labour Party", "organisation", "name"),
             ("Conservatives", "Conservative Party", "organisation", "name")]
    out = _run(text, mspec, [("Tony Blair", "direct", "said", "Labour is a wonderful party. The Conservatives are a disgrace.")])
    own = out[out.target == "Labour Party"]
    assert list(own.polarity) == ["neutral"] and own.rule.iloc[0].endswith(":own-side")
    assert _pol(out, "Tony Blair", "Conservative Party") == {"against"}
    # a speaker of no known party keeps the stance
    out = _run(text.replace("Tony Blair", "Anna Pike"), [("Anna Pike", "Anna Pike", "person", "name")] + mspec[1:],
               [("Anna Pike", "direct", "said", "Labour is a wonderful party. The Conservatives are a disgrace.")])
    assert _pol(out, "Anna Pike", "Labour Party") == {"favour"}


def test_no_stance_toward_the_organisation_a_speaker_is_named_by():
    """#22: "Acme spokeswoman Anna Pike" speaks for Acme: her praise of Acme is no stance toward
    it; her view of another company is. An organisation after "of" in a description ("a critic
    of Globex") is no affiliation."""
    text = 'Acme spokeswoman Anna Pike said: "Acme is a wonderful company. Globex is a disgrace."'
    mspec = [("Acme spokeswoman", "Anna Pike", "person", "description"), ("Anna Pike", "Anna Pike", "person", "name"),
             ("Acme", "Acme", "organisation", "name"), ("Globex", "Globex", "organisation", "name")]
    claims = [("Anna Pike", "direct", "said", "Acme is a wonderful company. Globex is a disgrace.")]
    out = _run(text, mspec, claims)
    assert list(out[out.target == "Acme"].polarity) == ["neutral"]
    assert _pol(out, "Anna Pike", "Globex") == {"against"}
    assert S.affiliations(text, _mentions("t", text, mspec)) == {"anna-pike": {"acme"}}
    text2 = 'A critic of Globex, Anna Pike, said: "Globex is a disgrace."'
    mspec2 = [("A critic of Globex", "Anna Pike", "person", "description"), ("Anna Pike", "Anna Pike", "person", "name"),
              ("Globex", "Globex", "organisation", "name")]
    assert S.affiliations(text2, _mentions("t", text2, mspec2)) == {}


def test_a_weak_encoder_verdict_is_neutral(monkeypatch):
    """#22: the encoder's polar verdicts with a margin under 0.6 are neutral (rule
    ``encoder:weak``); a clear one stays favour/against with the model's margin as score."""
    from utils.stance import onnx_model, table

    labels = onnx_model.LABELS
    def fake(pairs, margin):
        p = {"positive": 0.5 + margin / 2, "negative": 0.5 - margin / 2, "neutral": 0.0}
        return [np.array([p[k] for k in labels]) for _ in pairs]

    text = 'Ms Pike said: "Tom Reyes has done things this year."'
    claims = [("Anna Pike", "direct", "said", "Tom Reyes has done things this year.")]
    monkeypatch.setattr(table, "predict_proba", lambda pairs: fake(pairs, 0.4))
    out = _run(text, PEOPLE, claims, method="encoder")
    row = out[out.target == "Tom Reyes"]
    assert list(row.polarity) == ["neutral"] and list(row.rule) == ["encoder:weak"]
    monkeypatch.setattr(table, "predict_proba", lambda pairs: fake(pairs, 0.8))
    out = _run(text, PEOPLE, claims, method="encoder")
    row = out[out.target == "Tom Reyes"]
    assert list(row.polarity) == ["favour"] and row.score.iloc[0] == pytest.approx(0.8)


def test_act_inside_claim_keeps_its_own_subject():
    text = "Ms Pike said Omar Blake attacked Tom Reyes at the meeting."
    out = _run(text, PEOPLE, [("Anna Pike", "indirect", "said", "Omar Blake attacked Tom Reyes at the meeting")])
    assert _pol(out, "Omar Blake", "Tom Reyes") == {"against"}
    assert "against" not in _pol(out, "Anna Pike", "Tom Reyes")


def test_stance_acts_without_quotes():
    text = ("Mr Reyes has also criticised the leadership selection process. "
            "The council leader, Cllr Omar Blake, seems not to agree with Ms Pike's plan and has "
            "taken to Twitter to take a swipe at Mr Reyes.")
    out = _run(text, PEOPLE + [("The council leader", "Omar Blake", "person", "description")], [])
    assert (out.claim_id == "").all()
    assert _pol(out, "Tom Reyes", "Labour leadership selection process") == {"against"}
    assert _pol(out, "Omar Blake", "Tom Reyes") == {"against"}
    assert _pol(out, "Omar Blake", "Anna Pike") == {"against"}
    ev = out[out.target == "Anna Pike"].evidence.iloc[0]
    assert ev.startswith("not") and ev.endswith("agree with")
    assert out[out.target == "Labour leadership selection process"].evidence.iloc[0] == "criticised"


def test_never_a_stance_toward_oneself():
    text = 'Mr Blake said: "Omar Blake will always vote for Omar Blake, and Tom Reyes is a disgrace."'
    out = _run(text, PEOPLE, [("Omar Blake", "direct", "said",
                               "Omar Blake will always vote for Omar Blake, and Tom Reyes is a disgrace.")])
    assert "omar-blake" not in set(out.target_id)
    assert _pol(out, "Omar Blake", "Tom Reyes") == {"against"}


def test_empty_inputs_give_empty_frame():
    text = "Nothing to see here."
    seg = segment(text)
    for m, c in [(None, None), (pd.DataFrame(columns=schema.MENTIONS), pd.DataFrame(columns=schema.CLAIMS))]:
        out = S.claim_stances("t", text, seg, m, c)
        assert len(out) == 0 and list(out.columns) == schema.STANCES
    assert list(S.stance_matrix(out).columns)[:5] == ["source", "source_id", "target", "target_id", "target_type"]


def test_odd_unicode_and_long_text_do_not_crash():
    text = ("ALL CAPS MR BLAKE WILL NOT VOTE FOR TOM REYES 🙂 中文 “unbalanced " + "blah " * 8_000
            + "Mr Blake criticised Tom Reyes")
    out = _run(text, [("Mr Blake", "Omar Blake", "person", "name"), ("Tom Reyes", "Tom Reyes", "person", "name")], [])
    assert "against" in _pol(out, "Omar Blake", "Tom Reyes")


def test_custom_issues_argument():
    text = "Mr Blake condemned the new bypass road."
    iss = [S.Issue("bypass", terms=("bypass road",))]
    out = _run(text, PEOPLE, [], issues=iss)
    assert _pol(out, "Omar Blake", "bypass") == {"against"}
    assert out.target_id.iloc[0] == "issue:bypass"




# ---------------------------------------------------------------------------
# the seed article
# ---------------------------------------------------------------------------


def _gold_mentions(text: str, gold: dict) -> pd.DataFrame:
    spec = []
    for a in gold["actors"]:
        for m in a["mentions"]:
            if isinstance(m, dict):
                kind = "pronoun" if m["text"].islower() or m["text"] == "He" else "description"
                spec.append((m["text"] + "@" + m["in"], a["name"], a["type"], kind))
            else:
                spec.append((m, a["name"], a["type"], "name"))
    return _mentions("seed", text, spec)


def _gold_claims(text: str, gold: dict) -> pd.DataFrame:
    seg_paras = segment(text).paragraphs
    rows = []
    for c in gold["claims"]:
        p = seg_paras[c["paragraph"]]
        cs = text.index(c["content"], p.start)
        ce = cs + len(c["content"])
        cue_s = text.rfind(c["cue"], p.start, cs)
        if cue_s < 0:
            cue_s = text.find(c["cue"], ce)
        rows.append({"doc_id": "seed", "claim_id": f"seed:c{cs}-{ce}", "kind": c["kind"], "speaker": c["speaker"],
                     "speaker_id": S.slug(c["speaker"]), "speaker_text": "", "speaker_start": pd.NA, "speaker_end": pd.NA,
                     "cue": c["cue"], "cue_start": cue_s, "cue_end": cue_s + len(c["cue"]), "content": c["content"],
                     "content_start": cs, "content_end": ce, "paragraph": c["paragraph"], "sentence": -1,
                     "confidence": 1.0, "rule": "gold", "parent_claim_id": ""})
    return pd.DataFrame(rows, columns=schema.CLAIMS)


def _assert_gold(out: pd.DataFrame, gold: dict) -> None:
    have = set(zip(out.source, out.target, out.polarity))
    missing = [g for g in gold["stances"] if (g["source"], g["target"], g["polarity"]) not in have]
    assert not missing, f"gold stances not found: {missing}"
    wrong = [g for g in gold["stances_not"] if (g["source"], g["target"], g["polarity"]) in have]
    assert not wrong, f"stances that must not be there: {wrong}"


def test_seed_gold_stances_from_gold_mentions_and_claims(seed_text, gold):
    """Independent of the actors and claims stages: mentions and claims from the gold file."""
    out = S.claim_stances("seed", seed_text, segment(seed_text), _gold_mentions(seed_text, gold), _gold_claims(seed_text, gold))
    _check_frame(seed_text, out)
    _assert_gold(out, gold)


def test_seed_gold_stances_end_to_end(seed_text, gold):
    """With the real actors and claims stages (skipped while they are not importable)."""
    try:
        from utils.actors import detect_mentions
        from utils.claims import extract_claims
    except ImportError as exc:  # pragma: no cover - depends on the other stages
        pytest.skip(f"utils.actors / utils.claims not importable yet: {exc}")
    seg = segment(seed_text)
    mentions = detect_mentions("seed", seed_text, seg)
    claims = extract_claims("seed", seed_text, seg, mentions)
    out = S.claim_stances("seed", seed_text, seg, mentions, claims)
    _check_frame(seed_text, out)
    _assert_gold(out, gold)
    # the seed path needs no torch
    assert "torch" not in sys.modules or stance_encoder._encoder.cache_info().currsize == 0


@pytest.mark.parametrize("text, target, polarity", [
    # an organisation's words about its own channel or product speak for it, not about it
    ("A BBC spokesman said BBC One had a wonderful, brilliant year.", "BBC One", "neutral"),
    # a work is no stance target (the judged BBC set: "Harry Potter is a film")
    ("Critic Jane Doe said the film Vera Drake was wonderful and brilliant.", "Vera Drake", None),
    # another person is
    ("Ed Balls said Gordon Brown was a brilliant and wonderful chancellor.", "Gordon Brown", "favour"),
], ids=["own-channel", "work", "person"])
def test_own_products_and_works_are_no_polar_targets(text, target, polarity):
    from utils.pipeline import annotate_document

    st = annotate_document("d", text, {})["stances"]
    got = st.loc[st["target"] == target, "polarity"].tolist()
    assert got == ([] if polarity is None else [polarity])


def test_thanks_to_is_because_of_not_an_act_of_thanks():
    """'X dominates the market thanks to Y' (a BBC technology story) is no support of Y; 'X thanked
    Y' is."""
    text = "Anna Pike dominates the market thanks to Tom Reyes. Omar Blake thanked Lena Ostrova."
    out = _run(text, PEOPLE, [])
    assert "favour" not in _pol(out, "Anna Pike", "Tom Reyes")
    assert _pol(out, "Omar Blake", "Lena Ostrova") == {"favour"}
