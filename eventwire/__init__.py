"""eventwire: political event data from news text.

>>> import eventwire
>>> events = eventwire.extract(text, published="2022-10-11")   # doctest: +SKIP

The public API is small on purpose (``__all__``); everything else is internal and may change.
Heavy parts (spaCy, the gazetteer) load on first use, not on import.
"""

from __future__ import annotations

from datetime import date
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .errors import DataError, EventwireError, InputError, ModelError, StoreError, UsageError
from .options import Options, build_options
from .version import __version__
from .records import (
    Actor,
    Article,
    DocResult,
    Document,
    Event,
    EventDate,
    Evidence,
    Place,
    Reject,
    Size,
)

if TYPE_CHECKING:
    import pandas as pd

    from .store.aggregate import Aggregate, CountRow
    from .store.ingest import IngestSummary
    from .pipeline import Extractor

__all__ = [
    "Actor", "Article", "DataError", "DocResult", "Document", "Event", "EventDate",
    "EventwireError", "Evidence", "Extractor", "InputError", "ModelError", "Options", "Place",
    "Reject", "Size", "StoreError", "UsageError", "__version__", "aggregate", "build_options",
    "extract", "ingest_paths", "query", "read_inputs",
]


def extract(text: str, published: str | date | None = None, *, doc_id: str | None = None,
            title: str | None = None, extractor: Extractor | None = None) -> list[Event]:
    """The events of one article of plain text, ``published`` on that date (YYYY-MM-DD)."""
    from .pipeline import extract as _extract

    return _extract(text, published, doc_id=doc_id, title=title, extractor=extractor)


def ingest_paths(paths: Sequence[str], db: str = "eventwire.db",
                 published: str | date | None = None, **options: Any) -> IngestSummary:
    """Read ``paths`` (files, directories, feeds, WARC, JSONL) into the event database ``db``
    (a SQLite path or a postgresql:// URL), exactly once; returns the run's summary."""
    from .store.ingest import ingest_paths as _ingest

    return _ingest(list(paths), build_options(db=db, published=published, **options))


def read_inputs(paths: Sequence[str], options: Options | None = None) -> Iterator[Article | Reject]:
    """Every article of ``paths`` (files, directories, feeds, WARC, JSONL, ``-`` for standard
    input), in order and lazily, as ``Article`` records; an input that cannot be read is a
    ``Reject`` record naming it and the reason, and the rest go on."""
    from .readers import read_inputs as _read

    return _read(paths, options or Options())


def query(db: str, *, as_frame: bool = False, **filters: Any) -> list[Aggregate] | pd.DataFrame:
    """The aggregated events of the event database ``db`` that match ``filters`` (since,
    until, event_type, quad_class, mode, modality, actor, recipient, dyad, directed, place,
    country, admin1, source, min_confidence, min_sources, text, limit): records, or a pandas
    DataFrame with ``as_frame=True`` (the ``[pandas]`` extra). An unknown code or name, or an
    impossible value, is a ``UsageError`` that names it. See ``eventwire.store.query``."""
    from .store.query import query as _query

    return _query(db, as_frame=as_frame, **filters)


def aggregate(db: str, *, per: str = "month", by: str = "none", as_frame: bool = False,
              **filters: Any) -> list[CountRow] | pd.DataFrame:
    """Counts per day/week/month/year, by type, quad class, country, dyad or actor: events,
    Goldstein sums and distinct sources (asserted events unless ``modality`` says otherwise),
    with the filters of ``query``."""
    from .store.query import aggregate as _aggregate

    return _aggregate(db, per=per, by=by, as_frame=as_frame, **filters)


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from .pipeline import Extractor

        return Extractor
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
