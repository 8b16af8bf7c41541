"""Actor resolution of noun phrases: tables, titles, people, pronouns, demonyms."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.knowledge import load_knowledge
from eventwire.pipeline.actors import ActorResolver, DocumentMemory
from eventwire.records import Actor, Event, EventDate, Evidence, Place, Size

pytestmark = pytest.mark.model

# (sentence, the subject's expected (country, sector, kind))
SUBJECTS = [
    ("Russian President Vladimir Putin spoke.", ("RUS", "GOV", "person")),
    ("The opposition leader spoke.", (None, "OPP", "person")),
    ("The rebel leader spoke.", (None, "REB", "person")),
    # an officer, agent or guard takes its modifier's sector, as a leader does
    ("A police officer spoke.", (None, "COP", "person")),
    ("An army officer spoke.", (None, "MIL", "person")),
    # a named person's title of a group is the group's, as it is without the name
    ("Islamic State spokesman Abu Mohammed al-Adnani spoke.", (None, "REB", "person")),
    ("Taliban spokesman Zabihullah Mujahid spoke.", ("AFG", "REB", "person")),
    ("Palestinian leader Yasser Arafat spoke.", ("PSE", "GOV", "person")),
    ("Kremlin spokesman Dmitry Peskov spoke.", ("RUS", "GOV", "person")),
    ("A military spokesman spoke.", (None, "MIL", "person")),
    ("Kazakh President Kassym-Jomart Tokayev spoke.", ("KAZ", "GOV", "person")),
    ("The Kremlin spoke.", ("RUS", "GOV", "organization")),
    ("Kiev spoke.", ("UKR", "GOV", "country")),
    ("Turkish banks stopped.", ("TUR", "BUS", "organization")),
    ("Palestinians protested.", ("PSE", "CVL", "group")),
    ("The Saudis relented.", ("SAU", "GOV", "group")),         # "the" and the people: the state
    ("The Soviet Union protested.", ("RUS", None, "country")),  # coded as its successor
    ("The New York Times sued the administration.", ("USA", "MED", "organization")),
    # an officer's abbreviated title is the armed forces'; a retired one is an elite
    ("Lt. Gen. John Smith spoke.", (None, "MIL", "person")),
    ("Adm. John Smith spoke.", (None, "MIL", "person")),
    ("Retired Gen. John Smith spoke.", (None, "ELI", "person")),
    ("The Peshmerga advanced.", ("IRQ", "MIL", "organization")),
    # weapons of a country's armed forces; a country's name as the head, whatever describes it
    ("Russian jets bombed the town.", ("RUS", "MIL", "group")),
    ("Neighbouring Turkey condemned the attack.", ("TUR", None, "country")),
    ("Iran, a major oil producer, condemned the attack.", ("IRN", None, "country")),
    ("The U.S. diplomatic mission closed.", ("USA", "GOV", "organization")),
    ("U.S. Senate candidate Roy Moore denied the allegations.", ("USA", "PTY", "person")),
    ("NATO spoke.", ("NATO", "IGO", "organization")),
    ("The United States spoke.", ("USA", None, "country")),
    ("The riot police moved in.", (None, "COP", "organization")),
    # where a group acts gives its country; "ethnic" people live where they are
    ("Rebels in the Ivory Coast blocked roads.", ("CIV", "REB", "group")),
    ("Opposition groups in Zimbabwe demanded elections.", ("ZWE", "OPP", "group")),
    ("Ethnic Albanians in south Serbia protested.", ("SRB", "CVL", "group")),
    # the text's own country word beats an office of another country in the table
    ("Georgian President Eduard Shevardnadze resigned.", ("GEO", "GOV", "person")),
    # a country word misspelt by one letter (not the first) that the model tags as a place or
    # people; untagged ("Isreal protested.") it stays unknown, as most such words are names
    ("Afganistan protested.", ("AFG", None, "country")),
    ("The Ukranian army shelled the town.", ("UKR", "MIL", "organization")),
    # sector phrases of several words that hold the head come before single words
    ("The official Kenyan news agency reported it.", ("KEN", "MED", "organization")),
    ("The Kenyan police force moved in.", ("KEN", "COP", "group")),
    # a named group's own sector comes before the words around its name
    ("The Hezbollah (Party of God) group declared a truce.", ("LBN", "REB", "group")),
    # groups acting across borders, international NGOs; a title takes its group's sector
    ("Top al-Qaeda leaders spoke.", (None, "REB", "person")),
    ("Amnesty International spoke.", (None, "NGO", "organization")),
    ("Hamas leaders spoke.", ("PSE", "REB", "person")),
    # an organisation takes its modifier's sector
    ("The Kenyan police department spoke.", ("KEN", "COP", "organization")),
    ("Business groups hailed the deal.", (None, "BUS", "organization")),
    # former holders of an office are elites (CAMEO ELI)
    ("A former Kenyan minister spoke.", ("KEN", "ELI", "person")),
    # ... not people once something else: a soldier who was a prisoner is a soldier
    ("U.S. Army Sergeant Bowe Bergdahl, a former Taliban prisoner, spoke.",
     ("USA", "MIL", "person")),
    # domestic politics: parties give their country, titles the sector (issue 13)
    # a party's members alone are its legislators (R5; the corpus codes 146 LEG, 91 PTY), the
    # party itself is the party
    ("Democrats criticised the plan.", ("USA", "LEG", "organization")),
    ("The Democratic Party criticised the plan.", ("USA", "PTY", "organization")),
    ("The GOP spoke.", ("USA", "PTY", "organization")),
    ("Republican senators blocked the bill.", ("USA", "LEG", "person")),
    ("House Democrats subpoenaed the documents.", ("USA", "LEG", "organization")),
    ("Sen. Rand Paul, Kentucky Republican, blasted the plan.", ("USA", "LEG", "person")),
    ("Democratic Sen. Chuck Schumer spoke.", ("USA", "LEG", "person")),
    ("A Labour MP spoke.", ("GBR", "LEG", "person")),
    ("Tory MPs rebelled.", ("GBR", "LEG", "person")),
    ("The BJP won.", ("IND", "PTY", "organization")),
    ("ICE detained him.", ("USA", "COP", "organization")),
    ("The DOJ sued.", ("USA", "JUD", "organization")),
    ("The EPA ruled.", ("USA", "GOV", "organization")),
    # a committee of a legislature is no intelligence service; no place named: no country
    ("The Senate Intelligence Committee said it.", (None, "LEG", "organization")),
    # the government's law officers (the corpus codes 42 of 49 GOV, as PETRARCH's agents do)
    ("State attorneys general sued.", (None, "GOV", "person")),
    # the title's sector, the office-holder table's country (both sat in office before 2022)
    ("Special counsel Robert Mueller sued.", ("USA", "JUD", "person")),
    # a title of several words is no part of the name, and its words no sector of their own
    ("Attorney General William Barr sued.", ("USA", "GOV", "person")),
    # ... and the table's person gives the country (Boehner, a former member of Congress in
    # 2022, whom the title still calls the legislature's)
    ("House Speaker John Boehner sued.", ("USA", "LEG", "person")),
    # longer names of the tables come first: no US party in these
    ("The Democratic Republic of Congo spoke.", ("COD", None, "country")),
    ("The Democratic People's Republic of Korea spoke.", ("PRK", None, "country")),
    ("Social Democrats won.", (None, "PTY", "organization")),
    # a group of no one country named with a country word acts there
    ("The Syrian Republican Guard attacked.", ("SYR", "MIL", "organization")),
]


@pytest.fixture(scope="module")
def resolver(extractor) -> ActorResolver:
    return extractor.resolver


def subject(nlp, text):
    doc = nlp(text)
    return next(t for t in doc if t.dep_ in ("nsubj", "nsubjpass"))


@pytest.mark.parametrize("text,want", SUBJECTS, ids=[s[0][:30] for s in SUBJECTS])
def test_subject_resolves(extractor, resolver, text, want):
    actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(date(2022, 10, 11)))
    assert actor is not None
    assert (actor.country, actor.sector, actor.kind) == want


@pytest.mark.parametrize("sentence, word", [
    ("They sent military aid.", "aid"),
    ("They shot down a passenger jet.", "jet"),          # a weapon's word with no country
    ("They condemned the Paris attack.", "attack"),        # a thing at a city
    ("They praised the Georgetown board.", "board"),
    ("A group of men attacked the bus.", "group"),       # a group whose words give no sector
])
def test_things_are_not_actors(extractor, resolver, sentence, word):
    doc = extractor.nlp(sentence)
    thing = next(t for t in doc if t.lower_ == word)
    assert resolver.resolve(thing, DocumentMemory(None)) is None


def test_a_name_the_tables_do_not_know_is_kept_as_a_name(extractor, resolver):
    doc = extractor.nlp("The PYD, however, denies any links to the two men.")
    pyd = next(t for t in doc if t.text == "PYD")
    assert resolver.resolve(pyd, DocumentMemory(None)) is None
    actor = resolver.name_only(pyd)
    assert actor is not None
    assert (actor.text, actor.name, actor.country, actor.sector, actor.kind) == (
        "The PYD", "PYD", None, None, "organization")
    # a first-level division acting is its government
    texas = next(t for t in extractor.nlp("Texas sued the administration.") if t.text == "Texas")
    actor = extractor.resolver.name_only(texas)
    assert actor is not None and (actor.country, actor.sector) == ("USA", "GOV")
    # words that are no name are not parties by themselves
    assert resolver.name_only(next(t for t in doc if t.text == "men")) is None
    assert resolver.name_only(next(t for t in doc if t.text == "links")) is None


def test_memory_keeps_a_person_and_pronouns_follow(extractor, resolver):
    memory = DocumentMemory(date(2022, 10, 11))
    first = extractor.nlp("Turkey's chief of diplomacy, Mevlut Cavusoglu, called his counterpart.")
    resolver.resolve(subject(extractor.nlp, first.text), memory)
    later = extractor.nlp("Mr Cavusoglu spoke.")
    actor = resolver.resolve(subject(extractor.nlp, later.text), memory)
    assert (actor.country, actor.sector, actor.kind) == ("TUR", "GOV", "person")
    pron = extractor.nlp("He spoke.")
    he = resolver.resolve(next(t for t in pron if t.lower_ == "he"), memory, offset=1000)
    assert he is not None and he.country == "TUR"


def test_a_person_named_in_full_keeps_the_country_the_text_gave(extractor, resolver):
    """The table has Shevardnadze as a Soviet minister and as Georgia's president; "Georgian
    President Eduard Shevardnadze" is Georgian, also when resolved again (undated)."""
    memory = DocumentMemory(None)
    doc = extractor.nlp("Georgian President Eduard Shevardnadze resigned.")
    head = subject(extractor.nlp, doc.text)
    assert [resolver.resolve(head, memory).country for _ in range(2)] == ["GEO", "GEO"]


