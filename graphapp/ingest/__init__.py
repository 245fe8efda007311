"""Readers for every supported input format, chosen by ``--format`` or by the content's marks (:mod:`.sniff`).

Each reader takes a text stream and a source name and yields :class:`~graphapp.model.Paper` records and,
for records it cannot read, :class:`~graphapp.model.IngestError` values naming the file and line, so one
bad record never stops the rest of the input. :func:`read_papers` then passes every paper through
:func:`~graphapp.ingest.sanitize.checked_paper`, which may skip it or add
:class:`~graphapp.model.IngestNotice` values saying what it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from graphapp.ingest.arxiv_atom import read_arxiv_atom
from graphapp.ingest.arxiv_rss import read_arxiv_rss
from graphapp.ingest.bibtex import read_bibtex
from graphapp.ingest.hf_api import read_hf_api
from graphapp.ingest.hf_text import read_hf_text
from graphapp.ingest.pubmed_xml import read_pubmed_xml
from graphapp.ingest.records import ReadResult, read_csv, read_json, read_jsonl
from graphapp.ingest.ris import read_ris
from graphapp.ingest.sanitize import checked_paper
from graphapp.ingest.scholarly import (
    read_csl_json,
    read_csl_yaml,
    read_openalex,
    read_papers_with_code,
    read_semantic_scholar,
    read_zotero_json,
)
from graphapp.ingest.sniff import UnsupportedFormat, sniff_format
from graphapp.ingest.tagged import read_medline, read_wos
from graphapp.ingest.textio import UnreadableInput, open_text
from graphapp.model import IngestError, IngestNotice, Paper

Reader = Callable[[TextIO, str], ReadResult]

#: Every reader by its ``--format`` name, and what it reads (for messages and the app's format choice).
READERS: dict[str, tuple[Reader, str]] = {
    "hf-text": (read_hf_text, "Hugging Face papers page saved as text"),
    "hf-api": (read_hf_api, "Hugging Face daily_papers JSON"),
    "jsonl": (read_jsonl, "JSON Lines, one paper per line"),
    "json": (read_json, "JSON array of papers"),
    "csv": (read_csv, "CSV (generic, Zotero, Scopus, IEEE, Embase)"),
    "arxiv": (read_arxiv_atom, "arXiv API Atom feed"),
    "arxiv-rss": (read_arxiv_rss, "arXiv RSS feed"),
    "bibtex": (read_bibtex, "BibTeX / BibLaTeX"),
    "ris": (read_ris, "RIS (Zotero, PubMed, Scopus, Embase, IEEE, Web of Science)"),
    "medline": (read_medline, "PubMed MEDLINE text (.nbib)"),
    "wos": (read_wos, "Web of Science plain text"),
    "pubmed-xml": (read_pubmed_xml, "PubMed efetch XML"),
    "csl-json": (read_csl_json, "CSL JSON"),
    "csl-yaml": (read_csl_yaml, "CSL YAML"),
    "zotero-json": (read_zotero_json, "Zotero / Better BibTeX JSON"),
    "openalex": (read_openalex, "OpenAlex works JSON"),
    "semantic-scholar": (read_semantic_scholar, "Semantic Scholar Graph API JSON"),
    "pwc": (read_papers_with_code, "Papers with Code paper records"),
}
FORMATS = tuple(READERS)
#: How much of the input the sniffer looks at.
SNIFF_CHARS = 4096
NO_PAPERS = "no papers read"


def read_papers(
    path: str | Path, fmt: str | None = None, *, source: str | None = None, max_bytes: int | None = None
) -> Iterator[Paper | IngestError | IngestNotice]:
    """Every paper in a file, an error for each record that could not be read, a notice for each change made.

    ``source`` names the input in messages and in each paper's ``source`` (default: the path; an upload
    passes the user's file name, not its temporary path). Content over ``max_bytes`` (after gzip) is
    refused as a whole.

    >>> papers = [p for p in read_papers("data/seed/hf_trending_papers.txt") if isinstance(p, Paper)]
    >>> len(papers)
    88
    """
    path = Path(path)
    source = source or str(path)
    if fmt is not None and fmt not in READERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        stream = open_text(path, max_bytes)
    except (UnreadableInput, OSError) as err:
        yield IngestError(source, "", str(err), "unreadable file")
        return
    with stream:
        head = stream.read(SNIFF_CHARS)
        while head and not head.strip() and (more := stream.read(SNIFF_CHARS)):
            head = more  # blank lines first: sniff the first characters that are not
        try:
            chosen = fmt or sniff_format(path, head, lambda: open_text(path))
        except UnsupportedFormat as err:
            yield IngestError(source, "", str(err), "unsupported format")
            return
        stream.seek(0)
        said = False  # the reader yielded a paper or an error (each failed record is reported on its own)
        for item in checked(READERS[chosen][0](stream, source)):
            said = True
            yield item
    if not said:
        how = "the format asked for" if fmt else "its format"
        message = f"no papers read as {READERS[chosen][1]} ({how}, {chosen!r}); nothing stored"
        yield IngestError(source, "", message, NO_PAPERS)


def checked(items: Iterable[Paper | IngestError]) -> Iterator[Paper | IngestError | IngestNotice]:
    """Each paper through :func:`~graphapp.ingest.sanitize.checked_paper` (for papers read any other way, such
    as fetched from an API); errors pass through unchanged."""
    for item in items:
        if isinstance(item, Paper):
            yield from checked_paper(item)
        else:
            yield item
