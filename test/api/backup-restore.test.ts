import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/db/database.js';
import { TEST_DRIVER } from '../support/env.js';
import { emptyPgDatabase, freshPgDatabase, runCli, serverEnv, startServerProcess } from '../support/process-server.js';
import type { BackupManifest } from '../../src/ops/backup.js';

// Item 7 of issue 18: a demo city backed up (PostgreSQL: while its server runs; the embedded database:
// refused while the server runs, then with it stopped), restored into a fresh data dir / database, and
// compared: case counts, every photo's hash, the audit chain's head. A restore onto data is refused
// unless --force.

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});
const tmpDir = (name: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `wwj-${name}-`));
  cleanups.push(async () => fs.rmSync(d, { recursive: true, force: true }));
  return d;
};

/** What must survive: the cases, each photo with its hash, the audit records up to the head. */
async function snapshot(db: Database) {
  const cases = (await db.kysely.selectFrom('cases').select(['id', 'case_no', 'status']).orderBy('id').execute()).map((c) => `${c.id} ${c.case_no} ${c.status}`);
  const photos = (await db.kysely.selectFrom('photos').select(['id', 'sha256', 'blob_key']).orderBy('id').execute()).map((p) => `${p.id} ${p.sha256} ${p.blob_key}`);
  const audit = await db.kysely.selectFrom('audit_log').select(['id', 'hash']).orderBy('id').execute();
  return { cases, photos, audit: audit.map((a) => `${a.id} ${a.hash}`) };
}

const demoEnv = { DEMO: '1', DEMO_CASES: '20', DEMO_PASSWORD: 'backup-Demo-2026' };

test(`backup of a demo city and restore into a fresh ${TEST_DRIVER === 'postgres' ? 'database and data dir (the server running)' : 'data dir (the server stopped)'}`, async () => {
  const dataDir = tmpDir('source');
  let sourceUrl: string | undefined;
  if (TEST_DRIVER === 'postgres') {
    const d = await freshPgDatabase();
    cleanups.push(d.drop);
    sourceUrl = d.url;
  }
  const srv = await startServerProcess(serverEnv(dataDir, sourceUrl, demoEnv));
  cleanups.push(() => srv.stop());
  const sourceEnv = serverEnv(dataDir, sourceUrl, { DEMO: '0' });
  const backupDir = path.join(tmpDir('backups'), 'nightly');

  if (TEST_DRIVER === 'pglite') {
    // one process per embedded data dir: refused while the server runs …
    const refused = runCli(sourceEnv, 'backup', backupDir);
    assert.equal(refused.status, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /backup refused: the data dir .* is in use by process \d+ .*\(server, since .*stop the server first/);
    assert.equal(fs.existsSync(path.join(backupDir, 'manifest.json')), false);
    // … and taken once it is stopped
    await srv.stop();
  }
  const made = runCli(sourceEnv, 'backup', backupDir);
  assert.equal(made.status, 0, made.stdout + made.stderr);
  const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
  assert.equal(manifest.driver, TEST_DRIVER);
  assert.equal(manifest.blobDriver, 'disk');
  assert.ok(manifest.facts.cases >= 20, `cases ${manifest.facts.cases}`);
  assert.ok(manifest.facts.photos > 0 && manifest.facts.audit && manifest.facts.migration);
  assert.deepEqual(Object.keys(manifest.files).sort(), ['blobs.sha256', TEST_DRIVER === 'postgres' ? 'database.dump' : 'database.pglite.tar.gz'].sort());
  // a second backup into the same directory is refused (each backup its own directory)
  const again = runCli(sourceEnv, 'backup', backupDir);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /is not empty/);

  // the source as it was backed up (the PostgreSQL server is still running: nothing it does after the
  // snapshot adds cases or photos; the audit records up to the manifest's head must be the same)
  if (TEST_DRIVER === 'postgres') await srv.stop();
  const src = await openDatabase({ driver: TEST_DRIVER, dataDir, databaseUrl: sourceUrl });
  const before = await snapshot(src);
  await src.close();

  // restore into a fresh data dir (and an empty database)
  const target = tmpDir('target');
  let targetUrl: string | undefined;
  if (TEST_DRIVER === 'postgres') {
    const d = await emptyPgDatabase();
    cleanups.push(d.drop);
    targetUrl = d.url;
  }
  const targetEnv = serverEnv(target, targetUrl, { DEMO: '0' });
  const restored = runCli(targetEnv, 'restore', backupDir);
  assert.equal(restored.status, 0, restored.stdout + restored.stderr);
  for (const what of ['blob files', 'case count', 'photo count', 'audit head', 'audit verify', 'blobs check'])
    assert.match(restored.stdout, new RegExp(`ok +${what}: `), restored.stdout);

  const dst = await openDatabase({ driver: TEST_DRIVER, dataDir: target, databaseUrl: targetUrl });
  const after_ = await snapshot(dst);
  await dst.close();
  assert.equal(after_.cases.length, manifest.facts.cases);
  assert.deepEqual(after_.cases, before.cases, 'the same cases');
  assert.deepEqual(after_.photos, before.photos, 'the same photos with the same hashes');
  const head = `${manifest.facts.audit!.lastId} ${manifest.facts.audit!.hash}`;
  assert.equal(after_.audit.at(-1), head, 'the restored chain ends at the backed-up head');
  assert.deepEqual(after_.audit, before.audit.slice(0, after_.audit.length), 'every restored audit record is the source one');

  // a target that holds data: refused; the same with --force is restored and checked again
  const refused = runCli(targetEnv, 'restore', backupDir);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /restore refused: .*(holds a database or photos|has tables) already.*--force/);
  const forced = runCli(targetEnv, 'restore', backupDir, '--force');
  assert.equal(forced.status, 0, forced.stdout + forced.stderr);
  assert.match(forced.stdout, /every check passed/);

  // a backup whose file changed is refused before anything is touched
  const list = path.join(backupDir, 'blobs.sha256');
  fs.appendFileSync(list, '0'.repeat(64) + '  originals/00/00/nothing.jpg\n');
  const tampered = runCli(serverEnv(tmpDir('target2'), targetUrl, { DEMO: '0' }), 'restore', backupDir);
  assert.equal(tampered.status, 1);
  assert.match(tampered.stderr, /backup file changed: blobs\.sha256/);
});
