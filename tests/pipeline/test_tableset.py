"""Nothing lost, nothing mixed (issue #24): the annotate command writes its tables
as one set, refuses folders it did not make, runs one at a time per folder, never
loads a cache entry that could run code, stops its workers when it stops, and says
what went wrong in one line with the documented exit code.

Every test builds its own corpus and folders in ``tmp_path`` (invented text)."""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from utils import paths, tableset
from utils.pipeline import DocumentCache, read_tables, run_annotate

ARTICLE = ('Councillor Jane Porter said the new bypass would "cut journeys in half". '
           "Opposition leader Tom Reed warned that the cost would double.\n\n"
           '"We will not sign a blank cheque," Mr Reed said.\n')


def corpus(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"doc{i:04d}.txt").write_text(ARTICLE.replace("bypass", f"bypass number {i}"), encoding="utf-8")
    return folder


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "utils", *args], capture_output=True, text=True, cwd=paths.ROOT, **kw)


# --------------------------------------------------------------------------- ownership and lock

def test_a_folder_the_tool_did_not_make_is_refused_unless_forced(tmp_path):
    src = corpus(tmp_path / "in")
    data = tmp_path / "data"
    data.mkdir()
    registry = data / "actors.csv"
    registry.write_text("# my hand-edited registry\nname,aliases\nJane Porter,Cllr Porter\n", encoding="utf-8")
    r = cli("annotate", str(src), "--out", str(data), "--jobs", "1")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "not made by `python -m utils annotate`" in r.stderr and "--force" in r.stderr
    assert registry.read_text(encoding="utf-8").startswith("# my hand-edited registry")
    assert sorted(p.name for p in data.iterdir()) == ["actors.csv"]
    r = cli("annotate", str(src), "--out", str(data), "--jobs", "1", "--force", "--no-parquet")
    assert r.returncode == 0, r.stderr
    # an earlier output folder (with its manifest) and an empty one are always fine
    r = cli("annotate", str(src), "--out", str(data), "--jobs", "1", "--no-parquet")
    assert r.returncode == 0, r.stderr


def test_a_second_run_into_a_locked_folder_stops_at_once(tmp_path):
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    tableset.claim_folder(out)
    with tableset.locked(out):
        r = cli("annotate", str(src), "--out", str(out), "--jobs", "1")
    assert r.returncode == 1 and "another annotate run is writing into" in r.stderr
    assert not (out / "documents.csv").exists()
    r = cli("annotate", str(src), "--out", str(out), "--jobs", "1")  # the lock is released with its holder
    assert r.returncode == 0, r.stderr


# --------------------------------------------------------------------------- the set is whole

def test_an_interrupted_run_leaves_the_previous_set_whole(tmp_path, monkeypatch):
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    run_annotate(src, out, jobs=1, progress=False)
    before = {p.name: p.read_bytes() for p in out.glob("*.*")}
    (src / "doc9999.txt").write_text("Mr Reed said the council was wrong.", encoding="utf-8")

    def boom(*a, **k):
        raise KeyboardInterrupt  # Ctrl-C after every table but actors was streamed

    monkeypatch.setattr("utils.pipeline.actors_from_parts", boom)
    with pytest.raises(KeyboardInterrupt):
        run_annotate(src, out, jobs=1, progress=False)
    after = {p.name: p.read_bytes() for p in out.glob("*.*")}
    assert after == before  # documents.csv included: not the new, half-done set
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-") or p.name.endswith(".tmp")]
    assert len(read_tables(out)["documents"]) == 3


def test_a_mixed_or_incomplete_set_is_refused_by_every_reader(tmp_path):
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    run_annotate(src, out, jobs=1, progress=False)
    assert len(read_tables(out)["claims"]) > 0
    claims = out / "claims.csv"
    good = claims.read_bytes()
    claims.write_bytes(good + good.split(b"\n", 1)[1])  # rows from another run appended
    with pytest.raises(tableset.TableSetError, match="claims.csv: not the file run"):
        read_tables(out)
    r = cli("report", "--tables", str(out))
    assert r.returncode == 2 and "claims.csv" in r.stderr and "Traceback" not in r.stderr
    claims.write_bytes(good)
    (out / "manifest.json").unlink()  # killed between the tables and the manifest
    with pytest.raises(tableset.TableSetError, match="without manifest.json"):
        read_tables(out)


def test_no_parquet_removes_the_parquet_of_an_earlier_run(tmp_path):
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    run_annotate(src, out, jobs=1, progress=False)
    assert (out / "claims.parquet").exists()
    run_annotate(src, out, jobs=1, progress=False, parquet=False)
    assert not list(out.glob("*.parquet"))
    m = json.loads((out / "manifest.json").read_text())
    assert set(m["tables"]["claims"]["files"]) == {"claims.csv"}
    read_tables(out)


def test_what_a_killed_run_left_behind_is_removed(tmp_path):
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    run_annotate(src, out, jobs=1, progress=False)
    (out / ".claims.csv.k2j3.tmp").write_text("half", encoding="utf-8")
    (out / ".staging-deadbeef").mkdir()
    (out / ".staging-deadbeef" / "documents.csv").write_text("x", encoding="utf-8")
    run_annotate(src, out, jobs=1, progress=False)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".lock", ".who-says-what"]


