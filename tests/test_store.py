"""The SQLite store: round trip of papers and mentions, updates without duplicates, atomic transactions."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from graphapp.model import Occurrence, Paper
from graphapp.store import Store

LORA = Paper("2106.09685", "LoRA", "We propose LoRA. We use GLUE.", "https://arxiv.org/abs/2106.09685", ["E. Hu"])


def lora_occurrences() -> list[Occurrence]:
    return [
        Occurrence("method", "LoRA", "proposes", "LoRA", "We propose LoRA.", "abstract", 11, 15, "proposed"),
        Occurrence("dataset", "GLUE", "uses", "GLUE", "We use GLUE.", "abstract", 24, 28, "used"),
        Occurrence("url", "https://github.com/o/LoRA", "links_to", "x", "code: x", "metadata", kind="github_repo"),
    ]


def test_round_trip(tmp_path):
    path = tmp_path / "store.sqlite"
    with Store(path) as store, store.transaction():
        store.put_paper(LORA, lora_occurrences())
    with Store(path, readonly=True) as store:
        assert list(store.papers()) == [LORA]
        rows = list(store.mentions())
        assert store.integrity_ok()
    assert [(r.entity_type, r.name, r.relation, r.role, r.field, r.start, r.end) for r in rows] == [
        ("method", "LoRA", "proposes", "proposed", "abstract", 11, 15),
        ("dataset", "GLUE", "uses", "used", "abstract", 24, 28),
        ("url", "https://github.com/o/LoRA", "links_to", None, "metadata", None, None),
    ]
    assert rows[2].kind == "github_repo"
    assert rows[0].evidence == "We propose LoRA."


def test_reingest_updates_instead_of_duplicating(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction():
            store.put_paper(LORA, lora_occurrences())
        changed = Paper(LORA.id, "LoRA v2", "We propose LoRA.", None, [], None, "other.jsonl")
        with store.transaction():
            store.put_paper(changed, lora_occurrences()[:1])
        assert store.paper_count() == 1
        stored = store.paper(LORA.id)
        assert stored.title == "LoRA v2"
        assert stored.url == LORA.url and stored.authors == LORA.authors  # known metadata kept
        assert [row.name for row in store.mentions()] == ["LoRA"]
        assert store.counts() == {"papers": 1, "mentions": 1, "method": 1}


def test_failed_transaction_leaves_store_unchanged(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction():
            store.put_paper(LORA, lora_occurrences())
        with pytest.raises(RuntimeError), store.transaction():
            store.put_paper(Paper("p2", "Other", "text"), lora_occurrences())
            raise RuntimeError("crash in the middle of a file")
        assert [p.id for p in store.papers()] == [LORA.id]
        assert len(list(store.mentions())) == 3
        # the entity id cache was reset with the rollback: writing again still works
        with store.transaction():
            store.put_paper(Paper("p3", "Third", "text"), [Occurrence("model", "BERT", "uses", "BERT", "e")])
        assert store.counts()["model"] == 1


def test_readonly_store_refuses_writes(tmp_path):
    path = tmp_path / "s.sqlite"
    Store(path).close()
    with Store(path, readonly=True) as store, pytest.raises(sqlite3.OperationalError), store.transaction():
        store.record_ingest("x", 0, 0)


def test_papers_and_mentions_by_id(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction():
            store.put_paper(LORA, lora_occurrences())
            store.put_paper(Paper("p2", "B", "text"), [Occurrence("dataset", "GLUE", "uses", "GLUE", "e")])
        assert [p.id for p in store.papers(["p2"])] == ["p2"]
        assert {row.paper_id for row in store.mentions(["p2"])} == {"p2"}
        assert store.paper("absent") is None
        assert store.counts()["dataset"] == 1  # one GLUE entity shared by two papers


@pytest.mark.parametrize("name", ["a#b.sqlite", "c%20d.sqlite", "e?f.sqlite", "g h.sqlite"])
def test_store_opens_exactly_the_file_named(tmp_path, name):
    """URI characters in a path ("#", "%", "?") name the file, not a fragment, an escape or a query."""
    path = tmp_path / name
    with Store(path) as store, store.transaction():
        store.put_paper(LORA, lora_occurrences())
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite"] == [name]
    with Store(path, readonly=True) as store:
        assert store.paper_count() == 1


class ContendedLock:
    """A lock that records when a thread has to wait for it (so a test waits on that, not on a fixed sleep)."""

    def __init__(self, lock) -> None:
        self.lock = lock
        self.contended = threading.Event()

    def __enter__(self) -> ContendedLock:
        if not self.lock.acquire(blocking=False):
            self.contended.set()
            self.lock.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.lock.release()


def test_snapshots_of_one_store_in_two_threads_take_turns(tmp_path, monkeypatch):
    """The app shares one Store between its sessions' threads. A snapshot is one read transaction of
    the shared connection, so a second thread's snapshot must wait for the first to end: else the first
    one's COMMIT would end the second's transaction halfway through its reads (or both would BEGIN)."""
    path = tmp_path / "s.sqlite"
    with Store(path) as store, store.transaction():
        store.put_paper(LORA, lora_occurrences())
    events: list[str] = []
    inside = threading.Event()
    with Store(path) as shared:
        lock = ContendedLock(shared._transaction_lock)
        monkeypatch.setattr(shared, "_transaction_lock", lock)

        def first() -> None:
            with shared.snapshot():
                inside.set()
                # The second thread now tries its snapshot: end this one once it is waiting for it.
                assert lock.contended.wait(timeout=60), "the second snapshot never tried to begin"
                events.append("first ends")

        def second() -> None:
            inside.wait()
            with shared.snapshot():
                events.append("second begins")
                assert shared.paper_count() == 1

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not shared.in_transaction
    assert events == ["first ends", "second begins"]
