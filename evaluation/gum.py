"""Measure pronoun resolution and mention typing of ``utils.actors`` on GUM dev (#21).

Usage::

    python -m evaluation.gum [--split dev] [--errors] [--genres news,interview]

Data: GUM (Zeldes 2017), CoNLL-U files in ``$WSW_DATASETS/gum/dev`` (default
``../shared/datasets/gum``); genre from ``# meta::genre``, else the file name. The MISC
column's ``Entity=`` brackets give every entity mention, its type and its coreference
chain (``(7-person-...`` opens a mention of chain 7 on a word, ``7)`` closes it, ``(5-time-...)``
is a one-word mention; fields ``GRP-etype-infstat-salience-centering-minspan-link-identity``).

Method. Each document's text is rebuilt from its surface tokens (a space unless
``SpaceAfter=No``), with the character offsets of every GUM word (the words of a
multi-word token such as "daughter's" get their part of it). Where GUM marks
paragraphs (``# newpar``, at least two of them) paragraphs are separated by a blank
line and the sentences of a paragraph by a space, as in an article; a document with
fewer marks (vlogs) has one sentence per line. ``utils.text.segment`` and
``utils.actors.detect_mentions`` run on that text (default registry, lexicon and model).

- Pronoun resolution (datasets/README.md, "How to measure"). Gold items: every
  one-word mention that is a third-person pronoun (he/him/his/himself/she/her/hers/herself;
  they/them/their/theirs/themselves as a separate row) whose chain has an earlier
  mention with a non-pronoun head (a name or description). The project's
  ``kind == "pronoun"`` mention at that word gives its actor; it is right when a
  name, description or group mention of that actor (anywhere in the document) stands
  for a mention of the pronoun's gold chain. A project mention stands for the
  smallest gold mention that contains it (else the one it overlaps most), so "Thomas
  Sam" inside "Thomas Sam and his wife" stands for Thomas Sam. Coverage = resolved /
  gold; accuracy over resolved and over all gold pronouns. Baseline, from the
  project's own mentions: the closest preceding ``kind == "name"`` person (for he/she
  of a compatible gender when the project knows it: registry, title, first name);
  for they, the closest preceding group or organisation mention; scored the same way.
- Definite descriptions (family ``the-description``): gold mentions typed person whose first
  word is "the" and whose head is a common noun (NN/NNS), in a chain with an earlier proper
  name ("Tom Reed ... the sprinter"). The project's ``kind == "description"`` mention over the
  gold head word gives the actor, scored as pronouns are; baseline: the closest preceding
  person name. The resolver is not trained on GUM, so ``--split train`` (92 such descriptions
  against dev's 18) measures it too.
- Mention typing: project ``kind == "name"`` mentions typed person / organisation /
  place against gold mentions typed person / organization / place that are proper
  names: the mention's head word (its one word whose syntactic head lies outside the
  mention) is tagged NNP/NNPS and has no ``conj`` dependent inside the mention
  (coordinations are groups). Exact-span and token-overlap (one-to-one, greedy,
  ``evaluation.conll.overlap_matches``) precision, recall and F1. The README's wider
  rule (every gold mention of the type, against every project mention of the type
  whatever its kind) is printed beside it. Project person actors are compared with
  the gold types of the mentions their names stand for (majority per actor and
  document): the share GUM types otherwise, and the types it gives them (the same
  for organisation actors).
- 95% intervals: 2,000 bootstrap resamples of whole documents (seed 2026).

Wrong and unresolved pronouns are counted by a first guess at the cause
(:func:`error_cause`: contraction, antecedent only described, antecedent typed
otherwise, inside a quote, gender unknown, another actor preferred); ``--errors``
prints the news and interview ones with their context (console only; GUM text is
never stored). Records the figures in ``evaluation/results.json``
(key ``gum``) on the default run.

Citation: Zeldes, A. (2017). The GUM Corpus: Creating Multilayer Resources in the
Classroom. Language Resources and Evaluation 51(3), 581–612.

Exits cleanly with "skipped: dataset not found at PATH" when the data is absent.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SEED = 2026
N_BOOT = 2000
HE_SHE = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
THEY = {"they", "them", "their", "theirs", "themselves"}
FAMILIES = ("he/she", "they", "the-description")
#: Table titles per family.
TITLES = {"he/she": "Third-person pronouns, he/she", "they": "Third-person pronouns, they",
          "the-description": 'Definite descriptions of people ("the defender", "the 30-year-old": "the" + a '
                             "common-noun head, GUM type person)"}
TYPES = {"person": "person", "organization": "organisation", "place": "place"}
NEWS = ("news", "interview")
_ENTITY = re.compile(r"\(([^()]+)(\)?)|([^()]+)\)")


@dataclass
class Word:
    """One GUM syntactic word with its character span in the rebuilt text."""
    form: str
    upos: str
    xpos: str
    head: int  # document-level index of the head word, -1 for the root
    deprel: str
    start: int = 0
    end: int = 0


@dataclass
class Mention:
    """A gold entity mention: words ``[first, last]`` (document indices, inclusive)."""
    chain: str
    etype: str
    first: int
    last: int = -1


@dataclass
class GumDoc:
    doc_id: str
    genre: str
    text: str = ""
    words: list[Word] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def span(self, m: Mention) -> tuple[int, int]:
        return self.words[m.first].start, self.words[m.last].end


# -- reading ---------------------------------------------------------------------------

def parse_entities(value: str, word: int, open_: list[Mention], out: list[Mention]) -> None:
    """Read one ``Entity=`` value at word index ``word``: openings are pushed on
    ``open_``, closings pop the latest open mention of their chain into ``out``."""
    for m in _ENTITY.finditer(value):
        spec, closed, closing = m.groups()
        if spec is not None:
            parts = spec.split("-")
            men = Mention(re.sub(r"\[.*\]$", "", parts[0]), parts[1] if len(parts) > 1 else "", word)
            if closed:
                men.last = word
                out.append(men)
            else:
                open_.append(men)
        else:
            chain = re.sub(r"\[.*\]$", "", closing)
            for k in range(len(open_) - 1, -1, -1):
                if open_[k].chain == chain:
                    men = open_.pop(k)
                    men.last = word
                    out.append(men)
                    break


def read_sentences(path: Path) -> tuple[str, list[tuple[bool, list]]]:
    """Genre and sentences of a CoNLL-U file. A sentence is ``(newpar, tokens)``; a
    token is ``(form, space_after, words)`` and a word ``(form, upos, xpos, head,
    deprel, entity)`` with its sentence-local head (0 = root)."""
    genre, sents, cur, newpar, mwt_end = "", [], [], False, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# meta::genre"):
            genre = line.split("=", 1)[1].strip()
        elif line.strip() == "# newpar" or line.startswith("# newpar "):
            newpar = True
        elif not line.strip():
            if cur:
                sents.append((newpar, cur))
            cur, newpar, mwt_end = [], False, 0
        elif not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) < 10 or "." in cols[0]:
                continue
            misc = cols[9].split("|")
            space = "SpaceAfter=No" not in misc
            if "-" in cols[0]:
                cur.append((cols[1], space, []))
                mwt_end = int(cols[0].split("-")[1])
                continue
            ent = next((x[7:] for x in misc if x.startswith("Entity=")), "")
            w = (cols[1], cols[3], cols[4], int(cols[6]) if cols[6].isdigit() else 0, cols[7], ent)
            if int(cols[0]) <= mwt_end:
                cur[-1][2].append(w)
            else:
                cur.append((cols[1], space, [w]))
    if cur:
        sents.append((newpar, cur))
    m = re.match(r"GUM_([a-z]+)_", path.name)
    return genre or (m.group(1) if m else "unknown"), sents


def word_offsets(form: str, start: int, words: list) -> list[tuple[int, int]]:
    """Character spans of the syntactic words of one surface token starting at ``start``;
    each word takes its part of the token when the parts spell it, else the whole token."""
    spans, pos = [], 0
    for w in words:
        k = form.lower().find(w[0].lower(), pos)
        if k < 0 or (len(words) > 1 and not w[0]):
            return [(start, start + len(form))] * len(words)
        spans.append((start + k, start + k + len(w[0])))
        pos = k + len(w[0])
    return spans


def build_document(doc_id: str, genre: str, sents: list[tuple[bool, list]]) -> GumDoc:
    """The document text, its words with offsets, and its gold mentions."""
    doc = GumDoc(doc_id, genre)
    paragraphs = sum(newpar for newpar, _ in sents) >= 2
    parts, pos, open_ = [], 0, []
    for k, (newpar, tokens) in enumerate(sents):
        if k:
            sep = ("\n\n" if newpar else " ") if paragraphs else "\n"
            parts.append(sep)
            pos += len(sep)
        base = len(doc.words)
        for t, (form, space, words) in enumerate(tokens):
            for (form_w, upos, xpos, head, deprel, ent), (s, e) in zip(words, word_offsets(form, pos, words)):
                doc.words.append(Word(form_w, upos, xpos, base + head - 1 if head else -1, deprel, s, e))
                if ent:
                    parse_entities(ent, len(doc.words) - 1, open_, doc.mentions)
            parts.append(form)
            pos += len(form)
            if space and t < len(tokens) - 1:
                parts.append(" ")
                pos += 1
    doc.text = "".join(parts)
    doc.mentions.sort(key=lambda m: (m.first, -m.last))
    return doc


def read_split(folder: Path) -> list[GumDoc]:
    """Every ``.conllu`` file of ``folder`` as a :class:`GumDoc`, by file name."""
    return [build_document(p.stem, *read_sentences(p)) for p in sorted(folder.glob("*.conllu"))]


# -- gold views ------------------------------------------------------------------------

def head_word(doc: GumDoc, m: Mention) -> int:
    """The mention's head: its first word whose syntactic head lies outside it."""
    for i in range(m.first, m.last + 1):
        if not m.first <= doc.words[i].head <= m.last:
            return i
    return m.first


