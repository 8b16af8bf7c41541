"""Throughput of eventwire against spaCy's bare parse of the same articles, side by side.

Each configuration runs in a fresh Python process (so its peak memory is its own, and the model
load is timed apart from the rate) on the same first N articles of a corpus, read as a stream:

  bare-1, bare-2        nlp.pipe of the article texts with the same model, 1 and 2 processes,
                        every component spaCy's own (eventwire's faster attribute ruler
                        matching, pipeline/nlp.py RulerIndex, is eventwire's, not the anchor's)
  extract-1, extract-2  eventwire extraction (Extractor.run; 2 workers: pipeline.parallel)
  learned-1, learned-2  the same with the learned gate, triggers and arguments (--coder learned)
  ingest-1, ingest-2    the same, deduplicated and stored in a fresh SQLite database

Then ``eventwire extract`` is run as a command on one short article, cold (wall time with
Python start, imports and the model load; with ``--coder learned`` where a learned
configuration is among those run). ``--profile`` instead profiles the extraction of N
articles in this process and prints where the time goes, stage by stage.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gzip
import html
import json
import os
import platform
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout: import the checkout's eventwire
    sys.path.insert(0, str(ROOT))

from eventwire.records import Article  # noqa: E402 - after the path is set

_T0 = time.perf_counter()

SHARED = ROOT.parent / "shared"
CORPORA = {
    "allsides": SHARED / "corpora" / "allsides_articles.jsonl.gz",
    "reuters": SHARED / "corpora" / "reuters21578",
}
SHORT_ARTICLE = SHARED / "seed" / "article.txt"
CONFIGS = ("bare-1", "bare-2", "extract-1", "extract-2", "learned-1", "learned-2", "ingest-1",
           "ingest-2")
BASELINE = "bare-1"
COLUMNS = ("configuration", "articles/s", "words/s", "CPU ms/article", "peak RSS MB",
           "cold start s", "x bare-1", "x bare same procs", "x bare-1 by CPU")
SAMPLE_SECONDS = 0.1
RESULT_PREFIX = "THROUGHPUT-RESULT "

EPILOG = """\
columns:
  articles/s, words/s  articles (and their whitespace-separated words) per second, from the
                       first article read to the last result, the model load excluded
  CPU ms/article       CPU time (user + system) of the whole process tree per article, over
                       the same span: the cost of an article whatever else the machine runs
  peak RSS MB          the largest total resident memory of the configuration's process tree
                       (the process and its workers, sampled every 0.1 s from /proc; where
                       /proc is absent, getrusage peaks of the process and of its children)
  cold start s         Python start, imports and model load(s) before the first article
  x bare-1             articles/s divided by that of bare-1 (spaCy, 1 process)
  x bare same procs    divided by the bare parse with as many processes as workers
  x bare-1 by CPU      bare-1's CPU per article divided by this one's (above 1: cheaper)

examples:
  python bench/throughput.py --n 1000 --out bench/results.json
  python bench/throughput.py --corpus reuters --n 500 --configs bare-1,extract-1
  python bench/throughput.py --profile --n 200
  python bench/throughput.py --profile --coder learned --n 200
"""


# ---- corpora -------------------------------------------------------------------------------------


def read_corpus(corpus: str, n: int | None = None) -> Iterator[Article]:
    """The first ``n`` articles with text of a corpus, streamed."""
    reader = _allsides if corpus == "allsides" else _reuters
    return islice(reader(CORPORA[corpus]), n)


def _allsides(path: Path) -> Iterator[Article]:
    """AllSides JSONL: ``content_original`` with its ``date``, ``title``, ``source``, ``url``."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            row = json.loads(line)
            text = row.get("content_original") or ""
            if not text.strip():
                continue
            yield Article(doc_id=str(row.get("ID") or f"allsides-{number}"), text=text,
                          title=row.get("title") or None, url=row.get("url") or None,
                          published=_iso_date(row.get("date")), source=row.get("source") or None,
                          origin=f"{path.name}:{number}")


_REUTERS = re.compile(r'<REUTERS[^>]*?NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.DOTALL)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL)
          for name in ("DATE", "TITLE", "BODY")}
