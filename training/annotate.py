"""The annotators' tool: show articles as numbered sentences, check and complete annotation files.

    python training/annotate.py next A3 [--n 3]   # the next articles of annotator A3's assignment
    python training/annotate.py show ID [ID...]   # any articles or sentence batches, numbered
    python training/annotate.py check FILE...     # validate; fills in the "at" offsets of spans
    python training/annotate.py progress          # files done per annotator
    python training/annotate.py reanchor FILE...  # repeated phrases: the one nearest the trigger
    python training/annotate.py diff ID           # two annotators' readings of a unit, side by side
    python training/annotate.py apply RULINGS     # an adjudication's rulings, event by event

An annotation file is ``training/corpus/annotations/<annotator>/<unit id>.jsonl``: its first line
is ``{"unit": ID, "annotator": A, "no_event": [sentence numbers]}``, every further line one event
(format in docs/annotation.md). ``check`` rejects a file that leaves a sentence unaccounted for.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "corpus"
TYPES_MODES = {
    "AGREE": set(), "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "SUPPORT": set(), "CONCEDE": set(), "COOPERATE": set(), "AID": set(),
    "RETREAT": {"access", "ceasefire", "disarm", "release", "resign", "return", "withdraw"},
    "REQUEST": {"assist", "change", "meet", "yield"},
    "ACCUSE": {"allege", "disapprove", "investigate"},
    "REJECT": {"assist", "change", "meet", "yield"},
    "THREATEN": {"arrest", "ban", "expel", "relations", "restrict", "rights", "territory",
                 "violence"},
    "PROTEST": {"boycott", "demo", "hunger", "obstruct", "riot", "strike"},
    "SANCTION": {"convict", "discontinue", "expel", "withdraw"},
    "MOBILIZE": {"militia", "police", "troops", "weapons"},
    "COERCE": {"arrest", "ban", "censor", "curfew", "cyber", "deport", "misinformation",
               "restrict", "seize", "withhold"},
    "ASSAULT": {"abduct", "aerial", "assassinate", "beat", "cleansing", "crowd-control", "destroy",
                "drone", "execute", "explosives", "firearms", "heavy-weapons", "massacre",
                "primitive", "sexual", "suicide-attack", "torture", "unconventional"},
}
MODALITIES = {"asserted", "future", "hypothetical", "negated"}
SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "REB", "INS", "SPY", "BUS", "MED",
           "EDU", "CVL", "NGO", "IGO", "REL", "LAB", "CRM", "HLH", "AGR", "REF", "ENV", "ELI",
           "UAF", "SET"}
KINDS = {"person", "organization", "country", "group"}
EVENT_KEYS = {"s", "trigger", "trigger_at", "type", "mode", "modality", "sources", "targets",
              "date", "place", "size", "attribution", "note"}
PARTY_KEYS = {"text", "at", "name", "country", "sector", "kind", "refers_to"}


def _codes() -> set[str]:
    data = Path(__file__).resolve().parents[1] / "eventwire" / "data"
    codes: set[str] = set()
    for name in ("countries.tsv", "igos.tsv"):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and not line.startswith("code\t") \
                    and not line.startswith("iso3\t"):
                codes.add(line.split("\t")[0])
    return codes


def load_units(root: Path = ROOT) -> dict[str, dict]:
    units: dict[str, dict] = {}
    for name in ("articles.jsonl", "sentences.jsonl"):
        path = root / name
        if path.exists():
            for line in path.open(encoding="utf-8"):
                rec = json.loads(line)
                units[rec["article_id"]] = rec
    return units


def sentence_texts(unit: dict) -> list[str]:
    return [unit["text"][a:b] for a, b in unit["sentences"]]


def render(unit: dict) -> str:
    head = [f"=== {unit['article_id']} ({unit.get('outlet') or unit.get('kind')}; published "
            f"{unit.get('published') or 'unknown'}; split {unit['split']})"]
    if unit.get("title"):
        head.append(f"TITLE: {unit['title']}")
    for i, text in enumerate(sentence_texts(unit)):
        extra = ""
        if unit.get("items"):
            item = unit["items"][i]
            extra = f" [published {item.get('published') or 'unknown'}]"
        head.append(f"[{i}]{extra} {text}")
    return "\n".join(head)


def word_starts(sentence: str, text: str) -> list[int]:
    """The offsets where ``text`` occurs in ``sentence`` as whole words ("he" is not in
    "The")."""
    return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(text) + r"(?!\w)", sentence)]


def find_word(sentence: str, text: str, near: tuple[int, int] | None = None) -> int:
    """The offset of ``text`` in ``sentence`` as whole words: the first, or, with ``near`` (the
    trigger's start and end), the one that stands nearest it (the fewest characters between the
    two); else its first offset anywhere, else -1."""
    starts = word_starts(sentence, text)
    if not starts:
        return sentence.find(text)
    if near is None:
        return starts[0]
    start, end = near
    return min(starts, key=lambda at: (max(start - (at + len(text)), at - end, 0), at))


def trigger_span(ev: dict) -> tuple[int, int] | None:
    """The trigger's (start, end) in its sentence, once its offset is known."""
    at, text = ev.get("trigger_at"), ev.get("trigger")
    return (at, at + len(text)) if isinstance(at, int) and isinstance(text, str) else None


