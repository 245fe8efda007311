"""The Streamlit app, driven by AppTest (no browser, no JavaScript): every view, filter and selection path.

The graph component cannot run here; its data (the JSON sent to the browser) is read from the element instead,
which is exactly what the browser draws. test_browser.py checks the drawing and the click in Chromium.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from graphapp.export import EXTENSIONS
from graphapp.graph import build_graph
from graphapp.ingest import read_papers
from graphapp.model import Paper
from graphapp.safe import md_escape, md_link
from graphapp.store import Store
from graphapp.ui import graph_page, shared_page
from graphapp.viewmodel import Filters, filter_graph
from tests import reference_queries as queries
from tests.app_store import PAPER_IDS, XSS_DATASET, XSS_TITLE, build_store, drawn, show, start_app


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("app") / "app.sqlite")


@pytest.fixture(scope="module")
def whole_graph(db) -> nx.DiGraph:
    with Store(db, readonly=True) as store:
        return build_graph(store)


@pytest.fixture
def app(db, monkeypatch) -> AppTest:
    return start_app(db, monkeypatch)


def drawn_ids(at: AppTest) -> set[str]:
    return {node["id"] for node in drawn(at)["nodes"]}


def markdown(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def abstract_html(at: AppTest) -> str:
    """The Paper view's highlighted abstract, as sent to the browser."""
    (html,) = [element.proto.body for element in at.get("html") if 'class="pge-abstract"' in element.proto.body]
    return html


def everything(at: AppTest) -> AppTest:
    """Minimum degree 0: draw every node, not only those linking papers (the default, 2)."""
    at.slider(key="min_degree").set_value(0).run()
    return at


def test_opens_on_what_connects_papers(app, whole_graph):
    core = filter_graph(whole_graph, Filters(min_degree=2))
    assert drawn_ids(app) == set(core) and len(core) < len(whole_graph)
    assert "dataset:GLUE" not in core and "dataset:CIFAR-10" in core  # named by one paper / by four
    assert len(drawn(app)["edges"]) == core.number_of_edges()
    hidden = len(whole_graph) - len(core)
    assert f"Showing {len(core)} of {len(whole_graph)} nodes; the filters hide {hidden}." in app.caption[0].value
    assert "8 papers" in app.sidebar.caption[0].value


def test_everything_when_minimum_degree_is_zero(app, whole_graph):
    payload = drawn(everything(app))
    assert drawn_ids(app) == set(whole_graph)
    assert len(payload["edges"]) == whole_graph.number_of_edges()
    assert {item["type"] for item in payload["legend"]} == {"paper", "dataset", "model", "method", "repo", "hf", "link"}
    assert app.caption[0].value.startswith(f"Showing {len(whole_graph)} of {len(whole_graph)} nodes.")


def test_node_type_filter(app):
    app.button_group(key="types").set_value(["paper", "dataset"]).run()
    assert {node["ntype"] for node in drawn(app)["nodes"]} == {"paper", "dataset"}


def test_relation_filter(app):
    everything(app)
    app.button_group(key="relations").set_value(["proposes"]).run()
    assert {edge["label"] for edge in drawn(app)["edges"]} == {"proposes"}


def test_min_degree_filter(app, whole_graph):
    app.slider(key="min_degree").set_value(3).run()
    ids = drawn_ids(app)
    assert "dataset:CIFAR-10" in ids and "dataset:GLUE" not in ids and len(ids) < len(whole_graph)


def test_hide_isolated_filter(app):
    everything(app)
    assert "paper:2402.00003" in drawn_ids(app)
    app.checkbox(key="hide_isolated").check().run()
    assert "paper:2402.00003" not in drawn_ids(app)


def test_search_selects_and_highlights(app):
    everything(app)
    app.text_input(key="search").input("cifar").run()
    nodes = {node["id"]: node for node in drawn(app)["nodes"]}
    assert nodes["dataset:CIFAR-10"]["opacity"] == 1 and nodes["dataset:GLUE"]["opacity"] < 1
    app.selectbox(key="search_pick").select("dataset:CIFAR-10").run()
    assert app.session_state["selected"] == "dataset:CIFAR-10"
    assert drawn(app)["selected"] == "dataset:CIFAR-10"
    assert "Named by 4 papers" in [caption.value for caption in app.caption]
    assert "Deep Residual Learning for Image Recognition" in markdown(app)


