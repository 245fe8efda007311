"""Run learning and extraction in worker processes or on a Dask cluster while the main process writes the store.

Both passes are pure CPU work on one paper at a time, so they spread over cores: the learning pass
surveys batches of papers in the workers and adds the surveys up here, in input order, which learns
exactly what one process would; the extraction pass extracts batches in the workers. SQLite has one
writer, so the store is written by the process that reads the file, batch by batch, in input order.
Either way the result is the same store as a single-process ingest. Only a few batches are in flight
at a time, so memory stays flat however large the input is.

>>> from extractors import Extractor
>>> from graphapp.store import Store
>>> from graphapp.pipeline import ingest_file
>>> with make_runner("local", workers=2) as runner, Store(":memory:") as store:
...     ingest_file(store, "data/seed/hf_trending_papers.txt", extractor=Extractor.default(), runner=runner).papers
88
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from extractors import Extractor
from extractors.entities import Survey
from graphapp.model import IngestError, Occurrence, Paper
from graphapp.pipeline import Extracted, extract_batch, extract_batches, survey_batch, survey_batches

ENGINES = ("local", "dask")


class SerialRunner:
    """Extraction in this process: the baseline, and what ``--workers 1`` uses."""

    def map(self, extractor: Extractor, batches: Iterable[list[Paper]]) -> Extracted:
        return extract_batches(extractor, batches)

    def survey(self, extractor: Extractor, batches: Iterable[list[Paper]]) -> Iterator[Survey]:
        return survey_batches(extractor, batches)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> SerialRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# The extractor of the current file in a worker process, installed once per worker (not sent per batch).
_worker_extractor: Extractor | None = None


def _install_extractor(extractor: Extractor) -> None:
    global _worker_extractor
    _worker_extractor = extractor


def _extract_in_worker(papers: list[Paper]) -> list[list[Occurrence] | IngestError]:
    assert _worker_extractor is not None, "the pool initializer installs the extractor"
    return extract_batch(_worker_extractor, papers)


def _survey_in_worker(papers: list[Paper]) -> Survey:
    assert _worker_extractor is not None, "the pool initializer installs the extractor"
    return survey_batch(_worker_extractor, papers)


def _in_order(submitted: Iterator[tuple[list[Paper], Any]], window: int, result: Callable[[Any], Any]) -> Extracted:
    """Keep at most ``window`` batches in flight and hand results back in the order batches came."""
    pending: deque[tuple[list[Paper], Any]] = deque()
    for item in submitted:
        pending.append(item)
        if len(pending) >= window:
            batch, handle = pending.popleft()
            yield batch, result(handle)
    while pending:
        batch, handle = pending.popleft()
        yield batch, result(handle)


class ProcessRunner:
    """Learning and extraction in ``workers`` processes on this machine (``--workers N``).

    Each pass over a file gets a fresh pool whose workers receive the extractor once, when they
    start: as it was before learning for the learning pass, with the names it learned for the
    extraction pass.
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.window = 2 * workers + 1

    def map(self, extractor: Extractor, batches: Iterable[list[Paper]]) -> Extracted:
        yield from self._run(extractor, _extract_in_worker, batches)

    def survey(self, extractor: Extractor, batches: Iterable[list[Paper]]) -> Iterator[Survey]:
        """The learning pass: each batch surveyed in a worker, the surveys handed back in order."""
        for _, survey in self._run(extractor, _survey_in_worker, batches):
            yield survey

    def _run(
        self, extractor: Extractor, work: Callable[[list[Paper]], Any], batches: Iterable[list[Paper]]
    ) -> Iterator:
        context = multiprocessing.get_context()
        with context.Pool(self.workers, initializer=_install_extractor, initargs=(extractor,)) as pool:
            submitted = ((batch, pool.apply_async(work, (batch,))) for batch in batches)
            yield from _in_order(submitted, self.window, lambda handle: handle.get())

    def close(self) -> None:
        """Pools live only as long as one file's :meth:`map`."""

    def __enter__(self) -> ProcessRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class DaskRunner:
    """Learning and extraction on a Dask cluster (``--engine dask``): the scheduler at ``scheduler``, or
    a local one.

    The extractor is sent to every worker once per pass over a file; batches of papers go out as
    tasks and their surveys (learning pass) or mentions (extraction pass) come back to this process,
    which learns once and writes the store. Workers need this project installed
    (the same ``extractors`` and ``graphapp`` code) but no access to the input file or the store.
    """

    def __init__(self, scheduler: str | None = None, *, workers: int = 2, processes: bool = True) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None
            )
            self.client = Client(self.cluster)
        cores = sum(self.client.nthreads().values()) or workers
        self.window = 2 * cores + 1

    def map(self, extractor: Extractor, batches: Iterable[list[Paper]]) -> Extracted:
        yield from self._run(extractor, extract_batch, batches)

    def survey(self, extractor: Extractor, batches: Iterable[list[Paper]]) -> Iterator[Survey]:
        """The learning pass: each batch surveyed on the cluster, the surveys handed back in order."""
        for _, survey in self._run(extractor, survey_batch, batches):
            yield survey

    def _run(
        self, extractor: Extractor, work: Callable[[Extractor, list[Paper]], Any], batches: Iterable[list[Paper]]
    ) -> Iterator:
        [shared] = self.client.scatter([extractor], broadcast=True, hash=False)
        try:
            submitted = ((batch, self.client.submit(work, shared, batch, pure=False)) for batch in batches)
            yield from _in_order(submitted, self.window, lambda future: future.result())
        finally:
            shared.release()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def make_runner(
    engine: str = "local", *, workers: int = 1, scheduler: str | None = None
) -> SerialRunner | ProcessRunner | DaskRunner:
    """The runner the CLI options ask for: ``local`` with 1 or N worker processes, or ``dask``.

    With ``dask`` and no ``scheduler`` address, a ``LocalCluster`` of ``workers`` processes is started.
    """
    if engine == "dask":
        return DaskRunner(scheduler, workers=max(workers, 1))
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if scheduler:
        raise ValueError("--scheduler needs --engine dask")
    return ProcessRunner(workers) if workers > 1 else SerialRunner()
