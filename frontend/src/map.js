// The world map, drawn in SVG from Natural Earth (world-atlas, bundled): countries shaded by
// their number of located events, and one point per place sized by its events, drawn by
// precision. It pans and zooms by mouse or keyboard.
import * as d3 from "d3";
import { feature } from "topojson-client";
import { numericToAlpha3 } from "i18n-iso-countries";
import world from "world-atlas/countries-50m.json";

const PRECISION_CLASS = { country: "pt-country", admin1: "pt-admin1" };

export class WorldMap {
  constructor(container) {
    this.container = container;
    this.transform = d3.zoomIdentity;
    container.addEventListener("keydown", (e) => this.key(e));
  }

  async load() {
    // Antarctica (ISO 010) left out: no news event is placed there, and the rest draws larger
    const countries = feature(world, world.objects.countries).features.filter((c) => c.id !== "010");
    for (const c of countries) c.properties.iso3 = c.id != null ? numericToAlpha3(c.id) ?? null : null;
    this.countries = countries;
    this.width = Math.max(320, this.container.clientWidth);
    this.height = Math.max(200, this.container.clientHeight || 300);
    this.projection = d3.geoNaturalEarth1()
      .fitExtent([[4, 4], [this.width - 4, this.height - 4]], { type: "FeatureCollection", features: countries });
    const path = d3.geoPath(this.projection);
    this.svg = d3.create("svg").attr("viewBox", [0, 0, this.width, this.height])
      .attr("width", this.width).attr("height", this.height).attr("role", "img");
    this.root = this.svg.append("g");
    this.root.append("path").datum({ type: "Sphere" }).attr("class", "sphere").attr("d", path);
    this.shapes = this.root.append("g").attr("class", "countries").selectAll("path").data(countries).join("path")
      .attr("class", "country").attr("d", path).attr("data-iso3", (d) => d.properties.iso3 ?? "");
    this.shapes.append("title");
    this.points = this.root.append("g").attr("class", "points");
    this.zoom = d3.zoom().scaleExtent([1, 40])
      .translateExtent([[0, 0], [this.width, this.height]])
      .on("zoom", ({ transform }) => {
        this.transform = transform;
        this.root.attr("transform", transform);
        this.points.selectAll("circle").attr("r", (d) => d.r / Math.sqrt(transform.k));
      });
    this.svg.call(this.zoom).on("dblclick.zoom", null);
    this.container.replaceChildren(this.svg.node());
  }

  draw(geo) {
    const features = (geo.features ?? []).filter((f) => f.geometry && f.geometry.type === "Point");
    const counts = d3.rollup(features, (v) => d3.sum(v, (f) => +f.properties.events),
      (f) => f.properties.country);
    const max = d3.max(counts.values()) || 1;
    const shade = d3.scaleSequentialSqrt(d3.interpolateBlues).domain([0, max * 1.25]);
    this.shapes.style("fill", (d) => (counts.get(d.properties.iso3) ? shade(counts.get(d.properties.iso3)) : null))
      .attr("data-count", (d) => counts.get(d.properties.iso3) ?? 0)
      .classed("has-events", (d) => counts.has(d.properties.iso3));
    this.shapes.select("title").text((d) => `${d.properties.name}: ${counts.get(d.properties.iso3) ?? 0} events`);

    const radius = d3.scaleSqrt().domain([0, d3.max(features, (f) => +f.properties.events) || 1]).range([2.5, 10]);
    const points = features.map((f) => ({
      lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], props: f.properties,
      r: radius(+f.properties.events),
    })).map((p) => Object.assign(p, { xy: this.projection([p.lon, p.lat]) })).filter((p) => p.xy)
      .sort((a, b) => b.r - a.r);
    const k = Math.sqrt(this.transform.k);
    this.points.selectAll("circle").data(points).join("circle")
      .attr("class", (d) => `pt ${PRECISION_CLASS[d.props.precision] ?? "pt-city"}`)
      .attr("cx", (d) => d.xy[0]).attr("cy", (d) => d.xy[1]).attr("r", (d) => d.r / k)
      .selectAll("title").data((d) => [d]).join("title")
      .text((d) => `${d.props.name ?? d.props.country ?? "?"} (${d.props.precision ?? "place"}): ${d.props.events} events`);
    const located = d3.sum(counts.values());
    Object.assign(this.container.dataset, {
      points: points.length, located, countries: counts.size,
      shaded: [...counts].filter(([c]) => c).sort().map(([c, n]) => `${c}:${n}`).join(","),
    });
    this.svg.attr("aria-label", `Map: ${located} located events at ${points.length} places in ${counts.size} countries`);
  }

  /** The area in view as [west, south, east, north] degrees (2 decimals, rounded outwards):
   * a grid of the viewport's points projected back, those off the globe left out; the whole
   * world when the map is not zoomed in. */
  visibleBounds() {
    if (!this.projection) return null;
    if (this.transform.k <= 1.0001) return [-180, -90, 180, 90];
    const lons = [];
    const lats = [];
    const n = 40;
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const xy = this.transform.invert([(this.width * i) / n, (this.height * j) / n]);
        const ll = this.projection.invert(xy);
        if (!ll || !Number.isFinite(ll[0]) || !Number.isFinite(ll[1])) continue;
        const back = this.projection(ll);
        if (!back || Math.hypot(back[0] - xy[0], back[1] - xy[1]) > 0.5) continue;
        lons.push(ll[0]);
        lats.push(ll[1]);
      }
    }
    if (!lons.length) return null;
    const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v));
    const down = (v, limit) => clamp(Math.floor(v * 100) / 100, limit);
    const up = (v, limit) => clamp(Math.ceil(v * 100) / 100, limit);
    return [down(d3.min(lons), 180), down(d3.min(lats), 90), up(d3.max(lons), 180), up(d3.max(lats), 90)];
  }

  zoomBy(factor) { this.svg.transition().duration(200).call(this.zoom.scaleBy, factor); }

  resetView() { if (this.svg) this.svg.call(this.zoom.transform, d3.zoomIdentity); }

  key(e) {
    const step = 60;
    const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key]) {
      this.svg.call(this.zoom.translateBy, ...moves[e.key].map((v) => v / this.transform.k));
    } else if (e.key === "+" || e.key === "=") this.zoomBy(1.6);
    else if (e.key === "-") this.zoomBy(1 / 1.6);
    else if (e.key === "0") this.resetView();
    else return;
    e.preventDefault();
  }
}