def test_the_cache_gives_the_same_tables_as_a_cold_run(tmp_path):
    src = corpus(tmp_path / "in")
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    run_annotate(src, cold, jobs=1, progress=False, cache=False)
    run_annotate(src, warm, jobs=1, progress=False)
    m = run_annotate(src, warm, jobs=1, progress=False)
    assert m["cache"]["hits"] == 3
    for f in cold.glob("*.csv"):
        assert f.read_bytes() == (warm / f.name).read_bytes(), f.name


# --------------------------------------------------------------------------- the cache runs no code

def test_a_planted_cache_entry_never_runs_code(tmp_path):
    import hashlib
    import pickle

    src = corpus(tmp_path / "in", n=1)
    out = tmp_path / "out"
    m = run_annotate(src, out, jobs=1, progress=False)
    cache = DocumentCache(out / "cache", m["settings_fingerprint"])
    key = cache.key("doc0000", (src / "doc0000.txt").read_text(encoding="utf-8"))
    flag = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {flag}",))

    payload = pickle.dumps(Evil())
    for p in (out / "cache").rglob("*"):
        if p.is_file():
            p.unlink()
    old_style = out / "cache" / key[:2] / f"{key}.pkl"  # the old format's path, checksum right
    old_style.parent.mkdir(parents=True, exist_ok=True)
    old_style.write_bytes(hashlib.sha256(payload).digest() + payload)
    new_style = cache._path(key)  # the same bytes where a JSON entry would be
    new_style.write_bytes(hashlib.sha256(payload).digest() + payload)
    m = run_annotate(src, out, jobs=1, progress=False)
    assert not flag.exists()
    assert not old_style.exists()  # removed unread
    assert m["cache"]["corrupt"] == 1 and m["cache"]["hits"] == 0
    garbage = json.dumps({"v": 1, "tables": "nonsense"}).encode()
    new_style.write_bytes(hashlib.sha256(garbage).digest() + garbage)
    m = run_annotate(src, out, jobs=1, progress=False)
    assert m["cache"]["corrupt"] == 1 and m["cache"]["hits"] == 0


# --------------------------------------------------------------------------- clear errors

def test_a_full_disk_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys):
    from utils import __main__ as cli_main
    from utils import tables

    src = corpus(tmp_path / "in", n=1)
    out = tmp_path / "out"

    def full(self, text, rows):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tables.TableStream, "append_text", full)
    rc = cli_main.main(["annotate", str(src), "--out", str(out), "--jobs", "1", "--quiet"])
    err = capsys.readouterr().err
    assert rc == 1 and "disk full" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-") or p.name.endswith(".tmp")]


def test_a_bad_scheduler_is_exit_2(tmp_path):
    src = corpus(tmp_path / "in", n=1)
    r = cli("annotate", str(src), "--out", str(tmp_path / "o"), "--scheduler", "my laptop")
    assert r.returncode == 2 and "--scheduler must be" in r.stderr and "Traceback" not in r.stderr
    r = cli("annotate", str(src), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9")
    assert r.returncode == 2 and "cannot reach the Dask scheduler" in r.stderr and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- workers stop with the run

def _children(pid: int) -> list[int]:
    out = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("PPid:") and int(line.split()[1]) == pid:
                out.append(int(status.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def _start_big_run(tmp_path: Path) -> tuple[subprocess.Popen, Path, list[int]]:
    src = corpus(tmp_path / "in", n=400)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "utils", "annotate", str(src), "--out", str(out), "--jobs", "2",
                             "--chunk-size", "40", "--no-cache", "--quiet"], cwd=paths.ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        time.sleep(0.2)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the run never started its two workers"
    return proc, out, workers


def _wait_gone(pids: list[int], seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    return [p for p in pids if _alive(p)]


@pytest.mark.slow
def test_kill_9_of_the_run_takes_its_workers_with_it(tmp_path):
    proc, out, workers = _start_big_run(tmp_path)
    proc.kill()
    proc.wait()
    assert _wait_gone(workers) == []


@pytest.mark.slow
def test_sigterm_stops_workers_and_leaves_no_temporaries(tmp_path):
    proc, out, workers = _start_big_run(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err and "interrupted" in err
    assert _wait_gone(workers) == []
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-") or p.name.endswith(".tmp")]
    assert not (out / "documents.csv").exists()  # no set was complete, so none is there


def test_an_interrupted_run_does_not_print_the_pool_managers_cancelled_future_error(monkeypatch, capsys):
    """Python 3.11's pool manager thread raises InvalidStateError on futures an interrupt
    cancelled once the workers are killed (seen once in CI as a traceback under
    "interrupted"). After an abort that one error is silent; any other thread error shows."""
    import threading
    from concurrent.futures import InvalidStateError

    from utils import pipeline

    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)
    pipeline._quiet_pool_manager_on_abort()
    pipeline._quiet_pool_manager_on_abort()  # twice: still one wrapper

    def boom(exc):
        t = threading.Thread(target=lambda: (_ for _ in ()).throw(exc))
        t.start()
        t.join()

    boom(InvalidStateError("CANCELLED: <Future at 0x0 state=cancelled>"))
    assert "Traceback" not in capsys.readouterr().err
    boom(ValueError("a real error in a thread"))
    assert "ValueError: a real error in a thread" in capsys.readouterr().err
