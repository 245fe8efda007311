"""The Streamlit app, driven by AppTest (no browser, no JavaScript): every view, filter and selection path.

The graph component cannot run here; its data (the JSON sent to the browser) is read from the element instead,
which is exactly what the browser draws. test_browser.py checks the drawing and the click in Chromium.
"""

from __future__ import annotations

import csv
import io
import json
import re
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
from graphapp.ui import graph_page, pages
from graphapp.viewmodel import Filters, filter_graph
from tests import reference_queries as queries
from tests.app_store import APP, PAPER_IDS, XSS_DATASET, XSS_TITLE, build_store, dated_store, drawn, show, start_app


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


def md_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


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
    assert "repo:https://github.com/microsoft/LoRA" in core  # code stays visible, though one paper links it
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


def test_code_filters(app):
    app.checkbox(key="has_code").check().run()
    papers = {node["id"] for node in drawn(app)["nodes"] if node["ntype"] == "paper"}
    assert papers == {"paper:2106.09685", "paper:2305.14314", "paper:2010.11929"}  # a GitHub repo or an HF page
    app.checkbox(key="has_code").uncheck().run()
    app.checkbox(key="code_always").uncheck().run()
    assert not any(node["ntype"] == "repo" for node in drawn(app)["nodes"])  # each repo is linked by one paper


def test_paper_labels_name_the_first_author_and_year(app):
    labels = {node["id"]: node["label"] for node in drawn(everything(app))["nodes"]}
    assert labels["paper:2106.09685"] == "Author et al. 2024"
    assert all(isinstance(node["rank"], int) for node in drawn(app)["nodes"])


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
    assert any("Deep Residual Learning for Image Recognition" in button.label for button in app.button)


def test_search_without_match(app):
    app.text_input(key="search").input("zzzz").run()
    assert "Nothing matches." in [caption.value for caption in app.sidebar.caption]


def test_selected_paper_details(app):
    app.session_state["selected"] = "paper:2106.09685"
    app.run()
    text = markdown(app)
    assert md_escape("LoRA: Low-Rank Adaptation of Large Language Models") in text
    assert md_link("microsoft/LoRA", "https://github.com/microsoft/LoRA") in text
    assert md_link("arXiv ↗", "https://arxiv.org/abs/2106.09685") in text
    assert r"\(arxiv\.org\)](https://arxiv.org/abs/2106.09685)" in text  # the real host shows
    assert md_link("PDF ↗", "https://arxiv.org/pdf/2106.09685") in text
    assert md_link("Hugging Face ↗", "https://huggingface.co/papers/2106.09685") in text
    app.button(key="details_open").click().run()
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


def entity_table(at: AppTest, node_type: str = "dataset"):
    (frame,) = [frame for frame in at.dataframe if frame.proto.id and f"entity_table_{node_type}" in frame.proto.id]
    return frame.value


def test_entity_view_lists_every_entity_and_opens_the_most_named(app):
    show(app, "Entity")
    table = entity_table(app)
    assert list(table["name"][:2]) == ["CIFAR-10", "CoRe50"] and list(table["papers"][:2]) == [4, 2]
    assert len(table) == 5  # every dataset, not the first N
    text = markdown(app)
    assert r"### CIFAR\-10" in text and "**Named by 4 papers** (4 uses)" in text
    papers = app.dataframe[1].value
    assert len(papers) == 4 and set(papers["relation"]) == {"uses"} and "evidence" in papers.columns
    assert "ImageNet (2)" in [md_unescape(o) for o in app.button_group(key="used_with_dataset:CIFAR-10").options]
    assert "ViT (2)" in [md_unescape(o) for o in app.button_group(key="models_with_dataset:CIFAR-10").options]
    payload = drawn(app)
    lit = {node["id"] for node in payload["nodes"] if node["opacity"] == 1}
    assert lit == {
        "dataset:CIFAR-10",
        *(f"paper:{pid}" for pid in ("2010.11929", "1512.03385", "2201.00001", "2401.99999")),
    }


