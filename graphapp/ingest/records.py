"""Generic tabular readers (JSON Lines, JSON array, CSV): one record per paper with title and abstract."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TextIO

from graphapp.ingest.textio import MAX_LINE_BYTES
from graphapp.model import IngestError, MetadataLink, Paper, paper_id

#: Field names accepted for each paper attribute, in order of preference.
ABSTRACT_FIELDS = ("abstract", "summary")
LINK_FIELDS = {"githubRepo": "code", "github": "code", "code_url": "code", "projectPage": "project page"}

ReadResult = Iterator[Paper | IngestError]


#: Reasons the ingest summary counts skipped records by.
MISSING = "missing title or abstract"
NOT_JSON = "not valid JSON"
NOT_A_PAPER = "not a paper record"
BAD_CSV_ROW = "malformed CSV row"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _identifier(value: Any) -> str:
    """Ids may be numbers in JSON (``"id": 17``)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else _text(value)


def missing_fields_message(fields: dict[str, Any]) -> str | None:
    """ "missing title and abstract" for the empty ones among ``fields`` (saying so when one is not text)."""
    missing = [
        name if value is None or isinstance(value, str) else f"{name} ({type(value).__name__}, not text)"
        for name, value in fields.items()
        if not _text(value)
    ]
    return f"missing {' and '.join(missing)}" if missing else None


def parse_authors(value: Any) -> list[str]:
    """Authors from a list of names or of ``{"name": ...}`` objects, or from "A, B and C".

    >>> parse_authors("Ada Lovelace and Alan Turing")
    ['Ada Lovelace', 'Alan Turing']
    >>> parse_authors([{"name": "Grace Hopper"}])
    ['Grace Hopper']
    """
    if isinstance(value, str):
        separator = ";" if ";" in value else ","
        parts = value.replace(" and ", separator).split(separator)
        return [part.strip() for part in parts if part.strip()]
    if isinstance(value, list):
        names = [item.get("name") if isinstance(item, Mapping) else item for item in value]
        return [name.strip() for name in names if isinstance(name, str) and name.strip()]
    return []


def record_to_paper(record: Any, source: str, location: str) -> Paper | IngestError:
    """Turn one mapping into a Paper, or say which required field is missing."""
    if not isinstance(record, Mapping):
        message = f"expected an object with title and abstract, got {type(record).__name__}"
        return IngestError(source, location, message, NOT_A_PAPER)
    raw_abstract = next((record[key] for key in ABSTRACT_FIELDS if _text(record.get(key))), record.get("abstract"))
    problem = missing_fields_message({"title": record.get("title"), "abstract": raw_abstract})
    if problem:
        return IngestError(source, location, problem, MISSING)
    title, abstract = " ".join(_text(record.get("title")).split()), _text(raw_abstract)
    links = [MetadataLink(_text(record[key]), label) for key, label in LINK_FIELDS.items() if _text(record.get(key))]
    return Paper(
        id=paper_id(_identifier(record.get("id")) or None, title),
        title=title,
        abstract=abstract,
        url=_text(record.get("url")) or None,
        authors=parse_authors(record.get("authors")),
        date=_text(record.get("date") or record.get("published") or record.get("publishedAt")) or None,
        source=source,
        links=links,
        location=location,
    )


def read_jsonl(stream: TextIO, source: str) -> ReadResult:
    """One JSON object per line; a bad line is reported and the rest still read."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as err:
            yield IngestError(source, f"line {number}", f"not valid JSON ({_json_reason(err)})", NOT_JSON)
            continue
        yield record_to_paper(record, source, f"line {number}")


def _json_reason(err: Exception) -> str:
    """Why JSON did not parse, in a few words (never echoing the input)."""
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg.removesuffix(' at')} at column {err.colno}"
    if isinstance(err, RecursionError):
        return f"nested more than {sys.getrecursionlimit()} levels deep"
    return "a number too long to read" if "digits" in str(err) else "unreadable value"


def load_json_document(stream: TextIO, source: str) -> Any | IngestError:
    """The whole stream as one JSON value, or an error naming the line where parsing failed."""
    try:
        return json.load(stream)
    except json.JSONDecodeError as err:
        return IngestError(source, f"line {err.lineno}", f"not valid JSON ({_json_reason(err)})", NOT_JSON)
    except (ValueError, RecursionError) as err:
        return IngestError(source, "", f"not valid JSON ({_json_reason(err)})", NOT_JSON)


def is_records_wrapper(value: Any) -> bool:
    """True for ``{"papers": [{"title": ...}, ...]}``: an object whose one list holds the records."""
    if not isinstance(value, Mapping) or "title" in value:
        return False
    records = json_records(value)
    return bool(records) and isinstance(records[0], Mapping) and bool({"title", "paper"} & records[0].keys())


def json_records(document: Any) -> list[Any] | None:
    """The list of records in a JSON document: the document itself or its single list-valued field."""
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping):
        lists = [value for value in document.values() if isinstance(value, list)]
        if len(lists) == 1:
            return lists[0]
        if "title" in document:
            return [document]
    return None


def read_json_records(
    stream: TextIO, source: str, to_paper: Callable[[Any, str, str], Paper | IngestError], expected: str
) -> ReadResult:
    """Each record of a JSON document through ``to_paper``; ``expected`` says what the document should hold."""
    document = load_json_document(stream, source)
    if isinstance(document, IngestError):
        yield document
        return
    records = json_records(document)
    if records is None:
        yield IngestError(source, "", f"expected {expected}", NOT_A_PAPER)
        return
    for index, record in enumerate(records, 1):
        yield to_paper(record, source, f"record {index}")


def read_json(stream: TextIO, source: str) -> ReadResult:
    """A JSON array of paper objects (or an object holding one such array)."""
    return read_json_records(stream, source, record_to_paper, "a JSON array of papers")


def read_csv(stream: TextIO, source: str) -> ReadResult:
    """CSV with a header row naming at least title and abstract (or summary); quoted newlines allowed.

    A field (quoted newlines included) may be as long as a line may be; a longer one is reported and the
    reader goes on from the next line.
    """
    csv.field_size_limit(MAX_LINE_BYTES)
    reader = csv.DictReader(stream)
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as err:
        yield IngestError(source, "line 1", f"unreadable CSV header ({err})", BAD_CSV_ROW)
        return
    if "title" not in header or not set(ABSTRACT_FIELDS) & set(header):
        found = ", ".join(repr(name[:40]) for name in header[:10]) + (", ..." if len(header) > 10 else "")
        message = f"CSV header must name title and abstract, found {found or 'nothing'}"
        yield IngestError(source, "line 1", message, "CSV header without title and abstract")
        return
    reader.fieldnames = header
    first_line = 2
    while True:
        location = f"line {first_line}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield IngestError(source, location, f"malformed CSV row ({err})", BAD_CSV_ROW)
            first_line = reader.line_num + 1
            continue
        first_line = reader.line_num + 1
        if None in row:
            yield IngestError(source, location, f"{len(row[None])} more values than header columns", BAD_CSV_ROW)
            continue
        yield record_to_paper(row, source, location)
