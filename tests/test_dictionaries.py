"""PETRARCH/TABARI dictionary readers: code splitting, actors files, agents files, loading."""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

import pytest

from eventwire.knowledge.dictionaries import (
    dictionary_kind,
    read_actor_dictionary,
    read_agents_dictionary,
    split_code,
)
from eventwire.errors import DataError
from eventwire.knowledge import load_knowledge
from eventwire.knowledge.verbs import read_verbs_dictionary

SHARED = Path(os.environ.get("EVENTWIRE_SHARED")
              or Path(__file__).resolve().parents[2] / "shared")
PETR_ACTORS = SHARED / "data" / "gold" / "PETR.Validate.actors.txt"
PETR_AGENTS = SHARED / "data" / "gold" / "PETR.Validate.agents.txt"
PETR_VERBS = SHARED / "data" / "gold" / "PETR.Validate.verbs.txt"
PETR_RECORDS = SHARED / "data" / "gold" / "PETR.UnitTest.records.xml"


@pytest.mark.parametrize("code, expected", [
    ("GON", ("GON", None)),
    ("ARNGOV", ("ARN", "GOV")),
    ("ARNGOVFRM", ("ARN", "GOV")),          # only the first sector segment
    ("---GOV", (None, "GOV")),
    ("---", (None, None)),
    ("+++", (None, None)),
    ("pse", ("PSE", None)),                  # lower case in a dictionary
    ("YEMNO", ("YEM", None)),                # a trailing fragment is dropped
    ("ITHTV", ("ITH", None)),
    ("IGOEEU", ("EU", "IGO")),               # IGO + organisation, short form
    ("IGOUNODEVWBK", ("UN", "IGO")),
    ("IGOAFR", ("AFR", "IGO")),              # unknown organisation kept as written
    ("IGOCOPITP", ("ITP", "IGO")),           # sector segments skipped for the organisation
    ("IGO", (None, "IGO")),
    ("NGOARN", ("ARN", "NGO")),              # an NGO of a country
    ("NGM", (None, "NGO")),
    ("IMGMOSALQ", ("ALQ", "REB")),           # religion segment skipped
    ("ELI", (None, "ELI")),                  # a bare sector is no country
    ("ORCHOB", ("ORC", "HOB")),
    (" USAGOV ", ("USA", "GOV")),
])
def test_split_code(code, expected):
    assert split_code(code) == expected


ACTORS_TEXT = """\
<!-- a comment block
GONDOR_IN_COMMENT [XXX]
-->
# a comment line
GONDOR [GON]
+MINAS_TIRITH
+ANORIEN   # trailing comment

ARNOR_  [ARN]
LORIEN  [ELR/GAL]
GOLLUM  # dated codes follow
+STINKER
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
ENT
\t[ENT]
PRINCE OF DOL AMROTH
\t[--- <950630]
\t[DOL]
BORIS_YELTSIN_
PRESIDENT_YELTSIN
\t[RUSGOV 910710-991231]
THE_U.N. [IGOUNO]
BADDATE [AAA <1234567]
---STOP---
AFTER_STOP [ZZZ]
"""


@pytest.fixture()
def actors_file(tmp_path: Path) -> Path:
    path = tmp_path / "test.actors"
    path.write_text(ACTORS_TEXT, encoding="utf-8")
    return path


def _entries(path: Path) -> dict[str, list]:
    out: dict[str, list] = {}
    for phrase, entry in read_actor_dictionary(path):
        out.setdefault(phrase, []).append(entry)
    return out


