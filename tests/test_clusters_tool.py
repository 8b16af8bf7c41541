"""The word clusters' script (training/clusters.py): it reads no text an evaluation reads, and
the table it wrote is the one the package ships."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from scripts import ROOT, load_script


@pytest.fixture(scope="module")
def tool():
    return load_script("training/clusters.py", "clusters_tool")


def _gz(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)


def test_no_audit_line_no_held_out_article_is_read(tool, tmp_path) -> None:
    root = tmp_path / "repo"
    (root / "training/corpus").mkdir(parents=True)
    (root / "training/corpus/articles.jsonl").write_text("".join(
        json.dumps({"article_id": a, "split": s}) + "\n" for a, s in (
            ("allsides-10002", "train"), ("allsides-10003", "dev"), ("allsides-10004", "test"),
            ("guardian-2", "dev"))))
    (root / "docs/audits/one").mkdir(parents=True)
    (root / "docs/audits/one/articles.txt").write_text("allsides-10005\n")
    held = tool.held_out(root)
    assert held == {"allsides-10003", "allsides-10004", "guardian-2", "allsides-10005"}

    shared = tmp_path / "shared"
    # AllSides lines 1-10,000 are the blind audits' reserve: none of them is read
    _gz(shared / "corpora/allsides_articles.jsonl.gz",
        [{"content_original": f"line {n}"} for n in range(1, 10_007)])
    _gz(shared / "corpora/guardian_conflict_2019.jsonl.gz",
        [{"content_original": f"guardian {n}"} for n in range(1, 4)])
    assert list(tool.texts(shared, held)) == ["line 10001", "line 10002", "line 10006",
                                              "guardian 1", "guardian 3"]


def test_the_shipped_table_is_what_the_package_reads() -> None:
    from eventwire.knowledge.tables import read_word_clusters

    table = read_word_clusters(ROOT / "eventwire/data/word_clusters.tsv")
    assert len(table) == 30_000
    coarse = {c for c, _ in table.values()}
    fine = {f for _, f in table.values()}
    assert len(coarse) == 256 and len(fine) == 1024


def test_a_malformed_row_is_named(tmp_path) -> None:
    from eventwire.errors import DataError
    from eventwire.knowledge.tables import read_word_clusters

    bad = tmp_path / "word_clusters.tsv"
    bad.write_text("word\tcoarse\tfine\nretook\t3\t17\nRetook\t3\t17\n")
    with pytest.raises(DataError, match="word_clusters.tsv:3"):
        read_word_clusters(bad)


def test_the_shipped_vectors_are_one_unit_row_per_word_of_the_table() -> None:
    import numpy as np

    from eventwire.knowledge.tables import read_word_clusters, read_word_vectors

    table = read_word_clusters(ROOT / "eventwire/data/word_clusters.tsv")
    vectors = read_word_vectors(ROOT / "eventwire/data/word_vectors.npy", rows=len(table))
    assert vectors.shape == (30_000, 100) and vectors.dtype == np.float32
    norms = np.linalg.norm(vectors, axis=1)
    # unit length, but for words that never met a context word (zero rows: "tokelau")
    assert np.allclose(norms[norms > 0], 1.0, atol=1e-2) and (norms == 0).sum() < 10
    # the rows are in the table's order: words of one fine cluster lie closer than others
    at = {w: k for k, w in enumerate(table)}
    near = float(vectors[at["retook"]] @ vectors[at["recaptured"]])
    far = float(vectors[at["retook"]] @ vectors[at["condemned"]])
    assert near > far


def test_vectors_that_do_not_fit_the_table_are_named(tmp_path) -> None:
    import numpy as np

    from eventwire.errors import DataError
    from eventwire.knowledge.tables import read_word_vectors

    short = tmp_path / "word_vectors.npy"
    np.save(short, np.zeros((3, 4), dtype=np.float16))
    with pytest.raises(DataError, match="word_vectors.npy.*3 words|training/clusters.py"):
        read_word_vectors(short, rows=5)
    broken = tmp_path / "broken.npy"
    broken.write_bytes(b"not numpy")
    with pytest.raises(DataError, match="broken.npy: not a word-vector file"):
        read_word_vectors(broken)
