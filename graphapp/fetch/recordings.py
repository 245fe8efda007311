"""Replay recorded API responses instead of the network: for the tests, and for demos without a connection.

A recordings directory holds ``manifest.json``, a list of ``{"url", "status", "headers", "body"}`` where
``body`` names a file beside it. Requests are matched on their full URL with the query parameters in any
order (and, failing that, ignoring case, as GitHub and the Hub do for repository names). A request with
no recording gets a 404 whose body names the missing URL, so a test that drifts from its recordings fails
with a clear message instead of reaching the network.

Set ``PGE_FETCH_RECORDINGS=DIR`` to make every fetch (CLI and app) read from ``DIR``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx

from graphapp.fetch.http import full_url

RECORDINGS_ENV = "PGE_FETCH_RECORDINGS"


class Recordings:
    """The recorded responses of one directory, and the requests they answered (for assertions)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        manifest = json.loads((self.directory / "manifest.json").read_text(encoding="utf-8"))
        self.responses = {full_url(item["url"]): item for item in manifest}
        self._by_folded_url = {url.casefold(): item for url, item in self.responses.items()}
        self.requested: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        url = full_url(str(request.url))
        self.requested.append(url)
        item = self.responses.get(url) or self._by_folded_url.get(url.casefold())
        if item is None:
            return httpx.Response(404, json={"error": f"no recording for {url}"})
        body = (self.directory / item["body"]).read_bytes() if item.get("body") else b""
        return httpx.Response(item.get("status", 200), headers=item.get("headers", {}), content=body)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


def transport_from_env() -> httpx.BaseTransport | None:
    """A recordings transport when ``PGE_FETCH_RECORDINGS`` is set, else None (the real network)."""
    directory = os.environ.get(RECORDINGS_ENV)
    return Recordings(directory).transport() if directory else None
