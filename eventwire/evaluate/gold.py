"""Readers for gold sets in their native formats, into typed gold records.

Three formats are read, told apart by content (``read_gold``):

- ``seed``: the project's seed format (``shared/seed/gold.json``): one article, expected events
  with accepted types, parties, fields to check, optional events and forbidden evidence.
- ``plover``: the PLOVER gold standard records (``PLOVER_GSR_CAMEO.json``): one sentence per
  record, one event, labels of PLOVER v0.5 mapped to the current 16 types (``V05_TYPES``).
- ``petrarch``: PETRARCH unit-test records (``PETR.UnitTest.records.xml``): sentences with
  their expected CAMEO codings (event code, source and target actor codes), and the actor and
  agents dictionaries the records were written for.

Every reader returns a ``GoldSet`` whose ``sha256`` is the hash of the file as read, so the
evaluation gate can tell when a gold file changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import defusedxml.ElementTree as SafeET

from ..knowledge.dictionaries import split_code
from ..errors import DataError
from ..records import EVENT_TYPES, Size

log = logging.getLogger(__name__)

GoldKind = Literal["seed", "plover", "petrarch"]

V05_TYPES = MappingProxyType({
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE",
    **{t: t for t in EVENT_TYPES},
})
"""PLOVER v0.5 event labels (as in the gold standard records) to the current types."""

GSR_CODE_FIXES = MappingProxyType({"JAP": "JPN", "ITL": "ITA"})
"""Country codes of the PLOVER gold records that are CAMEO's, not ISO 3166-1 alpha-3."""

GSR_CLASS_CODES = MappingProxyType({"IGO": "IGO", "NGO": "NGO", "IMG": "REB"})
"""Gold codes that name a class of actor (any IGO, any NGO, any militant group), not a state;
the value is the sector a matching prediction carries."""

GSR_SECTOR_FIXES = MappingProxyType({"CIV": "CVL", "JRN": "MED", "MOS": "REL", "SOC": "CVL"})
"""Sector codes of the gold records written differently from the project's sectors."""


@dataclass(frozen=True, slots=True)
class GoldActor:
    """An expected participant.

    ``country`` is the code a prediction's actor must carry; where it is None and ``klass`` is
    set (IGO, NGO, REB), any actor of that sector matches. ``sector`` is the expected sector,
    None where the gold gives none. ``code`` is the gold file's own code, for reports.
    """

    code: str
    country: str | None
    sector: str | None = None
    klass: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class GoldLocation:
    name: str | None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One expected event (or, for PETRARCH, one expected coding).

    ``types`` are the accepted PLOVER types; ``symmetric`` events accept their participants
    (``actors`` and ``recipients``) in either role. Field expectations are empty where the gold
    gives none, and only the given ones are scored.
    """

    gold_id: str
    types: tuple[str, ...]
    actors: tuple[GoldActor, ...] = ()
    recipients: tuple[GoldActor, ...] = ()
    symmetric: bool = False
    required: bool = True
    label: str | None = None
    """The gold file's own label (a v0.5 PLOVER type, a CAMEO code)."""
    cameo: str | None = None
    modes: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    location: GoldLocation | None = None
    size: Size | None = None
    sectors: tuple[tuple[str, str], ...] = ()
    """(country, sector) pairs that some participant must carry (seed format)."""
    attribution_country: str | None = None
    what: str = ""


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One text of a gold set with what should come out of it.

    ``no_events`` is set where nothing at all should be coded; ``skipped`` lists expectations
    that are not scored, each with the reason (a report names them).
    """

    doc_id: str
    text: str
    published: date | None
    events: tuple[GoldEvent, ...]
    no_events: bool = False
    forbidden_evidence: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldSet:
    name: str
    kind: GoldKind
    path: str
    sha256: str
    docs: tuple[GoldDoc, ...]
    dictionaries: tuple[str, ...] = field(default=())
    """User dictionaries the gold set was written for (PETRARCH's actors and agents files)."""

    @property
    def n_events(self) -> int:
        return sum(len(d.events) for d in self.docs)


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read the gold set ({exc.strerror}); "
                        "check the path given to eval") from None


def gold_kind(path: str | Path) -> GoldKind:
    """Tell the format of a gold file by its content."""
    path = Path(path)
    head = _read_bytes(path)[:4096].decode("utf-8", errors="replace").lstrip()
    if head.startswith("<"):
        if "<Validation" in head or "<Sentences" in head or "<Sentence " in head:
            return "petrarch"
    elif head.startswith("["):
        if "PLOVER" in head or '"eventText"' in head:
            return "plover"
    elif head.startswith("{") and '"events"' in _read_bytes(path).decode("utf-8", "replace"):
        return "seed"
    raise DataError(f"{path}: not a gold set eventwire can read; give the seed gold.json, "
                    "PLOVER_GSR_CAMEO.json or PETR.UnitTest.records.xml")


