"""run_parallel: the same results as one process, in order, with a bounded number in flight."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import date

import pytest

from eventwire.errors import EventwireError, UsageError
from eventwire.options import Options
from eventwire.pipeline.parallel import ParallelExtractor, max_in_flight, run_parallel
from eventwire.records import Article

pytestmark = pytest.mark.model

PUBLISHED = date(2022, 10, 11)

TEXTS = [
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Monday.",
    ("Chinese Foreign Minister Wang Yi will visit Moscow on Friday.\n\n"
     "He is expected to discuss trade with his Russian counterpart."),
    "Israeli air strikes killed 12 people in Gaza on Sunday.",
    ("Thousands of people protested in Paris against the pension reform on Saturday.\n\n"
     "Police arrested 35 protesters, officials said."),
    "The weather was mild across the region and markets were calm.",
    "Kenyan police shot dead three protesters in Nairobi on Wednesday.",
    ("Japan and South Korea signed a defence agreement in Tokyo last week.\n\n"
     "The United States welcomed the deal."),
    "",
    "Britain's foreign secretary met his Japanese counterpart in Tokyo last month.",
    ("Rebels attacked a military base in northern Mali, killing at least 15 soldiers.\n\n"
     "The army said it had repelled the attack."),
    "Turkey threatened to send troops into northern Syria if the talks failed.",
]


def _articles(texts: list[str], prefix: str = "a") -> list[Article]:
    return [Article(doc_id=f"{prefix}{i:03d}", text=t, published=PUBLISHED, origin=f"t:{i}")
            for i, t in enumerate(texts)]


class Counting:
    """An article stream that records how many articles were taken from it."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.taken = 0

    def __iter__(self) -> Iterator[Article]:
        for article in self.articles:
            self.taken += 1
            yield article


@pytest.fixture(scope="module")
def pool() -> Iterator[ParallelExtractor]:
    with ParallelExtractor(Options(), 2, chunk_size=2, ahead=1) as p:
        yield p


@pytest.fixture(scope="module")
def serial() -> list[dict]:
    return [r.as_dict() for r in run_parallel(_articles(TEXTS), Options(), 1)]


def test_one_worker_finds_events(serial: list[dict]) -> None:
    assert [r["doc"]["doc_id"] for r in serial] == [f"a{i:03d}" for i in range(len(TEXTS))]
    assert sum(len(r["events"]) for r in serial) >= 6


def test_two_workers_give_the_same_results_in_order(pool: ParallelExtractor,
                                                    serial: list[dict]) -> None:
    parallel = [r.as_dict() for r in pool.run(_articles(TEXTS))]
    assert [r["doc"]["doc_id"] for r in parallel] == [r["doc"]["doc_id"] for r in serial]
    assert parallel == serial


def _children() -> set[int]:
    return {c.pid for c in multiprocessing.active_children()}


def test_run_parallel_two_workers_matches(serial: list[dict]) -> None:
    before = _children()
    out = [r.as_dict() for r in run_parallel(_articles(TEXTS), Options(), 2, chunk_size=3)]
    assert out == serial
    assert _children() <= before, "the workers outlived the run"


@pytest.mark.parametrize("workers, chunk, ahead, expected", [
    (2, 2, 1, 6),
    (2, 16, 2, 80),
    (4, 8, 2, 72),
])
def test_max_in_flight(workers: int, chunk: int, ahead: int, expected: int) -> None:
    assert max_in_flight(workers, chunk, ahead) == expected


def test_in_flight_is_bounded(pool: ParallelExtractor) -> None:
    articles = _articles([TEXTS[i % len(TEXTS)] for i in range(40)], prefix="b")
    stream = Counting(articles)
    bound = max_in_flight(pool.workers, pool.chunk_size, pool.ahead)
    seen = []
    for n, result in enumerate(pool.run(stream), start=1):
        seen.append(result.doc.doc_id)
        assert stream.taken - n <= bound, f"{stream.taken} read, {n} yielded"
        if n == 1:
            assert stream.taken < len(articles), "the input was read ahead of need"
    assert seen == [a.doc_id for a in articles]


def test_stopping_early_ends_the_workers() -> None:
    before = _children()
    run = run_parallel(_articles(TEXTS), Options(), 2, chunk_size=1, ahead=1)
    first = next(run)
    assert first.doc.doc_id == "a000"
    assert len(_children() - before) == 2
    run.close()
    assert _children() <= before, "the workers outlived the run"


def test_failure_names_the_article(pool: ParallelExtractor) -> None:
    articles = _articles(TEXTS[:5])
    broken = Article(doc_id="broken-7", text=None, origin="feed.jsonl:7")  # type: ignore[arg-type]
    with pytest.raises(EventwireError) as info:
        list(pool.run([*articles[:3], broken, *articles[3:]]))
    message = str(info.value)
    assert "feed.jsonl:7" in message and "broken-7" in message
    assert "TypeError" in message
    assert "TypeError" in str(info.value.__cause__)


@pytest.mark.parametrize("workers", [0, -2])
def test_workers_below_one_is_a_usage_error(workers: int) -> None:
    with pytest.raises(UsageError, match="at least 1"):
        next(run_parallel([], Options(), workers))


@pytest.mark.parametrize("kwargs, match", [
    ({"workers": 1}, "at least 2 workers"),
    ({"workers": 2, "chunk_size": 0}, "must be at least 1"),
    ({"workers": 2, "ahead": 0}, "must be at least 1"),
])
def test_pool_arguments_are_checked(kwargs: dict, match: str) -> None:
    with pytest.raises(UsageError, match=match):
        ParallelExtractor(Options(), **kwargs)
