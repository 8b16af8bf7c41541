"""Extraction on a Dask cluster: ``ClusterExtractor.run`` is ``Extractor.run`` over partitions.

1. connect   ``--cluster local:N`` starts a ``LocalCluster`` of N worker processes with one
             thread each, a memory limit each and ``OMP_NUM_THREADS=1`` (and its friends) in
             their environment; ``--cluster tcp://HOST:8786`` connects to a running scheduler.
             Without the ``[scale]`` extra, or with a scheduler that does not answer, the run
             stops with an ``EventwireError`` that says what to do.
2. load      ``plugin.ExtractorPlugin``, a worker plugin, builds one ``Extractor`` (model, tables,
             gazetteer) on each worker as it joins, a worker restarted after a crash included.
3. partition the driver splits the articles it is given into partitions of plain ``Article``
             records: ``partitions=N`` reads them all and cuts exactly N (contiguous, sizes
             differing by at most one); otherwise partitions of ``partition_size`` articles are
             cut as the input streams, at most ``ahead`` per worker outstanding, so the
             driver's memory stays flat. No spaCy ``Doc`` ever leaves a worker.
4. extract   ``extract_partition`` runs on a worker and returns ``DocResult`` records (frozen
             dataclasses) with the worker's address. A task whose worker dies is run again on
             another worker by the scheduler (at-least-once execution); a task that raises is
             retried ``retries`` times, then the run fails naming the partition's articles.
5. reorder   results are yielded in input order, whatever order partitions finish in, so the
             ingest driver settles (deduplicates and stores) exactly as in one process: the
             database cannot tell which executor filled it.

``progress`` (partitions done, partitions total so far, articles done, seconds) is called on the
driver as partitions finish; the command line renders it.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Self

from ..errors import EventwireError, UsageError
from ..options import Options
from ..records import Article, DocResult
from .settings import PLUGIN_NAME, SINGLE_THREAD_ENV

log = logging.getLogger(__name__)

DEFAULT_PARTITION_SIZE = 16
"""Articles per partition when no partition count is given: a few seconds of one worker's
time, so that a lost worker costs little, the last partitions leave few workers idle, and the
scheduler's overhead (ms per task) is noise."""
DEFAULT_AHEAD = 4
"""Partitions outstanding per worker when streaming: enough that a long article at the head
of the input order (whose partition must finish before later ones are handed on) does not
leave the other workers without work."""
DEFAULT_MEMORY = "3GiB"
"""Memory limit per worker: the model, tables and gazetteer take ~0.5 GB; a partition of long
articles a few hundred MB more. Past 95 % of it the worker's nanny restarts the worker."""
CONNECT_TIMEOUT = "10s"
WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "500ms",
}
"""Dask settings for ``local:N`` (scheduler, nannies and workers): the statistical profiler,
which walks the stack of the running task every 10 ms holding the GIL, costs ~40 % of
extraction (spaCy's stacks are deep). The event-loop health tick (every 20 ms), the system
monitor (500 ms) and the memory monitor (100 ms) wake every event loop, the driver's and each
worker's, whether there is work or not: measured idle on this machine, 0.77 s of CPU per 20 s
in the driver and 0.40 s in each worker with Dask's defaults, 0.17 s and 0.08 s with these
(the tick alone is half of it). On a loaded machine a run lasts longer, so that background
cost per article grows: it was most of the cluster's extra CPU per article over
``--workers 2``. The tick only warns about a blocked event loop, the system monitor feeds
the dashboard; the memory limit is checked twice a second. docs/scaling.md gives the same
settings for real clusters."""

Progress = Callable[["ClusterProgress"], None]
Hook = Callable[[int, Sequence[str]], None]
"""Called on the worker before a partition is extracted, with its index and doc ids (tests
use it to kill a worker on its first attempt at a partition)."""


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    """A parsed ``--cluster`` value: ``local:N`` or a scheduler address."""

    local_workers: int | None = None
    address: str | None = None

    def __str__(self) -> str:
        return f"local:{self.local_workers}" if self.local_workers else str(self.address)


