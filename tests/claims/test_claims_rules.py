"""The rule registry (utils/claims/rules.py): every rule name the code can emit is registered."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from utils.claims import rules

PACKAGE = Path(rules.__file__).parent
NOT_RULES = {"so-called", "e-mail", "op-ed", "wsw-speaker", "wsw-cue", "wsw-content", "wsw-legend", "wsw-article"}
SNAPSHOT_RULES = """speaker-cue-content quote-speaker-cue embedded-speaker-cue-content quote-same-paragraph cue-quote
nested-speaker-cue-content quote-cue-speaker content-speaker-cue quote-continued according-to mixed-quote-speaker-cue
mixed-cue-quote quote-after-claim name-colon quote-adjacent intro-quote mixed-quote-cue-speaker quote-dash-speaker
colon-quote embedded-cue-quote noun-that according-to-tail quote-speaker-verb name-colon-quote by-agent lead-of-quote
tweet-signature quote-verb-speaker mixed-quote-speaker-verb possessor-quote bare-quote""".split()


def test_every_rule_name_in_the_package_source_is_registered():
    found = set()
    for p in PACKAGE.glob("*.py"):
        if p.name == "rules.py":
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"[a-z]+(-[a-z]+)+", node.value) and node.value not in NOT_RULES:
                found.add(node.value)
    unknown = sorted(n for n in found if n not in rules.PREFIXES and n.rstrip("-") + "-" not in rules.PREFIXES
                     and n.split("-", 1)[0] + "-" not in rules.PREFIXES and n not in rules.RULES)
    assert not unknown, f"rule names in utils/claims/ but not in utils/claims/rules.py: {unknown}"


@pytest.mark.parametrize("name", SNAPSHOT_RULES)
def test_rules_seen_in_the_corpora_are_registered(name):
    assert rules.check_rule(name) == name


def test_an_unknown_rule_name_cannot_be_emitted():
    with pytest.raises(KeyError):
        rules.check_rule("quote-made-up")


def test_readme_block_is_the_generated_rules_table():
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- claims-rules:start -->\n(.*?)<!-- claims-rules:end -->", readme, re.S)
    assert m, "README.md has no claims-rules block"
    assert m.group(1) == rules.rules_markdown(), (
        "README's claims-rules block is stale: regenerate it with `python -m utils.claims.rules` "
        "and paste the output between the markers")


@pytest.mark.parametrize("name", list(rules.RULES))
def test_every_rule_fires_on_its_own_example(name):
    """Each registered rule's example sentence, run through ``extract_claims`` with the mentions
    ``utils.actors.detect_mentions`` finds, gives a claim of that rule (the README's example column
    is what the code does). The ``bare-quote*`` rules run with the bare-quote model on and a low
    threshold (0.01): this checks the rule that names their speaker, not the model's cut."""
    from utils.actors import detect_mentions
    from utils.claims import extract_claims
    from utils.text import segment

    rule = rules.RULES[name]
    text = rule.example
    seg = segment(text)
    bare = 0.01 if name.startswith("bare-quote") else False
    df = extract_claims("t", text, seg, detect_mentions("t", text, seg), bare_quotes=bare,
                        claim_filter=False)  # the rule, not the claim filter (test_claims_filter.py)
    assert name in set(df["rule"]), f"{name}: its example {text!r} gives rules {df['rule'].tolist()}"
    for r in df[df["rule"] == name].itertuples(index=False):
        assert r.kind in rule.kinds, f"{name}: kind {r.kind!r} not in the registry's {rule.kinds}"


def test_the_code_takes_rule_names_and_hand_set_confidences_from_the_registry():
    """``rules.rule`` refuses an unknown name (the emitting modules build their constants with it at
    import time); a rule with one hand-set number gives it as ``confidence``, one with a range or a
    derived value has none."""
    with pytest.raises(KeyError, match="not registered"):
        rules.rule("quote-made-up")
    assert rules.QUOTE_SAME_PARAGRAPH.name == "quote-same-paragraph" and rules.QUOTE_SAME_PARAGRAPH.confidence == 0.75
    assert rules.CUE_QUOTE.confidence == 0.85 and rules.TWEET_SIGNATURE.confidence == 0.9
    for r in (rules.QUOTE_SPEAKER_CUE, rules.LEAD_OF_QUOTE, rules.BARE_QUOTE):
        with pytest.raises(ValueError, match="no single hand-set confidence"):
            _ = r.confidence
    consts = {v.name for k, v in vars(rules).items() if k.isupper() and isinstance(v, rules.Rule)}
    assert consts == set(rules.RULES), "one module constant per registered rule"


def test_the_legend_explains_every_rule_value_of_a_claims_table():
    """``rules_legend`` (notebook 03's legend): one row per value of the ``rule`` column, prefixed ones
    included and explained by their prefix, parts summing to the table's rows; an unknown value is refused."""
    import pandas as pd

    from utils.actors import detect_mentions
    from utils.claims import extract_claims, rules_legend
    from utils.text import segment

    text = ('"We will win," Ms Lowe said. "We warned them."\n\n'
            'Ms Lowe said that "the plan is dead," according to Mr Austin. '
            'Mr Austin said: "Voters believe the plan would fail, and they are right."')
    seg = segment(text)
    claims = extract_claims("t", text, seg, detect_mentions("t", text, seg))
    legend = rules_legend(claims)
    assert sorted(legend["rule"]) == sorted(set(claims["rule"]))
    assert legend["parts"].sum() == len(claims) and legend["parts"].is_monotonic_decreasing
    assert list(legend.columns) == ["rule", "parts", "kinds", "family", "description", "example", "confidence"]
    assert legend["description"].str.len().gt(0).all() and legend["example"].str.len().gt(0).all()
    prefixed = legend[legend["rule"].str.startswith(rules.PREFIXES)]
    assert len(prefixed), f"the example should give a prefixed rule: {claims['rule'].tolist()}"
    for r in prefixed.itertuples(index=False):
        prefix = next(p for p in rules.PREFIXES if r.rule.startswith(p))
        assert r.description.startswith(rules.PREFIX_MEANINGS[prefix])
    assert rules_legend(claims.iloc[0:0]).empty
    with pytest.raises(KeyError):
        rules_legend(pd.DataFrame({"rule": ["quote-made-up"], "kind": ["direct"]}))
