// Audits every page of a running localoffer site in Chromium.
//
// Pages: every page listed in /sitemap.xml (each <loc> mapped to the audited server by
// its path), the search results page, and any page found by following the site's own
// links; a linked page missing from the sitemap is a failure. If /sitemap.xml answers
// 404 the pages are found by following links alone, with a warning.
//
// On every page:
//  - axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules, plus axe's best practices
//    for landmarks, headings and skip links;
//  - reflow (WCAG 1.4.10): at 320 CSS pixels wide, and at 200% zoom (a 1280 pixel wide
//    window is 640 CSS pixels at device scale 2), nothing scrolls sideways and nothing is
//    cut off (no element sticks out past the right edge or overflows a box that clips);
//    with the WCAG 1.4.12 text spacing overrides at 320px, the same;
//  - focus visible (2.4.7): every focusable element's focused style differs from its
//    unfocused one by a visible outline or box shadow, at 1280px and 320px;
//  - focus not obscured (2.4.11): no focused element is entirely hidden by other content;
//  - keyboard: Tab goes through every focusable element once, in order, starting at the
//    skip link, and then leaves the page (no keyboard trap); every FAQ accordion opens
//    and closes with Enter and Space.
//
// Once per run:
//  - the skip link moves focus to the main content;
//  - search as you type: results appear and are announced, are reached with the down
//    arrow and with Tab, focus on them is visible, Escape closes them and returns to the
//    box, and they close when focus leaves the search form;
//  - without JavaScript: the header search form submits and shows results, the results
//    page's own form does too, and every FAQ accordion opens and closes with the keyboard;
//  - print styles hide navigation, search and the skip link, drop backgrounds and show
//    the address of external links; reduced motion turns off transitions and animations;
//  - the theme's 404 page passes axe;
//  - screenshots of the main page types at 320px and 1280px, for a person to look at.
//
// Usage: node audit.mjs BASE_URL [--screenshots DIR] [--expect RULE,RULE...]
// With --expect, the run succeeds only if each named axe rule is violated: the suite's
// test of itself on a deliberately broken site. The suite's own checks are named
// reflow-320, reflow-zoom, text-spacing, focus-visible, focus-obscured, keyboard-trap,
// print and reduced-motion; the self-test skips search and the no-JavaScript run.
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
const selfTest = expected.length > 0;
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
// axe's best-practice rules that matter here (landmarks, headings, skip link). They are
// not WCAG failures on their own, but they are what screen reader users navigate by.
const BEST_PRACTICE = [
  "region", "heading-order", "page-has-heading-one", "empty-heading", "landmark-one-main",
  "landmark-unique", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
  "landmark-no-duplicate-main", "landmark-banner-is-top-level", "landmark-main-is-top-level",
  "landmark-contentinfo-is-top-level", "skip-link", "empty-table-header",
];
const MAX_PAGES = 2000;
const SEARCH_RESULTS = "/search?q=ehc+plan+apeal";
// The directory's filters, as the form on /services/ sends them (all but one empty).
const FILTERED_RESULTS = "/search?q=&kind=service&age=9&category=&need=&day=";
const SCREENSHOTS = {
  home: "/", faq: "/faqs/", jargon: "/jargon/", performance: "/performance/", search: SEARCH_RESULTS,
};
const TEXT_SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;
// What keyboard users can reach with Tab (disabled and hidden ones are filtered later).
const FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, "
  + "[tabindex]:not([tabindex='-1']), [contenteditable=''], [contenteditable='true']";

const problems = [];
const seenRules = new Set();
// `check` names the kind of fault, for the self-test (axe rule ids name theirs).
const fail = (url, message, check = null) => {
  if (check) seenRules.add(check);
  problems.push(`${url}: ${message}`);
  // In the self-test failures are expected: only a missed one is news.
  if (!selfTest) console.error(`FAIL ${url}: ${message}`);
};

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
  const result = await page.evaluate(async ([tags, extra]) => {
    const wcag = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    const more = await window.axe.run(document, { runOnly: { type: "rule", values: extra } });
    return [...wcag.violations, ...more.violations];
  }, [TAGS, BEST_PRACTICE]);
  for (const v of result) {
    seenRules.add(v.id);
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
    fail(url, `[${v.impact}] ${v.id}: ${v.help} at ${where} (${v.helpUrl})`);
  }
}