def test_entity_page_names_are_ways_in(app):
    app.session_state["selected"] = "dataset:CoRe50"
    show(app, "Entity")
    assert "### CoRe50" in markdown(app) and len(app.dataframe[1].value) == 2
    app.button_group(key="models_with_dataset:CoRe50").set_value("model:ViT").run()  # a co-used entity opens
    assert app.session_state["selected"] == "model:ViT" and app.radio(key="entity_type").value == "model"
    assert "### ViT" in markdown(app)
    app.button(key="intro_model:ViT").click().run()  # who introduced it opens the paper
    assert app.session_state["selected"] == "paper:2010.11929"
    assert app.button_group(key="view").value == "Paper"


def test_entity_details_list_the_first_papers_and_count_the_rest(app, monkeypatch):
    monkeypatch.setattr(graph_page, "PAPERS_SHOWN", 2)
    app.session_state["selected"] = "dataset:CIFAR-10"
    app.run()
    captions = [caption.value for caption in app.caption]
    assert "Named by 4 papers" in captions and "…and 2 more: its Entity page lists them all." in captions
    assert (
        len([button for button in app.button if button.key.startswith("details_") and button.key[8:9].isdigit()]) == 2
    )
    app.button(key="details_open").click().run()
    assert app.button_group(key="view").value == "Entity"


def test_entity_view_follows_the_selection(app):
    app.session_state["selected"] = "model:RoBERTa"
    show(app, "Entity")
    assert app.radio(key="entity_type").value == "model"
    assert "### RoBERTa" in markdown(app)


def test_code_view_links(app):
    show(app, "Code and models")
    text = markdown(app)
    lora = md_link(None, "https://github.com/microsoft/LoRA")
    guanaco = md_link(None, "https://huggingface.co/timdettmers/guanaco-65b")
    baseline = md_link(None, "https://example.org/baseline")
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
    lora = md_link(None, "https://github.com/microsoft/LoRA")
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
    related = {button.key: button.label for button in app.button if button.key.startswith("related_")}
    assert related["related_paper:1512.03385"] == "**Deep Residual Learning for Image Recognition**"
    assert related["related_paper:2401.99999"] == f"**{md_escape(XSS_TITLE)}**"  # titles escaped
    why = next(c.value for c in app.caption if c.value.startswith("score ") and md_escape("ImageNet") in c.value)
    assert "both name" in why and md_escape("CIFAR-10") in why  # the reasons the CLI's `related` prints
    app.selectbox(key="path_target").select("paper:2305.14314").run()
    hops = [button.label for button in app.button if button.key.startswith("hop_") and button.key.endswith("_entity")]
    assert {"▲ **LoRA**", "◆ **RoBERTa**"} <= set(hops)  # the path, entity by entity
    path = drawn(app)  # drawn in the graph: every step of it lit
    lit = {node["id"] for node in path["nodes"] if node["opacity"] == 1}
    assert {"paper:2010.11929", "model:RoBERTa", "method:LoRA", "paper:2305.14314"} <= lit
    app.button(key="hop_0_entity").click().run()  # a step's entity opens its page
    assert app.session_state["selected"] == "model:ViT" and app.button_group(key="view").value == "Entity"


def test_paper_view_picker_selects(app):
    show(app, "Paper")
    app.selectbox(key="paper_pick").select("paper:1512.03385").run()
    assert app.session_state["selected"] == "paper:1512.03385"
    app.selectbox(key="path_target").select("paper:2402.00003").run()
    assert any(caption.value.startswith("None: no chain") for caption in app.caption)


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
    for view in pages.VIEWS:
        show(app, view)


def test_every_paper_is_reachable_from_the_picker(app):
    show(app, "Paper")
    assert set(app.selectbox(key="paper_pick").options) == {
        title for title in (app.selectbox(key="paper_pick").format_func(f"paper:{pid}") for pid in PAPER_IDS)
    }


