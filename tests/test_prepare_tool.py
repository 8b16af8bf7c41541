"""The corpus's draw (training/prepare.py): later rounds keep to their splits."""

from __future__ import annotations

import random

import pytest
from scripts import load_script


@pytest.fixture(scope="module")
def prepare():
    return load_script("training/prepare.py", "prepare_tool")


def _rows(corpus: str, n: int) -> list[dict]:
    """``n`` articles of 400 words, every other one of an international topic."""
    return [{"article_id": f"{corpus}-{k}", "raw": "word " * 400,
             "topic": "world" if k % 2 else "sports"} for k in range(n)]


@pytest.fixture
def sources(prepare, monkeypatch) -> dict[str, list[dict]]:
    made = {"allsides": _rows("allsides", 400),
            "guardian": _rows("guardian", 200),
            "reuters": _rows("reuters", 100)}
    for name, rows in made.items():
        monkeypatch.setattr(prepare, name, lambda shared, rows=rows: iter(rows))
    return made


def test_a_later_round_draws_train_and_dev_articles_only(prepare, sources, tmp_path) -> None:
    have = {"allsides-1", "guardian-2"}
    picked = prepare.draw_more(tmp_path, random.Random(1), have, 60)
    assert len(picked) >= 50
    assert {prepare.split_of(r["article_id"]) for r in picked} <= {"train", "dev"}
    assert not have & {r["article_id"] for r in picked}


def test_a_test_round_draws_test_articles_only(prepare, sources, tmp_path) -> None:
    tests = {r["article_id"] for rows in sources.values() for r in rows
             if prepare.split_of(r["article_id"]) == "test"}
    have = set(sorted(tests)[:5])
    picked = prepare.draw_more(tmp_path, random.Random(1), have, 40, test=True)
    ids = {r["article_id"] for r in picked}
    assert ids and ids <= tests - have
    assert {prepare.split_of(i) for i in ids} == {"test"}
    # the same seed draws the same articles
    again = prepare.draw_more(tmp_path, random.Random(1), have, 40, test=True)
    assert [r["article_id"] for r in again] == [r["article_id"] for r in picked]


def test_a_test_round_needs_a_later_round(prepare, capsys) -> None:
    with pytest.raises(SystemExit):
        prepare.main(["--round", "1", "--test"])
    assert "give --round 2 or more" in capsys.readouterr().err


def test_a_source_date_without_a_year_is_no_date(prepare) -> None:
    # AllSides writes some dates as "10/18/16" and gives a few no year at all ("0001-11-30"):
    # an unknown publication date, not one the pipeline would read relative dates against
    assert prepare._iso_day("10/18/16") == "2016-10-18"
    assert prepare._iso_day("2019-05-02") == "2019-05-02"
    assert prepare._iso_day("0001-11-30") is None
    assert prepare._iso_day(None) is None


def test_a_title_ends_no_annotated_sentence(prepare) -> None:
    # the parser cuts "Officials said Sgt." off its name; the pipeline's own sentences
    # (prefilter.split_sentences) read on, and so must the sentences annotators code
    nlp = prepare.load_splitter()
    raw = ("Officials said Sgt. Bowe Bergdahl was freed on Saturday. He flew home.\n\n"
           "The convoy was stopped, said Supt. Mark Jones. The road was closed.")
    row = {"article_id": "allsides-20001", "raw": raw, "title": None, "source": "allsides",
           "published": None, "url": None, "outlet": None, "topic": "world"}
    assert [s.text for s in nlp("Officials said Sgt. Bowe Bergdahl was freed.").sents][0] \
        == "Officials said Sgt."  # what the parser alone does
    rec = prepare.unit_record(row, nlp)
    assert [rec["text"][a:b] for a, b in rec["sentences"]] == [
        "Officials said Sgt. Bowe Bergdahl was freed on Saturday.", "He flew home.",
        "The convoy was stopped, said Supt. Mark Jones.", "The road was closed."]
    from eventwire.pipeline.clean import clean
    from eventwire.pipeline.prefilter import split_sentences
    from eventwire.records import Article

    doc = clean(Article(doc_id=row["article_id"], text=raw))
    assert [tuple(s) for s in rec["sentences"]] == [
        s for a, b in doc.paragraphs for s in split_sentences(doc.text, a, b)]
