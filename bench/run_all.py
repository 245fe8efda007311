"""All six scale benchmarks, one table of figures and ratios (each ratio measured against a baseline in the same run).

    python bench/run_all.py           # full sizes: 20k extract, 1M ingest, 100k queries and app (about an hour)
    python bench/run_all.py --quick   # reduced sizes, under a minute: check a change before committing it

Needs the benchmark requirements (``pip install -r requirements-bench.txt``: spaCy) and, for the app
benchmark, Chromium at /usr/bin/chromium. Corpora and stores are generated under ``bench/out/`` (git-ignored)
and reused by later runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_app, bench_connections, bench_extract, bench_ingest, bench_queries
from bench.common import Figure, machine, print_table

#: (extract papers of each corpus, ingest baseline, ingest size, query and app store size)
FULL = (20_000, 10_000, 1_000_000, 100_000)
QUICK = (500, 500, 2_000, 2_000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="reduced sizes (under a minute)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes for the ingests")
    parser.add_argument(
        "--skip", action="append", default=[], choices=["extract", "ingest", "queries", "app", "connections"]
    )
    args = parser.parse_args()
    extract_size, baseline, ingest_size, store_size = QUICK if args.quick else FULL
    start = time.perf_counter()
    figures: list[Figure] = []
    if "extract" not in args.skip:
        figures += bench_extract.run(extract_size)
    if "ingest" not in args.skip:
        figures += bench_ingest.run(ingest_size, baseline, args.workers)
    if "queries" not in args.skip:
        figures += bench_queries.run(store_size)
    if "connections" not in args.skip:
        figures += bench_connections.run(store_size)
    if "app" not in args.skip:
        figures += bench_app.run(store_size, warm_up=not args.quick)
    print(f"{machine()}; {'--quick' if args.quick else 'full sizes'}; {time.perf_counter() - start:.0f} s in all")
    print_table(figures)
    return 0 if all(figure.met is not False for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
