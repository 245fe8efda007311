"""JSON answers of scholarly APIs and reference managers: OpenAlex works, Semantic Scholar Graph API papers,
Zotero / Better BibTeX JSON, CSL JSON and YAML, and Papers with Code paper records.

Each format has an ``is_...`` test that looks for the fields only that format writes (the sniffer uses them:
a file is read as a format only on positive evidence) and a ``..._to_paper`` that maps one record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TextIO

import yaml

from graphapp.ingest.identity import clean_date, doi_url, identify
from graphapp.ingest.records import (
    MISSING,
    NOT_A_PAPER,
    ReadResult,
    document_records,
    inverted_name,
    missing_fields_message,
    parse_authors,
    read_json_records,
)
from graphapp.model import IngestError, MetadataLink, Paper, arxiv_id


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _records(document: Any, *wrappers: str) -> list[Any] | None:
    """The records of an answer: the list itself, the list under one of ``wrappers``, or the single object."""
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping):
        for key in wrappers:
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    return None


def _sample(document: Any, *wrappers: str) -> list[Mapping]:
    """Up to five records that are objects, to sniff by."""
    return [record for record in (_records(document, *wrappers) or [])[:5] if isinstance(record, Mapping)]


def _paper(
    record: Any, source: str, location: str, fields: Callable[[Mapping], dict[str, Any]], what: str
) -> Paper | IngestError:
    """A Paper from the ``fields`` one format's record maps to (title, abstract, authors, date, doi, ...)."""
    if not isinstance(record, Mapping):
        return IngestError(source, location, f"expected {what}, got {type(record).__name__}", NOT_A_PAPER)
    found = fields(record)
    title, abstract = _text(found.get("title")), (found.get("abstract") or "").strip()
    if problem := missing_fields_message({"title": title, "abstract": abstract}):
        named = f"{what} {title[:60]!r}" if title else what
        return IngestError(source, location, f"{named} is {problem}", MISSING)
    doi = found.get("doi")
    known = identify(
        title, arxiv=found.get("arxiv"), doi=doi, given=found.get("id"), evidence=found.get("evidence", [])
    )
    arxiv_page = f"https://arxiv.org/abs/{known}" if arxiv_id(known) else None
    return Paper(
        id=known,
        title=title,
        abstract=abstract,
        url=found.get("url") or doi_url(doi) or arxiv_page,
        authors=[name for name in found.get("authors", []) if name],
        date=clean_date(*found.get("dates", [])),
        source=source,
        links=found.get("links", []),
        location=location,
    )


# --- OpenAlex --------------------------------------------------------------------------------------------------


def is_openalex(document: Any) -> bool:
    """An OpenAlex ``/works`` answer (``results``) or one work: ids under openalex.org, ``authorships``."""
    sample = _sample(document, "results")
    return bool(sample) and all("openalex.org/W" in str(record.get("id", "")) for record in sample)


def openalex_abstract(inverted: Any) -> str:
    """The abstract OpenAlex stores as word -> positions, rebuilt in order.

    >>> openalex_abstract({"graphs": [1], "Deep": [0], "help.": [2]})
    'Deep graphs help.'
    """
    if not isinstance(inverted, Mapping):
        return ""
    placed = {
        position: word
        for word, positions in inverted.items()
        if isinstance(positions, list)
        for position in positions
        if isinstance(position, int)
    }
    return " ".join(placed[position] for position in sorted(placed))


def _openalex_fields(work: Mapping) -> dict[str, Any]:
    ids = _mapping(work.get("ids"))
    locations = [work.get("primary_location"), *(work.get("locations") or [])]
    landing = [loc.get("landing_page_url") for loc in locations if isinstance(loc, Mapping)]
    authorships = _list(work.get("authorships"))
    return {
        "title": work.get("title") or work.get("display_name"),
        "abstract": openalex_abstract(work.get("abstract_inverted_index")),
        "authors": [
            _text(one["author"].get("display_name"))
            for one in authorships
            if isinstance(one, Mapping) and isinstance(one.get("author"), Mapping)
        ],
        "doi": work.get("doi") or ids.get("doi"),
        "arxiv": ids.get("arxiv"),
        "id": str(work.get("id") or "").removeprefix("https://openalex.org/") or None,
        "evidence": [str(url) for url in landing if url],
        "url": next((str(url) for url in landing if url), None),
        "dates": [work.get("publication_date"), work.get("publication_year")],
    }


def openalex_to_paper(work: Any, source: str, location: str) -> Paper | IngestError:
    """One OpenAlex work: abstract rebuilt from ``abstract_inverted_index``, arXiv id or DOI as the id."""
    return _paper(work, source, location, _openalex_fields, "OpenAlex work")


