"""Robustness of the whole pipeline on hostile text: property-based tests over
arbitrary unicode and a reduced fuzz run over mutated real articles. For every
document: no stage raises, every span is valid, ids are unique and stable."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils import paths
from utils.fuzz import MUTATIONS, check_document, mutate, random_text
from conftest import FIXTURES

FIXTURES = FIXTURES / "corpus"
QUOTES = ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "\u201a"]
pieces = st.sampled_from(QUOTES + ["\u200b", "\u202e", "\u200f", "\u0301", "\U0001F600", "\u4e2d\u6587", "\u0627\u0644",
                                   " ", "\n", "\n\n", ".", ",", ":", " said", "Mr Austin", "Labour", " he told ",
                                   "According to", "Cllr", "#Tag", "@handle", "MP", "The", "supporters"])
hostile = st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=120).map("".join)


def _assert_clean(doc_id, text):
    r = check_document(doc_id, text)
    assert not r["crashed"], r["errors"]
    assert r["invalid_spans"] == 0, r["errors"]
    assert r["duplicate_ids"] == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_pipeline_never_raises_on_arbitrary_unicode(text):
    _assert_clean("prop", text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_pipeline_never_raises_on_hostile_news_fragments(text):
    _assert_clean("prop", text)


def test_ids_are_stable_across_runs(seed_text):
    from utils.pipeline import annotate_document

    a = annotate_document("d", seed_text)
    b = annotate_document("d", seed_text)
    for name in ["mentions", "claims", "stances", "frames"]:
        assert a[name].equals(b[name]), name


def test_reduced_fuzz_run_over_mutated_articles():
    """200 mutated documents (the full 10,000 run is benchmarks/fuzz.py)."""
    rng = random.Random(20151)
    bases = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    bases.append((paths.SEED_CORPUS / "000_9e905b8fb374d4c2.txt").read_text(encoding="utf-8"))
    failures = []
    for i in range(200):
        text = mutate(rng.choice(bases), rng, n=rng.randint(1, 4)) if i % 5 else random_text(rng)
        r = check_document(f"fuzz-{i}", text)
        if r["crashed"] or r["invalid_spans"] or r["duplicate_ids"]:
            failures.append((i, r["errors"][:3]))
    assert not failures, failures[:5]


def test_every_mutation_is_exercised_on_the_seed(seed_text):
    for name, fn in MUTATIONS.items():
        _assert_clean(name, fn(seed_text, random.Random(7)))
