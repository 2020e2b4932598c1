// Shared plumbing of the benchmarks: arguments, cache locations, opening a cached city on either driver.
// Benchmarks are run by hand (never by CI); see bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database, type Driver, type OpenOptions } from '../src/db/database.js';
import { loadConfig, type Config } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CACHE_DIR = path.join(BENCH_DIR, '.cache');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

/** Password of every account in a benchmark city (bench data only, never a real deployment). */
export const BENCH_PASSWORD = 'bench-password-1';

/** A server database the benchmarks may create `wwj_bench_*` databases in (trust auth on this machine). */
export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export function pgUrl(db: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

/** "100k" → 100000, "1m" → 1000000, "2500" → 2500. */
export function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`not a count: ${s}`);
  const n = Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a count: ${s}`);
  return n;
}
/** 100000 → "100k", 1000000 → "1m", 2500 → "2500": the name of a city in the cache. */
export function cityLabel(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

export const pgliteTarball = (label: string) => path.join(CACHE_DIR, `city-${label}.pglite.tar`);
export const pgDatabaseName = (label: string) => `wwj_bench_${label.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
export const metaFile = (driver: Driver, label: string) => path.join(CACHE_DIR, `city-${label}.${driver}.json`);

export interface CityMeta {
  label: string;
  driver: Driver;
  cases: number;
  generator: 'make-city' | 'seedDemo';
  generatedAt: string;
  generationSeconds: number;
}

export function readMeta(driver: Driver, label: string): CityMeta | null {
  const f = metaFile(driver, label);
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as CityMeta) : null;
}
export function writeMeta(meta: CityMeta) {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(metaFile(meta.driver, meta.label), JSON.stringify(meta, null, 2) + '\n');
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
export const pgDatabaseExists = (name: string) => admin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
export async function pgDropDatabase(name: string) {
  if (!name.startsWith('wwj_bench_')) throw new Error(`refusing to drop ${name}`);
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
}
export async function pgCreateDatabase(name: string) {
  if (!name.startsWith('wwj_bench_')) throw new Error(`refusing to create ${name}`);
  await admin((c) => c.query(`create database ${name}`));
}

/** Whether the cache holds this city for this driver (the data and its metadata). */
export async function cityCached(driver: Driver, label: string): Promise<boolean> {
  if (!readMeta(driver, label)) return false;
  return driver === 'pglite' ? fs.existsSync(pgliteTarball(label)) : pgDatabaseExists(pgDatabaseName(label));
}

/**
 * Opens a cached city: PGlite in memory from its data-dir tarball, PostgreSQL on its `wwj_bench_*` database.
 * Migrations that landed after the city was built are applied first (on PGlite to the in-memory copy
 * only, every time; on PostgreSQL they stay), so the benchmark always sees the current schema.
 */
export async function openCity(driver: Driver, label: string, opts: { onQuery?: OpenOptions['onQuery']; poolSize?: number; log?: (m: string) => void } = {}): Promise<Database> {
  let db: Database;
  if (driver === 'pglite') {
    const tar = pgliteTarball(label);
    if (!fs.existsSync(tar)) throw new Error(`no cached city ${tar}; run bench/make-city.ts first`);
    db = await openDatabase({ driver: 'pglite', inMemory: true, loadDataDir: new Blob([fs.readFileSync(tar)]), onQuery: opts.onQuery });
  } else {
    db = await openDatabase({ driver: 'postgres', databaseUrl: pgUrl(pgDatabaseName(label)), poolSize: opts.poolSize ?? 4, onQuery: opts.onQuery });
  }
  const applied = await migrateToLatest(db);
  if (applied.length) (opts.log ?? console.log)(`[${driver}/${label}] applied migrations newer than the cached city: ${applied.join(', ')}`);
  return db;
}

/**
 * A copy of a cached city to write into: on PostgreSQL a new database `copyName` made from the city's as
 * its template (drop it with `pgDropDatabase(copyName)` afterwards), on PGlite the city opened in memory.
 */
export async function openCityCopy(driver: Driver, label: string, copyName: string, opts: { onQuery?: OpenOptions['onQuery'] } = {}): Promise<Database> {
  if (driver === 'pglite') return openCity('pglite', label, opts);
  await pgDropDatabase(copyName);
  await admin((c) => c.query(`create database ${copyName} template ${pgDatabaseName(label)}`));
  const db = await openDatabase({ driver: 'postgres', databaseUrl: pgUrl(copyName), poolSize: 4, onQuery: opts.onQuery });
  await migrateToLatest(db);
  return db;
}

/** The product's configuration for a benchmark process: a throw-away DATA_DIR (blobs), no log output. */
export function benchConfig(driver: Driver, label: string): { config: Config; dataDir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-bench-'));
  const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', RUN_WORKER: '0', DEMO: '0' };
  if (driver === 'postgres') env.DATABASE_URL = pgUrl(pgDatabaseName(label));
  return { config: loadConfig(env as NodeJS.ProcessEnv), dataDir };
}

export function arg(argv: string[], name: string, dflt: string): string {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : dflt;
}
export const flag = (argv: string[], name: string) => argv.includes(`--${name}`);

export function drivers(s: string): Driver[] {
  if (s === 'both') return ['pglite', 'postgres'];
  if (s === 'pglite' || s === 'postgres') return [s];
  throw new Error(`--driver must be pglite, postgres or both (got ${s})`);
}

export const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

// ---- shared by ingest.ts and nearby.ts ----

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}
/** Nearest-rank percentiles (p99 of fewer than 100 samples is the maximum). */
export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const r = (x: number) => Math.round(x * 100) / 100;
  if (!s.length) return { n: 0, p50: NaN, p99: NaN, mean: NaN, min: NaN, max: NaN };
  return { n: s.length, p50: r(q(0.5)), p99: r(q(0.99)), mean: r(s.reduce((a, b) => a + b, 0) / s.length), min: r(s[0]), max: r(s[s.length - 1]) };
}

/** A Markdown table; the first `left` columns are left-aligned, the others right-aligned. */
export function mdTable(rows: string[][], left: number): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => (i >= left ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ') + ' |';
  return [line(rows[0]), '|' + w.map((x, i) => (i >= left ? '-'.repeat(x + 1) + ':' : '-'.repeat(x + 2))).join('|') + '|', ...rows.slice(1).map(line)].join('\n');
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); 0 when it is gone. */
export function procCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}
/** CPU time (ms) of one thread of a process; the main (JS) thread's id is the process id. */
export function threadCpuMs(pid: number, tid: number = pid): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}
/** Busy and total CPU time of the whole machine (ms, summed over cores), from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const v = cpu.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
}
export const loadAvg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);
