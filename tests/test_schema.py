"""Every record eventwire writes is valid against its copy of event.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from eventwire.records import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads((ROOT / "eventwire" / "data" / "event.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_schema_copy_matches_spec(shared_dir):
    ours = json.loads((ROOT / "eventwire" / "data" / "event.schema.json").read_text())
    spec = json.loads((shared_dir / "spec" / "event.schema.json").read_text())
    assert ours == spec, "eventwire/data/event.schema.json drifted from shared/spec"


def test_event_types_match_schema(validator):
    assert tuple(validator.schema["properties"]["event_type"]["enum"]) == EVENT_TYPES


@pytest.mark.model
def test_seed_events_are_valid(extractor, validator):
    from eventwire import extract

    text = (ROOT / "examples" / "articles" / "seed-astana.txt").read_text()
    events = extract(text, published="2022-10-11", doc_id="seed", extractor=extractor)
    assert len(events) >= 8
    for event in events:
        errors = sorted(validator.iter_errors(event.as_dict()), key=str)
        assert not errors, f"{event.event_type}: {[e.message for e in errors]}"


def test_invalid_record_is_caught(validator):
    """The validator is strict enough to catch a wrong country code and a bad modality."""
    bad = {"schema_version": 1, "event_id": "e-1", "doc_id": "d", "event_type": "CONSULT",
           "mode": None, "context": [], "modality": "maybe", "cameo": "04", "quad_class": 1,
           "actors": [{"text": "x", "name": None, "country": "ru", "sector": None,
                       "kind": "person"}],
           "recipients": [], "date": None, "date_precision": "none", "date_text": None,
           "location": None, "size": {"dead": None, "injured": None, "arrested": None},
           "attribution": None,
           "evidence": {"sentence": "x", "sentence_index": 0, "start": 0, "end": 1, "trigger": "x"},
           "confidence": 0.5}
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "maybe" in messages and "ru" in messages
