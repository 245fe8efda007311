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
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import networkx as nx
from pyvis.network import Network

from graphapp.graph import RELATIONS
from graphapp.nodes import NODE_TYPES, NodeId
from graphapp.safe import safe_url

#: Nodes sent to the browser at most; the rest are left out, the least connected first. NetworkX's ForceAtlas2
#: layout (numpy only) takes about 2 s for 400 nodes on two cores, once per drawn graph (it is cached).
MAX_BROWSER_NODES = 400
#: Above this many nodes the layout is computed in Python and the browser's physics stays off (vis-network needs
#: about 1.7 s to stabilise 250 nodes in headless Chromium on two cores, 3 s for 400).
PHYSICS_MAX_NODES = 250
LABEL_CHARS = 32
PAPER_LABEL_CHARS = 30
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
        parts = urlsplit(safe_url(text) or text)  # the real host: punycode for a look-alike
        path = parts.path.strip("/")
        if node_type == "hf" and path.startswith(("datasets/", "spaces/")):
            path = path.split("/", 1)[1]
        text = path if node_type in ("repo", "hf") and path else (parts.netloc + parts.path).rstrip("/")
    return _snippet(text, limit)


def paper_label(title: str, authors: Sequence[str] = (), date: str = "") -> str:
    """A paper's label on the graph: "Surname et al. 2021" (first author, year) when both are known, else the title
    cut short. ``authors`` in order, as the graph keeps them.

    >>> paper_label("LoRA", ["Edward J. Hu", "Yelong Shen"], "2021-06-17"), paper_label("Attention Is All You Need")
    ('Hu et al. 2021', 'Attention Is All You Need')
    >>> paper_label("A", ["Ada Lovelace"], "1843"), paper_label("B" * 40)
    ('Lovelace 1843', 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBB…')
    """
    names = [name.strip() for name in authors if name.strip()]
    year = date[:4] if len(date) >= 4 and date[:4].isdigit() else ""
    if names and year:
        surname = names[0].split()[-1]
        return f"{surname}{' et al.' if len(names) > 1 else ''} {year}"
    return _snippet(title, PAPER_LABEL_CHARS)


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


def label_ranks(graph: nx.DiGraph, first: Collection[str] = ()) -> dict[str, int]:
    """Which labels the browser draws first (0 = first) when they would overlap: ``first`` (the selection, the
    highlighted nodes), then the most connected nodes, entities before papers on ties.

    >>> g = nx.DiGraph([("paper:a", "dataset:X"), ("paper:b", "dataset:X")])
    >>> label_ranks(g), label_ranks(g, first=["paper:b"])["paper:b"]
    ({'dataset:X': 0, 'paper:a': 1, 'paper:b': 2}, 0)
    """
    first = set(first)
    order = sorted(graph, key=lambda node: (node not in first, -graph.degree(node), NodeId.parse(node).is_paper, node))
    return {node: rank for rank, node in enumerate(order)}


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
    ranks = label_ranks(shown, first=[node for node in (selected, *highlight) if node and node in shown])

    net = Network(directed=True)
    for node in kept:
        data = graph.nodes[node]
        node_type = data.get("type", "link")
        style = NODE_STYLES.get(node_type, NODE_STYLES["link"])
        degree = shown.degree(node)
        extra: dict = {"ntype": node_type, "tip": _tooltip(graph, node, data), "size": node_size(degree)}
        extra["rank"] = ranks[node]
        extra["font"] = {"size": label_size(node_type, degree)}
        if url := safe_url(data.get("url")) if node_type != "paper" else None:
            extra["url"] = url
        if node in positions:
            extra["x"], extra["y"] = positions[node]
        # Always explicit: the browser merges updates into the drawn nodes, so a missing key would keep a dimming.
        extra["opacity"] = 0.18 if dimmed and node not in lit else 1.0
        if node_type == "paper":
            label = paper_label(data.get("title") or node, data.get("authors") or (), data.get("date", ""))
        else:
            label = short_label(node_type, data.get("label") or node)
        net.add_node(node, label=label, shape=style.shape, color=style.color, **extra)
    for source, target, data in shown.edges(data=True):
        relation = data.get("relation", "mentions")
        edge_style = EDGE_STYLES.get(relation, EDGE_STYLES["mentions"])
        faded = dimmed and not (source in lit and target in lit)
        net.add_edge(
            source,
            target,
            id=f"{source}\u2192{target}",  # stable ids let the browser restyle edges in place
            label=relation,
            color={"color": edge_style.color, "opacity": 0.12 if faded else 1.0},
            width=edge_style.width,
            dashes=edge_style.dashes,
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


#: A paper map's colours, by date: the oldest papers light, the newest dark (as Connected Papers draws them).
MAP_OLD, MAP_NEW, MAP_UNDATED = "#C6DBEF", "#08306B", "#BDBDBD"
#: Map positions come in [-1, 1]; this many pixels from the centre to the edge.
MAP_SCALE = 430.0


def date_colour(date: str, first: str, last: str) -> str:
    """The colour of a paper dated ``date`` on a map whose papers run from ``first`` to ``last`` (ISO dates).

    >>> date_colour("2025-01-01", "2025-01-01", "2026-01-01"), date_colour("2026-01-01", "2025-01-01", "2026-01-01")
    ('#C6DBEF', '#08306B')
    >>> date_colour("", "2025-01-01", "2026-01-01")
    '#BDBDBD'
    """
    when, start, end = (_day(value) for value in (date, first, last))
    if when is None or start is None or end is None:
        return MAP_UNDATED
    share = 1.0 if end <= start else min(1.0, max(0.0, (when - start) / (end - start)))
    old, new = (tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) for colour in (MAP_OLD, MAP_NEW))
    return "#" + "".join(f"{round(a + (b - a) * share):02X}" for a, b in zip(old, new, strict=True))


