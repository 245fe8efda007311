"""Benchmarks 1 and 2: the speed of what `graphapp extract` runs, against spaCy's PhraseMatcher and a raw scan.

All three read the same papers and know the same names (every surface of the project's vocabulary), on two
corpora: the real one (``shared/corpus/arxiv_abstracts_20k.jsonl.gz``, 20k arXiv abstracts, when the shared
folder sits next to the checkout) and the synthetic one of ``bench/corpus.py``:

* **extract path** (what users run): a fresh ``Extractor.default()`` learns from every title and abstract,
  then each paper is extracted with its evidence sentences and made into its JSON line (``predict_all``, what
  ``graphapp extract`` writes, in one process). Timed together; the learning pass and extraction + evidence +
  lines are also shown apart.
* **extract path, ``--workers N``**: the same with a reader process and N worker processes (``ProcessRunner``,
  what ``graphapp extract --workers N`` runs; process start-up included).
* **spaCy PhraseMatcher** (the peer): ``spacy.blank("en")`` tokenises, ``PhraseMatcher(attr="LOWER")``
  finds the names; no model download. Goal (issue 16): the extract path is at least 5x faster.
* **spaCy PhraseMatcher, N processes**: the same matcher in a pool of N forked processes, chunks of 1,000 texts
  (pool start-up included): the like-for-like peer of ``--workers N``.
* **raw scan** (the floor): one pyahocorasick pass over the lowercased text with word-boundary checks,
  and nothing else: no learning, links, citations, patterns, roles or evidence. Goal: the extract path
  keeps at least 35% of its rate (one process each).

Reading the files is left out for all of them (the reader process of ``--workers N`` hands out papers already read).
The contenders run interleaved (each round runs all of them, in an order that rotates between rounds), so load from
other processes falls on all of them alike, and each figure is the median of ``--repeat`` rounds. The ratios are
given twice: by wall-clock time, and by the CPU time each contender used (``os.times``, its worker processes
included), which other processes' load stretches far less: on a busy machine the wall-clock ratios of two runs can
differ by a third, the CPU ones by a few percent. Several processes only shorten the wall clock when the machine
has idle cores: on a machine other jobs keep busy, their wall-clock figures say little.

Dev F1 is scored with ``shared/tools/score_extraction.py`` on ``shared/eval/seed_gold.jsonl``: micro-F1 over
all six types, and over the four vocabulary types only (the PhraseMatcher finds no links or citations, so
the second is its fairer comparison).

    python bench/bench_extract.py --size 20k    # 20k real and 20k synthetic papers, median of 3
    python bench/bench_extract.py --quick       # 1,000 of each: a check in under a minute
    python bench/bench_extract.py --workers 4   # the multi-process contenders on 4 processes (default 2)
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ahocorasick

from bench.common import ROOT, Figure, machine, print_table
from bench.corpus import corpus_file, parse_size
from extractors import Extractor
from extractors.vocabulary import load_vocabulary
from graphapp.ingest import read_papers
from graphapp.model import IngestError, Paper
from graphapp.parallel import ProcessRunner, SerialRunner
from graphapp.pipeline import Batches, Item, paper_occurrences, predict_all

VOCAB_TYPES = ("dataset", "model", "method", "task")
ALL_TYPES = ("url", "citation", *VOCAB_TYPES)
#: Papers of each corpus with --quick (and in `make bench`).
QUICK_SIZE = 1_000
#: Processes of the multi-process contenders unless --workers says otherwise: the 2 cores the goals are set on.
DEFAULT_WORKERS = 2
#: Texts per task of the spaCy pool.
POOL_CHUNK = 1_000


def shared_folder() -> Path | None:
    """The project's shared folder (eval sets, scorer), next to the checkout or to its worktree folder."""
    for candidate in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if (candidate / "eval" / "seed_gold.jsonl").exists():
            return candidate
    return None


def vocabulary_surfaces() -> list[tuple[str, str, str]]:
    """(surface, type, canonical name) for every surface of every entity the extractor knows by default."""
    return [(surface, entity.type, entity.name) for entity in load_vocabulary() for surface in entity.surfaces()]