_TAIL = re.compile(r"\s*(?:Reuters?)?\s*(?:&#3;|\x03)?\s*$")


def _reuters(folder: Path) -> Iterator[Article]:
    """Reuters-21578 SGML: one article per ``<REUTERS>`` with a ``<BODY>``, dated by ``<DATE>``."""
    for path in sorted(folder.glob("*.sgm")):
        data = path.read_text(encoding="latin-1")  # one file (about 1.3 MB) at a time
        for match in _REUTERS.finditer(data):
            record = match.group(2)
            body = _FIELD["BODY"].search(record)
            if body is None:
                continue
            text = html.unescape(_TAIL.sub("", body.group(1)))
            if not text.strip():
                continue
            title = _FIELD["TITLE"].search(record)
            when = _FIELD["DATE"].search(record)
            yield Article(doc_id=f"reuters-{match.group(1)}", text=text,
                          title=html.unescape(title.group(1)).strip() if title else None,
                          published=_reuters_date(when.group(1)) if when else None,
                          source="Reuters", origin=f"{path.name}#{match.group(1)}")


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _reuters_date(value: str) -> date | None:
    try:
        return datetime.strptime(value.split()[0], "%d-%b-%Y").date()
    except (ValueError, IndexError):
        return None


def words(text: str) -> int:
    return len(text.split())


# ---- one configuration, in its own process -------------------------------------------------------


class Counted:
    """Articles of the corpus, counting articles and words as they are taken."""

    def __init__(self, corpus: str, n: int) -> None:
        self.source = read_corpus(corpus, n)
        self.articles = 0
        self.words = 0

    def __iter__(self) -> Iterator[Article]:
        for article in self.source:
            self.articles += 1
            self.words += words(article.text)
            yield article

    def texts(self) -> Iterator[str]:
        return (a.text for a in self)


class Window:
    """The measured part of a run: wall and CPU seconds (process tree) from start to stop."""

    def __init__(self) -> None:
        self.started = self.seconds = self.cpu = 0.0

    def start(self) -> None:
        self.started = time.perf_counter()
        self.cpu = tree_cpu_seconds()

    def stop(self) -> None:
        self.seconds = time.perf_counter() - self.started
        self.cpu = tree_cpu_seconds() - self.cpu


def run_config(name: str, corpus: str, n: int, batch_size: int) -> dict[str, Any]:
    """Run one configuration here; the rate excludes the model load, reported apart."""
    kind, procs = name.split("-")
    stream = Counted(corpus, n)
    window = Window()
    counts: dict[str, int] = {}
    if kind == "bare":
        events = _bare(stream, int(procs), batch_size, window)
    else:
        events = _eventwire(kind, stream, int(procs), batch_size, window, counts)
    return {"config": name, "articles": stream.articles, "words": stream.words,
            "events": events, **counts, "cold_s": window.started - _process_start(),
            "seconds": window.seconds, "cpu_s": window.cpu, **_rusage_mb()}


def _bare(stream: Counted, processes: int, batch_size: int, window: Window) -> int:
    """spaCy alone: ``nlp.pipe`` of the article texts, every component of the model as spaCy
    runs it (the attribute ruler with spaCy's own matcher, not eventwire's ``RulerIndex``)."""
    from eventwire.pipeline.nlp import load_nlp

    nlp = load_nlp(indexed_ruler=False)
    window.start()
    for _doc in nlp.pipe(stream.texts(), batch_size=batch_size, n_process=processes):
        pass
    window.stop()
    return 0


def _eventwire(kind: str, stream: Counted, workers: int, batch_size: int, window: Window,
               counts: dict[str, int]) -> int:
    """``extract``: events of every article (``learned``: by the learned coder); ``ingest``:
    stored in a fresh SQLite database."""
    from eventwire.store.ingest import ingest
    from eventwire.options import build_options
    from eventwire.pipeline.parallel import ParallelExtractor
    from eventwire.store.store import open_store

    options = build_options(batch_size=batch_size, workers=workers,
                            coder="learned" if kind == "learned" else "rules")
    pool: ParallelExtractor | None = None
    if workers == 1:
        from eventwire.pipeline import Extractor

        extract: Any = Extractor(options).run
    else:
        pool = ParallelExtractor(options, workers)
        pool.start()
        extract = pool.run
    try:
        if kind in ("extract", "learned"):
            window.start()
            events = sum(len(result.events) for result in extract(stream))
            window.stop()
            return events
        with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as folder:
            store = open_store(str(Path(folder) / "bench.db"))
            try:
                window.start()
                summary = ingest(stream, store, extract, published=options.published)
                window.stop()
            finally:
                store.close()
        counts.update(new=summary.new, duplicate=summary.duplicate)
        return summary.events
    finally:
        if pool is not None:
            pool.close()


