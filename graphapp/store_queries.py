"""The questions of :mod:`graphapp.queries`, answered from the SQLite store without building the whole graph.

Building the NetworkX graph of a 100k-paper store takes a minute and gigabytes; these functions read
only the rows a question needs, through the store's indexes, and answer with the same node ids, the
same order and the same scores as their graph counterparts (the tests check that they agree).

>>> from graphapp.model import Occurrence, Paper
>>> from graphapp.store import Store
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("a", "A", "x"), [Occurrence("dataset", "X", "uses", "X", "e")])
...     store.put_paper(Paper("b", "B", "x"), [Occurrence("dataset", "X", "uses", "X", "e")])
>>> papers_sharing(store, "dataset:X")
['paper:a', 'paper:b']
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable

import networkx as nx

from extractors.links import repo_root
from graphapp.graph import build_graph, entity_node, paper_node
from graphapp.queries import Related
from graphapp.store import Store

_URL_NODE_TYPES = {"repo", "hf", "link"}


def _repo_links(store: Store, root: str) -> dict[int, str]:
    """Every stored GitHub link into the repository ``root`` (its node gathers them all)."""
    return {eid: name for eid, name in store.github_links(root).items() if repo_root(name) == root}


def entity_ids(store: Store, node: str) -> set[int]:
    """The store ids of the entities an entity node such as ``"dataset:CIFAR-10"`` stands for.

    One entity in general; every link into a GitHub repository for a ``repo:`` node. Empty when no
    stored paper names it (the node is not in the graph).
    """
    prefix, _, name = node.partition(":")
    if prefix == "repo":
        ids = set(_repo_links(store, name))
    else:
        entity_type = "url" if prefix in _URL_NODE_TYPES else prefix
        ids = {
            eid for eid, kind in store.entities_named(entity_type, name) if entity_node(entity_type, name, kind) == node
        }
    return ids if store.is_named(ids) else set()


def _paper_exists(store: Store, node: str) -> bool:
    if not node.startswith("paper:"):
        return False
    return store.has_paper(node[6:])


def has_node(store: Store, node: str) -> bool:
    """Whether ``node`` (a paper or an entity some paper names) is in the store's graph."""
    return _paper_exists(store, node) or bool(entity_ids(store, node))


def _require(store: Store, node: str) -> None:
    if not has_node(store, node):
        raise KeyError(f"no node {node!r} in the graph")


def relation(store: Store, paper: str, entity: str) -> str:
    """The relation of the edge ``paper -> entity``, the strongest when the paper names it several times."""
    found = store.strongest_relation(paper.removeprefix("paper:"), entity_ids(store, entity))
    if found is None:
        raise KeyError(f"no edge {paper!r} -> {entity!r}")
    return found


def _papers_of(store: Store, ids: Iterable[int]) -> set[str]:
    return set(store.papers_naming(ids))


def _group(store: Store, rows: Iterable[tuple[int, str, str, str | None]]) -> dict[str, set[int]]:
    """Entity rows (id, type, name, kind) grouped into their nodes, each with all of its ids."""
    nodes: dict[str, set[int]] = {}
    for eid, etype, name, kind in rows:
        node = entity_node(etype, name, kind)
        if node not in nodes:
            nodes[node] = set(_repo_links(store, node[5:])) if node.startswith("repo:") else set()
        nodes[node].add(eid)
    return nodes


def _nodes(store: Store, ids: Iterable[int]) -> dict[str, set[int]]:
    """The entity nodes the given entity ids belong to, each with all of its ids (not only those given)."""
    return _group(store, store.entity_rows(ids))


def _nodes_of_paper(store: Store, paper_id: str) -> dict[str, set[int]]:
    """The entity nodes one paper names, in one indexed query."""
    return _group(store, store.entity_rows_of_paper(paper_id))


def _index(nodes: dict[str, set[int]]) -> tuple[list[str], dict[int, int]]:
    """The nodes in a list, and each entity id's position in it (for passing nodes to SQL as numbers)."""
    names = list(nodes)
    return names, {eid: position for position, node in enumerate(names) for eid in nodes[node]}


def _degrees(store: Store, nodes: dict[str, set[int]]) -> dict[str, int]:
    """How many papers name each entity node (its in-degree in the graph)."""
    single = {next(iter(ids)): node for node, ids in nodes.items() if len(ids) == 1}
    degrees = {single[eid]: count for eid, count in store.paper_counts(single).items()}
    for node, ids in nodes.items():
        if len(ids) > 1:  # a repository's node: papers naming any link into it count once
            degrees[node] = len(_papers_of(store, ids))
    return degrees


