"""A map around one paper: its most related papers, the links among them, positioned by similarity.

The Connected Papers idea, built from the store's texts and entities: the seed paper in the middle, the ~40
papers most related to it (:func:`graphapp.queries.related.related`, over the seed's nearest papers, the nearest
papers of those, and the papers sharing its rare entities), linked where their texts are alike or where they
share a specific entity, laid out so that alike papers sit close (:mod:`graphapp.analysis.layout`) and grouped
into clusters (:mod:`graphapp.analysis.communities`). :func:`map_graph` turns it into a graph for the exports.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("a", "Flood maps", "x", authors=["Ada Lovelace", "B"], date="2025-04-02"),
...                     [Occurrence("dataset", "FloodNet", "uses", "FloodNet", "e")])
...     store.put_paper(Paper("b", "Flood depth", "x", date="2024-01-01"),
...                     [Occurrence("dataset", "FloodNet", "uses", "FloodNet", "e")])
>>> found = paper_map(store, "paper:a")
>>> [(node.paper, node.label) for node in found.nodes]
[('paper:a', 'Lovelace et al. 2025'), ('paper:b', 'Flood depth (2024)')]
>>> found.links[0].via
('dataset:FloodNet',)
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass

import networkx as nx

from graphapp.analysis.communities import leiden_communities
from graphapp.analysis.layout import similarity_layout
from graphapp.analysis.scoring import SharedEntity, entity_weight, is_hub
from graphapp.model import Paper
from graphapp.nodes import NodeId
from graphapp.queries.lookup import degrees, nodes_of, require_paper
from graphapp.queries.related import related
from graphapp.store import Store

#: Papers on a map beside the seed.
MAP_SIZE = 40
#: An entity links the map papers naming it only when at most this many of them do (beyond, it is a theme
#: of the whole map, not a link between two of its papers).
MAX_ENTITY_LINKS = 6


@dataclass(frozen=True, slots=True)
class MapNode:
    """A paper on the map: where it sits, its label ("First author et al. YEAR", or a short title and year),
    its title and date, how related it is to the seed (``score``, ``similarity``), and its cluster number."""

    paper: str
    label: str
    title: str
    short_title: str
    date: str
    year: str
    authors: tuple[str, ...]
    x: float
    y: float
    score: float
    similarity: float
    cluster: int
    seed: bool


@dataclass(frozen=True, slots=True)
class MapLink:
    """Two map papers linked by similar text (``similarity`` > 0) and/or the specific entities both name."""

    source: str
    target: str
    similarity: float
    via: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class PaperMap:
    """The map of one seed paper: its nodes (the seed first, then by relatedness) and links."""

    seed: str
    nodes: tuple[MapNode, ...]
    links: tuple[MapLink, ...]

    def to_dict(self) -> dict:
        """Plain JSON-ready data: ``{"seed": ..., "nodes": [...], "links": [...]}``."""
        return {"seed": self.seed, "nodes": [asdict(n) for n in self.nodes], "links": [asdict(k) for k in self.links]}


def short_title(title: str, words: int = 6) -> str:
    """The title's name before a colon, else its first words.

    >>> short_title("FloodNet: A High Resolution Aerial Imagery Dataset"), short_title("A B C D E F G H")
    ('FloodNet', 'A B C D E F…')
    """
    named = re.match(r"\s*([^:]+?)\s*:", title)  # a title's name, not a node id
    if named and len(named.group(1).split()) <= 4:
        return named.group(1)
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def paper_label(paper: Paper) -> str:
    """ "Surname et al. YEAR" (or "Surname YEAR" for one author); without authors, the short title and year.

    >>> paper_label(Paper("x", "Attention Is All You Need", "", authors=["Ashish Vaswani", "N"], date="2017-06-12"))
    'Vaswani et al. 2017'
    """
    year = _year(paper.date)
    if paper.authors:
        surname = (
            paper.authors[0].split(",")[0].split()[-1]
            if "," not in paper.authors[0]
            else paper.authors[0].split(",")[0]
        )
        who = f"{surname} et al." if len(paper.authors) > 1 else surname
        return f"{who} {year}".strip()
    return f"{short_title(paper.title)} ({year})" if year else short_title(paper.title)


def _year(date: str | None) -> str:
    match = re.match(r"\d{4}", date or "")
    return match.group(0) if match else ""


def paper_map(store: Store, paper: str | NodeId, size: int = MAP_SIZE) -> PaperMap:
    """The map of ``paper`` with up to ``size`` related papers (see the module). KeyError for an unknown paper."""
    with store.snapshot():
        seed = require_paper(store, paper)
        ranked = related(store, seed, limit=size, wider=True, min_score=0.0)  # a map shows its whole neighbourhood
        ids = [seed.key, *(NodeId.parse(r.paper).key for r in ranked)]
        papers = {p.id: p for p in store.papers(ids)}
        text_links = store.nearest_links(ids)
        entity_links = _entity_links(store, ids)
    pairs: dict[tuple[str, str], tuple[float, list[str], float]] = {}
    for one, other, similarity in text_links:
        key = (one, other) if one < other else (other, one)
        pairs[key] = (max(similarity, pairs.get(key, (0.0, [], 0.0))[0]), [], 0.0)
    for key, (entities, strength) in entity_links.items():
        similarity, _, _ = pairs.get(key, (0.0, [], 0.0))
        pairs[key] = (similarity, entities, strength)
    links = tuple(
        MapLink(str(NodeId.paper(a)), str(NodeId.paper(b)), round(s, 4), tuple(via), round(s + 0.5 * strength, 4))
        for (a, b), (s, via, strength) in sorted(pairs.items())
    )
    weighted = [(link.source, link.target, link.weight) for link in links]
    nodes_in_order = [str(NodeId.paper(pid)) for pid in ids]
    positions = similarity_layout(nodes_in_order, weighted, centre=str(seed))
    cluster_of = {node: number for number, group in enumerate(leiden_communities(weighted)) for node in group}
    scores = {r.paper: r for r in ranked}
    nodes = []
    for node in nodes_in_order:
        record = papers[NodeId.parse(node).key]
        found = scores.get(node)
        nodes.append(
            MapNode(
                node,
                paper_label(record),
                record.title,
                short_title(record.title),
                record.date or "",
                _year(record.date),
                tuple(record.authors[:3]),
                *positions[node],
                found.score if found else 1.0,
                found.similarity if found else 1.0,
                cluster_of.get(node, -1),
                node == str(seed),
            )
        )
    return PaperMap(str(seed), tuple(nodes), links)


def _entity_links(store: Store, ids: list[str]) -> dict[tuple[str, str], tuple[list[str], float]]:
    """Pairs of the papers that both name a specific entity few of them name, with those entities and their
    combined strength."""
    naming: dict[int, set[str]] = defaultdict(set)
    for paper, entity in store.paper_entity_pairs(ids):
        naming[entity].add(paper)
    shared = {entity: papers for entity, papers in naming.items() if 2 <= len(papers) <= MAX_ENTITY_LINKS}
    nodes = nodes_of(store, shared)
    counts = degrees(store, nodes)
    total = store.paper_count()
    pairs: dict[tuple[str, str], tuple[list[str], float]] = {}
    for node, entity_ids in sorted(nodes.items()):
        if is_hub(counts[node], total):
            continue
        parsed = NodeId.parse(node)
        weight = entity_weight(SharedEntity(node, parsed.key, parsed.type, counts[node]), total)
        papers = sorted(set().union(*(shared[eid] for eid in entity_ids if eid in shared)))
        for i, one in enumerate(papers):
            for other in papers[i + 1 :]:
                via, strength = pairs.get((one, other), ([], 0.0))
                pairs[(one, other)] = ([*via, node], 1 - (1 - strength) * (1 - weight))
    return pairs


def map_graph(paper_map: PaperMap) -> nx.DiGraph:
    """The map as a graph for :func:`graphapp.export.export_graph`: paper nodes with their position, label,
    date and cluster; one edge per link with its similarity and shared entities."""
    graph = nx.DiGraph()
    for node in paper_map.nodes:
        graph.add_node(
            node.paper,
            type="paper",
            label=node.label,
            title=node.title,
            date=node.date,
            x=node.x,
            y=node.y,
            cluster=node.cluster,
            score=node.score,
            seed=int(node.seed),
        )
    for link in paper_map.links:
        graph.add_edge(
            link.source, link.target, similarity=link.similarity, via="; ".join(link.via), weight=link.weight
        )
    return graph
