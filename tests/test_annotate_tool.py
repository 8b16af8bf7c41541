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