def _process_start() -> float:
    """This process's start on the ``perf_counter`` clock (0 seconds ago where unknown)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        age = uptime - ticks / os.sysconf("SC_CLK_TCK")
        return time.perf_counter() - age
    except (OSError, ValueError, IndexError):
        return _T0


def _rusage_mb() -> dict[str, float]:
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)  # KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return {"maxrss_self_mb": round(own, 1), "maxrss_children_mb": round(kids, 1)}


# ---- the parent: run every configuration in a fresh process, sample its memory -------------------


def process_tree(root: int) -> set[int]:
    """``root`` and its live descendants, from /proc (empty where /proc is absent)."""
    tree: set[int] = set()
    frontier = [root]
    while frontier:
        pid = frontier.pop()
        if pid in tree:
            continue
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            continue
        tree.add(pid)
        for task in tasks:
            try:
                frontier.extend(int(c) for c in (task / "children").read_text().split())
            except (OSError, ValueError):
                continue
    return tree


def tree_cpu_seconds() -> float:
    """CPU seconds (user + system) of this process, its finished children, and its live
    descendants."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for pid in process_tree(os.getpid()) - {os.getpid()}:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, ValueError, IndexError):
            continue
    return total


class TreeSampler(threading.Thread):
    """Samples the total resident memory of a process and all its descendants from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    @staticmethod
    def available() -> bool:
        return Path("/proc/self/statm").exists()

    def run(self) -> None:
        start = time.perf_counter()
        while not self.stop.is_set():
            self.samples.append((time.perf_counter() - start, self.tree_rss_mb()))
            self.stop.wait(SAMPLE_SECONDS)

    def tree_rss_mb(self) -> float:
        total = 0
        for pid in process_tree(self.pid):
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            except (OSError, ValueError, IndexError):
                continue
        return total * self.page / 2**20

    def peak(self) -> float:
        return max((mb for _, mb in self.samples), default=0.0)

    def deciles(self) -> list[float]:
        """Peak memory in each tenth of the run: flat when memory does not grow with input."""
        if not self.samples:
            return []
        end = self.samples[-1][0] or 1.0
        out = [0.0] * 10
        for t, mb in self.samples:
            i = min(9, int(10 * t / end))
            out[i] = max(out[i], mb)
        return [round(mb, 1) for mb in out]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def measure(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run configuration ``name`` in a fresh process and add its rates and peak memory."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name, "--corpus",
           args.corpus, "--n", str(args.n), "--batch-size", str(args.batch_size)]
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid) if TreeSampler.available() else None
    if sampler:
        sampler.start()
    out, err = proc.communicate()
    if sampler:
        sampler.stop.set()
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"throughput: configuration {name} failed (exit {proc.returncode}):\n"
                         f"{err.strip()[-3000:]}")
    lines = [line for line in out.splitlines() if line.startswith(RESULT_PREFIX)]
    if not lines:
        raise SystemExit(f"throughput: configuration {name} printed no result:\n{err[-3000:]}")
    row = json.loads(lines[-1][len(RESULT_PREFIX):])
    seconds = row["seconds"] or 1e-9
    rusage_peak = row["maxrss_self_mb"] + row["maxrss_children_mb"]
    row.update(
        articles_per_s=row["articles"] / seconds,
        words_per_s=row["words"] / seconds,
        cpu_ms_per_article=1000 * row["cpu_s"] / max(row["articles"], 1),
        peak_rss_mb=round(max(sampler.peak(), row["maxrss_self_mb"]) if sampler
                          else rusage_peak, 1),
        rss_deciles_mb=sampler.deciles() if sampler else [],
        loadavg_before=load_before,
        loadavg_after=os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    )
    return row


def cold_short(args: argparse.Namespace) -> dict[str, Any] | None:
    """``eventwire extract`` on one short article, as a command: wall seconds, ``runs`` times;
    by the learned coder where a learned configuration is run (issue 12 asks its cold start)."""
    if args.cold_runs < 1 or not args.short.is_file():
        return None
    coder = "learned" if any(c.startswith("learned") for c in args.config_list) else "rules"
    cmd = [sys.executable, "-m", "eventwire.cli", "extract", str(args.short), "--format", "jsonl",
           "--coder", coder]
    times, events = [], 0
    for _ in range(args.cold_runs):
        t = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=_child_env(), capture_output=True, text=True,
                              check=False)
        times.append(time.perf_counter() - t)
        if done.returncode != 0:
            raise SystemExit(f"throughput: eventwire extract failed on {args.short}:\n"
                             f"{done.stderr.strip()[-3000:]}")
        events = sum(1 for line in done.stdout.splitlines() if line.strip())
    return {"article": str(args.short), "words": words(args.short.read_text(encoding="utf-8")),
            "coder": coder, "events": events, "runs_s": [round(t, 2) for t in times],
            "min_s": min(times), "median_s": statistics.median(times)}


def table(rows: list[dict[str, Any]], cold: dict[str, Any] | None) -> str:
    """The result table, as Markdown."""
    rate = {r["config"]: r["articles_per_s"] for r in rows}
    cpu = {r["config"]: r["cpu_ms_per_article"] for r in rows}
    lines = ["| " + " | ".join(COLUMNS) + " |",
             "|" + "|".join(["---"] + ["---:"] * (len(COLUMNS) - 1)) + "|"]
    for r in rows:
        procs = r["config"].split("-")[1]
        lines.append("| " + " | ".join([
            r["config"], f"{r['articles_per_s']:.2f}", f"{r['words_per_s']:.0f}",
            f"{r['cpu_ms_per_article']:.0f}", f"{r['peak_rss_mb']:.0f}", f"{r['cold_s']:.1f}",
            _ratio(r["articles_per_s"], rate.get(BASELINE)),
            _ratio(r["articles_per_s"], rate.get(f"bare-{procs}")),
            _ratio(cpu.get(BASELINE), r["cpu_ms_per_article"]),
        ]) + " |")
    if cold is not None:
        lines.append(f"| cold: eventwire extract --coder {cold.get('coder', 'rules')}, 1 article "
                     f"({cold['words']} words) |"
                     + " |" * 4 + f" {cold['median_s']:.1f} |" + " |" * 3)
    return "\n".join(lines)


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}" if value and base else "n/a"


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        memory = 0.0
    import spacy

    from eventwire.pipeline.nlp import MODEL_PACKAGE

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory, 1),
            "python": platform.python_version(), "spacy": spacy.__version__,
            "model": MODEL_PACKAGE, "platform": platform.platform(), "code": code_version()}


def code_version() -> str | None:
    """The checkout's commit, marked ``+changes`` when eventwire/ has uncommitted edits."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "eventwire"], cwd=ROOT,
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+changes" if dirty else "")