def test_search_without_match(app):
    app.text_input(key="search").input("zzzz").run()
    assert "Nothing matches." in [caption.value for caption in app.sidebar.caption]


def test_selected_paper_details(app):
    app.session_state["selected"] = "paper:2106.09685"
    app.run()
    text = markdown(app)
    assert md_escape("LoRA: Low-Rank Adaptation of Large Language Models") in text
    assert md_link("github.com/microsoft/LoRA", "https://github.com/microsoft/LoRA") in text
    assert "[Paper page ↗](https://arxiv.org/abs/2106.09685)" in text
    app.button(key="details_paper").click().run()
    assert app.button_group(key="view").value == "Paper"


def test_focus_shows_the_neighbourhood(app, whole_graph):
    everything(app)
    app.session_state["selected"] = "dataset:CoRe50"
    app.run()
    app.toggle(key="focus").set_value(True).run()
    app.slider(key="radius").set_value(1).run()
    assert drawn_ids(app) == set(queries.ego(whole_graph, "dataset:CoRe50", radius=1))
    app.slider(key="radius").set_value(3).run()
    assert drawn_ids(app) == set(queries.ego(whole_graph, "dataset:CoRe50", radius=3))
    app.button(key="clear_selection").click().run()
    assert app.session_state["selected"] is None and drawn_ids(app) == set(whole_graph)


def test_details_focus_button(app, whole_graph):
    everything(app)
    app.session_state["selected"] = "model:ViT"
    app.run()
    app.button(key="details_focus").click().run()
    assert app.toggle(key="focus").value
    assert drawn_ids(app) == set(queries.ego(whole_graph, "model:ViT", radius=2))


def test_shared_view(app):
    show(app, "Shared")
    table = app.dataframe[0].value
    assert list(table["name"][:2]) == ["CIFAR-10", "CoRe50"] and list(table["papers"][:2]) == [4, 2]
    payload = drawn(app)
    lit = {node["id"] for node in payload["nodes"] if node["opacity"] == 1}
    assert lit == {
        "dataset:CIFAR-10",
        *(f"paper:{pid}" for pid in ("2010.11929", "1512.03385", "2201.00001", "2401.99999")),
    }
    app.selectbox(key="shared_pick_dataset").select("dataset:CoRe50").run()
    assert "**2 papers**" in markdown(app)
    app.radio(key="shared_type").set_value("model").run()
    assert app.dataframe[0].value["name"][0] in {"RoBERTa", "ViT"}


def test_shared_view_lists_the_first_papers_and_counts_the_rest(app, monkeypatch):
    monkeypatch.setattr(shared_page, "PAPERS_SHOWN", 2)
    show(app, "Shared")
    assert "**4 papers**" in markdown(app)
    listed = [element.value for element in app.markdown if element.value.startswith("- **")]
    assert len(listed) == 2 and md_escape(XSS_TITLE) in listed[0]  # "<img…" sorts first
    assert md_escape("An Image is Worth 16x16 Words") in listed[1]
    assert "…and 2 more." in [caption.value for caption in app.caption]
    lit = {node["id"] for node in drawn(app)["nodes"] if node["opacity"] == 1}
    assert len(lit) == 5  # the dataset and every paper naming it, listed or not


def test_entity_details_list_the_first_papers_and_count_the_rest(app, monkeypatch):
    monkeypatch.setattr(graph_page, "PAPERS_SHOWN", 2)
    app.session_state["selected"] = "dataset:CIFAR-10"
    app.run()
    captions = [caption.value for caption in app.caption]
    assert "Named by 4 papers" in captions and "…and 2 more (see the Shared view)." in captions
    assert len([element for element in app.markdown if element.value.startswith("- ")]) == 2


