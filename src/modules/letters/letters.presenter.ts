import { maskPhone } from '../../platform/auth.js';
import { letterProgress, overallStatus, type LetterFacts, type LetterTargets } from './letters.progress.js';
import type { LetterRow } from './letters.repo.js';

const NO_FACTS: LetterFacts = { stockClosed: 0, stockClosedArea: 0, newOnFarmland: 0, riskTotal: 0, riskHandled: 0 };
const num = (v: string | number | null) => (v === null ? null : Number(v));

/** The first and the after-last instant of a China year. */
export function chinaYear(year: number): { start: Date; end: Date } {
  return { start: new Date(Date.UTC(year, 0, 1) - 8 * 3600_000), end: new Date(Date.UTC(year + 1, 0, 1) - 8 * 3600_000) };
}
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export function targetsOf(r: LetterRow): LetterTargets {
  return {
    stockCount: r.target_stock_count,
    stockArea: num(r.target_stock_area),
    farmlandZero: r.target_farmland_zero,
    safetyRate: num(r.target_safety_rate),
    campaignRate: num(r.target_campaign_rate),
  };
}

/**
 * A letter as the API shows it: phones masked, progress against each target as of `now`. `registryFrom`: since
 * when the registry knows of the work (null: no case yet); a year that ended before it has nothing to measure (its letter
 * predates the system), a year it began in is measured from then on and says so.
 */
export function presentLetter(r: LetterRow, facts: LetterFacts | undefined, now: Date, registryFrom: Date | null) {
  const { start, end } = chinaYear(r.year);
  const final = now >= end;
  const f = facts ?? NO_FACTS;
  const before = !registryFrom || registryFrom >= end;
  const items = letterProgress(targetsOf(r), f, final).map((i) =>
    before && i.status !== 'no_data' ? { ...i, actual: '系统启用前,无登记数据', rate: null, status: 'no_data' as const } : i,
  );
  const note = before ? '该年度早于案件登记启用,进度无法从登记中计算' : registryFrom > start ? `案件登记自 ${chinaDay(registryFrom)} 起,此前的处置不在统计内` : null;
  return {
    id: r.id,
    townCode: r.town_code,
    townName: r.town_name,
    year: r.year,
    title: r.title,
    signedOn: r.signed_on,
    people: r.people.map((p) => ({ name: p.name, post: p.post, phone: maskPhone(p.phone) })),
    targets: targetsOf(r),
    note: r.note,
    file: r.file_key ? { name: r.file_name ?? 'letter', mime: r.file_mime!, bytes: r.file_bytes!, sha256: r.file_sha256! } : null,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    progress: {
      periodStart: `${r.year}-01-01`,
      periodEnd: final ? `${r.year}-12-31` : chinaDay(now < start ? start : now),
      final,
      status: overallStatus(items),
      note,
      facts: { ...f, stockClosedArea: Math.round(f.stockClosedArea * 100) / 100 },
      items,
    },
  };
}
export type LetterView = ReturnType<typeof presentLetter>;