def test_a_country_word_in_a_compound_is_not_the_person_s(extractor, resolver):
    """"Russia-backed" says who backs him, not where he serves."""
    doc = extractor.nlp("Russia-backed President Viktor Yanukovych resigned.")
    actor = resolver.resolve(subject(extractor.nlp, doc.text), DocumentMemory(date(2012, 5, 1)))
    assert (actor.country, actor.sector) == ("UKR", "GOV")


def test_a_title_before_a_name_is_that_person_s_however_the_name_is_parsed(extractor,
                                                                          resolver):
    """The parser hangs "Barack" on the verb as a preposition and "Obama" under it."""
    doc = extractor.nlp("North Korea accused President Barack Obama of spreading rumors.")
    title = next(t for t in doc if t.text == "President")
    actor = resolver.resolve(title, DocumentMemory(date(2014, 12, 22)))
    assert (actor.text, actor.name, actor.country, actor.sector) == (
        "President Barack Obama", "Barack Obama", "USA", "GOV")


def test_a_title_cut_from_its_name_by_the_parser_is_still_the_person_s(extractor, resolver):
    """"chief" hangs on the first verb as its conjunct; "Howard Baker" starts a new clause."""
    doc = extractor.nlp("Reagan spoke, but White House chief of staff Howard Baker said no.")
    baker = next(t for t in doc if t.text == "Baker")
    actor = resolver.resolve(baker, DocumentMemory(date(1987, 3, 10)))
    assert (actor.text, actor.name, actor.country, actor.sector) == (
        "White House chief of staff Howard Baker", "Howard Baker", "USA", "GOV")


def test_a_clause_in_an_apposition_is_not_the_party_s_phrase(extractor, resolver):
    """The relative clause under "activist" holds the event itself and its place."""
    doc = extractor.nlp("They mourned Mehmet Aksoy, the film-maker and activist who was killed "
                        "by Islamic State fighters in Raqqa in September.")
    aksoy = next(t for t in doc if t.text == "Aksoy")
    actor = resolver.resolve(aksoy, DocumentMemory(date(2017, 10, 1)))
    assert actor.text == "Mehmet Aksoy, the film-maker and activist"


def test_a_name_with_a_particle_under_a_title_of_an_international_body(extractor, resolver):
    """"de" is a word of the name; a UN title makes its holder the UN's (IGO)."""
    doc = extractor.nlp("UN envoy Staffan de Mistura met Assad.")
    mistura = next(t for t in doc if t.text == "Mistura")
    actor = resolver.resolve(mistura, DocumentMemory(date(2018, 9, 1)))
    assert (actor.name, actor.country, actor.sector) == ("Staffan de Mistura", "UN", "IGO")


@pytest.mark.parametrize("text, code", [
    # a member the office-holder table does not know
    ("Ranking member Earl Blumenauer (D-Ore.) criticized the plan.", ("USA", "LEG")),
    ("Earl Blumenauer, D-Ore., criticized the plan.", ("USA", "LEG")),
    ("Earl Blumenauer (R., Ala.) criticized the plan.", ("USA", "LEG")),
    ("Earl Blumenauer (Reuters) criticized the plan.", (None, None)),
])
def test_a_party_and_state_tag_makes_a_member_of_congress(extractor, resolver, text, code):
    actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(date(2015, 1, 1)))
    assert (actor.name, (actor.country, actor.sector)) == ("Earl Blumenauer", code)


def test_lower_case_words_do_not_match_acronyms(resolver, extractor):
    doc = extractor.nlp("The people who spoke to us left.")
    assert resolver.phrase_matches(list(doc)) == []


def test_office_holders_follow_dates(extractor, resolver):
    doc = extractor.nlp("Medvedev spoke.")
    head = subject(extractor.nlp, doc.text)
    in_office = resolver.resolve(head, DocumentMemory(date(2010, 1, 1)))
    assert (in_office.country, in_office.sector) == ("RUS", "GOV")


@pytest.mark.parametrize("sentence", [
    "Roland spoke.", "Kenyon spoke.", "Afganistanis protested.", "Xfghanistan protested.",
    "Isreal protested.",                        # not tagged as a place or people
    "Governor Mike Pence of Indiana spoke.",    # a place of the gazetteer, not "Indian"
])
def test_misspelling_needs_a_tag_one_edit_and_the_first_letter(resolver, extractor, sentence):
    doc = extractor.nlp(sentence)
    assert all(resolver._misspelt(tok) is None for tok in doc), [
        (t.text, t.ent_type_) for t in doc]


# ---- the place a party acts in (issue 13) -------------------------------------------------------


def _place(text: str, country: str) -> Place:
    return Place(text, 0, len(text), text, country, None, None, None, None, "city")


TEXAS_STORY = [_place("Texas", "USA"), _place("Houston", "USA"), _place("Dallas", "USA"),
               _place("Mexico", "MEX")]


@pytest.mark.parametrize("text,want", [
    ("A federal judge blocked the order.", ("USA", "JUD", "person")),
    ("The House of Representatives voted.", ("USA", "LEG", "organization")),
    ("Gov. Greg Abbott spoke.", ("USA", "GOV", "person")),
    ("Protesters gathered.", ("USA", "CVL", "group")),
    # the text's own country word first; armed forces often act abroad and take none
    ("French police fired tear gas.", ("FRA", "COP", "organization")),
    ("Troops fired.", (None, "MIL", "group")),
    # a legislature's chamber of no one country's name, and a party name several countries share
    ("The House voted.", ("USA", "LEG", "organization")),
    ("The Social Democrats voted.", ("USA", "PTY", "organization")),
])
def test_a_party_naming_no_country_acts_where_the_story_is(extractor, resolver, text, want):
    memory = DocumentMemory.of(date(2019, 6, 1), TEXAS_STORY)
    assert memory.home() == "USA"
    actor = resolver.resolve(subject(extractor.nlp, text), memory)
    assert actor is not None
    assert (actor.country, actor.sector, actor.kind) == want


def test_a_chamber_s_word_at_the_end_of_another_name_is_no_chamber(extractor, resolver):
    """"Freedom House" is no House of Representatives, even in an American story; "the
    Texas House" is, Texas being one of the story's places."""
    memory = DocumentMemory.of(date(2019, 6, 1), TEXAS_STORY)
    actor = resolver.resolve(subject(extractor.nlp, "Freedom House criticized the law."), memory)
    assert actor is None or actor.sector != "LEG"
    actor = resolver.resolve(subject(extractor.nlp, "The Texas House passed the law."), memory)
    assert (actor.country, actor.sector) == ("USA", "LEG")


