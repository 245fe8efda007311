"""Which reader a file needs, decided on positive evidence only.

A file is read as a format when its content shows that format's marks (RIS's ``TY  - ``, an Atom ``<feed>``,
OpenAlex work ids, ...); the extension only settles between readers the content already allows (a CSV
header). Anything else is refused with :class:`UnsupportedFormat`, whose message names what the file looks
like ("looks like a GraphML graph") or says "unknown format", so nothing unrecognised becomes papers.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from graphapp.ingest import scholarly
from graphapp.ingest.hf_api import is_hf_api_document
from graphapp.ingest.hf_text import HEADER_LINES, looks_like_abstract, looks_like_title
from graphapp.ingest.records import TITLE_FIELDS, csv_header_ok, is_records_wrapper, json_records
from graphapp.ingest.ris import RIS_LINE

#: JSON document formats, each with the test that recognises it, most specific first.
_JSON_FORMATS: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    ("hf-api", is_hf_api_document),
    ("openalex", scholarly.is_openalex),
    ("semantic-scholar", scholarly.is_semantic_scholar),
    ("zotero-json", scholarly.is_zotero_json),
    ("csl-json", scholarly.is_csl),
    ("pwc", scholarly.is_papers_with_code),
)
_XML_ROOT = re.compile(r"<(?![?!])(?:[\w.\-]+:)?([\w.\-]+)")
_BIBTEX_ENTRY = re.compile(r"^[ \t]*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_MEDLINE = re.compile(r"^PMID- ?\d", re.MULTILINE)
_WOS = re.compile(r"^(?:FN (?:Clarivate|Thomson)|PT [JBSP]\s*$)", re.MULTILINE)
_WOS_TABS = re.compile(r"^\ufeff?PT\tAU\t")
_ENDNOTE_TAGGED = re.compile(r"^%[0ATDJ] ", re.MULTILINE)
_CSL_YAML = re.compile(r"^references:\s*$", re.MULTILINE)
_VCR_CASSETTE = re.compile(r"^interactions:\s*$", re.MULTILINE)
_XML_REFUSED = {
    "graphml": "a GraphML graph",
    "gexf": "a GEXF graph",
    "html": "an HTML page (save the list as text, or export it from the site as CSV, RIS or BibTeX)",
    "svg": "an SVG image",
    "rdf": "RDF/XML such as Zotero RDF (export RIS, BibTeX or CSL JSON instead)",
    "xml": "EndNote XML (export RIS from EndNote instead)",
}
SUPPORTED = (
    "RIS, BibTeX, CSV, JSON Lines, JSON (Hugging Face, OpenAlex, Semantic Scholar, Zotero, CSL, Papers with Code), "
    "CSL YAML, arXiv Atom and RSS, PubMed XML and MEDLINE text, Web of Science text, or a Hugging Face papers page"
)


class UnsupportedFormat(ValueError):
    """The input is not in any format the tool reads; the message says what it looks like."""


def _looks_like(what: str) -> UnsupportedFormat:
    return UnsupportedFormat(f"looks like {what}; not supported")


def _unknown(detail: str) -> UnsupportedFormat:
    return UnsupportedFormat(f"unknown format ({detail}); readable formats: {SUPPORTED}")


def _has_title(record: Any) -> bool:
    return isinstance(record, dict) and any(str(key).strip().lower() in TITLE_FIELDS for key in record)


def classify_json(document: Any) -> str:
    """The format of a parsed JSON document, or :class:`UnsupportedFormat`."""
    if isinstance(document, dict) and {"status_code", "body"} <= document.keys():
        raise _looks_like("a recorded HTTP response (url, status_code, body), not a list of papers")
    for name, recognises in _JSON_FORMATS:
        if recognises(document):
            return name
    records = json_records(document)
    if records and _has_title(records[0]):
        return "json"
    keys = ", ".join(list(document)[:8]) if isinstance(document, dict) else f"a list of {len(document)} values"
    raise _unknown(f"JSON without paper records: {keys or 'empty'}")


def _sniff_json(head: str, reopen: Callable[[], TextIO], suffix: str) -> str:
    """jsonl when the first line is a whole paper object of no API format (or the file is named .jsonl), else
    the document's format."""
    first_line = head.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    try:
        first = json.loads(first_line)
    except (ValueError, RecursionError):  # ValueError also covers integers too long to convert
        first = None
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if isinstance(first, dict) and not is_records_wrapper(first):
        found = classify_json(first)  # a paper record, or one line holding a whole API answer
        return "jsonl" if found == "json" else found
    with reopen() as stream:
        try:
            document = json.load(stream)
        except (ValueError, RecursionError):
            return "json"  # JSON that does not parse: the reader names the line
    return classify_json(document)


