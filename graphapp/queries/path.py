"""How two nodes are connected: the cheapest chain of papers and shared entities, and what each hop says.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("a", "A", "x"), [Occurrence("model", "T", "uses", "T", "e")])
...     store.put_paper(Paper("b", "B", "x"), [Occurrence("model", "T", "uses", "T", "e"),
...                                            Occurrence("dataset", "X", "proposes", "X", "e")])
...     store.put_paper(Paper("c", "C", "x"), [Occurrence("dataset", "X", "uses", "X", "e")])
>>> paper_path(store, "paper:a", "paper:c")
['paper:a', 'model:T', 'paper:b', 'dataset:X', 'paper:c']
>>> path_steps(store, ["paper:b", "dataset:X", "paper:c"])
[('paper:b', 'proposes', 'dataset:X'), ('dataset:X', 'uses', 'paper:c')]
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Sequence

from graphapp.nodes import NodeId
from graphapp.queries.lookup import degrees, entity_ids, nodes_of_paper, require_node
from graphapp.queries.scoring import hop_cost
from graphapp.store import Store


class _Neighbours:
    """Lazy adjacency of the undirected graph with the hop costs of :func:`~graphapp.queries.scoring.hop_cost`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.degree: dict[str, int] = {}
        self.ids: dict[str, set[int]] = {}

    def of(self, node: str) -> list[tuple[str, float]]:
        parsed = NodeId.parse(node)
        if parsed.is_paper:
            nodes = nodes_of_paper(self.store, parsed.key)
            self.ids.update(nodes)
            unknown = {entity: ids for entity, ids in nodes.items() if entity not in self.degree}
            if unknown:
                self.degree.update(degrees(self.store, unknown))
            return [(entity, hop_cost(self.degree[entity])) for entity in sorted(nodes)]
        ids = self.ids.get(node) or entity_ids(self.store, parsed)
        papers = sorted(self.store.papers_naming(ids))
        self.degree[node] = len(papers)
        cost = hop_cost(len(papers))
        return [(str(NodeId.paper(paper)), cost) for paper in papers]


def paper_path(store: Store, source: str | NodeId, target: str | NodeId) -> list[str] | None:
    """The cheapest chain of papers and shared entities linking two nodes, or None if unconnected.

    A bidirectional Dijkstra that reads each node's neighbours from the store only when it reaches it,
    so it touches the neighbourhoods of the two ends rather than the whole graph. Among paths of equal
    cost any one may be returned. Raises KeyError for a node not in the store.
    """
    start, end = str(require_node(store, source)), str(require_node(store, target))
    if start == end:
        return [start]
    adjacency = _Neighbours(store)
    distances: list[dict[str, float]] = [{}, {}]
    seen: list[dict[str, float]] = [{start: 0.0}, {end: 0.0}]
    parents: list[dict[str, str | None]] = [{start: None}, {end: None}]
    fringe: list[list[tuple[float, int, str]]] = [[(0.0, 0, start)], [(0.0, 0, end)]]
    counter = itertools.count(1)
    best, meeting = math.inf, None
    direction = 1
    # Stop once no path through the unexplored fringes can beat the best one found.
    while fringe[0] and fringe[1] and fringe[0][0][0] + fringe[1][0][0] < best:
        direction = 1 - direction
        distance, _, node = heapq.heappop(fringe[direction])
        if node in distances[direction]:
            continue
        distances[direction][node] = distance
        for neighbour, cost in adjacency.of(node):
            candidate = distance + cost
            if neighbour in distances[direction]:
                continue
            if neighbour not in seen[direction] or candidate < seen[direction][neighbour]:
                seen[direction][neighbour] = candidate
                parents[direction][neighbour] = node
                heapq.heappush(fringe[direction], (candidate, next(counter), neighbour))
            if neighbour in seen[1 - direction]:
                total = seen[direction][neighbour] + seen[1 - direction][neighbour]
                if total < best:
                    best, meeting = total, neighbour
    if meeting is None:
        return None
    forward: list[str] = []
    step: str | None = meeting
    while step is not None:
        forward.append(step)
        step = parents[0][step]
    backward: list[str] = []
    step = parents[1][meeting]
    while step is not None:
        backward.append(step)
        step = parents[1][step]
    return forward[::-1] + backward


def relation(store: Store, paper: str | NodeId, entity: str | NodeId) -> str:
    """The relation of the edge ``paper -> entity``, the strongest when the paper names it several times.

    Raises KeyError when the paper does not name the entity.
    """
    paper_node = NodeId.parse(paper)
    found = None
    if paper_node.is_paper:
        found = store.strongest_relation(paper_node.key, entity_ids(store, entity))
    if found is None:
        raise KeyError(f"no edge {str(paper)!r} -> {str(entity)!r}")
    return found


def path_steps(store: Store, path: Sequence[str | NodeId]) -> list[tuple[str, str, str]]:
    """Each hop of a path as (from, relation, to), reading relations in their stored direction (paper -> entity)."""
    steps = []
    for one, other in itertools.pairwise(str(node) for node in path):
        paper, entity = (one, other) if NodeId.parse(one).is_paper else (other, one)
        steps.append((one, relation(store, paper, entity), other))
    return steps
