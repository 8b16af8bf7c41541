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
