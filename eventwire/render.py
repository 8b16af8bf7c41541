"""Rendering extraction results for people and programs: JSON lines, JSON documents, a table."""

from __future__ import annotations

import json
import textwrap
from typing import Iterable, TextIO

from .records import Actor, DocResult, Event


def render_results(results: Iterable[DocResult], fmt: str, out: TextIO) -> int:
    """Write results in ``fmt`` (jsonl | json | table) as they come; return the event count."""
    count = 0
    docs = 0
    for result in results:
        count += len(result.events)
        if fmt == "jsonl":
            for event in result.events:
                out.write(json.dumps(event.as_dict(), ensure_ascii=False) + "\n")
        elif fmt == "json":
            # one JSON array of document objects, written as they come (``cli.md``)
            out.write(("[\n" if docs == 0 else ",\n")
                      + json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        else:
            out.write(event_table(result) + "\n")
        docs += 1
        out.flush()
    if fmt == "json":
        out.write("[]\n" if docs == 0 else "\n]\n")
        out.flush()
    return count


def _party(actors: Iterable[Actor]) -> str:
    return ", ".join(f"{a.name or a.text} ({a.country or '?'} {a.sector or '-'})" for a in actors)


def _when(event: Event) -> str:
    return event.date.value or (f"? ({event.date.text})" if event.date.text else "-")


def event_table(result: DocResult) -> str:
    """A readable table of one document's events."""
    title = result.doc.title or result.doc.doc_id
    lines = [f"{title} — {len(result.events)} events"
             + (f" (published {result.doc.published})" if result.doc.published else "")]
    header = f"{'type':<9} {'modality':<9} {'date':<10} {'who':<38} {'whom':<34} {'where':<12}"
    lines += [header, "-" * len(header)]
    for e in result.events:
        where = (e.location.name or e.location.text) if e.location else "-"
        lines.append(f"{e.event_type:<9} {e.modality:<9} {_when(e):<10} "
                     f"{textwrap.shorten(_party(e.actors) or '-', 38):<38} "
                     f"{textwrap.shorten(_party(e.recipients) or '-', 34):<34} "
                     f"{textwrap.shorten(where, 12):<12}")
        extras = []
        if any(v is not None for v in (e.size.dead, e.size.injured, e.size.arrested)):
            extras.append(", ".join(f"{k} {v}" for k, v in e.size.as_dict().items()
                                    if v is not None))
        if e.attribution:
            extras.append(f"according to {e.attribution.text}")
        extras.append(f"“{textwrap.shorten(e.evidence.sentence, 70)}”")
        lines.append("          " + " · ".join(extras))
    return "\n".join(lines)
