"""A tiny invented two-article corpus with hand-coded claims and stances, for demos and tests.
"""
from __future__ import annotations


import pandas as pd

from utils import schema
from utils.actors import actor_id  # the project's one slug rule


# ---------------------------------------------------------------- example

_EXAMPLE_DOCS = {
    "ex-northgate-1": (
        "Council split over Northgate bypass", "2026-03-02",
        "Councillor Tom Hartley said the Northgate bypass would \"finally end the gridlock\" in the town centre.\n\n"
        "Priya Shah, who leads the Labour group, said she backed the bypass but warned that the housing plan "
        "was \"rushed and unfair\".\n\n"
        "Maria Lopez of the Green Party said the bypass was \"a costly mistake\" and urged the council to scrap it.\n\n"
        "Dan Okafor, a Labour councillor, said he agreed with Ms Shah that the housing plan should be paused.\n",
    ),
    "ex-northgate-2": (
        "Housing plan row deepens", "2026-04-15",
        "Tom Hartley defended the housing plan, saying it would bring 400 new homes to the town.\n\n"
        "Maria Lopez said the housing plan would \"swallow the last green fields\" and accused Mr Hartley of "
        "ignoring residents.\n\n"
        "The Northgate Residents' Association said it opposed the bypass and that Mr Hartley had failed to "
        "listen.\n\n"
        "Dan Okafor said the bypass would help local firms.\n",
    ),
}
# (doc, paragraph, speaker, speaker text, cue, content, target, target type, polarity, evidence)
_EXAMPLE_STANCES = [
    ("ex-northgate-1", 0, "Tom Hartley", "Councillor Tom Hartley", "said",
     "the Northgate bypass would \"finally end the gridlock\" in the town centre", "Northgate bypass", "issue",
     "favour", "would \"finally end the gridlock\""),
    ("ex-northgate-1", 1, "Priya Shah", "Priya Shah", "said",
     "she backed the bypass", "Northgate bypass", "issue", "favour", "backed the bypass"),
    ("ex-northgate-1", 1, "Priya Shah", "Priya Shah", "warned",
     "the housing plan was \"rushed and unfair\"", "housing plan", "issue", "against", "\"rushed and unfair\""),
    ("ex-northgate-1", 2, "Maria Lopez", "Maria Lopez", "said",
     "the bypass was \"a costly mistake\"", "Northgate bypass", "issue", "against", "\"a costly mistake\""),
    ("ex-northgate-1", 3, "Dan Okafor", "Dan Okafor", "said",
     "he agreed with Ms Shah that the housing plan should be paused", "housing plan", "issue", "against",
     "the housing plan should be paused"),
    ("ex-northgate-1", 3, "Dan Okafor", "Dan Okafor", "said",
     "he agreed with Ms Shah that the housing plan should be paused", "Priya Shah", "actor", "favour",
     "he agreed with Ms Shah"),
    ("ex-northgate-2", 0, "Tom Hartley", "Tom Hartley", "defended",
     "the housing plan", "housing plan", "issue", "favour", "defended the housing plan"),
    ("ex-northgate-2", 1, "Maria Lopez", "Maria Lopez", "said",
     "the housing plan would \"swallow the last green fields\"", "housing plan", "issue", "against",
     "\"swallow the last green fields\""),
    ("ex-northgate-2", 1, "Maria Lopez", "Maria Lopez", "accused",
     "Mr Hartley of ignoring residents", "Tom Hartley", "actor", "against", "accused Mr Hartley of ignoring residents"),
    ("ex-northgate-2", 2, "Northgate Residents' Association", "The Northgate Residents' Association", "said",
     "it opposed the bypass", "Northgate bypass", "issue", "against", "opposed the bypass"),
    ("ex-northgate-2", 2, "Northgate Residents' Association", "The Northgate Residents' Association", "said",
     "Mr Hartley had failed to listen", "Tom Hartley", "actor", "against", "Mr Hartley had failed to listen"),
    ("ex-northgate-2", 3, "Dan Okafor", "Dan Okafor", "said",
     "the bypass would help local firms", "Northgate bypass", "issue", "favour", "would help local firms"),
]
_EXAMPLE_ACTORS = [
    ("Tom Hartley", "person", "Conservative", "councillor"),
    ("Priya Shah", "person", "Labour", "leader of the Labour group"),
    ("Maria Lopez", "person", "Green", "councillor"),
    ("Dan Okafor", "person", "Labour", "councillor"),
    ("Northgate Residents' Association", "organisation", "", "residents' group"),
]


