// Over 400 lines: one benchmark script (server, load generator and the sharp-alone anchor), read top to bottom; never run by CI.
/**
 * ingest: patrol-report ingest throughput, end to end, against the real server process, and the same
 * image work done by sharp alone as the anchor. Run by hand, never by CI.
 *
 *   npx tsx bench/ingest.ts --driver both                       # concurrency 1, 4, 16; 40 / 80 / 160 reports
 *   npx tsx bench/ingest.ts --driver postgres --conc 4 --n 80   # one level
 *   npx tsx bench/ingest.ts --driver pglite --uv 2 --tag uv2    # UV_THREADPOOL_SIZE=2 for server and anchor
 *   npx tsx bench/ingest.ts --driver pglite --arena 2 --tag arena2
 *       # MALLOC_ARENA_MAX=2: sharp then keeps libvips' default thread count (the cores) instead of 1
 *   npx tsx bench/ingest.ts --driver postgres --tunables ''    # without npm start's GLIBC_TUNABLES (server and anchor)
 *   npx tsx bench/ingest.ts --anchor-only --conc 1,4,16         # sharp alone, nothing else
 *   npx tsx bench/ingest.ts --driver postgres --warmup 4        # the server's warm-up: 4 reports (default 300)
 *   npx tsx bench/ingest.ts --driver pglite --conc 4 --server-args "--cpu-prof --cpu-prof-dir=/tmp/prof"
 *
 * Photos: distinct 4000 × 3000 JPEGs of ~2.7 MB (bench/photos.ts, cached in bench/.cache/), each used
 * once per server run, with EXIF GPS and capture time spliced in before timing (the case's point, a
 * few minutes ago).
 *
 * Server: `node --import tsx src/main.ts` as its own process with a temp DATA_DIR, a free PORT,
 * DEMO=1, DEMO_CASES (400), DEMO_PASSWORD, RUN_WORKER=1; on PGlite (default) and on PostgreSQL (a
 * fresh database wwj_bench_ingest_run, dropped afterwards). After the demo seed, the benchmark waits
 * until the worker has drained the seed's own jobs, logs in as the demo `inspector` (新埭镇) and sends
 * reports as multipart/form-data over real HTTP, `conc` at a time: bodies built before timing with the test
 * suite's `multipart()` (the bytes a phone sends) and posted with node:http on a keep-alive agent. Not
 * fetch + FormData: that client costs ~45 ms of CPU per 2.7 MB upload here (measured against a server that
 * only drains the body) vs ~7 ms for node:http with a ready Buffer, and on 2 cores the client's CPU is
 * taken from the server.
 *
 * Each report is placed 1–4 m from an open demo case of the inspector's town, with that case's
 * category: the `case.score_duplicates` job then always marks it as a probable duplicate, which makes
 * the job's completion visible from outside — needed on PGlite, whose data dir no second process may
 * open while the server runs. End to end = from the first request to the last job done:
 *   - PostgreSQL: the jobs table (no queued/running job left among the level's jobs; max(finished_at));
 *   - PGlite: `GET /api/cases?reportedBy=me&suspectedDuplicate=true` polled until all of the level's
 *     reports are marked, then the time of each case's `duplicate_suspected` event (written by the job
 *     just before it finishes) from `GET /api/cases/:id`.
 * The worker drains as soon as a report's transaction has committed (an in-process nudge from
 * photos.withBlobs; before 2026-11-27 13:00 it polled every second, so the last job could start up to
 * 1 s after the last request); the request-only throughput is printed as well.
 *
 * Anchor: a child process with the same environment (UV_THREADPOOL_SIZE, MALLOC_ARENA_MAX) running the
 * product's own `inspectImage` + `renderImage` (metadata, EXIF, sha256; one decode with shrink-on-load
 * to ≤1280 px, watermark composite, display JPEG, thumbnail, dHash) on the same photos at the same
 * concurrency, right before each server level. ratio = server end-to-end photos/s ÷ sharp-alone photos/s.
 *
 * CPU: server process, PostgreSQL backends of the run's database, the client (this process) and the
 * whole machine (/proc/stat), per level: the part nobody of ours used is "others" (tests, builds).
 * Results: printed tables and bench/results/ingest-<driver>[-<tag>].json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import sharp from 'sharp';
import type { Driver } from '../src/db/database.js';
import { inspectImage, renderImage } from '../src/modules/photos/photo.image.js';
import { DEMO_TOWN, loadDemoDivisions } from '../src/demo/demo.seed.js';
import {
  arg,
  BENCH_PASSWORD,
  drivers,
  flag,
  loadAvg,
  machineCpuMs,
  mdTable,
  pgCreateDatabase,
  pgDatabaseExists,
  pgDropDatabase,
  pgUrl,
  procCpuMs,
  RESULTS_DIR,
  stats,
  threadCpuMs,
  type Stats,
} from './lib.js';
import { ensurePhotos, photoFile, withExif } from './photos.js';
import { multipart } from '../test/support/images.js';
import { metresBetween } from '../src/modules/photos/photo.evidence.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUN_DB = 'wwj_bench_ingest_run';
/** The warm-up photos (0 … 3): never used in a level. */
const WARMUP = 4;
/** Photos sharp alone processes before its timed run (each anchor child is a fresh process), made from the warm-up photos. */
const ANCHOR_WARMUP = 20;
/**
 * Reports the server takes before its first level (`--warmup`), 4 at a time, made from the anchor's
 * warm-up photos (each with its own EXIF, so with its own bytes and hash; the levels' photos are never
 * used before). Why so many: V8 optimises a function only after it has run a good while, so with a few
 * reports much of the server's JS (HTTP, multipart, SQL, the app) still runs unoptimised in the levels and
 * V8's compiler threads work meanwhile (a perf profile of a c = 16 level after 4 warm-up reports: ~2.8 ms
 * of CPU per photo in compiler threads against sharp alone's 0.6) — a cold-start cost in a number meant
 * to be a long-running server's steady state.
 */
