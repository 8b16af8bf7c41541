"""Readers for PETRARCH/TABARI user dictionaries: ``.actors``, agents and ``.verbs`` files.

Actors files name actors and give them CAMEO-style codes::

    GONDOR [GON]                 a phrase and its code
    +MINAS_TIRITH                a synonym of the phrase above
    GOLLUM                       a phrase whose codes follow on indented lines
        [HOB < 950601]           before (inclusive) 1995-06-01
        [HOBGOV 19950601 - 19990815]
        [HOBREB > 990816]        from (inclusive) 1999-08-16
    LORIEN [ELR/GAL]             two actors at once

Agents files name the words that give an actor its sector::

    !PERSON! = MAN, MEN, WOMAN, WOMEN    a substitution set
    PRESIDENT [~GOV]                     plural formed by rule (PRESIDENTS)
    TROOPS {} [~MIL]                     no plural
    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
    CONGRESS!PERSON! [~LEG]              one entry per member of the set
    MSF {} [NGO~]                        the code goes first (an NGO of the country named)

``#`` and ``;`` start comments, ``<!-- ... -->`` blocks are skipped, ``---STOP---`` ends a file.
Underscores and spaces both join the words of a phrase; phrases are matched as whole words
(TABARI's stem matching of phrases without a trailing underscore is not reproduced).

Verbs files give verbs their event codes, and patterns that change the code by context::

    &TIETYPES                    a synset: its members stand for &TIETYPES in patterns
    +MILITARY
    +ECONOMIC
    --- RESTORE  [064]  ---      a block: a description and the default code
    RESTORE                      the block's verbs (regular forms are generated) ...
    MEND {MENDED MENDING} [065]  ... with irregular forms and a code of their own
    +CORDON_OFF                  a multi-word verb ('+' marks the verb word)
    - * TIES WITH +  [064]       a pattern: '*' is the verb, '+' the target, '$' the source,
    - NOT * RELATIONS [112]      '%' both, '^' a skipped phrase, '_' joins adjacent words
    - * &TIETYPES TIES [0641]

A code splits into a country part and a sector part (``split_code``): ``ARNGOVFRM`` is
country ARN, sector GOV. Codes that are not ISO (the fictional ARN, GON of the PETRARCH tests,
CAMEO's JAP) are kept as they are: a user dictionary's codes are the user's.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from .errors import DataError
from .knowledge import (
    COMPOUND_CUE,
    SECTOR_CODES,
    ActorEntry,
    CameoCode,
    SectorWord,
    Trigger,
    typed_cameo,
)

log = logging.getLogger(__name__)

TRANSNATIONAL = MappingProxyType({"IGO": "IGO", "NGO": "NGO", "NGM": "NGO", "MNC": "MNC",
                                  "IMG": "REB"})
"""CAMEO first-position codes that are not states, and the sector they give."""

IGO_SHORT = MappingProxyType({"UNO": "UN", "EEC": "EU", "EEU": "EU", "NAT": "NATO"})
"""CAMEO organisation codes whose usual short form the event record uses instead."""

RELIGION_CODES = frozenset((
    "MOS", "CHR", "JEW", "BUD", "HIN", "CTH", "SHI", "SUN", "ZRO", "BAH", "MUS",
))
"""CAMEO religion segments: never a country, never the sector of a coded organisation."""

NULL_CODES = frozenset({"---", "+++", "###", ""})

_SMALL_WORDS = frozenset((
    "of", "the", "and", "de", "del", "la", "al", "el", "bin", "von", "van", "for",
))
_CODE_RE = re.compile(r"\[\s*([^\]\s<>]*)\s*([^\]]*)\]")
_RANGE_RE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_BOUND_RE = re.compile(r"^([<>])\s*(\d+)$")
_ACTOR_CODE_RE = re.compile(r"^[A-Z0-9+#-]+$")
_ORG_HEADS = frozenset((
    "government", "ministry", "ministries", "parliament", "congress", "judiciary", "court",
    "body", "organization", "organisation", "organizations", "organisations", "party", "movement",
    "service", "newspaper", "council", "authority", "corporation", "agency", "committee",
    "television", "radio", "league", "front", "union", "media", "press", "community",
))
_GROUP_HEADS = frozenset((
    "army", "navy", "police", "troops", "forces", "force", "guard", "militia",
))


@dataclass(frozen=True, slots=True)
class DictionaryCode:
    """One code of an actor, with the dates it holds (inclusive; ``None`` is open)."""

    code: str
    start: date | None = None
    end: date | None = None
    joint: bool = False
    """Written with others in one bracket (``[FRO/BIL/SAM]``): all of them at once."""

    @property
    def restricted(self) -> bool:
        return self.start is not None or self.end is not None


def split_code(code: str) -> tuple[str | None, str | None]:
    """A CAMEO/PETRARCH actor code to ``(country, sector)``.

    ``ARNGOVFRM`` → (ARN, GOV); ``---GOV`` → (None, GOV); ``IGOUNO`` → (UN, IGO);
    ``NGOARN`` → (ARN, NGO); ``GON`` → (GON, None); ``ELI`` → (None, ELI).
    Only the first sector segment is kept; a trailing segment shorter than 3 letters is dropped.
    """
    code = code.strip().upper()
    if code in NULL_CODES:
        return None, None
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    chunks = [c for c in chunks if len(c) == 3]
    if not chunks:
        return None, None
    head, rest = chunks[0], chunks[1:]
    if head in TRANSNATIONAL:
        named = [c for c in rest if c not in SECTOR_CODES and c not in RELIGION_CODES
                 and c not in NULL_CODES]
        country = named[0] if named else None
        if head == "IGO" and country is not None:
            country = IGO_SHORT.get(country, country)
        return country, TRANSNATIONAL[head]
    if head in NULL_CODES:
        return None, rest[0] if rest else None
    if head in SECTOR_CODES and not rest:
        return None, head
    return head, rest[0] if rest else None


def _parse_date(text: str) -> date:
    """PETRARCH dates: ``YYYYMMDD`` or ``YYMMDD`` (YY up to 30 is 20YY, else 19YY)."""
    if len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    elif len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        raise ValueError(f"{text!r} has {len(text)} digits; write YYYYMMDD or YYMMDD")
    return date(year, month, day)


def _parse_codes(bracket: str, rest: str) -> list[DictionaryCode]:
    """``[CODE]``, ``[CODE <D]``, ``[CODE >D]``, ``[CODE D1-D2]``; ``A/B`` gives two codes,
    joint: the name stands for both."""
    rest = rest.strip()
    start = end = None
    if rest:
        bound = _BOUND_RE.match(rest)
        span = _RANGE_RE.match(rest)
        if bound:
            when = _parse_date(bound.group(2))
            if bound.group(1) == "<":
                end = when
            else:
                start = when
        elif span:
            start, end = _parse_date(span.group(1)), _parse_date(span.group(2))
            if end < start:
                raise ValueError(f"the range {rest!r} ends before it starts")
        else:
            raise ValueError(f"cannot read the date restriction {rest!r}")
    codes = [c.strip().upper() for c in bracket.split("/") if c.strip()]
    if not codes:
        raise ValueError("empty code")
    for code in codes:
        if not _ACTOR_CODE_RE.match(code):
            raise ValueError(f"{code!r} is not an actor code (letters, or --- for none)"
                             + ("; agents codes such as [~GOV] belong in an agents file"
                                if "~" in code else ""))
    return [DictionaryCode(c, start, end, joint=len(codes) > 1) for c in codes]


def _content_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines with comments removed (indentation kept); stops at ``---STOP---``."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise DataError(f"{path}: cannot read the dictionary ({exc.strerror}); "
                        "check the --dictionary path") from None
    in_comment = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if stripped.startswith("<"):
            in_comment = stripped.startswith("<!") and "-->" not in stripped
            continue
        if "---STOP---" in line:
            return
        line = line.split("#", 1)[0].split(";", 1)[0].rstrip()
        if line.strip():
            yield lineno, line


def _phrase(text: str) -> str:
    """Dictionary words (``UNITED_STATES``, ``ARNOR_``) to a lower-case phrase."""
    return " ".join(text.replace("_", " ").split()).lower()


def _display_name(phrase: str) -> str:
    """``prince of dol amroth`` → ``Prince of Dol Amroth``; dotted words stay upper (U.N.)."""
    words = phrase.split()
    return " ".join(w.upper() if "." in w else w if i and w in _SMALL_WORDS
                    else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _entries(phrases: list[str], codes: list[DictionaryCode]) -> Iterator[tuple[str, ActorEntry]]:
    """Date-restricted codes first (in file order: the first that holds wins), defaults last."""
    name = _display_name(phrases[0])
    ordered = [c for c in codes if c.restricted] + [c for c in codes if not c.restricted]
    split = [(code, *split_code(code.code)) for code in ordered]
    # The kind is a guess: codes that change with the date are a person's roles; codes with
    # no sector name a state; anything else is an organisation.
    if any(code.restricted and sector for code, _, sector in split):
        kind = "person"
    elif all(sector is None for _, _, sector in split):
        kind = "country"
    else:
        kind = "organization"
    for code, country, sector in split:
        entry = ActorEntry(name, country, sector, kind, role="dictionary",
                           start=code.start, end=code.end, joint=code.joint)
        for phrase in phrases:
            yield phrase, entry


def read_actor_dictionary(path: str | Path) -> Iterator[tuple[str, ActorEntry]]:
    """``(lower-case phrase, ActorEntry)`` for every phrase and code of a ``.actors`` file.

    A phrase with several codes yields several entries: date-restricted ones first, so a
    resolver that takes the first entry ``active_on`` the article's date follows PETRARCH.
    Consecutive phrases with no code of their own share the codes that follow them (as in
    PETRARCH). Malformed lines are skipped with a warning naming the file and line.
    """
    path = Path(path)
    phrases: list[str] = []
    codes: list[DictionaryCode] = []
    start_line = 1
    count = 0

    def flush() -> Iterator[tuple[str, ActorEntry]]:
        if phrases and not codes:
            log.warning("%s:%d: %r has no [CODE]; add one after the phrase or on an indented "
                        "line below it (entry skipped)", path, start_line, phrases[0])
        elif phrases:
            yield from _entries(phrases, codes)

    for lineno, line in _content_lines(path):
        try:
            if line[0] in " \t":
                bracket = _CODE_RE.search(line)
                if bracket is None:
                    raise ValueError("an indented line should hold a [CODE]")
                if not phrases:
                    raise ValueError("a code line with no phrase above it")
                codes.extend(_parse_codes(bracket.group(1), bracket.group(2)))
                continue
            if line.startswith("+"):
                if not phrases:
                    raise ValueError("a '+' synonym with no phrase above it")
                phrase = _phrase(line[1:].split("[", 1)[0])
                if phrase:
                    phrases.append(phrase)
                continue
            if codes:  # a new phrase after a coded one starts a new entry
                for item in flush():
                    count += 1
                    yield item
                phrases, codes, start_line = [], [], lineno
            head, _, tail = line.partition("[")
            phrase = _phrase(head)
            if not phrase:
                raise ValueError("a code with no phrase")
            phrases.append(phrase)
            if tail:
                bracket = _CODE_RE.search("[" + tail)
                if bracket is None:
                    raise ValueError("unclosed '['")
                codes.extend(_parse_codes(bracket.group(1), bracket.group(2)))
        except ValueError as exc:
            log.warning("%s:%d: %s (line skipped)", path, lineno, exc)
    for item in flush():
        count += 1
        yield item
    if count == 0:
        raise DataError(f"{path}: no actor entries found; an actors file has lines like "
                        "'GONDOR [GON]' (is this an agents file or another format?)")


def _plural(word: str) -> str:
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _agent_kind(phrase: str, prefix: bool) -> str:
    last = phrase.split()[-1]
    if prefix or last in _ORG_HEADS:
        return "organization"
    if last in _GROUP_HEADS:
        return "group"
    return "person"


def _agent_sector(code: str) -> tuple[str, bool]:
    """``~GOVFRM`` → (GOV, False); ``NGO~`` → (NGO, True): the first segment, and whether
    the agent's code goes before the country's."""
    code = code.replace(" ", "").upper()
    if "~" not in code:
        raise ValueError(f"agent code {code!r} lacks '~' (write [~GOV] or [NGO~])")
    prefix = code.endswith("~")
    body = code.replace("~", "")
    if len(body) < 3 or not body[:3].isalpha():
        raise ValueError(f"agent code {code!r} needs a 3-letter sector")
    sector = TRANSNATIONAL.get(body[:3], body[:3]) if prefix else body[:3]
    return sector, prefix


def read_agents_dictionary(path: str | Path) -> Iterator[SectorWord]:
    """A ``SectorWord`` for every word of an agents file, plural forms included.

    ``word`` is lower case with spaces between words (``foreign minister``); ``sector`` is the
    first 3 letters of the code (``~GOVFRM`` → GOV), kept as written when it is not one of the
    project's sectors. ``kind`` is a guess from the head word (ministry → organization,
    police → group, else person).
    """
    path = Path(path)
    subst: dict[str, list[str]] = {}
    count = 0
    for lineno, line in _content_lines(path):
        try:
            if "!" in line and "=" in line and "[" not in line:
                marker, _, members = line.partition("=")
                name = marker.strip().strip("!").upper()
                subst[name] = [m.strip() for m in members.split(",") if m.strip()]
                continue
            head, bracket, tail = line.partition("[")
            if not bracket or "]" not in tail:
                raise ValueError("an agent needs a [CODE]")
            sector, prefix = _agent_sector(tail.split("]", 1)[0])
            words: list[str] = []
            if "!" in head:
                before, _, after = head.partition("!")
                marker, _, after = after.partition("!")
                if marker.upper() not in subst:
                    raise ValueError(f"substitution set !{marker}! is not defined above")
                words = [_phrase(before + member + after) for member in subst[marker.upper()]]
            elif "{" in head:
                if "}" not in head:
                    raise ValueError("missing '}'")
                word = _phrase(head.split("{", 1)[0])
                plural = _phrase(head.split("{", 1)[1].split("}", 1)[0])
                words = [word] + ([plural] if plural else [])
            else:
                word = _phrase(head)
                words = [word, _plural(word)] if word else []
            if not words or not words[0]:
                raise ValueError("a code with no words")
            kind = _agent_kind(words[0], prefix)
            for word in words:
                count += 1
                yield SectorWord(word, sector, kind)
        except ValueError as exc:
            log.warning("%s:%d: %s (line skipped)", path, lineno, exc)
    if count == 0:
        raise DataError(f"{path}: no agents found; an agents file has lines like "
                        "'PRESIDENT [~GOV]'")


# ---- verbs files --------------------------------------------------------------------------------

_HEADER_RE = re.compile(r"^---\s+[^\s-]|^---\S.*---$")
_PATTERN_RE = re.compile(r"^-\s")
_SPLIT_RE = re.compile(r"[\s_]+")
_SLOTS = frozenset(("+", "$", "%", "^"))

"""Pattern markers that stand for a phrase, not a word: target, source, both, skipped."""

_NEGATIONS = frozenset(("not", "n't", "never"))
"""Negations of the verb itself (``no``, ``neither`` belong to a noun phrase)."""
_AUX_LEMMAS = MappingProxyType({
    "has": "have", "had": "have", "have": "have", "having": "have", "is": "be", "are": "be",
    "was": "be", "were": "be", "be": "be", "been": "be", "being": "be", "am": "be", "did": "do",
    "does": "do", "do": "do", "wo": "will", "ca": "can", "sha": "shall",
})
"""Auxiliaries to their lemma (``wo``/``ca`` are the tokens of won't and can't)."""
_MODALS = frozenset(("will", "would", "shall", "should", "can", "could", "may", "might", "must"))
_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "your", "my", "some", "any", "all", "each", "every", "of", "to", "in", "on", "at", "by",
    "for", "from", "with", "without", "about", "against", "over", "under", "into", "onto",
    "upon", "between", "among", "through", "during", "after", "before", "since", "until",
    "toward", "towards", "near", "via", "per", "as", "than", "like", "and", "or", "but", "if",
    "whether", "so", "because", "while", "when", "where", "which", "who", "whom", "whose",
    "what", "it", "they", "he", "she", "we", "you", "i", "them", "him", "us", "me", "there",
    "here", "up", "down", "out", "off", "back", "away", "along", "around", "again", "also",
    "even", "ever", "just", "only", "then", "now", "very", "really", "most", "more", "less",
    "too", "still", "already", "no", "neither", "nor", "not", "never"
)) | _MODALS | frozenset(_AUX_LEMMAS)
"""Words that do not make a good cue on their own: a pattern's cue is one of them only when
it has no other word (``- * FOR [096]``, ``- *_UPON [097]``)."""
_WEAK_WORDS = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "your", "my", "it", "they", "he", "she", "we", "you", "i", "them", "him", "us", "me",
))
"""Determiners and pronouns: never a cue."""
_INVARIANT = frozenset((
    "news", "series", "species", "means", "politics", "economics", "always", "perhaps",
    "across", "whereas", "thus", "towards", "afterwards", "sometimes"
))
_MAX_EXPANSIONS = 64
"""Synset expansions kept per pattern (a pattern with two large synsets multiplies)."""


@dataclass(frozen=True, slots=True)
class _Block:
    """A verb block: its default code, its verbs and its patterns, with their lines."""

    code: str
    verbs: list[tuple[int, str]]
    patterns: list[tuple[int, str]]


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One reading of a verb: the cue that selects it (None: the verb alone), its code and
    that code's CAMEO row (None: no PLOVER type), how many words and synsets the pattern had
    (fewer is more exactly captured by one cue), and where it was in the file."""

    cue: str | None
    code: str | None
    row: CameoCode | None
    constraints: int
    order: int
    reverse: str | None = None


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT_RE.split(text.strip()) if w]


