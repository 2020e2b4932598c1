import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type LogEvent, type RawBuilder, type Transaction } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGliteDialect } from './pglite-dialect.js';
import { ReplicaRouter, readContext } from './replica.js';
import { keepsPlan } from './sql.js';
import type { DB } from './schema.js';

export type Driver = 'pglite' | 'postgres';
export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * A write a transaction makes at commit, in one statement with its other deferred writes: built once, from
 * everything gathered in `state` during the transaction. It must return rows (a `select`, or a write with
 * `returning`): the statement counts them.
 */
interface Deferred<S> {
  state: S;
  write: (state: S) => RawBuilder<unknown> | null;
}

interface OpenTransaction {
  trx: Transaction<DB>;
  atCommit: Map<string, Deferred<any>>;
}

/**
 * The database handle every repo uses. `db.q` is the current transaction when one is open on this
 * async path, else the pool; `db.transaction(fn)` is re-entrant (an inner call joins the outer one),
 * so a service can call another service and still write everything in one transaction.
 */
export class Database {
  private readonly als = new AsyncLocalStorage<OpenTransaction>();
  constructor(
    readonly kysely: Kysely<DB>,
    readonly driver: Driver,
    /** The embedded instance, when the driver is PGlite (for data-dir snapshots). */
    readonly pglite?: PGlite,
    /** The pool, when the driver is PostgreSQL. */
    readonly pool?: pg.Pool,
  ) {}

  /**
   * Where reads that tolerate seconds of lag go (reports, exports, the map, OGC pages, the overview, the
   * index inputs): a streaming replica when `DATABASE_READ_URL` is set and it is reachable, fresh and the
   * caller has not just written (src/db/replica.ts), else this database. Without a replica it is this one.
   */
  replica: Database = this;
  /** Closed with this database (the replica's pool and its probe). */
  onClose?: () => Promise<void>;

  get q(): Executor {
    return this.als.getStore()?.trx ?? this.kysely;
  }

  get inTransaction(): boolean {
    return this.als.getStore() !== undefined;
  }

