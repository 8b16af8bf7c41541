"""The extraction pipeline, stage by stage:

1. read      ingest.read_inputs        paths → Article | Reject
2. clean     clean.clean               Article → Document (navigation dropped, offsets kept)
3. parse     nlp.parse_documents       Document → paragraphs parsed by spaCy, in batches
4. places    places.find_places        toponyms → GeoNames places
5. events    events.EventExtractor     sentences → candidates (roles, modality, date, size, ...)
6. merge     events.merge_candidates   one event per real-world event of the document
7. records   events.to_event           Candidate → Event, gathered into a DocResult

``Extractor`` holds what is loaded once per process (model, tables, gazetteer) and is reused for
every article; ``extract()`` is the one-call Python API.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Iterable, Iterator

from spacy.language import Language

from .actors import ActorResolver, DocumentMemory
from .clean import clean
from .dates import resolve_date
from .events import EventExtractor, merge_candidates, to_event
from .ingest import article_from_text
from .knowledge import Knowledge, load_knowledge
from .nlp import Paragraph, load_nlp, parse_documents
from .options import Options, build_options
from .places import Gazetteer, find_places
from .records import Article, DocResult, Document, Event, Place

log = logging.getLogger(__name__)


class Extractor:
    """Articles in, events out. Build once per process; ``run`` streams any number of articles."""

    def __init__(self, options: Options | None = None, *, nlp: Language | None = None,
                 knowledge: Knowledge | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.options = options or Options()
        self.knowledge = knowledge or load_knowledge(self.options.dictionaries)
        self.nlp = nlp or load_nlp()
        self.gazetteer = gazetteer or Gazetteer.load()
        self.resolver = ActorResolver(self.knowledge)
        self.events = EventExtractor(self.knowledge, self.resolver, resolve_date)

    def run(self, articles: Iterable[Article]) -> Iterator[DocResult]:
        """Extract every article, in order, parsing them in batches."""
        docs = (clean(a) for a in articles)
        for doc, paragraphs in parse_documents(self.nlp, docs, self.options.batch_size):
            yield self._extract(doc, paragraphs)

    def document(self, article: Article) -> DocResult:
        """Extract one article."""
        return next(self.run([article]))

    def _extract(self, doc: Document, paragraphs: list[Paragraph]) -> DocResult:
        memory = DocumentMemory(doc.published)
        places: list[Place] = []
        per_paragraph: list[dict[int, Place]] = []
        for para in paragraphs:
            found = find_places(para.doc, para.offset, self.gazetteer,
                                {p.country for p in places if p.country})
            places.extend(found)
            per_paragraph.append(_places_by_token(para, found))
        candidates = []
        index = 0
        for para, para_places in zip(paragraphs, per_paragraph):
            for sent in para.doc.sents:
                candidates.extend(self.events.sentence_events(
                    sent, index, para.offset, memory, para_places))
                index += 1
        events = [to_event(doc.doc_id, c, self.knowledge) for c in merge_candidates(candidates)]
        floor = self.options.min_confidence
        return DocResult(doc, tuple(e for e in events if e.confidence >= floor), tuple(places))


def _places_by_token(para: Paragraph, places: list[Place]) -> dict[int, Place]:
    """Token index (of the place's last token) → place, for the event stage."""
    out: dict[int, Place] = {}
    for place in places:
        span = para.doc.char_span(place.start - para.offset, place.end - para.offset,
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
