"""Papers related to one paper, ranked by the summed rarity of the entities they share with it.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("a", "A", "x"), [Occurrence("dataset", "X", "uses", "X", "e")])
...     store.put_paper(Paper("b", "B", "x"), [Occurrence("dataset", "X", "uses", "X", "e")])
>>> [(r.paper, r.shared) for r in related_papers(store, "paper:a")]
[('paper:b', ('dataset:X',))]
"""

from __future__ import annotations

from graphapp.nodes import NodeId
from graphapp.queries.lookup import degrees, nodes_of_paper, require_paper
from graphapp.queries.scoring import Related, rank_related, rarity
from graphapp.store import Store

__all__ = ["Related", "related_papers"]


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
