// The filter bar: a form whose fields are the filter state, and the state's place in the
// address (#since=...&type=...), so that a view can be bookmarked and shared.
import * as api from "./api.js";
import { EVENT_TYPES } from "./colors.js";

export function emptyFilters() {
  return {
    since: "", until: "", types: [], quad_class: "", actor: "", country: "", modality: "asserted",
    min_confidence: "", min_sources: "", bbox: "",
  };
}

const SCALARS = ["since", "until", "quad_class", "actor", "country", "modality", "min_confidence", "min_sources"];

export class FilterBar {
  constructor(form, onApply) {
    this.form = form;
    const boxes = form.querySelector("#type-boxes");
    for (const type of EVENT_TYPES) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = "type";
      box.value = type;
      label.append(box, ` ${type}`);
      boxes.append(label);
    }
    form.addEventListener("change", (e) => { if (e.target.name === "type") this.summarizeTypes(); });
    const types = form.querySelector("#types");
    types.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && types.open) {
        e.stopPropagation();
        types.open = false;
        types.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", (e) => { if (types.open && !types.contains(e.target)) types.open = false; });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      form.querySelector("#types").open = false;
      onApply(this.read());
    });
    const actor = form.elements.actor;
    const options = form.querySelector("#actor-options");
    let timer = null;
    let pending = null;
    actor.addEventListener("input", () => {
      clearTimeout(timer);
      const text = actor.value.trim();
      if (text.length < 2) return;
      timer = setTimeout(async () => {
        if (pending) pending.abort();
        pending = new AbortController();
        try {
          const found = await api.actors(text, pending.signal);
          const seen = new Set();
          options.replaceChildren(...found.items.filter((a) => !seen.has(a.name) && seen.add(a.name)).map((a) => {
            const o = document.createElement("option");
            o.value = a.name;
            o.label = `${[a.country, a.sector].filter(Boolean).join(" ") || "?"} · ${a.events} events as ${a.role}`;
            return o;
          }));
        } catch { /* suggestions are a convenience: the filter still works without them */ }
      }, 250);
    });
  }

  summarizeTypes() {
    const chosen = [...this.form.querySelectorAll("input[name=type]:checked")].map((b) => b.value);
    this.form.querySelector("#types-summary").textContent = chosen.length ? chosen.join(", ") : "all";
  }

  /** The filter state the form shows. */
  read() {
    const f = emptyFilters();
    const el = this.form.elements;
    for (const name of SCALARS) f[name] = el[name].value.trim();
    f.country = f.country.toUpperCase();
    f.types = [...this.form.querySelectorAll("input[name=type]:checked")].map((b) => b.value);
    return f;
  }

  /** Shows a filter state in the form. */
  show(f) {
    const el = this.form.elements;
    for (const name of SCALARS) el[name].value = f[name] ?? "";
    for (const box of this.form.querySelectorAll("input[name=type]")) box.checked = f.types.includes(box.value);
    this.summarizeTypes();
  }

  static toHash(f) {
    const p = new URLSearchParams();
    for (const name of SCALARS) if (f[name] && f[name] !== emptyFilters()[name]) p.set(name, f[name]);
    if (f.types.length) p.set("type", f.types.join(","));
    if (f.bbox) p.set("bbox", f.bbox);
    return p.toString();
  }

  static fromHash(hash) {
    const p = new URLSearchParams(hash.replace(/^#/, ""));
    const f = emptyFilters();
    for (const name of SCALARS) f[name] = p.get(name) ?? f[name];
    f.types = (p.get("type") ?? "").split(",").filter((t) => EVENT_TYPES.includes(t));
    f.bbox = p.get("bbox") ?? "";
    return f;
  }
}
