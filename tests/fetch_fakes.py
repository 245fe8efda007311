"""Test doubles for the fetch tests: a clock that only moves when slept on, and clients on recordings."""

from __future__ import annotations

from pathlib import Path

import httpx

from graphapp.fetch.http import HttpClient
from graphapp.fetch.recordings import Recordings

RECORDINGS = Path(__file__).resolve().parent / "recordings"


class FakeClock:
    """``clock``/``sleep``/``now`` for HttpClient: sleeping advances time instantly and is logged."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.time = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.time += seconds


def fake_client(
    transport: httpx.BaseTransport, clock: FakeClock, cache_dir: Path | None = None, **options
) -> HttpClient:
    """An HttpClient that never waits for real and never reaches the network (no jitter)."""
    fakes = {"clock": clock, "sleep": clock.sleep, "now": clock, "jitter": lambda: 0.0}
    return HttpClient(cache_dir=cache_dir, transport=transport, **fakes, **options)


def recorded_client(clock: FakeClock, cache_dir: Path | None = None, **options) -> tuple[HttpClient, Recordings]:
    recordings = Recordings(RECORDINGS)
    return fake_client(recordings.transport(), clock, cache_dir, **options), recordings
