"""Learned arguments: which noun phrases of an event's sentence are its source and its target.

For an event found by the trigger model, every head of a noun phrase, name or pronoun of the
sentence is a candidate, and so are possessives ("Manafort's conduct") and the names and peoples
that modify the trigger itself ("Russian attacks", "the US plan") or its object ("denies
Ukrainian accusations") (``candidate_heads``); a linear model over the pair (``pair_features``:
the dependency path from the trigger to the candidate, the trigger's voice, type and word, the
candidate's entity type, part of speech, lemma, side and distance, the word that governs it and
the preposition between), fitted in full batch, gives each candidate the probability of being
a source, a target or neither. The most probable candidate
of each role over the threshold — or, where no candidate is most probably the role, the one
likeliest to fill it over the role's floor (``role_of``) —, with the words coordinated with it,
is resolved to actors by ``actors.ActorResolver``.
The weights ship with the trigger model (``eventwire/models/events.model``, model ``roles``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from spacy.tokens import Span, Token

from ..knowledge.tables import country_adjectives
from ..models.linear import LinearModel
from .dates import PREPOSITIONS, RELATIVE
from .places import PLACE_LABELS

CANDIDATE_POS = frozenset({"NOUN", "PROPN", "PRON"})
SKIP_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "det", "poss"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
MODIFIER_ENTS = frozenset({"NORP", "GPE", "ORG", "PERSON"})
NONE = "none"
ROLES = ("source", "target")


def candidate_heads(sent: Span, trigger: Token | None = None) -> list[Token]:
    """The heads of the sentence's noun phrases, names and pronouns (not the words inside a
    name or compound, which the resolver reads with their head); possessives, which name a
    party of the noun they modify ("Russia's invasion", "Manafort's conduct"); and, with a
    trigger, the names and peoples that modify it ("Russian attacks", "the US plan") or the
    object it acts on (``object_nouns``: "rejected Chinese offers", "tariffs on Mexican
    imports").

    Of the gold parties of the dev articles, 7.7% of sources and 15.6% of targets were such
    modifiers of the trigger, out of the model's reach before they became candidates (seventh
    session); of the train split's gold targets, 1.6% (84 of 5,388) were such modifiers of its
    object, out of reach until the thirty-seventh session."""
    objects = object_nouns(trigger) if trigger is not None else frozenset()
    out = []
    for t in sent:
        if t.pos_ in CANDIDATE_POS and t.dep_ not in SKIP_DEPS:
            if not (t.pos_ == "PRON" and t.lower_ in ("it", "this", "that", "which", "what")
                    and t.dep_ not in ("nsubj", "nsubjpass")):
                out.append(t)
        elif t.dep_ == "poss" and t.pos_ in CANDIDATE_POS:
            out.append(t)
        elif trigger is not None and t.i != trigger.i and t.dep_ in MODIFIER_DEPS \
                and (t.pos_ == "PROPN" or t.ent_type_ in MODIFIER_ENTS) \
                and (t.head.i == trigger.i or (t.head.i in objects and not _in_name(t))):
            out.append(t)
    return out


OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})


def object_nouns(trigger: Token) -> frozenset[int]:
    """The nouns a trigger acts on: its object or passive subject, the object of a preposition
    of it, and the object of a preposition of one of those ("rejected Chinese *offers*",
    "tariffs on American *goods*", "imposed tariffs on Japanese *microchips*"); their
    modifiers that name a party are the argument model's candidates (``candidate_heads``)."""
    first = [c for c in trigger.children if c.dep_ in OBJECT_DEPS] + \
        [g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    second = [g for n in first for c in n.children if c.dep_ == "prep"
              for g in c.children if g.dep_ == "pobj"]
    return frozenset(t.i for t in (*first, *second) if t.pos_ in ("NOUN", "PROPN"))


def _in_name(tok: Token) -> bool:
    """Whether a modifier is a word of the name its head ends ("Donald" of "Donald Trump")."""
    head = tok.head
    return bool(tok.ent_type_) and tok.ent_type_ == head.ent_type_ \
        and head.ent_iob_ == "I" and tok.i < head.i \
        and all(tok.doc[k].ent_iob_ == "I" for k in range(tok.i + 1, head.i + 1))


def _path(a: Token, b: Token, limit: int = 5) -> str:
    """The dependency labels from ``a`` up to the lowest common ancestor and down to ``b``."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            ups = [x.dep_ for x in up_a[:k]]
            downs = [x.dep_ for x in reversed(up_b[:ids_b[t.i]])]
            if len(ups) + len(downs) > limit:
                return "far"
            return "^" + "^".join(ups) + "|v" + "v".join(downs)
    return "none"


def near(a: Token, b: Token, arcs: int) -> bool:
    """Whether two words of a sentence are at most ``arcs`` dependency arcs apart (``_path``)."""
    return _path(a, b, limit=arcs) not in ("far", "none")


def _passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


@dataclass(frozen=True)
class ActorWords:
    """What the actor tables say of a candidate's word: the sector its lemma names ("army" →
    MIL) and whether it is a name the tables know (a country, a group, a capital) — evidence
    for the argument model that words it never saw in training can act."""

    sectors: Mapping[str, str]
    phrases: Collection[str]
    seats: Collection[str] = frozenset()
    """Seats of power that are also places ("white house"; ``cues.json``'s ``seats``): the
    place model's candidates beside the parser's place names (``place_candidates``)."""
    place_nouns: Collection[str] = frozenset()
    """Nouns that name a kind of place ("border", "airport"; ``cues.json``'s
    ``place_nouns``): the place model's candidates too (``location_heads``)."""

    @classmethod
    def from_knowledge(cls, knowledge: Any) -> ActorWords:
        return cls({w: e.sector for w, e in knowledge.sectors.items()}, knowledge.phrases,
                   knowledge.cue_set("seats"), knowledge.cue_set("place_nouns"))


def pair_features(trigger: Token, event_type: str, cand: Token,
                  words: ActorWords | None = None) -> list[str]:
    """Features of one (trigger, candidate) pair; ``words``: the actor tables' evidence. A
    name modifying the trigger's object ("rejected *Chinese* offers") has features of its own
    (``_object_modifier_features``)."""
    path = _path(trigger, cand)
    if cand.dep_ in MODIFIER_DEPS and cand.head.i != trigger.i:
        return _object_modifier_features(trigger, event_type, cand, path, words)
    side = "before" if cand.i < trigger.i else "after"
    dist = abs(cand.i - trigger.i)
    bucket = "1" if dist <= 1 else "3" if dist <= 3 else "7" if dist <= 7 else "far"
    gov = cand.head
    prep = gov.lower_ if cand.dep_ == "pobj" and gov.dep_ in ("prep", "agent") else "-"
    voice = "passive" if _passive(trigger) else "active"
    ent = cand.ent_type_ or "-"
    f = ["bias", f"path={path}", f"tpath={event_type}|{path}", f"side={side}",
         f"vside={voice}|{side}", f"dist={bucket}", f"dep={cand.dep_}",
         f"vdep={voice}|{cand.dep_}", f"tdep={event_type}|{cand.dep_}", f"pos={cand.pos_}",
         f"ent={ent}", f"tent={event_type}|{ent}", f"lem={cand.lemma_.lower()}",
         f"prep={prep}", f"tprep={event_type}|{prep}", f"vprep={voice}|{prep}",
         f"type={event_type}", f"tpos={trigger.pos_}", f"tlem={trigger.lemma_.lower()}",
         f"head_is_trigger={gov.i == trigger.i}", f"pron={cand.pos_ == 'PRON'}",
         f"gov={gov.lemma_.lower()}|{cand.dep_}", f"wpath={trigger.lemma_.lower()}|{path}",
         f"entdep={ent}|{cand.dep_}", f"tvpath={voice}|{event_type}|{path}"]
    if gov.i == trigger.i:
        f.append(f"child={trigger.lemma_.lower()}|{cand.dep_}")
    elif prep != "-" and gov.head.i == trigger.i:
        f.append(f"child={trigger.lemma_.lower()}|{prep}")
    if words is not None:
        sector = words.sectors.get(cand.lemma_.lower(), "-")
        f += [f"csec={sector}", f"tcsec={event_type}|{sector}",
              f"cname={cand.lower_ in words.phrases}"]
    return f


def _object_modifier_features(trigger: Token, event_type: str, cand: Token, path: str,
                              words: ActorWords | None) -> list[str]:
    """Features of a name modifying the trigger's object (``object_nouns``), apart from those of
    the other candidates, so that the many such names that only modify a party ("attacked the
    *Turkish* army", "met the *U.S.* ambassador") leave the weights of the names on the act
    itself ("the *US* plan") as they were. With the other candidates' features instead (tried,
    thirty-seventh session, in full batch): dev sources of matched events +1, targets -2,
    places -1 — as good, within a few events; the object's word ("offers", "imports", "army")
    and its sector are what tells the two kinds of name apart here."""
    obj = cand.head
    ent = cand.ent_type_ or "-"
    f = ["om", f"om|type={event_type}", f"om|path={path}", f"om|tpath={event_type}|{path}",
         f"om|ent={ent}", f"om|dep={cand.dep_}", f"om|obj={obj.lemma_.lower()}",
         f"om|objent={obj.ent_type_ or '-'}", f"om|objpos={obj.pos_}",
         f"om|tlem={trigger.lemma_.lower()}", f"om|objdep={obj.dep_}"]
    if words is not None:
        f += [f"om|objsec={words.sectors.get(obj.lemma_.lower(), '-')}",
              f"om|cname={cand.lower_ in words.phrases}"]
    return f


def role_of(p: Sequence[float], classes: Sequence[str], threshold: float,
            floors: Mapping[str, float], fallback: bool = True
            ) -> tuple[str, float, bool] | None:
    """The role a candidate with the label probabilities ``p`` may fill, with its probability
    and whether it is a fallback: its most probable label when that is a role at ``threshold``
    or more; else, when its most probable label is none and it may be a ``fallback``, the more
    probable of the two roles if that reaches the role's floor in ``floors`` — ranked after
    every candidate whose most probable label is the role. None: no role."""
    best = max(range(len(classes)), key=lambda k: p[k])
    if classes[best] in ROLES:
        return (classes[best], float(p[best]), False) if p[best] >= threshold else None
    roles = [(float(p[classes.index(r)]), r) for r in ROLES if r in classes]
    if not fallback or not roles:
        return None
    prob, role = max(roles)
    return (role, prob, True) if prob >= floors.get(role, 1.0) else None


def ranked_roles(probs: Iterable[Sequence[float]], classes: Sequence[str], threshold: float,
                 floors: Mapping[str, float], fallbacks: Sequence[bool] | None = None
                 ) -> dict[str, list[int]]:
    """Per role, the indices of the candidates that may fill it (``role_of``; ``fallbacks``:
    which candidates may be a fallback, all by default): those whose most probable label it
    is, most probable first, then the fallbacks, most probable first."""
    out: dict[str, list[tuple[bool, float, int]]] = {r: [] for r in ROLES}
    for k, p in enumerate(probs):
        found = role_of(p, classes, threshold, floors, fallbacks is None or fallbacks[k])
        if found is not None:
            role, prob, fallback = found
            out[role].append((fallback, -prob, k))
    return {r: [k for _, _, k in sorted(out[r])] for r in ROLES}


@dataclass(frozen=True)
class ArgumentModel:
    """Source / target / neither for each candidate of an event."""

    model: LinearModel
    threshold: float
    words: ActorWords | None = None
    """The actor tables, for a model trained with them (its ``actor_words`` meta)."""
    floors: Mapping[str, float] = field(default_factory=dict)
    """Per role, the floor at which a candidate whose most probable label is none may still
    fill it when no candidate's most probable label is that role (``role_of``; the model's
    ``floors`` meta, ``train.ROLE_FLOORS``). No floor: never. A place name is never such a
    fallback: unsure, the model's "the Warsaw summit" or "India has witnessed protests" names
    where, not who."""

    def rank(self, trigger: Token, event_type: str, candidates: Sequence[Token]
             ) -> dict[str, list[Token]]:
        """Per role, the candidates that may fill it (``ranked_roles``), the likeliest first."""
        cands = [c for c in candidates if c.i != trigger.i]
        if not cands:
            return {r: [] for r in ROLES}
        probs = self.model.scores([pair_features(trigger, event_type, c, self.words)
                                   for c in cands])
        ranked = ranked_roles(probs, self.model.classes, self.threshold, self.floors,
                              [c.ent_type_ not in PLACE_LABELS for c in cands])
        return {r: [cands[k] for k in ranked[r]] for r in ROLES}

    def likeliest(self, trigger: Token, event_type: str, candidate: Token) -> str:
        """The candidate's most probable label: "source", "target" or "none"."""
        probs = self.model.scores([pair_features(trigger, event_type, candidate, self.words)])[0]
        return self.model.classes[max(range(len(probs)), key=lambda k: probs[k])]

    def choose(self, trigger: Token, event_type: str, candidates: Sequence[Token],
               names_actor: Callable[[Token], bool] | None = None, reciprocal: bool = False
               ) -> tuple[list[Token], list[Token]]:
        """The sources and targets among ``candidates``: per role the most probable one (with
        ``names_actor``, the most probable that names an actor — "a dozen nations including
        the U.S. and Japan agreed": not "nations" but "Japan" —, else the most probable) and
        the candidates coordinated with it ("called on Moscow and Kyiv"), whatever their own
        probability: several parties of one role are coordinated in news, rarely scattered.
        A ``reciprocal`` act's sides are scattered ("Biden met Xi", "Erdogan spoke with
        Putin"): every other source that the trigger governs and that names an actor is a
        source too."""
        ranked = self.rank(trigger, event_type, candidates)
        picked: dict[str, list[Token]] = {}
        for role in ROLES:
            top = next((c for c in ranked[role] if names_actor is None or names_actor(c)),
                       ranked[role][0] if ranked[role] else None)
            tops = [] if top is None else [top]
            if reciprocal and role == "source" and names_actor is not None:
                tops += [c for c in ranked[role] if c is not top and _in_act(trigger, c)
                         and names_actor(c)]
            chosen: list[Token] = []
            for head in tops:
                for c in (head, *(c for c in candidates if c is not head and c.i != trigger.i
                                  and c in head.conjuncts)):
                    if c not in chosen:
                        chosen.append(c)
            picked[role] = chosen
        return picked["source"], picked["target"]


def _in_act(trigger: Token, cand: Token) -> bool:
    """Whether a word stands in the act's own words: under its trigger, or the subject of the
    verb whose object the trigger (or the noun it is a word of) is ("Trump **held** a
    *meeting* with Kim", "Biden **had** a *phone* call with Xi": Trump, Biden)."""
    if trigger.is_ancestor(cand):
        return True
    noun = trigger.head if trigger.dep_ == "compound" else trigger
    verb = noun.head
    return noun.dep_ == "dobj" and verb.pos_ in ("VERB", "AUX") and cand.head.i == verb.i \
        and cand.dep_ == "nsubj"


# ---- dates: which date expression of the sentence is the event's own ------------------------

DATE_LABELS = frozenset({"DATE", "TIME"})
DATE = "date"


def date_candidates(sent: Span) -> list[Span]:
    """The date and time expressions the parser marks in the sentence ("on Monday", "last
    night", "early Sunday morning")."""
    return [e for e in sent.ents if e.label_ in DATE_LABELS]


def date_text(ent: Span) -> str:
    """The words read for a date: with the preposition that governs it where the grammar reads
    it ("on Monday", "since June": ``dates.PREPOSITIONS``) or the possessive ("Monday's
    attacks")."""
    root = ent.root
    prep = root.head if root.dep_ == "pobj" else None
    if prep is not None and prep.i == ent.start - 1 and prep.lower_ in PREPOSITIONS:
        return f"{prep.text} {ent.text}"
    if root.dep_ == "poss":
        return ent.text + "'s"
    return ent.text


def date_run(ent: Span) -> Span:
    """The date expression with the date and time expressions it touches: the parser cuts
    "Earlier Tuesday evening" into a date and a time, neither of which is the day alone
    ("evening" reads as no date)."""
    ents = [e for e in ent.sent.ents if e.label_ in DATE_LABELS]
    k = next(i for i, e in enumerate(ents) if e.start == ent.start)
    first = last = k
    while first > 0 and ents[first - 1].end == ents[first].start:
        first -= 1
    while last + 1 < len(ents) and ents[last + 1].start == ents[last].end:
        last += 1
    return ent.doc[ents[first].start:ents[last].end]


PART_LEADS = frozenset({"early", "late", "earlier", "later"})
"""Words of a part of a period, which also with "in" or "of" open a date expression the parser
leaves outside it ("earlier in" + "the week", "later in" + "the day")."""

DATE_LEADS = frozenset(RELATIVE) | PART_LEADS | {"mid"}
"""Words that open a date expression the parser may leave outside it ("this" + "week"): the
grammar's relative words (``dates.RELATIVE``) and its modifiers of a period."""


def date_readings(ent: Span) -> list[Span]:
    """The spans to read a date from, in order: the expression the parser marks; with the date
    and time expressions it touches (``date_run``); with a word of ``DATE_LEADS`` before it
    ("this" + "week"), or one of ``PART_LEADS`` and "in" or "of" ("later in" + "the day");
    without its last one or two words, where the parser ran on past the
    date ("Wednesday tempered days", "Last month 12", "Sept. 3 and"); without a leading
    article ("an early June" visit); with the word it modifies, where the parser left that out
    ("this past" + "January")."""
    doc = ent.doc
    out = [ent]
    if len(run := date_run(ent)) > len(ent):
        out.append(run)
    if ent.start > ent.sent.start and doc[ent.start - 1].lower_ in DATE_LEADS:
        out.append(doc[ent.start - 1:ent.end])
    elif ent.start > ent.sent.start + 1 and doc[ent.start - 1].lower_ in ("in", "of") \
            and doc[ent.start - 2].lower_ in PART_LEADS:
        out.append(doc[ent.start - 2:ent.end])  # "later in" + "the day"
    out += [ent[:len(ent) - k] for k in (1, 2) if len(ent) > k]
    if len(ent) > 1 and ent[0].lower_ in ("a", "an"):
        out.append(ent[1:])  # "since an early June visit"
    if ent.root.dep_ in ("det", "amod") and ent.end < ent.sent.end \
            and ent.root.head.i == ent.end:
        out.append(doc[ent.start:ent.end + 1])  # "this past" + "January"
    return out


def _relation(trigger: Token, root: Token, start: int
              ) -> tuple[str, str, str, bool, Token | None]:
    """How a span (its ``root``, its first word at ``start``) hangs from the trigger: the
    dependency path, its side, the distance in words (bucketed), whether it lies in the
    trigger's own subtree, and the lowest word of the trigger's chain that governs it."""
    path = _path(trigger, root, limit=6)
    side = "before" if start < trigger.i else "after"
    dist = abs(root.i - trigger.i)
    bucket = "1" if dist <= 1 else "3" if dist <= 3 else "7" if dist <= 7 else "15" \
        if dist <= 15 else "far"
    own = trigger.is_ancestor(root)
    common = next((t for t in [trigger, *trigger.ancestors] if t.is_ancestor(root) or t == root),
                  None)
    return path, side, bucket, own, common


def _clause_verb(tok: Token) -> Token:
    """The verb of the clause a word stands in: the word itself or its nearest verb above."""
    return next((t for t in (tok, *tok.ancestors) if t.pos_ in ("VERB", "AUX")), tok.sent.root)


def clause_relation(trigger: Token, tok: Token) -> str:
    """How the clause of ``tok`` stands to the trigger's: ``same`` clause, a ``conj``unct verb
    ("halted that plan late Tuesday and ordered …": the date is the second verb's too), a
    governing clause (``gov``: a reporting verb's), a ``sub``ordinate one, or ``other``."""
    mine, theirs = _clause_verb(trigger), _clause_verb(tok)
    if mine == theirs:
        return "same"
    if mine.dep_ == "conj" and mine.head == theirs or theirs.dep_ == "conj" and theirs.head == mine:
        return "conj"
    if theirs.is_ancestor(mine):
        return "gov"
    return "sub" if mine.is_ancestor(theirs) else "other"


def date_features(trigger: Token, event_type: str, ent: Span, n_dates: int) -> list[str]:
    """Features of one (trigger, date expression) pair: how the date hangs from the trigger
    (the dependency path; whether it lies in the trigger's own subtree or under a governor
    such as a reporting verb; how its clause stands to the trigger's), its words and kind, the
    trigger's type and part of speech."""
    root = ent.root
    path, side, bucket, own, common = _relation(trigger, root, ent.start)
    prep = root.head.lower_ if root.dep_ == "pobj" else "-"
    first, last = ent[0].lower_, ent[-1].lower_
    clause = clause_relation(trigger, root)
    return ["bias", f"path={path}", f"side={side}", f"dist={bucket}", f"own={own}",
            f"sown={side}|{own}", f"lab={ent.label_}", f"dep={root.dep_}", f"prep={prep}",
            f"first={first}", f"last={last}", f"type={event_type}", f"tpos={trigger.pos_}",
            f"tdep={trigger.dep_}", f"tlem={trigger.lemma_.lower()}",
            f"lca={common.lemma_.lower() if common is not None else '-'}",
            f"lcapos={common.pos_ if common is not None else '-'}",
            f"n={min(n_dates, 3)}", f"npath={min(n_dates, 3)}|{path}",
            f"clause={clause}", f"tclause={event_type}|{clause}"]


@dataclass(frozen=True)
class DateModel:
    """Which date expression of the sentence, if any, is the event's own."""

    model: LinearModel
    threshold: float

    def rank(self, trigger: Token, event_type: str) -> list[Span]:
        """The sentence's date expressions the model gives to the event, most probable
        first (those under the threshold left out)."""
        ents = date_candidates(trigger.sent)
        if not ents:
            return []
        probs = self.model.scores([date_features(trigger, event_type, e, len(ents))
                                   for e in ents])
        k = self.model.classes.index(DATE)
        ranked = sorted(((float(p[k]), e) for p, e in zip(probs, ents)), key=lambda x: -x[0])
        return [e for p, e in ranked if p >= self.threshold]


PLACE = "place"


PLACE_DESCRIPTIONS: Mapping[str, frozenset[str]] = MappingProxyType({
    **dict.fromkeys(("city", "town", "village", "capital", "suburb", "port"),
                    frozenset({"city"})),
    **dict.fromkeys(("country", "nation"), frozenset({"country"})),
    **dict.fromkeys(("province", "region", "state", "district", "county"),
                    frozenset({"region"})),
    "area": frozenset({"city", "region"}),
})
"""Nouns that describe a place named before ("the city"), and the kinds of place
(``Place.precision``) they stand for."""


def place_candidates(sent: Span, seats: Collection[str] = (),
                     kinds: Collection[str] = ()) -> list[Token]:
    """The heads of the place names the parser marks in the sentence (GPE, LOC, FAC), of the
    seats of power it names (``seat_names``), of its descriptions of a place named before
    (``description_heads``) and of the other words for a kind of place (``location_heads``
    of ``kinds``): at training, where the gazetteer is not run; at extraction the heads of the
    resolved places stand in for the first, and a description is offered only where the
    article named a place of its kind before it (``events.place_of``)."""
    heads = [e.root for e in sent.ents if e.label_ in PLACE_LABELS] \
        + [e.root for e in seat_names(sent, seats)] + description_heads(sent)
    taken = {t.i for t in heads}
    return heads + [t for t in location_heads(sent, kinds) if t.i not in taken]


LOCATIVE_PREPOSITIONS = frozenset({
    "in", "at", "near", "outside", "inside", "around", "across", "along", "within",
    "throughout", "on", "into", "off", "from", "to", "toward", "towards", "over", "beyond"})
"""The prepositions before a word for a kind of place that may say where an act happened."""


def location_heads(sent: Span, kinds: Collection[str]) -> list[Token]:
    """The common nouns of the sentence that name a kind of place (lemmas of ``kinds``: "at
    the border", "a major airport", "outside the stadium", "visited the base"), outside the
    parser's entities, as the object of a preposition of ``LOCATIVE_PREPOSITIONS`` or of the
    verb: where an act happened as often as not (which, the place model decides)."""
    return [tok for tok in sent if tok.pos_ == "NOUN" and not tok.ent_type_
            and tok.lemma_.lower() in kinds
            and (tok.dep_ == "dobj" or tok.dep_ == "pobj"
                 and tok.head.lower_ in LOCATIVE_PREPOSITIONS)]


def place_words(tok: Token) -> Span:
    """The words of the place candidate ``tok`` heads: its entity, else its description
    ("the Saudi capital")."""
    ent = next((e for e in tok.sent.ents if e.root.i == tok.i), None)
    return ent if ent is not None else tok.doc[tok.left_edge.i:tok.i + 1]


def description_heads(sent: Span) -> list[Token]:
    """The nouns of the sentence that describe a place named before: a noun of
    ``PLACE_DESCRIPTIONS`` under "the", "this" or "that", with no other word before it but a
    country's adjective ("the Saudi capital") and none after it ("the city of Aleppo" and "the
    northern port city" tell of a place of their own), outside the parser's entities."""
    out = []
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.ent_type_ or tok.lemma_.lower() not in PLACE_DESCRIPTIONS \
                or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                           for c in tok.children) \
                or any(t.i > tok.i for t in tok.subtree):
            continue
        modifiers = [t for t in tok.subtree if t.i < tok.i and t.dep_ != "det"]
        if len(modifiers) > 1 or (modifiers and modifiers[0].text not in country_adjectives()):
            continue
        out.append(tok)
    return out


