"""Knowledge: what the stages look words and codes up in, loaded once into a ``Knowledge``
object that is passed down (nothing here is global). The bottom of the package, beside
``records.py``: it imports no stage.

- ``tables.py``        the records (``Knowledge``, ``ActorEntry``, ``Trigger``, ...) and the readers
                       of the project's own tables in ``eventwire/data/`` (imports nothing else of
                       this folder);
- ``dictionaries.py``  PETRARCH/TABARI ``.actors`` and agents files, actor codes;
- ``verbs.py``         PETRARCH ``.verbs`` files → trigger senses;
- ``gazetteer.py``     GeoNames places, divisions and countries, the place tables, the ranking;
- ``names.py``         how place names are folded and compared (read by the gazetteer and
                       its index);
- ``geoindex.py``      the gazetteer's SQLite index, built once into the user cache from
                       installed packages (docs/places.md).

``load_knowledge`` (here) reads the tables and adds the user's dictionaries to them.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from ..errors import UsageError
from .dictionaries import dictionary_kind, read_actor_dictionary, read_agents_dictionary
from .tables import (
    COMPOUND_CUE,
    SECTOR_CODES,
    ActorEntry,
    CameoCode,
    CountryEntry,
    Knowledge,
    SectorWord,
    Trigger,
    cameo_row,
    data_file,
    read_tables,
    read_tsv,
    read_word_clusters,
    read_word_vectors,
)
from .verbs import read_verbs_dictionary

__all__ = [
    "COMPOUND_CUE", "SECTOR_CODES", "ActorEntry", "CameoCode", "CountryEntry", "Knowledge",
    "SectorWord", "Trigger", "cameo_row", "data_file", "load_knowledge", "read_tables",
    "read_tsv", "read_word_clusters", "read_word_vectors",
]


def load_knowledge(dictionaries: tuple[str, ...] = (),
                   dictionaries_only: bool = False) -> Knowledge:
    """Read every table of ``eventwire/data`` and the user dictionaries (PETRARCH ``.actors``,
    agents and ``.verbs`` files). ``dictionaries_only``: the user's agents and verbs files are
    complete, as in PETRARCH: where given, their words are the only sector words (no
    ``sectors.tsv``) and their verbs the only triggers (no ``triggers.tsv``, no nominal
    events), and no party takes the country of the story it is told in."""
    tables = read_tables()
    if not dictionaries and not dictionaries_only:
        return tables
    phrases = {key: list(entries) for key, entries in tables.phrases.items()}
    lowercase = set(tables.lowercase_phrases)
    sectors = dict(tables.sectors)
    triggers = dict(tables.triggers)
    # User dictionaries override and extend the tables: their entries for a phrase come first
    # (files in the order given); agents files (codes like [~GOV]) add or replace sector words;
    # with ``dictionaries_only``, agents and verbs files replace the tables of their kind.
    user: dict[str, list[ActorEntry]] = {}
    user_triggers: dict[str, list[Trigger]] = {}
    kinds = {path: dictionary_kind(path) for path in dictionaries}
    if dictionaries_only:
        if not {"agents", "verbs"} & set(kinds.values()):
            raise UsageError("--dictionaries-only: no agents or verbs file among the "
                             f"dictionaries ({', '.join(dictionaries) or 'none given'}); give "
                             "them with --dictionary, or leave --dictionaries-only out to use "
                             "eventwire's own sector words and triggers")
        if "agents" in kinds.values():
            sectors.clear()
        if "verbs" in kinds.values():
            triggers.clear()
    for path, kind in kinds.items():
        if kind == "agents":
            for sw in read_agents_dictionary(path):
                sectors[sw.word] = sw
            continue
        if kind == "verbs":  # senses of earlier files come first
            for trig in read_verbs_dictionary(path, cameo=tables.cameo):
                senses = user_triggers.setdefault(trig.lemma, [])
                if trig not in senses:
                    senses.append(trig)
            continue
        for phrase, actor in read_actor_dictionary(path):
            if phrase == phrase.lower():
                lowercase.add(phrase)
            bucket = user.setdefault(phrase.lower(), [])
            if actor not in bucket:
                bucket.append(actor)
    for key, entries in user.items():
        phrases[key] = entries + [e for e in phrases.get(key, []) if e not in entries]
    actor_words = tables.actor_words
    if dictionaries_only:
        # as in PETRARCH, a party has only the country its own words give: none from the
        # places of the story (the actor stage's ``home_sectors`` and ``story_sectors``)
        actor_words = MappingProxyType({**actor_words, "home_sectors": frozenset(),
                                        "story_sectors": frozenset()})

    return replace(
        tables,
        # nor a people of several states its place in the story (``peoples.tsv``)
        peoples=MappingProxyType({}) if dictionaries_only else tables.peoples,
        forces=MappingProxyType({}) if dictionaries_only else tables.forces,
        phrases=MappingProxyType({k: tuple(v) for k, v in phrases.items()}),
        sectors=MappingProxyType(sectors),
        triggers=MappingProxyType(triggers),
        lowercase_phrases=frozenset(lowercase),
        user_triggers=MappingProxyType({k: tuple(v) for k, v in user_triggers.items()}),
        actor_words=actor_words,
    )
