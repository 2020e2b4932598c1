import { protocol, type PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A Kysely dialect over one PGlite instance. PGlite is a single connection, so the driver hands it
 * out to one borrower at a time: a transaction holds it from BEGIN to COMMIT, and every other query
 * or transaction waits in a FIFO queue. This is what keeps concurrent requests from interleaving
 * their statements inside somebody else's transaction.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    return prev.then(() => release);
  }
}

/** A statement parsed once under a name, with its parameter types and result columns. */
interface Prepared {
  name: string;
  paramTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

/** Statements worth keeping parsed: data reads and writes (never DDL, transaction control or settings). */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
/** Statements after which the kept statements may no longer fit the tables they were parsed against. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop|truncate|comment|grant|revoke|reindex|cluster|discard|deallocate)\b/i;
const MAX_PREPARED = 2000;

const concat = (parts: Uint8Array[]) => {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/**
 * The one connection to PGlite. Reads and writes run as named prepared statements (parsed once, then
 * bind + execute + sync in a single call into the engine): PGlite's `query()` re-parses every statement
 * and makes five calls into the engine for each, which costs 3–5 times the statement itself on small
 * statements (bench/README.md, "PGlite statements"). Plans stay per execution (`plan_cache_mode =
 * force_custom_plan`, set by the driver), as with node-postgres' unnamed statements on PostgreSQL, so a
 * parameterised LIKE or range still gets the plan for its values. Values are serialised and rows parsed
 * by PGlite's own type serialisers and parsers, so results are the same as through `query()`.
 */
class PGliteConnection implements DatabaseConnection {
  release: (() => void) | null = null;
  private readonly prepared = new Map<string, Prepared>();
  /** Names of evicted statements, closed with the next call into the engine. */
  private closing: string[] = [];
  private seq = 0;
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (!PREPARABLE.test(compiled.sql)) {
      if (SCHEMA_CHANGE.test(compiled.sql)) this.forgetAll();
      const res = await this.pg.query<R>(compiled.sql, compiled.parameters as any[]);
      return this.result(compiled, res.rows, res.affectedRows);
    }
    const st = this.prepared.get(compiled.sql) ?? (await this.prepare(compiled.sql));
    try {
      return await this.execute(compiled, st);
    } catch (e) {
      // a table changed under a kept statement by a path that bypassed this connection: parse it again
      if ((e as { code?: string }).code === '0A000' && /cached plan/.test(String((e as Error).message))) {
        this.prepared.delete(compiled.sql);
        this.closing.push(st.name);
        if (!this.pg.isInTransaction()) return this.execute(compiled, await this.prepare(compiled.sql));
      }
      throw e;
    }
  }

  private async execute<R>(compiled: CompiledQuery, st: Prepared): Promise<QueryResult<R>> {
    const ser = this.pg.serializers as Record<number, (v: unknown) => string>;
    const values = (compiled.parameters as unknown[]).map((v, k) => {
      if (v === null || v === undefined) return null;
      const f = ser[st.paramTypes[k]];
      return f ? f(v) : String(v);
    });
    const msgs = await this.run([protocol.serialize.bind({ statement: st.name, values }), protocol.serialize.execute({}), protocol.serialize.sync()]);
    const parsers = this.pg.parsers as Record<number, (v: string, t: number) => unknown>;
    const rows: any[] = [];
    let affected: number | undefined;
    for (const m of msgs as any[]) {
      if (m.name === 'dataRow') {
        const row: Record<string, unknown> = {};
        for (let k = 0; k < st.fields.length; k++) {
          const f = st.fields[k];
          const v = m.fields[k];
          const parse = parsers[f.dataTypeID];
          row[f.name] = v === null ? null : parse ? parse(v, f.dataTypeID) : v;
        }
        rows.push(row);
      } else if (m.name === 'commandComplete') {
        const words = String(m.text).split(' ');
        if (['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(words[0])) affected = (affected ?? 0) + parseInt(words[words.length - 1], 10);
      }
    }
    return this.result(compiled, rows, affected);
  }

  private result<R>(compiled: CompiledQuery, rows: R[], affected: number | undefined): QueryResult<R> {
    return { rows, ...(affected !== undefined && compiled.query.kind !== 'SelectQueryNode' ? { numAffectedRows: BigInt(affected) } : {}) };
  }

  private async prepare(sql: string): Promise<Prepared> {
    const name = `wwj_${++this.seq}`;
    const msgs = await this.run([protocol.serialize.parse({ name, text: sql }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()]);
    const pd = msgs.find((m) => m.name === 'parameterDescription') as any;
    const rd = msgs.find((m) => m.name === 'rowDescription') as any;
    const st: Prepared = {
      name,
      paramTypes: pd?.dataTypeIDs ?? [],
      fields: (rd?.fields ?? []).map((f: any) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    };
    if (this.prepared.size >= MAX_PREPARED) {
      const [oldest, old] = this.prepared.entries().next().value!;
      this.prepared.delete(oldest);
      this.closing.push(old.name);
    }
    this.prepared.set(sql, st);
    return st;
  }

  /** Drops every kept statement (after a schema change). */
  private forgetAll() {
    for (const st of this.prepared.values()) this.closing.push(st.name);
    this.prepared.clear();
  }

  /** One call into the engine; a database error is thrown after the batch's sync, like `query()` does. */
  private async run(parts: Uint8Array[]) {
    if (this.closing.length) {
      parts = [...this.closing.map((name) => protocol.serialize.close({ type: 'S', name })), ...parts];
      this.closing = [];
    }
    const msg = concat(parts);
    // inside PGlite's own queue too, in case something uses the instance directly (snapshots, tests)
    const res = await (this.pg as unknown as { _runExclusiveQuery<T>(f: () => Promise<T>): Promise<T> })._runExclusiveQuery(() => this.pg.execProtocol(msg));
    return res.messages;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on PGlite');
  }
}

class PGliteDriver implements Driver {
  private readonly mutex = new Mutex();
  private readonly conn: PGliteConnection;
  constructor(private readonly pg: PGlite) {
    this.conn = new PGliteConnection(pg);
  }
  async init() {
    // kept statements are planned for each execution's values, as unnamed ones are (see PGliteConnection)
    await this.pg.exec('set plan_cache_mode = force_custom_plan');
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock();
    this.conn.release = release;
    return this.conn;
  }
  async beginTransaction(c: DatabaseConnection, s: TransactionSettings) {
    let q = 'begin';
    if (s.isolationLevel) q += ` isolation level ${s.isolationLevel}`;
    if (s.accessMode) q += ` ${s.accessMode}`;
    await c.executeQuery(CompiledQuery.raw(q));
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async savepoint(c: DatabaseConnection, name: string) {
    await c.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string) {
    await c.executeQuery(CompiledQuery.raw(`rollback to savepoint "${name}"`));
  }
  async releaseSavepoint(c: DatabaseConnection, name: string) {
    await c.executeQuery(CompiledQuery.raw(`release savepoint "${name}"`));
  }
  async releaseConnection(c: DatabaseConnection) {
    const conn = c as PGliteConnection;
    const r = conn.release;
    conn.release = null;
    r?.();
  }
  async destroy() {
    await this.pg.close();
  }
}
