"""Ingest throughput in one process, with ``--workers 2`` and with ``--cluster local:2``.

The same N articles (AllSides, the lines after the first 10,000, so that they are not the
articles ``bench/throughput.py`` measures) are ingested into a fresh SQLite database by each
configuration, through the same ingest driver (read, deduplicate, extract, store):

  process-1    Extractor.run in this process
  workers-2    pipeline.parallel with 2 worker processes (``--workers 2``)
  cluster-2    a Dask LocalCluster of 2 single-threaded workers (``--cluster local:2``)

Rates are articles per second from the first article read to the last stored; starting the
workers and loading the model in them is timed apart ("start s"). "CPU ms/art" is the CPU
time of the whole process tree (driver, workers, nannies) per article over the same span: it
does not depend on what else the machine runs, where the wall-clock rate does. The databases
are compared: each configuration must store the same events (ids and counts). Skips cleanly
(exit 0) when the corpus is absent or the [scale] extra is not installed.

  python bench/cluster.py                      # 1,000 articles
  python bench/cluster.py --n 200 --configs process-1,cluster-2
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout: import the checkout's eventwire
    sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpora" / "allsides_articles.jsonl.gz"
SKIP_LINES = 10_000
CONFIGS = ("process-1", "workers-2", "cluster-2")


def write_sample(path: Path, n: int, skip: int = SKIP_LINES) -> int:
    """The first ``n`` AllSides articles with text after line ``skip``, as eventwire JSONL."""
    written = 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines, open(path, "w") as out:
        for number, line in enumerate(lines, start=1):
            if number <= skip:
                continue
            row = json.loads(line)
            text = row.get("content_original") or ""
            if not text.strip():
                continue
            out.write(json.dumps({"id": str(row.get("ID") or f"allsides-{number}"),
                                  "text": text, "title": row.get("title"),
                                  "url": row.get("url"), "source": row.get("source"),
                                  "date": (row.get("date") or "")[:10] or None}) + "\n")
            written += 1
            if written == n:
                break
    return written


def tree_cpu_seconds() -> float:
    """User + system CPU seconds of this process and every live descendant (the pool's workers,
    the cluster's nannies and workers), from /proc; 0 where /proc is absent."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / ticks
    mine = {os.getpid()}
    grew = True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in mine} - mine
        grew = bool(found)
        mine |= found
    return sum(cpu.get(pid, 0.0) for pid in mine)


