"""Export to DNA 3's SQLite ``.dna`` format (with the Admin coder's jasypt password hash).
"""
from __future__ import annotations

import os
import sqlite3
from functools import partial
from pathlib import Path

import pandas as pd

from utils.network.build import _blank, _str_col, _to_datetime, statements
from utils.network.export import _atomic_write


#: DNA 3's SQLite tables, as ``Sql.createTables`` in leifeld/dna (DNA 3.0, Java) creates
#: them (column names, types and checks copied; the foreign keys are left out because
#: this writer fills the tables in dependency order and SQLite does not enforce them
#: unless asked to).
_DNA_SCHEMA = """
CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL CHECK (LENGTH(Name) < 191),
  Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0,
  Refresh INTEGER NOT NULL DEFAULT 0, FontSize INTEGER NOT NULL DEFAULT 14,
  Password TEXT NOT NULL CHECK (LENGTH(Password) < 191), PopupWidth INTEGER DEFAULT 300,
  ColorByCoder INTEGER NOT NULL DEFAULT 0, PopupDecoration INTEGER NOT NULL DEFAULT 0,
  PopupAutoComplete INTEGER NOT NULL DEFAULT 1,
  PermissionAddDocuments INTEGER NOT NULL DEFAULT 1, PermissionEditDocuments INTEGER NOT NULL DEFAULT 1,
  PermissionDeleteDocuments INTEGER NOT NULL DEFAULT 1, PermissionImportDocuments INTEGER NOT NULL DEFAULT 1,
  PermissionAddStatements INTEGER NOT NULL DEFAULT 1, PermissionEditStatements INTEGER NOT NULL DEFAULT 1,
  PermissionDeleteStatements INTEGER NOT NULL DEFAULT 1, PermissionEditAttributes INTEGER NOT NULL DEFAULT 1,
  PermissionEditRegex INTEGER NOT NULL DEFAULT 1, PermissionEditStatementTypes INTEGER NOT NULL DEFAULT 1,
  PermissionEditCoders INTEGER NOT NULL DEFAULT 1, PermissionEditCoderRelations INTEGER NOT NULL DEFAULT 1,
  PermissionViewOthersDocuments INTEGER NOT NULL DEFAULT 1, PermissionEditOthersDocuments INTEGER NOT NULL DEFAULT 1,
  PermissionViewOthersStatements INTEGER NOT NULL DEFAULT 1, PermissionEditOthersStatements INTEGER NOT NULL DEFAULT 1);
CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL CHECK (LENGTH(Title) < 191),
  Text TEXT NOT NULL, Coder INTEGER, Author TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Author) < 191),
  Source TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Source) < 191),
  Section TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Section) < 191), Notes TEXT NOT NULL DEFAULT '',
  Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191), Date INTEGER NOT NULL);
CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, Label TEXT NOT NULL CHECK (LENGTH(Label) < 191),
  Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191),
  DataType TEXT NOT NULL DEFAULT 'short text' CHECK (DataType IN ('boolean', 'integer', 'long text', 'short text')),
  StatementTypeId INTEGER, UNIQUE (Variable, StatementTypeId));
CREATE TABLE VARIABLELINKS(ID INTEGER NOT NULL PRIMARY KEY, SourceVariableId INTEGER, TargetVariableId INTEGER,
  CHECK (TargetVariableId != SourceVariableId));
CREATE TABLE REGEXES(Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191), Red INTEGER NOT NULL DEFAULT 0,
  Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE CODERRELATIONS(ID INTEGER NOT NULL PRIMARY KEY, Coder INTEGER CHECK(Coder > 0),
  OtherCoder INTEGER CHECK(OtherCoder > 0), viewStatements INTEGER NOT NULL DEFAULT 1,
  editStatements INTEGER NOT NULL DEFAULT 1, viewDocuments INTEGER NOT NULL DEFAULT 1,
  editDocuments INTEGER NOT NULL DEFAULT 1, CHECK (Coder != OtherCoder));
CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, DocumentId INTEGER,
  Start INTEGER NOT NULL CHECK(Start >= 0), Stop INTEGER NOT NULL CHECK(Stop >= 0), Coder INTEGER,
  CHECK (Start < Stop));
CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Value INTEGER NOT NULL DEFAULT 1, UNIQUE (StatementId, VariableId));
CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Value INTEGER NOT NULL DEFAULT 0, UNIQUE (StatementId, VariableId));
CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
  Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), Red INTEGER, Green INTEGER, Blue INTEGER,
  ChildOf INTEGER CHECK(ChildOf > 0), UNIQUE (VariableId, Value));
CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Entity INTEGER NOT NULL, UNIQUE (StatementId, VariableId));
CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Value TEXT DEFAULT '', UNIQUE (StatementId, VariableId));
CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
  AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191), UNIQUE(VariableId, AttributeVariable));
CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL,
  AttributeVariableId INTEGER NOT NULL, AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191),
  UNIQUE (EntityId, AttributeVariableId));
CREATE TABLE WHO_SAYS_WHAT_STATEMENTS(StatementId INTEGER PRIMARY KEY NOT NULL, StanceId TEXT NOT NULL,
  ClaimId TEXT NOT NULL, DocId TEXT NOT NULL);
"""
#: The password of the exported file's Admin coder (DNA asks for it when opening).
DNA_ADMIN_PASSWORD = "admin"
DNA_VERSION = "3.0"


