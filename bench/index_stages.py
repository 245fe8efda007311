"""Where the index stages of a large ingest spend their time, without the ingest: one process writes the first
``--papers`` papers of a corpus into a new store (papers only, no mentions), then builds the text index (and, in
trees before schema 7, the stored semantic index) in one transaction as ingest does after its writes, each stage
timed by wrapping the function that does it; it prints one JSON line. ``--tree`` imports ``graphapp`` from another
checkout (an earlier commit, ``git archive REV | tar -x -C DIR``): ``bench_text_index.py --stages`` runs both,
interleaved.

A 1M ingest's text index compares each paper with ~32,000 others in cells of 1,000; ``--cell-size 1000`` on a
200k store gives every paper the same work (200 cells, 32 probed), so that stage scales linearly to 1M.

    python bench/index_stages.py --papers 200k --cell-size 1000 --tree /tmp/old
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

#: (module, class or None, function, stage): what is timed, where it exists in the tree measured.
STAGES = (
    ("graphapp.analysis.text", "TextModel", "fit", "fit the model (sample)"),
    ("graphapp.analysis.text", "TextModel", "tfidf", "TF-IDF rows"),
    ("graphapp.analysis.text", "TextModel", "embed", "LSA vectors"),
    ("graphapp.analysis.cells", "Cells", "build", "k-means cells"),
    ("graphapp.analysis.cells", "Cells", "candidates", "candidates in cells"),
    ("graphapp.store.connections", "ConnectionTables", "put_paper_vectors", "write vectors"),
    ("graphapp.store.connections", "ConnectionTables", "put_nearest", "write nearest lists"),
    ("graphapp.analysis.semantic", "StaticEmbedder", "embed", "static embeddings"),
    ("graphapp.store.connections", "ConnectionTables", "put_paper_embeddings", "write embeddings"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", default="200k", help="papers in the store (the first of the corpus)")
    parser.add_argument("--corpus", default="1M", help="synthetic corpus they are taken from")
    parser.add_argument("--cell-size", type=int, default=0, help="papers per cell (0: the default, sqrt of papers)")
    parser.add_argument("--tree", help="checkout to import graphapp from (default: this one)")
    args = parser.parse_args()
    sys.path.insert(0, args.tree or str(Path(__file__).resolve().parent.parent))
    import importlib

    from bench.corpus import corpus_file, parse_size
    from bench.profile_ingest import spent, timed

    cells = importlib.import_module("graphapp.analysis.cells")
    semanticindex = importlib.import_module("graphapp.semanticindex")
    textindex = importlib.import_module("graphapp.textindex")
    Paper = importlib.import_module("graphapp.model").Paper
    Store = importlib.import_module("graphapp.store").Store
    for module, owner, name, stage in STAGES:
        holder = getattr(importlib.import_module(module), owner)
        if hasattr(holder, name):
            setattr(holder, name, timed(stage, getattr(holder, name), say=False))
    if args.cell_size:
        cells.CELL_SIZE = args.cell_size
    papers = parse_size(args.papers)
    with tempfile.TemporaryDirectory(prefix="pge-stages-") as folder:
        store = Store(Path(folder) / "store.sqlite")
        with open(corpus_file(parse_size(args.corpus)), encoding="utf-8") as lines, store.transaction():
            records = (json.loads(line) for line, _ in zip(lines, range(papers), strict=False))
            store.put_papers((Paper(r["id"], r["title"], r["abstract"]), []) for r in records)
        start, cpu = time.perf_counter(), time.process_time()
        with store.transaction():
            textindex.update_text_index(store, None)
            text, text_cpu = time.perf_counter(), time.process_time()
            if hasattr(semanticindex, "update_semantic_index"):  # stored embeddings: before schema 7
                semanticindex.update_semantic_index(store, None)
            semantic, semantic_cpu = time.perf_counter(), time.process_time()
        done = time.perf_counter()
        store.close()
    timed: dict[str, float] = {stage: round(seconds, 2) for stage, seconds in spent.items()}
    timed["text index"] = round(text - start, 2)
    timed["semantic index"] = round(semantic - text, 2)
    timed["text index, CPU"] = round(text_cpu - cpu, 2)
    timed["semantic index, CPU"] = round(semantic_cpu - text_cpu, 2)
    timed["commit"] = round(done - semantic, 2)
    timed["peak RSS (MiB)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(timed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
