// How long a client waits for the what-if (BENCHMARKS.md "The what-if's first answer"): a
// benchmark, not a test — it prints figures and fails only if the page does not work.
//
// Opens the Initech client's dashboard in Debian's Chromium under each network profile below
// (Chromium's own throttling, as DevTools and Lighthouse apply it), with an empty cache (a first
// visit) and again with the site's files cached (a second visit), types 90 minutes into the
// what-if as soon as the page is hydrated, and reads, with `performance.now()` in the page (so
// from the navigation's start):
//   - html:     the dashboard's HTML fully received (it is readable from here on);
//   - wasm:     the WASM fully received (0 when it came from the cache);
//   - hydrated: the page hydrated (`.account-page[data-hydrated="true"]` appears);
//   - answer:   hydrated + the time from typing to the preview's first row: when the what-if
//               first answers a client who types the moment it can.
// And, with JavaScript off (so no WASM), the what-if as the plain form it is until the WASM
// arrives: when the form shows, and when the server's answer to "Show the result" shows (the
// second page's preview row), both measured from the navigation's start in Node.
// Each figure is the median of RUNS runs (default 5).
//
//   node end2end/bench/what-if.mjs http://127.0.0.1:PORT      (scripts/bench-bytes runs it)

import { chromium } from '@playwright/test';