def _event_code(raw: str) -> str | None:
    """A verbs-file code to a CAMEO-shaped one: the part before ``:`` (the second is the code
    of the reverse event), its digits, at most 4; None for ``---`` and other codes without 2
    digits (``+++``, ``xxy``). ``174K`` → 174, ``025?`` → 025, ``032:033`` → 032."""
    digits = "".join(ch for ch in raw.split(":", 1)[0] if ch.isdigit())
    return digits[:4] if len(digits) >= 2 else None


def _reverse_code(raw: str, cameo: Mapping[str, CameoCode]) -> str | None:
    """The code of the reverse event of ``032:033`` (the target's act towards the source:
    a visit is hosted), where it has a PLOVER type."""
    if ":" not in raw:
        return None
    code = _event_code(raw.split(":", 1)[1])
    return code if code and typed_cameo(code, cameo) is not None else None


def _regular_forms(verb: str) -> tuple[str, ...]:
    """``-s``, ``-ed`` and ``-ing`` forms of a base verb; none for a word that already looks
    inflected (``killed``, ``says``, ``urging``: the file lists such forms as verbs of their
    own)."""
    if len(verb) < 3 or verb.endswith(("ed", "ing")) or (verb.endswith("s")
                                                         and not verb.endswith("ss")):
        return ()
    consonant_y = verb.endswith("y") and verb[-2] not in "aeiou"
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        third = verb + "es"
    elif consonant_y:
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb.endswith("e"):
        past = verb + "d"
        ing = verb + "ing" if verb.endswith(("ee", "ye", "oe")) else verb[:-1] + "ing"
    else:
        past = verb[:-1] + "ied" if consonant_y else verb + "ed"
        ing = verb + "ing"
    return third, past, ing


