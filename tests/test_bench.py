"""bench/throughput.py: the corpus readers, the profile's stage table, and a CI smoke run."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "throughput.py"
CORPORA = ROOT.parent / "shared" / "corpora"


bench = load_script("bench/throughput.py", "throughput")


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora are not beside the project")


PKG = ROOT / "eventwire"
STDLIB = Path(json.__file__).resolve().parents[1]
SITE = Path(importlib.util.find_spec("spacy").origin).resolve().parents[1]  # no import of spaCy


@pytest.mark.parametrize("filename, function, stage", [
    (SCRIPT, "_allsides", "read"),
    (STDLIB / "gzip.py", "read", "read"),
    (STDLIB / "json" / "decoder.py", "decode", "read"),
    (PKG / "readers.py", "read_jsonl", "read"),
    (PKG / "pipeline" / "clean.py", "clean", "clean"),
    (PKG / "pipeline" / "nlp.py", "parse_documents", "parse"),
    (SITE / "spacy" / "language.py", "pipe", "parse"),
    (SITE / "thinc" / "model.py", "predict", "parse"),
    (PKG / "pipeline" / "places.py", "find_places", "places"),
    (PKG / "knowledge" / "gazetteer.py", "lookup", "places"),
    (PKG / "pipeline" / "roles.py", "find", "events"),
    (PKG / "pipeline" / "__init__.py", "_places_by_token", "places"),
    (PKG / "pipeline" / "events.py", "sentence_events", "events"),
    (PKG / "pipeline" / "actors.py", "resolve", "events"),
    (PKG / "pipeline" / "dates.py", "resolve_date", "events"),
    (PKG / "knowledge" / "tables.py", "phrase_entries", "events"),
    (PKG / "pipeline" / "merge.py", "merge_candidates", "merge"),
    (PKG / "pipeline" / "merge.py", "to_event", "merge"),
    (PKG / "pipeline" / "merge.py", "_same_event", "merge"),
    (PKG / "pipeline" / "prefilter.py", "split_sentences", "prefilter"),
    (PKG / "pipeline" / "__init__.py", "units", "prefilter"),
    (PKG / "pipeline" / "__init__.py", "_extract", "events"),
    (PKG / "store" / "store.py", "add", "other"),
    (STDLIB / "functools.py", "wraps", "other"),
    ("~", "<method 'sub' of 're.Pattern' objects>", None),
])
def test_stage_of(filename: Path | str, function: str, stage: str | None) -> None:
    assert bench.stage_of(str(filename), function) == stage


def test_every_pipeline_module_has_a_stage() -> None:
    """The stage table follows the pipeline folder: a module added there needs a row."""
    modules = {path.stem for path in (PKG / "pipeline").glob("*.py")}
    assert modules, "no pipeline folder"
    assert modules <= set(bench.PIPELINE_STAGES), modules - set(bench.PIPELINE_STAGES)
    assert set(bench.PIPELINE_STAGES.values()) <= set(bench.STAGES)
    for module in bench.PACKAGE_STAGES:
        assert (PKG / f"{module}.py").is_file() or (PKG / module).is_dir(), module


def test_builtin_time_goes_to_its_callers() -> None:
    clean = (str(PKG / "pipeline" / "clean.py"), 10, "clean")
    events = (str(PKG / "pipeline" / "events.py"), 20, "sentence_events")
    builtin = ("~", 0, "<method 'sub' of 're.Pattern' objects>")

    class Stats:
        stats: ClassVar[dict] = {
            clean: (1, 1, 1.0, 2.0, {}),
            events: (1, 1, 3.0, 4.0, {}),
            builtin: (4, 4, 2.0, 2.0, {clean: (1, 1, 0.5, 0.5), events: (3, 3, 1.5, 1.5)}),
        }

    totals = bench.stage_seconds(Stats())
    assert totals["clean"] == pytest.approx(1.5)
    assert totals["events"] == pytest.approx(4.5)
    assert sum(totals.values()) == pytest.approx(6.0)


@pytest.mark.parametrize("value, expected", [
    ("26-FEB-1987 15:01:01.79", date(1987, 2, 26)),
    (" 1-MAR-1987 08:22:30.00", date(1987, 3, 1)),
    ("garbled", None),
    ("", None),
])
def test_reuters_date(value: str, expected: date | None) -> None:
    assert bench._reuters_date(value) == expected


def test_reuters_articles() -> None:
    _need(CORPORA / "reuters21578")
    articles = list(bench.read_corpus("reuters", 5))
    assert len(articles) == 5
    for a in articles:
        assert a.doc_id.startswith("reuters-") and a.published and a.published.year == 1987
        assert a.text.strip() and "&lt;" not in a.text and "&#" not in a.text
        assert "</" not in a.text and "<BODY>" not in a.text
        assert not a.text.rstrip().endswith("Reuter")


def test_allsides_articles() -> None:
    _need(CORPORA / "allsides_articles.jsonl.gz")
    articles = list(bench.read_corpus("allsides", 5))
    assert len(articles) == 5
    assert all(a.text.strip() for a in articles)
    assert sum(a.published is not None for a in articles) >= 3
    assert len({a.doc_id for a in articles}) == 5


def test_help_names_the_corpora_and_columns() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True,
                          text=True, check=False, cwd=ROOT)
    assert done.returncode == 0
    for word in ("--corpus", "--n", "--out", "--profile", "--coder", "allsides", "reuters",
                 "peak RSS MB", "cold start s"):
        assert word in done.stdout


NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _run_on_reuters(*args: str) -> subprocess.CompletedProcess[str]:
    """The script run on the Reuters corpus (skipped where it is absent); it must succeed."""
    _need(CORPORA / "reuters21578")
    done = subprocess.run([sys.executable, str(SCRIPT), "--corpus", "reuters", *args],
                          capture_output=True, text=True, check=False, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.mark.model
@pytest.mark.slow
def test_smoke_run_prints_every_row(tmp_path: Path) -> None:
    """The CI smoke run: 20 articles, every configuration; no timing is asserted."""
    out = tmp_path / "bench.json"
    done = _run_on_reuters("--n", "20", "--cold-runs", "1", "--out", str(out))
    lines = [line for line in done.stdout.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header == list(bench.COLUMNS)
    rows = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert len(cells) == len(header), line
        rows[cells[0]] = cells[1:]
    for config in bench.CONFIGS:
        assert config in rows, f"no row for {config}"
        assert all(NUMBER.match(cell) for cell in rows[config]), rows[config]
        assert float(rows[config][0]) > 0  # articles/s
    cold = [name for name in rows if name.startswith("cold: eventwire extract")]
    assert cold and NUMBER.match(rows[cold[0]][4])
    data = json.loads(out.read_text())
    assert [r["config"] for r in data["rows"]] == list(bench.CONFIGS)
    assert all(r["articles"] == 20 and r["words"] > 0 for r in data["rows"])
    assert data["rows"][2]["events"] == data["rows"][3]["events"] > 0  # extract-1 == extract-2


@pytest.mark.model
@pytest.mark.slow
def test_the_profile_of_the_learned_coder_names_it_and_every_stage(tmp_path: Path) -> None:
    out = tmp_path / "profile.json"
    done = _run_on_reuters("--profile", "--coder", "learned", "--n", "3", "--top", "3",
                           "--out", str(out))
    assert done.stdout.startswith("profile: eventwire extract --coder learned (1 process)")
    data = json.loads(out.read_text())["profile"]
    assert data["coder"] == "learned" and data["articles"] == 3
    assert set(data["stages_s"]) == set(bench.STAGES)
    # the learned coder's gate keeps some sentences for the parse and leaves others
    assert 0 < data["parsed_sentences"] <= data["sentences"]
