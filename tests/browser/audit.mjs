// Audits every page of a running localoffer site in Chromium:
//  - axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules, on every page;
//  - reflow: at 320 CSS pixels wide nothing scrolls sideways (WCAG 1.4.10);
//  - text spacing overrides (WCAG 1.4.12) make nothing scroll sideways either;
//  - keyboard: the first Tab reaches the skip link, which moves focus to the main
//    content; FAQ accordions open and close with Enter and Space;
//  - screenshots of the main page types at 320px and 1280px, for a person to look at.
//
// Usage: node audit.mjs BASE_URL [--screenshots DIR] [--expect RULE,RULE...]
// With --expect, the run succeeds only if each named axe rule is violated: the
// suite's test of itself on a deliberately broken site.
// Pages are found by following the site's own links from the home page.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const args = process.argv.slice(2);
const base = new URL(args[0] ?? "http://127.0.0.1:8080/");
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const screenshotDir = option("--screenshots");
const expected = (option("--expect") ?? "").split(",").filter(Boolean);
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const MAX_PAGES = 2000;
const SCREENSHOTS = {
  home: "/", faq: "/faqs/", jargon: "/jargon/", performance: "/performance/", search: "/search?q=ehc+plan+apeal",
};
const TEXT_SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;

const problems = [];
const fail = (url, message) => {
  problems.push(`${url}: ${message}`);
  console.error(`FAIL ${url}: ${message}`);
};
const seenRules = new Set();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

async function axe(page, url) {
  // Not addScriptTag: the server's Content-Security-Policy refuses inline scripts,
  // and the audit must see pages under that policy. evaluate() is not a page script.
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    TAGS,
  );
  for (const v of result.violations) {
    seenRules.add(v.id);
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
    fail(url, `[${v.impact}] ${v.id}: ${v.help} at ${where} (${v.helpUrl})`);
  }
}

async function sideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

async function checkKeyboard(page, url) {
  await page.goto(url, { waitUntil: "load" });
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({
    text: document.activeElement.textContent.trim(),
    href: document.activeElement.getAttribute("href"),
  }));
  if (first.href !== "#main-content") {
    fail(url, `the first Tab reaches "${first.text}", not the skip link`);
    return;
  }
  await page.keyboard.press("Enter");
  const focused = await page.evaluate(() => document.activeElement.id);
  if (focused !== "main-content") fail(url, `the skip link moves focus to "${focused}", not the main content`);
}

async function checkAccordions(page, url) {
  const count = await page.locator("details.faq > summary").count();
  for (const key of ["Enter", " "]) {
    if (count === 0) return;
    const summary = page.locator("details.faq > summary").first();
    await summary.focus();
    const before = await page.evaluate(() => document.querySelector("details.faq").open);
    await page.keyboard.press(key);
    const after = await page.evaluate(() => document.querySelector("details.faq").open);
    if (before === after) fail(url, `pressing ${key === " " ? "Space" : key} on a question does not open or close it`);
  }
}

// The header search box: results appear as you type, are announced, are reached
// with the down arrow, and Escape closes them.
async function checkSearchAsYouType(page, url) {
  await page.goto(url, { waitUntil: "load" });
  const input = page.locator("#site-search-q");
  if ((await input.count()) === 0) return;
  await input.fill("");
  await input.pressSequentially("ehcp", { delay: 30 });
  try {
    await page.waitForSelector("[data-search-results] a", { timeout: 5000 });
  } catch {
    fail(url, "no search-as-you-type results appeared for \"ehcp\"");
    return;
  }
  const status = await page.textContent("[data-search-status]");
  if (!/result/.test(status ?? "")) fail(url, `results are not announced (live region says "${status}")`);
  await page.keyboard.press("ArrowDown");
  const inList = await page.evaluate(() => !!document.activeElement.closest("[data-search-results]"));
  if (!inList) fail(url, "the down arrow does not reach the search results");
  await page.keyboard.press("Escape");
  const closed = await page.evaluate(() => document.querySelector("[data-search-results]").hidden);
  const back = await page.evaluate(() => document.activeElement.id);
  if (!closed || back !== "site-search-q") fail(url, "Escape does not close the results and return to the search box");
}

let audited = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // A reader's own text-spacing style sheet is not subject to the site's policy.
  const narrow = await (
    await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true })
  ).newPage();
  // Anything the theme does that the Content-Security-Policy blocks is a failure.
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) fail(page.url(), m.text());
  });
  // The search results page is not linked from anywhere: start from it too.
  const queue = [new URL("/", base).href, new URL("/search?q=ehc+plan+apeal", base).href];
  const seen = new Set(queue);
  while (queue.length > 0 && audited < MAX_PAGES) {
    const url = queue.shift();
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response || response.status() !== 200) {
      fail(url, `HTTP ${response ? response.status() : "no response"}`);
      continue;
    }
    audited += 1;
    await axe(page, url);
    await checkAccordions(page, url);

    await narrow.goto(url, { waitUntil: "load" });
    if (await sideways(narrow)) fail(url, "at 320px wide the page scrolls sideways");
    await narrow.addStyleTag({ content: TEXT_SPACING });
    if (await sideways(narrow)) fail(url, "with WCAG text spacing the page scrolls sideways at 320px");

    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
    for (const href of links) {
      const u = new URL(href);
      u.hash = "";
      const isPage = !/\.(pdf|css|js|png|jpe?g|svg|csv|json|xml|txt)$/i.test(u.pathname) && u.pathname !== "/search";
      if (u.origin === base.origin && isPage && !seen.has(u.href)) {
        seen.add(u.href);
        queue.push(u.href);
      }
    }
  }
  const missing = new URL("/no-such-page/", base).href;
  await page.goto(missing, { waitUntil: "load" });
  await axe(page, missing);
  await checkKeyboard(page, new URL("/", base).href);
  await checkSearchAsYouType(page, new URL("/", base).href);

  if (screenshotDir) {
    mkdirSync(screenshotDir, { recursive: true });
    const firstFaq = await page.goto(new URL("/faqs/", base).href).then(() =>
      page.$eval("main a[href^='/faqs/']", (a) => a.getAttribute("href")).catch(() => null));
    if (firstFaq) SCREENSHOTS.faq = firstFaq;
    const snapshot = await page.goto(new URL("/performance/", base).href).then(() =>
      page.$eval("main a[href^='/performance/']", (a) => a.getAttribute("href")).catch(() => null));
    if (snapshot) SCREENSHOTS.performance = snapshot;
    for (const [name, path] of Object.entries(SCREENSHOTS)) {
      for (const [p, width] of [[page, 1280], [narrow, 320]]) {
        await p.goto(new URL(path, base).href, { waitUntil: "load" });
        await p.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
      }
    }
    console.log(`Screenshots for a person to look at: ${screenshotDir}`);
  }
} finally {
  await browser.close();
}

if (expected.length > 0) {
  const missed = expected.filter((rule) => !seenRules.has(rule));
  if (missed.length > 0) {
    console.error(`Self-test FAILED: the broken site should break ${missed.join(", ")}, but the audit did not notice`);
    process.exit(1);
  }
  console.log(`Self-test passed: the audit caught ${expected.join(", ")} on the broken site`);
  process.exit(0);
}
console.log(`Browser audit (axe ${TAGS.join(", ")}; reflow; text spacing; keyboard): ${audited} pages, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
