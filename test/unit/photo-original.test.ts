import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originalMismatches, parseDeclarations, reducedMismatches, reducedProblems, type DeclaredOriginal } from '../../src/modules/photos/photo.original.js';
import { exifFacts } from '../../shared/photo-exif.js';

// The pure rules of two-phase photos (docs/two-phase-report.md): what a declaration must say, what a
// reduced copy may be, and when the bytes that arrived are the original declared.

const exif = exifFacts(
  { Make: 'HUAWEI ', Model: 'ELS-AN00', DateTimeOriginal: '2026:12:07 08:26:11', Orientation: 6, Software: 'ELS 12' },
  { longitude: 121.0619123, latitude: 30.7986654 },
).exif;
const declared: DeclaredOriginal = { sha256: 'a'.repeat(64), bytes: 2_600_000, width: 4000, height: 3000, exif };

test('the shared EXIF reading: trimmed camera, China time without an offset, position as read', () => {
  assert.equal(exif.make, 'HUAWEI ');
  assert.equal(exif.capturedAt, '2026-12-07T00:26:11.000Z');
  assert.deepEqual([exif.longitude, exif.latitude], [121.0619123, 30.7986654]);
  assert.equal(exifFacts({ Make: 'X', Model: 'Y' }, null).device, 'X Y');
  assert.equal(exifFacts({ DateTimeOriginal: '2026:12:07 08:26:11', OffsetTimeOriginal: '+00:00' }, null).exif.capturedAt, '2026-12-07T08:26:11.000Z');
});

test('the original declared: same hash, length, dimensions and EXIF facts → no mismatch; each difference named', () => {
  const found = { sha256: declared.sha256, bytes: declared.bytes, facts: { width: 4000, height: 3000, exif: { ...exif } as Record<string, unknown> } };
  assert.deepEqual(originalMismatches(declared, found), []);
  // two readers of one position agree to far better than a centimetre
  assert.deepEqual(originalMismatches(declared, { ...found, facts: { ...found.facts, exif: { ...exif, latitude: 30.79866541 } } }), []);
  assert.deepEqual(originalMismatches(declared, { ...found, sha256: 'b'.repeat(64) }), ['sha256']);
  assert.deepEqual(originalMismatches(declared, { ...found, bytes: 1 }), ['bytes']);
  assert.deepEqual(originalMismatches(declared, { ...found, facts: null }), ['type']);
  assert.deepEqual(originalMismatches(declared, { ...found, facts: { width: 3000, height: 4000, exif: { ...exif } } }), ['width', 'height']);
  assert.deepEqual(originalMismatches(declared, { ...found, facts: { ...found.facts, exif: { ...exif, longitude: 121.07, capturedAt: null } } }), [
    'exif.capturedAt',
    'exif.longitude',
  ]);
  assert.deepEqual(originalMismatches(declared, { ...found, facts: { ...found.facts, exif: null } }), ['exif']);
  assert.deepEqual(originalMismatches({ ...declared, exif: null }, { ...found, facts: { ...found.facts, exif: null } }), []);
});

test('a reduced copy keeps its original’s camera, time and place (not its software or orientation), and is small', () => {
  assert.deepEqual(reducedMismatches(declared, { ...exif, software: 'canvas', orientation: 1 }), []);
  assert.deepEqual(reducedMismatches(declared, { ...exif, model: 'other' }), ['exif.model']);
  assert.deepEqual(reducedMismatches(declared, null), ['exif']);
  assert.deepEqual(reducedProblems({ bytes: 200_000, width: 1600, height: 1200 }, declared), []);
  assert.equal(reducedProblems({ bytes: 400_000, width: 1601, height: 1200 }, declared).length, 2);
  assert.equal(reducedProblems({ bytes: 200_000, width: 800, height: 600 }, { ...declared, bytes: 150_000 }).length, 1);
});

test('declarations: one per file, each checked, the problem named', () => {
  const ok = parseDeclarations(JSON.stringify([{ ...declared, sha256: declared.sha256.toUpperCase() }]), 1, 10_000_000);
  assert.ok('ok' in ok);
  assert.equal(ok.ok[0].sha256, declared.sha256);
  const problem = (raw: string, files = 1) => {
    const r = parseDeclarations(raw, files, 10_000_000);
    return 'problem' in r ? r.problem : null;
  };
  assert.match(problem('nope')!, /not JSON/);
  assert.match(problem('{}')!, /array/);
  assert.match(problem(JSON.stringify([declared]), 2)!, /2 declaration/);
  assert.match(problem(JSON.stringify([{ ...declared, sha256: 'x' }]))!, /sha256/);
  assert.match(problem(JSON.stringify([{ ...declared, bytes: 20_000_000 }]))!, /bytes/);
  assert.match(problem(JSON.stringify([{ ...declared, width: 0 }]))!, /width/);
  assert.match(problem(JSON.stringify([{ ...declared, exif: { ...exif, latitude: 'north' } }]))!, /exif\.latitude/);
  assert.match(problem(JSON.stringify([{ ...declared, exif: { ...exif, shutter: 1 } }]))!, /exif\.shutter: unknown/);
  assert.match(problem(JSON.stringify([{ ...declared, exif: { ...exif, capturedAt: 'yesterday' } }]))!, /capturedAt/);
  assert.match(problem(JSON.stringify([declared, declared]), 2)!, /twice/);
  assert.equal(problem(JSON.stringify([{ ...declared, exif: null }])), null);
});
