"""Who introduced an entity: the earliest paper in the store that proposes it, else the earliest that names it.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("a", "Uses it", "x", date="2024-01-01"),
...                     [Occurrence("dataset", "FloodNet", "uses", "FloodNet", "We use FloodNet.")])
...     store.put_paper(Paper("b", "FloodNet", "x", date="2024-05-01"),
...                     [Occurrence("dataset", "FloodNet", "proposes", "FloodNet", "We present FloodNet.")])
>>> found = introduced_by(store, "dataset:FloodNet")
>>> found.paper, found.proposed, found.evidence
('paper:b', True, 'We present FloodNet.')
"""

from __future__ import annotations

from dataclasses import dataclass

from graphapp.nodes import NodeId
from graphapp.queries.lookup import entity_ids
from graphapp.store import Store


@dataclass(frozen=True, slots=True)
class Introduction:
    """The paper that introduced ``node`` in this store: it ``proposed`` it (else it is only the earliest to
    name it), with its title, date, the sentence that says so, and how many papers name the entity."""

    node: str
    paper: str
    title: str
    date: str
    proposed: bool
    evidence: str
    papers: int


def introduced_by(store: Store, node: str | NodeId) -> Introduction:
    """The introducing paper of an entity node; KeyError when no paper names it."""
    wanted = NodeId.parse(node)
    with store.snapshot():
        ids = entity_ids(store, wanted)
        if not ids:
            raise KeyError(f"no node {str(wanted)!r} in the graph")
        ((paper, title, date, relation, evidence),) = store.first_namings(ids)
        papers = len(store.papers_naming(ids))
    return Introduction(
        str(wanted), str(NodeId.paper(paper)), title, date or "", relation == "proposes", evidence, papers
    )
