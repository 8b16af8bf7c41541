"""``eventwire ingest --reextract``: the articles another coder version coded are recoded from
their stored text, and the database ends as a fresh ingest with the new coder would be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.models.linear import shipped

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
DATE = ["--date", "2022-10-11"]

pytestmark = pytest.mark.skipif(not shipped("events.model").exists(),
                                reason="no shipped model (make model)")


def _ingest(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db), "-q", *DATE,
                                      *args])
    assert result.exit_code == 0, result.output
    return result.output


def _rows(db: Path) -> dict[str, list[tuple]]:
    """Every row that coding decides (no insertion times), sorted."""
    engine = sa.create_engine(f"sqlite:///{db}")
    out = {}
    with engine.connect() as conn:
        for table, drop in (("events", {"added_at"}), ("event_actors", set()),
                            ("event_evidence", set()), ("places", set()),
                            ("clusters", {"first_added_at", "last_added_at"}),
                            ("articles", {"added_at"})):
            cols = [c["name"] for c in sa.inspect(conn).get_columns(table)
                    if c["name"] not in drop]
            out[table] = sorted(tuple(r) for r in conn.execute(
                sa.text(f"SELECT {', '.join(cols)} FROM {table}")))
    engine.dispose()
    return out


@pytest.mark.model
def test_reextract_gives_the_database_of_a_fresh_ingest(tmp_path) -> None:
    rules_then_learned = tmp_path / "upgraded.db"
    _ingest(rules_then_learned)
    before = _rows(rules_then_learned)
    assert before["events"]
    # nothing to recode with the coder that coded it
    same = CliRunner().invoke(cli, ["ingest", "--reextract", "--db", str(rules_then_learned),
                                    "--json"])
    assert same.exit_code == 0, same.output
    assert json.loads(same.output)["reextract"]["candidates"] == 0
    assert _rows(rules_then_learned) == before
    # a database coded by the rules says which command recodes it for the learned coder
    note = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(rules_then_learned),
                                    "-q", "--coder", "learned", *DATE])
    assert note.exit_code == 0, note.output
    assert "ingest --reextract --db" in note.output
    recoded = CliRunner().invoke(cli, ["ingest", "--reextract", "--db",
                                       str(rules_then_learned), "--coder", "learned", "--json"])
    assert recoded.exit_code == 0, recoded.output
    summary = json.loads(recoded.output)["reextract"]
    assert summary["candidates"] == summary["recoded"] == len(before["articles"])
    assert "+events-" in summary["coder_version"]

    fresh = tmp_path / "fresh.db"
    _ingest(fresh, "--coder", "learned")
    assert _rows(rules_then_learned) == _rows(fresh)
    # recoded once: a second run has nothing left to do
    again = CliRunner().invoke(cli, ["ingest", "--reextract", "--db", str(rules_then_learned),
                                     "--coder", "learned", "--json"])
    assert json.loads(again.output)["reextract"]["candidates"] == 0


def test_ingest_without_paths_or_reextract_is_a_usage_error(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "--reextract" in result.output
