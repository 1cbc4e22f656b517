"""Column order of every table the pipeline writes (the interface between stages).

Used by ``utils.pipeline`` and ``utils.tables`` and by the tests that check the
CSV files. A stage returns a DataFrame with at least these columns, in this order.
"""
from __future__ import annotations

DOCUMENTS = ["doc_id", "title", "source", "date", "url", "author", "path", "encoding", "n_chars", "n_words", "text"]
SKIPPED = ["source_file", "line", "doc_id", "action", "reason"]
SEGMENTS = ["doc_id", "unit", "unit_id", "paragraph", "start", "end", "text"]
MENTIONS = [
    "doc_id", "mention_id", "start", "end", "text", "actor_id", "actor", "type", "kind",
    "title", "resolved_by", "sentence", "paragraph",
]
ACTORS = ["actor_id", "name", "type", "party", "role", "n_mentions", "n_documents", "in_registry"]
#: Places are settings, not actors: the places table lists them apart (a place that speaks,
#: "Britain said", stays in the actors table as well, typed place).
PLACES = ["actor_id", "name", "n_mentions", "n_documents", "in_registry"]
CLAIMS = [
    "doc_id", "claim_id", "part", "kind", "speaker", "speaker_id", "speaker_text", "speaker_start", "speaker_end",
    "cue", "cue_start", "cue_end", "content", "content_start", "content_end",
    "paragraph", "sentence", "confidence", "rule", "parent_claim_id",
]
STANCES = [
    "doc_id", "stance_id", "claim_id", "source", "source_id", "target", "target_id", "target_type",
    "polarity", "score", "evidence", "evidence_start", "evidence_end", "rule",
]
FRAMES = ["doc_id", "unit", "unit_id", "scheme", "frame", "score", "present", "evidence"]
ERRORS = ["doc_id", "stage", "error", "message"]

INT_COLUMNS = {
    "start", "end", "paragraph", "sentence", "speaker_start", "speaker_end", "cue_start", "cue_end",
    "content_start", "content_end", "evidence_start", "evidence_end", "n_chars", "n_words", "part",
    "n_mentions", "n_documents", "line",
}

BOOL_COLUMNS = {"present", "in_registry"}

#: The tables the pipeline writes, in dependency order, and their columns; the stage that
#: makes each is named in the README's Architecture section.
TABLES = {
    "documents": DOCUMENTS,
    "skipped": SKIPPED,
    "segments": SEGMENTS,
    "mentions": MENTIONS,
    "actors": ACTORS,
    "places": PLACES,
    "claims": CLAIMS,
    "stances": STANCES,
    "frames": FRAMES,
    "errors": ERRORS,
}
