"""Measured accuracy: run the extractor on gold sets, match predictions to gold, report.

How each gold kind is scored (``docs/accuracy.md`` says the same for readers):

- ``seed``: a prediction matches a gold event when its type is one of the accepted types and
  the gold parties are among its actors/recipients (in either role where symmetric); then its
  date, modality, mode, location, size, sectors and attribution are checked. Required events
  must be found; optional ones may be; any other prediction is a false positive; evidence from
  navigation lines ("Also read") is forbidden.
- ``plover``: one gold event per sentence (the records are not exhaustive). The gold event is
  found when some prediction has its type; otherwise the sentence's most confident prediction
  is a false positive of its type (confusion column), or the column is NONE. Actor figures
  are measured on found events: each gold source (target) is right when a predicted actor
  (recipient) carries its country code; for reciprocal records either role counts. Sector,
  location and casualty figures likewise, where the gold gives them.
- ``petrarch``: the codings are exhaustive. Each event gives codings (CAMEO root, source,
  target) for every actor × recipient (both orders for reciprocal events). A gold coding is
  reproduced when some predicted coding has its root code and a source and target of the same
  country and sector (``ARNGOV`` is ARN + GOV; ``---`` is no actor); ``dyad`` counts the
  codings whose source and target are right whatever the code. Types per sentence are
  scored multi-label through the CAMEO → PLOVER table; sentences marked ``noevents`` must
  yield nothing.

``evaluate`` scores one gold set with a given extractor; ``evaluate_paths`` reads gold files
and builds the extractors (one model load; the PETRARCH set adds its own dictionaries).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import defusedxml.ElementTree as SafeET

from ..knowledge import CameoCode, cameo_row
from ..knowledge.dictionaries import dictionary_kind
from .gold import GoldActor, GoldDoc, GoldEvent, GoldSet, read_gold
from ..options import Options
from ..records import EVENT_TYPES, Actor, Article, Event

if TYPE_CHECKING:
    from ..pipeline import Extractor

log = logging.getLogger(__name__)

NONE = "NONE"
"""The confusion-matrix column of gold events with no prediction at all."""

HEADLINES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "seed": ("required_found", "required_perfect", "fields", "precision", "clean_evidence"),
    "plover": ("macro_f1", "source_country", "target_country", "sector"),
    "petrarch": ("codings", "root_code", "no_event_clean"),
})
"""Per gold kind, the figures the evaluation gate holds floors for."""


@dataclass(frozen=True, slots=True)
class Ratio:
    """``correct`` out of ``total``; ``value`` is None when nothing was scored."""

    correct: int
    total: int

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        v = self.value
        return {"correct": self.correct, "total": self.total,
                "value": round(v, 4) if v is not None else None}

    def __str__(self) -> str:
        v = self.value
        return f"{v:.3f} ({self.correct}/{self.total})" if v is not None else "n/a (0/0)"


@dataclass(frozen=True, slots=True)
class TypeScore:
    event_type: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def as_dict(self) -> dict[str, Any]:
        return {"event_type": self.event_type, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "support": self.support, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True)
class Failure:
    """One thing the extractor got wrong, for the failure-class listing."""

    doc_id: str
    gold_id: str
    kind: str
    expected: str
    got: str
    sentence: str

    def as_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "gold_id": self.gold_id, "kind": self.kind,
                "expected": self.expected, "got": self.got, "sentence": self.sentence}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The evaluation of one gold set."""

    name: str
    kind: str
    path: str
    sha256: str
    docs: int
    gold_events: int
    predicted_events: int
    types: tuple[TypeScore, ...]
    confusion: tuple[tuple[str, str, int], ...]
    """(gold type, predicted type or NONE, count)."""
    figures: tuple[tuple[str, Ratio], ...]
    failures: tuple[Failure, ...]
    skipped: tuple[str, ...] = ()
    seconds: float = 0.0
    dictionaries: tuple[str, ...] = field(default=())
    dictionaries_only: bool = False
    """Whether the dictionaries were the whole codebook (``Options.dictionaries_only``)."""

    @property
    def macro_f1(self) -> float | None:
        """Mean F1 over the types the gold set has (support > 0)."""
        scored = [t.f1 for t in self.types if t.support]
        return sum(scored) / len(scored) if scored else None

    @property
    def micro_f1(self) -> float | None:
        tp = sum(t.tp for t in self.types)
        fp = sum(t.fp for t in self.types)
        fn = sum(t.fn for t in self.types)
        return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None

    def figure(self, name: str) -> float | None:
        """A figure by name (``macro_f1``, ``micro_f1`` or one of ``figures``)."""
        if name == "macro_f1":
            return self.macro_f1
        if name == "micro_f1":
            return self.micro_f1
        for key, ratio in self.figures:
            if key == name:
                return ratio.value
        raise KeyError(f"no figure {name!r} in the {self.name} report")

    def headline(self) -> dict[str, float | None]:
        return {name: self.figure(name) for name in HEADLINES.get(self.kind, ())}

    def as_dict(self) -> dict[str, Any]:
        def rounded(v: float | None) -> float | None:
            return round(v, 4) if v is not None else None

        return {
            "gold": self.name, "kind": self.kind, "path": self.path, "sha256": self.sha256,
            "docs": self.docs, "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "headline": {k: rounded(v) for k, v in self.headline().items()},
            "macro_f1": rounded(self.macro_f1), "micro_f1": rounded(self.micro_f1),
            "types": [t.as_dict() for t in self.types],
            "confusion": [{"gold": g, "predicted": p, "count": n} for g, p, n in self.confusion],
            "figures": {k: r.as_dict() for k, r in self.figures},
            "failure_counts": dict(sorted(Counter(f.kind for f in self.failures).items())),
            "failures": [f.as_dict() for f in self.failures],
            "skipped": list(self.skipped),
            "dictionaries": list(self.dictionaries),
            "dictionaries_only": self.dictionaries_only,
            "seconds": round(self.seconds, 2),
        }


