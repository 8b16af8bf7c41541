"""The command line: help everywhere, the output forms of cli.md, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "articles" / "seed-astana.txt"


def all_commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", all_commands())
def test_every_command_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    command = cli.commands[name]
    assert command.help and len(command.help.strip()) > 20, f"{name} needs a description"
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert getattr(param, "help", None), f"{name} --{param.name} has no help text"


def test_required_commands_exist():
    assert {"extract", "places"} <= set(cli.commands)


def test_bad_date_is_a_usage_error():
    result = CliRunner().invoke(cli, ["extract", str(SEED), "--date", "11/10/2022"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


@pytest.mark.model
def test_extract_json_offsets_and_rejects(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = CliRunner().invoke(
        cli, ["extract", str(SEED), str(empty), "--date", "2022-10-11", "--format", "json"])
    assert result.exit_code == 1, "a rejected input gives exit status 1"
    assert "empty.txt" in result.stderr
    docs = json.loads(result.stdout)
    assert isinstance(docs, list) and len(docs) == 1, "one JSON array, one object per article"
    doc = docs[0]
    text = doc["doc"]["text"]
    assert doc["doc"]["doc_id"] == "seed-astana" and doc["doc"]["published"] == "2022-10-11"
    assert "Also read" not in text
    assert doc["events"], "the seed has events"
    for event in doc["events"]:
        ev = event["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["sentence"]
    for place in doc["places"]:
        assert text[place["start"]:place["end"]] == place["text"]


@pytest.mark.model
def test_extract_stdin_jsonl_and_table():
    sentence = "Police arrested 12 protesters in Minsk on Sunday.\n"
    result = CliRunner().invoke(cli, ["extract", "-", "--date", "2022-10-11"], input=sentence)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["event_type"] for e in events] == ["COERCE"]
    assert events[0]["size"]["arrested"] == 12 and events[0]["date"] == "2022-10-09"
    table = CliRunner().invoke(cli, ["extract", "-", "--format", "table"], input=sentence)
    assert "COERCE" in table.stdout and "Minsk" in table.stdout


@pytest.mark.model
def test_places_jsonl():
    result = CliRunner().invoke(cli, ["places", str(SEED), "--date", "2022-10-11"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    names = {(r["text"], r["country"]) for r in rows}
    assert ("Astana", "KAZ") in names and ("Kyiv", "UKR") in names
    assert all(r["doc_id"] == "seed-astana" for r in rows)
