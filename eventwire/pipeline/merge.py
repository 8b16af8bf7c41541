"""The merge stage: mentions of one real-world event in a document become one ``Event``.

Two candidates are one event when they have the same type and compatible parties, and either
come from one clause (a trigger told twice: "attacked a base, killing 15 soldiers") or agree on
the date (or, undated, share their trigger word), do not disagree on the place's country nor
happen in two different towns, and do not name different doers (people, or parties placed in a
country and a sector, none shared).
The merged event keeps the richest fields and every evidence sentence (``mentions``).
"""

from __future__ import annotations

import hashlib

from .events import QUAD_OF_TYPE, Candidate
from ..knowledge import Knowledge
from ..records import Actor, Event, Size


def merge_candidates(cands: list[Candidate], floor: float = 0.0) -> list[Candidate]:
    """One candidate per real-world event of the document (see module docstring), of those
    whose confidence is ``floor`` or more: a mention under the floor is no evidence of an
    event, so it neither joins one nor, merged first, takes a surer one down with it (on the
    corpus's dev split, learned at its floor: event precision 0.510 -> 0.543, recall 0.221 ->
    0.229); it may still date an event of its own clause that has no date."""
    merged: list[Candidate] = []
    below: list[Candidate] = []
    for cand in cands:
        if confidence(cand) < floor:
            below.append(cand)
            continue
        for other in merged:
            if _same_event(other, cand):
                _absorb(other, cand)
                break
        else:
            merged.append(cand)
    for cand in below:
        # ... but a word of the same clause may still say when ("a bomb attack ... killed two
        # on Wednesday": dev date F1 0.847 -> 0.855; lending the place too: place F1 0.718 ->
        # 0.701, so only the date)
        into = next((m for m in merged if m.sentence_index == cand.sentence_index
                     and _same_event(m, cand)), None)
        if into is not None and not into.date.value:
            into.date = cand.date
    return merged


def _party_keys(actors: list[Actor]) -> set[str]:
    return {a.country or f"?{a.sector}" for a in actors if a.country or a.sector}


def _same_event(a: Candidate, b: Candidate) -> bool:
    if a.sense.event_type != b.sense.event_type:
        return False
    if a.trigger.i == b.trigger.i and a.sentence_index == b.sentence_index \
            and (a.sense.cameo != b.sense.cameo or _swapped(a, b)):
        # one word, two acts: a visit made and the same visit hosted; a meeting from each
        # side (a user's verbs file asks for both: MEET [031:031])
        return False
    if a.sentence_index == b.sentence_index and a.sense.event_type == "CONSULT" \
            and a.probability is not None and b.probability is not None \
            and bool(a.recipients) != bool(b.recipients):
        # the learned coder's consultation paid or addressed to someone (a visit to its host,
        # a briefing) and one held between sides (a meeting, talks: reciprocal, as the corpus
        # codes them) are two acts, in one sentence too: "will travel to Geneva to meet with
        # Lavrov" (annotation.md, section 6). The rules give meetings a target and are left
        # as they were.
        return False
    if _other_doers(a, b):
        # two doers, in one clause too ("Russia has denied meddling, and Trump has denied
        # collusion")
        return False
    if _other_towns(a, b):
        return False
    if a.sentence_index == b.sentence_index and a.modality == b.modality:
        # one clause told twice ("attacked a base, killing 15 soldiers"): same doers
        sa, sb = _party_keys(a.actors), _party_keys(b.actors)
        if sa <= sb or sb <= sa:
            return True
    pa, pb = a.parties, b.parties
    if not pa or not pb or not (pa <= pb or pb <= pa):
        return False
    if a.modality != b.modality and "negated" in (a.modality, b.modality):
        return False
    if a.date.value and b.date.value:
        if a.date.value != b.date.value:
            return False
    elif a.trigger.lemma_.lower() != b.trigger.lemma_.lower() \
            and a.sentence_index != b.sentence_index:
        return False
    if a.location and b.location and a.location.country != b.location.country:
        return False
    return True


def _people(actors: list[Actor]) -> set[str]:
    return {a.name for a in actors if a.kind == "person" and a.name}


