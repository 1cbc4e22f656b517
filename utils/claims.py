"""Claims: who says what. Direct quotes, reported speech and mixed quotes, each
attributed to a speaker through a cue (``said``, ``believes``, ``according to``...).

Used by ``notebooks/03-extract-claims.ipynb`` (and wired into the pipeline by
``utils.pipeline``). The entry point is :func:`extract_claims`; every row holds
character offsets into the original text, so ``text[content_start:content_end]``
is always the stored content (same for the cue and speaker spans).

How it works (rules; knowledge in ``data/cues.csv`` and ``data/claims_nouns.csv``;
one optional model for quotations no rule attributes, step 6):

1. **Quote pairing.** One linear scan over each paragraph pairs quotation marks
   (straight, curly, ``''``/``````, guillemets) with a stack, telling the direction
   of a straight mark by its neighbours; an apostrophe (letters on both sides:
   *isn't*, *Corbyn's*) is never a quote mark, and a closing single mark after an
   ``s`` closes only when a single quote is open (``,\'\'\' said`` closes a single,
   then a double quote; an invisible bidi mark before a mark counts as a space;
   ``“Apparently not,“`` closes with an opening mark). A quote left open at the end of
   a paragraph continues when the next paragraph opens with a quote mark (the
   multi-paragraph convention); otherwise it is dropped (no invented claims).
2. **Cues** (lemma, forms, type) are found by a dictionary lookup on lower-cased
   tokens outside top-level quotes; noun uses ("the report", "Trump's claim"),
   passives ("was dismissed") and "so-called" are not cues.
3. **Direct quotes** are attributed by the cue right after the quote
   (``"...," he said`` / ``said Mr Austin`` / ``"...," she surmised``), right before it
   (``Mr Austin said:`` / ``adding: "..."`` / ``said in an interview with the Times
   on Monday, "..."``; ``said, "We'll see," when asked`` is still a direct quote),
   by the sentence before it when that introduces it (``Cruz continued:``, ``The
   panel describes itself this way:``, ``X, a spokeswoman for Y, said in a
   statement.``, ``Stated Stone:``), by a clause ending in a colon whose verb is not
   a speech cue (``She went on: "..."``, ``The letter makes a simple case: "..."``),
   by a dash signature (``"..." — Maria Lopez, 34`` or a ``- Bernie Sanders.``
   paragraph after the quote; one signed quote per line in a round-up), or, for a quote opening its sentence or
   paragraph right after a claim (a quote, or reported speech: 'Mike Hobday said
   evidence was passed to police. "Our evidence suggests ..."'), by that claim's speaker.
   The parts of one quote share a speaker, whichever part names it; a quote whose
   paragraphs were run together ('... by the government. "Instead of ...') is cut
   into its parts at the second opening mark instead of nesting the narrative. Short unattributed quotes
   (scare quotes, quoted terms) are nobody's claim. A quoted fragment inside a longer
   statement (``said the plan was "a disaster"``) makes a ``mixed`` claim.
4. **Reported speech**: subject + cue + (that-)clause to the end of the sentence,
   ``content, X said`` and ``content, said X``, ``according to X`` (two parts when it
   interrupts its sentence: ``The plan, according to X, is ...``), ``as reported by X``, ``Name: text`` (transcripts, headlines) and noun cues with a possessor
   (``Trump's claim that``). PARC-style attribution also covers beliefs, knowledge,
   intentions and attitudes ("knows", "plans", "supports", "released"), so the lexicon
   holds them; cue forms that are also common nouns ("sincere views", "voter support",
   a "daring" plan) are not cues unless a subject can end right before them. The
   content of an attitude is its object ("backed the reform because ..." -> "the
   reform"); a content stops before an adverbial or coordinated clause that brings its
   own speaker and cue ("X denounced the deal after Y said ..."), and before a
   contrast after a comma ("..., but ..."). Reported speech inside another reported
   claim's content ("Ms Lowe said she fears ...") is nested in it (``parent_claim_id``),
   like the cues inside a quote, which give nested claims whose parent is the quote's
   claim (first-person hedges such as "I think" are skipped).
   **Embedded tweets** (the ``TEXT — Name (@handle) July 5, 2016`` a tweet embedded in a
   web page leaves in its text) are their author's direct claims; claims found inside
   a tweet are nested in it.
5. **Speakers** are the noun phrase the rule points at (walking over auxiliaries,
   appositions, relative clauses and time phrases: "Jane Doe, a spokeswoman, said";
   "Mr Diaz, whose ..., last year proposed"; introductory phrases such as "At a rally
   in Ames, Iowa, on Sunday," are skipped; a participle such as "adding" takes the
   speaker of its clause: "..., when he went on record endorsing X"). They resolve to
   the canonical actor of the overlapping mention (``schema.MENTIONS``, the longest
   person-ish one); without one, a pronoun or "his letter" takes the previous claim's
   speaker (or the nearest person mention), anything else keeps its own text. A
   relative-clause speaker keeps its antecedent and the pronoun ("Bernie Sanders, who
   cites ..."), coordinated speakers stay together ("David Albright and Serena
   Kelleher-Vergantini wrote"), and an appositive chain before the cue is the speaker
   ("..., a spokeswoman, Anna White, said on Saturday"); "told Reuters" names a hearer.
6. **Bare quotes** (optional, ``bare_quotes=True``): a logistic regression trained on
   PolNeAR train (``utils/models/bare_quotes_polnear.json``) keeps the top-level
   quotations no rule attributed that look like somebody's words; their speaker is
   one a cue names in the same sentence (rule ``bare-quote``), else the subject of the
   quote's own sentence (``bare-quote-subject``: 'Sanders credited the win to "a closed
   primary ..."'), else the speaker of the last claim before it in its paragraph
   (``bare-quote-after-claim``), else empty.

Sentences longer than 2,000 characters (hostile input without full stops) are cut
into units at a comma or space, so the run time stays linear.

Measured on PolNeAR (Newell, Margolin & Ruths, LREC 2018; US election news), dev
split, rules of ``datasets/README.md`` (``python evaluation/polnear.py --split dev``):
content partial F1 0.776 overall (P 0.900, R 0.682) and 0.904 for direct quotes,
speaker accuracy 0.906 on matched claims (0.965 for direct quotes); with the bare-quote
model 0.785 overall, 0.936 direct, speaker 0.890. Train (where the rules were
developed): 0.761 overall, 0.936 direct, speaker 0.910. See ``evaluation/polnear.py``
for details. Direct quotes are reliable; reported speech is found less completely
(recall about two thirds), because news attributes opinions with a long tail of verbs
and phrasings
("took issue with", "is equally vocal in") that a cue lexicon only partly covers.
"""
from __future__ import annotations

import bisect
import csv
import html
import itertools
import re
import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from utils import paths, schema
from utils.ids import claim_id_for
from utils.text import DASH_CHARS, Segmented

CUE_TYPES = ("speech", "belief", "report", "evaluation", "intention")

# ---------------------------------------------------------------------------
# Cue lexicon
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """One surface form of a cue (possibly several words)."""

    form: tuple[str, ...]
    lemma: str
    type: str
    object: bool

    @property
    def participle(self) -> bool:
        return self.form[0].endswith("ing")


@dataclass(frozen=True)
class CueLexicon:
    """Cue forms indexed by their first (lower-cased) word, longest first."""

    by_first: dict = field(default_factory=dict)

    def match(self, words: list[str], i: int) -> Cue | None:
        """The longest cue starting at word ``i`` of ``words`` (lower-cased)."""
        cands = self.by_first.get(words[i])
        if not cands:
            return None
        for cue in cands:
            n = len(cue.form)
            if n == 1 or tuple(words[i : i + n]) == cue.form:
                return cue
        return None


class CueFileError(ValueError):
    """Raised when the cue file is malformed (names file, line and field)."""


def load_cues(path: str | Path | None = None) -> CueLexicon:
    """Read and validate a cue lexicon CSV (default ``data/cues.csv``).

    Args:
        path: CSV with columns ``lemma,forms,type,object``; ``#`` lines are comments.

    Returns:
        A :class:`CueLexicon`.

    Raises:
        CueFileError: naming the file, line and field of the first problem.
    """
    path = Path(path) if path else paths.DATA / "cues.csv"
    return _load_cues_cached(str(path))


@lru_cache(maxsize=8)
def _load_cues_cached(path: str) -> CueLexicon:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    body = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not body:
        raise CueFileError(f"{path}: no header line")
    header_no, header = body[0]
    cols = next(csv.reader([header]))
    need = ["lemma", "forms", "type", "object"]
    if [c.strip() for c in cols] != need:
        raise CueFileError(f"{path}, line {header_no}: header must be {','.join(need)}, got {header!r}")
    by_first: dict[str, list[Cue]] = {}
    for n, line in body[1:]:
        row = next(csv.reader([line]))
        if len(row) != 4:
            raise CueFileError(f"{path}, line {n}: expected 4 fields, got {len(row)}")
        lemma, forms, typ, obj = (x.strip() for x in row)
        if not lemma:
            raise CueFileError(f"{path}, line {n}, field 'lemma': empty")
        if typ not in CUE_TYPES:
            raise CueFileError(f"{path}, line {n}, field 'type': {typ!r} not in {CUE_TYPES}")
        if obj not in ("yes", "no"):
            raise CueFileError(f"{path}, line {n}, field 'object': {obj!r} must be yes or no")
        for form in forms.split("|"):
            words = tuple(form.lower().split())
            if not words or any(not re.fullmatch(r"\w+", w) for w in words):
                raise CueFileError(f"{path}, line {n}, field 'forms': bad form {form!r}")
            by_first.setdefault(words[0], []).append(Cue(words, lemma, typ, obj == "yes"))
    for k in by_first:
        by_first[k].sort(key=lambda c: -len(c.form))
    return CueLexicon(by_first)


def load_noun_cues(path: str | Path | None = None) -> dict[str, str]:
    """Read the noun cues (``data/claims_nouns.csv``: noun, type) as {noun: type}.

    Raises:
        CueFileError: naming the file, line and field of the first problem.
    """
    path = Path(path) if path else paths.DATA / "claims_nouns.csv"
    return dict(_load_nouns_cached(str(path)))


@lru_cache(maxsize=4)
def _load_nouns_cached(path: str) -> tuple[tuple[str, str], ...]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    body = [(n, x) for n, x in enumerate(lines, 1) if x.strip() and not x.lstrip().startswith("#")]
    if not body or [c.strip() for c in body[0][1].split(",")] != ["noun", "type"]:
        raise CueFileError(f"{path}, line {body[0][0] if body else 1}: header must be noun,type")
    out = []
    for n, line in body[1:]:
        row = [x.strip() for x in line.split(",")]
        if len(row) != 2:
            raise CueFileError(f"{path}, line {n}: expected 2 fields, got {len(row)}")
        if not re.fullmatch(r"[a-z]+", row[0]):
            raise CueFileError(f"{path}, line {n}, field 'noun': {row[0]!r} is not one lower-case word")
        if row[1] not in CUE_TYPES:
            raise CueFileError(f"{path}, line {n}, field 'type': {row[1]!r} not in {CUE_TYPES}")
        out.append((row[0], row[1]))
    return tuple(out)


# ---------------------------------------------------------------------------
# Quote pairing
# ---------------------------------------------------------------------------

# a lone single mark before a closing double "''" (as in ,''' said) closes a single quote first
_MARK = re.compile(r"(?<=\S)'(?='')|''|``|[\"“”„‟«»‘’‚']")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")
_DOUBLE_OPEN = {"“", "„", "‟", "«", "``"}
_DOUBLE_CLOSE = {"”", "»"}
_SINGLE_OPEN = {"‘", "‚"}
_OPENERS_BEFORE = set("([{-/") | set(DASH_CHARS) | set("\"“”„«»‘’'`")


@dataclass
class Quote:
    """A paired quotation: marks at ``open_start`` and ``close_end`` (exclusive)."""

    open_start: int
    open_end: int
    close_start: int
    close_end: int
    depth: int
    family: str  # "double" | "single"
    continued_from: "Quote | None" = None  # previous paragraph's part of the same quote
    continues: bool = False  # runs on into the next paragraph

    @property
    def inner(self) -> tuple[int, int]:
        return self.open_end, self.close_start


def _family(m: str) -> str:
    return "single" if m in ("'", "‘", "’", "‚") else "double"


def _direction(text: str, s: int, e: int, lo: int, hi: int, mark: str, single_open: bool, double_open: bool = False) -> str:
    """'open', 'close' or '' (not a quote mark) for the mark ``text[s:e]``."""
    p = text[s - 1] if s > lo else " "
    n = text[e] if e < hi else " "
    if p in _INVISIBLE:
        p = " "  # a bidi or zero-width mark before a quote: '\u202a"Isis ...'
    if mark in _DOUBLE_OPEN:
        if double_open and mark == "“" and not p.isspace() and not n.isalnum() and p not in _OPENERS_BEFORE:
            return "close"  # '“Apparently not,“ he said': an opening mark typed for a closing one
        return "open"
    if mark in _SINGLE_OPEN:
        return "" if p.isalnum() or n.isdigit() else "open"
    if mark in _DOUBLE_CLOSE:
        if s == lo and (n.isalnum() or text[e : e + 3].lstrip()[:1] in ("…", ".")):
            return "open"  # '” … if the incumbent ...': a closing mark typed to open a paragraph
        return "open" if p.isspace() and n.isalnum() else "close"
    if mark in ('"', "''"):
        if (p.isspace() or p in _OPENERS_BEFORE) and not n.isspace():
            return "open"
        if p == ":" and n.isalnum():
            return "open"  # 'Rep. Trey Gowdy (R-S.C.):"I have not heard ...': no space after the colon
        if not p.isspace():
            return "close"
        if double_open and (n.isspace() or not n.isalnum()):
            return "close"  # 'this, " Trump said': a stray space before the closing mark
        return ""
    # ' or ’ (single)
    if p.isalnum() and n.isalnum():
        return ""  # apostrophe: isn't, Corbyn's
    if (p.isspace() or p in _OPENERS_BEFORE) and n.isalnum():
        return "" if n.isdigit() else "open"
    if not p.isspace() and not n.isalnum():
        return "close" if single_open else ""
    return ""


def find_quotes(text: str, seg: Segmented) -> list[Quote]:
    """Pair quotation marks paragraph by paragraph (linear scan with a stack).

    Returns every paired quote (nested ones too, with their ``depth``), in order
    of their opening mark. A quote still open at the end of a paragraph whose
    next paragraph opens with a quote mark is closed at the paragraph end and
    marked ``continues``; the next paragraph's quote gets ``continued_from``.
    """
    out: list[Quote] = []
    carry: Quote | None = None
    paras = seg.paragraphs
    for pi, para in enumerate(paras):
        lo, hi = para.start, para.end
        stack: list[tuple[str, int, int]] = []  # (family, start, end)
        n_single = 0
        cont_from: dict[int, Quote] = {}  # opening mark -> the quote part it continues
        for m in _MARK.finditer(text, lo, hi):
            mark = m.group()
            s, e = m.span()
            d = _direction(text, s, e, lo, hi, mark, n_single > 0, len(stack) > n_single)
            if not d:
                continue
            fam = _family(mark)
            if d == "open" and fam == "double" and len(stack) == 1 and stack[0][0] == "double" and n_single == 0:
                # '"... by the government. "Instead of ..."': a quote whose paragraphs were run
                # together (each part opens, only the last closes). A second double opening
                # mark after a sentence end, with one double quote open, ends that quote at
                # the sentence end and continues it, instead of nesting the rest of the text.
                b = s
                while b > lo and text[b - 1].isspace():
                    b -= 1
                if b < s and text[b - 1 : b] in ".?!" and b - 1 > stack[0][2]:
                    _, os_, oe = stack.pop()
                    part = Quote(os_, oe, b, b, 0, fam, continued_from=cont_from.get(os_), continues=True)
                    out.append(part)
                    cont_from[s] = part
            if d == "open":
                if carry is not None and s == lo and fam == carry.family:
                    cont_from[s] = carry
                stack.append((fam, s, e))
                if fam == "single":
                    n_single += 1
                continue
            # close: the nearest open mark of the same family
            k = len(stack) - 1
            while k >= 0 and stack[k][0] != fam:
                k -= 1
            if k < 0:
                continue
            for f, _, _ in stack[k:]:
                if f == "single":
                    n_single -= 1
            _, os_, oe = stack[k]
            del stack[k:]
            q = Quote(os_, oe, s, e, k, fam)
            if k == 0:
                q.continued_from = cont_from.get(os_)
            out.append(q)
        carry = None
        if stack:
            fam, os_, oe = stack[0]
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is not None and _direction(text, nxt.start, nxt.start + 1, nxt.start, nxt.end, text[nxt.start], False) == "open" and _family(text[nxt.start]) == fam:
                q = Quote(os_, oe, hi, hi, 0, fam, continued_from=cont_from.get(os_), continues=True)
                out.append(q)
                carry = q
            elif os_ in cont_from and len(stack) == 1:
                # the last of run-together parts, left open at the end of the text or of a
                # quote that does not go on ('... of the Lords. "I want somebody there.'):
                # it ends with its paragraph
                b = hi
                while b > oe and text[b - 1].isspace():
                    b -= 1
                if b > oe:
                    out.append(Quote(os_, oe, b, b, 0, fam, continued_from=cont_from[os_]))
    out.sort(key=lambda q: q.open_start)
    return out


# ---------------------------------------------------------------------------
# Word helpers
# ---------------------------------------------------------------------------

_AUX = frozenset(
    "has have had is was are were be been being will would could can may might must should shall "
    "did does do also not never just still already again repeatedly later then previously once recently "
    "publicly privately reportedly further even often frequently first initially quickly flatly openly "
    "simply only widely generally apparently allegedly clearly explicitly jokingly now since long "
    "has also always angrily ever yet both twice".split()
)
#: The auxiliaries of _AUX that are verbs (the rest are adverbs): evidence of a clause.
_VERB_AUX = frozenset(
    "has have had is was are were be been being will would could can may might must should shall did does do".split()
)
#: Words that end a verb phrase, not a speaker: 'used to', 'seems to', 'refrained from'.
_VERB_COMPLEMENT_END = frozenset("to from with about".split())
_INTENSIFIERS = frozenset("very so too really quite rather pretty".split())
_IRREGULAR_PAST = frozenset("made took gave got came went saw knew thought felt kept left held brought".split())
_ADVERBS = frozenset("nevertheless however meanwhile too also still even later then again once".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split())
_MONTHS = frozenset("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split())
_OPENERS = frozenset("here there well now yes no so then again also yet still instead indeed".split())
_INTRO = frozenset(
    "on in at after before during later earlier last meanwhile however still yesterday today for with as since "
    "under over despite amid while when if although though because to once asked speaking following from beyond "
    "like unlike among through throughout within without against across toward towards upon by about amid inside "
    "outside near instead likewise essentially separately similarly finally moreover indeed nonetheless "
    "nevertheless besides thus therefore ultimately overall publicly privately perhaps".split()
)
_CONTRAST = frozenset("but although though whereas while".split())
_OBJECT_END = frozenset("because although though whereas while since unless".split())
_OBJECT_END_AFTER_COMMA = frozenset("but and which who as after before when saying adding while".split())
_TO_VERBS = frozenset(
    "wants want plans plan hopes hope seeks seek sought needs need tries try vows vow promises promise refuses "
    "refuse declines decline continues continue began begins begin agreed agrees intends intend went".split()
)
#: Words that open a subordinate clause.
_SUBORDINATORS = frozenset("while when as after before although though if because since once unless whereas until".split())
_PROGRESSIVE_AUX = frozenset("is are was were be been am 're 's".split())
_PERSONAL_SUBJ = frozenset("he she they we".split())
_TIME_WORDS = frozenset("the a an this that last next same one two three few several day days week weeks month months year years earlier later".split())
_TIME_NOUNS = frozenset("night morning afternoon evening week month year weekend".split())
_SPANS_OF_TIME = frozenset("minutes hours days weeks months years moments day week month year hour".split())
#: Words that quantify a span of time: "less than two weeks ago", "a few days after".
_TIME_QUANTITY = frozenset("a an few several many less more than about nearly almost just only some long two three four five six seven eight nine ten".split())
_PREP = frozenset("in on at during like for with by over after before since from of under among".split())
_CLAUSE_BOUND = frozenset("that but because while when if although though whereas since".split())
_STOP_BACK = frozenset(
    "that but and because while when if as after before since although though so where whom "
    "whether than or nor unless until whereas despite".split()
)
_CONJ_START = frozenset("but and so yet or however meanwhile still then also now".split())
_PRONOUNS = frozenset("he she they i we it his her their its my our you".split())
_PERSONAL = frozenset("he she they i we his her their my our".split())
#: Nouns whose name follows in quote marks: a title, not a quotation.
_TITLE_NOUNS = frozenset(
    "book books show shows film films movie movies series album song songs program programme memoir novel "
    "play documentary episode podcast sitcom musical newspaper magazine column headline".split()
)
_TITLE_SMALL = frozenset("a an the of and or in on at to for with from by but".split())


def _title_case(t: str) -> bool:
    """Short and capitalised like a title ('The Apprentice', 'An American Son')."""
    words = _W_RE.findall(t)
    return 0 < len(words) <= 8 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words)


_WORKS = frozenset(
    "letter statement tweet tweets post message email book article remarks comments speech website "
    "column blog account interview note memo op-ed report".split()
)
_TEXT_NOUNS = frozenset("transcript transcripts text excerpt excerpts statement remarks letter memo email e-mail speech testimony".split())
#: Nouns of texts that can be a quotation's source ('The headline reads: "..."', 'From the report: "..."').
_TEXT_SOURCES = _WORKS | _TEXT_NOUNS | frozenset(
    "headline footnote study poll survey ad advertisement video sign banner caption passage document filing "
    "complaint lawsuit order ruling release page site chapter editorial".split()
)
_POSSESSIVE_DETERMINERS = frozenset("his her their its".split())


def _text_source(w: str) -> bool:
    return w in _TEXT_SOURCES or w.rstrip("s") in _TEXT_SOURCES


def _head_index(doc: "_Doc", r: tuple[int, int]) -> int:
    """The last word of the token range ``r`` (its head), past trailing punctuation."""
    hx = r[1] - 1
    while hx > r[0] and not doc.words[hx][:1].isalnum():
        hx -= 1
    return hx


_TELL_OBJ = frozenset(
    "reporters journalists supporters voters the a an his her their me him us them you crowd audience "
    "members followers listeners viewers readers".split()
)
_TIME = frozenset(
    "on in at during monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "last this earlier later week month year morning afternoon evening night statement interview "
    "a an the with to of recently previously also again".split()
)
_QUOTE_CHARS = "\"“”„‟«»‘’‚'`"
_QUOTE_MARK_TOKENS = frozenset(_QUOTE_CHARS) | {"''", "``"}
_W_RE = re.compile(r"\w+")
_PARTY_TAG = re.compile(r"[RDI]-[A-Z]")
_WORD = re.compile(r"\w")


def _has_words(text: str, s: int, e: int, n: int) -> bool:
    """At least ``n`` ``\\w+`` words in ``text[s:e]`` (stops early)."""
    for k, _ in enumerate(_W_RE.finditer(text, s, e), 1):
        if k >= n:
            return True
    return False


def _is_cap(w: str) -> bool:
    return w[:1].isupper() or w[:1] in "@#"


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------


@dataclass
class _Claim:
    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    rule: str
    confidence: float
    inherit: bool = False  # speaker from the previous claim (continuation / bare quote)
    in_quote: "Quote | None" = None  # nested claim inside this quote
    parent: "_Claim | None" = None
    cue_text: str = ""
    name: str = ""
    actor_id: str = ""
    source_claim: "_Claim | None" = None  # the claim whose speaker this one copies


