"""Hand-built records and a small rule-based extraction step for the store/corpus tests.

``rule_extract`` turns sentences such as "Russia met Turkey in Astana on 2022-10-13." into
events with a tiny fixed vocabulary, so the driver, the store and the exports can be tested
without the spaCy model. It is a test double of ``Extractor.run``, not the extractor.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventwire.records import (
    Actor,
    Article,
    DocResult,
    Document,
    Event,
    EventDate,
    Evidence,
    Place,
    Size,
)

COUNTRIES = {"Russia": "RUS", "Turkey": "TUR", "Ukraine": "UKR", "France": "FRA",
             "Kazakhstan": "KAZ", "Germany": "DEU"}
TRIGGERS = {"met": ("CONSULT", "040", 1), "attacked": ("ASSAULT", "190", 4),
            "accused": ("ACCUSE", "112", 3), "aided": ("AID", "070", 2)}
CITIES = {"Astana": ("KAZ", 51.1801, 71.44598, 1526273), "Paris": ("FRA", 48.85341, 2.3488,
                                                                     2988507)}
_SENT = re.compile(r"[^.]+\.")
_DATE = re.compile(r"\bon (\d{4}-\d{2}(?:-\d{2})?)")


def actor(country: str, sector: str | None = "GOV", name: str | None = None) -> Actor:
    return Actor(name or country, name or country, country, sector, "country")


def make_event(doc_id: str, index: int = 0, event_type: str = "CONSULT",
               actors: tuple[Actor, ...] = (), recipients: tuple[Actor, ...] = (),
               when: str | None = "2022-10-13", place: Place | None = None,
               confidence: float = 0.8, sentence: str = "A met B.", start: int = 0,
               cameo: str | None = "040", quad: int | None = 1,
               mentions: tuple[Evidence, ...] = ()) -> Event:
    key = "|".join([doc_id, str(index), event_type, *(a.country or "" for a in actors)])
    precision = {10: "day", 7: "month", 4: "year"}.get(len(when or ""), "none")
    return Event(
        event_id="e-" + hashlib.sha1(key.encode()).hexdigest()[:12], doc_id=doc_id,
        event_type=event_type, mode=None, context=("diplomatic",), modality="asserted",
        cameo=cameo, quad_class=quad, actors=actors, recipients=recipients,
        date=EventDate(when, precision, when),  # type: ignore[arg-type]
        location=place, size=Size(dead=3 if event_type == "ASSAULT" else None),
        attribution=None,
        evidence=Evidence(sentence, index, start, start + len(sentence),
                          sentence.split()[1] if len(sentence.split()) > 1 else None),
        confidence=confidence, mentions=mentions)


def city(name: str) -> Place:
    country, lat, lon, gid = CITIES[name]
    return Place(name, 0, len(name), name, country, None, lat, lon, gid, "city")


def rule_result(article: Article) -> DocResult:
    """Events of an article written in the fixture vocabulary."""
    text = article.text.strip()
    events = []
    seen: dict[tuple[Any, ...], int] = {}
    for i, m in enumerate(_SENT.finditer(text)):
        sentence = m.group().strip()
        words = re.findall(r"\w+", sentence)
        trig = next((w for w in words if w in TRIGGERS), None)
        if trig is None:
            continue
        cut = words.index(trig)
        before = tuple(actor(COUNTRIES[w]) for w in words[:cut] if w in COUNTRIES)
        after = tuple(actor(COUNTRIES[w]) for w in words[cut:] if w in COUNTRIES)
        place = next((city(w) for w in words if w in CITIES), None)
        date_m = _DATE.search(sentence)
        etype, cameo, quad = TRIGGERS[trig]
        key = (etype, before, after, date_m.group(1) if date_m else None)
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        if key in seen:  # a second sentence about the same event: one more mention
            j = seen[key]
            prev = events[j]
            events[j] = make_event(
                article.doc_id, prev.evidence.sentence_index, etype, before, after,
                prev.date.value, prev.location, prev.confidence, prev.evidence.sentence,
                prev.evidence.start, cameo, quad,
                mentions=(*prev.mentions, Evidence(sentence, i, start, start + len(sentence),
                                                   trig)))
            continue
        seen[key] = len(events)
        events.append(make_event(article.doc_id, i, etype, before, after,
                                 date_m.group(1) if date_m else None, place,
                                 0.5 + 0.05 * len(before + after), sentence, start, cameo, quad))
    paras = ((0, len(text.split("\n\n")[0])),) if text else ()
    doc = Document(article.doc_id, text, paras, article.title, article.url, article.published,
                   article.source)
    places = tuple(Place(w, text.find(w), text.find(w) + len(w), w, *CITIES[w][:1], None,
                         *CITIES[w][1:3], CITIES[w][3], "city")
                   for w in CITIES if w in text)
    return DocResult(doc, tuple(events), places)


def rule_extract(articles: Iterable[Article]) -> Iterator[DocResult]:
    for article in articles:
        yield rule_result(article)


PG_ENV = "EVENTWIRE_TEST_PG"


def postgres_url() -> str:
    """The scratch PostgreSQL database of ``EVENTWIRE_TEST_PG``, or a clear skip."""
    import pytest
    import sqlalchemy as sa

    from eventwire.store.store import resolve_url

    url = os.environ.get(PG_ENV, "")
    if not url:
        pytest.skip(f"{PG_ENV} is not set, so the PostgreSQL backend is not tested; start a "
                    "server with scripts/postgres.sh and export the URL it prints")
    engine = sa.create_engine(resolve_url(url))
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {url} is unreachable ({str(exc.orig).strip()}); "
                    "start it with scripts/postgres.sh")
    finally:
        engine.dispose()
    return url


def reset_postgres(url: str) -> None:
    """Drop eventwire's tables from the scratch database."""
    import sqlalchemy as sa

    from eventwire.store.store import metadata, resolve_url

    engine = sa.create_engine(resolve_url(url))
    try:
        metadata.drop_all(engine)
    finally:
        engine.dispose()


