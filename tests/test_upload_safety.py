"""Uploads: a size limit (also after gzip), per-record errors naming the user's file, nothing written outside the store.

The handler is tested as a function (:func:`graphapp.services.ingest_upload`) and through the Add papers
view with Streamlit's AppTest.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest

import graphapp.pipeline
from graphapp import services
from graphapp.safe import md_escape
from graphapp.services import ingest_upload
from graphapp.store import Store
from tests.app_store import PAPER_IDS, build_store, start_app

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_NAME = "../../../evil dir/<b>papers</b>.jsonl"
GOOD = b'{"id": "u1", "title": "Uploaded", "abstract": "We use ImageNet."}\n'
BAD_LINE = b"this line is not json\n"


class Watched:
    """Records the private folder the handler makes and the path it ingests."""

    def __init__(self, monkeypatch) -> None:
        self.folders: list[Path] = []
        self.paths: list[Path] = []
        make, ingest = tempfile.mkdtemp, graphapp.pipeline.ingest_file

        def mkdtemp(*args, **kwargs):
            self.folders.append(Path(make(*args, **kwargs)))
            return str(self.folders[-1])

        def ingest_file(store, path, **kwargs):
            self.paths.append(Path(path))
            assert sorted(p.name for p in Path(path).parent.iterdir()) == [Path(path).name]
            return ingest(store, path, **kwargs)

        monkeypatch.setattr(services.tempfile, "mkdtemp", mkdtemp)
        monkeypatch.setattr(graphapp.pipeline, "ingest_file", ingest_file)


def test_upload_is_written_only_to_a_private_folder_that_is_removed(tmp_path, monkeypatch):
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    watched = Watched(monkeypatch)
    db = tmp_path / "store" / "papers.sqlite"
    report = ingest_upload(db, HOSTILE_NAME, GOOD + BAD_LINE, None)

    [folder], [path] = watched.folders, watched.paths
    assert path == folder / "upload.jsonl"  # nothing of the user's name but a known extension reaches the disk
    assert folder.parent == Path(tempfile.gettempdir()) and not folder.is_relative_to(ROOT)
    assert not folder.exists()
    assert list(workdir.iterdir()) == []
    assert {p.name for p in db.parent.iterdir()} <= {"papers.sqlite", "papers.sqlite-wal", "papers.sqlite-shm"}
    assert report.papers == 1
    assert [str(error) for error in report.errors] == [
        f"{HOSTILE_NAME}, line 2: not valid JSON (Expecting value at column 1)"
    ]
    with Store(db, readonly=True) as store:
        assert store.paper("u1").source == HOSTILE_NAME  # not the temporary path


def test_the_private_folder_is_removed_when_ingest_fails(tmp_path, monkeypatch):
    watched = Watched(monkeypatch)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(graphapp.pipeline, "ingest_file", broken)
    with pytest.raises(OSError, match="disk full"):
        ingest_upload(tmp_path / "papers.sqlite", "papers.jsonl", GOOD, None)
    assert watched.folders and not any(folder.exists() for folder in watched.folders)


def test_size_limit_applies_after_decompression(tmp_path):
    db = build_store(tmp_path / "papers.sqlite")
    bomb = gzip.compress(GOOD + b" " * 5_000_000)
    assert len(bomb) < 100_000
    report = ingest_upload(db, "small.jsonl.gz", bomb, None, max_bytes=1_000_000)
    assert report.papers == 0
    assert [str(e) for e in report.errors] == [
        "small.jsonl.gz: more than the 1,000,000 bytes allowed once decompressed"
    ]
    with Store(db, readonly=True) as store:
        assert store.paper_count() == len(PAPER_IDS)


def test_app_refuses_an_upload_over_the_limit(tmp_path, monkeypatch):
    db = build_store(tmp_path / "papers.sqlite")
    at = start_app(db, monkeypatch, view="Add papers", env={"PGE_MAX_UPLOAD_MB": "1"})
    big = GOOD * (2 * 1024 * 1024 // len(GOOD))
    at.get("file_uploader")[0].set_value(("big.jsonl", big, "application/json")).run()
    assert not at.exception, at.exception
    assert at.error[0].value == f"{md_escape('big.jsonl')} is larger than 1 MB."
    assert "upload_go" not in {button.key for button in at.button}  # nothing to confirm: nothing is read
    with Store(db, readonly=True) as store:
        assert store.paper_count() == len(PAPER_IDS)


def test_app_lists_each_bad_record_and_refuses_a_gzip_bomb(tmp_path, monkeypatch):
    db = build_store(tmp_path / "papers.sqlite")
    at = start_app(db, monkeypatch, view="Add papers", env={"PGE_MAX_UPLOAD_MB": "1"})
    records = [json.dumps({"id": f"n{i}", "title": f"New {i}", "abstract": "We use GLUE."}).encode() for i in range(3)]
    content = b"\n".join([records[0], b"{broken", records[1], b'{"title": "No abstract"}', records[2]]) + b"\n"
    at.get("file_uploader")[0].set_value(("mixed.jsonl", content, "application/json")).run()
    at.button(key="upload_go").click().run()
    assert not at.exception, at.exception
    assert "3 papers from mixed.jsonl are in the store" in at.success[0].value.replace("\\", "")
    errors = at.dataframe[0].value
    assert list(errors["where"]) == ["line 2", "line 4"]
    assert list(errors["problem"]) == ["not valid JSON (Expecting property name enclosed in double quotes at column 2)",
                                       "missing abstract"]  # fmt: skip
    summary = " ".join(caption.value for caption in at.caption).replace("\\", "")
    assert "2 records skipped (1 not valid JSON, 1 missing title or abstract)" in summary

    bomb = gzip.compress(records[0] + b"\n" + b" " * 3_000_000)
    at.get("file_uploader")[0].set_value(("bomb.jsonl.gz", bomb, "application/gzip")).run()
    at.button(key="upload_go").click().run()
    assert not at.exception, at.exception
    assert "No paper could be read from bomb.jsonl.gz" in at.warning[0].value.replace("\\", "")
    assert "allowed once decompressed" in at.dataframe[0].value["problem"][0]
    with Store(db, readonly=True) as store:
        assert store.paper_count() == len(PAPER_IDS) + 3