class _Doc:
    """Per-document working state: tokens, quote map and clause units.

    A *unit* is a sentence of ``seg``, except that sentences split inside a
    quotation are joined again (Punkt cuts "... mum. Dig ..." inside a quote).
    """

    def __init__(self, text: str, seg: Segmented, lex: CueLexicon, top: list[Quote]):
        self.text = text
        self.seg = seg
        self.lex = lex
        toks = seg.tokens
        self.ts = [t.start for t in toks]
        self.te = [t.end for t in toks]
        self.words = [text[t.start : t.end] for t in toks]
        # (a horizontal bar is read as the em dash it stands for)
        self.low = [w.lower() if w != "―" else "—" for w in self.words]
        # units: merge sentences whose boundary falls inside a top-level quote
        inside = []  # (open_end, close_start) of quotes, sorted
        for q in top:
            inside.append((q.open_end, q.close_start))
        units: list[list[int]] = []  # [start, end, paragraph]
        qi = 0
        for sent in seg.sentences:
            first = text[sent.start : sent.start + 1]
            if units and units[-1][2] == sent.paragraph and (first in ")]},;:" or first.islower()):
                units[-1][1] = sent.end  # a split after an abbreviation: "(D-R.I." + "), said"
                continue
            if units and units[-1][2] == sent.paragraph:
                b = units[-1][1]
                while qi < len(inside) and inside[qi][1] < b:
                    qi += 1
                if qi < len(inside) and inside[qi][0] <= b and sent.start < inside[qi][1]:
                    units[-1][1] = sent.end
                    continue
            units.append([sent.start, sent.end, sent.paragraph])
        units = _split_long_units(text, units)
        self.units = [(u[0], u[1]) for u in units]
        self.tsent = [0] * len(toks)
        self.s_lo = [0] * len(units)
        self.s_hi = [0] * len(units)
        ui = 0
        for i, t in enumerate(toks):
            while ui + 1 < len(units) and t.start >= units[ui + 1][0]:
                ui += 1
            self.tsent[i] = ui
        prev = -1
        for i, ui in enumerate(self.tsent):
            if ui != prev:
                self.s_lo[ui] = i
                prev = ui
            self.s_hi[ui] = i + 1
        self.inq = _quote_mask(self, top)
        self.top = top

    def unit_at(self, offset: int) -> int:
        lo, hi, best = 0, len(self.units) - 1, 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.units[mid][0] <= offset:
                best = mid
                lo = mid + 1
            else:
                hi = mid - 1
        return best


_MAX_UNIT = 2000  # characters; no news sentence is longer (keeps hostile input linear)
_UNIT_CUT = re.compile(r"[;,:\n]\s")


def _split_long_units(text: str, units: list[list[int]]) -> list[list[int]]:
    """Cut units longer than ``_MAX_UNIT`` characters (1 MB without a full stop)
    after a comma, semicolon or colon near each limit, else at a space."""
    if all(u[1] - u[0] <= _MAX_UNIT for u in units):
        return units
    out = []
    for s, e, p in units:
        while e - s > _MAX_UNIT:
            lim = s + _MAX_UNIT
            cut = None
            for m in _UNIT_CUT.finditer(text, lim - _MAX_UNIT // 4, lim):
                cut = m.end()
            if cut is None:
                sp = text.rfind(" ", s + 1, lim)
                cut = sp + 1 if sp > s else lim
            out.append([s, cut, p])
            s = cut
        out.append([s, e, p])
    return out


def _token_index(ts: list[int], offset: int) -> int:
    """First token starting at or after ``offset`` (bisect)."""
    lo, hi = 0, len(ts)
    while lo < hi:
        mid = (lo + hi) // 2
        if ts[mid] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


#: What a span is trimmed of at its edges: white space, clause punctuation and dashes.
_EDGE_CHARS = " \t\n\r\u00a0,;:-" + DASH_CHARS


def _trim_span(text: str, s: int, e: int, chars: str = _EDGE_CHARS) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in chars):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in chars):
        e -= 1
    return s, e


def _trim_space(text: str, s: int, e: int) -> tuple[int, int]:
    """``s, e`` without white space at either end."""
    return _trim_span(text, s, e, "")


def _quote_content(text: str, q: Quote) -> tuple[int, int]:
    """The content span of a quote: between its marks, without surrounding whitespace."""
    return _trim_space(text, q.open_end, q.close_start)


def extract_claims(
    doc_id: str,
    text: str,
    seg: Segmented,
    mentions: pd.DataFrame | None = None,
    *,
    cues: CueLexicon | str | Path | None = None,
    nested: bool = True,
    min_quote_words: int = 4,
    bare_quotes: bool | float = False,
    rule_confidence: dict | str | Path | bool | None = None,
) -> pd.DataFrame:
    """Find the claims of one document: direct, indirect and mixed, with speakers.

    Args:
        doc_id: the document's id (prefix of every ``claim_id``).
        text: the document text (offsets refer to it).
        seg: ``utils.text.segment(text)``.
        mentions: the document's mentions (``schema.MENTIONS``); may be empty or None.
        cues: a :class:`CueLexicon` or a path to a cue CSV (default ``data/cues.csv``).
        nested: also report claims embedded in quotes (with ``parent_claim_id``).
        min_quote_words: an unattributed quote shorter than this is a scare quote.
        bare_quotes: also report quotations no rule attributes when the shipped
            bare-quote model (``utils/models/bare_quotes_polnear.json``) judges them
            to be somebody's words (rules ``bare-quote*``, confidence = its probability;
            speaker: one named by a cue in the quote's sentence, else one taken from
            its context, else empty). Off by default:
            on PolNeAR it raises direct-quote recall but few of these quotes get the
            right speaker (see README, "Claims"). A number between 0 and 1 turns it on
            with that probability threshold instead of the model's own (a lower one
            lists more candidates, as ``utils.review.unattributed_quotes`` does).
        rule_confidence: the measured confidence of each rule: a table as
            :func:`load_rule_confidence` returns it, a path to one, None for the
            shipped one (PolNeAR train), or False to keep the values the rules set.
            It changes the ``confidence`` column only, never which claims are found.

    Returns:
        DataFrame with columns ``schema.CLAIMS`` (empty when nothing is found).

    Example:
        >>> from utils.text import segment
        >>> t = '"We will win," Ms Lowe said.'
        >>> df = extract_claims("d", t, segment(t), None)
        >>> df[["kind", "speaker", "cue", "content"]].values.tolist()
        [['direct', 'Ms Lowe', 'said', 'We will win,']]
    """
    lex = cues if isinstance(cues, CueLexicon) else load_cues(cues)
    if not text or not seg.sentences:
        return _empty()
    doc, top, claims = _rule_claims(text, seg, lex, min_quote_words)
    claims = _embedded_tweets(doc, claims, keep=nested)
    if bare_quotes:
        model = load_bare_quote_model()
        if not isinstance(bare_quotes, bool):
            if not 0.0 < float(bare_quotes) < 1.0:
                raise ValueError(f"bare_quotes: a probability threshold must be between 0 and 1, got {bare_quotes!r}")
            model = dataclasses.replace(model, threshold=float(bare_quotes))
        claims += _bare_quotes(doc, top, claims, model)
    if nested:
        claims += _nested_claims(doc, top, claims)
    claims = _dedupe(claims)
    _cut_at_inverted_tails(doc, claims)
    claims = _embed_reported(doc, claims, keep=nested)
    claims.sort(key=lambda c: (c.content[0], c.content[1]))
    _tidy_speakers(doc, claims)
    _resolve_speakers(doc, claims, mentions)
    if rule_confidence is not False:
        _calibrate(claims, rule_confidence if isinstance(rule_confidence, dict) else load_rule_confidence(rule_confidence))
    return _frame(doc_id, doc, claims)


_SPEAKER_EDGE = " \t\n\r\u00a0>~•*·.,;:-" + DASH_CHARS


def _tidy_speakers(doc: "_Doc", claims: list["_Claim"]) -> None:
    """A speaker mention starts at a word: markup and list marks before it
    ('<tweet ...>Iron Mike Tyson', '~ Media titan Rupert Murdoch') are dropped, and so is
    a verb left over from an opening phrase without its comma ('Speaking after the
    investigation was announced Bob Neill, leader of ..., said')."""
    text = doc.text
    for c in claims:
        if c.speaker is None:
            continue
        a, b = c.speaker
        while a < b and text[a] in _SPEAKER_EDGE:
            a += 1
        m = re.match(r"([a-z]+)\s+(?=[A-Z])", text[a:b])
        if m and doc.lex.match([m.group(1)], 0) is not None and m.group(1).endswith("ed"):
            a += m.end()
        if a < b:
            c.speaker = (a, b)


def _continuation(content: tuple[int, int], src: "_Claim") -> "_Claim":
    """Another part of the quote ``src`` attributes (the same speaker and cue): made by
    the direct pass, by the follow-on pass (a part whose first part was attributed by a
    later rule) and backwards (a part whose speaker is named only after a later part)."""
    return _Claim("direct", content, src.cue, src.speaker, "quote-continued", 0.8, inherit=True, source_claim=src)


def _rule_claims(text: str, seg: Segmented, lex: CueLexicon, min_quote_words: int = 4):
    """The rule stages: direct quotes, then reported speech. Returns (doc, top quotes, claims)."""
    quotes = find_quotes(text, seg)
    top = [q for q in quotes if q.depth == 0]
    doc = _Doc(text, seg, lex, top)
    claims: list[_Claim] = []
    used_cues: set[int] = set()
    claims += _direct_claims(doc, top, doc.inq, used_cues, min_quote_words)
    claims += _reported_claims(doc, top, doc.inq, used_cues, list(claims))
    claims += _follow_on_quotes(doc, top, claims, min_quote_words)
    claims += _lead_parts(doc, claims)
    claims += _parenthetical_tails(doc, claims)
    return doc, top, claims


def _parenthetical_tails(doc: _Doc, claims: list[_Claim]) -> list[_Claim]:
    """The rest of a sentence that an 'according to' phrase interrupts: 'The plan,
    according to a senior source, is "dead in the water".' The claim of the cue holds
    'The plan'; the words after the source's comma are a second part of it, with the
    same speaker and cue (rule ``according-to-tail``), as a discontinuous annotation
    would hold both."""
    out: list[_Claim] = []
    low = doc.low
    for c in claims:
        if c.rule != "according-to" or c.speaker is None or c.cue is None or c.content[1] > c.cue[0]:
            continue
        ci = _tok_range(doc, c.cue)[0]
        k = _tok_range(doc, c.speaker)[1]
        u = doc.unit_at(c.cue[0])
        hi = doc.s_hi[u]
        if ci == 0 or low[ci - 1] != "," or k >= hi or low[k] != "," or doc.unit_at(c.content[0]) != u:
            continue
        a = k + 1
        b = hi
        while b > a and not doc.words[b - 1][:1].isalnum() and doc.low[b - 1] not in _QUOTE_CHARS:
            b -= 1
        tail = [x for x in range(a, b) if doc.words[x][:1].isalnum()]
        if len(tail) < 2 or not doc.words[a][:1].islower() or low[a] in _SUBORDINATORS or low[a] in _CONJ_START \
                or _find_cues(doc, a, b, doc.inq):
            continue  # a clause of its own ('..., according to sources, although ...'), or its own attribution
        span = _trim_span(doc.text, doc.ts[a], doc.te[b - 1], _EDGE_CHARS + ".")
        if span[1] - span[0] < 4:
            continue
        kind = "mixed" if any(doc.inq[x] != -1 for x in range(a, b)) else "indirect"
        out.append(_Claim(kind, span, c.cue, c.speaker, "according-to-tail", round(c.confidence * 0.9, 2),
                          inherit=True, source_claim=c))
    return out


def _lead_parts(doc: _Doc, claims: list[_Claim]) -> list[_Claim]:
    """The part of a claim before its speaker when the attribution interrupts one
    sentence: 'The streets were deserted, he added, "but people need to connect."',
    'There was, she said, "an implicit bargain."' (the quote goes on in lower case after
    a comma). The lead is reported as a second part of the quote's claim, with the same
    speaker and cue (rule ``lead-of-quote``), as PolNeAR annotates it. Leads before a
    quote that is a sentence of its own ('As for X, Bolton said, "I just think ..."')
    and time phrases stay out: PolNeAR annotators mostly leave those out too."""
    out: list[_Claim] = []
    low, words, inq = doc.low, doc.words, doc.inq
    for c in claims:
        if c.rule != "cue-quote" or c.speaker is None or c.cue is None or c.cue[1] > c.content[0]:
            continue
        sp = _tok_range(doc, c.speaker)[0]
        u = doc.unit_at(c.content[0])
        lo = doc.s_lo[u]
        if doc.unit_at(c.speaker[0]) != u or sp - 1 <= lo or low[sp - 1] != "," or sp - lo > 26:
            continue
        a = lo
        while a < sp - 1 and not words[a][:1].isalnum():
            a += 1
        lead = range(a, sp - 1)
        if not lead or any(inq[x] != -1 for x in lead) or low[a] in _WEEKDAYS or low[a] in _MONTHS:
            continue
        first = doc.text[c.content[0] : c.content[0] + 1]
        if not first.islower() or low[_tok_range(doc, c.cue)[1]] == ":" or sum(words[x][:1].isalnum() for x in lead) < 2:
            continue  # only a sentence the attribution interrupts: 'The reality is, he added, "there are ..."'
        if low[a] in _INTRO or low[a] in _PREP or any(low[x] in _TIME_NOUNS or low[x] in _WEEKDAYS or low[x] in ("later", "earlier", "ago") for x in lead):
            continue  # a circumstance: 'In his tribute,', 'Minutes later,'
        span = _span(doc, (a, sp - 1))
        if span is None or span[1] - span[0] < 4:
            continue
        out.append(_Claim("indirect", span, c.cue, c.speaker, "lead-of-quote", round(c.confidence * 0.8, 2),
                          inherit=True, source_claim=c))
    return out


def _follow_on_quotes(doc: _Doc, top: list[Quote], claims: list[_Claim], min_words: int) -> list[_Claim]:
    """A quotation that opens its sentence right after a sentence holding a claim takes
    that claim's speaker, the news convention for going on quoting someone:
    'Mike Hobday said evidence was passed to police. "Our evidence suggests ..."', and
    a quote opening the next paragraph after such a sentence. Only quotes of
    ``min_words`` words or more that end a sentence inside their marks."""
    if not claims:
        return []
    text, seg = doc.text, doc.seg
    by_unit: dict[int, _Claim] = {}
    for c in claims:
        if c.speaker is None or c.inherit and c.source_claim is None:
            continue
        u = doc.unit_at(c.content[0])
        prev = by_unit.get(u)
        if prev is None or c.content[0] > prev.content[0]:
            by_unit[u] = c
    out: list[_Claim] = []
    by_quote = {c.content[0]: c for c in claims if c.kind == "direct" and c.speaker is not None}
    for q, (cs, ce) in list(_unclaimed(doc, top, claims)):
        prev_part = q.continued_from
        if prev_part is not None:
            pcs = _quote_content(text, prev_part)[0]
            src = by_quote.get(pcs)
            if src is not None:  # the next part of a quote attributed here
                c = _continuation((cs, ce), src)
                out.append(c)
                by_quote[cs] = c
                continue
        inner = text[cs:ce].rstrip()
        if len(_W_RE.findall(inner)) < min_words or inner[-1:] not in ".?!" or not inner[:1].isupper():
            continue
        u = doc.unit_at(q.open_start)
        if text[doc.units[u][0] : q.open_start].strip() or u == 0:
            continue  # the quote must open its sentence
        pi, pu = seg.paragraph_at(q.open_start), u - 1
        ppi = seg.paragraph_at(doc.units[pu][0])
        if ppi != pi and (ppi != pi - 1 or text[seg.paragraphs[pi].start : q.open_start].strip()):
            continue  # the sentence before is in the same paragraph, or ends the previous one
        src = by_unit.get(pu)
        if src is None or not _name_like(doc, _tok_range(doc, src.speaker)):
            continue
        c = _Claim("direct", (cs, ce), src.cue, src.speaker, "quote-after-claim", 0.6, inherit=True, source_claim=src)
        out.append(c)
        by_quote[cs] = c
        by_unit.setdefault(u, c)
    # an earlier part of a quote whose speaker is named only after a later part:
    # '"We will win this election. "And by a mile," Ms Bell said.'
    following = {id(x.continued_from): x for x in top if x.continued_from is not None}
    for q, (cs, ce) in list(_unclaimed(doc, top, claims + out)):
        r, src, hops = following.get(id(q)) if q.continues else None, None, 0
        while r is not None and src is None and hops < 100:
            src = by_quote.get(_quote_content(text, r)[0])
            r, hops = following.get(id(r)), hops + 1
        if src is not None:
            out.append(_continuation((cs, ce), src))
    return out


def _unclaimed(doc: _Doc, top: list[Quote], claims: list[_Claim]):
    """(quote, content span) of the top-level quotes that overlap no claim's content."""
    spans = sorted(c.content for c in claims)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))  # furthest end among the first k spans
    for q in top:
        cs, ce = _quote_content(doc.text, q)
        if ce - cs < 2 or not _W_RE.search(doc.text, cs, ce):
            continue
        k = bisect.bisect_left(starts, ce)  # the spans starting before the quote's end
        if k and reach[k - 1] > cs:
            continue
        yield q, (cs, ce)


def _quote_mask(doc: _Doc, top: list[Quote]) -> list[int]:
    """For each token, the index (in ``top``) of the top-level quote holding it, else -1."""
    mask = [-1] * len(doc.ts)
    for qi, q in enumerate(top):
        i = _token_index(doc.ts, q.open_end)
        while i < len(doc.ts) and doc.te[i] <= q.close_start:
            mask[i] = qi
            i += 1
    return mask


def _find_cues(doc: _Doc, lo: int, hi: int, inq: list[int] | None, want_in: int = -1):
    """Cue matches among tokens ``lo..hi``: list of (token index, n tokens, Cue).

    With ``inq``, only tokens whose quote index equals ``want_in`` are searched.
    """
    out = []
    low = doc.low
    by_first = doc.lex.by_first
    i = lo
    while i < hi:
        if low[i] in by_first and (inq is None or inq[i] == want_in):
            cue = doc.lex.match(low, i)
            if cue is not None and i + len(cue.form) <= hi:
                if _plausible_cue(doc, i, cue, lo):
                    out.append((i, len(cue.form), cue))
                    i += len(cue.form)
                    continue
        i += 1
    return out


_BE = frozenset("is was were are be been being am 's".split())
_IRREGULAR_PARTICIPLES = frozenset("told shown found thought felt known seen written said".split())
_INVERTED_START = frozenset("the a an he she they i we one another two three some many several".split())
_NOT_AFTER = frozenset("the a an this that these those its his her their our my your of no any some such".split())


_PLURAL_NOUN_CUES = frozenset("claims reports fears hopes warnings promises demands charges allegations calls doubts concerns plans".split())
# cue forms that are also common nouns ("his views", "the plan", "voter support")
_NOUN_VERB = frozenset(
    "view views plans support supports report reports stress offers pledges releases orders echoes fear "
    "favors demand quote comment comments question questions post order label labels signal signals concern "
    "concerns charge answer request lament laments note call tweet show".split()
)
# ... and after a quoted word ('a "daring" plan', 'his "secret" hopes')
_NOUN_VERB_QUOTED = _NOUN_VERB | frozenset(
    "plan hope hopes claim claims call calls promise promises tweet tweets vow vows pledge doubt doubts fears "
    "worry worries estimate estimates demands offer forecast forecasts joke jokes boast boasts notes".split()
)
_SUBJECT_END_WORDS = frozenset("who which that and also not never still i you we they he she it".split())


def _subject_end(doc: _Doc, k: int) -> bool:
    """Can token ``k`` end a subject right before a verb? ('Ms Lowe', 'voters', 'who', 'also')."""
    w = doc.words[k]
    lw = doc.low[k]
    if not w[:1].isalnum():
        return w in (")", ",")
    if _is_cap(w) or w[:1].isdigit() or lw in _SUBJECT_END_WORDS or lw in _AUX or _is_adverb(lw):
        return True
    return lw.endswith("s") and not lw.endswith(("ss", "ous"))  # a plural subject: "voters support"


def _plausible_cue(doc: _Doc, i: int, cue: Cue, lo: int) -> bool:
    """Reject noun uses and idioms: 'the report', 'so-called', 'a statement'."""
    w = doc.low[i]
    prev = doc.low[i - 1] if i > lo else ""
    if prev in _NOT_AFTER and cue.lemma not in ("according to",) and not (
            prev == "that" and i - 1 > lo and (w.endswith("ed") or w in _IRREGULAR_SPEECH) and doc.words[i - 2][:1].isalnum()
            and doc.low[i - 2] not in _VERB_AUX and doc.lex.match(doc.low, i - 2) is None) and not (
            prev in ("some", "those") and (w.endswith("ed") or w in _IRREGULAR_SPEECH)):
        return False  # (but 'a video that said', 'a sign that read': a relative clause; 'Some chanted': a pronoun)
    if prev.endswith(("'s", "’s")) and w not in ("said", "says"):
        return False  # "Trump's claim": a noun
    if (len(cue.form) == 1 and w.endswith("ed") and i > lo and i + 2 < len(doc.low) and doc.low[i + 1] == "by"
            and doc.words[i - 1].isalpha() and doc.words[i - 1].islower() and doc.low[i - 1] not in _PRONOUNS
            and doc.low[i - 1] not in _AUX and doc.low[i - 1] not in ("as", "who", "that", "and", "first") and not _is_adverb(doc.low[i - 1])):
        return False  # "claims denied by Labour", "a plan criticised by unions": a passive participle
    if (len(cue.form) == 1 and w.endswith("ed") and i - 2 >= lo and i + 2 < len(doc.low) and doc.low[i + 1] == "by"
            and _is_cap(doc.words[i - 1]) and doc.low[i - 2] in _PREP):
        return False  # "the divide in America highlighted by the shootings": a passive participle too
    if w in ("told", "urged", "warned", "ordered", "advised") and i + 2 < len(doc.low) and doc.low[i + 1] == "to" and doc.words[i + 2].isalpha() \
            and doc.words[i + 2].islower() and (i == lo or not doc.words[i - 1][:1].isalnum() or _is_cap(doc.words[i - 1])):
        return False  # "Blair told to double overseas aid" (a headline): he was told
    if w in _PLURAL_NOUN_CUES and i > lo and (
            (prev.endswith("ed") and doc.words[i - 1].islower() and len(prev) > 4)
            or (i + 2 < len(doc.low) and doc.low[i + 1].endswith("ed") and doc.low[i + 2] == "by")):
        return False  # "the programme investigated claims ...", "claims denied by Labour": a noun
    if len(cue.form) == 1 and i > lo and (
        (w in _NOUN_VERB and not _subject_end(doc, i - 1))
        or (w in _NOUN_VERB_QUOTED and doc.low[i - 1] in _QUOTE_CHARS and doc.text[doc.ts[i - 1] - 1 : doc.ts[i - 1]].isalnum())
    ):
        return False  # "sincere views", "voter support", a "daring" plan: nouns
    if prev == "-" or (i > lo and doc.ts[i] == doc.te[i - 1] and doc.words[i - 1] not in ("(",)):
        return False  # so-called, re-stated
    if w in ("found", "show", "shows", "showed", "shown", "expected", "feels", "felt", "hopes") and doc.low[i + 1 : i + 2] in (["to"], ["out"], ["up"]):
        return cue.form[0] != "found" and w not in ("show", "shows", "showed", "shown")
    if w == "pledged" and doc.low[i + 1 : i + 2] and doc.low[i + 1].startswith("delegate"):
        return False  # "pledged delegates"
    if w in ("called",) and i > lo and doc.low[i - 1] in ("so",):
        return False
    if w in ("called", "dubbed", "named", "titled") and i - 2 >= lo and doc.words[i - 1].isalpha() and doc.words[i - 1].islower():
        a = i - 2
        while a > lo and i - a < 4 and (doc.words[a].isalnum() and not _is_cap(doc.words[a]) and doc.low[a] not in ("a", "an")):
            a -= 1
        if doc.low[a] in ("a", "an") and all(doc.low[x] not in _AUX and doc.low[x] not in _PRONOUNS for x in range(a + 1, i)):
            return False  # 'a psychology class called "Perception"', 'a group called X': a name given, not a claim
    if (len(cue.form) == 1 and (w.endswith("ed") or w in _IRREGULAR_PARTICIPLES) and i - 2 >= lo
            and doc.low[lo] in _PREP and doc.words[lo][:1].isupper()
            and not any(doc.low[x] in (",", ";", ":") for x in range(lo, i))
            and doc.words[i - 1].isalpha() and doc.words[i - 1].islower()
            and doc.low[i - 1] not in _PRONOUNS and doc.low[i - 1] not in _AUX and not _is_adverb(doc.low[i - 1])
            and not (i + 1 < len(doc.low) and (doc.low[i + 1] in (":", "that") or doc.low[i + 1] in _QUOTE_MARK_TOKENS))):
        return False  # a participle inside an opening phrase: "In a statement released ..., Cruz said"
        # (not a verb with its content: 'In its report on the work the committee said: "..."')
    j = i - 1
    while j > lo and (_is_adverb(doc.low[j]) or doc.low[j] in _ADVERBS):
        j -= 1
    if j >= lo and doc.low[j] in _BE and (w.endswith("ed") or w in _IRREGULAR_PARTICIPLES) and w != "expected" and len(cue.form) == 1:
        return False  # passive: "was dismissed", "has been repeatedly criticized"
    return True


