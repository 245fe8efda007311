"""RIS files (``TY  - JOUR`` ... ``ER  - ``) as Zotero, PubMed, Scopus, Embase, IEEE and Web of Science save them.

Tags differ by exporter: the title is ``TI`` or ``T1``, the abstract ``AB`` or (Embase) ``N2``, authors ``AU``
or ``A1``, the date ``DA``, ``PY`` or ``Y1``. A line without a tag continues the field before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from graphapp.ingest.identity import clean_date, clean_doi, doi_url, identify
from graphapp.ingest.records import MISSING, ReadResult, missing_fields_message
from graphapp.model import IngestError, Paper

#: ``TY  - JOUR``: two characters, two spaces, a hyphen (the space after it is dropped by some exporters).
RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*)|)$")
_TITLE_TAGS = ("TI", "T1", "CT", "BT")
_ABSTRACT_TAGS = ("AB", "N2")
_AUTHOR_TAGS = ("AU", "A1")
_YEAR = re.compile(r"\d{4}")
UNCLOSED = "RIS record without ER line"


def _records(stream: TextIO, source: str) -> Iterator[tuple[int, dict[str, list[str]]] | IngestError]:
    """(line of ``TY``, tag -> values) for each record; a record cut off by the next ``TY`` is reported."""
    fields: dict[str, list[str]] | None = None
    start = 0
    last_tag = ""
    for number, raw in enumerate(stream, 1):
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        match = RIS_LINE.match(line)
        if match is None:
            if fields is not None and last_tag and line.strip():
                values = fields[last_tag]
                values[-1] = f"{values[-1]} {line.strip()}".strip()
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if fields is not None:
                yield IngestError(source, f"line {start}", "record has no ER line before the next TY", UNCLOSED)
            fields, start, last_tag = {}, number, ""
            continue
        if fields is None:
            continue
        if tag == "ER":
            yield start, fields
            fields, last_tag = None, ""
            continue
        fields.setdefault(tag, []).append(value)
        last_tag = tag
    if fields is not None:
        yield IngestError(source, f"line {start}", "the last record has no ER line", UNCLOSED)


def _first(fields: dict[str, list[str]], tags: tuple[str, ...]) -> str:
    return next((value for tag in tags for value in fields.get(tag, []) if value.strip()), "")


def ris_record_to_paper(fields: dict[str, list[str]], source: str, location: str) -> Paper | IngestError:
    """One RIS record: the arXiv id or DOI (``DO``, or a doi.org link in ``L2``/``UR``) becomes the id."""
    title, abstract = " ".join(_first(fields, _TITLE_TAGS).split()), _first(fields, _ABSTRACT_TAGS).strip()
    if problem := missing_fields_message({"title": title, "abstract": abstract}):
        return IngestError(source, location, f"record {title[:60]!r} is {problem}" if title else problem, MISSING)
    links = [value for tag in ("UR", "L2", "L1", "LK") for value in fields.get(tag, [])]
    doi = clean_doi(_first(fields, ("DO",))) or next((clean_doi(link) for link in links if "doi.org/" in link), None)
    authors = [name for tag in _AUTHOR_TAGS for name in fields.get(tag, []) if name]
    year, day = _first(fields, ("PY", "Y1")), _first(fields, ("DA",))
    if day and not _YEAR.search(day):
        day = f"{day} {year}"  # Web of Science and EndNote write DA - SEP or DA - Mar 1, the year in PY
    url = next((link for link in links if link.startswith(("http://", "https://"))), None) or doi_url(doi)
    return Paper(
        id=identify(title, doi=doi, evidence=[*links, *fields.get("JO", []), *fields.get("T2", [])]),
        title=title,
        abstract=abstract,
        url=url,
        authors=authors,
        date=clean_date(day, year, _first(fields, ("Y1",))),
        source=source,
        location=location,
    )


def read_ris(stream: TextIO, source: str) -> ReadResult:
    """Every record with a title and an abstract; the others are reported with the line of their ``TY``."""
    for item in _records(stream, source):
        if isinstance(item, IngestError):
            yield item
            continue
        line, fields = item
        yield ris_record_to_paper(fields, source, f"line {line}")
