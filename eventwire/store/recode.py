"""``eventwire ingest --reextract``: recode the stored articles that another coder version coded.

A database keeps, for every article, the version of the coder that extracted it
(``articles.coder_version``: eventwire's version, its tables' hash and the learned model's id;
``Extractor.coder_version``). After an upgrade, or with another ``--coder`` or ``--model``, the
articles coded otherwise are extracted again from their stored text and their events replaced,
one transaction per article (``SqlStore.replace_extraction``): a run killed midway leaves every
article either recoded or as it was, and running it again finishes the rest. Event ids hash the
doc id, sentence, trigger offset and type, so an event the new coder finds again keeps its id
(and its place in the aggregated events).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from ..options import Options

BATCH = 64
"""Articles read from the database and extracted at a time."""


@dataclass
class RecodeSummary:
    """What ``--reextract`` did."""

    coder_version: str
    candidates: int = 0
    recoded: int = 0
    events_before: int = 0
    events_after: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float | int | str]:
        return {"coder_version": self.coder_version, "candidates": self.candidates,
                "recoded": self.recoded, "events_before": self.events_before,
                "events_after": self.events_after, "seconds": round(self.seconds, 3)}


def reextract(options: Options, *,
              progress: Callable[[int, int], None] | None = None) -> RecodeSummary:
    """Recode every article of ``options.db`` that a coder other than this one coded."""
    from ..pipeline import Extractor
    from .store import open_store

    extractor = Extractor(options)
    coder = extractor.coder_version
    summary = RecodeSummary(coder)
    start = time.perf_counter()
    with open_store(options.db) as store:
        ids = store.recode_candidates(coder)
        summary.candidates = len(ids)
        todo = iter(ids)
        while batch := list(islice(todo, BATCH)):
            articles = [store.stored_article(aid) for aid in batch]
            for aid, result in zip(batch, extractor.run(articles)):
                before, after = store.replace_extraction(aid, result)
                summary.recoded += 1
                summary.events_before += before
                summary.events_after += after
                if progress:
                    progress(summary.recoded, summary.candidates)
    summary.seconds = time.perf_counter() - start
    return summary