@pytest.mark.parametrize("places,want", [
    (["Manbij", "Raqqa", "Ankara"], ("SYR", "REB")),  # the towns lie in Syria most
    (["Mosul", "Erbil"], ("IRQ", "MIL")),             # the Peshmerga are Iraq's Kurds' army
    (["Manbij", "Erbil"], (None, "REB")),             # as often in two of its states
    (["Paris"], (None, "REB")),                       # in none of them
])
def test_a_people_of_several_states_is_where_the_story_s_towns_lie(extractor, resolver, places,
                                                                      want):
    """Placed by the story's towns, a people's armed men are of the sector its forces have in
    that state (``peoples.tsv``); unplaced, of the sector their own word gives ("fighters")."""
    country = {"Manbij": "SYR", "Raqqa": "SYR", "Ankara": "TUR", "Mosul": "IRQ", "Erbil": "IRQ",
               "Paris": "FRA"}
    memory = DocumentMemory.of(date(2019, 6, 1), [_place(p, country[p]) for p in places])
    actor = resolver.resolve(subject(extractor.nlp, "Kurdish fighters attacked the town."),
                             memory)
    assert actor is not None and (actor.country, actor.sector) == want


def test_a_people_s_forces_in_iraq_are_its_army(extractor, resolver):
    """"Kurdish forces" are REB in Syria and MIL in Iraq, whatever "forces" says alone."""
    syria = DocumentMemory.of(date(2019, 6, 1), [_place("Manbij", "SYR")])
    iraq = DocumentMemory.of(date(2019, 6, 1), [_place("Mosul", "IRQ")])
    actor = resolver.resolve(subject(extractor.nlp, "Kurdish forces attacked the town."), syria)
    assert actor is not None and (actor.country, actor.sector) == ("SYR", "REB")
    actor = resolver.resolve(subject(extractor.nlp, "Kurdish forces attacked the town."), iraq)
    assert actor is not None and (actor.country, actor.sector) == ("IRQ", "MIL")
    actor = resolver.resolve(subject(extractor.nlp, "Kurdish officials protested."), syria)
    assert actor is not None and actor.sector != "REB"  # not the armed men


def test_a_people_of_several_states_named_alone_is_its_forces(extractor, resolver):
    """"The Kurds" alone are most often their forces, Iraq's or Syria's (``peoples.tsv``,
    alone "forces"): placed by the story, of the sector of its forces there; and in a story of
    no place, no party at all."""
    memory = DocumentMemory.of(date(2019, 6, 1), [_place("Manbij", "SYR")])
    actor = resolver.resolve(subject(extractor.nlp, "The Kurds protested."), memory)
    assert actor is not None and (actor.country, actor.sector) == ("SYR", "REB")
    memory = DocumentMemory.of(date(2019, 6, 1), [_place("Erbil", "IRQ")])
    actor = resolver.resolve(subject(extractor.nlp, "The Kurds protested."), memory)
    assert actor is not None and (actor.country, actor.sector) == ("IRQ", "MIL")
    assert resolver.resolve(subject(extractor.nlp, "The Kurds protested."),
                            DocumentMemory(date(2019, 6, 1))) is None


@pytest.mark.parametrize("story,sentence,want", [
    # the sentence's own words decide where they are of one kind
    ("", "Democrats blocked the bill in the Senate.", "LEG"),
    ("", "Democrats hope to win the election in November.", "PTY"),
    # else the article's: elections must outnumber lawmaking
    ("The primary campaign and the debates drew voters.", "Democrats criticised the plan.",
     "PTY"),
    ("The bill went to a committee hearing in Congress.", "Democrats criticised the plan.",
     "LEG"),
    ("", "Democrats criticised the plan.", "LEG"),  # nothing says: the table's legislators
])
def test_a_party_s_members_are_its_legislators_unless_the_story_is_of_elections(
        extractor, resolver, story, sentence, want):
    memory = DocumentMemory.of(date(2019, 6, 1), story=resolver.story_words(story))
    actor = resolver.resolve(subject(extractor.nlp, sentence), memory)
    assert actor is not None and (actor.country, actor.sector) == ("USA", want)
    party = resolver.resolve(subject(extractor.nlp, "The Democratic Party criticised the plan."),
                             memory)
    assert party is not None and party.sector == "PTY"  # the party itself stays the party


def test_a_people_of_one_state_is_of_that_state(extractor, resolver):
    actor = resolver.resolve(subject(extractor.nlp, "Uighur activists protested."),
                             DocumentMemory(date(2019, 6, 1)))
    assert actor is not None and actor.country == "CHN"


@pytest.mark.parametrize("text,want", [
    ("Syrian and Russian forces attacked.", [("Syrian", "SYR"), ("Russian forces", "RUS")]),
    ("U.S. and Saudi officials met.", [("U.S.", "USA"), ("Saudi officials", "SAU")]),
    # a list the parser reads as an apposition of its first state
    ("The US, UK and France launched strikes.",
     [("The US", "USA"), ("UK", "GBR"), ("France", "FRA")]),
])
def test_states_coordinated_in_one_phrase_are_parties_of_their_own(extractor, resolver, text,
                                                                   want):
    head = subject(extractor.nlp, text)
    actor = resolver.resolve(head, DocumentMemory(date(2019, 6, 1)))
    parties = resolver.coordinated_states(head, actor)
    assert [(p.text, p.country) for p in parties] == want
    assert {(p.sector, p.kind) for p in parties} == {(actor.sector, actor.kind)}


@pytest.mark.parametrize("text", [
    "Afghan and NATO officials met.",            # an international body is no state of the list
    "The Iraqi and Kurdish governments met.",    # the Kurds live in several states
    "Russian forces attacked.",                  # one state
    "Trump and Xi met.",                         # people: parties of their own already
])
def test_a_phrase_that_coordinates_no_states_alone_stays_one_party(extractor, resolver, text):
    head = subject(extractor.nlp, text)
    actor = resolver.resolve(head, DocumentMemory(date(2019, 6, 1)))
    assert actor is not None and resolver.coordinated_states(head, actor) == [actor]


def test_one_country_named_once_is_the_story_s(extractor, resolver):
    """A short text (a snippet, a one-sentence report) names its country once."""
    memory = DocumentMemory.of(date(2019, 6, 1), [_place("Nairobi", "KEN")])
    assert memory.home() == "KEN"
    actor = resolver.resolve(subject(extractor.nlp, "The president declined to resign."),
                             memory)
    assert (actor.country, actor.sector) == ("KEN", "GOV")


def test_no_country_leads_a_story_of_two(extractor, resolver):
    memory = DocumentMemory.of(date(2019, 6, 1), [_place("Texas", "USA"), _place("Mexico", "MEX")])
    assert memory.home() is None
    actor = resolver.resolve(subject(extractor.nlp, "A federal judge blocked the order."), memory)
    assert (actor.country, actor.sector) == (None, "JUD")


def _story_event(actors: tuple[Actor, ...], recipients: tuple[Actor, ...] = ()) -> Event:
    sentence = "A sentence."
    return Event(event_id="e", doc_id="d", event_type="ASSAULT", mode=None, context=(),
                 modality="asserted", cameo=None, quad_class=None, actors=actors,
                 recipients=recipients, date=EventDate(), location=None, size=Size(),
                 attribution=None, evidence=Evidence(sentence, 0, 0, len(sentence), None),
                 confidence=0.8)


def _party(country: str | None, sector: str | None, text: str = "them") -> Actor:
    return Actor(text=text, name=None, country=country, sector=sector, kind="group")


def test_an_unplaced_party_takes_the_country_its_story_s_events_name_most(resolver):
    """A story of two states: "the government" and "troops" left unplaced while their
    sentences were read take the country the events' parties name most, the first named of
    equals; rebels, parties of no sector, parties of states and parties placed already stay
    as they are, and an international body's code is no country of the story."""
    israel, gaza = _party("ISR", "MIL", "Israeli jets"), _party("PSE", "REB", "Hamas")
    events = (_story_event((israel,), (gaza,)),
              _story_event((_party(None, "GOV", "the government"),),
                           (_party(None, "REB", "militants"), _party(None, None, "a man"))),
              _story_event((_party("UNO", "IGO", "the UN"), _party("UNO", "IGO", "the UN")),
                           (_party(None, "MIL", "troops"), _party("ISR", "GOV", "Israel"))))
    placed = resolver.placed_in_story(events)
    assert [(a.country, a.sector) for ev in placed for a in (*ev.actors, *ev.recipients)] == [
        ("ISR", "MIL"), ("PSE", "REB"),
        ("ISR", "GOV"), (None, "REB"), (None, None),
        ("UNO", "IGO"), ("UNO", "IGO"), ("ISR", "MIL"), ("ISR", "GOV")]
    # equals: the first named
    tied = resolver.placed_in_story((_story_event((gaza,), (israel,)),
                                     _story_event((_party(None, "COP", "police"),))))
    assert tied[1].actors[0].country == "PSE"
    # a party of states is of no one country
    powers = resolver.placed_in_story((_story_event((gaza,), (israel,)),
                                       _story_event((_party(None, "GOV", "World powers"),))))
    assert powers[1].actors[0].country is None
    # a story whose events name no country leaves its parties as they are
    alone = (_story_event((_party(None, "GOV", "the government"),)),)
    assert resolver.placed_in_story(alone) == alone


