"""Readers: inputs (files, directories, standard input) to ``Article`` records.

``read_inputs`` streams one ``Article`` per article found, and one ``Reject`` per input (or per
line, entry, record) that cannot be read; the run goes on after a reject. Nothing holds a corpus
in memory: directories are walked lazily, JSONL files and WARC archives are read record by record,
and every buffer is bounded (``MAX_LINE_BYTES``, ``MAX_FILE_BYTES``).

The kind of a file is told by its content first and its name second (``sniff``); each kind has
one reader in ``READERS``. To add a kind, write a ``read_<kind>(path, origin, options)``
generator and add a ``Reader`` row. Origins in rejects name the input: ``path`` for a file,
``path:LINE`` for a JSONL line, ``path#N`` for the N-th feed entry, ``path@OFFSET`` for a WARC
record, ``-`` for standard input.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import html as html_lib
import io
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, BinaryIO, TextIO

from .errors import InputError
from .options import Options, parse_date
from .records import Article, Reject

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 10_000_000
"""A longer line is not text an article is made of (a JSONL line over it is rejected alone)."""
MAX_FILE_BYTES = 64_000_000
"""The most a single-article file, a feed or a WARC record may hold."""
CHUNK_BYTES = 1 << 20
HEAD_BYTES = 1 << 16
"""How much of a file ``sniff`` looks at."""

ReadFn = Callable[[Path, str, Options], Iterator["Article | Reject"]]


@dataclass(frozen=True, slots=True)
class Reader:
    """One input kind: how to recognise it and the generator that reads it."""

    kind: str
    suffixes: tuple[str, ...]
    """File name endings (after any ``.gz``) that mean this kind when the content does not say."""
    looks_like: Callable[[bytes], bool]
    """Content test on the first bytes of the (decompressed) file."""
    read: ReadFn
    binary_ok: bool = False
    """Whether the kind may hold binary bytes (a WARC archive does: images, gzip members)."""


# ---- public API ---------------------------------------------------------------------------------


def read_inputs(paths: Sequence[str], options: Options,
                stdin: TextIO | None = None) -> Iterator[Article | Reject]:
    """Every article of every input, in order, lazily; unreadable inputs as ``Reject`` records.

    A path is a file, a directory (read recursively in name order, hidden entries skipped) or
    ``-`` for one plain-text article on standard input (``stdin``, default ``sys.stdin``).
    """
    for raw in paths:
        if raw == "-":
            yield from _guard("-", lambda: _read_stdin(stdin if stdin is not None else sys.stdin,
                                                       options))
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_dir(path, options)
        elif path.exists():
            yield from _read_path(path, str(path), options)
        else:
            yield Reject(raw, "no such file or directory; check the path")


def article_from_text(text: str, *, doc_id: str | None = None,
                      published: date | str | None = None, title: str | None = None,
                      url: str | None = None, source: str | None = None) -> Article:
    """An ``Article`` from a string (the Python API); ``doc_id`` defaults to a content hash.

    ``published`` is a date or ``YYYY-MM-DD``; a malformed one raises ``UsageError``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if doc_id is None:
        doc_id = "sha1-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Article(doc_id=doc_id, text=text.lstrip("\ufeff"), title=title, url=url,
                   published=parse_date(published, "published"), source=source, origin="<text>")


def sniff(path: Path) -> Reader:
    """The reader for ``path``, told by content first and name second.

    Raises ``InputError`` for an empty or binary file, or a corrupt gzip stream.
    """
    head, complete = _peek(path)
    for reader in READERS:
        if reader.binary_ok and reader.looks_like(head):
            return reader
    if complete and not head.removeprefix(b"\xef\xbb\xbf").strip():
        raise InputError(str(path), "is empty; give a file with article text")
    why = _binary_reason(head)
    if why:
        raise InputError(str(path), why)
    for reader in READERS:
        if not reader.binary_ok and reader.looks_like(head):
            return reader
    name = path.name.lower().removesuffix(".gz")
    for reader in READERS:
        if name.endswith(reader.suffixes):
            return reader
    return _TXT


# ---- walking inputs -----------------------------------------------------------------------------


