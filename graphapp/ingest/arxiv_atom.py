"""arXiv export API responses (Atom XML), parsed with defusedxml so that entity tricks cannot expand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO
from xml.etree.ElementTree import Element

from graphapp.ingest.records import MISSING, NOT_A_PAPER, ReadResult, missing_fields_message
from graphapp.ingest.xmltext import parse_xml
from graphapp.model import IngestError, Paper, paper_id

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
#: The API reports a bad request as a feed whose single entry has an id under this URL.
API_ERROR_ID = "arxiv.org/api/errors"
API_ERROR_MESSAGE = "the arXiv API answered with an error"


def _child_text(entry: Element, path: str) -> str:
    node = entry.find(path, NS)
    return (node.text or "").strip() if node is not None else ""


def entry_to_paper(entry: Element, source: str, location: str) -> Paper | IngestError:
    """One ``<entry>``: id from its abs URL, title, summary, authors, published date and abs link."""
    title = " ".join(_child_text(entry, "atom:title").split())
    abstract = _child_text(entry, "atom:summary")
    if problem := missing_fields_message({"title": title, "summary": abstract}):
        return IngestError(source, location, problem, MISSING)
    abs_url = _child_text(entry, "atom:id")
    raw_id = abs_url.rsplit("/abs/", 1)[-1] if "/abs/" in abs_url else None
    authors = [" ".join((name.text or "").split()) for name in entry.findall("atom:author/atom:name", NS)]
    return Paper(
        id=paper_id(raw_id, title),
        title=title,
        abstract=abstract,
        url=abs_url.replace("http://", "https://", 1) or None,
        authors=[author for author in authors if author],
        date=_child_text(entry, "atom:published")[:10] or None,
        source=source,
        location=location,
    )


@dataclass(slots=True)
class ArxivFeed:
    """One parsed feed: its entries (papers or located errors) and, for API pages, the total hit count."""

    items: Iterator[Paper | IngestError]
    total_results: int | None = None


def _total_results(root: Element) -> int | None:
    text = _child_text(root, "opensearch:totalResults")
    return int(text) if text.isdigit() else None


def _entries(entries: list[Element], source: str) -> Iterator[Paper | IngestError]:
    for index, entry in enumerate(entries, 1):
        if API_ERROR_ID in _child_text(entry, "atom:id"):
            message = _child_text(entry, "atom:summary") or "unspecified error"
            yield IngestError(source, f"entry {index}", f"{API_ERROR_MESSAGE}: {message[:300]}", API_ERROR_MESSAGE)
            continue
        yield entry_to_paper(entry, source, f"entry {index}")


def parse_arxiv_feed(text: str, source: str) -> ArxivFeed:
    """Parse an Atom document; XML that does not parse becomes one error naming its line."""
    root = parse_xml(text, source)
    if isinstance(root, IngestError):
        return ArxivFeed(iter([root]))
    if root.tag != f"{{{NS['atom']}}}feed":
        error = IngestError(source, "", f"expected an Atom <feed>, found <{root.tag[:80]}>", NOT_A_PAPER)
        return ArxivFeed(iter([error]))
    return ArxivFeed(_entries(root.findall("atom:entry", NS), source), _total_results(root))


def read_arxiv_atom(stream: TextIO, source: str) -> ReadResult:
    """Each entry of an Atom feed; XML that does not parse is reported with its line."""
    yield from parse_arxiv_feed(stream.read(), source).items