def _sent_of_offset(doc: _Doc, offset: int) -> int:
    return doc.unit_at(offset)


_PUNCT_BOUND = frozenset(",;:()[]\"“”‘’«»!?" + DASH_CHARS) | {"--"}
_VERB_STOP = frozenset(
    "said says say told tells wrote writes think thinks believe believes know knows thought hope hopes "
    "feel feels fear fears added adds asked argued noted insisted claimed warned".split()
)
_APPOS_START = frozenset("who which whose a an the his her their its one another former".split())


#: "-ly" words that are adjectives ('the weekly show', 'an elderly man').
_LY_ADJECTIVES = frozenset("weekly daily monthly yearly quarterly nightly hourly elderly friendly lovely lonely costly deadly ugly".split())


def _is_adverb(w: str) -> bool:
    return len(w) > 4 and w.endswith("ly") and w.islower() and w not in _LY_ADJECTIVES


def _spaced_dash(doc: _Doc, k: int) -> bool:
    return doc.low[k] in _DASHES and (k == 0 or doc.ts[k] > doc.te[k - 1])


def _np_before(doc: _Doc, i: int, lo: int, qidx: int = -1, coord: bool = True) -> tuple[int, int] | None:
    """Token range [a, b) of the speaker noun phrase ending just before token ``i``.

    Walks back over auxiliaries and adverbs, then over the phrase until a clause
    boundary; an empty phrase after an appositive or relative clause
    ("Jane Doe, a spokeswoman, said"; "Ms Lowe - who ... - said") takes the
    phrase before it; "X did this and said" takes the clause subject.
    """
    low = doc.low
    inq = doc.inq
    j = i - 1
    if j > lo and low[j] == "ago" and inq[j] == qidx:  # 'The State Department less than two weeks ago said'
        j -= 1
        while j > lo and (low[j] in _TIME_QUANTITY or low[j].isdigit() or low[j].rstrip("s") in _TIME_NOUNS or low[j].rstrip("s") in ("day", "hour", "decade")):
            j -= 1
    while j >= lo and (low[j] in _AUX or low[j] in _WEEKDAYS or low[j] in _ADVERBS or low[j] == "am" or _is_adverb(low[j]) or low[j].endswith(("n't", "n’t"))
                       or (low[j] in ("most", "more") and j + 1 < i and _is_adverb(low[j + 1]))
                       or (low[j] in ("on", "last", "this", "early", "late") and j + 1 < i and low[j + 1] in _WEEKDAYS)) and inq[j] == qidx:
        j -= 1  # ('most recently defended', 'Trevor Noah on Thursday said')
    b = j + 1
    k = j
    while k >= lo and b - k <= 12:
        w = low[k]
        if w == ")" and k > lo:  # "Sen. Ann Bell (D-Mo.)": skip the parenthesis
            m = k - 1
            while m >= lo and k - m < 10 and low[m] != "(":
                m -= 1
            if m >= lo and low[m] == "(" and m > lo:
                k = m - 1
                continue
        if (w == "and" and k - 2 >= lo and low[k - 1].isdigit() and "between" in low[max(lo, k - 4) : k]) or (
                w == "between" and k + 1 < b and low[k + 1].isdigit()):
            k -= 1  # "people aged between 18 and 34 said"
            continue
        if inq[k] != qidx or w in _STOP_BACK or w in _PUNCT_BOUND or w in _VERB_STOP or w in _AUX or w in ("who", "which", "what", "'", "`"):
            break
        if w in ("-", "—", "–") and _spaced_dash(doc, k):
            break
        k -= 1
    a = k + 1
    m = a - 1  # "but in a later interview said": an adjunct, not the subject
    while m > lo and a - m <= 3 and (low[m] in _DETERMINERS or low[m] in _AUX or doc.words[m].islower() and doc.words[m].isalpha() and low[m] not in _PREP):
        m -= 1
    if a < b and m > lo and m < a and low[m] in _PREP and low[m - 1] in ("and", "but") and qidx == -1:
        r = _np_before(doc, m, lo, qidx, coord)
        if r is not None:
            return r
    if a + 1 < b and low[a] in ("with", "among") and i < len(low) and low[i].endswith("ing"):
        return a + 1, b  # ", with polls showing ...": the phrase after "with" is the participle's subject
    if a < b and low[a] in _PREP and doc.words[a].islower() and a > lo and qidx == -1 and (low[a - 1] in _AUX or low[a - 1] in (",", "and", "but")) \
            and not (a + 1 < b and low[a] == "at" and low[a + 1] in ("least", "most")):  # ('but at least a dozen members said')
        r = _np_before(doc, a, lo, qidx, coord)  # "who has in the past said", "CNN, like AP, declared"
        if r is not None:
            return r
    if a < b and a > lo and all(low[x] in _WEEKDAYS or low[x] in _TIME_NOUNS or low[x] in ("last", "this", "next", "early", "late", "on") for x in range(a, b)):
        r = _np_before(doc, a, lo, qidx, coord)  # "Trump, whose ..., last year proposed"
        if r is not None:
            return r
    if a < b - 1 and low[b - 1] in ("he", "she", "they", "we", "i") and low[b - 2] not in ("and", "or", "nor", ","):
        # "At a summit meeting he said", "I learned how they think": a pronoun right before
        # the verb is its whole subject (PolNeAR scores 11 fewer train claims right this
        # way: the longer phrase used to overlap the source of an enclosing attribution)
        return b - 1, b
    if a < b:
        # a trailing time phrase is not the speaker: "Gov. Ann Bell on Monday said"
        b2 = b
        while b2 - 1 > a and (low[b2 - 1] in _WEEKDAYS or low[b2 - 1] in _TIME_NOUNS):
            b2 -= 1
        if b2 < b and b2 - 1 > a and low[b2 - 1] in ("on", "last", "this", "early", "late", "earlier", "later"):
            b = b2 - 1
        m = a  # a leading time phrase is not the speaker: "Last week Mr Hart said"
        while m < b - 1 and (low[m] in ("last", "this", "next", "early", "late", "earlier", "later", "on") or low[m] in _WEEKDAYS
                             or low[m] in _TIME_NOUNS or low[m] in _MONTHS or low[m] in ("week", "weeks", "month", "months", "year", "years")):
            m += 1
        if a < m < b and (_is_cap(doc.words[m]) or low[m] in _PERSONAL_SUBJ) and any(low[x] not in ("last", "this", "next", "on", "early", "late") for x in range(a, m)):
            a = m
        for x in range(b - 2, a, -1):  # a sentence end the segmenter missed ("I love you. You know, ...")
            if low[x] in (".", "!", "?") and doc.words[x - 1].isalpha() and len(low[x - 1]) > 1 and doc.words[x + 1][:1].isupper() and (
                    doc.words[x - 1].islower() or low[x + 1] in ("i", "we", "you", "he", "she", "they", "it")):
                a = x + 1
                break
        for x in range(b - 1, a, -1):  # an opener without its comma: 'In its report on the work the committee said'
            if b < len(low) and low[b] not in (",", "(", ")") and low[a] in _PREP and doc.words[a][:1].isupper() \
                    and low[x] in ("the", "a", "an") and doc.words[x - 1].isalpha() and doc.words[x - 1].islower() \
                    and low[x - 1] not in _PREP and low[x - 1] not in _INTRO and low[x - 1] not in _DETERMINERS \
                    and low[x - 1] not in ("and", "or", "of", "than", "as", "to") and not _verbish(doc, x - 1):
                a = x
                break
        if b - a > 8 and not (low[a].isdigit() and b - a <= 12):  # too long for a subject (but "14% of people aged between 18 and 34"): keep the trailing name run or the last words
            a2 = b
            while a2 - 1 >= a and (_is_cap(doc.words[a2 - 1]) or low[a2 - 1] in ("of", ".", "(", ")")):
                a2 -= 1
            a = a2 if a2 < b else b - 4
        return a, b
    if k < lo:
        return None
    w = low[k]
    if w in ("and", "but", "or", "yet") and k > lo:
        if not coord:  # (one level: a chain of "and"s stays linear)
            return _subject(doc, lo, k)
        return _coordinated_subject(doc, lo, k, qidx)  # "Cruz questioned ... but declined": the clause subject
    if w in ("who", "which") and k + 1 == b:
        # "Obama, who has denounced ...": the antecedent and the relative pronoun
        m = k - 1
        r = None
        if m >= lo and (low[m] == "," or _spaced_dash(doc, m)):
            r = _np_before(doc, m, lo, qidx, coord)
            if r is not None and r[0] - 1 > lo and low[r[0] - 1] == "," and all(low[x].isdigit() for x in range(*r)):
                r = _np_before(doc, r[0] - 1, lo, qidx, coord) or r  # "Woodrow Benford, 58, who said": the name, not the age
        elif m >= lo and inq[m] == qidx:
            r = _np_before(doc, k, lo, qidx, coord)
        if r is not None:
            r = _last_np(doc, r)  # "attacked ... by Bernie Sanders, who": the antecedent only
        return (r[0], k + 1) if r is not None else (k, k + 1)
    if w == "," and qidx == -1:
        # a relative clause closed before the verb ('Sandy Phillips, who lost her daughter in
        # Aurora, Colorado, in July 2012, said'): the antecedent, not a name inside the clause
        m = k - 1
        while m > lo and k - m < 40 and inq[m] == -1 and low[m] not in _CLAUSE_BOUND and doc.lex.match(low, m) is None:
            if low[m] == "who" and low[m - 1] == "," and _is_cap(doc.words[m - 2] if m - 2 >= lo else ""):
                if any(low[x] == "," for x in range(m + 1, k)):
                    r = _np_before(doc, m - 1, lo, qidx, coord)
                    if r is not None and _is_cap(doc.words[r[1] - 1]):
                        return r
                break
            m -= 1
    if w == "," or w == "(" or w == ")" or _spaced_dash(doc, k):
        # an appositive or relative clause closes here ("Dean Ray, a salesman from
        # Sumter, South Carolina, said"): walk back over comma-separated segments to
        # the first one that opens an appositive; the phrase before it is the speaker
        end = k
        for it in range(3):
            m = end - 1
            while m >= lo and end - m < 30:
                if inq[m] == qidx and (low[m] in (",", "(") or _spaced_dash(doc, m) or low[m] in _CLAUSE_BOUND):
                    break
                m -= 1
            if end - m >= 30:
                return None
            first = m + 1
            if m < lo or low[m] in _CLAUSE_BOUND:
                # reached the clause start: "Chris Cole, state director for Sanders, said"
                ok = it > 0 and first < k and _is_cap(doc.words[first]) and k - first <= 25
                return (first, k) if ok else None
            if first < end and (low[first] in _APPOS_START or not _is_cap(doc.words[first])):
                if m > lo and low[m] == "," and low[first] not in _APPOS_START and (
                        low[lo] in _SUBORDINATORS or (low[lo] == "even" and lo + 1 < m and low[lo + 1] in _SUBORDINATORS)) \
                        and not any(low[x] == "," for x in range(lo, m)):
                    return first, end  # 'Even if Clinton loses, insiders in the next two states - ... - said': the subject
                r = _np_before(doc, m, lo, qidx, coord)
                if r is not None and r[0] - 1 > lo and low[r[0] - 1] == "," and all(low[x].isdigit() for x in range(*r)):
                    r = _np_before(doc, r[0] - 1, lo, qidx, coord) or r  # "Woodrow Benford, 58, who ..., says": the name, not the age
                if r is not None and (low[r[0]] in _PREP or low[r[0]] in _INTRO) and low[first] in _APPOS_START and k - first <= 25:
                    # "In a statement to the Observer, her senior policy adviser, Jake
                    # Sullivan, said": the phrase before is an opener; the chain is the speaker
                    return first, k
                if r is not None and r[0] - 1 > lo and low[r[0] - 1] == "," and _PARTY_TAG.match(doc.words[r[0]]):
                    r2 = _np_before(doc, r[0] - 1, lo, qidx, coord)  # "Sen. Ann Bell, R-Fla., said"
                    return (r2[0], r[1]) if r2 is not None else r
                return r
            end = m
    return None


def _coordinated_subject(doc: _Doc, lo: int, k: int, qidx: int = -1) -> tuple[int, int] | None:
    """The subject of a verb coordinated at token ``k`` ('and', 'but'): the speaker of
    the nearest cue before it in the clause ("she said, but added", "Lazar said he
    welcomed it and added"), else the clause subject."""
    j = k - 1
    while j >= lo and k - j <= 40:
        if doc.inq[j] == qidx and doc.low[j] not in _AUX and doc.words[j].isalpha() and doc.words[j].islower():
            cue = doc.lex.match(doc.low, j)
            if cue is not None and not cue.participle and j > lo and _plausible_cue(doc, j, cue, lo):
                r = _np_before(doc, j, lo, qidx, False)
                if r is not None and _speakerish(doc, r) and _name_like(doc, r):
                    return r
        j -= 1
    # no cue before: the subject of the clause the verb is coordinated in ("While Mr. Ryan
    # is ... and wrote", "As President Obama lectured ... and defended", "..., the pilot
    # needed to ... and asked"), the nearest clause opening that starts with a subject
    low = doc.low
    starts = [lo] + [x + 1 for x in range(lo, k) if doc.inq[x] == qidx and (low[x] in (",", ";") or low[x] in _SUBORDINATORS)]
    for p in reversed(starts):
        if p >= k:
            continue
        r = _subject(doc, p, k)
        if (r is not None and r[0] == p and r[1] < k and _name_like(doc, r) and _speakerish(doc, r)
                and doc.words[r[1]].isalpha() and doc.words[r[1]].islower()):
            return r
    return _subject(doc, lo, k)


def _last_np(doc: _Doc, r: tuple[int, int]) -> tuple[int, int]:
    """The last noun phrase of the token range ``r``: after its last preposition
    (but 'of'), verb or participle ('was echoed by Gov. Martin O'Malley' -> 'Gov.
    Martin O'Malley', 'dominating by 6 in 10 voters' -> '10 voters')."""
    a, b = r
    low, words = doc.low, doc.words
    for x in range(b - 1, a - 1, -1):
        w = words[x]
        if (low[x] in _PREP and low[x] != "of") or low[x] in _AUX or low[x] in _STOP_BACK or (
            w.replace("-", "").isalpha() and w.islower() and (_verbish(doc, x) or (w.endswith("ing") and len(w) > 4))
        ):
            return (x + 1, b) if x + 1 < b else r
    return r


def _appositive_speaker(doc: _Doc, lo: int, comma: int):
    """Speaker chunks just before ``comma`` (which precedes a cue) at the end of a
    content clause: '... crisis, a spokeswoman, Anna White, said', '... convention,
    his top aide, Tad Devine, told ...'. Returns ((start, end) tokens of the speaker,
    the comma token that ends the content) or None."""
    low, words = doc.low, doc.words

    def prev_comma(j, limit):
        m = j - 1
        while m > lo and j - m <= limit:
            if doc.inq[m] != -1 or low[m] in _STOP_BACK:
                return None
            if low[m] == ",":
                return m
            m -= 1
        return None

    def plain(a, b):
        return all(not (words[x].isalpha() and words[x].islower() and (_verbish(doc, x) or low[x] in _AUX or low[x] in _STOP_BACK))
                   for x in range(a, b))

    p1 = prev_comma(comma, 7)
    if p1 is None or p1 + 1 >= comma:
        return None
    s1 = (p1 + 1, comma)
    if not (_is_cap(words[s1[0]]) and _speakerish(doc, s1) and plain(*s1)):
        return None
    start, end_content = s1[0], p1
    p2 = prev_comma(p1, 7)
    if p2 is not None and p2 + 1 < p1 and low[p2 + 1] in _DETERMINERS | {"his", "her", "their", "its"} and plain(p2 + 1, p1):
        start, end_content = p2 + 1, p2  # 'a spokeswoman, Anna White'
    if end_content <= lo + 2:
        return None
    return (start, comma), end_content


def _np_after(doc: _Doc, i: int, hi: int) -> tuple[int, int] | None:
    """Token range of a noun phrase starting at token ``i`` (to a comma or clause end)."""
    low = doc.low
    k = i
    while k < hi and k - i < 14:
        w = low[k]
        if len(w) == 1 and w in ",;:.!?()\"“”‘’«»" + DASH_CHARS:
            if w == "." and k + 1 < hi and (doc.ts[k + 1] == doc.te[k] or (k > i and len(doc.words[k - 1]) == 1 and doc.words[k - 1].isupper())):
                k += 1  # "U.S." or an initial: "Mark S. Kirk"
                continue
            break
        if w in ("who", "which", "that", "in", "on", "at", "during", "when", "after", "before", "because", "while") and k > i:
            break
        if k > i and (w in _AUX or _verbish(doc, k)):
            break
        k += 1
    return (i, k) if k > i else None


def _np_ends_clause(doc: _Doc, r: tuple[int, int], hi: int) -> bool:
    """True when nothing but punctuation, an apposition or a time phrase follows ``r``."""
    k = r[1]
    if k >= hi:
        return True
    w = doc.low[k]
    return w in (",", ".", "!", "?", ";", ")", "(", "—", "–", "-", "on", "in", "at", "during", "last", "this") or w in _WEEKDAYS


_DETERMINERS = frozenset(
    "the a an this that these those some many most several all both each every one two three four five six seven "
    "eight nine ten no few who which other others".split()
)


def _speakerish(doc: _Doc, r: tuple[int, int]) -> bool:
    """A plausible speaker phrase: opens with a capital, a pronoun, a determiner or a number
    (not with a preposition or a verb: "in the past", "taken votes in")."""
    w0 = doc.words[r[0]]
    lw = w0.lower()
    if lw == "at" and r[1] - r[0] > 2 and doc.low[r[0] + 1] in ("least", "most"):
        return True  # 'at least a dozen members of Congress'
    if lw in _PREP or (r[1] - r[0] <= 3 and (doc.low[r[1] - 1] in _TIME_NOUNS or doc.low[r[1] - 1] in _WEEKDAYS)):
        return False  # "In the coming months", "This year", "On Monday": circumstances, not speakers
    return _is_cap(w0) or w0[:1].isdigit() or lw in _PRONOUNS or lw in _DETERMINERS or (lw not in _PREP and lw not in _AUX and not _verbish(doc, r[0]) and not lw.endswith("ing"))


def _name_like(doc: _Doc, r: tuple[int, int]) -> bool:
    """A speaker phrase: starts with a capital, a pronoun or a determiner, or holds a name."""
    w0 = doc.words[r[0]]
    if _is_cap(w0) or w0.lower() in _INVERTED_START or w0.lower() in _PRONOUNS:
        return True
    return any(_is_cap(doc.words[x]) for x in range(r[0] + 1, r[1]))


