import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditHash, canonicalJson, GENESIS_HASH, verifyChain, type StoredAuditRow } from '../../src/modules/audit/audit.chain.js';

function chain(n: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const f = {
      at: new Date(Date.UTC(2026, 0, i)).toISOString(),
      actorId: null,
      actorName: 'u',
      action: 'case.update',
      entity: 'case',
      entityId: String(i),
      before: { a: i },
      after: { a: i + 1, z: [1, { y: 2, x: 1 }] },
    };
    const hash = auditHash(prev, f);
    rows.push({ id: i, ...f, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

test('canonical JSON sorts keys at every level', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: null } }), '{"a":{"c":null,"d":[2,{"e":2,"f":1}]},"b":1}');
});

test('an intact chain verifies', () => {
  const v = verifyChain(chain(5));
  assert.equal(v.ok, true);
  if (v.ok) assert.equal(v.checked, 5);
});

test('an edited record is named', () => {
  const rows = chain(5);
  rows[2] = { ...rows[2], after: { a: 999 } };
  const v = verifyChain(rows);
  assert.equal(v.ok, false);
  if (!v.ok) {
    assert.equal(v.firstBrokenId, 3);
    assert.equal(v.problem, 'hash_mismatch');
  }
});

test('a deleted record breaks the link of its successor', () => {
  const rows = chain(5);
  rows.splice(1, 1);
  const v = verifyChain(rows);
  assert.equal(v.ok, false);
  if (!v.ok) {
    assert.equal(v.firstBrokenId, 3);
    assert.equal(v.problem, 'link_broken');
  }
});
