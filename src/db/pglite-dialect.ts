import { protocol, type PGlite } from '@electric-sql/pglite';
import { PREPARABLE, valueDependent } from './sql.js';
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
  /** '' for a statement parsed again at each execution (planned for its values), else its name. */
  name: string;
  paramTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

/** Statements after which the kept statements may no longer fit the tables they were parsed against. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop|truncate|comment|grant|revoke|reindex|cluster|discard|deallocate)\b/i;
const MAX_PREPARED = 2000;
/** Transaction control without parameters: one simple-protocol message, no parse or describe. */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release|start\s+transaction|end)\b/i;

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
 * The one connection to PGlite. Every statement is one call into the engine: PGlite's `query()` makes
 * five (parse, describe, bind, describe, execute) and parses the text each time, which costs 3–5 times
 * the statement itself on the small statements a service runs (bench/README.md, "PGlite statements").
 * A statement's parameter types and result columns are learnt once per SQL text. Plain key lookups and
 * writes are kept parsed under a name (bind + execute + sync); statements with value-dependent conditions
 * are parsed and planned again in that same call (see `valueDependent` in sql.ts). Values are serialised and rows
 * parsed by PGlite's own type serialisers and parsers, so results are the same as through `query()`.
 */
class PGliteConnection implements DatabaseConnection {
  release: (() => void) | null = null;
  private readonly prepared = new Map<string, Prepared>();
  /** Names of evicted statements, closed with the next call into the engine. */
  private closing: string[] = [];
  private seq = 0;
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (compiled.parameters.length === 0 && TRANSACTION_CONTROL.test(compiled.sql)) {
      await this.run([protocol.serialize.query(compiled.sql)]);
      return { rows: [] };
    }
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
        if (st.name) this.closing.push(st.name);
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
    const head = st.name ? [] : [protocol.serialize.parse({ name: '', text: compiled.sql, types: st.paramTypes })];
    const msgs = await this.run([...head, protocol.serialize.bind({ statement: st.name, values }), protocol.serialize.execute({}), protocol.serialize.sync()]);
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
    const name = valueDependent(sql) ? '' : `wwj_${++this.seq}`;
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
      if (old.name) this.closing.push(old.name);
    }
    this.prepared.set(sql, st);
    return st;
  }

  /** Drops every kept statement (after a schema change). */
  private forgetAll() {
    for (const st of this.prepared.values()) if (st.name) this.closing.push(st.name);
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

  // biome-ignore lint/correctness/useYield: the driver interface asks for a generator; PGlite cannot stream
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
  async init() {}
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
