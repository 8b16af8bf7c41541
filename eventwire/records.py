"""Typed records passed between the pipeline stages.

Article → Document → (Actor, Place, EventDate mentions) → Event → DocResult.
Every record is a frozen, slotted dataclass; ``as_dict()`` gives the JSON shape of
``docs/event-record.md`` and is the only place where records become plain dicts.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

SCHEMA_VERSION = 2
"""Schema 2 (``docs/event-record.md``): ``event_id`` hashes doc id, sentence index, trigger
offset and type; ``published`` and ``coder_version`` are part of every record."""


@functools.cache
def coder_version() -> str:
    """What codes events: eventwire's version and a short hash of the bundled tables that
    drive the coding (``0.1.0+tables-3f9c0b``), so a database can say which events an upgrade
    would recode. Computed once per process: it changes only with the installed package."""
    import hashlib
    from importlib import resources

    from .version import __version__

    digest = hashlib.sha1()
    data = resources.files("eventwire") / "data"
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith((".tsv", ".json"))):
        digest.update(name.encode())
        digest.update((data / name).read_bytes())
    return f"{__version__}+tables-{digest.hexdigest()[:6]}"

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
Modality = Literal["asserted", "future", "hypothetical", "negated"]
Precision = Literal["day", "month", "year", "none"]
ActorKind = Literal["person", "organization", "country", "group"]
PlacePrecision = Literal["city", "region", "country", "other"]


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from an input, before cleaning.

    ``text`` is the article's plain text (web pages are reduced to their main text when read).
    ``origin`` says where it was read from (a path, ``path:line``, ``-``) for messages.
    """

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not be read as an article, and why."""

    origin: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned article: all character offsets in the output refer to ``text``.

    ``paragraphs`` are ``(start, end)`` spans of ``text``; a sentence never crosses one.
    """

    doc_id: str
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None
    language: str = "en"

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "language": self.language,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant: the words of the text and what they resolve to."""

    text: str
    name: str | None
    country: str | None
    sector: str | None
    kind: ActorKind

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country,
                "sector": self.sector, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym of the cleaned text resolved to GeoNames (or to a country)."""

    text: str
    start: int
    end: int
    name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    precision: PlacePrecision

    def as_dict(self) -> dict[str, Any]:
        """The ``places`` entry of ``extract --format json``, offsets included."""
        return {"text": self.text, "start": self.start, "end": self.end, **self.location_dict()}

    def location_dict(self) -> dict[str, Any]:
        """The ``location`` of an event record (no offsets)."""
        return {"text": self.text, "name": self.name, "country": self.country,
                "admin1": self.admin1, "lat": self.lat, "lon": self.lon,
                "geonameid": self.geonameid, "precision": self.precision}


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happens: ISO text cut to its precision, and the words it came from."""

    value: str | None = None
    precision: Precision = "none"
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Size:
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None

    def as_dict(self) -> dict[str, int | None]:
        return {"dead": self.dead, "injured": self.injured, "arrested": self.arrested}


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence an event comes from: its index and span in the cleaned text, the trigger."""

    sentence: str
    sentence_index: int
    start: int
    end: int
    trigger: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "sentence_index": self.sentence_index,
                "start": self.start, "end": self.end, "trigger": self.trigger}


@dataclass(frozen=True, slots=True)
class Event:
    """One event record of ``docs/event-record.md``."""

    event_id: str
    doc_id: str
    event_type: str
    mode: str | None
    context: tuple[str, ...]
    modality: Modality
    cameo: str | None
    quad_class: int | None
    actors: tuple[Actor, ...]
    recipients: tuple[Actor, ...]
    date: EventDate
    location: Place | None
    size: Size
    attribution: Actor | None
    evidence: Evidence
    confidence: float
    mentions: tuple[Evidence, ...] = field(default=())
    published: str | None = None
    """Schema 2: the article's publication date (ISO), set when the document's events are
    gathered (``DocResult``)."""
    coder_version: str | None = None
    """Schema 2: what coded it (``coder_version()``)."""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "context": list(self.context),
            "modality": self.modality,
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "actors": [a.as_dict() for a in self.actors],
            "recipients": [a.as_dict() for a in self.recipients],
            "date": self.date.value,
            "date_precision": self.date.precision,
            "date_text": self.date.text,
            "location": self.location.location_dict() if self.location else None,
            "size": self.size.as_dict(),
            "attribution": self.attribution.as_dict() if self.attribution else None,
            "evidence": self.evidence.as_dict(),
            "confidence": round(self.confidence, 3),
            "published": self.published,
            "coder_version": self.coder_version,
        }
        if self.mentions:
            out["mentions"] = [m.as_dict() for m in self.mentions]
        return out


def _nth_id(event_id: str, n: int) -> str:
    return "e-" + hashlib.sha1(f"{event_id}|{n}".encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class DocResult:
    """Everything extracted from one article."""

    doc: Document
    events: tuple[Event, ...]
    places: tuple[Place, ...]
    coder_version: str | None = None
    """What coded the article (``Extractor.coder_version``), kept by the store so that
    ``eventwire ingest --reextract`` finds the articles another version coded, the ones
    without events too; None: the events say theirs."""

    def __post_init__(self) -> None:
        """Events carry their article's publication date and the coder version (schema 2;
        those that already say theirs keep it), and each its own ``event_id``: a second event
        with the id of an earlier one (one trigger, one type, two acts) gets the hash of that
        id and its rank among them, so no record of a document overwrites another."""
        published = self.doc.published.isoformat() if self.doc.published else None
        seen: dict[str, int] = {}
        events = []
        changed = False
        for e in self.events:
            n = seen.get(e.event_id, 0)
            seen[e.event_id] = n + 1
            if n or e.published is None or e.coder_version is None:
                changed = True
                e = replace(e, published=e.published or published,
                            coder_version=e.coder_version or coder_version(),
                            event_id=_nth_id(e.event_id, n) if n else e.event_id)
            events.append(e)
        if changed:
            object.__setattr__(self, "events", tuple(events))

    def as_dict(self) -> dict[str, Any]:
        return {"doc": self.doc.as_dict(),
                "events": [e.as_dict() for e in self.events],
                "places": [p.as_dict() for p in self.places]}
