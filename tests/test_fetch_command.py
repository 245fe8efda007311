"""``python -m graphapp fetch``: exit codes, messages and the store, against recorded responses."""

from __future__ import annotations

import json

import pytest
from fetch_fakes import RECORDINGS

from graphapp.cli import main
from graphapp.fetch.recordings import RECORDINGS_ENV
from graphapp.store import Store


@pytest.fixture
def replay(monkeypatch, tmp_path):
    """Recorded responses instead of the network, and a fresh cache and store."""
    monkeypatch.setenv(RECORDINGS_ENV, str(RECORDINGS))
    return ["--db", str(tmp_path / "s.sqlite"), "--cache-dir", str(tmp_path / "cache")]


def papers_in(args: list[str]) -> int:
    with Store(args[1], readonly=True) as store:
        return store.paper_count()


def test_hf_daily_stores_papers_and_lists_the_skipped_record(replay, capsys):
    assert main(["fetch", "hf-daily", "--date", "2025-09-08", "--days", "2", *replay]) == 1
    out, err = capsys.readouterr()
    assert "hf-daily 2025-09-07..2025-09-08: 3 papers stored; 1 record skipped (1 missing title or abstract)" in out
    assert "record 3: missing summary" in err
    assert "note: hf-daily 2025-09-07..2025-09-08: Hugging Face lists no papers for 2025-09-07" in err
    assert papers_in(replay) == 3


def test_arxiv_category_stores_the_newest_papers(replay, capsys):
    assert main(["fetch", "arxiv", "--category", "cs.LG", "--max", "5", *replay]) == 0
    assert "arxiv cat:cs.LG: 5 papers stored" in capsys.readouterr().out
    assert papers_in(replay) == 5


def test_offline_without_a_cache_fails_in_one_line_and_writes_nothing(replay, capsys):
    assert main(["fetch", "arxiv", "--category", "cs.LG", "--max", "5", "--offline", *replay]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("fetch failed: https://export.arxiv.org/api/query?")
    assert err[0].endswith("is not cached yet and fetching is offline")
    assert papers_in(replay) == 0


def test_offline_after_a_fetch_reads_the_cache(replay, capsys):
    assert main(["fetch", "arxiv", "--category", "cs.LG", "--max", "5", *replay]) == 0
    assert main(["fetch", "arxiv", "--category", "cs.LG", "--max", "5", "--offline", *replay]) == 0
    assert "1 of 1 pages came from the cache" in capsys.readouterr().err


def test_a_refused_request_exits_2_with_the_reason(replay, capsys):
    assert main(["fetch", "arxiv", *replay]) == 2
    assert capsys.readouterr().err.strip() == "fetch failed: give a query, a category, or both"
    assert main(["fetch", "hf-daily", "--date", "2099-01-01", *replay]) == 1
    assert "Date cannot be in the future" in capsys.readouterr().err


def test_bad_arguments_are_refused_by_the_parser(replay, capsys):
    with pytest.raises(SystemExit):
        main(["fetch", "hf-daily", "--date", "yesterday", *replay])
    assert "expected a date as YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["fetch", "hf-daily", "--days", "0", *replay])


def test_enrich_after_fetch_reports_what_it_could_not_find(replay, capsys):
    assert main(["fetch", "hf-daily", "--date", "2026-03-06", "--enrich", *replay]) == 0
    out = capsys.readouterr().out
    assert "metadata: 1 of 1 repos, models and datasets enriched" in out
    assert main(["fetch", "enrich", *replay]) == 0
    assert "metadata: 0 of 0" in capsys.readouterr().out


def test_an_export_after_enrichment_carries_the_metadata(replay, tmp_path, capsys):
    assert main(["fetch", "arxiv", "--category", "cs.LG", "--max", "5", "--enrich", *replay]) == 0
    out = tmp_path / "graph.json"
    assert main(["export", "--db", replay[1], "--format", "json", "--out", str(out)]) == 0
    nodes = {node["id"]: node for node in json.loads(out.read_text())["nodes"]}
    lora = next(
        node for node_id, node in nodes.items() if node_id.casefold() == "repo:https://github.com/microsoft/lora"
    )
    assert lora["stars"] == 12000 and lora["description"].startswith("Code for loralib")
