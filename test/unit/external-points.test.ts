import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressSimilarity, decideMatch } from '../../src/modules/external/external.match.js';
import { categoryOf, guessMapping, parseCoordinate, parsePointRow } from '../../src/modules/external/external.rows.js';
import { headerNames } from '../../src/modules/external/external.table.js';

test('coordinates as lists write them: decimals, hemispheres, degrees-minutes-seconds', () => {
  assert.deepEqual(parseCoordinate(121.0152), { value: 121.0152, dms: false });
  assert.deepEqual(parseCoordinate(' 121.0152 '), { value: 121.0152, dms: false });
  assert.deepEqual(parseCoordinate('E121.0152'), { value: 121.0152, dms: false });
  assert.deepEqual(parseCoordinate('121.0152°'), { value: 121.0152, dms: false });
  const dms = parseCoordinate(`121°0'54.72"E`)!;
  assert.ok(dms.dms && Math.abs(dms.value - (121 + 54.72 / 3600)) < 1e-9);
  const cn = parseCoordinate('北纬30度41分7.2秒')!;
  assert.ok(Math.abs(cn.value - (30 + 41 / 60 + 7.2 / 3600)) < 1e-9);
  assert.ok(Math.abs(parseCoordinate('30°41.5′N')!.value - (30 + 41.5 / 60)) < 1e-9);
  assert.equal(parseCoordinate('121°61′'), null);
  assert.equal(parseCoordinate('东边'), null);
  assert.equal(parseCoordinate(''), null);
});

test('a row: swapped lon/lat put right, GCJ-02 converted, an empty id or coordinates outside China rejected', () => {
  const h = ['编号', 'X', 'Y'];
  const m = { externalId: '编号', lon: 'X', lat: 'Y' };
  const swapped = parsePointRow(h, { 编号: 'A1', X: 30.7, Y: 121.05 }, m, 'wgs84', '2026-12-07');
  assert.equal(swapped.point!.lon, 121.05);
  assert.deepEqual(swapped.notes, ['经纬度填反,已交换']);
  const gcj = parsePointRow(h, { 编号: 'A2', X: 121.05, Y: 30.7 }, m, 'gcj02', '2026-12-07');
  assert.ok(gcj.point!.lon < 121.05 && gcj.point!.lat < 30.7 + 0.01, 'GCJ-02 shifted back');
  assert.deepEqual(parsePointRow(h, { 编号: null, X: 121, Y: 30 }, m, 'wgs84', '2026-12-07').reasons, ['编号为空']);
  assert.match(parsePointRow(h, { 编号: 'A3', X: 10, Y: 10 }, m, 'wgs84', '2026-12-07').reasons[0], /不在中国范围内/);
  // the raw row keeps every column, so a changed row is seen
  assert.notEqual(swapped.rawHash, parsePointRow(h, { 编号: 'A1', X: 30.7, Y: 121.06 }, m, 'wgs84', '2026-12-07').rawHash);
});

test('headers under merged group cells, and the mapping they suggest', () => {
  assert.deepEqual(headerNames(['编号', '坐标', '坐标', '地址'], ['编号', '经度', '纬度', '地址']), ['编号', '经度', '纬度', '地址']);
  assert.deepEqual(headerNames(['起点', '起点', '终点', '终点'], ['经度', '纬度', '经度', '纬度']), ['起点-经度', '起点-纬度', '终点-经度', '终点-纬度']);
  assert.deepEqual(guessMapping(['序号', '点位编号', 'X坐标', 'Y坐标', '乡镇街道', '详细地址']), {
    externalId: '点位编号',
    lon: 'X坐标',
    lat: 'Y坐标',
    address: '详细地址',
    town: '乡镇街道',
  });
  assert.equal(categoryOf('简易棚房'), 'shed');
  assert.equal(categoryOf('废弃杆线'), 'pole_line');
  assert.equal(categoryOf('违法建筑'), 'building');
  assert.equal(categoryOf('不详'), null);
});

test('matching: one agreeing case → matched; several, or one that disagrees → conflict; none → unmatched', () => {
  const near = (caseId: string, d: number, category = 'building', addressText: string | null = null) => ({ caseId, caseNo: caseId, distanceM: d, category, addressText });
  assert.equal(decideMatch({ category: '房屋', address: null }, [], 50).status, 'unmatched');
  assert.equal(decideMatch({ category: '房屋', address: null }, [near('a', 80)], 50).status, 'unmatched');
  const one = decideMatch({ category: '房屋', address: null }, [near('a', 12)], 50);
  assert.deepEqual([one.status, one.caseId], ['matched', 'a']);
  assert.equal(decideMatch({ category: '棚房', address: null }, [near('a', 12)], 50).status, 'conflict');
  assert.equal(decideMatch({ category: null, address: null }, [near('a', 12), near('b', 30)], 50).status, 'conflict');
  const far = decideMatch({ category: null, address: '新仓镇三叉河村' }, [near('a', 5, 'building', '新埭镇 鱼圻塘村 3组 21号')], 50);
  assert.equal(far.status, 'conflict');
  assert.equal(far.candidates[0].why, '地址不一致');
  assert.ok(addressSimilarity('平湖市新埭镇鱼圻塘村3组21号', '新埭镇 鱼圻塘村 3组 21号')! > 0.8);
});

test('a row as received is shown with its ID and phone numbers masked, the other cells as they came', async () => {
  const { maskedRow } = await import('../../src/modules/external/external.service.js');
  assert.deepEqual(maskedRow({ 点位编号: 'ZJ-001', 当事人: '周国强', 身份证号码: '330482198001011234', 联系电话: '13912345678', 问题描述: '违法搭建' }), {
    点位编号: 'ZJ-001',
    当事人: '周国强',
    身份证号码: '3304**********1234',
    联系电话: '139****5678',
    问题描述: '违法搭建',
  });
});
