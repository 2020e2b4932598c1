/**
 * Index periods: a month `YYYY-MM` or a quarter `YYYY-Qn`, on China's calendar (UTC+8, no DST). A
 * period is the half-open interval [start, end); "as of the period's end" is the state just before
 * `end`. Pure.
 */
export interface Period {
  key: string;
  kind: 'month' | 'quarter';
  start: Date;
  end: Date;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const PERIOD_RE = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;

/** Midnight China time on the first day of (year, month0), as an instant; month0 may overflow. */
function chinaMonthStart(year: number, month0: number): Date {
  return new Date(Date.UTC(year, month0, 1) - CHINA_OFFSET_MS);
}

/** Parses `YYYY-MM` or `YYYY-Qn`; null when malformed. */
export function parsePeriod(key: string): Period | null {
  const m = PERIOD_RE.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  if (m[2]) {
    const mo = Number(m[2]) - 1;
    return { key, kind: 'month', start: chinaMonthStart(year, mo), end: chinaMonthStart(year, mo + 1) };
  }
  const q = Number(m[3]) - 1;
  return { key, kind: 'quarter', start: chinaMonthStart(year, q * 3), end: chinaMonthStart(year, q * 3 + 3) };
}

/** The period of the same kind just before. */
export function previousPeriod(p: Period): Period {
  const [y, rest] = p.key.split('-');
  const year = Number(y);
  if (p.kind === 'month') {
    const mo = Number(rest);
    return parsePeriod(mo === 1 ? `${year - 1}-12` : `${year}-${String(mo - 1).padStart(2, '0')}`)!;
  }
  const q = Number(rest.slice(1));
  return parsePeriod(q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`)!;
}

/** The start of the trailing window of `months` months that ends at the period's end. */
export function flowWindowStart(p: Period, months: number): Date {
  const local = new Date(p.end.getTime() + CHINA_OFFSET_MS);
  return chinaMonthStart(local.getUTCFullYear(), local.getUTCMonth() - months);
}

/** The period (month) that contains an instant, China time. */
export function monthOf(t: Date): string {
  const local = new Date(t.getTime() + CHINA_OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}
