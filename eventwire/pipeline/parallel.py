"""Extraction on several cores: ``run_parallel`` is ``Extractor.run`` spread over worker processes.

Design:

- ``workers=1`` runs ``Extractor.run`` in this process; nothing else below applies.
- Each worker is a process started with the ``spawn`` method (safe with threads, the same on
  every platform). It builds one ``Extractor`` (model, tables, gazetteer) when it starts, says it
  is ready, then extracts chunks of articles until it is told to stop.
- The parent reads articles lazily, sends them in chunks of ``chunk_size`` through one task
  queue, and keeps at most ``ahead × workers`` chunks outstanding: at most
  ``max_in_flight(workers, chunk_size, ahead)`` articles have been read and not yet yielded, so
  memory stays flat however long the input is.
- Each chunk comes back as one message of ``DocResult`` records (frozen dataclasses, pickled);
  chunks that finish early wait in a reorder buffer (bounded by the outstanding count), so
  results come out in input order.
- A failure in a worker is pinned to its article: the worker extracts the failed chunk again one
  article at a time, and the parent raises ``EventwireError`` naming the article, with the
  worker's traceback as the cause. A worker that dies (killed, out of memory) raises
  ``EventwireError`` naming the articles it held.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import traceback
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.process import BaseProcess
from typing import Any, Self

from .. import errors
from ..errors import EventwireError, UsageError
from ..options import Options
from ..records import Article, DocResult

log = logging.getLogger(__name__)

DEFAULT_CHUNK = 16
"""Articles per message to a worker: large enough that pickling is noise, small enough that
the two workers stay evenly loaded."""
DEFAULT_AHEAD = 2
"""Chunks outstanding per worker: one being extracted, one waiting for it."""
START_TIMEOUT = 300.0
"""Seconds a worker may take to load the model before the run gives up."""
POLL_SECONDS = 0.5
"""How often the parent checks that its workers are alive while it waits."""


def max_in_flight(workers: int, chunk_size: int = DEFAULT_CHUNK,
                  ahead: int = DEFAULT_AHEAD) -> int:
    """The most articles read from the input and not yet yielded, at any moment."""
    return (ahead * workers + 1) * chunk_size


def run_parallel(articles: Iterable[Article], options: Options, workers: int, *,
                 chunk_size: int = DEFAULT_CHUNK,
                 ahead: int = DEFAULT_AHEAD) -> Iterator[DocResult]:
    """One ``DocResult`` per article, in input order, extracted by ``workers`` processes.

    ``workers=1`` is ``Extractor(options).run(articles)`` in this process.
    """
    if workers < 1:
        raise UsageError(f"--workers: {workers} must be at least 1")
    if workers == 1:
        from . import Extractor

        yield from Extractor(options).run(articles)
        return
    with ParallelExtractor(options, workers, chunk_size=chunk_size, ahead=ahead) as pool:
        yield from pool.run(articles)


class ParallelExtractor:
    """A pool of worker processes, each holding its own ``Extractor``.

    ``start()`` (called by ``run`` if need be) returns once every worker has loaded the model,
    so a caller can time the model load apart from the extraction. Use it as a context manager,
    or call ``close()``; ``run`` may be called again on the same pool.
    """

    def __init__(self, options: Options, workers: int, *, chunk_size: int = DEFAULT_CHUNK,
                 ahead: int = DEFAULT_AHEAD) -> None:
        if workers < 2:
            raise UsageError(f"a worker pool needs at least 2 workers, not {workers}; "
                             "use Extractor.run for one")
        if chunk_size < 1 or ahead < 1:
            raise UsageError(f"chunk size {chunk_size} and look-ahead {ahead} must be at least 1")
        self.options = options
        self.workers = workers
        self.chunk_size = chunk_size
        self.ahead = ahead
        self._ctx = mp.get_context("spawn")
        self._tasks: Any = None
        self._results: Any = None
        self._procs: list[BaseProcess] = []
        self._next_seq = 0

    # ---- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers and wait until each has built its Extractor."""
        if self._procs:
            return
        self._tasks = self._ctx.Queue()
        self._results = self._ctx.Queue()
        for i in range(self.workers):
            proc = self._ctx.Process(target=_worker_main, name=f"eventwire-worker-{i + 1}",
                                     args=(self.options, self._tasks, self._results),
                                     daemon=True)
            proc.start()
            self._procs.append(proc)
        ready = 0
        while ready < self.workers:
            kind, _, payload = self._receive({}, timeout=START_TIMEOUT)
            if kind == "ready":
                ready += 1
            elif kind == "start-error":
                name, message, tb = payload
                self.close(now=True)
                raise _error_class(name)(message) from _WorkerTraceback(tb)
        log.debug("%d extraction workers ready", self.workers)

    def close(self, *, now: bool = False) -> None:
        """Stop the workers: when they are idle, or ``now`` (mid-chunk) if asked to."""
        procs, self._procs = self._procs, []
        if not procs:
            return
        if not now:
            for _ in procs:
                self._tasks.put(None)
        for proc in procs:
            if not now:
                proc.join(timeout=5.0)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5.0)
        for q in (self._tasks, self._results):
            q.close()
            q.cancel_join_thread()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- extraction -----------------------------------------------------------------------------

    def run(self, articles: Iterable[Article]) -> Iterator[DocResult]:
        """Extract ``articles`` on the workers; results in input order, memory bounded."""
        self.start()
        source = iter(articles)
        held: dict[int, tuple[str, ...]] = {}
        """Outstanding chunk → ids of its articles (to name them if a worker dies)."""
        done: dict[int, list[DocResult]] = {}
        first = want = self._next_seq
        limit = self.ahead * self.workers

        def submit() -> bool:
            chunk = list(islice(source, self.chunk_size))
            if not chunk:
                return False
            seq = self._next_seq
            self._next_seq += 1
            held[seq] = tuple(a.doc_id for a in chunk)
            self._tasks.put((seq, chunk))
            return True

        try:
            while len(held) < limit and submit():
                pass
            while want < self._next_seq:
                while want not in done:
                    kind, seq, payload = self._receive(held)
                    if kind == "error":
                        doc_id, origin, message, tb = payload
                        where = f"{origin} ({doc_id})" if origin and origin != doc_id else doc_id
                        raise EventwireError(
                            f"{where}: extraction failed in a worker process: {message}; run "
                            "it alone with 'eventwire extract' to see it, and report it with "
                            "the article if it persists") from _WorkerTraceback(tb)
                    done[seq] = payload
                results = done.pop(want)
                held.pop(want, None)
                want += 1
                if len(held) < limit:
                    submit()
                yield from results
        except BaseException:
            # an error, or the caller stopped early: chunks still being extracted belong to
            # this run, so the workers are stopped at once (the next run starts a fresh pool)
            self.close(now=True)
            raise
        log.debug("extracted %d chunks on %d workers", want - first, self.workers)

    def _receive(self, held: dict[int, tuple[str, ...]],
                 timeout: float | None = None) -> tuple[str, int, Any]:
        """The next message from a worker; raises if a worker died while we wait."""
        waited = 0.0
        while True:
            try:
                kind, seq, payload = self._results.get(timeout=POLL_SECONDS)
                return kind, seq, payload
            except queue.Empty:
                pass
            waited += POLL_SECONDS
            dead = [p for p in self._procs if not p.is_alive()]
            if dead or (timeout is not None and waited >= timeout):
                ids = [doc_id for chunk in held.values() for doc_id in chunk]
                shown = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
                what = (f"worker process {dead[0].name} exited with code {dead[0].exitcode}"
                        if dead else f"no worker answered in {timeout:.0f} s")
                self.close(now=True)
                raise EventwireError(
                    f"{what} while extracting {shown or 'nothing'}; it may have run out of "
                    "memory: try fewer workers, or run those articles with --workers 1")