def parse_cluster(value: str) -> ClusterSpec:
    """``local:N`` (N ≥ 1 worker processes here) or ``tcp://HOST:PORT`` (a running scheduler)."""
    value = value.strip()
    if value.startswith("local:"):
        n = value.removeprefix("local:")
        if not n.isdigit() or int(n) < 1:
            raise UsageError(f"--cluster {value!r}: write local:N with N at least 1 worker, "
                             "e.g. local:4")
        return ClusterSpec(local_workers=int(n))
    if value.startswith(("tcp://", "tls://")) and len(value.split("://", 1)[1]) > 0:
        return ClusterSpec(address=value)
    raise UsageError(f"--cluster {value!r}: write local:N (N worker processes on this machine) "
                     "or the scheduler's address, tcp://HOST:8786")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EventwireError(
            "--cluster needs Dask, which is not installed: pip install 'eventwire[scale]' "
            "(dask and distributed)") from None
    return distributed


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What a worker sends back: plain records and where they were made."""

    index: int
    results: tuple[DocResult, ...]
    worker: str
    pid: int
    seconds: float


def extract_partition(index: int, articles: Sequence[Article],
                      hook: Hook | None = None) -> PartitionResult:
    """Run on a worker: extract one partition with the worker's ``Extractor``."""
    from distributed import get_worker

    worker = get_worker()
    plugin: Any = worker.plugins.get(PLUGIN_NAME)
    if plugin is None or plugin.extractor is None:
        raise EventwireError(f"worker {worker.address} has no eventwire extractor; the "
                             "ExtractorPlugin was not registered")
    if hook is not None:
        hook(index, [a.doc_id for a in articles])
    started = time.perf_counter()
    with plugin.lock:
        results = tuple(plugin.extractor.run(articles))
    return PartitionResult(index, results, worker.address, os.getpid(),
                           time.perf_counter() - started)


@dataclass(frozen=True, slots=True)
class ClusterProgress:
    partitions_done: int
    partitions_total: int
    """Partitions cut so far (the final count once the input is exhausted)."""
    articles_done: int
    seconds: float
    final: bool = False
    """True once every partition is cut (``partitions_total`` is then the total)."""

    @property
    def articles_per_second(self) -> float:
        return self.articles_done / self.seconds if self.seconds > 0 else 0.0


@dataclass(slots=True)
class RunLog:
    """Where each partition of the latest run ran: for tests and the benchmark."""

    placements: dict[int, str] = field(default_factory=dict)
    """Partition index → the worker whose result was used."""
    doc_ids: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """Partition index → the doc ids it held, in order."""
    pids: dict[int, int] = field(default_factory=dict)
    """Partition index → the process id of the worker whose result was used."""
    worker_seconds: dict[int, float] = field(default_factory=dict)


