"""The store-backed queries agree with the graph queries they stand in for on large stores."""

from __future__ import annotations

import itertools
import json
import math
import random

import networkx as nx
import pytest

from bench.corpus import generate
from extractors import Extractor
from graphapp import queries, store_queries
from graphapp.graph import build_graph
from graphapp.model import Occurrence, Paper
from graphapp.pipeline import ingest_file
from graphapp.store import Store
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


def path_cost(graph, path):
    entities = [node for node in path if graph.nodes[node]["type"] != "paper"]
    hops = {node: 1 if node in (path[0], path[-1]) else 2 for node in entities}
    return sum(hops[node] * (1.0 + math.log1p(graph.in_degree(node))) for node in entities)


def test_ego_graphs_are_identical(store_and_graph):
    store, graph = store_and_graph
    papers = [n for n, t in graph.nodes(data="type") if t == "paper"]
    entities = [n for n, t in graph.nodes(data="type") if t != "paper"]
    for node in sample(papers, 6) + sample(entities, 6):
        for radius in (0, 1, 2):
            expected = queries.ego(graph, node, radius)
            got = store_queries.ego(store, node, radius)
            assert nx.utils.graphs_equal(got, expected), (node, radius)
            assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
            assert {e: got.edges[e] for e in got.edges} == {e: expected.edges[e] for e in expected.edges}


def test_papers_sharing_and_related_papers_agree(store_and_graph):
    store, graph = store_and_graph
    for node, kind in graph.nodes(data="type"):
        if kind == "paper":
            got = store_queries.related_papers(store, node, limit=8)
            expected = queries.related_papers(graph, node, limit=8)
            assert [(r.paper, r.score, set(r.shared)) for r in got] == [
                (r.paper, r.score, set(r.shared)) for r in expected
            ], node
        else:
            assert store_queries.papers_sharing(store, node) == queries.papers_sharing(graph, node)


def test_paths_are_as_cheap_as_the_graph_paths(store_and_graph):
    store, graph = store_and_graph
    papers = sample([n for n, t in graph.nodes(data="type") if t == "paper"], 16)
    entity = next(n for n, t in graph.nodes(data="type") if t == "dataset")
    for source, target in [*zip(papers[::2], papers[1::2], strict=True), (papers[0], entity), (papers[0], papers[0])]:
        expected = queries.paper_path(graph, source, target)
        got = store_queries.paper_path(store, source, target)
        if expected is None:
            assert got is None
            continue
        assert got[0] == source and got[-1] == target
        assert all(graph.has_edge(u, v) or graph.has_edge(v, u) for u, v in itertools.pairwise(got))
        assert path_cost(graph, got) == pytest.approx(path_cost(graph, expected))


def test_unknown_nodes_and_unconnected_papers(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction():
            store.put_paper(Paper("a", "A", "x"), [Occurrence("dataset", "X", "uses", "X", "e")])
            store.put_paper(Paper("b", "B", "x"), [Occurrence("model", "M", "uses", "M", "e")])
            store.put_paper(
                Paper("c", "C", "x"),
                [Occurrence("url", "https://github.com/o/r", "links_to", "u", "e", kind="github_repo")],
            )
        assert store_queries.paper_path(store, "paper:a", "paper:b") is None
        assert store_queries.related_papers(store, "paper:a") == []
        for call in (
            lambda: store_queries.ego(store, "dataset:Nope"),
            lambda: store_queries.papers_sharing(store, "paper:a"),
            lambda: store_queries.related_papers(store, "dataset:X"),
            lambda: store_queries.paper_path(store, "paper:a", "paper:zzz"),
            lambda: store_queries.ego(store, "link:https://github.com/o/r"),  # it is a repo node, not a link
        ):
            with pytest.raises(KeyError):
                call()
        assert list(store_queries.ego(store, "repo:https://github.com/o/r", 1)) == [
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
            store_queries.papers_sharing(store, repo)
            == queries.papers_sharing(graph, repo)
            == [
                "paper:a",
                "paper:b",
                "paper:c",
            ]
        )
        for node in graph:
            assert nx.utils.graphs_equal(store_queries.ego(store, node, 2), queries.ego(graph, node, 2))
            if node.startswith("paper:"):
                assert store_queries.related_papers(store, node) == queries.related_papers(graph, node)
        assert store_queries.paper_path(store, "paper:a", "paper:d") == queries.paper_path(graph, "paper:a", "paper:d")
