"""The article pass (``pipeline/article.py``): the features it reads from what an article
reported before a trigger, and how it turns them into a confidence."""

from __future__ import annotations

import numpy as np

from eventwire.models.linear import LinearModel, bucket
from eventwire.pipeline.article import (RIGHT, ArticlePass, Mention, features,
                                        sentence_words)


def _m(sentence: int | None, etype: str, p: float, lemma: str = "attack",
       words: str = "rebels attacked the town") -> Mention:
    return Mention(sentence, etype, p, lemma, sentence_words(words))


def test_sentence_words_are_content_words_of_the_text() -> None:
    assert sentence_words("The rebels attacked the town of Goma on Monday.") == frozenset(
        {"rebels", "attacked", "town", "goma", "monday"})


def test_a_second_word_of_the_same_type_in_a_sentence_knows_a_likelier_one() -> None:
    bombing, killed = _m(0, "ASSAULT", 0.8, "bombing"), _m(0, "ASSAULT", 0.4, "kill")
    f_bombing, f_killed = features([], [bombing, killed])
    assert "sibsame=0" in f_bombing and "sibsame=1" in f_killed
    assert "sibsame=1|t=ASSAULT" in f_killed


def test_an_act_told_again_later_knows_it_was_reported() -> None:
    first = _m(0, "ASSAULT", 0.9)
    again = _m(5, "ASSAULT", 0.5, words="the rebels attacked the town again")
    other = _m(5, "CONSULT", 0.5, "meet", "ministers met in Geneva")
    f_again, f_other = features([first], [again, other])
    # told in the same words: the highest overlap
    assert {"apos=4-5", "prevT=1", "prevlem", "prevTmax=4", "prevTov=hi"} <= set(f_again)
    assert {"prevT=0", "prevTov=0.05"} <= set(f_other) and "prevlem" not in f_other


def test_weak_earlier_triggers_and_the_same_sentence_are_not_reported_before() -> None:
    weak = _m(0, "ASSAULT", 0.1)
    same_sentence = _m(3, "ASSAULT", 0.9)
    (f,) = features([weak, same_sentence], [_m(3, "ASSAULT", 0.5)])
    assert "prevT=0" in f and "prevany=0" in f


def test_a_sentence_without_its_article_has_no_article_features() -> None:
    (f,) = features([_m(0, "ASSAULT", 0.9)], [_m(None, "ASSAULT", 0.5)])
    assert not any(x.startswith(("apos=", "prev")) for x in f)


def _pass_model() -> LinearModel:
    """An article model that holds a trigger already reported in the article less likely."""
    weights = np.zeros((64, 2), dtype=np.float32)
    weights[bucket("prevT=1", 64)] = (-2.0, 2.0)
    return LinearModel(weights, np.zeros(2, dtype=np.float32), (RIGHT, "wrong"), {})


def test_the_pass_remembers_the_article_sentence_by_sentence() -> None:
    article = ArticlePass(_pass_model(), lambda p: p)
    (first,) = article.confidences([_m(0, "ASSAULT", 0.9)])
    (again,) = article.confidences([_m(4, "ASSAULT", 0.9)])
    assert first == 0.5 and again < 0.1
    # a new article starts with nothing reported
    assert ArticlePass(_pass_model(), lambda p: p).confidences([_m(4, "ASSAULT", 0.9)]) == [0.5]


def test_without_an_article_model_the_type_models_probability_is_calibrated() -> None:
    article = ArticlePass(None, lambda p: round(p / 2, 3))
    assert article.confidences([_m(0, "ASSAULT", 0.9), _m(0, "AID", 0.4)]) == [0.45, 0.2]
