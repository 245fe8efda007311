"""Tagged text exports that are not RIS: PubMed's MEDLINE format (``.nbib``, "Save as PubMed") and Web of
Science plain text (``FN Clarivate Analytics Web of Science``).

MEDLINE: ``TAG - value`` with the tag padded to four characters, continuation lines indented six spaces,
records separated by blank lines. Web of Science: a two-letter tag and a space, continuation lines indented
three spaces (one author per line under ``AU``/``AF``), each record closed by ``ER``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from graphapp.ingest.identity import clean_date, clean_doi, doi_url, identify
from graphapp.ingest.records import MISSING, ReadResult, missing_fields_message
from graphapp.model import IngestError, Paper

MEDLINE_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}- (.*)$")
WOS_LINE = re.compile(r"^([A-Z][A-Z0-9]) (.*)$")
Fields = dict[str, list[str]]


def _medline_records(stream: TextIO) -> Iterator[tuple[int, Fields]]:
    fields: Fields = {}
    start, last = 0, ""
    for number, raw in enumerate(stream, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if fields:
                yield start, fields
            fields, last = {}, ""
            continue
        match = MEDLINE_LINE.match(line)
        if match:
            if not fields:
                start = number
            last = match.group(1)
            fields.setdefault(last, []).append(match.group(2).strip())
        elif last and line.startswith(" "):
            fields[last][-1] = f"{fields[last][-1]} {line.strip()}"
    if fields:
        yield start, fields


def _wos_records(stream: TextIO) -> Iterator[tuple[int, Fields]]:
    fields: Fields = {}
    start, last = 0, ""
    for number, raw in enumerate(stream, 1):
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        if line.startswith("   ") and last:
            values = fields[last]
            if last in ("AU", "AF"):
                values.append(line.strip())  # one author per line
            else:
                values[-1] = f"{values[-1]} {line.strip()}"
            continue
        match = WOS_LINE.match(line)
        if line.rstrip() == "ER":
            if fields:
                yield start, fields
            fields, last = {}, ""
        elif match and match.group(1) not in ("FN", "VR", "EF"):
            if not fields:
                start = number
            last = match.group(1)
            fields.setdefault(last, []).append(match.group(2).strip())


def _first(fields: Fields, *tags: str) -> str:
    return next((value for tag in tags for value in fields.get(tag, []) if value), "")


def _to_paper(fields: Fields, source: str, location: str, *, doi: str | None, given: str | None) -> Paper | IngestError:
    title, abstract = " ".join(_first(fields, "TI").split()), _first(fields, "AB")
    if problem := missing_fields_message({"title": title, "abstract": abstract}):
        return IngestError(source, location, f"record {title[:60]!r} is {problem}" if title else problem, MISSING)
    return Paper(
        id=identify(title, doi=doi, given=given),
        title=title,
        abstract=abstract,
        url=doi_url(doi),
        authors=fields.get("FAU") or fields.get("AF") or fields.get("AU") or [],
        date=clean_date(_first(fields, "DP"), " ".join([_first(fields, "PD"), _first(fields, "PY")])),
        source=source,
        location=location,
    )


def read_medline(stream: TextIO, source: str) -> ReadResult:
    """Every PubMed record: DOI from ``LID``/``AID`` ("10.1/x [doi]"), full author names from ``FAU``."""
    for line, fields in _medline_records(stream):
        dois = [value for tag in ("LID", "AID") for value in fields.get(tag, []) if value.endswith("[doi]")]
        pmid = _first(fields, "PMID")
        doi = clean_doi(dois[0].removesuffix("[doi]")) if dois else None
        yield _to_paper(fields, source, f"line {line}", doi=doi, given=f"pmid:{pmid}" if pmid else None)


def read_wos(stream: TextIO, source: str) -> ReadResult:
    """Every Web of Science record: DOI from ``DI``, full author names from ``AF``, the accession number ``UT``."""
    for line, fields in _wos_records(stream):
        doi = clean_doi(_first(fields, "DI"))
        yield _to_paper(fields, source, f"line {line}", doi=doi, given=_first(fields, "UT") or None)
