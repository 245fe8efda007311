"""Ingest: read a file, extract what each paper names, and write it all to the store in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractors import Extractor, Mention
from extractors.links import canonical_url, url_kind
from graphapp.evidence import sentence_at
from graphapp.ingest import read_papers
from graphapp.model import IngestError, Occurrence, Paper
from graphapp.store import Store

RELATION_BY_ROLE = {"proposed": "proposes", "used": "uses", "mentioned": "mentions"}
RELATION_BY_TYPE = {"url": "links_to", "citation": "cites"}

Progress = Callable[[int], None]


@dataclass
class IngestReport:
    """What one input gave: how many papers were stored and each record that was skipped, with why."""

    source: str
    papers: int = 0
    errors: list[IngestError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.source}: {self.papers} papers stored"
        if self.errors:
            text += f", {len(self.errors)} records skipped"
        return text


def relation_for(mention: Mention) -> str:
    """The edge relation for a mention: links_to, cites, or proposes/uses/mentions by its role."""
    return RELATION_BY_TYPE.get(mention.type) or RELATION_BY_ROLE.get(mention.role or "", "mentions")


def metadata_occurrences(paper: Paper) -> Iterator[Occurrence]:
    """Links a source gives as fields (Hugging Face's githubRepo, projectPage): edges from metadata."""
    for link in paper.links:
        canonical = canonical_url(link.url)
        if not canonical.startswith("https://"):
            continue
        yield Occurrence(
            "url", canonical, "links_to", link.url, f"{link.label}: {link.url}", "metadata", kind=url_kind(canonical)
        )


def _occurrence(mention: Mention, text: str, field_name: str) -> Occurrence:
    return Occurrence(
        mention.type,
        mention.name,
        relation_for(mention),
        mention.text,
        sentence_at(text, mention.start, mention.end),
        field_name,
        mention.start,
        mention.end,
        mention.role,
        mention.kind,
        mention.family,
    )


def paper_occurrences(paper: Paper, extractor: Extractor) -> list[Occurrence]:
    """Every edge of one paper: what its title and abstract name, plus its metadata links."""
    in_title, in_abstract = extractor.extract_paper(paper.title, paper.abstract)
    found = [_occurrence(m, paper.title, "title") for m in in_title]
    found += [_occurrence(m, paper.abstract, "abstract") for m in in_abstract]
    found.extend(metadata_occurrences(paper))
    return found


def _papers_and_errors(path: str | Path, fmt: str | None, report: IngestReport) -> Iterator[Paper]:
    for item in read_papers(path, fmt):
        if isinstance(item, IngestError):
            report.errors.append(item)
        else:
            yield item


def ingest_file(
    store: Store,
    path: str | Path,
    *,
    fmt: str | None = None,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Read, extract and store one input file in a single transaction.

    The file is read twice: first so the extractor learns the names its patterns discover anywhere in
    it (a method named in one abstract is then found in all), then to extract and write, so memory stays
    flat however large the file is.
    """
    extractor = extractor or Extractor.default()
    report = IngestReport(str(path))
    extractor.learn(
        text
        for paper in _papers_and_errors(path, fmt, IngestReport(str(path)))
        for text in (paper.title, paper.abstract)
    )
    seen: set[str] = set()
    with store.transaction():
        for paper in _papers_and_errors(path, fmt, report):
            if paper.id in seen:
                report.notices.append(f"{path}: paper id {paper.id!r} appears again; the later record replaces it")
            seen.add(paper.id)
            store.put_paper(paper, paper_occurrences(paper, extractor))
            report.papers += 1
            if progress:
                progress(1)
        store.record_ingest(str(path), report.papers, len(report.errors))
    return report
