// Audits every page of a running localoffer site with axe-core in Chromium.
// Usage: node axe.mjs http://127.0.0.1:PORT
// Finds pages by following the site's own links from the home page, so a page
// nobody links to is not audited (the sitemap will widen this when it exists).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const base = new URL(process.argv[2] ?? "http://127.0.0.1:8080/");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const MAX_PAGES = 2000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
let failures = 0;
try {
  const page = await browser.newPage();
  const queue = [new URL("/", base).href, new URL("/404-check-page", base).href];
  const seen = new Set(queue);
  let audited = 0;
  while (queue.length > 0 && audited < MAX_PAGES) {
    const url = queue.shift();
    const response = await page.goto(url, { waitUntil: "load" });
    const status = response ? response.status() : 0;
    const expected404 = url.endsWith("/404-check-page");
    if (!expected404 && status !== 200) {
      console.error(`FAIL ${url}: HTTP ${status}`);
      failures += 1;
      continue;
    }
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
      TAGS,
    );
    audited += 1;
    for (const v of result.violations) {
      failures += 1;
      console.error(`FAIL ${url}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
      for (const node of v.nodes.slice(0, 5)) {
        console.error(`     at ${node.target.join(" ")}: ${node.failureSummary.replace(/\n/g, " ")}`);
      }
    }
    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
    for (const href of links) {
      const u = new URL(href);
      u.hash = "";
      const isPage = !/\.(pdf|css|js|png|jpe?g|svg|csv|json|xml|txt)$/i.test(u.pathname);
      if (u.origin === base.origin && isPage && !seen.has(u.href)) {
        seen.add(u.href);
        queue.push(u.href);
      }
    }
  }
  console.log(`axe-core (${TAGS.join(", ")}): ${audited} pages audited, ${failures} problems`);
} finally {
  await browser.close();
}
process.exit(failures === 0 ? 0 : 1);
