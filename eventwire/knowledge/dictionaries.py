"""Readers for PETRARCH/TABARI user dictionaries: ``.actors`` and agents files.

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

``.verbs`` files are read by ``verbs.py`` (which shares this module's line reader,
``content_lines``); ``dictionary_kind`` tells the three kinds of file apart by content.

A code splits into a country part and a sector part (``split_code``): ``ARNGOVFRM`` is
country ARN, sector GOV. Codes that are not ISO (the fictional ARN, GON of the PETRARCH tests,
CAMEO's JAP) are kept as they are: a user dictionary's codes are the user's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from ..errors import DataError
from .tables import SECTOR_CODES, ActorEntry, SectorWord

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
CODE_RE = re.compile(r"\[\s*([^\]\s<>]*)\s*([^\]]*)\]")
"""A bracketed code and what follows it inside the bracket: ``[HOBGOV 19950601 - 19990815]``."""
_RANGE_RE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_BOUND_RE = re.compile(r"^([<>])\s*(\d+)$")
_ACTOR_CODE_RE = re.compile(r"^[A-Z0-9+#-]+$")
VERB_HEADER_RE = re.compile(r"^---\s+[^\s-]|^---\S.*---$")
"""The header of a verbs file's block: ``--- RESTORE  [064]  ---``."""
_PATTERN_RE = re.compile(r"^-\s")
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


def content_lines(path: Path) -> Iterator[tuple[int, str]]:
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

    for lineno, line in content_lines(path):
        try:
            if line[0] in " \t":
                bracket = CODE_RE.search(line)
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
                bracket = CODE_RE.search("[" + tail)
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
    for lineno, line in content_lines(path):
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


def dictionary_kind(path: str | Path) -> Literal["actors", "agents", "verbs"]:
    """Tell a verbs file (``--- VERB [CODE] ---`` blocks, ``- * WORD [CODE]`` patterns) and an
    agents file (codes with ``~``) from an actors file, by content."""
    for _, line in content_lines(Path(path)):
        text = line.strip()
        if VERB_HEADER_RE.match(text) or (_PATTERN_RE.match(text) and "*" in text):
            return "verbs"
        bracket = CODE_RE.search(line)
        if bracket:
            return "agents" if "~" in line.split("[", 1)[1] else "actors"
    return "actors"
