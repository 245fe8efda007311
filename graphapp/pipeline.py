"""Ingest: read a file, extract what each paper names, then write it all to the store in one short transaction."""

from __future__ import annotations

import errno
import functools
import hashlib
import itertools
import json
import pickle
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, TypeVar

from extractors import Extractor, Mention
from extractors.bulk import collector_paused
from extractors.entities import Survey
from extractors.links import canonical_url, url_kind
from graphapp.corrections import rules
from graphapp.evidence import Sentences
from graphapp.ingest import checked, read_papers
from graphapp.ingest.textio import display_name
from graphapp.model import IngestError, IngestNotice, Occurrence, Paper
from graphapp.store import Store, StoreError
from graphapp.textindex import update_text_index

RELATION_BY_ROLE = {"proposed": "proposes", "used": "uses", "mentioned": "mentions"}
RELATION_BY_TYPE = {"url": "links_to", "citation": "cites"}

Progress = Callable[[int], None]
T = TypeVar("T")
#: What a reader yields: papers, and the records it could not read or had to change.
Item = Paper | IngestError | IngestNotice
#: Papers extracted and written together: enough to amortise each SQL statement and each trip to a
#: worker, few enough that a batch in flight per worker costs only a few megabytes.
DEFAULT_BATCH_SIZE = 500


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


def _occurrence(mention: Mention, sentences: Sentences, field_name: str) -> Occurrence:
    first, last = sentences.bounds(mention.start, mention.end)
    return Occurrence(
        mention.type,
        mention.name,
        relation_for(mention),
        mention.text,
        sentences.quote(first, last, mention.start, mention.end),
        field_name,
        mention.start,
        mention.end,
        mention.role,
        mention.kind,
        mention.family,
        (first, last),
    )


def paper_occurrences(paper: Paper, extractor: Extractor) -> list[Occurrence]:
    """Every edge of one paper: what its title and abstract name, plus its metadata links."""
    in_title, in_abstract = extractor.extract_paper(paper.title, paper.abstract)
    title, abstract = Sentences(paper.title), Sentences(paper.abstract)
    found = [_occurrence(m, title, "title") for m in in_title]
    found += [_occurrence(m, abstract, "abstract") for m in in_abstract]
    found.extend(metadata_occurrences(paper))
    return found


@collector_paused()  # a batch's edges are many small objects that hold no reference cycles
def extract_batch(extractor: Extractor, papers: Sequence[Paper]) -> list[list[Occurrence] | IngestError]:
    """The edges of each paper of a batch: the unit of work a worker process or a Dask worker runs.

    A paper whose extraction fails gets an :class:`IngestError` in its place, so that a bug on one odd
    abstract costs only that record, wherever it runs.
    """
    results: list[list[Occurrence] | IngestError] = []
    for paper in papers:
        try:
            results.append(paper_occurrences(paper, extractor))
        except Exception as err:
            message = f"extraction failed ({type(err).__name__}: {str(err)[:200]}); please report this record"
            results.append(IngestError(paper.source, paper.location, message, "extraction failed"))
    return results


def survey_batch(extractor: Extractor, papers: Sequence[Paper], *, keep: bool = False) -> Survey:
    """What the titles and abstracts of a batch would teach the extractor: the unit of work of the
    learning pass, which worker processes or Dask workers run like :func:`extract_batch`.

    A paper whose survey fails is left out of it; the extraction pass then reports that record. With ``keep``,
    the process keeps each text's pattern pass for its own extraction of that text (see ``Extractor.survey``).
    """
    try:
        return extractor.survey((text for paper in papers for text in (paper.title, paper.abstract)), keep=keep)
    except Exception:
        found = Survey()  # survey the others one by one (surveys add up to the same), without that one
        for paper in papers:
            try:
                found.update(extractor.survey((paper.title, paper.abstract), keep=keep))
            except Exception:
                continue
        return found


#: A paper as the report needs it: id, source, location and a digest of its content (see :func:`_content`).
PaperKey = tuple[str, str, str, bytes]


@dataclass(frozen=True, slots=True)
class ExtractedBatch:
    """One batch's extraction as the writer needs it: what to report, in input order (each record that could not be
    read or extracted, each notice, and a key for each paper), and the papers with their edges, pickled and
    compressed (zlib level 1, about a quarter of the size) in the process that extracted them.

    The writer keeps those bytes in its spool as they are and unpickles them once, when it writes: papers and
    edges are pickled once on their way back from a worker, not unpickled there, pickled again into the spool and
    read back (a round trip that cost the writer about as much as the SQL it runs).
    """

    outcome: list[IngestError | IngestNotice | PaperKey]
    papers: int
    """Papers of the batch, those whose extraction failed included (what progress counts)."""
    packed: bytes

    def kept(self) -> list[tuple[Paper, list[Occurrence]]]:
        """The papers extracted, each with its edges, in input order."""
        return pickle.loads(zlib.decompress(self.packed))  # made by extract_items, in a process of this ingest


