"""Scoring: canned predictions against hand-built gold sets, then the evaluation gate."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from types import SimpleNamespace

import eval_gate  # tests/eval_gate.py: tests/ is on sys.path under pytest
import pytest

from eventwire.evaluate.evaluate import (
    NONE,
    Evaluation,
    actor_matches,
    evaluate,
    render_text,
    reports_as_dict,
)
from eventwire.evaluate.gold import GoldActor, GoldDoc, GoldEvent, GoldLocation, GoldSet
from eventwire.records import (
    Actor,
    Article,
    DocResult,
    Document,
    Event,
    EventDate,
    Evidence,
    Place,
    Size,
)


def actor(country: str | None, sector: str | None = None, kind: str = "country") -> Actor:
    return Actor(text=country or "someone", name=country, country=country, sector=sector,
                 kind=kind)  # type: ignore[arg-type]


def event(event_type: str, actors=(), recipients=(), *, cameo: str | None = None,
          confidence: float = 0.8, date_value: str | None = None, modality: str = "asserted",
          location: Place | None = None, size: Size | None = None,
          attribution: Actor | None = None,
          sentence: str = "A sentence.", mode: str | None = None) -> Event:
    return Event(event_id="e", doc_id="d", event_type=event_type, mode=mode, context=(),
                 modality=modality, cameo=cameo, quad_class=None,  # type: ignore[arg-type]
                 actors=tuple(actors), recipients=tuple(recipients),
                 date=EventDate(date_value, "day" if date_value else "none"),
                 location=location, size=size or Size(), attribution=attribution,
                 evidence=Evidence(sentence, 0, 0, len(sentence), None), confidence=confidence)


def place(name: str, country: str, text: str | None = None) -> Place:
    return Place(text or name, 0, len(name), name, country, None, None, None, None, "city")


class CannedExtractor:
    """Gives the events listed per doc_id; records which articles it was asked about."""

    def __init__(self, events: dict[str, list[Event]], cameo: dict[str, str] | None = None):
        self.events = events
        self.asked: list[Article] = []
        self.options = SimpleNamespace(dictionaries=(), dictionaries_only=False)
        self.knowledge = SimpleNamespace(cameo={c: SimpleNamespace(event_type=t)
                                                for c, t in (cameo or {}).items()})

    def run(self, articles: Iterable[Article]) -> Iterator[DocResult]:
        for a in articles:
            self.asked.append(a)
            doc = Document(a.doc_id, a.text, ((0, len(a.text)),), published=a.published)
            yield DocResult(doc, tuple(self.events.get(a.doc_id, [])), ())


def gset(kind: str, docs: list[GoldDoc]) -> GoldSet:
    return GoldSet(name=kind, kind=kind, path=f"/gold/{kind}", sha256="0" * 64,  # type: ignore
                   docs=tuple(docs))


def ga(code: str, sector: str | None = None, klass: str | None = None) -> GoldActor:
    return GoldActor(code=code, country=None if klass else code, sector=sector, klass=klass)


@pytest.mark.parametrize("gold, got, expected", [
    ("Herat", "Herat", True),
    ("province of Herat", "Herat", True),
    ("Gorazde", "Bosnian town of Gorazde", True),
    ("Bosnia", "Bosnia and Herzegovina", True),
    ("Iran", "Tehran", False),          # whole words only
    ("Geneva", None, False),
])
def test_same_place(gold, got, expected):
    from eventwire.evaluate.evaluate import _same_place

    assert _same_place(gold, got) is expected


@pytest.mark.parametrize("gold, predicted, expected", [
    (ga("RUS"), actor("RUS", "GOV"), True),
    (ga("RUS"), actor("UKR"), False),
    (ga("IGO", klass="IGO"), actor("UN", "IGO", "organization"), True),
    (ga("IGO", klass="IGO"), actor("USA", "GOV"), False),
    (ga("NGO", klass="NGO"), actor(None, "NGO", "organization"), True),
    (GoldActor("---", None), actor(None), False),   # a null gold code is matched by no actor
    (ga("IGO", klass="IGO"), actor("ICRC", "GOV", "organization"), True),   # a member's code
    (ga("NGO", klass="NGO"), actor("ICRC", "GOV", "organization"), False),
])
def test_actor_matches(gold, predicted, expected):
    members = {"IGO": frozenset({"UN", "ICRC"}), "NGO": frozenset({"MSF"})}
    assert actor_matches(gold, predicted, members) is expected


# ---- PLOVER records -----------------------------------------------------------------------------


def plover_doc(doc_id: str, etype: str, sources, targets=(), *, symmetric=False, location=None,
               size=None) -> GoldDoc:
    ev = GoldEvent(gold_id=doc_id, types=(etype,), actors=tuple(sources),
                   recipients=tuple(targets), symmetric=symmetric, label=etype,
                   location=location, size=size)
    return GoldDoc(doc_id=doc_id, text=f"text of {doc_id}", published=None, events=(ev,))


@pytest.fixture()
def plover_report() -> Evaluation:
    docs = [
        plover_doc("r1", "AGREE", [ga("USA")], [ga("JOR")]),
        plover_doc("r2", "AGREE", [ga("HUN", "GOV"), ga("ROU", "GOV")], symmetric=True),
        plover_doc("r3", "ASSAULT", [ga("RUS", "MIL")], [ga("AFG", "CVL")],
                   location=GoldLocation("province of Herat"), size=Size(dead=46)),
        plover_doc("r4", "REQUEST", [ga("GRC")], [ga("IGO", klass="IGO")]),
        plover_doc("r5", "PROTEST", [ga("SRB", "CVL")]),
    ]
    canned = {
        # found, right actors; a second event of another type does not count against it
        "r1": [event("AGREE", [actor("USA")], [actor("JOR")], confidence=0.6),
               event("COOPERATE", [actor("USA")], [actor("JOR")], confidence=0.9)],
        # reciprocal: either role counts; one sector wrong
        "r2": [event("AGREE", [actor("ROU", "GOV")], [actor("HUN", "OPP")])],
        # found; target country wrong; location and deaths right
        "r3": [event("ASSAULT", [actor("RUS", "MIL")], [actor("PAK", "CVL")],
                     location=place("Herat", "AFG"), size=Size(dead=46))],
        # wrong type: the most confident prediction is the false positive
        "r4": [event("ACCUSE", [actor("GRC")], [actor("EU", "IGO")], confidence=0.7),
               event("THREATEN", [actor("GRC")], [actor("EU", "IGO")], confidence=0.4)],
        # nothing predicted
    }
    return evaluate(gset("plover", docs), CannedExtractor(canned))  # type: ignore[arg-type]


def test_plover_types(plover_report):
    scores = {t.event_type: (t.tp, t.fp, t.fn) for t in plover_report.types}
    assert scores == {"AGREE": (2, 0, 0), "REQUEST": (0, 0, 1), "ACCUSE": (0, 1, 0),
                      "PROTEST": (0, 0, 1), "ASSAULT": (1, 0, 0)}
    # macro over the gold types (AGREE 1, ASSAULT 1, REQUEST 0, PROTEST 0)
    assert plover_report.macro_f1 == pytest.approx(0.5)
    assert plover_report.micro_f1 == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))
    assert set(plover_report.confusion) == {("AGREE", "AGREE", 2), ("ASSAULT", "ASSAULT", 1),
                                            ("REQUEST", "ACCUSE", 1), ("PROTEST", NONE, 1)}
    assert plover_report.predicted_events == 6


@pytest.mark.parametrize("name, expected", [
    ("source_country", (4, 4)),     # USA, HUN, ROU, RUS (found events only)
    ("target_country", (1, 2)),     # JOR right, AFG wrong
    ("sector", (2, 3)),             # ROU GOV, RUS MIL right; HUN GOV wrong
    ("location", (1, 1)),
    ("size_dead", (1, 1)),
    ("size_injured", (0, 0)),
    ("type_top1", (2, 5)),          # r1's most confident is COOPERATE
])
def test_plover_figures(plover_report, name, expected):
    ratio = dict(plover_report.figures)[name]
    assert (ratio.correct, ratio.total) == expected


def test_plover_failures(plover_report):
    kinds = sorted(f.kind for f in plover_report.failures)
    assert kinds == ["missed", "sector", "target-country", "wrong-type"]
    wrong = next(f for f in plover_report.failures if f.kind == "wrong-type")
    assert wrong.doc_id == "r4" and wrong.got.startswith("ACCUSE")


def test_headline_and_rendering(plover_report):
    head = plover_report.headline()
    assert head == {"macro_f1": pytest.approx(0.5), "source_country": 1.0,
                    "target_country": 0.5, "sector": pytest.approx(2 / 3)}
    data = reports_as_dict([plover_report])
    assert json.loads(json.dumps(data))["reports"][0]["headline"]["target_country"] == 0.5
    assert data["reports"][0]["failure_counts"] == {"missed": 1, "sector": 1,
                                                    "target-country": 1, "wrong-type": 1}
    text = render_text([plover_report])
    assert "macro-F1 0.500" in text and "REQUEST" in text and "target-country (1)" in text


# ---- PETRARCH codings ---------------------------------------------------------------------------


def coding(doc_id: str, k: int, src: GoldActor, tgt: GoldActor, code: str) -> GoldEvent:
    return GoldEvent(gold_id=f"{doc_id}#{k}", types=(), actors=(src,), recipients=(tgt,),
                     label=code, cameo=code, what=f"{src.code}>{tgt.code}:{code}")


NULL = GoldActor("---", None)


@pytest.fixture()
def petr_report() -> tuple[Evaluation, CannedExtractor]:
    docs = [
        GoldDoc("s1", "Arnor will restore ties with Gondor.", date(1995, 1, 1),
                (coding("s1", 1, ga("ARN"), ga("GON"), "064"),)),
        GoldDoc("s2", "Arnor's foreign minister urged Eriador.", date(1995, 1, 1),
                (coding("s2", 1, GoldActor("ARNGOVFRM", "ARN", "GOV"), ga("ERI"), "102"),)),
        GoldDoc("s3", "Fornost and Gondor welcomed ties.", date(1995, 1, 1),
                (coding("s3", 1, ga("FOR"), ga("GON"), "041"),
                 coding("s3", 2, ga("GON"), ga("FOR"), "041"),
                 coding("s3", 3, GoldActor("---GOV", None, "GOV"), NULL, "023"))),
        GoldDoc("s4", "Nothing happened.", date(1995, 1, 1), (), no_events=True),
        GoldDoc("s5", "Another quiet day.", date(1995, 1, 1), (), no_events=True),
        GoldDoc("s6", "CEBU CITY: -- a dateline.", None, (), skipped=("tests errors",)),
    ]
    canned = {
        "s1": [event("COOPERATE", [actor("ARN")], [actor("GON")], cameo="064")],
        # right root, source sector missing
        "s2": [event("REQUEST", [actor("ARN")], [actor("ERI")], cameo="102")],
        # reciprocal event: both orders; the statement coding is not produced
        "s3": [event("CONSULT", [actor("FOR"), actor("GON")], [], cameo="041")],
        "s5": [event("ASSAULT", [actor("ARN")], [actor("GON")], cameo="190")],
    }
    ex = CannedExtractor(canned, cameo={"064": "COOPERATE", "10": "REQUEST", "04": "CONSULT",
                                        "02": "REQUEST"})
    return evaluate(gset("petrarch", docs), ex), ex  # type: ignore[arg-type]


@pytest.mark.parametrize("name, expected", [
    ("codings", (3, 5)),                # s1, s3#1, s3#2
    ("root_code", (4, 5)),              # 023 has no 02 prediction
    ("source", (3, 5)),                 # s2 source lacks GOV
    ("target", (4, 5)),
    ("codings_country_only", (4, 5)),
    ("dyad", (3, 5)),                   # s1, s3#1, s3#2 (s2's source lacks its sector)
    ("no_event_clean", (1, 2)),
    ("coding_precision", (3, 4)),       # s1 1/1, s2 0/1, s3 2/2
])
def test_petrarch_figures(petr_report, name, expected):
    report, _ = petr_report
    ratio = dict(report.figures)[name]
    assert (ratio.correct, ratio.total) == expected


def test_petrarch_types_and_skips(petr_report):
    report, ex = petr_report
    assert [a.doc_id for a in ex.asked] == ["s1", "s2", "s3", "s4", "s5"]   # s6 not run
    assert ex.asked[0].published == date(1995, 1, 1)
    scores = {t.event_type: (t.tp, t.fp, t.fn) for t in report.types}
    # s3: gold CONSULT (041 via 04) and REQUEST (023 via 02); predicted CONSULT only
    assert scores["CONSULT"] == (1, 0, 0)
    assert scores["REQUEST"] == (1, 0, 1)
    assert scores["ASSAULT"] == (0, 1, 0)      # on a no-event sentence
    assert report.skipped == ("s6: tests errors",)
    kinds = sorted(f.kind for f in report.failures)
    assert kinds == ["false-event", "source-actor", "wrong-code"]


# ---- seed ---------------------------------------------------------------------------------------


@pytest.fixture()
def seed_report() -> Evaluation:
    e1 = GoldEvent("E1", ("CONSULT", "AGREE"), actors=(ga("RUS"), ga("TUR")), symmetric=True,
                   dates=("2022-10-13",), modalities=("future",),
                   location=GoldLocation("Astana", "KAZ"),
                   sectors=(("RUS", "GOV"), ("TUR", "GOV")), attribution_country="RUS")
    e2 = GoldEvent("E2", ("ASSAULT",), actors=(ga("RUS"),), recipients=(ga("UKR"),),
                   size=Size(dead=19, injured=100))
    e3 = GoldEvent("E3", ("REQUEST",), actors=(ga("TUR"),), recipients=(ga("RUS"), ga("UKR")))
    o1 = GoldEvent("O1", ("SUPPORT",), recipients=(ga("TUR"),), required=False)
    doc = GoldDoc("article", "text", date(2022, 10, 11), (e1, e2, e3, o1),
                  forbidden_evidence=("Also read",))
    canned = {"article": [
        event("CONSULT", [actor("TUR", "GOV")], [actor("RUS", "GOV")], date_value="2022-10-13",
              modality="future", location=place("Astana", "KAZ"),
              attribution=actor("RUS", "GOV")),
        event("ASSAULT", [actor("RUS")], [actor("UKR")], size=Size(dead=19, injured=10)),
        event("SUPPORT", [actor("USA")], [actor("TUR")]),
        event("PROTEST", [actor("CAN")], [], sentence="Also read: Demonstration in Montreal"),
    ]}
    return evaluate(gset("seed", [doc]), CannedExtractor(canned))  # type: ignore[arg-type]


@pytest.mark.parametrize("name, expected", [
    ("required_found", (2, 3)),
    ("required_perfect", (1, 2)),
    ("fields", (6 + 1, 6 + 2)),         # E1: 6 checked, all right; E2: dead right, injured not
    ("precision", (3, 4)),              # the optional SUPPORT is no false positive
    ("clean_evidence", (3, 4)),
])
def test_seed_figures(seed_report, name, expected):
    ratio = dict(seed_report.figures)[name]
    assert (ratio.correct, ratio.total) == expected


def test_seed_failures(seed_report):
    kinds = sorted(f.kind for f in seed_report.failures)
    assert kinds == ["false-event", "forbidden-evidence", "missed", "size.injured"]
    assert seed_report.headline()["required_found"] == pytest.approx(2 / 3)


# ---- the evaluation gate (tests/eval_gate.py, tests/eval_floors.json) ---------------------------

GATE = eval_gate.load_floors()


def _gate_files() -> list[str]:
    names = eval_gate.available(GATE)
    if not names:
        pytest.skip(f"no gold files under {eval_gate.shared_dir()}")
    return names


@pytest.fixture(scope="module")
def gate_figures(extractor) -> dict[str, dict[str, float | None]]:
    return eval_gate.measure(_gate_files(), GATE, base=extractor)


@pytest.mark.parametrize("name", list(GATE["gold"]))
def test_gold_file_hash_is_pinned(name):
    if name not in _gate_files():
        pytest.skip(f"{eval_gate.gold_path(name, GATE)} is absent")
    assert eval_gate.hash_problem(name, GATE) is None


@pytest.mark.parametrize("name", list(GATE["gold"]))
def test_every_headline_figure_has_a_floor(name):
    from eventwire.evaluate.evaluate import HEADLINES

    kind = {"seed": "seed", "plover-gsr": "plover", "petrarch": "petrarch"}[name]
    assert set(GATE["gold"][name]["floors"]) == set(HEADLINES[kind])


@pytest.mark.model
@pytest.mark.parametrize("name", list(GATE["gold"]))
def test_eval_gate(name, gate_figures):
    if name not in gate_figures:
        pytest.skip(f"{eval_gate.gold_path(name, GATE)} is absent")
    assert eval_gate.drops(name, gate_figures[name], GATE) == []


@pytest.mark.parametrize("floors, headline, expected", [
    ({"a": 0.5}, {"a": 0.5}, 0),
    ({"a": 0.5}, {"a": 0.4999}, 1),
    ({"a": 0.5, "b": 0.2}, {"a": 0.9, "b": None}, 1),   # a figure that vanished is a drop
    ({"a": 0.5}, {}, 1),
])
def test_gate_drops(floors, headline, expected):
    assert len(eval_gate.drops("x", headline, {"gold": {"x": {"floors": floors}}})) == expected


@pytest.mark.parametrize("value, floor", [(0.8439, 0.843), (1.0, 1.0), (0.6999999999, 0.7),
                                          (0.0, 0.0)])
def test_floor_of(value, floor):
    assert eval_gate.floor_of(value) == floor


def test_lowering_needs_a_reason(capsys):
    with pytest.raises(SystemExit) as exc:
        eval_gate.main(["--lower"])
    assert exc.value.code == 2 and "--reason" in capsys.readouterr().err


def _floors(**figures: float) -> dict:
    return {"gold": {"x": {"floors": dict(figures)}}, "history": []}


@pytest.mark.parametrize("flags, measured, floors_after, problems, history", [
    ({}, {"a": 0.6}, {"a": 0.5}, 0, 0),                              # above: nothing changes
    ({"raise_": True}, {"a": 0.6789}, {"a": 0.678}, 0, 0),           # raising is routine
    ({"raise_": True}, {"a": 0.4}, {"a": 0.5}, 1, 0),                # raising never lowers
    ({}, {"a": 0.4}, {"a": 0.5}, 1, 0),                              # a drop fails
    ({"lower": True, "reason": "tokenizer change"}, {"a": 0.4}, {"a": 0.4}, 0, 1),
])
def test_update_floors(flags, measured, floors_after, problems, history):
    floors = _floors(a=0.5)
    got = eval_gate.update_floors(floors, {"x": measured}, today="2024-01-01", **flags)
    assert floors["gold"]["x"]["floors"] == floors_after
    assert len(got) == problems and len(floors["history"]) == history
    if history:
        assert floors["history"][0]["reason"] == "tokenizer change"
        assert (floors["history"][0]["from"], floors["history"][0]["to"]) == (0.5, 0.4)


def test_update_floors_lowering_without_reason():
    with pytest.raises(ValueError, match="reason"):
        eval_gate.update_floors(_floors(a=0.5), {"x": {"a": 0.4}}, lower=True)


def test_class_members_from_the_tables():
    from eventwire.evaluate.evaluate import class_members
    from eventwire.knowledge import ActorEntry

    knowledge = SimpleNamespace(phrases={
        "united nations": (ActorEntry("United Nations", "UN", "IGO", "organization"),),
        "msf": (ActorEntry("MSF", "MSF", "NGO", "organization"),),
        "russia": (ActorEntry("Russia", "RUS", None, "country"),),
    })
    assert class_members(knowledge) == {"IGO": frozenset({"UN"}), "NGO": frozenset({"MSF"})}


# ---- the command ---------------------------------------------------------------------------------


def test_eval_command_help():
    from click.testing import CliRunner

    from eventwire.cli import cli

    result = CliRunner().invoke(cli, ["eval", "--help"])
    assert result.exit_code == 0
    for option in ("--format", "--dictionary", "--min-confidence", "--examples"):
        assert option in result.output
    assert "GOLD..." in result.output


def test_eval_command_unreadable_gold(tmp_path):
    from eventwire.cli import main

    bad = tmp_path / "notes.txt"
    bad.write_text("just notes", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["eval", str(bad)])
    assert exc.value.code == 1


@pytest.mark.model
def test_eval_command_json(tmp_path, capsys):
    from eventwire.cli import main

    gold = tmp_path / "gsr.json"
    gold.write_text(json.dumps([
        {"id": "T-ASSAULT-0001", "event": "FIGHT", "eventText": "shelled",
         "text": "Russian forces shelled Kharkiv on Monday, killing 12 people.",
         "source": [{"actorText": "Russian forces", "code": "RUS", "sector": "MIL"}],
         "target": [{"actorText": "Kharkiv", "code": "UKR"}]},
        {"id": "T-DEMAND-0001", "event": "DEMAND", "eventText": "urged",
         "text": "France urged Iran to release the detained journalists.",
         "source": [{"actorText": "France", "code": "FRA"}],
         "target": [{"actorText": "Iran", "code": "IRN"}]},
    ]), encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["eval", str(gold), "--format", "json"])
    assert exc.value.code == 0
    out = json.loads(capsys.readouterr().out)
    report = out["reports"][0]
    assert (report["kind"], report["docs"], report["gold_events"]) == ("plover", 2, 2)
    assert set(report["headline"]) == {"macro_f1", "source_country", "target_country", "sector"}
    assert {t["event_type"] for t in report["types"]} >= {"ASSAULT", "REQUEST"}
    assert sum(c["count"] for c in report["confusion"]) == 2