const base = process.argv[2];
if (!base) {
  console.error('usage: node end2end/bench/what-if.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
const runs = Number(process.env.RUNS ?? 5);

// Throughput in bytes per second, latency per request in ms: the figures DevTools' presets and
// Lighthouse's "devtools" throttling hand to Chromium (their nominal link × 0.9, the RTT × a
// factor that stands for the TCP and TLS round trips a request-level throttle cannot add).
const kbit = (k) => (k * 1000) / 8;
const PROFILES = [
  { name: 'loopback, no throttling', desktop: true, cpu: 1 },
  {
    name: 'Fast 4G (DevTools: 8.1 Mbit/s down, 1.35 up, 165 ms a request)',
    net: { latency: 165, downloadThroughput: kbit(8100), uploadThroughput: kbit(1350) },
    cpu: 1,
  },
  {
    name: 'Slow 4G (Lighthouse mobile: 1.47 Mbit/s down, 0.68 up, 562 ms a request)',
    net: { latency: 562.5, downloadThroughput: kbit(1474.56), uploadThroughput: kbit(675) },
    cpu: 1,
  },
  {
    name: 'Slow 4G and a 4× slower CPU (Lighthouse mobile)',
    net: { latency: 562.5, downloadThroughput: kbit(1474.56), uploadThroughput: kbit(675) },
    cpu: 4,
  },
];

// Every cookie sign-in sets (session, language), for the browser contexts.
async function signIn() {
  const res = await fetch(`${base}/api/sign_in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ email: 'client@initech.example', password: 'demo-client-2026' }),
    redirect: 'manual',
  });
  if (!res.ok) throw new Error(`sign-in answered ${res.status}`);
  return res.headers.getSetCookie().map((c) => {
    const [name, ...rest] = c.split(';')[0].split('=');
    return { name, value: rest.join('='), url: base };
  });
}

// Runs in the page before any of its scripts: note when hydration marks the page.
function watchHydration() {
  const mark = () => {
    if (window.__hydratedAt === undefined && document.querySelector('.account-page[data-hydrated="true"]')) {
      window.__hydratedAt = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, attributes: true });
}

// In the page: type 90 minutes into the what-if and wait for its preview's first row.
function typeAndWait(input) {
  return new Promise((resolve, reject) => {
    const preview = () => document.querySelector('[data-testid="preview"] tbody tr');
    const typedAt = performance.now();
    const done = () => {
      if (!preview()) return false;
      resolve({ hydrated: window.__hydratedAt, latency: performance.now() - typedAt });
      return true;
    };
    const watch = new MutationObserver(() => done() && watch.disconnect());
    watch.observe(document, { subtree: true, childList: true });
    input.value = '90';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    done();
    setTimeout(() => reject(new Error('the what-if did not answer in 30 s')), 30_000);
  });
}

async function visit(page) {
  await page.goto(`${base}/accounts/initech`, { waitUntil: 'commit', timeout: 120_000 });
  await page.locator('.account-page[data-hydrated="true"]').waitFor({ timeout: 120_000 });
  const input = await page.getByLabel('Minutes').elementHandle();
  const { hydrated, latency } = await page.evaluate(typeAndWait, input);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
    const all = [nav, ...performance.getEntriesByType('resource')];
    return {
      html: nav.responseEnd,
      // A file from the cache has no transfer; its entry still has timings.
      wasm: wasm && wasm.transferSize > 0 ? wasm.responseEnd : 0,
      bytes: all.reduce((sum, r) => sum + (r.transferSize ?? 0), 0),
    };
  });
  return { ...timing, hydrated, answer: hydrated + latency, latency };
}

// In a context without JavaScript: the dashboard, 90 minutes typed as soon as the form shows,
// "Show the result", and the answer the server renders.
async function formVisit(page) {
  const t0 = performance.now();
  await page.goto(`${base}/accounts/initech`, { waitUntil: 'commit', timeout: 120_000 });
  const minutes = page.locator('#wi-minutes');
  await minutes.waitFor({ timeout: 120_000 });
  const html = performance.now() - t0;
  await minutes.fill('90');
  await page.locator('[data-testid="what-if-work"] button[type="submit"]').click({ noWaitAfter: true });
  await page.waitForURL(/minutes=90/, { waitUntil: 'commit', timeout: 120_000 });
  await page.locator('[data-testid="preview"] tbody tr').first().waitFor({ timeout: 120_000 });
  const answer = performance.now() - t0;
  return { html, answer, latency: answer - html };
}

async function throttle(context, page, profile) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (profile.net) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.net });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const ms = (x) => `${Math.round(x).toLocaleString('en')} ms`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const cookies = await signIn();
console.log(`Chromium ${browser.version()}, ${runs} runs each, medians`);
console.log('');
console.log('| connection | visit | HTML received | WASM received | hydrated | what-if answers | of which the answer itself | bytes transferred |');
console.log('|---|---|---|---|---|---|---|---|');
for (const profile of PROFILES) {
  const rows = { first: [], second: [], form: [] };
  for (let i = 0; i < runs; i++) {
    // A new context: an empty cache, like a client's first visit.
    const context = await browser.newContext({
      viewport: profile.desktop ? { width: 1280, height: 900 } : { width: 390, height: 844 },
    });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await throttle(context, page, profile);
    await page.addInitScript(watchHydration);
    rows.first.push(await visit(page));
    // The same tab again: the site's files come from the cache (immutable, hashed names).
    rows.second.push(await visit(page));
    await context.close();
    // A first visit without JavaScript: the form, answered by the server.
    const plain = await browser.newContext({
      javaScriptEnabled: false,
      viewport: profile.desktop ? { width: 1280, height: 900 } : { width: 390, height: 844 },
    });
    await plain.addCookies(cookies);
    const noJs = await plain.newPage();
    await throttle(plain, noJs, profile);
    rows.form.push(await formVisit(noJs));
    await plain.close();
  }
  for (const [label, rs] of Object.entries(rows)) {
    const m = (k) => median(rs.map((r) => r[k]));
    if (label === 'form') {
      console.log(
        `| ${profile.name} | first, the form (no WASM) | ${ms(m('html'))} (form shown) | not loaded | – | **${ms(m('answer'))}** | ${ms(m('latency'))} | – |`,
      );
      continue;
    }
    const wasm = m('wasm');
    console.log(
      `| ${profile.name} | ${label} | ${ms(m('html'))} | ${wasm ? ms(wasm) : 'cached'} | ${ms(m('hydrated'))} | **${ms(m('answer'))}** | ${ms(m('latency'))} | ${Math.round(m('bytes')).toLocaleString('en')} |`,
    );
  }
}
await browser.close();