def test_shared_view_follows_the_selection(app):
    app.session_state["selected"] = "model:RoBERTa"
    show(app, "Shared")
    assert app.radio(key="shared_type").value == "model"
    assert app.selectbox(key="shared_pick_model").value == "model:RoBERTa"


def test_code_view_links(app):
    show(app, "Code and models")
    text = markdown(app)
    lora = md_link("github.com/microsoft/LoRA", "https://github.com/microsoft/LoRA")
    guanaco = md_link("huggingface.co/timdettmers/guanaco-65b", "https://huggingface.co/timdettmers/guanaco-65b")
    baseline = md_link("example.org/baseline", "https://example.org/baseline")
    assert f"| {lora} | GitHub repo | {md_escape('metadata+text')} |" in text
    assert f"| {guanaco} | HF model | text |" in text
    assert f"| {baseline} | project page | text |" in text
    app.multiselect(key="code_groups").set_value(["hf"]).run()
    text = markdown(app)
    assert "guanaco" in text and "microsoft/LoRA" not in text
    app.multiselect(key="code_groups").set_value(["repo", "hf", "link"]).run()
    app.text_input(key="code_query").input("guanaco").run()
    text = markdown(app)
    assert f"| {guanaco} | HF model | text |" in text and "microsoft/LoRA" not in text and "baseline" not in text
    assert app.caption[0].value.startswith("1 links from 1 papers.")
    app.text_input(key="code_query").input("vision").run()  # the URL matches, not the title
    text = markdown(app)
    assert "(https://github.com/google-research/vision_transformer)" in text and "guanaco" not in text


def test_code_view_found_in_filter(app):
    show(app, "Code and models")
    lora = md_link("github.com/microsoft/LoRA", "https://github.com/microsoft/LoRA")
    app.multiselect(key="code_origin").set_value(["metadata"]).run()  # LoRA's repo is also a metadata field
    text = markdown(app)
    assert lora in text and "guanaco" not in text and "example.org" not in text
    assert app.caption[0].value.startswith("1 links from 1 papers.")
    app.multiselect(key="code_origin").set_value(["text"]).run()
    text = markdown(app)
    assert lora in text and "guanaco" in text and "example.org" in text
    assert app.caption[0].value.startswith("4 links from 4 papers.")


def test_paper_view(app):
    app.session_state["selected"] = "paper:2010.11929"
    show(app, "Paper")
    assert app.selectbox(key="paper_pick").value == "paper:2010.11929"
    html = abstract_html(app)
    assert '<mark class="pge-model"' in html and ">Vision Transformer</mark>" in html
    entities = app.dataframe[0].value
    assert list(entities["name"]) == [
        "CIFAR-10", "ImageNet", "ViT", "https://github.com/google-research/vision_transformer",
    ]  # fmt: skip
    assert "proposes" in list(entities["relation"])
    text = markdown(app)
    related = text.split("Related papers")[1].split("How is it connected")[0]
    assert "Deep Residual Learning for Image Recognition" in related
    assert f"shares {md_escape('ImageNet')}, {md_escape('CIFAR-10')}" in related  # entities by name
    assert f"**{md_escape(XSS_TITLE)}**" in related  # papers by title, escaped
    app.selectbox(key="path_target").select("paper:2305.14314").run()
    text = markdown(app)
    assert "**LoRA**" in text and "**RoBERTa**" in text  # the path, entity by entity


def test_paper_view_picker_selects(app):
    show(app, "Paper")
    app.selectbox(key="paper_pick").select("paper:1512.03385").run()
    assert app.session_state["selected"] == "paper:1512.03385"
    app.selectbox(key="path_target").select("paper:2402.00003").run()
    assert any("Not connected" in caption.value for caption in app.caption)


def test_entities_view(app):
    show(app, "Entities")
    tables = {frame.value["name"][0]: list(frame.value["papers"]) for frame in app.dataframe}
    assert tables["CIFAR-10"][:3] == [4, 2, 2]
    assert len(app.dataframe) == 6  # dataset, model, method, repo, hf, link


