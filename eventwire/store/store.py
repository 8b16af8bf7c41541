"""The event database: one store protocol, one SQLAlchemy Core implementation (SQLite, PostgreSQL).

1. ``open_store(db)`` takes a path (SQLite, WAL mode) or a URL (``sqlite:///…``,
   ``postgresql://…``), connects, and applies the schema migrations the database lacks; each
   applied migration is recorded in ``schema_migrations``.
2. Writes are whole articles: ``add_article`` stores an article's first copy, cleaned text,
   places, events, their actors and extra evidence, and re-counts the aggregated events it
   touches, all in one transaction; ``add_copy`` records a duplicate copy (and re-counts);
   ``add_reject`` records an input that could not be read. A crash leaves an article either
   fully stored or absent. An article's near-duplicate band keys are written with it.
   The ingest driver writes through ``place``: one document by the rule that picks the
   original (``store/originals.py``), in one transaction, replacing the originals it precedes.
3. Reads: ``query`` yields aggregated events (``Aggregate``: a representative event record and
   GDELT counts), ``reports`` yields every report of them (one per event and copy, for the GDELT
   mentions table), ``rejects`` and ``counts`` the rest; ``lookup_doc`` and ``neighbours``
   answer the ingest driver's duplicate checks (``lookup_hash`` and ``near_candidates`` the
   articles' alone). ``aggregates``
   and ``reports_where`` take SQL conditions that the library's query (``store/query.py``,
   which also pages and sorts them for the API) builds from its filters.
4. ``open_store(db, migrate=False)``, as the read-only commands and the API open a database,
   applies no migration: an older database is an error that says to run ``eventwire migrate``.

The tables and migrations are in ``schema`` (re-exported here).
"""

from __future__ import annotations

import calendar
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol, Self

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import aggregate
from .aggregate import Aggregate, CopyReport
from .originals import Neighbour, copy_kind, rule_key
from ..errors import StoreError, UsageError
from ..knowledge import SECTOR_CODES
from ..records import (
    EVENT_TYPES,
    Actor,
    Article,
    DocResult,
    Event,
    EventDate,
    Evidence,
    Place,
    Reject,
    Size,
    coder_version,
)
from .schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    articles,
    band_rows,
    clusters,
    copies,
    copy_bands,
    copy_texts,
    event_actors,
    event_evidence,
    events,
    lsh_bands,
    metadata,
    places,
    rejects,
    schema_migrations,
)

__all__ = [
    "MIGRATIONS", "PAGE", "SCHEMA_VERSION", "Copy", "EventQuery", "SqlStore", "Store",
    "articles", "clusters", "copies", "date_range", "event_actors", "event_evidence", "events",
    "lsh_bands", "metadata", "open_store", "parse_actor_code", "places", "rejects",
    "resolve_url", "schema_migrations", "upsert_statement",
]

log = logging.getLogger(__name__)

PAGE = 500
"""Rows fetched per round trip when reading aggregated events."""
_FAR_FUTURE = date(9999, 12, 31)


# ---- records at the store's edge --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Copy:
    """One document as read: the first copy of an article, or a duplicate of a stored one."""

    doc_id: str
    text_hash: str
    kind: str = "original"
    """``original``, ``exact`` (same normalised text) or ``near`` (MinHash near-duplicate)."""
    similarity: float = 1.0
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where ``place`` put a document: ``new`` (the original of its group: extracted and
    stored), ``exact`` or ``near`` (a copy of ``article_id``), or ``already`` (stored
    before)."""

    kind: str
    article_id: str
    similarity: float = 1.0
    events: int = 0
    """Events stored (for ``new``)."""
    superseded: int = 0
    """Stored originals that this document replaced (it precedes them, or it linked their
    groups to an earlier one): now copies."""
    dropped: int = 0
    """Events of the replaced originals, removed."""


@dataclass(frozen=True, slots=True)
class EventQuery:
    """The store's own simple filters (``store.query``); every field is optional and they
    combine with AND. The library's query, the command line and the API use the richer
    ``store.query.Filters``.

    ``actor``/``recipient`` are CAMEO-style codes: a country (``RUS``, ``NATO``), a sector
    (``GOV``) or both run together (``RUSGOV``).
    """

    event_type: str | None = None
    actor: str | None = None
    recipient: str | None = None
    since: date | None = None
    until: date | None = None
    place_country: str | None = None
    text: str | None = None
    min_confidence: float = 0.0
    limit: int | None = None


class Store(Protocol):
    """What the ingest driver, the CLI and the exports need from an event database."""

    url: str

    def lookup_doc(self, doc_id: str) -> str | None: ...
    def lookup_hash(self, text_hash: str) -> str | None: ...
    def signatures(self) -> Iterator[tuple[str, bytes]]: ...
    def near_candidates(self, bands: Sequence[int]) -> list[tuple[str, bytes]]: ...
    def add_article(self, copy: Copy, result: DocResult, signature: bytes) -> int: ...
    def add_copy(self, copy: Copy, article_id: str) -> None: ...
    def add_reject(self, reject: Reject) -> None: ...
    def query(self, q: EventQuery | None = None) -> Iterator[Aggregate]: ...
    def reports(self, q: EventQuery | None = None) -> Iterator[CopyReport]: ...
    def rejects(self) -> Iterator[Reject]: ...
    def counts(self) -> dict[str, int]: ...
    def close(self) -> None: ...


# ---- helpers ----------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def date_range(value: str | None) -> tuple[date | None, date | None]:
    """First and last day of an ISO date cut to its precision (``2022-09`` → Sep 1..30)."""
    if not value:
        return None, None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            d = date(*parts)
            return d, d
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        pass
    log.warning("event date %r is not ISO YYYY[-MM[-DD]]; it is stored but not range-searchable",
                value)
    return None, None


def parse_actor_code(code: str) -> tuple[str | None, str | None]:
    """A CAMEO-style actor code to ``(country, sector)``: ``RUS``, ``GOV``, ``RUSGOV``, ``NATO``."""
    code = code.strip().upper()
    if not code.isalpha() or not 2 <= len(code) <= 9:
        raise UsageError(f"actor code {code!r}: write a country (RUS, NATO), a sector (GOV) "
                         "or both together (RUSGOV)")
    if code in SECTOR_CODES:
        return None, code
    if len(code) > 3 and code[-3:] in SECTOR_CODES and len(code) - 3 >= 2:
        return code[:-3], code[-3:]
    return code, None


def _is_root(event: Event, result: DocResult) -> bool:
    """GDELT's IsRootEvent: the event's evidence lies in the article's lead paragraph."""
    if result.doc.paragraphs:
        return event.evidence.start < result.doc.paragraphs[0][1]
    return event.evidence.sentence_index == 0


