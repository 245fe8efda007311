"""The entities of one type with how many papers name each, and the papers naming one entity.

Whole-store lists: they count every paper in the store, not only those a view draws.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("b", "B", "x"), [Occurrence("dataset", "X", "uses", "X", "We use X.")])
...     store.put_paper(Paper("a", "A", "x"), [Occurrence("dataset", "X", "proposes", "X", "We propose X.")])
>>> entity_counts(store, "dataset")
[EntityCount(node='dataset:X', name='X', papers=2)]
>>> [(ref.paper_id, ref.relation) for ref in papers_naming(store, "dataset:X")]
[('a', 'proposes'), ('b', 'uses')]
>>> papers_sharing(store, "dataset:X")
['paper:a', 'paper:b']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graphapp.nodes import NodeId
from graphapp.queries.lookup import entity_ids
from graphapp.store import Store


@dataclass(frozen=True, slots=True)
class EntityCount:
    """An entity and how many papers name it."""

    node: str
    name: str
    papers: int


@dataclass(frozen=True, slots=True)
class PaperRef:
    """A paper naming an entity, with how it relates to it and the sentence that says so."""

    paper_id: str
    title: str
    relation: str
    role: str
    evidence: str


def entity_counts(store: Store, node_type: str, *, limit: int | None = None, min_papers: int = 1) -> list[EntityCount]:
    """The entities of one node type with the number of papers naming each, the most named first (ties by name).

    Raises ValueError for a node type that is not an entity type.
    """
    if node_type == "repo":
        return _repo_counts(store, limit=limit, min_papers=min_papers)
    rows = store.entity_paper_counts(node_type, min_papers=min_papers, limit=limit)
    return [EntityCount(str(NodeId.entity(etype, name, kind)), name, n) for etype, name, kind, n in rows]


def _repo_counts(store: Store, *, limit: int | None, min_papers: int) -> list[EntityCount]:
    """Repo counts: several links into one repository are one node, so papers are counted per repository."""
    papers: defaultdict[NodeId, set[str]] = defaultdict(set)
    for name, kind, paper in store.github_link_papers():
        papers[NodeId.entity("url", name, kind)].add(paper)
    rows = [EntityCount(str(node), node.key, len(ids)) for node, ids in papers.items() if len(ids) >= min_papers]
    rows.sort(key=lambda row: (-row.papers, row.name.casefold()))
    return rows if limit is None else rows[:limit]


def papers_naming(store: Store, node: str | NodeId, *, limit: int | None = None) -> list[PaperRef]:
    """The papers naming an entity node, each with its strongest relation: proposers first, then users, then the
    rest, by title; the first ``limit`` only when given (see :func:`count_papers_naming`). Empty for an unknown node.
    """
    return [PaperRef(*row) for row in store.strongest_mentions(entity_ids(store, node), limit=limit)]


def count_papers_naming(store: Store, node: str | NodeId) -> int:
    """How many papers name an entity node: the length of :func:`papers_naming` without its limit."""
    return store.count_papers_naming(entity_ids(store, node))


def papers_sharing(store: Store, entity: str | NodeId) -> list[str]:
    """The node ids of the papers that name ``entity``, sorted by id; KeyError when no paper names it."""
    found = entity_ids(store, entity)
    if not found:
        raise KeyError(f"no node {str(entity)!r} in the graph")
    return [str(NodeId.paper(paper)) for paper in sorted(store.papers_naming(found))]
