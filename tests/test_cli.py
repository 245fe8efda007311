"""The command line end to end on the bundled papers: ingest, stats, extract, export and the query commands."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from bench.corpus import generate
from extractors import Extractor
from graphapp.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "papers.sqlite")
    assert main(["ingest", "--db", path]) == 0
    return path


def test_ingest_then_stats_reports_88_papers(store, capsys):
    assert main(["stats", "--db", store]) == 0
    out = capsys.readouterr().out
    assert out.startswith("88 papers, ")
    assert "dataset" in out and "repo" in out and "CIFAR-100" in out


def test_python_m_graphapp_runs_as_a_module(tmp_path):
    db = tmp_path / "s.sqlite"
    fixture = ROOT / "tests" / "fixtures" / "papers.csv"
    result = subprocess.run(
        [sys.executable, "-m", "graphapp", "ingest", str(fixture), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1  # some records were skipped
    assert f"{fixture}: 2 papers stored; 2 records skipped (1 missing title or abstract, 1 malformed CSV row)" in (
        result.stdout
    )
    assert f"{fixture}, line 4: missing abstract" in result.stderr


def test_stats_without_a_store_says_what_to_do(tmp_path, capsys):
    assert main(["stats", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "run `paper-graph ingest` first" in capsys.readouterr().err


def test_extract_writes_the_scorer_format(tmp_path, capsys):
    out = tmp_path / "pred.jsonl"
    assert main(["extract", str(ROOT / "data" / "seed" / "hf_trending_papers.txt"), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 88
    first = rows[0]
    assert {"type": "url", "name": "https://github.com/FengleiFan/ReLinear"} in [
        {"type": e["type"], "name": e["name"]} for e in first["entities"]
    ]
    for row in rows:
        for entity in row["entities"]:
            assert {"type", "name", "text", "field"} <= entity.keys()
            assert entity["type"] in {"url", "citation", "dataset", "model", "method", "task"}


def test_extract_reports_a_paper_whose_extraction_fails_and_goes_on(tmp_path, monkeypatch, capsys):
    papers = tmp_path / "papers.jsonl"
    rows = [{"id": f"p{i}", "title": f"Paper {i}", "abstract": f"We tune BERT on GLUE, run {i}."} for i in range(3)]
    papers.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    original = Extractor.extract_paper

    def failing_on_the_second(self, title, abstract):
        if title == "Paper 1":
            raise RuntimeError("odd abstract")
        return original(self, title, abstract)

    monkeypatch.setattr(Extractor, "extract_paper", failing_on_the_second)
    out = tmp_path / "pred.jsonl"
    assert main(["extract", str(papers), "--out", str(out)]) == 1
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["p0", "p2"]
    captured = capsys.readouterr()
    assert f"{papers}, line 2: extraction failed (RuntimeError: odd abstract)" in captured.err
    assert captured.out.strip().endswith("pred.jsonl: 2 papers")


def test_extract_with_workers_writes_the_same_lines_and_names_each_problem(tmp_path, monkeypatch, capsys):
    """--workers 2 (a reader and two worker processes, batches of 7) against one process: the same file, byte for
    byte, and the same problems named by file and line: a broken record and a paper whose extraction fails."""
    papers = tmp_path / "papers.jsonl"
    lines = [json.dumps(paper) for paper in generate(60, seed=11)]
    lines.insert(20, "{not json")
    papers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    odd_title = json.loads(lines[40])["title"]
    original = Extractor.extract_paper

    def failing_on_one(self, title, abstract):
        if title == odd_title:
            raise RuntimeError("odd abstract")
        return original(self, title, abstract)

    monkeypatch.setattr(Extractor, "extract_paper", failing_on_one)  # forked workers inherit it
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"pred-{workers}.jsonl"
        assert main(["extract", str(papers), "--out", str(out), "--workers", workers, "--batch-size", "7"]) == 1
        captured = capsys.readouterr()
        assert f"{papers}, line 21:" in captured.err
        assert f"{papers}, line 41: extraction failed (RuntimeError: odd abstract)" in captured.err
        assert captured.out.strip().endswith(f"pred-{workers}.jsonl: 59 papers")
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 59


def test_extract_with_user_vocabulary(tmp_path):
    vocab = tmp_path / "mine.jsonl"
    vocab.write_text('{"type": "dataset", "name": "Quadratic Neurons Bench", "aliases": ["quadratic neurons"]}\n')
    out = tmp_path / "pred.jsonl"
    bundled = str(ROOT / "data" / "seed" / "hf_trending_papers.txt")
    assert main(["extract", bundled, "--out", str(out), "--vocab", str(vocab)]) == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert any(e["name"] == "Quadratic Neurons Bench" for e in first["entities"])


def _exported(path: Path, fmt: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The node ids and edges of an exported file (for csv, the directory of nodes.csv and edges.csv)."""
    if fmt == "csv":
        with (
            open(path / "nodes.csv", encoding="utf-8", newline="") as nodes,
            open(path / "edges.csv", encoding="utf-8", newline="") as edges,
        ):
            return {row["id"] for row in csv.DictReader(nodes)}, {
                (row["source"], row["target"]) for row in csv.DictReader(edges)
            }
    if fmt == "json":
        graph = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")))
    elif fmt == "graphml":  # node ids are n0, n1, ... (GraphML wants NMTOKENs); the real id is node_id
        graph = nx.read_graphml(path)
        graph = nx.relabel_nodes(graph, {node: data["node_id"] for node, data in graph.nodes(data=True)})
    else:
        graph = nx.read_gexf(path)
    return set(graph.nodes), set(graph.edges)