def _day(date: str) -> int | None:
    """Days since year 0 of an ISO date (a year alone or a month counts from its start); None when not a date."""
    parts = date[:10].split("-")
    try:
        year, month, day = (int(part) for part in [*parts, "1", "1"][:3])
        return year * 372 + (month - 1) * 31 + (day - 1)
    except ValueError:
        return None


def map_payload(graph: nx.DiGraph, *, centre: str, highlight: Collection[str] = ()) -> dict:
    """The component data of a paper map (the graph of :func:`graphapp.queries.paper_map.map_graph`: paper nodes
    with ``x``, ``y`` in [-1, 1], ``label``, ``title``, ``date``; edges with ``similarity``, ``via``, ``weight``).

    Papers sit where the map put them, sized by their links on the map and coloured by date; the centre is selected
    and ``highlight`` (the path back to the first paper) is drawn in full while the rest is dimmed.
    """
    lit = {node for node in highlight if node in graph}
    dates = sorted(date for _, date in graph.nodes(data="date") if date)
    first, last = (dates[0], dates[-1]) if dates else ("", "")
    ranks = label_ranks(graph, first=[node for node in (centre, *sorted(lit)) if node in graph])
    nodes = []
    for node, data in graph.nodes(data=True):
        degree = graph.degree(node)
        facts = " · ".join(
            part for part in (data.get("date", ""), f"{degree} link{'s' if degree != 1 else ''}") if part
        )
        nodes.append({
            "id": node, "label": data.get("label") or node, "shape": "dot", "ntype": "paper",
            "color": date_colour(data.get("date", ""), first, last), "size": node_size(degree) + 2 * (node == centre),
            "x": round(float(data.get("x", 0.0)) * MAP_SCALE, 1), "y": round(float(data.get("y", 0.0)) * MAP_SCALE, 1),
            "font": {"size": 15}, "rank": ranks[node], "opacity": 0.35 if lit and node not in lit else 1.0,
            "borderWidth": 3 if node == centre else 1,
            "tip": {"heading": data.get("title", node), "facts": facts, "text": "Click to centre the map on it."},
        })  # fmt: skip
    edges = []
    for source, target, data in graph.edges(data=True):
        on_path = source in lit and target in lit
        via = [part for part in str(data.get("via", "")).split("; ") if part]
        reason = "both name " + ", ".join(NodeId.parse(entity).key for entity in via) if via else "similar text"
        edges.append({
            "id": f"{source}\u2192{target}", "from": source, "to": target, "arrows": {"to": {"enabled": False}},
            "width": round(1.0 + 3.0 * float(data.get("weight", 0.0)), 2) + (2.5 if on_path else 0.0),
            "color": {"color": "#E15759" if on_path else "#9E9E9E", "opacity": 1.0 if on_path or not lit else 0.25},
            "tip": {"heading": reason, "facts": f"text similarity {float(data.get('similarity', 0.0)):.2f}"},
        })  # fmt: skip
    legend = [
        {"type": "paper", "label": "older", "color": MAP_OLD, "symbol": "●", "count": first[:7] or "undated"},
        {"type": "paper", "label": "newer", "color": MAP_NEW, "symbol": "●", "count": last[:7] or "undated"},
    ]
    signature = hashlib.sha1(
        json.dumps(["map", centre, sorted(graph), sorted(graph.edges)]).encode("utf-8"), usedforsecurity=False
    ).hexdigest()
    return {
        "nodes": nodes,
        "edges": edges,
        "options": vis_options(physics=False, node_count=len(nodes)),
        "legend": legend,
        "edgeLegend": [],
        "physics": False,
        "selected": centre if centre in graph else None,
        "fit": True,  # the whole map in view, never zoomed onto the centre
        "signature": signature,
        "shown": len(nodes),
        "total": len(nodes),
    }