def is_proper_name(doc: GumDoc, m: Mention) -> bool:
    """Head tagged NNP/NNPS and no coordination (``conj`` of the head) inside."""
    h = head_word(doc, m)
    if doc.words[h].xpos not in ("NNP", "NNPS"):
        return False
    return not any(doc.words[i].deprel == "conj" and doc.words[i].head == h for i in range(m.first, m.last + 1))


def pronoun_family(doc: GumDoc, m: Mention) -> str:
    """``he/she``, ``they`` or '' for a one-word mention."""
    if m.first != m.last:
        return ""
    w = doc.words[m.first].form.lower()
    return "he/she" if w in HE_SHE else "they" if w in THEY else ""


def gold_pronouns(doc: GumDoc) -> list[tuple[Mention, str]]:
    """Third-person pronoun mentions whose chain has an earlier mention with a
    non-pronoun head, with their family; and definite descriptions of people (first word
    "the", head a common noun, type person) whose chain has an earlier proper name, with the
    family ``the-description``."""
    out = []
    for m in doc.mentions:
        fam = pronoun_family(doc, m)
        if fam and any(o.chain == m.chain and o.first < m.first and doc.words[head_word(doc, o)].upos != "PRON"
                       for o in doc.mentions):
            out.append((m, fam))
        elif not fam and m.etype == "person" and doc.words[m.first].form.lower() == "the" \
                and doc.words[head_word(doc, m)].xpos in ("NN", "NNS") \
                and any(o.chain == m.chain and o.first < m.first and is_proper_name(doc, o) for o in doc.mentions):
            out.append((m, "the-description"))
    return out


