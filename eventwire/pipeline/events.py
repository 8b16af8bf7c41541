"""The event stage: one parsed sentence → candidate events; one document → merged ``Event``s.

For each sentence:
1. triggers: tokens whose lemma and part of speech are in the trigger lexicon; a sense with a
   ``cue`` (a dependent lemma: "call on", "air strike") beats the plain sense;
2. content: a trigger inside the complement of a request, threat, offer or refusal ("urged X to
   *limit* ties", "threatened to *attack*") is what was asked or threatened, not an event;
3. roles from the dependency tree (``roles.py``);
4. modality (negated > hypothetical > future > asserted) from the governing words;
5. date, place, sizes and attribution from the trigger's own clause;
6. the sentence's events together: a user dictionary's reverse events ("[032:033]"), the aim of
   a protest or threat with no named recipient, home groups facing their state, the place of an
   act as its target.
Mentions of the same event in one document are then merged by ``merge.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Callable, Collection, Iterable, Iterator

from spacy.tokens import Span, Token

from .actors import ActorResolver, DocumentMemory, clause_subject, person_hung_before
from .dates import Tense, counts_from_another, month_end, ongoing, resolve_from
from .arguments import (MODIFIER_DEPS, PLACE_DESCRIPTIONS, candidate_heads, date_readings,
                        date_text, description_heads, location_heads, names_seat, near,
                        place_words, seat_names)
from .article import ArticlePass, Mention, sentence_words
from .places import PLACE_LABELS
from .triggers import Found, TriggerModel
from ..knowledge import COMPOUND_CUE, Knowledge, Trigger, cameo_row
from ..knowledge.tables import country_adjectives
from ..records import Actor, EventDate, Evidence, Place, Size
from .roles import (
    CLIMB_DEPS,
    CONTENT_TYPES,
    RECIPROCAL_TYPES,
    STATE_SECTORS,
    SUBJECT_DEPS,
    RoleFinder,
    other_party,
    temporal_object,
    temporal_prep,
)

QUAD_OF_TYPE = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3,
    "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
# Cooperative types whose promise ("ready to withdraw") is coded AGREE, with its CAMEO 03x code.
INTENT_TYPES = {"COOPERATE": "031", "SUPPORT": "032", "AID": "033", "RETREAT": "035",
                "CONCEDE": "035", "CONSULT": "036"}
FINITE_TAGS = frozenset({"MD", "VBD", "VBZ", "VBP"})
"""Tags of an auxiliary that gives its verb a tense ("will", "was", "is", "have")."""

# Acts of conflict whose announcement ("will boycott", "would impose sanctions if") is a threat,
# with the CAMEO 13x code of that threat; a withdrawal only under a condition ("unless").
THREAT_TYPES = {"SANCTION": "131", "COERCE": "132", "PROTEST": "133", "ASSAULT": "138",
                "RETREAT": "131"}
DEONTIC = frozenset({"must", "should", "ought"})
# Who faces a state at home: without a country of their own they are the state's people
# ("the Mozambique government accepted demands from Shona rebels").
HOME_SECTORS = frozenset({"REB", "OPP", "CVL", "PTY", "LAB", "EDU", "REL", "INS", "AGR", "REF",
                          "CRM", "MED", "BUS", "HLH", "ELI"})
# Sectors whose actors act at home: without a country of their own they take the event's place.
DOMESTIC_SECTORS = frozenset({"COP", "CVL", "OPP", "JUD", "LEG", "EDU", "LAB", "AGR", "MED"})
# Acts aimed at a party that need not be named as their object: a protest is aimed at whom
# it demands from, a threat at whom must meet its condition.
AIMED_TYPES = frozenset({"PROTEST", "THREATEN"})
AIM_SOURCES = frozenset({"REQUEST", "ACCUSE", "REJECT", "PROTEST"})
"""Events in a protest's own clause whose recipient is whom the protest is aimed at."""
# Acts done to the target where it is: an attack on camps in Libya happens in Libya.
MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout",
                            "around", "within", "to", "for", "into", "on"})
PLACE_NOUNS = frozenset({"town", "city", "village", "province", "region", "district", "state",
                         "capital", "port", "county", "municipality", "suburb", "area"})
SKIP_TRIGGER_DEPS = frozenset({"amod", "oprd", "acomp", "compound", "poss"})
PERSON_NOUNS = frozenset({"people", "person", "civilian", "soldier", "child", "woman", "man",
                          "protester", "demonstrator", "other", "resident", "worker", "student",
                          "member", "officer", "militant", "fighter", "troop", "policeman",
                          "journalist", "activist", "migrant", "refugee", "passenger", "villager"})
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}

DateResolver = Callable[[str, "date | None", Tense], EventDate]


@dataclass
class Candidate:
    """An event while it is being built (mutable, internal to this module)."""

    trigger: Token
    sense: Trigger
    sentence_index: int
    sentence: Span
    offset: int
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    modality: str = "asserted"
    date: EventDate = field(default_factory=EventDate)
    location: Place | None = None
    size: Size = field(default_factory=Size)
    attribution: Actor | None = None
    mentions: list[Evidence] = field(default_factory=list)
    probability: float | None = None
    """The trigger model's probability of the type, where the model found the trigger."""

    @property
    def parties(self) -> set[str]:
        """Who takes part: countries, or sectors for actors of no known country."""
        return {a.country or f"?{a.sector}" for a in self.actors + self.recipients
                if a.country or a.sector}