def read_openalex(stream: TextIO, source: str) -> ReadResult:
    """Every work of an OpenAlex answer (a ``results`` page or a single work)."""
    return read_json_records(stream, source, openalex_to_paper, "OpenAlex works", lambda doc: _records(doc, "results"))


# --- Semantic Scholar --------------------------------------------------------------------------------------------


def is_semantic_scholar(document: Any) -> bool:
    """A Graph API answer: papers (a list, a search page's ``data``, or one paper) with a ``paperId``."""
    sample = _sample(document, "data")
    return bool(sample) and all("paperId" in record for record in sample)


def _s2_fields(paper: Mapping) -> dict[str, Any]:
    external = _mapping(paper.get("externalIds"))
    pdf = _mapping(paper.get("openAccessPdf"))
    return {
        "title": paper.get("title"),
        "abstract": paper.get("abstract") if isinstance(paper.get("abstract"), str) else "",
        "authors": parse_authors(paper.get("authors")),
        "arxiv": external.get("ArXiv"),
        "doi": external.get("DOI"),
        "id": str(paper.get("paperId") or "") or None,
        "evidence": [pdf.get("url")],
        "url": paper.get("url"),
        "dates": [paper.get("publicationDate"), paper.get("year")],
    }


def semantic_scholar_to_paper(paper: Any, source: str, location: str) -> Paper | IngestError:
    """One Graph API paper: the arXiv id from ``externalIds``, else its DOI, else the ``paperId``."""
    return _paper(paper, source, location, _s2_fields, "Semantic Scholar paper")


def read_semantic_scholar(stream: TextIO, source: str) -> ReadResult:
    """Every paper of a Graph API answer (one paper's ``citations`` and ``references`` are not read as papers)."""
    return read_json_records(
        stream, source, semantic_scholar_to_paper, "Semantic Scholar papers", lambda doc: _records(doc, "data")
    )


# --- Zotero / Better BibTeX JSON ---------------------------------------------------------------------------------

#: Zotero item types that are not works (a standalone note, a file).
_NOT_WORKS = {"note", "attachment", "annotation"}


def is_zotero_json(document: Any) -> bool:
    """A Better BibTeX JSON export (``items`` with Zotero's ``itemType``), a list of such items, or a Zotero web
    API answer (items wrapping them in ``data``)."""
    sample = [_zotero_item(record) for record in _sample(document, "items")]
    return bool(sample) and all("itemType" in record for record in sample)


def _zotero_item(record: Any) -> Any:
    """The item itself: the web API wraps it as ``{"key": ..., "data": {...}}``."""
    inner = record.get("data") if isinstance(record, Mapping) else None
    return inner if isinstance(inner, Mapping) and "itemType" in inner else record


def _creators(creators: Any) -> list[str]:
    """Zotero creators of type author as "Last, First" (or the single-field name)."""
    names = []
    for creator in creators if isinstance(creators, list) else []:
        if not isinstance(creator, Mapping) or creator.get("creatorType", "author") != "author":
            continue
        last, first = _text(creator.get("lastName")), _text(creator.get("firstName"))
        names.append(_text(creator.get("name")) or inverted_name(last, first))
    return names


def _zotero_fields(item: Mapping) -> dict[str, Any]:
    return {
        "title": item.get("title"),
        "abstract": item.get("abstractNote") if isinstance(item.get("abstractNote"), str) else "",
        "authors": _creators(item.get("creators")),
        "doi": item.get("DOI"),
        "evidence": [str(item.get(key) or "") for key in ("extra", "url", "publicationTitle", "archiveID")],
        "url": item.get("url"),
        "dates": [item.get("date")],
    }


def zotero_to_paper(item: Any, source: str, location: str) -> Paper | IngestError:
    """One Zotero item; notes and attachments are skipped as not papers."""
    item = _zotero_item(item)
    if isinstance(item, Mapping) and item.get("itemType") in _NOT_WORKS:
        return IngestError(source, location, f"Zotero {item['itemType']}, not a paper", NOT_A_PAPER)
    return _paper(item, source, location, _zotero_fields, "Zotero item")


def read_zotero_json(stream: TextIO, source: str) -> ReadResult:
    """Every item of a Better BibTeX JSON export."""
    return read_json_records(stream, source, zotero_to_paper, "Zotero items", lambda doc: _records(doc, "items"))


# --- CSL JSON / YAML ---------------------------------------------------------------------------------------------


def is_csl(document: Any) -> bool:
    """CSL items (a list, or YAML's ``references``): each has an ``id``, a ``type`` and CSL's fields."""
    sample = _sample(document, "references")
    csl_keys = {"issued", "author", "container-title", "citation-key", "DOI", "URL"}
    return bool(sample) and all({"id", "type"} <= record.keys() and csl_keys & record.keys() for record in sample)


