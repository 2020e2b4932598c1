/**
 * mobile-weak: the patrol app (/m/) on a phone with a weak signal — issue 24's "nothing downloaded twice"
 * and "the map's points with the first view". Run by hand, never by CI.
 *
 *   npx tsx bench/mobile-weak.ts                       # 3 runs, slow 4G and regular 3G, cold and warm
 *   npx tsx bench/mobile-weak.ts --runs 1 --links slow4g --waterfall   # + every request: sent → answered, KB
 *   npx tsx bench/mobile-weak.ts --cpu 1               # the CPU unthrottled: what the link alone costs
 *   npx tsx bench/mobile-weak.ts --base http://127.0.0.1:3100 --user inspector --password …   # a running server
 *
 * The product (buildApp, the 200-case demo city seeded in memory as `npm start` seeds it, no map tiles)
 * serving a copy of the built apps taken at the start (`npm run build:web` first; a rebuild of web/dist
 * during the runs does not reach it), Debian's Chromium (/usr/bin/chromium) as a
 * phone: 360×740 CSS px, touch, zh-CN, GPS at the one of the inspector's cases with the most cases
 * within 500 m, and the CPU 4× slower (CDP Emulation.setCPUThrottlingRate on the page).
 *
 * The link. On a phone, the page and its service worker share one radio link. CDP's
 * Network.emulateNetworkConditions applies only to the target whose session sent it: a service worker is
 * its own target (it must be caught when it starts), and two targets throttled that way get two links
 * of full speed each, so the worker's downloads would not slow the page's. Here every byte goes through
 * one shaping proxy between Chromium and the server instead: one link per direction at the link's rate,
 * shared fairly between the connections (round robin in 1,460-byte packets), half the latency each way
 * (so a request's round trip costs the latency, as in DevTools), and one round trip more for each new
 * connection (the TCP handshake). Links:
 *   slow4g     — 150 ms, 1.6 Mbit/s down, 750 kbit/s up (the figures of DevTools' "Slow 4G" preset)
 *   3g         — 100 ms, 750 kbit/s down, 250 kbit/s up (DevTools' former "Regular 3G" preset)
 *
 * Each run, per link, a fresh browser context (empty HTTP cache, no service worker, empty IndexedDB),
 * signed in as the inspector (the session cookie from the API, the account remembered on the phone as
 * the login form leaves it):
 *   cold — open /m/, until the service worker is active and the link has been idle for 2 s;
 *   warm — open /m/ again in a new page of the same context (the service worker, HTTP cache and the
 *          phone's copy of the cases around in place).
 * Times are the app's User Timing marks (web/m/src/marks.ts), from the navigation start: the report
 * button ready, and the map's first frame with case points. Goal for the points: ≤ 2 s cold on slow 4G.
 * Bytes per first visit: what went down the link for the app's files (everything under /m/ that is not
 * /api/), against the files' unique bytes (each URL's largest answer once). Goal: ≤ 1.1 × unique.
 *
 * Then a report on the warm page (`--no-report` leaves it out): a 2.5 MB camera photo (4000×3000, EXIF with
 * the place and time), 上报 tapped once the duplicate check has answered; the time to 已发送 in 我的上报 (the
 * case exists with the reduced copy: issue 24's goal ≤ 3 s on slow 4G) next to the time until its original
 * has followed and is verified (原图已上传), and the bytes each phase sent up the link.
 * Raw results: bench/results/mobile-weak-<time>.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { MARKS } from '../web/m/src/marks.js';
import { cameraJpeg } from '../test/support/images.js';
import { arg, BENCH_DIR, loadAvg, mdTable, RESULTS_DIR } from './lib.js';

const ROOT = path.resolve(BENCH_DIR, '..');
const argv = process.argv.slice(2);
const RUNS = Number(arg(argv, 'runs', '3'));
const LINK_NAMES = arg(argv, 'links', 'slow4g,3g').split(',');
const POINTS_GOAL_MS = 2000;
const BYTES_GOAL = 1.1;
const WATERFALL = argv.includes('--waterfall');
const REPORT = !argv.includes('--no-report');
const SENT_GOAL_MS = 3000;
/** CPU slowdown of the emulated phone (CDP Emulation.setCPUThrottlingRate); 1 = this machine's speed. */
const CPU_RATE = Number(arg(argv, 'cpu', '4'));

