"""Parallel ingest: worker processes and a Dask cluster give exactly the store a single process gives."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import os
import pickle
import signal
import sys
import types

import pytest

from bench.corpus import generate
from extractors import Extractor
from graphapp.ingest import read_papers
from graphapp.model import Occurrence, Paper
from graphapp.parallel import DaskRunner, ProcessRunner, SerialRunner, make_runner
from graphapp.pipeline import Batches, batched, ingest_file, learn_corpus, predict_all, predict_items
from graphapp.store import Store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """300 generated papers, a repeated id and a broken line: the cases ordering and batching could get wrong."""
    path = tmp_path_factory.mktemp("corpus") / "papers.jsonl"
    papers = list(generate(300, seed=5))
    lines = [json.dumps(paper) for paper in papers]
    lines.insert(120, "{not json")
    lines.append(json.dumps({**papers[7], "title": "A later record of paper 7", "abstract": "We use ImageNet."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def store_content(path) -> tuple[list, list]:
    """Everything ingest writes, without the write timestamps."""
    with Store(path, readonly=True) as store:
        papers = [(p.id, p.title, p.abstract, p.date) for p in store.papers()]
        mentions = [tuple(row.__getattribute__(f) for f in row.__slots__) for row in store.mentions()]
        assert store.integrity_ok()
    return papers, mentions


def ingest_with(runner, corpus, db, batch_size=16):
    with Store(db) as store:
        report = ingest_file(store, corpus, extractor=Extractor.default(), runner=runner, batch_size=batch_size)
    assert report.papers == 300 and len(report.errors) == 1 and "line 121" in str(report.errors[0])
    assert len(report.notices) == 1
    return store_content(db)


@pytest.fixture(scope="module")
def single_process(corpus, tmp_path_factory):
    content = ingest_with(None, corpus, tmp_path_factory.mktemp("serial") / "s.sqlite", batch_size=1)
    assert len(content[0]) == 300 and len(content[1]) > 1000
    return content


def test_serial_runner_and_batches_match_one_by_one(corpus, single_process, tmp_path):
    assert ingest_with(SerialRunner(), corpus, tmp_path / "b.sqlite", batch_size=64) == single_process


def test_worker_processes_give_the_same_store(corpus, single_process, tmp_path):
    with make_runner("local", workers=2) as runner:
        assert isinstance(runner, ProcessRunner)
        assert ingest_with(runner, corpus, tmp_path / "w.sqlite") == single_process


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_store(corpus, single_process, tmp_path, monkeypatch):
    # Dask starts its workers with multiprocessing's "spawn", which re-runs the parent's __main__ in each
    # child; other tests (Streamlit's AppTest, runpy) may have left a script there, so give it a blank one.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    with DaskRunner(workers=2, processes=True) as runner:
        assert len(runner.client.nthreads()) == 2
        assert ingest_with(runner, corpus, tmp_path / "d.sqlite") == single_process


class BrokenOnSeven(Extractor):
    """An extractor with a bug that one record triggers."""

    def extract_paper(self, title, abstract):
        if "paper 7" in title:
            raise RuntimeError("boom")
        return super().extract_paper(title, abstract)


def test_a_failing_record_costs_only_itself_in_a_worker(corpus, tmp_path):
    with Store(tmp_path / "f.sqlite") as store, make_runner("local", workers=2) as runner:
        extractor = BrokenOnSeven(Extractor.default().entities)
        report = ingest_file(store, corpus, extractor=extractor, runner=runner, batch_size=16)
        assert [error.reason for error in report.errors] == ["not valid JSON", "extraction failed"]
        assert "RuntimeError: boom" in str(report.errors[1])
        assert report.papers == 300 and store.paper_count() == 300  # the first record of paper 7 is kept


def read_noting_the_process(corpus, pids):
    """The corpus's items, after noting which process reads them."""
    with open(pids, "a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
    return read_papers(corpus)


def test_the_main_process_neither_reads_nor_extracts(corpus, tmp_path):
    """With worker processes, the input is read and parsed in a reader process: the main one only writes."""
    pids = tmp_path / "pids.txt"
    batches = Batches(functools.partial(read_noting_the_process, corpus, pids), 16)
    with make_runner("local", workers=2) as runner:
        extracted = list(runner.map(Extractor.default(), batches))
    readers = set(pids.read_text().split())
    assert len(readers) == 1 and str(os.getpid()) not in readers
    read = list(read_papers(corpus))
    papers = [item for item in read if isinstance(item, Paper)]
    kept = [paper for batch in extracted for paper, _ in batch.kept()]
    assert kept == papers  # every paper, with its edges, in input order ...
    outcome = [entry for batch in extracted for entry in batch.outcome]
    assert [entry if not isinstance(entry, tuple) else entry[0] for entry in outcome] == [
        item if not isinstance(item, Paper) else item.id for item in read
    ]  # ... and every error and notice in its place
    assert sum(batch.papers for batch in extracted) == len(papers)


def failing_read(path, *args, **kwargs):
    yield from itertools.islice(read_papers(path, *args, **kwargs), 40)
    raise OSError("disk went away")


class KilledOnSeven(Extractor):
    """An extractor whose process dies (as if killed by the kernel for memory) on one record."""

    def extract_paper(self, title, abstract):
        if "paper 7" in title:
            os.kill(os.getpid(), signal.SIGKILL)
        return super().extract_paper(title, abstract)


@pytest.mark.slow  # SIGKILLs a worker
def test_a_failing_reader_or_a_dead_worker_stops_the_ingest_and_stores_nothing(corpus, tmp_path, monkeypatch):
    """Neither hangs: the main process raises what went wrong, and the store keeps what it had."""
    monkeypatch.setattr("graphapp.pipeline.read_papers", failing_read)
    with Store(tmp_path / "r.sqlite") as store, make_runner("local", workers=2) as runner:
        with pytest.raises(RuntimeError, match=r"(?s)reading failed.*disk went away"):
            ingest_file(store, corpus, extractor=Extractor.default(), runner=runner, batch_size=16)
        assert store.paper_count() == 0
    monkeypatch.undo()
    with Store(tmp_path / "k.sqlite") as store, make_runner("local", workers=2) as runner:
        with pytest.raises(RuntimeError, match="died"):
            ingest_file(store, corpus, extractor=KilledOnSeven(Extractor.default().entities), runner=runner)
        assert store.paper_count() == 0


def test_learning_in_workers_learns_what_one_process_learns(corpus):
    papers = [item for item in read_papers(corpus) if isinstance(item, Paper)]
    serial = Extractor.default()
    serial.learn(text for paper in papers for text in (paper.title, paper.abstract))
    in_workers = Extractor.default()
    with make_runner("local", workers=2) as runner:
        learned = learn_corpus(in_workers, batched(papers, 16), runner)
    assert learned > 10
    assert list(in_workers.entities.vocabulary) == list(serial.entities.vocabulary)  # the same names, in order
    assert in_workers.entities._generic == serial.entities._generic


@pytest.fixture(scope="module")
def predicted_in_one_go(corpus):
    """What `graphapp extract` wrote before it had runners: learn from every text, then extract every item."""
    items = list(read_papers(corpus))
    extractor = Extractor.default()
    extractor.learn(text for item in items if isinstance(item, Paper) for text in (item.title, item.abstract))
    return predict_items(extractor, items)


def predicted(runner, corpus, batch_size=16):
    batches = Batches(functools.partial(read_papers, corpus), batch_size)
    return [entry for batch in predict_all(Extractor.default(), batches, runner) for entry in batch]


def test_extract_in_one_process_or_in_workers_writes_the_same_lines(corpus, predicted_in_one_go):
    """Both passes in three workers (each surveying, then extracting, its own batches), in this process batch by
    batch, and the whole corpus at once: the same lines, errors and notices in the same order."""
    assert sum(isinstance(entry, str) for entry in predicted_in_one_go) == 301
    assert predicted(SerialRunner(), corpus) == predicted_in_one_go
    with ProcessRunner(3) as runner:
        assert predicted(runner, corpus) == predicted_in_one_go


def test_extract_in_workers_stops_when_reading_fails(corpus):
    batches = Batches(functools.partial(failing_read, corpus), 16)
    with ProcessRunner(2) as runner, pytest.raises(RuntimeError, match=r"(?s)reading failed.*disk went away"):
        list(predict_all(Extractor.default(), batches, runner))


@pytest.mark.slow
def test_extract_on_a_dask_cluster_writes_the_same_lines(corpus, predicted_in_one_go, monkeypatch):
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))  # see the Dask ingest test
    with DaskRunner(workers=2, processes=True) as runner:
        assert predicted(runner, corpus) == predicted_in_one_go


@pytest.mark.unit
def test_occurrences_travel_between_processes_with_every_field():
    occurrence = Occurrence("model", "Llama 2", "uses", "Llama 2", "We use it.", "title", 3, 10, "used", "k", "f")
    assert pickle.loads(pickle.dumps(occurrence)) == occurrence
    assert len(occurrence.__reduce__()[1]) == len(dataclasses.fields(Occurrence))


@pytest.mark.unit
def test_runner_options_are_checked():
    assert isinstance(make_runner("local", workers=1), SerialRunner)
    with pytest.raises(ValueError, match="unknown engine"):
        make_runner("spark")
    with pytest.raises(ValueError, match="needs --engine dask"):
        make_runner("local", workers=2, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ValueError):
        list(batched([1, 2], 0))
