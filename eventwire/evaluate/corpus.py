"""The team's annotated corpus: loading, validation, statistics, agreement and evaluation.

The corpus lives in ``training/corpus/`` (format: ``docs/corpus.md``):

- ``articles.jsonl``: whole articles, one per line — id, source (corpus, line or file), title,
  publication date, the cleaned ``text`` every offset refers to, its ``sentences`` as
  ``[start, end]`` spans, and its ``split``;
- ``sentences.jsonl``: batches of further sentences (rare types, hard negatives), same shape, with
  each sentence's origin in ``items``;
- ``annotations/<annotator>/<unit id>.jsonl``: one file per annotated unit; its first line lists
  the sentences with no event, each further line is one event (``docs/annotation.md``, section 8);
  ``annotations/adjudicated/`` holds the adjudicated version of a doubly annotated unit, which
  takes precedence.

The split of a unit is a hash of its id (``split_of``), fixed when the corpus began; the test
split is read only by ``make final-eval``.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..options import parse_date

SPLITS = ("train", "dev", "test")
TYPES_MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(), "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(), "CONCEDE": frozenset(), "COOPERATE": frozenset(), "AID": frozenset(),
    "RETREAT": frozenset({"access", "ceasefire", "disarm", "release", "resign", "return",
                          "withdraw"}),
    "REQUEST": frozenset({"assist", "change", "meet", "yield"}),
    "ACCUSE": frozenset({"allege", "disapprove", "investigate"}),
    "REJECT": frozenset({"assist", "change", "meet", "yield"}),
    "THREATEN": frozenset({"arrest", "ban", "expel", "relations", "restrict", "rights",
                           "territory", "violence"}),
    "PROTEST": frozenset({"boycott", "demo", "hunger", "obstruct", "riot", "strike"}),
    "SANCTION": frozenset({"convict", "discontinue", "expel", "withdraw"}),
    "MOBILIZE": frozenset({"militia", "police", "troops", "weapons"}),
    "COERCE": frozenset({"arrest", "ban", "censor", "curfew", "cyber", "deport",
                         "misinformation", "restrict", "seize", "withhold"}),
    "ASSAULT": frozenset({"abduct", "aerial", "assassinate", "beat", "cleansing", "crowd-control",
                          "destroy", "drone", "execute", "explosives", "firearms",
                          "heavy-weapons", "massacre", "primitive", "sexual", "suicide-attack",
                          "torture", "unconventional"}),
}
MODALITIES = frozenset({"asserted", "future", "hypothetical", "negated"})
SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "REB", "INS", "SPY", "BUS",
                     "MED", "EDU", "CVL", "NGO", "IGO", "REL", "LAB", "CRM", "HLH", "AGR", "REF",
                     "ENV", "ELI", "UAF", "SET"})
KINDS = frozenset({"person", "organization", "country", "group"})
ADJUDICATED = "adjudicated"


def split_of(unit_id: str) -> str:
    """train 70 / dev 15 / test 15 by a hash of the article id (fixed: never change this)."""
    bucket = int(hashlib.sha256(unit_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``start:end`` of a sentence (offsets within the sentence)."""

    text: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class GoldParty:
    span: Span
    name: str | None
    country: str | None
    sector: str | None
    kind: str | None
    refers_to: str | None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    sentence: int
    trigger: Span
    event_type: str
    mode: str | None
    modality: str
    sources: tuple[GoldParty, ...]
    targets: tuple[GoldParty, ...]
    date_text: Span | None
    date_value: str | None
    place: Span | None
    place_country: str | None
    geonameid: int | None
    size: Mapping[str, int | None]
    attribution: str | None