class _WorkerTraceback(Exception):
    """The traceback of a worker process, attached as the cause of the error it led to."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return "\n\n" + self.text


def _error_class(name: str) -> type[EventwireError]:
    """The eventwire exception class called ``name`` (``EventwireError`` if it is not one)."""
    cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, EventwireError) and cls is not errors.InputError:
        return cls
    return EventwireError


def _worker_main(options: Options, tasks: Any, results: Any) -> None:
    """A worker process: build the Extractor, then extract chunks until ``None`` arrives."""
    try:
        from . import Extractor

        extractor = Extractor(options)
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        results.put(("start-error", -1, (type(exc).__name__, f"a worker could not start: {exc}",
                                         traceback.format_exc())))
        return
    results.put(("ready", -1, os.getpid()))
    while True:
        task = tasks.get()
        if task is None:
            return
        seq, chunk = task
        try:
            results.put(("done", seq, list(extractor.run(chunk))))
        except Exception:  # noqa: BLE001 - any failure is pinned to its article and reported
            results.put(_pin_failure(extractor, seq, chunk))


def _pin_failure(extractor: Any, seq: int, chunk: list[Article]) -> tuple[str, int, Any]:
    """Extract a failed chunk one article at a time: the first that fails is named; if none
    does alone, the chunk's results are good after all."""
    out: list[DocResult] = []
    for article in chunk:
        try:
            out.append(extractor.document(article))
        except Exception as exc:  # noqa: BLE001 - reported to the parent with the article
            message = f"{type(exc).__name__}: {exc}"
            return ("error", seq, (article.doc_id, article.origin, message,
                                   traceback.format_exc()))
    return ("done", seq, out)