def _subject(doc: _Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """The leading noun phrase of the clause at tokens ``lo..hi`` (sentence subject)."""
    low = doc.low
    i = lo
    # a dateline: "PARIS (AP) — ..."
    for k in range(lo, min(hi, lo + 10)):
        if low[k] in ("—", "–", "--") or (low[k] == "-" and _spaced_dash(doc, k)):
            if all(doc.words[x].isupper() or not doc.words[x].isalnum() for x in range(lo, k)) or (
                    low[k - 1] == ")" and all(_is_cap(doc.words[x]) or doc.words[x].isdigit() or not doc.words[x].isalnum() for x in range(lo, k))):
                i = k + 1  # "PARIS (AP) —", "New York (AFP) –"
            break
    while i < hi and (low[i] in _CONJ_START or low[i] in ",\"“”‘’'("):
        i += 1
    # skip an introductory phrase ending with a comma ("On Tuesday, ...", "When X did Y, ...")
    participial = i < hi and doc.words[i][:1].isupper() and low[i].endswith("ing") and len(low[i]) > 5
    participial = participial or (i < hi and doc.words[i][:1].isupper() and (low[i] in _OPENERS or (  # "Here in Columbia, ..."
        low[i].endswith("ed") and len(low[i]) > 5 and i + 1 < hi and (low[i + 1] in _PREP or low[i + 1] in ("by", "of", "to")))))  # "Informed of ..., Early"
    participial = participial or (i + 1 < hi and _is_adverb(low[i]) and low[i + 1].endswith("ing"))  # "Hastily politicizing ..."
    participial = participial or (i + 1 < hi and _is_adverb(low[i]) and low[i + 1] in _INTRO)  # "Shortly after ..."
    for k in range(i + 1, min(hi - 1, i + 4)):  # "Two weeks after Justice Scalia died, ...", "Days before the vote, ..."
        if low[k] in ("after", "before", "since") and low[k - 1] in _SPANS_OF_TIME and all(
                low[x] in _TIME_WORDS or low[x] in _SPANS_OF_TIME or low[x].isdigit() or low[x] in _TIME_QUANTITY for x in range(i, k)):
            participial = True
            break
    for k in range(i + 1, min(hi - 1, i + 6)):  # "A month later, ...", "Two days ago, ...", "The day before, ..."
        if low[k + 1] == "," and (low[k] in ("later", "earlier", "ago", "afterwards", "afterward")
                                  or ((low[k] in ("before", "after") or low[k] in _TIME_NOUNS or low[k] in _WEEKDAYS)
                                      and all(low[x] in _TIME_WORDS or low[x] in _TIME_NOUNS or low[x] in _WEEKDAYS
                                              or low[x].isdigit() for x in range(i, k)))):
            participial = True
            break
    if i < hi and low[i] in ("on", "last", "this", "early", "late", "earlier", "later", "yesterday", "today"):
        # a time opener without a comma: "On Thursday evening Hillary Clinton delivered ..."
        m = i + 1 if low[i] == "on" else i
        while m < hi and m - i < 5 and (low[m] in _WEEKDAYS or low[m] in _TIME_NOUNS or low[m] in _MONTHS
                                        or low[m].isdigit() or low[m] in ("last", "this", "early", "late", "earlier", "later")):
            m += 1
        if i < m < hi and m - i <= 4 and (low[m] in _PERSONAL_SUBJ or (_is_cap(doc.words[m]) and low[m] not in _INTRO)):
            i = m
    for m in range(i + 1, min(hi - 1, i + 6)):  # "A few minutes later they reversed themselves"
        if low[m] in ("later", "earlier", "ago") and all(
                low[x] in _TIME_WORDS or low[x] in _TIME_NOUNS or low[x].isdigit() or low[x] in ("few", "minutes", "hours", "moments", "seconds", "decades")
                for x in range(i, m)) and (low[m + 1] in _PERSONAL_SUBJ or _is_cap(doc.words[m + 1])):
            i = m + 1
            break
    if i < hi and (low[i] in _INTRO or participial or (i + 1 < hi and low[i + 1] == "," and _is_adverb(low[i]))):
        for k in range(i, min(hi, i + 18)):
            if low[k] == "," and doc.inq[k] == -1:
                i = k + 1
                break
        # more of the same: "At an event in Ames, Iowa, on Sunday, Mrs. Clinton ..."
        for _ in range(3):
            if i + 2 < hi and re.fullmatch(r"(?:[A-Z][a-z]{0,4}\.)+", doc.words[i]) and low[i + 1] == "," and _is_cap(doc.words[i + 2]):
                i += 2  # a state abbreviation ending the place: "in Beaumont, Tex., Mr. Trump"
            elif i + 3 < hi and re.fullmatch(r"[A-Z][a-z]{0,4}", doc.words[i]) and low[i + 1] == "." and low[i + 2] == "," and (
                    _is_cap(doc.words[i + 3]) or low[i + 3] in _DETERMINERS or low[i + 3] in _PERSONAL_SUBJ):
                i += 3  # "in Aspen, Colo., the Stanford graduate"
            m = i
            while m < hi and m - i < 8 and low[m] != "," and (_is_cap(doc.words[m]) or low[m] == "."):
                m += 1
            if m < hi and low[m] == "," and m > i and m + 1 < hi and low[m + 1] in _INTRO:
                m += 1  # a place name, then another introductory phrase
            if m < hi and low[m] in _INTRO and (low[m] not in ("as", "if", "when", "while", "because", "although", "though") or m == i):
                for k in range(m, min(hi, m + 12)):
                    if low[k] == "," and doc.inq[k] == -1:
                        i = k + 1
                        break
                else:
                    break
            else:
                break
    while i < hi and (low[i] in _CONJ_START or low[i] in _AUX) and doc.words[i][:1].islower():
        i += 1  # "And even Obama ..."
    if i < hi and (low[i] in _PERSONAL_SUBJ or low[i] in ("i", "we", "both")):
        return i, i + 1  # a pronoun subject is one word: "He went further on Tuesday, saying ..."
    k = i
    while k < hi and k - i < 8:
        w = low[k]
        if w in _AUX or w in _STOP_BACK or (len(w) == 1 and not w.isalnum() and w not in ("'", "’", ".", "-")):
            break
        if k > i and w.endswith("ed") and doc.words[k].islower():
            break
        if doc.lex.match(low, k) is not None and k > i:
            break
        if k > i and doc.words[k].isalpha() and doc.words[k].islower() and _is_cap(doc.words[k - 1]) and k + 1 < hi and low[k + 1] in (
                "the", "a", "an", "his", "her", "their", "its", "our", "this", "that", "these", "those"):
            break  # "Trump cast the blame": a verb after the name
        if k > i and w in ("on", "last", "this", "early", "late") and k + 1 < hi and (low[k + 1] in _WEEKDAYS or low[k + 1] in _TIME_NOUNS):
            break  # "Vice President Joe Biden on Monday hit ..."
        k += 1
    return (i, k) if k > i else None


def _span(doc: _Doc, r: tuple[int, int] | None) -> tuple[int, int] | None:
    if r is None or r[0] >= r[1]:
        return None
    s, e = doc.ts[r[0]], doc.te[r[1] - 1]
    s, e = _trim_span(doc.text, s, e, _EDGE_CHARS + "\"“”‘’'")
    return (s, e) if s < e else None


def _direct_claims(doc: _Doc, top: list[Quote], inq: list[int], used: set[int], min_words: int) -> list[_Claim]:
    """Attribute each top-level quote by a cue after it, before it, or by adjacency."""
    out: list[_Claim] = []
    text = doc.text
    last: _Claim | None = None
    for qi, q in enumerate(top):
        cs, ce = _quote_content(text, q)
        if cs >= ce:
            continue
        n_words = len(re.findall(r"\w+", text[cs:ce]))
        if q.continued_from is not None:
            src = next((c for c in reversed(out) if c.in_quote is None and c.content[1] <= q.open_start), None)
            if src is not None and src.content[1] >= q.continued_from.open_start:
                c = _continuation((cs, ce), src)
                out.append(c)
                last = c
                continue
        after = _cue_after_quote(doc, q, qi, top, inq) or _dash_speaker(doc, q) or _signature_speaker(doc, q)
        b = q.open_start
        while b > 0 and text[b - 1].isspace():
            b -= 1
        colon_intro = text[b - 1 : b] == ":" and text[q.close_start - 1 : q.close_start] in ".?!"
        before = _cue_before_quote(doc, q, qi, top, inq) if after is None or colon_intro else None
        # 'X said in an interview: "A." Mr Howard described ...': a colon introduction wins
        # over a cue in the next sentence
        found = (before or after) if colon_intro else (after or before)
        if found is not None:
            cue_r, spk_r, rule, conf = found[:4]
            used.update(range(cue_r[0], cue_r[1]))
            kind, content = "direct", (cs, ce)
            pre = found[4] if len(found) > 4 else None
            if pre is not None and doc.ts[pre] < q.open_start:
                # 'said that "..."' / 'Trump's "assertion ...," the order said': a quoted
                # fragment inside reported speech
                kind, content = "mixed", _trim_space(text, doc.ts[pre], q.close_end)
                rule = "mixed-" + rule
            c = _Claim(kind, content, _span(doc, cue_r), _span(doc, spk_r), rule, conf)
            if c.speaker is None:
                c.inherit = True
                c.source_claim = last
            out.append(c)
            last = c
            continue
        # '"A," said X. "B."': a quote opening a sentence of the same paragraph
        pi = doc.seg.paragraph_at(q.open_start)
        u = doc.unit_at(q.open_start)
        before_q = doc.text[doc.units[u][0] : q.open_start].rstrip()
        if (
            last is not None
            and n_words >= 2
            and doc.seg.paragraph_at(last.content[0]) == pi
            # (or after a full stop the sentence splitter took for an abbreviation's: 'in Santa Monica, Calif. "The ...')
            and (not before_q or (before_q[-1:] in (".", "?", "!") and text[q.open_end : q.open_end + 1].isupper()))
            and last.content[1] < q.open_start
            and not _new_speaker_between(doc, last, q)
        ):
            c = _Claim("direct", (cs, ce), last.cue, last.speaker, "quote-same-paragraph", 0.75, inherit=True, source_claim=last)
            out.append(c)
            last = c
            continue
        # bare quote paragraph right after a claim: same speaker
        para = doc.seg.paragraphs[pi] if pi >= 0 else None
        if (
            last is not None
            and para is not None
            and n_words >= min_words
            and (_is_whole_para_quote(text, para, q) or _opens_para_as_sentence(text, para, q))
            and doc.seg.paragraph_at(last.content[0]) >= pi - 1
        ):
            c = _Claim("direct", (cs, ce), last.cue, last.speaker, "quote-adjacent", 0.6, inherit=True, source_claim=last)
            out.append(c)
            last = c
            continue
        # a quote opening its sentence after 'Cruz continued:' / 'X said in a statement.'
        intro = _intro_before(doc, q, inq) if n_words >= min_words else None
        if intro is not None:
            cue_r, spk_r = intro
            used.update(range(cue_r[0], cue_r[1]))
            cue_span = _span(doc, cue_r) or (doc.ts[cue_r[0]], doc.te[cue_r[1] - 1])  # (a heading's colon)
            c = _Claim("direct", (cs, ce), cue_span, _span(doc, spk_r), "intro-quote", 0.6)
            out.append(c)
            last = c
    return out


#: Intransitive speech verbs: someone speaks, and the quotation that follows is what was said.
_SPEAK_VERBS = frozenset("spoke speaks talked talks".split())


def _intro_before(doc: _Doc, q: Quote, inq: list[int]):
    """The sentence before a quote that opens its own sentence or paragraph, when it
    introduces it: it ends with a colon, or it is short and holds a cue and a speaker."""
    u = doc.unit_at(q.open_start)
    if doc.text[doc.units[u][0] : q.open_start].strip() or u == 0:
        return None
    pu = u - 1
    lo, hi = doc.s_lo[pu], doc.s_hi[pu]
    if hi > lo and doc.low[hi - 1] != ":" and doc.seg.paragraph_at(doc.units[pu][0]) == doc.seg.paragraph_at(q.open_start) - 1:
        # the last sentence of the previous paragraph has someone speak: 'since Trump spoke only in
        # evasive bromides during the interview.' / 'Ms Bell talked to reporters after the vote.'
        for v in range(lo + 1, hi):
            if doc.low[v] in _SPEAK_VERBS and inq[v] == -1:
                spk = _np_before(doc, v, lo)
                if spk is not None and _name_like(doc, spk) and spk[1] - spk[0] <= 6:
                    return (v, v + 1), spk
    if hi <= lo or any(inq[x] != -1 for x in range(lo, hi)):
        return None
    if doc.seg.paragraph_at(doc.units[pu][0]) < doc.seg.paragraph_at(q.open_start) - 1:
        return None
    colon = doc.low[hi - 1] == ":"
    cues = _find_cues(doc, lo, hi, None)
    if not colon and hi - lo > 14:
        # a long sentence ending with its cue: "Jane Doe, a spokeswoman for X, said in a statement."
        cues = [c for c in cues[-1:] if all(doc.low[x] in _TIME or doc.low[x] in _WORKS or not doc.words[x][:1].isalnum() for x in range(c[0] + c[1], hi))]
    for ci, cn, cue in cues:
        if cue.type not in ("speech", "belief", "report"):
            continue
        if ci == lo and colon and ci + cn < hi - 1:  # 'Stated Stone:' / 'Said Mr. Trump:'
            spk = (ci + cn, hi - 1)
            if _name_like(doc, spk) and spk[1] - spk[0] <= 6:
                return (ci, ci + cn), spk
        spk = _speaker_for_cue(doc, ci, cue, lo)
        if spk is not None and _name_like(doc, spk):
            return (ci, ci + cn), spk
    if colon and 1 <= hi - 1 - lo <= 6 and "follows" not in doc.low[lo:hi] and any(doc.low[x] in _TEXT_NOUNS for x in range(lo, hi - 1)) and all(
            doc.words[x][:1].isalnum() or doc.low[x] in ("'s", "’s", "-") for x in range(lo, hi - 1)):
        # a heading for what follows: 'Transcript:', 'Partial transcript:', 'Full text of the statement:'
        return (hi - 1, hi), (lo, hi - 1)
    if colon and 1 <= hi - 1 - lo <= 5 and _name_heading(doc, lo, hi - 1):
        # 'Donald Trump:' / 'TRUMP:' on its own before the quote: a round-up or transcript label
        return (hi - 1, hi), (lo, hi - 1)
    if colon and hi - 1 - lo <= 14 and "," in doc.low[lo : hi - 1] and doc.text[doc.units[pu][1] : q.open_start].count("\n") >= 1:
        # 'Maria Lopez, 34, Phoenix:' on its own line: a round-up's signature heading
        spk = _signed_name(doc, lo, hi - 1)
        if spk is not None and spk[1] - spk[0] >= 2 and not any(
                doc.low[x] in _PRONOUNS for x in range(spk[1], hi - 1)):
            return (hi - 1, hi), spk  # (a full name and descriptors, not 'Wait, it gets better:')
    if colon and hi - lo >= 4 and doc.low[hi - 3] == "as" and doc.low[hi - 2] == "follows":
        # 'Transcript as follows:' / 'The statement reads as follows:': the text named is the source
        subj = _subject(doc, lo, hi - 3)
        if subj is not None and subj[1] - subj[0] <= 8:
            return (hi - 3, hi - 1), subj
    if colon:
        subj = _subject(doc, lo, hi - 1)
        if subj is not None and subj[1] < hi - 1 and _name_like(doc, subj):
            v = subj[1]
            while v < hi - 2 and (doc.low[v] in _AUX or _is_adverb(doc.low[v]) or doc.low[v] in _ADVERBS):
                v += 1
            w = doc.words[v]
            if w.isalpha() and w.islower() and w not in _STOP_BACK and w not in _PREP:
                return (v, v + 1), subj
    return None




def _name_heading(doc: "_Doc", lo: int, hi: int) -> bool:
    """Tokens ``lo..hi`` are a name on their own line ('Donald Trump', 'TRUMP', 'Sen. Ann
    Bell'), not a heading word ('UPDATE', 'Watch', 'Related')."""
    words = [doc.words[x] for x in range(lo, hi)]
    alnum = [w for w in words if w[:1].isalnum()]
    if not alnum or any(w.lower().strip(".") in _COLON_STOP or w.lower().strip(".") in _HEADING_EXTRA for w in alnum):
        return False
    if not all(_is_cap(w) or w.isupper() for w in alnum) or any(not w[:1].isalnum() and w not in (".", "-", "'s", "’s") for w in words):
        return False
    return len(alnum) >= 2 or words[0].isupper() or words[0][:1].isupper() and len(words[0]) > 2


_DASHES = frozenset({"-", "--", *DASH_CHARS})
_NAME_JOINERS = frozenset({"of", "de", "del", "la", "le", "van", "von", "bin", "al", "da", "dos", "di", "du"})


def _new_speaker_between(doc: _Doc, last: "_Claim", q: Quote) -> bool:
    """A sentence between the last claim and the quote reports someone else ('"A," X
    said. Mr Howard described it as "important". "B."'): the quote is not X's by
    adjacency (the follow-on pass gives it to that sentence's speaker)."""
    a = _token_index(doc.ts, last.content[1])
    b = _token_index(doc.ts, q.open_start)
    if last.cue is not None:
        a = max(a, _token_index(doc.ts, last.cue[1]))
    if last.speaker is not None:
        a = max(a, _token_index(doc.ts, last.speaker[1]))
    for ci, cn, cue in _find_cues(doc, a, b, doc.inq):
        if ci > a and _is_cap(doc.words[ci - 1]) and doc.inq[ci - 1] == -1:
            return True
    return False


def _dash_speaker(doc: _Doc, q: Quote):
    """A quote signed with a dash: ``"..." — Maria Lopez, 34, Texas`` on the quote's line,
    on the next line of its paragraph, or as the next paragraph (``- Bernie Sanders.``
    after a quote paragraph): quote round-ups, vox pops, debate fact-checks, letters pages.

    The name must be capitalised words ending the paragraph or followed by a comma
    (a descriptor: ``-President Obama, tweeting after ...``); a verb after the name
    (``- Democrats in Iowa ... said``) is left to the cue rules.
    """
    if q.continues:
        return None
    text, paras, n = doc.text, doc.seg.paragraphs, len(doc.ts)
    pi = doc.seg.paragraph_at(q.close_start)
    if pi < 0:
        return None
    para = paras[pi]
    start = q.continued_from.open_start if q.continued_from is not None else q.open_start  # the whole quote's
    # the signature runs to the end of its line: a round-up may put one quote per line
    # ('"A." ― Maria Lopez, 34, Texas' newline '"B." ― Jose Ruiz') in a single paragraph
    end = _line_end(text, q.close_end, para.end)
    k = _token_index(doc.ts, q.close_end)
    if k < n and doc.ts[k] < end:
        while k < n and doc.ts[k] < end and doc.low[k] in (",", ".", "!", "?"):
            k += 1
    elif end < para.end:
        # the signature on the next line of the paragraph: '"..."' newline '― Maria Lopez, 34'
        line_start = text.rfind("\n", para.start, start) + 1 or para.start
        if text[line_start:start].strip():
            return None  # the quote must open its line
        end = _line_end(text, end + 1, para.end)
        if len(_W_RE.findall(text[q.close_end : end])) > 25:
            return None
        k = _token_index(doc.ts, q.close_end)
    else:
        if text[para.start : start].strip() or text[q.close_end : para.end].strip(" .,\u00a0") or pi + 1 >= len(paras):
            return None
        para = paras[pi + 1]
        end = _line_end(text, para.start, para.end)
        if len(_W_RE.findall(text[para.start : end])) > 25:
            return None
        k = _token_index(doc.ts, para.start)
    d0 = k
    while k < n and doc.ts[k] < end and doc.low[k] in _DASHES:
        k += 1
    if k == d0 or k >= n or doc.ts[k] >= end or doc.ts[k] - doc.te[k - 1] > 1:
        return None
    a = k
    while k < n and doc.ts[k] < end and (
        _is_cap(doc.words[k]) or (k > a and (doc.low[k] in _NAME_JOINERS or doc.words[k] == "." and doc.te[k - 1] - doc.ts[k - 1] == 1))
    ):
        k += 1
    if k == a or doc.low[a] in _DETERMINERS or doc.low[a] in _PRONOUNS or k - a > 6:
        return None
    rest = text[doc.ts[k] : end].strip() if k < n and doc.ts[k] < end else ""
    if rest and not (rest[0] == "," or rest in (".", "!")):
        return None
    if rest.startswith(",") and (any(inq != -1 for inq in doc.inq[k : _token_index(doc.ts, end)])
                                 or _find_cues(doc, k, _token_index(doc.ts, end), None)[:1] and len(_W_RE.findall(rest)) > 12):
        return None
    return (d0, a), (a, k), "quote-dash-speaker", 0.8  # the dash stands for the cue (no cue word)


def _line_end(text: str, start: int, para_end: int) -> int:
    """End of the line holding ``start``, or of its paragraph if that comes first."""
    nl = text.find("\n", start, para_end)
    return para_end if nl < 0 else nl


_SIGNATURE_TITLES = frozenset(
    "mr mrs ms miss dr sir dame lord lady sen senator rep president former gov governor mayor secretary "
    "prime minister chancellor judge justice rev professor prof general gen".split()
)


@lru_cache(maxsize=1)
def _first_names() -> frozenset:
    """Lower-case first names (``utils.actors.first_names``, NLTK's names corpus as
    shipped in ``utils/nltk_data``; a missing corpus is an error, not fewer names)."""
    from utils.actors import first_names

    male, female = first_names()
    return male | female


def _signature_speaker(doc: _Doc, q: Quote):
    """A quote paragraph signed by the next paragraph without a dash, as quote round-ups
    do: '"We will build a wall."' then 'Donald Trump, at a rally in Phoenix'. The next
    paragraph must be short, hold no quote, question, colon or cue, and open with a
    first name (NLTK's names corpus) or a title; its first comma-free stretch is the speaker."""
    text, paras = doc.text, doc.seg.paragraphs
    pi = doc.seg.paragraph_at(q.open_start)
    if q.continues or q.continued_from is not None or pi < 0 or pi + 1 >= len(paras):
        return None
    para = paras[pi]
    if not _is_whole_para_quote(text, para, q):
        return None
    nxt = paras[pi + 1]
    sig = text[nxt.start : nxt.end].strip()
    if not sig or len(_W_RE.findall(sig)) > 14 or any(ch in sig for ch in "?:\"“”«»") or sig.endswith(("!",)):
        return None
    a = _token_index(doc.ts, nxt.start)
    e = _token_index(doc.ts, nxt.end)
    spk = _signed_name(doc, a, e)
    return None if spk is None else ((a, a), spk, "quote-signature", 0.6)


def _signed_name(doc: _Doc, a: int, e: int) -> tuple[int, int] | None:
    """The name that opens a signature line (tokens ``a..e``: 'Donald Trump, at a rally in
    Phoenix', 'Maria Lopez, 34, Phoenix'): the line holds no cue, opens with a first name
    (NLTK's names corpus) or a title, and its first comma-free stretch, the name, is at
    most six capitalised words."""
    if a >= e or _find_cues(doc, a, e, None) or not _is_cap(doc.words[a]):
        return None
    first = doc.low[a].strip(".")
    if not (first in _SIGNATURE_TITLES or first in _first_names()):
        return None
    b = a
    while b < e and doc.low[b] not in (",", "(", ";") and not _spaced_dash(doc, b):
        b += 1
    while b > a and doc.low[b - 1] in (".",) and len(doc.words[b - 2]) > 3:
        b -= 1
    if b - a > 6 or not all(_is_cap(doc.words[x]) or doc.low[x] in (".", "of", "-") for x in range(a, b)):
        return None
    return a, b


def _opens_para_as_sentence(text: str, para, q: Quote) -> bool:
    """The quote opens its paragraph as a whole sentence and a new sentence follows:
    '"We have got to look at it." Mr Blair said the government ...' (a follow-on quote)."""
    if text[para.start : q.open_start].strip():
        return False
    inner = text[q.open_end : q.close_start].rstrip()
    tail = text[q.close_end : para.end].lstrip()
    if tail[:1] in _QUOTE_CHARS:
        tail = tail[1:].lstrip()  # '"..." "It would be dangerous ..."': another quote follows
    return inner[-1:] in ".?!" and tail[:1].isupper()


def _is_whole_para_quote(text: str, para, q: Quote) -> bool:
    head = text[para.start : q.open_start].strip()
    tail = text[q.close_end : para.end].strip()
    return not head and len(tail) <= 2


def _cue_after_quote(doc: _Doc, q: Quote, qi: int, top: list[Quote], inq: list[int]):
    """``"...," he said`` / ``"...," said X`` / ``"...", according to X`` / ``"...," she surmised``."""
    if q.continues:
        return None
    i = _token_index(doc.ts, q.close_end)
    if i >= len(doc.ts) or doc.seg.paragraph_at(doc.ts[i]) != doc.seg.paragraph_at(q.close_start):
        return None
    s_close = _sent_of_offset(doc, max(q.close_start - 1, 0))
    low = doc.low
    k = i
    while k < len(doc.ts) and low[k] in (",", ".", "!", "?", "—", "–", "-", ";") and inq[k] == -1:
        k += 1
    if k >= len(doc.ts) or inq[k] != -1 or low[k] in _QUOTE_MARK_TOKENS or low[k] in _QUOTE_CHARS:
        return None  # (another quote follows: '"Let me talk." "Quiet," he demanded')
    u = doc.tsent[k]
    if u != s_close and doc.s_hi[u] - doc.s_lo[u] > 14 and not doc.words[k][:1].islower():
        # a new, long sentence: not an attribution tail, unless the quote asked or
        # exclaimed and a pronoun and its cue follow: '"Too late?" He tweeted when ...'
        subj_end = k + 1 if low[k] in _PERSONAL_SUBJ else k
        while subj_end < min(len(low), k + 4) and _is_cap(doc.words[subj_end]) and inq[subj_end] == -1:
            subj_end += 1  # ... or a short name: '"... Three?" Clinton asks as a maintenance guy walks in'
        if not (doc.text[q.close_start - 1 : q.close_start] in "?!" and subj_end > k
                and subj_end < len(low) and doc.lex.match(low, subj_end) is not None):
            return None
    if (u != s_close or doc.text[q.close_start - 1 : q.close_start] in ".?!") and doc.words[k][:1].isupper():
        # a new sentence whose cue introduces the next quote: '"... a good idea?" He
        # answered, "I have no idea."', '"...?" Mills then writes back, "You look cute."'
        # (the cue is the answer's, not the question's)
        h8 = k
        while h8 < min(len(low), k + 8) and inq[h8] == -1:
            h8 += 1
        first = _find_cues(doc, k, h8, None)
        if first:
            j = first[0][0] + first[0][1]
            if j < len(low) and low[j] in ("back", "out", "up", "in"):
                j += 1
            if j < len(low) and low[j] in (",", ":"):
                j += 1
                while j < len(low) and low[j] in _QUOTE_MARK_TOKENS:
                    j += 1
                if j < len(low) and inq[j] not in (-1, qi) and doc.words[j][:1].isupper():
                    return None
    hi = min(doc.s_hi[u], k + 40)
    j = k
    while j < hi:
        if inq[j] != -1:
            # a quoted name inside the speaker phrase ('Bill Eastland, wearing "Ted Cruz" pins,
            # said') is stepped over; any other quote ends the search
            qq = top[inq[j]]
            words_in = _W_RE.findall(doc.text[qq.open_end : qq.close_start])
            nxt_t = _token_index(doc.ts, qq.close_end)
            if not (0 < len(words_in) <= 4 and all(_is_cap(w) for w in words_in) and nxt_t < hi
                    and doc.words[nxt_t].isalpha() and doc.words[nxt_t].islower()):
                break
            j = nxt_t
            continue
        j += 1
    hi = j
    if k >= hi:
        return None
    b_in = q.close_start  # the last character inside, past any inner closing marks ('... want,'”')
    while b_in > q.open_end and doc.text[b_in - 1] in _QUOTE_CHARS:
        b_in -= 1
    ends_clause = doc.text[b_in - 1 : b_in] in (",", ".", "!", "?", "…") or k > i
    if not ends_clause and q.open_start > doc.units[s_close][0]:
        return None
    if not ends_clause and k == i:
        inside = _W_RE.findall(doc.text[q.open_end : q.close_start])
        if len(inside) <= 5 and all(_is_cap(w) or w.lower() in ("the", "of", "and", "a", "in", "on") for w in inside):
            return None  # a title as a modifier: '"Daily Show" host Trevor Noah said', '"Butch" Otter'
    # text before the quote in its sentence: the quote is a fragment of a longer content
    o = _token_index(doc.ts, q.open_start)
    u_open = doc.tsent[o] if o < len(doc.ts) else s_close
    pre = doc.s_lo[u_open]
    while pre < o and (doc.low[pre] in _CONJ_START or not doc.words[pre][:1].isalnum()):
        pre += 1
    if pre >= o or doc.low[o - 1] in (":", ";", "(") or _spaced_dash(doc, o - 1) or any(doc.inq[x] != -1 for x in range(pre, o)):
        pre = None  # (a quote after a dash or colon stands on its own: 'he said - "No," she said')
    if u != s_close and any(doc.words[x][:1].isalnum() for x in range(doc.s_lo[u_open], o)):
        # a quote that does not open its sentence is attributed in that sentence, not by the
        # next one: 'he said only the Kochs wanted "open borders." At a rally, Sanders promised ...',
        # '14 percent said "not at all likely." Roughly two-thirds agreed.'
        return None
    cues = _find_cues(doc, k, hi, None)
    if cues and cues[0][0] == k:  # inverted: said Trump / according to X
        ci, cn, _cue = cues[0]
        if _cue.participle and (low[k - 1] == "," or doc.text[q.close_start - 1 : q.close_start] == ",") and ci + cn < hi and low[ci + cn] not in (",", "."):
            # '"...," adding that ...', '"...," telling Fox 35 that ...': the participle's
            # subject is the sentence's subject before the quote, not the phrase after it
            return None
        spk = _np_after(doc, ci + cn, hi)
        if spk is None or not _name_like(doc, spk):
            return None
        return (ci, ci + cn), spk, "quote-cue-speaker", 0.9, pre
    if cues and low[k] in _PREP and doc.words[k].islower():
        # a phrase after the quote goes on with the content, then the attribution:
        # '"This will be a challenge" for Clinton, said Kunin.' (inverted: the speaker follows
        # the cue) / '"Let me thank the volunteers" for the victory, Sanders said.' (the
        # speaker stands between the phrase's comma and the cue)
        ci, cn, _cue = cues[0]
        if ci - 1 > k and low[ci - 1] == "," and ci - k <= 8:
            spk = _np_after(doc, ci + cn, hi)
            if spk is None or not _name_like(doc, spk) or _cue.participle:
                return None
            return (ci, ci + cn), spk, "quote-cue-speaker", 0.8, pre
        commas = [x for x in range(k + 1, ci) if low[x] == ","] if ci - k <= 14 else []
        if commas and ci - commas[-1] <= 7 and not _cue.participle:
            b = _subject_end_before(doc, commas[-1] + 1, ci)
            spk = (commas[-1] + 1, b)
            if b > spk[0] and _name_like(doc, spk) and _speakerish(doc, spk):
                return (ci, ci + cn), spk, "quote-speaker-cue", 0.8, pre
    if not cues and _verbish(doc, k) and k + 1 < hi:
        # an unlisted verb, inverted: '"...," read the statement.'
        w1 = doc.words[k + 1]
        spk = _np_after(doc, k + 1, hi)
        if spk is not None and (_is_cap(w1) or w1.lower() in _INVERTED_START) and spk[1] - spk[0] <= 8:
            return (k, k + 1), spk, "quote-verb-speaker", 0.6, pre
        return None
    if not _name_like(doc, (k, cues[0][0] if cues else min(hi, k + 4))) and not (
        cues and 0 < cues[0][0] - k <= 3 and low[cues[0][0] - 1].endswith("s") and all(doc.words[x].isalpha() for x in range(k, cues[0][0]))
    ):  # ... or a plural common noun: '"...," federal prosecutors wrote'
        return None
    if cues and (cues[0][0] - k <= 20 or (
            pre is None and low[cues[0][0] - 1] == "," and any(low[x] == "," for x in range(k + 1, min(k + 6, cues[0][0] - 1))))):
        # (a long appositive between commas: '"...," Trump, the 2016 GOP frontrunner ... primaries, said')
        ci, cn, _cue = cues[0]
        rule, conf = "quote-speaker-cue", 0.9
    else:  # an unlisted verb right after a short subject: '"...," she surmised.'
        if u != s_close and doc.text[b_in - 1 : b_in] == ".":
            return None  # a new sentence after a closed one: '"... rules." The crowd cheered.'
        ci = k + 1
        while ci < hi and ci - k < 8 and not _verbish(doc, ci) and low[ci] not in _PUNCT_BOUND:
            ci += 1
        if ci >= hi or not _verbish(doc, ci):
            return None
        nx = low[ci + 1] if ci + 1 < hi else "."
        if nx in ("back", "out", "up", "in") and ci + 2 <= hi:  # 'the audience screamed back'
            nx = low[ci + 2] if ci + 2 < hi else "."
        if not (ci + 1 >= hi or nx in (".", ",", "!", "?", ";", "and") or nx in _TIME):
            return None
        cn, rule, conf = 1, "quote-speaker-verb", 0.6
    b = _subject_end_before(doc, k, ci)  # the speaker: up to an appositive or the cue
    if b <= k or any(low[x] in _STOP_BACK and not _coordinating_and(doc, x, b) for x in range(k, b)):
        return None
    if pre is not None:
        j = ci + cn
        while j < len(low) and low[j] in (",", ":"):
            j += 1
        m = j  # ... also after a participle phrase: 'Beck joked, again using a Southern accent, "..."'
        while m < len(low) and m - j < 16 and inq[m] == -1 and low[m] not in (".", "!", "?", ";") \
                and low[m] not in _QUOTE_MARK_TOKENS and doc.lex.match(low, m) is None:
            m += 1
        if (j < len(low) and (low[j] in _QUOTE_MARK_TOKENS or inq[j] != -1 or low[j] == "that")) or (
                m < len(low) and m > j and (low[m] in _QUOTE_MARK_TOKENS or inq[m] != -1) and low[m - 1] in (",", ":")):
            # the cue introduces words of its own: 'Remarking upon Clinton's "genuine empathy," Starr
            # said, "Leave aside ..."': the quoted fragment before is the writer's lead, not a claim
            return None
    return (ci, ci + cn), (k, b), rule, conf, pre


def _subject_end_before(doc: _Doc, k: int, ci: int) -> int:
    """End of the speaker phrase that starts at token ``k`` after a quote and runs to
    its cue at ``ci``: it stops at an appositive comma, a relative "who", a parenthesis
    or a dash ('"...," Jane Doe, a spokeswoman, said'), and drops trailing auxiliaries."""
    low = doc.low
    b = k
    while b < ci and low[b] not in (",", "who", "(", "—", "–") and not _spaced_dash(doc, b):
        b += 1
    while b > k and low[b - 1] in _AUX:
        b -= 1
    return b


def _coordinating_and(doc: _Doc, x: int, b: int) -> bool:
    """'and' inside a subject noun phrase: 'David Albright and Serena Kelleher-Vergantini',
    'the Florida senator and Republican presidential candidate' (not a new clause)."""
    if doc.low[x] != "and" or x + 1 >= b:
        return False
    nxt = doc.words[x + 1]
    return _is_cap(nxt) or doc.low[x + 1] in ("the", "a", "an", "his", "her", "their", "other", "former", "fellow")


_UTTERANCE_END = frozenset(",.!?…")
_ADV_CLAUSE = frozenset("after before when while because although though since until unless whereas even".split())
_IRREGULAR_SPEECH = frozenset("read reads said says wrote writes went goes began begins told tells".split())


def _verbish(doc: _Doc, i: int) -> bool:
    """A lower-case word that looks like a finite verb (for unlisted cue verbs)."""
    w = doc.words[i]
    if not w.isalpha() or not w.islower() or w in _AUX:
        return False
    return w in _IRREGULAR_SPEECH or (len(w) > 4 and w.endswith("ed"))


def _cue_before_quote(doc: _Doc, q: Quote, qi: int, top: list[Quote], inq: list[int]):
    """``Mr Austin said: "..."`` / ``adding: "..."`` / ``told reporters that "..."``."""
    si = _sent_of_offset(doc, q.open_start)
    lo = doc.s_lo[si]
    i = _token_index(doc.ts, q.open_start)  # first token at/after the opening mark
    if q.open_start < doc.units[si][0]:
        return None
    # start after the previous quote in the sentence
    k = i - 1
    while k >= lo and inq[k] == -1 and doc.low[k] not in tuple(_QUOTE_CHARS):
        k -= 1
    lo2 = k + 1
    if lo2 >= i:
        return None
    # a quoted fragment that the sentence goes on after is mixed speech, not a quote
    nxt = _token_index(doc.ts, q.close_end)
    if nxt < doc.s_hi[si] and doc.words[nxt][:1].isalnum():
        # ... unless the quote is a whole utterance closed by its own punctuation and the
        # sentence goes on with circumstances: 'said, "We'll see," when asked ...'
        # ... or a coordinated clause with its own speaker follows: 'and 14 percent said "..."'
        if not (doc.text[q.close_start - 1 : q.close_start] in _UTTERANCE_END and doc.words[nxt][:1].islower()) and not (
                doc.low[nxt] in ("and", "but", "while", "whereas") and _find_cues(doc, nxt + 2, min(doc.s_hi[si], nxt + 6), None)) \
                and not (doc.text[q.close_start - 1 : q.close_start] == "," and (_is_cap(doc.words[nxt]) or doc.low[nxt] in _PERSONAL_SUBJ)
                         and _find_cues(doc, nxt + 1, min(doc.s_hi[si], nxt + 4), None)):
            return None  # (but 'someone shouted, "Cruz," Beck joked': a new clause with its own cue follows)
    colon = doc.low[i - 1] in (":",) or (doc.low[i - 1] == "," and i - 2 >= lo2 and _verbish(doc, i - 2))
    t = i - 1 if doc.low[i - 1] != "," else i - 2
    if t >= lo2 and doc.low[t] in _TITLE_NOUNS and _title_case(doc.text[q.open_end : q.close_start]):
        return None  # a title: 'the reality TV show "The Apprentice"', 'his 2012 book, "An American Son"'
    cues = _find_cues(doc, lo2, i, None)
    if cues:
        ci, cn, cue = cues[-1]
        gap = [doc.low[x] for x in range(ci + cn, i)]
        # a clause between the cue and the quote makes the quote part of it, not the
        # cue's quotation: 'told him that if he wants our guns, "come and take it"'
        clause_gap = any(g in _SUBORDINATORS or g == "that" for g in gap[:-1])
        ok = (
            not gap
            or (len(gap) <= 7 and (gap[-1] in (":", "that", "—", "–", "-")
                                   or (gap[-1] == "," and cue.type in ("speech", "report") and not clause_gap)))
            or (len(gap) <= 12 and colon and not clause_gap)
            or (len(gap) <= 4 and all(g in _TELL_OBJ or g in _TIME or _is_cap(doc.words[ci + cn + n]) for n, g in enumerate(gap)))
            # 'said in an interview with the Times on Monday, "..."', 'told the Post in a statement, "..."'
            or (len(gap) <= 16 and gap[-1] == "," and (gap[0] in _TIME or gap[0] in _PREP or cue.object)
                and "that" not in gap and not any(_verbish(doc, x) for x in range(ci + cn, i)))
            # 'joked, again using a Southern accent, "..."': a participle phrase between commas
            or (3 <= len(gap) <= 16 and gap[0] == "," and gap[-1] == "," and cue.type == "speech" and "that" not in gap
                and any(g.endswith("ing") and len(g) > 4 for g in gap[1:3]))
        )
        opening = (ci == lo or (ci == lo + 1 and doc.low[lo] in _CONJ_START)) and doc.words[ci][:1].isupper()
        if not ok and opening and len(gap) <= 20 and gap[-1] in (",", ":") and _is_cap(doc.words[ci + cn]) and cue.type == "speech":
            # 'Said Dorothy Poynter, who grew up with Ali, "..."': an inverted cue opening its sentence
            e = ci + cn
            while e < i and doc.low[e] not in (",", ":"):
                e += 1
            if e - (ci + cn) <= 6:
                return (ci, ci + cn), (ci + cn, e), "cue-quote", 0.85, None
        if ok:
            spk = _speaker_for_cue(doc, ci, cue, lo)
            g = [x for x in range(ci + cn, i) if doc.low[x] not in (",", ":")]
            if g and gap[-1] in (",", ":") and not cue.object and len(g) <= 8 and _is_cap(doc.words[g[0]]) and (ci == lo2 or not doc.words[ci - 1][:1].isalnum()) and all(_is_cap(doc.words[x]) or doc.low[x] in (".", "-", "of", "the") for x in g):
                spk = (g[0], g[-1] + 1)  # inverted: 'explained Rosenberg, "..."'
                gap = [":"]
            pre = None
            n_q = len(_W_RE.findall(doc.text[q.open_end : q.close_start]))
            if not gap and not colon and n_q < 4 and cue.object and all(_is_cap(w) for w in _W_RE.findall(doc.text[q.open_end : q.close_start])):
                return None  # 'told "Fox and Friends"': a quoted name, the cue's object
            if gap and gap[-1] in ("that", "to", "if", "whether"):
                pre = i - 1
            elif gap and gap[-1] not in (":", ",", "—", "–", "-"):
                pre = ci + cn  # 'called him a "con artist"'
            return (ci, ci + cn), spk, "cue-quote", 0.85, pre
    if doc.low[i - 1] == ":":
        r = _colon_speaker(doc, lo2, i - 1)
        if r is not None:
            return (i - 1, i), r, "name-colon-quote", 0.7
    r = _possessor_of_words(doc, lo, i)  # (from the sentence start: 'Forbes’' ends with a quote-like mark)
    if r is not None:
        return r[0], r[1], "possessor-quote", 0.7
    if colon and i - 1 - lo2 <= 30:
        # 'And Mr Christie gloated: "..."': the clause subject and the verb after it
        subj = _subject(doc, lo2, i - 1)
        if subj is not None and subj[1] < i - 1 and (doc.low[i - 1] == ":" or subj[1] == i - 2):
            w = doc.low[subj[1]]
            w0 = doc.words[subj[0]]
            verb_like = _verbish(doc, subj[1]) or doc.lex.match(doc.low, subj[1]) is not None or w in _INTRO_COLON_VERBS or (
                w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in _HEADING_EXTRA and w not in _COLON_STOP)
            hx = subj[1] - 1
            animate = _is_cap(doc.words[hx]) or w0.lower() in _PRONOUNS or _animate_head(doc, hx) or _text_source(doc.low[hx])
            if verb_like and animate and any(doc.low[x] not in _DETERMINERS for x in range(*subj)) and w.isalpha() and w.islower() and w not in _AUX and (
                    _is_cap(w0) or w0.lower() in _PRONOUNS or w0.lower() in _INVERTED_START):
                return (subj[1], subj[1] + 1), subj, "colon-quote", 0.6  # (not 'Then the mood changed: "..."')
    if doc.low[i - 1] in (":", ",") and i - 1 - lo2 <= 30:
        r = _intro_verb(doc, lo2, i - 1)
        if r is not None:
            return r[0], r[1], "colon-quote", 0.6
    v = i - 2
    if doc.low[i - 1] == "," and v > lo2 and _verbish(doc, v) and doc.words[v - 1][:1].isupper():
        # an unlisted verb right after a name, then the quote, anywhere in a long sentence:
        # '... - during their first debate, Hillary Clinton cracked, "..."'
        r = _np_before(doc, v, lo2)
        if r is not None and _name_like(doc, r) and r[1] == v and all(_is_cap(doc.words[x]) or doc.low[x] == "." for x in range(*r)):
            return (v, v + 1), r, "colon-quote", 0.6
    return None


def _colon_speaker(doc: _Doc, lo: int, c: int) -> tuple[int, int] | None:
    """The speaker named right before the colon at ``c`` that introduces a quote, when
    the phrase from the sentence start (or a dash) is only that name: 'Rep. Trey Gowdy
    (R-S.C.): "..."', 'Former secretary of state Hillary Clinton: "..."', 'Here's Clinton
    in December 1992: "..."', '- Pew Research: "..."', 'From Bush's Facebook post: "..."'."""
    low, words = doc.low, doc.words
    a = c
    while a > lo and low[a - 1] not in _DASHES and low[a - 1] not in (":", ";") and c - a < 14:
        a -= 1
    if a > lo and low[a - 1] not in _DASHES and low[a - 1] not in (":", ";"):
        return None
    if a < c and low[a] in ("here's", "here’s", "here", "from") and words[a][:1].isupper():
        a += 2 if low[a] == "here" and a + 1 < c and low[a + 1] in ("is", "'s", "’s") else 1
    b = c
    if b - 1 > a and low[b - 1] == ")":  # '(R-S.C.)'
        m = b - 1
        while m > a and low[m] != "(":
            m -= 1
        if low[m] == "(":
            b = m
    for x in range(a + 1, b):  # 'in December 1992', 'on Monday': a time after the name
        if low[x] in ("in", "on", "at", "during") and all(
                low[y] in _MONTHS or low[y] in _WEEKDAYS or low[y].isdigit() or low[y] in _TIME_NOUNS or low[y] in ("a", "the", "last", "this")
                for y in range(x + 1, b)):
            b = x
            break
    if b <= a or b - a > 10:
        return None
    span = range(a, b)
    if b - a <= 4 and low[b - 1] in _TEXT_SOURCES and (low[a] in _DETERMINERS or low[a] in _POSSESSIVE_DETERMINERS) \
            and all(words[x].isalpha() for x in span):
        return (a, b)  # 'From the report: "..."', 'His letter: "..."'
    if any(doc.inq[x] != -1 or low[x] in _AUX or _verbish(doc, x) or doc.lex.match(low, x) is not None for x in span):
        return None
    for x in span:  # 'Bush's Facebook post': the possessor of a text
        if low[x].endswith(("'s", "’s")) and b - x <= 4 and any(low[y] in _WORKS for y in range(x + 1, b)):
            return (a, x + 1) if all(_is_cap(words[y]) or low[y] in (".", "-") for y in range(a, x + 1)) else None
    alnum = [x for x in span if words[x][:1].isalnum()]
    if not alnum or any(low[x] in _COLON_STOP or low[x] in _HEADING_EXTRA for x in alnum):
        return None
    if not (_is_cap(words[b - 1]) and (b - a == 1 or _is_cap(words[b - 2]) or words[b - 2] == ".")):
        return None  # the phrase must end with a name ('Jeffrey M. Jones', 'Pew Research')
    if any(not (_is_cap(words[x]) or low[x] in _animate_nouns() or low[x] in ("of", "state", "former", "the", "a", "an", "for", "and"))
           for x in alnum):
        return None  # lower-case words other than a title ('Former secretary of state')
    return (a, b)


#: Nouns for someone's words: 'Clinton's campaign slogan is "..."', 'in Forbes' words, "..."'.
_WORDS_NOUNS = frozenset(
    "slogan motto response reply answer words dictum mantra refrain pledge vow promise warning message "
    "retort quip line catchphrase comment remark demand rallying cry".split()
)


def _possessor_of_words(doc: _Doc, lo: int, i: int):
    """(cue, speaker) token ranges when the words right before the quote at token ``i``
    are 'X's <words noun> (is|was)' or 'in X's words,': 'Hillary Clinton's campaign slogan
    is "I'm with her."', 'Clinton's response was: "..."', 'in Forbes' words, "..."'."""
    low, words = doc.low, doc.words
    j = i - 1
    while j >= lo and low[j] in (",", ":"):
        j -= 1
    if j >= lo and low[j] in ("is", "was"):
        j -= 1
    n = j  # the noun
    if n < lo or low[n] not in _WORDS_NOUNS:
        return None
    p = n - 1
    while p >= lo and p >= n - 3 and not low[p].endswith(("'s", "’s", "s'", "s’")) and words[p].isalpha() and words[p].islower():
        p -= 1  # 'campaign', 'famous'
    end = p + 1
    if p - 1 >= lo and low[p] in ("'", "’") and low[p - 1].endswith("s"):
        p -= 1  # 'Forbes’' as two tokens
    elif p < lo or not low[p].endswith(("'s", "’s", "s'", "s’")):
        return None
    a = p
    while a - 1 >= lo and p - a < 5 and (_is_cap(words[a - 1]) or low[a - 1] == "."):
        a -= 1
    if not _is_cap(words[a]) or (a > lo and low[a - 1] in _DETERMINERS) or any(doc.inq[x] != -1 for x in range(a, i)):
        return None
    return (n, n + 1), (a, end)


#: Verbs that introduce a quote after a colon (or a comma, for the first row) though
#: they are not speech cues: 'She went on: "..."', 'The letter continues: "..."'.
_INTRO_COMMA_VERBS = frozenset("continues continued continuing went goes".split())
_INTRO_COLON_VERBS = _INTRO_COMMA_VERBS | frozenset(
    "makes made gives gave delivered delivers offered offers put puts summed sums had has reads read "
    "shot fired struck strikes took takes".split()
)


def _intro_verb(doc: _Doc, lo: int, c: int):
    """Cue and speaker of a clause ``lo..c`` that ends with the colon (or comma) at ``c``
    before a quote: the first finite verb after a name, pronoun or document subject
    ('Senate Majority Leader Mitch McConnell, R-Ky., delivered a blunt message to
    Trump: "..."', 'Hoff's letter makes a libertarian-style case: "..."')."""
    low = doc.low
    comma = low[c] == ","
    for v in range(lo + 1, c):
        w = doc.words[v]
        if doc.inq[v] != -1:
            return None
        if not (w.isalpha() and w.islower()) or low[v] in _PREP or low[v] in _DETERMINERS or low[v] in ("and", "or", "of"):
            continue
        if comma:
            if low[v] not in _INTRO_COMMA_VERBS or not (v + 1 == c or (v + 2 == c and low[v + 1] == "on")):
                continue
        elif low[v] in ("is", "was", "are", "were") and c - v <= 7 and not any(
                _verbish(doc, x) or doc.lex.match(low, x) is not None for x in range(v + 1, c)):
            pass  # a copula and its complement: 'The board was conclusive in its findings: "..."'
        elif low[v - 1] in _DETERMINERS or not (low[v] in _INTRO_COLON_VERBS or _verbish(doc, v) or doc.lex.match(low, v) is not None or (
                low[v].endswith("s") and not low[v].endswith(("ss", "us", "is")) and low[v] not in _AUX and _is_cap(doc.words[v - 1])
                and doc.low[v - 1] not in _DETERMINERS)) or low[v] in _HEADING_EXTRA or low[v] in _COLON_STOP:
            continue  # a noun of the subject ('The letter continues'); ('Perez lobbies for ...:' is a verb)
        if low[v - 1] in _BE and (low[v].endswith("ed") or low[v] in _IRREGULAR_PARTICIPLES):
            return None  # a passive: 'Kevin Donnellon was asked: "..."' (the asker is someone else)
        r = _np_before(doc, v, lo)
        if r is None or r[0] != lo and low[r[0] - 1] not in (",", "and", "but", "then", "so"):
            return None
        hx = _head_index(doc, r)
        if (r[1] - r[0] == 1 and low[r[0]] in _PERSONAL_SUBJ) or _text_source(low[hx]) or (
                _name_like(doc, r) and (_is_cap(doc.words[hx]) or _animate_head(doc, hx))):
            return (v, v + 1), r  # (not 'Then the mood changed:')
        return None
    return None


# 'has written to supporters saying ...': these participles go with the subject's act
_REPORTING_PARTICIPLES = frozenset("say add tell write ask note explain insist argue reply respond".split())
_FLOATING = frozenset("all both also each now still privately publicly openly".split())
_ANIMATE_EXTRA = frozenset(
    "group groups people person man men woman women gunman gunmen attacker protester protesters demonstrators "
    "crowd crowds fans students parents residents citizens americans experts analysts economists scientists "
    "lawmakers legislators senators republicans democrats conservatives liberals progressives organizers "
    "organization organizations agency agencies administration court courts judge judges police officers "
    "authorities advocates groups unions companies firms campaigns committees pac pacs website newspaper "
    "magazine network networks reporter reporters journalist journalists columnist writers author authors".split()
)


@lru_cache(maxsize=1)
def _animate_nouns() -> frozenset:
    """Nouns that can head a speaker phrase: the actor lexicon's roles, groups and
    organisations (singular and plural) and a few more of US and UK news."""
    from utils.actors import load_lexicon

    words = set(_ANIMATE_EXTRA)
    lex = load_lexicon()  # a broken or missing lexicon is an error naming its file and line
    for w in list(lex.role_nouns) + list(lex.group_nouns) + list(lex.org_nouns):
        w = w.lower().split()[-1]
        words.update({w, w + "s", w[:-1] if w.endswith("s") else w})
    return frozenset(words)


def _animate_head(doc: _Doc, j: int) -> bool:
    """Token ``j`` can head a phrase that speaks: a capitalised name or a person,
    group or organisation noun ('gunman', 'protesters', 'group')."""
    w, lw = doc.words[j], doc.low[j]
    if _is_cap(w):
        return lw not in _WEEKDAYS and lw not in _MONTHS and not w.isupper()
    return w.isalpha() and lw in _animate_nouns()


def _relative_speaker(doc: _Doc, ci: int, lo: int) -> tuple[int, int] | None:
    """The cue at ``ci`` sits in a relative clause ('Weaver, who came out and endorsed
    Clinton', 'her leadership, who, on a press call, criticized', 'Mr. McConnell, who
    has both endorsed Mr. Trump and criticized'): the speaker is the antecedent and
    "who" (the convention of "X, who said"), or "who" alone."""
    low, words, inq = doc.low, doc.words, doc.inq
    j = ci - 1
    while j >= lo and (_is_adverb(low[j]) or low[j] in _AUX or low[j] in _ADVERBS or low[j] in _FLOATING):
        j -= 1
    if j >= lo and low[j] != "who" and (_is_cap(words[j]) or low[j] in _PRONOUNS or low[j] in ("i", "you") or (
            low[j] in _animate_nouns() and low[j].endswith("s") and words[j].islower())):
        return None  # a subject of its own right before the cue ('who got less credit than aides say')
    if j > lo and low[j] == "that" and words[j - 1][:1].isalnum():
        # 'a marketing video that said', 'water bottles that read': the antecedent noun phrase
        x, start = j - 1, j
        while x >= lo and words[x][:1].isalnum() and low[x] not in _PREP and low[x] not in _AUX and low[x] not in _PRONOUNS \
                and low[x] not in ("out", "up", "off", "down", "back", "and", "or", "to") and not _verbish(doc, x):
            start = x
            if low[x] in _DETERMINERS:
                break
            x -= 1
        return (start, j) if start < j else None
    commas = 0
    for k in range(ci - 1, max(lo - 1, ci - 30), -1):
        w = low[k]
        if w == "." and k > lo and _is_cap(words[k - 1]) and len(words[k - 1]) <= 4:
            continue  # "Mr.", "Sen.", "U.S."
        if inq[k] != -1 or w in (";", ":", ".", "!", "?", "which", "that") or w in _PERSONAL_SUBJ or w in ("i", "we", "you"):
            return None
        if w == ",":
            commas += 1
        if w == "who":
            # no comma between "who" and the cue, or one parenthesis right after "who"
            # ('who, on a press call Friday, criticized'); else the clause has closed
            if not (commas == 0 or (commas == 2 and k + 1 < ci and low[k + 1] == ",")) or ci - k > 25:
                return None
            r = _np_before(doc, k + 1, lo)
            return r if r is not None else (k, k + 1)
    return None


def _speaker_for_cue(doc: _Doc, ci: int, cue: Cue, lo: int, prev_speaker=None, depth: int = 0):
    """Speaker token range for a forward cue at token ``ci`` (its unit starts at ``lo``)."""
    low = doc.low
    cn = len(cue.form)
    if cue.lemma == "according to":  # 'According to the Daily Caller, "..."': the source follows
        return _np_after(doc, ci + cn, doc.s_hi[doc.tsent[ci]])
    rel = _relative_speaker(doc, ci, lo) if ci > lo else None
    if rel is not None:
        return rel
    if ci > lo and low[ci - 1] == "in" and ci + 1 < len(low) and (
            (low[ci] in ("favor", "favour") and low[ci + 1] == "of") or (low[ci] in ("hope", "hopes") and low[ci + 1] in ("that", "of"))):
        # 'Cooper has spoken out in favor of X', 'a record of voting in favor of', 'has avoided
        # alienating them in hopes that': the clause subject
        v = ci - 2
        while v > lo and not (low[v] in _VERB_AUX or _verbish(doc, v) or low[v].endswith("ing") or low[v] in _SPEAK_VERBS
                              or low[v] in ("spoken", "came", "come", "comes", "argued", "voted", "votes", "stood", "stands")):
            v -= 1
        if v > lo:
            r = _np_before(doc, v, lo) if not low[v].endswith("ing") or low[v - 1] in _VERB_AUX else None
            if r is None:  # 'has a strong record of voting in favor of': the subject of the finite verb
                f = v - 1
                while f > lo and low[f] not in _VERB_AUX and not _verbish(doc, f):
                    f -= 1
                r = _np_before(doc, f, lo) if f > lo else None
            if r is not None and _name_like(doc, r):
                return r
    if (ci + cn + 1 < len(low) and low[ci + cn] == "by" and (ci == lo or low[ci - 1] in ("when", "as", "after", "if", "once", ","))
            and cue.lemma in ("ask", "question", "press", "challenge", "interview")):
        r = _np_after(doc, ci + cn + 1, doc.s_hi[doc.tsent[ci]])  # "When asked by a reporter whether ...": the asker
        if r is not None:
            cut = [x for x in range(r[0] + 1, r[1]) if low[x] in ("whether", "if", "about", "what", "why", "how", "for", "to")]
            r = (r[0], cut[0]) if cut else r
        if r is not None and _speakerish(doc, r):
            return r
    if cue.participle and ci > lo and low[ci - 1] in _PROGRESSIVE_AUX:
        r = _np_before(doc, ci, lo)  # "while officials have been promising ...": a finite verb
        if r is not None:
            return r
    if not cue.participle and ci - 2 >= lo and low[ci - 1] == "to" and doc.inq[ci - 2] == -1:
        v = doc.words[ci - 2]
        if v.isalpha() and v.islower() and (_verbish(doc, ci - 2) or v in _TO_VERBS):
            r = _np_before(doc, ci - 2, lo)  # "When Mr Trump tried to defend ...": the subject of "tried"
            if r is not None and _speakerish(doc, r) and _name_like(doc, r):
                return r
    if cue.participle and ci > lo and low[ci - 1] in ("while", "when", "after", "before", "since") and (
            ci - 1 == lo or low[ci - 2] == "," or (low[ci - 2] in _QUOTE_MARK_TOKENS and ci - 3 >= lo and low[ci - 3] == ",")):
        # 'Sunday, on CNN, while commenting on the racial divide, Governor Mary Fallin said':
        # the participle's subject is the main clause's, after the phrase's comma
        hi = doc.s_hi[doc.tsent[ci]]
        m = ci + 1
        while m < hi and m - ci < 40 and not (low[m] == "," and doc.inq[m] == -1):
            m += 1
        if m + 1 < hi and low[m] == ",":
            r = _subject(doc, m + 1, hi)
            if r is not None and r[0] > m and _name_like(doc, r):
                return r
    if cue.participle or (ci > lo and low[ci - 1] == "to"):
        # "Sarah Henney asking if ..." (a name right before) ...
        if ci > lo and low[ci - 1] not in (",", "to") and low[ci - 1] not in _INTRO and _is_cap(doc.words[ci - 1]) and doc.inq[ci - 1] == -1:
            a = ci - 1
            while a - 1 >= lo and _is_cap(doc.words[a - 1]) and low[a - 1] not in _CONJ_START and doc.inq[a - 1] == -1:
                a -= 1
            return a, ci
        # "a poll showing ...", "a report suggesting ...": the noun phrase right before
        if cue.type == "report" and ci > lo and doc.words[ci - 1][:1].isalnum() and low[ci - 1] not in _AUX:
            r = _np_before(doc, ci, lo)
            if r is not None:
                return r
        # "a gunman claiming ...", "a group backing Bush", "Christie all calling for": a
        # participle right after a noun phrase that can speak describes that phrase
        if cue.participle and ci > lo and low[ci - 1] != "," and cue.lemma not in _REPORTING_PARTICIPLES:
            j = ci - 1
            while j > lo and (_is_adverb(low[j]) or low[j] in _FLOATING):
                j -= 1
            if j >= lo and doc.inq[j] == -1 and _animate_head(doc, j):
                r = _np_before(doc, j + 1, lo)
                if r is not None and r[1] == j + 1:
                    r = _last_np(doc, r)  # 'Starr gave $10 million to a group backing': 'a group'
                    cut = [x for x in range(r[0], r[1] - 1) if low[x] in ("to", "into", "than", "as")]
                    r = (cut[-1] + 1, r[1]) if cut else r
                    if _speakerish(doc, r):
                        return r
        # "with 30 percent of voters saying", "a clip of McCain saying": the phrase before
        if ci > lo and low[ci - 1] != "," and not cue.form[0].startswith(("add", "say")) or (ci > lo and low[ci - 1] not in (",", "to") and low[ci - 1] in ("voters", "people", "respondents", "americans")):
            r = _np_before(doc, ci, lo)
            if r is not None and r[0] > lo and low[r[0] - 1] in ("with", "of", "from", "by", "among", "as"):
                return r
            if r is not None and low[r[0]] in ("with", "of", "from", "by", "among") and r[1] - r[0] > 1:
                return r[0] + 1, r[1]
        # ... or the speaker of an earlier cue in the sentence, or the sentence subject
        if prev_speaker is not None:
            return prev_speaker
        # "..., when he went on the record endorsing X": the subject of the nearest clause
        # (not after a comma: 'Bradley apologized after they came out, saying ...')
        j = ci - 1 if low[ci - 1] != "," else lo - 1
        while j >= lo and ci - j <= 25 and doc.inq[j] == -1 and low[j] not in (";", ":"):
            if low[j] in _PERSONAL_SUBJ and j > lo and (low[j - 1] in _CLAUSE_BOUND or low[j - 1] in ("when", "after", "as", "and", "but", ",", "before")):
                return j, j + 1
            j -= 1
        if depth < 3:
            for cj, _cn, cue2 in _find_cues(doc, lo, ci, doc.inq, -1):
                r = _speaker_for_cue(doc, cj, cue2, lo, None, depth + 1)
                if r is not None:
                    return r
        if (low[lo] in _INTRO or low[lo].endswith("ing")) and not any(low[x] == "," for x in range(lo, ci)):
            # "After suggesting X on Monday, Mr Rubio ...": the cue is in the introductory
            # phrase; its speaker is the subject of the main clause
            r = _subject(doc, lo, doc.s_hi[doc.tsent[ci]])
            if r is not None and r[0] > ci:
                return r
        return _subject(doc, lo, ci)
    return _np_before(doc, ci, lo)


def _reported_claims(doc: _Doc, top: list[Quote], inq: list[int], used: set[int], direct: list[_Claim]) -> list[_Claim]:
    """Reported speech: cue + clause, content + cue, and "according to"."""
    out: list[_Claim] = []
    direct_spk = {}  # cue token -> speaker tokens of a direct claim ('"...," said X, adding ...')
    for c in direct:
        if c.cue and c.speaker and not c.inherit:
            direct_spk[_token_index(doc.ts, c.cue[0])] = _tok_range(doc, c.speaker)
    for si in range(len(doc.units)):
        lo, hi = doc.s_lo[si], doc.s_hi[si]
        if lo >= hi:
            continue
        nc = _name_colon(doc, lo, hi)
        if nc is not None:
            out.append(nc)
        out += _noun_claims(doc, lo, hi)
        found = _find_cues(doc, lo, hi, inq, -1)
        prev_spk = None
        for n_c, (ci, cn, cue) in enumerate(found):
            if ci in used:
                # the cue of a direct quote: its speaker is the one a participle refers to
                prev_spk = direct_spk.get(ci, prev_spk)
                continue
            nxt = found[n_c + 1][0] if n_c + 1 < len(found) else hi
            c = _one_reported(doc, si, lo, hi, ci, cn, cue, nxt, prev_spk, top, inq)
            if c is None:
                continue
            out.append(c)
            if c.speaker is not None:
                prev_spk = _tok_range(doc, c.speaker)
    return out


def _noun_claims(doc: _Doc, lo: int, hi: int) -> list[_Claim]:
    """"Trump's claim that ...": a noun cue followed by a that-clause."""
    nouns = load_noun_cues()
    low = doc.low
    out = []
    for i in range(lo + 1, hi - 3):
        if low[i + 1] != "that" or low[i] not in nouns or doc.inq[i] != -1:
            continue
        j = i + 2
        e = j
        while e < hi and low[e] not in (";",) and not (low[e] == "," and e + 1 < hi and low[e + 1] in ("but", "and", "which", "who")):
            e += 1
        cs, ce = _trim_span(doc.text, doc.ts[j], doc.te[e - 1], _EDGE_CHARS)
        while ce > cs and doc.text[ce - 1] in ".!?":
            ce -= 1
        if len(_W_RE.findall(doc.text[cs:ce])) < 3:
            continue
        spk = None
        p = low[i - 1]
        if p in ("his", "her", "their", "its") or p.endswith(("'s", "’s")) or p in ("'s", "’s"):
            a = i - 1
            while a - 1 >= lo and _is_cap(doc.words[a - 1]) and doc.inq[a - 1] == -1:
                a -= 1
            spk = (a, i)
        if spk is None:
            continue  # "the claim that ...": nobody's in particular
        c = _mk_reported(doc, (cs, ce), (i, i + 1), spk, "noun-that", 0.5)
        if c is not None:
            out.append(c)
    return out


_COLON_STOP = frozenset(
    "update updated note editor photo photos video watch read related source sources correction breaking "
    "exclusive advertisement q a transcript caption credit image images listen warning ps".split()
)
_HEADING_EXTRA = frozenset(  # more words of headings that are not names ('Background:', 'Key quotes:')
    "updates videos editor's background clarification live opinion analysis see also previously earlier "
    "what why how when where who the an here this these key quote quotes statement more".split()
)


def _name_colon(doc: _Doc, lo: int, hi: int) -> _Claim | None:
    """'TRUMP: We will win.' / 'Issa: Clinton's honesty in question' (transcripts, headlines);
    the words before the colon must be a name (:func:`_name_heading`), not a heading word
    ('The Latest:', 'Analysis:')."""
    low = doc.low
    k = lo
    while k < hi and k - lo < 6 and low[k] != ":":
        if doc.inq[k] != -1:
            return None
        k += 1
    if k >= hi or low[k] != ":" or k == lo or not _name_heading(doc, lo, k):
        return None
    if doc.ts[k] != doc.te[k - 1]:
        return None  # "Time : 10pm"
    cs, ce = _trim_space(doc.text, doc.te[k], doc.units[doc.tsent[lo]][1])
    if len(_W_RE.findall(doc.text[cs:ce])) < 3:
        return None
    kind = "direct" if _mostly_quoted_text(doc.text[cs:ce]) else "indirect"
    q = next((q for q in doc.top if q.open_start == cs and q.close_end >= ce - 1), None)
    if q is not None:  # 'Trump: "We will win."': the quotation without its marks
        cs, ce = _quote_content(doc.text, q)
    return _Claim(kind, (cs, ce), (doc.ts[k], doc.te[k]),
                  _span(doc, (lo, k)), "name-colon", 0.6)


def _mostly_quoted_text(t: str) -> bool:
    return len(t) > 2 and t[0] in _QUOTE_CHARS and t.rstrip(".")[-1:] in _QUOTE_CHARS


def _tok_range(doc: _Doc, span: tuple[int, int]) -> tuple[int, int]:
    a = _token_index(doc.ts, span[0])
    b = a
    while b < len(doc.ts) and doc.te[b] <= span[1]:
        b += 1
    return a, b


def _one_reported(doc, si, lo, hi, ci, cn, cue, nxt, prev_spk, top, inq) -> _Claim | None:
    text = doc.text
    low = doc.low
    cue_r = (ci, ci + cn)
    sent = _Unit(*doc.units[si])
    by_agent = (
        cue.type in ("speech", "report") and ci + cn + 1 < hi and low[ci + cn] == "by"
        and (_is_cap(doc.words[ci + cn + 1]) or (low[ci + cn + 1] == "the" and ci + cn + 2 < hi and _is_cap(doc.words[ci + cn + 2])))
        and ci > lo and low[ci - 1] in ("as", "first", ",")
    )  # "As reported by the Post, ...": the agent is the source
    if cue.lemma == "according to" or by_agent:
        spk = _np_after(doc, ci + cn + (1 if by_agent else 0), hi)
        if spk is None:
            return None
        if ci == lo or (ci - lo <= 2 and low[lo] in _CONJ_START) or (by_agent and ci - lo <= 2) or low[ci - 1] == "that":
            # (also 'said that according to its analysis, the party has won': what follows)
            cs = doc.ts[spk[1]] if spk[1] < hi else sent.end
            ce = sent.end
        else:
            cs, ce = sent.start, doc.ts[ci]
        cs, ce = _trim_span(text, cs, ce, _EDGE_CHARS + ".")
        return _mk_reported(doc, (cs, ce), cue_r, spk, "by-agent" if by_agent else "according-to", 0.8)
    # what follows the cue
    k = ci + cn
    rest = low[k : min(hi, k + 60)]  # a bounded look-ahead keeps long sentences linear
    for x in range(len(rest) - 1):  # '..., an official said, adding that ...': the tail is a new claim
        if rest[x] == "," and rest[x + 1] in _PARTICIPLE_TAILS:
            rest = rest[:x]
            break
    rest_words = [w for w in rest if w[:1].isalnum()]
    # backward: "content, X said (on Tuesday)." / "content, said X."
    comma_before = None
    j = ci - 1
    while j >= lo and j >= ci - 10:
        if low[j] == ",":
            comma_before = j
            break
        if low[j] in _STOP_BACK or low[j] in _QUOTE_CHARS:
            break
        j -= 1
    inverted = comma_before is not None and comma_before + 1 == ci and not cue.participle
    inv_np = _np_after(doc, ci + cn, hi) if inverted and cue.lemma != "tell" else None  # ", told Reuters": a hearer
    if inv_np is not None and low[inv_np[0]] in ("a", "an") and not _animate_head(doc, inv_np[1] - 1):
        inv_np = None  # '..., tweeted a warning.': an object, not a speaker ('said a spokesman' is one)
    if inv_np is not None and (not _np_ends_clause(doc, inv_np, hi) or not _name_like(doc, inv_np) or not _speakerish(doc, inv_np)
                               or (low[inv_np[0]] in _PRONOUNS and inv_np[1] - inv_np[0] > 1)):  # ', says he didn't ...': a clause
        inv_np = None  # (", said on Saturday": a time, not a speaker)
    if inv_np is not None:
        r = _np_before(doc, ci, lo)
        if r is not None and r[0] <= lo + 1:
            inv_np = None  # "Sanders, who has ..., said he ...": the subject, not a content
    n_rest = 12 if rest and rest[0] in ("during", "in", "at", "on", "after", "before", "while", "when") else 8
    short_rest = (inv_np is not None) or len(rest_words) <= n_rest and (
        not rest_words
        or rest[0] in (".", "!", "?", ";")
        or (rest[0] in _TIME and rest[0] not in ("the", "a", "an", "to", "of", "with") and "that" not in rest)
        or (inverted and (_is_cap(doc.words[k]) or rest[0] in _INVERTED_START))
        or (cue.object and rest[0] in _TELL_OBJ and len(rest_words) <= 4)
    )
    if comma_before is not None and comma_before > lo and short_rest and "that" not in rest:
        # content is the clause before the comma
        if comma_before + 1 != ci and low[lo] in _SUBORDINATORS and low[lo] not in ("if",) and not any(
                low[x] == "," for x in range(lo, comma_before)):
            return None  # 'As Obama lectured the nation, Trump responded': a time clause, not a content
        cs, ce = sent.start, doc.ts[comma_before]
        # skip a leading quote of a direct claim already found
        cs, ce = _trim_span(text, cs, ce, _EDGE_CHARS)
        if ce - cs < 8:
            return None
        if cue.participle and comma_before + 1 == ci:
            spk = "forward"  # ", saying they ...": a participle never inverts
        elif comma_before + 1 == ci:  # inverted: ", said X"
            spk = inv_np if inv_np is not None else "forward"
            adjunct_rest = not rest_words or rest[0] in (".", "!", "?", ";") or rest[0] in _PREP or (
                rest[0] in _TIME and rest[0] not in ("the", "a", "an")) or (cue.object and rest[0] in _TELL_OBJ)
            if spk == "forward" and adjunct_rest:
                app = _appositive_speaker(doc, lo, comma_before)
                if app is not None:  # "..., a spokeswoman, Anna White, said on Saturday."
                    spk, ce = app[0], doc.ts[app[1]]
                    cs, ce = _trim_span(text, cs, ce, _EDGE_CHARS)
                    if ce - cs < 8:
                        return None
        else:
            spk = (comma_before + 1, ci)
            b = ci
            while b > comma_before + 1 and low[b - 1] in _AUX:
                b -= 1
            spk = (comma_before + 1, b)
        if spk != "forward" and comma_before + 1 != ci and not _speakerish(doc, spk):
            return None  # '..., in what officials said was ...': no subject before the cue
        if spk != "forward" and comma_before + 1 != ci and (
                low[spk[1] - 1] in _VERB_COMPLEMENT_END or _is_adverb(doc.words[spk[0]]) or doc.words[spk[0]] in _INTENSIFIERS
                or any((_verbish(doc, x) or doc.words[x] in _IRREGULAR_PAST) and _is_cap(doc.words[x - 1])
                       for x in range(spk[0] + 1, spk[1]))):
            # 'the man she, sort of, used to know', 'should be very, very worried', 'Trump made further
            # demands': a verb phrase, not a speaker ('figures compiled by the Tories suggest' is one)
            return None
        if spk != "forward":
            # a quote covering the content is a direct claim handled elsewhere
            if inq[_token_index(doc.ts, cs)] != -1 and _mostly_quoted(doc, cs, ce, top):
                return None
            return _mk_reported(doc, (cs, ce), cue_r, spk, "content-speaker-cue", 0.7)
    # forward: subject + cue + (object) + (that) + clause
    k = ci + cn
    if k < hi and low[k] == "of" and ci > lo and low[ci - 1] == "in":
        k += 1  # 'in favor of X': the content is X
    if cue.object and cue.type == "speech":
        for m in range(k, min(hi, k + 9)):
            if low[m] == "that":
                k = m
                break
            if low[m] in _PUNCT_BOUND or low[m] in _STOP_BACK:
                break
    if cue.object and cue.type in ("speech", "intention"):
        m = k
        while m < hi and m - k < 10 and (low[m] in _TELL_OBJ or _is_cap(doc.words[m]) or low[m] in ("'s", "’s", ".") or (
                low[m] == "and" and m > k and m + 1 < hi and _is_cap(doc.words[m + 1]))):  # 'urging Lord Chief Justice and Lord Justices Clarke and Rix to'
            m += 1
        k = m
    # skip time phrases up to a "that" or ":"
    for m in range(k, min(hi, k + 8)):
        if low[m] in ("that", ":"):
            if all(low[x] in _TIME or _is_cap(doc.words[x]) or low[x] in (",",) for x in range(k, m)) or (
                    low[k] in _PREP and inq[k] == -1 and cue.type in ("speech", "report") and low[m] == "that"
                    and m + 1 < hi and low[m + 1] not in _TIME_NOUNS and low[m + 1] not in _WEEKDAYS and low[m - 1] != "now" and not any(
                        low[x] in _VERB_AUX or _verbish(doc, x) or inq[x] != -1 for x in range(k, m))):
                k = m + 1  # (and 'said for the first time that', 'said in a statement on Monday that')
            break
    end_tok = nxt if nxt < hi else hi
    # stop before ", adding/saying ..." (a new attribution) but keep the rest otherwise
    cs = doc.ts[k] if k < hi else sent.end
    ce = doc.ts[end_tok] if end_tok < hi else sent.end
    if end_tok < hi:
        # cut back to the comma / conjunction before the next cue
        m = end_tok - 1
        while m > k and low[m] in (",", "and", "before", "then"):
            m -= 1
        ce = doc.te[m] if m >= k else cs
        # keep the next cue in the content when it is a nested clause ("he said she believes")
        if low[end_tok - 1] not in (",", "and", ";"):
            ce = sent.end
            # ... unless an adverbial clause brings its own speaker: "X denounced Y after Z said ..."
            m = end_tok - 1
            while m > k and end_tok - m <= 8 and low[m] not in _ADV_CLAUSE and low[m] not in _PUNCT_BOUND and low[m] != "that" and low[m] not in ("and", "but"):
                m -= 1
            if m > k + 1 and m + 1 < end_tok and inq[m] == -1 and (
                low[m] in _ADV_CLAUSE
                or (low[m] in ("and", "but") and (_is_cap(doc.words[m + 1]) or doc.words[m + 1][:1].isdigit()
                                                  or low[m + 1] in _PRONOUNS or low[m + 1] in _INVERTED_START)
                    and (cue.type not in ("speech", "belief") or low[m] == "but" or all(
                        inq[x] != -1 or low[x] in _QUOTE_CHARS for x in range(k, m)) or any(
                        low[x] in _VERB_AUX or _verbish(doc, x) or doc.lex.match(low, x) is not None for x in range(k, m))))
                or (low[m] == "," and ("which" in low[m + 1 : m + 3] or "whom" in low[m + 1 : m + 3]))
            ):  # (not 'says the British public and a clear majority of MPs support ...': one subject;
                # '21 percent said "not too likely" and 14 percent said ...': two; ', to which X said': a clause of its own)
                ce = doc.te[m - 1]
    if ((low[lo] in _SUBORDINATORS or (lo + 1 < hi and low[lo] in _CONJ_START and low[lo + 1] in _SUBORDINATORS)) and not any(
        low[x] == "," and inq[x] == -1 for x in range(lo, ci)
    )) or (cue.participle and ci > lo and low[ci - 1] in _SUBORDINATORS):  # (', while commenting on X, Fallin said')
        # "While officials were promising X, the budget shrank": the clause ends at its comma
        m = k + 1
        while m < hi and m - k < 60 and doc.ts[m] < ce:
            if low[m] == "," and inq[m] == -1:
                ce = min(ce, doc.te[m - 1])
                break
            m += 1
    if cue.type not in ("evaluation", "intention"):
        # a contrast after a comma is the writer's, not the speaker's: "said X, but Y"
        m = k + 1
        while m + 1 < hi and doc.ts[m] < ce:
            if inq[m] == -1 and low[m] == "," and low[m + 1] in _CONTRAST:
                # ... unless the speaker's own words follow in quote marks: 'said the party has
                # won 82 percent, but "we are still counting the seats."'
                x = m + 2
                while x < hi and doc.ts[x] < ce and inq[x] == -1 and low[x] not in (",", ";", ":") and doc.lex.match(low, x) is None:
                    x += 1
                if not (x < hi and doc.ts[x] < ce and inq[x] != -1):
                    ce = min(ce, doc.te[m - 1])
                break
            m += 1
    else:
        # an attitude's content is its object, not the reasons after it:
        # "supports the bill because it ...", "backed Cruz, but ..."
        m = k + 1
        while m < hi and doc.ts[m] < ce:
            if inq[m] == -1 and (low[m] in _OBJECT_END or (low[m] == "," and m + 1 < hi and low[m + 1] in _OBJECT_END_AFTER_COMMA)):
                ce = min(ce, doc.te[m - 1])
                break
            m += 1
    cs, ce = _trim_span(text, cs, ce, _EDGE_CHARS)
    while ce > cs and text[ce - 1] in ".!?":
        ce -= 1
    if ce - cs < 6 or not _has_words(text, cs, ce, 2):
        return None
    if _mostly_quoted(doc, cs, ce, top):
        return None  # a bare quote after the cue: the direct rule's business
    if ci > lo and low[ci - 1] == "to" and (k == ci + cn or low[k - 1] != "that"):
        return None  # "to tell him to go": an infinitive without a reported clause
    spk = _speaker_for_cue(doc, ci, cue, lo, prev_spk)
    if (spk is None or not _speakerish(doc, spk)) and ci > lo:
        subj = _subject(doc, lo, ci)  # fall back on the sentence subject
        if subj is not None and subj[1] <= ci and _name_like(doc, subj) and _speakerish(doc, subj):
            spk = subj
    if spk is None and (ci == lo or cue.type == "belief"):
        return None
    if cue.type == "belief" and spk is not None and doc.low[spk[1] - 1] in ("i", "we", "you") :
        return None
    if spk is not None and spk[1] - 1 < len(low) and low[spk[1] - 1] == "who":
        # a claim inside a relative clause ends with it: 'Mr Blair, who described Africa as
        # a "scar", has already said ...': the main clause resumes after the comma
        m = _token_index(doc.ts, cs)
        while m + 1 < hi and doc.ts[m] < ce:
            if low[m] == "," and inq[m] == -1 and (low[m + 1] in _AUX or _verbish(doc, m + 1)) and doc.words[m + 1].islower():
                ce = _trim_span(text, cs, doc.te[m - 1], _EDGE_CHARS)[1]
                break
            m += 1
    if spk is not None and spk[0] == ci + cn + 1 and low[ci + cn] == "by" and spk[1] < hi:
        cs = max(cs, _trim_span(text, doc.ts[spk[1]], ce, _EDGE_CHARS)[0])  # 'asked by X about Y': the content is Y
        if ce - cs < 6:
            return None
    return _mk_reported(doc, (cs, ce), cue_r, spk, "speaker-cue-content", 0.7 if cue.type in ("speech", "belief") else 0.55)


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int


def _mostly_quoted(doc: _Doc, cs: int, ce: int, top: list[Quote]) -> bool:
    """True when the span is a bare quotation: no word outside quote marks but 'that'."""
    pos = cs
    outside = []
    for q in top:
        if q.close_end <= cs or q.open_start >= ce:
            continue
        outside.append(doc.text[pos : max(pos, q.open_start)])
        pos = max(pos, q.close_end)
    if pos == cs:
        return False
    outside.append(doc.text[pos:ce])
    words = [w.lower() for w in _W_RE.findall(" ".join(outside))]
    return all(w in ("that",) for w in words)


_ADJUNCT_HEADS = frozenset(
    "statement interview report release tweet post letter email speech briefing conference call meeting "
    "hearing rally event debate appearance op-ed column message note memo filing court phone press town hall "
    "radio television tv show program broadcast podcast video text response reply".split()
)


def _adjunct_only(doc: _Doc, cs: int, ce: int) -> bool:
    """A content that is only a short prepositional phrase of circumstance ('in a
    statement', 'on Twitter', 'at a news conference on Monday', 'of Boyle')."""
    words = _W_RE.findall(doc.text[cs:ce])
    if words and len(words) <= 3 and all(w.lower().endswith("ly") or w.lower() in ("matter", "of", "fact") for w in words):
        return True  # 'said matter-of-factly', 'said quietly'
    n = 0
    while n < len(words) and n < 3 and (words[n].lower().endswith("ly") or words[n].lower() in ("matter", "of", "fact")):
        n += 1
    if 0 < n < len(words) and words[n].lower() in ("as", "while", "when", "amid", "before", "after"):
        return True  # 'said matter-of-factly as confetti fluttered down', 'said quietly when ...'
    if not words or len(words) > 7 or words[0].lower() not in ("in", "on", "at", "during", "of", "via"):
        return False
    if any(ch in doc.text[cs:ce] for ch in "\"“”"):
        return False
    low = [w.lower() for w in words]
    if low[0] == "of":
        return len(words) <= 3  # 'said of Boyle', 'said of the plan'
    return any(w in _ADJUNCT_HEADS or w in _WEEKDAYS or w in _TIME_NOUNS or w == "twitter" or w == "facebook" for w in low) and not any(
        w in ("that", "which", "who", "is", "are", "was", "were", "will", "would") for w in low)


def _mk_reported(doc: _Doc, content, cue_r, spk_r, rule, conf) -> _Claim | None:
    cs, ce = content
    if cs >= ce:
        return None
    if _adjunct_only(doc, cs, ce):
        return None  # 'said in a statement', 'wrote in a report': circumstances, not content
    kind = "indirect"
    # mixed when a quoted fragment sits inside
    a = _token_index(doc.ts, cs)
    b = _token_index(doc.ts, ce)
    inside = doc.inq[cue_r[0]] != -1 if cue_r and cue_r[0] < len(doc.inq) else False
    seg = doc.text[cs:ce]
    if inside:  # a claim nested in a quote: mixed when it quotes in turn
        if any(ch in seg for ch in "\"“”«»") or re.search(r"(?:^|\s)['‘]\w[^'’]*\w['’](?:\W|$)", seg):
            kind = "mixed"
    elif any(q != -1 for q in doc.inq[a:b]) or any(ch in seg for ch in "\"“”«»"):
        kind = "mixed"
    return _Claim(kind, (cs, ce), _span(doc, cue_r), _span(doc, spk_r), rule, conf)


def _nested_claims(doc: _Doc, top: list[Quote], claims: list[_Claim]) -> list[_Claim]:
    """Reported speech inside direct quotes ("some supporters are saying that ...")."""
    out = []
    by_q = {}
    for c in claims:
        if c.kind == "direct":
            by_q[c.content] = c
    for qi, q in enumerate(top):
        cs, ce = _quote_content(doc.text, q)
        parent = by_q.get((cs, ce))
        if parent is None:
            continue
        lo = _token_index(doc.ts, cs)
        hi = lo
        while hi < len(doc.ts) and doc.te[hi] <= ce:
            hi += 1
        if hi - lo < 5:
            continue
        for si in sorted({doc.tsent[x] for x in range(lo, hi)}):
            slo, shi = max(lo, doc.s_lo[si]), min(hi, doc.s_hi[si])
            found = _find_cues(doc, slo, shi, None)
            for n_c, (ci, cn, cue) in enumerate(found):
                if cue.type not in ("speech", "belief"):
                    continue
                nxt = found[n_c + 1][0] if n_c + 1 < len(found) else shi
                c = _one_reported_range(doc, si, slo, shi, ci, cn, cue, nxt, qi)
                if c is not None:
                    c.parent = parent
                    c.rule = "nested-" + c.rule
                    c.confidence = round(c.confidence * 0.8, 2)
                    out.append(c)
    return out


def _one_reported_range(doc, si, lo, hi, ci, cn, cue, nxt, qidx) -> _Claim | None:
    """Forward reported speech inside a token range (used for nested claims)."""
    low = doc.low
    if ci > lo and low[ci - 1] == "to":
        return None  # "dares to write to ...": an infinitive, no reported clause
    k = ci + cn
    if k < hi and low[k] == "that":
        k += 1
    if k >= hi:
        return None
    end = nxt if nxt < hi else hi
    cs, ce = doc.ts[k], doc.te[end - 1]
    cs, ce = _trim_span(doc.text, cs, ce, _EDGE_CHARS)
    while ce > cs and doc.text[ce - 1] in ".!?":
        ce -= 1
    if len(re.findall(r"\w+", doc.text[cs:ce])) < 3:
        return None
    if ci - 1 >= lo and low[ci - 1] in ("not", "never") or (ci - 1 >= lo and low[ci - 1].endswith("n't")):
        return None
    spk = _np_before(doc, ci, lo, qidx)
    if spk is None or (spk[1] - spk[0] == 1 and doc.low[spk[0]] in ("i", "we", "you")):
        return None  # "I think ...": the quoted speaker's own hedge, not a new claim
    if cue.lemma == "know" and k == ci + cn and ci + cn < hi and low[ci + cn] == ",":
        return None  # "You know, ...": a filler
    return _mk_reported(doc, (cs, ce), (ci, ci + cn), spk, "speaker-cue-content", 0.7)


_PARTICIPLE_TAILS = frozenset("adding saying noting arguing explaining insisting warning stressing calling citing".split())
_EMBED_RULES = frozenset({"speaker-cue-content"})
_EMBED_QUOTE_RULES = frozenset({"cue-quote"})


def _cut_at_inverted_tails(doc: _Doc, claims: list[_Claim]) -> None:
    """'Voters believe the plan would fail, a party official said.': the content of
    "believe" ends where the attribution of the whole clause begins (so that it nests
    in the official's claim instead of swallowing it)."""
    tails: dict[int, list[_Claim]] = {}  # by unit: linear in the number of claims
    for c in claims:
        if c.rule == "content-speaker-cue" and c.cue is not None and c.speaker is not None:
            tails.setdefault(doc.unit_at(c.cue[0]), []).append(c)
    if not tails:
        return
    for d in claims:
        if d.cue is None or d.kind == "direct" or d.rule != "speaker-cue-content":
            continue
        for c in tails.get(doc.unit_at(d.cue[0]), ()):
            a, b = c.content
            if c is not d and a <= d.cue[0] < b and d.content[0] < b < d.content[1] and min(c.speaker[0], c.cue[0]) < d.content[1]:
                cs, ce = _trim_span(doc.text, d.content[0], b, _EDGE_CHARS)
                if ce > cs:
                    d.content = (cs, ce)
                break


def _embed_reported(doc: _Doc, claims: list[_Claim], *, keep: bool = True) -> list[_Claim]:
    """Reported speech inside another claim's reported content is nested in it.

    "Ms Lowe said she fears the plan will fail": the claim of "fears" sits in the
    content of "said"; it becomes a nested claim (``parent``) of the outer one, or
    is dropped when ``keep`` is false. Only claims of one unit are compared.
    """
    by_unit: dict[int, list[_Claim]] = {}
    for c in claims:
        if c.kind != "direct" and c.cue is not None and c.parent is None:
            by_unit.setdefault(doc.unit_at(c.content[0]), []).append(c)
    drop = set()
    for c in claims:  # a quoted fragment inside reported speech: 'She said she praised what he called "a fine race."'
        if c.kind != "direct" or c.cue is None or c.parent is not None or c.rule not in _EMBED_QUOTE_RULES:
            continue
        group = by_unit.get(doc.unit_at(c.content[0]), ())
        if c.speaker is None or doc.text[c.cue[1] : c.content[0]].strip(" \u00a0\"'“‘’”"):
            continue  # 'calling "every 15 minutes"', not 'added: "..."' or 'saying, "..."'
        hosts = [h for h in group if h.content[0] <= c.speaker[0] and c.content[1] <= h.content[1] + 2
                 and not (c.content[0] <= h.cue[0] < c.content[1])]
        if hosts:
            c.parent = min(hosts, key=lambda h: h.content[1] - h.content[0])
            c.rule = "embedded-" + c.rule
            drop.add(id(c))
    for group in by_unit.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda h: h.content[0])
        starts = [h.content[0] for h in group]
        for c in group:
            if c.rule not in _EMBED_RULES:
                continue
            cue0 = c.cue[0]
            top_i = bisect.bisect_right(starts, cue0)
            near = group[max(0, top_i - 64) : top_i]  # hosts start before the cue (bounded: linear)
            hosts = [h for h in near if h is not c and h.content[0] <= cue0 < h.content[1]
                     and not (c.content[0] <= h.cue[0] < c.content[1])]
            if hosts:
                c.parent = min(hosts, key=lambda h: h.content[1] - h.content[0])
                c.rule = "embedded-" + c.rule
                drop.add(id(c))
    if keep or not drop:
        return claims
    return [c for c in claims if id(c) not in drop]


