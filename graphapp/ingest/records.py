"""Generic tabular readers (JSON Lines, JSON array, CSV): one record per paper with title and abstract."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TextIO
from urllib.parse import parse_qs, urlsplit

from graphapp.ingest.identity import clean_date, doi_url, identify
from graphapp.ingest.textio import MAX_LINE_BYTES
from graphapp.model import IngestError, MetadataLink, Paper

#: Column or key names accepted for each paper attribute (compared lower-cased), in order of preference:
#: generic files, then Zotero ("Abstract Note"), IEEE ("Document Title"), Scopus and Embase CSV exports.
TITLE_FIELDS = ("title", "document title", "article title")
ABSTRACT_FIELDS = ("abstract", "summary", "abstract note", "abstractnote")
AUTHOR_FIELDS = ("authors", "author", "author names", "author full names")
DATE_FIELDS = ("date", "published", "publishedat", "publication date", "publication year", "year", "source")
URL_FIELDS = ("url", "link", "pdf link")
#: Fields that may name the paper's arXiv id in passing (Zotero's "Extra" holds "arXiv: 2106.01234").
EVIDENCE_FIELDS = ("extra", "journal", "publication title", "source title", "open url link")
LINK_FIELDS = {"githubrepo": "code", "github": "code", "code_url": "code", "projectpage": "project page"}

ReadResult = Iterator[Paper | IngestError]
#: Maps one record of a document (with its source and location) to a Paper, or says why it cannot.
ToPaper = Callable[[Any, str, str], Paper | IngestError]
#: Finds the list of records in a parsed document (None when it holds none).
RecordsOf = Callable[[Any], list[Any] | None]


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


def inverted_name(family: str, given: str) -> str:
    """ "Family, Given" as BibTeX and RIS write names (just the family name when there is no given name).

    >>> inverted_name("He", "Kaiming"), inverted_name("Google Brain", "")
    ('He, Kaiming', 'Google Brain')
    """
    return f"{family}, {given}" if given else family


def parse_authors(value: Any) -> list[str]:
    """Authors from a list of names or of ``{"name": ...}`` objects, or from "A, B and C".

    >>> parse_authors("Ada Lovelace and Alan Turing")
    ['Ada Lovelace', 'Alan Turing']
    >>> parse_authors([{"name": "Grace Hopper"}]), parse_authors("[No author name available]")
    (['Grace Hopper'], [])
    """
    if isinstance(value, str):
        if value.strip().startswith("[") and value.strip().endswith("]"):
            return []  # Scopus's "[No author name available]"
        separator = ";" if ";" in value else ","
        parts = value.replace(" and ", separator).split(separator)
        return [part.strip() for part in parts if part.strip()]
    if isinstance(value, list):
        names = [item.get("name") if isinstance(item, Mapping) else item for item in value]
        return [name.strip() for name in names if isinstance(name, str) and name.strip()]
    return []


def _pick(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    """The first non-empty value among ``names`` (lower-cased keys), else the first present one, else None."""
    present = [record[name] for name in names if name in record]
    return next(
        (value for value in present if _text(value) or isinstance(value, list)), present[0] if present else None
    )


def _openurl_doi(link: str) -> str | None:
    """The DOI in an OpenURL link's ``id=doi:...`` (Embase writes no DOI column, only this link)."""
    ids = parse_qs(urlsplit(link).query).get("id", []) if link else []
    return next((value.removeprefix("doi:") for value in ids if value.startswith("doi:")), None)


