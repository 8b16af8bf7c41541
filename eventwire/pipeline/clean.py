"""Cleaning: ``Article`` → ``Document``, the text every later offset refers to.

1. characters: line breaks unified, zero-width and control characters removed, Unicode spaces
   made plain, curly quotes and apostrophes made ASCII, hyphen-like dashes made ``-`` (an em dash
   only where spaced: "word—word" keeps it), words joined by underscores ("Dol_Amroth", as
   pre-tokenised corpora write names) separated;
2. lines: runs of spaces and tabs collapsed, each line stripped;
3. navigation: whole lines that are links, prompts, advertisement markers, photo credits or
   bylines are dropped, by the rules of ``data/navigation.tsv`` compiled into a ``Cleaner``;
4. paragraphs: one per non-empty line, except in hard-wrapped text (lines cut at a fixed width,
   most of them mid-sentence), where the lines of a paragraph are joined again;
5. a first paragraph that repeats the title is dropped (the title is not part of the text).

Paragraphs are joined by a blank line; ``Document.paragraphs`` are their ``(start, end)`` spans.
Cleaning is pure string and regex work, well under a millisecond for a news article.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import DataError
from ..knowledge import data_file, read_tsv
from ..records import Article, Document

log = logging.getLogger(__name__)

MAX_NAV_CHARS = 300
"""A longer line is prose, whatever it starts with."""
PARAGRAPH_SEP = "\n\n"
NAV_COLUMNS = ("kind", "pattern", "example", "comment")

_CHARS: Mapping[str, str] = MappingProxyType({
    **dict.fromkeys("\r\x0b\x0c\x85\u2028\u2029", "\n"),
    **dict.fromkeys("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                    "\u200a\u202f\u205f\u3000", " "),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c"
                    "\u202d\u202e\u2066\u2067\u2068\u2069", ""),
    **dict.fromkeys([chr(c) for c in (*range(9), *range(14, 32), *range(127, 133),
                                      *range(134, 160))], ""),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u275d\u275e\uff02", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u275b\u275c\uff07", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d", "-"),
})
"""Character replacements of step 1 (guillemets come last, after navigation lines are known,
since "»" marks links)."""
_CHAR_RE = re.compile("[" + re.escape("".join(_CHARS)) + "]")
_SPACED_DASH = re.compile(r"(?<= )[\u2014\u2015](?= )")
_JOINED = re.compile(r"(?<=[^\W_])_+(?=[^\W_])")
_SPACES = re.compile(r"[ \t]+")
_GUILLEMETS = re.compile(r"«\s*|\s*»|[‹›]")
_BULLETS = re.compile(r"^[\s•·▪▫◦‣⁃►▶▸»›>*+~|■□●○✓✔→\u2014-]+")
_BRACKETED = re.compile(r"^[\[(](.*)[\])]$")
_PREFIX_TAIL = r"(?:(?:\s*(?:[:|»›>→]|\.{3}|…)|\s+[-\u2014](?:\s|$)).*)?\s*[.!]?"
_DEFINE = re.compile(r"\{\{(\w+)\}\}")
_TERMINAL = (".", "!", "?", '"', "'", ")", "]", ":", ";", "…")
_LIST_ITEM = re.compile(r"^(?:[•·▪◦*\u2014-]\s|\d{1,2}[.)]\s)")


def normalize_chars(text: str) -> str:
    """Step 1 without the guillemets: one ``\\n`` per line break, no invisible characters,
    ASCII quotes, apostrophes and hyphens."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    text = _CHAR_RE.sub(lambda m: _CHARS[m.group()], text)
    if "_" in text:
        text = _JOINED.sub(lambda m: " " * len(m.group()), text)
    return _SPACED_DASH.sub("-", text) if "\u2014" in text or "\u2015" in text else text


def _guillemets(text: str) -> str:
    if "«" not in text and "»" not in text and "‹" not in text and "›" not in text:
        return text
    return _GUILLEMETS.sub(lambda m: "'" if m.group() in "‹›" else '"', text)


