// The actor network: one node per actor (area by its events), one edge per pair of actors that
// acted on each other (width by events, colour by mean Goldstein score: blue cooperation, red
// conflict). The layout is computed before drawing, so it does not move under the pointer.
import * as d3 from "d3";
import { goldsteinColor } from "./colors.js";

export class Network {
  constructor(container, onActor) {
    this.container = container;
    this.onActor = onActor;
  }

  draw(data, selected) {
    const edges = data.items.map((e) => ({
      source: e.source, target: e.target, count: +e.events, goldstein: e.goldstein_mean,
    }));
    const weight = new Map();
    for (const e of edges) {
      weight.set(e.source, (weight.get(e.source) ?? 0) + e.count);
      if (e.target !== e.source) weight.set(e.target, (weight.get(e.target) ?? 0) + e.count);
    }
    const nodes = [...weight].map(([id, count]) => ({ id, count }));
    Object.assign(this.container.dataset, {
      nodes: nodes.length, edges: edges.length,
      signature: edges.map((e) => `${e.source}>${e.target}:${e.count}`).sort().join(","),
    });

    const width = Math.max(280, this.container.clientWidth);
    const height = Math.max(200, this.container.clientHeight || 300);
    const r = d3.scaleSqrt().domain([0, d3.max(nodes, (n) => n.count) || 1]).range([4, 22]);
    const w = d3.scaleLinear().domain([1, d3.max(edges, (e) => e.count) || 1]).range([1, 7]);
    const links = edges.map((e) => ({ ...e }));
    const sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((n) => n.id).distance(70))
      .force("charge", d3.forceManyBody().strength(-160))
      .force("collide", d3.forceCollide((n) => r(n.count) + 3))
      .force("x", d3.forceX(width / 2).strength(0.06))
      .force("y", d3.forceY(height / 2).strength(0.09))
      .stop();
    for (let i = 0; i < 220; i++) sim.tick();
    for (const n of nodes) {
      n.x = Math.max(r(n.count) + 2, Math.min(width - r(n.count) - 2, n.x));
      n.y = Math.max(r(n.count) + 2, Math.min(height - r(n.count) - 12, n.y));
    }

    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]).attr("width", width).attr("height", height)
      .attr("aria-label", `${nodes.length} actors, ${edges.length} pairs`);
    svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8").attr("refX", 8)
      .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9).attr("orient", "auto")
      .append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", "#777");
    svg.append("g").attr("class", "edges").selectAll("line").data(links).join("line")
      .attr("class", "edge")
      .attr("x1", (l) => l.source.x).attr("y1", (l) => l.source.y)
      .attr("x2", (l) => shorten(l, r).x).attr("y2", (l) => shorten(l, r).y)
      .attr("stroke", (l) => goldsteinColor(l.goldstein)).attr("stroke-width", (l) => w(l.count))
      .attr("marker-end", "url(#arrow)")
      .append("title").text((l) => `${l.source.id} → ${l.target.id}: ${l.count} events, mean Goldstein ${fmt(l.goldstein)}`);
    const node = svg.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
      .attr("class", (n) => `node${n.id === selected ? " selected" : ""}`)
      .attr("transform", (n) => `translate(${n.x},${n.y})`)
      .attr("tabindex", 0).attr("role", "button").attr("data-actor", (n) => n.id)
      .attr("aria-label", (n) => `${n.id}: ${n.count} events; filter by this actor`)
      .on("click", (_, n) => this.onActor(n.id === selected ? "" : n.id))
      .on("keydown", (e, n) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); this.onActor(n.id === selected ? "" : n.id); }
      });
    node.append("circle").attr("r", (n) => r(n.count));
    node.append("text").attr("y", (n) => r(n.count) + 10).attr("text-anchor", "middle").text((n) => n.id);
    if (!nodes.length) {
      svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
        .attr("class", "empty").text("No actor pairs match the filters");
    }
    this.container.replaceChildren(svg.node());
  }
}

function shorten(l, r) {
  const dx = l.target.x - l.source.x;
  const dy = l.target.y - l.source.y;
  const d = Math.hypot(dx, dy) || 1;
  const cut = r(l.target.count) + 2;
  return { x: l.target.x - (dx / d) * cut, y: l.target.y - (dy / d) * cut };
}

const fmt = (x) => (x == null ? "n/a" : (+x).toFixed(1));
