"""Word clusters from unlabeled news, for the learned models' features (docs/models.md).

    python training/clusters.py [--shared ../shared] [--out eventwire/data/word_clusters.tsv]
                                [--vectors eventwire/data/word_vectors.npy]

Reads the AllSides and Guardian articles of ``../shared/corpora`` that are in no evaluation:
not AllSides lines 1-10,000 (kept for blind audits), not the articles of the corpus's dev and
test splits, not the articles of the audits under ``docs/audits/``. Counts, for the 30,000
commonest lower-cased words, their neighbours (two words either side) among the 8,000
commonest; weighs the counts by positive pointwise mutual information (context counts smoothed
by the power 0.75); reduces the rows to 100 dimensions (truncated SVD, fixed start vector);
groups the unit-length rows by k-means (256 and 1,024 clusters, seed 0). Writes one line per
word: the word, its coarse cluster, its fine cluster — a word's cluster stands for the words
used like it ("retook", "recaptured", "seized"), so the models can read a word they never saw
in the annotations by the company it keeps. Writes beside it the unit-length vectors
themselves (float16, one row per line of the table, in its order): training reads them for the
gate (``train.fit_gate``), which turns them into one score per word. Deterministic: the same
corpora give the same files (about 1 minute on two cores). New files change the features: run
``make model`` after.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
AUDIT_ALLSIDES_LINES = 10_000
VOCABULARY = 30_000
CONTEXTS = 8_000
WINDOW = 2
DIMENSIONS = 100
SIZES = (256, 1024)
WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*|\d+")  # as the gate reads words, lower-cased


def held_out(root: Path) -> set[str]:
    """The article ids of the corpus's dev and test splits and of the blind audits."""
    held = set()
    with open(root / "training/corpus/articles.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] != "train":
                held.add(row["article_id"])
    for listing in sorted((root / "docs/audits").glob("*/articles.txt")):
        held.update(x.strip() for x in listing.read_text(encoding="utf-8").split())
    return held


def texts(shared: Path, held: set[str]):
    """The texts of the articles no evaluation reads, in file order."""
    with gzip.open(shared / "corpora/allsides_articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if number > AUDIT_ALLSIDES_LINES and f"allsides-{number}" not in held:
                yield json.loads(line).get("content_original") or ""
    with gzip.open(shared / "corpora/guardian_conflict_2019.jsonl.gz", "rt",
                   encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if f"guardian-{number}" not in held:
                yield json.loads(line).get("content_original") or ""


def cooccurrences(docs: list[list[str]], index: dict[str, int]):
    """Word × context counts within ``WINDOW`` words, documents kept apart."""
    from scipy.sparse import coo_matrix

    ids = np.concatenate([np.append(np.array([index.get(w, -1) for w in d], dtype=np.int64), -1)
                          for d in docs])
    total = None
    for off in [k for k in range(-WINDOW, WINDOW + 1) if k]:
        a = ids[max(0, -off):len(ids) - max(0, off)]
        b = ids[max(0, off):len(ids) - max(0, -off)]
        keep = (a >= 0) & (b >= 0) & (b < CONTEXTS)
        m = coo_matrix((np.ones(int(keep.sum())), (a[keep], b[keep])),
                       shape=(len(index), CONTEXTS)).tocsr()
        total = m if total is None else total + m
    return total


def ppmi(counts):
    from scipy.sparse import csr_matrix

    n = counts.sum()
    rows = np.asarray(counts.sum(1)).ravel()
    cols = np.asarray(counts.sum(0)).ravel() ** 0.75
    cols = cols / cols.sum()
    c = counts.tocoo()
    pmi = np.log(c.data / (rows[c.row] / n) / cols[c.col] / n)
    keep = pmi > 0
    return csr_matrix((pmi[keep], (c.row[keep], c.col[keep])), shape=counts.shape)


def clusters(shared: Path, root: Path
             ) -> tuple[list[str], np.ndarray, dict[int, np.ndarray]]:
    from scipy.sparse.linalg import svds
    from sklearn.cluster import KMeans

    docs = [WORD.findall(t.lower()) for t in texts(shared, held_out(root))]
    freq = Counter(w for d in docs for w in d)
    vocab = [w for w, _ in sorted(freq.items(), key=lambda x: (-x[1], x[0]))[:VOCABULARY]]
    print(f"{len(docs)} articles, {sum(map(len, docs))} words", file=sys.stderr)
    matrix = ppmi(cooccurrences(docs, {w: i for i, w in enumerate(vocab)}))
    start = np.ones(min(matrix.shape)) / np.sqrt(min(matrix.shape))
    u, s, _ = svds(matrix, k=DIMENSIONS, v0=start)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return vocab, vectors, {k: KMeans(n_clusters=k, n_init=1, random_state=0, max_iter=100)
                   .fit(vectors).labels_ for k in SIZES}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                    help="the shared data folder (holds corpora/)")
    ap.add_argument("--out", type=Path, default=ROOT / "eventwire/data/word_clusters.tsv")
    ap.add_argument("--vectors", type=Path, default=ROOT / "eventwire/data/word_vectors.npy",
                    help="where the words' vectors go (float16, rows in the table's order)")
    args = ap.parse_args(argv)
    if not (args.shared / "corpora/allsides_articles.jsonl.gz").exists():
        ap.error(f"{args.shared}/corpora/allsides_articles.jsonl.gz not found (--shared)")
    vocab, vectors, labels = clusters(args.shared, ROOT)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Word clusters of unlabeled news (training/clusters.py; docs/models.md):\n"
                "# a lower-cased word, its cluster of 256, its cluster of 1,024.\n"
                "word\tcoarse\tfine\n")
        for i, w in enumerate(vocab):
            f.write(f"{w}\t{labels[SIZES[0]][i]}\t{labels[SIZES[1]][i]}\n")
    np.save(args.vectors, vectors.astype(np.float16), allow_pickle=False)
    print(f"{len(vocab)} words → {args.out}, {args.vectors}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
