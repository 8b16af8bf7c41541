"""The event database's tables and the migrations that build them, in order.

``MIGRATIONS`` lists every schema version as ``(version, name, function)``; ``store.open_store``
applies those a database lacks, each in its own transaction, and records it in
``schema_migrations``. A migration only ever adds: an older database keeps its rows.

1. articles (one row per distinct text), copies (every document read: doc id, source, URL,
   kind original/exact/near), events (every record field), event_actors (actors, recipients
   and attribution, indexed by country and sector), event_evidence (further evidence
   sentences), places, clusters (aggregated events and their counts), rejects.
2. lsh_bands: each article's near-duplicate band keys (``aggregate.band_keys``), indexed by
   (band, key), so that the near duplicates of a new article are found by one indexed query
   instead of an index held in memory; filled from the stored signatures of a v1 database.
3. event record schema 2: ``events.published`` (the article's publication date, the date a
   query falls back to when the event has none) and ``events.coder_version`` (what coded the
   event; events stored before are marked ``OLD_CODER``, so that they keep saying so), and the
   ``events_flat`` view (one row per event: actors, recipients, place, dates, modality,
   sentence, URL), for ``datasette`` and plain SQL. The store then re-counts the aggregated
   events whose members differ in modality (``aggregate.aggregation_key`` keeps a negated or
   hypothetical event apart from an asserted one).
4. copy_texts and copy_bands: the MinHash signature and LSH band keys of every stored text that
   is not an article's (near copies, and originals that an earlier-published copy replaced),
   so that an arriving document finds its copies among every stored text, not only among the
   articles (``store/originals.py``: the rule that picks the original, whatever the arrival
   order). Nothing to fill: an older database did not keep its copies' texts.
5. ``ix_events_days``: an index on the first and last day an event may be on (its date span,
   else its publication date: ``query.FIRST_DAY``, ``query.LAST_DAY``), with its modality and
   aggregated event, so that a date range (the explorer's timeline) reads the index instead of
   every event (``docs/benchmarks.md``).
6. ``articles.coder_version``: what coded each article (``Extractor.coder_version``), its
   events or none, so that ``eventwire ingest --reextract`` recodes exactly the articles another
   coder version coded (``store/recode.py``); filled from the stored events.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import aggregate

log = logging.getLogger(__name__)

BACKFILL_PAGE = 1000
"""Articles read per round trip when migration 2 fills ``lsh_bands``."""

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.String(32), nullable=False),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("source", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("text_len", sa.Integer, nullable=False),
    sa.Column("signature", sa.LargeBinary, nullable=False),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("added_at", sa.String(32), nullable=False),
    sa.Column("coder_version", sa.Text),
)

copies = sa.Table(
    "copies", metadata,
    sa.Column("doc_id", sa.Text, primary_key=True),
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.article_id"), nullable=False,
              index=True),
    sa.Column("text_hash", sa.String(64), nullable=False, index=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("similarity", sa.Float, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("source", sa.Text),
    sa.Column("source_name", sa.Text),
    sa.Column("origin", sa.Text),
    sa.Column("added_at", sa.String(32), nullable=False),
)

events = sa.Table(
    "events", metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.article_id"), nullable=False,
              index=True),
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("cluster_id", sa.String(24), nullable=False, index=True),
    sa.Column("event_type", sa.String(16), nullable=False, index=True),
    sa.Column("mode", sa.Text),
    sa.Column("context", sa.Text, nullable=False),
    sa.Column("modality", sa.String(16), nullable=False),
    sa.Column("cameo", sa.String(8)),
    sa.Column("quad_class", sa.Integer),
    sa.Column("date", sa.String(10), index=True),
    sa.Column("date_precision", sa.String(8), nullable=False),
    sa.Column("date_text", sa.Text),
    sa.Column("date_start", sa.Date, index=True),
    sa.Column("date_end", sa.Date, index=True),
    sa.Column("loc_text", sa.Text),
    sa.Column("loc_name", sa.Text),
    sa.Column("loc_country", sa.String(8), index=True),
    sa.Column("loc_admin1", sa.Text),
    sa.Column("loc_lat", sa.Float),
    sa.Column("loc_lon", sa.Float),
    sa.Column("loc_geonameid", sa.BigInteger),
    sa.Column("loc_precision", sa.String(8)),
    sa.Column("dead", sa.Integer),
    sa.Column("injured", sa.Integer),
    sa.Column("arrested", sa.Integer),
    sa.Column("ev_sentence", sa.Text, nullable=False),
    sa.Column("ev_sentence_index", sa.Integer, nullable=False),
    sa.Column("ev_start", sa.Integer, nullable=False),
    sa.Column("ev_end", sa.Integer, nullable=False),
    sa.Column("ev_trigger", sa.Text),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("is_root", sa.Boolean, nullable=False),
    sa.Column("n_mentions", sa.Integer, nullable=False),
    sa.Column("added_at", sa.String(32), nullable=False),
    sa.Column("published", sa.Date, index=True),
    sa.Column("coder_version", sa.Text),
)

event_actors = sa.Table(
    "event_actors", metadata,
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.event_id"), primary_key=True),
    sa.Column("role", sa.String(12), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("country", sa.String(8)),
    sa.Column("sector", sa.String(8)),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Index("ix_event_actors_country", "country", "sector", "role"),
    sa.Index("ix_event_actors_sector", "sector", "role"),
)

event_evidence = sa.Table(
    "event_evidence", metadata,
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.event_id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("sentence_index", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("trigger", sa.Text),
)

places = sa.Table(
    "places", metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.article_id"),
              primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("country", sa.String(8), index=True),
    sa.Column("admin1", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geonameid", sa.BigInteger),
    sa.Column("precision", sa.String(8), nullable=False),
)

clusters = sa.Table(
    "clusters", metadata,
    sa.Column("cluster_id", sa.String(24), primary_key=True),
    sa.Column("global_id", sa.BigInteger, nullable=False, unique=True),
    sa.Column("agg_key", sa.Text),
    sa.Column("event_type", sa.String(16), nullable=False),
    sa.Column("sort_date", sa.Date, nullable=False),
    sa.Column("representative", sa.Text, nullable=False),
    sa.Column("num_mentions", sa.Integer, nullable=False),
    sa.Column("num_sources", sa.Integer, nullable=False),
    sa.Column("num_articles", sa.Integer, nullable=False),
    sa.Column("first_added_at", sa.String(32), nullable=False),
    sa.Column("last_added_at", sa.String(32), nullable=False),
    sa.Index("ix_clusters_order", "sort_date", "global_id"),
)

rejects = sa.Table(
    "rejects", metadata,
    sa.Column("origin", sa.Text, primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("added_at", sa.String(32), nullable=False),
)

lsh_bands = sa.Table(
    "lsh_bands", metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.article_id"),
              primary_key=True),
    sa.Column("band", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("key", sa.BigInteger, nullable=False),
    sa.Index("ix_lsh_bands_band_key", "band", "key"),
)
"""One row per article and LSH band: the band's key (``aggregate.band_keys``)."""

