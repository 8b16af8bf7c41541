"""Blind audits: draw real news that no one tuned on, code it, and let a judge who did not
write the code say what is right.

    python training/audit.py draw DIR            # 1,000 AllSides articles (lines 10,001+, none
                                                 # of the corpus) as DIR/input.jsonl, and 20 of
                                                 # them as a corpus folder DIR/full/ to code in full
    eventwire ingest DIR/input.jsonl --db DIR/audit.db --coder learned
    eventwire query --db DIR/audit.db --format jsonl > DIR/events.jsonl
    python training/audit.py sample DIR          # 100 events at random → DIR/sample.jsonl (what
                                                 # the judge sees) and DIR/judgments.jsonl to fill
    python training/audit.py score DIR           # the share right per field, from the judgments
                                                 # (parties also apart by whether the event
                                                 # named one: "named", "none_given")
    python training/audit.py score DIR --kept LATER.jsonl   # the same, apart for the judged
                                                 # events a later ingest still gives and drops

The 20 articles of ``DIR/full/`` are annotated by the judge with ``training/annotate.py``'s
format (``DIR/full/annotations/judge/``) and scored with
``eventwire eval DIR/full --split all --coder learned`` (recall by type). The judges' briefs
(who codes in full, who judges the sampled events, and how a field counts as right) are
``training/briefs/audit_judge_full.md`` and ``audit_judge_events.md``.

Every draw is fixed by a seed. The draw never reads AllSides lines 1-10,000 (kept for the
project's own blind audits) and leaves out every article the corpus holds or lends sentences to.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from prepare import (allsides, corpus_ids, load_splitter,  # noqa: E402  (beside this one)
                     unit_record)

SEED = 20261203
ARTICLES = 1_000
FULL = 20
EVENTS = 100
MIN_WORDS = 150
FIELDS = ("type", "mode", "modality", "source", "target", "date", "place")
"""What the judge decides for each sampled event: right, wrong, or n/a (the text gives none
and the event gives none)."""


def draw(args: argparse.Namespace) -> int:
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    taken = corpus_ids(Path(args.corpus) / "articles.jsonl")
    listed = Path(args.ids) if args.ids else out / "articles.txt"
    # a new audit is disjoint from the earlier ones (their ids under docs/audits/); redrawing
    # an audit into its own ids file gives its articles again
    for earlier in (Path(__file__).resolve().parents[1] / "docs" / "audits").glob("*/articles.txt"):
        if earlier.resolve() != listed.resolve():
            taken |= set(earlier.read_text(encoding="utf-8").split())
    rows = [r for r in allsides(Path(args.shared))
            if r["article_id"] not in taken and len(r["raw"].split()) >= MIN_WORDS]
    rng = random.Random(args.seed)
    picked = rng.sample(rows, ARTICLES)
    with open(out / "input.jsonl", "w", encoding="utf-8") as f:
        for r in picked:
            f.write(json.dumps({"id": r["article_id"], "title": r["title"], "date": r["published"],
                                "url": r["url"], "source": r["outlet"], "text": r["raw"]},
                               ensure_ascii=False) + "\n")
    # the ids (not the texts) are committed, so that later rounds of the corpus leave them out
    listed.parent.mkdir(parents=True, exist_ok=True)
    listed.write_text("".join(r["article_id"] + "\n" for r in picked), encoding="utf-8")
    full = rng.sample(picked, FULL)
    _write_full(out / "full", full)
    print(f"{out}/input.jsonl: {len(picked)} articles (of {len(rows)} eligible); "
          f"{out}/full: {len(full)} to code in full", file=sys.stderr)
    return 0


def _write_full(folder: Path, rows: list[dict]) -> None:
    """The articles to code in full, as a corpus folder (cut as the corpus's articles are)."""
    folder.mkdir(parents=True, exist_ok=True)
    nlp = load_splitter()
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as f:
        for row in sorted(rows, key=lambda r: r["article_id"]):
            f.write(json.dumps(unit_record(row, nlp), ensure_ascii=False) + "\n")


def _party(actors: list[dict]) -> str:
    return "; ".join(f"{a.get('text')} [{a.get('name') or '-'}, {a.get('country') or '-'}, "
                     f"{a.get('sector') or '-'}]" for a in actors) or "(none)"


def sample(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    with open(folder / "events.jsonl", encoding="utf-8") as f:
        events = [json.loads(line) for line in f if line.strip()]
    titles = {}
    with open(folder / "input.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            titles[row["id"]] = (row["title"], row["date"])
    rng = random.Random(SEED + 1)
    picked = rng.sample(events, min(EVENTS, len(events)))
    with open(folder / "sample.jsonl", "w", encoding="utf-8") as f, \
            open(folder / "judgments.jsonl", "w", encoding="utf-8") as g:
        for n, ev in enumerate(picked, 1):
            doc = ev["doc_id"]
            loc = ev.get("location") or {}
            shown = {
                "n": n, "event_id": ev["event_id"], "article": doc,
                "title": titles.get(doc, (None, None))[0],
                "published": ev.get("published") or titles.get(doc, (None, None))[1],
                "sentence": ev["evidence"]["sentence"], "trigger": ev["evidence"]["trigger"],
                "type": ev["event_type"], "mode": ev.get("mode"), "modality": ev["modality"],
                "source": _party(ev.get("actors") or []),
                "target": _party(ev.get("recipients") or []),
                "date": ev.get("date"), "date_text": ev.get("date_text"),
                "place": (f"{loc.get('text')} [{loc.get('name')}, {loc.get('country')}]"
                          if loc else None),
                "confidence": ev.get("confidence"),
            }
            f.write(json.dumps(shown, ensure_ascii=False) + "\n")
            g.write(json.dumps({"n": n, "event_id": ev["event_id"],
                                **{k: None for k in FIELDS}, "note": ""}) + "\n")
    print(f"{folder}/sample.jsonl: {len(picked)} of {len(events)} events", file=sys.stderr)
    return 0


def _share(c: Counter) -> dict[str, object]:
    decided = c["right"] + c["wrong"]
    return {"right": c["right"], "wrong": c["wrong"], "n/a": c["n/a"],
            "share_right": round(c["right"] / decided, 3) if decided else None}


def figures(judged: list[dict], shown: dict[int, dict] | None = None) -> dict[str, object]:
    """The share right per field of judged events, and how many are fully right. With the
    ``shown`` sample (by ``n``), the parties are also counted apart by whether the event named
    one: judges differ on whether "(none)" where the text names none is right or n/a, and the
    share over the events that name a party does not depend on it."""
    out: dict[str, object] = {"events": len(judged)}
    for key in FIELDS:
        row = _share(Counter(j[key] for j in judged))
        if shown and key in ("source", "target"):
            named = [j for j in judged if shown.get(j["n"], {}).get(key) not in (None, "(none)")]
            row["named"] = _share(Counter(j[key] for j in named))
            row["none_given"] = _share(Counter(j[key] for j in judged if j not in named))
        out[key] = row
    # an event is fully right when its type, who, whom, date and place are all right (or n/a)
    full = sum(all(j[k] in ("right", "n/a") for k in ("type", "source", "target", "date",
                                                       "place")) for j in judged)
    out["fully_right"] = {"n": full, "share": round(full / len(judged), 3) if judged else None}
    return out


def score(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    with open(folder / "judgments.jsonl", encoding="utf-8") as f:
        judged = [json.loads(line) for line in f if line.strip()]
    undecided = [j["n"] for j in judged if any(j.get(k) is None for k in FIELDS)]
    if undecided:
        print(f"{folder}/judgments.jsonl: events {undecided} are not judged in full",
              file=sys.stderr)
        return 1
    sample = folder / "sample.jsonl"
    shown = None
    if sample.exists():
        with open(sample, encoding="utf-8") as f:
            shown = {row["n"]: row for row in map(json.loads, filter(str.strip, f))}
    if args.kept is None:
        print(json.dumps(figures(judged, shown), indent=1))
        return 0
    # a later ingest of the same articles: the judged events it still gives (same event_id:
    # document, sentence, trigger and type) and those it leaves out, each scored apart; the
    # parties, date and place are the judged reading's, not the later one's
    try:
        with open(args.kept, encoding="utf-8") as f:
            later = {json.loads(line)["event_id"] for line in f if line.strip()}
    except (OSError, ValueError, KeyError) as exc:
        print(f"{args.kept}: not the JSON lines of `eventwire query --format jsonl` ({exc})",
              file=sys.stderr)
        return 1
    kept = [j for j in judged if j["event_id"] in later]
    left = [j for j in judged if j["event_id"] not in later]
    print(json.dumps({"kept": figures(kept, shown), "left_out": figures(left, shown)},
                     indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="draw the articles of an audit into DIR")
    d.add_argument("dir")
    d.add_argument("--shared", default=str(HERE.parents[1] / "shared"))
    d.add_argument("--corpus", default=str(HERE / "corpus"))
    d.add_argument("--ids", help="where to write the drawn article ids (default DIR/articles.txt;"
                   " commit them under docs/audits/NAME/ so that later corpus rounds skip them)")
    d.add_argument("--seed", type=int, default=SEED,
                   help=f"the draw's seed (default {SEED}, the first audit's); a new audit takes a "
                        "new seed and leaves out the articles of the earlier ones")
    s = sub.add_parser("sample", help="draw the events to judge from DIR/events.jsonl")
    s.add_argument("dir")
    c = sub.add_parser("score", help="the figures of DIR/judgments.jsonl")
    c.add_argument("dir")
    c.add_argument("--kept", metavar="EVENTS.jsonl",
                   help="events of a later ingest of the same articles (`eventwire query "
                        "--format jsonl`): score the judged events it still gives and those it "
                        "leaves out apart — how a change of code moves the judged sample")
    args = ap.parse_args(argv)
    return {"draw": draw, "sample": sample, "score": score}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
