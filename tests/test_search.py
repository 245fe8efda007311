"""Full-text search (graphapp.search): every paper and entity reachable, paged, with true counts, kept in step
with every write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graphapp.model import Paper
from graphapp.queries.search import paper_titles, search
from graphapp.store import Store
from tests.app_store import XSS_DATASET, build_store


@pytest.fixture
def store(tmp_path):
    with Store(build_store(tmp_path / "s.sqlite")) as opened:
        yield opened


def test_search_finds_papers_and_entities(store):
    found = search(store, "cifar")
    assert found.hits[0].node == "dataset:CIFAR-10" and found.hits[0].papers == 4
    lora = [hit.node for hit in search(store, "lora").hits]
    assert lora[0] == "method:LoRA" and {"repo:https://github.com/microsoft/LoRA", "paper:2106.09685"} <= set(lora)
    assert search(store, "2305.14314").hits[0].node == "paper:2305.14314"
    assert search(store, "   ").hits == []
    assert search(store, '100% " OR *').hits == []  # FTS syntax is quoted, never run
    with pytest.raises(ValueError):
        search(store, "x", kinds="everything")
    assert any(hit.label == XSS_DATASET for hit in search(store, "click").hits)


def test_search_pages_and_counts_every_match(store):
    with store.transaction():
        for number in range(45):
            store.put_paper(Paper(f"g{number:02}", f"Graph study {number:02}", "x"), [])
    first = search(store, "graph study", limit=20)
    assert (first.papers, first.entities, len(first.hits)) == (45, 0, 20)
    pages = [search(store, "graph study", offset=offset, limit=20).hits for offset in (0, 20, 40)]
    seen = [hit.node for page in pages for hit in page]
    assert len(seen) == len(set(seen)) == 45  # every match on exactly one page


def test_the_index_follows_writes(store):
    with store.transaction():
        store.put_paper(Paper("n1", "Zebra finches sing", "x"), [])
    assert [hit.node for hit in search(store, "zebra").hits] == ["paper:n1"]
    with store.transaction():
        store.put_paper(Paper("n1", "Parrots talk", "x"), [])  # replaced: the old title is gone
    assert search(store, "zebra").hits == [] and search(store, "parrots").papers == 1


def test_paper_titles_reach_every_paper(store):
    titles, total = paper_titles(store, limit=2)
    assert total == 8 and list(titles) == ["paper:2401.99999", "paper:2402.00003"]  # "<img…" sorts first
    last, _ = paper_titles(store, offset=7, limit=2)
    assert list(last.values()) == ["Streaming Benchmarks for Continual Learning"]  # the last one, alphabetically
    found, count = paper_titles(store, "continual")
    assert count == 2 and set(found) == {"paper:2201.00001", "paper:2301.00002"}


def test_a_store_from_before_the_index_is_indexed_when_upgraded_and_searched_read_only(tmp_path):

    old = tmp_path / "release1.sqlite"
    shutil.copy(Path(__file__).parent / "fixtures" / "store_release_1.sqlite", old)
    with Store(old, readonly=True) as readonly:  # not upgraded: searched by substring
        assert not readonly.has_search_index()
        title = next(readonly.papers()).title
        assert search(readonly, title).papers >= 1
    with Store(old) as upgraded:  # upgraded: the index is filled from what the store holds
        assert upgraded.has_search_index()
        assert search(upgraded, title).hits[0].label == title