def _guard(origin: str,
           make: Callable[[], Iterator[Article | Reject]]) -> Iterator[Article | Reject]:
    """Run one input's reader; whatever goes wrong becomes a ``Reject`` and the run goes on."""
    try:
        yield from make()
    except InputError as exc:
        yield Reject(exc.origin, exc.reason)
    except (OSError, EOFError, zlib.error) as exc:
        yield Reject(origin, _os_reason(exc))
    except Exception as exc:  # a third-party parser failing on odd input must not end the run
        log.debug("reading %s failed", origin, exc_info=True)
        yield Reject(origin, f"could not be read ({type(exc).__name__}: {exc}); "
                             "check the file, or report it if it looks valid")


def _one(origin: str, make: Callable[..., Article], *args: Any) -> Article | Reject:
    """``make(*args)``, one item of a multi-article input (a JSONL line, a WARC record): its
    failure is a ``Reject`` for that item alone."""
    try:
        return make(*args)
    except InputError as exc:
        return Reject(exc.origin, exc.reason)
    except Exception as exc:  # a parser failing on one odd item must not lose the others
        log.debug("reading %s failed", origin, exc_info=True)
        return Reject(origin, f"could not be read ({type(exc).__name__}: {exc})")


def _read_path(path: Path, origin: str, options: Options) -> Iterator[Article | Reject]:
    yield from _guard(origin, lambda: sniff(path).read(path, origin, options))


def _read_dir(root: Path, options: Options) -> Iterator[Article | Reject]:
    found = False
    for item in _walk(root):
        found = True
        if isinstance(item, Reject):
            yield item
        else:
            yield from _read_path(item, str(item), options)
    if not found:
        yield Reject(str(root), "holds no files to read (hidden files are skipped)")


def _walk(directory: Path) -> Iterator[Path | Reject]:
    """Files under ``directory`` in name order, depth first; hidden entries and symlinked
    directories are skipped (no loops)."""
    try:
        with os.scandir(directory) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield Reject(str(directory), _os_reason(exc))
        return
    for entry in entries:
        path = directory / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path)
            elif entry.is_file():
                yield path
        except OSError as exc:
            yield Reject(str(path), _os_reason(exc))


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "cannot be read (permission denied); check its permissions"
    if isinstance(exc, (gzip.BadGzipFile, EOFError, zlib.error)):
        return f"has a corrupt or truncated gzip stream ({exc}); check the download"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot be read ({exc.strerror}); check the path"
    return f"cannot be read ({exc}); check the path"


# ---- bytes: opening, bounded reading, binary and encoding checks ------------------------------


def _open(path: Path) -> BinaryIO:
    """The file's bytes, gunzipped when it is gzip (by its magic number, not its name)."""
    raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    raw.seek(0)
    return raw


def _peek(path: Path) -> tuple[bytes, bool]:
    """The first ``HEAD_BYTES`` of the content (gunzipped), and whether that is all of it.
    A truncated or damaged gzip stream still shows its first bytes here; its reader reports
    the damage where it is."""
    with open(path, "rb") as raw:
        data = raw.read(HEAD_BYTES)
        whole = len(data) < HEAD_BYTES or not raw.read(1)
    if not data.startswith(b"\x1f\x8b"):
        return data, whole
    inflate = zlib.decompressobj(wbits=31)
    head = inflate.decompress(data, HEAD_BYTES)
    return head, whole and inflate.eof and not inflate.unused_data and len(head) < HEAD_BYTES


def _read_limited(read: Callable[[int], bytes], origin: str) -> bytes:
    """All bytes of a stream, read in chunks; stops with an ``InputError`` at the first line over
    ``MAX_LINE_BYTES`` or when the total passes ``MAX_FILE_BYTES``, without reading further."""
    chunks: list[bytes] = []
    total = line_len = newlines = 0
    while chunk := read(CHUNK_BYTES):
        first = chunk.find(b"\n")
        if first == -1:
            line_len += len(chunk)
        else:
            line_len += first  # the current line ends here; lines inside a chunk are short
            if line_len > MAX_LINE_BYTES:
                break
            newlines += chunk.count(b"\n")
            line_len = len(chunk) - chunk.rfind(b"\n") - 1
        if line_len > MAX_LINE_BYTES:
            break
        total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise InputError(origin, f"is larger than {MAX_FILE_BYTES // 1_000_000} MB; "
                                     "split it into articles (JSONL) first")
        chunks.append(chunk)
    else:
        return b"".join(chunks)
    raise InputError(origin, f"line {newlines + 1} is longer than {MAX_LINE_BYTES // 1_000_000} MB;"
                             " this is not article text (is the file corrupt?)")


