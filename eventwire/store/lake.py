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
events': the original's; a mention's: the mentioning copy's); undated rows go to
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
4. replace when a document replaces its group's original (``store/originals.py``: it was
           published earlier, or it links groups), the old original's rows and its copies'
           mentions are dropped from the open batch, and a committed batch holding some is
           taken over: the open batch writes its other rows again, its documents move to the
           open batch in the ledger, and its files are deleted once the open batch commits.

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
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Self

from . import aggregate
from ..errors import StoreError, UsageError
from ..records import DocResult, Event, Reject
from .originals import Neighbour, copy_kind, rule_key
from .store import Copy, Placement

log = logging.getLogger(__name__)

SCHEME = "parquet://"
DATASETS = ("articles", "events", "mentions")
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
BATCH_ARTICLES = 1000
"""Documents per batch: each batch writes one file per dataset and date, so larger batches mean
fewer, larger files (DuckDB and Spark prefer files of several MB)."""
STATE_VERSION = 2
"""2: ``copies`` keeps each document's date, source and URL (the rule that picks the original,
and the mentions written again when a group's original changes); ``signatures`` and ``bands``
hold every text written, a copy's as well as an article's."""

_STATE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS copies (doc_id TEXT PRIMARY KEY, text_hash TEXT NOT NULL,
    article_id TEXT NOT NULL, kind TEXT NOT NULL, batch_id TEXT NOT NULL, published TEXT,
    source_name TEXT, url TEXT);
