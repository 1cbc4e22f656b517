"""Every id rule of the project in one place. Ids are stable: the same document text
and settings always give the same ids, so analysts' corrections (keyed by ids) survive
a re-run.

| id | form | made by |
|---|---|---|
| segment | ``DOC:pN`` (paragraph N), ``DOC:sN`` (sentence N) | ``segment_id`` |
| mention | ``DOC:mSTART-END`` | ``mention_id`` |
| actor | a slug of the canonical name (``ian-austin``) | ``actor_id`` |
| claim | ``DOC:cSTART-END``, the offsets of its first part | ``claim_id_for`` |
| stance | ``DOC:cSTART-END:TARGET`` or ``DOC:aSTART-END:TARGET`` (see ``utils.stance``) | ``utils.stance`` |
"""
from __future__ import annotations

import hashlib
import re
import unicodedata


def actor_id(name: str) -> str:
    """Stable slug of a canonical actor name.

    Names that slug to nothing (e.g. only CJK characters) get a short hash.

    >>> actor_id("Ian Austin"), actor_id("Corbyn's supporters"), actor_id("Zoë Lévy")
    ('ian-austin', 'corbyn-s-supporters', 'zoe-levy')
    >>> actor_id("习近平").startswith("actor-")
    True
    """
    slug = re.sub(
        r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    ).strip("-")
    if slug:
        return slug
    return "actor-" + hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:10]


def claim_id_for(doc_id: str, content_start: int, content_end: int) -> str:
    """The stable id of a claim: its document and the offsets of its first part.

    >>> claim_id_for("000_ab", 10, 42)
    '000_ab:c10-42'
    """
    return f"{doc_id}:c{int(content_start)}-{int(content_end)}"


def mention_id(doc_id: str, start: int, end: int) -> str:
    """The id of a mention: its document and offsets.

    >>> mention_id("000_ab", 3, 12)
    '000_ab:m3-12'
    """
    return f"{doc_id}:m{int(start)}-{int(end)}"


def segment_id(doc_id: str, kind: str, index: int) -> str:
    """The id of paragraph or sentence ``index`` of a document.

    >>> segment_id("000_ab", "paragraph", 2), segment_id("000_ab", "sentence", 7)
    ('000_ab:p2', '000_ab:s7')
    """
    return f"{doc_id}:{ {'paragraph': 'p', 'sentence': 's'}[kind]}{int(index)}"
