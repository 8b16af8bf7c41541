"""Why the learned coder misses the parties of events it finds: every matched event of a split
whose gold sources (or targets) the prediction does not find, sorted by cause, with examples.

    python training/errors.py training/corpus --split dev --role target
    python training/errors.py training/corpus --split train --role source --examples 10
    python training/errors.py training/corpus --split dev --json > misses.json

An event is matched as ``eventwire eval`` matches it (same sentence, overlapping trigger, same
type); a role is missed when a gold party of it has no predicted party whose words overlap its
own (``evaluate.corpus``'s span figure). The causes, in the order they are tested:

- ``merged``: a mention whose record holds party words of another of its sentences, which
  this one does not hold (the scorer finds no span): a further mention of an event told in an
  earlier sentence keeps that sentence's parties, and a first mention takes a later one's
  where that one names more (``merge._absorb``: "He urged President Bashar al-Assad", then
  "he urged Russia and the US");
- ``another party``: the prediction names a party of the role, not the gold's;
- ``no candidate``: the gold party's head is none of the argument model's candidates
  (``arguments.candidate_heads``: a number or quantifier heading the phrase, "**Thirty** of
  them are banned", is none, and so is a name deeper in the object than ``object_nouns``
  reaches — "denies **Western** allegations" is one since the thirty-seventh session);
- ``model: none`` / ``model: other role``: the argument model's likeliest label for the gold
  head is none, or the other role;
- ``left out``: the model's likeliest label for it is the role, and the pipeline left it out (a
  pronoun nothing resolves, a meeting's side made a source, a word naming no party).

The argument model is read on the sentence parsed alone (as ``eventwire train`` parses it); the
pipeline parses whole articles, so a few parses differ. Reads the train split for what to change
and dev to check it, as ``docs/models.md`` does; never the test split.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CAUSES = ("merged", "another party", "no candidate", "model: none", "model: other role",
          "left out")
ROLES = {"source": "sources", "target": "targets"}


def _spans(parties: Sequence[tuple[Any, str | None, str | None]]) -> list[Any]:
    return [span for span, _, _ in parties if span is not None]


def misses(corpus_dir: str, split: str, role: str, model: str | None = None,
           limit: int | None = None) -> list[dict[str, Any]]:
    """One record per matched event whose gold ``role`` the prediction misses, with its cause."""
    from eventwire.evaluate.corpus import (load_corpus, match, mention_of, predicted_mentions,
                                           unit_events)
    from eventwire.options import build_options
    from eventwire.pipeline import Extractor

    if split == "test":
        raise SystemExit("errors.py: the test split is for the final figure only "
                         "(docs/models.md); read train, check on dev")
    corpus = load_corpus(corpus_dir)
    extractor = Extractor(build_options(coder="learned", model=model))
    assert extractor.model is not None
    arguments = extractor.model.arguments()
    if arguments is None:
        raise SystemExit("errors.py: the model has no argument model")
    units = [u for u in corpus.annotated(split) if u.kind == "article"][:limit]
    other = "source" if role == "target" else "target"
    out = []
    for unit in units:
        gold = corpus.gold(unit.unit_id)
        if gold is None:
            continue
        events = unit_events(extractor, unit)
        golds = [mention_of(e) for e in gold.events]
        preds = predicted_mentions(unit, events)
        for gi, pi in match(golds, preds):
            g, p = golds[gi], preds[pi]
            wanted = _spans(getattr(g, ROLES[role]))
            given = getattr(p, ROLES[role])
            found = _spans(given)
            if not wanted or all(any(w.overlaps(f) for f in found) for w in wanted):
                continue
            sentence = unit.sentence(g.sentence)
            row = {"unit": unit.unit_id, "type": p.event_type, "trigger": p.trigger.text,
                   "gold": [w.text for w in wanted], "predicted": [f.text for f in found],
                   "sentence": sentence}
            if any(span is None for span, _, _ in given):
                row["cause"] = "merged"
            elif found:
                row["cause"] = "another party"
            else:
                row.update(_model_view(extractor.nlp(sentence), p, wanted, role, other,
                                       arguments))
            out.append(row)
    return out


def _model_view(doc: Any, pred: Any, wanted: list[Any], role: str, other: str,
                arguments: Any) -> dict[str, Any]:
    """The cause of a role left empty, from the argument model's view of the sentence."""
    from eventwire.pipeline.arguments import candidate_heads, pair_features

    trigger = doc.char_span(pred.trigger.start, pred.trigger.end, alignment_mode="expand")
    heads = [doc.char_span(w.start, w.end, alignment_mode="expand") for w in wanted]
    heads = [h.root for h in heads if h is not None]
    if trigger is None or not heads:
        return {"cause": "no candidate", "note": "the sentence parses otherwise alone"}
    tok = trigger.root
    candidates = [c for c in candidate_heads(doc[:], tok) if c.i != tok.i]
    ids = {c.i for c in candidates}
    inside = [h for h in heads if h.i in ids]
    if not inside:
        return {"cause": "no candidate"}
    rows = [pair_features(tok, pred.event_type, h, arguments.words) for h in inside]
    probs = arguments.model.scores(rows)
    classes = list(arguments.model.classes)
    k = max(range(len(inside)), key=lambda j: probs[j][classes.index(role)])
    p = {c: round(float(probs[k][i]), 2) for i, c in enumerate(classes)}
    likeliest = max(p, key=lambda c: p[c])
    cause = "left out" if likeliest == role else \
        "model: other role" if likeliest == other else "model: none"
    return {"cause": cause, "head": inside[k].text, "probabilities": p}


def report(rows: list[dict[str, Any]], examples: int, seed: int) -> str:
    counts = Counter(r["cause"] for r in rows)
    lines = [f"{len(rows)} matched events miss a gold party of the role", ""]
    lines += [f"{cause:18s} {counts[cause]:5d}  {counts[cause] / max(1, len(rows)):.2f}"
              for cause in CAUSES]
    rng = random.Random(seed)
    for cause in CAUSES:
        of = [r for r in rows if r["cause"] == cause]
        if not of or not examples:
            continue
        lines += ["", f"## {cause}"]
        for r in rng.sample(of, min(examples, len(of))):
            extra = f" {r['head']} {r['probabilities']}" if "probabilities" in r else ""
            lines.append(f"- {r['unit']} {r['type']} '{r['trigger']}': gold {r['gold']}, "
                         f"predicted {r['predicted']}{extra}\n  {r['sentence'][:200]}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="the corpus folder (training/corpus)")
    ap.add_argument("--split", default="dev", choices=("train", "dev"),
                    help="which articles to read (the test split is for final figures only)")
    ap.add_argument("--role", default="target", choices=tuple(ROLES))
    ap.add_argument("--model", default=None, metavar="DIR",
                    help="a model folder written by `eventwire train` (default: the shipped one)")
    ap.add_argument("--examples", type=int, default=5, help="examples shown per cause")
    ap.add_argument("--seed", type=int, default=0, help="which examples are drawn")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N articles")
    ap.add_argument("--json", action="store_true", help="every miss as JSON, not the report")
    args = ap.parse_args(argv)
    if not Path(args.corpus).is_dir():
        ap.error(f"{args.corpus}: no such corpus folder")
    rows = misses(args.corpus, args.split, args.role, args.model, args.limit)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(report(rows, args.examples, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
