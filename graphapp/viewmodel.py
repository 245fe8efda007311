"""What each view of the explorer shows, computed without Streamlit: filtering, abstract highlighting, paper
tables and explained paths. The Streamlit code only lays these results out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import networkx as nx

from graphapp.graph import RELATION_STRENGTH, RELATIONS
from graphapp.model import arxiv_id, mention_origin
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
    code_always: bool = True
    """Repos and Hugging Face pages of the drawn papers stay whatever ``min_degree`` (one paper names most of them)."""
    has_code: bool = False
    """Only papers linking a GitHub repo or a Hugging Face page (and what they name)."""


#: Node types that are a paper's code, model or data release.
CODE_TYPES = frozenset({"repo", "hf"})


def has_code(graph: nx.DiGraph, paper: str) -> bool:
    """Whether a paper node links a GitHub repo or a Hugging Face page in ``graph``."""
    return any(graph.nodes[entity].get("type") in CODE_TYPES for entity in graph.successors(paper))


def filter_graph(graph: nx.DiGraph, filters: Filters, keep: Collection[str] = ()) -> nx.DiGraph:
    """The part of ``graph`` the filters let through; nodes in ``keep`` (the selection) always stay.

    Degrees are counted after the type and relation filters, in one pass: a node with fewer than ``min_degree``
    visible edges is hidden (not a repo or Hugging Face page, with ``code_always``), and so is a node whose edges
    all led to hidden nodes. With ``hide_isolated`` any node without an edge is hidden; with ``has_code``, any paper
    without a repo or Hugging Face link.

    >>> g = nx.DiGraph()
    >>> g.add_edges_from([("paper:a", "dataset:X"), ("paper:b", "dataset:X"), ("paper:b", "model:M")], relation="uses")
    >>> nx.set_node_attributes(g, {n: NodeId.parse(n).type for n in g}, "type")
    >>> sorted(filter_graph(g, Filters(min_degree=2)))
    ['dataset:X', 'paper:b']
    >>> sorted(filter_graph(g, Filters(min_degree=3), keep={"paper:a"}))
    ['paper:a']
    >>> g.add_edge("paper:b", "repo:b", relation="links_to"); g.nodes["repo:b"]["type"] = "repo"
    >>> sorted(filter_graph(g, Filters(has_code=True)))
    ['dataset:X', 'model:M', 'paper:b', 'repo:b']
    """

    def passes(node: str, data: dict) -> bool:
        if node in keep:
            return True
        if data.get("type") not in filters.node_types:
            return False
        return not (filters.has_code and data.get("type") == "paper" and not has_code(graph, node))

    result = nx.DiGraph()
    result.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if passes(node, data))
    result.add_edges_from(
        (u, v, data)
        for u, v, data in graph.edges(data=True)
        if data.get("relation") in filters.relations and u in result and v in result
    )
    if filters.min_degree > 0:
        exempt = CODE_TYPES if filters.code_always else frozenset()
        too_few = [
            node
            for node, data in result.nodes(data=True)
            if result.degree(node) < filters.min_degree and node not in keep and data.get("type") not in exempt
        ]
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
            (row.start, row.end, row)
            for row in mentions
            if row.field == field_name
            and row.start is not None
            and row.end is not None
            and 0 <= row.start < row.end <= len(text)
        ),
        key=lambda span: (span[0], -(span[1] - span[0])),
    )
    segments: list[Segment] = []
    position = 0
    for start, end, row in spans:
        if start < position:
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        node = NodeId.entity(row.entity_type, row.name, row.kind)
        segments.append(Segment(text[start:end], node.type, str(node), row.role or ""))
        position = end
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
    """A one-line key to the highlight colours of :func:`highlighted_html` (fixed text, no user data); any iterable
    of types, a generator included (it is read once).

    >>> legend_html(["model"])
    '<p class="pge-legend"><mark style="background-color: #E1575940; border-bottom: 2px solid #E15759">Model</mark></p>'
    >>> legend_html(t for t in ["task", "model"]).count("<mark")
    2
    """
    present = set(node_types)
    marks = [
        f'<mark style="{_mark_style(NODE_STYLES[node_type].color)}">{html_text(NODE_STYLES[node_type].label)}</mark>'
        for node_type in NODE_STYLES
        if node_type in present
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


_ARXIV_URL = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(?P<id>[^?#]+?)(?:\.pdf)?/?$", re.I)
_HF_PAPER_URL = re.compile(r"^https?://huggingface\.co/papers/(?P<id>[^/?#]+)/?$", re.I)


def paper_arxiv_id(paper_id: str, url: str | None = None) -> str | None:
    """The arXiv id of a paper, from its id or from an arXiv or Hugging Face paper URL; None when neither gives one.

    >>> paper_arxiv_id("arXiv:2503.11750"), paper_arxiv_id("x1", "https://arxiv.org/pdf/2106.09685v2.pdf")
    ('2503.11750', '2106.09685')
    >>> paper_arxiv_id("seed-001", "https://example.org/p") is None
    True
    """
    found = arxiv_id(paper_id)
    if found is None and url:
        match = _ARXIV_URL.match(url) or _HF_PAPER_URL.match(url)
        found = arxiv_id(match.group("id")) if match else None
    return found


def paper_links(paper_id: str, url: str | None = None) -> list[tuple[str, str]]:
    """A paper's pages as (label, URL): arXiv abstract, PDF and Hugging Face paper page when its arXiv id is known,
    then the page its source gave when it is none of those.

    >>> [label for label, _ in paper_links("2106.09685", "https://arxiv.org/abs/2106.09685")]
    ['arXiv', 'PDF', 'Hugging Face']
    >>> paper_links("seed-1", "https://example.org/p")
    [('Paper page', 'https://example.org/p')]
    """
    links = []
    if found := paper_arxiv_id(paper_id, url):
        links = [
            ("arXiv", f"https://arxiv.org/abs/{found}"),
            ("PDF", f"https://arxiv.org/pdf/{found}"),
            ("Hugging Face", f"https://huggingface.co/papers/{found}"),
        ]
    own = {link.rstrip("/").removesuffix(".pdf") for _, link in links}
    if url and url.rstrip("/").removesuffix(".pdf") not in own and not (found and paper_arxiv_id("", url) == found):
        links.append(("Paper page", url))
    return links


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a long list: rows ``start`` to ``stop`` (exclusive) of ``total``, page ``number`` of ``pages``."""

    start: int
    stop: int
    number: int
    pages: int
    total: int

    def caption(self, noun: str, nouns: str | None = None) -> str:
        """What the page shows and what it leaves out, never a silent cut.

        >>> page_of(1234, 2, 500).caption("link")
        'Showing 501–1,000 of 1,234 links (page 2 of 3).'
        >>> page_of(1, 1, 500).caption("match", "matches")
        '1 match.'
        """
        nouns = nouns or noun + "s"
        if self.pages <= 1:
            return plural(self.total, noun, nouns) + "."
        return (
            f"Showing {self.start + 1:,}–{self.stop:,} of {self.total:,} {nouns} (page {self.number} of {self.pages})."
        )


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and the noun, in the plural unless there is exactly one.

    >>> plural(1, "paper"), plural(2, "match", "matches"), plural(1_000, "entity", "entities")
    ('1 paper', '2 matches', '1,000 entities')
    """
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def page_of(total: int, number: int, size: int) -> Page:
    """Page ``number`` (from 1, clamped to the pages there are) of ``total`` rows, ``size`` per page.

    >>> page_of(0, 1, 20), page_of(45, 9, 20).start
    (Page(start=0, stop=0, number=1, pages=1, total=0), 40)
    """
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(start, min(total, start + size), number, pages, total)


def map_trail(graph: nx.DiGraph, origin: str | None, centre: str) -> list[str]:
    """The papers leading from ``origin`` (the paper a map was first opened on) to ``centre`` (the paper it is
    centred on now) over the map's own links, strongest links first; empty when either is off the map or no
    chain of links joins them.

    >>> g = nx.DiGraph([("paper:a", "paper:b"), ("paper:b", "paper:c")]); g.add_node("paper:z")
    >>> map_trail(g, "paper:a", "paper:c"), map_trail(g, "paper:a", "paper:z"), map_trail(g, None, "paper:a")
    (['paper:a', 'paper:b', 'paper:c'], [], [])
    """
    if origin is None or origin not in graph or centre not in graph:
        return []
    links = graph.to_undirected(as_view=True)
    try:
        return list(nx.shortest_path(links, origin, centre, weight=lambda _u, _v, data: 2.0 - data.get("weight", 0.0)))
    except nx.NetworkXNoPath:
        return []
