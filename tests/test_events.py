"""Events from sentences written for the tests: one expected event per sentence.

Each row: the sentence, and the event that must be among those extracted from it (published on
Tuesday 2022-10-11): its type (one of a set where PLOVER allows two readings), the countries
among its actors and recipients, and the fields given (modality, date, place country, sizes).
"""

from __future__ import annotations

import pytest

from eventwire.records import Event, Place

pytestmark = pytest.mark.model

PUBLISHED = "2022-10-11"

CASES = [
    # meetings, visits, calls: past and future weekdays
    ("French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Monday.",
     dict(types={"CONSULT"}, actors={"FRA"}, recipients={"DEU"}, modality="asserted",
          date="2022-10-10", place="DEU")),
    ("Chinese Foreign Minister Wang Yi will visit Moscow on Friday.",
     dict(types={"CONSULT"}, actors={"CHN"}, recipients={"RUS"}, modality="future",
          date="2022-10-14")),
    ("Polish President Andrzej Duda will travel to Washington on Thursday to meet "
     "President Joe Biden.",
     dict(types={"CONSULT"}, actors={"POL"}, recipients={"USA"}, modality="future",
          date="2022-10-13")),
    ("Britain's foreign secretary met his Japanese counterpart in Tokyo last month.",
     dict(types={"CONSULT"}, actors={"GBR"}, recipients={"JPN"}, date="2022-09", place="JPN")),
    ("Turkish and Greek officials held talks in Athens on Monday.",
     dict(types={"CONSULT"}, parties={"TUR", "GRC"}, date="2022-10-10", place="GRC")),
    ("The Indian prime minister spoke by phone with the Saudi crown prince on Sunday.",
     dict(types={"CONSULT"}, actors={"IND"}, recipients={"SAU"}, date="2022-10-09")),
    ("Erdogan did not meet Putin in Sochi.",
     dict(types={"CONSULT"}, parties={"TUR", "RUS"}, modality="negated")),
    # attacks with casualties, passives, Kiev/Kyiv
    ("Israeli air strikes killed 12 people in Gaza on Sunday.",
     dict(types={"ASSAULT"}, actors={"ISR"}, dead=12, date="2022-10-09")),
    ("Kyiv was hit by Russian missiles on Monday.",
     dict(types={"ASSAULT"}, actors={"RUS"}, recipients={"UKR"}, date="2022-10-10")),
    ("Kiev was shelled by Russian artillery overnight, the mayor said.",
     dict(types={"ASSAULT"}, actors={"RUS"}, recipients={"UKR"})),
    ("Rebels attacked a military base in northern Mali, killing at least 15 soldiers.",
     dict(types={"ASSAULT"}, dead=15, place="MLI")),
    ("Armenian forces shelled Azerbaijani positions on Wednesday, leaving 50 soldiers dead and "
     "around 30 wounded.",
     dict(types={"ASSAULT"}, actors={"ARM"}, recipients={"AZE"}, dead=50, injured=30,
          date="2022-10-05")),
    ("Kenyan police shot dead three protesters in Nairobi on Wednesday.",
     dict(types={"ASSAULT"}, actors={"KEN"}, dead=3, date="2022-10-05", place="KEN")),
    ("A suicide bomber killed 20 people at a mosque in Peshawar, Pakistani officials said.",
     dict(types={"ASSAULT"}, dead=20, place="PAK")),
    # protests and arrests
    ("Thousands of people protested in Paris against the pension reform on Saturday.",
     dict(types={"PROTEST"}, date="2022-10-08", place="FRA")),
    ("Protesters rallied outside the Russian embassy in Warsaw.",
     dict(types={"PROTEST"}, place="POL")),
    # a protest or a curfew at home is aimed at the country's own state or people
    ("Young Algerians blocked roads in Algiers on Sunday.",
     dict(types={"PROTEST"}, recipients={"DZA"}, date="2022-10-09")),
    ("Turkish authorities imposed a curfew in the town of Cizre.",
     dict(types={"COERCE"}, actors={"TUR"}, recipients={"TUR"})),
    ("Police arrested 35 protesters in Tehran on Saturday.",
     dict(types={"COERCE"}, arrested=35, date="2022-10-08", place="IRN")),
    ("Indian police detained dozens of farmers in Punjab.",
     dict(types={"COERCE"}, actors={"IND"}, arrested=24)),
    ("The Iranian government banned protests in the capital.",
     dict(types={"COERCE"}, actors={"IRN"})),
    # sanctions, negation, hypotheticals
    ("The United States imposed new sanctions on Iran over its nuclear programme.",
     dict(types={"SANCTION"}, actors={"USA"}, recipients={"IRN"}, modality="asserted")),
    ("The European Union has not imposed sanctions on Hungary.",
     dict(types={"SANCTION"}, actors={"EU"}, recipients={"HUN"}, modality="negated")),
    # an act of conflict announced or made conditional is a threat (CAMEO 13x: 1312 sanctions)
    ("Japan could impose sanctions on North Korea if it conducts another nuclear test.",
     dict(types={"THREATEN"}, actors={"JPN"}, recipients={"PRK"}, modality="hypothetical")),
    ("The opposition party said it will boycott the elections unless the president resigns.",
     dict(types={"THREATEN"}, modality="future")),
    # a deontic complement of a reporting verb is a demand by the speaker (CAMEO 10)
    ("Russia said on Tuesday that Sudan must return the captured helicopter.",
     dict(types={"REQUEST"}, actors={"RUS"}, recipients={"SDN"}, date="2022-10-11")),
    ("Pakistan expelled two Indian diplomats on Wednesday.",
     dict(types={"SANCTION", "COERCE"}, actors={"PAK"}, recipients={"IND"}, date="2022-10-05")),
    ("Lithuania cut diplomatic ties with Belarus.",
     dict(types={"SANCTION"}, actors={"LTU"}, recipients={"BLR"})),
    # requests, several recipients, metonyms
    ("German Chancellor Olaf Scholz called on China to use its influence on Russia.",
     dict(types={"REQUEST"}, actors={"DEU"}, recipients={"CHN"})),
    ("The UN urged Ethiopia and Eritrea to withdraw their troops from Tigray.",
     dict(types={"REQUEST"}, actors={"UN"}, recipients={"ETH", "ERI"})),
    ("Washington asked Seoul and Tokyo to increase their defence spending.",
     dict(types={"REQUEST"}, actors={"USA"}, recipients={"KOR", "JPN"})),
    ("The Kremlin accused Kyiv of shelling the Zaporizhzhia nuclear plant.",
     dict(types={"ACCUSE"}, actors={"RUS"}, recipients={"UKR"})),
    ("The White House condemned Pyongyang's missile launch.",
     dict(types={"ACCUSE"}, actors={"USA"}, recipients={"PRK"})),
    ("NATO criticised Russia's annexation of four Ukrainian regions.",
     dict(types={"ACCUSE"}, actors={"NATO"}, recipients={"RUS"})),
    ("Moscow rejected the accusations by the Ukrainian government.",
     dict(types={"REJECT"}, actors={"RUS"})),
    ("Hungary vetoed the European Union's aid package for Ukraine.",
     dict(types={"REJECT"}, actors={"HUN"}, recipients={"EU"})),
    ("Iran threatened to close the Strait of Hormuz to American ships.",
     dict(types={"THREATEN"}, actors={"IRN"})),
    ("Beijing warned Washington against arming Taiwan.",
     dict(types={"THREATEN"}, actors={"CHN"}, recipients={"USA"})),
    # cooperation, aid, agreements, concessions
    ("Ukraine and Russia signed an agreement on grain exports in Istanbul in July.",
     dict(types={"AGREE", "SUPPORT", "COOPERATE"}, parties={"UKR", "RUS"}, date="2022-07",
          place="TUR")),
    # a commitment to a cooperative act is AGREE (PLOVER, CAMEO 03x); a scheduled meeting stays
    # CONSULT with modality future (plover.md)
    ("Egypt will send humanitarian aid to Sudan next month.",
     dict(types={"AGREE"}, actors={"EGY"}, recipients={"SDN"}, modality="future")),
    ("Syria said it is ready to withdraw its troops from Lebanon.",
     dict(types={"AGREE"}, actors={"SYR"}, recipients={"LBN"})),
    ("Australia donated 30 armoured vehicles to Ukraine.",
     dict(types={"AID"}, actors={"AUS"}, recipients={"UKR"})),
    ("Saudi Arabia praised the Iraqi government for its efforts.",
     dict(types={"SUPPORT"}, actors={"SAU"}, recipients={"IRQ"})),
    ("Venezuela released six American prisoners on Saturday.",
     dict(types={"RETREAT"}, actors={"VEN"}, recipients={"USA"}, date="2022-10-08")),
    ("Russian troops withdrew from Kherson last month.",
     dict(types={"RETREAT"}, actors={"RUS"}, date="2022-09")),
    ("China deployed warships near Taiwan on Thursday.",
     dict(types={"MOBILIZE"}, actors={"CHN"}, date="2022-10-06")),
    ("The Pentagon said it would deploy 3,000 troops to Poland.",
     dict(types={"MOBILIZE"}, actors={"USA"}, recipients={"POL"}, modality="future")),
    ("Serbia and Kosovo agreed to resume talks in Brussels next week.",
     dict(types={"AGREE", "CONSULT"}, parties={"SRB", "XKX"})),
    ("The Moldovan government apologised to Romania for the incident.",
     dict(types={"SUPPORT"}, actors={"MDA"}, recipients={"ROU"})),  # CAMEO 055 → SUPPORT
    ("Serbia lifted the curfew in Kosovo on Sunday.",
     dict(types={"RETREAT", "CONCEDE"}, actors={"SRB"}, date="2022-10-09")),
    # a partner named deep in the object, past prepositions; several doers keep it
    ("Japan and South Korea welcomed the restoration of trade ties with China.",
     dict(types={"SUPPORT", "CONSULT"}, actors={"JPN", "KOR"}, recipients={"CHN"})),
    # an object's modifier chooses the sense: artillery fire is an attack, not a dismissal
    ("Pakistani troops fired artillery shells at Indian positions.",
     dict(types={"ASSAULT"}, actors={"PAK"}, recipients={"IND"})),
    # whom a protest or a threat is aimed at: the demand's recipient, the condition's subject
    ("Hundreds of farmers marched through the capital to demand the resignation of the "
     "Peruvian president.",
     dict(types={"PROTEST"}, recipients={"PER"})),
    ("Turkey threatened to close its airspace unless Greece withdrew its warships.",
     dict(types={"THREATEN"}, actors={"TUR"}, recipients={"GRC"})),
    # at home too: a protest for a demand is aimed at whom the demand is made of
    ("Thousands of students in Kenya marched to demand the resignation of President "
     "William Ruto's government.",
     dict(types={"PROTEST"}, actors={"KEN"}, recipients={"KEN"})),
    # soldiers from a country are its soldiers
    ("Soldiers from Chad attacked a rebel base in Sudan.",
     dict(types={"ASSAULT"}, actors={"TCD"})),
    # a state and a home group facing each other are of one country
    ("The Colombian government accused rebels of breaking the ceasefire.",
     dict(types={"ACCUSE"}, actors={"COL"}, recipients={"COL"})),
    ("Students in Chile demanded reforms from the government.",
     dict(types={"REQUEST"}, actors={"CHL"}, recipients={"CHL"})),
    # a state's restriction at home is aimed at its people
    ("The Ecuadorian president will impose a curfew in Quito.",
     dict(types={"THREATEN", "COERCE"}, actors={"ECU"}, recipients={"ECU"})),
    # the doers named again ("their") leave the search for the other party open
    ("Brazil and Argentina welcomed their resumption of trade talks with Chile.",
     dict(types={"SUPPORT", "CONSULT"}, actors={"BRA", "ARG"}, recipients={"CHL"})),
    # a passive subject that is a thing holds the party it was done to
    ("A convoy carrying Afghan refugees was attacked by Pakistani militants.",
     dict(types={"ASSAULT"}, actors={"PAK"}, recipients={"AFG"})),
    # what is announced as a thing is the announcer's act; what is said is not the speaker's
    ("Chile announced a suspension of flights to Peru on Monday.",
     dict(types={"SANCTION", "COERCE"}, actors={"CHL"}, recipients={"PER"})),
    ("The Islamic State group claimed responsibility for the bombing of a hotel in Kabul.",
     dict(types={"ASSAULT"}, recipients={"AFG"})),
    # a city before a nominal event is its place, and so its target
    ("The Islamic State claimed responsibility for the Paris attack.",
     dict(types={"ASSAULT"}, recipients={"FRA"}, place="FRA")),
    # an organisation named by a compound of several words is the other party
    ("The United States vetoed a Security Council resolution on Syria.",
     dict(types={"REJECT"}, actors={"USA"}, recipients={"UNSC"})),
]