  async transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    const open = this.als.getStore();
    if (open) return fn(open.trx);
    return this.kysely.transaction().execute((trx) => {
      const tx: OpenTransaction = { trx, atCommit: new Map() };
      return this.als.run(tx, async () => {
        const out = await fn(trx);
        await this.writeDeferred(tx);
        return out;
      });
    });
  }

  /**
   * The state of the open transaction's deferred write `key` (made with `init` on first use): what is put
   * in it is written by `write` right before commit, in one statement with the transaction's other
   * deferred writes (the audit records and the queued jobs of a report: one round trip instead of several).
   * Deferred rows are not visible to the transaction's own reads; a failing write rolls everything back.
   */
  atCommit<S>(key: string, init: () => S, write: (state: S) => RawBuilder<unknown> | null): S {
    const tx = this.als.getStore();
    if (!tx) throw new Error(`a deferred write (${key}) needs an open transaction`);
    let d = tx.atCommit.get(key);
    if (!d) tx.atCommit.set(key, (d = { state: init(), write }));
    return d.state as S;
  }

  private async writeDeferred(tx: OpenTransaction) {
    const writes = [...tx.atCommit.values()].map((d) => d.write(d.state)).filter((w): w is RawBuilder<unknown> => w !== null);
    tx.atCommit.clear();
    if (writes.length === 0) return;
    if (writes.length === 1) {
      await writes[0].execute(tx.trx);
      return;
    }
    // every part runs once, whether or not the main query reads it; counting its rows reads it
    const ctes = sql.join(writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`));
    const counts = sql.join(writes.map((_, i) => sql.raw(`(select count(*) from w${i})`)));
    await sql`with ${ctes} select ${counts}`.execute(tx.trx);
  }

  /** One round trip to the database (the health check's readiness). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.q);
  }

  async close(): Promise<void> {
    await this.onClose?.();
    await this.kysely.destroy();
  }
}

// Same JS types on both drivers: int8 and numeric become numbers (counts, areas), timestamps Date,
// and a calendar `date` stays its 'YYYY-MM-DD' text (a day in China, not an instant in some time zone).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);

export interface OpenOptions {
  driver: Driver;
  dataDir?: string;
  databaseUrl?: string;
  poolSize?: number;
  /** PGlite only: start from a data-dir tarball (test snapshots). */
  loadDataDir?: Blob;
  /** PGlite only: keep the database in memory. */
  inMemory?: boolean;
  /** Called after every query with its SQL, parameters and duration (benchmarks, debugging). */
  onQuery?: (sql: string, params: readonly unknown[], ms: number) => void;
  /** PostgreSQL only: a streaming replica for lag-tolerant reads (`DATABASE_READ_URL`; src/db/replica.ts). */
  readUrl?: string;
  /** The most lag the replica may have and still be read, in seconds (`DATABASE_READ_MAX_LAG_SECONDS`). */
  readMaxLagSeconds?: number;
}

function logger(onQuery?: OpenOptions['onQuery']) {
  if (!onQuery) return undefined;
  return (e: LogEvent) => onQuery(e.query.sql, e.query.parameters, e.queryDurationMillis);
}

export async function openPGlite(opts: { dataDir?: string; loadDataDir?: Blob; inMemory?: boolean }): Promise<PGlite> {
  let dir: string | undefined;
  if (!opts.inMemory && opts.dataDir) {
    dir = path.join(opts.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  return PGlite.create(dir, {
    extensions: { postgis },
    loadDataDir: opts.loadDataDir,
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v), [DATE]: (v: string) => v },
  });
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.driver === 'pglite') {
    const pgl = await openPGlite(opts);
    return new Database(new Kysely<DB>({ dialect: new PGliteDialect(pgl), log: logger(opts.onQuery) }), 'pglite', pgl);
  }
  if (!opts.databaseUrl) throw new Error('DATABASE_URL is required for the postgres driver');
  // Idle connections stay open for 10 minutes (pg's default is 10 s): a new connection pays for a new
  // backend — connecting (5–16 ms here), PostGIS loaded by its first call (23–38 ms against 0.9 after),
  // the catalog caches filled, every kept plan made again — in the first reports after any short pause
  // (bench/README.md, session 11). Idle connections do not keep the process alive (a script ends when its
  // work does).
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 4, idleTimeoutMillis: 10 * 60_000, allowExitOnIdle: true });
  // An idle connection the server closes (a restart, an administrator, a dropped test database) is an
  // 'error' event on the pool: without a listener it would end the process. The pool replaces the client;
  // a query in flight still gets its own error.
  pool.on('error', (err) => console.warn(`[db] an idle database connection was closed: ${err.message}`));
  pool.on('connect', keepPlans);
  // A connection that is checked out (held by a transaction between two statements, or a worker's job) gets
  // no pool listener: the server closing it then would be an unhandled 'error' and end the process
  // (test/cluster/pg-restart.test.ts). Its pending or next query fails on its own, and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', (err) => console.warn(`[db] a database connection in use was closed: ${err.message}`)));
  const db = new Database(new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: logger(opts.onQuery) }), 'postgres', undefined, pool);
  if (opts.readUrl) {
    const router = new ReplicaRouter({ primary: pool, url: opts.readUrl, poolSize: opts.poolSize ?? 4, maxLagMs: (opts.readMaxLagSeconds ?? 5) * 1000 });
    router.pool.on('connect', keepPlans);
    router.start();
    db.replica = new ReadDatabase(db, router, new Kysely<DB>({ dialect: new PostgresDialect({ pool: router.fallbackPool() }), log: logger(opts.onQuery) }));
    db.onClose = async () => {
      await router.stop();
      await db.replica.kysely.destroy();
    };
  }
  return db;
}

/**
 * The read handle over a replica: `q` is the replica when the router says a read may go there (no open
 * transaction, the replica up and fresh, the caller's session has not written since what the replica has
 * replayed), else the primary. Transactions and deferred writes are the primary's.
 */
class ReadDatabase extends Database {
  constructor(
    private readonly primary: Database,
    readonly router: ReplicaRouter,
    replicaKysely: Kysely<DB>,
  ) {
    super(replicaKysely, primary.driver, undefined, primary.pool);
    this.replica = this;
  }

  override get q(): Executor {
    if (this.primary.inTransaction || !this.router.usable(readContext.getStore())) return this.primary.q;
    return this.kysely;
  }

  override get inTransaction(): boolean {
    return this.primary.inTransaction;
  }

  override transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.primary.transaction(fn);
  }

  override atCommit<S>(key: string, init: () => S, write: (state: S) => RawBuilder<unknown> | null): S {
    return this.primary.atCommit(key, init, write);
  }

  override async close(): Promise<void> {
    await this.primary.close();
  }
}

/**
 * The statements PGlite keeps parsed (`keepsPlan` in sql.ts: plain reads and writes, and those that end
 * with KEEP_PLAN) run as named prepared statements on each pooled connection: parsed once, PostgreSQL's
 * generic plan after five runs. Statements with value-dependent tests stay unnamed and are planned for
 * their values at each execution. At most 2,000 names per connection (the app has a few hundred texts).
 * Kysely calls `query(text, values)`.
 */
function keepPlans(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  const names = new Set<string>();
  (client as { query: unknown }).query = (text: unknown, values?: unknown, cb?: unknown) => {
    if (typeof text !== 'string' || !keepsPlan(text)) return query(text, values, cb);
    const name = `wwj_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (!names.has(name)) {
      if (names.size >= 2000) return query(text, values, cb);
      names.add(name);
    }
    return query({ name, text, values }, cb);
  };
}

/** Whether a PGlite data dir already holds a database. */
export function pgliteDataExists(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'));
}

/** The replica's router, when `DATABASE_READ_URL` is set (the web processes' read-your-writes hooks use it). */
export function replicaRouter(db: Database): ReplicaRouter | undefined {
  return db.replica instanceof ReadDatabase ? db.replica.router : undefined;
}
