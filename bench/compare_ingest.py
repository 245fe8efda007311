"""Ingest one input with other versions of the project and this checkout, interleaved: what a change does to the
path users run.

    python bench/compare_ingest.py --base main --workers 2              # the real 20k arXiv corpus
    python bench/compare_ingest.py --base main --base HEAD~1 --input papers.jsonl --repeat 5

Each base version's files come from git (``git archive``) into a temporary folder. Every version runs
``python -m graphapp ingest INPUT --workers N`` into a fresh store, as child processes with the same
interpreter, in rounds that rotate which goes first (so load from other processes falls on all alike);
each figure is the median of the rounds: wall time, papers/s, peak memory of the process tree, and the
store's size against the input's (uncompressed) size. Speed ratios are against the first base. A second table
says what each version's store is made of: the MiB of each table and index (``Store.space_used``, SQLite's
``dbstat``), and its share of the input's size.

    python bench/compare_ingest.py --base main --repeat 1 --input bench/out/corpus_100000_s0_70fd8272.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_extract import real_corpus, shared_folder
from bench.common import PYTHON, ROOT, Figure, machine, print_table, run_measured
from graphapp.store import Store


def checkout(revision: str, folder: Path) -> Path:
    """The project's files at ``revision``, written under ``folder``."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    target = folder / "tree"
    target.mkdir(parents=True)
    archive_path = folder / "tree.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(target, filter="data")
    return target


def input_bytes(path: Path) -> int:
    """The input's size as JSON Lines text (after gzip)."""
    if path.suffix != ".gz":
        return path.stat().st_size
    total = 0
    with gzip.open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            total += len(chunk)
    return total


def store_bytes(db: Path) -> int:
    return sum(part.stat().st_size for part in db.parent.glob(db.name + "*"))


def ingest(tree: Path, source: Path, db: Path, workers: int) -> tuple[float, int, int, int, dict[str, int]]:
    """One ingest with the code in ``tree``: (seconds, peak bytes, store bytes, papers stored, bytes per table)."""
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    command = [PYTHON, "-m", "graphapp", "ingest", str(source), "--db", str(db), "--workers", str(workers)]
    result = run_measured(command, cwd=tree)
    with Store(db, readonly=True) as store:
        papers = store.paper_count()
        tables = store.space_used()
    return result.seconds, result.peak_rss, store_bytes(db), papers, tables


def print_space(runs: dict[str, list[tuple[float, int, int, int, dict[str, int]]]], size: int) -> None:
    """MiB per table and index in each version's last store (largest in this checkout's first), and x input."""
    spaces = {name: results[-1][4] for name, results in runs.items()}
    names = sorted(
        {table for space in spaces.values() for table in space}, key=lambda t: -spaces["this checkout"].get(t, 0)
    )
    rows = [("table or index", *spaces)]
    for table in names:
        if any(space.get(table, 0) >= 2**18 for space in spaces.values()):  # the 256 KiB and larger
            rows.append((table, *(f"{space.get(table, 0) / 2**20:,.1f}" for space in spaces.values())))
    rows.append(("all", *(f"{sum(s.values()) / 2**20:,.1f} ({sum(s.values()) / size:.2f}x)" for s in spaces.values())))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


def run(bases: list[str], source: Path, workers: int, repeat: int) -> list[Figure]:
    size = input_bytes(source)
    with tempfile.TemporaryDirectory(prefix="compare_ingest_") as scratch:
        folder = Path(scratch)
        trees = {f"base {base}": checkout(base, folder / str(number)) for number, base in enumerate(bases)}
        trees["this checkout"] = ROOT
        runs: dict[str, list[tuple[float, int, int, int, dict[str, int]]]] = {name: [] for name in trees}
        names = list(trees)
        for round_number in range(repeat):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                runs[name].append(ingest(trees[name], source, folder / "store.sqlite", workers))
    figures = []
    seconds = {}
    for name, results in runs.items():
        papers = {result[3] for result in results}
        if len(papers) != 1:
            raise RuntimeError(f"{name}: rounds stored different numbers of papers {papers}")
        seconds[name] = statistics.median(result[0] for result in results)
        peak = statistics.median(result[1] for result in results)
        stored = statistics.median(result[2] for result in results)
        figures += [
            Figure("ingest", f"{name}: wall time, --workers {workers}", f"{seconds[name]:.1f} s"),
            Figure("ingest", f"{name}: rate", f"{papers.pop() / seconds[name]:,.0f} papers/s"),
            Figure("ingest", f"{name}: peak RSS of the process tree", f"{peak / 2**20:,.0f} MiB"),
            Figure("ingest", f"{name}: store size vs input", f"{stored / 2**20:,.1f} MiB ({stored / size:.2f}x)"),
        ]
    for name in names[1:]:
        figures.append(Figure("ingest", f"{name} vs {names[0]}: speed", f"{seconds[names[0]] / seconds[name]:.2f}x"))
    print_space(runs, size)
    print()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", action="append", help="a git revision to compare this checkout with (repeatable)")
    parser.add_argument("--input", type=Path, help="the input to ingest (default: the real 20k arXiv corpus)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes of both versions")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each figure is their median")
    args = parser.parse_args()
    source = args.input or real_corpus(shared_folder())
    if source is None:
        parser.error("no --input and no shared/corpus next to the checkout")
    print(f"{machine()}; {source.name}, {input_bytes(source) / 2**20:,.1f} MiB of input text")
    print_table(run(args.base or ["main"], source, args.workers, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
