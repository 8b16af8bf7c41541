"""The rule that picks the original of a group of copies, whatever order they arrive in.

A **group** is a set of documents joined by copy links: two documents are linked when their
normalised texts are equal (an exact copy) or when they share an LSH band key
(``aggregate.band_keys``) and their estimated Jaccard similarity is at least the threshold (a
near copy). Both tests are symmetric, so the groups are the connected parts of a graph over
the documents stored: the same set of documents gives the same groups in any order.

**The original** of a group is its first document by ``rule_key``: the earliest publication
date (the copy's own, or ``--date`` for a copy without one), then the smallest doc id;
undated documents come after dated ones. Only the original's text is extracted; its text hash
is the article id; every other member is an ``exact`` copy (same text hash as the original)
or a ``near`` copy, whose similarity is that of its signature to the original's.

When a document arrives that links groups, or that precedes its group's original, the stores
(``SqlStore.place``, ``LakeStore.place``) merge the groups and re-elect: the first of the new
original candidates (the arriving document and the originals of the groups it links) becomes
the original; the others become copies of it, their events are removed, their copies
re-pointed and the aggregates re-counted. Groups only ever merge, and a merged group's original
is one that was already extracted or the arriving document (which the driver then extracts),
so no stored copy ever needs its text again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from . import aggregate

RuleKey = tuple[bool, date, str]


def rule_key(published: date | None, doc_id: str) -> RuleKey:
    """Sort key of the rule: dated before undated, then by date, then by doc id."""
    return (published is None, published or date.min, doc_id)


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A stored text linked to an arriving document, with its group and the group's original."""

    text_hash: str
    signature: bytes
    article_id: str
    """The group the text belongs to (the text hash of the group's original)."""
    original_doc: str
    original_published: date | None

    @property
    def original_key(self) -> RuleKey:
        return rule_key(self.original_published, self.original_doc)


def linked(text_hash: str, signature: bytes, found: Iterable[Neighbour],
           threshold: float = aggregate.NEAR_DUPLICATE_THRESHOLD) -> list[Neighbour]:
    """The candidates linked to a document: the same text, or a near copy of it."""
    out = []
    for n in found:
        if n.text_hash == text_hash or (
                signature and aggregate.similarity(signature, n.signature) >= threshold):
            out.append(n)
    return out


def copy_kind(text_hash: str, signature: bytes, original_hash: str,
              original_signature: bytes) -> tuple[str, float]:
    """``(kind, similarity)`` of a member of a group against the group's original."""
    if text_hash == original_hash:
        return "exact", 1.0
    return "near", aggregate.similarity(signature, original_signature)
