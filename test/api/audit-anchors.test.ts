import { after, before, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { caseBody, CITY, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { ManualClock } from '../../src/platform/clock.js';
import { auditHash, type StoredAuditRow } from '../../src/modules/audit/audit.chain.js';
import { ANCHOR_PREFIX, parseAnchor, type AuditAnchor } from '../../src/modules/audit/audit.anchor.js';

/**
 * Tamper evidence that reaches the end of the chain (issue 18, item 5): the chain's head is anchored in the
 * blob store by the periodic job and by each monthly report, and `audit verify` compares the chain with the
 * anchors. The tampering is done as the database's superuser would: SQL straight into audit_log.
 */
let t: TestContext;
const clock = new ManualClock(new Date('2026-12-06T02:00:00.000Z'));
/** The services on a clock the test moves (anchor keys carry the time). */
let timed: Deps;

before(async () => {
  t = await createTestContext();
  timed = createDeps(t.deps.config, t.db, { clock });
});
after(() => t.close());

const verify = async () => {
  const r = await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
const anchorKeys = () => t.deps.blobs.list(ANCHOR_PREFIX);
const readAnchor = async (key: string) => parseAnchor(key, (await t.deps.blobs.get(key)).toString('utf8')) as AuditAnchor;
const head = async () => t.db.q.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
let nextPoint = 0;
const newCase = async () => {
  const r = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, nextPoint++ % 6)) });
  assert.equal(r.statusCode, 201, r.body);
};
const tick = (ms = 1000) => clock.set(new Date(clock.now().getTime() + ms));
/** Waits for a state (never a fixed sleep): polls until `f` returns true or 20 s pass. */
async function until(what: string, f: () => Promise<boolean>) {
  const end = Date.now() + 20_000;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}
/** The rows of audit_log from id on, as stored (to put back after a deletion). */
const rowsFrom = (id: number) => t.db.q.selectFrom('audit_log').selectAll().where('id', '>=', id).orderBy('id').execute();
async function putBack(rows: Awaited<ReturnType<typeof rowsFrom>>) {
  for (const r of rows) {
    await t.db.q
      .insertInto('audit_log')
      .values({ ...r, before: r.before === null ? null : JSON.stringify(r.before), after: r.after === null ? null : JSON.stringify(r.after) })
      .execute();
  }
}
/** `audit verify` from the command line against this test's database and blob store (PostgreSQL: a second process). */
function cli() {
  const env = { ...process.env, DATABASE_URL: t.databaseUrl!, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' };
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'audit', 'verify'], { encoding: 'utf8', env });
}

test('the periodic job anchors the head when it moved, and only then; an intact chain with anchors verifies', async () => {
  const none = await verify();
  assert.equal(none.ok, true, JSON.stringify(none));
  assert.deepEqual(none.anchors, { count: 0, latest: null });

  const a1 = await timed.services.audit.anchorIfMoved();
  assert.ok(a1, 'an anchor is written for the first head');
  const h1 = await head();
  assert.equal(a1.lastId, h1.id);
  assert.equal(a1.hash, h1.hash);
  assert.equal(a1.reason, 'periodic');
  assert.match(a1.key, /^audit-anchors\/2026\/12\/20261206t020000000z-\d+\.json$/);
  // the copy in the blob store is the anchor (verification reads it, not the database)
  assert.deepEqual(await anchorKeys(), [a1.key]);
  const stored = JSON.parse((await t.deps.blobs.get(a1.key)).toString('utf8'));
  assert.equal(stored.lastId, h1.id);
  assert.equal(stored.hash, h1.hash);
  assert.equal(stored.count, Number((await sql<{ n: number }>`select count(*) as n from audit_log`.execute(t.db.q)).rows[0].n));

  // the head did not move: no second anchor, in this process nor in another one (which reads the blob store)
  tick(5 * 60_000);
  assert.equal(await timed.services.audit.anchorIfMoved(), null);
  const otherProcess = createDeps(t.deps.config, t.db, { clock });
  assert.equal(await otherProcess.services.audit.anchorIfMoved(), null);
  assert.equal((await anchorKeys()).length, 1);

  // it moved: a new anchor names the new head
  await newCase();
  tick(5 * 60_000);
  const a2 = await otherProcess.services.audit.anchorIfMoved();
  assert.ok(a2);
  assert.equal(a2.lastId, (await head()).id);
  assert.ok(a2.lastId > a1.lastId);
  assert.equal((await anchorKeys()).length, 2);

  const v = await verify();
  assert.equal(v.ok, true, JSON.stringify(v));
  assert.equal(v.anchors.count, 2);
  assert.equal(v.anchors.latest.lastId, a2.lastId);
  assert.equal(v.anchors.latest.hash, a2.hash);
});