def _read_file(path: Path, origin: str) -> bytes:
    with _open(path) as stream:
        data = _read_limited(stream.read, origin)
    if b"\x00" in data:
        raise InputError(origin, "holds binary data (NUL bytes); give text, HTML, JSONL, a feed "
                                 "or a WARC file")
    return data


_MAGIC = (
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x7fELF", "a program"), (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ", "an xz archive"),
)
_CONTROL_BYTES = frozenset(range(32)) - frozenset(b"\t\n\r\f\v\x1b")


def _binary_reason(head: bytes) -> str | None:
    """Why these first bytes are not text, or None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "is UTF-16 text; re-save it as UTF-8"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"is {what}, not text; convert it to text first"
    if b"\x00" in head:
        return "holds binary data (NUL bytes); give text, HTML, JSONL, a feed or a WARC file"
    controls = sum(1 for b in head if b in _CONTROL_BYTES)
    if head and controls / len(head) > 0.1:
        return "is mostly non-text bytes; give text, HTML, JSONL, a feed or a WARC file"
    return None


def _utf8_reason(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return (f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}, byte {column});"
            " re-save it as UTF-8")


def _decode_utf8(data: bytes, origin: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(origin, _utf8_reason(data, exc)) from None


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
                           re.IGNORECASE)


def _decode_html(data: bytes, origin: str, declared: str | None = None) -> str:
    """A page's text: UTF-8, else the charset the server or the page declares."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        error = exc
    found = _META_CHARSET.search(data[:4096])
    for charset in (declared, found.group(1).decode("ascii") if found else None):
        if not charset:
            continue
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            continue
        if codec != "utf-8":
            return data.decode(codec, errors="replace")
    raise InputError(origin, _utf8_reason(data, error))


# ---- dates and small helpers --------------------------------------------------------------------


def parse_published(value: Any) -> date | None:
    """A publication date from what inputs carry: a date, ISO 8601 (date or date-time), or an
    RFC 2822 date (feeds, mail). None for anything else; the calendar date is the one written,
    not converted to UTC."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _stem(path: Path) -> str:
    """``article.txt`` → ``article``; ``feed.jsonl.gz`` → ``feed``."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name


def _text_article(text: str, *, doc_id: str, origin: str, options: Options) -> Article:
    """A plain-text article; with ``--title-line`` its first non-empty line is the title."""
    title = None
    if options.title_line:
        first, _, rest = text.lstrip().partition("\n")
        title, text = first.strip() or None, rest
        if not text.strip():
            raise InputError(origin, "has a title line but no article text after it")
    return Article(doc_id=doc_id, text=text, title=title, published=options.published,
                   origin=origin)


# ---- plain text -------------------------------------------------------------------------------


def read_txt(path: Path, origin: str, options: Options) -> Iterator[Article | Reject]:
    """One plain-text article; its doc_id is the file name without extension."""
    text = _decode_utf8(_read_file(path, origin), origin)
    if not text.strip():
        raise InputError(origin, "is empty (only whitespace); give a file with article text")
    yield _text_article(text, doc_id=_stem(path), origin=origin, options=options)


def _read_stdin(stdin: TextIO | IO[Any], options: Options) -> Iterator[Article | Reject]:
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        data = _read_limited(buffer.read, "-")
    else:  # a text stream without bytes underneath (io.StringIO in tests and embedding code)
        data = _read_limited(lambda n: stdin.read(n).encode("utf-8", "surrogatepass"), "-")
    why = _binary_reason(data[:HEAD_BYTES])
    if why:
        raise InputError("-", why)
    text = _decode_utf8(data, "-")
    if not text.strip():
        raise InputError("-", "standard input is empty; pipe article text into it")
    yield _text_article(text, doc_id="stdin", origin="-", options=options)