def test_dictionaries_only_places_no_party_from_the_story(tmp_path):
    """PETRARCH's environment: a party has only the country its own words give."""
    verbs = tmp_path / "test.verbs"
    verbs.write_text("--- SHUN [191] ---\nSHUN\n", encoding="utf-8")
    only = ActorResolver(load_knowledge((str(verbs),), dictionaries_only=True))
    events = (_story_event((_party("ISR", "GOV", "Israel"),), (_party(None, "MIL", "troops"),)),)
    assert only.placed_in_story(events) == events


def test_a_place_named_with_the_party_gives_its_country(extractor, resolver):
    """"Hong Kong police" in a story mostly about the US: the place named with them first."""
    story = [_place("Hong Kong", "CHN"), _place("Washington", "USA"), _place("New York", "USA"),
             _place("Chicago", "USA")]
    memory = DocumentMemory.of(date(2019, 6, 1), story)
    assert memory.home() == "USA"
    doc = extractor.nlp("Hong Kong police arrested the activists.")
    actor = resolver.resolve(subject(extractor.nlp, doc.text), memory)
    assert (actor.country, actor.sector) == ("CHN", "COP"), [(t.text, t.ent_type_) for t in doc]


def test_parties_resolved_in_the_story_count_towards_it(extractor, resolver):
    memory = DocumentMemory(date(2019, 6, 1))
    for text in ("Kenyan police spoke.", "The Kenyan government spoke."):
        resolver.resolve(subject(extractor.nlp, text), memory)
    assert memory.home() == "KEN"
    actor = resolver.resolve(subject(extractor.nlp, "The court ruled."), memory)
    assert (actor.country, actor.sector) == ("KEN", "JUD")
    # a country taken from the story does not count as the text naming it
    assert memory.countries["KEN"] == 2


def test_family_name_first_is_remembered(extractor, resolver):
    """"Kim Jong Un" is "Kim" later on; "Joe Biden" is not "Joe"."""
    memory = DocumentMemory(date(2022, 6, 1))
    for text in ("North Korean leader Kim Jong Un spoke.", "President Joe Biden spoke."):
        resolver.resolve(subject(extractor.nlp, text), memory)
    kim = resolver.resolve(subject(extractor.nlp, "Kim spoke."), memory)
    assert (kim.name, kim.country) == ("Kim Jong Un", "PRK")
    assert "joe biden" in memory.names and "joe" not in memory.names


def test_a_nameless_description_points_back_to_the_last_party_of_its_kind(extractor, resolver):
    """"the president", "the rebels": the last party named before of that sector and kind
    (one whose words hold the description's head first), not the story's country."""
    memory = DocumentMemory(date(2022, 10, 11))
    for k, text in enumerate(("Russian President Vladimir Putin spoke.",
                              "US President Joe Biden spoke.", "Syrian rebels fought.",
                              "Turkish Foreign Minister Mevlut Cavusoglu spoke.")):
        resolver.resolve(subject(extractor.nlp, text), memory, offset=100 * k)
    assert memory.home() is None  # no country leads: the home country gives nothing

    def later(text):
        return resolver.resolve(subject(extractor.nlp, text), memory, offset=1000)

    president = later("The president criticized Iran.")
    assert (president.name, president.country, president.sector) == ("Joe Biden", "USA", "GOV")
    rebels = later("The rebels shelled a village.")
    assert (rebels.country, rebels.sector) == ("SYR", "REB")
    # a description of a sector no earlier party has stays without a country
    court = later("The court ruled.")
    assert (court.country, court.sector) == (None, "JUD")
    # a party named earlier in the text only: nothing after the description counts (two
    # countries named later, so that no home country stands in either)
    first = DocumentMemory(date(2022, 10, 11))
    resolver.resolve(subject(extractor.nlp, "US President Joe Biden spoke."), first, offset=500)
    resolver.resolve(subject(extractor.nlp, "Russian President Vladimir Putin spoke."), first,
                     offset=600)
    assert first.home() is None
    alone = resolver.resolve(subject(extractor.nlp, "The president spoke."), first, offset=10)
    assert alone.country is None


@pytest.mark.parametrize("text, name", [
    ("Attorney General William Barr sued.", "William Barr"),
    ("House Speaker John Boehner spoke.", "John Boehner"),
    # the head is a name of the office-holder table: the table names the person, not a title
    # word before it
    ("Russian Foreign Minister Sergei Lavrov spoke.", "Sergei Lavrov"),
    # a title's form of a name in the table ("President Xi") runs on into the rest of the
    # name: the whole is the person's, not a name the tables do not know ("Jinping")
    ("President Xi Jinping spoke.", "Xi Jinping"),
    ("Crown Prince Mohammed bin Salman spoke.", "Mohammed bin Salman"),
    # "President Assad" is whichever Assad held the office on the day
    ("President Assad spoke.", "Bashar al-Assad"),
])
def test_the_name_is_the_run_of_names_that_holds_the_head(extractor, resolver, text, name):
    actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(date(2019, 6, 1)))
    assert actor is not None and actor.name == name


def test_office_holders_out_of_office(extractor, resolver):
    """A term ended less than a month before the article still holds (the news of its last
    weeks); later the holder is a former official (ELI) of the same country; in the two years
    before the term a candidate (PTY, annotation.md R5); before that, of the country alone."""
    def resolve(text, when):
        actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(when))
        return actor.name, actor.country, actor.sector

    assert resolve("Jim Mattis resigned.", date(2019, 1, 16)) == ("Jim Mattis", "USA", "GOV")
    assert resolve("Jim Mattis criticized the plan.", date(2019, 6, 1)) == (
        "Jim Mattis", "USA", "ELI")
    assert resolve("Donald Trump criticized the plan.", date(2016, 6, 1)) == (
        "Donald Trump", "USA", "PTY")
    assert resolve("Donald Trump criticized the plan.", date(2012, 6, 1)) == (
        "Donald Trump", "USA", None)
    # the text's own title first: "Treasury Secretary James Baker" in 1987, before his term
    # as secretary of state (1989), is the government's
    assert resolve("Treasury Secretary James Baker criticized the plan.", date(1987, 6, 1)) == (
        "James Baker", "USA", "GOV")


def test_a_candidate_is_the_party_s_while_the_campaign_runs(extractor, resolver):
    """A campaign of the table (``actors.CANDIDACIES``) holds while it runs, whatever title the
    text gives (R5); after it the person is no former official, and undated no candidate."""
    def resolve(text, when):
        actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(when))
        return actor.country, actor.sector

    assert resolve("Hillary Clinton criticized the plan.", date(2016, 6, 1)) == ("USA", "PTY")
    assert resolve("Former Secretary of State Hillary Clinton criticized the plan.",
                   date(2016, 6, 1)) == ("USA", "PTY")
    # a winner is read as a candidate from the office to come
    assert resolve("Former Vice President Joe Biden criticized the plan.",
                   date(2020, 2, 28)) == ("USA", "PTY")
    assert resolve("Sen. Bernie Sanders criticized the plan.", date(2016, 1, 14)) == (
        "USA", "PTY")
    # after the campaign the person is what the table's other rows say: a senator
    assert resolve("Sen. Bernie Sanders criticized the plan.", date(2022, 1, 14)) == (
        "USA", "LEG")
    assert resolve("Mitt Romney criticized the plan.", date(2019, 6, 1)) == ("USA", "LEG")
    # ... and no former anything of the campaign itself, between it and his seat: the
    # country alone of an office to come
    assert resolve("Mitt Romney criticized the plan.", date(2017, 6, 1)) == ("USA", None)
    # undated: his last office, not the campaign
    assert resolve("Mitt Romney criticized the plan.", None) == ("USA", "LEG")


@pytest.mark.parametrize("text, when, codes", [
    # members of Congress and governors of the table (twenty-sixth session): in office, then
    # former officials
    ("Pat Toomey criticized the plan.", date(2017, 6, 1), ("USA", "LEG")),
    ("Pat Toomey criticized the plan.", date(2024, 6, 1), ("USA", "ELI")),  # left in 2023
    ("Scott Walker criticized the plan.", date(2015, 6, 1), ("USA", "GOV")),
    ("Scott Walker criticized the plan.", date(2020, 6, 1), ("USA", "ELI")),
    ("Ilhan Omar criticized the plan.", date(2019, 6, 1), ("USA", "LEG")),
])
def test_members_of_congress_and_governors_follow_their_terms(extractor, resolver, text, when,
                                                               codes):
    actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(when))
    assert actor is not None and (actor.country, actor.sector) == codes


