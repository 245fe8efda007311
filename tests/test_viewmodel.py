"""What the views compute without Streamlit: filters, highlighted abstracts, entity tables and explained paths."""

from __future__ import annotations

import networkx as nx
import pytest

from graphapp.graph import build_graph
from graphapp.store import MentionRow, Store
from graphapp.viewmodel import (
    Filters,
    abstract_segments,
    explain_path,
    filter_graph,
    highlighted_html,
    node_label,
    paper_entities,
)
from tests import reference_queries as queries
from tests.app_store import XSS_DATASET, build_store


@pytest.fixture
def store(tmp_path):
    with Store(build_store(tmp_path / "app.sqlite")) as opened:
        yield opened


@pytest.fixture
def graph(store) -> nx.DiGraph:
    return build_graph(store)


def types_of(graph: nx.DiGraph) -> set[str]:
    return {kind for _, kind in graph.nodes(data="type")}


def test_no_filter_keeps_everything(graph):
    assert nx.utils.graphs_equal(filter_graph(graph, Filters()), graph)


def test_node_type_filter(graph):
    only = filter_graph(graph, Filters(node_types=frozenset({"paper", "dataset"})))
    assert types_of(only) == {"paper", "dataset"}
    assert all(only.nodes[v]["type"] == "dataset" for _, v in only.edges)


def test_relation_filter_drops_edges_not_nodes(graph):
    proposals = filter_graph(graph, Filters(relations=frozenset({"proposes"})))
    assert {data["relation"] for *_, data in proposals.edges(data=True)} == {"proposes"}
    assert proposals.number_of_nodes() == graph.number_of_nodes()


def test_min_degree_and_isolated(graph):
    busy = filter_graph(graph, Filters(min_degree=3))
    assert all(busy.degree(node) >= 1 for node in busy)
    assert "dataset:CIFAR-10" in busy and "dataset:GLUE" not in busy
    connected = filter_graph(graph, Filters(hide_isolated=True))
    assert "paper:2402.00003" not in connected and "paper:2402.00003" in graph
    assert all(connected.degree(node) > 0 for node in connected)


def test_selected_node_survives_the_filters(graph):
    kept = filter_graph(
        graph, Filters(node_types=frozenset({"dataset"}), hide_isolated=True), keep={"paper:2402.00003"}
    )
    assert "paper:2402.00003" in kept and "dataset:GLUE" not in kept


def test_selected_node_survives_a_minimum_degree_that_strands_it(graph):
    # LoRA's paper names four entities, none named by more than two papers: a minimum degree of 3 hides them all
    # and leaves the paper without an edge, which must not hide it when it is the selection.
    assert "paper:2106.09685" not in filter_graph(graph, Filters(min_degree=3))
    kept = filter_graph(graph, Filters(min_degree=3), keep={"paper:2106.09685"})
    assert "paper:2106.09685" in kept and "dataset:GLUE" not in kept


def test_abstract_segments_cover_the_text(store):
    paper = store.paper("2010.11929")
    segments = abstract_segments(paper.abstract, store.mentions([paper.id]))
    assert "".join(segment.text for segment in segments) == paper.abstract
    marked = [(s.text, s.node_type, s.node) for s in segments if s.node_type]
    assert marked[0] == ("Vision Transformer", "model", "model:ViT")
    assert ("https://github.com/google-research/vision_transformer", "repo",
            "repo:https://github.com/google-research/vision_transformer") in marked  # fmt: skip


def test_abstract_segments_skip_bad_and_overlapping_spans():
    text = "We use CIFAR-10 here."
    row = MentionRow("p", "dataset", "CIFAR-10", None, None, "uses", "used", "abstract", 7, 15, "CIFAR-10", "")
    inner = MentionRow("p", "dataset", "CIFAR", None, None, "uses", "used", "abstract", 7, 12, "CIFAR", "")
    stale = MentionRow("p", "dataset", "X", None, None, "uses", "used", "abstract", 18, 99, "X", "")
    title = MentionRow("p", "dataset", "Y", None, None, "uses", "used", "title", 0, 2, "Y", "")
    segments = abstract_segments(text, [inner, stale, title, row])
    assert [(s.text, s.node) for s in segments] == [
        ("We use ", None),
        ("CIFAR-10", "dataset:CIFAR-10"),
        (" here.", None),
    ]


def test_highlighted_html_escapes_everything(store):
    paper = store.paper("2401.99999")
    html = highlighted_html(abstract_segments(paper.abstract, store.mentions([paper.id])))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<mark") == 2 and "<b>" not in html
    assert 'class="pge-dataset"' in html
    assert 'title="Dataset: **Bold** [click](javascript:alert(1)) &lt;b&gt;x&lt;/b&gt; (used)"' in html


def test_paper_entities_one_row_each(store):
    rows = paper_entities(store.mentions(["2106.09685"]))
    assert [(row.node_type, row.name, row.relation) for row in rows] == [
        ("dataset", "GLUE", "uses"),
        ("model", "RoBERTa", "uses"),
        ("method", "LoRA", "proposes"),
        ("repo", "https://github.com/microsoft/LoRA", "links_to"),
    ]
    repo = rows[-1]
    assert (repo.origin, repo.fields) == ("metadata+text", {"metadata", "text"})


def test_explain_path_entity_by_entity(graph):
    path = queries.paper_path(graph, "paper:2106.09685", "paper:2201.00001")
    links = explain_path(graph, path)
    assert [link.entity for link in links] == [node for node in path if not node.startswith("paper:")]
    first = links[0]
    assert first.left == "paper:2106.09685" and first.right == path[2]
    assert first.left_relation and first.left_evidence
    assert links[-1].right == "paper:2201.00001"


def test_node_label(graph):
    assert node_label(graph, "paper:2010.11929").startswith("An Image is Worth")
    assert node_label(graph, f"dataset:{XSS_DATASET}") == XSS_DATASET
    assert node_label(graph, "model:Gone") == "Gone"
