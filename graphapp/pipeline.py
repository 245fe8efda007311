"""Ingest: read a file, extract what each paper names, and write it all to the store in one transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractors import Extractor, Mention
from extractors.links import canonical_url, url_kind
from graphapp.evidence import sentence_at
from graphapp.ingest import checked, read_papers
from graphapp.model import IngestError, IngestNotice, Occurrence, Paper
from graphapp.store import Store

RELATION_BY_ROLE = {"proposed": "proposes", "used": "uses", "mentioned": "mentions"}
RELATION_BY_TYPE = {"url": "links_to", "citation": "cites"}

Progress = Callable[[int], None]


@dataclass
class IngestReport:
    """What one input gave: papers stored, each record skipped (errors) and each change made (notices), with why."""

    source: str
    papers: int = 0
    errors: list[IngestError] = field(default_factory=list)
    notices: list[IngestNotice] = field(default_factory=list)

    def summary(self) -> str:
        """One line with counts per reason: ``x.jsonl: 98 papers stored; 2 records skipped (2 not valid JSON)``."""
        text = f"{self.source}: {self.papers} papers stored"
        if self.errors:
            text += f"; {_count(len(self.errors), 'record')} skipped ({_by_reason(self.errors)})"
        if self.notices:
            text += f"; {_count(len(self.notices), 'notice')} ({_by_reason(self.notices)})"
        return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _by_reason(problems: Sequence[IngestError | IngestNotice]) -> str:
    """ "3 not valid JSON, 1 missing title or abstract": most frequent reason first."""
    counts = Counter(problem.reason or problem.message for problem in problems)
    return ", ".join(f"{number} {reason}" for reason, number in counts.most_common())


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


def _papers_and_errors(items: Iterable[Paper | IngestError | IngestNotice], report: IngestReport) -> Iterator[Paper]:
    for item in items:
        if isinstance(item, IngestError):
            report.errors.append(item)
        elif isinstance(item, IngestNotice):
            report.notices.append(item)
        else:
            yield item


def _duplicate_notice(paper: Paper, first: tuple[str, str]) -> IngestNotice:
    """Say where a repeated id was first read, and whether the repeat changes anything."""
    first_location, first_content = first
    where = f" at {first_location}" if first_location else ""
    if first_content == _content(paper):
        message = f"paper id {paper.id!r} repeats the identical record{where}; stored once"
        return IngestNotice(paper.source, paper.location, message, "duplicate id (identical)")
    message = f"paper id {paper.id!r} was already read{where} with other content; this later record replaces it"
    return IngestNotice(paper.source, paper.location, message, "duplicate id (replaced)")


def _content(paper: Paper) -> str:
    return f"{paper.title}\x00{paper.abstract}\x00{paper.url}"


def _ingest(
    store: Store,
    read: Callable[[], Iterable[Paper | IngestError | IngestNotice]],
    source: str,
    extractor: Extractor | None,
    progress: Progress | None,
) -> IngestReport:
    """Learn from every text, then extract and write every paper in one transaction.

    ``read`` is called twice, once per pass, so a file is streamed rather than held in memory.
    """
    extractor = extractor or Extractor.default()
    report = IngestReport(source)
    extractor.learn(
        text for paper in _papers_and_errors(read(), IngestReport(source)) for text in (paper.title, paper.abstract)
    )
    seen: dict[str, tuple[str, str]] = {}
    with store.transaction():
        for paper in _papers_and_errors(read(), report):
            try:
                occurrences = paper_occurrences(paper, extractor)
            except Exception as err:  # a bug on one odd abstract must not cost the rest of the file
                message = f"extraction failed ({type(err).__name__}: {str(err)[:200]}); please report this record"
                report.errors.append(IngestError(paper.source, paper.location, message, "extraction failed"))
                continue
            if paper.id in seen:
                report.notices.append(_duplicate_notice(paper, seen[paper.id]))
            else:
                report.papers += 1
            seen[paper.id] = (paper.location, _content(paper))
            store.put_paper(paper, occurrences)
            if progress:
                progress(1)
        store.record_ingest(source, report.papers, len(report.errors))
    return report


def ingest_file(
    store: Store,
    path: str | Path,
    *,
    fmt: str | None = None,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
) -> IngestReport:
    """Read, extract and store one input file in a single transaction.

    The file is read twice: first so the extractor learns the names its patterns discover anywhere in
    it (a method named in one abstract is then found in all), then to extract and write, so memory stays
    flat however large the file is. ``source`` names the input in the report and the store (an upload's
    own file name rather than its temporary path); content over ``max_bytes`` (after gzip) is refused.
    """
    name = source or str(path)
    return _ingest(store, lambda: read_papers(path, fmt, source=name, max_bytes=max_bytes), name, extractor, progress)


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
    reported like a file's bad records. ``source`` names the batch in the store's ingest log. Each paper
    passes the same checks as a file's (:func:`graphapp.ingest.checked`): control characters, sizes, links.
    """
    records = list(checked(items))
    return _ingest(store, lambda: records, source, extractor, progress)
