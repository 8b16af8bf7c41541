"""The public Python API is small and curated: __all__ says what it is, and it all works."""

from __future__ import annotations

import eventwire

PUBLIC = {
    "Actor", "Article", "DataError", "DocResult", "Document", "Event", "EventDate",
    "EventwireError", "Evidence", "Extractor", "InputError", "ModelError", "Options", "Place",
    "Size", "StoreError", "UsageError", "__version__", "build_options", "extract", "ingest_paths",
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
