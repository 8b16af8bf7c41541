"""Run options: one immutable object built from defaults, then config, then flags.

``build_options`` is the one bridge from the outside (a config mapping, command-line flags,
keyword arguments of the Python API) to ``Options``; nothing else constructs it from raw input.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, Mapping

from .errors import UsageError


@dataclass(frozen=True, slots=True)
class Options:
    published: date | None = None
    """Publication date for articles that carry none (``--date``)."""
    min_confidence: float | None = None
    """Leave out events less confident than this; ``None``: the learned model's floor chosen
    on dev (``TriggerModel.min_confidence``), 0 with the rules (their scores are not
    calibrated). 0 keeps every event."""
    title_line: bool = False
    """Take the first line of a ``.txt`` article as its title."""
    batch_size: int = 64
    workers: int = 1
    dictionaries: tuple[str, ...] = ()
    """PETRARCH/TABARI ``.actors``, agents and ``.verbs`` files that extend the tables."""
    dictionaries_only: bool = False
    """The agents and verbs files among ``dictionaries`` are complete, as in PETRARCH: their
    words are the only sector words ("crowds" are CVL only if an agents file says so) and their
    verbs the only triggers (no built-in lexicon, no nominal events)."""
    coder: str = "rules"
    """Which stage finds the triggers: ``rules`` (the trigger lexicon and sense rules) or
    ``learned`` (the gate and trigger models trained on the annotated corpus, docs/models.md).
    ``dictionaries_only`` always uses the rules (PETRARCH's environment)."""
    model: str | None = None
    """A folder written by ``eventwire train`` (its ``events.model``) to use instead of the
    model shipped in the package; implies ``coder="learned"``."""
    db: str = "eventwire.db"
    prefilter: bool = True
    """Parse only the sentences with a form of a trigger word (no event is lost: the others
    cannot yield one); off, every sentence is parsed and every toponym found."""


def parse_date(value: str | date | None, what: str = "--date") -> date | None:
    """``YYYY-MM-DD`` (or a date) to a date; a clear UsageError otherwise."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{what}: {value!r} is not a date; write it as YYYY-MM-DD") from None


def build_options(config: Mapping[str, Any] | None = None, **flags: Any) -> Options:
    """Defaults, overridden by ``config``, overridden by ``flags`` (``None`` flags are unset)."""
    known = {f.name for f in fields(Options)}
    merged: dict[str, Any] = {}
    for source in (config or {}, flags):
        for key, value in source.items():
            if key not in known:
                raise UsageError(f"unknown option {key!r}; "
                                 f"known options: {', '.join(sorted(known))}")
            if value is not None:
                merged[key] = value
    if "published" in merged:
        merged["published"] = parse_date(merged["published"])
    if "dictionaries" in merged:
        merged["dictionaries"] = tuple(merged["dictionaries"])
    if merged.get("model"):
        merged.setdefault("coder", "learned")
    opts = replace(Options(), **merged)
    if opts.coder not in ("rules", "learned"):
        raise UsageError(f"--coder: {opts.coder!r} is not rules or learned")
    if opts.min_confidence is not None and not 0.0 <= opts.min_confidence <= 1.0:
        raise UsageError(f"--min-confidence: {opts.min_confidence} is not between 0 and 1")
    if opts.workers < 1:
        raise UsageError(f"--workers: {opts.workers} must be at least 1")
    if opts.batch_size < 1:
        raise UsageError(f"batch size {opts.batch_size} must be at least 1")
    return opts
