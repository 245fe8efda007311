"""What fetching costs on top of ingesting: a daily_papers answer of N papers, served in-process (no network).

    python bench/bench_fetch.py [--papers 1000] [--quick]

Runs in one process on the same synthetic answer (titles and abstracts recombined from the bundled papers,
so the extractor finds what it finds in real abstracts), served in pages of 100 by an in-process transport:

- reading only: the answer saved to a file and read with ``read_papers`` (baseline), against
  ``HfDaily.fetch`` through the HTTP client (cache writes included), and the same fetch from the cache;
- the whole path: ``ingest_file`` on the saved file (baseline) against ``fetch_into_store``.

Each ingest gets a fresh extractor; the vocabularies are loaded once before the first timing.

Printed as ratios to the baseline, never asserted: the network itself is not measured (it is the one cost
the cache removes, and arXiv's pacing adds 3 s per extra page of 100).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors import Extractor  # noqa: E402
from graphapp.fetch import HfDaily, HttpClient, fetch_into_store  # noqa: E402
from graphapp.ingest import read_papers  # noqa: E402
from graphapp.model import Paper  # noqa: E402
from graphapp.pipeline import ingest_file  # noqa: E402
from graphapp.store import Store  # noqa: E402

DAY = date(2025, 9, 8)


def synthetic_answer(count: int) -> list[dict]:
    """``count`` daily_papers items built from the bundled papers (ids outside arXiv's numbering)."""
    seeds = [item for item in read_papers(ROOT / "data" / "seed" / "hf_trending_papers.txt") if isinstance(item, Paper)]
    items = []
    for number in range(count):
        seed = seeds[number % len(seeds)]
        paper = {
            "id": f"2509.{90000 + number:05d}",
            "title": f"{seed.title} ({number})",
            "summary": seed.abstract,
            "authors": [{"name": "Bench Author"}],
            "publishedAt": "2025-09-05T00:00:00.000Z",
            "githubRepo": f"https://github.com/bench/repo{number % 50}",
        }
        items.append({"paper": paper, "title": paper["title"], "publishedAt": "2025-09-08T00:00:00.000Z"})
    return items


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000, help="at most 1000 (10 pages of 100)")
    parser.add_argument("--quick", action="store_true", help="200 papers")
    args = parser.parse_args()
    count = 200 if args.quick else args.papers
    answer = synthetic_answer(count)
    body = json.dumps(answer).encode()

    def serve_page(request: httpx.Request) -> httpx.Response:
        page, limit = int(request.url.params["p"]), int(request.url.params["limit"])
        return httpx.Response(200, json=answer[page * limit : (page + 1) * limit])

    transport = httpx.MockTransport(serve_page)
    Extractor.default().extract("Warm-up: load the vocabularies once, outside the timings (GSM8K, Llama 2).")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        saved = folder / "daily.json"
        saved.write_bytes(body)
        request = HfDaily(date=DAY)
        read = timed(lambda: list(read_papers(saved, "hf-api")))
        client = HttpClient(cache_dir=folder / "cache", transport=transport)
        fetched_only = timed(lambda: request.fetch(client))
        cached_only = timed(lambda: request.fetch(client))
        with Store(folder / "baseline.sqlite") as store:
            baseline = timed(lambda: ingest_file(store, saved, fmt="hf-api", extractor=Extractor.default()))
        fresh = HttpClient(cache_dir=folder / "cache2", transport=transport)
        with Store(folder / "fetch.sqlite") as store:
            fetched = timed(lambda: fetch_into_store(store, request, client=fresh, extractor=Extractor.default()))
            stored = store.paper_count()
    print(f"{count} papers ({len(body) / 1e6:.1f} MB answer in pages of 100), {stored} stored")
    print("reading only")
    print(f"  read_papers(saved file)      {read:7.3f} s   1.00")
    print(f"  HfDaily.fetch, network path  {fetched_only:7.3f} s   {fetched_only / read:5.2f} x")
    print(f"  HfDaily.fetch, from cache    {cached_only:7.3f} s   {cached_only / read:5.2f} x")
    print("reading, extracting and storing")
    print(f"  ingest_file(saved file)      {baseline:7.3f} s   1.00")
    print(f"  fetch_into_store             {fetched:7.3f} s   {fetched / baseline:5.2f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