# ---- HTML -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """What a web page yields: its main text and the metadata found in it."""

    text: str
    title: str | None
    url: str | None
    published: date | None


_DATE_PARAMS: Mapping[str, Any] = MappingProxyType(
    {"extensive_search": False, "original_date": True})
"""htmldate settings: dates from the page's markup (meta, <time>, JSON-LD, URL), the original
publication rather than the last update, never a date guessed from the running text."""


_PROSE_LINE = re.compile(
    r"^[ \t]*(?:\S+[ \t]+){5,}\S+|^[ \t]*(?:\S+[ \t]+){2,}\S*[.!?]['\")]?[ \t]*$", re.MULTILINE)
"""A line that reads as prose: six words or more, or three or more ending a sentence. A page
with none (menus, link lists, a lone "Home") has no article text."""


def extract_page(html: str, origin: str, url: str | None = None) -> Page:
    """Main text (trafilatura) and title, URL, publication date (htmldate) of one page."""
    import trafilatura  # heavy: imported when the first page is read

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params=dict(_DATE_PARAMS))
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not _PROSE_LINE.search(text):
        raise InputError(origin, "has no extractable article text (an empty page, an index page, "
                                 "or one built by JavaScript); give the article's own page")
    return Page(text=text, title=getattr(doc, "title", None) or None,
                url=getattr(doc, "url", None) or url,
                published=parse_published(getattr(doc, "date", None)))


def read_html(path: Path, origin: str, options: Options) -> Iterator[Article | Reject]:
    """One web page: its main text, title, URL and publication date."""
    page = extract_page(_decode_html(_read_file(path, origin), origin), origin)
    yield Article(doc_id=_stem(path), text=page.text, title=page.title, url=page.url,
                  published=page.published or options.published, origin=origin)


# ---- JSONL ------------------------------------------------------------------------------------

_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "id": ("id", "doc_id"),
    "text": ("text", "content", "content_original", "body"),
    "html": ("html", "raw_html"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "date": ("date", "published", "published_at", "publish_date"),
    "source": ("source", "publisher"),
})
"""Field names read from a JSONL object, case-insensitively, first present wins (the spec's
names first; the others are common in public news corpora)."""


def _field(record: Mapping[str, Any], name: str) -> Any:
    for key in _FIELDS[name]:
        if key in record:
            return record[key]
    return None


def _record_article(obj: Mapping[str, Any], origin: str, fallback_id: str,
                    options: Options) -> Article:
    """An article from one JSON object (a JSONL line)."""
    record = {str(k).lower(): v for k, v in obj.items()}
    doc_id = _field(record, "id")
    url = _field(record, "url")
    url = url if isinstance(url, str) and url.strip() else None
    if isinstance(doc_id, (int, float)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        doc_id = url or fallback_id
    text, html = _field(record, "text"), _field(record, "html")
    title = _field(record, "title")
    title = (title.strip() or None) if isinstance(title, str) else None
    page_date = None
    if isinstance(text, str) and text.strip():
        pass
    elif isinstance(html, str) and html.strip():
        page = extract_page(html, origin, url)
        text, title, url, page_date = (page.text, title or page.title, url or page.url,
                                       page.published)
    elif text is None and html is None:
        raise InputError(origin, "has no 'text' or 'html' field; give the article text in 'text'")
    elif any(v is not None and not isinstance(v, str) for v in (text, html)):
        raise InputError(origin, "has a 'text' or 'html' field that is not a string")
    else:
        raise InputError(origin, "has an empty 'text'; drop the line or fill it")
    raw_date = _field(record, "date")
    published = parse_published(raw_date)
    if published is None and raw_date not in (None, ""):
        log.warning("%s: date %r is not ISO 8601 or RFC 2822; using the default date", origin,
                    raw_date)
    source = _field(record, "source")
    return Article(doc_id=doc_id.strip(), text=text, title=title, url=url,
                   published=published or page_date or options.published,
                   source=source if isinstance(source, str) and source else None, origin=origin)


def read_jsonl(path: Path, origin: str, options: Options) -> Iterator[Article | Reject]:
    """One article per line; a bad line is a ``Reject`` naming ``path:line`` and the rest go on."""
    stem = _stem(path)
    with _open(path) as stream:
        lineno = 0
        while True:
            try:
                line = stream.readline(MAX_LINE_BYTES + 1)
            except (EOFError, OSError, zlib.error) as exc:
                yield Reject(f"{origin}:{lineno + 1}", _os_reason(exc) + "; the lines before "
                             "it were read")
                return
            if not line:
                return
            lineno += 1
            where = f"{origin}:{lineno}"
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                yield Reject(where, f"line is longer than {MAX_LINE_BYTES // 1_000_000} MB; "
                                    "split the article or drop the line")
                while (rest := stream.readline(CHUNK_BYTES)) and not rest.endswith(b"\n"):
                    pass
                continue
            if line.strip():
                yield _one(where, _line_article, line, where, f"{stem}:{lineno}", options)


def _line_article(line: bytes, where: str, fallback_id: str, options: Options) -> Article:
    return _record_article(_json_object(line, where), where, fallback_id, options)


def _json_object(line: bytes, where: str) -> Mapping[str, Any]:
    try:
        text = line.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"is not valid UTF-8 (byte 0x{line[exc.start]:02x} at byte "
                                f"{exc.start + 1}); re-save the file as UTF-8") from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"is not valid JSON ({exc.msg.removesuffix(' at')} at column "
                                f"{exc.colno}); "
                                "fix or remove the line") from None
    if not isinstance(obj, dict):
        raise InputError(where, f"is a JSON {type(obj).__name__}, not an object with 'id' and "
                                "'text'; write one object per line")
    return obj


