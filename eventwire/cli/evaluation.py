"""The commands that measure and learn: ``eval``, ``train`` and ``corpus``."""

from __future__ import annotations

from typing import Any

import click

from ..errors import EventwireError, UsageError
from .common import (
    DICT_HELP,
    DICTIONARIES_ONLY_HELP,
    MIN_CONFIDENCE_HELP,
    cli,
    coder_options,
)


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
@click.option("--show-held-out", is_flag=True,
              help="Geoparsing gold: list the failures of held-out data too (TR-News's test "
              "half and the whole set, GeoVirus), which changes are never read on "
              "(docs/places.md); by default only their figures are given.")
@click.option("--split", type=click.Choice(["train", "dev", "test", "all"]), default=None,
              help="For an annotated corpus folder: the split to score (default dev; test is "
              "for the final figure only, `make final-eval`; all: every article, for the "
              "folder of a blind audit, training/audit.py).")
@coder_options
def eval_command(gold: tuple[str, ...], fmt: str, dictionaries: tuple[str, ...],
                 dictionaries_only: bool | None, min_confidence: float | None, examples: int,
                 show_held_out: bool, split: str | None, coder: str | None,
                 model: str | None) -> None:
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

    from ..evaluate.evaluate import evaluate_paths, render_text, reports_as_dict
    from ..options import build_options

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
        _eval_geo(geo, fmt, examples, show_held_out)
        gold = tuple(g for g in gold if g not in geo)
        if not gold:
            return
    reports = evaluate_paths(gold, opts, complete=dictionaries_only)
    if fmt == "json":
        click.echo(json.dumps(reports_as_dict(reports), ensure_ascii=False, indent=1))
    else:
        click.echo(render_text(reports, examples=max(examples, 0)), nl=False)


def _is_geo_gold(path: str) -> bool:
    from ..evaluate.geo import is_geo_gold

    return is_geo_gold(path)


def _eval_geo(paths: list[str], fmt: str, examples: int, show_held_out: bool = False) -> None:
    """The geoparsing branch of ``eval`` (``evaluate/geo.py``)."""
    import json

    from ..evaluate.geo import evaluate_geo, render_geo

    reports = evaluate_geo(paths)
    if fmt == "json":
        click.echo(json.dumps({"geo": [r.as_dict() for r in reports]}, ensure_ascii=False,
                              indent=1))
    else:
        click.echo(render_geo(reports, examples=max(examples, 0), held_out=show_held_out),
                   nl=False)


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

    from ..train import train

    report = train(_corpus(corpus), out, seed=seed,
                   progress=lambda msg: click.echo(f"eventwire train: {msg}", err=True))
    click.echo(json.dumps(report["dev"], indent=1, sort_keys=True))
    click.echo(f"eventwire: wrote {out}/events.model (model {report['model_id']})", err=True)


CORPUS_HELP = ("The annotated corpus folder (articles.jsonl, sentences.jsonl, annotations/); "
               "default: training/corpus of the repository you stand in.")


def _corpus(path: str) -> Any:
    from pathlib import Path

    from ..evaluate.corpus import CorpusProblem, load_corpus

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

    from ..evaluate.corpus import render_stats, stats

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
    from ..evaluate.corpus import validate
    from ..knowledge import load_knowledge

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

    from ..evaluate.corpus import agreement, render_agreement

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
    from functools import partial

    from ..evaluate.corpus import evaluate_units, render_report, unit_events
    from ..pipeline import Extractor

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

        report = evaluate_units(corpus, units, partial(unit_events, extractor),
                                progress)
        report["coder_version"] = extractor.coder_version  # which coder and model scored
        name = f"{path} ({split} split)"
        out[name] = report
        if fmt != "json":
            click.echo(render_report(f"{name}, coded by {extractor.coder_version}", report),
                       nl=False)
    if fmt == "json":
        click.echo(json.dumps(out, indent=1))


