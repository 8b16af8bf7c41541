"""The explorer page in a real browser: Debian's Chromium driven by playwright-core over the demo
database (examples/corpus), with every request that is not to 127.0.0.1 recorded and refused.

Needs Node.js, ``make assets`` (npm ci and the built page) and /usr/bin/chromium; ``.ci/run``
installs Chromium and sets EVENTWIRE_REQUIRE_BROWSER=1, under which a missing piece is a failure,
not a skip. Also: the page's helpers and the explorer's mount, without a browser.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest

sys.path.insert(0, str(Path(__file__).with_name("browser")))
import harness  # noqa: E402

from eventwire.serve import explorer  # noqa: E402

ROOT = harness.ROOT
VIEWS = ("timeline", "map", "network", "list")


def _need(problem: str | None) -> None:
    if problem is None:
        return
    if os.environ.get("EVENTWIRE_REQUIRE_BROWSER") == "1":
        pytest.fail(problem)
    pytest.skip(problem)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo database of ``make demo``: examples/corpus ingested, published 2022-10-05."""
    import eventwire

    db = str(tmp_path_factory.mktemp("explorer") / "demo.db")
    summary = eventwire.ingest_paths([str(ROOT / "examples" / "corpus")], db=db,
                                     published="2022-10-05")
    assert summary.events > 10, "the demo corpus gives events"
    return db


@pytest.fixture(scope="module")
def seen(demo_db: str) -> dict:
    """What Chromium saw while the driver filtered, zoomed and clicked through the page."""
    _need(harness.missing_tools())
    _need(explorer.assets_missing())
    pytest.importorskip("fastapi", reason="the [web] extra is not installed")
    with sqlite3.connect(demo_db) as conn:
        types = Counter(t for (t,) in conn.execute("SELECT event_type FROM events"))
    # the commonest type, so that the filter keeps some events of every view and drops others
    kind = types.most_common(1)[0][0]
    with harness.serving(harness.explorer_app(demo_db)) as url:
        result = harness.drive("check", url, kind)
        downloads = {}
        for link in result.get("exportLinks", []):
            with urllib.request.urlopen(urljoin(url, link), timeout=30) as response:
                downloads[link] = (response.status, response.headers["Content-Type"],
                                   len(response.read()))
    result["url"], result["type"], result["downloads"] = url, kind, downloads
    return result


@pytest.mark.slow
@pytest.mark.model
def test_the_page_loads_and_nothing_leaves_the_host(seen):
    assert seen["exit"] == 0 and "failure" not in seen, seen.get("failure") or seen["stderr"]
    assert seen["offHost"] == [], "the page asked for something beyond the host"
    assert seen["requests"], "the driver saw the page's requests"
    assert all(r.startswith(seen["url"]) for r in seen["requests"]), seen["requests"]
    asked = {m.group(1) for r in seen["requests"]
             if (m := re.search(r"/api/(events|stats|places|dyads)\?", r))}
    assert asked == {"events", "stats", "places", "dyads"}, "each view reads its endpoint"
    assert seen["consoleErrors"] == []
    before = seen["before"]
    assert before["error"] == ""
    assert int(before["list"]["total"]) > 0 and before["list"]["rows"]
    assert before["timeline"]["bars"] > 0
    assert before["map"]["circles"] > 0 and before["map"]["shadedPaths"] > 0
    assert before["network"]["nodeElements"] > 0 and before["network"]["edgeElements"] > 0


