"""The flat table of events: one row per aggregated event, the columns of CSV, Parquet,
``events_flat`` readers and ``eventwire.query(..., as_frame=True)``.

Kept apart from ``export`` (the writers) and ``query`` (the filters) so that both can read it
without reading each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import UsageError
from ..knowledge import Knowledge, cameo_row
from ..records import Actor
from .aggregate import Aggregate

FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("global_event_id", "int"), ("event_id", "str"), ("doc_id", "str"), ("event_type", "str"),
    ("mode", "str"), ("context", "str"), ("modality", "str"), ("cameo", "str"),
    ("quad_class", "int"), ("goldstein", "float"),
    ("actor_names", "str"), ("actor_countries", "str"), ("actor_sectors", "str"),
    ("recipient_names", "str"), ("recipient_countries", "str"), ("recipient_sectors", "str"),
    ("date", "str"), ("date_precision", "str"), ("date_text", "str"),
    ("published", "str"), ("date_basis", "str"),
    ("place_name", "str"), ("place_country", "str"), ("place_admin1", "str"),
    ("lat", "float"), ("lon", "float"), ("geonameid", "int"), ("place_precision", "str"),
    ("dead", "int"), ("injured", "int"), ("arrested", "int"),
    ("attribution_name", "str"), ("attribution_country", "str"),
    ("sentence", "str"), ("trigger", "str"), ("confidence", "float"),
    ("num_mentions", "int"), ("num_sources", "int"), ("num_articles", "int"),
    ("source_url", "str"), ("source", "str"), ("coder_version", "str"),
)
"""The CSV/Parquet table: a name and a type per column; several actors are joined with ``|``."""

CSV_DTYPES: dict[str, str] = {
    name: {"int": "Int64", "float": "Float64", "str": "string"}[kind]
    for name, kind in FLAT_COLUMNS}
"""pandas dtypes of the CSV's columns: ``pandas.read_csv(path, dtype=CSV_DTYPES)`` keeps CAMEO
codes as strings ("043") and integer columns with gaps as integers."""


def _names(actors: Sequence[Actor], attr: str) -> str | None:
    values = [getattr(a, attr) or "" for a in actors]
    return "|".join(values) if any(values) else None


def flat_row(agg: Aggregate, knowledge: Knowledge) -> dict[str, Any]:
    """One aggregated event as the CSV/Parquet row of ``FLAT_COLUMNS``."""
    ev = agg.event
    loc = ev.location
    entry = cameo_row(ev.cameo, knowledge.cameo)
    return {
        "global_event_id": agg.global_id, "event_id": ev.event_id, "doc_id": ev.doc_id,
        "event_type": ev.event_type, "mode": ev.mode, "context": "|".join(ev.context) or None,
        "modality": ev.modality, "cameo": ev.cameo, "quad_class": ev.quad_class,
        "goldstein": entry.goldstein if entry else None,
        "actor_names": _names(ev.actors, "name"), "actor_countries": _names(ev.actors, "country"),
        "actor_sectors": _names(ev.actors, "sector"),
        "recipient_names": _names(ev.recipients, "name"),
        "recipient_countries": _names(ev.recipients, "country"),
        "recipient_sectors": _names(ev.recipients, "sector"),
        "date": ev.date.value, "date_precision": ev.date.precision, "date_text": ev.date.text,
        "place_name": loc.name if loc else None, "place_country": loc.country if loc else None,
        "place_admin1": loc.admin1 if loc else None, "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None, "geonameid": loc.geonameid if loc else None,
        "place_precision": loc.precision if loc else None,
        "dead": ev.size.dead, "injured": ev.size.injured, "arrested": ev.size.arrested,
        "attribution_name": ev.attribution.name if ev.attribution else None,
        "attribution_country": ev.attribution.country if ev.attribution else None,
        "sentence": ev.evidence.sentence, "trigger": ev.evidence.trigger,
        "confidence": round(ev.confidence, 3), "num_mentions": agg.num_mentions,
        "num_sources": agg.num_sources, "num_articles": agg.num_articles,
        "source_url": agg.url, "published": agg.event.published or (
            agg.published.isoformat() if agg.published else None),
        "date_basis": agg.date_basis, "source": agg.source,
        "coder_version": ev.coder_version,
    }


def flat_frame(aggs: Iterable[Aggregate], knowledge: Knowledge) -> Any:
    """The flat table as a pandas DataFrame with ``CSV_DTYPES`` (the ``[pandas]`` extra)."""
    try:
        import pandas as pd
    except ImportError:
        raise UsageError("a DataFrame needs pandas: pip install 'eventwire[pandas]'") from None
    rows = [flat_row(agg, knowledge) for agg in aggs]
    frame = pd.DataFrame(rows, columns=[name for name, _ in FLAT_COLUMNS])
    return frame.astype(CSV_DTYPES)