@pytest.fixture
def downloads(monkeypatch) -> dict[str, Callable[[], bytes]]:
    """What the app offers for download in a run, by file name: the function a click calls to write it (AppTest
    keeps no media server). Files written during the run itself would make it fail: exports wait for the click."""
    offered: dict[str, Callable[[], bytes]] = {}
    deferred, stored = MediaFileManager.add_deferred, MemoryMediaFileStorage.load_and_get_id

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name] = data_callable
        return deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    def refuse(self, path_or_data, mimetype, kind, filename=None):
        assert not (filename or "").startswith("paper-graph"), f"{filename} was written before any click"
        return stored(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", refuse)
    return offered


def read_export(data: bytes, fmt: str) -> nx.DiGraph:
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(data))
        return nx.relabel_nodes(graph, {node: attrs["node_id"] for node, attrs in graph.nodes(data=True)})
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(data))
    if fmt == "json":
        return nx.node_link_graph(json.loads(data))
    if fmt == "cytoscape":
        elements = json.loads(data)["elements"]
        graph = nx.DiGraph()
        graph.add_nodes_from(node["data"]["id"] for node in elements["nodes"])
        graph.add_edges_from((edge["data"]["source"], edge["data"]["target"]) for edge in elements["edges"])
        return graph
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    graph = nx.DiGraph()
    graph.add_nodes_from(row["id"] for row in nodes)
    graph.add_edges_from((row["source"], row["target"]) for row in edges)
    return graph


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cytoscape", "csv"])
def test_export_view_downloads_the_filtered_view(app, whole_graph, downloads, fmt):
    everything(app).checkbox(key="hide_isolated").check().run()
    show(app, "Export")
    app.radio(key="export_format").set_value(fmt).run()
    assert app.get("download_button")[0].proto.label == f"Download {fmt.upper()}"
    exported = read_export(downloads[f"paper-graph{EXTENSIONS[fmt]}"](), fmt)  # the click
    expected = whole_graph.copy()
    expected.remove_node("paper:2402.00003")  # the isolated paper is filtered out
    assert set(exported) == set(expected) and set(exported.edges) == set(expected.edges)
    assert f"**{len(expected)} nodes** and **{expected.number_of_edges()} edges**" in markdown(app)


def test_export_view_downloads_the_papers_of_the_view_as_ris(app, whole_graph, downloads, tmp_path):
    everything(app).checkbox(key="hide_isolated").check().run()
    show(app, "Export")
    app.radio(key="export_format").set_value("ris").run()
    path = tmp_path / "view.ris"
    path.write_bytes(downloads["paper-graph.ris"]())
    papers = {f"paper:{item.id}" for item in read_papers(path) if isinstance(item, Paper)}
    expected = {node for node, data in whole_graph.nodes(data=True) if data["type"] == "paper"}
    assert papers == expected - {"paper:2402.00003"}  # the isolated paper is filtered out


def test_untrusted_text_is_escaped_everywhere(app):
    app.session_state["selected"] = "paper:2401.99999"
    app.run()
    text = markdown(app)
    assert "<script>" not in text and "\\<script\\>" in text
    assert md_escape(XSS_DATASET) in text
    show(app, "Paper")
    html = abstract_html(app)
    assert "<script>" not in html and "&lt;script&gt;window.__xss=3&lt;/script&gt;" in html
    assert app.selectbox(key="paper_pick").value == "paper:2401.99999"
    assert XSS_TITLE in app.selectbox(key="paper_pick").options  # option labels are plain text widgets
    app.session_state["selected"] = f"dataset:{XSS_DATASET}"
    show(app, "Graph")
    assert "javascript:alert" not in "".join(m.value for m in app.markdown if "](" in m.value)


def test_all_views_render_without_error(app):
    for view in ("Graph", "Shared", "Code and models", "Paper", "Entities", "Add papers", "Fetch", "Export"):
        show(app, view)


def test_every_paper_is_reachable_from_the_picker(app):
    show(app, "Paper")
    assert set(app.selectbox(key="paper_pick").options) == {
        title for title in (app.selectbox(key="paper_pick").format_func(f"paper:{pid}") for pid in PAPER_IDS)
    }
