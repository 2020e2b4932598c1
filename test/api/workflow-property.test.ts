import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { addWorkingDays, chinaDay } from '../../src/modules/settings/work.calendar.js';

// Random sequences of actions by random users against the real service and database. The facts checked
// here do not come from the transition table: they are what the record must show whatever happened.

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const USERS = ['officer_a', 'officer_b', 'inspector_a', 'city', 'dept', 'supervisor'] as const;
const ACTIONS = [
  'verify',
  'reject',
  'classify',
  'start_rectification',
  'request_closing',
  'approve_closing',
  'return_closing',
  'reopen',
  'photo_after',
  'photo_after_far',
  'stale',
] as const;
type Step = {
  user: (typeof USERS)[number];
  action: (typeof ACTIONS)[number];
  target: number;
  cls: 'demolish' | 'remedy' | 'defer';
  complete: boolean;
  reviewInDays: number;
  progress: boolean;
};

/** The action that moves a case on from a status, and who would normally take it (progress steps). */
const NEXT: Record<string, [Step['action'], Step['user']]> = {
  reported: ['verify', 'officer_a'],
  verified: ['classify', 'officer_a'],
  classified: ['start_rectification', 'officer_a'],
  rectifying: ['request_closing', 'officer_a'],
  closing_requested: ['approve_closing', 'city'],
  closed: ['reopen', 'officer_a'],
  rejected: ['verify', 'officer_a'],
};

// the offices act most of the time (so sequences get far: to closing and reopening); the others test refusals
const step: fc.Arbitrary<Step> = fc.record({
  user: fc.oneof({ weight: 7, arbitrary: fc.constantFrom('officer_a', 'city') }, { weight: 3, arbitrary: fc.constantFrom(...USERS) }),
  action: fc.constantFrom(...ACTIONS),
  target: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 2 }) }),
  cls: fc.constantFrom('demolish', 'remedy', 'defer'),
  complete: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  reviewInDays: fc.integer({ min: -5, max: 400 }),
  // a progress step takes the natural next action of the case's current state (the user and fields still vary)
  progress: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) }),
});

const auditCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(t.db.q)).rows[0].n);
const caseRow = async (id: string) => JSON.stringify((await sql`select * from cases where id = ${id}`.execute(t.db.q)).rows[0]);

