import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/**
 * A streaming replica for reads that tolerate seconds of lag (`DATABASE_READ_URL`; docs/scale.md, "The read
 * replica"). The router decides, per query, whether the replica may answer:
 *
 * - **Fresh.** Every second it reads the primary's WAL position (`pg_current_wal_lsn()`) and the replica's
 *   replayed position (`pg_last_wal_replay_lsn()`). `freshAt` is the time of the latest primary sample the
 *   replica has replayed up to: every transaction that committed before `freshAt` is on the replica. When
 *   `freshAt` is older than the allowed lag, nobody reads the replica.
 * - **Read your own writes.** A request carries when its session last wrote (`wroteAt`: a cookie the web
 *   process sets after each write request, so another process behind nginx knows it too; and in memory by
 *   token for clients without cookies). It reads the replica only when that write is older than `freshAt`
 *   by a second (for the clocks of two machines), i.e. the replica holds it. A write request reads the primary.
 * - **Down.** A replica that cannot be reached, or a query that meets a closed connection or a recovery
 *   conflict, goes to the primary with one log line; the probe finds it again when it is back.
 */

/** What the current request says about its session's writes (src/platform/read-routing.ts sets it). */
export interface ReadContext {
  /** A request that writes (POST, PUT, PATCH, DELETE): all its reads go to the primary. */
  writes: boolean;
  /** When the session last wrote (ms since the epoch, after its commit), if recently. */
  wroteAt?: number;
}

export const readContext = new AsyncLocalStorage<ReadContext>();

/** The margin between a session's write and what the replica is known to hold (clock skew between machines). */
export const SKEW_MS = 1000;
const PROBE_MS = 1000;
const PROBE_TIMEOUT_MS = 3000;

/** 'X/Y' (a pg_lsn as text) → a number of bytes. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** Errors after which a read is sent to the primary instead: the replica is gone, or cancelled the read. */
export function isReplicaFailure(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (!e || typeof e !== 'object') return false;
  if (e.code && /^(08|57P0[1-4]|53300|40001)/.test(e.code)) return true; // connection, shutdown/starting, too many connections, recovery conflict
  if (e.code && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/.test(e.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(e.message ?? '');
}

export class ReplicaRouter {
  readonly pool: pg.Pool;
  private readonly primary: pg.Pool;
  private readonly maxLagMs: number;
  private samples: { t: number; lsn: bigint }[] = [];
  private up = false;
  private lagging = false;
  private downSince: number | null = null;
  /** Every transaction that committed before this time (ms) is on the replica. */
  freshAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private probing: Promise<void> | null = null;
  private readonly log: (msg: string) => void;

  constructor(opts: { primary: pg.Pool; url: string; poolSize: number; maxLagMs: number; log?: (msg: string) => void }) {
    this.primary = opts.primary;
    this.maxLagMs = opts.maxLagMs;
    this.log = opts.log ?? ((m) => console.warn(`[db] ${m}`));
    // a replica that does not answer a connection in 2 s is treated as down (its reads go to the primary)
    this.pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize, idleTimeoutMillis: 10 * 60_000, connectionTimeoutMillis: 2000, allowExitOnIdle: true });
    this.pool.on('error', (err) => this.down(err));
    this.pool.on('connect', (client) => {
      client.on('error', (err) => this.down(err));
      this.fallBackToPrimary(client);
    });
  }

  /** Whether a read in this context may go to the replica now. */
  usable(ctx: ReadContext | undefined): boolean {
    if (!this.up || this.lagging) return false;
    if (this.freshAt < Date.now() - this.maxLagMs) return false;
    if (ctx?.writes) return false;
    if (ctx?.wroteAt !== undefined && ctx.wroteAt + SKEW_MS >= this.freshAt) return false;
    return true;
  }

  /** What nginx-facing code reports about the replica (health, logs). */
  get state(): 'up' | 'lagging' | 'down' {
    return !this.up ? 'down' : this.lagging || this.freshAt < Date.now() - this.maxLagMs ? 'lagging' : 'up';
  }

  start(): void {
    const tick = () => {
      this.probing = this.probe().finally(() => {
        this.probing = null;
        if (this.timer) this.timer = setTimeout(tick, PROBE_MS).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.probing;
    await this.pool.end().catch(() => undefined);
  }

  /** The replica failed a read or a connection: reads go to the primary until the next probe finds it again. */
  down(err: unknown): void {
    if (this.up || this.downSince === null) this.log(`read replica unreachable, reads go to the primary: ${(err as Error)?.message ?? err}`);
    this.up = false;
    this.downSince ??= Date.now();
  }

  private async probe(): Promise<void> {
    const t = Date.now();
    let primaryLsn: bigint;
    try {
      const r = await this.primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      primaryLsn = parseLsn(r.rows[0].lsn);
    } catch {
      return; // the primary is down: nothing to compare with (its own errors are reported where it is used)
    }
    this.samples.push({ t, lsn: primaryLsn });
    const keepFrom = Date.now() - this.maxLagMs - 10_000;
    while (this.samples.length > 2 && this.samples[0].t < keepFrom) this.samples.shift();
    let replay: { recovering: boolean; lsn: string | null };
    try {
      const r = await withTimeout(
        this.pool.query<{ recovering: boolean; lsn: string | null }>('select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as lsn'),
        PROBE_TIMEOUT_MS,
      );
      replay = r.rows[0];
    } catch (err) {
      this.down(err);
      return;
    }
    if (!replay.recovering) {
      // not a standby (the primary itself, or one promoted): it holds every commit
      this.freshAt = t;
    } else if (replay.lsn) {
      const lsn = parseLsn(replay.lsn);
      for (const s of this.samples) if (s.lsn <= lsn && s.t > this.freshAt) this.freshAt = s.t;
    }
    if (!this.up) {
      this.log(this.downSince === null ? 'read replica connected' : `read replica back after ${Math.round((Date.now() - this.downSince) / 1000)} s`);
      this.up = true;
      this.downSince = null;
    }
    const lagging = this.freshAt < Date.now() - this.maxLagMs;
    if (lagging !== this.lagging) {
      this.log(lagging ? `read replica more than ${this.maxLagMs / 1000} s behind, reads go to the primary` : 'read replica caught up');
      this.lagging = lagging;
    }
  }

  /**
   * The pool the replica's Kysely uses: a replica connection (whose queries that fail for the replica's sake —
   * closed, refused, cancelled by a recovery conflict — run again on the primary), or the primary's connection
   * when the replica refuses one. Kysely runs a read outside a transaction on a connection of its own.
   */
  fallbackPool() {
    return {
      connect: async (): Promise<pg.PoolClient> => {
        try {
          return await this.pool.connect();
        } catch (err) {
          this.down(err);
          return this.primary.connect();
        }
      },
      // the replica's pool ends with the router (Database.close)
      end: async () => undefined,
    };
  }

  /** A replica connection's queries that fail for the replica's sake run again on the primary. */
  private fallBackToPrimary(client: pg.PoolClient) {
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as { query: unknown }).query = (text: unknown, values?: unknown, cb?: unknown) => {
      const r = query(text, values, cb);
      if (!(r instanceof Promise)) return r; // a cursor or a callback: as it is
      return r.catch((err) => {
        if (!isReplicaFailure(err)) throw err;
        this.down(err);
        return this.primary.query(text as string, values as unknown[]);
      });
    };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
