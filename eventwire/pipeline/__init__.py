"""The extraction pipeline: one module of this folder per stage, called in this order by
``Extractor`` (below):

1. read      readers.read_inputs        paths → Article | Reject (``eventwire/readers.py``)
2. clean     clean.clean                Article → Document (navigation dropped, offsets kept)
3. prefilter prefilter.Prefilter        Document → sentences; those with a trigger form go on
4. parse     nlp.parse_documents        sentences parsed by spaCy, in batches
5. places    places.resolve_places      toponyms → GeoNames places (two passes over the article)
6. events    events.EventExtractor      sentences → candidates (roles, modality, date, size, ...),
             with roles.py (who did it to whom), actors.py (noun phrase → actor) and dates.py;
             with the learned coder triggers.py, arguments.py, sectors.py (the sector of a
             party the tables leave without one) and article.py (the confidence of each
             trigger, given what the article reported before it)
7. merge     merge.merge_candidates     one event per real-world event of the document
8. records   merge.to_event             Candidate → Event, gathered into a DocResult

``parallel.py`` runs the same pipeline in worker processes. The tables the stages look words up
in come from ``eventwire/knowledge/``; the DocResults go on to ``eventwire/store/``.

``Extractor`` holds what is loaded once per process (model, tables, gazetteer) and is reused for
every article; ``extract()`` is the one-call Python API. After a warm-up, steps 2-8 run on
``ZONE_ARTICLES`` articles at a time inside a spaCy memory zone (``nlp.memory_zone``): the
strings and lexemes their parses add to the model's vocabulary are dropped when the zone closes,
so a long run does not grow. Nothing of spaCy's leaves the zone: the DocResults are records of
plain values.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from itertools import islice
from typing import Iterable, Iterator

from spacy.language import Language

from .actors import ActorResolver, DocumentMemory
from .clean import caption_spans, clean, heading_spans, highlight_spans, in_spans, inline_cards
from .dates import resolve_date
from .events import EventExtractor
from ..knowledge.gazetteer import Gazetteer
from .merge import merge_candidates, to_event
from ..readers import article_from_text
from ..knowledge import Knowledge, load_knowledge, read_word_clusters
from .nlp import Parsed, Unit, load_nlp, memory_zone, parse_documents
from ..options import Options, build_options
from .places import resolve_places
from .gate import Gate
from .prefilter import Prefilter, inflections, is_name_list
from .arguments import ActorWords
from .triggers import TriggerModel, lexicon_types
from ..records import Article, DocResult, Document, Event, Place, coder_version

log = logging.getLogger(__name__)

ZONE_ARTICLES = 16
"""Articles extracted per spaCy memory zone; their results are held until it closes."""
WARM_UP_ARTICLES = 200
"""Articles an Extractor first parses outside memory zones. In a zone spaCy's tokenizer caches
nothing, so without a warm-up it tokenizes 3.5 times slower (2.5 s instead of 0.75 s for 250
AllSides articles, 3 % of their extraction); the common words that these articles leave in the
vocabulary and the tokenizer's cache (a few MB, once) bring it back to 0.9 s."""


def coder_string(model: TriggerModel | None) -> str:
    """What codes the events (schema 2's ``coder_version``): eventwire's version and its
    tables' hash, and the learned model's id where the model finds the triggers."""
    return coder_version() if model is None else f"{coder_version()}+events-{model.model_id}"


def coder_of(options: Options) -> str:
    """The ``coder_version`` an ``Extractor`` of ``options`` writes, without building it (it
    reads the model's file again for its id)."""
    learned = options.coder == "learned" and not options.dictionaries_only
    return coder_string(TriggerModel.load(options.model) if learned else None)


