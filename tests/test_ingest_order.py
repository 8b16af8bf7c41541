"""The rule that picks the original does not depend on arrival order.

The same documents — groups of exact and near copies whose earliest-published copy is read
last, a chain of near copies whose ends are not near each other, an exact copy of a near copy
published before the group's original, undated copies — are ingested in the rule's own order,
reversed, shuffled, read all ahead of extraction, and over two runs whose second brings the
earliest copies; every time the database (articles, copies and their links, events with every
field, aggregates, the near-duplicate state) and the Parquet lake are the same, row for row.

The extraction step is ``store_fixtures.rule_extract`` (no model); ``test_cluster.py`` runs
the same check on a Dask cluster with the model.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from store_fixtures import postgres_url, reset_postgres, rule_extract, snapshot

from eventwire.records import Article, DocResult
from eventwire.store import aggregate
from eventwire.store.ingest import IngestSummary, ingest
from eventwire.store.originals import rule_key
from eventwire.store.store import open_store

STORY = ("Russia met Turkey in Astana on 2022-10-13. Officials from both sides described the "
         "talks as useful and said they covered grain exports and energy. France accused "
         "Germany on 2022-10-12 of delaying the deal. Analysts expect another meeting soon.")
_LINES = [f"Ukraine attacked Russia on 2022-10-0{1 + i % 9}. Witness {i} reported item {i * 7} "
          f"near marker {i * 11}." for i in range(40)]
B1 = " ".join(_LINES[0:20])
B2 = " ".join(_LINES[0:17] + _LINES[20:23])
B3 = " ".join(_LINES[0:14] + _LINES[20:26])
"""A chain: B1 and B2 are near copies, B2 and B3 too, B1 and B3 are not (0.59)."""
C = ("Germany aided Ukraine on 2022-10-03. The shipment included generators, blankets and "
     "medical supplies for the winter, officials in Berlin said on Monday evening.")
D = ("France met Kazakhstan in Paris on 2022-10-06. The ministers discussed uranium supplies "
     "and a new rail corridor across the Caspian, and agreed to meet again in spring.")


def _art(doc_id: str, text: str, day: int | None, source: str) -> Article:
    return Article(doc_id, text, source=source, url=f"https://{source.lower()}.example/{doc_id}",
                   published=date(2022, 10, day) if day else None, origin=f"{doc_id}.txt")


DOCS = [
    _art("a-wire", STORY, 12, "Wire"),
    _art("a-daily", STORY, 10, "Daily"),                       # the earliest: the original
    _art("a-near", "MOSCOW (Post) - " + STORY + " (Reporting by Post.)", 11, "Post"),
    _art("a-near-same", "MOSCOW (Post) - " + STORY + " (Reporting by Post.)", None, "Echo"),
    _art("a-undated", "KYIV (Wire) - " + STORY, None, "Wire"),
    _art("b1", B1, 7, "Wire"),
    _art("b2", B2, 9, "Post"),
    _art("b2-same", B2, None, "Echo"),
    _art("b3", B3, 5, "Daily"),                                # the chain's original
    _art("c-2", C + " (Echo)", None, "Echo"),
    _art("c-1", "BERLIN - " + C, None, "Wire"),                # undated: smaller doc id
    _art("d-orig", D, 8, "Wire"),
    _art("d-near", "PARIS (Post) - " + D + " Reporting by Post.", 9, "Post"),
    _art("d-first", "PARIS (Post) - " + D + " Reporting by Post.", 1, "Daily"),
    _art("e", "Turkey accused France on 2022-10-02. Nothing else was said.", 3, "Wire"),
    _art("f", "Kazakhstan met Germany on 2022-10-04. The talks went on all day.", None, "Post"),
]
ORIGINALS = {"a-daily", "b3", "c-1", "d-first", "e", "f"}
EARLIEST = {"a-daily", "b3", "c-1", "d-first"}


def _rule_order(docs: Iterable[Article]) -> list[Article]:
    return sorted(docs, key=lambda a: rule_key(a.published, a.doc_id))


def _read_all_first(articles: Iterable[Article]) -> Iterator[DocResult]:
    yield from rule_extract(list(articles))  # every article classified before any is stored


ORDERS: dict[str, Callable[[], list[list[Article]]]] = {
    "reversed": lambda: [_rule_order(DOCS)[::-1]],
    "shuffled": lambda: [random.Random(17).sample(DOCS, len(DOCS))],
    "input": lambda: [list(DOCS)],
    "two runs": lambda: [[a for a in _rule_order(DOCS)[::-1] if a.doc_id not in EARLIEST],
                         [a for a in DOCS if a.doc_id in EARLIEST]],
}


def _run_all(db: str, runs: Sequence[Sequence[Article]], extract: Any = rule_extract
             ) -> list[IngestSummary]:
    out = []
    for items in runs:
        store = open_store(db)
        try:
            out.append(ingest(items, store, extract))
        finally:
            store.close()
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    db = str(tmp_path_factory.mktemp("rule-order") / "events.db")
    (summary,) = _run_all(db, [_rule_order(DOCS)])
    # in rule order only the chain replaces an original: b1 is one until b2 links it to b3
    assert summary.superseded == 1 and summary.new - summary.superseded == len(ORIGINALS)
    return snapshot(db)


def test_the_rule_picks_the_earliest_then_the_smallest_id(reference) -> None:  # type: ignore[no-untyped-def]
    copies = {row[0]: row for row in reference["copies"]}   # doc_id, article_id, hash, kind, sim
    assert {d for d, row in copies.items() if row[3] == "original"} == ORIGINALS
    text_hash = {a.doc_id: aggregate.text_hash(a.text) for a in DOCS}
    assert copies["a-wire"][1:4] == (text_hash["a-daily"], text_hash["a-daily"], "exact")
    assert copies["a-near-same"][3] == "near" and copies["a-near-same"][1] == text_hash["a-daily"]
    # the chain: b1 is in b3's group through b2 although the two are not near copies
    assert copies["b1"][1] == text_hash["b3"] and copies["b1"][3] == "near"
    assert copies["b1"][4] < aggregate.NEAR_DUPLICATE_THRESHOLD <= copies["b2"][4]
    # the earliest document has the text of a near copy: that text is the article
    assert copies["d-near"][1:4] == (text_hash["d-first"], text_hash["d-first"], "exact")
    assert copies["d-orig"][3] == "near"
    assert {row[1] for row in reference["events"]} == {text_hash[d] for d in ORIGINALS}
    assert {row[2] for row in reference["events"]} == ORIGINALS         # events' doc ids
    texts = {row[0] for row in reference["copy_texts"]}
    assert texts == {text_hash[d] for d in ("a-near", "a-undated", "b1", "b2", "c-2",
                                            "d-orig")}


@pytest.mark.parametrize("extract", [rule_extract, _read_all_first], ids=["stream", "ahead"])
@pytest.mark.parametrize("order", list(ORDERS))
def test_any_order_gives_the_database_of_the_rule_order(
        reference, order: str, extract: Any, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "events.db")
    summaries = _run_all(db, ORDERS[order](), extract)
    if order != "input":
        assert sum(s.superseded for s in summaries) > 0   # originals were replaced on the way
    got = snapshot(db)
    for name in ("articles", "copies", "events", "event_actors", "event_evidence", "places",
                 "clusters", "lsh_bands", "copy_texts", "copy_bands"):
        assert got[name] == reference[name], name
    assert got == reference
    stored = sum(s.events for s in summaries)
    assert stored == len(reference["events"])             # events net of the removed ones


@pytest.mark.postgres
def test_any_order_gives_the_same_database_on_postgresql(reference) -> None:  # type: ignore[no-untyped-def]
    url = postgres_url()
    reset_postgres(url)
    try:
        for order in ORDERS:
            _run_all(url, ORDERS[order]())
            assert snapshot(url) == reference, order
            reset_postgres(url)
    finally:
        reset_postgres(url)


def _lake_rows(root: Path, runs: Sequence[Sequence[Article]], batch: int
               ) -> dict[str, list[str]]:
    ds = pytest.importorskip("pyarrow.dataset")
    from eventwire.store.lake import LakeStore

    for items in runs:
        lake = LakeStore(root, batch_articles=batch)
        try:
            ingest(items, lake, rule_extract)
        finally:
            lake.close()
    return {name: sorted(map(repr, ds.dataset(root / name, format="parquet",
                                              partitioning="hive").to_table().to_pylist()))
            for name in ("articles", "events", "mentions")}


@pytest.mark.parametrize("batch", [1, 4, 1000])
def test_any_order_gives_the_same_parquet_lake(reference, tmp_path: Path, batch: int) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pyarrow")
    expected = _lake_rows(tmp_path / "rule", [_rule_order(DOCS)], batch)
    assert len(expected["articles"]) == len(ORIGINALS)
    assert len(expected["events"]) == len(reference["events"])
    for order in ORDERS:
        root = tmp_path / order.replace(" ", "-")
        assert _lake_rows(root, ORDERS[order](), batch) == expected, order
        written = {p.stem.removeprefix("part-") for p in root.rglob("*.parquet")}
        import sqlite3

        state = sqlite3.connect(root / "_eventwire" / "state.db")
        try:
            ledger = {b for (b,) in state.execute("SELECT batch_id FROM batches")}
            kinds = dict(state.execute("SELECT doc_id, kind FROM copies"))
        finally:
            state.close()
        assert written <= ledger               # no file of a superseded batch is left over
        assert {d for d, k in kinds.items() if k == "original"} == ORIGINALS


def test_a_copy_settled_while_an_earlier_copy_of_its_text_is_pending(tmp_path: Path) -> None:
    """Read ahead: a copy of text H settles while a document with the same text H, published
    earlier, still waits for its extraction; a later near copy of H is still classified."""
    from eventwire.store.ingest import Deduplicator

    store = open_store(str(tmp_path / "events.db"))
    try:
        dedup = Deduplicator(store)
        near = "MOSCOW (Post) - " + STORY + " (Reporting by Post.)"
        first = dedup.classify(_art("o", STORY, 10, "Wire"))
        later = dedup.classify(_art("x-late", near, 12, "Post"))
        early = dedup.classify(_art("x-early", near, 1, "Echo"))
        assert (first.kind, later.kind, early.kind) == ("new", "near", "new")
        dedup.settled(first)
        dedup.settled(later)
        again = dedup.classify(_art("y", "LONDON (Post) - " + near, 13, "Post"))
        assert again.kind == "near" and again.article_id == early.article_id
    finally:
        store.close()
