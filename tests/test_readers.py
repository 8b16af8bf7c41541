"""Readers: every input kind, the directory walk, standard input, and every reject reason."""

from __future__ import annotations

import gzip
import io
import logging
import os
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import UsageError
from eventwire.readers import (
    MAX_LINE_BYTES,
    article_from_text,
    parse_published,
    read_inputs,
    sniff,
)
from eventwire.options import build_options
from eventwire.records import Article, Reject

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
DEFAULT_DATE = date(2020, 1, 1)
OPTIONS = build_options(published=DEFAULT_DATE.isoformat())


def read(*paths: Path | str, **flags: object) -> list[Article | Reject]:
    options = build_options(**flags) if flags else OPTIONS
    return list(read_inputs([str(p) for p in paths], options))


def summary(items: list[Article | Reject]) -> list[tuple[str, str, date | None]]:
    """(kind, doc_id or origin tail, published) per item, for table comparisons."""
    out: list[tuple[str, str, date | None]] = []
    for item in items:
        if isinstance(item, Article):
            out.append(("article", item.doc_id, item.published))
        else:
            out.append(("reject", item.origin.rsplit("/", 1)[-1], None))
    return out


# ---- sniffing: content first, name second ---------------------------------------------------

SNIFF_CASES = [
    ("page.txt", b"<!DOCTYPE html>\n<html><body><p>x</p></body></html>", "html"),
    ("page.xml", b"<?xml version='1.0'?>\n<!DOCTYPE html>\n<html><body>x</body></html>", "html"),
    ("fragment.html", b"Just a paragraph, no tags at all.", "html"),
    ("lines.txt", b'{"id": "a", "text": "Talks resumed."}\n', "jsonl"),
    ("lines.jsonl", b"not json at all\n", "jsonl"),
    ("feed.txt", b"<?xml version='1.0'?>\n<!-- c -->\n<rss version='2.0'><channel/></rss>", "feed"),
    ("feed.dat", b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
    ("other.xml", b"<?xml version='1.0'?><note><to>A</to></note>", "feed"),
    ("archive.bin", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n", "warc"),
    ("notes.md", b"Ministers met on Monday.\n", "txt"),
    ("brace.txt", b"{not json} but a sentence.\n", "txt"),
]


@pytest.mark.parametrize(("name", "content", "kind"), SNIFF_CASES)
def test_sniff_tells_kind_by_content_then_name(tmp_path: Path, name: str, content: bytes,
                                               kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert sniff(path).kind == kind


@pytest.mark.parametrize(("name", "kind"), [("lines.gz", "jsonl"), ("page.html.gz", "html"),
                                            ("plain.txt.gz", "txt")])
def test_sniff_looks_inside_gzip(tmp_path: Path, name: str, kind: str) -> None:
    content = {"jsonl": b'{"id": 1, "text": "x"}\n', "html": b"<html><body>x</body></html>",
               "txt": b"A plain sentence.\n"}[kind]
    path = tmp_path / name
    path.write_bytes(gzip.compress(content))
    assert sniff(path).kind == kind


# ---- each input kind --------------------------------------------------------------------------

FIXTURE_CASES = [
    ("wire.txt", [("article", "wire", DEFAULT_DATE)]),
    ("page.html", [("article", "page", date(2023, 3, 14))]),
    ("articles.jsonl", [
        ("article", "j-001", date(2023, 2, 6)),
        ("article", "j-002", date(2023, 2, 9)),
        ("reject", "articles.jsonl:3", None),
        ("article", "4", date(2023, 2, 10)),
        ("reject", "articles.jsonl:5", None),
        ("reject", "articles.jsonl:6", None),
        ("article", "articles:8", DEFAULT_DATE),
    ]),
    ("feed.rss", [
        ("article", "https://news.example.org/world/ceasefire-holds", date(2023, 3, 14)),
        ("article", "https://news.example.org/politics/cabinet-approved", date(2023, 3, 15)),
        ("reject", "feed.rss#3", None),
    ]),
    ("nested/feed.atom", [
        ("article", "https://regional.example.org/mayor-meets-protesters", date(2023, 4, 1)),
        ("article", "urn:example:regional:2", date(2023, 4, 2)),
    ]),
]


@pytest.mark.parametrize(("name", "expected"), FIXTURE_CASES)
def test_fixture_files(name: str, expected: list[tuple[str, str, date | None]]) -> None:
    assert summary(read(FIXTURES / name)) == expected


def test_txt_article_fields() -> None:
    (art,) = read(FIXTURES / "wire.txt")
    assert isinstance(art, Article)
    assert art.title is None and art.url is None
    assert art.text.startswith("Talks on prisoner exchange resume in Istanbul\nDelegations")
    assert art.origin == str(FIXTURES / "wire.txt")


def test_title_line_takes_first_line_as_title() -> None:
    (art,) = read(FIXTURES / "wire.txt", published="2021-05-05", title_line=True)
    assert isinstance(art, Article)
    assert art.title == "Talks on prisoner exchange resume in Istanbul"
    assert art.text.lstrip().startswith("Delegations from Armenia")
    assert art.published == date(2021, 5, 5)


def test_html_page_main_text_and_metadata() -> None:
    (art,) = read(FIXTURES / "page.html")
    assert isinstance(art, Article)
    assert art.title == "Ministers meet in Geneva over grain deal"
    assert art.url == "https://news.example.org/world/2023/ministers-meet-geneva"
    assert "foreign ministers of Turkey and Ukraine met in Geneva" in art.text
    for boilerplate in ("Home", "Sport", "Storm hits coast", "Privacy", "Share on Facebook"):
        assert boilerplate not in art.text


def test_html_without_date_is_never_dated_today(tmp_path: Path) -> None:
    page = tmp_path / "undated.html"
    page.write_text("<html><head><title>Court rules on appeal</title></head><body><article>"
                    + "<p>The supreme court upheld the ban on the opposition party on Friday, "
                      "rejecting an appeal lodged by its leaders last year.</p>" * 3
                    + "</article></body></html>", encoding="utf-8")
    (art,) = list(read_inputs([str(page)], build_options()))
    assert isinstance(art, Article)
    assert art.published is None
    assert "supreme court upheld the ban" in art.text


@pytest.mark.parametrize(("meta", "expected"), [
    ('<meta charset="windows-1252">', "Caf\u00e9 owners in S\u00e3o Paulo"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
     "Caf\u00e9 owners in S\u00e3o Paulo"),
    ("", None),
])
def test_html_declared_charset(tmp_path: Path, meta: str, expected: str | None) -> None:
    body = ("<p>Caf\u00e9 owners in S\u00e3o Paulo closed their doors on Monday to protest "
            "against the new tax, their association said.</p>") * 3
    page = tmp_path / "latin.html"
    page.write_bytes(f"<html><head>{meta}<title>Strike</title></head><body><article>{body}"
                     "</article></body></html>".encode("cp1252"))
    (item,) = read(page)
    if expected is None:
        assert isinstance(item, Reject) and "not valid UTF-8" in item.reason
    else:
        assert isinstance(item, Article) and expected in item.text


def test_jsonl_fields() -> None:
    items = read(FIXTURES / "articles.jsonl")
    first, html_line = items[0], items[3]
    assert isinstance(first, Article) and isinstance(html_line, Article)
    assert (first.title, first.url, first.source) == (
        "Farmers block roads", "https://news.example.org/j-001", "Example Wire")
    assert first.origin.endswith("articles.jsonl:1")
    assert html_line.title == "Envoy visits Nairobi"
    assert "United Nations envoy for the Horn of Africa" in html_line.text
    assert "<p>" not in html_line.text


def test_jsonl_gz_reads_like_jsonl(tmp_path: Path) -> None:
    packed = tmp_path / "articles.jsonl.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "articles.jsonl").read_bytes()))
    expected = [(kind, name.replace("articles.jsonl:", "articles.jsonl.gz:"), when)
                for kind, name, when in FIXTURE_CASES[2][1]]
    assert summary(read(packed)) == expected


@pytest.mark.parametrize(("line", "expected_id", "expected_date"), [
    ('{"ID": "up-1", "content_original": "Text.", "date": "2016-09-20"}', "up-1",
     date(2016, 9, 20)),
    ('{"id": 7, "text": "Text.", "date": ""}', "7", DEFAULT_DATE),
    ('{"url": "https://x.example/a", "text": "Text."}', "https://x.example/a", DEFAULT_DATE),
    ('{"id": "d", "text": "Text.", "published": "Tue, 14 Mar 2023 23:30:00 -0500"}', "d",
     date(2023, 3, 14)),
])
def test_jsonl_field_variants(tmp_path: Path, line: str, expected_id: str,
                              expected_date: date) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    (art,) = read(path)
    assert isinstance(art, Article)
    assert (art.doc_id, art.published, art.text) == (expected_id, expected_date, "Text.")


def test_jsonl_unreadable_date_falls_back_with_a_warning(tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "us.jsonl"
    path.write_text('{"id": "a", "text": "Text.", "date": "9/20/16"}\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="eventwire.readers"):
        (art,) = read(path)
    assert isinstance(art, Article) and art.published == DEFAULT_DATE
    assert "9/20/16" in caplog.text


def test_feed_entries() -> None:
    ceasefire, cabinet, _ = read(FIXTURES / "feed.rss")
    assert isinstance(ceasefire, Article) and isinstance(cabinet, Article)
    assert ceasefire.title == "Ceasefire holds in the border region"
    assert ceasefire.source == "Example World Desk"
    assert "Both armies have pulled heavy weapons back" in ceasefire.text
    assert "<p>" not in ceasefire.text and "<a" not in ceasefire.text
    assert cabinet.text.strip() == "Parliament approved the new cabinet by 120 votes to 85 on " \
                                   "Wednesday."
    mayor, convoy = read(FIXTURES / "nested" / "feed.atom")
    assert isinstance(mayor, Article) and isinstance(convoy, Article)
    assert mayor.url == "https://regional.example.org/mayor-meets-protesters"
    assert convoy.url is None
    assert convoy.text == "An aid convoy of 40 trucks reached the valley on Sunday morning."


def _page(title: str, body: str, meta_date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{meta_date}">' if meta_date else ""
    paragraphs = "".join(f"<p>{body} This is sentence {i} of the report.</p>" for i in range(4))
    return (f"<html><head><title>{title}</title>{meta}</head><body><nav><a href='/'>Home</a>"
            f"</nav><article><h1>{title}</h1>{paragraphs}</article></body></html>").encode()


def _write_warc(path: Path, compress: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = [
        ("warcinfo", "", None, b"software: eventwire tests\r\n"),
        ("response", "https://a.example/talks", ("200 OK", "text/html; charset=utf-8"),
         _page("Talks in Doha", "Negotiators met in Doha on Sunday.")),
        ("response", "https://a.example/logo.png", ("200 OK", "image/png"), b"\x89PNG\r\n"),
        ("response", "https://a.example/gone", ("404 Not Found", "text/html"), b"<html></html>"),
        ("response", "https://b.example/vote", ("200 OK", "text/html"),
         _page("Vote delayed", "The election commission postponed the vote.", "2023-04-20")),
        ("response", "https://b.example/empty", ("200 OK", "text/html"),
         b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    ]
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        for rec_type, uri, http, payload in records:
            headers = (StatusAndHeaders(http[0], [("Content-Type", http[1])], protocol="HTTP/1.1")
                       if http else None)
            record = writer.create_warc_record(
                uri, rec_type, payload=io.BytesIO(payload), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2023-05-01T12:00:00Z"})
            writer.write_record(record)


@pytest.mark.parametrize(("name", "compress"), [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_one_article_per_html_response(tmp_path: Path, name: str, compress: bool) -> None:
    path = tmp_path / name
    _write_warc(path, compress)
    items = read(path)
    assert [(type(i).__name__, getattr(i, "doc_id", None)) for i in items] == [
        ("Article", "https://a.example/talks"), ("Article", "https://b.example/vote"),
        ("Reject", None)]
    talks, vote, empty = items
    assert isinstance(talks, Article) and isinstance(vote, Article) and isinstance(empty, Reject)
    assert talks.published == date(2023, 5, 1)  # no date in the page: the WARC-Date
    assert vote.published == date(2023, 4, 20)  # the page's own date wins
    assert talks.url == "https://a.example/talks" and talks.title == "Talks in Doha"
    assert "Negotiators met in Doha" in talks.text and "Home" not in talks.text
    assert "@" in empty.origin and "no extractable article text" in empty.reason


# ---- directories and standard input -----------------------------------------------------------


def test_directory_is_read_recursively_in_name_order() -> None:
    origins = [i.origin.removeprefix(str(FIXTURES) + "/") for i in read(FIXTURES)]
    files = [o.split(":")[0].split("#")[0] for o in origins]
    assert list(dict.fromkeys(files)) == ["articles.jsonl", "feed.rss", "nested/brief.txt",
                                          "nested/feed.atom", "page.html", "wire.txt"]


def test_directory_skips_hidden_entries(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second article.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("Hidden draft.", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "c.txt").write_text("Cached copy.", encoding="utf-8")
    assert summary(read(tmp_path)) == [("article", "a", DEFAULT_DATE),
                                       ("article", "b", DEFAULT_DATE)]


def test_empty_directory_is_a_reject(tmp_path: Path) -> None:
    (tmp_path / ".only-hidden").write_text("x", encoding="utf-8")
    (item,) = read(tmp_path)
    assert isinstance(item, Reject) and "no files" in item.reason


def test_inputs_stream_lazily(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    stream = read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")], OPTIONS)
    first = next(stream)
    assert isinstance(first, Article) and first.doc_id == "a"
    (tmp_path / "missing.txt").write_text("Written after the first article was read.")
    second = next(stream)
    assert isinstance(second, Article) and second.doc_id == "missing"


@pytest.mark.parametrize(("stdin", "expected"), [
    (io.StringIO("Troops withdrew from the town.\n"), ("article", "stdin", DEFAULT_DATE)),
    (io.TextIOWrapper(io.BytesIO(b"Rebels seized the airport."), encoding="utf-8"),
     ("article", "stdin", DEFAULT_DATE)),
    (io.StringIO("  \n"), ("reject", "-", None)),
    (io.TextIOWrapper(io.BytesIO(b"bad \xff byte"), encoding="utf-8"), ("reject", "-", None)),
])
def test_stdin(stdin: io.TextIOBase, expected: tuple[str, str, date | None]) -> None:
    items = list(read_inputs(["-"], OPTIONS, stdin=stdin))  # type: ignore[arg-type]
    assert summary(items) == [expected]
    if isinstance(items[0], Article):
        assert items[0].origin == "-"


# ---- rejects ---------------------------------------------------------------------------------

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "ha">\n'
                  + b"".join(b'<!ENTITY %s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n'
                             % ((b"abcdefghij"[i + 1:i + 2],) + (b"abcdefghij"[i:i + 1],) * 10)
                             for i in range(9))
                  + b"]>\n<rss><channel><item><description>&j;</description></item>"
                    b"</channel></rss>")

REJECT_CASES = [
    ("nul.txt", b"text\x00\x00with NUL bytes", "binary data (NUL bytes)"),
    ("controls.txt", bytes(range(1, 9)) * 50, "mostly non-text"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    ("wide.txt", "Text in UTF-16".encode("utf-16"), "UTF-16"),
    ("latin1.txt", b"First line\nCaf\xe9 owners protested", "byte 0xe9 at line 2, byte 4"),
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"  \n\t\n  \n", "is empty"),
    ("empty.jsonl.gz", gzip.compress(b""), "is empty"),
    ("bomb.xml", BILLION_LAUGHS, "entity-expansion"),
    ("bomb.rss", BILLION_LAUGHS.replace(b"</rss>", b"<unclosed>"), "entity-expansion"),
    ("xxe.rss", (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 b"<rss><channel><item><description>&x;</description></item></channel></rss>"),
     "entity-expansion"),
    ("note.xml", b"<?xml version='1.0'?><note><to>A</to></note>", "not a readable RSS or Atom"),
    ("unknown.warc", b"WARC/9.9 nonsense\r\n\r\n", "not a readable WARC file"),
    ("cut.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nshort",
     "not a readable WARC file"),
    ("images.warc", (b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: image/png\r\n"
                     b"Content-Length: 4\r\n\r\nabcd\r\n\r\n"), "no HTML response records"),
    ("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
     "no extractable article text"),
    ("corrupt.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 40, "gzip"),
]


@pytest.mark.parametrize(("name", "content", "reason"), REJECT_CASES)
def test_rejects_name_the_input_and_the_problem(tmp_path: Path, name: str, content: bytes,
                                                reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    items = read(path)
    assert len(items) == 1
    (item,) = items
    assert isinstance(item, Reject)
    assert item.origin == str(path)
    assert reason in item.reason


def test_missing_path_is_a_reject_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Talks resumed.", encoding="utf-8")
    assert summary(read(tmp_path / "nope.txt", tmp_path / "ok.txt")) == [
        ("reject", "nope.txt", None), ("article", "ok", DEFAULT_DATE)]


def test_unreadable_file_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Secret.", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("file permissions are not enforced for this user (root)")
        (item,) = read(path)
        assert isinstance(item, Reject) and "permission denied" in item.reason
    finally:
        path.chmod(0o644)


def test_title_line_without_text_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "headline.txt"
    path.write_text("Only a headline\n\n", encoding="utf-8")
    (item,) = read(path, title_line=True)
    assert isinstance(item, Reject) and "no article text" in item.reason


def test_huge_single_line_is_rejected_without_loading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.writelines(b"x" * 1_000_000 for _ in range(50))
    tracemalloc.start()
    try:
        items = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert summary(items) == [("reject", "huge.txt", None)]
    assert isinstance(items[0], Reject) and "line 1 is longer than 10 MB" in items[0].reason
    assert peak < 2 * MAX_LINE_BYTES  # never the whole 50 MB


def test_huge_jsonl_line_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with open(path, "wb") as fh:
        fh.write(b'{"id": "a", "text": "Before."}\n{"id": "big", "text": "')
        fh.writelines(b"y" * 1_000_000 for _ in range(12))
        fh.write(b'"}\n{"id": "c", "text": "After."}\n')
    items = read(path)
    assert summary(items) == [("article", "a", DEFAULT_DATE), ("reject", "big.jsonl:2", None),
                              ("article", "c", DEFAULT_DATE)]
    assert isinstance(items[1], Reject) and "longer than 10 MB" in items[1].reason


def test_truncated_jsonl_gz_keeps_the_lines_before(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(b'{"id": "%d", "text": "Article %d."}\n' % (i, i)
                                  for i in range(2000)))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    assert isinstance(items[-1], Reject) and "gzip" in items[-1].reason
    articles = [i for i in items if isinstance(i, Article)]
    assert articles and [a.doc_id for a in articles] == [str(i) for i in range(len(articles))]


# ---- the Python API and dates -------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, {"doc_id": "sha1-", "published": None, "title": None}),
    ({"doc_id": "x1", "published": "2022-10-11", "title": "T"},
     {"doc_id": "x1", "published": date(2022, 10, 11), "title": "T"}),
    ({"published": date(2021, 1, 2), "url": "https://e.example/a", "source": "S"},
     {"published": date(2021, 1, 2), "url": "https://e.example/a", "source": "S"}),
])
def test_article_from_text(kwargs: dict[str, object], expected: dict[str, object]) -> None:
    art = article_from_text("Putin met Erdogan.", **kwargs)  # type: ignore[arg-type]
    for key, value in expected.items():
        got = getattr(art, key)
        assert got.startswith(value) if key == "doc_id" and value == "sha1-" else got == value


def test_article_from_text_hash_is_stable_and_distinct() -> None:
    a, b = article_from_text("One text."), article_from_text("One text.")
    c = article_from_text("Another text.")
    assert a.doc_id == b.doc_id != c.doc_id
    assert len(a.doc_id) == len("sha1-") + 12


def test_article_from_text_rejects_a_bad_date() -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        article_from_text("Text.", published="11/10/2022")


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-02-09", date(2023, 2, 9)),
    ("2023-02-09T23:30:00-05:00", date(2023, 2, 9)),
    ("2023-02-09T14:05:00Z", date(2023, 2, 9)),
    ("2023-02-09 14:05", date(2023, 2, 9)),
    ("Tue, 14 Mar 2023 23:30:00 -0500", date(2023, 3, 14)),
    (date(2022, 10, 11), date(2022, 10, 11)),
    ("9/20/16", None),
    ("yesterday", None),
    ("", None),
    (None, None),
    (20230209, None),
])
def test_parse_published(value: object, expected: date | None) -> None:
    assert parse_published(value) == expected