def read_gold(path: str | Path) -> GoldSet:
    """Read a gold set of any of the three formats."""
    kind = gold_kind(path)
    if kind == "seed":
        return read_seed_gold(path)
    if kind == "plover":
        return read_plover_gsr(path)
    return read_petrarch_records(path)


# ---- seed ---------------------------------------------------------------------------------------


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _seed_actor(code: str) -> GoldActor:
    return GoldActor(code=code, country=code)


def read_seed_gold(path: str | Path) -> GoldSet:
    """The seed format: its ``doc`` names the article file beside it and its publication date."""
    path = Path(path)
    raw = _read_bytes(path)
    try:
        data = json.loads(raw)
        doc = data["doc"]
        text_path = path.parent / doc["file"]
        published = date.fromisoformat(doc["published"]) if doc.get("published") else None
        events = []
        for ev in data["events"]:
            symmetric = bool(ev.get("symmetric"))
            actors = ev.get("parties") if symmetric else ev.get("actors")
            loc = ev.get("location")
            size = ev.get("size")
            events.append(GoldEvent(
                gold_id=ev["id"],
                types=_tuple(ev["types"]),
                actors=tuple(_seed_actor(c) for c in actors or ()),
                recipients=() if symmetric else tuple(_seed_actor(c) for c in
                                                      ev.get("recipients") or ()),
                symmetric=symmetric,
                required=bool(ev.get("required", True)),
                modes=_tuple(ev.get("mode")),
                modalities=_tuple(ev.get("modality")),
                dates=_tuple(ev.get("dates")),
                location=GoldLocation(loc.get("name"), loc.get("country")) if loc else None,
                size=Size(**{k: int(v) for k, v in size.items()}) if size else None,
                sectors=tuple(sorted((ev.get("sectors") or {}).items())),
                attribution_country=ev.get("attribution_country"),
                what=ev.get("what", ""),
            ))
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{path}: not a seed gold file ({type(exc).__name__}: {exc}); "
                        "see shared/seed/gold.json for the format") from None
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: cannot read its article {text_path} ({exc.strerror}); "
                        "keep the article beside the gold file") from None
    gold_doc = GoldDoc(doc_id=doc.get("doc_id") or text_path.stem, text=text, published=published,
                       events=tuple(events),
                       forbidden_evidence=_tuple(data.get("forbidden_evidence")))
    return GoldSet(name=path.stem if path.stem != "gold" else "seed", kind="seed", path=str(path),
                   sha256=hashlib.sha256(raw).hexdigest(), docs=(gold_doc,))


# ---- PLOVER gold standard records ---------------------------------------------------------------


def _gsr_actor(item: Any) -> GoldActor | None:
    if not isinstance(item, dict) or not str(item.get("code") or "").strip():
        return None
    code = str(item["code"]).strip().upper()
    sector = str(item.get("sector") or "").strip()[:3].upper() or None
    if sector is not None and not sector.isalpha():
        sector = None  # '***': the coder left it open
    sector = GSR_SECTOR_FIXES.get(sector, sector) if sector else None
    if code in GSR_CLASS_CODES:
        return GoldActor(code=code, country=None, sector=sector, klass=GSR_CLASS_CODES[code],
                         text=item.get("actorText"))
    if len(code) != 3 or not code.isalpha():
        return None
    return GoldActor(code=code, country=GSR_CODE_FIXES.get(code, code), sector=sector,
                     text=item.get("actorText"))


def _gsr_actors(value: Any) -> tuple[GoldActor, ...]:
    if not isinstance(value, list):
        return ()  # "", null, or a stray word such as "diplomatic"
    return tuple(a for a in (_gsr_actor(v) for v in value) if a is not None)


