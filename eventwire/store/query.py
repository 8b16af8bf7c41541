"""The library's query: filters over the event database, checked before anything is read.

``Filters`` holds every filter of ``eventwire query``, ``eventwire stats``, the exports and the
API; ``Filters.build(...)`` is the one bridge from raw values (command-line strings, query
parameters, keyword arguments) to it, and says what is wrong with which value (an unknown
type, code, name or source; an impossible date range, confidence or limit) before any output
is written. ``Resolver.conditions`` turns filters into parameterized SQL conditions against
the store's tables, looking names up in the database and the knowledge tables:

- dates: an event is placed in time by its own date (the whole span of a month or a year
  counts), else by its article's publication date (``date_basis`` says which);
- modality: all by default here; outputs meant for counting (``stats``, the GDELT export)
  ask for ``asserted`` unless told otherwise;
- actor / recipient: a code (``RUS``, ``NATO``, ``GOV``, ``RUSGOV``), a country's name or
  adjective (``Russia``, ``Russian``), or the name of a stored actor, compared
  case-insensitively (``putin`` finds "Vladimir Putin");
- a country pair (``RUS-UKR``): actor RUS and recipient UKR, or either way round when not
  ``directed``;
- place: a country (code or name), else a stored place name; ``country`` (ISO3) and
  ``admin1`` (a first-level division's name) narrow it; ``bbox`` (west, south, east, north)
  keeps the events whose place's point lies in that map area.

``query(db, ...)`` returns the aggregated events as records (``Aggregate``), or as a pandas
DataFrame of the flat columns (``as_frame=True``, the ``[pandas]`` extra).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ..errors import UsageError
from ..knowledge import Knowledge, cameo_row
from ..records import EVENT_TYPES
from .aggregate import GROUPS, PERIODS, Aggregate, CountRow, close_edges
from .flat import flat_frame
from .schema import clusters, copies, event_actors, event_evidence, events
from .store import SqlStore, _like_escape, open_store, parse_actor_code

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

MODALITIES = ("asserted", "future", "hypothetical", "negated")
MAX_LIMIT = 10_000_000
FIRST_DAY = sa.func.coalesce(events.c.date_start, events.c.published)
"""The first day an event may be on: its date's start, else its publication date."""
LAST_DAY = sa.func.coalesce(events.c.date_end, events.c.published)
"""The last day an event may be on: its date's end, else its publication date."""


