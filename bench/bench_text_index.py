"""The text index on a large store: how many of the exact nearest papers the search in cells finds (recall@20),
and how long each search takes over a whole corpus.

A store of more than 50,000 papers finds each paper's nearest papers in k-means cells
(:mod:`graphapp.analysis.cells`) instead of comparing every pair. Recall is measured on the 20k real abstracts
(``/work/shared/corpus``) and on synthetic ones: a sample of query papers gets its 20 nearest both ways, with the
same model and vectors, and recall@20 is the share of the exact list the approximate one holds. On the real
corpus the cells are also made as small as a million-paper store's share of probed cells would make them (12
of 1,000 cells probed), the hard case. Timing runs each search once over every paper of the corpus.

    python bench/bench_text_index.py --size 100k              # real 20k recall, then synthetic 100k recall and time
    python bench/bench_text_index.py --size 100k --exact-share 0.1   # the exact search timed on 10k queries

``--stages`` times instead the index stages of an ingest on a store of that many papers (``index_stages.py``:
model, TF-IDF rows, cells, candidates, writes, static embeddings), this checkout against ``--against`` (a commit),
interleaved, median of ``--runs``; ``--cell-size 1000`` gives each paper a million-paper store's work:

    python bench/bench_text_index.py --stages 200k --cell-size 1000 --against 477d3ed --runs 3
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, Figure, machine, print_table
from bench.corpus import corpus_file, parse_size
from graphapp.analysis import cells as cells_module
from graphapp.analysis.cells import Cells
from graphapp.analysis.text import TextModel, nearest_papers, paper_text
from graphapp.ingest import read_papers
from graphapp.model import Paper
from graphapp.textindex import FIT_SAMPLE

REAL = Path("/work/shared/corpus/arxiv_abstracts_20k.jsonl.gz")


def texts_of(path: Path) -> tuple[list[str], list[str]]:
    """Ids and texts (:func:`paper_text`) of a file's papers, in id order (as the store gives them)."""
    papers = sorted((item for item in read_papers(path) if isinstance(item, Paper)), key=lambda p: p.id)
    return [p.id for p in papers], [paper_text(p.title, p.abstract) for p in papers]


