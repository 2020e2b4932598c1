import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type ActionInput, type CaseAction, type CaseFacts } from '../../src/modules/cases/case.workflow.js';
import { STATUSES, type CaseStatus } from '../../src/modules/cases/cases.enums.js';

// Every (state, action, role) against the workflow as the issue specifies it, written out here by hand
// (not derived from the transition table): who may act, from which state, to which state.
const OFFICE = ['town_officer', 'city_office'];
const SPEC: Record<CaseAction, { from: CaseStatus; to: CaseStatus; roles: string[] }> = {
  verify: { from: 'reported', to: 'verified', roles: OFFICE },
  reject: { from: 'reported', to: 'rejected', roles: OFFICE },
  classify: { from: 'verified', to: 'classified', roles: OFFICE },
  start_rectification: { from: 'classified', to: 'rectifying', roles: OFFICE },
  request_closing: { from: 'rectifying', to: 'closing_requested', roles: OFFICE },
  approve_closing: { from: 'closing_requested', to: 'closed', roles: ['city_office'] },
  return_closing: { from: 'closing_requested', to: 'rectifying', roles: ['city_office'] },
  reopen: { from: 'closed', to: 'verified', roles: OFFICE },
  review_due: { from: 'classified', to: 'verified', roles: ['system'] },
};
const WHO = ['inspector', 'town_officer', 'city_office', 'department', 'supervisor', 'admin', 'system'] as const;
const now = new Date('2026-06-01T02:00:00Z');
const classifiedAt = new Date('2026-05-01T02:00:00Z');

/** Facts and input that satisfy every guard, so only role and state decide. */
function complete(action: CaseAction, status: CaseStatus): { facts: CaseFacts; input: ActionInput } {
  const cls = action === 'review_due' ? 'defer' : 'demolish';
  return {
    facts: { status, disposalClass: cls, classifiedAt, afterPhotos: [{ capturedAt: new Date('2026-05-20T02:00:00Z'), distanceM: 5 }], openTasks: 0, suggested: null },
    input: { reason: '理由', disposalClass: 'demolish', deadline: '2026-07-01' },
  };
}

test('every state × action × role is allowed or refused as specified (441 combinations)', () => {
  let n = 0;
  for (const status of STATUSES) {
    for (const action of Object.keys(SPEC) as CaseAction[]) {
      for (const who of WHO) {
        n++;
        const spec = SPEC[action];
        const { facts, input } = complete(action, status);
        const d = decide(action, who, facts, input, now);
        const label = `${action} by ${who} from ${status}`;
        if (!spec.roles.includes(who)) {
          assert.ok(!d.ok && d.status === 403 && d.code === 'case.role_forbidden', `${label}: refused, role (403)`);
        } else if (status !== spec.from) {
          assert.ok(!d.ok && d.status === 409 && d.code === 'case.invalid_transition', `${label}: refused, state (409)`);
        } else {
          assert.deepEqual(d, { ok: true, to: spec.to }, `${label}: allowed`);
        }
      }
    }
  }
  assert.equal(n, STATUSES.length * 9 * WHO.length);
});
