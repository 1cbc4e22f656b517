"""Hostile and messy text for robustness checks: mutations of real articles
and a checker that runs the whole pipeline on one document.

Used by ``benchmarks/fuzz.py`` (the full 10,000-document run),
``benchmarks/worst_case.py`` and ``tests/pipeline/test_robustness.py`` (a reduced run).

Each mutation imitates what scraping, pasting and converting do to news text:
cut quotes, doubled paragraphs, HTML remnants, mojibake, quote marks of every
script, zero-width and bidi characters, endless sentences, tables, boilerplate.

Example:
    >>> import random
    >>> rng = random.Random(1)
    >>> out = mutate('He said: "Yes." She left.', rng, n=3)
    >>> isinstance(out, str)
    True
"""
from __future__ import annotations

import random
import time
from typing import Callable

import pandas as pd

QUOTE_MARKS = ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "\u201a", "\u2039", "\u203a",
               "\u300c", "\u300d"]
ODD_CHARS = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u200f", "\u0301", "\u0308",
             "\U0001F600", "\U0001F1EC\U0001F1E7", "\u4e2d\u6587", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
             "\u00a0", "\u2028", "\u2029", "\t", "\r", "\x0b", "\x0c", "\ud7ff", "\U0010ffff"]


def _cut_quote(t: str, rng: random.Random) -> str:
    marks = [i for i, ch in enumerate(t) if ch in "\"\u201c\u201d"]
    if not marks:
        return t
    i = rng.choice(marks)
    return t[:i] + t[i + 1:]


def _double_paragraph(t: str, rng: random.Random) -> str:
    paras = t.split("\n\n")
    i = rng.randrange(len(paras))
    paras.insert(i, paras[i])
    return "\n\n".join(paras)


def _html(t: str, rng: random.Random) -> str:
    tags = ["<p>", "</p>", "<br/>", "<a href=\"https://example.org/?q=1&amp;x=2\">", "</a>", "&nbsp;", "&quot;",
            "<script>var a = \"x\";</script>", "<div class='ad'>Advertisement</div>", "&#8220;", "&#8221;"]
    pos = sorted(rng.randrange(len(t) + 1) for _ in range(rng.randint(1, 8)))
    out, last = [], 0
    for p in pos:
        out += [t[last:p], rng.choice(tags)]
        last = p
    return "".join(out) + t[last:]


def _mojibake(t: str, rng: random.Random) -> str:
    try:
        return t.encode("utf-8").decode("cp1252", errors="replace")
    except UnicodeError:  # pragma: no cover
        return t


def _quote_flood(t: str, rng: random.Random) -> str:
    i = rng.randrange(len(t) + 1)
    return t[:i] + "".join(rng.choice(QUOTE_MARKS) for _ in range(rng.randint(10, 2000))) + t[i:]


def _swap_quote_marks(t: str, rng: random.Random) -> str:
    a, b = rng.sample(QUOTE_MARKS, 2)
    return t.replace('"', a).replace("\u201c", b)


def _odd_chars(t: str, rng: random.Random) -> str:
    chars = list(t)
    for _ in range(rng.randint(1, 30)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(ODD_CHARS))
    return "".join(chars)


def _no_punctuation(t: str, rng: random.Random) -> str:
    return "".join(ch for ch in t if ch.isalnum() or ch.isspace())


def _only_punctuation(t: str, rng: random.Random) -> str:
    return "".join(rng.choice(".,;:!?\"'()-\u2014\u2026") for _ in range(rng.randint(1, 3000)))


def _endless_sentence(t: str, rng: random.Random) -> str:
    return t.replace(". ", ", and ").replace(".\n", ",\n") * rng.randint(1, 4)


def _upper(t: str, rng: random.Random) -> str:
    return t.upper()


def _lower(t: str, rng: random.Random) -> str:
    return t.lower()


def _table(t: str, rng: random.Random) -> str:
    rows = ["| Party | Votes | Share |", "|---|---|---|"] + [
        f"| {rng.choice(['Labour', 'Conservative', 'Lib Dem', 'UKIP'])} | {rng.randint(1, 99999):,} | {rng.random():.1%} |"
        for _ in range(rng.randint(3, 40))]
    i = t.find("\n\n")
    return t + "\n\n" + "\n".join(rows) if i < 0 else t[:i] + "\n\n" + "\n".join(rows) + t[i:]


def _boilerplate(t: str, rng: random.Random) -> str:
    bp = "Share this article: Facebook Twitter Email. Sign up to our newsletter. \u00a9 2015 All rights reserved."
    return "\n\n".join([bp, t, bp, bp])