def _other_doers(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates' doers are different people, none in common ("Trump slammed
    Schumer", then "his deputy press secretary, Hogan Gidley, slammed Schumer": two acts of
    one country's officials, not one told twice), or parties placed in a country and a sector,
    none in common ("Russia denied", "Trump denied"; "the White House urged", "Democrats in
    Congress urged"). Those placed in one of the two only ("rebels", a country alone) may be
    the other's; in one clause too. On the corpus's train split, whose merged mentions the
    annotators mostly code as events of their own, the parties' country+sector F1 of matched
    events 0.634 -> 0.638 (docs/models.md, twenty-sixth session). The people done
    to are not weighed: on the dev split that moved no figure by more than 0.001."""
    doers_a, doers_b = _people(a.actors), _people(b.actors)
    if doers_a and doers_b and not doers_a & doers_b:
        return True
    placed_a = {(x.country, x.sector) for x in a.actors if x.country and x.sector}
    placed_b = {(x.country, x.sector) for x in b.actors if x.country and x.sector}
    return bool(placed_a and placed_b and not placed_a & placed_b)


def _other_towns(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates happen in two different towns ("an attack on the US mission in
    Benghazi", then "militiamen attacked the GNC building in Tripoli": one country, one day,
    two events). A town and the division or country around it may be one place told twice,
    so only two places resolved to towns, each to its own GeoNames place, are told apart. On
    the corpus's train split (the rule's reading; dev has no such pair): 8 records more, and
    the place of matched events 0.751 -> 0.760, each mention keeping its own place and
    parties (docs/models.md, fortieth session)."""
    la, lb = a.location, b.location
    return la is not None and lb is not None and la.precision == lb.precision == "city" \
        and la.geonameid is not None and lb.geonameid is not None \
        and la.geonameid != lb.geonameid


def _swapped(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates have the same parties in swapped roles."""
    doers, done_to = _party_keys(a.actors), _party_keys(a.recipients)
    return doers != done_to and doers == _party_keys(b.recipients) \
        and done_to == _party_keys(b.actors)


def _absorb(into: Candidate, other: Candidate) -> None:
    if len(other.parties) > len(into.parties):
        into.actors, into.recipients = other.actors, other.recipients
    elif other.sentence_index == into.sentence_index:
        # a party the other mention adds: one of another country or sector, not the same
        # words read otherwise ("killed … in a U.S. airstrike": the members killed are the
        # airstrike's target too, placed by the evidence's reading)
        keys = _party_keys(into.actors + into.recipients)
        words = {x.text for x in into.actors + into.recipients}
        into.actors += [a for a in other.actors if _party_keys([a]) - keys
                        and a.text not in words]
        into.recipients += [r for r in other.recipients if _party_keys([r]) - keys
                            and r.text not in words]
    into.date = into.date if into.date.value else other.date
    if into.location is None or (other.location and other.location.precision == "city"
                                 and into.location.precision == "country"):
        into.location = other.location or into.location
    into.size = Size(*(x if x is not None else y for x, y in zip(
        (into.size.dead, into.size.injured, into.size.arrested),
        (other.size.dead, other.size.injured, other.size.arrested))))
    into.attribution = into.attribution or other.attribution
    into.mentions.extend(other.mentions)


def confidence(cand: Candidate) -> float:
    """The learned trigger model's probability of the event's type where the model found it;
    otherwise the rules' hand-set score (not calibrated)."""
    if cand.probability is not None:
        return cand.probability
    score = 0.45
    if any(a.country for a in cand.actors):
        score += 0.2
    if any(r.country for r in cand.recipients) or len(cand.actors) > 1:
        score += 0.1
    if cand.trigger.pos_ == "VERB":
        score += 0.1
    if cand.date.value:
        score += 0.05
    if any(a.country is None for a in cand.actors + cand.recipients):
        score -= 0.1
    score += 0.02 * min(len(cand.mentions) - 1, 3)
    return max(0.05, min(0.98, score))


def event_id(doc_id: str, cand: Candidate) -> str:
    """Schema 2's id: a hash of the doc id, the sentence index, the trigger's character offset
    in the cleaned text and the type; not of the resolved actors, which a new coder version
    may resolve differently. Two events of one trigger and type (a visit made and hosted) are
    told apart when the document's events are gathered (``DocResult``)."""
    offset = cand.offset + cand.trigger.idx
    key = "|".join([doc_id, str(cand.sentence_index), str(offset), cand.sense.event_type])
    return "e-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def to_event(doc_id: str, cand: Candidate, knowledge: Knowledge) -> Event:
    sense = cand.sense
    cameo = sense.cameo
    user_sense = sense in knowledge.user_triggers.get(sense.lemma, ())
    if sense.event_type == "CONSULT" and cand.modality == "future" and not user_sense:
        cameo = "036"  # CAMEO codes a scheduled meeting as an expressed intent to meet
    first, *rest = cand.mentions
    return Event(
        event_id=event_id(doc_id, cand),
        doc_id=doc_id,
        event_type=sense.event_type,
        mode=sense.mode,
        context=sense.context,
        modality=cand.modality,  # type: ignore[arg-type]
        cameo=cameo,
        quad_class=QUAD_OF_TYPE[sense.event_type],
        actors=tuple(cand.actors),
        recipients=tuple(cand.recipients),
        date=cand.date,
        location=cand.location,
        size=cand.size,
        attribution=cand.attribution,
        evidence=first,
        confidence=confidence(cand),
        mentions=tuple(rest),
    )


