"""The blind audits' tool (training/audit.py): scoring the judged sample, and scoring it again
apart for the events a later ingest still gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scripts import load_script


@pytest.fixture(scope="module")
def tool():
    return load_script("training/audit.py", "audit_tool")


def _judged(n: int, event_id: str, type_: str, source: str = "right") -> dict:
    return {"n": n, "event_id": event_id, "type": type_, "mode": "n/a", "modality": "right",
            "source": source, "target": "n/a", "date": "n/a", "place": "n/a", "note": ""}


def _write(folder: Path, judged: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "judgments.jsonl").write_text("".join(json.dumps(j) + "\n" for j in judged))


def test_score_and_score_kept_apart(tool, tmp_path, capsys) -> None:
    audit = tmp_path / "audit"
    _write(audit, [_judged(1, "e-1", "right"), _judged(2, "e-2", "wrong"),
                   _judged(3, "e-3", "right", source="wrong"), _judged(4, "e-4", "wrong")])
    assert tool.main(["score", str(audit)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["type"] == {"right": 2, "wrong": 2, "n/a": 0, "share_right": 0.5}
    assert out["fully_right"] == {"n": 1, "share": 0.25}
    # a later ingest gives e-1, e-3 and an event no one judged; e-2 and e-4 are left out
    later = tmp_path / "later.jsonl"
    later.write_text("".join(json.dumps({"event_id": i, "event_type": "ACCUSE"}) + "\n"
                             for i in ("e-1", "e-3", "e-9")))
    assert tool.main(["score", str(audit), "--kept", str(later)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kept"]["events"] == 2 and out["left_out"]["events"] == 2
    assert out["kept"]["type"]["share_right"] == 1.0
    assert out["kept"]["source"] == {"right": 1, "wrong": 1, "n/a": 0, "share_right": 0.5}
    assert out["kept"]["fully_right"] == {"n": 1, "share": 0.5}
    assert out["left_out"]["type"]["share_right"] == 0.0


def test_score_kept_names_an_unreadable_file(tool, tmp_path, capsys) -> None:
    audit = tmp_path / "audit"
    _write(audit, [_judged(1, "e-1", "right")])
    bad = tmp_path / "later.jsonl"
    bad.write_text("not json\n")
    assert tool.main(["score", str(audit), "--kept", str(bad)]) == 1
    assert str(bad) in capsys.readouterr().err
    assert tool.main(["score", str(audit), "--kept", str(tmp_path / "missing.jsonl")]) == 1
    assert "missing.jsonl" in capsys.readouterr().err


def test_an_unfinished_judgment_is_named(tool, tmp_path, capsys) -> None:
    audit = tmp_path / "audit"
    unfinished = _judged(2, "e-2", "right")
    unfinished["place"] = None
    _write(audit, [_judged(1, "e-1", "right"), unfinished])
    assert tool.main(["score", str(audit)]) == 1
    assert "[2]" in capsys.readouterr().err


def test_parties_are_also_scored_apart_by_whether_the_event_named_one(tool, tmp_path,
                                                                      capsys) -> None:
    audit = tmp_path / "audit"
    judged = [_judged(1, "e-1", "right"), _judged(2, "e-2", "right", source="wrong"),
              _judged(3, "e-3", "right", source="n/a"), _judged(4, "e-4", "right")]
    _write(audit, judged)
    shown = [{"n": 1, "source": "Putin [Vladimir Putin, RUS, GOV]"},
             {"n": 2, "source": "he [Barack Obama, USA, GOV]"},
             {"n": 3, "source": "(none)"}, {"n": 4, "source": "(none)"}]
    (audit / "sample.jsonl").write_text("".join(json.dumps(s) + "\n" for s in shown))
    assert tool.main(["score", str(audit)]) == 0
    source = json.loads(capsys.readouterr().out)["source"]
    assert source["share_right"] == round(2 / 3, 3)         # as before: all decided events
    assert source["named"] == {"right": 1, "wrong": 1, "n/a": 0, "share_right": 0.5}
    assert source["none_given"] == {"right": 1, "wrong": 0, "n/a": 1, "share_right": 1.0}