const SERVER_WARMUP = 300;
/** ODK Central on this kind of machine (photo submissions/s at concurrency 1 / 4 / 16, no image work). */
const ODK: Record<number, number> = { 1: 12, 4: 19, 16: 23 };

interface AnchorResult {
  conc: number;
  n: number;
  wallMs: number;
  perSec: number;
  latency: Stats;
  cpuMs: number;
  /** of which the main (JS) thread */
  mainThreadMs: number;
  sharpConcurrency: number;
  uvThreads: string;
  /** every photo's time (ms), to merge the halves run before and after a server level */
  times: number[];
}
interface LevelResult {
  driver: Driver;
  conc: number;
  n: number;
  ok: number;
  statuses: Record<string, number>;
  reqWallMs: number;
  reqPerSec: number;
  e2eMs: number;
  e2ePerSec: number;
  jobsDone: number;
  observedBy: string;
  latency: Stats;
  times: number[];
  cpu: { serverMs: number; serverMainThreadMs: number; postgresMs: number; clientMs: number; machineBusyMs: number; machineTotalMs: number; othersMs: number };
  loadAvgStart: number[];
  loadAvgEnd: number[];
  /** PostgreSQL, sampled every 50 ms while requests were in flight: backends of the run's database that were active / waiting on a lock (the audit chain's advisory lock, the case counter row) */
  pgSamples?: { n: number; activeAvg: number; lockWaitAvg: number; lockWaitMax: number; lockWaitShare: number };
  anchor: AnchorResult;
  ratio: number;
  /** anchor CPU per photo ÷ (server + PostgreSQL + client) CPU per photo: the ratio when both are CPU-bound on an idle machine */
  cpuCeiling: number;
  /** CLOCK_MONOTONIC (ns) at the first request and when the last job was seen done: the window to cut from a server --cpu-prof. */
  monoNs: [string, string];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items`, `conc` at a time (as `conc` clients would); returns each item's time in ms. */
async function timedPool<T>(conc: number, items: T[], fn: (x: T) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < items.length) {
        const x = items[next++];
        const s = performance.now();
        await fn(x);
        times.push(performance.now() - s);
      }
    }),
  );
  return times;
}
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** A point `dx`, `dy` metres east/north of a lon/lat. */
const offset = (lon: number, lat: number, dx: number, dy: number): [number, number] => [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 110_540];

/** The watermark the product prints on a new report's display copy (photos.service.ts `prepare`): same three lines, same lengths. */
function watermarkLines(lon: number, lat: number, at: Date, sha: string): string[] {
  const minute = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  return [`${minute}  新埭镇 鲁家村`, `巡查员 新埭镇巡查员 张巡查  ${lat.toFixed(5)}°N ${lon.toFixed(5)}°E`, `新上报  SHA256 ${sha.slice(0, 12)}`];
}

// ---------------------------------------------------------------------------------------------------
// anchor: sharp alone (runs in a child process with the server's environment)

async function anchorChild(conc: number, from: number, n: number): Promise<AnchorResult> {
  const village = loadDemoDivisions().find((f) => f.properties.parent_code === DEMO_TOWN && f.properties.kind === 'village')!;
  const [cx, cy] = village.properties.centroid;
  const at = new Date(Date.now() - 3 * 60_000);
  const load = async (i: number, photo = i) => withExif(fs.readFileSync(photoFile(photo)), { lon: cx + i * 1e-5, lat: cy, at });
  const work = async (buf: Buffer) => {
    const facts = await inspectImage(buf);
    await renderImage(buf, { lines: watermarkLines(cx, cy, at, facts.sha256) });
  };
  // a fresh process: its JS (exifr, the calls into sharp) is warmed up too, on the warm-up photos with their own EXIF
  for (let i = 0; i < ANCHOR_WARMUP; i++) await work(await load(i, i % WARMUP));
  const bufs: Buffer[] = [];
  for (let i = 0; i < n; i++) bufs.push(await load(from + i));
  const cpu0 = process.cpuUsage();
  const main0 = threadCpuMs(process.pid);
  const t0 = performance.now();
  const lat = await timedPool(conc, bufs, work);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const mainMs = threadCpuMs(process.pid) - main0;
  return {
    conc,
    n,
    wallMs: round(wallMs),
    perSec: round((n * 1000) / wallMs, 2),
    latency: stats(lat),
    cpuMs: round((cpu.user + cpu.system) / 1000),
    mainThreadMs: round(mainMs),
    sharpConcurrency: sharp.concurrency(),
    uvThreads: process.env.UV_THREADPOOL_SIZE ?? 'default (4)',
    times: lat.map((x) => round(x)),
  };
}

/** --sync: write the dirty page cache out (`sync`) before each level's timed part. */
const syncFirst = process.argv.includes('--sync');

/** MB of the page cache that is dirty or being written back (/proc/meminfo): photo files not yet on disk. */
function dirtyMb() {
  const m = fs.readFileSync('/proc/meminfo', 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(m)?.[1] ?? 0);
  return Math.round((kb('Dirty') + kb('Writeback')) / 1024);
}

/** The anchor on the first half of a level's photos before the server level and on the second half after it (the machine's other load drifts). */
function mergeAnchors(a: AnchorResult, b: AnchorResult): AnchorResult {
  const n = a.n + b.n;
  const wallMs = a.wallMs + b.wallMs;
  const times = [...a.times, ...b.times];
  return {
    ...a,
    n,
    wallMs: round(wallMs),
    perSec: round((n * 1000) / wallMs, 2),
    latency: stats(times),
    cpuMs: round(a.cpuMs + b.cpuMs),
    mainThreadMs: round(a.mainThreadMs + b.mainThreadMs),
    times,
  };
}

function runAnchor(env: NodeJS.ProcessEnv, conc: number, from: number, n: number): Promise<AnchorResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'bench/ingest.ts'), '--anchor-child', '--conc', String(conc), '--from', String(from), '--n', String(n)],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`anchor child exited ${code}: ${out}`));
      else resolve(JSON.parse(line) as AnchorResult);
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// the server process

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

interface Server {
  proc: ChildProcess;
  pid: number;
  base: string;
  port: number;
  dataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Extra node flags for the server process (`--server-args "--cpu-prof --cpu-prof-dir=/tmp/prof"`). */
let serverNodeArgs: string[] = [];

export async function startServer(driver: Driver, env: NodeJS.ProcessEnv, demoCases: number, log: (m: string) => void): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-ingest-'));
  const logFile = path.join(dataDir, 'server.log');
  const fd = fs.openSync(logFile, 'a');
  const senv: NodeJS.ProcessEnv = {
    ...env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO: '1',
    DEMO_CASES: String(demoCases),
    DEMO_PASSWORD: BENCH_PASSWORD,
    RUN_WORKER: '1',
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
  };
  if (driver === 'postgres') senv.DATABASE_URL = pgUrl(RUN_DB);
  else delete senv.DATABASE_URL;
  // node itself (not npx/tsx's wrapper), so the pid is the server's and /proc shows its CPU
  const proc = spawn(process.execPath, [...serverNodeArgs, '--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: senv, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  let exited = false;
  proc.on('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  const t = Date.now();
  for (;;) {
    if (exited) throw new Error(`server exited during start-up; log: ${logFile}\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t > 10 * 60_000) throw new Error(`server not up after 10 min; log: ${logFile}`);
    await sleep(500);
  }
  log(`[${driver}] server pid ${proc.pid} on :${port} up in ${((Date.now() - t) / 1000).toFixed(1)} s (demo seed of ${demoCases} cases included)`);
  return {
    proc,
    pid: proc.pid!,
    base,
    port,
    dataDir,
    logFile,
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        for (let i = 0; i < 100 && !exited; i++) await sleep(100);
        if (!exited) proc.kill('SIGKILL');
        for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      }
    },
  };
}