def _mid_word(sentence: str, at: int, text: str) -> bool:
    end = at + len(text)
    return (at > 0 and text[:1].isalnum() and sentence[at - 1].isalnum()) or \
        (end < len(sentence) and text[-1:].isalnum() and sentence[end].isalnum())


def _place_span(span: dict, sentence: str, what: str, errors: list[str],
                near: tuple[int, int] | None = None) -> None:
    """Check a span's offset ``at``, or fill it in: a phrase that occurs more than once in its
    sentence is taken where it stands nearest the trigger (``near``: its start and end)."""
    text = span.get("text")
    if not isinstance(text, str) or not text:
        errors.append(f"{what}: a span needs its 'text'")
        return
    at = span.get("at")
    if at is None:
        at = find_word(sentence, text, near)
        if at < 0:
            errors.append(f"{what}: {text!r} is not in the sentence (copy it exactly)")
            return
        span["at"] = at
    elif sentence[at:at + len(text)] != text:
        errors.append(f"{what}: sentence[{at}:{at + len(text)}] is not {text!r}")
    elif _mid_word(sentence, at, text) and not _mid_word(sentence, find_word(sentence, text),
                                                         text):
        # an offset filled in by an earlier version of this tool, inside another word
        span["at"] = find_word(sentence, text, near)


