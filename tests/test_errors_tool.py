"""The parties' error reading (training/errors.py): each miss of a matched event gets one cause,
the report counts them, and the test split is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scripts import load_script

from eventwire.models.linear import shipped

CORPUS = Path(__file__).resolve().parents[1] / "training" / "corpus"


@pytest.fixture(scope="module")
def tool():
    return load_script("training/errors.py", "errors_tool")


def test_the_test_split_is_refused(tool) -> None:
    with pytest.raises(SystemExit, match="final figure only"):
        tool.misses(str(CORPUS), "test", "target")
    with pytest.raises(SystemExit):  # argparse: not a choice
        tool.main([str(CORPUS), "--split", "test"])


def test_the_report_counts_every_cause_and_shows_examples(tool) -> None:
    rows = [{"unit": "u1", "type": "ACCUSE", "trigger": "accused", "gold": ["Trump"],
             "predicted": [], "sentence": "Pelosi accused Trump.", "cause": "no candidate"},
            {"unit": "u2", "type": "REQUEST", "trigger": "urged", "gold": ["Iran"],
             "predicted": [], "sentence": "X urged Iran.", "cause": "model: none",
             "head": "Iran", "probabilities": {"none": 0.6, "source": 0.0, "target": 0.4}},
            {"unit": "u3", "type": "REQUEST", "trigger": "urged", "gold": ["Iraq"],
             "predicted": ["Syria"], "sentence": "X urged Iraq.", "cause": "another party"}]
    text = tool.report(rows, examples=1, seed=0)
    assert text.startswith("3 matched events miss")
    counts = {line.split()[0]: line for line in text.splitlines()[2:8]}
    assert "1  0.33" in counts["no"] and "0  0.00" in counts["merged"]
    assert "## model: none" in text and "Iran {'none': 0.6" in text
    assert "## left out" not in text  # no example, no heading


@pytest.mark.model
def test_misses_of_dev_articles_each_have_a_cause(tool, capsys) -> None:
    if not shipped("events.model").exists() or not CORPUS.is_dir():
        pytest.skip("no shipped model or no corpus")
    assert tool.main([str(CORPUS), "--split", "dev", "--role", "target", "--limit", "12",
                      "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, "twelve dev articles hold a missed target"
    for row in rows:
        assert row["cause"] in tool.CAUSES
        assert row["gold"] and not set(row["gold"]) & set(row["predicted"])
        if row["cause"] in ("model: none", "model: other role", "left out"):
            p = row["probabilities"]
            likeliest = max(p, key=p.get)
            assert (likeliest == "target") == (row["cause"] == "left out")
        if row["cause"] == "another party":
            assert row["predicted"]