@pytest.mark.parametrize("text, when, name, codes", [
    # the family name of an office holder after another given name is another person
    ("Ariel Castro was sentenced.", date(2013, 9, 1), "Ariel Castro", (None, None)),
    ("Ivanka Trump criticized the plan.", date(2018, 12, 1), "Ivanka Trump", (None, None)),
    # not after the holder's own given name, or a title
    ("President Donald J. Trump criticized the plan.", date(2018, 12, 1), "Donald Trump",
     ("USA", "GOV")),
    ("President Trump criticized the plan.", date(2018, 12, 1), "Donald Trump", ("USA", "GOV")),
    # a family name alone is an office holder in office only
    ("Castro criticized the plan.", date(2005, 1, 1), "Fidel Castro", ("CUB", "GOV")),
    # ... of the namesakes in the table, the one in office on the day
    ("Carter criticized the plan.", date(2016, 3, 1), "Ash Carter", ("USA", "GOV")),
    ("Carter criticized the plan.", date(1979, 3, 1), "Jimmy Carter", ("USA", "GOV")),
])
def test_a_family_name_is_an_office_holder_only_when_nothing_says_otherwise(
        extractor, resolver, text, when, name, codes):
    actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(when))
    assert (actor.name, (actor.country, actor.sector)) == (name, codes)
    later = resolver.resolve(subject(extractor.nlp, "Castro criticized the plan."),
                             DocumentMemory(date(2013, 9, 1)))
    assert later is None  # Fidel Castro left office in 2008


def test_a_possessor_is_not_the_person_and_gives_the_country(extractor, resolver):
    memory = DocumentMemory(date(2018, 12, 22))
    doc = extractor.nlp("Trump's defense secretary, James Mattis, resigned.")
    actor = resolver.resolve(next(t for t in doc if t.text == "secretary"), memory)
    assert (actor.name, actor.country, actor.sector) == ("Jim Mattis", "USA", "GOV")
    doc = extractor.nlp("Putin's spokesman criticized the plan.")
    actor = resolver.resolve(next(t for t in doc if t.text == "spokesman"), memory)
    assert (actor.name, actor.country, actor.sector) == (None, "RUS", "GOV")


def test_a_possessor_named_before_is_not_the_person_it_owns(extractor, resolver):
    """The document named Putin before: "Putin's spokesman Dmitry Peskov" is Peskov, not
    Putin, and "the Trump's chief of staff" a nameless officer of Trump's government."""
    memory = DocumentMemory(date(2019, 2, 1))
    resolver.resolve(subject(extractor.nlp, "Vladimir Putin spoke."), memory)
    resolver.resolve(subject(extractor.nlp, "Donald Trump spoke."), memory, offset=100)
    doc = extractor.nlp("Putin's spokesman Dmitry Peskov criticized the plan.")
    actor = resolver.resolve(next(t for t in doc if t.text == "Peskov"), memory, offset=200)
    assert (actor.name, actor.country, actor.sector) == ("Dmitry Peskov", "RUS", "GOV")
    doc = extractor.nlp("He spoke to the Trump's chief of staff Friday.")
    actor = resolver.resolve(next(t for t in doc if t.text == "chief"), memory, offset=300)
    assert (actor.name, actor.country, actor.sector, actor.kind) == (
        None, "USA", "GOV", "person")


def test_a_person_the_tables_do_not_know_takes_the_country_of_the_possessor(
        extractor, resolver):
    """"Trump's budget chief Mick Mulvaney": an officer of the possessor's government; a
    possessor's relative or lawyer gets the country, and no sector from it."""
    memory = DocumentMemory(date(2018, 1, 10))
    doc = extractor.nlp("Trump's budget chief Mick Mulvaney met Senate leaders.")
    actor = resolver.resolve(next(t for t in doc if t.text == "chief"), memory)
    assert (actor.name, actor.country, actor.sector) == ("Mick Mulvaney", "USA", "GOV")
    # later mentions by the family name know him
    later = resolver.resolve(subject(extractor.nlp, "Mulvaney declined."), memory, offset=500)
    assert (later.name, later.country, later.sector) == ("Mick Mulvaney", "USA", "GOV")
    doc = extractor.nlp("Trump's friend Tom Barrack spoke.")
    actor = resolver.resolve(next(t for t in doc if t.text == "friend"), memory, offset=900)
    assert (actor.name, actor.country, actor.sector) == ("Tom Barrack", "USA", None)


def test_a_name_in_apposition_to_a_title_is_the_titled_person(extractor, resolver):
    memory = DocumentMemory(None)
    doc = extractor.nlp("Colorado's current secretary of state, Jena Griswold, decried the "
                        "ruling Tuesday.")
    griswold = next(t for t in doc if t.text == "Griswold")
    assert griswold.dep_ == "appos"
    actor = resolver.resolve(griswold, memory)
    assert (actor.text, actor.name, actor.sector) == ("Jena Griswold", "Jena Griswold", "GOV")
    # later mentions by the family name know her
    later = resolver.resolve(subject(extractor.nlp, "Griswold appealed."), memory, offset=500)
    assert (later.name, later.sector) == ("Jena Griswold", "GOV")


def test_an_office_holder_of_the_table_is_remembered_by_the_family_name(extractor, resolver):
    memory = DocumentMemory(date(2015, 6, 1))
    first = resolver.resolve(subject(
        extractor.nlp, "Homeland Security Secretary Jeh Johnson reassigned the leader."), memory)
    assert (first.name, first.country) == ("Jeh Johnson", "USA")
    later = resolver.resolve(subject(extractor.nlp, "Johnson said so."), memory, offset=500)
    assert (later.name, later.country, later.sector) == ("Jeh Johnson", "USA", "GOV")


def test_the_name_after_a_title_is_the_person_s_not_a_word_of_the_title(extractor, resolver):
    """"Senate Minority Leader Chuck Schumer" parsed with "Leader" as the head: the run of
    names that is a person's, not "Minority"; a press secretary is the government's."""
    doc = extractor.nlp("Trump fired back at Senate Minority Leader Chuck Schumer.")
    tokens = [t for t in doc if t.text in ("Senate", "Minority", "Leader", "Chuck", "Schumer")]
    leader = next(t for t in doc if t.text == "Leader")
    assert [t.text for t in resolver.name_run(tokens, set(), leader)] == ["Chuck", "Schumer"]
    actor = resolver.resolve(subject(extractor.nlp,
                                     "White House Press Secretary Sean Spicer spoke."),
                             DocumentMemory(date(2017, 6, 1)))
    assert (actor.country, actor.sector) == ("USA", "GOV")


def test_a_plural_noun_for_states_is_their_governments(extractor, resolver):
    """A party the argument model chose that nothing else places: "world powers" are
    governments of no one country; other nameless words name no party."""
    doc = extractor.nlp("Mursi urged world powers and two men to act.")
    powers = next(t for t in doc if t.text == "powers")
    assert resolver.resolve(powers, DocumentMemory(None)) is None
    memory = DocumentMemory(None)
    actor = resolver.nameless(powers, memory)
    assert actor is not None
    assert (actor.text, actor.name, actor.country, actor.sector) == (
        "world powers", None, None, "GOV")
    assert resolver.nameless(next(t for t in doc if t.text == "men"), memory) is None
    # counted: "dozens of countries"
    doc = extractor.nlp("Dozens of countries condemned the test.")
    assert resolver.nameless(next(t for t in doc if t.text == "Dozens"), memory).sector == "GOV"
    # a state in the singular is a US state or a government the text names: not this rule
    doc = extractor.nlp("The state sued.")
    assert resolver.nameless(next(t for t in doc if t.text == "state"), memory) is None


def test_people_attacked_are_civilians_of_the_story(extractor, resolver):
    """The victims of an attack named only as people ("34 people", "a man") are civilians,
    placed as "civilians" are: in the country of a place named with them, else the story's;
    named so as anything but an attack's victims, people are no party."""
    doc = extractor.nlp("The bombing killed 34 people and a man in Kabul.")
    people = next(t for t in doc if t.text == "people")
    man = next(t for t in doc if t.text == "man")
    memory = DocumentMemory(None)
    assert resolver.resolve(people, memory) is None
    assert resolver.nameless(people, memory) is None
    actor = resolver.nameless(people, memory, victim=True)
    assert actor is not None
    assert (actor.text, actor.country, actor.sector) == ("34 people", None, "CVL")
    assert resolver.nameless(man, memory, victim=True).sector == "CVL"
    memory.countries["AFG"] += 3  # a story about Afghanistan
    assert resolver.nameless(people, memory, victim=True).country == "AFG"
    assert resolver.nameless(next(t for t in doc if t.text == "bombing"), memory,
                             victim=True) is None