# ---------------------------------------------------------------------------
# Embedded tweets: 'TEXT — Paul Ryan (@SpeakerRyan) July 5, 2016'
# ---------------------------------------------------------------------------

_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
             r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
#: The signature a tweet embedded in a web page leaves in its text: a dash, the author's
#: display name, the handle in brackets and the date (US or day-first order; without a
#: date the signature must end its line).
_TWEET_SIGNATURE = re.compile(
    r"(?P<dash>[-" + DASH_CHARS + r"]{1,2})[ \t\u00a0]*(?P<name>[^\s()<>\[\]" + DASH_CHARS + r"][^\n()<>\[\]" + DASH_CHARS
    + r"]{0,58}?)[ \t\u00a0]*\((?P<handle>@\w{1,15})\)[ \t\u00a0]*(?:" + _MONTH_RE + r" \d{1,2},? \d{4}|\d{1,2} "
    + _MONTH_RE + r",? \d{4}|(?=[ \t\u00a0]*(?:\n|<|$)))"
)
_TWEET_MAX_CHARS = 600  # a tweet (280 characters) with its links and media captions


def _tweet_text(doc: _Doc, dash: int) -> tuple[int, int] | None:
    """The text of the tweet whose signature starts at offset ``dash``: from the start of
    its paragraph (after an HTML tag such as ``<tweet ...>``) to the dash, or the
    paragraph before when the signature stands alone."""
    text, paras = doc.text, doc.seg.paragraphs
    pi = doc.seg.paragraph_at(dash)
    if pi < 0:
        return None
    lo = paras[pi].start
    line = text.rfind("\n", lo, dash)
    if line >= 0 and text[line + 1 : dash].strip():
        lo = line + 1  # one tweet per line
    head = text[lo:dash]
    if head.lstrip().startswith("<") and ">" in head:
        lo += head.index(">") + 1
    s, e = _trim_space(text, lo, dash)
    if s >= e and pi > 0:  # '— Name (@handle) date' on a line of its own: the tweet is the paragraph before
        s, e = _trim_space(text, paras[pi - 1].start, paras[pi - 1].end)
    if s >= e or e - s > _TWEET_MAX_CHARS or not _W_RE.search(text, s, e):
        return None
    if text[s] in _QUOTE_CHARS and text[e - 1] in _QUOTE_CHARS + ".":
        q = next((q for q in doc.top if q.open_start == s and q.close_end >= e - 1), None)
        if q is not None:  # '"We will win." — Name (@handle) date': the words without their marks
            s, e = _quote_content(text, q)
    return s, e


