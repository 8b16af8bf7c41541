"""Geoparsing gold: readers for the TR-News/LGL and GeoVirus XML forms, and the scorer.

Two forms are read (told apart by content, see ``is_geo_gold``):

- TR-News / LGL: ``<articles><article docid=...><text>…</text><toponyms><toponym>`` with
  ``<phrase>``, character ``<start>``/``<end>`` and a ``<gaztag geonameid=...>`` giving the
  GeoNames place (``<lat>``, ``<lon>``, ``<fcode>``). A toponym without a gaztag is
  ungrounded: it is not scored, and a prediction on it counts neither way. A few offsets of
  TR-News are off by a character or more (characters outside the BMP counted twice): the
  phrase is then looked for near the given offset.
- GeoVirus: ``<articles><article><source>URL</source><text>…</text><locations><location>``
  with ``<name>``, ``<start>``, ``<end>``, ``<lat>``, ``<lon>`` (a Wikipedia page, no
  geonameid: exact-id accuracy is not reported for it).

Scoring (``score``): a predicted toponym matches a gold one when their spans overlap, each
used once (the largest overlap first). Toponym precision is matched predictions over all
predictions (those on ungrounded gold left out), recall is matched over grounded gold.
Of the matched ones: exact-id accuracy (the predicted geonameid is the gold one),
acc@161 km (great-circle distance to the gold point at most 161 km) over the matched ones
("of found") and over all grounded gold ("of all"), and the median error in km.

The rule per gold set for adjectival toponyms (demonyms, "Turkish" for Turkey): TR-News
annotates them, so the finder is run with demonyms on; GeoVirus does not, so it is run with
them off (``GeoGold.demonyms``).

TR-News is split in halves by a hash of the article id (``half``): ``tune`` is where the
place finder's weights may be tuned, ``test`` is reported and never tuned on; GeoVirus is held
out whole. The text report lists the failures of the tuning half only, unless asked
(``render_geo``).
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ..errors import DataError
from ..knowledge.geoindex import distance_km
from ..records import Article, Place

log = logging.getLogger(__name__)

Half = Literal["tune", "test"]
ACC_KM = 161.0
"""The usual threshold of geoparsing accuracy: 100 miles."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    fcode: str | None = None

    @property
    def grounded(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GeoArticle:
    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    published: date | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class GeoGold:
    """One geoparsing gold set."""

    name: str
    form: Literal["trnews", "geovirus"]
    articles: tuple[GeoArticle, ...]

    @property
    def demonyms(self) -> bool:
        """Whether this set annotates adjectival toponyms ("Turkish") as their country."""
        return self.form == "trnews"

    def half(self, which: Half) -> GeoGold:
        """The articles of one half (by ``half`` of their id)."""
        return GeoGold(f"{self.name} ({which} half)", self.form,
                       tuple(a for a in self.articles if half(a.doc_id) == which))


def half(doc_id: str) -> Half:
    """``tune`` or ``test``, fixed by the SHA-1 of the article id (even first byte: tune)."""
    return "tune" if hashlib.sha1(doc_id.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def is_geo_gold(path: str | Path) -> bool:
    """Whether ``path`` looks like a geoparsing gold file (either form)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return b"<articles" in head and any(mark in head for mark in (
        b"<toponyms", b"<locations", b"<article docid=", b"<source>"))


def read_geo_gold(path: str | Path) -> GeoGold:
    """Read a TR-News/LGL or GeoVirus XML file (see the module doc)."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise DataError(f"{path}: cannot read it as geoparsing gold XML ({exc}); "
                        "give a TR-News/LGL or GeoVirus file") from None
    articles = root.findall("article")
    if root.tag != "articles" or not articles:
        raise DataError(f"{path}: no <articles><article> elements; give a TR-News/LGL or "
                        "GeoVirus file")
    if any(a.find("toponyms") is not None for a in articles):
        return GeoGold(path.stem, "trnews", tuple(_trnews_article(a, path) for a in articles))
    return GeoGold(path.stem, "geovirus",
                   tuple(_geovirus_article(a, path, i) for i, a in enumerate(articles)))


def _float(elem: ET.Element | None) -> float | None:
    if elem is None or elem.text is None or not elem.text.strip():
        return None
    try:
        return float(elem.text)
    except ValueError:
        return None


def _int_text(elem: ET.Element | None, where: str) -> int:
    try:
        return int((elem.text or "") if elem is not None else "")
    except ValueError:
        raise DataError(f"{where}: an offset should be an integer; fix the gold file") from None


def _locate(text: str, phrase: str, start: int) -> tuple[int, int] | None:
    """The span of ``phrase`` at ``start``, else its occurrence nearest to ``start``."""
    if text[start:start + len(phrase)] == phrase:
        return start, start + len(phrase)
    best = None
    at = text.find(phrase)
    while at >= 0:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = text.find(phrase, at + 1)
    return (best, best + len(phrase)) if best is not None else None


def _trnews_article(elem: ET.Element, path: Path) -> GeoArticle:
    doc_id = elem.get("docid") or ""
    text = elem.findtext("text") or ""
    where = f"{path}: article {doc_id}"
    toponyms = []
    for top in elem.iter("toponym"):
        phrase = (top.findtext("phrase") or "").strip()
        span = _locate(text, phrase, _int_text(top.find("start"), where)) if phrase else None
        if span is None:
            log.warning("%s: toponym %r not found in the text; left out", where, phrase)
            continue
        tag = top.find("gaztag")
        lat = lon = None
        gid = None
        fcode = None
        if tag is not None:
            lat, lon = _float(tag.find("lat")), _float(tag.find("lon"))
            found = tag.get("geonameid") or ""
            gid = int(found) if found.isdigit() else None
            fcode = tag.findtext("fcode")
        toponyms.append(GoldToponym(span[0], span[1], phrase, lat, lon, gid, fcode))
    dl = (elem.findtext("dltime") or "").strip()
    try:
        published = date.fromisoformat(dl[:10]) if dl else None
    except ValueError:
        published = None
    return GeoArticle(doc_id, text, tuple(toponyms), published,
                      (elem.findtext("title") or "").strip() or None)


def _geovirus_article(elem: ET.Element, path: Path, number: int) -> GeoArticle:
    doc_id = f"geovirus-{number}"
    text = elem.findtext("text") or ""
    where = f"{path}: article {number + 1}"
    toponyms = []
    for loc in elem.iter("location"):
        name = (loc.findtext("name") or "").strip()
        span = _locate(text, name, _int_text(loc.find("start"), where)) if name else None
        if span is None:
            log.warning("%s: location %r not found in the text; left out", where, name)
            continue
        toponyms.append(GoldToponym(span[0], span[1], name, _float(loc.find("lat")),
                                    _float(loc.find("lon")), None))
    return GeoArticle(doc_id, text, tuple(toponyms))


# --- predicting ----------------------------------------------------------------------------

def predict(articles: Sequence[GeoArticle], extractor: Any, *,
            demonyms: bool) -> list[list[Place]]:
    """The places the pipeline finds in each article (cleaning, parsing every sentence, the
    place finder), with offsets mapped back to the gold text."""
    from ..pipeline.clean import clean
    from ..pipeline.nlp import parse_documents
    from ..pipeline.places import resolve_places

    def units(doc: Any) -> list[Any]:
        from ..pipeline.nlp import Unit

        return [Unit(i, start, doc.text[start:end])
                for i, (start, end) in enumerate(extractor.prefilter.sentences(doc))]

    docs = [clean(Article(a.doc_id, a.text, title=None, published=a.published))
            for a in articles]
    out: list[list[Place]] = []
    parsed_all = parse_documents(extractor.nlp, docs, units, extractor.options.batch_size)
    for article, (doc, parsed) in zip(articles, parsed_all):
        places = resolve_places(parsed, extractor.gazetteer, demonyms=demonyms)
        back = _offset_map(doc.text, article.text)
        mapped = []
        for p in places:
            start, end = back(p.start, p.end)
            mapped.append(Place(p.text, start, end, p.name, p.country, p.admin1, p.lat, p.lon,
                                p.geonameid, p.precision))
        out.append(mapped)
    return out


def _offset_map(cleaned: str, raw: str) -> Any:
    """A function from a span of the cleaned text to the same span of the raw text."""
    matcher = difflib.SequenceMatcher(None, cleaned, raw, autojunk=False)
    blocks = matcher.get_matching_blocks()

    def one(pos: int) -> int:
        for a, b, size in blocks:
            if a <= pos < a + size:
                return b + pos - a
            if pos < a:
                return b
        return len(raw)

    def span(start: int, end: int) -> tuple[int, int]:
        first = one(start)
        last = one(end - 1) + 1 if end > start else first
        return first, max(last, first)

    return span


# --- scoring -------------------------------------------------------------------------------

@dataclass(slots=True)
class GeoReport:
    """The figures of one gold set (see the module doc)."""

    name: str
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    with_id: int = 0
    near: int = 0
    errors_km: list[float] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)
    """(doc id, gold text) of gold toponyms not found."""
    spurious: list[tuple[str, str]] = field(default_factory=list)
    """(doc id, predicted text) of predictions matching no gold toponym."""
    far: list[tuple[str, str, str, float]] = field(default_factory=list)
    """(doc id, text, predicted name, km) of matches beyond 161 km."""
    held_out: bool = False
    """Figures of data no change is chosen on (a TR-News test half, a whole halved set, which
    holds that half, a GeoVirus set): the text report gives their figures, and lists their
    failures only when asked (``render_geo``'s ``held_out``)."""

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def acc_found(self) -> float:
        return self.near / self.matched if self.matched else 0.0

    @property
    def acc_all(self) -> float:
        return self.near / self.gold if self.gold else 0.0

    @property
    def exact_id(self) -> float | None:
        return self.exact / self.with_id if self.with_id else None

    @property
    def median_km(self) -> float | None:
        return statistics.median(self.errors_km) if self.errors_km else None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "articles": self.articles, "gold_toponyms": self.gold,
                "predicted": self.predicted, "matched": self.matched,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "exact_id_accuracy": None if self.exact_id is None else round(self.exact_id, 4),
                "acc161_found": round(self.acc_found, 4), "acc161_all": round(self.acc_all, 4),
                "median_error_km": None if self.median_km is None else round(self.median_km, 1)}


