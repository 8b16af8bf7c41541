"""Two people coordinated that the parser hangs as one phrase ("Mr Trump and Chinese President
Xi Jinping": "Trump" a modifier of "Jinping"): the actor stage reads them as two parties of
the role (``actors.person_hung_before``), and leaves the phrases that are one party alone."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.models.linear import shipped
from eventwire.pipeline.actors import person_hung_before


def _doc(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """A parsed sentence from (word, head index, dependency, part of speech, entity tag) rows."""
    words, heads, deps, pos, ents = (list(x) for x in zip(*rows))
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, ents=ents)


HUNG = [("Mr", 1, "compound", "PROPN", "B-PERSON"),
        ("Trump", 6, "nmod", "PROPN", "I-PERSON"),
        ("and", 1, "cc", "CCONJ", "O"),
        ("Chinese", 4, "amod", "ADJ", "B-NORP"),
        ("President", 1, "conj", "PROPN", "O"),
        ("Xi", 6, "compound", "PROPN", "B-PERSON"),
        ("Jinping", 7, "nsubj", "PROPN", "I-PERSON"),
        ("met", 7, "ROOT", "VERB", "O"),
        (".", 7, "punct", "PUNCT", "O")]
"""As the small model parses "Mr Trump and Chinese President Xi Jinping met."."""


def test_the_person_hung_under_another_and_the_title_are_found() -> None:
    doc = _doc(HUNG)
    first, title = person_hung_before(doc[6])
    assert (first.text, title.text) == ("Trump", "President")
    assert person_hung_before(doc[1]) is None  # Trump has no one hung under him


def test_a_couple_named_once_is_one_phrase() -> None:
    # "Ed and Paula Kassig said": the second name's entity starts right after "and"
    doc = _doc([("Ed", 3, "nmod", "PROPN", "B-PERSON"), ("and", 0, "cc", "CCONJ", "O"),
                ("Paula", 0, "conj", "PROPN", "B-PERSON"),
                ("Kassig", 4, "nsubj", "PROPN", "I-PERSON"), ("said", 4, "ROOT", "VERB", "O")])
    assert person_hung_before(doc[3]) is None


def test_an_agency_before_its_heads_title_is_one_phrase() -> None:
    # "Customs and Border Protection Commissioner Kevin McAleenan said": one person
    doc = _doc([("Customs", 6, "nmod", "PROPN", "B-ORG"), ("and", 0, "cc", "CCONJ", "O"),
                ("Border", 3, "compound", "PROPN", "B-ORG"),
                ("Protection", 0, "conj", "PROPN", "I-ORG"),
                ("Commissioner", 6, "compound", "PROPN", "O"),
                ("Kevin", 6, "compound", "PROPN", "B-PERSON"),
                ("McAleenan", 7, "nsubj", "PROPN", "I-PERSON"), ("said", 7, "ROOT", "VERB", "O")])
    assert person_hung_before(doc[6]) is None


@pytest.mark.model
def test_the_phrase_of_the_second_person_leaves_the_first_out(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(HUNG)
    resolver = extractor.resolver
    assert [t.text for t in resolver.phrase_tokens(doc[6])] == ["Chinese", "President", "Xi",
                                                               "Jinping"]
    assert [t.text for t in resolver.phrase_tokens(doc[1])] == ["Mr", "Trump"]


@pytest.mark.model
def test_the_learned_coder_names_both_people() -> None:
    if not shipped("events.model").exists():
        pytest.skip("no shipped model (make model)")
    import eventwire
    from eventwire.options import build_options
    from eventwire.pipeline import Extractor

    ex = Extractor(build_options(coder="learned"))
    events = eventwire.extract("On Thursday, US media reported that Mr Trump and Chinese "
                               "President Xi Jinping were planning to meet next month.",
                               published="2019-01-08", extractor=ex)
    meeting = next(e for e in events if e.evidence.trigger == "meet")
    assert [(a.text, a.country) for a in meeting.actors] == [
        ("Mr Trump", "USA"), ("Chinese President Xi Jinping", "CHN")]