def _jasypt_strong_hash(password: str, salt: bytes | None = None) -> str:
    """A password hash laid out like jasypt's ``StrongPasswordEncryptor`` (which
    DNA 3 uses): base64 of a 16-byte salt followed by SHA-256 applied 100,000
    times to salt + password. Reconstructed from jasypt's documented defaults;
    not checked against DNA itself."""
    import base64
    import hashlib
    import unicodedata

    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.sha256(salt + unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    for _ in range(100_000 - 1):
        digest = hashlib.sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _statement_spans(stances: pd.DataFrame, claims: pd.DataFrame | None) -> dict[str, tuple[int, int]]:
    """stance_id -> (start, stop): the whole attribution (speaker, cue and every
    part of the quote) when the stance has a claim, else the stance's evidence."""
    spans: dict[str, tuple[int, int]] = {}
    claim_span: dict[str, tuple[int, int]] = {}
    if claims is not None and len(claims):
        starts = [c for c in ("speaker_start", "cue_start", "content_start") if c in claims]
        ends = [c for c in ("speaker_end", "cue_end", "content_end") if c in claims]
        c = claims.assign(claim_id=_str_col(claims, "claim_id"))
        lo = c[starts].apply(pd.to_numeric, errors="coerce").min(axis=1).groupby(c["claim_id"]).min()
        hi = c[ends].apply(pd.to_numeric, errors="coerce").max(axis=1).groupby(c["claim_id"]).max()
        claim_span = {k: (int(lo[k]), int(hi[k])) for k in lo.index if pd.notna(lo[k]) and pd.notna(hi[k])}
    for rec in stances.to_dict("records"):
        sid, cid = str(rec.get("stance_id", "")), "" if _blank(rec.get("claim_id")) else str(rec["claim_id"])
        if cid in claim_span:
            spans[sid] = claim_span[cid]
        elif not _blank(rec.get("evidence_start")) and not _blank(rec.get("evidence_end")):
            spans[sid] = (int(rec["evidence_start"]), int(rec["evidence_end"]))
    return {k: (a, b) for k, (a, b) in spans.items() if 0 <= a < b}


def _field(rec: pd.Series, column: str) -> str:
    """``rec[column]`` as text, '' when the column is missing or blank."""
    return "" if column not in rec or _blank(rec[column]) else str(rec[column])


def write_dna(
    path: str | Path,
    documents: pd.DataFrame,
    stances: pd.DataFrame,
    claims: pd.DataFrame | None = None,
    *,
    actors: pd.DataFrame | None = None,
    coder: str = "who-says-what",
) -> Path:
    """Write the corpus and its statements as a DNA 3 ``.dna`` file (SQLite); returns the path.

    Schema: the SQLite tables that DNA 3.0 (Leifeld's Discourse Network Analyzer,
    github.com/leifeld/dna, ``dna/src/main/java/sql/Sql.java``, ``createTables``)
    creates for a new database, with the same table and column names, types,
    defaults and checks, and its default "DNA Statement" type (ID 1, variables
    ``person``, ``organization``, ``concept`` short text and ``agreement``
    boolean, attribute variables Type/Alias/Notes).

    Contents:

    - ``DOCUMENTS``: one row per document: title, full text, author, source (the
      outlet), ``Notes`` = our ``doc_id``, ``Date`` in seconds since 1970 UTC
      (what DNA 3 reads; DNA 2 used milliseconds), coder 1.
    - ``STATEMENTS`` (type 1): one per favour/against stance that has a claim in
      ``claims`` (when ``claims`` is given; else one per stance with evidence
      offsets). ``Start``/``Stop`` mark the whole attribution in the document
      text (speaker, cue and quote; the stance's evidence when there is no
      claim span). Stances without a span, a known document or a favour/against
      polarity are left out.
    - ``DATASHORTTEXT`` via ``ENTITIES``: ``person`` = the speaker, ``organization``
      = the speaker's party from ``actors`` ('' when unknown), ``concept`` = the
      target (an issue or an actor); ``ATTRIBUTEVALUES`` Type = the speaker's
      type (person/organisation) or the target's type (issue/actor); person and
      organisation entities are coloured by party (``utils.report.palette``).
    - ``DATABOOLEAN`` ``agreement``: 1 for favour, 0 for against.
    - ``CODERS``: one coder (ID 1, named ``coder``) whose password is
      :data:`DNA_ADMIN_PASSWORD`, hashed like jasypt's StrongPasswordEncryptor.
    - ``SETTINGS``: version :data:`DNA_VERSION` and the export date.
    - ``WHO_SAYS_WHAT_STATEMENTS`` (not a DNA table; DNA ignores it): statement
      ID -> our ``stance_id``, ``claim_id`` and ``doc_id``, so every DNA
      statement can be traced back.

    Left out: DNA's other default statement types (NPF Story Element,
    Annotation), regexes, coder relations, foreign keys (SQLite does not enforce
    them unless asked), neutral stances (agreement is a yes/no variable) and the
    confidence and rule of each stance. The file has been checked with Python's
    ``sqlite3`` only; it has not been opened in the DNA application, and the
    password hash is reconstructed from jasypt's defaults, not tested.
    """
    st, docs, doc_num, spans = _dna_rows(documents, stances, claims)
    info = _actor_info(actors)

    def write(p: Path) -> None:
        con = sqlite3.connect(p)
        try:
            _dna_header(con, coder)
            _dna_documents(con, docs)
            attr = _dna_variables(con)
            _dna_statements(con, st, spans, doc_num, info, attr)
            con.commit()
        finally:
            con.close()

    return _atomic_write(path, write)


def _cut(value) -> str:
    """``value`` as text of at most 190 characters (DNA's ``LENGTH(...) < 191`` checks)."""
    return str(value)[:190]


def _dna_rows(documents: pd.DataFrame | None, stances: pd.DataFrame, claims: pd.DataFrame | None,
              ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int], dict[str, tuple[int, int]]]:
    """What :func:`write_dna` writes: the statements kept (a span, a known document
    and, with ``claims``, a claim that is there), the documents (one row per
    ``doc_id``), DNA's document ID per ``doc_id`` and each stance's span."""
    st = statements(stances)
    spans = _statement_spans(stances, claims)
    docs = documents.drop_duplicates("doc_id").reset_index(drop=True) if documents is not None else pd.DataFrame(
        columns=["doc_id"])
    doc_num = {str(d): i + 1 for i, d in enumerate(docs["doc_id"])}
    with_claim = set(_str_col(claims, "claim_id")) if claims is not None else None
    keep = st["doc_id"].isin(doc_num) & st["stance_id"].isin(spans)
    if with_claim is not None:
        keep &= st["claim_id"].isin(with_claim - {""})
    return st[keep].reset_index(drop=True), docs, doc_num, spans


