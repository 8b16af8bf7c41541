"""The ``eventwire`` command: a thin layer that parses arguments, calls the library, renders.

The forms in ``docs/cli.md`` are stable; exit status 0 when every input was read, 1 when
some were rejected (each named on stderr), 2 for a usage error.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from . import __version__
from .errors import EventwireError, UsageError

log = logging.getLogger("eventwire")


def _fail_usage(exc: UsageError) -> None:
    click.echo(f"eventwire: {exc}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """eventwire: political event data (PLOVER/CAMEO) from news text, offline."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


# ---- commands are added below, one function each ------------------------------------------------

DATE_HELP = ("Publication date (YYYY-MM-DD) for articles that carry none; relative dates "
             "resolve against it.")
DICT_HELP = ("A PETRARCH/TABARI dictionary (.actors, agents or .verbs; told by content) that "
             "extends and overrides the built-in tables (repeatable).")
DICTIONARIES_ONLY_HELP = ("Treat the agents and verbs files among --dictionary as complete, as "
                          "PETRARCH does: sectors only from the agents files, events only from "
                          "the verbs files' verbs, none from eventwire's own tables.")


MIN_CONFIDENCE_HELP = ("Leave out events whose confidence is below X (0..1). Default: with "
                       "--coder learned the model's floor, chosen on the dev split for precision "
                       "(docs/models.md); with the rules 0. 0 keeps every event.")
CODER_HELP = ("Who finds the triggers: rules (the trigger lexicon and sense rules, the default) "
              "or learned (the gate and trigger models trained on the annotated corpus; see "
              "docs/models.md). --dictionaries-only always uses the rules.")
MODEL_HELP = ("A model folder written by `eventwire train` to use instead of the shipped one "
              "(implies --coder learned).")


def coder_options(command: Any) -> Any:
    """--coder and --model, shared by the commands that extract."""
    command = click.option("--model", "model", metavar="DIR", default=None,
                           type=click.Path(exists=True, file_okay=False),
                           help=MODEL_HELP)(command)
    return click.option("--coder", type=click.Choice(["rules", "learned"]), default=None,
                        help=CODER_HELP)(command)


def _read(paths: tuple[str, ...], opts: Any, rejects: list[Any]) -> Any:
    """Articles of the inputs; rejects are named on stderr and collected."""
    from .readers import read_inputs
    from .records import Reject

    for item in read_inputs(paths, opts):
        if isinstance(item, Reject):
            click.echo(f"eventwire: rejected {item.origin}: {item.reason}", err=True)
            rejects.append(item)
        else:
            yield item


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--date", "published", metavar="YYYY-MM-DD", help=DATE_HELP)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="jsonl: one event per line; json: one document object per "
              "article (with the cleaned text and places); table: a readable summary.")
@click.option("--min-confidence", type=float, default=None, metavar="X", help=MIN_CONFIDENCE_HELP)
@click.option("--title-line", is_flag=True,
              help="Take the first line of a .txt article as its title.")
@click.option("--dictionary", "dictionaries", multiple=True, metavar="PATH", help=DICT_HELP)
@click.option("--dictionaries-only", is_flag=True, help=DICTIONARIES_ONLY_HELP)
@click.option("--workers", type=int, default=1, show_default=True,
              help="Worker processes for parsing (1 = in this process).")
