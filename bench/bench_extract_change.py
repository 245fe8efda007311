"""`graphapp extract` on a corpus: this checkout against another one (before a change), interleaved.

A change to the extractors must not make the command users run slower. Both checkouts run the same
command on the same file with the same Python, one after the other, ``--runs`` times; the medians and
their ratio are printed, for wall-clock time and for the CPU time the command used (on a shared, busy
machine the CPU time is the steadier figure: other processes stretch the wall clock, not the CPU time).
Last, whether the two outputs are byte-identical (a change meant only for speed must keep them so), and if
not, the first line where they differ.

    git worktree add /tmp/base main
    python bench/bench_extract_change.py --base /tmp/base --corpus corpus.jsonl --runs 3
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_extract(checkout: Path, corpus: Path, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds that ``python -m graphapp extract`` takes in ``checkout`` (its packages
    come first)."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "graphapp", "extract", str(corpus), "--out", str(out)],
        cwd=checkout,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (e.g. a worktree of main)")
    parser.add_argument("--corpus", type=Path, required=True, help="JSON Lines of papers (.gz is unpacked first)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus.suffix == ".gz":
            corpus = Path(tmp) / corpus.stem
            with gzip.open(args.corpus, "rb") as src, corpus.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        times: dict[str, list[tuple[float, float]]] = {"base": [], "this": []}
        for run in range(args.runs):
            for label, checkout in (("base", args.base), ("this", HERE)):
                wall, cpu = run_extract(checkout.resolve(), corpus, Path(tmp) / f"{label}.jsonl")
                times[label].append((wall, cpu))
                print(f"run {run + 1}: {label:4s} {wall:7.1f} s wall, {cpu:7.1f} s CPU", flush=True)
        print(f"\nmedian of {args.runs}:")
        for index, kind in enumerate(("wall", "CPU")):
            base, this = (statistics.median(t[index] for t in times[label]) for label in ("base", "this"))
            print(f"  {kind:4s} base {base:.1f} s, this {this:.1f} s, this/base = {this / base:.2f}")
        print(f"outputs: {compare_outputs(Path(tmp) / 'base.jsonl', Path(tmp) / 'this.jsonl')}")


def compare_outputs(base: Path, this: Path) -> str:
    """ "identical", or the first line (1-based) where the two outputs differ."""
    with base.open("rb") as before, this.open("rb") as after:
        for number, (old, new) in enumerate(itertools.zip_longest(before, after), 1):
            if old != new:
                return f"DIFFER from line {number}"
    return "identical"


if __name__ == "__main__":
    main()
