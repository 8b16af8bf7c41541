"""How place names are compared: folding, Latin-script test, spellings of one name.

At the bottom of the gazetteer: both the index builder (``geoindex``) and the lookups
(``gazetteer``) read names through these functions, so this module imports neither.
"""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType

MAJOR_POPULATION = 500_000
"""People of a major city (the gazetteer's ranking; here: "New York" is a spelling of "New
York City", a major city, while "Long Island" is no spelling of "Long Island City")."""

_NON_LATIN = re.compile("[^\x00-\u024f’ʼ‘]")
_FOLD = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
    "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", "/": " ", ",": " ",
    "'": "", "’": "", "‘": "", "ʼ": "", "`": "", ".": "",
})
_WORDS = MappingProxyType({"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"})


def fold_name(text: str) -> str:
    """The form names are compared in: ``"the Côte d’Ivoire"`` → ``"cote divoire"``."""
    text = text.translate(_FOLD)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(ch))
    words = [_WORDS.get(w, w) for w in text.casefold().split()]
    if len(words) > 1 and words[0] == "the":
        del words[0]
    return " ".join(words)


def latin_name(name: str) -> bool:
    """A Latin-script alternate name that looks like a name: capitalised, not a code (``IEV``),
    not a lower-case machine romanisation (``ji fu``)."""
    return ((name.isascii() or not _NON_LATIN.search(name))
            and name.lower() != name and not name.isupper())


def spelling_of(key: str, main: str, main_name: str, population: int) -> int:
    """1 when ``key`` is a spelling of the folded main name ``main`` (at most one edit per four
    letters beyond the first: Odessa for Odesa, Hanover for Hannover, Kharkov for Kharkiv), or
    the main name without its qualifier (Frankfurt for Frankfurt am Main; New York for New York
    City, a major city) or without its Arabic article (Fallujah for Al Fallūjah, Raqqa for Ar
    Raqqah: ``arabic_article``); 0 for another name (Bethlehem for Belém; Long Island for Long
    Island City, a minor one)."""
    words = main_name.replace("-", " ").split()
    for i in range(1, len(words)):
        if words[i][:1].islower() or (words[i] == "City" and population >= MAJOR_POPULATION):
            if key == fold_name(" ".join(words[:i])):
                return 1
            break
    bare = arabic_article(main)
    return int(_near(key, main) or (bare is not None and _near(key, bare)))


def arabic_article(folded: str) -> str | None:
    """The rest of a folded name that opens with the Arabic article as GeoNames romanises it:
    "al" before any word, and before a word of the sun letters the article as it is spoken,
    its consonant doubled by the word's first ("ar raqqah", "as sulaymaniyah", "ash shaykh
    maskin", "an najaf"). None for any other name ("an khe", "el paso")."""
    article, _, rest = folded.partition(" ")
    if not rest:
        return None
    if article == "al" or article in _SUN_ARTICLES and rest.startswith(article[1:]):
        return rest
    return None


_SUN_ARTICLES = frozenset({"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"})


def _near(key: str, main: str) -> bool:
    """The same name, or one within one edit per four letters beyond the first, with the
    same first letter (a short name must be the same: "kut" for "al kut")."""
    limit = (len(main) - 1) // 4
    if not limit or abs(len(key) - len(main)) > limit or key[0] != main[0]:
        return key == main
    return _within_edits(key, main, limit)


def _within_edits(a: str, b: str, limit: int) -> bool:
    """Whether the Levenshtein distance of ``a`` and ``b`` is at most ``limit``."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    a, b = a[start:end_a], b[start:end_b]
    if max(len(a), len(b)) <= limit:
        return True
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ch in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ch != other)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
