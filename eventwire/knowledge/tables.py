"""The project's knowledge tables (``eventwire/data/``) and the records they load into: the bottom
of the package, importing nothing else of ``knowledge/`` (``load_knowledge`` in ``__init__`` adds
the user dictionaries read by ``dictionaries.py`` and ``verbs.py``).

Files, all UTF-8, ``#`` starts a comment line, the first non-comment line is the header:

- ``countries.tsv``   iso3, name, aliases, adjectives, people, capitals  (lists split on ``|``)
- ``igos.tsv``        code, name, aliases
- ``metonyms.tsv``    phrase, country, sector, name     (the Kremlin → RUS GOV)
- ``groups.tsv``      phrase, country, sector, name     (Hamas → PSE REB)
- ``peoples.tsv``     name, adjectives, people, states, alone, forces  (Kurdish → IRQ|SYR|TUR|IRN)
- ``sectors.tsv``     word, sector, kind                (president → GOV person)
- ``office_holders.tsv`` name, aliases, country, sector, role, start, end
- ``triggers.tsv``    lemma, pos, cue, event_type, mode, cameo, context
- ``cameo.tsv``       cameo, event_type, mode, quad_class, goldstein, label
- ``cues.json``       word lists for reporting verbs, modality, casualties, titles
- ``actor_words.tsv`` list, words                     closed word lists of the actor stage
- ``given_names.tsv`` name, sex                       (nancy → f: the pronouns that refer back)
- ``word_clusters.tsv`` word, coarse, fine            clusters of unlabeled news (the learned
                                                      gate's, ``read_word_clusters``; written
                                                      by ``training/clusters.py``)
- ``word_vectors.npy`` the same words' vectors (float16, one row per line of
                       ``word_clusters.tsv``; ``read_word_vectors``, read only by training)

The object is immutable and passed down to the stages that need it; nothing here is global.
"""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping

from ..errors import DataError
from ..records import EVENT_TYPES

SECTOR_CODES = frozenset(
    "GOV MIL COP JUD LEG OPP REB BUS MED EDU CVL NGO IGO REL INS SPY HLH LAB AGR ELI CRM REF "
    "UAF PTY ENV MNC SET JEW".split()
)


COMPOUND_CUE = "%"
"""The cue of a sense for several doers together ("X and Y agree that ..."): a user's verbs
dictionary writes it ``- % * [030]``."""


@dataclass(frozen=True, slots=True)
class CountryEntry:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    people: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """What a name or phrase resolves to (a country, an IGO, a metonym, a person, a group)."""

    name: str
    country: str | None
    sector: str | None
    kind: str
    role: str | None = None
    start: date | None = None
    end: date | None = None
    joint: bool = False
    """One of several codes a user's dictionary gives a name at once (``[FRO/BIL/SAM]``): the
    name stands for all of them together."""

    def active_on(self, when: date | None) -> bool:
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True, slots=True)
class SectorWord:
    word: str
    sector: str
    kind: str


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    pos: str
    cue: str | None
    event_type: str
    mode: str | None
    cameo: str | None
    context: tuple[str, ...]
    reverse: str | None = None
    """The CAMEO code of the reverse event, the target's towards the source (a user's verbs
    dictionary writes ``[032:033]``: a visit made, and hosted)."""
    cue_before: bool = False
    """The cue comes before the verb in a user's pattern (``NOT *``, ``$ BACK + IN *``): the
    cue word must precede the trigger."""
    target_prep: str | None = None
    """A user's pattern names the target as the object of this preposition (``* THEIR ^ ABOUT
    +``: "warned their people about X" is aimed at X)."""
    after: tuple[tuple[str, ...], ...] = ()
    """The words after the verb of a user's patterns of this sense, lower case, one tuple per
    pattern (``* REALLY_PLEASANT``: really, pleasant), for a match in the clause the verb
    governs."""
    swapped: bool = False
    """A user's pattern names the target before the verb and the source after it (``+ * MONEY
    $``): the subject is the recipient ("X received money from Y" is Y's act towards X)."""


@dataclass(frozen=True, slots=True)
class CameoCode:
    cameo: str
    event_type: str | None
    mode: str | None
    quad_class: int | None
    goldstein: float | None
    label: str


