"""Learned triggers: which words of a parsed sentence name an event, of which PLOVER type and
mode, and with which modality.

Every verb and noun of a parsed sentence is a candidate (``is_candidate``), not only the words
of the trigger lexicon. Three linear models over the same parse features (``token_features``:
the word, its lemma and part of speech, its dependency context, negation and auxiliary
dependents, the entity types of its arguments, its governors, the sentence's content words)
decide, in turn: the type or no event; the mode, among the modes of that type; the modality.
The weights ship in ``eventwire/models/`` and are rebuilt by ``make model`` from the annotated
corpus (``training/train_events.py``); ``docs/models.md`` is their card.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np
from spacy.tokens import Span, Token

from ..models.linear import LinearModel, shipped
from .arguments import ActorWords, ArgumentModel, DateModel, PlaceModel
from .article import ArticlePass
from .gate import Gate, vocabulary_of
from .sectors import SectorModel

FEATURES_VERSION = 9
"""Raised whenever ``token_features``, ``gate.gate_features`` or the argument, date, place and
sector models' candidates and features (``arguments.candidate_heads``, ``pair_features``,
``date_features``, ``place_candidates``, ``place_features``) change: a model trained on other
features is refused. 2: possessives and the trigger's name modifiers became party candidates
(seventh session). 3: how the date's clause stands to the trigger's (eighth session). 4: the
word clusters of unlabeled news, in the gate's features (eighteenth session). 5: how the
sentence quotes, in the gate's features (``gate.quote_features``, twentieth session). 6:
descriptions of a place named before ("the city") among the place model's candidates
(``arguments.description_heads``, twenty-first session). 7: words for a kind of place ("at
the border") among them too (``arguments.location_heads``, thirty-sixth session). 8: names
modifying the trigger's object ("rejected Chinese offers") among the party candidates, with
features of their own (``arguments.object_nouns``, thirty-seventh session). 9: the sector
model of the parties the tables leave without a sector (``sectors.sector_features``,
thirty-eighth session)."""

CANDIDATE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ", "PROPN"})
NONE = "NONE"
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "agent", "dative", "attr"})
NAMED_CHILD_DEPS = frozenset({"neg", "aux", "auxpass", "prt", "prep", "dobj", "nsubj",
                              "nsubjpass", "agent", "mark", "advmod", "xcomp", "ccomp", "dative",
                              "attr", "acomp", "oprd"})
MODEL_FILE = "events.model"


def is_candidate(tok: Token) -> bool:
    """A word that may name an event: a verb or noun (or an adjective or name the tagger may
    have mistaken for one), alphabetic, not a stop word."""
    return tok.pos_ in CANDIDATE_POS and tok.is_alpha and not tok.is_stop and len(tok) > 1


def sentence_features(sent: Span) -> list[str]:
    """What the whole sentence says, shared by its candidates: content lemmas, entity types."""
    out = [f"s={t.lemma_.lower()}" for t in sent if t.is_alpha and not t.is_stop]
    out += [f"se={e.label_}" for e in sent.ents]
    return out


def lexicon_types(triggers: Mapping[str, Sequence[Any]]) -> dict[str, frozenset[str]]:
    """Lemma → the PLOVER types the trigger lexicon gives it (evidence for the models)."""
    return {lemma: frozenset(f"{s.pos}:{s.event_type}" for s in senses)
            for lemma, senses in triggers.items()}


def tables_digest(lexicon: Mapping[str, frozenset[str]], words: ActorWords | None,
                  clusters: Mapping[str, tuple[str, str]] | None = None,
                  vectors: Any = None) -> str:
    """A digest of what the models' features read from the built-in tables: the types the
    trigger lexicon gives each lemma, the actor tables' sector words, known names, seats of
    power and words for a kind of place (``ActorWords``), the word clusters and the words'
    vectors (``knowledge.read_word_vectors``; the gate's word scores are made of them). ``eventwire
    train`` stores it in the model (``types.meta["tables"]``); a model whose digest is not the
    present tables' was trained on other features than the pipeline now computes, and ``make
    model`` rebuilds it."""
    h = hashlib.sha256()
    for lemma in sorted(lexicon):
        h.update(f"lex\t{lemma}\t{'|'.join(sorted(lexicon[lemma]))}\n".encode())
    if words is not None:
        for word in sorted(words.sectors):
            h.update(f"sector\t{word}\t{words.sectors[word]}\n".encode())
        for name in sorted(words.phrases):
            h.update(f"name\t{name}\n".encode())
        for seat in sorted(words.seats):
            h.update(f"seat\t{seat}\n".encode())
        for noun in sorted(words.place_nouns):
            h.update(f"place\t{noun}\n".encode())
    table = clusters or {}
    for word in sorted(table):
        h.update(f"cluster\t{word}\t{'|'.join(table[word])}\n".encode())
    if vectors is not None:
        h.update(b"vectors\t" + np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
    return h.hexdigest()[:12]


def token_features(tok: Token, sentence: Sequence[str] = (),
                   lexicon: Mapping[str, frozenset[str]] | None = None,
                   sent: Span | None = None) -> list[str]:
    """The parse features of one candidate word; ``sentence``: its sentence's features;
    ``lexicon``: the types the trigger lexicon gives its lemma, as extra evidence; ``sent``:
    its sentence, where the caller has it (else ``tok.sent``)."""
    lem = tok.lemma_.lower()
    low = tok.lower_
    pos, dep = tok.pos_, tok.dep_
    head = tok.head
    head_lem = head.lemma_.lower()
    f = ["bias", f"l={lem}", f"w={low}", f"p={pos}", f"t={tok.tag_}",
         f"d={dep}", f"lp={lem}|{pos}", f"ld={lem}|{dep}",
         f"hl={head_lem}", f"hd={head.dep_}", f"hp={head.pos_}",
         f"lhl={lem}|{head_lem}", f"ent={tok.ent_type_ or '-'}"]
    f += [f"m={m}" for m in tok.morph]
    for child in tok.children:
        child_dep = child.dep_
        f.append(f"cd={child_dep}")
        if child_dep in NAMED_CHILD_DEPS:
            f.append(f"c={child_dep}:{child.lemma_.lower()}")
            if child_dep in ("prt", "prep"):
                f.append(f"lc={lem} {child.lower_}")
        if child_dep in ARGUMENT_DEPS:
            f.append(f"ce={child_dep}:{child.ent_type_ or child.pos_}")
            for grand in child.children:
                if grand.dep_ == "pobj":
                    f.append(f"ce={child_dep}>pobj:{grand.ent_type_ or grand.pos_}")
    # three steps up the heads; at the root the walk stays there, so a word near the root
    # repeats the root's lemma (the shipped weights were trained so: stopping at the root,
    # model bd6c8b60, gave dev precision at the floor 0.567 against 0.592, F1 0.313 against
    # 0.311, twenty-second session — no gain to retrain for)
    gov = tok
    for k in range(3):
        gov = gov.head
        gov_lem = gov.lemma_.lower()
        f.append(f"g{k}={gov_lem}")
        f.append(f"g={gov_lem}")
    if sent is None:
        sent = tok.sent
    i = tok.i
    f.append(f"prev={tok.nbor(-1).lower_ if i > sent.start else '<s>'}")
    f.append(f"next={tok.nbor(1).lower_ if i + 1 < sent.end else '</s>'}")
    if lexicon:
        kind = "VERB" if pos in ("VERB", "AUX") else "NOUN"
        for sense in lexicon.get(lem, ()) or lexicon.get(low, ()):
            f.append(f"lex={sense}")
            if sense.startswith(kind):
                f.append(f"lexpos={sense}")
    f.extend(sentence)
    return f


def modality_features(tok: Token, base: Sequence[str]) -> list[str]:
    """Features for the modality: the candidate's own, and the auxiliaries, negations, markers
    and verbs that govern it up its chain of heads (``would``, ``if``, ``plans to``, ``not``)."""
    f = list(base)
    gov = tok
    for _ in range(4):
        for child in gov.children:
            if child.dep_ in ("aux", "auxpass", "neg", "mark", "advmod"):
                f.append(f"chain={child.dep_}:{child.lower_}")
        f.append(f"chain_gov={gov.head.lemma_.lower()}|{gov.dep_}")  # the root: itself
        gov = gov.head
    return f


def kept_types(model: LinearModel, rows: Sequence[Sequence[str]], floor: float
               ) -> list[tuple[int, str, float]]:
    """(row, type, probability) of the candidates whose most probable type, NONE aside, is at
    least ``floor`` probable: the triggers the type model keeps (at extraction and in
    training alike)."""
    probs = model.scores(rows)
    probs[:, model.classes.index(NONE)] = -1.0
    best = probs.argmax(axis=1)
    return [(i, model.classes[int(j)], float(probs[i, j])) for i, j in enumerate(best)
            if probs[i, j] >= floor]


def calibrate(probability: float, curve: Mapping[str, Any]) -> float:
    """A probability read through a calibration map fitted on dev (``train.calibration``)."""
    if curve.get("kind") == "isotonic":
        return float(np.interp(probability, curve["x"], curve["y"]))
    p = min(max(probability, 1e-6), 1 - 1e-6)
    z = float(curve["a"]) * float(np.log(p / (1 - p))) + float(curve["b"])
    return float(1.0 / (1.0 + np.exp(-z)))


@dataclass(frozen=True, slots=True)
class Found:
    """A word the model takes for an event's trigger."""

    token: Token
    event_type: str
    mode: str | None
    modality: str
    probability: float
    """The type model's probability of ``event_type``; the confidence is read from it by the
    article pass (``TriggerModel.article``)."""


@dataclass(frozen=True)
class TriggerModel:
    """The type, mode and modality models, and the threshold chosen on the dev split."""

    types: LinearModel
    modes: LinearModel
    modalities: LinearModel
    threshold: float
    modes_of: Mapping[str, frozenset[str]]
    lexicon: Mapping[str, frozenset[str]]
    """The trigger lexicon's types per lemma (``lexicon_types``), a feature of the models."""
    gate_model: LinearModel | None = None
    """The sentence gate trained beside the trigger models."""
    roles_model: LinearModel | None = None
    """The argument model (``arguments.py``) trained beside them."""
    dates_model: LinearModel | None = None
    """The model choosing each event's own date expression (``arguments.DateModel``)."""
    actor_words: ActorWords | None = None
    """The actor tables' evidence for the argument model (``arguments.ActorWords``)."""
    places_model: LinearModel | None = None
    """The model choosing where each event happened (``arguments.PlaceModel``)."""
    article_model: LinearModel | None = None
    """The second pass over each article's triggers (``article.py``)."""
    clusters: Mapping[str, tuple[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    """The word clusters of unlabeled news (``knowledge.read_word_clusters``), a feature of the
    gate."""
    gate_words_model: LinearModel | None = None
    """The gate's score per word of ``clusters`` (``train.fit_gate``)."""
    sectors_model: LinearModel | None = None
    """The sector of a party the tables leave without one (``sectors.SectorModel``)."""

    @classmethod
    def load(cls, path: str | Path | None = None,
             lexicon: Mapping[str, frozenset[str]] | None = None,
             actor_words: ActorWords | None = None,
             clusters: Mapping[str, tuple[str, str]] | None = None) -> TriggerModel:
        """The model in ``path`` (a folder or file written by ``eventwire train``), else the
        one shipped in the package; ``lexicon``, ``actor_words`` and ``clusters`` must be the
        tables it was trained with."""
        from ..errors import ModelError

        where = Path(path) if path else shipped(MODEL_FILE)
        if where.is_dir():
            where = where / MODEL_FILE
        if not where.exists():
            raise ModelError(f"no trigger model at {where}: build one with `make model` (the "
                             "shipped one) or `eventwire train CORPUS --out DIR`")
        bundle = LinearModel.read_bundle(where)
        types, modes, modalities = bundle["types"], bundle["modes"], bundle["modalities"]
        if types.meta.get("features_version") != FEATURES_VERSION:
            raise ModelError(f"{where} was trained on features version "
                             f"{types.meta.get('features_version')}, this eventwire computes "
                             f"version {FEATURES_VERSION}: retrain it (`make model` for the "
                             "shipped one, `eventwire train CORPUS --out DIR` for your own)")
        modes_of = {t: frozenset(m) for t, m in types.meta["modes_of"].items()}
        return cls(types, modes, modalities, float(types.meta["threshold"]), modes_of,
                   lexicon or {}, bundle.get("gate"), bundle.get("roles"), bundle.get("dates"),
                   actor_words, places_model=bundle.get("places"),
                   article_model=bundle.get("article"),
                   clusters=clusters if clusters is not None else MappingProxyType({}),
                   gate_words_model=bundle.get("gate_words"),
                   sectors_model=bundle.get("sectors"))

    def arguments(self) -> ArgumentModel | None:
        """The argument model trained with this model (None: the rules find the roles)."""
        if self.roles_model is None:
            return None
        words = self.actor_words if self.roles_model.meta.get("actor_words") else None
        meta = self.roles_model.meta
        return ArgumentModel(self.roles_model, float(meta["threshold"]), words,
                             {r: float(f) for r, f in meta.get("floors", {}).items()})

    def dates(self) -> DateModel | None:
        """The date model trained with this model (None: the rules choose the date)."""
        if self.dates_model is None:
            return None
        return DateModel(self.dates_model, float(self.dates_model.meta["threshold"]))

    def places(self) -> PlaceModel | None:
        """The place model trained with this model (None: the rules choose the place)."""
        if self.places_model is None:
            return None
        return PlaceModel(self.places_model, float(self.places_model.meta["threshold"]))

    def sectors(self) -> SectorModel | None:
        """The sector model trained with this model (None: a party the tables give no
        sector keeps none)."""
        if self.sectors_model is None:
            return None
        return SectorModel(self.sectors_model, float(self.sectors_model.meta["threshold"]),
                           self.clusters)

    def article(self) -> ArticlePass:
        """A new pass over one article's triggers, which turns the type model's probabilities
        into calibrated confidences."""
        return ArticlePass(self.article_model, self.calibrated)

    def gate(self, in_lexicon: Callable[[str], bool],
             in_user_dictionary: Callable[[str], bool]) -> Gate | None:
        """The sentence gate trained with this model (None: every sentence is parsed)."""
        if self.gate_model is None:
            return None
        words = self.gate_words_model
        if words is not None and words.dims != len(self.clusters):
            from ..errors import ModelError

            raise ModelError(f"the gate holds scores for {words.dims} words, the word clusters "
                             f"given {len(self.clusters)}: load the model with the clusters it "
                             "was trained with (`knowledge.read_word_clusters`), or retrain it "
                             "on the present ones (`make model`)")
        return Gate(self.gate_model, float(self.gate_model.meta["threshold"]), in_lexicon,
                    in_user_dictionary, self.clusters, words, vocabulary_of(self.clusters))

    @property
    def min_confidence(self) -> float:
        """The ``--min-confidence`` default chosen on dev (0 for a model trained before)."""
        return float(self.types.meta.get("min_confidence", 0.0))

    def calibrated(self, probability: float) -> float:
        """The chance, estimated on dev, that a trigger given this probability is right
        (trigger and type): by the article pass's, or, for a model trained without one, by the
        type model's; the probability itself for a model trained without a calibration."""
        curve = self.types.meta.get("calibration")
        return calibrate(probability, curve) if curve else probability

    @property
    def model_id(self) -> str:
        return str(self.types.meta.get("id", "unknown"))

    def find(self, sent: Span, threshold: float | None = None) -> list[Found]:
        """The triggers of one parsed sentence, most probable first within the sentence order."""
        cands = [t for t in sent if is_candidate(t)]
        if not cands:
            return []
        shared = sentence_features(sent)
        rows = [token_features(t, shared, self.lexicon, sent) for t in cands]
        floor = self.threshold if threshold is None else threshold
        picked = [(i, cands[i], etype, p)
                  for i, etype, p in kept_types(self.types, rows, floor)]
        if not picked:
            return []
        mode_p = self.modes.scores([rows[i] + [f"type={t}"] for i, _, t, _ in picked])
        mod_rows = [modality_features(tok, rows[i]) + [f"type={t}"] for i, tok, t, _ in picked]
        mod_p = self.modalities.scores(mod_rows)
        out = []
        for k, (_, tok, etype, p) in enumerate(picked):
            allowed = self.modes_of.get(etype, frozenset())
            mode = None
            order = mode_p[k].argsort()[::-1]
            for j in order:
                label = self.modes.classes[int(j)]
                if label == NONE:
                    break
                if label in allowed:
                    mode = label
                    break
            modality = self.modalities.classes[int(mod_p[k].argmax())]
            out.append(Found(tok, etype, mode, modality, p))
        return out
