"""Exports: GDELT 2.0 event and mentions tables, PLOVER JSON lines, CSV, Parquet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest
from store_fixtures import actor, city, make_event

from eventwire.store import export as ex
from eventwire.store.aggregate import Aggregate, signature, signature_bytes, text_hash
from eventwire.errors import UsageError
from eventwire.knowledge import CameoCode, Knowledge
from eventwire.records import Actor, DocResult, Document, Event, EventDate, Evidence, Place, Size
from eventwire.store.store import Copy, EventQuery, SqlStore, open_store

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "spec" / "event.schema.json"

KNOWLEDGE = Knowledge(
    countries=(), phrases=MappingProxyType({}), sectors=MappingProxyType({}),
    triggers=MappingProxyType({}), cues=MappingProxyType({}),
    cameo=MappingProxyType({
        "036": CameoCode("036", "CONSULT", "visit", 1, 4.0, "Express intent to meet"),
        "04": CameoCode("04", "CONSULT", None, 1, 1.0, "Consult"),
        "190": CameoCode("190", "ASSAULT", None, 4, -10.0, "Use conventional military force"),
    }),
)

TEXT = ("Russian President Vladimir Putin will meet his Turkish counterpart Recep Tayyip Erdogan "
        "in Astana on Thursday, the Kremlin said.\n\nThe two leaders met in Sochi last month. "
        "Putin will meet Erdogan again, officials said.")
S0 = TEXT[:TEXT.index("\n")]
S2 = "Putin will meet Erdogan again, officials said."

CONSULT = Event(
    event_id="e-consult", doc_id="astana", event_type="CONSULT", mode="visit",
    context=("diplomatic",), modality="future", cameo="036", quad_class=1,
    actors=(Actor("Russian President Vladimir Putin", "Vladimir Putin", "RUS", "GOV", "person"),),
    recipients=(Actor("Recep Tayyip Erdogan", "Recep Tayyip Erdogan", "TUR", "GOV", "person"),),
    date=EventDate("2022-10-13", "day", "on Thursday"),
    location=Place("Astana", 89, 95, "Astana", "KAZ", "Astana", 51.1801, 71.44598, 1526273,
                   "city"),
    size=Size(), attribution=Actor("the Kremlin", "Kremlin", "RUS", "GOV", "organization"),
    evidence=Evidence(S0, 0, 0, len(S0), "meet"), confidence=0.91,
    mentions=(Evidence(S2, 2, TEXT.index(S2), TEXT.index(S2) + len(S2), "meet"),),
)


@pytest.fixture(scope="module")
def geo() -> ex.GeoCodes:
    return ex.GeoCodes()


@pytest.fixture
def store(store: SqlStore) -> SqlStore:
    """The store (conftest) with two aggregated events: one reported by two copies."""
    s = store
    h = text_hash(TEXT)
    doc = Document("astana", TEXT, ((0, TEXT.index("\n")), (TEXT.index("\n") + 2, len(TEXT))),
                   "Putin to meet Erdogan", "https://wire.example/astana",
                   date(2022, 10, 11), "Wire")
    s.add_article(Copy("astana", h, url="https://wire.example/astana", source="Wire",
                       published=date(2022, 10, 11)),
                  DocResult(doc, (CONSULT,), ()), signature_bytes(signature(TEXT)))
    s.add_copy(Copy("astana-copy", h, kind="exact", url="https://www.daily.example/a",
                    published=date(2022, 10, 12)), h)
    strike = make_event("kyiv", 0, "ASSAULT", (actor("RUS", "MIL"),), (actor("UKR", None),),
                        "2022-10", None, 0.7, "Russian forces struck Kyiv.", cameo="190",
                        quad=None)
    s.add_article(Copy("kyiv", "h-kyiv"), DocResult(
        Document("kyiv", "Russian forces struck Kyiv.", ((0, 27),)), (strike,), ()),
        signature_bytes(signature("Russian forces struck Kyiv.")))
    return s


def _by_name(row: list[str]) -> dict[str, str]:
    assert len(row) == 61
    return dict(zip(ex.GDELT_EVENT_COLUMNS, row))


@pytest.mark.parametrize("index, name", [
    (0, "GlobalEventID"), (1, "Day"), (4, "FractionDate"), (5, "Actor1Code"),
    (14, "Actor1Type3Code"), (15, "Actor2Code"), (25, "IsRootEvent"), (26, "EventCode"),
    (29, "QuadClass"), (30, "GoldsteinScale"), (31, "NumMentions"), (33, "NumArticles"),
    (34, "AvgTone"), (35, "Actor1Geo_Type"), (42, "Actor1Geo_FeatureID"),
    (43, "Actor2Geo_Type"), (51, "ActionGeo_Type"), (53, "ActionGeo_CountryCode"),
    (58, "ActionGeo_FeatureID"), (59, "DATEADDED"), (60, "SOURCEURL"),
])
def test_gdelt_columns_are_in_gdelt_order(index: int, name: str) -> None:
    assert len(ex.GDELT_EVENT_COLUMNS) == 61 == len(set(ex.GDELT_EVENT_COLUMNS))
    assert ex.GDELT_EVENT_COLUMNS[index] == name


@pytest.mark.parametrize("column, expected", [
    ("Day", "20221013"), ("MonthYear", "202210"), ("Year", "2022"), ("FractionDate", "2022.7808"),
    ("Actor1Code", "RUSGOV"), ("Actor1Name", "Vladimir Putin"), ("Actor1CountryCode", "RUS"),
    ("Actor1KnownGroupCode", ""), ("Actor1Type1Code", "GOV"),
    ("Actor2Code", "TURGOV"), ("Actor2CountryCode", "TUR"),
    ("IsRootEvent", "1"), ("EventCode", "036"), ("EventBaseCode", "036"),
    ("EventRootCode", "03"), ("QuadClass", "1"), ("GoldsteinScale", "4.0"),
    ("NumMentions", "4"), ("NumSources", "2"), ("NumArticles", "2"), ("AvgTone", ""),
    ("Actor1Geo_Type", "1"), ("Actor1Geo_FullName", "Russia"), ("Actor1Geo_CountryCode", "RS"),
    ("Actor2Geo_CountryCode", "TU"),
    ("ActionGeo_Type", "4"), ("ActionGeo_FullName", "Astana, Kazakhstan"),
    ("ActionGeo_CountryCode", "KZ"), ("ActionGeo_ADM1Code", "KZ05"),
    ("ActionGeo_Lat", "51.1801"), ("ActionGeo_Long", "71.44598"),
    ("ActionGeo_FeatureID", "1526273"), ("SOURCEURL", "https://wire.example/astana"),
])
def test_gdelt_event_row(geo: ex.GeoCodes, store: SqlStore, column: str, expected: str) -> None:
    agg = next(a for a in store.query() if a.event.event_type == "CONSULT")
    row = _by_name(ex.gdelt_event_row(agg, KNOWLEDGE, geo))
    assert row[column] == expected
    assert row["GlobalEventID"] == str(agg.global_id)
    assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()


@pytest.mark.parametrize("column, expected", [
    ("Day", "20221011"),            # a month-precise event takes the publication day
    ("Actor1Code", "RUSMIL"), ("Actor2Code", "UKR"), ("Actor2Type1Code", ""),
    ("QuadClass", "4"),             # from the CAMEO table when the event has none
    ("GoldsteinScale", "-10.0"), ("EventRootCode", "19"), ("ActionGeo_Type", ""),
    ("SOURCEURL", "kyiv"),          # no URL: the doc id
])
def test_gdelt_event_row_fallbacks(geo: ex.GeoCodes, column: str, expected: str) -> None:
    event = make_event("kyiv", 0, "ASSAULT", (actor("RUS", "MIL"),), (actor("UKR", None),),
                       "2022-10", None, 0.7, "Russian forces struck Kyiv.", cameo="190",
                       quad=None)
    agg = Aggregate(7, "c-x", event, 1, 1, 1, False, None, date(2022, 10, 11),
                    "2022-10-12T08:00:00.000Z")
    row = _by_name(ex.gdelt_event_row(agg, KNOWLEDGE, geo))
    assert row[column] == expected
    assert row["DATEADDED"] == "20221012080000"


@pytest.mark.parametrize("actors, recipients, expected", [
    ((actor("RUS"),), (actor("TUR"),), ("RUSGOV", "TURGOV")),
    ((actor("RUS"), actor("TUR")), (), ("RUSGOV", "TURGOV")),  # reciprocal: the second actor
    ((actor("RUS"),), (), ("RUSGOV", "")),
    ((), (actor("UKR"),), ("", "UKRGOV")),
    ((Actor("NATO", "NATO", "NATO", "IGO", "organization"),), (), ("NATOIGO", "")),
])
def test_gdelt_actor_pairs(geo: ex.GeoCodes, actors: tuple, recipients: tuple,
                           expected: tuple[str, str]) -> None:
    event = make_event("d", 0, actors=actors, recipients=recipients)
    row = _by_name(ex.gdelt_event_row(Aggregate(1, "c", event, 1, 1, 1, True, None, None,
                                                "2022"), KNOWLEDGE, geo))
    assert (row["Actor1Code"], row["Actor2Code"]) == expected


def test_an_igo_is_a_known_group_not_a_country(geo: ex.GeoCodes) -> None:
    nato = Actor("NATO", "NATO", "NATO", "IGO", "organization")
    row = _by_name(ex.gdelt_event_row(Aggregate(1, "c", make_event("d", 0, actors=(nato,)),
                                                1, 1, 1, True, None, None, "2022"),
                                      KNOWLEDGE, geo))
    assert (row["Actor1CountryCode"], row["Actor1KnownGroupCode"], row["Actor1Geo_Type"]) == (
        "", "NATO", "")


def test_gdelt_mentions_rows(store: SqlStore, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [r for rep in store.reports() for r in ex.gdelt_mention_rows(rep)]
    consult = next(a for a in store.query() if a.event.event_type == "CONSULT")
    mine = [dict(zip(ex.GDELT_MENTION_COLUMNS, r)) for r in rows
            if r[0] == str(consult.global_id)]
    assert all(len(r) == 16 for r in rows)
    assert len(mine) == consult.num_mentions == 4  # two sentences in each of two copies
    assert sorted((m["MentionIdentifier"], m["SentenceID"]) for m in mine) == [
        ("https://wire.example/astana", "1"), ("https://wire.example/astana", "3"),
        ("https://www.daily.example/a", "1"), ("https://www.daily.example/a", "3")]
    assert {m["MentionSourceName"] for m in mine} == {"Wire", "daily.example"}
    first = next(m for m in mine if m["SentenceID"] == "1")
    assert TEXT[int(first["Actor1CharOffset"]):].startswith("Russian President Vladimir Putin")
    assert TEXT[int(first["Actor2CharOffset"]):].startswith("Recep Tayyip Erdogan")
    assert TEXT[int(first["ActionCharOffset"]):].startswith("meet")
    third = next(m for m in mine if m["SentenceID"] == "3")
    assert third["Actor1CharOffset"] == "-1"  # the actor's words are not in that sentence
    assert TEXT[int(third["ActionCharOffset"]):].startswith("meet Erdogan again")
    assert (first["Confidence"], first["MentionDocLen"], first["MentionType"]) == (
        "91", str(len(TEXT)), "1")
    assert ex.export(store, "gdelt-mentions", "-", KNOWLEDGE, all_modalities=True) == len(rows)
    assert capsys.readouterr().out.splitlines() == ["\t".join(r) for r in rows]
    # by default the GDELT tables hold asserted events only: the future meeting is left out
    asserted = [r for r in rows if r[0] != str(consult.global_id)]
    assert ex.export(store, "gdelt-mentions", "-", KNOWLEDGE) == len(asserted) == 1
    assert capsys.readouterr().out.splitlines() == ["\t".join(r) for r in asserted]


def test_export_files(store: SqlStore, tmp_path: Path) -> None:
    n = ex.export(store, "gdelt", tmp_path / "events.tsv", KNOWLEDGE, all_modalities=True)
    lines = (tmp_path / "events.tsv").read_text(encoding="utf-8").splitlines()
    assert n == len(lines) == 2
    assert all(len(line.split("\t")) == 61 for line in lines)
    # asserted only by default: the future meeting ("will meet") is no GDELT event row
    n = ex.export(store, "gdelt", tmp_path / "asserted.tsv", KNOWLEDGE)
    lines = (tmp_path / "asserted.tsv").read_text(encoding="utf-8").splitlines()
    assert n == len(lines) == 1 and lines[0].split("\t")[26] == "190"

    assert ex.export(store, "csv", tmp_path / "events.csv", KNOWLEDGE) == 2
    with open(tmp_path / "events.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert list(table[0]) == [name for name, _ in ex.FLAT_COLUMNS]
    consult = next(r for r in table if r["event_type"] == "CONSULT")
    assert (consult["actor_countries"], consult["recipient_countries"], consult["goldstein"],
            consult["num_articles"], consult["place_name"]) == ("RUS", "TUR", "4.0", "2",
                                                                 "Astana")


def test_export_parquet(store: SqlStore, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    assert ex.export(store, "parquet", tmp_path / "events.parquet", KNOWLEDGE) == 2
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column_names == [name for name, _ in ex.FLAT_COLUMNS]
    assert str(table.schema.field("global_event_id").type) == "int64"
    assert str(table.schema.field("lat").type) == "double"
    rows = {r["event_type"]: r for r in table.to_pylist()}
    assert rows["CONSULT"]["num_mentions"] == 4 and rows["CONSULT"]["geonameid"] == 1526273
    assert rows["ASSAULT"]["date_precision"] == "month" and rows["ASSAULT"]["lat"] is None


def test_empty_parquet_has_the_schema(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    s = open_store(str(tmp_path / "empty.db"))
    try:
        assert ex.export(s, "parquet", tmp_path / "e.parquet", KNOWLEDGE) == 0
    finally:
        s.close()
    assert pq.read_table(tmp_path / "e.parquet").column_names[0] == "global_event_id"


def test_plover_lines_follow_the_event_schema(store: SqlStore, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"{SCHEMA} is absent: the shared spec is not beside the project")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert ex.export(store, "plover", tmp_path / "e.jsonl", KNOWLEDGE) == 2
    records = [json.loads(line) for line in
               (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        jsonschema.validate(record, schema)
    consult = next(r for r in records if r["event_type"] == "CONSULT")
    assert {k: consult[k] for k in ("num_mentions", "num_sources", "num_articles")} == {
        "num_mentions": 4, "num_sources": 2, "num_articles": 2}
    assert consult["attribution"]["name"] == "Kremlin"
    assert consult["mentions"][0]["sentence_index"] == 2


@pytest.mark.parametrize("fmt, out, message", [
    ("xml", "x.xml", "choose one of"),
    ("parquet", "-", "standard output"),
])
def test_export_usage_errors(store: SqlStore, fmt: str, out: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        ex.export(store, fmt, out, KNOWLEDGE)


@pytest.mark.parametrize("fmt, check", [
    ("jsonl", lambda text: json.loads(text.splitlines()[0])["event_type"] == "ASSAULT"),
    ("csv", lambda text: text.startswith("global_event_id,event_id,")),
    ("table", lambda text: "ASSAULT" in text and "RUS → UKR" in text and "4/2/2" in text),
])
def test_render_query(store: SqlStore, fmt: str, check: object) -> None:
    out = io.StringIO()
    assert ex.render_query(store.query(EventQuery()), fmt, out, KNOWLEDGE) == 2
    assert check(out.getvalue())  # type: ignore[operator]


@pytest.mark.parametrize("place, expected", [
    (city("Astana"), ["4", "Astana, Kazakhstan", "KZ", "KZ05"]),
    (Place("Texas", 0, 5, "Texas", "USA", "Texas", 31.0, -100.0, 4736286, "region"),
     ["2", "Texas, United States", "US", "US"]),
    (Place("Ukraine", 0, 7, "Ukraine", "UKR", None, 49.0, 32.0, None, "country"),
     ["1", "Ukraine", "UP", "UP"]),
    (Place("Somewhere", 0, 9, "Somewhere", None, None, None, None, None, "other"),
     ["", "", "", ""]),
])
def test_action_geography(geo: ex.GeoCodes, place: Place, expected: list[str]) -> None:
    agg = Aggregate(1, "c", make_event("d", 0, place=place), 1, 1, 1, True, None, None, "2022")
    row = _by_name(ex.gdelt_event_row(agg, KNOWLEDGE, geo))
    assert [row[f"ActionGeo_{f}"] for f in ("Type", "FullName", "CountryCode", "ADM1Code")] == (
        expected)
