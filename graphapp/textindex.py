"""The store's text index: the text model, each paper's LSA vector and its nearest papers, kept current at ingest.

Ingest calls :func:`update_text_index` with the papers it wrote, in the same transaction. New papers (and papers
whose title or abstract changed) get a vector and their nearest papers, and enter the lists of those neighbours
that they beat, so a query never computes similarities over the whole store. The model is fitted again, and every
list rebuilt, when there is none yet or the store has grown to :data:`REFIT_GROWTH` times the papers it was fitted
on (a vocabulary fitted on the 360 bundled papers would not know the words of 20,000 new ones).

A large store stays within bounded time and memory. The model is fitted on at most :data:`FIT_SAMPLE` papers
spread evenly over the store (every n-th in id order) and every paper is then placed with it in chunks: the IDF
of a word named by a fraction f of the papers is ln(1/f), and 50,000 papers estimate any f that matters (a word
in 20 of them or more) within a quarter or better, while the 100 LSA axes are the directions the most common
word patterns span, which a sample of that size already fixes. Nearest papers are found in cells
(:mod:`graphapp.analysis.cells`) once comparing every new paper with every stored one would exceed
:data:`~graphapp.analysis.cells.EXACT_COMPARISONS` (a first ingest of more than 50,000 papers), query block by
query block; below that the exact search runs, and its answers are the same as ever.

>>> from graphapp.model import Paper
>>> from graphapp.store import Store
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_papers([(Paper("a", "Graph networks for molecules", "graph molecule atoms"), []),
...                       (Paper("b", "Molecule graphs", "atoms bonds graph molecule"), []),
...                       (Paper("c", "Speech", "speech audio recognition"), [])])
...     update_text_index(store, ["a", "b", "c"]).rebuilt
True
>>> [other for other, _ in store.nearest(["a"])["a"]]
['b']
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

from graphapp.analysis.cells import Cells, exact_is_cheap
from graphapp.analysis.text import (
    NEIGHBOURS,
    Neighbour,
    TextModel,
    merge_neighbours,
    nearest_lists,
    nearest_papers,
    paper_text,
    problem_text,
    vectors_from_bytes,
)
from graphapp.store import Store

#: Fit the model again once the store holds this many times the papers it was fitted on.
REFIT_GROWTH = 2.0
#: Papers the model is fitted on, at most (spread evenly over the store); every paper is placed with it.
FIT_SAMPLE = 50_000
#: Papers read, placed and written at a time in a large store, and query papers looked up at a time.
CHUNK = 50_000


@dataclass(frozen=True, slots=True)
class TextIndexUpdate:
    """What one update did: papers given a vector and neighbours, and whether the whole index was rebuilt."""

    papers: int
    rebuilt: bool


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _texts(store: Store, ids: Collection[str] | None) -> tuple[list[str], list[str]]:
    rows = list(store.paper_texts(ids))
    return [pid for pid, _, _ in rows], [paper_text(title, abstract) for _, title, abstract in rows]


def update_text_index(store: Store, paper_ids: Collection[str] | None = None) -> TextIndexUpdate:
    """Bring the text index up to date after ``paper_ids`` were written (call inside the same transaction);
    None rebuilds it from scratch."""
    record = store.text_model_record()
    total = store.paper_count()
    if paper_ids is None or record is None or total >= REFIT_GROWTH * max(record[3], 1):
        return _rebuild(store)
    model = model_of(store)
    assert model is not None  # a model record exists (checked above)
    ids, texts = _texts(store, paper_ids)
    stored = store.vector_digests(ids)
    changed = [(pid, text) for pid, text in zip(ids, texts, strict=True) if stored.get(pid) != _digest(text)]
    if not changed:
        return TextIndexUpdate(0, rebuilt=False)
    new_ids = [pid for pid, _ in changed]
    tfidf = model.tfidf(text for _, text in changed)
    vectors = model.embed(tfidf)
    store.put_paper_vectors((pid, _digest(text), vectors[row].tobytes()) for row, (pid, text) in enumerate(changed))
    rewritten = [pid for pid in new_ids if pid in stored]
    if rewritten:  # their old text no longer says what the lists holding them were ranked on
        store.drop_from_nearest(rewritten)
        store.put_nearest({pid: [] for pid in rewritten})  # and their own lists are found again
    corpus_ids, blobs = store.paper_vectors()
    corpus_vectors = vectors_from_bytes(blobs, len(model.components))
    del blobs
    cells = None if exact_is_cheap(len(new_ids), len(corpus_ids)) else Cells.build(corpus_vectors)
    for start in range(0, len(new_ids), CHUNK):
        block = slice(start, start + CHUNK)
        found = nearest_papers(
            model,
            new_ids[block],
            tfidf[block],
            corpus_ids,
            corpus_vectors,
            _stored_rows(store, model, corpus_ids),
            cells=cells,
        )
        pairs = [neighbour for ranked in found.values() for neighbour in ranked]
        concerned = set(found) | {n.other for n in pairs}
        current = {
            paper: [Neighbour(paper, other, similarity) for other, similarity in ranked]
            for paper, ranked in store.nearest(concerned).items()
        }
        merged = merge_neighbours(current, pairs, NEIGHBOURS)
        store.put_nearest({paper: [(n.other, n.similarity) for n in ranked] for paper, ranked in merged.items()})
    return TextIndexUpdate(len(changed), rebuilt=False)


def _stored_rows(
    store: Store, model: TextModel, corpus_ids: Sequence[str]
) -> Callable[[np.ndarray], sparse.csr_matrix]:
    """The TF-IDF rows of the corpus papers at given positions, from their stored text (each paper read once)."""

    def rows(at: np.ndarray) -> sparse.csr_matrix:
        unique, inverse = np.unique(at, return_inverse=True)
        if not len(unique):
            return _empty(model)
        return model.tfidf(_texts(store, [corpus_ids[i] for i in unique.tolist()])[1])[inverse]

    return rows


def _empty(model: TextModel) -> sparse.csr_matrix:
    return sparse.csr_matrix((0, len(model.vocabulary)), dtype=np.float32)


def _chunks(store: Store, size: int = CHUNK) -> Iterator[tuple[list[str], list[str]]]:
    """Every paper's id and text (:func:`paper_text`), in id order, ``size`` papers at a time."""
    rows = store.paper_texts(None)
    while chunk := list(itertools.islice(rows, size)):
        yield [pid for pid, _, _ in chunk], [paper_text(title, abstract) for _, title, abstract in chunk]