def index_of(texts: list[str]):
    """The model fitted as a store fits it (on at most FIT_SAMPLE papers spread evenly), TF-IDF rows, vectors."""
    step = -(-len(texts) // FIT_SAMPLE)
    model = replace(TextModel.fit(texts[::step]), papers=len(texts))
    tfidf = model.tfidf(texts)
    return model, tfidf, model.embed(tfidf)


def recall(ids, model, tfidf, vectors, queries: np.ndarray, cell_size: int | None) -> tuple[float, float]:
    """Mean recall@20 of the search in cells against the exact one, on the query papers; and the share of the
    corpus a query is compared with."""
    cells = Cells.build(vectors, cell_size=cell_size)
    rows_of = tfidf.__getitem__
    query_ids = [ids[i] for i in queries]
    exact = nearest_papers(model, query_ids, tfidf[queries], ids, vectors, rows_of)
    found = nearest_papers(model, query_ids, tfidf[queries], ids, vectors, rows_of, cells=cells)
    shares = []
    for pid in query_ids:
        truth = {n.other for n in exact[pid]}
        if truth:
            shares.append(len(truth & {n.other for n in found[pid]}) / len(truth))
    probed = min(cells_module.PROBES, len(cells.centroids)) / len(cells.centroids)
    return float(np.mean(shares)), probed


def whole_corpus(ids, model, tfidf, vectors, approximate: bool, share: float = 1.0) -> float:
    """Seconds to find every paper's nearest papers, as a rebuild of the store's index does; with ``share`` < 1,
    only that share of the papers are queries and the time is scaled up to all (the exact search costs the same
    for every query: each is compared with the whole corpus)."""
    start = time.perf_counter()
    rows_of = tfidf.__getitem__
    cells = Cells.build(vectors) if approximate else None
    for begin in range(0, int(len(ids) * share), 50_000):
        block = np.arange(begin, min(begin + 50_000, int(len(ids) * share)))
        nearest_papers(model, [ids[i] for i in block], tfidf[block], ids, vectors, rows_of, cells=cells)
    return (time.perf_counter() - start) / share


def stages(papers: str, cell_size: int, against: str | None, runs: int) -> list[Figure]:
    """The index stages on a store of ``papers`` (``index_stages.py``), this checkout and ``against``
    interleaved, median of ``runs`` each, with the ratio of the two."""
    with tempfile.TemporaryDirectory(prefix="pge-against-") as folder:
        trees = {"this checkout": str(ROOT)}
        if against:
            archive = subprocess.run(["git", "archive", against], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
            trees[against] = folder
        times: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for _ in range(runs):
            for name, tree in trees.items():
                command = [PYTHON, str(ROOT / "bench" / "index_stages.py"), "--papers", papers, "--tree", tree]
                output = subprocess.run([*command, "--cell-size", str(cell_size)], capture_output=True, check=True)
                times[name].append(json.loads(output.stdout.decode().splitlines()[-1]))
    figures = []
    cells = f", cells of {cell_size:,}" if cell_size else ""
    for stage in times["this checkout"][0]:
        medians = {name: statistics.median(run.get(stage, 0.0) for run in runs_) for name, runs_ in times.items()}
        unit = "" if "MiB" in stage else " s"
        value = "  vs  ".join(f"{medians[name]:,.1f}{unit} ({name})" for name in trees)
        if against and medians[against] and medians["this checkout"]:
            value += f"  = {medians[against] / medians['this checkout']:.2f}x"
        figures.append(Figure("index stages", f"{papers} papers{cells}: {stage}", value))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k", help="synthetic corpus size")
    parser.add_argument("--queries", type=int, default=2000, help="query papers for recall")
    parser.add_argument(
        "--exact-share",
        type=float,
        default=1.0,
        help="time the exact search on this share of the"
        " papers as queries and scale up (it is linear in the queries); 0 skips it",
    )
    parser.add_argument("--stages", help="time the index stages on a store of this many papers instead")
    parser.add_argument("--cell-size", type=int, default=0, help="with --stages: papers per cell (0: sqrt of papers)")
    parser.add_argument("--against", help="with --stages: a commit to time too, interleaved")
    parser.add_argument("--runs", type=int, default=3, help="with --stages: runs of each (median)")
    args = parser.parse_args()
    if args.stages:
        figures = stages(args.stages, args.cell_size, args.against, args.runs)
        print(machine())
        print_table(figures)
        return 0
    figures = []
    rng = np.random.default_rng(0)
    if REAL.exists():
        ids, texts = texts_of(REAL)
        model, tfidf, vectors = index_of(texts)
        queries = np.sort(rng.choice(len(ids), min(args.queries, len(ids)), replace=False))
        for cell_size in (None, 20):
            value, probed = recall(ids, model, tfidf, vectors, queries, cell_size)
            size = cell_size or math.isqrt(len(ids))
            figures.append(Figure(
                "text index", f"recall@20, {len(ids):,} real abstracts, cells of ~{size:,} ({probed:.1%} probed)",
                f"{value:.3f}", ">= 0.9", value >= 0.9,
            ))  # fmt: skip
    size = parse_size(args.size)
    ids, texts = texts_of(corpus_file(size))
    start = time.perf_counter()
    model, tfidf, vectors = index_of(texts)
    del texts
    figures.append(
        Figure("text index", f"fit (sample) and place {size:,} synthetic", f"{time.perf_counter() - start:.1f} s")
    )
    queries = np.sort(rng.choice(len(ids), min(args.queries, len(ids)), replace=False))
    value, probed = recall(ids, model, tfidf, vectors, queries, None)
    figures.append(Figure(
        "text index", f"recall@20, {size:,} synthetic, cells of ~{math.isqrt(size):,} ({probed:.1%} probed)",
        f"{value:.3f}", ">= 0.9", value >= 0.9,
    ))  # fmt: skip
    approximate = whole_corpus(ids, model, tfidf, vectors, approximate=True)
    figures.append(Figure("text index", f"nearest papers of all {size:,}, in cells", f"{approximate:.1f} s"))
    if args.exact_share > 0:
        exact = whole_corpus(ids, model, tfidf, vectors, approximate=False, share=args.exact_share)
        scaled = f" (timed on {args.exact_share:.0%} of them, scaled)" if args.exact_share < 1 else ""
        figures.append(Figure("text index", f"nearest papers of all {size:,}, exact{scaled}", f"{exact:.1f} s"))
        figures.append(Figure("text index", "exact vs in cells", f"{exact / approximate:.1f}x"))
    print(machine())
    print_table(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