@pytest.mark.parametrize("phrase, expected", [
    # phrase → [(name, country, sector, kind, start, end), ...] in priority order
    ("gondor", [("Gondor", "GON", None, "country", None, None)]),
    ("minas tirith", [("Gondor", "GON", None, "country", None, None)]),
    ("anorien", [("Gondor", "GON", None, "country", None, None)]),
    ("arnor", [("Arnor", "ARN", None, "country", None, None)]),
    ("lorien", [("Lorien", "ELR", None, "country", None, None),
                ("Lorien", "GAL", None, "country", None, None)]),
    ("stinker", [("Gollum", "HOB", None, "person", None, date(1995, 6, 1)),
                 ("Gollum", "HOB", "GOV", "person", date(1995, 6, 1), date(1999, 8, 15)),
                 ("Gollum", "HOB", "REB", "person", date(1999, 8, 16), None)]),
    ("ent", [("Ent", "ENT", None, "country", None, None)]),
    ("prince of dol amroth", [("Prince of Dol Amroth", None, None, "country", None,
                               date(1995, 6, 30)),
                              ("Prince of Dol Amroth", "DOL", None, "country", None, None)]),
    # consecutive phrases without a code share the codes that follow them
    ("boris yeltsin", [("Boris Yeltsin", "RUS", "GOV", "person", date(1991, 7, 10),
                        date(1999, 12, 31))]),
    ("president yeltsin", [("Boris Yeltsin", "RUS", "GOV", "person", date(1991, 7, 10),
                            date(1999, 12, 31))]),
    ("the u.n.", [("The U.N.", "UN", "IGO", "organization", None, None)]),
])
def test_read_actor_dictionary(actors_file, phrase, expected):
    got = _entries(actors_file)[phrase]
    assert [(e.name, e.country, e.sector, e.kind, e.start, e.end) for e in got] == expected


def test_actor_dictionary_skips_comments_bad_lines_and_after_stop(actors_file, caplog):
    with caplog.at_level(logging.WARNING, logger="eventwire.knowledge.dictionaries"):
        entries = _entries(actors_file)
    assert "gondor in comment" not in entries
    assert "after stop" not in entries
    assert "baddate" not in entries          # its only code line was unreadable
    assert any("7 digits" in r.getMessage() and ":25:" in r.getMessage() for r in caplog.records)


def test_actor_dictionary_dates_follow_petrarch(actors_file):
    """The first entry active on a date is the code PETRARCH would give."""
    entries = _entries(actors_file)["gollum"]

    def code_on(day: date) -> tuple[str | None, str | None]:
        e = next(e for e in entries if e.active_on(day))
        return e.country, e.sector

    assert code_on(date(1990, 1, 1)) == ("HOB", None)
    assert code_on(date(1997, 1, 1)) == ("HOB", "GOV")
    assert code_on(date(2005, 1, 1)) == ("HOB", "REB")


@pytest.mark.parametrize("text, message", [
    ("# only comments\n", "no actor entries"),
    ("PRESIDENT [~GOV]\n", "no actor entries"),
])
def test_actor_dictionary_errors(tmp_path, text, message):
    path = tmp_path / "bad.actors"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        list(read_actor_dictionary(path))


def test_missing_dictionary_names_the_path(tmp_path):
    with pytest.raises(DataError, match="nowhere.actors.*--dictionary"):
        list(read_actor_dictionary(tmp_path / "nowhere.actors"))


