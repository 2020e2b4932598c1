import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { auditChainHash, verifyAuditExport, type AuditExportFile } from '../../shared/audit-export.js';
import { auditHash } from '../../src/modules/audit/audit.chain.js';

/**
 * Evidence an outside party can check (issue 21, item 3): a case's or a person's audit records exported with the
 * chain proof, and the verifier (shared/audit-export.ts, no database) that accepts the file as exported and
 * rejects it changed: a field of one record, a record removed, the anchor's head.
 */
let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
let point = 0;
const newCase = async () => {
  const r = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, point++ % 6)) });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; caseNo: string; version: number };
};
const act = async (id: string, body: Record<string, unknown>) => {
  const r = await t.req('officer_a', { method: 'POST', url: `/api/cases/${id}/actions`, payload: body });
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as { version: number }).version;
};
const exportOf = async (query: string) => {
  const r = await t.req('supervisor', { method: 'GET', url: `/api/audit/export?${query}` });
  assert.equal(r.statusCode, 200, r.body);
  return { file: JSON.parse(r.body) as AuditExportFile, disposition: String(r.headers['content-disposition']), type: String(r.headers['content-type']) };
};
const copy = (f: AuditExportFile) => structuredClone(f);
const recordsOf = (f: AuditExportFile) => f.segments.flatMap((s) => s.records);

let caseFile: AuditExportFile;
let caseNo: string;

test('a case’s records export with their chain proof across an anchor written before and one written for the export; the verifier accepts it', async () => {
  const c = await newCase();
  caseNo = c.caseNo;
  let v = await act(c.id, { action: 'verify', version: c.version });
  await newCase(); // another case's record between this case's records: carried on the way, not exported
  // an anchor in the blob store now (the periodic job's): the first records' proof ends there
  const periodic = await t.deps.services.audit.anchor('periodic');
  assert.ok(periodic);
  v = await act(c.id, { action: 'classify', version: v, disposalClass: 'demolish' });
  await newCase();

  const { file, disposition, type } = await exportOf(`case=${encodeURIComponent(c.caseNo)}`);
  caseFile = file;
  assert.match(type, /^application\/json/);
  const name = decodeURIComponent(disposition.split("filename*=UTF-8''")[1]);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  assert.equal(name, `审计记录链证明-${c.caseNo}-${today}.json`);
  assert.doesNotMatch(disposition, UUID);

  assert.deepEqual(file.subject, { type: 'case', caseNo: c.caseNo });
  const selected = recordsOf(file).filter((r) => r.selected);
  assert.deepEqual(
    selected.map((r) => r.record?.action),
    ['case.create', 'case.verify', 'case.classify'],
  );
  assert.deepEqual(
    file.selected,
    selected.map((r) => r.seq),
  );
  // two segments: up to the periodic anchor, then up to the anchor the export wrote (the head then)
  assert.equal(file.segments.length, 2);
  assert.equal(file.segments[0].anchor.key, periodic.key);
  assert.equal(file.segments[0].anchor.lastId, periodic.lastId);
  assert.equal(file.segments[1].anchor.reason, 'export');
  assert.equal(file.segments[0].anchor.text, (await t.deps.blobs.get(periodic.key)).toString('utf8'));
  assert.equal(file.segments[1].anchor.store, t.deps.blobs.driver);
  // the other cases' creations travel as links (with their text: a hash covers a record's whole text)
  const carried = recordsOf(file).filter((r) => !r.selected);
  assert.ok(carried.some((r) => r.record?.action === 'case.create' && r.record.entityId !== c.id));
  // each record's hash as stored equals the browser-side SHA-256 of its text
  for (const r of recordsOf(file)) assert.equal(auditChainHash(r.prevHash, r.record!), auditHash(r.prevHash, r.record!));
  assert.ok(selected.every((r) => typeof r.sentence === 'string' && r.sentence.includes(c.caseNo)));

  const verdict = verifyAuditExport(JSON.stringify(file));
  assert.equal(verdict.ok, true, verdict.summary);
  assert.equal(verdict.selected, 3);
  assert.equal(verdict.checked, recordsOf(file).length);
  assert.match(verdict.summary, new RegExp(`^校验通过\\(案件 ${c.caseNo}\\):3 条导出记录`));

  // the export is itself recorded: who, of what, which records
  const rec = await t.db.q.selectFrom('audit_log').selectAll().where('action', '=', 'audit.export').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const supervisor = await t.db.q.selectFrom('users').select('id').where('username', '=', 'supervisor').executeTakeFirstOrThrow();
  assert.equal(rec.actor_id, supervisor.id);
  assert.deepEqual(rec.after, {
    format: 'chain_proof',
    caseNo: c.caseNo,
    count: 3,
    first: file.selected[0],
    last: file.selected[2],
    anchors: file.segments.map((s) => s.anchor.key),
  });
});