@pytest.mark.slow
@pytest.mark.model
def test_a_filter_changes_every_view(seen):
    before, after, kind = seen["before"], seen["filtered"], seen["type"]
    assert after["error"] == ""
    for view in VIEWS:
        assert after[view]["digest"] != before[view]["digest"], f"the {view} did not change"
    assert 0 < int(after["list"]["total"]) < int(before["list"]["total"])
    assert {row["type"] for row in after["list"]["rows"]} == {kind}
    assert after["timeline"]["barTypes"] == [kind]
    assert 0 < int(after["timeline"]["total"]) < int(before["timeline"]["total"])
    assert int(after["map"]["located"]) < int(before["map"]["located"])
    assert after["network"]["signature"] != before["network"]["signature"]
    assert int(after["network"]["nodes"]) < int(before["network"]["nodes"])
    assert f"type={kind}" in after["hash"], "the filter is kept in the address"


@pytest.mark.slow
@pytest.mark.model
def test_clicking_an_event_shows_its_sentence(seen, demo_db):
    detail = seen["detail"]
    assert detail["visible"] and detail["eventId"] == seen["clicked"]
    with sqlite3.connect(demo_db) as conn:
        sentence, trigger = conn.execute(
            "SELECT ev_sentence, ev_trigger FROM events WHERE event_id = ?",
            (detail["eventId"],)).fetchone()
    assert detail["sentence"] == sentence
    marks = {m["kind"]: m["text"] for m in detail["marks"]}
    assert marks.get("m-trigger") == trigger
    assert "m-actor" in marks or "m-recipient" in marks, detail["marks"]
    assert detail["fields"]["Modality"] in {"asserted", "future", "hypothetical", "negated"}
    assert 0 <= float(detail["fields"]["Confidence"]) <= 1


@pytest.mark.slow
@pytest.mark.model
def test_dragging_across_the_timeline_zooms_every_view(seen):
    whole, zoomed = seen["reset"], seen["zoomed"]
    assert whole["list"]["total"] == seen["before"]["list"]["total"], "Reset shows everything"
    since, until = seen["zoomedDates"]
    assert since and until and since <= until
    assert f"since={since}" in zoomed["hash"]
    assert 0 < int(zoomed["list"]["total"]) < int(whole["list"]["total"])
    for view in VIEWS:
        assert zoomed[view]["digest"] != whole[view]["digest"], f"the {view} did not follow"


@pytest.mark.slow
@pytest.mark.model
def test_a_network_node_filters_by_keyboard_and_exports_follow(seen):
    actor = seen["keyboardActor"]
    assert actor and seen["actorField"] == actor
    after = seen["actorFiltered"]
    assert 0 < int(after["list"]["total"]) < int(seen["before"]["list"]["total"])
    from eventwire.serve.api import EXPORT_TYPES

    links = seen["exportLinks"]
    formats = {re.search(r"[?&]format=([\w-]+)", link).group(1) for link in links}
    assert formats == set(EXPORT_TYPES), "every format of the API is offered"
    assert all(f"actor={actor}" in link for link in links), "the export is of this view"
    for link, (status, media, size) in seen["downloads"].items():
        assert status == 200 and size > 0, link
        assert media.split(";")[0] == EXPORT_TYPES[re.search(r"format=([\w-]+)", link)
                                                      .group(1)][0], link


@pytest.mark.slow
@pytest.mark.model
def test_the_visible_map_area_filters_every_view_by_keyboard(seen, demo_db):
    import eventwire

    bbox = seen["areaBbox"]
    west, south, east, north = (float(v) for v in bbox.split(","))
    assert -180 < west < east < 180 and -90 <= south < north <= 90, bbox  # zoomed in: narrower
    assert f"bbox={bbox.replace(',', '%2C')}" in seen["areaFiltered"]["hash"]
    assert any("/api/events?" in r and "bbox=" in r for r in seen["requests"])
    placed = eventwire.query(demo_db, bbox=bbox, modality="asserted")
    assert int(seen["areaFiltered"]["list"]["total"]) == len(placed) > 0
    assert int(seen["areaFiltered"]["map"]["located"]) < int(seen["areaBefore"]["map"]["located"])
    with sqlite3.connect(demo_db) as conn:
        for row in seen["areaFiltered"]["list"]["rows"]:
            lat, lon = conn.execute("SELECT loc_lat, loc_lon FROM events WHERE event_id = ?",
                                    (row["id"],)).fetchone()
            assert south <= lat <= north and west <= lon <= east, (row, lat, lon)
    assert seen["areaCleared"]["list"]["total"] == seen["areaBefore"]["list"]["total"]
    assert "bbox" not in seen["areaCleared"]["hash"]