def _rebuild(store: Store) -> TextIndexUpdate:
    total = store.paper_count()
    step = -(-total // FIT_SAMPLE)  # every paper up to FIT_SAMPLE papers, every step-th beyond
    sample = [
        paper_text(title, abstract) for _, title, abstract in itertools.islice(store.paper_texts(None), 0, None, step)
    ]
    model = replace(TextModel.fit(sample), papers=total)  # refitted when the store, not the sample, has grown
    del sample
    store.put_text_model(*model.to_record())
    store.clear_text_index()
    ids: list[str] = []
    parts: list[sparse.csr_matrix] = []
    vector_parts: list[np.ndarray] = []
    for chunk_ids, texts in _chunks(store):
        tfidf = model.tfidf(texts)
        vectors = model.embed(tfidf)
        vector_parts.append(vectors)
        store.put_paper_vectors(
            (pid, _digest(text), vectors[row].tobytes())
            for row, (pid, text) in enumerate(zip(chunk_ids, texts, strict=True))
        )
        ids += chunk_ids
        parts.append(tfidf)
    tfidf = sparse.vstack(parts, format="csr") if parts else _empty(model)
    vectors = np.vstack(vector_parts) if vector_parts else model.embed(tfidf)
    del parts, vector_parts
    if exact_is_cheap(len(ids), len(ids)):
        store.put_rebuilt_nearest([nearest_lists(model, ids, tfidf, ids, vectors)])
        return TextIndexUpdate(len(ids), rebuilt=True)
    cells = Cells.build(vectors)
    blocks = (slice(start, start + CHUNK) for start in range(0, len(ids), CHUNK))
    store.put_rebuilt_nearest(
        nearest_lists(model, ids[block], tfidf[block], ids, vectors, tfidf.__getitem__, cells=cells) for block in blocks
    )
    return TextIndexUpdate(len(ids), rebuilt=True)


_models: dict[tuple[str, str], TextModel] = {}
_models_lock = threading.Lock()


def model_of(store: Store) -> TextModel | None:
    """The store's text model (kept in memory per store file and model), or None before the first ingest."""
    stamp = store.text_model_stamp()
    if stamp is None:
        return None
    key = (store.path, stamp)
    with _models_lock:
        if key not in _models:
            if store.path == ":memory:":
                _models.clear()  # one in-memory store's model does not outlive the next
            record = store.text_model_record()
            if record is None:  # replaced between the two reads: the next call reads the new one
                return None
            _models[key] = TextModel.from_record(*record[:4])
        return _models[key]


@dataclass(frozen=True, slots=True)
class TextMatrix:
    """Papers' TF-IDF rows and LSA vectors, their titles' and their problem statements' TF-IDF rows
    (:func:`~graphapp.analysis.text.problem_text`), for comparing them at query time."""

    ids: list[str]
    tfidf: sparse.csr_matrix
    vectors: np.ndarray
    titles: sparse.csr_matrix
    problems: sparse.csr_matrix
    texts: list[tuple[str, str, str]]
    """The papers' (id, title, abstract) as read, for what else a query derives from them."""

    def row(self, paper: str) -> tuple[sparse.csr_matrix, np.ndarray]:
        index = self.ids.index(paper)
        return self.tfidf[index], self.vectors[index]


def text_matrix(store: Store, model: TextModel, paper_ids: Sequence[str]) -> TextMatrix:
    """The given papers' TF-IDF rows (from their stored text), stored LSA vectors, and titles' and problem
    statements' TF-IDF rows, in id order."""
    rows = list(store.paper_texts(paper_ids))
    ids = [pid for pid, _, _ in rows]
    tfidf = model.tfidf(paper_text(title, abstract) for _, title, abstract in rows)
    vector_ids, blobs = store.paper_vectors(ids)
    vectors = vectors_from_bytes(blobs, len(model.components))
    if vector_ids != ids:  # a paper written before the index existed: place it with the model now
        vectors = model.embed(tfidf)
    titles = model.tfidf(title for _, title, _ in rows)
    problems = model.tfidf(problem_text(title, text) for _, title, text in rows)
    return TextMatrix(ids, tfidf, vectors, titles, problems, rows)
