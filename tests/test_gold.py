"""Gold-set readers: the seed format, PLOVER gold standard records, PETRARCH unit tests."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import DataError
from eventwire.evaluate.gold import (
    V05_TYPES,
    gold_kind,
    read_gold,
    read_petrarch_records,
    read_plover_gsr,
    read_seed_gold,
)
from eventwire.records import EVENT_TYPES, Size

SHARED = Path(os.environ.get("EVENTWIRE_SHARED")
              or Path(__file__).resolve().parents[2] / "shared")
SEED = SHARED / "seed" / "gold.json"
GSR = SHARED / "data" / "gold" / "PLOVER_GSR_CAMEO.json"
PETR = SHARED / "data" / "gold" / "PETR.UnitTest.records.xml"


def _need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path


# ---- small hand-written files -------------------------------------------------------------------

SEED_JSON = {
    "doc": {"doc_id": "a1", "file": "a1.txt", "published": "2022-10-11"},
    "events": [
        {"id": "E1", "required": True, "types": ["CONSULT", "AGREE"], "symmetric": True,
         "parties": ["RUS", "TUR"], "sectors": {"TUR": "GOV", "RUS": "GOV"},
         "dates": ["2022-10-13"], "modality": ["future"],
         "location": {"country": "KAZ", "name": "Astana"}, "attribution_country": "RUS"},
        {"id": "E2", "required": True, "types": ["ASSAULT"], "symmetric": False,
         "actors": ["RUS"], "recipients": ["UKR"], "size": {"dead": 19, "injured": 100},
         "mode": ["aerial"]},
        {"id": "O1", "required": False, "types": ["SUPPORT"], "recipients": ["TUR"]},
    ],
    "forbidden_evidence": ["Also read"],
}

GSR_JSON = [
    {"id": "X-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "docs"},
    {"id": "X-DEMAND-0001", "event": "DEMAND", "text": "Greece  demanded\n that the EU act.",
     "source": [{"actorText": "Greece", "code": "GRC"}],
     "target": [{"actorText": "EU", "code": "IGO"}], "textInfo": {"markup": "(SRC: Greece)"}},
    {"id": "X-AGREE-0001", "event": "AGREE", "text": "Hungarian and Romanian officials agreed.",
     "source": [{"actorText": "Hungarian", "code": "HUN", "sector": "GOV"},
                {"actorText": "Romanian", "code": "ROU", "sector": "GOV"}],
     "target": "", "textInfo": {"markup": "(SRC/TAR: Hungarian) (SRC/TAR: Romanian)"}},
    {"id": "X-FIGHT-0001", "event": "FIGHT", "text": "Japanese troops killed 3 in Tokyo.",
     "source": [{"actorText": "Japanese troops", "code": "JAP", "sector": "MILsrp"}],
     "target": [{"actorText": "civilians", "code": "XX1", "sector": "***"}],
     "eventLoc": {"name": "Tokyo", "country code": "JP"}, "dead": "3", "injured": None},
    {"id": "X-INVESTIGATE-0001", "event": "INVESTIGATE", "text": "Italy probed a US national.",
     "source": [{"actorText": "Italy", "code": "ITL"}],
     "target": [{"actorText": "US national", "code": "USA", "sector": "CIV"}]},
]

PETR_XML = """<Validation>
<Environment>
    <Actorfile>v.actors.txt</Actorfile>
    <Agentfile>v.agents.txt</Agentfile>
