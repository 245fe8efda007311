"""The cheapest chains between two nodes of a graph read lazily, and node-disjoint alternatives to them.

The graph is given as a function from a node to its ``(neighbour, cost)`` pairs, so a caller can read each
node's links from a database only when the search reaches it; links are taken to go both ways. The search is a
bidirectional Dijkstra that stops after ``budget`` node expansions, so a question on a large store costs a
bounded amount whatever the graph.

>>> links = {"a": [("x", 1.0), ("y", 3.0)], "x": [("a", 1.0), ("b", 1.0)], "y": [("a", 3.0), ("b", 1.0)],
...          "b": [("x", 1.0), ("y", 1.0)]}
>>> cheapest_paths("a", "b", lambda node: links[node], alternatives=2)
[(['a', 'x', 'b'], 2.0), (['a', 'y', 'b'], 4.0)]
>>> cheapest_paths("a", "b", lambda node: links[node], avoid={"x"})
[(['a', 'y', 'b'], 4.0)]
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Collection, Iterable

Neighbours = Callable[[str], Iterable[tuple[str, float]]]
#: Node expansions one search may make.
BUDGET = 4000


def cheapest_paths(
    source: str,
    target: str,
    neighbours: Neighbours,
    *,
    alternatives: int = 1,
    avoid: Collection[str] = (),
    budget: float = BUDGET,
    alternative_budget: float | None = None,
) -> list[tuple[list[str], float]]:
    """Up to ``alternatives`` paths from ``source`` to ``target`` with their costs, the cheapest first.

    Each further path shares no intermediate node with the earlier ones; no path passes through a node
    in ``avoid``. Fewer (or none) when the graph has no more such paths within the budget: ``budget``
    expansions for the first search, ``alternative_budget`` (default the same) for each further one.
    """
    cache: dict[str, list[tuple[str, float]]] = {}

    def cached(node: str) -> list[tuple[str, float]]:
        if node not in cache:
            cache[node] = list(neighbours(node))
        return cache[node]

    found: list[tuple[list[str], float]] = []
    blocked = set(avoid) - {source, target}
    for number in range(alternatives):
        limit = budget if number == 0 or alternative_budget is None else alternative_budget
        path = _bidirectional(source, target, cached, blocked, limit)
        if path is None:
            break
        found.append(path)
        if len(path[0]) <= 2:  # a direct link: no other path avoids "its" intermediate nodes
            break
        blocked |= set(path[0][1:-1])
    return found


def _bidirectional(
    source: str, target: str, neighbours: Neighbours, blocked: set[str], budget: float
) -> tuple[list[str], float] | None:
    if source == target:
        return [source], 0.0
    settled: list[dict[str, float]] = [{}, {}]
    seen: list[dict[str, float]] = [{source: 0.0}, {target: 0.0}]
    parents: list[dict[str, str | None]] = [{source: None}, {target: None}]
    fringe: list[list[tuple[float, int, str]]] = [[(0.0, 0, source)], [(0.0, 0, target)]]
    counter = itertools.count(1)
    best, meeting = math.inf, None
    direction = 1
    expansions = 0
    # Stop once no path through the unexplored fringes can beat the best one found.
    while fringe[0] and fringe[1] and fringe[0][0][0] + fringe[1][0][0] < best and expansions < budget:
        # Expand the side with the smaller fringe: the search stays small around a well-connected end.
        direction = 0 if len(fringe[0]) <= len(fringe[1]) else 1
        distance, _, node = heapq.heappop(fringe[direction])
        if node in settled[direction]:
            continue
        settled[direction][node] = distance
        expansions += 1
        for neighbour, cost in neighbours(node):
            if neighbour in blocked or neighbour in settled[direction]:
                continue
            candidate = distance + cost
            if candidate < seen[direction].get(neighbour, math.inf):
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
    return forward[::-1] + backward, round(best, 6)
