"""The Parquet event lake: ``eventwire ingest --out parquet://DIR``, the store for bulk runs.

Layout (Hive-style partitions by publication date, which DuckDB, polars, Spark and pyarrow read
as a ``published`` column)::

    DIR/articles/published=2022-10-11/part-<batch>.parquet   one row per distinct article
    DIR/events/published=2022-10-11/part-<batch>.parquet     one row per event (flat columns +
                                                             the full record as JSON)
    DIR/mentions/published=2022-10-11/part-<batch>.parquet   one row per event and copy: an
                                                             aggregate's counts are a GROUP BY
    DIR/_eventwire/state.db                                   the ledger and near-duplicate state

``published`` is the publication date of the document the row comes from (an article's and its
events': the first copy's; a mention's: the mentioning copy's); undated rows go to
``published=__HIVE_DEFAULT_PARTITION__`` (read as null).

1. state   ``_eventwire/state.db`` (SQLite) holds what the ingest driver asks while it reads: the
           doc id and text hash of every document written (``copies``), every article's MinHash
           signature and LSH band keys (``signatures``, ``bands``: the near-duplicate index),
           the events of each article (``article_events``, for the mentions of later copies),
           the rejects, and the ledger of written batches (``batches``).
2. batch   writes are gathered into batches of ``batch_articles`` documents. A batch is written
           file by file, each to a temporary name then renamed (atomic: a reader sees a whole
           file or none), and only then recorded in the ledger in the same state transaction
           as its documents. A run killed before that commit leaves files that no ledger row
           names: opening the lake deletes them, and the re-run writes the batch again.
3. re-run  documents in ``copies`` are skipped by the driver, so a re-run adds no rows.

Aggregated events are not materialised: ``mentions`` grouped by ``global_event_id`` gives
GDELT's NumMentions (sum of ``n_mentions``), NumArticles (distinct ``doc_id``) and NumSources
(distinct ``source_name``, a copy of unknown source counting as its own), the counts of the
event database's ``clusters`` table.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Self

from . import aggregate
from ..errors import StoreError, UsageError
from ..records import DocResult, Event, Reject
from .store import Copy

log = logging.getLogger(__name__)

SCHEME = "parquet://"
DATASETS = ("articles", "events", "mentions")
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
BATCH_ARTICLES = 1000
"""Documents per batch: each batch writes one file per dataset and date, so larger batches mean
fewer, larger files (DuckDB and Spark prefer files of several MB)."""
STATE_VERSION = 1

_STATE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS copies (doc_id TEXT PRIMARY KEY, text_hash TEXT NOT NULL,
    article_id TEXT NOT NULL, kind TEXT NOT NULL, batch_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_copies_hash ON copies (text_hash);
CREATE TABLE IF NOT EXISTS signatures (article_id TEXT PRIMARY KEY, signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bands (article_id TEXT NOT NULL, band INTEGER NOT NULL,
    key INTEGER NOT NULL, PRIMARY KEY (article_id, band));
CREATE INDEX IF NOT EXISTS ix_bands ON bands (band, key);
CREATE TABLE IF NOT EXISTS article_events (article_id TEXT NOT NULL, event_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL, n_mentions INTEGER NOT NULL, confidence REAL NOT NULL,
    PRIMARY KEY (article_id, event_id));
CREATE TABLE IF NOT EXISTS rejects (origin TEXT PRIMARY KEY, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (batch_id TEXT PRIMARY KEY, documents INTEGER NOT NULL,
    articles INTEGER NOT NULL, events INTEGER NOT NULL, mentions INTEGER NOT NULL,
    files TEXT NOT NULL, done_at TEXT NOT NULL);
"""


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i32, i64, f64 = pa.string(), pa.int32(), pa.int64(), pa.float64()
    return {
        "articles": pa.schema([
            ("article_id", s), ("doc_id", s), ("title", s), ("url", s), ("source", s),
            ("language", s), ("text", s), ("text_len", i32), ("n_events", i32)]),
        "events": pa.schema([
            ("event_id", s), ("global_event_id", i64), ("cluster_id", s), ("article_id", s),
            ("doc_id", s), ("event_type", s), ("mode", s), ("modality", s), ("cameo", s),
            ("quad_class", i32), ("date", s), ("date_precision", s),
            ("actor_countries", s), ("recipient_countries", s), ("loc_name", s),
            ("loc_country", s), ("loc_lat", f64), ("loc_lon", f64), ("loc_geonameid", i64),
            ("dead", i32), ("injured", i32), ("arrested", i32), ("confidence", f64),
            ("n_mentions", i32), ("is_root", pa.bool_()), ("sentence", s), ("record", s)]),
        "mentions": pa.schema([
            ("global_event_id", i64), ("event_id", s), ("cluster_id", s), ("doc_id", s),
            ("article_id", s), ("kind", s), ("source_name", s), ("url", s),
            ("n_mentions", i32), ("confidence", f64)]),
    }


