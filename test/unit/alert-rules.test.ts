import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closedCaseEdited,
  deferralRenewed,
  onesHex,
  photoReused,
  rejectionsConcentrated,
  type CaseFacts,
  type DecisionFact,
  type PhotoHashFact,
  type RuleContext,
} from '../../src/modules/alerts/alert.rules.js';
import { caseFacts } from '../support/alerts.js';

// The supervision rules of the second slice as pure functions: each threshold moves the outcome, the situations'
// keys stay the same however often they are judged.

const ctx: RuleContext = { name: (id) => id ?? '系统', now: new Date('2026-12-07T00:00:00Z') };
const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour));

const facts = caseFacts;

// a hash with 32 ones: detail enough; flipping its last n bits makes a near copy
const H = 'a5c3f00f0ff05a3c';
const flip = (h: string, n: number) => (BigInt(`0x${h}`) ^ ((1n << BigInt(n)) - 1n)).toString(16).padStart(16, '0');
const photo = (o: Partial<PhotoHashFact>): PhotoHashFact => ({
  id: 'p',
  caseId: 'c1',
  caseNo: 'PH-1',
  stage: 'after',
  phash: H,
  uploadedAt: at(2),
  uploadedBy: 'u1',
  mergeRoot: 'c1',
  caseStatus: 'rectifying',
  ...o,
});

test('onesHex counts the bits that are 1', () => {
  assert.equal(onesHex('0000000000000000'), 0);
  assert.equal(onesHex('ffffffffffffffff'), 64);
  assert.equal(onesHex(H), 32);
});

test('photo reuse: the later upload within the bits of another registered case; not merged ones, undecided or rejected reports, plain pictures, nor beyond the bits', () => {
  const t = { maxHammingBits: 3, minDetailBits: 12 };
  const mine = photo({ id: 'q', uploadedAt: at(5) });
  const other = (o: Partial<PhotoHashFact>) => photo({ id: 'o', caseId: 'c2', caseNo: 'PH-2', mergeRoot: 'c2', uploadedAt: at(3), phash: flip(H, 2), ...o });
  const found = photoReused(facts({ photos: [mine], lookalikes: [other({})] }), t, ctx);
  assert.equal(found.length, 1);
  assert.equal(found[0].key, 'reuse:q');
  assert.deepEqual(found[0].caseIds, ['c1', 'c2']);
  assert.deepEqual(found[0].evidence.pairs, [{ photoId: 'q', otherPhotoId: 'o', bits: 2 }]);
  assert.match(found[0].summary, /几乎相同\(感知哈希相差 2 位\)/);

  const none = (lookalike: PhotoHashFact, over: Partial<CaseFacts> = {}, th = t) =>
    assert.deepEqual(photoReused(facts({ photos: [mine], lookalikes: [lookalike], ...over }), th, ctx), []);
  none(other({ phash: flip(H, 4) }));
  none(other({ uploadedAt: at(6) }), {}, t);
  none(other({ mergeRoot: 'c1' }));
  none(other({ caseStatus: 'reported' }));
  none(other({ caseStatus: 'rejected' }));
  none(other({}), { status: 'reported' });
  none(other({}), {}, { maxHammingBits: 1, minDetailBits: 12 });
  // a plain picture: all its bits alike
  const plain = photo({ id: 'q', uploadedAt: at(5), phash: '0000000000000001' });
  assert.equal(photoReused(facts({ photos: [plain], lookalikes: [other({ phash: '0000000000000000' })] }), { maxHammingBits: 3, minDetailBits: 0 }, ctx).length, 1);
  assert.deepEqual(photoReused(facts({ photos: [plain], lookalikes: [other({ phash: '0000000000000000' })] }), t, ctx), []);
});

test('a deferral renewed: once the count is reached, one situation per case', () => {
  const classify = (id: number, day: number, cls: string) => ({ id, kind: 'classify', actorId: 'o1', at: at(day), disposalClass: cls });
  const due = (id: number, day: number) => ({ id, kind: 'review_due', actorId: null, at: at(day) });
  const events = [classify(1, 1, 'defer'), due(2, 3), classify(3, 3, 'defer'), due(4, 5), classify(5, 5, 'defer')];
  assert.equal(deferralRenewed(facts({ events }), { minDeferrals: 3 }, ctx).length, 1);
  assert.equal(deferralRenewed(facts({ events }), { minDeferrals: 4 }, ctx).length, 0);
  assert.equal(deferralRenewed(facts({ events: [...events.slice(0, 4), classify(5, 5, 'demolish')] }), { minDeferrals: 3 }, ctx).length, 0);
  assert.equal(deferralRenewed(facts({ events }), { minDeferrals: 3 }, ctx)[0].key, 'defer:c1');
});

