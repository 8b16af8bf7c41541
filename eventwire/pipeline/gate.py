"""The gate: a cheap sentence model, before the parse, deciding which sentences are parsed.

The parse is the expensive step; most sentences of the news hold no event. The gate reads a
sentence's words (lower-cased words and word pairs), the coarse clusters of those words
(``word_clusters.tsv``: words used alike in unlabeled news, so that a word the annotations
never showed counts as its neighbours do) and whether any of them is a form of a trigger of
the lexicon, and gives the probability that the sentence holds an event; sentences
under the threshold chosen on the dev split (for recall of event sentences) are not parsed. A
sentence with a word of a user's verbs dictionary is always parsed (the user's patterns decide
there). The weights ship with the trigger model (``eventwire/models/events.model``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..models.linear import LinearModel

_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*|\d+")


def gate_features(sentence: str, in_lexicon: Callable[[str], bool],
                  clusters: Mapping[str, tuple[str, str]] | None = None) -> list[str]:
    """Words, word pairs, the words' coarse clusters and lexicon evidence of one sentence."""
    words = [w.lower() for w in _WORD.findall(sentence)]
    f = ["bias"] + [f"u={w}" for w in words]
    f += [f"b={a} {b}" for a, b in zip(words, words[1:])]
    if clusters:
        f += sorted({f"uk={c[0]}" for w in words if (c := clusters.get(w))})
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
    clusters: Mapping[str, tuple[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    """The word clusters the gate was trained with (``knowledge.read_word_clusters``)."""

    def probability(self, sentence: str) -> float:
        p = self.model.scores([gate_features(sentence, self.in_lexicon, self.clusters)])[0]
        return float(p[self.model.classes.index("event")])

    def wants(self, sentence: str) -> bool:
        if any(self.in_user_dictionary(w.lower()) for w in _WORD.findall(sentence)):
            return True
        return self.probability(sentence) >= self.threshold
