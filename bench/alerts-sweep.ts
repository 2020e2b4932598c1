/**
 * alerts-sweep: the supervision alerts' nightly sweep (alerts.sweep: every case of kind violation, 500 per page,
 * each page's facts in a handful of statements and every enabled rule over them, then the concentration of
 * rejections over everyone) on a copy of a cached city. Run by hand, never by CI (bench/README.md).
 *
 *   npx tsx bench/alerts-sweep.ts --city 100k            # PostgreSQL, database wwj_bench_100k_alerts (a copy, dropped after)
 *   npx tsx bench/alerts-sweep.ts --city 1m              # the issue's figure: 1M cases (make-city --cases 1m first)
 *   options: --driver postgres|pglite (default postgres)
 *
 * Anchor: 10 minutes for the whole sweep (issue 21: "finishes in minutes"); ratio = sweep s ÷ 600, scaled to 1M cases
 * linearly when the city is smaller (the sweep is pages of equal work). Prints the wall time, cases/s, the alerts
 * raised by rule, each rule's own time (the pure functions), and the SQL by statement (total ms, calls), the part
 * of each rule's time spent reading its facts. The city's cases carry 1–2 events and no photos (make-city), so the
 * photo comparison and the personal-data lookups read nothing here: their SQL is the empty probe.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { RULES } from '../src/modules/alerts/alert.rules.js';
import { arg, benchConfig, cityLabel, fmtS, loadAvg, mdTable, openCityCopy, parseCount, pgDatabaseName, pgDropDatabase, RESULTS_DIR, rssMb } from './lib.js';

const argv = process.argv.slice(2);
const driver = arg(argv, 'driver', 'postgres') as Driver;
const label = cityLabel(parseCount(arg(argv, 'city', '100k')));
const ANCHOR_MS = 600_000;
const log = (m: string) => console.log(`[alerts-sweep] ${m}`);

const sqlTime = new Map<string, { ms: number; calls: number }>();
/** A statement's key: its text with literals and long IN lists folded, first 110 characters. */
const keyOf = (s: string) =>
  s
    .replace(/\$\d+(, \$\d+)*/g, '$n')
    .replace(/\s+/g, ' ')
    .slice(0, 110);
let counting = false;
/** Pages read so far (the sweep's page statement), for the progress line a long run prints each minute. */
let pages = 0;
const copyName = `${pgDatabaseName(label)}_alerts`;
const db = await openCityCopy(driver, label, copyName, {
  onQuery: (s, _p, ms) => {
    if (!counting) return;
    const k = keyOf(s);
    if (k.startsWith('select "id" from "cases" where "kind" =')) pages++;
    const e = sqlTime.get(k) ?? { ms: 0, calls: 0 };
    e.ms += ms;
    e.calls++;
    sqlTime.set(k, e);
  },
});
const { config, dataDir } = benchConfig(driver, label);
const deps = createDeps(config, db);

// each rule's own time: the pure functions, wrapped where the evaluation finds them
const ruleTime = new Map<string, { ms: number; found: number }>();
for (const [code, fn] of Object.entries(RULES)) {
  if (!fn) continue;
  (RULES as Record<string, typeof fn>)[code] = (c, t, ctx) => {
    const t0 = performance.now();
    const out = fn(c, t, ctx);
    const e = ruleTime.get(code) ?? { ms: 0, found: 0 };
    e.ms += performance.now() - t0;
    e.found += out.length;
    ruleTime.set(code, e);
    return out;
  };
}

const cases = Number((await db.q.selectFrom('cases').select(db.q.fn.countAll<string>().as('n')).where('kind', '=', 'violation').executeTakeFirstOrThrow()).n);
const load0 = loadAvg();
log(`${driver}/${label}: ${cases.toLocaleString('en-US')} violations; load average ${load0.join(' ')} (2 cores)`);
counting = true;
const t0 = performance.now();
// a 1M run takes many minutes on a shared machine: where it is, and where its time goes so far
const progress = setInterval(() => {
  const top3 = [...sqlTime].sort((a, b) => b[1].ms - a[1].ms).slice(0, 3);
  log(
    `${fmtS(performance.now() - t0)}: page ${pages} (~${(pages * 500).toLocaleString('en-US')} cases), load ${loadAvg()[0]}; SQL so far: ` +
      top3.map(([k, v]) => `${(v.ms / 1000).toFixed(1)} s ${k.slice(0, 48)}…`).join(' | '),
  );
}, 60_000);
const r = await deps.services.alerts.sweep();
const wall = performance.now() - t0;
clearInterval(progress);
counting = false;
const load1 = loadAvg();
const byRule = await db.q
  .selectFrom('alerts')
  .select(['rule', db.q.fn.countAll<string>().as('n')])
  .groupBy('rule')
  .orderBy('rule')
  .execute();

const scaled = (wall * 1_000_000) / Math.max(1, r.cases);
console.log(`\nsweep: ${r.cases.toLocaleString('en-US')} cases in ${fmtS(wall)} (${Math.round(r.cases / (wall / 1000))} cases/s), ${r.raised} alerts raised, RSS ${rssMb()} MB`);
console.log(`scaled to 1M cases: ${fmtS(scaled)}; ratio to the 10-minute anchor: ${(scaled / ANCHOR_MS).toFixed(2)}`);
console.log(`load average before ${load0.join(' ')}, after ${load1.join(' ')}\n`);
console.log(
  mdTable(
    [
      ['rule', 'alerts', 'own ms (pure)'],
      ...[...ruleTime].map(([k, v]) => [k, String(byRule.find((b) => b.rule === k)?.n ?? 0), v.ms.toFixed(0)]),
      ['rejections_concentrated', String(byRule.find((b) => b.rule === 'rejections_concentrated')?.n ?? 0), '(with its SQL below)'],
    ],
    1,
  ),
);
const top = [...sqlTime].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14);
console.log(`\nSQL: ${[...sqlTime.values()].reduce((a, e) => a + e.ms, 0).toFixed(0)} ms in ${[...sqlTime.values()].reduce((a, e) => a + e.calls, 0)} statements`);
console.log(mdTable([['statement', 'ms', 'calls'], ...top.map(([k, v]) => [k, v.ms.toFixed(0), String(v.calls)])], 1));

fs.mkdirSync(RESULTS_DIR, { recursive: true });
fs.writeFileSync(
  path.join(RESULTS_DIR, `alerts-sweep-${driver}-${label}-${Date.now()}.json`),
  JSON.stringify(
    { driver, label, cases: r.cases, wallMs: wall, raised: r.raised, byRule, ruleTime: Object.fromEntries(ruleTime), sql: Object.fromEntries(sqlTime), load: [load0, load1] },
    null,
    1,
  ),
);
await db.close();
if (driver === 'postgres') await pgDropDatabase(copyName);
fs.rmSync(dataDir, { recursive: true, force: true });
