import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableActions, decide, type CaseFacts } from '../../src/modules/cases/case.workflow.js';

const now = new Date('2026-06-01T08:00:00Z');
const facts = (f: Partial<CaseFacts>): CaseFacts => ({ status: 'reported', disposalClass: null, classifiedAt: null, afterPhotos: [], ...f });

test('verify moves a report to verified for a town officer', () => {
  assert.deepEqual(decide('verify', 'town_officer', facts({}), {}, now), { ok: true, to: 'verified' });
});

test('an inspector may not verify: 403 with a reason', () => {
  const d = decide('verify', 'inspector', facts({}), {}, now);
  assert.equal(d.ok, false);
  if (!d.ok) {
    assert.equal(d.status, 403);
    assert.equal(d.code, 'case.role_forbidden');
    assert.match(d.reasons[0], /无权/);
  }
});

test('a transition from the wrong state is 409', () => {
  const d = decide('approve_closing', 'city_office', facts({ status: 'verified' }), {}, now);
  assert.equal(d.ok, false);
  if (!d.ok) assert.equal(d.status, 409);
});

test('reject needs a reason or a duplicate', () => {
  assert.equal(decide('reject', 'town_officer', facts({}), {}, now).ok, false);
  assert.equal(decide('reject', 'town_officer', facts({}), { reason: '非违建' }, now).ok, true);
  assert.equal(decide('reject', 'town_officer', facts({}), { duplicateOf: 'x' }, now).ok, true);
});

test('classify: remedy needs a permit reference, defer a reason and a review date within the limit', () => {
  const v = facts({ status: 'verified' });
  assert.equal(decide('classify', 'town_officer', v, {}, now).ok, false);
  assert.equal(decide('classify', 'town_officer', v, { disposalClass: 'remedy' }, now).ok, false);
  assert.equal(decide('classify', 'town_officer', v, { disposalClass: 'remedy', remedyRef: '平规〔2026〕1号' }, now).ok, true);
  assert.equal(decide('classify', 'town_officer', v, { disposalClass: 'defer', deferReason: '待规划' }, now).ok, false);
  assert.equal(decide('classify', 'town_officer', v, { disposalClass: 'defer', deferReason: '待规划', reviewDate: '2026-05-01' }, now).ok, false);
  assert.equal(decide('classify', 'town_officer', v, { disposalClass: 'defer', deferReason: '待规划', reviewDate: '2028-01-01' }, now).ok, false);
  assert.equal(decide('classify', 'town_officer', v, { disposalClass: 'defer', deferReason: '待规划', reviewDate: '2026-12-01' }, now).ok, true);
});

test('a deferred case cannot start rectification; it waits for review_due (system only)', () => {
  const c = facts({ status: 'classified', disposalClass: 'defer' });
  assert.equal(decide('start_rectification', 'town_officer', c, {}, now).ok, false);
  assert.equal(decide('review_due', 'town_officer', c, {}, now).ok, false);
  assert.deepEqual(decide('review_due', 'system', c, {}, now), { ok: true, to: 'verified' });
});

test('closing a demolition needs an after photo taken at the place after classification', () => {
  const classifiedAt = new Date('2026-05-01T00:00:00Z');
  const base = { status: 'rectifying' as const, disposalClass: 'demolish' as const, classifiedAt };
  assert.equal(decide('request_closing', 'town_officer', facts({ ...base }), {}, now).ok, false);
  const before = decide('request_closing', 'town_officer', facts({ ...base, afterPhotos: [{ capturedAt: new Date('2026-04-01T00:00:00Z'), distanceM: 5 }] }), {}, now);
  assert.equal(before.ok, false);
  const far = decide('request_closing', 'town_officer', facts({ ...base, afterPhotos: [{ capturedAt: new Date('2026-05-10T00:00:00Z'), distanceM: 800 }] }), {}, now);
  assert.equal(far.ok, false);
  const noGps = decide('request_closing', 'town_officer', facts({ ...base, afterPhotos: [{ capturedAt: new Date('2026-05-10T00:00:00Z'), distanceM: null }] }), {}, now);
  assert.equal(noGps.ok, false);
  assert.deepEqual(decide('request_closing', 'town_officer', facts({ ...base, afterPhotos: [{ capturedAt: new Date('2026-05-10T00:00:00Z'), distanceM: 20 }] }), {}, now), {
    ok: true,
    to: 'closing_requested',
  });
});

test('only the city office approves or returns a closing; a return needs a reason', () => {
  const c = facts({ status: 'closing_requested', disposalClass: 'remedy' });
  assert.equal(decide('approve_closing', 'town_officer', c, {}, now).ok, false);
  assert.deepEqual(decide('approve_closing', 'city_office', c, {}, now), { ok: true, to: 'closed' });
  assert.equal(decide('return_closing', 'city_office', c, {}, now).ok, false);
  assert.deepEqual(decide('return_closing', 'city_office', c, { reason: '补照片' }, now), { ok: true, to: 'rectifying' });
});

test('available actions follow role and state', () => {
  assert.deepEqual(availableActions('town_officer', 'reported'), ['verify', 'reject']);
  assert.deepEqual(availableActions('inspector', 'reported'), []);
  assert.deepEqual(availableActions('city_office', 'closing_requested'), ['approve_closing', 'return_closing']);
  assert.deepEqual(availableActions('supervisor', 'closed'), []);
});
