"""Load a bounded part of the store as a graph, so the app never builds a 100k-paper graph to draw a few hundred nodes.

The whole graph is loaded while the store is small. Beyond ``max_papers`` papers the overview holds the papers that
share the most entities with other papers, and a focus view walks the indexed mentions table outwards from one node,
ring by ring, until the radius or the paper budget is reached.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graphapp.graph import build_graph
from graphapp.store import Store
from graphapp.store_queries import entity_ids

#: Papers loaded into one view at most; the browser draws fewer nodes still (see graphapp.render).
DEFAULT_MAX_PAPERS = 400


@dataclass(frozen=True, slots=True)
class ViewGraph:
    """A graph loaded for one view, with how much of the store it covers."""

    graph: nx.DiGraph
    total_papers: int
    """Papers in the store."""
    papers: int
    """Papers loaded into ``graph``."""
    capped: bool
    """True when papers were left out to stay within the budget."""


def most_connected_papers(store: Store, limit: int) -> list[str]:
    """The ``limit`` papers naming the most entities that some other paper names too (ties by id)."""
    return store.most_connected_papers(limit)


def _papers_of(store: Store, entity_ids: Iterable[int]) -> Counter[str]:
    """Papers naming any of the entities, with how many of them each names."""
    return Counter(store.papers_naming(entity_ids))


def _focus_papers(store: Store, focus: str, radius: int, max_papers: int) -> tuple[list[str], bool]:
    """Papers within ``radius`` hops of ``focus``, nearest first, and whether the budget cut some."""
    if focus.startswith("paper:"):
        paper = focus.removeprefix("paper:")
        if store.paper(paper) is None:
            raise KeyError(f"no node {focus!r} in the store")
        papers, frontier_papers, frontier_entities = [paper], [paper], set()
        expand_papers_next = False
    else:
        start = entity_ids(store, focus)
        if not start:
            raise KeyError(f"no node {focus!r} in the store")
        papers, frontier_papers, frontier_entities = [], [], set(start)
        expand_papers_next = True
    seen_papers, seen_entities = set(papers), set(frontier_entities)
    capped = False
    for _hop in range(radius):
        if expand_papers_next:
            found = _papers_of(store, frontier_entities)
            fresh = sorted((p for p in found if p not in seen_papers), key=lambda p: (-found[p], p))
            room = max_papers - len(papers)
            capped = capped or len(fresh) > room
            frontier_papers = fresh[:room]
            papers.extend(frontier_papers)
            seen_papers.update(frontier_papers)
        else:
            frontier_entities = store.entities_of(frontier_papers) - seen_entities
            seen_entities |= frontier_entities
        expand_papers_next = not expand_papers_next
    return papers, capped


def view_graph(
    store: Store, *, focus: str | None = None, radius: int = 1, max_papers: int = DEFAULT_MAX_PAPERS
) -> ViewGraph:
    """The graph one view shows: everything, the best-connected papers, or the neighbourhood of ``focus``.

    ``radius`` counts hops between papers and entities, as :func:`graphapp.queries.ego` does.
    Raises KeyError when ``focus`` names no paper or entity in the store.

    >>> with Store(":memory:") as store:
    ...     view = view_graph(store)
    >>> view.graph.number_of_nodes(), view.capped
    (0, False)
    """
    with store.snapshot():  # the count, the chosen papers and their graph from one commit, even during an ingest
        return _view_graph(store, focus, radius, max_papers)


def _view_graph(store: Store, focus: str | None, radius: int, max_papers: int) -> ViewGraph:
    total = store.paper_count()
    if focus is None:
        if total <= max_papers:
            graph = build_graph(store)
            return ViewGraph(graph, total, total, capped=False)
        papers = most_connected_papers(store, max_papers)
        return ViewGraph(build_graph(store, papers), total, len(papers), capped=True)
    papers, capped = _focus_papers(store, focus, radius, max_papers)
    graph = build_graph(store, papers)
    if focus not in graph:
        return ViewGraph(nx.DiGraph(), total, 0, capped=False)
    within = nx.ego_graph(graph, focus, radius=radius, undirected=True).copy()
    return ViewGraph(within, total, len(papers), capped=capped)
