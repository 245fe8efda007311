"""Hugging Face daily papers (``/api/daily_papers?date=YYYY-MM-DD``), one or several days back.

The response is parsed by :func:`graphapp.ingest.hf_api.read_hf_api`, the same reader that reads a saved
copy of it, so a fetched page and a downloaded file give the same papers. A day whose request fails is
reported and the other days are still fetched; only an unreachable network stops the whole fetch.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from graphapp.fetch.http import FetchError, HttpClient, OfflineError
from graphapp.fetch.result import FetchResult, PageProgress
from graphapp.ingest.hf_api import read_hf_api
from graphapp.model import IngestError

DAILY_PAPERS_URL = "https://huggingface.co/api/daily_papers"
#: Items asked per page (the API pages with ``p``, from 0, and ``limit``) and the most pages read per day.
PAGE_LIMIT = 100
MAX_PAGES_PER_DAY = 10
#: The most days one fetch asks for: a year of daily papers (about 365 × 1 request), not a bulk harvest.
MAX_DAYS = 366
_NEXT_LINK = re.compile(r'rel="?next"?')


def utc_today() -> date:
    """Hugging Face settles its dates in UTC: a later "today" is still the future for it (HTTP 400)."""
    return datetime.now(UTC).date()


def daily_dates(last: date, days: int) -> list[date]:
    """The ``days`` dates ending with ``last``, newest first.

    >>> [d.isoformat() for d in daily_dates(date(2025, 3, 1), 3)]
    ['2025-03-01', '2025-02-28', '2025-02-27']
    """
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}, got {days}")
    if days > last.toordinal():
        raise ValueError(f"{days} days back from {last.isoformat()} would reach before the year 1")
    return [last - timedelta(days=offset) for offset in range(days)]


@dataclass(frozen=True, slots=True)
class HfDaily:
    """Fetch the daily papers of ``date`` (default: today in UTC) and the ``days - 1`` days before it."""

    date: date | None = None
    days: int = 1

    def fetch(self, client: HttpClient, progress: PageProgress | None = None) -> FetchResult:
        last = self.date or utc_today()
        dates = daily_dates(last, self.days)
        span = last.isoformat() if self.days == 1 else f"{dates[-1].isoformat()}..{last.isoformat()}"
        result = FetchResult(label=f"hf-daily {span}")
        for number, day in enumerate(dates, 1):
            before = len(result.items)
            _fetch_day(client, day, result)
            found = len(result.items) - before
            if found == 0:
                result.notices.append(f"Hugging Face lists no papers for {day.isoformat()}")
            if progress:
                progress(number, len(dates), f"{day.isoformat()}: {found} papers")
        return result


def _fetch_day(client: HttpClient, day: date, result: FetchResult) -> None:
    """Every page of one day; a failed page becomes an error record, the network being down stops all."""
    for page in range(MAX_PAGES_PER_DAY):
        params = {"date": day.isoformat(), "limit": PAGE_LIMIT, "p": page}
        try:
            fetched = client.get(DAILY_PAPERS_URL, params)
        except OfflineError:
            raise
        except FetchError as error:
            result.items.append(IngestError(f"hf-daily {day.isoformat()}", f"page {page}", str(error)))
            return
        result.pages += 1
        result.from_cache += fetched.from_cache
        if fetched.stale:
            result.notices.append(f"{fetched.url}: network failed, used the cached copy")
        items = list(read_hf_api(io.StringIO(fetched.text), fetched.url))
        result.items.extend(items)
        has_next = bool(_NEXT_LINK.search(fetched.headers.get("link", "")))
        if not (has_next or len(items) == PAGE_LIMIT):  # a short page, or a server that ignored the paging
            return
    result.notices.append(f"{day.isoformat()}: stopped after {MAX_PAGES_PER_DAY} pages")