def stands_for(doc: GumDoc, start: int, end: int) -> Mention | None:
    """The gold mention a project span stands for: the smallest one containing it,
    else the one it overlaps most (None when it overlaps none)."""
    best, key = None, None
    for m in doc.mentions:
        s, e = doc.span(m)
        if s < end and start < e:
            k = (0, e - s) if s <= start and end <= e else (1, -(min(e, end) - max(s, start)))
            if key is None or k < key:
                best, key = m, k
    return best


# -- scoring ---------------------------------------------------------------------------

def actor_chains(doc: GumDoc, mentions) -> dict[str, set[str]]:
    """The gold chains each project actor's name, description and group mentions stand for."""
    out: dict[str, set[str]] = {}
    if not len(mentions):
        return out
    for s, e, actor, kind in zip(mentions["start"], mentions["end"], mentions["actor"], mentions["kind"]):
        if kind != "pronoun" and (g := stands_for(doc, int(s), int(e))) is not None:
            out.setdefault(actor, set()).add(g.chain)
    return out


def baseline_actor(mentions, at: int, family: str, gender: str, genders: dict[str, str]) -> str:
    """The most recent compatible project mention before character ``at``: a person
    name (he/she, gender-compatible when known), else for ``they`` a group or
    organisation; '' when there is none."""
    best, best_end = "", -1
    for e, actor, kind, typ in zip(mentions["end"], mentions["actor"], mentions["kind"], mentions["type"]):
        e = int(e)
        if e > at or e <= best_end:
            continue
        if family == "he/she":
            ok = kind == "name" and typ == "person" and genders.get(actor, "") in ("", gender)
        elif family == "the-description":
            ok = kind == "name" and typ == "person"
        else:
            ok = kind == "group" or (kind == "name" and typ == "organisation")
        if ok:
            best, best_end = actor, e
    return best