def record_to_paper(record: Any, source: str, location: str) -> Paper | IngestError:
    """Turn one mapping (a JSON object or a CSV row) into a Paper, or say which required field is missing."""
    if not isinstance(record, Mapping):
        message = f"expected an object with title and abstract, got {type(record).__name__}"
        return IngestError(source, location, message, NOT_A_PAPER)
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    raw_title, raw_abstract = _pick(fields, TITLE_FIELDS), _pick(fields, ABSTRACT_FIELDS)
    problem = missing_fields_message({"title": raw_title, "abstract": raw_abstract})
    if problem:
        return IngestError(source, location, problem, MISSING)
    title, abstract = " ".join(_text(raw_title).split()), _text(raw_abstract)
    links = [MetadataLink(_text(fields[key]), label) for key, label in LINK_FIELDS.items() if _text(fields.get(key))]
    url = _text(_pick(fields, URL_FIELDS)) or None
    doi = _text(fields.get("doi")) or _openurl_doi(_text(fields.get("open url link"))) or None
    evidence = [url, *(_text(fields.get(name)) for name in EVIDENCE_FIELDS)]
    dates = [fields.get(name) for name in DATE_FIELDS]
    given = _identifier(fields.get("id")) or _identifier(fields.get("arxiv_id")) or None
    return Paper(
        id=identify(title, doi=doi, given=given, evidence=evidence),
        title=title,
        abstract=abstract,
        url=url or doi_url(doi),
        authors=parse_authors(_pick(fields, AUTHOR_FIELDS)),
        date=clean_date(*dates) or next((_text(value) for value in dates if _text(value)), None),
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
    return (
        records is not None
        and bool(records)
        and isinstance(records[0], Mapping)
        and bool({"title", "paper"} & records[0].keys())
    )


def json_records(document: Any) -> list[Any] | None:
    """The list of records in a JSON document: the document itself, one paper object, or its single list field."""
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping):
        if "title" in document:
            return [document]
        lists = [value for value in document.values() if isinstance(value, list)]
        if len(lists) == 1:
            return lists[0]
    return None


def read_json_records(
    stream: TextIO,
    source: str,
    to_paper: ToPaper,
    expected: str,
    records_of: RecordsOf = json_records,
) -> ReadResult:
    """Each record of a JSON document (found by ``records_of``) through ``to_paper``; ``expected`` says what the
    document should hold."""
    document = load_json_document(stream, source)
    if isinstance(document, IngestError):
        yield document
        return
    yield from document_records(document, source, to_paper, expected, records_of)


def document_records(
    document: Any,
    source: str,
    to_paper: ToPaper,
    expected: str,
    records_of: RecordsOf = json_records,
) -> ReadResult:
    """Each record of a parsed document (JSON or YAML) through ``to_paper``."""
    records = records_of(document)
    if records is None:
        yield IngestError(source, "", f"expected {expected}", NOT_A_PAPER)
        return
    for index, record in enumerate(records, 1):
        yield to_paper(record, source, f"record {index}")


def read_json(stream: TextIO, source: str) -> ReadResult:
    """A JSON array of paper objects (or an object holding one such array)."""
    return read_json_records(stream, source, record_to_paper, "a JSON array of papers")


#: Scopus writes one more "Funding Text N" value than its header names; they sit after this column.
_NUMBERED_COLUMN = "funding text 1"


def csv_header_ok(header: list[str]) -> bool:
    """True when a (lower-cased) CSV header names a title column and an abstract column."""
    return bool(set(TITLE_FIELDS) & set(header)) and bool(set(ABSTRACT_FIELDS) & set(header))


def read_csv(stream: TextIO, source: str) -> ReadResult:
    """CSV with a header row naming at least a title and an abstract column; quoted newlines allowed.

    Column names are matched without case: ``title``/``Document Title`` (IEEE), ``abstract``/``Abstract Note``
    (Zotero), ``Authors``/``Author``/``Author Names``, ``Year``/``Publication Year``/``Date``, ``DOI``, ``Url``.
    A field (quoted newlines included) may be as long as a line may be; a longer one is reported and the
    reader goes on from the next line.
    """
    csv.field_size_limit(MAX_LINE_BYTES)
    reader = csv.reader(stream)
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except csv.Error as err:
        yield IngestError(source, "line 1", f"unreadable CSV header ({err})", BAD_CSV_ROW)
        return
    if not csv_header_ok(header):
        found = ", ".join(repr(name[:40]) for name in header[:10]) + (", ..." if len(header) > 10 else "")
        message = f"CSV header must name title and abstract, found {found or 'nothing'}"
        yield IngestError(source, "line 1", message, "CSV header without title and abstract")
        return
    numbered = header.index(_NUMBERED_COLUMN) + 1 if _NUMBERED_COLUMN in header else None
    first_line = 2
    while True:
        location = f"line {first_line}"
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield IngestError(source, location, f"malformed CSV row ({err})", BAD_CSV_ROW)
            first_line = reader.line_num + 1
            continue
        first_line = reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        extra = len(values) - len(header)
        if extra > 0 and numbered is not None:
            values = values[:numbered] + values[numbered + extra :]  # further funding texts, not in the header
        elif extra > 0:
            yield IngestError(source, location, f"{extra} more values than header columns", BAD_CSV_ROW)
            continue
        yield record_to_paper(dict(zip(header, values, strict=False)), source, location)
