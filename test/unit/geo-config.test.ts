import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gcj02ToWgs84, validLonLat, wgs84ToGcj02 } from '../../src/modules/cases/geo.js';
import { loadConfig, ConfigError } from '../../src/config.js';
import { parseExifTime } from '../../src/modules/photos/photo.image.js';

test('GCJ-02 offset near Pinghu is a few hundred metres and inverts to under a metre', () => {
  const [lon, lat] = [121.0153, 30.6977];
  const [glon, glat] = wgs84ToGcj02(lon, lat);
  const dx = (glon - lon) * 111320 * Math.cos((lat * Math.PI) / 180);
  const dy = (glat - lat) * 110540;
  const shift = Math.hypot(dx, dy);
  assert.ok(shift > 300 && shift < 700, `shift ${shift}`);
  const [blon, blat] = gcj02ToWgs84(glon, glat);
  assert.ok(Math.hypot((blon - lon) * 96000, (blat - lat) * 110540) < 1);
});

test('coordinates out of range or not numbers are invalid', () => {
  assert.equal(validLonLat(121, 30), true);
  assert.equal(validLonLat(181, 30), false);
  assert.equal(validLonLat(121, -91), false);
  assert.equal(validLonLat(Number.NaN, 30), false);
});

test('config lists every bad key at once', () => {
  assert.throws(
    () => loadConfig({ PORT: 'x', DEMO: 'maybe', DATABASE_URL: 'mysql://a' } as NodeJS.ProcessEnv),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, 'e instanceof ConfigError');
      assert.match(e.message, /PORT/);
      assert.match(e.message, /DEMO/);
      assert.match(e.message, /DATABASE_URL/);
      return true;
    },
  );
  const c = loadConfig({} as NodeJS.ProcessEnv);
  assert.equal(c.databaseDriver, 'pglite');
  assert.equal(c.port, 3000);
  assert.equal(c.demo, true);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://x@y/z' } as NodeJS.ProcessEnv).demo, false);
});

test('EXIF times without an offset are China time', () => {
  assert.equal(parseExifTime('2026:05:01 10:00:00', undefined)?.toISOString(), '2026-05-01T02:00:00.000Z');
  assert.equal(parseExifTime('2026:05:01 10:00:00', '+00:00')?.toISOString(), '2026-05-01T10:00:00.000Z');
  assert.equal(parseExifTime('garbage', undefined), null);
});
