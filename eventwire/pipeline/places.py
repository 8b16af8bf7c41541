"""Toponyms → places: the place finder for a parsed paragraph.

``find_places`` takes one parsed paragraph and returns the toponyms it names as ``Place``
records, resolved against a ``Gazetteer`` (``gazetteer.py``: the index, its cache, and which
place a name means). Which names of a paragraph count as places, and when a city's name needs
support from the text, is said in ``find_places``; ``context_countries`` gives the countries
that later lookups should favour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..knowledge.gazetteer import (
    ADMIN1,
    CAPITAL,
    GID,
    ISO3,
    LAT,
    LON,
    MAJOR_CAPITAL_POPULATION,
    MAJOR_POPULATION,
    NAME,
    POPULATION,
    PRECISION,
    Gazetteer,
    KIND,
    Match,
    division,
    fold_name,
    name_keys,
)
from ..knowledge.tables import country_adjectives
from ..records import Place

_MAX_TOKENS = 6
SMALL_POPULATION = 15_000
"""A town smaller than this needs its country named in the article or a strong cue ("the
town of X", "X, Texas", a dateline): "in Bree" is no Belgian town in a story of the Shire."""
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""The entity labels of place names (read by the event's place model too: ``arguments``)."""
_CONFIRMING_LABELS = frozenset({"GPE", "LOC"})
"""A FAC entity (a building, airport, road) that is wholly a town's name is doubtful."""
_NAME_ONLY_LABELS = frozenset({"ORG", "PRODUCT"})
"""Entities that count only when the whole entity is a place name (ORG "KARACHI" datelines)."""
_REGION_ONLY_LABELS = frozenset({"NORP"})
"""Entities that count only when the whole entity is a division's or a major city's name: the
small model tags "Punjab" and "Aleppo" NORP (demonyms such as "Russian" are no place's name)."""
_MISLABELLED = frozenset({"PERSON", "DATE", "LANGUAGE"})
"""Entities that may be a place's name the small model read otherwise ("Khan Sheikhoun" PERSON,
"Raqqa" LANGUAGE): kept only with a strong cue, or a place cue where the article uses the name
as a place elsewhere or (not for a DATE: "in August") names the place's country
(``find_places``)."""
_LOCATIVE = frozenset({"in", "near", "outside", "inside", "across", "around", "throughout",
                       "into", "within", "toward", "towards", "via", "off", "nearby"})
_WEAK_LOCATIVE = frozenset({"to", "from", "at"})
"""Place cues only for NER-tagged names: "talked to Warren", "a fellow at Brookings"."""
_SETTLEMENT = frozenset({"city", "town", "village", "capital", "port", "suburb", "province",
                         "state", "region", "district", "oblast", "governorate", "county",
                         "area", "outskirts", "streets", "resident", "residents", "native",
                         "natives", "cities", "towns", "villages", "suburbs", "provinces",
                         "states", "regions", "districts", "counties", "areas"})
"""Nouns that mark a place: "the city of Mobile", "residents of Moore", "the Kyiv region",
"a Tabriz resident", "the Cairns suburbs"."""
_DIVISION_WORDS = frozenset({"gov", "governor", "governors", "governorship", "state", "province",
                             "premier", "legislature", "statehouse"})
"""Words that name a name's division rather than its city: "New York Gov. Mario Cuomo", "New
York state", "the Governor of New York", "the Quebec premier"."""


def needs_support(row: tuple[Any, ...]) -> bool:
    """A division that needs support from the text: any but a US state (GeoNames' admin1
    with a geonameid), which is taken wherever its name appears."""
    return division(row) and not (row[KIND] == "admin1" and row[GID] is not None)


def _major_capital(row: tuple[Any, ...]) -> bool:
    return bool(row[CAPITAL]) and row[POPULATION] >= MAJOR_CAPITAL_POPULATION


def _major(row: tuple[Any, ...]) -> bool:
    return (row[PRECISION] != "city" or row[POPULATION] >= MAJOR_POPULATION
            or _major_capital(row))


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    """Token index."""
    end: int
    confirmed: bool
    """The NER tagged it GPE, LOC or FAC."""
    gpe: bool
    partial: bool = False
    """A name at the start of a longer entity ("Kyiv region")."""
    mislabelled: str = ""
    """The label of an entity of another label (PERSON, DATE, LANGUAGE) that is wholly a place
    name: "the city of Tabriz" tagged PERSON, "in Winnipeg" tagged DATE."""


def find_places(doc: Any, offset: int, gazetteer: Gazetteer,
                context: Collection[str] = (), *, evidence: Evidence | None = None,
                qualified: dict[str, tuple[str, str | None]] | None = None,
                accepted: Collection[str] = (), persons: Collection[str] = ()) -> list[Place]:
    """The resolved toponyms of a parsed paragraph, in text order, one per span.

    ``doc`` is a spaCy ``Doc`` of a paragraph that starts at ``offset`` in the cleaned text.

    Candidates: GPE/LOC/FAC entities (a leading "the" dropped; when the whole entity is unknown,
    a known name at its start, as in "Kyiv region", unless it names a natural feature such as
    "Mississippi River"), ORG and PRODUCT entities that are wholly a place name (datelines) and
    the place names inside an ORG ("Kentucky State Police", "the Conference Board of
    Canada"), NORP entities that are wholly a division's or a major city's name (the small
    model's "Punjab", "Aleppo"), and runs of capitalised proper nouns outside entities (the
    small model misses "Kyiv" in "Moscow and Kyiv"), and PERSON, LANGUAGE and DATE entities
    that are wholly a place name, kept only with a strong cue or with a place cue where the
    article uses the name as a place elsewhere or (not a DATE) names the place's country ("the
    coastal town of Izmir" tagged PERSON, "in Winnipeg" tagged DATE, "in Khan Sheikhoun" tagged
    PERSON in a story that names Syria). Other PERSON entities, other NORP entities and
    adjectives are never places.
    An abbreviation whose period the tokenizer split off is read with it ("Ont" "." → "Ont.").

    A country or first-level division named after a comma that qualifies the place before it
    is that division even where its name is a city's first ("Bronx, New York" → the state); a
    division's word around a name ("New York Gov.", "the province of Aydin") picks the
    division.

    Which candidates are kept: countries, continents and US states; another division (a
    region of ``regions.tsv``, a GeoNames admin1 or admin2) when tagged GPE/LOC, with a place
    cue, in a context country or named in more than one token ("Golan Heights"), and inside a
    longer name only under its main name of more than one token ("Metcalfe County Sheriff's
    Office"); a town of fewer than ``SMALL_POPULATION`` people outside the context countries
    only with a strong cue ("the town of X", "X, Texas", a dateline); a major city (half a
    million people, or a national capital of 100 000) when tagged GPE/LOC, or else with a
    place cue, in a context country, or in capitals as a dateline ("WUHAN"); a minor city
    only under its main name (or a spelling of it), with a place cue, or tagged GPE/LOC and in
    a context country. Place cues: a
    locative preposition ("in", "near"; "to", "from" and "at" only for tagged names), "the town
    of", "the Kyiv region", coordination with a tagged place ("Moscow and Kyiv"), a following
    ", Texas", an apposition that describes the name as a settlement or sets it apart from a
    tagged place by a compass point ("Khan Sheikhoun, a town in Idlib province", "Douma, north
    of Damascus": a strong cue too). Another name of a city ("Kiev") counts only for a
    capital, for a major city tagged and in a context country, for a city tagged GPE, with a
    place cue and in a context country ("in Douma" where the article names Syria), or with a
    strong cue ("Douma, north of Damascus"). Abbreviations and acronyms
    ("Pa.", "UN") are no towns. Words of ``data/place_stopwords.tsv`` are never places
    ("White House") or need a cue or a GPE tag in a context country ("Nice").

    Countries, states and regions named in the paragraph join ``context``, and ", Texas" after
    a name picks the Paris in Texas (not a name that modifies a word after it: "in Paris, U.S.
    officials said"). ``evidence`` (the article's, see ``resolve_places``) adds
    its admin1s, points and qualified names to the ranking; ``qualified`` collects the
    qualifiers met (folded name → (ISO3, admin1)). A name in ``accepted`` (folded: a name the
    article has used as a place elsewhere) needs no further support; a name in ``persons``
    (folded words of the article's person names: "Georgia" of "Georgia Stevens") needs a place
    cue.
    """
    taken = [False] * len(doc)
    candidates: list[_Candidate] = []
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            taken[i] = True
        start, end = ent.start, ent.end
        while end > start and doc[end - 1].is_space:
            end -= 1
        if end - start > 1 and doc[start].lower_ == "the":
            start += 1
        if start == end:
            continue
        span = _with_period(doc, start, end, gazetteer)
        end = span.end
        if ent.label_ in PLACE_LABELS:
            gpe = ent.label_ == "GPE"
            if gazetteer.is_place_name(span.text):
                candidates.append(_Candidate(start, end, ent.label_ in _CONFIRMING_LABELS, gpe))
            elif fold_name(doc[end - 1].text) not in gazetteer.features:
                candidates.extend(_scan(doc, start, end, gazetteer, confirmed=True, gpe=gpe,
                                        prefix=True))
        elif ent.label_ in _NAME_ONLY_LABELS:
            if gazetteer.is_place_name(span.text):
                candidates.append(_Candidate(start, end, False, False))
            else:  # "Kentucky State Police", "the Conference Board of Canada"
                candidates.extend(_scan(doc, start, end, gazetteer, confirmed=False, gpe=False,
                                        partial=True))
        elif ent.label_ in _REGION_ONLY_LABELS:
            match = gazetteer.match(span.text, ())
            if match is not None and (needs_support(match.row) or (
                    match.row[PRECISION] == "city" and _major(match.row))):
                candidates.append(_Candidate(start, end, False, False))
        elif ent.label_ in _MISLABELLED and gazetteer.is_place_name(span.text):
            candidates.append(_Candidate(start, end, False, False, mislabelled=ent.label_))
    free = 0
    while free < len(doc):
        if taken[free]:
            free += 1
            continue
        end = free
        while end < len(doc) and not taken[end]:
            end += 1
        candidates.extend(_scan(doc, free, end, gazetteer, confirmed=False, gpe=False))
        free = end

    nations = set(context)
    for cand in candidates:
        match = gazetteer.match(doc[cand.start:cand.end].text, context)
        if (match and match.row[PRECISION] in ("country", "region") and match.row[ISO3]
                and _accept(doc, cand, match, gazetteer, nations)):
            nations.add(match.row[ISO3])
    places: dict[tuple[int, int], Place] = {}
    ordered = sorted(candidates, key=lambda c: (c.start, c.end))
    before = {id(c): p for p, c in zip([None, *ordered], ordered)}
    for cand in candidates:
        span = doc[cand.start:cand.end]
        within = _qualifier(doc, cand, gazetteer)
        key = fold_name(span.text)
        if within is not None and qualified is not None:
            qualified.setdefault(key, within)
        if evidence is None:
            match = gazetteer.match(span.text, nations, within)
        else:
            countries, admin1s, points = evidence.without(key)
            match = gazetteer.match(span.text, countries,
                                    within or evidence.qualified.get(key), admin1s, points,
                                    evidence.home(key))
        region = _qualifying(doc, cand, before[id(cand)], gazetteer)
        if region is None and match is not None and match.row[PRECISION] in ("city",
                                                                               "country"):
            region = _division_sense(doc, cand, gazetteer)
            if region is not None and match.row[PRECISION] == "country" \
                    and qualified is not None:
                # the article's other mentions of the name mean that division too ("Georgia
                # Gov. Brian Kemp", then "the Georgia Democratic Party")
                qualified.setdefault(key, (region.row[ISO3], region.row[ADMIN1]))
        if region is not None:  # "Bronx, New York", "New York Gov. Mario Cuomo": the state
            match = region
        elif key in persons and not _place_cue(doc, cand, gazetteer):
            continue  # "Georgia herself is thrilled", after "Georgia Stevens"
        elif cand.mislabelled and not (
                _strong_cue(doc, cand, gazetteer)
                or ((key in accepted or (cand.mislabelled != "DATE" and match is not None
                                         and match.row[ISO3] in nations))
                    and _place_cue(doc, cand, gazetteer))):
            continue  # "Jordan" the person; but "the town of Izmir", "in Winnipeg" again,
            # "in Khan Sheikhoun" where the article names Syria (not "in August", a DATE)
        if match is None or not (_accept(doc, cand, match, gazetteer, nations)
                                 or ((key in accepted or region is not None)
                                     and _plausible_form(span.text, match, gazetteer)
                                     and gazetteer.stopword(span.text) != "never")):
            continue
        row = match.row
        start, end = span.start_char + offset, span.end_char + offset
        places.setdefault((start, end), Place(
            text=span.text, start=start, end=end, name=row[NAME], country=row[ISO3],
            admin1=row[ADMIN1], lat=row[LAT], lon=row[LON], geonameid=row[GID],
            precision=row[PRECISION]))
    return [places[k] for k in sorted(places)]


def context_countries(places: Iterable[Place]) -> frozenset[str]:
    """The ISO3 codes of the countries that ``places`` lie in (the ``context`` of lookups)."""
    return frozenset(p.country for p in places if p.country)


def _accept(doc: Any, cand: _Candidate, match: Match, gazetteer: Gazetteer,
            nations: Collection[str]) -> bool:
    """Whether the candidate is kept (see ``find_places``)."""
    text = doc[cand.start:cand.end].text
    kind = gazetteer.stopword(text)
    if kind == "never":
        return False
    row = match.row
    city, listed = row[PRECISION] == "city", needs_support(row)
    if (city or listed) and not _plausible_form(text, match, gazetteer):
        return False
    cue = _place_cue(doc, cand, gazetteer, major=city and _major(row) and match.primary)
    known = row[ISO3] in nations
    if kind == "word" and not (cue or (cand.gpe and known)):
        return False
    if listed:  # "Fars" the news agency is no province; a name of two words is no accident
        if cand.partial:  # "Metcalfe County Sheriff's Office", not "White" of "White House"
            return match.primary and cand.end - cand.start > 1
        return cand.confirmed or cue or known or cand.end - cand.start > 1
    if not city:  # a country, a state, a continent
        return True
    if cand.partial:
        return _major(row)
    if not match.primary:  # another name: "Kiev", "Cologne", "the town of Douma", not "Molotov"
        return _major_capital(row) or (_major(row) and cand.confirmed and known) \
            or (cand.gpe and known and cue) or (cue and _strong_cue(doc, cand, gazetteer))
    if not _major(row) and row[POPULATION] < SMALL_POPULATION and not known:
        return cue and _strong_cue(doc, cand, gazetteer)  # "in Bree" is no Belgian town
    if cand.confirmed:
        return _major(row) or cue or known
    if _major(row):  # untagged, or tagged ORG/FAC ("Georgetown" the university)
        return cue or known or text.isupper()  # "WUHAN", a dateline
    return cue


def _strong_cue(doc: Any, cand: _Candidate, gazetteer: Gazetteer) -> bool:
    """A cue that names the span a settlement: "the town of X", "the X region", "X, Texas",
    "X, a town in Y" (``_described_place``), a dateline."""
    token = doc[cand.start:cand.end].root
    if _names_area(token) or _dateline(doc, cand) or _described_place(token):
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in _SETTLEMENT:
        return True
    return _qualifier(doc, cand, gazetteer) is not None


def _dateline(doc: Any, cand: _Candidate) -> bool:
    """"TORRINGTON —", "EDMONTON, Ky." at the start of a paragraph."""
    return cand.start == 0 and doc[:cand.end].text.isupper() and cand.end < len(doc) and (
        doc[cand.end].text in ("-", "—", "–", ",", "("))


def _plausible_form(text: str, match: Match, gazetteer: Gazetteer) -> bool:
    """Abbreviations and acronyms are no town's name: "UN", "VAN", "DACA" (Dhaka's Portuguese
    name), "Kan."; but "D.C." is an alias, and "ROME" (a main name in capitals) a dateline. A
    listed region may be written in capitals by its acronym ("FATA"), not by three letters
    ("IMO", the maritime organisation, is no Imo State)."""
    if text.endswith("."):
        return name_keys(text)[0] in gazetteer.index
    if text.isupper():  # a dateline gives the main name
        letters = sum(ch.isalpha() for ch in text)
        return letters > 3 and (needs_support(match.row)
                                or fold_name(text) == fold_name(match.row[NAME]))
    return True


def _place_cue(doc: Any, cand: _Candidate, gazetteer: Gazetteer, *, major: bool = False) -> bool:
    """Whether the text marks the span as a place: "in X", "the town of X", "the X region",
    "X, Texas", or coordination with a tagged place ("Moscow and Kyiv")."""
    token = doc[cand.start:cand.end].root
    chain = [token]
    while token.dep_ == "conj" and token.head != token and len(chain) < 8:
        token = token.head
        chain.append(token)
    inside = range(cand.start, cand.end)
    for member in chain:
        if member.i not in inside and member.ent_type_ in _CONFIRMING_LABELS:
            return True
        if any(c.dep_ == "conj" and c.ent_type_ in _CONFIRMING_LABELS and c.i not in inside
               for c in member.children):
            return True
    if _names_area(token) or _described_place(token):
        return True
    if _dateline(doc, cand):
        return True
    if token.dep_ == "pobj":
        prep = token.head.lower_
        if prep in _LOCATIVE or ((cand.confirmed or major) and prep in _WEAK_LOCATIVE):
            return True
        if prep == "of" and token.head.head.lower_ in _SETTLEMENT:
            return True
    return _qualifier(doc, cand, gazetteer) is not None


def _qualifier(doc: Any, cand: _Candidate,
               gazetteer: Gazetteer) -> tuple[str, str | None] | None:
    """The (ISO3, state) of a country or region named after a comma after the candidate:
    "Paris, Texas" → ("USA", "Texas"); "Tripoli, Lebanon" → ("LBN", None); "Hyderabad, Sindh"
    → ("PAK", None) (GeoNames gives cities outside the US no admin1 name to compare). A name
    that is a division only in its lesser sense ("New York", the city first) qualifies when
    the candidate names a place inside it ("Bronx, New York")."""
    end = cand.end
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    for size in range(min(_MAX_TOKENS, len(doc) - end - 1), 0, -1):
        span = _with_period(doc, end + 1, end + 1 + size, gazetteer)
        if _modifies_after(span):
            continue
        text = span.text
        match = gazetteer.match(text, ())
        if match and match.row[PRECISION] in ("country", "region") and match.row[ISO3]:
            return match.row[ISO3], None if needs_support(match.row) else match.row[ADMIN1]
        region = gazetteer.qualifier(text)
        if region is not None and _lies_in(doc[cand.start:end].text, region.row, gazetteer):
            return region.row[ISO3], region.row[ADMIN1]
    return None


_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


def _modifies_after(span: Any) -> bool:
    """Whether a name after a comma modifies a word after it rather than qualifying the place
    before it: "in Paris, U.S. officials said" (the officials' country, not Paris, Texas),
    "in Moscow, Russia's foreign ministry said"."""
    root = span.root
    return root.dep_ in _MODIFIER_DEPS and root.head.i >= span.end


def _qualifying(doc: Any, cand: _Candidate, before: _Candidate | None,
                gazetteer: Gazetteer) -> Match | None:
    """The country or first-level division that the candidate names where it qualifies the
    place before it ("Bronx, New York" → the state; "Barrie, Ont." → Ontario): the previous
    candidate ends at a comma just before it and names a place inside it."""
    if before is None or before.end + 1 != cand.start or doc[before.end].text != ",":
        return None
    text = doc[cand.start:cand.end].text
    region = gazetteer.qualifier(text)
    place = doc[before.start:before.end].text
    if region is None or not _lies_in(place, region.row, gazetteer):
        # the other reading of a name that is a country and another country's division
        # ("Atlanta, Georgia": the US state, not the country)
        return next((m for m in gazetteer.qualifiers(text) if m.primary
                     and m.row[KIND] != "country" and _lies_in(place, m.row, gazetteer)), None)
    return region


def _division_sense(doc: Any, cand: _Candidate, gazetteer: Gazetteer) -> Match | None:
    """The first-level division of the candidate's name where the text says it means the
    division ("New York Gov.", "New York state", "the Governor of New York"), not the city."""
    after = doc[cand.end].lower_.rstrip(".") if cand.end < len(doc) else ""
    token = doc[cand.start:cand.end].root
    of = (token.dep_ == "pobj" and token.head.lower_ == "of"
          and token.head.head.lower_ in _DIVISION_WORDS)
    if after not in _DIVISION_WORDS and not of:
        return None
    # the division, also where the name is a country's too ("Georgia Gov. Brian Kemp")
    return next((m for m in gazetteer.qualifiers(doc[cand.start:cand.end].text)
                 if m.primary and m.row[KIND] != "country"), None)


def _lies_in(text: str, region: tuple[Any, ...], gazetteer: Gazetteer) -> bool:
    """Whether a populated place called ``text`` lies in the country or division ``region``."""
    own = None if region[KIND] == "country" else fold_name(region[ADMIN1] or region[NAME])
    return any(m.row[PRECISION] == "city" and m.row[ISO3] == region[ISO3] and (
        own is None or (m.row[ADMIN1] is not None and fold_name(m.row[ADMIN1]) == own))
        for m in gazetteer.candidates(text))


def _with_period(doc: Any, start: int, end: int, gazetteer: Gazetteer) -> Any:
    """The span ``start:end``, with the period the tokenizer split from it where the name is
    an abbreviation ("Ont" "." → "Ont.")."""
    if (end < len(doc) and doc[end].text == "." and not doc[end - 1].whitespace_
            and doc[start:end + 1].text.endswith(".")
            and name_keys(doc[start:end + 1].text)[0] in gazetteer.index):
        return doc[start:end + 1]
    return doc[start:end]


def _names_area(token: Any) -> bool:
    """"Kyiv" in "the Kyiv region", which the small model tags as an adjective."""
    return token.dep_ in ("compound", "amod") and token.head.lower_ in _SETTLEMENT


_DESCRIBED = frozenset({"city", "town", "village", "capital", "port", "suburb", "province",
                        "region", "district", "oblast", "governorate", "county", "hamlet",
                        "enclave", "stronghold"})
"""Nouns of a description that says what a name is ("Khan Sheikhoun, a town in Idlib
province", "Baghouz, the last stronghold"): no person's or body's."""
_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                      "southwest", "northeastern", "northwestern", "southeastern",
                      "southwestern", "northern", "southern", "eastern", "western"})


