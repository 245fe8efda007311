"""Benchmark 3: ingest a large corpus into the SQLite store: wall time and peak memory, against a small one.

Both ingests run ``python -m graphapp ingest`` as a child process (what a user runs), with the peak
resident memory of the whole process tree (main process and extraction workers) sampled as it runs.
The small ingest, run first in the same session, is the baseline: the large one's time divided by
the small one's, scaled by size, says whether ingest stays linear (1.0) as the store grows. The same
large corpus is also ingested with the raw vocabulary scan as the extractor (the pipeline's floor):
the ratio of the two says how much of the time is extraction and how much is everything else.

    python bench/bench_ingest.py --size 1M --baseline 10k --workers 2
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, PYTHON, ROOT, Figure, machine, print_table, run_measured
from bench.corpus import corpus_file, parse_size
from graphapp.store import Store

GOAL_SECONDS = {1_000_000: 600}
GOAL_BYTES = 4 * 2**30


def store_path(size: int, seed: int = 0) -> Path:
    """Where the store of the generated corpus of ``size`` papers is kept between runs."""
    return OUT / f"store_{corpus_file(size, seed).stem}.sqlite"


def ingest(size: int, workers: int, db: Path, *, seed: int = 0, floor: bool = False) -> tuple[float, int]:
    """Ingest a generated corpus of ``size`` papers into a fresh store at ``db``: (seconds, peak bytes).

    With ``floor``, the raw vocabulary scan stands in for the extractor (``bench/floor_ingest.py``).
    """
    corpus = corpus_file(size, seed)
    for stale in OUT.glob(f"{db.name}*"):
        stale.unlink()
    program = [str(ROOT / "bench" / "floor_ingest.py")] if floor else ["-m", "graphapp", "ingest"]
    command = [PYTHON, *program, "--db", str(db), "--workers", str(workers), str(corpus)]
    result = run_measured(command)
    return result.seconds, result.peak_rss


def store_for(size: int, workers: int = 2, seed: int = 0) -> Path:
    """A finished store of the generated corpus of ``size`` papers, ingested on first use and then reused."""
    db = store_path(size, seed)
    if db.exists():
        with Store(db, readonly=True) as store:
            if store.data_version():  # some input was logged: the ingest finished
                return db
    seconds, peak = ingest(size, workers, db, seed=seed)
    print(f"(built {db.name}: {size:,} papers in {seconds:.0f} s, peak {peak / 2**20:,.0f} MiB)", file=sys.stderr)
    return db


def run(size: int, baseline: int, workers: int) -> list[Figure]:
    base_seconds, base_peak = ingest(baseline, workers, store_path(baseline))
    seconds, peak = ingest(size, workers, store_path(size))  # kept: the query and app benchmarks reuse it
    floor_db = OUT / "store_floor.sqlite"
    floor_seconds, floor_peak = ingest(size, workers, floor_db, floor=True)
    for written in OUT.glob(f"{floor_db.name}*"):
        written.unlink()
    scaled = seconds / (base_seconds * size / baseline)
    goal_seconds = GOAL_SECONDS.get(size)
    label = f"{size:,} papers, --workers {workers}"
    return [
        Figure("3 ingest", f"baseline: {baseline:,} papers", f"{base_seconds:.1f} s, {base_peak / 2**20:.0f} MiB"),
        Figure(
            "3 ingest",
            f"wall time, {label}",
            f"{seconds:.1f} s ({size / seconds:,.0f} papers/s)",
            f"< {goal_seconds} s" if goal_seconds else "",
            seconds < goal_seconds if goal_seconds else None,
        ),
        Figure(
            "3 ingest",
            f"peak RSS, {label}",
            f"{peak / 2**20:,.0f} MiB",
            "< 4096 MiB",
            peak < GOAL_BYTES if size >= 10**6 else None,
        ),
        Figure(
            "3 ingest",
            f"pipeline floor (raw scan as extractor), {label}",
            f"{floor_seconds:.1f} s ({size / floor_seconds:,.0f} papers/s), {floor_peak / 2**20:,.0f} MiB",
        ),
        Figure("3 ingest", "time: full extractor vs floor", f"{seconds / floor_seconds:.1f}x"),
        Figure("3 ingest", "time per paper vs baseline", f"{scaled:.2f}x", "~1.0 (linear)"),
        Figure("3 ingest", "peak RSS vs baseline", f"{peak / base_peak:.2f}x", "~1.0 (streaming)"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1M")
    parser.add_argument("--baseline", default="10k")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--floor-only", action="store_true", help="only the pipeline floor at --size")
    args = parser.parse_args()
    print(machine())
    if args.floor_only:
        size = parse_size(args.size)
        seconds, peak = ingest(size, args.workers, OUT / "store_floor.sqlite", floor=True)
        print(
            f"pipeline floor, {size:,} papers, --workers {args.workers}: {seconds:.1f} s, peak {peak / 2**20:,.0f} MiB"
        )
        return 0
    print_table(run(parse_size(args.size), parse_size(args.baseline), args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