def check_event(ev: dict, sentences: list[str], codes: set[str]) -> list[str]:
    errors: list[str] = []
    unknown = set(ev) - EVENT_KEYS
    if unknown:
        errors.append(f"unknown keys {sorted(unknown)}")
    s = ev.get("s")
    if not isinstance(s, int) or not 0 <= s < len(sentences):
        return errors + [f"'s' must be a sentence number 0..{len(sentences) - 1}"]
    sentence = sentences[s]
    trig = {"text": ev.get("trigger"), "at": ev.get("trigger_at")}
    _place_span(trig, sentence, "trigger", errors)
    if "at" in trig and trig["at"] is not None:
        ev["trigger_at"] = trig["at"]
    etype = ev.get("type")
    if etype not in TYPES_MODES:
        errors.append(f"type {etype!r} is not a PLOVER type")
    elif ev.get("mode") is not None and ev["mode"] not in TYPES_MODES[etype]:
        errors.append(f"mode {ev['mode']!r} is not a mode of {etype} "
                      f"({', '.join(sorted(TYPES_MODES[etype])) or 'none'})")
    if ev.get("modality") not in MODALITIES:
        errors.append(f"modality {ev.get('modality')!r} not in {sorted(MODALITIES)}")
    for role in ("sources", "targets"):
        parties = ev.get(role, [])
        if not isinstance(parties, list):
            errors.append(f"{role} must be a list")
            continue
        for p in parties:
            if not isinstance(p, dict):
                errors.append(f"{role}: each party is an object")
                continue
            if set(p) - PARTY_KEYS:
                errors.append(f"{role}: unknown keys {sorted(set(p) - PARTY_KEYS)}")
            _place_span(p, sentence, role, errors, trigger_span(ev))
            if p.get("country") is not None and p["country"] not in codes:
                errors.append(f"{role}: country {p['country']!r} is no ISO3 or IGO code")
            if p.get("sector") is not None and p["sector"] not in SECTORS:
                errors.append(f"{role}: sector {p['sector']!r} not in the sector list")
            if p.get("kind") is not None and p["kind"] not in KINDS:
                errors.append(f"{role}: kind {p['kind']!r} not in {sorted(KINDS)}")
    for key in ("date", "place", "attribution"):
        span = ev.get(key)
        if span is None:
            continue
        if not isinstance(span, dict):
            errors.append(f"{key} must be an object or null")
            continue
        _place_span(span, sentence, key, errors, trigger_span(ev))
        if key == "date" and span.get("value") is not None:
            v = str(span["value"])
            if not (len(v) in (4, 7, 10) and v[:4].isdigit()):
                errors.append(f"date value {v!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if key == "place" and span.get("country") is not None and span["country"] not in codes:
            errors.append(f"place country {span['country']!r} is no ISO3 code")
    size = ev.get("size")
    if size is not None:
        if not isinstance(size, dict) or set(size) - {"dead", "injured", "arrested"}:
            errors.append("size holds only dead, injured, arrested")
        else:
            for k, v in size.items():
                if v is not None and (not isinstance(v, int) or v < 0):
                    errors.append(f"size {k} must be a whole number or null")
    return errors


def check_file(path: Path, units: dict[str, dict], codes: set[str], fix: bool = True) -> list[str]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if not lines:
        return [f"{path}: empty"]
    problems: list[str] = []
    try:
        head = json.loads(lines[0])
    except json.JSONDecodeError as exc:
        return [f"{path}:1: not JSON ({exc})"]
    unit = units.get(head.get("unit"))
    if unit is None:
        return [f"{path}:1: unknown unit {head.get('unit')!r}"]
    if path.stem != head["unit"]:
        problems.append(f"{path}:1: the file name must be the unit id {head['unit']}.jsonl")
    sentences = sentence_texts(unit)
    events = []
    for number, line in enumerate(lines[1:], start=2):
        try:
            ev = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: not JSON ({exc})")
            continue
        problems += [f"{path}:{number}: {e}" for e in check_event(ev, sentences, codes)]
        events.append(ev)
    with_events = {ev.get("s") for ev in events}
    no_event = set(head.get("no_event", []))
    both = with_events & no_event
    if both:
        problems.append(f"{path}:1: sentences {sorted(both)} are in no_event but have events")
    missing = set(range(len(sentences))) - with_events - no_event
    if missing:
        problems.append(f"{path}:1: sentences {sorted(missing)} are neither in no_event nor "
                        "annotated: every sentence must be decided")
    if fix and not problems:
        with path.open("w", encoding="utf-8") as f:
            f.write(json.dumps(head, ensure_ascii=False) + "\n")
            for ev in events:
                f.write(json.dumps(ev, ensure_ascii=False) + "\n")
    return problems


def reanchor(ev: dict, sentences: list[str]) -> int:
    """Move each party, date and place span of ``ev`` whose text occurs more than once in its
    sentence to the occurrence nearest the trigger; how many moved.

    Before ``check`` filled offsets in by nearness, it took a repeated phrase's first
    occurrence ("Trump" in "contacts between Russians and Trump officials ... forced Trump to
    fire"), so files checked then may point at the wrong one."""
    sentence, near, moved = sentences[ev["s"]], trigger_span(ev), 0
    spans = [p for role in ("sources", "targets") for p in ev.get(role) or []]
    spans += [ev[k] for k in ("date", "place") if isinstance(ev.get(k), dict)]
    for span in spans:
        text = span.get("text")
        if near is None or not text or len(word_starts(sentence, text)) < 2:
            continue
        at = find_word(sentence, text, near)
        if at != span.get("at"):
            span["at"] = at
            moved += 1
    return moved


def reanchor_file(path: Path, units: dict[str, dict]) -> int:
    """``reanchor`` every event of an annotation file; rewrites it when a span moved."""
    lines = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    unit = units.get(lines[0].get("unit"))
    if unit is None:
        return 0
    sentences = sentence_texts(unit)
    moved = sum(reanchor(ev, sentences) for ev in lines[1:])
    if moved:
        with path.open("w", encoding="utf-8") as f:
            for row in lines:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return moved


RULING_DECISIONS = {"keep", "drop", "reciprocal", "visit", "edit", "date"}


def apply_rulings(rulings: list[dict], root: Path, label: str) -> dict[str, int]:
    """Apply an adjudication's rulings to the annotation files; how many of each decision.

    A ruling names one event by ``"<annotator>/<unit id>.jsonl:<line>"`` (the file's line
    number, its head being line 1) and decides: ``keep`` (nothing changes), ``drop`` (the event
    goes; its sentence goes into ``no_event`` when no other event is left in it), ``reciprocal``
    (its targets join its sources), ``visit`` (mode visit, with the ruling's sources and
    targets), ``edit`` (the ruling's sources and targets) or ``date`` (the ruling's ``date``,
    ``{"text", "value"}`` or null). A changed event's ``note`` ends
    with ``label`` and the decision. Every ruling is read before any file is written, so the
    line numbers are those of the files as they were, and nothing is written when one ruling
    is malformed or names a line its file lacks."""
    by_file: dict[Path, dict[int, dict]] = {}
    for r in rulings:
        if r.get("decision") not in RULING_DECISIONS:
            raise ValueError(f"ruling {r.get('id')!r}: decision {r.get('decision')!r} is none "
                             f"of {sorted(RULING_DECISIONS)}")
        if r["decision"] in ("visit", "edit") and not all(
                isinstance(r.get(k), list) for k in ("sources", "targets")):
            raise ValueError(f"ruling {r.get('id')!r}: a {r['decision']} gives the event's "
                             "sources and targets, as lists")
        if r["decision"] == "date" and not ("date" in r and (r["date"] is None or (
                isinstance(r["date"], dict) and isinstance(r["date"].get("text"), str)))):
            raise ValueError(f"ruling {r.get('id')!r}: a date ruling gives the event's date, "
                             '{"text": ..., "value": ...} or null')
        name, _, line = str(r["id"]).rpartition(":")
        by_file.setdefault(root / "annotations" / name, {})[int(line)] = r
    files = {}
    for path, rules in sorted(by_file.items()):   # every file checked before any is written
        rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()
                if ln.strip()]
        if max(rules) > len(rows) or min(rules) < 2:
            raise ValueError(f"{path}: rulings name lines {sorted(rules)}, the file has "
                             f"events on lines 2..{len(rows)}")
        files[path] = rows
    counts = dict.fromkeys(sorted(RULING_DECISIONS), 0)
    for path, rows in files.items():
        rules = by_file[path]
        head, kept = rows[0], []
        for number, ev in enumerate(rows[1:], start=2):
            rule = rules.get(number)
            decision = rule["decision"] if rule else "keep"
            counts[decision] += bool(rule)
            if decision == "drop":
                continue
            if decision == "reciprocal":
                ev["sources"] = (ev.get("sources") or []) + (ev.get("targets") or [])
                ev["targets"] = []
            elif decision in ("visit", "edit"):
                ev["sources"], ev["targets"] = rule["sources"], rule["targets"]
                if decision == "visit":
                    ev["mode"] = "visit"
            elif decision == "date":
                ev["date"] = rule["date"]
            if decision != "keep":
                ev["note"] = "; ".join(x for x in (ev.get("note"), f"{label}: {decision}") if x)
            kept.append(ev)
        left = {ev["s"] for ev in kept}
        dropped = {rows[n - 1]["s"] for n, r in rules.items() if r["decision"] == "drop"}
        head["no_event"] = sorted(set(head.get("no_event") or ()) | (dropped - left))
        with path.open("w", encoding="utf-8") as f:
            for row in (head, *kept):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return counts