def _event_row(event: Event, article_id: str, result: DocResult, now: str) -> dict[str, Any]:
    start, end = date_range(event.date.value)
    loc = event.location
    return {
        "event_id": event.event_id, "article_id": article_id, "doc_id": event.doc_id,
        "cluster_id": aggregate.cluster_id(event), "event_type": event.event_type,
        "mode": event.mode, "context": json.dumps(list(event.context)),
        "modality": event.modality, "cameo": event.cameo, "quad_class": event.quad_class,
        "date": event.date.value, "date_precision": event.date.precision,
        "date_text": event.date.text, "date_start": start, "date_end": end,
        "loc_text": loc.text if loc else None, "loc_name": loc.name if loc else None,
        "loc_country": loc.country if loc else None, "loc_admin1": loc.admin1 if loc else None,
        "loc_lat": loc.lat if loc else None, "loc_lon": loc.lon if loc else None,
        "loc_geonameid": loc.geonameid if loc else None,
        "loc_precision": loc.precision if loc else None,
        "dead": event.size.dead, "injured": event.size.injured, "arrested": event.size.arrested,
        "ev_sentence": event.evidence.sentence, "ev_sentence_index": event.evidence.sentence_index,
        "ev_start": event.evidence.start, "ev_end": event.evidence.end,
        "ev_trigger": event.evidence.trigger, "confidence": float(event.confidence),
        "is_root": _is_root(event, result), "n_mentions": aggregate.mention_count(event),
        "added_at": now, "published": _published(event, result),
        "coder_version": event.coder_version or coder_version(),
    }


def _published(event: Event, result: DocResult) -> date | None:
    """The event's publication date: its own (schema 2) when it is a full date, else the
    article's."""
    if event.published and len(event.published) == 10:
        try:
            return date.fromisoformat(event.published)
        except ValueError:
            pass
    return result.doc.published


def _actor_rows(event: Event) -> list[dict[str, Any]]:
    rows = []
    groups: tuple[tuple[str, Sequence[Actor]], ...] = (
        ("actor", event.actors), ("recipient", event.recipients),
        ("attribution", (event.attribution,) if event.attribution else ()))
    for role, group in groups:
        for i, a in enumerate(group):
            rows.append({"event_id": event.event_id, "role": role, "position": i, "text": a.text,
                         "name": a.name, "country": a.country, "sector": a.sector,
                         "kind": a.kind})
    return rows


def _actor(row: Any) -> Actor:
    return Actor(row.text, row.name, row.country, row.sector, row.kind)


def _event_from_rows(row: Any, actor_rows: Sequence[Any], evidence_rows: Sequence[Any]) -> Event:
    loc = None
    if row.loc_precision is not None:
        loc = Place(row.loc_text or "", row.ev_start, row.ev_start, row.loc_name, row.loc_country,
                    row.loc_admin1, row.loc_lat, row.loc_lon, row.loc_geonameid,
                    row.loc_precision)
    by_role: dict[str, list[Actor]] = {"actor": [], "recipient": [], "attribution": []}
    for a in sorted(actor_rows, key=lambda r: (r.role, r.position)):
        by_role.setdefault(a.role, []).append(_actor(a))
    return Event(
        event_id=row.event_id, doc_id=row.doc_id, event_type=row.event_type, mode=row.mode,
        context=tuple(json.loads(row.context)), modality=row.modality, cameo=row.cameo,
        quad_class=row.quad_class,
        actors=tuple(by_role["actor"]), recipients=tuple(by_role["recipient"]),
        date=EventDate(row.date, row.date_precision, row.date_text), location=loc,
        size=Size(row.dead, row.injured, row.arrested),
        attribution=by_role["attribution"][0] if by_role["attribution"] else None,
        evidence=Evidence(row.ev_sentence, row.ev_sentence_index, row.ev_start, row.ev_end,
                          row.ev_trigger),
        confidence=row.confidence,
        mentions=tuple(Evidence(e.sentence, e.sentence_index, e.start, e.end, e.trigger)
                       for e in sorted(evidence_rows, key=lambda r: r.position)),
        published=row.published.isoformat() if row.published else None,
        coder_version=row.coder_version,
    )


def _unique_events(doc_id: str, result: DocResult) -> tuple[Event, ...]:
    unique: dict[str, Event] = {}
    for e in result.events:
        if e.event_id in unique:
            log.warning("%s: event id %s appears twice; the first is stored", doc_id,
                        e.event_id)
            continue
        unique[e.event_id] = e
    return tuple(unique.values())


def _article_row(article_id: str, copy: Copy, result: DocResult, signature: bytes,
                 n_events: int, now: str) -> dict[str, Any]:
    doc = result.doc
    return {"article_id": article_id, "doc_id": copy.doc_id, "title": doc.title,
            "url": doc.url, "published": doc.published, "source": doc.source,
            "language": doc.language, "text": doc.text, "text_len": len(doc.text),
            "signature": signature, "n_events": n_events, "added_at": now,
            "coder_version": _coder_of(result)}


