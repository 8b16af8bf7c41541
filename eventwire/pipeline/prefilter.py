"""The cheap stage before the parser: sentences, and which of them can carry an event.

The parse is the expensive step of the pipeline; a sentence without any form of a trigger
lemma cannot yield an event, so it is not parsed (``Prefilter.candidates``). Sentences are cut
by rule (``split_sentences``) so that their indices and spans do not depend on what is parsed:
``evidence.sentence_index`` counts every sentence of the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..knowledge import Knowledge
from ..records import Document

# A sentence ends at . ! ? (with closing quotes or brackets) before a space and a capital,
# a digit or an opening quote; not after an abbreviation or an initial ("F.W. de Klerk"), nor
# after a title in the plural before the names it goes with ("Sens. Lindsey Graham and John
# McCain", "Reps.", "Gens.").
_END = re.compile(r"""[.!?]+["')\]]*(?=\s+["'(\[]?[A-Z0-9])""")
PLURAL_TITLES = ("Sens.", "Reps.", "Govs.", "Gens.", "Adms.", "Cols.", "Lts.", "Sgts.", "Capts.",
                 "Drs.", "Profs.", "Ambs.")
"""Titles in the plural: no sentence ends after them, and the parser keeps each one word
(``nlp.load_nlp``), as spaCy's tokenizer keeps "Sen." and "Gen."."""
_ABBREVIATIONS = frozenset("""
mr mrs ms messrs mm dr st gen lt col sgt capt cmdr adm gov sen rep prof jr sr inc co corp ltd ret
vs no nos fig jan feb mar apr jun jul aug sep sept oct nov dec rev hon pres maj brig est approx
dept univ ft mt u.s u.n u.k e.u a.m p.m i.e e.g etc al amb del cpl pvt pfc spc det insp atty
supt
""".split()) | {title[:-1].lower() for title in PLURAL_TITLES}
_QUOTED_TITLES = _ABBREVIATIONS - {"no", "nos"}
"""The abbreviations that stay one after an opening quote ('"Mr. Smith'): not '"No.', a word."""
_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")
_IRREGULAR = {
    "meet": "met", "strike": "struck", "shoot": "shot", "hold": "held", "fight": "fought",
    "flee": "fled", "withdraw": "withdrew withdrawn", "take": "took taken", "give": "gave given",
    "send": "sent", "bring": "brought", "speak": "spoke spoken", "lead": "led", "sell": "sold",
    "buy": "bought", "leave": "left", "beat": "beaten", "begin": "began begun",
    "break": "broke broken", "throw": "threw thrown", "drive": "drove driven", "seek": "sought",
    "win": "won", "lose": "lost", "build": "built", "put": "put", "cut": "cut", "hit": "hit",
    "set": "set", "shut": "shut", "bid": "bid", "lay": "laid", "pay": "paid", "say": "said",
    "tell": "told", "keep": "kept", "teach": "taught", "catch": "caught", "bear": "bore borne",
    "swear": "swore sworn", "forbid": "forbade forbidden", "forgive": "forgave forgiven",
    "overthrow": "overthrew overthrown", "undertake": "undertook undertaken", "blow": "blew blown",
    "steal": "stole stolen", "freeze": "froze frozen", "choose": "chose chosen",
    "rise": "rose risen", "feed": "fed", "sink": "sank sunk", "bomb": "bombed",
    "arise": "arose arisen", "wage": "waged", "do": "did done", "go": "went gone",
    "come": "came come", "see": "saw seen", "run": "ran", "stand": "stood", "understand":
    "understood", "spend": "spent", "lend": "lent", "grant": "granted", "shake": "shook shaken",
}


def ends_on_abbreviation(before: str, after: str = "") -> bool:
    """Whether text that runs up to a full stop ends on an abbreviation (a title, a month, "U.S.",
    an initial) rather than a sentence: "Brig.", "Sgt.", "F.W." (``_ABBREVIATIONS``). Also one
    inside an opening bracket or after a hyphen ("(U.S.)", "then-Sen."), a title after an
    opening quote ('"Mr.'; not '"No.' nor a quoted initial: 'voted "no." With'), and a US
    legislator's party-and-state tag in brackets before a day or a number that goes on with
    its sentence ("Mitch McConnell (R-Ky.) Friday met", ``_PARTY_TAG``; ``after``: the text
    that follows) — not before a new sentence ("(D-N.Y.) The idea was"), nor a tag without
    brackets ("Jerry Nadler, D-N.Y. No one")."""
    last = before.rsplit(None, 1)[-1].rstrip(".") if before.strip() else ""
    if _PARTY_TAG.fullmatch(last):
        return _GOES_ON.match(after.lstrip()) is not None
    bare = last.lstrip("([")
    word = bare.lower()
    if bare[:1] in ("\"", "'", "\u201c", "\u2018"):  # quoted: only a capitalised title
        quoted = bare.lstrip("\"'\u201c\u2018")
        return quoted[:1].isupper() and quoted.lower() in _QUOTED_TITLES
    after_hyphen = word.rsplit("-", 1)[-1] if "-" in word else ""
    return (word in _ABBREVIATIONS or after_hyphen in _ABBREVIATIONS
            or (len(word) == 1 and word.isalpha())
            or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word) is not None)


