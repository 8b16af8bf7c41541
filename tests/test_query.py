"""The library query (``eventwire.query``), its filters and their errors, the query command, the
outputs' columns, schema 2 (event ids, ``published``, ``coder_version``) and migration 3 — on
SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from query_fixtures import AGGREGATES, EVENTS, fill
from store_fixtures import make_event

import eventwire
from eventwire.cli import cli
from eventwire.errors import StoreError, UsageError
from eventwire.pipeline.merge import event_id
from eventwire.records import DocResult, Document, coder_version
from eventwire.render import render_results
from eventwire.store import export as ex
from eventwire.store import schema
from eventwire.store.store import SqlStore, open_store


@pytest.fixture
def store(store: SqlStore) -> SqlStore:
    return fill(store)


def types(rows) -> list[str]:
    return sorted(f"{a.event.event_type}/{a.event.modality}" for a in rows)


# ---- dates -------------------------------------------------------------------------------------


def test_a_wide_date_range_returns_every_dated_event(store: SqlStore) -> None:
    every = eventwire.query(store)
    assert len(every) == AGGREGATES == store.counts()["aggregates"]
    wide = eventwire.query(store, since="1900-01-01", until="2100-12-31")
    # every event with an event date or a publication date; only the one article with neither
    # (no --date, no date in the text) has no place in time
    assert len(wide) == AGGREGATES - 1
    assert [a.event.doc_id for a in every if a not in wide] == ["undated"]
    assert sum(a.num_articles for a in wide) >= EVENTS - 1


def test_an_event_without_a_date_falls_back_to_its_publication_date(store: SqlStore) -> None:
    day = eventwire.query(store, since="2022-10-11", until="2022-10-11")
    assert types(day) == ["ACCUSE/asserted"]
    assert day[0].date_basis == "published" and day[0].event.date.value is None
    assert day[0].as_dict()["published"] == "2022-10-11"
    assert eventwire.query(store, since="2022-10-12", until="2022-10-12") == []
    dated = eventwire.query(store, since="2022-10-13", until="2022-10-13")
    assert [(a.event.event_type, a.date_basis) for a in dated] == [("CONSULT", "event")]


def test_rows_come_in_the_order_of_their_dates_those_the_text_leaves_undated_last(
        store: SqlStore) -> None:
    rows = eventwire.query(store)
    dated = [a.event.date.value for a in rows if a.date_basis == "event"]
    assert dated == sorted(dated) and len(dated) == 4
    assert [a.date_basis for a in rows[:4]] == ["event"] * 4
    assert all(a.event.date.value is None for a in rows[4:]) and len(rows) == AGGREGATES


# ---- filters -----------------------------------------------------------------------------------


@pytest.mark.parametrize("filters, expected", [
    ({}, ["ACCUSE/asserted", "ACCUSE/asserted", "AID/asserted", "AID/hypothetical",
          "ASSAULT/asserted", "CONSULT/future", "SANCTION/negated"]),
    ({"modality": "asserted"}, ["ACCUSE/asserted", "ACCUSE/asserted", "AID/asserted",
                                "ASSAULT/asserted"]),
    ({"modality": ["negated", "future"]}, ["CONSULT/future", "SANCTION/negated"]),
    ({"modality": "all"}, ["ACCUSE/asserted", "ACCUSE/asserted", "AID/asserted",
                           "AID/hypothetical", "ASSAULT/asserted", "CONSULT/future",
                           "SANCTION/negated"]),
    ({"event_type": "aid"}, ["AID/asserted", "AID/hypothetical"]),
    ({"event_type": "AID,ASSAULT", "modality": "asserted"}, ["AID/asserted",
                                                             "ASSAULT/asserted"]),
    ({"quad_class": 4}, ["ASSAULT/asserted", "SANCTION/negated"]),
    ({"actor": "RUS"}, ["ASSAULT/asserted", "CONSULT/future"]),
    ({"actor": "rusmil"}, ["ASSAULT/asserted"]),
    ({"actor": "Russia"}, ["ASSAULT/asserted", "CONSULT/future"]),
    ({"actor": "Russian"}, ["ASSAULT/asserted", "CONSULT/future"]),
    ({"actor": "putin"}, ["CONSULT/future"]),
    ({"actor": "MIL"}, ["ASSAULT/asserted"]),
    ({"recipient": "Russia"}, ["ACCUSE/asserted", "SANCTION/negated"]),
    ({"dyad": "RUS-UKR"}, ["ASSAULT/asserted"]),
    ({"dyad": "RUS-UKR", "directed": False}, ["ACCUSE/asserted", "ASSAULT/asserted"]),
    ({"dyad": "Ukraine-Russia"}, ["ACCUSE/asserted"]),
    ({"place": "UKR"}, ["ASSAULT/asserted"]),
    ({"place": "Kazakhstan"}, ["CONSULT/future"]),
    ({"place": "astana"}, ["CONSULT/future"]),
    ({"country": "FRA"}, ["AID/asserted"]),
    ({"admin1": "kyiv city"}, ["ASSAULT/asserted"]),
    ({"source": "daily"}, ["ACCUSE/asserted", "AID/hypothetical", "ASSAULT/asserted",
                           "CONSULT/future", "SANCTION/negated"]),
    ({"source": "Post"}, ["AID/asserted", "ASSAULT/asserted"]),
    ({"min_confidence": 0.76}, ["ASSAULT/asserted", "CONSULT/future"]),
    ({"min_sources": 3}, ["ASSAULT/asserted"]),
    ({"min_sources": 2}, ["ACCUSE/asserted", "ASSAULT/asserted", "CONSULT/future"]),
    ({"text": "GENERATORS"}, ["AID/asserted"]),   # a further evidence sentence
    ({"text": "100%"}, []),                       # LIKE's wildcards are plain characters
    ({"mode": "visit"}, []),
    ({"limit": 2}, ["ASSAULT/asserted", "CONSULT/future"]),  # the two earliest
    ({"limit": 0}, []),
    ({"bbox": "22,44,41,53"}, ["ASSAULT/asserted"]),                    # Kyiv
    ({"bbox": [-10, 40, 80, 60]}, ["AID/asserted", "ASSAULT/asserted", "CONSULT/future"]),
    ({"bbox": "60,-90,10,90"}, ["AID/asserted", "CONSULT/future"]),     # over the antimeridian
    ({"bbox": "-80,-60,-30,10"}, []),                                   # South America
])
def test_filters(store: SqlStore, filters: dict, expected: list[str]) -> None:
    assert types(eventwire.query(store, **filters)) == expected


@pytest.mark.parametrize("filters, names", [
    ({"actor": "XYZ"}, ["--actor", "XYZ"]),
    ({"actor": "Atlantis"}, ["--actor", "Atlantis"]),
    ({"recipient": "Narnia"}, ["--recipient", "Narnia"]),
    ({"place": "Iran"}, []),  # a country with no events is no error: an empty answer
    ({"place": "Atlantis"}, ["--place", "Atlantis"]),
    ({"country": "XX"}, ["--country", "XX"]),
    ({"admin1": "Nowhere"}, ["--admin1", "Nowhere"]),
    ({"source": "Pravda"}, ["--source", "Pravda"]),
    ({"dyad": "RUS"}, ["--dyad", "RUS"]),
    ({"dyad": "RUS-XYZ"}, ["--dyad", "XYZ"]),
    ({"event_type": "FIGHT"}, ["--type", "FIGHT"]),
    ({"quad_class": 5}, ["--quad-class", "5"]),
    ({"mode": "teleport"}, ["--mode", "teleport"]),
    ({"modality": "certain"}, ["--modality", "certain"]),
    ({"min_confidence": 2}, ["--min-confidence", "2"]),
    ({"min_confidence": "high"}, ["--min-confidence", "high"]),
    ({"min_sources": 0}, ["--min-sources", "0"]),
    ({"limit": -1}, ["--limit", "-1"]),
    ({"since": "2022-12-01", "until": "2022-01-01"}, ["--since", "2022-12-01", "2022-01-01"]),
    ({"since": "12/01/2022"}, ["--since", "12/01/2022", "YYYY-MM-DD"]),
    ({"actor": " "}, ["--actor", "empty"]),
    ({"bbox": "1,2,3"}, ["--bbox", "'1,2,3'", "not 4", "west,south,east,north"]),
    ({"bbox": "a,2,3,4"}, ["--bbox", "west 'a'", "not a number"]),
    ({"bbox": "0,0,nan,4"}, ["--bbox", "east 'nan'", "not a number"]),
    ({"bbox": "0,0,200,10"}, ["--bbox", "east 200", "-180..180"]),
    ({"bbox": "0,80,10,10"}, ["--bbox", "south 80", "north 10", "swap"]),
])
def test_unknown_names_and_impossible_values_are_errors_that_name_them(
        store: SqlStore, filters: dict, names: list[str]) -> None:
    if not names:
        assert eventwire.query(store, **filters) == []
        return
    with pytest.raises(UsageError) as err:
        eventwire.query(store, **filters)
    for name in names:
        assert name in str(err.value)


# ---- outputs -----------------------------------------------------------------------------------


CARRIED = ("published", "source", "modality", "source_url", "coder_version")


def test_every_record_carries_date_source_modality_url_and_coder(store: SqlStore) -> None:
    for agg in eventwire.query(store, source="Wire"):
        record = agg.as_dict()
        assert record["published"] == "2022-10-11" and record["source"] == "Wire"
        assert record["source_url"] == "https://wire.example/1"
        assert record["modality"] in ("asserted", "future")
        assert record["coder_version"] == coder_version()
        assert record["schema_version"] == 2
        assert record["date_basis"] in ("event", "published")


def test_a_data_frame_keeps_cameo_codes_as_strings(store: SqlStore) -> None:
    pytest.importorskip("pandas")
    frame = eventwire.query(store, as_frame=True)
    assert len(frame) == AGGREGATES
    assert str(frame["cameo"].dtype) == "string"
    assert sorted(frame["cameo"].dropna()) == ["036", "070", "070", "112", "112", "163", "190"]
    assert str(frame["quad_class"].dtype) == "Int64"
    for column in CARRIED:
        assert column in frame.columns
    wire = frame[frame["source"] == "Wire"]
    assert set(wire["published"]) == {"2022-10-11"}


def test_csv_read_with_the_documented_dtypes_keeps_cameo_codes(store: SqlStore,
                                                                 tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    knowledge = eventwire_knowledge()
    ex.export(store, "csv", tmp_path / "e.csv", knowledge)
    naive = pd.read_csv(tmp_path / "e.csv")
    assert 36 in set(naive["cameo"])  # what pandas does without the dtypes: "036" → 36
    typed = pd.read_csv(tmp_path / "e.csv", dtype=ex.CSV_DTYPES)
    assert "036" in set(typed["cameo"]) and str(typed["cameo"].dtype) == "string"
    for column in CARRIED:
        assert column in typed.columns
    assert set(typed["modality"]) == {"asserted", "future", "hypothetical", "negated"}


def eventwire_knowledge():
    from eventwire.knowledge import load_knowledge

    return load_knowledge()


@pytest.mark.parametrize("fmt", ["plover", "csv", "geojson", "parquet"])
def test_every_export_carries_the_columns(store: SqlStore, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"e.{fmt}"
    n = ex.export(store, fmt, out, eventwire_knowledge())
    if fmt == "plover":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
    elif fmt == "geojson":
        rows = [f["properties"] for f in json.loads(out.read_text())["features"]]
        assert n == len(rows) == 3  # the located aggregated events: Astana, Kyiv, Paris
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        rows = pq.read_table(out).to_pylist()
    assert rows
    for row in rows:
        for column in CARRIED:
            assert column in row, (fmt, column)
    assert {r["modality"] for r in rows} >= {"asserted", "future"}


def test_the_gdelt_export_holds_asserted_events_unless_asked(store: SqlStore,
                                                             tmp_path: Path) -> None:
    k = eventwire_knowledge()
    assert ex.export(store, "gdelt", tmp_path / "a.tsv", k) == 4
    assert ex.export(store, "gdelt", tmp_path / "all.tsv", k, all_modalities=True) == AGGREGATES
    rows = [line.split("\t") for line in (tmp_path / "a.tsv").read_text().splitlines()]
    assert "163" not in {r[26] for r in rows}  # "Turkey has not joined the sanctions"


def test_export_to_a_missing_folder_is_a_clear_error(store: SqlStore, db: str,
                                                    tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "x.tsv"
    with pytest.raises(UsageError, match="does not exist"):
        ex.export(store, "gdelt", missing, eventwire_knowledge())
    assert not missing.parent.exists()
    result = CliRunner().invoke(cli, ["export", "--db", db, "--format", "gdelt",
                                      "--out", str(missing)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{missing.parent} does not exist" in result.output


# ---- the command -------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_query_since_1900_until_2100_returns_every_stored_event(store: SqlStore, db: str) -> None:
    result = run("query", "--db", db, "--since", "1900-01-01", "--until", "2100-12-31")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    with store.engine.connect() as conn:
        placed = conn.scalar(sa.select(sa.func.count(sa.distinct(schema.events.c.cluster_id)))
                             .where(sa.or_(schema.events.c.date.is_not(None),
                                           schema.events.c.published.is_not(None))))
    assert len(rows) == placed == AGGREGATES - 1
    assert len({r["global_event_id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("args, message", [
    (["--type", "FIGHT", "--format", "csv"], "FIGHT"),
    (["--actor", "XYZ", "--format", "csv"], "XYZ"),
    (["--place", "Atlantis"], "Atlantis"),
    (["--limit", "-1"], "--limit -1"),
    (["--min-confidence", "2"], "between 0 and 1"),
    (["--bbox", "30,50,40", "--format", "csv"], "--bbox '30,50,40'"),
])
def test_query_errors_come_before_any_output(store: SqlStore, db: str, args: list[str],
                                             message: str) -> None:
    result = run("query", "--db", db, *args)
    assert result.exit_code == 2
    assert result.stdout == ""  # no CSV header before the error
    assert message in result.stderr


def test_query_bbox_keeps_the_events_placed_in_the_map_area(store: SqlStore, db: str) -> None:
    result = run("query", "--db", db, "--bbox", "22.1,44.3,40.2,52.4", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [(e["event_type"], e["location"]["name"]) for e in json.loads(result.stdout)] == [
        ("ASSAULT", "Kyiv")]


def test_query_formats_show_the_modality(store: SqlStore, db: str) -> None:
    table = run("query", "--db", db, "--format", "table")
    assert table.exit_code == 0, table.output
    assert "negated" in table.stdout and "hypothetical" in table.stdout
    assert "2022-10-20*" in table.stdout  # the undated sanction, on its publication date
    as_json = run("query", "--db", db, "--format", "json")
    records = json.loads(as_json.stdout)
    assert isinstance(records, list) and len(records) == AGGREGATES
    as_csv = run("query", "--db", db, "--format", "csv", "--modality", "negated")
    [row] = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert (row["modality"], row["cameo"], row["date_basis"], row["published"]) == (
        "negated", "163", "published", "2022-10-20")


def test_extract_json_is_one_array_for_several_articles() -> None:
    results = [DocResult(Document(f"d{i}", "Russia met Turkey.", ((0, 18),)),
                         (make_event(f"d{i}", 0),), ()) for i in range(3)]
    out = io.StringIO()
    assert render_results(results, "json", out) == 3
    docs = json.loads(out.getvalue())
    assert [d["doc"]["doc_id"] for d in docs] == ["d0", "d1", "d2"]
    empty = io.StringIO()
    render_results([], "json", empty)
    assert json.loads(empty.getvalue()) == []


# ---- schema 2 ----------------------------------------------------------------------------------


def _cand(index: int, offset: int, idx: int, kind: str, modality: str = "asserted",
          actors: tuple = ()) -> SimpleNamespace:
    return SimpleNamespace(sentence_index=index, offset=offset,
                           trigger=SimpleNamespace(idx=idx), sense=SimpleNamespace(
                               event_type=kind), modality=modality, actors=list(actors))


def test_event_id_hashes_doc_sentence_trigger_offset_and_type() -> None:
    base = event_id("doc", _cand(2, 100, 7, "CONSULT"))  # type: ignore[arg-type]
    # the resolved actors and the modality are not part of it (a new coder resolves them anew)
    assert event_id("doc", _cand(2, 100, 7, "CONSULT", "negated", ("x",))) == base  # type: ignore[arg-type]
    # the trigger's offset in the cleaned text is: offset of the sentence + index in it
    assert event_id("doc", _cand(2, 90, 17, "CONSULT")) == base  # type: ignore[arg-type]
    others = {event_id("doc", _cand(2, 100, 8, "CONSULT")),  # type: ignore[arg-type]
              event_id("doc", _cand(3, 100, 7, "CONSULT")),  # type: ignore[arg-type]
              event_id("doc", _cand(2, 100, 7, "ACCUSE")),  # type: ignore[arg-type]
              event_id("doc2", _cand(2, 100, 7, "CONSULT"))}  # type: ignore[arg-type]
    assert base not in others and len(others) == 4


def test_a_document_gives_each_event_its_own_id_and_its_date() -> None:
    one = make_event("d", 0)
    two = replace(make_event("d", 0), modality="negated")  # same id, only the modality differs
    assert one.event_id == two.event_id
    from datetime import date

    result = DocResult(Document("d", "Russia met Turkey.", ((0, 18),), published=date(2022, 1, 2)),
                       (one, two), ())
    ids = [e.event_id for e in result.events]
    assert ids[0] == one.event_id and len(set(ids)) == 2
    assert {e.published for e in result.events} == {"2022-01-02"}
    assert {e.coder_version for e in result.events} == {coder_version()}
    again = DocResult(result.doc, (one, two), ())
    assert [e.event_id for e in again.events] == ids  # stable


def test_events_flat_has_one_row_per_event(store: SqlStore) -> None:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM events_flat ORDER BY event_id")).mappings().all()
    assert len(rows) == EVENTS
    consult = next(r for r in rows if r["event_type"] == "CONSULT")
    assert (consult["actor_names"], consult["actor_countries"], consult["recipient_countries"],
            consult["place_name"], consult["modality"], consult["url"], consult["source"]) == (
        "Vladimir Putin", "RUS", "TUR", "Astana", "future", "https://wire.example/1", "Wire")
    sanction = next(r for r in rows if r["event_type"] == "SANCTION")
    assert (str(sanction["day"]), sanction["date_basis"]) == ("2022-10-20", "published")
    assert sanction["coder_version"] == coder_version()


# ---- migration 3 -------------------------------------------------------------------------------


def _as_v2(db: str, store: SqlStore) -> None:
    """Turn the filled database back into what eventwire made before migration 3: no
    published / coder_version columns, no view, the negated sanction in the aggregate of an
    asserted one (schema 1 keys had no modality)."""
    asserted = make_event("v2", 0, "SANCTION", (eventwire.Actor("TUR", "TUR", "TUR", "GOV",
                                                                "country"),),
                          (eventwire.Actor("RUS", "RUS", "RUS", "GOV", "country"),),
                          "2022-10-20", None, 0.9, "Turkey sanctioned Russia.", 0, "163", 4)
    negated = replace(make_event("v2", 1, "SANCTION", asserted.actors, asserted.recipients,
                                 "2022-10-20", None, 0.5, "Turkey did not sanction Russia.",
                                 26, "163", 4), modality="negated")
    from query_fixtures import _article

    _article(store, "v2", "Turkey sanctioned Russia. Turkey did not sanction Russia.",
             (asserted, negated), published=None, source="Old", url=None)
    ev = schema.events
    with store.engine.begin() as conn:
        old_cluster = conn.scalar(sa.select(ev.c.cluster_id)
                                  .where(ev.c.event_id == asserted.event_id))
        new_cluster = conn.scalar(sa.select(ev.c.cluster_id)
                                  .where(ev.c.event_id == negated.event_id))
        assert old_cluster != new_cluster  # schema 2 keeps them apart
        conn.execute(ev.update().where(ev.c.event_id == negated.event_id)
                     .values(cluster_id=old_cluster))
        conn.execute(schema.clusters.delete().where(schema.clusters.c.cluster_id == new_cluster))
        conn.execute(sa.text("DROP VIEW events_flat"))
        conn.execute(sa.text("DROP INDEX ix_events_published"))
        conn.execute(sa.text("DROP INDEX ix_events_days"))  # migration 5's, on published
        conn.execute(schema.schema_migrations.delete()
                     .where(schema.schema_migrations.c.version == 5))
        conn.execute(sa.text("ALTER TABLE events DROP COLUMN published"))
        conn.execute(sa.text("ALTER TABLE events DROP COLUMN coder_version"))
        conn.execute(sa.text("ALTER TABLE articles DROP COLUMN coder_version"))  # migration 6
        conn.execute(schema.schema_migrations.delete()
                     .where(schema.schema_migrations.c.version.in_([3, 6])))
    store.close()


def test_an_old_database_says_to_migrate_and_migrate_keeps_what_coded_it(db: str) -> None:
    store = fill(open_store(db))
    _as_v2(db, store)
    with pytest.raises(StoreError, match="eventwire migrate --db"):
        open_store(db, create=False, migrate=False)
    result = run("query", "--db", db)
    assert result.exit_code == 1 and isinstance(result.exception, StoreError)
    assert "eventwire migrate --db" in str(result.exception)
    migrated = run("migrate", "--db", db)
    assert migrated.exit_code == 0, migrated.output
    assert f"schema version {schema.SCHEMA_VERSION}" in migrated.stdout
    s = open_store(db, create=False, migrate=False)
    try:
        with s.engine.connect() as conn:
            coders = dict(conn.execute(sa.select(schema.events.c.doc_id,
                                                 schema.events.c.coder_version)).all())
            published = dict(conn.execute(sa.select(schema.events.c.event_id,
                                                    schema.events.c.published)).all())
            assert conn.scalar(sa.text("SELECT count(*) FROM events_flat")) == EVENTS + 2
        assert set(coders.values()) == {schema.OLD_CODER}
        # migration 6: each article says what coded it, from its events (none: not known)
        with s.engine.connect() as conn:
            rows = conn.execute(sa.select(schema.articles.c.coder_version,
                                          schema.articles.c.n_events)).all()
        assert rows and {c for c, n in rows if n} == {schema.OLD_CODER}
        assert all(c is None for c, n in rows if not n)
        assert s.other_coders("0.9.9+tables-000000") == len(rows)
        assert sum(1 for p in published.values() if p is not None) == EVENTS + 2 - 3
        sanctions = eventwire.query(s, event_type="SANCTION", source="Old")
        assert sorted(a.event.modality for a in sanctions) == ["asserted", "negated"]
        assert all(a.num_articles == 1 for a in sanctions)
    finally:
        s.close()


@pytest.mark.parametrize("name", ["query", "stats", "export", "serve", "migrate"])
def test_the_readme_command_summary_lists_every_option(name: str) -> None:
    import click

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("## The command line")
    summary = readme[start:readme.index("```\n", readme.index("```", start) + 3)]
    assert f"eventwire {name}" in summary
    for param in cli.commands[name].params:
        if isinstance(param, click.Option):
            assert any(opt in summary for opt in param.opts), (name, param.opts)