def _csl_date(issued: Any) -> str | None:
    """CSL's ``{"date-parts": [[2022, 9, 12]]}`` (JSON) or ``[{"year": 2022, "month": 9}]`` (Better CSL YAML)."""
    if isinstance(issued, list) and issued and isinstance(issued[0], Mapping):
        parts = [issued[0].get(key) for key in ("year", "month", "day")]
    elif isinstance(issued, Mapping) and isinstance(issued.get("date-parts"), list) and issued["date-parts"]:
        parts = list(issued["date-parts"][0]) if isinstance(issued["date-parts"][0], list) else []
    elif isinstance(issued, Mapping):
        return str(issued.get("raw") or issued.get("literal") or "") or None
    else:
        return None
    numbers = [str(part) for part in parts if isinstance(part, int | str) and str(part).strip()]
    return "-".join(numbers[:1] + [number.zfill(2) for number in numbers[1:3]]) or None


def _csl_names(names: Any) -> list[str]:
    """CSL names as "Family, Given" (or the literal name)."""
    found = []
    for name in names if isinstance(names, list) else []:
        if isinstance(name, Mapping):
            family, given = _text(name.get("family")), _text(name.get("given"))
            found.append(_text(name.get("literal")) or inverted_name(family, given))
    return found


def _csl_fields(item: Mapping) -> dict[str, Any]:
    return {
        "title": item.get("title"),
        "abstract": item.get("abstract") if isinstance(item.get("abstract"), str) else "",
        "authors": _csl_names(item.get("author")),
        "doi": item.get("DOI"),
        "evidence": [str(item.get(key) or "") for key in ("URL", "number", "container-title", "archive_location")],
        "url": item.get("URL"),
        "dates": [_csl_date(item.get("issued"))],
    }


def csl_to_paper(item: Any, source: str, location: str) -> Paper | IngestError:
    """One CSL item (CSL JSON, or CSL YAML as Better BibTeX writes it)."""
    return _paper(item, source, location, _csl_fields, "CSL item")


def read_csl_json(stream: TextIO, source: str) -> ReadResult:
    """Every item of a CSL JSON file."""
    return read_json_records(stream, source, csl_to_paper, "CSL items", lambda doc: _records(doc, "references"))


# --- Papers with Code --------------------------------------------------------------------------------------------


def is_papers_with_code(document: Any) -> bool:
    """Papers with Code paper records: an ``arxiv_id`` with ``code`` links, or the dump's ``paper_url``."""
    sample = _sample(document)
    return bool(sample) and all(
        "arxiv_id" in record and ("code" in record or "paperswithcode.com" in str(record.get("paper_url", "")))
        for record in sample
    )


def _pwc_links(record: Mapping) -> list[MetadataLink]:
    """Every code link of the record (``code[].url``, or the links dump's ``repo_url``) as a metadata link."""
    urls = [entry.get("url") for entry in record.get("code") or [] if isinstance(entry, Mapping)]
    urls.append(record.get("repo_url"))
    return [MetadataLink(url.strip(), "code") for url in urls if isinstance(url, str) and url.strip()]


def _pwc_fields(record: Mapping) -> dict[str, Any]:
    return {
        "title": record.get("title"),
        "abstract": record.get("abstract") if isinstance(record.get("abstract"), str) else "",
        "authors": parse_authors(record.get("authors")),
        "arxiv": str(record.get("arxiv_id") or "") or None,
        "evidence": [record.get("url_abs"), record.get("pdf_url"), record.get("url_pdf")],
        "url": record.get("url_abs") or record.get("paper_url"),
        "dates": [record.get("date")],
        "links": _pwc_links(record),
    }


def papers_with_code_to_paper(record: Any, source: str, location: str) -> Paper | IngestError:
    """One Papers with Code record: the arXiv id is the id, every code link a metadata link."""
    return _paper(record, source, location, _pwc_fields, "Papers with Code record")


def read_papers_with_code(stream: TextIO, source: str) -> ReadResult:
    """Papers with Code paper records (one record, or a list as in ``papers-with-abstracts.json``)."""
    return read_json_records(stream, source, papers_with_code_to_paper, "Papers with Code records", _records)


def read_csl_yaml(stream: TextIO, source: str) -> ReadResult:
    """Every item of a CSL YAML file (``references:`` as Better BibTeX and pandoc write it), read with
    ``yaml.safe_load`` so that no tag can build objects."""
    try:
        document = yaml.safe_load(stream)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        location = f"line {mark.line + 1}" if mark is not None else ""
        yield IngestError(
            source, location, f"not valid YAML ({getattr(err, 'problem', None) or err})", "not valid YAML"
        )
        return
    yield from document_records(document, source, csl_to_paper, "CSL items", lambda doc: _records(doc, "references"))
