/**
 * The two goals (存量清零、新增归零) as plain numbers: the pace at which a town's stock goes down and the month
 * it would reach zero at that pace. Pure: the service hands in month-end counts from the registry.
 */

/** How many months the pace is measured over (the last half year). */
export const PACE_MONTHS = 6;

export type Projection =
  /** no stock left */
  | { state: 'cleared'; month: null; text: string }
  /** going down: the month the stock would reach zero */
  | { state: 'on_pace'; month: string; text: string }
  /** not going down (the pace is zero or negative): no date */
  | { state: 'stalled'; month: null; text: string };

/** `YYYY-MM` plus n months. */
export function addMonths(ym: string, n: number): string {
  const [y, m] = ym.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** `2027-05` → `2027年5月`. */
export const monthZh = (ym: string) => `${Number(ym.slice(0, 4))}年${Number(ym.slice(5, 7))}月`;

/**
 * Stock cleared per month over the pace window: the fall of the remaining stock from the end of the month
 * `PACE_MONTHS` before the current one to now, divided by `PACE_MONTHS` (stock found later, such as a new
 * census ledger, slows it down and can make it negative).
 */
export function pacePerMonth(remainingThen: number, remainingNow: number, months = PACE_MONTHS): number {
  return (remainingThen - remainingNow) / months;
}

/**
 * The month the stock reaches zero at the current pace: the current month plus the months the remaining
 * stock takes, rounded up (50 left at 10 a month in 2026-12 → 2027-05). No date when the pace is not positive.
 */
export function projectZero(remaining: number, pace: number, month: string): Projection {
  if (remaining <= 0) return { state: 'cleared', month: null, text: '存量已清零' };
  if (!(pace > 0)) return { state: 'stalled', month: null, text: '按当前进度无法清零' };
  // (the pace unrounded: 3 left at 2/6 a month is 9 months, not 10; the epsilon absorbs floating-point dust)
  const at = addMonths(month, Math.ceil(remaining / pace - 1e-9));
  return { state: 'on_pace', month: at, text: `按当前进度，预计 ${monthZh(at)} 清零` };
}

/**
 * A city's (or a town's) projection from its units': "所有镇街道存量违建逐步清零" holds when the last unit is
 * clear, so one unit that cannot clear at its pace keeps the whole from a date, and otherwise the latest
 * unit's month is the whole's.
 */
export function latestProjection(units: Projection[]): Projection {
  if (units.some((p) => p.state === 'stalled')) return { state: 'stalled', month: null, text: '按当前进度无法清零' };
  const months = units.filter((p) => p.state === 'on_pace').map((p) => p.month!);
  if (!months.length) return { state: 'cleared', month: null, text: '存量已清零' };
  const at = months.sort().at(-1)!;
  return { state: 'on_pace', month: at, text: `按当前进度，预计 ${monthZh(at)} 清零` };
}