@dataclass(frozen=True, slots=True)
class Filters:
    """Every filter of a query; they combine with AND; a tuple field matches any of its values.

    Build it with ``Filters.build``, which checks every value.
    """

    since: date | None = None
    until: date | None = None
    event_types: tuple[str, ...] = ()
    quad_classes: tuple[int, ...] = ()
    modes: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    """Empty: not said (every modality, but asserted only for outputs meant for counting:
    ``counting()``); ``all`` gives every one."""
    actor: str | None = None
    recipient: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = True
    place: str | None = None
    country: str | None = None
    admin1: str | None = None
    source: str | None = None
    min_confidence: float = 0.0
    min_sources: int = 1
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    """A map area ``(west, south, east, north)`` in degrees: the events placed inside it (a
    west greater than east crosses the antimeridian)."""
    limit: int | None = None

    @classmethod
    def build(cls, *, since: str | date | None = None, until: str | date | None = None,
              event_type: str | Iterable[str] | None = None,
              quad_class: int | str | Iterable[int | str] | None = None,
              mode: str | Iterable[str] | None = None,
              modality: str | Iterable[str] | None = None,
              actor: str | None = None, recipient: str | None = None,
              dyad: str | None = None, directed: bool = True,
              place: str | None = None, country: str | None = None, admin1: str | None = None,
              source: str | None = None, min_confidence: float | str | None = None,
              min_sources: int | str | None = None, text: str | None = None,
              bbox: str | Sequence[float | str] | None = None,
              limit: int | str | None = None) -> Filters:
        """Filters from raw values; an impossible value is a UsageError naming it.

        ``modality`` ``"all"`` (or None) means every modality; several values of a filter are
        given as a list or joined by commas (``"CONSULT,AID"``); ``bbox`` is
        ``"west,south,east,north"`` or four numbers.
        """
        start, end = _date(since, "since"), _date(until, "until")
        if start and end and start > end:
            raise UsageError(f"--since {start} is after --until {end}: no date is in that "
                             "range; swap them")
        types = tuple(t.upper() for t in _many(event_type))
        for t in types:
            if t not in EVENT_TYPES:
                raise UsageError(f"--type {t!r} is not a PLOVER event type; use one of "
                                 + ", ".join(EVENT_TYPES))
        quads = tuple(_int(q, "--quad-class") for q in _many(quad_class))
        for q in quads:
            if q not in (1, 2, 3, 4):
                raise UsageError(f"--quad-class {q}: CAMEO quad classes are 1 (verbal "
                                 "cooperation), 2 (material cooperation), 3 (verbal conflict) "
                                 "and 4 (material conflict)")
        mods = tuple(m.lower() for m in _many(modality))
        if "all" in mods:
            mods = MODALITIES  # said: every one (an output for counting keeps them all)
        for m in mods:
            if m not in MODALITIES:
                raise UsageError(f"--modality {m!r}: use one of {', '.join(MODALITIES)} or all")
        conf = _float(min_confidence, "--min-confidence") if min_confidence is not None else 0.0
        if not 0.0 <= conf <= 1.0:
            raise UsageError(f"--min-confidence {conf}: a confidence is between 0 and 1")
        sources = _int(min_sources, "--min-sources") if min_sources is not None else 1
        if sources < 1:
            raise UsageError(f"--min-sources {sources}: every event has at least 1 source")
        lim = _int(limit, "--limit") if limit is not None else None
        if lim is not None and not 0 <= lim <= MAX_LIMIT:
            raise UsageError(f"--limit {lim}: give a number of events from 0 to {MAX_LIMIT}, "
                             "or leave --limit out for all")
        pair = None
        if dyad:
            parts = [p.strip() for p in dyad.replace(",", "-").split("-") if p.strip()]
            if len(parts) != 2:
                raise UsageError(f"--dyad {dyad!r}: write two countries joined by a dash, "
                                 "e.g. RUS-UKR")
            pair = (parts[0], parts[1])
        for name, value in (("--actor", actor), ("--recipient", recipient), ("--place", place),
                            ("--country", country), ("--admin1", admin1),
                            ("--source", source), ("--text", text)):
            if value is not None and not value.strip():
                raise UsageError(f"{name} is empty; give a value or leave it out")
        return cls(since=start, until=end, event_types=types, quad_classes=quads,
                   modes=tuple(m.lower() for m in _many(mode)), modalities=mods,
                   actor=_strip(actor), recipient=_strip(recipient), dyad=pair,
                   directed=directed, place=_strip(place), country=_strip(country),
                   admin1=_strip(admin1), source=_strip(source), min_confidence=conf,
                   min_sources=sources, text=_strip(text), bbox=_bbox(bbox), limit=lim)

    def counting(self) -> Filters:
        """These filters for an output meant for counting: asserted events only, unless a
        modality was asked for."""
        return self if self.modalities else replace(self, modalities=("asserted",))

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set, as plain values (for messages and the API)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == f.default and type(value) is type(f.default):
                continue
            out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out