def _described_place(token: Any) -> bool:
    """A name that its apposition describes as a settlement ("Khan Sheikhoun, a town in Idlib
    province") or sets apart from a tagged place by a compass point ("Douma, north of
    Damascus"), whatever the small model tags it."""
    for appos in (c for c in token.children if c.dep_ == "appos"):
        if appos.lemma_.lower() in _DESCRIBED:
            return True
        if appos.lower_ in _COMPASS and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(
                    g.dep_ == "pobj" and g.ent_type_ in _CONFIRMING_LABELS for g in c.children)
                for c in appos.children):
            return True
    return False


def _scan(doc: Any, start: int, end: int, gazetteer: Gazetteer, *, confirmed: bool,
          gpe: bool, prefix: bool = False, partial: bool | None = None) -> list[_Candidate]:
    """Longest known names among the tokens ``start:end``, left to right (only at ``start``
    when ``prefix``); ``partial`` (default: ``prefix``) marks them as parts of a longer name.

    A name starts and ends with a capitalised token; outside a place entity both must also be
    proper nouns (PROPN) or name an area ("the Kyiv region"), so adjectives ("Russian") and
    sentence-initial verbs ("Split") are not read as names.
    """
    def edge(token: Any) -> bool:
        return token.text[:1].isupper() and (
            confirmed or token.pos_ == "PROPN" or _names_area(token))

    found: list[_Candidate] = []
    i = start
    while i < end:
        if not edge(doc[i]):
            i += 1
        else:
            for j in range(min(end, i + _MAX_TOKENS), i, -1):
                if edge(doc[j - 1]) and gazetteer.is_place_name(doc[i:j].text):
                    j = _with_period(doc, i, j, gazetteer).end
                    found.append(_Candidate(i, j, confirmed, gpe,
                                            partial=prefix if partial is None else partial))
                    i = j
                    break
            else:
                i += 1
        if prefix:
            break
    return found


