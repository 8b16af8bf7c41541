// Events per day (or per week over more than a year), stacked by type; a drag across it zooms
// the whole explorer to those days.
import * as d3 from "d3";
import { EVENT_TYPES, typeColor } from "./colors.js";

const DAY = 86400000;
const MARGIN = { top: 8, right: 12, bottom: 22, left: 36 };

/** The first day of a period: "2022-10-13", "2022-W41" (ISO week: its Monday), "2022-10". */
export function day(text) {
  if (!text) return null;
  const week = /^(\d{4})-W(\d{2})$/.exec(text);
  if (week) {
    const jan4 = new Date(Date.UTC(+week[1], 0, 4));
    const monday = +jan4 - ((jan4.getUTCDay() + 6) % 7) * DAY;
    return new Date(monday + (+week[2] - 1) * 7 * DAY);
  }
  const d = new Date(`${text.length === 7 ? `${text}-01` : text.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

const iso = (d) => d.toISOString().slice(0, 10);

export class Timeline {
  constructor(container, legend, onZoom) {
    this.container = container;
    this.legend = legend;
    this.onZoom = onZoom;
  }

  draw(series, filters) {
    const step = series.per === "week" ? 7 * DAY : DAY;
    const rows = series.items.map((r) => ({ date: day(r.period), type: r.group, count: +r.events }))
      .filter((r) => r.date && r.count > 0);
    const byDay = d3.rollup(rows, (v) => new Map(v.map((r) => [r.type, r.count])), (r) => +r.date);
    const types = EVENT_TYPES.filter((t) => rows.some((r) => r.type === t));
    const days = [...byDay.keys()].sort((a, b) => a - b);
    const table = days.map((t) => Object.fromEntries([["date", t], ...types.map((k) => [k, byDay.get(t).get(k) ?? 0])]));
    const total = d3.sum(rows, (r) => r.count);
    Object.assign(this.container.dataset, { total, periods: days.length, per: series.per, types: types.join(",") });
    this.container.closest("section").querySelector("h2 .per").textContent = series.per;

    const width = Math.max(320, this.container.clientWidth);
    const height = Math.max(110, this.container.clientHeight || 140);
    const lo = filters.since ? day(filters.since) : days.length ? new Date(days[0]) : new Date();
    const hi = filters.until ? day(filters.until) : days.length ? new Date(days[days.length - 1]) : new Date();
    const x = d3.scaleUtc().domain([lo, new Date(+hi + step)]).range([MARGIN.left, width - MARGIN.right]);
    const stacked = d3.stack().keys(types)(table);
    const y = d3.scaleLinear().domain([0, d3.max(stacked.at(-1) ?? [], (d) => d[1]) || 1]).nice()
      .range([height - MARGIN.bottom, MARGIN.top]);
    const barWidth = Math.max(1, x(new Date(+lo + step)) - x(lo) - 1);

    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]).attr("width", width).attr("height", height)
      .attr("role", "img").attr("aria-label", `${total} events over ${days.length} ${series.per}s, stacked by type`);
    svg.append("g").selectAll("g").data(stacked).join("g").attr("fill", (s) => typeColor(s.key))
      .attr("data-type", (s) => s.key)
      .selectAll("rect").data((s) => s.map((d) => Object.assign(d, { type: s.key }))).join("rect")
      .attr("class", "bar")
      .attr("x", (d) => x(new Date(d.data.date))).attr("width", barWidth)
      .attr("y", (d) => y(d[1])).attr("height", (d) => y(d[0]) - y(d[1]))
      .append("title").text((d) => `${series.per} of ${iso(new Date(d.data.date))} ${d.type}: ${d[1] - d[0]}`);
    svg.append("g").attr("transform", `translate(0,${height - MARGIN.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))).tickSizeOuter(0));
    svg.append("g").attr("transform", `translate(${MARGIN.left},0)`)
      .call(d3.axisLeft(y).ticks(4).tickFormat(d3.format("~s")));
    if (!rows.length) {
      svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
        .attr("class", "empty").text("No dated events match the filters");
    }
    const brush = d3.brushX().extent([[MARGIN.left, MARGIN.top], [width - MARGIN.right, height - MARGIN.bottom]])
      .on("end", ({ selection }) => {
        if (!selection) return;
        const [a, b] = selection.map((px) => x.invert(px));
        const since = d3.utcDay.floor(a);
        const until = d3.utcDay.offset(d3.utcDay.ceil(b), -1);
        this.onZoom(iso(since), iso(until < since ? since : until));
      });
    svg.append("g").attr("class", "brush").call(brush);
    this.container.replaceChildren(svg.node());

    this.legend.replaceChildren(...types.map((t) => {
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = typeColor(t);
      li.append(swatch, t);
      return li;
    }));
  }
}
