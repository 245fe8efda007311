"""Approximate nearest vectors for a large store: the vectors grouped into cells around k-means centroids (an
inverted file), each query compared only with the vectors of its few nearest cells.

Comparing every paper's LSA vector with every other grows with the square of the papers (a million papers are
10^12 products and as many values to rank). Grouped into cells of about the square root of the papers each (a
million papers: 1,000 cells of 1,000), a query is compared with the centroids and with the papers of its
:data:`PROBES` nearest cells, a few thousand: the whole index grows with the papers to the power 1.5. Papers
whose vectors are close land in the same or neighbouring cells, so few true nearest papers are missed
(``bench/bench_text_index.py`` measures how few, against the exact search). Queries are taken cell by cell, so a
block of queries shares most of its probed cells and is compared with their union in one matrix product (a
superset of each query's own cells: it can only find more).

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
#: Cells each query is compared with (its nearest by centroid).
PROBES = 12
#: Rounds of k-means, and the papers sampled per cell to fit the centroids on.
ROUNDS = 10
SAMPLE_PER_CELL = 40
#: Rows of a matrix product at a time, to bound its memory.
_BLOCK = 8_192


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

    vectors: np.ndarray
    """The corpus's vectors (one row per paper, unit length)."""
    centroids: np.ndarray
    """One unit row per cell."""
    members: np.ndarray
    """Corpus positions sorted by cell: cell ``c`` holds ``members[starts[c]:starts[c + 1]]``."""
    starts: np.ndarray

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
        return cls(vectors, centroids, members, starts)

    def home(self, queries: np.ndarray) -> np.ndarray:
        """Each query's nearest cell: taking queries in this order lets neighbouring ones share probed cells."""
        return _nearest_centroid(queries, self.centroids)

    def candidates(
        self, queries: np.ndarray, own: np.ndarray, width: int, probes: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each query's ``width`` most alike corpus vectors among those of the cells the block of queries
        probes (its own corpus position ``own``, or -1, left out): their positions and cosines, one row per
        query (fewer columns when the cells hold fewer vectors; a column of -inf cosine stands for none)."""
        probes = min(probes or PROBES, len(self.centroids))
        nearest = np.argpartition(-(queries @ self.centroids.T), probes - 1, axis=1)[:, :probes]
        cells = np.unique(nearest)
        pool = np.concatenate([self.members[self.starts[c] : self.starts[c + 1]] for c in cells])
        scores = queries @ self.vectors[pool].T
        scores[pool[None, :] == own[:, None]] = -np.inf
        width = min(width, len(pool))
        if width <= 0:
            return np.zeros((len(queries), 0), np.int64), np.zeros((len(queries), 0), np.float32)
        picked = np.argpartition(-scores, width - 1, axis=1)[:, :width]
        return pool[picked], np.take_along_axis(scores, picked, axis=1)