# ---- profile -------------------------------------------------------------------------------------

STAGES = ("read", "clean", "prefilter", "parse", "places", "events", "merge", "other")
PIPELINE_STAGES = {
    "clean": "clean", "prefilter": "prefilter", "gate": "prefilter", "nlp": "parse",
    "places": "places", "triggers": "events", "arguments": "events", "article": "events",
    "events": "events", "roles": "events", "actors": "events", "dates": "events",
    "sectors": "events",
    "merge": "merge", "__init__": "events", "parallel": "other",
}
"""The profile's stage of each module of ``eventwire/pipeline/`` (the folder holds one module per
stage, the learned ones of STYLE.md included; ``tests/test_bench.py`` checks that every module
there has a row)."""
PACKAGE_STAGES = {"readers": "read", "knowledge/gazetteer": "places", "knowledge": "events"}
"""The stage of the package's other modules and folders that the pipeline calls while it runs
(the readers, the tables the stages look words up in); the rest is "other"."""
_INIT_STAGES = {"units": "prefilter", "_places_by_token": "places"}
"""Functions of ``pipeline/__init__.py`` (the Extractor's glue) that belong to a stage."""
_PARSE_PACKAGES = ("spacy", "thinc", "numpy", "blis", "srsly", "cymem", "preshed", "catalogue",
                   "confection")


