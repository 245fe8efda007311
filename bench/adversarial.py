"""Adversarial inputs for the extractors and readers: no catastrophic backtracking, time grows linearly.

Each family is a text built to provoke a regex or a scanner (100k characters of URL-like runs, dots,
brackets, "et al." chains, thousands of distinct coined names, ...). Each target (the combined
extractor, each sub-extractor, the text readers) runs each family at doubling sizes; the table prints
the CPU time per size, the ratio per doubling (about 2 is linear, about 4 quadratic) and the exponent
of a log-log fit over all sizes (about 1 is linear, 2 quadratic), which shrugs off a noisy size.
CPU time of this process, not wall time, so other work on the machine hardly moves the numbers.

    python bench/adversarial.py                       # sizes 10k, 20k, 40k, 80k, 160k
    python bench/adversarial.py --sizes 20000 40000 --target urls
    python bench/adversarial.py --quick               # sizes 10k to 80k (about a minute)
    python bench/adversarial.py --once 100000         # every family once, no timing (the tests' hang detector)

Exit status 1 when some family looks super-linear (fitted exponent above ``--limit``, default 1.5).
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors import Extractor
from extractors.citations import find_citations
from extractors.entities import EntityExtractor
from extractors.links import find_urls
from graphapp.ingest.bibtex import read_bibtex
from graphapp.ingest.hf_text import read_hf_text
from graphapp.ingest.records import read_csv, read_jsonl

SIZES = (10_000, 20_000, 40_000, 80_000, 160_000)


def repeat(unit: str, prefix: str = "", suffix: str = "") -> Callable[[int], str]:
    """A family: ``prefix``, then ``unit`` repeated, then ``suffix``, ``size`` characters in all."""

    def build(size: int) -> str:
        body = size - len(prefix) - len(suffix)
        return prefix + (unit * (body // len(unit) + 1))[:body] + suffix

    return build


def shuffled(fragments: list[str], seed: int) -> Callable[[int], str]:
    """A family: fragments drawn at random (fixed seed) until ``size`` characters."""

    def build(size: int) -> str:
        rng, parts, length = random.Random(seed), [], 0
        while length < size:
            parts.append(rng.choice(fragments))
            length += len(parts[-1])
        return "".join(parts)[:size]

    return build


URL_BITS = ["http://", "https://", "www.", "github.com/", "/", ".", "-", "_", "a", "(", ")", "\n", " ", "?", "=", "%"]
CITE_BITS = ["Smith", " et al.", ", ", "; ", "(", ")", "2019", " and ", "Jones", "arXiv:", "1234.5678", "doi:", "10."]
ENTITY_BITS = ["BERT", "-", "Large", " ", "ImageNet", "GPT", "-4", "v2", "We propose ", "Net", "(", ")", "dataset "]

FAMILIES: dict[str, Callable[[int], str]] = {
    # URL-like runs
    "scheme run": repeat("http://"),
    "https host dots": repeat(".a", prefix="https://a"),
    "bare host dots": repeat("a."),
    "www run": repeat("www."),
    "github path": repeat("a/", prefix="https://github.com/"),
    "path parens": repeat("(", prefix="https://x.org/"),
    "path query": repeat("a=b&", prefix="https://x.org/?"),
    "broken url lines": repeat("https:\n//github.com/a\n-b/c\n"),
    "url hyphens": repeat("a-", prefix="https://"),
    "percent run": repeat("%2", prefix="https://x.org/"),
    "url-like fragments": shuffled(URL_BITS, 1),
    # dots and brackets
    "dots": repeat("."),
    "dot space": repeat(". "),
    "ellipses word": repeat("a..."),
    "open parens": repeat("("),
    "mixed brackets": repeat("([{"),
    "nested parens": lambda size: "(a" * (size // 4) + ")" * (size - 2 * (size // 4)),
    # citation-like chains
    "et al chain": repeat("Smith et al. "),
    "et al comma chain": repeat("Smith et al., 2019; "),
    "open citation": repeat("(Smith et al., "),
    "author list": repeat("Smith, Jones, ", suffix=" 2019"),
    "and chain": repeat("Smith and "),
    "years": repeat("2019 "),
    "arxiv prefixes": repeat("arXiv:"),
    "doi prefixes": repeat("10."),
    "latex cites": repeat("\\cite{"),
    "citation fragments": shuffled(CITE_BITS, 2),
    # entity-like runs
    "capitalised words": repeat("Aa "),
    "hyphenated caps": repeat("A-"),
    "version chain": repeat("v1."),
    "acronym definitions": repeat("Long Name (LN) "),
    "entity fragments": shuffled(ENTITY_BITS, 3),
    # whitespace and plain runs
    "distinct coined names": lambda size: "".join(f"We propose FooNet{i}, a dataset. " for i in range(size // 30 + 1))[
        :size
    ],
    "distinct definitions": lambda size: "".join(f"Alpha Beta Gamma{i} (ABG{i}) " for i in range(size // 25 + 1))[
        :size
    ],
    "proposal chain": repeat("We propose X. "),
    "one word": repeat("a"),
    "blank lines": repeat("\n"),
    "spaces": repeat(" "),
    # reader-shaped runs
    "bibtex blank lines": repeat("\n", prefix="@article{k,\n"),
    "bibtex author spaces": repeat(" ", prefix="@article{k, author={A", suffix=" and B}, title={T}, abstract={A}}"),
    "bibtex open braces": repeat("{", prefix="@article{k, title="),
    "csv open quote": repeat("a", prefix='title,abstract\n"'),
    "jsonl brackets": repeat("[", prefix="{"),
}


TARGET_NAMES = ("combined", "urls", "citations", "entities", "readers")


def targets() -> dict[str, Callable[[str], object]]:
    """Everything that reads untrusted text, each as a function of one string."""
    combined = Extractor.default()
    entities = EntityExtractor.default()
    return {
        "combined": combined.extract,
        "urls": find_urls,
        "citations": find_citations,
        "entities": entities.extract,
        "readers": lambda text: [
            list(reader(io.StringIO(text), "bench")) for reader in (read_bibtex, read_hf_text, read_jsonl, read_csv)
        ],
    }


def cpu_seconds(function: Callable[[str], object], text: str) -> float:
    """CPU time of the best of three runs (one when a run is already slow)."""
    best = math.inf
    for _ in range(3):
        started = time.process_time()
        function(text)
        best = min(best, time.process_time() - started)
        if best > 0.5:
            break
    return best


def growth_exponent(sizes: list[int], times: list[float]) -> float:
    """Slope of log(time) against log(size), least squares: ~1 linear, ~2 quadratic."""
    points = [(math.log(size), math.log(max(t, 1e-6))) for size, t in zip(sizes, times, strict=True)]
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def run_once(size: int, chosen: list[str]) -> None:
    """Every family through the chosen targets at one size; one line per target."""
    all_targets = targets()
    for name in chosen:
        started = time.process_time()
        for build in FAMILIES.values():
            all_targets[name](build(size))
        seconds = time.process_time() - started
        print(f"{name:14} {len(FAMILIES)} families x {size:,} chars: {seconds:.2f} s CPU", flush=True)


def run_growth(sizes: list[int], chosen: list[str], limit: float) -> int:
    all_targets = targets()
    worst = ("", 0.0)
    header = " ".join(f"{size // 1000:>5}k" for size in sizes)
    print(f"{'target':13} {'family':22} {header}  (ms CPU)  ratios per doubling   exponent")
    for target in chosen:
        function = all_targets[target]
        function("warm up " * 10)
        for family, build in FAMILIES.items():
            times = [cpu_seconds(function, build(size)) for size in sizes]
            ratios = " ".join(f"{later / max(earlier, 1e-6):4.1f}" for earlier, later in itertools.pairwise(times))
            # Below a few milliseconds at the largest size the fit measures the timer, not the code.
            exponent = growth_exponent(sizes, times) if times[-1] > 0.003 else 1.0
            if exponent > worst[1]:
                worst = (f"{target} / {family}", exponent)
            flag = "  <-- super-linear" if exponent > limit else ""
            cells = " ".join(f"{t * 1000:6.1f}" for t in times)
            print(f"{target:13} {family:22} {cells}            {ratios:20} {exponent:5.2f}{flag}", flush=True)
    print(f"largest exponent: {worst[1]:.2f} ({worst[0]}); linear ~1, quadratic ~2; limit {limit}")
    return 1 if worst[1] > limit else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--quick", action="store_true", help="sizes 10k to 80k only")
    parser.add_argument("--target", action="append", choices=TARGET_NAMES, help="repeatable (default: all)")
    parser.add_argument("--limit", type=float, default=1.5, help="largest acceptable growth exponent")
    parser.add_argument("--once", type=int, metavar="SIZE", help="run every family once at SIZE, without timing")
    args = parser.parse_args(argv)
    chosen = args.target or list(TARGET_NAMES)
    if args.once:
        run_once(args.once, chosen)
        return 0
    sizes = list(SIZES[:-1]) if args.quick else sorted(args.sizes)
    return run_growth(sizes, chosen, args.limit)


if __name__ == "__main__":
    sys.exit(main())
