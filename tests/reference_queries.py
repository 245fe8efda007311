"""The reference answers: the questions of :mod:`graphapp.queries` answered on a whole NetworkX graph.

Every function takes the graph built by :func:`graphapp.graph.build_graph`, in which every edge goes from
a paper to an entity, and node ids such as ``"paper:2303.12345"`` or ``"dataset:CIFAR-10"``. They are short
and obviously right on a graph held in memory, which is why they stay here: the tests check the store-backed
queries against them, and ``bench/bench_queries.py`` times them as the baseline. Scores come from
:mod:`graphapp.queries.scoring`, the same formulas the store-backed queries use.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graphapp.nodes import ENTITY_NODE_TYPES
from graphapp.queries.scoring import Related, rank_related, rarity


def _require(graph: nx.DiGraph, node: str) -> None:
    if node not in graph:
        raise KeyError(f"no node {node!r} in the graph")


def ego(graph: nx.DiGraph, node: str, radius: int = 1) -> nx.DiGraph:
    """The subgraph within ``radius`` hops of ``node``, ignoring edge direction.

    >>> g = nx.DiGraph([("paper:a", "dataset:X"), ("paper:b", "dataset:X"), ("paper:b", "model:M")])
    >>> sorted(ego(g, "paper:a", radius=2))
    ['dataset:X', 'paper:a', 'paper:b']
    """
    _require(graph, node)
    return nx.ego_graph(graph, node, radius=radius, undirected=True).copy()


def papers_sharing(graph: nx.DiGraph, entity: str) -> list[str]:
    """The papers that name ``entity``, sorted by id.

    >>> g = nx.DiGraph([("paper:b", "dataset:X"), ("paper:a", "dataset:X")])
    >>> papers_sharing(g, "dataset:X")
    ['paper:a', 'paper:b']
    """
    _require(graph, entity)
    return sorted(graph.predecessors(entity))


def entity_counts(graph: nx.DiGraph, node_type: str, min_papers: int = 1) -> list[tuple[str, list[str]]]:
    """Entities of one type with the papers naming each, the most shared first.

    >>> g = nx.DiGraph([("paper:a", "dataset:X"), ("paper:b", "dataset:X"), ("paper:a", "dataset:Y")])
    >>> nx.set_node_attributes(g, {"dataset:X": "dataset", "dataset:Y": "dataset"}, "type")
    >>> [(entity, len(papers)) for entity, papers in entity_counts(g, "dataset")]
    [('dataset:X', 2), ('dataset:Y', 1)]
    """
    rows = [
        (node, papers_sharing(graph, node)) for node, data in graph.nodes(data=True) if data.get("type") == node_type
    ]
    rows = [(node, papers) for node, papers in rows if len(papers) >= min_papers]
    return sorted(rows, key=lambda row: (-len(row[1]), row[0].casefold()))


def related_papers(graph: nx.DiGraph, paper: str, limit: int = 10) -> list[Related]:
    """Papers ranked by the summed rarity of the entities they share with ``paper``.

    >>> g = nx.DiGraph([("paper:a", "d:rare"), ("paper:b", "d:rare"), ("paper:a", "m:common"),
    ...                 ("paper:b", "m:common"), ("paper:c", "m:common"), ("paper:d", "x:other")])
    >>> from graphapp.nodes import NodeId
    >>> nx.set_node_attributes(g, {n: NodeId.parse(n).type for n in g}, "type")
    >>> [r.paper for r in related_papers(g, "paper:a")]
    ['paper:b', 'paper:c']
    """
    _require(graph, paper)
    paper_total = sum(1 for _, kind in graph.nodes(data="type") if kind == "paper")
    shared: dict[str, list[tuple[float, str]]] = {}
    for entity in graph.successors(paper):
        weight = rarity(graph.in_degree(entity), paper_total)
        for other in graph.predecessors(entity):
            if other != paper:
                shared.setdefault(other, []).append((weight, entity))
    return rank_related(shared, limit)


def hop_cost(papers_naming: int) -> float:
    """The cost of a path's hop through an entity: hops through widely shared entities cost more, so a path
    prefers the specific link ("both use CoRe50") over the generic one ("both mention Transformer").

    >>> hop_cost(2) < hop_cost(500)
    True
    """
    return 1.0 + math.log1p(papers_naming)


def paper_path(graph: nx.DiGraph, source: str, target: str) -> list[str] | None:
    """The shortest chain of papers and shared entities linking two nodes, or None if unconnected.

    Hops through widely shared entities cost more, so the path prefers the specific link ("both use
    CoRe50") over the generic one ("both mention Transformer").

    >>> g = nx.DiGraph([("paper:a", "m:T"), ("paper:b", "m:T"), ("paper:b", "d:X"), ("paper:c", "d:X")])
    >>> paper_path(g, "paper:a", "paper:c")
    ['paper:a', 'm:T', 'paper:b', 'd:X', 'paper:c']
    """
    _require(graph, source)
    _require(graph, target)
    undirected = graph.to_undirected(as_view=True)

    def cost(u: str, v: str, _data: dict) -> float:
        entity = v if graph.nodes[v].get("type") != "paper" else u
        return hop_cost(graph.in_degree(entity))

    try:
        return nx.dijkstra_path(undirected, source, target, weight=cost)
    except nx.NetworkXNoPath:
        return None


def path_steps(graph: nx.DiGraph, path: list[str]) -> list[tuple[str, str, str]]:
    """Each hop of a path as (from, relation, to), reading relations in their stored direction."""
    steps = []
    for u, v in itertools.pairwise(path):
        data = graph.get_edge_data(u, v) or graph.get_edge_data(v, u) or {}
        steps.append((u, data.get("relation", ""), v))
    return steps


def node_type_counts(graph: nx.DiGraph) -> dict[str, int]:
    """How many nodes of each type the graph holds (papers included).

    >>> g = nx.DiGraph(); g.add_node("paper:a", type="paper"); g.add_node("model:M", type="model")
    >>> node_type_counts(g)
    {'paper': 1, 'model': 1}
    """
    counts = Counter(kind for _, kind in graph.nodes(data="type"))
    return {kind: counts[kind] for kind in ("paper", *ENTITY_NODE_TYPES) if counts[kind]}


@dataclass(frozen=True, slots=True)
class CodeLink:
    """A paper's link to code, a model, a dataset or a project page, and where it came from."""

    paper: str
    url: str
    kind: str
    origin: str
    """text, metadata, or metadata+text."""


def code_links(graph: nx.DiGraph) -> list[CodeLink]:
    """Every repo, Hugging Face and other link of every paper, grouped by paper (as :mod:`graphapp.queries.links`)."""
    links = []
    for paper, target, data in graph.edges(data=True):
        if data.get("relation") != "links_to":
            continue
        node = graph.nodes[target]
        links.append(CodeLink(paper, node.get("url") or node.get("label", ""), node.get("kind", ""), data["origin"]))
    return sorted(links, key=lambda link: (link.paper, link.kind != "github_repo", link.url))
