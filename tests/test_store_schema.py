"""The store's schema version and migrations: new stores, stores written by release 1, newer stores refused.

``fixtures/store_release_1.sqlite`` was written by release 1 (the code before schema versions, commit cafb1bb):
the three papers of ``fixtures/papers.jsonl``, eight link-heavy abstracts of ../shared/eval, and one paper whose
links were enriched from the recordings. ``store_release_1.json`` is what that release read from it.

``fixtures/store_version_6.sqlite`` was written by schema version 6 (commit 870fc06: nearest papers as a row per
pair naming both by text id): ``python -m graphapp ingest`` of the first 60 of the 20k real arXiv abstracts
(../shared/corpus). ``store_version_6.json`` is what that code answered from it: every paper's nearest lists, both
ways, every link, who lists the first five papers, the first ten papers' related papers and ten paths' verdicts.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from extractors import Extractor
from graphapp.fetch.enrich import entity_metadata
from graphapp.graph import build_graph
from graphapp.model import MetadataLink, Occurrence, Paper
from graphapp.pipeline import paper_occurrences
from graphapp.queries.connections import connection as paper_path
from graphapp.queries.related import related
from graphapp.store import SCHEMA_VERSION, SchemaError, Store
from graphapp.store.schema import FIELDS, MIGRATIONS, migrate

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RELEASE_1 = FIXTURES / "store_release_1.sqlite"
VERSION_6 = FIXTURES / "store_version_6.sqlite"


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


def test_evidence_stored_as_text_before_version_3_reads_the_same_after_the_upgrade(release_1):
    with Store(release_1, readonly=True) as store:
        before = list(store.mentions())
        strongest = store.strongest_mentions({entity_id for entity_id, _ in store.entities_named("dataset", "GLUE")})
    assert before and all(row.evidence for row in before if row.field != "metadata")
    with Store(release_1) as store:
        assert store.schema_version() >= 3
        assert list(store.mentions()) == before
        assert store.strongest_mentions({entity_id for entity_id, _ in store.entities_named("dataset", "GLUE")}) == (
            strongest
        )


def test_new_evidence_is_stored_as_offsets_into_the_text_and_reads_as_the_sentence(tmp_path):
    """The lean store: a mention read from the text keeps where its sentence is, not a copy of it."""
    abstract = "We study transfer.  Our model is trained\n on   GLUE and tested on SQuAD. Code: https://x.io/a."
    paper = Paper("p1", "GLUE for all", abstract, links=[MetadataLink("https://github.com/a/b", "code")])
    occurrences = paper_occurrences(paper, Extractor.default())
    with Store(tmp_path / "lean.sqlite") as store, store.transaction():
        store.put_paper(paper, occurrences)
    with Store(tmp_path / "lean.sqlite") as store:
        rows = list(store.mentions())
    glue = next(row for row in rows if row.name == "GLUE" and row.field == "abstract")
    assert glue.evidence == "Our model is trained on GLUE and tested on SQuAD."
    assert {(row.name, row.field, row.evidence) for row in rows} == {
        (occ.name, occ.field, occ.evidence) for occ in occurrences
    }
    with sqlite3.connect(tmp_path / "lean.sqlite") as connection:
        stored = connection.execute("SELECT field, evidence, evidence_start, evidence_end FROM mentions").fetchall()
    metadata = FIELDS.index("metadata")  # fields, relations and roles are stored as small integers (version 7)
    assert all(evidence == "" and end > start for field, evidence, start, end in stored if field != metadata)
    assert [evidence for field, evidence, _, _ in stored if field == metadata] == ["code: https://github.com/a/b"]


def test_migrating_twice_applies_nothing(release_1):
    connection = sqlite3.connect(release_1, isolation_level=None)
    try:
        assert migrate(connection, str(release_1)) == [migration.version for migration in MIGRATIONS]
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
        with pytest.raises(SchemaError, match=rf"future\.sqlite: store schema version {SCHEMA_VERSION + 1} is newer"):
            Store(path, readonly=readonly)


def _text_index_answers(store: Store) -> dict:
    """What ``store_version_6.json`` recorded, asked again (as JSON, so tuples compare as its lists)."""
    ids = [pid for pid, _, _ in store.paper_texts()]
    found = {
        "nearest": store.nearest(ids),
        "nearest_both": {pid: store.nearest_both(pid) for pid in ids},
        "links": store.nearest_links(),
        "links_some": store.nearest_links(ids[:25]),
        "listing": sorted(store.listing(ids[:5])),
        "related": {pid: [(r.paper, r.score) for r in related(store, f"paper:{pid}")] for pid in ids[:10]},
        "path": [
            paper_path(store, f"paper:{a}", f"paper:{b}").verdict for a, b in zip(ids[:10], ids[10:20], strict=True)
        ],
    }
    return json.loads(json.dumps(found))


def test_a_version_6_store_upgrades_to_packed_nearest_lists_with_the_same_answers(tmp_path):
    path = tmp_path / "v6.sqlite"
    shutil.copy(VERSION_6, path)
    expected = json.loads((FIXTURES / "store_version_6.json").read_text("utf-8"))
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.integrity_ok()
        assert _text_index_answers(store) == expected
    assert "nearest_papers" not in tables(path) and "nearest_lists" in tables(path)
    with sqlite3.connect(path) as connection:
        pairs = connection.execute("SELECT sum(length(others)) / 4 FROM nearest_lists").fetchone()[0]
        connection.execute("VACUUM")  # papers' keys are explicit: what refers to them still holds
    assert pairs == len(expected["links"]) == 60 * 20
    with Store(path, readonly=True) as store:
        assert _text_index_answers(store) == expected
        assert store.paper_count() == 60 and len(list(store.mentions())) > 60


def test_packed_nearest_lists_keep_who_lists_whom_in_step(tmp_path):
    """Lists replaced, papers dropped from every list: the reverse lists follow, so both directions agree."""
    path = tmp_path / "v6.sqlite"
    shutil.copy(VERSION_6, path)
    with Store(path) as store:
        ids = [pid for pid, _, _ in store.paper_texts()]
        first, second, third = ids[:3]
        with store.transaction():
            store.put_nearest({first: [(second, 0.5), (third, 0.5)], second: []})
            store.drop_from_nearest([third])
        assert store.nearest([first, second]) == {first: [(second, 0.5)]}
        for paper in ids:
            holders = {other for other, ranked in store.nearest(ids).items() if paper in dict(ranked)}
            assert store.listing([paper]) == holders
            both = dict(store.nearest_both(paper))
            assert holders | {other for other, _ in store.nearest([paper]).get(paper, [])} == set(both)
        assert store.nearest_both(third) == sorted(store.nearest([third])[third])


def test_a_version_6_store_read_only_reads_its_mentions_as_the_upgraded_one(tmp_path):
    path = tmp_path / "v6.sqlite"
    shutil.copy(VERSION_6, path)
    with Store(path, readonly=True) as store:
        assert store.schema_version() == 6
        before = list(store.mentions())
        counts = store.counts()
        papers = list(store.papers())
    with Store(path) as store:
        assert list(store.mentions()) == before and store.counts() == counts and list(store.papers()) == papers
    assert before and any(row.evidence and row.surface for row in before)


def test_a_rebuild_writes_in_one_pass_what_list_by_list_writes_would(tmp_path):
    """put_rebuilt_nearest (who lists each paper found once, at the end) and put_nearest chunk by chunk (kept in
    step list by list) leave the same rows."""
    path = tmp_path / "v6.sqlite"
    shutil.copy(VERSION_6, path)
    with Store(path) as store:
        lists = store.nearest([pid for pid, _, _ in store.paper_texts()])
    chunks = [dict(list(lists.items())[start : start + 25]) for start in range(0, len(lists), 25)]
    rows = []
    for write in ("one pass", "list by list"):
        with Store(path) as store, store.transaction():
            store.clear_text_index()
            if write == "one pass":
                store.put_rebuilt_nearest(iter(chunks))
            else:
                for chunk in chunks:
                    store.put_nearest(chunk)
            rows.append(store._connection.execute("SELECT * FROM nearest_lists ORDER BY paper").fetchall())
    assert len(chunks) == 3 and rows[0] == rows[1]
    assert sum(len(holders) for *_, holders in rows[0]) == 60 * 20 * 4
