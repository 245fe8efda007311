"""Build the NetworkX graph from the store: typed paper and entity nodes, paper -> entity edges with evidence.

Nodes are keyed by their :class:`~graphapp.nodes.NodeId` text (``"dataset:CIFAR-10"``), which is what exports and
the browser show; each node's ``type`` attribute is its node type.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graphapp.model import mention_origin
from graphapp.nodes import NodeId
from graphapp.store import MentionRow, Store

RELATIONS = ("proposes", "uses", "mentions", "links_to", "cites")
#: When one paper names one entity several times, the edge keeps the strongest relation.
RELATION_STRENGTH = {"proposes": 3, "uses": 2, "mentions": 1, "links_to": 1, "cites": 1}


def _add_mention(graph: nx.DiGraph, row: MentionRow) -> None:
    node = NodeId.entity(row.entity_type, row.name, row.kind)
    target = str(node)
    if target not in graph:
        graph.add_node(
            target,
            type=node.type,
            label=node.key,
            kind=row.kind or "",
            family=row.family or "",
            url=node.key if row.entity_type == "url" else "",
        )
    source = str(NodeId.paper(row.paper_id))
    origin = mention_origin(row.field)
    existing = graph.get_edge_data(source, target)
    if existing is None:
        graph.add_edge(
            source,
            target,
            relation=row.relation,
            role=row.role or "",
            evidence=row.evidence,
            surface=row.surface,
            origin=origin,
            count=1,
        )
        return
    existing["count"] += 1
    if origin not in existing["origin"].split("+"):
        existing["origin"] = "+".join(sorted({*existing["origin"].split("+"), origin}))
    if RELATION_STRENGTH[row.relation] > RELATION_STRENGTH[existing["relation"]]:
        existing.update(relation=row.relation, role=row.role or "", evidence=row.evidence, surface=row.surface)


def build_graph(store: Store, paper_ids: Iterable[str] | None = None) -> nx.DiGraph:
    """The whole graph, or the subgraph of the given papers and everything they name.

    >>> from graphapp.store import Store
    >>> build_graph(Store(":memory:")).number_of_nodes()
    0
    """
    graph = nx.DiGraph()
    wanted = None if paper_ids is None else list(paper_ids)
    with store.snapshot():  # papers and mentions from one commit, even while an ingest writes
        _add_papers_and_mentions(graph, store, wanted)
    return graph


def _add_papers_and_mentions(graph: nx.DiGraph, store: Store, wanted: list[str] | None) -> None:
    for paper in store.papers(wanted):
        graph.add_node(
            str(NodeId.paper(paper.id)),
            type="paper",
            label=paper.title,
            title=paper.title,
            abstract=paper.abstract,
            url=paper.url or "",
            date=paper.date or "",
            authors=list(paper.authors),
            paper_id=paper.id,
        )
    for row in store.mentions(wanted):
        _add_mention(graph, row)