def countries(actors) -> set[str]:
    return {a.country for a in actors if a.country}


def matches(event: Event, want: dict) -> bool:
    if event.event_type not in want["types"]:
        return False
    a, r = countries(event.actors), countries(event.recipients)
    if "parties" in want:
        return want["parties"] <= a | r
    return want.get("actors", set()) <= a and want.get("recipients", set()) <= r


def field_errors(event: Event, want: dict) -> list[str]:
    errors = []
    if "modality" in want and event.modality != want["modality"]:
        errors.append(f"modality {event.modality} != {want['modality']}")
    if "date" in want and event.date.value != want["date"]:
        errors.append(f"date {event.date.value} != {want['date']}")
    if "place" in want and (event.location is None or event.location.country != want["place"]):
        errors.append(f"place {event.location} not in {want['place']}")
    for key in ("dead", "injured", "arrested"):
        if key in want and getattr(event.size, key) != want[key]:
            errors.append(f"{key} {getattr(event.size, key)} != {want[key]}")
    return errors


def describe(events) -> str:
    return "; ".join(
        f"{e.event_type}/{e.modality} "
        f"{sorted(countries(e.actors))}->{sorted(countries(e.recipients))}"
        f" {e.date.value} {e.location.country if e.location else None} {e.size}" for e in events)