#: Each batch's extraction, batch by batch in input order.
Extracted = Iterator[ExtractedBatch]


class ExtractionRunner(Protocol):
    """Runs :func:`extract_batch` and :func:`survey_batch` over batches of items (iterating ``batches``,
    which reads the input, here or in a process of its own), and gives the results back in input order."""

    def map(self, extractor: Extractor, batches: Iterable[list[Item]]) -> Extracted: ...

    def survey(self, extractor: Extractor, batches: Iterable[list[Item]]) -> Iterator[Survey]: ...

    def run(
        self, extractor: Extractor, work: Callable[[Extractor, list[Item]], T], batches: Iterable[list[Item]]
    ) -> Iterator[T]: ...

    def learn_and_run(
        self, extractor: Extractor, work: Callable[[Extractor, list[Item]], T], batches: Iterable[list[Item]]
    ) -> Iterator[T]: ...


def papers_of(items: Iterable[Item]) -> list[Paper]:
    """The papers among a reader's items."""
    return [item for item in items if isinstance(item, Paper)]


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


@dataclass(frozen=True)
class Batches:
    """One pass over an input: ``read()`` cut into lists of ``size`` items, read by whichever process iterates
    it (a runner's reader process, so that the process writing the store does not also read and parse)."""

    read: Callable[[], Iterable[Item]]
    size: int = DEFAULT_BATCH_SIZE

    def __iter__(self) -> Iterator[list[Item]]:
        return batched(self.read(), self.size)


