"""The annotate command: tables written, exit codes, skipped documents listed."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from utils import paths
from utils.tables import read_table


def run(*args):
    return subprocess.run([sys.executable, "-m", "utils", *args], capture_output=True, text=True, cwd=paths.ROOT)


def test_annotate_seed_writes_every_table(tmp_path):
    out = tmp_path / "out"
    r = run("annotate", str(paths.SEED_CORPUS), "--out", str(out), "--jobs", "1")
    assert r.returncode == 0, r.stderr
    assert "annotated 1 documents" in r.stdout
    for name in ["documents", "skipped", "segments", "mentions", "actors", "claims", "stances", "frames", "errors"]:
        assert (out / f"{name}.csv").exists(), name
        assert (out / f"{name}.parquet").exists(), name
    docs = read_table(out / "documents.csv")
    text = docs.loc[0, "text"]
    assert text == (paths.SEED_CORPUS / "000_9e905b8fb374d4c2.txt").read_text(encoding="utf-8")
    seg = read_table(out / "segments.csv")
    assert all(text[s:e] == t for s, e, t in zip(seg["start"], seg["end"], seg["text"]))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["n_documents"] == 1 and manifest["rows"]["segments"] == len(seg)


def test_annotate_lists_skipped_and_still_exits_zero(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text('The mayor said: "We will build it."', encoding="utf-8")
    (src / "empty.txt").write_text("")
    (src / "bin.txt").write_bytes(b"\x00\x01\x02\x03")
    r = run("annotate", str(src), "--out", str(tmp_path / "out"), "--no-parquet")
    assert r.returncode == 0, r.stderr
    skipped = pd.read_csv(tmp_path / "out" / "skipped.csv")
    assert sorted(skipped["doc_id"]) == ["bin", "empty"]
    assert not (tmp_path / "out" / "documents.parquet").exists()


def test_missing_input_and_bad_arguments_exit_2(tmp_path):
    r = run("annotate", str(tmp_path / "missing"), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "no such file or folder" in r.stderr and "Traceback" not in r.stderr
    r = run("annotate", str(paths.SEED_CORPUS))
    assert r.returncode == 2 and "--out" in r.stderr
    r = run("annotate", str(paths.SEED_CORPUS), "--out", str(tmp_path / "o"), "--jobs", "0")
    assert r.returncode == 2


def test_unwritable_output_is_a_clear_error(tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    r = run("annotate", str(paths.SEED_CORPUS), "--out", str(f / "sub"))
    assert r.returncode == 1 and "cannot write" in r.stderr and "Traceback" not in r.stderr


def _rally_corpus(tmp_path, lead: str = ""):
    """A one-file corpus whose quotation no rule attributes (the bare-quote model keeps it)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rally.txt").write_text(
        lead + "The rally ran late into the night.\n\n"
        '"We have to do something and it is the only way you stop it. We are playing by other rules."\n',
        encoding="utf-8")
    return corpus


def test_bare_quotes_option_reaches_the_claims_and_the_cache_key(tmp_path):
    """--bare-quotes adds the bare-quote claims, is recorded in the manifest, and a
    cache made without it is not reused with it (and back)."""
    corpus = _rally_corpus(tmp_path)
    out = tmp_path / "out"
    r = run("annotate", str(corpus), "--out", str(out), "--jobs", "1", "--no-parquet")
    assert r.returncode == 0, r.stderr
    plain = read_table(out / "claims.csv")
    assert "bare-quote" not in set(plain["rule"])
    first = json.loads((out / "manifest.json").read_text())
    # (a threshold of 0.3 keeps this quote whatever threshold the shipped model was trained to)
    r = run("annotate", str(corpus), "--out", str(out), "--jobs", "2", "--no-parquet", "--bare-quotes", "0.3")
    assert r.returncode == 0, r.stderr
    m = json.loads((out / "manifest.json").read_text())
    assert m["options"]["bare_quotes"] == 0.3 and m["cache"]["hits"] == 0
    assert m["settings_fingerprint"] != first["settings_fingerprint"]
    bare = read_table(out / "claims.csv")
    assert bare["rule"].tolist() == ["bare-quote"] and bare["content"].iloc[0].startswith("We have to do")
    r = run("annotate", str(corpus), "--out", str(out), "--jobs", "1", "--no-parquet")
    m = json.loads((out / "manifest.json").read_text())
    assert m["cache"]["hits"] == 1 and "bare-quote" not in set(read_table(out / "claims.csv")["rule"])


def test_a_bad_bare_quotes_threshold_is_a_clear_error(tmp_path):
    r = run("annotate", str(paths.SEED_CORPUS), "--out", str(tmp_path / "o"), "--bare-quotes", "1.5")
    assert r.returncode == 2 and "between 0 and 1" in r.stderr and "Traceback" not in r.stderr


