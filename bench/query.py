"""How fast the query surface answers on a synthetic event database: prints figures, asserts none.

    .venv/bin/python bench/query.py [N_ARTICLES] [--db PATH|URL]

Fills a fresh database with N articles (default 3000) of three events each (types, countries,
dates, modalities and sources drawn with a fixed seed), then times: every event
(``eventwire.query``), a date range, an actor by name, a country pair, ``eventwire.aggregate``
per week by dyad, and the API's first and a deep page of ``/events`` (FastAPI's test client).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from store_fixtures import actor, make_event  # noqa: E402

import eventwire  # noqa: E402
from eventwire.records import DocResult, Document  # noqa: E402
from eventwire.store.aggregate import signature, signature_bytes, text_hash  # noqa: E402
from eventwire.store.store import Copy, open_store  # noqa: E402

TYPES = [("CONSULT", "040", 1), ("ASSAULT", "190", 4), ("ACCUSE", "112", 3), ("AID", "070", 2),
         ("SANCTION", "163", 4), ("PROTEST", "140", 3)]
COUNTRIES = ["RUS", "UKR", "TUR", "USA", "CHN", "IRN", "FRA", "DEU", "KAZ", "ISR"]
SOURCES = ["Wire", "Daily", "Post", "Herald", "Times", "Ledger"]
MODALITIES = ["asserted"] * 7 + ["future", "hypothetical", "negated"]


def fill(db: str, n: int) -> float:
    from dataclasses import replace

    rng = random.Random(15)
    store = open_store(db)
    start = time.perf_counter()
    for i in range(n):
        text = f"Article {i}: " + " ".join(rng.choice(COUNTRIES) for _ in range(40))
        published = date(2022, 1, 1) + timedelta(days=rng.randrange(365))
        events = []
        for j in range(3):
            kind, cameo, quad = rng.choice(TYPES)
            a, b = rng.sample(COUNTRIES, 2)
            when = (published - timedelta(days=rng.randrange(4))).isoformat() \
                if rng.random() < 0.6 else None
            events.append(replace(make_event(
                f"a{i}", j, kind, (actor(a),), (actor(b),), when, None,
                round(rng.uniform(0.3, 0.95), 2), f"{a} and {b} sentence {j}.", j * 30, cameo,
                quad), modality=rng.choice(MODALITIES)))
        source = rng.choice(SOURCES)
        doc = Document(f"a{i}", text, ((0, len(text)),), None, f"https://{source}.example/{i}",
                       published, source)
        store.add_article(Copy(f"a{i}", text_hash(text), url=doc.url, source=source,
                               published=published),
                          DocResult(doc, tuple(events), ()), signature_bytes(signature(text)))
    store.close()
    return time.perf_counter() - start


def timed(label: str, fn) -> None:
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    size = len(result) if hasattr(result, "__len__") else result
    print(f"{label:<44} {seconds * 1000:9.1f} ms   {size} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=3000)
    parser.add_argument("--db", help="a database address (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        seconds = fill(db, args.n)
        print(f"filled {db}: {args.n} articles, {3 * args.n} events in {seconds:.1f} s")
        store = open_store(db, create=False, migrate=False)
        try:
            timed("query: every event", lambda: eventwire.query(store))
            timed("query: one month", lambda: eventwire.query(
                store, since="2022-06-01", until="2022-06-30"))
            timed("query: actor by name (Russia), asserted", lambda: eventwire.query(
                store, actor="Russia", modality="asserted"))
            timed("query: dyad RUS-UKR undirected", lambda: eventwire.query(
                store, dyad="RUS-UKR", directed=False))
            timed("aggregate: per week by dyad", lambda: eventwire.aggregate(
                store, per="week", by="dyad"))
            try:
                from fastapi.testclient import TestClient

                from eventwire.serve.api import create_app
            except ImportError:
                print("(the [web] extra is not installed: no API figures)")
                return
            client = TestClient(create_app(store))
            timed("API /events first page (50)", lambda: client.get(
                "/events", params={"limit": 50}).json()["items"])
            timed("API /events deep page (offset 5000)", lambda: client.get(
                "/events", params={"limit": 50, "offset": 5000}).json()["items"])
            timed("API /stats per month by type", lambda: client.get(
                "/stats", params={"per": "month", "by": "type"}).json()["items"])
        finally:
            store.close()


if __name__ == "__main__":
    main()