def test_a_pronoun_is_the_last_subject_of_its_kind() -> None:
    """"Trump said Mulvaney's plan was fine. He added…": he is Trump, the subject, not the last
    man named; with no subject before it, the last one named."""
    trump = Actor("Trump", "Donald Trump", "USA", "GOV", "person")
    mulvaney = Actor("Mulvaney", "Mick Mulvaney", "USA", "GOV", "person")
    memory = DocumentMemory(None)
    memory.remember(trump, 0, subject=True)
    memory.remember(mulvaney, 11, subject=False)
    assert memory.last_before(40, person=True) is trump
    memory = DocumentMemory(None)
    memory.remember(trump, 0, subject=False)
    memory.remember(mulvaney, 11, subject=False)
    assert memory.last_before(40, person=True) is mulvaney
    assert memory.last_before(5, person=True) is trump


def test_a_pronoun_skips_its_clause_s_subject_and_people_of_the_other_sex(extractor, resolver):
    """"Trump visited him": him is not Trump, its clause's subject (nor "he" in "he urged
    him"), but the man named before; "she" is Pelosi, not Pence, who was named after her — as a
    given name says ("Nancy"), or a title ("Ms."); a person whose sex nothing says may be
    either."""
    def pronoun(text: str, word: str, memory: DocumentMemory) -> Actor | None:
        doc = extractor.nlp(text)
        for head in [t for t in doc if t.ent_type_ == "PERSON" and t.dep_ != "compound"]:
            resolver.resolve(head, memory, offset=1000)
        return resolver.resolve(next(t for t in doc if t.lower_ == word), memory, offset=1000)

    def told(first: str) -> DocumentMemory:
        memory = DocumentMemory(date(2019, 11, 5))
        resolver.resolve(subject(extractor.nlp, first), memory)
        return memory

    abe = "Japanese Prime Minister Shinzo Abe spoke."
    him = pronoun("President Trump visited him in Tokyo.", "him", told(abe))
    assert him is not None and (him.name, him.country) == ("Shinzo Abe", "JPN")
    him = pronoun("Later Trump said he urged him to act.", "him", told(abe))
    assert him is not None and him.country == "JPN"
    # a pronoun that is a subject, or a possessor, may be its clause's subject
    his = pronoun("President Trump praised his aides.", "his", told(abe))
    assert his is not None and his.country == "USA"

    for first in ("House Speaker Nancy Pelosi spoke.", "Ms. Pelosi spoke."):
        she = pronoun("Vice President Mike Pence briefed the press after she spoke.", "she",
                      told(first))
        assert she is not None and she.name == "Nancy Pelosi", first
    # no word of the sex of "Anderson": "she" may be Sen. Anderson
    memory = told("Sen. John Smith spoke.")
    resolver.resolve(subject(extractor.nlp, "Sen. Anderson replied."), memory, offset=500)
    she = pronoun("She spoke again.", "she", memory)
    assert she is not None and (she.text, she.name) == ("She", "Anderson")


def test_a_person_s_title_names_an_organisation_of_a_sector(extractor, resolver):
    """"House Oversight Committee Chairman Darrell Issa": the legislature's, and his name is
    the person's words only, not the capitalised title before them."""
    doc = extractor.nlp("House Oversight Committee Chairman Darrell Issa subpoenaed the files.")
    actor = resolver.resolve(subject(extractor.nlp, doc.text), DocumentMemory(None))
    assert actor is not None
    assert (actor.name, actor.sector, actor.kind) == ("Darrell Issa", "LEG", "person")


def test_an_acronym_the_document_defines_is_its_full_name_s_party(extractor, resolver):
    """"the US-backed Syrian Democratic Forces (SDF)", then "the SDF": the party the full name
    resolved to, whether the tables know the acronym or not."""
    memory = DocumentMemory(date(2019, 10, 11))
    doc = extractor.nlp("Turkey attacked the US-backed Syrian Democratic Forces (SDF) near Raqqa.")
    resolver.define_acronyms(doc[:], memory, 0)
    assert (memory.acronyms["SDF"].country, memory.acronyms["SDF"].sector) == ("SYR", "REB")
    later = resolver.resolve(subject(extractor.nlp, "The SDF denied it."), memory, 100)
    assert (later.text, later.country, later.sector) == ("The SDF", "SYR", "REB")
    # not defined in this document: the acronym is no one the tables know
    assert resolver.resolve(subject(extractor.nlp, "The SDF denied it."),
                            DocumentMemory(date(2019, 10, 11))) is None


@pytest.mark.parametrize("text, want", [
    # a patron's or opponent's country is not the party's
    ("US-backed Kurdish fighters attacked the town.", (None, "REB")),
    ("Pro-Russian rebels attacked the airport.", (None, "REB")),
    ("Russia-backed rebels shot down the plane.", (None, "REB")),
    # ... but the country that leads is
    ("The US-led coalition bombed the town.", ("USA", None)),
])
def test_a_patron_s_country_is_not_the_party_s(extractor, resolver, text, want):
    actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(date(2019, 1, 1)))
    assert actor is not None and (actor.country, actor.sector) == want


def test_the_group_is_the_last_organisation_named(extractor, resolver):
    """"the group" points back to the last non-state organisation the article named."""
    memory = DocumentMemory(date(2019, 1, 1))
    for k, text in enumerate(("Human Rights Watch accused the army.",
                              "The Syrian government denied it.")):
        resolver.resolve(subject(extractor.nlp, text), memory, offset=100 * k)
    group = resolver.resolve(subject(extractor.nlp, "The group urged an inquiry."), memory, 300)
    assert (group.text, group.name, group.sector) == ("The group", "Human Rights Watch", "NGO")
    # none named before: no party
    assert resolver.resolve(subject(extractor.nlp, "The group urged an inquiry."),
                            DocumentMemory(date(2019, 1, 1))) is None


def test_the_country_is_the_last_state_named(extractor, resolver):
    """"the country" points back to the last state the article named as a state, not to an
    organisation named after it; with none named before, it names no party."""
    memory = DocumentMemory(date(2019, 1, 1))
    for k, text in enumerate(("North Korea fired two missiles.",
                              "Human Rights Watch condemned the launch.")):
        resolver.resolve(subject(extractor.nlp, text), memory, offset=100 * k)
    country = resolver.resolve(subject(extractor.nlp, "The country threatened Japan."),
                               memory, 300)
    assert country is not None
    assert (country.text, country.country, country.kind) == ("The country", "PRK", "country")
    assert resolver.resolve(subject(extractor.nlp, "The country threatened Japan."),
                            DocumentMemory(date(2019, 1, 1))) is None


@pytest.mark.parametrize("text", [
    # state senators the office-holder table does not know
    "The group endorsed Senators Mary L. Fairbanks and Joe Hollister III.",
    # the small model tags this "Senators" NNP, its lemma the word as written (dev split)
    "Republicans criticized Senators Mary L. Fairbanks and Joe Hollister III for blocking it.",
])
def test_a_plural_title_is_every_coordinated_name_s(extractor, resolver, text):
    doc = extractor.nlp(text)
    hollister = next(t for t in doc if t.dep_ == "conj")
    actor = resolver.resolve(hollister, DocumentMemory(date(2014, 1, 1)))
    assert actor is not None and (actor.name, actor.sector) == ("Joe Hollister III", "LEG")


def test_an_irregular_plural_title_is_every_coordinated_name_s(extractor, resolver):
    doc = extractor.nlp("The group endorsed Congressmen John Smithson and Peter Wexley.")
    wexley = next(t for t in doc if t.dep_ == "conj")
    actor = resolver.resolve(wexley, DocumentMemory(date(2014, 1, 1)))
    assert actor is not None and (actor.name, actor.sector) == ("Peter Wexley", "LEG")


def test_a_singular_name_ending_in_s_is_no_plural_title(extractor, resolver):
    """"Reyes" is no "Reye"s, "Thomas" no "Thoma"s: only a person's title counts."""
    doc = extractor.nlp("The group endorsed Sylvester Reyes and Joe Hollister III.")
    hollister = next(t for t in doc if t.dep_ == "conj")
    actor = resolver.resolve(hollister, DocumentMemory(date(2014, 1, 1)))
    assert actor is None or actor.sector is None


@pytest.mark.parametrize("text,want", [
    # the small model leaves these plurals as written (NNPS, lemma "Marines", "Forces")
    ("Two Camp Pendleton-based Marines were arrested.", "MIL"),
    ("The U.S. Armed Forces attacked the base.", "MIL"),
])
def test_a_plural_left_as_written_names_its_sector(extractor, resolver, text, want):
    actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(date(2018, 1, 1)))
    assert actor is not None and actor.sector == want


def test_a_named_group_keeps_its_own_sector_over_a_plural_of_its_name(extractor, resolver):
    """The Syrian Democratic Forces are rebels (the actor tables), not an army ("force")."""
    actor = resolver.resolve(subject(extractor.nlp, "The Syrian Democratic Forces attacked."),
                             DocumentMemory(date(2018, 1, 1)))
    assert actor is not None and (actor.country, actor.sector) == ("SYR", "REB")


