// The SQLite file writer behind the GeoPackage export (src/platform/gis/sqlite-file.ts): SQLite itself (through
// GDAL) finds a file of many pages sound — interior pages on two levels, rows spilling into overflow chains,
// negative rowids, small indexes — and reads back what was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { record, sqliteFile } from '../../src/platform/gis/sqlite-file.js';

const sql = (file: string, q: string) => {
  const r = spawnSync('ogrinfo', ['-ro', '-q', file, '-sql', q], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

test('a record: header of serial types, then the values (integers 0 and 1 in the header alone)', () => {
  assert.deepEqual([...record([null, 0, 1, 'ab'])], [5, 0, 8, 9, 17, 0x61, 0x62]);
});

test('SQLite finds a 40,000-row file sound and reads back its rows, long values and index', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-sqlite-'));
  const file = path.join(dir, 't.sqlite');
  const long = '长'.repeat(3000);
  fs.writeFileSync(
    file,
    sqliteFile([
      { name: 'neg', sql: 'CREATE TABLE neg (id INTEGER PRIMARY KEY, v TEXT)', rows: [-1, 0, 7].map((rowid) => ({ rowid, values: [null, `r${rowid}`] })) },
      {
        name: 't',
        sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b REAL, c TEXT)',
        rows: (function* () {
          for (let i = 1; i <= 40_000; i++) yield { rowid: i, values: [null, `行 ${i}`, i % 3 ? i / 7 : { real: i }, i % 1000 === 0 ? long : null] };
        })(),
      },
      {
        name: 'k',
        sql: 'CREATE TABLE k (name TEXT NOT NULL PRIMARY KEY, n INTEGER)',
        rows: ['乙', 'a', 'b'].map((name, i) => ({ rowid: i + 1, values: [name, i] })),
        indexes: [{ name: 'sqlite_autoindex_k_1', columns: [0] }],
      },
    ]),
  );
  assert.match(sql(file, 'PRAGMA integrity_check'), /= ok/);
  assert.match(sql(file, 'SELECT count(*) AS n, sum(length(c)) AS l FROM t'), /n \(Integer\) = 40000[\s\S]*l \(Integer\) = 120000/);
  assert.match(sql(file, 'SELECT a, b FROM t WHERE id = 39997'), /a \(String\) = 行 39997[\s\S]*b \(Real\) = 5713.85714285714/);
  assert.match(sql(file, "SELECT n FROM k WHERE name = '乙'"), /n \(Integer\) = 0/);
  assert.match(sql(file, 'SELECT group_concat(v) AS g FROM neg'), /g \(String\) = r-1,r0,r7/);
  fs.rmSync(dir, { recursive: true, force: true });
});
