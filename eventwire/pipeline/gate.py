"""The gate: a cheap sentence model, before the parse, deciding which sentences are parsed.

The parse is the expensive step; most sentences of the news hold no event. The gate reads a
sentence's words (lower-cased words and word pairs), the coarse clusters of those words
(``word_clusters.tsv``: words used alike in unlabeled news, so that a word the annotations
never showed counts as its neighbours do), whether any of them is a form of a trigger of the
lexicon, how much of it is quoted (the judgements the guidelines make events are often quoted
— "This type of behavior is unbelievable." —, and so is most talk that is none), and the mean
of a score per word of unlabeled news (``word_vectors.npy`` turned
into one number a word by training, ``train.fit_gate``: the linear model's weights on the
mean of the sentence's word vectors, read word by word); it gives the probability that the
sentence holds an event; sentences under the threshold chosen on the dev split (for recall of
event sentences) are not parsed. A sentence with a word of a user's verbs dictionary is always
parsed (the user's patterns decide there). The weights ship with the trigger model
(``eventwire/models/events.model``: ``gate`` and ``gate_words``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from ..models.linear import LinearModel, softmax

_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*|\d+")
_CURLY_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"'})
_SAID_AFTER_QUOTE = re.compile(r'"[,.]? *[A-Za-z .]{0,40}(?:said|says|told|added)')


def words_of(sentence: str) -> list[str]:
    """The lower-cased words of a sentence, as the gate and the word clusters read them."""
    return [w.lower() for w in _WORD.findall(sentence)]


def vocabulary_of(clusters: Mapping[str, tuple[str, str]]) -> Mapping[str, int]:
    """Word → its row of the word scores and vectors: the clusters' table's order."""
    return MappingProxyType({w: k for k, w in enumerate(clusters)})


def word_rows(words: Sequence[str], vocabulary: Mapping[str, int]) -> list[int]:
    """The rows of the words of a sentence that the vocabulary holds (each occurrence)."""
    return [k for w in words if (k := vocabulary.get(w)) is not None]


def gate_features(sentence: str, in_lexicon: Callable[[str], bool],
                  clusters: Mapping[str, tuple[str, str]] | None = None) -> list[str]:
    """Words, word pairs, the words' coarse clusters, lexicon evidence and quotation of one
    sentence."""
    return read_sentence(sentence, in_lexicon, clusters)[1]


def read_sentence(sentence: str, in_lexicon: Callable[[str], bool],
                  clusters: Mapping[str, tuple[str, str]] | None = None
                  ) -> tuple[list[str], list[str]]:
    """A sentence's words (``words_of``) and its features (``gate_features``), read once for
    the gate and for its training."""
    words = words_of(sentence)
    return words, words_features(words, in_lexicon, clusters) + quote_features(sentence)


def quote_features(sentence: str) -> list[str]:
    """How a sentence quotes: its quotation marks (straight or curly; up to 3), whether it
    opens with one, the share of its words inside quotation marks (in quarters), whether it
    ends with a quotation, and whether a quotation is followed by its speaker ("...," he
    said)."""
    mark = '"'
    text = sentence.translate(_CURLY_QUOTES)
    quoted = sum(len(part.split()) for part in text.split(mark)[1::2])
    share = quoted / max(1, len(text.split()))
    end = text.rstrip()
    return [f"q={min(text.count(mark), 3)}", f"qopen={text.lstrip().startswith(mark)}",
            f"qshare={min(int(share * 4), 3)}", f"qend={end.endswith((mark, mark + '.'))}",
            f"qsaid={_SAID_AFTER_QUOTE.search(text) is not None}"]


def words_features(words: Sequence[str], in_lexicon: Callable[[str], bool],
                   clusters: Mapping[str, tuple[str, str]] | None = None) -> list[str]:
    """The features of a sentence's words (``words_of``): ``gate_features`` without its
    quotation (``quote_features``), which needs the sentence as written."""
    f = ["bias"] + [f"u={w}" for w in words]
    f += [f"b={a} {b}" for a, b in zip(words, words[1:])]
    if clusters:
        f += sorted({f"uk={c[0]}" for w in words if (c := clusters.get(w))})
    hits = sum(1 for w in words if in_lexicon(w))
    f.append(f"lex={min(hits, 3)}")
    f += ["long"] if len(words) > 25 else ["short"] if len(words) < 8 else []
    return f


def gate_probabilities(model: LinearModel, words_model: LinearModel | None,
                       vocabulary: Mapping[str, int], rows: Sequence[Sequence[str]],
                       word_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """The probability of "event" for each sentence: ``model`` over its features ``rows``,
    plus ``words_model``'s bias and the mean of its rows for the sentence's words that
    ``vocabulary`` (word → row) holds, where the gate has one."""
    logits = model.logits(rows)
    if words_model is not None:
        for i, words in enumerate(word_lists):
            at = word_rows(words, vocabulary)
            logits[i] += words_model.bias
            if at:
                logits[i] += words_model.weights[at].mean(axis=0)
    return softmax(logits)[:, model.classes.index("event")]


@dataclass(frozen=True)
class Gate:
    """Sentence → parse it or not."""

    model: LinearModel
    threshold: float
    in_lexicon: Callable[[str], bool]
    in_user_dictionary: Callable[[str], bool]
    clusters: Mapping[str, tuple[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    """The word clusters the gate was trained with (``knowledge.read_word_clusters``)."""
    words_model: LinearModel | None = None
    """One score per word of ``vocabulary`` (None: a gate trained without them)."""
    vocabulary: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    """Word → its row of ``words_model``: the words of the clusters' table, in its order."""

    def probability(self, sentence: str) -> float:
        return self._probability(*read_sentence(sentence, self.in_lexicon, self.clusters))

    def wants(self, sentence: str) -> bool:
        words, row = read_sentence(sentence, self.in_lexicon, self.clusters)
        if any(self.in_user_dictionary(w) for w in words):
            return True
        return self._probability(words, row) >= self.threshold

    def _probability(self, words: Sequence[str], row: Sequence[str]) -> float:
        return float(gate_probabilities(self.model, self.words_model, self.vocabulary, [row],
                                        [words])[0])