@dataclass(frozen=True, slots=True)
class Knowledge:
    countries: tuple[CountryEntry, ...]
    phrases: Mapping[str, tuple[ActorEntry, ...]]
    """Lower-cased phrase → what it can name (countries, capitals, demonyms, IGOs, metonyms,
    office holders, user dictionary entries)."""
    sectors: Mapping[str, SectorWord]
    triggers: Mapping[str, tuple[Trigger, ...]]
    """Lower-cased lemma → its senses (the most specific ``cue`` wins)."""
    cameo: Mapping[str, CameoCode]
    cues: Mapping[str, Any]
    lowercase_phrases: frozenset[str] = frozenset()
    """Phrases that may match in lower case; the others ("US", "WHO", "Polish") need capitals,
    so that "us", "who" and "polish" stay common words."""
    user_triggers: Mapping[str, tuple[Trigger, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    """Senses from user verbs dictionaries (PETRARCH ``.verbs``), keyed like ``triggers``: for
    the lemmas they cover they take precedence over the built-in lexicon."""
    actor_words: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: MappingProxyType({}))
    """The closed word lists of the actor stage (``actor_words.tsv``), by list name."""
    peoples: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    """A people without a state of its own (``peoples.tsv``) → the states it lives in; its
    words' entries have no country where it lives in several."""
    forces: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({}))
    """A people of ``peoples`` → the sector of its armed men in each state where the table
    gives one (the Kurds': Iraq's MIL, Syria's REB)."""
    given_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """A lower-case given name → the sex of nearly all its bearers, "m" or "f"
    (``given_names.tsv``)."""

    def phrase_entries(self, text: str) -> tuple[ActorEntry, ...]:
        """What a phrase of the text can name, respecting capitalisation."""
        key = text.lower()
        if text == key and key not in self.lowercase_phrases:
            return ()
        return self.phrases.get(key, ())

    def cue_set(self, key: str) -> frozenset[str]:
        return frozenset(self.cues.get(key, ()))

    def word_list(self, name: str) -> frozenset[str]:
        """One of ``actor_words.tsv``'s lists (a name it lacks is a KeyError: a bug, not data)."""
        return self.actor_words[name]


def cameo_row(code: str | None, cameo: Mapping[str, CameoCode], *,
              typed: bool = False) -> CameoCode | None:
    """The row of the CAMEO table for a code, else for its 3-digit parent, else for its root:
    the one walk up the CAMEO tree. ``typed``: the most specific row with a PLOVER type (None
    where none has one: the 01 statements, codes that are not CAMEO)."""
    if not code:
        return None
    for key in dict.fromkeys((code, code[:3], code[:2])):
        row = cameo.get(key)
        if row is not None and (not typed or row.event_type is not None):
            return row
    return None


def _split(cell: str) -> tuple[str, ...]:
    cell = cell.strip()
    if not cell or cell == "-":
        return ()
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def _opt(cell: str) -> str | None:
    cell = cell.strip()
    return None if cell in ("", "-") else cell


def _date(cell: str, where: str) -> date | None:
    cell = cell.strip()
    if cell in ("", "-"):
        return None
    try:
        return date.fromisoformat(cell)
    except ValueError:
        raise DataError(f"{where}: {cell!r} is not a YYYY-MM-DD date") from None