def _singular(word: str) -> str:
    """A plural noun to its singular by the regular rules (``ties`` → tie, ``policies`` →
    policy, ``boxes`` → box); other words as they are."""
    if (len(word) <= 3 or not word.endswith("s") or word in _INVARIANT
            or word.endswith(("ss", "us", "is", "'s", "ous"))):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y" if len(word) > 4 else word[:-1]
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _lemma(word: str, known: frozenset[str]) -> str:
    """A pattern word to the lemma spaCy would give it, cheaply: negations and auxiliaries by
    table, inflected forms whose base the file itself uses (``postponed`` → postpone when the
    file has POSTPONE), plural nouns by rule; anything else as written."""
    word = word.strip("-")
    if word in _INVARIANT or (word in _FUNCTION_WORDS and word not in _AUX_LEMMAS):
        return word
    if word.endswith("n't"):
        return "not"
    if word in _AUX_LEMMAS:
        return _AUX_LEMMAS[word]
    bases: list[str] = []
    if word.endswith("ied"):
        bases.append(word[:-3] + "y")
    if word.endswith("ed"):
        bases += [word[:-2], word[:-1]]
        if len(word) > 4 and word[-3] == word[-4]:
            bases.append(word[:-3])
    if word.endswith("ing"):
        bases += [word[:-3], word[:-3] + "e"]
        if len(word) > 5 and word[-4] == word[-5]:
            bases.append(word[:-4])
    if word.endswith("es"):
        bases.append(word[:-2])
    if word.endswith("s"):
        bases.append(word[:-1])
    for base in bases:
        if base in known and base != word:
            return base
    return _singular(word)