def seat_names(sent: Span, seats: Collection[str]) -> list[Span]:
    """The entities of the sentence the parser tags other than GPE, LOC or FAC (mostly ORG)
    that name a seat of power (``seats``, lower-cased: ``ActorWords.seats``), whole or at their
    end, a leading "the" dropped: "the White House", "the Obama White House", "Oval Office" of
    "an Oval Office meeting". Whether one is the event's place or a party (and "the White
    House said" a party) the models decide."""
    return [ent for ent in sent.ents if ent.label_ not in PLACE_LABELS and names_seat(ent, seats)]


def names_seat(ent: Span, seats: Collection[str]) -> bool:
    """Whether an entity names a seat of power (``seats``, lower-cased), whole or at its end,
    a leading "the" dropped."""
    words = [t.lower_ for t in ent if not t.is_space]
    if words and words[0] == "the":
        words = words[1:]
    return any(" ".join(words[k:]) in seats for k in range(len(words)))


def place_features(trigger: Token, event_type: str, tok: Token, n_places: int) -> list[str]:
    """Features of one (trigger, place name) pair: how the name hangs from the trigger (the
    dependency path, whether it lies in the trigger's own subtree, the preposition that
    governs it: "in", "from", "to"), side and distance, its role in the sentence (a subject or
    object is more often a party than a place), the trigger's type and word."""
    path, side, bucket, own, common = _relation(trigger, tok, tok.i)
    prep = tok.head.lower_ if tok.dep_ == "pobj" else "-"
    return ["bias", f"path={path}", f"side={side}", f"dist={bucket}", f"own={own}",
            f"sown={side}|{own}", f"ent={tok.ent_type_ or '-'}", f"dep={tok.dep_}",
            f"prep={prep}", f"pown={prep}|{own}", f"hdep={tok.head.dep_}",
            f"type={event_type}", f"tprep={event_type}|{prep}", f"tpos={trigger.pos_}",
            f"tlem={trigger.lemma_.lower()}",
            f"lca={common.lemma_.lower() if common is not None else '-'}",
            f"n={min(n_places, 3)}", f"npath={min(n_places, 3)}|{path}"]


@dataclass(frozen=True)
class PlaceModel:
    """Which place name of the sentence, if any, is where the event happened."""

    model: LinearModel
    threshold: float

    def rank(self, trigger: Token, event_type: str, heads: Sequence[Token]) -> list[Token]:
        """``heads`` (the place names of the trigger's sentence) the model gives the event
        (those under the threshold left out): those in the trigger's own clause (its subtree)
        first, then by probability. The model reads each name alone, and gives the place of
        the statement reporting an act ("attacked a convoy near Aleppo, the ministry said in
        Damascus") nearly as high a probability as the act's own, and which is higher depends on
        the fit (Damascus 0.95 against Aleppo 0.89 with model `16a2b0b7`, 0.86 against 0.92 with
        `b88ff28a`); the act's clause says which is the act's."""
        if not heads:
            return []
        probs = self.model.scores([place_features(trigger, event_type, t, len(heads))
                                   for t in heads])
        k = self.model.classes.index(PLACE)
        inside = {t.i for t in trigger.subtree}
        ranked = sorted(((float(p[k]), t.i, t) for p, t in zip(probs, heads)),
                        key=lambda x: (x[1] not in inside, -x[0], x[1]))
        return [t for p, _, t in ranked if p >= self.threshold]