CREATE INDEX IF NOT EXISTS ix_copies_hash ON copies (text_hash);
CREATE INDEX IF NOT EXISTS ix_copies_article ON copies (article_id);
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
        else:
            self._upgrade(int(found[0]))
        self._schemas = _schemas()
        self._recover()
        self._reset()
        self._db.execute("BEGIN")

    def _reset(self) -> None:
        self._rows: dict[str, dict[str, list[dict[str, Any]]]] = {
            name: defaultdict(list) for name in DATASETS}
        self._docs: list[str] = []
        self._superseded: list[Path] = []
        """Files of committed batches whose rows this batch took over (deleted after it)."""

    def _upgrade(self, version: int) -> None:
        """State version 1 → 2: the copies' dates, sources and URLs, from the lake's files."""
        if version >= 2:
            return
        for column in ("published TEXT", "source_name TEXT", "url TEXT"):
            self._db.execute(f"ALTER TABLE copies ADD COLUMN {column}")
        rows: dict[str, tuple[Any, ...]] = {}
        import pyarrow.parquet as pq

        for name in ("articles", "mentions"):
            for path in sorted((self.root / name).glob("published=*/*.parquet")):
                day: str | None = path.parent.name.removeprefix("published=")
                day = None if day == NULL_PARTITION else day
                for r in pq.read_table(path).to_pylist():
                    source = r["source_name"] if name == "mentions" else \
                        aggregate.source_name(r["source"], r["url"])
                    rows[r["doc_id"]] = (day, source, r["url"])
        self._db.executemany("UPDATE copies SET published = ?, source_name = ?, url = ? "
                             "WHERE doc_id = ?", [(*v, k) for k, v in rows.items()])
        self._db.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(STATE_VERSION),))

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

    def neighbours(self, text_hash: str, signature: bytes,
                   threshold: float = aggregate.NEAR_DUPLICATE_THRESHOLD) -> list[Neighbour]:
        """The written texts linked to a document (the same text, or a near copy of it), with
        their groups' originals (``store/originals.py``)."""
        bands = aggregate.band_keys(signature)
        match = " OR ".join("(band = ? AND key = ?)" for _ in bands)
        args = [v for i, k in enumerate(bands) for v in (i, k)]
        texts = {a: bytes(s) for a, s in self._db.execute(
            "SELECT article_id, signature FROM signatures WHERE article_id IN "
            f"(SELECT article_id FROM bands WHERE {match})", args)}
        texts.setdefault(text_hash, signature)
        linked = [h for h, sig in texts.items() if h == text_hash
                  or aggregate.similarity(signature, sig) >= threshold]
        out = []
        for h in sorted(linked):
            row = self._db.execute(
                "SELECT o.article_id, o.doc_id, o.published FROM copies AS c JOIN copies AS o "
                "ON o.article_id = c.article_id AND o.kind = 'original' WHERE c.text_hash = ? "
                "LIMIT 1", (h,)).fetchone()
            if row is not None:
                out.append(Neighbour(h, texts[h], row[0], row[1],
                                     date.fromisoformat(row[2]) if row[2] else None))
        return out

    # ---- writes -----------------------------------------------------------------------------

    def _copy(self, copy: Copy, article_id: str) -> bool:
        cur = self._db.execute(
            "INSERT OR IGNORE INTO copies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (copy.doc_id, copy.text_hash, article_id, copy.kind, "",
             copy.published.isoformat() if copy.published else None,
             aggregate.source_name(copy.source, copy.url), copy.url))
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

    def _index_text(self, text_hash: str, signature: bytes) -> None:
        self._db.execute("INSERT OR IGNORE INTO signatures VALUES (?, ?)", (text_hash, signature))
        self._db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?, ?)",
                             [(text_hash, band, key) for band, key in
                              enumerate(aggregate.band_keys(signature))])

    def _signature(self, text_hash: str) -> bytes | None:
        row = self._db.execute("SELECT signature FROM signatures WHERE article_id = ?",
                               (text_hash,)).fetchone()
        return bytes(row[0]) if row else None

    def place(self, copy: Copy, signature: bytes, result: DocResult | None,
              threshold: float = aggregate.NEAR_DUPLICATE_THRESHOLD) -> Placement:
        """Write a document by the rule of ``store/originals.py`` (as ``SqlStore.place``):
        the rows of the originals it replaces are taken out of this batch, or out of the
        committed batches that hold them, which this batch then writes again without them."""
        if self.lookup_doc(copy.doc_id) is not None:
            return Placement("already", self.lookup_hash(copy.text_hash) or "")
        links = self.neighbours(copy.text_hash, signature, threshold)
        firsts = {n.article_id: n.original_key for n in links}
        groups = sorted(firsts, key=firsts.__getitem__)
        own = rule_key(copy.published, copy.doc_id)
        if not groups or own < firsts[groups[0]]:
            if result is None:
                raise StoreError(f"{self.url}: {copy.doc_id!r} is the original of its group "
                                 "but was not extracted; this is a bug in the ingest driver")
            target, target_sig = copy.text_hash, signature
            dropped = self._drop_rows(set(groups))
            if target in firsts:  # an exact copy of the original, published earlier
                self._db.execute("UPDATE copies SET kind = 'exact' WHERE text_hash = ?",
                                 (target,))
            n = self._add_article(replace(copy, kind="original", similarity=1.0), result,
                                  signature)
            placed = Placement("new", target, 1.0, n)
        else:
            target = groups[0]
            target_sig = self._signature(target) or signature
            kind, sim = copy_kind(copy.text_hash, signature, target, target_sig)
            dropped = self._drop_rows(set(groups[1:]))
            self._add_copy(replace(copy, kind=kind, similarity=sim), target)
            self._index_text(copy.text_hash, signature)
            placed = Placement(kind, target, sim)
        for group in groups:
            if group == target and placed.kind != "new":
                continue
            self._repoint(group, target, target_sig, fresh=copy.doc_id)
        self._maybe_flush()  # only here: a batch holds whole placements
        return replace(placed, superseded=len(groups) - (placed.kind != "new"),
                       dropped=dropped)

    def _drop_rows(self, groups: set[str]) -> int:
        """Take every row of these groups' articles out of the buffer and out of the committed
        batches (which this batch takes over: their other rows are written again in it)."""
        if not groups:
            return 0
        marks = ",".join("?" * len(groups))
        batches = [b for (b,) in self._db.execute(
            f"SELECT DISTINCT batch_id FROM copies WHERE article_id IN ({marks}) "
            "AND batch_id != '' ORDER BY batch_id", sorted(groups))]
        for batch in batches:
            self._take_over(batch)
        for name in DATASETS:
            for rows in self._rows[name].values():
                rows[:] = [r for r in rows if r["article_id"] not in groups]
        return self._db.execute(f"DELETE FROM article_events WHERE article_id IN ({marks})",
                                sorted(groups)).rowcount

    def _take_over(self, batch: str) -> None:
        """Move a committed batch's rows and documents into this batch; its files are deleted
        once this batch is committed (the ledger row goes in the same transaction)."""
        import pyarrow.parquet as pq

        (files,) = self._db.execute("SELECT files FROM batches WHERE batch_id = ?",
                                    (batch,)).fetchone()
        for name in json.loads(files):
            path = self.root / name
            dataset, part = Path(name).parts[:2]
            self._rows[dataset][part].extend(pq.read_table(path).to_pylist())
            self._superseded.append(path)
        self._docs.extend(d for (d,) in self._db.execute(
            "SELECT doc_id FROM copies WHERE batch_id = ? ORDER BY doc_id", (batch,)))
        self._db.execute("UPDATE copies SET batch_id = '' WHERE batch_id = ?", (batch,))
        self._db.execute("DELETE FROM batches WHERE batch_id = ?", (batch,))

    def _repoint(self, group: str, target: str, target_sig: bytes, fresh: str) -> None:
        """Make the documents of ``group`` copies of ``target`` (the ledger and one mention
        of each of its events); ``fresh`` (the document being placed) has its mentions."""
        events = self._db.execute(
            "SELECT event_id, cluster_id, n_mentions, confidence FROM article_events "
            "WHERE article_id = ? ORDER BY event_id", (target,)).fetchall()
        members = self._db.execute(
            "SELECT doc_id, text_hash, kind, published, source_name, url FROM copies "
            "WHERE article_id = ? AND doc_id != ? ORDER BY doc_id", (group, fresh)).fetchall()
        for doc_id, text_hash, kind, published, source_name, url in members:
            sig = target_sig if text_hash == target else self._signature(text_hash)
            if sig is not None:
                kind, _ = copy_kind(text_hash, sig, target, target_sig)
            self._db.execute("UPDATE copies SET article_id = ?, kind = ? WHERE doc_id = ?",
                             (target, kind, doc_id))
            for event_id, cluster, n, confidence in events:
                self._rows["mentions"][_partition(
                    date.fromisoformat(published) if published else None)].append({
                        "global_event_id": aggregate.global_event_id(cluster),
                        "event_id": event_id, "cluster_id": cluster, "doc_id": doc_id,
                        "article_id": target, "kind": kind, "source_name": source_name,
                        "url": url, "n_mentions": n, "confidence": confidence})

    def add_article(self, copy: Copy, result: DocResult, signature: bytes) -> int:
        """Buffer a new article with its events and mentions; 0 if it is already written."""
        n = self._add_article(copy, result, signature)
        self._maybe_flush()
        return n

    def _add_article(self, copy: Copy, result: DocResult, signature: bytes) -> int:
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
        return len(unique)

    def add_copy(self, copy: Copy, article_id: str) -> None:
        """Buffer a duplicate copy: one mention row per event of its article."""
        self._add_copy(copy, article_id)
        self._maybe_flush()

    def _add_copy(self, copy: Copy, article_id: str) -> None:
        if not self._copy(copy, article_id):
            return
        for event_id, cluster, n, confidence in self._db.execute(
                "SELECT event_id, cluster_id, n_mentions, confidence FROM article_events "
                "WHERE article_id = ? ORDER BY event_id", (article_id,)).fetchall():
            self._mention(copy, article_id, event_id, cluster, n, confidence)

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
        for path in self._superseded:  # their rows are in this batch now
            path.unlink(missing_ok=True)
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