@pytest.mark.parametrize("sentence,want", CASES, ids=[c[0][:40] for c in CASES])
def test_sentence_event(extractor, sentence, want):
    from eventwire import extract

    events = extract(sentence, published=PUBLISHED, extractor=extractor)
    candidates = [e for e in events if matches(e, want)]
    assert candidates, f"no {sorted(want['types'])} event as expected; got: {describe(events)}"
    best = min(candidates, key=lambda e: len(field_errors(e, want)))
    assert field_errors(best, want) == [], describe([best])


@pytest.mark.parametrize("sentence, place", [
    ("The Vienna talks between Iran and the United States ended on Monday.", "AUT"),
    ("Police searched for the men behind the Copenhagen shootings.", "DNK"),
])
def test_a_capital_before_a_nominal_event_is_its_place(extractor, sentence, place):
    from eventwire import extract

    events = extract(sentence, published=PUBLISHED, extractor=extractor)
    assert events and not any(a.country == place for e in events for a in e.actors)


@pytest.mark.parametrize("sentence", [
    "Islamic State fighters attacked Iraqi soldiers in Mosul on Monday.",
    "The Iraqi government accused al-Qaeda of the bombing in Baghdad.",
])
def test_a_group_acting_across_borders_keeps_no_country(extractor, sentence):
    """The event's place or the state it faces gives a group of no country its country
    ("rebels in Mosul"), not a named group that acts across borders."""
    from eventwire import extract

    events = extract(sentence, published=PUBLISHED, extractor=extractor)
    groups = [a for e in events for a in e.actors + e.recipients if a.sector == "REB"]
    assert groups and all(a.country is None for a in groups)