class PhraseMatcherPeer:
    """spaCy's rule-based matcher on a blank English pipeline, given the vocabulary's surfaces."""

    def __init__(self, surfaces: list[tuple[str, str, str]]) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.entities: dict[int, tuple[str, str]] = {}
        by_key: dict[str, list] = {}
        for surface, etype, name in surfaces:
            key = f"{etype}\t{name}"
            by_key.setdefault(key, []).append(self.nlp.make_doc(surface))
        for key, patterns in by_key.items():
            self.matcher.add(key, patterns)
            etype, name = key.split("\t")
            self.entities[self.nlp.vocab.strings[key]] = (etype, name)

    def extract_all(self, texts: Iterable[str]) -> list[list[dict[str, str]]]:
        found = []
        for doc in self.nlp.pipe(texts, batch_size=256):
            spans = self.matcher(doc, as_spans=True)
            found.append(
                [{"type": self.entities[s.label][0], "name": self.entities[s.label][1], "text": s.text} for s in spans]
            )
        return found


#: The matcher a pool's forked processes use (set before the pool starts, inherited by fork, never pickled).
_POOL_PEER: PhraseMatcherPeer | None = None


def _pool_extract(texts: list[str]) -> list[list[dict[str, str]]]:
    assert _POOL_PEER is not None, "the pool's processes inherit the matcher by fork"
    return _POOL_PEER.extract_all(texts)


def pooled_extract_all(peer: PhraseMatcherPeer, texts: list[str], workers: int) -> list[list[dict[str, str]]]:
    """The PhraseMatcher on ``workers`` forked processes, chunk by chunk, results in input order."""
    global _POOL_PEER
    _POOL_PEER = peer
    chunks = [texts[start : start + POOL_CHUNK] for start in range(0, len(texts), POOL_CHUNK)]
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        found = [spans for part in pool.map(_pool_extract, chunks) for spans in part]
    finally:
        pool.close()
        pool.join()  # joined, so that os.times counts the pool's CPU
    return found


class RawScan:
    """The floor: one Aho-Corasick pass over the lowercased text, longest names, whole words only."""

    def __init__(self, surfaces: list[tuple[str, str, str]]) -> None:
        self.automaton = ahocorasick.Automaton()
        for surface, etype, name in surfaces:
            self.automaton.add_word(surface.lower(), (len(surface), etype, name))
        self.automaton.make_automaton()

    def extract(self, text: str) -> list[tuple[int, int, str, str]]:
        lowered = text.lower()
        found = []
        for last, (length, etype, name) in self.automaton.iter_long(lowered):
            start, end = last - length + 1, last + 1
            if (start == 0 or not lowered[start - 1].isalnum()) and (end == len(lowered) or not lowered[end].isalnum()):
                found.append((start, end, etype, name))
        return found


def load_papers(size: int) -> list[Paper]:
    """The generated papers of the synthetic corpus of ``size``."""
    return [item for item in read_papers(corpus_file(size)) if isinstance(item, Paper)]


