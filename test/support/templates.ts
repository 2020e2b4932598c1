// Builds the migrated-but-empty database templates once per test run (scripts/test.mjs calls this):
// a PGlite data-dir tarball, and a PostgreSQL template database. Each test file clones one.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { PG_ADMIN_URL, PG_TEMPLATE_DB, PGLITE_TEMPLATE, pgUrl } from './env.js';

const driver = process.argv[2] ?? 'pglite';
if (driver === 'pglite') {
  const db = await openDatabase({ driver: 'pglite', inMemory: true });
  await migrateToLatest(db);
  const blob = await db.pglite!.dumpDataDir('none');
  fs.mkdirSync(path.dirname(PGLITE_TEMPLATE), { recursive: true });
  fs.writeFileSync(PGLITE_TEMPLATE, Buffer.from(await blob.arrayBuffer()));
  await db.close();
  console.log(`pglite template: ${PGLITE_TEMPLATE}`);
} else {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [PG_TEMPLATE_DB]);
  await admin.query(`drop database if exists ${PG_TEMPLATE_DB}`);
  await admin.query(`create database ${PG_TEMPLATE_DB}`);
  await admin.end();
  const db = await openDatabase({ driver: 'postgres', databaseUrl: pgUrl(PG_TEMPLATE_DB) });
  await migrateToLatest(db);
  await db.close();
  console.log(`postgres template: ${PG_TEMPLATE_DB}`);
}
