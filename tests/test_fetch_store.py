"""fetch_into_store: fetched papers go through the ingest path, in one transaction, with progress."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from fetch_fakes import FakeClock, fake_client, recorded_client

from graphapp.fetch import ArxivSearch, FetchResult, HfDaily, OfflineError, fetch_into_store
from graphapp.graph import build_graph
from graphapp.model import Paper
from graphapp.store import Store


def ingest_log(store: Store) -> list[tuple]:
    return store.ingest_log()


def test_three_days_are_stored_in_one_ingest_with_progress(tmp_path, default_extractor):
    client, _ = recorded_client(FakeClock())
    steps: list[tuple[float, str]] = []
    with Store(tmp_path / "s.sqlite") as store:
        report = fetch_into_store(
            store,
            HfDaily(date=date(2025, 9, 8), days=3),
            client=client,
            extractor=default_extractor,
            progress=lambda *s: steps.append(s),
        )
        assert store.paper_count() == 4
        assert ingest_log(store) == [("hf-daily 2025-09-06..2025-09-08", 4, 1)]
        stored = store.paper("2509.04664")
    assert report.papers == 4 and len(report.errors) == 1
    assert "Hugging Face lists no papers for 2025-09-07" in [notice.message for notice in report.notices]
    assert stored.title == "Why Language Models Hallucinate" and stored.date == "2025-09-04"
    fractions = [fraction for fraction, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert steps[-1][1] == "extracting and storing: 4/4 papers"
    assert steps[0][1].startswith("fetching Hugging Face daily papers: 2025-09-08")


def test_metadata_links_become_repo_nodes(tmp_path, default_extractor):
    client, _ = recorded_client(FakeClock())
    with Store(tmp_path / "s.sqlite") as store:
        fetch_into_store(store, HfDaily(date=date(2026, 3, 6)), client=client, extractor=default_extractor)
        graph = build_graph(store)
    repos = [data["label"].lower() for _, data in graph.nodes(data=True) if data["type"] == "repo"]
    assert "https://github.com/marco-garosi/circle" in repos


def test_arxiv_papers_are_stored_and_a_second_fetch_updates_them(tmp_path, default_extractor):
    client, recordings = recorded_client(FakeClock(), tmp_path / "cache")
    with Store(tmp_path / "s.sqlite") as store:
        first = fetch_into_store(
            store, ArxivSearch(category="cs.LG", max_results=5), client=client, extractor=default_extractor
        )
        second = fetch_into_store(
            store, ArxivSearch(category="cs.LG", max_results=5), client=client, extractor=default_extractor
        )
        assert store.paper_count() == 5
        assert [row[0] for row in ingest_log(store)] == ["arxiv cat:cs.LG", "arxiv cat:cs.LG"]
    assert first.papers == second.papers == 5
    assert len(recordings.requested) == 1
    assert "1 of 1 pages came from the cache" in [notice.message for notice in second.notices]


def test_offline_without_a_cache_stores_nothing(tmp_path, default_extractor):
    clock = FakeClock()
    client, recordings = recorded_client(clock, tmp_path / "cache", offline=True)
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(OfflineError, match="not cached yet"):
            fetch_into_store(store, HfDaily(date=date(2025, 9, 8)), client=client, extractor=default_extractor)
        assert store.paper_count() == 0 and ingest_log(store) == []
    assert recordings.requested == []


def test_a_paper_listed_twice_is_stored_once_without_a_notice(tmp_path, default_extractor):
    paper = Paper("2509.04664", "Why Language Models Hallucinate", "We argue that evaluation rewards guessing.")

    class TwiceListed:
        def fetch(self, client, progress=None):
            return FetchResult(label="twice", items=[paper, paper])

    client = fake_client(httpx.MockTransport(lambda request: pytest.fail(f"network used: {request.url}")), FakeClock())
    with Store(tmp_path / "s.sqlite") as store:
        report = fetch_into_store(store, TwiceListed(), client=client, extractor=default_extractor)
        assert store.paper_count() == 1
    assert report.papers == 1 and report.notices == []
