"""Events coded with user dictionaries: what an agents or verbs file changes in the records.

Each test writes its own small dictionary (real countries, sentences written for the test) and
shares the session's model and gazetteer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.pipeline.actors import ActorResolver, DocumentMemory
from eventwire.errors import UsageError
from eventwire.knowledge import load_knowledge

AGENTS = """\
OPPOSITION_GROUP [~OPP]
MAIN_OPPOSITION_GROUP [~MOP]
GOVERNMENT_NEWSPAPER [~GOVMED]
NEWSPAPER [~MED]
!MINST! = MINISTRY, MINISTRIES
!MINST!_OF_SILLY_WALKS [~GOV]
"""


def _files(tmp_path: Path, **texts: str) -> tuple[str, ...]:
    out = []
    for name, text in texts.items():
        path = tmp_path / name.replace("_", ".")
        path.write_text(text, encoding="utf-8")
        out.append(str(path))
    return tuple(out)


def _events(extractor, files: tuple[str, ...], sentence: str, dictionaries_only: bool = False):
    from eventwire import extract
    from eventwire.options import build_options
    from eventwire.pipeline import Extractor

    ex = Extractor(build_options(dictionaries=files, dictionaries_only=dictionaries_only),
                   nlp=extractor.nlp, gazetteer=extractor.gazetteer)
    return extract(sentence, published="2022-10-11", extractor=ex)


def _codings(events) -> set[tuple[str | None, str, str]]:
    """(cameo, source country/sector, target country/sector) of each actor x recipient."""
    def code(a) -> str:
        return f"{a.country or '-'}/{a.sector or '-'}" if a is not None else ""
    return {(e.cameo, code(a), code(r)) for e in events for a in e.actors or [None]
            for r in e.recipients or [None]}


# ---- agents of several words ---------------------------------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("phrase, sector", [
    ("Kenya's main opposition group", "MOP"),       # the longest agent wins
    ("Kenya's opposition group", "OPP"),
    ("the Kenyan government newspaper", "GOV"),     # [~GOVMED]: the first sector
    ("the Kenyan newspaper", "MED"),
    ("the Kenyan Ministry of Silly Walks", "GOV"),  # an "of" phrase that is part of the agent
])
def test_agents_of_several_words(tmp_path, extractor, phrase, sector):
    resolver = ActorResolver(load_knowledge(_files(tmp_path, test_agents=AGENTS)))
    doc = extractor.nlp(f"Uganda criticised {phrase} on Monday.")
    head = next(t for t in doc if t.dep_ == "dobj")
    actor = resolver.resolve(head, DocumentMemory(date(2022, 10, 11)))
    assert actor is not None and (actor.country, actor.sector) == ("KEN", sector)


def test_dictionaries_only_replaces_the_tables_of_the_kinds_given(tmp_path):
    """Agents files replace the sector words, verbs files the triggers; a kind not given
    keeps the built-in table."""
    agents = _files(tmp_path, test_agents=AGENTS)
    verbs = _files(tmp_path, test_verbs="--- SHUN [191] ---\nSHUN\n")
    assert load_knowledge(agents).sectors["crowd"].sector == "CVL"
    only = load_knowledge(agents, dictionaries_only=True)
    assert "crowd" not in only.sectors
    assert only.sectors["main opposition group"].sector == "MOP"
    assert "attack" in only.triggers
    only_verbs = load_knowledge(verbs, dictionaries_only=True)
    assert not only_verbs.triggers and "shun" in only_verbs.user_triggers
    assert only_verbs.sectors["crowd"].sector == "CVL"


def test_dictionaries_only_places_no_people_by_the_story(tmp_path):
    """PETRARCH's environment gives a party only the country its own words give: a people of
    several states ("Kurdish") is placed by the story's towns with the built-in tables only."""
    verbs = _files(tmp_path, test_verbs="--- SHUN [191] ---\nSHUN\n")
    assert load_knowledge().peoples["Kurds"] == ("IRQ", "SYR", "TUR", "IRN")
    assert load_knowledge(verbs).peoples["Kurds"] == ("IRQ", "SYR", "TUR", "IRN")
    assert dict(load_knowledge(verbs, dictionaries_only=True).peoples) == {}


