"""Hugging Face ``/api/daily_papers`` responses: a JSON list of ``{"paper": {...}}`` items."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TextIO

from graphapp.ingest.records import (
    MISSING,
    NOT_A_PAPER,
    ReadResult,
    json_records,
    missing_fields_message,
    parse_authors,
    read_json_records,
)
from graphapp.model import IngestError, MetadataLink, Paper, paper_id

#: Metadata fields that name a link, and how the link is labelled in the graph.
LINK_FIELDS = {"githubRepo": "code", "projectPage": "project page"}


def is_hf_api_document(document: Any) -> bool:
    """True when the JSON looks like a daily_papers response (items wrapping a ``paper`` object)."""
    records = json_records(document)
    if not records:
        return False
    return isinstance(records[0], Mapping) and isinstance(records[0].get("paper"), Mapping)


def hf_item_to_paper(item: Any, source: str, location: str) -> Paper | IngestError:
    """One daily_papers item: the arXiv id becomes the paper id, githubRepo/projectPage metadata links."""
    paper = item.get("paper") if isinstance(item, Mapping) else None
    if not isinstance(paper, Mapping):
        return IngestError(source, location, 'expected an object with a "paper" object inside', NOT_A_PAPER)
    raw_title, raw_summary = paper.get("title") or item.get("title"), paper.get("summary") or item.get("summary")
    problem = missing_fields_message({"title": raw_title, "summary": raw_summary})
    if problem:
        return IngestError(source, location, problem, MISSING)
    title, abstract = " ".join(raw_title.split()), raw_summary.strip()
    raw_id = str(paper.get("id") or "").strip() or None
    links = [
        MetadataLink(str(paper[key]).strip(), label)
        for key, label in LINK_FIELDS.items()
        if isinstance(paper.get(key), str) and paper[key].strip()
    ]
    return Paper(
        id=paper_id(raw_id, title),
        title=title,
        abstract=abstract,
        url=f"https://huggingface.co/papers/{raw_id}" if raw_id else None,
        authors=parse_authors(paper.get("authors")),
        date=str(paper.get("publishedAt") or item.get("publishedAt") or "")[:10] or None,
        source=source,
        links=links,
        location=location,
    )


def read_hf_api(stream: TextIO, source: str) -> ReadResult:
    """Every item of a daily_papers response; a malformed item is reported and skipped."""
    return read_json_records(stream, source, hf_item_to_paper, "a JSON list of daily_papers items")
