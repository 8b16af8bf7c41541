"""The article pass: how sure the learned coder is of a trigger, given what the article around
it has already reported.

The type model (``triggers.py``) reads one sentence. Many of its wrong events are whole-article
decisions the annotators made by the guidelines' rulings: an act told again later in the
article (R1), a second word of an event already found in the same sentence ("a suicide car
**bombing** ... **killed**"), background deep in the article (R2). The article pass is a second,
small linear model over each trigger the type model keeps: its type and probability, where the
sentence stands in the article, how many triggers of its type the article already holds (of
the same word, in a sentence of the same words), and whether a trigger of the same sentence is
more probable. It is trained on the type model's *cross-fitted* triggers of the train articles
(each half read by a type model fitted on the other half, ``train.article_pass``), so that it
learns from the mistakes the type model makes on articles it did not see; its output is then
calibrated on dev like the type model's was.

Features read earlier sentences and the sentence itself, never later ones, so the pass runs
sentence by sentence as the events stage meets them (``ArticlePass.confidences``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from ..models.linear import LinearModel

RIGHT = "right"
"""The class of the article model's labels that says the trigger and its type are right."""
SEEN = 0.2
"""An earlier trigger counts as reported when the type model gave it at least this."""
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_POSITIONS = ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12"),
              (20, "13-20"))
_OVERLAPS = (0.05, 0.1, 0.2, 0.35, 0.5)


@dataclass(frozen=True, slots=True)
class Mention:
    """A trigger the type model keeps, as the article pass sees it."""

    sentence: int | None
    """The index of its sentence in the article (None: a sentence read without its article)."""
    event_type: str
    probability: float
    """The type model's probability of ``event_type``."""
    lemma: str
    words: frozenset[str]
    """The content words of its sentence (``sentence_words``)."""


def sentence_words(text: str) -> frozenset[str]:
    """The words of a sentence that say what it is about: lower case, no stop words, three
    letters or more (read from the text, not the parse, so that the same sentence gives the
    same words wherever it is cut)."""
    words = (w.lower() for w in _WORD.findall(text))
    return frozenset(w for w in words if len(w) > 2 and w not in STOP_WORDS)


def _position(k: int) -> str:
    return next((name for limit, name in _POSITIONS if k <= limit), "21+")


def _overlap(x: float) -> str:
    return next((str(limit) for limit in _OVERLAPS if x < limit), "hi")


def features(earlier: Sequence[Mention], current: Sequence[Mention]) -> list[list[str]]:
    """The features of the triggers ``current`` of one sentence, given the triggers met
    before them in the article, ``earlier`` (those of the same sentence index are not counted
    as earlier: a sentence the parser cut in two is still one sentence)."""
    out = []
    for m in current:
        t = m.event_type
        pb = min(int(m.probability * 10), 9)
        f = [f"t={t}", f"pb={pb}", f"pb={pb}|t={t}"]
        if m.sentence is not None:
            before = [e for e in earlier if e.sentence != m.sentence]
            same = [e for e in before if e.event_type == t and e.probability >= SEEN]
            n = min(len(same), 3)
            f += [f"apos={_position(m.sentence)}", f"prevT={n}", f"prevT={n}|t={t}",
                  f"prevTmax={min(int(max((e.probability for e in same), default=0) * 5), 4)}",
                  f"prevany={min(sum(1 for e in before if e.probability >= SEEN), 6)}"]
            if any(e.lemma == m.lemma for e in same):
                f.append("prevlem")
            ov = max((len(m.words & e.words) / max(1, len(m.words | e.words)) for e in same),
                     default=0.0)
            f.append(f"prevTov={_overlap(ov)}")
        higher_same = min(sum(1 for o in current if o is not m and o.event_type == t
                              and o.probability > m.probability), 2)
        higher_any = min(sum(1 for o in current if o is not m
                             and o.probability > m.probability), 3)
        f += [f"sibsame={higher_same}", f"sibany={higher_any}", f"sibsame={higher_same}|t={t}"]
        out.append(f)
    return out


@dataclass
class ArticlePass:
    """One article's pass (a new one per article, never shared): the confidence of each
    sentence's triggers, met in the article's order."""

    model: LinearModel | None
    """The article model (None: a model trained without one; the type model's probability
    is calibrated alone)."""
    calibrate: Callable[[float], float]
    """The calibration fitted on dev over this pass's output."""
    earlier: list[Mention] = field(default_factory=list)

    def confidences(self, mentions: Sequence[Mention]) -> list[float]:
        """The calibrated confidences of one sentence's triggers; the sentence is then
        remembered as reported."""
        if self.model is None or not mentions:
            return [self.calibrate(m.probability) for m in mentions]
        right = self.model.classes.index(RIGHT)
        scores = self.model.scores(features(self.earlier, mentions))[:, right]
        self.earlier.extend(mentions)
        return [self.calibrate(float(p)) for p in scores]