interface LinkSpec {
  name: string;
  label: string;
  latencyMs: number;
  downBps: number;
  upBps: number;
}
const LINKS: Record<string, LinkSpec> = {
  slow4g: { name: 'slow4g', label: 'slow 4G', latencyMs: 150, downBps: 1.6e6, upBps: 750e3 },
  '3g': { name: '3g', label: 'regular 3G', latencyMs: 100, downBps: 750 * 1024, upBps: 250 * 1024 },
};

// ---------- the link: one shaping proxy for every connection ----------

interface Seen {
  method: string;
  url: string;
  down: number;
  up: number;
  /** ms since the visit's navigation: the request's first byte sent, its answer's last byte delivered */
  at: number;
  doneAt: number;
  status: number;
}

const PACKET = 1460;

interface Packet {
  data: Buffer | null;
  deliver: (b: Buffer | null) => void;
}

/** One direction of the link: packets leave one at a time at its rate, connections served in turn. */
class Pipe {
  /** per connection, its packets in order, each with what to do on arrival (null data: the end of the stream) */
  private queues = new Map<number, Packet[]>();
  /** packets on their way (sent, not yet arrived), in the order sent */
  private landing: { packet: Packet; due: number }[] = [];
  private order: number[] = [];
  private next = 0;
  private freeAt = 0;
  private busy = false;
  constructor(
    private bytesPerMs: number,
    private delayMs: number,
  ) {}

  push(conn: number, data: Buffer | null, deliver: (b: Buffer | null) => void) {
    let q = this.queues.get(conn);
    if (!q) {
      q = [];
      this.queues.set(conn, q);
      this.order.push(conn);
    }
    if (data === null) q.push({ data: null, deliver });
    else for (let i = 0; i < data.length; i += PACKET) q.push({ data: data.subarray(i, i + PACKET), deliver });
    this.pump();
  }

  /**
   * Sends the next packets in turn. The link keeps its own clock (`freeAt`, when the last packet has
   * left): while it stays busy, a timer that fires late (a loaded machine) is caught up instead of
   * lowering the rate; an idle link starts again from now.
   */
  private pump(continuing = false) {
    if (this.busy) return;
    const now = performance.now();
    if (!continuing || this.freeAt < now - 1000) this.freeAt = Math.max(this.freeAt, now);
    for (;;) {
      const packet = this.take();
      if (!packet) return;
      this.freeAt += (packet.data?.length ?? 0) / this.bytesPerMs;
      this.arrive(packet, this.freeAt + this.delayMs);
      if (this.freeAt > now) {
        this.busy = true;
        setTimeout(() => {
          this.busy = false;
          this.pump(true);
        }, this.freeAt - now);
        return;
      }
    }
  }

  /** The next packet, connections in turn. */
  private take(): Packet | undefined {
    for (let k = 0; k < this.order.length; k++) {
      const conn = this.order[(this.next + k) % this.order.length];
      const packet = this.queues.get(conn)!.shift();
      if (!packet) continue;
      this.next = (this.next + k + 1) % this.order.length;
      if (packet.data === null) this.drop(conn);
      return packet;
    }
    return undefined;
  }

  /**
   * Hands a packet over at `due` (ms, performance.now()), strictly in the order sent: timers with
   * different delays may fire out of order on a loaded machine, and a TCP stream must not.
   */
  private arrive(packet: Packet, due: number) {
    this.landing.push({ packet, due });
    setTimeout(() => this.land(), Math.max(0, due - performance.now()));
  }

  private land() {
    while (this.landing.length && this.landing[0].due <= performance.now() + 1) {
      const { packet } = this.landing.shift()!;
      packet.deliver(packet.data);
    }
    if (this.landing.length) setTimeout(() => this.land(), Math.max(0, this.landing[0].due - performance.now()));
  }

  private drop(conn: number) {
    this.queues.delete(conn);
    this.order = this.order.filter((c) => c !== conn);
    this.next = 0;
  }
}

/** A TCP proxy to the server shaped as one link; counts every request's bytes (HTTP/1.1, no pipelining). */
class Link {
  seen: Seen[] = [];
  lastByteAt = 0;
  private t0 = 0;
  private server: net.Server | null = null;
  private conns = 0;
  constructor(
    private spec: LinkSpec,
    private target: { host: string; port: number },
  ) {}

