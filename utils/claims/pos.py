"""Is a cue a verb in a speech construction? (#21 "Who really said it").

The cue lexicon (``data/cues.csv``) matches word forms, and many of them are also nouns or
adjectives ("the club's 500m *hope* Baker", "pirate radio *shows*", "best *supporting*
actor", "two *backing* singers"), or verbs in a sense that reports no words ("is *hoping*
to repeat his win", "*showed off* the phone", "*insisted on* finishing"). Reported speech
(``utils.claims.reported``) asks :func:`speech_cue` about every single-word cue it would
use; a cue that fails gives no claim and no longer bounds its neighbours' contents.

The part-of-speech tags come from the project's tagger (``utils.text.tagger``, GUM, about
one token in 13 mis-tagged and weak on "-s" verbs after a name: "Clinton wants" is often
tagged NNS). So a tag alone never rejects a cue; a reading is rejected when the tag and
the construction around the cue agree:

1. **Noun or adjective.** The cue is tagged NN*, JJ* or CD, and a word before it makes it
   part of a noun phrase (a determiner, possessive, number, adjective, or a verb whose object
   it is: "knocking hopes", "more demands"), or a finite verb or modal follows it, so that it
   is the subject ("health worries have dogged").
2. **Modifier.** An -ing or -ed form between a determiner, number, adjective or preposition
   and a noun: "best supporting actor", "two backing singers", "with backing singers".
3. **Wanting and planning.** A verb of wanting or planning (the ``desire_verbs`` list of
   ``data/claims_words.csv``: hope, want, plan, expect, intend, aim, seek, try, wish) followed
   by "to" and a verb states an intention, not words: "is hoping to repeat", "wanted to buy".
   Dropped only with ``extract_claims(intentions=False)``: PolNeAR (like PARC) annotates
   intentions as attributions, and dropping them takes PolNeAR dev content F1 from 0.782 to
   0.775, under the project's floor of 0.78 (hand-checked BBC: precision 0.718 -> 0.725,
   recall 0.911 -> 0.899), so the default keeps them.
   The same verbs with a clause ("hoped that the deal would go ahead", "hopes its car will
   sell") report an attitude to a proposition and stay claims: in news they paraphrase what
   someone said, and PolNeAR annotates them as attributions.
4. **Action readings.** A phrasal verb that is not in the lexicon (a particle right after
   the cue: "showed off", "backed down"; the lexicon's own phrases, "points out", match as
   several words and are not asked about), and "insist on"/"agree on" + -ing form ("insisted on
   finishing": an action, while "insisted that ..." is speech).

Tags are computed lazily, only for the cues asked about, over a window of the cue's unit
(four tokens before it to three after it, clipped to the unit): a perceptron tagger's
decision at the cue depends on two words either side and the two tags before it, so the
window gives the sentence's tag at the cue (checked on every cue of the PolNeAR dev claims
and the hand-checked BBC claims) at a fraction of the cost of tagging whole documents. When
the Doc already carries tags (``utils.text.tagger.tag_doc``), those are used.

Measured (#21, against the same code without this check): PolNeAR dev content F1 0.782 ->
0.782 (precision 0.900 -> 0.904, recall 0.691 -> 0.689), direct quotes 0.936 (unchanged),
speaker accuracy 0.912 -> 0.917; hand-checked BBC claim precision 0.697 -> 0.718, recall
0.911 (unchanged). Cost: ``extract_claims`` on the 417 bbc_politics articles 45,400 -> 27,000
words per CPU-second (about 15 microseconds a word, nearly all in NLTK's perceptron
``predict``; a leaner scorer over the same weights would cut it).
"""
from __future__ import annotations

from utils.claims.words import LazyWords

#: Verbs of wanting and planning: with "to" and a verb they state an intention, not words.
_DESIRE_VERBS = LazyWords("desire_verbs")
_PRIZE_NOUNS = LazyWords("prize_nouns")
#: Tags of words that put the next word inside a noun phrase ("the", "his", "two", "best", "more",
#: "knocking [hopes]").
#: (Determiners and possessive pronouns are the lexical check's: ``grammar._NOT_AFTER``; the tagger
#: also gives DT and PRP$ to subjects such as "each" and "together", and JJ to capitalised and plural
#: words, "Chinese", "experts": so a JJ counts only for a lower-case word not in -s.)
_NOMINAL_LEFT = frozenset("PDT POS CD JJR JJS VBG VB TO VBD VBZ VBP".split())
#: Tags of words that can end the subject of a verb: a noun tagged so and followed by a finite verb
#: may still be a verb ("what Sella believes is ...").
_SUBJECT_END = frozenset("NNP NNPS PRP WP WDT EX".split())
#: Tags after which a word tagged as a noun is the subject of a verb ("a tax plan would benefit").
_FINITE = frozenset("MD VBD VBZ VBP".split())
#: Tags before an -ing/-ed form that modifies the next noun ("best supporting actor", "two backing
#: singers"). Not prepositions: after one it is mostly a gerund with its object ("while showing support").
_MODIFIER_LEFT = frozenset("DT PDT PRP$ POS CD JJ JJR JJS".split())
#: Particles of phrasal verbs the lexicon does not list ("showed off", "backed down").
_PARTICLES = frozenset("off up down away around".split())
_WINDOW_BEFORE, _WINDOW_AFTER = 4, 4
#: Words after which a cue form is a verb: subject pronouns, modals and forms of "be" and "do"
#: ("he hopes", "will insist", "is hoping", "to show"); not "have", which also takes nouns ("has hopes").
_VERB_BEFORE = frozenset(
    "he she they i we you who to will would could can may might must should shall is was are were be been "
    "being am did does do not never also still already just".split()
)


