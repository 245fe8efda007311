"""What each view of the explorer shows, computed without Streamlit: filtering, abstract highlighting, paper
tables and explained paths. The Streamlit code only lays these results out.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import networkx as nx

from graphapp.graph import RELATION_STRENGTH, RELATIONS
from graphapp.model import mention_origin
from graphapp.nodes import NODE_TYPES, NodeId
from graphapp.render import NODE_STYLES
from graphapp.safe import html_text
from graphapp.store import MentionRow


@dataclass(frozen=True, slots=True)
class Filters:
    """The sidebar's choices: which node types and relations to draw, and how connected a node must be."""

    node_types: frozenset[str] = frozenset(NODE_TYPES)
    relations: frozenset[str] = frozenset(RELATIONS)
    min_degree: int = 0
    hide_isolated: bool = False


def filter_graph(graph: nx.DiGraph, filters: Filters, keep: Collection[str] = ()) -> nx.DiGraph:
    """The part of ``graph`` the filters let through; nodes in ``keep`` (the selection) always stay.

    Degrees are counted after the type and relation filters, in one pass: a node with fewer than ``min_degree``
    visible edges is hidden, and so is a node whose edges all led to hidden nodes. With ``hide_isolated`` any node
    without an edge is hidden.

    >>> g = nx.DiGraph()
    >>> g.add_edges_from([("paper:a", "dataset:X"), ("paper:b", "dataset:X"), ("paper:b", "model:M")], relation="uses")
    >>> nx.set_node_attributes(g, {n: NodeId.parse(n).type for n in g}, "type")
    >>> sorted(filter_graph(g, Filters(min_degree=2)))
    ['dataset:X', 'paper:b']
    >>> sorted(filter_graph(g, Filters(min_degree=3), keep={"paper:a"}))
    ['paper:a']
    """
    result = nx.DiGraph()
    result.add_nodes_from(
        (node, data) for node, data in graph.nodes(data=True) if data.get("type") in filters.node_types or node in keep
    )
    result.add_edges_from(
        (u, v, data)
        for u, v, data in graph.edges(data=True)
        if data.get("relation") in filters.relations and u in result and v in result
    )
    if filters.min_degree > 0:
        too_few = [node for node in result if result.degree(node) < filters.min_degree and node not in keep]
        had_edges = [node for node in result if result.degree(node) > 0]
        result.remove_nodes_from(too_few)
        stranded = [node for node in had_edges if node in result and result.degree(node) == 0 and node not in keep]
        result.remove_nodes_from(stranded)
    if filters.hide_isolated:
        result.remove_nodes_from([node for node in list(result) if result.degree(node) == 0 and node not in keep])
    return result


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of abstract text, either plain or naming one entity."""

    text: str
    node_type: str | None = None
    node: str | None = None
    role: str = ""


def abstract_segments(text: str, mentions: Iterable[MentionRow], field_name: str = "abstract") -> list[Segment]:
    """``text`` cut into plain runs and entity mentions, in order; overlapping mentions keep the longest.

    Spans that do not fit the text (a stale store, a different field) are skipped rather than trusted.

    >>> from graphapp.store import MentionRow
    >>> row = MentionRow("p", "dataset", "CIFAR-10", None, None, "uses", "used", "abstract", 7, 15, "CIFAR-10", "")
    >>> [(s.text, s.node_type) for s in abstract_segments("We use CIFAR-10 here.", [row])]
    [('We use ', None), ('CIFAR-10', 'dataset'), (' here.', None)]
    """
    spans = sorted(
        (
            row
            for row in mentions
            if row.field == field_name
            and row.start is not None
            and row.end is not None
            and 0 <= row.start < row.end <= len(text)
        ),
        key=lambda row: (row.start, -(row.end - row.start)),
    )
    segments: list[Segment] = []
    position = 0
    for row in spans:
        if row.start < position:
            continue
        if row.start > position:
            segments.append(Segment(text[position : row.start]))
        node = NodeId.entity(row.entity_type, row.name, row.kind)
        segments.append(Segment(text[row.start : row.end], node.type, str(node), row.role or ""))
        position = row.end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


def highlighted_html(segments: Iterable[Segment]) -> str:
    """The abstract as HTML: every character escaped, each entity in a ``<mark>`` coloured by its type.

    >>> html = highlighted_html([Segment("<b>"), Segment("BERT", "model", "model:BERT")])
    >>> html.startswith('<p class="pge-abstract">&lt;b&gt;<mark class="pge-model"')
    True
    >>> 'title="Model: BERT">BERT</mark></p>' in html
    True
    """
    parts = []
    for segment in segments:
        if segment.node_type is None:
            parts.append(html_text(segment.text))
            continue
        style = NODE_STYLES.get(segment.node_type, NODE_STYLES["link"])
        name = NodeId.parse(segment.node).key if segment.node else segment.text
        title = f"{style.label}: {name}" + (f" ({segment.role})" if segment.role else "")
        parts.append(
            f'<mark class="pge-{segment.node_type}" style="{_mark_style(style.color)}" title="{html_text(title)}">'
            f"{html_text(segment.text)}</mark>"
        )
    return f'<p class="pge-abstract">{"".join(parts)}</p>'


def legend_html(node_types: Iterable[str]) -> str:
    """A one-line key to the highlight colours of :func:`highlighted_html` (fixed text, no user data).

    >>> legend_html(["model"])
    '<p class="pge-legend"><mark style="background-color: #E1575940; border-bottom: 2px solid #E15759">Model</mark></p>'
    """
    marks = [
        f'<mark style="{_mark_style(NODE_STYLES[node_type].color)}">{html_text(NODE_STYLES[node_type].label)}</mark>'
        for node_type in NODE_STYLES
        if node_type in set(node_types)
    ]
    return f'<p class="pge-legend">{" ".join(marks)}</p>'


def _mark_style(color: str) -> str:
    return f"background-color: {color}40; border-bottom: 2px solid {color}"


@dataclass(slots=True)
class EntityRow:
    """One entity a paper names, with how it relates to it, as the Paper view lists it."""

    node: str
    node_type: str
    name: str
    relation: str
    role: str
    origin: str
    evidence: str
    fields: set[str] = field(default_factory=set)


def paper_entities(mentions: Iterable[MentionRow]) -> list[EntityRow]:
    """A paper's entities, one row each (the strongest relation wins), grouped by type in legend order."""
    rows: dict[str, EntityRow] = {}
    for mention in mentions:
        entity = NodeId.entity(mention.entity_type, mention.name, mention.kind)
        node = str(entity)
        origin = mention_origin(mention.field)
        row = rows.get(node)
        if row is None:
            rows[node] = EntityRow(
                node, entity.type, mention.name, mention.relation, mention.role or "", origin,
                mention.evidence, {origin},
            )  # fmt: skip
            continue
        row.fields.add(origin)
        row.origin = "+".join(sorted(row.fields))
        if RELATION_STRENGTH.get(mention.relation, 0) > RELATION_STRENGTH.get(row.relation, 0):
            row.relation, row.role, row.evidence = mention.relation, mention.role or "", mention.evidence
    order = {node_type: index for index, node_type in enumerate(NODE_TYPES)}
    return sorted(rows.values(), key=lambda row: (order.get(row.node_type, 99), row.name.casefold()))


