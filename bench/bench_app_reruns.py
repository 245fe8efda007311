"""What a rerun of the app (any click) spends on whole-store totals, before and after caching them per store version.

Streamlit reruns the whole script on every click. Before, each rerun recomputed the sidebar's counts, the store
version (the newest ``papers.updated_at``, unindexed) and the view's tables; now they are read once per store
version (:mod:`graphapp.ui.state`). This times, on an existing store opened read-only:

- before: the previous store version query and each table computed directly, as every rerun did;
- after: the new version query, and each table through its cached wrapper once it is cached (a rerun);
- the first call of each wrapper (the one computation per store version) for the record.

    python bench/bench_app_reruns.py bench/out/store_corpus_1000000_s0_4ddce680.sqlite
"""

from __future__ import annotations

import argparse
import pickle
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit.logger import set_log_level

from graphapp.nodes import ENTITY_NODE_TYPES
from graphapp.queries import entities, search
from graphapp.safe import safe_url
from graphapp.store import Store

#: The store version before this change: the paper count, the newest ingest and the newest ``updated_at``. It is the
#: old code's own SQL, run on a connection of the benchmark's own: the store no longer has this query.
OLD_VERSION_SQL = (
    "SELECT (SELECT count(*) FROM papers), (SELECT coalesce(max(id), 0) FROM ingests), "
    "(SELECT coalesce(max(updated_at), '') FROM papers)"
)


def seconds(work: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs (the least disturbed by the other processes on the machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="an existing store; it is opened read-only")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    set_log_level("error")  # no "no runtime" warnings: the caches work without one
    from graphapp.ui import state

    store = Store(args.db, readonly=True)
    state.open_store = lambda db: store  # the app's own open_store would open the file for writing
    print(f"{args.db.name}: {store.paper_count():,} papers", flush=True)
    old_connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)

    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        (
            "store version",
            lambda: old_connection.execute(OLD_VERSION_SQL).fetchone(),
            store.data_version,
        ),
        ("sidebar counts", store.counts, lambda: state.counts(store)),
        (
            "Entities view: 8 top-15 lists",
            lambda: [entities.entity_counts(store, kind, limit=15) for kind in ENTITY_NODE_TYPES],
            lambda: [state.entity_counts(store, kind, limit=15) for kind in ENTITY_NODE_TYPES],
        ),
        (
            "Code view: every link",
            lambda: [row for row in links.code_links(store) if safe_url(row.url)],
            lambda: state.code_links(store),
        ),
        ("Paper view: titles", lambda: search.paper_titles(store), lambda: state.paper_titles(store)),
        ("sidebar search 'cifar'", lambda: search.search(store, "cifar"), lambda: state.search(store, "cifar")),
    ]
    print(f"{'per rerun':32} {'before':>9} {'first':>9} {'after':>9} {'ratio':>9}")
    total_before = total_after = 0.0
    for name, before, after in cases:
        old = seconds(before, args.repeat)
        start = time.perf_counter()
        after()  # the one computation per store version
        first = time.perf_counter() - start
        new = seconds(after, args.repeat)
        total_before, total_after = total_before + old, total_after + new
        print(f"{name:32} {old:8.3f}s {first:8.3f}s {new:8.4f}s {old / new:8.0f}x", flush=True)
    print(f"{'all of the above':32} {total_before:8.3f}s {'':9} {total_after:8.4f}s {total_before / total_after:8.0f}x")

    links = state.code_links(store)
    copied = seconds(lambda: pickle.loads(pickle.dumps(links)), 1)
    print(f"copying the {len(links):,} code links (what st.cache_data would do on every rerun): {copied:.3f}s")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