def _actor_info(actors: pd.DataFrame | None) -> dict[str, dict]:
    """actor_id -> {"party", "type"} ('' when unknown)."""
    if actors is None or not len(actors):
        return {}
    a = actors.drop_duplicates("actor_id")
    return {str(i): {"party": "" if _blank(p) else str(p), "type": "" if _blank(t) else str(t)}
            for i, p, t in zip(a["actor_id"], _str_col(a, "party"), _str_col(a, "type"))}


def _dna_header(con: sqlite3.Connection, coder: str) -> None:
    """DNA's tables, its settings (version, date) and the one coder."""
    con.executescript(_DNA_SCHEMA)
    con.executemany("INSERT INTO SETTINGS VALUES (?, ?)",
                    [("version", DNA_VERSION), ("date", pd.Timestamp.now("UTC").strftime("%Y-%m-%d"))])
    con.execute("INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password, PermissionEditStatementTypes, "
                "PermissionEditCoders, PermissionEditOthersDocuments, PermissionEditOthersStatements) "
                "VALUES (1, ?, 255, 255, 0, ?, 1, 1, 1, 1)", (_cut(coder), _jasypt_strong_hash(DNA_ADMIN_PASSWORD)))


def _dna_documents(con: sqlite3.Connection, docs: pd.DataFrame) -> None:
    """One DOCUMENTS row per document (ID = row number + 1, date in seconds)."""
    dates = _to_datetime(docs["date"]) if "date" in docs else pd.Series(pd.NaT, index=docs.index)
    for i, rec in docs.iterrows():
        secs = 0 if pd.isna(dates.iloc[i]) else int(dates.iloc[i].value // 1_000_000_000)
        get = partial(_field, rec)
        con.execute("INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date) "
                    "VALUES (?,?,?,1,?,?,'',?,'',?)",
                    (i + 1, _cut(get("title") or get("doc_id")), get("text"), _cut(get("author")),
                     _cut(get("source")), get("doc_id"), secs))


def _dna_variables(con: sqlite3.Connection) -> dict[tuple[int, str], int]:
    """The "DNA Statement" type with its variables and attribute variables;
    returns (variable ID, attribute name) -> attribute variable ID."""
    con.execute("INSERT INTO STATEMENTTYPES VALUES (1, 'DNA Statement', 239, 208, 51)")
    con.executemany("INSERT INTO VARIABLES VALUES (?,?,?,1)",
                    [(1, "person", "short text"), (2, "organization", "short text"),
                     (3, "concept", "short text"), (4, "agreement", "boolean")])
    attr = {}
    for k, (var, name) in enumerate([(v, n) for n in ("Type", "Alias", "Notes") for v in (1, 2, 3)], start=1):
        con.execute("INSERT INTO ATTRIBUTEVARIABLES VALUES (?,?,?)", (k, var, name))
        attr[(var, name)] = k
    return attr


def _dna_statements(con: sqlite3.Connection, st: pd.DataFrame, spans: dict[str, tuple[int, int]],
                    doc_num: dict[str, int], info: dict[str, dict], attr: dict[tuple[int, str], int]) -> None:
    """One statement per row of ``st`` with its person, organisation (party) and
    concept entities (each entity written once, coloured by party), its agreement
    and its WHO_SAYS_WHAT_STATEMENTS trace row."""
    from utils.report.palette import UNKNOWN as party_unknown, party_colour

    entities: dict[tuple[int, str], int] = {}

    def entity(var: int, value: str, colour: str | None, type_: str) -> int:
        key = (var, _cut(value))
        if key not in entities:
            eid = len(entities) + 1
            r, g, b = _rgb(colour) if colour else (0, 0, 0)
            con.execute("INSERT INTO ENTITIES (ID, VariableId, Value, Red, Green, Blue) VALUES (?,?,?,?,?,?)",
                        (eid, var, key[1], r, g, b))
            for name in ("Type", "Alias", "Notes"):
                con.execute("INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
                            "VALUES (?,?,?)", (eid, attr[(var, name)], _cut(type_) if name == "Type" else ""))
            entities[key] = eid
        return entities[key]

    for k, rec in enumerate(st.to_dict("records"), start=1):
        start, stop = spans[rec["stance_id"]]
        who = info.get(rec["source_id"], {})
        party = who.get("party", "")
        colour = party_colour(party) if party else None
        colour = None if colour == party_unknown else colour
        con.execute("INSERT INTO STATEMENTS VALUES (?,1,?,?,?,1)", (k, doc_num[rec["doc_id"]], start, stop))
        ids = [entity(1, rec["source"], colour, who.get("type", "")), entity(2, party, colour, "party" if party else ""),
               entity(3, rec["target"], None, rec["target_type"])]
        con.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?,?,?)",
                        [(k, 1, ids[0]), (k, 2, ids[1]), (k, 3, ids[2])])
        con.execute("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?,4,?)",
                    (k, 1 if rec["polarity"] == "favour" else 0))
        con.execute("INSERT INTO WHO_SAYS_WHAT_STATEMENTS VALUES (?,?,?,?)",
                    (k, rec["stance_id"], rec["claim_id"], rec["doc_id"]))