test('an edit of a closed case names the fields in zh-CN; an edit before closing is none', () => {
  const events = [
    { id: 1, kind: 'approve_closing', actorId: 'c', at: at(1) },
    { id: 2, kind: 'fields_changed', actorId: 'o1', at: at(2), afterClosing: true, changedFields: ['areaM2', 'ownerName'], areaFrom: 120, areaTo: 60 },
    { id: 3, kind: 'fields_changed', actorId: 'o1', at: at(3), afterClosing: false, changedFields: ['ownerName'] },
  ];
  const found = closedCaseEdited(facts({ events }), {}, ctx);
  assert.equal(found.length, 1);
  assert.match(found[0].summary, /修改了面积\(平方米\)、当事人\(面积由 120 平方米改为 60 平方米\)/);
});

test('rejections concentrated in one person: one alert per episode, a new one after a quiet window; the share and the count decide', () => {
  const t = { minCount: 3, windowDays: 10, minSharePct: 60, radiusM: 300 };
  let id = 0;
  // far apart: 0.01° of longitude each (about 1 km), so no area is involved
  const d = (day: number, kind: 'verify' | 'reject', actor = 'o1'): DecisionFact => ({
    eventId: ++id,
    caseId: `c${id}`,
    caseNo: `PH-${id}`,
    kind,
    merge: false,
    actorId: actor,
    at: at(day),
    lon: 121 + id * 0.01,
    lat: 30.7,
    divisionCode: 'v1',
    divisionPath: 'city/t1/v1',
  });
  const homes = new Map([
    ['o1', { divisionCode: 't1', divisionPath: 'city/t1' }],
    ['o2', { divisionCode: 't1', divisionPath: 'city/t1' }],
  ]);
  // days 1–5 five rejections (one episode), quiet until day 20, then three more (a second episode)
  const run = [1, 2, 3, 4, 5, 20, 21, 22].map((day) => d(day, 'reject'));
  const found = rejectionsConcentrated(run, t, ctx, null, homes);
  assert.deepEqual(
    found.map((f) => f.key),
    [`reject-user:o1:${run[2].eventId}`, `reject-user:o1:${run[7].eventId}`],
  );
  assert.equal(found[0].caseIds.length, 3);
  // judged again with more history: the same keys
  assert.deepEqual(
    rejectionsConcentrated([d(0.5, 'verify'), ...run], t, ctx, null, homes).map((f) => f.key),
    found.map((f) => f.key),
  );
  // as many verifications as rejections: under the share
  const mixed = [1, 2, 3].flatMap((day) => [d(day, 'verify', 'o2'), d(day, 'reject', 'o2')]);
  assert.deepEqual(rejectionsConcentrated(mixed, t, ctx, null, homes), []);
  assert.equal(rejectionsConcentrated(mixed, { ...t, minSharePct: 50 }, ctx, null, homes).length, 1);
  // judged for other people only: nothing of o1
  assert.deepEqual(rejectionsConcentrated(run, t, ctx, { users: new Set(['o2']), points: [] }, homes), []);
});

test('rejections concentrated in one small area: counted within the radius by whoever decided; merges apart', () => {
  const t = { minCount: 3, windowDays: 10, minSharePct: 60, radiusM: 300 };
  let id = 100;
  const d = (day: number, kind: 'verify' | 'reject', actor: string, dx: number, merge = false): DecisionFact => ({
    eventId: ++id,
    caseId: `c${id}`,
    caseNo: `PH-${id}`,
    kind,
    merge,
    actorId: actor,
    at: at(day),
    lon: 121 + dx,
    lat: 30.7,
    divisionCode: 'v1',
    divisionPath: 'city/t1/v1',
  });
  const homes = new Map<string, { divisionCode: string; divisionPath: string }>();
  // a, b, c each reject one within 200 m (no homes given: only the area is judged)
  const spot = [d(1, 'reject', 'a', 0), d(2, 'reject', 'b', 0.001), d(3, 'reject', 'c', 0.002)];
  const found = rejectionsConcentrated(spot, t, ctx, null, homes);
  assert.equal(found.length, 1);
  assert.equal(found[0].key, `reject-area:${spot[2].eventId}`);
  assert.deepEqual(found[0].userIds, ['a', 'b', 'c']);
  // 1 km apart: no area
  assert.deepEqual(rejectionsConcentrated([d(1, 'reject', 'a', 0), d(2, 'reject', 'b', 0.01), d(3, 'reject', 'c', 0.02)], t, ctx, null, homes), []);
  // with a radius of 2 km they are one area
  assert.equal(rejectionsConcentrated([d(1, 'reject', 'a', 0), d(2, 'reject', 'b', 0.01), d(3, 'reject', 'c', 0.02)], { ...t, radiusM: 2500 }, ctx, null, homes).length, 1);
  // two merges and one rejection: neither kind reaches three
  assert.deepEqual(rejectionsConcentrated([d(1, 'reject', 'a', 0, true), d(2, 'reject', 'b', 0.001, true), d(3, 'reject', 'c', 0.002)], t, ctx, null, homes), []);
  // judged around another place only: nothing here
  assert.deepEqual(rejectionsConcentrated(spot, t, ctx, { users: new Set(), points: [[122, 31]] }, homes), []);
});
