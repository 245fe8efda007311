"""Run reading, learning and extraction in worker processes or on a Dask cluster while the main process writes.

Both passes are pure CPU work on one paper at a time, so they spread over cores: the learning pass
surveys batches of papers in the workers and adds the surveys up here, in input order, which learns
exactly what one process would; the extraction pass extracts batches, with their evidence sentences, in
the workers. SQLite has one writer, so the main process writes the store, batch by batch, in input order.
With local worker processes the input is also read and parsed in a process of its own, so the main
process only learns once per file and writes; a Dask cluster's workers need no access to the file, so
there the main process reads it. Either way the result is the same store as a single-process ingest.
Only a few batches are in flight at a time, so memory stays flat however large the input is.

>>> from extractors import Extractor
>>> from graphapp.store import Store
>>> from graphapp.pipeline import ingest_file
>>> with make_runner("local", workers=2) as runner, Store(":memory:") as store:
...     ingest_file(store, "data/seed/hf_trending_papers.txt", extractor=Extractor.default(), runner=runner).papers
88
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from extractors import Extractor
from extractors.entities import Survey
from graphapp.pipeline import (
    Extracted,
    Item,
    extract_batches,
    extract_items,
    survey_batches,
    survey_items,
)

ENGINES = ("local", "dask")
T = TypeVar("T")


class SerialRunner:
    """Extraction in this process: the baseline, and what ``--workers 1`` uses."""

    def map(self, extractor: Extractor, batches: Iterable[list[Item]]) -> Extracted:
        return extract_batches(extractor, batches)

    def survey(self, extractor: Extractor, batches: Iterable[list[Item]]) -> Iterator[Survey]:
        return survey_batches(extractor, batches)

    def run(
        self, extractor: Extractor, work: Callable[[Extractor, list[Item]], T], batches: Iterable[list[Item]]
    ) -> Iterator[T]:
        """``work`` on each batch, in order (``graphapp extract`` runs :func:`~graphapp.pipeline.predict_items`)."""
        for items in batches:
            yield work(extractor, items)

    def learn_and_run(
        self, extractor: Extractor, work: Callable[[Extractor, list[Item]], T], batches: Iterable[list[Item]]
    ) -> Iterator[T]:
        """The extractor learns from every batch (keeping each text's pattern pass for its second pass, a third
        of extraction's work), then ``work`` runs on each batch, in order."""
        total = Survey()
        for items in batches:
            total.update(survey_items(extractor, items, keep=True))
        extractor.learn_from(total)
        yield from self.run(extractor, work, batches)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> SerialRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


#: Messages on the results queue besides batch results (whose tag is the batch's index, from 0).
_FAILED, _READ_ALL = -1, -2
#: Seconds between checks that the reader and the workers are still alive while waiting for a result.
_POLL = 1.0


def _read(batches: Iterable[list[Item]], queues: list[Any], results: Any, slots: Any) -> None:
    """The reader process: batch ``i`` to ``queues[i % len(queues)]``, once a slot is free; then one stop on each
    queue (one queue per worker, or one queue all workers share, listed once per worker)."""
    count = 0
    try:
        for items in batches:
            slots.acquire()
            queues[count % len(queues)].put((count, items))
            count += 1
        results.put((_READ_ALL, count))
    except BaseException:
        results.put((_FAILED, f"reading failed:\n{traceback.format_exc()}"))
    finally:
        for tasks in queues:
            tasks.put(None)


def _work(extractor: Extractor, work: Callable[[Extractor, list[Item]], Any], tasks: Any, results: Any) -> None:
    """A worker process: the unit of work on each batch, until the reader says stop."""
    while (task := tasks.get()) is not None:
        index, items = task
        try:
            results.put((index, work(extractor, items)))
        except BaseException:
            results.put((_FAILED, f"a worker failed:\n{traceback.format_exc()}"))
            return


def _learn_and_work(
    extractor: Extractor, work: Callable[[Extractor, list[Item]], Any], tasks: Any, lessons: Any, results: Any
) -> None:
    """A worker of both passes (:meth:`ProcessRunner.learn_and_run`): surveys its batches, keeping their pattern
    passes; learns the sum of every worker's surveys, which the main process sends on ``lessons``; then works on
    its batches of the second pass."""
    while (task := tasks.get()) is not None:
        index, items = task
        try:
            results.put((index, survey_items(extractor, items, keep=True)))
        except BaseException:
            results.put((_FAILED, f"a worker failed:\n{traceback.format_exc()}"))
            return
    try:
        extractor.learn_from(lessons.get())
    except BaseException:
        results.put((_FAILED, f"a worker failed to learn:\n{traceback.format_exc()}"))
        return
    _work(extractor, work, tasks, results)


class ProcessRunner:
    """Reading, learning and extraction in processes on this machine (``--workers N``).

    Each pass over a file starts one reader process, which reads and parses the input and cuts it
    into batches, and ``workers`` processes, which receive the extractor once, when they start (as it
    was before learning for the learning pass, with the names it learned for the extraction pass),
    then survey or extract batch after batch. Results come back to the main process, which puts them
    in input order. At most ``2 * workers + 1`` batches are read and not yet handed back.
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.window = 2 * workers + 1

    def map(self, extractor: Extractor, batches: Iterable[list[Item]]) -> Extracted:
        yield from self.run(extractor, extract_items, batches)

    def survey(self, extractor: Extractor, batches: Iterable[list[Item]]) -> Iterator[Survey]:
        """The learning pass: each batch surveyed in a worker, the surveys handed back in order."""
        yield from self.run(extractor, survey_items, batches)

    def run(
        self, extractor: Extractor, work: Callable[[Extractor, list[Item]], T], batches: Iterable[list[Item]]
    ) -> Iterator[T]:
        """``work`` (a module-level function) on each batch in a worker, the results handed back in input order."""
        context = multiprocessing.get_context()
        tasks, results, slots = context.Queue(), context.Queue(), context.Semaphore(self.window)
        workers = [
            context.Process(target=_work, args=(extractor, work, tasks, results), daemon=True)
            for _ in range(self.workers)
        ]
        reader = context.Process(target=_read, args=(batches, [tasks] * self.workers, results, slots), daemon=True)
        processes = [reader, *workers]
        with _running(processes, [tasks, results]):
            yield from _in_input_order(results, slots, processes)

    def learn_and_run(
        self, extractor: Extractor, work: Callable[[Extractor, list[Item]], T], batches: Iterable[list[Item]]
    ) -> Iterator[T]:
        """Both passes on the same ``workers`` processes: they survey the batches; the main process adds their
        surveys up in input order and sends the sum to each, which learns from it what one process would; then
        ``work`` runs on each batch, the results handed back in input order (what ``graphapp extract --workers N``
        runs). Batch ``i`` goes to worker ``i % workers`` in both passes, so the pattern passes a worker kept while
        surveying serve its own second pass over the same papers (a third of extraction's work). The extractor
        given is not changed: its copies in the workers learn."""
        context = multiprocessing.get_context()
        queues = [context.Queue() for _ in range(self.workers)]
        lessons, results, slots = context.Queue(), context.Queue(), context.Semaphore(self.window)
        workers = [
            context.Process(target=_learn_and_work, args=(extractor, work, tasks, lessons, results), daemon=True)
            for tasks in queues
        ]
        first, second = (
            context.Process(target=_read, args=(batches, queues, results, slots), daemon=True) for _ in range(2)
        )
        with _running([*workers, first], [*queues, lessons, results]):
            total = Survey()
            for survey in _in_input_order(results, slots, [*workers, first]):
                total.update(survey)
            first.join()  # its stops are in the queues before the second reader puts anything there
            for _ in workers:
                lessons.put(total)
            with _running([second], []):
                yield from _in_input_order(results, slots, [*workers, second])

    def close(self) -> None:
        """Processes live only as long as one pass over a file."""

    def __enter__(self) -> ProcessRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@contextlib.contextmanager
def _running(processes: list[Any], channels: list[Any]) -> Iterator[None]:
    """Start ``processes``; on the way out, wait for them (ending any still running: an error or a stop came
    first) and close ``channels``."""
    for process in processes:
        process.start()
    try:
        yield
        for process in processes:
            process.join()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for channel in channels:
            channel.close()
            channel.cancel_join_thread()


def _in_input_order(results: Any, slots: Any, processes: list[Any]) -> Iterator:
    """The batch results from the queue, in batch order; each one handed back frees a slot for the reader.
    A failure message, or a process that died (killed, out of memory), is raised here."""
    waiting: dict[int, Any] = {}
    next_index, total = 0, None
    while total is None or next_index < total:
        try:
            tag, payload = results.get(timeout=_POLL)
        except queue.Empty:
            dead = [process for process in processes if process.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(f"an ingest process died (exit code {dead[0].exitcode})") from None
            continue
        if tag == _FAILED:
            raise RuntimeError(payload)
        if tag == _READ_ALL:
            total = payload
            continue
        waiting[tag] = payload
        while next_index in waiting:
            yield waiting.pop(next_index)
            next_index += 1
            slots.release()


def _in_order(
    submitted: Iterator[tuple[list[Item], Any]], window: int, result: Callable[[Any], Any]
) -> Iterator[tuple[list[Item], Any]]:
    """Keep at most ``window`` batches in flight and hand results back in the order batches came."""
    pending: deque[tuple[list[Item], Any]] = deque()
    for item in submitted:
        pending.append(item)
        if len(pending) >= window:
            batch, handle = pending.popleft()
            yield batch, result(handle)
    while pending:
        batch, handle = pending.popleft()
        yield batch, result(handle)


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

    def map(self, extractor: Extractor, batches: Iterable[list[Item]]) -> Extracted:
        yield from self.run(extractor, extract_items, batches)

    def survey(self, extractor: Extractor, batches: Iterable[list[Item]]) -> Iterator[Survey]:
        """The learning pass: each batch surveyed on the cluster, the surveys handed back in order."""
        yield from self.run(extractor, survey_items, batches)

    def run(
        self, extractor: Extractor, work: Callable[[Extractor, list[Item]], T], batches: Iterable[list[Item]]
    ) -> Iterator[T]:
        """``work`` (a module-level function) on each batch on the cluster, the results handed back in input order."""
        [shared] = self.client.scatter([extractor], broadcast=True, hash=False)
        try:
            submitted = ((items, self.client.submit(work, shared, items, pure=False)) for items in batches)
            for _, result in _in_order(submitted, self.window, lambda future: future.result()):
                yield result
        finally:
            shared.release()

    def learn_and_run(
        self, extractor: Extractor, work: Callable[[Extractor, list[Item]], T], batches: Iterable[list[Item]]
    ) -> Iterator[T]:
        """The cluster surveys every batch, this process learns the sum, then ``work`` runs on each batch."""
        total = Survey()
        for survey in self.survey(extractor, batches):
            total.update(survey)
        extractor.learn_from(total)
        yield from self.run(extractor, work, batches)

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
