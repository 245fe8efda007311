"""Live sources: today's Hugging Face daily papers and arXiv listings, fetched into the store.

The CLI (``python -m graphapp fetch ...``) and the app's Fetch control both call :func:`fetch_into_store`
with a request (:class:`HfDaily` or :class:`ArxivSearch`) and an :class:`HttpClient` from
:func:`make_client`. Fetched bodies are parsed by the same readers as saved files and stored through
:func:`graphapp.pipeline.ingest_papers`, so a fetched paper is indistinguishable from an ingested one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from extractors import Extractor
from graphapp.fetch.arxiv import ArxivSearch
from graphapp.fetch.hf_daily import HfDaily
from graphapp.fetch.http import FetchError, HttpClient, OfflineError
from graphapp.fetch.recordings import transport_from_env
from graphapp.fetch.result import FetchResult
from graphapp.model import IngestError, IngestNotice, Paper
from graphapp.paths import DEFAULT_CACHE_DIR
from graphapp.pipeline import IngestReport, ingest_papers
from graphapp.store import Store

__all__ = [
    "ArxivSearch",
    "FetchError",
    "FetchResult",
    "HfDaily",
    "HttpClient",
    "OfflineError",
    "Progress",
    "fetch_into_store",
    "make_client",
]

#: Overrides the cache directory (default: the user's cache directory, see :mod:`graphapp.paths`).
CACHE_ENV = "PGE_FETCH_CACHE"
#: (fraction done 0..1, one-line status): what the app's progress bar and the CLI's status lines show.
Progress = Callable[[float, str], None]
#: Share of the progress bar given to fetching; the rest is extraction and storing.
_FETCH_SHARE = 0.5


def make_client(
    *, cache_dir: str | Path | None = None, max_age: float = 3600.0, offline: bool = False, refresh: bool = False
) -> HttpClient:
    """The client the CLI and the app use: cache in the user's cache directory (or ``$PGE_FETCH_CACHE``), and the
    recorded responses of ``$PGE_FETCH_RECORDINGS`` instead of the network when that is set."""
    directory = cache_dir or os.environ.get(CACHE_ENV) or DEFAULT_CACHE_DIR
    return HttpClient(
        cache_dir=directory, max_age=max_age, offline=offline, refresh=refresh, transport=transport_from_env()
    )


def _unique(result: FetchResult) -> list[Paper | IngestError]:
    """Each paper once (a paper can be listed on two days, or shift between two arXiv pages)."""
    seen: set[str] = set()
    unique: list[Paper | IngestError] = []
    for item in result.items:
        if isinstance(item, Paper):
            if item.id in seen:
                continue
            seen.add(item.id)
        unique.append(item)
    return unique


def fetch_into_store(
    store: Store,
    request: HfDaily | ArxivSearch,
    *,
    client: HttpClient,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Fetch one source and store what it lists in a single transaction; return the IngestReport.

    Nothing is written when the fetch fails as a whole (:class:`FetchError`, e.g. offline); a page or a
    record that fails alone is listed in ``report.errors`` and the rest is stored.
    """

    def page_progress(done: int, expected: int | None, status: str) -> None:
        if progress:
            fraction = done / expected if expected else 0.5
            progress(_FETCH_SHARE * min(fraction, 1.0), f"fetching {_request_label(request)}: {status}")

    result = request.fetch(client, page_progress)
    items = _unique(result)
    total = sum(isinstance(item, Paper) for item in items)
    stored = 0

    def paper_progress(count: int) -> None:
        nonlocal stored
        stored += count
        if progress:
            fraction = _FETCH_SHARE + (1 - _FETCH_SHARE) * stored / max(total, 1)
            progress(fraction, f"extracting and storing: {stored}/{total} papers")

    if progress:
        progress(_FETCH_SHARE, f"extracting and storing {total} papers")
    report = ingest_papers(store, items, source=result.label, extractor=extractor, progress=paper_progress)
    notes = [*result.notices]
    if result.from_cache:
        notes.append(f"{result.from_cache} of {result.pages} pages came from the cache")
    report.notices.extend(IngestNotice(result.label, "", note) for note in notes)
    return report


def _request_label(request: HfDaily | ArxivSearch) -> str:
    """A short name for status lines: ``Hugging Face daily papers`` or ``arXiv``."""
    return "Hugging Face daily papers" if isinstance(request, HfDaily) else "arXiv"
