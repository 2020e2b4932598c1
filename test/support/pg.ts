import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_ADMIN_URL, pgUrl } from './env.js';

/** A new PostgreSQL database for one test (empty, or a copy of `template`) and how to drop it. */
export async function scratchPgDatabase(template?: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `wwj_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  return {
    name,
    url: pgUrl(name),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