@dataclass(frozen=True, slots=True)
class PathLink:
    """One entity on a path between papers: the paper before it, the paper after it, and what each says."""

    left: str
    left_relation: str
    left_evidence: str
    entity: str
    right: str
    right_relation: str
    right_evidence: str


def explain_path(graph: nx.DiGraph, path: list[str]) -> list[PathLink]:
    """A paper-entity-paper-... path as the entities that link each pair of consecutive papers.

    >>> g = nx.DiGraph()
    >>> g.add_edge("paper:a", "dataset:X", relation="uses", evidence="A uses X.")
    >>> g.add_edge("paper:b", "dataset:X", relation="proposes", evidence="We propose X.")
    >>> explain_path(g, ["paper:a", "dataset:X", "paper:b"])[0].right_relation
    'proposes'
    """
    links = []
    for left, entity, right in itertools.islice(zip(path, path[1:], path[2:], strict=False), 0, None, 2):
        left_edge = graph.get_edge_data(left, entity) or {}
        right_edge = graph.get_edge_data(right, entity) or {}
        left_facts = (left_edge.get("relation", ""), left_edge.get("evidence", ""))
        right_facts = (right_edge.get("relation", ""), right_edge.get("evidence", ""))
        links.append(PathLink(left, *left_facts, entity, right, *right_facts))
    return links


def coverage_line(
    *, loaded: int, passed: int, drawn: int, papers: tuple[int, int] | None = None, physics: bool = True
) -> str:
    """The "showing N of M" line under a graph: how much of what was loaded is drawn, and why the rest is not.

    >>> coverage_line(loaded=378, passed=124, drawn=124)
    'Showing 124 of 378 nodes; the filters hide 254.'
    >>> print(coverage_line(loaded=994, passed=994, drawn=400, papers=(400, 3000), physics=False))
    Showing 400 of 994 nodes; only the 400 most connected are drawn; 400 of 3,000 papers loaded; layout computed...
    """
    parts = [f"Showing {drawn:,} of {loaded:,} nodes"]
    if passed < loaded:
        parts.append(f"the filters hide {loaded - passed:,}")
    if drawn < passed:
        parts.append(f"only the {drawn:,} most connected are drawn")
    if papers is not None:
        parts.append(f"{papers[0]:,} of {papers[1]:,} papers loaded")
    if not physics:
        parts.append("layout computed in Python")
    return "; ".join(parts) + "."


def node_name(node: str) -> str:
    """What a node id names: an entity's name (a paper's id), read from the id alone.

    >>> node_name("dataset:CIFAR-10"), node_name("repo:https://github.com/a/b"), node_name("odd")
    ('CIFAR-10', 'https://github.com/a/b', 'odd')
    """
    return NodeId.parse(node).key or node


def node_label(graph: nx.DiGraph, node: str) -> str:
    """The title of a paper node, the name of an entity node, or the name in its id when the graph lacks it."""
    if node not in graph:
        return node_name(node)
    data = graph.nodes[node]
    return data.get("title") or data.get("label") or node
