"""Crash safety: ingest killed with SIGKILL at random points leaves the store exactly before or after a file.

The inputs are bundled papers split into four small JSON Lines files, plus a fifth that revises papers of
the first (so a half-applied file would show as a mix of old and new abstracts and mentions). The
allowed states are computed by ingesting the same files in this process and snapshotting the store
after each file. Runs are forked from ``ingest_fork_server.py`` (one interpreter, one extractor build),
and one run goes through the real ``python -m graphapp ingest``.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_fork_server import prepared_extractor

from graphapp.graph import build_graph
from graphapp.ingest import read_papers
from graphapp.model import Paper
from graphapp.pipeline import ingest_file
from graphapp.queries.view import view_graph
from graphapp.store import SCHEMA_VERSION, Store
from graphapp.store.schema import unpack_text

ROOT = Path(__file__).resolve().parent.parent
SERVER = Path(__file__).resolve().parent / "ingest_fork_server.py"
SEED = 20240611
#: Twenty SIGKILLed ingests and a killed CLI: seconds of forking, left out of `make test-fast`.
pytestmark = pytest.mark.slow
KILLS = 20
#: Small files keep one full ingest well under a second, so twenty killed runs take seconds.
PAPERS_PER_FILE = 6
#: Seconds each stored paper waits in the child: widens the window in which a kill lands mid-transaction.
PAUSE = 0.002
#: A hang detector, not a benchmark: no single run of the server may take this long.
TIMEOUT = 60

State = tuple[frozenset, frozenset, frozenset, tuple]
EMPTY: State = (frozenset(), frozenset(), frozenset(), ())


def write_inputs(directory: Path) -> list[Path]:
    papers = [item for item in read_papers(ROOT / "data/seed/hf_trending_papers.txt") if isinstance(item, Paper)]
    chunks = [papers[start : start + PAPERS_PER_FILE] for start in range(0, 4 * PAPERS_PER_FILE, PAPERS_PER_FILE)]
    revised = [
        {"id": p.id, "title": p.title + " (revised)", "abstract": p.abstract + " Code: https://github.com/rev/x."}
        for p in chunks[0][: PAPERS_PER_FILE // 2]
    ]
    originals = [[{"id": p.id, "title": p.title, "abstract": p.abstract} for p in chunk] for chunk in chunks]
    files = []
    for number, records in enumerate([*originals, revised], 1):
        path = directory / f"part{number}.jsonl"
        path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
        files.append(path)
    return files


def snapshot(db: Path) -> State:
    """Everything ingest writes, minus timestamps; and proof that the file is a sound SQLite database."""
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"papers", "entities", "mentions", "ingests"} <= tables:
            return EMPTY
        if connection.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:  # killed while being created:
            assert connection.execute("SELECT count(*) FROM papers").fetchone()[0] == 0  # each migration commits
            return EMPTY
        papers = frozenset(connection.execute("SELECT id, title, abstract, url, authors, date, source FROM papers"))
        entities = frozenset(connection.execute("SELECT type, name, kind, family FROM entities"))
        mentions = frozenset(
            connection.execute(
                "SELECT p.id, e.type, e.name, m.relation, m.role, m.field, m.span_start, m.span_end, "
                "m.surface, m.evidence, count(*) FROM mentions m JOIN entities e ON e.id = m.entity_id "
                "JOIN papers p ON p.rowid = m.paper GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"
            )
        )
        ingests = tuple(row[0] for row in connection.execute("SELECT source FROM ingests ORDER BY id"))
        return papers, entities, mentions, ingests
    finally:
        connection.close()


def state_number(states: list[State], state: State) -> int | None:
    """How many files the state is after, or None when it matches no allowed state (short for messages)."""
    return states.index(state) if state in states else None


def graph_signature(graph) -> tuple[frozenset, frozenset]:
    nodes = frozenset((node, data.get("type"), data.get("label")) for node, data in graph.nodes(data=True))
    edges = frozenset((u, v, data["relation"], data["count"]) for u, v, data in graph.edges(data=True))
    return nodes, edges


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    return write_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def expected(inputs, tmp_path_factory) -> tuple[list[State], list[tuple]]:
    """The store and the graph after 0, 1, ... len(inputs) files, ingested here without interruption."""
    db = tmp_path_factory.mktemp("expected") / "store.sqlite"
    extractor = prepared_extractor([str(path) for path in inputs])
    states, graphs = [EMPTY], [graph_signature(build_graph(Store(":memory:")))]
    with Store(db) as store:
        for path in inputs:
            ingest_file(store, path, extractor=extractor)
            states.append(snapshot(db))
            graphs.append(graph_signature(build_graph(store)))
    assert len(set(states)) == len(states)  # every file changes the store, so each state is recognisable
    return states, graphs


class ForkServer:
    """The test's handle on ``ingest_fork_server.py``."""

    def __init__(self, files: list[Path]) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)]))}
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER), *map(str, files)],
            cwd=ROOT,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.replies: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read_replies, daemon=True).start()
        assert self.reply() == {"ready": True}

    def _read_replies(self) -> None:
        for line in self.process.stdout:
            self.replies.put(json.loads(line))

    def reply(self) -> dict:
        return self.replies.get(timeout=TIMEOUT)

    def start(self, db: Path, files: list[Path], pause: float = PAUSE, kill_after: float | None = None) -> int:
        """Fork an ingest of ``files`` into ``db``; the server SIGKILLs it after ``kill_after`` seconds if given."""
        request = {"db": str(db), "files": [str(path) for path in files], "pause": pause, "kill_after": kill_after}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self.reply()["child"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def server(inputs) -> Iterator[ForkServer]:
    handle = ForkServer(inputs)
    yield handle
    handle.close()


def test_sigkill_at_random_points_leaves_the_store_before_or_after_each_file(server, inputs, expected, tmp_path):
    states, _ = expected
    started = time.monotonic()
    server.start(tmp_path / "timing.sqlite", inputs)
    assert server.reply() == {"exit": 0}
    duration = time.monotonic() - started
    assert snapshot(tmp_path / "timing.sqlite") == states[-1]

    rng = random.Random(SEED)
    kills, seen = 0, set()
    for run in range(3 * KILLS):
        db = tmp_path / f"run{run}.sqlite"
        server.start(db, inputs, kill_after=rng.uniform(0, 0.9 * duration))
        outcome = server.reply()
        state = snapshot(db)
        matched = state_number(states, state)
        assert matched is not None, f"run {run}: the store matches no state before or after a file"
        seen.add(matched)
        if outcome == {"signal": signal.SIGKILL}:
            kills += 1
            killed_db = db
        else:
            assert outcome == {"exit": 0} and state == states[-1]
        if kills == KILLS:
            break
    assert kills == KILLS
    assert len(seen) >= 2, f"every kill left the same state {seen}: the kills did not land across the ingest"

    server.start(killed_db, inputs, pause=0)  # ingest again after a crash: the store ends complete
    assert server.reply() == {"exit": 0}
    assert snapshot(killed_db)[:3] == states[-1][:3]


def test_sigkill_of_the_real_cli_after_its_first_file(inputs, tmp_path):
    """``python -m graphapp ingest A B``, killed once it reports A stored: the store holds A, or A and B."""
    db = tmp_path / "cli.sqlite"
    first, second = inputs[:2]
    command = [sys.executable, "-u", "-m", "graphapp", "ingest", str(first), str(second), "--db", str(db)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in process.stdout:
            if "papers stored" in line:
                process.send_signal(signal.SIGKILL)
                break
    finally:
        process.wait(timeout=TIMEOUT)
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute("SELECT id, title, abstract FROM papers")
        papers = frozenset((pid, title, unpack_text(abstract)) for pid, title, abstract in rows)
        ingests = [row[0] for row in connection.execute("SELECT source FROM ingests ORDER BY id")]
        orphans = connection.execute("SELECT count(*) FROM mentions WHERE paper NOT IN (SELECT rowid FROM papers)")
        assert orphans.fetchone()[0] == 0
    finally:
        connection.close()
    after_first = file_papers(first)
    allowed = {after_first: [str(first)], after_first | file_papers(second): [str(first), str(second)]}
    assert papers in allowed and ingests == allowed[papers]


def file_papers(path: Path) -> frozenset:
    return frozenset((p.id, p.title, p.abstract) for p in read_papers(path) if isinstance(p, Paper))


def test_readers_during_an_ingest_see_one_committed_state(server, inputs, expected, tmp_path):
    """build_graph on a read-only store while another process ingests: every graph is one of the allowed ones."""
    _, graphs = expected
    db = tmp_path / "shared.sqlite"
    Store(db).close()
    server.start(db, inputs, pause=0.005)
    observed, views = [], []
    with Store(db, readonly=True) as reader:
        while server.replies.empty():
            observed.append(graph_signature(build_graph(reader)))
            view = view_graph(reader)  # what the app draws: the count and the graph from one commit
            papers = sum(1 for _, kind in view.graph.nodes(data="type") if kind == "paper")
            views.append((view.total_papers, papers, graph_signature(view.graph) in graphs))
    assert server.reply() == {"exit": 0}
    assert observed, "no read happened while the writer ran"
    mixed = [number for number, signature in enumerate(observed) if signature not in graphs]
    assert mixed == [], f"reads {mixed[:5]} of {len(observed)} saw a graph that is neither before nor after a file"
    assert all(total == papers and allowed for total, papers, allowed in views), views
