"""Approximate nearest vectors for a large store: the vectors grouped into cells around k-means centroids (an
inverted file), each query compared only with the vectors of its few nearest cells.

Comparing every paper's LSA vector with every other grows with the square of the papers (a million papers are
10^12 products and as many values to rank). Grouped into cells of about the square root of the papers each (a
million papers: 1,000 cells of 1,000), a query is compared with the centroids and with the papers of its
:data:`PROBES` nearest cells, a few thousand: the whole index grows with the papers to the power 1.5. Papers
whose vectors are close land in the same or neighbouring cells, so few true nearest papers are missed
(``bench/bench_text_index.py`` measures how few, against the exact search). The work goes cell by cell: each
cell's vectors are compared with all the queries probing it in one matrix product.

>>> rng = np.random.default_rng(0)
>>> vectors = rng.normal(size=(2000, 8)).astype(np.float32)
>>> vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
>>> cells = Cells.build(vectors, cell_size=100)
>>> picked, cosines = cells.candidates(vectors[:3], np.array([0, 1, 2]), width=5)
>>> exact = np.argsort(-(vectors[:3] @ vectors.T), axis=1)[:, 1:6]  # the first is the query itself
>>> bool((np.sort(picked, axis=1) == np.sort(exact, axis=1)).all())
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: Above this many query-paper comparisons (50,000 papers against each other), nearest papers are found in
#: cells rather than by comparing every pair: below it the exact search takes seconds and its answers are kept.
EXACT_COMPARISONS = 50_000**2
#: Papers per cell, on average; None: the square root of the papers (a million papers: 1,000 cells of 1,000),
#: which balances comparing a query with every centroid against comparing it with the papers of its cells.
CELL_SIZE: int | None = None
#: Cells each query is compared with (its nearest by centroid): on the 20k real abstracts in 1,000 cells (the
#: cells of a million-paper store), 32 probed find 92% of the exact nearest papers (48: 95%, 24: 90%, 12: 82%).
PROBES = 32
#: Rounds of k-means, and the papers sampled per cell to fit the centroids on.
ROUNDS = 10
SAMPLE_PER_CELL = 40
#: Rows of a matrix product at a time, to bound its memory.
_BLOCK = 8_192
#: Queries sought at a time: each cell is compared with this block's queries that probe it, and each query keeps
#: its width best in each probed cell (4,096 x PROBES x 60 candidates: ~95 MB).
_QUERIES = 4_096


def exact_is_cheap(queries: int, corpus: int) -> bool:
    """Whether comparing every query with every corpus paper stays within :data:`EXACT_COMPARISONS`."""
    return queries * corpus <= EXACT_COMPARISONS


def _nearest_centroid(vectors: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    found = np.empty(len(vectors), np.int64)
    for start in range(0, len(vectors), _BLOCK):
        found[start : start + _BLOCK] = np.argmax(vectors[start : start + _BLOCK] @ centroids.T, axis=1)
    return found


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.where(norms > 0, norms, 1)).astype(np.float32)


@dataclass(frozen=True)
class Cells:
    """Corpus vectors grouped by their nearest centroid (spherical k-means: the vectors are unit length, and
    nearness is their cosine)."""

    centroids: np.ndarray
    """One unit row per cell."""
    members: np.ndarray
    """Corpus positions sorted by cell: cell ``c`` holds ``members[starts[c]:starts[c + 1]]``."""
    starts: np.ndarray
    by_cell: np.ndarray
    """The corpus's vectors in the order of ``members``: a cell's vectors are one slice."""
    slots: np.ndarray
    """Where each corpus position is in ``members``."""

    @classmethod
    def build(cls, vectors: np.ndarray, *, cell_size: int | None = None, seed: int = 0) -> Cells:
        """Fit ``len(vectors) / cell_size`` (default :data:`CELL_SIZE`) centroids on a sample of the vectors
        (deterministic for a seed) and put every vector in the cell of its nearest one."""
        size = cell_size or CELL_SIZE or max(1, math.isqrt(len(vectors)))
        count = max(1, len(vectors) // size)
        rng = np.random.default_rng(seed)
        sample_size = min(len(vectors), count * SAMPLE_PER_CELL)
        sample = vectors[np.sort(rng.choice(len(vectors), sample_size, replace=False))]
        centroids = sample[np.sort(rng.choice(len(sample), count, replace=False))].copy()
        for _ in range(ROUNDS):
            home = _nearest_centroid(sample, centroids)
            sums = np.zeros_like(centroids)
            np.add.at(sums, home, sample)
            filled = np.bincount(home, minlength=count) > 0
            centroids[filled] = _unit(sums[filled])  # an empty cell keeps its centroid
        home = _nearest_centroid(vectors, centroids)
        members = np.argsort(home, kind="stable")
        starts = np.searchsorted(home[members], np.arange(count + 1))
        slots = np.empty_like(members)
        slots[members] = np.arange(len(members))
        return cls(centroids, members, starts, np.ascontiguousarray(vectors[members]), slots)

    def candidates(
        self, queries: np.ndarray, own: np.ndarray, width: int, probes: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each query's ``width`` most alike corpus vectors among those of its :data:`PROBES` nearest cells (its
        own corpus position ``own``, or -1, left out): their positions and cosines, one row per query (a column
        of -inf cosine stands for none, when the cells hold fewer vectors).

        Cell by cell, for a block of queries at a time: each cell's vectors are compared with the queries
        probing it in one matrix product, and each query keeps the ``width`` best of each of its cells."""
        from threadpoolctl import threadpool_limits

        probes = min(probes or PROBES, len(self.centroids))
        width = max(width, 1)
        picked = np.zeros((len(queries), width), np.int64)
        cosines = np.full((len(queries), width), -np.inf, np.float32)
        # Products of a few hundred rows: BLAS threads would spin waiting for work (20x the CPU time, measured).
        with threadpool_limits(1, user_api="blas"):
            for start in range(0, len(queries), _QUERIES):
                block = slice(start, start + _QUERIES)
                picked[block], cosines[block] = self._block(queries[block], own[block], width, probes)
        return picked, cosines

    def _block(self, queries: np.ndarray, own: np.ndarray, width: int, probes: int) -> tuple[np.ndarray, np.ndarray]:
        nearest = np.argpartition(-(queries @ self.centroids.T), probes - 1, axis=1)[:, :probes].ravel()
        found = np.zeros((len(nearest), width), np.int64)  # one row per (query, probed cell)
        found_cosine = np.full((len(nearest), width), -np.inf, np.float32)
        order = np.argsort(nearest, kind="stable")
        own_slot = np.where(own >= 0, self.slots[np.maximum(own, 0)], -1)  # where each query's own vector is
        bounds = np.searchsorted(nearest[order], np.arange(len(self.centroids) + 1))
        for cell in np.flatnonzero(np.diff(bounds)):
            begin, end = self.starts[cell], self.starts[cell + 1]
            if begin == end:
                continue
            entries = order[bounds[cell] : bounds[cell + 1]]
            asking = entries // probes
            scores = queries[asking] @ self.by_cell[begin:end].T
            members = self.members[begin:end]
            mine = own_slot[asking]  # a query in this cell does not find itself
            inside = (mine >= begin) & (mine < end)
            scores[np.flatnonzero(inside), mine[inside] - begin] = -np.inf
            keep = min(width, end - begin)
            top = np.argpartition(-scores, keep - 1, axis=1)[:, :keep] if keep < end - begin else None
            found[entries, :keep] = members[top] if top is not None else members
            found_cosine[entries, :keep] = np.take_along_axis(scores, top, axis=1) if top is not None else scores
        found = found.reshape(len(queries), probes * width)
        found_cosine = found_cosine.reshape(len(queries), probes * width)
        best = np.argpartition(-found_cosine, width - 1, axis=1)[:, :width]
        return np.take_along_axis(found, best, axis=1), np.take_along_axis(found_cosine, best, axis=1)
