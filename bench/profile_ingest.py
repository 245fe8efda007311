"""Where an ingest spends its time, stage by stage: the learning pass, extraction (workers) while the main
process spools the results, the main process's writes (papers and mentions, with the full-text triggers), the
text index, and the end of the transaction.

The ingest runs in this process exactly as ``python -m graphapp ingest --workers N`` runs it (same functions,
same runner); each stage is timed by wrapping the function that does it, and the workers' CPU time is read from
the children's resource usage once they have exited. ``--cprofile FILE`` also profiles the main process.

    python bench/profile_ingest.py --size 100k --workers 2
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import resource
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import psutil

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT
from bench.corpus import corpus_file, parse_size
from graphapp import pipeline
from graphapp.parallel import make_runner
from graphapp.store import Store

spent: dict[str, float] = defaultdict(float)


def timed(name: str, function: Callable, *, say: bool = True) -> Callable:
    """``function``, adding its wall time to ``spent[name]`` (and saying so on stderr, with ``say``)."""

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
            if say:
                print(f"({time.strftime('%H:%M:%S')}) {name}: {spent[name]:.1f} s", file=sys.stderr, flush=True)

    return wrapper


def tree_peak(stop: threading.Event, peak: list[int]) -> None:
    """Sample the resident memory of this process and its children (reader, workers) until ``stop``."""
    me = psutil.Process()
    while not stop.wait(0.2):
        total = 0
        for member in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += member.memory_info().rss
        peak[0] = max(peak[0], total)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--input", help="a JSON Lines file instead of the generated corpus")
    parser.add_argument("--cprofile", help="write the main process's cProfile statistics here")
    args = parser.parse_args()
    corpus = Path(args.input) if args.input else corpus_file(parse_size(args.size))
    db = OUT / f"profile_{corpus.stem}.sqlite"
    for stale in OUT.glob(f"{db.name}*"):
        stale.unlink()

    pipeline.learn_corpus = timed("learning pass (workers survey, main adds up and learns)", pipeline.learn_corpus)
    pipeline.update_text_index = timed("text index (end of the transaction)", pipeline.update_text_index)
    Store.put_papers = timed("writes: papers and mentions (with full-text triggers)", Store.put_papers, say=False)
    Store.record_ingest = timed("record the ingest", Store.record_ingest)
    transaction = Store.transaction

    @contextlib.contextmanager
    def timed_transaction(self, *a, **k):
        start = time.perf_counter()
        with transaction(self, *a, **k):
            spent["(transaction start: extraction and spool done)"] = start
            print(f"({time.strftime('%H:%M:%S')}) extraction done, writing", file=sys.stderr, flush=True)
            yield
            body = time.perf_counter()
        spent["commit"] += time.perf_counter() - body

    Store.transaction = timed_transaction
    profiler = cProfile.Profile() if args.cprofile else None
    stop, peak = threading.Event(), [0]
    threading.Thread(target=tree_peak, args=(stop, peak), daemon=True).start()
    start = time.perf_counter()
    with make_runner("local", workers=args.workers) as runner, Store(db) as store:
        if profiler:
            profiler.enable()
        report = pipeline.ingest_file(store, corpus, runner=runner)
        if profiler:
            profiler.disable()
    total = time.perf_counter() - start
    stop.set()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    if profiler:
        profiler.dump_stats(args.cprofile)
    transaction_start = spent.pop("(transaction start: extraction and spool done)") - start
    learning = spent["learning pass (workers survey, main adds up and learns)"]
    print(report.summary())
    print(f"input {corpus.stat().st_size / 2**20:,.1f} MiB, store {db.stat().st_size / 2**20:,.1f} MiB")
    print(f"{'wall time, whole ingest':60s} {total:8.1f} s")
    print(f"{'extraction pass, main process spooling (to the write lock)':60s} {transaction_start - learning:8.1f} s")
    for name, seconds in spent.items():
        print(f"{name:60s} {seconds:8.1f} s")
    print(f"{'CPU: main process (user + system)':60s} {own.ru_utime + own.ru_stime:8.1f} s")
    print(f"{'CPU: reader and workers (user + system)':60s} {children.ru_utime + children.ru_stime:8.1f} s")
    print(f"{'peak RSS: process tree (sampled)':60s} {peak[0] / 2**20:8.0f} MiB")
    print(f"{'peak RSS: main process':60s} {own.ru_maxrss / 2**10:8.0f} MiB")
    print(f"{'peak RSS: largest child':60s} {children.ru_maxrss / 2**10:8.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
