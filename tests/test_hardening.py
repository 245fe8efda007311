"""Hardening, round two (issue 15): one regression test per item a red-team pass found, named after the item.

Items 3, 4 and 5 (exports and fetched metadata through the sanitizer) are tested with the export code.
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest
from app_store import build_store, drawn, start_app
from app_store import show as app_show
from fetch_fakes import FakeClock, fake_client

from graphapp.cli import main, say_waiting
from graphapp.fetch.enrich import Target, enrich_store, enrichment_target
from graphapp.fetch.hf_daily import MAX_DAYS, HfDaily, daily_dates
from graphapp.fetch.http import FetchError
from graphapp.ingest import read_papers, textio
from graphapp.ingest.textio import LINE_TOO_LONG, NOT_UTF8, TRUNCATED, display_name
from graphapp.launch import running_app
from graphapp.model import IngestError, IngestNotice, Occurrence, Paper
from graphapp.pipeline import extract_batches, ingest_file, survey_batches
from graphapp.render import short_label
from graphapp.safe import WORD_JOINER, md_escape, md_link, safe_url, shown_address
from graphapp.services import ingest_upload
from graphapp.store import Store, StoreBusy, StoreError, database


def record(number: int, **fields: object) -> dict[str, object]:
    return {"id": f"p{number}", "title": f"Paper {number}", "abstract": f"Abstract of paper {number}.", **fields}


def lines(*records: dict[str, object]) -> bytes:
    return b"".join(json.dumps(item, ensure_ascii=False).encode() + b"\n" for item in records)


def split(items) -> tuple[list[Paper], list[IngestError], list[IngestNotice]]:
    items = list(items)
    return (
        [item for item in items if isinstance(item, Paper)],
        [item for item in items if isinstance(item, IngestError)],
        [item for item in items if isinstance(item, IngestNotice)],
    )


# -- 1: memory is bounded on one long line ---------------------------------------------------------------


def test_item01_one_huge_line_in_a_gzip_is_skipped_in_bounded_memory(tmp_path):
    """A 64 MiB line (the red team's was 3 GB) is reported and skipped; the peak stays near the 16 MiB line bound."""
    path = tmp_path / "huge.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(lines(record(1)))
        out.write(b'{"title": "x", "abstract": "' + b"a" * (64 * 2**20) + b'"}\n')
        out.write(lines(record(3)))
    tracemalloc.start()
    try:
        papers, errors, _ = split(read_papers(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.id for p in papers] == ["p1", "p3"]
    assert [(e.location, e.reason) for e in errors] == [("line 2", LINE_TOO_LONG)]
    assert peak < 40 * 2**20, f"peak {peak / 2**20:.0f} MiB while reading a 64 MiB line"


def test_item01_every_format_is_bounded(tmp_path, monkeypatch):
    """Line formats skip an over-long line or CSV field; a document read whole is refused over its bound."""
    monkeypatch.setattr(textio, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(textio, "MAX_DOCUMENT_BYTES", 5000)
    text = tmp_path / "hf.txt"
    text.write_text("Title One\nAbstract one is here.\n" + "x" * 3000 + "\nTitle Two\nAbstract two is here.\n")
    papers, errors, _ = split(read_papers(text, "hf-text", source="hf.txt"))
    assert [p.title for p in papers] == ["Title One", "Title Two"]
    assert [(e.location, e.reason) for e in errors] == [("line 3", LINE_TOO_LONG)]

    table = tmp_path / "p.csv"
    table.write_text(f'title,abstract\nA,"{"y" * 3000}"\nB,Abstract b.\n')
    papers, errors, _ = split(read_papers(table, source="p.csv"))
    assert [p.title for p in papers] == ["B"] and [e.location for e in errors] == ["line 2"]

    document = tmp_path / "p.json"
    document.write_text(json.dumps([record(n) for n in range(200)]))  # one line, well over 5,000 bytes
    papers, errors, _ = split(read_papers(document, source="p.json"))
    assert papers == [] and len(errors) == 1 and "at most 5,000 bytes" in errors[0].message
    assert "JSON Lines" in errors[0].message and errors[0].reason == "unreadable file"


# -- 6: one invalid byte never garbles a whole file --------------------------------------------------------


def test_item06_one_invalid_byte_costs_one_line_and_is_reported(tmp_path, capsys):
    path = tmp_path / "zurich.jsonl"
    good = [record(n, title=f"Zürich paper {n}", abstract="Trained in Zürich on ImageNet.") for n in range(100)]
    content = lines(*good[:3]) + b'{"id": "odd", "title": "Odd \xff byte", "abstract": "Stray byte."}\n'
    path.write_bytes(content + lines(*good[3:]))
    papers, errors, notices = split(read_papers(path))
    assert errors == [] and len(papers) == 101
    assert all(p.title.startswith("Zürich") for p in papers if p.id != "odd")  # never "ZÃ¼rich"
    assert next(p for p in papers if p.id == "odd").title == "Odd ÿ byte"
    [notice] = notices
    assert (notice.location, notice.reason) == ("line 4", NOT_UTF8) and "1 line is not valid UTF-8" in notice.message


# -- 7: a truncated .gz stops nothing ------------------------------------------------------------------------


@pytest.mark.integration
def test_item07_truncated_gz_keeps_its_good_records_and_every_later_input(tmp_path, capsys):
    ok_csv = tmp_path / "ok.csv"
    ok_csv.write_text("id,title,abstract\nc1,CSV paper,We use ImageNet.\n")
    whole = gzip.compress(lines(*(record(n) for n in range(1, 2001))))
    trunc = tmp_path / "trunc.jsonl.gz"
    trunc.write_bytes(whole[: len(whole) // 2])
    ok_bib = tmp_path / "ok.bib"
    ok_bib.write_text("@article{b1, title={BibTeX paper}, abstract={We use COCO.}}\n")
    db = tmp_path / "s.sqlite"
    assert main(["ingest", str(ok_csv), str(trunc), str(ok_bib), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "EOFError" not in captured.err
    [message] = [line for line in captured.err.splitlines() if "gzip data ends early" in line]
    cut_line = int(message.split(f"{trunc}, line ")[1].split(":")[0])
    assert f"({TRUNCATED}" in captured.out or TRUNCATED in captured.out  # counted in the file's summary
    assert 100 < cut_line < 2000
    with sqlite3.connect(db) as connection:
        sources = dict(connection.execute("SELECT source, count(*) FROM papers GROUP BY source"))
    assert sources[str(ok_csv)] == 1 and sources[str(ok_bib)] == 1
    assert sources[str(trunc)] >= cut_line - 1  # every whole line before the cut


# -- 14: odd inputs: a FIFO, a file name that is not UTF-8, escape codes in a name --------------------------


def test_item14_fifo_input_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    found: list = []
    reader = threading.Thread(target=lambda: found.extend(read_papers(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert [(e.reason, "FIFO" in e.message) for e in found] == [("unreadable file", True)]


def test_item14_directory_input_is_one_error(tmp_path):
    [error] = list(read_papers(tmp_path))
    assert isinstance(error, IngestError) and "directory" in error.message


@pytest.mark.integration
def test_item14_non_utf8_file_name_and_escape_codes_are_stored_and_printed_safely(tmp_path, capsys):
    folder = os.fsencode(tmp_path)
    odd = os.fsdecode(folder + b"/caf\xe9.jsonl")  # Latin-1 bytes in a name: lone surrogates in Python
    Path(odd).write_bytes(lines(record(1)))
    hostile = tmp_path / "evil\x1b]0;owned\x07\x1b[2J.jsonl"
    hostile.write_bytes(lines(record(2)))
    db = tmp_path / "s.sqlite"
    assert main(["ingest", odd, str(hostile), "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err and "\x07" not in captured.out + captured.err
    assert "evil\\x1b]0;owned\\x07\\x1b[2J.jsonl: 1 papers stored" in captured.out
    with sqlite3.connect(db) as connection:
        sources = {row[0] for row in connection.execute("SELECT source FROM papers UNION SELECT source FROM ingests")}
    assert sources == {display_name(odd), display_name(hostile)}
    assert display_name(odd).endswith("caf\ufffd.jsonl")


# -- 10, 11: one link policy (the browser half is tests/test_browser_hardening.py) -----------------------------


def test_item10_lookalike_and_userinfo_links(tmp_path):
    lookalike, userinfo = "https://g\u0456thub.com/openai/whisper", "https://github.com@evil.example/openai/whisper"
    assert safe_url(lookalike) == "https://xn--gthub-n2e.com/openai/whisper"
    assert shown_address(lookalike) == "xn--gthub-n2e.com/openai/whisper"
    assert short_label("link", lookalike) == "xn--gthub-n2e.com/openai/whisper"
    assert safe_url(userinfo) is None and "](" not in md_link(None, userinfo)
    assert md_link("Paper page", "https://arxiv.org/abs/1").startswith(r"[Paper page \(arxiv\.org\)]")
    path = tmp_path / "p.jsonl"
    path.write_bytes(lines(record(1, url=userinfo, githubRepo=userinfo)))
    papers, errors, notices = split(read_papers(path))
    assert papers[0].url is None and papers[0].links == [] and errors == []
    assert [n.reason for n in notices] == ["non-http(s) link dropped"] * 2


def test_item11_markdown_autolinks_never_survive_md_escape():
    """GFM finds autolinks in text after escapes are undone: no escaped text may still hold one."""
    autolink = re.compile(r"(?i)(https?://|www\.)[-.\w]|[-.\w+]@[-\w]")  # remark-gfm's literal autolink starts
    for text in ("see https://evil.example/a", "www.evil.example", "me@evil.example", "mailto:me@evil.example"):
        unescaped = re.sub(r"\\(.)", r"\1", md_escape(text))
        assert not autolink.search(unescaped), unescaped
        assert unescaped.replace(WORD_JOINER, "") == text  # the reader sees the text unchanged


# -- 15, 16, 19: fetch -------------------------------------------------------------------------------------------


def test_item15_dotdot_repo_names_never_build_a_request(tmp_path):
    hostile = [
        "https://github.com/../user",
        "https://github.com/openai/..",
        "https://github.com/%2e%2e/user",
        "https://huggingface.co/../api/whoami-v2",
        "https://huggingface.co/datasets/../../api/whoami-v2",
    ]
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200, json={"stargazers_count": 1})

    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction():
            links = [*hostile, "https://github.com/openai/whisper"]
            occurrences = [Occurrence("url", url, "links_to", url, url, "metadata", kind="other") for url in links]
            store.put_paper(Paper("p1", "Paper", "Abstract."), occurrences)
        with fake_client(httpx.MockTransport(answer), FakeClock()) as client:
            enrich_store(store, client, env={"GITHUB_TOKEN": "secret", "HF_TOKEN": "secret"})
    assert asked == ["https://api.github.com/repos/openai/whisper"]
    assert all(enrichment_target("url", url) is None for url in hostile)
    with pytest.raises(ValueError):
        _ = Target("url", "x", "github", "repo", "../user").api_url


def _trickle(chunks: int, size: int, clock: FakeClock | None = None, produced: list | None = None):
    def body():
        for _ in range(chunks):
            if clock is not None:
                clock.time += 1.0  # each piece arrives a second after the last
            if produced is not None:
                produced.append(size)
            yield b"x" * size

    return httpx.MockTransport(lambda request: httpx.Response(200, content=body()))


def test_item16_the_timeout_bounds_the_whole_request():
    clock = FakeClock()
    transport = _trickle(12, 10, clock)  # a byte every second: each read is quick, the whole is not
    with fake_client(transport, clock, timeout=2.0) as client, pytest.raises(FetchError) as caught:
        client.get("https://slow.example/api")
    assert "no complete answer within 2 s" in str(caught.value)
    assert clock.time - 1_000_000.0 <= 4.0  # gave up on the third piece, not after all twelve


def test_item16_response_size_is_bounded():
    produced: list[int] = []
    transport = _trickle(64, 2**20, produced=produced)
    client = fake_client(transport, FakeClock(), max_response_bytes=4 * 2**20)
    with client, pytest.raises(FetchError) as caught:
        client.get("https://big.example/api")
    assert "larger than 4,194,304 bytes" in str(caught.value)
    assert len(produced) <= 6  # stopped as it arrived, never read whole


def test_item19_days_out_of_range_is_a_clear_error(capsys):
    with pytest.raises(SystemExit):
        main(["fetch", "hf-daily", "--days", "800000", "--offline"])
    err = capsys.readouterr().err
    assert f"at most {MAX_DAYS} days" in err and "Traceback" not in err and "OverflowError" not in err
    with pytest.raises(ValueError, match="before the year 1"):
        daily_dates(date(1, 1, 5), 10)
    with pytest.raises(ValueError, match="between 1 and"):
        HfDaily(date=date(2025, 1, 1), days=800_000).fetch(None)  # type: ignore[arg-type]


# -- 8, 18: the app's server -------------------------------------------------------------------------------------


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (Linux /proc/net/tcp, tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.mark.integration
def test_item08_the_app_listens_on_localhost_only_unless_told(tmp_path, monkeypatch, capsys):
    with running_app(tmp_path / "s.sqlite") as url:
        port = int(url.rsplit(":", 1)[1])
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing on 0.0.0.0 or ::
    commands: list[list[str]] = []
    monkeypatch.setattr("graphapp.cli.subprocess.call", lambda command: commands.append(command) or 0)
    assert main(["app", "--db", str(tmp_path / "s.sqlite"), "--headless"]) == 0
    assert commands[-1][commands[-1].index("--server.address") + 1] == "127.0.0.1"
    assert "warning" not in capsys.readouterr().err
    assert main(["app", "--db", str(tmp_path / "s.sqlite"), "--headless", "--host", "0.0.0.0"]) == 0
    assert commands[-1][commands[-1].index("--server.address") + 1] == "0.0.0.0"
    assert "reachable from other machines" in capsys.readouterr().err


@pytest.mark.integration
def test_item18_max_upload_mb_raises_the_server_limit(tmp_path, monkeypatch):
    commands: list[list[str]] = []
    monkeypatch.setattr("graphapp.cli.subprocess.call", lambda command: commands.append(command) or 0)
    assert main(["app", "--db", str(tmp_path / "s.sqlite"), "--max-upload-mb", "120"]) == 0
    monkeypatch.setenv("PGE_MAX_UPLOAD_MB", "90")
    assert main(["app", "--db", str(tmp_path / "s.sqlite")]) == 0
    for command, limit in zip(commands, ("120", "90"), strict=True):
        assert command[command.index("--server.maxUploadSize") + 1] == limit  # the server's own limit
        assert command[command.index("--max-upload-mb") + 1] == limit  # the app's check


# -- 2: two writers ----------------------------------------------------------------------------------------------

FIXTURE_CSV = Path(__file__).resolve().parent / "fixtures" / "papers.csv"

HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
"""


class LockHolder:
    """Another process holding the store's write lock (as a long write would) until :meth:`release`."""

    def __init__(self, db: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("\n")
            self.process.stdin.close()
        self.process.wait(timeout=60)


@contextmanager
def write_lock_held(db: Path) -> Iterator[LockHolder]:
    holder = LockHolder(db)
    try:
        yield holder
    finally:
        holder.release()


class LockProbingRunner:
    """Runs extraction here, and checks before handing back each batch that another process could write now."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.free: list[bool] = []

    def map(self, extractor, batches):
        for batch in extract_batches(extractor, batches):
            probe = sqlite3.connect(self.db, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                self.free.append(True)
            except sqlite3.OperationalError:
                self.free.append(False)
            finally:
                probe.close()
            yield batch

    def survey(self, extractor, batches):
        return survey_batches(extractor, batches)


@pytest.mark.integration
def test_item02_the_write_lock_is_never_held_while_extracting(tmp_path):
    db = tmp_path / "s.sqlite"
    source = tmp_path / "p.jsonl"
    source.write_bytes(lines(*(record(n, abstract=f"We train ResNet-{n} on ImageNet.") for n in range(40))))
    runner = LockProbingRunner(db)
    with Store(db) as store:
        report = ingest_file(store, source, runner=runner, batch_size=10)
        assert report.papers == 40 and store.paper_count() == 40
    assert runner.free == [True] * 4  # every batch extracted while any other process could have written


@pytest.mark.integration
def test_item02_a_second_writer_waits_with_a_message_and_everything_is_stored(tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.sqlite"
    Store(db).close()
    waiting = threading.Event()

    def told(message: str) -> None:
        say_waiting(message)
        waiting.set()

    monkeypatch.setattr("graphapp.cli.say_waiting", told)
    status: list[int] = []
    with write_lock_held(db) as holder:
        with Store(db, readonly=True) as reader:  # reading (and so starting the app) never waits for a writer
            assert reader.paper_count() == 0
        ingest = threading.Thread(target=lambda: status.append(main(["ingest", str(FIXTURE_CSV), "--db", str(db)])))
        ingest.start()
        assert waiting.wait(timeout=120), "the second writer never said it waits"
        holder.release()  # the first writer finishes: the second one goes on
        ingest.join(timeout=120)
    assert status == [1]  # 1: the fixture has bad records; its good ones are stored
    captured = capsys.readouterr()
    assert f"waiting for another ingest to finish writing to {db}" in captured.err
    assert "locked" not in captured.err and "Traceback" not in captured.err
    with Store(db, readonly=True) as store:
        assert store.paper_count() == 2


@pytest.mark.integration
def test_item02_every_entry_says_when_the_store_stays_busy(tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.sqlite"
    Store(db).close()
    monkeypatch.setattr(database, "WRITE_WAIT_SECONDS", 0.5)
    waits: list[str] = []
    with write_lock_held(db):
        assert main(["ingest", str(FIXTURE_CSV), "--db", str(db)]) == 2
        with pytest.raises(StoreBusy, match="another process"):
            ingest_upload(db, "up.csv", FIXTURE_CSV.read_bytes(), None, on_wait=waits.append)
    err = capsys.readouterr().err
    [line] = [line for line in err.splitlines() if line.startswith("error:")]
    assert "another process (an ingest, an upload or a fetch) kept writing" in line
    assert "Traceback" not in err and "database is locked" not in err
    assert waits == [f"waiting for another ingest to finish writing to {db} …"]


# -- 9: a full disk says so -------------------------------------------------------------------------------------


def _small_disk(monkeypatch, pages: int) -> None:
    """Every store opened from now on may grow by ``pages`` pages only: SQLite then fails as on a full disk."""
    configure = database.Store._configure

    def limited(self, readonly):
        configure(self, readonly)
        size = self._connection.execute("PRAGMA page_count").fetchone()[0]
        self._connection.execute(f"PRAGMA max_page_count = {size + pages}")

    monkeypatch.setattr(database.Store, "_configure", limited)


@pytest.mark.integration
def test_item09_disk_full_shows_the_real_error_and_keeps_the_store(tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.sqlite"
    assert main(["ingest", str(FIXTURE_CSV), "--db", str(db)]) == 1
    big = tmp_path / "big.jsonl"
    big.write_bytes(lines(*(record(n, abstract="We use ImageNet. " * 200) for n in range(300))))
    _small_disk(monkeypatch, pages=5)
    capsys.readouterr()
    assert main(["ingest", str(big), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "the disk is full" in err and "cannot rollback" not in err and "Traceback" not in err
    with pytest.raises(StoreError, match="the disk is full") as caught:  # what Add papers shows
        ingest_upload(db, "big.jsonl", big.read_bytes(), None)
    assert "cannot rollback" not in str(caught.value)
    monkeypatch.undo()
    with Store(db) as store:
        assert store.paper_count() == 2 and store.integrity_ok()  # as before: nothing half-written


# -- 12: no stale entity ids after a failed COMMIT ----------------------------------------------------------------


class CommitFailsOnce:
    """A connection whose next COMMIT fails the way an I/O error does: SQLite rolls the transaction back."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real
        self.armed = True

    def execute(self, sql: str, *args):
        if sql == "COMMIT" and self.armed:
            self.armed = False
            self.real.execute("ROLLBACK")
            raise sqlite3.OperationalError("disk I/O error")
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.real, name)


def test_item12_a_failed_commit_leaves_no_stale_entity_ids(tmp_path):
    def mention(name: str) -> list[Occurrence]:
        return [Occurrence("dataset", name, "uses", name, f"We use {name}.")]

    with Store(tmp_path / "s.sqlite") as store:
        store._connection = CommitFailsOnce(store._connection)  # type: ignore[assignment]
        with pytest.raises(StoreError, match="disk failed"), store.transaction():
            store.put_paper(Paper("a", "A", "We use ImageNet."), mention("ImageNet"))
        assert not store.in_transaction and store.paper_count() == 0
        with store.transaction():  # the same object reused, as a library user would
            store.put_paper(Paper("b", "B", "We use COCO."), mention("COCO"))
            store.put_paper(Paper("c", "C", "We use ImageNet."), mention("ImageNet"))
        assert {row.paper_id: row.name for row in store.mentions()} == {"b": "COCO", "c": "ImageNet"}


# -- 13: storage faults ------------------------------------------------------------------------------------------


@pytest.fixture
def real_store(tmp_path) -> Path:
    db = tmp_path / "real.sqlite"
    with Store(db) as store, store.transaction():
        for number in range(200):
            paper = Paper(f"p{number}", f"Paper {number}", "We use ImageNet. " * 20)
            store.put_paper(paper, [Occurrence("dataset", f"Set{number}", "uses", "x", "We use ImageNet.")])
    return db


@pytest.mark.parametrize("fault", ["corrupt", "truncated", "directory", "empty"])
@pytest.mark.integration
def test_item13_a_broken_db_is_one_line_for_every_command(tmp_path, real_store, fault, capsys):
    db = tmp_path / f"{fault}.sqlite"
    if fault == "corrupt":
        db.write_bytes(bytes(range(256)) * 40)
    elif fault == "truncated":
        data = real_store.read_bytes()
        db.write_bytes(data[: len(data) // 2])
    elif fault == "directory":
        db.mkdir()
    else:
        db.write_bytes(b"")
    commands = [["stats"], ["shared", "dataset"], ["export", "--out", str(tmp_path / "o.json"), "--format", "json"]]
    if fault != "empty":  # an empty file is a new store to ingest into
        commands.append(["ingest", str(FIXTURE_CSV)])
    for command in commands:
        assert main([*command, "--db", str(db)]) == 2, command
        err = capsys.readouterr().err
        assert "Traceback" not in err and err.count("\n") == 1 and err.startswith(f"error: {db}: "), err


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """``folder`` made read-only for this process (root ignores permissions, but not the immutable flag)."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("root, and this file system has no immutable flag: cannot make a read-only folder")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


@pytest.mark.integration
def test_item13_read_only_store_is_read_by_commands_and_the_app(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = build_store(folder / "s.sqlite")
    with read_only_folder(folder):
        assert main(["stats", "--db", str(db)]) == 0
        assert capsys.readouterr().out.startswith("8 papers")
        assert main(["ingest", str(FIXTURE_CSV), "--db", str(db)]) == 2
        assert "read-only: the store can be read, not written" in capsys.readouterr().err
        at = start_app(db, monkeypatch)  # the app starts (no error) and draws the store's graph
        assert drawn(at)["shown"] > 8
        app_show(at, "Paper")


def test_item06_lines_ending_in_a_lone_carriage_return_are_still_lines(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes("id,title,abstract\rm1,Zürich paper,We use ImageNet.\rm2,Second,We use COCO.\r".encode())
    papers, errors, _ = split(read_papers(path))
    assert errors == []
    assert [(p.title, p.location) for p in papers] == [("Zürich paper", "line 2"), ("Second", "line 3")]


@pytest.mark.integration
def test_item09_a_full_temporary_folder_is_one_line_too(tmp_path, monkeypatch, capsys):
    class FullDisk(io.BytesIO):
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("graphapp.pipeline.tempfile.TemporaryFile", lambda *args, **kwargs: FullDisk())
    assert main(["ingest", str(FIXTURE_CSV), "--db", str(tmp_path / "s.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "no room in" in err and "No space left on device" in err and "Traceback" not in err