def resolve_places(parsed: Sequence[Any], gazetteer: Gazetteer, *,
                   demonyms: bool = False) -> list[Place]:
    """The places of a whole parsed document (``nlp.Parsed`` units, in text order).

    Two passes. The first finds and resolves the toponyms paragraph by paragraph, each with
    the countries named before it (``find_places``). The second resolves them again with what
    the whole article says: every country it names, the first-level divisions (admin1) that
    it names or that its places lie in, and the points of its other places (a candidate near
    them is favoured, see ``gazetteer.weight``). One resolution per name and article: where
    one mention is qualified ("Paris, Texas"), its other mentions take that place.

    With ``demonyms``, a country's adjective ("Turkish") is also a toponym of the country
    (precision ``country``), as gold sets such as TR-News count them; the pipeline leaves
    them out (an adjective is no event's place).
    """
    first: list[Place] = []
    qualified: dict[str, tuple[str, str | None]] = {}
    for unit in parsed:
        first.extend(find_places(unit.doc, unit.offset, gazetteer, context_countries(first),
                                 qualified=qualified))
    evidence = Evidence.of(first, qualified)
    places: list[Place] = []
    accepted = frozenset(fold_name(p.text) for p in first)
    persons = frozenset(fold_name(t.text) for unit in parsed for ent in unit.doc.ents
                        if ent.label_ == "PERSON" and len(ent) > 1
                        for t in ent if t.text[:1].isupper() and t.is_alpha)
    for unit in parsed:
        places.extend(find_places(unit.doc, unit.offset, gazetteer, evidence.countries,
                                  evidence=evidence, accepted=accepted, persons=persons))
    places = sorted(places + _hyphenated(parsed, places, gazetteer),
                    key=lambda p: (p.start, p.end))
    if demonyms:
        places = sorted(places + _demonyms(parsed, places, gazetteer),
                        key=lambda p: (p.start, p.end))
    return places


