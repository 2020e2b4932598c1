// Over 400 lines: one replay of a demo city (accounts, cases, photos, workflow steps), read top to bottom; its data and randomness are in the files beside it.
import fs from 'node:fs';
import { demoActor } from './demo.actor.js';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { OFFICIAL_YEARS } from '../modules/settings/official.holidays.js';
import { ManualClock } from '../platform/clock.js';
import type { Actor } from '../platform/auth.js';
import type { Role } from '../db/schema.js';
import { createDeps, type Deps } from '../deps.js';
import type { DivisionInput } from '../modules/divisions/divisions.repo.js';
import type { NewCase } from '../modules/cases/cases.service.js';
import type { CaseAction, ActionInput } from '../modules/cases/case.workflow.js';
import type { DisposalClass } from '../modules/cases/cases.enums.js';
import { demoPhoto } from './demo.photos.js';
import { demoRepo } from './demo.repo.js';
import { suggestDisposal } from '../modules/settings/disposal.rules.js';
import type { PreparedPhoto } from '../modules/photos/photos.service.js';
import { inMultiPolygon } from '../../shared/geo.js';
import { enterpriseName, idNumber, mulberry32, personName, phone, pick, randomPointIn, uscc, weighted } from './demo.random.js';
import { plantAlertSituations, plantImportedLedger } from './demo.alerts.js';
import { seedLetters } from './demo.letters.js';
import { seedWaterlogging } from './demo.waterlogging.js';
import { seedCampaigns } from './demo.campaigns.js';
import { seedPatches } from './demo.patches.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEMO_DIVISIONS_FILE = path.join(here, 'data', 'pinghu-divisions.geojson');

interface DivFeature {
  properties: DivisionInput & { centroid: [number, number] };
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export function loadDemoDivisions(): DivFeature[] {
  return JSON.parse(fs.readFileSync(DEMO_DIVISIONS_FILE, 'utf8')).features;
}

/** The accounts a newcomer logs in with (demo data; the password is printed at start). */
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; division: 'city' | 'town'; department?: string }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', division: 'city' },
  { username: 'city', displayName: '市三改一拆办 王主任', role: 'city_office', division: 'city' },
  { username: 'supervisor', displayName: '市纪委监委 李监察员', role: 'supervisor', division: 'city' },
  { username: 'dept', displayName: '自然资源和规划局 赵科长', role: 'department', division: 'city', department: '自然资源和规划局' },
  { username: 'officer', displayName: '新埭镇三改一拆办 陈专员', role: 'town_officer', division: 'town' },
  { username: 'inspector', displayName: '新埭镇巡查员 张巡查', role: 'inspector', division: 'town' },
];
/** The town of the demo town officer and inspector. */
export const DEMO_TOWN = '330482102';
/** The share of villages that are weak (薄弱村): the few that the five-colour map should single out. */
export const WEAK_VILLAGE_SHARE = 0.07;
/** This week's places reported twice in the demo town, on top of the cases asked for (2 cases each). */
export const DEMO_DUPLICATE_PAIRS = 3;

type Step = { at: Date; seq: number; run: () => Promise<void> /** the case this step creates */; createOf?: number };

/**
 * Seeds the demo city into an empty database: real division names and codes with synthetic
 * boundaries, accounts, and cases whose histories are written by the same service functions the
 * API calls, in time order, with a clock moved back to each moment.
 */
