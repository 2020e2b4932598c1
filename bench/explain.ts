/**
 * explain: EXPLAIN (ANALYZE, BUFFERS) of the statements a cases-list run recorded, on the same city and
 * driver (PGlite has no psql, so this is how to see its plans).
 *
 *   npx tsx bench/explain.ts --driver pglite --city 100k [--endpoint "q (owner word)"]
 *   npx tsx bench/explain.ts --driver pglite --city 100k --sql "explain analyze select …; select …"
 *
 * Reads bench/results/cases-list-<driver>-<city>.json (run bench/cases-list.ts first) and explains the
 * statements on `cases` (not the session and division lookups). `--sql` runs your own statements instead
 * and prints their rows. Careful: on PostgreSQL whatever they change stays in the cached city (on PGlite
 * the city is an in-memory copy).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from '../src/db/database.js';
import { arg, cityLabel, drivers, openCity, parseCount, RESULTS_DIR } from './lib.js';

const argv = process.argv.slice(2);
const driver = drivers(arg(argv, 'driver', 'pglite'))[0] as Driver;
const cityArg = arg(argv, 'city', 'demo');
const city = cityArg === 'demo' ? 'demo' : cityLabel(parseCount(cityArg));
const only = arg(argv, 'endpoint', '');
const own = arg(argv, 'sql', '');

const db = await openCity(driver, city);
const run = async (sql: string, params: unknown[] = []) =>
  db.pglite ? (await db.pglite.query<Record<string, string>>(sql, params as any[])).rows : (await db.pool!.query(sql, params as any[])).rows;
try {
  if (own) {
    for (const stmt of own.split(/;\s*/).filter(Boolean)) {
      const rows = await run(stmt);
      for (const r of rows) console.log(Object.values(r).join(' | '));
    }
  } else {
    const file = path.join(RESULTS_DIR, `cases-list-${driver}-${city}.json`);
    const res = JSON.parse(fs.readFileSync(file, 'utf8')) as { endpoints: { name: string; statements: { sql: string; params: unknown[] }[] }[] };
    for (const ep of res.endpoints) {
      if (only && ep.name !== only) continue;
      for (const s of ep.statements) {
        if (!/from "cases"/.test(s.sql)) continue;
        console.log(`\n=== ${driver}/${city} ${ep.name}\n${s.sql}\n${JSON.stringify(s.params)}`);
        await run(s.sql, s.params); // warm
        const rows = await run(`explain (analyze, buffers) ${s.sql}`, s.params);
        console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
    }
  }
} finally {
  await db.close();
}