AGENTS_TEXT = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
PRESIDENT [~GOV]
AUTHORITY [~GOV]
BUS [~BUS]
TROOPS {} [~MIL]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
CONGRESS!PERSON! [~LEG]
FOREIGN_MINISTER [~GOVFRM]
MSF {} [NGO~]
HUMAN_RIGHTS_ORGANIZATION [  NGO~]
POLICE {} [ ~COP]
NOCODE
"""


@pytest.fixture()
def agents_file(tmp_path: Path) -> Path:
    path = tmp_path / "test.agents"
    path.write_text(AGENTS_TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("word, expected", [
    ("president", ("GOV", "person")),
    ("presidents", ("GOV", "person")),
    ("authorities", ("GOV", "organization")),
    ("buses", ("BUS", "person")),
    ("troops", ("MIL", "group")),
    ("attorney general", ("GOV", "person")),
    ("attorneys general", ("GOV", "person")),
    ("congressman", ("LEG", "person")),
    ("congresswomen", ("LEG", "person")),
    ("foreign minister", ("GOV", "person")),
    ("foreign ministers", ("GOV", "person")),
    ("msf", ("NGO", "organization")),
    ("human rights organizations", ("NGO", "organization")),
    ("police", ("COP", "group")),
])
def test_read_agents_dictionary(agents_file, word, expected):
    words = {sw.word: (sw.sector, sw.kind) for sw in read_agents_dictionary(agents_file)}
    assert words[word] == expected


def test_agents_without_plural_or_code(agents_file):
    words = {sw.word for sw in read_agents_dictionary(agents_file)}
    assert "troopses" not in words and "msfs" not in words and "polices" not in words
    assert "attorney generals" not in words
    assert "nocode" not in words
    assert "congress!person!" not in words and "congress" not in words


@pytest.mark.parametrize("text, kind", [
    ("GONDOR [GON]\n", "actors"),
    ("!PERSON! = MAN, MEN\nPRESIDENT [~GOV]\n", "agents"),
    ("# comment [~GOV]\nARNOR [ARN]\n", "actors"),
    ("MSF {} [NGO~]\n", "agents"),
    ("--- RESTORE  [064]  ---\nRESTORE\n- * TIES [064]\n", "verbs"),
    ("&TIETYPES\n+MILITARY\n\n--- ABANDON [345] ---\nABANDON\n", "verbs"),
    ("<!-- verbs -->\n- * &TIETYPES TIES [902]\n", "verbs"),
    ("---GOV [XGOV]\n", "actors"),
])
def test_dictionary_kind(tmp_path, text, kind):
    path = tmp_path / "dict.txt"
    path.write_text(text, encoding="utf-8")
    assert dictionary_kind(path) == kind


def test_load_knowledge_user_dictionaries_override_and_extend(tmp_path, actors_file,
                                                               agents_file):
    override = tmp_path / "override.actors"
    override.write_text("RUSSIA [XRU]\nMOSCOW [XRUGOV]\n", encoding="utf-8")
    base = load_knowledge()
    k = load_knowledge((str(override), str(actors_file), str(agents_file)))
    assert k.phrases["russia"][0].country == "XRU"          # user entry first
    assert k.phrases["russia"][1:] == base.phrases["russia"]  # tables kept behind it
    assert k.phrases["gondor"][0].country == "GON"
    assert k.sectors["foreign minister"].sector == "GOV"
    assert k.sectors["troops"].sector == "MIL"
    assert "gondor" not in base.phrases


@pytest.mark.parametrize("phrase, country, sector", [
    ("gondor", "GON", None),
    ("minas tirith", "GON", None),
    ("arnor", "ARN", None),
    ("osgiliath", "OSG", None),
    ("eriadorian", "ERI", None),
    ("michel delving", "SHR", "GOV"),
    ("the au", "AFR", "IGO"),
    ("interpol", "ITP", "IGO"),
    ("amnesty international", None, "NGO"),
    ("al-qaeda", "ALQ", "REB"),
])
def test_petrarch_validation_actors(phrase, country, sector):
    if not PETR_ACTORS.is_file():
        pytest.skip(f"{PETR_ACTORS} is absent")
    entries = _entries(PETR_ACTORS)
    assert (entries[phrase][-1].country, entries[phrase][-1].sector) == (country, sector)


def test_petrarch_validation_dated_actor():
    if not PETR_ACTORS.is_file():
        pytest.skip(f"{PETR_ACTORS} is absent")
    sam = _entries(PETR_ACTORS)["sam gamgee"]
    first = {day: next(e for e in sam if e.active_on(day)) for day in
             (date(2007, 1, 1), date(2010, 1, 10), date(2011, 1, 1), date(2014, 1, 1))}
    assert (first[date(2007, 1, 1)].country, first[date(2007, 1, 1)].sector) == ("HOB", "CIV")
    assert (first[date(2010, 1, 10)].country, first[date(2010, 1, 10)].sector) == ("ORC", "HOB")
    assert first[date(2011, 1, 1)].sector == "MIL"
    assert first[date(2014, 1, 1)].sector == "ELI"


@pytest.mark.parametrize("word, sector", [
    ("ambassador", "GOV"), ("ambassadors", "GOV"), ("police", "COP"), ("congressmen", "LEG"),
    ("minister of silly walks", "GOV"), ("ministries of silly walks", "GOV"),
    ("golden geese", "GGS"), ("human rights body", "NGO"), ("soldiers", "MIL"),
])
def test_petrarch_validation_agents(word, sector):
    if not PETR_AGENTS.is_file():
        pytest.skip(f"{PETR_AGENTS} is absent")
    assert dictionary_kind(PETR_AGENTS) == "agents"
    words = {sw.word: sw.sector for sw in read_agents_dictionary(PETR_AGENTS)}
    assert words[word] == sector


# ---- verbs files --------------------------------------------------------------------------------

VERBS_TEXT = """\
<!-- a test verbs file
--- NOT_A_BLOCK [190] ---
-->
# a comment line
&TIETYPES
+MILITARY
+ECONOMIC

&NEARSYN_   # defined with a final underscore, used without
+CLOSER
+&TIETYPES

