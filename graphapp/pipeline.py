"""Ingest: read a file, extract what each paper names, and write it all to the store in one transaction."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from extractors import Extractor, Mention
from extractors.links import canonical_url, url_kind
from graphapp.evidence import sentence_at
from graphapp.ingest import read_papers
from graphapp.model import IngestError, Occurrence, Paper
from graphapp.store import Store

RELATION_BY_ROLE = {"proposed": "proposes", "used": "uses", "mentioned": "mentions"}
RELATION_BY_TYPE = {"url": "links_to", "citation": "cites"}

Progress = Callable[[int], None]
T = TypeVar("T")
#: Papers extracted and written together: enough to amortise each SQL statement and each trip to a
#: worker, few enough that a batch in flight per worker costs only a few megabytes.
DEFAULT_BATCH_SIZE = 500


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


def extract_batch(extractor: Extractor, papers: Sequence[Paper]) -> list[list[Occurrence]]:
    """The edges of each paper of a batch: the unit of work a worker process or a Dask worker runs."""
    return [paper_occurrences(paper, extractor) for paper in papers]


class ExtractionRunner(Protocol):
    """Runs :func:`extract_batch` over batches, here or elsewhere, and gives the results back in input order."""

    def map(
        self, extractor: Extractor, batches: Iterable[list[Paper]]
    ) -> Iterator[tuple[list[Paper], list[list[Occurrence]]]]: ...


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter).

    >>> list(batched(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise ValueError("batch size must be at least 1")
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def extract_batches(
    extractor: Extractor, batches: Iterable[list[Paper]]
) -> Iterator[tuple[list[Paper], list[list[Occurrence]]]]:
    """Each batch with its edges, extracted in this process (what a runner does elsewhere)."""
    for batch in batches:
        yield batch, extract_batch(extractor, batch)


def _papers_and_errors(items: Iterable[Paper | IngestError], report: IngestReport) -> Iterator[Paper]:
    for item in items:
        if isinstance(item, IngestError):
            report.errors.append(item)
        else:
            yield item


def _ingest(
    store: Store,
    read: Callable[[], Iterable[Paper | IngestError]],
    source: str,
    extractor: Extractor | None,
    progress: Progress | None,
    runner: ExtractionRunner | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> IngestReport:
    """Learn from every text, then extract and write every paper, batch by batch, in one transaction.

    ``read`` is called twice, once per pass, so a file is streamed rather than held in memory.
    """
    extractor = extractor or Extractor.default()
    report = IngestReport(source)
    extractor.learn(
        text for paper in _papers_and_errors(read(), IngestReport(source)) for text in (paper.title, paper.abstract)
    )
    batches = batched(_papers_and_errors(read(), report), batch_size)
    extracted = (runner.map if runner else extract_batches)(extractor, batches)
    seen: set[str] = set()
    with store.transaction():
        for papers, occurrences in extracted:
            for paper in papers:
                if paper.id in seen:
                    report.notices.append(
                        f"{source}: paper id {paper.id!r} appears again; the later record replaces it"
                    )
                seen.add(paper.id)
            store.put_papers(zip(papers, occurrences, strict=True))
            report.papers += len(papers)
            if progress:
                progress(len(papers))
        store.record_ingest(source, report.papers, len(report.errors))
    return report


def ingest_file(
    store: Store,
    path: str | Path,
    *,
    fmt: str | None = None,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
    runner: ExtractionRunner | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> IngestReport:
    """Read, extract and store one input file in a single transaction.

    The file is read twice: first so the extractor learns the names its patterns discover anywhere in
    it (a method named in one abstract is then found in all), then to extract and write batch by batch,
    so memory stays flat however large the file is. ``runner`` (see :mod:`graphapp.parallel`) spreads
    the extraction over worker processes or a Dask cluster; the store is always written here, in order.
    """
    return _ingest(store, lambda: read_papers(path, fmt), str(path), extractor, progress, runner, batch_size)


def ingest_papers(
    store: Store,
    items: Iterable[Paper | IngestError],
    *,
    source: str,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Extract and store papers already read (e.g. fetched from an API) in one transaction.

    ``items`` may include the :class:`IngestError` records of what could not be read: they are
    reported like a file's bad records. ``source`` names the batch in the store's ingest log.
    """
    records = list(items)
    return _ingest(store, lambda: records, source, extractor, progress)
