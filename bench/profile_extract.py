"""Where the `graphapp extract` path spends its time: cProfile over the learning pass and extraction with evidence.

Profiles what ``bench_extract.py`` times (a fresh ``Extractor.default()`` learns from every title and abstract, then
``extract_batch`` extracts each paper with its evidence) on the first ``--size`` papers of the real corpus, and prints
the share of each module (own time, the functions' bodies) and the functions that cost most. cProfile adds a
constant cost per Python call, so it overstates many small calls against native code (the automaton, regular
expressions): read its shares as where to look, and time a change with ``bench_extract.py``.

    python bench/profile_extract.py --size 5000
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_extract import real_corpus, shared_folder
from bench.common import ROOT
from extractors import Extractor
from graphapp.ingest import read_papers
from graphapp.model import Paper
from graphapp.pipeline import extract_batch


def profile(papers: list[Paper]) -> pstats.Stats:
    """The profile of one learning pass and one extraction pass over ``papers``."""
    Extractor.default()  # the shipped vocabulary is loaded once per process, outside the timed path
    profiler = cProfile.Profile()
    profiler.enable()
    extractor = Extractor.default()
    extractor.learn(text for paper in papers for text in (paper.title, paper.abstract))
    extract_batch(extractor, papers)
    profiler.disable()
    return pstats.Stats(profiler)


def place(filename: str) -> str:
    """A project file as its module path ("extractors/lexicon.py"), anything else as "library / builtins"."""
    path = Path(filename)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else "library / builtins"


def report(stats: pstats.Stats, top: int) -> None:
    """Own time per module, then the ``top`` functions by own time, as shares of the total."""
    rows = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (calls, ncalls, own, cumulative, callers)}
    total = sum(own for _, _, own, _, _ in rows.values())
    by_module: Counter[str] = Counter()
    for (filename, _, _), (_, _, own, _, _) in rows.items():
        by_module[place(filename)] += own
    print(f"total own time under the profiler: {total:.2f} s\n\nshare  module")
    for module, own in by_module.most_common(15):
        print(f"{own / total:5.1%}  {module}")
    print("\nshare  calls      function")
    ranked = sorted(rows.items(), key=lambda item: item[1][2], reverse=True)
    for (filename, line, name), (_, calls, own, _, _) in ranked[:top]:
        print(f"{own / total:5.1%}  {calls:<9,}  {name} ({place(filename)}:{line})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=5000, help="papers of the real corpus (at most 20,000)")
    parser.add_argument("--top", type=int, default=25, help="functions listed")
    args = parser.parse_args()
    corpus = real_corpus(shared_folder())
    if corpus is None:
        print("no shared/corpus next to the checkout: nothing to profile", file=sys.stderr)
        return 1
    papers = list(itertools.islice((item for item in read_papers(corpus) if isinstance(item, Paper)), args.size))
    report(profile(papers), args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
