"""The ingest driver: a corpus of news into the event database, exactly once.

1. read      ``readers.read_inputs`` yields Articles and Rejects (one per unreadable input).
2. dedup     ``Deduplicator.classify``: a doc id already stored is skipped; an article whose
             normalised text was seen is an exact duplicate, one whose MinHash matches a stored
             article is a near duplicate; both are recorded as copies, not extracted again.
             Stored articles are looked up in the database (text hashes, LSH band keys), so
             the memory of a run does not grow with the corpus.
3. extract   only new articles go through the extraction step, an order-keeping function from
             Articles to DocResults (``Extractor.run``; a parallel version can replace it).
4. store     in input order, one transaction per article (with its events, places and the
             aggregate counts it changes), so a killed run leaves whole articles only; the next
             run skips what was stored and finishes the rest, giving the same database.

Which copy is the original. Of a group of exact or near copies, the original (the copy whose
text is extracted and whose hash is the article id) is the first of the group in input order:
paths in the order given, a directory's files in name order, a file's articles in file order;
a copy already stored by an earlier run stays the original. The driver fixes that order before
anything is extracted, and settles results in it, whatever order an extraction step finishes
them in (``pipeline.parallel`` workers, ``cluster`` partitions): so arrival order cannot change
which copy is the original, nor the aggregates, and a run on one process, on several, or on a
Dask cluster writes the same rows.

Exactly once = at-least-once extraction + idempotent writes. Article ids are text hashes, event
ids are derived from the doc id and the event's evidence, cluster ids from the aggregation key;
rows are inserted with ``ON CONFLICT DO NOTHING``, so a result delivered twice (a partition run
again after its worker died) is stored once. The ledger of processed inputs is the ``copies``
table (every document written, by doc id and text hash) with ``rejects``; a re-run skips what it
names, and in the Parquet lake (``lake``) the same ledger is kept in its state database.

``ingest`` returns an ``IngestSummary`` and reports every outcome to a progress callback; the
command line renders both.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Literal, Protocol

from . import aggregate
from ..options import Options
from ..records import Article, DocResult, Reject
from .store import Copy, open_store

log = logging.getLogger(__name__)

Kind = Literal["new", "exact", "near", "already", "rejected"]
ExtractFn = Callable[[Iterable[Article]], Iterator[DocResult]]


class Target(Protocol):
    """Where the driver stores: the event database (``store.SqlStore``) or the Parquet event
    lake (``lake.LakeStore``); the look-ups answer the deduplicator."""

    url: str

    def lookup_doc(self, doc_id: str) -> str | None: ...
    def lookup_hash(self, text_hash: str) -> str | None: ...
    def near_candidates(self, bands: Sequence[int]) -> list[tuple[str, bytes]]: ...
    def add_article(self, copy: Copy, result: DocResult, signature: bytes) -> int: ...
    def add_copy(self, copy: Copy, article_id: str) -> None: ...
    def add_reject(self, reject: Reject) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """Counts of one ingest run. ``read`` = ``new`` + ``duplicate`` + ``already``."""

    read: int = 0
    """Articles read (rejected inputs are not articles)."""
    new: int = 0
    """Articles stored for the first time (extracted)."""
    duplicate: int = 0
    """Exact or near copies of a stored article, recorded as further sources of it."""
    already: int = 0
    """Documents stored by an earlier run (or earlier in this one), skipped."""
    rejected: int = 0
    events: int = 0
    """Events extracted from the new articles."""
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {**asdict(self), "seconds": round(self.seconds, 3),
                "articles_per_second": round(self.articles_per_second, 2)}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input."""

    kind: Kind
    doc_id: str
    """The document's id; for a rejected input, its origin."""
    origin: str = ""
    reason: str | None = None
    """Why an input was rejected."""
    article_id: str | None = None
    """The stored article a document belongs to."""
    similarity: float | None = None
    events: int = 0


Progress = Callable[[Outcome, IngestSummary], None]


@dataclass(frozen=True, slots=True)
class Plan:
    """The dedup verdict for one article, carried to the store step."""

    kind: Kind
    article: Article
    copy: Copy
    article_id: str
    signature: bytes = b""
    reason: str | None = None


