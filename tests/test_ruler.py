"""The parse stage's attribute ruler: ``nlp.RulerIndex`` finds the matches spaCy's ``Matcher``
finds, so a parse with it is the parse without it, token attribute by token attribute; a ruler
with a pattern the index cannot read keeps spaCy's matcher."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from eventwire.evaluate.corpus import load_corpus
from eventwire.pipeline.nlp import RulerIndex, index_attribute_ruler, load_nlp

ROOT = Path(__file__).resolve().parent.parent
CORPUS_ARTICLES = 40
"""Train articles of the repository's corpus whose sentences are parsed both ways (1,239
sentences)."""

# every kind of pattern the English model's ruler has: several tokens ("gon na", "let 's",
# "c'm on", "y' all", "ai n't"), a regular expression ("nothin'"), sets and their negation
# ("not", "am"), dependencies ("there is", "I" as subject and object) and whitespace
ODD_TEXTS = [
    "Y'all ain't gonna believe it, but I gotta say nothin' is free.",
    "Let's go, c'mon, there is no time: I am not here and they're    gone.",
    "He gets what he got, and it does not matter to me or to it.\n\nWhat? Whether or not.",
    "ya'll  aint  gonna  let 's  do  that",
]


def _attributes(doc: spacy.tokens.Doc) -> list[tuple[object, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_,
             t.ent_iob_, t.is_sent_start) for t in doc]


@pytest.mark.model
def test_a_parse_with_the_index_is_the_parse_with_spacys_matcher() -> None:
    indexed, plain = load_nlp(), load_nlp(indexed_ruler=False)
    assert indexed.get_pipe("attribute_ruler").match.__self__.__class__ is RulerIndex
    corpus = load_corpus(ROOT / "training" / "corpus")
    articles = corpus.annotated("train", "article")[:CORPUS_ARTICLES]
    texts = ODD_TEXTS + [unit.sentence(i) for unit in articles
                         for i in range(len(unit.sentences))]
    assert len(texts) > 1000
    differ = [a.text for a, b in zip(indexed.pipe(texts), plain.pipe(texts))
              if _attributes(a) != _attributes(b)]
    assert differ == []


@pytest.mark.model
def test_the_index_finds_what_the_matcher_finds_for_the_odd_patterns() -> None:
    plain = load_nlp(indexed_ruler=False)
    ruler = plain.get_pipe("attribute_ruler")
    index = RulerIndex.of(ruler)
    assert index is not None
    spans = []
    for doc in plain.pipe(ODD_TEXTS):
        matches = ruler.match(doc)
        assert index.match(doc) == matches
        spans += [doc[start:end].text.lower() for _, _, start, end in matches]
    # patterns of several tokens and of a regular expression matched these texts
    assert {"gonna", "let 's", "nothin'"} <= set(spans)


def _blank_ruler(patterns: list[dict[str, object]]) -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


def test_a_blank_pipeline_gets_the_same_attributes_from_both() -> None:
    patterns = [
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"LEMMA": "NY"},
         "index": 1},
        {"patterns": [[{"LOWER": {"IN": ["cats", "dogs"]}}]], "attrs": {"LEMMA": "pet"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["cats", "dogs", "york"]}}]],
         "attrs": {"LEMMA": "other"}},
        {"patterns": [[{"LOWER": {"REGEX": "^d"}}]], "attrs": {"LEMMA": "d-word"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"LEMMA": "space"}},
    ]
    plain, indexed = _blank_ruler(patterns), _blank_ruler(patterns)
    assert index_attribute_ruler(indexed)
    text = "Cats and dogs  in New York do not   dance."
    got = [t.lemma_ for t in indexed(text)]
    assert got == [t.lemma_ for t in plain(text)]
    # later patterns win: "dogs" is a pet, then a d-word; "York" is NY, not other
    assert got[2] == "d-word" and got[6] == "NY" and got[3] == "space"


@pytest.mark.parametrize("pattern", [[{"ORTH": "x"}], [{"LOWER": "x", "OP": "+"}],
                                     [{"LENGTH": {">=": 3}}]])
def test_a_pattern_the_index_cannot_read_keeps_spacys_matcher(pattern: list[dict[str, object]]
                                                              ) -> None:
    nlp = _blank_ruler([{"patterns": [[{"LOWER": "y"}]], "attrs": {"LEMMA": "z"}},
                        {"patterns": [pattern], "attrs": {"LEMMA": "w"}}])
    ruler = nlp.get_pipe("attribute_ruler")
    assert RulerIndex.of(ruler) is None
    assert not index_attribute_ruler(nlp)
    assert "match" not in vars(ruler)
