"""The app end to end with the real extractor: first start on the bundled papers, and adding papers by upload."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphapp.safe import md_escape
from graphapp.services import upload_suffix
from graphapp.store import Store
from tests.app_store import PAPER_IDS, build_store, drawn, show, start_app

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_first_start_builds_the_store_from_the_bundled_papers(tmp_path, monkeypatch):
    db = tmp_path / "fresh" / "papers.sqlite"
    at = start_app(db, monkeypatch)
    assert db.exists()
    with Store(db, readonly=True) as store:
        assert store.paper_count() == 88
    assert at.sidebar.caption[0].value.startswith("88 papers")
    payload = drawn(at)
    types = {node["ntype"] for node in payload["nodes"]}
    assert {"paper", "dataset", "model", "method", "task"} <= types
    assert 20 < payload["shown"] <= payload["total"]

    show(at, "Code and models")
    table = next(element.value for element in at.markdown if element.value.startswith("| Paper |"))
    assert "(https://github.com/FengleiFan/ReLinear)" in table and "(https://huggingface.co/" in table


def test_upload_adds_papers_and_lists_bad_records(tmp_path, monkeypatch):
    db = build_store(tmp_path / "app.sqlite")
    at = start_app(db, monkeypatch, view="Add papers")
    content = (FIXTURES / "papers.jsonl").read_bytes()
    name = "my [papers](javascript:alert(1)).jsonl"  # a file name is untrusted text too
    at.get("file_uploader")[0].set_value((name, content, "application/json")).run()
    at.button(key="upload_go").click().run()
    assert not at.exception, at.exception

    assert f"3 papers from {md_escape(name)} are in the store" in at.success[0].value
    errors = at.dataframe[0].value
    assert list(errors["where"]) == ["line 3", "line 4"]
    assert "missing abstract" in errors["problem"][1]
    with Store(db, readonly=True) as store:
        assert store.paper_count() == len(PAPER_IDS) + 2  # LoRA (2106.09685) was already there: updated
        assert store.paper("x-4").title == "Authors as a string"
    assert at.sidebar.caption[0].value.startswith(f"{len(PAPER_IDS) + 2} papers")

    show(at, "Graph")
    at.slider(key="min_degree").set_value(0).run()
    assert "paper:x-4" in {node["id"] for node in drawn(at)["nodes"]}  # the graph refreshed


def test_upload_of_an_unreadable_file_reports_it(tmp_path, monkeypatch):
    db = build_store(tmp_path / "app.sqlite")
    at = start_app(db, monkeypatch, view="Add papers")
    at.get("file_uploader")[0].set_value(("broken.csv", b"\xff\xfe\x00garbage", "text/csv")).run()
    at.button(key="upload_go").click().run()
    assert not at.exception
    assert f"No paper could be read from {md_escape('broken.csv')}" in at.warning[0].value
    with Store(db, readonly=True) as store:
        assert store.paper_count() == len(PAPER_IDS)


def test_upload_reads_the_chosen_format_whatever_the_extension(tmp_path, monkeypatch):
    db = build_store(tmp_path / "app.sqlite")
    at = start_app(db, monkeypatch, view="Add papers")
    content = (FIXTURES / "papers.csv").read_bytes()  # CSV named .txt: auto-detect would read Hugging Face text
    at.get("file_uploader")[0].set_value(("export.txt", content, "text/plain")).run()
    at.selectbox(key="upload_format").select("csv").run()
    at.button(key="upload_go").click().run()
    assert not at.exception, at.exception
    assert f"2 papers from {md_escape('export.txt')} are in the store" in at.success[0].value
    assert list(at.dataframe[0].value["problem"]) == ["missing abstract", "2 more values than header columns"]
    with Store(db, readonly=True) as store:
        assert store.paper_count() == len(PAPER_IDS) + 2
        assert store.paper("p1").title == "Quoted, title" and store.paper("p4").abstract == "We use COCO."


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "suffix"),
    [("papers.jsonl", ".jsonl"), ("a/b/../../x.bib", ".bib"), ("dump.json.gz", ".json.gz"), ("run.sh", "")],
)
def test_upload_keeps_only_known_extensions(name, suffix):
    assert upload_suffix(name) == suffix