test('random action sequences keep the record true', async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
      runs++;
      // three fresh cases: two in town A, one in town B
      const ids: string[] = [];
      for (const [town, n, user] of [
        [TOWN_A, 0, 'officer_a'],
        [TOWN_A, 1, 'officer_a'],
        [TOWN_B, 0, 'officer_b'],
      ] as const) {
        const [lon, lat] = t.pointIn(town, n);
        ids.push((await t.req(user, { method: 'POST', url: '/api/cases', payload: caseBody(lon + Math.random() * 1e-4, lat) })).json().id);
      }
      for (const s of steps) {
        const id = ids[s.target];
        const cur = await t.db.q.selectFrom('cases').select(['version', 'lon', 'lat', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
        if (s.progress) {
          const [a, u] = NEXT[cur.status];
          // a rectifying case needs its evidence first: half of the time the phone sends it now
          s.action = cur.status === 'rectifying' && s.complete && s.cls !== 'defer' ? 'photo_after' : a;
          if (s.user === 'officer_a' || s.user === 'city') s.user = u;
        }
        if (s.action === 'photo_after' || s.action === 'photo_after_far') {
          // evidence arrives (by the inspector's phone); far: 500 m away from the case
          const far = s.action === 'photo_after_far' ? 0.005 : 0;
          await sql`insert into photos (id, case_id, stage, sha256, blob_key, mime, bytes, captured_at, capture_location, uploaded_at)
                    values (${randomUUID()}, ${id}, 'after', ${randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '')}, 'originals/x.jpg', 'image/jpeg', 1, now(),
                            ST_SetSRID(ST_MakePoint(${cur.lon + far}, ${cur.lat}), 4326), now())`.execute(t.db.q);
          continue;
        }
        const action = s.action === 'stale' ? 'verify' : s.action;
        const body: Record<string, unknown> = { action, version: s.action === 'stale' ? cur.version + 3 : cur.version };
        if (action === 'reject' || action === 'return_closing' || action === 'reopen') body.reason = s.complete ? '现场核查' : undefined;
        if (action === 'classify') {
          body.disposalClass = s.cls;
          if (s.complete) {
            body.reason = '经研究决定';
            if (s.cls === 'remedy') body.remedyRef = '平自然资规〔2026〕1号';
            if (s.cls === 'defer') {
              body.deferReason = '待规划明确';
              body.reviewDate = addWorkingDays(chinaDay(new Date()), Math.max(1, s.reviewInDays), { holidays: new Set(), workdays: new Set() });
            }
          }
        }
        const before = { row: await caseRow(id), audit: await auditCount() };
        const r = await t.req(s.user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: body });
        const afterAudit = await auditCount();
        if (r.statusCode === 200) {
          assert.equal(afterAudit, before.audit + 1, `an accepted ${action} adds exactly one audit record`);
          assert.equal(r.json().version, cur.version + 1);
        } else {
          assert.ok([403, 404, 409, 422].includes(r.statusCode), `${action} by ${s.user}: ${r.statusCode} ${r.body}`);
          assert.match(r.json().message, /[\u4e00-\u9fff]/, 'a refusal says why, in Chinese');
          assert.equal(await caseRow(id), before.row, `a refused ${action} leaves the case row as it was`);
          assert.equal(afterAudit, before.audit, `a refused ${action} writes no audit record`);
        }
      }
      // facts about every case, whatever the sequence was
      const closedWithoutEvidence = await sql<{ id: string }>`
        select c.id from cases c where c.status = 'closed' and (
          not exists (select 1 from photos p where p.case_id = c.id and p.stage = 'after' and p.captured_at >= c.classified_at)
          or not exists (select 1 from case_events e join users u on u.id = e.actor_id
                         where e.case_id = c.id and e.kind = 'approve_closing' and u.role = 'city_office'))`.execute(t.db.q);
      assert.deepEqual(closedWithoutEvidence.rows, [], 'every closed case has an after photo taken after its classification and a city approval');
      const demolishedFar = await sql<{ id: string }>`
        select c.id from cases c where c.status = 'closed' and c.disposal_class = 'demolish' and not exists (
          select 1 from photos p where p.case_id = c.id and p.stage = 'after' and p.captured_at >= c.classified_at
            and ST_Distance(p.capture_location::geography, c.location_geog) <= 100)`.execute(t.db.q);
      assert.deepEqual(demolishedFar.rows, [], 'a closed demolition has its evidence at the place');
      const deferNoReview = await sql<{
        id: string;
      }>`select id from cases where disposal_class = 'defer' and status = 'classified' and (review_date is null or defer_reason is null)`.execute(t.db.q);
      assert.deepEqual(deferNoReview.rows, [], 'every deferred case has a review date and a reason');
      const versions = await sql<{ id: string }>`
        select c.id from cases c where c.version <> (select count(*) from case_history h where h.case_id = c.id)
          or 1 <> (select count(*) from case_history h where h.case_id = c.id and h.valid_to is null)`.execute(t.db.q);
      assert.deepEqual(versions.rows, [], 'one history interval per version, one open');
    }),
    { numRuns: Number(process.env.WWJ_PROPERTY_RUNS ?? 25), seed: Number(process.env.WWJ_PROPERTY_SEED ?? 20261127) },
  );
  assert.ok(runs >= 1, 'runs >= 1');
  // the sequences reached the far states, so the facts above were tested on real closings
  const reached = await sql<{ status: string; n: number }>`select status, count(*)::int as n from cases group by status order by status`.execute(t.db.q);
  const seen = Object.fromEntries(reached.rows.map((r) => [r.status, r.n]));
  console.log('statuses reached:', JSON.stringify(seen));
  assert.ok(seen.closed >= 1 && seen.rejected >= 1 && seen.classified >= 1, `states reached: ${JSON.stringify(seen)}`);
  const chain = await t.deps.services.audit.verify();
  assert.equal(chain.ok, true, JSON.stringify(chain));
});
