import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** What a backup says about its database, read in the same snapshot as the dump (counts, audit head, migration). */
export interface DatabaseFacts {
  migration: string | null;
  cases: number;
  photos: number;
  audit: { lastId: number; hash: string; count: number } | null;
}

/** The statements of `backup` / `restore`; `q` is one connection (a snapshot lives on its connection). */
export const backupRepo = {
  /** Opens a read-only snapshot on this connection and exports it for `pg_dump --snapshot` (PostgreSQL). */
  async beginSnapshot(q: Kysely<DB>): Promise<string> {
    await sql`begin isolation level repeatable read read only`.execute(q);
    const r = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(q);
    return r.rows[0].id;
  },
  async endSnapshot(q: Kysely<DB>) {
    await sql`commit`.execute(q);
  },
  async facts(q: Kysely<DB>): Promise<DatabaseFacts> {
    const m = await sql<{ name: string | null }>`select max(name) as name from kysely_migration`.execute(q);
    const cases = await q
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const photos = await q
      .selectFrom('photos')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const head = await q.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const n = await q
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      migration: m.rows[0]?.name ?? null,
      cases: Number(cases.n),
      photos: Number(photos.n),
      audit: head ? { lastId: Number(head.id), hash: head.hash, count: Number(n.n) } : null,
    };
  },
  /** Whether the database holds the product's tables already (a restore target must be empty, or --force). */
  async hasTables(q: Kysely<DB>): Promise<boolean> {
    const r = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename <> 'spatial_ref_sys'`.execute(q);
    return Number(r.rows[0].n) > 0;
  },
  /** Empties the public schema (restore --force onto PostgreSQL): PostGIS is dropped with it and the dump creates it again. */
  async dropPublicSchema(q: Kysely<DB>) {
    await sql`drop schema if exists public cascade`.execute(q);
    await sql`create schema public`.execute(q);
  },
};