def cue_tags(doc, i: int) -> tuple[str, str, str, str]:
    """The tags of tokens ``i-1, i, i+1, i+2`` ('' outside the cue's unit), from the Doc's own
    tags when a tagger has run on it, else from tagging a window of the unit around ``i``
    (cached per cue token, so the answer does not depend on the order of questions)."""
    got = doc.cue_tags.get(i)
    if got is not None:
        return got
    u = doc.tsent[i]
    lo, hi = doc.s_lo[u], doc.s_hi[u]
    if doc.tags is not None:
        tags, a = doc.tags, 0
    else:
        from utils.text.tagger import tag_tokens

        a, b = max(lo, i - _WINDOW_BEFORE), min(hi, i + _WINDOW_AFTER)
        tags = tag_tokens(doc.words[a:b])
    got = tuple(tags[k - a] if lo <= k < hi and 0 <= k - a < len(tags) else "" for k in range(i - 1, i + 3))
    doc.cue_tags[i] = got
    return got


def speech_cue(doc, i: int, n: int, cue) -> bool:
    """Is the cue ``cue`` at token ``i`` (``n`` tokens) a verb in a speech construction?
    False for the noun, modifier, wanting and action readings of the module docstring.
    Tags are read only when the word before the cue leaves a noun reading open (after "he",
    "will", "was" or "to" it is a verb), which spares most of the tagging."""
    if n > 1:
        return True  # a phrase of the lexicon ("points out", "according to")
    low = doc.low
    u = doc.tsent[i]
    lo, hi = doc.s_lo[u], doc.s_hi[u]
    nxt = low[i + 1] if i + 1 < hi else ""
    after = doc.words[i + 2] if i + 2 < hi else ""
    if nxt in _PARTICLES:
        return False  # "showed off", "backed down": another verb than the lexicon's
    if i > lo and low[i - 1] in _VERB_BEFORE:
        right2 = "VBG" if after.islower() and after.endswith("ing") else ""
    else:
        left, tag, right, right2 = cue_tags(doc, i)
        if tag.startswith(("NN", "JJ")) or tag == "CD":
            w = doc.words[i - 1]
            if left in _NOMINAL_LEFT or left == "JJ" and w.islower() and not w.endswith("s") or (
                    right in _FINITE and (left not in _SUBJECT_END or tag == "NN" and left in ("NNP", "NNPS")
                                          and not low[i].endswith(("s", "ed")))):
                # "the club's 500m hope", "knocking hopes", "classical singing", "a tax plan would", and
                # "The Gartner report suggests" (a singular noun after a name, before a verb)
                return False
        if tag in ("VBG", "VBN") and right.startswith("NN") and left in _MODIFIER_LEFT and low[i - 1] != "by":
            return False  # "best supporting actor", "two backing singers"
    if nxt == "to" and not doc.intentions and low[i] in _DESIRE_VERBS and after.isalpha() and after.islower() \
            and after not in _NOT_VERB_AFTER_TO and not right2.startswith("NN"):
        return False  # "is hoping to repeat his win", "wanted to buy"
    if nxt in ("on", "upon") and right2 == "VBG":
        return False  # "insisted on finishing": an action
    if low[i].startswith("claim") and _won(doc, i + 1, hi):
        return False  # "claimed the top spot", "claiming victory": a win, not words
    return True


#: Words between "claim" and what is won: determiners, possessives, ordinals, numbers and adjectives.
_BEFORE_PRIZE = frozenset("the a an his her their its our my first second third fourth fifth sixth 1st 2nd 3rd "
                          "maiden only another overall outright top world european olympic national".split())


#: Words after the prize that end its noun phrase ("victory in the women's race", "the top spot ahead of").
_AFTER_PRIZE = frozenset("in at on over with for ahead after before by from of to and as since despite when "
                         "while this last yesterday".split())


def _won(doc, k: int, hi: int) -> bool:
    """Is the object after "claim" at token ``k`` something won (``prize_nouns``), within three words?"""
    for j in range(k, min(hi, k + 4)):
        w = doc.low[j]
        if w in _PRIZE_NOUNS:  # the head of the object: "the record company had ..." is a claim's subject
            nxt = doc.low[j + 1] if j + 1 < hi else ""
            return not nxt or not nxt[0].isalnum() or nxt in _AFTER_PRIZE
        if not (w in _BEFORE_PRIZE or w.isdigit() or w.endswith(("th", "st", "nd", "rd")) and w[:-2].isdigit()
                or j > k and doc.words[j][:1].isupper()):
            return False
    return False


#: Words after "to" that start a noun phrase, not a verb ("hopes to the end", "plans to the council").
_NOT_VERB_AFTER_TO = frozenset("the a an this that these those his her their its our my your some any".split())
