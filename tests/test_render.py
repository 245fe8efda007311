"""Graph -> browser data: styles per type, plain-text tooltips, safe URLs, the node cap and the Python layout."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graphapp.graph import build_graph
from graphapp.render import EDGE_STYLES, NODE_STYLES, graph_payload, node_size, short_label
from graphapp.safe import html_text, md_escape, md_link, safe_url
from graphapp.store import Store
from tests.app_store import XSS_DATASET, XSS_TITLE, build_store


@pytest.fixture
def graph(tmp_path) -> nx.DiGraph:
    with Store(build_store(tmp_path / "app.sqlite")) as store:
        return build_graph(store)


def star(n_leaves: int) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("dataset:hub", type="dataset", label="hub")
    for i in range(n_leaves):
        g.add_node(f"paper:{i}", type="paper", title=f"P{i}", abstract="a")
        g.add_edge(f"paper:{i}", "dataset:hub", relation="uses", evidence="e", origin="text")
    return g


def test_nodes_styled_by_type_and_sized_by_degree(graph):
    payload = graph_payload(graph)
    nodes = {node["id"]: node for node in payload["nodes"]}
    cifar = nodes["dataset:CIFAR-10"]
    assert (cifar["shape"], cifar["color"]) == (NODE_STYLES["dataset"].shape, NODE_STYLES["dataset"].color)
    assert nodes["repo:https://github.com/microsoft/LoRA"]["shape"] == "hexagon"
    assert cifar["size"] == node_size(4) > nodes["dataset:GLUE"]["size"] == node_size(1)
    assert cifar["font"]["size"] > nodes["paper:2010.11929"]["font"]["size"]
    legend = {item["type"]: item["count"] for item in payload["legend"]}
    assert legend["paper"] == 8 and legend["hf"] == 1 and "citation" not in legend
    assert {item["relation"] for item in payload["edgeLegend"]} == {"proposes", "uses", "mentions", "links_to"}


def test_edges_show_their_relation(graph):
    edges = {(e["from"], e["to"]): e for e in graph_payload(graph)["edges"]}
    edge = edges["paper:2010.11929", "model:ViT"]
    assert edge["label"] == "proposes" and edge["width"] == EDGE_STYLES["proposes"].width
    assert len({e["id"] for e in edges.values()}) == len(edges)  # unique, stable ids: restyled in place
    assert edge["tip"]["text"].startswith("We propose the Vision Transformer")
    assert edges["paper:2301.00002", "model:RoBERTa"]["dashes"]


def test_tooltips_are_plain_text_and_untrusted_text_stays_data(graph):
    payload = graph_payload(graph)
    nodes = {node["id"]: node for node in payload["nodes"]}
    xss = nodes["paper:2401.99999"]
    assert xss["tip"]["heading"] == XSS_TITLE  # kept as text: the browser shows it with textContent
    assert "title" not in xss  # vis-network would show a string title; ours is built by graph.js
    assert nodes[f"dataset:{XSS_DATASET}"]["label"].startswith("**Bold**")
    text = json.dumps(payload)
    assert "href" in text  # the title contains it; nothing switches to an HTML mode because of that
    assert all("title" not in item for item in payload["nodes"] + payload["edges"])


def test_only_safe_urls_are_sent(graph):
    g = graph.copy()
    g.add_node("link:javascript:alert(1)", type="link", label="javascript:alert(1)", url="javascript:alert(1)")
    nodes = {node["id"]: node for node in graph_payload(g)["nodes"]}
    assert "url" not in nodes["link:javascript:alert(1)"]
    assert nodes["repo:https://github.com/microsoft/LoRA"]["url"] == "https://github.com/microsoft/LoRA"
    assert "url" not in nodes["paper:2106.09685"]  # papers open in the app, not by double-click


def test_node_cap_keeps_hubs_and_the_selection():
    payload = graph_payload(star(30), max_nodes=5, selected="paper:29", highlight=["paper:28"])
    ids = [node["id"] for node in payload["nodes"]]
    assert (payload["shown"], payload["total"]) == (5, 31)
    assert {"dataset:hub", "paper:29", "paper:28"} <= set(ids)
    assert all(edge["from"] in ids and edge["to"] in ids for edge in payload["edges"])
    assert payload["selected"] == "paper:29"


def test_big_graphs_get_a_python_layout_and_no_physics():
    small = graph_payload(star(10), physics_max_nodes=20)
    assert small["physics"] and small["options"]["physics"]["enabled"]
    assert all("x" not in node for node in small["nodes"])
    big = graph_payload(star(30), physics_max_nodes=20)
    assert not big["physics"] and not big["options"]["physics"]["enabled"]
    assert all(isinstance(node["x"], float) and isinstance(node["y"], float) for node in big["nodes"])
    assert big == graph_payload(star(30), physics_max_nodes=20)  # deterministic layout


def test_highlight_dims_the_rest(graph):
    payload = graph_payload(graph, highlight=["dataset:CoRe50", "paper:2301.00002"])
    nodes = {node["id"]: node for node in payload["nodes"]}
    assert nodes["dataset:CoRe50"]["opacity"] == 1.0 and nodes["dataset:GLUE"]["opacity"] < 0.5
    assert all(node["opacity"] == 1.0 for node in graph_payload(graph)["nodes"])  # no highlight: nothing dimmed
    edges = {(e["from"], e["to"]): e for e in payload["edges"]}
    assert edges["paper:2301.00002", "dataset:CoRe50"]["color"]["opacity"] == 1.0
    assert edges["paper:2106.09685", "dataset:GLUE"]["color"]["opacity"] < 0.5


def test_signature_follows_the_drawn_graph_only(graph):
    plain = graph_payload(graph)
    assert graph_payload(graph, selected="dataset:GLUE")["signature"] == plain["signature"]
    smaller = graph.copy()
    smaller.remove_node("dataset:GLUE")
    assert graph_payload(smaller)["signature"] != plain["signature"]
    assert graph_payload(graph, selected="dataset:Nope")["selected"] is None


def test_empty_graph():
    payload = graph_payload(nx.DiGraph())
    assert payload["nodes"] == [] and payload["shown"] == payload["total"] == 0


@pytest.mark.parametrize(
    ("node_type", "name", "label"),
    [
        ("repo", "https://github.com/microsoft/LoRA", "microsoft/LoRA"),
        ("hf", "https://huggingface.co/datasets/squad", "squad"),
        ("hf", "https://huggingface.co/timdettmers/guanaco-65b", "timdettmers/guanaco-65b"),
        ("link", "https://example.org/baseline/", "example.org/baseline"),
        ("dataset", "CIFAR-10", "CIFAR-10"),
        ("paper", "Deep  Residual\nLearning", "Deep Residual Learning"),
    ],
)
def test_short_label(node_type, name, label):
    assert short_label(node_type, name) == label


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "https://",
        "ftp://x.org/a",
        "https://x.org/a b",
        "https://x.org/\n",
        None,
    ],
)
def test_unsafe_urls_are_refused(url):
    assert safe_url(url) is None
    assert "](" not in md_link("label", url)


def test_markdown_and_html_escaping():
    assert md_escape("a *b* [c](d) $x$ :red[y] <b>") == r"a \*b\* \[c\]\(d\) \$x\$ \:red\[y\] \<b\>"
    assert md_escape("line\nbreak") == "line break"
    assert md_link("[x]", "https://github.com/a/b") == r"[\[x\] \(github\.com\)](https://github.com/a/b)"
    assert md_link(None, "https://x.org/a)b") == r"[x\.org\/a\)b](https://x.org/a%29b)"
    assert html_text(XSS_TITLE).count("<") == 0


def test_map_payload_places_colours_and_lights_the_trail():
    from graphapp.render import MAP_NEW, MAP_OLD, MAP_SCALE, map_payload

    g = nx.DiGraph()
    for node, date, x in (
        ("paper:a", "2025-01-01", -1.0),
        ("paper:b", "2025-06-01", 0.0),
        ("paper:c", "2026-01-01", 1.0),
    ):
        g.add_node(node, type="paper", label=node[-1].upper(), title=f"<b>{node}</b>", date=date, x=x, y=0.5)
    g.add_edge("paper:a", "paper:b", similarity=0.4, via="dataset:X", weight=0.6)
    g.add_edge("paper:b", "paper:c", similarity=0.2, via="", weight=0.2)
    payload = map_payload(g, centre="paper:c", highlight=["paper:a", "paper:b"])
    nodes = {node["id"]: node for node in payload["nodes"]}
    assert (nodes["paper:a"]["x"], nodes["paper:a"]["y"]) == (-MAP_SCALE, 0.5 * MAP_SCALE)  # where the map put it
    assert nodes["paper:a"]["color"] == MAP_OLD and nodes["paper:c"]["color"] == MAP_NEW  # colour by date
    assert nodes["paper:b"]["size"] > nodes["paper:a"]["size"]  # size by links
    assert payload["selected"] == "paper:c" and not payload["physics"]
    assert nodes["paper:c"]["opacity"] < 1 and nodes["paper:a"]["opacity"] == 1  # off the trail: dimmed
    edges = {edge["id"]: edge for edge in payload["edges"]}
    assert edges["paper:a\u2192paper:b"]["tip"]["heading"] == "both name X"
    assert edges["paper:b\u2192paper:c"]["tip"]["heading"] == "similar text"
    assert nodes["paper:a"]["tip"]["heading"] == "<b>paper:a</b>"  # text, shown by the browser as text
