"""Counts per period and group: ``eventwire.aggregate``, ``eventwire stats``, and the demo
output of the README (on SQLite and PostgreSQL, the README's on the real pipeline)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from query_fixtures import fill

import eventwire
from eventwire.cli import cli
from eventwire.errors import UsageError
from eventwire.knowledge import cameo_row, load_knowledge
from eventwire.store.aggregate import GROUPS, PERIODS, count_by, period_of
from eventwire.store.export import dyad_edges
from eventwire.store.query import Filters, count, dyads, select, sources_of
from eventwire.store.store import SqlStore

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(store: SqlStore) -> SqlStore:
    return fill(store)


@pytest.mark.parametrize("day, per, expected", [
    (date(2022, 10, 13), "day", "2022-10-13"),
    (date(2022, 10, 13), "week", "2022-W41"),
    (date(2023, 1, 1), "week", "2022-W52"),     # ISO weeks: Sunday 1 January is 2022's
    (date(2022, 10, 13), "month", "2022-10"),
    (date(2022, 10, 13), "year", "2022"),
])
def test_periods(day: date, per: str, expected: str) -> None:
    assert period_of(day, per) == expected


def rows(result) -> list[tuple]:
    return [(r.period, r.group, r.events, r.goldstein_sum, r.sources) for r in result]


def test_counts_per_week_by_dyad_are_asserted_events_only(store: SqlStore) -> None:
    # the Kyiv strike (RUS→UKR, 2022-10-10, W41) is one aggregated event of 3 sources (Wire,
    # its copy in Daily, Post); Ukraine's accusation is on its publication day 2022-10-11;
    # France's aid on 2022-10-18 (W42); the undated accusation FRA→DEU has no period; the
    # future meeting, the negated sanction and the hypothetical aid are not counted
    assert rows(eventwire.aggregate(store, per="week", by="dyad")) == [
        ("2022-W41", "RUS-UKR", 1, -10.0, 3),
        ("2022-W41", "UKR-RUS", 1, -2.0, 2),
        ("2022-W42", "FRA-UKR", 1, 7.0, 1),
        (None, "FRA-DEU", 1, -2.0, 1),
    ]


def test_every_modality_on_request(store: SqlStore) -> None:
    counted = eventwire.aggregate(store, per="month", modality="all")
    # -10 (strike) - 2 (accusation) + 7 + 7 (aid, twice) + 4 (meeting) - 8 (sanction)
    assert rows(counted) == [("2022-10", "all", 6, -2.0, 3), (None, "all", 1, -2.0, 1)]
    negated = eventwire.aggregate(store, per="month", by="type", modality="negated")
    assert rows(negated) == [("2022-10", "SANCTION", 1, -8.0, 1)]


@pytest.mark.parametrize("by, expected", [
    ("type", [("2022-10", "ACCUSE", 1), ("2022-10", "AID", 1), ("2022-10", "ASSAULT", 1),
              (None, "ACCUSE", 1)]),
    ("quad", [("2022-10", "2", 1), ("2022-10", "3", 1), ("2022-10", "4", 1), (None, "3", 1)]),
    ("country", [("2022-10", "FRA", 1), ("2022-10", "UKR", 1)]),
    ("actor", [("2022-10", "FRA", 1), ("2022-10", "RUS", 1), ("2022-10", "UKR", 1),
               (None, "FRA", 1)]),
])
def test_groups(store: SqlStore, by: str, expected: list[tuple]) -> None:
    assert [r[:3] for r in rows(eventwire.aggregate(store, per="month", by=by))] == expected


def test_counts_take_the_query_filters(store: SqlStore) -> None:
    assert rows(eventwire.aggregate(store, per="day", actor="Russia")) == [
        ("2022-10-10", "all", 1, -10.0, 3)]
    assert rows(eventwire.aggregate(store, per="day", since="2022-10-11",
                                    until="2022-10-11")) == [("2022-10-11", "all", 1, -2.0, 2)]
    with pytest.raises(UsageError, match="XYZ"):
        eventwire.aggregate(store, actor="XYZ")


def test_a_data_frame_of_counts(store: SqlStore) -> None:
    pytest.importorskip("pandas")
    frame = eventwire.aggregate(store, per="week", by="dyad", as_frame=True)
    assert list(frame.columns) == ["period", "group", "events", "goldstein_sum", "sources"]
    assert frame["events"].sum() == 4


COMPARED_FILTERS = [
    {"modality": "all"}, {"modality": "asserted"}, {"actor": "RUS", "modality": "all"},
    {"since": "2022-10-11", "modality": "all"}, {"limit": 3, "modality": "all"},
    {"min_sources": 2, "modality": "all"},
]


def _python_goldstein(knowledge):
    def goldstein(code):
        entry = cameo_row(code, knowledge.cameo)
        return entry.goldstein if entry else None

    return goldstein


@pytest.mark.parametrize("per", PERIODS)
@pytest.mark.parametrize("by", GROUPS)
def test_the_database_counts_what_python_counts(store: SqlStore, per: str, by: str) -> None:
    """``count`` groups in SQL; ``count_by`` over the loaded events is the plain Python count
    it must equal, row for row, whatever the filters."""
    knowledge = load_knowledge()
    for given in COMPARED_FILTERS:
        f = Filters.build(**given)
        loaded = list(select(store, f, knowledge))
        sources = sources_of(store, [a.cluster_id for a in loaded])
        expected = count_by(((a, sources[a.cluster_id]) for a in loaded),
                            _python_goldstein(knowledge), per=per, by=by)
        assert expected, (given, per, by)
        assert count(store, f, knowledge, per=per, by=by) == expected, (given, per, by)


def test_the_database_counts_dyads_as_the_gexf_export_does(store: SqlStore) -> None:
    knowledge = load_knowledge()
    for given in COMPARED_FILTERS:
        f = Filters.build(**given)
        expected = dyad_edges(select(store, f, knowledge), knowledge)
        assert dyads(store, f, knowledge) == expected, given
    assert dyads(store, Filters.build(modality="all"), knowledge)[("RUS", "UKR")]["events"] == 1


def test_the_database_names_periods_as_period_of_does(store: SqlStore) -> None:
    """ISO weeks, months and years computed by the database (SQLite has no ISO week of its
    own here) over every day of seven years around their edges."""
    import sqlalchemy as sa

    from eventwire.store.query import _period

    dialect = store.engine.dialect.name
    days = [date(2019, 12, 20) + timedelta(days=i) for i in range(0, 7 * 366, 3)]
    days += [date(y, m, d) for y in range(2019, 2028) for m, d in ((12, 28), (12, 29), (12, 30),
                                                                   (12, 31), (1, 1), (1, 2),
                                                                   (1, 3), (1, 4))]
    for per in PERIODS:
        rows = []
        for chunk in range(0, len(days), 200):
            values = sa.union_all(*(sa.select((sa.literal(d.isoformat()) if dialect == "sqlite"
                                               else sa.cast(sa.literal(d.isoformat()), sa.Date))
                                              .label("cday"), sa.literal(i).label("i"))
                                    for i, d in enumerate(days[chunk:chunk + 200], chunk)))
            sub = values.subquery("counted")
            with store.engine.connect() as conn:
                rows += conn.execute(sa.select(sub.c.i, _period(dialect, sub.c.cday, per))
                                     .order_by(sub.c.i)).all()
        assert [r[1] for r in rows] == [period_of(d, per) for d in days], per


def test_count_by_refuses_unknown_periods_and_groups() -> None:
    with pytest.raises(ValueError, match="fortnight"):
        count_by([], lambda c: None, per="fortnight")
    with pytest.raises(ValueError, match="colour"):
        count_by([], lambda c: None, by="colour")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_stats_command_formats(store: SqlStore, db: str, fmt: str) -> None:
    result = CliRunner().invoke(cli, ["stats", "--db", db, "--per", "week", "--by", "dyad",
                                      "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data[0] == {"period": "2022-W41", "group": "RUS-UKR", "events": 1,
                           "goldstein_sum": -10.0, "sources": 3}
        assert len(data) == 4
    elif fmt == "csv":
        table = list(csv.DictReader(io.StringIO(out)))
        assert [(r["period"], r["group"], r["events"]) for r in table] == [
            ("2022-W41", "RUS-UKR", "1"), ("2022-W41", "UKR-RUS", "1"),
            ("2022-W42", "FRA-UKR", "1"), ("", "FRA-DEU", "1")]
    else:
        lines = out.splitlines()
        assert lines[0].split() == ["week", "dyad", "events", "goldstein", "sources"]
        assert lines[1].split() == ["2022-W41", "RUS-UKR", "1", "-10.0", "3"]


@pytest.mark.parametrize("args, message", [
    (["--per", "fortnight"], "fortnight"),
    (["--actor", "XYZ"], "XYZ"),
    (["--since", "2022-13-01"], "2022-13-01"),
])
def test_stats_command_errors(store: SqlStore, db: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["stats", "--db", db, *args])
    assert result.exit_code == 2 and message in result.output and result.stdout == ""


# ---- the README's demo -----------------------------------------------------------------------


def readme_output(command: str) -> str:
    """The output the README shows for ``command`` in the `make demo` block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f".venv/bin/eventwire {command}\n") + len(f".venv/bin/eventwire {command}\n")
    ends = (text.find("\n.venv/bin/", start), text.find("\n```", start),
            text.find("\n\n", start))
    end = min(i for i in ends if i >= 0)
    return text[start:end + 1]


@pytest.mark.model
@pytest.mark.slow
def test_the_readme_shows_the_real_stats_of_the_demo_database(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    runner = CliRunner()
    ingest = runner.invoke(cli, ["ingest", str(ROOT / "examples" / "corpus"), "--date",
                                 "2022-10-05", "--db", db, "-q"])
    assert ingest.exit_code == 0, ingest.output
    shown = readme_output("ingest examples/corpus --date 2022-10-05 --db demo.db")
    stored = re.search(r"(\d+) events;", ingest.stdout)
    assert stored and f"{stored.group(1)} events;" in shown
    for command in ("stats --db demo.db --per week", "stats --db demo.db --per week --by dyad",
                    "query --db demo.db --actor RUS --format table"):
        result = runner.invoke(cli, command.replace("demo.db", db).split())
        assert result.exit_code == 0, result.output
        assert result.stdout == readme_output(command), (
            f"the README's output of `eventwire {command}` is stale; run `make demo` and copy "
            "its output")
    every = runner.invoke(cli, ["query", "--db", db, "--since", "1900-01-01", "--until",
                                "2100-12-31"])
    assert len(every.stdout.splitlines()) == len(eventwire.query(db))