@dataclass(frozen=True, slots=True)
class Evidence:
    """What an article says about where it is: the countries and admin1s it names or its
    places lie in, and its places' points, by the folded name of the mention that says it.
    A name is resolved with the evidence of the other names only (``without``), so that a
    first guess does not confirm itself."""

    facts: tuple[tuple[str, str | None, str | None, tuple[float, float] | None], ...]
    """(folded name, ISO3, admin1, point) of each place found in the first pass."""
    qualified: dict[str, tuple[str, str | None]]
    """Folded name → the (ISO3, admin1) that a mention of it was qualified with."""

    @classmethod
    def of(cls, places: Sequence[Place],
           qualified: dict[str, tuple[str, str | None]]) -> Evidence:
        facts = []
        for p in places:
            local = p.precision in ("city", "region")
            point = (p.lat, p.lon) if local and p.lat is not None and p.lon is not None else None
            facts.append((fold_name(p.text), p.country, p.admin1 if local else None, point))
        return cls(tuple(facts), qualified)

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(f[1] for f in self.facts if f[1])

    def home(self, key: str) -> str | None:
        """The country the places of other names than ``key`` lie in most often, where one
        leads (named more often than any other), else None."""
        counts = Counter(f[1] for f in self.facts if f[0] != key and f[1]).most_common(2)
        if not counts or (len(counts) == 2 and counts[1][1] == counts[0][1]):
            return None
        return counts[0][0]

    def without(self, key: str) -> tuple[frozenset[str], dict[tuple[str, str], int],
                                           tuple[tuple[float, float], ...]]:
        """The countries, admin1s (with the number of mentions in each) and points that the
        places of other names give."""
        others = [f for f in self.facts if f[0] != key]
        return (frozenset(f[1] for f in others if f[1]),
                dict(Counter((f[1], f[2]) for f in others if f[1] and f[2])),
                tuple({f[3] for f in others if f[3] is not None}))