def _squeeze(line: str) -> str:
    """The line stripped, its runs of spaces and tabs made one space."""
    line = line.strip(" \t")
    return _SPACES.sub(" ", line) if "  " in line or "\t" in line else line


def normalize_line(text: str) -> str:
    """One line (a title, a caption) as cleaning leaves it: normalised, spaces collapsed."""
    return _guillemets(_squeeze(normalize_chars(text).replace("\n", " ")))


@dataclass(frozen=True, slots=True)
class NavRule:
    """One row of ``navigation.tsv``, compiled."""

    kind: str
    pattern: str
    example: str
    comment: str
    where: str
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Cleaner:
    """The compiled navigation rules and the cleaning steps that use them."""

    rules: tuple[NavRule, ...]
    combined: re.Pattern[str]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, Mapping[str, str]]]) -> Cleaner:
        """Compile ``(where, row)`` pairs as ``knowledge.read_tsv`` yields them."""
        defines: dict[str, str] = {}
        rules: list[NavRule] = []
        for where, row in rows:
            kind, pattern = row["kind"].strip(), row["pattern"].strip()
            if kind == "define":
                name, eq, body = pattern.partition("=")
                if not eq or not name.isidentifier():
                    raise DataError(f"{where}: a define row is name=regex, not {pattern!r}")
                defines[name] = _expand(body, defines, where)
                continue
            if kind == "prefix":
                body = re.escape(pattern).replace(r"\ ", r"\s+") + _PREFIX_TAIL
            elif kind == "regex":
                body = _expand(pattern, defines, where)
            else:
                raise DataError(f"{where}: kind {kind!r} should be prefix, regex or define")
            try:
                regex = re.compile(body, re.IGNORECASE)
            except re.error as exc:
                raise DataError(f"{where}: bad regex ({exc}); fix the pattern") from None
            rules.append(NavRule(kind, pattern, row["example"].strip(), row["comment"].strip(),
                                 where, regex))
        if not rules:
            raise DataError("navigation rules: no prefix or regex rows")
        combined = re.compile("|".join(f"(?:{r.regex.pattern})" for r in rules), re.IGNORECASE)
        return cls(rules=tuple(rules), combined=combined)

    def _candidate(self, line: str) -> str | None:
        """A normalised line as the rules see it (bullets and enclosing brackets set aside), or
        None when it is too long to be anything but prose."""
        if len(line) > MAX_NAV_CHARS:
            return None
        bullets = _BULLETS.match(line)
        if bullets and bullets.end() < len(line):  # a line of bullets alone stays as it is
            line = line[bullets.end():]
        bracketed = _BRACKETED.match(line)
        return bracketed.group(1).strip() if bracketed else line

    def _drops(self, line: str) -> bool:
        candidate = self._candidate(line)
        if not candidate:
            return False
        return self.combined.fullmatch(candidate) is not None

    def is_navigation(self, line: str) -> bool:
        """Whether the whole line is a link, prompt, advertisement marker or credit line."""
        return self._drops(_squeeze(normalize_chars(line)))

    def rules_for(self, line: str) -> tuple[NavRule, ...]:
        """Every rule that drops ``line`` (for tests and debugging); empty for prose."""
        candidate = self._candidate(_squeeze(normalize_chars(line)))
        if not candidate:
            return ()
        return tuple(r for r in self.rules if r.regex.fullmatch(candidate))

    def paragraphs(self, text: str, title: str | None = None) -> list[str]:
        """Steps 1-5: the cleaned paragraphs of ``text``."""
        lines: list[tuple[int, str]] = []
        for raw in normalize_chars(text).split("\n"):
            line = _squeeze(raw)
            if line and self._drops(line):
                log.debug("dropped navigation line %r", line)
                line = ""
            lines.append((len(raw) - len(raw.lstrip(" \t")), line))
        if _hard_wrapped(lines):
            paragraphs = _unwrap(lines)
        else:
            paragraphs = [line for _, line in lines if line]
        paragraphs = [_guillemets(p) for p in paragraphs]
        if paragraphs and title and _key(paragraphs[0]) == _key(title):
            paragraphs.pop(0)
        return [part for p in paragraphs for part in split_dateline(p)]

    def clean(self, article: Article) -> Document:
        """The article as a ``Document``: cleaned text, paragraph spans, normalised title."""
        title = normalize_line(article.title) if article.title else None
        paragraphs = self.paragraphs(article.text, title)
        spans: list[tuple[int, int]] = []
        start = 0
        for p in paragraphs:
            spans.append((start, start + len(p)))
            start += len(p) + len(PARAGRAPH_SEP)
        return Document(doc_id=article.doc_id, text=PARAGRAPH_SEP.join(paragraphs),
                        paragraphs=tuple(spans), title=title or None, url=article.url,
                        published=article.published, source=article.source)


