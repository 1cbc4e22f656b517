"""Table writing: the CSV conventions, atomic writes, clear errors."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from utils.tables import OutputError, read_table, write_table


def test_csv_conventions_roundtrip(tmp_path):
    df = pd.DataFrame({
        "doc_id": ["a", "b"],
        "start": pd.array([3, None], dtype="Int64"),
        "end": [12.0, float("nan")],  # floats in an integer column must not print as 12.0
        "content": ['He said "no",\nthen left', "caf\u00e9 \u00a33"],
        "present": [True, False],
        "evidence": [["vote", "poll"], []],
        "score": [0.5, -1.0],
    })
    p = write_table(df, tmp_path / "t.csv", parquet=True)
    raw = p.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8").split("\n")
    assert lines[0] == "doc_id,start,end,content,present,evidence,score"
    assert lines[1] == 'a,3,12,"He said ""no"",'
    assert raw.decode().endswith('b,,,caf\u00e9 \u00a33,false,,-1.0\n')
    back = read_table(p)
    assert back.loc[0, "content"] == 'He said "no",\nthen left'
    assert back["start"].dtype == "Int64" and pd.isna(back.loc[1, "start"])
    assert back["present"].tolist() == [True, False]
    assert back.loc[0, "evidence"] == "vote; poll"
    assert (tmp_path / "t.parquet").exists()
    assert pd.read_parquet(tmp_path / "t.parquet").loc[0, "evidence"] == "vote; poll"


def test_interrupted_write_leaves_old_table_and_no_temp_file(tmp_path):
    p = write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
    before = p.read_bytes()

    class Boom:
        def __str__(self):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_table(pd.DataFrame({"a": [Boom()]}), p)
    assert p.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir()] == ["t.csv"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere; covered by the path-is-a-file case")
def test_unwritable_folder_is_a_clear_error(tmp_path):
    d = tmp_path / "ro"
    d.mkdir()
    d.chmod(0o500)
    with pytest.raises(OutputError, match="cannot write"):
        write_table(pd.DataFrame({"a": [1]}), d / "t.csv")


def test_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(OutputError, match="cannot write to folder"):
        write_table(pd.DataFrame({"a": [1]}), f / "t.csv")


def test_stream_keeps_columns_that_appear_in_a_later_chunk(tmp_path):
    """A metadata column first seen after the header was written (a later
    chunk of a large corpus) is added to the table, not dropped."""
    from utils.tables import TableStream

    st = TableStream(tmp_path / "documents.csv", ["doc_id", "text"])
    st.append(pd.DataFrame({"doc_id": ["a"], "text": ["One,\nline"], "source": ["Star"]}))
    st.append(pd.DataFrame({"doc_id": ["b", "c"], "text": ["Two", "Three"], "region": [None, "Black Country"]}))
    st.commit()
    back = read_table(tmp_path / "documents.csv")
    assert list(back.columns) == ["doc_id", "text", "source", "region"]
    assert back["text"].tolist() == ["One,\nline", "Two", "Three"]
    assert back.loc[0, "source"] == "Star" and pd.isna(back.loc[1, "source"])
    assert pd.isna(back.loc[0, "region"]) and pd.isna(back.loc[1, "region"]) and back.loc[2, "region"] == "Black Country"
    assert [p.name for p in tmp_path.iterdir()] == ["documents.csv"]


def test_atomic_writes_leave_ordinary_file_modes(tmp_path):
    """mkstemp files are private (0600); a finished output gets the mode a plain write
    gives (0666 less the umask), and an existing file keeps its own mode."""
    import os
    import stat

    from utils.tables import atomic_path

    old = os.umask(0o022)
    try:
        new = tmp_path / "report.html"
        with atomic_path(new) as tmp:
            tmp.write_text("<p>hi</p>", encoding="utf-8")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        os.chmod(new, 0o640)
        with atomic_path(new) as tmp:
            tmp.write_text("<p>again</p>", encoding="utf-8")
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_interactive_table_brings_its_offline_library_once(monkeypatch):
    import itables
    import pandas as pd

    from utils.report import plots

    calls = []
    monkeypatch.setattr(plots, "_ITABLES_READY", False)
    monkeypatch.setattr(itables, "init_notebook_mode", lambda **kw: calls.append(kw))
    monkeypatch.setattr(itables, "show", lambda *a, **kw: None)
    plots.interactive_table(pd.DataFrame({"a": [1]}))
    plots.interactive_table(pd.DataFrame({"a": [2]}))
    assert calls == [{"all_interactive": False, "connected": False}]
