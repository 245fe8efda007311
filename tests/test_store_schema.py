"""The store's schema version and migrations: new stores, stores written by release 1, newer stores refused.

``fixtures/store_release_1.sqlite`` was written by release 1 (the code before schema versions, commit cafb1bb):
the three papers of ``fixtures/papers.jsonl``, eight link-heavy abstracts of ../shared/eval, and one paper whose
links were enriched from the recordings. ``store_release_1.json`` is what that release read from it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from graphapp.fetch.enrich import entity_metadata
from graphapp.graph import build_graph
from graphapp.model import Occurrence, Paper
from graphapp.store import SCHEMA_VERSION, SchemaError, Store
from graphapp.store.schema import MIGRATIONS, migrate

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RELEASE_1 = FIXTURES / "store_release_1.sqlite"


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA user_version").fetchone()[0]


@pytest.fixture
def release_1(tmp_path) -> Path:
    path = tmp_path / "release1.sqlite"
    shutil.copy(RELEASE_1, path)
    return path


def test_migrations_are_numbered_in_order():
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1].version == SCHEMA_VERSION


def test_a_new_store_has_the_current_version(tmp_path):
    path = tmp_path / "new.sqlite"
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.entity_metadata() == {}
    assert user_version(path) == SCHEMA_VERSION
    assert {"papers", "entities", "mentions", "ingests", "entity_meta"} <= tables(path)
    with Store(":memory:") as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_a_release_1_store_opens_upgrades_and_reads_as_before(release_1):
    expected = json.loads((FIXTURES / "store_release_1.json").read_text("utf-8"))
    assert user_version(release_1) == 0 and "meta" in tables(release_1)
    with Store(release_1) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.integrity_ok()
        assert store.counts() == expected["counts"]
        assert store.data_version() == expected["store_version"]
        graph = build_graph(store)
        assert sorted(graph.nodes) == expected["nodes"]
        assert sorted([u, v, d["relation"]] for u, v, d in graph.edges(data=True)) == expected["edges"]
        assert sorted(entity_metadata(store)) == expected["metadata"]  # release 1's entity_meta table is kept
        assert entity_metadata(store)["https://github.com/microsoft/LoRA"]["stars"] == 12000
        with store.transaction():  # and it takes new papers
            store.put_paper(Paper("new", "New", "We use GLUE."), [Occurrence("dataset", "GLUE", "uses", "GLUE", "e")])
            store.record_ingest("new", 1, 0)
        assert store.counts()["papers"] == expected["counts"]["papers"] + 1
    assert user_version(release_1) == SCHEMA_VERSION
    assert "meta" not in tables(release_1)
    with Store(release_1) as store:  # opening an up-to-date store again changes nothing
        assert store.schema_version() == SCHEMA_VERSION


def test_a_release_1_store_opened_read_only_is_read_without_upgrading(release_1):
    with Store(release_1, readonly=True) as store:
        assert store.schema_version() == 0
        assert store.counts()["papers"] == 12
        assert len(store.entity_metadata()) == 8
    assert user_version(release_1) == 0


def test_a_release_1_store_never_enriched_gets_the_metadata_table(release_1):
    with sqlite3.connect(release_1) as connection:
        connection.execute("DROP TABLE entity_meta")
    with Store(release_1, readonly=True) as store:
        assert store.entity_metadata() == {} and store.entities_with_metadata() == set()
    with Store(release_1) as store:
        assert store.entity_metadata() == {}
    assert "entity_meta" in tables(release_1)


def test_migrating_twice_applies_nothing(release_1):
    connection = sqlite3.connect(release_1, isolation_level=None)
    try:
        assert migrate(connection, str(release_1)) == [1, 2]
        assert migrate(connection, str(release_1)) == []
    finally:
        connection.close()


def test_a_failed_migration_leaves_the_store_as_it_was(release_1, monkeypatch):
    from graphapp.store import schema

    broken = schema.Migration(2, "broken", ("CREATE TABLE entity_meta_x (a)", "THIS IS NOT SQL"))
    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken))
    with pytest.raises(sqlite3.OperationalError):
        Store(release_1)
    assert user_version(release_1) == 1  # step 1 committed, step 2 rolled back whole
    assert "entity_meta_x" not in tables(release_1)


def test_a_store_from_a_newer_release_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    for readonly in (False, True):
        with pytest.raises(SchemaError, match=r"future\.sqlite: store schema version 3 is newer"):
            Store(path, readonly=readonly)
