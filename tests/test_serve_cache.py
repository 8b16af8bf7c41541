"""The API's kept answers (``eventwire/serve/cache.py``): the same as counting afresh, and
counted again as soon as the database changes, also when another process writes into it while
the API serves (on SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from query_fixtures import AGGREGATES, fill

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from eventwire.knowledge import load_knowledge  # noqa: E402
from eventwire.serve.api import create_app  # noqa: E402
from eventwire.serve.cache import (  # noqa: E402
    CountCache,
    DataVersion,
    SqliteDataVersion,
    data_version,
)
from eventwire.store.query import Filters, count, dyads  # noqa: E402
from eventwire.store.store import SqlStore, open_store  # noqa: E402

TESTS = Path(__file__).resolve().parent

INGEST = """
import sys
from datetime import date
sys.path.insert(0, sys.argv[2])
from query_fixtures import KYIV, _article
from store_fixtures import actor, make_event
from eventwire.store.store import Copy, open_store

store = open_store(sys.argv[1])
text = "Russian troops shelled Kyiv on 2022-10-10 and again on 2022-10-19."
strike = make_event("late-1", 0, "ASSAULT", (actor("RUS", "MIL"),), (actor("UKR", None),),
                    "2022-10-19", KYIV, 0.9, text, 0, "190", 4)
_article(store, "late-1", text, (strike,), published=date(2022, 10, 20), source="Late",
         url="https://late.example/1")
store.add_copy(Copy("late-copy", store.lookup_doc("wire-1"), kind="exact",
                    url="https://copies.example/1", source="Copies",
                    published=date(2022, 10, 21)), store.lookup_doc("wire-1"))
store.close()
"""
"""Another process's ingest: a new aggregated event (an ASSAULT of RUS on UKR in 2022-W42) and
a new copy of ``wire-1`` from a new source (the Kyiv strike of 2022-W41 gains one)."""

STATS = [{"per": "week", "by": "dyad"}, {"per": "month", "by": "type", "modality": "all"},
         {"per": "day", "by": "none", "actor": "RUS"}]


def ingest_elsewhere(db: str) -> None:
    """Run ``INGEST`` into ``db`` in a process of its own."""
    done = subprocess.run([sys.executable, "-c", INGEST, db, str(TESTS)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def fresh_stats(db: str, params: dict) -> list[dict]:
    """``/api/stats``'s items counted now by the library, on a store of its own."""
    given = dict(params)
    per, by = given.pop("per"), given.pop("by")
    store = open_store(db, create=False, migrate=False)
    try:
        f = Filters.build(**given).counting()
        return [r.as_dict() for r in count(store, f, load_knowledge(), per=per, by=by)]
    finally:
        store.close()


def fresh_dyads(db: str) -> dict:
    store = open_store(db, create=False, migrate=False)
    try:
        return dyads(store, Filters.build().counting(), load_knowledge())
    finally:
        store.close()


@pytest.fixture
def served(db: str, store: SqlStore):
    """The filled database, and a client of the API serving it from its own store (as
    ``eventwire serve --db`` does)."""
    fill(store)
    with TestClient(create_app(db)) as client:
        yield db, client


def test_kept_answers_are_what_counting_afresh_gives_before_and_after_another_process_writes(
        served) -> None:
    db, client = served
    counts = client.app.state.counts
    before = {}
    for params in STATS:
        first = client.get("/api/stats", params=params)
        again = client.get("/api/stats", params=params)
        assert first.status_code == again.status_code == 200
        assert first.content == again.content  # the second is the kept answer
        assert first.json()["items"] == fresh_stats(db, params)
        before[str(params)] = first.json()["items"]
    assert counts.hits == len(STATS) and counts.misses == len(STATS)
    edges = client.get("/api/dyads").json()["items"]
    assert client.get("/api/events", params={"limit": 3}).json()["total"] == AGGREGATES

    ingest_elsewhere(db)

    for params in STATS:
        items = client.get("/api/stats", params=params).json()["items"]
        assert items == fresh_stats(db, params)
        assert items != before[str(params)], params  # every one of them changed
    weekly = {(r["period"], r["group"]): r for r in
              client.get("/api/stats", params=STATS[0]).json()["items"]}
    assert weekly[("2022-W41", "RUS-UKR")]["sources"] == 4  # the new copy's source
    assert weekly[("2022-W42", "RUS-UKR")]["events"] == 1   # the new event
    after = {(e["source"], e["target"]): e for e in client.get("/api/dyads").json()["items"]}
    assert after != {(e["source"], e["target"]): e for e in edges}
    expected = fresh_dyads(db)
    assert {k: {kk: v for kk, v in e.items() if kk not in ("source", "target")}
            for k, e in after.items()} == expected
    assert client.get("/api/events", params={"limit": 3}).json()["total"] == AGGREGATES + 1