@pytest.mark.parametrize("sentence,want", [
    # coordinated actors share the coordination's country words
    ("Lawmakers and officials in Kenya criticized Uganda's decision.",
     [("KEN", "LEG"), ("KEN", "GOV")]),
    ("Danish media and government criticized the Russian embassy.",
     [("DNK", "MED"), ("DNK", "GOV")]),
    # one actor per country they are in, or serve
    ("Police in Kenya and Uganda arrested 20 smugglers.", [("KEN", "COP"), ("UGA", "COP")]),
    ("The ambassadors of France, Italy and Spain met the Turkish president.",
     [("FRA", "GOV"), ("ITA", "GOV"), ("ESP", "GOV")]),
])
def test_coordinated_actors_share_countries(extractor, sentence, want):
    from eventwire import extract

    events = extract(sentence, published=PUBLISHED, extractor=extractor)
    assert events, sentence
    assert [(a.country, a.sector) for a in events[0].actors] == want, describe(events)


@pytest.mark.parametrize("second, events", [
    # another official of the same state doing the same: a second event
    ("On Tuesday evening, White House spokesman Hogan Gidley also criticized Schumer.", 2),
    # the same person again: one event told twice
    ("Trump criticized Schumer again on Tuesday evening.", 1),
])
def test_different_doers_are_different_events(extractor, second, events):
    from eventwire import extract

    text = "President Donald Trump criticized Senator Chuck Schumer on Tuesday. " + second
    found = extract(text, published="2022-10-12", extractor=extractor)
    assert [e.event_type for e in found] == ["ACCUSE"] * events
    assert sum(1 + len(e.mentions) for e in found) == 2


