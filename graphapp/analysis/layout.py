"""Positions for a paper map: similar papers close together, the seed paper in the middle.

A force-directed layout (networkx's spring layout, Fruchterman-Reingold) of the similarity graph, as Connected
Papers draws its maps: each link pulls its two papers together as strongly as they are alike. Positions are
deterministic (fixed seed) and scaled into [-1, 1].

>>> pos = similarity_layout(["s", "a", "b"], [("s", "a", 0.9), ("s", "b", 0.1)], centre="s")
>>> pos["s"]
(0.0, 0.0)
>>> abs(pos["a"][0]) + abs(pos["a"][1]) < abs(pos["b"][0]) + abs(pos["b"][1])
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx


def similarity_layout(
    nodes: Sequence[str], links: Iterable[tuple[str, str, float]], *, centre: str | None = None, seed: int = 0
) -> dict[str, tuple[float, float]]:
    """Map positions (x, y in [-1, 1], rounded to 4 places) of ``nodes`` linked by ``(a, b, similarity)``.

    ``centre`` is pinned at (0, 0). Nodes without links are placed too (the layout pushes them outwards).
    """
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for one, other, weight in links:
        if one in graph and other in graph and one != other:
            graph.add_edge(one, other, weight=max(float(weight), 1e-3))
    if not len(graph):
        return {}
    if len(graph) == 1:
        return {nodes[0]: (0.0, 0.0)}
    fixed = [centre] if centre in graph else None
    start = {centre: (0.0, 0.0)} if fixed else None
    positions = nx.spring_layout(graph, weight="weight", seed=seed, pos=start, fixed=fixed, iterations=100)
    if fixed:
        origin = positions[centre]
        positions = {node: xy - origin for node, xy in positions.items()}
    reach = float(max(max(abs(x), abs(y)) for x, y in positions.values())) or 1.0
    # + 0.0 turns -0.0 into 0.0.
    return {
        node: (round(float(x) / reach, 4) + 0.0, round(float(y) / reach, 4) + 0.0) for node, (x, y) in positions.items()
    }
