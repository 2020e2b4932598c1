import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { Actor } from '../platform/auth.js';
import type { ManualClock } from '../platform/clock.js';
import { campaignsRepo, type BulkItem } from '../modules/campaigns/campaigns.repo.js';
import { chinaDay } from '../modules/settings/work.calendar.js';
import { KINDS } from '../../shared/item-kinds.js';
import { mulberry32, pick, randomPointIn, weighted, type Rng } from './demo.random.js';

/** The pole and line clean-up as the city paper reports it: "全市7292个农村废弃杆线已经整治完成69.7%". */
export const DEMO_POLES = 7292;
export const DEMO_POLES_DONE = 5083;
/** The block clearance around 六店大桥: a few dozen structures. */
export const DEMO_BLOCK_ITEMS = 38;
export const DEMO_BLOCK_DONE = 27;

const DAY = 86_400_000;
type Village = {
  properties: { code: string; parent_code?: string | null; short_name?: string | null; name: string; centroid: [number, number] };
  geometry: { coordinates: number[][][][] };
};
type Open = 'reported' | 'verified' | 'classified' | 'rectifying' | 'closing_requested';
/** The steps from verified to closed, with the status each enters. */
const STEPS = [
  ['classify', 'verified', 'classified'],
  ['start_rectification', 'classified', 'rectifying'],
  ['request_closing', 'rectifying', 'closing_requested'],
  ['approve_closing', 'closing_requested', 'closed'],
] as const;
const DEPTH: Record<Open | 'closed', number> = { reported: -1, verified: 0, classified: 1, rectifying: 2, closing_requested: 3, closed: 4 };

/**
 * One item's life: imported (verified) or reported in the field and verified, then the workflow's steps up to
 * `status`, spread between its start and `end` (its closing, or now for an open one).
 */
function life(
  r: Rng,
  o: { start: Date; end: Date; status: Open | 'closed'; field: boolean; city: Actor; officer: Actor; inspector: Actor; disposal: string },
): Pick<BulkItem, 'events' | 'status' | 'disposalClass' | 'foundAt' | 'verifiedAt' | 'classifiedAt' | 'closedAt' | 'source' | 'reportedBy'> {
  const events: BulkItem['events'] = [];
  const span = Math.max(DAY, o.end.getTime() - o.start.getTime());
  const at = (share: number) => new Date(o.start.getTime() + Math.floor(span * share));
  const n = DEPTH[o.status];
  let verifiedAt: Date | null = null;
  if (o.field) {
    events.push({ at: o.start, kind: 'created', from: null, to: 'reported', actorId: o.inspector.id });
    if (n >= 0) {
      verifiedAt = at(0.05 + r() * 0.05);
      events.push({ at: verifiedAt, kind: 'verify', from: 'reported', to: 'verified', actorId: o.officer.id });
    }
  } else {
    verifiedAt = o.start;
    events.push({ at: o.start, kind: 'created', from: null, to: 'verified', actorId: o.city.id });
  }
  // the steps' moments, increasing, the last at `end` for a closed item
  const marks = [0.15 + r() * 0.15, 0.35 + r() * 0.2, 0.7 + r() * 0.2, 1];
  let classifiedAt: Date | null = null;
  for (let i = 0; i < n; i++) {
    const [kind, from, to] = STEPS[i];
    const when = o.status === 'closed' && i === 3 ? o.end : at(o.status === 'closed' ? marks[i] : marks[i] * 0.9);
    if (kind === 'classify') classifiedAt = when;
    events.push({ at: when, kind, from, to, actorId: kind === 'approve_closing' ? o.city.id : o.officer.id });
  }
  return {
    events,
    status: o.status,
    disposalClass: n >= 1 ? o.disposal : null,
    foundAt: o.start,
    verifiedAt,
    classifiedAt,
    closedAt: o.status === 'closed' ? o.end : null,
    source: o.field ? 'patrol' : 'census_import',
    reportedBy: o.field ? o.inspector.id : o.city.id,
  };
}

/**
 * The demo city's campaigns (专项整治): the rural abandoned pole and line clean-up (7,292 poles and lines in
 * every town, 5,083 done = 69.7 %, progress week by week since it began) and the block clearance around
 * 六店大桥 (38 structures). The campaigns are made through the service; their items are loaded in bulk as
 * cases of kind campaign_item with their timelines and history (the workflow's replay would take minutes
 * for 7,292 items), each status reached by the events that lead to it.
 */