def score_pronouns(doc: GumDoc, mentions, genders: dict[str, str],
                   quotes: list[tuple[int, int]] = ()) -> tuple[Counter, list[dict]]:
    """Counts per family (``n``, ``resolved``, ``right``, ``base_resolved``,
    ``base_right``) and one record per gold pronoun, with what :func:`error_cause` reads."""
    c, items = Counter(), []
    chains = actor_chains(doc, mentions)
    types = dict(zip(mentions["actor"], mentions["type"])) if len(mentions) else {}
    prons = mentions[mentions["kind"] == "pronoun"] if len(mentions) else mentions
    descs = mentions[mentions["kind"] == "description"] if len(mentions) else mentions
    for m, fam in gold_pronouns(doc):
        s, e = doc.span(m)
        if fam == "the-description":  # the project's description over the gold head word
            hs, he = doc.words[head_word(doc, m)].start, doc.words[head_word(doc, m)].end
            hit = descs[(descs["start"] < he) & (descs["end"] > hs)] if len(descs) else descs
        else:
            hit = prons[(prons["start"] < e) & (prons["end"] > s)] if len(prons) else prons
        actor = str(hit["actor"].iloc[0]) if len(hit) else ""
        gender = HE_SHE.get(doc.words[m.first].form.lower(), "")
        base = baseline_actor(mentions, s, fam, gender, genders) if len(mentions) else ""
        right = bool(actor) and m.chain in chains.get(actor, set())
        base_right = bool(base) and m.chain in chains.get(base, set())
        c[f"{fam}:n"] += 1
        c[f"{fam}:resolved"] += bool(actor)
        c[f"{fam}:right"] += right
        c[f"{fam}:base_resolved"] += bool(base)
        c[f"{fam}:base_right"] += base_right
        items.append({"mention": m, "family": fam, "actor": actor, "right": right, "baseline": base,
                      "baseline_right": base_right, "rule": str(hit["resolved_by"].iloc[0]) if len(hit) else "",
                      "actor_gender": genders.get(actor, ""), "clitic": doc.text[e:e + 1] in ("'", "’"),
                      "in_quote": any(qs <= s and e <= qe for qs, qe in quotes),
                      "chain_types": sorted({str(types[a]) for a, ch in chains.items() if m.chain in ch}),
                      "chain_named": any(o.chain == m.chain and is_proper_name(doc, o) for o in doc.mentions)})
    return c, items