def test_dictionaries_only_needs_an_agents_or_verbs_file(tmp_path):
    files = _files(tmp_path, test_actors="KENYA [KEN]\n")
    with pytest.raises(UsageError, match="no agents or verbs file"):
        load_knowledge(files, dictionaries_only=True)


@pytest.mark.model
def test_dictionaries_only_in_extraction(tmp_path, extractor):
    files = _files(tmp_path, test_agents=AGENTS)
    sentence = "Crowds in Kenya attacked the Ugandan embassy on Monday."
    default = _events(extractor, files, sentence)
    only = _events(extractor, files, sentence, dictionaries_only=True)
    assert any(a.sector == "CVL" for e in default for a in e.actors)
    assert only and not any(a.sector for e in only for a in e.actors)


@pytest.mark.model
def test_dictionaries_only_codes_only_the_verbs_file_s_verbs(tmp_path, extractor):
    """No built-in lexicon: "attacked" (not in the file) and the noun "talks" give nothing."""
    files = _files(tmp_path, test_verbs="--- SHUN [191] ---\nSHUN\n")
    sentence = "Kenya shunned Uganda and attacked Tanzania before talks with Ethiopia."
    default = {c[0] for c in _codings(_events(extractor, files, sentence))}
    only = {c[0] for c in _codings(_events(extractor, files, sentence, dictionaries_only=True))}
    assert "191" in default and len(default) > 1
    assert only == {"191"}


# ---- "former" office holders ---------------------------------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("sentence, sector", [
    ("Former Kenyan president Daniel arap Moi criticised Uganda on Monday.", "ELI"),
    ("The ousted Kenyan president criticised Uganda on Monday.", "ELI"),
    ("Former Kenyan army officers criticised Uganda on Monday.", "ELI"),
    ("The Kenyan president criticised Uganda on Monday.", "GOV"),
    ("Former Kenyan rebels criticised Uganda on Monday.", "REB"),  # no office
])
def test_former_office_holders_are_elites(extractor, sentence, sector):
    from eventwire import extract

    events = extract(sentence, published="2022-10-11", extractor=extractor)
    assert events and [a.sector for a in events[0].actors] == [sector]


@pytest.mark.model
def test_former_through_a_preposition_is_not_the_head_s(extractor):
    """"supporters of former president X" are no former anything."""
    resolver = ActorResolver(load_knowledge())
    doc = extractor.nlp("Supporters of the former Kenyan president criticised Uganda.")
    actor = resolver.resolve(doc[0], DocumentMemory(date(2022, 10, 11)))
    assert actor is None or actor.sector != "ELI"
    assert resolver.resolve(doc[5], DocumentMemory(date(2022, 10, 11))).sector == "ELI"


# ---- reporting verbs a verbs file codes ----------------------------------------------------------

SAY = "--- SAID  [023]  ---\nSAID\n--- RESTORE [064] ---\nRESTORE\n"


@pytest.mark.model
def test_reporting_verb_coded_by_a_verbs_file(tmp_path, extractor):
    """A verbs file that codes SAID makes the statement an event aimed at the parties of what
    follows it; what it reports is still an event of its own."""
    files = _files(tmp_path, say_verbs=SAY)
    sentence = "The Kenyan foreign minister said Uganda had restored ties with Tanzania."
    got = _codings(_events(extractor, files, sentence))
    assert ("023", "KEN/GOV", "UGA/-") in got
    assert ("064", "UGA/-", "TZA/-") in got
    assert not any(c[0] == "023" for c in _codings(_events(extractor, (), sentence)))


@pytest.mark.model
def test_reporting_verb_after_its_content_has_no_recipient(tmp_path, extractor):
    """", a senior official said": an aside; the content's parties are not its recipients."""
    files = _files(tmp_path, say_verbs=SAY)
    sentence = "Uganda restored ties with Tanzania on Monday, a senior Kenyan official said."
    got = _codings(_events(extractor, files, sentence))
    assert ("023", "KEN/GOV", "") in got
    assert ("064", "UGA/-", "TZA/-") in got