# ---- matching helpers ---------------------------------------------------------------------------


def actor_matches(gold: GoldActor, actor: Actor,
                  members: Mapping[str, frozenset[str]] | None = None) -> bool:
    """A predicted actor stands for a gold one: same country code, or for a class code
    (IGO, NGO, militant group) the class's sector or the code of one of its ``members``
    (``UN`` for IGO: "Red Cross officials" may carry sector GOV)."""
    if gold.country is None:
        if gold.klass is None:
            return False
        return actor.sector == gold.klass or (
            actor.country is not None and actor.country in (members or {}).get(gold.klass, ()))
    return actor.country == gold.country


def class_members(knowledge: Any) -> dict[str, frozenset[str]]:
    """Codes of the organisations the tables know, per class sector (IGO, NGO)."""
    out: dict[str, set[str]] = {"IGO": set(), "NGO": set()}
    for entries in getattr(knowledge, "phrases", {}).values():
        for e in entries:
            if e.sector in out and e.country:
                out[e.sector].add(e.country)
    return {k: frozenset(v) for k, v in out.items()}


def _codes(actors: Iterable[Actor]) -> str:
    return ",".join(f"{a.country or '-'}{('/' + a.sector) if a.sector else ''}"
                    for a in actors) or "-"


def _gold_codes(actors: Iterable[GoldActor]) -> str:
    return ",".join(a.code for a in actors) or "-"


def _sentence(event: Event | None, doc: GoldDoc) -> str:
    if event is not None:
        return event.evidence.sentence
    return doc.text if len(doc.text) <= 300 else doc.text[:297] + "..."