test('the server’s timer anchors every AUDIT_ANCHOR_MINUTES, not before (the clock driven, no sleep)', async () => {
  const d = createDeps({ ...t.deps.config, auditAnchorMinutes: 5 }, t.db, { clock });
  mock.timers.enable({ apis: ['setInterval'] });
  const errors: object[] = [];
  let stop: (() => Promise<void>) | null = null;
  try {
    await newCase();
    const before = (await anchorKeys()).length;
    tick();
    // at start: the head moved since the last anchor, so one is written at once
    stop = d.services.audit.startAnchoring({ error: (o) => errors.push(o) });
    await until('the anchor at start', async () => (await anchorKeys()).length === before + 1);
    const atStart = await readAnchor((await anchorKeys()).at(-1)!);
    assert.equal(atStart.lastId, (await head()).id);

    await newCase();
    tick();
    mock.timers.tick(4 * 60_000 + 59_000);
    // the interval has not come: the moved head is not anchored yet
    assert.equal((await anchorKeys()).length, before + 1);
    mock.timers.tick(1000);
    await until('the anchor after 5 minutes', async () => (await anchorKeys()).length === before + 2);
    assert.equal((await readAnchor((await anchorKeys()).at(-1)!)).lastId, (await head()).id);

    // five more minutes with nothing new: nothing written
    tick();
    mock.timers.tick(5 * 60_000);
    await until('the tick to finish', async () => (await d.services.audit.anchorIfMoved()) === null);
    assert.equal((await anchorKeys()).length, before + 2);
  } finally {
    await stop?.();
    mock.timers.reset();
  }
  assert.deepEqual(errors, []);
});

test('records deleted from the end are reported as truncation naming the missing range; put back, the chain verifies', async () => {
  await newCase();
  await newCase();
  tick();
  const a = (await timed.services.audit.anchorIfMoved())!;
  const m = a.lastId;
  const kept = await t.db.q.selectFrom('audit_log').select('id').where('id', '<', m).orderBy('id', 'desc').limit(3).execute();
  const n = kept[2].id; // the last record that stays: the three after it go
  const gone = await rowsFrom(n + 1);
  assert.equal(gone.length, 3);
  assert.equal((await verify()).ok, true);

  await sql`delete from audit_log where id > ${n}`.execute(t.db.q);
  const v = await verify();
  assert.equal(v.ok, false, JSON.stringify(v));
  assert.equal(v.problem, 'truncated');
  assert.equal(v.firstBrokenId, n + 1);
  assert.equal(v.intactUpTo, n);
  assert.equal(v.anchor.key, a.key);
  assert.match(v.message, new RegExp(`审计链末尾 #${n} 之后的记录缺失:2026-12-06 \\d\\d:\\d\\d:\\d\\d 的链锚点表明审计链已到 #${m}`));
  // the chain by itself still holds: only the anchor shows what is gone
  assert.equal(v.checked, (await t.db.q.selectFrom('audit_log').select('id').execute()).length);
  if (t.databaseUrl) {
    const r = cli();
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`BROKEN at record #${n + 1} \\(truncated\\): 审计链末尾 #${n} 之后的记录缺失`));
  }

  await putBack(gone);
  const back = await verify();
  assert.equal(back.ok, true, JSON.stringify(back));
  if (t.databaseUrl) {
    const r = cli();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /audit chain OK: \d+ records, head #\d+ [0-9a-f]{16}…; \d+ anchors, the newest .* at #\d+, all agree/);
  }
});

test('records deleted from the end and the chain continued: the anchored record is missing, the range named', async () => {
  tick();
  const a = (await timed.services.audit.anchorIfMoved()) ?? (await timed.services.audit.anchor('periodic'))!;
  const n = a.lastId - 2;
  const gone = await rowsFrom(n + 1);
  await sql`delete from audit_log where id > ${n}`.execute(t.db.q);
  // the application goes on appending after the shortened head: the chain's links hold again
  await newCase();
  assert.ok((await head()).id > a.lastId);
  const v = await verify();
  assert.equal(v.ok, false, JSON.stringify(v));
  assert.equal(v.problem, 'records_missing');
  assert.equal(v.firstBrokenId, n + 1);
  assert.equal(v.intactUpTo, n);
  assert.match(v.message, new RegExp(`审计记录 #${a.lastId} 已不存在:.*#${n} 之后至 #${a.lastId} 的记录被删除`));

  // put back as it was (the records appended since removed): intact again
  await sql`delete from audit_log where id > ${n}`.execute(t.db.q);
  await putBack(gone);
  assert.equal((await verify()).ok, true);
});

/** Rewrites a record and re-hashes every record after it, as someone who knows the (public) hash rule would. */
async function rewriteAndRehash(id: number, actorName: string) {
  const rows = await t.deps.repos.audit.page(id - 1, 100_000);
  let prev = rows[0].prevHash;
  for (const r of rows) {
    const row: StoredAuditRow = { ...r, actorName: r.id === id ? actorName : r.actorName, prevHash: prev };
    const hash = auditHash(prev, row);
    await sql`update audit_log set actor_name = ${row.actorName}, prev_hash = ${prev}, hash = ${hash} where id = ${r.id}`.execute(t.db.q);
    prev = hash;
  }
}

