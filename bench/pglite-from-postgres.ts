/**
 * pglite-from-postgres: copies a benchmark city from PostgreSQL into a PGlite data dir ON DISK, for
 * cities too large for the in-memory tarball route of make-city (bench/README.md, "index-run").
 * Run by hand, never by CI.
 *
 *   npx tsx bench/pglite-from-postgres.ts --from wwj_bench_1m_v7 --to /var/tmp/wwj-city-1m-v7
 *   → a PGlite data dir in <to>/pglite, opened by `bench/index-run.ts --pglite-dir <to>`
 *   options: --chunk-mb 64 (size of one COPY into PGlite)
 *
 * How: an empty PGlite on disk (NODEFS, small max_wal_size so WAL segments are recycled), migrated to
 * the latest schema by the product's migrations (the same as the source, which index-run migrated too);
 * the tables that hold rows in the source emptied; their secondary indexes dropped; every table copied
 * with `psql \copy … to <file>` (text format, explicit column list, generated columns left out) and
 * loaded in chunks of whole lines with `COPY … FROM '/dev/blob'` (foreign-key triggers off:
 * session_replication_role = replica, the rows are consistent in the source); the indexes rebuilt;
 * VACUUM ANALYZE; CHECKPOINT. Peak RSS and the size of the data dir are printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Kysely } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { Database } from '../src/db/database.js';
import { PGliteDialect } from '../src/db/pglite-dialect.js';
import type { DB } from '../src/db/schema.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { arg, fmtS, pgUrl, rssMb } from './lib.js';

const argv = process.argv.slice(2);
const from = arg(argv, 'from', '');
const to = arg(argv, 'to', '');
const chunkBytes = Number(arg(argv, 'chunk-mb', '64')) * 1048576;
if (!from.startsWith('wwj_bench_') || !to) throw new Error('usage: --from wwj_bench_<label> --to <dir>');
const log = (m: string) => console.log(`[pglite-from-postgres] ${new Date().toISOString().slice(11, 19)} ${m} (rss ${rssMb()} MB)`);
let peak = 0;
const poll = setInterval(() => (peak = Math.max(peak, rssMb())), 500);

const psql = (sqlText: string) => execFileSync('psql', [pgUrl(from), '-v', 'ON_ERROR_STOP=1', '-Atc', sqlText], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim();

/** Lines of a file in chunks of about `size` bytes, each ending at a line end. */
function* chunks(file: string, size: number): Generator<Buffer> {
  const fd = fs.openSync(file, 'r');
  let rest = Buffer.alloc(0);
  try {
    for (;;) {
      const buf = Buffer.alloc(size);
      const n = fs.readSync(fd, buf, 0, size, null);
      if (n === 0) break;
      const all = Buffer.concat([rest, buf.subarray(0, n)]);
      const cut = all.lastIndexOf(0x0a) + 1;
      if (cut > 0) yield all.subarray(0, cut);
      rest = Buffer.from(all.subarray(cut));
    }
    if (rest.length) yield rest;
  } finally {
    fs.closeSync(fd);
  }
}

const dirSizeMb = (d: string): number => {
  let s = 0;
  const walk = (p: string) => {
    for (const e of fs.readdirSync(p, { withFileTypes: true })) {
      const q = path.join(p, e.name);
      if (e.isDirectory()) walk(q);
      else s += fs.statSync(q).size;
    }
  };
  walk(d);
  return Math.round(s / 1048576);
};

