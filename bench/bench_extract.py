"""Benchmarks 1 and 2: the extractor's speed against spaCy's PhraseMatcher and against a raw scan of the names.

All three read the same abstracts and know the same names (every surface of the project's vocabulary):

* **spaCy PhraseMatcher** (the peer): ``spacy.blank("en")`` tokenises, ``PhraseMatcher(attr="LOWER")``
  finds the names; no model download. Goal: the extractor is at least 10x faster, at equal or better F1.
* **raw scan** (the floor): one pyahocorasick pass over the lowercased text with word-boundary checks,
  and nothing else: no links, citations, patterns, roles or evidence. Goal: the extractor keeps at least
  half its rate.
* **extractor**: ``Extractor.default()`` after ``learn`` on the same abstracts, then ``extract_paper`` on
  each title and abstract, as ingest runs it. The learn pass's own rate is reported too.

Dev F1 is scored with ``shared/tools/score_extraction.py`` on ``shared/eval/seed_gold.jsonl`` (when the
shared folder sits next to the checkout): micro-F1 over all six types, and over the four vocabulary
types only (the PhraseMatcher finds no links or citations, so the second is its fairer comparison).

    python bench/bench_extract.py --size 20k
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ahocorasick

from bench.common import ROOT, Figure, best_of, machine, print_table
from bench.corpus import corpus_file, parse_size
from extractors import Extractor
from extractors.vocabulary import load_vocabulary
from graphapp.ingest import read_papers
from graphapp.model import Paper
from graphapp.pipeline import paper_occurrences

VOCAB_TYPES = ("dataset", "model", "method", "task")
ALL_TYPES = ("url", "citation", *VOCAB_TYPES)


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


def load_papers(size: int) -> list[tuple[str, str]]:
    """(title, abstract) of each generated paper."""
    return [(item.title, item.abstract) for item in read_papers(corpus_file(size)) if isinstance(item, Paper)]


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


def run(size: int, repeat: int = 3) -> list[Figure]:
    papers = load_papers(size)
    texts = [text for paper in papers for text in paper]
    surfaces = vocabulary_surfaces()
    peer = PhraseMatcherPeer(surfaces)
    raw = RawScan(surfaces)
    extractor = Extractor.default()
    learn_s = best_of(lambda: extractor.learn(texts), 1)

    spacy_s = best_of(lambda: peer.extract_all(texts), repeat)
    raw_s = best_of(lambda: [raw.extract(text) for text in texts], repeat)
    ours_s = best_of(lambda: [extractor.extract_paper(title, abstract) for title, abstract in papers], repeat)
    rate = {name: len(papers) / seconds for name, seconds in (("spacy", spacy_s), ("raw", raw_s), ("ours", ours_s))}
    label = f"{len(papers):,} papers, {len(surfaces):,} names"
    figures = [
        Figure("1 extract", f"spaCy PhraseMatcher, {label}", f"{rate['spacy']:,.0f} papers/s"),
        Figure("2 extract", f"raw Aho-Corasick scan, {label}", f"{rate['raw']:,.0f} papers/s"),
        Figure("1+2 extract", f"extractor (extract_paper), {label}", f"{rate['ours']:,.0f} papers/s"),
        Figure("1+2 extract", f"extractor learn pass, {label}", f"{len(papers) / learn_s:,.0f} papers/s"),
        Figure(
            "1 extract",
            "extractor vs spaCy PhraseMatcher",
            f"{rate['ours'] / rate['spacy']:.2f}x",
            ">= 10x",
            rate["ours"] >= 10 * rate["spacy"],
        ),
        Figure(
            "2 extract",
            "extractor vs raw scan",
            f"{rate['ours'] / rate['raw']:.1%}",
            ">= 50%",
            rate["ours"] >= 0.5 * rate["raw"],
        ),
    ]
    shared = shared_folder()
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
    parser.add_argument("--size", default="20k", help="generated papers to extract from")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each matcher; the fastest counts")
    args = parser.parse_args()
    print(machine())
    print_table(run(parse_size(args.size), args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
