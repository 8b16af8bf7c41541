// Drives the explorer page in Debian's Chromium with playwright-core (never a downloaded
// browser) and prints what it saw as one JSON object; tests/test_explorer_browser.py asserts on
// it, scripts/screenshot.py uses it for docs/explorer.png.
//
//   node tests/browser/explorer.mjs check URL TYPE
//   node tests/browser/explorer.mjs screenshot URL OUT.png
//
// Every request the page makes is recorded; any that is not to the loopback host is answered
// with an abort (so nothing leaves the machine) and reported under "offHost".
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.EVENTWIRE_CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

const [mode, url, arg] = process.argv.slice(2);
if (!["check", "screenshot"].includes(mode) || !url || !arg) {
  console.error("usage: explorer.mjs check URL TYPE | explorer.mjs screenshot URL OUT.png");
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), "eventwire-chromium-"));
const requests = [];
const offHost = [];
const consoleErrors = [];
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, ignoreDefaultArgs: ["--enable-automation"],
    viewport: { width: 1440, height: 900 }, timeout: 30000,
  });
  await context.route("**/*", (route) => {
    const target = route.request().url();
    const { protocol, hostname } = new URL(target);
    requests.push(target);
    if ((protocol === "http:" || protocol === "https:" || protocol === "ws:") && !LOOPBACK.has(hostname)) {
      offHost.push(target);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15000);
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  const result = {};
  try {
    Object.assign(result, mode === "check" ? await check(page, url, arg, result) : await screenshot(page, url, arg));
    await page.waitForTimeout(300); // let any late request show itself
  } catch (err) {
    result.failure = String(err.stack || err).split("\n").slice(0, 4).join("\n");
    if (process.env.EVENTWIRE_FAILSHOT) await page.screenshot({ path: process.env.EVENTWIRE_FAILSHOT });
    process.exitCode = 1;
  }
  console.log(JSON.stringify({ ...result, requests, offHost, consoleErrors }));
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}

/** Waits until the views have been redrawn after generation `after`. */
async function settled(page, after) {
  await page.waitForFunction((g) => Number(document.body.dataset.generation) > g && document.body.dataset.busy === "false", after);
  return Number(await page.evaluate(() => document.body.dataset.generation));
}

/** What each view shows now: its data summary and a digest of its drawing. */
function snapshot(page) {
  return page.evaluate(() => {
    const digest = (node) => {
      const text = node ? node.innerHTML : "";
      let h = 0;
      for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
      return `${text.length}:${h}`;
    };
    const one = (sel) => document.querySelector(sel);
    return {
      timeline: { ...one("#timeline").dataset, bars: document.querySelectorAll("#timeline rect.bar").length,
        barTypes: [...new Set([...document.querySelectorAll("#timeline g[data-type]")].map((g) => g.dataset.type))],
        digest: digest(one("#timeline")) },
      map: { ...one("#map").dataset, circles: document.querySelectorAll("#map circle.pt").length,
        shadedPaths: document.querySelectorAll("#map path.country.has-events").length,
        digest: digest(one("#map .points")) + "/" + digest(one("#map .countries")) },
      network: { ...one("#network").dataset, nodeElements: document.querySelectorAll("#network g.node").length,
        edgeElements: document.querySelectorAll("#network line.edge").length, digest: digest(one("#network")) },
      list: { ...one("#list").dataset,
        rows: [...document.querySelectorAll("#list tr[data-event-id]")].map((r) => ({ id: r.dataset.eventId, type: r.dataset.type })),
        digest: digest(one("#list")) },
      status: one("#status").textContent,
      error: document.body.dataset.error || "",
      hash: location.hash,
    };
  });
}

async function check(page, address, type, out) {
  await page.goto(address);
  let generation = await settled(page, 0);
  out.before = await snapshot(page);

  // A filter from the filter bar, by keyboard as far as the form goes.
  await page.click("#types summary");
  await page.check(`#type-boxes input[value="${type}"]`);
  await page.keyboard.press("Escape");
  await page.click("#filters button[type=submit]");
  generation = await settled(page, generation);
  out.filtered = await snapshot(page);

  // An event of the list: its sentence, marks and sources.
  const first = page.locator("#list tr[data-event-id] button").first();
  const clicked = await page.locator("#list tr[data-event-id]").first().getAttribute("data-event-id");
  await first.click();
  await page.waitForFunction(() => document.querySelector("#detail blockquote.sentence"));
  out.detail = await page.evaluate(() => ({
    eventId: document.querySelector("#detail").dataset.eventId,
    visible: !document.querySelector("#detail").hidden,
    sentence: document.querySelector("#detail blockquote.sentence").textContent,
    marks: [...document.querySelectorAll("#detail blockquote.sentence mark")].map((m) => ({ kind: m.className, text: m.textContent })),
    fields: Object.fromEntries([...document.querySelectorAll("#detail dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
    links: [...document.querySelectorAll("#detail .sources a")].map((a) => a.getAttribute("href")),
  }));
  out.clicked = clicked;
  await page.keyboard.press("Escape");

  // Back to every type, then a drag across the timeline's middle third zooms every view.
  await page.click("#reset");
  generation = await settled(page, generation);
  out.reset = await snapshot(page);
  const box = await page.locator("#timeline svg").boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.40, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.70, y, { steps: 5 });
  await page.mouse.up();
  generation = await settled(page, generation);
  out.zoomed = await snapshot(page);
  out.zoomedDates = await page.evaluate(() => [document.querySelector("input[name=since]").value, document.querySelector("input[name=until]").value]);

  // The network by keyboard: focus a node, Enter filters by its actor.
  await page.click("#timeline-reset");
  generation = await settled(page, generation);
  const node = page.locator("#network g.node").first();
  out.keyboardActor = await node.getAttribute("data-actor");
  await node.focus();
  await page.keyboard.press("Enter");
  generation = await settled(page, generation);
  out.actorFiltered = await snapshot(page);
  out.actorField = await page.inputValue("input[name=actor]");
  out.exportLinks = await page.evaluate(() => {
    const select = document.querySelector("#export-format");
    return [...select.options].map((o) => { select.value = o.value; select.dispatchEvent(new Event("change")); return document.querySelector("#export-link").getAttribute("href"); });
  });

  // The map's visible area as a filter, by keyboard: zoom the map in with "+", then Enter on
  // "Filter to the visible area"; "Clear area" (Enter) takes it off again.
  await page.click("#reset");
  generation = await settled(page, generation);
  out.areaBefore = await snapshot(page);
  await page.focus("#map");
  for (const key of ["+", "+"]) {
    await page.keyboard.press(key);
    await page.waitForTimeout(400); // the zoom's transition
  }
  await page.focus("#map-filter-area");
  await page.keyboard.press("Enter");
  generation = await settled(page, generation);
  out.areaFiltered = await snapshot(page);
  out.areaBbox = await page.evaluate(() => document.querySelector("#map-area").dataset.bbox);
  out.areaLabel = await page.evaluate(() => document.querySelector("#map-area").textContent);
  await page.focus("#map-clear-area");
  await page.keyboard.press("Enter");
  generation = await settled(page, generation);
  out.areaCleared = await snapshot(page);
  return out;
}

async function screenshot(page, address, path) {
  await page.goto(address);
  const generation = await settled(page, 0);
  // the first event of the list that has a place, so that every kind of mark shows
  const rows = page.locator("#list tr[data-event-id]");
  const placed = rows.filter({ has: page.locator("td:nth-child(4):not(:empty)") });
  await ((await placed.count()) ? placed : rows).first().locator("button").click();
  await page.waitForFunction(() => document.querySelector("#detail blockquote.sentence"));
  await page.waitForTimeout(200);
  await page.screenshot({ path, fullPage: false });
  return { screenshot: path, generation };
}
