// The one place that knows the API of `eventwire serve` (eventwire/serve/api.py): which
// endpoint answers what, and how the explorer's filters become query parameters. Every request
// goes to the page's own host, by a relative address.

export const PAGE_SIZE = 50;

/** The query parameters of a filter state (see main.js `emptyFilters`). */
export function filterParams(f) {
  const p = new URLSearchParams();
  if (f.since) p.set("since", f.since);
  if (f.until) p.set("until", f.until);
  for (const t of f.types) p.append("type", t);
  if (f.quad_class) p.set("quad_class", f.quad_class);
  if (f.actor) p.set("actor", f.actor);
  if (f.country) p.set("country", f.country);
  if (f.modality) p.set("modality", f.modality);
  if (f.min_confidence !== "" && f.min_confidence != null) p.set("min_confidence", f.min_confidence);
  if (f.min_sources !== "" && f.min_sources != null) p.set("min_sources", f.min_sources);
  if (f.bbox) p.set("bbox", f.bbox);
  return p;
}

function url(path, params) {
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

export class ApiError extends Error {}

async function getJSON(path, params = new URLSearchParams(), signal) {
  const response = await fetch(url(path, params), { signal, headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && body.detail) detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch { /* not JSON: keep the status line */ }
    throw new ApiError(`${path}: ${detail}`);
  }
  return response.json();
}

/** Where the API's routes start, relative to the page (eventwire/serve/api.py). */
export const API_BASE = "api/";

/** One page of events, newest first: {total, items}. */
export function events(f, offset, signal) {
  const p = filterParams(f);
  p.set("limit", PAGE_SIZE);
  p.set("offset", offset);
  p.set("sort", "-date");
  return getJSON(`${API_BASE}events`, p, signal);
}

/** The period the timeline counts by: a day for a year or less of the chosen range, else a week. */
export function periodOf(f) {
  if (!f.since || !f.until) return "week";
  const days = (Date.parse(f.until) - Date.parse(f.since)) / 86400000;
  return days <= 370 ? "day" : "week";
}

/** Counts per period and event type: {per, items: [{period, group, events}]}. */
export function timeSeries(f, signal) {
  const p = filterParams(f);
  p.set("per", periodOf(f));
  p.set("by", "type");
  return getJSON(`${API_BASE}stats`, p, signal);
}

/** Located events aggregated by place: a GeoJSON FeatureCollection (properties.events). */
export function places(f, signal) {
  return getJSON(`${API_BASE}places`, filterParams(f), signal);
}

/** Network edges between countries: {items: [{source, target, events, goldstein_mean}]}. */
export function dyads(f, signal) {
  const p = filterParams(f);
  p.set("limit", 80);
  return getJSON(`${API_BASE}dyads`, p, signal);
}

/** Actors whose name matches: {items: [{name, country, sector, role, events}]}. */
export function actors(search, signal) {
  const p = new URLSearchParams({ q: search, limit: 20 });
  return getJSON(`${API_BASE}actors`, p, signal);
}

/** One event with its evidence, member events (mentions) and the articles that report it. */
export function event(id, signal) {
  return getJSON(`${API_BASE}events/${encodeURIComponent(id)}`, new URLSearchParams(), signal);
}

/** The export formats of the API's /export. */
export const EXPORT_FORMATS = [
  ["plover", "PLOVER JSON lines"],
  ["gdelt", "GDELT events TSV"],
  ["gdelt-mentions", "GDELT mentions TSV"],
  ["csv", "CSV"],
  ["parquet", "Parquet"],
  ["geojson", "GeoJSON"],
  ["gexf", "GEXF (network)"],
];

export const EXPORT_SUFFIX = {
  plover: "jsonl", gdelt: "tsv", "gdelt-mentions": "tsv", csv: "csv", parquet: "parquet",
  geojson: "geojson", gexf: "gexf",
};

/** The address that exports the events of this filter state in this format. */
export function exportUrl(f, format) {
  const p = filterParams(f);
  p.set("format", format);
  return url(`${API_BASE}export`, p);
}