def _bbox(value: str | Sequence[float | str] | None) -> tuple[float, float, float, float] | None:
    """``(west, south, east, north)`` from ``"west,south,east,north"`` or four numbers, checked."""
    if value is None:
        return None
    parts = ([p.strip() for p in value.split(",")] if isinstance(value, str)
             else [str(p).strip() for p in value])
    shown = value if isinstance(value, str) else ",".join(parts)
    hint = ("write the map area as west,south,east,north in degrees, e.g. "
            "--bbox 22.1,44.3,40.2,52.4 (longitudes -180..180, latitudes -90..90)")
    if len(parts) != 4:
        raise UsageError(f"--bbox {shown!r}: {len(parts)} value{'s' if len(parts) != 1 else ''}"
                         f", not 4; {hint}")
    numbers: list[float] = []
    for name, part in zip(("west", "south", "east", "north"), parts):
        try:
            number = float(part)
        except ValueError:
            number = float("nan")
        if number != number or number in (float("inf"), float("-inf")):
            raise UsageError(f"--bbox {shown!r}: {name} {part!r} is not a number; {hint}")
        numbers.append(number)
    west, south, east, north = numbers
    for name, number, limit in (("west", west, 180), ("east", east, 180), ("south", south, 90),
                                ("north", north, 90)):
        if not -limit <= number <= limit:
            raise UsageError(f"--bbox {shown!r}: {name} {number:g} is outside -{limit}..{limit}"
                             f"; {hint}")
    if south > north:
        raise UsageError(f"--bbox {shown!r}: south {south:g} is north of north {north:g}; "
                         f"swap them ({hint})")
    return west, south, east, north


def _strip(value: str | None) -> str | None:
    return value.strip() if value is not None else None


def _many(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int)):
        value = [value]
    out: list[str] = []
    for v in value:
        out.extend(p.strip() for p in str(v).split(",") if p.strip())
    return out