def error_cause(it: dict) -> str:
    """The first of a few cheap explanations of a wrong or unresolved pronoun."""
    if not it["actor"]:
        return "unresolved: contraction (he's, they're) not read as a pronoun" if it["clitic"] else \
            "unresolved: no compatible candidate"
    if not it["chain_types"]:
        return "antecedent named, but the name was missed" if it["chain_named"] else \
            "antecedent only described (the baby, my father): no project mention"
    if it["family"] == "he/she" and "person" not in it["chain_types"]:
        return f"antecedent typed {'/'.join(it['chain_types'])}, not person"
    if it["in_quote"]:
        return "pronoun inside a quote"
    if not it["actor_gender"] and it["family"] == "he/she":
        return "chosen actor's gender unknown"
    return f"another compatible actor preferred ({it['rule']})"


def gold_typed(doc: GumDoc, proper: bool) -> dict[str, set[tuple[int, int]]]:
    """Gold spans per project type (proper names only when ``proper``)."""
    out: dict[str, set[tuple[int, int]]] = {t: set() for t in TYPES.values()}
    for m in doc.mentions:
        if m.etype in TYPES and (not proper or is_proper_name(doc, m)):
            out[TYPES[m.etype]].add(doc.span(m))
    return out


def score_typing(doc: GumDoc, mentions) -> Counter:
    """Exact and overlap matches per type: ``{view}:{type}:{pred|gold|exact|overlap}``,
    view ``names`` (proper names vs kind name) and ``all`` (README rule, any kind)."""
    from evaluation.conll import overlap_matches

    c = Counter()
    for view, proper in (("names", True), ("all", False)):
        gold = gold_typed(doc, proper)
        for typ, g in gold.items():
            sel = (mentions["type"] == typ) & ((mentions["kind"] == "name") if proper else True) if len(mentions) else None
            p = sorted({(int(s), int(e)) for s, e in mentions.loc[sel, ["start", "end"]].values}) if sel is not None else []
            g = sorted(g)
            c[f"{view}:{typ}:pred"] += len(p)
            c[f"{view}:{typ}:gold"] += len(g)
            c[f"{view}:{typ}:exact"] += len(set(p) & set(g))
            c[f"{view}:{typ}:overlap"] += overlap_matches(doc.text, p, g)
    return c


def type_confusions(doc: GumDoc, mentions) -> tuple[Counter, dict[tuple[str, str], list[str]]]:
    """Project name actors by (project type, gold type): the majority type of the gold
    mentions their names stand for (``none`` when none), with the actors' names."""
    out, names = Counter(), {}
    if not len(mentions):
        return out, names
    sel = mentions[mentions["kind"] == "name"]
    for (actor, ptype), g in sel.groupby(["actor", "type"], sort=False):
        types = Counter((stands_for(doc, int(s), int(e)) or Mention("", "none", 0)).etype
                        for s, e in zip(g["start"], g["end"]))
        key = (str(ptype), types.most_common(1)[0][0])
        out[key] += 1
        names.setdefault(key, []).append(str(actor))
    return out, names


# -- figures ---------------------------------------------------------------------------

def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def pronoun_figures(c: Counter, fam: str) -> dict[str, float]:
    """Coverage, accuracy over resolved and over all, for the project and the baseline."""
    n = c[f"{fam}:n"]
    return {"coverage": ratio(c[f"{fam}:resolved"], n), "acc_resolved": ratio(c[f"{fam}:right"], c[f"{fam}:resolved"]),
            "acc_all": ratio(c[f"{fam}:right"], n), "base_coverage": ratio(c[f"{fam}:base_resolved"], n),
            "base_acc_resolved": ratio(c[f"{fam}:base_right"], c[f"{fam}:base_resolved"]),
            "base_acc_all": ratio(c[f"{fam}:base_right"], n)}


