"""The graph one view of the app draws, so the app never builds a 100k-paper graph to draw a few hundred nodes.

The whole graph is loaded while the store is small. Beyond ``max_papers`` papers the overview holds the papers that
share the most entities with other papers, and a focus view is the node's neighbourhood
(:func:`~graphapp.queries.neighbourhood.neighbourhood`) within the same paper budget.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graphapp.graph import build_graph
from graphapp.nodes import NodeId
from graphapp.queries.neighbourhood import neighbourhood
from graphapp.store import Store

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


def view_graph(
    store: Store, *, focus: str | NodeId | None = None, radius: int = 1, max_papers: int = DEFAULT_MAX_PAPERS
) -> ViewGraph:
    """The graph one view shows: everything, the best-connected papers, or the neighbourhood of ``focus``.

    ``radius`` counts hops between papers and entities, as :func:`~graphapp.queries.neighbourhood.ego` does.
    Raises KeyError when ``focus`` names no paper or entity in the store.

    >>> with Store(":memory:") as store:
    ...     view = view_graph(store)
    >>> view.graph.number_of_nodes(), view.capped
    (0, False)
    """
    with store.snapshot():  # the count, the chosen papers and their graph from one commit, even during an ingest
        total = store.paper_count()
        if focus is not None:
            found = neighbourhood(store, focus, radius, max_papers=max_papers)
            return ViewGraph(found.graph, total, found.papers, found.capped)
        if total <= max_papers:
            return ViewGraph(build_graph(store), total, total, capped=False)
        papers = store.most_connected_papers(max_papers)
        return ViewGraph(build_graph(store, papers), total, len(papers), capped=True)