@pytest.mark.parametrize("first, second, events", [
    # doers placed in different states, or different sectors of one: two acts
    (("RUS", "GOV"), ("USA", "GOV"), 2),
    (("USA", "GOV"), ("USA", "LEG"), 2),
    # the same doers: one act told twice ("attacked a base, killing 15 soldiers")
    (("RUS", "MIL"), ("RUS", "MIL"), 1),
    # a mention with no doer named: the other one's act told again
    (("RUS", "MIL"), None, 1),
])
def test_doers_placed_apart_are_different_events(extractor, first, second, events):
    """Two mentions of one type whose doers are placed (country and sector) and share none
    are two events, also in one sentence ("Russia has denied meddling, and Trump has denied
    collusion"); each record keeps its own parties."""
    from datetime import date

    from eventwire.pipeline.actors import DocumentMemory
    from eventwire.pipeline.merge import merge_candidates
    from eventwire.records import Actor

    doc = extractor.nlp("Rebels attacked an army base on Monday, killing 15 soldiers.")
    cands = extractor.events.sentence_events(next(doc.sents), 0, 0,
                                             DocumentMemory(date(2020, 1, 1)), {})
    assert [c.sense.event_type for c in cands] == ["ASSAULT", "ASSAULT"]
    for cand, doer in zip(cands, (first, second)):
        cand.actors = [Actor("they", None, *doer, "group")] if doer else []
    merged = merge_candidates(cands)
    assert len(merged) == events
    if events == 2:
        assert [[(a.country, a.sector) for a in c.actors] for c in merged] == [[first], [second]]


def _place(name: str, precision: str, geonameid: int | None) -> Place:
    return Place(name, 0, len(name), name, "LBY", None, None, None, geonameid,
                 precision)  # type: ignore[arg-type]


@pytest.mark.parametrize("first, second, events", [
    # two towns of one country, each resolved: two events ("an attack in Benghazi", then
    # "militiamen attacked the GNC building in Tripoli")
    (("Benghazi", "city", 88319), ("Tripoli", "city", 2210247), 2),
    # the same town told twice: one event
    (("Tripoli", "city", 2210247), ("Tripoli", "city", 2210247), 1),
    # a town and the country around it may be one place told twice
    (("Tripoli", "city", 2210247), ("Libya", "country", 2215636), 1),
    # a town the gazetteer does not know (no GeoNames place) says nothing against the other
    (("Tripoli", "city", 2210247), ("the GNC building", "city", None), 1),
])
def test_mentions_in_two_towns_are_different_events(extractor, first, second, events):
    """Two mentions of one type, one doer and one date that happen in two different towns
    (each resolved to its own GeoNames place) are two events, each record keeping its own
    place; a town and a wider place, or a place not resolved, do not keep them apart."""
    from datetime import date

    from eventwire.pipeline.actors import DocumentMemory
    from eventwire.pipeline.merge import merge_candidates
    from eventwire.records import Actor

    doc = extractor.nlp("Rebels attacked an army base on Monday, killing 15 soldiers.")
    cands = extractor.events.sentence_events(next(doc.sents), 0, 0,
                                             DocumentMemory(date(2020, 1, 1)), {})
    assert [c.sense.event_type for c in cands] == ["ASSAULT", "ASSAULT"]
    for cand, where in zip(cands, (first, second)):
        cand.actors = [Actor("Rebels", None, "LBY", "REB", "group")]
        cand.location = _place(*where)
    merged = merge_candidates(cands)
    assert len(merged) == events
    if events == 2:
        assert [c.location.text for c in merged] == [first[0], second[0]]
    else:
        assert merged[0].location.text == first[0] and len(merged[0].mentions) == 2


