import { badRequest } from '../../platform/errors.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const bad = () =>
  badRequest('validation_failed', 'datetime 须为 RFC 3339 时间、日期或区间(如 2026-01-01/2026-03-31、../2026-03-31)', [
    { field: 'datetime', message: 'expected an instant or an interval' },
  ]);

/** One end of a `datetime`: a date is a China day (whole day), a date-time an instant. */
function end(v: string, side: 'from' | 'to'): Date | undefined {
  if (v === '..' || v === '') return undefined;
  if (DAY.test(v)) {
    const start = new Date(`${v}T00:00:00+08:00`);
    if (Number.isNaN(start.getTime())) throw bad();
    return side === 'from' ? start : new Date(start.getTime() + 86_400_000);
  }
  const t = new Date(v);
  if (Number.isNaN(t.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(v)) throw bad();
  // both ends of an OGC interval are inclusive; the case filter's end is exclusive
  return side === 'from' ? t : new Date(t.getTime() + 1);
}

/**
 * OGC API `datetime` (the cases' found time): an instant, a date, or an interval `a/b` with `..` for an open end;
 * both ends inclusive. Returns the case filter's range (`to` exclusive).
 */
export function parseDatetime(raw: string | undefined): { from?: Date; to?: Date } {
  if (raw === undefined || raw === '') return {};
  const parts = raw.split('/');
  if (parts.length > 2) throw bad();
  if (parts.length === 1) {
    if (raw === '..') throw bad();
    return { from: end(raw, 'from'), to: end(raw, 'to') };
  }
  const from = end(parts[0], 'from');
  const to = end(parts[1], 'to');
  if (from && to && from >= to) throw bad();
  return { from, to };
}