# ---- a verbs file's code stands for announced acts -----------------------------------------------

@pytest.mark.model
def test_verbs_file_code_stands_for_announced_acts(tmp_path, extractor):
    """Built in, "will send aid" is a commitment (AGREE, 033); with a verbs file that codes
    SEND, the verb's event keeps the file's code, with the modality "future" (the noun "aid",
    which the file does not name, is still a commitment of the built-in lexicon)."""
    sentence = "Kenya will send humanitarian aid to Uganda next week."
    built_in = _events(extractor, (), sentence)
    assert [(e.event_type, e.cameo) for e in built_in] == [("AGREE", "033")]
    files = _files(tmp_path, give_verbs="--- SEND [071] ---\nSEND\n")
    coded = _events(extractor, files, sentence)
    by_trigger = {e.evidence.trigger: (e.event_type, e.cameo, e.modality) for e in coded}
    assert by_trigger["send"] == ("AID", "071", "future")


# ---- where a pattern's word stands ---------------------------------------------------------------

OPPOSE = "--- OPPOSE  [112] ---\nOPPOSE\n- $ BACK + IN *  [042]\n- * TALKS [111]\n"


def test_a_pattern_word_before_the_verb_is_marked(tmp_path):
    from eventwire.knowledge.verbs import read_verbs_dictionary

    senses = {(t.cue, t.cue_before) for t in read_verbs_dictionary(
        Path(_files(tmp_path, oppose_verbs=OPPOSE)[0])) if t.lemma == "oppose"}
    assert senses == {(None, False), ("in", True), ("talk", False)}


@pytest.mark.model
def test_a_pattern_word_before_the_verb_must_precede_it(tmp_path, extractor):
    """``$ BACK + IN *``: "in" after "opposed" is not the pattern's "in"."""
    files = _files(tmp_path, oppose_verbs=OPPOSE)
    events = _events(extractor, files, "Uganda was opposed by Kenya in the vote on Monday.")
    assert ("112", "KEN/-", "UGA/-") in _codings(events)
    assert not any(c[0] == "042" for c in _codings(events))


ADMIT = ("--- ADMIT [080] ---\nADMIT\n- * REALLY_GRIM [024]\n- * SO_GRIM [024]\n"
         "- * THE_WORST_PLACE [027]\n")


@pytest.mark.model
@pytest.mark.parametrize("sentence, code", [
    ("Kenya admitted that Uganda was a really grim place.", "024"),
    ("Kenya admitted that Uganda was so grim.", "024"),          # another pattern, one code
    ("Kenya admitted that Uganda was the worst place.", "027"),
    ("Kenya admitted that Uganda was a really cold and grim place.", "080"),  # words apart
    ("Kenya admitted that Uganda was the worse place.", "080"),
])
def test_a_pattern_s_words_in_the_clause_the_verb_governs(tmp_path, extractor, sentence, code):
    """``* REALLY_GRIM``: the pattern's words, together and in order, in the verb's clause."""
    files = _files(tmp_path, admit_verbs=ADMIT)
    events = _events(extractor, files, sentence)
    assert [e.cameo for e in events if e.evidence.trigger == "admitted"] == [code]


@pytest.mark.model
@pytest.mark.parametrize("verbs, sentence, code", [
    # the words right beside the verb, whatever the parse ("wire" read as the object of "from")
    ("--- SEIZE [1711] ---\nWIRE_+TAP {WIRE_+TAPPED WIRE_+TAPPING}\n",
     "Soldiers from Kenya wire tapped the phone lines of Uganda.", "1711"),
    # a determiner of the subject ("NEITHER *")
    ("--- SHUN [191] ---\nSHUN\n- NEITHER * [081]\n",
     "Neither Kenya nor Tanzania shunned Uganda on Monday.", "081"),
    # the most specific pattern first: the multi-word verb's own word and a longer pattern
    ("--- EXCLUDE [1721] ---\n+SEAL_OFF {+SEALED_OFF}\n- * FOR REPAIRS [071]\n",
     "Kenyan soldiers sealed off for repairs the roads into Uganda.", "071"),
])
def test_pattern_words_a_parse_may_hide(tmp_path, extractor, verbs, sentence, code):
    files = _files(tmp_path, test_verbs=verbs)
    assert code in {c[0] for c in _codings(_events(extractor, files, sentence))}


