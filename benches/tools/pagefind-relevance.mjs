// Asks Pagefind the relevance suite's queries through its own JavaScript API, in
// headless Chromium, as a visitor's browser would: for scripts/bench --relevance.
//
// Usage: node pagefind-relevance.mjs BASE_URL QUERIES_JSON [BUNDLE...]
//   BASE_URL      a plain static server for the built site with Pagefind's files
//                 (not `localoffer serve`: its Content-Security-Policy allows no
//                 WebAssembly, which Pagefind's worker needs)
//   QUERIES_JSON  a file holding a JSON list of queries
//   BUNDLE        where on the server an index made by Pagefind is, /pagefind/ if
//                 none is given; each is asked every query
//
// Prints JSON to stdout: {"results": {...}, "sample": "..."}. "results" holds, for
// each bundle, for each query in turn, Pagefind's top 10 pages in its order, each as
// {"url", "sub_results": [the first 3 sub-results' URLs]}. "sample" is the text the
// first bundle indexed of the home page, to show whether Pagefind took the whole
// page or only the main content. scripts/bench does the scoring, so that one rule
// scores both engines.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [base, queriesFile, ...listed] = process.argv.slice(2);
if (!base || !queriesFile) {
  console.error("usage: node pagefind-relevance.mjs BASE_URL QUERIES_JSON [BUNDLE...]");
  process.exit(2);
}
const bundles = listed.length > 0 ? listed : ["/pagefind/"];
const queries = JSON.parse(readFileSync(queriesFile, "utf8"));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL("/", base).href);
  const answer = await page.evaluate(async ({ queries, bundles }) => {
    const describe = (data) => ({
      url: data.url,
      sub_results: (data.sub_results ?? []).slice(0, 3).map((s) => s.url),
    });
    const results = {};
    let sample = null;
    for (const bundle of bundles) {
      const pagefind = await import(`${bundle}pagefind.js`);
      await pagefind.init();
      results[bundle] = [];
      for (const q of queries) {
        const found = await pagefind.search(q);
        const top = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
        results[bundle].push(top.map(describe));
      }
      if (sample === null) {
        // The home page's indexed text: does it hold the header, navigation and footer?
        // (A search for nothing lists every page.)
        for (const r of (await pagefind.search(null)).results) {
          const data = await r.data();
          if (data.url === "/") {
            sample = data.content;
            break;
          }
        }
      }
    }
    return { results, sample };
  }, { queries, bundles });
  if (errors.length > 0) {
    console.error(errors.join("\n"));
    process.exitCode = 1;
  } else {
    process.stdout.write(JSON.stringify(answer));
  }
} finally {
  await browser.close();
}
