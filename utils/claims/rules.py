"""The registry of claim rules: every value of the ``rule`` column of claims.csv, registered once
with its family, the kind(s) of claim it gives, a one-line description, an example sentence and its
confidence (measured on PolNeAR train in ``utils/models/rule_confidence_polnear.csv``, else the
value the rule sets, "hand-set").

``python -m utils.claims.rules`` prints the markdown table kept in README.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

#: Prefixes the engine puts before a rule's name, with what each means.
PREFIX_MEANINGS = {
    "mixed-": "a quote whose reported lead-in joins its content (a mixed quote: 'said that \"...\"')",
    "nested-": "reported speech inside a direct quote (the quote's claim is its parent)",
    "embedded-": "a claim inside another claim's reported content or inside an embedded tweet (its parent)",
}
PREFIXES = tuple(PREFIX_MEANINGS)


@dataclass(frozen=True)
class Rule:
    name: str
    family: str
    kinds: tuple[str, ...]
    description: str
    example: str
    hand_set: str  # the confidence the code sets when no measured one exists

    @property
    def confidence(self) -> float:
        """The hand-set confidence as a number, for the code that emits the rule (the measured
        one of ``utils/models/rule_confidence_polnear.csv`` replaces it after extraction).
        ValueError for a rule that sets several ("0.8-0.9": those emit sites keep their numbers)
        or derives it ("model", "0.8 × its quote's")."""
        try:
            return float(self.hand_set)
        except ValueError:
            raise ValueError(f"claims rule {self.name!r} has no single hand-set confidence ({self.hand_set!r})") from None


_R = [
    Rule("quote-speaker-cue", "direct quote", ("direct", "mixed"), "quote, then speaker and cue",
         '"We will win," Ms Lowe said.', "0.8-0.9"),
    Rule("quote-cue-speaker", "direct quote", ("direct", "mixed"), "quote, then cue and speaker (inverted)",
         '"We will win," said Ms Lowe.', "0.8-0.9"),
    Rule("quote-speaker-verb", "direct quote", ("direct", "mixed"), "quote, then a short subject and an unlisted verb",
         '"That is not true," she shrugged.', "0.6"),
    Rule("quote-verb-speaker", "direct quote", ("direct",), "quote, then an unlisted verb and its subject",
         '"We reject this bill," read the statement.', "0.6"),
    Rule("cue-quote", "direct quote", ("direct", "mixed"), "speaker and cue before the quote",
         'Mr Austin said: "The plan will fail."', "0.85"),
    Rule("colon-quote", "colon", ("direct",), "a clause ending in a colon introduces the quote",
         'She went on: "We will not give up."', "0.6"),
    Rule("name-colon-quote", "colon", ("direct",), "a name and a colon before a quote",
         'Trump: "We are going to win."', "0.7"),
    Rule("possessor-quote", "colon", ("direct",), "'X's words' introduce the quote",
         'In Mr Smith\'s words: "It is over."', "0.7"),
    Rule("intro-quote", "direct quote", ("direct",), "the sentence before introduces the quote",
         'Cruz continued. "We will repeal it."', "0.6"),
    Rule("quote-adjacent", "quote context", ("direct",), "a quote paragraph right after a direct quote takes its speaker",
         '"We will win," Ms Lowe said.\n\n"It is a disaster for every family."', "0.6"),
    Rule("quote-same-paragraph", "quote context", ("direct",), "a later quote of the paragraph with the same speaker",
         '"It will fail," Ms Lowe said. "We warned them."', "0.75"),
    Rule("quote-after-claim", "quote context", ("direct",), "a quote opening its sentence after a claim's sentence",
         'Mike Hobday said evidence of fraud had been passed to the police on Monday afternoon. '
         '"Our evidence suggests fraud."', "0.6"),
    Rule("quote-continued", "quote context", ("direct",), "the next paragraph of a quote whose first part is attributed",
         'Ms Lowe said: "We will win this election.\n\n"And we will win it by a mile."', "0.8"),
    Rule("quote-dash-speaker", "signature", ("direct",), "a dash signature after the quote",
         '"We need change." - Maria Lopez, 34', "0.8"),
    Rule("quote-signature", "signature", ("direct",), "a signed paragraph after the quote in a round-up",
         '"We need change."\n\nMaria Lopez', "0.6"),
    Rule("tweet-signature", "tweet", ("direct",), "an embedded tweet's text, signed by its author",
         "We will win. — Paul Ryan (@SpeakerRyan) July 5, 2016", "0.9"),
    Rule("lead-of-quote", "quote context", ("indirect",),
         "the start of a sentence that the attribution of its quoted end interrupts",
         'The plan was dead, Ms Lowe said, "and nobody will miss it."', "0.8 × its quote's"),
    Rule("speaker-cue-content", "reported speech", ("indirect", "mixed"), "subject, cue, that-clause",
         "Ms Lowe said the plan would fail.", "0.55-0.7"),
    Rule("content-speaker-cue", "reported speech", ("indirect", "mixed"), "content, then speaker and cue",
         "The plan will fail, Ms Lowe said.", "0.7"),
    Rule("according-to", "according to", ("indirect", "mixed"), "'according to X'",
         "The plan will fail, according to Ms Lowe.", "0.8"),
    Rule("according-to-tail", "according to", ("indirect",), "the second part of a sentence 'according to X' interrupts",
         "The plan, according to Ms Lowe, will fail.", "0.9 × its claim's"),
    Rule("by-agent", "according to", ("indirect", "mixed"), "'as reported by X'",
         "As reported by the Post, the plan will fail.", "0.8"),
    Rule("name-colon", "colon", ("indirect", "direct"), "'Name: text' in transcripts and headlines",
         "Trump: We are going to win big.", "0.6"),
    Rule("noun-that", "noun cue", ("indirect",), "a noun cue with a possessor and a that-clause",
         "Trump's claim that the election was rigged.", "0.5"),
    Rule("bare-quote", "bare quote model", ("direct",),
         "a quote the model keeps; a cue in its sentence names the speaker, if any",
         '"We will win this thing," Bill Eastland, a retired oil worker from a small town near Houston '
         'who came here with his wife and sons later said.', "model"),
    Rule("bare-quote-subject", "bare quote model", ("direct",), "a quote the model keeps; the subject of its sentence",
         'Sanders credited the win to "a closed primary".', "model"),
    Rule("bare-quote-after-claim", "bare quote model", ("direct",),
         "a quote the model keeps; the speaker of the claim before it in its paragraph",
         'Ms Reynolds says the coverage is unfair. "Ambush journalism."', "model"),
]
RULES: dict[str, Rule] = {r.name: r for r in _R}
assert len(RULES) == len(_R), "a rule is registered twice"
MIXED, NESTED, EMBEDDED = PREFIXES


def rule(name: str) -> Rule:
    """The registered rule ``name``; KeyError for an unknown one. The modules that emit rules
    take their constants from here, so a misspelt rule name fails at import time."""
    try:
        return RULES[name]
    except KeyError:
        raise KeyError(f"claims rule {name!r} is not registered in utils/claims/rules.py") from None


# One constant per rule, for the code that emits or tests it (``.name``, ``.confidence``).
QUOTE_SPEAKER_CUE = rule("quote-speaker-cue")
QUOTE_CUE_SPEAKER = rule("quote-cue-speaker")
QUOTE_SPEAKER_VERB = rule("quote-speaker-verb")
QUOTE_VERB_SPEAKER = rule("quote-verb-speaker")
CUE_QUOTE = rule("cue-quote")
COLON_QUOTE = rule("colon-quote")
NAME_COLON_QUOTE = rule("name-colon-quote")
POSSESSOR_QUOTE = rule("possessor-quote")
INTRO_QUOTE = rule("intro-quote")
QUOTE_ADJACENT = rule("quote-adjacent")
QUOTE_SAME_PARAGRAPH = rule("quote-same-paragraph")
QUOTE_AFTER_CLAIM = rule("quote-after-claim")
QUOTE_CONTINUED = rule("quote-continued")
QUOTE_DASH_SPEAKER = rule("quote-dash-speaker")
QUOTE_SIGNATURE = rule("quote-signature")
TWEET_SIGNATURE = rule("tweet-signature")
LEAD_OF_QUOTE = rule("lead-of-quote")
SPEAKER_CUE_CONTENT = rule("speaker-cue-content")
CONTENT_SPEAKER_CUE = rule("content-speaker-cue")
ACCORDING_TO = rule("according-to")
ACCORDING_TO_TAIL = rule("according-to-tail")
BY_AGENT = rule("by-agent")
NAME_COLON = rule("name-colon")
NOUN_THAT = rule("noun-that")
BARE_QUOTE = rule("bare-quote")
BARE_QUOTE_SUBJECT = rule("bare-quote-subject")
BARE_QUOTE_AFTER_CLAIM = rule("bare-quote-after-claim")


def check_rule(name: str) -> str:
    """``name`` if it is a registered rule, or one with the engine's prefixes (``mixed-``, ``nested-``,
    ``embedded-``) before a registered rule; else KeyError (an unknown rule name cannot be emitted)."""
    base = name
    while base.startswith(PREFIXES):
        base = base.split("-", 1)[1]
    if base not in RULES:
        raise KeyError(f"claims rule {name!r} is not registered in utils/claims/rules.py")
    return name


def _measured(name: str) -> dict[str, float]:
    """{kind: confidence} measured for the ``rule`` value ``name`` (``utils/models/rule_confidence_polnear.csv``)."""
    from utils.claims.bare import load_rule_confidence

    return {k: v for (rule, k), v in load_rule_confidence().items() if rule == name}


def _speaker_accuracy(name: str) -> dict[str, float]:
    from utils.claims.bare import load_rule_speaker_accuracy

    return {k: v for (rule, k), v in load_rule_speaker_accuracy().items() if rule == name}


def _confidence_text(m: dict[str, float], hand_set: str, name: str = "") -> str:
    """The confidence of a rule's claims by kind: measured on PolNeAR train, or, for the kinds
    the claim filter judges (``utils.claims.filter.applies``), "filter x" the rule's speaker
    accuracy (each claim's own probability times it); else the hand-set value."""
    from utils.claims.filter import applies

    if not m:
        return f"hand-set {hand_set}"
    acc = _speaker_accuracy(name) if name else {}
    parts = []
    for k, v in sorted(m.items()):
        a = acc.get(k, acc.get("*"))
        parts.append(f"{k} filter × {a:.2f}" if name and a is not None and applies(name, k) else f"{k} {v:.2f}")
    return ", ".join(parts)


def rules_table() -> pd.DataFrame:
    """One row per registered rule: name, family, kinds, description, example, confidence
    (measured on PolNeAR train per kind, its mixed kind as ``mixed-<rule>`` where the rule
    prefixes its mixed quotes so; else the hand-set value)."""
    rows = []
    for r in _R:
        m = {**_measured(MIXED + r.name), **_measured(r.name)}
        conf = _confidence_text(m, r.hand_set, r.name)
        rows.append({"rule": r.name, "family": r.family, "kinds": ", ".join(r.kinds), "description": r.description,
                     "example": r.example, "confidence": conf})
    return pd.DataFrame(rows)


def _split_prefixes(name: str) -> tuple[list[str], str]:
    """(the prefixes, the registered rule) of a ``rule`` value: 'embedded-cue-quote' -> (['embedded-'], 'cue-quote')."""
    found = []
    while name.startswith(PREFIXES):
        p = next(p for p in PREFIXES if name.startswith(p))
        found.append(p)
        name = name[len(p):]
    return found, name


def rules_legend(claims: pd.DataFrame) -> pd.DataFrame:
    """The rules behind a claims table (``schema.CLAIMS``): one row per value of its ``rule``
    column, with the number of parts it found (``parts``; by kind in ``kinds``), the registry's
    family, description and example (of the rule after its prefixes, whose meaning opens the
    description) and the confidence of that value (measured, else hand-set; claims inside
    another claim are never measured), most parts first. Notebook 03's legend.

    Raises:
        KeyError: for a value that is not a registered rule (with or without prefixes).

    >>> t = rules_legend(pd.DataFrame({"rule": ["cue-quote", "mixed-cue-quote", "cue-quote"],
    ...                                "kind": ["direct", "mixed", "direct"]}))
    >>> t[["rule", "parts", "kinds", "family"]].values.tolist()
    [['cue-quote', 2, 'direct 2', 'direct quote'], ['mixed-cue-quote', 1, 'mixed 1', 'direct quote']]
    """
    cols = ["rule", "parts", "kinds", "family", "description", "example", "confidence"]
    table = rules_table().set_index("rule")
    rows = []
    for name, g in claims.groupby("rule", sort=True):
        check_rule(name)
        prefixes, base = _split_prefixes(name)
        r = table.loc[base]
        what = r["description"]
        if prefixes:
            what = "; ".join(PREFIX_MEANINGS[p] for p in prefixes) + f"; found by `{base}`: {what}"
        if prefixes and prefixes != [MIXED]:  # a claim inside another: never calibrated (README "Claims")
            conf = f"not measured (inside another claim): hand-set {RULES[base].hand_set}"
        else:
            conf = _confidence_text(_measured(name), RULES[base].hand_set, name)
        kinds = ", ".join(f"{k} {n}" for k, n in g["kind"].value_counts().sort_index().items()) if "kind" in g else ""
        rows.append({"rule": name, "parts": len(g), "kinds": kinds, "family": r["family"], "description": what,
                     "example": r["example"], "confidence": conf})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["parts", "rule"], ascending=[False, True], kind="stable").reset_index(drop=True)


def rules_markdown() -> str:
    """The rules table as markdown (the README block between ``<!-- claims-rules:start -->`` and
    ``<!-- claims-rules:end -->``)."""
    t = rules_table()
    lines = ["| rule | family | kinds | what it reads | example | confidence |", "|---|---|---|---|---|---|"]
    for r in t.itertuples(index=False):
        ex = re.sub(r"\n+", " / ", r.example).replace("|", "\\|")  # (a paragraph break: " / ")
        lines.append(f"| `{r.rule}` | {r.family} | {r.kinds} | {r.description} | {ex} | {r.confidence} |")
    lines += ["", "Before a rule's name: " + "; ".join(f"`{p}` {m}" for p, m in PREFIX_MEANINGS.items()) + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
