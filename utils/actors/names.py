"""Name mentions: the tagger's spans, registry aliases, titles, @handles and hyphenated
places, merged, then resolved to actors within the document."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path

from utils import paths
from utils.actors.acronyms import link_acronyms
from utils.actors.descriptions import _role_index
from utils.actors.doc import _CRF_TYPES, _DETERMINERS, _HYPHEN_TOKEN, _Doc, _Mention
from utils.actors.lexicon import Lexicon
from utils.actors.registry import Registry
from utils.actors.tagger import MODEL_PATH, _gazetteers, _tagger, bio_spans, is_first_name, sentence_features


def _split_party_words(d: _Doc, lex: Lexicon, a: int, b: int, title: str) -> list[_Mention]:
    """A tagged person span without its party words (they become organisation mentions)."""
    out, piece = [], []
    for k in list(range(a, b)) + [-1]:
        if k != -1 and d.base[k] not in lex.party_words:
            piece.append(k)
            continue
        if piece:
            st, en = d.span(piece[0], piece[-1] + 1)
            out.append(_Mention(st, en, piece[0], piece[-1] + 1, "name", "person", title=title if piece[0] == a else "",
                                source="crf"))
            piece = []
        if k != -1:
            st, en = d.span(k, k + 1)
            out.append(_Mention(st, en, k, k + 1, "name", "organisation", source="crf"))
    return out


def _modifier_places(d: _Doc, names: list[_Mention], descs: list[_Mention]) -> None:
    """A tagged single-name "person" before the role noun of a description is a place
    ("A DUDLEY Labour MP", "the Hull MP"): retype it."""
    if not descs:
        return
    starts = sorted((m.ti, m.tj) for m in descs if m.type == "person")
    keys = [a for a, _ in starts]
    for m in names:
        if m.type != "person" or m.source != "crf" or m.title or d.cut[m.tj - 1] or m.tj - m.ti > 2:
            continue
        k = bisect.bisect_right(keys, m.ti) - 1
        if k >= 0 and starts[k][0] <= m.ti and m.tj < starts[k][1]:
            m.type, m.resolved_by = "place", "description-modifier"


def _balance_brackets(d: _Doc, a: int, b: int, first: int, last: int) -> int:
    """End of a span with its brackets balanced: "Mladost ( L" -> "Mladost ( L )",
    or cut before an opening bracket that does not close nearby."""
    opened = [k for k in range(a, b) if d.words[k] == "("]
    if not opened or any(d.words[k] == ")" for k in range(opened[-1], b)):
        return b
    for k in range(b, min(b + 3, last)):
        if d.words[k] == ")":
            return k + 1
    return opened[-1] if opened[-1] > a else b


def _keeps_stop(d: _Doc, i: int) -> bool:
    """True when a full stop right after token ``i`` belongs to it (``Inc.``, ``J.``)."""
    w = d.words[i]
    return d.ends[i] == d.starts[i + 1] and (len(w) == 1 or "." in w or w.lower() in _abbreviations())


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from utils.text import load_abbreviations

    return load_abbreviations()


def _crf_mentions(d: _Doc, lex: Lexicon, *, model: Path | None = None) -> list[_Mention]:
    """Name spans the CRF tagger finds, sentence by sentence (sentences without a capital
    are skipped): hashtags dropped, titles and party words split off, brackets balanced and
    a full stop that belongs to the name kept."""
    out = []
    path = paths.require_file(model or MODEL_PATH, "name tagger weights", "restore utils/models/ner-crf.crfsuite "
                              "from the repository or retrain it with `python -m evaluation.train_ner`")
    tagger = _tagger(str(path))
    for s, first in d.sent_first.items():
        last = d.sent_last[s]
        words = d.words[first:last]
        if not any(w[:1].isupper() for w in words):
            continue  # no capitalised word: no name for the tagger to find
        labels = tagger.tag(sentence_features(words))
        for a, b, typ in _split_at_content_words(d, bio_spans(labels), first):
            typ2 = _CRF_TYPES.get(typ)
            if not typ2:
                continue
            a, b = a + first, b + first
            if any(d.words[k][:1] in "#@" for k in range(a, b)):
                continue
            while b > a and not any(ch.isalnum() for ch in d.words[b - 1]):
                if d.words[b - 1] == "." and b - 1 > a and _keeps_stop(d, b - 2):
                    break  # "Acme Inc." keeps its full stop
                b -= 1  # "the BBC." -> "BBC"
            while b > a and not any(ch.isalnum() for ch in d.words[a]):
                a += 1
            while b - a > 1 and d.base[b - 1].isalpha() and d.base[b - 1].islower():
                b -= 1  # "a Google spokesperson", "Association of": a name ends on a capital
            if b <= a:
                continue
            hy = _HYPHEN_TOKEN.match(d.words[b - 1])
            if hy and hy.group(2) in _MODIFIER_SUFFIXES:
                continue  # "a George Bush-style tax cutting spree": a comparison, no actor
            b = _balance_brackets(d, a, b, first, last)
            if b < last and d.words[b] == "." and d.lower[b - 1] in _abbreviations() and d.ends[b - 1] == d.starts[b]:
                b += 1  # "Acme Corp." keeps the full stop of its abbreviation
            title = ""
            while b - a > 1 and (d.words[a] in lex.titles or d.lower[a] in _DETERMINERS or d.words[a] == "."
                                 or (d.lower[a] in _NEVER_FIRST and d.is_cap(a + 1) and d.sentence_initial(a))
                                 or _role_before_known_name(d, lex, a, b)):
                if d.words[a] in lex.titles:
                    title = d.words[a]
                elif d.lower[a] in lex.org_heads and d.is_cap(a + 1):
                    typ2 = "organisation"  # "Miner Highland Gold": the head says what the name is
                a += 1
            poss = [k for k in range(a, b - 1) if d.cut[k]]
            if poss:  # a name ends at its possessive: "Scottish National Party's Holyrood"
                k = poss[0] + 1
                st, en = d.span(k, b)
                if d.is_cap(k):  # "Scotland's Susan Deacon": a person after the possessive
                    person = _person_name(d, lex, k, b) and _surname_confirms(d, k, b, lex.titles, strict=False)
                    typ_k = "person" if person else typ2
                    out.append(_Mention(st, en, k, b, "name", typ_k, source="crf"))
                b = k
            elif typ2 != "person":  # (a person span's modifiers are split off later: "Lib Dem Norman Baker")
                k = _name_after_modifier(d, lex, a, b)
                if k is not None:  # "New Yorker Dick Morris", "BBC Michael Howard": the person is the name
                    st, en = d.span(a, k)
                    if d.text[st:en] in lex.party_words:  # "Tories Ken Clarke": the party stays a mention
                        out.append(_Mention(st, en, a, k, "name", "organisation", source="crf"))
                    a, typ2 = k, "person"
            if typ2 == "person" and b - a > 1:
                out += _split_party_words(d, lex, a, b, title)  # "DUDLEY Labour": no person is called Labour
                continue
            st, en = d.span(a, b)
            if en <= st:
                continue
            out.append(_Mention(st, en, a, b, "name", typ2, title=title, source="crf"))
    return out


#: Lower-case words a name holds ("Bank of England", "Save the Children", "Ludwig van Beethoven",
#: "Médecins sans Frontières"); any other lower-case word inside a tagged span is a verb or a noun
#: the tagger ran on into ("Neil Lennon admits Rangers" in a headline-like lede).
_NAME_PARTICLES = frozenset(
    "of the and for on in at to by with from upon over under a an de du da di del della des la le les van von der "
    "den ter y e al el bin ibn ben sans und et zu dos das do".split())


def _split_at_content_words(d: _Doc, spans: list[tuple[int, int, str]], first: int) -> list[tuple[int, int, str]]:
    """Tagged spans cut at every lower-case word that is not a name particle (the word dropped;
    a piece does not start or end on a particle: "groups in Darfur" leaves "Darfur")."""
    out = []
    for a, b, typ in spans:
        cuts = [k for k in range(a + 1, b - 1) if d.base[k + first].isalpha() and d.base[k + first].islower()
                and d.base[k + first] not in _NAME_PARTICLES]
        if not cuts:
            out.append((a, b, typ))
            continue
        for lo, hi in zip([a] + [k + 1 for k in cuts], cuts + [b]):
            while lo < hi and d.base[lo + first] in _NAME_PARTICLES:
                lo += 1
            while hi > lo and d.base[hi - 1 + first] in _NAME_PARTICLES:
                hi -= 1
            if any(d.base[k + first][:1].isupper() for k in range(lo, hi)) \
                    and not (hi - lo == 1 and d.lower[lo + first] in _NAME_PARTICLES):
                out.append((lo, hi, typ))  # ("At times Half-Life": no name "At")
    return out


#: Suffixes that make a name a modifier ("George Bush-style", "Beatles-esque", "Thatcher-era").
_MODIFIER_SUFFIXES = frozenset("style esque like era type inspired themed sized shaped".split())

#: Function words a capitalised name never starts with, though a sentence-initial one is
#: capitalised and the tagger takes it in ("Both Foxx", "Neither Vodafone", "And Brown").
_NEVER_FIRST = frozenset(
    "and but or nor both either neither with without for from other others many most some all every each such "
    "just only even also however meanwhile besides then now so yet still while when after before as if since "
    "though although unlike like including among despite".split())


def _person_name(d: _Doc, lex: Lexicon, a: int, b: int) -> bool:
    """Is ``words[a:b]`` a person's name by its shape: two or more capitalised words, the first
    a first name (NLTK's names lists), the last not an organisation's head noun, an acronym, a
    plural or a word the document also writes in lower case ("Christ College", "Washington DC",
    "Queens Park Rangers", "Reynolds Tobacco")?"""
    if b - a < 2 or not all(d.is_cap(i) for i in range(a, b)) or not is_first_name(d.words[a]):
        return False
    last = d.lower[b - 1]
    if last in lex.org_heads or last in lex.institution_heads or (len(last) > 1 and d.words[b - 1].isupper()):
        return False  # "Christ College", "Washington DC"
    _, _, vocab = _gazetteers()
    if last.endswith("s") and last[:-1] in vocab:
        return False  # "Queens Park Rangers"
    return last not in d.lower_words  # "Reynolds Tobacco" where the text also says "tobacco"


def _name_after_modifier(d: _Doc, lex: Lexicon, a: int, b: int) -> int | None:
    """Where the person's name starts in a tagged span that opens with capitalised modifiers
    ("New Yorker Dick Morris", "BBC Michael Howard", "Fly-half Stephen Jones"): at a first
    name after a word that is not one, when the rest has a person name's shape
    (:func:`_person_name`). A first name that is also an English word ("Park", "Hill", "Kent",
    "Dick") needs the surname after a title elsewhere ("Mr Morris"): "Queens Park Rangers",
    "East Kent Hunt" stay whole."""
    if b - a < 3:
        return None
    for k in range(a + 1, b - 1):
        if is_first_name(d.words[k]) and not is_first_name(d.words[k - 1]):
            break
    else:
        return None
    if not _person_name(d, lex, k, b):
        return None
    return k if _surname_confirms(d, k, b, lex.titles, strict=True) else None


def _surname_confirms(d: _Doc, a: int, b: int, titles: frozenset, strict: bool) -> bool:
    """Does the name ``words[a:b]`` read as a person's? The document gives its surname elsewhere
    after a title ("Mr Morris") or alone ("Holmes"; not "the Chronicle"); a first name that is
    also an English word ("Kelly", "Dick", "Park") needs the title when ``strict``. Not
    ``strict`` (a name after a possessive, "Scotland's Susan Deacon"), a first name that is not
    an English word needs nothing more."""
    _, _, vocab = _gazetteers()
    ambiguous = d.lower[a] in vocab
    if not strict and not ambiguous:
        return True
    surname = d.words[b - 1]
    for i in range(d.n):
        if d.words[i] != surname or a <= i < b or (i + 1 < d.n and d.is_cap(i + 1)):
            continue
        if i > 0 and d.words[i - 1] in titles:
            return True
        if not (i > 0 and (d.is_cap(i - 1) or d.lower[i - 1] in _DETERMINERS)) and not (strict and ambiguous):
            return True
    return False


def _role_before_known_name(d: _Doc, lex: Lexicon, a: int, b: int) -> bool:
    """A role noun or an organisation's head noun that opens a sentence before a name the
    document names elsewhere without it ("Sprinter Walker" where "Dougie Walker" runs; "Rapper
    Eminem"; "Miner Highland Gold"): it describes the name and is not part of it."""
    if (d.lower[a] not in lex.role_nouns and d.lower[a] not in lex.org_heads) or not d.is_cap(a + 1) \
            or not d.sentence_initial(a):
        return False
    rest = d.text[d.starts[a + 1]:d.ends[b - 1]]
    return d.text.count(rest) > d.text.count(d.text[d.starts[a]:d.ends[b - 1]])


def _registry_mentions(d: _Doc, reg: Registry, lex: Lexicon) -> list[_Mention]:
    out = []
    titles = lex.titles
    ft = reg.first_token
    if not ft:
        return out
    i = 0
    while i < d.n:
        cands = ft.get(d.words[i]) or ft.get(d.base[i])
        hit = None
        if cands:
            for toks, canon in cands:
                k = len(toks)
                if i + k > d.n:
                    continue
                if k == 1:
                    ok = d.base[i] == toks[0] or d.words[i] == toks[0]
                else:
                    ok = tuple(d.words[i : i + k - 1]) == toks[:-1] and d.base[i + k - 1] == toks[-1]
                if ok and (toks[0].isupper() is False or d.words[i].isupper()):
                    hit = (k, canon)
                    break
        if hit and reg.by_name[hit[1]]["type"] in ("organisation", "place") and _continues_name(d, i + hit[0], lex):
            hit = None  # "Labour Day", "Labour Department": part of a longer name
        if hit:
            k, canon = hit
            rec = reg.by_name[canon]
            a, title = i, ""
            while a + 1 < i + k and (d.words[a] in titles or d.words[a] == "."):
                title = d.words[a] if d.words[a] in titles else title
                a += 1
            st, en = d.span(a, i + k)
            out.append(
                _Mention(st, en, a, i + k, "name", rec["type"], title=title, actor=canon, resolved_by="registry",
                         source="registry", gender=titles.get(title, ""))
            )
            i += k
        else:
            i += 1
    return out


def _continues_name(d: _Doc, j: int, lex: Lexicon) -> bool:
    """True when token ``j`` carries on a capitalised name (not a role, group noun or title)."""
    if j >= d.n or d.sent[j] != d.sent[j - 1] or d.cut[j - 1] or not d.is_cap(j) or d.caps_sentence(d.sent[j]):
        return False
    roles, acr, acr_groups, _ = _role_index(lex)
    w = d.base[j]
    return not (w in acr or w in acr_groups or d.lower[j] in roles or w in lex.titles or w in lex.party_words)



def _split_role_prefix(d: _Doc, lex: Lexicon, crf: list[_Mention]) -> list[_Mention]:
    """A tagged span that is a description in front of a person's name ("BBC Political
    Correspondent James Hardy", "Lib Dem Norman Baker"): the last two or three words,
    starting with a first name (NLTK's names lists), are the person; a party word in
    front becomes an organisation mention, a role is dropped (it describes the person).
    Only when the front holds a role noun or a party word, so "Washington Post" or "Royal
    Bank of Scotland" are never cut."""
    out = []
    for m in crf:
        cut = None
        if m.tj - m.ti >= 3:
            for k in range(max(m.ti + 1, m.tj - 3), m.tj - 1):
                if not (d.is_cap(k) and is_first_name(d.words[k])):
                    continue
                front = d.base[m.ti:k]
                if " ".join(front) in lex.party_words or any(
                        w in lex.role_nouns or w.lower() in lex.role_nouns or w.lower() in lex.credit_words for w in front):
                    cut = k
                    break
        if cut is None:
            out.append(m)
            continue
        front = " ".join(d.base[m.ti:cut])
        if front in lex.party_words:
            st, en = d.span(m.ti, cut)
            out.append(_Mention(st, en, m.ti, cut, "name", "organisation", source="crf"))
        st, en = d.span(cut, m.tj)
        out.append(_Mention(st, en, cut, m.tj, "name", "person", source="crf"))
    return out


def _people_by_surname(d: _Doc, names: list[_Mention], reg: Registry) -> None:
    """A two- or three-word name the tagger typed as a place or organisation whose first
    word is a first name and whose last word is named alone as a person elsewhere in the
    document ("Franklin Raines" typed a place, then "Raines said") is that person: one
    person is never split into two actors because one mention was typed differently."""
    single_people = {d.norm_name(m) for m in names if m.type == "person" and m.tj - m.ti == 1}
    if not single_people:
        return
    for m in names:
        if m.type == "person" or m.source != "crf" or not (2 <= m.tj - m.ti <= 3):
            continue
        words = d.norm_name(m).split()
        if (len(words) >= 2 and words[-1] in single_people and is_first_name(words[0])
                and all(w[:1].isupper() for w in words) and not reg.get(" ".join(words))):
            m.type = "person"


def _split_on_registry(d: _Doc, lex: Lexicon, crf: list[_Mention], regs: list[_Mention]) -> list[_Mention]:
    """Cut tagger spans around registry organisations inside them ("DUDLEY Labour" -> "DUDLEY")."""
    roles, acr, acr_groups, _ = _role_index(lex)
    reg_tok = {}
    for r in regs:
        if r.type != "person":
            for k in range(r.ti, r.tj):
                reg_tok[k] = r
    out = []
    for m in crf:
        while m.tj - m.ti > 1 and (d.base[m.tj - 1] in acr or d.base[m.tj - 1] in acr_groups):
            m.tj -= 1  # "Labour MPs" -> "Labour"
            m.start, m.end = d.span(m.ti, m.tj)
        inner = [k for k in range(m.ti, m.tj) if k in reg_tok]
        if not inner or (len(inner) < m.tj - m.ti and all(reg_tok[k].type == m.type for k in inner)):
            out.append(m)  # "Labour Department", "Scottish Labour Party": the longer name stands
            continue
        piece: list[int] = []
        for k in list(range(m.ti, m.tj)) + [-1]:
            if k != -1 and k not in reg_tok:
                piece.append(k)
                continue
            if piece and d.is_cap(piece[0]) and not all(
                d.lower[x] in roles or d.base[x] in acr or d.base[x] in acr_groups or d.lower[x] in lex.group_nouns
                or d.base[x] in lex.party_words for x in piece
            ):
                a, b = piece[0], piece[-1] + 1
                st, en = d.span(a, b)
                out.append(_Mention(st, en, a, b, "name", m.type, title=m.title, source="crf"))
            piece = []
    return out


def _title_mentions(d: _Doc, lex: Lexicon, names: list[_Mention]) -> list[_Mention]:
    """Titles before names: mark existing name mentions, or create one for the capitalised words."""
    by_start = {m.ti: m for m in names}
    covered = {k for m in names for k in range(m.ti, m.tj)}
    out = []
    titles = lex.titles
    for i in range(d.n - 1):
        w = d.words[i]
        title, nxt = "", i + 1
        if i + 2 < d.n and f"{w} {d.words[i + 1]}" in titles:
            title, nxt = f"{w} {d.words[i + 1]}", i + 2
        elif w in titles:
            title = w
        else:
            continue
        if nxt < d.n and d.words[nxt] == ".":
            nxt += 1
        if nxt >= d.n or d.sent[nxt] != d.sent[i] or not d.is_cap(nxt) or d.words[nxt] in titles:
            continue
        m = by_start.get(nxt)
        if m is None and title not in lex.honorifics and d.lower[nxt] in _gazetteers()[2]:
            continue  # "General Election", "President Street": office words need a tagged name
        if m is None:
            j = nxt
            while j < d.n and j - nxt < 3 and d.sent[j] == d.sent[i] and d.is_cap(j) and d.base[j].isalpha():
                j += 1
                if d.cut[j - 1]:
                    break
            if j == nxt:
                continue
            st, en = d.span(nxt, j)
            m = _Mention(st, en, nxt, j, "name", "person", source="title")
            if any(k in covered for k in range(nxt, j)):
                continue
            out.append(m)
            covered.update(range(nxt, j))
            by_start[nxt] = m
        if m.type == "person" or (m.source != "registry" and title in lex.honorifics):
            m.title = title
            m.type = "person"
            m.gender = titles[title] or m.gender
    return out


def _hyphen_places(d: _Doc, lex: Lexicon) -> list[_Mention]:
    out = []
    for i, w in enumerate(d.words):
        if "-" not in w or not w[:1].isupper():
            continue
        m = _HYPHEN_TOKEN.match(w)
        if m and m.group(2) in lex.hyphen_place:
            st = d.starts[i]
            out.append(_Mention(st, st + len(m.group(1)), i, i + 1, "name", "place", source="hyphen"))
    return out


_INSTITUTION_JOINS = frozenset("of for on and & ,".split())


def _institution_names(d: _Doc, lex: Lexicon) -> list[_Mention]:
    """Names of institutions built as head + "of"/"for" + capitalised words, which the tagger
    often cuts or misses ("Department for Transport" tagged "Transport", a person; "Society for
    Consumer Research" not tagged; "Campaign for Nuclear Disarmament" cut to its end): an
    ``institution_heads`` word of the lexicon, capitalised, then "of" or "for", then capitalised
    words that "and", "of", "for", "&" or a comma may join ("Department for Culture, Media and
    Sport"). Longer than the tagger's span, so it wins when names are merged."""
    out = []
    words, n = d.words, len(d.words)
    for i in range(n - 2):
        w = words[i]
        if not w[:1].isupper() or w.lower() not in lex.institution_heads or d.lower[i + 1] not in ("of", "for"):
            continue
        if i > 0 and words[i - 1][:1].isupper() and d.lower[i - 1] not in _DETERMINERS and d.sent[i - 1] == d.sent[i]:
            continue  # inside a longer name ("Royal Society of Arts"): the tagger's span is better
        j, end = i + 2, None
        while j < n and d.sent[j] == d.sent[i]:
            if words[j][:1].isupper() and words[j].isalpha():
                end = j + 1
            elif not (d.lower[j] in _INSTITUTION_JOINS and j + 1 < n and words[j + 1][:1].isupper()):
                break
            j += 1
        if end is not None and not d.cut[i]:
            st, en = d.span(i, end)
            out.append(_Mention(st, en, i, end, "name", "organisation", source="crf"))
    return out


def _handle_mentions(d: _Doc) -> list[_Mention]:
    out = []
    for i, w in enumerate(d.words):
        if w[:1] == "@" and len(w) > 1:
            st, en = d.span(i, i + 1)
            out.append(_Mention(st, en, i, i + 1, "name", "other", source="handle"))
    return out


_PRIORITY = {"registry": 0, "title": 1, "crf": 2, "known": 3}


def _merge_names(cands: list[_Mention]) -> list[_Mention]:
    """Non-overlapping name mentions.

    Token-internal rules (@handles, "Liverpool-based") win; then longer spans
    first (so an unknown "John Miliband" is not cut to a registry "Miliband"),
    and on equal length the registry beats the tagger.
    """
    first = [m for m in cands if m.source in ("hyphen", "handle")]
    rest = sorted(
        (m for m in cands if m.source not in ("hyphen", "handle")),
        key=lambda m: (-(m.end - m.start), _PRIORITY.get(m.source, 9), m.start),
    )
    kept: list[_Mention] = []
    used: set[int] = set()  # tokens already covered (mentions are token-aligned)
    for m in first + rest:
        toks = range(m.ti, m.tj)
        if not any(k in used for k in toks):
            kept.append(m)
            used.update(toks)
    return sorted(kept, key=lambda m: m.start)


def _first_name_gender(name: str) -> str:
    male, female, _ = _gazetteers()
    first = name.split()[0].lower() if name.split() else ""
    m, f = first in male, first in female
    return "m" if m and not f else "f" if f and not m else ""


_CAMEL = re.compile(r"[A-Z][a-z]+")
_ORG_HEADS = frozenset("party council union group association corporation company plc ltd inc".split())


def _resolve_names(d: _Doc, names: list[_Mention], reg: Registry, lex: Lexicon) -> None:
    """Canonical actor for every name mention (registry, full name, surname, first name),
    then short organisation names, acronyms, @handles and one type per actor, in that order."""
    heads = _organisations_by_head(d, names, reg, lex)
    _people_by_surname(d, names, reg)
    _resolve_full_names(d, names, reg, lex)
    full = [m for m in names if m.type == "person" and len(m.actor.split()) >= 2]
    _link_single_names(d, names, reg, full)
    _peer_names(names)
    _short_org_names(names)
    link_acronyms(d, names)
    _resolve_handles(d, names, full)
    _one_type_per_actor(names, reg, heads)
    _works(d, names, reg, lex)


def _organisations_by_head(d: _Doc, names: list[_Mention], reg: Registry, lex: Lexicon) -> set[int]:
    """A name right after a lower-case organisation head noun of the lexicon ("research firm
    Gartner", "luxury goods group LVMH", "Premiership side Chelsea") is an organisation, whatever
    the tagger typed; registry names and titled names keep theirs. Not after a complete
    noun phrase ("the CGA consultancy Jeanne-Marie Gescher": the head has its own name and
    determiner, and the name after it is an apposition) or for a name that opens with a first
    name and has a surname ("group chairman" aside, "firm John Smith" is a person). Returns the ids
    of the mentions so typed (they fix their actor's type in :func:`_one_type_per_actor`)."""
    out = set()
    for m in names:
        k = m.ti - 1
        if k < 0 or m.title or m.resolved_by == "registry" or m.kind != "name" or d.sent[k] != d.sent[m.ti]:
            continue
        if k >= 2 and d.base[k - 1][:1].isupper() and d.lower[k - 2] in _DETERMINERS:
            continue  # "the CGA consultancy <name>"
        if m.tj - m.ti >= 2 and is_first_name(d.base[m.ti]):
            continue
        w = d.base[k]
        if w.islower() and w in lex.org_heads and not d.cut[k]:
            m.type = "organisation"
            out.add(id(m))
    return out


def _resolve_full_names(d: _Doc, names: list[_Mention], reg: Registry, lex: Lexicon) -> None:
    """Registry names and aliases, party words ("Lib Dem" is a party), full person names
    and organisation or place names as written."""
    party_orgs = {rec["party"]: c for c, rec in reg.by_name.items() if rec["type"] == "organisation" and rec["party"]}
    for m in names:
        if m.actor:
            continue
        text = d.norm_name(m)
        rec = reg.get(text) or (reg.get(f"{m.title} {text}") if m.title else None)
        if not rec and text in lex.party_words and not m.title:
            m.type = "organisation"  # "Lib Dem" is a party, never a person
            rec = reg.by_name.get(party_orgs.get(lex.party_words[text], ""))
        if rec:
            m.actor, m.type, m.resolved_by = rec["name"], rec["type"], "registry"
        elif m.source == "handle":
            continue
        elif m.type == "person" and len(text.split()) >= 2:
            m.actor, m.resolved_by = text, "full-name"
        elif m.type != "person":
            m.actor = text[4:] if text[:4] in ("the ", "The ") and len(text) > 4 else text
            m.resolved_by = "name"


def _relink_registry_surnames(d: _Doc, names: list[_Mention], full: list[_Mention]) -> None:
    """The registry's "Cooper" is Yvette Cooper, but not in a story that names Cynthia Cooper (and
    not Yvette): a person named in full in the document comes before the registry's bare surname
    (not when NLTK's first names give them the other gender than the title's: "Mr Blair" after
    "Cherie Blair" stays the registry's Tony Blair)."""
    in_full: dict[str, list[_Mention]] = {}
    for p in full:
        if " " in d.norm_name(p):
            in_full.setdefault(p.actor.split()[-1], []).append(p)
    for m in names:
        if m.resolved_by != "registry" or m.type != "person" or m.kind != "name":
            continue
        text = d.norm_name(m)
        cands = [p for p in in_full.get(text, ()) if not m.gender or _first_name_gender(p.actor) in ("", m.gender)]
        if " " in text or not cands or any(p.actor == m.actor for p in in_full.get(text, ())):
            continue
        before = [p for p in cands if p.ti < m.ti]
        m.actor, m.resolved_by = (before[-1] if before else cands[0]).actor, "surname"


def _link_single_names(d: _Doc, names: list[_Mention], reg: Registry, full: list[_Mention]) -> None:
    """Single-word names linked to a full name of the document (surname, first name), to
    the one registry person with that surname, or kept as written."""
    by_last: dict[str, list[_Mention]] = {}
    by_first: dict[str, list[_Mention]] = {}
    _relink_registry_surnames(d, names, full)
    for p in full:
        words = p.actor.split()
        by_last.setdefault(words[-1], []).append(p)
        by_first.setdefault(words[0], []).append(p)
    place_count: dict[str, int] = {}
    for m in names:
        if m.type == "place":
            t = d.norm_name(m)
            place_count[t] = place_count.get(t, 0) + 1
    for m in names:
        if m.resolved_by == "registry" or m.source == "handle":
            continue
        text = d.norm_name(m)
        if " " in text:
            continue
        hit, rule = None, ""
        for table, name in ((by_last, "surname"), (by_first, "first-name")):
            if name == "first-name" and m.type != "person":
                continue
            if m.type == "place" and place_count.get(text, 0) > 2 * len(table.get(text, ())):
                continue  # "Chechnya" stays a place after one odd "... Chechnya" person
            cands = table.get(text, [])
            if m.gender and len({p.actor for p in cands}) > 1:  # "Mr Jackson" of Michael and Katherine Jackson
                cands = [p for p in cands if _first_name_gender(p.actor) in ("", m.gender)] or cands
            if cands:
                before = [p for p in cands if p.ti < m.ti]
                if not before and name == "first-name":
                    continue  # a first name links back only ("Jeremy" after "Jeremy Corbyn")
                hit = before[-1] if before else cands[0]
                rule = name if before else name + "-forward"
                break
        if hit is not None:
            m.actor, m.type, m.resolved_by = hit.actor, "person", rule
            continue
        regs = reg.surnames.get(text, [])
        if m.gender:  # "Ms Lowe" is not the registry's Pete Lowe
            regs = [r for r in regs if (reg.by_name.get(r) or {}).get("gender", "") in ("", m.gender)]
        if m.type == "person" and len(regs) == 1:
            m.actor, m.resolved_by = regs[0], "registry-surname"
        elif not m.actor:
            m.actor, m.resolved_by = text, "name"


def _works(d: _Doc, names: list[_Mention], reg: Registry, lex: Lexicon) -> None:
    """A name right after a work noun ("the film The Aviator", "his novel Wolf Brother") is a
    work: every mention of its actor is typed ``other``, unless the registry knows the name or
    it links to a longer person's name ("the film Ray" beside "Ray Charles")."""
    works = set()
    for m in names:
        k = m.ti - 1
        if k > 0 and d.lower[k] == "the" and d.sent[k - 1] == d.sent[m.ti]:
            k -= 1  # "the film The Aviator" where the mention left out its article
        if k >= 0 and d.sent[k] == d.sent[m.ti] and d.base[k].islower() and d.lower[k] in lex.work_nouns \
                and not reg.get(m.actor) and d.norm_name(m) == m.actor:
            works.add(m.actor)
    for m in names:
        if m.actor in works:
            m.type = "other"


def _common_word(d: _Doc, m: _Mention) -> bool:
    """A one-word person name the tagger found at a sentence start that is a lower-case English
    word ("Fewer", "Anger", "Pupils") and that the document never writes with a capital elsewhere
    ("Straw said ..." beside "Jack Straw" stays a name): no name at all."""
    if m.source != "crf" or m.type != "person" or m.tj - m.ti != 1 or not d.sentence_initial(m.ti) or m.title:
        return False  # (typed a place or an organisation it may be "Japan", "Arsenal", "Apple")
    w = d.base[m.ti]
    low = w.lower()
    vocab = _gazetteers()[2]
    if not w[:1].isupper() or w.isupper() or is_first_name(w) or not (
            low in vocab or (low.endswith("s") and low[:-1] in vocab)):
        return False
    return w not in d.inner_bases


#: Titles of the peerage: part of the name a peer is known by ("Lord Janner", "Baroness Scotland").
_PEER_TITLES = frozenset(("Lord", "Lady", "Baroness", "Baron", "Viscount", "Viscountess", "Earl", "Countess"))


def _peer_names(names: list[_Mention]) -> None:
    """A person the story names only by a peer's title and one name is that title and name:
    "Lord Janner", not "Janner" (a surname alone names nobody in particular)."""
    peer: dict[str, str] = {}
    for m in names:
        if m.type == "person" and m.title in _PEER_TITLES and len(m.actor.split()) == 1:
            peer.setdefault(m.actor, f"{m.title} {m.actor}")
    for m in names:
        if m.actor in peer:
            m.actor = peer[m.actor]


def _short_org_names(names: list[_Mention]) -> None:
    """Short organisation names: "Labour" -> "Labour Party" named in the same document."""
    long_orgs: dict[str, set[str]] = {}
    for m in names:
        words = m.actor.split()
        if m.type == "organisation" and len(words) >= 2 and words[-1].lower() in _ORG_HEADS:
            long_orgs.setdefault(" ".join(words[:-1]), set()).add(m.actor)
    for m in names:
        if m.type == "organisation" and m.resolved_by == "name" and len(long_orgs.get(m.actor, ())) == 1:
            m.actor, m.resolved_by = next(iter(long_orgs[m.actor])), "short-org-name"


def _resolve_handles(d: _Doc, names: list[_Mention], full: list[_Mention]) -> None:
    """@handles: a person named in the document, a CamelCase name, or the handle itself."""
    squashed = {re.sub(r"\W", "", p.actor.lower()): p.actor for p in full}
    for m in names:
        if m.source != "handle" or m.actor:
            continue
        body = d.words[m.ti][1:]
        parts = _CAMEL.findall(body)
        if body.lower() in squashed:
            m.actor, m.type, m.resolved_by = squashed[body.lower()], "person", "handle"
        elif len(parts) >= 2 and "".join(parts) == body and _first_name_gender(parts[0]):
            m.actor, m.type, m.resolved_by = " ".join(parts), "person", "handle-name"
        else:
            m.actor, m.type, m.resolved_by = d.words[m.ti], "other", "handle"


def _one_type_per_actor(names: list[_Mention], reg: Registry, heads: set[int] = frozenset()) -> None:
    """One type per actor in a document (registry first, then titles and organisation head
    nouns (``heads``: ids of mentions typed by :func:`_organisations_by_head`), then majority vote)."""
    votes: dict[str, dict[str, int]] = {}
    fixed: dict[str, str] = {}
    for m in names:
        if m.resolved_by == "registry" or m.actor in reg.by_name:
            fixed[m.actor] = reg.by_name[m.actor]["type"] if m.actor in reg.by_name else m.type
        elif id(m) in heads:
            fixed.setdefault(m.actor, "organisation")
        elif m.title or m.resolved_by in ("surname", "first-name", "surname-forward", "first-name-forward"):
            fixed.setdefault(m.actor, "person")
        v = votes.setdefault(m.actor, {})
        v[m.type] = v.get(m.type, 0) + 1
    for m in names:
        t = fixed.get(m.actor)
        if t is None:
            v = votes[m.actor]
            t = max(v, key=lambda k: (v[k], k == "person"))
        m.type = t


def _propagate_known_names(d: _Doc, names: list[_Mention]) -> list[_Mention]:
    """Add single-word mentions of people already named in full that the tagger missed."""
    known: dict[str, tuple[str, str]] = {}
    for m in names:
        words = m.actor.split()
        if m.type == "person" and len(words) >= 2:
            if len(words[-1]) > 1:
                known.setdefault(words[-1], (m.actor, "surname-propagation"))
            if is_first_name(words[0]):
                known.setdefault(words[0], (m.actor, "first-name-propagation"))
    if not known:
        return []
    covered = bytearray(d.n)
    for m in names:
        for k in range(m.ti, m.tj):
            covered[k] = 1
    out = []
    for i, b in enumerate(d.base):
        if covered[i] or b not in known or not d.is_cap(i) or (b.isupper() and not d.caps_sentence(d.sent[i])):
            continue
        if (i > 0 and d.is_cap(i - 1) and not d.sentence_initial(i)) or (i + 1 < d.n and d.is_cap(i + 1) and not d.cut[i]):
            continue
        actor, rule = known[b]
        st, en = d.span(i, i + 1)
        out.append(_Mention(st, en, i, i + 1, "name", "person", actor=actor, resolved_by=rule, source="known"))
    return out
