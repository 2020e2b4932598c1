#!/usr/bin/env node
// Size of the command centre (the desktop web app) as a browser downloads it, against issue 6's budget:
// "first load of the command centre ≤ 600 KB gzipped JS with code splitting". Run `npm run build:web` first.
//
//   node bench/web-bundle.mjs                 # static: the build's import graph (no browser)
//   node bench/web-bundle.mjs --browser       # + Debian Chromium fetching the app from a real server
//   node bench/web-bundle.mjs --browser --base http://127.0.0.1:3100 --user city --password …   # a running server
//   add --json FILE to write the raw results
//
// Static part: web/dist/index.html's entry module, its modulepreload links and every module they import
// statically (followed through the built files), gzip -9 of each file = what the browser must load before
// anything renders. Each lazily loaded page (`import()` in the entry) adds its own static graph minus what
// the entry already has.
//
// Browser part (the honest one): a fresh browser context per route (empty cache), the JS files Chromium
// actually requests, sized as gzip -9 of the built file (the budget's unit) and as the bytes on the wire
// (the server sends brotli, quality 4). Routes: the login page; the whole first visit (/ → login form →
// the landing page after login); and, logged in, each command-centre page opened directly. Files are
// split into "entry" (the index.html graph) and "lazy" (chunks a page pulls with import()).
// Without --base the script starts the product (`src/main.ts`, PGlite in a temp dir, a 40-case demo city).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BUDGET_KB = 600;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist');
const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const ROUTES = (arg('routes', '/overview,/map,/cases,/todo,/index') ?? '').split(',').filter(Boolean);

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('no web/dist/index.html: build the web apps first (npm run build:web)');
  process.exit(1);
}

// ---------- static: the build's module graph ----------

