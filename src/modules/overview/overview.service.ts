import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { badRequest, notFound } from '../../platform/errors.js';
import type { OverviewRepo } from './overview.repo.js';

const OPEN_EXCLUDED = ['closed', 'rejected'];
const MONTHS = 12;

/** `YYYY-MM` of a time in China (the office's calendar). */
export function chinaMonth(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}
/** The first instant of a China month, and of the months before it. */
function monthStart(ym: string, back = 0): Date {
  const [y, m] = ym.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 - back, 1) - 8 * 3600_000);
}

interface Figure {
  count: number;
  area: number;
}
const fig = (): Figure => ({ count: 0, area: 0 });
const addTo = (f: Figure, n: number, area: number) => {
  f.count += n;
  f.area += area;
};

/**
 * The city's situation at a glance (the overview and the cockpit): stock and new cases now and over
 * the last 12 months, by town, class and status; progress to the two goals (存量清零、新增归零); this
 * month's reports, closings and overdue cases; the latest index colours. Rejected reports (not a
 * violation, or a duplicate merged into another case) are not violations and are left out of the counts.
 */
export function overviewService(deps: { repo: OverviewRepo; clock: Clock }) {
  const { repo, clock } = deps;

  async function scopeOf(actor: Actor, code: string | undefined) {
    if (!code) return repo.divisionAt(actor.divisionPath);
    const d = await repo.division(code);
    if (!d) throw badRequest('overview.unknown_division', `未知行政区划代码: ${code}`, { field: 'division' });
    if (!inJurisdiction(actor, d.path)) throw notFound('division');
    return d;
  }

  return {
    async overview(actor: Actor, code?: string) {
      const scope = await scopeOf(actor, code);
      const now = clock.now();
      const month = chinaMonth(now);

      // the units one level below the scope: towns of the city, villages of a town
      const units = await repo.units(scope.code);
      // the window's month starts and the start of the month after it
      const starts = Array.from({ length: MONTHS + 1 }, (_, i) => monthStart(month, MONTHS - 1 - i));

      const [groups, series, monthly, index] = await Promise.all([
        repo.groups(scope, now),
        // open cases at each month's end (+1/-1 marks, summed below)
        repo.openSeries(scope, starts, monthStart(month, MONTHS - 2)),
        // reports and closings per month (-1 / MONTHS: outside the window)
        repo.monthly(scope, starts),
        this.latestIndex(scope.path),
      ]);

      const total = { stock: fig(), new: fig(), open: fig(), closed: fig(), overdue: 0 };
      const byStatus: Record<string, number> = {};
      const byClass: Record<string, number> = {};
      const perUnit = new Map<string, { stock: Figure; stockClosed: Figure; new: Figure; newOpen: Figure; open: number; overdue: number }>();
      for (const u of units) perUnit.set(u.code, { stock: fig(), stockClosed: fig(), new: fig(), newOpen: fig(), open: 0, overdue: 0 });
      for (const g of groups) {
        const n = Number(g.n);
        const area = Number(g.area);
        byStatus[g.status] = (byStatus[g.status] ?? 0) + n;
        if (g.status === 'rejected') continue;
        const open = !OPEN_EXCLUDED.includes(g.status);
        addTo(g.origin === 'stock' ? total.stock : total.new, n, area);
        addTo(open ? total.open : total.closed, n, area);
        total.overdue += Number(g.overdue);
        if (open) byClass[g.disposal_class ?? 'unclassified'] = (byClass[g.disposal_class ?? 'unclassified'] ?? 0) + n;
        const u = perUnit.get(g.unit);
        if (!u) continue;
        if (g.origin === 'stock') {
          addTo(u.stock, n, area);
          if (!open) addTo(u.stockClosed, n, area);
        } else {
          addTo(u.new, n, area);
          if (open) addTo(u.newOpen, n, area);
        }
        if (open) u.open += n;
        u.overdue += Number(g.overdue);
      }

      const months: string[] = [];
      for (let i = MONTHS - 1; i >= 0; i--) months.push(chinaMonth(new Date(monthStart(month, i).getTime() + 3600_000)));
      const trend = months.map((m) => ({ month: m, openStock: 0, openNew: 0, openArea: 0, foundStock: 0, foundNew: 0, closed: 0, closedArea: 0 }));
      const at = new Map(trend.map((t) => [t.month, t]));
      // the running sum of the +1/-1 marks: open cases at each month end, by origin
      const marks = { stock: new Array<number>(MONTHS).fill(0), new: new Array<number>(MONTHS).fill(0), area: new Array<number>(MONTHS).fill(0) };
      for (const r of series) {
        const i = Number(r.idx);
        const sign = Number(r.sign);
        marks[r.origin === 'stock' ? 'stock' : 'new'][i] += sign * Number(r.n);
        marks.area[i] += sign * Number(r.area);
      }
      let [openStock, openNew, openArea] = [0, 0, 0];
      trend.forEach((t, i) => {
        openStock += marks.stock[i];
        openNew += marks.new[i];
        openArea += marks.area[i];
        t.openStock = openStock;
        t.openNew = openNew;
        t.openArea = Math.round(openArea * 100) / 100;
      });
      const inWindow = (i: number) => i >= 0 && i < MONTHS;
      for (const r of monthly) {
        const [fm, cm, n] = [Number(r.fm), Number(r.cm), Number(r.n)];
        if (inWindow(fm)) {
          if (r.origin === 'stock') trend[fm].foundStock += n;
          else trend[fm].foundNew += n;
        }
        if (inWindow(cm)) {
          trend[cm].closed += n;
          trend[cm].closedArea += Number(r.area);
        }
      }
      const cur = at.get(month)!;
      const colourOf = new Map(index?.items.map((i) => [i.code, i]) ?? []);
      const round = (x: number) => Math.round(x * 100) / 100;
      return {
        division: { code: scope.code, name: scope.name, level: scope.level },
        asOf: now.toISOString(),
        month,
        totals: {
          stock: { count: total.stock.count, area: round(total.stock.area) },
          new: { count: total.new.count, area: round(total.new.area) },
          open: { count: total.open.count, area: round(total.open.area) },
          closed: { count: total.closed.count, area: round(total.closed.area) },
          overdue: total.overdue,
        },
        thisMonth: { found: cur.foundStock + cur.foundNew, foundNew: cur.foundNew, closed: cur.closed, closedArea: round(cur.closedArea), overdue: total.overdue },
        byStatus,
        byClass,
        units: units.map((u) => {
          const p = perUnit.get(u.code)!;
          const idx = colourOf.get(u.code);
          return {
            code: u.code,
            name: u.short_name ?? u.name,
            stock: p.stock.count,
            stockArea: round(p.stock.area),
            stockClosed: p.stockClosed.count,
            // 存量清零: the share of stock cases closed (1 when there is no stock)
            stockClearedRate: p.stock.count ? round(p.stockClosed.count / p.stock.count) : 1,
            new: p.new.count,
            // 新增归零: new cases still open (the goal is 0)
            newOpen: p.newOpen.count,
            newOpenArea: round(p.newOpen.area),
            open: p.open,
            overdue: p.overdue,
            indexColor: idx?.color ?? null,
            indexScore: idx?.score ?? null,
            indexRank: idx?.rank ?? null,
          };
        }),
        trend: trend.map((t) => ({ ...t, closedArea: round(t.closedArea) })),
        index: index ? { runId: index.runId, period: index.period, colors: index.colors } : null,
      };
    },

    /** The latest finished monthly index run's colours for the units inside a path (towns, or villages of a town). */
    async latestIndex(path: string) {
      const run = await repo.latestMonthlyRun(clock.now());
      if (!run) return null;
      const rows = await repo.indexResults(run.id, path);
      const colors: Record<string, Record<string, number>> = { town: {}, village: {} };
      for (const r of rows) colors[r.level][r.color] = (colors[r.level][r.color] ?? 0) + 1;
      return { runId: run.id, period: run.period, colors, items: rows.map((r) => ({ code: r.division_code, level: r.level, color: r.color, score: r.score, rank: r.rank })) };
    },
  };
}
export type OverviewService = ReturnType<typeof overviewService>;
