"""The Parquet event lake (``ingest --out parquet://DIR``): the database's articles, events and
aggregate counts as a dataset partitioned by publication date, a re-run adds no rows, and a
batch cut short before its commit is written again, once.

The extraction step is ``store_fixtures.rule_extract`` (no model): the lake is what is tested.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
from store_fixtures import rule_extract, write_corpus

from eventwire.errors import UsageError
from eventwire.options import build_options
from eventwire.readers import read_inputs
from eventwire.store.ingest import IngestSummary, ingest
from eventwire.store.lake import LakeStore, open_lake
from eventwire.store.store import open_store

pa = pytest.importorskip("pyarrow")
ds = pytest.importorskip("pyarrow.dataset")


def _lake_ingest(root: Path, corpus: Path, batch: int = 7) -> IngestSummary:
    lake = LakeStore(root, batch_articles=batch)
    try:
        return ingest(read_inputs([str(corpus)], build_options()), lake, rule_extract)
    finally:
        lake.close()


def _read(root: Path, name: str):  # type: ignore[no-untyped-def]
    return ds.dataset(root / name, format="parquet", partitioning="hive").to_table()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    write_corpus(path, 30)
    return path


@pytest.fixture
def database(tmp_path: Path, corpus: Path):  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "events.db"))
    summary = ingest(read_inputs([str(corpus)], build_options()), store, rule_extract)
    return store, summary


def test_the_lake_holds_the_databases_articles_events_and_counts(
        tmp_path: Path, corpus: Path, database) -> None:  # type: ignore[no-untyped-def]
    store, expected = database
    root = tmp_path / "lake"
    got = _lake_ingest(root, corpus)
    assert (got.read, got.new, got.duplicate, got.events) == (
        expected.read, expected.new, expected.duplicate, expected.events)
    with store.engine.connect() as conn:
        db_events = {r[0]: r[1:] for r in conn.exec_driver_sql(
            "SELECT event_id, article_id, cluster_id, event_type, date, confidence FROM events")}
        db_articles = {r[0] for r in conn.exec_driver_sql("SELECT article_id FROM articles")}
        db_counts = {r[0]: tuple(r[1:]) for r in conn.exec_driver_sql(
            "SELECT global_id, num_mentions, num_sources, num_articles FROM clusters")}
        db_copies = {r[0] for r in conn.exec_driver_sql("SELECT doc_id FROM copies")}
    store.close()

    events = _read(root, "events").to_pylist()
    assert len(events) == len(db_events)                      # no event twice
    assert {e["event_id"]: (e["article_id"], e["cluster_id"], e["event_type"], e["date"],
                            e["confidence"]) for e in events} == db_events
    articles = _read(root, "articles").to_pylist()
    assert sorted(a["article_id"] for a in articles) == sorted(db_articles)
    assert all(str(a["published"]) == "2022-10-11" for a in articles)   # the partition column

    mentions = _read(root, "mentions").to_pylist()
    assert {m["doc_id"] for m in mentions} <= db_copies
    groups: dict[int, list[dict]] = defaultdict(list)
    for m in mentions:
        groups[m["global_event_id"]].append(m)
    counts = {gid: (sum(m["n_mentions"] for m in ms),
                    len({m["source_name"] or "doc:" + m["doc_id"] for m in ms}),
                    len({m["doc_id"] for m in ms})) for gid, ms in groups.items()}
    assert counts == db_counts
    assert sorted(p.name for p in (root / "events").iterdir()) == ["published=2022-10-11"]


def test_a_rerun_adds_no_rows_and_no_files(tmp_path: Path, corpus: Path) -> None:
    root = tmp_path / "lake"
    first = _lake_ingest(root, corpus)
    files = sorted(p.relative_to(root) for p in root.rglob("*.parquet"))
    rows = {name: _read(root, name).num_rows for name in ("articles", "events", "mentions")}
    again = _lake_ingest(root, corpus)
    assert (again.new, again.duplicate, again.already) == (0, 0, first.read)
    assert sorted(p.relative_to(root) for p in root.rglob("*.parquet")) == files
    assert {name: _read(root, name).num_rows for name in rows} == rows
    # every article extracted is stored but those an earlier-published copy replaced
    assert rows["events"] == first.events and rows["articles"] == first.new - first.superseded
    assert first.superseded == 10  # copy-i and near-i precede story-i by the rule (doc ids)


def test_a_batch_cut_short_before_its_commit_is_written_again_once(
        tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean = tmp_path / "clean"
    _lake_ingest(clean, corpus)
    expected = {name: sorted(map(repr, _read(clean, name).to_pylist()))
                for name in ("articles", "events", "mentions")}

    root = tmp_path / "lake"
    commits = {"n": 0}
    real = LakeStore._commit

    def crash_on_third(self: LakeStore, batch_id: str, files: list[str]) -> None:
        commits["n"] += 1
        if commits["n"] == 3:      # the files are in place, the ledger is not: as if killed
            raise KeyboardInterrupt
        real(self, batch_id, files)

    monkeypatch.setattr(LakeStore, "_commit", crash_on_third)
    lake = LakeStore(root, batch_articles=7)
    with pytest.raises(KeyboardInterrupt):
        ingest(read_inputs([str(corpus)], build_options()), lake, rule_extract)
    lake._db.close()               # the process dies: nothing more is committed
    monkeypatch.setattr(LakeStore, "_commit", real)
    state = sqlite3.connect(root / "_eventwire" / "state.db")
    committed = {row[0] for row in state.execute("SELECT batch_id FROM batches")}
    state.close()
    orphans = [p for p in root.rglob("*.parquet")
               if p.stem.removeprefix("part-") not in committed]
    assert commits["n"] == 3 and len(committed) == 2 and orphans

    LakeStore(root).close()        # opening the lake drops the uncommitted batch's files
    assert not any(p.exists() for p in orphans)
    _lake_ingest(root, corpus)     # and the re-run writes that batch again
    got = {name: sorted(map(repr, _read(root, name).to_pylist()))
           for name in ("articles", "events", "mentions")}
    assert got == expected


def test_the_lake_address_is_checked(tmp_path: Path) -> None:
    for bad in ("lake", "s3://bucket/lake", "parquet://"):
        with pytest.raises(UsageError, match="parquet://DIR"):
            open_lake(bad)
    lake = open_lake(f"parquet://{tmp_path / 'x'}")
    lake.close()
    assert (tmp_path / "x" / "_eventwire" / "state.db").is_file()


@pytest.mark.model
def test_cli_ingest_out_parquet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from eventwire.cli import cli

    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 8)
    root = tmp_path / "lake"
    args = ["ingest", str(corpus), "--out", f"parquet://{root}", "--json"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    events = _read(root, "events").num_rows
    assert events > 0 and not (tmp_path / "eventwire.db").exists()
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert '"new": 0' in again.output and _read(root, "events").num_rows == events


AGGREGATES_SQL = """
SELECT global_event_id, sum(n_mentions) AS num_mentions,
       count(DISTINCT coalesce(source_name, 'doc:' || doc_id)) AS num_sources,
       count(DISTINCT doc_id) AS num_articles
