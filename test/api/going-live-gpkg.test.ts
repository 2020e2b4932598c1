/**
 * Boundaries as a GeoPackage (issue 20, item 2): one written by ogr2ogr in EPSG:4528 is read by the product's
 * own SQLite and GeoPackage reader (src/platform/gis/) and every village is found unchanged; the product's own
 * division export (towns and villages as two layers, Gauss-Krüger) loads back as the same boundaries; layers in
 * two CRSs and a GeoPackage without polygons are refused with the reason.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setupFromDeps } from '../../src/modules/setup/setup.cli.js';
import type { SetupInput } from '../../src/modules/setup/setup.service.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { featureCollection, villageFeatures } from '../fixtures/going-live.js';

let ctx: TestContext;
let work: string;
before(async () => {
  ctx = await createTestContext();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-gpkg-'));
});
after(async () => {
  await ctx.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const run = (file: string, opts: Omit<NonNullable<SetupInput['boundaries']>, 'filename' | 'bytes'> = {}) =>
  setupFromDeps(ctx.deps).run({ boundaries: { filename: path.basename(file), bytes: new Uint8Array(fs.readFileSync(file)), ...opts } }, { apply: true });

/** A GeoPackage written by ogr2ogr from WGS84 features, in `srs`, layer `layer`; `append` adds to an existing one. */
function gpkg(name: string, srs: string, layer: string, features = villageFeatures(), append = false) {
  const src = path.join(work, `${layer}.geojson`);
  fs.writeFileSync(src, JSON.stringify(featureCollection(features)));
  const out = path.join(work, name);
  execFileSync('ogr2ogr', [...(append ? ['-update'] : []), '-f', 'GPKG', '-s_srs', 'EPSG:4326', '-t_srs', srs, '-nln', layer, out, src]);
  return out;
}

test('the bureau’s GeoPackage (ogr2ogr, EPSG:4528) of the villages already loaded: every feature unchanged, nothing to write', async () => {
  const r = await run(gpkg('villages.gpkg', 'EPSG:4528', '村级调查区'));
  assert.equal(r.blocked, false, JSON.stringify(r.problems));
  assert.equal(r.boundaries!.format, 'geopackage');
  assert.equal(r.boundaries!.crs.id, 'EPSG:4528');
  assert.equal(r.boundaries!.codeField, 'XZQDM');
  assert.equal(r.boundaries!.features.length, 136);
  assert.deepEqual(
    r.boundaries!.features.filter((f) => f.fate !== 'unchanged' || f.nameWarning),
    [],
    'each village unchanged and its Chinese name read right',
  );
  assert.equal(r.changes, 0);
});

test('the product’s own division export (towns and villages, Gauss-Krüger zone 40) loads back as the same boundaries', async () => {
  const res = await ctx.req('city', { method: 'GET', url: '/api/divisions/export.gpkg?crs=EPSG:4528' });
  assert.equal(res.statusCode, 200);
  const file = path.join(work, 'export.gpkg');
  fs.writeFileSync(file, res.rawPayload);
  const r = await run(file);
  assert.equal(r.blocked, false, JSON.stringify(r.problems));
  assert.equal(r.boundaries!.crs.id, 'EPSG:4528');
  assert.equal(r.boundaries!.codeField, 'CODE');
  assert.equal(r.boundaries!.nameField, 'NAME');
  assert.ok(r.boundaries!.features.length > 136, 'towns and villages');
  assert.deepEqual(
    r.boundaries!.features.filter((f) => f.fate !== 'unchanged'),
    [],
  );
});

test('refused with the reason: polygon layers in two CRSs; a GeoPackage without polygons', async () => {
  const feats = villageFeatures();
  const two = gpkg('two.gpkg', 'EPSG:4528', 'a', feats.slice(0, 3));
  gpkg('two.gpkg', 'EPSG:4490', 'b', feats.slice(3, 6), true);
  assert.match((await run(two)).boundaries!.problem!, /坐标系不一致/);
  const points = path.join(work, 'points.gpkg');
  execFileSync('ogr2ogr', [
    '-f',
    'GPKG',
    '-nln',
    'pts',
    points,
    path.join(work, 'a.geojson'),
    '-nlt',
    'POINT',
    '-dialect',
    'SQLite',
    '-sql',
    'SELECT ST_Centroid(geometry) AS geometry, XZQDM FROM a',
  ]);
  assert.match((await run(points)).boundaries!.problem!, /没有面图层/);
});