const t0 = Date.now();
const dir = path.join(to, 'pglite');
if (fs.existsSync(dir)) throw new Error(`${dir} exists; remove it first`);
fs.mkdirSync(dir, { recursive: true });
const tmp = fs.mkdtempSync(path.join(to, 'copy-'));
const INT8 = 20;
const NUMERIC = 1700;
const pgl = await PGlite.create(dir, {
  extensions: { postgis },
  parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  startParams: [...PGlite.defaultStartParams, '-c', 'max_wal_size=64MB', '-c', 'min_wal_size=32MB', '-c', 'maintenance_work_mem=256MB'],
});
const db = new Database(new Kysely<DB>({ dialect: new PGliteDialect(pgl) }), 'pglite', pgl);
try {
  await migrateToLatest(db);
  log('migrated');
  const skip = new Set(['spatial_ref_sys', 'kysely_migration', 'kysely_migration_lock']);
  const tables = psql(`select relname from pg_stat_user_tables where schemaname = 'public' and n_live_tup > 0 order by relname`)
    .split('\n')
    .filter((t) => t && !skip.has(t));
  // exact counts (n_live_tup is an estimate; a table it calls empty is checked too)
  const counts = new Map<string, number>();
  for (const t of psql(`select relname from pg_stat_user_tables where schemaname = 'public' order by relname`).split('\n')) {
    if (skip.has(t)) continue;
    const n = Number(psql(`select count(*) from public.${t}`));
    if (n > 0) counts.set(t, n);
  }
  for (const t of counts.keys()) if (!tables.includes(t)) tables.push(t);
  log(`tables with rows: ${[...counts].map(([t, n]) => `${t} ${n}`).join(', ')}`);
  const srcCols = new Set(psql(`select table_name || '.' || column_name from information_schema.columns where table_schema = 'public'`).split('\n'));
  await pgl.exec(`truncate ${tables.map((t) => `public.${t}`).join(', ')} cascade`);
  const idx = (
    await pgl.query<{ name: string; def: string }>(
      `
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = 'public' and i.tablename = any($1)
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      [tables],
    )
  ).rows;
  for (const i of idx) await pgl.exec(`drop index public.${i.name}`);
  log(`dropped ${idx.length} secondary indexes`);
  await pgl.exec(`set session_replication_role = replica`);
  for (const t of tables) {
    const t1 = Date.now();
    const cols = (
      await pgl.query<{ c: string }>(
        `
      select column_name as c from information_schema.columns
      where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
        [t],
      )
    ).rows
      .map((r) => r.c)
      .filter((c) => srcCols.has(`${t}.${c}`)) // a column a newer migration added keeps its default
      .map((c) => `"${c}"`);
    const file = path.join(tmp, `${t}.copy`);
    execFileSync('psql', [pgUrl(from), '-v', 'ON_ERROR_STOP=1', '-c', `\\copy public.${t} (${cols.join(', ')}) to '${file}'`], { stdio: 'ignore' });
    const mb = Math.round(fs.statSync(file).size / 1048576);
    let k = 0;
    for (const c of chunks(file, chunkBytes)) {
      await pgl.query(`copy public.${t} (${cols.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([c]) });
      if (++k % 10 === 0) await pgl.exec('checkpoint');
    }
    fs.rmSync(file);
    const [{ n }] = (await pgl.query<{ n: number }>(`select count(*)::int as n from public.${t}`)).rows;
    if (n !== counts.get(t)) throw new Error(`${t}: ${n} rows copied, source has ${counts.get(t)}`);
    log(`${t}: ${n} rows (${mb} MB of COPY text) in ${fmtS(Date.now() - t1)}`);
    await pgl.exec('checkpoint');
  }
  await pgl.exec(`set session_replication_role = origin`);
  // sequences that follow serial/identity columns
  const seqs = psql(`select format('%I.%I', schemaname, sequencename) || ' ' || coalesce(last_value, 0) from pg_sequences where schemaname = 'public'`);
  for (const line of seqs.split('\n').filter(Boolean)) {
    const [s, v] = line.split(' ');
    if (Number(v) > 0) await pgl.exec(`select setval('${s}', ${Number(v)})`);
  }
  let t = Date.now();
  for (const i of idx) {
    const t1 = Date.now();
    await pgl.exec(i.def);
    log(`  index ${i.name} in ${fmtS(Date.now() - t1)}`);
    await pgl.exec('checkpoint');
  }
  log(`rebuilt ${idx.length} indexes in ${fmtS(Date.now() - t)}`);
  t = Date.now();
  await pgl.exec('vacuum analyze');
  await pgl.exec('checkpoint');
  log(`vacuum analyze + checkpoint in ${fmtS(Date.now() - t)}`);
} finally {
  await db.close().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
  clearInterval(poll);
}
log(`done in ${fmtS(Date.now() - t0)}: data dir ${dirSizeMb(dir)} MB, peak rss (polled) ${Math.max(peak, rssMb())} MB`);