def stage_of(filename: str, function: str) -> str | None:
    """The pipeline stage a profiled function belongs to (``None``: a builtin, by its caller)."""
    if filename == "~" or filename.startswith("<"):
        return None
    path = Path(filename)
    parts = path.parts
    if path.name in ("throughput.py", "gzip.py", "_compression.py", "codecs.py") \
            or "json" in parts:
        return "read"
    if set(parts) & set(_PARSE_PACKAGES):
        return "parse"
    folders = parts[:-1]
    if "eventwire" in folders:  # a module of the package: by its folder and name below it
        inner = parts[len(folders) - folders[::-1].index("eventwire"):]
        if inner[0] == "pipeline" and len(inner) == 2:
            if path.stem == "__init__" and function in _INIT_STAGES:
                return _INIT_STAGES[function]
            return PIPELINE_STAGES.get(path.stem, "other")
        module = "/".join((*inner[:-1], path.stem))
        return PACKAGE_STAGES.get(module) or PACKAGE_STAGES.get(inner[0], "other")
    return "other"


def stage_seconds(stats: pstats.Stats) -> dict[str, float]:
    """Own time of every profiled function, added up by stage; a builtin's time goes to the
    stages of its callers, in proportion to the time it spent for each."""
    table_: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    totals = dict.fromkeys(STAGES, 0.0)
    for (filename, _line, function), (_cc, _nc, tottime, _ct, callers) in table_.items():
        stage = stage_of(filename, function)
        if stage is not None:
            totals[stage] += tottime
            continue
        spent = {caller: data[2] for caller, data in callers.items()}
        share = sum(spent.values())
        if not share:
            totals["other"] += tottime
            continue
        for (cfile, _cl, cfunc), t in spent.items():
            totals[stage_of(cfile, cfunc) or "other"] += tottime * t / share
    return totals


