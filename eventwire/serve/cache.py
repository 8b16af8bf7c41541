"""Answers of the API's counting endpoints, kept until the database changes.

``/api/stats`` and ``/api/dyads`` count every aggregated event that matches a filter; over a
database of 100,000 events one count takes from a tenth of a second to a few seconds, and the
explorer asks the same few counts again and again (every view of every user). ``CountCache``
keeps each answer, keyed by what it depends on (the endpoint, the normalized ``Filters`` and
the grouping), together with the database's *data version* at the time it was counted. An answer
is given again only while the data version is unchanged, so it is always the answer that
counting now would give:

- SQLite: ``PRAGMA data_version`` on a connection of the cache's own that never writes: SQLite
  changes it whenever any other connection, in this process or any other (an ``eventwire
  ingest`` running beside ``serve``), commits to the file.
- PostgreSQL: the server's current snapshot (``pg_current_snapshot()``: the oldest running
  transaction, the next transaction id, the running ones), which changes whenever a transaction
  that wrote commits anywhere on the server; a change elsewhere only costs a recount.
- Anything else, or a check that fails: nothing is kept; every request counts.

The version is read *before* counting, so an answer counted while a write commits is filed
under the older version and never given out once the newer one is seen.

Counting runs in a thread pool of its own (``COUNT_THREADS`` threads), so that slow counts of
new filters queue among themselves while the endpoints that page through events, or answer from
the cache, keep their own threads. Requests for the same count that arrive while it is being
made wait for that one count (no request counts what another is already counting).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor

import sqlalchemy as sa

log = logging.getLogger(__name__)

CACHED_ANSWERS = 1024
"""The most answers kept (the least recently used go first)."""
CACHED_BYTES = 256 * 2**20
"""The most bytes of answers kept (256 MiB; an answer larger than a quarter of it is not kept)."""
COUNT_THREADS = max(1, min(4, os.cpu_count() or 1))
"""Threads that count (one per core, at most 4): more would only share the same cores."""


class DataVersion:
    """Something that changes whenever the database's data may have changed (``current()``),
    or None when that cannot be told (then nothing is cached)."""

    blocking = False
    """True when ``current()`` waits on the network (it is then run off the event loop)."""

    def current(self) -> Hashable | None:
        return None

    def close(self) -> None:
        """Release what the check holds."""


class SqliteDataVersion(DataVersion):
    """``PRAGMA data_version`` of a connection of its own to the SQLite file, which only
    reads: it changes whenever another connection (of any process) commits."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._opened = 0

    def current(self) -> Hashable | None:
        with self._lock:
            try:
                if self._conn is None:  # never writes, so it sees every commit
                    self._conn = sqlite3.connect(self.path, check_same_thread=False,
                                                 isolation_level=None)
                    self._opened += 1
                row = self._conn.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error as exc:
                log.warning("%s: cannot read the data version (%s); counting without the "
                            "cache", self.path, exc)
                self._close()
                return None
            # which connection too: a reopened one counts afresh
            return (self._opened, int(row[0]))

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        with self._lock:
            self._close()


class PostgresDataVersion(DataVersion):
    """The server's current snapshot: it changes when any transaction that wrote commits."""

    blocking = True

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine

    def current(self) -> Hashable | None:
        for function in ("pg_current_snapshot", "txid_current_snapshot"):  # PG 13+, older
            try:
                with self.engine.connect() as conn:
                    return str(conn.scalar(sa.text(f"SELECT CAST({function}() AS TEXT)")))
            except sa.exc.SQLAlchemyError as exc:
                last = exc
        log.warning("%s: cannot read the server's snapshot (%s); counting without the cache",
                    self.engine.url.render_as_string(hide_password=True), last)
        return None


def data_version(engine: sa.engine.Engine) -> DataVersion:
    """The data-version check for the database of ``engine``."""
    name = engine.dialect.name
    if name == "sqlite" and engine.url.database and engine.url.database != ":memory:":
        return SqliteDataVersion(engine.url.database)
    if name == "postgresql":
        return PostgresDataVersion(engine)
    return DataVersion()


class CountCache:
    """Answers (``bytes``) by key, valid while the data version is the one they were made at."""

    def __init__(self, version: DataVersion, *, answers: int = CACHED_ANSWERS,
                 max_bytes: int = CACHED_BYTES, threads: int = COUNT_THREADS) -> None:
        self.version = version
        self.answers = answers
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[Hashable, bytes]] = OrderedDict()
        self._bytes = 0
        self._flights: dict[tuple[Hashable, Hashable], Future[bytes]] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="eventwire-count")
        self._check = (ThreadPoolExecutor(max_workers=1, thread_name_prefix="eventwire-version")
                       if version.blocking else None)
        """A thread for a version check that waits on the network, so that it never queues
        behind the counts."""
        self.hits = 0
        self.misses = 0

    async def get(self, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        """The answer for ``key``: kept, or counted by ``compute`` in the counting threads
        (once for all the requests that ask for it meanwhile)."""
        if self._check is not None:
            version = await asyncio.get_running_loop().run_in_executor(self._check,
                                                                       self.version.current)
        else:
            version = self.version.current()
        if version is None:
            return await asyncio.wrap_future(self._pool.submit(compute))
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None and kept[0] == version:
                self._entries.move_to_end(key)
                self.hits += 1
                return kept[1]
            flight = self._flights.get((version, key))
            if flight is None:
                self.misses += 1
                flight = self._pool.submit(self._count, version, key, compute)
                self._flights[(version, key)] = flight
        # shielded: a request given up on (its client gone) must not cancel a count that other
        # requests wait for
        return await asyncio.shield(asyncio.wrap_future(flight))

    def _count(self, version: Hashable, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        try:
            answer = compute()
        except BaseException:
            with self._lock:
                self._flights.pop((version, key), None)
            raise
        with self._lock:  # kept before the count is no longer under way: no second count
            self._keep(version, key, answer)
            self._flights.pop((version, key), None)
        return answer

    def _keep(self, version: Hashable, key: Hashable, answer: bytes) -> None:
        """Keep ``answer`` (the caller holds the lock)."""
        if len(answer) > self.max_bytes // 4:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old[1])
        self._entries[key] = (version, answer)
        self._bytes += len(answer)
        while self._entries and (len(self._entries) > self.answers
                                 or self._bytes > self.max_bytes):
            _, (_, dropped) = self._entries.popitem(last=False)
            self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def close(self) -> None:
        """Stop the counting threads and the version check."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._check is not None:
            self._check.shutdown(wait=False, cancel_futures=True)
        self.version.close()


__all__ = ["COUNT_THREADS", "CountCache", "DataVersion", "data_version"]
