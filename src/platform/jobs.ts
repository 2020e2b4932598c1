import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { KEEP_PLAN } from '../db/sql.js';
import type { Clock } from './clock.js';

/** Every background job by name, with its payload. */
export interface JobPayloads {
  'photo.derive': { photoId: string };
  /** A two-phase photo's original at its due time: flagged if it has not come (photos/photo-originals.service.ts). */
  'photo.original_overdue': { photoId: string };
  /** A verified original: display copy, thumbnail and hash made from it, duplicates scored again. */
  'photo.render_original': { photoId: string };
  /** Probable duplicates of a new case, across town borders (see case.duplicates.ts). */
  'case.score_duplicates': { caseId: string };
  /** Computes a governance index run (see modules/index). */
  'index.run': { runId: string };
  /** Creates the cases of an uploaded census ledger (see modules/imports). */
  'cases.import': { importId: string };
  /** Runs the supervision rules over a case after a change they read (see modules/alerts). */
  'alerts.evaluate': { caseId: string };
  /** The nightly sweep of the supervision rules over every case, once per China day. */
  'alerts.sweep': { day: string };
}
export type JobName = keyof JobPayloads;
/**
 * A handler per job name and, for some names, one that takes several queued jobs at once (`batch`): the
 * duplicate scoring of a burst of reports then reads, writes and notifies in one statement each for all
 * of them instead of one per job. A batch handler must leave what the one-job handler leaves for each of
 * its jobs; if it throws, the worker runs the jobs one by one (each failing, and retried, on its own).
 */
export type JobHandlers = { [K in JobName]: (payload: JobPayloads[K]) => Promise<void> } & {
  batch?: { [K in JobName]?: (payloads: JobPayloads[K][]) => Promise<void> };
};

/** The most jobs of one name claimed together for a batch handler. */
export const JOB_BATCH_MAX = 32;

interface QueuedJob {
  name: JobName;
  payload: unknown;
  runAt: Date;
  createdAt: Date;
}

/** Queued jobs as one statement (one parameter, however many jobs). */
const insertJobs = (jobs: QueuedJob[]) =>
  sql`insert into jobs (name, payload, run_at, created_at)
    select j->>'name', j->'payload', (j->>'runAt')::timestamptz, (j->>'createdAt')::timestamptz
    from jsonb_array_elements(${JSON.stringify(jobs)}::jsonb) as j returning id`;

/**
 * The jobs table as a queue. `enqueue` writes in the caller's transaction, so a job exists only if
 * the work that asked for it committed. Workers in any number of processes claim with
 * FOR UPDATE SKIP LOCKED; handlers must be idempotent (a crash after the work and before `done`
 * runs the job again).
 */
