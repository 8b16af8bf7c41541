"""The reader of PETRARCH/TABARI ``.verbs`` user dictionaries: verbs → CAMEO-coded senses.

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

``read_verbs_dictionary`` turns every verb and pattern into ``Trigger`` rows: a plain sense per
verb and a sense per pattern, cued by the pattern's most telling word. The line reader and the
code and block-header patterns it shares with the actors and agents readers are in
``dictionaries.py``.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from ..errors import DataError
from .dictionaries import CODE_RE, VERB_HEADER_RE, content_lines
from .tables import COMPOUND_CUE, CameoCode, Trigger, cameo_row, read_cameo

log = logging.getLogger(__name__)

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
    cue_before: bool = False
    target_prep: str | None = None
    after: tuple[tuple[str, ...], ...] = ()
    swapped: bool = False


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
    return code if code and cameo_row(code, cameo, typed=True) is not None else None


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


def _choose_cue(before: Sequence[str], after: Sequence[str],
                known: frozenset[str]) -> tuple[str | None, bool]:
    """The one word of a pattern that best stands for it, as a lemma, and whether it comes
    before the verb (``IN *``: "in" must precede it).

    A negation wins (``NOT * RELATIONS`` must not fire on "restored relations"); then the head
    of the first phrase after the verb (the last word of ``DIPLOMATIC TIES``, but not a
    participle: ``TROOPS CENSORED`` is troop); then the nearest word or modal before it
    (``PLANES_*``, ``SAID WOULD *``); then a particle or preposition after it (``* FOR``),
    and last one before it.
    """
    for word in (*before, *after):
        if word.endswith("n't") or word in _NEGATIONS:
            return _lemma(word, known), word in before
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
        return _lemma(run[-1], known), False
    for word in reversed(before):  # a modal is the verb's own; "said" governs it
        if word not in _FUNCTION_WORDS or word in _MODALS:
            return _lemma(word, known), True
    for word in after:
        if word not in _WEAK_WORDS:
            return _lemma(word, known), False
    for word in reversed(before):
        if word not in _WEAK_WORDS:
            return _lemma(word, known), True
    return None, False


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
        if VERB_HEADER_RE.match(text):
            bracket = CODE_RE.search(text)
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


_TARGET_PREPS = frozenset(("with", "to", "about", "against", "on", "at", "for", "from", "of",
                           "into", "toward", "towards", "over", "upon", "between"))


def _slots(text: str) -> tuple[bool, str | None, bool]:
    """What a pattern's slots say of the roles: whether several doers stand before the verb
    (``% *``), the preposition right before the target slot after it (``* TIES WITH +`` →
    with, ``* THEIR ^ ABOUT +`` → about: the target is its object), and whether the target
    comes before the verb and the source after it (``+ * MONEY $``: "X received money from Y"
    is Y's act towards X)."""
    high, _, low = text[1:].split("[", 1)[0].partition("*")
    before = _words(high)
    after = [w.lower() for w in _words(low)]
    target_prep = next((prev for prev, word in zip(after, after[1:])
                        if word == "+" and prev in _TARGET_PREPS), None)
    return "%" in before, target_prep, "+" in before and "$" in after


def read_verbs_dictionary(path: str | Path,
                          cameo: Mapping[str, CameoCode] | None = None) -> Iterator[Trigger]:
    """The senses of every verb of a PETRARCH/TABARI ``.verbs`` file, as ``Trigger`` rows.

    Each verb of a block (its regular or listed forms too, as lemmas of their own) gets the
    block's code as a plain sense (``cue`` None) and one cued sense per pattern: the cue is the
    pattern's most telling word, lemmatised (``- * TIES WITH + [064]`` → cue ``tie``; see
    ``_choose_cue``). A multi-word verb (``+CORDON_OFF``) has its other word as its cue. A
    sense also carries whether its cue stands before the verb (``cue_before``: ``NOT *``), the
    preposition that introduces its target (``target_prep``: ``* TIES WITH +``), the pattern's
    words after the verb (``after``, for a match in the verb's clause) and whether the pattern
    swaps the roles (``swapped``: ``+ * MONEY $``). Senses come most specific first (more
    words), then in file order. ``cameo`` keeps the code's digits (``174K`` → 174);
    ``event_type`` and ``mode`` come from ``cameo`` (the project's table by default): the
    code's row, else its parent's, else its root's. Not read, and counted in the log: codes
    with no PLOVER type (``---``, the 01 statements, codes that are not CAMEO such as 90x),
    patterns without a word (``- + * [062]``, a plain sense only where the block has none),
    and, where patterns of a verb reduce to the same cue, all but the one with the fewest
    words (patterns of that cue with as few words and the same code add their phrases to it).
    """
    path = Path(path)
    lines = list(content_lines(path))
    if cameo is None:
        cameo = read_cameo()
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

    def add(lemma: str, cue: str | None, raw: str, constraints: int, before: bool = False,
            target_prep: str | None = None, after: tuple[tuple[str, ...], ...] = (),
            swapped: bool = False) -> None:
        code = _event_code(raw)
        row = cameo_row(code, cameo, typed=True) if code else None
        if row is None:
            skipped["readings with no PLOVER type"] += 1
        candidates.setdefault(lemma, []).append(_Candidate(
            cue, code, row, constraints, next(order), _reverse_code(raw, cameo), before,
            target_prep, after, swapped))

    for block in blocks:
        patterns: list[tuple[list[tuple[list[str], list[str]]], int, str, bool,
                             str | None, bool]] = []
        for lineno, text in block.patterns:
            try:
                patterns.append((*_pattern_readings(text, synsets), *_slots(text)))
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
            own_cue, own_before = (_choose_cue(words[:index], words[index + 1:], known)
                                   if len(words) > 1 else (None, False))
            add(verb, own_cue, code, len(words) - 1, own_before)
            default = _event_code(block.code)
            has_default = default is not None and cameo_row(default, cameo, typed=True) is not None
            for readings, constraints, pattern_code, compound, target_prep, swapped in patterns:
                cues: dict[tuple[str | None, bool], tuple[str, ...]] = {}
                for b, a in readings:
                    cues.setdefault(_choose_cue(b, a, known), tuple(a))
                for (cue, before), after in cues.items():
                    if cue is None and compound:  # '- % * [030]': a coordinated subject
                        add(verb, COMPOUND_CUE, pattern_code, constraints + 1, True)
                    elif cue is None and own_cue is not None:  # a multi-word verb's own word
                        add(verb, own_cue, pattern_code, constraints + len(words) - 1,
                            own_before)
                    elif cue is None and has_default:  # only slots: a plain sense at most
                        skipped["patterns with no word"] += 1
                    else:
                        add(verb, cue, pattern_code, constraints, before, target_prep,
                            (after,), swapped)

    count = verbs = 0
    for verb, found in candidates.items():
        best: dict[tuple[str | None, bool], _Candidate] = {}
        for cand in found:
            key = (cand.cue, cand.cue_before)
            held = best.get(key)
            if cand.cue is None:
                if held is None and cand.row is not None:  # the first plain sense with a type
                    best[key] = cand
            elif held is None or cand.constraints < held.constraints:
                best[key] = cand
            elif cand.code == held.code and cand.constraints == held.constraints:
                # "* REALLY_PLEASANT" and "* REAL_PLEASANT", one code: either phrase
                best[key] = replace(held, after=held.after + cand.after)
        # A pattern without a type still hides the wordier ones of its cue: "* TROOPS [012]"
        # keeps "REPORT * TROOPS CENSORED [197]" off "withdrew troops".
        # the most specific pattern first (TABARI tries longer patterns first), then file order
        senses = [c for c in sorted(best.values(),
                                    key=lambda c: (c.cue is None, -c.constraints, c.order))
                  if c.row is not None and c.code is not None]
        verbs += bool(senses)
        for lemma in (verb, *forms.get(verb, ())):
            for c in senses:
                assert c.row is not None
                count += 1
                yield Trigger(lemma, "VERB", c.cue, str(c.row.event_type), c.row.mode, c.code,
                              (), c.reverse, c.cue_before, c.target_prep, c.after, c.swapped)
    if count == 0:
        raise DataError(f"{path}: no verb senses found (a code needs a PLOVER type in the CAMEO "
                        "table); a verbs file has blocks like '--- RESTORE [064] ---', then the "
                        "verbs, then patterns like '- * TIES [064]'")
    log.info("%s: %d verbs, %d senses; not read: %s", path, verbs, count,
             ", ".join(f"{n} {why}" for why, n in skipped.items() if n) or "nothing")
