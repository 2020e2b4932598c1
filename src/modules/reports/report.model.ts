/**
 * The monthly report's figures (月度报告), pure: which months a report covers, and the figures of a
 * village, a town or the city in one month, made from the index's village measures
 * (index.measures.ts, computed with the month itself as the flow window) and the report's own
 * village flows (reports.repo.ts). Every figure is a count or an area, so a town's figure is the sum
 * of its villages' and the city's the sum of all.
 */
import { monthOf, parsePeriod, previousPeriod, type Period } from '../index/index.period.js';

/** Months a report's trends cover, the report's month included. */
export const TREND_MONTHS = 12;

export type MonthCheck = { ok: true; period: Period } | { ok: false; code: 'report.invalid_month' | 'report.future_month'; message: string };

/** The report's month: `YYYY-MM`, not after the current month; omitted → the last month that has ended. */
export function checkReportMonth(raw: string | undefined, now: Date): MonthCheck {
  if (raw === undefined || raw === '') return { ok: true, period: previousPeriod(parsePeriod(monthOf(now))!) };
  const p = /^\d{4}-\d{2}$/.test(raw) ? parsePeriod(raw) : null;
  if (!p) return { ok: false, code: 'report.invalid_month', message: `月份须为 YYYY-MM 格式(如 2026-10),收到“${raw}”` };
  if (p.start.getTime() > now.getTime()) return { ok: false, code: 'report.future_month', message: `${raw} 尚未开始,不能出具月度报告` };
  return { ok: true, period: p };
}

/** The `n` months that end with `p`, oldest first. */
export function trailingMonths(p: Period, n: number): Period[] {
  const out = [p];
  while (out.length < n) out.unshift(previousPeriod(out[0]));
  return out;
}

/** What one unit counts in one month: flows are "in the month", stocks are "at the month's end". */
export interface MonthFigures {
  /** 存量: stock cases registered (not rejected) at the end, standing ones, their area, and the stock area closed. */
  stockCount: number;
  stockAreaM2: number;
  stockOpenCount: number;
  stockOpenAreaM2: number;
  stockClosedAreaM2: number;
  /** 新增: new violations found in the month (not rejected by its end) and their area; new ones standing at the end. */
  newCount: number;
  newAreaM2: number;
  newOpenCount: number;
  newOpenAreaM2: number;
  /** 在册未销号: every violation standing at the end. */
  openCount: number;
  openAreaM2: number;
  /** Reports registered (登记), verified (立案) and rejected (不予立案) in the month. */
  reports: number;
  verifications: number;
  rejections: number;
  /** 销号 approved in the month, and those on valid evidence that still hold at its end. */
  closings: number;
  validClosings: number;
  /** Demolitions closed for the first time in the month, and their area. */
  demolishedCount: number;
  demolishedAreaM2: number;
  /** Closed cases reopened as rebuilt (复建) in the month. */
  rebuilds: number;
  /** Cases past their step's deadline at the end. */
  overdue: number;
  /** 红线: new violations found in the month on basic farmland. */
  redLineNew: number;
  complaints: number;
  /** 督办单 issued and answered in the month; unanswered at its end; due in it, answered on time. */
  noticesIssued: number;
  noticesAnswered: number;
  noticesOpen: number;
  noticesDue: number;
  noticesOnTime: number;
}

export const FIGURE_KEYS = [
  'stockCount',
  'stockAreaM2',
  'stockOpenCount',
  'stockOpenAreaM2',
  'stockClosedAreaM2',
  'newCount',
  'newAreaM2',
  'newOpenCount',
  'newOpenAreaM2',
  'openCount',
  'openAreaM2',
  'reports',
  'verifications',
  'rejections',
  'closings',
  'validClosings',
  'demolishedCount',
  'demolishedAreaM2',
  'rebuilds',
  'overdue',
  'redLineNew',
  'complaints',
  'noticesIssued',
  'noticesAnswered',
  'noticesOpen',
  'noticesDue',
  'noticesOnTime',
] as const satisfies readonly (keyof MonthFigures)[];

export function zeroFigures(): MonthFigures {
  return Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as unknown as MonthFigures;
}

export function addFigures(into: MonthFigures, x: MonthFigures): MonthFigures {
  for (const k of FIGURE_KEYS) into[k] += x[k];
  return into;
}

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const area = (v: number) => Math.round(v * 100) / 100;

/**
 * One village's figures in a month from the index's measures of that month (flow window = the month),
 * the index's cumulative demolitions at the month before's end, and the report's flows.
 */
export function villageFigures(m: Record<string, unknown>, demolishedBefore: { count: number; areaM2: number }, f: Record<string, unknown>): MonthFigures {
  return {
    stockCount: n(f.stock_count),
    stockAreaM2: area(n(m.stock_area_m2)),
    stockOpenCount: n(f.stock_open_count),
    stockOpenAreaM2: area(n(f.stock_open_area_m2)),
    stockClosedAreaM2: area(n(m.stock_closed_area_m2)),
    newCount: n(m.new_count),
    newAreaM2: area(n(m.new_area_m2)),
    newOpenCount: n(f.new_open_count),
    newOpenAreaM2: area(n(f.new_open_area_m2)),
    openCount: n(m.open_count),
    openAreaM2: area(n(m.open_area_m2)),
    reports: n(f.reports_count),
    verifications: n(f.verify_count),
    rejections: n(f.reject_count),
    closings: n(m.closing_count),
    validClosings: n(m.valid_closing_count),
    // the index counts demolitions closed up to a month's end; the month's own are the difference
    demolishedCount: Math.max(0, n(m.demolished_closed_count) - demolishedBefore.count),
    demolishedAreaM2: area(Math.max(0, n(m.demolished_area_m2) - demolishedBefore.areaM2)),
    rebuilds: n(m.rebuilt_flow_count),
    overdue: n(f.overdue_count),
    redLineNew: n(m.new_basic_farmland_period_count),
    complaints: n(m.complaint_count),
    noticesIssued: n(f.notices_issued),
    noticesAnswered: n(f.notices_answered),
    noticesOpen: n(f.notices_open),
    noticesDue: n(m.notice_due_count),
    noticesOnTime: n(m.notice_on_time_count),
  };
}

/** Rounds the areas of a sum (sums of rounded areas drift in the last digit). */
export function tidy(x: MonthFigures): MonthFigures {
  for (const k of FIGURE_KEYS) if (k.endsWith('AreaM2')) x[k] = area(x[k]);
  return x;
}

/** A month's key in Chinese: 2026年10月. */
export function monthLabel(key: string): string {
  const [y, m] = key.split('-');
  return `${y}年${Number(m)}月`;
}

/** The last day of a month in Chinese (the report's "as of"): 2026年10月31日. */
export function monthEndLabel(p: Period): string {
  const last = new Date(p.end.getTime() + 8 * 3600_000 - 86400_000);
  return `${last.getUTCFullYear()}年${last.getUTCMonth() + 1}月${last.getUTCDate()}日`;
}
