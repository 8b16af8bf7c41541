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
@click.option("--min-confidence", type=float, default=0.0, show_default=True,
              help="Leave out events whose confidence is below this (0..1).")
@click.option("--title-line", is_flag=True,
              help="Take the first line of a .txt article as its title.")
@click.option("--dictionary", "dictionaries", multiple=True, metavar="PATH", help=DICT_HELP)
@click.option("--dictionaries-only", is_flag=True, help=DICTIONARIES_ONLY_HELP)
@click.option("--workers", type=int, default=1, show_default=True,
              help="Worker processes for parsing (1 = in this process).")
def extract(paths: tuple[str, ...], published: str | None, fmt: str, min_confidence: float,
            title_line: bool, dictionaries: tuple[str, ...], dictionaries_only: bool,
            workers: int) -> None:
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
                             dictionaries_only=dictionaries_only, workers=workers)
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

    def clear(self) -> None:
        if self._width:
            click.echo("\r" + " " * self._width + "\r", err=True, nl=False)


def _summary_line(summary: Any, db: str) -> str:
    return (f"{db}: {summary.read} articles read: {summary.new} new, {summary.duplicate} "
            f"duplicate, {summary.already} already stored; {summary.rejected} rejected; "
            f"{summary.events} events; {summary.articles_per_second:.1f} articles/s "
            f"({summary.seconds:.1f} s)")


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default="eventwire.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--workers", type=int, default=1, show_default=True,
              help="Worker processes for parsing (1 = in this process).")
@click.option("--date", "published", metavar="YYYY-MM-DD", help=DATE_HELP)
@click.option("--title-line", is_flag=True,
              help="Take the first line of a .txt article as its title.")
@click.option("--dictionary", "dictionaries", multiple=True, metavar="PATH", help=DICT_HELP)
@click.option("--dictionaries-only", is_flag=True, help=DICTIONARIES_ONLY_HELP)
@click.option("--min-confidence", type=float, default=0.0, show_default=True,
              help="Leave out events whose confidence is below this (0..1).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the summary as one JSON object instead of a line of text.")
@click.option("-q", "--quiet", is_flag=True, help="No progress line on stderr.")
def ingest_command(paths: tuple[str, ...], db: str, workers: int, published: str | None,
                   title_line: bool, dictionaries: tuple[str, ...], dictionaries_only: bool,
                   min_confidence: float, as_json: bool, quiet: bool) -> None:
    """Ingest news (files, directories, feeds, WARC, JSONL) into the event database.

    Identical and near-identical articles are stored once with all their sources; re-running
    on the same inputs adds nothing, and a run killed at any moment can simply be run again.
    Exit status 1 when some inputs were rejected (each named on stderr).

    \b
    Examples:
      eventwire ingest examples/corpus --date 2022-10-11
      eventwire ingest feeds/ crawl.warc.gz --db postgresql://me@127.0.0.1/events
    """
    import json

    from .store.ingest import ingest_paths
    from .options import build_options

    try:
        opts = build_options(published=published, min_confidence=min_confidence,
                             title_line=title_line, dictionaries=dictionaries,
                             dictionaries_only=dictionaries_only, workers=workers, db=db)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    progress = _IngestProgress(show_rate=not quiet and sys.stderr.isatty())
    summary = ingest_paths(paths, opts, progress=progress)
    progress.clear()
    if as_json:
        click.echo(json.dumps(summary.as_dict()))
    else:
        click.echo(_summary_line(summary, db))
    if summary.rejected:
        sys.exit(1)


def _filters(**given: Any) -> Any:
    from .options import parse_date
    from .store.store import EventQuery, parse_actor_code

    for key in ("actor", "recipient"):
        if given[key]:
            parse_actor_code(given[key])
    return EventQuery(event_type=given["event_type"], actor=given["actor"],
                      recipient=given["recipient"], since=parse_date(given["since"], "--since"),
                      until=parse_date(given["until"], "--until"),
                      place_country=given["place"], text=given["text"],
                      min_confidence=given["min_confidence"], limit=given.get("limit"))


@cli.command("query")
@click.option("--db", default="eventwire.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--type", "event_type", metavar="T", help="PLOVER event type, e.g. CONSULT.")
@click.option("--actor", metavar="CODE",
              help="Actor country, sector or both: RUS, NATO, GOV, RUSGOV.")
