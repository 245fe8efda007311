"""Run extraction in worker processes or on a Dask cluster while the main process writes the store.

Extraction is pure CPU work on one paper at a time, so it spreads over cores; SQLite has one writer,
so the store is written by the process that reads the file, batch by batch, in input order. Either
way the result is the same store as a single-process ingest. Only a few batches are in flight at a
time, so memory stays flat however large the input is.

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
from graphapp.model import IngestError, Occurrence, Paper
from graphapp.pipeline import Extracted, extract_batch, extract_batches

ENGINES = ("local", "dask")


class SerialRunner:
    """Extraction in this process: the baseline, and what ``--workers 1`` uses."""

    def map(self, extractor: Extractor, batches: Iterable[list[Paper]]) -> Extracted:
        return extract_batches(extractor, batches)

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
    """Extraction in ``workers`` processes on this machine (``--workers N``).

    Each file gets a fresh pool whose workers receive that file's extractor (with the names it
    learned) once, when they start.
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.window = 2 * workers + 1

    def map(self, extractor: Extractor, batches: Iterable[list[Paper]]) -> Extracted:
        context = multiprocessing.get_context()
        with context.Pool(self.workers, initializer=_install_extractor, initargs=(extractor,)) as pool:
            submitted = ((batch, pool.apply_async(_extract_in_worker, (batch,))) for batch in batches)
            yield from _in_order(submitted, self.window, lambda handle: handle.get())

    def close(self) -> None:
        """Pools live only as long as one file's :meth:`map`."""

    def __enter__(self) -> ProcessRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class DaskRunner:
    """Extraction on a Dask cluster (``--engine dask``): the scheduler at ``scheduler``, or a local one.

    The extractor is sent to every worker once per file; batches of papers go out as tasks and their
    mentions come back to this process, which writes the store. Workers need this project installed
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
        [shared] = self.client.scatter([extractor], broadcast=True, hash=False)
        try:
            submitted = ((batch, self.client.submit(extract_batch, shared, batch, pure=False)) for batch in batches)
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
