"""A small event database for the query, stats and API tests (both backends, no model).

Four articles and a syndicated copy:

- ``wire-1`` (Wire, 2022-10-11): Russia will meet Turkey in Astana on 2022-10-13 (future);
  Russian forces struck Kyiv on 2022-10-10 (asserted); Ukraine accused Russia (no date in
  the text: placed on the publication date);
- ``daily-1`` (Daily, a copy of ``wire-1``);
- ``post-1`` (Post, 2022-11-02): Russian forces struck Kyiv on 2022-10-10 again (the same
  aggregated event as in ``wire-1``, now with three sources); France aided Ukraine in Paris on
  2022-10-18 (asserted);
- ``daily-2`` (Daily, 2022-10-20): Turkey has not joined the sanctions against Russia
  (negated, no date); Germany will aid Ukraine on 2022-10-25 (hypothetical);
- ``undated`` (no publication date, no source): France accused Germany (no date at all).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from store_fixtures import actor, city, make_event

from eventwire.records import Actor, DocResult, Document, Evidence, Place
from eventwire.store.aggregate import signature, signature_bytes, text_hash
from eventwire.store.store import Copy, SqlStore

KYIV = Place("Kyiv", 0, 4, "Kyiv", "UKR", "Kyiv City", 50.45466, 30.5238, 703448, "city")
PUTIN = Actor("Russian President Vladimir Putin", "Vladimir Putin", "RUS", "GOV", "person")


def _article(store: SqlStore, doc_id: str, text: str, events: tuple, *, published: date | None,
             source: str | None, url: str | None) -> str:
    h = text_hash(text)
    doc = Document(doc_id, text, ((0, len(text)),), f"Title of {doc_id}", url, published,
                   source)
    store.add_article(Copy(doc_id, h, url=url, source=source, published=published),
                      DocResult(doc, events, ()), signature_bytes(signature(text)))
    return h


def fill(store: SqlStore) -> SqlStore:
    s1 = "Putin will meet Erdogan in Astana on 2022-10-13."
    s2 = "Russian forces struck Kyiv on 2022-10-10."
    s3 = "Ukraine accused Russia of war crimes."
    text1 = " ".join((s1, s2, s3))
    consult = replace(make_event(
        "wire-1", 0, "CONSULT", (PUTIN,), (actor("TUR"),), "2022-10-13", city("Astana"), 0.9,
        s1, 0, "036", 1), modality="future")
    strike = make_event("wire-1", 1, "ASSAULT", (actor("RUS", "MIL"),), (actor("UKR", None),),
                        "2022-10-10", KYIV, 0.8, s2, len(s1) + 1, "190", 4)
    accuse = make_event("wire-1", 2, "ACCUSE", (actor("UKR"),), (actor("RUS"),), None, None,
                        0.6, s3, len(s1) + len(s2) + 2, "112", 3)
    h1 = _article(store, "wire-1", text1, (consult, strike, accuse),
                  published=date(2022, 10, 11), source="Wire", url="https://wire.example/1")
    store.add_copy(Copy("daily-1", h1, kind="exact", url="https://daily.example/1",
                        source="Daily", published=date(2022, 10, 12)), h1)

    p1 = "Russian forces struck Kyiv on 2022-10-10, officials said."
    p2 = "France aided Ukraine in Paris on 2022-10-18."
    text2 = p1 + " " + p2
    strike2 = make_event("post-1", 0, "ASSAULT", (actor("RUS", "MIL"),), (actor("UKR", None),),
                         "2022-10-10", KYIV, 0.7, p1, 0, "190", 4)
    aid = make_event("post-1", 1, "AID", (actor("FRA"),), (actor("UKR"),), "2022-10-18",
                     city("Paris"), 0.75, p2, len(p1) + 1, "070", 2,
                     mentions=(Evidence("Paris sent generators to Kyiv.", 3, 200, 231, "sent"),))
    _article(store, "post-1", text2, (strike2, aid), published=date(2022, 11, 2),
             source="Post", url="https://post.example/1")

    d1 = "Turkey has not joined the Western sanctions against Russia."
    d2 = "Germany may aid Ukraine on 2022-10-25."
    negated = replace(make_event("daily-2", 0, "SANCTION", (actor("TUR"),), (actor("RUS"),),
                                 None, None, 0.7, d1, 0, "163", 4), modality="negated")
    maybe = replace(make_event("daily-2", 1, "AID", (actor("DEU"),), (actor("UKR"),),
                               "2022-10-25", None, 0.65, d2, len(d1) + 1, "070", 2),
                    modality="hypothetical")
    _article(store, "daily-2", d1 + " " + d2, (negated, maybe), published=date(2022, 10, 20),
             source="Daily", url="https://daily.example/2")

    u = "France accused Germany of stalling."
    undated = make_event("undated", 0, "ACCUSE", (actor("FRA"),), (actor("DEU"),), None, None,
                         0.5, u, 0, "112", 3)
    _article(store, "undated", u, (undated,), published=None, source=None, url=None)
    return store


EVENTS = 8
"""Events stored by ``fill``: the two strikes on Kyiv are one aggregated event."""
AGGREGATES = 7