def _choose_cue(before: Sequence[str], after: Sequence[str], known: frozenset[str]) -> str | None:
    """The one word of a pattern that best stands for it, as a lemma.

    A negation wins (``NOT * RELATIONS`` must not fire on "restored relations"); then the head
    of the first phrase after the verb (the last word of ``DIPLOMATIC TIES``, but not a
    participle: ``TROOPS CENSORED`` is troop); then the nearest word or modal before it
    (``PLANES_*``, ``SAID WOULD *``); then a particle or preposition after it (``* FOR``),
    and last one before it.
    """
    for word in (*before, *after):
        if word.endswith("n't") or word in _NEGATIONS:
            return _lemma(word, known)
    run: list[str] = []
    for word in after:
        if word in _FUNCTION_WORDS:
            if run:
                break
            continue
        run.append(word)
    while len(run) > 1 and run[-1].endswith(("ed", "ing")):
        run.pop()
    if run:
        return _lemma(run[-1], known)
    for word in reversed(before):  # a modal is the verb's own; "said" governs it
        if word not in _FUNCTION_WORDS or word in _MODALS:
            return _lemma(word, known)
    for word in (*after, *reversed(before)):
        if word not in _WEAK_WORDS:
            return _lemma(word, known)
    return None


def _expand(tokens: Sequence[str], synsets: Mapping[str, list[list[str]]],
            depth: int = 0) -> list[list[str]]:
    """Every reading of a token list with its ``&SYNSET`` references replaced by their members
    (members may name synsets too); at most ``_MAX_EXPANSIONS``."""
    if depth > 5:
        raise ValueError("synsets nested more than 5 deep (a synset that names itself?)")
    choices: list[list[list[str]]] = []
    for token in tokens:
        if not token.startswith("&"):
            choices.append([[token]])
            continue
        name = token[1:].rstrip("_").upper()
        if name not in synsets:
            raise ValueError(f"synset &{name} is not defined in this file")
        choices.append([reading for member in synsets[name]
                        for reading in _expand(member, synsets, depth + 1)])
    out = []
    for combo in itertools.islice(itertools.product(*choices), _MAX_EXPANSIONS):
        out.append([word for part in combo for word in part])
    return out