export async function seedDemo(
  base: Deps,
  opts: {
    cases?: number;
    password?: string;
    log?: (m: string) => void;
    seed?: number;
    now?: Date;
    photoShare?: number;
    /** A new database nothing else uses yet: drop the busy tables' secondary indexes for the replay and build them after. */
    bulkIndexes?: boolean;
  } = {},
) {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const now = opts.now ?? new Date();
  const clock = new ManualClock(new Date(now.getTime() - 25 * 30 * 86400_000));
  const deps = createDeps(base.config, base.db, { clock, blobs: base.blobs });
  const { divisions, users, cases, photos } = deps.services;
  const r = mulberry32(opts.seed ?? 20261127);
  const nCases = opts.cases ?? base.config.demoCases;
  const password = opts.password ?? base.config.demoPassword ?? randomBytes(9).toString('base64url');

  // the official calendar the notices published, so the demo's deadlines skip 春节 and 国庆 as a county's do
  for (const y of OFFICIAL_YEARS) await deps.services.settings.importOfficial(null, y.year);

  const feats = loadDemoDivisions();
  await divisions.importTree(
    null,
    feats.map((f) => ({ ...f.properties, boundary: f.geometry, centroid: f.properties.centroid })),
  );
  const towns = feats.filter((f) => f.properties.level === 'town');
  const villages = feats.filter((f) => f.properties.level === 'village');
  const divActor = (username: string) => demoActor(deps, username);

  // demo accounts, then one inspector and one officer per town as the city's field staff
  const accounts: string[] = [];
  for (const a of DEMO_ACCOUNTS) {
    const code = a.division === 'city' ? '330482' : DEMO_TOWN;
    await users.create(null, { username: a.username, displayName: a.displayName, password, role: a.role, divisionCode: code, department: a.department ?? null }, { demo: true });
    const dname = feats.find((f) => f.properties.code === code)!.properties.name;
    accounts.push(`${a.role}\t${a.username}\t${dname}(${code})\t${password}`);
  }
  const staff = new Map<string, { inspector: Actor; officer: Actor }>();
  for (const t of towns) {
    const code = t.properties.code;
    if (code === DEMO_TOWN) {
      staff.set(code, { inspector: await divActor('inspector'), officer: await divActor('officer') });
      continue;
    }
    const suffix = code.slice(-3);
    const staffPw = randomBytes(18).toString('base64url'); // field staff of the demo: nobody logs in as them
    await users.create(
      null,
      {
        username: `xc${suffix}`,
        displayName: `${t.properties.short_name}巡查员 ${personName(r)}`,
        password: staffPw,
        role: 'inspector',
        divisionCode: code,
      },
      { demo: true },
    );
    await users.create(
      null,
      {
        username: `zy${suffix}`,
        displayName: `${t.properties.short_name}三改一拆办 ${personName(r)}`,
        password: staffPw,
        role: 'town_officer',
        divisionCode: code,
      },
      { demo: true },
    );
    staff.set(code, { inspector: await divActor(`xc${suffix}`), officer: await divActor(`zy${suffix}`) });
  }
  const city = await divActor('city');
  const dept = await divActor('dept');

  // Towns differ: how much illegal building there is, and how fast the town clears it. Pinghu is a
  // provincial model county (无违建示范县): every town works, some faster than others; a few villages
  // are weak (薄弱村): more new violations, more complaints, found less by their own patrol, slower to
  // act and to decide a deferral again. The index's goalposts are calibrated on this city (docs/index.md).
  const townTraits = new Map(towns.map((t) => [t.properties.code, { density: 0.4 + r() * 1.6, speed: 0.5 + r() * 0.55 }]));
  const weakVillages = new Set(villages.filter(() => r() < WEAK_VILLAGE_SHARE).map((v) => v.properties.code));
  const villageWeights = villages.map((v) => {
    const tt = townTraits.get(v.properties.parent_code!)!;
    const rural = v.properties.kind === 'village' ? 1.6 : 0.6;
    return [v, (v.properties.land_area_km2 ?? 1) * tt.density * rural * (0.3 + r() * 1.4)] as const;
  });
  // new violations: where stock was, and more often in a weak village
  const newWeights = villageWeights.map(([v, w]) => [v, weakVillages.has(v.properties.code) ? w * 1.25 : w] as const);

  const start = new Date(now.getTime() - 24 * 30.4 * 86400_000);
  const span = now.getTime() - start.getTime();
  const day = 86400_000;
  const steps: Step[] = [];
  let seq = 0;
  // people work 08:00–18:00 China time: squeeze each day into those hours (monotonic, so order holds)
  const office = (t: number) => {
    const start = Math.floor((t + 8 * 3600_000) / day) * day - 8 * 3600_000;
    return start + 8 * 3600_000 + ((t - start) / day) * 10 * 3600_000;
  };
  const at = (t: number) => new Date(Math.min(office(t), now.getTime() - 60_000));
  const schedule = (t: number, run: () => Promise<void>, createOf?: number) => {
    const w = office(t);
    if (w < now.getTime() - 60_000) steps.push({ at: new Date(w), seq: seq++, run, createOf });
  };
  let photoCount = 0;
  // photos are drawn and rendered (watermark, thumbnail, hash) in parallel before the replay; a step only stores them
  const photoPlan: { seed: number; lon: number; lat: number; at: Date; stage: 'before' | 'during' | 'after'; actor: Actor; caseOf: number }[] = [];
  const prepared: (Promise<PreparedPhoto> | undefined)[] = [];
  /** Each case's point and place, and (after the steps are sorted) the number it will get. */
  const caseInfo: { lon: number; lat: number; placeText: string }[] = [];
  const caseNoOf: string[] = [];
  const townShort = new Map(towns.map((t) => [t.properties.code, t.properties.short_name]));
  const storePhoto = (k: number, caseId: () => string) => async () => {
    const p = photoPlan[k];
    await photos.addPrepared(p.actor, caseId(), [await prepared[k]!], p.stage);
    prepared[k] = undefined;
    photoCount++;
  };
  // besides the photos a patrol report and a closing need, about 150 more cases get a 'before' photo (5 %
  // of the default demo): enough to browse, while a large demo does not spend its time rendering (a model
  // county closes most of its cases, and each closing needs its 'after' photo)
  const photoShare = opts.photoShare ?? Math.min(0.35, 150 / Math.max(1, nCases));
  // The one new violation on basic farmland of last month (red line R1 of the index, 一票否决): found on
  // the satellite imagery in a weak village in the middle of the last calendar month (China time), so the
  // five-colour map of the last period shows what a red line does. The last case of the loop is it.
  const redLineVillage = villages.find((v) => weakVillages.has(v.properties.code) && v.properties.kind === 'village') ?? villages[0];
  const cn = new Date(now.getTime() + 8 * 3600_000);
  const redLineAt = Date.UTC(cn.getUTCFullYear(), cn.getUTCMonth() - 1, 14, 2);

  const placed = new Map<string, { lon: number; lat: number; t: number; id: { get: () => string }; category: NewCase['category'] }[]>();
  for (let i = 0; i < nCases; i++) {
    const redLine = i === nCases - 1;
    const stock = r() < 0.55 && !redLine;
    const v = redLine ? redLineVillage : weighted(r, stock ? villageWeights : newWeights);
    const townCode = v.properties.parent_code!;
    const tt = townTraits.get(townCode)!;
    const weak = weakVillages.has(v.properties.code);
    const st = staff.get(townCode)!;
    let [lon, lat] = randomPointIn(r, v.geometry.coordinates, v.properties.centroid, 0.4);
    const enterprise = r() < 0.22;
    // the census found old buildings on basic farmland; a new one there is rare in a model county (and
    // vetoes its village's colour: red line R1 of the index)
    const landType = redLine
      ? 'basic_farmland'
      : weighted(r, [
          ['construction', 45],
          ['agricultural', 20],
          ['cultivated', 20],
          ['basic_farmland', stock ? 7 : weak ? 1 : 0.3],
          ['unused', 8],
        ] as const);
    // a working patrol finds most new violations itself; in a weak village complaints and the imagery do
    const source = stock
      ? 'census_import'
      : redLine
        ? 'satellite'
        : weighted(r, [
            ['patrol', weak ? 56 : 70],
            ['complaint', weak ? 14 : 7],
            ['satellite', weak ? 10 : 6],
            ['drone', weak ? 4 : 8],
            ['department', 3],
            ['provincial', 3],
            ['prefecture', 3],
          ] as const);
    const category = weighted(r, [
      ['building', 55],
      ['shed', 30],
      ['structure', 12],
      ['pole_line', 3],
    ] as const);
    const pole = category === 'pole_line'; // an abandoned pole or line (专项整治): no floor area to speak of
    const area = pole ? 1 : Math.round((category === 'shed' ? 20 + r() * 180 : 40 + r() * (enterprise ? 1500 : 400)) * 10) / 10;
    const input: NewCase = {
      lon,
      lat,
      source,
      origin: stock ? 'stock' : 'new',
      category,
      areaM2: area,
      floors: pole ? null : category === 'building' ? 1 + Math.floor(r() * 3) : 1,
      structure: pole ? 'other' : category === 'shed' ? 'simple' : pick(r, ['brick_concrete', 'frame', 'steel', 'steel', 'wood']),
      use: pole ? 'other' : enterprise ? pick(r, ['production', 'storage', 'storage']) : pick(r, ['residential', 'storage', 'livestock', 'commercial', 'other']),
      landType,
      ownerKind: enterprise ? 'enterprise' : r() < 0.08 ? 'collective' : 'individual',
      ownerName: personName(r),
      ownerIdNumber: idNumber(r),
      ownerPhone: phone(r),
      enterpriseName: enterprise ? enterpriseName(r) : null,
      enterpriseUscc: enterprise ? uscc(r) : null,
      addressGroup: String(1 + Math.floor(r() * 12)),
      addressHouseNo: String(1 + Math.floor(r() * 180)),
      safetyRisk: weighted(r, [
        ['low', 70],
        ['medium', 22],
        ['high', 8],
      ] as const),
      note: null,
      externalRefs: source === 'provincial' || source === 'prefecture' ? [{ system: source, externalId: `${source === 'provincial' ? 'ZJ' : 'JX'}-${100000 + i}` }] : undefined,
      // a satellite or drone find arrives as a change patch (变化图斑) traced on the imagery
      footprint: source === 'satellite' || source === 'drone' ? changePatch(lon, lat, area, i) : null,
    };
    // stock arrives with the baseline census in the first two months; new cases over the whole span,
    // a little less often lately (新增管控 works: the rate falls from 1.15 to 0.85 of the mean)
    const t = stock ? start.getTime() + r() * 60 * day : redLine ? redLineAt : start.getTime() + decliningShare(r()) * span;
    if (stock) input.foundAt = new Date(start.getTime() - (30 + r() * 3000) * day).toISOString();
    let id = '';
    let version = 1;
    // some patrol reports are the same violation reported again: a few metres from an earlier case of the
    // village (the officer merges them; the latest ones still wait, marked by the duplicate scoring)
    const earlier = placed.get(v.properties.code) ?? [];
    const twin = source === 'patrol' && r() < 0.06 ? earlier.find((e) => e.t < t - day) : undefined;
    if (twin) {
      lon = twin.lon + ((r() - 0.5) * 30) / 95_000;
      lat = twin.lat + ((r() - 0.5) * 30) / 111_000;
      // a twin at the village's edge stays on its side of the border (the report must fall in a village)
      if (!inMultiPolygon(lon, lat, v.geometry.coordinates)) [lon, lat] = [twin.lon, twin.lat];
      input.lon = lon;
      input.lat = lat;
      input.category = twin.category;
    }
    const idRef = { get: () => id };
    earlier.push({ lon, lat, t, id: idRef, category: input.category! });
    placed.set(v.properties.code, earlier);
    const reporter = stock || ['provincial', 'prefecture'].includes(source) ? city : source === 'department' ? dept : st.inspector;
    const withPhoto = r() < photoShare;
    const pr = mulberry32(i + 1);
    // photos are drawn before the replay (in parallel); the step only uploads them
    const ci = caseInfo.length;
    caseInfo.push({ lon, lat, placeText: `${townShort.get(townCode) ?? ''} ${v.properties.short_name}` });
    const addPhoto = (stage: 'before' | 'during' | 'after', actor: Actor, when: Date, near = 12) => {
      const plon = lon + (pr() - 0.5) * near * 2e-5;
      const plat = lat + (pr() - 0.5) * near * 2e-5;
      const k = photoPlan.length;
      photoPlan.push({ seed: Math.floor(pr() * 2 ** 31), lon: plon, lat: plat, at: when, stage, actor, caseOf: ci });
      return storePhoto(k, () => id);
    };
    const act = async (actor: Actor | 'system', a: CaseAction, extra: ActionInput = {}) => {
      const res: any = await cases.act(actor, id, a, version, extra);
      version = res.version;
    };
    const beforePhoto = withPhoto || source === 'patrol' ? addPhoto('before', st.inspector, at(t)) : null;
    schedule(
      t,
      async () => {
        const res = await cases.create(reporter, input);
        if (res.case.caseNo !== caseNoOf[ci]) throw new Error(`demo: case ${ci} got ${res.case.caseNo}, its photos were rendered for ${caseNoOf[ci]}`);
        id = res.case.id;
        version = res.case.version;
        if (beforePhoto) await beforePhoto();
      },
      ci,
    );
    // the life of the case; fast towns move sooner, a weak village at two thirds of its town's pace. A new
    // violation is dealt with at once (即查即拆: verified in days, demolished within weeks); the stock over months.
    const speed = tt.speed * (weak ? 0.65 : 1);
    const pace = (base: number) => (base * (0.4 + r() * 1.2)) / speed;
    let tt2 = t;
    if (!stock && !['department', 'provincial', 'prefecture'].includes(source)) {
      tt2 += pace(2) * day;
      if (twin) {
        schedule(tt2, () => act(st.officer, 'reject', { reason: '重复上报,已有案件', duplicateOf: twin.id.get() }));
        continue;
      }
      if (r() < 0.04 && !redLine) {
        schedule(tt2, () => act(st.officer, 'reject', { reason: '经核实为合法建筑,已办理审批手续' }));
        continue;
      }
      const verifyDeadline = new Date(tt2 + 15 * day).toISOString().slice(0, 10);
      schedule(tt2, () => act(st.officer, 'verify', { deadline: verifyDeadline }));
    }
    // classification: basic farmland and high risk are demolished, and so are most new violations (the
    // policy: 新增违建即查即拆); for the stock the officer mostly follows the disposal rules' suggestion
    // (enterprises often remedy); a decision against the suggestion gives a reason
    const sug = suggestDisposal({
      ownerKind: input.ownerKind ?? null,
      onBasicFarmland: landType === 'basic_farmland',
      onCultivatedLand: landType === 'cultivated' || landType === 'basic_farmland',
      safetyRisk: input.safetyRisk ?? 'low',
      landType,
      use: input.use ?? null,
      structure: input.structure ?? null,
      areaM2: input.areaM2 ?? null,
      origin: input.origin ?? 'new',
      enterpriseName: input.enterpriseName ?? null,
    }).disposalClass;
    const cls: DisposalClass =
      landType === 'basic_farmland' || input.safetyRisk === 'high'
        ? 'demolish'
        : !stock
          ? r() < 0.85
            ? 'demolish'
            : weighted(r, [
                ['remedy', 80],
                ['defer', 20],
              ] as const)
          : sug && r() < 0.75
            ? sug
            : weighted(r, [
                ['demolish', 55],
                ['remedy', enterprise ? 35 : 20],
                ['defer', enterprise ? 15 : 10],
              ] as const);
    const decide = (c: DisposalClass, when: number, review?: number): ActionInput => ({
      disposalClass: c,
      reason: sug && sug !== c ? OVERRIDE_REASONS[c] : undefined,
      remedyRef: c === 'remedy' ? `平自然资规〔${new Date(when).getFullYear()}〕${100 + Math.floor(r() * 800)}号` : undefined,
      deferReason: c === 'defer' ? pick(r, ['涉及企业生产经营,待搬迁安置后处置', '位于规划调整区域,待规划明确', '涉及民生保障用房,暂缓处置']) : undefined,
      reviewDate: review !== undefined ? new Date(review + 8 * 3600_000).toISOString().slice(0, 10) : undefined,
      deadline: new Date(when + (c === 'demolish' ? 30 : 90) * day).toISOString().slice(0, 10),
    });
    tt2 += pace(stock ? 170 : 7) * day;
    let decision = cls;
    if (cls === 'defer') {
      const reviewAt = tt2 + (60 + r() * 240) * day;
      const deferral = decide('defer', tt2, reviewAt);
      schedule(tt2, () => act(st.officer, 'classify', deferral));
      schedule(reviewAt + day, () => act('system', 'review_due'));
      // 缓一批 is not 缓到底: at the review date the town decides again within weeks (a weak village often does not)
      if (r() > (weak ? 0.5 : 0.9)) continue;
      tt2 = reviewAt + day + pace(8) * day;
      decision = r() < 0.55 ? 'demolish' : 'remedy';
      const again = { ...decide(decision, tt2), reason: `暂缓期满复议:${decision === 'demolish' ? '条件已具备,依法拆除' : '已具备补办条件,整改补办'}` };
      schedule(tt2, () => act(st.officer, 'classify', again));
    } else {
      const first = decide(cls, tt2);
      schedule(tt2, () => act(st.officer, 'classify', first));
    }
    tt2 += pace(stock ? 20 : 4) * day;
    schedule(tt2, () => act(st.officer, 'start_rectification'));
    if (withPhoto && r() < 0.5) {
      const tp = tt2 + pace(stock ? 10 : 5) * day;
      schedule(tp, addPhoto('during', st.inspector, at(tp)));
    }
    tt2 += pace(decision === 'demolish' ? (stock ? 80 : 20) : 160) * day;
    const tAfter = tt2;
    schedule(tAfter, addPhoto('after', st.inspector, at(tAfter)));
    tt2 += pace(stock ? 5 : 2) * day;
    schedule(tt2, () => act(st.officer, 'request_closing'));
    tt2 += pace(7) * day;
    const returned = r() < 0.1;
    if (returned) {
      schedule(tt2, () => act(city, 'return_closing', { reason: '整改后照片未能反映拆除全貌,请补充' }));
      tt2 += pace(10) * day;
      schedule(tt2, () => act(st.officer, 'request_closing'));
      tt2 += pace(7) * day;
    }
    schedule(tt2, () => act(city, 'approve_closing'));
    // a demolished building rarely comes back in a model county; in a weak village more often
    if (decision === 'demolish' && r() < (weak ? 0.04 : 0.015)) {
      tt2 += (30 + r() * 200) * day;
      schedule(tt2, () => act(st.officer, 'reopen', { reason: '巡查发现原址复建' }));
    }
  }

  // this week in the demo town: three places reported twice by the patrol, not yet looked at; the
  // duplicate scoring marks the second report of each pair for the town officer (疑似重复)
  const demoVillages = villages.filter((v) => v.properties.parent_code === DEMO_TOWN);
  const demoStaff = staff.get(DEMO_TOWN)!;
  for (let k = 0; k < DEMO_DUPLICATE_PAIRS; k++) {
    const v = demoVillages[(k * 5) % demoVillages.length];
    const [plon, plat] = randomPointIn(r, v.geometry.coordinates, v.properties.centroid, 0.3);
    const seedPhoto = Math.floor(r() * 2 ** 31);
    const t1 = now.getTime() - (4 + k) * day;
    const t2 = now.getTime() - (1 + k * 0.3) * day;
    // the second report 8–18 m away, on the side that stays inside the village (one at the city's edge has no east)
    const dx = (8 + r() * 10) / 95_000;
    const dy = ((r() - 0.5) * 10) / 111_000;
    const near = [
      [dx, dy],
      [-dx, dy],
      [-dy * 1.17, dx * 0.856],
      [dy * 1.17, -dx * 0.856],
    ].find(([x, y]) => inMultiPolygon(plon + x, plat + y, v.geometry.coordinates)) ?? [0, 0];
    for (const [n, tn] of [t1, t2].entries()) {
      const lon2 = plon + (n ? near[0] : 0);
      const lat2 = plat + (n ? near[1] : 0);
      const k2 = photoPlan.length;
      const ci = caseInfo.length;
      caseInfo.push({ lon: lon2, lat: lat2, placeText: `${townShort.get(DEMO_TOWN) ?? ''} ${v.properties.short_name}` });
      photoPlan.push({ seed: seedPhoto, lon: lon2, lat: lat2, at: at(tn), stage: 'before', actor: demoStaff.inspector, caseOf: ci });
      let pairId = '';
      const store = storePhoto(k2, () => pairId);
      schedule(
        tn,
        async () => {
          const res = await cases.create(demoStaff.inspector, {
            lon: lon2,
            lat: lat2,
            source: 'patrol',
            category: 'shed',
            areaM2: 60 + k * 25,
            note: n ? '巡查发现新搭建彩钢棚' : '村口新搭建彩钢棚,正在施工',
          });
          if (res.case.caseNo !== caseNoOf[ci]) throw new Error(`demo: case ${ci} got ${res.case.caseNo}, its photos were rendered for ${caseNoOf[ci]}`);
          pairId = res.case.id;
          await store();
        },
        ci,
      );
    }
  }

  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
  // the numbers the cases will get (per year, in the order they are created), so their photos can be rendered now
  const perYear = new Map<number, number>();
  for (const st of steps) {
    if (st.createOf === undefined) continue;
    const year = st.at.getFullYear();
    const no = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, no);
    caseNoOf[st.createOf] = `PH-${year}-${String(no).padStart(6, '0')}`;
  }
  // Photos are drawn and rendered (watermark, thumbnail, hash) on sharp's threads while the replay
  // runs on this one, in the order the replay stores them; a step that stores a photo waits for it.
  const tp = Date.now();
  // (a photo's time is the time of the step that stores it; one whose step would come after now, and so is
  // not replayed, is not rendered)
  const used = (k: number) => photoPlan[k].at.getTime() < now.getTime() - 60_000;
  const order = photoPlan
    .map((_, k) => k)
    .filter(used)
    .sort((a, b) => photoPlan[a].at.getTime() - photoPlan[b].at.getTime());
  const settle: ((p: PreparedPhoto) => void)[] = [];
  const fail: ((e: unknown) => void)[] = [];
  photoPlan.forEach((_, k) => {
    prepared[k] = new Promise<PreparedPhoto>((res, rej) => {
      settle[k] = res;
      fail[k] = rej;
    });
    prepared[k]!.catch(() => undefined); // awaited by its step; a photo no step stores may fail unseen
  });
  let next = 0;
  let photosDone: number | null = null;
  const rendering = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < order.length) {
        const k = order[next++];
        const p = photoPlan[k];
        const c = caseInfo[p.caseOf];
        try {
          settle[k](
            await photos.prepare(
              p.actor,
              await demoPhoto(mulberry32(p.seed), p),
              { fix: null, accuracyM: null, capturedAt: p.at, casePoint: [c.lon, c.lat], placeText: c.placeText, caseNo: caseNoOf[p.caseOf] ?? null },
              { storeOriginal: true, storeDerived: true },
            ),
          );
        } catch (e) {
          fail[k](e);
        }
      }
    }),
  ).then(() => (photosDone = Date.now()));
  log(
    `demo: ${towns.length} towns, ${villages.length} villages; replaying ${steps.length} workflow steps for ${nCases} cases while rendering ${order.length} photos (${(['before', 'during', 'after'] as const).map((st) => `${st} ${order.filter((k) => photoPlan[k].stage === st).length}`).join(', ')}) …`,
  );
  // Building an empty database: the secondary indexes of the busy tables are dropped for the replay and
  // built again after it (a bulk load; a quarter of the replay's time is index upkeep otherwise).
  const indexes = demoRepo(base.db);
  const rebuild = opts.bulkIndexes ? await indexes.dropSecondaryIndexes() : [];
  try {
    // steps run in batches of a few hundred per transaction: fewer commits, but no transaction so long
    // that the rows it keeps updating (the case-number counter) grow long version chains
    for (let b = 0; b < steps.length; b += 300) {
      await base.db.transaction(async () => {
        for (const s of steps.slice(b, b + 300)) {
          clock.set(s.at);
          await s.run();
          // PGlite runs on this thread without yielding to the event loop: let the photo pipeline's
          // finished sharp work continue between steps, or the other core idles
          await new Promise((r) => setImmediate(r));
        }
      });
    }
  } finally {
    await indexes.buildIndexes(rebuild);
  }
  await rendering;
  log(
    `demo: photos rendered in ${(((photosDone ?? Date.now()) - tp) / 1000).toFixed(1)} s, replay done in ${((Date.now() - tp) / 1000).toFixed(1)} s${rebuild.length ? ` (${rebuild.length} indexes rebuilt)` : ''}`,
  );
  const alertSituations = await plantAlertSituations(deps, clock, { town: DEMO_TOWN, now, log }); // supervision alerts' situations (demo.alerts.ts)
  await seedLetters(deps, clock, { city, now, fontDir: base.config.pdfFontDir, log }); // each town's responsibility letters (demo.letters.ts)
  const villagePoints = villages.map((v) => ({
    code: v.properties.code,
    town: v.properties.parent_code ?? '',
    name: v.properties.short_name ?? v.properties.name,
    lon: v.properties.centroid[0],
    lat: v.properties.centroid[1],
  }));
  await seedWaterlogging(deps, clock, { now, city, staff, villages: villagePoints, log }); // 17 waterlogging points, all closed (demo.waterlogging.ts)
  await seedCampaigns(deps, clock, { now, city, staff, villages, log }); // 农村废弃杆线整治 (7,292, 69.7 %) and 六店大桥周边地块清零 (demo.campaigns.ts)
  const patchSeed = await seedPatches(deps, clock, { now, city, staff, villages: villagePoints, log }); // two batches of change patches (图斑), checked on time, late or not yet (demo.patches.ts)
  // last: a census ledger imported 75 days ago that nobody has taken up since, whose cases nothing else here may touch (demo.alerts.ts)
  const ledger = await plantImportedLedger(deps, clock, {
    town: DEMO_TOWN,
    now,
    villages: villages.map((v) => ({ parentCode: v.properties.parent_code ?? null, centroid: v.properties.centroid, boundary: v.geometry.coordinates })),
    log,
  });
  const accountsFile = path.join(base.config.dataDir, 'demo-accounts.txt');
  fs.mkdirSync(base.config.dataDir, { recursive: true });
  fs.writeFileSync(accountsFile, accounts.join('\n') + '\n', { mode: 0o600 });
  log(`demo: seeded ${nCases} cases, ${photoCount} photos in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return {
    accounts,
    password,
    accountsFile,
    photos: photoCount,
    steps: steps.length,
    indexesRebuilt: rebuild.length,
    /** The weak villages' codes (薄弱村), and the village of last month's new violation on basic farmland (red line R1). */
    weakVillages: [...weakVillages].sort(),
    redLineVillage: redLineVillage.properties.code,
    /** Cases planted for the supervision alerts beyond those asked for (demo.alerts.ts). */
    alertCases: alertSituations.created,
    /** Cases registered by the demo patches' 违法建设 verdicts (demo.patches.ts). */
    patchCases: patchSeed.cases,
    /** The cases of the census ledger the demo town imported and left untouched (demo.alerts.ts). */
    ledgerCases: ledger.cases,
  };
}

/** Runs the demo seed only on an empty database; prints the demo accounts. */
export async function seedDemoIfEmpty(deps: Deps, opts: { log?: (m: string) => void; bulkIndexes?: boolean } = {}) {
  const log = opts.log ?? console.log;
  const [d, u, c] = await Promise.all([deps.repos.divisions.count(), deps.repos.users.count(), deps.repos.cases.count()]);
  if (d + u + c > 0) return null;
  const res = await seedDemo(deps, { log, bulkIndexes: opts.bulkIndexes });
  log(
    `演示账号 demo accounts (demo data; role, username, jurisdiction, password) — also in ${res.accountsFile}:\n` +
      res.accounts.map((l) => '  ' + l.replace(/\t/g, '  ')).join('\n'),
  );
  return res;
}

/** Why the officer decides otherwise than the disposal rules suggest, by the class decided. */
const OVERRIDE_REASONS: Record<DisposalClass, string> = {
  demolish: '新增违建,即查即拆;经现场核查依法拆除',
  remedy: '当事人已提交补办材料,经研究同意整改',
  defer: '涉及民生,经集体研究暂缓',
};

/** A share of the span whose density falls from 1.15 to 0.85 of the mean (inverse of F(x) = 1.15x − 0.15x²). */
export function decliningShare(u: number): number {
  return (1.15 - Math.sqrt(1.3225 - 0.6 * u)) / 0.3;
}

/** A change patch around a find: a rectangle a little larger than the building, turned by the case's index (no random draw, so the demo stays the same). */
function changePatch(lon: number, lat: number, areaM2: number, i: number) {
  const a = Math.max(areaM2, 30) * 1.3;
  const w = Math.sqrt(a * 1.6) / 2;
  const h = a / (w * 2) / 2;
  const turn = (((i * 37) % 90) * Math.PI) / 180;
  const m = 111_320;
  const ring = [
    [-w, -h],
    [w, -h],
    [w, h],
    [-w, h],
    [-w, -h],
  ].map(([x, y]) => {
    const rx = x * Math.cos(turn) - y * Math.sin(turn);
    const ry = x * Math.sin(turn) + y * Math.cos(turn);
    return [Math.round((lon + rx / (m * Math.cos((lat * Math.PI) / 180))) * 1e7) / 1e7, Math.round((lat + ry / m) * 1e7) / 1e7];
  });
  return { type: 'Polygon', coordinates: [ring] };
}