class StageTimer:
    """Exclusive wall time by stage: a stage's time excludes the stages it calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self._stack: list[list[float]] = []

    def _enter(self) -> None:
        self._stack.append([time.perf_counter(), 0.0])

    def _exit(self, stage: str) -> None:
        start, inner = self._stack.pop()
        spent = time.perf_counter() - start
        self.seconds[stage] += spent - inner
        if self._stack:
            self._stack[-1][1] += spent

    def wrap(self, stage: str, fn: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._enter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._exit(stage)
        return timed

    def wrap_iter(self, stage: str, fn: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            items = iter(fn(*args, **kwargs))
            while True:
                self._enter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self._exit(stage)
                yield item
        return timed


def timed_run(extractor: Any, articles: Any) -> StageTimer:
    """Extract ``articles`` with every stage of the pipeline timed (wrapped, not profiled)."""
    from unittest import mock

    from eventwire import pipeline

    timer = StageTimer()
    module_stages = {"clean": "clean", "parse_documents": "parse", "find_places": "places",
                     "_places_by_token": "places", "merge_candidates": "merge",
                     "to_event": "merge"}
    with contextlib.ExitStack() as patches:
        for name, stage in module_stages.items():
            if hasattr(pipeline, name):
                fn = getattr(pipeline, name)
                wrapped = timer.wrap_iter(stage, fn) if stage == "parse" else timer.wrap(stage, fn)
                patches.enter_context(mock.patch.object(pipeline, name, wrapped))
        if hasattr(extractor, "units"):
            patches.enter_context(mock.patch.object(
                extractor, "units", timer.wrap("prefilter", extractor.units)))
        patches.enter_context(mock.patch.object(
            extractor.events, "sentence_events",
            timer.wrap("events", extractor.events.sentence_events)))
        source = timer.wrap_iter("read", lambda: articles)()
        timer._enter()
        for _ in extractor.run(source):
            pass
        timer._exit("other")
    return timer


def profile(args: argparse.Namespace) -> dict[str, Any]:
    """Where extraction time goes: each stage timed in one run, then a cProfile run."""
    from eventwire.options import build_options
    from eventwire.pipeline import Extractor

    extractor = Extractor(build_options(batch_size=args.batch_size, coder=args.coder))
    for _ in extractor.run(read_corpus(args.corpus, 10)):  # warm up: caches, buffers
        pass
    t = time.perf_counter()
    timer = timed_run(extractor, read_corpus(args.corpus, args.n))
    total_s = time.perf_counter() - t

    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    for _ in extractor.run(read_corpus(args.corpus, args.n)):
        pass
    profiler.disable()
    profiled_s = time.perf_counter() - t
    stats = pstats.Stats(profiler)
    table_: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    ranked = sorted(table_.items(), key=lambda kv: kv[1][3], reverse=True)
    top = [{"function": f"{_short_path(filename)}:{line}({function})" if line else function,
            "calls": calls, "tottime_s": round(tottime, 2), "cumtime_s": round(cumtime, 2)}
           for (filename, line, function), (_cc, calls, tottime, cumtime, _) in ranked[:args.top]]
    counts = {"articles": 0, "words": 0, "sentences": 0, "parsed_sentences": 0}
    if hasattr(extractor, "units") and hasattr(extractor, "prefilter"):
        from eventwire.pipeline.clean import clean

        for article in read_corpus(args.corpus, args.n):
            doc = clean(article)
            counts["sentences"] += len(extractor.prefilter.sentences(doc))
            counts["parsed_sentences"] += len(extractor.units(doc))
    for article in read_corpus(args.corpus, args.n):
        counts["articles"] += 1
        counts["words"] += words(article.text)
    return {**counts, "coder": args.coder, "total_s": total_s, "stages_s": timer.seconds,
            "components_s": component_seconds(extractor, args), "profiled_s": profiled_s,
            "profiled_by_stage_s": stage_seconds(stats), "top": top}


def component_seconds(extractor: Any, args: argparse.Namespace) -> dict[str, float]:
    """The parse stage by spaCy component: each applied in turn to the sentences parsed."""
    from eventwire.pipeline.clean import clean

    nlp = extractor.nlp
    texts = [u.text for a in read_corpus(args.corpus, args.n)
             for u in extractor.units(clean(a))] if hasattr(extractor, "units") else []
    out = {}
    t = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    out["tokenizer"] = time.perf_counter() - t
    for name, component in nlp.pipeline:
        t = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=args.batch_size))
        out[name] = time.perf_counter() - t
    return out


def _short_path(filename: str) -> str:
    path = Path(filename)
    for anchor in ("eventwire", "bench", *_PARSE_PACKAGES):
        if anchor in path.parts[:-1]:
            return "/".join(path.parts[path.parts.index(anchor):])
    return path.name if filename != "~" else "~"


def render_profile(p: dict[str, Any]) -> str:
    total = p["total_s"] or 1e-9
    stages = p["stages_s"]
    by = p["profiled_by_stage_s"]
    profiled = sum(by.values()) or 1e-9
    names = {"read": "read (corpus; gzip, JSON)",
             "prefilter": "prefilter (sentences; trigger words or the gate)",
             "parse": f"parse (spaCy: {p['parsed_sentences']} of {p['sentences']} sentences)",
             "places": "places (gazetteer)", "events": "events (triggers, actors, dates)",
             "merge": "merge (and event records)", "other": "other (pipeline glue)"}
    lines = [(f"profile: eventwire extract --coder {p.get('coder', 'rules')} (1 process) on "
              f"{p['articles']} articles, "
              f"{p['words']} words: {p['articles'] / total:.2f} articles/s"),
             "",
             "| stage | seconds | share | share under cProfile |",
             "|---|---:|---:|---:|"]
    for stage in STAGES:
        lines.append(f"| {names.get(stage, stage)} | {stages[stage]:.2f} | "
                     f"{stages[stage] / total:.0%} | {by[stage] / profiled:.0%} |")
    lines += [f"| **total** | {total:.2f} | 100% | ({p['profiled_s']:.1f} s profiled) |", ""]
    parse = sum(p["components_s"].values()) or 1e-9
    lines += ["| spaCy component (on the parsed sentences) | seconds | share of parse |",
              "|---|---:|---:|"]
    lines += [f"| {name} | {sec:.2f} | {sec / parse:.0%} |"
              for name, sec in p["components_s"].items()]
    lines += ["",
              "| function (by cumulative time, profiled run) | calls | own s | cumulative s |",
              "|---|---:|---:|---:|"]
    lines += [f"| `{t['function']}` | {t['calls']} | {t['tottime_s']:.2f} | {t['cumtime_s']:.2f} |"
              for t in p["top"]]
    return "\n".join(lines)


# ---- command line --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/throughput.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="allsides",
                        help="allsides: ../shared/corpora/allsides_articles.jsonl.gz "
                             "(content_original, date); reuters: ../shared/corpora/"
                             "reuters21578/*.sgm (BODY, DATE). Default: %(default)s.")
    parser.add_argument("--n", type=int, default=1000, metavar="N",
                        help="Articles to process, the first N with text (default: %(default)s).")
    parser.add_argument("--configs", default=",".join(CONFIGS), metavar="LIST",
                        help="Comma-separated configurations to run, of: "
                             f"{', '.join(CONFIGS)} (default: all).")
    parser.add_argument("--batch-size", type=int, default=64, metavar="B",
                        help="nlp.pipe batch size, for the bare parse and eventwire "
                             "(default: %(default)s).")
    parser.add_argument("--short", type=Path, default=SHORT_ARTICLE, metavar="FILE",
                        help="The short article for the cold-start timing "
                             "(default: ../shared/seed/article.txt).")
    parser.add_argument("--cold-runs", type=int, default=3, metavar="K",
                        help="Times to run the cold-start command; the median is shown "
                             "(0 to skip; default: %(default)s).")
    parser.add_argument("--out", type=Path, metavar="FILE.json",
                        help="Also write every figure, the machine and the command as JSON.")
    parser.add_argument("--profile", action="store_true",
                        help="Instead of the table: profile eventwire extract (1 process) on "
                             "the N articles and print time by stage and the top functions.")
    parser.add_argument("--coder", choices=("rules", "learned"), default="rules",
                        help="Who finds the triggers in the --profile run: the rules or the "
                             "learned gate, triggers and arguments (default: %(default)s).")
    parser.add_argument("--top", type=int, default=25, metavar="K",
                        help="Functions listed by --profile (default: %(default)s).")
    parser.add_argument("--child", choices=CONFIGS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.n < 1 or args.batch_size < 1:
        parser.error("--n and --batch-size must be at least 1")
    args.config_list = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in args.config_list if c not in CONFIGS]
    if unknown or not args.config_list:
        parser.error(f"--configs: unknown {', '.join(unknown) or '(none given)'}; "
                     f"choose from {', '.join(CONFIGS)}")
    source = CORPORA[args.corpus]
    if not source.exists():
        parser.error(f"--corpus {args.corpus}: {source} is absent; put the shared corpora "
                     "beside the project (../shared/corpora)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        result = run_config(args.child, args.corpus, args.n, args.batch_size)
        print(RESULT_PREFIX + json.dumps(result), flush=True)
        return 0
    command = "python bench/throughput.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.profile:
        report = profile(args)
        print(render_profile(report))
        if args.out:
            args.out.write_text(json.dumps({"command": command, "machine": machine(),
                                            "profile": report}, indent=1) + "\n")
        return 0
    rows = []
    for name in args.config_list:
        print(f"running {name} on {args.n} {args.corpus} articles ...", file=sys.stderr,
              flush=True)
        rows.append(measure(name, args))
    cold = cold_short(args)
    info = machine()
    print(f"{args.corpus}: {rows[0]['articles']} articles, {rows[0]['words']} words; "
          f"{info['cpu']}, {info['cores']} cores; spaCy {info['spacy']}, {info['model']}; "
          f"eventwire {info['code']}")
    print(table(rows, cold))
    if args.out:
        args.out.write_text(json.dumps({"command": command, "machine": info, "rows": rows,
                                        "cold_short_article": cold}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