// Reflow: the page does not scroll sideways and nothing is cut off. Returns problems.
function reflowProblems(page) {
  return page.evaluate(() => {
    const found = [];
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth > width + 1) found.push(`the page scrolls sideways (${root.scrollWidth}px content in ${width}px)`);
    const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "")
      + (el.classList.length ? `.${[...el.classList].join(".")}` : "")
      + ` "${(el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40)}"`;
    // Content inside a box that scrolls (a wide data table) is allowed to be wider.
    const scrolls = (s) => ["auto", "scroll"].includes(s.overflowX);
    const reported = new Set();
    const walk = (el, inScroller) => {
      for (const child of el.children) {
        if (!child.checkVisibility({ visibilityProperty: true })) continue;
        const s = getComputedStyle(child);
        const r = child.getBoundingClientRect();
        // Visually hidden text (1px, clipped) is for screen readers, not cut off.
        const hiddenText = r.width <= 1 || r.height <= 1;
        const control = ["INPUT", "TEXTAREA", "SELECT"].includes(child.tagName);
        let bad = false;
        if (!hiddenText && !control) {
          const clipsX = ["hidden", "clip"].includes(s.overflowX);
          const clipsY = ["hidden", "clip"].includes(s.overflowY);
          if ((clipsX && child.scrollWidth > child.clientWidth + 1) || (clipsY && child.scrollHeight > child.clientHeight + 1)) {
            found.push(`${name(child)} cuts off its content (${child.scrollWidth}x${child.scrollHeight} in ${child.clientWidth}x${child.clientHeight})`);
            bad = true;
          } else if (!inScroller && s.position !== "fixed" && r.right > width + 1 && r.left < width) {
            found.push(`${name(child)} runs past the right edge (${Math.round(r.right)}px of ${width}px)`);
            bad = true;
          }
        }
        // Report the outermost element at fault, not each of its descendants.
        if (bad) reported.add(child);
        else walk(child, inScroller || scrolls(s));
      }
    };
    walk(document.body, false);
    return found.slice(0, 5);
  });
}

