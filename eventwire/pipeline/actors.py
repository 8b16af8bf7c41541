"""The actor stage: a noun phrase of a parsed sentence → ``Actor``
{text, name, country, sector, kind}.

Sources, strongest first:
1. a person's name, from the document's memory (a person resolved once keeps that identity for
   "Erdogan", "Mr Erdogan", "MM Putin and Erdogan") or the table of office holders (date-aware);
2. the phrase's own words matched on the project's tables: country names, demonyms, capitals and
   seats of power used as metonyms, international organisations, user dictionaries;
3. the head noun and its modifiers for the sector (president → GOV, army → MIL, banks → BUS);
4. pronouns ("he", "it") → the last person / organisation named before them;
5. the place it acts in: a party of a sector that acts at home (``home_sectors`` of
   ``actor_words.tsv``: police, courts, legislators, parties, ministries, civilians) that names
   no country takes the country of a place of the document named among its words ("Dallas
   police", "Hong Kong's government"), else the country the document is about ("a federal
   judge", "Sen. X" in a story from Texas) where one country clearly leads its places and
   parties (``DocumentMemory.home``);
6. the story, once its events are known: a party of such a sector, or of the armed forces, that
   nothing above placed takes the country that the document's events' parties name most
   (``ActorResolver.placed_in_story``; ``story_sectors`` of ``actor_words.tsv``).

The small model's entities are not trusted alone: the tables are matched on tokens directly.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from types import MappingProxyType
from typing import Callable, Collection, Container, Iterable, Mapping

from spacy.tokens import Doc, Span, Token

from ..knowledge import ActorEntry, CountryEntry, Knowledge, SectorWord
from ..records import Actor, ActorKind, Event, EventDate, Place

MAX_PHRASE_TOKENS = 6
ACRONYM = re.compile(r"[A-Z]{2,6}")
"""An acronym a document defines in brackets after the full name ("(SDF)")."""
ROLE_PRIORITY = {"metonym": 0, None: 1, "capital": 2, "division": 2, "adjective": 3, "people": 3}
"""Which table entry among a phrase's words gives its party (lowest first): a named body or
a country before a capital, a division ("the Georgia Democratic Party" is the party's, in
Georgia's country) or a country's adjective."""


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    start: int  # token index in the Doc
    end: int
    entries: tuple[ActorEntry, ...]


def is_state(country: str | None, sector: str | None) -> bool:
    """Whether a party's code is a state's (three letters, ISO 3166), not an international
    body's ("NATO", "EU", or an organisation of sector IGO): what counts as a country the
    document names (``DocumentMemory.remember``, ``ActorResolver.placed_in_story``) and as a
    state of a list (``ActorResolver.coordinated_states``)."""
    return country is not None and len(country) == 3 and sector != "IGO"


HOME_MIN = 1
"""Mentions of a country before a document is about it (leading the next by ``HOME_LEAD``): one
— a snippet or a one-sentence report names its country once ("President X threatened a curfew
in Algiers"); measured against two in the thirteenth session (docs/models.md)."""
HOME_LEAD = 2.0
"""How many times as often as the next the leading country must be named."""
OFFICE_GRACE = timedelta(days=30)
"""How long after a term ends the office-holder table's office still holds: an article reports
the acts of its last weeks ("Mattis resigned", published two weeks after he left)."""
CANDIDACY = timedelta(days=730)
"""How long before taking an office of the table a person is read as its candidate (PTY):
a campaign for a head of state or government runs up to about two years."""
CANDIDACIES = frozenset({"presidential candidate"})
"""The table's roles that are a campaign, not an office: held while it runs (a candidate, PTY),
and no office to be a former holder of after it ("Mitt Romney" in 2019 is no former anything)."""
ELECTED_ROLES = frozenset({"president", "prime minister"})
"""The offices of the table whose holders-to-be campaign for them (``CANDIDACY``); a minister,
a judge or an ambassador to be is no candidate ("Judge Brett Kavanaugh" before he joined the
Supreme Court sat on an appeals court)."""

US_MEMBER_TAG = re.compile(
    r"\s*[(,]\s*[DRI](?:-|\.,?\s?)[A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?\s*[),]")
"""The party and state an American newspaper writes after a member of Congress: "Ron Wyden
(D-Ore.)", "Michael McCaul, R-Texas,", "Jeff Sessions (R., Ala.)". In the corpus's train split
134 of the 139 parties so tagged are coded USA LEG (3 PTY, 2 GOV)."""
US_MEMBER = ("USA", "LEG")
"""The country and sector such a tag gives where nothing else does."""
_WORD = re.compile(r"[A-Za-z]+\.?")
"""A word as ``ActorResolver.story_words`` counts it, with its period ("Sen.")."""


NAME_KINDS: Mapping[str, ActorKind] = MappingProxyType({
    "PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "organization"})
"""The kind of party a name of each entity type is, when the tables do not know it (a state
or province acting, "Texas sued", is its government: an organization)."""


@dataclass
class DocumentMemory:
    """What one document has said about its actors so far (one per document, never shared)."""

    published: date | None
    names: dict[str, Actor] = field(default_factory=dict)
    timeline: list[tuple[int, bool, Actor]] = field(default_factory=list)
    """(character offset in the cleaned text, is a subject, actor) in the order met."""
    countries: Counter[str] = field(default_factory=Counter)
    """How often the document names each country: its places (``DocumentMemory.of``) and the
    states of the parties resolved so far; what ``home`` reads."""
    places: dict[str, str] = field(default_factory=dict)
    """The document's place names (lower case) → their country ("dallas" → USA, "hong kong" →
    CHN), for the parties named with a place ("Dallas police", "Hong Kong's government")."""
    toponyms: tuple[Place, ...] = ()
    """The document's resolved places in the order of the text, for the places its events name
    by a description ("in the city", "there")."""
    acronyms: dict[str, Actor] = field(default_factory=dict)
    """The acronyms the document defines ("the Syrian Democratic Forces (SDF)") → the party
    their full name resolved to (``ActorResolver.define_acronyms``)."""
    story: tuple[int, int] = (0, 0)
    """How many of the document's words are of lawmaking and of elections
    (``ActorResolver.story_words``): whether "Democrats" are legislators or the party."""
    sexes: dict[str, str] = field(default_factory=dict)
    """A person's name (lower case) → the sex the text or the given name says, "m" or "f"."""
    last_date: EventDate | None = None
    """The date of the last dated event of the sentences read so far: what "two days later"
    and "that same day" count from (``dates.resolve_from``)."""
    acts: dict[str, EventDate] = field(default_factory=dict)
    """The date of the last dated event told by each trigger word so far (lemma, lower case):
    what "a day after the Kabul assault" counts from."""

    @classmethod
    def of(cls, published: date | None, places: Iterable[Place] = (),
           story: tuple[int, int] = (0, 0)) -> DocumentMemory:
        """The memory of a new document, knowing its places (the whole article's places are
        resolved before its events): each mention counts for its country."""
        places = sorted(places, key=lambda p: p.start)
        found = [(p.text.lower(), p.country) for p in places if p.country]
        return cls(published, countries=Counter(c for _, c in found),
                   places={text: country for text, country in found}, toponyms=tuple(places),
                   story=story)

    def place_before(self, position: int, precisions: Container[str],
                     country: str | None = None) -> Place | None:
        """The last place of one of ``precisions`` (in ``country``) named before ``position``."""
        return next((p for p in reversed(self.toponyms)
                     if p.start < position and p.precision in precisions
                     and (country is None or p.country == country)), None)

    def remember(self, actor: Actor, position: int, subject: bool = False,
                 name_tokens: Iterable[str] = (), counts: bool = True,
                 sex: str | None = None) -> None:
        """Keep an actor for later mentions; ``counts``: its country is named by the text (not
        taken from ``home``), so it counts towards the document's country; ``sex``: a person's,
        as the mention says it (the first mention that says one keeps it)."""
        if sex and actor.name:
            self.sexes.setdefault(actor.name.lower(), sex)
        if actor.kind == "person" and (actor.country or actor.sector):
            for key in {actor.name or "", *name_tokens}:
                if key:
                    self.names.setdefault(key.lower(), actor)
        if actor.country or actor.sector:
            self.timeline.append((position, subject, actor))
        if counts and actor.country and is_state(actor.country, actor.sector):
            self.countries[actor.country] += 1

    def last_named(self, position: int, keep: Callable[[Actor], bool]) -> Actor | None:
        """The last actor remembered before ``position`` that ``keep`` accepts."""
        return next((actor for pos, _, actor in reversed(self.timeline)
                     if pos < position and keep(actor)), None)

    def named_at(self, position: int) -> Actor | None:
        """The actor remembered at ``position`` (a head's character offset), if any."""
        return next((actor for pos, _, actor in reversed(self.timeline) if pos == position),
                    None)

    def home(self) -> str | None:
        """The country the document is about: the one it names most, at least ``HOME_MIN``
        times and at least ``HOME_LEAD`` times as often as the next (None when no country
        leads: a story of two states facing each other keeps its parties unplaced)."""
        ranked = self.countries.most_common(2)
        if not ranked or ranked[0][1] < HOME_MIN:
            return None
        if len(ranked) > 1 and ranked[0][1] < HOME_LEAD * ranked[1][1]:
            return None
        return ranked[0][0]

    def last_before(self, position: int, person: bool, barred: Actor | None = None,
                    sex: str | None = None) -> Actor | None:
        """The last person (or non-person) named as a subject before ``position``, else the last
        one named: "he" is the one the story follows, not the last man it mentioned ("Trump
        said Mulvaney's plan was fine. He added…"; on the dev split the sources' country and
        sector of matched events 0.634 → 0.639 against the last person named). Never the
        ``barred`` one, nor another mention of it, nor a person known to be of another ``sex``
        than the pronoun's."""
        earlier = [(subj, actor) for pos, subj, actor in self.timeline
                   if pos < position and (actor.kind == "person") == person
                   and not _same(actor, barred)
                   and (sex is None or self.sexes.get((actor.name or "").lower(), sex) == sex)]
        for subj, actor in reversed(earlier):
            if subj:
                return actor
        return earlier[-1][1] if earlier else None


class ActorResolver:
    """Resolves noun phrases to actors using the knowledge tables (built once per process)."""

    def __init__(self, knowledge: Knowledge,
                 known_name: Callable[[str], bool] | None = None,
                 division_country: Callable[[str], str | None] | None = None) -> None:
        self.knowledge = knowledge
        self.titles = knowledge.cue_set("titles")
        self.former_words = knowledge.cue_set("former_words")
        self.organization_heads = knowledge.cue_set("organization_heads")
        self.quantities = frozenset(knowledge.cues["vague_numbers"])
        self.partitives = frozenset(knowledge.cues["partitives"])
        # the closed word lists of data/actor_words.tsv (see its comments)
        self.np_left_deps = knowledge.word_list("np_left_deps")
        self.np_right_deps = knowledge.word_list("np_right_deps")
        self.title_heads = knowledge.word_list("title_heads")
        self.name_particles = knowledge.word_list("name_particles")
        self.patron_words = knowledge.word_list("patron_words")
        self.group_nouns = knowledge.word_list("group_nouns")
        self.locating_words = knowledge.word_list("locating_words")
        self.thing_pronouns = knowledge.word_list("thing_pronouns")
        self.speaker_pronouns = knowledge.word_list("speaker_pronouns")
        self.speakers_pronouns = knowledge.word_list("speakers_pronouns")
        self.male_pronouns = knowledge.word_list("male_pronouns")
        self.female_pronouns = knowledge.word_list("female_pronouns")
        self.person_pronouns = self.male_pronouns | self.female_pronouns
        self.male_titles = knowledge.word_list("male_titles")
        self.female_titles = knowledge.word_list("female_titles")
        self.given_names = knowledge.given_names
        self.person_nouns = knowledge.word_list("person_nouns")
        self.definite = knowledge.word_list("definite_determiners")
        self.transnational_sectors = knowledge.word_list("transnational_sectors")
        self.office_sectors = knowledge.word_list("office_sectors")
        self.home_sectors = knowledge.word_list("home_sectors")
        self.story_sectors = knowledge.word_list("story_sectors")
        self.stateless_heads = knowledge.word_list("stateless_heads")
        self.state_nouns = knowledge.word_list("state_nouns")
        self.victim_nouns = knowledge.word_list("victim_nouns")
        self.armed_vehicles = knowledge.word_list("armed_vehicles")
        self.family_name_first = knowledge.word_list("family_name_first")
        self.relation_nouns = knowledge.word_list("relation_nouns")
        self.legislating_words = knowledge.word_list("legislating_words")
        self.electoral_words = knowledge.word_list("electoral_words")
        self.parties = frozenset(e.name for entries in knowledge.phrases.values()
                                 for e in entries if e.sector == "PTY" and e.role == "group")
        """The names of the political parties of the tables ("Democratic Party")."""
        self.capitals = frozenset(c.lower() for entry in knowledge.countries
                                  for c in entry.capitals)
        """Capitals and seats of government (lower case), which stand for their governments."""
        self.short_forms = _short_forms(knowledge.countries,
                                        knowledge.word_list("compass_words"))
        """A country's short forms (lower case) → the countries they may name (``short_form``)."""
        self.misspellings = _misspelling_index(knowledge)
        self.longest_sector_phrase = max(
            (len(w.split()) for w in knowledge.sectors if " " in w), default=1)
        self.sector_phrase_heads = frozenset(w.split()[-1] for w in knowledge.sectors if " " in w)
        """Last words of sector phrases ("activists" of "human rights activists")."""
        self.known_name = known_name
        """Whether a word is a name of its own (a gazetteer place such as "Indiana"), so no
        misspelling of a country word; without it no word is read as misspelt."""
        self.division_country = division_country
        """The country of a first-level division named by a text ("Texas": USA), from the
        gazetteer; without it no division is a party of its own (``name_only``)."""

    # ---- table lookups on tokens ---------------------------------------------------------------

    def phrase_matches(self, tokens: Span | list[Token]) -> list[PhraseMatch]:
        """Longest table phrases found in a token sequence, left to right, not overlapping."""
        toks = list(tokens)
        out: list[PhraseMatch] = []
        i = 0
        while i < len(toks):
            at, found = i, self._longest_at(toks, i)
            if found is not None and toks[i].lower_ == "the" and i + 1 < len(toks):
                # a leading "the" is matched only as part of a table phrase ("the Hague"), and
                # not when the next word starts a longer one ("the UN Human Rights Office" is
                # no "the UN")
                after = self._longest_at(toks, i + 1)
                if after is not None and after.end > found.end:
                    at, found = i + 1, after
            if found is not None:
                found = self._run_on(toks, at, found)
            if found is None:
                found = self._misspelt(toks[i])
            if found:
                out.append(found)
                i += found.end - toks[i].i
            else:
                i += 1
        return out

    def _longest_at(self, toks: list[Token], i: int) -> PhraseMatch | None:
        """The longest table phrase that starts at ``toks[i]`` (consecutive words)."""
        doc = toks[i].doc
        for n in range(min(MAX_PHRASE_TOKENS, len(toks) - i), 0, -1):
            first, last = toks[i], toks[i + n - 1]
            if last.i - first.i != n - 1:
                continue
            entries = self.knowledge.phrase_entries(doc[first.i:last.i + 1].text)
            if entries:
                return PhraseMatch(first.i, last.i + 1, entries)
        return None

    def _run_on(self, toks: list[Token], at: int, found: PhraseMatch) -> PhraseMatch:
        """``found`` (the words of ``toks`` from ``at`` on) run on to the end of a longer phrase
        of the same party that starts inside it: a title's form of a name followed by the rest
        of the name ("President Xi" + "Xi Jinping", "Crown Prince Mohammed" + "Mohammed bin
        Salman") is one match of the whole, whose last word is the name's head."""
        for j in range(at + 1, at + found.end - found.start):
            later = self._longest_at(toks, j)
            if later is None or later.end <= found.end:
                continue
            shared = tuple(e for e in found.entries if e in later.entries)
            if shared:
                return PhraseMatch(found.start, later.end, shared)
        return found

    def _misspelt(self, tok: Token) -> PhraseMatch | None:
        """A country word misspelt by one letter ("Afganistan", "Quatar's emir", "Isreal"): one
        inserted, deleted or swapped letter, never the first, in a word the model tags as a
        place or people (GPE, NORP), of six letters or more, that names nothing else and is no
        place of the gazetteer ("Indiana" is no misspelt "Indian"). In 3,000 AllSides articles,
        without these conditions nearly every hit was another name (Indiana, Brazile, Daines)."""
        word = tok.text
        if len(word) < MISSPELT_MIN or not word[0].isupper() or tok.ent_type_ not in (
                "GPE", "NORP") or self.known_name is None or self.known_name(word):
            return None
        key = word.lower()
        found = {name for variant in (key, *_deletions(key))
                 for name in self.misspellings.get(variant, ())
                 if name[0] == key[0] and _one_edit(name, key)}
        entries = tuple(dict.fromkeys(e for name in sorted(found)
                                      for e in self.knowledge.phrases.get(name, ())
                                      if e.role != "dictionary"))
        if not entries or len({e.country for e in entries}) != 1:
            return None
        return PhraseMatch(tok.i, tok.i + 1, entries)

    def person_entry(self, name: str, when: date | None,
                     in_office_only: bool = False) -> ActorEntry | None:
        """The office-holder table's entry for a name as of ``when`` (``holder``)."""
        return holder([e for e in self.knowledge.phrase_entries(name) if e.kind == "person"],
                      when, in_office_only)

    def short_form(self, head: Token, tokens: list[Token], memory: DocumentMemory
                   ) -> Actor | None:
        """A country named by the short form of its name, "the" and the capitalised words of
        its official name before "of" ("the Kingdom" of Saudi Arabia, "the Islamic Republic"
        of Iran) or the compass point it begins with ("the North" of North Korea): the one
        country of that form the document has named; None where it named none or several."""
        words = [t for t in tokens if not t.is_punct]
        if len(words) < 2 or words[0].lower_ != "the" or words[-1] != head \
                or not all(t.is_title or t.tag_ == "POS" for t in words[1:]) \
                or self.phrase_matches(tokens):
            return None
        form = "".join(t.text_with_ws for t in words[1:]).strip().lower()
        named = [c for c in self.short_forms.get(form, ()) if memory.countries.get(c.iso3)]
        if len(named) != 1:
            return None
        return Actor(_words(tokens), named[0].name, named[0].iso3, None, "country")

    def sector_of(self, tokens: Iterable[Token], singulars: bool = True
                  ) -> tuple[str | None, str | None]:
        """(sector, kind) from the first sector word among the tokens (head noun first); with
        ``singulars``, a plural the small model left as written ("Marines", "U.S. Forces") is
        read as its singular too, unless it is part of a person's name ("Rep. Jim Banks")."""
        for tok in tokens:
            singular = _singular(tok) if singulars and tok.ent_type_ != "PERSON" else None
            for key in (tok.lemma_.lower(), tok.text.lower(), singular):
                word = self.knowledge.sectors.get(key) if key else None
                if word:
                    return word.sector, word.kind
        return None, None

    def sector_phrase(self, tokens: list[Token], head: Token | None
                      ) -> tuple[str | None, str | None]:
        """(sector, kind) of the longest sector phrase of several words that holds the head
        ("main opposition group", "government newspaper", "human rights activists") — or,
        without a head, of any such phrase among the tokens (a person's title: "Attorney
        General William Barr") —, matched on the words as written or with the last one as its
        lemma; (None, None) if none."""
        found = self._sector_phrase_at(tokens, head)
        return (found[1].sector, found[1].kind) if found else (None, None)

    def person_title(self, tokens: list[Token]) -> tuple[set[int], str | None]:
        """A person's title of several words among the tokens ("Attorney General", "House
        Speaker"): its words, which are no part of the person's name, and its sector; no words
        and None when there is none."""
        found = self._sector_phrase_at(tokens, None)
        if found is None or found[1].kind != "person":
            return set(), None
        return set(range(found[0].start, found[0].end)), found[1].sector

    def _sector_phrase_at(self, tokens: list[Token], head: Token | None
                          ) -> tuple[Span, SectorWord] | None:
        """The longest sector phrase of several words among the tokens (holding ``head``
        when one is given) and its table row."""
        if self.longest_sector_phrase < 2 or not tokens:
            return None
        doc = tokens[0].doc
        lo = min(t.i for t in tokens)
        hi = max(t.i for t in tokens)
        for n in range(min(self.longest_sector_phrase, hi - lo + 1), 1, -1):
            first_start, last_start = (lo, hi - n + 1) if head is None else (
                max(lo, head.i - n + 1), min(head.i, hi - n + 1))
            for start in range(first_start, last_start + 1):
                first, last = doc[start], doc[start + n - 1]
                text = doc[start:start + n].text.lower()
                lemma = text[:last.idx - first.idx] + last.lemma_.lower()
                for key in (text, lemma):
                    word = self.knowledge.sectors.get(key)
                    if word:
                        return doc[start:start + n], word
        return None

    # ---- noun phrases ----------------------------------------------------------------------------

    def phrase_tokens(self, head: Token) -> list[Token]:
        """The base noun phrase of ``head``: its modifiers and glued names, no clauses."""
        keep = {head.i}

        def add_subtree(tok: Token) -> None:
            # the words under ``tok`` but not those of a clause hanging in it ("the activist
            # who was killed in Raqqa": not "who was killed in Raqqa")
            stack = [tok]
            while stack:
                word = stack.pop()
                if word.dep_ not in ("relcl", "acl", "advcl"):
                    keep.add(word.i)
                    stack.extend(word.children)

        hung = person_hung_before(head)
        for child in head.lefts:
            if hung is not None and child == hung[0]:
                add_subtree(hung[1])  # the title of this person, not the person before it
            elif child.dep_ in self.np_left_deps:
                add_subtree(child)
        for child in head.rights:
            if child.dep_ in self.np_right_deps:
                add_subtree(child)
            elif child.dep_ == "prep" and self._belongs(head, child):
                add_subtree(child)
        doc = head.doc
        lo, hi = min(keep), max(keep)
        if hi == head.i and hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "B" \
                and doc[hi + 1].ent_type_ == "PERSON" and self._titled(head):
            # a title right before a name is that person's, however the parser hung the name
            # ("accused President Barack Obama of": "Barack" a preposition, "Obama" its object)
            hi += 1
            while hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "I":
                hi += 1
        if head.ent_type_ == "PERSON" and lo > 0 and lo == min(t.i for t in head.subtree):
            # a title of several words right before a name whose "of" the parser cut from it
            # ("White House chief of staff Howard Baker said": "chief" a verb's conjunct)
            title = doc[lo - 1]
            while title.dep_ in ("pobj", "prep") and title.head.i < title.i:
                title = title.head
            if title.i < lo - 1 and self._titled(title) \
                    and max(t.i for t in title.subtree) == lo - 1:
                lo = min(t.i for t in title.subtree)
        lo, hi = _trimmed(doc, lo, hi)
        lo, hi = _balanced(doc, lo, hi)
        return [doc[i] for i in range(lo, hi + 1)]

    def _belongs(self, head: Token, prep: Token) -> bool:
        """Whether a head noun's preposition phrase is part of its name or title: "of" after a
        title or a sector word ("the governor of Texas", "ministry of foreign affairs") or in a
        name of the tables ("the Bank of England"); "for" after a title ("the UN envoy for
        Syria")."""
        if prep.lower_ == "for":
            return self._titled(head)
        if prep.lower_ == "of" and head.ent_type_ in ("ORG", "FAC") and prep.ent_iob_ == "I" \
                and prep.ent_type_ == head.ent_type_:
            return True  # inside one name the parser marks ("the Office of Foreign Assets Control")
        return prep.lower_ == "of" and (
            head.lemma_.lower() in self.title_heads or head.lemma_.lower()
            in self.knowledge.sectors or head.lower_ in self.sector_phrase_heads
            or self._names_with_of(head, prep))

    def _names_with_of(self, head: Token, of: Token) -> bool:
        """Whether "HEAD of X" is a name or a sector phrase of the tables ("the Prince of Dol
        Amroth", "the Bank of England", "ministry of foreign affairs"), so that its "of"
        phrase belongs to it."""
        end = max(t.i for t in of.subtree) + 1
        if end - head.i > MAX_PHRASE_TOKENS + 2:
            return False
        text = head.doc[head.i:end].text
        return bool(self.knowledge.phrase_entries(text)) or text.lower() in self.knowledge.sectors

    def name_run(self, tokens: list[Token], matched: set[int],
                 head: Token | None = None) -> list[Token]:
        """The proper-name tokens of a phrase (titles, sector words and table phrases removed):
        the run that holds the phrase's head when the head is a name ("Attorney General
        **William Barr**"), none when the head is a name of the tables (which then decide),
        else the first run that names a person ("Senate Minority Leader **Chuck Schumer**"),
        else the first run; never a possessor's ("Trump's defense secretary, Jim Mattis" is
        not Trump)."""
        runs: list[list[Token]] = [[]]
        for tok in tokens:
            run = runs[-1]
            if tok.i in matched or tok.lower_ in self.titles:
                if run:
                    runs.append([])
                continue
            is_name = tok.pos_ == "PROPN" or (tok.ent_type_ == "PERSON" and tok.is_title)
            particle = tok.text in self.name_particles and tok.i + 1 < len(tok.doc) \
                and tok.doc[tok.i + 1].pos_ == "PROPN"  # "Staffan de Mistura"
            is_glue = run and (tok.tag_ == "HYPH" or particle)
            if is_name and tok.lemma_.lower() not in self.knowledge.sectors or is_glue:
                run.append(tok)
            elif run:
                runs.append([])
        for run in runs:
            while run and (run[-1].tag_ == "HYPH" or run[-1].text in self.name_particles):
                run.pop()
        held = next((r for r in runs if head is not None and head in r), None)
        if held is not None:
            return _from_person(held)
        if head is not None and head.i in matched and head.pos_ == "PROPN":
            return []  # the head is a name of the tables ("Foreign Minister Sergei Lavrov")
        named = [r for r in runs if r and not _possessive(r[-1])]
        return _from_person(next((r for r in named if any(t.ent_type_ == "PERSON" for t in r)),
                                 named[0] if named else []))

    def resolve(self, head: Token, memory: DocumentMemory, offset: int = 0) -> Actor | None:
        """The actor named by the noun phrase headed by ``head`` (``offset``: paragraph start)."""
        head = self.counted(head)  # "some of the protesters": the protesters
        if head.pos_ == "PRON":
            return self._pronoun(head, memory, offset)
        defined = memory.acronyms.get(head.text)
        if defined is not None:  # "the SDF", after "the Syrian Democratic Forces (SDF)"
            return replace(defined, text=_words(self.phrase_tokens(head)))
        if head.dep_ == "appos" and head.ent_type_ == "PERSON" and self._titled(head.head):
            # "Colorado's secretary of state, Jena Griswold": the person the title names
            described = self.resolve(head.head, memory, offset)
            if described is not None and described.kind == "person" and described.name:
                return replace(described, text=_words(self.phrase_tokens(head)))
        tokens = self.phrase_tokens(head)
        short = self.short_form(head, tokens, memory)
        if short is not None:
            memory.remember(short, offset + head.idx, _is_subject(head))
            return short
        known = _named_person_word(head, tokens, memory)
        if known is not None:
            # a person the document named before, by a name the tagger read as a common noun
            # ("Ventrell disputed", "Bottoms said", after "Patrick Ventrell", "Keisha Lance
            # Bottoms")
            actor = replace(known, text=_words(tokens))
            memory.remember(actor, offset + head.idx, _is_subject(head))
            return actor
        doc = head.doc
        text = _words(tokens)
        # the family name of another given name is no office holder's ("Ariel Castro"); a
        # match is read as the article's places say (a division, a people's state)
        matches = []
        for m in self.phrase_matches(tokens):
            read = None if self._namesake(doc, m) else self._among_states(
                _as_placed(doc, self._as_told(m, head.sent, memory), memory, offset), memory)
            if read is not None:
                matches.append(read)
        matches = [m for m in matches if not _inside_name(doc, m, matches, memory)
                   and not _campaign_over(m, memory.published)]
        matched = {i for m in matches for i in range(m.start, m.end)}

        # 1. people: memory, then the office-holder table
        person: Actor | None = None
        titled, title_sector = self.person_title(tokens)
        run = self.name_run(tokens, matched | titled, head)
        # a person of the table, not a possessor ("Trump's defense secretary, Jim Mattis"),
        # whose country is the possessed's where nothing else gives one ("Trump's spokesman");
        # nor a person's name that modifies a body of its own sector ("the Trump campaign" in
        # 2018 is the party's, not the president's)
        own_sector = head.pos_ == "NOUN" and self.sector_of([head])[1] in (
            "organization", "group")
        owned = [m for m in matches
                 if not m.start <= head.i < m.end and (_possessive(doc[m.end - 1]) or (
                     own_sector and doc[m.end - 1].head == head
                     and all(e.kind == "person" for e in m.entries)))]
        # the person whose name holds the head first ("Trump supporter Lindsey Graham")
        table_match = next(((m, e) for m in sorted(
            matches, key=lambda m: not m.start <= head.i < m.end)
            if m not in owned and (
                e := holder([e for e in m.entries if e.kind == "person"], memory.published,
                            in_office_only=m.end - m.start == 1))), None)
        owner = holder([e for m in owned for e in m.entries if e.kind == "person"],
                       memory.published)
        if run:
            full = doc[run[0].i:run[-1].i + 1].text
            surname = run[-1].text
            known = memory.names.get(full.lower()) or memory.names.get(surname.lower())
            # a family name alone names a person in office only
            entry = self.person_entry(full, memory.published, in_office_only=len(run) == 1)
            if known:
                person = known
            elif entry:
                person = Actor(text, entry.name, entry.country, entry.sector, "person")
            elif table_match and not any(t.ent_type_ == "PERSON" for t in run):
                # capitalised title words are no name beside a person of the table ("his
                # former National Security Advisor, John Bolton" is Bolton)
                entry = table_match[1]
                person = memory.names.get(entry.name.lower()) or Actor(
                    text, entry.name, entry.country, entry.sector, "person")
                run = []
            elif any(t.ent_type_ == "PERSON" for t in run) \
                    or _looks_like_name(run, self.name_particles):
                person = Actor(text, full, None, None, "person")
        elif (named := self._named_before(doc, [m for m in matches if m not in owned
                                                and m.start <= head.i < m.end],
                                          memory)) is not None:
            # the person named before, not the possessor named before ("Putin's spokesman")
            person = named
        elif table_match:
            # a person named in full as in the table: as the document knew them, if it did
            entry = table_match[1]
            person = memory.names.get(entry.name.lower()) or Actor(
                text, entry.name, entry.country, entry.sector, "person")

        # 2. countries, organisations, metonyms among the phrase's words
        # not a patron's country ("US-backed Kurdish fighters" are no Americans)
        groups = [e for m in matches if not self._patron(doc, m) for e in m.entries
                  if e.kind != "person" and e.active_on(memory.published)]
        groups.sort(key=lambda e: ROLE_PRIORITY.get(e.role, 1))
        place = groups[0] if groups else None
        if place is not None and place.country is None and place.role == "group":
            # a group of no one country named with a country word ("the Syrian Republican
            # Guard", "Kenyan Social Democrats") acts in that country
            where = next((e for m in matches if not _hyphenated(doc, m) for e in m.entries
                          if e.kind != "person" and e.country and e.sector != "IGO"
                          and e.active_on(memory.published)), None)
            if where is not None:
                place = replace(place, country=where.country)
        others = [t for t in tokens if t.i != head.i]
        sector: str | None
        kind: str | None
        # a phrase of several words first ("main opposition group", "news agency")
        sector, kind = self.sector_phrase(tokens, head)
        phrase = sector is not None
        if sector is None and head.lemma_.lower() in self.title_heads:
            # "opposition leader", "security chief": the modifier's sector comes first, then a
            # named group's or body's ("al-Qaeda leaders" are REB, "a Pentagon spokesman" MIL),
            # then the title's own
            sector, _ = self.sector_of(others)
            if sector is None and place is not None and place.role in ("group", "metonym"):
                sector = place.sector
            sector = sector or self.sector_of([head])[0]
            kind = "person"
        elif sector is None:
            # a named group's own sector comes before its modifiers' ("Hizbollah (Party of
            # God) group" is REB, not a party) and before a plural of its name ("Syrian
            # Democratic Forces" are REB)
            head_sector, head_kind = self.sector_of([head], singulars=False)
            if head_sector is None and place is not None and place.role == "group" \
                    and place.sector:
                kind = head_kind
            else:
                sector, kind = self.sector_of([head, *others], singulars=False)
                if sector is None:  # a plural head left as written: "U.S. Marines"
                    sector, kind = self.sector_of([head])
                kind = head_kind or kind  # "riot police" is a group, whatever "riot" says
        if sector in self.office_sectors and self._former(tokens, head):
            sector = "ELI"  # "former security officials", "ousted President X"
        if sector is None and place is not None and place.country \
                and head.lemma_.lower() in self.armed_vehicles:
            sector, kind = "MIL", "group"  # "Russian jets", "Turkish tanks"

        if person is not None:
            # of the possessor's country where nothing else gives one ("Trump's budget chief
            # Mick Mulvaney"), as a nameless title is ("Trump's spokesman")
            country = person.country or (place.country if place else None) \
                or (owner.country if owner else None) \
                or self._possessor_country(head, tokens, memory, offset)
            own = next((e for m in matches if not _hyphenated(doc, m) for e in m.entries
                        if e.kind != "person" and e.active_on(memory.published)
                        and e.role in ("adjective", None)
                        and not (e.sector in self.transnational_sectors and person.country
                                 and person.sector not in self.transnational_sectors)), None)
            if own is not None and own.country and own.country != person.country \
                    and not memory.names.get((person.name or "").lower()):
                # the text's own country word beats a table entry of another term or office
                # ("Georgian President Eduard Shevardnadze", once a Soviet minister), not one
                # of a compound ("Russia-backed oligarch Viktor Yanukovych"), nor an
                # organisation's where the table gives a state's official ("U.N. Ambassador
                # Nikki Haley" is American; "UN envoy Staffan de Mistura" the UN's)
                country = own.country
            # a title among the words ("Sen. Rand Paul, Kentucky Republican") before the sector
            # of a group the person belongs to (the party gives the country); a title of
            # several words before any one of its words ("Attorney General" is no general)
            title = None if phrase else title_sector or self._shared_title(head)
            # a title that takes its sector from the group named with it is that group's, as
            # it is without a name ("Islamic State spokesman Abu Mohammed al-Adnani" is REB,
            # as "the Islamic State spokesman" is; not GOV, the spokesman's own)
            group = place.sector if place is not None and place.role in (
                "group", "metonym") and any(
                t.lemma_.lower() in self.title_heads for t in others) else None
            # ... or the sector of an organisation named in the person's title ("House
            # Oversight Committee Chairman Darrell Issa" is the legislature's)
            said = title or group or sector or self.sector_of(others)[0] \
                or self.sector_phrase(others, None)[0] or (place.sector if place else None) \
                or self._aide_of(owner, tokens, memory, offset)
            if person.sector == "PTY":
                # a candidate on the day, whatever the title says ("Former Vice President
                # Joseph R. Biden" in 2020, "Sen. Bernie Sanders" in 2016: R5)
                sector = person.sector
            elif person.sector == "ELI":
                # a former office holder is what the text's title says ("Palestinian leader
                # Yasser Arafat" in a later year), if it says anything
                sector = said or person.sector
            else:
                sector = person.sector or said  # the table's office first
            if person.sector is None and place is not None \
                    and place.sector in self.transnational_sectors:
                sector = place.sector  # "the UN special envoy, Staffan de Mistura" is IGO
            if sector in self.office_sectors and self._former(tokens, head):
                sector = "ELI"
            if country in (None, US_MEMBER[0]) and run and US_MEMBER_TAG.match(
                    doc.text, run[-1].idx + len(run[-1].text)):
                country, sector = US_MEMBER[0], sector or US_MEMBER[1]
            actor = Actor(text, person.name, country, sector, "person")
            placed = self._at_home(actor, memory, tokens)
            # later mentions name the family name: the last word, or in the countries that
            # put it first ("Kim Jong Un" is "Kim") the first one too; of the name as the
            # text wrote it, or as the table matched it (the match that gave the person, never
            # a possessor's: "Trump" in "Trump's defense secretary, Jim Mattis" is no Mattis)
            named_by = [table_match[0]] if table_match and table_match[1].name == person.name \
                else [m for m in matches if m not in owned]
            words = run or next(([doc[i] for i in range(m.start, m.end)] for m in named_by
                                 if any(e.kind == "person" for e in m.entries)), [])
            family = [words[0]] if len(words) > 1 and placed.country in \
                self.family_name_first else []
            memory.remember(placed, offset + head.idx, _is_subject(head),
                            [t.text for t in family + words[-1:]], counts=placed is actor,
                            sex=self._sex(tokens, run, person.name))
            return placed
        located = self._located_in(head)
        if place is not None and located and any(t.lower_ == "ethnic" for t in tokens):
            # "ethnic Albanians in south Serbia" are civilians who live in Serbia
            sector = sector or ("CVL" if place.role == "people" else None)
            place = None
        if place is None and located is not None and (sector is not None or head.pos_ == "PROPN"):
            # "rebels in the Ivory Coast", "opposition parties in Nepal": where they act
            actor = Actor(text, None, located.country, sector, kind or "group")  # type: ignore[arg-type]
            memory.remember(actor, offset + head.idx, _is_subject(head))
            return actor
        if place is not None:
            only_place = all(i in matched for i in (t.i for t in tokens if not t.is_punct
                                                    and t.dep_ not in ("det", "case")))
            if place.role in ("people", None) and any(
                    m.start <= head.i < m.end and place in m.entries for m in matches):
                # "more than 100 Palestinians", "young Algerians": the people themselves; a
                # country's name as the head, whatever describes it ("neighbouring Turkey",
                # "Iran, a major oil producer"): the country
                only_place = True
            if not only_place and place.role == "capital" and sector is None \
                    and not self._can_act(head):
                return None  # a thing at a city ("the Paris attack", "the Vienna talks")
            if only_place:
                kind = {"metonym": "organization", "group": "organization", "people": "group",
                        "adjective": "group", "division": "organization"}.get(
                    place.role or "", "organization" if place.sector == "IGO" else "country")
                # a people named by "the" and its plural demonym is its state's government
                # ("the Saudis relented", "the Russians declared"), otherwise its people
                # ("Palestinians protested", "more than 160 Palestinians"): of the corpus's train
                # split's parties so written, 23 of 30 with "the" are GOV (1 CVL), 22 of 48
                # counted or described CVL (3 GOV); bare ones are GOV 27 times of 45 (CVL 5),
                # but the PLOVER GSR codes them civilians (its sector 0.823 → 0.810 read as
                # GOV), so they stay CVL. A people of no state of its own is what
                # ``peoples.tsv`` says ("the Kurds": no sector).
                if place.role != "people" or place.name in self.knowledge.peoples:
                    sector = place.sector
                elif len(tokens) == 2 and tokens[0].lower_ == "the":
                    sector = "GOV"
                else:
                    sector = "CVL"
                actor = Actor(text, place.name, place.country, sector, kind)  # type: ignore[arg-type]
            else:
                if place.sector in self.transnational_sectors:
                    sector = place.sector  # "activists of Amnesty International" are NGO
                actor = Actor(text, place.name if place.role in ("metonym", "group") else None,
                              place.country,
                              sector or place.sector, kind or "group")  # type: ignore[arg-type]
            actor = self._people_forces(actor, [e for m in matches for e in m.entries])
            if place.role == "group" and place.country is None:
                # a body of no one country that acts at home ("the House", "the Social
                # Democrats"): the story's (not counted as the text naming it)
                placed = self._at_home(actor, memory, tokens)
                memory.remember(placed, offset + head.idx, _is_subject(head),
                                counts=placed is actor)
                return placed
            memory.remember(actor, offset + head.idx, _is_subject(head))
            return actor
        if sector is None and (aide := self._aide_of(owner, tokens, memory, offset)) is not None:
            sector, kind = aide, "person"  # "Trump's chief of staff"
        if sector is not None and (self._can_act(head) or phrase):
            country = owner.country if owner else self._possessor_country(
                head, tokens, memory, offset)
            actor = Actor(text, None, country, sector, kind or "group")  # type: ignore[arg-type]
            earlier = self._described(actor, tokens, head, memory, offset + head.idx)
            if earlier is not None:
                return replace(actor, name=earlier.name, country=earlier.country)
            return self._at_home(actor, memory, tokens)
        found = None
        if head.lemma_.lower() in self.group_nouns and len(tokens) == 2 \
                and tokens[0].lower_ in self.definite:
            # "the group", "the organisation": the last organisation named that is no organ of
            # a state (``office_sectors``)
            found = memory.last_named(offset + head.idx, lambda a: bool(
                a.name and a.kind in ("organization", "group")
                and a.sector not in self.office_sectors))
        elif head.lemma_.lower() in self.state_nouns and head.tag_ == "NN" and len(tokens) == 2 \
                and tokens[0].lower_ == "the":
            # "the country", "the nation": the last state named as a state ("North Korea fired
            # two missiles. The country also threatened Japan")
            found = memory.last_named(offset + head.idx, lambda a: a.kind == "country")
        return replace(found, text=text) if found is not None else None

    def define_acronyms(self, sent: Span, memory: DocumentMemory, offset: int) -> None:
        """Remember the acronyms the sentence defines, "Full Name (ACR)", as the party the full
        name resolves to: later mentions by the acronym are that party, whether or not the
        tables know the acronym (an acronym of the tables may name another body elsewhere)."""
        doc = sent.doc
        for tok in sent:
            if not (ACRONYM.fullmatch(tok.text) and sent.start + 2 <= tok.i < sent.end - 1
                    and doc[tok.i - 1].text == "(" and doc[tok.i + 1].text == ")"):
                continue
            full = tok.head if tok.dep_ == "appos" and tok.head.i < tok.i else doc[tok.i - 2]
            if full.pos_ not in ("PROPN", "NOUN") or full.text == tok.text:
                continue
            actor = self.resolve(full, memory, offset)
            if actor is not None and (actor.country or actor.sector):
                memory.acronyms.setdefault(tok.text, actor)

    def _shared_title(self, head: Token) -> str | None:
        """The sector of a title in the plural that the first of coordinated names carries for
        all of them ("Senators Mary Landrieu and Joe Manchin": Manchin is a senator too)."""
        if head.dep_ != "conj":
            return None
        first = head.head
        while first.dep_ == "conj":
            first = first.head
        for tok in first.lefts:
            if tok.dep_ != "compound":
                continue
            low = tok.lower_
            if low.endswith("s."):  # "Sens.", "Reps."
                keys: tuple[str, ...] = (low,)
            elif tok.tag_ in ("NNS", "NNPS") or (tok.tag_ == "NNP"
                                                 and low.endswith(("s", "men"))):
                # a title in the plural: its lemma, else the word made singular where the
                # small model left it as written ("Senators" NNP, "Congressmen")
                keys = tuple(k for k in (tok.lemma_.lower(), _singular(tok)) if k)
            else:
                continue
            word = next((w for k in keys if (w := self.knowledge.sectors.get(k))), None)
            if word is not None and word.kind == "person":
                return word.sector
        return None

    def _patron(self, doc: Doc, match: PhraseMatch) -> bool:
        """Whether a table phrase names the patron or opponent of the party, not the party:
        "US-backed", "pro-Russian", "anti-Assad" (``patron_words``)."""
        after = match.end + 1 < len(doc) and _hyphen(doc[match.end]) \
            and doc[match.end + 1].lower_ in self.patron_words
        before = match.start > 1 and _hyphen(doc[match.start - 1]) \
            and doc[match.start - 2].lower_ in self.patron_words
        return after or before

    @staticmethod
    def _named_before(doc: Doc, matches: list[PhraseMatch], memory: DocumentMemory
                      ) -> Actor | None:
        """The person the document named before by a family name of the office-holder table
        that the text gives alone: the document's own person, whoever the table's is ("Sen.
        Marco Rubio", then "Rubio" years before the table's Rubio became a minister; "Home
        Secretary John Reid", then "Reid"); ``matches``: those that hold the phrase's head
        (not "Trump" in "Trump supporter Lindsey Graham")."""
        for m in matches:
            if m.end - m.start == 1 and all(e.kind == "person" for e in m.entries):
                known = memory.names.get(doc[m.start].text.lower())
                if known is not None:
                    return known
        return None

    def name_only(self, head: Token) -> Actor | None:
        """A name the tables do not know ("the YPG denies", "MGM Resorts International filed a
        lawsuit"): the party the text names, of no known country or sector — for a head the
        argument model chose as a party that ``resolve`` cannot place; None for a word that is
        no name (a pronoun, "the two men"). A first-level division acting ("Texas and 25 other
        states sued") is its government, as a state is (the corpus's annotations code 71 of 72
        parties that are a US state or Scotland GOV of its country)."""
        kind = NAME_KINDS.get(head.ent_type_)
        if kind is None:
            return None
        text = _words(self.phrase_tokens(head))
        ent = next((e for e in head.sent.ents if e.start <= head.i < e.end), None)
        name = ent.text if ent is not None else head.text
        if name.lower().startswith("the "):
            name = name[4:]
        country = self.division_country(name) if self.division_country is not None \
            and head.ent_type_ == "GPE" else None
        if country is not None:
            return Actor(text, name, country, "GOV", "organization")
        return Actor(text, name, None, None, kind)

    def with_sector(self, actor: Actor, sector: str, head: Token, tokens: list[Token],
                    memory: DocumentMemory, offset: int = 0) -> Actor:
        """``actor`` (the party of the words ``tokens``, headed by ``head``) given ``sector``
        — the learned sector model's, for a party the tables left without one —, placed at
        home as a party of that sector named without a country is (``_at_home``), and
        remembered for later mentions: a person by the last word of its name too ("Krastev"
        after "Nikolay Krastev")."""
        placed = self._at_home(replace(actor, sector=sector), memory, tokens)
        family = [actor.name.split()[-1]] if actor.kind == "person" and actor.name else []
        memory.remember(placed, offset + head.idx, _is_subject(head), family,
                        counts=placed.country == actor.country)
        return placed

    def unplaced(self, head: Token) -> Actor:
        """A party known only by its words, for a head the argument model is sure of that
        nothing places ("the ICE agent in charge", "the driver"): no name, country or sector;
        a group when plural, a person when a word for one, else an organisation."""
        kind: ActorKind
        if head.tag_ in ("NNS", "NNPS"):
            kind = "group"
        elif head.lemma_.lower() in self.person_nouns:
            kind = "person"
        else:
            kind = "organization"
        return Actor(_words(self.phrase_tokens(head)), None, None, None, kind)

    def counted(self, head: Token) -> Token:
        """The people a number, a vague quantity or a part counts ("thousands of people",
        "dozens of countries", "a majority of senators", "some of the protesters"), else the
        word itself."""
        if head.pos_ == "NUM" or head.lower_ in self.quantities or head.lower_ in self.partitives:
            counted = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"]
            if counted:
                return counted[0]
        return head

    def first_person(self, head: Token, speaker: Callable[[], Actor | None]) -> Actor | None:
        """A first-person pronoun as the speaker of the quote it stands in (``speaker``: who
        says it, looked up only for such a pronoun): "I", "me" the speaker ("'I will not
        resign,' Abbas said"), "we", "us" the speaker's side, its country and sector ("'We will
        respond,' Putin said": Russia's government); None for other words, or when no speaker
        is known."""
        word = head.lower_
        if word not in self.speaker_pronouns and word not in self.speakers_pronouns:
            return None
        said = speaker()
        if said is None or not (said.country or said.sector):
            return None
        if word in self.speaker_pronouns:
            return replace(said, text=head.text)
        return Actor(head.text, None, said.country, said.sector, "group")

    def nameless(self, head: Token, memory: DocumentMemory, victim: bool = False
                 ) -> Actor | None:
        """A party that the argument model chose and that nothing else places — no table,
        name or earlier mention —, named by a plural noun for states ("world powers", "its
        allies", "dozens of countries"): governments of no one country (``state_nouns``); or,
        when it is the ``victim`` of an attack, by a noun for people as such ("34 people", "a
        man": ``victim_nouns``): civilians (CVL), placed as "civilians" are (``_at_home``).
        None for other words: a nameless "the two men" or "the jet" names no one the tables
        can code (giving such parties with no country or sector was tried: their spans gain,
        their countries and sectors lose; ``docs/models.md``)."""
        head = self.counted(head)
        lemma = head.lemma_.lower()
        if victim and lemma in self.victim_nouns:
            sector = "CVL"
        elif lemma in self.state_nouns and head.tag_ in ("NNS", "NNPS"):
            sector = "GOV"
        else:
            return None
        tokens = self.phrase_tokens(head)
        actor = Actor(_words(tokens), None, None, sector, "group")
        return self._at_home(actor, memory, tokens) if sector == "CVL" else actor

    def _described(self, actor: Actor, tokens: list[Token], head: Token,
                   memory: DocumentMemory, position: int) -> Actor | None:
        """The party named earlier that a nameless definite description points back to ("the
        president", "the rebels", "the ministry"): the last one before it of its sector and
        kind (a person or not), one whose words hold the description's head first ("President
        Donald Trump" for "the president"); None for other phrases, for people in the plural
        ("the two leaders" are several persons, not the last one named) or when there is none."""
        if tokens[0].lower_ not in self.definite or any(t.pos_ == "PROPN" for t in tokens):
            return None
        person = actor.kind == "person"
        if person and head.tag_ in ("NNS", "NNPS"):
            return None
        earlier = [a for pos, _, a in memory.timeline if pos < position and a.country
                   and a.sector == actor.sector and (a.kind == "person") == person]
        word = head.lemma_.lower()
        named = [a for a in earlier if word in a.text.lower()]
        chosen = named or earlier
        return chosen[-1] if chosen else None

    def _among_states(self, match: PhraseMatch, memory: DocumentMemory) -> PhraseMatch | None:
        """A people of several states ("Kurdish fighters", ``peoples.tsv``) in the state among
        them that the story's towns and regions lie in most; None (no match) where they lie
        in none of them or as often in two ("Kurdish forces" in a story of Afrin and Manbij
        are Syria's; of Mosul and Erbil, Iraq's); a capital is not counted, as it stands for
        its government as often as for a place ("Ankara" in a story of Turkey's offensive in
        Syria). Other matches as they are."""
        states = {e.name: self.knowledge.peoples.get(e.name, ()) for e in match.entries
                  if e.role in ("people", "adjective") and e.country is None}
        if not states:
            return match
        counts = Counter(p.country for p in memory.toponyms if p.precision in ("city", "region")
                         and p.text.lower() not in self.capitals)
        entries = []
        for e in match.entries:
            if e.name not in states:
                entries.append(e)
                continue
            ranked = sorted(((counts[s], s) for s in states[e.name] if counts[s]), reverse=True)
            if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
                entries.append(replace(e, country=ranked[0][1]))
        return PhraseMatch(match.start, match.end, tuple(entries)) if entries else None

    def story_words(self, text: str) -> tuple[int, int]:
        """How many words of ``text`` are of lawmaking and of elections (``actor_words.tsv``:
        ``legislating_words``, ``electoral_words``)."""
        words = [w.lower() for w in _WORD.findall(text)]

        def count(listed: frozenset[str]) -> int:  # "Sen." as listed, "bill." as "bill"
            return sum(1 for w in words if w in listed or w.rstrip(".") in listed)
        return count(self.legislating_words), count(self.electoral_words)

    def _as_told(self, match: PhraseMatch, sent: Span, memory: DocumentMemory) -> PhraseMatch:
        """A party's members named by its plural ("Democrats": a row of legislators, LEG,
        whose organisation is a party) are the party (PTY) where the story is of elections:
        their sentence's words decide where they are of one kind only, else the document's,
        where those of elections must outnumber those of lawmaking ("Democrats hope to win
        in November" against "Democrats blocked the bill"); otherwise the table's LEG."""
        members = [e for e in match.entries
                   if e.sector == "LEG" and e.role == "group" and e.name in self.parties]
        if not members:
            return match
        lawmaking, electoral = self.story_words(sent.text)
        if lawmaking and not electoral:
            return match
        if not (electoral and not lawmaking) and memory.story[1] <= memory.story[0]:
            return match
        return PhraseMatch(match.start, match.end, tuple(
            replace(e, sector="PTY") if e in members else e for e in match.entries))

    def _people_forces(self, actor: Actor, entries: Iterable[ActorEntry]) -> Actor:
        """A people's armed men ("Kurdish forces", "Kurdish fighters") and the people named
        with no sector of its own ("the Kurds", "Kurdish groups"), in a state the story places
        them in, are of the sector the people's forces have there (``peoples.tsv``: the Kurds'
        are Iraq's army, MIL, and armed groups in Syria, REB)."""
        if actor.country is None or actor.sector not in (None, "MIL", "REB"):
            return actor
        for e in entries:
            if e.role in ("people", "adjective") and e.name in self.knowledge.forces:
                sector = self.knowledge.forces[e.name].get(actor.country)
                if sector is not None:
                    return replace(actor, sector=sector)
        return actor

    def _at_home(self, actor: Actor, memory: DocumentMemory, tokens: list[Token]) -> Actor:
        """The actor in the country of a place named among its words ("Dallas police", "NSW
        Premier X"), else of the place where its clause sets what it does ("In China, Foreign
        Ministry spokesperson Hua Chunying said"), else in the country the document is about,
        if it names no country itself and its sector acts at home (``home_sectors``); else the
        actor as it is."""
        if actor.country is not None or actor.sector not in self.home_sectors:
            return actor
        country = _named_place(tokens, memory) or _clause_place(tokens, memory) \
            or memory.home()
        return actor if country is None else replace(actor, country=country)

    def coordinated_states(self, head: Token, actor: Actor) -> list[Actor]:
        """A party whose words coordinate states' names or adjectives before its head ("Syrian
        and Russian forces", "the U.S. and Canadian governments", "The US, UK and France",
        which the parser hangs as one phrase) as one party per state, in the order of the
        text, each of the party's sector and kind: the words of each state but the last, the
        last's up to the end of the phrase ("Syrian"; "Russian forces"), as the annotation
        guidelines mark them. A state is a table phrase of one country (a country, its
        adjective, its capital); a phrase with other conjuncts ("Trump and Xi", "Afghan and
        NATO officials", "the Iraqi and Kurdish governments": the Kurds of several states)
        stays one party."""
        if actor.country is None:
            return [actor]
        tokens = self.phrase_tokens(head)
        inside = {t.i for t in tokens}
        states: dict[int, tuple[PhraseMatch, str]] = {}
        for m in self.phrase_matches(tokens):
            countries = {e.country for e in m.entries}
            state = countries.pop() if len(countries) == 1 else None
            if state is not None and all(is_state(state, e.sector) for e in m.entries):
                states.update((i, (m, state)) for i in range(m.start, m.end))
        for tok in tokens:
            chain = {tok.i, *(c.i for c in tok.conjuncts if c.i in inside)}
            if tok.dep_ == "appos" and tok.head == head and len(chain) > 1:
                chain.add(head.i)  # "The US, UK and France": a list read as an apposition
            elif head.i in chain:
                continue  # the head's own conjuncts are parties of their own already
            if len(chain) < 2 or tok.i != min(chain - {head.i}):
                continue  # each chain once, from its first word other than the head
            if any(i not in states for i in chain):
                return [actor]
            found = [states[i] for i in sorted(chain)]
            if len({country for _, country in found}) < len(found):
                return [actor]
            doc, end = head.doc, tokens[-1].i + 1
            out = []
            for k, (m, country) in enumerate(found):
                words = doc[m.start:end if k == len(found) - 1 else m.end].text
                name = m.entries[0].name if actor.kind == "country" else actor.name
                out.append(replace(actor, text=words, name=name, country=country))
            return out
        return [actor]

    def placed_in_story(self, events: Iterable[Event]) -> tuple[Event, ...]:
        """A document's events, each party that names no country and is of a sector of
        ``story_sectors`` ("the government", "troops", "the police") placed in the country the
        events' parties name most (ties: the first named), where they name one; never a
        party of states ("world powers", "other countries": ``stateless_heads``, its last
        word), which is of no one country. ``home`` places such parties while the sentences
        are read, when one country clearly leads the document; this is for the rest ("a story
        of two states facing each other"): on the corpus's dev split (fiftieth session)
        sources right 0.678 -> 0.693 and targets 0.680 -> 0.697 of 1,128 matched events, train
        0.704 -> 0.715 and 0.703 -> 0.712 (0.691 and 0.691 on dev placing parties of states
        too)."""
        events = tuple(events)
        named = Counter(a.country for ev in events for a in (*ev.actors, *ev.recipients)
                        if a.country and is_state(a.country, a.sector))
        if not named or not self.story_sectors:
            return events
        country = named.most_common(1)[0][0]

        def placed(a: Actor) -> bool:
            words = a.text.lower().split()
            return a.country is None and a.sector in self.story_sectors \
                and not (words and words[-1] in self.stateless_heads)

        def place(parties: tuple[Actor, ...]) -> tuple[Actor, ...]:
            return tuple(replace(a, country=country) if placed(a) else a for a in parties)
        return tuple(replace(ev, actors=place(ev.actors), recipients=place(ev.recipients))
                     for ev in events)

    def _namesake(self, doc: Doc, match: PhraseMatch) -> bool:
        """Whether a one-word match of the office-holder table is the family name of another
        given name ("Ariel Castro", "Ivanka Trump"; not "Donald J. Trump"): the words of the
        person's name before it (no titles, sector words or places) begin with no given name
        of the table's people of that name."""
        people = [e for e in match.entries if e.kind == "person"]
        if match.end - match.start > 1 or not people:
            return False
        i = match.start
        while i > 0 and (w := doc[i - 1]).pos_ == "PROPN" and w.lower_ not in self.titles \
                and (w.ent_type_ == "PERSON" or w.head.i == match.start) \
                and w.ent_type_ not in ("GPE", "NORP", "ORG") \
                and w.lemma_.lower() not in self.knowledge.sectors:
            i -= 1
        if i == match.start:
            return False
        return not any(e.name.lower().split()[0] == doc[i].lower_ for e in people)

    def _possessor_country(self, head: Token, tokens: list[Token], memory: DocumentMemory,
                           offset: int) -> str | None:
        """The country of the party a possessive pronoun before the head refers to ("his
        administration", "its military", "his former attorney Michael Cohen": the
        referent's), not for a word that names another party by its relation to the possessor
        ("its allies", "their backers": ``relation_nouns``)."""
        if head.lemma_.lower() in self.relation_nouns:
            return None
        referent = self._possessor(tokens, memory, offset)
        return referent.country if referent is not None else None

    def _possessor(self, tokens: list[Token], memory: DocumentMemory, offset: int
                   ) -> Actor | None:
        """The party a possessive pronoun of the phrase ("his", "its") refers to, if any."""
        pron = next((t for t in tokens if t.dep_ == "poss" and t.pos_ == "PRON"
                     and t.head in tokens), None)
        return self._pronoun(pron, memory, offset) if pron is not None else None

    def _aide_of(self, owner: ActorEntry | None, tokens: list[Token],
                 memory: DocumentMemory, offset: int) -> str | None:
        """The sector of a person titled as a government's officer's own ("Trump's budget
        chief", "Erdogan's spokesman", "his deputy" after Lavrov: ``title_heads``): the
        government's; None otherwise. The officer is the table's person possessing the title,
        else the one its possessive pronoun refers to."""
        if not any(t.lemma_.lower() in self.title_heads for t in tokens):
            return None
        if owner is not None:
            sector = owner.sector
        else:
            referent = self._possessor(tokens, memory, offset)
            sector = referent.sector if referent is not None and referent.kind == "person" \
                else None
        return sector if sector == "GOV" else None

    def _titled(self, tok: Token) -> bool:
        """Whether a noun is a person's title ("secretary", "envoy", "senator")."""
        return tok.pos_ in ("NOUN", "PROPN") and (
            tok.lemma_.lower() in self.title_heads or self.sector_of([tok])[1] == "person")

    def _former(self, tokens: list[Token], head: Token) -> bool:
        """Whether a word of ``former_words`` modifies the head or a word the head governs
        directly ("former president Carlos Menem", "ex-minister"), not through a preposition
        ("supporters of former President X" are no former anything); a word it modifies below
        the head is a title ("U.S. Army Sergeant Bowe Bergdahl, a former Taliban prisoner" is
        no former soldier)."""
        for tok in tokens:
            if tok.lower_ not in self.former_words:
                continue
            up = tok
            while up.i != head.i and up.dep_ not in ("prep", "pobj", "ROOT") and up.head.i != up.i:
                up = up.head
            if up.i == head.i and (tok.head.i == head.i or self._titled(tok.head)):
                return True
        return False

    def _located_in(self, head: Token) -> ActorEntry | None:
        """The country of an "in"/"throughout" phrase on a noun ("rebels in Ivory Coast")."""
        found = self.located_in(head)
        return found[0] if found else None

    def located_in(self, head: Token) -> list[ActorEntry]:
        """The countries of an "in"/"throughout" phrase on a noun, one per coordinated name
        ("lawmakers in France and Germany": France, Germany)."""
        for c in head.children:
            if c.dep_ in ("prep", "acl") and c.lower_ in self.locating_words:
                objs = [g for g in c.subtree if g.dep_ == "pobj"][:1]
                out: list[ActorEntry] = []
                for obj in objs[:1] + (list(objs[0].conjuncts) if objs else []) + [
                        head.doc[i] for i in self.located_conjuncts(head)]:
                    entry = self._place_entry(obj)
                    if entry is not None and entry not in out:
                        out.append(entry)
                if out:
                    return out
        return []

    def _place_entry(self, tok: Token) -> ActorEntry | None:
        """The country or located group a noun phrase names as a place ("Kenya")."""
        return next((e for m in self.phrase_matches(self.phrase_tokens(tok)) for e in m.entries
                     if e.country and e.kind in ("country", "group")
                     and e.role not in ("adjective", "people")), None)

    def located_conjuncts(self, head: Token) -> list[int]:
        """Countries the parser coordinated with the head instead of with the object of its
        "in" phrase ("lawmakers in [France] and [Germany]" read as "lawmakers in France" and
        "Germany"): a bare country name right after that object and a conjunction."""
        prep = next((c for c in head.children
                     if c.dep_ == "prep" and c.lower_ in self.locating_words), None)
        obj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
        if obj is None:
            return []
        end = max(t.i for t in obj.subtree)
        out = []
        for conj in head.children:
            if conj.dep_ != "conj" or conj.pos_ != "PROPN" or conj.i <= end:
                continue
            between = head.doc[end + 1:conj.i]
            if all(t.dep_ == "cc" or t.is_punct for t in between) and len(between) <= 2 \
                    and len(self.phrase_tokens(conj)) == len(list(conj.subtree)) \
                    and self._place_entry(conj) is not None:
                out.append(conj.i)
                end = max(t.i for t in conj.subtree)
        return out

    def _can_act(self, head: Token) -> bool:
        """Whether a phrase with no name and no country names someone: its head is a sector
        word ("the police"), a proper noun, a title ("army chief") or an organisation
        ("the official news agency") taking its modifier's sector; "military aid" is a thing,
        not an actor."""
        lemma = head.lemma_.lower()
        return (lemma in self.knowledge.sectors or head.lower_ in self.knowledge.sectors
                or head.pos_ == "PROPN" or lemma in self.title_heads
                or lemma in self.organization_heads)

    def _sex(self, tokens: list[Token], run: list[Token], name: str | None) -> str | None:
        """The sex a person's mention says: a title word that governs no other word than the
        name ("Mr. Trump", "Congresswoman Ilhan Omar"), else the given name of the name as
        written or as the tables hold it ("Nancy Pelosi")."""
        names = {t.i for t in run}
        for tok in tokens:
            if run and tok.i < run[0].i and tok.head.i in names:
                word = tok.lower_.rstrip(".")
                if word in self.male_titles:
                    return "m"
                if word in self.female_titles:
                    return "f"
        words = [t.lower_ for t in run] if len(run) > 1 else (name or "").lower().split()
        return self.given_names.get(words[0]) if len(words) > 1 else None

    def _pronoun(self, tok: Token, memory: DocumentMemory, offset: int) -> Actor | None:
        word = tok.lower_
        if word not in self.person_pronouns and word not in self.thing_pronouns:
            return None
        barred = None
        subject = clause_subject(tok) if tok.dep_ in OBJECT_DEPS else None
        if subject is not None:
            # an object pronoun is not its own clause's subject ("Trump visited him", "he urged
            # him"): that one would be "himself"
            barred = self._pronoun(subject, memory, offset) if subject.pos_ == "PRON" \
                else memory.named_at(offset + subject.idx)
        sex = "m" if word in self.male_pronouns else "f" if word in self.female_pronouns \
            else None
        found = memory.last_before(offset + tok.idx, word in self.person_pronouns, barred, sex)
        if found is None:
            return None
        return Actor(tok.text, found.name, found.country, found.sector, found.kind)


MISSPELT_MIN = 6
"""Shortest word read as a misspelt country word: shorter ones are too often other words."""


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(len(word))]


def _misspelling_index(knowledge: Knowledge) -> dict[str, tuple[str, ...]]:
    """Country names, adjectives and peoples of one word (five letters or more), and each with
    one letter deleted, to the words: the symmetric-deletion index of one-edit lookups."""
    index: dict[str, list[str]] = {}
    for c in knowledge.countries:
        for word in (c.name, *c.aliases, *c.adjectives, *c.people):
            if " " in word or len(word) < MISSPELT_MIN - 1 or not word.isalpha():
                continue
            name = word.lower()
            for key in (name, *_deletions(name)):
                bucket = index.setdefault(key, [])
                if name not in bucket:
                    bucket.append(name)
    return {k: tuple(v) for k, v in index.items()}


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one inserted, deleted or swapped letter apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):  # a swap ("Isreal"); a changed letter makes other names ("Kenyon")
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _singular(tok: Token) -> str | None:
    """A plural noun the small model left as written, made singular, lower case, where its
    ending says how: "Marines" → "marine", "Forces" → "force", "Congressmen" → "congressman"
    (tagged NNPS, NNP or NNS with the word as its lemma); None for any other word, a plural it
    made singular itself ("senators", lemma "senator") included."""
    low = tok.lower_
    if tok.tag_ not in ("NNS", "NNPS", "NNP") or tok.lemma_.lower() != low:
        return None
    if low.endswith("men"):
        return low[:-3] + "man"
    return low[:-1] if low.endswith("s") and not low.endswith("ss") else None


def _hyphen(tok: Token) -> bool:
    """Whether a token is a hyphen (the tagger does not always say HYPH: "pro - Russian")."""
    return tok.tag_ == "HYPH" or tok.text == "-"


def _hyphenated(doc: Doc, match: PhraseMatch) -> bool:
    """Whether a table phrase is part of a hyphenated word ("Russia-backed", "pro-Western")."""
    return (match.end < len(doc) and _hyphen(doc[match.end])) or (
        match.start > 0 and _hyphen(doc[match.start - 1]))


def _clause_place(tokens: list[Token], memory: DocumentMemory) -> str | None:
    """The country of the document's place that an "in" of the verb whose subject the phrase
    is names ("In China, Foreign Ministry spokesperson Hua Chunying said")."""
    root = next((t for t in tokens if t.head not in tokens or t.head == t), None)
    if root is None or root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for prep in root.head.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            country = _named_place(list(prep.subtree), memory)
            if country:
                return country
    return None


def _named_place(tokens: list[Token], memory: DocumentMemory) -> str | None:
    """The country of the first of the document's places named among the tokens (a place
    entity of the parse, as the place stage found it)."""
    if not memory.places:
        return None
    doc = tokens[0].doc
    seen: set[int] = set()
    for tok in tokens:
        if tok.ent_type_ not in PLACE_ENTITIES or tok.i in seen:
            continue
        start = tok.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        seen.update(range(start, end))
        country = memory.places.get(doc[start:end].text.lower())
        if country:
            return country
    return None


PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
"""Entity labels of the parse that name places."""


def _from_person(run: list[Token]) -> list[Token]:
    """A run of proper nouns from its first word the parser takes for a person's name: the
    person's name, not the capitalised title before it ("Oversight Committee Chairman
    **Darrell Issa**", "Director **James Comey**"); the run as it is when none is."""
    first = next((k for k, t in enumerate(run) if t.ent_type_ == "PERSON"), 0)
    return run[first:]


def _trimmed(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """``lo``..``hi`` without punctuation and conjunctions at the edges."""
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    return lo, hi


_BRACKETS = (("(", ")"), ("[", "]"))
_QUOTES = frozenset({'"', "“", "”"})


def _balanced(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """``lo``..``hi`` with its brackets and quotation marks paired: the closing one that
    follows it taken in ("Sen. Jeff Sessions (R., Ala.)", 'Fulani Muslim "bandits"'), else the
    unclosed part left out ("Qassem Soleimani (variant spellings of the name" is "Qassem
    Soleimani")."""
    for opening, closing in _BRACKETS:
        words = [doc[i].text for i in range(lo, hi + 1)]
        if words.count(opening) > words.count(closing):
            if hi + 1 < len(doc) and doc[hi + 1].text == closing \
                    and words.count(opening) == words.count(closing) + 1:
                hi += 1
            else:
                last = max(i for i in range(lo, hi + 1) if doc[i].text == opening)
                lo, hi = _trimmed(doc, lo, max(lo, last - 1))
    quotes = [i for i in range(lo, hi + 1) if doc[i].text in _QUOTES]
    if len(quotes) % 2:
        if hi + 1 < len(doc) and doc[hi + 1].text in _QUOTES and quotes[-1] > lo:
            hi += 1
        elif quotes[-1] == lo:
            lo, hi = _trimmed(doc, lo + 1, hi)
        else:
            lo, hi = _trimmed(doc, lo, max(lo, quotes[-1] - 1))
    return lo, hi


def _as_placed(doc: Doc, match: PhraseMatch, memory: DocumentMemory, offset: int
               ) -> PhraseMatch:
    """A country's name that the article's places read as a division of another country
    ("Georgia", the US state, in a story that names Atlanta: ``gazetteer.foreign_divisions``):
    its country entries become the division's, of that country — its government, as a US
    state's name is (``name_only``), named alone; the country of the party it names
    otherwise ("Georgia election officials", "the Georgia Democratic Party")."""
    if not any(e.kind == "country" and e.role is None for e in match.entries):
        return match  # most matches: no country's name, no toponym to look up
    start = offset + doc[match.start].idx
    last = doc[match.end - 1]
    end = offset + last.idx + len(last.text)
    place = next((p for p in memory.toponyms if p.start == start and p.end == end), None)
    if place is None or place.precision != "region" or not place.country:
        return match
    entries = tuple(replace(e, country=place.country, sector="GOV", kind="organization",
                            role="division")
                    if e.kind == "country" and e.role is None and e.country != place.country
                    else e for e in match.entries)
    return match if entries == match.entries else PhraseMatch(match.start, match.end, entries)


def _campaign_over(match: PhraseMatch, when: date | None) -> bool:
    """Whether a name the table knows only as a candidate's is named outside the campaign
    ("Sen. Rand Paul" in 2022): then the table says nothing of the person, whose name is read
    as any other name."""
    return bool(match.entries) and all(e.kind == "person" and e.role in CANDIDACIES
                                       for e in match.entries) \
        and holder(list(match.entries), when) is None


def _inside_name(doc: Doc, match: PhraseMatch, matches: list[PhraseMatch],
                 memory: DocumentMemory) -> bool:
    """Whether a table phrase for a body of no one country ("House", "Social Democrats") is
    the end of a longer name the tables do not know ("Freedom House", "Chatham House"): a
    capitalised word stands right before it that no table phrase matches and that is none of
    the story's places ("the Texas House" is the chamber)."""
    if match.start == 0 or not all(e.kind == "organization" and e.role == "group"
                                   and e.country is None for e in match.entries):
        return False
    before = doc[match.start - 1]
    return before.is_title and (before.i != before.sent.start or before.pos_ == "PROPN") \
        and not any(m.start <= before.i < m.end for m in matches) \
        and before.lower_ not in memory.places


def _possessive(tok: Token) -> bool:
    """Whether a word is followed by a possessive ("Trump's")."""
    return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].tag_ == "POS"


def _short_forms(countries: Iterable[CountryEntry], compass: Collection[str]
                 ) -> Mapping[str, tuple[CountryEntry, ...]]:
    """Short forms (lower case) → the countries they may name: the words of each name before
    its "of" ("kingdom" of "Kingdom of Saudi Arabia", "islamic republic" of "Islamic Republic
    of Iran") and a compass point that begins a name of two words ("north" of "North Korea")."""
    forms: dict[str, list[CountryEntry]] = {}
    for entry in countries:
        for name in (entry.name, *entry.aliases):
            words = name.split()
            if "of" in words[1:]:
                form = " ".join(words[:words.index("of")])
            elif len(words) == 2 and words[0].lower() in compass:
                form = words[0]
            else:
                continue
            bucket = forms.setdefault(form.lower(), [])
            if entry not in bucket:
                bucket.append(entry)
    return MappingProxyType({k: tuple(v) for k, v in forms.items()})


def _named_person_word(head: Token, tokens: list[Token], memory: DocumentMemory
                       ) -> Actor | None:
    """The person the document named before whose name (or family name) a phrase of one
    capitalised common noun is: the small model tags some family names as nouns, mostly at
    the head of a sentence ("Ventrell disputed that version")."""
    if head.pos_ != "NOUN" or not head.is_title or head.tag_ not in ("NN", "NNS") or \
            [t for t in tokens if not t.is_punct] != [head]:
        return None
    known = memory.names.get(head.lower_)
    return known if known is not None and known.kind == "person" else None


def _words(tokens: list[Token]) -> str:
    """The text of a noun phrase's tokens (``ActorResolver.phrase_tokens``: a contiguous run of
    the document), as the sentence writes it."""
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text


def _is_subject(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass")


OBJECT_DEPS = frozenset({"dobj", "dative", "pobj", "iobj"})
"""Dependencies of a pronoun that its clause's subject cannot be ("Trump visited him")."""

_SUBJECTLESS = frozenset({"xcomp", "pcomp", "prep", "conj", "advcl"})
"""Dependencies of a clause whose subject is its head's ("joined senators in urging him")."""


def person_hung_before(name: Token) -> tuple[Token, Token] | None:
    """The person coordinated before the person ``name`` that the parser hung under it as a
    modifier, and the title of ``name`` it hung under that person: "Mr Trump and Chinese
    President Xi Jinping were planning to meet" hangs "Trump" under "Jinping", with "and" and
    "President" under "Trump", so the phrase of "Jinping" would read "Mr Trump and Chinese
    President Xi Jinping" and no one would find Trump. A name that is a whole entity of its
    own, then "and" or "or" outside any entity, then the title's words before ``name``'s entity
    ("Chinese President"). People only: "Customs and Border Protection Commissioner Kevin
    McAleenan" is one person, and a couple named once ("Ed and Paula Kassig") has no title."""
    if name.ent_type_ != "PERSON" or name.pos_ != "PROPN":
        return None
    start = name.i
    while start > 0 and name.doc[start].ent_iob_ == "I":
        start -= 1  # where the entity of ``name`` begins
    for first in name.lefts:
        if first.dep_ not in ("nmod", "amod", "compound") or first.pos_ != "PROPN" \
                or first.ent_type_ != "PERSON":
            continue
        cc = next((c for c in first.rights if c.dep_ == "cc"), None)
        title = next((c for c in first.rights if c.dep_ == "conj"), None)
        if cc is not None and title is not None and cc.text.lower() in ("and", "or") \
                and cc.ent_iob_ == "O" and _entity_end(first) == cc.i < title.i < start:
            return first, title
    return None


def _entity_end(tok: Token) -> int:
    """The index after the last token of the entity ``tok`` is in."""
    end = tok.i + 1
    while end < len(tok.doc) and tok.doc[end].ent_iob_ == "I":
        end += 1
    return end


def clause_subject(tok: Token) -> Token | None:
    """The subject of the clause that holds ``tok``: the nearest verb above it that has one,
    climbing only through clauses that take their head's subject."""
    cur = tok.head
    while True:
        subject = next((c for c in cur.children if _is_subject(c)), None)
        if subject is not None or cur.dep_ not in _SUBJECTLESS or cur.head.i == cur.i:
            return subject
        cur = cur.head


def _same(actor: Actor, other: Actor | None) -> bool:
    """Whether two remembered actors are one party (the same name, or the same record)."""
    return other is not None and (actor is other or (
        actor.name is not None and actor.name == other.name))


def _looks_like_name(run: list[Token], particles: Collection[str]) -> bool:
    """Two or more title-case proper nouns ("Dmytro Kouleba", "Staffan de Mistura": a
    name's ``particles`` aside) read as a person's name."""
    words = [t for t in run if t.tag_ != "HYPH" and t.text not in particles]
    return len(words) >= 2 and all(t.is_title for t in words)


def holder(people: list[ActorEntry], when: date | None,
           in_office_only: bool = False) -> ActorEntry | None:
    """The entry of the office-holder table that says who a person named was on ``when``: the
    office held then (or left less than ``OFFICE_GRACE`` before); else the last one left, as a
    former official (sector ELI, "elites without office"); else the first one to come, of its
    country alone (a candidate, a minister-to-be: no office's sector). Undated: the last to
    begin (Robert Mueller the special counsel, not the FBI director he was before; on the
    corpus's 124 undated train articles the parties' country+sector of matched events 0.653 →
    0.657 against the table's first row). A campaign (``CANDIDACIES``) counts only on a day it
    runs: no former holder of it, and no undated one."""
    if not people:
        return None
    offices = [e for e in people if e.role not in CANDIDACIES]
    if when is None:
        # a campaign needs a date to hold: undated, only offices
        return max(offices, key=lambda e: e.start or date.min) if offices else None
    held = next((e for e in people if e.active_on(when) or e.active_on(when - OFFICE_GRACE)),
                None)
    if held is not None:
        return held
    coming = [e for e in people if e.start is not None and when < e.start <= when + CANDIDACY
              and e.role in ELECTED_ROLES]
    if coming:
        # soon to take office: a candidate, whose party it is (annotation.md, R5)
        return replace(min(coming, key=lambda e: e.start or when), sector="PTY")
    if in_office_only or not offices:
        return None
    left = [e for e in offices if e.end is not None and e.end < when]
    if left:
        return replace(max(left, key=lambda e: e.end or when), sector="ELI")
    return replace(min(offices, key=lambda e: e.start or when), sector=None)
