"""Is a found claim really somebody's claim? A learned check over the rules' output (#21).

The claim rules find a cue, a speaker and a content; a quarter of what they find in
news outside politics is not a claim ("The track *claimed* the top spot", "Rapper
Eminem has *denied* Elvis his fourth number one", "US *demand* for heating oil", "the
event *sees* 14 films competing"). What tells them apart is the shape of the whole
claim, not one word: who the speaker is (a person or organisation, a pronoun, a thing),
what the cue is (its lemma and type, and the word classes of it and its neighbours), and
what the content is (a clause with a finite verb, a "that"-clause, a "to"-infinitive, a noun
phrase, a quotation).

:func:`claim_features` describes each top-level claim of a claims table by those
features; a logistic regression trained on PolNeAR train and on judged BBC claims (``python -m
evaluation.train_claim_filter``; ``utils/models/claim_filter_news.json``) gives the
probability that the claim is somebody's claim as a news analyst counts it (not hopes, plans,
acts or headlines); the model of PolNeAR's broader convention (``claim_filter_polnear.json``,
trained on PolNeAR alone) is there for analyses that count beliefs and intentions.
It judges reported speech and mixed quotes (:func:`applies`), where nearly all the
non-claims are; direct quotes, embedded tweets and bare quotes are left as the rules
give them. :func:`filter_claims` drops the judged claims under the model's threshold
(with the claims nested in them) and gives every kept judged claim the confidence
``probability x speaker accuracy of its rule`` (``utils/models/rule_confidence_polnear.csv``),
so that ``confidence`` reads as the chance that the row is a claim *and* its speaker
is right. Measured figures: ``utils/models/README.md`` and the training script.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from utils import paths
from utils.claims.pos import _DESIRE_VERBS

#: The model files by convention: ``news`` (the default) learned what a careful analyst of
#: news counts as somebody's claim (PolNeAR train and judged BBC claims, ``evaluation/claims_judged``);
#: ``polnear`` learned PolNeAR's broader idea of an attribution (beliefs, intentions and acts
#: with a noun-phrase object count), from PolNeAR train alone.
CONVENTIONS = {"news": "claim_filter_news.json", "polnear": "claim_filter_polnear.json"}
CLAIM_FILTER_MODEL = CONVENTIONS["news"]
FORMAT = "wsw-claim-filter/1"
TRAIN_COMMAND = "python -m evaluation.train_claim_filter"

#: Pronouns that can be speakers, by kind (``spk=pron_h`` for people, else the word itself).
_HUMAN_PRONOUNS = frozenset("he she they i we you who".split())
_OTHER_PRONOUNS = frozenset("it which that this".split())
#: Words that open a description rather than a name ("the company", "a spokesman", "its lawyers").
_DESCRIPTION_START = frozenset(
    "the a an its his her their our my your this that these those some many other others most several "
    "two three four five one each every all both".split()
)
#: First words of a content, kept as their own feature value.
_CONTENT_OPENERS = frozenset(
    "that to if whether how what why when where who the a an his her their its this these those".split()
)
_QUOTE_MARKS = frozenset("\"'“”‘’«»")
_FINITE_TAGS = frozenset("VBD VBZ VBP MD".split())
_NOMINAL_TAGS = frozenset("DT PRP$ NN NNS NNP NNPS JJ CD".split())
#: Tokens of the content looked at for its first tag and a finite verb.
_CONTENT_WINDOW = 12
#: The claims the filter judges: reported speech and mixed quotes. Direct quotes are claims nine
#: times in ten or more whatever their shape (PolNeAR train: 0.90-1.00 by rule), and embedded
#: tweets and bare quotes have their own checks (PolNeAR does not annotate tweets as attributions).
FILTERED_KINDS = ("indirect", "mixed")
_OWN_CHECKS = ("tweet", "bare-quote")


def applies(rule: str, kind: str) -> bool:
    """Does the filter judge a claim of this rule and kind?"""
    return kind in FILTERED_KINDS and not str(rule).startswith(_OWN_CHECKS)


@dataclass(frozen=True)
class ClaimFilterModel:
    """A logistic regression over named features (``weights``), with the threshold under
    which a claim is dropped and the lemmas the model knows by name (others are ``other``)."""

    weights: dict
    intercept: float
    threshold: float
    lemmas: frozenset

    def probability(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_claim_filter(path: str | Path | None = None, convention: str = "news") -> ClaimFilterModel:
    """The shipped claim filter of a convention (:data:`CONVENTIONS`), or the model at ``path``
    (``utils.paths.ResourceMissing`` naming the file and the command that makes it when the file
    is absent; ValueError naming the file when it is malformed, or an unknown convention)."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown claim convention {convention!r}; known: {', '.join(CONVENTIONS)}")
    name = CONVENTIONS[convention]
    p = paths.require_file(Path(path) if path else paths.MODELS / name, "claim filter model",
                           f"restore utils/models/{name} from the repository or retrain it with "
                           f"`{TRAIN_COMMAND} --convention {convention}`")
    return _load_cached(str(p))