def test_report_on_tables_written_by_annotate(tmp_path):
    """`report --tables DIR` runs the notebooks on an annotation made with other options
    (here --bare-quotes), records those options, and refuses a folder without tables."""
    corpus = _rally_corpus(tmp_path, "Ms Bell said the plan was dead.\n\n")
    tables = tmp_path / "tables"
    r = run("annotate", str(corpus), "--out", str(tables), "--jobs", "1", "--no-parquet", "--bare-quotes", "--quiet")
    assert r.returncode == 0, r.stderr
    html = tmp_path / "html"
    r = run("report", "--tables", str(tables), "--out", str(html), "--only", "03")
    assert r.returncode == 0, r.stderr
    assert "[IPKernelApp]" not in r.stderr + r.stdout  # the kernels' start-up and shutdown logs stay quiet
    assert "[1/1] 03-extract-claims" in r.stdout and " s  ok" in r.stdout  # a progress line per notebook
    (page,) = html.glob("*/03-extract-claims.html")
    text = page.read_text(encoding="utf-8")
    assert "We have to do something" in text and "Traceback" not in text
    shown = json.loads((page.parent / "run.json").read_text())["corpus"]
    # absolute, or relative when the tables lie beside the project (a clone in /tmp: "../pytest-of-...")
    assert shown == paths.project_relative(tables) and (paths.ROOT / shown).resolve() == tables.resolve()
    r = run("report", "--tables", str(tmp_path / "nothing"), "--out", str(html))
    assert r.returncode == 1 and "no documents.csv" in r.stderr


def test_dates_mixed_offsets_any_chunk_size_and_monthfirst(tmp_path):
    """Mixed time-zone offsets load as naive UTC whatever --chunk-size (they crashed a
    chunk holding both); --monthfirst reads ambiguous dates month-first, flagged
    and recorded in the manifest; a duplicated column exits 2 without a traceback."""
    src = tmp_path / "tz.jsonl"
    src.write_text("\n".join(json.dumps(o) for o in [
        {"doc_id": "a", "text": "The mayor said it would open.", "date": "2015-08-14T10:00:00+01:00"},
        {"doc_id": "b", "text": "The leader said it would close.", "date": "2015-08-14T10:00:00+00:00"},
        {"doc_id": "c", "text": "Nobody said anything.", "date": "03/04/2015"}]) + "\n", encoding="utf-8")
    outs = {}
    for size, order in [("1", "--dayfirst"), ("3", "--dayfirst"), ("3", "--monthfirst")]:
        out = tmp_path / f"out{size}{order}"
        r = run("annotate", str(src), "--out", str(out), "--jobs", "1", "--no-parquet", "--chunk-size", size, order)
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        outs[size, order] = (out / "documents.csv").read_text(encoding="utf-8")
        m = json.loads((out / "manifest.json").read_text())
        assert m["options"]["dayfirst"] is (order == "--dayfirst")
    assert outs["1", "--dayfirst"] == outs["3", "--dayfirst"]
    docs = read_table(tmp_path / "out3--dayfirst" / "documents.csv")
    assert list(docs["date"].astype(str)) == ["2015-08-14 09:00:00", "2015-08-14 10:00:00", "2015-04-03 00:00:00"]
    assert read_table(tmp_path / "out3--monthfirst" / "documents.csv")["date"].iloc[2] == pd.Timestamp("2015-03-04")
    skipped = read_table(tmp_path / "out3--monthfirst" / "skipped.csv")
    assert skipped[["doc_id", "action"]].values.tolist() == [["c", "flagged"]]
    bad = tmp_path / "dup.csv"
    bad.write_text("doc_id,text,text\na,One,Two\n", encoding="utf-8")
    r = run("annotate", str(bad), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "column 'text' appears 2 times" in r.stderr and "Traceback" not in r.stderr


def test_load_tables_cache_depends_on_dayfirst(tmp_path, monkeypatch):
    """Tables cached by load_tables are reused only with the same dayfirst choice."""
    from utils.pipeline import load_tables

    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "processed")
    src = tmp_path / "d.csv"
    src.write_text("doc_id,text,date\na,The mayor said it would open.,03/04/2015\n", encoding="utf-8")
    t = load_tables(corpus=src, jobs=1, corrections=False)
    assert t["documents"]["date"].iloc[0] == pd.Timestamp("2015-04-03")
    t = load_tables(corpus=src, jobs=1, corrections=False, dayfirst=False)
    assert t["documents"]["date"].iloc[0] == pd.Timestamp("2015-03-04")
    (manifest,) = (tmp_path / "processed").glob("*/manifest.json")
    assert json.loads(manifest.read_text())["options"]["dayfirst"] is False
