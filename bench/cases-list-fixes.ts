/**
 * cases-list-fixes: a proposed fix for the slowest case-list statement, free-text search (`q`), measured
 * against the current statements on the same city, inside a transaction that is rolled back (nothing is
 * kept, on either driver).
 *
 *   npx tsx bench/cases-list-fixes.ts --driver both --city 100k [--n 30]
 *
 * Needs bench/results/cases-list-<driver>-<city>.json (run bench/cases-list.ts first): the "current"
 * statements are exactly those the endpoint ran, with their parameters. The fix: a GIN index on the
 * character bigrams of the searched columns, and a bigram containment predicate in front of the ILIKEs
 * (which stay, as the exact check). Bigrams, not pg_trgm trigrams: Chinese names and words are mostly two
 * characters and a trigram index cannot serve LIKE '%华文%'. It needs no extension, so it works on PGlite.
 * (The other slow statements this benchmark first found — the default sort and the count's joins — were
 * fixed in be13f58 while it was written; see bench/README.md.)
 * Results: a printed table and bench/results/cases-list-fixes-<driver>-<city>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Driver } from '../src/db/database.js';
import { arg, cityLabel, drivers, openCity, parseCount, RESULTS_DIR } from './lib.js';

const argv = process.argv.slice(2);
const n = Number(arg(argv, 'n', '30'));
const cityArg = arg(argv, 'city', '100k');
const city = cityArg === 'demo' ? 'demo' : cityLabel(parseCount(cityArg));

const searched = (a: string) =>
  ['case_no', 'address_text', 'owner_name', 'enterprise_name', 'enterprise_uscc', 'note'].map((col) => `coalesce(${a}${col}, '')`).join(` || ' ' || `);
const FIX_SQL = {
  C0: `create function bench_bigrams(t text) returns text[] language sql immutable strict parallel safe as $$
         select coalesce(array_agg(distinct substr(lower(t), i, 2)), '{}'::text[]) from generate_series(1, char_length(t) - 1) as i $$`,
  C: `create index bench_case_search_idx on cases using gin (bench_bigrams(${searched('')}))`,
};

interface Stmt {
  sql: string;
  params: unknown[];
}
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1];

async function runDriver(driver: Driver) {
  const file = path.join(RESULTS_DIR, `cases-list-${driver}-${city}.json`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run bench/cases-list.ts --driver ${driver} --city ${city} first`);
  const res = JSON.parse(fs.readFileSync(file, 'utf8')) as { word: string; endpoints: { name: string; statements: Stmt[] }[] };
  const stmts = (name: string) => res.endpoints.find((e) => e.name === name)!.statements.filter((s) => /from "cases"/.test(s.sql));
  const [qItems, qCount] = stmts('q (owner word)');

  const db = await openCity(driver, city);
  const client = db.pglite ? null : await db.pool!.connect();
  const q = async (sql: string, params: unknown[] = []) => (db.pglite ? (await db.pglite.query(sql, params as any[])).rows : (await client!.query(sql, params as any[])).rows);
  const time = async (s: Stmt) => {
    for (let i = 0; i < 3; i++) await q(s.sql, s.params);
    const xs: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s0 = performance.now();
      await q(s.sql, s.params);
      xs.push(performance.now() - s0);
      if (performance.now() - t0 > 60_000 && xs.length >= 5) break;
    }
    return Math.round(p50(xs) * 100) / 100;
  };
  const withBigrams = (s: Stmt): Stmt => {
    const k = s.params.length + 1;
    const sql = s.sql.replace(`"c"."note" ilike $8))`, `"c"."note" ilike $8) and bench_bigrams(${searched('c.')}) @> bench_bigrams($${k}))`);
    if (sql === s.sql) throw new Error('search predicate not found: the repo query changed, update this benchmark');
    return { sql, params: [...s.params, res.word] };
  };

  const rows: { statement: string; current: number; fixed: number; fix: string }[] = [];
  const built: Record<string, { ms: number; mb: number }> = {};
  try {
    await q('begin');
    // current statements, before any fix exists
    const cur = { qItems: await time(qItems), qCount: await time(qCount) };
    const build = async (name: string, sql: string, index: string | null) => {
      const t = performance.now();
      await q(sql);
      const ms = Math.round(performance.now() - t);
      const mb = index ? Number((await q(`select pg_relation_size('${index}') / 1048576.0 as mb`))[0].mb) : 0;
      built[name] = { ms, mb: Math.round(mb * 10) / 10 };
    };
    await build('C0', FIX_SQL.C0, null);
    await build('C', FIX_SQL.C, 'bench_case_search_idx');
    await q('analyze cases');
    rows.push({ statement: 'q: items', current: cur.qItems, fixed: await time(withBigrams(qItems)), fix: 'bigram GIN' });
    rows.push({ statement: 'q: count', current: cur.qCount, fixed: await time(withBigrams(qCount)), fix: 'bigram GIN' });
    // the plans of the fixed statements, for the record
    const plans: Record<string, string> = {};
    for (const [name, s] of [
      ['q items', qItems],
      ['q count', qCount],
      ['q items, fixed', withBigrams(qItems)],
      ['q count, fixed', withBigrams(qCount)],
    ] as const) {
      plans[name] = (await q(`explain (analyze, costs off) ${s.sql}`, s.params)).map((r: any) => r['QUERY PLAN']).join('\n');
    }
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(
      path.join(RESULTS_DIR, `cases-list-fixes-${driver}-${city}.json`),
      JSON.stringify({ driver, city, n, word: res.word, fixes: FIX_SQL, built, rows, plans, at: new Date().toISOString() }, null, 2) + '\n',
    );
    return { rows, built };
  } finally {
    await q('rollback').catch(() => {});
    client?.release();
    await db.close();
  }
}

const out: string[] = ['| driver | city | statement | current p50 ms | with fix p50 ms | fix |', '|---|---|---|---:|---:|---|'];
const builds: string[] = [];
for (const d of drivers(arg(argv, 'driver', 'both'))) {
  console.log(`[${d}/${city}] …`);
  const { rows, built } = await runDriver(d);
  for (const r of rows) out.push(`| ${d} | ${city} | ${r.statement} | ${r.current.toFixed(1)} | ${r.fixed.toFixed(1)} | ${r.fix} |`);
  builds.push(`${d}/${city}: bigram GIN index built in ${built.C.ms} ms (${built.C.mb} MB)`);
}
console.log('\n' + out.join('\n') + '\n\n' + builds.join('\n'));