class EventExtractor:
    """Finds events in parsed sentences with the knowledge tables (built once per process)."""

    def __init__(self, knowledge: Knowledge, resolver: ActorResolver,
                 resolve_date: DateResolver, model: TriggerModel | None = None) -> None:
        self.k = knowledge
        self.model = model
        """The learned trigger model; None: the trigger lexicon decides (the rules)."""
        self.codes = type_mode_codes(knowledge) if model is not None else {}
        self.arguments = model.arguments() if model is not None else None
        """The learned argument model; None: ``roles.py`` finds who did it to whom."""
        self.dates = model.dates() if model is not None else None
        """The learned date model; None: the date comes from the trigger's own clause by rule."""
        self.places = model.places() if model is not None else None
        """The learned place model; None: the place comes from the trigger's clause by rule."""
        self.sectors = model.sectors() if model is not None else None
        """The learned sector model; None: a party the tables give no sector keeps none."""
        self.resolver = resolver
        self.resolve_date = resolve_date
        self.reporting = knowledge.cue_set("reporting_verbs")
        self.future_aux = knowledge.cue_set("future_auxiliaries")
        self.future_gov = knowledge.cue_set("future_governors")
        self.hypo_gov = knowledge.cue_set("hypothetical_governors")
        self.negators = knowledge.cue_set("negators")
        self.willing = knowledge.cue_set("willingness")
        self.seats = knowledge.cue_set("seats")
        self.place_nouns = knowledge.cue_set("place_nouns")
        self.mutual_attacks = knowledge.cue_set("mutual_attacks")
        self.directed_consultations = knowledge.cue_set("directed_consultations")
        self.meetings_on_visits = knowledge.cue_set("meetings_on_visits")
        self.casualty = {cat: frozenset(words)
                         for cat, words in knowledge.cues["casualty_words"].items()}
        self.vague = dict(knowledge.cues["vague_numbers"])
        self.roles = RoleFinder(resolver, self.reporting, self.sense, self.cue_tokens)

    # ---- 1. triggers --------------------------------------------------------------------------

    def sense(self, tok: Token) -> Trigger | None:
        """The trigger sense of a token, or None."""
        if tok.pos_ in ("VERB", "AUX"):
            pos = "VERB"
        elif tok.pos_ in ("NOUN", "PROPN"):
            pos = "NOUN"
        else:
            return None
        if tok.dep_ in SKIP_TRIGGER_DEPS or tok.ent_type_ in ("PERSON", "GPE", "DATE"):
            return None
        user = self.k.user_triggers
        senses = user.get(tok.lemma_.lower()) or user.get(tok.lower_)
        user_coded = bool(senses)
        if not senses and self._reporting(tok):
            # "said", "told": attribution, never an event of the built-in lexicon; a user's
            # verbs dictionary that codes a reporting verb makes it one (PETRARCH's SAY)
            return None
        if not senses:  # a user's verb dictionary decides the verbs it names, alone
            senses = self.k.triggers.get(tok.lemma_.lower()) or self.k.triggers.get(tok.lower_)
        if not senses:
            return None
        senses = tuple(s for s in senses if s.pos == pos)
        if not senses:
            return None
        cues = self.cue_tokens(tok, patterns=user_coded)
        cued = [s for s in senses if s.cue and s.cue in cues
                and (not s.cue_before or cues[s.cue].i < tok.i)]
        plain = [s for s in senses if not s.cue]
        if not cued and user_coded:
            cued = self._clause_cued(tok, senses)
        return next(iter(cued or plain), None)

    @staticmethod
    def _clause_cued(tok: Token, senses: tuple[Trigger, ...]) -> list[Trigger]:
        """User patterns whose words after the verb stand together, in order, in the clause the
        verb governs ("allowed that Mordor is a really pleasant place": ``* REALLY_PLEASANT``,
        not "a real easy or pleasant place"), nearest first."""
        clause = sorted((t for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.i > tok.i
                         for t in c.subtree), key=lambda t: t.i)

        def first(words: tuple[str, ...]) -> int | None:
            for start in range(len(clause) - len(words) + 1):
                run = clause[start:start + len(words)]
                if all(w in (t.lower_, t.lemma_.lower()) for w, t in zip(words, run)):
                    return run[0].i
            return None

        found = []
        for sense in senses:
            if sense.cue and not sense.cue_before:
                starts = [i for words in sense.after if words
                          and (i := first(words)) is not None]
                if starts:
                    found.append((min(starts), sense))
        return [s for _, s in sorted(found, key=lambda f: f[0])]

    def _reporting(self, tok: Token) -> bool:
        return tok.pos_ == "VERB" and tok.lemma_.lower() in self.reporting

    def _reported_before(self, tok: Token) -> frozenset[int]:
        """What a reporting verb reports before it ("Y will go, an official said"): an aside
        of attribution, whose parties are not whom the statement is aimed at (a user's verbs
        file may code SAID; a demand, "Y must go, X said", is aimed at Y all the same)."""
        if not self._reporting(tok):
            return frozenset()
        return frozenset(t.i for c in tok.children if c.i < tok.i
                         and c.dep_ in ("ccomp", "parataxis", "advcl") for t in c.subtree)

    def _demands(self, sent: Span) -> list[tuple[Token, Trigger]]:
        """"X said Y must do Z": a demand of the speaker on Y (REQUEST; CAMEO 10). The
        reporting verb stands as the trigger; what Y must do is its content."""
        out = []
        for tok in sent:
            if tok.dep_ == "aux" and tok.lower_ in DEONTIC and tok.head.dep_ == "ccomp":
                verb = tok.head.head
                if verb.lemma_.lower() in self.reporting and verb.pos_ == "VERB":
                    out.append((verb, Trigger(verb.lemma_.lower(), "VERB", None, "REQUEST",
                                              None, "100", ())))
        return out

    def cue_tokens(self, tok: Token, patterns: bool = False) -> dict[str, Token]:
        """Lemma → token of the words that can select a trigger's sense: its dependents, the
        objects of its prepositions (not dates: "called on Monday"), and for a verb controlled by
        another ("decided to stop") the governor's own arguments too; with ``patterns`` (a
        user's verbs file), a few more (below)."""
        near = [c for c in tok.children if not (c.dep_ == "prep" and temporal_object(c))]
        near += [g for c in near if c.dep_ == "prep" for g in c.children]
        near += [c for c in tok.children if c.dep_ == "xcomp" for c in c.children]
        # the modifiers of an object name its kind too ("fired artillery shells")
        near += [m for c in near if c.dep_ in ("dobj", "pobj", "obj")
                 for m in c.children if m.dep_ in ("compound", "amod", "nmod")]
        if patterns:
            # for a user's patterns, also: a preposition the parser hung on the object ("warned
            # their people about X"; built in, "calls the attack *on* police a crime" is no "call
            # on"), the words right beside the verb ("WIRE_+TAP", whatever the parse), and the
            # determiners of its subjects ("NEITHER *": "neither X nor Y boycotted")
            near += [m for c in tok.children if c.dep_ in ("dobj", "obj")
                     for m in c.children if m.dep_ == "prep" and not temporal_object(m)]
            near += [t for t in (tok.nbor(-1) if tok.i > tok.sent.start else None,
                                 tok.nbor(1) if tok.i + 1 < tok.sent.end else None) if t]
            near += [d for c in tok.children if c.dep_ in SUBJECT_DEPS
                     for d in c.children if d.dep_ in ("det", "preconj")]
            if tok.dep_ == "xcomp":  # "will not wire tap": the governor's negation
                near += [c for c in tok.head.children if c.dep_ == "neg"]
        if tok.dep_ == "xcomp":
            near += [c for c in tok.head.children if c.dep_ in ("csubj", "dobj", "nsubj")]
        out: dict[str, Token] = {}
        for c in near:
            out.setdefault(c.lemma_.lower(), c)
        for c in tok.children:  # several doers together ("X and Y agree"): a user's '%' sense
            if c.dep_ in SUBJECT_DEPS and any(g.dep_ == "conj" for g in c.children):
                out[COMPOUND_CUE] = c
        return out

    def learned_triggers(self, sent: Span) -> list[tuple[Token, Trigger, Found | None]]:
        """The model's triggers; where a user's verbs dictionary names a word, its sense
        decides instead (the user knows their ontology)."""
        assert self.model is not None
        out: list[tuple[Token, Trigger, Found | None]] = []
        user = self.k.user_triggers
        user_words = {t.i for t in sent if user.get(t.lemma_.lower()) or user.get(t.lower_)}
        for found in self.model.find(sent):
            tok = found.token
            if tok.i in user_words:
                continue
            pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN"
            code = self.codes.get((found.event_type, found.mode)) or self.codes.get(
                (found.event_type, None))
            out.append((tok, Trigger(tok.lemma_.lower(), pos, None, found.event_type,
                                     found.mode, code, ()), found))
        for i in sorted(user_words):
            sense = self.sense(sent.doc[i])
            if sense is not None:
                out.append((sent.doc[i], sense, None))
        return sorted(out, key=lambda x: x[0].i)

    def learned_roles(self, tok: Token, sense: Trigger, sent: Span, memory: DocumentMemory,
                      offset: int, card_words: frozenset[int] = frozenset(),
                      reciprocal: bool = False, directed: bool = False,
                      towns: Collection[int] = frozenset()
                      ) -> tuple[list[Actor], list[Actor]]:
        """Sources and targets chosen by the argument model among the sentence's noun phrase
        heads (not the words of link cards): per role the most probable head that names a
        party — an actor of the tables, or a name they do not know, kept as that name
        (``name_only``) — else the most probable, with the heads coordinated with it, each
        resolved so; a head that names no party is dropped, unless the model's likeliest label
        for it is the role: then its words are kept (``ActorResolver.unplaced``). A
        ``reciprocal`` act has sources only: every source the trigger governs that names a
        party ("Biden met Xi": both), and what the model takes for its targets; a meeting's
        sources also take the subject of its clause (``actors.clause_subject``). A ``directed``
        consultation's or a visit's other side is its target: the object, or whom "with" or
        "to", that names a party ("Pompeo briefed NATO foreign ministers", "travelled to Moscow
        to meet Lavrov"), which the model, trained on meetings too, may take for a source; its
        clause's subject is then its source where the model chose none. ``towns``: the words
        (roots) of the sentence's places that the places stage resolved to a town or a
        division though the small model tagged them otherwise; such a word is no party unless
        the tables place it in a country (``_town_party``)."""
        assert self.arguments is not None
        heads = [h for h in candidate_heads(sent, tok) if h.i not in card_words]
        resolved: dict[int, Actor | None] = {}

        def resolve(head: Token) -> Actor | None:
            # once per head: a resolution remembers the actor (a failed one changes nothing)
            if head.i not in resolved:
                if head.i in towns:
                    resolved[head.i] = self._town_party(head, memory, offset)
                else:
                    resolved[head.i] = self.resolver.resolve(head, memory, offset) \
                        or self.resolver.name_only(head) or self.resolver.first_person(
                            head, lambda: self.attribution(head, memory, offset))
            return resolved[head.i]

        sources, targets = self.arguments.choose(tok, sense.event_type, heads,
                                                 lambda h: resolve(h) is not None, reciprocal)
        sources, targets = _with_people_hung_before(sources), _with_people_hung_before(targets)
        if sense.event_type == "REQUEST" and not targets:
            # whom a call "for X to" act asks is its target ("called for Kerry to testify",
            # "pressed for them to include business returns"), which the model, reading one
            # path at a time, rarely takes for one
            asked = next((h for h in heads if h not in sources and _asked_to_act(h, tok)
                          and resolve(h) is not None), None)
            targets = [asked] if asked is not None else targets
        # the victims of an attack named only as people are civilians (``nameless``); not
        # the sides of a fight ("clashes between Hindu mobs and Muslims killed 20 people")
        attack = sense.event_type == "ASSAULT" and not reciprocal
        if reciprocal or directed:
            # the other side of a meeting is its object or "with" whom ("met Turkey's foreign
            # minister", "met with Trump and Mnuchin", "spoke to his chief of staff")
            sides = [h for h in heads if h not in targets and resolve(h) is not None
                     and _other_side(h, tok) and (directed or h not in sources)]
            sources = [h for h in sources if h not in sides]
            targets = [*targets, *sides]
            if sense.event_type == "CONSULT" and (reciprocal or not sources):
                # and a meeting's side is who holds it: its noun's possessor ("Trump's phone
                # call with Zelenskiy", "in his talks with May"), the subject of its verb, of
                # the verb a subjectless one depends on, or of the verb its noun hangs from
                # ("Kerry will travel to Geneva to meet with Lavrov", "she said after talks
                # with Karzai", "made his request in a phone call with Pompeo"); so is a
                # visitor or a consulting side the model left out
                base = _noun_of(tok)
                held_by = _holding_verb(base)  # "Obama opened two days of talks with Xi"
                doer = next((c for c in base.children
                             if c.dep_ in ("poss", "nsubj", "nsubjpass")), None) \
                    or clause_subject(base) \
                    or next((c for c in (held_by.children if held_by is not None else ())
                             if c.dep_ in ("nsubj", "nsubjpass")), None)
                if doer is not None:
                    doers = {doer.i, *(c.i for c in doer.conjuncts)} - {tok.i}
                    sources += [h for h in heads if h.i in doers and h not in sources
                                and h not in targets and resolve(h) is not None]
        out: list[list[Actor]] = []
        for role, heads, victims in (("source", sources, False), ("target", targets, attack)):
            actors: list[Actor] = []
            for head in heads:
                actor = resolve(head)
                if actor is None and head.i not in towns:  # a town: where, not who
                    actor = self.resolver.nameless(head, memory, victims)
                    if actor is None and not reciprocal and head.pos_ in ("NOUN", "PROPN") \
                            and self.arguments.likeliest(tok, sense.event_type, head) == role:
                        # a party the model is sure of that nothing places ("the ICE agent in
                        # charge", "the driver"): its words, of no known country or sector;
                        # not a side of a meeting or a clash ("clashes ... killed 20 people")
                        actor = self.resolver.unplaced(head)
                if actor is None:
                    continue
                for party in self.resolver.coordinated_states(head, actor):
                    if party.sector is None and party.country and (
                            party.kind == "country" or (head.dep_ in MODIFIER_DEPS
                                                        and party.kind != "person")):
                        # a state named as the actor is its government (annotation.md, section
                        # 6), and so is its adjective on the act ("Russian attacks": of the
                        # train split's parties that are one such adjective, 100 of 146 are
                        # GOV, 28 MIL); not a person's name on it ("the Trump rally"), whose
                        # sector is unknown
                        party = replace(party, sector="GOV")
                    if party.sector is None:
                        party = self._learned_sector(party, head, memory, offset)
                    if not _named_again(party, actors) and not any(
                            (a.text, a.country, a.sector) == (party.text, party.country,
                                                              party.sector) for a in actors):
                        actors.append(party)  # once, when a list and a state of it are chosen
            out.append(actors)
        if reciprocal:
            return [*out[0], *(a for a in out[1] if not _named_again(a, out[0]))], []
        return out[0], out[1]

    def _town_party(self, head: Token, memory: DocumentMemory, offset: int) -> Actor | None:
        """A town's or a division's name chosen as a party: a party only where the tables place
        it in a country — a metonym ("Kyiv said", "Texas sued": its government) —, else where
        the act happened, not who did it or to whom (annotation.md, section 6: "places are not
        parties"): "extremists attacked the town of Gamboru Ngala", "shelled the Turkish
        province of Kilis", which the small model tags PERSON and the places stage resolves
        by their cue. On the corpus's train split (dev has none): the place of matched events
        0.766 -> 0.769, target span 0.803 -> 0.804, target country+sector 0.6896 -> 0.6905
        (docs/models.md, forty-first session). Names the small model tags as places are left
        as they were: there the rule moved "the Middle East" and "the Levant" from the parties
        to the places while the gazetteer knew them only as small American towns (it has known
        them as regions of several countries since; the wider rule was not measured again)."""
        for actor in (self.resolver.resolve(head, memory, offset), self.resolver.name_only(head)):
            if actor is not None and actor.country:
                return actor
        return None

    def triggers(self, sent: Span) -> list[tuple[Token, Trigger]]:
        found = [(t, s) for t in sent if (s := self.sense(t)) is not None]
        demands = self._demands(sent)
        demanding = {t.i for t, _ in demands}  # a demand, not what a user's file codes
        found = [(t, s) for t, s in found if t.i not in demanding] + demands
        # a word that chose another trigger's sense is part of that event ("lifted the
        # *curfew*", "called off the *strike*"), not an event of its own
        cue_words = {c.i for t, s in found if s.cue
                     for c in [self.cue_tokens(t).get(s.cue)] if c is not None}
        found = [(t, s) for t, s in found if t.i not in cue_words]
        heads = {t.i: s for t, s in found}
        return [(tok, sense) for tok, sense in found
                if not self._is_content(tok, heads, demanding)]

    def _is_content(self, tok: Token, heads: dict[int, Trigger], demanding: set[int]) -> bool:
        """A trigger inside what another trigger asks, offers, threatens or refuses; what a
        reporting verb reports is content only of a demand ("said Y must")."""
        child = tok
        for anc in tok.ancestors:
            sense = heads.get(anc.i)
            if anc.lemma_.lower() in self.reporting and anc.i not in demanding:
                return False
            if sense is not None and sense.event_type in CONTENT_TYPES \
                    and child.dep_ not in ("nsubj", "nsubjpass", "csubj", "conj"):
                return True
            child = anc
        return False

    # ---- 3. modality, attribution -------------------------------------------------------------

    def _governors(self, tok: Token) -> Iterator[Token]:
        """The trigger and the words governing it, up to a reporting verb (excluded)."""
        yield tok
        for anc in tok.ancestors:
            if anc.lemma_.lower() in self.reporting and anc.pos_ == "VERB":
                return
            yield anc

    def modality(self, tok: Token) -> str:
        negated = hypothetical = future = False
        reported = any(a.lemma_.lower() in self.reporting and a.pos_ == "VERB"
                       for a in tok.ancestors)
        for gov in self._governors(tok):
            lemma = gov.lemma_.lower()
            for c in gov.children:
                cl = c.lemma_.lower()
                if c.dep_ == "neg" or (c.dep_ == "det" and cl == "no"):
                    negated = True
                elif c.dep_ == "advmod" and cl == "yet" and gov.lemma_ == "be":
                    negated = True
                elif c.dep_ in ("aux", "auxpass") and cl in self.future_aux:
                    future = True
                elif c.dep_ == "aux" and cl == "would":
                    # reported speech: "said it would deploy" is a future, else a conditional
                    future = future or reported
                    hypothetical = hypothetical or not reported
                elif c.dep_ == "aux" and cl in self.hypo_gov:
                    hypothetical = True
                elif c.dep_ == "mark" and cl in self.hypo_gov:
                    hypothetical = True
            if gov is not tok:
                if lemma in self.future_gov and any(c.dep_ in ("xcomp", "prep", "acl")
                                                    for c in gov.children):
                    future = True
                if lemma in self.hypo_gov:
                    hypothetical = True
                if lemma in self.negators and gov.pos_ == "VERB":
                    negated = True
        if negated:
            return "negated"
        if hypothetical:
            return "hypothetical"
        return "future" if future else "asserted"

    def _learned_sector(self, actor: Actor, head: Token, memory: DocumentMemory,
                        offset: int) -> Actor:
        """A party the tables left without a sector, given the one the learned sector model
        reads in its words where it is sure enough (``sectors.SectorModel``), and placed and
        remembered as such a party is (``ActorResolver.with_sector``); not a pronoun's, which
        is its antecedent's."""
        if self.sectors is None or head.pos_ == "PRON":
            return actor
        tokens = self.resolver.phrase_tokens(head)
        sector = self.sectors.sector(tokens, head)
        if sector is None:
            return actor
        return self.resolver.with_sector(actor, sector, head, tokens, memory, offset)

    def attribution(self, tok: Token, memory: DocumentMemory, offset: int) -> Actor | None:
        for anc in tok.ancestors:
            if anc.lemma_.lower() in self.reporting and anc.pos_ == "VERB":
                subj = [c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    return self.resolver.resolve(subj[0], memory, offset)
                return None
        for c in tok.sent:
            if c.lower_ == "according" and c.dep_ == "prep":
                objs = [g for p in c.children for g in p.children if g.dep_ == "pobj"]
                if objs:
                    return self.resolver.resolve(objs[0], memory, offset)
        return None

    # ---- 4. date, place, sizes ----------------------------------------------------------------

    def _own_tokens(self, tok: Token, others: set[int]) -> list[Token]:
        """The trigger's subtree without the subtrees of other triggers nested in it."""
        out = []
        stack = [tok]
        while stack:
            cur = stack.pop()
            out.append(cur)
            stack.extend(c for c in cur.children if c.i not in others)
        return out

    def _chain(self, tok: Token, future: bool) -> Iterator[Token]:
        """Governors whose own dates and places an event may inherit."""
        cur = tok
        for _ in range(8):
            if cur.head == cur or cur.dep_ not in CLIMB_DEPS | {"ccomp", "relcl", "acl"} \
                    or temporal_prep(cur):
                return
            cur = cur.head
            if cur.lemma_.lower() in self.reporting and cur.pos_ == "VERB":
                if not future:
                    yield cur
                return
            yield cur

    def date_of(self, cand: Candidate, own: list[Token], memory: DocumentMemory) -> EventDate:
        tense = self._tense(cand.trigger)
        if cand.modality == "future" and cand.trigger.tag_ != "VBD":
            tense = "future"  # not where the act's own verb is past: "Thursday, he authorized"
        if (counted := self._counted_back(cand.trigger, memory)) is not None \
                or (counted := self._counted_on(cand.trigger, memory)) is not None:
            return counted
        if self.dates is not None:
            # the learned coder: the date expressions the date model gives the event, most
            # probable first, the first that reads as a date (``date_readings``: as the parser
            # marks it, joined to the words it touches, or cut where the parser ran on), in the
            # tense of the verb it hangs from (``_date_tense``)
            for ent in self.dates.rank(cand.trigger, cand.sense.event_type):
                if (resolved := self._read_date(ent, cand.trigger, tense, memory)) is not None:
                    return resolved
            return EventDate()
        own_ids = {t.i for t in own}
        chain = list(self._chain(cand.trigger, cand.modality == "future"))
        scopes = [own_ids] + [{c.i for c in g.children if c.i not in own_ids} | {
            gg.i for c in g.children if c.dep_ == "prep" and c.i not in own_ids
            for gg in c.children} for g in chain]
        for scope in scopes:
            for ent in cand.sentence.ents:
                if ent.label_ != "DATE" or ent.root.i not in scope:
                    continue
                if (resolved := self._read_date(ent, cand.trigger, tense, memory)) is not None:
                    return resolved
        return EventDate()

    def _read_date(self, ent: Span, trigger: Token, tense: Tense, memory: DocumentMemory
                   ) -> EventDate | None:
        """The date a date expression of the event's sentence names, read in the tense of the
        verb it hangs from (``_date_tense``) from the first of its readings that resolves
        (``date_readings``), or counted from another event's date where the words count from
        one ("two days later", "that same day": ``_anchor``); None when none does."""
        if (resolved := self._read_own(ent, trigger, tense, memory.published)) is not None:
            return resolved
        words = date_text(ent)
        if not counts_from_another(words):
            return None
        anchor = self._anchor(ent.sent, range(ent.start, ent.end), ent.start, memory.published)
        counted = resolve_from(words, anchor or memory.last_date or EventDate())
        return counted if counted.value is not None else None

    def _read_own(self, ent: Span, trigger: Token, tense: Tense, published: date | None
                  ) -> EventDate | None:
        """The date a date expression names by itself, read against the publication date."""
        when = self._date_tense(ent, trigger, tense)
        for words in date_readings(ent):
            resolved = self.resolve_date(date_text(words), published, when)
            if resolved.value is not None:
                return resolved
        return None

    def _anchor(self, sent: Span, outside: range, near_to: int, published: date | None
                ) -> EventDate | None:
        """The date a relative expression of ``sent`` counts from where the sentence names it:
        the date another of its expressions, not in ``outside``, names by itself — the nearest
        before ``near_to``, else the nearest after ("killed on 26 July …, while 15 were killed
        two days later"); None where none does (the caller then counts from the last dated
        event of the sentences before, ``DocumentMemory.last_date``: "Two days earlier, a
        suicide bomber detonated")."""
        others = [e for e in sent.ents if e.label_ == "DATE" and e.start not in outside
                  and e.end - 1 not in outside]
        others.sort(key=lambda e: (e.start > near_to, abs(e.start - near_to)))
        for other in others:
            verb = next((t for t in (other.root, *other.root.ancestors)
                         if t.pos_ in ("VERB", "AUX")), other.root)
            if (own := self._read_own(other, verb, self._tense(verb), published)) is not None:
                return own
        return None

    def _counted_back(self, trigger: Token, memory: DocumentMemory) -> EventDate | None:
        """The date of an act told in a clause that "N days after" or "before" opens, counted
        from the date of the clause it is set against (a date before it in the sentence, else
        the last dated event's day): "Kim's comments Saturday came a day after the rogue
        country **fired** its latest missile" (the Friday), "On Monday, three days after Trump
        and Erdoğan **spoke** by phone, Ankara pledged …" (the Friday before). None where the
        trigger stands outside such a clause, the clause names its own date or the trigger is
        what the clause reports."""
        sent = trigger.sent
        for word in _day_counts(sent, ("mark", "prep")):
            first = word.i - 2
            clause = [word.head, *(t for c in word.head.children if c.i > word.i
                                   and c.dep_ not in ("conj", "cc", "punct") for t in c.subtree)
                      ] if word.dep_ == "mark" else list(word.subtree)
            inside = {t.i for t in clause}
            if trigger.i not in inside or any(
                    e.label_ == "DATE" and e.root.i in inside and e.start > word.i
                    for e in sent.ents) or any(
                    t.i in inside and t.lemma_.lower() in self.reporting
                    for t in trigger.ancestors):
                continue  # not where the act is what the clause reports ("said that ISIS
                # killed"): the saying is dated, not the killing
            # the date of the clause it is set against comes before it; one after it is
            # another act's ("… was killed outside Mosul, the fourth death since … August
            # 2014"); a month or a year told before is too far back to count days from
            anchor = self._anchor(sent, range(first, sent.end), word.i, memory.published)
            if anchor is None and word.dep_ == "prep":
                # "a day after the Kabul assault" with no date before it: the assault told
                # again, of the date it had, if the article dated it; the last dated event may
                # be that assault itself
                return memory.acts.get(trigger.lemma_.lower()) if trigger.dep_ == "pobj" \
                    and trigger.head == word else None
            if anchor is None and memory.last_date is not None \
                    and memory.last_date.precision == "day":
                anchor = memory.last_date
            turned = "before" if word.lower_ == "after" else "after"
            counted = resolve_from(f"{_count_words(word)} {turned}", anchor or EventDate())
            return replace(counted, text=sent.doc[first:word.i + 1].text) \
                if counted.value is not None else None
        return None

    def _counted_on(self, trigger: Token, memory: DocumentMemory) -> EventDate | None:
        """The date of an act set "N days after" or "before" another told by a noun, counted
        from that act's date: one the noun's words name ("The day after the Nov. 6 elections,
        Trump **erupted**": the 7th), else the date of the last act of the article told by
        the same word ("A day after the Kabul assault, the group **claimed** …", after the
        assault was dated: ``DocumentMemory.acts``). None where the trigger is not the verb the
        phrase hangs from nor under it, or its clause names another date."""
        sent = trigger.sent
        for word in _day_counts(sent, ("prep",), definite=True):
            noun = next((c for c in word.children if c.dep_ == "pobj"), None)
            verb = next((t for t in word.ancestors if t.pos_ in ("VERB", "AUX")), None)
            if noun is None or noun.pos_ != "NOUN" or verb is None \
                    or not (verb == trigger or verb.is_ancestor(trigger)):
                continue
            phrase = range(word.i - 2, noun.right_edge.i + 1)
            if trigger.i in phrase or any(
                    e.label_ == "DATE" and e.root.i not in phrase
                    and (verb == e.root or verb.is_ancestor(e.root)) for e in sent.ents):
                continue
            within = next((own for e in sent.ents if e.label_ == "DATE" and e.start in phrase
                           and e.start > word.i and (own := self._read_own(
                               e, noun, "past", memory.published)) is not None), None)
            anchor = within or memory.acts.get(noun.lemma_.lower())
            if anchor is None:
                return None
            counted = resolve_from(f"{_count_words(word)} {word.text}", anchor)
            return replace(counted, text=sent.doc[word.i - 2:word.i + 1].text) \
                if counted.value is not None else None
        return None

    def _date_tense(self, ent: Span, trigger: Token, tense: Tense) -> Tense:
        """The tense a date expression is read in: the tense of the finite verb it hangs from
        where that verb governs the trigger from outside its clause — "Obama **announced**
        Thursday that strikes would follow" dates the announcement, a past act, whatever the
        strikes' modality — or stands beside it ("On Friday he **fulfilled** a promise: he
        issued an order banning ..."), else ``tense`` (the event's): the expression hangs from
        the trigger itself ("his Monday meeting"), from words under it ("a meeting scheduled
        for Friday") or from a verb with no tense of its own ("due to host talks on Monday",
        "would be held in June")."""
        gov = ent.root
        while gov.head != gov and gov != trigger:
            gov = gov.head
            if gov.pos_ in ("VERB", "AUX") and gov not in ent:
                break
        if gov == trigger or gov.pos_ not in ("VERB", "AUX") or gov in ent \
                or trigger.is_ancestor(gov):
            return tense
        aux = [c for c in gov.children if c.dep_ in ("aux", "auxpass")]
        if any(c.lemma_.lower() in self.future_aux for c in aux):
            return "future"
        if any(c.tag_ == "MD" for c in aux):
            return tense
        if gov.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux) or (gov.tag_ == "VBN"
                                                                     and not aux):
            return "past"  # a participle heading a clause alone is a past tense misread
        if gov.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in aux):
            return "present"
        return tense

    def _tense(self, tok: Token) -> Tense:
        """The tense of the first verb at or above ``tok`` that has one: a gerund or an
        infinitive without a finite auxiliary ("since **sending** forces", "plans to
        **meet**") takes its governor's."""
        for gov in [tok, *tok.ancestors][:4]:
            if gov.pos_ in ("VERB", "AUX"):
                aux = [c for c in gov.children if c.dep_ in ("aux", "auxpass")]
                if "Past" in gov.morph.get("Tense", []) or gov.tag_ in ("VBD", "VBN"):
                    return "past"
                if any(c.tag_ == "VBD" for c in aux):
                    return "past"
                if gov.tag_ in ("VBG", "VB") and not any(c.tag_ in FINITE_TAGS for c in aux):
                    continue
                return "present"
        return "past"

    def place_of(self, cand: Candidate, own: list[Token], places: dict[int, Place],
                 actor_tokens: set[int], memory: DocumentMemory) -> Place | None:
        if self.places is not None:
            # the learned coder: of the sentence's places (those the gazetteer resolves, and the
            # names it lacks: ``_unresolved_places``) and descriptions of a place named before
            # that are no party, the one the place model gives the event
            # (those in the act's own clause first, ``PlaceModel.rank``)
            unresolved = _unresolved_places(cand, places, actor_tokens, self.seats,
                                            self._names_a_party)
            described = {t.i: at for t in description_heads(cand.sentence)
                         if t.i not in actor_tokens
                         and (at := _description_place(t, cand.offset, memory)) is not None}
            kinds = {t.i: _kind_of_place(t, places, cand.offset)
                     for t in location_heads(cand.sentence, self.place_nouns)
                     if t.i not in actor_tokens and t.i not in described}
            heads = [t for t in cand.sentence if (t.i in places or t.i in unresolved
                                                  or t.i in described or t.i in kinds)
                     and t.i not in actor_tokens]
            ranked = self.places.rank(cand.trigger, cand.sense.event_type, heads)
            if ranked:
                i = ranked[0].i
                if i in places:
                    return _within(ranked[0], places, heads)
                return unresolved.get(i) \
                    or _named_of(ranked[0], places, unresolved, actor_tokens) \
                    or described.get(i) or kinds[i]
            where = _where_antecedent(cand.trigger)
            if where is not None and where.i in places and where.i not in actor_tokens:
                # "Kabul, where he made a surprise visit": the place the clause is about
                return places[where.i]
            at = _party_place(cand, places, actor_tokens) \
                or _place_there(cand, own, memory, actor_tokens) \
                or _attacked_place(cand, places)
            if at is not None:
                return at
            if cand.sense.event_type == "CONSULT":
                # a meeting's host named by its place after the trigger ("a trip to Seoul", "his
                # visit to India") is also where it is held; the place model, which learns from
                # places that are no party, leaves it out
                hosts = _party_words(cand.recipients, cand.sentence)
                hosted = [t for t in cand.sentence if t.i in places and t.i in hosts
                          and t.i > cand.trigger.i]
                if hosted:
                    return places[hosted[0].i]
            return None
        def locative(scope: Iterable[Token]) -> list[Place]:
            found = []
            for t in scope:
                place = places.get(t.i)
                if place is None or t.i in actor_tokens:
                    continue
                if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS \
                        or t.dep_ in ("npadvmod", "conj") and t.head.i in {p.i for p in scope} \
                        or _place_of_place_noun(t) \
                        or t.dep_ in ("compound", "nmod") and t.head.i == cand.trigger.i \
                        and place.precision in ("city", "region"):  # "the Paris attack"
                    found.append(place)
            return found

        candidates = locative(own)
        if not candidates:
            for gov in self._chain(cand.trigger, True):
                candidates = locative(
                    [g for c in gov.children if c.dep_ == "prep" for g in c.children])
                if candidates:
                    break
        if not candidates:
            candidates = self._dictionary_places(own, actor_tokens)
        if not candidates and any(t.lower_ == "there" and t.dep_ == "advmod" for t in own):
            before = [p for i, p in places.items() if i < cand.trigger.i and i not in actor_tokens]
            if before:
                return before[-1]
        if not candidates:
            return None
        rank = {"city": 0, "region": 1, "other": 2, "country": 3}
        return min(candidates, key=lambda p: rank.get(p.precision, 4))

    def _names_a_party(self, ent: Span) -> bool:
        """Whether the actor tables know a name as a party: a phrase of theirs covers its
        head ("Hagel" tagged GPE; not "the Persian Gulf" for its "Persian")."""
        return any(m.start <= ent.root.i < m.end for m in self.resolver.phrase_matches(ent))

    def _dictionary_places(self, own: list[Token], actor_tokens: set[int]) -> list[Place]:
        """States a user's actor dictionary names and the gazetteer does not know, used as
        places ("in Bree"): a country with no coordinates."""
        found = []
        for t in own:
            if t.dep_ != "pobj" or t.head.lower_ not in LOCATIVE_PREPS or t.i in actor_tokens \
                    or t.pos_ != "PROPN":
                continue
            words = self.resolver.phrase_tokens(t)
            entry = next((e for m in self.resolver.phrase_matches(words) for e in m.entries
                          if e.role == "dictionary" and e.kind == "country" and e.country), None)
            if entry is not None:
                text = t.doc[words[0].i:words[-1].i + 1].text
                found.append(Place(text, words[0].idx, words[0].idx + len(text), entry.name,
                                   entry.country, None, None, None, None, "country"))
        return found

    def _number(self, tok: Token) -> int | None:
        text = tok.lower_.replace(",", "")
        if text.isdigit():
            return int(text)
        if text in NUMBER_WORDS:
            return NUMBER_WORDS[text]
        return self.vague.get(text)

    def size_of(self, cand: Candidate, scope: list[Token]) -> Size:
        found: dict[str, int] = {}
        for tok in sorted(scope, key=lambda t: t.i):
            if tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
                continue
            value = self._number(tok)
            if value is None or (tok.pos_ != "NUM" and tok.lower_ not in self.vague):
                continue
            category = self._casualty_category(tok, cand.trigger)
            if category and category not in found:
                found[category] = value
        return Size(found.get("dead"), found.get("injured"), found.get("arrested"))

    def _casualty_category(self, num: Token, trigger: Token) -> str | None:
        doc = num.doc
        words: list[Token] = []
        for t in doc[num.i + 1: min(num.i + 4, num.sent.end)]:
            if t.is_punct and t.tag_ != "HYPH":
                break
            words.append(t)
        head = num.head
        words.append(head)
        if head.pos_ in ("NOUN", "PROPN") or head.lemma_.lower() in PERSON_NOUNS:
            verb = head.head.head if head.dep_ == "pobj" else head.head
            words.append(verb)
            words.extend(c for c in verb.children if c.dep_ in ("advmod", "oprd", "acomp", "amod"))
        for w in words:
            lemma, low = w.lemma_.lower(), w.lower_
            for category, cues in self.casualty.items():
                if lemma in cues or low in cues:
                    return category
        return None

    # ---- the sentence and the document --------------------------------------------------------

    def sentence_events(self, sent: Span, sentence_index: int, offset: int,
                        memory: DocumentMemory, places: dict[int, Place],
                        card_words: frozenset[int] = frozenset(),
                        article: ArticlePass | None = None) -> list[Candidate]:
        """The candidate events of one parsed sentence; ``card_words``: token indices of words
        that are not the article's own (link cards, ``clean.inline_cards``): no trigger, no
        party; ``article``: the learned coder's pass over this article's triggers so far (a
        new one when not given: the sentence read alone)."""
        self.remember_people(sent, memory, offset)
        if self.model is not None:
            learned = self.learned_triggers(sent)
        else:
            learned = [(t, s, None) for t, s in self.triggers(sent)]
        if card_words:
            learned = [x for x in learned if x[0].i not in card_words]
        confidence = self._confidences(learned, sent, sentence_index, article)
        found = [(t, s) for t, s, _ in learned]
        # towns and divisions the places stage found under another tag ("the town of Gamboru
        # Ngala", tagged PERSON): no party of the learned coder unless the tables place them
        # (``_town_party``)
        towns = frozenset(i for i, p in places.items() if p.precision in ("city", "region")
                          and sent.doc[i].ent_type_ not in PLACE_LABELS) \
            if self.arguments is not None and found else frozenset()
        trigger_ids = {t.i for t, _ in found}
        out = []
        dated: tuple[int, EventDate] | None = None  # the sentence's last dated event
        for tok, sense, by_model in learned:
            cand = Candidate(tok, sense, sentence_index, sent, offset)
            user_coded = sense in self.k.user_triggers.get(sense.lemma, ())
            aside = self._reported_before(tok) if user_coded else frozenset()
            if by_model is not None and self.arguments is not None:
                # a consultation one side addresses to the other ("consulted Trump", "briefed
                # lawmakers": ``directed_consultations``) and a visit, paid to its host
                # ("travelled to Moscow", "his trip to Beijing"), have the other side as target;
                # other talks, calls and meetings are reciprocal, on a visit too ("flew to
                # Moscow to meet Lavrov": ``meetings_on_visits``): both sides are sources
                # (annotation.md, section 6; of the train split's CONSULT events that are no
                # visit, 434 of 487 name no target), and so is fighting ("mutual_attacks")
                directed = sense.event_type == "CONSULT" and (
                    tok.lemma_.lower() in self.directed_consultations or self._visit(tok, sense))
                reciprocal = (sense.event_type == "CONSULT" and not directed) or (
                    sense.event_type == "ASSAULT" and tok.lemma_.lower() in self.mutual_attacks)
                cand.actors, cand.recipients = self.learned_roles(
                    tok, sense, sent, memory, offset, card_words, reciprocal, directed, towns)
            else:
                cand.actors, cand.recipients = self.roles.find(tok, sense, memory, offset,
                                                               aside)
            if sense.swapped and cand.actors and cand.recipients:
                cand.actors, cand.recipients = cand.recipients, cand.actors
            if by_model is not None:
                # the model was trained on events with no named party too ("a car bomb
                # exploded"); its type and modality stand as learned, not re-typed by rule
                cand.modality = by_model.modality
                cand.probability = confidence[tok.i]
                conditional = False
            elif not cand.actors and not cand.recipients:
                continue
            else:
                cand.modality = self.modality(tok)
                conditional = self._conditional(tok)
            # announced acts are re-typed below, but a user's verbs dictionary codes them itself
            # ("- WILL * [...]"): its code stands, the modality says "future"
            ruled = by_model is None and not user_coded
            if ruled and sense.event_type in THREAT_TYPES and (
                    cand.modality == "future" or cand.modality == "hypothetical" and conditional
                    or sense.event_type == "RETREAT" and conditional):
                # "will boycott", "would impose sanctions if", "will withdraw unless": an act of
                # conflict announced is a threat (PLOVER THREATEN; CAMEO 13x)
                cand.sense = Trigger(sense.lemma, sense.pos, sense.cue, "THREATEN", None,
                                     THREAT_TYPES[sense.event_type], sense.context)
            elif ruled and sense.event_type in INTENT_TYPES \
                    and sense.event_type != "CONSULT" and (
                    self._willing(tok) or cand.modality == "future"):
                # "will support", "ready to withdraw", "willing to send aid": a commitment to act,
                # coded AGREE (PLOVER; CAMEO 03x). A scheduled meeting stays CONSULT/future.
                cand.sense = Trigger(sense.lemma, sense.pos, sense.cue, "AGREE", None,
                                     INTENT_TYPES[sense.event_type], sense.context)
                cand.modality = "asserted" if cand.modality == "hypothetical" else cand.modality
            own = self._own_tokens(tok, trigger_ids - {tok.i})
            cand.date = self.date_of(cand, own, memory)
            if cand.date.value and (dated is None or dated[0] < tok.i):
                dated = (tok.i, cand.date)
            if cand.date.value:
                memory.acts[tok.lemma_.lower()] = cand.date
            if cand.date.value and memory.published and cand.modality == "asserted" \
                    and cand.date.value > memory.published.isoformat()[:len(cand.date.value)]:
                cand.modality = "future"
            if by_model is not None and _background(cand.date, memory.published):
                # the learned coder follows the corpus's ruling R2: an act dated more than a
                # year before the article is background, no event (on dev: precision at the
                # floor 0.531 -> 0.547, recall 0.187 -> 0.186)
                continue
            actor_tokens = _party_words(cand.actors + cand.recipients, sent)
            cand.location = self.place_of(cand, own, places, actor_tokens, memory)
            size_scope = list(sent) if sense.event_type in ("ASSAULT", "COERCE") and sum(
                1 for _, s in found if s.event_type == sense.event_type) == 1 else own
            cand.size = self.size_of(cand, size_scope)
            cand.attribution = self.attribution(tok, memory, offset)
            if cand.location and cand.location.country:
                self._domestic(cand)
            self._counterparts(cand)
            visit = self._visit(tok, cand.sense)
            if visit and by_model is not None and _at_a_venue(cand):
                # a visit to a third state's town is a meeting held there ("Kerry will travel
                # to Geneva to meet with Lavrov"): reciprocal (annotation.md, section 6), with
                # no mode and no host
                cand.actors = [*cand.actors, *(r for r in cand.recipients
                                               if r not in cand.actors)]
                cand.recipients = []
                cand.sense = replace(cand.sense, mode=None, cameo=self.codes.get(
                    ("CONSULT", None), cand.sense.cameo))
                visit = False
            if cand.location and not any(r.country for r in cand.recipients) and (
                    visit or cand.sense.event_type != "CONSULT" and by_model is None) and not (
                    cand.sense.event_type in RECIPROCAL_TYPES and len(cand.actors) > 1):
                # the rules: an act done in another country is done to it ("lifted the curfew
                # in Montenegro", "air strikes in Gaza", "visited Amman"); meetings are not.
                # The learned coder follows the corpus (R5): only a visit is aimed at the
                # state of its place; "an attack in Kabul" has no target
                self._target_from_place(cand)
            cand.mentions.append(self.evidence(cand))
            out.append(cand)
            reverse = self._reverse(cand)
            if reverse is not None:
                out.append(reverse)
        for cand in out:
            if cand.sense.event_type in AIMED_TYPES and not any(r.country
                                                                 for r in cand.recipients):
                self._aim(cand, out, memory)
        if dated is not None:
            memory.last_date = dated[1]
        return out

    def _visit(self, tok: Token, sense: Trigger) -> bool:
        """Whether a consultation is a visit paid to a host (annotation.md, section 6): its mode
        says so and its word is no meeting held on the visit (``meetings_on_visits``)."""
        return sense.event_type == "CONSULT" and sense.mode == "visit" \
            and tok.lemma_.lower() not in self.meetings_on_visits

    def _confidences(self, learned: list[tuple[Token, Trigger, Found | None]], sent: Span,
                     sentence_index: int, article: ArticlePass | None) -> dict[int, float]:
        """Token index → calibrated confidence of the model's triggers of the sentence, read
        by the article pass (``article.py``) with what the article reported before."""
        found = [f for _, _, f in learned if f is not None]
        if not found or self.model is None:
            return {}
        article = article or self.model.article()
        words = sentence_words(sent.doc.text)
        mentions = [Mention(sentence_index, f.event_type, f.probability,
                            f.token.lemma_.lower(), words) for f in found]
        return {f.token.i: c for f, c in zip(found, article.confidences(mentions))}

    def _reverse(self, cand: Candidate) -> Candidate | None:
        """The reverse event a user's verbs dictionary gives a sense (``[032:033]``: X visits
        Y, Y hosts X): the same mention, roles swapped, with the reverse code."""
        sense = cand.sense
        row = cameo_row(sense.reverse, self.k.cameo, typed=True) if sense.reverse else None
        if row is None or row.event_type is None or not cand.actors or not cand.recipients:
            return None
        return replace(cand, sense=Trigger(sense.lemma, sense.pos, sense.cue, row.event_type,
                                           row.mode, sense.reverse, sense.context),
                       actors=list(cand.recipients), recipients=list(cand.actors),
                       mentions=list(cand.mentions))

    def _aim(self, cand: Candidate, others: list[Candidate], memory: DocumentMemory) -> None:
        """Whom a protest or a threat is aimed at, where no recipient is named: the party
        that must meet its condition ("strike unless Israel rescinds"), else the recipient of
        the demand it is made for ("demonstrated to demand the resignation of X")."""
        tok = cand.trigger
        light = tok.head if tok.dep_ in ("dobj", "nsubj", "nsubjpass") else tok
        for gov in (*tok.subtree, light, *list(tok.ancestors)[:2]):
            for clause in _conditions(gov):
                subj = [g for g in clause.children if g.dep_ in ("nsubj", "nsubjpass")]
                found = [a for a in self.roles.resolve_all(subj, memory, cand.offset)
                         if other_party(a, cand.actors)]
                if found:
                    cand.recipients = found
                    return
        scope = {t.i for t in light.subtree}
        for other in others:
            if other is cand or other.trigger.i not in scope or \
                    other.sense.event_type not in AIM_SOURCES:
                continue
            found = [r for r in other.recipients if other_party(r, cand.actors)]
            if found:
                cand.recipients = found
                return

    @staticmethod
    def _conditional(tok: Token) -> bool:
        """Under a condition: "if", "unless" marking a clause of the trigger or its governor."""
        for gov in [tok, *list(tok.ancestors)[:2]]:
            if _conditions(gov):
                return True
            if gov.dep_ == "prep" and gov.lower_ == "unless":
                return True
        return False

    def _willing(self, tok: Token) -> bool:
        """Governed by a word of willingness ("ready to", "willing to", "prepared to")."""
        cur = tok
        for _ in range(3):
            if cur.dep_ != "xcomp" or cur.head == cur:
                return False
            cur = cur.head
            if cur.lemma_.lower() in self.willing:
                return True
        return False

    def remember_people(self, sent: Span, memory: DocumentMemory, offset: int) -> None:
        """Resolve every person and subject named in the sentence, so later mentions know them:
        each head once; and the acronyms it defines ("the Syrian Democratic Forces (SDF)")."""
        heads: dict[int, Token] = {}
        for ent in sent.ents:
            if ent.label_ in ("PERSON", "GPE", "ORG", "NORP"):
                head = ent.root.head if ent.root.dep_ == "appos" else ent.root
                if ent.label_ == "PERSON" or head.dep_ in ("nsubj", "nsubjpass"):
                    heads.setdefault(head.i, head)
        for tok in sent:
            # a titled subject with its name ("The UN special envoy for Syria, Staffan de
            # Mistura, has said"), whatever the parser made of the name
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "NOUN" \
                    and any(c.dep_ == "prep" for c in tok.rights):
                heads.setdefault(tok.i, tok)
        for head in heads.values():
            self.resolver.resolve(head, memory, offset)
        self.resolver.define_acronyms(sent, memory, offset)

    @staticmethod
    def _counterparts(cand: Candidate) -> None:
        """A state organ and a home group facing each other, one of no known country: the
        same country ("the Sudanese government accused Darfur rebels"; "rebels in the Ivory
        Coast dismissed an appeal from President Gbagbo"). A named group of no country (the
        Islamic State, al-Qaeda) acts across borders and keeps none."""
        def fill(side: list[Actor], other: list[Actor]) -> list[Actor]:
            state = {a.country for a in other if a.country and a.sector in STATE_SECTORS - {"MIL"}}
            home = {a.country for a in other if a.country and a.sector in HOME_SECTORS}
            out = []
            for a in side:
                country = None
                unplaced = a.country is None and (a.name is None or a.kind == "person")
                if unplaced and a.sector in HOME_SECTORS and len(state) == 1:
                    country = next(iter(state))
                elif unplaced and a.sector in STATE_SECTORS - {"MIL"} and len(home) == 1 \
                        and not state:
                    country = next(iter(home))
                out.append(Actor(a.text, a.name, country, a.sector, a.kind) if country else a)
            return out

        cand.actors, cand.recipients = (fill(cand.actors, cand.recipients),
                                        fill(cand.recipients, cand.actors))

    @staticmethod
    def _domestic(cand: Candidate) -> None:
        """Police, protesters, courts... without a country of their own: the event's country
        (not a named group that acts across borders: the Islamic State in Iraq stays none)."""
        country = cand.location.country if cand.location else None

        def fix(actors: list[Actor]) -> list[Actor]:
            return [Actor(a.text, a.name, country, a.sector, a.kind)
                    if a.country is None and a.sector in DOMESTIC_SECTORS
                    and (a.name is None or a.kind == "person") else a for a in actors]

        cand.actors, cand.recipients = fix(cand.actors), fix(cand.recipients)

    @staticmethod
    def _target_from_place(cand: Candidate) -> None:
        place = cand.location
        assert place is not None
        actors = {a.country for a in cand.actors}
        kind = cand.sense.event_type
        # protest at home is aimed at the country's state, and a visit is paid to it (of the
        # train split's visits aimed at a country, 71 of 71 are at its government, GOV);
        # repression, and a state's threats, concessions and restrictions at home, at its people
        home_sector = {"PROTEST": "GOV", "COERCE": "CVL", "CONSULT": "GOV"}.get(kind)
        if kind in ("THREATEN", "CONCEDE", "SANCTION") and any(
                a.country == place.country and a.sector in STATE_SECTORS for a in cand.actors):
            home_sector = "CVL"
        unknown_doer = None in actors and kind not in ("ASSAULT", "PROTEST", "COERCE")
        if not place.country or unknown_doer:
            return
        name = place.name if place.precision == "country" else None
        if place.country not in actors:
            target = Actor(place.text, name, place.country, home_sector, "country")
        elif home_sector:
            target = Actor(place.text, name, place.country, home_sector, "group")
        else:
            return
        cand.recipients = [*cand.recipients, target]

    @staticmethod
    def evidence(cand: Candidate) -> Evidence:
        sent = cand.sentence
        return Evidence(sent.text, cand.sentence_index, cand.offset + sent.start_char,
                        cand.offset + sent.end_char, cand.trigger.text)


