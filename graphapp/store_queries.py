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
import json
import math
from collections.abc import Iterable

import networkx as nx

from graphapp.graph import build_graph, entity_node, node_type, paper_node
from graphapp.queries import Related
from graphapp.store import Store

_URL_NODE_TYPES = {"repo", "hf", "link"}


def _json(values: Iterable[object]) -> str:
    return json.dumps(list(values))


def entity_id(store: Store, node: str) -> int | None:
    """The store id of an entity node such as ``"dataset:CIFAR-10"``, if some stored paper names it."""
    prefix, _, name = node.partition(":")
    entity_type = "url" if prefix in _URL_NODE_TYPES else prefix
    row = store.connection.execute(
        "SELECT id, kind FROM entities WHERE type = ? AND name = ? "
        "AND EXISTS (SELECT 1 FROM mentions WHERE entity_id = entities.id)",
        (entity_type, name),
    ).fetchone()
    if row is None or node_type(entity_type, row[1]) != prefix:
        return None
    return row[0]


def _paper_exists(store: Store, node: str) -> bool:
    if not node.startswith("paper:"):
        return False
    return store.connection.execute("SELECT 1 FROM papers WHERE id = ?", (node[6:],)).fetchone() is not None


def _require(store: Store, node: str) -> None:
    if not (_paper_exists(store, node) or entity_id(store, node) is not None):
        raise KeyError(f"no node {node!r} in the graph")


def _entities_of(store: Store, paper_ids: Iterable[str]) -> set[int]:
    rows = store.connection.execute(
        "SELECT DISTINCT entity_id FROM mentions WHERE paper_id IN (SELECT value FROM json_each(?))",
        (_json(paper_ids),),
    )
    return {entity for (entity,) in rows}


def _papers_of(store: Store, entity_ids: Iterable[int]) -> set[str]:
    rows = store.connection.execute(
        "SELECT DISTINCT paper_id FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))",
        (_json(entity_ids),),
    )
    return {paper for (paper,) in rows}


def _entity_nodes(store: Store, entity_ids: Iterable[int]) -> dict[int, str]:
    rows = store.connection.execute(
        "SELECT id, type, name, kind FROM entities WHERE id IN (SELECT value FROM json_each(?))",
        (_json(entity_ids),),
    )
    return {eid: entity_node(etype, name, kind) for eid, etype, name, kind in rows}


def _degrees(store: Store, entity_ids: Iterable[int]) -> dict[int, int]:
    """How many papers name each entity (its in-degree in the graph)."""
    rows = store.connection.execute(
        "SELECT entity_id, count(DISTINCT paper_id) FROM mentions "
        "WHERE entity_id IN (SELECT value FROM json_each(?)) GROUP BY entity_id",
        (_json(entity_ids),),
    )
    return dict(rows.fetchall())


def ego(store: Store, node: str, radius: int = 1) -> nx.DiGraph:
    """Like :func:`graphapp.queries.ego`: the nodes within ``radius`` hops of ``node`` and the edges between them."""
    _require(store, node)
    papers: set[str] = set()
    entities: set[int] = set()
    if node.startswith("paper:") and _paper_exists(store, node):
        new_papers, new_entities = {node[6:]}, set()
    else:
        new_papers, new_entities = set(), {entity_id(store, node)}
    for _ in range(radius):
        papers |= new_papers
        entities |= new_entities
        new_papers, new_entities = _papers_of(store, new_entities) - papers, _entities_of(store, new_papers) - entities
    papers |= new_papers
    entities |= new_entities
    # Load each paper of the ball with all it names, then keep only the ball; an entity alone (radius 0)
    # still needs one paper naming it for its attributes.
    loaded = papers or set(itertools.islice(_papers_of(store, entities), 1))
    graph = build_graph(store, sorted(loaded))
    keep = {paper_node(paper) for paper in papers} | set(_entity_nodes(store, entities).values())
    return graph.subgraph(keep).copy()


def papers_sharing(store: Store, entity: str) -> list[str]:
    """Like :func:`graphapp.queries.papers_sharing`: the papers that name ``entity``, sorted by id."""
    found = entity_id(store, entity)
    if found is None:
        raise KeyError(f"no node {entity!r} in the graph")
    return [paper_node(paper) for paper in sorted(_papers_of(store, [found]))]


def related_papers(store: Store, paper: str, limit: int = 10) -> list[Related]:
    """Like :func:`graphapp.queries.related_papers`: papers ranked by the summed rarity of what they share.

    SQLite sums the weights per paper and keeps the best; the scores of those within a hair of the
    cut are then summed exactly here, so ties rank as they do on the graph.
    """
    if not _paper_exists(store, paper):
        raise KeyError(f"no node {paper!r} in the graph")
    mine = _entities_of(store, [paper[6:]])
    degrees = _degrees(store, mine)
    paper_total = store.paper_count()
    weights = {eid: math.log((1 + paper_total) / (1 + degrees[eid])) + 1e-9 for eid in mine}
    candidates = (
        "SELECT s.paper_id, sum(w.value) AS score, group_concat(s.entity_id) FROM "
        "(SELECT DISTINCT paper_id, entity_id FROM mentions WHERE entity_id IN (SELECT CAST(key AS INTEGER) "
        "FROM json_each(?1)) AND paper_id != ?2) s JOIN json_each(?1) w ON CAST(w.key AS INTEGER) = s.entity_id "
        "GROUP BY s.paper_id"
    )
    arguments = (json.dumps(weights), paper[6:])
    scores = [score for (score,) in store.connection.execute(
        f"SELECT score FROM ({candidates}) ORDER BY score DESC LIMIT ?3", (*arguments, limit)
    )]  # fmt: skip
    if not scores:
        return []
    cut = scores[-1] - 1e-6
    rows = store.connection.execute(f"SELECT * FROM ({candidates}) WHERE score >= ?3", (*arguments, cut)).fetchall()
    nodes = _entity_nodes(store, mine)
    ranked = []
    for other, _, shared_ids in rows:
        shared = sorted(
            ((weights[int(eid)], nodes[int(eid)]) for eid in shared_ids.split(",")), key=lambda x: (-x[0], x[1])
        )
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
        self.ids: dict[str, int] = {}

    def _hop_cost(self, entity: str) -> float:
        return 1.0 + math.log1p(self.degree[entity])

    def of(self, node: str) -> list[tuple[str, float]]:
        if node.startswith("paper:"):
            rows = self.store.connection.execute(
                "SELECT DISTINCT e.id, e.type, e.name, e.kind FROM mentions m JOIN entities e ON e.id = m.entity_id "
                "WHERE m.paper_id = ?",
                (node[6:],),
            ).fetchall()
            entities = {entity_node(etype, name, kind): eid for eid, etype, name, kind in rows}
            self.ids.update(entities)
            unknown = {entity: eid for entity, eid in entities.items() if entity not in self.degree}
            degrees = _degrees(self.store, unknown.values())
            self.degree.update((entity, degrees[eid]) for entity, eid in unknown.items())
            return [(entity, self._hop_cost(entity)) for entity in entities]
        eid = self.ids.get(node) or entity_id(self.store, node)
        papers = sorted(_papers_of(self.store, [eid]))
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