@coder_options
def extract(paths: tuple[str, ...], published: str | None, fmt: str, min_confidence: float | None,
            title_line: bool, dictionaries: tuple[str, ...], dictionaries_only: bool,
            workers: int, coder: str | None, model: str | None) -> None:
    """Extract events from articles: files, directories, or - for standard input.

    \b
    Examples:
      eventwire extract article.txt --date 2022-10-11 --format table
      eventwire extract corpus/ --format jsonl > events.jsonl
    """
    from .options import build_options
    from .pipeline import Extractor
    from .render import render_results

    try:
        opts = build_options(published=published, min_confidence=min_confidence,
                             title_line=title_line, dictionaries=dictionaries,
                             dictionaries_only=dictionaries_only, workers=workers, coder=coder,
                             model=model)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    rejects: list[Any] = []
    articles = _read(paths, opts, rejects)
    if opts.workers > 1:
        from .pipeline.parallel import run_parallel

        results = run_parallel(articles, opts, opts.workers)
    else:
        results = Extractor(opts).run(articles)
    render_results(results, fmt, sys.stdout)
    if rejects:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--date", "published", metavar="YYYY-MM-DD", help=DATE_HELP)
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="One resolved toponym per line.")
def places(paths: tuple[str, ...], published: str | None, fmt: str) -> None:
    """List the places named in articles, resolved to GeoNames, with their offsets."""
    import json

    from .options import build_options
    from .pipeline import Extractor

    try:
        opts = build_options(published=published, prefilter=False)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    rejects: list[Any] = []
    out = sys.stdout
    for result in Extractor(opts).run(_read(paths, opts, rejects)):
        for place in result.places:
            out.write(json.dumps({"doc_id": result.doc.doc_id, **place.as_dict()},
                                 ensure_ascii=False) + "\n")
    if rejects:
        sys.exit(1)


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

    from .store.ingest import ingest_paths
    from .options import build_options

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
        from .cluster.driver import ingest_on_cluster
        from .cluster.executor import parse_cluster

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
    from .pipeline import coder_of
    from .store.store import open_store

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

    from .store.recode import reextract

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
    """``Filters`` from the filter options (a UsageError names a wrong value)."""
    from .store.query import Filters

    modality = list(given.pop("modality", ()) or ())
    if not modality and default_modality:
        modality = [default_modality]
    return Filters.build(
        since=given["since"], until=given["until"], event_type=given["event_type"],
        quad_class=given["quad_class"], mode=given["mode"], modality=modality,
        actor=given["actor"], recipient=given["recipient"], dyad=given["dyad"],
        directed=not given["undirected"], place=given["place"], country=given["country"],
        admin1=given["admin1"], source=given["source"],
        min_confidence=given["min_confidence"], min_sources=given["min_sources"],
        text=given["text"], bbox=given["bbox"], limit=given["limit"])


