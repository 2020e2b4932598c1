import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_DRIVER } from '../support/env.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { demoAccount, freshPgDatabase, runCli, serverEnv, startServerProcess, tempFiles, type ServerProcess } from '../support/process-server.js';
import { DEMO_TOWN, loadDemoDivisions } from '../../src/demo/demo.seed.js';

// Item 6 of issue 18: the server is killed (SIGKILL) while photos are being uploaded in parallel, started
// again on the same data, and every upload that was answered 2xx has its photo row and its files with the
// right hash (through the API and `blobs check`), and no temporary file is left in the blob store.

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

const REPORTS = 30;
const PARALLEL = 6;
/** Kill once this many uploads were acknowledged (the others are in flight or not sent yet). */
const KILL_AFTER = 8;

test(`kill -9 during parallel uploads (${TEST_DRIVER}): every acknowledged photo is intact after a restart, no temporary file is left`, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-durable-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  let databaseUrl: string | undefined;
  if (TEST_DRIVER === 'postgres') {
    const d = await freshPgDatabase();
    cleanups.push(d.drop);
    databaseUrl = d.url;
  }
  const env = serverEnv(dataDir, databaseUrl, { DEMO: '1', DEMO_CASES: '20', DEMO_PASSWORD: 'durable-Demo-2026' });
  let srv: ServerProcess = await startServerProcess(env);
  cleanups.push(() => srv.stop());
  const inspector = demoAccount(dataDir, 'inspector');
  const login = await fetch(`${srv.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(inspector) });
  assert.equal(login.status, 200, await login.clone().text());
  const { token } = (await login.json()) as { token: string };

  // reports inside the inspector's town (新埭镇), one distinct photo each, bodies made before the clock starts
  const villages = loadDemoDivisions().filter((f) => f.properties.parent_code === DEMO_TOWN);
  const bodies: { payload: Buffer; headers: Record<string, string>; sha256: string }[] = [];
  for (let i = 0; i < REPORTS; i++) {
    const [lon, lat] = villages[i % villages.length].properties.centroid;
    const img = await jpegWithExif({ lon, lat, at: new Date(Date.now() - 60_000), seed: 900 + i, width: 2000, height: 1500 });
    const mp = multipart({ clientId: randomUUID(), lon: String(lon), lat: String(lat), accuracy: '8', category: 'shed' }, [
      { name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: img },
    ]);
    bodies.push({ ...mp, sha256: createHash('sha256').update(img).digest('hex') });
  }
  const acked: { caseId: string; photoId: string; sha256: string }[] = [];
  let failed = 0;
  let next = 0;
  let killing: Promise<void> | null = null;
  const killedPid = srv.child.pid!;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < bodies.length && !killing) {
        const b = bodies[next++];
        try {
          const r = await fetch(`${srv.base}/api/cases`, { method: 'POST', headers: { ...b.headers, authorization: `Bearer ${token}` }, body: b.payload });
          const body = (await r.json()) as { id: string; photos: { id: string; sha256: string }[] };
          if (r.status >= 200 && r.status < 300) {
            assert.equal(body.photos[0].sha256, b.sha256);
            acked.push({ caseId: body.id, photoId: body.photos[0].id, sha256: b.sha256 });
            if (acked.length >= KILL_AFTER && !killing) killing = srv.kill();
          } else failed++;
        } catch {
          failed++; // the connection died with the server
        }
      }
    }),
  );
  await killing;
  assert.ok(acked.length >= KILL_AFTER, `acknowledged before the kill: ${acked.length}`);
  const leftBehind = tempFiles(path.join(dataDir, 'blobs'));
  // a temporary file of the killed process, as a put cut short leaves it (whether or not the kill left real ones)
  const host = os
    .hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-');
  const planted = path.join(dataDir, 'blobs', 'originals', 'ff', 'ff', `ffff.jpg.${killedPid}-${host}.${randomUUID()}.tmp`);
  fs.mkdirSync(path.dirname(planted), { recursive: true });
  fs.writeFileSync(planted, 'half a photo');
  console.log(`# ${acked.length} acknowledged, ${failed} cut off or refused, ${leftBehind.length} temporary file(s) the kill left, 1 planted`);

  // start again on the same data dir / database
  srv = await startServerProcess(env);
  const sweep = await srv.waitFor(/blob store: \d+ temporary file\(s\) of interrupted writes removed/);
  assert.equal(Number(/(\d+) temporary/.exec(sweep)![1]), leftBehind.length + 1, sweep);
  assert.deepEqual(tempFiles(path.join(dataDir, 'blobs')), [], 'no temporary file left');

  // every acknowledged photo through the API: its row, and its original's bytes with the right hash
  const login2 = await fetch(`${srv.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(inspector) });
  const auth = { authorization: `Bearer ${((await login2.json()) as { token: string }).token}` };
  for (const a of acked) {
    const photos = (await (await fetch(`${srv.base}/api/cases/${a.caseId}/photos`, { headers: auth })).json()) as { items: { id: string; sha256: string }[] };
    assert.deepEqual(
      photos.items.map((p) => [p.id, p.sha256]),
      [[a.photoId, a.sha256]],
    );
    for (const variant of ['original', 'display', 'thumbnail']) {
      const r = await fetch(`${srv.base}/api/photos/${a.photoId}/${variant}`, { headers: auth });
      assert.equal(r.status, 200, `${variant} of ${a.photoId}`);
      const bytes = Buffer.from(await r.arrayBuffer());
      if (variant === 'original') assert.equal(createHash('sha256').update(bytes).digest('hex'), a.sha256);
      else assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], `${variant}: a JPEG`);
    }
  }

  // blobs check over every photo row (the demo's and the uploads'); on PGlite only once the server is stopped
  const cliEnv = serverEnv(dataDir, databaseUrl, { DEMO: '0' });
  if (TEST_DRIVER === 'pglite') {
    const refused = runCli(cliEnv, 'blobs', 'check');
    assert.equal(refused.status, 1, 'PGlite: refused while the server holds the data dir');
    assert.match(refused.stderr, /in use by process \d+ .*stop the server first/);
    await srv.stop();
  }
  const check = runCli(cliEnv, 'blobs', 'check');
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /blobs OK: \d+ photos/);
  console.log(`# ${check.stdout.trim()}`);
});