_PARTY_TAG = re.compile(r"\([RDI]-[A-Z][A-Za-z.]*")
"""A legislator's party and state in brackets, up to its last full stop: "(R-Ky", "(D-N.Y"."""
_GOES_ON = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
    r"[a-z]*\b|May\b|\d")
"""What goes on with a sentence after a party tag: a day, a month or a number ("(R-Ky.) Friday
met", "(D-Calif.) Monday night", "(R-Fla.) 2016 presidential campaign")."""


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text[start:end]`` (one paragraph)."""
    end = len(text) if end is None else end
    spans = []
    cur = start
    for m in _END.finditer(text, start, end):
        stop = m.end()
        if ends_on_abbreviation(text[cur:m.start() + 1], text[m.end():m.end() + 20]):
            continue
        spans.append((cur, stop))
        cur = stop
        while cur < end and text[cur].isspace():
            cur += 1
    if cur < end and text[cur:end].strip():
        spans.append((cur, end))
    return spans


LIST_MIN_WORDS = 20
LIST_CAPITALISED = 0.8
"""A sentence of at least ``LIST_MIN_WORDS`` words, at least ``LIST_CAPITALISED`` of them
capitalised, is a list of names — a country menu, a row of headlines, a roll of members, a
table of states — and no event is read from it (``is_name_list``). In the annotated corpus's
train and dev articles 13 sentences are such lists and none holds an event."""


def is_name_list(sentence: str) -> bool:
    """Whether a sentence is a list of names rather than prose (``LIST_MIN_WORDS``)."""
    words = _WORD.findall(sentence)
    if len(words) < LIST_MIN_WORDS:
        return False
    return sum(1 for w in words if w[0].isupper()) >= LIST_CAPITALISED * len(words)


def inflections(lemma: str) -> set[str]:
    """The regular and irregular word forms of a verb or noun lemma (a generous superset)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" \
            and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    forms.update(_IRREGULAR.get(lemma, "").split())
    return forms


@dataclass(frozen=True, slots=True)
class Prefilter:
    """Which sentences go to the parser: those with a form of a trigger lemma."""

    forms: frozenset[str]

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge) -> Prefilter:
        lemmas: Iterable[str] = list(knowledge.triggers) + list(
            getattr(knowledge, "user_triggers", {}))
        forms: set[str] = set()
        for lemma in lemmas:
            for part in lemma.split():
                forms |= inflections(part)
        return cls(frozenset(forms))

    def wants(self, sentence: str) -> bool:
        return any(w.lower() in self.forms for w in _WORD.findall(sentence))

    def sentences(self, doc: Document) -> list[tuple[int, int]]:
        """Every sentence of the document, in order, as spans of its cleaned text."""
        out: list[tuple[int, int]] = []
        for start, end in doc.paragraphs:
            out.extend(split_sentences(doc.text, start, end))
        return out
