"""Article identity and cross-article aggregation.

1. ``text_hash``: a content hash of an article's normalised text; equal hashes are the same
   article (exact duplicates: the same story read twice, or syndicated word for word).
2. ``signature`` / ``band_keys`` / ``best_match``: MinHash signatures (datasketch) of word
   shingles, cut into LSH bands, find near-identical articles, such as wire copies that differ
   in dateline, byline or a trailing line. A near duplicate is stored once, with all its
   sources. The store keeps every article's band keys in an indexed table and returns the
   articles that share one (the candidates); ``best_match`` picks the closest at or above the
   threshold. ``NearDuplicateIndex`` is the same index in memory, for articles not yet stored.
3. ``aggregation_key`` / ``cluster_id``: the same real-world event reported by several articles
   (same type, same actor and recipient countries, same date, same place) becomes one aggregated
   event; ``count_mentions`` gives its GDELT counts:

   - NumMentions: every mention of the event in every source document, several references
     within one document included;
   - NumSources: the distinct information sources with at least one mention;
   - NumArticles: the distinct source documents with at least one mention.

   Syndicated copies are documents of their own for these counts (as in GDELT), although their
   text and events are stored once.

Everything here is pure: the store calls it inside its transactions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np

from ..records import Actor, Event

if TYPE_CHECKING:
    from datasketch import MinHash

# datasketch (with scipy) takes about a second to import: it is imported where signatures are
# made, so that queries and exports, which never need it, start fast.

NUM_PERM = 128
"""MinHash permutations: 128 keeps the Jaccard estimate within about ±0.09 (one sigma ~0.04)."""
SCHEME = "affine32"
"""datasketch's permutation scheme; stored signatures are its 32-bit values."""
SHINGLE_WORDS = 3
NEAR_DUPLICATE_THRESHOLD = 0.7
"""Estimated Jaccard similarity of word 3-shingles above which two articles are one article.
Unrelated stories on the same topic share well under 0.2; a wire copy with a new dateline,
byline and a trailing credit line keeps well above 0.8."""
LSH_BANDS = 14
LSH_ROWS = 9
"""The LSH layout: 14 bands of 9 signature values (126 of the 128). Two articles are candidates
when all 9 values of some band agree, which happens with probability 1 - (1 - J^9)^14 for
Jaccard J (0.03 at J = 0.5, 0.44 at 0.7, 0.87 at 0.8, 0.999 at 0.9). It is the layout that
datasketch's ``MinHashLSH`` picks for ``NEAR_DUPLICATE_THRESHOLD`` and ``NUM_PERM`` (the least
sum of the false positive and false negative probabilities, equally weighted), so the
candidates are those of datasketch's index. The store keeps the band keys: another layout
needs a schema migration."""