@pytest.mark.parametrize("path, params", [
    ("/api/places", {}), ("/api/actors", {"role": "actor"}), ("/api/events", {"sort": "-date"}),
    ("/api/dyads", {"modality": "all"})])
def test_every_kept_endpoint_answers_as_a_fresh_server_after_another_process_writes(
        served, path: str, params: dict) -> None:
    db, client = served
    before = client.get(path, params=params)
    assert client.get(path, params=params).content == before.content  # kept
    ingest_elsewhere(db)
    after = client.get(path, params=params)
    with TestClient(create_app(db)) as fresh:  # nothing kept yet: counted now
        assert after.content == fresh.get(path, params=params).content
    assert after.content != before.content


def test_a_wrong_filter_is_still_a_client_error_and_is_not_kept(served) -> None:
    _db, client = served
    for _ in range(2):
        response = client.get("/api/stats", params={"actor": "XYZ"})
        assert response.status_code == 400 and "XYZ" in response.json()["detail"]
    assert client.app.state.counts.misses == 2


def test_the_sqlite_data_version_changes_when_another_process_commits(tmp_path: Path) -> None:
    db = str(tmp_path / "events.db")
    fill(open_store(db))
    version = data_version(open_store(db).engine)
    assert isinstance(version, SqliteDataVersion)
    first = version.current()
    assert first is not None and version.current() == first  # nothing written meanwhile
    ingest_elsewhere(db)
    assert version.current() != first
    version.close()


def test_single_counts_of_the_same_key_at_once_and_no_cache_without_a_version() -> None:
    class Fixed(DataVersion):
        def current(self):
            return 1

    calls: list[str] = []
    started, release = threading.Event(), threading.Event()

    def slow() -> bytes:
        calls.append("slow")
        started.set()
        release.wait(10)
        return b"counted"

    async def many(cache: CountCache, n: int) -> list[bytes]:
        tasks = [asyncio.ensure_future(cache.get("key", slow)) for _ in range(n)]
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 10)
        await asyncio.sleep(0.05)  # let the other requests find the count under way
        release.set()
        return await asyncio.gather(*tasks)

    cache = CountCache(Fixed(), threads=2)
    assert asyncio.run(many(cache, 5)) == [b"counted"] * 5
    assert calls == ["slow"]
    assert asyncio.run(cache.get("key", slow)) == b"counted" and calls == ["slow"]
    cache.close()

    unknown = CountCache(DataVersion(), threads=1)  # a version that cannot be read: no cache
    calls.clear()
    for _ in range(3):
        assert asyncio.run(unknown.get("key", slow)) == b"counted"
    assert calls == ["slow"] * 3
    unknown.close()


def test_kept_answers_are_bounded_and_errors_are_not_kept() -> None:
    class Fixed(DataVersion):
        def current(self):
            return 1

    cache = CountCache(Fixed(), answers=2, threads=1)
    made: list[str] = []

    def answer(key: str):
        def make() -> bytes:
            made.append(key)
            return key.encode()
        return make

    for key in ("a", "b", "c", "a"):  # "a" was dropped to keep at most two
        assert asyncio.run(cache.get(key, answer(key))) == key.encode()
    assert made == ["a", "b", "c", "a"]

    def broken() -> bytes:
        made.append("broken")
        raise ValueError("no count")

    for _ in range(2):
        with pytest.raises(ValueError, match="no count"):
            asyncio.run(cache.get("broken", broken))
    assert made.count("broken") == 2
    cache.close()


def test_a_request_given_up_on_does_not_cancel_a_count_others_wait_for() -> None:
    class Fixed(DataVersion):
        def current(self):
            return 1

    release = threading.Event()

    def blocking() -> bytes:
        release.wait(10)
        return b"first"

    async def scenario(cache: CountCache) -> bytes:
        busy = asyncio.ensure_future(cache.get("busy", blocking))  # holds the only thread
        await asyncio.sleep(0.05)
        gone, waiting = (asyncio.ensure_future(cache.get("queued", lambda: b"queued"))
                         for _ in range(2))
        await asyncio.sleep(0.05)  # both wait for the same queued count
        gone.cancel()  # its client went away
        release.set()
        assert await busy == b"first"
        return await waiting

    cache = CountCache(Fixed(), threads=1)
    assert asyncio.run(scenario(cache)) == b"queued"
    cache.close()
