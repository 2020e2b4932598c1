import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../shared/sha256.js';

// The browser's SHA-256 of the export verifier (shared/sha256.ts) against Node's, over the padding's edges
// (55, 56, 63, 64 bytes), multi-byte text and several blocks.
test('shared SHA-256 equals node:crypto on the padding edges, Chinese text and long input', () => {
  const inputs = ['', 'abc', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(65), '审计记录链证明'.repeat(37), 'a'.repeat(100_003)];
  for (const s of inputs) assert.equal(sha256Hex(s), createHash('sha256').update(s, 'utf8').digest('hex'), `length ${s.length}`);
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