/** Waits until the server process has been (almost) idle for `quietS` seconds: its startup jobs are done. */
export async function waitIdle(pid: number, quietS = 3, maxS = 600): Promise<number> {
  const t = Date.now();
  let quiet = 0;
  let last = procCpuMs(pid);
  while (quiet < quietS) {
    await sleep(1000);
    const now = procCpuMs(pid);
    quiet = now - last < 150 ? quiet + 1 : 0; // < 15 % of a core (a --cpu-prof server never gets below ~5 %)
    last = now;
    if (Date.now() - t > maxS * 1000) throw new Error('server never went idle');
  }
  return (Date.now() - t) / 1000;
}

// ---------------------------------------------------------------------------------------------------
// one driver

interface Anchor {
  id: string;
  lon: number;
  lat: number;
  category: string;
}

async function runDriver(
  driver: Driver,
  concs: number[],
  ns: number[],
  env: NodeJS.ProcessEnv,
  demoCases: number,
  warmup: number,
  log: (m: string) => void,
): Promise<LevelResult[]> {
  let pgc: pg.Client | null = null;
  if (driver === 'postgres') {
    if (await pgDatabaseExists(RUN_DB)) await pgDropDatabase(RUN_DB);
    await pgCreateDatabase(RUN_DB);
  }
  const server = await startServer(driver, env, demoCases, log).catch(async (e) => {
    if (driver === 'postgres') await pgDropDatabase(RUN_DB);
    throw e;
  });
  try {
    if (driver === 'postgres') {
      pgc = new pg.Client({ connectionString: pgUrl(RUN_DB) });
      await pgc.connect();
    }
    const pendingJobs = async () => Number((await pgc!.query(`select count(*) as n from jobs where status in ('queued','running')`)).rows[0].n);
    // the demo seed enqueued one scoring job per case: let the worker finish them first
    let t = Date.now();
    if (pgc) {
      while ((await pendingJobs()) > 0) await sleep(500);
    }
    const idle = await waitIdle(server.pid);
    log(`[${driver}] seed jobs drained, server idle (${((Date.now() - t) / 1000).toFixed(1)} s, of which ${idle.toFixed(0)} s quiet)`);

    const accounts = fs
      .readFileSync(path.join(server.dataDir, 'demo-accounts.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const insp = accounts.find((a) => a[0] === 'inspector' || a[1] === 'inspector')!;
    const login = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: insp[1], password: insp[3] }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const getJson = async (p: string) => {
      const r = await fetch(server.base + p, { headers: auth });
      if (r.status !== 200) throw new Error(`${p}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<any>;
    };
    const open = await getJson('/api/cases?status=reported,verified,classified,rectifying,closing_requested&limit=500&sort=found_at');
    const anchors: Anchor[] = open.items.filter((c: any) => c.category !== 'pole_line').map((c: any) => ({ id: c.id, lon: c.lon, lat: c.lat, category: c.category }));
    log(`[${driver}] ${anchors.length} open cases in the inspector's town to report next to (of ${open.total})`);
    if (anchors.length < 10) throw new Error('too few open demo cases in the town: raise --demo-cases');
    const dupCount = async () => (await getJson('/api/cases?reportedBy=me&suspectedDuplicate=true&source=patrol&limit=1')).total as number;

    // The warm-up's reports go to village centres of the town at least 300 m from every case there, several
    // to each: they are scored and marked among themselves, and the neighbourhoods of the levels' reports
    // stay as they were (a level's report finds the same few cases near it with or without a warm-up).
    const known = (await getJson('/api/cases?limit=500')).items as { lon: number; lat: number }[];
    const spots: Anchor[] = loadDemoDivisions()
      .filter((f) => f.properties.parent_code === DEMO_TOWN && f.properties.kind === 'village')
      .map((f) => f.properties.centroid)
      .filter(([lon, lat]) => known.every((c) => metresBetween([lon, lat], [c.lon, c.lat]) > 300))
      .slice(0, 30)
      .map(([lon, lat], i) => ({ id: `warm-up ${i}`, lon, lat, category: 'building' }));
    if (spots.length < 3 && warmup > 0) throw new Error(`only ${spots.length} places for the warm-up reports`);

    // the levels' photos come after the warm-up's
    let nextPhoto = WARMUP;
    let nextAnchor = 0;
    let nextSpot = 0;
    /** `n` reports next to the anchors; with `warmingUp`, at the warm-up's places, made from the warm-up photos (0 … WARMUP-1) in turn. */
    const makeReports = async (n: number, warmingUp = false) => {
      const out: { body: Buffer; headers: Record<string, string>; photo: number }[] = [];
      for (let i = 0; i < n; i++) {
        const a = warmingUp ? spots[nextSpot++ % spots.length] : anchors[nextAnchor++ % anchors.length];
        const ang = Math.random() * 2 * Math.PI;
        const d = 1 + 3 * Math.random();
        const [lon, lat] = offset(a.lon, a.lat, d * Math.cos(ang), d * Math.sin(ang));
        const at = new Date(Date.now() - (2 + 5 * Math.random()) * 60_000);
        const photo = warmingUp ? i % WARMUP : nextPhoto++;
        const jpg = await withExif(fs.readFileSync(photoFile(photo)), { lon, lat, at });
        const fields = {
          clientId: randomUUID(),
          lon: lon.toFixed(7),
          lat: lat.toFixed(7),
          accuracy: String(3 + Math.round(10 * Math.random())),
          category: a.category,
          note: '巡查发现疑似违建(基准测试)',
          capturedAt: at.toISOString(),
        };
        const mp = multipart(fields, [{ name: 'photo', filename: `IMG_${String(photo).padStart(4, '0')}.jpg`, type: 'image/jpeg', data: jpg }]);
        out.push({ body: mp.payload, headers: { ...mp.headers, 'content-length': String(mp.payload.length), ...auth }, photo });
      }
      return out;
    };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const send = (r: { body: Buffer; headers: Record<string, string> }) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const q = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/cases', agent, headers: r.headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        q.on('error', reject);
        q.end(r.body);
      });

    // warm-up: JIT, pools, the first decode (bodies made 20 at a time: 2.7 MB each)
    const base0 = await dupCount();
    for (let done = 0; done < warmup; done += 20) {
      await timedPool(4, await makeReports(Math.min(20, warmup - done), true), async (rep) => {
        const r = await send(rep);
        if (r.status !== 201) throw new Error(`warm-up report: ${r.status} ${r.body.slice(0, 500)}`);
      });
    }
    log(`[${driver}] warm-up: ${warmup} reports at ${spots.length} places`);
    // every warm-up report but the first at each place has an earlier one beside it once scored
    t = Date.now();
    while (warmup > 0 && (await dupCount()) < base0 + warmup - spots.length) {
      if (Date.now() - t > 120_000) throw new Error('warm-up reports were never scored as duplicates');
      await sleep(200);
    }
    await waitIdle(server.pid, 2);

    const results: LevelResult[] = [];
    for (const [li, conc] of concs.entries()) {
      const n = ns[li];
      const from = nextPhoto;
      const reports = await makeReports(n);
      // the anchor on the same photos while the server idles: half before the level, half after
      const half = Math.ceil(n / 2);
      const anchorBefore = await runAnchor(env, conc, from, half);
      let anchor = anchorBefore;
      log(
        `[${driver}] c=${conc}: sharp alone, first half: ${anchor.perSec} photos/s (p50 ${anchor.latency.p50} ms, ${round(anchor.cpuMs / anchor.n)} ms CPU per photo of which main thread ${round(anchor.mainThreadMs / anchor.n)}, sharp.concurrency ${anchor.sharpConcurrency})`,
      );
      // --sync: the dirty page cache (the warm-up's and the earlier levels' photo files) written out first
      if (syncFirst) spawnSync('sync');
      await waitIdle(server.pid, 2);
      const dirty0 = dirtyMb();
      const baseDup = await dupCount();
      const maxJob = pgc ? Number((await pgc.query('select coalesce(max(id), 0) as m from jobs')).rows[0].m) : 0;
      const pgPids = pgc
        ? (await pgc.query(`select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()`, [RUN_DB])).rows.map(
            (r) => r.pid as number,
          )
        : [];
      const pgCpu0 = new Map(pgPids.map((p) => [p, procCpuMs(p)]));
      const srv0 = procCpuMs(server.pid);
      const srvMain0 = threadCpuMs(server.pid);
      const cli0 = process.cpuUsage();
      const m0 = machineCpuMs();
      const load0 = loadAvg();

      const statuses: Record<string, number> = {};
      const ids: string[] = [];
      // PostgreSQL: how many backends wait on a lock while the requests run (serialised writes)
      let sampling = !!pgc;
      const samples: { active: number; lock: number }[] = [];
      const sampler = (async () => {
        while (sampling) {
          const r = (
            await pgc!.query(
              `select count(*) filter (where state = 'active') as active, count(*) filter (where wait_event_type = 'Lock') as lock
               from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()`,
              [RUN_DB],
            )
          ).rows[0];
          samples.push({ active: Number(r.active), lock: Number(r.lock) });
          await sleep(50);
        }
      })();
      const tEpoch0 = Date.now();
      const mono0 = process.hrtime.bigint();
      const t0 = performance.now();
      const lat = await timedPool(conc, reports, async (rep) => {
        const r = await send(rep);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status === 201) ids.push(JSON.parse(r.body).id);
        else if ((statuses[r.status] ?? 0) <= 3) log(`[${driver}] c=${conc}: ${r.status} ${r.body.slice(0, 300)}`);
      });
      const reqWallMs = performance.now() - t0;
      const tReqEpoch = Date.now();
      sampling = false;
      await sampler;

      // end to end: every job of this level done
      let e2eEndEpoch: number;
      let jobsDone: number;
      let observedBy: string;
      // CPU counters are read when the last job is seen done, before the PGlite timelines are fetched
      let end: { srv: number; srvMain: number; cli: NodeJS.CpuUsage; m: { busy: number; total: number } } | null = null;
      let mono1 = 0n;
      const snap = () => {
        mono1 = process.hrtime.bigint();
        end = { srv: procCpuMs(server.pid), srvMain: threadCpuMs(server.pid), cli: process.cpuUsage(cli0), m: machineCpuMs() };
      };
      t = Date.now();
      if (pgc) {
        for (;;) {
          const r = (
            await pgc.query(
              `select count(*) as n, count(*) filter (where status in ('queued','running')) as pending, max(finished_at) as last from jobs where id > $1 and name = 'case.score_duplicates'`,
              [maxJob],
            )
          ).rows[0];
          if (Number(r.n) >= ids.length && Number(r.pending) === 0) {
            snap();
            e2eEndEpoch = Math.max(tReqEpoch, new Date(r.last).getTime());
            jobsDone = Number(r.n);
            break;
          }
          if (Date.now() - t > 180_000) throw new Error(`jobs not done after 180 s: ${JSON.stringify(r)}`);
          await sleep(50);
        }
        const marked = Number((await pgc.query('select count(distinct case_id) as n from case_duplicate_candidates where case_id = any($1::uuid[])', [ids])).rows[0].n);
        // jobs claimed together share their locked_at: how many claims the level's scoring took
        const claims = Number((await pgc.query(`select count(distinct locked_at) as n from jobs where id > $1 and name = 'case.score_duplicates'`, [maxJob])).rows[0].n);
        observedBy = `jobs table (max finished_at); ${marked}/${ids.length} marked as duplicates; scored in ${claims} claims`;
      } else {
        let seen = 0;
        for (;;) {
          seen = (await dupCount()) - baseDup;
          if (seen >= ids.length) break;
          if (Date.now() - t > 180_000) break;
          await sleep(100);
        }
        const pollEnd = Date.now();
        snap();
        // the exact time each job finished its work: its duplicate_suspected event
        const ats: number[] = [];
        for (const id of ids) {
          const c = await getJson(`/api/cases/${id}`);
          const ev = (c.timeline as { kind: string; at: string }[]).find((e) => e.kind === 'duplicate_suspected');
          if (ev) ats.push(new Date(ev.at).getTime());
        }
        jobsDone = ats.length;
        e2eEndEpoch = ats.length === ids.length ? Math.max(tReqEpoch, ...ats) : pollEnd;
        observedBy = `duplicate_suspected events (${ats.length}/${ids.length}); poll saw all after ${((pollEnd - tReqEpoch) / 1000).toFixed(2)} s`;
      }
      const { srv: srv1, srvMain: srvMain1, cli, m: m1 } = end!;
      const srvMs = srv1 - srv0;
      let pgMs = 0;
      if (pgc) {
        const pids = (await pgc.query(`select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()`, [RUN_DB])).rows.map(
          (r) => r.pid as number,
        );
        for (const p of pids) pgMs += procCpuMs(p) - (pgCpu0.get(p) ?? 0);
      }
      const e2eMs = e2eEndEpoch - tEpoch0;
      const clientMs = (cli.user + cli.system) / 1000;
      const busy = m1.busy - m0.busy;
      const ok = statuses['201'] ?? 0;
      const lr: LevelResult = {
        driver,
        conc,
        n,
        ok,
        statuses,
        reqWallMs: round(reqWallMs),
        reqPerSec: round((ok * 1000) / reqWallMs, 2),
        e2eMs: round(e2eMs),
        e2ePerSec: round((jobsDone * 1000) / e2eMs, 2),
        jobsDone,
        observedBy,
        latency: stats(lat),
        // each request's ms, in the order they finished (at c = 1 the order they were sent)
        times: lat.map((x) => round(x)),
        cpu: {
          serverMs: round(srvMs),
          serverMainThreadMs: round(srvMain1 - srvMain0),
          postgresMs: round(pgMs),
          clientMs: round(clientMs),
          machineBusyMs: round(busy),
          machineTotalMs: round(m1.total - m0.total),
          othersMs: round(Math.max(0, busy - srvMs - pgMs - clientMs)),
        },
        loadAvgStart: load0,
        loadAvgEnd: loadAvg(),
        anchor,
        ratio: 0,
        cpuCeiling: 0,
        monoNs: [String(mono0), String(mono1)],
        pgSamples: samples.length
          ? {
              n: samples.length,
              activeAvg: round(samples.reduce((a, x) => a + x.active, 0) / samples.length, 2),
              lockWaitAvg: round(samples.reduce((a, x) => a + x.lock, 0) / samples.length, 2),
              lockWaitMax: Math.max(...samples.map((x) => x.lock)),
              lockWaitShare: round(samples.filter((x) => x.lock > 0).length / samples.length, 2),
            }
          : undefined,
      };
      await waitIdle(server.pid, 2);
      anchor = mergeAnchors(anchorBefore, await runAnchor(env, conc, from + half, n - half));
      lr.anchor = anchor;
      lr.ratio = round(lr.e2ePerSec / anchor.perSec, 2);
      lr.cpuCeiling = round(anchor.cpuMs / anchor.n / ((lr.cpu.serverMs + lr.cpu.postgresMs + lr.cpu.clientMs) / n), 2);
      results.push(lr);
      log(
        `[${driver}] c=${conc}: ${ok}/${n} created; requests ${lr.reqPerSec}/s, end to end ${lr.e2ePerSec}/s (${(e2eMs / 1000).toFixed(2)} s; ${observedBy}); ` +
          `p50 ${lr.latency.p50} ms p99 ${lr.latency.p99} ms; sharp alone ${anchor.perSec}/s; ratio ${lr.ratio}; CPU ceiling ${lr.cpuCeiling}; CPU per photo: server ${round(srvMs / n)} ms (main thread ${round((srvMain1 - srvMain0) / n)}), postgres ${round(pgMs / n)} ms, client ${round(clientMs / n)} ms, others ${round(lr.cpu.othersMs / n)} ms; load ${load0.join(' ')}` +
          `; page cache dirty + under writeback at the start ${dirty0} MB` +
          (lr.pgSamples
            ? `; PostgreSQL backends active ${lr.pgSamples.activeAvg} on average, waiting on a lock ${lr.pgSamples.lockWaitAvg} (max ${lr.pgSamples.lockWaitMax}, in ${Math.round(lr.pgSamples.lockWaitShare * 100)} % of samples)`
            : ''),
      );
      await waitIdle(server.pid, 2);
    }
    agent.destroy();
    return results;
  } finally {
    await pgc?.end().catch(() => {});
    await server.stop();
    if (driver === 'postgres') await pgDropDatabase(RUN_DB);
    const keep = process.env.BENCH_KEEP_DATA_DIR === '1';
    if (!keep) fs.rmSync(server.dataDir, { recursive: true, force: true });
    log(`[${driver}] server stopped${keep ? `; data dir kept: ${server.dataDir}` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------------

function levelsFrom(argv: string[]) {
  const concs = arg(argv, 'conc', '1,4,16').split(',').map(Number);
  const nArg = arg(argv, 'n', '');
  const ns = nArg ? nArg.split(',').map(Number) : concs.map((c) => (c === 1 ? 40 : c <= 4 ? 80 : 160));
  if (ns.length === 1 && concs.length > 1) while (ns.length < concs.length) ns.push(ns[0]);
  if (ns.length !== concs.length) throw new Error('--n: one count, or one per --conc level');
  return { concs, ns };
}

async function main() {
  const argv = process.argv.slice(2);
  if (flag(argv, 'anchor-child')) {
    const r = await anchorChild(Number(arg(argv, 'conc', '1')), Number(arg(argv, 'from', String(WARMUP))), Number(arg(argv, 'n', '20')));
    console.log(JSON.stringify(r));
    return;
  }
  const { concs, ns } = levelsFrom(argv);
  const tag = arg(argv, 'tag', '');
  // the server runs with the Node flags of `npm start` (package.json) unless --server-args replaces them,
  // with its glibc allocator settings (GLIBC_TUNABLES) unless --tunables replaces them ('' for none) and
  // its thread pool size (UV_THREADPOOL_SIZE) unless --uv replaces it; the anchor runs with the same environment
  const startScript: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start;
  const startFlags = (startScript.match(/node ((?:--[\w-]+(?:=\S+)? )*)--import tsx src\/main\.ts/)?.[1] ?? '').trim();
  serverNodeArgs = arg(argv, 'server-args', startFlags).split(' ').filter(Boolean);
  console.log(`server node flags: ${serverNodeArgs.join(' ') || '(none)'}`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  const tunables = argv.some((a) => a === '--tunables' || a.startsWith('--tunables='))
    ? arg(argv, 'tunables', '')
    : (env.GLIBC_TUNABLES ?? startScript.match(/GLIBC_TUNABLES=(\S+)/)?.[1] ?? '');
  if (tunables) env.GLIBC_TUNABLES = tunables;
  else delete env.GLIBC_TUNABLES;
  // libuv's thread pool: --uv N, else as `npm start` sets it (the anchor gets the same: sharp alone
  // measured no different with 4 or 8, bench/README.md session 10)
  const uv = arg(argv, 'uv', env.UV_THREADPOOL_SIZE ?? startScript.match(/UV_THREADPOOL_SIZE=(\d+)/)?.[1] ?? '');
  if (uv) env.UV_THREADPOOL_SIZE = uv;
  const arena = arg(argv, 'arena', '');
  if (arena) env.MALLOC_ARENA_MAX = arena;
  const demoCases = Number(arg(argv, 'demo-cases', '400'));
  const log = (m: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${m}`);
  // every server run uses each photo once: warm-up + all levels
  const warmup = Number(arg(argv, 'warmup', String(SERVER_WARMUP)));
  await ensurePhotos(WARMUP + ns.reduce((a, b) => a + b, 0), log);

  const envNote = `UV_THREADPOOL_SIZE=${env.UV_THREADPOOL_SIZE ?? '(default 4)'} MALLOC_ARENA_MAX=${env.MALLOC_ARENA_MAX ?? '(unset)'} GLIBC_TUNABLES=${env.GLIBC_TUNABLES ?? '(unset)'}`;
  log(`${os.cpus().length} × ${os.cpus()[0]?.model}; ${envNote}; load ${loadAvg().join(' ')}`);

  if (flag(argv, 'anchor-only')) {
    const rows = [['conc', 'n', 'photos/s', 'p50 ms', 'p99 ms', 'CPU ms/photo', 'sharp.concurrency']];
    let from = WARMUP;
    for (const [i, c] of concs.entries()) {
      const a = await runAnchor(env, c, from, ns[i]);
      from += ns[i];
      rows.push([String(c), String(a.n), a.perSec.toFixed(2), a.latency.p50.toFixed(0), a.latency.p99.toFixed(0), (a.cpuMs / a.n).toFixed(0), String(a.sharpConcurrency)]);
    }
    console.log(`\nsharp alone (${envNote})\n` + mdTable(rows, 0));
    return;
  }

  const all: LevelResult[] = [];
  for (const d of drivers(arg(argv, 'driver', 'both'))) {
    const res = await runDriver(d, concs, ns, env, demoCases, warmup, log);
    all.push(...res);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const out = {
      driver: d,
      tag: tag || null,
      env: envNote,
      demoCases,
      serverWarmup: warmup,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      at: new Date().toISOString(),
      odkPeer: ODK,
      levels: res,
    };
    fs.writeFileSync(path.join(RESULTS_DIR, `ingest-${d}${tag ? `-${tag}` : ''}.json`), JSON.stringify(out, null, 2) + '\n');
  }
  const rows = [
    [
      'driver',
      'conc',
      'n',
      'req/s',
      'e2e photos/s',
      'p50 ms',
      'p99 ms',
      'sharp alone/s',
      'sharp p50',
      'ratio',
      'CPU ceiling',
      'ODK/s',
      'CPU ms/photo srv+pg+cli',
      'srv main thread',
      'sharp CPU ms/photo',
      'sharp main thread',
      'others %',
      'load1',
    ],
  ];
  for (const r of all) {
    rows.push([
      r.driver,
      String(r.conc),
      String(r.n),
      r.reqPerSec.toFixed(2),
      r.e2ePerSec.toFixed(2),
      r.latency.p50.toFixed(0),
      r.latency.p99.toFixed(0),
      r.anchor.perSec.toFixed(2),
      r.anchor.latency.p50.toFixed(0),
      r.ratio.toFixed(2),
      r.cpuCeiling.toFixed(2),
      String(ODK[r.conc] ?? '—'),
      `${(r.cpu.serverMs / r.n).toFixed(0)}+${(r.cpu.postgresMs / r.n).toFixed(0)}+${(r.cpu.clientMs / r.n).toFixed(0)}`,
      (r.cpu.serverMainThreadMs / r.n).toFixed(0),
      (r.anchor.cpuMs / r.anchor.n).toFixed(0),
      (r.anchor.mainThreadMs / r.anchor.n).toFixed(0),
      ((100 * r.cpu.othersMs) / Math.max(1, r.cpu.machineTotalMs)).toFixed(0),
      r.loadAvgStart[0].toFixed(1),
    ]);
  }
  console.log(`\n${envNote}\n` + mdTable(rows, 1));
  console.log('\nODK Central (peer, measured on this kind of machine, no image work): 12 / 19 / 23 photo submissions/s at concurrency 1 / 4 / 16, p50 80 ms at 1.');
  console.log(
    'ratio = end-to-end photos/s ÷ sharp-alone photos/s (target ≥ 0.8; sharp alone = half of the photos before the level, half after). CPU ceiling = sharp-alone CPU per photo ÷ (server + PostgreSQL + client) CPU per photo:\n' +
      'the ratio both would reach CPU-bound on an idle machine. others % = machine CPU used by processes other than ours, of 2 cores × the level.',
  );
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  await main();
}