@dataclass(frozen=True, slots=True)
class Unit:
    """An article (``kind`` "article") or a batch of single sentences (``kind`` "sentences")."""

    unit_id: str
    kind: str
    split: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    published: str | None
    title: str | None
    source: Mapping[str, Any]
    items: tuple[Mapping[str, Any], ...] = ()

    def sentence(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotator's (or the adjudicated) reading of one unit."""

    unit_id: str
    annotator: str
    no_event: frozenset[int]
    events: tuple[GoldEvent, ...]
    path: Path


@dataclass
class Corpus:
    root: Path
    units: dict[str, Unit]
    annotations: dict[str, list[Annotation]] = field(default_factory=dict)

    def gold(self, unit_id: str) -> Annotation | None:
        """The annotation that counts: the adjudicated one, else the first annotator's."""
        found = self.annotations.get(unit_id, [])
        for ann in found:
            if ann.annotator == ADJUDICATED:
                return ann
        return min(found, key=lambda a: a.annotator) if found else None

    def annotated(self, split: str | None = None, kind: str | None = None) -> list[Unit]:
        return [u for uid, u in sorted(self.units.items())
                if uid in self.annotations and (split is None or u.split == split)
                and (kind is None or u.kind == kind)]


class CorpusProblem(ValueError):
    """An annotation that is malformed or inconsistent, with file:line."""


def load_corpus(root: str | Path) -> Corpus:
    """Read the units and every annotation file under ``root``; raises on malformed files."""
    root = Path(root)
    units: dict[str, Unit] = {}
    for name, kind in (("articles.jsonl", "article"), ("sentences.jsonl", "sentences")):
        path = root / name
        if not path.exists():
            continue
        for number, line in enumerate(path.open(encoding="utf-8"), start=1):
            rec = json.loads(line)
            uid = rec["article_id"]
            if uid in units:
                raise CorpusProblem(f"{path}:{number}: unit {uid} appears twice")
            units[uid] = Unit(uid, rec.get("kind", kind), rec["split"], rec["text"],
                              tuple((a, b) for a, b in rec["sentences"]), rec.get("published"),
                              rec.get("title"), rec.get("source") or {},
                              tuple(rec.get("items") or ()))
    corpus = Corpus(root, units)
    ann_root = root / "annotations"
    if ann_root.exists():
        for path in sorted(ann_root.glob("*/*.jsonl")):
            ann = _read_annotation(path, units)
            corpus.annotations.setdefault(ann.unit_id, []).append(ann)
    return corpus


def _span(obj: Mapping[str, Any], sentence: str, where: str, at_key: str = "at",
          text_key: str = "text") -> Span:
    text = obj.get(text_key)
    at = obj.get(at_key)
    if not isinstance(text, str) or not text:
        raise CorpusProblem(f"{where}: a span without text")
    if not isinstance(at, int):
        raise CorpusProblem(f"{where}: span {text!r} has no offset "
                            "(run `python training/annotate.py check` on the file)")
    if sentence[at:at + len(text)] != text:
        raise CorpusProblem(f"{where}: sentence[{at}:{at + len(text)}] does not hold {text!r}")
    return Span(text, at, at + len(text))


def _party(obj: Mapping[str, Any], sentence: str, where: str) -> GoldParty:
    return GoldParty(_span(obj, sentence, where), obj.get("name"), obj.get("country"),
                     obj.get("sector"), obj.get("kind"), obj.get("refers_to"))


def _read_annotation(path: Path, units: Mapping[str, Unit]) -> Annotation:
    lines = [(n, ln) for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ln.strip()]
    if not lines:
        raise CorpusProblem(f"{path}: empty annotation file")
    try:
        head = json.loads(lines[0][1])
    except json.JSONDecodeError as exc:
        raise CorpusProblem(f"{path}:1: not JSON ({exc.msg})") from None
    unit = units.get(head.get("unit"))
    if unit is None:
        raise CorpusProblem(f"{path}:1: unknown unit {head.get('unit')!r}")
    events = []
    for number, line in lines[1:]:
        where = f"{path}:{number}"
        try:
            ev = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusProblem(f"{where}: not JSON ({exc.msg})") from None
        s = ev.get("s")
        if not isinstance(s, int) or not 0 <= s < len(unit.sentences):
            raise CorpusProblem(f"{where}: sentence number {s!r} out of range")
        sentence = unit.sentence(s)
        date = ev.get("date") or None
        place = ev.get("place") or None
        attribution = ev.get("attribution") or None
        events.append(GoldEvent(
            s, _span(ev, sentence, where, "trigger_at", "trigger"), ev.get("type"),
            ev.get("mode"), ev.get("modality"),
            tuple(_party(p, sentence, where) for p in ev.get("sources") or ()),
            tuple(_party(p, sentence, where) for p in ev.get("targets") or ()),
            _span(date, sentence, where) if date else None,
            date.get("value") if date else None,
            _span(place, sentence, where) if place else None,
            place.get("country") if place else None,
            place.get("geonameid") if place else None,
            dict(ev.get("size") or {}),
            (attribution.get("name") or attribution.get("text")) if attribution else None))
    return Annotation(unit.unit_id, path.parent.name, frozenset(head.get("no_event") or ()),
                      tuple(events), path)


def validate(corpus: Corpus, codes: Iterable[str]) -> list[str]:
    """Every problem of the corpus, one line each (empty when it is sound)."""
    codes = set(codes)
    problems: list[str] = []
    for uid, unit in sorted(corpus.units.items()):
        origin = unit.items[0]["article"] if unit.kind == "sentences" and unit.items else uid
        if unit.kind == "article" and unit.split != split_of(uid):
            problems.append(f"{uid}: split {unit.split} but its hash says {split_of(uid)}")
        for item in unit.items:
            if split_of(item["article"]) != unit.split:
                problems.append(f"{uid}: a sentence of {item['article']} "
                                f"({split_of(item['article'])}) in a {unit.split} batch")
        del origin
        for a, b in unit.sentences:
            if not 0 <= a < b <= len(unit.text):
                problems.append(f"{uid}: sentence span [{a}, {b}] outside the text")
        if unit.published is not None:
            try:  # the pipeline's own test of the date it reads relative dates from
                parse_date(unit.published, "published")
            except UsageError:
                problems.append(f"{uid}: published {unit.published!r} is not a date as "
                                "YYYY-MM-DD (the pipeline reads relative dates from it)")
    whole = {uid for uid, u in corpus.units.items() if u.kind == "article"}
    for unit in corpus.units.values():
        for item in unit.items:
            if item["article"] in whole:
                problems.append(f"{unit.unit_id}: draws a sentence from {item['article']}, "
                                "an article annotated whole")
    for uid, anns in sorted(corpus.annotations.items()):
        unit = corpus.units[uid]
        for ann in anns:
            where = str(ann.path)
            if ann.path.stem != uid:
                problems.append(f"{where}: the file name must be the unit id")
            decided = ann.no_event | {e.sentence for e in ann.events}
            missing = set(range(len(unit.sentences))) - decided
            if missing:
                problems.append(f"{where}: sentences {sorted(missing)} are not decided")
            both = ann.no_event & {e.sentence for e in ann.events}
            if both:
                problems.append(f"{where}: sentences {sorted(both)} are no_event and have events")
            for ev in ann.events:
                at = f"{where}: sentence {ev.sentence}"
                if ev.event_type not in TYPES_MODES:
                    problems.append(f"{at}: unknown type {ev.event_type!r}")
                elif ev.mode is not None and ev.mode not in TYPES_MODES[ev.event_type]:
                    problems.append(f"{at}: {ev.mode!r} is no mode of {ev.event_type}")
                if ev.modality not in MODALITIES:
                    problems.append(f"{at}: unknown modality {ev.modality!r}")
                for party in ev.sources + ev.targets:
                    if party.country is not None and party.country not in codes:
                        problems.append(f"{at}: unknown country code {party.country!r}")
                    if party.sector is not None and party.sector not in SECTORS:
                        problems.append(f"{at}: unknown sector {party.sector!r}")
                    if party.kind is not None and party.kind not in KINDS:
                        problems.append(f"{at}: unknown kind {party.kind!r}")
                if ev.date_value is not None:
                    v = ev.date_value
                    if not (len(v) in (4, 7, 10) and v[:4].isdigit()):
                        problems.append(f"{at}: date value {v!r} is not ISO")
                for key, n in ev.size.items():
                    if key not in ("dead", "injured", "arrested") or \
                            (n is not None and (not isinstance(n, int) or n < 0)):
                        problems.append(f"{at}: bad size {key}={n!r}")
    return problems


# --- statistics ------------------------------------------------------------------------------

def stats(corpus: Corpus) -> dict[str, Any]:
    """Per split: units, sentences, events, events per type; the agreement figures if present."""
    out: dict[str, Any] = {"splits": {}, "types": {}}
    all_types: Counter[str] = Counter()
    for split in SPLITS:
        row: dict[str, Any] = {"articles": 0, "article_sentences": 0, "article_events": 0,
                               "extra_sentences": 0, "extra_events": 0, "types": {}}
        types: Counter[str] = Counter()
        for unit in corpus.annotated(split):
            gold = corpus.gold(unit.unit_id)
            assert gold is not None
            if unit.kind == "article":
                row["articles"] += 1
                row["article_sentences"] += len(unit.sentences)
                row["article_events"] += len(gold.events)
            else:
                row["extra_sentences"] += len(unit.sentences)
                row["extra_events"] += len(gold.events)
            types.update(e.event_type for e in gold.events)
        row["types"] = dict(sorted(types.items()))
        all_types.update(types)
        out["splits"][split] = row
    out["types"] = {t: all_types.get(t, 0) for t in TYPES_MODES}
    out["totals"] = {k: sum(out["splits"][s][k] for s in SPLITS)
                     for k in ("articles", "article_sentences", "article_events",
                               "extra_sentences", "extra_events")}
    agreement = corpus.root / "agreement.json"
    out["agreement"] = json.loads(agreement.read_text()) if agreement.exists() else None
    return out


# --- matching events -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Mention:
    """A predicted or second annotator's event, reduced to what is compared."""

    sentence: int
    trigger: Span
    event_type: str
    modality: str
    sources: tuple[tuple[Span | None, str | None, str | None], ...]
    targets: tuple[tuple[Span | None, str | None, str | None], ...]
    date_value: str | None
    place: Span | None


def mention_of(ev: GoldEvent) -> Mention:
    def parties(ps: Sequence[GoldParty]) -> tuple[tuple[Span | None, str | None, str | None], ...]:
        return tuple((p.span, p.country, p.sector) for p in ps)
    return Mention(ev.sentence, ev.trigger, ev.event_type, ev.modality, parties(ev.sources),
                   parties(ev.targets), ev.date_value, ev.place)


def match(gold: Sequence[Mention], pred: Sequence[Mention], typed: bool = True
          ) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, predicted index): same sentence, overlapping
    triggers, and (``typed``) the same type."""
    pairs = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used or p.sentence != g.sentence or not g.trigger.overlaps(p.trigger):
                continue
            if typed and p.event_type != g.event_type:
                continue
            pairs.append((gi, pi))
            used.add(pi)
            break
    return pairs


def _prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


ANAPHOR_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "it", "its", "they", "them",
                              "their", "we", "us", "our"})
ANAPHOR_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


def anaphoric(text: str) -> bool:
    """Whether a gold party's words only point back to a party named elsewhere: a pronoun
    ("he", "they") or a definite description without a name ("the minister", "the group";
    not "the Kremlin", "the Taliban"). The coreference figure is measured on these."""
    words = text.split()
    if not words:
        return False
    first = words[0].lower()
    if len(words) == 1:  # "He", "they"; not "US" (the country)
        return first in ANAPHOR_PRONOUNS and words[0] in (first, first.capitalize())
    return first in ANAPHOR_DETERMINERS and all(w.islower() for w in words[1:])


def _party_scores(gold: Sequence[tuple[Span | None, str | None, str | None]],
                  pred: Sequence[tuple[Span | None, str | None, str | None]]) -> tuple[bool, bool]:
    """(span right, country+sector right) for one role of one matched event. Right means: every
    gold party is found by some predicted one and nothing predicted is unfounded; both empty is
    right."""
    if not gold and not pred:
        return True, True
    span_ok = all(any(ps is not None and gs is not None and gs.overlaps(ps)
                      for ps, _, _ in pred) for gs, _, _ in gold) and \
        all(any(ps is not None and gs is not None and gs.overlaps(ps)
                for gs, _, _ in gold) for ps, _, _ in pred)
    codes_ok = {(c, s) for _, c, s in gold} == {(c, s) for _, c, s in pred}
    return span_ok, codes_ok


@dataclass
class Tally:
    """Counts of one unit; summed over units, and resampled for the intervals."""

    gold: int = 0
    pred: int = 0
    tp: int = 0                      # trigger overlap and type
    tp_trigger: int = 0              # trigger overlap, any type
    per_type: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    matched: int = 0
    source_span: int = 0
    source_codes: int = 0
    target_span: int = 0
    target_codes: int = 0
    modality: int = 0
    dates_gold: int = 0
    dates_right: int = 0
    places_gold: int = 0
    places_right: int = 0
    sent_gold: int = 0               # sentences with an event, gold
    sent_pred: int = 0
    sent_both: int = 0
    parties_gold: int = 0            # of matched events: parties (sources and targets, by role)
    parties_pred: int = 0
    parties_span: int = 0            # ... found with an overlapping span
    parties_codes: int = 0           # ... found with the same country and sector
    dates_pred: int = 0              # of matched events: a predicted date value
    coref_gold: int = 0              # of matched events: gold parties that are anaphors
    coref_found: int = 0             # ... overlapped by a predicted party of the same role
    coref_right: int = 0             # ... whose country and sector are the gold's
    places_pred: int = 0
    records: int = 0                 # predicted event records (an event and its merged mentions)
    records_right: int = 0           # ... of which a mention is a matched event
    sent_types: dict[str, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    """Per type: sentences holding it in the gold, in the prediction, in both."""

    def add(self, other: Tally) -> None:
        for name in ("gold", "pred", "tp", "tp_trigger", "matched", "source_span",
                     "source_codes", "target_span", "target_codes", "modality", "dates_gold",
                     "dates_right", "places_gold", "places_right", "sent_gold", "sent_pred",
                     "sent_both", "parties_gold", "parties_pred", "parties_span",
                     "parties_codes", "dates_pred", "places_pred", "coref_gold",
                     "coref_found", "coref_right", "records", "records_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in ((self.per_type, other.per_type),
                             (self.sent_types, other.sent_types)):
            for t, (g, p, tp) in theirs.items():
                row = mine[t]
                row[0] += g
                row[1] += p
                row[2] += tp


def tally(gold: Sequence[Mention], pred: Sequence[Mention],
          records: Sequence[int] | None = None) -> Tally:
    """Counts of one unit. ``records``: for each predicted mention, the index of the event
    record it belongs to (an event's evidence and the further mentions the merge gathered into
    it); without it each mention is its own record."""
    t = Tally(gold=len(gold), pred=len(pred))
    pairs = match(gold, pred)
    t.tp = len(pairs)
    owner = list(records) if records is not None else list(range(len(pred)))
    if len(owner) != len(pred):
        raise ValueError(f"records: {len(owner)} owners for {len(pred)} predicted mentions")
    t.records = len(set(owner))
    t.records_right = len({owner[pi] for _, pi in pairs})
    t.tp_trigger = len(match(gold, pred, typed=False))
    for g in gold:
        t.per_type[g.event_type][0] += 1
    for p in pred:
        t.per_type[p.event_type][1] += 1
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        t.per_type[g.event_type][2] += 1
        t.matched += 1
        s_span, s_codes = _party_scores(g.sources, p.sources)
        r_span, r_codes = _party_scores(g.targets, p.targets)
        t.source_span += s_span
        t.source_codes += s_codes
        t.target_span += r_span
        t.target_codes += r_codes
        t.modality += g.modality == p.modality
        for gp, pp in ((g.sources, p.sources), (g.targets, p.targets)):
            t.parties_gold += len(gp)
            t.parties_pred += len(pp)
            t.parties_span += sum(1 for gs, _, _ in gp if any(
                ps is not None and gs is not None and gs.overlaps(ps) for ps, _, _ in pp))
            for anaphor, gc, gsec in gp:
                if anaphor is None or not anaphoric(anaphor.text) or (gc is None and gsec is None):
                    continue
                t.coref_gold += 1
                over = [(c, s) for ps, c, s in pp if ps is not None and anaphor.overlaps(ps)]
                t.coref_found += bool(over)
                t.coref_right += (gc, gsec) in over
            codes = Counter((c, s) for _, c, s in pp)
            for _, c, s in gp:
                if codes[(c, s)] > 0:
                    codes[(c, s)] -= 1
                    t.parties_codes += 1
        t.dates_pred += bool(p.date_value)
        t.places_pred += p.place is not None
        if g.date_value:
            t.dates_gold += 1
            value = p.date_value or ""
            t.dates_right += bool(value) and (
                value.startswith(g.date_value) or g.date_value.startswith(value))
        if g.place is not None:
            t.places_gold += 1
            t.places_right += p.place is not None and g.place.overlaps(p.place)
    gs = {g.sentence for g in gold}
    ps = {p.sentence for p in pred}
    t.sent_gold, t.sent_pred, t.sent_both = len(gs), len(ps), len(gs & ps)
    gold_types = {(g.sentence, g.event_type) for g in gold}
    pred_types = {(p.sentence, p.event_type) for p in pred}
    for _, etype in gold_types:
        t.sent_types[etype][0] += 1
    for _, etype in pred_types:
        t.sent_types[etype][1] += 1
    for _, etype in gold_types & pred_types:
        t.sent_types[etype][2] += 1
    return t


def figures(t: Tally) -> dict[str, Any]:
    def share(a: int, b: int) -> float | None:
        return a / b if b else None
    return {
        "events": {"gold": t.gold, "predicted": t.pred, "matched": t.tp,
                   **_prf(t.tp, t.pred, t.gold)},
        "records": {"predicted": t.records, "right": t.records_right,
                    "precision": t.records_right / t.records if t.records else 0.0},
        "triggers": _prf(t.tp_trigger, t.pred, t.gold),
        "sentences": _prf(t.sent_both, t.sent_pred, t.sent_gold),
        "per_type": {k: {"gold": g, "predicted": p, **_prf(tp, p, g)}
                     for k, (g, p, tp) in sorted(t.per_type.items())},
        "type_macro_f1": _macro(t.per_type),
        "sentence_type_macro_f1": _macro(t.sent_types),
        "of_matched": {"n": t.matched,
                       "source_span": share(t.source_span, t.matched),
                       "source_country_sector": share(t.source_codes, t.matched),
                       "target_span": share(t.target_span, t.matched),
                       "target_country_sector": share(t.target_codes, t.matched),
                       "modality": share(t.modality, t.matched),
                       "date": share(t.dates_right, t.dates_gold),
                       "place": share(t.places_right, t.places_gold),
                       "party_span_f1": _prf(t.parties_span, t.parties_pred, t.parties_gold)["f1"],
                       "party_country_sector_f1": _prf(t.parties_codes, t.parties_pred,
                                                       t.parties_gold)["f1"],
                       "date_f1": _prf(t.dates_right, t.dates_pred, t.dates_gold)["f1"],
                       "place_f1": _prf(t.places_right, t.places_pred, t.places_gold)["f1"]},
        "coreference": {"anaphors": t.coref_gold,
                        "found": share(t.coref_found, t.coref_gold),
                        "right": share(t.coref_right, t.coref_gold)},
    }


def _macro(rows: Mapping[str, Sequence[int]]) -> float:
    """The mean F1 over the types the gold holds, from (gold, predicted, both) counts."""
    present = [(g, p, tp) for g, p, tp in rows.values() if g]
    return sum(_prf(tp, p, g)["f1"] for g, p, tp in present) / max(1, len(present))


def bootstrap(tallies: Sequence[Tally], metric: Callable[[Tally], float], rounds: int = 1000,
              seed: int = 0) -> tuple[float, float]:
    """A 95% interval of ``metric`` over units drawn with replacement (fixed seed)."""
    if not tallies:
        return (0.0, 0.0)
    rng = random.Random(seed)
    values = []
    for _ in range(rounds):
        total = Tally()
        for _ in range(len(tallies)):
            total.add(tallies[rng.randrange(len(tallies))])
        values.append(metric(total))
    values.sort()
    return values[int(0.025 * rounds)], values[min(rounds - 1, int(0.975 * rounds))]


def _event_metric(key: str) -> Callable[[Tally], float]:
    def metric(t: Tally) -> float:
        if key == "record_precision":
            return t.records_right / t.records if t.records else 0.0
        return _prf(t.tp, t.pred, t.gold)[key]
    return metric


def report(tallies: Sequence[Tally], rounds: int = 1000) -> dict[str, Any]:
    total = Tally()
    for t in tallies:
        total.add(t)
    out = figures(total)
    out["units"] = len(tallies)
    out["intervals"] = {f"event_{key}": bootstrap(tallies, _event_metric(key), rounds)
                        for key in ("precision", "recall", "f1")}
    out["intervals"]["record_precision"] = bootstrap(tallies, _event_metric("record_precision"),
                                                     rounds)
    return out


# --- agreement -------------------------------------------------------------------------------

def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    ca = Counter(a for a, _ in pairs)
    cb = Counter(b for _, b in pairs)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(corpus: Corpus) -> dict[str, Any]:
    """Figures between the two independent annotators of every doubly annotated unit."""
    event_pairs: list[tuple[str, str]] = []
    type_pairs: list[tuple[str, str]] = []
    tallies = []
    units = []
    for uid, anns in sorted(corpus.annotations.items()):
        firsts = sorted((a for a in anns if a.annotator != ADJUDICATED), key=lambda a: a.annotator)
        if len(firsts) < 2:
            continue
        a, b = firsts[0], firsts[1]
        unit = corpus.units[uid]
        units.append(uid)
        sa = {e.sentence for e in a.events}
        sb = {e.sentence for e in b.events}
        for i in range(len(unit.sentences)):
            event_pairs.append((str(i in sa), str(i in sb)))
        ga = [mention_of(e) for e in a.events]
        gb = [mention_of(e) for e in b.events]
        for gi, pi in match(ga, gb, typed=False):
            type_pairs.append((ga[gi].event_type, gb[pi].event_type))
        tallies.append(tally(ga, gb))
    total = Tally()
    for t in tallies:
        total.add(t)
    fig = figures(total)
    return {
        "units": units,
        "sentences": len(event_pairs),
        "kappa_event": cohen_kappa(event_pairs),
        "kappa_type": cohen_kappa(type_pairs),
        "trigger_f1": fig["triggers"]["f1"],
        "event_f1": fig["events"]["f1"],
        "of_matched": fig["of_matched"],
        "per_type": fig["per_type"],
    }


# --- the pipeline against the corpus ---------------------------------------------------------

def word_starts(text: str, needle: str, start: int, end: int) -> list[int]:
    """Every occurrence of ``needle`` in ``text[start:end]`` that is not part of a longer word
    ("he" in "he said", not in "the" or "she")."""
    out = []
    at = text.find(needle, start, end)
    while at >= 0:
        after = at + len(needle)
        if not (needle[0].isalnum() and at > 0 and text[at - 1].isalnum()) and not (
                needle[-1].isalnum() and after < len(text) and text[after].isalnum()):
            out.append(at)
        at = text.find(needle, at + 1, end)
    return out


def find_words(text: str, needle: str, start: int, end: int) -> int:
    """The first occurrence of ``needle`` in ``text[start:end]`` as whole words
    (``word_starts``); the first occurrence of any kind when there is none (a word the
    tokenizer split), -1 when there is no occurrence at all."""
    starts = word_starts(text, needle, start, end)
    return starts[0] if starts else text.find(needle, start, end)


def _locate(unit: Unit, doc_start: int, doc_end: int, needle: str | None
            ) -> tuple[int, Span] | None:
    """The gold sentence and the sentence-relative span of ``needle``, found in the predicted
    sentence ``text[doc_start:doc_end]`` (its first occurrence there as whole words)."""
    if not needle:
        return None
    at = find_words(unit.text, needle, doc_start, max(doc_end, doc_start + len(needle)))
    if at < 0:
        return None
    for index, (a, b) in enumerate(unit.sentences):
        if a <= at < b:
            return index, Span(needle, at - a, at - a + len(needle))
    return None


def _near_words(unit: Unit, index: int, needle: str, trigger: Span) -> Span | None:
    """The span of ``needle`` in gold sentence ``index``: where it stands as whole words nearest
    the trigger (the fewest characters between the two, as ``annotate.py check`` anchors the
    gold's repeated phrases), else its first occurrence of any kind; None when absent."""
    a, b = unit.sentences[index]
    starts = [at - a for at in word_starts(unit.text, needle, a, b)]
    if not starts:
        at = unit.text.find(needle, a, b)
        return Span(needle, at - a, at - a + len(needle)) if at >= 0 else None
    at = min(starts, key=lambda x: (max(trigger.start - (x + len(needle)), x - trigger.end, 0),
                                    x))
    return Span(needle, at, at + len(needle))


def _parties(unit: Unit, index: int, actors: Sequence[Any], trigger: Span
             ) -> tuple[tuple[Span | None, str | None, str | None], ...]:
    """Actors as (span in the gold sentence or None, country, sector). A record gives a party's
    words, not their place: a text the sentence holds twice is read where it stands nearest
    the trigger, as the gold's are (``docs/annotation.md``)."""
    return tuple((_near_words(unit, index, actor.text, trigger) if actor.text else None,
                  actor.country, actor.sector) for actor in actors)


def predicted_mentions(unit: Unit, events: Iterable[Any]) -> list[Mention]:
    """eventwire's ``Event`` records of ``unit.text`` as mentions to compare with the gold: one
    for the event's evidence and one for each further mention the merge gathered into it.

    The pipeline must have run on ``unit.text`` itself (the corpus stores cleaned text, and
    cleaning it again leaves it as it is), so the evidence offsets are offsets of ``unit.text``.
    A mention whose trigger cannot be found in its sentence counts as predicted and unmatched.
    """
    out = []
    for ev in events:
        for evidence in (ev.evidence, *ev.mentions):
            found = _locate(unit, evidence.start, evidence.end, evidence.trigger)
            if found is None:
                index = next((i for i, (a, b) in enumerate(unit.sentences)
                              if a <= evidence.start < b), -1)
                out.append(Mention(index, Span(evidence.trigger or "", -1, -1), ev.event_type,
                                   ev.modality, (), (), ev.date.value, None))
                continue
            index, trigger = found
            place = None
            if ev.location is not None:
                a, b = unit.sentences[index]
                where = ev.location
                if a <= where.start < where.end <= b and \
                        unit.text[where.start:where.end] == where.text:
                    # the place's own words, not the first words like them in the sentence
                    # ("go to Idlib ... airstrikes in Idlib")
                    place = Span(where.text, where.start - a, where.end - a)
                else:  # a further mention: the place was read in the evidence's sentence
                    loc = _locate(unit, a, b, where.text)
                    place = loc[1] if loc and loc[0] == index else None
            out.append(Mention(index, trigger, ev.event_type, ev.modality,
                               _parties(unit, index, ev.actors, trigger),
                               _parties(unit, index, ev.recipients, trigger), ev.date.value,
                               place))
    return out


def unit_events(extractor: Any, unit: Unit) -> list[Any]:
    """The events ``extractor`` (a ``pipeline.Extractor``) gives one annotated unit's text,
    published on the unit's date: what ``evaluate_units`` scores, for ``eventwire eval`` and
    for training's choice of the default floor alike."""
    from ..readers import article_from_text

    article = article_from_text(unit.text, doc_id=unit.unit_id, published=unit.published)
    return list(extractor.document(article).events)


def evaluate_units(corpus: Corpus, units: Sequence[Unit],
                   extract: Callable[[Unit], Iterable[Any]],
                   progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Run ``extract`` (a unit → its events) over ``units`` and score against the gold."""
    tallies = []
    bins: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for n, unit in enumerate(units, start=1):
        gold = corpus.gold(unit.unit_id)
        assert gold is not None
        golds = [mention_of(e) for e in gold.events]
        events = list(extract(unit))
        pred = predicted_mentions(unit, events)
        # predicted_mentions gives one mention per evidence sentence of each event, in order
        owners = [k for k, ev in enumerate(events) for _ in (ev.evidence, *ev.mentions)]
        tallies.append(tally(golds, pred, owners))
        for ev in events:
            right = any(match(golds, [m]) for m in predicted_mentions(unit, [ev]))
            row = bins[min(int(ev.confidence * 10), 9)]
            row[0] += 1
            row[1] += right
        if progress:
            progress(n, len(units))
    out = report(tallies)
    out["reliability"] = [{"confidence": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "events": n,
                           "right": k / n} for b, (n, k) in sorted(bins.items())]
    return out


# --- text reports ----------------------------------------------------------------------------

def _pct(v: float | None) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def render_stats(s: Mapping[str, Any]) -> str:
    lines = ["split   articles  sentences  events   further sentences  their events"]
    for split in SPLITS:
        r = s["splits"][split]
        lines.append(f"{split:<7} {r['articles']:>8}  {r['article_sentences']:>9}  "
                     f"{r['article_events']:>6}   {r['extra_sentences']:>17}  "
                     f"{r['extra_events']:>12}")
    t = s["totals"]
    lines.append(f"{'all':<7} {t['articles']:>8}  {t['article_sentences']:>9}  "
                 f"{t['article_events']:>6}   {t['extra_sentences']:>17}  {t['extra_events']:>12}")
    lines.append("")
    lines.append("events per type (all splits): " + ", ".join(
        f"{k} {v}" for k, v in s["types"].items()))
    a = s.get("agreement")
    if a:
        lines.append("")
        lines.append(render_agreement(a).rstrip("\n"))
    else:
        lines.append("agreement: not measured yet (eventwire corpus agreement --write)")
    return "\n".join(lines) + "\n"


def render_agreement(a: Mapping[str, Any]) -> str:
    m = a["of_matched"]
    return (f"agreement over {len(a['units'])} doubly annotated articles, {a['sentences']} "
            f"sentences:\n"
            f"  kappa event/no event {_pct(a['kappa_event'])}, kappa type {_pct(a['kappa_type'])}"
            f"\n  trigger F1 {_pct(a['trigger_f1'])}, event F1 (trigger and type) "
            f"{_pct(a['event_f1'])}\n"
            f"  of {m['n']} matched events: source span {_pct(m['source_span'])}, source "
            f"country+sector {_pct(m['source_country_sector'])}, target span "
            f"{_pct(m['target_span'])}, target country+sector "
            f"{_pct(m['target_country_sector'])}, modality {_pct(m['modality'])}, date "
            f"{_pct(m['date'])}, place {_pct(m['place'])}\n"
            f"  F1 of parties (span) {_pct(m['party_span_f1'])}, of parties (country+sector) "
            f"{_pct(m['party_country_sector_f1'])}, of dates {_pct(m['date_f1'])}, of places "
            f"{_pct(m['place_f1'])}\n")


def render_report(name: str, r: Mapping[str, Any]) -> str:
    e, iv = r["events"], r["intervals"]

    def ci(key: str) -> str:
        lo, hi = iv[key]
        return f"[{lo:.3f}, {hi:.3f}]"
    m = r["of_matched"]
    lines = [
        f"== {name}: {r['units']} whole articles, {e['gold']} gold events, {e['predicted']} "
        "predicted",
        f"events (same sentence, trigger overlap, same type): precision {e['precision']:.3f} "
        f"{ci('event_precision')}  recall {e['recall']:.3f} {ci('event_recall')}  "
        f"F1 {e['f1']:.3f} {ci('event_f1')}",
        f"event records (an event with the mentions merged into it, counted once): "
        f"{r['records']['predicted']}, right {r['records']['right']}, precision "
        f"{r['records']['precision']:.3f} {ci('record_precision')}",
        f"triggers (any type): P {r['triggers']['precision']:.3f}  R "
        f"{r['triggers']['recall']:.3f}  F1 {r['triggers']['f1']:.3f};  sentences with an "
        f"event: P {r['sentences']['precision']:.3f}  R {r['sentences']['recall']:.3f}  "
        f"F1 {r['sentences']['f1']:.3f}",
        f"type macro-F1 {r['type_macro_f1']:.3f} (events);  sentence-level type macro-F1 "
        f"{r['sentence_type_macro_f1']:.3f} (which types each sentence holds)",
        f"of {m['n']} matched events: source span {_pct(m['source_span'])}, source "
        f"country+sector {_pct(m['source_country_sector'])}, target span {_pct(m['target_span'])}"
        f", target country+sector {_pct(m['target_country_sector'])}, modality "
        f"{_pct(m['modality'])}, date {_pct(m['date'])}, place {_pct(m['place'])}",
        f"coreference: of {r['coreference']['anaphors']} gold parties of matched events that "
        f"are pronouns or nameless descriptions, found {_pct(r['coreference']['found'])}, "
        f"resolved to their country+sector {_pct(r['coreference']['right'])}",
        "type        gold  pred   P      R      F1",
    ]
    for t, row in r["per_type"].items():
        lines.append(f"{t:<10} {row['gold']:>5} {row['predicted']:>5}  {row['precision']:.3f}  "
                     f"{row['recall']:.3f}  {row['f1']:.3f}")
    if r.get("reliability"):
        lines.append("reliability (events by confidence, share right by type and trigger): " +
                     ", ".join(f"{b['confidence']} {b['events']}/{b['right']:.2f}"
                               for b in r["reliability"]))
    return "\n".join(lines) + "\n"
