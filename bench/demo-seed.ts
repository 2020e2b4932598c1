/**
 * demo-seed: how long the demo city takes to seed on a new embedded database, and where the time goes.
 * Run by hand, never by CI.
 *
 *   npx tsx bench/demo-seed.ts                   # DEMO_CASES from the config (default), in memory like `npm start`
 *   npx tsx bench/demo-seed.ts --cases 5000 --top 25 --tag x
 *
 * Builds the schema and seeds the demo exactly as `npm start` does on an empty data dir (PGlite in memory),
 * timing the phases the seed logs, and counts every statement by its SQL text (time and calls), so the
 * statements that cost most come first. The anchor is the one minute for the seed: the ratio printed
 * is seed seconds / 60.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { seedDemo } from '../src/demo/demo.seed.js';
import { RESULTS_DIR } from './lib.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const cases = arg('cases') ? Number(arg('cases')) : undefined;
const top = Number(arg('top') ?? 20);
const tag = arg('tag');
const count = !args.includes('--no-count');

const explain = args.includes('--explain');
const stats = new Map<string, { n: number; ms: number; example?: { sql: string; params: readonly unknown[] } }>();
let counting = false;
const onQuery = count
  ? (sql: string, _p: readonly unknown[], ms: number) => {
      if (!counting) return;
      const key = sql.replace(/\$\d+/g, '$').replace(/\s+/g, ' ').slice(0, 160);
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += ms;
      if (explain && (s.n === 50 || (!s.example && s.n < 50))) s.example = { sql, params: [..._p] };
      stats.set(key, s);
    }
  : undefined;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-demo-seed-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DEMO_PASSWORD: 'demo-bench-1', ...(cases ? { DEMO_CASES: String(cases) } : {}) });
const load0 = os.loadavg()[0].toFixed(2);
const t0 = Date.now();
const db = await openDatabase({ driver: 'pglite', inMemory: true, onQuery });
await migrateToLatest(db);
const tSchema = Date.now();
// CPU of the whole process and of its main thread (from /proc): on a busy shared machine the wall time
// says little, but the seed can not finish before max(main thread CPU, process CPU / cores)
const mainThreadCpuS = () => {
  const f = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};
const cpu0 = process.cpuUsage();
const main0 = mainThreadCpuS();
const logs: string[] = [];
counting = true;
const res = await seedDemo(createDeps(config, db), {
  bulkIndexes: !args.includes('--keep-indexes'),
  log: (m) => {
    const line = `${((Date.now() - tSchema) / 1000).toFixed(1)}s ${m}`;
    logs.push(line);
    console.log(line);
  },
});
counting = false;
const tSeed = Date.now();
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const mainS = mainThreadCpuS() - main0;
const cores = os.cpus().length;
const sorted0 = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
const plans: string[] = [];
if (explain) {
  // planning vs execution of the costliest statements, each in a transaction that is rolled back
  for (const [k, v] of sorted0.slice(0, top)) {
    if (!v.example || /^(begin|commit|rollback)/.test(k)) continue;
    const pgl = db.pglite!;
    await pgl.exec('begin');
    try {
      const r = await pgl.query<{ 'QUERY PLAN': string }>(`explain (analyze, summary) ${v.example.sql}`, v.example.params as any[]);
      const lines = r.rows.map((x) => x['QUERY PLAN']);
      plans.push(`${k.slice(0, 100)}\n   ${lines.filter((l) => /Planning Time|Execution Time|Trigger/.test(l)).join(' | ')}`);
    } catch (e) {
      plans.push(`${k.slice(0, 100)}\n   failed: ${(e as Error).message}`);
    }
    await pgl.exec('rollback');
  }
  console.log(plans.join('\n'));
}
await db.close();
fs.rmSync(dataDir, { recursive: true, force: true });

const seedS = (tSeed - tSchema) / 1000;
const sorted = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
const totalMs = sorted.reduce((s, [, v]) => s + v.ms, 0);
const totalN = sorted.reduce((s, [, v]) => s + v.n, 0);
const out = [
  `demo seed: ${config.demoCases} cases, ${res.photos} photos, ${res.steps} steps`,
  `schema ${((tSchema - t0) / 1000).toFixed(1)} s, seed ${seedS.toFixed(1)} s → ratio to 60 s: ${(seedS / 60).toFixed(2)} (load average before: ${load0})`,
  `seed CPU: process ${cpuS.toFixed(1)} s, main thread ${mainS.toFixed(1)} s → on ${cores} idle cores at least ${Math.max(mainS, cpuS / cores).toFixed(1)} s (ratio ${(Math.max(mainS, cpuS / cores) / 60).toFixed(2)})`,
  count ? `statements: ${totalN} (${(totalN / config.demoCases).toFixed(1)} per case), ${(totalMs / 1000).toFixed(1)} s inside them` : 'statements not counted (--no-count)',
  ...logs,
  ...(count
    ? [
        '',
        `top ${top} statements by time (ms, calls, ms/call):`,
        ...sorted.slice(0, top).map(([k, v]) => `${v.ms.toFixed(0).padStart(7)} ${String(v.n).padStart(7)} ${(v.ms / v.n).toFixed(3).padStart(7)}  ${k}`),
      ]
    : []),
];
console.log(out.join('\n'));
if (tag) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `demo-seed-${tag}.txt`), out.join('\n') + '\n');
}
