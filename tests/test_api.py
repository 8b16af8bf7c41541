"""The public Python API is small and curated: __all__ says what it is, and it all works."""

from __future__ import annotations

import eventwire

PUBLIC = {
    "Actor", "Article", "DataError", "DocResult", "Document", "Event", "EventDate",
    "EventwireError", "Evidence", "Extractor", "InputError", "ModelError", "Options", "Place",
    "Reject", "Size", "StoreError", "UsageError", "__version__", "aggregate", "build_options",
    "extract", "ingest_paths", "query", "read_inputs",
}


def test_exported_members_are_the_curated_ones():
    assert set(eventwire.__all__) == PUBLIC


def test_every_exported_member_exists():
    for name in eventwire.__all__:
        assert getattr(eventwire, name) is not None, name


def test_errors_form_one_tree():
    for name in ("DataError", "InputError", "ModelError", "StoreError", "UsageError"):
        assert issubclass(getattr(eventwire, name), eventwire.EventwireError)


def test_ingest_paths_stores_once(tmp_path, extractor):
    article = tmp_path / "a.txt"
    article.write_text("Police arrested 12 protesters in Minsk on Sunday.\n")
    db = str(tmp_path / "events.db")
    first = eventwire.ingest_paths([str(article)], db=db, published="2022-10-11")
    again = eventwire.ingest_paths([str(article)], db=db, published="2022-10-11")
    assert (first.new, first.events) == (1, 1)
    assert again.new == 0


def test_read_inputs_reads_articles_and_names_rejects(tmp_path):
    (tmp_path / "a.txt").write_text("Police arrested 12 protesters in Minsk on Sunday.\n")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01\x02 not text")
    items = list(eventwire.read_inputs([str(tmp_path)], eventwire.build_options()))
    articles = [i for i in items if isinstance(i, eventwire.Article)]
    rejects = [i for i in items if isinstance(i, eventwire.Reject)]
    assert [a.doc_id for a in articles] == ["a"]
    assert "Minsk" in articles[0].text
    assert [r.origin for r in rejects] == [str(tmp_path / "b.bin")]


def test_the_old_readers_module_still_imports_with_a_warning():
    import importlib
    import sys

    import pytest

    from eventwire import readers

    sys.modules.pop("eventwire.ingest", None)
    with pytest.warns(DeprecationWarning, match="eventwire.readers"):
        old = importlib.import_module("eventwire.ingest")
    assert old.read_inputs is readers.read_inputs
    assert old.article_from_text is readers.article_from_text