def test_the_url_keeps_the_view_and_the_selection(db, monkeypatch):
    app = start_app(db, monkeypatch)
    app.session_state["selected"] = "dataset:CIFAR-10"
    app.run()
    show(app, "Paper")
    app.session_state["selected"] = "paper:2010.11929"
    app.run()
    assert dict(app.query_params) == {"view": "paper", "node": "paper:2010.11929"}
    # A new session opened on that URL shows the same thing.
    monkeypatch.setenv("PGE_DB", str(db))
    fresh = AppTest.from_file(str(APP), default_timeout=120)
    fresh.query_params.update({"view": "paper", "node": "paper:2010.11929"})
    fresh.run()
    assert not fresh.exception
    assert fresh.button_group(key="view").value == "Paper" and fresh.session_state["selected"] == "paper:2010.11929"
    assert "An Image is Worth 16x16 Words" in markdown(fresh)


def test_the_paper_picker_reaches_every_paper_of_a_large_store(tmp_path, monkeypatch):
    with Store(tmp_path / "many.sqlite") as store, store.transaction():
        for number in range(450):
            store.put_paper(Paper(f"p{number:03}", f"Study number {number:03}", "We use CIFAR-10."), [])
        store.record_ingest("many", 450, 0)
    app = start_app(tmp_path / "many.sqlite", monkeypatch, view="Paper")
    assert "Showing 1–200 of 450 papers, by title (page 1 of 3)." in [caption.value for caption in app.caption]
    app.number_input(key="paper_pick_page").set_value(3).run()
    app.selectbox(key="paper_pick").select("paper:p449").run()
    assert app.session_state["selected"] == "paper:p449" and "Study number 449" in markdown(app)
    app.text_input(key="paper_pick_find").input("number 448").run()  # or by title words
    assert app.selectbox(key="paper_pick").options[:2] == ["Study number 449", "Study number 448"]


def test_a_correction_made_on_an_entity_page(tmp_path, monkeypatch):
    app = start_app(build_store(tmp_path / "fix.sqlite"), monkeypatch)
    app.session_state["selected"] = "dataset:CoRe50"
    show(app, "Entity")
    app.radio(key="fix_action").set_value("merge").run()
    app.text_input(key="fix_find").input("cifar").run()
    assert app.selectbox(key="fix_target").value == "CIFAR-10"
    app.button(key="fix_apply").click().run()
    assert not app.exception
    assert app.session_state["selected"] == "dataset:CIFAR-10" and "### CIFAR\\-10" in markdown(app)
    assert "CoRe50" not in list(entity_table(app)["name"]) and entity_table(app)["papers"][0] == 5
    assert any("merged into" in element.value for element in app.success)


def test_map_view_centres_on_the_selected_paper_and_lights_the_trail(app):
    app.session_state["selected"] = "paper:2010.11929"
    show(app, "Map")
    payload = drawn(app)
    ids = {node["id"] for node in payload["nodes"]}
    assert payload["selected"] == "paper:2010.11929" and "paper:1512.03385" in ids and not payload["physics"]
    assert all(node["label"] for node in payload["nodes"])
    # A click (what the component reports) re-centres the map; the trail back to the first paper is lit.
    app.session_state["selected"] = "paper:1512.03385"
    app.run()
    payload = drawn(app)
    assert payload["selected"] == "paper:1512.03385"
    lit = {node["id"] for node in payload["nodes"] if node["opacity"] == 1}
    assert {"paper:2010.11929", "paper:1512.03385"} <= lit
    assert dict(app.query_params) == {"view": "map", "node": "paper:1512.03385", "to": "paper:2010.11929"}
    app.button(key="map_back").click().run()
    assert app.session_state["selected"] == "paper:2010.11929"


def test_trends_view_names_the_rising_entity(tmp_path, monkeypatch):
    app = start_app(dated_store(tmp_path / "dated.sqlite"), monkeypatch, view="Trends")
    app.radio(key="trend_period").set_value("month").run()
    table = app.dataframe[0].value
    assert table["name"][0] == "LoCoMo" and "ImageNet" not in list(table["name"])
    assert list(table["papers per month"][0]) == [1] * 9 + [5, 5, 5]