class Extractor:
    """Articles in, events out. Build once per process; ``run`` streams any number of articles."""

    def __init__(self, options: Options | None = None, *, nlp: Language | None = None,
                 knowledge: Knowledge | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.options = options or Options()
        self.knowledge = knowledge or load_knowledge(self.options.dictionaries,
                                                       self.options.dictionaries_only)
        learned = self.options.coder == "learned" and not self.options.dictionaries_only
        with ThreadPoolExecutor(max_workers=1) as pool:
            # the learned model's file is read while spaCy's model loads: its decompression
            # (0.5 s of the cold start) lets the other thread run
            loading = pool.submit(TriggerModel.load, self.options.model,
                                  lexicon_types(self.knowledge.triggers),
                                  ActorWords.from_knowledge(self.knowledge),
                                  read_word_clusters()) if learned else None
            self.nlp = nlp or load_nlp()
            self.gazetteer = gazetteer or Gazetteer.load()
            self.model: TriggerModel | None = loading.result() if loading else None
            """The learned trigger model (``coder="learned"``); None: the rules find
            triggers."""
        self.resolver = ActorResolver(self.knowledge, self.gazetteer.is_place_name,
                                      self.gazetteer.division_country)
        self.prefilter = Prefilter.from_knowledge(self.knowledge)
        self.gate: Gate | None = None
        """The learned sentence gate; None: the prefilter's lexicon test decides."""
        if self.model is not None:
            user_forms = frozenset(form for lemma in self.knowledge.user_triggers
                                   for part in lemma.split() for form in inflections(part))
            self.gate = self.model.gate(self.prefilter.forms.__contains__,
                                        user_forms.__contains__)
        self.events = EventExtractor(self.knowledge, self.resolver, resolve_date, self.model)
        self.unzoned = WARM_UP_ARTICLES
        """Articles still to extract outside memory zones (the warm-up); 0 once it is over."""

    @property
    def coder_version(self) -> str:
        """What codes this extractor's events (``coder_string``)."""
        return coder_string(self.model)

    def run(self, articles: Iterable[Article]) -> Iterator[DocResult]:
        """Extract every article, in order, parsing them in batches; after the warm-up,
        ``ZONE_ARTICLES`` at a time in a memory zone."""
        source = iter(articles)
        while group := list(islice(source, ZONE_ARTICLES)):
            if self.unzoned > 0:
                self.unzoned = max(0, self.unzoned - len(group))
                results = list(self._run(group))
            else:
                with memory_zone(self.nlp):
                    results = list(self._run(group))
            yield from results

    def _run(self, articles: Iterable[Article]) -> Iterator[DocResult]:
        docs = (clean(a) for a in articles)
        for doc, parsed in parse_documents(self.nlp, docs, self.units, self.options.batch_size):
            yield self._extract(doc, parsed)

    def document(self, article: Article) -> DocResult:
        """Extract one article."""
        return next(self.run([article]))

    def units(self, doc: Document) -> list[Unit]:
        """The sentences to parse: those that can carry an event (all with prefilter off);
        never a list of names (``prefilter.is_name_list``: a menu of countries, a row of
        headlines) nor a sentence of a photo caption, of a story's bullet summary or of a
        heading (``clean.caption_spans``, ``clean.highlight_spans``, ``clean.heading_spans``)."""
        if not self.options.prefilter:
            keep = None
        elif self.gate is not None:
            keep = self.gate.wants
        else:
            keep = self.prefilter.wants
        aside = tuple(sorted(caption_spans(doc.text) + highlight_spans(doc.text)
                             + heading_spans(doc.text)))
        out = []
        for index, (start, end) in enumerate(self.prefilter.sentences(doc)):
            text = doc.text[start:end]
            if aside and in_spans(aside, start):
                continue
            if keep is None or (keep(text) and not is_name_list(text)):
                out.append(Unit(index, start, text))
        return out

    def _extract(self, doc: Document, parsed: list[Parsed]) -> DocResult:
        # the places of the whole article first (two passes: each name resolved with what the
        # whole article says), then handed to the event stage sentence by sentence; their
        # countries tell the actor stage where the article's unplaced police and courts act
        places = resolve_places(parsed, self.gazetteer)
        memory = DocumentMemory.of(doc.published, places, self.resolver.story_words(doc.text))
        cards = inline_cards(doc.text)
        candidates = []
        article = self.model.article() if self.model is not None else None
        for unit in parsed:
            end = unit.offset + len(unit.doc.text)
            by_token = _places_by_token(unit, [p for p in places
                                               if unit.offset <= p.start < end])
            # the words of link cards pasted inside sentences are no trigger and no party
            card_words = (frozenset(t.i for t in unit.doc if in_spans(cards, unit.offset + t.idx))
                          if cards else frozenset())
            for sent in unit.doc.sents:
                candidates.extend(self.events.sentence_events(
                    sent, unit.index, unit.offset, memory, by_token, card_words, article))
        floor = self.options.min_confidence
        if floor is None:
            floor = self.model.min_confidence if self.model is not None else 0.0
        coder = self.coder_version
        events = self.resolver.placed_in_story(
            replace(to_event(doc.doc_id, c, self.knowledge), coder_version=coder)
            for c in merge_candidates(candidates, floor))
        return DocResult(doc, events, tuple(places), coder_version=coder)


def _places_by_token(unit: Parsed, places: list[Place]) -> dict[int, Place]:
    """Token index (of the place's root) → place, for the event stage."""
    out: dict[int, Place] = {}
    for place in places:
        span = unit.doc.char_span(place.start - unit.offset, place.end - unit.offset,
                                  alignment_mode="expand")
        if span is not None:
            out[span.root.i] = place
    return out


def extract(text: str, published: str | date | None = None, *, doc_id: str | None = None,
            title: str | None = None, extractor: Extractor | None = None) -> list[Event]:
    """Events of one article of plain text.

    >>> events = extract(text, published="2022-10-11")   # doctest: +SKIP
    >>> events[0].event_type, events[0].date.value       # doctest: +SKIP
    ('CONSULT', '2022-10-13')
    """
    ex = extractor or Extractor(build_options(published=published))
    article = article_from_text(text, doc_id=doc_id, published=published, title=title)
    return list(ex.document(article).events)
