// PLOVER's sixteen event types in the codebook's order (cooperation first, then conflict), each
// with one colour used by every view.
export const EVENT_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

const PALETTE = [
  "#1f77b4", "#6baed6", "#17becf", "#9edae5", "#2ca02c", "#98df8a", "#bcbd22", "#dbdb8d",
  "#ff9896", "#e377c2", "#ff7f0e", "#ffbb78", "#9467bd", "#8c564b", "#d62728", "#7f0000",
];

export function typeColor(type) {
  const i = EVENT_TYPES.indexOf(type);
  return i < 0 ? "#888" : PALETTE[i];
}

/** Mean Goldstein score (-10 conflict .. +10 cooperation) → a colour from red to blue. */
export function goldsteinColor(score) {
  if (score == null || Number.isNaN(score)) return "#888";
  const t = Math.max(-1, Math.min(1, score / 7));
  return t >= 0 ? mix("#9aa4ad", "#1f5fa8", t) : mix("#9aa4ad", "#c0262d", -t);
}

function mix(a, b, t) {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return `rgb(${pa.map((x, i) => Math.round(x + (pb[i] - x) * t)).join(",")})`;
}
