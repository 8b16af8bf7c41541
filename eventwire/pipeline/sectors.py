"""Learned sectors: the PLOVER sector of a party that the actor tables leave without one.

The tables (``sectors.tsv``, the office holders, the groups) give most parties their sector;
what they do not know stays unplaced: a person named only by the text ("Nikolay Krastev, the
new head of BNR news"), a company ("Apple Inc"), a title the tables lack ("Representative
Barbara Lee"), a description ("viewers", "some conservatives"). A linear model over the party's
own words (``sector_features``: its words and their clusters of unlabeled news, its head's
lemma, part of speech and entity type, the words before the head, its appositives) gives each
sector, or none, a probability; the learned coder gives a party without a sector the likeliest
one where it reaches the model's threshold (chosen on dev, ``train.choose_sector_model``) and
is not none. The model learns from the corpus's gold parties (pronouns left out: theirs is
their antecedent's); it never overrides the tables. The weights ship with the trigger model
(``eventwire/models/events.model``, model ``sectors``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ..models.linear import LinearModel

SECTOR_NONE = "none"
"""The label of a party that has no sector (a person the text says nothing of)."""


def sector_features(tokens: Sequence[Token], head: Token,
                    clusters: Mapping[str, tuple[str, str]]) -> list[str]:
    """Features of one party: the words of its phrase (``tokens``, the determiners and
    punctuation left out) and their fine clusters, its head's lemma, part of speech, entity
    type and cluster, the lemmas of the common words before the head ("Hollywood *producer*
    Burt Sugarman") and of its appositives, inside the phrase or after it ("Keonna Thomas, 30,
    a Philadelphia *mother*"), whether it is all names, and its length."""
    words = [t for t in tokens if not t.is_punct and t.dep_ != "det"]
    inside = {t.i for t in tokens}
    out = ["bias", f"h={head.lemma_.lower()}", f"hpos={head.pos_}",
           f"ent={head.ent_type_ or '-'}", f"hc={clusters.get(head.lower_, ('-', '-'))[1]}",
           f"n={min(len(tokens), 5)}",
           f"allpropn={all(t.pos_ == 'PROPN' for t in words)}"]
    for t in words:
        out.append(f"w={t.lower_}")
        if (c := clusters.get(t.lower_)) is not None:
            out.append(f"c={c[1]}")
        if t.i < head.i and t.pos_ != "PROPN":
            out.append(f"mod={t.lemma_.lower()}")
        if t.dep_ == "appos":
            out.append(f"appos={t.lemma_.lower()}")
        if t.ent_type_:
            out.append(f"e={t.ent_type_}")
    out += [f"xappos={c.lemma_.lower()}" for c in head.children
            if c.dep_ == "appos" and c.i not in inside]
    return out


@dataclass(frozen=True)
class SectorModel:
    """The sector of a party the tables leave without one, if the model is sure enough."""

    model: LinearModel
    threshold: float
    clusters: Mapping[str, tuple[str, str]]

    def sector(self, tokens: Sequence[Token], head: Token) -> str | None:
        """The likeliest sector of the party ``tokens`` (headed by ``head``) where its
        probability reaches the threshold; None where it does not, or none is likeliest."""
        probs = self.model.scores([sector_features(tokens, head, self.clusters)])[0]
        k = int(probs.argmax())
        label = self.model.classes[k]
        return label if label != SECTOR_NONE and probs[k] >= self.threshold else None
