import sharp from 'sharp';
import type { Deps } from '../deps.js';
import type { Actor } from '../platform/auth.js';
import type { ManualClock } from '../platform/clock.js';
import type { Verdict } from '../modules/patches/patch.rules.js';
import { exifChinaTime } from './demo.photos.js';
import { mulberry32, type Rng } from './demo.random.js';

/** The categories of illegal buildings (campaign items are poles and lines; waterlogging points have their own). */
const BUILDING_CATEGORIES = new Set<string | null>(['building', 'structure', 'shed']);

const DAY = 86_400_000;
/** A China day (YYYY-MM-DD) of an instant. */
const chinaDay = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);

const dms = (v: number) => {
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  return `${d}/1 ${m}/1 ${Math.round(((a - d) * 60 - m) * 60 * 10000)}/10000`;
};

/** A field photo of a patch: fields and a shed (or bare ground), with EXIF GPS and time. */
async function fieldPhoto(r: Rng, o: { lon: number; lat: number; at: Date; built: boolean }): Promise<Buffer> {
  const W = 360;
  const H = 270;
  const sky = 80 + r() * 30;
  const p = [
    `<rect width="${W}" height="${sky}" fill="hsl(${200 + r() * 20},40%,${70 + r() * 8}%)"/>`,
    `<rect y="${sky}" width="${W}" height="${H - sky}" fill="hsl(${80 + r() * 30},${30 + r() * 15}%,${38 + r() * 10}%)"/>`,
  ];
  if (o.built) {
    const x = 60 + r() * 120;
    p.push(`<rect x="${x}" y="${sky - 10}" width="${140 + r() * 60}" height="${70 + r() * 20}" fill="hsl(210,${20 + r() * 30}%,${55 + r() * 15}%)"/>`);
    p.push(`<polygon points="${x - 6},${sky - 10} ${x + 100},${sky - 40} ${x + 206},${sky - 10}" fill="hsl(205,45%,45%)"/>`);
  } else for (let i = 0; i < 6; i++) p.push(`<line x1="0" y1="${sky + 20 + i * 28}" x2="${W}" y2="${sky + 10 + i * 30}" stroke="hsl(95,25%,30%)" stroke-width="3"/>`);
  const when = exifChinaTime(o.at);
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${p.join('')}</svg>`))
    .jpeg({ quality: 60 })
    .withExif({
      IFD0: { Make: 'Wuweijian Demo', Model: 'Demo Camera', DateTime: when },
      IFD2: { DateTimeOriginal: when, OffsetTimeOriginal: '+08:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(o.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(o.lon) },
    })
    .toBuffer();
}

/** A building-sized quadrilateral (12–40 m a side, turned) around a point, as GeoJSON. */
function footprint(r: Rng, lon: number, lat: number) {
  const kx = 111_320 * Math.cos((lat * Math.PI) / 180);
  const ky = 110_540;
  const [w, h] = [12 + r() * 28, 10 + r() * 22];
  const a = r() * Math.PI;
  const ring = [
    [-w, -h],
    [w, -h],
    [w, h],
    [-w, h],
    [-w, -h],
  ].map(([x, y]) => [lon + (x * Math.cos(a) - y * Math.sin(a)) / 2 / kx, lat + (x * Math.sin(a) + y * Math.cos(a)) / 2 / ky]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** What happens to a patch of a batch in the demo: its verdict and when (days after import), and whether the town approved it. */
interface Plan {
  verdict: Verdict | null;
  afterDays: number;
  approve: boolean;
}

/**
 * Two batches of change patches (变化图斑) in the demo city, imported through the patch service and checked
 * through it on the demo's clock: last quarter's satellite batch (卫片, due a month and a half ago: most verified
 * on time, some late, a few still outstanding and overdue, a few lying over registered cases and confirmed as
 * 已掌握) and last month's drone batch (无人机, due in ten days: partly done). Runs after the cases exist. Returns
 * how many patches it imported and how many cases their 违法建设 verdicts registered.
 */
export async function seedPatches(
  deps: Deps,
  clock: ManualClock,
  o: {
    now: Date;
    city: Actor;
    staff: Map<string, { inspector: Actor; officer: Actor }>;
    villages: { code: string; town: string; name: string; lon: number; lat: number }[];
    log: (m: string) => void;
  },
) {
  const { patches, cases } = deps.services;
  const r = mulberry32(20_261_210);
  const restore = clock.now();
  const t0 = Date.now();
  const now = o.now.getTime();
  const cn = new Date(now + 8 * 3600_000);
  // last quarter's satellite batch, and last month's drone batch
  const q = Math.floor(cn.getUTCMonth() / 3); // this quarter 0–3
  const qYear = q === 0 ? cn.getUTCFullYear() - 1 : cn.getUTCFullYear();
  const lastQ = q === 0 ? 4 : q;
  const mYear = cn.getUTCMonth() === 0 ? cn.getUTCFullYear() - 1 : cn.getUTCFullYear();
  const lastM = cn.getUTCMonth() === 0 ? 12 : cn.getUTCMonth();
  const batches = [
    { batchNo: `${qYear}年第${lastQ}季度卫片`, source: 'satellite' as const, detected: now - 75 * DAY, due: now - 45 * DAY, count: 26, matched: 4 },
    { batchNo: `${mYear}年${lastM}月无人机`, source: 'drone' as const, detected: now - 20 * DAY, due: now + 10 * DAY, count: 14, matched: 2 },
  ];
  const towns = [...o.staff.keys()];
  // open illegal buildings (not campaign items or waterlogging points, which the import does not match)
  const open = (await cases.list(o.city, { status: ['reported', 'verified', 'classified', 'rectifying'] }, 'found_at', true, 200, 0)).items.filter((c) =>
    BUILDING_CATEGORIES.has(c.category),
  );
  let total = 0;
  let casesMade = 0;
  for (const [bi, b] of batches.entries()) {
    // patches spread over the towns, a few hundred metres from a village's centre; the first ones over a registered case
    const features: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[] = [];
    const prefix = b.source === 'satellite' ? `WP${qYear}Q${lastQ}` : `UAV${mYear}${String(lastM).padStart(2, '0')}`;
    for (let i = 0; i < b.count; i++) {
      const town = towns[(i + bi * 3) % towns.length];
      const vs = o.villages.filter((v) => v.town === town);
      const v = vs[Math.floor(r() * vs.length)];
      let [lon, lat] = [v.lon + (r() - 0.5) * 0.006, v.lat + (r() - 0.5) * 0.005];
      if (i < b.matched && open.length) {
        // over a registered, open illegal building (the import matches it: 已掌握)
        const c = open[(i * 5 + bi * 11) % open.length];
        [lon, lat] = [Number(c.lon) + 0.00005, Number(c.lat)];
      }
      const code = `${prefix}-${String(i + 1).padStart(3, '0')}`;
      features.push({
        type: 'Feature',
        properties: { TBBH: code, XZQMC: v.name, JCMJ: 0, BHLX: pick3(r, ['新增建设用地', '疑似违法建设', '地表覆盖变化']) },
        geometry: footprint(r, lon, lat),
      });
    }
    clock.set(new Date(b.detected + 3 * DAY));
    const report = await patches.importBatch(o.city, {
      filename: `${b.batchNo}.geojson`,
      bytes: new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features })),
      batchNo: b.batchNo,
      source: b.source,
      detectedOn: chinaDay(b.detected),
      dueOn: chinaDay(b.due),
      note: b.source === 'satellite' ? '省自然资源厅下发卫片执法图斑' : '市三改一拆办无人机巡飞',
    });
    if (!report.applied) throw new Error(`demo patches: ${b.batchNo} not imported: ${report.problems.join('; ')}`);
    total += report.counts.tasks + report.counts.matched;
    const list = (await patches.list(o.city, { batchId: report.batchId!, limit: 500, offset: 0 })).items;
    const importedAt = b.detected + 3 * DAY;
    const window = (b.due - importedAt) / DAY;
    for (const [i, p] of list.entries()) {
      const { inspector, officer } = o.staff.get(p.townCode)!;
      if (p.status === 'submitted') {
        // a match with a registered case: confirmed by the town, but one of each batch still waits
        if (i % 4 !== 3) {
          clock.set(new Date(importedAt + (1 + r() * 4) * DAY));
          await patches.review(officer, p.id, { action: 'approve', reason: null, version: p.version });
        }
        continue;
      }
      const plan = planFor(r, i, b.source, window, (now - importedAt) / DAY);
      if (!plan.verdict) continue;
      const at = importedAt + plan.afterDays * DAY;
      clock.set(new Date(at));
      const bytes = await fieldPhoto(r, { lon: p.lon, lat: p.lat, at: new Date(at - 600_000), built: plan.verdict !== 'not_found' });
      const done = await patches.verdict(
        inspector,
        p.id,
        {
          verdict: plan.verdict,
          note:
            plan.verdict === 'legal'
              ? `建设工程规划许可证 建字第3304822026${String(100 + i).padStart(5, '0')}号`
              : plan.verdict === 'violation'
                ? '现场为新建简易棚房,未见审批手续'
                : '现场为农田,未发现新增建筑',
          caseId: null,
          version: p.version,
        },
        [bytes],
        { lon: p.lon, lat: p.lat, accuracy: 6 + Math.round(r() * 10), capturedAt: new Date(at - 600_000).toISOString() },
      );
      if (plan.verdict === 'violation') casesMade++;
      if (plan.approve) {
        clock.set(new Date(Math.min(at + (0.5 + r() * 2) * DAY, now - 3600_000)));
        await patches.review(officer, p.id, { action: 'approve', reason: null, version: done.version });
      }
    }
  }
  clock.set(restore);
  o.log(`demo: ${total} change patches in ${batches.length} batches (${batches.map((b) => b.batchNo).join(', ')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { patches: total, cases: casesMade };
}

function pick3<T>(r: Rng, xs: T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/**
 * The fate of the i-th field task of a batch: in the satellite batch (its due day long past) about six in ten
 * verified on time, two late, the rest outstanding; in the drone batch (still running) about half done so far.
 */
function planFor(r: Rng, i: number, source: 'satellite' | 'drone', window: number, since: number): Plan {
  const verdict: Verdict = i % 7 === 2 ? 'violation' : i % 11 === 5 ? 'legal' : 'not_found';
  const k = i % 10;
  if (source === 'satellite') {
    if (k < 6) return { verdict, afterDays: 2 + r() * (window - 4), approve: true };
    if (k < 8) return { verdict, afterDays: window + 2 + r() * 12, approve: true };
    if (k === 8) return { verdict, afterDays: Math.min(window + 20, since - 1), approve: false };
    return { verdict: null, afterDays: 0, approve: false };
  }
  if (k < 5) return { verdict, afterDays: 1 + r() * Math.max(1, since - 3), approve: k < 4 };
  return { verdict: null, afterDays: 0, approve: false };
}