# A wire dateline opening a paragraph: "KYIV, Oct 17 (Reuters) - ", "WASHINGTON (AP) — ".
_DATELINE = re.compile(
    r"(?P<line>[A-Z][A-Z.'\u2019-]+(?P<more>(?: [A-Z][A-Z.'\u2019-]+){0,3})"
    r"(?P<region>, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?P<date>,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}))?"
    r"(?P<agency>,? \([^()]{2,40}\))?)"
    r" ?(?:-{1,2}|\u2014|\u2013) (?=\S)")


def split_dateline(paragraph: str) -> list[str]:
    """A paragraph opened by a wire dateline, as the dateline and the rest: the dateline names
    where the story was filed, it is no party to the first sentence's events."""
    m = _DATELINE.match(paragraph)
    # one capitalised word alone ("NATO - Russia talks") is no dateline without a date or agency
    if not m or len(m.group("line")) < 3 or not any(m.group(g) for g in (
            "more", "region", "date", "agency")):
        return [paragraph]
    return [m.group("line"), paragraph[m.end():]]


def _expand(pattern: str, defines: Mapping[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in defines:
            raise DataError(f"{where}: {{{{{m.group(1)}}}}} is not defined above this row")
        return defines[m.group(1)]

    return _DEFINE.sub(sub, pattern)


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _hard_wrapped(lines: list[tuple[int, str]]) -> bool:
    """Whether the text was cut into lines at a fixed width: the lines are short, most lines that
    another line follows end mid-sentence, and the next lines often go on in lower case or with
    a number, or paragraphs are marked by indentation. Text with one paragraph per line (most
    news) has nearly every line ending a sentence."""
    texts = [line for _, line in lines]
    pairs = [(a, b) for a, b in itertools.pairwise(texts) if a and b]
    if len(pairs) < 3:
        return False
    lengths = sorted(len(a) for a, _ in pairs)
    open_ends = sum(1 for a, _ in pairs if not a.endswith(_TERMINAL))
    going_on = sum(1 for _, b in pairs if b[:1].islower() or b[:1].isdigit())
    base = min(indent for indent, line in lines if line)
    indented = sum(1 for indent, line in lines if line and indent > base)
    return (lengths[len(lengths) * 9 // 10] <= 150 and open_ends * 2 >= len(pairs)
            and (going_on * 4 >= len(pairs) or indented >= 2))


def _unwrap(lines: list[tuple[int, str]]) -> list[str]:
    """Join hard-wrapped lines into paragraphs. A paragraph ends at a blank (or dropped) line,
    before an indented line (indented more than the text's least indented line) or a list item,
    and after a short line that ends a sentence (unless the next line goes on in lower case:
    "a U.S." then "government agency")."""
    width = max(len(line) for _, line in lines)
    base = min(indent for indent, line in lines if line)
    paragraphs: list[str] = []
    current = last = ""
    for indent, line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        starts_new = (not current or indent > base or _LIST_ITEM.match(line) is not None
                      or (current.endswith(_TERMINAL) and len(last) < 0.7 * width
                          and not line[:1].islower()))
        if starts_new:
            if current:
                paragraphs.append(current)
            current = line
        elif current.endswith("-") and current[-2:-1].isalpha() and line[:1].islower():
            current += line  # a word hyphenated at the line end: keep the hyphen, drop the break
        else:
            current += " " + line
        last = line
    if current:
        paragraphs.append(current)
    return paragraphs


def load_cleaner(path: str | Path | None = None) -> Cleaner:
    """A ``Cleaner`` from a navigation table (default: the bundled ``data/navigation.tsv``)."""
    source: Any = Path(path) if path else data_file("navigation.tsv")
    return Cleaner.from_rows(read_tsv(source, NAV_COLUMNS))


@functools.lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The bundled rules, compiled once per process."""
    return load_cleaner()


def clean(article: Article, cleaner: Cleaner | None = None) -> Document:
    """Clean one article (with the bundled navigation rules unless ``cleaner`` is given)."""
    return (cleaner or default_cleaner()).clean(article)


# ---- inline cards: link text inside a sentence --------------------------------------------

CARD_LENGTH = 900
"""The most characters a card's headlines run to."""
_CARD = re.compile(
    r"\b[A-Z][\w'()-]*?[a-z)]"           # the card's name, its last word glued...
    r"(?=[A-Z0-9\"'])"                   # ...to the first linked headline ("TrumpTrump faces")
    rf"[^\n]{{0,{CARD_LENGTH}}}?"          # the linked headlines
    r"\sMORE\b")                         # the card's closing link


def inline_cards(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` spans of link cards pasted inside sentences: some news sites put
    after a person's name a card with the full name, the latest headlines about them and a
    ``MORE`` link ("…tweet from President Trump Donald John Trump*Trump faces high stakes in
    meeting with Erdoğan … MORE* saying he…"). The card starts at the full name's last word,
    glued to the first headline, and ends with ``MORE``; a card repeats a name the text has
    just written, so a word of the few before it comes twice ("Sarah Huckabee Sarah Elizabeth
    Sanders…") or begins the glued word ("Betsy DeVos … DeVosMueller") — which tells it from a
    name with a capital inside ("McDonald's"). Where the page kept a space between the full name
    and the first headline, the card starts at the full name (``_spaced_card``). Its words
    belong to no sentence of the article, so no event, party or date is taken from them
    (``annotation.md``: linked headlines inside the text are no events). The text is left as
    it is: offsets stay the cleaned text's."""
    out: list[tuple[int, int]] = []
    pos = 0
    while (m := _CARD.search(text, pos)) is not None:
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()].split()[-5:]
        glued = text[m.start():].split(None, 1)[0]  # "TrumpTrump", "DeVosMueller"
        if len(set(before)) < len(before) or any(
                glued.startswith(w) and len(glued) > len(w) for w in before):
            out.append((m.start(), m.end()))
            pos = m.end()
        else:  # not a card's start ("McCarthy", "It's"): a card may begin further on
            pos = m.start() + 1
    for m in _CARD_END.finditer(text):
        if in_spans(tuple(out), m.start()):
            continue
        previous_end = max((b for _, b in out if b <= m.start()), default=0)
        if (start := _spaced_card(text, m.start(), previous_end)) is not None:
            out.append((start, m.end()))
            out.sort()
    return tuple(out)


_CARD_END = re.compile(r"(?<=\s)MORE\b(?=(?:'s)? +(?:[(\[]|[a-z]))")
"""A card's closing link inside a sentence: ``MORE`` before the sentence's own words go on
("MORE (R-Wis.) had urged", "MORE [R-Wis.]", "MORE's campaign", "MORE saying he"), not a
heading in capitals ("DO MORE TO TAME")."""
_NAME_WORD = re.compile(r"[A-Z](?=[\w'.-]*[a-z])[\w'.-]*")
"""A word of a name: capitalised, with a small letter ("O'Rourke"; not a heading's "RYAN")."""


def _spaced_card(text: str, more: int, previous_end: int = 0) -> int | None:
    """Where a card that ends at ``more`` begins when its full name is not glued to the first
    headline ("Speaker Paul Ryan *Paul Davis Ryan Retirees should say … MORE* (R-Wis.) had
    urged"): at a run of three or four name words (``_NAME_WORD``) whose first and last words
    are both among the five words just before it (the name the text has written) and whose
    middle is not (the full name's middle name: "Paul Ryan Jr." is no card), or at the two
    words just written, written again ("Joe Biden Joe Biden Parnas: …"); and after which a
    headline begins with a capital or a digit. The run lies on ``more``'s line, at most
    ``CARD_LENGTH`` characters before it and never before ``previous_end`` (where the card
    before it ends). None: no such run."""
    line_start = max(text.rfind("\n", 0, more) + 1, more - CARD_LENGTH, previous_end)
    words = [(w.start(), w.end(), w.group()) for w in re.finditer(r"\S+", text[line_start:more])]
    for j, (a, _, first) in enumerate(words):
        before = {w for _, _, w in words[max(0, j - 5):j]}
        if not _NAME_WORD.fullmatch(first) or first not in before:
            continue
        for k in range(j + 1, min(j + 4, len(words) - 1)):
            last, nxt = words[k][2], words[k + 1][2]
            if not _NAME_WORD.fullmatch(last):
                break
            middle = {w for _, _, w in words[j + 1:k]}
            # a full name with a middle name the text left out, or the two words just written
            # again ("Joe Biden Joe Biden Parnas: …")
            new_middle = middle - before or (
                k == j + 1 and j >= 2 and [w for *_, w in words[j - 2:k + 1]] == [first, last] * 2)
            if last in before and new_middle and (nxt[0].isupper() or nxt[0].isdigit()):
                return line_start + a
    return None


def in_spans(spans: tuple[tuple[int, int], ...], position: int) -> bool:
    """Whether a character position falls inside one of ``spans`` (sorted, disjoint)."""
    return any(a <= position < b for a, b in spans)


# ---- photo captions: paragraphs that describe a picture ------------------------------------

_CAPTION = re.compile(
    r"\bHide Caption \d+ of \d+\b"                                  # a gallery's slides
    r"|^FILE(?: PHOTO)?\s*(?::|[-–—]\s)"                # "FILE PHOTO: …", "FILE - In this…"
    r"|(?:\b(?:REUTERS|Reuters|AFP|EPA|AP Photo|AP|Getty Images)\s*/\s*[A-Z][\w.'-]*"
    r"(?: [A-Z][\w.'-]*){0,3}(?:/(?:Files?|Pool|File Photo))?"      # "REUTERS/Leah Millis/Files"
    r"|\((?:AP|AFP|Reuters) Photo(?:/[^()\n]{1,60})?\)"             # "(AP Photo/Jane Roe)"
    r"|\(Photo(?: by|:) [^()\n]{1,60}\)"            # "(Photo by X/Getty)", "(Photo: X, AP)"
    r"|\([^()\n/]{1,60}/[^()\n]{0,30}\b(?:AFP|AP|Reuters|REUTERS|EPA|Getty Images)\b"
    r"[^()\n]{0,30}\))\s*\.?\s*$"                    # "(Prakash Singh/AFP via Getty Images)"
    r"|\s\|\s+[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?:/[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}){1,3}"
    # a credit after a bar, and the headline pasted after it: "… a bill. | John Shinkle/POLITICO
    # Senate takes its own path"
    r"|\b(?:Image caption|Image copyright|Media caption)\b"        # the BBC's pictures and videos
    r"|^CLOSE\s",                                     # USA TODAY's video summaries
    re.MULTILINE)


def caption_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` spans of paragraphs that are photo captions: a gallery's slides
    ("… Hide Caption 3 of 21"), a file picture ("FILE PHOTO: …", "FILE - In this … photo"),
    or a paragraph that ends with an agency's photo credit ("… June 1, 2018. REUTERS/Leah
    Millis", "(AP Photo/Jane Roe)", "(Photo: Gregory Bull, AP)", "(Al Drago/Reuters)") or
    holds one after a bar ("… a bill. | John Shinkle/POLITICO"), the BBC's "Image caption" and
    "Media caption" paragraphs, USA TODAY's video summaries ("CLOSE President Trump's …"). In
    the annotated corpus 37 paragraphs end with "(Photo: …)", 7 hold a barred credit, 15 more
    end with a credit in brackets, 33 hold an image caption, 49 a media caption and 26 open
    with "CLOSE": one event is coded among them, in a barred POLITICO caption. A caption tells
    what a picture or a video shows, often an act of years before; the guidelines code no event
    from it (``annotation.md``, §2), so no event is read from these paragraphs. Credit lines
    alone are dropped by cleaning already (``navigation.tsv``); the text is left as it is, so
    offsets stay the cleaned text's."""
    out: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and _CAPTION.search(line):
            out.append((start, end))
        start = end + 1
    return tuple(out)


# ---- story highlights: a summary in bullets above the article ---------------------------------

_HIGHLIGHTS = re.compile(r"^(?:.*\(Photo: [^()\n]{1,60}\)\s*)?Story highlights\b",
                         re.MULTILINE | re.IGNORECASE)
"""The header of the bullets: CNN's on its own line; USA TODAY's "Story Highlights" after the
lead picture's caption and credit, on the caption's line."""
_CLOSING = r"[\"'\u2019\u201d)\]]*\s*$"  # quotes and brackets that may follow a stop
_FULL_STOP = re.compile(r"[.!?]" + _CLOSING)
HIGHLIGHT_BULLETS = 6
"""At most this many bullets are read as a summary (CNN's hold three or four)."""


def highlight_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` spans of the bullets of a "Story highlights" summary (CNN's): the
    header's paragraph and the paragraphs after it that end without a full stop, as bullets
    do, up to the first that ends with one, where the story begins. The bullets repeat what the
    story tells; the annotated corpus codes no event in any of its 81 such sentences (23
    articles), so no event is read from them. The text is left as it is."""
    out: list[tuple[int, int]] = []
    for m in _HIGHLIGHTS.finditer(text):
        pos, bullets = m.start(), 0
        while bullets < HIGHLIGHT_BULLETS and pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end]
            if line.strip():
                if bullets and _FULL_STOP.search(line):
                    break
                out.append((pos, end))
                bullets += 1
            pos = end + 1
    return tuple(out)


# ---- headings: short lines of a story that are no sentences of it ----------------------------

_SENTENCE_END = re.compile(r"[.!?:;]" + _CLOSING + r"|[\"\u201d\u2019]\s*$")
HEADING_WORDS = 15
"""A paragraph of at most this many words that ends without a sentence's punctuation is a
heading, a link or a credit, not a sentence of the story."""
PUNCTUATED_PARAGRAPHS = 3
"""... in a text with at least this many paragraphs that end as sentences do (prose)."""


def heading_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` spans of the short paragraphs of a story, after its first, that end
    without a full stop, a question or exclamation mark, a colon or a closing quote: headlines
    of other stories pasted between its paragraphs ("Obama calls for greater gun control after
    Colorado shooting"), subheads, credits ("Additional reporting by …"), video titles, lines
    of a table. The annotated corpus holds 999 such paragraphs in its train and dev articles
    and codes no event in any of them, so no event is read from them; a text with fewer than
    ``PUNCTUATED_PARAGRAPHS`` paragraphs that end as sentences do (a list, a feed's summary) is
    left as it is, and so is its text."""
    paragraphs: list[tuple[int, int]] = []
    start = 0
    for block in text.split(PARAGRAPH_SEP):
        paragraphs.append((start, start + len(block)))
        start += len(block) + len(PARAGRAPH_SEP)
    if sum(1 for a, b in paragraphs if _SENTENCE_END.search(text[a:b])) < PUNCTUATED_PARAGRAPHS:
        return ()
    return tuple((a, b) for a, b in paragraphs[1:]
                 if text[a:b].strip() and len(text[a:b].split()) <= HEADING_WORDS
                 and not _SENTENCE_END.search(text[a:b]))