test('an anchored record changed and the chain re-hashed after it is reported; edited without re-hashing, the chain names it first', async () => {
  await newCase();
  tick();
  const older = (await timed.services.audit.anchorIfMoved())!;
  await newCase();
  tick();
  const newer = (await timed.services.audit.anchorIfMoved())!;
  const target = (await t.db.q.selectFrom('audit_log').select('id').where('id', '>', older.lastId).orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
  const saved = await rowsFrom(target);

  // re-hashed: every link and hash holds, but the newer anchor's record now has another hash
  await rewriteAndRehash(target, 'someone_else');
  const v = await verify();
  assert.equal(v.ok, false, JSON.stringify(v));
  assert.equal(v.problem, 'anchor_mismatch');
  assert.equal(v.firstBrokenId, newer.lastId);
  assert.equal(v.intactUpTo, older.lastId);
  assert.match(v.message, new RegExp(`审计记录 #${newer.lastId} 与 .* 的链锚点不符.*#${older.lastId} 之后、#${newer.lastId} 及之前的记录被改动后重算了哈希`));

  // edited in place only: the chain's own finding names the record itself, before the anchor's
  await sql`delete from audit_log where id >= ${target}`.execute(t.db.q);
  await putBack(saved);
  assert.equal((await verify()).ok, true, 'put back');
  await sql`update audit_log set actor_name = 'someone_else' where id = ${target}`.execute(t.db.q);
  const e = await verify();
  assert.equal(e.problem, 'hash_mismatch');
  assert.equal(e.firstBrokenId, target);

  await sql`update audit_log set actor_name = ${saved[0].actor_name} where id = ${target}`.execute(t.db.q);
  assert.equal((await verify()).ok, true);
});

test('an anchor that cannot be read is reported; a file under another name beside the anchors is not an anchor', async () => {
  const key = `${ANCHOR_PREFIX}2026/12/20261206t235959999z-1.json`;
  await t.deps.blobs.put(key, Buffer.from('{"kind":"wuweijian.audit-anchor","lastId":1}'));
  const v = await verify();
  assert.equal(v.ok, false);
  assert.equal(v.problem, 'anchor_invalid');
  assert.match(v.message, /链锚点 audit-anchors\/2026\/12\/20261206t235959999z-1\.json 无法读取\(缺少哈希\)/);
  await t.deps.blobs.delete(key);
  await t.deps.blobs.put(`${ANCHOR_PREFIX}readme.txt`, Buffer.from('not an anchor'));
  assert.equal((await verify()).ok, true);
  await t.deps.blobs.delete(`${ANCHOR_PREFIX}readme.txt`);
});

test('each monthly report PDF writes an anchor at that moment and prints it; a refused report writes none', async () => {
  const before = await anchorKeys();
  const month = new Date(Date.now() - 40 * 86400_000).toISOString().slice(0, 7);
  const r = await t.req('city', { method: 'GET', url: `/api/reports/monthly.pdf?division=${CITY}&month=${month}` });
  assert.equal(r.statusCode, 200, r.body);
  const added = (await anchorKeys()).filter((k) => !before.includes(k));
  assert.equal(added.length, 1);
  const a = await readAnchor(added[0]);
  assert.equal(a.reason, 'monthly_report');
  assert.equal(a.note, `${CITY} ${month}`);
  assert.equal(a.lastId, (await head()).id);
  const f = path.join(t.dataDir, 'report.pdf');
  fs.writeFileSync(f, r.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  assert.ok(text.includes(`审计链锚点:第${a.lastId}条,哈希${a.hash}(${a.key})`), text.slice(0, 600));

  // the head did not move, yet the next report writes its own anchor: each report's moment is on record
  const again = await t.req('city', { method: 'GET', url: `/api/reports/monthly.pdf?division=${CITY}&month=${month}` });
  assert.equal(again.statusCode, 200);
  assert.equal((await anchorKeys()).length, before.length + 2);
  // refused (another town's report for a town officer; a malformed month): no anchor
  const refused = await t.req('officer_a', { method: 'GET', url: `/api/reports/monthly.pdf?division=${CITY}&month=${month}` });
  assert.equal(refused.statusCode, 404);
  const bad = await t.req('city', { method: 'GET', url: '/api/reports/monthly.pdf?month=2026-13' });
  assert.equal(bad.statusCode, 400);
  assert.equal((await anchorKeys()).length, before.length + 2);
  assert.equal((await verify()).ok, true);
});

test('only the audit reader verifies; others are refused', async () => {
  assert.equal((await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).statusCode, 200);
  for (const user of ['officer_a', 'city', 'inspector_a']) assert.equal((await t.req(user, { method: 'GET', url: '/api/audit/verify' })).statusCode, 403, user);
  assert.equal((await t.req(null, { method: 'GET', url: '/api/audit/verify' })).statusCode, 401);
});
