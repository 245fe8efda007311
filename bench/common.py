"""What every benchmark shares: the machine description, timing, peak memory of a process tree, result rows."""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure, the goal it is held to (if any), and whether it meets it."""

    benchmark: str
    name: str
    value: str
    goal: str = ""
    met: bool | None = None

    def verdict(self) -> str:
        return "" if self.met is None else ("met" if self.met else "NOT MET")


def print_table(figures: Sequence[Figure], file=sys.stdout) -> None:
    """One plain-text table: benchmark, figure, value, goal, verdict."""
    rows = [
        ("benchmark", "figure", "value", "goal", ""),
        *((f.benchmark, f.name, f.value, f.goal, f.verdict()) for f in figures),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(), file=file)
        if index == 0:
            print("  ".join("-" * width for width in widths), file=file)


def machine() -> str:
    """CPU model, cores and memory of this machine, for the record next to each figure."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 2**30
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def best_of(function: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs, in seconds: the least disturbed by a noisy machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def timings_ms(function: Callable[[object], object], arguments: Sequence[object]) -> tuple[float, float]:
    """Median and maximum time of ``function`` over the arguments, in milliseconds."""
    times = []
    for argument in arguments:
        start = time.perf_counter()
        function(argument)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


@dataclass(frozen=True, slots=True)
class RunResult:
    seconds: float
    peak_rss: int
    """Largest sum of resident memory over the process and all its children seen while it ran, in bytes."""
    stdout: str


def run_measured(command: Sequence[str], *, poll: float = 0.1, cwd: Path = ROOT) -> RunResult:
    """Run a command to its end in ``cwd``, sampling the resident memory of its whole process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        parent = psutil.Process(process.pid)
        while not done.is_set():
            try:
                tree = [parent, *parent.children(recursive=True)]
                total = 0
                for member in tree:
                    with contextlib.suppress(psutil.Error):
                        total += member.memory_info().rss
                peak = max(peak, total)
            except psutil.Error:
                return
            done.wait(poll)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return RunResult(seconds, peak, stdout)
