"""The lists the explorer's views show, read from the store by SQL so they cover every paper however large it is.

The graph view draws a bounded subgraph (see :mod:`graphapp.subgraph`); these tables do not depend on it: the
"Shared datasets" list counts every paper in the store, not only the drawn ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graphapp.graph import entity_node
from graphapp.store import Store
from graphapp.store_queries import entity_ids


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


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A paper's link to code, a model or a page, with its kind and whether the text or the metadata gave it."""

    paper_id: str
    title: str
    url: str
    kind: str
    origin: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A paper or an entity whose title or name contains the searched text."""

    node: str
    label: str
    node_type: str
    papers: int


def store_version(store: Store) -> int:
    """Changes whenever papers are added or replaced: the key the app's caches are built on.

    Every write of papers (:func:`graphapp.pipeline._ingest`, behind the CLI's ingest, the app's upload and fetch)
    logs its input in ``ingests`` in the same transaction, so the newest log id is the version: a primary-key
    lookup, where the newest ``papers.updated_at`` (unindexed) took seconds on a million papers.

    >>> with Store(":memory:") as store:
    ...     store_version(store)
    0
    """
    return store.data_version()


def entity_counts(store: Store, node_type: str, *, limit: int | None = None, min_papers: int = 1) -> list[EntityCount]:
    """The entities of one node type with the number of papers naming each, the most named first.

    >>> with Store(":memory:") as store:
    ...     entity_counts(store, "dataset")
    []
    """
    if node_type == "repo":
        return _repo_counts(store, limit=limit, min_papers=min_papers)
    rows = store.entity_paper_counts(node_type, min_papers=min_papers, limit=limit)
    return [EntityCount(entity_node(etype, name, kind), name, n) for etype, name, kind, n in rows]


def _repo_counts(store: Store, *, limit: int | None, min_papers: int) -> list[EntityCount]:
    """Repo counts: several links into one repository are one node, so papers are counted per repository."""
    papers: defaultdict[str, set[str]] = defaultdict(set)
    for name, kind, paper in store.github_link_papers():
        papers[entity_node("url", name, kind)].add(paper)
    rows = [
        EntityCount(node, node.partition(":")[2], len(ids)) for node, ids in papers.items() if len(ids) >= min_papers
    ]
    rows.sort(key=lambda row: (-row.papers, row.name.casefold()))
    return rows if limit is None else rows[:limit]


def papers_naming(store: Store, node: str, *, limit: int | None = None) -> list[PaperRef]:
    """The papers naming an entity node (``"dataset:CIFAR-10"``), each with its strongest relation: proposers first,
    then users, then the rest, by title; the first ``limit`` only when given (see :func:`count_papers_naming`).

    >>> with Store(":memory:") as store:
    ...     papers_naming(store, "dataset:X", limit=5)
    []
    """
    return [PaperRef(*row) for row in store.strongest_mentions(entity_ids(store, node), limit=limit)]


def count_papers_naming(store: Store, node: str) -> int:
    """How many papers name an entity node: the length of :func:`papers_naming` without its limit."""
    return store.count_papers_naming(entity_ids(store, node))


def code_links(store: Store, *, limit: int | None = None) -> list[LinkRow]:
    """Every paper's GitHub, Hugging Face and other links, GitHub first within a paper."""
    return [
        LinkRow(pid, title, url, kind, "+".join(sorted(set(origins))))
        for pid, title, url, kind, origins in store.link_rows(limit=limit)
    ]


def search(store: Store, text: str, *, limit: int = 20) -> list[SearchHit]:
    """Papers whose title or id and entities whose name contain ``text`` (any case): exact and prefix matches
    first, then the entities most papers name.
    """
    text = " ".join(text.split())
    if not text:
        return []
    hits: list[tuple[int, SearchHit]] = []
    for pid, title in store.papers_titled_like(text, limit=limit):
        hits.append((_closeness(title, text) if pid != text else 0, SearchHit(f"paper:{pid}", title, "paper", 1)))
    for etype, name, kind, papers in store.entities_named_like(text, limit=limit):
        node = entity_node(etype, name, kind)
        hits.append((_closeness(name, text), SearchHit(node, name, node.partition(":")[0], papers)))
    hits.sort(key=lambda item: (item[0], -item[1].papers, item[1].label.casefold()))
    return [hit for _, hit in hits[:limit]]


def _closeness(found: str, wanted: str) -> int:
    """0 for an exact match, 1 for a prefix, 2 for anywhere inside."""
    found, wanted = found.casefold(), wanted.casefold()
    return 0 if found == wanted else 1 if found.startswith(wanted) else 2


def paper_titles(store: Store, *, limit: int = 5000) -> dict[str, str]:
    """Paper node ids and titles in title order, for a picker (the search box reaches the rest)."""
    return {f"paper:{pid}": title for pid, title in store.paper_titles(limit=limit)}
