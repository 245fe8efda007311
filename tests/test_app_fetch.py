"""The app's Fetch view with AppTest, answered by the recorded responses (never the network)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graphapp.fetch import CACHE_ENV, make_client
from graphapp.fetch.enrich import enrich_store
from graphapp.fetch.recordings import RECORDINGS_ENV
from graphapp.safe import md_escape
from graphapp.store import Store
from tests.app_store import PAPER_IDS, build_store, start_app

RECORDINGS = Path(__file__).resolve().parent / "recordings"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    """A small store, recorded responses instead of the network, and a private cache."""
    monkeypatch.setenv(RECORDINGS_ENV, str(RECORDINGS))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    path = build_store(tmp_path / "app.sqlite")
    monkeypatch.setenv("PGE_DB", str(path))
    return path


@pytest.fixture
def fetch_view(db, monkeypatch) -> AppTest:
    return start_app(db, monkeypatch, view="Fetch")


def papers(db: Path) -> int:
    with Store(db, readonly=True) as store:
        return store.paper_count()


def test_hf_daily_papers_are_fetched_into_the_store(db, fetch_view):
    at = fetch_view
    at.date_input(key="fetch_date").set_value(date(2025, 9, 8))
    at.number_input(key="fetch_days").set_value(3)
    at.button(key="fetch_go").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith(md_escape("4 papers from hf-daily 2025-09-06..2025-09-08") + " are in")
    assert md_escape("Hugging Face lists no papers for 2025-09-07") in [caption.value for caption in at.caption]
    skipped = at.dataframe[0].value
    assert list(skipped["where"]) == ["record 3"] and skipped["problem"][0] == "missing summary"
    assert skipped["from"][0].startswith("https://huggingface.co/api/daily_papers?date=2025-09-08")
    assert papers(db) == len(PAPER_IDS) + 4
    assert at.sidebar.caption[0].value.startswith(f"{len(PAPER_IDS) + 4} papers")  # every view refreshed


def test_arxiv_listing_is_fetched_and_offline_then_reads_the_cache(db, fetch_view):
    at = fetch_view
    at.radio(key="fetch_source").set_value("arXiv").run()
    at.text_input(key="fetch_category").input("cs.LG")
    at.number_input(key="fetch_max").set_value(5)
    at.checkbox(key="fetch_offline").check()
    at.button(key="fetch_go").click().run()
    assert at.error[0].value.startswith("Fetch failed, nothing was stored: https")
    assert at.error[0].value.endswith("is not cached yet and fetching is offline")
    assert papers(db) == len(PAPER_IDS)

    at.checkbox(key="fetch_offline").uncheck()
    at.button(key="fetch_go").click().run()
    assert not at.error and at.success[0].value.startswith(md_escape("5 papers from arxiv cat:cs.LG"))
    at.checkbox(key="fetch_offline").check()
    at.button(key="fetch_go").click().run()
    assert md_escape("1 of 1 pages came from the cache") in [caption.value for caption in at.caption]
    assert papers(db) == len(PAPER_IDS) + 5 - 1  # LoRA (2106.09685) was already in the store: updated


def test_arxiv_query_without_a_category(db, fetch_view):
    at = fetch_view
    at.radio(key="fetch_source").set_value("arXiv").run()
    at.text_input(key="fetch_category").input("")
    at.text_input(key="fetch_query").input("electron proton")  # plain words: all of them, anywhere
    at.number_input(key="fetch_max").set_value(2)
    at.button(key="fetch_go").click().run()
    assert not at.exception and not at.error, at.error
    label = "arxiv all:electron AND all:proton"
    assert at.success[0].value.startswith(md_escape(f"2 papers from {label}") + " are in")
    assert papers(db) == len(PAPER_IDS) + 2
    with Store(db, readonly=True) as store:
        sources = [paper.source for paper in store.papers(["1309.4668", "nucl-ex/0408020"])]
    assert len(sources) == 2 and all("search_query=all%3Aelectron+AND+all%3Aproton&" in url for url in sources)


def test_a_bad_category_is_refused_before_anything_is_fetched(db, fetch_view):
    at = fetch_view
    at.radio(key="fetch_source").set_value("arXiv").run()
    at.text_input(key="fetch_category").input("cs LG; x").run()
    assert at.error[0].value.startswith(md_escape("not an arXiv category: 'cs LG; x'"))
    assert not [button for button in at.button if button.key == "fetch_go"]


def test_enriched_repositories_show_their_metadata_in_the_code_view(db, monkeypatch):
    with make_client() as client, Store(db) as store:
        report = enrich_store(store, client, env={})
    assert report.enriched >= 1
    at = start_app(db, monkeypatch, view="Code and models")
    table = next(element.value for element in at.markdown if element.value.startswith("| Paper |"))
    header, _rule, *rows = table.splitlines()
    assert header.endswith("| About |")
    lora = next(row for row in rows if "(https://github.com/microsoft/LoRA)" in row)
    assert md_escape("★ 12,000 · Python · MIT · Code for loralib") in lora