def _date(value: str | date | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--{what} {value!r} is not a date; write it as YYYY-MM-DD") from None


def _int(value: Any, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UsageError(f"{what} {value!r} is not a whole number") from None


def _float(value: Any, what: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{what} {value!r} is not a number") from None
    if out != out:  # NaN
        raise UsageError(f"{what} {value!r} is not a number")
    return out


# ---- filters → SQL ------------------------------------------------------------------------------


class Resolver:
    """Turns ``Filters`` into SQL conditions on one store, checking names against the database
    and the knowledge tables (countries, IGOs, sectors, modes)."""

    def __init__(self, store: SqlStore, knowledge: Knowledge) -> None:
        self.store = store
        self.k = knowledge
        self._codes: set[str] | None = None
        self._names: dict[str, str] | None = None

    # -- codes and names

    @property
    def country_codes(self) -> set[str]:
        """ISO3 codes of the countries and short codes of the IGOs that eventwire knows."""
        if self._codes is None:
            codes = {c.iso3 for c in self.k.countries}
            codes.update(e.country for entries in self.k.phrases.values() for e in entries
                         if e.country and e.kind in ("country", "organization", "igo")
                         and e.country.isalpha() and e.country.isupper())
            self._codes = codes
        return self._codes

    def country_of_name(self, name: str) -> str | None:
        """The code of a country or IGO named ``name`` (name, alias, adjective, people)."""
        if self._names is None:
            names: dict[str, str] = {}
            for c in self.k.countries:
                for n in (c.name, *c.aliases, *c.adjectives, *c.people):
                    names.setdefault(n.lower(), c.iso3)
            for phrase, entries in self.k.phrases.items():
                for e in entries:
                    if e.country and e.sector == "IGO" and e.kind != "person":
                        names.setdefault(phrase.lower(), e.country)
            self._names = names
        return self._names.get(name.strip().lower())

    def code(self, value: str) -> tuple[str | None, str | None] | None:
        """``(country, sector)`` of a code (any case: ``RUS``, ``gov``, ``RUSGOV``) or of a
        country's or IGO's name (``Russia``, ``Russian``), or None when it is neither."""
        text = value.strip()
        upper = text.upper()
        if upper.isalpha() and 2 <= len(upper) <= 9:
            country, sector = parse_actor_code(upper)
            if country is None and sector:
                return None, sector
            if country in self.country_codes:
                return country, sector
        named = self.country_of_name(text)
        return (named, None) if named else None

    def _stored(self, stmt: Any) -> bool:
        with self.store.engine.connect() as conn:
            return conn.execute(stmt.limit(1)).first() is not None

    def party(self, value: str, role: str, what: str) -> Any:
        """The condition ``events.event_id IN (an event whose ``role`` is this party)``."""
        sub = sa.select(event_actors.c.event_id).where(event_actors.c.role == role)
        found = self.code(value)
        if found is not None:
            country, sector = found
            if country:
                sub = sub.where(event_actors.c.country == country)
            if sector:
                sub = sub.where(event_actors.c.sector == sector)
            return events.c.event_id.in_(sub)
        pattern = f"%{_like_escape(value.strip())}%"
        named = sa.or_(event_actors.c.name.ilike(pattern, escape="\\"),
                       event_actors.c.text.ilike(pattern, escape="\\"))
        if not self._stored(sa.select(event_actors.c.event_id).where(named)):
            raise UsageError(f"{what} {value!r}: not a known actor code (a country, IGO or "
                             "sector: RUS, NATO, GOV, RUSGOV), not a country's name, and no "
                             "stored actor is named so; check the spelling")
        return events.c.event_id.in_(sub.where(named))

    def country(self, value: str, what: str) -> str:
        found = self.code(value)
        if found is None or not found[0] or found[1]:
            raise UsageError(f"{what} {value!r}: not a country code (ISO3, e.g. UKR) or a "
                             "country's name that eventwire knows")
        return found[0]

    # -- the conditions

    def conditions(self, f: Filters) -> tuple[list[Any], list[Any]]:
        """``(conditions on events, conditions on clusters)`` for ``SqlStore.aggregates``."""
        conds: list[Any] = []
        cluster_conds: list[Any] = []
        if f.event_types:
            conds.append(events.c.event_type.in_(f.event_types))
        if f.quad_classes:
            conds.append(events.c.quad_class.in_(f.quad_classes))
        if f.modes:
            known = {c.mode for c in self.k.cameo.values() if c.mode}
            known |= {t.mode for senses in self.k.triggers.values() for t in senses if t.mode}
            for m in f.modes:
                if m not in known and not self._stored(
                        sa.select(events.c.event_id).where(events.c.mode == m)):
                    raise UsageError(f"--mode {m!r} is not a PLOVER mode eventwire codes; "
                                     "known modes: " + ", ".join(sorted(known)))
            conds.append(events.c.mode.in_(f.modes))
        if f.modalities:
            conds.append(events.c.modality.in_(f.modalities))
        # the event's own date span, else its publication date: ``LAST_DAY`` and
        # ``FIRST_DAY``, the expressions that migration 5's index ``ix_events_days`` holds
        if f.since:
            conds.append(LAST_DAY >= f.since)
        if f.until:
            conds.append(FIRST_DAY <= f.until)
        if f.actor:
            conds.append(self.party(f.actor, "actor", "--actor"))
        if f.recipient:
            conds.append(self.party(f.recipient, "recipient", "--recipient"))
        if f.dyad:
            a, b = (self.country(c, "--dyad") for c in f.dyad)

            def pair(x: str, y: str) -> Any:
                return sa.and_(*(events.c.event_id.in_(
                    sa.select(event_actors.c.event_id).where(
                        event_actors.c.role == role, event_actors.c.country == c))
                    for role, c in (("actor", x), ("recipient", y))))

            conds.append(pair(a, b) if f.directed else sa.or_(pair(a, b), pair(b, a)))
        if f.place:
            found = self.code(f.place)
            if found is not None and found[0] and not found[1]:
                conds.append(events.c.loc_country == found[0])
            else:
                named = sa.or_(sa.func.lower(events.c.loc_name) == f.place.lower(),
                               sa.func.lower(events.c.loc_text) == f.place.lower())
                if not self._stored(sa.select(events.c.event_id).where(named)):
                    raise UsageError(f"--place {f.place!r}: not a country, and no stored event "
                                     "is placed there; check the spelling")
                conds.append(named)
        if f.country:
            conds.append(events.c.loc_country == self.country(f.country, "--country"))
        if f.admin1:
            named = sa.func.lower(events.c.loc_admin1) == f.admin1.lower()
            if not self._stored(sa.select(events.c.event_id).where(named)):
                raise UsageError(f"--admin1 {f.admin1!r}: no stored event is placed in a "
                                 "first-level division of that name; check the spelling")
            conds.append(named)
        if f.source:
            named = sa.func.lower(copies.c.source_name) == f.source.lower()
            if not self._stored(sa.select(copies.c.doc_id).where(named)):
                raise UsageError(f"--source {f.source!r}: no stored article comes from that "
                                 "source (a publisher's name or a web host such as "
                                 "reuters.com)")
            conds.append(events.c.article_id.in_(sa.select(copies.c.article_id).where(named)))
        if f.min_confidence:
            conds.append(events.c.confidence >= f.min_confidence)
        if f.min_sources > 1:
            cluster_conds.append(clusters.c.num_sources >= f.min_sources)
        if f.bbox:
            west, south, east, north = f.bbox
            lon = events.c.loc_lon
            conds.append(sa.and_(
                events.c.loc_lat.between(south, north),
                lon.between(west, east) if west <= east else sa.or_(lon >= west, lon <= east)))
        if f.text:
            pattern = f"%{_like_escape(f.text)}%"
            conds.append(sa.or_(
                events.c.ev_sentence.ilike(pattern, escape="\\"),
                events.c.event_id.in_(sa.select(event_evidence.c.event_id).where(
                    event_evidence.c.sentence.ilike(pattern, escape="\\")))))
        return conds, cluster_conds


def _knowledge(knowledge: Knowledge | None) -> Knowledge:
    if knowledge is not None:
        return knowledge
    from ..knowledge import load_knowledge

    return load_knowledge()


def select(store: SqlStore, filters: Filters, knowledge: Knowledge | None = None
           ) -> Iterator[Aggregate]:
    """The aggregated events of ``store`` matching ``filters``, in date order; every filter
    is checked (names looked up) before the first one is read."""
    conds, cluster_conds = Resolver(store, _knowledge(knowledge)).conditions(filters)
    return store.aggregates(conds, cluster_conds, limit=filters.limit)


def query(db: str | SqlStore, *, as_frame: bool = False, knowledge: Knowledge | None = None,
          **filters: Any) -> list[Aggregate] | pd.DataFrame:
    """The aggregated events of the event database ``db`` (a path, a URL or an open store)
    that match ``filters`` (the keyword arguments of ``Filters.build``: ``since``, ``until``,
    ``event_type``, ``quad_class``, ``mode``, ``modality``, ``actor``, ``recipient``,
    ``dyad``, ``directed``, ``place``, ``country``, ``admin1``, ``source``,
    ``min_confidence``, ``min_sources``, ``text``, ``bbox``, ``limit``).

    Returns records (``Aggregate``: the representative event with its counts, publication
    date, source and URL), or with ``as_frame=True`` a pandas DataFrame of the flat columns
    (``flat.FLAT_COLUMNS``, typed: CAMEO codes stay strings). Every modality is returned
    unless ``modality`` says otherwise; the ``modality`` column says which each is.

    >>> import eventwire
    >>> eventwire.query("events.db", actor="Russia", since="2022-10-01")   # doctest: +SKIP
    """
    f = Filters.build(**filters)
    k = _knowledge(knowledge)
    store = db if isinstance(db, SqlStore) else open_store(db, create=False, migrate=False)
    try:
        rows = list(select(store, f, k))
    finally:
        if store is not db:
            store.close()
    if not as_frame:
        return rows
    return flat_frame(rows, k)


SORTS = {"date": (clusters.c.sort_date, clusters.c.global_id),
         "sources": (clusters.c.num_sources, clusters.c.global_id),
         "mentions": (clusters.c.num_mentions, clusters.c.global_id),
         "articles": (clusters.c.num_articles, clusters.c.global_id),
         "added": (clusters.c.first_added_at, clusters.c.global_id)}
"""The orders of ``page``: a name, or the name after ``-`` for the reverse; GlobalEventID breaks
ties, so that pages never overlap."""


def page(store: SqlStore, conds: Sequence[Any] = (), cluster_conds: Sequence[Any] = (), *,
         sort: str = "date", offset: int = 0, limit: int = 50) -> tuple[int, list[Aggregate]]:
    """One page of the aggregated events matching the conditions (``Resolver.conditions``), in
    the order ``sort`` (``date``, ``-date``, ``sources``, ...), and how many match in all."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        raise UsageError(f"sort {sort!r}: use one of " + ", ".join(f"{k}, -{k}" for k in SORTS))
    order = [c.desc() if sort.startswith("-") else c.asc() for c in SORTS[key]]
    stmt = store.matching(conds, cluster_conds)
    counted = sa.select(sa.func.count()).select_from(stmt.subquery())
    with store.engine.connect() as conn:
        if not (conds or cluster_conds):  # every aggregate: an index gives the order
            total = int(conn.scalar(counted) or 0)
            rows = conn.execute(stmt.order_by(*order).offset(offset).limit(limit)).all()
        else:  # the matching aggregates found once, for the page and the total both
            rows = conn.execute(stmt.add_columns(sa.func.count().over().label("total"))
                                .order_by(*order).offset(offset).limit(limit)).all()
            total = int(rows[0].total) if rows else int(conn.scalar(counted) or 0)
        return total, list(store.aggregates_of(conn, rows))


def sources_of(store: SqlStore, cluster_ids: Sequence[str]) -> dict[str, set[str]]:
    """The information sources of each aggregated event: the source names of every copy of its
    members' articles (a copy of unknown source counts as a source of its own)."""
    out: dict[str, set[str]] = {cid: set() for cid in cluster_ids}
    if not cluster_ids:
        return out
    with store.engine.connect() as conn:
        for r in conn.execute(
                sa.select(events.c.cluster_id, copies.c.source_name, copies.c.doc_id)
                .join(copies, copies.c.article_id == events.c.article_id)
                .where(events.c.cluster_id.in_(list(cluster_ids)))):
            out[r.cluster_id].add(f"s:{r.source_name}" if r.source_name else f"d:{r.doc_id}")
    return out


def count(store: SqlStore, filters: Filters, knowledge: Knowledge, *, per: str = "month",
          by: str = "none") -> list[CountRow]:
    """``count_by``'s counts over the aggregated events of ``store`` that match ``filters``
    (taken as they are: ``aggregate`` makes them asserted-only by default), counted by the
    database (``GROUP BY``) rather than by loading the events: the same rows as
    ``count_by(...)`` over ``select(...)`` with ``sources_of`` (``tests/test_stats.py``
    compares them)."""
    if per not in PERIODS:
        raise UsageError(f"--per {per!r}: use one of {', '.join(PERIODS)}")
    if by not in GROUPS:
        raise UsageError(f"--by {by!r}: use one of {', '.join(GROUPS)}")
    conds, cluster_conds = Resolver(store, knowledge).conditions(filters)
    goldstein = _goldstein(knowledge)
    counted = _counted(store, conds, cluster_conds, by, filters.limit)
    # the matching aggregated events with their period and group, found once (MATERIALIZED)
    # for both counts below: events and Goldstein per cameo code, and distinct sources
    found = (sa.select(counted.c.cluster_id,
                       _period(store.engine.dialect.name, counted.c.cday, per).label("period"),
                       counted.c.grp, counted.c.cameo)
             .where(counted.c.grp.is_not(None))
             .cte("found").prefix_with("MATERIALIZED"))
    member = events.alias("member")
    per_code = (sa.select(sa.literal(0).label("part"), found.c.period, found.c.grp,
                          found.c.cameo, sa.func.count().label("n"))
                .group_by(found.c.period, found.c.grp, found.c.cameo))
    sources = (sa.select(sa.literal(1).label("part"), found.c.period, found.c.grp,
                         sa.null().label("cameo"),
                         sa.func.count(sa.distinct(_source_key())).label("n"))
               .select_from(found.join(member, member.c.cluster_id == found.c.cluster_id)
                            .join(copies, copies.c.article_id == member.c.article_id))
               .group_by(found.c.period, found.c.grp))
    cells: dict[tuple[str | None, str | None], list[Any]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(sa.union_all(per_code, sources)):
            cell = cells.setdefault((r.period, r.grp), [0, 0.0, 0])
            if r.part:
                cell[2] = r.n
                continue
            cell[0] += r.n
            score = goldstein(r.cameo)
            if score is not None:
                cell[1] += score * r.n
    order = sorted(cells, key=lambda k: (k[0] is None, k[0] or "", k[1] is None, k[1] or ""))
    return [CountRow(p, g, cells[(p, g)][0], round(cells[(p, g)][1], 3), cells[(p, g)][2])
            for p, g in order]


def dyads(store: SqlStore, filters: Filters, knowledge: Knowledge
          ) -> dict[tuple[str, str], dict[str, Any]]:
    """``export.dyad_edges`` of the aggregated events matching ``filters``, counted by the
    database: directed country pairs (Actor1 → Actor2) with their event count, Goldstein sum
    and mean (over the events whose CAMEO code has one), and distinct sources (of the
    representative events' articles)."""
    from .aggregate import source_name
    from .schema import articles

    conds, cluster_conds = Resolver(store, knowledge).conditions(filters)
    goldstein = _goldstein(knowledge)
    counted = _counted(store, conds, cluster_conds, "pair", filters.limit)
    a1, a2 = counted.c.a1, counted.c.a2
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    both = sa.and_(a1 != "", a2 != "")
    with store.engine.connect() as conn:
        for r in conn.execute(sa.select(a1, a2, counted.c.cameo, sa.func.count().label("n"))
                              .where(both).group_by(a1, a2, counted.c.cameo)):
            edge = edges.setdefault((r.a1, r.a2), {"events": 0, "goldstein_sum": 0.0,
                                                   "goldstein_n": 0, "sources": set()})
            edge["events"] += r.n
            score = goldstein(r.cameo)
            if score is not None:
                edge["goldstein_sum"] += score * r.n
                edge["goldstein_n"] += r.n
        art = articles.alias("art")
        blank = sa.or_(art.c.source.is_(None), sa.func.trim(art.c.source) == "")
        for r in conn.execute(sa.select(a1, a2, art.c.source,
                                        sa.case((blank, art.c.url)).label("url"))
                              .select_from(counted.join(art, art.c.article_id
                                                        == counted.c.article_id))
                              .where(both).distinct()):
            name = source_name(r.source, r.url)
            if name:
                edges[(r.a1, r.a2)]["sources"].add(name)
    return close_edges(edges)


def _goldstein(knowledge: Knowledge) -> Any:
    scores: dict[str | None, float | None] = {}

    def goldstein(code: str | None) -> float | None:
        if code not in scores:
            entry = cameo_row(code, knowledge.cameo)
            scores[code] = entry.goldstein if entry else None
        return scores[code]

    return goldstein


def _source_key() -> Any:
    """A copy's source as ``sources_of`` names it: ``s:NAME``, or ``d:DOC`` when unknown."""
    known = sa.and_(copies.c.source_name.is_not(None), copies.c.source_name != "")
    return sa.case((known, sa.literal("s:") + copies.c.source_name),
                   else_=sa.literal("d:") + copies.c.doc_id)


def _nth_country(rep: Any, role: str, nth: int = 0) -> Any:
    ea = event_actors.alias()
    return (sa.select(ea.c.country).where(ea.c.event_id == rep.c.event_id, ea.c.role == role)
            .order_by(ea.c.position).limit(1).offset(nth).scalar_subquery())


def _counted(store: SqlStore, conds: Sequence[Any], cluster_conds: Sequence[Any], by: str,
             limit: int | None) -> Any:
    """One row per matching aggregated event (its representative's values): ``cluster_id``,
    ``article_id``, ``cday`` (``aggregate.counting_day``), ``cameo``, and ``grp`` (its
    ``aggregate.group_key``), or for ``by="pair"`` ``a1`` and ``a2`` (``export.actor_pair``'s
    countries)."""
    from .schema import articles

    matched = store.matching(conds, cluster_conds)
    if limit is not None:
        matched = matched.order_by(clusters.c.sort_date, clusters.c.global_id).limit(limit)
    matched = matched.subquery("matched")
    rep = events.alias("rep")
    art = articles.alias("rep_article")
    day_precise = sa.and_(rep.c.date_precision == "day", sa.func.length(rep.c.date) == 10)
    # the article's date is looked up only for an event that has none of its own
    cday = sa.func.coalesce(sa.case((day_precise, rep.c.date_start)), rep.c.published,
                            sa.select(art.c.published)
                            .where(art.c.article_id == rep.c.article_id).scalar_subquery())
    a1 = _nth_country(rep, "actor")
    has_recipient = sa.exists(sa.select(event_actors.c.event_id).where(
        event_actors.c.event_id == rep.c.event_id, event_actors.c.role == "recipient"))
    a2 = sa.case((has_recipient, _nth_country(rep, "recipient")),
                 else_=_nth_country(rep, "actor", 1))
    cols: list[Any] = [matched.c.cluster_id, rep.c.article_id, cday.label("cday"), rep.c.cameo]
    if by == "pair":
        cols += [a1.label("a1"), a2.label("a2")]
    else:
        group: Any = {
            "type": rep.c.event_type,
            "quad": sa.cast(rep.c.quad_class, sa.String),
            "country": sa.case((rep.c.loc_precision.is_not(None), rep.c.loc_country)),
            "actor": a1,
            "dyad": sa.case((sa.and_(a1 != "", a2 != ""), a1 + "-" + a2)),
            "none": sa.literal("all"),
        }[by]
        cols.append(group.label("grp"))
    return (sa.select(*cols)
            .select_from(matched.join(rep, rep.c.event_id == matched.c.representative))
            .subquery("counted"))


_SQLITE_THURSDAY = "date({d}, '-3 days', 'weekday 4')"
"""The Thursday of the ISO week of day ``d`` (whose year and week number are the week's)."""


def _period(dialect: str, day: Any, per: str) -> Any:
    """The SQL of ``aggregate.period_of`` for the counting day column ``day``."""
    d = f"{day.table.name}.{day.name}"
    if dialect == "postgresql":
        fmt = {"day": "'YYYY-MM-DD'", "week": "'IYYY-\"W\"IW'", "month": "'YYYY-MM'",
               "year": "'YYYY'"}[per]
        sql = f"to_char({d}, {fmt})"
    elif per == "week":
        thursday = _SQLITE_THURSDAY.format(d=d)
        sql = (f"strftime('%Y', {thursday}) || '-W' || printf('%02d', "
               f"(CAST(strftime('%j', {thursday}) AS INTEGER) - 1) / 7 + 1)")
    else:
        sql = {"day": d, "month": f"substr({d}, 1, 7)", "year": f"substr({d}, 1, 4)"}[per]
    return sa.literal_column(sql, sa.String)


def aggregate(db: str | SqlStore, *, per: str = "month", by: str = "none",
              as_frame: bool = False, knowledge: Knowledge | None = None,
              **filters: Any) -> list[CountRow] | pd.DataFrame:
    """Counts of the event database ``db`` per ``per`` (day, week, month, year) and ``by``
    (type, quad, country, dyad, actor, none): aggregated events, the sum of their Goldstein
    scores and their distinct sources, as ACLED and GDELT users count them. The filters are
    those of ``query``; events are counted on their day-precise date, else their publication
    date (GDELT's Day). Asserted events only, unless ``modality`` says otherwise
    (``modality="all"`` counts every one).

    >>> eventwire.aggregate("events.db", per="week", by="dyad")   # doctest: +SKIP
    """
    modality = filters.pop("modality", None)
    f = Filters.build(**filters, modality=modality if modality is not None else "asserted")
    k = _knowledge(knowledge)
    store = db if isinstance(db, SqlStore) else open_store(db, create=False, migrate=False)
    try:
        rows = count(store, f, k, per=per, by=by)
    finally:
        if store is not db:
            store.close()
    if not as_frame:
        return rows
    try:
        import pandas as pd
    except ImportError:
        raise UsageError("a DataFrame needs pandas: pip install 'eventwire[pandas]'") from None
    return pd.DataFrame([r.as_dict() for r in rows],
                        columns=["period", "group", "events", "goldstein_sum", "sources"])


__all__ = ["MODALITIES", "SORTS", "Filters", "Resolver", "aggregate", "count", "dyads", "page",
           "query", "select", "sources_of"]

