import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { subtreeLike } from '../cases/cases.repo.js';

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

/**
 * The month of a timestamp as an index into the window (0 = its first month, -1 before it, MONTHS
 * from the month after it): a binary search over the month starts, much cheaper per row than
 * converting every timestamp to China time.
 */
const monthIdx = (ts: ReturnType<typeof sql>, starts: Date[]) =>
  sql<number>`(width_bucket(${ts}, array[${sql.join(starts.map((d) => sql`${d.toISOString()}::timestamptz`))}]) - 1)`;

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
export function overviewService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function scopeOf(actor: Actor, code: string | undefined) {
    if (!code) {
      const d = await db.q.selectFrom('divisions').select(['code', 'name', 'level', 'path']).where('path', '=', actor.divisionPath).executeTakeFirstOrThrow();
      return d;
    }
    const d = await db.q.selectFrom('divisions').select(['code', 'name', 'level', 'path']).where('code', '=', code).executeTakeFirst();
    if (!d) throw badRequest('overview.unknown_division', `未知行政区划代码: ${code}`, { field: 'division' });
    if (!inJurisdiction(actor, d.path)) throw notFound('division');
    return d;
  }

  return {
    async overview(actor: Actor, code?: string) {
      const scope = await scopeOf(actor, code);
      const like = subtreeLike(scope.path);
      const inScope = sql`(c.division_path = ${scope.path} or c.division_path like ${like})`;
      const now = clock.now();
      const month = chinaMonth(now);
      const from = monthStart(month, MONTHS - 1);

      // the units one level below the scope: towns of the city, villages of a town
      const units = await db.q
        .selectFrom('divisions')
        .select(['code', 'name', 'short_name'])
        .where('parent_code', '=', scope.code)
        .orderBy('code')
        .execute();
      const unitCol = scope.level === 'city' ? sql`c.town_code` : sql`c.division_code`;
      // the history keeps each version's town and village: the scope as it was then
      const historyScope = scope.level === 'city' ? sql`true` : scope.level === 'town' ? sql`h.town_code = ${scope.code}` : sql`h.division_code = ${scope.code}`;
      // the window's month starts and the start of the month after it
      const starts = Array.from({ length: MONTHS + 1 }, (_, i) => monthStart(month, MONTHS - 1 - i));

      const [groups, series, monthly, index] = await Promise.all([
        sql<{ unit: string; origin: string; status: string; disposal_class: string | null; n: string; area: string; overdue: string }>`
          select ${unitCol} as unit, c.origin, c.status, c.disposal_class, count(*) as n, coalesce(sum(c.area_m2), 0) as area,
                 count(*) filter (where c.deadline_at < ${now} and c.status not in ('closed', 'rejected')) as overdue
          from cases c where ${inScope}
          group by 1, 2, 3, 4`.execute(db.q),
        // open cases at each month's end, from the registry's history (what was true then): each open
        // version covers the month ends from the month it began to the month before it ended; one pass
        // over the history writes +1 where that run of month ends starts and -1 after it ends, and the
        // running sum below gives the count at each end (no join of months × versions)
        sql<{ idx: number; sign: number; origin: string; n: string; area: string }>`
          with r as (
            select h.origin, coalesce(h.area_m2, 0) as a,
                   greatest(${monthIdx(sql`h.valid_from`, starts)}, 0) as s,
                   least(case when h.valid_to is null then ${MONTHS} else ${monthIdx(sql`h.valid_to`, starts)} end, ${MONTHS}) as e
            from case_history h
            where ${historyScope} and h.status not in ('closed', 'rejected')
              and (h.valid_to is null or h.valid_to >= ${monthStart(month, MONTHS - 2)})
          )
          select s as idx, 1 as sign, origin, count(*) as n, sum(a) as area from r where s < e group by s, origin
          union all
          select e as idx, -1 as sign, origin, count(*) as n, sum(a) as area from r where s < e and e < ${MONTHS} group by e, origin`.execute(db.q),
        // reports and closings per month, in one pass: the month a case was found in and, when closed,
        // the month it was closed in (-1 / MONTHS: outside the window)
        sql<{ fm: number; cm: number; origin: string; n: string; area: string }>`
          select ${monthIdx(sql`c.found_at`, starts)} as fm,
                 case when c.status = 'closed' then ${monthIdx(sql`c.closed_at`, starts)} else -1 end as cm,
                 c.origin, count(*) as n, coalesce(sum(c.area_m2), 0) as area
          from cases c
          where ${inScope} and c.status <> 'rejected' and (c.found_at >= ${from} or (c.status = 'closed' and c.closed_at >= ${from}))
          group by 1, 2, 3`.execute(db.q),
        this.latestIndex(scope.path),
      ]);

      const total = { stock: fig(), new: fig(), open: fig(), closed: fig(), overdue: 0 };
      const byStatus: Record<string, number> = {};
      const byClass: Record<string, number> = {};
      const perUnit = new Map<string, { stock: Figure; stockClosed: Figure; new: Figure; newOpen: Figure; open: number; overdue: number }>();
      for (const u of units) perUnit.set(u.code, { stock: fig(), stockClosed: fig(), new: fig(), newOpen: fig(), open: 0, overdue: 0 });
      for (const g of groups.rows) {
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
      for (const r of series.rows) {
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
      for (const r of monthly.rows) {
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
      const run = await db.q
        .selectFrom('index_runs')
        .select(['id', 'period'])
        .where('status', '=', 'done')
        .where('period', 'not like', '%Q%')
        .where('period_end', '<=', clock.now())
        .orderBy('period', 'desc')
        .orderBy('finished_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!run) return null;
      const like = subtreeLike(path);
      const rows = await db.q
        .selectFrom('index_results')
        .select(['division_code', 'level', 'color', 'score', 'rank'])
        .where('run_id', '=', run.id)
        .where((eb) => eb.or([eb('division_path', '=', path), eb('division_path', 'like', like)]))
        .execute();
      const colors: Record<string, Record<string, number>> = { town: {}, village: {} };
      for (const r of rows) colors[r.level][r.color] = (colors[r.level][r.color] ?? 0) + 1;
      return { runId: run.id, period: run.period, colors, items: rows.map((r) => ({ code: r.division_code, level: r.level, color: r.color, score: r.score, rank: r.rank })) };
    },
  };
}
export type OverviewService = ReturnType<typeof overviewService>;
