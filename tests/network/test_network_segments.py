"""``edge_evidence(..., segments=)`` reads the sentences of the ``segments`` table instead
of cutting the text again, with the same result as without it, on the seed article."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from conftest import SEED_FILE
from utils import network, schema, text as text_module
from utils.text import segment, segments_frame

DOC = SEED_FILE.stem


@pytest.fixture(scope="module")
def seed() -> dict:
    """The seed article, its ``segments`` table as the pipeline makes it, and stances
    whose evidence is each gold claim's content (some span several sentences), each
    sentence, and each pair of neighbouring sentences' boundary."""
    import json

    from conftest import GOLD_FILE

    text = SEED_FILE.read_text(encoding="utf-8")
    seg = segment(text, DOC)
    spans = []
    if GOLD_FILE.exists():
        for c in json.loads(GOLD_FILE.read_text(encoding="utf-8"))["claims"]:
            start = text.index(c["content"])
            spans.append((c["speaker"], start, start + len(c["content"])))
    for k, s in enumerate(seg.sentences):
        spans.append((f"Reader {k % 3}", s.start, s.end))
        if k + 1 < len(seg.sentences):
            spans.append((f"Reader {k % 3}", max(s.end - 5, s.start), seg.sentences[k + 1].start + 5))
    rows = [{"doc_id": DOC, "stance_id": f"{DOC}:s{k}", "claim_id": "", "source": who,
             "source_id": network.actor_id(who), "target": f"issue {k % 4}", "target_id": f"issue-{k % 4}",
             "target_type": "issue", "polarity": ("favour", "against")[k % 2], "score": pd.NA,
             "evidence": text[a:b], "evidence_start": a, "evidence_end": b, "rule": "test"}
            for k, (who, a, b) in enumerate(spans)]
    return {
        "text": text,
        "stances": pd.DataFrame(rows, columns=schema.STANCES),
        "documents": pd.DataFrame({"doc_id": [DOC], "title": ["seed"], "text": [text]}),
        "segments": segments_frame(DOC, seg),
    }


def _all_evidence(seed: dict, **options) -> list[pd.DataFrame]:
    edges = network.two_mode_edges(seed["stances"])
    return [network.edge_evidence(edges, a, b, seed["stances"], documents=seed["documents"], **options)
            for a, b in zip(edges["source"], edges["target"])]


def test_edge_evidence_from_the_segments_table_is_the_same(seed, monkeypatch):
    without = _all_evidence(seed)
    ev = pd.concat(without, ignore_index=True)
    assert len(ev) == len(seed["stances"]) and ev["sentence_start"].notna().all()
    assert all(seed["text"][r.sentence_start:r.sentence_end] == r.sentence for r in ev.itertuples())
    assert (ev["sentence"] != ev["evidence"]).any()  # evidence inside longer sentences, and across two

    def no_segmenting(*args, **kwargs):
        raise AssertionError("the text was segmented again although the segments table was given")

    monkeypatch.setattr(text_module, "segment", no_segmenting)
    # as built by the pipeline, and as read back from the CSV that `annotate` writes
    as_read = pd.read_csv(io.StringIO(seed["segments"].to_csv(index=False)), keep_default_na=False)
    for segments in (seed["segments"], as_read):
        for a, b in zip(without, _all_evidence(seed, segments=segments)):
            pd.testing.assert_frame_equal(a, b)


def test_edge_evidence_segments_a_document_the_table_lacks(seed):
    other = seed["segments"].assign(doc_id="another-document")
    for a, b in zip(_all_evidence(seed), _all_evidence(seed, segments=other)):
        pd.testing.assert_frame_equal(a, b)
