import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorBody, anchorKey, anchorKeyId, judgeAnchors, parseAnchor, type AuditAnchor, type ChainFacts } from '../../src/modules/audit/audit.anchor.js';

const H = (c: string) => c.repeat(64);
const anchor = (lastId: number, hash: string, at = '2026-12-06T02:00:00.000Z', count = lastId): AuditAnchor => ({
  key: anchorKey(new Date(at), lastId),
  lastId,
  hash,
  count,
  at,
  reason: 'periodic',
  note: null,
});
const facts = (end: number | null, hashes: [number, string][], before: [number, number | null][] = []): ChainFacts => ({
  end,
  hashes: new Map(hashes),
  before: new Map(before),
});

test('an anchor key: lower case, sorted by time within its month, names the record', () => {
  const k = anchorKey(new Date('2026-12-06T10:15:00.123Z'), 4711);
  assert.equal(k, 'audit-anchors/2026/12/20261206t101500123z-4711.json');
  assert.equal(anchorKeyId(k), 4711);
  assert.equal(anchorKeyId('audit-anchors/readme.txt'), null);
  assert.ok(anchorKey(new Date('2026-12-06T10:15:00.123Z'), 9) < anchorKey(new Date('2026-12-06T10:15:01.000Z'), 1));
});

test('an anchor reads back; a body that is not one, or that names another record than its key, is refused', () => {
  const a = anchor(12, H('a'));
  const text = anchorBody({ ...a, writer: 'host:1' });
  assert.deepEqual(parseAnchor(a.key, text), a);
  assert.equal(parseAnchor(a.key, 'not json'), '不是有效的 JSON');
  assert.equal(parseAnchor(a.key, text.replace(H('a'), 'abc')), '缺少哈希');
  assert.equal(parseAnchor(anchorKey(new Date(a.at), 13), text), '文件名中的记录序号与内容不符');
  assert.equal(parseAnchor(a.key, text.replace('periodic', 'whenever')), '写入原因无效');
});

test('every anchor holds: no finding', () => {
  assert.equal(
    judgeAnchors(
      [anchor(5, H('a')), anchor(9, H('b'))],
      [],
      facts(12, [
        [5, H('a')],
        [9, H('b')],
      ]),
    ),
    null,
  );
  assert.equal(judgeAnchors([], [], facts(null, [])), null);
});

test('records deleted from the end: truncated, after the chain’s end, judged against the newest anchor', () => {
  const f = judgeAnchors([anchor(5, H('a')), anchor(9, H('b'), '2026-12-06T03:00:00.000Z', 9)], [], facts(6, [[5, H('a')]]))!;
  assert.equal(f.problem, 'truncated');
  assert.equal(f.firstBrokenId, 7);
  assert.equal(f.intactUpTo, 6);
  assert.equal(f.anchor?.lastId, 9);
  assert.equal(f.message, '审计链末尾 #6 之后的记录缺失:2026-12-06 11:00:00 的链锚点表明审计链已到 #9(共 9 条)');
  // the whole chain gone
  const all = judgeAnchors([anchor(3, H('a'))], [], facts(null, []))!;
  assert.equal(all.problem, 'truncated');
  assert.equal(all.firstBrokenId, 1);
  assert.match(all.message, /^审计链的全部记录缺失/);
});

test('an anchored record gone while the chain went on: records_missing from the record after the one before it', () => {
  const f = judgeAnchors([anchor(5, H('a')), anchor(9, H('b'))], [], facts(15, [[5, H('a')]], [[9, 6]]))!;
  assert.equal(f.problem, 'records_missing');
  assert.equal(f.firstBrokenId, 7);
  assert.equal(f.intactUpTo, 6);
  assert.match(f.message, /#6 之后至 #9 的记录被删除/);
});

test('an anchored record with another hash: anchor_mismatch, the range after the last anchor that holds', () => {
  const f = judgeAnchors(
    [anchor(5, H('a')), anchor(9, H('b')), anchor(12, H('c'))],
    [],
    facts(15, [
      [5, H('a')],
      [9, H('x')],
      [12, H('y')],
    ]),
  )!;
  assert.equal(f.problem, 'anchor_mismatch');
  assert.equal(f.firstBrokenId, 9);
  assert.equal(f.intactUpTo, 5);
  assert.match(f.message, /#5 之后、#9 及之前的记录被改动后重算了哈希/);
});

test('the first thing wrong wins: a changed record before a truncation; an unreadable anchor by the record its key names', () => {
  const f = judgeAnchors([anchor(5, H('a')), anchor(20, H('b'))], [], facts(10, [[5, H('z')]]))!;
  assert.equal(f.problem, 'anchor_mismatch');
  assert.equal(f.firstBrokenId, 5);
  const g = judgeAnchors([anchor(5, H('a'))], [{ key: anchorKey(new Date(), 2), why: '缺少哈希' }], facts(10, [[5, H('a')]]))!;
  assert.equal(g.problem, 'anchor_invalid');
  assert.equal(g.firstBrokenId, 2);
});