def extract_items(extractor: Extractor, items: list[Item]) -> ExtractedBatch:
    """A batch of items extracted, ready for the writer: the unit of work of the extraction pass."""
    papers = papers_of(items)
    results = iter(extract_batch(extractor, papers))
    outcome: list[IngestError | IngestNotice | PaperKey] = []
    kept = []
    for item in items:
        if not isinstance(item, Paper):
            outcome.append(item)
            continue
        result = next(results)
        if isinstance(result, IngestError):
            outcome.append(result)
            continue
        outcome.append((item.id, item.source, item.location, _content(item)))
        kept.append((item, result))
    packed = zlib.compress(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return ExtractedBatch(outcome, len(papers), packed)


def survey_items(extractor: Extractor, items: list[Item], *, keep: bool = False) -> Survey:
    """What the papers of a batch of items would teach the extractor: the unit of work of the learning pass."""
    return survey_batch(extractor, papers_of(items), keep=keep)


def extract_batches(extractor: Extractor, batches: Iterable[list[Item]]) -> Extracted:
    """Each batch with its edges, extracted in this process (what a runner does elsewhere)."""
    for items in batches:
        yield extract_items(extractor, items)


def survey_batches(extractor: Extractor, batches: Iterable[list[Item]]) -> Iterator[Survey]:
    """The survey of each batch, made in this process (what a runner does elsewhere)."""
    for items in batches:
        yield survey_items(extractor, items)


def learn_corpus(extractor: Extractor, batches: Iterable[list[Item]], runner: ExtractionRunner | None = None) -> int:
    """Teach the extractor the names the papers introduce; returns how many are new.

    The batches are surveyed here or by ``runner`` and the surveys added up in input order, which
    learns exactly what ``extractor.learn`` over every title and abstract in order would.
    """
    total = Survey()
    for part in (runner.survey if runner else survey_batches)(extractor, batches):
        total.update(part)
    return extractor.learn_from(total)


def prediction_line(paper: Paper, found: Iterable[Occurrence]) -> str:
    """One paper's entities as a JSON line, in the format ``../shared/tools/score_extraction.py`` reads."""
    entities = [
        {
            "type": occ.entity_type,
            "name": occ.name,
            "text": occ.surface,
            "start": occ.start,
            "end": occ.end,
            "field": occ.field,
            **{key: value for key in ("kind", "role", "family") if (value := getattr(occ, key))},
        }
        for occ in found
    ]
    return json.dumps({"id": paper.id, "entities": entities}, ensure_ascii=False) + "\n"


#: What ``graphapp extract`` gets for each item read, in input order: a paper's JSON line, or the record it could not
#: read or extract (an :class:`IngestError`), or a change the reader made (an :class:`IngestNotice`).
Prediction = str | IngestError | IngestNotice


def predict_items(extractor: Extractor, items: list[Item]) -> list[Prediction]:
    """The unit of work of ``graphapp extract``: each paper of a batch as its JSON line (made where it was extracted,
    so that only text comes back from a worker), each other item as it is."""
    papers = papers_of(items)
    results = iter(extract_batch(extractor, papers))
    predictions: list[Prediction] = []
    for item in items:
        if not isinstance(item, Paper):
            predictions.append(item)
            continue
        found = next(results)
        predictions.append(found if isinstance(found, IngestError) else prediction_line(item, found))
    return predictions


def predict_all(
    extractor: Extractor, batches: Iterable[list[Item]], runner: ExtractionRunner
) -> Iterator[list[Prediction]]:
    """What ``graphapp extract`` writes, batch by batch in input order: the extractor learns from every paper (one pass
    over ``batches``), then extracts them (a second pass), both passes run by ``runner`` (in this process or in
    worker processes: the same lines either way)."""
    return runner.learn_and_run(extractor, predict_items, batches)


def _duplicate_notice(paper: PaperKey, first: tuple[str, bytes]) -> IngestNotice:
    """Say where a repeated id was first read, and whether the repeat changes anything."""
    paper_id, source, location, content = paper
    first_location, first_content = first
    where = f" at {first_location}" if first_location else ""
    if first_content == content:
        message = f"paper id {paper_id!r} repeats the identical record{where}; stored once"
        return IngestNotice(source, location, message, "duplicate id (identical)")
    message = f"paper id {paper_id!r} was already read{where} with other content; this later record replaces it"
    return IngestNotice(source, location, message, "duplicate id (replaced)")


def _content(paper: Paper) -> bytes:
    """A digest of what a record says, so that a million papers' repeats are found without keeping their text."""
    text = f"{paper.title}\x00{paper.abstract}\x00{paper.url}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _ingest(
    store: Store,
    read: Callable[[], Iterable[Item]],
    source: str,
    extractor: Extractor | None,
    progress: Progress | None,
    runner: ExtractionRunner | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> IngestReport:
    """Learn from every text, extract every paper, then write them all in one short transaction.

    ``read`` is called twice, once per pass, so a file is streamed rather than held in memory; with a
    runner of worker processes it is called in a reader process, and this one only learns and writes. The
    extracted batches wait in a temporary spool file, not in memory and not in the store: the store's write lock
    is taken only once extraction is done, for as long as writing takes (seconds for 20k papers, where extraction
    takes a minute), so another ingest, an upload or a fetch waits seconds, not minutes.
    """
    extractor = extractor or Extractor.default()
    report = IngestReport(source)
    learn_corpus(extractor, Batches(read, batch_size), runner)
    extracted = (runner.map if runner else extract_batches)(extractor, Batches(read, batch_size))
    seen: dict[str, tuple[str, bytes]] = {}
    corrected = rules(store)  # the user's merges, renames and rejections apply to new papers too
    with tempfile.TemporaryFile(prefix="pge-ingest-") as spool:
        try:
            # Each batch's papers and edges as the extracting process packed them: about 1 MB per 1,000 papers.
            for batch in extracted:
                for entry in batch.outcome:
                    if isinstance(entry, IngestError):
                        report.errors.append(entry)
                        continue
                    if isinstance(entry, IngestNotice):
                        report.notices.append(entry)
                        continue
                    paper_id, _, location, content = entry
                    if paper_id in seen:
                        report.notices.append(_duplicate_notice(entry, seen[paper_id]))
                    else:
                        report.papers += 1
                    seen[paper_id] = (location, content)
                spool.write(len(batch.packed).to_bytes(8, "little"))
                spool.write(batch.packed)
                if progress:
                    progress(batch.papers)
        except OSError as error:
            if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            raise StoreError(
                f"{source}: no room in {tempfile.gettempdir()} for the extracted papers waiting to be written "
                f"({error.strerror}); nothing was stored: free some space there, or set TMPDIR to a roomier folder"
            ) from error
        spool.seek(0)
        with store.transaction():
            for kept in _spooled(spool):
                store.put_papers(corrected.apply_all(kept))
            if seen:
                update_text_index(store, list(seen))
            store.record_ingest(source, report.papers, len(report.errors))
    return report


def _spooled(spool: BinaryIO) -> Iterator[list[tuple[Paper, list[Occurrence]]]]:
    """The batches :func:`_ingest` wrote to its spool, each as :meth:`ExtractedBatch.kept` gives it."""
    while size := int.from_bytes(spool.read(8), "little"):
        yield ExtractedBatch([], 0, spool.read(size)).kept()


def ingest_file(
    store: Store,
    path: str | Path,
    *,
    fmt: str | None = None,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
    runner: ExtractionRunner | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> IngestReport:
    """Read, extract and store one input file in a single transaction.

    The file is read twice: first so the extractor learns the names its patterns discover anywhere in
    it (a method named in one abstract is then found in all), then to extract and write batch by batch,
    so memory stays flat however large the file is. ``source`` names the input in the report and the
    store (an upload's own file name rather than its temporary path); content over ``max_bytes`` (after
    gzip) is refused. ``runner`` (see :mod:`graphapp.parallel`) spreads the extraction over worker
    processes or a Dask cluster; the store is always written here, in order.
    """
    name = display_name(source or path)
    return _ingest(
        store,
        functools.partial(read_papers, path, fmt, source=name, max_bytes=max_bytes),
        name,
        extractor,
        progress,
        runner,
        batch_size,
    )


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
