import ExcelJS from 'exceljs';
import sharp from 'sharp';
import type { ManualClock } from '../platform/clock.js';
import { exifChinaTime } from './demo.photos.js';
import { mulberry32, personName, pick, randomPointIn } from './demo.random.js';
import { AppError } from '../platform/errors.js';
import type { Deps } from '../deps.js';
import { demoActor } from './demo.actor.js';

/**
 * Situations the supervision rules (modules/alerts) should find, planted in the demo city over its last days
 * with the same service calls the API makes, so the supervisor's inbox shows realistic work: a town officer who
 * registers and verifies his own report, the city office requesting and approving the same closing, an area cut
 * after classification, a demolition softened to deferral after a reopening, an owner's personal data
 * looked up on a case outside the looker's work, the 'after' photo of a closed case uploaded again to another
 * case, a deferral renewed three times, an edit of a closed case, and five rejections in one quiet village. The evaluation jobs these changes queue
 * raise the alerts once the worker runs.
 */
export async function plantAlertSituations(deps: Deps, clock: ManualClock, opts: { town: string; now: Date; log?: (m: string) => void }) {
  const { cases } = deps.services;
  const actor = (username: string) => demoActor(deps, username);
  const officer = await actor('officer');
  const city = await actor('city');
  const hoursAgo = (h: number) => clock.set(new Date(opts.now.getTime() - h * 3600_000));
  const find = async (filter: { status: string[]; disposalClass?: string[] }, n = 5) =>
    (await cases.list(city, { ...filter, division: opts.town }, 'updated_at', true, n, 0)).items;
  const tryStep = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      return true;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      opts.log?.(`demo alerts: ${what} skipped (${e.message})`);
      return false;
    }
  };
  let planted = 0;
  /** Cases this adds to the demo (a report of the officer's own). */
  let created = 0;

  // 1. the town officer reports a shed himself and verifies it at once (职责未分离)
  const reported = (await find({ status: ['reported'] }, 1))[0];
  if (reported) {
    hoursAgo(70);
    // ~40 m from a report of the town's; on the side that is still in the city (a report at its edge)
    let mine: Awaited<ReturnType<typeof cases.create>> | undefined;
    for (const [dx, dy] of [
      [0.0004, 0.0003],
      [-0.0004, -0.0003],
      [-0.0003, 0.0004],
      [0.0003, -0.0004],
    ]) {
      if (mine) break;
      const at = { lon: reported.lon + dx, lat: reported.lat + dy };
      await tryStep('own report', async () => {
        mine = await cases.create(officer, { ...at, source: 'patrol', category: 'shed', areaM2: 45, note: '专员自行发现' });
      });
    }
    if (mine) {
      created++;
      hoursAgo(69);
      const id = mine.case.id;
      if (await tryStep('self-verify', () => cases.act(officer, id, 'verify', null, {}))) planted++;
    }
  }

  // 2. the area of a classified case cut by more than half (定性后调减面积)
  const classified = (await find({ status: ['classified', 'rectifying'], disposalClass: ['demolish'] }, 3)).find((c) => (c.areaM2 ?? 0) > 40);
  if (classified) {
    hoursAgo(50);
    const c = await cases.load(city, classified.id);
    const area = Math.round(Number(c.area_m2) * 0.45);
    if (await tryStep('area cut', () => cases.update(officer, c.id, c.version, { areaM2: area }))) planted++;
  }

  const inspector = await actor('inspector');
  const dms = (v: number) => {
    const d = Math.floor(v);
    const m = Math.floor((v - d) * 60);
    return `${d}/1 ${m}/1 ${Math.round(((v - d) * 60 - m) * 60 * 10000)}/10000`;
  };
  /** A camera photo of a scene of its own (random blocks), taken now at a place: sound evidence, like no other photo. */
  let scenes = 0;
  const cameraPhoto = (at: { lon: number; lat: number }) => {
    let x = (0x9e3779b9 + ++scenes * 2654435761) >>> 0;
    const px = Buffer.alloc(16 * 12 * 3);
    for (let i = 0; i < px.length; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      px[i] = x & 255;
    }
    return sharp(px, { raw: { width: 16, height: 12, channels: 3 } })
      .resize(640, 480, { kernel: 'cubic' })
      .jpeg({ quality: 85 })
      .withExif({
        IFD0: { Make: 'Wuweijian Demo', Model: 'Demo Camera' },
        IFD2: { DateTimeOriginal: exifChinaTime(clock.now()) },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(at.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(at.lon) },
      })
      .toBuffer();
  };

  // 3. the city office requests and approves the same closing (职责未分离); the 'after' photo is taken first
  // (a closing needs one taken after the decision, at the case: the demo's rectifying cases have none yet)
  for (const c of await find({ status: ['rectifying'] }, 6)) {
    hoursAgo(30.5);
    if (!(await tryStep('after photo', async () => deps.services.photos.add(inspector, c.id, await cameraPhoto(c), 'after', {})))) continue;
    hoursAgo(30);
    if (!(await tryStep('city request', () => cases.act(city, c.id, 'request_closing', null, {})))) continue;
    hoursAgo(29);
    if (await tryStep('city approve', () => cases.act(city, c.id, 'approve_closing', null, {}))) planted++;
    break;
  }

  // 4. a demolished case reopened and deferred (拆除决定被改轻)
  const closed = (await find({ status: ['closed'], disposalClass: ['demolish'] }, 1))[0];
  if (closed) {
    hoursAgo(26);
    if (await tryStep('reopen', () => cases.act(officer, closed.id, 'reopen', null, { reason: '当事人申请复核' }))) {
      hoursAgo(25);
      const review = new Date(opts.now.getTime() + 8 * 3600_000 + 60 * 86400_000).toISOString().slice(0, 10);
      const ok = await tryStep('soften', () =>
        cases.act(officer, closed.id, 'classify', null, { disposalClass: 'defer', deferReason: '当事人家庭困难,暂缓拆除', reviewDate: review, reason: '经复核暂缓' }),
      );
      if (ok) planted++;
    }
  }

  // 5. the city office looks up an owner on a fresh report it has nothing to do with (查询留痕), longer ago than
  // the rule's grace time (24 h by default), so its evaluation is due when the demo starts
  const fresh = (await find({ status: ['reported', 'verified'] }, 3)).find((c) => c.id !== reported?.id);
  if (fresh) {
    hoursAgo(24.5);
    await cases.revealPersonalData(city, fresh.id);
    planted++;
  }
  // 6. the 'after' photo of a closed case uploaded again to a case being rectified (照片跨案件重复使用)
  const donor = (await find({ status: ['closed'] }, 10)).find((c) => c.id !== closed?.id);
  const taker = (await find({ status: ['rectifying'] }, 10)).find((c) => c.status === 'rectifying');
  if (donor && taker) {
    const photo = (await deps.services.photos.ofCase(donor.id)).find((p) => p.stage === 'after');
    if (photo) {
      hoursAgo(20);
      const ref = await deps.services.photos.open(city, photo.id, 'original');
      // re-saved with the EXIF place and time rewritten to the other case, as a forged copy would be
      const bytes = await sharp(await deps.blobs.get(ref.key))
        .jpeg({ quality: 80 })
        .withExif({
          IFD0: { Make: 'Wuweijian Demo', Model: 'Demo Camera' },
          IFD2: { DateTimeOriginal: exifChinaTime(clock.now()) },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(taker.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(taker.lon) },
        })
        .toBuffer();
      if (await tryStep('reuse a photo', () => deps.services.photos.add(inspector, taker.id, bytes, 'after', {}))) {
        // judged at the next change of the case or the night's sweep; the demo has it judged at once
        await deps.services.alerts.enqueueCase(taker.id);
        planted++;
      }
    }
  }

  // 7. a deferral decided again at each review date, three times over the last week (暂缓反复延期), on a case
  // verified before that week
  const weekAgo = opts.now.getTime() - 7 * 86400_000;
  const toDefer = (await cases.list(city, { status: ['verified'], division: opts.town }, 'updated_at', false, 5, 0)).items.find(
    (c) => c.id !== fresh?.id && new Date(c.updatedAt).getTime() < weekAgo,
  );
  if (toDefer) {
    const reviewIn = (days: number) => new Date(clock.now().getTime() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
    const defer = (n: number, days: number) =>
      tryStep(`deferral ${n}`, () =>
        cases.act(officer, toDefer.id, 'classify', null, {
          disposalClass: 'defer',
          deferReason: '企业生产经营困难,暂缓拆除',
          reviewDate: reviewIn(days),
          reason: `第 ${n} 次暂缓`,
        }),
      );
    const due = () => tryStep('review due', () => cases.act('system', toDefer.id, 'review_due', null, {}));
    hoursAgo(6 * 24);
    let ok = await defer(1, 2);
    hoursAgo(3.5 * 24);
    ok = ok && (await due()) && (await defer(2, 2));
    hoursAgo(1 * 24);
    ok = ok && (await due()) && (await defer(3, 30));
    if (ok) planted++;
  }

  // 8. the owner's name changed on a closed case (销号后修改案件)
  const closedOne = (await find({ status: ['closed'] }, 10)).find((c) => c.id !== closed?.id && c.id !== donor?.id);
  if (closedOne) {
    hoursAgo(12);
    const c = await cases.load(city, closedOne.id);
    if (await tryStep('edit after closing', () => cases.update(officer, c.id, c.version, { ownerName: '沈某某' }))) planted++;
  }
  // 9. five reports in one quiet village rejected one after the other over the last days (不予立案集中于一个小范围):
  // nothing else was decided there, so the rejections are all its decisions
  const villages = JSON.parse(await deps.services.divisions.geojson(['village'], null)) as { features: { properties: { parentCode: string; centroid: [number, number] } }[] };
  let quiet: [number, number] | null = null;
  for (const v of villages.features.filter((f) => f.properties.parentCode === opts.town)) {
    const [lon, lat] = v.properties.centroid;
    if (!(await cases.nearby(city, { lon, lat, radius: 500, includeClosed: true })).items.length) {
      quiet = [lon, lat];
      break;
    }
  }
  if (quiet) {
    let rejected = 0;
    for (let i = 0; i < 5; i++) {
      hoursAgo(60 - i * 10);
      const at = { lon: quiet[0] + (i - 2) * 0.0004, lat: quiet[1] + (i % 2) * 0.0003 };
      let made: Awaited<ReturnType<typeof cases.create>> | undefined;
      await tryStep('report to reject', async () => {
        made = await cases.create(inspector, { ...at, source: 'patrol', category: 'building', areaM2: 60 + i * 15, note: '村民反映新建厂房' });
      });
      if (!made) continue;
      created++;
      hoursAgo(59 - i * 10);
      const id = made.case.id;
      if (await tryStep('reject', () => cases.act(officer, id, 'reject', null, { reason: '经核实系合法建筑,不予立案' }))) rejected++;
    }
    if (rejected === 5) planted++;
  }
  // 10. a shed reported again 10 m from a case closed as demolished, and registered (拆除销号后复建)
  const gone = (await find({ status: ['closed'], disposalClass: ['demolish'] }, 10)).find((c) => c.id !== closed?.id && c.id !== donor?.id && c.id !== closedOne?.id);
  if (gone) {
    hoursAgo(8);
    let again: Awaited<ReturnType<typeof cases.create>> | undefined;
    await tryStep('rebuild report', async () => {
      again = await cases.create(inspector, { lon: gone.lon + 0.0001, lat: gone.lat, source: 'patrol', category: 'shed', areaM2: 35, note: '原址又搭建彩钢棚' });
    });
    if (again) {
      created++;
      hoursAgo(7);
      const id = again.case.id;
      if (await tryStep('rebuild verify', () => cases.act(officer, id, 'verify', null, {}))) planted++;
    }
  }
  opts.log?.(`demo: ${planted} situations for the supervision alerts planted`);
  return { planted, created };
}

