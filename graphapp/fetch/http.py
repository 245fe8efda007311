"""The one HTTP client every live source uses: timeouts, polite retries, per-host pacing and an on-disk cache.

Why one client: arXiv asks for at most one request every three seconds, Hugging Face and GitHub answer 429
when pushed, and users run the same fetch again and again. Putting the pacing, the retries (exponential
backoff with jitter on 429 and 5xx, honouring ``Retry-After``) and the cache here keeps the source modules
down to "which URL, and what does the answer mean".

Every failure raises :class:`FetchError` whose message is one line saying what failed and what to do.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from graphapp.fetch.cache import CacheEntry, ResponseCache
from graphapp.paths import DEFAULT_CACHE_DIR

#: Minimum seconds between two requests to one host (arXiv's terms: one request every three seconds).
HOST_INTERVALS = {"export.arxiv.org": 3.0}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Response headers worth keeping in the cache (paging links, content type).
KEPT_HEADERS = ("content-type", "link")
USER_AGENT = "paper-graph-explorer/0.1 (research tool; paced, cached requests)"


class FetchError(Exception):
    """A request that failed for good. ``str(error)`` is a single line; ``status`` is the HTTP status if any
    and ``body`` the server's answer, for sources that explain errors in their own format (arXiv's Atom)."""

    def __init__(self, message: str, *, status: int | None = None, body: str = "") -> None:
        super().__init__(" ".join(message.split()))
        self.status = status
        self.body = body


class OfflineError(FetchError):
    """The network cannot be reached (or ``offline`` is set) and the cache does not hold the answer."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body with the URL it answers; ``from_cache``/``stale`` say where it came from."""

    url: str
    text: str
    headers: Mapping[str, str]
    from_cache: bool = False
    stale: bool = False
    """Served from the cache past its age limit because the network failed."""


def full_url(url: str, params: Mapping[str, object] | None = None) -> str:
    """The request URL with its query parameters sorted: the cache key, and what recordings are matched on.

    >>> full_url("https://export.arxiv.org/api/query", {"start": 0, "search_query": "cat:cs.LG"})
    'https://export.arxiv.org/api/query?search_query=cat%3Acs.LG&start=0'
    """
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    pairs += [(key, str(value)) for key, value in (params or {}).items() if value is not None]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(sorted(pairs)), ""))


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date.

    >>> retry_after_seconds("7", 0.0)
    7.0
    >>> retry_after_seconds("Thu, 01 Jan 1970 00:00:30 GMT", 10.0)
    20.0
    >>> retry_after_seconds("soon", 0.0) is None
    True
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class HttpClient:
    """GET with caching, pacing and retries.

    ``transport`` replaces the network (tests pass an ``httpx.MockTransport`` serving recordings);
    ``clock``, ``sleep``, ``now`` and ``jitter`` are injectable so that tests never wait for real.

    >>> client = HttpClient(cache_dir=None, offline=True)
    >>> client.get("https://example.org/")
    Traceback (most recent call last):
    ...
    graphapp.fetch.http.OfflineError: https://example.org/ is not cached yet and fetching is offline
    """

    def __init__(
        self,
        *,
        cache_dir: str | Path | None = DEFAULT_CACHE_DIR,
        max_age: float = 3600.0,
        offline: bool = False,
        refresh: bool = False,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        host_intervals: Mapping[str, float] = HOST_INTERVALS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.cache = ResponseCache(cache_dir) if cache_dir is not None else None
        self.max_age = max_age
        self.offline = offline
        self.refresh = refresh
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.host_intervals = dict(host_intervals)
        self._clock, self._sleep, self._now, self._jitter = clock, sleep, now, jitter
        self._last_request: dict[str, float] = {}
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def forget(self, url: str, params: Mapping[str, object] | None = None) -> None:
        """Drop a cached answer that turned out to be useless (e.g. an empty page arXiv sometimes sends)."""
        if self.cache:
            self.cache.delete(full_url(url, params))

    def get(
        self, url: str, params: Mapping[str, object] | None = None, *, headers: Mapping[str, str] | None = None
    ) -> Fetched:
        """The body at ``url``: from the cache when fresh enough, else from the network (then cached).

        ``headers`` (e.g. an Authorization token) are sent but are not part of the cache key.
        """
        key = full_url(url, params)
        cached = self.cache.get(key) if self.cache else None
        if cached and (self.offline or (not self.refresh and self._now() - cached.fetched_at < self.max_age)):
            return Fetched(key, cached.text, cached.headers, from_cache=True)
        if self.offline:
            raise OfflineError(f"{key} is not cached yet and fetching is offline")
        try:
            response = self._get_with_retries(key, headers or {})
        except FetchError as error:
            if cached and (isinstance(error, OfflineError) or error.status in RETRY_STATUSES or error.status is None):
                return Fetched(key, cached.text, cached.headers, from_cache=True, stale=True)
            raise
        kept = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
        if self.cache:
            self.cache.put(CacheEntry(key, self._now(), kept, response.text))
        return Fetched(key, response.text, kept)

    # -- network -------------------------------------------------------------------------------

    def _wait_for_host(self, host: str) -> None:
        interval = self.host_intervals.get(host, 0.0)
        last = self._last_request.get(host)
        if interval and last is not None:
            remaining = last + interval - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last_request[host] = self._clock()

    def _backoff_delay(self, attempt: int, response: httpx.Response | None) -> float:
        delay = self.backoff * 2**attempt + self.backoff * self._jitter()
        if response is not None:
            asked = retry_after_seconds(response.headers.get("retry-after"), self._now())
            if asked is not None:
                delay = max(delay, asked)
        return delay

    def _get_with_retries(self, url: str, headers: Mapping[str, str]) -> httpx.Response:
        host = urlsplit(url).hostname or url
        problem = ""
        for attempt in range(self.retries + 1):
            self._wait_for_host(host)
            response: httpx.Response | None = None
            try:
                response = self._http.get(url, headers=dict(headers))
            except httpx.ConnectError as error:
                reason = _one_line(str(error) or type(error).__name__, 100)
                raise OfflineError(
                    f"cannot reach {host} ({reason}); check the network connection, "
                    "or add --offline to use only what is already cached"
                ) from error
            except httpx.TransportError as error:
                problem = type(error).__name__ + (f": {_one_line(str(error), 100)}" if str(error) else "")
            else:
                if response.is_success:
                    return response
                problem = f"HTTP {response.status_code} {response.reason_phrase}".strip()
                if response.status_code not in RETRY_STATUSES:
                    detail = f" ({_one_line(response.text)})" if response.text.strip() else ""
                    raise FetchError(f"{url}: {problem}{detail}", status=response.status_code, body=response.text)
            if attempt == self.retries:
                break
            delay = self._backoff_delay(attempt, response)
            if delay > self.max_wait:
                problem += f", and the server asks to wait {delay:.0f} s"
                break
            self._sleep(delay)
        status = response.status_code if response is not None else None
        raise FetchError(f"{url}: gave up after {attempt + 1} attempts ({problem}); try again later", status=status)
