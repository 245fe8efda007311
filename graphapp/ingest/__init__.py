"""Readers for every supported input format, chosen by ``--format``, by file extension or by sniffing.

Each reader takes a text stream and a source name and yields :class:`~graphapp.model.Paper` records and,
for records it cannot read, :class:`~graphapp.model.IngestError` values naming the file and line, so one
bad record never stops the rest of the input. :func:`read_papers` then passes every paper through
:func:`~graphapp.ingest.sanitize.checked_paper`, which may skip it or add
:class:`~graphapp.model.IngestNotice` values saying what it changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO, cast

from graphapp.ingest.arxiv_atom import read_arxiv_atom
from graphapp.ingest.bibtex import read_bibtex
from graphapp.ingest.hf_api import is_hf_api_document, read_hf_api
from graphapp.ingest.hf_text import read_hf_text
from graphapp.ingest.records import ReadResult, is_records_wrapper, read_csv, read_json, read_jsonl
from graphapp.ingest.sanitize import checked_paper
from graphapp.ingest.textio import UnreadableInput, display_name, open_text
from graphapp.model import IngestError, IngestNotice, Paper

Reader = Callable[[TextIO, str], ReadResult]

READERS: dict[str, Reader] = {
    "hf-text": read_hf_text,
    "hf-api": read_hf_api,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "arxiv": read_arxiv_atom,
    "bibtex": read_bibtex,
}
FORMATS = tuple(READERS)

_BY_EXTENSION = {
    ".txt": "hf-text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".xml": "arxiv",
    ".atom": "arxiv",
    ".bib": "bibtex",
}
#: How much of the input the sniffer looks at.
SNIFF_CHARS = 4096


def _sniff_json(head: str, stream: TextIO) -> str:
    """jsonl when the first line is a whole JSON object (not one wrapping the records), else a JSON document."""
    first_line = head.lstrip().split("\n", 1)[0]
    try:
        first = json.loads(first_line)
        if isinstance(first, dict) and not is_records_wrapper(first):
            return "jsonl"
    except (ValueError, RecursionError):  # ValueError also covers integers too long to convert
        pass
    try:
        document = json.load(stream)
    except (ValueError, RecursionError):
        return "json"
    return "hf-api" if is_hf_api_document(document) else "json"


def sniff_format(path: Path, head: str, reopen: Callable[[], TextIO]) -> str:
    """The format of an input: its extension when telling, else its first characters."""
    suffixes = [suffix.lower() for suffix in path.suffixes if suffix.lower() != ".gz"]
    by_extension = _BY_EXTENSION.get(suffixes[-1]) if suffixes else None
    start = head.lstrip()
    if by_extension and not (by_extension == "hf-text" and start[:1] in "[{<@"):
        return by_extension
    if start.startswith(("[", "{")):
        with reopen() as stream:
            return _sniff_json(head, stream)
    if start.startswith("<"):
        return "arxiv"
    if start.startswith("@"):
        return "bibtex"
    first_line = start.split("\n", 1)[0].lower()
    if "," in first_line and "title" in first_line:
        return "csv"
    return "hf-text"


def read_papers(
    path: str | Path, fmt: str | None = None, *, source: str | None = None, max_bytes: int | None = None
) -> Iterator[Paper | IngestError | IngestNotice]:
    """Every paper in a file, an error for each record that could not be read, a notice for each change made.

    ``source`` names the input in messages and in each paper's ``source`` (default: the path, made
    printable by :func:`~graphapp.ingest.textio.display_name`; an upload passes the user's file name, not
    its temporary path). Content over ``max_bytes`` (after gzip) is refused as a whole. Every format is read
    through :class:`~graphapp.ingest.textio.LineReader`: what it finds (an over-long line, a truncated
    .gz, lines that are not UTF-8) comes after the file's records.

    >>> papers = [p for p in read_papers("data/seed/hf_trending_papers.txt") if isinstance(p, Paper)]
    >>> len(papers)
    88
    """
    path = Path(path)
    source = display_name(source or path)
    if fmt is not None and fmt not in READERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        stream = open_text(path, source, max_bytes)
    except (UnreadableInput, OSError) as err:
        yield IngestError(source, "", _reason(err), "unreadable file")
        return
    with stream:
        try:
            head = stream.head(SNIFF_CHARS)
            # A LineReader is a text stream (io.TextIOBase) that typing's TextIO does not describe.
            chosen = fmt or sniff_format(path, head, lambda: cast(TextIO, open_text(path, source)))
            stream.seek(0)
            yield from checked(READERS[chosen](cast(TextIO, stream), source))
        except UnreadableInput as err:
            yield IngestError(source, "", str(err), "unreadable file")
        yield from stream.problems()


def _reason(err: Exception) -> str:
    """An OSError's reason without its (possibly unprintable) file name, which the message names already."""
    return err.strerror or str(err) if isinstance(err, OSError) else str(err)


def checked(items: Iterable[Paper | IngestError]) -> Iterator[Paper | IngestError | IngestNotice]:
    """Each paper through :func:`~graphapp.ingest.sanitize.checked_paper` (for papers read any other way, such
    as fetched from an API); errors pass through unchanged."""
    for item in items:
        if isinstance(item, Paper):
            yield from checked_paper(item)
        else:
            yield item
