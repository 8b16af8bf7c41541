"""``eventwire ingest --cluster``: a Dask LocalCluster of 2 workers gives the database of one
process, exactly, on SQLite and PostgreSQL; a worker killed on its first attempt at a partition
costs a retry and nothing else.

One LocalCluster serves the module (its start and the model load on each worker are the main
cost); articles are short, in the fixture vocabulary, extracted by the real model.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path

import pytest
from store_fixtures import postgres_url, reset_postgres, snapshot, write_corpus

from eventwire.errors import EventwireError, UsageError
from eventwire.options import build_options
from eventwire.readers import read_inputs
from eventwire.store.ingest import IngestSummary, ingest
from eventwire.store.store import open_store

pytest.importorskip("distributed", reason="the [scale] extra (dask, distributed) is not "
                    "installed; make test installs it")

from eventwire.cluster.executor import ClusterExtractor, parse_cluster  # noqa: E402

pytestmark = [pytest.mark.model, pytest.mark.slow]

PARTITIONS = 6


def _far_copies(path: Path) -> None:
    """Near copies of early stories at the very end of the corpus: far from their originals,
    so in another partition whatever the cut."""
    lines = path.read_text(encoding="utf-8").splitlines()
    extra = []
    for record in map(json.loads, lines[:12]):
        if record["id"] in ("story-1", "story-2", "story-3"):
            extra.append({**record, "id": "late-" + record["id"], "source": "Late Wire",
                          "url": None, "text": "LATE WIRE - " + record["text"] + " (Late Wire)"})
    path.write_text("\n".join(lines + [json.dumps(r) for r in extra]) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cluster") / "corpus.jsonl"
    write_corpus(path, 40)
    _far_copies(path)
    return path


@pytest.fixture(scope="module")
def pool() -> Iterator[ClusterExtractor]:
    with ClusterExtractor(build_options(), "local:2", partitions=PARTITIONS,
                          memory_limit="2GiB") as p:
        yield p


def _ingest(db: str, corpus: Path, extract) -> IngestSummary:  # type: ignore[no-untyped-def]
    store = open_store(db)
    try:
        return ingest(read_inputs([str(corpus)], build_options()), store, extract)
    finally:
        store.close()


@pytest.fixture(scope="module")
def reference(corpus: Path, extractor, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The single-process ingest of the corpus into SQLite: its summary and every table."""
    db = str(tmp_path_factory.mktemp("reference") / "events.db")
    summary = _ingest(db, corpus, extractor.run)
    return summary, snapshot(db), db


def _partition_of(pool: ClusterExtractor) -> dict[str, int]:
    return {d: i for i, ids in pool.log.doc_ids.items() for d in ids}


def _check_spread(pool: ClusterExtractor, corpus: Path) -> None:
    """≥ 4 partitions, run on both workers, with near copies whose originals went out in an
    earlier partition than the articles read around them."""
    assert len(pool.log.doc_ids) == PARTITIONS >= 4
    assert len(set(pool.log.placements.values())) == 2, pool.log.placements
    where = _partition_of(pool)
    order = [json.loads(line)["id"] for line in corpus.read_text().splitlines()]
    crossing = 0
    for i, doc_id in enumerate(order):
        if doc_id.startswith(("near-", "late-")):
            original = doc_id.split("-", 1)[1]
            original = original if original.startswith("story-") else f"story-{original}"
            around = next((where[d] for d in order[i + 1:] if d in where), PARTITIONS)
            crossing += where[original] != around
    assert crossing >= 3


