// The State Council's holiday arrangements ship with the product: the admin imports a published year in one
// step (one audit record naming the notice), and deadlines then skip 春节 and count its make-up Saturdays.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../support/context.js';
import { addWorkingDays } from '../../src/modules/settings/work.calendar.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

test('the admin imports 2026 as the notice says; only the admin may; a year the release does not carry is named', async () => {
  const listed = await t.req('admin', { method: 'GET', url: '/api/calendar/official' });
  assert.equal(listed.statusCode, 200, listed.body);
  const y2026 = listed.json().items.find((o: { year: number }) => o.year === 2026);
  assert.match(y2026.source, /2026年部分节假日安排/);
  assert.equal(y2026.matching, 0);

  for (const user of ['city', 'officer_a', 'supervisor']) assert.equal((await t.req(user, { method: 'POST', url: '/api/calendar/official/2026' })).statusCode, 403, user);
  const missing = await t.req('admin', { method: 'POST', url: '/api/calendar/official/2031' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'calendar.no_official_year');

  const done = await t.req('admin', { method: 'POST', url: '/api/calendar/official/2026' });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().matching, done.json().days);
  const days = (await t.req('officer_a', { method: 'GET', url: '/api/calendar?year=2026' })).json().days as { day: string; kind: string; name: string }[];
  const on = (d: string) => days.find((x) => x.day === d);
  assert.deepEqual(on('2026-01-01'), { day: '2026-01-01', kind: 'holiday', name: '元旦' });
  assert.equal(on('2026-02-14')?.kind, 'workday', '春节调休上班 (Saturday)');
  assert.equal(on('2026-02-23')?.kind, 'holiday', '春节 ends on Monday 23 February');
  assert.equal(days.filter((d) => d.kind === 'holiday').length, 3 + 9 + 3 + 5 + 3 + 3 + 7);
  assert.equal(days.filter((d) => d.kind === 'workday').length, 6);

  const audit = (await t.req('supervisor', { method: 'GET', url: '/api/audit?entity=calendar_day&limit=50' })).json().items as { action: string; actor_name: string; after: any }[];
  const rec = audit.find((a) => a.action === 'calendar.import_official');
  assert.equal(rec?.actor_name, 'admin');
  assert.equal(rec?.after.days, 33 + 6);
});

test('deadlines count on the imported calendar: 春节 is skipped, its make-up Saturday counts', async () => {
  const cal = await t.deps.services.settings.calendar();
  // Friday 13 February + 1 working day: Saturday 14 February is a make-up working day
  assert.equal(addWorkingDays('2026-02-13', 1, cal), '2026-02-14');
  // + 2: Sunday 15 to Monday 23 are the holiday, so Tuesday 24 February
  assert.equal(addWorkingDays('2026-02-13', 2, cal), '2026-02-24');
  // the nearest ordinary case: a week without holidays
  assert.equal(addWorkingDays('2026-03-09', 5, cal), '2026-03-16');
});
