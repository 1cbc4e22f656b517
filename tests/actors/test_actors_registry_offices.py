"""Tests for the registry of office holders (data/offices.csv), role-only speakers and
corpus-level linking of surnames (utils.actors, utils.pipeline). Invented text and people."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from utils import actors, pipeline
from utils.text import segment

REG = pd.DataFrame([
    {"name": "Mara Quill", "aliases": "", "type": "person", "party": "Labour", "role": "", "gender": "f"},
    {"name": "Olek Brandt", "aliases": "", "type": "person", "party": "Labour", "role": "", "gender": "m"},
    {"name": "Ida Brenn", "aliases": "", "type": "person", "party": "Labour", "role": "", "gender": "f"},
    {"name": "Labour Party", "aliases": "Labour", "type": "organisation", "party": "Labour",
     "role": "political party", "gender": ""},
    {"name": "Home Office", "aliases": "", "type": "organisation", "party": "", "role": "ministry", "gender": ""},
])
COLS = ["office", "aliases", "holder", "party", "start", "end", "country", "source"]
OFFICES = pd.DataFrame([
    ["Prime Minister", "prime minister; premier", "Mara Quill", "Labour", "2001-01-01", "2005-01-01", "UK", "test"],
    ["Prime Minister", "prime minister; premier", "Olek Brandt", "Labour", "2005-01-01", "2009-01-01", "UK", "test"],
    ["Chancellor of the Exchequer", "chancellor", "Ida Brenn", "Labour", "2002-01-01", "2004-01-01", "UK", "test"],
    ["President of Ruritania", "president*", "Olek Brandt", "", "2010-01-01", "", "RU", "test"],
], columns=COLS)


def detect(text: str, **kw) -> pd.DataFrame:
    kw.setdefault("registry", REG)
    kw.setdefault("offices", OFFICES)
    return actors.detect_mentions("t", text, segment(text), **kw)


def row(m: pd.DataFrame, text: str) -> dict:
    rows = m[m["text"] == text]
    assert len(rows), f"no mention {text!r}: {m[['text', 'actor']].values.tolist()}"
    return rows.iloc[0].to_dict()


# --------------------------------------------------------------------------- roles


def test_role_resolves_to_the_person_the_article_names_with_it():
    m = detect("Chancellor Tam Orrin spoke in Leeds. Ms Quill agreed. The chancellor said growth was strong.")
    r = row(m, "The chancellor")
    assert (r["actor"], r["type"], r["resolved_by"]) == ("Tam Orrin", "person", "same-role")


def test_role_resolves_to_the_named_office_holder_of_the_articles_era():
    # undated; Quill and Brandt were both prime minister, but Quill's term overlaps
    # Brenn's chancellorship, named in the same article
    text = "Mara Quill met Olek Brandt and Ida Brenn. The prime minister said the plan was fair."
    r = row(detect(text), "The prime minister")
    assert (r["actor"], r["resolved_by"]) == ("Mara Quill", "office-holder")
    # without Brenn nothing tells the two apart: a role, never a guess
    r = row(detect("Mara Quill met Olek Brandt. The prime minister said the plan was fair."), "The prime minister")
    assert (r["actor"], r["type"]) == ("prime minister", "role")
    # with a date, the one in office that day
    r = row(detect("Mara Quill met Olek Brandt. The prime minister said the plan was fair.", date="2006-05-01"),
            "The prime minister")
    assert (r["actor"], r["resolved_by"]) == ("Olek Brandt", "office-holder")


def test_role_resolved_by_date_from_the_offices_table():
    text = "The prime minister said the plan was fair. The chancellor disagreed."
    m = detect(text, date="2003-06-01")
    assert (row(m, "The prime minister")["actor"], row(m, "The prime minister")["resolved_by"]) == ("Mara Quill", "office-date")
    assert row(m, "The chancellor")["actor"] == "Ida Brenn"
    m = detect(text, date="2007-06-01T10:00:00")
    assert row(m, "The prime minister")["actor"] == "Olek Brandt"
    assert row(m, "The chancellor")["type"] == "role"  # nobody held it that day in the table
    # an alias marked * ("president") is never resolved by date alone
    m = detect("The president said the plan was fair.", date="2012-01-01")
    assert row(m, "The president")["type"] == "role"


def test_role_left_a_role_when_nothing_names_it():
    m = detect("The prime minister said the plan was fair. She said it again.")
    r = row(m, "The prime minister")
    assert (r["actor"], r["type"], r["resolved_by"]) == ("prime minister", "role", "office")
    assert row(m, "She")["type"] == "role"  # a pronoun of a role is that role, not a person
    a = actors.build_actors(m, registry=REG).set_index("name")
    assert a.loc["prime minister", "type"] == "role"


def test_a_spokesman_speaks_for_his_principal():
    """'Ms Quill's spokesman said' is Mara Quill's claim (the gold sets' convention); a 'he' in it
    is not her, and a possessed role other than a spokesperson stays a role of its own."""
    text = ("Mara Quill spoke in Leeds. Ms Quill's spokesman said he was wrong. A Home Office spokesman agreed. "
            "Ms Quill's lawyer declined to comment.")
    m = detect(text)
    r = row(m, "Ms Quill's spokesman")
    assert (r["actor"], r["resolved_by"]) == ("Mara Quill", "spokesperson-for")
    assert "Mara Quill" not in set(m.loc[m["text"] == "he", "actor"])
    assert (row(m, "Ms Quill's lawyer")["actor"], row(m, "Ms Quill's lawyer")["type"]) == ("Quill's lawyer", "role")
    r = row(m, "A Home Office spokesman")
    assert (r["actor"], r["type"], r["resolved_by"]) == ("Home Office", "organisation", "spokesperson-org")


def test_starter_registry_facts():
    offices = actors.load_offices()
    assert offices.holder_on("the prime minister", "2005-03-01") == "Tony Blair"
    assert offices.holder_on("the chancellor", "2005-03-01") == "Gordon Brown"
    assert offices.holder_on("the home secretary", "2005-03-01") == "Charles Clarke"
    assert offices.holder_on("the US president", "2005-03-01") == "George W. Bush"
    assert offices.holder_on("the president", "2005-03-01") == ""
    for t in offices.terms:
        assert actors.DATE_MIN <= t.start < (t.end or "9999") and (not t.end or t.end <= actors.DATE_MAX)
    reg = actors.load_registry()
    assert reg.get("Charles Clarke")["party"] == "Labour" and reg.get("Gordon Brown")["party"] == "Labour"
    assert reg.get("Britain")["name"] == reg.get("UK")["name"] == "United Kingdom"
    assert reg.get("America")["name"] == reg.get("USA")["name"] == "United States"


# --------------------------------------------------------------------------- validation


def _write(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / name
    p.write_text("# a comment\n" + body, encoding="utf-8")
    return p


@pytest.mark.parametrize("line,field,message", [
    ("Prime Minister,prime minister,Tony Blair,Labour,2007-06-27,1997-05-02,UK,x", "end", "not after start"),
    ("Prime Minister,prime minister,Tony Blair,Labour,1997-13-02,,UK,x", "start", "not a real date"),
    ("Prime Minister,prime minister,Tony Blair,Labour,1997/05/02,,UK,x", "start", "not a date"),
    ("Prime Minister,prime minister,Tony Blair,Labour,1997-05-02,2031-01-01,UK,x", "end", "outside"),
    ("Prime Minister,prime minister,Margaret Thatcher,Conservative,1979-05-04,1990-11-28,UK,x", "end", "before 1997"),
    ("Prime Minister,prime minister,Nobody Known,Labour,1997-05-02,,UK,x", "holder", "not a person"),
    ("Prime Minister,prime minister,Tony Blair,Labour,1997-05-02,,UK,", "source", "empty"),
    ("Prime Minister,prime minister,Tony Blair,Labour,1997-05-02,UK,x", "source", "expected 8 fields"),
    ("Prime Minister,prime minister,Tony Blair,Labour,1997-05-02,,UK,x,y", "source", "expected 8 fields.*quotes"),
])
def test_malformed_offices_row_names_file_line_and_field(tmp_path, line, field, message):
    p = _write(tmp_path, "offices.csv", ",".join(COLS) + "\n" + line + "\n")
    with pytest.raises(actors.RegistryError, match=rf"offices\.csv, line 3, field '{field}': .*{message}"):
        actors.load_offices(p)


def test_malformed_registry_row_names_file_line_and_field(tmp_path):
    p = _write(tmp_path, "actors.csv", "name,aliases,type,party,role,gender,notes,source\n"
               "Ann Sorel,,person,Labour,,f,,x\nTom Sorel,,persn,Labour,,m,,x\n")
    with pytest.raises(actors.RegistryError, match=r"actors\.csv, line 4, field 'type'"):
        actors.load_registry(p)
    # the shipped files load (every row valid, every holder a registry person)
    assert len(actors.load_offices().terms) > 100


# --------------------------------------------------------------------------- across documents


def _mentions(texts: dict[str, str]) -> pd.DataFrame:
    return pd.concat([actors.detect_mentions(d, t, segment(t), registry=REG, offices=OFFICES)
                      for d, t in texts.items()], ignore_index=True)


def test_surname_linked_across_documents_only_when_unambiguous():
    m = _mentions({
        "a": "Jonas Vettrik opened the fair.",
        "b": "Mr Vettrik said the fair was a success.",
        "c": "Ann Harrow and Tom Harrow opened the shop.",
        "d": "Mr Harrow said the shop was a success.",
    })
    assert set(m.loc[m["doc_id"] == "b", "actor"]) >= {"Vettrik"}  # per document: not linked yet
    links = actors.corpus_links(actors.actor_stats(m), registry=REG)
    assert links == {"vettrik": "Jonas Vettrik"}  # "Harrow" is two people: never linked
    linked = actors.link_across_documents(m, registry=REG)
    b = linked[linked["doc_id"] == "b"]
    assert "Jonas Vettrik" in set(b["actor"]) and b["resolved_by"].str.endswith("+corpus-surname").any()
    assert "Harrow" in set(linked.loc[linked["doc_id"] == "d", "actor"])


def test_pipeline_links_claims_and_stances_too_and_chunking_changes_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {
        "a.txt": "Jonas Vettrik opened the fair in Leeds on Monday.",
        "b.txt": 'Mr Vettrik said: "The fair was a great success and we will be back."',
        "c.txt": "Ann Harrow and Tom Harrow opened the shop.",
        "d.txt": 'Mr Harrow said: "The shop was a great success and we will stay."',
    }
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    one, many = tmp_path / "one", tmp_path / "many"
    pipeline.run_annotate(corpus, one, jobs=1, cache=False, progress=False)
    pipeline.run_annotate(corpus, many, jobs=1, chunk_size=1, cache=False, progress=False)
    for name in pipeline.TABLES:
        assert (one / f"{name}.csv").read_bytes() == (many / f"{name}.csv").read_bytes(), name
    t = pipeline.read_tables(one)
    speakers = dict(zip(t["claims"]["doc_id"].str[:1], t["claims"]["speaker"]))
    assert speakers["b"] == "Jonas Vettrik" and speakers["d"] == "Harrow"
    a = t["actors"].set_index("actor_id")
    assert "vettrik" not in a.index and a.loc["jonas-vettrik", "n_documents"] == 2
    assert set(t["claims"]["speaker_id"].dropna()) <= set(a.index)
    # the actor and places tables equal the ones built from the linked mentions
    rebuilt, places = pipeline.actor_tables(t["mentions"], t["claims"], t["documents"])
    assert rebuilt.fillna("").astype(str).equals(t["actors"].fillna("").astype(str))
    assert places.fillna("").astype(str).equals(t["places"].fillna("").astype(str))
    speaking = set(t["claims"]["speaker_id"].dropna()) & set(a.index)
    assert "place" not in set(t["actors"]["type"]) - set(a.loc[list(speaking), "type"])


def test_pipeline_passes_each_documents_date_to_the_resolver(tmp_path):
    src = tmp_path / "news.csv"
    pd.DataFrame({"doc_id": ["old", "new", "none"],
                  "date": ["2005-03-01", "2008-03-01", ""],
                  "text": [f"The chancellor said growth was strong in {w}." for w in ("May", "June", "July")]}
                 ).to_csv(src, index=False)
    out = tmp_path / "out"
    pipeline.run_annotate(src, out, jobs=1, progress=False)
    m = pipeline.read_tables(out)["mentions"]
    got = dict(zip(m.loc[m["text"] == "The chancellor", "doc_id"], m.loc[m["text"] == "The chancellor", "actor"]))
    assert got == {"old": "Gordon Brown", "new": "Alistair Darling", "none": "chancellor"}


def test_a_registry_surname_needs_the_titles_gender():
    """'Ms Lowe' is not the registry's Cllr Pete Lowe (the shipped registry gave 'Lord Harris'
    to Kamala Harris and 'Baroness Kennedy' to Charles Kennedy); 'Mr Lowe' may be."""
    text = "Ms Lowe said no. Mr Lowe said yes."
    m = actors.detect_mentions("t", text, segment(text)).sort_values("start")
    assert m["actor"].tolist()[:2] == ["Lowe", "Pete Lowe"]
