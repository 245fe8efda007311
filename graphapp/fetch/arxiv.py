"""arXiv listings from the export API (Atom), newest first, paged with ``start``/``max_results``.

arXiv's terms ask for one request every three seconds on one connection: the shared
:class:`~graphapp.fetch.http.HttpClient` paces ``export.arxiv.org`` accordingly, and its cache means that
running the same query again the same day asks nothing (arXiv updates its listings once a day).
Pages are parsed by :func:`graphapp.ingest.arxiv_atom.parse_arxiv_feed`, the reader of saved Atom files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphapp.fetch.http import Fetched, FetchError, HttpClient
from graphapp.fetch.result import FetchResult, PageProgress
from graphapp.ingest.arxiv_atom import API_ERROR_MESSAGE, parse_arxiv_feed
from graphapp.model import IngestError

QUERY_URL = "https://export.arxiv.org/api/query"
#: Entries asked per request: well under arXiv's 2000 per slice, small enough to show progress.
PAGE_SIZE = 100
_CATEGORY = re.compile(r"^[a-z\-]+(\.[A-Za-z\-]+)?$")
_FIELD_PREFIX = re.compile(r"\b(ti|au|abs|co|jr|cat|rn|id|all|submittedDate|lastUpdatedDate):")


def search_query(query: str | None = None, category: str | None = None) -> str:
    """The ``search_query`` for a free query and/or a category.

    Plain words are all required, anywhere in the record; a query already in arXiv's syntax
    (``ti:``, ``au:``, ``AND``...) is passed as written.

    >>> search_query(category="cs.LG")
    'cat:cs.LG'
    >>> search_query("diffusion models")
    'all:diffusion AND all:models'
    >>> search_query("ti:transformer", "cs.CL")
    '(ti:transformer) AND cat:cs.CL'
    """
    if category is not None and not _CATEGORY.match(category):
        raise ValueError(f"not an arXiv category: {category!r} (e.g. cs.LG, cs.CL, stat.ML)")
    parts = []
    if query and query.strip():
        text = query.strip()
        if not _FIELD_PREFIX.search(text):
            text = " AND ".join(f"all:{word}" for word in text.split())
        parts.append(f"({text})" if category else text)
    if category:
        parts.append(f"cat:{category}")
    if not parts:
        raise ValueError("give a query, a category, or both")
    return " AND ".join(parts)


def _get_page(client: HttpClient, params: dict[str, object]) -> Fetched:
    """One page; a refusal that arXiv explains in an Atom error entry is raised with that explanation."""
    try:
        return client.get(QUERY_URL, params)
    except FetchError as error:
        if error.status == 400 and error.body:
            prefix = f"{API_ERROR_MESSAGE}: "
            feed = parse_arxiv_feed(error.body, QUERY_URL)
            reasons = [item.message for item in feed.items if isinstance(item, IngestError)]
            reasons = [reason.removeprefix(prefix) for reason in reasons if reason.startswith(prefix)]
            if reasons:
                message = f"arXiv refused the query {params['search_query']!r}: {reasons[0]}"
                raise FetchError(message, status=400) from error
        raise


@dataclass(frozen=True, slots=True)
class ArxivSearch:
    """The newest ``max_results`` papers matching ``query`` and/or ``category``."""

    query: str | None = None
    category: str | None = None
    max_results: int = 50
    page_size: int = PAGE_SIZE

    def __post_init__(self) -> None:
        search_query(self.query, self.category)  # a bad request fails here, before anything is opened
        if self.max_results < 1:
            raise ValueError(f"max must be at least 1, got {self.max_results}")

    def fetch(self, client: HttpClient, progress: PageProgress | None = None) -> FetchResult:
        wanted = search_query(self.query, self.category)
        result = FetchResult(label=f"arxiv {wanted}")
        start = 0
        while start < self.max_results:
            size = min(self.page_size, self.max_results - start)
            params = {
                "search_query": wanted,
                "start": start,
                "max_results": size,
                "sortBy": "submittedDate",
                "sortOrder": "descending",
            }
            fetched = _get_page(client, params)
            result.pages += 1
            result.from_cache += fetched.from_cache
            if fetched.stale:
                result.notices.append(f"{fetched.url}: network failed, used the cached copy")
            feed = parse_arxiv_feed(fetched.text, fetched.url)
            entries = list(feed.items)
            result.items.extend(entries)
            total = feed.total_results
            if progress:
                expected = -(-min(total, self.max_results) // self.page_size) if total is not None else None
                progress(result.pages, expected, f"{start + len(entries)} of {total if total is not None else '?'}")
            if any(isinstance(item, IngestError) and item.message.startswith(API_ERROR_MESSAGE) for item in entries):
                break
            if not entries:
                if total is not None and start < total:
                    client.forget(QUERY_URL, params)
                    result.notices.append(
                        f"arXiv sent an empty page at {start} of {total} results; try again in a few minutes"
                    )
                break
            start += len(entries)
            if total is not None and start >= total:
                break
        if not result.items:
            result.notices.append(f"arXiv found no papers for {wanted}")
        return result
