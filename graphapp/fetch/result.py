"""What one fetch brought back, before it is stored: records, located errors and plain-language notices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graphapp.model import IngestError, Paper

#: Called after each page: (pages done, pages expected or None when unknown, a one-line status).
PageProgress = Callable[[int, int | None, str], None]


@dataclass
class FetchResult:
    """Everything read from one source request, ready for :func:`graphapp.pipeline.ingest_papers`."""

    label: str
    """How the store's ingest log names this fetch, e.g. ``hf-daily 2025-09-08`` or ``arxiv cat:cs.LG``."""
    items: list[Paper | IngestError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    pages: int = 0
    from_cache: int = 0
    """How many of the pages came from the on-disk cache."""

    @property
    def papers(self) -> list[Paper]:
        return [item for item in self.items if isinstance(item, Paper)]