def ego(store: Store, node: str, radius: int = 1) -> nx.DiGraph:
    """Like :func:`graphapp.queries.ego`: the nodes within ``radius`` hops of ``node`` and the edges between them."""
    _require(store, node)
    papers: set[str] = set()
    entities: set[int] = set()
    if _paper_exists(store, node):
        new_papers, new_entities = {node[6:]}, set()
    else:
        new_papers, new_entities = set(), entity_ids(store, node)
    for _ in range(radius):
        papers |= new_papers
        entities |= new_entities
        reached = {eid for ids in _nodes(store, store.entities_of(new_papers)).values() for eid in ids}
        new_papers, new_entities = _papers_of(store, new_entities) - papers, reached - entities
    papers |= new_papers
    entities |= new_entities
    # Load each paper of the ball with all it names, then keep only the ball; an entity alone (radius 0)
    # still needs one paper naming it for its attributes.
    loaded = papers or set(itertools.islice(_papers_of(store, entities), 1))
    graph = build_graph(store, sorted(loaded))
    keep = {paper_node(paper) for paper in papers} | set(_nodes(store, entities))
    return graph.subgraph(keep).copy()


def papers_sharing(store: Store, entity: str) -> list[str]:
    """Like :func:`graphapp.queries.papers_sharing`: the papers that name ``entity``, sorted by id."""
    found = entity_ids(store, entity)
    if not found:
        raise KeyError(f"no node {entity!r} in the graph")
    return [paper_node(paper) for paper in sorted(_papers_of(store, found))]


def related_papers(store: Store, paper: str, limit: int = 10) -> list[Related]:
    """Like :func:`graphapp.queries.related_papers`: papers ranked by the summed rarity of what they share.

    SQLite sums the weights per paper and keeps the best; the scores of those within a hair of the
    cut are then summed exactly here, so ties rank as they do on the graph.
    """
    if not _paper_exists(store, paper):
        raise KeyError(f"no node {paper!r} in the graph")
    mine = _nodes_of_paper(store, paper[6:])
    degrees = _degrees(store, mine)
    paper_total = store.paper_count()
    names, position = _index(mine)
    weights = [math.log((1 + paper_total) / (1 + degrees[node])) + 1e-9 for node in names]
    rows = store.papers_sharing_weighted(paper[6:], position, weights, limit)
    ranked = []
    for other, shared_nodes in rows:
        shared = sorted((weights[i], names[i]) for i in shared_nodes)
        shared.sort(key=lambda item: (-item[0], item[1]))
        ranked.append((math.fsum(weight for weight, _ in shared), paper_node(other), shared))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [
        Related(other, round(score, 4), tuple(node for _, node in shared)) for score, other, shared in ranked[:limit]
    ]


class _Neighbours:
    """Lazy adjacency of the undirected graph with the hop costs of :func:`graphapp.queries.paper_path`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.degree: dict[str, int] = {}
        self.ids: dict[str, set[int]] = {}

    def _hop_cost(self, entity: str) -> float:
        return 1.0 + math.log1p(self.degree[entity])

    def of(self, node: str) -> list[tuple[str, float]]:
        if node.startswith("paper:"):
            nodes = _nodes_of_paper(self.store, node[6:])
            self.ids.update(nodes)
            unknown = {entity: ids for entity, ids in nodes.items() if entity not in self.degree}
            if unknown:
                self.degree.update(_degrees(self.store, unknown))
            return [(entity, self._hop_cost(entity)) for entity in sorted(nodes)]
        ids = self.ids.get(node) or entity_ids(self.store, node)
        papers = sorted(_papers_of(self.store, ids))
        self.degree[node] = len(papers)
        cost = self._hop_cost(node)
        return [(paper_node(paper), cost) for paper in papers]


def paper_path(store: Store, source: str, target: str) -> list[str] | None:
    """Like :func:`graphapp.queries.paper_path`: the cheapest chain of papers and shared entities, or None.

    A bidirectional Dijkstra that reads each node's neighbours from the store only when it reaches it,
    so it touches the neighbourhoods of the two ends rather than the whole graph. Among paths of equal
    cost it may return a different one than the graph version.
    """
    _require(store, source)
    _require(store, target)
    if source == target:
        return [source]
    adjacency = _Neighbours(store)
    distances: list[dict[str, float]] = [{}, {}]
    seen: list[dict[str, float]] = [{source: 0.0}, {target: 0.0}]
    parents: list[dict[str, str | None]] = [{source: None}, {target: None}]
    fringe: list[list[tuple[float, int, str]]] = [[(0.0, 0, source)], [(0.0, 0, target)]]
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
    forward, step = [], meeting
    while step is not None:
        forward.append(step)
        step = parents[0][step]
    backward, step = [], parents[1][meeting]
    while step is not None:
        backward.append(step)
        step = parents[1][step]
    return forward[::-1] + backward
