"""The event store on both backends: schema migrations, whole-article writes, aggregation
counts, queries. PostgreSQL runs when EVENTWIRE_TEST_PG names a scratch database (the tests
drop eventwire's tables in it); ``scripts/postgres.sh`` starts one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from store_fixtures import actor, city, make_event

from eventwire.store import store as store_mod
from eventwire.store.aggregate import band_keys, signature, signature_bytes, text_hash
from eventwire.errors import StoreError, UsageError
from eventwire.records import (
    Actor,
    DocResult,
    Document,
    Event,
    EventDate,
    Evidence,
    Place,
    Reject,
    Size,
    coder_version,
)
from eventwire.store.store import Copy, EventQuery, SqlStore, open_store

def doc_result(doc_id: str, text: str, events: tuple[Event, ...] = (),
               places: tuple[Place, ...] = ()) -> DocResult:
    first = text.find("\n\n")
    paras = ((0, first if first >= 0 else len(text)),)
    return DocResult(Document(doc_id, text, paras, title=f"title {doc_id}",
                              url=f"https://news.example/{doc_id}", published=date(2022, 10, 11),
                              source="Example News"), events, places)


def add(store: SqlStore, doc_id: str, text: str, events: tuple[Event, ...] = (),
        source: str | None = "Example News", places: tuple[Place, ...] = ()) -> str:
    h = text_hash(text)
    store.add_article(Copy(doc_id, h, url=f"https://news.example/{doc_id}", source=source,
                           published=date(2022, 10, 11), origin=f"{doc_id}.txt"),
                      doc_result(doc_id, text, events, places), signature_bytes(signature(text)))
    return h


RICH = Event(
    event_id="e-rich", doc_id="rich", event_type="CONSULT", mode="visit",
    context=("diplomatic", "economic"), modality="future", cameo="036", quad_class=1,
    actors=(Actor("Vladimir Putin", "Vladimir Putin", "RUS", "GOV", "person"),),
    recipients=(Actor("Erdogan", "Recep Tayyip Erdogan", "TUR", "GOV", "person"),
                Actor("Tokayev", "Kassym-Jomart Tokayev", "KAZ", "GOV", "person")),
    date=EventDate("2022-10-13", "day", "on Thursday"),
    location=Place("Astana", 40, 46, "Astana", "KAZ", "Astana", 51.1801, 71.44598, 1526273,
                   "city"),
    size=Size(dead=None, injured=2, arrested=0),
    attribution=Actor("the Kremlin", "Kremlin", "RUS", "GOV", "organization"),
    evidence=Evidence("Putin will meet Erdogan in Astana on Thursday.", 0, 0, 47, "meet"),
    confidence=0.91,
    mentions=(Evidence("The meeting is on Thursday.", 3, 120, 147, "meeting"),),
)


# ---- schema -----------------------------------------------------------------------------------


def test_migrations_are_recorded(db: str) -> None:
    s = open_store(db)
    try:
        assert s.schema_version() == store_mod.SCHEMA_VERSION == 6
        with s.engine.connect() as conn:
            rows = conn.execute(sa.select(store_mod.schema_migrations)
                                .order_by(store_mod.schema_migrations.c.version)).all()
        assert [(r.version, bool(r.applied_at)) for r in rows] == [(1, True), (2, True),
                                                                   (3, True), (4, True),
                                                                   (5, True), (6, True)]
        assert s.migrate() == []  # nothing left to apply
    finally:
        s.close()
    again = open_store(db)
    try:
        assert again.schema_version() == store_mod.SCHEMA_VERSION
        assert again.counts() == {"articles": 0, "copies": 0, "events": 0, "aggregates": 0,
                                  "rejects": 0}
    finally:
        again.close()


def test_a_newer_schema_is_refused(db: str) -> None:
    s = open_store(db)
    with s.engine.begin() as conn:
        conn.execute(store_mod.schema_migrations.insert().values(
            version=99, name="from the future", applied_at="2099-01-01"))
    s.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(db)


# ---- writes -----------------------------------------------------------------------------------


def test_every_event_field_round_trips(store: SqlStore) -> None:
    text = "Putin will meet Erdogan in Astana on Thursday.\n\nMore text." + " x" * 40
    add(store, "rich", text, (RICH,))
    [agg] = list(store.query())
    # schema 2: the event carries its article's publication date and the coder version
    assert agg.event.as_dict() == replace(RICH, published="2022-10-11",
                                          coder_version=coder_version()).as_dict()
    assert agg.is_root is True
    assert agg.url == "https://news.example/rich"
    assert agg.published == date(2022, 10, 11)
    assert (agg.num_mentions, agg.num_sources, agg.num_articles) == (2, 1, 1)
    out = agg.as_dict()
    assert out["global_event_id"] == agg.global_id and out["num_mentions"] == 2


def test_article_copy_places_and_actors_are_stored(store: SqlStore) -> None:
    text = "Russia met Turkey in Astana."
    paris = Place("Paris", 0, 5, "Paris", "FRA", "Île-de-France", 48.85, 2.35, 2988507, "city")
    h = add(store, "d1", text, (RICH,), places=(city("Astana"), paris))
    with store.engine.connect() as conn:
        art = conn.execute(sa.select(store_mod.articles)).one()
        copy = conn.execute(sa.select(store_mod.copies)).one()
        pl = conn.execute(sa.select(store_mod.places).order_by("position")).all()
        roles = conn.execute(sa.select(store_mod.event_actors.c.role,
                                       store_mod.event_actors.c.country)
                             .order_by("role", "position")).all()
    assert (art.article_id, art.doc_id, art.text, art.source) == (h, "d1", text, "Example News")
    assert (copy.doc_id, copy.kind, copy.source_name, copy.origin) == ("d1", "original",
                                                                       "Example News", "d1.txt")
    assert [(p.name, p.country, p.geonameid) for p in pl] == [
        ("Astana", "KAZ", 1526273), ("Paris", "FRA", 2988507)]
    assert roles == [("actor", "RUS"), ("attribution", "RUS"), ("recipient", "TUR"),
                     ("recipient", "KAZ")]


def test_adding_an_article_again_changes_nothing(store: SqlStore) -> None:
    add(store, "rich", "Putin will meet Erdogan.", (RICH,))
    before = store.counts()
    with store.engine.connect() as conn:
        actors_before = conn.scalar(sa.select(sa.func.count()).select_from(
            store_mod.event_actors))
    add(store, "rich", "Putin will meet Erdogan.", (RICH,))
    assert store.counts() == before == {"articles": 1, "copies": 1, "events": 1,
                                        "aggregates": 1, "rejects": 0}
    with store.engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(
            store_mod.event_actors)) == actors_before == 4


def test_an_event_id_given_twice_is_stored_twice_under_two_ids(store: SqlStore) -> None:
    """Two events of a document with one id (one trigger, one type, two acts) are both kept:
    the document gives the second its own id (schema 2), and the first keeps its id."""
    twin = make_event("rich", 4, "ACCUSE")
    twin = Event(**{**{f: getattr(twin, f) for f in twin.__slots__}, "event_id": RICH.event_id})
    add(store, "rich", "Putin will meet Erdogan.", (RICH, twin))
    aggs = list(store.query())
    assert store.counts()["events"] == 2
    ids = sorted(a.event.event_id for a in aggs)
    assert len(set(ids)) == 2 and RICH.event_id in ids
    assert {a.event.event_type for a in aggs} == {"CONSULT", "ACCUSE"}


def test_copies_count_as_articles_and_sources(store: SqlStore) -> None:
    text = "Russia met Turkey in Astana on 2022-10-13. They met again."
    event = make_event("orig", 0, actors=(actor("RUS"),), recipients=(actor("TUR"),),
                       mentions=(Evidence("They met again.", 1, 43, 58, "met"),))
    h = add(store, "orig", text, (event,), source="TASS")

    def counts() -> tuple[int, int, int]:
        [agg] = list(store.query())
        return agg.num_mentions, agg.num_sources, agg.num_articles

    assert counts() == (2, 1, 1)
    store.add_copy(Copy("copy-ap", h, kind="exact", source="AP"), h)
    assert counts() == (4, 2, 2)
    store.add_copy(Copy("copy-tass", "another-hash", kind="near", similarity=0.83,
                        source="TASS"), h)
    assert counts() == (6, 2, 3)
    store.add_copy(Copy("copy-tass", "another-hash", kind="near", similarity=0.83,
                        source="TASS"), h)  # the same copy again: no change
    assert counts() == (6, 2, 3)
    assert store.lookup_doc("copy-tass") == "another-hash"
    assert store.lookup_hash("another-hash") == h
    assert store.counts()["copies"] == 3 and store.counts()["articles"] == 1
    reports = list(store.reports())
    assert sorted(r.doc_id for r in reports) == ["copy-ap", "copy-tass", "orig"]
    assert {r.source_name for r in reports} == {"TASS", "AP"}


def test_the_same_event_in_several_articles_is_one_aggregate(store: SqlStore) -> None:
    def consult(doc: str, when: str, conf: float) -> Event:
        return make_event(doc, 0, actors=(actor("RUS"),), recipients=(actor("TUR"),),
                          when=when, place=city("Astana"), confidence=conf)

    add(store, "a", "text a", (consult("a", "2022-10-13", 0.6),), source="TASS")
    add(store, "b", "text b", (consult("b", "2022-10-13", 0.9),), source="AP")
    add(store, "c", "text c", (consult("c", "2022-10-14", 0.9),), source="AP")
    aggs = list(store.query())
    assert [(a.event.date.value, a.num_articles, a.num_sources) for a in aggs] == [
        ("2022-10-13", 2, 2), ("2022-10-14", 1, 1)]
    assert aggs[0].event.doc_id == "b"  # the most confident report speaks for the aggregate
    assert store.counts()["events"] == 3 and store.counts()["aggregates"] == 2


def test_a_failed_article_leaves_nothing_behind(store: SqlStore,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: SqlStore, conn: sa.Connection, ids: object) -> None:
        raise sa.exc.OperationalError("recount", {}, Exception("disk full"))

    monkeypatch.setattr(SqlStore, "_recount", boom)
    with pytest.raises(StoreError, match="cannot store article 'rich'.*disk full"):
        add(store, "rich", "Putin will meet Erdogan.", (RICH,), places=(city("Astana"),))
    monkeypatch.undo()
    assert store.counts() == {"articles": 0, "copies": 0, "events": 0, "aggregates": 0,
                              "rejects": 0}
    with store.engine.connect() as conn:
        for table in (store_mod.places, store_mod.event_actors, store_mod.event_evidence):
            assert conn.scalar(sa.select(sa.func.count()).select_from(table)) == 0


def test_rejects_are_recorded_once_per_origin(store: SqlStore) -> None:
    store.add_reject(Reject("zoo/a.bin", "is a PNG image, not text"))
    store.add_reject(Reject("zoo/b.txt", "is empty"))
    store.add_reject(Reject("zoo/a.bin", "holds binary data"))
    assert list(store.rejects()) == [Reject("zoo/a.bin", "holds binary data"),
                                     Reject("zoo/b.txt", "is empty")]


def test_signatures_come_back(store: SqlStore) -> None:
    text = "Russia met Turkey in Astana on Thursday, officials said."
    h = add(store, "d1", text)
    [(article_id, data)] = list(store.signatures())
    assert article_id == h and data == signature_bytes(signature(text))
    assert store.lookup_doc("d1") == h and store.lookup_doc("nope") is None
    assert store.lookup_hash(h) == h and store.lookup_hash("0" * 64) is None


def _bands(conn: sa.Connection) -> list[tuple[str, int, int]]:
    t = store_mod.lsh_bands
    return [tuple(r) for r in conn.execute(sa.select(t.c.article_id, t.c.band, t.c.key)
                                           .order_by(t.c.article_id, t.c.band))]


def test_band_keys_are_stored_with_the_article(store: SqlStore) -> None:
    text = "Russia met Turkey in Astana on Thursday, officials said."
    h = add(store, "d1", text)
    expected = [(h, i, k) for i, k in enumerate(band_keys(signature_bytes(signature(text))))]
    with store.engine.connect() as conn:
        assert _bands(conn) == expected
    add(store, "d1", text)  # stored again: the same rows, not twice as many
    with store.engine.connect() as conn:
        assert _bands(conn) == expected


NEWS = ("Russian President Vladimir Putin will hold talks with Turkish President Recep Tayyip "
        "Erdogan in the Kazakh capital Astana on Thursday, the Kremlin said on Tuesday. The two "
        "leaders are expected to discuss grain exports from Ukrainian ports and a proposal to "
        "build a gas hub in Turkey, Kremlin spokesman Dmitry Peskov told reporters.")


@pytest.mark.parametrize("query, expected", [
    (NEWS, ["news"]),
    ("ASTANA (Wire) - " + NEWS, ["news"]),                   # a wire copy shares bands
    (" ".join(NEWS.split()[:15]), []),                        # its first quarter: no band
    ("Ukraine said on Monday that its forces had retaken two villages.", []),
])
def test_near_candidates_share_a_band(store: SqlStore, query: str, expected: list[str]) -> None:
    ids = {"news": add(store, "news", NEWS),
           "other": add(store, "other", "France accused Germany of delaying the deal.")}
    names = {v: k for k, v in ids.items()}
    data = signature_bytes(signature(query))
    found = store.near_candidates(band_keys(data))
    assert [names[a] for a, _ in found] == expected
    for article_id, sig in found:
        assert sig == signature_bytes(signature(NEWS)) and article_id == ids["news"]


def test_near_candidates_need_every_band(store: SqlStore) -> None:
    with pytest.raises(ValueError, match="band keys"):
        store.near_candidates([1, 2, 3])


def _v1_database(db: str, texts: list[str]) -> list[str]:
    """A database as eventwire made it before migration 2: the v1 tables with articles."""
    s = open_store(db)
    for i, text in enumerate(texts):
        add(s, f"v1-{i}", text)
    with s.engine.begin() as conn:
        store_mod.lsh_bands.drop(conn)
        conn.execute(store_mod.schema_migrations.delete()
                     .where(store_mod.schema_migrations.c.version == 2))
    s.close()
    return [text_hash(t) for t in texts]


def test_a_v1_database_gets_its_band_keys(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.store import schema

    texts = [f"Story {i}: Russia met Turkey in Astana on Thursday after {i} rounds of talks."
             for i in range(5)]
    ids = _v1_database(db, texts)
    engine = sa.create_engine(store_mod.resolve_url(db))
    try:
        assert not sa.inspect(engine).has_table("lsh_bands")
    finally:
        engine.dispose()
    monkeypatch.setattr(schema, "BACKFILL_PAGE", 2)  # 5 articles: three pages
    s = open_store(db)
    try:
        assert s.schema_version() == store_mod.SCHEMA_VERSION
        with s.engine.connect() as conn:
            got = _bands(conn)
        expected = sorted((h, i, k) for h, t in zip(ids, texts)
                          for i, k in enumerate(band_keys(signature_bytes(signature(t)))))
        assert got == expected
        copy = signature_bytes(signature("ASTANA (Wire) - " + texts[3]))
        assert ids[3] in {a for a, _ in s.near_candidates(band_keys(copy))}
        assert s.counts()["articles"] == 5  # nothing else changed
    finally:
        s.close()


def test_an_empty_v1_database_migrates(db: str) -> None:
    _v1_database(db, [])
    s = open_store(db)
    try:
        assert s.schema_version() == store_mod.SCHEMA_VERSION
        with s.engine.connect() as conn:
            assert _bands(conn) == []
    finally:
        s.close()


# ---- queries ----------------------------------------------------------------------------------


@pytest.fixture
def filled(store: SqlStore) -> SqlStore:
    """The store with four events in four articles, for the read-only query tests."""
    rus_gov, rus_mil = actor("RUS", "GOV"), actor("RUS", "MIL")
    add(store, "d1", "Putin met Erdogan in Astana.", (make_event(
        "d1", 0, "CONSULT", (rus_gov,), (actor("TUR", "GOV"),), "2022-10-13", city("Astana"),
        0.9, "Putin met Erdogan in Astana."),))
    add(store, "d2", "Russian forces shelled Kyiv.", (make_event(
        "d2", 0, "ASSAULT", (rus_mil,), (actor("UKR", None),), "2022-10-10", None, 0.8,
        "Russian forces shelled Kyiv.", cameo="190", quad=4),))
    add(store, "d3", "Protesters marched in Paris, 100 people.", (make_event(
        "d3", 0, "PROTEST", (actor("FRA", "CVL"),), (), "2022-10", city("Paris"), 0.7,
        "Protesters marched in Paris, 100 people.", cameo="140", quad=3),))
    add(store, "d4", "Kyiv accused Moscow.", (make_event(
        "d4", 0, "ACCUSE", (actor("UKR", "GOV"),), (rus_gov,), None, None, 0.6,
        "Kyiv accused Moscow.", cameo="112", quad=3),))
    return store


@pytest.mark.parametrize("query, expected", [
    (EventQuery(), ["d3", "d2", "d1", "d4"]),  # date order (a month at its first day), undated last
    (EventQuery(event_type="consult"), ["d1"]),
    (EventQuery(actor="RUS"), ["d2", "d1"]),
    (EventQuery(actor="RUSMIL"), ["d2"]),
    (EventQuery(actor="GOV"), ["d1", "d4"]),
    (EventQuery(actor="TUR"), []),
    (EventQuery(recipient="RUS"), ["d4"]),
    (EventQuery(recipient="TURGOV"), ["d1"]),
    (EventQuery(since=date(2022, 10, 11)), ["d3", "d1"]),  # October overlaps Oct 11 onwards
    (EventQuery(until=date(2022, 10, 10)), ["d3", "d2"]),
    (EventQuery(since=date(2022, 11, 1)), []),
    (EventQuery(place_country="kaz"), ["d1"]),
    (EventQuery(text="marched"), ["d3"]),
    (EventQuery(text="MET ERDOGAN"), ["d1"]),
    (EventQuery(text="100%"), []),          # % is a character here, not a wildcard
    (EventQuery(text="100 people"), ["d3"]),
    (EventQuery(min_confidence=0.75), ["d2", "d1"]),
    (EventQuery(limit=2), ["d3", "d2"]),
    (EventQuery(actor="RUS", since=date(2022, 10, 12)), ["d1"]),
])
def test_query_filters(filled: SqlStore, query: EventQuery, expected: list[str]) -> None:
    assert [a.event.doc_id for a in filled.query(query)] == expected


def test_query_pages_through_many_aggregates(store: SqlStore,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "PAGE", 2)
    for i in range(7):
        when = f"2022-10-{10 + i % 3:02d}" if i < 6 else None
        add(store, f"p{i}", f"text {i}", (make_event(f"p{i}", 0, actors=(actor("RUS"),),
                                                     recipients=(actor(f"T{i}A"),), when=when),))
    got = list(store.query())
    assert len(got) == 7 and len({a.global_id for a in got}) == 7
    keys = [(a.event.date.value or "9999", a.global_id) for a in got]
    assert keys == sorted(keys)
    assert [a.event.doc_id for a in store.query(EventQuery(limit=5))] == [
        a.event.doc_id for a in got[:5]]
    assert sorted(r.doc_id for r in store.reports()) == [f"p{i}" for i in range(7)]
    assert [r.doc_id for r in store.reports(EventQuery(limit=3))] == [
        a.event.doc_id for a in got[:3]]


# ---- opening ----------------------------------------------------------------------------------


def test_sqlite_is_in_wal_mode(tmp_path: Path) -> None:
    s = open_store(str(tmp_path / "wal.db"))
    try:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        s.close()


@pytest.mark.parametrize("db, create, error, message", [
    ("{tmp}/missing.db", False, StoreError, "no event database here"),
    ("{tmp}/no/such/dir/x.db", True, StoreError, "does not exist"),
    ("postgresql://nobody@127.0.0.1:1/none", True, StoreError, "cannot open"),
    ("mysql://x@y/z", True, UsageError, "use a file path"),
    ("sqlite://", True, UsageError, "in-memory"),
    ("", True, UsageError, "empty"),
])
def test_open_errors_say_what_to_do(tmp_path: Path, db: str, create: bool, error: type,
                                    message: str) -> None:
    with pytest.raises(error, match=message):
        open_store(db.format(tmp=tmp_path), create=create)


@pytest.mark.parametrize("db, expected", [
    ("events.db", "sqlite:///{cwd}/events.db"),
    ("sqlite:///x/y.db", "sqlite:///x/y.db"),
    ("postgresql://me@127.0.0.1:5432/ev", "postgresql+psycopg://me@127.0.0.1:5432/ev"),
    ("postgres://me@host/ev", "postgresql+psycopg://me@host/ev"),
    ("postgresql+psycopg://me@host/ev", "postgresql+psycopg://me@host/ev"),
])
def test_resolve_url(db: str, expected: str) -> None:
    assert store_mod.resolve_url(db) == expected.format(cwd=Path.cwd().resolve())


@pytest.mark.parametrize("code, expected", [
    ("RUS", ("RUS", None)),
    ("rusgov", ("RUS", "GOV")),
    ("GOV", (None, "GOV")),
    ("NATO", ("NATO", None)),
    ("NATOIGO", ("NATO", "IGO")),
    ("UN", ("UN", None)),
    ("USAMIL", ("USA", "MIL")),
])
def test_parse_actor_code(code: str, expected: tuple[str | None, str | None]) -> None:
    assert store_mod.parse_actor_code(code) == expected


def test_an_unknown_event_type_is_a_usage_error(filled: SqlStore) -> None:
    with pytest.raises(UsageError, match="not a PLOVER type"):
        list(filled.query(EventQuery(event_type="MEET")))


@pytest.mark.parametrize("code", ["R", "RUS GOV", "RUS-1", "ABCDEFGHIJ"])
def test_bad_actor_codes_are_usage_errors(code: str) -> None:
    with pytest.raises(UsageError, match="actor code"):
        store_mod.parse_actor_code(code)


@pytest.mark.parametrize("value, expected", [
    ("2022-10-13", (date(2022, 10, 13), date(2022, 10, 13))),
    ("2022-02", (date(2022, 2, 1), date(2022, 2, 28))),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
    ("2022", (date(2022, 1, 1), date(2022, 12, 31))),
    (None, (None, None)),
    ("2022-13-01", (None, None)),
    ("last week", (None, None)),
])
def test_date_range(value: str | None, expected: tuple[date | None, date | None]) -> None:
    assert store_mod.date_range(value) == expected