copy_texts = sa.Table(
    "copy_texts", metadata,
    sa.Column("text_hash", sa.String(64), primary_key=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)
"""The signature of each stored text that is not an article's (migration 4)."""

copy_bands = sa.Table(
    "copy_bands", metadata,
    sa.Column("text_hash", sa.String(64), sa.ForeignKey("copy_texts.text_hash"),
              primary_key=True),
    sa.Column("band", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("key", sa.BigInteger, nullable=False),
    sa.Index("ix_copy_bands_band_key", "band", "key"),
)
"""One row per ``copy_texts`` text and LSH band, as ``lsh_bands`` for the articles."""

_V1_TABLES = (articles, copies, events, event_actors, event_evidence, places, clusters, rejects)


def band_rows(article_id: str, signature: bytes) -> list[dict[str, object]]:
    """The ``lsh_bands`` rows of an article with this stored signature."""
    return [{"article_id": article_id, "band": band, "key": key}
            for band, key in enumerate(aggregate.band_keys(signature))]


def _migrate_v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(_V1_TABLES))


def _migrate_v2(conn: Connection) -> None:
    """Create ``lsh_bands`` and fill it from the articles' signatures, a page at a time."""
    lsh_bands.create(conn)
    last: str | None = None
    filled = 0
    while True:
        stmt = (sa.select(articles.c.article_id, articles.c.signature)
                .order_by(articles.c.article_id).limit(BACKFILL_PAGE))
        if last is not None:
            stmt = stmt.where(articles.c.article_id > last)
        page = conn.execute(stmt).all()
        if not page:
            break
        conn.execute(lsh_bands.insert(), [row for article_id, signature in page
                                          for row in band_rows(article_id, bytes(signature))])
        filled += len(page)
        last = page[-1].article_id
    if filled:
        log.info("lsh_bands: band keys of %d stored articles computed", filled)


OLD_CODER = "0.1.0 (event record schema 1)"
"""The coder version that migration 3 gives the events stored before it: eventwire 0.1.0 or
older, whose event ids hashed the resolved actors."""

FLAT_VIEW = "events_flat"


def _joined(dialect: str, column: str, role: str) -> str:
    """A correlated subquery: the event's actors of ``role``, their ``column`` joined by |."""
    if dialect == "postgresql":
        agg = f"string_agg(coalesce(a.{column}, ''), '|' ORDER BY a.position)"
    else:
        agg = f"group_concat(coalesce(a.{column}, ''), '|')"
    return (f"(SELECT {agg} FROM (SELECT * FROM event_actors WHERE event_id = e.event_id "
            f"AND role = '{role}' ORDER BY position) AS a)")


def flat_view_sql(dialect: str) -> str:
    """``CREATE VIEW events_flat``: one row per event, for datasette and plain SQL."""
    cols = [
        "e.event_id", "c.global_id AS global_event_id", "e.doc_id", "e.event_type", "e.mode",
        "e.modality", "e.cameo", "e.quad_class",
        "coalesce(e.date, CAST(e.published AS TEXT)) AS day",
        "CASE WHEN e.date IS NOT NULL THEN 'event' WHEN e.published IS NOT NULL "
        "THEN 'published' END AS date_basis",
        "e.date", "e.date_precision", "e.date_text", "e.published",
        *(f"{_joined(dialect, col, role)} AS {role}_{plural}"
          for role in ("actor", "recipient")
          for col, plural in (("name", "names"), ("country", "countries"),
                              ("sector", "sectors"))),
        "e.loc_name AS place_name", "e.loc_country AS place_country",
        "e.loc_admin1 AS place_admin1", "e.loc_lat AS lat", "e.loc_lon AS lon",
        "e.loc_precision AS place_precision", "e.dead", "e.injured", "e.arrested",
        "e.ev_sentence AS sentence", "e.ev_trigger AS trigger", "e.confidence",
        "c.num_sources", "c.num_articles", "a.url", "a.source", "a.title", "e.coder_version",
    ]
    return (f"CREATE VIEW {FLAT_VIEW} AS SELECT " + ", ".join(cols)
            + " FROM events AS e JOIN articles AS a ON a.article_id = e.article_id"
            " JOIN clusters AS c ON c.cluster_id = e.cluster_id")


@sa.event.listens_for(metadata, "before_drop")
def _drop_flat_view(target: sa.MetaData, conn: Connection, **_: object) -> None:
    """``metadata.drop_all`` drops the view first (PostgreSQL refuses to drop its tables)."""
    conn.execute(sa.text(f"DROP VIEW IF EXISTS {FLAT_VIEW}"))


def _migrate_v3(conn: Connection) -> None:
    """Add ``published`` and ``coder_version`` to the events, fill them for the stored ones,
    and create the ``events_flat`` view."""
    have = {c["name"] for c in sa.inspect(conn).get_columns("events")}
    for column, kind in (("published", "DATE"), ("coder_version", "TEXT")):
        if column not in have:
            conn.execute(sa.text(f"ALTER TABLE events ADD COLUMN {column} {kind}"))
    if "published" not in have:
        conn.execute(sa.text("CREATE INDEX ix_events_published ON events (published)"))
    conn.execute(events.update().where(events.c.published.is_(None)).values(
        published=sa.select(articles.c.published)
        .where(articles.c.article_id == events.c.article_id).scalar_subquery()))
    conn.execute(events.update().where(events.c.coder_version.is_(None))
                 .values(coder_version=OLD_CODER))
    conn.execute(sa.text(f"DROP VIEW IF EXISTS {FLAT_VIEW}"))
    conn.execute(sa.text(flat_view_sql(conn.dialect.name)))


def _migrate_v4(conn: Connection) -> None:
    """Create ``copy_texts`` and ``copy_bands`` (empty: copies' texts were not kept before)."""
    metadata.create_all(conn, tables=[copy_texts, copy_bands])


def _migrate_v5(conn: Connection) -> None:
    """Index the events' first and last day (an index on expressions, SQLite and PostgreSQL)."""
    conn.execute(sa.text(
        "CREATE INDEX IF NOT EXISTS ix_events_days ON events ((coalesce(date_end, published)), "
        "(coalesce(date_start, published)), modality, cluster_id)"))


def _migrate_v6(conn: Connection) -> None:
    """Add ``articles.coder_version`` (what coded each article, its events or none), filled
    from the article's events; left empty for an article without events (its version is not
    known: ``ingest --reextract`` recodes it)."""
    have = {c["name"] for c in sa.inspect(conn).get_columns("articles")}
    if "coder_version" not in have:
        conn.execute(sa.text("ALTER TABLE articles ADD COLUMN coder_version TEXT"))
    conn.execute(articles.update().where(articles.c.coder_version.is_(None)).values(
        coder_version=sa.select(sa.func.min(events.c.coder_version))
        .where(events.c.article_id == articles.c.article_id).scalar_subquery()))


MIGRATIONS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "articles, copies, events, actors, evidence, places, clusters, rejects", _migrate_v1),
    (2, "lsh_bands: near-duplicate band keys in the database", _migrate_v2),
    (3, "event record schema 2: published, coder_version; events_flat view", _migrate_v3),
    (4, "copy_texts, copy_bands: near-duplicate state of copies", _migrate_v4),
    (5, "ix_events_days: events by first and last day", _migrate_v5),
    (6, "articles.coder_version: what coded each article (ingest --reextract)", _migrate_v6),
)
"""Schema migrations in order; a later version appends ``(n, name, function)``."""

SCHEMA_VERSION = MIGRATIONS[-1][0]
