import fs from 'node:fs';
import { loadConfig, ConfigError } from './config.js';
import { openDatabase, pgliteDataExists, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createDeps } from './deps.js';
import { buildApp } from './app.js';
import { seedDemoIfEmpty } from './demo/demo.seed.js';
import { claimDataDir } from './ops/datadir.js';
import type { BlobStore } from './platform/blobs.js';
import { runOnceAcrossCluster, startEventBus } from './platform/cluster.js';
import { clusterRepo } from './platform/cluster.repo.js';

// Composition root: config → database → dependencies → app → listen (+ worker).
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const t0 = Date.now();
  const log = (m: string) => console.log(`[wuweijian] ${((Date.now() - t0) / 1000).toFixed(1)}s ${m}`);
  // the embedded data dir is this process's while it runs: a second server, backup or restore refuses it
  const releaseDataDir = config.databaseDriver === 'pglite' ? claimDataDir(config.dataDir, 'server') : () => {};
  let db: Database;
  if (config.databaseDriver === 'pglite' && config.demo && !pgliteDataExists(config.dataDir)) {
    // A new embedded database with the demo city: build it in memory (about twice as fast as
    // through the file system), then write the data dir once from its snapshot.
    log('new data dir: building the demo city in memory');
    const mem = await openDatabase({ driver: 'pglite', inMemory: true });
    await migrateToLatest(mem);
    log('schema ready');
    await seedDemoIfEmpty(createDeps(config, mem), { log, bulkIndexes: true });
    const snapshot = await mem.pglite!.dumpDataDir('none');
    await mem.close();
    log(`writing ${config.dataDir}`);
    db = await openDatabase({ driver: 'pglite', dataDir: config.dataDir, loadDataDir: snapshot });
    log('database ready');
  } else {
    db = await openDatabase({
      driver: config.databaseDriver,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      poolSize: config.databasePoolSize,
      readUrl: config.databaseReadUrl,
      readMaxLagSeconds: config.databaseReadMaxLagSeconds,
    });
    const applied = await migrateToLatest(db);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    if (config.demo) await seedDemoIfEmpty(createDeps(config, db), { log });
  }
  const deps = createDeps(config, db);
  // temporary files of photo writes a crash interrupted (disk driver), in the background
  (deps.blobs as BlobStore).removeTempFiles?.().then(
    (n) => log(`blob store: ${n} temporary file(s) of interrupted writes removed`),
    (err) => console.error('removing temporary blob files failed', err),
  );
  // display copies and thumbnails a crash cut short (written without waiting for the disk), rendered again
  deps.services.photos.repairCopies().then(
    (r) => r.repaired + r.unrepairable > 0 && log(`photo copies: ${r.repaired} rendered again, ${r.unrepairable} cut short and older than their watermark lines`),
    (err) => console.error('checking photo copies failed', err),
  );
  const app = await buildApp(deps);
  // The other processes' announcements (PostgreSQL LISTEN/NOTIFY; docs/scale.md): the settings' cache is
  // dropped when any process changed them, and a worker wakes up for jobs a web process queued.
  const bus = startEventBus({ databaseUrl: config.databaseUrl, log: app.log });
  bus.on('settings', () => deps.services.settings.invalidate());
  if (config.runWorker) bus.on('jobs', () => deps.jobs.nudge());
  const stopJobs = config.runWorker ? deps.jobs.startWorker(deps.jobHandlers, app.log, 1000, config.jobLeaseSeconds) : async () => {};
  // periodic sweeps: deferred cases whose review date has come, overdue cases
  const sweep = async () => {
    await deps.services.cases.reviewDue().then(
      (n) => n && app.log.info({ n }, 'deferred cases due for review'),
      (err) => app.log.error({ err }, 'review sweep failed'),
    );
    // overdue cases get supervision notices (督办单); late replies and repeated overdue go to the city
    await deps.services.supervision.sweepOverdue().then(
      (r) => (r.issued || r.escalated) && app.log.info(r, 'overdue sweep'),
      (err) => app.log.error({ err }, 'overdue sweep failed'),
    );
    // deadlines two working days away: one in-app reminder per case, step and deadline
    await deps.services.supervision.remindApproaching().then(
      (r) => (r.cases || r.tasks) && app.log.info(r, 'deadline reminders'),
      (err) => app.log.error({ err }, 'reminder sweep failed'),
    );
    // from 02:00 China time, the first worker to get there queues the night's sweep of the supervision rules
    await deps.services.alerts.scheduleNightly().catch((err) => app.log.error({ err }, 'alert sweep scheduling failed'));
  };
  // the sweeps and the audit anchoring run in one worker of the cluster at a time (a lease in the database)
  const cluster = clusterRepo(db);
  const stopSweeps = config.runWorker ? runOnceAcrossCluster({ repo: cluster, name: 'sweep', everyMs: config.sweepSeconds * 1000, run: sweep, log: app.log }) : async () => {};
  // the audit chain's head anchored in the blob store every AUDIT_ANCHOR_MINUTES when it moved
  const stopAnchors = config.runWorker
    ? runOnceAcrossCluster({
        repo: cluster,
        name: 'audit-anchor',
        everyMs: config.auditAnchorMinutes * 60_000,
        run: async () => void (await deps.services.audit.anchorIfMoved()),
        log: app.log,
      })
    : async () => {};
  const stopWorker = async () => {
    await stopSweeps();
    await stopAnchors();
    await stopJobs();
    await bus.stop();
  };
  const address = await app.listen({ host: config.host, port: config.port });
  // PORT=0 takes a free port; this line says which (the test and bench helpers read it)
  log(`listening on ${address}${config.runWorker ? '' : ' (web only: RUN_WORKER=0)'}`);
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ sig }, 'stopping');
    await stopWorker();
    await app.close();
    await (deps.blobs as BlobStore).flush?.();
    await db.close();
    releaseDataDir();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
