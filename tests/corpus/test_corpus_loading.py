"""Corpus loading: every input format, and every kind of bad input, with the
load report naming file, line and reason."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from utils import paths
from utils.corpus import CorpusError, decode_bytes, load_corpus

ARTICLE = (
    'The council leader said: "We will not close the library."\n\n'
    "Opposition councillors called the plan a \u201cbetrayal\u201d of residents.\n"
)


def _write(p, text, enc="utf-8"):
    p.write_bytes(text.encode(enc))
    return p


def test_seed_corpus_loads_exactly(seed_text):
    docs, report = load_corpus(paths.SEED_CORPUS)
    assert list(docs["doc_id"]) == ["000_9e905b8fb374d4c2"]
    assert docs.loc[0, "text"] == seed_text  # stored exactly as decoded
    assert docs.loc[0, "n_words"] > 400
    assert report.empty


def test_txt_folder_keeps_text_byte_exact(tmp_path):
    raw = 'Line one\r\nLine \u201ctwo\u201d  with  spaces\u00a0\r\n\r\nCaf\u0065\u0301'
    _write(tmp_path / "a.txt", raw)
    docs, _ = load_corpus(tmp_path)
    assert docs.loc[0, "text"] == raw  # no newline conversion, no NFC


def test_metadata_csv_and_dates(tmp_path):
    _write(tmp_path / "a.txt", ARTICLE)
    _write(tmp_path / "b.txt", ARTICLE + " More.")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,title,source,date\na,Library row,Dudley News,2015-08-14\nb,Second,Express & Star,not a date\n",
        encoding="utf-8",
    )
    docs, report = load_corpus(tmp_path)
    a = docs.set_index("doc_id")
    assert a.loc["a", "source"] == "Dudley News"
    assert a.loc["a", "date"] == pd.Timestamp("2015-08-14")
    assert pd.isna(a.loc["b", "date"])
    row = report.set_index("doc_id").loc["b"]
    assert row["action"] == "repaired" and "not a date" in row["reason"]


def test_front_matter(tmp_path):
    _write(tmp_path / "x.txt", "---\ntitle: Council row\nsource: Star\ndate: 2015-08-14\n---\n" + ARTICLE)
    docs, _ = load_corpus(tmp_path)
    assert docs.loc[0, "title"] == "Council row"
    assert docs.loc[0, "text"] == ARTICLE


def test_title_from_first_line_is_explicit(tmp_path):
    _write(tmp_path / "x.txt", "Library to stay open\n\n" + ARTICLE)
    docs, _ = load_corpus(tmp_path)
    assert pd.isna(docs.loc[0, "title"]) and docs.loc[0, "text"].startswith("Library")
    docs, _ = load_corpus(tmp_path, title_from_first_line=True)
    assert docs.loc[0, "title"] == "Library to stay open"
    assert docs.loc[0, "text"] == "\n" + ARTICLE


def test_empty_binary_and_cp1252_files(tmp_path):
    _write(tmp_path / "empty.txt", "  \n\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    _write(tmp_path / "legacy.txt", "Members pay \u00a33 to vote \u2013 the \u201cregistered supporters\u201d.", enc="cp1252")
    _write(tmp_path / "ok.txt", ARTICLE)
    docs, report = load_corpus(tmp_path)
    assert set(docs["doc_id"]) == {"legacy", "ok"}
    legacy = docs.set_index("doc_id").loc["legacy"]
    assert "\u00a33" in legacy["text"] and legacy["encoding"] == "cp1252"
    r = report.set_index("doc_id")
    assert r.loc["empty", "action"] == "skipped" and "empty" in r.loc["empty", "reason"]
    assert r.loc["image", "action"] == "skipped" and "binary" in r.loc["image", "reason"]
    assert r.loc["legacy", "action"] == "repaired" and "cp1252" in r.loc["legacy", "reason"]
    assert r.loc["image", "source_file"].endswith("image.txt")


def test_duplicate_ids_and_texts_in_csv(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text(
        'doc_id,text,source\n'
        'a,"First story, with a\nline break",X\n'
        'b,Second story,Y\n'
        'a,Another text under a used id,Z\n'
        'c,Second story,Y\n',
        encoding="utf-8",
    )
    docs, report = load_corpus(p)
    assert list(docs["doc_id"]) == ["a", "b"]
    assert docs.loc[0, "text"] == "First story, with a\nline break"
    r = report.set_index("doc_id")
    assert r.loc["a", "line"] == 5 and "duplicate doc_id" in r.loc["a", "reason"]
    assert r.loc["c", "line"] == 6 and "same text as document b" in r.loc["c", "reason"]
    docs, report = load_corpus(p, drop_duplicate_texts=False)
    assert list(docs["doc_id"]) == ["a", "b", "c"]
    assert report.set_index("doc_id").loc["c", "action"] == "warning"


def test_csv_without_text_column_is_a_clear_error(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("doc_id,body\na,hello\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.csv: no 'text' column \(columns found: doc_id, body\)"):
        load_corpus(p)


def test_malformed_jsonl_line_is_reported_and_the_rest_loads(tmp_path):
    p = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"doc_id": "a", "text": ARTICLE, "date": "2016-09-12", "source": "Star"}),
        '{"doc_id": "b", "text": "unterminated',
        json.dumps({"doc_id": "c", "title": "no text"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"doc_id": "d", "text": "Fine."}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, report = load_corpus(p)
    assert list(docs["doc_id"]) == ["a", "d"]
    assert docs.loc[0, "date"] == pd.Timestamp("2016-09-12")
    by_line = report.set_index("line")
    assert "malformed JSON" in by_line.loc[2, "reason"]
    assert "no 'text' field" in by_line.loc[3, "reason"]
    assert "not a JSON object" in by_line.loc[4, "reason"]


def test_enormous_single_line_and_max_chars(tmp_path):
    big = ("word " * 400_000).strip()  # 2 MB on one line, no full stop
    _write(tmp_path / "big.txt", big)
    docs, report = load_corpus(tmp_path)
    assert docs.loc[0, "n_chars"] == len(big)
    docs, report = load_corpus(tmp_path, max_chars=1_000_000)
    assert docs.empty and "over max_chars" in report.loc[0, "reason"]


def test_missing_inputs_are_clear_errors(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="holds no .txt files"):
        load_corpus(tmp_path)
    (tmp_path / "x.docx").write_text("x")
    with pytest.raises(CorpusError, match="unsupported input"):
        load_corpus(tmp_path / "x.docx")


def test_recursive_folders(tmp_path):
    (tmp_path / "2015").mkdir()
    _write(tmp_path / "2015" / "a.txt", ARTICLE)
    _write(tmp_path / "top.txt", "Top story.")
    assert list(load_corpus(tmp_path).documents["doc_id"]) == ["top"]
    assert sorted(load_corpus(tmp_path, recursive=True).documents["doc_id"]) == ["2015/a", "top"]


def test_decode_bytes_bom():
    text, enc, problem = decode_bytes("\ufeffHello".encode("utf-8"))
    assert text == "Hello" and enc == "utf-8-sig" and "byte-order mark" in problem


# --------------------------------------------------------------------------- issue #24: nothing lost, nothing mixed


def _rows(report, action=None):
    """The report as plain tuples (source file name, line, doc_id, action, reason)."""
    rows = [(str(r.source_file).rsplit("/", 1)[-1], None if pd.isna(r.line) else int(r.line), r.doc_id, r.action, r.reason)
            for r in report.itertuples()]
    return [r for r in rows if action is None or r[3] == action]


def test_metadata_never_overrides_reserved_fields(tmp_path):
    """A text/doc_id/path/encoding field in metadata.csv or front matter is flagged, never used."""
    _write(tmp_path / "a.txt", ARTICLE)
    _write(tmp_path / "b.txt", "---\ntitle: Kept\ntext: Not the article\ndoc_id: other\n---\n" + ARTICLE + " B.")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,title,text,path,encoding\na,Row title,Invented body,/etc/passwd,ascii\n", encoding="utf-8")
    docs, report = load_corpus(tmp_path)
    d = docs.set_index("doc_id")
    assert sorted(d.index) == ["a", "b"]
    assert d.loc["a", "text"] == ARTICLE and d.loc["a", "title"] == "Row title"
    assert d.loc["a", "path"].endswith("a.txt") and d.loc["a", "encoding"] == "utf-8"
    assert d.loc["b", "text"] == ARTICLE + " B." and d.loc["b", "title"] == "Kept"
    flagged = {(f, line, doc, reason.split("'")[1]) for f, line, doc, _, reason in _rows(report, "flagged")}
    assert flagged == {("metadata.csv", 2, "a", "text"), ("metadata.csv", 2, "a", "path"),
                       ("metadata.csv", 2, "a", "encoding"), ("b.txt", 3, "b", "text"), ("b.txt", 4, "b", "doc_id")}


def test_reserved_fields_in_csv_and_jsonl_inputs_are_flagged(tmp_path):
    c = tmp_path / "c.csv"
    c.write_text("doc_id,text,path,n_words\nx,Hello there.,/tmp/else,99\n", encoding="utf-8")
    docs, report = load_corpus(c)
    assert docs.loc[0, "path"] == str(c) and docs.loc[0, "n_words"] == 2
    assert {r[4].split("'")[1] for r in _rows(report, "flagged")} == {"path", "n_words"}
    j = tmp_path / "j.jsonl"
    j.write_text(json.dumps({"doc_id": "y", "text": "Hi.", "encoding": "latin-1"}) + "\n", encoding="utf-8")
    docs, report = load_corpus(j)
    assert docs.loc[0, "encoding"] == "utf-8"
    (row,) = _rows(report)
    assert row[:4] == ("j.jsonl", 1, "y", "flagged") and "'encoding'" in row[4]


def test_duplicated_csv_column_is_a_clear_error(tmp_path):
    """Two columns named text: which one is the article? The run stops, naming file and column."""
    p = tmp_path / "dup.csv"
    p.write_text("doc_id,text,source,text\na,First body,S,Second body\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"dup\.csv: column 'text' appears 2 times"):
        load_corpus(p)
    _write(tmp_path / "a.txt", ARTICLE)
    (tmp_path / "metadata.csv").write_text("doc_id,title,title\na,One,Two\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"metadata\.csv: column 'title' appears 2 times"):
        load_corpus(tmp_path)


def test_unterminated_csv_quote_is_reported_and_later_rows_recovered(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text('doc_id,text\na,First story.\nb,"Never closed\nc,Third story.\nd,Fourth story.\n', encoding="utf-8")
    docs, report = load_corpus(p)
    assert list(docs["doc_id"]) == ["a", "c", "d"]
    assert docs.loc[1, "text"] == "Third story."
    (row,) = _rows(report)
    assert row[:4] == ("q.csv", 3, "", "skipped") and "quote" in row[4] and "end of the file" in row[4]
    # a quote that runs into a later quoted row: the rows in between are reported, not merged
    p.write_text('doc_id,text\na,"Never closed\nb,Second.\nc,"Quoted" badly\nd,Fourth.\n', encoding="utf-8")
    docs, report = load_corpus(p)
    assert list(docs["doc_id"]) == ["d"]
    (row,) = _rows(report)
    assert row[1] == 2 and row[3] == "skipped" and "lines 2-4" in row[4]


def test_upper_case_txt_and_broken_symlinks_are_listed(tmp_path):
    _write(tmp_path / "LOUD.TXT", ARTICLE)
    _write(tmp_path / "quiet.txt", "Another story.")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing-target.txt")
    docs, report = load_corpus(tmp_path)
    assert sorted(docs["doc_id"]) == ["LOUD", "quiet"]
    (row,) = _rows(report)
    assert row[:4] == ("gone.txt", None, "gone", "skipped") and "broken symbolic link" in row[4]


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_byte_order_mark(tmp_path, enc):
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[enc]
    (tmp_path / "w.txt").write_bytes(bom + ARTICLE.encode(enc))
    docs, report = load_corpus(tmp_path)
    assert docs.loc[0, "text"] == ARTICLE
    (row,) = _rows(report)
    assert row[3] == "repaired" and "byte-order mark removed" in row[4] and enc.split("-")[0] + "-" in row[4]


def test_utf16_jsonl(tmp_path):
    p = tmp_path / "w.jsonl"
    lines = [json.dumps({"doc_id": "a", "text": ARTICLE}), json.dumps({"doc_id": "b", "text": "Caf\u00e9 \u201cB\u201d."})]
    p.write_bytes("\n".join(lines).encode("utf-16"))
    docs, report = load_corpus(p)
    assert list(docs["doc_id"]) == ["a", "b"] and docs.loc[1, "text"] == "Caf\u00e9 \u201cB\u201d."
    assert [r[3] for r in _rows(report)] == ["repaired"] and "utf-16" in report.loc[0, "reason"]


def test_jsonl_keeps_every_metadata_field(tmp_path):
    p = tmp_path / "m.jsonl"
    p.write_text(json.dumps({"doc_id": "a", "text": "Hi.", "section": "Politics", "page": 4,
                             "tags": ["x", "y"], "title": "T"}) + "\n", encoding="utf-8")
    docs, report = load_corpus(p)
    assert docs.loc[0, "section"] == "Politics" and docs.loc[0, "page"] == 4
    assert docs.loc[0, "tags"] == '["x", "y"]' and docs.loc[0, "title"] == "T"
    assert report.empty


def test_one_bad_byte_is_repaired_not_the_whole_file(tmp_path):
    """UTF-8 with one stray byte: decoded as UTF-8, only that byte repaired, its offset reported."""
    body = "She called it a \u201cbetrayal\u201d \u2013 twice.".encode("utf-8")
    data = body[:5] + b"\x93" + body[5:]
    (tmp_path / "s.txt").write_bytes(data)
    docs, report = load_corpus(tmp_path)
    text = docs.loc[0, "text"]
    assert text == "She c\u201called it a \u201cbetrayal\u201d \u2013 twice."
    assert docs.loc[0, "encoding"] == "utf-8"
    (row,) = _rows(report)
    assert row[3] == "repaired" and "byte offset 5" in row[4]
    assert decode_bytes(b"abc\x81def \xe2\x80\x9cx\xe2\x80\x9d")[0] == "abc\ufffddef \u201cx\u201d"


def test_dates_are_read_consistently(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("doc_id,text,date\n"
                 "a,Story a.,03/04/2015\n"
                 "b,Story b.,25/12/2015\n"
                 "c,Story c.,12/25/2015\n"
                 "d,Story d.,2015-08-04\n"
                 "e,Story e.,1439510400\n"
                 "f,Story f.,2015\n"
                 "g,Story g.,05/05/2015\n", encoding="utf-8")
    docs, report = load_corpus(p)
    d = dict(zip(docs["doc_id"], docs["date"]))
    assert d["a"] == pd.Timestamp("2015-04-03") and d["b"] == pd.Timestamp("2015-12-25")
    assert d["c"] == pd.Timestamp("2015-12-25") and d["d"] == pd.Timestamp("2015-08-04")
    assert pd.isna(d["e"]) and d["f"] == pd.Timestamp("2015-01-01") and d["g"] == pd.Timestamp("2015-05-05")
    r = {doc: (action, reason) for _, _, doc, action, reason in _rows(report)}
    assert set(r) == {"a", "e"}
    assert r["a"][0] == "flagged" and "ambiguous" in r["a"][1] and "2015-04-03" in r["a"][1]
    assert r["e"][0] == "repaired" and "1439510400" in r["e"][1]
    docs, report = load_corpus(p, dayfirst=False)
    assert dict(zip(docs["doc_id"], docs["date"]))["a"] == pd.Timestamp("2015-03-04")
    assert dict(zip(docs["doc_id"], docs["date"]))["b"] == pd.Timestamp("2015-12-25")


def test_numeric_jsonl_dates_are_not_1970(tmp_path):
    p = tmp_path / "n.jsonl"
    p.write_text("\n".join(json.dumps(o) for o in [
        {"doc_id": "a", "text": "A.", "date": 1439510400},
        {"doc_id": "b", "text": "B.", "date": 2015},
        {"doc_id": "c", "text": "C.", "date": "2015-08-14"}]) + "\n", encoding="utf-8")
    docs, report = load_corpus(p)
    d = dict(zip(docs["doc_id"], docs["date"]))
    assert pd.isna(d["a"]) and d["b"] == pd.Timestamp("2015-01-01") and d["c"] == pd.Timestamp("2015-08-14")
    assert [(r[2], r[3]) for r in _rows(report)] == [("a", "repaired")]


def test_mixed_timezone_offsets_become_naive_utc(tmp_path):
    from utils.corpus import iter_records, records_frame

    p = tmp_path / "tz.jsonl"
    p.write_text("\n".join(json.dumps(o) for o in [
        {"doc_id": "a", "text": "A.", "date": "2015-08-14T10:00:00+01:00"},
        {"doc_id": "b", "text": "B.", "date": "2015-08-14T10:00:00+00:00"},
        {"doc_id": "c", "text": "C.", "date": "2015-08-14"}]) + "\n", encoding="utf-8")
    docs, report = load_corpus(p)
    assert list(docs["date"]) == [pd.Timestamp("2015-08-14 09:00"), pd.Timestamp("2015-08-14 10:00"),
                                  pd.Timestamp("2015-08-14")]
    assert docs["date"].dt.tz is None and report.empty
    recs = list(iter_records(p))
    dtypes = {str(records_frame(recs[i:i + 1])["date"].dtype) for i in range(3)}
    assert len(dtypes) == 1 and "datetime64" in dtypes.pop()


def test_blank_jsonl_doc_id_is_made_and_reported(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text(json.dumps({"doc_id": "   ", "text": "Blank id."}) + "\n", encoding="utf-8")
    docs, report = load_corpus(p)
    assert list(docs["doc_id"]) == ["b-1"]
    (row,) = _rows(report)
    assert row[:4] == ("b.jsonl", 1, "b-1", "flagged") and "blank" in row[4]


def test_lone_surrogate_in_jsonl_is_repaired(tmp_path):
    from utils.tables import write_table

    p = tmp_path / "s.jsonl"
    p.write_text('{"doc_id": "a", "text": "Bad \\ud800 char.", "title": "T\\udfff"}\n'
                 + json.dumps({"doc_id": "b", "text": "Fine \U0001F600."}) + "\n", encoding="utf-8")
    docs, report = load_corpus(p)
    assert docs.loc[0, "text"] == "Bad \ufffd char." and docs.loc[0, "title"] == "T\ufffd"
    assert docs.loc[1, "text"] == "Fine \U0001F600."
    assert [(r[1], r[2], r[3]) for r in _rows(report)] == [(1, "a", "repaired")]
    write_table(docs, tmp_path / "out" / "documents.csv", parquet=False)


def test_file_name_that_is_not_utf8(tmp_path):
    import os

    from utils.tables import write_table

    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.txt")
    with open(name, "wb") as fh:
        fh.write(ARTICLE.encode("utf-8"))
    _write(tmp_path / "ok.txt", "Plain story.")
    docs, report = load_corpus(tmp_path)
    assert sorted(docs["doc_id"]) == ["caf\u00e9", "ok"]
    (row,) = _rows(report)
    assert row[2:4] == ("caf\u00e9", "repaired") and "not valid UTF-8" in row[4]
    write_table(docs, tmp_path / "out" / "documents.csv", parquet=False)
    write_table(report, tmp_path / "out" / "skipped.csv", parquet=False)


@pytest.mark.parametrize("enc", ["cp1252", "utf-8-sig"])
def test_metadata_csv_from_excel(tmp_path, enc):
    _write(tmp_path / "a.txt", ARTICLE)
    (tmp_path / "metadata.csv").write_bytes("doc_id,title,source\na,Caf\u00e9 row \u2013 \u201cyes\u201d,Star\n".encode(enc))
    docs, report = load_corpus(tmp_path)
    assert docs.loc[0, "title"] == "Caf\u00e9 row \u2013 \u201cyes\u201d" and docs.loc[0, "source"] == "Star"
    (row,) = _rows(report)
    assert row[0] == "metadata.csv" and row[3] == "repaired"