def type_mode_codes(knowledge: Knowledge) -> dict[tuple[str, str | None], str]:
    """(PLOVER type, mode) → the most general CAMEO code of the table with that type and mode;
    (type, None) → the most general code of that type. For the learned triggers, which give a
    type and mode but no code."""
    out: dict[tuple[str, str | None], str] = {}
    for code in sorted(knowledge.cameo, key=lambda c: (len(c), c)):
        row = knowledge.cameo[code]
        if row.event_type is None:
            continue
        out.setdefault((row.event_type, row.mode), code)
        out.setdefault((row.event_type, None), code)
    return out


def _conditions(gov: Token) -> list[Token]:
    """The clauses of ``gov`` marked "if" or "unless"."""
    return [c for c in gov.children if c.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)]


def _where_antecedent(trigger: Token) -> Token | None:
    """The noun a relative clause introduced by "where" hangs from, when the trigger is in
    that clause ("Singapore, where he will meet Kim": Singapore); None otherwise."""
    for g in (trigger, *trigger.ancestors):
        if g.dep_ == "relcl":
            if any(c.lower_ == "where" and c.dep_ == "advmod" for c in g.children):
                return g.head
            return None
    return None


FINER = MappingProxyType({"city": 0, "region": 1})
"""Places finer than a country, the finer first (``_within``)."""


