"""The service layer the app's views and the CLI share: uploads, the links table, the Paper view's data."""

from __future__ import annotations

import pytest

from graphapp import services
from graphapp.model import Occurrence, Paper
from graphapp.queries.links import code_links
from graphapp.services import connection, ingest_upload, kind_label, link_table, paper_view, related, rising
from graphapp.store import Store
from tests.app_store import build_store, dated_store


@pytest.fixture
def store(tmp_path):
    with Store(build_store(tmp_path / "app.sqlite")) as opened:
        yield opened


def test_link_table_filters_by_group_origin_and_text(store):
    rows = code_links(store)
    everything = link_table(store, rows)
    assert everything.links == len(rows) and not everything.truncated
    assert everything.papers == len({row.paper_id for row in rows})
    github = link_table(store, rows, groups=["repo"])
    assert {line.kind for line in github.lines} == {"GitHub repo"}
    assert all(line.url.startswith("https://github.com/") for line in github.lines)
    metadata_only = link_table(store, rows, origins=["metadata"])
    assert [line.url for line in metadata_only.lines] == ["https://github.com/microsoft/LoRA"]
    assert link_table(store, rows, query="  GUANACO ").links == 1  # any case, URL or title
    assert link_table(store, rows, query="low-rank").lines[0].url == "https://github.com/microsoft/LoRA"
    first = link_table(store, rows, limit=1)
    assert len(first.lines) == 1 and first.truncated and first.links == len(rows)


def test_link_table_names_each_paper_once_and_shows_the_link_without_its_scheme(tmp_path):
    links = ["https://github.com/o/r", "https://huggingface.co/o/m"]
    kinds = ["github_repo", "hf_model"]
    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction():
            store.put_paper(
                Paper("a", "A paper", "x"),
                [Occurrence("url", u, "links_to", u, u, kind=k) for u, k in zip(links, kinds, strict=True)],
            )
        table = link_table(store, code_links(store))
    assert [(line.paper, line.label, line.kind, line.about) for line in table.lines] == [
        ("A paper", "github.com/o/r", "GitHub repo", None),
        ("", "huggingface.co/o/m", "HF model", None),
    ]
    assert kind_label("project_page") == "project page"


def test_link_table_adds_what_enrichment_stored(store):
    with store.transaction():
        store.put_entity_metadata([("url", "https://github.com/microsoft/LoRA", "github", {"stars": 12000})])
    lines = {line.url: line.about for line in link_table(store, code_links(store)).lines}
    assert lines["https://github.com/microsoft/LoRA"] == "★ 12,000"
    assert lines["https://huggingface.co/timdettmers/guanaco-65b"] is None


def test_paper_view_highlights_the_abstract_and_lists_entities(store):
    view = paper_view(store, "paper:2010.11929")
    assert view is not None and view.paper.title.startswith("An Image is Worth")
    marked = [(segment.text, segment.node) for segment in view.segments if segment.node]
    assert ("Vision Transformer", "model:ViT") in marked and ("CIFAR-10", "dataset:CIFAR-10") in marked
    assert "".join(segment.text for segment in view.segments) == view.paper.abstract
    assert {row.node for row in view.entities} >= {"model:ViT", "dataset:ImageNet", "dataset:CIFAR-10"}
    assert paper_view(store, "paper:nope") is None
    assert paper_view(store, "dataset:CIFAR-10") is None


def test_related_names_titles_and_shared_entities(store):
    items = related(store, "paper:2010.11929", limit=3)
    assert items and all(item.node.startswith("paper:") and item.title for item in items)
    resnet = next(item for item in items if item.node == "paper:1512.03385")
    assert resnet.title == "Deep Residual Learning for Image Recognition"
    assert set(resnet.shared) == {"ImageNet", "CIFAR-10"}
    assert "both name" in resnet.why and "ImageNet" in resnet.why  # the same reasons as the CLI's `related`
    with pytest.raises(KeyError):
        related(store, "paper:nope")


def test_connection_explains_each_hop(store):
    found = connection(store, "paper:2106.09685", "paper:2305.14314")
    assert found.verdict in ("connected", "weak") and found.chains >= 1
    assert found.path == ["paper:2106.09685", "method:LoRA", "paper:2305.14314"]
    [hop] = found.hops
    assert hop.via == "method:LoRA" and (hop.left_relation, hop.right_relation) == ("proposes", "uses")
    assert hop.left_evidence.startswith("We propose LoRA") and "LoRA" in hop.describe
    assert found.labels["paper:2305.14314"] == "QLoRA: Efficient Finetuning of Quantized LLMs"
    assert {"paper:2106.09685", "method:LoRA", "paper:2305.14314"} <= set(found.graph)  # what is drawn
    nothing = connection(store, "paper:2106.09685", "paper:2402.00003")  # names nothing
    assert (nothing.verdict, nothing.hops, nothing.chains) == ("none", [], 0)


def test_an_upload_is_ingested_under_the_users_file_name(tmp_path):
    db = tmp_path / "s.sqlite"
    report = ingest_upload(db, "mine.jsonl", b'{"id": "u1", "title": "Up", "abstract": "We use GLUE."}\n', None)
    assert report.papers == 1
    with Store(db) as store:
        assert store.paper("u1").source == "mine.jsonl"
        assert store.ingest_log() == [("mine.jsonl", 1, 0)]


def test_rising_names_the_burst_of_the_last_months(tmp_path):
    with Store(dated_store(tmp_path / "dated.sqlite")) as store:
        found = rising(store, "dataset", "month", 3)
        assert (found.since, found.last) == ("2025-10-01", "2025-12-01")
        assert [trend.name for trend in found.trends] == ["LoCoMo"]
        assert rising(store, "dataset", "month", 3).trends[0].papers_in_burst == 15
    with Store(tmp_path / "empty.sqlite") as empty:
        assert rising(empty, "dataset", "week", 4) == services.Rising([], None, None)