def _engine(db: str | Path) -> Any:
    import sqlalchemy as sa

    from eventwire.store.store import resolve_url

    return sa.create_engine(resolve_url(str(db)))


def snapshot(db: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every eventwire table's rows, sorted, without wall-clock columns (``*_at``); the same
    shape for SQLite and PostgreSQL, so the two can be compared."""
    import sqlalchemy as sa

    from eventwire.store.store import metadata

    engine = _engine(db)
    try:
        out = {}
        with engine.connect() as conn:
            for table in metadata.sorted_tables:
                if table.name == "schema_migrations":
                    continue
                cols = [c for c in table.columns if not c.name.endswith("_at")]
                rows = conn.execute(sa.select(*cols)).all()
                out[table.name] = sorted((tuple(r) for r in rows), key=repr)
        return out
    finally:
        engine.dispose()


def count_copies(db: str | Path) -> int:
    """Documents stored so far (0 before the schema exists); for polling a running ingest."""
    import sqlalchemy as sa

    if "://" not in str(db) and not Path(db).exists():
        return 0
    engine = _engine(db)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM copies").scalar() or 0)
    except sa.exc.SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def write_corpus(path: Path, n: int = 40) -> int:
    """A JSONL corpus in the fixture vocabulary: ``n`` stories, every fifth followed later by an
    exact copy from another source and every seventh by a near copy. Returns the line count."""
    import json

    names = list(COUNTRIES)
    verbs = list(TRIGGERS)
    lines = []
    copies: list[tuple[int, dict[str, Any]]] = []
    for i in range(n):
        a, b = names[i % len(names)], names[(i * 3 + 1) % len(names)]
        if a == b:
            b = names[(i + 2) % len(names)]
        verb = verbs[i % len(verbs)]
        day = 1 + i % 9
        text = (f"{a} {verb} {b} on 2022-10-{day:02d}. Story number {i} adds its own detail "
                f"about talks {i * 7} and {i * 11}. {b} accused {a} on 2022-10-{day + 1:02d}. "
                f"Analysts said item {i} was unusual.")
        record = {"id": f"story-{i}", "text": text, "source": f"Source {i % 4}",
                  "url": f"https://news{i % 4}.example/{i}", "date": "2022-10-11"}
        lines.append(record)
        if i % 5 == 0:
            copies.append((i + 3, {**record, "id": f"copy-{i}", "source": "Syndicate",
                                   "url": f"https://syndicate.example/{i}"}))
        if i % 7 == 0:
            copies.append((i + 5, {**record, "id": f"near-{i}", "source": "Reprint",
                                   "url": None, "text": "REPRINT - " + text + " (Reprint)"}))
    for at, record in sorted(copies, key=lambda c: c[0], reverse=True):
        lines.insert(min(at, len(lines)), record)
    with open(path, "w", encoding="utf-8") as fh:
        for record in lines:
            fh.write(json.dumps(record) + "\n")
    return len(lines)


def _slow(articles: Iterable[Article], pause: float) -> Iterator[DocResult]:
    import time

    for result in rule_extract(articles):
        time.sleep(pause)
        yield result


if __name__ == "__main__":  # the process that the SIGKILL tests kill: CORPUS DB [PAUSE]
    import sys

    from eventwire.store.ingest import ingest
    from eventwire.readers import read_inputs
    from eventwire.options import build_options
    from eventwire.store.store import open_store

    corpus, db = sys.argv[1], sys.argv[2]
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    store = open_store(db)
    done = ingest(read_inputs([corpus], build_options()), store, lambda a: _slow(a, pause))
    store.close()
    print(done.as_dict())