FROM read_parquet('{root}/mentions/*/*.parquet', hive_partitioning = true)
GROUP BY global_event_id
"""
"""The query of docs/scaling.md that gives the aggregated events' GDELT counts."""


def test_duckdb_reads_the_lake_and_its_aggregates_are_the_databases(
        tmp_path: Path, corpus: Path, database) -> None:  # type: ignore[no-untyped-def]
    duckdb = pytest.importorskip("duckdb")
    store, _ = database
    with store.engine.connect() as conn:
        db_counts = {r[0]: tuple(r[1:]) for r in conn.exec_driver_sql(
            "SELECT global_id, num_mentions, num_sources, num_articles FROM clusters")}
        n_events = conn.exec_driver_sql("SELECT count(*) FROM events").scalar()
    store.close()
    root = tmp_path / "lake"
    _lake_ingest(root, corpus)
    con = duckdb.connect()
    by_day = con.sql(f"SELECT CAST(published AS VARCHAR), count(*) FROM read_parquet("
                     f"'{root}/events/*/*.parquet', hive_partitioning = true) "
                     "GROUP BY 1").fetchall()
    assert by_day == [("2022-10-11", n_events)]
    counts = {r[0]: tuple(r[1:]) for r in con.sql(AGGREGATES_SQL.format(root=root)).fetchall()}
    assert counts == db_counts


def test_a_version_1_state_gets_the_copies_dates_sources_and_urls_back(
        tmp_path: Path, corpus: Path) -> None:
    root = tmp_path / "lake"
    _lake_ingest(root, corpus)
    path = root / "_eventwire" / "state.db"
    state = sqlite3.connect(path)
    expected = sorted(state.execute("SELECT doc_id, published, source_name, url FROM copies"))
    with state:   # the state as eventwire 0.1 left it: no dates, sources or URLs in copies
        for column in ("published", "source_name", "url"):
            state.execute(f"ALTER TABLE copies DROP COLUMN {column}")
        state.execute("UPDATE meta SET value = '1' WHERE key = 'version'")
    state.close()
    assert len(expected) == 41 and all(row[1] == "2022-10-11" for row in expected)
    LakeStore(root).close()
    state = sqlite3.connect(path)
    try:
        got = sorted(state.execute("SELECT doc_id, published, source_name, url FROM copies"))
        version = state.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    finally:
        state.close()
    assert version == ("2",)
    assert got == expected
