"""The gate: a cheap sentence model, before the parse, deciding which sentences are parsed.

The parse is the expensive step; most sentences of the news hold no event. The gate reads a
sentence's words (lower-cased words and word pairs) and whether any of them is a form of a
trigger of the lexicon, and gives the probability that the sentence holds an event; sentences
under the threshold chosen on the dev split (for recall of event sentences) are not parsed. A
sentence with a word of a user's verbs dictionary is always parsed (the user's patterns decide
there). The weights ship with the trigger model (``eventwire/models/events.model``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..models.linear import LinearModel

_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*|\d+")


def gate_features(sentence: str, in_lexicon: Callable[[str], bool]) -> list[str]:
    """Words, word pairs and lexicon evidence of one sentence."""
    words = [w.lower() for w in _WORD.findall(sentence)]
    f = ["bias"] + [f"u={w}" for w in words]
    f += [f"b={a} {b}" for a, b in zip(words, words[1:])]
    hits = sum(1 for w in words if in_lexicon(w))
    f.append(f"lex={min(hits, 3)}")
    f += ["long"] if len(words) > 25 else ["short"] if len(words) < 8 else []
    return f


@dataclass(frozen=True)
class Gate:
    """Sentence → parse it or not."""

    model: LinearModel
    threshold: float
    in_lexicon: Callable[[str], bool]
    in_user_dictionary: Callable[[str], bool]

    def probability(self, sentence: str) -> float:
        p = self.model.scores([gate_features(sentence, self.in_lexicon)])[0]
        return float(p[self.model.classes.index("event")])

    def wants(self, sentence: str) -> bool:
        if any(self.in_user_dictionary(w.lower()) for w in _WORD.findall(sentence)):
            return True
        return self.probability(sentence) >= self.threshold
