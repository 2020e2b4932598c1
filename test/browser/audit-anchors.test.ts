import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { PG_ADMIN_URL, PG_TEMPLATE_DB, pgUrl, TMP } from '../support/env.js';
import { apiAs, launchChromium, loginPage, startServer, type RunningServer } from '../support/server.js';

// The audit page (纪检监察) verifying the chain against its anchors: the real server on PostgreSQL (so this
// test can delete audit records underneath it, as the database's superuser would), a small demo city,
// Debian's Chromium. The server's own timer writes the anchors.
const PASSWORD = 'Audit-anchors-pass-1';
const SHOTS = path.join(TMP, 'shots-test');
const DB = `wwj_test_${randomBytes(6).toString('hex')}`;
let srv: RunningServer;
let browser: Browser;

async function admin<T>(f: (c: pg.Client) => Promise<T>, url = PG_ADMIN_URL): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

before(async () => {
  await admin((c) => c.query(`create database ${DB} template ${PG_TEMPLATE_DB}`));
  srv = await startServer({ demoCases: 40, password: PASSWORD, env: { DATABASE_URL: pgUrl(DB), DEMO: '1', AUDIT_ANCHOR_MINUTES: '1' } });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  await admin((c) => c.query(`drop database if exists ${DB} with (force)`));
});

test('the audit page: the chain agrees with its anchors; the last records deleted in the database, it names the missing range', async () => {
  const api = await apiAs(srv.base, 'supervisor', PASSWORD);
  // the server anchors the head when it starts: wait for that state
  let latest: { lastId: number } | null = null;
  for (let i = 0; !latest; i++) {
    const v = await api.call('GET', '/api/audit/verify');
    assert.equal(v.status, 200);
    latest = v.json.anchors.latest;
    assert.ok(latest || i < 120, 'no anchor written by the server');
    if (!latest) await new Promise((r) => setTimeout(r, 500));
  }

  const page = await loginPage(browser, srv, 'supervisor');
  await page.goto(`${srv.base}/audit`);
  await page.getByTestId('audit-page').waitFor();
  await page.getByRole('button', { name: /校验审计链/ }).click();
  const verdict = page.getByTestId('audit-verdict');
  await verdict.waitFor();
  const ok = await verdict.innerText();
  assert.match(ok, /审计链完整:已校验 \d+ 条记录/);
  assert.match(ok, new RegExp(`\\d+ 个链锚点\\(存于数据库之外的锚点存储\\)均与审计链一致;最新锚点写于 .*:第 ${latest.lastId} 条,哈希 [0-9a-f]{16}…`));
  await page.screenshot({ path: path.join(SHOTS, 'audit-anchors-ok.png') });

  // the database's superuser deletes the last records (the anchored one among them)
  const n = latest.lastId - 2;
  await admin((c) => c.query('delete from audit_log where id > $1', [n]), pgUrl(DB));
  await page.getByRole('button', { name: /校验审计链/ }).click();
  await page.getByText('末尾记录被删除').waitFor();
  const broken = await verdict.innerText();
  assert.match(broken, new RegExp(`审计链在第 ${n + 1} 条记录处断开:审计链末尾 #${n} 之后的记录缺失:.* 的链锚点表明审计链已到 #\\d+`));
  assert.match(broken, /依据:.* 写入的链锚点 audit-anchors\/\d{4}\/\d{2}\/\d{8}t\d{9}z-\d+\.json/);
  await page.screenshot({ path: path.join(SHOTS, 'audit-anchors-truncated.png') });
  assert.deepEqual(page.problems, []);
});