</Environment>
<Sentences>
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<!-- a comment -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="---GOV" targetcode="---" eventcode="023"></EventCoding>
<Text>
Arnor is about to restore full diplomatic ties
with Gondor.
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
<Sentence date="19950102" id="NONE-01" category="DEMO" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happened.</Text>
</Sentence>
<Sentence date="19950103" id="ERR-01" category="ERROR" sentence="true">
<EventCoding error="dateline"></EventCoding>
<Text>CEBU CITY: -- a dateline.</Text>
</Sentence>
<Sentence date="19950104" id="Q-01" category="ACTOR" sentence="true">
<EventCoding sourcecode='"SOME TEXT"' targetcode="GON" eventcode="032"></EventCoding>
<EventCoding sourcecode="HOB" targetcode="GON" eventcode="174K"></EventCoding>
<EventCoding sourcecode="IGOEEU" targetcode="PHLGOVFRM" eventcode="030"></EventCoding>
<Text>Someone met Gondor.</Text>
</Sentence>
</Sentences>
</Validation>
"""


@pytest.fixture()
def seed_file(tmp_path: Path) -> Path:
    (tmp_path / "a1.txt").write_text("Putin will meet Erdogan.\n", encoding="utf-8")
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(SEED_JSON), encoding="utf-8")
    return path


@pytest.fixture()
def gsr_file(tmp_path: Path) -> Path:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(GSR_JSON), encoding="utf-8")
    return path


@pytest.fixture()
def petr_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.xml"
    path.write_text(PETR_XML, encoding="utf-8")
    (tmp_path / "v.actors.txt").write_text("ARNOR [ARN]\n", encoding="utf-8")
    return path


def test_read_seed_gold(seed_file):
    gold = read_seed_gold(seed_file)
    assert (gold.kind, gold.name, len(gold.docs), gold.n_events) == ("seed", "seed", 1, 3)
    assert gold.sha256 == hashlib.sha256(seed_file.read_bytes()).hexdigest()
    doc = gold.docs[0]
    assert (doc.doc_id, doc.published, doc.text) == ("a1", date(2022, 10, 11),
                                                     "Putin will meet Erdogan.\n")
    assert doc.forbidden_evidence == ("Also read",)
    e1, e2, o1 = doc.events
    assert e1.symmetric and [a.country for a in e1.actors] == ["RUS", "TUR"]
    assert e1.recipients == () and e1.types == ("CONSULT", "AGREE")
    assert e1.sectors == (("RUS", "GOV"), ("TUR", "GOV"))
    assert (e1.location.name, e1.location.country) == ("Astana", "KAZ")
    assert e1.dates == ("2022-10-13",) and e1.modalities == ("future",)
    assert e1.attribution_country == "RUS"
    assert [a.country for a in e2.actors] == ["RUS"]
    assert [a.country for a in e2.recipients] == ["UKR"]
    assert e2.size == Size(dead=19, injured=100) and e2.modes == ("aerial",)
    assert not o1.required and [a.country for a in o1.recipients] == ["TUR"]


def test_read_plover_gsr(gsr_file):
    gold = read_plover_gsr(gsr_file)
    assert gold.kind == "plover" and len(gold.docs) == 4        # DOCUMENT record dropped
    by_id = {d.doc_id: d for d in gold.docs}
    demand = by_id["X-DEMAND-0001"]
    assert demand.text == "Greece demanded that the EU act."      # whitespace normalised
    ev = demand.events[0]
    assert (ev.types, ev.label, ev.symmetric) == (("REQUEST",), "DEMAND", False)
    assert [(a.country, a.klass) for a in ev.recipients] == [(None, "IGO")]
    agree = by_id["X-AGREE-0001"].events[0]
    assert agree.symmetric and [a.country for a in agree.actors] == ["HUN", "ROU"]
    assert [a.sector for a in agree.actors] == ["GOV", "GOV"]
    fight = by_id["X-FIGHT-0001"].events[0]
    assert fight.types == ("ASSAULT",)
    assert [(a.country, a.sector) for a in fight.actors] == [("JPN", "MIL")]   # JAP, MILsrp
    assert fight.recipients == ()                                # XX1 is not a code
    assert fight.location.name == "Tokyo" and fight.size == Size(dead=3)
    inv = by_id["X-INVESTIGATE-0001"].events[0]
    assert inv.types == ("ACCUSE",)
    assert [a.country for a in inv.actors] == ["ITA"]
    assert [(a.country, a.sector) for a in inv.recipients] == [("USA", "CVL")]


def test_read_petrarch_records(petr_file):
    gold = read_petrarch_records(petr_file)
    assert gold.kind == "petrarch" and len(gold.docs) == 4
    assert gold.dictionaries == (str(petr_file.parent / "v.actors.txt"),)   # agents absent
    demo, none, err, quoted = gold.docs
    assert demo.published == date(1995, 1, 1)
    assert demo.text == "Arnor is about to restore full diplomatic ties with Gondor."
    c1, c2 = demo.events
    assert (c1.cameo, c1.actors[0].country, c1.recipients[0].country) == ("064", "ARN", "GON")
    assert (c2.actors[0].country, c2.actors[0].sector) == (None, "GOV")
    assert (c2.recipients[0].country, c2.recipients[0].sector) == (None, None)
    assert none.no_events and none.events == ()
    assert not err.no_events and err.events == () and "dateline" in err.skipped[0]
    assert len(quoted.events) == 1 and len(quoted.skipped) == 2
    only = quoted.events[0]
    assert (only.actors[0].country, only.actors[0].sector) == ("EU", "IGO")
    assert (only.recipients[0].country, only.recipients[0].sector) == ("PHL", "GOV")


def test_gold_kind_by_content(seed_file, gsr_file, petr_file, tmp_path):
    renamed = tmp_path / "records.json"          # the name does not decide
    renamed.write_bytes(petr_file.read_bytes())
    assert [gold_kind(p) for p in (seed_file, gsr_file, petr_file, renamed)] == \
        ["seed", "plover", "petrarch", "petrarch"]
    assert read_gold(gsr_file).kind == "plover"


@pytest.mark.parametrize("content, message", [
    ("hello", "not a gold set"),
    ("[1, 2", "not a gold set"),
    ('[{"id": "A", "event": "DANCE", "text": "x", "eventText": "y"}]', "unknown PLOVER label"),
    ('[{"id": "A", "event": "AGREE", "eventText": "y"}]', "no PLOVER records"),
    ("<Validation><Sentences></Sentences></Validation>", "no <Sentence>"),
    ("<Validation><Sentences><Sentence>", "not well-formed"),
])
def test_gold_errors(tmp_path, content, message):
    path = tmp_path / "gold.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_gold(path)


def test_seed_without_its_article(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(SEED_JSON), encoding="utf-8")
    with pytest.raises(DataError, match="a1.txt"):
        read_gold(path)


def test_missing_gold_file(tmp_path):
    with pytest.raises(DataError, match="missing.json"):
        read_gold(tmp_path / "missing.json")


@pytest.mark.parametrize("label, expected", [
    ("DEMAND", "REQUEST"), ("DISAPPROVE", "ACCUSE"), ("FIGHT", "ASSAULT"),
    ("INVESTIGATE", "ACCUSE"), ("AGREE", "AGREE"), ("ASSAULT", "ASSAULT"), ("COERCE", "COERCE"),
])
def test_v05_labels(label, expected):
    assert V05_TYPES[label] == expected
    assert set(V05_TYPES.values()) <= set(EVENT_TYPES)


# ---- the real gold sets, where present ----------------------------------------------------------


def test_real_seed_gold():
    gold = read_gold(_need(SEED))
    assert gold.kind == "seed" and len(gold.docs) == 1
    events = gold.docs[0].events
    assert sum(e.required for e in events) == 8 and len(events) == 14
    assert gold.docs[0].published == date(2022, 10, 11)
    assert "Also read" in gold.docs[0].forbidden_evidence


def test_real_plover_gsr():
    gold = read_gold(_need(GSR))
    assert gold.kind == "plover" and len(gold.docs) == 322
    raw = Counter(r["event"] for r in json.loads(GSR.read_text(encoding="utf-8"))
                  if r.get("text"))
    got = Counter(d.events[0].types[0] for d in gold.docs)
    assert got["REQUEST"] == raw["DEMAND"]
    assert got["ACCUSE"] == raw["DISAPPROVE"] + raw["INVESTIGATE"]
    assert got["ASSAULT"] == raw["FIGHT"] + raw["ASSAULT"]
    assert set(got) <= set(EVENT_TYPES)
    codes = {a.country for d in gold.docs for e in d.events for a in e.actors + e.recipients}
    assert "JAP" not in codes and "JPN" in codes


def test_real_petrarch_records():
    gold = read_gold(_need(PETR))
    assert gold.kind == "petrarch" and len(gold.docs) == 284
    assert [Path(d).name for d in gold.dictionaries] == ["PETR.Validate.actors.txt",
                                                         "PETR.Validate.agents.txt"]
    codings = PETR.read_text(encoding="utf-8").count("<EventCoding")
    scored = gold.n_events
    skipped = sum(len(d.skipped) for d in gold.docs)
    noevents = sum(d.no_events for d in gold.docs)
    assert scored + skipped + noevents == codings
    assert scored > 340 and noevents == 19