test('one field of one record changed in the file: rejected, naming that record', () => {
  const f = copy(caseFile);
  const target = recordsOf(f).filter((r) => r.selected)[1];
  (target.record!.after as Record<string, unknown>).status = 'closed';
  const v = verifyAuditExport(JSON.stringify(f));
  assert.equal(v.ok, false);
  assert.equal(v.problems[0].kind, 'content_changed');
  assert.equal(v.problems[0].seq, target.seq);
  assert.match(v.summary, new RegExp(`记录 #${target.seq} 的内容被改动`));

  // the same change with the record's hash re-computed: the next link no longer holds
  const g = copy(caseFile);
  const seg = g.segments.find((s) => s.records.some((r) => r.seq === target.seq))!;
  const i = seg.records.findIndex((r) => r.seq === target.seq);
  const r = seg.records[i];
  r.record!.actorName = 'someone_else';
  r.hash = auditChainHash(r.prevHash, r.record!);
  const w = verifyAuditExport(JSON.stringify(g));
  assert.equal(w.ok, false);
  const next = seg.records[i + 1];
  if (next) assert.deepEqual([w.problems[0].kind, w.problems[0].seq], ['link_broken', next.seq]);
  else assert.deepEqual([w.problems[0].kind, w.problems[0].seq], ['anchor_mismatch', seg.anchor.lastId]);
});

test('a record removed from the file is found: from the segment and the list (a broken link), or from the segment only (the list names it)', () => {
  const selected = recordsOf(caseFile).filter((r) => r.selected);
  // one of the case's records removed together with its place in the list: its successor's link breaks
  const f = copy(caseFile);
  const gone = selected[1].seq;
  f.selected = f.selected.filter((s) => s !== gone);
  for (const s of f.segments) s.records = s.records.filter((r) => r.seq !== gone);
  const v = verifyAuditExport(JSON.stringify(f));
  assert.equal(v.ok, false);
  const seg0 = caseFile.segments.find((s) => s.records.some((r) => r.seq === gone))!;
  const successor = seg0.records[seg0.records.findIndex((r) => r.seq === gone) + 1];
  if (successor) {
    assert.deepEqual([v.problems[0].kind, v.problems[0].seq], ['link_broken', successor.seq]);
    assert.match(v.summary, new RegExp(`链接在 #${successor.seq} 处断开`));
  } else assert.equal(v.problems[0].kind, 'anchor_mismatch');

  // removed from the segment but still in the list: the list names it missing
  const h = copy(caseFile);
  for (const s of h.segments) s.records = s.records.filter((r) => r.seq !== gone);
  const x = verifyAuditExport(JSON.stringify(h));
  assert.equal(x.ok, false);
  assert.ok(
    x.problems.some((p) => p.kind === 'record_missing' && p.seq === gone && p.message.includes(`清单中的记录 #${gone} 不在文件中`)),
    x.summary,
  );

  // the last of a segment removed (and the segment shortened): its end no longer meets the anchor
  const g = copy(caseFile);
  const seg = g.segments[0];
  seg.records.pop();
  const w = verifyAuditExport(JSON.stringify(g));
  assert.equal(w.ok, false);
  assert.ok(
    w.problems.some((p) => p.kind === 'anchor_mismatch' && p.seq === seg.anchor.lastId),
    w.summary,
  );
});

