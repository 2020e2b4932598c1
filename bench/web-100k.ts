// Over 400 lines: one browser benchmark script with its own server start and measurements, read top to bottom; never run by CI.
/**
 * web-100k: the command centre in a real browser against a 100k-case city — issue 6's "time to first
 * render of the list and map ≤ 2 s on this machine". Run by hand, never by CI.
 *
 *   npx tsx bench/web-100k.ts --driver pglite --runs 5              # needs make-city --cases 100k --driver pglite
 *   npx tsx bench/web-100k.ts --driver postgres --runs 5 --pages cases,map
 *   npx tsx bench/web-100k.ts --city demo …                          # any cached city
 *
 * The server is a child process (this file with --serve): the cached city opened as the cases-list
 * benchmark does (openCity: PGlite in memory from its tarball, or the wwj_bench_100k database), the real
 * app (buildApp(createDeps(config, db))) serving the built web app (web/dist: run `npm run build:web`
 * first), no worker. The browser is Debian's Chromium (/usr/bin/chromium, headless, software rendering:
 * --disable-gpu as in the browser tests), 1920×1080. Each run is a fresh browser context (empty HTTP
 * cache) logged in as the city office (`city`, whole city) through the API, then `page.goto(route)`.
 * Times are taken inside the page, from its navigation start (performance.now() = 0 when the browser
 * sends the request for the HTML), by a requestAnimationFrame watcher installed before the page's own
 * scripts:
 *   - /cases    — first render: the first frame in which the case table has data rows
 *                 (`.ant-table-tbody tr.ant-table-row`) and the total ("共 N 件") is shown.
 *   - /map      — first render: the first sampled frame in which the map's canvas holds at least MIN_PX
 *                 "case pixels" (opaque and strongly saturated: max−min channel > 90 — the status colours
 *                 of the points and the blue of the clusters are, the pale fills, boundaries, labels and
 *                 the grey of rejected cases are not); "settled": the later of the last change of that
 *                 pixel set and the end of the last case request, once a case request has been made, none
 *                 is in flight and nothing changed for SETTLE_MS. Canvases are read
 *                 with getImageData every SAMPLE_MS (so these times have that resolution). Also recorded:
 *                 "legend", the first frame whose legend shows the selection's total (not 0).
 *   - /overview — first render: the first frame with at least 3 of its tiles showing a number
 *                 (`[data-testid^=tile-] .ant-statistic-content-value`) and no skeleton left.
 * Interaction, in the same page after its first render:
 *   - /cases, a filter change: the status filter set to 整改中 (rectifying) by clicking the option; time
 *     from the click (a capture-phase pointerdown listener) to the first frame with the new total and
 *     rows and no loading spinner.
 *   - /map, a zoom: one click on the zoom-in button (OpenLayers animates 250 ms); time from the click to
 *     the settled frame as above.
 * The page's own requests (/api/…) with their timings (Resource Timing) are recorded per run, so the
 * time can be split into network/server and browser work. The first run is a warm-up (Chromium and the
 * server's caches) and is reported apart. Raw results: bench/results/web-100k-<driver>-<city>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Driver } from '../src/db/database.js';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { arg, BENCH_PASSWORD, benchConfig, cityCached, drivers, flag, loadAvg, openCity, procCpuMs, readMeta, RESULTS_DIR, stats, type Stats } from './lib.js';

const BUDGET_MS = 2000;
const SAMPLE_MS = 100;
/** The map canvas is read at every STRIDE-th pixel in both directions (nearest-neighbour copy): a full read costs ~80 ms on this machine. */
const STRIDE = 3;
const SETTLE_MS = 1500;
/** Case pixels (of the 1/STRIDE² sample) for "drawn": ~450 screen pixels, i.e. a few clusters or ~15 points. */
const MIN_PX = 50;
const TIMEOUT_MS = Number(process.env.WEB_100K_TIMEOUT_MS ?? 120_000);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------- server mode (child process) ----------------