def _embedded_tweets(doc: _Doc, claims: list[_Claim], *, keep: bool = True) -> list[_Claim]:
    """A tweet embedded in the article is its author's direct claim (rule
    ``tweet-signature``; speaker the display name, cue the signature's dash).

    Claims the rules found inside the tweet (their cue within its text) become nested
    claims of it, their content cut at the tweet's end (dropped when ``keep`` is false);
    a tweet that a claim of the article already quotes (a cue before a quotation that runs
    to the signature: 'Ryan tweeted: "..." — Paul Ryan (@SpeakerRyan) ...') is left to that claim.
    """
    text = doc.text
    if "(@" not in text:
        return claims
    out = list(claims)
    for m in _TWEET_SIGNATURE.finditer(text):
        span = _tweet_text(doc, m.start("dash"))
        if span is None:
            continue
        s, e = span
        if any(c.parent is None and c.kind == "direct" and c.cue is not None and c.cue[1] <= c.content[0]
               and e - 2 <= c.content[1] <= e + 2 for c in out):
            continue  # the article attributes it itself: 'Ryan tweeted: "..."' before the signature
        name_s, name_e = _trim_space(text, m.start("name"), m.end("name"))
        tweet = _Claim("direct", (s, e), (m.start("dash"), m.end("dash")), (name_s, name_e), "tweet-signature", 0.9)
        kept = []
        for c in out:
            inside = c.parent is None and c.cue is not None and s <= c.cue[0] < e and s <= c.content[0] < e
            if not inside:
                kept.append(c)
                continue
            if keep:
                c.parent = tweet
                c.rule = "embedded-" + c.rule
                c.content = _trim_space(text, c.content[0], min(c.content[1], e))
                c.confidence = round(c.confidence * 0.8, 2)
                kept.append(c)
        out = kept + [tweet]
    return out


