"""Clusters of papers (Leiden communities of the similarity graph) and the entities that tell each apart.

Leiden (Traag, Waltman and van Eck, 2019) refines Louvain so that every community is connected; igraph's
implementation optimises modularity here, with a fixed seed so the same store gives the same clusters.

>>> links = [("a", "b", 1.0), ("b", "c", 1.0), ("a", "c", 1.0), ("x", "y", 1.0), ("y", "z", 1.0), ("x", "z", 1.0),
...          ("c", "x", 0.1)]
>>> sorted(sorted(group) for group in leiden_communities(links))
[['a', 'b', 'c'], ['x', 'y', 'z']]
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import igraph


def leiden_communities(
    links: Iterable[tuple[str, str, float]], *, resolution: float = 1.0, seed: int = 0
) -> list[set[str]]:
    """Communities of the weighted undirected graph given by its links, the largest first (ten Leiden rounds:
    iterating "until stable" can cycle forever on some graphs).

    A higher ``resolution`` gives more, smaller communities. Nodes only appear through their links.
    """
    names: dict[str, int] = {}
    edges, weights = [], []
    for one, other, weight in links:
        if one == other:
            continue
        edges.append((names.setdefault(one, len(names)), names.setdefault(other, len(names))))
        weights.append(float(weight))
    if not names:
        return []
    graph = igraph.Graph(n=len(names), edges=edges)
    graph.es["weight"] = weights
    graph.simplify(combine_edges="max")
    igraph.set_random_number_generator(random.Random(seed))
    try:
        partition = graph.community_leiden(
            objective_function="modularity", weights="weight", resolution=resolution, n_iterations=10
        )
    finally:
        igraph.set_random_number_generator(random)  # igraph's default
    labels = list(names)
    groups = [{labels[i] for i in members} for members in partition]
    return sorted(groups, key=lambda group: (-len(group), min(group)))


def distinctive_entities(
    members: Sequence[str],
    entities_of: Mapping[str, Iterable[str]],
    papers_naming: Mapping[str, int],
    total: int,
    *,
    limit: int = 3,
    min_papers: int = 2,
) -> list[tuple[str, int]]:
    """The entities that tell a cluster apart: named far more often inside it than in the whole store.

    Each entity named by at least ``min_papers`` members scores its share inside the cluster times the log
    of how many times more common it is there (its contribution to the KL divergence of the cluster from
    the store). Returns ``(entity, members naming it)``, the most distinctive first.

    >>> entities = {"a": ["dataset:QM9", "task:RL"], "b": ["dataset:QM9"], "c": ["task:RL"]}
    >>> distinctive_entities(["a", "b"], entities, {"dataset:QM9": 2, "task:RL": 900}, 1000, min_papers=1)
    [('dataset:QM9', 2)]
    """
    counts = Counter(entity for paper in members for entity in set(entities_of.get(paper, ())))
    size = len(members)
    scored = []
    for entity, inside in counts.items():
        if inside < min_papers:
            continue
        share, overall = inside / size, max(papers_naming.get(entity, inside), inside) / max(total, 1)
        if share <= overall:
            continue
        scored.append((share * math.log(share / overall), entity, inside))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(entity, inside) for _, entity, inside in scored[:limit]]
