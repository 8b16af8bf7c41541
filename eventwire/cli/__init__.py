"""The ``eventwire`` command: a thin layer that parses arguments, calls the library, renders.

The forms in ``docs/cli.md`` are stable; exit status 0 when every input was read, 1 when
some were rejected (each named on stderr), 2 for a usage error.

``main`` is here; the command group and the options several commands share are in ``common``;
the commands, one module per part of the pipeline they drive: ``extract`` (extract, places),
``database`` (ingest, query, stats, export, migrate, serve) and ``evaluation`` (eval, train,
corpus). Importing this package registers them all on ``cli``.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import EventwireError, UsageError
from . import database, evaluation, extract  # noqa: F401  (importing registers the commands)
from .common import _fail_usage, cli
from .evaluation import known_codes

__all__ = ["cli", "known_codes", "main"]


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``eventwire`` script."""
    try:
        return cli.main(args=argv, prog_name="eventwire", standalone_mode=True)
    except UsageError as exc:
        _fail_usage(exc)
    except EventwireError as exc:
        click.echo(f"eventwire: {exc}", err=True)
        sys.exit(1)