def _open_read_only(db: str) -> Any:
    from .store.store import open_store

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

    from .knowledge import load_knowledge
    from .store.export import render_query
    from .store.query import select

    try:
        f = _build_filters(filters)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
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

    from .knowledge import load_knowledge
    from .store.query import count

    try:
        f = _build_filters(filters, default_modality="asserted")
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
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
    from .knowledge import load_knowledge
    from .store.export import check_out, export

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
    from .store.store import open_store

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
    from .serve import require_web

    require_web()
    import uvicorn

    from .serve.api import API_PREFIX, create_app
    from .serve.explorer import assets_missing, mount_explorer

    app = create_app(db)
    problem = assets_missing()
    if problem:
        click.echo(f"eventwire: {problem}", err=True)
    mount_explorer(app)
    click.echo(f"eventwire: serving {db} read-only on http://{host}:{port}/ "
               f"(API description: http://{host}:{port}{API_PREFIX}/docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command("eval")
@click.argument("gold", nargs=-1, required=True, metavar="GOLD...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a readable report per gold set; json: one object "
              "with every figure, the confusion matrix and each failure.")
@click.option("--dictionary", "dictionaries", multiple=True, metavar="PATH",
              help=DICT_HELP + " A PETRARCH gold set adds the dictionaries it names itself.")
@click.option("--dictionaries-only/--with-builtin-tables", "dictionaries_only", default=None,
              help=DICTIONARIES_ONLY_HELP + " Default: as each gold set's environment says (a "
              "PETRARCH set's dictionaries are complete; --with-builtin-tables adds eventwire's "
              "own to them).")
@click.option("--min-confidence", type=float, default=None, metavar="X", help=MIN_CONFIDENCE_HELP)
@click.option("--examples", type=int, default=3, show_default=True, metavar="N",
              help="Example sentences per failure class in the text report.")
@click.option("--split", type=click.Choice(["train", "dev", "test", "all"]), default=None,
              help="For an annotated corpus folder: the split to score (default dev; test is "
              "for the final figure only, `make final-eval`; all: every article, for the "
              "folder of a blind audit, training/audit.py).")
@coder_options
def eval_command(gold: tuple[str, ...], fmt: str, dictionaries: tuple[str, ...],
                 dictionaries_only: bool | None, min_confidence: float | None, examples: int,
                 split: str | None, coder: str | None, model: str | None) -> None:
    """Measure accuracy on gold sets, read in their native formats (told apart by content).

    Reads the seed format (seed/gold.json), PLOVER gold standard records
    (PLOVER_GSR_CAMEO.json) and PETRARCH unit-test records (PETR.UnitTest.records.xml);
    reports event-type precision, recall and F1 per PLOVER type and macro-averaged, a
    confusion matrix, actor country and sector accuracy, location, date and size accuracy
    where the gold gives them, and the failures by class.

    Geoparsing gold (TR-News/LGL XML, GeoVirus XML) gets the place finder's figures:
    toponym precision and recall, exact-id accuracy, acc@161 km of found and of all gold
    toponyms and the median error; TR-News also by half (tune, test; docs/places.md).

    \b
    Examples:
      eventwire eval ../shared/data/gold/PLOVER_GSR_CAMEO.json
      eventwire eval ../shared/seed/gold.json ../shared/data/gold/PETR.UnitTest.records.xml \\
          --format json > accuracy.json
      eventwire eval ../shared/data/gold/geo/TR-News.xml ../shared/data/gold/geo/GeoVirus.xml
    """
    import json

    from pathlib import Path

    from .evaluate.evaluate import evaluate_paths, render_text, reports_as_dict
    from .options import build_options

    try:
        opts = build_options(min_confidence=min_confidence, dictionaries=dictionaries,
                             coder=coder, model=model)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    corpora = [g for g in gold if Path(g, "articles.jsonl").exists()]
    if corpora:
        _eval_corpora(corpora, split, opts, fmt)
        gold = tuple(g for g in gold if g not in corpora)
        if not gold:
            return
    elif split is not None:
        raise click.UsageError("--split applies to an annotated corpus folder only")
    geo = [g for g in gold if _is_geo_gold(g)]
    if geo:
        _eval_geo(geo, fmt, examples)
        gold = tuple(g for g in gold if g not in geo)
        if not gold:
            return
    reports = evaluate_paths(gold, opts, complete=dictionaries_only)
    if fmt == "json":
        click.echo(json.dumps(reports_as_dict(reports), ensure_ascii=False, indent=1))
    else:
        click.echo(render_text(reports, examples=max(examples, 0)), nl=False)


def _is_geo_gold(path: str) -> bool:
    from .evaluate.geo import is_geo_gold

    return is_geo_gold(path)


def _eval_geo(paths: list[str], fmt: str, examples: int) -> None:
    """The geoparsing branch of ``eval`` (``evaluate/geo.py``)."""
    import json

    from .evaluate.geo import evaluate_geo, render_geo

    reports = evaluate_geo(paths)
    if fmt == "json":
        click.echo(json.dumps({"geo": [r.as_dict() for r in reports]}, ensure_ascii=False,
                              indent=1))
    else:
        click.echo(render_geo(reports, examples=max(examples, 0)), nl=False)


@cli.command("train")
@click.argument("corpus", default="training/corpus", metavar="[CORPUS]")
@click.option("--out", required=True, metavar="DIR", help="Folder to write events.model and "
              "events.json (the dev figures) into; `--model DIR` on extract, ingest and eval "
              "then uses it.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The seed: the same corpus and seed give byte-identical weights.")
def train_command(corpus: str, out: str, seed: int) -> None:
    """Train the gate and the trigger type, mode and modality models on an annotated corpus
    (the format of docs/corpus.md), choosing on its dev split. Needs the [train] extra.

    Labels outside PLOVER's 16 types train as they are; such a model codes events outside the
    PLOVER schema (docs/models.md, "Your own labels").

    \b
    Example:
      eventwire train training/corpus --out my-model
      eventwire extract article.txt --model my-model
    """
    import json

    from .train import train

    report = train(_corpus(corpus), out, seed=seed,
                   progress=lambda msg: click.echo(f"eventwire train: {msg}", err=True))
    click.echo(json.dumps(report["dev"], indent=1, sort_keys=True))
    click.echo(f"eventwire: wrote {out}/events.model (model {report['model_id']})", err=True)


CORPUS_HELP = ("The annotated corpus folder (articles.jsonl, sentences.jsonl, annotations/); "
               "default: training/corpus of the repository you stand in.")


def _corpus(path: str) -> Any:
    from pathlib import Path

    from .evaluate.corpus import CorpusProblem, load_corpus

    if not (Path(path) / "articles.jsonl").exists():
        raise click.UsageError(f"no annotated corpus at {path} (no articles.jsonl there): give "
                               "its folder, e.g. eventwire corpus stats training/corpus")
    try:
        return load_corpus(path)
    except CorpusProblem as exc:
        raise EventwireError(f"{exc}") from None


@cli.group("corpus")
def corpus_group() -> None:
    """The team's annotated corpus: statistics, validation and agreement (docs/corpus.md)."""


@corpus_group.command("stats")
@click.argument("path", default="training/corpus", metavar="[CORPUS]")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table: readable; json: every figure.")
def corpus_stats(path: str, fmt: str) -> None:
    """Per split: articles, sentences, events, events per type; and the agreement figures.

    \b
    Example:
      eventwire corpus stats --format json
    """
    import json

    from .evaluate.corpus import render_stats, stats

    figures = stats(_corpus(path))
    if fmt == "json":
        click.echo(json.dumps(figures, indent=1))
    else:
        click.echo(render_stats(figures), nl=False)


@corpus_group.command("validate")
@click.argument("path", default="training/corpus", metavar="[CORPUS]")
def corpus_validate(path: str) -> None:
    """Every problem of the corpus, one a line (exit 1 if any): spans that do not hold their
    text, unknown types, modes, countries or sectors, undecided sentences, a unit in the wrong
    split."""
    from .evaluate.corpus import validate
    from .knowledge import load_knowledge

    problems = validate(_corpus(path), known_codes(load_knowledge()))
    for line in problems:
        click.echo(line)
    if problems:
        raise SystemExit(1)
    click.echo(f"{path}: valid", err=True)


@corpus_group.command("agreement")
@click.argument("path", default="training/corpus", metavar="[CORPUS]")
@click.option("--write", is_flag=True, help="Also write the figures to CORPUS/agreement.json, "
              "where `corpus stats` reads them.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table: readable; json: every figure.")
def corpus_agreement(path: str, write: bool, fmt: str) -> None:
    """Agreement between the two annotators of each doubly annotated unit: kappa on
    event/no event and on type, F1 of triggers, events, parties, dates and places."""
    import json
    from pathlib import Path

    from .evaluate.corpus import agreement, render_agreement

    figures = agreement(_corpus(path))
    if write:
        Path(path, "agreement.json").write_text(json.dumps(figures, indent=1) + "\n")
    click.echo(json.dumps(figures, indent=1) if fmt == "json" else render_agreement(figures),
               nl=fmt == "json")


def known_codes(knowledge: Any) -> set[str]:
    """Every country (ISO3) and international organisation code the tables know."""
    codes = {c.iso3 for c in knowledge.countries}
    codes |= {e.country for entries in knowledge.phrases.values() for e in entries if e.country}
    return codes


def _extract_unit(extractor: Any, article_from_text: Any) -> Any:
    """A corpus unit → the events of its text, published on its date."""
    def extract(unit: Any) -> Any:
        article = article_from_text(unit.text, doc_id=unit.unit_id, published=unit.published)
        return extractor.document(article).events
    return extract


def _eval_corpora(paths: list[str], split: str | None, opts: Any, fmt: str) -> None:
    """Whole articles of a split of each annotated corpus through the full pipeline."""
    import json

    from .evaluate.corpus import evaluate_units, render_report
    from .pipeline import Extractor
    from .readers import article_from_text

    extractor = Extractor(opts)
    split = split or "dev"
    out = {}
    for path in paths:
        corpus = _corpus(path)
        units = corpus.annotated(None if split == "all" else split, "article")
        if not units:
            raise click.UsageError(f"{path}: no annotated article in the {split} split")

        def progress(done: int, total: int, where: str = f"{path} {split}") -> None:
            click.echo(f"\r{where}: {done}/{total} articles", err=True, nl=done == total)

        report = evaluate_units(corpus, units, _extract_unit(extractor, article_from_text),
                                progress)
        name = f"{path} ({split} split)"
        out[name] = report
        if fmt != "json":
            click.echo(render_report(name, report), nl=False)
    if fmt == "json":
        click.echo(json.dumps(out, indent=1))


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``eventwire`` script."""
    try:
        return cli.main(args=argv, prog_name="eventwire", standalone_mode=True)
    except UsageError as exc:
        _fail_usage(exc)
    except EventwireError as exc:
        click.echo(f"eventwire: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
