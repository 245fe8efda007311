"""An on-disk cache of fetched response bodies, one JSON file per URL, so a repeated fetch asks no server.

Entries never expire on their own: the caller decides how old is too old (``max_age``), and an old entry is
still served when the network is down (the client says so with ``stale``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One stored response: its full URL, when it was fetched (epoch seconds), a few headers and the body."""

    url: str
    fetched_at: float
    headers: dict[str, str]
    text: str


class ResponseCache:
    """A directory of cached responses keyed by full request URL.

    >>> import tempfile
    >>> cache = ResponseCache(tempfile.mkdtemp())
    >>> cache.put(CacheEntry("https://example.org/a?x=1", 100.0, {}, "body"))
    >>> cache.get("https://example.org/a?x=1").text
    'body'
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def _path(self, url: str) -> Path:
        return self.directory / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()[:40]}.json"

    def get(self, url: str) -> CacheEntry | None:
        """The stored entry for ``url``, or None when there is none or it cannot be read."""
        try:
            data = json.loads(self._path(url).read_text(encoding="utf-8"))
            entry = CacheEntry(data["url"], float(data["fetched_at"]), dict(data["headers"]), data["text"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entry if entry.url == url else None

    def put(self, entry: CacheEntry) -> None:
        """Store an entry atomically: a reader never sees half a file."""
        self.directory.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(
            {"url": entry.url, "fetched_at": entry.fetched_at, "headers": entry.headers, "text": entry.text},
            ensure_ascii=False,
        )
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(payload)
        os.replace(temporary, self._path(entry.url))

    def delete(self, url: str) -> None:
        self._path(url).unlink(missing_ok=True)