def dev_f1(predict: Callable[[list[Paper]], list[list[dict]]], shared: Path) -> dict[str, float]:
    """Micro-F1 of a predictor on the seed gold set, over all types and over the vocabulary types."""
    spec = importlib.util.spec_from_file_location("score_extraction", shared / "tools" / "score_extraction.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    papers = [json.loads(line) for line in (shared / "eval" / "seed_papers.jsonl").read_text("utf-8").splitlines()]
    records = [Paper(str(p["id"]), p.get("title", ""), p.get("abstract", "")) for p in papers]
    predictions = {paper.id: found for paper, found in zip(records, predict(records), strict=True)}
    gold = scorer.load(shared / "eval" / "seed_gold.jsonl", None)
    scores = {}
    for label, types in (("all", ALL_TYPES), ("vocab", VOCAB_TYPES)):
        stats = scorer.score(gold, predictions, list(types))
        totals = [sum(stats[t][key] for t in types) for key in ("tp", "fp", "fn")]
        scores[label] = scorer.prf(*totals)[2]
    return scores


def predict_with_extractor(papers: list[Paper]) -> list[list[dict]]:
    extractor = Extractor.default()
    extractor.learn(text for paper in papers for text in (paper.title, paper.abstract))
    return [
        [
            {"type": occ.entity_type, "name": occ.name, "text": occ.surface}
            for occ in paper_occurrences(paper, extractor)
        ]
        for paper in papers
    ]


def predict_with_peer(peer: PhraseMatcherPeer) -> Callable[[list[Paper]], list[list[dict]]]:
    def predict(papers: list[Paper]) -> list[list[dict]]:
        titles = peer.extract_all(paper.title for paper in papers)
        abstracts = peer.extract_all(paper.abstract for paper in papers)
        return [title + abstract for title, abstract in zip(titles, abstracts, strict=True)]

    return predict


def real_corpus(shared: Path | None) -> Path | None:
    path = shared / "corpus" / "arxiv_abstracts_20k.jsonl.gz" if shared else None
    return path if path and path.exists() else None


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (worker processes, once joined)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class PassTimes:
    """The papers in batches, noting when each pass over them starts: in one process, the second pass starts when
    learning ends."""

    def __init__(self, papers: list[Paper]) -> None:
        self.batches = Batches(lambda: papers)
        self.starts: list[float] = []

    def __iter__(self) -> Iterator[list[Item]]:
        self.starts.append(time.perf_counter())
        return iter(self.batches)


def extract_path(papers: list[Paper], workers: int = 1) -> tuple[float, float | None, float]:
    """What `graphapp extract` computes (``predict_all``: learn, then extract with evidence and make the JSON lines),
    on a fresh default extractor, in this process or with ``workers`` worker processes: wall seconds, seconds of the
    learning pass (in this process only: worker processes read the batches themselves), and CPU seconds (worker
    processes included)."""
    extractor = Extractor.default()
    batches = PassTimes(papers)
    start, cpu = time.perf_counter(), cpu_seconds()
    with ProcessRunner(workers) if workers > 1 else SerialRunner() as runner:
        results = [line for batch in predict_all(extractor, batches, runner) for line in batch]
    done, cpu = time.perf_counter(), cpu_seconds() - cpu
    failed = sum(isinstance(result, IngestError) for result in results)
    if failed:
        raise RuntimeError(f"{failed} papers failed to extract: the timing would not be of the normal path")
    learning = batches.starts[1] - start if workers == 1 else None
    return done - start, learning, cpu


def timed(function: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call (its child processes included)."""
    start, cpu = time.perf_counter(), cpu_seconds()
    function()
    return time.perf_counter() - start, cpu_seconds() - cpu


def interleaved(contenders: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[object]]:
    """Each contender's results over ``repeat`` rounds; every round runs all of them, the first of the
    previous round last, so no contender always runs on a cold (or a warm) machine."""
    names = list(contenders)
    results: dict[str, list[object]] = {name: [] for name in names}
    for round_number in range(repeat):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(contenders[name]())
    return results


def compare(
    label: str, papers: list[Paper], peer: PhraseMatcherPeer, raw: RawScan, repeat: int, workers: int
) -> list[Figure]:
    """The contenders on one corpus, interleaved, median of ``repeat`` rounds."""
    texts = [text for paper in papers for text in (paper.title, paper.abstract)]
    runs = interleaved(
        {
            "ours": lambda: extract_path(papers),
            "ours xN": lambda: extract_path(papers, workers),
            "spacy": lambda: timed(lambda: peer.extract_all(texts)),
            "spacy xN": lambda: timed(lambda: pooled_extract_all(peer, texts, workers)),
            "raw": lambda: timed(lambda: [raw.extract(text) for text in texts]),
        },
        repeat,
    )
    rate, cpu_rate = {}, {}
    for name, rounds in runs.items():
        rate[name] = len(papers) / statistics.median(run[0] for run in rounds)
        cpu_rate[name] = len(papers) / statistics.median(run[-1] for run in rounds)
    learn_s = statistics.median(learning for _, learning, _ in runs["ours"])
    extract_s = len(papers) / rate["ours"] - learn_s
    tag = f"{label}, {len(papers):,} papers"
    n = f"{workers} processes"
    figures = [
        Figure("1+2 extract", f"spaCy PhraseMatcher, {tag}", f"{rate['spacy']:,.0f} papers/s"),
        Figure("1+2 extract", f"spaCy PhraseMatcher on {n}, {tag}", f"{rate['spacy xN']:,.0f} papers/s"),
        Figure("1+2 extract", f"raw Aho-Corasick scan, {tag}", f"{rate['raw']:,.0f} papers/s"),
        Figure("1+2 extract", f"extract path (learn + extract + evidence), {tag}", f"{rate['ours']:,.0f} papers/s"),
        Figure("1+2 extract", f"  of which learning pass, {tag}", f"{len(papers) / learn_s:,.0f} papers/s"),
        Figure(
            "1+2 extract",
            f"  of which extraction + evidence + lines, {tag}",
            f"{len(papers) / extract_s:,.0f} papers/s",
        ),
        Figure("1+2 extract", f"extract path, --workers {workers}, {tag}", f"{rate['ours xN']:,.0f} papers/s"),
    ]
    for clock, rates in (("wall clock", rate), ("CPU time", cpu_rate)):
        figures += [
            Figure(
                "1 extract",
                f"extract path vs spaCy PhraseMatcher, {label} ({clock})",
                f"{rates['ours'] / rates['spacy']:.2f}x",
                ">= 5x",
                rates["ours"] >= 5 * rates["spacy"],
            ),
            Figure(
                "1 extract",
                f"extract --workers {workers} vs spaCy on {n}, {label} ({clock})",
                f"{rates['ours xN'] / rates['spacy xN']:.2f}x",
                ">= 5x",
                rates["ours xN"] >= 5 * rates["spacy xN"],
            ),
            Figure(
                "1 extract",
                f"extract --workers {workers} vs one process, {label} ({clock})",
                f"{rates['ours xN'] / rates['ours']:.2f}x",
            ),
            Figure(
                "2 extract",
                f"extract path vs raw scan, {label} ({clock})",
                f"{rates['ours'] / rates['raw']:.1%}",
                ">= 35%",
                rates["ours"] >= 0.35 * rates["raw"],
            ),
        ]
    return figures


def run(size: int, repeat: int = 3, workers: int = DEFAULT_WORKERS) -> list[Figure]:
    """The speed figures on ``size`` real papers (at most 20k) and ``size`` synthetic ones, one process and
    ``workers``, and dev F1."""
    surfaces = vocabulary_surfaces()
    peer = PhraseMatcherPeer(surfaces)
    raw = RawScan(surfaces)
    shared = shared_folder()
    figures = [Figure("1+2 extract", "names every contender knows", f"{len(surfaces):,} surfaces")]
    real = real_corpus(shared)
    if real is None:
        figures.append(Figure("1+2 extract", "real corpus", "skipped: no shared/corpus next to the checkout"))
    else:
        papers = list(itertools.islice((item for item in read_papers(real) if isinstance(item, Paper)), size))
        figures += compare("real arXiv", papers, peer, raw, repeat, workers)
    figures += compare("synthetic", load_papers(size), peer, raw, repeat, workers)
    if shared is None:
        figures.append(Figure("1 extract", "dev F1", "skipped: no shared/eval next to the checkout"))
        return figures
    ours = dev_f1(predict_with_extractor, shared)
    theirs = dev_f1(predict_with_peer(peer), shared)
    for label, types in (("all", "6 types"), ("vocab", "dataset/model/method/task")):
        figures.append(
            Figure(
                "1 extract",
                f"seed dev micro-F1, {types}: extractor vs spaCy",
                f"{ours[label]:.3f} vs {theirs[label]:.3f}",
                ">=",
                ours[label] >= theirs[label],
            )
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="20k", help="papers of each corpus (the real one has 20k)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds; each figure is their median")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZE:,} papers of each corpus")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="processes of the multi-process pair")
    args = parser.parse_args()
    print(machine())
    print_table(run(QUICK_SIZE if args.quick else parse_size(args.size), args.repeat, max(args.workers, 2)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