--- RESTORE  [064]  ---
RESTORE    # trailing comment
MEND {MENDED MENDING MENDS} [065]
- * TIES WITH +  [064]
- SAID WOULD * TIES  [173]
- NOT * RELATIONS [112]
- * &TIETYPES_AID [0641]
- $ * + ^ PLANS_  [0256]
- * THE FULL  [xxy]
- * CARD  [---]
- * BORDERS  [903]
- * &UNDEFINED  [190]
- REPORT * BORDERS CLOSED  [190]

--- SEND [---] ---
SEND {SENT SENDING SENDS}
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF} [191]
- + *  [062]
- % * TROOPS  [174K]
- * &NEARSYN ENVOY  [032:033]

--- WIRE TAP [171] ---
WIRE_+TAP
- PLANES_*  [190]
- * FOR  [010]
- * FOR_ASYLUM  [174]
"""


@pytest.fixture(scope="module")
def cameo():
    return load_knowledge().cameo


@pytest.fixture()
def verbs_file(tmp_path: Path) -> Path:
    path = tmp_path / "test.verbs"
    path.write_text(VERBS_TEXT, encoding="utf-8")
    return path


def _senses(path: Path, cameo) -> dict[tuple[str, str | None], tuple]:
    out: dict[tuple[str, str | None], tuple] = {}
    for trig in read_verbs_dictionary(path, cameo=cameo):
        assert trig.pos == "VERB" and trig.context == ()
        out.setdefault((trig.lemma, trig.cue), (trig.cameo, trig.event_type, trig.mode))
    return out


@pytest.mark.parametrize("lemma, cue, expected", [
    ("restore", None, ("064", "COOPERATE", None)),           # the block's default code
    ("restored", None, ("064", "COOPERATE", None)),          # regular forms are generated
    ("restoring", None, ("064", "COOPERATE", None)),
    ("restores", None, ("064", "COOPERATE", None)),
    ("restore", "tie", ("064", "COOPERATE", None)),          # the fewer-word pattern of a cue
    ("restore", "not", ("112", "ACCUSE", "disapprove")),     # a negation is the cue
    ("restore", "aid", ("0641", "COOPERATE", None)),         # synset expanded; parent's type
    ("restore", "plan", ("0256", "REQUEST", "yield")),       # slots skipped, plural stripped
    ("mend", None, ("065", "COOPERATE", None)),              # its own code; the root's type
    ("mended", None, ("065", "COOPERATE", None)),            # listed forms
    ("mends", None, ("065", "COOPERATE", None)),
    ("mend", "tie", ("064", "COOPERATE", None)),             # the block's patterns apply
    ("send", None, ("062", "COOPERATE", None)),              # '- + *' where the default is null
    ("sent", None, ("062", "COOPERATE", None)),
    ("send", "troop", ("174", "COERCE", "deport")),          # 174K keeps its digits
    ("send", "envoy", ("032", "AGREE", None)),               # 032:033 is 032; nested synset
    ("cordon", "off", ("191", "COERCE", "restrict")),        # a multi-word verb
    ("cordoned", "off", ("191", "COERCE", "restrict")),
    ("cordon", "troop", ("174", "COERCE", "deport")),
    ("tap", "wire", ("171", "COERCE", "seize")),             # '+' marks the verb word
    ("tap", "plane", ("190", "ASSAULT", None)),              # a word before the verb
    ("tap", "asylum", ("174", "COERCE", "deport")),          # '_' joins; the content word wins
])
def test_read_verbs_dictionary(verbs_file, cameo, lemma, cue, expected):
    assert _senses(verbs_file, cameo)[(lemma, cue)] == expected


@pytest.mark.parametrize("lemma, cue", [
    ("restore", "full"),        # [xxy]: no digits
    ("restore", "card"),        # [---]: no event
    ("restore", "border"),      # [903]: not CAMEO, and it hides the wordier [190] pattern
    ("restore", "military"),    # not the head of MILITARY AID
    ("tap", "for"),             # [010]: statements have no PLOVER type
    ("tap", None),              # a multi-word verb is an event only with its other word
    ("cordon", None),
    ("not_a_block", None),      # inside a comment block
    ("closer", None),           # synset members are not verbs
])
def test_read_verbs_dictionary_leaves_out(verbs_file, cameo, lemma, cue):
    assert (lemma, cue) not in _senses(verbs_file, cameo)


def test_read_verbs_dictionary_warns_and_orders(verbs_file, cameo, caplog):
    with caplog.at_level(logging.WARNING, logger="eventwire.knowledge.verbs"):
        restore = [t for t in read_verbs_dictionary(verbs_file, cameo=cameo)
                   if t.lemma == "restore"]
    assert any("&UNDEFINED" in r.getMessage() and ":24:" in r.getMessage()
               for r in caplog.records)
    assert [t.cue for t in restore] == ["tie", "not", "aid", "plan", None]  # plain sense last
    assert [t.cameo for t in restore if t.cue == "tie"] == ["064"]          # one sense per cue


@pytest.mark.parametrize("pattern, cue", [
    ("- * DIPLOMATIC TIES", "tie"),          # the head of the first phrase after the verb
    ("- * TROOPS CENSORED", "troop"),        # ... not a participle after it
    ("- WILL NOT * TROOPS", "not"),          # a negation first
    ("- DID N'T * OVER EFFORTS", "not"),
    ("- * FOR_CEASEFIRE", "ceasefire"),
    ("- * NO EVIDENCE", "evidence"),         # 'no' belongs to the noun
    ("- SAID WOULD *", "would"),             # a modal when no other word is before it
    ("- * FOR", "for"),                      # a preposition only when nothing else is there
    ("- *_UPON", "upon"),
    ("- * THEIR ^ ABOUT +", "about"),        # never a pronoun
    ("- % HAVE *", "have"),                  # an auxiliary by its lemma
    ("- * POLICIES", "policy"),
    ("- * BOXES", "box"),
    ("- * NEWS", "news"),
    ("- * POSTPONED", "postpone"),           # the file has POSTPONE
    ("- * LINKED", "linked"),                # no LINK in the file: as written
])
def test_verbs_pattern_cue(tmp_path, cameo, pattern, cue):
    path = tmp_path / "one.verbs"
    path.write_text(f"--- GRANT [070] ---\nGRANT\nPOSTPONE\n{pattern} [071]\n", encoding="utf-8")
    cued = {t.cue for t in read_verbs_dictionary(path, cameo=cameo) if t.lemma == "grant"}
    assert cued == {cue, None}


@pytest.mark.parametrize("text", [
    "--- SAY [---] ---\nSAY\n- * NOTHING [---]\n",     # nothing with an event code
    "--- SAY [010] ---\nSAY\n",                          # statements have no PLOVER type
])
def test_verbs_without_senses(tmp_path, cameo, text):
    path = tmp_path / "empty.verbs"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="no verb senses"):
        list(read_verbs_dictionary(path, cameo=cameo))


def test_load_knowledge_user_triggers(verbs_file, actors_file):
    base = load_knowledge()
    assert dict(base.user_triggers) == {}
    k = load_knowledge((str(verbs_file), str(actors_file)))
    assert {t.cue for t in k.user_triggers["restore"]} == {"tie", "not", "aid", "plan", None}
    assert k.triggers == base.triggers                    # the built-in lexicon is untouched
    assert k.phrases["gondor"][0].country == "GON"        # other files still load
    assert "wire" not in k.user_triggers


@pytest.fixture(scope="module")
def petr_verbs(cameo):
    if not PETR_VERBS.is_file():
        pytest.skip(f"{PETR_VERBS} is absent")
    assert dictionary_kind(PETR_VERBS) == "verbs"
    return _senses(PETR_VERBS, cameo)


@pytest.mark.parametrize("lemma, cue, cameo_code", [
    ("restore", "tie", "064"),
    ("restore", None, "064"),
    ("restored", None, "064"),
    ("welcome", None, "041"),
    ("welcomed", None, "041"),
    ("believe", None, "023"),
    ("depart", None, "032"),
    ("cordon", "off", "1721"),
    ("tap", "wire", "1711"),
    ("warn", "about", "162"),
    ("break", "down", "1717"),
])
def test_petrarch_validation_verbs(petr_verbs, lemma, cue, cameo_code):
    assert petr_verbs[(lemma, cue)][0] == cameo_code


def test_petrarch_validation_verbs_untyped_pattern_hides_wordier_one(petr_verbs):
    assert ("withdraw", "troop") not in petr_verbs  # "* TROOPS [012]" over "... TROOPS CENSORED"
    assert petr_verbs[("withdraw", None)][0] == "192"


def test_petrarch_records_load_their_verbs():
    if not PETR_RECORDS.is_file():
        pytest.skip(f"{PETR_RECORDS} is absent")
    from eventwire.evaluate.evaluate import gold_dictionaries
    from eventwire.evaluate.gold import read_gold

    names = [Path(d).name for d in gold_dictionaries(read_gold(PETR_RECORDS))]
    assert names == ["PETR.Validate.actors.txt", "PETR.Validate.agents.txt",
                     "PETR.Validate.verbs.txt"]


def test_read_verbs_dictionary_reverse_codes(verbs_file, cameo):
    """``[032:033]``: the second code is the reverse event's, kept where it has a type."""
    found = {(t.lemma, t.cue): t.reverse for t in read_verbs_dictionary(verbs_file, cameo=cameo)}
    assert found[("send", "envoy")] == "033"
    assert found[("restore", "tie")] is None