def test_missing_assets_name_the_command(tmp_path):
    problem = explorer.assets_missing(tmp_path)
    assert problem and explorer.BUILD_COMMAND in problem and str(tmp_path) in problem


def test_the_mount_serves_the_page_with_a_strict_policy_or_says_what_to_run(tmp_path):
    fastapi = pytest.importorskip("fastapi", reason="the [web] extra is not installed")
    from fastapi.testclient import TestClient

    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("<!doctype html><title>x</title><p>explorer</p>")
    app = fastapi.FastAPI()

    @app.get("/api/ping")
    def ping() -> dict[str, bool]:
        return {"ok": True}

    assert explorer.mount_explorer(app, built) is True
    assert explorer.mount_explorer(app, built) is True, "a second mount is a no-op"
    client = TestClient(app)
    page = client.get("/")
    assert page.status_code == 200 and "explorer" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/api/ping").json() == {"ok": True}, "the API is not shadowed"

    bare = fastapi.FastAPI()
    assert explorer.mount_explorer(bare, tmp_path / "nothing") is False
    missing = TestClient(bare).get("/")
    assert missing.status_code == 503 and explorer.BUILD_COMMAND in missing.text


def _units(calls: list) -> list:
    import json
    import shutil
    import subprocess

    if shutil.which("node") is None or not (ROOT / "node_modules" / "d3").is_dir():
        _need("Node.js and the npm packages are needed: run `make assets`")
    done = subprocess.run(["node", str(harness.DRIVER.with_name("units.mjs")), json.dumps(calls)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(("period", "first_day"), [
    ("2022-10-13", "2022-10-13"),
    ("2022-W41", "2022-10-10"),  # ISO week 41 of 2022 starts on Monday 10 October
    ("2021-W01", "2021-01-04"),  # 1 January 2021 is a Friday: week 1 starts on the 4th
    ("2020-W53", "2020-12-28"),
    ("2022-10", "2022-10-01"),
    ("not a period", None),
])
def test_timeline_periods_start_on_their_first_day(period, first_day):
    assert _units([["day", [period]]]) == [first_day]


def test_the_timeline_counts_by_day_within_a_year_else_by_week():
    assert _units([["periodOf", ["2022-01-01", "2022-12-31"]],
                   ["periodOf", ["2021-01-01", "2022-12-31"]],
                   ["periodOf", ["", ""]]]) == ["day", "week", "week"]


@pytest.mark.parametrize(("sentence", "marks", "parts"), [
    ("Iran denied sending drones to Ukraine.",
     [["Iran", "actor"], ["denied", "trigger"], ["Ukraine", "place"]],
     [["Iran", "actor"], [" ", None], ["denied", "trigger"], [" sending drones to ", None],
      ["Ukraine", "place"], [".", None]]),
    # a mark found only in another case is still marked; one overlapping an earlier is not
    ("Protesters rallied in Colombo.", [["protesters", "actor"], ["Colombo", "recipient"],
                                        ["Colombo", "place"]],
     [["Protesters", "actor"], [" rallied in ", None], ["Colombo", "recipient"], [".", None]]),
    # a mark that is not in the sentence (a resolved name) leaves it plain
    ("Talks resumed.", [["Moscow", "actor"], ["resumed", "trigger"], [None, "place"]],
     [["Talks ", None], ["resumed", "trigger"], [".", None]]),
])
def test_the_sentence_marks_each_part_once(sentence, marks, parts):
    assert _units([["markSentence", [sentence, marks]]]) == [parts]
