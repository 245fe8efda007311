"""Ingest end to end: file -> extractor -> store, with metadata links, corpus-wide names and bad records."""

from __future__ import annotations

import pytest

from extractors import Extractor, Mention
from graphapp.graph import build_graph
from graphapp.pipeline import ingest_file, relation_for
from graphapp.store import Store


def test_bundled_file_is_ingested_once_however_often_it_is_read(tmp_path, bundled_papers, default_extractor):
    with Store(tmp_path / "s.sqlite") as store:
        report = ingest_file(store, bundled_papers, extractor=default_extractor)
        first = store.counts()
        again = ingest_file(store, bundled_papers, extractor=default_extractor)
        assert (report.papers, report.errors, again.papers) == (88, [], 88)
        assert store.counts() == first
        assert first["papers"] == 88 and first["mentions"] > 300
        assert store.integrity_ok()


def test_edges_carry_relation_role_and_evidence(tmp_path, bundled_papers, default_extractor):
    with Store(tmp_path / "s.sqlite") as store:
        ingest_file(store, bundled_papers, extractor=default_extractor)
        graph = build_graph(store)
    relinear = next(n for n, d in graph.nodes(data=True) if d.get("title", "").startswith("On Expressivity"))
    repo = "repo:https://github.com/FengleiFan/ReLinear"
    assert graph.edges[relinear, repo]["relation"] == "links_to"
    assert "We have shared our code" in graph.edges[relinear, repo]["evidence"]
    assert graph.edges[relinear, "method:ReLinear"]["relation"] == "proposes"
    assert "ReLinear" in graph.edges[relinear, "method:ReLinear"]["evidence"]


def test_metadata_links_are_edges_from_metadata(tmp_path, fixtures, default_extractor):
    with Store(tmp_path / "s.sqlite") as store:
        report = ingest_file(store, fixtures / "hf_daily_papers.json", extractor=default_extractor)
        graph = build_graph(store)
    assert report.papers == 2 and [e.location for e in report.errors] == ["record 2"]
    paper = "paper:2502.01234"
    assert graph.edges[paper, "repo:https://github.com/acme/tinythink"]["origin"] == "metadata"
    assert graph.edges[paper, "link:https://acme.github.io/tinythink"]["origin"] == "metadata"
    assert graph.edges[paper, "hf:https://huggingface.co/acme/tinythink"]["origin"] == "text"
    assert graph.nodes["dataset:GSM8K"]["type"] == "dataset"


def test_bad_records_are_reported_and_the_rest_stored(tmp_path, fixtures, default_extractor):
    with Store(tmp_path / "s.sqlite") as store:
        report = ingest_file(store, fixtures / "papers.jsonl", extractor=default_extractor)
        assert report.papers == 3 and store.paper_count() == 3
    assert [e.location for e in report.errors] == ["line 3", "line 4"]
    assert "3 papers stored" in report.summary() and "2 records skipped" in report.summary()


def test_a_name_discovered_in_one_abstract_is_found_in_all(tmp_path, default_extractor):
    path = tmp_path / "two.jsonl"
    path.write_text(
        '{"id": "a", "title": "Paper A", "abstract": "We propose ZorbNet, a novel architecture for vision."}\n'
        '{"id": "b", "title": "Paper B", "abstract": "Our results improve on ZorbNet by a wide margin."}\n',
        encoding="utf-8",
    )
    with Store(tmp_path / "s.sqlite") as store:
        ingest_file(store, path, extractor=Extractor.default())
        graph = build_graph(store)
    assert ("paper:b", "method:ZorbNet") in graph.edges
    assert graph.edges["paper:a", "method:ZorbNet"]["relation"] == "proposes"


@pytest.mark.parametrize(
    ("etype", "role", "expected"),
    [
        ("url", None, "links_to"),
        ("citation", None, "cites"),
        ("dataset", "proposed", "proposes"),
        ("model", "used", "uses"),
        ("method", "mentioned", "mentions"),
        ("task", None, "mentions"),
    ],
)
def test_relation_for(etype, role, expected):
    assert relation_for(Mention(etype, "x", "x", 0, 1, role=role)) == expected