def _extract_with(tmp_path: Path, extractor, name: str, text: str, sentence: str):
    """Events of ``sentence`` (published 2022-10-11) with one user dictionary file, sharing
    the session's model and gazetteer."""
    from eventwire import extract
    from eventwire.options import build_options
    from eventwire.pipeline import Extractor

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ex = Extractor(build_options(dictionaries=(str(path),)), nlp=extractor.nlp,
                   gazetteer=extractor.gazetteer)
    return extract(sentence, published="2022-10-11", extractor=ex)


@pytest.mark.model
def test_reverse_code_gives_the_reverse_event(tmp_path, extractor):
    """A visit made is a visit hosted: one event each way, the second with the reverse code."""
    events = _extract_with(tmp_path, extractor, "visits.verbs",
                           "--- ARRIVE  [042:043]  ---\nARRIVE\n",
                           "The Chilean president arrived in Peru on Monday.")
    got = {(e.cameo, tuple(a.country for a in e.actors), tuple(r.country for r in e.recipients))
           for e in events}
    assert ("042", ("CHL",), ("PER",)) in got
    assert ("043", ("PER",), ("CHL",)) in got


@pytest.mark.model
@pytest.mark.parametrize("published, country", [("1990-01-01", None), ("1999-08-09", "DOL")])
def test_date_bounded_codes_hold_for_any_actor(tmp_path, extractor, published, country):
    """``[--- <950630]`` then ``[DOL]``: no actor before the date, DOL after it."""
    from datetime import date

    from eventwire.pipeline.actors import ActorResolver, DocumentMemory

    path = tmp_path / "prince.actors"
    path.write_text("PRINCE OF DOL AMROTH\n\t[--- <950630]\n\t[DOL]\n", encoding="utf-8")
    resolver = ActorResolver(load_knowledge((str(path),)))
    doc = extractor.nlp("The Prince of Dol Amroth spoke.")
    actor = resolver.resolve(doc[1], DocumentMemory(date.fromisoformat(published)))
    assert actor is not None and actor.country == country