def _read_synsets(lines: list[tuple[int, str]]) -> dict[str, list[list[str]]]:
    """``&NAME`` → its members, each a list of upper-case words (``+AUSTRIAN FLORIN``)."""
    synsets: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for _, line in lines:
        text = line.strip()
        if text.startswith("&"):
            current = synsets.setdefault(text.split()[0][1:].rstrip("_").upper(), [])
        elif text.startswith("+") and current is not None:
            current.append(_words(text[1:]))
        else:
            current = None
    return synsets


def _read_blocks(path: Path, lines: list[tuple[int, str]]) -> list[_Block]:
    """The verb blocks, in file order; synset definitions are skipped (``_read_synsets``)."""
    blocks: list[_Block] = []
    in_synset = False
    for lineno, line in lines:
        text = line.strip()
        if _HEADER_RE.match(text):
            bracket = _CODE_RE.search(text)
            blocks.append(_Block(bracket.group(1) if bracket else "---", [], []))
            in_synset = False
        elif text.startswith("&"):
            in_synset = True
        elif in_synset and text.startswith("+"):
            continue
        elif not blocks or in_synset:
            log.warning("%s:%d: %r is outside a verb block; start blocks with "
                        "'--- VERB [CODE] ---' (line skipped)", path, lineno, text)
            in_synset = False
        elif text.startswith("-"):
            blocks[-1].patterns.append((lineno, text))
        else:
            blocks[-1].verbs.append((lineno, text))
    return blocks