def _gsr_int(value: Any) -> int | None:
    try:
        return int(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        return None


def read_plover_gsr(path: str | Path) -> GoldSet:
    """PLOVER gold standard records: one ``GoldDoc`` per record that has a text.

    Records coded reciprocally (``SRC/TAR`` in the markup, or several sources and no target)
    are symmetric. ``dead``/``injured`` become the expected size; the records' ``date`` is a
    placeholder (2000-01-01) and is not scored; ``eventLoc`` gives the expected location.
    """
    path = Path(path)
    raw = _read_bytes(path)
    try:
        records = json.loads(raw)
    except ValueError as exc:
        raise DataError(f"{path}: not JSON ({exc}); give PLOVER_GSR_CAMEO.json") from None
    if not isinstance(records, list):
        raise DataError(f"{path}: expected a JSON list of PLOVER records")
    docs: list[GoldDoc] = []
    for rec in records:
        if not isinstance(rec, dict) or not rec.get("text") or rec.get("event") == "DOCUMENT":
            continue
        label = str(rec.get("event", "")).strip().upper()
        if label not in V05_TYPES:
            raise DataError(f"{path}: record {rec.get('id')}: unknown PLOVER label {label!r}")
        sources = _gsr_actors(rec.get("source"))
        targets = _gsr_actors(rec.get("target"))
        markup = json.dumps(rec.get("textInfo") or "")
        symmetric = "SRC/TAR" in markup or (len(sources) > 1 and not targets)
        loc = rec.get("eventLoc")
        dead, injured = _gsr_int(rec.get("dead")), _gsr_int(rec.get("injured"))
        event = GoldEvent(
            gold_id=str(rec["id"]),
            types=(V05_TYPES[label],),
            actors=sources,
            recipients=targets,
            symmetric=symmetric,
            label=label,
            location=(GoldLocation(str(loc.get("name")).strip() or None)
                      if isinstance(loc, dict) and loc.get("name") else None),
            size=Size(dead=dead, injured=injured) if dead is not None or injured is not None
            else None,
            what=str(rec.get("eventText") or ""),
        )
        docs.append(GoldDoc(doc_id=str(rec["id"]), text=" ".join(str(rec["text"]).split()),
                            published=None, events=(event,)))
    if not docs:
        raise DataError(f"{path}: no PLOVER records with a text")
    return GoldSet(name="plover-gsr", kind="plover", path=str(path),
                   sha256=hashlib.sha256(raw).hexdigest(), docs=tuple(docs))


# ---- PETRARCH unit-test records -----------------------------------------------------------------


def _petr_actor(code: str) -> GoldActor:
    country, sector = split_code(code)
    return GoldActor(code=code, country=country, sector=sector)


def _petr_date(value: str | None) -> date | None:
    if not value or len(value) != 8 or not value.isdigit():
        return None
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def read_petrarch_records(path: str | Path) -> GoldSet:
    """PETRARCH validation records: one ``GoldDoc`` per ``<Sentence>``, one ``GoldEvent`` per
    ``<EventCoding>`` (``types`` is empty: codings are scored on their CAMEO code).

    Not scored, and listed in ``skipped``: codings whose actor is a quoted text (PETRARCH's
    stand-in for an actor missing from its dictionaries), codings with a code of the test verb
    file rather than CAMEO (``174K``) and records that test PETRARCH's own error handling
    (``error=``). ``noevents`` records expect nothing at all.
    """
    path = Path(path)
    raw = _read_bytes(path)
    try:
        root = SafeET.fromstring(raw)
    except ET.ParseError as exc:
        raise DataError(f"{path}: not well-formed XML ({exc})") from None
    dictionaries = []
    env = root.find("Environment")
    for tag in ("Actorfile", "Agentfile"):
        name = (env.findtext(tag) if env is not None else None) or ""
        if name.strip() and (path.parent / name.strip()).is_file():
            dictionaries.append(str(path.parent / name.strip()))
        elif name.strip():
            log.warning("%s: its %s %s is not beside it; actors it defines will be missed",
                        path, tag, name.strip())
    docs: list[GoldDoc] = []
    for sent in root.iter("Sentence"):
        sid = sent.get("id") or f"sentence-{len(docs) + 1}"
        text = " ".join((sent.findtext("Text") or "").split())
        if not text:
            continue
        events: list[GoldEvent] = []
        skipped: list[str] = []
        no_events = False
        for k, coding in enumerate(sent.findall("EventCoding"), 1):
            if coding.get("error"):
                skipped.append(f"tests PETRARCH's error handling ({coding.get('error')})")
                continue
            if (coding.get("noevents") or "").lower() == "true":
                no_events = True
                continue
            src = (coding.get("sourcecode") or "").strip()
            tgt = (coding.get("targetcode") or "").strip()
            code = (coding.get("eventcode") or "").strip()
            if '"' in src + tgt:
                skipped.append(f"coding {src}>{tgt}:{code} has a quoted-text actor")
                continue
            if not code.isdigit():
                skipped.append(f"coding {src}>{tgt}:{code} has a test code, not CAMEO")
                continue
            events.append(GoldEvent(gold_id=f"{sid}#{k}", types=(), actors=(_petr_actor(src),),
                                    recipients=(_petr_actor(tgt),), label=code, cameo=code,
                                    what=f"{src}>{tgt}:{code}"))
        docs.append(GoldDoc(doc_id=sid, text=text, published=_petr_date(sent.get("date")),
                            events=tuple(events), no_events=no_events and not events,
                            skipped=tuple(skipped)))
    if not docs:
        raise DataError(f"{path}: no <Sentence> records")
    return GoldSet(name="petrarch", kind="petrarch", path=str(path),
                   sha256=hashlib.sha256(raw).hexdigest(), docs=tuple(docs),
                   dictionaries=tuple(dictionaries))
