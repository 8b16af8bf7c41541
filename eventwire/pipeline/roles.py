"""Roles: who did it and to whom, from the dependency tree of the trigger's own clause.

``RoleFinder.find`` gives a trigger's actors and recipients:

1. sources: subjects (climbing control verbs and coordination), passive agents, the
   possessives and demonyms of a nominal trigger ("Russia's annexation"), "between X and Y";
2. targets: objects, passive subjects, the objects of "with"/"on"/"against"/"to"... and, for
   requests and threats, the subject or object of what is asked or threatened;
3. where no other party is named: the nearest party below the trigger (prepositions are not a
   level; places and times are not parties), coordinated doers of a reciprocal act taking only
   a partner named with "with"/"between";
4. each noun phrase to actors (``actors.ActorResolver``), one per coordinated name, demonym,
   country they are in or serve, and joint dictionary code; coordinated actors share the
   country words of the coordination.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from .actors import ActorResolver, DocumentMemory
from ..knowledge import Trigger
from ..records import Actor

# Types whose complement is the thing asked, offered, threatened, refused or alleged.
CONTENT_TYPES = frozenset({"REQUEST", "THREATEN", "AGREE", "REJECT", "ACCUSE"})
RECIPROCAL_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative", "obj"})
OBJECT_PREPS = frozenset({"with", "on", "against", "to", "at", "upon", "into", "toward", "towards",
                          "of", "over", "for"})
SOURCE_PREPS = frozenset({"by", "from"})
PARTNER_PREPS = frozenset({"with", "between"})
CLIMB_DEPS = frozenset({"xcomp", "advcl", "pcomp", "prep", "pobj", "conj", "dobj", "acomp",
                        "attr", "oprd", "npadvmod"})
TEMPORAL_PREPS = frozenset({"after", "before", "since", "until", "following", "during", "amid",
                            "despite", "ahead"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around",
                         "within", "during", "since", "after", "before"})
# "in protest against", "in response to": an "in" that is not a place.
PURPOSE_NOUNS = frozenset({"protest", "response", "retaliation", "reprisal", "solidarity",
                           "support", "defiance", "opposition", "memory", "honour", "honor"})

# "X claimed responsibility (credit) for the attack": X did it.
RESPONSIBILITY_WORDS = frozenset({"responsibility", "credit"})

SenseOf = Callable[[Token], "Trigger | None"]
CuesOf = Callable[[Token], "dict[str, Token]"]


class RoleFinder:
    """Finds the parties of triggers (built once per process with the event stage)."""

    def __init__(self, resolver: ActorResolver, reporting: frozenset[str], sense: SenseOf,
                 cue_tokens: CuesOf) -> None:
        self.resolver = resolver
        self.reporting = reporting
        self.announcing = resolver.knowledge.cue_set("announcing_verbs")
        """Reporting verbs whose direct object is the speaker's own act ("announced a ban")."""
        self.sense = sense
        """The trigger sense of a token (a nested event is not a party)."""
        self.cue_tokens = cue_tokens
        """The words that select a trigger's sense (a cue verb's objects are its targets)."""

    def _expand(self, tok: Token) -> list[Token]:
        """An argument and the tokens coordinated with it ("Moscow and Kyiv")."""
        out = [tok]
        placed = self.resolver.located_conjuncts(tok)  # "lawmakers in A and B": B is a place
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON") and c.i not in placed:
                out.extend(self._expand(c))
        return out

    def _subjects(self, tok: Token) -> tuple[list[Token], list[Token]]:
        """(sources, passive subjects) of a verb, climbing control and coordination."""
        cur = tok
        for _ in range(8):
            subj = [c for c in cur.children if c.dep_ in SUBJECT_DEPS]
            passive = [c for c in cur.children if c.dep_ == "nsubjpass"]
            agents = [g for c in cur.children if c.dep_ == "agent" for g in c.children
                      if g.dep_ == "pobj"]
            if subj or agents:
                return [self._csubj(s) for s in subj] + agents, passive
            if passive:
                # "X is expected to meet Y": the passive subject of the governor is the doer
                return (passive, []) if cur is not tok else ([], passive)
            if cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
                return [cur.head], []
            if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
                own = self._noun_sources(cur.head)
                return (own or [cur.head]), []
            if cur.dep_ not in CLIMB_DEPS or cur.head == cur or temporal_prep(cur):
                return [], []
            below, cur = cur, cur.head
            if cur.lemma_.lower() in self.reporting and below.dep_ == "dobj" and (
                    below is tok and cur.lemma_.lower() in self.announcing
                    or below.lemma_.lower() in RESPONSIBILITY_WORDS):
                continue  # "Italy announced a suspension", "X claimed responsibility for it"
            if cur.lemma_.lower() in self.reporting:
                # what a speaker says is not the speaker's act
                return [], []
        return [], []

    def _csubj(self, tok: Token) -> Token:
        """A clausal subject stands for its own subject ("banks still accepting cards had ...")."""
        if tok.dep_ == "csubj":
            inner = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if inner:
                return inner[0]
        return tok

    def _noun_sources(self, tok: Token) -> list[Token]:
        out = []
        for c in tok.children:
            if c.dep_ == "poss" and c.ent_type_ != "DATE":
                out.append(c)
            elif c.dep_ in ("amod", "compound", "nmod") and any(
                    e.role != "capital" for m in self.resolver.phrase_matches(
                        self.resolver.phrase_tokens(c)) for e in m.entries):
                # "Russian strikes", "a Security Council resolution"; a capital is the place
                # ("the Abu Dhabi murder", "the Brussels attack")
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in SOURCE_PREPS:
                out.extend(g for g in c.children if g.dep_ == "pobj")
        return out

    def _objects(self, tok: Token, sense: Trigger) -> list[Token]:
        out = []
        for c in tok.children:
            if c.dep_ in OBJECT_DEPS and not self.sense(c):
                out.append(c)
            elif c.dep_ in OBJECT_DEPS:
                # "condemned Russia's annexation": the one who did the act
                out.extend(self._noun_sources(c))
            elif c.dep_ == "prep" and c.lower_ in OBJECT_PREPS and not (
                    sense.event_type == "REQUEST" and c.lower_ == "for"):
                out.extend(g for g in c.children if g.dep_ == "pobj" and not self.sense(g)
                           and g.ent_type_ != "DATE")
            elif c.dep_ == "prep" and c.lower_ == "between" or (
                    c.dep_ == "prep" and c.lower_ == "from" and sense.event_type == "REQUEST"):
                # "talks between X and Y"; "demanded reforms from the government"
                out.extend(g for g in c.children if g.dep_ == "pobj")
        return out

    def _content_objects(self, tok: Token) -> list[Token]:
        """Objects of the complement of a request or threat ("urging Turkey to ...")."""
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp", "acl", "advcl"):
                objs = [g for g in c.children if g.dep_ in OBJECT_DEPS]
                if c.dep_ == "ccomp":  # "demanded that the US cancel its plans"
                    objs = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")] or objs
                if objs:
                    return objs
        return []

    def find(self, tok: Token, sense: Trigger, memory: DocumentMemory, offset: int,
             aside: frozenset[int] = frozenset()) -> tuple[list[Actor], list[Actor]]:
        """(actors, recipients) of a trigger with the given sense (``offset``: the paragraph's
        start, for the document memory); ``aside``: tokens that name no recipient of it."""
        sources: list[Token] = []
        targets: list[Token] = []
        if tok.pos_ in ("VERB", "AUX"):
            sources, passive = self._subjects(tok)
            targets = passive + self._objects(tok, sense)
        else:
            sources = self._noun_sources(tok)
            targets = self._objects(tok, sense)
            between = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"
                       for g in c.children if g.dep_ == "pobj"]
            if between:
                sources, targets = between, [t for t in targets if t not in between]
            if not sources:
                sources, _ = self._subjects(tok)
        named = self._pattern_targets(tok, sense)
        if named:
            targets = named
        if not targets and sense.cue:
            cue = self.cue_tokens(tok).get(sense.cue)
            if cue is not None and cue.pos_ == "VERB":
                targets = [c for c in cue.children if c.dep_ in OBJECT_DEPS]
        if not targets and sense.event_type in CONTENT_TYPES:
            targets = self._content_objects(tok)
            for c in tok.children:
                if c.dep_ == "acl" and not targets:
                    targets = self._content_objects(c) or [
                        g for g in c.children if g.dep_ in OBJECT_DEPS]
        targets = [t for t in targets if t.i not in aside]
        actors = self.resolve_all(sources, memory, offset)
        if not actors and sources and sense.event_type == "PROTEST":
            # whoever protests, unnamed, is a civilian crowd ("thousands of people protested")
            words = self.resolver.phrase_tokens(sources[0])
            actors = [Actor(sources[0].doc[words[0].i:words[-1].i + 1].text, None, None,
                                 "CVL", "group")]
        # the doers' own ("withdraw its troops", "his forces") are no one they act on
        targets = [t for t in targets if not self._own(t, actors, memory, offset)]
        recipients = self.resolve_all(targets, memory, offset)
        doing = {(a.country, a.sector) for a in actors}
        if not any(r.country and (r.country, r.sector) not in doing for r in recipients):
            # none named, or only the doers again ("welcomed *their* resumption of ties")
            skip = {t.i for s in sources for t in s.subtree} | aside
            doers = actors
            # several doers of a reciprocal act ("X and Y met") act on each other, unless a
            # partner is named ("X and Y welcomed ties with Z")
            several = len({t.i for s in sources for t in self._expand(s)}) > 1
            via = PARTNER_PREPS if sense.event_type in RECIPROCAL_TYPES and several else None
            found = self._nearest_party(tok, skip, doers, memory, offset, via)
            gov = self._governing_verb(tok) if tok.pos_ in ("NOUN", "PROPN") else None
            if not found and gov is not None:
                # "gave the Ivory Coast $5m of aid": the verb carrying the nominal event
                found = self._nearest_party(gov, skip | {t.i for t in tok.subtree}, doers,
                                            memory, offset, via)
            if found:
                recipients = found
        return tidy_roles(actors, recipients)

    def _own(self, tok: Token, actors: list[Actor], memory: DocumentMemory,
             offset: int) -> bool:
        """Whether a noun is possessed by a pronoun that stands for one of the doers ("Syria
        said it is ready to withdraw its troops": the troops are Syria's own; not "its
        partners": ``relation_nouns``)."""
        pron = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if pron is None or not actors or tok.lemma_.lower() in self.resolver.relation_nouns:
            return False  # "its partners" are others
        owner = self.resolver.resolve(pron, memory, offset)
        return owner is not None and any(
            owner.name is not None and owner.name == a.name for a in actors)

    @staticmethod
    def _pattern_targets(tok: Token, sense: Trigger) -> list[Token]:
        """The objects of the preposition a user's pattern names as the target's
        (``* THEIR ^ ABOUT +``), on the trigger or on its objects."""
        if sense.target_prep is None:
            return []
        holders = [tok, *(c for c in tok.children if c.dep_ in OBJECT_DEPS)]
        return [g for h in holders for c in h.children
                if c.dep_ == "prep" and c.lower_ == sense.target_prep
                for g in c.children if g.dep_ == "pobj"]

    def _governing_verb(self, tok: Token) -> Token | None:
        """The verb a nominal trigger hangs from ("gave ... of *aid*"), not past a clause."""
        cur = tok
        for _ in range(4):
            if cur.dep_ not in ("dobj", "pobj", "prep", "attr", "conj") or cur.head == cur \
                    or temporal_prep(cur):  # "called X after the attacks": another time
                return None
            cur = cur.head
            if cur.pos_ == "VERB":
                return None if cur.lemma_.lower() in self.reporting else cur
        return None

    def _nearest_party(self, tok: Token, skip: set[int], doers: list[Actor],
                       memory: DocumentMemory, offset: int,
                       via: frozenset[str] | None = None) -> list[Actor]:
        """The closest noun phrases below the trigger that name a party other than the
        source ("lift embargoes on sales to Iran", "welcomed the resumption of ties with
        Iraq"); places of the event ("in Astana") and times are not parties. Prepositions do
        not count as a level of depth. With ``via``, only objects of those prepositions count
        ("X and Y welcomed ties *with* Z": Z, not a topic of the talks)."""
        level = [c for c in tok.children if c.dep_ not in SUBJECT_DEPS | {"agent"}]
        state: Actor | None = None  # "the government", of no named country: the last resort
        for _ in range(4):
            found: list[Actor] = []
            below: list[Token] = []
            queue = list(level)
            while queue:
                cur = queue.pop(0)
                if cur.i in skip or temporal_prep(cur) or cur.dep_ in ("relcl", "advcl", "mark"):
                    continue
                if cur.dep_ == "prep" and cur.lower_ in PLACE_PREPS and not any(
                        g.lemma_.lower() in PURPOSE_NOUNS for g in cur.children):
                    continue
                if cur.dep_ == "prep":
                    queue.extend(cur.children)
                    continue
                if cur.pos_ in ("NOUN", "PROPN") and cur.dep_ != "compound" and (
                        via is None or cur.dep_ == "pobj" and cur.head.lower_ in via):
                    actor = self.resolver.resolve(cur, memory, offset)
                    if actor is not None and other_party(actor, doers) \
                            and not self._own(cur, doers, memory, offset):
                        found.append(actor)
                        found.extend(self._coordinated_modifiers(cur, actor))
                        found.extend(a for c in cur.conjuncts
                                     if (a := self.resolver.resolve(c, memory, offset)))
                        continue
                    if actor is not None and actor.country is None and state is None \
                            and actor.sector in STATE_SECTORS and via is None \
                            and any(d.country for d in doers):
                        state = actor  # of the doers' country, as like as not (_counterparts)
                below.extend(cur.children)
            if found:
                return found
            level = below
        return [state] if state is not None else []

    def resolve_all(self, heads: Iterable[Token], memory: DocumentMemory,
                     offset: int) -> list[Actor]:
        out: list[Actor] = []
        seen: set[int] = set()
        for head in heads:
            group = len(out)
            for tok in self._expand(head):
                if tok.i in seen:
                    continue
                seen.add(tok.i)
                actor = self.resolver.resolve(tok, memory, offset)
                shared = self._ellipsis(tok)
                if actor is not None and shared is not None:
                    noun = self.resolver.resolve(shared, memory, offset)
                    if noun is not None:
                        owner = actor.text if actor.text.endswith("'s") else f"{actor.text}'s"
                        actor = Actor(f"{owner} {shared.text}", None, actor.country,
                                      noun.sector, noun.kind)
                if actor is not None:
                    out.append(actor)
                    out.extend(self._coordinated_modifiers(tok, actor))
            out.extend(self._listed_states(head, {a.country for a in out[group:]}))
            out[group:] = share_countries(out[group:])
        return out

    def _listed_states(self, head: Token, have: set[str | None]) -> list[Actor]:
        """States named in a list the parser did not coordinate ("Mordor, the Shire, Fornost
        and Bree" read as an apposition): the list's own words, not its clauses or phrases."""
        words = []
        stack = [head]
        while stack:
            cur = stack.pop()
            words.append(cur)
            stack.extend(c for c in cur.children
                         if c.dep_ not in ("prep", "relcl", "acl", "advcl", "ccomp", "poss"))
        if not any(w.dep_ == "cc" for w in words):
            return []
        words.sort(key=lambda t: t.i)
        out = []
        for m in self.resolver.phrase_matches(words):
            entry = next((e for e in m.entries if e.kind == "country" and e.country), None)
            if entry is not None and entry.country not in have:
                joint = [e for e in m.entries if e.joint] if entry.joint else [entry]
                for e in joint:
                    have.add(e.country)
                    out.append(Actor(head.doc[m.start:m.end].text, e.name, e.country,
                                     e.sector, "country"))
        return out

    def _coordinated_modifiers(self, tok: Token, actor: Actor) -> list[Actor]:
        """"Turkish and Greek officials": one more actor per coordinated demonym; "lawmakers
        in France and Germany": one more per coordinated country they are in."""
        extra = [Actor(actor.text, actor.name, e.country, actor.sector, actor.kind)
                 for e in self.resolver.located_in(tok)[1:] if e.country != actor.country]
        # a name a user's dictionary gives several codes at once ("the Shire" [FRO/BIL/SAM])
        extra.extend(Actor(actor.text, e.name, e.country, e.sector, actor.kind)
                     for m in self.resolver.phrase_matches(self.resolver.phrase_tokens(tok))
                     for e in m.entries if e.joint and (e.country, e.sector) != (
                         actor.country, actor.sector))
        if actor.sector and actor.name is None:
            # "the ambassadors of Arnor, Osgiliath and Gondor": one per country they serve
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.lower_ != "of":
                    continue
                for obj in (g for g in prep.children if g.dep_ == "pobj"):
                    for conj in obj.conjuncts:
                        entry = next((e for m in self.resolver.phrase_matches(
                            self.resolver.phrase_tokens(conj)) for e in m.entries
                            if e.country and e.kind == "country"), None)
                        if entry is not None and entry.country != actor.country:
                            extra.append(Actor(actor.text, None, entry.country, actor.sector,
                                               actor.kind))
        for mod in tok.children:
            if mod.dep_ not in ("amod", "compound", "nmod"):
                continue
            for conj in mod.conjuncts:
                entries = [e for m in self.resolver.phrase_matches([conj]) for e in m.entries
                           if e.country and e.kind != "person"]
                if entries and entries[0].country != actor.country:
                    extra.append(Actor(f"{conj.text} {tok.text}", None, entries[0].country,
                                       actor.sector, actor.kind))
        return extra

    @staticmethod
    def _ellipsis(tok: Token) -> Token | None:
        """"Turkey's and Russia's presidents": the noun a stranded possessive shares, if any."""
        if tok.dep_ != "poss" and any(c.dep_ == "case" and c.lower_ == "'s" for c in tok.children):
            for nxt in tok.doc[tok.i + 1: tok.sent.end]:
                if nxt.pos_ == "NOUN" and any(c.dep_ == "poss" for c in nxt.children):
                    return nxt
        return None