/** The census ledger the demo town's officer imported and nobody has taken up since (存量普查导入). */
export const DEMO_LEDGER_FILE = '新埭镇2020年存量违建普查台账.xlsx';
/** Its rows, each a case of the import. */
export const DEMO_LEDGER_ROWS = 12;

/**
 * An imported ledger left alone (导入批次): the town officer uploads the town's 2020 census ledger 75 days ago,
 * through the import the product uses (upload, then the import job), and nobody acts on its cases. Their
 * classification deadlines passed long ago and they have been idle for more than the 30 days of
 * 逾期案件长期未动, so the sweep the running demo does (and the evaluation jobs the import queued) keep them in
 * one alert for the import and the town, which the inbox shows as one row, 导入批次 · 12 件. Planted last, so
 * no other part of the seed takes up one of its cases. Returns the import and the cases it made.
 */
export async function plantImportedLedger(
  deps: Deps,
  clock: ManualClock,
  opts: { town: string; now: Date; villages: { parentCode: string | null; centroid: [number, number]; boundary: number[][][][] }[]; log?: (m: string) => void },
) {
  const officer = await demoActor(deps, 'officer');
  const r = mulberry32(20201130);
  const villages = opts.villages.filter((v) => v.parentCode === opts.town);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('存量普查台账');
  ws.addRow(['经度', '纬度', '类别', '面积(m²)', '层数', '结构', '用途', '用地类型', '当事人', '发现日期', '备注']);
  for (let i = 0; i < DEMO_LEDGER_ROWS; i++) {
    const v = villages[(i * 5) % villages.length];
    const [lon, lat] = randomPointIn(r, v.boundary, v.centroid, 0.3);
    const shed = r() < 0.3;
    const day = `2020-${String(4 + Math.floor(r() * 6)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    ws.addRow([
      lon,
      lat,
      shed ? '棚房' : '房屋',
      Math.round(shed ? 30 + r() * 90 : 80 + r() * 520),
      shed ? 1 : 1 + Math.floor(r() * 3),
      shed ? '简易' : pick(r, ['砖混', '钢结构', '框架']),
      shed ? '仓储' : pick(r, ['住宅', '生产', '仓储']),
      pick(r, ['建设用地', '农用地']),
      personName(r),
      day,
      '2020年存量违建普查',
    ]);
  }
  clock.set(new Date(opts.now.getTime() - 75 * 86400_000));
  const { imports } = deps.services;
  const up = await imports.upload(officer, { filename: DEMO_LEDGER_FILE, data: Buffer.from(await wb.xlsx.writeBuffer()) });
  // the import job, run here (the job the upload queued then finds the import done)
  await imports.execute(up.id);
  const done = await imports.get(officer, up.id);
  if (done.errors.length) opts.log?.(`demo ledger: ${done.errors.length} rows refused (${done.errors[0].reasons.join(';')})`);
  opts.log?.(`demo: an imported ledger of ${done.createdCount} cases left untouched (${DEMO_LEDGER_FILE})`);
  return { importId: up.id, cases: done.createdCount };
}