def _within(tok: Token, places: dict[int, Place], heads: Iterable[Token]) -> Place:
    """The place the place model chose (``tok``'s), or, where it is a country that locates a
    place of its own named beside it ("Benghazi, Libya", "Afrin, northern Syria", "Iraq's
    western Anbar province", "the Kabylie region of Algeria"), that place: the finest of the
    candidates of that country within four dependency arcs of it, the nearest first."""
    chosen = places[tok.i]
    if chosen.precision != "country" or chosen.country is None:
        return chosen
    inside = [(FINER[p.precision], abs(t.i - tok.i), p) for t in heads
              if t.i != tok.i and (p := places.get(t.i)) is not None
              and p.country == chosen.country and p.precision in FINER and near(t, tok, 4)]
    return min(inside, key=lambda x: x[:2])[2] if inside else chosen


def _named_of(tok: Token, places: dict[int, Place], unresolved: dict[int, Place],
              actor_tokens: set[int]) -> Place | None:
    """The place a description or a word for a kind of place that the place model chose names
    in its own "of" phrase ("the walled Tuscan city of Lucca", "the Russian city of Sochi"):
    the name says where more exactly than its description does, and the corpus's annotators
    give the name (on its train split the place of matched events 0.7685 -> 0.7712, dev
    unchanged; docs/models.md, forty-first session). None: it names none."""
    for of in tok.children:
        if of.dep_ == "prep" and of.lower_ == "of":
            for named in of.children:
                if named.dep_ == "pobj" and named.i not in actor_tokens:
                    return places.get(named.i) or unresolved.get(named.i)
    return None


