"""The shared HTTP client: cache, retries with backoff, Retry-After, per-host pacing and one-line errors."""

from __future__ import annotations

import httpx
import pytest
from fetch_fakes import FakeClock, fake_client

from graphapp.fetch.http import FetchError, OfflineError, full_url, retry_after_seconds

URL = "https://huggingface.co/api/daily_papers"


def scripted(*responses):
    """A transport answering each request with the next response (or raising the next exception)."""
    queue = list(responses)
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handle), seen


def test_429_then_200_retries_after_an_exponential_backoff():
    transport, seen = scripted(httpx.Response(429), httpx.Response(429), httpx.Response(200, text="[]"))
    clock = FakeClock()
    with fake_client(transport, clock, backoff=1.0) as client:
        assert client.get(URL).text == "[]"
    assert len(seen) == 3
    assert clock.sleeps == [1.0, 2.0]


def test_jitter_is_added_to_the_backoff():
    transport, _ = scripted(httpx.Response(500), httpx.Response(200, text="ok"))
    clock = FakeClock()
    client = fake_client(transport, clock, backoff=2.0)
    client._jitter = lambda: 0.5
    client.get(URL)
    assert clock.sleeps == [3.0]


def test_503_with_retry_after_waits_as_long_as_the_server_asks():
    transport, seen = scripted(httpx.Response(503, headers={"Retry-After": "7"}), httpx.Response(200, text="ok"))
    clock = FakeClock()
    with fake_client(transport, clock) as client:
        assert client.get(URL).text == "ok"
    assert clock.sleeps == [7.0] and len(seen) == 2


def test_a_retry_after_beyond_the_limit_gives_up_with_one_line():
    transport, seen = scripted(httpx.Response(429, headers={"Retry-After": "3600"}))
    clock = FakeClock()
    with fake_client(transport, clock, max_wait=60) as client, pytest.raises(FetchError) as caught:
        client.get(URL, {"date": "2025-09-08"})
    message = str(caught.value)
    assert "\n" not in message and "HTTP 429" in message and "wait 3600 s" in message
    assert caught.value.status == 429 and len(seen) == 1 and clock.sleeps == []


def test_persistent_5xx_gives_up_after_the_retries():
    transport, seen = scripted(*[httpx.Response(502) for _ in range(3)])
    with fake_client(transport, FakeClock(), retries=2) as client, pytest.raises(FetchError, match="3 attempts"):
        client.get(URL)
    assert len(seen) == 3


def test_a_client_error_is_not_retried_and_names_the_url():
    transport, seen = scripted(httpx.Response(404, json={"error": "Not\nFound"}))
    with fake_client(transport, FakeClock()) as client, pytest.raises(FetchError) as caught:
        client.get(URL, {"date": "2025-09-08"})
    assert str(caught.value) == f'{URL}?date=2025-09-08: HTTP 404 Not Found ({{"error":"Not\\nFound"}})'
    assert len(seen) == 1


def test_timeouts_are_retried():
    transport, seen = scripted(httpx.ReadTimeout("slow"), httpx.Response(200, text="ok"))
    with fake_client(transport, FakeClock()) as client:
        assert client.get(URL).text == "ok"
    assert len(seen) == 2


def test_no_network_is_one_clear_line_and_not_retried():
    transport, seen = scripted(httpx.ConnectError("[Errno -3] Temporary failure in name resolution"))
    with fake_client(transport, FakeClock()) as client, pytest.raises(OfflineError) as caught:
        client.get(URL)
    message = str(caught.value)
    assert message == (
        "cannot reach huggingface.co ([Errno -3] Temporary failure in name resolution); check the network "
        "connection, or add --offline to use only what is already cached"
    )
    assert len(seen) == 1


def test_second_call_is_served_from_the_cache(tmp_path):
    transport, seen = scripted(httpx.Response(200, text="[1]", headers={"Link": '<x>; rel="next"'}))
    clock = FakeClock()
    with fake_client(transport, clock, tmp_path) as client:
        first = client.get(URL, {"date": "2025-09-08"})
        second = client.get(URL, {"date": "2025-09-08"})
    assert len(seen) == 1
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.text == "[1]" and second.headers["link"] == '<x>; rel="next"'


def test_an_expired_entry_is_fetched_again_and_refresh_ignores_the_cache(tmp_path):
    transport, seen = scripted(*[httpx.Response(200, text=str(n)) for n in range(3)])
    clock = FakeClock()
    client = fake_client(transport, clock, tmp_path, max_age=60)
    assert client.get(URL).text == "0"
    clock.time += 61
    assert client.get(URL).text == "1"
    client.refresh = True
    assert client.get(URL).text == "2"
    assert len(seen) == 3


def test_offline_reads_any_cached_age_and_refuses_the_rest(tmp_path):
    transport, seen = scripted(httpx.Response(200, text="cached"))
    clock = FakeClock()
    fake_client(transport, clock, tmp_path).get(URL)
    clock.time += 10 * 86400
    offline = fake_client(transport, clock, tmp_path, offline=True)
    assert offline.get(URL).text == "cached"
    with pytest.raises(OfflineError, match="not cached yet and fetching is offline"):
        offline.get(URL, {"date": "2025-01-01"})
    assert len(seen) == 1


def test_a_stale_copy_is_used_when_the_network_fails(tmp_path):
    transport, _ = scripted(httpx.Response(200, text="old"), httpx.ConnectError("down"))
    clock = FakeClock()
    client = fake_client(transport, clock, tmp_path, max_age=1)
    client.get(URL)
    clock.time += 5
    fetched = client.get(URL)
    assert (fetched.text, fetched.from_cache, fetched.stale) == ("old", True, True)


def test_a_host_with_an_interval_is_paced_and_others_are_not():
    transport, _ = scripted(*[httpx.Response(200, text="x") for _ in range(4)])
    clock = FakeClock()
    client = fake_client(transport, clock, host_intervals={"export.arxiv.org": 3.0})
    client.get("https://export.arxiv.org/api/query?start=0")
    clock.time += 1.0  # parsing took a second
    client.get("https://export.arxiv.org/api/query?start=10")
    client.get("https://huggingface.co/api/daily_papers")
    client.get("https://huggingface.co/api/daily_papers?p=1")
    assert clock.sleeps == [2.0]


def test_the_cache_key_ignores_parameter_order():
    assert full_url("https://a.org/q?b=2", {"a": 1}) == full_url("https://a.org/q", {"b": 2, "a": "1"})
    assert full_url("https://a.org/q", {"a": None}) == "https://a.org/q"


def test_retry_after_as_a_date_in_the_past_means_now():
    assert retry_after_seconds("Thu, 01 Jan 1970 00:00:00 GMT", 100.0) == 0.0