def score(name: str, articles: Sequence[GeoArticle],
          predictions: Sequence[Sequence[Place]]) -> GeoReport:
    """Score ``predictions`` (one list per article, offsets in the gold text)."""
    report = GeoReport(name)
    for article, predicted in zip(articles, predictions, strict=True):
        report.articles += 1
        grounded = [g for g in article.toponyms if g.grounded]
        report.gold += len(grounded)
        pairs = sorted(((min(p.end, g.end) - max(p.start, g.start), i, j)
                        for i, p in enumerate(predicted) for j, g in enumerate(article.toponyms)
                        if min(p.end, g.end) > max(p.start, g.start)), reverse=True)
        used_p: dict[int, int] = {}
        used_g: set[int] = set()
        for _, i, j in pairs:
            if i not in used_p and j not in used_g:
                used_p[i] = j
                used_g.add(j)
        for i, p in enumerate(predicted):
            if i not in used_p:
                report.predicted += 1
                report.spurious.append((article.doc_id, p.text))
                continue
            g = article.toponyms[used_p[i]]
            if not g.grounded:
                continue  # a prediction on an ungrounded toponym counts neither way
            report.predicted += 1
            report.matched += 1
            if g.geonameid is not None:
                report.with_id += 1
                report.exact += int(p.geonameid == g.geonameid)
            if p.lat is None or p.lon is None or g.lat is None or g.lon is None:
                km = 20_000.0  # a place without a point is as far as can be
            else:
                km = distance_km(p.lat, p.lon, g.lat, g.lon)
            report.errors_km.append(km)
            if km <= ACC_KM:
                report.near += 1
            else:
                report.far.append((article.doc_id, p.text, p.name or "", round(km)))
        report.missed.extend((article.doc_id, g.text) for j, g in enumerate(article.toponyms)
                             if g.grounded and j not in used_g)
    return report