def _party_words(parties: Iterable[Actor], sent: Span) -> set[int]:
    """The words of the sentence where the parties' texts stand (every place each text is
    written), not every word that is also a word of a party: "House" of "House Minority
    Leader Nancy Pelosi" is no word of "a dinner meeting at the White House", which is the
    meeting's place (on the corpus's train split, the place of matched events 0.760 -> 0.766;
    docs/models.md, fortieth session). A party's text the sentence does not hold (read from
    another) marks its words wherever they stand, as before."""
    out: set[int] = set()
    text, base = sent.text, sent.start_char
    for party in parties:
        spans = [(base + m.start(), base + m.end())
                 for m in re.finditer(re.escape(party.text), text)] if party.text else []
        if spans:
            out |= {tok.i for tok in sent for a, b in spans
                    if tok.idx < b and a < tok.idx + len(tok)}
        else:
            words = set(party.text.split())
            out |= {tok.i for tok in sent if tok.text in words}
    return out


def _party_place(cand: Candidate, places: dict[int, Place], actor_tokens: set[int]
                 ) -> Place | None:
    """Where the source acts, named with it ("Judge Sam Sparks in Austin rejected", "police
    at the border arrested"), and where the target of a material act is ("airstrikes against
    camps in Libya"): the place of an "in" or "at" phrase that hangs from a party's word."""
    words = _party_words(cand.actors, cand.sentence)
    if cand.sense.event_type in MATERIAL_TYPES:
        words |= _party_words(cand.recipients, cand.sentence)
    for tok in cand.sentence:
        if tok.i in places and tok.i not in actor_tokens and tok.dep_ == "pobj" \
                and tok.head.lower_ in ("in", "at") and tok.head.head.i in words:
            return places[tok.i]
    return None


