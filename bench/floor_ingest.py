"""Ingest with the raw vocabulary scan as the extractor: what the pipeline itself costs at scale.

The same reading, batching, worker processes, evidence sentences and SQLite writes as
``python -m graphapp ingest``, but each paper's mentions come from one Aho-Corasick pass over the
vocabulary's names (benchmark 2's floor) and nothing is learned. Comparing its time with a real ingest
separates what extraction costs from what everything around it costs.

    python bench/floor_ingest.py --db bench/out/floor.sqlite --workers 2 bench/out/corpus_1000000_s0_*.jsonl
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_extract import RawScan, vocabulary_surfaces
from extractors import Mention
from extractors.entities import Survey
from graphapp.parallel import make_runner
from graphapp.pipeline import ingest_file
from graphapp.store import Store


class FloorExtractor:
    """The extractor interface ingest uses, answered by the raw scan alone."""

    def __init__(self) -> None:
        self.scan = RawScan(vocabulary_surfaces())

    def survey(self, texts: Iterable[str]) -> Survey:
        """The floor learns nothing; the texts are still read (in the workers), as a real ingest's
        first pass reads them."""
        for _ in texts:
            pass
        return Survey()

    def learn_from(self, survey: Survey) -> int:
        return 0

    def _mentions(self, text: str) -> list[Mention]:
        return [
            Mention(etype, name, text[start:end], start, end) for start, end, etype, name in self.scan.extract(text)
        ]

    def extract_paper(self, title: str, abstract: str) -> tuple[list[Mention], list[Mention]]:
        return self._mentions(title), self._mentions(abstract)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", metavar="INPUT")
    parser.add_argument("--db", required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    extractor = FloorExtractor()
    with make_runner("local", workers=args.workers) as runner, Store(args.db) as store:
        for path in args.inputs:
            print(ingest_file(store, path, extractor=extractor, runner=runner).summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
