"""Benchmark 6: connections on a large store: related papers, paths, maps (each < 200 ms) and trends (< 1 s).

Each question runs on a sample of random papers (pairs for paths); the figure is the median and the slowest
time. The contender for related papers, timed in the same run and interleaved paper by paper, is the entity-only
ranking the explorer gave before the text index (``related_papers``, now its candidate generator); it shows what the
text similarity costs. Paths have no contender left (the entity-only path was removed: one implementation per
question). The store is the generated corpus's (see
``bench_ingest.store_for``); it is built with its text index on first use.

    python bench/bench_connections.py --size 100k
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_ingest import store_for
from bench.common import Figure, machine, print_table
from bench.corpus import parse_size
from graphapp.queries.connections import connection
from graphapp.queries.paper_map import paper_map
from graphapp.queries.related import related, related_papers
from graphapp.queries.trends import trends
from graphapp.store import Store
from graphapp.textindex import update_text_index

GOAL_MS = {"related": 200, "path": 200, "map": 200, "trends": 1000}


def _interleaved(first: Callable, second: Callable | None, arguments: list) -> tuple[list[float], list[float]]:
    """Times of ``first`` and ``second`` (if any) on each argument, alternating which runs first, in ms."""
    ours, theirs = [], []
    for index, argument in enumerate(arguments):
        order = [(first, ours), (second, theirs)] if index % 2 == 0 else [(second, theirs), (first, ours)]
        for function, times in order:
            if function is None:
                continue
            start = time.perf_counter()
            function(argument)
            times.append((time.perf_counter() - start) * 1000)
    return ours, theirs


def run(size: int, count: int = 20) -> list[Figure]:
    db = store_for(size)
    with Store(db) as store:  # a store built before the text index existed gets one (and the schema upgrade)
        if store.text_model_stamp() is None:
            with store.transaction():
                update_text_index(store)
    figures = []
    with Store(db, readonly=True) as store:
        ids = [paper.id for paper in store.papers()]
        rng = random.Random(0)
        papers = [f"paper:{pid}" for pid in rng.sample(ids, count)]
        pairs = list(zip(papers, reversed(papers), strict=True))
        last = max(paper.date or "" for paper in store.papers(rng.sample(ids, 1000)))
        since = last[:4] + "-01-01" if last else None
        questions = {
            "related": (lambda p: related(store, p), lambda p: related_papers(store, p), papers),
            "path": (lambda pair: connection(store, *pair), None, pairs),
            "map": (lambda p: paper_map(store, p), None, papers[: max(5, count // 2)]),
            "trends": (lambda _: trends(store, node_type="dataset", since=since), None, [None] * 3),
        }
        related(store, papers[0])  # loads the text model once, as a running app has
        for name, (ours, contender, arguments) in questions.items():
            mine, theirs = _interleaved(ours, contender, arguments)
            slowest = max(mine)
            value = f"median {statistics.median(mine):.1f} ms, max {slowest:.1f} ms"
            if theirs:
                value += f" (entity-only contender: median {statistics.median(theirs):.1f} ms)"
            figures.append(
                Figure(
                    "6 connections",
                    f"{name}, {size:,}-paper store (n={len(arguments)})",
                    value,
                    f"< {GOAL_MS[name]} ms",
                    slowest < GOAL_MS[name],
                )
            )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k")
    parser.add_argument("--count", type=int, default=20, help="papers (and pairs) asked about")
    args = parser.parse_args()
    print(machine())
    print_table(run(parse_size(args.size), args.count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