def test_one_clause_told_twice_names_each_party_once(extractor):
    """One clause told twice ("attacked a base, killing 15 soldiers") is one event, with the
    parties either mention adds — not the same words read twice with another country (the
    evidence's reading stands), but a party placed otherwise under other words."""
    from datetime import date

    from eventwire.pipeline.actors import DocumentMemory
    from eventwire.pipeline.merge import merge_candidates
    from eventwire.records import Actor

    def merged(second_target: Actor) -> list[tuple]:
        doc = extractor.nlp("Rebels attacked an army base on Monday, killing 15 soldiers.")
        cands = extractor.events.sentence_events(next(doc.sents), 0, 0,
                                                 DocumentMemory(date(2020, 1, 1)), {})
        assert [c.trigger.text for c in cands] == ["attacked", "killing"]
        for cand in cands:
            cand.actors = [Actor("Rebels", None, None, "REB", "group")]
        cands[0].recipients = [Actor("15 soldiers", None, None, "MIL", "group")]
        cands[1].recipients = [second_target]
        [event] = merge_candidates(cands)
        return [(a.text, a.country, a.sector) for a in event.recipients]

    assert merged(Actor("15 soldiers", None, "SYR", "MIL", "group")) == [
        ("15 soldiers", None, "MIL")]
    assert merged(Actor("an army base", None, "SYR", "MIL", "group")) == [
        ("15 soldiers", None, "MIL"), ("an army base", "SYR", "MIL")]


def test_a_mention_under_the_floor_neither_joins_nor_sinks_an_event(extractor):
    """One clause told twice ("attacked a base, killing 15 soldiers") is one event; a mention
    the coder is not sure of (under the floor) is no evidence of an event: the surer one
    stands alone, not merged into it and dropped with it; it may still date it."""
    from datetime import date

    from eventwire.pipeline.actors import DocumentMemory
    from eventwire.pipeline.merge import merge_candidates
    from eventwire.records import EventDate

    def candidates(first: float, second: float):  # merging changes them: new ones each time
        doc = extractor.nlp("Rebels attacked an army base on Monday, killing 15 soldiers.")
        cands = extractor.events.sentence_events(next(doc.sents), 0, 0,
                                                 DocumentMemory(date(2020, 1, 1)), {})
        assert [c.trigger.text for c in cands] == ["attacked", "killing"]
        cands[0].probability, cands[1].probability = first, second
        return cands

    [event] = merge_candidates(candidates(0.1, 0.9))  # one event, the first mention's
    assert event.trigger.text == "attacked" and len(event.mentions) == 2
    [event] = merge_candidates(candidates(0.1, 0.9), floor=0.3)
    assert event.trigger.text == "killing" and len(event.mentions) == 1
    assert merge_candidates(candidates(0.1, 0.9), floor=0.95) == []
    # ... though a word of the clause under the floor still says when
    cands = candidates(0.1, 0.9)
    monday = cands[0].date.value
    assert monday is not None
    cands[1].date = EventDate()
    [event] = merge_candidates(cands, floor=0.3)
    assert event.trigger.text == "killing" and event.date.value == monday


def test_party_words_are_where_the_parties_stand(extractor):
    """The words a party covers are where its text stands in the sentence, not every word
    that is also one of its words: "House" of "House Minority Leader Nancy Pelosi" leaves
    "the White House", where the meeting was held, free to be its place; a party's text the
    sentence does not hold (read from another sentence) marks its words wherever they are."""
    from eventwire.pipeline.events import _party_words
    from eventwire.records import Actor

    doc = extractor.nlp("House Minority Leader Nancy Pelosi spoke after a dinner meeting at "
                        "the White House.")
    sent = doc[:]
    pelosi = Actor("House Minority Leader Nancy Pelosi", "Nancy Pelosi", "USA", "LEG",
                   "person")
    words = [doc[i].text for i in sorted(_party_words([pelosi], sent))]
    assert words == ["House", "Minority", "Leader", "Nancy", "Pelosi"]
    elsewhere = Actor("the House of Representatives", None, "USA", "LEG", "organization")
    words = [doc[i].text for i in sorted(_party_words([elsewhere], sent))]
    assert words == ["House", "the", "House"]