def _split_verb_line(text: str) -> tuple[list[str], int, list[str], str | None]:
    """``WIRE_+TAP {WIRE_+TAPPED WIRE_+TAPPING} [1711]`` → (words, index of the verb word,
    the verb word's listed forms, own code). Without ``+`` the first word is the verb."""
    head, _, tail = text.partition("[")
    code = tail.split("]", 1)[0].strip() if tail else None
    listed: list[str] = []
    if "{" in head:
        head, _, braces = head.partition("{")
        if "}" not in braces:
            raise ValueError("missing '}'")
        for form in braces.split("}", 1)[0].split():
            parts = _words(form)
            marked = [p for p in parts if p.startswith("+")]
            listed.append((marked[0] if marked else parts[0]).lstrip("+").lower())
    words = [w.lower() for w in _words(head)]
    if not words:
        raise ValueError("a verb line with no verb")
    marked_at = [i for i, w in enumerate(words) if w.startswith("+")]
    index = marked_at[0] if marked_at else 0
    words = [w.lstrip("+") for w in words]
    return words, index, [f for f in listed if f], code


def _pattern_readings(text: str, synsets: Mapping[str, list[list[str]]]
                      ) -> tuple[list[tuple[list[str], list[str]]], int, str]:
    """``- * TIES WITH + [064]`` → ([(words before, words after)] per synset reading,
    the number of words and synsets it has, its raw code)."""
    body, bracket, tail = text[1:].partition("[")
    if not bracket or "]" not in tail:
        raise ValueError("a pattern needs a [CODE]")
    if "{" in body:
        raise ValueError("TABARI disjunctive sets {...} in patterns are not read; use a synset")
    if "*" not in body:
        raise ValueError("a pattern needs '*' where the verb goes")
    high, _, low = body.replace("_ ", " ").rstrip().rstrip("_").partition("*")
    before = [w for w in _words(high) if w not in _SLOTS]
    after = [w for w in _words(low) if w not in _SLOTS]
    pairs = itertools.islice(itertools.product(_expand(before, synsets), _expand(after, synsets)),
                             _MAX_EXPANSIONS)
    readings = [([w.lower() for w in b], [w.lower() for w in a]) for b, a in pairs]
    return readings, len(before) + len(after), tail.split("]", 1)[0].strip()