async function serve(driver: Driver, label: string) {
  const db = await openCity(driver, label, { poolSize: 8, log: (m) => console.error(m) });
  const { config } = benchConfig(driver, label);
  const app = await buildApp(createDeps(config, db));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  console.log(`LISTENING ${port}`);
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

async function startServer(driver: Driver, label: string): Promise<{ base: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', '--driver', driver, '--city', label], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /LISTENING (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

// ---------------- in-page watchers ----------------

/**
 * Installed before the page's scripts (addInitScript). Exposes window.__wb with:
 *   watch(kind)  — start the watcher of a page kind; results in __wb.first / __wb.settled (ms since navigation start)
 *   lastInput    — time of the last pointerdown (capture phase), for interactions
 * Written as a string so that nothing of the bundler's helpers ends up in the page.
 */
const PAGE_SCRIPT = String.raw`
(() => {
  const SAMPLE_MS = ${SAMPLE_MS}, SETTLE_MS = ${SETTLE_MS}, MIN_PX = ${MIN_PX}, STRIDE = ${STRIDE};
  const small = document.createElement('canvas');
  const sctx = small.getContext('2d', { willReadFrequently: true });
  // a case pixel: strongly saturated and opaque. The status colours of the points (web/src/lib/status.ts) and
  // the clusters' blue (composited over the pale village fills) all are; boundaries, fills, labels and the
  // grey of rejected cases are not.
  const isCasePixel = (r, g, b) => Math.max(r, g, b) - Math.min(r, g, b) > 90;
  const wb = (window.__wb = { first: null, settled: null, legend: null, lastInput: null, samples: 0, sampleMs: 0, px: 0, inflight: 0, casesStarted: 0, lastCasesEnd: 0 });
  addEventListener('pointerdown', () => { wb.lastInput = performance.now(); }, true);
  // case requests in flight (the map's settled state waits for them)
  const origFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    const isCases = /\/api\/cases/.test(url);
    if (isCases) { wb.inflight++; wb.casesStarted++; }
    const p = origFetch.call(this, input, init);
    if (isCases) p.then((r) => r.clone().arrayBuffer(), () => {}).then(() => {}, () => {}).finally(() => { wb.lastCasesEnd = performance.now(); setTimeout(() => wb.inflight--, 0); });
    return p;
  };
  function mapPixels() {
    const t0 = performance.now();
    let n = 0, sig = 0;
    for (const c of document.querySelectorAll('.map-wrap canvas')) {
      if (!c.width || !c.height) continue;
      const w = Math.ceil(c.width / STRIDE), h = Math.ceil(c.height / STRIDE);
      if (small.width !== w || small.height !== h) { small.width = w; small.height = h; }
      sctx.imageSmoothingEnabled = false;
      sctx.clearRect(0, 0, w, h);
      let data;
      try {
        sctx.drawImage(c, 0, 0, w, h);
        data = sctx.getImageData(0, 0, w, h).data;
      } catch (e) { continue; }
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 200 || !isCasePixel(data[i], data[i + 1], data[i + 2])) continue;
        n++;
        sig = (sig * 31 + i + data[i] + data[i + 2]) | 0;
      }
    }
    wb.samples++; wb.sampleMs += performance.now() - t0;
    return { n, sig };
  }
  const checks = {
    cases: () => document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length > 0 && !!document.querySelector('[data-testid=case-total]'),
    overview: () => (window.__wbOverviewReady ? window.__wbOverviewReady() : false),
  };
  wb.watch = (kind, opts) => {
    opts = opts || {};
    wb.first = null; wb.settled = null;
    if (kind === 'map') {
      // settled only after a case request that started after the watch began has finished (a zoom's request
      // starts after the animation and a debounce), and then at the later of its end and the last pixel change
      let last = null, lastChange = null, nextAt = 0;
      const started0 = wb.casesStarted;
      const tick = () => {
        const now = performance.now();
        if (wb.legend === null && /[1-9]/.test(document.querySelector('.map-legend-title .muted')?.textContent || '')) wb.legend = now;
        if (now >= nextAt) {
          const { n, sig } = mapPixels();
          nextAt = performance.now() + SAMPLE_MS;
          wb.px = n;
          const key = n + ':' + sig;
          if (key !== last) { last = key; lastChange = now; }
          if (wb.first === null && n >= MIN_PX && (!opts.after || now > opts.after)) wb.first = now;
          const requested = opts.after ? wb.casesStarted > started0 : wb.casesStarted > 0;
          const quietSince = Math.max(lastChange, wb.lastCasesEnd);
          if (wb.first !== null && requested && wb.inflight === 0 && now - quietSince >= SETTLE_MS && n >= MIN_PX) { wb.settled = quietSince; return; }
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    } else {
      const ok = kind === 'cases' && opts.total !== undefined
        ? () => checks.cases() && !document.querySelector('.ant-table-wrapper .ant-spin-spinning') && document.querySelector('[data-testid=case-total]').textContent !== opts.total
        : checks[kind];
      const tick = () => {
        if (ok()) { wb.first = wb.settled = performance.now(); return; }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }
  };
  // the route decides which watcher runs from the first frame on
  const kind = location.pathname.startsWith('/cases') ? 'cases' : location.pathname.startsWith('/map') ? 'map' : location.pathname.startsWith('/overview') ? 'overview' : null;
  if (kind) wb.watch(kind);
})();
`;

/**
 * The overview is ready when its figures are drawn: statistic values with digits in them (antd
 * Statistic, or the page's own tiles), and no loading spinner left in the content area.
 */
const OVERVIEW_READY = String.raw`
window.__wbOverviewReady = () => {
  const root = document.querySelector('.app-content') || document.body;
  if (root.querySelector('.ant-skeleton')) return false;
  const vals = [...root.querySelectorAll('[data-testid^="tile-"] .ant-statistic-content-value')].filter((e) => /\d/.test(e.textContent || ''));
  return vals.length >= 3;
};
`;

// ---------------- CPU accounting ----------------

/** Process ids of every descendant of `root` (Chromium's browser, renderer, GPU and utility processes). */
function descendants(root: number): number[] {
  const kids = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => (kids.get(p) ?? []).forEach((k) => (out.push(k), walk(k)));
  walk(root);
  return out;
}
/** Chromium's process type from its command line: renderer, gpu-process, utility, … or browser. */
function procType(pid: number): string {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /--type=([\w-]+)/.exec(cmd)?.[1] ?? (cmd.includes('chromium') ? 'browser' : 'other');
  } catch {
    return 'gone';
  }
}
/** CPU time (ms) used so far by the browser's processes (this process's descendants other than the server), by process type, and by the server. */
function cpuNow(serverPid: number | null): { browser: number; server: number; byType: Record<string, number> } {
  const server = serverPid ? [serverPid, ...descendants(serverPid)] : [];
  const browser = descendants(process.pid).filter((p) => !server.includes(p));
  const byType: Record<string, number> = {};
  for (const p of browser) {
    const t = procType(p);
    byType[t] = (byType[t] ?? 0) + procCpuMs(p);
  }
  return { browser: browser.reduce((a, p) => a + procCpuMs(p), 0), server: server.reduce((a, p) => a + procCpuMs(p), 0), byType };
}

// ---------------- one visit ----------------

interface ApiTiming {
  path: string;
  start: number;
  end: number;
  ms: number;
  kb: number;
}
interface Visit {
  page: string;
  run: number;
  warmup: boolean;
  firstMs: number | null;
  settledMs: number | null;
  interactionMs: number | null;
  interactionSettledMs: number | null;
  mapPx?: number;
  /** /map: the first frame whose legend shows the selection's total */
  legendMs?: number | null;
  sampling?: { samples: number; ms: number };
  api: ApiTiming[];
  /** ms since navigation start: HTML received, DOMContentLoaded, last script received before the first render */
  /** CPU ms from navigation to the first render was seen (polled every 100 ms): all browser processes, the server */
  cpu?: { browser: number; server: number; byType: Record<string, number> };
  nav?: { htmlEnd: number; dcl: number; scriptsEnd: number; scripts: number };
  interactionApi?: ApiTiming[];
  error?: string;
}

async function apiTimings(page: Page, since = 0): Promise<ApiTiming[]> {
  return page.evaluate((since) => {
    return (performance.getEntriesByType('resource') as any[])
      .filter((e) => e.name.includes('/api/') && e.startTime >= since)
      .map((e: any) => ({
        path: new URL(e.name).pathname + new URL(e.name).search,
        start: Math.round(e.startTime),
        end: Math.round(e.responseEnd),
        ms: Math.round(e.duration),
        kb: Math.round(e.encodedBodySize / 102.4) / 10,
      }));
  }, since);
}

async function waitFor(page: Page, what: 'first' | 'settled'): Promise<number | null> {
  try {
    await page.waitForFunction((w) => (globalThis as any).__wb?.[w] !== null && (globalThis as any).__wb?.[w] !== undefined, what, { timeout: TIMEOUT_MS, polling: 100 });
  } catch {
    return null;
  }
  return page.evaluate((w) => (globalThis as any).__wb[w] as number, what);
}

/**
 * --profile: one more visit per page with the DevTools protocol on: the renderer's main-thread metrics at
 * the first render (Performance.getMetrics: script, layout, style recalculation, task time — wall time of
 * the main thread's tasks) and a V8 CPU profile from navigation to the first render, summed by self time
 * per script file and per function. Profiling slows the page; its times are not the measurement.
 */
interface Profile {
  page: string;
  firstMs: number | null;
  metrics: Record<string, number>;
  byFile: { file: string; selfMs: number }[];
  topFunctions: { fn: string; file: string; selfMs: number }[];
  totalSampledMs: number;
}
async function profileVisit(browser: Browser, base: string, pageName: string): Promise<Profile> {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  try {
    await ctx.request.post(`${base}/api/auth/login`, { data: { username: 'city', password: BENCH_PASSWORD } });
    await ctx.addInitScript(OVERVIEW_READY);
    await ctx.addInitScript(PAGE_SCRIPT);
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    await page.goto(`${base}/${pageName}`, { waitUntil: 'commit' });
    const firstMs = await waitFor(page, 'first');
    const { profile } = (await cdp.send('Profiler.stop')) as any;
    const { metrics } = (await cdp.send('Performance.getMetrics')) as any;
    const m: Record<string, number> = {};
    for (const x of metrics as { name: string; value: number }[])
      if (/Duration$|^JSHeapUsedSize$|^Nodes$|^LayoutCount$|^RecalcStyleCount$/.test(x.name)) m[x.name] = /Duration$/.test(x.name) ? Math.round(x.value * 1000) : x.value;
    // self time per node = samples hitting it × the mean interval
    const hits = new Map<number, number>();
    for (const id of profile.samples as number[]) hits.set(id, (hits.get(id) ?? 0) + 1);
    const totalUs = (profile.endTime - profile.startTime) as number;
    const perSample = totalUs / Math.max(1, (profile.samples as number[]).length) / 1000;
    const byFile = new Map<string, number>();
    const byFn = new Map<string, { fn: string; file: string; selfMs: number }>();
    for (const n of profile.nodes as any[]) {
      const ms = (hits.get(n.id) ?? 0) * perSample;
      if (!ms) continue;
      const url: string = n.callFrame.url || '';
      const file = url ? url.replace(/^https?:\/\/[^/]+\//, '') : `(${n.callFrame.functionName || 'native'})`;
      byFile.set(file, (byFile.get(file) ?? 0) + ms);
      const key = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
      const e = byFn.get(key) ?? { fn: n.callFrame.functionName || '(anonymous)', file: `${file}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`, selfMs: 0 };
      e.selfMs += ms;
      byFn.set(key, e);
    }
    const r = (x: number) => Math.round(x);
    return {
      page: pageName,
      firstMs,
      metrics: m,
      byFile: [...byFile]
        .map(([file, ms]) => ({ file, selfMs: r(ms) }))
        .sort((a, b) => b.selfMs - a.selfMs)
        .slice(0, 15),
      topFunctions: [...byFn.values()]
        .map((e) => ({ ...e, selfMs: r(e.selfMs) }))
        .sort((a, b) => b.selfMs - a.selfMs)
        .slice(0, 15),
      totalSampledMs: r(totalUs / 1000),
    };
  } finally {
    await ctx.close();
  }
}

async function visit(browser: Browser, base: string, pageName: string, run: number, warmup: boolean, serverPid: number | null): Promise<Visit> {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const v: Visit = { page: pageName, run, warmup, firstMs: null, settledMs: null, interactionMs: null, interactionSettledMs: null, api: [] };
  try {
    const login = await ctx.request.post(`${base}/api/auth/login`, { data: { username: 'city', password: BENCH_PASSWORD } });
    if (login.status() !== 200) throw new Error(`login: ${login.status()}`);
    await ctx.addInitScript(OVERVIEW_READY);
    await ctx.addInitScript(PAGE_SCRIPT);
    const page = await ctx.newPage();
    if (process.env.WEB_100K_CONSOLE) page.on('console', (m) => console.log(`    [${pageName} ${run} console] ${m.text()}`));
    const cpu0 = cpuNow(serverPid);
    await page.goto(`${base}/${pageName}`, { waitUntil: 'commit' });
    v.firstMs = await waitFor(page, 'first');
    const cpu1 = cpuNow(serverPid);
    v.cpu = {
      browser: Math.round(cpu1.browser - cpu0.browser),
      server: Math.round(cpu1.server - cpu0.server),
      byType: Object.fromEntries(Object.entries(cpu1.byType).map(([k, x]) => [k, Math.round(x - (cpu0.byType[k] ?? 0))])),
    };
    if (v.firstMs === null) throw new Error(`no first render within ${TIMEOUT_MS / 1000} s (${new URL(page.url()).pathname})`);
    if (pageName === 'map') {
      v.settledMs = await waitFor(page, 'settled');
    } else v.settledMs = v.firstMs;
    v.api = await apiTimings(page);
    v.nav = await page.evaluate((first) => {
      const n = (performance as any).getEntriesByType('navigation')[0];
      const js = ((performance as any).getEntriesByType('resource') as any[]).filter((e) => e.name.endsWith('.js') && e.responseEnd <= first);
      return {
        htmlEnd: Math.round(n.responseEnd),
        dcl: Math.round(n.domContentLoadedEventEnd),
        scriptsEnd: Math.round(Math.max(0, ...js.map((e) => e.responseEnd))),
        scripts: js.length,
      };
    }, v.firstMs);
    if (pageName === 'map') {
      const s = await page.evaluate(() => ({
        px: (globalThis as any).__wb.px,
        legend: (globalThis as any).__wb.legend,
        samples: (globalThis as any).__wb.samples,
        ms: (globalThis as any).__wb.sampleMs,
      }));
      v.mapPx = s.px;
      v.legendMs = s.legend;
      v.sampling = { samples: s.samples, ms: Math.round(s.ms) };
    }
    if (warmup) return v;

    // ---- interaction ----
    if (pageName === 'cases') {
      const total = await page.locator('[data-testid=case-total]').textContent();
      // the status filter: the first multiple-select of the filter bar
      await page.locator('.filter-bar .ant-select').first().click();
      const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '整改中' });
      await option.waitFor();
      const since = await page.evaluate(() => performance.now());
      await page.evaluate((total) => (globalThis as any).__wb.watch('cases', { total }), total);
      await option.click();
      const done = await waitFor(page, 'first');
      const input = await page.evaluate(() => (globalThis as any).__wb.lastInput as number);
      if (done !== null) v.interactionMs = v.interactionSettledMs = done - input;
      v.interactionApi = await apiTimings(page, since);
    } else if (pageName === 'map') {
      const since = await page.evaluate(() => performance.now());
      await page.evaluate(() => (globalThis as any).__wb.watch('map', { after: performance.now() }));
      await page.locator('.ol-zoom-in').click();
      const input = await page.evaluate(() => (globalThis as any).__wb.lastInput as number);
      const settled = await waitFor(page, 'settled');
      if (settled !== null) v.interactionSettledMs = settled - input;
      v.interactionApi = await apiTimings(page, since);
      v.mapPx = await page.evaluate(() => (globalThis as any).__wb.px);
    }
    return v;
  } catch (e) {
    v.error = (e as Error).message;
    // what the page showed and asked for, to see why
    const page = ctx.pages()[0];
    if (page) {
      const shot = path.join(os.tmpdir(), `web-100k-${pageName}-run${run}-failed.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      const seen = await page
        .evaluate(() => (performance as any).getEntriesByType('resource').map((e: any) => `${Math.round(e.startTime)} ${e.name.replace((globalThis as any).location.origin, '')}`))
        .catch(() => []);
      v.error += ` (screenshot ${shot}; requests: ${(seen as string[]).filter((x) => !x.endsWith('.js')).join(', ') || 'none'})`;
    }
    return v;
  } finally {
    await ctx.close();
  }
}

// ---------------- the API alone ----------------

/**
 * The page's data requests replayed from Node (no browser), each once to warm up and then `n` times in a
 * row, so a page's time can be split into server and browser: the same paths and parameters the pages
 * sent in the measured runs.
 */
async function apiAlone(base: string, paths: string[], n: number) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'city', password: BENCH_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const out: { path: string; status: number; kb: number; ms: Stats }[] = [];
  for (const p of paths) {
    const one = async () => {
      const t = performance.now();
      const r = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' } });
      const body = await r.arrayBuffer();
      return { ms: performance.now() - t, status: r.status, bytes: body.byteLength };
    };
    const first = await one();
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push((await one()).ms);
    out.push({ path: p, status: first.status, kb: Math.round(first.bytes / 102.4) / 10, ms: stats(xs) });
  }
  return out;
}

// ---------------- main ----------------

const r0 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : String(Math.round(x)));

/** Progress lines go to stdout and, as they come, to bench/results/web-100k-progress.txt (a run takes minutes). */
function log(line: string) {
  console.log(line);
  fs.appendFileSync(path.join(RESULTS_DIR, 'web-100k-progress.txt'), line + '\n');
}

async function main() {
  const argv = process.argv.slice(2);
  const label = arg(argv, 'city', '100k');
  if (flag(argv, 'serve')) return serve(arg(argv, 'driver', 'pglite') as Driver, label);
  const runs = Number(arg(argv, 'runs', '5'));
  const pages = arg(argv, 'pages', 'cases,map,overview').split(',');
  const tag = arg(argv, 'tag', '');
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) throw new Error('no web/dist: run npm run build:web');

  for (const driver of drivers(arg(argv, 'driver', 'pglite'))) {
    if (!(await cityCached(driver, label))) throw new Error(`no cached city ${label} on ${driver}: npx tsx bench/make-city.ts --cases ${label} --driver ${driver}`);
    const t0 = performance.now();
    // --base: a server already running (this file with --serve), e.g. to repeat a page without reloading the city
    const server = arg(argv, 'base', '') ? { base: arg(argv, 'base', ''), child: null, stop: async () => {} } : await startServer(driver, label);
    const serverPid = arg(argv, 'server-pid', '') ? Number(arg(argv, 'server-pid', '')) : (server.child?.pid ?? null);
    log(`[${new Date().toISOString()}] [${driver}/${label}] server up in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${server.base}; load ${loadAvg().join(' ')}`);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const visits: Visit[] = [];
    const loads: number[][] = [];
    let apiOnly: Awaited<ReturnType<typeof apiAlone>> = [];
    const profiles: Profile[] = [];
    try {
      for (const p of pages) {
        for (let i = 0; i <= runs; i++) {
          const v = await visit(browser, server.base, p, i, i === 0, serverPid);
          visits.push(v);
          loads.push(loadAvg());
          log(
            `  ${p.padEnd(9)} run ${i}${i === 0 ? ' (warm-up)' : '          '} first ${r0(v.firstMs).padStart(6)} ms  settled ${r0(v.settledMs).padStart(6)} ms` +
              (i ? `  interaction ${r0(v.interactionMs ?? v.interactionSettledMs).padStart(6)} ms` : '') +
              (v.mapPx !== undefined ? `  case px ${v.mapPx}  legend ${r0(v.legendMs ?? null)} ms` : '') +
              (v.error ? `  ERROR ${v.error}` : '') +
              (v.cpu
                ? `  | cpu browser ${v.cpu.browser} (${Object.entries(v.cpu.byType)
                    .filter(([, x]) => x > 0)
                    .map(([k, x]) => `${k} ${x}`)
                    .join(', ')}) server ${v.cpu.server}`
                : '') +
              (v.nav ? `  | html ${v.nav.htmlEnd} dcl ${v.nav.dcl} js(${v.nav.scripts}) ${v.nav.scriptsEnd}` : '') +
              `  | api: ${v.api.map((a) => `${a.path.split('?')[0].replace('/api/', '')} ${a.start}+${a.ms}ms/${a.kb}KB`).join(', ')}`,
          );
        }
      }
      if (flag(argv, 'profile')) {
        for (const p of pages) {
          const pr = await profileVisit(browser, server.base, p);
          profiles.push(pr);
          log(`  profile ${p}: first ${r0(pr.firstMs)} ms; main thread ${JSON.stringify(pr.metrics)}`);
          log(`    self time by file: ${pr.byFile.map((f) => `${f.file} ${f.selfMs}`).join(', ')}`);
          log(
            `    top functions: ${pr.topFunctions
              .slice(0, 8)
              .map((f) => `${f.fn} (${f.file}) ${f.selfMs}`)
              .join(', ')}`,
          );
        }
      }
      // the data requests of the measured runs, alone (distinct paths; the notification poll and the session check included)
      const paths = [...new Set(visits.filter((v) => !v.warmup).flatMap((v) => [...v.api, ...(v.interactionApi ?? [])].map((a) => a.path)))];
      apiOnly = await apiAlone(server.base, paths, 5);
    } finally {
      await browser.close();
      await server.stop();
    }
    log(`[${driver}/${label}] the pages' API requests alone, from Node (5 after 1 warm-up; ms; KB decoded):`);
    for (const a of apiOnly) log(`  ${String(a.status)} p50 ${r0(a.ms.p50).padStart(5)}  max ${r0(a.ms.max).padStart(5)}  ${String(a.kb).padStart(6)} KB  ${a.path}`);

    const meta = readMeta(driver, label);
    const summary = pages.map((p) => {
      const vs = visits.filter((v) => v.page === p && !v.warmup);
      const ok = (k: keyof Visit) => vs.map((v) => v[k] as number | null).filter((x): x is number => x !== null);
      const s = (k: keyof Visit): Stats => stats(ok(k));
      return {
        page: p,
        runs: vs.length,
        errors: vs.filter((v) => v.error).length,
        first: s('firstMs'),
        settled: s('settledMs'),
        interaction: s(p === 'map' ? 'interactionSettledMs' : 'interactionMs'),
        ...(p === 'map' ? { legend: s('legendMs') } : {}),
        cpuToFirst: { browser: stats(vs.filter((v) => v.cpu).map((v) => v.cpu!.browser)), server: stats(vs.filter((v) => v.cpu).map((v) => v.cpu!.server)) },
      };
    });
    log(
      `[${new Date().toISOString()}] [${driver}/${label}] ${runs} runs per page (+1 warm-up), ms since navigation start; ratio = p50 / ${BUDGET_MS} ms; cpu = CPU ms to the first render (browser processes / server), p50`,
    );
    log('| page     | runs | first p50 | first max | ratio | settled p50 | settled max | ratio | interaction p50 | interaction max | cpu browser | cpu server |');
    log('|----------|-----:|----------:|----------:|------:|------------:|------------:|------:|----------------:|----------------:|------------:|-----------:|');
    for (const s of summary) {
      const ratio = (x: number) => (Number.isNaN(x) ? '–' : (x / BUDGET_MS).toFixed(2));
      log(
        `| ${s.page.padEnd(8)} | ${String(s.runs - s.errors).padStart(4)} | ${r0(s.first.p50).padStart(9)} | ${r0(s.first.max).padStart(9)} | ${ratio(s.first.p50).padStart(5)} | ${r0(s.settled.p50).padStart(11)} | ${r0(s.settled.max).padStart(11)} | ${ratio(s.settled.p50).padStart(5)} | ${r0(s.interaction.p50).padStart(15)} | ${r0(s.interaction.max).padStart(15)} | ${r0(s.cpuToFirst.browser.p50).padStart(11)} | ${r0(s.cpuToFirst.server.p50).padStart(10)} |`,
      );
    }
    for (const s of summary) if (s.legend) log(`/${s.page}: legend shown p50 ${r0(s.legend.p50)} ms (max ${r0(s.legend.max)})`);
    const out = path.join(RESULTS_DIR, `web-100k-${driver}-${label}${tag ? '-' + tag : ''}.json`);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(
      out,
      JSON.stringify(
        {
          driver,
          city: label,
          cases: meta?.cases,
          at: new Date().toISOString(),
          budgetMs: BUDGET_MS,
          method: { sampleMs: SAMPLE_MS, settleMs: SETTLE_MS, minPx: MIN_PX, viewport: '1920x1080', chromium: browser.version() },
          gitHead: execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim(),
          // the build is of the working tree, which other engineers change while this runs
          webChangesNotCommitted: execSync('git status --short web/src', { cwd: ROOT }).toString().split('\n').filter(Boolean),
          webBuiltAt: fs.statSync(path.join(ROOT, 'web', 'dist', 'index.html')).mtime.toISOString(),
          summary,
          apiAlone: apiOnly,
          profiles,
          visits,
          loadAvgAfterEachVisit: loads,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`→ ${path.relative(ROOT, out)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
