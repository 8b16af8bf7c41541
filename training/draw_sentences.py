"""Draw the further sentences of the corpus: rare event types, hard negatives, ConfliBERT's set.

    python training/draw_sentences.py [--shared ../shared]

Writes ``training/corpus/sentences.jsonl``: batches of 50 sentences, each batch one unit of
annotation (``article_id`` ``xs-<split>-NNN``, ``kind`` "sentences", the sentences joined by
newlines in ``text``, and per sentence in ``items`` where it came from and why it was drawn).
A sentence's split is that of the article it came from (``split_of`` of its source id), so no
article lends sentences to two splits; articles annotated whole are never drawn from.

Sentences are drawn by word patterns of each rare type and of words that look like events and
are not (``CUES`` below) — never by what eventwire extracts — and the cue only says why a
sentence was drawn: annotators code what the sentence says.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prepare import allsides, guardian, reuters, split_of  # noqa: E402

CUES = {
    "CONCEDE": r"\bapologi[sz]e|\bconced(ed|es)\b|\badmitted (wrongdoing|responsibility|mistakes?)|"
               r"\bbacked down\b|\beased (restrictions|sanctions)|\backnowledged (its|their|his|her) ",
    "AGREE": r"\bagreed to\b|\boffered to\b|\bpledged to\b|\bpromised to\b|\binvited\b|"
             r"\bwilling to\b|\bvowed to (help|work|cooperate)",
    "COOPERATE": r"\bjoint (exercises?|drills?|operations?|patrols?)\b|\bextradit|\bshared? intelligence|"
                 r"\bsigned (a|an|the) [\w-]+ ?(deal|agreement|accord|pact)\b|\bcooperat(e|ion) with\b",
    "AID": r"\bhumanitarian aid\b|\bmilitary aid\b|\bdonated\b|\bgranted asylum\b|"
           r"\b(sent|provided|delivered|pledged) [^.]{0,40}\b(aid|assistance|supplies|weapons|funding)\b",
    "RETREAT": r"\breleased\b|\bfreed\b|\bwithdr[ea]w|\bpulled out\b|\bresigned\b|\bstepped down\b|"
               r"\bhanded over\b|\bceasefire (took|takes) effect",
    "REJECT": r"\brejected\b|\brefused to\b|\bvetoed\b|\bturned down\b|\bdismissed (the|calls|claims)",
    "THREATEN": r"\bthreaten(ed|s|ing)?\b|\bultimatum\b|\bvowed to retaliate\b|\bwarned (that|of)\b",
    "PROTEST": r"\bprotest(ers|ed|s)?\b|\bdemonstrat(ors|ions?|ed)\b|\brall(y|ies|ied)\b|\bmarched\b|"
               r"\bon strike\b|\bboycott|\bhunger strike|\briot(s|ers|ed)?\b|\bsit-in\b",
    "SANCTION": r"\bsanctions?\b|\bexpelled\b|\bsuspended (aid|talks|ties|relations)|\bcut (off )?ties\b|"
                r"\bconvicted\b|\bsentenced\b|\bembargo\b",
    "MOBILIZE": r"\bdeploy(ed|ment|s)?\b|\bmobili[sz]|\bsent (troops|forces|soldiers)|\bon (high )?alert\b|"
                r"\breinforcements\b|\bmassed\b",
    "COERCE": r"\barrested\b|\bdetained\b|\bbanned\b|\bcurfew\b|\bcensor|\bdeport|\bseized\b|"
              r"\bconfiscated\b|\braided\b|\bcrackdown\b",
    "negative": r"\battack ads?\b|\bapproval rating|\bpolls?\b|\bsurvey\b|\bshares (fell|rose)|\bstocks?\b|"
                r"\bearnings\b|\bstrike a (deal|balance)\b|\bcalled (it|him|her|the [\w ]+) an?\b|"
                r"\basked (if|whether)\b|\bsaid (he|she|they) would\b|\bfired back\b|\battacked (the idea|his|her) ",
}
PER_CUE = {"negative": 400}
# Round 2: the types still under 60 events after round 1, drawn with narrower patterns.
CUES_ROUND2 = {
    "COOPERATE": r"\bjoint (military )?(exercises?|drills?|patrols?|operations?)\b|\bextradit(ed|e)\b|"
                 r"\b(restored|resumed|established) (diplomatic )?(ties|relations)\b|"
                 r"\bshar(ed|e|ing) intelligence\b|\bsigned [^.]{0,30}\b(trade|security|defen[cs]e|"
                 r"cooperation) (deal|agreement|pact)\b|\breopened (its|the) embassy\b",
    "MOBILIZE": r"\bdeployed\b|\bsent (troops|warships|soldiers|forces|reinforcements)\b|"
                r"\b(put|placed) [^.]{0,20}on (high )?alert\b|\bmassed\b|\bcalled up\b|"
                r"\bmobili[sz]ed\b|\bmoved (troops|tanks|forces)\b",
    "CONCEDE": r"\bapologi[sz]ed\b|\bbacked down\b|\bconceded\b|\badmitted (it|that|the)\b|"
               r"\bpromised to (withdraw|release|end|lift)\b|\bagreed to (a )?ceasefire\b",
    "PROTEST": r"\bprotesters\b|\bdemonstrators\b|\bwent on strike\b|\bhunger strike\b",
}
PER_TYPE_ROUND2 = 110
PER_TYPE = 130
BATCH = 50
SENT = re.compile(r"(?<=[.!?])\s+(?=[\"“‘']?[A-Z])|(?<=[.!?][\"”’'])\s+(?=[A-Z])")


def sentences(text: str):
    for para in re.split(r"\n\s*\n|\n", text):
        for s in SENT.split(para.strip()):
            s = " ".join(s.split())
            if 8 <= len(s.split()) <= 60:
                yield s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--round", type=int, choices=(1, 2), default=1,
                    help="2: add batches for the types still short after round 1")
    args = ap.parse_args(argv)
    if args.round == 2:
        return round_two(Path(args.shared))
    shared = Path(args.shared)
    root = Path(__file__).resolve().parent / "corpus"
    whole = {json.loads(line)["article_id"] for line in open(root / "articles.jsonl")}
    rng = random.Random(20261202)
    pools: dict[str, list[dict]] = {cue: [] for cue in CUES}
    compiled = {cue: re.compile(rx, re.IGNORECASE) for cue, rx in CUES.items()}
    for reader in (allsides, guardian, reuters):
        for row in reader(shared):
            if row["article_id"] in whole:
                continue
            for number, s in enumerate(sentences(row["raw"])):
                for cue, rx in compiled.items():
                    if rx.search(s):
                        pools[cue].append({"text": s, "article": row["article_id"],
                                           "source": {**row["source"], "sentence": number},
                                           "published": row["published"], "why": f"cue:{cue}"})
                        break
    items: list[dict] = []
    seen: set[str] = set()
    for cue, pool in pools.items():
        rng.shuffle(pool)
        want = PER_CUE.get(cue, PER_TYPE)
        taken = 0
        for it in pool:
            if taken == want:
                break
            if it["text"] in seen:
                continue
            seen.add(it["text"])
            items.append(it)
            taken += 1
    path = shared / "data/gold/train/conflibert_cameo_quad.train.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.rsplit("\t", 1)[0].strip()
        if text and text not in seen:
            seen.add(text)
            items.append({"text": " ".join(text.split()), "article": f"conflibert-{number}",
                          "source": {"corpus": "conflibert_cameo_quad.train", "line": number},
                          "published": None, "why": "conflibert"})
    rng.shuffle(items)
    out = batches(items, {"train": 0, "dev": 0, "test": 0})
    with open(root / "sentences.jsonl", "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(items), "sentences in", len(out), "batches;",
          Counter(r["split"] for r in out), Counter(it["why"] for it in items), file=sys.stderr)
    return 0


def batches(items: list[dict], numbers: dict[str, int]) -> list[dict]:
    """Units of ``BATCH`` sentences, each of one split (its sentences' source articles' split),
    numbered after ``numbers`` (the batches each split already has)."""
    by_split: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for it in items:
        by_split[split_of(it["article"])].append(it)
    out = []
    for split, its in by_split.items():
        for b in range(0, len(its), BATCH):
            chunk = its[b:b + BATCH]
            text, spans = "", []
            for it in chunk:
                spans.append([len(text), len(text) + len(it["text"])])
                text += it["text"] + "\n"
            numbers[split] += 1
            out.append({"article_id": f"xs-{split}-{numbers[split]:03d}", "kind": "sentences",
                        "split": split, "text": text, "sentences": spans,
                        "items": [{k: it[k] for k in ("article", "source", "published", "why")}
                                  for it in chunk]})
    return out


def round_two(shared: Path) -> int:
    """Append batches drawn with ``CUES_ROUND2`` to ``sentences.jsonl`` (never a sentence
    already drawn, never from an article annotated whole), numbered after round 1's."""
    root = Path(__file__).resolve().parent / "corpus"
    whole = {json.loads(line)["article_id"] for line in open(root / "articles.jsonl")}
    old = [json.loads(line) for line in open(root / "sentences.jsonl")]
    seen = {unit["text"][a:b] for unit in old for a, b in unit["sentences"]}
    rng = random.Random(20261203)
    compiled = {cue: re.compile(rx, re.IGNORECASE) for cue, rx in CUES_ROUND2.items()}
    pools: dict[str, list[dict]] = {cue: [] for cue in CUES_ROUND2}
    for reader in (allsides, guardian, reuters):
        for row in reader(shared):
            if row["article_id"] in whole:
                continue
            for number, s in enumerate(sentences(row["raw"])):
                if s in seen:
                    continue
                for cue, rx in compiled.items():
                    if rx.search(s):
                        pools[cue].append({"text": s, "article": row["article_id"],
                                           "source": {**row["source"], "sentence": number},
                                           "published": row["published"],
                                           "why": f"cue2:{cue}"})
                        break
    items: list[dict] = []
    for pool in pools.values():
        rng.shuffle(pool)
        for it in pool[:PER_TYPE_ROUND2]:
            if it["text"] not in seen:
                seen.add(it["text"])
                items.append(it)
    rng.shuffle(items)
    new = batches(items, {split: sum(1 for u in old if u["split"] == split)
                          for split in ("train", "dev", "test")})
    with open(root / "sentences.jsonl", "a", encoding="utf-8") as f:
        for rec in new:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(len(items), "sentences in", len(new), "new batches:", [r["article_id"] for r in new],
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
