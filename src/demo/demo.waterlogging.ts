import sharp from 'sharp';
import type { Deps } from '../deps.js';
import type { Actor } from '../platform/auth.js';
import type { ManualClock } from '../platform/clock.js';
import type { ActionInput, CaseAction } from '../modules/cases/case.workflow.js';
import { KINDS } from '../../shared/item-kinds.js';
import { exifChinaTime } from './demo.photos.js';
import { mulberry32, pick, type Rng } from './demo.random.js';

/** How many waterlogging points the demo city found in its rainy season, all closed: "发现 17 处,已销号 17 处". */
export const DEMO_WATERLOGGING_POINTS = 17;

const dms = (v: number) => {
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  return `${d}/1 ${m}/1 ${Math.round(((a - d) * 60 - m) * 60 * 10000)}/10000`;
};

/** A road scene: flooded (before) or dry with a new drain grate along the kerb (after), with EXIF GPS and time. */
async function waterPhoto(r: Rng, o: { lon: number; lat: number; at: Date; flooded: boolean }): Promise<Buffer> {
  const W = 400;
  const H = 300;
  const sky = 90 + r() * 40;
  const p: string[] = [
    `<rect width="${W}" height="${sky}" fill="hsl(${205 + r() * 15},${o.flooded ? 12 : 45}%,${o.flooded ? 62 : 74}%)"/>`,
    `<rect y="${sky}" width="${W}" height="${H - sky}" fill="hsl(90,20%,${35 + r() * 10}%)"/>`,
    `<polygon points="${W * 0.35},${sky} ${W * 0.65},${sky} ${W},${H} 0,${H}" fill="#55585c"/>`,
  ];
  for (let i = 0; i < 4; i++) p.push(`<circle cx="${r() * W}" cy="${sky - 4}" r="${10 + r() * 14}" fill="hsl(${110 + r() * 30},35%,28%)"/>`);
  if (o.flooded) {
    p.push(`<ellipse cx="${W / 2}" cy="${sky + (H - sky) * 0.62}" rx="${150 + r() * 50}" ry="${40 + r() * 20}" fill="hsl(200,45%,45%)" opacity="0.85"/>`);
    for (let i = 0; i < 8; i++) p.push(`<ellipse cx="${60 + r() * 280}" cy="${sky + 60 + r() * 90}" rx="${8 + r() * 10}" ry="2" fill="#cfe3ef" opacity="0.7"/>`);
  } else {
    for (let i = 0; i < 4; i++) p.push(`<rect x="${40 + i * 90}" y="${H - 30}" width="34" height="14" fill="#2d2f31" stroke="#8a8d90"/>`);
    p.push(`<line x1="${W / 2}" y1="${sky + 10}" x2="${W / 2}" y2="${H}" stroke="#f2f2f2" stroke-width="4" stroke-dasharray="18 14"/>`);
  }
  const when = exifChinaTime(o.at);
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${p.join('')}</svg>`))
    .jpeg({ quality: 62 })
    .withExif({
      IFD0: { Make: 'Wuweijian Demo', Model: 'Demo Camera', DateTime: when },
      IFD2: { DateTimeOriginal: when, OffsetTimeOriginal: '+08:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(o.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(o.lon) },
    })
    .toBuffer();
}

const NOTES = ['暴雨后路面积水,车辆绕行', '下穿通道积水,已设警示', '小区出入口积水,居民反映', '雨水口堵塞,路面积水', '农田排涝不畅,机耕路积水'];

/**
 * The city's waterlogging app in the demo (积水点): 17 points reported by the towns' inspectors in last
 * rainy season (梅雨 and typhoon rains, June–August), each assigned, rectified (疏通清淤、排水改造、增设泵站)
 * and accepted with an after-photo at the point; one floods again in a later storm, is reopened and closed
 * again. All closed: "发现 17 处,已销号 17 处". Runs after the cases' replay, on the demo's clock.
 */
export async function seedWaterlogging(
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
  const { cases, photos } = deps.services;
  const r = mulberry32(17_0617);
  const restore = clock.now();
  const day = 86400_000;
  // the last rainy season that is over: this year's from September on, else last year's
  const cn = new Date(o.now.getTime() + 8 * 3600_000);
  const year = cn.getUTCMonth() >= 8 ? cn.getUTCFullYear() : cn.getUTCFullYear() - 1;
  const seasonStart = Date.parse(`${year}-06-10T09:00:00+08:00`);
  const towns = [...o.staff.keys()];
  const decl = KINDS.waterlogging;
  const choices = Object.keys(decl.disposalClasses);
  let t = seasonStart;
  const ids: { id: string; lon: number; lat: number; town: string }[] = [];

  const photo = async (actor: Actor, id: string, caseNo: string, at: Date, lon: number, lat: number, flooded: boolean, place: string) => {
    const bytes = await waterPhoto(r, { lon: lon + (r() - 0.5) * 1e-4, lat: lat + (r() - 0.5) * 1e-4, at, flooded });
    const prepared = await photos.prepare(
      actor,
      bytes,
      { fix: null, accuracyM: null, capturedAt: at, casePoint: [lon, lat], placeText: place, caseNo },
      { storeOriginal: true, storeDerived: true },
    );
    await photos.addPrepared(actor, id, [prepared], flooded ? 'before' : 'after');
  };
  const step = async (at: number, actor: Actor, id: string, action: CaseAction, input: ActionInput = {}) => {
    clock.set(new Date(at));
    await cases.act(actor, id, action, null, input);
  };
  /** 交办 → 确定整治方式 → 整治 → after-photo → 申请验收 → 验收销号, from `start`; returns when it closed. */
  async function rectify(p: { id: string; caseNo: string; lon: number; lat: number; town: string; place: string }, start: number, verify: boolean) {
    const { officer, inspector } = o.staff.get(p.town)!;
    let at = start;
    if (verify) await step((at += day * (0.2 + r())), officer, p.id, 'verify');
    await step((at += day * (1 + r() * 2)), officer, p.id, 'classify', { disposalClass: pick(r, choices) as ActionInput['disposalClass'] });
    await step((at += day * (0.5 + r())), officer, p.id, 'start_rectification');
    at += day * (6 + r() * 16);
    clock.set(new Date(at));
    await photo(inspector, p.id, p.caseNo, new Date(at - 3600_000), p.lon, p.lat, false, p.place);
    await step((at += 3600_000), officer, p.id, 'request_closing', { note: '整治完成,雨后复查无积水' });
    await step((at += day * (1 + r() * 3)), o.city, p.id, 'approve_closing', { note: '验收合格' });
    return at;
  }

  for (let i = 0; i < DEMO_WATERLOGGING_POINTS; i++) {
    const town = towns[i % towns.length];
    const inTown = o.villages.filter((v) => v.town === town);
    const v = inTown[Math.floor(r() * inTown.length)];
    const lon = v.lon + (r() - 0.5) * 0.004;
    const lat = v.lat + (r() - 0.5) * 0.003;
    t += day * (2 + r() * 3.5);
    const found = new Date(t + r() * 6 * 3600_000);
    clock.set(found);
    const { inspector } = o.staff.get(town)!;
    const made = await cases.create(inspector, {
      kind: 'waterlogging',
      lon,
      lat,
      source: 'patrol',
      category: pick(r, Object.keys(decl.categories)),
      foundAt: found,
      note: pick(r, NOTES),
      extra: { depthCm: 10 + Math.round(r() * 50), responsibleUnit: r() < 0.6 ? `${v.name.replace(/村|社区$/, '')}片区建设服务中心` : '市排水有限公司' },
    });
    const p = { id: made.case.id, caseNo: made.case.caseNo, lon, lat, town, place: v.name };
    await photo(inspector, p.id, p.caseNo, found, lon, lat, true, v.name);
    const closedAt = await rectify(p, found.getTime(), true);
    ids.push(p);
    // one point floods again in a later storm: reopened (再次积水) with its history, drained again and closed
    if (i === 3) {
      const again = closedAt + day * 12;
      await step(again, o.staff.get(town)!.inspector, p.id, 'reopen', { reason: '台风暴雨后再次积水,深约 25 cm' });
      await photo(inspector, p.id, p.caseNo, new Date(again - 1800_000), lon, lat, true, v.name);
      await rectify(p, again, false);
    }
  }
  clock.set(restore);
  o.log(`demo: ${ids.length} waterlogging points (积水点) in the ${year} rainy season, all closed`);
}
