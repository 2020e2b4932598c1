import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMNS, matchHeaders, parseRow, type Cell } from '../../src/modules/imports/imports.columns.js';

const TODAY = '2026-11-27';
const row = (cells: Record<string, Cell>) => parseRow(new Map(Object.entries(cells)), TODAY);

test('headers: zh-CN names, other spellings and spacing match; unknown, duplicate and missing required ones are named', () => {
  const m = matchHeaders(['序号', ' 经度 ', '纬度(WGS-84)', '面积(平方米)', '面积㎡', '普查编号', null, '户主', '是否占用耕地']);
  assert.deepEqual(
    [...m.columns.entries()],
    [
      ['lon', 2],
      ['lat', 3],
      ['areaM2', 4],
      ['externalId', 6],
      ['ownerName', 8],
      ['onCultivatedLand', 9],
    ],
  );
  assert.deepEqual(m.unknown, ['序号']);
  assert.deepEqual(m.duplicate, ['面积㎡']);
  assert.deepEqual(m.missing, []);
  assert.deepEqual(matchHeaders(['经度', '面积(m²)']).missing, ['纬度']);
  // every template header matches itself
  const all = matchHeaders(COLUMNS.map((c) => c.header));
  assert.equal(all.columns.size, COLUMNS.length);
});

test('a census row becomes a stock case from the census: labels or codes, 是/否, dates as China days', () => {
  const r = row({
    lon: 121.01,
    lat: '30.70',
    category: '棚房',
    areaM2: '1,250.5',
    floors: 2,
    structure: '钢结构',
    use: 'storage',
    landType: '基本农田',
    ownerName: '王五',
    enterpriseName: '某某有限公司',
    enterpriseUscc: '91330482ma2b123456',
    externalId: 'PC-1',
    foundAt: new Date(Date.UTC(2024, 4, 20)),
    crs: '高德',
  });
  assert.deepEqual(r.problems, []);
  const c = r.input!;
  assert.equal(c.source, 'census_import');
  assert.equal(c.origin, 'stock');
  assert.equal(c.crs, 'gcj02');
  assert.equal(c.lat, 30.7);
  assert.equal(c.category, 'shed');
  assert.equal(c.areaM2, 1250.5);
  assert.equal(c.structure, 'steel');
  assert.equal(c.use, 'storage');
  assert.equal(c.landType, 'basic_farmland');
  assert.equal(c.ownerKind, 'enterprise');
  assert.equal(c.enterpriseUscc, '91330482MA2B123456');
  assert.deepEqual(c.externalRefs, [{ system: 'census', externalId: 'PC-1' }]);
  assert.equal(c.foundAt, '2024-05-20T00:00:00+08:00');
  assert.equal(row({ lon: 121, lat: 30.7, foundAt: '2024年5月2日' }).input!.foundAt, '2024-05-02T00:00:00+08:00');
  assert.equal(row({ lon: 121, lat: 30.7, onBasicFarmland: '是' }).input!.onCultivatedLand, true);
  assert.equal(row({ lon: 121, lat: 30.7, onCultivatedLand: '否', landType: '耕地' }).input!.onCultivatedLand, false);
  assert.equal(row({ lon: 121, lat: 30.7 }).input!.foundAt, undefined);
});

test('every problem of a row is named with its column, in zh-CN', () => {
  const r = row({ lon: '', lat: 95, areaM2: '很大', floors: 1.5, structure: '茅草', onBasicFarmland: '也许', foundAt: '2024-02-30', enterpriseUscc: '123', ownerKind: '企业' });
  assert.equal(r.input, null);
  assert.deepEqual(
    r.problems.map((p) => p.column),
    ['经度', '纬度', '面积(m²)', '层数', '结构', '是否基本农田', '发现日期', '统一社会信用代码', '企业名称'],
  );
  assert.match(r.problems[0].message, /经度不能为空/);
  assert.match(r.problems[1].message, /-90–90/);
  assert.match(r.problems[4].message, /可选:砖混、框架/);
  assert.match(row({ lon: 121, lat: 30, foundAt: '2026-11-28' }).problems[0].message, /不能晚于今天/);
  assert.match(row({ lon: 121, lat: 30, note: 'x'.repeat(1001) }).problems[0].message, /过长/);
  // the raw cells are kept as text for the error workbook
  assert.equal(r.raw.areaM2, '很大');
  assert.equal(r.raw.lat, '95');
});
