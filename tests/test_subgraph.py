"""Bounded loading of the graph from the store, and the SQL-backed tables the views list."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graphapp.graph import build_graph
from graphapp.model import Paper
from graphapp.pipeline import ingest_file, ingest_papers
from graphapp.queries.entities import count_papers_naming, entity_counts, papers_naming
from graphapp.queries.links import code_links
from graphapp.queries.lookup import entity_ids
from graphapp.queries.search import paper_titles, search
from graphapp.queries.view import view_graph
from graphapp.services import ingest_upload
from graphapp.store import Store
from tests import reference_queries as reference
from tests.app_store import PAPER_IDS, XSS_DATASET, build_store, put_papers

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def store(tmp_path):
    with Store(build_store(tmp_path / "app.sqlite")) as opened:
        yield opened


def test_small_store_loads_whole_graph(store):
    view = view_graph(store)
    assert not view.capped and view.papers == view.total_papers == len(PAPER_IDS)
    assert nx.utils.graphs_equal(view.graph, build_graph(store))


def test_large_store_loads_the_best_connected_papers(store):
    view = view_graph(store, max_papers=3)
    assert view.capped and view.papers == 3 and view.total_papers == len(PAPER_IDS)
    papers = {node for node, kind in view.graph.nodes(data="type") if kind == "paper"}
    assert len(papers) == 3
    assert "paper:2402.00003" not in papers  # names nothing: never among the best connected
    # the ViT paper and the simple baseline each share three entities with other papers; ties go by id
    assert store.most_connected_papers(2) == ["2010.11929", "2201.00001"]


@pytest.mark.parametrize("radius", [1, 2, 3])
@pytest.mark.parametrize("focus", ["paper:2010.11929", "dataset:CIFAR-10", "repo:https://github.com/microsoft/LoRA"])
def test_focus_matches_ego_of_the_whole_graph(store, focus, radius):
    whole = build_graph(store)
    view = view_graph(store, focus=focus, radius=radius)
    assert set(view.graph) == set(reference.ego(whole, focus, radius=radius))
    assert set(view.graph.edges) == set(reference.ego(whole, focus, radius=radius).edges)
    assert not view.capped


def test_focus_respects_the_paper_budget(store):
    view = view_graph(store, focus="dataset:CIFAR-10", radius=1, max_papers=2)
    papers = [node for node, kind in view.graph.nodes(data="type") if kind == "paper"]
    assert view.capped and len(papers) == 2 and "dataset:CIFAR-10" in view.graph


def test_unknown_focus_raises(store):
    with pytest.raises(KeyError, match="no node"):
        view_graph(store, focus="dataset:Nope")
    with pytest.raises(KeyError):
        view_graph(store, focus="paper:0000.00000")
    with pytest.raises(KeyError):
        view_graph(store, focus="hf:https://github.com/microsoft/LoRA")  # a repo, not a Hugging Face node


def test_entity_ids_tell_url_kinds_apart(store):
    assert len(entity_ids(store, "repo:https://github.com/microsoft/LoRA")) == 1
    assert len(entity_ids(store, "hf:https://huggingface.co/timdettmers/guanaco-65b")) == 1
    assert len(entity_ids(store, "link:https://example.org/baseline")) == 1
    assert entity_ids(store, "link:https://github.com/microsoft/LoRA") == set()
    assert entity_ids(store, "dataset:CIFAR") == set()  # a prefix is not a match
    assert entity_ids(store, "nonsense") == set()


DEEP_LINK = "https://github.com/microsoft/LoRA/tree/main/examples"
REPO = "repo:https://github.com/microsoft/LoRA"


def test_links_into_one_repo_are_one_node_everywhere(store):
    abstract = f"We reuse the examples at {DEEP_LINK} and at https://github.com/microsoft/LoRAX."
    entities = [
        ("url", DEEP_LINK, DEEP_LINK, "links_to", None, "github_repo"),
        ("url", "https://github.com/microsoft/LoRAX", "https://github.com/microsoft/LoRAX", "links_to", None,
         "github_repo"),
    ]  # fmt: skip
    put_papers(store, [("2501.00001", "Examples of LoRA", abstract, entities, [])])
    assert len(entity_ids(store, REPO)) == 2  # the repo and the link into it, not LoRAX
    assert {ref.paper_id for ref in papers_naming(store, REPO)} == {"2106.09685", "2501.00001"}
    counts = {row.node: row.papers for row in entity_counts(store, "repo")}
    assert counts[REPO] == 2 and counts["repo:https://github.com/microsoft/LoRAX"] == 1
    assert len(entity_counts(store, "repo")) == len(counts) == 3  # no duplicate row for the deep link
    assert entity_counts(store, "repo", limit=1, min_papers=2)[0].node == REPO
    focus = view_graph(store, focus=REPO, radius=1)
    assert set(focus.graph) == {REPO, "paper:2106.09685", "paper:2501.00001"}


def test_entity_counts_most_named_first(store):
    rows = entity_counts(store, "dataset")
    assert [(row.name, row.papers) for row in rows[:2]] == [("CIFAR-10", 4), ("CoRe50", 2)]
    assert rows[0].node == "dataset:CIFAR-10"
    assert [row.name for row in entity_counts(store, "dataset", min_papers=2)] == [
        "CIFAR-10",
        "CoRe50",
        "ImageNet",
    ]
    assert [row.node for row in entity_counts(store, "hf")] == ["hf:https://huggingface.co/timdettmers/guanaco-65b"]
    assert [row.node for row in entity_counts(store, "link")] == ["link:https://example.org/baseline"]
    with pytest.raises(ValueError, match="unknown node type"):
        entity_counts(store, "paper")


def test_papers_naming_puts_proposers_first(store):
    refs = papers_naming(store, "model:ViT")
    assert [(ref.paper_id, ref.relation) for ref in refs] == [("2010.11929", "proposes"), ("2201.00001", "uses")]
    assert refs[0].evidence.startswith("We propose the Vision Transformer")
    assert papers_naming(store, "model:Nope") == []


def test_papers_naming_keeps_each_papers_strongest_mention_and_counts_all(store):
    abstract = "We use RoBERTa here. We propose a RoBERTa-like model."
    entities = [("model", "RoBERTa", "RoBERTa", "uses", "used", None),
                ("model", "RoBERTa", "RoBERTa-like", "proposes", "proposed", None)]  # fmt: skip
    put_papers(store, [("2502.00001", "Twice", abstract, entities, [])])
    refs = papers_naming(store, "model:RoBERTa")
    assert [(ref.paper_id, ref.relation) for ref in refs] == [
        ("2502.00001", "proposes"), ("2106.09685", "uses"), ("2301.00002", "mentions"),
    ]  # fmt: skip
    assert refs[0].evidence == "We propose a RoBERTa-like model." and refs[0].role == "proposed"
    assert papers_naming(store, "model:RoBERTa", limit=2) == refs[:2]
    assert count_papers_naming(store, "model:RoBERTa") == 3
    assert count_papers_naming(store, "dataset:CIFAR-10") == 4
    assert count_papers_naming(store, "model:Nope") == 0


def test_code_links_with_origin(store):
    links = code_links(store)
    lora = [link for link in links if link.paper_id == "2106.09685"]
    assert [(link.url, link.kind, link.origin) for link in lora] == [
        ("https://github.com/microsoft/LoRA", "github_repo", "metadata+text")
    ]
    assert {link.kind for link in links} == {"github_repo", "hf_model", "project_page"}
    assert len(code_links(store, limit=1)) == 1


def test_search_finds_papers_and_entities(store):
    hits = search(store, "cifar")
    assert hits[0].node == "dataset:CIFAR-10" and hits[0].papers == 4
    assert [hit.node for hit in search(store, "lora")][:2] == ["method:LoRA", "paper:2106.09685"]
    assert search(store, "2305.14314")[0].node == "paper:2305.14314"
    assert search(store, "   ") == []
    assert search(store, "100%") == []  # LIKE wildcards are literal
    assert any(hit.label == XSS_DATASET for hit in search(store, "[click]"))


def test_store_version_changes_with_new_papers(store):
    before = store.data_version()
    with store.transaction():
        store.put_paper(Paper("new", "New", "x"), [])
        store.record_ingest("x", 1, 0)
    assert store.data_version() != before
    assert list(paper_titles(store, limit=2)) == ["paper:2401.99999", "paper:2402.00003"]  # "<img…" sorts first


@pytest.mark.integration
def test_every_way_papers_arrive_changes_the_store_version(store, tmp_path):
    """The app's caches are keyed on the newest ingest log id: each write path must log its input."""
    versions = [store.data_version()]
    ingest_file(store, FIXTURES / "papers.jsonl")  # the CLI's ingest
    versions.append(store.data_version())
    ingest_upload(Path(store.path), "more.jsonl", b'{"id": "u1", "title": "Up", "abstract": "We use GLUE."}\n', None)
    versions.append(store.data_version())
    count = store.paper_count()
    ingest_papers(store, [Paper("u1", "Up again", "We use CIFAR-10.")], source="fetch")  # a fetch replacing a paper
    assert store.paper_count() == count
    versions.append(store.data_version())
    assert versions == sorted(set(versions)) and len(versions) == 4