@click.option("--recipient", metavar="CODE", help="Recipient country, sector or both.")
@click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this date.")
@click.option("--place", metavar="ISO3", help="Country of the event's place, e.g. KAZ.")
@click.option("--text", metavar="WORDS", help="Words the evidence sentence contains.")
@click.option("--min-confidence", type=float, default=0.0, show_default=True,
              help="Only events at least this confident (0..1).")
@click.option("--limit", type=int, metavar="N", help="At most N events.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default="jsonl",
              show_default=True, help="jsonl: event records with their counts; csv: the flat "
              "table; table: a readable summary.")
def query_command(db: str, fmt: str, **filters: Any) -> None:
    """Query aggregated events: one line per real-world event, with its mention counts.

    \b
    Examples:
      eventwire query --type CONSULT --actor RUS --format table
      eventwire query --since 2022-10-01 --until 2022-10-31 --place KAZ
    """
    from .store.export import render_query
    from .knowledge import load_knowledge
    from .store.store import open_store

    try:
        q = _filters(**filters)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    store = open_store(db, create=False)
    try:
        render_query(store.query(q), fmt, sys.stdout, load_knowledge())
    finally:
        store.close()


@cli.command("export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["plover", "gdelt", "gdelt-mentions", "csv", "parquet"]),
              help="plover: event records as JSON lines; gdelt: GDELT 2.0 event table (61 "
              "tab-separated columns); gdelt-mentions: its mentions table; csv; parquet.")
@click.option("--out", required=True, metavar="PATH", help="Output file (- for standard output, "
              "except parquet).")
@click.option("--db", default="eventwire.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
def export_command(fmt: str, out: str, db: str) -> None:
    """Export the aggregated events of the database.

    \b
    Examples:
      eventwire export --format gdelt --out events.tsv
      eventwire export --format gdelt-mentions --out mentions.tsv
      eventwire export --format parquet --out events.parquet --db postgresql://me@127.0.0.1/ev
    """
    from .store.export import export
    from .knowledge import load_knowledge
    from .store.store import open_store

    store = open_store(db, create=False)
    try:
        n = export(store, fmt, out, load_knowledge())
    finally:
        store.close()
    if out != "-":
        click.echo(f"eventwire: wrote {n} rows ({fmt}) to {out}", err=True)


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
@click.option("--min-confidence", type=float, default=0.0, show_default=True,
              help="Score only events at least this confident (0..1).")
@click.option("--examples", type=int, default=3, show_default=True, metavar="N",
              help="Example sentences per failure class in the text report.")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default=None,
              help="For an annotated corpus folder: the split to score (default dev; test is "
              "for the final figure only, `make final-eval`).")
def eval_command(gold: tuple[str, ...], fmt: str, dictionaries: tuple[str, ...],
                 dictionaries_only: bool | None, min_confidence: float, examples: int,
                 split: str | None) -> None:
    """Measure accuracy on gold sets, read in their native formats (told apart by content).

    Reads the seed format (seed/gold.json), PLOVER gold standard records
    (PLOVER_GSR_CAMEO.json) and PETRARCH unit-test records (PETR.UnitTest.records.xml);
    reports event-type precision, recall and F1 per PLOVER type and macro-averaged, a
    confusion matrix, actor country and sector accuracy, location, date and size accuracy
    where the gold gives them, and the failures by class.

    \b
    Examples:
      eventwire eval ../shared/data/gold/PLOVER_GSR_CAMEO.json
      eventwire eval ../shared/seed/gold.json ../shared/data/gold/PETR.UnitTest.records.xml \\
          --format json > accuracy.json
    """
    import json

    from pathlib import Path

    from .evaluate.evaluate import evaluate_paths, render_text, reports_as_dict
    from .options import build_options

    try:
        opts = build_options(min_confidence=min_confidence, dictionaries=dictionaries)
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
    reports = evaluate_paths(gold, opts, complete=dictionaries_only)
    if fmt == "json":
        click.echo(json.dumps(reports_as_dict(reports), ensure_ascii=False, indent=1))
    else:
        click.echo(render_text(reports, examples=max(examples, 0)), nl=False)


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
        units = corpus.annotated(split, "article")
        if not units:
            raise click.UsageError(f"{path}: no annotated article in the {split} split")

        def extract(unit: Any) -> Any:
            article = article_from_text(unit.text, doc_id=unit.unit_id, published=unit.published)
            return extractor.document(article).events

        def progress(done: int, total: int) -> None:
            click.echo(f"\r{path} {split}: {done}/{total} articles", err=True, nl=done == total)

        report = evaluate_units(corpus, units, extract, progress)
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