def temporal_object(prep: Token) -> bool:
    """A preposition whose object is a date or time ("on Monday")."""
    return any(g.ent_type_ in ("DATE", "TIME") for g in prep.children if g.dep_ == "pobj")


def temporal_prep(tok: Token) -> bool:
    """A preposition of time ("after the attacks"): what hangs from it is another moment."""
    return tok.dep_ == "prep" and tok.lower_ in TEMPORAL_PREPS


def tidy_roles(actors: list[Actor], recipients: list[Actor]
               ) -> tuple[list[Actor], list[Actor]]:
    """Each party once; a recipient that is one of the actors again is dropped."""
    def dedup(parties: list[Actor]) -> list[Actor]:
        out: list[Actor] = []
        for a in parties:
            # the same party twice: "his Turkish counterpart" + "Recep Tayyip Erdogan"
            same = [b for b in out if b.country == a.country
                    and (a.sector == b.sector or None in (a.sector, b.sector) and a.country)
                    and (a.name is None or b.name is None or a.name == b.name)]
            if not same:
                out.append(a)
            elif same[0].name is None and a.name is not None or (
                    same[0].sector is None and a.sector is not None):
                out[out.index(same[0])] = a
        return out

    actors = dedup(actors)
    keys = {(a.name, a.country, a.sector) for a in actors}
    return actors, [r for r in dedup(recipients)
                    if (r.name, r.country, r.sector) not in keys or r.name is None
                    and r.country not in {a.country for a in actors}]


def other_party(actor: Actor, doers: list[Actor]) -> bool:
    """A party of a known country other than the doers': another country, or the state of
    the doers' own country when none of them is the state ("students demanded reforms by
    the government")."""
    if not actor.country:
        return False
    same = [d for d in doers if d.country == actor.country]
    return not same or actor.sector in STATE_SECTORS and not any(
        d.sector in STATE_SECTORS or d.sector is None and d.kind == "country" for d in same)


def share_countries(actors: list[Actor]) -> list[Actor]:
    """Coordinated actors share the country words of the coordination ("Danish media and
    government", "lawmakers and officials in France"): one with a sector and no country of its
    own takes each country its partners of some sector have."""
    countries = list(dict.fromkeys(a.country for a in actors if a.country and a.sector))
    if not countries:
        return actors
    out: list[Actor] = []
    for a in actors:
        if a.country is None and a.sector and a.name is None:
            out.extend(Actor(a.text, a.name, c, a.sector, a.kind) for c in countries)
        else:
            out.append(a)
    return out
