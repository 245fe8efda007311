"""Turn a graph into the data the browser draws: styled nodes and edges, plain-text tooltips, a bounded node count.

The nodes and edges are assembled with pyvis's :class:`~pyvis.network.Network` (its vis-network option names), but
pyvis's HTML template is never used: it loads Bootstrap from a CDN and renders tooltips as HTML. Instead the result
is plain JSON for :mod:`graphapp.component`, whose script builds every tooltip with ``textContent``. Nothing here is
HTML: untrusted text stays data until the browser shows it as text.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

import networkx as nx
from pyvis.network import Network

from graphapp.graph import RELATIONS
from graphapp.nodes import NODE_TYPES
from graphapp.safe import safe_url

#: Nodes sent to the browser at most; the rest are left out, the least connected first. NetworkX's ForceAtlas2
#: layout (numpy only) takes about 2 s for 400 nodes on two cores, once per drawn graph (it is cached).
MAX_BROWSER_NODES = 400
#: Above this many nodes the layout is computed in Python and the browser's physics stays off (vis-network needs
#: about 1.7 s to stabilise 250 nodes in headless Chromium on two cores, 3 s for 400).
PHYSICS_MAX_NODES = 250
LABEL_CHARS = 32
TOOLTIP_CHARS = 280


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """How one node type is drawn and named in the legend."""

    label: str
    color: str
    shape: str
    symbol: str


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    """How one relation is drawn."""

    color: str
    width: float
    dashes: bool | list[int]


NODE_STYLES: dict[str, NodeStyle] = {
    "paper": NodeStyle("Paper", "#4E79A7", "dot", "●"),
    "dataset": NodeStyle("Dataset", "#F28E2B", "square", "■"),
    "model": NodeStyle("Model", "#E15759", "diamond", "◆"),
    "method": NodeStyle("Method", "#59A14F", "triangle", "▲"),
    "task": NodeStyle("Task", "#76B7B2", "triangleDown", "▼"),
    "repo": NodeStyle("GitHub repo", "#6F4E7C", "hexagon", "⬢"),
    "hf": NodeStyle("Hugging Face", "#EDC948", "star", "★"),
    "link": NodeStyle("Other link", "#9C755F", "dot", "●"),
    "citation": NodeStyle("Citation", "#A0A0A0", "square", "■"),
}
EDGE_STYLES: dict[str, EdgeStyle] = {
    "proposes": EdgeStyle("#3B3B3B", 2.5, False),
    "uses": EdgeStyle("#8C8C8C", 1.5, False),
    "mentions": EdgeStyle("#B8B8B8", 1.0, [4, 4]),
    "links_to": EdgeStyle("#8E6CA0", 1.2, [2, 3]),
    "cites": EdgeStyle("#B0B0B0", 1.0, [6, 3]),
}
assert set(NODE_STYLES) == set(NODE_TYPES) and set(EDGE_STYLES) == set(RELATIONS)


def short_label(node_type: str, name: str, limit: int = LABEL_CHARS) -> str:
    """A compact label: URLs without their scheme (GitHub and Hugging Face as ``owner/name``), long text cut.

    >>> short_label("repo", "https://github.com/openai/whisper"), short_label("paper", "A" * 40, 10)
    ('openai/whisper', 'AAAAAAAAA…')
    """
    text = " ".join(name.split())
    if node_type in ("repo", "hf", "link"):
        parts = urlsplit(text)
        path = parts.path.strip("/")
        if node_type == "hf" and path.startswith(("datasets/", "spaces/")):
            path = path.split("/", 1)[1]
        text = path if node_type in ("repo", "hf") and path else (parts.netloc + parts.path).rstrip("/")
    return _snippet(text, limit)


def _snippet(text: str, limit: int = TOOLTIP_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _tooltip(graph: nx.DiGraph, node: str, data: dict) -> dict[str, str]:
    """Heading, one line of facts and a snippet: shown by the browser as text, never as HTML."""
    node_type = data.get("type", "")
    style = NODE_STYLES.get(node_type)
    kind = style.label if style else node_type
    if node_type == "paper":
        facts = " · ".join(
            part for part in (kind, data.get("date", ""), ", ".join(data.get("authors") or [])[:80]) if part
        )
        return {"heading": data.get("title", node), "facts": facts, "text": _snippet(data.get("abstract", ""))}
    papers = graph.in_degree(node)
    facts = f"{kind} · named by {papers} paper{'s' if papers != 1 else ''} in this view"
    url = safe_url(data.get("url"))
    text = f"{url}\nDouble-click to open it in a new tab." if url else ""
    return {"heading": data.get("label", node), "facts": facts, "text": text}


def node_size(degree: int) -> float:
    """Radius in pixels: grows with the square root of the degree so hubs stand out without swamping the rest."""
    return round(min(42.0, 9.0 + 4.0 * math.sqrt(degree)), 1)


def label_size(node_type: str, degree: int) -> int:
    """Font size: entities named by many papers get the largest labels, readable when the whole graph is in view;
    paper titles stay small and appear as one zooms in (vis-network hides labels below a few pixels).
    """
    if node_type == "paper":
        return 12
    return int(min(34, 15 + 3.5 * math.sqrt(degree)))


def _ranked_nodes(graph: nx.DiGraph, pinned: Collection[str], limit: int) -> list[str]:
    """The nodes kept when capping: pinned ones, then the most connected (ties by id, so the result is stable)."""
    ranked = sorted(graph.nodes, key=lambda node: (node not in pinned, -graph.degree(node), node))
    return ranked[:limit]


def python_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """A force-directed layout computed in Python, in vis-network's pixel coordinates; the same graph is laid out
    once (a click or a highlight reruns the app but does not change the graph). ForceAtlas2's strong gravity keeps
    small components next to the main one instead of flinging them to the edges of the picture.
    """
    return _cached_layout(tuple(sorted(graph)), tuple(sorted(graph.edges)))


@functools.lru_cache(maxsize=16)
def _cached_layout(nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...]) -> dict[str, tuple[float, float]]:
    if not nodes:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    positions = nx.forceatlas2_layout(graph, seed=7, max_iter=60, gravity=1.0, strong_gravity=True)
    positions = nx.rescale_layout_dict(positions)
    scale = 60.0 * math.sqrt(len(nodes))
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in positions.items()}


def vis_options(*, physics: bool, node_count: int) -> dict:
    """vis-network options: labels drawn with a halo, edge labels only when zoomed in, physics only when small."""
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {"size": 13, "face": "Source Sans Pro, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 8}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "smooth": False,
            "font": {"size": 10, "color": "#444444", "strokeWidth": 3, "align": "middle"},
            "scaling": {"label": {"drawThreshold": 9}},
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": False, "hideEdgesOnDrag": node_count > 300},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.02,
                "springLength": 75,
                "springConstant": 0.08,
                "avoidOverlap": 0.5,
            },
            "stabilization": {"enabled": physics, "iterations": 400, "updateInterval": 50, "fit": True},
        },
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 100},
    }


def graph_payload(
    graph: nx.DiGraph,
    *,
    selected: str | None = None,
    highlight: Collection[str] = (),
    max_nodes: int = MAX_BROWSER_NODES,
    physics_max_nodes: int = PHYSICS_MAX_NODES,
) -> dict:
    """Everything the graph component needs to draw ``graph``, as JSON-ready data.

    At most ``max_nodes`` nodes are kept (the selected and highlighted ones always); ``shown`` and ``total``
    let the app say "showing N of M". When ``highlight`` is given, every other node and edge is dimmed.

    >>> g = nx.DiGraph(); g.add_node("paper:a", type="paper", title="<b>A</b>", label="<b>A</b>", abstract="x")
    >>> payload = graph_payload(g)
    >>> payload["nodes"][0]["label"], payload["shown"], payload["physics"]
    ('<b>A</b>', 1, True)
    """
    pinned = {node for node in (selected, *highlight) if node and node in graph}
    kept = _ranked_nodes(graph, pinned, max_nodes)
    shown = graph.subgraph(kept)
    physics = shown.number_of_nodes() <= physics_max_nodes
    positions = {} if physics else python_layout(shown)
    dimmed = bool(highlight)
    lit = set(highlight)

    net = Network(directed=True)
    for node in kept:
        data = graph.nodes[node]
        node_type = data.get("type", "link")
        style = NODE_STYLES.get(node_type, NODE_STYLES["link"])
        degree = shown.degree(node)
        extra: dict = {"ntype": node_type, "tip": _tooltip(graph, node, data), "size": node_size(degree)}
        extra["font"] = {"size": label_size(node_type, degree)}
        if url := safe_url(data.get("url")) if node_type != "paper" else None:
            extra["url"] = url
        if node in positions:
            extra["x"], extra["y"] = positions[node]
        # Always explicit: the browser merges updates into the drawn nodes, so a missing key would keep a dimming.
        extra["opacity"] = 0.18 if dimmed and node not in lit else 1.0
        label_source = data.get("title") if node_type == "paper" else data.get("label", node)
        net.add_node(
            node, label=short_label(node_type, label_source or node), shape=style.shape, color=style.color, **extra
        )
    for source, target, data in shown.edges(data=True):
        relation = data.get("relation", "mentions")
        style = EDGE_STYLES.get(relation, EDGE_STYLES["mentions"])
        faded = dimmed and not (source in lit and target in lit)
        net.add_edge(
            source,
            target,
            id=f"{source}\u2192{target}",  # stable ids let the browser restyle edges in place
            label=relation,
            color={"color": style.color, "opacity": 0.12 if faded else 1.0},
            width=style.width,
            dashes=style.dashes,
            tip={
                "heading": f"{relation} ({data.get('origin', 'text')})",
                "facts": "",
                "text": _snippet(data.get("evidence", "")),
            },
        )
    counts = Counter(graph.nodes[node].get("type") for node in kept)
    legend = [
        {"type": t, "label": s.label, "color": s.color, "symbol": s.symbol, "count": counts[t]}
        for t, s in NODE_STYLES.items()
        if counts[t]
    ]
    relations_present = {data.get("relation") for _, _, data in shown.edges(data=True)}
    edge_legend = [
        {"relation": r, "color": s.color, "dashed": bool(s.dashes)}
        for r, s in EDGE_STYLES.items()
        if r in relations_present
    ]
    signature = hashlib.sha1(
        json.dumps([sorted(kept), sorted(shown.edges), physics]).encode("utf-8"), usedforsecurity=False
    ).hexdigest()
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": vis_options(physics=physics, node_count=len(kept)),
        "legend": legend,
        "edgeLegend": edge_legend,
        "physics": physics,
        "selected": selected if selected in pinned else None,
        "signature": signature,
        "shown": len(kept),
        "total": graph.number_of_nodes(),
    }
