/**
 * The README's "Going live" walked exactly as a county's IT staff would: an empty database (createdb), migrate,
 * setup with the statistics bureau's code table and the bureau's Shapefile (dry run, then --apply, then again:
 * nothing to write), the server started with DEMO=0, the first admin's login through the API and his forced
 * password change. On PostgreSQL an empty database; on PGlite an empty data dir.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../src/db/database.js';
import { loadDemoDivisions } from '../../src/demo/demo.seed.js';
import { TEST_DRIVER } from '../support/env.js';
import { emptyPgDatabase, runCli, serverEnv, startServerProcess } from '../support/process-server.js';
import { divisionCsv, gbk, shapefileZip, villageFeatures } from '../fixtures/going-live.js';

const ADMIN_PASSWORD = 'Pinghu#2026setup';

test(`going live from an empty ${TEST_DRIVER === 'postgres' ? 'PostgreSQL database' : 'data dir'} to the first admin's login`, { timeout: 900_000 }, async (t) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-golive-'));
  const pg = TEST_DRIVER === 'postgres' ? await emptyPgDatabase() : null;
  t.after(async () => {
    await pg?.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const dataDir = path.join(work, 'data');
  const env = serverEnv(dataDir, pg?.url, { DEMO: '0' });

  // the files as the county receives them
  const csv = path.join(work, '平湖市统计用区划代码.csv');
  fs.writeFileSync(csv, gbk(divisionCsv()));
  const zip = shapefileZip(work, '平湖市村级边界.zip', villageFeatures());
  const pwFile = path.join(work, 'admin-password.txt');
  fs.writeFileSync(pwFile, `${ADMIN_PASSWORD}\n`);
  const setupArgs = ['setup', '--divisions', csv, '--boundaries', zip, '--admin', 'admin', '--admin-name', '信息中心 系统管理员', '--admin-password-file', pwFile];

  const help = runCli(env, 'setup', '--help');
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /--divisions FILE\.csv/);
  assert.match(help.stdout, /EPSG:4528/);

  const migrate = runCli(env, 'migrate');
  assert.equal(migrate.status, 0, migrate.stderr);
  assert.match(migrate.stdout, /migrations up to date/);

  // dry run: the report, nothing written
  const dry = runCli(env, ...setupArgs);
  assert.equal(dry.status, 0, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /试运行/);
  assert.match(dry.stdout, /\[区划\] 平湖市统计用区划代码\.csv\(GBK,148 行\)/);
  assert.match(dry.stdout, /上级:3304 嘉兴市 \/ 33 浙江省\(装入区划树/);
  assert.match(dry.stdout, /新增:省 1,地市 1,县 1,乡镇\(街道\) 9,村\(社区\) 136/);
  assert.match(dry.stdout, /EPSG:4528/);
  assert.match(dry.stdout, /属性编码:GBK\(\.cpg\)/);
  assert.match(dry.stdout, /要素 136 个:新增 136,变更 0,不变 0,拒绝 0,跳过 0/);
  assert.match(dry.stdout, /边界:新增 146/);
  assert.match(dry.stdout, /\[管理员\] admin:将创建/);
  assert.match(dry.stdout, /将写入 295 项变更/);
  for (const out of [dry.stdout, dry.stderr]) assert.ok(!out.includes(ADMIN_PASSWORD), 'the password is never printed');
  const counts = async () => {
    const db = await openDatabase({ driver: TEST_DRIVER, dataDir, databaseUrl: pg?.url });
    try {
      const n = async (table: 'divisions' | 'users' | 'audit_log') =>
        Number(
          (
            await db.q
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return { divisions: await n('divisions'), users: await n('users'), audit: await n('audit_log') };
    } finally {
      await db.close();
    }
  };
  assert.deepEqual(await counts(), { divisions: 0, users: 0, audit: 0 }, 'a dry run writes nothing');

  const applied = runCli(env, ...setupArgs, '--apply');
  assert.equal(applied.status, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, /已写入:295 项变更/);
  assert.match(applied.stdout, /\[管理员\] admin:已创建/);
  const after = await counts();
  assert.equal(after.divisions, 148, 'the province and prefecture above the county too');
  assert.equal(after.users, 1);

  // the same files again: nothing to write, not even an audit record
  const again = runCli(env, ...setupArgs, '--apply', '--json');
  assert.equal(again.status, 0, again.stdout + again.stderr);
  const report = JSON.parse(again.stdout);
  assert.equal(report.changes, 0);
  assert.equal(report.boundaries.unchanged, 146);
  assert.equal(report.admin.status, 'exists');
  assert.deepEqual(await counts(), after);

  // npm start with DEMO=0, and the first login
  const srv = await startServerProcess(env);
  t.after(() => srv.stop());
  const login = await fetch(`${srv.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  assert.equal(login.status, 200);
  const { token, user } = (await login.json()) as { token: string; user: { role: string; divisionCode: string; displayName: string; mustChangePassword: boolean } };
  assert.equal(user.role, 'admin');
  assert.equal(user.divisionCode, '330482');
  assert.equal(user.displayName, '信息中心 系统管理员');
  assert.equal(user.mustChangePassword, true);
  const call = (method: string, url: string, body?: unknown) =>
    fetch(`${srv.base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  assert.equal((await call('GET', '/api/divisions')).status, 403, 'nothing but the password change before it is changed');
  assert.equal((await call('POST', '/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'Another#2026pw' })).status, 200);
  const { items } = (await (await call('GET', '/api/divisions')).json()) as {
    items: { code: string; level: string; name: string; shortName: string; boundarySynthetic: boolean }[];
  };
  assert.equal(items.length, 148);
  assert.deepEqual(
    items.filter((d) => d.level === 'city').map((d) => [d.code, d.name]),
    [['330482', '平湖市']],
  );
  assert.deepEqual(
    items.slice(0, 2).map((d) => [d.code, d.level, d.name]),
    [
      ['33', 'province', '浙江省'],
      ['3304', 'prefecture', '嘉兴市'],
    ],
  );
  assert.deepEqual(
    items.filter((d) => d.code === '330482102006').map((d) => [d.level, d.name, d.shortName]),
    [['village', '新埭社区居委会', '新埭社区']],
  );
  assert.ok(items.every((d) => d.boundarySynthetic === false));
  // a village's inner point is placed in it: its boundary came through EPSG:4528 and back
  const village = loadDemoDivisions().find((f) => f.properties.code === '330482102006')!;
  const [lon, lat] = village.properties.centroid;
  const located = await call('GET', `/api/divisions/locate?lon=${lon}&lat=${lat}`);
  assert.equal(located.status, 200);
  assert.deepEqual(await located.json(), {
    villageCode: '330482102006',
    villageName: '新埭社区',
    townCode: '330482102',
    townName: '新埭镇',
    path: '33/3304/330482/330482102/330482102006',
  });
});
