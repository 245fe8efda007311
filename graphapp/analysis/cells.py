"""Approximate nearest vectors for a large store: the vectors grouped into cells around k-means centroids (an
inverted file), each query compared only with the vectors of its few nearest cells.

Comparing every paper's LSA vector with every other grows with the square of the papers (a million papers are
10^12 products and as many values to rank). Grouped into cells of about the square root of the papers each (a
million papers: 1,000 cells of 1,000), a query is compared with the centroids and with the papers of its
:data:`PROBES` nearest cells, a few thousand: the whole index grows with the papers to the power 1.5. Papers
whose vectors are close land in the same or neighbouring cells, so few true nearest papers are missed
(``bench/bench_text_index.py`` measures how few, against the exact search). The work goes cell by cell: each
cell's vectors are compared with all the queries probing it in one matrix product. Ranking every cosine was
most of the time; each query first gets a floor (the cosine of its ``width``-th best in its nearest cell), and
only the cosines reaching it (~2% of them) are kept and ranked, which finds the same candidates.

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
from collections.abc import Iterator
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
#: Queries sought at a time: each cell is compared with this block's queries that probe it (a block's kept
#: cosines: ~500 per query on the synthetic 200k in cells of 1,000, ~40 MB).
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
        probing it in one matrix product, and each query keeps the cosines reaching its floor."""
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
        closeness = queries @ self.centroids.T
        probed = np.argpartition(-closeness, probes - 1, axis=1)[:, :probes]
        nearest = np.argmax(closeness, axis=1)
        own_slot = np.where(own >= 0, self.slots[np.maximum(own, 0)], -1)  # where each query's own vector is
        # A floor per query: the width-th best cosine in its nearest cell. The width best over all its probed
        # cells are at least as alike, so only the cosines reaching it are kept (a few per cell, not all).
        floor = np.full(len(queries), -np.inf, np.float32)
        for cell, asking in self._askers(nearest):
            scores = self._scores(queries, own_slot, cell, asking)
            if scores.shape[1] > width:
                floor[asking] = np.partition(scores, -width, axis=1)[:, -width]
        kept_query, kept_member, kept_cosine = [], [], []
        for cell, asking in self._askers(probed.ravel(), probes):
            scores = self._scores(queries, own_slot, cell, asking)
            rows, columns = np.divmod(np.flatnonzero(scores >= floor[asking, None]), scores.shape[1])
            kept_query.append(asking[rows])
            kept_member.append(self.members[self.starts[cell] + columns])
            kept_cosine.append(scores[rows, columns])
        return self._best(len(queries), width, kept_query, kept_member, kept_cosine)

    def _askers(self, cells: np.ndarray, probes: int = 1) -> Iterator[tuple[int, np.ndarray]]:
        """Each non-empty cell with the queries asking for it (``cells`` holds ``probes`` cells per query)."""
        order = np.argsort(cells, kind="stable")
        bounds = np.searchsorted(cells[order], np.arange(len(self.centroids) + 1))
        for cell in np.flatnonzero(np.diff(bounds)).tolist():
            if self.starts[cell] < self.starts[cell + 1]:
                yield cell, order[bounds[cell] : bounds[cell + 1]] // probes

    def _scores(self, queries: np.ndarray, own_slot: np.ndarray, cell: int, asking: np.ndarray) -> np.ndarray:
        """The cosines of the asking queries with one cell's vectors; a query's own vector at -inf."""
        begin, end = self.starts[cell], self.starts[cell + 1]
        scores = queries[asking] @ self.by_cell[begin:end].T
        mine = own_slot[asking]
        inside = (mine >= begin) & (mine < end)
        scores[np.flatnonzero(inside), mine[inside] - begin] = -np.inf
        return scores

    @staticmethod
    def _best(
        count: int, width: int, queries: list[np.ndarray], members: list[np.ndarray], cosines: list[np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each query's ``width`` best (member, cosine) pairs among those kept, best first."""
        query = np.concatenate(queries)
        cosine = np.concatenate(cosines)
        found = np.isfinite(cosine)  # a query's own vector, kept when its nearest cell is too small for a floor
        # by query, then most alike first: one sort of query - cosine / 4 (a cosine is within [-1, 1], exact in float64)
        order = np.flatnonzero(found)[np.argsort(query[found] - cosine[found] / 4.0)]
        query, member, cosine = query[order], np.concatenate(members)[order], cosine[order]
        first = np.searchsorted(query, np.arange(count))
        rank = np.arange(len(query)) - first[query]
        keep = rank < width
        picked = np.zeros((count, width), np.int64)
        best = np.full((count, width), -np.inf, np.float32)
        picked[query[keep], rank[keep]] = member[keep]
        best[query[keep], rank[keep]] = cosine[keep]
        return picked, best
