"""The read-only REST API (``eventwire serve``) through FastAPI's test client, on SQLite and
PostgreSQL, and a schema-driven fuzz of every operation of its OpenAPI description."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from query_fixtures import AGGREGATES, fill

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from eventwire.cli import cli  # noqa: E402
from eventwire.errors import UsageError  # noqa: E402
from eventwire.serve.api import MAX_PAGE, create_app  # noqa: E402
from eventwire.store.store import SqlStore  # noqa: E402


@pytest.fixture
def client(store: SqlStore) -> TestClient:
    fill(store)
    return TestClient(create_app(store))


def get(client: TestClient, path: str, status: int = 200, **params) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    return response.json()


def test_events_page_through_with_a_total(client: TestClient) -> None:
    first = get(client, "/api/events", limit=3)
    assert first["total"] == AGGREGATES and len(first["items"]) == 3
    rest = get(client, "/api/events", limit=3, offset=3)
    last = get(client, "/api/events", limit=3, offset=6)
    ids = [e["global_event_id"] for page in (first, rest, last) for e in page["items"]]
    assert len(ids) == len(set(ids)) == AGGREGATES
    record = first["items"][0]
    for key in ("published", "source", "modality", "source_url", "coder_version",
                "date_basis", "num_sources"):
        assert key in record


def test_events_sort(client: TestClient) -> None:
    by_sources = get(client, "/api/events", sort="-sources")["items"]
    assert by_sources[0]["num_sources"] == 3 and by_sources[0]["event_type"] == "ASSAULT"
    dates = [e["date"] for e in get(client, "/api/events")["items"]]
    assert dates[:4] == sorted(dates[:4]) and dates[4:] == [None] * 3  # undated ones last
    assert [e["date"] for e in get(client, "/api/events", sort="-date")["items"]][3:] == \
        sorted(dates[:4], reverse=True)


@pytest.mark.parametrize("params, expected", [
    ({"actor": "Russia"}, {"ASSAULT", "CONSULT"}),
    ({"type": ["AID", "SANCTION"], "modality": ["negated"]}, {"SANCTION"}),
    ({"modality": "asserted", "since": "2022-10-11", "until": "2022-10-31"},
     {"ACCUSE", "AID"}),
    ({"dyad": "RUS-UKR", "directed": "false"}, {"ASSAULT", "ACCUSE"}),
    ({"place": "Kyiv"}, {"ASSAULT"}),
    ({"min_sources": 3}, {"ASSAULT"}),
    ({"text": "generators"}, {"AID"}),
])
def test_events_filters(client: TestClient, params: dict, expected: set[str]) -> None:
    assert {e["event_type"] for e in get(client, "/api/events", **params)["items"]} == expected


@pytest.mark.parametrize("params, status, named", [
    ({"actor": "XYZ"}, 400, "XYZ"),
    ({"type": "FIGHT"}, 400, "FIGHT"),
    ({"since": "2022-12-01", "until": "2022-01-01"}, 400, "2022-12-01"),
    ({"source": "Pravda"}, 400, "Pravda"),
    ({"actor": "a\x00b"}, 400, "NUL"),
    ({"limit": MAX_PAGE + 1}, 422, "limit"),
    ({"limit": 0}, 422, "limit"),
    ({"offset": -1}, 422, "offset"),
    ({"min_confidence": 2}, 422, "min_confidence"),
    ({"modality": "certain"}, 422, "modality"),
    ({"sort": "colour"}, 422, "sort"),
    ({"bbox": "1,2,3"}, 400, "--bbox '1,2,3'"),
    ({"bbox": "0,0,200,10"}, 400, "east 200"),
])
def test_wrong_values_are_client_errors_that_name_them(client: TestClient, params: dict,
                                                       status: int, named: str) -> None:
    body = get(client, "/api/events", status, **params)
    assert named in json.dumps(body)


def test_one_event_with_evidence_mentions_and_articles(client: TestClient) -> None:
    strike = get(client, "/api/events", type="ASSAULT")["items"][0]
    detail = get(client, f"/api/events/{strike['event_id']}")
    assert detail["event_type"] == "ASSAULT" and detail["num_sources"] == 3
    assert detail["evidence_sentences"][0]["sentence"].startswith("Russian forces struck Kyiv")
    assert len(detail["mentions"]) == 1  # the other article's report of the same strike
    assert detail["mentions"][0]["event_id"] != strike["event_id"]
    assert sorted(a["doc_id"] for a in detail["articles"]) == ["daily-1", "post-1", "wire-1"]
    assert {a["source"] for a in detail["articles"]} == {"Wire", "Daily", "Post"}
    aid = get(client, "/api/events", type="AID", modality="asserted")["items"][0]
    assert len(get(client, f"/api/events/{aid['event_id']}")["evidence_sentences"]) == 2
    assert "no event" in get(client, "/api/events/e-nothing", 404)["detail"]
    assert "no event" in get(client, "/api/events/e-%00", 404)["detail"]  # PostgreSQL refuses NUL


def test_actors_search_and_count(client: TestClient) -> None:
    found = get(client, "/api/actors", q="PUT")["items"]
    assert found == [{"name": "Vladimir Putin", "country": "RUS", "sector": "GOV",
                      "role": "actor", "events": 1}]
    recipients = get(client, "/api/actors", role="recipient")["items"]
    # Ukraine as a state (the strikes' target, twice) and as its government (aid, twice)
    assert recipients[:3] == [
        {"name": "RUS", "country": "RUS", "sector": "GOV", "role": "recipient", "events": 2},
        {"name": "UKR", "country": "UKR", "sector": None, "role": "recipient", "events": 2},
        {"name": "UKR", "country": "UKR", "sector": "GOV", "role": "recipient", "events": 2}]
    assert get(client, "/api/actors", actor="France")["items"][0]["country"] == "FRA"


def test_places_are_geojson_aggregated_by_place(client: TestClient) -> None:
    places = get(client, "/api/places")
    assert places["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in places["features"]}
    assert set(by_name) == {"Astana", "Kyiv", "Paris"}
    kyiv = by_name["Kyiv"]
    assert kyiv["geometry"] == {"type": "Point", "coordinates": [30.5238, 50.45466]}
    assert (kyiv["properties"]["events"], kyiv["properties"]["aggregates"]) == (2, 1)
    assert [f["properties"]["name"]
            for f in get(client, "/api/places", country="KAZ")["features"]] == ["Astana"]


def test_every_filtering_endpoint_takes_the_map_area(client: TestClient) -> None:
    kyiv = {"bbox": "22.1,44.3,40.2,52.4", "modality": "all"}
    assert [e["event_type"] for e in get(client, "/api/events", **kyiv)["items"]] == ["ASSAULT"]
    assert [f["properties"]["name"] for f in get(client, "/api/places", **kyiv)["features"]] \
        == ["Kyiv"]
    assert [(r["group"], r["events"]) for r in get(client, "/api/stats", by="dyad",
                                                  **kyiv)["items"]] == [("RUS-UKR", 1)]
    assert [(e["source"], e["target"]) for e in get(client, "/api/dyads", **kyiv)["items"]] \
        == [("RUS", "UKR")]
    assert {a["country"] for a in get(client, "/api/actors", role="actor", **kyiv)["items"]} \
        == {"RUS"}
    exported = client.get("/api/export", params={"format": "geojson", **kyiv})
    assert [f["properties"]["event_type"] for f in exported.json()["features"]] == ["ASSAULT"]
    for path in ("/api/events", "/api/places", "/api/stats", "/api/dyads", "/api/actors",
                 "/api/export"):
        assert "--bbox" in get(client, path, 400, bbox="0,0,10")["detail"], path


def test_stats_and_dyads(client: TestClient) -> None:
    stats = get(client, "/api/stats", per="week", by="dyad")
    assert stats["items"][0] == {"period": "2022-W41", "group": "RUS-UKR", "events": 1,
                                 "goldstein_sum": -10.0, "sources": 3}
    assert stats["filters"]["modalities"] == ["asserted"]
    every = get(client, "/api/stats", per="month", modality="all")
    assert sum(r["events"] for r in every["items"]) == AGGREGATES
    edges = {(e["source"], e["target"]): e for e in get(client, "/api/dyads")["items"]}
    assert set(edges) == {("RUS", "UKR"), ("UKR", "RUS"), ("FRA", "UKR"), ("FRA", "DEU")}
    assert edges[("RUS", "UKR")] == {"source": "RUS", "target": "UKR", "events": 1,
                                     "goldstein_sum": -10.0, "goldstein_mean": -10.0,
                                     "sources": 1}
    assert ("TUR", "RUS") not in edges  # the negated sanction is no edge
    assert ("TUR", "RUS") in {(e["source"], e["target"])
                              for e in get(client, "/api/dyads", modality="all")["items"]}


@pytest.mark.parametrize("fmt, check", [
    ("plover", lambda body: len(body.decode().splitlines()) == 2),
    ("csv", lambda body: [r["event_type"] for r in csv.DictReader(
        io.StringIO(body.decode()))] == ["ASSAULT", "CONSULT"]),
    ("gdelt", lambda body: len(body.decode().splitlines()) == 1),  # asserted only
    ("gdelt-mentions", lambda body: len(body.decode().splitlines()) >= 3),
    ("geojson", lambda body: len(json.loads(body)["features"]) == 2),
    ("gexf", lambda body: b'source="RUS" target="UKR"' in body and b"<gexf" in body),
    ("parquet", lambda body: body[:4] == b"PAR1"),
])
def test_exports_of_the_current_filter(client: TestClient, fmt: str, check) -> None:
    response = client.get("/api/export", params={"format": fmt, "actor": "RUS"})
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    assert check(response.content)


def test_the_api_is_read_only_and_described(client: TestClient) -> None:
    spec = get(client, "/api/openapi.json")
    assert set(spec["paths"]) >= {"/api/events", "/api/events/{event_id}", "/api/actors",
                                  "/api/places", "/api/stats", "/api/dyads", "/api/export"}
    for path, operations in spec["paths"].items():
        assert set(operations) == {"get"}, path
    assert client.post("/api/events").status_code == 405
    assert client.delete("/api/events/e-1").status_code == 405


def test_serve_binds_localhost_unless_told(monkeypatch: pytest.MonkeyPatch, db: str,
                                           store: SqlStore) -> None:
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    assert CliRunner().invoke(cli, ["serve", "--db", db]).exit_code == 0
    assert CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0", "--port",
                                    "9000"]).exit_code == 0
    assert [(c["host"], c["port"]) for c in calls] == [("127.0.0.1", 8000), ("0.0.0.0", 9000)]


def test_serve_mounts_the_explorer_or_names_the_command(monkeypatch: pytest.MonkeyPatch,
                                                        db: str, store: SqlStore,
                                                        tmp_path) -> None:
    import uvicorn

    from eventwire.serve import explorer

    apps: list = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append(app))
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("<!doctype html><title>x</title><p>the explorer</p>")
    monkeypatch.setattr(explorer, "STATIC_DIR", built)
    result = CliRunner().invoke(cli, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    assert explorer.BUILD_COMMAND not in result.stderr
    client = TestClient(apps[-1])
    assert "the explorer" in client.get("/").text
    assert client.get("/api/events").json()["total"] == 0
    assert "/api/events" in client.get("/api/openapi.json").json()["paths"]

    monkeypatch.setattr(explorer, "STATIC_DIR", tmp_path / "never-built")
    result = CliRunner().invoke(cli, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    assert f"run `{explorer.BUILD_COMMAND}`" in result.stderr
    client = TestClient(apps[-1])
    assert client.get("/").status_code == 503
    assert client.get("/api/events").status_code == 200, "the API works without the page"


def test_a_missing_web_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from eventwire.serve import require_web

    real = builtins.__import__

    def no_fastapi(name: str, *args, **kwargs):
        if name == "fastapi":
            raise ImportError("No module named 'fastapi'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_fastapi)
    with pytest.raises(UsageError, match=r"pip install 'eventwire\[web\]'"):
        require_web()
    result = CliRunner().invoke(cli, ["serve"])
    assert isinstance(result.exception, UsageError) and "fastapi" in str(result.exception)


# ---- the fuzz --------------------------------------------------------------------------------

FUZZ_EXAMPLES = 200
"""Examples per operation (pinned: at least 200)."""


@pytest.mark.slow
def test_no_operation_answers_500_to_anything_its_description_allows(client: TestClient
                                                                      ) -> None:
    """schemathesis draws requests from the OpenAPI description, FUZZ_EXAMPLES per operation,
    and checks that none gets a server error (and that responses match the description)."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_asgi("/api/openapi.json", client.app)
    failures: list[str] = []
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:
        drawn = _fuzz(operation, failures, settings, given, HealthCheck)
        assert drawn == FUZZ_EXAMPLES, (operation.label, drawn)
    assert failures == []


def _fuzz(operation, failures: list[str], settings, given, health) -> int:
    """Call ``operation`` with FUZZ_EXAMPLES drawn requests; note every 5xx in ``failures``;
    return how many were drawn."""
    seen = [0]

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(health))
    @given(case=operation.as_strategy())
    def check(case) -> None:
        seen[0] += 1
        response = case.call()
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.path} {case.path_parameters} {case.query}: "
                            f"{response.status_code} {response.text[:200]}")

    check()
    return seen[0]
