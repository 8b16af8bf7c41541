"""The spaCy stage's memory zone: after a warm-up, what a parse adds to the model's vocabulary
is dropped after each group of articles, the records are the same as without a zone, and zones
never nest."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.pipeline.nlp import memory_zone
from eventwire.pipeline import ZONE_ARTICLES, Extractor
from eventwire.records import Article

pytestmark = pytest.mark.model

PUBLISHED = date(2022, 10, 11)
NOVEL = ("Qorvanth", "Zelbrikov", "Ulmestrad")
"""Word forms no model has seen (made up), each in one article below."""

TEXTS = [
    f"President {NOVEL[0]} of Ruritania met French President Emmanuel Macron in Paris on Monday.",
    f"Thousands of people protested in {NOVEL[1]} against the pension reform on Saturday.",
    f"Rebels attacked a military base near {NOVEL[2]} in northern Mali, killing 15 soldiers.",
    "Chinese Foreign Minister Wang Yi will visit Moscow on Friday.",
]


@pytest.fixture(autouse=True)
def warm(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The session's extractor, past its warm-up (which other tests may not have finished)."""
    monkeypatch.setattr(extractor, "unzoned", 0)


def _articles(n: int = len(TEXTS)) -> list[Article]:
    return [Article(doc_id=f"z{i:03d}", text=TEXTS[i % len(TEXTS)], published=PUBLISHED,
                    origin=f"t:{i}") for i in range(n)]


def test_records_are_the_same_in_and_out_of_a_zone(extractor: Extractor) -> None:
    zoned = [r.as_dict() for r in extractor.run(_articles())]
    with extractor.nlp.memory_zone():  # one zone of the caller's around the unzoned stage
        plain = [r.as_dict() for r in extractor._run(_articles())]
    assert zoned == plain
    assert sum(len(r["events"]) for r in zoned) >= 3


@pytest.mark.parametrize("n", [1, ZONE_ARTICLES, ZONE_ARTICLES + 3])
def test_new_word_forms_do_not_stay_in_the_vocabulary(extractor: Extractor, n: int) -> None:
    strings = extractor.nlp.vocab.strings
    results = list(extractor.run(_articles(n)))
    assert [r.doc.doc_id for r in results] == [f"z{i:03d}" for i in range(n)]
    assert not any(word in strings for word in NOVEL)
    assert not extractor.nlp.vocab.in_memory_zone


def test_a_zone_of_the_callers_is_not_closed_under_it(extractor: Extractor) -> None:
    nlp = extractor.nlp
    with nlp.memory_zone():
        doc = nlp(f"{NOVEL[1]} and {NOVEL[2]} signed.")
        with memory_zone(nlp):  # opens none: zones do not nest
            pass
        result = extractor.document(_articles(1)[0])
        assert NOVEL[1] in nlp.vocab.strings  # the caller's strings are still there
        assert [t.text for t in doc][:3] == [NOVEL[1], "and", NOVEL[2]]
        assert nlp.vocab.in_memory_zone
    assert result.doc.doc_id == "z000"
    assert NOVEL[1] not in nlp.vocab.strings


@pytest.mark.parametrize("limit, emptied", [(10 ** 9, False), (0, True)])
def test_a_lemmatizer_cache_past_the_limit_is_emptied(extractor: Extractor,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      limit: int, emptied: bool) -> None:
    from eventwire.pipeline import nlp as nlp_mod

    monkeypatch.setattr(nlp_mod, "LEMMA_CACHE_LIMIT", limit)
    results = list(extractor.run(_articles()))
    assert sum(len(r.events) for r in results) >= 3
    assert (len(extractor.nlp.get_pipe("lemmatizer").cache) == 0) is emptied


def test_the_warm_up_keeps_its_words_and_then_ends(extractor: Extractor,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    strings = extractor.nlp.vocab.strings
    kept, dropped = "Vantorelli", "Quessadrine"  # made up, used nowhere else
    monkeypatch.setattr(extractor, "unzoned", 1)
    [first] = extractor.run([Article("w1", f"{kept} met Macron in Paris on Monday.")])
    assert extractor.unzoned == 0 and kept in strings
    [second] = extractor.run([Article("w2", f"{dropped} met Macron in Paris on Monday.")])
    assert dropped not in strings
    assert len(first.events) == len(second.events) >= 1
