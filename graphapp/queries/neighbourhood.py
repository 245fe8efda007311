"""The nodes within some hops of one node, read ring by ring through the store's indexes, with an optional budget.

One search serves the CLI's ``export --focus``, the library's :func:`ego` and the app's focus view: it
never loads more than the papers it reaches, and with ``max_papers`` it stops adding papers once the
budget is spent, keeping at each ring the papers that name the most of what the ring before reached.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graphapp.graph import build_graph
from graphapp.nodes import NodeId
from graphapp.queries.lookup import entity_ids, nodes_of, require_node
from graphapp.store import Store


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The subgraph around one node, and whether the paper budget left papers out."""

    graph: nx.DiGraph
    papers: int
    """Papers in ``graph``."""
    capped: bool
    """True when papers within the radius were left out to stay within the budget."""


def neighbourhood(store: Store, node: str | NodeId, radius: int = 1, *, max_papers: int | None = None) -> Neighbourhood:
    """The nodes within ``radius`` hops of ``node`` (ignoring edge direction) and the edges between them.

    ``radius`` counts hops between papers and entities: radius 2 around a paper reaches the papers that
    share something with it. With ``max_papers``, at most that many papers, nearest first (and within a
    ring, those naming the most of the ring before). Raises KeyError for a node not in the store.

    >>> with Store(":memory:") as store:
    ...     neighbourhood(store, "dataset:X")
    Traceback (most recent call last):
    ...
    KeyError: "no node 'dataset:X' in the graph"
    """
    with store.snapshot():  # the rings and the graph from one commit, even while an ingest writes
        start = require_node(store, node)
        papers, entities, capped = _rings(store, start, radius, max_papers)
        # Load each paper reached with all it names, then keep only what is within the radius; an entity
        # alone (radius 0) still needs one paper naming it for its attributes.
        loaded = papers or list(store.papers_naming(entities))[:1]
        graph = build_graph(store, sorted(loaded))
        keep = {str(NodeId.paper(paper)) for paper in papers} | set(nodes_of(store, entities))
    return Neighbourhood(graph.subgraph(keep).copy(), len(papers), capped)


def ego(store: Store, node: str | NodeId, radius: int = 1) -> nx.DiGraph:
    """The subgraph within ``radius`` hops of ``node``: :func:`neighbourhood` without a budget."""
    return neighbourhood(store, node, radius).graph


def _rings(store: Store, start: NodeId, radius: int, max_papers: int | None) -> tuple[list[str], set[int], bool]:
    """The paper ids (nearest first) and entity ids within ``radius`` hops, and whether the budget cut papers."""
    if start.is_paper:
        papers, frontier_papers, frontier_entities = [start.key], [start.key], set()
    else:
        papers, frontier_papers, frontier_entities = [], [], entity_ids(store, start)
    seen_papers, seen_entities = set(papers), set(frontier_entities)
    capped = False
    for hop in range(radius):
        if (hop % 2 == 0) != start.is_paper:  # from entities to the papers naming them
            found = store.papers_naming(frontier_entities)
            fresh = sorted((p for p in found if p not in seen_papers), key=lambda p: (-found[p], p))
            if max_papers is not None:
                room = max(0, max_papers - len(papers))
                capped = capped or len(fresh) > room
                fresh = fresh[:room]
            frontier_papers = fresh
            papers.extend(fresh)
            seen_papers.update(fresh)
        else:  # from papers to every node they name (all the links into a repository they link)
            reached = {eid for ids in nodes_of(store, store.entities_of(frontier_papers)).values() for eid in ids}
            frontier_entities = reached - seen_entities
            seen_entities |= frontier_entities
    return papers, seen_entities, capped