def test_local_cluster_gives_the_single_process_database_on_sqlite(
        pool: ClusterExtractor, corpus: Path, reference, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    summary, expected, _ = reference
    # 17 copies (8 exact, 9 near); copy-i, near-i and late-story-i precede story-i by the rule
    # (same date, smaller doc id), so most arrive after their original and replace it
    assert sum(row[3] != "original" for row in expected["copies"]) == 17
    assert summary.read >= 40 and summary.superseded >= 10 and summary.events > 40
    db = str(tmp_path / "cluster.db")
    got = _ingest(db, corpus, pool.run)
    _check_spread(pool, corpus)
    assert (got.read, got.new, got.duplicate, got.events, got.superseded) == (
        summary.read, summary.new, summary.duplicate, summary.events, summary.superseded)
    tables = snapshot(db)
    for name in ("articles", "copies", "events", "event_actors", "event_evidence", "places",
                 "clusters", "lsh_bands", "copy_texts", "copy_bands"):
        assert tables[name] == expected[name], name
    assert tables == expected
    links = {row[0]: row for row in tables["copies"]}
    for i in (1, 2, 3):   # the far copies are found: the late one, by its doc id, leads
        late, story = links[f"late-story-{i}"], links[f"story-{i}"]
        assert (late[3], story[3], story[1]) == ("original", "near", late[1])


def _same_but_origin(db: str | Path) -> dict[str, list[tuple[object, ...]]]:
    """The snapshot without ``copies.origin`` (the file and line a document was read from,
    which differs when the same documents come in other files)."""
    from eventwire.store.store import copies

    tables = snapshot(db)
    at = [c.name for c in copies.columns if not c.name.endswith("_at")].index("origin")
    tables["copies"] = sorted((row[:at] + row[at + 1:] for row in tables["copies"]), key=repr)
    return tables


def _jsonl(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_any_input_order_and_two_runs_give_the_same_database(
        pool: ClusterExtractor, corpus: Path, extractor, reference, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The rule that picks the original (earliest date, then smallest doc id) does not depend
    on arrival order: the corpus reversed on the cluster, and in two runs whose second brings
    every copy that precedes its story (single process and cluster), give the database of
    the single-process ingest in input order."""
    expected = _same_but_origin(reference[2])
    lines = corpus.read_text(encoding="utf-8").splitlines()
    backwards = _jsonl(tmp_path / "reversed.jsonl", lines[::-1])
    got = _ingest(str(tmp_path / "reversed.db"), backwards, pool.run)
    assert got.read == len(lines)
    assert _same_but_origin(tmp_path / "reversed.db") == expected
    late = [line for line in lines if not json.loads(line)["id"].startswith("story-")]
    first = _jsonl(tmp_path / "first.jsonl", [line for line in lines if line not in late])
    second = _jsonl(tmp_path / "second.jsonl", late)
    for name, extract in (("single", extractor.run), ("cluster", pool.run)):
        db = str(tmp_path / f"{name}-two-runs.db")
        _ingest(db, first, extract)
        again = _ingest(db, second, extract)
        assert again.superseded >= 10, name          # the earlier copies replaced originals
        assert _same_but_origin(db) == expected, name


@pytest.mark.postgres
def test_local_cluster_gives_the_single_process_database_on_postgresql(
        pool: ClusterExtractor, corpus: Path, extractor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = postgres_url()
    reset_postgres(url)
    single = _ingest(url, corpus, extractor.run)
    expected = snapshot(url)
    reset_postgres(url)
    got = _ingest(url, corpus, pool.run)
    _check_spread(pool, corpus)
    assert got.events == single.events and got.duplicate == single.duplicate
    assert got.superseded == single.superseded >= 10
    assert snapshot(url) == expected
    again = _ingest(url, corpus, pool.run)
    assert (again.new, again.already, again.events) == (0, single.read, 0)
    assert snapshot(url) == expected
    without_origin = _same_but_origin(url)
    reset_postgres(url)   # the corpus backwards, on the cluster: the same database
    lines = corpus.read_text(encoding="utf-8").splitlines()
    _ingest(url, _jsonl(tmp_path / "reversed.jsonl", lines[::-1]), pool.run)
    assert _same_but_origin(url) == without_origin
    reset_postgres(url)


def kill_first_attempt(target: int, marks: str, index: int, doc_ids: Sequence[str]) -> None:
    """A worker-side hook: note each attempt; SIGKILL this worker on its first at ``target``."""
    folder = Path(marks)
    (folder / f"attempt-{index}-{os.getpid()}").write_text(",".join(doc_ids))
    if index == target:
        first = folder / f"killed-{index}"
        try:
            first.touch(exist_ok=False)
        except FileExistsError:
            return
        first.write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_mid_partition_is_retried_and_nothing_is_lost_or_doubled(
        pool: ClusterExtractor, corpus: Path, reference, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import cloudpickle

    summary, expected, _ = reference
    marks = tmp_path / "marks"
    marks.mkdir()
    target = 2
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    pool.hook = partial(kill_first_attempt, target, str(marks))
    try:
        db = str(tmp_path / "killed.db")
        got = _ingest(db, corpus, pool.run)
    finally:
        pool.hook = None
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    killed_pid = int((marks / f"killed-{target}").read_text())
    attempts = sorted(p.name for p in marks.glob(f"attempt-{target}-*"))
    assert len(attempts) == 2, attempts                       # the first attempt and its retry
    assert pool.log.pids[target] != killed_pid                 # the result came from the retry
    assert len(pool.log.doc_ids) == PARTITIONS
    assert (got.read, got.new, got.events) == (summary.read, summary.new, summary.events)
    assert snapshot(db) == expected                            # nothing lost, nothing doubled
    pool.client.wait_for_workers(2, timeout=120)               # the nanny restarts the worker
    assert len(pool.workers()) == 2


def test_cluster_values_are_checked() -> None:
    assert parse_cluster("local:3").local_workers == 3
    assert parse_cluster("tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    for bad in ("local:0", "local:x", "8786", "http://host:8786", ""):
        with pytest.raises(UsageError, match="--cluster"):
            parse_cluster(bad)


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(EventwireError, match="cannot reach the Dask scheduler.*tcp://127.0.0.1:9"):
        ClusterExtractor(build_options(), "tcp://127.0.0.1:9", connect_timeout="2s").start()


def test_without_the_scale_extra_the_error_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(EventwireError, match=r"pip install 'eventwire\[scale\]'"):
        ClusterExtractor(build_options(), "local:2").start()



@pytest.mark.parametrize("args, message", [
    (["--cluster", "local:2", "--workers", "2"], "cannot be combined"),
    (["--partitions", "4"], "--partitions needs --cluster"),
    (["--cluster", "local:0"], "local:N"),
    (["--cluster", "host:8786"], "tcp://HOST:8786"),
])
def test_cli_cluster_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    from click.testing import CliRunner

    from eventwire.cli import cli

    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db",
                                      str(tmp_path / "e.db"), *args])
    assert result.exit_code == 2 and message in result.output, result.output


def test_cli_unreachable_scheduler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    from eventwire.cli import main

    monkeypatch.setattr("eventwire.cluster.executor.CONNECT_TIMEOUT", "2s")

    (tmp_path / "a.txt").write_text("Russia met Turkey in Astana on 2022-10-13.")
    with pytest.raises(SystemExit) as exit_:
        main(["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "e.db"),
              "--cluster", "tcp://127.0.0.1:9"])
    assert exit_.value.code == 1
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_cli_ingest_on_a_local_cluster(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from eventwire.cli import cli

    corpus = tmp_path / "small.jsonl"
    write_corpus(corpus, 8)
    _ingest(str(tmp_path / "single.db"), corpus, extractor.run)
    db = tmp_path / "cluster.db"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "--cluster",
                                      "local:1", "--partition-size", "3", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    # 8 stories stored; copy-0, near-0 and copy-5 precede their stories and replaced them
    assert (summary["new"], summary["superseded"]) == (11, 3) and summary["events"] > 0
    assert snapshot(db) == snapshot(tmp_path / "single.db")


def test_local_cluster_fills_the_parquet_lake_as_one_process_does(
        pool: ClusterExtractor, corpus: Path, extractor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ds = pytest.importorskip("pyarrow.dataset")
    from eventwire.store.lake import LakeStore

    def fill(root: Path, extract) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
        lake = LakeStore(root, batch_articles=10)
        try:
            ingest(read_inputs([str(corpus)], build_options()), lake, extract)
        finally:
            lake.close()
        return {name: sorted(map(repr, ds.dataset(root / name, format="parquet",
                                                  partitioning="hive").to_table().to_pylist()))
                for name in ("articles", "events", "mentions")}

    single = fill(tmp_path / "single", extractor.run)
    assert fill(tmp_path / "cluster", pool.run) == single
    assert len(pool.log.doc_ids) == PARTITIONS and len(single["events"]) > 40