test('the anchor’s head changed in the file: rejected as an anchor mismatch', () => {
  const f = copy(caseFile);
  const a = f.segments[1].anchor;
  a.hash = 'f'.repeat(64);
  const v = verifyAuditExport(JSON.stringify(f));
  assert.equal(v.ok, false);
  assert.ok(v.problems.every((p) => p.kind === 'anchor_mismatch'));
  assert.equal(v.problems[0].seq, a.lastId);
  // the stored text changed to match as well: the chain's end still does not meet it
  a.text = a.text.replace(/"hash": "[0-9a-f]{64}"/, `"hash": "${'f'.repeat(64)}"`);
  const w = verifyAuditExport(JSON.stringify(f));
  assert.equal(w.ok, false);
  assert.deepEqual(
    w.problems.map((p) => p.kind),
    ['anchor_mismatch'],
  );
  assert.match(w.summary, /链锚点/);
  // not an export at all
  assert.equal(verifyAuditExport('{"kind":"other"}').ok, false);
});

test('the CLI re-checks a file without the database: exit 0 for the export, 1 for a tampered copy', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-export-'));
  const good = path.join(dir, 'good.json');
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(good, JSON.stringify(caseFile));
  const f = copy(caseFile);
  const target = recordsOf(f).find((r) => r.selected)!;
  target.record!.at = '2020-01-01T00:00:00.000Z';
  fs.writeFileSync(bad, JSON.stringify(f));
  // no DATABASE_URL, an empty DATA_DIR: the command opens neither
  const env = { ...process.env, DATABASE_URL: '', DATA_DIR: dir, LOG_LEVEL: 'silent' };
  const ok = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'audit', 'verify-export', good], { encoding: 'utf8', env });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`校验通过\\(案件 ${caseNo}\\)`));
  const no = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'audit', 'verify-export', bad], { encoding: 'utf8', env });
  assert.equal(no.status, 1, no.stdout);
  assert.match(no.stderr, new RegExp(`记录 #${target.seq} 的内容被改动`));
  assert.deepEqual(fs.readdirSync(dir).sort(), ['bad.json', 'good.json']);
  fs.rmSync(dir, { recursive: true });
});

test('a person’s records: what he did and what was done to his account; the file is named by username', async () => {
  const { file, disposition } = await exportOf('user=officer_a');
  assert.deepEqual(file.subject, { type: 'user', username: 'officer_a', displayName: 'officer_a' });
  assert.match(decodeURIComponent(disposition), /审计记录链证明-officer_a-\d{4}-\d{2}-\d{2}\.json/);
  assert.doesNotMatch(disposition, UUID);
  const officer = await t.db.q.selectFrom('users').select('id').where('username', '=', 'officer_a').executeTakeFirstOrThrow();
  const selected = recordsOf(file).filter((r) => r.selected);
  assert.ok(selected.length >= 6);
  assert.ok(selected.every((r) => r.record?.actorId === officer.id || (r.record?.entity === 'user' && r.record.entityId === officer.id)));
  assert.equal(verifyAuditExport(JSON.stringify(file)).ok, true);
});

test('only the supervisor exports; one subject, and it must exist', async () => {
  for (const who of ['admin', 'officer_a', 'city']) {
    const r = await t.req(who, { method: 'GET', url: '/api/audit/export?user=officer_a' });
    assert.equal(r.statusCode, 403, `${who}: ${r.body}`);
  }
  assert.equal((await t.req('supervisor', { method: 'GET', url: '/api/audit/export' })).json().code, 'audit.export_subject');
  assert.equal((await t.req('supervisor', { method: 'GET', url: `/api/audit/export?case=${caseNo}&user=officer_a` })).statusCode, 400);
  const missing = await t.req('supervisor', { method: 'GET', url: '/api/audit/export?case=NO-SUCH-CASE' });
  assert.deepEqual([missing.statusCode, missing.json().code], [404, 'audit.case_not_found']);
});