def evaluate_geo(paths: Iterable[str | Path], extractor: Any | None = None,
                 *, halves: bool = True) -> list[GeoReport]:
    """Read each gold file, run the place finder, score: TR-News/LGL sets by half (``tune``
    and ``test``) and whole, GeoVirus sets whole."""
    from ..options import build_options
    from ..pipeline import Extractor

    extractor = extractor or Extractor(build_options(prefilter=False))
    reports = []
    for path in paths:
        gold = read_geo_gold(path)
        predictions = predict(gold.articles, extractor, demonyms=gold.demonyms)
        halved = gold.form == "trnews" and halves
        if halved:
            for which in ("tune", "test"):
                keep = [i for i, a in enumerate(gold.articles) if half(a.doc_id) == which]
                reports.append(replace(score(f"{gold.name} ({which} half)",
                                             [gold.articles[i] for i in keep],
                                             [predictions[i] for i in keep]),
                                       held_out=which == "test"))
        whole = score(gold.name, gold.articles, predictions)
        reports.append(replace(whole, held_out=halved or gold.form == "geovirus"))
    return reports


def render_geo(reports: Sequence[GeoReport], examples: int = 3, held_out: bool = False) -> str:
    """The text report: one block of figures per gold set, and a few failures — of held-out
    data (``GeoReport.held_out``) only with ``held_out``: changes are read on the tuning half,
    and the held-out figures are computed, never read toponym by toponym (docs/places.md)."""
    lines = []
    for r in reports:
        exact = "n/a (no ids in this gold)" if r.exact_id is None else f"{r.exact_id:.3f}"
        median = "n/a" if r.median_km is None else f"{r.median_km:.1f} km"
        lines += [f"== {r.name}: {r.articles} articles, {r.gold} gold toponyms",
                  f"toponyms:      precision {r.precision:.3f}  recall {r.recall:.3f}  "
                  f"({r.matched} matched of {r.predicted} predicted)",
                  f"exact id:      {exact}",
                  f"acc@161 km:    {r.acc_found:.3f} of found  {r.acc_all:.3f} of all gold",
                  f"median error:  {median}"]
        if examples and r.held_out and not held_out:
            lines.append("failures:      not listed for held-out data (--show-held-out lists "
                         "them)")
        elif examples:
            if r.missed:
                lines.append("missed:        " + "; ".join(
                    f"{d}: {t!r}" for d, t in r.missed[:examples]))
            if r.spurious:
                lines.append("spurious:      " + "; ".join(
                    f"{d}: {t!r}" for d, t in r.spurious[:examples]))
            if r.far:
                lines.append("far:           " + "; ".join(
                    f"{d}: {t!r} as {n} ({km:.0f} km)" for d, t, n, km in r.far[:examples]))
        lines.append("")
    return "\n".join(lines)
