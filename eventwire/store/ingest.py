"""The ingest driver: a corpus of news into the event database, exactly once.

1. read      ``readers.read_inputs`` yields Articles and Rejects (one per unreadable input).
2. dedup     ``Deduplicator.classify``: a doc id already stored is skipped; an article linked
             to a stored or pending text (the same normalised text, or a MinHash near copy)
             whose group has an original that precedes it by the rule below is a copy, and is
             not extracted; any other article is extracted. Stored texts are looked up in the
             database (text hashes, LSH band keys), so the memory of a run does not grow with
             the corpus.
3. extract   only those articles go through the extraction step, an order-keeping function
             from Articles to DocResults (``Extractor.run``; a parallel version can replace it).
4. store     in input order, one transaction per document (``Target.place``: the document, its
             events and places if it is an original, the originals it replaces turned into
             copies, and the aggregate counts it changes), so a killed run leaves whole
             documents only; the next run skips what was stored and finishes the rest, giving
             the same database.

Which copy is the original (``store/originals.py``). Copies are linked by equal texts or near
duplicate signatures; a group is every document linked to it, however indirectly; the original
of a group is its earliest-published document, then the smallest doc id (undated documents
after dated ones). That is a function of the set of documents, not of their order: a document
that arrives after its group's original but precedes it by the rule is extracted and replaces
it (``place`` removes the old original's events, re-points its copies, re-counts), in this run
or a later one. The driver settles results in input order whatever order an extraction step
finishes them in (``pipeline.parallel`` workers, ``cluster`` partitions), so a run on one
process, on several, or on a Dask cluster writes the same rows; and so does the same set of
documents read in any order, in one run or several.

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
from .originals import Neighbour, RuleKey, rule_key
from .store import Copy, Placement, open_store

log = logging.getLogger(__name__)

Kind = Literal["new", "exact", "near", "already", "rejected"]
ExtractFn = Callable[[Iterable[Article]], Iterator[DocResult]]


class Target(Protocol):
    """Where the driver stores: the event database (``store.SqlStore``) or the Parquet event
    lake (``lake.LakeStore``); the look-ups answer the deduplicator."""

    url: str

    def lookup_doc(self, doc_id: str) -> str | None: ...
    def neighbours(self, text_hash: str, signature: bytes,
                   threshold: float = ...) -> list[Neighbour]: ...
    def place(self, copy: Copy, signature: bytes, result: DocResult | None,
              threshold: float = ...) -> Placement: ...
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
    """Events stored by this run: those of the new articles, less those of the originals they
    replaced (``superseded``)."""
    superseded: int = 0
    """Stored originals that a document of this run replaced (by the rule that picks the
    original: it was published earlier, or it linked their groups); they are copies now."""
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
    """``new``: to be extracted (it may be the original of its group); ``exact``/``near``:
    a copy of a group whose original precedes it (the store decides which at settle time)."""
    article: Article
    copy: Copy
    article_id: str
    signature: bytes = b""
    reason: str | None = None


class Deduplicator:
    """Decides which articles need extracting: those that may be the original of their group.

    Stored texts are found in the database (``Target.neighbours``: the same text hash, or a
    shared LSH band key and a similarity at the threshold), with the original of each one's
    group, so the database is the only index and is never out of step with itself, whatever
    happened to an earlier run. In memory are only the pending articles (classified, not yet
    committed), which the extraction step's look-ahead bounds.

    An article is a copy (not extracted) when a text it is linked to belongs to a group whose
    original, stored or pending, precedes it by ``rule_key``: groups only merge, so that
    original or an earlier one leads its group when the article is stored. Otherwise it is
    extracted; the store may still find it a copy (of a text that was pending as a copy),
    and then the extraction is not used.
    """

    def __init__(self, store: Target, threshold: float = aggregate.NEAR_DUPLICATE_THRESHOLD,
                 published: date | None = None) -> None:
        self.store = store
        self.published = published
        self.threshold = threshold
        self.pending = aggregate.NearDuplicateIndex(threshold)
        """Signatures of the pending articles to be extracted, by text hash."""
        self._docs: dict[str, str] = {}
        """Pending doc id → text hash (classified, not yet committed)."""
        self._hashes: dict[str, tuple[RuleKey, str]] = {}
        """Pending text hash → the first original known of its group (rule key, article)."""

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
        data = aggregate.signature_bytes(aggregate.signature(article.text))
        firsts = [(n.original_key, n.article_id)
                  for n in self.store.neighbours(h, data, self.threshold)]
        if h in self._hashes:
            firsts.append(self._hashes[h])
        for key, other in self.pending.candidates(aggregate.band_keys(data)):
            group = self._hashes.get(key)  # None once a plan of that text has settled
            if group is not None and aggregate.similarity(data, other) >= self.threshold:
                firsts.append(group)
        own = rule_key(copy.published, copy.doc_id)
        first = min(firsts, default=None)
        if first is None or own < first[0]:
            self.pending.add(h, data)
            self._hashes[h] = (own, h)
            return Plan("new", article, copy, h, signature=data)
        self._hashes[h] = min(first, self._hashes.get(h, first))
        kind: Kind = "exact" if h == first[1] else "near"
        return Plan(kind, article, replace(copy, kind=kind), first[1], signature=data)

    def settled(self, plan: Plan) -> None:
        """Forget a plan's pending state once the store has committed it."""
        self._docs.pop(plan.article.doc_id, None)
        if plan.kind == "new" or plan.copy.text_hash not in self.pending:
            # (a copy leaves its text's entry to a pending article of the same text)
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
    totals = {"read": 0, "new": 0, "duplicate": 0, "already": 0, "rejected": 0, "events": 0,
              "superseded": 0}

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
        if item.kind == "already":
            placed = Placement("already", "")
        else:
            assert (result is not None) == (item.kind == "new")
            placed = store.place(item.copy, item.signature, result, threshold)
        kind: Kind = placed.kind  # type: ignore[assignment]
        totals[{"new": "new", "already": "already"}.get(kind, "duplicate")] += 1
        totals["events"] += placed.events - placed.dropped
        totals["superseded"] += placed.superseded
        dedup.settled(item)
        report(Outcome(kind, item.article.doc_id, item.article.origin,
                       article_id=placed.article_id or None,
                       similarity=placed.similarity if kind == "near" else None,
                       events=placed.events))

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