# ---------------------------------------------------------------------------
# Bare quotations: quotes no rule attributes, kept when a small model trained on
# PolNeAR train says they are somebody's words (evaluation/train_bare_quotes.py)
# ---------------------------------------------------------------------------

RULE_CONFIDENCE = "rule_confidence_polnear.csv"


def load_rule_confidence(path: str | Path | None = None) -> dict[tuple[str, str], float]:
    """The measured confidence of each rule, {(rule, kind): confidence}; kind ``*`` holds
    a rule's pooled figure. Default: the shipped ``utils/models/rule_confidence_polnear.csv``
    (written by ``evaluation/calibrate_rules.py``); a missing file is an error
    (``utils.paths.ResourceMissing``), since it changes the ``confidence`` column.

    Raises:
        CueFileError: naming the file, line and field of a malformed row.
    """
    p = paths.require_file(Path(path) if path else paths.MODELS / RULE_CONFIDENCE, "rule confidence table",
                           "restore utils/models/rule_confidence_polnear.csv from the repository or re-measure it "
                           "with `make models`")
    return dict(_load_confidence_cached(str(p)))


@lru_cache(maxsize=4)
def _load_confidence_cached(path: str) -> tuple[tuple[tuple[str, str], float], ...]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    body = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    need = ["rule", "kind", "rows", "content_precision", "speaker_accuracy", "confidence"]
    if not body or [c.strip() for c in next(csv.reader([body[0][1]]))] != need:
        raise CueFileError(f"{path}, line {body[0][0] if body else 1}: header must be {','.join(need)}")
    out = []
    for n, line in body[1:]:
        row = next(csv.reader([line]))
        if len(row) != len(need):
            raise CueFileError(f"{path}, line {n}: expected {len(need)} fields, got {len(row)}")
        rule, kind = row[0].strip(), row[1].strip()
        if kind not in ("direct", "indirect", "mixed", "*"):
            raise CueFileError(f"{path}, line {n}, field 'kind': {kind!r} not in direct, indirect, mixed, *")
        try:
            conf = float(row[5])
        except ValueError:
            raise CueFileError(f"{path}, line {n}, field 'confidence': {row[5]!r} is not a number") from None
        if not 0.0 <= conf <= 1.0:
            raise CueFileError(f"{path}, line {n}, field 'confidence': {conf} not between 0 and 1")
        out.append(((rule, kind), conf))
    return tuple(out)


def _calibrate(claims: list["_Claim"], table: dict[tuple[str, str], float]) -> None:
    """Give each top-level rule claim its rule's measured confidence (bare quotes keep
    the model's probability; nested claims, which PolNeAR does not annotate, and rules
    too rare to measure keep the value the rule set)."""
    if not table:
        return
    for c in claims:
        if c.parent is not None or c.rule.startswith("bare-quote"):
            continue
        v = table.get((c.rule, c.kind), table.get((c.rule, "*")))
        if v is not None:
            c.confidence = v


BARE_QUOTE_MODEL = "bare_quotes_polnear.json"
_FIRST_SECOND = frozenset("i we me us my our you your i'm we're i've we've i'll we'll i'd we'd".split())
_NAMING = frozenset("called calls call dubbed dub titled named so-called slogan phrase word words term terms headline headlines label labelled labeled nicknamed chants chant chanting signs sign banner".split())
_SENTENCE_VERBS = frozenset("is are was were will would can could should must have has had do does did am 's 're 'm".split())

BARE_QUOTE_FEATURES = (
    "log_words", "words_ge4", "ends_punct", "ends_sentence", "starts_upper", "whole_para", "opens_para",
    "head_colon", "head_comma", "tail_empty", "tail_lower", "first_second_person", "title_case",
    "verb_inside", "prev_para_claim", "same_para_claim", "head_cue", "tail_cue", "head_naming",
    "head_det_prep", "quotes_in_para", "continued", "first_para", "short_para",
)


@dataclass(frozen=True)
class BareQuoteModel:
    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, feats: dict[str, float]) -> float:
        import math

        z = self.intercept + sum(c * feats.get(f, 0.0) for f, c in zip(self.features, self.coef))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_bare_quote_model(path: str | Path | None = None) -> BareQuoteModel:
    """The shipped bare-quote model (``utils.paths.ResourceMissing`` when its file is absent)."""
    p = paths.require_file(Path(path) if path else paths.MODELS / BARE_QUOTE_MODEL, "bare-quote model",
                           "restore utils/models/bare_quotes_polnear.json from the repository or retrain it with "
                           "`make models`")
    return _load_bare_cached(str(p))


