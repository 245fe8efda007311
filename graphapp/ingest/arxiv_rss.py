"""arXiv's RSS feeds (``rss.arxiv.org/rss/cs.CL``): one ``<item>`` per new or replaced paper.

The description holds "arXiv:2401.01234v1 Announce Type: new" then "Abstract: ..."; ``dc:creator`` the
authors joined with commas; ``pubDate`` an RFC 822 date.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from typing import TextIO
from xml.etree.ElementTree import Element

from graphapp.ingest.identity import arxiv_in_text, identify
from graphapp.ingest.records import MISSING, ReadResult, missing_fields_message, parse_authors
from graphapp.ingest.xmltext import read_xml_records
from graphapp.model import IngestError, Paper

DC = "{http://purl.org/dc/elements/1.1/}"
_ANNOUNCEMENT = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*\S+\s*", re.IGNORECASE)


def _child(item: Element, tag: str) -> str:
    node = item.find(tag)
    return (node.text or "").strip() if node is not None else ""


def _date(text: str) -> str | None:
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def rss_item_to_paper(item: Element, source: str, location: str) -> Paper | IngestError:
    """One ``<item>``: the arXiv id from its guid or link, the abstract after "Abstract:"."""
    title = " ".join(_child(item, "title").split())
    description = _child(item, "description")
    abstract = _ANNOUNCEMENT.sub("", description).removeprefix("Abstract:").strip()
    if problem := missing_fields_message({"title": title, "description": abstract}):
        return IngestError(source, location, problem, MISSING)
    link, guid = _child(item, "link"), _child(item, "guid")
    return Paper(
        id=identify(title, arxiv=arxiv_in_text(guid.replace("oai:arXiv.org:", "arXiv:"), link, description)),
        title=title,
        abstract=abstract,
        url=link or None,
        authors=parse_authors(_child(item, f"{DC}creator")),
        date=_date(_child(item, "pubDate")),
        source=source,
        location=location,
    )


def read_arxiv_rss(stream: TextIO, source: str) -> ReadResult:
    """Every item of an arXiv RSS feed."""
    return read_xml_records(
        stream.read(), source, root_tag="rss", path="channel/item", what="item", to_paper=rss_item_to_paper
    )