def read_verbs_dictionary(path: str | Path,
                          cameo: Mapping[str, CameoCode] | None = None) -> Iterator[Trigger]:
    """The senses of every verb of a PETRARCH/TABARI ``.verbs`` file, as ``Trigger`` rows.

    Each verb of a block (its regular or listed forms too, as lemmas of their own) gets the
    block's code as a plain sense (``cue`` None) and one cued sense per pattern: the cue is the
    pattern's most telling word, lemmatised (``- * TIES WITH + [064]`` → cue ``tie``; see
    ``_choose_cue``). A multi-word verb (``+CORDON_OFF``) has its other word as its cue.
    ``cameo`` keeps the code's digits (``174K`` → 174); ``event_type`` and ``mode`` come from
    ``cameo`` (the project's table by default): the code's row, else its parent's, else its
    root's. Not read, and counted in the log: codes with no PLOVER type (``---``, the 01
    statements, codes that are not CAMEO such as 90x), patterns without a word (``- + * [062]``,
    a plain sense only where the block has none), and, where patterns of a verb reduce to
    the same cue, all but the one with the fewest words.
    """
    path = Path(path)
    lines = list(_content_lines(path))
    if cameo is None:
        from .knowledge import load_knowledge

        cameo = load_knowledge().cameo
    synsets = _read_synsets(lines)
    blocks = _read_blocks(path, lines)
    # Words the file itself uses, as a check on lemmatising pattern words ("postponed" is
    # "postpone" where the file has POSTPONE).
    known = frozenset(w.lower().lstrip("+&") for _, line in lines
                      for w in _words(line.strip().lstrip("-").split("[", 1)[0]))
    candidates: dict[str, list[_Candidate]] = {}
    forms: dict[str, list[str]] = {}
    skipped = {"readings with no PLOVER type": 0, "patterns with no word": 0, "malformed": 0}
    order = itertools.count()

    def add(lemma: str, cue: str | None, raw: str, constraints: int) -> None:
        code = _event_code(raw)
        row = typed_cameo(code, cameo) if code else None
        if row is None:
            skipped["readings with no PLOVER type"] += 1
        candidates.setdefault(lemma, []).append(
            _Candidate(cue, code, row, constraints, next(order), _reverse_code(raw, cameo)))

    for block in blocks:
        patterns: list[tuple[list[tuple[list[str], list[str]]], int, str, bool]] = []
        for lineno, text in block.patterns:
            try:
                patterns.append((*_pattern_readings(text, synsets),
                                 "%" in _words(text[1:].split("*", 1)[0])))
            except ValueError as exc:
                skipped["malformed"] += 1
                log.warning("%s:%d: %s (pattern skipped)", path, lineno, exc)
        for lineno, text in block.verbs:
            try:
                words, index, listed, own = _split_verb_line(text)
            except ValueError as exc:
                skipped["malformed"] += 1
                log.warning("%s:%d: %s (line skipped)", path, lineno, exc)
                continue
            verb = words[index]
            forms.setdefault(verb, [])
            for form in listed or _regular_forms(verb):
                if form != verb and form not in forms[verb]:
                    forms[verb].append(form)
            code = own or block.code
            own_cue = (_choose_cue(words[:index], words[index + 1:], known)
                       if len(words) > 1 else None)
            add(verb, own_cue, code, len(words) - 1)
            default = _event_code(block.code)
            has_default = default is not None and typed_cameo(default, cameo) is not None
            for readings, constraints, pattern_code, compound in patterns:
                cues = dict.fromkeys(_choose_cue(b, a, known) for b, a in readings)
                for cue in cues:
                    if cue is None and compound:  # '- % * [030]': a coordinated subject
                        add(verb, COMPOUND_CUE, pattern_code, constraints + 1)
                    elif cue is None and own_cue is not None:  # a multi-word verb's own word
                        add(verb, own_cue, pattern_code, constraints + len(words) - 1)
                    elif cue is None and has_default:  # only slots: a plain sense at most
                        skipped["patterns with no word"] += 1
                    else:
                        add(verb, cue, pattern_code, constraints)

    count = verbs = 0
    for verb, found in candidates.items():
        best: dict[str | None, _Candidate] = {}
        for cand in found:
            held = best.get(cand.cue)
            if cand.cue is None:
                if held is None and cand.row is not None:  # the first plain sense with a type
                    best[None] = cand
            elif held is None or cand.constraints < held.constraints:
                best[cand.cue] = cand
        # A pattern without a type still hides the wordier ones of its cue: "* TROOPS [012]"
        # keeps "REPORT * TROOPS CENSORED [197]" off "withdrew troops".
        senses = [c for c in sorted(best.values(), key=lambda c: (c.cue is None, c.order))
                  if c.row is not None and c.code is not None]
        verbs += bool(senses)
        for lemma in (verb, *forms.get(verb, ())):
            for c in senses:
                assert c.row is not None
                count += 1
                yield Trigger(lemma, "VERB", c.cue, str(c.row.event_type), c.row.mode, c.code,
                              (), c.reverse)
    if count == 0:
        raise DataError(f"{path}: no verb senses found (a code needs a PLOVER type in the CAMEO "
                        "table); a verbs file has blocks like '--- RESTORE [064] ---', then the "
                        "verbs, then patterns like '- * TIES [064]'")
    log.info("%s: %d verbs, %d senses; not read: %s", path, verbs, count,
             ", ".join(f"{n} {why}" for why, n in skipped.items() if n) or "nothing")


def dictionary_kind(path: str | Path) -> Literal["actors", "agents", "verbs"]:
    """Tell a verbs file (``--- VERB [CODE] ---`` blocks, ``- * WORD [CODE]`` patterns) and an
    agents file (codes with ``~``) from an actors file, by content."""
    for _, line in _content_lines(Path(path)):
        text = line.strip()
        if _HEADER_RE.match(text) or (_PATTERN_RE.match(text) and "*" in text):
            return "verbs"
        bracket = _CODE_RE.search(line)
        if bracket:
            return "agents" if "~" in line.split("[", 1)[1] else "actors"
    return "actors"
