// The list of the events that match, newest first as the API sorts them, a page at a time.
import * as api from "./api.js";
import { typeColor } from "./colors.js";

export const actorLabel = (a) => (a ? [a.country, a.sector].filter(Boolean).join("") || a.name || a.text : "");

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  node.append(...children.filter((c) => c != null));
  return node;
}
export { el };

export class EventList {
  constructor(container, count, more, onOpen) {
    this.container = container;
    this.count = count;
    this.more = more;
    this.onOpen = onOpen;
    more.addEventListener("click", () => this.nextPage());
  }

  draw(page, filters) {
    this.filters = filters;
    this.shown = 0;
    this.total = page.total;
    this.table = el("table", { class: "events" },
      el("thead", {}, el("tr", {}, ...["Date", "Type", "Who → whom", "Where", "Conf.", "Src."].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody"));
    this.container.replaceChildren(this.table);
    this.append(page.items);
  }

  append(events) {
    const body = this.table.tBodies[0];
    for (const ev of events) {
      const open = el("button", { type: "button", class: "link",
        title: ev.date ? "Show the sentence and its sources" : "(the text gives no date: the article's publication date) Show the sentence and its sources" },
        ev.date ?? (ev.published ? `(${ev.published})` : "undated"));
      open.addEventListener("click", () => { this.select(row); this.onOpen(ev.event_id); });
      const who = (ev.actors ?? []).map(actorLabel).join(", ") || "?";
      const whom = (ev.recipients ?? []).map(actorLabel).join(", ");
      const row = el("tr", { "data-event-id": ev.event_id, "data-type": ev.event_type },
        el("td", {}, open),
        el("td", {}, el("span", { class: "swatch" }), ev.event_type,
          ev.modality && ev.modality !== "asserted" ? el("span", { class: "modality-flag" }, ` ${ev.modality}`) : null),
        el("td", {}, whom ? `${who} → ${whom}` : who),
        el("td", {}, ev.location ? ev.location.name ?? ev.location.country ?? "" : ""),
        el("td", { class: "num" }, ev.confidence != null ? (+ev.confidence).toFixed(2) : ""),
        el("td", { class: "num", title: `${ev.num_articles} articles, ${ev.num_mentions} mentions` }, String(ev.num_sources ?? "")));
      row.querySelector(".swatch").style.background = typeColor(ev.event_type);
      row.addEventListener("click", (e) => { if (e.target.tagName !== "BUTTON") open.click(); });
      body.append(row);
    }
    this.shown += events.length;
    this.count.textContent = `(${this.shown} of ${this.total})`;
    this.more.hidden = this.shown >= this.total;
    Object.assign(this.container.dataset, { total: this.total, shown: this.shown });
    if (!this.shown) {
      body.append(el("tr", {}, el("td", { colSpan: 6, class: "empty" }, "No events match the filters.")));
    }
  }

  select(row) {
    for (const r of this.table.querySelectorAll("tr.selected")) r.classList.remove("selected");
    row.classList.add("selected");
  }

  async nextPage() {
    this.more.disabled = true;
    try {
      const page = await api.events(this.filters, this.shown);
      this.append(page.items);
    } finally {
      this.more.disabled = false;
    }
  }
}