def test_export_every_format_holds_the_same_graph(store, tmp_path, capsys):
    exported = {}
    for fmt in ("graphml", "gexf", "json", "csv"):
        out = tmp_path / f"graph.{fmt}"
        assert main(["export", "--db", store, "--format", fmt, "--out", str(out)]) == 0
        exported[fmt] = _exported(out, fmt)
    nodes, edges = exported["graphml"]
    assert sum(node.startswith("paper:") for node in nodes) == 88 and len(nodes) > 88 and edges
    assert all(found == (nodes, edges) for found in exported.values())


def test_app_command_serves_the_store_with_its_settings(monkeypatch, tmp_path):
    commands = []
    monkeypatch.setattr("graphapp.cli.subprocess.call", lambda command: commands.append(command) or 0)
    db = str(tmp_path / "s.sqlite")
    assert main(["app", "--db", db, "--port", "8600", "--headless", "--max-upload-mb", "5"]) == 0
    (command,) = commands
    settings = command[command.index("--") + 1 :]
    assert settings == ["--db", db, "--max-upload-mb", "5"]
    assert command[command.index("--server.port") + 1] == "8600"
    assert command[command.index("--server.headless") + 1] == "true"
    # a fresh machine's first `make app` must not stop at Streamlit's e-mail prompt, nor call home
    assert command[command.index("--server.showEmailPrompt") + 1] == "false"
    assert command[command.index("--browser.gatherUsageStats") + 1] == "false"


def test_export_a_neighbourhood(store, tmp_path, capsys):
    out = tmp_path / "ego.json"
    assert main(["export", "--db", store, "--format", "json", "--out", str(out), "--focus", "CIFAR-100"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    ids = {node["id"] for node in data["nodes"]}
    assert "dataset:CIFAR-100" in ids and 2 < len(ids) < 20


def test_shared_related_and_path(store, capsys):
    assert main(["shared", "dataset", "--db", store]) == 0
    shared = capsys.readouterr().out
    assert "CIFAR-100 (2 papers)" in shared
    papers = [line.split()[0] for line in shared.splitlines() if line.startswith("  ")][:2]
    # The two share a benchmark but little text: the partner comes in, below papers alike in text and title.
    assert main(["related", papers[0], "--db", store, "--limit", "20"]) == 0
    out = capsys.readouterr().out
    assert "both name CIFAR-100 (dataset, 2 papers)" in out
    assert out.index("similar titles") < out.index("both name CIFAR-100")
    assert main(["related", papers[0], "--db", store, "--min-score", "2"]) == 0  # no score reaches 2
    assert capsys.readouterr().out.startswith("no closely related paper")
    assert main(["path", papers[0], papers[1], "--db", store]) == 0
    lines = capsys.readouterr().out.splitlines()
    # They share CIFAR-100 only; their topics decide whether that is called a connection.
    assert lines[0] == "connected: 1 specific step" or (lines[0].startswith("weak: ") and "CIFAR-100" in lines[0])
    assert lines[3].startswith("      -- dataset CIFAR-100 (2 papers) --> ")


def test_connection_commands_answer_in_json(store, capsys, tmp_path):
    assert main(["shared", "dataset", "--db", store]) == 0
    first, second = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("  ")][:2]
    assert main(["related", first, "--db", store, "--json", "--limit", "3"]) == 0
    related = json.loads(capsys.readouterr().out)
    assert len(related) == 3 and {"paper", "score", "similarity", "terms", "shared", "hubs"} <= set(related[0])
    assert main(["path", first, second, "--db", store, "--json", "--avoid", "CIFAR-100"]) in (0, 1)
    found = json.loads(capsys.readouterr().out)
    assert found["verdict"] in ("connected", "weak", "none")
    assert all("dataset:CIFAR-100" not in path["nodes"] for path in found["paths"])
    assert main(["map", first, "--db", store, "--size", "10", "--json"]) == 0
    graph_map = json.loads(capsys.readouterr().out)
    assert graph_map["nodes"][0]["seed"] and len(graph_map["nodes"]) == 11
    out = tmp_path / "map.graphml"
    assert main(["map", first, "--db", store, "--size", "10", "--out", str(out), "--format", "graphml"]) == 0
    assert "11 papers" in capsys.readouterr().out and out.read_text(encoding="utf-8").count("<node ") == 11
    assert main(["clusters", "--db", store, "--min-size", "3", "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)
    assert groups and all(group["size"] >= 3 and group["label"] for group in groups)
    assert main(["cousage", "CIFAR-100", "--db", store, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["node"] == "dataset:CIFAR-100"
    assert main(["introduced", "CIFAR-100", "--db", store]) == 0
    assert "CIFAR-100 (2 papers)" in capsys.readouterr().out
    assert main(["trends", "--db", store, "--type", "dataset", "--since", "2020-01-01", "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_unknown_node_is_a_clear_error(store):
    with pytest.raises(SystemExit, match="no single paper named 'nothing-like-this'"):
        main(["related", "nothing-like-this", "--db", store])


def test_queries_accept_titles_and_refuse_what_is_not_a_paper(store, capsys):
    title = "Hyperparameters in Continual Learning: a Reality Check"
    assert main(["related", title.upper(), "--db", store, "--limit", "20"]) == 0
    assert "CIFAR-100" in capsys.readouterr().out  # the paper sharing its benchmark: the title found the paper
    with pytest.raises(SystemExit, match="no single paper named 'Transformer'; candidates: paper:"):
        main(["related", "Transformer", "--db", store])