const sizeCache = new Map();
/** gzip -9 and raw size of a built file (path relative to web/dist, no leading slash). */
function size(file) {
  let s = sizeCache.get(file);
  if (!s) {
    const buf = fs.readFileSync(path.join(dist, file));
    s = { file, raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
    sizeCache.set(file, s);
  }
  return s;
}

// the minifier quotes module names with ", ' or ` (template literals)
const STATIC_IMPORT = /\bimport\s*(?:[\w$*{},\s]+?\s*from\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g;
function importsOf(file, re) {
  const src = fs.readFileSync(path.join(dist, file), 'utf8');
  const dir = path.posix.dirname(file);
  return [...src.matchAll(re)].map((m) => path.posix.normalize(path.posix.join(dir, m[1])));
}
/** A module and everything it imports statically (recursively). */
function staticClosure(files, seen = new Set()) {
  for (const f of files) {
    if (seen.has(f)) continue;
    seen.add(f);
    staticClosure(importsOf(f, STATIC_IMPORT), seen);
  }
  return seen;
}

const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const attr = (re) => [...html.matchAll(re)].map((m) => m[1].replace(/^\//, ''));
const entry = attr(/<script[^>]*type="module"[^>]*src="([^"]+)"/g);
const preloads = attr(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g);
const css = attr(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g);
const entrySet = staticClosure([...entry, ...preloads]);
const notPreloaded = [...entrySet].filter((f) => !preloads.includes(f) && !entry.includes(f));

const kb = (n) => n / 1024;
const sum = (list, k = 'gzip') => list.reduce((s, f) => s + f[k], 0);
const entryFiles = [...entrySet].map(size).sort((a, b) => b.gzip - a.gzip);
const entryGz = kb(sum(entryFiles));
const cssGz = kb(sum(css.map(size)));

/** Each page chunk the entry imports lazily: its own static graph beyond the entry's. */
const lazyPages = [...new Set([...entrySet].flatMap((f) => importsOf(f, DYNAMIC_IMPORT)))]
  .map((chunk) => {
    const files = [...staticClosure([chunk])].filter((f) => !entrySet.has(f)).map(size);
    return { chunk, gzipKB: kb(sum(files)), files };
  })
  .sort((a, b) => b.gzipKB - a.gzipKB);

const row = (f) => `  ${f.file.padEnd(44)} ${kb(f.raw).toFixed(1).padStart(8)} KB raw ${kb(f.gzip).toFixed(1).padStart(7)} KB gzip`;
const ratio = (x) => `${(x / BUDGET_KB).toFixed(2)}`;

console.log(`command centre (web/dist) — static analysis of the build`);
console.log(`entry (index.html: ${entry.length} module, ${preloads.length} modulepreload, their static imports):`);
entryFiles.forEach((f) => console.log(row(f)));
if (notPreloaded.length) console.log(`  (imported statically but not preloaded: ${notPreloaded.join(', ')})`);
console.log(`  entry JS ${entryGz.toFixed(1)} KB gzip of ${BUDGET_KB} KB: ratio ${ratio(entryGz)}   (+ CSS ${cssGz.toFixed(1)} KB gzip)`);
console.log(`lazy pages (each one's static graph beyond the entry; shared chunks are counted in every page that needs them):`);
for (const p of lazyPages)
  console.log(`  ${p.chunk.padEnd(44)} +${p.gzipKB.toFixed(1).padStart(6)} KB gzip → entry + page ${(entryGz + p.gzipKB).toFixed(1)} KB, ratio ${ratio(entryGz + p.gzipKB)}`);

const result = {
  budgetKB: BUDGET_KB,
  builtAt: fs.statSync(path.join(dist, 'index.html')).mtime.toISOString(),
  static: {
    entryJsGzipKB: entryGz,
    cssGzipKB: cssGz,
    entry: entryFiles,
    lazyPages: lazyPages.map((p) => ({ chunk: p.chunk, gzipKB: p.gzipKB, withEntryKB: entryGz + p.gzipKB, files: p.files.map((f) => f.file) })),
  },
  browser: null,
};

// ---------- browser: what Chromium actually fetches ----------

async function startServer() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-bundle-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const password = 'bundle-bench-1';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_CASES: '40',
      DEMO_PASSWORD: password,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      RUN_WORKER: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 300_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (Date.now() > end) throw new Error('server did not become healthy');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    base,
    user: 'city',
    password,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 800));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function measureBrowser() {
  const { chromium } = await import('playwright-core');
  const server = arg('base') ? { base: arg('base'), user: arg('user', 'city'), password: arg('password'), stop: async () => {} } : await startServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const out = [];
  try {
    /** A fresh context (empty cache), `go` drives it; collects every JS response of the page. */
    const visit = async (name, loggedIn, go) => {
      const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
      if (loggedIn) {
        const r = await ctx.request.post(`${server.base}/api/auth/login`, { data: { username: server.user, password: server.password } });
        if (r.status() !== 200) throw new Error(`login ${server.user}: ${r.status()}`);
      }
      const page = await ctx.newPage();
      const js = [];
      let inflight = 0;
      let lastActivity = Date.now();
      page.on('request', () => (inflight++, (lastActivity = Date.now())));
      page.on('requestfailed', () => (inflight--, (lastActivity = Date.now())));
      page.on('requestfinished', () => (inflight--, (lastActivity = Date.now())));
      page.on('requestfinished', async (req) => {
        const u = new URL(req.url());
        if (!u.pathname.endsWith('.js')) return;
        const sizes = await req.sizes().catch(() => null);
        js.push({ file: u.pathname.replace(/^\//, ''), wire: sizes?.responseBodySize ?? null });
      });
      await go(page);
      // lazy chunks of components mounted after the data arrived (charts, the map) come late: wait until
      // nothing was requested or finished for 3 s (at most 90 s)
      const until = Date.now() + 90_000;
      while (Date.now() < until && (inflight > 0 || Date.now() - lastActivity < 3000)) await page.waitForTimeout(200);
      const landed = new URL(page.url()).pathname;
      await ctx.close();
      const files = [...new Map(js.map((f) => [f.file, f])).values()].map((f) => ({ ...size(f.file), wire: f.wire, part: entrySet.has(f.file) ? 'entry' : 'lazy' }));
      const part = (p) => files.filter((f) => f.part === p);
      const r = {
        name,
        landed,
        totalGzipKB: kb(sum(files)),
        entryGzipKB: kb(sum(part('entry'))),
        lazyGzipKB: kb(sum(part('lazy'))),
        wireKB: kb(files.reduce((s, f) => s + (f.wire ?? 0), 0)),
        files: files.sort((a, b) => b.gzip - a.gzip),
      };
      out.push(r);
      return r;
    };

    await visit('login page (/login, not logged in)', false, (p) => p.goto(`${server.base}/login`));
    await visit('first visit: / → log in → landing page', false, async (p) => {
      await p.goto(`${server.base}/`);
      await p.fill('#login-username', server.user);
      await p.fill('#login-password', server.password);
      await p.click('button[type=submit]');
      await p.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 60_000 });
    });
    for (const route of ROUTES) await visit(`logged in, open ${route}`, true, (p) => p.goto(`${server.base}${route}`));
  } finally {
    await browser.close();
    await server.stop();
  }

  console.log(`\nbrowser (Debian Chromium, empty cache per row; gzip -9 of each fetched JS file; "wire" = brotli bytes received):`);
  console.log(`  ${'visit'.padEnd(42)} ${'landed on'.padEnd(12)} ${'entry'.padStart(7)} ${'lazy'.padStart(7)} ${'total'.padStart(7)}  ratio  ${'wire'.padStart(7)}  files`);
  for (const r of out) {
    console.log(
      `  ${r.name.padEnd(42)} ${r.landed.padEnd(12)} ${r.entryGzipKB.toFixed(1).padStart(7)} ${r.lazyGzipKB.toFixed(1).padStart(7)} ${r.totalGzipKB.toFixed(1).padStart(7)}  ${ratio(r.totalGzipKB).padStart(5)}  ${r.wireKB.toFixed(1).padStart(7)}  ${r.files.length}${r.totalGzipKB > BUDGET_KB ? '  OVER BUDGET' : ''}`,
    );
  }
  for (const r of out) {
    const lazy = r.files.filter((f) => f.part === 'lazy');
    if (lazy.length) console.log(`  lazy in "${r.name}": ${lazy.map((f) => `${f.file.replace(/^assets\//, '')} ${kb(f.gzip).toFixed(1)}`).join(', ')}`);
  }
  return out;
}

if (argv.includes('--browser')) result.browser = await measureBrowser();
const jsonOut = arg('json');
if (jsonOut) {
  fs.mkdirSync(path.dirname(path.resolve(jsonOut)), { recursive: true });
  fs.writeFileSync(jsonOut, JSON.stringify(result, null, 2) + '\n');
}
// the verdict: the first visit when measured in the browser, otherwise the entry
const headline = result.browser ? Math.max(...result.browser.map((r) => r.totalGzipKB)) : entryGz;
console.log(
  `\n${result.browser ? 'largest first load of any visit above' : 'entry JS'}: ${headline.toFixed(1)} KB gzip / ${BUDGET_KB} KB = ratio ${ratio(headline)}${headline > BUDGET_KB ? '  OVER BUDGET' : ''}`,
);
process.exit(headline > BUDGET_KB ? 1 : 0);
