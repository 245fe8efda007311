"""Benchmark 4: the explorer's questions on a large store, answered from SQLite (``graphapp.queries``).

Each query runs on a sample of random papers and shared datasets; the figure is the median and the
slowest time. The baseline, measured in the same run, is what answering from the whole NetworkX
graph costs: building it from the store once, then the same questions through the NetworkX reference
implementation the tests check the store's answers against (``tests/reference_queries.py``).

    python bench/bench_queries.py --size 100k
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_ingest import store_for
from bench.common import Figure, machine, print_table, timings_ms
from bench.corpus import parse_size
from graphapp.graph import build_graph
from graphapp.nodes import NodeId
from graphapp.queries.connections import connection
from graphapp.queries.entities import papers_sharing
from graphapp.queries.neighbourhood import ego
from graphapp.queries.related import related_papers
from graphapp.store import Store
from tests import reference_queries as reference

GOAL_MS = 200


def sample_nodes(store: Store, count: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """Random papers, and random datasets named by at least two papers."""
    rng = random.Random(seed)
    ids = sorted(pid for pid, _ in store.paper_titles(limit=-1))
    datasets = [str(NodeId("dataset", name)) for _, name, _, _ in store.entity_paper_counts("dataset", min_papers=2)]
    return [str(NodeId.paper(pid)) for pid in rng.sample(ids, count)], rng.sample(datasets, min(count, len(datasets)))


def run(size: int, count: int = 20, graph_baseline: bool = True) -> list[Figure]:
    db = store_for(size)
    figures = []
    with Store(db, readonly=True) as store:
        papers, datasets = sample_nodes(store, count)
        pairs = list(zip(papers, reversed(papers), strict=True))
        questions = {
            "ego graph (radius 1) of a paper": (lambda node: ego(store, node, 1), papers),
            "papers sharing a dataset": (lambda node: papers_sharing(store, node), datasets),
            "related papers (top 10)": (lambda node: related_papers(store, node), papers),
            "path between two papers": (lambda pair: connection(store, *pair), pairs),
        }
        store_medians = {}
        for name, (function, arguments) in questions.items():
            median, slowest = timings_ms(function, arguments)
            store_medians[name] = median
            figures.append(
                Figure(
                    "4 queries",
                    f"{name}, {size:,}-paper store (n={len(arguments)})",
                    f"median {median:.1f} ms, max {slowest:.1f} ms",
                    f"< {GOAL_MS} ms",
                    slowest < GOAL_MS,
                )
            )
        if not graph_baseline:
            return figures
        start = time.perf_counter()
        graph = build_graph(store)
    build_s = time.perf_counter() - start
    figures.append(Figure("4 queries", f"baseline: build the NetworkX graph of {size:,} papers", f"{build_s:.1f} s"))
    on_graph = {
        "ego graph (radius 1) of a paper": (lambda node: reference.ego(graph, node, 1), papers),
        "papers sharing a dataset": (lambda node: reference.papers_sharing(graph, node), datasets),
        "related papers (top 10)": (lambda node: reference.related_papers(graph, node), papers),
        "path between two papers": (lambda pair: reference.paper_path(graph, *pair), pairs),
    }
    for name, (function, arguments) in on_graph.items():
        median, _ = timings_ms(function, arguments)
        first_answer = build_s * 1000 + median
        figures.append(
            Figure(
                "4 queries",
                f"{name}: store vs graph (build + query)",
                f"{store_medians[name]:.1f} ms vs {first_answer:,.0f} ms ({first_answer / store_medians[name]:,.0f}x)",
            )
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k")
    parser.add_argument("--count", type=int, default=20, help="queries of each kind")
    parser.add_argument("--no-graph", action="store_true", help="skip the whole-graph baseline")
    args = parser.parse_args()
    print(machine())
    print_table(run(parse_size(args.size), args.count, not args.no_graph))
    return 0


if __name__ == "__main__":
    sys.exit(main())
