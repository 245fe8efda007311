"""arXiv listings from recorded Atom pages: paging until --max, the 3-second pace, and API errors."""

from __future__ import annotations

import pytest
from fetch_fakes import FakeClock, recorded_client

from graphapp.fetch.arxiv import QUERY_URL, ArxivSearch, search_query
from graphapp.fetch.http import FetchError, full_url
from graphapp.model import IngestError


def url(query: str, start: int, size: int) -> str:
    params = {"search_query": query, "start": start, "max_results": size, "sortBy": "submittedDate"}
    return full_url(QUERY_URL, {**params, "sortOrder": "descending"})


def test_pages_until_max_three_seconds_apart():
    clock = FakeClock()
    client, recordings = recorded_client(clock)
    steps = []
    result = ArxivSearch(category="cs.LG", max_results=5, page_size=2).fetch(client, lambda *s: steps.append(s))
    assert recordings.requested == [url("cat:cs.LG", 0, 2), url("cat:cs.LG", 2, 2), url("cat:cs.LG", 4, 1)]
    assert clock.sleeps == [3.0, 3.0]
    assert [p.id for p in result.papers] == ["2106.09685", "2006.11239", "1706.03762", "1412.6980", "1406.2661"]
    assert steps == [(1, 3, "2 of 183211"), (2, 3, "4 of 183211"), (3, 3, "5 of 183211")]
    lora = result.papers[0]
    assert lora.url == "https://arxiv.org/abs/2106.09685v2"
    assert lora.date == "2021-06-17" and lora.authors[0] == "Edward J. Hu"
    assert lora.abstract.endswith("at https://github.com/microsoft/LoRA.")
    assert result.label == "arxiv cat:cs.LG" and result.notices == []


def test_a_second_run_is_served_from_the_cache_without_waiting(tmp_path):
    clock = FakeClock()
    client, recordings = recorded_client(clock, tmp_path)
    ArxivSearch(category="cs.LG", max_results=5, page_size=2).fetch(client)
    sleeps = list(clock.sleeps)
    again = ArxivSearch(category="cs.LG", max_results=5, page_size=2).fetch(client)
    assert len(recordings.requested) == 3 and clock.sleeps == sleeps
    assert again.from_cache == 3 and len(again.papers) == 5


def test_a_real_response_body_in_the_current_format_parses():
    client, _ = recorded_client(FakeClock())
    result = ArxivSearch(query="all:electron AND all:proton", max_results=2).fetch(client)
    assert [p.id for p in result.papers] == ["nucl-ex/0408020", "1309.4668"]
    assert result.papers[1].authors == ["A. Pertica", "S. J. Payne"]


def test_an_empty_page_before_the_total_is_noted_and_not_kept_in_the_cache(tmp_path):
    client, _ = recorded_client(FakeClock(), tmp_path)
    result = ArxivSearch(query="flaky listing", max_results=10).fetch(client)
    assert result.papers == []
    assert result.notices[0] == "arXiv sent an empty page at 0 of 7 results; try again in a few minutes"
    assert client.cache.get(url("all:flaky AND all:listing", 0, 10)) is None


def test_a_refused_query_raises_arxivs_own_explanation():
    client, _ = recorded_client(FakeClock())
    with pytest.raises(FetchError) as caught:
        ArxivSearch(category="cs.XX", max_results=10).fetch(client)
    assert str(caught.value) == "arXiv refused the query 'cat:cs.XX': incorrect id format for 1234.12345"


def test_an_error_entry_in_a_200_answer_is_reported(tmp_path):
    client, recordings = recorded_client(FakeClock())
    recordings.responses[url("cat:cs.XX", 0, 10)]["status"] = 200
    result = ArxivSearch(category="cs.XX", max_results=10).fetch(client)
    [error] = result.items
    assert isinstance(error, IngestError) and error.location == "entry 1"
    assert error.message == "the arXiv API answered with an error: incorrect id format for 1234.12345"


def test_search_query_forms_and_bad_requests():
    assert search_query("diffusion", "cs.CV") == "(all:diffusion) AND cat:cs.CV"
    assert search_query("au:hinton AND ti:capsule") == "au:hinton AND ti:capsule"
    with pytest.raises(ValueError, match="give a query, a category, or both"):
        ArxivSearch()
    with pytest.raises(ValueError, match="not an arXiv category"):
        ArxivSearch(category="cs LG; drop")
    with pytest.raises(ValueError, match="at least 1"):
        ArxivSearch(category="cs.LG", max_results=0)