def open_lake(out: str, *, batch_articles: int = BATCH_ARTICLES) -> LakeStore:
    """The lake at ``parquet://DIR`` (created if need be)."""
    if not out.startswith(SCHEME) or not out.removeprefix(SCHEME).strip():
        raise UsageError(f"--out {out!r}: write parquet://DIR (a directory for the Parquet "
                         "event lake)")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise UsageError("--out parquet:// needs pyarrow: pip install 'eventwire[parquet]'") \
            from None
    return LakeStore(Path(out.removeprefix(SCHEME)).expanduser(), batch_articles=batch_articles)


def _partition(day: date | None) -> str:
    return f"published={day.isoformat() if day else NULL_PARTITION}"


def _countries(event: Event, role: str) -> str:
    group = event.actors if role == "actor" else event.recipients
    return "|".join(sorted({a.country for a in group if a.country}))


class LakeStore:
    """The ingest driver's store (``ingest.Target``) over a Parquet event lake."""

    def __init__(self, root: Path, *, batch_articles: int = BATCH_ARTICLES) -> None:
        if batch_articles < 1:
            raise UsageError(f"batch size {batch_articles} must be at least 1")
        self.root = root
        self.url = SCHEME + str(root)
        self.batch_articles = batch_articles
        try:
            (root / "_eventwire").mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(root / "_eventwire" / "state.db", isolation_level=None)
            self._db.executescript(_STATE)
            found = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.url}: cannot open the lake's state ({exc}); check that "
                             "the directory is writable") from None
        if found is None:
            self._db.execute("INSERT INTO meta VALUES ('version', ?)", (str(STATE_VERSION),))
        elif int(found[0]) > STATE_VERSION:
            raise StoreError(f"{self.url}: lake state version {found[0]} is newer than this "
                             f"eventwire knows ({STATE_VERSION}); upgrade eventwire")
        self._schemas = _schemas()
        self._recover()
        self._reset()
        self._db.execute("BEGIN")

    def _reset(self) -> None:
        self._rows: dict[str, dict[str, list[dict[str, Any]]]] = {
            name: defaultdict(list) for name in DATASETS}
        self._docs: list[str] = []

    def _recover(self) -> None:
        """Delete files that no ledger row names: a batch cut short before its commit."""
        done = {row[0] for row in self._db.execute("SELECT batch_id FROM batches")}
        dropped = 0
        for name in DATASETS:
            for path in (self.root / name).glob("published=*/*"):
                batch = path.name.removeprefix("part-").removesuffix(".parquet")
                if path.name.startswith(".") or batch not in done:
                    path.unlink()
                    dropped += 1
        if dropped:
            log.warning("%s: removed %d files of a batch that was never committed; the re-run "
                        "writes it again", self.url, dropped)

    # ---- look-ups for the deduplicator ------------------------------------------------------

    def lookup_doc(self, doc_id: str) -> str | None:
        row = self._db.execute("SELECT text_hash FROM copies WHERE doc_id = ?",
                               (doc_id,)).fetchone()
        return row[0] if row else None

    def lookup_hash(self, text_hash: str) -> str | None:
        row = self._db.execute("SELECT article_id FROM copies WHERE text_hash = ? LIMIT 1",
                               (text_hash,)).fetchone()
        return row[0] if row else None

    def near_candidates(self, bands: Sequence[int]) -> list[tuple[str, bytes]]:
        if len(bands) != aggregate.LSH_BANDS:
            raise ValueError(f"{aggregate.LSH_BANDS} band keys are needed, not {len(bands)}")
        match = " OR ".join("(band = ? AND key = ?)" for _ in bands)
        args = [v for i, k in enumerate(bands) for v in (i, k)]
        rows = self._db.execute(
            "SELECT article_id, signature FROM signatures WHERE article_id IN "
            f"(SELECT article_id FROM bands WHERE {match}) ORDER BY article_id", args)
        return [(a, bytes(s)) for a, s in rows]

    # ---- writes -----------------------------------------------------------------------------

    def _copy(self, copy: Copy, article_id: str) -> bool:
        cur = self._db.execute("INSERT OR IGNORE INTO copies VALUES (?, ?, ?, ?, ?)",
                               (copy.doc_id, copy.text_hash, article_id, copy.kind, ""))
        if cur.rowcount:
            self._docs.append(copy.doc_id)
        return bool(cur.rowcount)

    def _mention(self, copy: Copy, article_id: str, event_id: str, cluster: str,
                 n_mentions: int, confidence: float) -> None:
        self._rows["mentions"][_partition(copy.published)].append({
            "global_event_id": aggregate.global_event_id(cluster), "event_id": event_id,
            "cluster_id": cluster, "doc_id": copy.doc_id, "article_id": article_id,
            "kind": copy.kind, "source_name": aggregate.source_name(copy.source, copy.url),
            "url": copy.url, "n_mentions": n_mentions, "confidence": confidence})

    def add_article(self, copy: Copy, result: DocResult, signature: bytes) -> int:
        """Buffer a new article with its events and mentions; 0 if it is already written."""
        from .store import _is_root

        article_id = copy.text_hash
        if not self._copy(copy, article_id):
            return 0
        doc = result.doc
        unique: dict[str, Event] = {}
        for e in result.events:
            unique.setdefault(e.event_id, e)
        self._db.execute("INSERT OR IGNORE INTO signatures VALUES (?, ?)", (article_id, signature))
        self._db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?, ?)",
                             [(article_id, band, key) for band, key in
                              enumerate(aggregate.band_keys(signature))])
        part = _partition(copy.published)
        self._rows["articles"][part].append({
            "article_id": article_id, "doc_id": copy.doc_id, "title": doc.title, "url": doc.url,
            "source": doc.source, "language": doc.language, "text": doc.text,
            "text_len": len(doc.text), "n_events": len(unique)})
        for e in unique.values():
            cluster = aggregate.cluster_id(e)
            n = aggregate.mention_count(e)
            loc = e.location
            self._db.execute("INSERT OR IGNORE INTO article_events VALUES (?, ?, ?, ?, ?)",
                             (article_id, e.event_id, cluster, n, float(e.confidence)))
            self._rows["events"][part].append({
                "event_id": e.event_id, "global_event_id": aggregate.global_event_id(cluster),
                "cluster_id": cluster, "article_id": article_id, "doc_id": e.doc_id,
                "event_type": e.event_type, "mode": e.mode, "modality": e.modality,
                "cameo": e.cameo, "quad_class": e.quad_class, "date": e.date.value,
                "date_precision": e.date.precision,
                "actor_countries": _countries(e, "actor"),
                "recipient_countries": _countries(e, "recipient"),
                "loc_name": loc.name if loc else None, "loc_country": loc.country if loc else None,
                "loc_lat": loc.lat if loc else None, "loc_lon": loc.lon if loc else None,
                "loc_geonameid": loc.geonameid if loc else None, "dead": e.size.dead,
                "injured": e.size.injured, "arrested": e.size.arrested,
                "confidence": float(e.confidence), "n_mentions": n,
                "is_root": _is_root(e, result), "sentence": e.evidence.sentence,
                "record": json.dumps(e.as_dict(), ensure_ascii=False, sort_keys=True)})
            self._mention(copy, article_id, e.event_id, cluster, n, float(e.confidence))
        self._maybe_flush()
        return len(unique)

    def add_copy(self, copy: Copy, article_id: str) -> None:
        """Buffer a duplicate copy: one mention row per event of its article."""
        if not self._copy(copy, article_id):
            return
        for event_id, cluster, n, confidence in self._db.execute(
                "SELECT event_id, cluster_id, n_mentions, confidence FROM article_events "
                "WHERE article_id = ? ORDER BY event_id", (article_id,)).fetchall():
            self._mention(copy, article_id, event_id, cluster, n, confidence)
        self._maybe_flush()

    def add_reject(self, reject: Reject) -> None:
        self._db.execute("INSERT OR REPLACE INTO rejects VALUES (?, ?)",
                         (reject.origin, reject.reason))

    def rejects(self) -> list[Reject]:
        return [Reject(o, r) for o, r in
                self._db.execute("SELECT origin, reason FROM rejects ORDER BY origin")]

    # ---- batches ----------------------------------------------------------------------------

    def _maybe_flush(self) -> None:
        if len(self._docs) >= self.batch_articles:
            self.flush()

    def _write_files(self, batch_id: str) -> list[str]:
        """Each dataset's rows of the batch, one file per date, each renamed into place."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        written = []
        for name in DATASETS:
            for part, rows in sorted(self._rows[name].items()):
                folder = self.root / name / part
                folder.mkdir(parents=True, exist_ok=True)
                final = folder / f"part-{batch_id}.parquet"
                tmp = folder / f".part-{batch_id}.parquet.tmp"
                table = pa.Table.from_pylist(rows, schema=self._schemas[name])
                pq.write_table(table, tmp)
                with open(tmp, "rb") as fh:
                    os.fsync(fh.fileno())
                os.replace(tmp, final)
                written.append(str(final.relative_to(self.root)))
        return written

    def _commit(self, batch_id: str, files: list[str]) -> None:
        from datetime import UTC, datetime

        counts = {name: sum(len(r) for r in self._rows[name].values()) for name in DATASETS}
        self._db.execute("UPDATE copies SET batch_id = ? WHERE batch_id = ''", (batch_id,))
        self._db.execute("INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?)", (
            batch_id, len(self._docs), counts["articles"], counts["events"],
            counts["mentions"], json.dumps(files),
            datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")))
        self._db.execute("COMMIT")

    def flush(self) -> None:
        """Write the buffered batch and commit it with the state; a no-op when empty."""
        if not self._docs:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            return
        batch_id = hashlib.sha1("\n".join(self._docs).encode("utf-8")).hexdigest()[:20]
        try:
            files = self._write_files(batch_id)
            self._commit(batch_id, files)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.url}: cannot write batch {batch_id} ({exc}); the next run "
                             "writes it again") from None
        log.info("%s: batch %s: %d documents, %d files", self.url, batch_id, len(self._docs),
                 len(files))
        self._reset()
        self._db.execute("BEGIN")

    def close(self) -> None:
        """Write what is buffered and close the state."""
        if self._db is None:
            return
        try:
            self.flush()
            self._db.execute("COMMIT")
        finally:
            self._db.close()
            self._db = None  # type: ignore[assignment]

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