def _at_a_venue(cand: Candidate) -> bool:
    """Whether a visit is held in a state that none of its parties belongs to, between sides
    of two states named in the sentence: a meeting at a venue, not a visit to a host."""
    where = cand.location.country if cand.location else None
    sides = {a.country for a in (*cand.actors, *cand.recipients)}
    return bool(where and cand.actors and cand.recipients and None not in sides
                and len(sides) > 1 and where not in sides)


def _other_side(head: Token, trigger: Token) -> bool:
    """Whether a word is the trigger's object or the object of its "with", "to" or "between",
    or coordinated with one ("met with Trump and Mnuchin", "a clash between the army and the
    rebels"); of the noun a compound trigger modifies too ("a phone call to Hagel"); for a noun
    that is a verb's object, also the object of that verb's "with" ("opened two days of talks
    Tuesday with Xi Jinping", where the parser hangs "with" on the verb)."""
    base = _noun_of(trigger)
    held_by = _holding_verb(base)
    for word in (head, *(c for c in head.conjuncts if c.i < head.i)):
        if word.head.i == trigger.i and word.dep_ == "dobj":
            return True
        if word.dep_ == "pobj" and word.head.lower_ in ("with", "to", "between") \
                and word.head.head.i in (trigger.i, base.i):
            return True
        if held_by is not None and word.dep_ == "pobj" and word.head.lower_ == "with" \
                and word.head.head.i == held_by.i:
            return True
    return False


