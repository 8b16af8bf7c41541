"""``eventwire extract`` and ``eventwire places``: articles in, records out, nothing stored."""

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
    _read,
    cli,
    coder_options,
)


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
    from ..options import build_options
    from ..pipeline import Extractor
    from ..render import render_results

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
        from ..pipeline.parallel import run_parallel

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

    from ..options import build_options
    from ..pipeline import Extractor

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


