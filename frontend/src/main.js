// The explorer: one filter state, five views. Every change of the filters (the filter bar, a
// drag on the timeline, the map's visible area, a click on a network node) refetches and
// redraws the timeline, the map, the network and the list together.
import "./style.css";
import * as api from "./api.js";
import { FilterBar, emptyFilters } from "./filters.js";
import { Timeline } from "./timeline.js";
import { WorldMap } from "./map.js";
import { Network } from "./network.js";
import { EventList } from "./list.js";
import { Detail } from "./detail.js";

const status = document.getElementById("status");
let filters = emptyFilters();
let generation = 0;
let inflight = null;

const detail = new Detail(document.getElementById("detail"));
// the filter bar has no field for the map area: applying it keeps the area set on the map
const bar = new FilterBar(document.getElementById("filters"), (next) => apply({ ...next, bbox: filters.bbox }));
const timeline = new Timeline(document.getElementById("timeline"), document.getElementById("timeline-legend"),
  (since, until) => apply({ ...filters, since, until }));
const map = new WorldMap(document.getElementById("map"));
const network = new Network(document.getElementById("network"), (actor) => apply({ ...filters, actor }));
const list = new EventList(document.getElementById("list"), document.getElementById("list-count"),
  document.getElementById("list-more"), (id) => detail.show(id));

document.getElementById("timeline-reset").addEventListener("click", () => apply({ ...filters, since: "", until: "" }));
document.getElementById("reset").addEventListener("click", () => { map.resetView(); apply(emptyFilters()); });
document.getElementById("map-zoom-in").addEventListener("click", () => map.zoomBy(1.6));
document.getElementById("map-zoom-out").addEventListener("click", () => map.zoomBy(1 / 1.6));
document.getElementById("map-zoom-reset").addEventListener("click", () => map.resetView());
const areaButton = document.getElementById("map-filter-area");
const areaClear = document.getElementById("map-clear-area");
const areaLabel = document.getElementById("map-area");
areaButton.addEventListener("click", () => {
  const bounds = map.visibleBounds();
  if (bounds) apply({ ...filters, bbox: bounds.join(",") });
});
areaClear.addEventListener("click", () => apply({ ...filters, bbox: "" }));
function showArea() {
  const [w, s, e, n] = filters.bbox ? filters.bbox.split(",") : [];
  areaLabel.textContent = filters.bbox ? `Area: ${w}…${e} E, ${s}…${n} N` : "Any area";
  areaLabel.dataset.bbox = filters.bbox;
  areaClear.disabled = !filters.bbox;
}

const exportFormat = document.getElementById("export-format");
const exportLink = document.getElementById("export-link");
for (const [value, label] of api.EXPORT_FORMATS) exportFormat.add(new Option(label, value));
exportFormat.addEventListener("change", updateExportLink);
function updateExportLink() {
  exportLink.href = api.exportUrl(filters, exportFormat.value);
  exportLink.setAttribute("download", `eventwire-${exportFormat.value}.${api.EXPORT_SUFFIX[exportFormat.value]}`);
}

window.addEventListener("hashchange", () => {
  const next = FilterBar.fromHash(location.hash);
  if (JSON.stringify(next) !== JSON.stringify(filters)) apply(next, { fromHash: true });
});

/** Sets the filters, refetches every view and redraws them. */
async function apply(next, { fromHash = false } = {}) {
  filters = next;
  bar.show(filters);
  showArea();
  updateExportLink();
  if (!fromHash) {
    const hash = FilterBar.toHash(filters);
    if (hash !== location.hash.replace(/^#/, "")) history.replaceState(null, "", hash ? `#${hash}` : location.pathname);
  }
  if (inflight) inflight.abort();
  const controller = new AbortController();
  inflight = controller;
  const mine = ++generation;
  document.body.dataset.busy = "true";
  status.textContent = "Loading…";
  // each view draws as soon as its answer comes (the list first on a large database); the page
  // is settled (data-generation) when all four have drawn or failed
  const views = [
    ["timeline", () => api.timeSeries(filters, controller.signal), (d) => timeline.draw(d, filters)],
    ["map", () => api.places(filters, controller.signal), (d) => map.draw(d)],
    ["network", () => api.dyads(filters, controller.signal), (d) => network.draw(d, filters.actor)],
    ["list", () => api.events(filters, 0, controller.signal), (d) => {
      list.draw(d, filters);
      status.textContent = `${d.total} event${d.total === 1 ? "" : "s"} match the filters.`;
    }],
  ];
  const errors = [];
  await Promise.all(views.map(async ([name, load, draw]) => {
    const panel = document.getElementById(`${name}-panel`);
    panel.classList.add("loading");
    try {
      const data = await load();
      if (mine === generation) draw(data);
    } catch (err) {
      if (err.name !== "AbortError") errors.push(err.message);
    } finally {
      if (mine === generation) panel.classList.remove("loading");
    }
  }));
  if (mine !== generation) return;
  if (errors.length) status.textContent = `Could not load the events: ${[...new Set(errors)].join("; ")}`;
  document.body.dataset.error = errors.join("; ");
  document.body.dataset.busy = "false";
  document.body.dataset.generation = String(mine);
  inflight = null;
}

async function start() {
  await map.load();
  apply(FilterBar.fromHash(location.hash), { fromHash: true });
}

start();