def test_a_surname_ending_in_s_is_no_plural_sector_word(extractor, resolver):
    """"Banks" in a person's name is no bank."""
    doc = extractor.nlp("Jim Banks criticized the plan.")
    actor = resolver.resolve(next(t for t in doc if t.text == "Banks"),
                             DocumentMemory(date(2018, 1, 1)))
    assert actor is None or actor.sector != "BUS"


def test_a_family_name_the_table_gives_no_one_in_office_is_the_one_the_text_named(extractor,
                                                                               resolver):
    """"Tillerson" in 2013 (the table's Rex Tillerson is the secretary of state from 2017) is
    the oil company's chief the article named before; with no earlier mention, nobody."""
    memory = DocumentMemory(date(2013, 6, 1))
    doc = extractor.nlp("The letter was sent to Exxon Mobil chief executive Rex Tillerson.")
    first = resolver.resolve(next(t for t in doc if t.text == "Tillerson"), memory)
    assert first is not None and first.sector != "GOV"  # not yet the secretary of state
    later = resolver.resolve(subject(extractor.nlp, "Tillerson thanked him."), memory, 100)
    assert (later.name, later.country, later.sector) == (first.name, first.country,
                                                         first.sector)
    assert resolver.resolve(subject(extractor.nlp, "Tillerson thanked him."),
                            DocumentMemory(date(2013, 6, 1))) is None


def test_a_longer_table_phrase_after_the_beats_the_one_with_it(extractor, resolver):
    """"the UN Human Rights Office" is no "the UN"."""
    actor = resolver.resolve(subject(extractor.nlp, "The UN Human Rights Office criticised it."),
                             DocumentMemory(date(2019, 1, 1)))
    assert (actor.country, actor.sector) == ("OHCHR", "IGO")


def test_the_of_phrase_inside_a_named_organisation_is_part_of_it(extractor, resolver):
    doc = extractor.nlp("The Office of Foreign Assets Control sanctioned three banks.")
    office = next(t for t in doc if t.text == "Office")
    assert [t.text for t in resolver.phrase_tokens(office)] == \
        "The Office of Foreign Assets Control".split()


def test_leaders_of_congress_are_the_legislature_s(extractor, resolver):
    """The US Congress's leaders, by the family name, in the years they sat."""
    for text, when in (("Pelosi criticized the plan.", date(2019, 5, 1)),
                       ("Schumer criticized the plan.", date(2015, 5, 1)),
                       ("McConnell criticized the plan.", date(2025, 5, 1))):
        actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(when))
        assert actor is not None and (actor.country, actor.sector) == ("USA", "LEG"), text
    # before he sat, nobody
    assert resolver.resolve(subject(extractor.nlp, "Schumer criticized the plan."),
                            DocumentMemory(date(1975, 5, 1))) is None


def test_a_title_head_with_a_name_after_it_is_that_person(extractor, resolver):
    """"the special counsel Robert Mueller" names Mueller, whatever the parser made the head:
    only a name of the tables as the head leaves the table to decide."""
    doc = extractor.nlp("In a court filing on Monday, prosecutors working for the special counsel "
                        "Robert Mueller, who is investigating possible collusion, said he lied.")
    counsel = next(t for t in doc if t.text == "counsel")
    memory = DocumentMemory(date(2018, 1, 1))
    actor = resolver.resolve(counsel, memory)
    assert actor is not None and (actor.name, actor.sector) == ("Robert Mueller", "JUD")
    later = resolver.resolve(subject(extractor.nlp, "Mueller indicted him."), memory, 100)
    assert (later.name, later.sector) == ("Robert Mueller", "JUD")


def test_the_article_s_own_person_of_a_family_name_comes_before_the_table_s(extractor,
                                                                             resolver):
    """"Mattis" in 2018 is the table's defence secretary, unless the article named another
    Mattis first."""
    when = date(2018, 6, 1)
    alone = resolver.resolve(subject(extractor.nlp, "Mattis criticized the plan."),
                             DocumentMemory(when))
    assert (alone.name, alone.country, alone.sector) == ("Jim Mattis", "USA", "GOV")
    memory = DocumentMemory(when)
    doc = extractor.nlp("The Canadian activist Sarah Mattis led the march.")
    resolver.resolve(next(t for t in doc if t.text == "Mattis"), memory)
    own = resolver.resolve(subject(extractor.nlp, "Mattis criticized the plan."), memory, 100)
    assert own.name == "Sarah Mattis"


@pytest.mark.parametrize("text,place,want", [
    # the article's places read "Georgia" as the US state: its parties are American
    ("Georgia Gov. Brian Kemp signed the bill.", ("USA", "region"), ("USA", "GOV", "person")),
    ("Georgia sued the federal government.", ("USA", "region"), ("USA", "GOV", "organization")),
    # a body named with the division is that body, of the division's country
    ("The Georgia Democratic Party sued the state.", ("USA", "region"),
     ("USA", "PTY", "organization")),
    # read as the country (or not read at all), the tables' country stands
    ("Georgia sued the federal government.", ("GEO", "country"), ("GEO", None, "country")),
    ("Georgia sued the federal government.", None, ("GEO", None, "country")),
])
def test_a_country_name_the_article_places_in_another_country(extractor, resolver, text,
                                                              place, want):
    start = text.index("Georgia")
    toponyms = [] if place is None else [Place(
        "Georgia", start, start + 7, "Georgia", place[0], None, None, None, None, place[1])]
    memory = DocumentMemory.of(date(2019, 6, 1), toponyms)
    doc = extractor.nlp(text)
    head = next(t for t in doc if t.dep_ == "nsubj")
    actor = resolver.resolve(head, memory)
    assert actor is not None and (actor.country, actor.sector, actor.kind) == want


@pytest.mark.parametrize("text,word,want", [
    # the closing bracket or quotation mark that follows the phrase is taken in
    ("Sen. Jeff Sessions (R., Ala.) criticized the bill.", "Sessions",
     "Sen. Jeff Sessions (R., Ala.)"),
    ("Nigeria accused the World Trade Organization (WTO) of bias.", "Organization",
     "the World Trade Organization (WTO)"),
    ('Fulani Muslim "bandits" attacked the village.', "bandits", 'Fulani Muslim "bandits"'),
])
def test_a_party_s_words_pair_their_brackets_and_quotes(extractor, resolver, text, word, want):
    doc = extractor.nlp(text)
    head = next(t for t in doc if t.text == word)
    tokens = resolver.phrase_tokens(head)
    assert doc[tokens[0].i:tokens[-1].i + 1].text == want


@pytest.mark.parametrize("words,span,want", [
    # an unclosed bracket that no closing one follows is left out, with what it opens
    ("Qassem Soleimani ( variant spellings of the name", (0, 7), "Qassem Soleimani"),
    ("Qassem Soleimani ( variant spellings ) said", (0, 4),
     "Qassem Soleimani ( variant spellings )"),
    # an unclosed quotation mark: taken in where it follows, else left out
    ('the " bandits " attacked', (0, 2), 'the " bandits "'),
    ('" bandits attacked', (0, 1), "bandits"),
    ('the " bandits attacked', (0, 2), "the"),
])
def test_balanced_spans(words, span, want):
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from eventwire.pipeline.actors import _balanced

    doc = Doc(Vocab(), words=words.split())
    lo, hi = _balanced(doc, *span)
    assert doc[lo:hi + 1].text == want


def test_only_an_elected_office_makes_a_candidate(extractor, resolver):
    """In the two years before a term a president or prime minister to be is a candidate
    (PTY); a judge, an attorney general or an ambassador to be is not."""
    def resolve(text, when):
        actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(when))
        return actor.country, actor.sector

    # before his term on the Supreme Court (2018-10-06): no candidate, of his country
    assert resolve("Brett Kavanaugh criticized the ruling.", date(2018, 7, 15)) == ("USA", None)
    # "Judge Brett Kavanaugh", then on an appeals court: the title says it
    assert resolve("Judge Brett Kavanaugh criticized the ruling.", date(2018, 7, 15)) == (
        "USA", "JUD")
    assert resolve("Brett Kavanaugh criticized the ruling.", date(2019, 7, 15)) == ("USA", "JUD")


def test_an_organisation_s_title_leaves_a_state_s_official_his_country(extractor, resolver):
    def resolve(text, when):
        actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(when))
        return actor.country, actor.sector

    # the table's American ambassador to the UN: the "U.N." of her title is not her country
    assert resolve("U.N. Ambassador Nikki Haley criticized the vote.", date(2018, 6, 1)) == (
        "USA", "GOV")
    assert resolve("Former U.N. Ambassador Nikki Haley criticized the vote.",
                   date(2019, 12, 6)) == ("USA", "ELI")
    # the UN's own envoy is the UN's
    assert resolve("UN envoy Staffan de Mistura criticized the vote.", date(2017, 6, 1))[0] == "UN"