def _sniff_xml(start: str) -> str:
    match = _XML_ROOT.search(start)
    root = match.group(1).lower() if match else ""
    if root == "feed":
        return "arxiv"
    if root == "rss":
        if "arxiv" in start.lower():
            return "arxiv-rss"
        raise _looks_like("an RSS feed that is not arXiv's")
    if root == "pubmedarticleset":
        return "pubmed-xml"
    if root in _XML_REFUSED:
        raise _looks_like(_XML_REFUSED[root])
    raise _unknown(f"XML whose root is <{root[:40]}>")


def _sniff_csv(first_line: str, suffix: str) -> str | None:
    try:
        header = [name.strip().lower() for name in next(csv.reader([first_line]))]
    except (csv.Error, StopIteration):
        return None
    if len(header) > 1 and csv_header_ok(header):
        return "csv"
    return "csv" if suffix in (".csv", ".tsv") and len(header) > 1 else None


def _sniff_hf_text(start: str) -> bool:
    """A Hugging Face papers page saved as text: its header lines, or a title line followed by an abstract."""
    lines = [line.strip() for line in start.splitlines() if line.strip()][:12]
    if any("\t" in line for line in lines[:2]):
        return False  # tab-separated columns, not a page of titles and abstracts
    if lines and lines[0].casefold() in HEADER_LINES:
        return True
    return len(lines) >= 2 and looks_like_title(lines[0]) and looks_like_abstract(lines[1])


def sniff_format(path: Path, head: str, reopen: Callable[[], TextIO]) -> str:
    """The reader for a file, from its first characters (``head``); ``reopen`` gives the whole text when the
    format is told by the document (JSON). Raises :class:`UnsupportedFormat` when no format fits."""
    suffixes = [suffix.lower() for suffix in path.suffixes if suffix.lower() != ".gz"]
    suffix = suffixes[-1] if suffixes else ""
    start = head.lstrip("\ufeff \t\r\n")
    if not start:
        raise _unknown("no text")
    first_line = start.split("\n", 1)[0].rstrip("\r")
    if start[0] in "[{":
        return _sniff_json(head, reopen, suffix)
    if start[0] == "<":
        return _sniff_xml(start)
    if _BIBTEX_ENTRY.search(start):
        return "bibtex"
    if (match := RIS_LINE.match(first_line)) and match.group(1) == "TY":
        return "ris"
    if _MEDLINE.search(start):
        return "medline"
    if _WOS.search(start):
        return "wos"
    if _CSL_YAML.search(start):
        return "csl-yaml"
    if _VCR_CASSETTE.search(start):
        raise _looks_like("a VCR cassette of recorded HTTP requests, not a list of papers")
    if _WOS_TABS.match(first_line):
        raise _looks_like("a Web of Science tab-delimited export; save it as Plain text or RIS instead")
    if _ENDNOTE_TAGGED.search(start):
        raise _looks_like("EndNote tagged text (%A, %T, ...); export RIS or BibTeX from EndNote instead")
    if found := _sniff_csv(first_line, suffix):
        return found
    if suffix in (".yaml", ".yml"):
        raise _unknown("YAML without CSL references")
    if _sniff_hf_text(start):
        return "hf-text"
    raise _unknown("no format's marks in the first lines")
