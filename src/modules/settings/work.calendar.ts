/**
 * Working days on the official calendar (pure). A day is a working day when it is Monday–Friday and
 * not a public holiday, or when it is a weekend day the State Council made a working day (调休).
 * Days are China calendar days as 'YYYY-MM-DD'.
 */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (make-up days, 调休上班). */
  workdays: ReadonlySet<string>;
}

const DAY = 86400_000;

/** The China calendar day (UTC+8) of an instant. */
export function chinaDay(t: Date): string {
  return new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function shift(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The day `n` working days after `day` (n ≥ 1): a deadline "within 5 working days" of a Friday report
 * falls on the next Friday, later when a holiday is in between.
 */
export function addWorkingDays(day: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`working days must be a whole number ≥ 0, got ${n}`);
  let d = day;
  let left = n;
  while (left > 0) {
    d = shift(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar): number {
  if (to === from) return 0;
  const sign = to > from ? 1 : -1;
  let n = 0;
  for (let d = from; d !== to; ) {
    d = shift(d, sign);
    if (isWorkingDay(d, cal)) n += sign;
  }
  return n;
}

/** The last second of a China calendar day (a deadline on that day). */
export const endOfChinaDay = (day: string) => new Date(`${day}T23:59:59+08:00`);