export function jobQueue(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  // a random part: a restarted process with the same host and pid (pid 1 in a container) must not renew its predecessor's jobs
  const workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  /** The worker started in this process, if any: `nudge` wakes it. */
  let wake: (() => void) | null = null;
  /** Requests under way that will queue jobs (`hold`), and whether a nudge came while there were any. */
  let holds = 0;
  let nudged = false;
  /**
   * Jobs that succeeded but are not yet marked done (the next claim marks them): kept here, not in one
   * drain, so that a claim that fails (the database restarting) does not lose them and leave them running.
   */
  let unmarked: number[] = [];
  /** The jobs this process claimed and has not finished: with `unmarked`, the only ones whose lease it renews. */
  const inFlight = new Set<number>();
  type Claimed = { id: number; name: JobName; payload: any; attempts: number; max_attempts: number };
  return {
    /**
     * Queues a job. In a transaction it is written right before commit, with the transaction's other
     * deferred writes (`db.atCommit`: one statement for all of them); outside one, at once.
     */
    async enqueue<K extends JobName>(name: K, payload: JobPayloads[K], runAt?: Date) {
      const now = clock.now();
      const job: QueuedJob = { name, payload, runAt: runAt ?? now, createdAt: now };
      if (db.inTransaction) db.atCommit('jobs', () => [] as QueuedJob[], insertJobs).push(job);
      else await insertJobs([job]).execute(db.q);
    },
    /**
     * Claims the next due job and, when its name is one of `batchable`, up to `max` − 1 more due jobs of
     * that name (oldest first); none when nothing is due. The jobs in `finished` are marked done in the same
     * statement (one round trip per claim while a queue drains, not two).
     */
    async claim(finished: readonly number[] = [], batchable: readonly JobName[] = [], max = JOB_BATCH_MAX): Promise<Claimed[]> {
      // the injected clock, as `enqueue` stamps run_at with it: a job is due by the same clock that queued it
      const now = clock.now();
      const res = await sql<Claimed>`
        with done as (
          update jobs set status = 'done', finished_at = ${now}, last_error = null where id = any(${[...finished]}::bigint[])
        ), head as (
          select id, name from jobs where status = 'queued' and run_at <= ${now}
          order by run_at, id for update skip locked limit 1
        ), more as (
          select j.id from jobs j join head h on j.name = h.name and j.id <> h.id
          where h.name = any(${[...batchable]}::text[]) and j.status = 'queued' and j.run_at <= ${now}
          order by j.run_at, j.id for update of j skip locked limit ${Math.max(0, max - 1)}
        )
        update jobs set status = 'running', locked_at = ${now}, locked_by = ${workerId}, attempts = attempts + 1
        where id in (select id from head union all select id from more)
        returning id, name, payload, attempts, max_attempts ${KEEP_PLAN}`.execute(db.q);
      const claimed = res.rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id);
      for (const j of claimed) inFlight.add(j.id);
      return claimed;
    },
    async fail(id: number, attempts: number, maxAttempts: number, error: string) {
      const giveUp = attempts >= maxAttempts;
      const now = clock.now();
      // exponential backoff: 2 s, 4 s, 8 s …
      const retryAt = new Date(now.getTime() + 1000 * 2 ** attempts);
      await db.q
        .updateTable('jobs')
        .set({ status: giveUp ? 'failed' : 'queued', run_at: retryAt, last_error: error.slice(0, 2000), finished_at: giveUp ? now : null })
        .where('id', '=', id)
        .execute();
    },
    /** Runs due jobs until none is left (several of a name at once where `handlers.batch` has that name); returns how many ran. */
    async drain(handlers: JobHandlers, log?: { error: (o: object, m: string) => void }): Promise<number> {
      const batch = (handlers.batch ?? {}) as Partial<Record<JobName, (payloads: unknown[]) => Promise<void>>>;
      const batchable = Object.keys(batch) as JobName[];
      let n = 0;
      for (;;) {
        // the jobs that just succeeded are marked done by the statement that claims the next ones; when that
        // statement fails they stay in `unmarked` for the next claim, whichever drain makes it
        const finished = unmarked;
        unmarked = [];
        let jobs: Claimed[];
        try {
          jobs = await this.claim(finished, batchable);
        } catch (err) {
          unmarked = finished.concat(unmarked);
          throw err;
        }
        if (!jobs.length) return n;
        try {
          const many = jobs.length > 1 ? batch[jobs[0].name] : undefined;
          if (many) {
            try {
              await many(jobs.map((j) => j.payload));
              unmarked.push(...jobs.map((j) => j.id));
              n += jobs.length;
              continue;
            } catch (err) {
              log?.error({ err, jobs: jobs.map((j) => j.id), name: jobs[0].name }, 'job batch failed: running its jobs one by one');
            }
          }
          for (const job of jobs) {
            try {
              await (handlers[job.name] as (p: unknown) => Promise<void>)(job.payload);
              unmarked.push(job.id);
            } catch (err) {
              log?.error({ err, job: job.id, name: job.name }, 'job failed');
              await this.fail(job.id, job.attempts, job.max_attempts, err instanceof Error ? err.message : String(err));
            }
            n++;
          }
        } finally {
          // a job whose end could not be written (the database gone) is no longer renewed: its lease runs out
          // and a worker runs it again (handlers are idempotent)
          for (const j of jobs) inFlight.delete(j.id);
        }
      }
    },
    /**
     * Wakes this process's worker (if it runs one) to look for due jobs now instead of at its next poll.
     * Call it after the transaction that enqueued a job has committed: before, the job is not visible.
     * While a `hold` is open the wake waits for the last one to be released (or the next poll).
     */
    nudge() {
      if (holds > 0) nudged = true;
      else wake?.();
    },
    /**
     * Marks a request under way that will queue a job (a patrol report); returns its release. While any
     * is open, nudges wait: when reports arrive in a burst their jobs are claimed together at the poll
     * (at most `intervalMs` later) or when the last report is done, so a batch handler takes them all at
     * once (`JobHandlers.batch`), instead of the worker claiming each as it comes. Release it once, when
     * the request is done (a second call does nothing).
     */
    hold(): () => void {
      holds++;
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        holds--;
        if (holds === 0 && nudged) {
          nudged = false;
          wake?.();
        }
      };
    },
    /**
     * Renews the lock time of the jobs this process runs, and queues again the running jobs whose lock
     * time is older than `leaseSeconds`: their worker died (kill -9, a lost machine) in the middle. A job's
     * handler is idempotent, so running it again finishes it once; a job whose attempts are used up fails.
     * Returns how many were taken back.
     */
    async keepLease(leaseSeconds: number): Promise<number> {
      const now = clock.now();
      // only the jobs under way here: one left running by a drain that failed midway is not renewed
      const running = [...inFlight, ...unmarked];
      if (running.length)
        await db.q.updateTable('jobs').set({ locked_at: now }).where('status', '=', 'running').where('locked_by', '=', workerId).where('id', 'in', running).execute();
      const r = await db.q
        .updateTable('jobs')
        // a job that has used its attempts fails instead (one that kills its worker would go round for ever)
        .set({
          status: sql`case when attempts >= max_attempts then 'failed' else 'queued' end`,
          finished_at: sql`case when attempts >= max_attempts then ${now}::timestamptz end`,
          run_at: now,
          locked_by: null,
          last_error: sql<string>`'worker ' || locked_by || ' stopped while running it'`,
        })
        .where('status', '=', 'running')
        .where('locked_at', '<', new Date(now.getTime() - leaseSeconds * 1000))
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    /**
     * Polls in the background (and drains at once when nudged); returns a stop function. Every quarter of
     * `leaseSeconds` it renews its running jobs' lease and takes back those of dead workers (`keepLease`).
     */
    startWorker(handlers: JobHandlers, log: { error: (o: object, m: string) => void; warn?: (o: object, m: string) => void }, intervalMs = 1000, leaseSeconds = 120) {
      let stopped = false;
      const lease = setInterval(
        () =>
          void this.keepLease(leaseSeconds).then(
            (n) => {
              if (n) {
                log.warn?.({ n }, 'jobs of a stopped worker queued again');
                wake?.();
              }
            },
            (err) => log.error({ err }, 'job lease renewal failed'),
          ),
        Math.max(1000, (leaseSeconds * 1000) / 4),
      );
      lease.unref();
      let busy = false;
      // a nudge while a drain runs: its last claim may have missed the new job, so drain once more
      let again = false;
      let running: Promise<unknown> = Promise.resolve();
      const tick = async () => {
        if (stopped) return;
        clearTimeout(timer);
        busy = true;
        // this drain covers every nudge made so far: a release need not wake the worker for them again
        nudged = false;
        do {
          again = false;
          running = this.drain(handlers, log).catch((err) => log.error({ err }, 'job worker error'));
          await running;
        } while (again && !stopped);
        busy = false;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      };
      let timer = setTimeout(tick, intervalMs);
      wake = () => {
        if (stopped) return;
        if (busy) again = true;
        else void tick();
      };
      return async () => {
        stopped = true;
        wake = null;
        clearTimeout(timer);
        clearInterval(lease);
        await running;
      };
    },
  };
}
export type JobQueue = ReturnType<typeof jobQueue>;