def _with_people_hung_before(heads: list[Token]) -> list[Token]:
    """``heads`` with the person the parser hung under one of them, before it, in its role:
    "Mr Trump" of "Mr Trump and Chinese President Xi Jinping" (``person_hung_before``)."""
    out: list[Token] = []
    for head in heads:
        hung = person_hung_before(head)
        if hung is not None and hung[0] not in heads and hung[0] not in out:
            out.append(hung[0])
        out.append(head)
    return out


def _asked_to_act(head: Token, trigger: Token) -> bool:
    """Whether a word names whom a request asks to act by "for X to …": the subject of a
    clause that "for" opens under the trigger ("called for Kerry to testify"), or the object of
    the trigger's "for" that an infinitive follows ("calling for world powers to respect …")."""
    if head.dep_ == "nsubj" and head.head.head.i == trigger.i \
            and any(c.dep_ == "mark" and c.lower_ == "for" for c in head.head.children):
        return True
    if head.dep_ != "pobj" or head.head.lower_ != "for" or head.head.head.i != trigger.i:
        return False
    inside = {t.i for t in head.subtree}
    return any(t.lower_ == "to" and t.dep_ == "aux" and t.head.pos_ == "VERB"
               and (t.head.head.i == trigger.i or t.head.head.i in inside)
               for t in head.doc[head.i + 1:head.sent.end])