def _load() -> float:
    """The 1-minute load average (nan where the system has none)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def _run(name: str, sample: Path, db: Path, partition_size: int = 16,
         ahead: int = 4) -> dict[str, Any]:
    from eventwire.options import build_options
    from eventwire.readers import read_inputs
    from eventwire.store.ingest import ingest
    from eventwire.store.store import open_store

    options = build_options()
    started = time.perf_counter()
    pool: Any = None
    if name == "process-1":
        from eventwire.pipeline import Extractor

        extractor = Extractor(options)
        list(extractor.run([]))
        extract: Callable[..., Iterator[Any]] = extractor.run
    elif name == "workers-2":
        from eventwire.pipeline.parallel import ParallelExtractor

        pool = ParallelExtractor(options, 2)
        pool.start()
        extract = pool.run
    else:
        from eventwire.cluster.executor import ClusterExtractor

        pool = ClusterExtractor(options, "local:2", partition_size=partition_size,
                                ahead=ahead)
        pool.start()
        extract = pool.run
    start_s = time.perf_counter() - started
    store = open_store(str(db))
    try:
        c0, t0 = tree_cpu_seconds(), time.perf_counter()
        summary = ingest(read_inputs([str(sample)], options), store, extract)
        seconds = time.perf_counter() - t0
        cpu = tree_cpu_seconds() - c0
    finally:
        store.close()
        if pool is not None:
            pool.close()
    con = sqlite3.connect(db)
    events = sorted(r[0] for r in con.execute("SELECT event_id FROM events"))
    con.close()
    return {"configuration": name, "articles": summary.read, "new": summary.new,
            "events": summary.events, "seconds": seconds, "rate": summary.read / seconds,
            "start_s": start_s, "cpu_ms": 1000 * cpu / max(summary.read, 1),
            "event_ids": events}


def driver_ceiling(sample: Path, tmp: Path, pg: str | None) -> list[tuple[str, float, int]]:
    """The driver alone: the sample's DocResults, extracted once beforehand, replayed through
    the ingest driver (read, deduplicate, write) into each store. Its articles/s is the most
    a single driver can take in, however many workers extract."""
    from eventwire.options import build_options
    from eventwire.pipeline import Extractor
    from eventwire.readers import read_inputs
    from eventwire.store.ingest import ingest
    from eventwire.store.lake import open_lake
    from eventwire.store.store import open_store

    options = build_options()
    articles = [a for a in read_inputs([str(sample)], options) if hasattr(a, "text")]
    done = {r.doc.doc_id: r for r in Extractor(options).run(articles)}

    def replay(given: Any) -> Iterator[Any]:
        for article in given:
            yield done[article.doc_id]

    targets: list[tuple[str, Callable[[], Any]]] = [
        ("sqlite", lambda: open_store(str(tmp / "driver.db"))),
        ("parquet", lambda: open_lake(f"parquet://{tmp / 'lake'}"))]
    if pg:
        from sqlalchemy import create_engine

        from eventwire.store.store import metadata, resolve_url

        def fresh_pg() -> Any:
            engine = create_engine(resolve_url(pg))
            metadata.drop_all(engine)
            engine.dispose()
            return open_store(pg)

        targets.append(("postgresql", fresh_pg))
    out = []
    for name, make in targets:
        store = make()
        t0 = time.perf_counter()
        try:
            summary = ingest(read_inputs([str(sample)], options), store, replay)
        finally:
            store.close()
        seconds = time.perf_counter() - t0
        out.append((name, summary.read / seconds, summary.events))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--configs", default=",".join(CONFIGS),
                        help=f"comma-separated, of {', '.join(CONFIGS)}")
    parser.add_argument("--partition-size", type=int, default=16,
                        help="cluster-2: articles per partition (default 16)")
    parser.add_argument("--ahead", type=int, default=4,
                        help="cluster-2: partitions outstanding per worker (default 4)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--driver", action="store_true",
                        help="instead: the driver's own rate (deduplicate and write results "
                        "extracted beforehand) into SQLite, the Parquet lake and, with --pg, "
                        "PostgreSQL")
    parser.add_argument("--pg", metavar="URL", help="--driver: a scratch PostgreSQL database "
                        "(its eventwire tables are dropped first)")
    args = parser.parse_args(argv)
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = set(configs) - set(CONFIGS)
    if unknown:
        parser.error(f"unknown configuration(s) {', '.join(sorted(unknown))}; "
                     f"use {', '.join(CONFIGS)}")
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} is absent (the shared corpora are not beside the checkout)")
        return 0
    if "cluster-2" in configs:
        try:
            import distributed  # noqa: F401
        except ImportError:
            print("skipped: cluster-2 needs the [scale] extra: pip install 'eventwire[scale]'")
            return 0
    if args.driver:
        with tempfile.TemporaryDirectory(prefix="eventwire-driver-bench-") as tmp:
            sample = Path(tmp) / "sample.jsonl"
            n = write_sample(sample, args.n)
            print(f"the driver alone on {n} AllSides articles (after line {SKIP_LINES:,}), "
                  "results extracted beforehand")
            print(f"{'store':<12}{'articles/s':>12}{'events':>9}")
            for name, rate, events in driver_ceiling(sample, Path(tmp), args.pg):
                print(f"{name:<12}{rate:>12.1f}{events:>9}")
        return 0
    results = []
    loads: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="eventwire-cluster-bench-") as tmp:
        sample = Path(tmp) / "sample.jsonl"
        n = write_sample(sample, args.n)
        print(f"{n} AllSides articles (after line {SKIP_LINES:,}), {os.cpu_count()} CPUs, "
              "ingested into a fresh SQLite database each")
        for name in configs:
            loads[name] = _load()
            results.append(_run(name, sample, Path(tmp) / f"{name}.db", args.partition_size,
                                args.ahead))
            r = results[-1]
            print(f"  done {name}: {r['rate']:.2f} articles/s (load average before it "
                  f"{loads[name]:.2f})", file=sys.stderr)
    base = results[0]
    load = _load()
    print(f"{'configuration':<14}{'articles/s':>12}{'seconds':>10}{'start s':>10}"
          f"{'CPU ms/art':>12}{'events':>9}{'x ' + base['configuration']:>14}"
          f"{'same events':>13}{'load before':>13}")
    for r in results:
        print(f"{r['configuration']:<14}{r['rate']:>12.2f}{r['seconds']:>10.1f}"
              f"{r['start_s']:>10.1f}{r['cpu_ms']:>12.0f}{r['events']:>9}"
              f"{r['rate'] / base['rate']:>14.2f}"
              f"{'yes' if r['event_ids'] == base['event_ids'] else 'NO':>13}"
              f"{loads[r['configuration']]:>13.2f}")
    print(f"load average at the end: {load:.2f} (other processes share the CPUs when it is "
          f"above {os.cpu_count()})")
    by = {r["configuration"]: r for r in results}
    if "workers-2" in by and "cluster-2" in by:
        ratio = by["cluster-2"]["rate"] / by["workers-2"]["rate"]
        print(f"cluster-2 / workers-2: {ratio:.3f} ({(ratio - 1) * 100:+.1f} %)")
    if args.json:
        print(json.dumps([{k: v for k, v in r.items() if k != "event_ids"} for r in results]))
    return 0 if all(r["event_ids"] == base["event_ids"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