  async listen(): Promise<number> {
    const down = new Pipe(this.spec.downBps / 8 / 1000, this.spec.latencyMs / 2);
    const up = new Pipe(this.spec.upBps / 8 / 1000, this.spec.latencyMs / 2);
    this.server = net.createServer((client) => {
      const id = ++this.conns;
      const upstream = net.connect(this.target);
      let current: Seen | null = null;
      let handshake = true;
      client.on('data', (b: Buffer) => {
        const head = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.1\r\n/.exec(b.subarray(0, 2048).toString('latin1'));
        if (head) {
          current = { method: head[1], url: head[2], down: 0, up: 0, at: performance.now() - this.t0, doneAt: 0, status: 0 };
          this.seen.push(current);
        }
        if (current) current.up += b.length;
        this.lastByteAt = performance.now();
        const send = () => up.push(id, b, (x) => (x ? upstream.write(x) : upstream.end()));
        // a new connection costs one round trip (the TCP handshake) before its first bytes go up
        if (handshake) {
          handshake = false;
          const first = b;
          client.pause();
          setTimeout(() => {
            up.push(id, first, (x) => (x ? upstream.write(x) : upstream.end()));
            client.resume();
          }, this.spec.latencyMs);
          return;
        }
        send();
      });
      upstream.on('data', (b: Buffer) => {
        const s = current;
        if (s && s.down === 0) s.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(b.subarray(0, 16).toString('latin1'))?.[1] ?? 0);
        if (s) s.down += b.length;
        this.lastByteAt = performance.now();
        down.push(id + 1e6, b, (x) => {
          if (s) s.doneAt = performance.now() - this.t0;
          return x ? client.write(x) : client.end();
        });
      });
      client.on('end', () => up.push(id, null, () => upstream.end()));
      upstream.on('end', () => down.push(id + 1e6, null, () => client.end()));
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    return (this.server.address() as net.AddressInfo).port;
  }

  reset() {
    this.seen = [];
    this.t0 = this.lastByteAt = performance.now();
  }

  async close() {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}

// ---------- the product ----------

interface Target {
  base: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/**
 * The product in a child process (this file with --serve): the demo city seeded in memory as `npm start`
 * seeds a new data dir (seedDemoIfEmpty), the real app (buildApp) serving a copy of web/dist taken at the
 * start, so that a rebuild of web/dist by someone else during the runs cannot change the files measured.
 */
async function startServer(): Promise<Target> {
  const dist = snapshotDist();
  const password = 'weak-bench-1';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', dist], {
    cwd: ROOT,
    env: { ...process.env, DEMO_CASES: '200', DEMO_PASSWORD: password, LOG_LEVEL: 'warn', DATABASE_URL: '', MAP_TILE_URL: '', DATA_DIR: path.join(dist, '..', 'data') },
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
  const user = fs
    .readFileSync(path.join(path.dirname(dist), 'data', 'demo-accounts.txt'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .find((c) => c[0] === 'inspector')?.[1];
  if (!user) throw new Error('demo-accounts.txt names no inspector');
  return {
    base: `http://127.0.0.1:${port}`,
    user,
    password,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 800));
      fs.rmSync(path.dirname(dist), { recursive: true, force: true });
    },
  };
}

/** A copy of web/dist whose patrol app is complete (every file m/index.html names is there). */
function snapshotDist(): string {
  const from = path.join(ROOT, 'web', 'dist');
  for (let attempt = 0; attempt < 20; attempt++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-weak-'));
    const dist = path.join(dir, 'dist');
    try {
      fs.cpSync(from, dist, { recursive: true });
      const html = fs.readFileSync(path.join(dist, 'm', 'index.html'), 'utf8');
      const named = [...html.matchAll(/(?:src|href)="\/m\/([^"]+)"/g)].map((m) => m[1]);
      if (named.length >= 3 && named.every((f) => fs.existsSync(path.join(dist, 'm', f))) && fs.existsSync(path.join(dist, 'index.html'))) return dist;
    } catch {
      /* a build in progress: try again */
    }
    fs.rmSync(dir, { recursive: true, force: true });
    spawnSync('sleep', ['3']);
  }
  throw new Error('web/dist has no complete patrol app: run `npm run build:web`');
}

async function serve(dist: string) {
  const { loadConfig } = await import('../src/config.js');
  const { openDatabase } = await import('../src/db/database.js');
  const { migrateToLatest } = await import('../src/db/migrate.js');
  const { createDeps } = await import('../src/deps.js');
  const { buildApp } = await import('../src/app.js');
  const { seedDemoIfEmpty } = await import('../src/demo/demo.seed.js');
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = await openDatabase({ driver: 'pglite', inMemory: true });
  await migrateToLatest(db);
  const deps = createDeps(config, db);
  await seedDemoIfEmpty(deps, { log: (m) => console.error(`[serve] ${m.split('\n')[0]}`), bulkIndexes: true });
  const app = await buildApp(deps, { logger: false, webDist: dist });
  await app.listen({ host: '127.0.0.1', port: 0 });
  console.log(`LISTENING ${(app.server.address() as net.AddressInfo).port}`);
}

async function api(t: Target) {
  const r = await fetch(`${t.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: t.user, password: t.password }),
  });
  if (r.status !== 200) throw new Error(`login ${t.user}: ${r.status}`);
  const { token } = (await r.json()) as { token: string };
  return async <T>(p: string): Promise<T> => (await (await fetch(`${t.base}${p}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
}

/** The place of one of the inspector's cases with the most cases (open ones, as the map shows) within 500 m. */
async function busyPlace(get: Awaited<ReturnType<typeof api>>) {
  const { items } = await get<{ items: { lon: number; lat: number }[] }>('/api/cases?limit=100');
  let best = { lon: 0, lat: 0, n: -1 };
  for (const c of items.slice(0, 40)) {
    const n = (await get<{ items: unknown[] }>(`/api/cases/nearby?lon=${c.lon}&lat=${c.lat}&radius=500`)).items.length;
    if (n > best.n) best = { lon: c.lon, lat: c.lat, n };
  }
  if (best.n < 1) throw new Error('no case around any of the inspector’s cases');
  return best;
}

// ---------- one visit ----------

interface Visit {
  link: string;
  run: number;
  kind: 'cold' | 'warm';
  reportReadyMs: number | null;
  pointsMs: number | null;
  fileBytes: number;
  uniqueFileBytes: number;
  apiBytes: number;
  files: { url: string; times: number; down: number }[];
  requests: Seen[];
  /** the machine's load average when the visit ended (2 cores: above 2, the CPU figures are inflated) */
  load: number[];
}

const marksOf = (page: Page) =>
  page.evaluate(
    `({ report: performance.getEntriesByName(${JSON.stringify(MARKS.reportReady)})[0]?.startTime ?? null, points: performance.getEntriesByName(${JSON.stringify(MARKS.points)})[0]?.startTime ?? null })`,
  ) as Promise<{
    report: number | null;
    points: number | null;
  }>;

async function phonePage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
  return page;
}

async function visit(page: Page, link: Link, proxyBase: string, kind: 'cold' | 'warm', run: number, linkName: string): Promise<Visit> {
  link.reset();
  await page.goto(`${proxyBase}/m/`, { waitUntil: 'commit' });
  const end = Date.now() + 60_000;
  let m = await marksOf(page);
  while ((m.report === null || m.points === null) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    m = await marksOf(page);
  }
  if (m.report === null || m.points === null)
    throw new Error(`${kind} visit: no ${m.report === null ? 'report button' : 'case points'} within 60 s; requests: ${link.seen.map((r) => `${r.status} ${r.url}`).join(', ')}`);
  // the first visit lasts until the worker has its files and the link has been idle for 2 s
  // (polled with evaluate: waitForFunction compiles its string in the page, which the app's CSP forbids)
  while (!(await page.evaluate('navigator.serviceWorker.controller !== null')) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
  while (performance.now() - link.lastByteAt < 2000) await new Promise((r) => setTimeout(r, 200));
  const byUrl = new Map<string, { times: number; down: number; max: number }>();
  let apiBytes = 0;
  let fileBytes = 0;
  for (const s of link.seen) {
    const p = s.url.split('?')[0];
    if (p.startsWith('/api/')) {
      apiBytes += s.down;
      continue;
    }
    fileBytes += s.down;
    const f = byUrl.get(p) ?? { times: 0, down: 0, max: 0 };
    f.times++;
    f.down += s.down;
    f.max = Math.max(f.max, s.down);
    byUrl.set(p, f);
  }
  return {
    link: linkName,
    run,
    kind,
    reportReadyMs: m.report,
    pointsMs: m.points,
    fileBytes,
    uniqueFileBytes: [...byUrl.values()].reduce((a, f) => a + f.max, 0),
    apiBytes,
    files: [...byUrl.entries()].map(([url, f]) => ({ url, times: f.times, down: f.down })).sort((a, b) => b.down - a.down),
    requests: link.seen,
    load: loadAvg(),
  };
}

// ---------- one report ----------

interface Report {
  link: string;
  run: number;
  /** 上报 tapped → 已发送 (the case exists with the reduced copy) */
  sentMs: number;
  /** 上报 tapped → 原图已上传 (the original verified) */
  originalMs: number;
  /** bytes up the link: the report's request(s), the original's */
  reportUp: number;
  originalUp: number;
  photoBytes: number;
  /** after the tap: the report's request started (the phone's own work) and its answer arrived */
  postAt: number | null;
  postDoneAt: number | null;
  load: number[];
}

async function report(page: Page, link: Link, place: { lon: number; lat: number }, run: number, linkName: string): Promise<Report> {
  const photo = await cameraJpeg({ lon: place.lon, lat: place.lat, at: new Date(Date.now() - 60_000) });
  const file = path.join(os.tmpdir(), `wwj-bench-photo-${process.pid}.jpg`);
  fs.writeFileSync(file, photo);
  try {
    await page.getByTestId('report-photo-input').setInputFiles(file);
    await page.getByTestId('no-duplicate').or(page.getByTestId('duplicate-warning')).waitFor({ timeout: 60_000 });
    link.reset();
    const t0 = performance.now();
    await page.getByTestId('submit-report').click();
    await page.getByTestId('tab-mine').click();
    await page.locator('[data-testid=queue-item][data-state=sent]').first().waitFor({ timeout: 300_000 });
    const sentMs = performance.now() - t0;
    await page.locator('[data-testid=original-state][data-original=verified]').first().waitFor({ timeout: 600_000 });
    const originalMs = performance.now() - t0;
    const up = (pred: (s: Seen) => boolean) => link.seen.filter(pred).reduce((a, s) => a + s.up, 0);
    const post = link.seen.find((s) => s.method === 'POST' && s.url === '/api/cases');
    return {
      link: linkName,
      run,
      sentMs,
      originalMs,
      reportUp: up((s) => s.method === 'POST' && s.url === '/api/cases'),
      originalUp: up((s) => s.url.startsWith('/api/uploads')),
      photoBytes: photo.length,
      postAt: post?.at ?? null,
      postDoneAt: post?.doneAt ?? null,
      load: loadAvg(),
    };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

// ---------- main ----------

async function main() {
  const target: Target = arg(argv, 'base', '')
    ? { base: arg(argv, 'base', ''), user: arg(argv, 'user', 'inspector'), password: arg(argv, 'password', ''), stop: async () => {} }
    : await startServer();
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const visits: Visit[] = [];
  const reports: Report[] = [];
  try {
    const get = await api(target);
    const place = await busyPlace(get);
    const me = await get<unknown>('/api/auth/me');
    console.log(`inspector ${target.user}, GPS at ${place.lon.toFixed(5)},${place.lat.toFixed(5)} with ${place.n} cases within 500 m`);
    const { hostname, port } = new URL(target.base);
    for (let run = 1; run <= RUNS; run++) {
      for (const name of LINK_NAMES) {
        const spec = LINKS[name];
        if (!spec) throw new Error(`unknown link ${name} (${Object.keys(LINKS).join(', ')})`);
        const link = new Link(spec, { host: hostname, port: Number(port) });
        const proxyBase = `http://127.0.0.1:${await link.listen()}`;
        const context = await browser.newContext({
          viewport: { width: 360, height: 740 },
          deviceScaleFactor: 3,
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
          permissions: ['geolocation'],
          geolocation: { longitude: place.lon, latitude: place.lat, accuracy: 10 },
        });
        // signed in: the session cookie (cookies are per host, not per port) and the account remembered on the phone
        const login = await context.request.post(`${target.base}/api/auth/login`, { data: { username: target.user, password: target.password } });
        if (login.status() !== 200) throw new Error(`login: ${login.status()}`);
        await context.addInitScript(`localStorage.getItem('wwj.patrol.user') || localStorage.setItem('wwj.patrol.user', ${JSON.stringify(JSON.stringify(me))})`);
        for (const kind of ['cold', 'warm'] as const) {
          const page = await phonePage(context);
          const v = await visit(page, link, proxyBase, kind, run, name);
          visits.push(v);
          console.log(
            `run ${run} ${spec.label.padEnd(10)} ${kind}: report button ${v.reportReadyMs?.toFixed(0)} ms, points ${v.pointsMs?.toFixed(0)} ms, files ${(v.fileBytes / 1024).toFixed(1)} KB (unique ${(v.uniqueFileBytes / 1024).toFixed(1)} KB), api ${(v.apiBytes / 1024).toFixed(1)} KB, load ${v.load[0]}`,
          );
          if (kind === 'cold') for (const f of v.files.filter((x) => x.times > 1 || x.down > 20_000)) console.log(`    ${f.url} ×${f.times} ${(f.down / 1024).toFixed(1)} KB`);
          if (WATERFALL)
            for (const r of v.requests)
              console.log(
                `      ${r.at.toFixed(0).padStart(6)} → ${r.doneAt.toFixed(0).padStart(6)} ms ${(r.down / 1024).toFixed(1).padStart(7)} KB ${r.method} ${r.url.slice(0, 90)}`,
              );
          if (kind === 'warm' && REPORT) {
            const r = await report(page, link, place, run, name);
            reports.push(r);
            console.log(
              `run ${run} ${spec.label.padEnd(10)} report: 已发送 ${r.sentMs.toFixed(0)} ms (${(r.reportUp / 1024).toFixed(0)} KB up; its request ${r.postAt?.toFixed(0)} → ${r.postDoneAt?.toFixed(0)} ms), original verified ${r.originalMs.toFixed(0)} ms (${(r.originalUp / 1024).toFixed(0)} KB up for a ${(r.photoBytes / 1024).toFixed(0)} KB photo), load ${r.load[0]}`,
            );
          }
          await page.close();
        }
        await context.close();
        await link.close();
      }
    }
  } finally {
    await browser.close();
    await target.stop();
  }

  const median = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    return v.length ? v[Math.floor((v.length - 1) / 2)] : Number.NaN;
  };
  const rows = [['link', 'visit', 'runs', 'report button ms', 'points ms', 'points ÷ 2 s', 'file KB', 'unique KB', 'bytes ÷ (1.1 × unique)', 'api KB']];
  for (const name of LINK_NAMES)
    for (const kind of ['cold', 'warm'] as const) {
      const vs = visits.filter((v) => v.link === name && v.kind === kind);
      const pts = median(vs.map((v) => v.pointsMs));
      const ratio = median(vs.map((v) => v.fileBytes / v.uniqueFileBytes));
      rows.push([
        LINKS[name].label,
        kind,
        String(vs.length),
        median(vs.map((v) => v.reportReadyMs)).toFixed(0),
        pts.toFixed(0),
        (pts / POINTS_GOAL_MS).toFixed(2),
        (median(vs.map((v) => v.fileBytes)) / 1024).toFixed(1),
        (median(vs.map((v) => v.uniqueFileBytes)) / 1024).toFixed(1),
        kind === 'cold' ? (ratio / BYTES_GOAL).toFixed(2) : '—',
        (median(vs.map((v) => v.apiBytes)) / 1024).toFixed(1),
      ]);
    }
  console.log(`\nmedians of ${RUNS} run(s), CPU ${CPU_RATE}× slower; goals: points ≤ 2 s cold on slow 4G, first-visit bytes ≤ 1.1 × the files' unique bytes\n`);
  console.log(mdTable(rows, 2));
  if (reports.length) {
    const rrows = [['link', 'runs', '已发送 ms', '已发送 ÷ 3 s', 'original verified ms', 'original upload ms', 'report KB up', 'original KB up', 'photo KB']];
    for (const name of LINK_NAMES) {
      const rs = reports.filter((r) => r.link === name);
      const sentMs = median(rs.map((r) => r.sentMs));
      rrows.push([
        LINKS[name].label,
        String(rs.length),
        sentMs.toFixed(0),
        (sentMs / SENT_GOAL_MS).toFixed(2),
        median(rs.map((r) => r.originalMs)).toFixed(0),
        median(rs.map((r) => r.originalMs - r.sentMs)).toFixed(0),
        (median(rs.map((r) => r.reportUp)) / 1024).toFixed(0),
        (median(rs.map((r) => r.originalUp)) / 1024).toFixed(0),
        (median(rs.map((r) => r.photoBytes)) / 1024).toFixed(0),
      ]);
    }
    console.log(`\na report with a camera photo, from the warm page (goal: 已发送 ≤ 3 s on slow 4G)\n`);
    console.log(mdTable(rrows, 1));
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const out = path.join(RESULTS_DIR, `mobile-weak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ links: LINK_NAMES.map((n) => LINKS[n]), runs: RUNS, cpuRate: CPU_RATE, visits, reports }, null, 2));
  console.log(`\nraw results: ${path.relative(ROOT, out)}`);
}

if (argv[0] === '--serve') await serve(argv[1]);
else await main();