@pytest.mark.model
def test_a_pattern_with_the_target_before_the_verb_swaps_the_roles(tmp_path, extractor):
    """``+ * MONEY $``: "X received money from Y" is Y's act towards X."""
    files = _files(tmp_path, get_verbs="--- RECEIVE [033] ---\nRECEIVE\n- + * MONEY $ [071]\n")
    got = _codings(_events(extractor, files, "Uganda received money from Kenya on Monday."))
    assert ("071", "KEN/-", "UGA/-") in got


# ---- a pattern's target slot --------------------------------------------------------------------

@pytest.mark.model
def test_a_pattern_names_the_target_s_preposition(tmp_path, extractor):
    """``- * THEIR ^ ABOUT + [162]``: "warned its citizens about X" is aimed at X, also when
    the parser hangs "about" on the object."""
    files = _files(tmp_path, warn_verbs="--- WARN [160] ---\nWARN\n- * THEIR ^ ABOUT + [162]\n")
    events = _events(extractor, files, "Kenya warned its citizens about Uganda on Monday.")
    assert ("162", "KEN/-", "UGA/-") in _codings(events)


# ---- countries the parser did not coordinate ----------------------------------------------------

@pytest.mark.model
def test_lawmakers_in_two_countries_the_parser_split(tmp_path, extractor):
    """"Lawmakers in Sylvania and Borduria" parsed as "lawmakers in Sylvania" and "Borduria":
    the lawmakers of each country, not Borduria itself."""
    files = _files(tmp_path, test_actors="SYLVANIA [SYL]\nBORDURIA [BOR]\nGUILDER [GUI]\n")
    sentence = "Lawmakers in Sylvania and Borduria criticised Guilder."
    doc = extractor.nlp(sentence)
    assert doc[4].dep_ == "conj" and doc[4].head.i == 0  # the parse this test is about
    got = _codings(_events(extractor, files, sentence))
    assert {c[1] for c in got} == {"SYL/LEG", "BOR/LEG"}


# ---- reverse events -----------------------------------------------------------------------------

@pytest.mark.model
def test_a_reverse_event_of_the_same_code_is_kept(tmp_path, extractor):
    """``MEET [031:031]``: a meeting from each side, two events, not merged into one."""
    files = _files(tmp_path, meet_verbs="--- MEET  [031:031]  ---\nMEET\n")
    events = _events(extractor, files, "The Kenyan president will meet Ugandan leaders.")
    assert {("031", "KEN/GOV", "UGA/GOV"), ("031", "UGA/GOV", "KEN/GOV")} <= _codings(events)


@pytest.mark.model
def test_an_organisation_takes_its_modifier_s_sector(tmp_path, extractor):
    """With only the agents file's words, "the official news agency" is GOV by "official"."""
    files = _files(tmp_path, test_agents="OFFICIAL [~GOV]\n",
                   say_verbs="--- SAID  [023]  ---\nSAID\n")
    events = _events(extractor, files, "Kenya will cope, the official news agency said.",
                     dictionaries_only=True)
    assert ("023", "-/GOV", "") in _codings(events)


# ---- names with "of" -----------------------------------------------------------------------------

@pytest.mark.model
def test_a_name_with_of_is_one_actor(tmp_path, extractor):
    files = _files(tmp_path, royal_actors="EARL_OF_MARCHMONT [GBR]\n")
    events = _events(extractor, files, "Kenya warned the Earl of Marchmont on Monday.")
    assert events and [r.country for r in events[0].recipients] == ["GBR"]