def _noun_of(trigger: Token) -> Token:
    """The noun a compound trigger modifies ("phone" in "a phone call"), else the trigger."""
    return trigger.head if trigger.dep_ == "compound" and trigger.head.pos_ == "NOUN" \
        else trigger


def _holding_verb(trigger: Token) -> Token | None:
    """The verb whose object holds a noun trigger, directly or through "of" ("held talks",
    "opened two days of talks", "began a round of meetings"), else None."""
    if trigger.pos_ != "NOUN":
        return None
    word = trigger
    while word.dep_ in ("pobj", "prep") and word.head.i != word.i:
        if word.dep_ == "prep" and word.lower_ != "of":
            return None
        word = word.head
    return word.head if word.dep_ == "dobj" and word.head.pos_ in ("VERB", "AUX") else None


def _attacked_place(cand: Candidate, places: dict[int, Place]) -> Place | None:
    """Where a material act done to a town or region happened, when the place model gave it no
    place: the town or region that is the trigger's object ("attacked Mosul", "annexed
    Crimea", "the attack on Times Square", "the siege of Aleppo"). The place model learned
    from places that are no party, and is not offered one; a town so named is often the
    target too."""
    if cand.sense.event_type not in MATERIAL_TYPES:
        return None
    for tok in cand.sentence:
        place = places.get(tok.i)
        if place is None or place.precision not in FINER:
            continue
        object_of = tok.head if tok.dep_ == "dobj" else tok.head.head \
            if tok.dep_ == "pobj" and tok.head.lower_ in ("on", "of", "against") else None
        if object_of is not None and object_of.i == cand.trigger.i:
            return place
    return None


def _unresolved_places(cand: Candidate, places: dict[int, Place], actor_tokens: set[int],
                       seats: Collection[str] = (),
                       is_party: Callable[[Span], bool] = lambda ent: False
                       ) -> dict[int, Place]:
    """The place names of the sentence that are no resolved place and no party, as places of
    their own words (token index of the name's head → place) for the place model, which
    learned from every place name the parser marks (``arguments.place_candidates``): the
    buildings, bases, airports and squares (FAC), the seats of power tagged otherwise ("the
    White House" as ORG: ``seats``, see ``arguments.seat_names``), and the towns, seas and
    regions (GPE, LOC) that the gazetteer does not hold or the place finder did not take
    ("Baghuz, eastern Syria", "the Persian Gulf", "the Bousraya neighbourhood") — not a name
    the actor tables know as a party (``is_party``: "Hagel" tagged GPE), unless it is a seat
    of power ("the Kremlin" tagged GPE is where a meeting was held as often as who held it). No
    point (the
    gazetteer has none) and the country of a place named within them ("Yankee Stadium in New
    York", "Baghuz, eastern Syria") or none: the country of a name the actor tables know ("the
    White House") made a meeting held there a visit to that country, and cost the dev split's
    parties more than it gave."""
    out: dict[int, Place] = {}
    named = {ent.start for ent in seat_names(cand.sentence, seats)}
    for ent in cand.sentence.ents:
        root = ent.root
        if (ent.label_ not in PLACE_LABELS and ent.start not in named) or root.i in places \
                or root.i in actor_tokens or any(t.i in places for t in ent) \
                or ent.label_ in ("GPE", "LOC") and is_party(ent) and not names_seat(ent, seats):
            continue
        country = next((places[t.i].country for t in root.subtree if t.i in places), None)
        out[root.i] = Place(ent.text, cand.offset + ent.start_char, cand.offset + ent.end_char,
                            ent.text, country, None, None, None, None, "other")
    return out


def _day_counts(sent: Span, deps: Collection[str], definite: bool = False) -> Iterator[Token]:
    """The words "after" and "before" of the sentence, of one of ``deps``, that a count of days
    opens: "three days after", "a day before", with ``definite`` "the day after" too; not
    "half a day after"."""
    counts = ("a", "an", "the") if definite else ("a", "an")
    for word in sent:
        if word.lower_ in ("after", "before") and word.dep_ in deps \
                and word.i >= sent.start + 2 and word.nbor(-1).lemma_.lower() in ("day", "night") \
                and (word.nbor(-2).like_num or word.nbor(-2).lower_ in counts) \
                and not (word.i > sent.start + 2 and word.nbor(-3).lower_ == "half"):
            yield word


def _count_words(word: Token) -> str:
    """The count of days before "after" or "before" as ``dates.resolve_from`` reads it ("three
    days"; "the day" is one)."""
    count = "a" if word.nbor(-2).lower_ == "the" else word.nbor(-2).text
    return f"{count} {word.nbor(-1).text}"


def _kind_of_place(tok: Token, places: dict[int, Place], offset: int) -> Place:
    """A word for a kind of place (``arguments.location_heads``: "the border", "a major
    airport", "Iraqi bases") as a place of its own words, with no point: of the country of a
    place named within it ("the airport in Kabul") or of the country its adjective names ("the
    Afghan capital"), else of none."""
    words, adjectives = place_words(tok), country_adjectives()
    country = next((places[t.i].country for t in tok.subtree if t.i in places), None) \
        or next((adjectives[t.text] for t in words if t.text in adjectives), None)
    return Place(words.text, offset + words.start_char, offset + words.end_char, words.text,
                 country, None, None, None, None, "other")


def _place_there(cand: Candidate, own: list[Token], memory: DocumentMemory,
                 actor_tokens: set[int]) -> Place | None:
    """"fought there": the last place the article named before the trigger, under the word.
    (A description of a place, "the attack in the city", is the place model's to give:
    ``arguments.description_heads``; this rule read it too until the model did, and with the
    model it gave the dev split nothing and the train split's place F1 0.002 less.)"""
    for tok in own:
        if tok.lower_ == "there" and tok.dep_ == "advmod" and tok.head.i == cand.trigger.i \
                and tok.i not in actor_tokens:
            start = cand.offset + tok.idx
            before = memory.place_before(start, frozenset({"city", "region", "country", "other"}))
            if before is not None:
                return replace(before, text=tok.text, start=start, end=start + len(tok.text))
    return None


def _description_place(tok: Token, offset: int, memory: DocumentMemory) -> Place | None:
    """The place a description names (``arguments.description_heads``: "the city", "the Saudi
    capital"): the last place of its kind (in the country of its adjective) the article named
    before it, under the description's words; None where the article named none."""
    phrase = place_words(tok)
    modifiers = [t for t in phrase if t.i != tok.i and t.dep_ != "det"]
    country = country_adjectives().get(modifiers[0].text) if modifiers else None
    start = offset + phrase.start_char
    before = memory.place_before(start, PLACE_DESCRIPTIONS[tok.lemma_.lower()], country)
    if before is None:
        return None
    return replace(before, text=phrase.text, start=start, end=offset + phrase.end_char)


def _place_of_place_noun(tok: Token) -> bool:
    """"in the town of Cizre", "near the city of Samarra": the name under a place noun."""
    of = tok.head
    noun = of.head
    return (tok.dep_ == "pobj" and of.lower_ == "of" and noun.lemma_.lower() in PLACE_NOUNS
            and noun.dep_ == "pobj" and noun.head.lower_ in LOCATIVE_PREPS)


def _named_again(actor: Actor, actors: list[Actor]) -> bool:
    """Whether ``actors`` hold ``actor`` already: the same record, or the same person named
    twice ("Trump's budget chief" and its apposition "Mick Mulvaney" resolve to one man)."""
    return actor in actors or actor.kind == "person" and actor.name is not None and any(
        (a.kind, a.name, a.country, a.sector) == ("person", actor.name, actor.country,
                                                   actor.sector) for a in actors)


def _background(when: EventDate, published: date | None) -> bool:
    """Whether an event's own date lies more than a year before the article's: background
    told in passing, no event of the article (``annotation.md``, ruling R2). An act going on
    since that date ("detained since 2011", ``dates.ongoing``) is not over: no background."""
    if not when.value or published is None or ongoing(when):
        return False
    year = published.year - 1
    try:
        cutoff = published.replace(year=year)
    except ValueError:  # 29 February
        cutoff = published.replace(year=year, day=28)
    # the last day the date can mean: a year or a month is background only when all of it is
    value = when.value  # "2015", "2015-04" or "2015-04-20"
    last = value if len(value) == 10 else \
        month_end(int(value[:4]), int(value[5:7] or 12)).isoformat()
    return last < cutoff.isoformat()