// Focus visible (2.4.7) and not obscured (2.4.11) for every focusable element inside
// `scope`: each is focused in turn and its style compared with its unfocused style.
// Returns [check, message] pairs.
function focusProblems(page, scope = "body") {
  return page.evaluate(([scopeSelector, selector]) => {
    const found = [];
    const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "")
      + (el.classList.length ? `.${[...el.classList].join(".")}` : "")
      + ` "${(el.textContent || el.getAttribute("aria-label") || el.getAttribute("name") || "").trim().replace(/\s+/g, " ").slice(0, 40)}"`;
    const visibleColour = (c) => !/^rgba\(.*,\s*0\)$/.test(c) && c !== "transparent";
    const look = (el) => {
      const s = getComputedStyle(el);
      return { outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor, boxShadow: s.boxShadow };
    };
    const elements = [...document.querySelectorAll(scopeSelector)].flatMap((s) => [...s.querySelectorAll(selector)]);
    for (const el of elements) {
      if (el.disabled || !el.checkVisibility({ visibilityProperty: true })) continue;
      document.activeElement?.blur?.();
      const before = look(el);
      el.focus();
      if (document.activeElement !== el) continue;
      const after = look(el);
      const outline = after.outlineStyle !== "none" && after.outlineWidth >= 1 && visibleColour(after.outlineColor)
        && (before.outlineStyle === "none" || before.outlineWidth < 1 || !visibleColour(before.outlineColor)
          || before.outlineColor !== after.outlineColor || before.outlineWidth !== after.outlineWidth);
      const shadow = after.boxShadow !== "none" && after.boxShadow !== before.boxShadow;
      if (!outline && !shadow) found.push(["focus-visible", `focus on ${name(el)} is not visible (no outline or box shadow appears)`]);
      // Focusing scrolls the element into view; it must then not be entirely covered.
      const rects = [...el.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      const vw = document.documentElement.clientWidth;
      const vh = window.innerHeight;
      const points = rects.flatMap((r) => {
        const x0 = Math.max(r.left, 0), x1 = Math.min(r.right, vw), y0 = Math.max(r.top, 0), y1 = Math.min(r.bottom, vh);
        if (x1 <= x0 || y1 <= y0) return [];
        const xs = [x0 + 1, (x0 + x1) / 2, x1 - 1], ys = [y0 + 1, (y0 + y1) / 2, y1 - 1];
        return xs.flatMap((x) => ys.map((y) => [x, y]));
      });
      if (points.length === 0) {
        found.push(["focus-obscured", `${name(el)} is off the screen when it has focus`]);
        continue;
      }
      const seen = points.some(([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return hit && (el.contains(hit) || hit.contains(el));
      });
      if (!seen) {
        const [x, y] = points[Math.floor(points.length / 2)];
        const cover = document.elementFromPoint(x, y);
        found.push(["focus-obscured", `focus on ${name(el)} is hidden behind ${cover ? name(cover) : "something"}`]);
      }
    }
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
    return found.slice(0, 10);
  }, [scope, FOCUSABLE]);
}

// No keyboard trap, and a sane tab order: from the top of the page Tab reaches the skip
// link first, then every focusable element once in the page's order, then leaves the
// page (focus goes to the browser, or straight round to the first element again).
async function checkTabOrder(page, url) {
  const count = await page.evaluate((selector) => {
    window.__tabbed = [];
    window.__tabbable = [...document.querySelectorAll(selector)]
      .filter((el) => !el.disabled && el.tabIndex >= 0 && el.checkVisibility({ visibilityProperty: true }));
    document.addEventListener("focusin", (e) => window.__tabbed.push(e.target), true);
    return window.__tabbable.length;
  }, FOCUSABLE);
  if (count === 0) return;
  for (let i = 0; i <= count; i += 1) await page.keyboard.press("Tab");
  const problem = await page.evaluate(() => {
    const log = window.__tabbed;
    const expected = window.__tabbable;
    const label = (el) => el ? `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40)}"` : "nothing";
    if (log[0]?.getAttribute("href") !== "#main-content") return `the first Tab reaches ${label(log[0])}, not the skip link`;
    const firstRepeat = log.findIndex((el, i) => log.indexOf(el) !== i);
    const walk = firstRepeat < 0 ? log : log.slice(0, firstRepeat);
    for (let i = 0; i < Math.min(walk.length, expected.length); i += 1) {
      if (walk[i] !== expected[i]) return `Tab goes from ${label(walk[i - 1])} to ${label(walk[i])}, not to ${label(expected[i])} (the next in the page)`;
    }
    if (walk.length < expected.length) {
      const at = firstRepeat < 0 ? document.activeElement : log[firstRepeat];
      return `Tab goes round ${walk.length} of the page's ${expected.length} focusable elements and stops at or comes back to ${label(at)} (a keyboard trap)`;
    }
    const active = document.activeElement;
    const left = !active || active === document.body || active === document.documentElement || active === expected[0];
    return left ? null : `after the last focusable element, Tab does not leave the page (focus is on ${label(active)})`;
  });
  if (problem) fail(url, problem, "keyboard-trap");
}

async function checkSkipLink(page, url) {
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

// Every FAQ accordion opens with Enter and closes with Space (both keys, each way).
async function checkAccordions(page, url, how) {
  const summaries = page.locator("details.faq > summary");
  const count = await summaries.count();
  for (let i = 0; i < count; i += 1) {
    const summary = summaries.nth(i);
    const details = page.locator("details.faq").nth(i);
    await summary.focus();
    for (const key of ["Enter", " ", " ", "Enter"]) {
      const before = (await details.getAttribute("open")) !== null;
      await page.keyboard.press(key);
      const after = (await details.getAttribute("open")) !== null;
      if (before === after) {
        fail(url, `${how}: pressing ${key === " " ? "Space" : key} on question ${i + 1} does not ${before ? "close" : "open"} it`);
        break;
      }
      if (after && !(await details.locator(".faq__answer").isVisible())) {
        fail(url, `${how}: question ${i + 1} opens but its answer cannot be seen`);
        break;
      }
    }
  }
  return count;
}

// The header search box: results appear as you type, are announced, are reached with
// the down arrow and with Tab, Escape closes them, and they close when focus leaves.
async function checkSearchAsYouType(page, url) {
  const open = async () => {
    await page.goto(url, { waitUntil: "load" });
    const input = page.locator("#site-search-q");
    await input.pressSequentially("ehcp", { delay: 30 });
    await page.waitForSelector("[data-search-results] a", { timeout: 5000 });
  };
  const inList = () => page.evaluate(() => !!document.activeElement.closest("[data-search-results]"));
  const closed = () => page.evaluate(() => document.querySelector("[data-search-results]").hidden);
  const active = () => page.evaluate(() => document.activeElement.id);
  if ((await page.goto(url).then(() => page.locator("#site-search-q").count())) === 0) return;
  try {
    await open();
  } catch {
    fail(url, "no search-as-you-type results appeared for \"ehcp\"");
    return;
  }
  const status = await page.textContent("[data-search-status]");
  if (!/result/.test(status ?? "")) fail(url, `results are not announced (live region says "${status}")`);
  for (const [check, problem] of await focusProblems(page, "[data-search-results]")) fail(url, `search as you type: ${problem}`, check);
  await page.focus("#site-search-q");
  await page.keyboard.press("ArrowDown");
  if (!(await inList())) fail(url, "the down arrow does not reach the search results");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  if ((await active()) !== "site-search-q") fail(url, "the up arrow from the first result does not return to the search box");
  await page.keyboard.press("Escape");
  if (!(await closed()) || (await active()) !== "site-search-q") fail(url, "Escape in the search box does not close the results");

  await open();
  await page.keyboard.press("Tab"); // the Search button
  await page.keyboard.press("Tab");
  if (!(await inList())) fail(url, "Tab from the search box and its button does not reach the search results");
  await page.keyboard.press("Escape");
  if (!(await closed()) || (await active()) !== "site-search-q") fail(url, "Escape on a result does not close the results and return to the search box");

  // Tabbing on past the results must close them, or they would cover what gets focus.
  await open();
  const links = await page.locator("[data-search-results] a").count();
  for (let i = 0; i < links + 2; i += 1) await page.keyboard.press("Tab");
  const outside = await page.evaluate(() => !document.activeElement.closest("[data-search]"));
  if (!outside) fail(url, "Tab does not leave the search results");
  else if (!(await closed())) fail(url, "the search results stay open after focus has left the search form");
}

// Without JavaScript: the search forms submit and show results; accordions work.
// Step-by-step guides: with JavaScript each step starts closed, and its heading's
// button opens it with Enter and closes it with Space, saying so (aria-expanded);
// without, every step's text is shown. Returns how many steps the page has.
async function checkSteps(page, url, how) {
  if (how === "without JavaScript") {
    const hidden = await page.$$eval(".step-nav__panel", (ps) => ps.filter((p) => !p.checkVisibility()).length);
    if (hidden > 0) fail(url, `without JavaScript: ${hidden} steps of the guide are hidden`);
    return page.locator(".step-nav__panel").count();
  }
  const toggles = await page.$$(".step-nav__toggle");
  if (toggles.length === 0) return 0;
  const first = toggles[0];
  const state = () => first.evaluate((b) => {
    const panel = document.getElementById(b.getAttribute("aria-controls"));
    return `${b.getAttribute("aria-expanded")}/${panel ? panel.checkVisibility() : "no panel"}`;
  });
  const expect = async (want, problem) => {
    const got = await state();
    if (got !== want) fail(url, `${problem} (aria-expanded/shown: ${got})`);
  };
  await expect("false/false", "a guide's first step does not start closed");
  await first.focus();
  await page.keyboard.press("Enter");
  await expect("true/true", "Enter on a guide step's button does not show its text");
  await page.keyboard.press("Space");
  await expect("false/false", "Space on a guide step's button does not hide its text again");
  return toggles.length;
}

async function checkWithoutJavaScript(page, faqPages, guidePages) {
  const home = new URL("/", base).href;
  await page.goto(home, { waitUntil: "load" });
  if ((await page.locator("#site-search-q").count()) === 0) {
    fail(home, "without JavaScript: there is no search box in the header");
  } else {
    await page.fill("#site-search-q", "ehc plan");
    await Promise.all([page.waitForURL(/\/search\?/), page.press("#site-search-q", "Enter")]);
    const results = await page.locator(".search-result").count();
    if (results === 0) fail(page.url(), "without JavaScript: the header search form shows no results for \"ehc plan\"");
    await page.fill("#search-page-q", "annual review");
    await Promise.all([page.waitForURL(/q=annual\+review/), page.press("#search-page-q", "Enter")]);
    if ((await page.locator(".search-result").count()) === 0) fail(page.url(), "without JavaScript: the results page's search form shows no results for \"annual review\"");
  }
  let accordions = 0;
  for (const url of faqPages) {
    await page.goto(url, { waitUntil: "load" });
    accordions += await checkAccordions(page, url, "without JavaScript");
  }
  for (const url of guidePages) {
    await page.goto(url, { waitUntil: "load" });
    await checkSteps(page, url, "without JavaScript");
  }
  return accordions;
}

// Print: no navigation, search or skip link, no backgrounds, external links' addresses.
async function checkPrint(page, url) {
  await page.emulateMedia({ media: "print" });
  await page.goto(url, { waitUntil: "load" });
  const found = await page.evaluate(() => {
    const out = [];
    for (const sel of [".skip-link", ".site-nav", ".site-search", ".search-form", ".breadcrumbs"]) {
      const el = document.querySelector(sel);
      if (el && getComputedStyle(el).display !== "none") out.push(`${sel} is printed`);
    }
    for (const el of document.querySelectorAll("body, body *")) {
      if (!el.checkVisibility()) continue;
      const s = getComputedStyle(el);
      const white = ["rgba(0, 0, 0, 0)", "rgb(255, 255, 255)", "transparent"].includes(s.backgroundColor);
      if (!white || s.backgroundImage !== "none") {
        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} prints a background (${s.backgroundColor} ${s.backgroundImage})`);
        break;
      }
    }
    const external = [...document.querySelectorAll("main a[href^='http']")][0];
    if (external && !getComputedStyle(external, "::after").content.includes(external.getAttribute("href"))) {
      out.push(`the external link "${external.textContent.trim()}" does not print its address`);
    }
    return out;
  });
  for (const problem of found) fail(url, `print: ${problem}`, "print");
  await page.emulateMedia({ media: "screen" });
}

// The printable Local Offer (/print/): printed to PDF on A4 it has a sane number of
// pages (a page for the contents, each section from a new page, and not hundreds
// more than its words need), and at the paper's width nothing runs past the edge or
// is cut off.
async function checkPrintable(page, url) {
  await page.emulateMedia({ media: "print" });
  // A4 is 210mm wide; less 1cm margins each side, 190mm is 718 CSS pixels.
  await page.setViewportSize({ width: 718, height: 1000 });
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || response.status() !== 200) {
    fail(url, `printable Local Offer: HTTP ${response ? response.status() : "no response"}`, "print");
  } else {
    for (const problem of await reflowProblems(page)) fail(url, `printed on A4: ${problem}`, "print");
    const { sections, words } = await page.evaluate(() => ({
      sections: document.querySelectorAll(".print-section").length,
      words: document.querySelector("main").innerText.split(/\s+/).length,
    }));
    const pdf = await page.pdf({ format: "A4", margin: { top: "1cm", bottom: "1cm", left: "1cm", right: "1cm" } });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
    // 12pt text fills an A4 page with about 500 words; allow three times that many pages.
    const most = sections + 1 + Math.ceil((3 * words) / 500);
    if (sections < 2) fail(url, `print: the printable Local Offer has ${sections} sections`, "print");
    if (pages < sections + 1 || pages > most) {
      fail(url, `print: the PDF has ${pages} pages for ${sections} sections and ${words} words (expected ${sections + 1} to ${most})`, "print");
    }
    console.log(`Printable Local Offer: ${pages} A4 pages, ${sections} sections, ${words} words`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ media: "screen" });
}

// Reduced motion: nothing moves when the reader has asked for less motion.
async function checkReducedMotion(page, url) {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(url, { waitUntil: "load" });
  const moving = await page.evaluate(() => [...document.querySelectorAll("*")].filter((el) => {
    const s = getComputedStyle(el);
    const long = (v) => v.split(",").some((t) => parseFloat(t) > 0.01);
    return long(s.transitionDuration) || (s.animationName !== "none" && long(s.animationDuration)) || s.scrollBehavior === "smooth";
  }).map((el) => el.tagName.toLowerCase()).slice(0, 3));
  if (moving.length > 0) fail(url, `with reduced motion, these still move: ${moving.join(", ")}`, "reduced-motion");
  await page.emulateMedia({ reducedMotion: "no-preference" });
}

// The pages the sitemap lists, mapped onto the server under test by their path, or
// null if the site has no sitemap.
async function sitemapPages() {
  const url = new URL("/sitemap.xml", base).href;
  const response = await fetch(url);
  if (response.status === 404) {
    console.warn(`WARNING: ${url} answers 404, so pages are found by following links only`);
    return null;
  }
  if (!response.ok) {
    fail(url, `HTTP ${response.status}`);
    return null;
  }
  const xml = await response.text();
  // The site's own address (site.toml's base_url), from the home page's canonical link:
  // the sitemap's addresses start with it, wherever the site is being served now.
  const home = await (await fetch(new URL("/", base))).text();
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(home)?.[1];
  const published = canonical ? new URL(canonical) : null;
  const decode = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const pages = [];
  for (const [, loc] of xml.matchAll(/<loc>\s*([^<]*?)\s*<\/loc>/g)) {
    let address;
    try {
      address = new URL(decode(loc));
    } catch {
      fail(url, `<loc>${loc}</loc> is not a full web address`);
      continue;
    }
    if (published && address.origin !== published.origin) {
      fail(url, `${address.href} is not on the site's address ${published.origin} (base_url in site.toml)`);
    }
    let path = address.pathname;
    if (published && published.pathname !== "/" && path.startsWith(published.pathname)) {
      path = path.slice(published.pathname.length - 1);
    }
    pages.push(new URL(path + address.search, base).href);
  }
  if (pages.length === 0) fail(url, "the sitemap lists no pages");
  console.log(`Sitemap: ${pages.length} pages`);
  return pages;
}

let audited = 0;
let accordionsWithoutJs = 0;
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
  // A 1280 x 900 window zoomed to 200%: 640 x 450 CSS pixels, each drawn as 2 x 2.
  const zoomed = await (await browser.newContext({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 })).newPage();
  const noScript = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false })).newPage();

  const listed = selfTest ? null : await sitemapPages();
  const inSitemap = new Set(listed ?? []);
  // The search results page is in no sitemap and linked from nowhere: start from it
  // too, and, on a site with a directory, from the results narrowed by its filters.
  const searches = [SEARCH_RESULTS];
  if (!selfTest && inSitemap.has(new URL("/services/", base).href)) searches.push(FILTERED_RESULTS);
  const queue = [...new Set([new URL("/", base).href, ...(listed ?? []), ...searches.map((s) => new URL(s, base).href)])];
  const seen = new Set(queue);
  const faqPages = [];
  const guidePages = [];
  while (queue.length > 0 && audited < MAX_PAGES) {
    const url = queue.shift();
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response || response.status() !== 200) {
      fail(url, `HTTP ${response ? response.status() : "no response"}`);
      continue;
    }
    audited += 1;
    // The three windows are independent: check them at the same time.
    const wide = async () => {
      await axe(page, url);
      // The tab walk goes first: it needs the page as loaded, with nothing focused yet.
      // Each accordion ends as it started (closed), so the page needs no reload.
      await checkTabOrder(page, url);
      if ((await checkAccordions(page, url, "with JavaScript")) > 0) faqPages.push(url);
      if ((await checkSteps(page, url, "with JavaScript")) > 0) guidePages.push(url);
      for (const [check, problem] of await focusProblems(page)) fail(url, `at 1280px: ${problem}`, check);
    };
    const small = async () => {
      await narrow.goto(url, { waitUntil: "load" });
      const at320 = await reflowProblems(narrow);
      for (const problem of at320) fail(url, `at 320px wide: ${problem}`, "reflow-320");
      for (const [check, problem] of await focusProblems(narrow)) fail(url, `at 320px wide: ${problem}`, check);
      await narrow.addStyleTag({ content: TEXT_SPACING });
      // Only what the spacing itself breaks: the 320px faults are reported already.
      const withoutSizes = (problem) => problem.replace(/ \([^)]*\)$/, "");
      for (const problem of await reflowProblems(narrow)) {
        if (!at320.map(withoutSizes).includes(withoutSizes(problem))) fail(url, `with WCAG text spacing at 320px wide: ${problem}`, "text-spacing");
      }
    };
    const zoom = async () => {
      await zoomed.goto(url, { waitUntil: "load" });
      for (const problem of await reflowProblems(zoomed)) fail(url, `at 200% zoom: ${problem}`, "reflow-zoom");
    };
    await Promise.all([wide(), small(), zoom()]);

    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
    for (const href of links) {
      const u = new URL(href);
      u.hash = "";
      const isPage = !/\.(pdf|css|js|png|jpe?g|gif|webp|svg|csv|json|xml|txt|atom|rss|ics|zip|docx?|xlsx?)$/i.test(u.pathname)
        && u.pathname !== "/search";
      if (u.origin !== base.origin || !isPage) continue;
      if (listed && !inSitemap.has(u.href) && !seen.has(u.href)) {
        fail(u.href, `linked from ${url} but missing from /sitemap.xml`);
      }
      if (!seen.has(u.href)) {
        seen.add(u.href);
        queue.push(u.href);
      }
    }
  }
  const missing = new URL("/no-such-page/", base).href;
  await page.goto(missing, { waitUntil: "load" });
  await axe(page, missing);

  if (!selfTest) {
    const home = new URL("/", base).href;
    await checkSkipLink(page, home);
    await checkSearchAsYouType(page, home);
    // A theme that dropped native accordions would otherwise pass by having none.
    if (faqPages.length === 0) fail(new URL("/faqs/", base).href, "no page has FAQ accordions (details.faq) to test");
    if (guidePages.length === 0) fail(new URL("/guides/", base).href, "no page has step-by-step guide steps (.step-nav__toggle) to test");
    accordionsWithoutJs = await checkWithoutJavaScript(noScript, faqPages, guidePages);
  }
  const styled = selfTest ? ["/"] : ["/accessibility/", faqPages[0] ?? "/", SEARCH_RESULTS];
  for (const path of styled) {
    await checkPrint(page, new URL(path, base).href);
    await checkReducedMotion(page, new URL(path, base).href);
  }
  if (!selfTest) await checkPrintable(page, new URL("/print/", base).href);

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

if (selfTest) {
  const missed = expected.filter((rule) => !seenRules.has(rule));
  if (missed.length > 0) {
    console.error(`Self-test FAILED: the broken site should break ${missed.join(", ")}, but the audit did not notice`);
    process.exit(1);
  }
  console.log(`Self-test passed: the audit caught ${expected.join(", ")} on the broken site`);
  process.exit(0);
}
console.log(`Browser audit (axe ${TAGS.join(", ")} and landmark, heading and skip-link best practices; `
  + "reflow at 320px, 200% zoom and with text spacing; focus visible and not obscured; tab order and no keyboard trap; "
  + `accordions and search with and without JavaScript; print; reduced motion): ${audited} pages, `
  + `${accordionsWithoutJs} accordions without JavaScript, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
