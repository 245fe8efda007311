"""What handling one extracted batch costs the process that writes the store: receiving it from a worker, keeping it
in the spool and reading it back to write, as ingest did before 0b58798 (the batch unpickled, pickled again and
gzipped into the spool, read back) and as it does now (the worker's packed bytes kept as they are, unpickled once).

Both contenders handle the same batches of real abstracts (extracted once, untimed), interleaved, median of 5
rounds; the figure is the writer's CPU time per 1,000 papers (SQL left out: it is the same for both).

    python bench/bench_spool.py --papers 2000
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import pickle
import statistics
import sys
import time
import zlib
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Figure, machine, print_table
from extractors import Extractor
from graphapp.ingest import read_papers
from graphapp.pipeline import DEFAULT_BATCH_SIZE, batched, extract_batch, extract_items, papers_of

REAL = Path("/work/shared/corpus/arxiv_abstracts_20k.jsonl.gz")


def before(messages: list[bytes]) -> None:
    """Unpickle each (items, results) message, pickle the kept papers into a gzip spool, read them all back."""
    spool = io.BytesIO()
    with gzip.GzipFile(fileobj=spool, mode="wb", compresslevel=1) as packed:
        for message in messages:
            items, results = pickle.loads(message)
            pickle.dump(list(zip(papers_of(items), results, strict=True)), packed, protocol=pickle.HIGHEST_PROTOCOL)
    spool.seek(0)
    with gzip.GzipFile(fileobj=spool, mode="rb") as packed:
        while True:
            try:
                pickle.load(packed)
            except EOFError:
                break


def after(messages: list[bytes]) -> None:
    """Unpickle each ExtractedBatch message, keep its packed bytes in the spool, read them all back."""
    spool = io.BytesIO()
    for message in messages:
        batch = pickle.loads(message)
        spool.write(len(batch.packed).to_bytes(8, "little"))
        spool.write(batch.packed)
    spool.seek(0)
    while size := int.from_bytes(spool.read(8), "little"):
        pickle.loads(zlib.decompress(spool.read(size)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    extractor = Extractor.default()
    batches = list(batched(itertools.islice(read_papers(REAL), args.papers), DEFAULT_BATCH_SIZE))
    # What a worker sends back, as the queue pickles it: then (items, results), now the packed batch.
    old = [pickle.dumps((items, extract_batch(extractor, papers_of(items))), protocol=5) for items in batches]
    new = [pickle.dumps(extract_items(extractor, items), protocol=5) for items in batches]
    times: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(args.repeat):
        for name, handle, messages in (("before", before, old), ("after", after, new)):
            start = time.process_time()
            handle(messages)
            times[name].append((time.process_time() - start) * 1000 / args.papers * 1000)
    slow, fast = statistics.median(times["before"]), statistics.median(times["after"])
    print(machine())
    print_table([
        Figure("spool", "writer's CPU per 1,000 papers, before (unpickle, pickle + gzip, read back)", f"{slow:.0f} ms"),
        Figure("spool", "writer's CPU per 1,000 papers, after (packed bytes kept, unpickled once)", f"{fast:.0f} ms"),
        Figure("spool", "before vs after", f"{slow / fast:.2f}x"),
    ])  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
