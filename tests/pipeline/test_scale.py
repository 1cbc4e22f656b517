"""Scale: identical tables whatever the execution (serial, process pool, Dask,
chunk size, cache), a cache that survives corruption, interrupted runs that
leave no half-written table."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from utils import paths, pipeline
from conftest import FIXTURES

FIXTURES = FIXTURES / "corpus"
TABLE_FILES = [f"{n}.csv" for n in pipeline.TABLES]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for f in FIXTURES.glob("*.txt"):
        shutil.copy(f, d / f.name)
    shutil.copy(paths.SEED_CORPUS / "000_9e905b8fb374d4c2.txt", d)
    return d


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    pipeline.run_annotate(corpus, out, jobs=1, cache=False, progress=False)
    return out


def _same_tables(a: Path, b: Path):
    for name in TABLE_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_serial_run_produces_rows(serial):
    import pandas as pd

    assert len(pd.read_csv(serial / "documents.csv")) == 5
    assert len(pd.read_csv(serial / "mentions.csv")) > 20
    assert pd.read_csv(serial / "errors.csv").empty


def test_process_pool_and_small_chunks_give_identical_tables(corpus, serial, tmp_path):
    pipeline.run_annotate(corpus, tmp_path, jobs=2, chunk_size=2, cache=False, progress=False)
    _same_tables(serial, tmp_path)


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_tables(corpus, serial, tmp_path):
    pytest.importorskip("dask.distributed")
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        pipeline.run_annotate(corpus, tmp_path, scheduler=cluster.scheduler_address, chunk_size=3,
                              cache=False, progress=False)
    _same_tables(serial, tmp_path)


def test_cache_reuses_and_recovers_from_corruption(corpus, serial, tmp_path):
    m1 = pipeline.run_annotate(corpus, tmp_path, jobs=1, progress=False)
    assert m1["cache"] == {"hits": 0, "misses": 5, "corrupt": 0}
    entries = sorted((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 5
    entries[0].write_bytes(entries[0].read_bytes()[:-10])  # truncated
    entries[1].write_bytes(b"\0" * 40)  # garbage
    m2 = pipeline.run_annotate(corpus, tmp_path, jobs=1, progress=False)
    assert m2["cache"] == {"hits": 3, "misses": 0, "corrupt": 2}
    _same_tables(serial, tmp_path)
    m3 = pipeline.run_annotate(corpus, tmp_path, jobs=1, progress=False)
    assert m3["cache"]["hits"] == 5


def test_interrupted_run_leaves_previous_tables_intact(corpus, serial, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(serial, out)
    before = {n: (out / n).read_bytes() for n in TABLE_FILES}
    calls = {"n": 0}
    real = pipeline.annotate_document

    def dying(doc_id, text, options=None, **kw):  # kw: the document's date
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(doc_id, text, options, **kw)

    monkeypatch.setattr(pipeline, "annotate_document", dying)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run_annotate(corpus, out, jobs=1, chunk_size=1, cache=False, progress=False)
    assert {n: (out / n).read_bytes() for n in TABLE_FILES} == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(pipeline, "annotate_document", real)
    pipeline.run_annotate(corpus, out, jobs=1, cache=False, progress=False)  # the next run redoes it cleanly
    _same_tables(serial, out)


def test_actor_table_from_chunk_statistics_equals_one_pass(serial):
    """The streaming reduce (statistics per chunk, merged) gives exactly the
    table build_actors gives over all mentions at once."""
    from utils import actors
    from utils.tables import read_table

    mentions = read_table(serial / "mentions.csv")
    whole = actors.build_actors(mentions)
    parts = [actors.actor_stats(g) for _, g in mentions.groupby("doc_id", sort=True)]
    assert len(parts) == 5
    chunked = pipeline.actors_from_parts(parts)
    assert chunked.astype(str).equals(whole.astype(str))
    assert whole["n_documents"].max() >= 2  # some actor spans several documents