@lru_cache(maxsize=4)
def _load_cached(path: str) -> ClaimFilterModel:
    import json

    try:
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
        if obj.get("format") != FORMAT:
            raise ValueError(f"format {obj.get('format')!r}, expected {FORMAT!r}")
        weights = {str(k): float(v) for k, v in obj["weights"].items()}
        threshold = float(obj["threshold"])
        if not 0.0 <= threshold < 1.0:
            raise ValueError(f"threshold {threshold} is not in [0, 1)")
        return ClaimFilterModel(weights, float(obj["intercept"]), threshold, frozenset(obj["lemmas"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"{path}: not a claim filter model ({exc})") from exc


#: Finite auxiliaries and modals: a content holding one is a clause ("the plan would fail").
_AUXILIARIES = frozenset(
    "is was are were am 's 're has had have 've 'd will would 'll can could may might must should shall does did "
    "do isn't wasn't aren't weren't hasn't hadn't haven't won't wouldn't can't couldn't doesn't didn't don't".split()
)


def _word_tag(word: str) -> str:
    """A word's tag without tagging its sentence: the tagger's own tag for the words it
    always tags one way (its ``tagdict``: "said" VBD, "the" DT, "that" IN), else a shape
    class (``Xcap``, ``Xnum``, ``Xing``, ``Xed``, ``Xs``, ``Xly``, ``Xlow``). Ambiguous
    words ("claims", "hopes", "show") get their shape: with the words around them, that
    is what tells a verb from a noun here, at a fraction of a tagger's cost."""
    tag = _tagdict().get(word)
    if tag:
        return tag
    if word[:1].isupper():
        return "Xcap"
    if any(ch.isdigit() for ch in word):
        return "Xnum"
    low = word.lower()
    for suffix, shape in (("ing", "Xing"), ("ed", "Xed"), ("ly", "Xly"), ("s", "Xs")):
        if low.endswith(suffix):
            return shape
    return "Xlow"


@lru_cache(maxsize=1)
def _tagdict() -> dict:
    from utils.text.tagger import load_tagger

    return load_tagger().tagdict


@lru_cache(maxsize=1)
def _animate() -> frozenset:
    """Head nouns of speakers that can speak: the claims word list ``animate_nouns`` and the
    actor lexicon's role, group, organisation and source nouns (lower-cased)."""
    from utils.actors.lexicon import load_lexicon
    from utils.claims.words import word_list

    lex = load_lexicon()
    words = set(word_list("animate_nouns"))
    for name in ("role_nouns", "group_nouns", "org_nouns", "source_nouns"):
        words |= {w.lower() for w in getattr(lex, name)}
    return frozenset(words)


def _speaker_features(f: dict, speaker_text) -> None:
    words = speaker_text.split() if isinstance(speaker_text, str) else []
    if not words:
        f["spk=none"] = 1.0
        return
    first = words[0].lower().strip(",.")
    head = words[-1].lower().strip(",.").removesuffix("'s").removesuffix("’s")
    if len(words) == 1 and first in _HUMAN_PRONOUNS:
        f["spk=pron_h"] = 1.0
    elif len(words) == 1 and first in _OTHER_PRONOUNS:
        f["spk=pron_" + first] = 1.0
    elif first in _DESCRIPTION_START:
        f["spk=desc"] = 1.0
    elif words[0][:1].isupper():
        f["spk=cap"] = 1.0
    else:
        f["spk=lower"] = 1.0
    animate = _animate()
    f["spk_animate"] = float(head in animate or head.rstrip("s") in animate)
    f["spk_len"] = min(len(words), 6) / 6
    f["spk_digit"] = float(any(ch.isdigit() for ch in speaker_text))


_COLUMNS = ("claim_id", "parent_claim_id", "rule", "kind", "cue", "cue_start", "speaker_text", "speaker_id",
            "content_start", "content_end")


def top_level_claims(claims: pd.DataFrame) -> list[dict]:
    """The top-level claims of a claims table as plain records, in table order: the first
    part's fields, the number of parts and the outer extent of the content (plain lists,
    not pandas rows, so a document of a hundred claims costs microseconds, not milliseconds)."""
    cols = {c: claims[c].tolist() for c in _COLUMNS}
    out: dict[str, dict] = {}
    for k, cid in enumerate(cols["claim_id"]):
        parent = cols["parent_claim_id"][k]
        if isinstance(parent, str) and parent:
            continue
        rec = out.get(cid)
        cs, ce = int(cols["content_start"][k]), int(cols["content_end"][k])
        if rec is None:
            out[cid] = {c: cols[c][k] for c in _COLUMNS} | {"parts": 1, "cs": cs, "ce": ce}
        else:
            rec["parts"] += 1
            rec["cs"], rec["ce"] = min(rec["cs"], cs), max(rec["ce"], ce)
    return list(out.values())


#: The longest first paragraph read as a headline (words).
_HEADLINE_WORDS = 25


def headline_end(text: str, seg) -> int | None:
    """Where a headline ends: the first paragraph when it is one short line (at most
    ``_HEADLINE_WORDS`` words, no line break inside) followed by more paragraphs, as news
    files put the title above the story ("Blair warns over tax plans"); else None."""
    paras = getattr(seg, "paragraphs", None)
    if not paras or len(paras) < 2:
        return None
    first = text[paras[0].start:paras[0].end]
    if "\n" in first.strip() or len(first.split()) > _HEADLINE_WORDS:
        return None
    return paras[0].end


def title_end(text: str, seg) -> int | None:
    """Where a title ends: a :func:`headline_end` paragraph that does not end a sentence ("Blair
    'damaged' by Blunkett row", not a one-line lead "Mr Austin will not back Corbyn, he said.")."""
    head = headline_end(text, seg)
    if head is None or text[:head].rstrip().rstrip("'\"\u2019\u201d").endswith((".", "!")):
        return None
    return head


def claim_features(text: str, seg, claims: pd.DataFrame, mentions: pd.DataFrame | None, lex,
                   lemmas: frozenset | None = None, *, judged_only: bool = False
                   ) -> list[tuple[str, dict[str, float]]]:
    """(claim_id, features) for every top-level claim of a document's claims table, in table
    order (``judged_only``: only those the filter judges, :func:`applies`).

    ``seg`` is the document's ``utils.text.segment`` result, ``mentions`` its mentions (the
    speaker's actor type; may be empty), ``lex`` the cue lexicon (the cue's lemma and type);
    ``lemmas``: the cue lemmas kept by name (None: every lemma)."""
    if claims is None or not len(claims):
        return []
    records = [r for r in top_level_claims(claims) if not judged_only or applies(r["rule"], r["kind"])]
    if not records:
        return []
    starts = [t.start for t in seg.tokens]
    words = seg.words
    headline = headline_end(text, seg)
    atype: dict[str, str] = {}
    if mentions is not None and len(mentions):
        for a, t in zip(mentions["actor_id"].tolist(), mentions["type"].tolist()):
            if isinstance(a, str) and a:
                atype.setdefault(a, str(t))
    out = []
    for r in records:
        f: dict[str, float] = {"rule=" + str(r["rule"]): 1.0, "kind=" + str(r["kind"]): 1.0,
                               "parts": min(r["parts"], 3) / 3}
        cue = _cue_entry(lex, r["cue"])
        f["ctype=" + (cue.type if cue else "none")] = 1.0
        lemma = cue.lemma if cue else "none"
        f["lemma=" + (lemma if lemmas is None or lemma in lemmas else "other")] = 1.0
        if not pd.isna(r["cue_start"]):
            i = bisect.bisect_right(starts, int(r["cue_start"])) - 1
            f["cuetag=" + _word_tag(words[i])] = 1.0
            f["lefttag=" + (_word_tag(words[i - 1]) if i >= 1 else "^")] = 1.0
            f["righttag=" + (_word_tag(words[i + 1]) if i + 1 < len(words) else "$")] = 1.0
        else:
            f["nocue"] = 1.0
        _speaker_features(f, r["speaker_text"])
        sid = r["speaker_id"] if isinstance(r["speaker_id"], str) else ""
        f["atype=" + (atype.get(sid, "unknown") if sid else "none")] = 1.0
        cs, ce = r["cs"], r["ce"]
        ci = max(0, bisect.bisect_right(starts, cs) - 1)
        cj = bisect.bisect_left(starts, ce)
        cw = list(words[ci:min(cj, ci + _CONTENT_WINDOW)])
        f["clen"] = math.log1p(len(text[cs:ce].split())) / 4
        if ci >= 1 and words[ci - 1].lower() == "that" and (pd.isna(r["cue_start"]) or starts[ci - 1] > r["cue_start"]):
            f["that_clause"] = 1.0  # "found that ...", "told reporters that ...": a reported proposition
        if cw:
            c0 = cw[0].lower()
            f["c0=" + (c0 if c0 in _CONTENT_OPENERS else "Q" if c0 in _QUOTE_MARKS else "other")] = 1.0
            ctags = [_word_tag(w) for w in cw]
            f["c0tag=" + ctags[0]] = 1.0
            finite = any(t in _FINITE_TAGS or w.lower() in _AUXILIARIES for t, w in zip(ctags, cw))
            f["cfinite"] = float(finite)
            if not finite and (ctags[0] in _NOMINAL_TAGS or ctags[0] in ("Xcap", "Xnum")):
                f["np_object"] = 1.0
                f["np_object_ctype=" + (cue.type if cue else "none")] = 1.0
        f["quoted"] = float(any(ch in text[cs:ce] for ch in "\"“”"))
        if headline is not None and cs < headline:
            f["headline"] = 1.0
        if (f.get("spk=cap") or f.get("spk=desc") or f.get("spk=lower")) and not f.get("spk_animate") \
                and not (f.get("atype=person") or f.get("atype=organisation")):
            f["spk_inanimate"] = 1.0
        out.append((r["claim_id"], f))
    return out


def score_claims(text: str, seg, claims: pd.DataFrame, mentions: pd.DataFrame | None, lex,
                 model: ClaimFilterModel) -> dict[str, float]:
    """claim_id -> the model's probability that the claim is an attribution, for the top-level
    claims the filter judges (:func:`applies`)."""
    return {cid: model.probability(f)
            for cid, f in claim_features(text, seg, claims, mentions, lex, model.lemmas, judged_only=True)}


def _cue_entry(lex, cue):
    """The cue lexicon's entry for a claim's cue text (None for no cue or an unknown one)."""
    return lex.match(cue.lower().split(), 0) if isinstance(cue, str) and cue.strip() else None


_POSSESSIVE = re.compile(r"\w['’]s\b|s['’](?=\s|$)")


def stance_acts(text: str, seg, claims: pd.DataFrame, lex) -> set[str]:
    """Top-level claims that are evaluation acts toward a named actor or an actor's words,
    plans or decisions ("backed Mr Howard's stance", "attacked Labour's taxes", "praised
    Downing"), by a resolved speaker, outside a headline. The filter keeps them whatever their probability: the
    judged BBC claims count few acts as claims, but the stance stage reads them (#22), and
    without them it lost a sixth of its right rows on the judged stance set."""
    out = set()
    headline = headline_end(text, seg) or 0
    for r in top_level_claims(claims):
        if r["cs"] < headline:
            continue
        cue = _cue_entry(lex, r["cue"])
        if cue is None or cue.type != "evaluation" or not isinstance(r["speaker_id"], str) or not r["speaker_id"]:
            continue
        words = text[r["cs"]:r["ce"]].split()[:4]
        head = words[1] if len(words) > 1 and words[0].lower() == "the" else (words[0] if words else "")
        if head[:1].isupper() or _POSSESSIVE.search(" ".join(words)):
            out.add(r["claim_id"])
    return out


#: "is expected to", "are widely expected", "a decision expected in May": an expectation nobody
#: is named as holding (the news convention's "agentless"; every one of the judged set's 20 is no claim)
_AGENTLESS_EXPECTED = re.compile(r"(?:\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?|\b\w+ly\s+)$", re.IGNORECASE)


def _agentless_expected(text: str, cue, cue_start) -> bool:
    """Is the cue "expected" in a passive or a participle after an adverb ("Mr Berlusconi is
    expected to table reforms", "an election widely expected in May")?"""
    if not isinstance(cue, str) or cue.lower() != "expected" or pd.isna(cue_start):
        return False
    return bool(_AGENTLESS_EXPECTED.search(text[max(0, int(cue_start) - 30):int(cue_start)]))


#: Cue lemmas of refusals to speak ("refused to comment", "declined to say whether"): what
#: follows is what was not said. PolNeAR's convention counts them; the news convention does not.
REFUSALS = frozenset(("refuse", "decline"))


def filter_claims(text: str, seg, claims: pd.DataFrame, mentions: pd.DataFrame | None, lex,
                  model: ClaimFilterModel, speaker_accuracy: dict | None = None,
                  threshold: float | None = None, *, news: bool = False) -> pd.DataFrame:
    """The claims table without the top-level claims the filter judges (:func:`applies`) whose
    probability is under ``threshold`` (default: the model's), and without the claims nested in
    them. Never dropped: mixed quotes (their quoted words are somebody's: 0.89 of them are claims
    on both BBC sets, and the seed's "he fears 'tens of thousands' of votes ..." is one), unless a
    verb of wanting or planning introduces them (``desire_verbs``: 'wants to see a withdrawal "as
    soon as the situation allows"' is a plan; none of the two BBC sets' 6 is a claim), and
    :func:`stance_acts`; the probability still sets their confidence. Kept judged rows get
    ``confidence = probability x speaker accuracy`` of their (rule, kind) when
    ``speaker_accuracy`` knows it (else they keep their rule's confidence); other rows keep theirs.
    ``news``: the news convention's rules (neither BBC gold set counts any of these as a
    claim): drop every top-level claim in a title (:func:`title_end`), mixed quotes
    included ("Brown hails 'genius' Smith": a title summarises the story's claims, 83 of 83
    readings), every refusal to speak (:data:`REFUSALS`: "refused to comment on",
    "declined to say whether": 13 of 13), and an expectation nobody holds ("Mr Berlusconi is
    expected to table reforms": :func:`_agentless_expected`, 20 of 20 judged)."""
    if claims is None or not len(claims):
        return claims
    cut = model.threshold if threshold is None else float(threshold)
    p = score_claims(text, seg, claims, mentions, lex, model)
    if not p and not news:
        return claims
    kinds = dict(zip(claims["claim_id"].tolist(), claims["kind"].tolist()))
    cues = dict(zip(claims["claim_id"].tolist(), claims["cue"].tolist()))
    drop = {cid for cid, v in p.items()
            if v < cut and (kinds.get(cid) != "mixed" or str(cues.get(cid) or "").lower() in _DESIRE_VERBS)} \
        - stance_acts(text, seg, claims, lex)
    lift: set[str] = set()  # dropped, but the claims nested in them are claims of their own
    if news:
        head = title_end(text, seg) or 0
        for r in top_level_claims(claims):
            cue = _cue_entry(lex, r["cue"])
            if r["cs"] < head or cue is not None and cue.lemma in REFUSALS:
                drop.add(r["claim_id"])
            elif _agentless_expected(text, r["cue"], r["cue_start"]):
                # "China is expected to face pressure ... which G7 nations have blamed for ...":
                # nobody expects, but the G7 still blamed
                lift.add(r["claim_id"])
    ids = claims["claim_id"].tolist()
    parents = [x if isinstance(x, str) else "" for x in claims["parent_claim_id"].tolist()]
    if drop:
        changed = True
        while changed:  # a nested claim goes with its parent, and with its parent's parent
            more = {cid for cid, par in zip(ids, parents) if par in drop and cid not in drop}
            changed = bool(more)
            drop |= more
    lift -= drop
    keep = [cid not in drop and cid not in lift for cid in ids]
    out = claims[keep].reset_index(drop=True) if drop or lift else claims.copy()
    if lift:
        out["parent_claim_id"] = ["" if par in lift else par for par in out["parent_claim_id"].tolist()]
    if speaker_accuracy:
        conf = []
        for cid, rule, kind, c in zip(out["claim_id"].tolist(), out["rule"].tolist(), out["kind"].tolist(),
                                      out["confidence"].tolist()):
            acc = speaker_accuracy.get((rule, kind), speaker_accuracy.get((rule, "*")))
            conf.append(round(p[cid] * acc, 3) if cid in p and acc is not None else c)
        out["confidence"] = conf
    return out