@pytest.mark.model
@pytest.mark.parametrize("sentence, code", [
    ("France and Chile agree that the dispute should go to arbitration.", "030"),
    ("France agrees that the dispute should go to arbitration.", "081"),
])
def test_compound_pattern_needs_coordinated_doers(tmp_path, extractor, sentence, code):
    """``- % * [030]``: the sense of several doers together; one doer keeps the default."""
    text = "--- AGREE  [081]  ---\nAGREE\n- % * [030:030]\n"
    (tmp_path / "read.verbs").write_text(text, encoding="utf-8")
    assert {t.cue for t in read_verbs_dictionary(tmp_path / "read.verbs")} == {None, "%"}
    events = _extract_with(tmp_path, extractor, "agree.verbs", text, sentence)
    assert [e.cameo for e in events] == [code]


def test_joint_codes(tmp_path):
    """``[FRO/BIL/SAM]``: one name, three actors at once; codes on separate lines are not."""
    path = tmp_path / "joint.actors"
    path.write_text("THE_SHIRE  [FRO/BIL/SAM]\nBREE  [BRE]\n", encoding="utf-8")
    entries = dict(read_actor_dictionary(path))
    got = [(e.country, e.joint) for p, e in read_actor_dictionary(path) if p == "the shire"]
    assert got == [("FRO", True), ("BIL", True), ("SAM", True)]
    assert entries["bree"].joint is False


@pytest.mark.model
def test_joint_codes_give_every_actor(tmp_path, extractor):
    events = _extract_with(tmp_path, extractor, "joint.actors", "THE_SHIRE  [FRO/BIL/SAM]\n",
                           "The Shire criticized Italy on Monday.")
    assert events and {a.country for a in events[0].actors} == {"FRO", "BIL", "SAM"}