def test_an_undated_article_takes_a_person_s_last_office(extractor, resolver):
    """Robert Mueller: FBI director (COP) 2001-2013, special counsel (JUD) 2017-2019."""
    actor = resolver.resolve(subject(extractor.nlp, "Robert Mueller criticized the report."),
                             DocumentMemory(None))
    assert (actor.country, actor.sector) == ("USA", "JUD")
    dated = resolver.resolve(subject(extractor.nlp, "Robert Mueller criticized the report."),
                             DocumentMemory(date(2010, 6, 1)))
    assert (dated.country, dated.sector) == ("USA", "COP")


def test_a_person_of_the_table_beats_capitalised_title_words(extractor, resolver):
    """"National Security Advisor" is no name: the table's John Bolton is the person, out of
    office in 2020 (ELI), and the document remembers him as "Bolton"."""
    memory = DocumentMemory(date(2020, 6, 20))
    doc = extractor.nlp("The war of words between President Trump and his former National "
                        "Security Advisor, John Bolton, is spilling over into the courts.")
    advisor = next(t for t in doc if t.text == "Advisor")
    actor = resolver.resolve(advisor, memory)
    assert actor is not None
    assert (actor.name, actor.country, actor.sector) == ("John Bolton", "USA", "ELI")
    later = resolver.resolve(subject(extractor.nlp, "Bolton refused to testify."), memory,
                             offset=1000)
    assert later is not None and (later.name, later.sector) == ("John Bolton", "ELI")


def test_a_family_name_the_tagger_reads_as_a_noun_is_the_person_named_before(extractor,
                                                                              resolver):
    memory = DocumentMemory(date(2013, 5, 9))
    resolver.resolve(subject(extractor.nlp, "State Department spokesman Patrick Ventrell said "
                                            "no new information emerged."), memory)
    doc = extractor.nlp("Ventrell disputed that version of events.")
    word = next(t for t in doc if t.text == "Ventrell")
    assert word.pos_ == "NOUN"  # the small model's reading that the rule is for
    actor = resolver.resolve(word, memory, offset=1000)
    assert actor is not None
    assert (actor.text, actor.name, actor.country, actor.sector) == (
        "Ventrell", "Patrick Ventrell", "USA", "GOV")
    # a noun no person of the document bears is no one
    doc = extractor.nlp("Officials disputed that version of events.")
    other = resolver.resolve(next(t for t in doc if t.text == "Officials"), memory,
                             offset=2000)
    assert other is None or other.name != "Patrick Ventrell"


def _resolved_after(extractor, resolver, when, before, text, word):
    """``word`` of ``text`` resolved in a document whose earlier sentence ``before`` named the
    parties its proper nouns name."""
    memory = DocumentMemory(when)
    for tok in extractor.nlp(before):
        if tok.pos_ == "PROPN":
            resolver.resolve(tok, memory)
    doc = extractor.nlp(text)
    return resolver.resolve(next(t for t in doc if t.text == word), memory, offset=1000)


@pytest.mark.parametrize("named, text, word, want", [
    ("North Korea fired a missile.", "On Wednesday, the North conducted a test.", "North",
     "PRK"),
    ("Trump visited Saudi Arabia.", "The Kingdom agreed to invest.", "Kingdom", "SAU"),
    ("Putin visited Iran.", "Moscow will send missiles to the Islamic Republic.", "Republic",
     "IRN"),
    # a short form of no country the document named, or of two, names none
    ("Trump visited Japan.", "The Kingdom agreed to invest.", "Kingdom", None),
    ("North Korea and North Macedonia met.", "The North agreed.", "North", None),
])
def test_a_country_s_short_form_is_the_country_the_document_named(extractor, resolver, named,
                                                                   text, word, want):
    actor = _resolved_after(extractor, resolver, date(2019, 8, 2), named, text, word)
    assert (actor.country if actor is not None else None) == want
    if want is not None:
        assert actor.kind == "country"


def test_a_person_named_beside_another_of_the_table_is_the_one_the_head_names(extractor,
                                                                             resolver):
    """"Trump supporter Lindsey Graham" is Graham, and the document does not then take "Trump"
    for Graham."""
    memory = DocumentMemory(date(2018, 10, 21))
    doc = extractor.nlp("Even leading Senate Republicans, including Trump supporter Lindsey "
                        "Graham, have expressed skepticism.")
    graham = resolver.resolve(next(t for t in doc if t.text == "Graham"), memory)
    assert graham is not None and (graham.name, graham.sector) == ("Lindsey Graham", "LEG")
    trump = resolver.resolve(subject(extractor.nlp, "Trump said nothing."), memory, offset=1000)
    assert trump is not None and trump.name == "Donald Trump"


@pytest.mark.parametrize("text, want", [
    ("A Pentagon spokesman said it was unacceptable.", ("USA", "MIL")),
    ("Pentagon officials offered staff.", ("USA", "MIL")),
    ("Senior military officials advised the president.", (None, "MIL")),
    ("Intelligence officials said it was likely.", (None, "SPY")),
    # an official of no sector word is the government's
    ("Health officials said it was likely.", (None, "GOV")),
    ("White House officials said it was likely.", ("USA", "GOV")),
])
def test_an_official_is_of_the_body_named_with_the_title(extractor, resolver, text, want):
    actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(date(2019, 6, 20)))
    assert actor is not None and (actor.country, actor.sector) == want


@pytest.mark.parametrize("text, want", [
    ("His Turkish counterpart rejected the offer.", ("TUR", "GOV")),
    ("Their Russian counterparts rejected the offer.", ("RUS", "GOV")),
    # a title: its modifier's sector first
    ("His Democratic counterpart rejected the offer.", ("USA", "PTY")),
])
def test_a_counterpart_is_a_government_s_unless_its_words_say_whose(extractor, resolver, text,
                                                                     want):
    actor = resolver.resolve(subject(extractor.nlp, text), DocumentMemory(date(2019, 6, 20)))
    assert actor is not None and (actor.country, actor.sector) == want


def test_a_foreign_minister_of_the_filled_years_is_known(extractor, resolver):
    """The table's foreign ministers of 2000-2026 where it had gaps (thirty-fifth session):
    "Julie Bishop said" was a religious figure of no country."""
    actor = resolver.resolve(subject(extractor.nlp, "Julie Bishop said the court was wrong."),
                             DocumentMemory(date(2017, 6, 1)))
    assert actor is not None and (actor.name, actor.country, actor.sector) == (
        "Julie Bishop", "AUS", "GOV")


@pytest.mark.parametrize("before, text, word, want", [
    ("Trump spoke.", "His administration said it would act.", "administration", "USA"),
    ("Iran threatened the United States.", "Its military fired a missile.", "military", "IRN"),
    ("Trump spoke.", "His former attorney Michael Cohen testified.", "Cohen", "USA"),
    # a party named by its relation to the possessor is not of the possessor's country
    ("Syria spoke.", "Its allies attacked the town.", "allies", None),
])
def test_a_possessive_pronoun_gives_a_nameless_party_its_referent_s_country(
        extractor, resolver, before, text, word, want):
    actor = _resolved_after(extractor, resolver, date(2019, 6, 20), before, text, word)
    assert (actor.country if actor is not None else None) == want


def test_a_title_possessed_by_a_pronoun_is_its_referent_s_officer(extractor, resolver):
    """"his deputy, Sergei Ryabkov" after Lavrov: of Lavrov's government, as "Putin's
    spokesman" is of Putin's."""
    memory = DocumentMemory(date(2018, 6, 20))
    resolver.resolve(subject(extractor.nlp, "Lavrov spoke."), memory)
    doc = extractor.nlp("Meanwhile his deputy, Sergei Ryabkov, said the US was wrong.")
    actor = resolver.resolve(next(t for t in doc if t.text == "deputy"), memory, offset=1000)
    assert actor is not None and (actor.country, actor.sector) == ("RUS", "GOV")


def test_a_party_acts_where_its_clause_sets_it(extractor, resolver):
    """A story of two countries leads with neither; "In China," sets the spokesperson."""
    memory = DocumentMemory.of(date(2018, 4, 14), [_place("China", "CHN"),
                                                   _place("Syria", "SYR")])
    assert memory.home() is None
    text = "In China, Foreign Ministry spokesperson Hua Chunying said the strike was wrong."
    actor = resolver.resolve(subject(extractor.nlp, text), memory)
    assert actor is not None and (actor.country, actor.sector) == ("CHN", "GOV")
    # not a place its clause names for something else
    actor = resolver.resolve(subject(extractor.nlp, "A spokesperson said the strike in Syria "
                                                    "was wrong."), memory, offset=1000)
    assert actor is not None and actor.country is None
