"""The ``eventwire`` command: a thin layer that parses arguments, calls the library, renders.

The forms in ``shared/spec/cli.md`` are stable; exit status 0 when every input was read, 1 when
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

DATE_HELP = "Publication date (YYYY-MM-DD) for articles that carry none; relative dates resolve against it."
DICT_HELP = "A PETRARCH/TABARI .actors or agents dictionary that extends the actor tables (repeatable)."


def _read(paths: tuple[str, ...], opts: Any, rejects: list[Any]) -> Any:
    """Articles of the inputs; rejects are named on stderr and collected."""
    from .ingest import read_inputs
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
@click.option("--title-line", is_flag=True, help="Take the first line of a .txt article as its title.")
@click.option("--dictionary", "dictionaries", multiple=True, metavar="PATH", help=DICT_HELP)
@click.option("--workers", type=int, default=1, show_default=True,
              help="Worker processes for parsing (1 = in this process).")
def extract(paths: tuple[str, ...], published: str | None, fmt: str, min_confidence: float,
            title_line: bool, dictionaries: tuple[str, ...], workers: int) -> None:
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
                             title_line=title_line, dictionaries=dictionaries, workers=workers)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    rejects: list[Any] = []
    extractor = Extractor(opts)
    render_results(extractor.run(_read(paths, opts, rejects)), fmt, click.get_text_stream("stdout"))
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
        opts = build_options(published=published)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    rejects: list[Any] = []
    out = click.get_text_stream("stdout")
    for result in Extractor(opts).run(_read(paths, opts, rejects)):
        for place in result.places:
            out.write(json.dumps({"doc_id": result.doc.doc_id, **place.as_dict()},
                                 ensure_ascii=False) + "\n")
    if rejects:
        sys.exit(1)


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
