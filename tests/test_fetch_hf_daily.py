"""Hugging Face daily papers from recorded responses: day ranges, paging, empty days and refused dates."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from fetch_fakes import FakeClock, fake_client, recorded_client

from graphapp.fetch.hf_daily import DAILY_PAPERS_URL, HfDaily, daily_dates
from graphapp.fetch.http import full_url
from graphapp.model import IngestError, Paper


def url(day: str, page: int = 0) -> str:
    return full_url(DAILY_PAPERS_URL, {"date": day, "limit": 100, "p": page})


def test_one_day_follows_the_next_link_and_parses_with_the_file_reader():
    client, recordings = recorded_client(FakeClock())
    result = HfDaily(date=date(2025, 9, 8)).fetch(client)
    assert recordings.requested == [url("2025-09-08", 0), url("2025-09-08", 1)]
    papers = result.papers
    assert [p.id for p in papers] == ["2509.04664", "2509.99001", "2509.99003"]
    hallucinate = papers[0]
    assert hallucinate.title == "Why Language Models Hallucinate"
    assert hallucinate.authors[:2] == ["Adam Tauman Kalai", "Ofir Nachum"]
    assert hallucinate.date == "2025-09-04"
    assert hallucinate.url == "https://huggingface.co/papers/2509.04664"
    assert hallucinate.source == url("2025-09-08", 0)
    assert papers[1].title == "StepWise: Verifier-Guided Decoding for Grade-School Math"
    assert [(link.label, link.url) for link in papers[1].links] == [
        ("code", "https://github.com/stepwise-demo/stepwise"),
        ("project page", "https://stepwise-demo.github.io/"),
    ]
    errors = [item for item in result.items if isinstance(item, IngestError)]
    assert [str(e) for e in errors] == [f"{url('2025-09-08')}, record 3: missing summary"]
    assert result.label == "hf-daily 2025-09-08" and result.pages == 2


def test_days_walk_back_from_the_date_and_an_empty_day_is_noted():
    client, recordings = recorded_client(FakeClock())
    seen = []
    result = HfDaily(date=date(2025, 9, 8), days=3).fetch(client, lambda *step: seen.append(step))
    assert [u.split("date=")[1][:10] for u in recordings.requested] == [
        "2025-09-08",
        "2025-09-08",
        "2025-09-07",
        "2025-09-06",
    ]
    assert [p.id for p in result.papers][-1] == "2509.99004"
    assert result.notices == ["Hugging Face lists no papers for 2025-09-07"]
    assert result.label == "hf-daily 2025-09-06..2025-09-08"
    assert seen == [(1, 3, "2025-09-08: 4 papers"), (2, 3, "2025-09-07: 0 papers"), (3, 3, "2025-09-06: 1 papers")]


def test_a_refused_day_is_an_error_record_and_the_other_days_still_come():
    client, _ = recorded_client(FakeClock())
    result = HfDaily(date=date(2099, 1, 1)).fetch(client)
    assert result.papers == []
    [error] = result.items
    assert isinstance(error, IngestError)
    assert error.source == "hf-daily 2099-01-01" and error.location == "page 0"
    assert "HTTP 400 Bad Request" in error.message and "Date cannot be in the future" in error.message


def test_the_default_date_is_today_in_utc(monkeypatch):
    import graphapp.fetch.hf_daily as hf_daily

    monkeypatch.setattr(hf_daily, "utc_today", lambda: date(2026, 3, 6))
    client, recordings = recorded_client(FakeClock())
    result = HfDaily().fetch(client)
    assert recordings.requested == [url("2026-03-06")]
    [paper] = result.papers
    assert paper.id == "2602.23229" and paper.title == "Large Multimodal Models as General In-Context Classifiers"


def test_daily_dates_needs_at_least_one_day():
    assert daily_dates(date(2025, 1, 1), 1) == [date(2025, 1, 1)]
    with pytest.raises(ValueError, match="between 1 and"):
        daily_dates(date(2025, 1, 1), 0)


def test_items_are_papers_or_errors_only():
    client, _ = recorded_client(FakeClock())
    assert all(isinstance(i, Paper | IngestError) for i in HfDaily(date=date(2025, 9, 8), days=3).fetch(client).items)


def test_a_full_page_asks_for_the_next_and_an_unpaged_answer_does_not():
    def item(n: int) -> dict:
        return {"paper": {"id": f"2509.9{n:04d}", "title": f"T{n}", "summary": "S."}}

    asked: list[int] = []

    def paged(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["p"])
        asked.append(page)
        return httpx.Response(200, json=[item(n) for n in range(100)] if page == 0 else [item(100)])

    result = HfDaily(date=date(2025, 9, 8)).fetch(fake_client(httpx.MockTransport(paged), FakeClock()))
    assert asked == [0, 1] and len(result.papers) == 101

    asked.clear()
    unpaged = httpx.MockTransport(
        lambda request: asked.append(0) or httpx.Response(200, json=[item(n) for n in range(150)])
    )
    assert len(HfDaily(date=date(2025, 9, 8)).fetch(fake_client(unpaged, FakeClock())).papers) == 150
    assert asked == [0]
