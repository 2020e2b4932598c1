// Pure: no I/O. The supervisor's overview figures (公权力监督): an official's actions per month beside the mean of
// his peers, and a month's alerts by rule and town with their trend, from the plain counts the repo returns.
import { ALERT_RULES, OFFICIAL_ACTIONS, type AlertRuleCode, type OfficialAction } from '../../../shared/alerts.js';

/** The `n` China months (YYYY-MM) that end with `last`, oldest first. */
export function monthsEnding(last: string, n: number): string[] {
  const [y, m] = last.split('-').map(Number);
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The start of a China month as a moment; `plus` months later. */
export function chinaMonthStart(key: string, plus = 0): Date {
  const [y, m] = key.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + plus, 1) - 8 * 3600_000);
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * An official's actions per month and kind beside his peers' mean (their total over their number), and his share
 * of rejections among his decisions (立案 + 不予立案) against theirs.
 */
export function officialSeries(months: string[], mine: { month: string; kind: string; n: number }[], peers: { month: string; kind: string; n: number }[], peerCount: number) {
  const grid = (rows: { month: string; kind: string; n: number }[], kind: string) =>
    months.map((mk) => rows.filter((r) => r.month === mk && r.kind === kind).reduce((a, r) => a + r.n, 0));
  const actions = OFFICIAL_ACTIONS.map((kind: OfficialAction) => {
    const m = grid(mine, kind);
    const p = grid(peers, kind).map((v) => (peerCount > 0 ? round1(v / peerCount) : 0));
    return { kind, mine: m, peers: p, total: m.reduce((a, b) => a + b, 0), peersTotal: round1(p.reduce((a, b) => a + b, 0)) };
  });
  const sum = (k: string, rows: { kind: string; n: number; month: string }[]) => rows.filter((r) => r.kind === k && months.includes(r.month)).reduce((a, r) => a + r.n, 0);
  const share = (rows: { kind: string; n: number; month: string }[]) => {
    const rej = sum('reject', rows);
    const all = rej + sum('verify', rows);
    return all ? round1((rej / all) * 100) : null;
  };
  return { actions, rejectionSharePct: share(mine), peersRejectionSharePct: share(peers) };
}

export interface MonthCounts {
  raised: number;
  dismissed: number;
  confirmed: number;
  referred: number;
  /** Still open or under review at the month's end. */
  waiting: number;
}
const zero = (): MonthCounts => ({ raised: 0, dismissed: 0, confirmed: 0, referred: 0, waiting: 0 });
const STEP_KEY: Record<string, keyof MonthCounts> = { dismiss: 'dismissed', confirm: 'confirmed', refer: 'referred' };

/**
 * A month's alerts (raised in it, dismissed / confirmed / referred in it, waiting at its end) in total, by rule
 * and by town, the month before, and the trend over `months` (the report's month last).
 */
export function supervisionMonth(
  months: string[],
  towns: { code: string; name: string }[],
  rows: {
    raised: { month: string; rule: string; town: string; n: number }[];
    steps: { month: string; action: string; rule: string; town: string; n: number }[];
    waiting: { rule: string; town: string; n: number }[];
  },
) {
  const month = months[months.length - 1];
  const prevMonth = months.length > 1 ? months[months.length - 2] : null;
  const of = (mk: string | null, pick: (x: { rule: string; town: string }) => boolean) => {
    const c = zero();
    if (!mk) return c;
    for (const r of rows.raised) if (r.month === mk && pick(r)) c.raised += r.n;
    for (const s of rows.steps) if (s.month === mk && pick(s)) c[STEP_KEY[s.action]] += s.n;
    return c;
  };
  const waitingOf = (pick: (x: { rule: string; town: string }) => boolean) => rows.waiting.filter(pick).reduce((a, r) => a + r.n, 0);
  const all = () => true;
  const totals = { ...of(month, all), waiting: waitingOf(all) };
  const byRule = ALERT_RULES.map((rule: AlertRuleCode) => ({ rule, ...of(month, (x) => x.rule === rule), waiting: waitingOf((x) => x.rule === rule) }));
  const byTown = towns.map((t) => ({ code: t.code, name: t.name, ...of(month, (x) => x.town === t.code), waiting: waitingOf((x) => x.town === t.code) }));
  const trend = { months, raised: [] as number[], dismissed: [] as number[], confirmed: [] as number[], referred: [] as number[] };
  for (const mk of months) {
    const c = of(mk, all);
    trend.raised.push(c.raised);
    trend.dismissed.push(c.dismissed);
    trend.confirmed.push(c.confirmed);
    trend.referred.push(c.referred);
  }
  const previous = prevMonth ? of(prevMonth, all) : null;
  return { totals, previous, byRule, byTown, trend };
}
