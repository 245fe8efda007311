"""Papers related to one paper: alike in text and sharing rare entities (:func:`related`), or by the summed
rarity of the entities they share alone (:func:`related_papers`, its candidates and the graph-comparable ranking).

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("a", "A", "x"), [Occurrence("dataset", "X", "uses", "X", "e")])
...     store.put_paper(Paper("b", "B", "x"), [Occurrence("dataset", "X", "uses", "X", "e")])
>>> [(r.paper, r.shared) for r in related_papers(store, "paper:a")]
[('paper:b', ('dataset:X',))]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from graphapp.analysis.scoring import MIN_SCORE, MIN_SCORE_PAPERS, RelatedPaper, SharedEntity, TextMatch
from graphapp.analysis.scoring import rank_related as rank_by_text_and_entities
from graphapp.analysis.text import similarities
from graphapp.nodes import NodeId
from graphapp.queries.lookup import degrees, nodes_of_paper, require_paper
from graphapp.queries.scoring import Related, rank_related, rarity
from graphapp.semanticindex import embed_papers
from graphapp.store import Store
from graphapp.textindex import TextMatrix, model_of, text_matrix

__all__ = ["Related", "RelatedPaper", "related", "related_papers"]


def related_papers(store: Store, paper: str | NodeId, limit: int = 10) -> list[Related]:
    """The ``limit`` papers sharing the most, and the rarest, entities with ``paper``
    (:func:`~graphapp.queries.scoring.rarity`, :func:`~graphapp.queries.scoring.rank_related`).

    SQLite sums the weights per paper and keeps the best; the scores of those within a hair of the
    cut are then summed exactly here, so ties rank as they do on the graph.
    """
    with store.snapshot():
        source = require_paper(store, paper)
        mine = nodes_of_paper(store, source.key)
        counts = degrees(store, mine)
        paper_total = store.paper_count()
        names = list(mine)
        weights = [rarity(counts[node], paper_total) for node in names]
        position = {eid: index for index, node in enumerate(names) for eid in mine[node]}
        rows = store.papers_sharing_weighted(source.key, position, weights, limit)
    shared = {str(NodeId.paper(other)): [(weights[i], names[i]) for i in nodes] for other, nodes in rows}
    return rank_related(shared, limit)


#: Papers taken from the shared-entity ranking as candidates, beside the paper's nearest papers by text.
ENTITY_CANDIDATES = 30
#: For a wider search, the nearest papers of this many of the paper's nearest papers are candidates too.
WIDER_FROM = 3


def related(
    store: Store, paper: str | NodeId, limit: int = 10, *, wider: bool = False, min_score: float | None = None
) -> list[RelatedPaper]:
    """The ``limit`` papers most related to ``paper``: alike in text, and sharing rare entities.

    Candidates are the paper's stored nearest papers by text and the papers sharing the most, and the
    rarest, entities with it (:func:`related_papers`); each is scored by its text similarity and its title's
    plus what the entities it shares say (:func:`graphapp.analysis.scoring.rank_related`: tasks and datasets
    over methods and models, hubs barely count) and says why.
    ``wider`` adds the nearest papers of the paper's :data:`WIDER_FROM` nearest as candidates (for a map).
    Papers scoring below ``min_score`` are left out: by default
    :data:`~graphapp.analysis.scoring.MIN_SCORE` on a store of :data:`~graphapp.analysis.scoring.MIN_SCORE_PAPERS`
    papers or more, where a shown paper must also overlap it on the problem side
    (:func:`~graphapp.analysis.scoring.on_problem`), so a paper with no closely related one gets none rather
    than generic ones; nothing on a smaller store, or one without a text index yet (written before it
    existed: the text similarity is 0).
    """
    with store.snapshot():
        source = require_paper(store, paper)
        by_entities = related_papers(store, source, limit=ENTITY_CANDIDATES)
        nearest = store.nearest([source.key]).get(source.key, [])
        found = {other for other, _ in nearest} | {NodeId.parse(r.paper).key for r in by_entities}
        if wider:
            second = store.nearest([other for other, _ in nearest[:WIDER_FROM]])
            found |= {other for ranked in second.values() for other, _ in ranked}
        candidates = sorted(found - {source.key})
        texts: dict[str, TextMatch] = {}
        model = model_of(store)
        if model is not None and candidates:
            matrix = text_matrix(store, model, [source.key, *candidates])
            seed_tfidf, seed_vector = matrix.row(source.key)
            others = [i for i, pid in enumerate(matrix.ids) if pid != source.key]
            scored = similarities(model, seed_tfidf, seed_vector, matrix.tfidf[others], matrix.vectors[others])
            seed_title = matrix.titles[matrix.ids.index(source.key)]
            titles = _cosines(matrix.titles[others], seed_title)
            problems = _cosines(matrix.problems[others], matrix.problems[matrix.ids.index(source.key)])
            meanings = _meanings(matrix, source.key, [matrix.ids[i] for i in others])
            texts = {
                str(NodeId.paper(matrix.ids[i])): TextMatch(similarity, terms, title, problem, meaning)
                for i, (similarity, terms), title, problem, meaning in zip(
                    others, scored, titles, problems, meanings, strict=True
                )
            }
        mine = nodes_of_paper(store, source.key)
        counts = degrees(store, mine)
        total = store.paper_count()
    shared: dict[str, Sequence[SharedEntity]] = {
        r.paper: [
            SharedEntity(node, NodeId.parse(node).key, NodeId.parse(node).type, counts[node]) for node in r.shared
        ]
        for r in by_entities
    }
    if min_score is None:
        min_score = MIN_SCORE if model is not None and total >= MIN_SCORE_PAPERS else 0.0
    return rank_by_text_and_entities(texts, shared, total, limit, min_score)


def _meanings(matrix: TextMatrix, seed: str, others: list[str]) -> list[float]:
    """The cosines of the papers' embeddings (:mod:`graphapp.semanticindex`) with the seed's, from the texts the
    text matrix read."""
    found = embed_papers(matrix.texts)
    return [round(float(found[seed] @ found[other]), 4) for other in others]


def _cosines(rows: sparse.csr_matrix, row: sparse.csr_matrix) -> list[float]:
    """The cosines of unit-length TF-IDF rows with one more."""
    return np.asarray(rows.multiply(row).sum(axis=1)).ravel().tolist()
