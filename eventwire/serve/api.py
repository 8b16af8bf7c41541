"""The read-only REST API over the event database (FastAPI; ``eventwire serve``).

``create_app(db)`` builds the application for one database (a SQLite path or a URL); the
explorer (``explorer.py``) mounts its pages and static files on the same app. Every endpoint is
a GET, reads through ``eventwire.store`` and the library's query (``store/query.py``), whose
SQL is parameterized; nothing writes. The filters are those of ``eventwire query`` as query
parameters; a wrong value (an unknown code or name, an impossible date range) is a 400 whose
``detail`` names it, a malformed one a 422.

Every route is under ``/api`` (``API_PREFIX``); the explorer page answers ``/`` and the rest.

The answers of ``/api/events``, ``/api/actors``, ``/api/places``, ``/api/stats`` and
``/api/dyads`` are kept (``cache.py``) until the database changes (a write by any process:
SQLite's data version, PostgreSQL's snapshot), so the same view asked again is not counted
again, and what is given is always what counting now would give. They are made in threads of
their own (``PAGE_THREADS`` for pages of events, actors and places, ``cache.COUNT_THREADS`` for
the counts of stats and dyads), apart from the other endpoints' (``REQUEST_THREADS``): a slow
count of a new filter holds up only other new counts.

======================  ==============================================================
``/api/events``         aggregated events matching the filters: a page of records
                        (``offset``, ``limit`` ≤ ``MAX_PAGE``, ``sort``), and the total
``/api/events/{id}``    one event (any member's id): its record, evidence sentences, the
                        other member events (mentions) and the articles that report it
``/api/actors``         actors with their event counts, by name search (``q``) and role
``/api/places``         GeoJSON of the located events, one feature per place with its count
``/api/stats``          counts per period and group (``eventwire stats``)
``/api/dyads``          network edges: country pairs with event counts and mean Goldstein
``/api/export``         the current filter in every format (TSV, PLOVER JSON, CSV, Parquet,
                        GeoJSON, GEXF)
``/api/openapi.json``   the OpenAPI description (pages at ``/api/docs``)
======================  ==============================================================
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from . import require_web

require_web()

import sqlalchemy as sa  # noqa: E402
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request  # noqa: E402
from fastapi.responses import JSONResponse, Response  # noqa: E402

from .. import __version__  # noqa: E402
from ..errors import EventwireError, UsageError  # noqa: E402
from ..knowledge import Knowledge, load_knowledge  # noqa: E402
from ..store import export as ex  # noqa: E402
from ..store.query import Filters, Resolver, count, page  # noqa: E402
from ..store.query import dyads as dyad_counts  # noqa: E402
from ..store.schema import (  # noqa: E402
    articles,
    clusters,
    copies,
    event_actors,
    event_evidence,
    events,
)
from ..store.store import SqlStore, open_store  # noqa: E402
from .cache import CountCache, data_version  # noqa: E402

log = logging.getLogger(__name__)

API_PREFIX = "/api"
"""Where every route of the API starts (the explorer page answers the other paths)."""
MAX_PAGE = 500
"""The most events, actors, places or stats rows one response holds."""
MAX_STATS_ROWS = 10_000
"""The most rows of counts one /stats response holds (a day per group over 27 years)."""
MAX_OFFSET = 10_000_000
MAX_TEXT = 200
"""The longest filter value accepted (a name, a code, words)."""
REQUEST_THREADS = 6
"""Threads for the endpoints whose answers are not kept (one event, exports) and for checking
the query parameters."""
PAGE_THREADS = 4
"""Threads that make the pages of /events and the answers of /actors and /places; the counts of
/stats and /dyads have threads of their own (``cache.COUNT_THREADS``, at most 4), so that a slow
count never holds up a page. All of them together stay within the database pool's 15
connections: no request waits for one."""

EXPORT_TYPES = {
    "plover": ("application/x-ndjson", "events.jsonl"),
    "gdelt": ("text/tab-separated-values", "events.tsv"),
    "gdelt-mentions": ("text/tab-separated-values", "mentions.tsv"),
    "csv": ("text/csv", "events.csv"),
    "parquet": ("application/vnd.apache.parquet", "events.parquet"),
    "geojson": ("application/geo+json", "events.geojson"),
    "gexf": ("application/gexf+xml", "events.gexf"),
}

def _clean(value: str | None, name: str) -> str | None:
    if value is not None and "\x00" in value:
        raise UsageError(f"{name}: a NUL character is not allowed")
    return value


def filters_from_query(
    since: Annotated[date | None, Query(description="Events on or after this date (the "
                                        "event's date, else its article's publication date).")
                     ] = None,
    until: Annotated[date | None, Query(description="Events on or before this date.")] = None,
    type: Annotated[list[str], Query(max_length=MAX_TEXT,  # noqa: A002
                                     description="PLOVER event types (repeatable).")] = [],  # noqa: B006 (FastAPI copies defaults)
    quad_class: Annotated[list[int], Query(description="CAMEO quad classes 1-4 (repeatable).")
                          ] = [],  # noqa: B006 (FastAPI copies defaults)
    mode: Annotated[list[str], Query(max_length=MAX_TEXT,
                                     description="PLOVER modes (repeatable).")] = [],  # noqa: B006 (FastAPI copies defaults)
    modality: Annotated[list[Literal["asserted", "future", "hypothetical", "negated", "all"]],
                        Query(description="Modalities (repeatable); default: every one, but "
                              "asserted only for /stats, /dyads and the GDELT exports.")] = [],  # noqa: B006 (FastAPI copies defaults)
    actor: Annotated[str | None, Query(max_length=MAX_TEXT, description="Actor code (RUS, "
                                       "NATO, GOV, RUSGOV), country name, or actor name "
                                       "(case-insensitive).")] = None,
    recipient: Annotated[str | None, Query(max_length=MAX_TEXT,
                                           description="Recipient: the same forms as actor.")
                         ] = None,
    dyad: Annotated[str | None, Query(max_length=MAX_TEXT,
                                      description="Country pair A-B.")] = None,
    directed: Annotated[bool, Query(description="false: the dyad either way round.")] = True,
    place: Annotated[str | None, Query(max_length=MAX_TEXT, description="A country (code or "
                                       "name) or a stored place name.")] = None,
    country: Annotated[str | None, Query(max_length=MAX_TEXT,
                                         description="ISO3 country of the event's place.")
                       ] = None,
    admin1: Annotated[str | None, Query(max_length=MAX_TEXT, description="First-level "
                                        "division of the event's place.")] = None,
    source: Annotated[str | None, Query(max_length=MAX_TEXT, description="Information source "
                                        "(publisher or web host).")] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    min_sources: Annotated[int | None, Query(ge=1, le=MAX_OFFSET)] = None,
    text: Annotated[str | None, Query(max_length=MAX_TEXT, description="Words an evidence "
                                      "sentence contains.")] = None,
    bbox: Annotated[str | None, Query(max_length=MAX_TEXT, description="A map area "
                                      "west,south,east,north in degrees: events placed "
                                      "inside it.")] = None,
) -> Filters:
    """The query parameters of the filters, checked (400 when a value is impossible)."""
    try:
        for name, value in (("actor", actor), ("recipient", recipient), ("dyad", dyad),
                            ("place", place), ("country", country), ("admin1", admin1),
                            ("source", source), ("text", text), ("bbox", bbox),
                            *(("type", t) for t in type),
                            *(("mode", m) for m in mode)):
            _clean(value, name)
        return Filters.build(since=since, until=until, event_type=type, quad_class=quad_class,
                             mode=mode, modality=list(modality), actor=actor,
                             recipient=recipient, dyad=dyad, directed=directed, place=place,
                             country=country, admin1=admin1, source=source,
                             min_confidence=min_confidence, min_sources=min_sources,
                             text=text, bbox=bbox)
    except UsageError as exc:
        raise HTTPException(400, str(exc)) from None


FilterParams = Annotated[Filters, Depends(filters_from_query)]


class Api:
    """What the endpoints share: the open store and the knowledge tables."""

    def __init__(self, store: SqlStore, knowledge: Knowledge) -> None:
        self.store = store
        self.knowledge = knowledge

    def conditions(self, f: Filters) -> tuple[list[Any], list[Any]]:
        try:
            return Resolver(self.store, self.knowledge).conditions(f)
        except UsageError as exc:
            raise HTTPException(400, str(exc)) from None


def create_app(db: str | SqlStore, *, knowledge: Knowledge | None = None,
               title: str = "eventwire") -> FastAPI:
    """The API over the event database ``db`` (a path, a URL, or an open store), read-only.

    The explorer mounts its pages on the returned app; ``app.state.store`` is the store.
    """
    store = db if isinstance(db, SqlStore) else open_store(db, create=False, migrate=False)
    if store.engine.dialect.name == "sqlite":
        _read_pragmas(store.engine)
    api = Api(store, knowledge or load_knowledge())
    version = data_version(store.engine)
    counts = CountCache(version)
    """/stats and /dyads: slow to count, so in threads of their own (``COUNT_THREADS``)."""
    pages = CountCache(version, threads=PAGE_THREADS)
    """/events (a page and the total), /actors and /places: quicker, and asked for the most."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        try:
            yield
        finally:
            counts.close()
            pages.close()

    app = FastAPI(title=f"{title} API", version=__version__,
                  description="Read-only access to an eventwire event database: PLOVER/CAMEO "
                  "events extracted from news, aggregated across articles.",
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs",
                  redoc_url=None, lifespan=lifespan)
    router = APIRouter(prefix=API_PREFIX)
    app.state.store = store
    app.state.api = api
    app.state.counts = counts
    app.state.pages = pages

    @app.exception_handler(EventwireError)
    def _eventwire_error(request: Request, exc: EventwireError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @router.get("/events", summary="Aggregated events matching the filters, a page at a time",
                response_model=dict[str, Any])
    async def list_events(f: FilterParams,
                          offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
                          limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                          sort: Literal["date", "-date", "sources", "-sources", "mentions",
                                        "-mentions", "articles", "-articles", "added",
                                        "-added"] = "date") -> Response:
        def answer() -> bytes:
            conds, cluster_conds = api.conditions(f)
            total, rows = page(store, conds, cluster_conds, sort=sort, offset=offset,
                               limit=limit)
            return _json({"total": total, "offset": offset, "limit": limit, "sort": sort,
                          "filters": f.as_dict(), "items": [agg.as_dict() for agg in rows]})

        return await _counted(pages, ("events", f, sort, offset, limit), answer)

    @router.get("/events/{event_id}",
             summary="One event: its record, evidence, member events and articles")
    def get_event(event_id: str) -> dict[str, Any]:
        return _event_detail(store, event_id)

    @router.get("/actors", summary="Actors with their event counts",
                response_model=dict[str, Any])
    async def list_actors(f: FilterParams,
                          q: Annotated[str | None, Query(
                              max_length=MAX_TEXT,
                              description="Part of the name (case-insensitive).")] = None,
                          role: Literal["actor", "recipient", "attribution", "any"] = "any",
                          limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> Response:
        _clean(q, "q")

        def answer() -> bytes:
            conds, cluster_conds = api.conditions(f)
            return _json({"items": _actors(store, conds, cluster_conds, q, role, limit)})

        return await _counted(pages, ("actors", f, q, role, limit), answer)

    @router.get("/places", summary="Located events as GeoJSON, one feature per place",
                response_model=dict[str, Any])
    async def list_places(f: FilterParams,
                          limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE
                          ) -> Response:
        def answer() -> bytes:
            conds, cluster_conds = api.conditions(f)
            return _json(_places(store, conds, cluster_conds, limit))

        return await _counted(pages, ("places", f, limit), answer)

    @router.get("/stats", summary="Counts per period and group (asserted events by default)",
                response_model=dict[str, Any])
    async def stats(f: FilterParams,
                    per: Literal["day", "week", "month", "year"] = "month",
                    by: Literal["type", "quad", "country", "dyad", "actor", "none"] = "none"
                    ) -> Response:
        counting = f.counting()

        def answer() -> bytes:
            api.conditions(counting)  # a wrong filter is a 400 before counting
            rows = count(store, counting, api.knowledge, per=per, by=by)
            return _json({"per": per, "by": by, "filters": counting.as_dict(),
                          "items": [r.as_dict() for r in rows[:MAX_STATS_ROWS]]})

        return await _counted(counts, ("stats", counting, per, by), answer)

    @router.get("/dyads", summary="Country pairs with event counts and mean Goldstein",
                response_model=dict[str, Any])
    async def dyads(f: FilterParams,
                    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE) -> Response:
        counting = f.counting()

        def answer() -> bytes:
            api.conditions(counting)  # a wrong filter is a 400 before counting
            edges = dyad_counts(store, counting, api.knowledge)
            items = [{"source": a, "target": b, **e} for (a, b), e in
                     sorted(edges.items(), key=lambda kv: (-kv[1]["events"], kv[0]))][:limit]
            return _json({"filters": counting.as_dict(), "items": items})

        return await _counted(counts, ("dyads", counting, limit), answer)

    @router.get("/export", summary="The current filter as a file in any export format",
             response_class=Response)
    def export(f: FilterParams,
               format: Literal["plover", "gdelt", "gdelt-mentions", "csv", "parquet",  # noqa: A002
                               "geojson", "gexf"] = "plover",
               all_modalities: bool = False) -> Response:
        api.conditions(f)
        media, name = EXPORT_TYPES[format]
        if format == "parquet":
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / name
                ex.export(store, format, path, api.knowledge, filters=f,
                          all_modalities=all_modalities)
                body = path.read_bytes()
        else:
            buffer = io.StringIO()
            ex.export(store, format, buffer, api.knowledge, filters=f,
                      all_modalities=all_modalities)
            body = buffer.getvalue().encode("utf-8")
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    app.include_router(router)
    return app


def _json(content: Any) -> bytes:
    """``content`` as the JSON FastAPI would send for it (``JSONResponse``)."""
    return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


async def _counted(counts: CountCache, key: Any, answer: Callable[[], bytes]) -> Response:
    """The JSON answer of a counting endpoint: kept by ``counts`` while the database is
    unchanged, else made by ``answer`` in the threads of ``counts``."""
    return Response(await counts.get(key, answer), media_type="application/json")


SQLITE_READ_PRAGMAS = ("PRAGMA mmap_size = 1073741824", "PRAGMA cache_size = -65536")
"""Set on every SQLite connection of the API: read the file through a memory map (up to 1 GiB)
and keep 64 MiB of pages per connection; counts over 100,000 events take about a quarter less
time (``docs/benchmarks.md``). Neither changes the file."""


def _read_pragmas(engine: sa.engine.Engine) -> None:
    """``SQLITE_READ_PRAGMAS`` on each new connection of ``engine`` (the pool is emptied, so
    that the connections opened before are replaced)."""

    @sa.event.listens_for(engine, "connect")
    def _set(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for pragma in SQLITE_READ_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    engine.dispose()


def _event_detail(store: SqlStore, event_id: str) -> dict[str, Any]:
    if "\x00" in event_id or len(event_id) > MAX_TEXT:
        raise HTTPException(404, f"no event {event_id!r} in the database")
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(events.c.cluster_id).where(
            events.c.event_id == event_id)).first()
        if row is None:
            raise HTTPException(404, f"no event {event_id!r} in the database")
        cluster = conn.execute(sa.select(clusters).where(
            clusters.c.cluster_id == row.cluster_id)).one()
        member_rows = conn.execute(
            sa.select(events.c.event_id, events.c.article_id, articles.c.doc_id,
                      articles.c.title, articles.c.url, articles.c.published,
                      articles.c.source)
            .join(articles, articles.c.article_id == events.c.article_id)
            .where(events.c.cluster_id == row.cluster_id)
            .order_by(events.c.event_id)).all()
        ids = [m.event_id for m in member_rows]
        loaded = store._load_events(conn, ids)
        copy_rows = conn.execute(
            sa.select(copies.c.doc_id, copies.c.article_id, copies.c.kind, copies.c.url,
                      copies.c.title, copies.c.published, copies.c.source_name,
                      copies.c.similarity)
            .where(copies.c.article_id.in_({m.article_id for m in member_rows}))
            .order_by(copies.c.doc_id)).all()
        evidence_count = conn.scalar(sa.select(sa.func.count()).select_from(event_evidence)
                                     .where(event_evidence.c.event_id == event_id))
    event = loaded[event_id]
    out = event.as_dict()
    out.update({
        "global_event_id": cluster.global_id, "representative": cluster.representative,
        "num_mentions": cluster.num_mentions, "num_sources": cluster.num_sources,
        "num_articles": cluster.num_articles,
        "evidence_sentences": [event.evidence.as_dict(), *(m.as_dict() for m in event.mentions)],
        "n_evidence": 1 + int(evidence_count or 0),
        "mentions": [loaded[m].as_dict() for m in ids if m != event_id],
        "articles": [{"doc_id": c.doc_id, "article_id": c.article_id, "kind": c.kind,
                      "title": c.title, "url": c.url,
                      "published": c.published.isoformat() if c.published else None,
                      "source": c.source_name, "similarity": c.similarity}
                     for c in copy_rows],
    })
    return out


def _matching_events(conds: list[Any], cluster_conds: list[Any]) -> Any:
    """Event ids of the events matching the conditions (and whose aggregate does)."""
    stmt = sa.select(events.c.event_id).where(*conds)
    if cluster_conds:
        stmt = stmt.where(events.c.cluster_id.in_(
            sa.select(clusters.c.cluster_id).where(*cluster_conds)))
    return stmt


def _actors(store: SqlStore, conds: list[Any], cluster_conds: list[Any], q: str | None,
            role: str, limit: int) -> list[dict[str, Any]]:
    from ..store.store import _like_escape

    name = sa.func.coalesce(event_actors.c.name, event_actors.c.text)
    stmt = (sa.select(name.label("name"), event_actors.c.country, event_actors.c.sector,
                      event_actors.c.role, sa.func.count(sa.distinct(event_actors.c.event_id))
                      .label("events"))
            .group_by(name, event_actors.c.country, event_actors.c.sector, event_actors.c.role))
    if conds or cluster_conds:
        stmt = stmt.where(event_actors.c.event_id.in_(_matching_events(conds, cluster_conds)))
    if q:
        stmt = stmt.where(name.ilike(f"%{_like_escape(q)}%", escape="\\"))
    if role != "any":
        stmt = stmt.where(event_actors.c.role == role)
    stmt = stmt.order_by(sa.desc("events"), name, event_actors.c.role,
                         sa.func.coalesce(event_actors.c.country, ""),
                         sa.func.coalesce(event_actors.c.sector, "")).limit(limit)
    with store.engine.connect() as conn:
        return [{"name": r.name, "country": r.country, "sector": r.sector, "role": r.role,
                 "events": int(r.events)} for r in conn.execute(stmt)]


def _places(store: SqlStore, conds: list[Any], cluster_conds: list[Any], limit: int
            ) -> dict[str, Any]:
    keys = (events.c.loc_name, events.c.loc_country, events.c.loc_admin1, events.c.loc_lat,
            events.c.loc_lon, events.c.loc_geonameid, events.c.loc_precision)
    stmt = (sa.select(*keys, sa.func.count().label("events"),
                      sa.func.count(sa.distinct(events.c.cluster_id)).label("aggregates"))
            .where(events.c.loc_lat.is_not(None), events.c.loc_lon.is_not(None))
            .group_by(*keys))
    if conds or cluster_conds:
        stmt = stmt.where(events.c.event_id.in_(_matching_events(conds, cluster_conds)))
    stmt = stmt.order_by(sa.desc("events"), events.c.loc_name).limit(limit)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.loc_lon, r.loc_lat]},
         "properties": {"name": r.loc_name, "country": r.loc_country, "admin1": r.loc_admin1,
                        "geonameid": r.loc_geonameid, "precision": r.loc_precision,
                        "events": int(r.events), "aggregates": int(r.aggregates)}}
        for r in rows]}


__all__ = ["MAX_PAGE", "create_app", "filters_from_query"]
