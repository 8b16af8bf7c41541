"""The annotators' tool (training/annotate.py): where it puts a phrase that occurs twice."""

from __future__ import annotations

import json

import pytest
from scripts import load_script
SENTENCE = ("Still, the FBI is investigating contacts between Russians and Trump officials, and "
            "the scandal already has forced Trump to fire his national security adviser.")


@pytest.fixture(scope="module")
def tool():
    return load_script("training/annotate.py", "annotate_tool")


def _event(**extra) -> dict:
    ev = {"s": 0, "trigger": "fire", "trigger_at": SENTENCE.index("fire"), "type": "SANCTION",
          "mode": None, "modality": "asserted",
          "sources": [{"text": "Trump", "country": "USA", "sector": "GOV"}], "targets": []}
    ev.update(extra)
    return ev


def test_a_repeated_phrase_is_placed_nearest_its_trigger(tool) -> None:
    first = SENTENCE.index("Trump")
    second = SENTENCE.index("Trump", first + 1)
    assert tool.find_word(SENTENCE, "Trump") == first
    fire = SENTENCE.index("fire")
    assert tool.find_word(SENTENCE, "Trump", (fire, fire + 4)) == second
    # nearness counts the characters between the phrases, not between their starts:
    # "detain" is nearer the "him" that follows it than the one before
    s = "He said no one had tried to contact him or detain him."
    detain = s.index("detain")
    assert tool.find_word(s, "him", (detain, detain + 6)) == s.rindex("him")


def test_check_fills_offsets_by_nearness(tool) -> None:
    ev = _event()
    assert tool.check_event(ev, [SENTENCE], {"USA"}) == []
    assert ev["sources"][0]["at"] == SENTENCE.rindex("Trump")


def test_reanchor_moves_a_first_occurrence_and_rewrites_the_file(tool, tmp_path) -> None:
    ev = _event()
    ev["sources"][0]["at"] = SENTENCE.index("Trump")      # what an older check filled in
    unit = {"article_id": "u1", "text": SENTENCE, "sentences": [[0, len(SENTENCE)]]}
    path = tmp_path / "u1.jsonl"
    path.write_text(json.dumps({"unit": "u1", "annotator": "X", "no_event": []}) + "\n"
                    + json.dumps(ev) + "\n", encoding="utf-8")
    assert tool.reanchor_file(path, {"u1": unit}) == 1
    moved = json.loads(path.read_text(encoding="utf-8").splitlines()[1])
    assert moved["sources"][0]["at"] == SENTENCE.rindex("Trump")
    assert tool.reanchor_file(path, {"u1": unit}) == 0     # nothing left to move


def _annotation(tmp_path, *events: dict, no_event: list[int] | None = None):
    folder = tmp_path / "annotations" / "X"
    folder.mkdir(parents=True)
    path = folder / "u1.jsonl"
    rows = [{"unit": "u1", "annotator": "X", "no_event": no_event or []}, *events]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_rulings_drop_join_and_edit_events_by_their_line(tool, tmp_path) -> None:
    meet = {"s": 1, "trigger": "met", "type": "CONSULT", "mode": None, "modality": "asserted",
            "sources": [{"text": "Putin"}], "targets": [{"text": "Erdogan"}], "note": "x"}
    trip = {"s": 2, "trigger": "trip", "type": "CONSULT", "mode": None,
            "modality": "asserted", "sources": [{"text": "Kerry"}], "targets": []}
    path = _annotation(tmp_path, _event(), meet, trip)
    rulings = [{"id": "X/u1.jsonl:2", "decision": "drop"},
               {"id": "X/u1.jsonl:3", "decision": "reciprocal"},
               {"id": "X/u1.jsonl:4", "decision": "visit", "sources": [{"text": "Kerry"}],
                "targets": [{"text": "China"}]}]
    counts = tool.apply_rulings(rulings, tmp_path, "ruled today")
    assert counts == {"date": 0, "drop": 1, "edit": 0, "keep": 0, "reciprocal": 1, "visit": 1}
    head, *events = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()]
    assert head["no_event"] == [0]          # the dropped event's sentence holds no other
    assert [ev["s"] for ev in events] == [1, 2]
    assert [p["text"] for p in events[0]["sources"]] == ["Putin", "Erdogan"]
    assert events[0]["targets"] == [] and events[0]["note"] == "x; ruled today: reciprocal"
    assert events[1]["mode"] == "visit" and events[1]["targets"] == [{"text": "China"}]


def test_a_date_ruling_sets_or_clears_the_events_date(tool, tmp_path) -> None:
    dated = _event(date={"text": "in 2011", "value": "2011"})
    path = _annotation(tmp_path, _event(), dated)
    shared = {"text": "late Sunday", "value": "2014-12-21"}
    counts = tool.apply_rulings([{"id": "X/u1.jsonl:2", "decision": "date", "date": shared},
                                 {"id": "X/u1.jsonl:3", "decision": "date", "date": None}],
                                tmp_path, "ruled")
    assert counts["date"] == 2
    _, first, second = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()]
    assert first["date"] == shared and second["date"] is None
    assert second["note"].endswith("ruled: date")
    with pytest.raises(ValueError, match="date ruling"):
        tool.apply_rulings([{"id": "X/u1.jsonl:2", "decision": "date"}], tmp_path, "ruled")


def test_a_dropped_event_leaves_its_sentence_to_the_events_still_in_it(tool, tmp_path) -> None:
    path = _annotation(tmp_path, _event(), _event(trigger="forced", type="COERCE"))
    tool.apply_rulings([{"id": "X/u1.jsonl:2", "decision": "drop"}], tmp_path, "ruled")
    head, *events = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()]
    assert head["no_event"] == [] and [ev["trigger"] for ev in events] == ["forced"]


def test_rulings_naming_a_line_the_file_lacks_are_refused(tool, tmp_path) -> None:
    path = _annotation(tmp_path, _event())
    before = path.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="lines"):
        tool.apply_rulings([{"id": "X/u1.jsonl:5", "decision": "drop"}], tmp_path, "ruled")
    with pytest.raises(ValueError, match="decision"):
        tool.apply_rulings([{"id": "X/u1.jsonl:2", "decision": "maybe"}], tmp_path, "ruled")
    with pytest.raises(ValueError, match="sources and targets"):
        tool.apply_rulings([{"id": "X/u1.jsonl:2", "decision": "edit", "sources": []}],
                           tmp_path, "ruled")
    assert path.read_text(encoding="utf-8") == before
