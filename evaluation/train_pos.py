"""Train the part-of-speech tagger of ``utils.text.tagger`` on GUM and measure it.

Usage::

    python -m evaluation.train_pos [--iterations 5] [--min-weight 0.0] [--out PATH] [--no-reference]

Data: GUM (Zeldes 2017), CoNLL-U ``train/`` and ``dev/`` in ``$WSW_DATASETS/gum``
(default ``../shared/datasets/gum``); the XPOS column is the Penn Treebank tag. The
shipped model is trained on the ``train/`` documents of the genres whose texts are
CC-BY or CC-BY-SA (``SHIP_GENRES``: academic, bio, court, interview, news, voyage;
genre from ``# meta::genre``, else the file name); every genre of ``dev/`` is used
for measurement.

Tokenisation. The project's tokens (``utils.text.token_spans``) keep clitics on
their host ("don't", "Corbyn's", "I'm") and hyphenated words whole ("all-girl"),
where GUM splits them ("do n't", "Corbyn 's", "all - girl"). The model is trained on
the project's tokens: each GUM sentence text is rebuilt from its surface tokens and
``SpaceAfter=No``, cut with ``token_spans``, and every project token takes the tag
of the GUM words it covers by one rule (``project_tag``): the host of a clitic
("don't" -> do VBP, "Corbyn's" -> NNP), else the last part that is not a hyphen or
punctuation ("well-known" -> VBN). Accuracy is reported on the project's tokens
against these derived tags, and, for comparison with published figures, for a model
trained the same way on GUM's own words (``--no-reference`` skips it). The NLTK
``treebank`` sample (WSJ, ``../shared/nltk_data``) is measured too when present.

Writes ``utils/models/pos_gum.json.gz``. Exits cleanly ("skipped: ...") when GUM is absent.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

SHIP_GENRES = ("academic", "bio", "court", "interview", "news", "voyage")
CLITIC = re.compile(r"^(?:['’].*|n['’]t)$", re.IGNORECASE)
PUNCT_TAGS = {"HYPH", ",", ".", ":", "``", "''", "-LRB-", "-RRB-", "NFP"}


def read_conllu(path: Path) -> tuple[str, list[list[tuple[str, bool, list[tuple[str, str]]]]]]:
    """Genre and sentences of one CoNLL-U file. A sentence is a list of surface tokens
    ``(form, space_after, [(word, xpos), ...])``; a multi-word token ("don't") holds
    its syntactic words ("do", "n't")."""
    genre = ""
    m = re.match(r"GUM_([a-z]+)_", path.name)
    sents, cur = [], []
    mwt_end = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# meta::genre"):
            genre = line.split("=", 1)[1].strip()
            continue
        if not line.strip():
            if cur:
                sents.append(cur)
            cur, mwt_end = [], 0
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 10 or "." in cols[0]:
            continue
        space = "SpaceAfter=No" not in cols[9].split("|")
        if "-" in cols[0]:
            a, b = cols[0].split("-")
            cur.append((cols[1], space, []))
            mwt_end = int(b)
            continue
        if int(cols[0]) <= mwt_end:
            cur[-1][2].append((cols[1], cols[4]))
        else:
            cur.append((cols[1], space, [(cols[1], cols[4])]))
    if cur:
        sents.append(cur)
    return genre or (m.group(1) if m else "unknown"), sents


def read_split(folder: Path) -> list[tuple[str, str, list]]:
    """``(doc id, genre, sentences)`` for every ``.conllu`` file of ``folder``."""
    return [(p.stem, *read_conllu(p)) for p in sorted(folder.glob("*.conllu"))]


def gum_words(sent) -> tuple[list[str], list[str]]:
    """GUM's own words and tags (PTB tokenisation)."""
    pairs = [wt for _, _, words in sent for wt in words]
    return [w for w, _ in pairs], [t for _, t in pairs]


def project_tag(pieces: list[tuple[str, bool, list[tuple[str, str]]]]) -> str:
    """The tag of a project token covering the GUM surface tokens ``pieces``: the host
    of a clitic (first word of a multi-word token; a later piece that is a clitic is
    dropped), else the last piece that is not a hyphen or punctuation."""
    heads = [(form, words[0][1]) for form, _, words in pieces if words]
    kept = [(f, t) for k, (f, t) in enumerate(heads) if k == 0 or not (CLITIC.match(f) or t in PUNCT_TAGS or t == "POS")]
    return kept[-1][1] if kept else "XX"


def project_words(sent) -> tuple[list[str], list[str]]:
    """The sentence cut by the project's tokenizer, with tags by :func:`project_tag`."""
    from utils.text import token_spans

    text, starts = "", []
    for form, space, _ in sent:
        starts.append(len(text))
        text += form + (" " if space else "")
    owner = [0] * (len(text) + 1)
    for k, s in enumerate(starts):
        for c in range(s, s + len(sent[k][0])):
            owner[c] = k
    words, tags = [], []
    for s, e in token_spans(text):
        covered = [owner[s]]
        k = owner[s] + 1
        while k < len(sent) and starts[k] < e:
            covered.append(k)
            k += 1
        words.append(text[s:e])
        tags.append(project_tag([sent[k] for k in covered]))
    return words, tags


def train(sentences: list[tuple[list[str], list[str]]], iterations: int):
    from nltk.tag.perceptron import PerceptronTagger

    random.seed(0)  # the perceptron shuffles the sentences between iterations
    tagger = PerceptronTagger(load=False)
    tagger.train([list(zip(w, t)) for w, t in sentences if w], nr_iter=iterations)
    return tagger


