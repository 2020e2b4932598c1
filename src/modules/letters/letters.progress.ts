/**
 * A responsibility letter's targets against what the registry shows for its town and year (pure: the
 * service hands in the counted facts). Each target reads as a line of the year-end summary.
 */

export interface LetterTargets {
  /** stock cases to dispose of (close) in the year */
  stockCount: number | null;
  /** stock area (m²) to dispose of in the year */
  stockArea: number | null;
  /** no new violation on cultivated land or basic farmland in the year */
  farmlandZero: boolean;
  /** share (0–1) of the safety-risk cases to be handled by the year's end */
  safetyRate: number | null;
  /** share (0–1) of the town's campaign items to be completed */
  campaignRate: number | null;
}

/** What the registry shows for one town and year (illegal buildings only, rejected reports left out). */
export interface LetterFacts {
  stockClosed: number;
  stockClosedArea: number;
  newOnFarmland: number;
  /** safety-risk cases (medium or high) open at some time in the year */
  riskTotal: number;
  /** of them closed by the year's end */
  riskHandled: number;
  /** the town's campaign items (专项整治) found by the year's end, and of them closed by then */
  campaignTotal?: number;
  campaignDone?: number;
}

export type TargetStatus = 'met' | 'in_progress' | 'missed' | 'no_data';

export interface TargetProgress {
  code: 'stock_count' | 'stock_area' | 'farmland_zero' | 'safety' | 'campaign';
  label: string;
  target: string;
  actual: string;
  /** 0–1 towards the target; null: nothing to measure */
  rate: number | null;
  status: TargetStatus;
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const m2 = (v: number) => `${(Math.round(v * 10) / 10).toLocaleString('en-US', { maximumFractionDigits: 1 })} ㎡`;
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
const clamp = (v: number) => Math.max(0, Math.min(1, Math.round(v * 10000) / 10000));

/** While the year runs a target not yet reached is in progress; once it has ended, missed. */
const open = (final: boolean): TargetStatus => (final ? 'missed' : 'in_progress');

export function letterProgress(t: LetterTargets, f: LetterFacts, final: boolean): TargetProgress[] {
  const out: TargetProgress[] = [];
  if (t.stockCount !== null) {
    const rate = t.stockCount > 0 ? clamp(f.stockClosed / t.stockCount) : 1;
    out.push({
      code: 'stock_count',
      label: '存量违建处置(处)',
      target: `${int(t.stockCount)} 处`,
      actual: `已销号 ${int(f.stockClosed)} 处`,
      rate,
      status: rate >= 1 ? 'met' : open(final),
    });
  }
  if (t.stockArea !== null) {
    const rate = t.stockArea > 0 ? clamp(f.stockClosedArea / t.stockArea) : 1;
    out.push({
      code: 'stock_area',
      label: '存量违建处置(面积)',
      target: m2(t.stockArea),
      actual: `已销号 ${m2(f.stockClosedArea)}`,
      rate,
      status: rate >= 1 ? 'met' : open(final),
    });
  }
  if (t.farmlandZero) {
    // a new violation on farmland breaks the target at once: it cannot be made good later in the year
    out.push({
      code: 'farmland_zero',
      label: '耕地上新增违建零增长',
      target: '0 处',
      actual: `新增 ${int(f.newOnFarmland)} 处`,
      rate: f.newOnFarmland === 0 ? 1 : 0,
      status: f.newOnFarmland === 0 ? (final ? 'met' : 'in_progress') : 'missed',
    });
  }
  if (t.safetyRate !== null) {
    const actual = f.riskTotal ? f.riskHandled / f.riskTotal : 1;
    const rate = t.safetyRate > 0 ? clamp(actual / t.safetyRate) : 1;
    out.push({
      code: 'safety',
      label: '安全隐患违建处置率',
      target: pct(t.safetyRate),
      actual: f.riskTotal ? `${pct(actual)}(${int(f.riskHandled)}/${int(f.riskTotal)} 处)` : '无安全隐患违建',
      rate,
      status: rate >= 1 ? 'met' : open(final),
    });
  }
  if (t.campaignRate !== null) {
    const total = f.campaignTotal ?? 0;
    const done = f.campaignDone ?? 0;
    if (!total) out.push({ code: 'campaign', label: '专项整治完成率', target: pct(t.campaignRate), actual: '暂无专项', rate: null, status: 'no_data' });
    else {
      // the town's items of every campaign (专项整治) found in the year or before, closed by its end
      const rate = t.campaignRate > 0 ? clamp(done / total / t.campaignRate) : 1;
      out.push({
        code: 'campaign',
        label: '专项整治完成率',
        target: pct(t.campaignRate),
        actual: `${pct(done / total)}(${int(done)}/${int(total)} 个)`,
        rate,
        status: rate >= 1 ? 'met' : open(final),
      });
    }
  }
  return out;
}

/** The letter's overall state: every measurable target met, any missed, else in progress. */
export function overallStatus(items: TargetProgress[]): TargetStatus {
  const measured = items.filter((i) => i.status !== 'no_data');
  if (!measured.length) return 'no_data';
  if (measured.some((i) => i.status === 'missed')) return 'missed';
  return measured.every((i) => i.status === 'met') ? 'met' : 'in_progress';
}
