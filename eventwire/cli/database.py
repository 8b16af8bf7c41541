"""The commands of the event database: ``ingest`` (and ``--reextract``), ``query``, ``stats``,
``export``, ``migrate``, ``serve``.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import UsageError
from .common import (
    DATE_HELP,
    DICT_HELP,
    DICTIONARIES_ONLY_HELP,
    MIN_CONFIDENCE_HELP,
    cli,
    coder_options,
)


DB_HELP = ("The event database: a file path (SQLite, WAL mode) or a URL, sqlite:///PATH or "
           "postgresql://USER@HOST:PORT/DB.")


class _IngestProgress:
    """Renders ingest outcomes on stderr: every reject as a line, and a rate line on a terminal."""

    def __init__(self, show_rate: bool) -> None:
        import time

        self._clock = time.monotonic
        self.show_rate = show_rate
        self._last = 0.0
        self._width = 0

    def __call__(self, outcome: Any, summary: Any) -> None:
        if outcome.kind == "rejected":
            self.clear()
            click.echo(f"eventwire: rejected {outcome.doc_id}: {outcome.reason}", err=True)
        if self.show_rate and self._clock() - self._last >= 0.2:
            self._last = self._clock()
            line = (f"{summary.read} articles ({summary.articles_per_second:.1f}/s): "
                    f"{summary.new} new, {summary.duplicate} duplicate, {summary.already} "
                    f"already stored, {summary.rejected} rejected, {summary.events} events")
            self._width = max(self._width, len(line))
            click.echo("\r" + line.ljust(self._width), err=True, nl=False)

    def partitions(self, state: Any) -> None:
        """A cluster partition finished: partitions done/total and the extraction rate."""
        total = f"{state.partitions_total}" if state.final else f"{state.partitions_total}+"
        line = (f"partitions {state.partitions_done}/{total}: {state.articles_done} articles "
                f"extracted ({state.articles_per_second:.1f}/s)")
        if self.show_rate:
            self._width = max(self._width, len(line))
            click.echo("\r" + line.ljust(self._width), err=True, nl=False)
        else:
            import logging

            logging.getLogger("eventwire.cluster").info(line)

    def clear(self) -> None:
        if self._width:
            click.echo("\r" + " " * self._width + "\r", err=True, nl=False)


def _summary_line(summary: Any, db: str) -> str:
    return (f"{db}: {summary.read} articles read: {summary.new} new, {summary.duplicate} "
            f"duplicate, {summary.already} already stored; {summary.rejected} rejected; "
            f"{summary.events} events; {summary.articles_per_second:.1f} articles/s "
            f"({summary.seconds:.1f} s)")


@cli.command("ingest")
@click.argument("paths", nargs=-1)
@click.option("--db", default="eventwire.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--workers", type=int, default=1, show_default=True,
              help="Worker processes for parsing (1 = in this process).")
@click.option("--date", "published", metavar="YYYY-MM-DD", help=DATE_HELP)
@click.option("--title-line", is_flag=True,
              help="Take the first line of a .txt article as its title.")
@click.option("--dictionary", "dictionaries", multiple=True, metavar="PATH", help=DICT_HELP)
@click.option("--dictionaries-only", is_flag=True, help=DICTIONARIES_ONLY_HELP)
@click.option("--min-confidence", type=float, default=None, metavar="X", help=MIN_CONFIDENCE_HELP)
@click.option("--json", "as_json", is_flag=True,
              help="Print the summary as one JSON object instead of a line of text.")
@click.option("-q", "--quiet", is_flag=True, help="No progress line on stderr.")
@click.option("--cluster", metavar="local:N|tcp://HOST:PORT",
              help="Extract on a Dask cluster (the [scale] extra): local:N starts N worker "
              "processes here, tcp://HOST:8786 uses a running scheduler. The database is the "
              "one a single process would write. See docs/scaling.md.")
@click.option("--partitions", type=int, metavar="N",
              help="With --cluster: cut the new articles into exactly N partitions (reads "
              "them all first). Default: partitions of --partition-size as the input streams.")
@click.option("--partition-size", type=int, default=16, show_default=True, metavar="N",
              help="With --cluster: articles per partition when --partitions is not given.")
@click.option("--worker-memory", default="3GiB", show_default=True, metavar="SIZE",
              help="With --cluster local:N: memory limit per worker (e.g. 2GiB); a worker "
              "past it is restarted and its partition runs again.")
@click.option("--out", metavar="parquet://DIR",
              help="Write a Parquet event lake in DIR (events, mentions, articles partitioned "
              "by publication date) instead of the database; see docs/scaling.md.")
@click.option("--reextract", is_flag=True,
              help="First recode the stored articles that another coder version coded (after "
              "an upgrade, or with another --coder or --model), from their stored text, one "
              "transaction per article; PATHS may then be left out.")
@coder_options
def ingest_command(paths: tuple[str, ...], db: str, workers: int, published: str | None,
                   title_line: bool, dictionaries: tuple[str, ...], dictionaries_only: bool,
                   min_confidence: float | None, as_json: bool, quiet: bool, coder: str | None,
                   model: str | None, cluster: str | None,
                   partitions: int | None, partition_size: int, worker_memory: str,
                   out: str | None, reextract: bool) -> None:
    """Ingest news (files, directories, feeds, WARC, JSONL) into the event database.

    Identical and near-identical articles are stored once with all their sources; re-running
    on the same inputs adds nothing, and a run killed at any moment can simply be run again.
    Exit status 1 when some inputs were rejected (each named on stderr).

    \b
    Examples:
      eventwire ingest examples/corpus --date 2022-10-11
      eventwire ingest feeds/ crawl.warc.gz --db postgresql://me@127.0.0.1/events
      eventwire ingest corpus/ --cluster local:4 --out parquet://lake
      eventwire ingest --reextract --db events.db --coder learned
    """
    import json

    from ..store.ingest import ingest_paths
    from ..options import build_options

    try:
        opts = build_options(published=published, min_confidence=min_confidence,
                             title_line=title_line, dictionaries=dictionaries,
                             dictionaries_only=dictionaries_only, workers=workers, db=db,
                             coder=coder, model=model)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    if not paths and not reextract:
        raise click.UsageError("give the PATHS to ingest (files, directories, feeds, WARC, "
                               "JSONL), or --reextract to recode what the database holds")
    if reextract and (out is not None or cluster is not None):
        raise click.UsageError("--reextract recodes a database: it does not combine with "
                               "--out or --cluster")
    if reextract:
        _reextract(opts, db, quiet, as_json)
        if not paths:
            return
    if cluster is not None and workers != 1:
        raise click.UsageError("--workers and --cluster cannot be combined: --cluster local:N "
                               "runs N worker processes")
    if cluster is None and partitions is not None:
        raise click.UsageError("--partitions needs --cluster")
    progress = _IngestProgress(show_rate=not quiet and sys.stderr.isatty())
    if cluster is not None:
        from ..cluster.driver import ingest_on_cluster
        from ..cluster.executor import parse_cluster

        try:
            parse_cluster(cluster)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None
        summary = ingest_on_cluster(paths, opts, cluster, partitions=partitions,
                                    partition_size=partition_size, memory_limit=worker_memory,
                                    out=out, progress=progress,
                                    partition_progress=progress.partitions)
    else:
        summary = ingest_paths(paths, opts, progress=progress, out=out)
    progress.clear()
    target = out or db
    if as_json:
        click.echo(json.dumps(summary.as_dict()))
    else:
        click.echo(_summary_line(summary, target))
    if out is None and not reextract:
        _name_other_coders(db, opts)
    if summary.rejected:
        sys.exit(1)


def _name_other_coders(db: str, opts: Any) -> None:
    """After an ingest: say how many stored articles another coder version coded, and the
    command that recodes them."""
    from ..pipeline import coder_of
    from ..store.store import open_store

    coder = coder_of(opts)
    with open_store(db) as store:
        others = store.other_coders(coder)
    if others:
        click.echo(f"eventwire: {others} articles in {db} were coded by another coder version "
                   f"than {coder}; `eventwire ingest --reextract --db {db}` (with the same "
                   "--coder/--model) recodes them", err=True)


def _reextract(opts: Any, db: str, quiet: bool, as_json: bool) -> None:
    """``ingest --reextract``: recode the articles another coder version coded."""
    import json

    from ..store.recode import reextract

    def progress(done: int, total: int) -> None:
        if not quiet and sys.stderr.isatty():
            click.echo(f"\r{db}: recoded {done}/{total} articles", err=True, nl=done == total)

    summary = reextract(opts, progress=progress)
    if as_json:
        click.echo(json.dumps({"reextract": summary.as_dict()}))
    else:
        click.echo(f"{db}: {summary.recoded} of {summary.candidates} articles coded by another "
                   f"version recoded with {summary.coder_version}: {summary.events_before} "
                   f"events before, {summary.events_after} after ({summary.seconds:.1f} s)")


def _filter_options(command: Any) -> Any:
    """The filters of ``query``, ``stats`` and ``export``, declared once (``store/query.py``)."""
    options = [
        click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this date: the "
                     "event's date, else its article's publication date."),
        click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this date "
                     "(the same fallback)."),
        click.option("--type", "event_type", metavar="T", multiple=True,
                     help="PLOVER event type, e.g. CONSULT (repeatable, or comma-separated)."),
        click.option("--quad-class", metavar="1-4", multiple=True,
                     help="CAMEO quad class: 1 verbal cooperation, 2 material cooperation, "
                     "3 verbal conflict, 4 material conflict (repeatable)."),
        click.option("--mode", metavar="MODE", multiple=True,
                     help="PLOVER mode, e.g. visit, phone, aerial (repeatable)."),
        click.option("--modality", metavar="M", multiple=True,
                     help="asserted, future, hypothetical, negated, or all (repeatable). "
                     "Default: all for query and the exports but gdelt; asserted for stats "
                     "and the GDELT tables."),
        click.option("--actor", metavar="CODE|NAME",
                     help="Who did it: a country, IGO or sector code (RUS, NATO, GOV, RUSGOV), "
                     "a country's name (Russia), or an actor's name (putin; case-insensitive)."),
        click.option("--recipient", metavar="CODE|NAME",
                     help="To whom: the same forms as --actor."),
        click.option("--dyad", metavar="A-B",
                     help="A country pair: actor A and recipient B (RUS-UKR); with "
                     "--undirected, either way round."),
        click.option("--undirected", is_flag=True,
                     help="With --dyad: either country may be the actor."),
        click.option("--place", metavar="NAME|ISO3",
                     help="Where: a country (KAZ, Kazakhstan) or a stored place name (Astana)."),
        click.option("--country", metavar="ISO3", help="Country of the event's place."),
        click.option("--admin1", metavar="NAME",
                     help="First-level division of the event's place (e.g. Donetsk Oblast)."),
        click.option("--source", metavar="NAME",
                     help="Information source: a publisher's name or a web host (reuters.com)."),
        click.option("--min-confidence", type=float, metavar="X",
                     help="Only events at least this confident (0..1)."),
        click.option("--min-sources", type=int, metavar="N",
                     help="Only events reported by at least N distinct sources."),
        click.option("--text", metavar="WORDS", help="Words an evidence sentence contains "
                     "(case-insensitive)."),
        click.option("--bbox", metavar="W,S,E,N", help="A map area: the events whose place lies "
                     "within west,south,east,north degrees (e.g. 22.1,44.3,40.2,52.4)."),
        click.option("--limit", type=int, metavar="N", help="At most N events."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _build_filters(given: dict[str, Any], default_modality: str | None = None) -> Any:
    """``Filters`` from the filter options; a wrong value is a usage error that names it."""
    from ..store.query import Filters

    modality = list(given.pop("modality", ()) or ())
    if not modality and default_modality:
        modality = [default_modality]
    try:
        return Filters.build(
            since=given["since"], until=given["until"], event_type=given["event_type"],
            quad_class=given["quad_class"], mode=given["mode"], modality=modality,
            actor=given["actor"], recipient=given["recipient"], dyad=given["dyad"],
            directed=not given["undirected"], place=given["place"], country=given["country"],
            admin1=given["admin1"], source=given["source"],
            min_confidence=given["min_confidence"], min_sources=given["min_sources"],
            text=given["text"], bbox=given["bbox"], limit=given["limit"])
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None


def _open_read_only(db: str) -> Any:
    from ..store.store import open_store

    return open_store(db, create=False, migrate=False)


@cli.command("query")
@click.option("--db", default="eventwire.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv", "table"]),
              default="jsonl", show_default=True, help="jsonl: event records with their "
              "counts, one per line; json: one JSON array of them; csv: the flat table (read "
              "it with eventwire.store.export.CSV_DTYPES); table: a readable summary.")
def query_command(db: str, fmt: str, **filters: Any) -> None:
    """Query aggregated events: one row per real-world event, with its mention counts, its
    publication date, source, modality, URL and coder version. Every modality is listed
    unless --modality says otherwise. Unknown codes and names are errors, before any output.

    \b
    Examples:
      eventwire query --type CONSULT --actor RUS --format table
      eventwire query --since 2022-10-01 --until 2022-10-31 --place Kazakhstan
      eventwire query --dyad RUS-UKR --undirected --modality asserted --format csv
    """
    import json

    from ..knowledge import load_knowledge
    from ..store.export import render_query
    from ..store.query import select

    f = _build_filters(filters)
    knowledge = load_knowledge()
    store = _open_read_only(db)
    try:
        try:
            rows = select(store, f, knowledge)  # every filter is checked here, before output
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None
        if fmt == "json":
            out = sys.stdout
            out.write("[")
            for i, agg in enumerate(rows):
                out.write(("\n" if i == 0 else ",\n") + json.dumps(agg.as_dict(),
                                                                  ensure_ascii=False))
            out.write("\n]\n")
        else:
            render_query(rows, fmt, sys.stdout, knowledge)
    finally:
        store.close()


@cli.command("stats")
@click.option("--db", default="eventwire.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--per", type=click.Choice(["day", "week", "month", "year"]), default="month",
              show_default=True, help="The period: day, ISO week (2022-W41), month or year.")
@click.option("--by", type=click.Choice(["type", "quad", "country", "dyad", "actor", "none"]),
              default="none", show_default=True, help="The group: PLOVER type, quad class, the "
              "place's country, the actor→recipient country pair (RUS-UKR), the actor's "
              "country, or none.")
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="table: aligned columns; csv: with a header; json: one "
              "JSON array of rows.")
def stats_command(db: str, per: str, by: str, fmt: str, **filters: Any) -> None:
    """Count events per period and group, as ACLED and GDELT users count: aggregated events,
    the sum of their Goldstein scores, and their distinct sources. Asserted events only unless
    --modality says otherwise; an event is counted on its date when the text gives the day,
    else on its publication date.

    \b
    Examples:
      eventwire stats --per week --by dyad
      eventwire stats --per month --by type --actor RUS --format csv
    """
    import csv
    import json

    from ..knowledge import load_knowledge
    from ..store.query import count

    f = _build_filters(filters, default_modality="asserted")
    knowledge = load_knowledge()
    store = _open_read_only(db)
    try:
        try:
            rows = count(store, f, knowledge, per=per, by=by)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None
    finally:
        store.close()
    dicts = [r.as_dict() for r in rows]
    if fmt == "json":
        click.echo(json.dumps(dicts, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, ["period", "group", "events", "goldstein_sum",
                                             "sources"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(dicts)
    else:
        group = "group" if by == "none" else by
        click.echo(f"{per:<10}  {group:<12}  {'events':>6}  {'goldstein':>9}  {'sources':>7}")
        for r in rows:
            click.echo(f"{r.period or '-':<10}  {r.group or '-':<12}  {r.events:>6}  "
                       f"{r.goldstein_sum:>9.1f}  {r.sources:>7}")


@cli.command("export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["plover", "gdelt", "gdelt-mentions", "csv", "parquet",
                                 "geojson", "gexf"]),
              help="plover: event records as JSON lines; gdelt: GDELT 2.0 event table (61 "
              "tab-separated columns); gdelt-mentions: its mentions table; csv; parquet; "
              "geojson: located events as points; gexf: the country network (Gephi).")
@click.option("--out", required=True, metavar="PATH", help="Output file (- for standard output, "
              "except parquet); its directory must exist.")
@click.option("--db", default="eventwire.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--all-modalities", is_flag=True,
              help="gdelt, gdelt-mentions: every modality (future, hypothetical, negated "
              "events too); by default these tables hold asserted events only.")
@_filter_options
def export_command(fmt: str, out: str, db: str, all_modalities: bool, **filters: Any) -> None:
    """Export the aggregated events of the database (those matching the filters). Every
    format carries the publication date, source, modality, URL and coder version.

    \b
    Examples:
      eventwire export --format gdelt --out events.tsv
      eventwire export --format gdelt-mentions --out mentions.tsv
      eventwire export --format csv --out rus.csv --actor RUS --since 2022-01-01
      eventwire export --format parquet --out events.parquet --db postgresql://me@127.0.0.1/ev
    """
    from ..knowledge import load_knowledge
    from ..store.export import check_out, export

    try:
        f = _build_filters(filters)
        check_out(out, fmt)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    store = _open_read_only(db)
    try:
        try:
            n = export(store, fmt, out, load_knowledge(), filters=f,
                       all_modalities=all_modalities)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None
    finally:
        store.close()
    if out != "-":
        click.echo(f"eventwire: wrote {n} rows ({fmt}) to {out}", err=True)


@cli.command("migrate")
@click.option("--db", default="eventwire.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
def migrate_command(db: str) -> None:
    """Upgrade an event database that an older eventwire made to this version's schema.

    Stored events keep their ids and say which coder version made them; nothing is recoded.
    """
    from ..store.store import open_store

    s = open_store(db, create=False)  # applies the migrations the database lacks
    try:
        version = s.schema_version()
    finally:
        s.close()
    click.echo(f"{db}: event database at schema version {version}")


@cli.command("serve")
@click.option("--db", default="eventwire.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine can connect unless you give "
              "another (0.0.0.0: every interface).")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
def serve_command(db: str, host: str, port: int) -> None:
    """Serve the event database read-only over HTTP (the [web] extra: FastAPI + uvicorn):
    the explorer page at /, and under /api events, one event with its evidence, actors,
    places as GeoJSON, stats, dyads and exports; the OpenAPI description at
    /api/openapi.json, its pages at /api/docs.

    \b
    Examples:
      eventwire serve --db events.db
      eventwire serve --db postgresql://me@127.0.0.1/events --port 8080
    """
    from ..serve import require_web

    require_web()
    import uvicorn

    from ..serve.api import API_PREFIX, create_app
    from ..serve.explorer import assets_missing, mount_explorer

    app = create_app(db)
    problem = assets_missing()
    if problem:
        click.echo(f"eventwire: {problem}", err=True)
    mount_explorer(app)
    click.echo(f"eventwire: serving {db} read-only on http://{host}:{port}/ "
               f"(API description: http://{host}:{port}{API_PREFIX}/docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