@lru_cache(maxsize=4)
def _load_bare_cached(path: str) -> BareQuoteModel:
    import json

    try:
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
        model = BareQuoteModel(tuple(obj["features"]), tuple(float(x) for x in obj["coef"]), float(obj["intercept"]), float(obj["threshold"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: not a bare-quote model ({exc})") from exc
    if len(model.features) != len(model.coef):
        raise ValueError(f"{path}: {len(model.features)} features but {len(model.coef)} coefficients")
    return model


def bare_quote_features(doc: "_Doc", q: Quote, claims: list["_Claim"]) -> dict[str, float]:
    """Features of a top-level quotation for the bare-quote model (see
    ``BARE_QUOTE_FEATURES``): its length and form, where it sits in its paragraph,
    first/second person words, naming words before it ('dubbed', 'titled'), cues
    around it, and whether the claims found so far sit in this or the previous paragraph."""
    import math

    text, seg = doc.text, doc.seg
    inner = text[q.open_end : q.close_start].strip()
    words = _W_RE.findall(inner)
    lw = [w.lower() for w in words]
    pi = seg.paragraph_at(q.open_start)
    para = seg.paragraphs[pi]
    head = text[para.start : q.open_start].strip()
    tail = text[q.close_end : para.end].strip()
    u = doc.unit_at(q.open_start)
    ulo, uhi = doc.units[u]
    o = _token_index(doc.ts, q.open_start)
    c = _token_index(doc.ts, q.close_end)
    s_lo = _token_index(doc.ts, max(ulo, para.start))
    s_hi = _token_index(doc.ts, min(max(uhi, q.close_end), para.end))
    head_cue = bool(_find_cues(doc, s_lo, o, None)) if o > s_lo else False
    tail_end = c
    while tail_end < min(s_hi, c + 12) and doc.inq[tail_end] == -1:
        tail_end += 1
    tail_cue = bool(_find_cues(doc, c, tail_end, None)) if tail_end > c else False
    prev_tok = doc.low[o - 1] if o > 0 and doc.ts[o - 1] >= para.start else ""
    head_words = [w.lower() for w in _W_RE.findall(head[-40:])]
    paras_with_claims = {seg.paragraph_at(x.content[0]) for x in claims if x.speaker is not None}
    n_q = sum(1 for x in doc.top if para.start <= x.open_start < para.end)
    caps = sum(1 for w in words if w[:1].isupper())
    return {
        "log_words": math.log1p(len(words)),
        "words_ge4": float(len(words) >= 4),
        "ends_punct": float(inner[-1:] in ".?!,…;"),
        "ends_sentence": float(inner[-1:] in ".?!…"),
        "starts_upper": float(inner[:1].isupper()),
        "whole_para": float(not head and len(tail) <= 2),
        "opens_para": float(not head),
        "head_colon": float(head.endswith(":")),
        "head_comma": float(head.endswith(",")),
        "tail_empty": float(len(tail.strip(".,;:!? ")) == 0),
        "tail_lower": float(tail.lstrip(".,;:!? ")[:1].islower()),
        "first_second_person": float(any(w in _FIRST_SECOND for w in lw)),
        "title_case": caps / len(words) if words else 0.0,
        "verb_inside": float(any(w in _SENTENCE_VERBS or (len(w) > 4 and w.endswith("ed")) for w in lw)),
        "prev_para_claim": float(pi - 1 in paras_with_claims),
        "same_para_claim": float(pi in paras_with_claims),
        "head_cue": float(head_cue),
        "tail_cue": float(tail_cue),
        "head_naming": float(bool(head_words) and (head_words[-1] in _NAMING or any(w in _NAMING for w in head_words[-3:]))),
        "head_det_prep": float(prev_tok in _DETERMINERS or prev_tok in _PREP or prev_tok == "of"),
        "quotes_in_para": math.log1p(n_q),
        "continued": float(q.continues or q.continued_from is not None),
        "first_para": float(pi == 0),
        "short_para": float(len(_W_RE.findall(text[para.start : para.end])) <= 12),
    }


def _bare_quotes(doc: "_Doc", top: list[Quote], claims: list["_Claim"], model: BareQuoteModel) -> list["_Claim"]:
    """Claims for top-level quotes that overlap no claim yet and that the model keeps.
    The speaker is one a cue names in the quote's sentence (``_bare_speaker``), else one
    from the quote's context (``_context_speaker``), else empty."""
    out: list[_Claim] = []
    for q, (cs, ce) in list(_unclaimed(doc, top, claims)):
        p = model.probability(bare_quote_features(doc, q, claims))
        if p < model.threshold:
            continue
        found = _bare_speaker(doc, q)
        cue, spk = (_span(doc, found[0]), _span(doc, found[1])) if found is not None else (None, None)
        c = _Claim("direct", (cs, ce), cue, spk, "bare-quote", round(p, 3))
        if found is None:
            _context_speaker(doc, q, claims, c)
        out.append(c)
    return out


def _context_speaker(doc: "_Doc", q: Quote, claims: list["_Claim"], c: "_Claim") -> None:
    """A speaker for a bare quote from its context, when no cue names one: the subject
    of the quote's own sentence when the quote does not open it ('Sanders credited
    Clinton's victory to "a closed primary ..."', 'Here's Clinton in 1992: "..."'), else
    the speaker of the last claim before it in the same paragraph (a quote going on
    after '..., she says.'). How often this is the annotated source on PolNeAR: see
    README, "Claims" (most bare quotes still get no speaker or a wrong one)."""
    u = doc.unit_at(q.open_start)
    pi = doc.seg.paragraph_at(q.open_start)
    lo, o = doc.s_lo[u], _token_index(doc.ts, q.open_start)
    if o > lo and doc.seg.paragraph_at(doc.ts[lo]) == pi and all(doc.inq[x] == -1 for x in range(lo, o)):
        s = _subject(doc, lo, o)
        if s is not None and _name_like(doc, s) and _speakerish(doc, s):
            b = s[0] + 1
            while b < s[1] and not (doc.words[b].isalpha() and doc.words[b].islower() and (_verbish(doc, b) or doc.low[b] in _PREP)):
                b += 1  # the noun phrase, not 'Sullivan forwards an article in'
            c.speaker = _span(doc, (s[0], b))
            c.rule = "bare-quote-subject"
            return
    prev = [x for x in claims if x.speaker is not None and x.content[1] <= q.open_start and doc.seg.paragraph_at(x.content[0]) == pi]
    if prev:
        src = max(prev, key=lambda x: x.content[1])
        c.speaker, c.cue, c.inherit, c.source_claim = src.speaker, src.cue, True, src
        c.rule = "bare-quote-after-claim"


def _short_quote_at(doc: "_Doc", i: int) -> bool:
    """Token ``i`` sits inside a top-level quote of three words or fewer (a scare quote)."""
    qi = doc.inq[i]
    if qi == -1:
        return False
    q = doc.top[qi]
    return len(_W_RE.findall(doc.text[q.open_end : q.close_start])) <= 3


def _bare_speaker(doc: "_Doc", q: Quote):
    """A looser speaker search for a quote the rules left alone, within its sentence:
    a cue after it with the phrase in between ('"...," Texas delegate Bill Eastland,
    wearing a cowboy hat, said'), a cue before it ('Said Dorothy Poynter, who ..., "..."',
    'a spokesman for Bernie Sanders could only quip: "..."'), or a name before a colon
    (``_colon_speaker``). Returns token ranges
    (cue, speaker) or None."""
    low, words, inq = doc.low, doc.words, doc.inq
    u = doc.unit_at(q.open_start)
    lo, hi = doc.s_lo[u], doc.s_hi[doc.unit_at(max(q.close_start - 1, q.open_start))]
    o = _token_index(doc.ts, q.open_start)
    c = _token_index(doc.ts, q.close_end)
    if c < len(doc.ts) and c >= hi and doc.tsent[c] == doc.tsent[hi - 1] + 1 and doc.seg.paragraph_at(doc.ts[c]) == doc.seg.paragraph_at(q.close_start):
        hi = doc.s_hi[doc.tsent[c]]  # '"... today?" Miller, a retired worker, said': Punkt split after the question
    # after the quote, up to the next quote
    e = c
    while e < min(hi, c + 30) and (inq[e] == -1 or (e > c and _short_quote_at(doc, e))):
        e += 1
    after = _find_cues(doc, c, e, doc.inq if e > c and any(inq[x] != -1 for x in range(c, e)) else None)
    if after:
        ci, cn, cue = after[0]
        k = c
        while k < ci and not words[k][:1].isalnum():
            k += 1
        if k == ci:  # '"...," said X' / '"...," says the ad'
            spk = _np_after(doc, ci + cn, e)
            if spk is not None and _speakerish(doc, spk):
                return (ci, ci + cn), spk
        elif ci - k <= 25 and _speakerish(doc, (k, ci)) and not any(low[x] in ("that", "because", "if") for x in range(k, ci)):
            b = _subject_end_before(doc, k, ci)
            if b > k and b - k <= 10 and (_name_like(doc, (k, b)) or low[k] in ("a", "an", "the", "one", "another")):
                return (ci, ci + cn), (k, b)
    # before the quote, in its sentence
    b0 = o - 1
    while b0 >= lo and inq[b0] == -1:
        b0 -= 1
    before = _find_cues(doc, b0 + 1, o, None)
    if before:
        ci, cn, cue = before[-1]
        if ci == b0 + 1 or (ci > lo and not words[ci - 1][:1].isalnum()):
            spk = _np_after(doc, ci + cn, o)  # 'Said Dorothy Poynter, who ..., "..."'
            if spk is not None and _name_like(doc, spk) and spk[1] - spk[0] <= 8:
                return (ci, ci + cn), spk
        spk = _speaker_for_cue(doc, ci, cue, b0 + 1)
        if spk is not None and _speakerish(doc, spk) and _name_like(doc, spk):
            return (ci, ci + cn), spk
    if o - 1 >= lo and low[o - 1] == ":":
        r = _colon_speaker(doc, b0 + 1, o - 1)
        if r is not None:
            return (o - 1, o), r
    return None


def _dedupe(claims: list[_Claim]) -> list[_Claim]:
    """One claim per content span; a direct quote wins over reported speech."""
    rank = {"direct": 0, "mixed": 1, "indirect": 2}
    best: dict[tuple[int, int], _Claim] = {}
    for c in claims:
        o = best.get(c.content)
        if o is None or (rank[c.kind], -c.confidence) < (rank[o.kind], -o.confidence):
            best[c.content] = c
    return list(best.values())


# ---------------------------------------------------------------------------
# Speakers
# ---------------------------------------------------------------------------


def _mention_index(mentions: pd.DataFrame | None):
    if mentions is None or len(mentions) == 0 or "start" not in mentions:
        return []
    cols = [c for c in ("start", "end", "actor", "actor_id", "type", "kind") if c in mentions.columns]
    m = mentions[cols].copy()
    for c in ("actor", "actor_id", "type", "kind"):
        if c not in m:
            m[c] = ""
    m = m.fillna("")
    rows = list(zip(m["start"].astype(int), m["end"].astype(int), m["actor"].astype(str), m["actor_id"].astype(str), m["type"].astype(str), m["kind"].astype(str)))
    rows.sort()
    return rows


def _best_mention(rows, s: int, e: int):
    """The overlapping mention with an actor: person-ish first, then longest."""
    best = None
    lo, hi = 0, len(rows)
    while lo < hi:  # first mention starting at or after s - 300 (mentions are short)
        mid = (lo + hi) // 2
        if rows[mid][0] < s - 300:
            lo = mid + 1
        else:
            hi = mid
    for i in range(lo, len(rows)):  # by index: slicing rows[lo:] copied the tail (quadratic)
        ms, me, actor, aid, typ, kind = rows[i]
        if ms >= e:
            break
        if me <= s or not actor:
            continue
        key = (0 if typ in ("person", "group", "organisation", "role") else 1, -(me - ms), ms)
        if best is None or key < best[0]:
            best = (key, actor, aid, typ, kind)
    return best


#: Speaker words that name nobody when no mention resolves them ("It said ...").
_NOT_A_NAME = frozenset({"it", "its", "this", "that", "these", "those", "which", "what", "there", "one", "some",
                         "others", "many", "both", "all", "each", "either", "neither", "someone", "somebody"})


def _is_pronoun_speaker(text: str) -> bool:
    words = text.lower().split()
    if not words:
        return False
    if len(words) == 1 and words[0] in _PERSONAL:
        return True
    return len(words) == 2 and words[0] in _POSSESSIVE_DETERMINERS and words[1] in _WORKS


def _resolve_speakers(doc: _Doc, claims: list[_Claim], mentions: pd.DataFrame | None) -> None:
    rows = _mention_index(mentions)
    persons = [(ms, me, a, aid) for ms, me, a, aid, typ, kind in rows if typ == "person" and kind == "name" and a]
    text = doc.text
    # resolve in order of the speaker's (or content's) position, so "previous" is well defined
    order = sorted(claims, key=lambda c: (c.content[0] if c.inherit else min(c.content[0], (c.speaker or c.content)[0])))
    prev: _Claim | None = None
    for c in order:
        if c.inherit and c.speaker is None and c.source_claim is None:
            c.source_claim = prev
        if c.inherit and c.source_claim is not None and c.source_claim.speaker is not None and not c.speaker:
            c.speaker = c.source_claim.speaker
            c.cue = c.cue or c.source_claim.cue
        if c.speaker is None:
            if c.inherit and c.source_claim is not None:
                c.name, c.actor_id = c.source_claim.name, c.source_claim.actor_id
            continue
        s, e = c.speaker
        stext = text[s:e]
        hit = _best_mention(rows, s, e)
        if hit is not None:
            c.name, c.actor_id = hit[1], hit[2]
        elif _is_pronoun_speaker(stext):
            low = stext.lower().split()[0]
            if low in ("i", "we", "my", "our") and c.parent is not None:
                c.name, c.actor_id = c.parent.name, c.parent.actor_id
            else:
                ante = _antecedent(doc, c, prev, persons, s)
                if ante is not None:
                    c.name, c.actor_id = ante
        elif stext.strip().lower() not in _NOT_A_NAME:
            c.name = _clean_name(stext)
        # else: "It said", "This suggests": no actor to name; the claim stays unattributed
        if c.name:
            prev = c


def _antecedent(doc: _Doc, c: _Claim, prev: _Claim | None, persons, s: int):
    para = doc.seg.paragraph_at(s)
    if prev is not None and prev.speaker is not None and doc.seg.paragraph_at(prev.speaker[0]) >= para - 2:
        return prev.name, prev.actor_id
    cand = None
    for ms, _me, a, aid in persons:
        if ms >= s:
            break
        cand = (a, aid)
    if cand is not None:
        return cand
    if prev is not None:
        return prev.name, prev.actor_id
    return None


def _clean_name(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,;:-\"“”‘’'" + DASH_CHARS)
    return re.sub(r"['’]s$", "", s)  # "Ms Grant's claim that ...": the possessor


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _empty() -> pd.DataFrame:
    return _columns_frame({c: [] for c in schema.CLAIMS})


def _columns_frame(cols: dict) -> pd.DataFrame:
    """Build the claims frame in one go (integer columns as nullable ``Int64``)."""
    data = {}
    for c in schema.CLAIMS:
        v = cols[c]
        if c in schema.INT_COLUMNS:
            data[c] = pd.array(v, dtype="Int64")
        elif c == "confidence":
            data[c] = pd.array(v, dtype="float64")
        else:
            data[c] = pd.array(v, dtype=object)
    return pd.DataFrame(data, columns=schema.CLAIMS)


def _attribution_groups(claims: list[_Claim]) -> dict[int, list[_Claim]]:
    """The parts of each attribution: claims (sorted by content) that share a cue span
    and a parent are one attribution ('"A," said Sen. Ben Sasse. "B."' and the paragraphs
    of a quote that runs on all share the cue of 'said'); a claim without a cue is one
    on its own. Keyed by ``id()`` of the attribution's first part."""
    first: dict[tuple, _Claim] = {}
    root: dict[int, _Claim] = {}

    def root_of(c: _Claim) -> _Claim:
        if id(c) in root:
            return root[id(c)]
        r = c
        if c.cue is not None:
            parent = root_of(c.parent) if c.parent is not None else None
            r = first.setdefault((c.cue, id(parent) if parent is not None else 0), c)
        root[id(c)] = r
        return r

    groups: dict[int, list[_Claim]] = {}
    for c in claims:
        groups.setdefault(id(root_of(c)), []).append(c)
    return groups


def _frame(doc_id: str, doc: _Doc, claims: list[_Claim]) -> pd.DataFrame:
    """The claims table: one row per part of each attribution; the parts of one
    attribution share its ``claim_id`` (the id of its first part) and number ``part``
    1, 2, ... in text order."""
    if not claims:
        return _empty()
    text = doc.text
    ids: dict[int, str] = {}
    part: dict[int, int] = {}
    for parts in _attribution_groups(claims).values():
        cid = claim_id_for(doc_id, *parts[0].content)
        for k, c in enumerate(parts, 1):
            ids[id(c)], part[id(c)] = cid, k
    cols: dict[str, list] = {c: [] for c in schema.CLAIMS}
    for c in claims:
        cs, ce = c.content
        cue_s, cue_e = c.cue if c.cue else (None, None)
        sp_s, sp_e = c.speaker if c.speaker else (None, None)
        row = (
            doc_id, ids[id(c)], part[id(c)], c.kind, c.name, c.actor_id,
            text[sp_s:sp_e] if c.speaker else "", sp_s, sp_e,
            text[cue_s:cue_e] if c.cue else "", cue_s, cue_e,
            text[cs:ce], cs, ce,
            doc.seg.paragraph_at(cs), doc.seg.sentence_at(cs), float(c.confidence), c.rule,
            ids.get(id(c.parent), "") if c.parent is not None else "",
        )
        for k, v in zip(schema.CLAIMS, row):
            cols[k].append(v)
    return _columns_frame(cols)


#: The columns of :func:`attributions`.
ATTRIBUTION_COLUMNS = [
    "doc_id", "claim_id", "n_parts", "kind", "speaker", "speaker_id", "speaker_text", "speaker_start", "speaker_end",
    "cue", "cue_start", "cue_end", "content", "content_start", "content_end", "paragraph", "sentence",
    "confidence", "rule", "parent_claim_id",
]
#: How the parts of a quote are joined in :func:`attributions`' ``content``.
PART_JOINER = " […] "


def attributions(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim (attribution) from the claims table's one row per part.

    This is the table to count: share of voice, claims per speaker and notable quotes
    all count attributions, so a speaker quoted in three pieces counts once. ``content``
    joins the parts' texts with ``PART_JOINER``; ``content_start``/``content_end`` are
    the first part's start and the last part's end (the outer extent, which may hold the
    attribution itself: read the parts from the claims table for exact spans);
    ``kind`` is the parts' kind when they agree, else ``mixed``; ``confidence`` the
    highest of the parts' (the part the rule attributed); ``rule`` that of the first
    part; speaker, cue and parent are the first part's (the parts share them).

    >>> t = pd.DataFrame({"doc_id": ["d", "d", "d"], "claim_id": ["d:c1-5", "d:c1-5", "d:c20-30"],
    ...     "part": [1, 2, 1], "kind": ["direct", "direct", "indirect"], "speaker": ["A", "A", "B"],
    ...     "content": ["We won", "We will win again", "it rained"], "content_start": [1, 12, 20],
    ...     "content_end": [5, 29, 30], "confidence": [0.9, 0.8, 0.7], "rule": ["cue-quote", "quote-continued", "x"]})
    >>> a = attributions(t)
    >>> a[["claim_id", "n_parts", "speaker", "content", "content_end"]].values.tolist()
    [['d:c1-5', 2, 'A', 'We won […] We will win again', 29], ['d:c20-30', 1, 'B', 'it rained', 30]]
    """
    if claims is None or not len(claims):
        return pd.DataFrame(columns=ATTRIBUTION_COLUMNS)
    c = claims
    if "part" in c.columns:
        c = c.sort_values(["claim_id", "part"], kind="stable")
    g = c.groupby("claim_id", sort=False, dropna=False)
    first = g.head(1).set_index("claim_id")
    out = first.copy()
    out["n_parts"] = g.size()
    if "content" in c.columns:
        out["content"] = g["content"].agg(lambda s: PART_JOINER.join(str(x) for x in s))
    if "content_end" in c.columns:
        out["content_end"] = g["content_end"].max()
    if "kind" in c.columns:
        out["kind"] = g["kind"].agg(lambda s: s.iloc[0] if s.nunique(dropna=False) == 1 else "mixed")
    if "confidence" in c.columns:
        out["confidence"] = g["confidence"].max()
    out = out.reset_index()
    order = [k for k in ATTRIBUTION_COLUMNS if k in out.columns]
    rest = [k for k in out.columns if k not in order and k != "part"]
    out = out[order + rest]
    # back to text order (documents as they came, claims by their first part)
    pos = {cid: i for i, cid in enumerate(claims["claim_id"].drop_duplicates())}
    return out.iloc[sorted(range(len(out)), key=lambda i: pos[out["claim_id"].iloc[i]])].reset_index(drop=True)


def n_claims(claims: pd.DataFrame) -> int:
    """How many claims (attributions) a claims table holds: distinct ``claim_id``."""
    return 0 if claims is None or not len(claims) else int(claims["claim_id"].nunique())


_LEGEND = (
    '<div class="wsw-legend"><span class="wsw-speaker">speaker</span> '
    '<span class="wsw-cue">cue</span> <span class="wsw-content">claim content</span></div>'
)
_STYLE = (
    "<style>.wsw-article p{line-height:1.6}.wsw-speaker{background:#cfe3ff;font-weight:600}"
    ".wsw-cue{background:#ffe2a8;text-decoration:underline}.wsw-content{background:#d9f2d9}"
    ".wsw-legend span{padding:0 .4em;margin-right:.5em}</style>"
)


def highlight_claims_html(text: str, claims: pd.DataFrame) -> str:
    """The article as HTML with speakers, cues and claim contents highlighted.

    Text is HTML-escaped; overlapping spans are resolved per character with the
    priority speaker > cue > content. Paragraphs become ``<p>``; a legend heads
    the output. Each content span carries the claim's speaker as a tooltip.

    Args:
        text: the document text.
        claims: the document's claims (``schema.CLAIMS``).

    Returns:
        An HTML fragment (``<style>``, legend and article).
    """
    n = len(text)
    layer = [0] * (n + 1)  # 0 none, 1 content, 2 cue, 3 speaker
    title = [""] * (n + 1)
    if claims is not None and len(claims):
        for r in claims.itertuples(index=False):
            for s, e, lv in (
                (r.content_start, r.content_end, 1),
                (r.cue_start, r.cue_end, 2),
                (r.speaker_start, r.speaker_end, 3),
            ):
                if pd.isna(s) or pd.isna(e):
                    continue
                for x in range(int(s), min(int(e), n)):
                    if lv > layer[x]:
                        layer[x] = lv
                    if lv == 1 and not title[x]:
                        title[x] = f"{r.speaker if isinstance(r.speaker, str) and r.speaker else '?'} ({r.kind})"
    cls = {1: "wsw-content", 2: "wsw-cue", 3: "wsw-speaker"}
    out = [_STYLE, _LEGEND, '<div class="wsw-article"><p>']
    x = 0
    while x < n:
        if text.startswith("\n\n", x) or (text[x] == "\n" and x + 1 < n and text[x + 1] == "\n"):
            y = x
            while y < n and text[y].isspace():
                y += 1
            out.append("</p><p>")
            x = y
            continue
        y = x + 1
        while y < n and layer[y] == layer[x] and title[y] == title[x] and text[y] != "\n":
            y += 1
        piece = html.escape(text[x:y])
        if layer[x]:
            t = f' title="{html.escape(title[x])}"' if title[x] else ""
            out.append(f'<span class="{cls[layer[x]]}"{t}>{piece}</span>')
        else:
            out.append(piece)
        x = y
    out.append("</p></div>")
    return "".join(out)


# ---------------------------------------------------------------------------
# Summaries for the notebook
# ---------------------------------------------------------------------------


def claims_per_actor(claims: pd.DataFrame, actors: pd.DataFrame | None = None, *, n: int = 20) -> pd.DataFrame:
    """Claims per speaker and kind (top ``n`` speakers), with the actor's type and party.
    A claim quoted in several parts counts once (see :func:`attributions`).

    Args:
        claims: the claims table (``schema.CLAIMS``).
        actors: the actors table (``schema.ACTORS``); optional.
        n: how many speakers to keep (most claims first).

    Returns:
        Columns ``speaker, speaker_id, kind, claims, total, type, party`` (one row
        per speaker and kind), sorted by ``total`` then speaker.
    """
    cols = ["speaker", "speaker_id", "kind", "claims", "total", "type", "party"]
    claims = attributions(claims)  # count claims, not the parts of a quote
    c = claims[claims["speaker"].fillna("") != ""] if len(claims) else claims
    if c is None or not len(c):
        return pd.DataFrame(columns=cols)
    c = c.assign(speaker_id=c["speaker_id"].fillna(""))
    g = c.groupby(["speaker", "speaker_id", "kind"]).size().rename("claims").reset_index()
    tot = g.groupby(["speaker", "speaker_id"])["claims"].sum().rename("total").reset_index()
    top = tot.sort_values(["total", "speaker"], ascending=[False, True]).head(n)
    g = g.merge(top, on=["speaker", "speaker_id"], how="inner")
    g = _with_actor_info(g, actors)
    return g.sort_values(["total", "speaker", "kind"], ascending=[False, True, True], ignore_index=True)[cols]


def _with_actor_info(df: pd.DataFrame, actors: pd.DataFrame | None) -> pd.DataFrame:
    if actors is not None and len(actors) and "actor_id" in actors:
        info = actors[["actor_id", "type", "party"]].drop_duplicates("actor_id")
        df = df.merge(info, left_on="speaker_id", right_on="actor_id", how="left").drop(columns="actor_id")
    else:
        df = df.assign(type=pd.NA, party=pd.NA)
    df["type"] = df["type"].fillna("unresolved").replace("", "unresolved")
    df["party"] = df["party"].fillna("").replace("", "none / unknown")
    return df


def claims_table(claims: pd.DataFrame, *, width: int | None = 120) -> pd.DataFrame:
    """A readable view of claims, one row per claim (its parts joined, see
    :func:`attributions`): speaker, kind, cue, content (cut at ``width`` characters;
    whole with ``width=None``, as a searchable table wants), parts, rule, confidence."""
    if claims is None or not len(claims):
        return pd.DataFrame(columns=["doc_id", "paragraph", "speaker", "kind", "cue", "content", "n_parts", "rule",
                                     "confidence"])
    v = attributions(claims)[["doc_id", "paragraph", "speaker", "speaker_text", "kind", "cue", "content", "n_parts",
                              "rule", "confidence"]].copy()
    v["speaker"] = v["speaker"].where(v["speaker"].fillna("") != "", "(" + v["speaker_text"].fillna("?") + ")")
    v["content"] = v["content"].str.replace(r"\s+", " ", regex=True)
    if width:
        long = v["content"].str.len() > width
        v.loc[long, "content"] = v.loc[long, "content"].str.slice(0, width - 1) + "…"
    return v.drop(columns="speaker_text").reset_index(drop=True)


def plot_claims_per_actor(per_actor: pd.DataFrame, *, palette: dict | None = None, hue_order=None, ax=None):
    """Stacked horizontal bars: claims per speaker split by kind (seaborn).

    Args:
        per_actor: output of :func:`claims_per_actor` (not modified).
        palette: colour per kind; hue_order: kinds in stacking order.
        ax: an existing Axes, else a new figure sized to the number of speakers.

    Returns:
        The matplotlib ``Axes``.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = per_actor.astype({"speaker": str, "kind": str})
    order = data.drop_duplicates("speaker").sort_values(["total", "speaker"], ascending=[False, True])["speaker"]
    data = data.assign(speaker=pd.Categorical(data["speaker"], categories=list(order), ordered=True))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(2.5, 0.35 * len(order) + 1.2)))
    sns.histplot(data=data, y="speaker", hue="kind", weights="claims", multiple="stack", discrete=True,
                 shrink=0.8, palette=palette, hue_order=hue_order, ax=ax)
    ax.set(title="Claims per speaker", xlabel="claims", ylabel="speaker")
    if ax.get_legend() is not None:
        sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1), title="kind", frameon=False)
    return ax