def read_tsv(path: Path | Any, columns: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows of a data TSV as dicts, each with a ``file:line`` label for messages."""
    name = getattr(path, "name", str(path))
    text = path.read_text(encoding="utf-8")
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = [c.strip() for c in cells]
            if tuple(header) != columns:
                raise DataError(f"{name}:{lineno}: header {header} should be {list(columns)}")
            continue
        if len(cells) != len(columns):
            raise DataError(f"{name}:{lineno}: {len(cells)} cells, expected {len(columns)}")
        yield f"{name}:{lineno}", dict(zip(columns, cells))


def data_file(name: str) -> Traversable:
    """A file of the package's ``data/`` folder, found through ``importlib.resources`` (so it is
    found wherever the package is installed: a checkout, a wheel, a zip)."""
    return files("eventwire").joinpath("data", name)


def read_tables() -> Knowledge:
    """Read every table of ``eventwire/data`` into a ``Knowledge`` (no user dictionaries:
    ``knowledge.load_knowledge`` adds them)."""
    phrases: dict[str, list[ActorEntry]] = {}

    lowercase: set[str] = set()

    def add(phrase: str, entry: ActorEntry) -> None:
        key = phrase.lower()
        if phrase == key:
            lowercase.add(key)
        bucket = phrases.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    countries = []
    for where, row in read_tsv(data_file("countries.tsv"),
                               ("iso3", "name", "aliases", "adjectives", "people", "capitals")):
        entry = CountryEntry(row["iso3"].strip(), row["name"].strip(), _split(row["aliases"]),
                             _split(row["adjectives"]), _split(row["people"]),
                             _split(row["capitals"]))
        if len(entry.iso3) != 3 or not entry.iso3.isupper():
            raise DataError(f"{where}: {entry.iso3!r} is not an ISO 3166-1 alpha-3 code")
        countries.append(entry)
        for n in (entry.name, *entry.aliases):
            add(n, ActorEntry(entry.name, entry.iso3, None, "country"))
        for n in entry.adjectives:
            add(n, ActorEntry(entry.name, entry.iso3, None, "group", role="adjective"))
        for n in entry.people:
            add(n, ActorEntry(entry.name, entry.iso3, None, "group", role="people"))
        for n in entry.capitals:
            add(n, ActorEntry(entry.name, entry.iso3, "GOV", "country", role="capital"))

    known = {c.iso3 for c in countries}
    peoples: dict[str, tuple[str, ...]] = {}
    forces: dict[str, Mapping[str, str]] = {}
    for where, row in read_tsv(data_file("peoples.tsv"),
                               ("name", "adjectives", "people", "states", "alone", "forces")):
        name, states, alone = row["name"].strip(), _split(row["states"]), _opt(row["alone"])
        if not states or any(s not in known for s in states):
            raise DataError(f"{where}: states {row['states']!r} are not ISO3 codes of "
                            "countries.tsv")
        armed = dict(cell.split(":", 1) for cell in _split(row["forces"]) if ":" in cell)
        if len(armed) != len(_split(row["forces"])) or any(
                state not in states or sector not in SECTOR_CODES
                for state, sector in armed.items()):
            raise DataError(f"{where}: forces {row['forces']!r} should be STATE:SECTOR pairs "
                            "of the people's states, | between them, or -")
        if alone == "forces":
            if not armed:
                raise DataError(f"{where}: alone is 'forces' but no forces are given")
            alone = None  # the resolver reads the forces of the story's state
        if alone is not None and alone not in SECTOR_CODES:
            raise DataError(f"{where}: unknown sector {alone!r}")
        peoples[name] = states
        if armed:
            forces[name] = MappingProxyType(armed)
        # a people of several states is placed by the story (``Knowledge.peoples``); named
        # alone, it is of the sector the table gives
        state = states[0] if len(states) == 1 else None
        for n in _split(row["adjectives"]):
            add(n, ActorEntry(name, state, None, "group", role="adjective"))
        for n in _split(row["people"]):
            add(n, ActorEntry(name, state, alone, "group", role="people"))

    for _where, row in read_tsv(data_file("igos.tsv"), ("code", "name", "aliases")):
        entry_igo = ActorEntry(row["name"].strip(), row["code"].strip(), "IGO", "organization")
        for n in (row["name"], row["code"], *_split(row["aliases"])):
            add(n.strip(), entry_igo)

    for _where, row in read_tsv(data_file("groups.tsv"), ("phrase", "country", "sector", "name")):
        add(row["phrase"].strip(), ActorEntry(row["name"].strip(), _opt(row["country"]),
                                              _opt(row["sector"]), "organization", role="group"))

    for _where, row in read_tsv(data_file("metonyms.tsv"), ("phrase", "country", "sector", "name")):
        add(row["phrase"].strip(), ActorEntry(row["name"].strip(), row["country"].strip(),
                                              _opt(row["sector"]), "organization", role="metonym"))

    for where, row in read_tsv(data_file("office_holders.tsv"),
                               ("name", "aliases", "country", "sector", "role", "start", "end")):
        person = ActorEntry(row["name"].strip(), _opt(row["country"]), _opt(row["sector"]),
                            "person", role=_opt(row["role"]), start=_date(row["start"], where),
                            end=_date(row["end"], where))
        for n in (row["name"], *_split(row["aliases"])):
            add(n.strip(), person)

    sectors: dict[str, SectorWord] = {}
    for where, row in read_tsv(data_file("sectors.tsv"), ("word", "sector", "kind")):
        sw = SectorWord(row["word"].strip().lower(), row["sector"].strip(), row["kind"].strip())
        if sw.sector not in SECTOR_CODES:
            raise DataError(f"{where}: unknown sector {sw.sector!r}")
        sectors[sw.word] = sw

    triggers: dict[str, list[Trigger]] = {}
    for where, row in read_tsv(data_file("triggers.tsv"),
                               ("lemma", "pos", "cue", "event_type", "mode", "cameo", "context")):
        trig = Trigger(row["lemma"].strip().lower(), row["pos"].strip().upper(), _opt(row["cue"]),
                       row["event_type"].strip(), _opt(row["mode"]), _opt(row["cameo"]),
                       _split(row["context"]))
        if trig.event_type not in EVENT_TYPES:
            raise DataError(f"{where}: unknown PLOVER type {trig.event_type!r}")
        triggers.setdefault(trig.lemma, []).append(trig)

    cameo = read_cameo()

    cues = json.loads(data_file("cues.json").read_text(encoding="utf-8"))

    return Knowledge(
        countries=tuple(countries),
        phrases=MappingProxyType({k: tuple(v) for k, v in phrases.items()}),
        sectors=MappingProxyType(sectors),
        triggers=MappingProxyType({k: tuple(v) for k, v in triggers.items()}),
        cameo=cameo,
        cues=MappingProxyType(cues),
        lowercase_phrases=frozenset(lowercase),
        actor_words=read_actor_words(),
        peoples=MappingProxyType(peoples),
        forces=MappingProxyType(forces),
        given_names=read_given_names(),
    )


def read_given_names(source: Traversable | Path | None = None) -> Mapping[str, str]:
    """``given_names.tsv`` (or ``source``): lower-case given name → "m" or "f", validated with
    ``file:line`` errors (a name listed twice is an error: it would have two sexes)."""
    names: dict[str, str] = {}
    for where, row in read_tsv(source or data_file("given_names.tsv"), ("name", "sex")):
        name, sex = row["name"].strip(), row["sex"].strip()
        if sex not in ("m", "f"):
            raise DataError(f"{where}: sex must be m or f, not {sex!r}")
        if not name or name != name.lower() or " " in name:
            raise DataError(f"{where}: a name is one lower-case word, not {name!r}")
        if name in names:
            raise DataError(f"{where}: {name!r} is listed twice")
        names[name] = sex
    return MappingProxyType(names)


def read_word_clusters(source: Traversable | Path | None = None
                       ) -> Mapping[str, tuple[str, str]]:
    """``word_clusters.tsv`` (or ``source``): lower-cased word → its (coarse, fine) cluster of
    unlabeled news (``training/clusters.py``), the learned gate's features. Not part of
    ``Knowledge``: only the learned coder and training read it (30,000 rows, 0.1 s)."""
    out: dict[str, tuple[str, str]] = {}
    for where, row in read_tsv(source or data_file("word_clusters.tsv"),
                               ("word", "coarse", "fine")):
        word, coarse, fine = row["word"], row["coarse"].strip(), row["fine"].strip()
        if not (coarse.isdigit() and fine.isdigit()) or word != word.lower() or word in out:
            raise DataError(f"{where}: a lower-cased word once, then two cluster numbers")
        out[word] = (coarse, fine)
    return MappingProxyType(out)


def read_word_vectors(source: Traversable | Path | None = None,
                      rows: int | None = None) -> Any:
    """``word_vectors.npy`` (or ``source``): the unit-length vectors of the words of
    ``word_clusters.tsv``, one row per word in the table's order, as float32 (``rows``: the
    number of words the table holds, checked). Read by training only (``train.fit_gate``)."""
    import numpy as np

    where = source or data_file("word_vectors.npy")
    try:
        with where.open("rb") as f:
            vectors = np.load(f, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise DataError(f"{where}: not a word-vector file ({exc}); write it again with "
                        "training/clusters.py") from None
    if vectors.ndim != 2 or (rows is not None and vectors.shape[0] != rows):
        raise DataError(f"{where}: {vectors.shape} vectors for {rows} words of "
                        "word_clusters.tsv; write both again with training/clusters.py")
    return vectors.astype(np.float32)


@functools.cache
def country_adjectives() -> Mapping[str, str]:
    """A country's adjective as written ("Turkish", "Saudi") → its ISO3, from
    ``data/countries.tsv``: for the demonyms the geoparser counts as toponyms and for the places
    a text describes by them ("the Saudi capital")."""
    out: dict[str, str] = {}
    columns = ("iso3", "name", "aliases", "adjectives", "people", "capitals")
    for _, row in read_tsv(data_file("countries.tsv"), columns):
        for word in row["adjectives"].split("|"):
            if word.strip() not in ("", "-"):
                out.setdefault(word.strip(), row["iso3"].strip())
    return MappingProxyType(out)


def read_cameo() -> Mapping[str, CameoCode]:
    """``cameo.tsv``: CAMEO code → its row."""
    cameo: dict[str, CameoCode] = {}
    for _where, row in read_tsv(data_file("cameo.tsv"),
                               ("cameo", "event_type", "mode", "quad_class", "goldstein", "label")):
        code = row["cameo"].strip()
        quad = _opt(row["quad_class"])
        gold = _opt(row["goldstein"])
        cameo[code] = CameoCode(code, _opt(row["event_type"]), _opt(row["mode"]),
                                int(quad) if quad else None, float(gold) if gold else None,
                                row["label"].strip())
    return MappingProxyType(cameo)


ACTOR_WORD_LISTS: Mapping[str, str] = MappingProxyType({
    "np_left_deps": "words", "np_right_deps": "words", "title_heads": "words",
    "locating_words": "words", "thing_pronouns": "words",
    "speaker_pronouns": "words", "speakers_pronouns": "words",
    "male_pronouns": "words", "female_pronouns": "words",
    "male_titles": "words", "female_titles": "words", "person_nouns": "words",
    "definite_determiners": "words",
    "transnational_sectors": "sectors", "office_sectors": "sectors", "home_sectors": "sectors",
    "story_sectors": "sectors", "stateless_heads": "words",
    "state_nouns": "words", "victim_nouns": "words", "family_name_first": "countries",
    "name_particles": "words",
    "patron_words": "words", "group_nouns": "words", "armed_vehicles": "words",
    "legislating_words": "words", "electoral_words": "words", "compass_words": "words",
    "relation_nouns": "words",
})
"""The lists ``actor_words.tsv`` must hold, each once, and what its entries are: lower-case
"words" (or dependency labels), "sectors" (codes of ``SECTOR_CODES``) or "countries" (ISO3
codes, three capital letters)."""


def read_actor_words(source: Traversable | Path | None = None) -> Mapping[str, frozenset[str]]:
    """``actor_words.tsv`` (or ``source``): the actor stage's closed word lists, one row a list
    (words split on ``|``), validated with ``file:line`` errors."""
    source = source or data_file("actor_words.tsv")
    lists: dict[str, frozenset[str]] = {}
    for where, row in read_tsv(source, ("list", "words")):
        name = row["list"].strip()
        if name not in ACTOR_WORD_LISTS:
            raise DataError(f"{where}: unknown list {name!r}; the lists are "
                            + ", ".join(ACTOR_WORD_LISTS))
        if name in lists:
            raise DataError(f"{where}: list {name!r} is given twice; keep one row")
        words = _split(row["words"])
        if not words:
            raise DataError(f"{where}: list {name!r} is empty")
        if len(set(words)) != len(words):
            raise DataError(f"{where}: list {name!r} names a word twice")
        for word in words:
            kind = ACTOR_WORD_LISTS[name]
            if kind == "sectors" and word not in SECTOR_CODES:
                raise DataError(f"{where}: {word!r} is not a sector code")
            if kind == "countries" and not (len(word) == 3 and word.isalpha()
                                            and word.isupper()):
                raise DataError(f"{where}: {word!r} is not an ISO3 country code")
            if kind == "words" and word != word.lower():
                raise DataError(f"{where}: {word!r} should be lower case")
        lists[name] = frozenset(words)
    missing = [name for name in ACTOR_WORD_LISTS if name not in lists]
    if missing:
        raise DataError(f"{source.name}: no row for {', '.join(missing)}; add it")
    return MappingProxyType(lists)
