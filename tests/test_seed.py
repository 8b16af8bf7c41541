"""The first acceptance case: the seed article through the command line, scored on its gold.

`eventwire extract seed.txt --date 2022-10-11 --format jsonl` must find all 8 required events with
every checked field right, nothing from the "Also read" lines, and precision >= 0.6
(../shared/seed/gold.json's rules, implemented in eventwire.evaluate.evaluate).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli

pytestmark = pytest.mark.model

SEED = Path(__file__).resolve().parents[1] / "examples" / "articles" / "seed-astana.txt"


def test_seed_article_scores_perfectly(shared_dir, extractor):
    from eventwire.evaluate.evaluate import evaluate
    from eventwire.evaluate.gold import read_gold

    gold = read_gold(shared_dir / "seed" / "gold.json")
    report = evaluate(gold, extractor)
    head = report.headline()
    assert head["required_found"] == 1.0, report.failures
    assert head["required_perfect"] == 1.0, report.failures
    assert head["clean_evidence"] == 1.0
    assert head["precision"] >= 0.6


def test_cli_jsonl_is_the_library_output(extractor):
    from eventwire import extract

    result = CliRunner().invoke(cli, ["extract", str(SEED), "--date", "2022-10-11",
                                      "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    library = [e.as_dict() for e in extract(SEED.read_text(), published="2022-10-11",
                                            doc_id="seed-astana", extractor=extractor)]
    assert lines == library
    assert not any("Also read" in e["evidence"]["sentence"] for e in lines)
    assert {e["doc_id"] for e in lines} == {"seed-astana"}


def test_attack_targets_come_from_its_own_clause(extractor):
    """Monday's attacks hit Ukraine: no person from the phone call after them is a target."""
    from eventwire import extract

    events = extract(SEED.read_text(), published="2022-10-11", extractor=extractor)
    attack = next(e for e in events if e.event_type == "ASSAULT" and e.size.dead == 19)
    assert [(r.country, r.kind) for r in attack.recipients] == [("UKR", "country")]
    assert [(a.country, a.kind) for a in attack.actors] == [("RUS", "group")]