def _brief(ev: dict) -> str:
    def parties(ps: list) -> str:
        return ", ".join(f"{p['text']}({p.get('country')} {p.get('sector')})" for p in ps) or "-"
    date = (ev.get("date") or {}).get("value")
    place = (ev.get("place") or {}).get("text")
    return (f"{ev['type']}/{ev.get('mode')} {ev.get('modality')} trigger={ev['trigger']!r} "
            f"src={parties(ev.get('sources') or [])} tgt={parties(ev.get('targets') or [])} "
            f"date={date} place={place}")


def diff(unit: dict, root: Path = ROOT) -> str:
    """Every sentence where the annotators' readings differ, with both readings."""
    readings = {}
    for d in sorted((root / "annotations").iterdir()):
        path = d / f"{unit['article_id']}.jsonl"
        if d.name != "adjudicated" and path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            readings[d.name] = [json.loads(x) for x in lines[1:] if x.strip()]
    out = [f"=== {unit['article_id']} (published {unit.get('published')}): "
           f"{', '.join(readings)}"]
    for i, text in enumerate(sentence_texts(unit)):
        per = {a: sorted(_brief(e) for e in evs if e["s"] == i) for a, evs in readings.items()}
        if len({tuple(v) for v in per.values()}) > 1:
            out.append(f"[{i}] {text}")
            for a, evs in per.items():
                out.append(f"    {a}: " + (" | ".join(evs) if evs else "no event"))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT,
                    help="the corpus folder (default training/corpus; e.g. the folder of a "
                         "blind audit's articles, training/audit.py)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    nx = sub.add_parser("next", help="the next articles of an annotator's assignment")
    nx.add_argument("annotator")
    nx.add_argument("--n", type=int, default=2)
    sh = sub.add_parser("show", help="articles as numbered sentences")
    sh.add_argument("ids", nargs="+")
    ck = sub.add_parser("check", help="validate annotation files and fill in span offsets")
    ck.add_argument("files", nargs="+", type=Path)
    ra = sub.add_parser("reanchor", help="move repeated party, date and place phrases to the "
                        "occurrence nearest their trigger (files checked before check did)")
    ra.add_argument("files", nargs="+", type=Path)
    sub.add_parser("progress", help="files done per annotator")
    df = sub.add_parser("diff",
                        help="the readings of a doubly annotated unit, sentence by sentence")
    df.add_argument("ids", nargs="+")
    ap_ = sub.add_parser("apply", help="apply an adjudication's rulings (JSON lines: id, "
                         "decision, sources/targets) to the annotation files, then check them")
    ap_.add_argument("rulings", type=Path)
    ap_.add_argument("--label", required=True,
                     help="what the changed events' notes end with, e.g. 'ruled 2026-12-06'")
    args = ap.parse_args(argv)
    root = args.corpus
    units = load_units(root)
    if args.cmd == "show":
        for uid in args.ids:
            print(render(units[uid]) if uid in units else f"unknown id {uid}")
        return 0
    if args.cmd == "next":
        todo = (root / "assignments" / f"{args.annotator}.txt").read_text().split()
        done_dir = root / "annotations" / args.annotator
        left = [u for u in todo if not (done_dir / f"{u}.jsonl").exists()]
        print(f"# {args.annotator}: {len(todo) - len(left)} of {len(todo)} done")
        for uid in left[:args.n]:
            print(render(units[uid]))
        return 0
    if args.cmd == "progress":
        for d in sorted((root / "annotations").iterdir()):
            assigned = root / "assignments" / f"{d.name}.txt"
            total = len(assigned.read_text().split()) if assigned.exists() else "?"
            print(d.name, len(list(d.glob("*.jsonl"))), "of", total)
        return 0
    if args.cmd == "diff":
        for uid in args.ids:
            print(diff(units[uid], root))
        return 0
    if args.cmd == "reanchor":
        total = 0
        for path in args.files:
            moved = reanchor_file(path, units)
            if moved:
                print(f"{path}: {moved} span(s) moved")
            total += moved
        print(f"{total} span(s) moved in {len(args.files)} file(s)")
        return 0
    codes = _codes()
    if args.cmd == "apply":
        rulings = [json.loads(ln) for ln in args.rulings.read_text(encoding="utf-8").splitlines()
                   if ln.strip()]
        counts = apply_rulings(rulings, root, args.label)
        print(", ".join(f"{k} {v}" for k, v in counts.items()))
        args.files = sorted({root / "annotations" / str(r["id"]).rpartition(":")[0]
                             for r in rulings})
    bad = 0
    for path in args.files:
        problems = check_file(path, units, codes)
        for p in problems:
            print(p)
        bad += bool(problems)
        if not problems:
            print(f"{path}: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