def example_tables() -> dict[str, pd.DataFrame]:
    """A tiny invented corpus (two local-news articles about a bypass and a
    housing plan) with hand-coded claims and stances, for demos and tests.

    Returns ``documents``, ``actors``, ``claims`` and ``stances`` tables in the
    schema column order; every span is an offset into the document text.
    Positions (0 = against, 1 = favour): Hartley bypass 1, housing 1; Shah
    bypass 1, housing 0; Lopez bypass 0, housing 0, Hartley 0; Okafor housing 0,
    Shah 1, bypass 1; Residents' Association bypass 0, Hartley 0.

    >>> t = example_tables()
    >>> len(t["stances"]), t["stances"]["polarity"].value_counts().to_dict()
    (12, {'against': 7, 'favour': 5})
    """
    from utils.text import segment

    docs, claims, stances = [], {}, []
    for doc_id, (title, date, text) in _EXAMPLE_DOCS.items():
        docs.append({"doc_id": doc_id, "title": title, "source": "example", "date": pd.Timestamp(date),
                     "url": "", "author": "", "path": "", "encoding": "utf-8", "n_chars": len(text),
                     "n_words": len(text.split()), "text": text})
    for k, (doc_id, para, speaker, spk_text, cue, content, target, ttype, pol, evidence) in enumerate(_EXAMPLE_STANCES):
        text = _EXAMPLE_DOCS[doc_id][2]
        seg = segment(text)
        p = seg.paragraphs[para]
        cs = text.index(content, p.start)
        ss = text.index(spk_text, p.start)
        cue_s = text.index(cue, ss + len(spk_text))
        es = text.index(evidence, p.start)
        claim_id = f"{doc_id}:c{cs}-{cs + len(content)}"
        claims[claim_id] = {
            "doc_id": doc_id, "claim_id": claim_id, "part": 1,
            "kind": "direct" if content.count('"') >= 2 and content.startswith('"') else "indirect",
            "speaker": speaker, "speaker_id": actor_id(speaker), "speaker_text": spk_text,
            "speaker_start": ss, "speaker_end": ss + len(spk_text), "cue": cue, "cue_start": cue_s,
            "cue_end": cue_s + len(cue), "content": content, "content_start": cs, "content_end": cs + len(content),
            "paragraph": para, "sentence": seg.sentence_at(cs), "confidence": 1.0, "rule": "hand", "parent_claim_id": "",
        }
        stances.append({
            "doc_id": doc_id, "stance_id": f"{doc_id}:t{k}", "claim_id": claim_id, "source": speaker,
            "source_id": actor_id(speaker), "target": target, "target_id": actor_id(target), "target_type": ttype,
            "polarity": pol, "score": 1.0 if pol == "favour" else -1.0, "evidence": evidence,
            "evidence_start": es, "evidence_end": es + len(evidence), "rule": "hand",
        })
    actors = pd.DataFrame([{"actor_id": actor_id(n), "name": n, "type": t, "party": p, "role": r,
                            "n_mentions": 1, "n_documents": 1, "in_registry": False}
                           for n, t, p, r in _EXAMPLE_ACTORS], columns=schema.ACTORS)
    ints = {c: "Int64" for c in schema.INT_COLUMNS}
    claims_df = pd.DataFrame(list(claims.values()), columns=schema.CLAIMS)
    stances_df = pd.DataFrame(stances, columns=schema.STANCES)
    return {
        "documents": pd.DataFrame(docs, columns=schema.DOCUMENTS),
        "actors": actors,
        "claims": claims_df.astype({c: t for c, t in ints.items() if c in claims_df}),
        "stances": stances_df.astype({c: t for c, t in ints.items() if c in stances_df}),
    }