_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: the form that ``text_hash`` hashes."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for copies that differ only in spacing/case."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """Word k-shingles of the normalised text; a text shorter than k words is one shingle."""
    words = _WORD.findall(normalize_text(text))
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def signature(text: str, num_perm: int = NUM_PERM) -> MinHash:
    """The MinHash signature of ``text``'s shingles."""
    from datasketch import MinHash

    mh = MinHash(num_perm=num_perm, scheme=SCHEME)
    found = shingles(text)
    if found:
        mh.update_batch(sorted(found))
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    """A signature as little-endian uint32 bytes (4 × ``NUM_PERM``), for the store."""
    return np.asarray(mh.hashvalues, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    from datasketch import MinHash

    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


def band_keys(data: bytes) -> tuple[int, ...]:
    """The LSH band keys of a stored signature: for each of ``LSH_BANDS`` bands, a signed 64-bit
    hash (BLAKE2b) of its ``LSH_ROWS`` values. Equal bands have equal keys; unequal bands
    collide with probability 2**-64, and a collision only adds a candidate that
    ``best_match`` then rejects by its similarity."""
    if len(data) != 4 * NUM_PERM:
        raise ValueError(f"a signature has {4 * NUM_PERM} bytes, not {len(data)}")
    width = 4 * LSH_ROWS
    return tuple(
        int.from_bytes(hashlib.blake2b(data[i * width:(i + 1) * width], digest_size=8).digest(),
                       "little", signed=True)
        for i in range(LSH_BANDS))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures: the share of equal values (the
    estimate of datasketch's ``MinHash.jaccard``)."""
    x = np.frombuffer(a, dtype="<u4")
    y = np.frombuffer(b, dtype="<u4")
    if len(x) != len(y):
        raise ValueError(f"signatures of {len(x)} and {len(y)} values cannot be compared")
    return float(np.count_nonzero(x == y)) / float(len(x))


def best_match(data: bytes, candidates: Iterable[tuple[str, bytes]],
               threshold: float = NEAR_DUPLICATE_THRESHOLD) -> tuple[str, float] | None:
    """``(key, estimated Jaccard)`` of the candidate most similar to signature ``data``, at or
    above ``threshold``; ties go to the smallest key."""
    best: tuple[str, float] | None = None
    for key, other in sorted(dict(candidates).items()):
        sim = similarity(data, other)
        if sim >= threshold and (best is None or sim > best[1]):
            best = (key, sim)
    return best


class NearDuplicateIndex:
    """The LSH index of ``band_keys`` in memory: signatures by key, keys by band.

    The ingest driver holds in it only the articles classified as new and not yet stored; the
    stored ones are found by ``Store.near_candidates``, which uses the same band keys.
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        self.threshold = threshold
        self._sigs: dict[str, tuple[bytes, tuple[int, ...]]] = {}
        self._bands: tuple[dict[int, set[str]], ...] = tuple({} for _ in range(LSH_BANDS))

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: object) -> bool:
        return key in self._sigs

    def add(self, key: str, mh: MinHash | bytes) -> None:
        if key in self._sigs:
            return
        data = mh if isinstance(mh, bytes) else signature_bytes(mh)
        keys = band_keys(data)
        self._sigs[key] = (data, keys)
        for table, band in zip(self._bands, keys):
            table.setdefault(band, set()).add(key)

    def remove(self, key: str) -> None:
        """Forget ``key`` (no error if it is absent)."""
        entry = self._sigs.pop(key, None)
        if entry is None:
            return
        for table, band in zip(self._bands, entry[1]):
            bucket = table[band]
            bucket.discard(key)
            if not bucket:
                del table[band]

    def candidates(self, keys: tuple[int, ...]) -> list[tuple[str, bytes]]:
        """The indexed signatures that share at least one band key with ``keys``."""
        found: set[str] = set()
        for table, band in zip(self._bands, keys):
            found.update(table.get(band, ()))
        return [(k, self._sigs[k][0]) for k in sorted(found)]

    def match(self, mh: MinHash | bytes) -> tuple[str, float] | None:
        """``(key, estimated Jaccard)`` of the best candidate at or above the threshold."""
        data = mh if isinstance(mh, bytes) else signature_bytes(mh)
        return best_match(data, self.candidates(band_keys(data)), self.threshold)


# ---- events across articles -------------------------------------------------------------------


def _countries(actors: Iterable[Actor]) -> str:
    return "|".join(sorted({a.country for a in actors if a.country}))


def aggregation_key(event: Event) -> str | None:
    """The key under which events of different articles are one real-world event.

    Same type, same actor countries, same recipient countries, same date (at its precision),
    same place country and GeoNames id when there is one, and the same modality: a negated,
    hypothetical or future event is never one with an asserted one ("Turkey has not joined
    the sanctions" is not a sanction). ``None`` when the event is too vague to be matched
    across articles: no date, or no country at all (actor, recipient or place); such an event
    stays an aggregate of its own.
    """
    actors = _countries(event.actors)
    recipients = _countries(event.recipients)
    place_country = event.location.country if event.location else None
    geonameid = event.location.geonameid if event.location else None
    if not event.date.value or not (actors or recipients or place_country):
        return None
    key = "\t".join((event.event_type, actors, recipients, event.date.value,
                     place_country or "", "" if geonameid is None else str(geonameid)))
    return modal_key(key, event.modality)


def modal_key(key: str, modality: str) -> str:
    """An aggregation key with the modality in it; an asserted event's key is the key of
    schema 1, so that the aggregates of asserted events keep their ids."""
    return key if modality == "asserted" else f"{modality}\t{key}"


def cluster_of_key(key: str) -> str:
    """The aggregated event id of an aggregation key."""
    return "c-" + hashlib.sha1(f"key\t{key}".encode()).hexdigest()[:20]


def cluster_id(event: Event) -> str:
    """The aggregated event's id: from the aggregation key, else from the event's own id."""
    key = aggregation_key(event)
    basis = f"key\t{key}" if key is not None else f"event\t{event.event_id}"
    return "c-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:20]


def global_event_id(cluster: str) -> int:
    """A stable positive integer for GDELT's GlobalEventID (60 bits of the cluster id)."""
    return int(cluster.removeprefix("c-")[:15], 16)


def source_name(source: str | None, url: str | None) -> str | None:
    """The information source of a copy: its publisher, else its URL's host (``www.`` dropped)."""
    if source and source.strip():
        return source.strip()
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return None


def mention_count(event: Event) -> int:
    """How often one document mentions the event: its distinct evidence sentences."""
    return len({event.evidence.sentence_index, *(m.sentence_index for m in event.mentions)})


@dataclass(frozen=True, slots=True)
class Member:
    """One document's report of an aggregated event: a copy of an article that has it."""

    event_id: str
    doc_id: str
    """The copy (a document as read: syndicated copies are separate documents)."""
    source: str | None
    """The information source (publisher or host); ``None`` when unknown."""
    mentions: int
    confidence: float


@dataclass(frozen=True, slots=True)
class Counts:
    num_mentions: int
    num_sources: int
    num_articles: int
    representative: str
    """The event id that speaks for the aggregate: the most confident, then the smallest id."""


def count_mentions(members: Iterable[Member]) -> Counts:
    """GDELT's NumMentions, NumSources and NumArticles over an aggregate's members.

    A document whose source is unknown counts as a source of its own.
    """
    mentions = 0
    docs: set[str] = set()
    sources: set[str] = set()
    best: tuple[float, str] | None = None
    for m in members:
        mentions += m.mentions
        docs.add(m.doc_id)
        sources.add(f"s:{m.source}" if m.source else f"d:{m.doc_id}")
        rank = (-m.confidence, m.event_id)
        if best is None or rank < best:
            best = rank
    if best is None:
        raise ValueError("an aggregated event needs at least one member")
    return Counts(mentions, len(sources), len(docs), best[1])


@dataclass(frozen=True, slots=True)
class Aggregate:
    """An aggregated event: the representative record and its GDELT counts."""

    global_id: int
    cluster_id: str
    event: Event
    num_mentions: int
    num_sources: int
    num_articles: int
    is_root: bool
    url: str | None
    """The representative event's article URL (GDELT's SOURCEURL)."""
    published: date | None
    first_added_at: str
    source: str | None = None
    """The information source of the representative event's article (publisher or host)."""

    @property
    def date_basis(self) -> str | None:
        """Which date places the event in time: ``event`` (the text gives one), else
        ``published`` (the article's publication date), else None."""
        if self.event.date.value:
            return "event"
        return "published" if self.event.published or self.published else None

    @property
    def day(self) -> str | None:
        """The date a date-range filter and the counts use: the event's, else the
        publication date."""
        if self.event.date.value:
            return self.event.date.value
        when = self.event.published or (self.published.isoformat() if self.published else None)
        return when

    def as_dict(self) -> dict[str, Any]:
        """The event record of ``docs/event-record.md`` with the aggregate's fields added."""
        out = {**self.event.as_dict(), "global_event_id": self.global_id,
               "num_mentions": self.num_mentions, "num_sources": self.num_sources,
               "num_articles": self.num_articles, "source_url": self.url,
               "source": self.source, "date_basis": self.date_basis}
        if out.get("published") is None and self.published:
            out["published"] = self.published.isoformat()
        return out


@dataclass(frozen=True, slots=True)
class CopyReport:
    """One copy's report of an aggregated event: a row of GDELT's mentions table."""

    global_id: int
    event_added_at: str
    event: Event
    doc_id: str
    url: str | None
    source_name: str | None
    published: date | None
    added_at: str
    doc_len: int


# ---- counts per period, as ACLED and GDELT users count ----------------------------------------

PERIODS = ("day", "week", "month", "year")
GROUPS = ("type", "quad", "country", "dyad", "actor", "none")
"""What ``count_by`` groups on: PLOVER type, CAMEO quad class, the event place's country, the
(Actor1, Actor2) country pair of GDELT (``RUS-UKR``), Actor1's country, or nothing."""


def period_of(day: date, per: str) -> str:
    """The period a day falls in: ``2022-10-13`` (day), ``2022-W41`` (ISO week), ``2022-10``
    (month), ``2022`` (year)."""
    if per == "day":
        return day.isoformat()
    if per == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if per == "month":
        return f"{day.year}-{day.month:02d}"
    return str(day.year)


def counting_day(agg: Aggregate) -> date | None:
    """The day an aggregated event is counted on, as GDELT's Day: the event's date when the
    text gives it to the day, else its article's publication date."""
    ev = agg.event
    if ev.date.precision == "day" and ev.date.value:
        try:
            return date.fromisoformat(ev.date.value)
        except ValueError:
            pass
    if ev.published and len(ev.published) == 10:
        try:
            return date.fromisoformat(ev.published)
        except ValueError:
            pass
    return agg.published


def group_key(agg: Aggregate, by: str) -> str | None:
    """The group of an aggregated event (``GROUPS``); None when it has none (no place, no
    country pair)."""
    ev = agg.event
    if by == "type":
        return ev.event_type
    if by == "quad":
        return None if ev.quad_class is None else str(ev.quad_class)
    if by == "country":
        return ev.location.country if ev.location else None
    first = ev.actors[0] if ev.actors else None
    second = ev.recipients[0] if ev.recipients else (ev.actors[1] if len(ev.actors) > 1
                                                     else None)
    if by == "actor":
        return first.country if first else None
    if by == "dyad":
        if first is None or second is None or not first.country or not second.country:
            return None
        return f"{first.country}-{second.country}"
    return "all"


@dataclass(frozen=True, slots=True)
class CountRow:
    """One row of ``eventwire stats``: a period, a group, and what happened in it."""

    period: str | None
    """None for the events that have neither a day-precise date nor a publication date."""
    group: str | None
    events: int
    goldstein_sum: float
    """The sum of the CAMEO Goldstein scores of the events whose code has one."""
    sources: int
    """Distinct information sources that report at least one of the events."""

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.period, "group": self.group, "events": self.events,
                "goldstein_sum": self.goldstein_sum, "sources": self.sources}


def count_by(aggs: Iterable[tuple[Aggregate, Iterable[str]]], goldstein: Any, *,
             per: str = "month", by: str = "none", skip_ungrouped: bool = True
             ) -> list[CountRow]:
    """Counts, Goldstein sums and distinct sources per period and group.

    ``aggs`` are aggregated events with the names of their sources; ``goldstein`` maps a
    CAMEO code to its score (or None). Events of no group (``group_key`` None) are left out
    unless ``skip_ungrouped`` is false. Rows are in period order (undated last), then by group.
    """
    if per not in PERIODS:
        raise ValueError(f"per {per!r}: one of {', '.join(PERIODS)}")
    if by not in GROUPS:
        raise ValueError(f"by {by!r}: one of {', '.join(GROUPS)}")
    cells: dict[tuple[str | None, str | None], list[Any]] = {}
    for agg, sources in aggs:
        group = group_key(agg, by)
        if group is None and skip_ungrouped:
            continue
        day = counting_day(agg)
        key = (period_of(day, per) if day else None, group)
        cell = cells.setdefault(key, [0, 0.0, set()])
        cell[0] += 1
        score = goldstein(agg.event.cameo)
        if score is not None:
            cell[1] += score
        cell[2].update(sources)
    order = sorted(cells, key=lambda k: (k[0] is None, k[0] or "", k[1] is None, k[1] or ""))
    return [CountRow(p, g, cells[(p, g)][0], round(cells[(p, g)][1], 3), len(cells[(p, g)][2]))
            for p, g in order]


def close_edges(edges: dict[Any, dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    """Dyad edges being counted (``events``, ``goldstein_sum``, ``goldstein_n``, a set of
    ``sources``) → their final form: the Goldstein sum and mean rounded, the sources counted.
    Shared by the SQL count of the API (``query.dyads``) and the GEXF export."""
    for edge in edges.values():
        n = edge.pop("goldstein_n")
        edge["goldstein_sum"] = round(edge["goldstein_sum"], 3)
        edge["goldstein_mean"] = round(edge["goldstein_sum"] / n, 3) if n else None
        edge["sources"] = len(edge["sources"])
    return edges

