"""Optional repo/model/dataset metadata: targets, lookups with tokens, refusals, storage and the graph."""

from __future__ import annotations

import httpx
from fetch_fakes import RECORDINGS, FakeClock, fake_client

from graphapp.export import export_bytes
from graphapp.fetch.enrich import (
    annotate_graph,
    enrich_store,
    enrichment_target,
    entity_metadata,
    metadata_for,
    repository_metadata,
    targets,
)
from graphapp.fetch.recordings import Recordings
from graphapp.graph import build_graph
from graphapp.model import Occurrence, Paper
from graphapp.store import Store

URLS = [
    ("https://github.com/microsoft/LoRA", "github_repo"),
    ("https://github.com/stepwise-demo/stepwise", "github_repo"),
    ("https://huggingface.co/datasets/openai/gsm8k", "hf_dataset"),
    ("https://huggingface.co/stepwise-demo/verifier-1b", "hf_model"),
    ("https://huggingface.co/missing/model", "hf_model"),
    ("https://huggingface.co/spaces/someone/demo", "hf_space"),
    ("https://stepwise-demo.github.io/", "link"),
]


def make_store(path) -> Store:
    store = Store(path)
    occurrences = [Occurrence("url", url, "links_to", url, f"code: {url}", "metadata", kind=kind) for url, kind in URLS]
    with store.transaction():
        store.put_paper(Paper("2509.99001", "StepWise", "An abstract."), occurrences)
    return store


class Capturing:
    """Recordings that also keep each request's headers."""

    def __init__(self) -> None:
        self.recordings = Recordings(RECORDINGS)
        self.headers: dict[str, httpx.Headers] = {}

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.headers[str(request.url)] = request.headers
        return self.recordings.handle(request)


def test_targets_are_github_repos_and_hub_models_and_datasets_only():
    assert enrichment_target("url", "https://github.com/o/r.git/tree/main").repo_id == "o/r"
    assert enrichment_target("url", "https://www.github.com/o/r").service == "github"
    assert enrichment_target("url", "https://huggingface.co/o/m").repo_kind == "model"
    assert enrichment_target("url", "https://huggingface.co/papers/2509.04664") is None
    assert enrichment_target("url", "https://github.com/o") is None
    assert enrichment_target("url", "javascript:alert(1)") is None
    assert enrichment_target("dataset", "https://github.com/o/r") is None


def test_lookups_store_metadata_send_tokens_and_report_misses(tmp_path):
    capture = Capturing()
    client = fake_client(httpx.MockTransport(capture.handle), FakeClock())
    env = {"GITHUB_TOKEN": "gh-secret", "HF_TOKEN": "hf-secret"}
    with make_store(tmp_path / "s.sqlite") as store:
        report = enrich_store(store, client, env=env)
        meta = entity_metadata(store)
    assert report.candidates == 5 and report.enriched == 3
    assert report.summary() == "metadata: 3 of 5 repos, models and datasets enriched, 2 failed"
    assert report.errors == [
        "https://github.com/stepwise-demo/stepwise: not found "
        "(https://api.github.com/repos/stepwise-demo/stepwise answered HTTP 404)",
        "https://huggingface.co/missing/model: not found "
        "(https://huggingface.co/api/models/missing/model answered HTTP 404)",
    ]
    assert report.notices == []
    lora = meta["https://github.com/microsoft/LoRA"]
    assert lora["stars"] == 12000 and lora["license"] == "MIT" and lora["description"].startswith("Code for loralib")
    assert meta["https://huggingface.co/datasets/openai/gsm8k"]["license"] == "mit"
    assert meta["https://huggingface.co/stepwise-demo/verifier-1b"]["pipeline_tag"] == "text-classification"
    github = capture.headers["https://api.github.com/repos/microsoft/LoRA"]
    assert github["authorization"] == "Bearer gh-secret" and github["accept"] == "application/vnd.github+json"
    assert capture.headers["https://huggingface.co/api/datasets/openai/gsm8k"]["authorization"] == "Bearer hf-secret"


def test_no_token_no_authorization_header(tmp_path):
    capture = Capturing()
    client = fake_client(httpx.MockTransport(capture.handle), FakeClock())
    with make_store(tmp_path / "s.sqlite") as store:
        enrich_store(store, client, env={}, limit=1)
    [headers] = capture.headers.values()
    assert "authorization" not in headers


