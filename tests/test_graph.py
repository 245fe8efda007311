"""Graph building from the store, the NetworkX reference queries, and export in every format."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest

from graphapp.export import export_bytes, export_graph
from graphapp.graph import build_graph
from graphapp.model import Occurrence, Paper
from graphapp.nodes import node_type
from graphapp.store import Store
from tests import reference_queries as queries


def occ(etype, name, relation="uses", field="abstract", kind=None, evidence="e."):
    return Occurrence(etype, name, relation, name, evidence, field, kind=kind)


@pytest.fixture
def graph(tmp_path) -> nx.DiGraph:
    """Four papers: a and b share a rare dataset, a/b/c share Transformer, d names nothing shared."""
    papers = {
        "a": [occ("dataset", "CoRe50"), occ("method", "Transformer", "mentions"), occ("method", "NMC", "proposes")],
        "b": [
            occ("dataset", "CoRe50"),
            occ("method", "Transformer"),
            occ("url", "https://github.com/x/b", "links_to", kind="github_repo"),
            occ("url", "https://github.com/x/b", "links_to", "metadata", kind="github_repo"),
        ],
        "c": [occ("method", "Transformer"), occ("url", "https://huggingface.co/x/c", "links_to", kind="hf_model")],
        "d": [occ("task", "unlearning")],
    }
    with Store(tmp_path / "g.sqlite") as store:
        with store.transaction():
            for pid, occurrences in papers.items():
                store.put_paper(Paper(pid, f"Paper {pid.upper()}", f"Abstract {pid}."), occurrences)
            # the same entity twice in one paper: one edge, the strongest relation kept
            twice = [occ("model", "BERT", "mentions"), occ("model", "BERT", "proposes")]
            store.put_paper(Paper("e", "Paper E", "x"), twice)
        return build_graph(store)


def test_nodes_and_edges_are_typed(graph):
    assert graph.nodes["paper:a"]["type"] == "paper" and graph.nodes["paper:a"]["title"] == "Paper A"
    assert graph.nodes["dataset:CoRe50"]["type"] == "dataset"
    assert graph.nodes["repo:https://github.com/x/b"]["type"] == "repo"
    assert graph.nodes["hf:https://huggingface.co/x/c"]["url"] == "https://huggingface.co/x/c"
    assert graph.edges["paper:a", "method:NMC"]["relation"] == "proposes"
    assert graph.edges["paper:a", "dataset:CoRe50"]["evidence"] == "e."
    assert all(graph.nodes[u]["type"] == "paper" for u, _ in graph.edges)


def test_repeated_mentions_merge_into_one_edge(graph):
    edge = graph.edges["paper:e", "model:BERT"]
    assert (edge["relation"], edge["count"]) == ("proposes", 2)
    assert graph.edges["paper:b", "repo:https://github.com/x/b"]["origin"] == "metadata+text"


def test_subgraph_of_some_papers(tmp_path, graph):
    with Store(tmp_path / "g.sqlite") as store:
        sub = build_graph(store, ["a"])
    assert set(sub) == {"paper:a", "dataset:CoRe50", "method:Transformer", "method:NMC"}


@pytest.mark.parametrize(
    ("etype", "kind", "expected"),
    [("url", "github_repo", "repo"), ("url", "hf_space", "hf"), ("url", "doi", "link"), ("model", None, "model")],
)
def test_node_type(etype, kind, expected):
    assert node_type(etype, kind) == expected


def test_ego(graph):
    assert set(queries.ego(graph, "paper:d")) == {"paper:d", "task:unlearning"}
    assert "paper:b" in queries.ego(graph, "paper:a", radius=2)
    assert "repo:https://github.com/x/b" not in queries.ego(graph, "paper:a", radius=2)
    with pytest.raises(KeyError, match="no node"):
        queries.ego(graph, "paper:zzz")


def test_papers_sharing_and_shared_entities(graph):
    assert queries.papers_sharing(graph, "dataset:CoRe50") == ["paper:a", "paper:b"]
    shared = queries.entity_counts(graph, "method")
    assert shared[0] == ("method:Transformer", ["paper:a", "paper:b", "paper:c"])
    assert [entity for entity, _ in queries.entity_counts(graph, "method", min_papers=2)] == ["method:Transformer"]


def test_related_papers_prefer_rare_entities(graph):
    related = queries.related_papers(graph, "paper:a")
    assert [r.paper for r in related] == ["paper:b", "paper:c"]
    assert related[0].shared == ("dataset:CoRe50", "method:Transformer")
    assert related[0].score > related[1].score
    assert queries.related_papers(graph, "paper:d") == []


def test_path_explained(graph):
    path = queries.paper_path(graph, "paper:a", "paper:b")
    assert path == ["paper:a", "dataset:CoRe50", "paper:b"]  # the rare dataset, not the common method
    assert queries.path_steps(graph, path) == [
        ("paper:a", "uses", "dataset:CoRe50"),
        ("dataset:CoRe50", "uses", "paper:b"),
    ]
    assert queries.paper_path(graph, "paper:a", "paper:d") is None


def test_counts_and_code_links(graph):
    assert queries.node_type_counts(graph) == {
        "paper": 5, "dataset": 1, "model": 1, "method": 2, "task": 1, "repo": 1, "hf": 1,
    }  # fmt: skip
    links = queries.code_links(graph)
    assert [(link.paper, link.kind, link.origin) for link in links] == [
        ("paper:b", "github_repo", "metadata+text"),
        ("paper:c", "hf_model", "text"),
    ]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cytoscape", "csv"])
def test_export_round_trips(graph, tmp_path, fmt):
    data = export_bytes(graph, fmt)
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(data))
        back = nx.relabel_nodes(back, {node: attrs["node_id"] for node, attrs in back.nodes(data=True)})
    elif fmt == "gexf":
        back = nx.read_gexf(io.BytesIO(data))
    elif fmt == "json":
        back = nx.node_link_graph(json.loads(data))
    elif fmt == "cytoscape":
        elements = json.loads(data)["elements"]
        back = nx.DiGraph()
        back.add_nodes_from(element["data"]["id"] for element in elements["nodes"])
        back.add_edges_from((e["data"]["source"], e["data"]["target"], e["data"]) for e in elements["edges"])
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
            edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
        back = nx.DiGraph()
        back.add_nodes_from((row["id"], row) for row in nodes)
        back.add_edges_from((row["source"], row["target"], row) for row in edges)
    assert set(back.nodes) == set(graph.nodes)
    assert set(back.edges) == set(graph.edges)
    assert back.edges["paper:a", "method:NMC"]["relation"] == "proposes"


def test_export_to_files(graph, tmp_path):
    assert export_graph(graph, "graphml", tmp_path / "out" / "g.graphml").stat().st_size > 0
    folder = export_graph(graph, "csv", tmp_path / "csv")
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]
    with pytest.raises(ValueError, match="unknown export format"):
        export_bytes(graph, "pdf")


def test_links_into_one_repo_share_its_node(tmp_path):
    root = occ("url", "https://github.com/x/b", "links_to", kind="github_repo")
    deep = occ("url", "https://github.com/x/b/tree/main/src", "links_to", kind="github_repo")
    with Store(tmp_path / "r.sqlite") as store:
        with store.transaction():
            store.put_paper(Paper("p", "P", "x"), [root])
            store.put_paper(Paper("q", "Q", "x"), [deep])
        graph = build_graph(store)
    assert queries.papers_sharing(graph, "repo:https://github.com/x/b") == ["paper:p", "paper:q"]
    assert graph.edges["paper:q", "repo:https://github.com/x/b"]["surface"] == "https://github.com/x/b/tree/main/src"