class _Tally:
    """Counters shared by the scorers."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()
        self.confusion: Counter[tuple[str, str]] = Counter()
        self.ratios: dict[str, list[int]] = {}
        self.failures: list[Failure] = []
        self.predicted = 0
        self.members: Mapping[str, frozenset[str]] = {}

    def ratio(self, name: str, ok: bool) -> None:
        r = self.ratios.setdefault(name, [0, 0])
        r[0] += ok
        r[1] += 1

    def declare(self, *names: str) -> None:
        for name in names:
            self.ratios.setdefault(name, [0, 0])

    def fail(self, doc: GoldDoc, gold_id: str, kind: str, expected: str, got: str,
             event: Event | None = None, sentence: str | None = None) -> None:
        self.failures.append(Failure(doc.doc_id, gold_id, kind, expected, got,
                                     sentence or _sentence(event, doc)))

    def report(self, gold: GoldSet, seconds: float, skipped: Sequence[str],
               dictionaries: Sequence[str], dictionaries_only: bool = False) -> Evaluation:
        seen = set(self.tp) | set(self.fp) | set(self.fn)
        types = tuple(TypeScore(t, self.tp[t], self.fp[t], self.fn[t])
                      for t in EVENT_TYPES if t in seen)
        confusion = tuple((g, p, n) for (g, p), n in sorted(self.confusion.items()))
        figures = tuple((k, Ratio(c, t)) for k, (c, t) in self.ratios.items())
        return Evaluation(name=gold.name, kind=gold.kind, path=gold.path, sha256=gold.sha256,
                      docs=len(gold.docs), gold_events=gold.n_events,
                      predicted_events=self.predicted, types=types, confusion=confusion,
                      figures=figures, failures=tuple(self.failures), skipped=tuple(skipped),
                      seconds=seconds, dictionaries=tuple(dictionaries),
                      dictionaries_only=dictionaries_only)


# ---- seed ---------------------------------------------------------------------------------------


def _seed_matches(g: GoldEvent, e: Event) -> bool:
    if e.event_type not in g.types:
        return False
    actors, recipients = e.actors, e.recipients
    if g.symmetric:
        pool = actors + recipients
        return all(any(actor_matches(a, p) for p in pool) for a in g.actors + g.recipients)
    return (all(any(actor_matches(a, p) for p in actors) for a in g.actors)
            and all(any(actor_matches(a, p) for p in recipients) for a in g.recipients))


def _seed_field_errors(g: GoldEvent, e: Event) -> list[tuple[str, str, str]]:
    """(field, expected, got) for every checked field the prediction gets wrong."""
    errs = []
    if g.dates and e.date.value not in g.dates:
        errs.append(("date", "|".join(g.dates), str(e.date.value)))
    if g.modalities and e.modality not in g.modalities:
        errs.append(("modality", "|".join(g.modalities), e.modality))
    if g.modes and e.mode not in g.modes:
        errs.append(("mode", "|".join(g.modes), str(e.mode)))
    if g.location is not None:
        loc = e.location
        if loc is None or loc.country != g.location.country or (
                g.location.name and (loc.name or "").lower() != g.location.name.lower()):
            errs.append(("location", f"{g.location.name or ''}/{g.location.country}",
                         f"{loc.name}/{loc.country}" if loc else "None"))
    if g.size is not None:
        for key in ("dead", "injured", "arrested"):
            want = getattr(g.size, key)
            if want is not None and getattr(e.size, key) != want:
                errs.append((f"size.{key}", str(want), str(getattr(e.size, key))))
    for country, sector in g.sectors:
        have = {a.sector for a in e.actors + e.recipients if a.country == country}
        if sector not in have:
            errs.append(("sector", f"{country}/{sector}",
                         f"{country}/{','.join(sorted(s for s in have if s)) or '-'}"))
    if g.attribution_country is not None:
        got = e.attribution.country if e.attribution else None
        if got != g.attribution_country:
            errs.append(("attribution", g.attribution_country, str(got)))
    return errs


def _n_checked(g: GoldEvent) -> int:
    sizes = 0 if g.size is None else sum(
        getattr(g.size, k) is not None for k in ("dead", "injured", "arrested"))
    return (bool(g.dates) + bool(g.modalities) + bool(g.modes) + (g.location is not None)
            + (g.attribution_country is not None) + len(g.sectors) + sizes)


def _score_seed(doc: GoldDoc, events: Sequence[Event], t: _Tally) -> None:
    t.declare("required_found", "required_perfect", "fields", "precision", "clean_evidence")
    used: set[int] = set()
    assigned: set[int] = set()
    for g in sorted(doc.events, key=lambda g: not g.required):
        cands = [i for i, e in enumerate(events) if _seed_matches(g, e)]
        if g.required:
            t.ratio("required_found", bool(cands))
        if not cands:
            if g.required:
                t.fn[g.types[0]] += 1
                t.confusion[(g.types[0], NONE)] += 1
                t.fail(doc, g.gold_id, "missed", f"{'|'.join(g.types)} "
                       f"{_gold_codes(g.actors)}>{_gold_codes(g.recipients)}", "-",
                       sentence=g.what or None)
            continue
        used.update(cands)
        free = [i for i in cands if i not in assigned] or cands
        best = min(free, key=lambda i: len(_seed_field_errors(g, events[i])))
        assigned.add(best)
        if not g.required:
            continue
        e = events[best]
        t.tp[e.event_type] += 1
        t.confusion[(g.types[0] if e.event_type not in g.types else e.event_type,
                     e.event_type)] += 1
        errs = _seed_field_errors(g, e)
        n = _n_checked(g)
        t.ratio("required_perfect", not errs)
        r = t.ratios.setdefault("fields", [0, 0])
        r[0] += n - len(errs)
        r[1] += n
        for name, want, got in errs:
            t.fail(doc, g.gold_id, name, want, got, e)
    for i, e in enumerate(events):
        ok = i in used
        t.ratio("precision", ok)
        if not ok:
            t.fp[e.event_type] += 1
            t.fail(doc, "-", "false-event", "-",
                   f"{e.event_type} {_codes(e.actors)}>{_codes(e.recipients)}", e)
        bad = any(f.lower() in e.evidence.sentence.lower() for f in doc.forbidden_evidence)
        t.ratio("clean_evidence", not bad)
        if bad:
            t.fail(doc, "-", "forbidden-evidence", "-", e.event_type, e)


# ---- PLOVER gold standard records ---------------------------------------------------------------


def _actor_agreement(g: GoldEvent, e: Event, members: Mapping[str, frozenset[str]]) -> int:
    pool_a = e.actors + e.recipients if g.symmetric else e.actors
    pool_r = e.actors + e.recipients if g.symmetric else e.recipients
    return (sum(any(actor_matches(a, p, members) for p in pool_a) for a in g.actors)
            + sum(any(actor_matches(a, p, members) for p in pool_r) for a in g.recipients))


def _score_roles(doc: GoldDoc, g: GoldEvent, e: Event, t: _Tally) -> None:
    """Country, sector, location and size figures of one found event."""
    for role, golds, pool in (("source", g.actors, e.actors + e.recipients if g.symmetric
                               else e.actors),
                              ("target", g.recipients, e.actors + e.recipients if g.symmetric
                               else e.recipients)):
        for a in golds:
            hits = [p for p in pool if actor_matches(a, p, t.members)]
            t.ratio(f"{role}_country", bool(hits))
            if not hits:
                t.fail(doc, g.gold_id, f"{role}-country", f"{a.code} ({a.text})",
                       _codes(pool), e)
                continue
            if a.sector and a.klass is None:
                ok = any(p.sector == a.sector for p in hits)
                t.ratio("sector", ok)
                if not ok:
                    t.fail(doc, g.gold_id, "sector", f"{a.code}/{a.sector} ({a.text})",
                           _codes(hits), e)
    if g.location is not None and g.location.name:
        loc = e.location
        ok = loc is not None and any(_same_place(g.location.name, n) for n in (loc.text, loc.name))
        t.ratio("location", ok)
        if not ok:
            t.fail(doc, g.gold_id, "location", g.location.name,
                   f"{loc.text} ({loc.name}, {loc.country})" if loc else "None", e)
    if g.size is not None:
        for key in ("dead", "injured"):
            want_n = getattr(g.size, key)
            if want_n is None:
                continue
            got_n = getattr(e.size, key)
            t.ratio(f"size_{key}", got_n == want_n)
            if got_n != want_n:
                t.fail(doc, g.gold_id, f"size-{key}", str(want_n), str(got_n), e)


def _same_place(gold: str, got: str | None) -> bool:
    """The gold place name and a predicted one name the same place: equal, or one holds the
    other as whole words ("province of Herat" and "Herat")."""
    if not got:
        return False
    a, b = f" {' '.join(gold.lower().split())} ", f" {' '.join(got.lower().split())} "
    return a in b or b in a


def _score_plover(doc: GoldDoc, events: Sequence[Event], t: _Tally) -> None:
    t.declare("type_top1", "source_country", "target_country", "sector", "location",
              "size_dead", "size_injured")
    for g in doc.events:
        gtype = g.types[0]
        top = max(events, key=lambda e: e.confidence) if events else None
        t.ratio("type_top1", top is not None and top.event_type in g.types)
        found = [e for e in events if e.event_type in g.types]
        if not found:
            t.fn[gtype] += 1
            if top is None:
                t.confusion[(gtype, NONE)] += 1
                t.fail(doc, g.gold_id, "missed", f"{gtype} ({g.label}: {g.what})", "-")
            else:
                t.fp[top.event_type] += 1
                t.confusion[(gtype, top.event_type)] += 1
                t.fail(doc, g.gold_id, "wrong-type", f"{gtype} ({g.label}: {g.what})",
                       f"{top.event_type} ({(top.evidence.trigger or '-')})", top)
            continue
        best = max(found, key=lambda e: (_actor_agreement(g, e, t.members), e.confidence))
        t.tp[gtype] += 1
        t.confusion[(gtype, gtype)] += 1
        _score_roles(doc, g, best, t)


# ---- PETRARCH unit-test records -----------------------------------------------------------------


Coding = tuple[str | None, Actor | None, Actor | None]


def _codings(e: Event) -> list[Coding]:
    """(CAMEO root, source, target) for every actor × recipient of an event."""
    root = e.cameo[:2] if e.cameo else None
    if e.recipients:
        return [(root, a, r) for a in e.actors for r in e.recipients] or \
            [(root, None, r) for r in e.recipients]
    if len(e.actors) > 1:
        return [(root, a, b) for a in e.actors for b in e.actors if a is not b]
    return [(root, a, None) for a in e.actors] or [(root, None, None)]


def _same(g: GoldActor, p: Actor | None, sector: bool = True) -> bool:
    if p is None:
        return g.country is None and g.sector is None
    return p.country == g.country and (not sector or p.sector == g.sector)


def _cameo_type(code: str, cameo: Mapping[str, CameoCode]) -> str | None:
    """The PLOVER type of a CAMEO code, from the code or its nearest parent that has one."""
    row = cameo_row(code, cameo, typed=True)
    return row.event_type if row else None


def _score_petrarch(doc: GoldDoc, events: Sequence[Event], t: _Tally,
                    cameo: Mapping[str, CameoCode]) -> None:
    t.declare("codings", "root_code", "source", "target", "codings_country_only", "dyad",
              "no_event_clean", "coding_precision")
    if doc.no_events:
        t.ratio("no_event_clean", not events)
        for e in events:
            t.fp[e.event_type] += 1
            t.confusion[(NONE, e.event_type)] += 1
            t.fail(doc, "-", "false-event", "nothing",
                   f"{e.event_type}/{e.cameo} {_codes(e.actors)}>{_codes(e.recipients)}", e)
    predicted = [(c, e) for e in events for c in _codings(e)]
    matched: set[int] = set()
    for g in doc.events:
        root = (g.cameo or "")[:2]
        src, tgt = g.actors[0], g.recipients[0]
        same_root = [(i, c, e) for i, (c, e) in enumerate(predicted) if c[0] == root]
        full = [i for i, c, _ in same_root if _same(src, c[1]) and _same(tgt, c[2])]
        matched.update(full)
        t.ratio("codings", bool(full))
        t.ratio("root_code", bool(same_root))
        t.ratio("source", any(_same(src, c[1]) for _, c, _ in same_root))
        t.ratio("target", any(_same(tgt, c[2]) for _, c, _ in same_root))
        t.ratio("codings_country_only", any(_same(src, c[1], False) and _same(tgt, c[2], False)
                                            for _, c, _ in same_root))
        t.ratio("dyad", any(_same(src, c[1]) and _same(tgt, c[2]) for c, _ in predicted))
        if full:
            continue
        if not events:
            t.fail(doc, g.gold_id, "missed", g.what, "-")
        elif not same_root:
            got = ", ".join(sorted({f"{e.event_type}/{e.cameo}" for e in events}))
            t.fail(doc, g.gold_id, "wrong-code", g.what, got, events[0])
        else:
            got = ", ".join(sorted({f"{_codes([c[1]] if c[1] else [])}>"
                                    f"{_codes([c[2]] if c[2] else [])}" for _, c, _ in same_root}))
            kind = ("source" if not any(_same(src, c[1]) for _, c, _ in same_root)
                    else "target")
            t.fail(doc, g.gold_id, f"{kind}-actor", g.what, got, same_root[0][2])
    if doc.events:
        for i in range(len(predicted)):
            t.ratio("coding_precision", i in matched)
    # Event types per sentence, multi-label: PETRARCH's codings are exhaustive.
    gold_types = {ty for g in doc.events if (ty := _cameo_type(g.cameo or "", cameo))}
    pred_types = {e.event_type for e in events}
    if doc.events:
        for ty in gold_types & pred_types:
            t.tp[ty] += 1
            t.confusion[(ty, ty)] += 1
        extra = sorted(pred_types - gold_types)
        for ty in extra:
            t.fp[ty] += 1
        for ty in sorted(gold_types - pred_types):
            t.fn[ty] += 1
            t.confusion[(ty, extra[0] if extra else NONE)] += 1


# ---- driver -------------------------------------------------------------------------------------


def evaluate(gold: GoldSet, extractor: Extractor) -> Evaluation:
    """Run ``extractor`` on every text of ``gold`` and score the predictions."""
    started = time.perf_counter()
    scored = [d for d in gold.docs if d.events or d.no_events]
    skipped = [f"{d.doc_id}: {why}" for d in gold.docs for why in d.skipped]
    articles = (Article(doc_id=d.doc_id, text=d.text, published=d.published,
                        origin=f"{gold.path}#{d.doc_id}") for d in scored)
    knowledge = getattr(extractor, "knowledge", None)
    cameo: Mapping[str, CameoCode] = knowledge.cameo if knowledge else {}
    t = _Tally()
    t.members = class_members(knowledge)
    results = extractor.run(articles)
    n = 0
    for doc, result in zip(scored, results):
        n += 1
        if result.doc.doc_id != doc.doc_id:
            raise RuntimeError(f"extractor returned {result.doc.doc_id} for {doc.doc_id}")
        events = result.events
        t.predicted += len(events)
        if gold.kind == "seed":
            _score_seed(doc, events, t)
        elif gold.kind == "plover":
            _score_plover(doc, events, t)
        else:
            _score_petrarch(doc, events, t, cameo)
    if n != len(scored):
        raise RuntimeError(f"{gold.name}: extractor returned {n} results for {len(scored)} texts")
    seconds = time.perf_counter() - started
    options = extractor.options
    return t.report(gold, seconds, skipped, options.dictionaries, options.dictionaries_only)


def gold_dictionaries(gold: GoldSet) -> tuple[str, ...]:
    """The user dictionaries a gold set is run with: those ``read_gold`` found (PETRARCH's
    actors and agents files) and, for a PETRARCH set, the verbs file its ``<Environment>``
    names (``<Verbfile>``), when it lies beside the records."""
    names = list(gold.dictionaries)
    if gold.kind == "petrarch":
        path = Path(gold.path)
        name = (SafeET.parse(path).getroot().findtext("Environment/Verbfile") or "").strip()
        if name and (path.parent / name).is_file():
            names.append(str(path.parent / name))
        elif name:
            log.warning("%s: its Verbfile %s is not beside it; its verb codes will be missed",
                        path, name)
    return tuple(dict.fromkeys(names))


def evaluate_paths(paths: Sequence[str | Path], options: Options,
                   base: Extractor | None = None,
                   complete: bool | None = None) -> list[Evaluation]:
    """Read each gold file and evaluate it; the model is loaded once for all of them.

    A gold set that names its own dictionaries (PETRARCH's) is run with them added to
    ``options.dictionaries``. ``complete``: whether the dictionaries are the whole codebook
    (``Options.dictionaries_only``); None, as the gold set's environment says: a PETRARCH
    set's are (PETRARCH has no tables of its own), the others' are not. ``base``, an extractor
    already built, lends its model and gazetteer (and is used as it is where its options are
    the ones needed).
    """
    from ..pipeline import Extractor

    golds = [read_gold(p) for p in paths]
    reports = []
    extractors: dict[Options, Extractor] = {}
    if base is not None and base.options == options:
        extractors[options] = base
    for gold in golds:
        dictionaries = tuple(options.dictionaries) + tuple(
            d for d in gold_dictionaries(gold) if d not in options.dictionaries)
        own = gold.kind == "petrarch" and any(
            dictionary_kind(d) in ("agents", "verbs") for d in dictionaries)
        opts = replace(options, dictionaries=dictionaries, dictionaries_only=(
            own if complete is None else complete and bool(dictionaries)))
        ex = extractors.get(opts)
        if ex is None:
            started = time.perf_counter()
            ex = (Extractor(opts) if base is None else
                  Extractor(opts, nlp=base.nlp, gazetteer=base.gazetteer))
            log.info("extractor for %s ready in %.1f s", gold.name, time.perf_counter() - started)
            base = base or ex
            extractors[opts] = ex
        reports.append(evaluate(gold, ex))
    return reports


# ---- rendering ----------------------------------------------------------------------------------


def _fmt(v: float | None) -> str:
    return f"{v:.3f}" if v is not None else "n/a"


def render_text(reports: Sequence[Evaluation], examples: int = 3) -> str:
    """A plain-text report: headline, per-type scores, confusion, figures, failure classes."""
    out: list[str] = []
    for r in reports:
        out.append(f"== {r.name} ({r.kind}) {r.path}")
        out.append(f"   sha256 {r.sha256}")
        out.append(f"   {r.docs} texts, {r.gold_events} gold events, {r.predicted_events} "
                   f"predicted, {r.seconds:.1f} s"
                   + (f", dictionaries: {', '.join(Path(d).name for d in r.dictionaries)}"
                      + (" (only: no built-in sector words or triggers)"
                         if r.dictionaries_only else "") if r.dictionaries else ""))
        out.append("   headline: " + ", ".join(f"{k} {_fmt(v)}" for k, v in r.headline().items()))
        out.append(f"   event types: macro-F1 {_fmt(r.macro_f1)}, micro-F1 {_fmt(r.micro_f1)}")
        out.append(f"   {'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
        for ts in r.types:
            out.append(f"   {ts.event_type:<10} {ts.precision:6.3f} {ts.recall:6.3f} "
                       f"{ts.f1:6.3f} {ts.tp:4d} {ts.fp:4d} {ts.fn:4d}")
        out.extend(_confusion_lines(r))
        out.append("   figures:")
        for name, ratio in r.figures:
            out.append(f"     {name:<22} {ratio}")
        counts = Counter(f.kind for f in r.failures)
        if counts:
            out.append("   failures:")
            for kind, n in counts.most_common():
                out.append(f"     {kind} ({n})")
                for f in [f for f in r.failures if f.kind == kind][:examples]:
                    out.append(f"       {f.gold_id}: expected {f.expected}; got {f.got}")
                    out.append(f"         {f.sentence[:160]!r}")
        if r.skipped:
            out.append(f"   not scored: {len(r.skipped)} (e.g. {r.skipped[0]})")
        out.append("")
    return "\n".join(out)


def _confusion_lines(r: Evaluation) -> list[str]:
    """Rows: gold types; columns: predicted types (NONE: nothing predicted)."""
    if not r.confusion:
        return []
    rows = sorted({g for g, _, _ in r.confusion}, key=_type_order)
    cols = sorted({p for _, p, _ in r.confusion}, key=_type_order)
    cell = {(g, p): n for g, p, n in r.confusion}
    lines = ["   confusion (rows gold, columns predicted):",
             "   " + " " * 10 + "".join(f"{c[:5]:>6}" for c in cols)]
    for g in rows:
        lines.append(f"   {g:<10}" + "".join(f"{cell.get((g, c), 0) or '.':>6}" for c in cols))
    return lines


def _type_order(t: str) -> int:
    return EVENT_TYPES.index(t) if t in EVENT_TYPES else len(EVENT_TYPES)


def reports_as_dict(reports: Sequence[Evaluation]) -> dict[str, Any]:
    return {"reports": [r.as_dict() for r in reports]}