def test_a_github_rate_limit_stops_github_lookups_with_advice(tmp_path):
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.host)
        if request.url.host == "api.github.com":
            return httpx.Response(403, json={"message": "API rate limit exceeded"})
        return Recordings(RECORDINGS).handle(request)

    client = fake_client(httpx.MockTransport(handle), FakeClock())
    with make_store(tmp_path / "s.sqlite") as store:
        report = enrich_store(store, client, env={})
    assert asked.count("api.github.com") == 1
    assert report.notices == ["github: stopped after HTTP 403; set GITHUB_TOKEN or GH_TOKEN or try again later"]
    assert report.enriched == 2


def test_looked_up_entities_and_known_misses_are_skipped_next_time_unless_refreshed(tmp_path):
    client = fake_client(Recordings(RECORDINGS).transport(), FakeClock())
    with make_store(tmp_path / "s.sqlite") as store:
        enrich_store(store, client, env={})
        assert targets(store) == []
        assert entity_metadata(store)["https://github.com/stepwise-demo/stepwise"] == {"not_found": True}
        assert len(targets(store, refresh=True)) == 5


def test_a_failure_other_than_not_found_is_asked_again_next_time(tmp_path):
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/openai/gsm8k"):
            return httpx.Response(500)
        return Recordings(RECORDINGS).handle(request)

    client = fake_client(httpx.MockTransport(handle), FakeClock(), retries=0)
    with make_store(tmp_path / "s.sqlite") as store:
        report = enrich_store(store, client, env={})
        assert [t.repo_id for t in targets(store)] == ["openai/gsm8k"]
    assert report.enriched == 2 and len(report.errors) == 3


def test_the_graph_shows_metadata_and_still_exports(tmp_path):
    client = fake_client(Recordings(RECORDINGS).transport(), FakeClock())
    path = tmp_path / "s.sqlite"
    with make_store(path) as store:
        enrich_store(store, client, env={})
    with Store(path, readonly=True) as store:
        graph = build_graph(store)
        assert annotate_graph(graph, store) == 3
    repo = next(data for _, data in graph.nodes(data=True) if data["label"] == "https://github.com/microsoft/LoRA")
    assert repo["stars"] == 12000 and repo["language"] == "Python"
    assert "topics" not in repo
    assert b"12000" in export_bytes(graph, "graphml")


def test_a_store_never_enriched_reads_as_before(tmp_path):
    path = tmp_path / "s.sqlite"
    make_store(path).close()
    with Store(path, readonly=True) as store:
        assert entity_metadata(store) == {}
        graph = build_graph(store)
        assert annotate_graph(graph, store) == 0


def test_links_into_one_repository_share_one_lookup_and_its_node(tmp_path):
    capture = Capturing()
    client = fake_client(httpx.MockTransport(capture.handle), FakeClock())
    links = [
        "https://github.com/microsoft/LoRA",
        "https://github.com/microsoft/LoRA/tree/main/loralib",
        "https://github.com/microsoft/lora",
    ]
    occurrences = [Occurrence("url", u, "links_to", u, u, "abstract", kind="github_repo") for u in links]
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        with store.transaction():
            store.put_paper(Paper("2106.09685", "LoRA", "Code at the links."), occurrences)
        report = enrich_store(store, client, env={})
        assert set(entity_metadata(store)) == set(links)
        graph = build_graph(store)
        assert annotate_graph(graph, store) == 2
    assert report.candidates == 1 and report.enriched == 1 and len(capture.headers) == 1
    repos = {data["label"]: data for _, data in graph.nodes(data=True) if data["type"] == "repo"}
    assert set(repos) == {"https://github.com/microsoft/LoRA", "https://github.com/microsoft/lora"}
    assert {data["stars"] for data in repos.values()} == {12000}


def test_metadata_is_found_for_any_link_into_the_repository(tmp_path):
    client = fake_client(Recordings(RECORDINGS).transport(), FakeClock())
    with make_store(tmp_path / "s.sqlite") as store:
        enrich_store(store, client, env={})
        by_repository = repository_metadata(store)
    assert metadata_for("https://github.com/Microsoft/LoRA/blob/main/README.md", by_repository)["stars"] == 12000
    assert metadata_for("https://github.com/stepwise-demo/stepwise", by_repository) is None  # a known miss
    assert metadata_for("https://example.org/x", by_repository) is None