# ---- feeds ------------------------------------------------------------------------------------

_HTML_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
                "section", "article", "figcaption", "pre", "ul", "ol", "table", "hr")


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's content), one line per block element."""
    if "<" not in fragment:
        return html_lib.unescape(fragment)
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return html_lib.unescape(re.sub(r"<[^>]*>", " ", fragment))
    for el in list(root.iter("script", "style", "noscript", "iframe")):
        el.drop_tree()
    for el in root.iter(*_HTML_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    return str(root.text_content())


def _check_xml_safe(data: bytes, origin: str) -> None:
    """Refuse XML that declares entities (billion laughs, quadratic blow-up, external entities)
    before any parser could expand them."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    reason = ("declares XML entities (a possible entity-expansion attack) and was not parsed; "
              "remove the DOCTYPE's entity declarations")
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(origin, reason) from None
    except ParseError:  # malformed XML: feedparser's lenient parser may still read it, but only
        if re.search(rb"<!ENTITY", data, re.IGNORECASE):  # when nothing can be expanded
            raise InputError(origin, reason) from None


def read_feed(path: Path, origin: str, options: Options) -> Iterator[Article | Reject]:
    """An RSS or Atom feed: one article per entry (content or summary, HTML stripped)."""
    import feedparser

    data = _read_file(path, origin)
    _check_xml_safe(data, origin)
    feed = feedparser.parse(io.BytesIO(data))
    if not feed.entries:
        why = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        raise InputError(origin, f"is not a readable RSS or Atom feed, or has no items{why}; "
                                 "check the file")
    if feed.get("bozo"):
        log.warning("%s: feed is not well-formed (%s); read what could be read", origin,
                    feed.bozo_exception)
    source = feed.feed.get("title") or None
    for n, entry in enumerate(feed.entries, 1):
        where = f"{origin}#{n}"
        text = _entry_text(entry)
        if not text.strip():
            yield Reject(where, "feed item has no content or summary; nothing to read")
            continue
        link = entry.get("link") or ""
        url = link if link.startswith(("http://", "https://")) else None
        title = entry.get("title") or None
        published = (parse_published(entry.get("published"))
                     or parse_published(entry.get("updated"))
                     or _struct_date(entry.get("published_parsed") or entry.get("updated_parsed")))
        yield Article(doc_id=url or entry.get("id") or link or f"{_stem(path)}#{n}", text=text,
                      title=title, url=url, published=published or options.published,
                      source=source, origin=where)


def _entry_text(entry: Mapping[str, Any]) -> str:
    parts = [c for c in entry.get("content") or () if c.get("value")]
    if parts:
        best = max(parts, key=lambda c: len(c["value"]))
        value, kind = best["value"], best.get("type", "text/html")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = entry.get("summary") or "", detail.get("type", "text/html")
    return html_fragment_text(value) if "html" in kind else value


def _struct_date(value: Any) -> date | None:
    try:
        return date(*value[:3]) if value else None
    except (TypeError, ValueError):
        return None


# ---- WARC -------------------------------------------------------------------------------------


def read_warc(path: Path, origin: str, options: Options) -> Iterator[Article | Reject]:
    """Web archive records: one article per HTML ``response`` record (Common Crawl News).

    The URL is the record's WARC-Target-URI (also its doc_id); the date is the page's own, else
    the record's WARC-Date. Non-HTML records and non-2xx responses are skipped.
    """
    from warcio.archiveiterator import ArchiveIterator

    pages = 0
    with open(path, "rb") as raw:
        records = ArchiveIterator(raw, arc2warc=True)
        try:
            for record in records:
                content_type = _warc_html_type(record)
                if content_type is None:
                    continue
                payload = record.content_stream().read(MAX_FILE_BYTES + 1)
                where = f"{origin}@{records.get_record_offset()}"
                pages += 1
                yield _one(where, _warc_article, record, payload, content_type, where, options)
        except Exception as exc:  # warcio reports damage in many ways (ArchiveLoadFailed, ...)
            raise InputError(origin, f"is not a readable WARC file after {pages} pages "
                                     f"({type(exc).__name__}: {exc}); check that it is complete"
                             ) from exc
    if not pages:
        yield Reject(origin, "holds no HTML response records; nothing to read")


def _warc_html_type(record: Any) -> str | None:
    """The Content-Type of a record that holds a page (a 2xx HTML response), else None."""
    if record.rec_type not in ("response", "resource"):
        return None
    if record.http_headers is not None:
        if not (record.http_headers.get_statuscode() or "200").startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    return content_type if "html" in content_type.lower() else None


def _warc_article(record: Any, payload: bytes, content_type: str, where: str,
                  options: Options) -> Article:
    if len(payload) > MAX_FILE_BYTES:
        raise InputError(where, f"page is larger than {MAX_FILE_BYTES // 1_000_000} MB; skipped")
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    page = extract_page(_decode_html(payload, where, found.group(1) if found else None), where, url)
    published = page.published or parse_published(record.rec_headers.get_header("WARC-Date"))
    return Article(doc_id=url or page.url or where, text=page.text, title=page.title,
                   url=url or page.url, published=published or options.published, origin=where)


# ---- sniffing ---------------------------------------------------------------------------------

_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>|\s+)*",
                     re.DOTALL | re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)")


def _root_tag(head: bytes) -> bytes | None:
    """The first element name of a markup document (after XML declaration, comments, DOCTYPE)."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    start = _PROLOG.match(head)
    found = _FIRST_TAG.match(head, start.end() if start else 0)
    return found.group(1).lower() if found else None


def _looks_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/")


def _looks_feed(head: bytes) -> bool:
    return _root_tag(head) in (b"rss", b"feed", b"rdf:rdf", b"rdf")


def _looks_html(head: bytes) -> bool:
    if re.match(rb"(?:\xef\xbb\xbf)?\s*<!doctype\s+html", head, re.IGNORECASE):
        return True
    return _root_tag(head) in (b"html", b"head", b"body")


def _looks_jsonl(head: bytes) -> bool:
    first = head.removeprefix(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0].strip()
    if not first.startswith(b"{"):
        return False
    if len(first) >= HEAD_BYTES - 2:  # a long first line: trust the brace
        return True
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, UnicodeDecodeError):
        return False


_TXT = Reader("txt", (".txt", ".text"), lambda head: False, read_txt)

READERS: tuple[Reader, ...] = (
    Reader("warc", (".warc", ".arc"), _looks_warc, read_warc, binary_ok=True),
    Reader("feed", (".xml", ".rss", ".atom"), _looks_feed, read_feed),
    Reader("html", (".html", ".htm", ".xhtml"), _looks_html, read_html),
    Reader("jsonl", (".jsonl", ".ndjson"), _looks_jsonl, read_jsonl),
    _TXT,
)
"""Readers in the order their content tests are tried; plain text is the fallback."""
