import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { readPolygonFile } from '../../src/modules/setup/boundary.read.js';

/** A zip whose directory declares `declared` bytes for its one .shp: what a zip bomb looks like before it is inflated. */
function zipDeclaring(declared: number): Uint8Array {
  const zip = Buffer.from(zipSync({ 'patches.shp': new Uint8Array(100) }));
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const dir = zip.readUInt32LE(eocd + 16);
  assert.equal(zip.readUInt32LE(dir), 0x02014b50);
  zip.writeUInt32LE(declared, dir + 24);
  return new Uint8Array(zip);
}

test('a zipped Shapefile that would unpack past the limit is refused before anything is inflated, with the reason', async () => {
  const file = await readPolygonFile('patches.zip', zipDeclaring(0x7fffffff));
  assert.equal(file.features.length, 0);
  assert.match(file.problem ?? '', /解压后超过 256 MB/);
  // the same zip with its true size is read on (and refused for what it lacks, not for its size)
  const small = await readPolygonFile('patches.zip', zipDeclaring(100));
  assert.doesNotMatch(small.problem ?? '', /解压后超过/);
});