def score(tagger, docs, view) -> dict[str, tuple[int, int]]:
    """Correct / total tokens per genre (and ``all``, ``news+interview``)."""
    acc: dict[str, list[int]] = {}
    for _, genre, sents in docs:
        for sent in sents:
            words, gold = view(sent)
            if not words:
                continue
            pred = [t for _, t in tagger.tag(words)]
            ok = sum(p == g for p, g in zip(pred, gold))
            keys = [genre, "all"] + (["news+interview"] if genre in ("news", "interview") else [])
            for key in keys:
                a = acc.setdefault(key, [0, 0])
                a[0] += ok
                a[1] += len(words)
    return {k: (v[0], v[1]) for k, v in acc.items()}


def print_scores(title: str, results: dict[str, dict[str, tuple[int, int]]]) -> None:
    """One table: genres as rows, one column per model/view."""
    print(f"\n{title}")
    cols = list(results)
    print("| genre | tokens | " + " | ".join(cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    first = results[cols[0]]
    genres = sorted(k for k in first if k not in ("all", "news+interview")) + ["news+interview", "all"]
    for g in genres:
        if g not in first:
            continue
        cells = [f"{results[c][g][0] / results[c][g][1]:.4f}" if g in results[c] else "-" for c in cols]
        mark = "" if g in SHIP_GENRES or g in ("all", "news+interview") else " *"
        print(f"| {g}{mark} | {first[g][1]} | " + " | ".join(cells) + " |")


def treebank_sentences():
    """NLTK's ``treebank`` sample (WSJ) as ``(words, tags)``, traces removed; [] when absent.
    Read with ``zipfile`` (NLTK refuses zip paths outside its data roots)."""
    import zipfile

    from utils import paths

    z = paths.shared_dir() / "nltk_data" / "corpora" / "treebank.zip"
    if not z.is_file():
        return []
    out = []
    with zipfile.ZipFile(z) as zf:
        for name in sorted(n for n in zf.namelist() if re.search(r"combined/wsj_\d+\.mrg$", n)):
            text = zf.read(name).decode("utf-8")
            for tree in re.split(r"\n(?=\(\s*\()", text):
                pairs = [(w, t) for t, w in re.findall(r"\(([^\s()]+) ([^\s()]+)\)", tree) if t != "-NONE-"]
                if pairs:
                    out.append(([w for w, _ in pairs], [t for _, t in pairs]))
    return out


def treebank_as_gum(sent: tuple[list[str], list[str]]):
    """A treebank sentence as GUM-like surface tokens (no space before a clitic), so the
    project tokenizer can cut it."""
    words, tags = sent
    out = []
    for k, (w, t) in enumerate(zip(words, tags)):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        out.append((w, not CLITIC.match(nxt), [(w, t)]))
    return out


def main(argv: list[str] | None = None) -> int:
    """Train the shipped model (project tokens, CC-BY / CC-BY-SA genres), save it, and
    print accuracy tables on GUM dev (per genre) and on the treebank sample."""
    from utils import paths
    from utils.text.tagger import MODEL_PATH, read_model, save_model

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--min-weight", type=float, default=0.0, help="drop weights below this (absolute value)")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--no-reference", action="store_true", help="skip the reference models (GUM words, all genres)")
    args = ap.parse_args(argv)

    gum = paths.datasets_dir() / "gum"
    if not (gum / "train").is_dir() or not (gum / "dev").is_dir():
        print(f"skipped: dataset not found at {gum} (needs train/ and dev/ CoNLL-U)")
        return 0
    train_docs, dev_docs = read_split(gum / "train"), read_split(gum / "dev")
    ship_docs = [d for d in train_docs if d[1] in SHIP_GENRES]
    print(f"GUM train: {len(train_docs)} documents; shipped model trained on {len(ship_docs)} "
          f"({', '.join(SHIP_GENRES)}); dev: {len(dev_docs)} documents")

    t0 = time.process_time()
    ship_sents = [project_words(s) for _, _, sents in ship_docs for s in sents]
    tagger = train(ship_sents, args.iterations)
    secs = time.process_time() - t0
    n_tok = sum(len(w) for w, _ in ship_sents)
    info = save_model(tagger, args.out, args.min_weight)
    print(f"trained on {len(ship_sents)} sentences, {n_tok} project tokens in {secs:.1f} s CPU; "
          f"wrote {args.out} ({info['bytes'] / 1e6:.2f} MB, {info['features']} features, {info['weights']} weights)")
    shipped = read_model(args.out)  # measure what is shipped (pruned, rounded)

    merged = Counter()
    for _, _, sents in dev_docs:
        for s in sents:
            merged["gum words"] += len(gum_words(s)[0])
            merged["project tokens"] += len(project_words(s)[0])
    print(f"GUM dev: {merged['gum words']} GUM words, {merged['project tokens']} project tokens")

    res = {"shipped (project tokens)": score(shipped, dev_docs, project_words)}
    if not args.no_reference:
        ref = train([gum_words(s) for _, _, sents in ship_docs for s in sents], args.iterations)
        res["same genres, GUM words"] = score(ref, dev_docs, gum_words)
        all_proj = train([project_words(s) for _, _, sents in train_docs for s in sents], args.iterations)
        res["all genres, project tokens"] = score(all_proj, dev_docs, project_words)
    print_scores("Token accuracy on GUM dev (XPOS; * = genre not in the shipped model's training data)", res)

    tb = treebank_sentences()
    if tb:
        tb_docs = [("treebank", "wsj", [treebank_as_gum(s) for s in tb])]
        tb_res = {"shipped (project tokens)": score(shipped, tb_docs, project_words)}
        if not args.no_reference:
            tb_res["same genres, GUM words"] = score(ref, tb_docs, gum_words)
        print_scores(f"NLTK treebank sample (WSJ, {len(tb)} sentences, traces removed)", tb_res)
    else:
        print("\ntreebank sample: not found (skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
