import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { listenForEvents, type ClusterRepo } from './cluster.repo.js';

/** This process among the cluster's: the holder name of its leases (host, pid and a random part, so a restarted process is a new holder). */
export const PROCESS_ID = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/**
 * What the other processes announce (migration 20261209-31's triggers, at the commit of the write):
 * `jobs` queued, `settings` or the calendar changed, `notifications` written, `index_runs` moved on.
 */
export type ClusterTopic = 'jobs' | 'settings' | 'notifications' | 'index_runs';

type Log = { info: (o: object, m: string) => void; warn: (o: object, m: string) => void; error: (o: object, m: string) => void };

export interface EventBus {
  /** Calls `fn` on each announcement of `topic`, and once after the connection came back (announcements may have been missed). */
  on(topic: ClusterTopic, fn: () => void): () => void;
  /** Whether announcements of the other processes reach this one now (always true with one process on PGlite). */
  readonly listening: boolean;
  stop(): Promise<void>;
}

/**
 * PostgreSQL's LISTEN/NOTIFY as the cluster's event bus: one connection of its own per process, connected
 * again with backoff when it is lost (a database restart), after which every subscriber is called once.
 * Without a database URL (PGlite: one process) nothing else can announce anything and the bus is silent.
 */
export function startEventBus(opts: { databaseUrl?: string; log: Log }): EventBus {
  const subs = new Map<string, Set<() => void>>();
  const call = (topic: string) => {
    for (const fn of subs.get(topic) ?? []) {
      try {
        fn();
      } catch (err) {
        opts.log.error({ err, topic }, 'cluster event handler failed');
      }
    }
  };
  let listening = !opts.databaseUrl;
  let stopped = false;
  let close: (() => Promise<void>) | null = null;
  let retry: NodeJS.Timeout | null = null;
  let delay = 250;
  let everConnected = false;
  const connect = async () => {
    retry = null;
    if (stopped || !opts.databaseUrl) return;
    try {
      close = await listenForEvents(opts.databaseUrl, call, (err) => {
        listening = false;
        close = null;
        if (stopped) return;
        opts.log.warn({ err: err.message }, 'cluster events: connection lost, connecting again');
        retry = setTimeout(connect, delay);
      });
      if (stopped) return void (await close());
      listening = true;
      delay = 250;
      if (everConnected) {
        opts.log.info({}, 'cluster events: listening again');
        for (const topic of subs.keys()) call(topic);
      }
      everConnected = true;
    } catch (err) {
      delay = Math.min(delay * 2, 5000);
      if (!stopped) retry = setTimeout(connect, delay);
      if (delay >= 2000) opts.log.warn({ err: (err as Error).message }, 'cluster events: cannot listen yet');
    }
  };
  void connect();
  return {
    on(topic, fn) {
      if (!subs.has(topic)) subs.set(topic, new Set());
      subs.get(topic)!.add(fn);
      return () => subs.get(topic)!.delete(fn);
    },
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await close?.();
    },
  };
}

/**
 * Runs `run` every `everyMs` in whichever one process of the cluster holds the lease `name` (held for 1.5
 * periods and renewed by its holder at each period): the periodic sweeps and the audit anchoring run once
 * across any number of workers, and another worker takes over within 1.5 periods when the holder stops.
 * Returns the stop function, which waits for a run under way and gives the lease up.
 */
export function runOnceAcrossCluster(opts: { repo: ClusterRepo; name: string; everyMs: number; run: () => Promise<void>; log: Log }): () => Promise<void> {
  const { repo, name, everyMs, log } = opts;
  const leaseSeconds = Math.ceil((everyMs * 1.5) / 1000);
  let running: Promise<void> = Promise.resolve();
  let renewing: Promise<void> = Promise.resolve();
  let busy = false;
  let taking = false;
  let held: boolean | null = null;
  // each period the lease is taken or renewed, also while a long run is still under way (so that it does
  // not run out under it); a new run starts only when the last one is done
  const tick = () => {
    if (taking) return;
    taking = true;
    renewing = (async () => {
      let mine: boolean;
      try {
        mine = await repo.takeLease(name, PROCESS_ID, leaseSeconds);
      } catch (err) {
        // the database cannot be reached: nothing is run, and whoever holds the lease keeps it until it runs out
        return log.error({ err, lease: name }, 'cluster lease: cannot take or renew it');
      } finally {
        taking = false;
      }
      if (mine !== held) log.info({ lease: name, holder: PROCESS_ID }, mine ? 'cluster lease taken: this process runs it' : 'cluster lease held elsewhere');
      held = mine;
      if (!mine || busy) return;
      busy = true;
      running = opts
        .run()
        .catch((err) => log.error({ err, lease: name }, 'cluster lease: its run failed'))
        .finally(() => {
          busy = false;
        });
    })();
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return async () => {
    clearInterval(timer);
    await renewing;
    await running;
    if (held === true) await repo.releaseLease(name, PROCESS_ID).catch(() => undefined);
  };
}