def _demonyms(parsed: Sequence[Any], places: list[Place], gazetteer: Gazetteer) -> list[Place]:
    """Countries' adjectives outside the found places, as toponyms of their countries."""
    adjectives = country_adjectives()
    taken = [(p.start, p.end) for p in places]
    out = []
    for unit in parsed:
        for token in unit.doc:
            iso3 = adjectives.get(token.text)
            if iso3 is None or token.ent_type_ in ("PERSON", "FAC", "WORK_OF_ART"):
                continue
            start = token.idx + unit.offset
            end = start + len(token.text)
            if any(s < end and start < e for s, e in taken):
                continue
            country = gazetteer.country(iso3)
            if country is None:
                continue
            out.append(Place(text=token.text, start=start, end=end, name=country.name,
                             country=country.country, admin1=None, lat=country.lat,
                             lon=country.lon, geonameid=country.geonameid, precision="country"))
    return out


def _hyphenated(parsed: Sequence[Any], places: list[Place], gazetteer: Gazetteer) -> list[Place]:
    """Countries and US states glued to a word by a hyphen: "the U.S.-led campaign"."""
    taken = [(p.start, p.end) for p in places]
    out = []
    for unit in parsed:
        for token in unit.doc:
            head, dash, _ = token.text.partition("-")
            if not dash or len(head) < 2 or not head[:1].isupper():
                continue
            match = gazetteer.match(head, ())
            if match is None or not (match.row[PRECISION] == "country" or (
                    match.row[KIND] == "admin1" and match.row[GID] is not None)):
                continue
            start = token.idx + unit.offset
            end = start + len(head)
            if any(s < end and start < e for s, e in taken):
                continue
            row = match.row
            out.append(Place(text=head, start=start, end=end, name=row[NAME], country=row[ISO3],
                             admin1=row[ADMIN1], lat=row[LAT], lon=row[LON], geonameid=row[GID],
                             precision=row[PRECISION]))
    return out