class ClusterExtractor:
    """Extraction spread over a Dask cluster; use it as a context manager.

    ``start()`` connects (or starts the local cluster) and returns once every worker present
    has built its extractor.
    """

    def __init__(self, options: Options, cluster: str | ClusterSpec, *,
                 partitions: int | None = None,
                 partition_size: int = DEFAULT_PARTITION_SIZE, ahead: int = DEFAULT_AHEAD,
                 memory_limit: str = DEFAULT_MEMORY, retries: int = 2,
                 progress: Progress | None = None, hook: Hook | None = None,
                 connect_timeout: str | None = None) -> None:
        self.spec = parse_cluster(cluster) if isinstance(cluster, str) else cluster
        if partitions is not None and partitions < 1:
            raise UsageError(f"--partitions: {partitions} must be at least 1")
        if partition_size < 1 or ahead < 1:
            raise UsageError(f"--partition-size {partition_size} and look-ahead {ahead} must "
                             "be at least 1")
        self.options = options
        self.partitions = partitions
        self.partition_size = partition_size
        self.ahead = ahead
        self.memory_limit = memory_limit
        self.retries = retries
        self.progress = progress
        self.hook = hook
        self.connect_timeout = connect_timeout or CONNECT_TIMEOUT
        self.log = RunLog()
        self._cluster: Any = None
        self._client: Any = None
        self._runs = 0

    # ---- lifecycle ------------------------------------------------------------------------------

    @property
    def client(self) -> Any:
        if self._client is None:
            self.start()
        return self._client

    def start(self) -> None:
        if self._client is not None:
            return
        distributed = _distributed()
        if not log.isEnabledFor(logging.DEBUG):
            # Dask logs every worker, nanny and client at INFO on stderr; eventwire's own
            # progress says what matters (``eventwire -vv`` shows Dask's lines too)
            logging.getLogger("distributed").setLevel(logging.WARNING)
        if self.spec.local_workers:
            import dask

            n = self.spec.local_workers
            with dask.config.set({"distributed.nanny.pre-spawn-environ": SINGLE_THREAD_ENV,
                                  **WORKER_CONFIG}):
                self._cluster = distributed.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True,
                    memory_limit=self.memory_limit, dashboard_address=":0",
                    scheduler_port=0, silence_logs=logging.WARNING)
            self._client = distributed.Client(self._cluster)
            self._client.wait_for_workers(n)
        else:
            try:
                self._client = distributed.Client(self.spec.address,
                                                  timeout=self.connect_timeout)
            except (OSError, TimeoutError) as exc:
                raise EventwireError(
                    f"--cluster {self.spec}: cannot reach the Dask scheduler ({exc}); start "
                    "one (`dask scheduler`, dask-jobqueue or dask-kubernetes) and check the "
                    "address and port") from None
        started = time.perf_counter()
        from .plugin import ExtractorPlugin

        self._client.register_plugin(ExtractorPlugin(self.options), name=PLUGIN_NAME)
        workers = self._client.scheduler_info(n_workers=-1).get("workers", {})
        if not workers:
            log.warning("%s: the scheduler has no workers yet; partitions wait for them",
                        self.spec)
        log.info("%s: %d workers ready in %.1f s", self.spec, len(workers),
                 time.perf_counter() - started)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def workers(self) -> list[str]:
        """Addresses of the workers the scheduler knows now."""
        return sorted(self.client.scheduler_info(n_workers=-1).get("workers", {}))

    # ---- running --------------------------------------------------------------------------------

    def _cut(self, articles: Iterable[Article]) -> Iterator[list[Article]]:
        if self.partitions is None:
            source = iter(articles)
            while chunk := list(islice(source, self.partition_size)):
                yield chunk
            return
        every = list(articles)
        n = min(self.partitions, len(every)) if every else 0
        bounds = [len(every) * i // n for i in range(n + 1)] if n else [0]
        for i in range(n):
            yield every[bounds[i]:bounds[i + 1]]

    def run(self, articles: Iterable[Article]) -> Iterator[DocResult]:
        """One ``DocResult`` per article, in input order."""
        distributed = _distributed()
        client = self.client
        self._runs += 1
        self.log = RunLog()
        run_id = f"{os.getpid()}-{id(self)}-{self._runs}"
        started = time.perf_counter()
        workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        limit = None if self.partitions is not None else self.ahead * workers
        parts = self._cut(articles)
        futures = distributed.as_completed()
        pending: dict[int, list[Article]] = {}
        ready: dict[int, PartitionResult] = {}
        order: deque[int] = deque()
        cut = done = articles_done = 0
        exhausted = False

        def submit_more() -> None:
            nonlocal cut, exhausted
            while not exhausted and (limit is None or len(pending) < limit):
                chunk = next(parts, None)
                if chunk is None:
                    exhausted = True
                    return
                index = cut
                cut += 1
                pending[index] = chunk
                order.append(index)
                futures.add(client.submit(
                    extract_partition, index, chunk, self.hook,
                    key=f"eventwire-partition-{run_id}-{index}", pure=False,
                    retries=self.retries))

        def report() -> None:
            if self.progress is not None:
                self.progress(ClusterProgress(done, cut, articles_done,
                                              time.perf_counter() - started, exhausted))

        submit_more()
        try:
            while order:
                future = next(futures)
                try:
                    part: PartitionResult = future.result()
                except Exception as exc:  # noqa: BLE001 - re-raised with the partition named
                    index = int(future.key.rsplit("-", 1)[1])
                    ids = [a.doc_id for a in pending.get(index, [])]
                    shown = ", ".join(ids[:5]) + (" ..." if len(ids) > 5 else "")
                    raise EventwireError(
                        f"partition {index} ({len(ids)} articles: {shown}) failed on the "
                        f"cluster ({type(exc).__name__}: {exc}); it was tried again up to "
                        f"{self.retries} times after an error, and on another worker each "
                        "time its worker died") from exc
                expected = [a.doc_id for a in pending[part.index]]
                if [r.doc.doc_id for r in part.results] != expected:
                    raise EventwireError(f"partition {part.index} came back with other articles "
                                         "than it was sent; the worker's eventwire differs")
                ready[part.index] = part
                self.log.placements[part.index] = part.worker
                self.log.doc_ids[part.index] = tuple(expected)
                self.log.pids[part.index] = part.pid
                self.log.worker_seconds[part.index] = part.seconds
                done += 1
                articles_done += len(part.results)
                submit_more()
                report()
                while order and order[0] in ready:
                    head = ready.pop(order.popleft())
                    del pending[head.index]
                    yield from head.results
        finally:
            for f in list(futures.futures):
                f.cancel()
