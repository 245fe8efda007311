"""The store-backed queries (graphapp.queries) agree with the NetworkX reference on the whole graph."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest

from bench.corpus import generate
from extractors import Extractor
from extractors.links import repo_root
from graphapp.graph import build_graph
from graphapp.model import Occurrence, Paper
from graphapp.nodes import ENTITY_NODE_TYPES
from graphapp.pipeline import ingest_file
from graphapp.queries import entities, links, neighbourhood, related
from graphapp.store import Store
from tests import reference_queries as reference
from tests.conftest import BUNDLED


@pytest.fixture(scope="module", params=["bundled", "generated"])
def store_and_graph(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    source = BUNDLED
    if request.param == "generated":
        source = folder / "papers.jsonl"
        source.write_text("".join(json.dumps(paper) + "\n" for paper in generate(200, seed=11)), "utf-8")
    store = Store(folder / "s.sqlite")
    ingest_file(store, source, extractor=Extractor.default())
    yield store, build_graph(store)
    store.close()


def sample(nodes, count=12):
    return random.Random(0).sample(sorted(nodes), min(count, len(nodes)))


def test_ego_graphs_are_identical(store_and_graph):
    store, graph = store_and_graph
    papers = [n for n, t in graph.nodes(data="type") if t == "paper"]
    entities = [n for n, t in graph.nodes(data="type") if t != "paper"]
    for node in sample(papers, 6) + sample(entities, 6):
        for radius in (0, 1, 2):
            expected = reference.ego(graph, node, radius)
            got = neighbourhood.ego(store, node, radius)
            assert nx.utils.graphs_equal(got, expected), (node, radius)
            assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
            assert {e: got.edges[e] for e in got.edges} == {e: expected.edges[e] for e in expected.edges}


def test_papers_sharing_and_related_papers_agree(store_and_graph):
    store, graph = store_and_graph
    for node, kind in graph.nodes(data="type"):
        if kind == "paper":
            got = related.related_papers(store, node, limit=8)
            expected = reference.related_papers(graph, node, limit=8)
            assert [(r.paper, r.score, set(r.shared)) for r in got] == [
                (r.paper, r.score, set(r.shared)) for r in expected
            ], node
        else:
            assert entities.papers_sharing(store, node) == reference.papers_sharing(graph, node)


def test_unknown_nodes_and_unconnected_papers(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction():
            store.put_paper(Paper("a", "A", "x"), [Occurrence("dataset", "X", "uses", "X", "e")])
            store.put_paper(Paper("b", "B", "x"), [Occurrence("model", "M", "uses", "M", "e")])
            store.put_paper(
                Paper("c", "C", "x"),
                [Occurrence("url", "https://github.com/o/r", "links_to", "u", "e", kind="github_repo")],
            )
        assert related.related_papers(store, "paper:a") == []
        for call in (
            lambda: neighbourhood.ego(store, "dataset:Nope"),
            lambda: entities.papers_sharing(store, "paper:a"),
            lambda: related.related_papers(store, "dataset:X"),
            lambda: neighbourhood.ego(store, "link:https://github.com/o/r"),  # it is a repo node, not a link
        ):
            with pytest.raises(KeyError):
                call()
        assert list(neighbourhood.ego(store, "repo:https://github.com/o/r", 1)) == [
            "paper:c",
            "repo:https://github.com/o/r",
        ]


def test_links_into_one_repo_are_one_node(tmp_path):
    def link(url):
        return Occurrence("url", url, "links_to", url, "e", kind="github_repo")

    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction():
            store.put_paper(
                Paper("a", "A", "x"), [link("https://github.com/o/r"), link("https://github.com/o/r/tree/x")]
            )
            store.put_paper(Paper("b", "B", "x"), [link("https://github.com/o/r.git")])
            store.put_paper(Paper("c", "C", "x"), [link("https://github.com/o/rx"), link("https://github.com/o/r/a")])
            store.put_paper(Paper("d", "D", "x"), [link("https://github.com/o/rx")])
        graph = build_graph(store)
        repo = "repo:https://github.com/o/r"
        assert (
            entities.papers_sharing(store, repo)
            == reference.papers_sharing(graph, repo)
            == [
                "paper:a",
                "paper:b",
                "paper:c",
            ]
        )
        for node in graph:
            assert nx.utils.graphs_equal(neighbourhood.ego(store, node, 2), reference.ego(graph, node, 2))
            if node.startswith("paper:"):
                assert related.related_papers(store, node) == reference.related_papers(graph, node)


def test_entity_counts_agree_with_the_graph(store_and_graph):
    store, graph = store_and_graph
    for node_type in ENTITY_NODE_TYPES:
        for min_papers in (1, 2):
            got = entities.entity_counts(store, node_type, min_papers=min_papers)
            expected = reference.entity_counts(graph, node_type, min_papers=min_papers)
            assert sorted((row.node, row.papers) for row in got) == sorted(
                (node, len(papers)) for node, papers in expected
            ), (node_type, min_papers)
            assert [row.papers for row in got] == [len(papers) for _, papers in expected]  # the most named first


def test_code_links_agree_with_the_graph(store_and_graph):
    store, graph = store_and_graph
    got = {(f"paper:{row.paper_id}", row.url, row.kind, row.origin) for row in links.code_links(store)}
    expected = {(link.paper, link.url, link.kind, link.origin) for link in reference.code_links(graph)}
    # the graph has one node per repository; the store lists each link into it
    assert {(paper, repo_root(url) or url, kind, origin) for paper, url, kind, origin in got} >= expected
    assert {(paper, kind) for paper, _, kind, _ in got} == {(link[0], link[2]) for link in expected}
