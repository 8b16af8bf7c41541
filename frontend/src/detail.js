// One event: its sentence with the actors, the trigger and the place marked, its modality and
// confidence, and every article that reported it, with links.
import * as api from "./api.js";
import { actorLabel, el } from "./list.js";

/** The sentence split into plain and marked parts: [[text, kind|null], ...]. */
export function markSentence(sentence, marks) {
  const spans = [];
  for (const [text, kind] of marks) {
    if (!text) continue;
    let at = sentence.indexOf(text);
    if (at < 0) at = sentence.toLowerCase().indexOf(text.toLowerCase());
    if (at < 0) continue;
    const end = at + text.length;
    if (spans.some((s) => at < s.end && end > s.start)) continue;
    spans.push({ start: at, end, kind });
  }
  spans.sort((a, b) => a.start - b.start);
  const parts = [];
  let pos = 0;
  for (const s of spans) {
    if (s.start > pos) parts.push([sentence.slice(pos, s.start), null]);
    parts.push([sentence.slice(s.start, s.end), s.kind]);
    pos = s.end;
  }
  if (pos < sentence.length) parts.push([sentence.slice(pos), null]);
  return parts;
}

export class Detail {
  constructor(panel) {
    this.panel = panel;
    this.body = panel.querySelector("#detail-body");
    panel.querySelector("#detail-close").addEventListener("click", () => this.close());
    document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !panel.hidden) this.close(); });
  }

  close() {
    this.panel.hidden = true;
    document.body.classList.remove("detail-open");
    const row = document.querySelector("#list tr.selected button");
    if (row) row.focus();
  }

  async show(id) {
    this.panel.hidden = false;
    document.body.classList.add("detail-open");
    this.panel.dataset.eventId = id;
    this.body.replaceChildren(el("p", {}, "Loading…"));
    let data;
    try {
      data = await api.event(id);
    } catch (err) {
      this.body.replaceChildren(el("p", { class: "error" }, `Could not load event ${id}: ${err.message}`));
      return;
    }
    if (this.panel.dataset.eventId !== id) return;
    const ev = data;
    const evidence = ev.evidence ?? {};
    const marks = [
      ...(ev.actors ?? []).map((a) => [a.text, "actor"]),
      ...(ev.recipients ?? []).map((a) => [a.text, "recipient"]),
      [evidence.trigger, "trigger"],
      [ev.location?.text, "place"],
      [ev.date_text, "date"],
    ];
    const sentence = el("blockquote", { class: "sentence" },
      ...markSentence(evidence.sentence ?? "", marks).map(([text, kind]) =>
        (kind ? el("mark", { class: `m-${kind}`, title: kind }, text) : text)));
    const fields = [
      ["Type", [ev.event_type, ev.mode].filter(Boolean).join(" / ") + (ev.cameo ? ` (CAMEO ${ev.cameo}, quad class ${ev.quad_class ?? "?"})` : "")],
      ["Who", (ev.actors ?? []).map((a) => `${a.name ?? a.text} [${actorLabel(a)}]`).join("; ") || "unknown"],
      ["To whom", (ev.recipients ?? []).map((a) => `${a.name ?? a.text} [${actorLabel(a)}]`).join("; ") || "—"],
      ["When", `${ev.date ?? "undated"}${ev.date_text ? ` (“${ev.date_text}”)` : ""}${ev.published ? `, published ${ev.published}` : ""}`],
      ["Where", ev.location ? `${ev.location.name ?? ev.location.text} ${ev.location.country ?? ""} (${ev.location.precision ?? "?"})` : "—"],
      ["Modality", ev.modality ?? "?"],
      ["Confidence", ev.confidence != null ? (+ev.confidence).toFixed(2) : "?"],
      ["Reported", `${ev.num_sources} source${ev.num_sources === 1 ? "" : "s"}, ${ev.num_articles} article${ev.num_articles === 1 ? "" : "s"}, ${ev.num_mentions} mention${ev.num_mentions === 1 ? "" : "s"}`],
    ];
    const articles = data.articles ?? [];
    const sources = el("ul", { class: "sources" }, ...articles.map((a) => {
      const label = [a.source, a.published, a.title].filter(Boolean).join(" · ") || a.doc_id;
      const copy = a.kind && a.kind !== "original" ? ` (${a.kind} copy)` : "";
      return el("li", {}, a.url
        ? el("a", { href: a.url, target: "_blank", rel: "noopener noreferrer" }, label)
        : label, copy);
    }));
    const others = (data.mentions ?? []).map((m) => m.evidence?.sentence).filter((s) => s && s !== evidence.sentence);
    this.body.replaceChildren(
      sentence,
      el("p", { class: "legend marks" }, el("mark", { class: "m-actor" }, "actor"), " ", el("mark", { class: "m-recipient" }, "recipient"), " ",
        el("mark", { class: "m-trigger" }, "trigger"), " ", el("mark", { class: "m-place" }, "place"), " ", el("mark", { class: "m-date" }, "date")),
      el("dl", {}, ...fields.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      el("h3", {}, `Articles (${articles.length})`),
      sources,
      ...(others.length ? [el("h3", {}, `The same event in other words (${others.length})`),
        el("ul", { class: "sources" }, ...[...new Set(others)].map((s) => el("li", {}, s)))] : []),
    );
    this.panel.querySelector("#detail-close").focus();
  }
}