def _coder_of(result: DocResult) -> str | None:
    """What coded an article: the extractor's version, else its events' (None: unknown)."""
    if result.coder_version is not None:
        return result.coder_version
    return next((e.coder_version for e in result.events if e.coder_version), None)


def _insert(conn: Connection) -> Callable[..., Any]:
    """The dialect's INSERT, which has ``on_conflict_do_update``/``_do_nothing``."""
    from sqlalchemy.dialects import postgresql, sqlite

    inserts: dict[str, Callable[..., Any]] = {"postgresql": postgresql.insert,
                                              "sqlite": sqlite.insert}
    if conn.dialect.name not in inserts:  # pragma: no cover - open_store refuses others
        raise StoreError(f"unsupported database {conn.dialect.name}")
    return inserts[conn.dialect.name]


def upsert_statement(conn: Connection, table: sa.Table, keys: Sequence[str],
                     keep: Sequence[str] = ()) -> Any:
    """INSERT that, on a key conflict, updates every column but ``keys`` and ``keep``."""
    stmt = _insert(conn)(table)
    update = {c.name: stmt.excluded[c.name] for c in table.columns
              if c.name not in keys and c.name not in keep}
    return stmt.on_conflict_do_update(index_elements=list(keys), set_=update)


def _reason(exc: sa.exc.SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---- the SQLAlchemy implementation ------------------------------------------------------------


def resolve_url(db: str) -> str:
    """A ``--db`` value (a path or a URL) to an SQLAlchemy URL."""
    db = db.strip()
    if not db:
        raise UsageError("--db is empty; give a file path or a sqlite:/// or postgresql:// URL")
    if "://" not in db:
        return "sqlite:///" + str(Path(db).expanduser().resolve())
    scheme, rest = db.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    if scheme in ("sqlite", "postgresql+psycopg"):
        return db
    raise UsageError(f"--db {db!r}: use a file path, sqlite:///PATH or postgresql://USER@HOST/DB")


class SqlStore:
    """The store on SQLite or PostgreSQL through SQLAlchemy Core."""

    def __init__(self, engine: Engine, label: str) -> None:
        self.engine = engine
        self.url = label
        self._dropped = 0
        """Events removed by the ``place`` in progress."""
        self._statements: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Any] = {}
        """Upsert statements, built once per table (building one costs more than running it)."""
        match = sa.or_(*(sa.and_(lsh_bands.c.band == i, lsh_bands.c.key == sa.bindparam(f"k{i}"))
                         for i in range(aggregate.LSH_BANDS)))
        self._candidates = (
            sa.select(articles.c.article_id, articles.c.signature)
            .where(articles.c.article_id.in_(sa.select(lsh_bands.c.article_id).where(match)))
            .order_by(articles.c.article_id))
        """``near_candidates``: one indexed look-up per band (band = i AND key = :ki)."""
        copy_match = sa.or_(*(sa.and_(copy_bands.c.band == i,
                                      copy_bands.c.key == sa.bindparam(f"k{i}"))
                              for i in range(aggregate.LSH_BANDS)))
        self._copy_candidates = (
            sa.select(copy_texts.c.text_hash, copy_texts.c.signature)
            .where(copy_texts.c.text_hash.in_(sa.select(copy_bands.c.text_hash)
                                              .where(copy_match)))
            .order_by(copy_texts.c.text_hash))
        """The same look-up among the copies' texts (``copy_bands``)."""

    def _upsert(self, conn: Connection, table: sa.Table, rows: list[dict[str, Any]],
                keys: Sequence[str], keep: Sequence[str] = ()) -> None:
        if not rows:
            return
        key = (table.name, tuple(keys), tuple(keep))
        stmt = self._statements.get(key)
        if stmt is None:
            stmt = self._statements[key] = upsert_statement(conn, table, keys, keep)
        conn.execute(stmt, rows)

    def _insert_new(self, conn: Connection, table: sa.Table,
                    rows: dict[str, Any] | list[dict[str, Any]], keys: Sequence[str]) -> bool:
        """``INSERT … ON CONFLICT (keys) DO NOTHING``: the idempotent write of at-least-once
        execution (a row delivered twice is stored once). True when a single row was new."""
        if not rows:
            return False
        key = (table.name, tuple(keys), ("-nothing-",))
        stmt = self._statements.get(key)
        if stmt is None:
            stmt = self._statements[key] = _insert(conn)(table).on_conflict_do_nothing(
                index_elements=list(keys))
        if isinstance(rows, dict):
            return bool(conn.execute(stmt.values(**rows)).rowcount)
        conn.execute(stmt, rows)
        return True

    # -- schema

    def migrate(self, apply: bool = True) -> list[int]:
        """Apply the migrations this database lacks, each in its own transaction. With
        ``apply=False`` (the read-only commands) a database that lacks one is a StoreError that
        says which command upgrades it."""
        try:
            with self.engine.begin() as conn:
                schema_migrations.create(conn, checkfirst=True)
            with self.engine.begin() as conn:
                done = set(conn.scalars(sa.select(schema_migrations.c.version)))
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: cannot open the event database ({_reason(exc)}); "
                             "check the path or URL and that the server is running") from None
        newest = max((v for v, _, _ in MIGRATIONS), default=0)
        if done and max(done) > newest:
            raise StoreError(f"{self.url}: schema version {max(done)} is newer than this "
                             f"eventwire knows ({newest}); upgrade eventwire")
        if not apply and done != {v for v, _, _ in MIGRATIONS}:
            have = max(done, default=0)
            raise StoreError(f"{self.url}: the event database is at schema version {have}, "
                             f"this eventwire reads version {newest}; upgrade it with "
                             f"`eventwire migrate --db {self.url}` (stored events keep their "
                             "coder version), then run this command again")
        applied = []
        for version, name, step in MIGRATIONS:
            if version in done:
                continue
            with self.engine.begin() as conn:
                step(conn)
                if version == 3:
                    self._split_modalities(conn)
                conn.execute(schema_migrations.insert().values(
                    version=version, name=name, applied_at=_now()))
            log.info("%s: applied schema migration %d (%s)", self.url, version, name)
            applied.append(version)
        return applied

    def _split_modalities(self, conn: Connection) -> None:
        """Migration 3's second half: move each stored event that is not asserted to the
        aggregate of its modality (``aggregate.modal_key``) and re-count what moved."""
        rows = conn.execute(
            sa.select(events.c.event_id, events.c.cluster_id, events.c.modality,
                      clusters.c.agg_key)
            .join(clusters, clusters.c.cluster_id == events.c.cluster_id)
            .where(events.c.modality != "asserted", clusters.c.agg_key.is_not(None))).all()
        if not rows:
            return
        touched: dict[str, Event | None] = {}
        loaded = self._load_events(conn, [r.event_id for r in rows])
        for r in rows:
            if r.agg_key.startswith(f"{r.modality}\t"):
                continue
            new = aggregate.cluster_of_key(aggregate.modal_key(r.agg_key, r.modality))
            conn.execute(events.update().where(events.c.event_id == r.event_id)
                         .values(cluster_id=new))
            touched.setdefault(r.cluster_id, None)
            touched[new] = loaded[r.event_id]
        emptied = [cid for cid in touched if touched[cid] is None and conn.scalar(
            sa.select(sa.func.count()).select_from(events).where(events.c.cluster_id == cid))
            == 0]
        if emptied:
            conn.execute(clusters.delete().where(clusters.c.cluster_id.in_(emptied)))
        self._recount(conn, {c: e for c, e in touched.items() if c not in emptied})
        log.info("%s: %d events moved to the aggregate of their modality", self.url,
                 sum(1 for e in touched.values() if e is not None))

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(sa.select(sa.func.max(schema_migrations.c.version))) or 0)

    # -- lookups for the ingest driver

    def lookup_doc(self, doc_id: str) -> str | None:
        """The text hash of the stored copy with this doc id, or None."""
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(copies.c.text_hash).where(copies.c.doc_id == doc_id))

    def lookup_hash(self, text_hash: str) -> str | None:
        """The article a copy with this text hash belongs to, or None."""
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(copies.c.article_id)
                               .where(copies.c.text_hash == text_hash).limit(1))

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Every stored article's MinHash signature."""
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=PAGE).execute(
                sa.select(articles.c.article_id, articles.c.signature))
            for row in result:
                yield row.article_id, bytes(row.signature)

    def near_candidates(self, bands: Sequence[int]) -> list[tuple[str, bytes]]:
        """The stored articles that share at least one LSH band key with ``bands`` (band ``i``
        has key ``bands[i]``, as ``aggregate.band_keys`` gives them), with their signatures,
        by article id; one indexed query."""
        if len(bands) != aggregate.LSH_BANDS:
            raise ValueError(f"{aggregate.LSH_BANDS} band keys are needed, not {len(bands)}")
        with self.engine.connect() as conn:
            rows = conn.execute(self._candidates, {f"k{i}": k for i, k in enumerate(bands)})
            return [(row.article_id, bytes(row.signature)) for row in rows]

    # -- writes: one transaction each

    def add_article(self, copy: Copy, result: DocResult, signature: bytes) -> int:
        """Store a new article (its first copy) with everything extracted; events stored."""
        now = _now()
        article_id = copy.text_hash
        kept = _unique_events(copy.doc_id, result)
        try:
            with self.engine.begin() as conn:
                if not self._insert_new(conn, articles, _article_row(
                        article_id, copy, result, signature, len(kept), now), ["article_id"]):
                    # stored whole by an earlier delivery of the same article (at-least-once
                    # execution): its events are there; only this copy may be new
                    self._insert_copy(conn, copy, article_id, now)
                    return 0
                self._insert_copy(conn, copy, article_id, now)
                touched = self._write_extracted(conn, article_id, result, kept, signature, now)
                self._recount(conn, touched)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: cannot store article {copy.doc_id!r} "
                             f"({_reason(exc)})") from None
        return len(kept)

    # -- recoding (``eventwire ingest --reextract``, ``store/recode.py``)

    def _other_coder(self, coder: str) -> Any:
        return sa.or_(articles.c.coder_version.is_(None), articles.c.coder_version != coder)

    def recode_candidates(self, coder: str) -> list[str]:
        """The articles another coder version coded (or whose version is not recorded), in
        the order they were added."""
        with self.engine.connect() as conn:
            return list(conn.scalars(sa.select(articles.c.article_id)
                                     .where(self._other_coder(coder))
                                     .order_by(articles.c.added_at, articles.c.article_id)))

    def other_coders(self, coder: str) -> int:
        """How many stored articles another coder version coded."""
        with self.engine.connect() as conn:
            return int(conn.scalar(sa.select(sa.func.count()).select_from(articles)
                                   .where(self._other_coder(coder))) or 0)

    def stored_article(self, article_id: str) -> Article:
        """A stored article as the extractor saw it: its cleaned text (which cleaning leaves
        as it is) under its original's doc id, so that an event found again keeps its id."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(articles).where(
                articles.c.article_id == article_id)).one_or_none()
        if row is None:
            raise StoreError(f"{self.url}: no article {article_id!r} to recode")
        return Article(doc_id=row.doc_id, text=row.text, title=row.title, url=row.url,
                       published=row.published, source=row.source,
                       origin=f"{self.url}#{article_id}")

    def replace_extraction(self, article_id: str, result: DocResult) -> tuple[int, int]:
        """Replace a stored article's events and places by ``result`` in one transaction,
        re-counting the aggregated events they leave and join (an aggregated event left
        without members is deleted); returns the number of events before and after."""
        now = _now()
        try:
            with self.engine.begin() as conn:
                row = conn.execute(sa.select(articles.c.doc_id, articles.c.signature)
                                   .where(articles.c.article_id == article_id)).one()
                self._dropped = 0
                touched = dict(self._drop_extracted(conn, article_id))
                before = self._dropped
                kept = _unique_events(row.doc_id, result)
                touched.update(self._write_extracted(conn, article_id, result, kept,
                                                     bytes(row.signature), now))
                conn.execute(articles.update().where(articles.c.article_id == article_id)
                             .values(n_events=len(kept), coder_version=_coder_of(result)))
                self._recount(conn, touched, drop_empty=True)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: cannot recode article {article_id!r} "
                             f"({_reason(exc)})") from None
        return before, len(kept)

    def _write_extracted(self, conn: Connection, article_id: str, result: DocResult,
                         kept: Sequence[Event], signature: bytes, now: str
                         ) -> dict[str, Event | None]:
        """An article's band keys, places, events, actors and evidence; returns the clusters
        its events join (for ``_recount``)."""
        event_rows = [_event_row(e, article_id, result, now) for e in kept]
        conn.execute(lsh_bands.delete().where(lsh_bands.c.article_id == article_id))
        conn.execute(lsh_bands.insert(), band_rows(article_id, signature))
        if result.places:
            conn.execute(places.delete().where(places.c.article_id == article_id))
            conn.execute(places.insert(), [
                {"article_id": article_id, "position": i, "text": p.text,
                 "start": p.start, "end": p.end, "name": p.name, "country": p.country,
                 "admin1": p.admin1, "lat": p.lat, "lon": p.lon,
                 "geonameid": p.geonameid, "precision": p.precision}
                for i, p in enumerate(result.places)])
        if event_rows:
            ids = [r["event_id"] for r in event_rows]
            conn.execute(event_actors.delete().where(event_actors.c.event_id.in_(ids)))
            conn.execute(event_evidence.delete()
                         .where(event_evidence.c.event_id.in_(ids)))
            self._insert_new(conn, events, event_rows, ["event_id"])
            actor_rows = [r for e in kept for r in _actor_rows(e)]
            if actor_rows:
                conn.execute(event_actors.insert(), actor_rows)
            evidence_rows = [
                {"event_id": e.event_id, "position": i, "sentence": m.sentence,
                 "sentence_index": m.sentence_index, "start": m.start, "end": m.end,
                 "trigger": m.trigger}
                for e in kept for i, m in enumerate(e.mentions)]
            if evidence_rows:
                conn.execute(event_evidence.insert(), evidence_rows)
        return {r["cluster_id"]: e for r, e in zip(event_rows, kept)}

    # -- the rule that picks the original (store/originals.py)

    def neighbours(self, text_hash: str, signature: bytes,
                   threshold: float = aggregate.NEAR_DUPLICATE_THRESHOLD) -> list[Neighbour]:
        """The stored texts linked to a document (the same text, or a near copy of it),
        among the articles' and the copies' texts, with their groups' originals."""
        with self.engine.connect() as conn:
            return self._neighbours(conn, text_hash, signature, threshold)

    def _neighbours(self, conn: Connection, text_hash: str, signature: bytes,
                    threshold: float) -> list[Neighbour]:
        params = {f"k{i}": k for i, k in enumerate(aggregate.band_keys(signature))}
        texts: dict[str, tuple[bytes, str | None]] = {}
        """text hash → (signature, group if known: an article's text is its own group)."""
        for row in conn.execute(self._candidates, params):
            texts[row.article_id] = (bytes(row.signature), row.article_id)
        for row in conn.execute(self._copy_candidates, params):
            texts.setdefault(row.text_hash, (bytes(row.signature), None))
        if text_hash not in texts:
            # the same text stored without band keys (a near copy stored before schema 4)
            group = conn.scalar(sa.select(copies.c.article_id)
                                .where(copies.c.text_hash == text_hash).limit(1))
            if group is not None:
                texts[text_hash] = (signature, group)
        linked = {h: v for h, v in texts.items() if h == text_hash
                  or aggregate.similarity(signature, v[0]) >= threshold}
        unknown = [h for h, (_, g) in linked.items() if g is None]
        groups = {h: g for h, (_, g) in linked.items() if g is not None}
        if unknown:
            groups.update(conn.execute(
                sa.select(copies.c.text_hash, sa.func.min(copies.c.article_id))
                .where(copies.c.text_hash.in_(unknown)).group_by(copies.c.text_hash)).all())
        originals = {r.article_id: r for r in conn.execute(
            sa.select(articles.c.article_id, articles.c.doc_id, copies.c.published)
            .join(copies, copies.c.doc_id == articles.c.doc_id)
            .where(articles.c.article_id.in_(sorted(set(groups.values())))))}
        return [Neighbour(h, linked[h][0], g, originals[g].doc_id, originals[g].published)
                for h, g in sorted(groups.items()) if g in originals]

    def place(self, copy: Copy, signature: bytes, result: DocResult | None,
              threshold: float = aggregate.NEAR_DUPLICATE_THRESHOLD) -> Placement:
        """Store a document by the rule of ``store/originals.py``, in one transaction: it
        joins the groups of the stored texts it is linked to, and the first of it and their
        originals (by ``rule_key``) is the original of the merged group. When that is this
        document, ``result`` (its extraction) is stored as the article; the originals it
        replaces become copies of it (their events, places and band keys removed, their
        copies re-pointed), and the aggregates they touch are re-counted."""
        now = _now()
        try:
            with self.engine.begin() as conn:
                known = conn.scalar(sa.select(copies.c.article_id)
                                    .where(copies.c.doc_id == copy.doc_id))
                if known is not None:  # delivered twice (at-least-once): stored once
                    return Placement("already", known)
                self._dropped = 0
                links = self._neighbours(conn, copy.text_hash, signature, threshold)
                firsts = {n.article_id: n.original_key for n in links}
                groups = sorted(firsts, key=firsts.__getitem__)
                own = rule_key(copy.published, copy.doc_id)
                touched: dict[str, Event | None] = {}
                if not groups or own < firsts[groups[0]]:
                    if result is None:
                        raise StoreError(
                            f"{self.url}: {copy.doc_id!r} is the original of its group but was "
                            "not extracted; this is a bug in the ingest driver")
                    target, target_sig = copy.text_hash, signature
                    kept = _unique_events(copy.doc_id, result)
                    row = _article_row(target, copy, result, signature, len(kept), now)
                    if target in firsts:  # an exact copy of the original, published earlier
                        touched.update(self._drop_extracted(conn, target))
                        conn.execute(articles.update()
                                     .where(articles.c.article_id == target).values(**row))
                        conn.execute(copies.update().where(copies.c.text_hash == target)
                                     .values(kind="exact", similarity=1.0))
                    else:
                        conn.execute(articles.insert().values(**row))
                    self._unindex_copy_text(conn, target)
                    self._insert_copy(conn, replace(copy, kind="original", similarity=1.0),
                                      target, now)
                    touched.update(self._write_extracted(conn, target, result, kept,
                                                         signature, now))
                    placed = Placement("new", target, 1.0, len(kept))
                else:
                    target = groups[0]
                    target_sig = self._signature(conn, target)
                    kind, sim = copy_kind(copy.text_hash, signature, target, target_sig)
                    self._insert_copy(conn, replace(copy, kind=kind, similarity=sim), target,
                                      now)
                    if kind == "near":
                        self._index_copy_text(conn, copy.text_hash, signature)
                    touched.update(dict.fromkeys(conn.scalars(
                        sa.select(events.c.cluster_id).distinct()
                        .where(events.c.article_id == target))))
                    placed = Placement(kind, target, sim)
                demoted = [g for g in groups if g != target]
                for group in demoted:
                    for cid in self._demote(conn, group, target, target_sig):
                        touched.setdefault(cid, None)
                self._recount(conn, touched, drop_empty=True)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: cannot store {copy.doc_id!r} "
                             f"({_reason(exc)})") from None
        return replace(placed, superseded=len(groups) - (placed.kind != "new"),
                       dropped=self._dropped)

    @staticmethod
    def _signature(conn: Connection, article_id: str) -> bytes:
        """A stored article's signature (the groups ``place`` looks at all have one)."""
        found = conn.scalar(sa.select(articles.c.signature)
                            .where(articles.c.article_id == article_id))
        if found is None:  # pragma: no cover - a neighbour's group is always an article
            raise StoreError(f"article {article_id} is named by copies but not stored")
        return bytes(found)

    def _index_copy_text(self, conn: Connection, text_hash: str, signature: bytes) -> None:
        if conn.scalar(sa.select(copy_texts.c.text_hash)
                       .where(copy_texts.c.text_hash == text_hash)) is None:
            conn.execute(copy_texts.insert().values(text_hash=text_hash, signature=signature))
            conn.execute(copy_bands.insert(), [
                {"text_hash": text_hash, "band": band, "key": key}
                for band, key in enumerate(aggregate.band_keys(signature))])

    def _unindex_copy_text(self, conn: Connection, text_hash: str) -> None:
        conn.execute(copy_bands.delete().where(copy_bands.c.text_hash == text_hash))
        conn.execute(copy_texts.delete().where(copy_texts.c.text_hash == text_hash))

    def _drop_extracted(self, conn: Connection, article_id: str) -> dict[str, Event | None]:
        """Delete an article's events (with actors and evidence), places and band keys;
        returns the clusters they were in."""
        ids = sa.select(events.c.event_id).where(events.c.article_id == article_id)
        touched = dict.fromkeys(conn.scalars(sa.select(events.c.cluster_id).distinct()
                                             .where(events.c.article_id == article_id)))
        conn.execute(event_actors.delete().where(event_actors.c.event_id.in_(ids)))
        conn.execute(event_evidence.delete().where(event_evidence.c.event_id.in_(ids)))
        self._dropped += conn.execute(events.delete()
                                      .where(events.c.article_id == article_id)).rowcount
        conn.execute(places.delete().where(places.c.article_id == article_id))
        return touched  # type: ignore[return-value]

    def _demote(self, conn: Connection, group: str, target: str, target_sig: bytes
                ) -> list[str]:
        """Make every document of ``group`` a copy of the article ``target``: the group's
        original loses its events and article row; its text is indexed as a copy's."""
        old_sig = self._signature(conn, group)
        touched = self._drop_extracted(conn, group)
        conn.execute(lsh_bands.delete().where(lsh_bands.c.article_id == group))
        self._index_copy_text(conn, group, old_sig)
        members = conn.execute(sa.select(copies.c.doc_id, copies.c.text_hash, copies.c.kind,
                                         copies.c.similarity)
                               .where(copies.c.article_id == group)).all()
        sigs = {group: old_sig, target: target_sig}
        others = sorted({m.text_hash for m in members} - set(sigs))
        if others:
            sigs.update((r.text_hash, bytes(r.signature)) for r in conn.execute(
                sa.select(copy_texts.c.text_hash, copy_texts.c.signature)
                .where(copy_texts.c.text_hash.in_(others))))
        for m in members:
            if m.text_hash in sigs:
                kind, sim = copy_kind(m.text_hash, sigs[m.text_hash], target, target_sig)
            else:  # a near copy stored before schema 4, without its signature
                kind, sim = m.kind, m.similarity
            conn.execute(copies.update().where(copies.c.doc_id == m.doc_id)
                         .values(article_id=target, kind=kind, similarity=float(sim)))
        conn.execute(articles.delete().where(articles.c.article_id == group))
        return list(touched)

    def add_copy(self, copy: Copy, article_id: str) -> None:
        """Record a duplicate copy of a stored article and re-count its aggregated events."""
        now = _now()
        try:
            with self.engine.begin() as conn:
                self._insert_copy(conn, copy, article_id, now)
                touched = conn.scalars(sa.select(events.c.cluster_id).distinct()
                                       .where(events.c.article_id == article_id))
                self._recount(conn, dict.fromkeys(touched))
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: cannot store copy {copy.doc_id!r} "
                             f"({_reason(exc)})") from None

    def add_reject(self, reject: Reject) -> None:
        """Record an input that could not be read (once per origin; a re-run updates it)."""
        try:
            with self.engine.begin() as conn:
                self._upsert(conn, rejects, [{"origin": reject.origin, "reason": reject.reason,
                                         "added_at": _now()}], ["origin"], keep=["added_at"])
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: cannot record reject {reject.origin!r} "
                             f"({_reason(exc)})") from None

    def _insert_copy(self, conn: Connection, copy: Copy, article_id: str, now: str) -> None:
        self._insert_new(conn, copies, {
            "doc_id": copy.doc_id, "article_id": article_id, "text_hash": copy.text_hash,
            "kind": copy.kind, "similarity": float(copy.similarity), "title": copy.title,
            "url": copy.url, "published": copy.published, "source": copy.source,
            "source_name": aggregate.source_name(copy.source, copy.url), "origin": copy.origin,
            "added_at": now,
        }, ["doc_id"])

    def _recount(self, conn: Connection, touched: Mapping[str, Event | None],
                 drop_empty: bool = False) -> None:
        """Recompute the counts and representative of the given aggregated events.

        ``touched`` maps each cluster to a member event just stored (whose aggregation key a
        new cluster row records), or to None for a cluster that only gained a copy (or, with
        ``drop_empty``, lost events: one left without any is deleted).
        """
        for cid in sorted(touched):
            rows = conn.execute(
                sa.select(events.c.event_id, events.c.confidence, events.c.n_mentions,
                          events.c.added_at, events.c.date_start, events.c.event_type,
                          copies.c.doc_id, copies.c.source_name)
                .join(copies, copies.c.article_id == events.c.article_id)
                .where(events.c.cluster_id == cid)).all()
            if not rows:
                if drop_empty:
                    conn.execute(clusters.delete().where(clusters.c.cluster_id == cid))
                continue
            counts = aggregate.count_mentions(
                aggregate.Member(r.event_id, r.doc_id, r.source_name, r.n_mentions, r.confidence)
                for r in rows)
            rep = next(r for r in rows if r.event_id == counts.representative)
            values = {
                "event_type": rep.event_type, "sort_date": rep.date_start or _FAR_FUTURE,
                "representative": rep.event_id, "num_mentions": counts.num_mentions,
                "num_sources": counts.num_sources, "num_articles": counts.num_articles,
                "first_added_at": min(r.added_at for r in rows),
                "last_added_at": max(r.added_at for r in rows),
            }
            member = touched[cid]
            if member is None:
                conn.execute(clusters.update().where(clusters.c.cluster_id == cid)
                             .values(**values))
                continue
            self._upsert(conn, clusters, [{
                "cluster_id": cid, "global_id": aggregate.global_event_id(cid),
                "agg_key": aggregate.aggregation_key(member), **values}], ["cluster_id"])

    # -- reads

    def _load_events(self, conn: Connection, ids: Sequence[str]) -> dict[str, Event]:
        if not ids:
            return {}
        rows = conn.execute(sa.select(events).where(events.c.event_id.in_(ids))).all()
        actors: dict[str, list[Any]] = {}
        for a in conn.execute(sa.select(event_actors).where(event_actors.c.event_id.in_(ids))):
            actors.setdefault(a.event_id, []).append(a)
        evidence: dict[str, list[Any]] = {}
        for e in conn.execute(sa.select(event_evidence)
                              .where(event_evidence.c.event_id.in_(ids))):
            evidence.setdefault(e.event_id, []).append(e)
        return {r.event_id: _event_from_rows(r, actors.get(r.event_id, ()),
                                             evidence.get(r.event_id, ())) for r in rows}

    def _conditions(self, q: EventQuery) -> list[Any]:
        conds: list[Any] = []
        if q.event_type:
            kind = q.event_type.strip().upper()
            if kind not in EVENT_TYPES:
                raise UsageError(f"event type {q.event_type!r} is not a PLOVER type; use one of "
                                 + ", ".join(EVENT_TYPES))
            conds.append(events.c.event_type == kind)
        for role, code in (("actor", q.actor), ("recipient", q.recipient)):
            if not code:
                continue
            country, sector = parse_actor_code(code)
            sub = sa.select(event_actors.c.event_id).where(event_actors.c.role == role)
            if country:
                sub = sub.where(event_actors.c.country == country)
            if sector:
                sub = sub.where(event_actors.c.sector == sector)
            conds.append(events.c.event_id.in_(sub))
        if q.since:
            conds.append(events.c.date_end >= q.since)
        if q.until:
            conds.append(events.c.date_start <= q.until)
        if q.place_country:
            conds.append(events.c.loc_country == q.place_country.strip().upper())
        if q.text:
            conds.append(events.c.ev_sentence.ilike(f"%{_like_escape(q.text)}%", escape="\\"))
        if q.min_confidence:
            conds.append(events.c.confidence >= q.min_confidence)
        return conds

    def _pages(self, conn: Connection, q: EventQuery) -> Iterator[Sequence[Any]]:
        return self._cluster_pages(conn, self._conditions(q), (), q.limit)

    @staticmethod
    def matching(conds: Sequence[Any], cluster_conds: Sequence[Any]) -> Any:
        """The clusters statement: aggregates with a member event matching ``conds`` (on
        ``events``; they may join ``articles`` through ``events.article_id``) and matching
        ``cluster_conds`` (on ``clusters``)."""
        stmt = sa.select(clusters)
        if conds:
            stmt = stmt.where(clusters.c.cluster_id.in_(
                sa.select(events.c.cluster_id).where(*conds)))
        if cluster_conds:
            stmt = stmt.where(*cluster_conds)
        return stmt

    def _cluster_pages(self, conn: Connection, conds: Sequence[Any],
                       cluster_conds: Sequence[Any], limit: int | None
                       ) -> Iterator[Sequence[Any]]:
        """Cluster rows matching the conditions in pages of ``PAGE``, in date order (undated
        last), then by GlobalEventID; keyset paging, so a page costs the same however deep
        it is."""
        left = limit
        last: tuple[date, int] | None = None
        while left is None or left > 0:
            size = PAGE if left is None else min(PAGE, left)
            stmt = self.matching(conds, cluster_conds).order_by(clusters.c.sort_date,
                                                                 clusters.c.global_id)
            if last is not None:
                stmt = stmt.where(sa.or_(clusters.c.sort_date > last[0], sa.and_(
                    clusters.c.sort_date == last[0], clusters.c.global_id > last[1])))
            rows = conn.execute(stmt.limit(size)).all()
            if rows:
                yield rows
            if len(rows) < size:
                return
            last = (rows[-1].sort_date, rows[-1].global_id)
            if left is not None:
                left -= len(rows)

    def query(self, q: EventQuery | None = None) -> Iterator[Aggregate]:
        """Aggregated events with at least one member event matching ``q``, in date order
        (undated last), then by GlobalEventID."""
        q = q or EventQuery()
        yield from self.aggregates(self._conditions(q), limit=q.limit)

    def aggregates(self, conds: Sequence[Any] = (), cluster_conds: Sequence[Any] = (), *,
                   limit: int | None = None) -> Iterator[Aggregate]:
        """Aggregated events matching SQL conditions (see ``matching``; ``store.query``
        builds them from filters), in date order (undated last), then by GlobalEventID."""
        with self.engine.connect() as conn:
            for rows in self._cluster_pages(conn, conds, cluster_conds, limit):
                yield from self.aggregates_of(conn, rows)

    def aggregates_of(self, conn: Connection, rows: Sequence[Any]) -> Iterator[Aggregate]:
        """``Aggregate`` records of cluster rows (their representative events loaded)."""
        ids = [r.representative for r in rows]
        reps = self._load_events(conn, ids)
        info = {r.event_id: r for r in conn.execute(
            sa.select(events.c.event_id, events.c.is_root, articles.c.url,
                      articles.c.published, articles.c.source)
            .join(articles, articles.c.article_id == events.c.article_id)
            .where(events.c.event_id.in_(ids)))}
        for r in rows:
            i = info[r.representative]
            yield Aggregate(r.global_id, r.cluster_id, reps[r.representative],
                            r.num_mentions, r.num_sources, r.num_articles,
                            bool(i.is_root), i.url, i.published, r.first_added_at,
                            aggregate.source_name(i.source, i.url))

    def reports(self, q: EventQuery | None = None) -> Iterator[CopyReport]:
        """Every report of the aggregated events ``query(q)`` yields: one per member event and
        copy of its article, in the same order."""
        q = q or EventQuery()
        yield from self.reports_where(self._conditions(q), limit=q.limit)

    def reports_where(self, conds: Sequence[Any] = (), cluster_conds: Sequence[Any] = (), *,
                      limit: int | None = None) -> Iterator[CopyReport]:
        """Every report of the aggregated events ``aggregates(conds, cluster_conds)`` yields."""
        with self.engine.connect() as conn:
            for page in self._cluster_pages(conn, conds, cluster_conds, limit):
                by_cluster = {r.cluster_id: r for r in page}
                rows = conn.execute(
                    sa.select(events.c.event_id, events.c.cluster_id, copies.c.doc_id,
                              copies.c.url, copies.c.source_name, copies.c.published,
                              copies.c.added_at, articles.c.text_len)
                    .join(copies, copies.c.article_id == events.c.article_id)
                    .join(articles, articles.c.article_id == events.c.article_id)
                    .where(events.c.cluster_id.in_(list(by_cluster)))).all()
                loaded = self._load_events(conn, sorted({r.event_id for r in rows}))
                order = {cid: i for i, cid in enumerate(by_cluster)}
                for r in sorted(rows, key=lambda r: (order[r.cluster_id], r.event_id, r.doc_id)):
                    c = by_cluster[r.cluster_id]
                    yield CopyReport(c.global_id, c.first_added_at, loaded[r.event_id], r.doc_id,
                                 r.url, r.source_name, r.published, r.added_at, r.text_len)

    def rejects(self) -> Iterator[Reject]:
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(rejects).order_by(rejects.c.origin)):
                yield Reject(row.origin, row.reason)

    def counts(self) -> dict[str, int]:
        """Rows per kind: articles, copies, events, aggregated events, rejects."""
        with self.engine.connect() as conn:
            return {name: int(conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0)
                    for name, t in (("articles", articles), ("copies", copies),
                                    ("events", events), ("aggregates", clusters),
                                    ("rejects", rejects))}

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_engine(url: str) -> Engine:
    engine = sa.create_engine(url)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below own transactions
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def open_store(db: str, *, create: bool = True, migrate: bool = True) -> SqlStore:
    """Open (and migrate) the event database at ``db``: a path or a sqlite/postgresql URL.

    With ``create=False`` a missing SQLite file is an error instead of a new database; with
    ``migrate=False`` (the read-only commands) so is a database an older eventwire made: the
    message says to run ``eventwire migrate``.
    """
    url = resolve_url(db)
    parsed = sa.engine.make_url(url)
    label = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if not path or path == ":memory:":
            raise UsageError(f"--db {db!r}: an in-memory database would vanish; give a file")
        file = Path(path)
        if not create and not file.exists():
            raise StoreError(f"{file}: no event database here; run `eventwire ingest` first "
                             "or pass --db")
        if not file.parent.is_dir():
            raise StoreError(f"{file}: directory {file.parent} does not exist; create it first")
        label = str(file)
        engine = _sqlite_engine(url)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    store = SqlStore(engine, label)
    try:
        store.migrate(apply=migrate)
    except StoreError:
        store.close()
        raise
    return store