def prf(c: Counter, key: str, match: str) -> tuple[float, float, float]:
    p, r = ratio(c[f"{key}:{match}"], c[f"{key}:pred"]), ratio(c[f"{key}:{match}"], c[f"{key}:gold"])
    return p, r, (2 * p * r / (p + r) if p + r > 0 else 0.0 if p == p and r == r else float("nan"))


def bootstrap(per_doc: list[Counter], fig, n: int = N_BOOT, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """95% percentile intervals of every figure of ``fig(counter)`` over ``n``
    resamples of whole documents."""
    rng = np.random.default_rng(seed)
    draws: dict[str, list[float]] = {}
    for _ in range(n):
        total = Counter()
        for i in rng.integers(0, len(per_doc), len(per_doc)):
            total.update(per_doc[i])
        for k, v in fig(total).items():
            draws.setdefault(k, []).append(v)
    out = {}
    for k, v in draws.items():
        a = np.array(v, dtype=float)
        a = a[~np.isnan(a)]
        out[k] = (float(np.percentile(a, 2.5)), float(np.percentile(a, 97.5))) if len(a) else (float("nan"),) * 2
    return out


def actor_genders(mentions) -> dict[str, str]:
    """What the project knows of each person actor's gender: the registry's, else a
    gendered title ("Mr", "Ms"), else the first name (NLTK names lists)."""
    from utils.actors import first_names, load_registry, titles

    reg, tit = load_registry(), titles()
    male, female = first_names()
    out: dict[str, str] = {}
    if not len(mentions):
        return out
    for actor, title in zip(mentions["actor"], mentions["title"]):
        if out.get(actor):
            continue
        g = (reg.by_name.get(actor) or {}).get("gender", "") or tit.get(str(title or ""), "")
        first = str(actor).split()[0].lower() if str(actor).split() else ""
        g = g or ("m" if first in male and first not in female else "f" if first in female and first not in male else "")
        out[actor] = g
    return out


@dataclass
class DocResult:
    doc: GumDoc
    pronouns: Counter
    items: list[dict]
    typing: Counter
    confusions: Counter
    confusion_names: dict[tuple[str, str], list[str]]


def run_document(doc: GumDoc) -> DocResult:
    """Segment, detect mentions and score one document."""
    from utils.actors import detect_mentions
    from utils.text import find_quotes, segment

    seg = segment(doc.text, doc.doc_id)
    mentions = detect_mentions(doc.doc_id, doc.text, seg)
    quotes = [(q.open_start, q.close_end) for q in find_quotes(doc.text, seg)]
    pron, items = score_pronouns(doc, mentions, actor_genders(mentions), quotes)
    conf, names = type_confusions(doc, mentions)
    return DocResult(doc, pron, items, score_typing(doc, mentions), conf, names)


# -- output ----------------------------------------------------------------------------

def groups_of(results: list[DocResult]) -> dict[str, list[DocResult]]:
    """``all``, ``news+interview`` and one group per genre."""
    out = {"all": results, "news+interview": [r for r in results if r.doc.genre in NEWS]}
    for g in sorted({r.doc.genre for r in results}):
        out[g] = [r for r in results if r.doc.genre == g]
    return out


def pronoun_table(results: list[DocResult]) -> dict:
    """Print the pronoun table; return the figures and intervals of every group."""
    out = {}
    for fam in FAMILIES:
        print(f"\n{TITLES[fam]} (gold antecedent {'named' if fam == 'the-description' else 'named or described'} "
              "earlier); project vs most-recent baseline, 95% intervals over documents")
        print(f"{'group':<16}{'docs':>5}{'n':>5}{'coverage':>10}{'acc resolved':>22}{'acc all':>22}"
              f"{'baseline all':>22}")
        for name, rs in groups_of(results).items():
            per_doc = [r.pronouns for r in rs]
            total = sum(per_doc, Counter())
            if not total[f"{fam}:n"]:
                continue
            f = pronoun_figures(total, fam)
            ci = bootstrap(per_doc, lambda c, fam=fam: pronoun_figures(c, fam))
            out[(fam, name)] = (f, ci, total[f"{fam}:n"])

            def cell(k, f=f, ci=ci):
                return f"{f[k]:.3f} [{ci[k][0]:.2f},{ci[k][1]:.2f}]" if f[k] == f[k] else "-"
            print(f"{name:<16}{len(rs):>5}{total[f'{fam}:n']:>5}{f['coverage']:>10.3f}{cell('acc_resolved'):>22}"
                  f"{cell('acc_all'):>22}{cell('base_acc_all'):>22}")
    return out


def typing_table(results: list[DocResult]) -> dict:
    """Print mention typing F1 per type and group; return the overall figures."""
    out = {}
    print("\nMention typing: project kind=name vs GUM proper-name mentions (exact / token-overlap F1)")
    print(f"{'group':<16}" + "".join(f"{t:>26}" for t in TYPES.values()))
    for name, rs in groups_of(results).items():
        total = sum((r.typing for r in rs), Counter())
        cells = []
        for typ in TYPES.values():
            key = f"names:{typ}"
            ex, ov = prf(total, key, "exact")[2], prf(total, key, "overlap")[2]
            cells.append(f"{ex:.3f} / {ov:.3f} (n={total[key + ':gold']})")
            out[(name, typ)] = (prf(total, key, "exact"), prf(total, key, "overlap"), total[key + ":gold"],
                                total[key + ":pred"])
        print(f"{name:<16}" + "".join(f"{c:>26}" for c in cells))
    total = sum((r.typing for r in results), Counter())
    print("\nall dev documents, P / R / F1:")
    for view, label in (("names", "kind=name vs proper names"), ("all", "any kind vs every gold mention (README rule)")):
        for typ in TYPES.values():
            key = f"{view}:{typ}"
            ex, ov = prf(total, key, "exact"), prf(total, key, "overlap")
            print(f"  {label:<46}{typ:<13} exact {ex[0]:.3f} {ex[1]:.3f} {ex[2]:.3f}   overlap "
                  f"{ov[0]:.3f} {ov[1]:.3f} {ov[2]:.3f}   pred {total[key + ':pred']:>4} gold {total[key + ':gold']:>4}")
            out[(view, "all", typ)] = (ex, ov, total[key + ":gold"])
    return out


def confusion_table(results: list[DocResult], ptype: str = "person", gold: str = "person") -> tuple[float, int]:
    """Print how GUM types the project's ``ptype`` name actors (per document); return
    the share it types other than ``gold`` among those with a gold mention, and their number."""
    conf = Counter()
    for r in results:
        for (p, g), k in r.confusions.items():
            if p == ptype:
                conf[g] += k
    matched = sum(v for k, v in conf.items() if k != "none")
    other = matched - conf[gold]
    share = ratio(other, matched)
    print(f"\nProject {ptype} actors (per document): {sum(conf.values())}; with a gold mention {matched}; "
          f"GUM types {other} of them other than {gold} ({share:.1%}); no gold mention: {conf['none']}")
    for typ, k in conf.most_common():
        if typ not in (gold, "none"):
            names = sorted({n for r in results for n in r.confusion_names.get((ptype, typ), [])})
            print(f"  {typ:<13}{k:>4}   e.g. {', '.join(names[:6])}")
    return share, matched


def show_errors(results: list[DocResult], genres: tuple[str, ...]) -> None:
    """Print every wrong or unresolved gold pronoun of ``genres`` with context (console only)."""
    for r in results:
        if r.doc.genre not in genres:
            continue
        d = r.doc
        for it in r.items:
            if it["right"]:
                continue
            m = it["mention"]
            s, e = d.span(m)
            ante = [o for o in d.mentions if o.chain == m.chain and o.first < m.first
                    and d.words[head_word(d, o)].upos != "PRON"]
            a = d.text[slice(*d.span(ante[-1]))] if ante else "?"
            ctx = d.text[max(0, s - 160):s] + "[[" + d.text[s:e] + "]]" + d.text[e:e + 60]
            print(f"\n{d.doc_id} {it['family']} -> {it['actor'] or '(unresolved)'} ({it['rule']}): {error_cause(it)}; "
                  f"gold antecedent {a!r} ({ante[-1].etype if ante else '?'}); baseline {it['baseline']!r} "
                  f"{'right' if it['baseline_right'] else 'wrong'}")
            print("   " + " ".join(ctx.split()))


def cause_table(results: list[DocResult]) -> None:
    """Print the wrong and unresolved pronouns by :func:`error_cause`, per family, for
    news+interview and for all documents."""
    for name, rs in list(groups_of(results).items())[:2]:
        for fam in FAMILIES:
            causes = Counter(error_cause(it) for r in rs for it in r.items if it["family"] == fam and not it["right"])
            if causes:
                print(f"\n{fam} {'' if fam == 'the-description' else 'pronouns '}wrong or unresolved, {name}: "
                      f"{sum(causes.values())}")
                for cause, k in causes.most_common():
                    print(f"  {k:>4}  {cause}")


def record_figures(pron: dict, typing: dict, share: float, matched: int, n_docs: int) -> None:
    """Store the headline figures under ``gum`` in ``evaluation/results.json``."""
    from evaluation.results import record

    metrics = []
    for fam in FAMILIES:
        for group in ("all", "news+interview"):
            if (fam, group) not in pron:
                continue
            f, ci, n = pron[(fam, group)]
            for k, label in (("acc_all", "accuracy over all"), ("acc_resolved", "accuracy over resolved"),
                             ("coverage", "coverage"), ("base_acc_all", "most-recent baseline accuracy over all")):
                if f[k] == f[k]:
                    what = "definite descriptions" if fam == "the-description" else f"pronouns {fam}"
                    metrics.append({"metric": f"{what}, {group}: {label}", "value": f[k], "n": n,
                                    "interval_95": [round(x, 4) for x in ci[k]]})
    for group in ("all", "news+interview"):
        for typ in TYPES.values():
            ex, ov, n, _ = typing[(group, typ)]
            metrics.append({"metric": f"{typ} proper-name typing F1 (exact), {group}", "value": ex[2], "n": n})
            metrics.append({"metric": f"{typ} proper-name typing F1 (overlap), {group}", "value": ov[2], "n": n})
    metrics.append({"metric": "project person actors GUM types otherwise", "value": share, "n": matched})
    record("gum", annotation="actors", command="python -m evaluation.gum", metrics=metrics,
           notes=f"GUM dev, {n_docs} documents (Zeldes 2017, The GUM Corpus, LRE 51(3)); pronoun intervals from "
                 "resampling whole documents; typing against proper-name mentions (head NNP/NNPS)")


def main(argv: list[str] | None = None) -> int:
    from utils import paths

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--errors", action="store_true", help="print the pronoun errors of --genres with context")
    ap.add_argument("--genres", default="news,interview", help="genres whose errors --errors prints")
    args = ap.parse_args(argv)
    folder = paths.datasets_dir() / "gum" / args.split
    if not folder.is_dir() or not any(folder.glob("*.conllu")):
        print(f"skipped: dataset not found at {folder}")
        return 0
    t0 = time.perf_counter()
    docs = read_split(folder)
    results = [run_document(d) for d in docs]
    n_words = sum(len(d.words) for d in docs)
    print(f"GUM {args.split}: {len(docs)} documents, {n_words:,} words, "
          f"{len({d.genre for d in docs})} genres; annotated in {time.perf_counter() - t0:.1f} s")
    pron = pronoun_table(results)
    typing = typing_table(results)
    share, matched = confusion_table(results)
    confusion_table(results, "organisation", "organization")
    cause_table(results)
    if args.errors:
        show_errors(results, tuple(args.genres.split(",")))
    if args.split == "dev":
        record_figures(pron, typing, share, matched, len(docs))
    print(f"\ntotal {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
