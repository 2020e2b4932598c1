import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noticeUnanswered, overdueIdle, rebuildAfterDemolition, type CaseFacts, type RuleContext } from '../../src/modules/alerts/alert.rules.js';
import { caseFacts } from '../support/alerts.js';

// The supervision rules of the third slice as pure functions: a case past its deadline that nobody touches, a
// supervision notice left unanswered, a rebuild reported where a case was closed as demolished. Each threshold
// moves the outcome; the situations' keys stay the same however often and however late they are judged.

const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour));
const ctxAt = (day: number, hour = 0): RuleContext => ({ name: (id) => id ?? '系统', now: at(day, hour) });

const facts = (over: Partial<CaseFacts> = {}) => caseFacts({ responsible: ['o1', 'o2'], ...over });

test('overdue and idle: counted from the later of the deadline and the last action; the owner named; once per case and deadline', () => {
  const c = facts({
    deadlineAt: at(5),
    owner: '某某五金厂',
    events: [
      { id: 1, kind: 'created', actorId: 'i1', at: at(1) },
      { id: 2, kind: 'classify', actorId: 'o1', at: at(2), disposalClass: 'demolish' },
    ],
  });
  const t = { idleDays: 30 };
  assert.deepEqual(overdueIdle(c, t, ctxAt(34)), [], '29 days after the deadline: not yet');
  const [f] = overdueIdle(c, t, ctxAt(35, 1));
  assert.equal(f.rule, 'overdue_idle');
  assert.equal(f.key, `idle:c1:${at(5).toISOString()}`);
  assert.deepEqual(f.userIds, ['o1', 'o2'], 'the town officers whose work it is');
  assert.match(f.summary, /当事人:某某五金厂/);
  assert.match(f.summary, /已逾期 30 天/);
  // the same case judged later is the same situation
  assert.equal(overdueIdle(c, t, ctxAt(60))[0].key, f.key);
  // the threshold is read from the settings
  assert.equal(overdueIdle(c, { idleDays: 10 }, ctxAt(16)).length, 1);
  // an action after the deadline restarts the count
  const acted = { ...c, events: [...c.events, { id: 3, kind: 'deadline_set', actorId: 'o1', at: at(20) }] };
  assert.deepEqual(overdueIdle(acted, t, ctxAt(35, 1)), []);
  assert.equal(overdueIdle(acted, t, ctxAt(50, 1)).length, 1);
  // an 'after' photo is an action too
  const photographed = { ...c, afterPhotos: [{ id: 'p', uploadedAt: at(25), uploadedBy: 'i1', capturedAt: at(25), exifPresent: true, device: 'x', exifGps: null }] };
  assert.deepEqual(overdueIdle(photographed, t, ctxAt(35, 1)), []);
  // an assignee is the person named
  const assigned = { ...c, events: [...c.events, { id: 4, kind: 'assigned', actorId: 'o1', at: at(3), assigneeId: 'a9' }] };
  assert.deepEqual(
    overdueIdle(assigned, t, ctxAt(40)).map((x) => x.userIds),
    [['a9']],
  );
  // a closed case, or one without a deadline (deferred), never
  assert.deepEqual(overdueIdle({ ...c, status: 'closed' }, t, ctxAt(60)), []);
  assert.deepEqual(overdueIdle({ ...c, deadlineAt: null, status: 'classified' }, t, ctxAt(60)), []);
});

test('a notice unanswered: days late after the reply date; a late answer is the same situation; an answer in time is none', () => {
  const line = { id: 'n1', noticeNo: '新埭镇督〔2026〕3号', level: 'town', issuedAt: at(1), replyDue: '2026-11-05', repliedAt: null, addressees: ['o1'] };
  const t = { daysLate: 3 };
  // the reply date ends at 2026-11-05 24:00 China time = 11-05 16:00 UTC; three days later: 11-08 16:00 UTC
  assert.deepEqual(noticeUnanswered(facts({ noticeLines: [line] }), t, ctxAt(8, 15)), []);
  const [f] = noticeUnanswered(facts({ noticeLines: [line] }), t, ctxAt(8, 17));
  assert.equal(f.key, 'notice:n1');
  assert.deepEqual(f.userIds, ['o1']);
  assert.match(f.summary, /镇级督办单 新埭镇督〔2026〕3号.*至今未答复/);
  assert.equal(f.evidence.problems[0].code, 'notice_unanswered');
  // answered late: judged afterwards, still the situation, with the same key
  const late = noticeUnanswered(facts({ noticeLines: [{ ...line, repliedAt: at(10) }] }), t, ctxAt(20));
  assert.deepEqual(
    late.map((x) => [x.key, x.evidence.problems[0].code]),
    [['notice:n1', 'notice_late_reply']],
  );
  // answered after the reply date but within the days allowed: none
  assert.deepEqual(noticeUnanswered(facts({ noticeLines: [{ ...line, repliedAt: at(7) }] }), t, ctxAt(20)), []);
  // the threshold is read from the settings
  assert.equal(noticeUnanswered(facts({ noticeLines: [line] }), { daysLate: 0 }, ctxAt(5, 17)).length, 1);
});

test('a rebuild: a report within the radius and the days after a demolition closing, once per closing; farther, later or earlier none', () => {
  const d = { caseId: 'd1', caseNo: 'PH-0', eventId: 77, closedAt: at(2), distanceM: 12, closers: ['o1', 'c1'] };
  const t = { radiusM: 50, withinDays: 365 };
  const [f] = rebuildAfterDemolition(facts({ createdAt: at(20), demolitionsNearby: [d] }), t, ctxAt(21));
  assert.equal(f.key, 'rebuild:77');
  assert.deepEqual(f.caseIds, ['d1', 'c1']);
  assert.deepEqual(f.userIds, ['o1', 'c1']);
  assert.match(f.summary, /PH-0 于 .* 拆除销号.*18 天后在其 12 米处又报告了 PH-1/);
  assert.deepEqual(rebuildAfterDemolition(facts({ createdAt: at(20), demolitionsNearby: [{ ...d, distanceM: 60 }] }), t, ctxAt(21)), [], 'beyond the radius');
  assert.deepEqual(rebuildAfterDemolition(facts({ createdAt: at(1), demolitionsNearby: [d] }), t, ctxAt(21)), [], 'reported before the closing');
  assert.deepEqual(rebuildAfterDemolition(facts({ createdAt: at(20), demolitionsNearby: [d] }), { radiusM: 50, withinDays: 10 }, ctxAt(21)), [], 'beyond the days');
  assert.deepEqual(rebuildAfterDemolition(facts({ id: 'd1', createdAt: at(20), demolitionsNearby: [d] }), t, ctxAt(21)), [], 'the case itself');
});