class Deduplicator:
    """Classifies articles against the store and the articles still on their way to it.

    Stored articles are found in the database: by doc id, by text hash, and by their LSH band
    keys (``Store.near_candidates``, written with each article), so the database is the only
    index and is never out of step with itself, whatever happened to an earlier run. In memory
    are only the pending articles (classified, not yet committed), which the extraction step's
    look-ahead bounds.
    """

    def __init__(self, store: Target, threshold: float = aggregate.NEAR_DUPLICATE_THRESHOLD,
                 published: date | None = None) -> None:
        self.store = store
        self.published = published
        self.threshold = threshold
        self.pending = aggregate.NearDuplicateIndex(threshold)
        """Signatures of the pending new articles, by article id."""
        self._docs: dict[str, str] = {}
        """Pending doc id → text hash (classified, not yet committed)."""
        self._hashes: dict[str, str] = {}
        """Pending text hash → article id."""

    def classify(self, article: Article) -> Plan:
        h = aggregate.text_hash(article.text)
        copy = Copy(article.doc_id, h, title=article.title, url=article.url,
                    published=article.published or self.published, source=article.source,
                    origin=article.origin)
        known = self._docs.get(article.doc_id) or self.store.lookup_doc(article.doc_id)
        if known is not None:
            if known == h:
                return Plan("already", article, copy, "")
            return Plan("rejected", article, copy, "", reason=(
                f"doc id {article.doc_id!r} is already stored with a different text; give "
                "each article its own id (a JSONL 'id', or distinct file names)"))
        if not any(ch.isalpha() for ch in article.text):
            return Plan("rejected", article, copy, "", reason=(
                "the article has no words (empty, or only symbols or markup); "
                "give a file with article text"))
        self._docs[article.doc_id] = h
        article_id = self._hashes.get(h) or self.store.lookup_hash(h)
        if article_id is not None:
            return Plan("exact", article, replace(copy, kind="exact"), article_id)
        data = aggregate.signature_bytes(aggregate.signature(article.text))
        bands = aggregate.band_keys(data)
        found = [*self.store.near_candidates(bands), *self.pending.candidates(bands)]
        match = aggregate.best_match(data, found, self.threshold)
        if match is not None:
            self._hashes[h] = match[0]
            return Plan("near", article, replace(copy, kind="near", similarity=match[1]),
                        match[0])
        self.pending.add(h, data)
        self._hashes[h] = h
        return Plan("new", article, copy, h, signature=data)

    def settled(self, plan: Plan) -> None:
        """Forget a plan's pending state once the store has committed it."""
        self._docs.pop(plan.article.doc_id, None)
        self._hashes.pop(plan.copy.text_hash, None)
        if plan.kind == "new":
            self.pending.remove(plan.article_id)


def ingest(items: Iterable[Article | Reject], store: Target, extract: ExtractFn, *,
           progress: Progress | None = None,
           threshold: float = aggregate.NEAR_DUPLICATE_THRESHOLD,
           published: date | None = None) -> IngestSummary:
    """Read, deduplicate, extract and store ``items``; return the run's summary.

    ``extract`` must yield one DocResult per Article it is given, in order; only new articles
    reach it. ``published`` is the date recorded for copies that carry none (``--date``).
    """
    started = time.monotonic()
    dedup = Deduplicator(store, threshold, published)
    queue: deque[Plan | Reject] = deque()
    totals = {"read": 0, "new": 0, "duplicate": 0, "already": 0, "rejected": 0, "events": 0}

    def summary() -> IngestSummary:
        return IngestSummary(**totals, seconds=time.monotonic() - started)

    def report(outcome: Outcome) -> None:
        if progress is not None:
            progress(outcome, summary())

    def feed() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Reject):
                queue.append(item)
                continue
            plan = dedup.classify(item)
            queue.append(plan)
            if plan.kind == "new":
                yield plan.article

    def settle(item: Plan | Reject, result: DocResult | None = None) -> None:
        if isinstance(item, Reject):
            store.add_reject(item)
            totals["rejected"] += 1
            report(Outcome("rejected", item.origin, item.origin, reason=item.reason))
            return
        if item.kind == "rejected":
            store.add_reject(Reject(item.article.origin or item.article.doc_id,
                                    item.reason or "rejected"))
            totals["rejected"] += 1
            report(Outcome("rejected", item.article.origin or item.article.doc_id,
                           item.article.origin, reason=item.reason))
            return
        totals["read"] += 1
        n = 0
        if item.kind == "new":
            assert result is not None
            n = store.add_article(item.copy, result, item.signature)
            totals["new"] += 1
            totals["events"] += n
        elif item.kind in ("exact", "near"):
            store.add_copy(item.copy, item.article_id)
            totals["duplicate"] += 1
        else:
            totals["already"] += 1
        dedup.settled(item)
        report(Outcome(item.kind, item.article.doc_id, item.article.origin,
                       article_id=item.article_id or None,
                       similarity=item.copy.similarity if item.kind == "near" else None,
                       events=n))

    for result in extract(feed()):
        while True:
            if not queue:
                raise RuntimeError(f"extraction yielded {result.doc.doc_id!r}, "
                                   "which no article asked for")
            head = queue.popleft()
            if isinstance(head, Plan) and head.kind == "new":
                if head.article.doc_id != result.doc.doc_id:
                    raise RuntimeError(f"extraction yielded {result.doc.doc_id!r} where "
                                       f"{head.article.doc_id!r} was due; it must keep order")
                settle(head, result)
                break
            settle(head)
    while queue:
        head = queue.popleft()
        if isinstance(head, Plan) and head.kind == "new":
            raise RuntimeError(f"extraction gave no result for {head.article.doc_id!r}")
        settle(head)
    done = summary()
    log.info("ingest: %s", done.as_dict())
    return done


def ingest_paths(paths: Sequence[str], options: Options, *,
                 progress: Progress | None = None, extract: ExtractFn | None = None,
                 out: str | None = None) -> IngestSummary:
    """``eventwire ingest``: read ``paths``, extract with the model (on ``options.workers``
    processes, or with ``extract``, e.g. ``ClusterExtractor.run``), store in ``options.db``,
    or in the Parquet event lake ``out`` (``parquet://DIR``)."""
    from ..readers import read_inputs
    from ..pipeline.parallel import run_parallel

    if extract is None:
        def extract(articles: Iterable[Article]) -> Iterator[DocResult]:
            return run_parallel(articles, options, options.workers)

    if out is not None:
        from .lake import open_lake

        store: Target = open_lake(out)
    else:
        store = open_store(options.db)
    try:
        return ingest(read_inputs(paths, options), store, extract,
                      progress=progress, published=options.published)
    finally:
        store.close()
