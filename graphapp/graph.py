"""Build the NetworkX graph from the store: typed paper and entity nodes, paper -> entity edges with evidence."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from extractors.links import repo_root
from graphapp.model import mention_origin
from graphapp.store import MentionRow, Store

#: Node types in drawing order; url entities become repo, hf or link nodes by their kind.
NODE_TYPES = ("paper", "dataset", "model", "method", "task", "repo", "hf", "link", "citation")
ENTITY_NODE_TYPES = NODE_TYPES[1:]
RELATIONS = ("proposes", "uses", "mentions", "links_to", "cites")
#: When one paper names one entity several times, the edge keeps the strongest relation.
RELATION_STRENGTH = {"proposes": 3, "uses": 2, "mentions": 1, "links_to": 1, "cites": 1}


def node_type(entity_type: str, kind: str | None) -> str:
    """The graph node type of an entity: urls split into repo (GitHub), hf (Hugging Face) and link.

    >>> node_type("url", "hf_dataset"), node_type("url", "github_repo"), node_type("dataset", None)
    ('hf', 'repo', 'dataset')
    """
    if entity_type != "url":
        return entity_type
    if kind == "github_repo":
        return "repo"
    if kind and kind.startswith("hf_"):
        return "hf"
    return "link"


def paper_node(paper_id: str) -> str:
    return f"paper:{paper_id}"


def entity_node(entity_type: str, name: str, kind: str | None = None) -> str:
    """The node id of an entity; links into a GitHub repo (…/tree/main/x) share the repo's node.

    >>> entity_node("url", "https://github.com/a/b/tree/main/src", "github_repo")
    'repo:https://github.com/a/b'
    """
    if kind == "github_repo":
        name = repo_root(name) or name
    return f"{node_type(entity_type, kind)}:{name}"


def _add_mention(graph: nx.DiGraph, row: MentionRow) -> None:
    target = entity_node(row.entity_type, row.name, row.kind)
    if target not in graph:
        name = target.split(":", 1)[1]
        graph.add_node(
            target,
            type=node_type(row.entity_type, row.kind),
            label=name,
            kind=row.kind or "",
            family=row.family or "",
            url=name if row.entity_type == "url" else "",
        )
    source = paper_node(row.paper_id)
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
            paper_node(paper.id),
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
