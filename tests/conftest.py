"""Shared fixtures: one Extractor (model, tables, gazetteer) for the whole session; the event
store, a fresh one for each test on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_fixtures import postgres_url, reset_postgres

from eventwire.store.store import SqlStore, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def extractor():
    from eventwire.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared reference material is not beside the project")
    return SHARED


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The address of a fresh, empty event database: a SQLite file, or the scratch PostgreSQL
    database of ``EVENTWIRE_TEST_PG`` with eventwire's tables dropped (skipped without it)."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    url = postgres_url()
    reset_postgres(url)
    return url


@pytest.fixture
def store(db: str) -> Iterator[SqlStore]:
    """The event store of the tests: open on ``db``, closed after the test. A module that needs
    it filled overrides it with a fixture of the same name that requests this one."""
    s = open_store(db)
    yield s
    s.close()