def _truncate(t: str, rng: random.Random) -> str:
    return t[: rng.randrange(len(t) + 1)]


def _name_list(t: str, rng: random.Random) -> str:
    first = ["Ian", "Yvette", "Andy", "Liz", "Jeremy", "Sarah", "Pete", "Ed", "Mr", "Dr", "Cllr"]
    last = ["Austin", "Cooper", "Burnham", "Kendall", "Corbyn", "Henney", "Lowe", "Miliband"]
    names = ", ".join(f"{rng.choice(first)} {rng.choice(last)}" for _ in range(rng.randint(10, 500)))
    return t + "\n\n" + names


MUTATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "cut_quote": _cut_quote, "double_paragraph": _double_paragraph, "html": _html, "mojibake": _mojibake,
    "quote_flood": _quote_flood, "swap_quote_marks": _swap_quote_marks, "odd_chars": _odd_chars,
    "no_punctuation": _no_punctuation, "only_punctuation": _only_punctuation,
    "endless_sentence": _endless_sentence, "upper": _upper, "lower": _lower, "table": _table,
    "boilerplate": _boilerplate, "truncate": _truncate, "name_list": _name_list,
}


def mutate(text: str, rng: random.Random, *, n: int = 2) -> str:
    """Apply ``n`` random mutations to ``text`` (never returns an empty string)."""
    out = text or "x"
    for name in rng.sample(sorted(MUTATIONS), k=min(n, len(MUTATIONS))):
        out = MUTATIONS[name](out or "x", rng)
    return out or "x"


def random_text(rng: random.Random, *, max_len: int = 2000) -> str:
    """Arbitrary unicode mixed with news-like pieces and quote marks."""
    pieces = QUOTE_MARKS + ODD_CHARS + [" ", "\n", "\n\n", ".", ",", "Mr Austin said", " he said.", "Labour",
                                        "according to", " told ", "Cllr Pete Lowe", "#Tag", "@handle"]
    out = []
    while sum(map(len, out)) < rng.randint(0, max_len):
        if rng.random() < 0.5:
            out.append(rng.choice(pieces))
        else:
            out.append(chr(rng.choice([rng.randint(32, 0x2FF), rng.randint(0x300, 0xD7FF), rng.randint(0xE000, 0x10FFFF)])))
    return "".join(out)


def check_document(doc_id: str, text: str) -> dict:
    """Annotate one document and check every invariant.

    Returns a dict: seconds, n_chars, crashed (a stage raised: see ``errors``),
    invalid_spans (span problems found), duplicate_ids, errors (messages).
    """
    from utils.pipeline import _SPANS, annotate_document

    t0 = time.perf_counter()
    try:
        out = annotate_document(doc_id, text)
    except Exception as exc:  # noqa: BLE001 - the point is to count these
        return {"doc_id": doc_id, "seconds": time.perf_counter() - t0, "n_chars": len(text), "crashed": True,
                "invalid_spans": 0, "duplicate_ids": 0, "errors": [f"{type(exc).__name__}: {exc}"]}
    seconds = time.perf_counter() - t0
    errs = out["errors"]
    crashed = errs[errs["error"] != "InvalidSpan"]
    invalid = int((errs["error"] == "InvalidSpan").sum())
    # re-check what was kept, independently of the pipeline's own filter
    for name, spans in _SPANS.items():
        df = out[name]
        for s_col, e_col, t_col in spans:
            for s, e, t in zip(df[s_col], df[e_col], df[t_col]):
                if pd.isna(s) or pd.isna(e):
                    continue
                if not (0 <= int(s) <= int(e) <= len(text)) or (not pd.isna(t) and text[int(s):int(e)] != t):
                    invalid += 1
    seg = out["segments"]
    invalid += sum(1 for s, e, t in zip(seg["start"], seg["end"], seg["text"]) if text[s:e] != t)
    dup = 0
    for name, key in (("mentions", ["mention_id"]), ("claims", ["claim_id", "part"]), ("stances", ["stance_id"]),
                      ("segments", ["unit_id"])):
        df = out[name]
        if set(key) <= set(df.columns) and len(df):
            dup += int(df.duplicated(key).sum())
    frames = out["frames"]
    if len(frames):
        dup += int(frames.duplicated(["unit", "unit_id", "scheme", "frame"]).sum())
    return {"doc_id": doc_id, "seconds": seconds, "n_chars": len(text), "crashed": bool(len(crashed)),
            "invalid_spans": invalid, "duplicate_ids": dup,
            "errors": [f"{r.stage}: {r.error}: {r.message}" for r in errs.itertuples()]}
