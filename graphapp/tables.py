"""The lists the explorer's views show, read from the store by SQL so they cover every paper however large it is.

The graph view draws a bounded subgraph (see :mod:`graphapp.subgraph`); these tables do not depend on it: the
"Shared datasets" list counts every paper in the store, not only the drawn ones.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from graphapp.graph import entity_node
from graphapp.store import Store
from graphapp.store_queries import RELATION_RANK, entity_ids

#: How a graph node type maps to stored entities: (entity type, SQL condition on the entity's kind).
_ENTITY_FILTER = {
    "dataset": ("dataset", "1"),
    "model": ("model", "1"),
    "method": ("method", "1"),
    "task": ("task", "1"),
    "citation": ("citation", "1"),
    "repo": ("url", "e.kind = 'github_repo'"),
    "hf": ("url", "e.kind LIKE 'hf\\_%' ESCAPE '\\'"),
    "link": ("url", "(e.kind IS NULL OR (e.kind != 'github_repo' AND e.kind NOT LIKE 'hf\\_%' ESCAPE '\\'))"),
}


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
    date: str = ""


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A paper's link to code, a model or a page, with its kind and whether the text or the metadata gave it."""

    paper_id: str
    title: str
    url: str
    kind: str
    origin: str


def store_version(store: Store) -> int:
    """Changes whenever papers are added or replaced: the key the app's caches are built on.

    Every write of papers (:func:`graphapp.pipeline._ingest`, behind the CLI's ingest, the app's upload and fetch)
    logs its input in ``ingests`` in the same transaction, so the newest log id is the version: a primary-key
    lookup, where the newest ``papers.updated_at`` (unindexed) took seconds on a million papers.

    >>> with Store(":memory:") as store:
    ...     store_version(store)
    0
    """
    return store.connection.execute("SELECT coalesce(max(id), 0) FROM ingests").fetchone()[0]


def entity_counts(store: Store, node_type: str, *, limit: int | None = None, min_papers: int = 1) -> list[EntityCount]:
    """The entities of one node type with the number of papers naming each, the most named first.

    >>> with Store(":memory:") as store:
    ...     entity_counts(store, "dataset")
    []
    """
    if node_type not in _ENTITY_FILTER:
        raise ValueError(f"unknown node type {node_type!r}")
    if node_type == "repo":
        return _repo_counts(store, limit=limit, min_papers=min_papers)
    entity_type, kind_clause = _ENTITY_FILTER[node_type]
    rows = store.connection.execute(
        "SELECT e.type, e.name, e.kind, count(DISTINCT m.paper_id) AS n FROM entities e "
        f"JOIN mentions m ON m.entity_id = e.id WHERE e.type = ? AND {kind_clause} "
        "GROUP BY e.id HAVING n >= ? ORDER BY n DESC, e.name COLLATE NOCASE LIMIT ?",
        (entity_type, min_papers, -1 if limit is None else limit),
    )
    return [EntityCount(entity_node(etype, name, kind), name, n) for etype, name, kind, n in rows]


def _repo_counts(store: Store, *, limit: int | None, min_papers: int) -> list[EntityCount]:
    """Repo counts: several links into one repository are one node, so papers are counted per repository."""
    papers: defaultdict[str, set[str]] = defaultdict(set)
    for name, kind, paper in store.connection.execute(
        "SELECT e.name, e.kind, m.paper_id FROM entities e JOIN mentions m ON m.entity_id = e.id "
        "WHERE e.type = 'url' AND e.kind = 'github_repo'"
    ):
        papers[entity_node("url", name, kind)].add(paper)
    rows = [
        EntityCount(node, node.partition(":")[2], len(ids)) for node, ids in papers.items() if len(ids) >= min_papers
    ]
    rows.sort(key=lambda row: (-row.papers, row.name.casefold()))
    return rows if limit is None else rows[:limit]


def papers_naming(store: Store, node: str, *, limit: int | None = None, offset: int = 0) -> list[PaperRef]:
    """The papers naming an entity node (``"dataset:CIFAR-10"``), each with its strongest relation: proposers first,
    then users, then the rest, by title; ``limit`` of them from ``offset`` when given (see
    :func:`count_papers_naming`).

    >>> with Store(":memory:") as store:
    ...     papers_naming(store, "dataset:X", limit=5)
    []
    """
    # With min(), SQLite takes the other columns from the row holding the minimum: the strongest mention.
    rows = store.connection.execute(
        f"SELECT p.id, p.title, m.relation, coalesce(m.role, ''), m.evidence, coalesce(p.date, ''), "
        f"min({RELATION_RANK}) AS rank FROM mentions m JOIN papers p ON p.id = m.paper_id "
        "WHERE m.entity_id IN (SELECT value FROM json_each(?)) "
        "GROUP BY p.id ORDER BY rank, p.title COLLATE NOCASE, p.id LIMIT ? OFFSET ?",
        (json.dumps(sorted(entity_ids(store, node))), -1 if limit is None else limit, offset),
    )
    return [PaperRef(*row[:-1]) for row in rows]


def count_papers_naming(store: Store, node: str) -> int:
    """How many papers name an entity node: the length of :func:`papers_naming` without its limit."""
    return store.connection.execute(
        "SELECT count(DISTINCT paper_id) FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(entity_ids(store, node))),),
    ).fetchone()[0]


def code_links(store: Store, *, limit: int | None = None) -> list[LinkRow]:
    """Every paper's GitHub, Hugging Face and other links, GitHub first within a paper."""
    rows = store.connection.execute(
        "SELECT p.id, p.title, e.name, coalesce(e.kind, ''), "
        "group_concat(DISTINCT CASE WHEN m.field = 'metadata' THEN 'metadata' ELSE 'text' END) "
        "FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN papers p ON p.id = m.paper_id "
        "WHERE e.type = 'url' GROUP BY p.id, e.id "
        "ORDER BY p.title COLLATE NOCASE, p.id, e.kind != 'github_repo', e.kind NOT LIKE 'hf\\_%' ESCAPE '\\', e.name "
        "LIMIT ?",
        (-1 if limit is None else limit,),
    )
    return [
        LinkRow(pid, title, url, kind, "+".join(sorted(set(origins.split(",")))))
        for pid, title, url, kind, origins in rows
    ]
