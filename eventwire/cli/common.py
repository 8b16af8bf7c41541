"""The ``eventwire`` command group and what several commands share: the help texts of the
shared options, ``--coder``/``--model``, reading inputs with rejects named."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from .. import __version__
from ..errors import UsageError

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


# ---- options shared by several commands ---------------------------------------------------------

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
    from ..readers import read_inputs
    from ..records import Reject

    for item in read_inputs(paths, opts):
        if isinstance(item, Reject):
            click.echo(f"eventwire: rejected {item.origin}: {item.reason}", err=True)
            rejects.append(item)
        else:
            yield item