export async function seedCampaigns(
  deps: Deps,
  clock: ManualClock,
  o: { now: Date; city: Actor; staff: Map<string, { inspector: Actor; officer: Actor }>; villages: Village[]; log: (m: string) => void },
) {
  const t0 = Date.now();
  const repo = campaignsRepo(deps.db);
  const { campaigns, audit } = deps.services;
  const restore = clock.now();
  const r = mulberry32(7292);
  const today = chinaDay(o.now);
  const day = (n: number) => chinaDay(new Date(new Date(`${today}T12:00:00+08:00`).getTime() + n * DAY));
  const villagesOf = new Map<string, Village[]>();
  for (const v of o.villages) {
    const town = v.properties.parent_code ?? '';
    if (!o.staff.has(town)) continue;
    villagesOf.set(town, [...(villagesOf.get(town) ?? []), v]);
  }
  const towns = [...villagesOf.keys()].sort();

  async function load(
    id: string,
    items: {
      v: Village;
      at: [number, number];
      ref: string;
      name: string;
      category: string;
      unit: string;
      status: Open | 'closed';
      start: Date;
      end: Date;
      field: boolean;
      deadline: Date | null;
      disposal: string;
    }[],
  ) {
    const year = Number(chinaDay(items[0].start).slice(0, 4));
    const prefix = KINDS.campaign_item.prefix;
    let no = await repo.lastNo(prefix, year);
    const bulk: BulkItem[] = items.map((x) => {
      const town = x.v.properties.parent_code ?? '';
      const st = o.staff.get(town)!;
      no++;
      return {
        id: randomUUID(),
        caseNo: `${prefix}-${year}-${String(no).padStart(6, '0')}`,
        lon: x.at[0],
        lat: x.at[1],
        divisionCode: x.v.properties.code,
        townCode: town,
        divisionPath: `${o.city.divisionCode}/${town}/${x.v.properties.code}`,
        addressText: x.v.properties.short_name ?? x.v.properties.name,
        category: x.category,
        extra: { ref: x.ref, name: x.name, responsibleUnit: x.unit },
        deadlineAt: x.status === 'closed' ? null : x.deadline,
        ...life(r, { start: x.start, end: x.end, status: x.status, field: x.field, city: o.city, officer: st.officer, inspector: st.inspector, disposal: x.disposal }),
      };
    });
    await deps.db.transaction(async () => {
      await repo.insertBulk(id, bulk, { prefix, year, upTo: no });
      await audit.append(o.city, {
        action: 'campaign.import',
        entity: 'campaign',
        entityId: id,
        after: { filename: '演示数据', format: 'xlsx', rows: bulk.length, created: bulk.length, unchanged: 0 },
      });
    });
  }

  // 1. 农村废弃杆线整治: began 21 weeks ago, ends in 9; the closings' pace rises, then holds
  const start = new Date(`${day(-147)}T09:00:00+08:00`);
  clock.set(new Date(start.getTime() - 3 * DAY));
  const poles = await campaigns.create(o.city, {
    name: '农村废弃杆线整治',
    description: '全市农村废弃电力杆、通信杆及废弃架空线路排查整治:供电、电信等权属单位负责拆除清运,镇街督促验收,做到应拆尽拆、拆后清零。',
    startsOn: day(-147),
    endsOn: day(63),
    scopeDivisions: [],
    units: ['供电公司', '电信公司', '移动公司', '联通公司', '广电网络'],
  });
  const statuses: (Open | 'closed')[] = [
    ...Array<'closed'>(DEMO_POLES_DONE).fill('closed'),
    ...Array<Open>(980).fill('verified'),
    ...Array<Open>(430).fill('classified'),
    ...Array<Open>(560).fill('rectifying'),
    ...Array<Open>(DEMO_POLES - DEMO_POLES_DONE - 980 - 430 - 560 - 60).fill('closing_requested'),
    ...Array<Open>(60).fill('reported'),
  ];
  const townWeight = new Map(towns.map((tc) => [tc, tc.endsWith('001') ? 0.25 : 0.7 + r() * 0.6]));
  const span = o.now.getTime() - start.getTime();
  const poleItems = statuses.map((status, i) => {
    const town = weighted(
      r,
      towns.map((tc) => [tc, townWeight.get(tc)!] as const),
    );
    const v = pick(r, villagesOf.get(town)!);
    const at = randomPointIn(r, v.geometry.coordinates, v.properties.centroid, 0.2);
    const unit = weighted(r, [
      ['供电公司', 55],
      ['电信公司', 22],
      ['移动公司', 10],
      ['联通公司', 8],
      ['广电网络', 5],
    ] as const);
    const kind = unit === '供电公司' ? (r() < 0.8 ? '废弃电力杆' : '废弃电力线') : r() < 0.7 ? '废弃通信杆' : '废弃通信线';
    // field reports came in during the campaign; the rest were the census list at its start
    const field = status === 'reported' || r() < 0.04;
    const s = field ? new Date(start.getTime() + Math.floor(r() * span * 0.9)) : start;
    // closings: slow in the first weeks, then a steady pace (share of time = sqrt-ish of the rank)
    const end =
      status === 'closed'
        ? new Date(start.getTime() + Math.floor(span * (0.08 + 0.92 * Math.sqrt(r()))) + Math.floor(r() * 8 * 3600_000))
        : new Date(o.now.getTime() - Math.floor(r() * 3 * DAY));
    const endAt = end.getTime() < s.getTime() + 2 * DAY ? new Date(Math.min(o.now.getTime() - 3600_000, s.getTime() + 2 * DAY + Math.floor(r() * 10 * DAY))) : end;
    // most open items are within their step's deadline; about one in eight is past it
    const deadline = new Date(o.now.getTime() + (r() < 0.12 ? -(1 + Math.floor(r() * 20)) : 2 + Math.floor(r() * 30)) * DAY);
    return {
      v,
      at,
      ref: `GX-${town.slice(-3)}-${String(i + 1).padStart(5, '0')}`,
      name: kind,
      category: 'pole_line',
      unit,
      status,
      start: s,
      end: endAt,
      field,
      deadline,
      disposal: 'demolish',
    };
  });
  await load(poles.id, poleItems);

  // 2. 六店大桥周边地块清零: one block in 钟埭街道, began 10 weeks ago, ends in 3
  const blockTown = towns.includes('330482002') ? '330482002' : towns[0];
  const blockStart = new Date(`${day(-70)}T09:00:00+08:00`);
  clock.set(new Date(blockStart.getTime() - 2 * DAY));
  const block = await campaigns.create(o.city, {
    name: '六店大桥周边地块清零',
    description: '六店大桥周边地块内的违章搭建、废弃棚舍和围墙全部拆除清零,腾出地块用于道路拓宽和绿化。',
    startsOn: day(-70),
    endsOn: day(21),
    scopeDivisions: [blockTown],
    units: ['钟埭街道', '综合行政执法局', '供电公司'],
  });
  const v0 = villagesOf.get(blockTown)![0];
  const NAMES = ['简易棚', '违章仓库', '废弃猪舍', '临时板房', '围墙', '铁皮棚', '废弃厂房', '搭建车棚'];
  const blockStatuses: (Open | 'closed')[] = [
    ...Array<'closed'>(DEMO_BLOCK_DONE).fill('closed'),
    ...Array<Open>(5).fill('rectifying'),
    ...Array<Open>(3).fill('closing_requested'),
    ...Array<Open>(3).fill('verified'),
  ];
  const bspan = o.now.getTime() - blockStart.getTime();
  const blockItems = blockStatuses.map((status, i) => {
    const at = randomPointIn(r, v0.geometry.coordinates, v0.properties.centroid, 0.9);
    const name = pick(r, NAMES);
    return {
      v: v0,
      at,
      ref: `LD-${String(i + 1).padStart(2, '0')}`,
      name,
      category: name === '围墙' ? 'structure' : r() < 0.5 ? 'structure' : 'building',
      unit: name === '废弃厂房' ? '综合行政执法局' : '钟埭街道',
      status,
      start: blockStart,
      end: status === 'closed' ? new Date(blockStart.getTime() + Math.floor(bspan * (0.15 + 0.8 * r()))) : new Date(o.now.getTime() - DAY),
      field: false,
      // two of the open ones are past their deadline
      deadline: new Date(o.now.getTime() + (i >= blockStatuses.length - 2 ? -5 : 7) * DAY),
      disposal: 'demolish',
    };
  });
  await load(block.id, blockItems);
  clock.set(restore);
  o.log(
    `demo: campaigns 农村废弃杆线整治 (${DEMO_POLES} items, ${DEMO_POLES_DONE} done) and 六店大桥周边地块清零 (${DEMO_BLOCK_ITEMS}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { poles: poles.id, block: block.id };
}
