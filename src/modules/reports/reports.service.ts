import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { STATUS_LABELS, DISPOSAL_LABELS, type CaseStatus, type DisposalClass } from '../cases/cases.enums.js';
import { cjkFonts } from '../documents/document.pdf.js';
import { DEFAULT_DEFINITION } from '../index/index.default.js';
import type { IndexDefinition } from '../index/index.definition.js';
import type { UnitResult } from '../index/index.engine.js';
import type { IndexRepo, VillageMeasureRow } from '../index/index.repo.js';
import { previousPeriod, type Period } from '../index/index.period.js';
import { addFigures, checkReportMonth, monthEndLabel, monthLabel, tidy, trailingMonths, TREND_MONTHS, villageFigures, zeroFigures, type MonthFigures } from './report.model.js';
import { renderMonthlyReport } from './report.pdf.js';
import type { ReportCaseRow, ReportsRepo, VillageFlowRow } from './reports.repo.js';
import type { Color } from '../index/index.definition.js';
import type { AuditService } from '../audit/audit.service.js';

export interface MonthlyQuery {
  division?: string;
  month?: string;
}

type Division = NonNullable<Awaited<ReturnType<ReportsRepo['division']>>>;

interface MonthRows {
  measures: Map<string, VillageMeasureRow>;
  flows: Map<string, VillageFlowRow>;
}

const TOP = 10;
const DAY_MS = 86400_000;

export function reportsService(deps: {
  db: Database;
  clock: Clock;
  repo: ReportsRepo;
  indexRepo: IndexRepo;
  /** Anchors the audit chain when a report is made; the PDF prints the anchor. */
  audit: Pick<AuditService, 'anchor'>;
  fontDir: string;
}) {
  const { clock, repo, indexRepo } = deps;
  /**
   * Village rows per month end, kept while nothing before that end has changed (the month's
   * fingerprint): the trend of a report is twelve months of the index's measures, and months that
   * have ended do not change as the registry grows.
   */
  const cache = new Map<string, { fp: string; rows: MonthRows }>();

  async function monthRows(p: Period, end: Date, fp: string): Promise<MonthRows> {
    const key = `${p.key}@${end.toISOString()}`;
    const hit = cache.get(key);
    if (hit && hit.fp === fp) return hit.rows;
    const def = ((await indexRepo.latestDefinition())?.body as IndexDefinition | undefined) ?? DEFAULT_DEFINITION;
    // the index's measures with the month itself as the flow window: "new", "closings", … are the month's
    const measures = await indexRepo.villageMeasures({
      end,
      periodStart: p.start,
      flowStart: p.start,
      quickRemovalDays: def.params.quickRemovalDays,
      redecisionDays: def.params.redecisionDays,
    });
    const flows = await repo.villageFlows({ start: p.start, end });
    const rows = { measures: new Map(measures.map((r) => [r.code, r])), flows: new Map(flows.map((r) => [r.code, r])) };
    cache.set(key, { fp, rows });
    if (cache.size > 60) cache.delete(cache.keys().next().value!);
    return rows;
  }

  async function resolveDivision(actor: Actor, code: string | undefined): Promise<Division> {
    const c = code === undefined || code === '' ? actor.divisionCode : code;
    // 2 and 4 digits: a user assigned to the province or prefecture (the county's report)
    const d = /^[0-9]{2,12}$/.test(c) ? await repo.division(c) : undefined;
    if (!d) throw badRequest('report.unknown_division', `区划代码“${c}”不存在`, { field: 'division' });
    if (!inJurisdiction(actor, d.path)) throw notFound('该区划', 'report.division_not_found');
    if (d.level === 'village') throw badRequest('report.invalid_division', '月度报告按镇街或全市出具,请选择镇街或全市', { field: 'division' });
    return d;
  }

  function caseItem(c: ReportCaseRow, end: Date) {
    const deadline = c.deadline_at ? new Date(c.deadline_at) : null;
    return {
      id: c.id,
      caseNo: c.case_no,
      town: c.town,
      village: c.village,
      status: c.status,
      statusLabel: STATUS_LABELS[c.status as CaseStatus] ?? c.status,
      origin: c.origin,
      disposalClass: c.disposal_class,
      disposalLabel: c.disposal_class ? (DISPOSAL_LABELS[c.disposal_class as DisposalClass] ?? c.disposal_class) : null,
      areaM2: c.area_m2 === null ? null : Number(c.area_m2),
      foundAt: new Date(c.found_at).toISOString(),
      deadlineAt: deadline ? deadline.toISOString() : null,
      daysOverdue: deadline && deadline < end ? Math.floor((end.getTime() - deadline.getTime()) / DAY_MS) : null,
    };
  }

  /** The month's governance index from the index module's finished runs (none: said so). */
  async function indexPart(p: Period, d: Division, months: Period[]) {
    const runs = await indexRepo.runs(p.key, 50);
    const done = runs.filter((r) => r.status === 'done');
    const run = done.find((r) => (r.summary as { partial?: boolean } | null)?.partial === false) ?? done[0] ?? null;
    const pending = runs.some((r) => r.status === 'queued' || r.status === 'running');
    if (!run) {
      return {
        available: false as const,
        message: pending ? `${monthLabel(p.key)}的无违建治理指数正在计算,完成后可在报告中查看` : `${monthLabel(p.key)}尚无已完成的无违建治理指数计算`,
        pending,
      };
    }
    const full = (await indexRepo.run(run.id))!;
    const def = full.definition as IndexDefinition;
    const redLineName = new Map(def.redLines.map((r) => [r.id, r.name.zh]));
    const townsOfRun = (run.summary as { levels?: { town?: { units?: number }; village?: { units?: number } } } | null)?.levels;
    const level = d.level === 'city' ? 'town' : 'village';
    const rows = await indexRepo.results(run.id, level, d.path);
    const present = (r: { division_code: string; score: number; rank: number; rank_in_town: number | null; color: string; detail: unknown }) => {
      const x = r.detail as UnitResult;
      return {
        code: r.division_code,
        name: x.name,
        score: Number(r.score),
        rank: r.rank,
        rankInTown: r.rank_in_town,
        color: r.color as Color,
        change: x.change ? { score: x.change.score, rank: x.change.rank, color: x.change.color, previousColor: x.change.previous.color } : null,
        redLines: x.redLines.map((l) => ({ id: l.id, name: redLineName.get(l.id) ?? l.id, cap: l.cap })),
      };
    };
    const units = rows.map(present);
    const colors: Record<string, number> = { green: 0, blue: 0, yellow: 0, orange: 0, red: 0 };
    for (const u of units) colors[u.color] = (colors[u.color] ?? 0) + 1;
    let unit = null;
    let trend: { month: string; score: number; rank: number; color: Color }[] = [];
    if (d.level === 'town') {
      const own = await indexRepo.result(run.id, d.code);
      unit = own ? { ...present(own), rankOf: townsOfRun?.town?.units ?? null } : null;
      const keys = new Set(months.map((m) => m.key));
      trend = (await indexRepo.trend(d.code)).filter((t) => keys.has(t.period)).map((t) => ({ month: t.period, score: Number(t.score), rank: t.rank, color: t.color as Color }));
    }
    return {
      available: true as const,
      runId: run.id,
      period: run.period,
      definitionVersion: run.definition_version,
      finishedAt: run.finished_at ? new Date(run.finished_at).toISOString() : null,
      partial: (run.summary as { partial?: boolean } | null)?.partial !== false,
      /** The town itself (town report); null for the city, which has no score of its own. */
      unit,
      /** The city's towns, or the town's villages, best first. */
      level,
      units,
      colors,
      trend,
    };
  }

  async function monthly(actor: Actor, q: MonthlyQuery) {
    const now = clock.now();
    const m = checkReportMonth(q.month, now);
    if (!m.ok) throw badRequest(m.code, m.message, { field: 'month' });
    const division = await resolveDivision(actor, q.division);
    const p = m.period;
    const partial = p.end.getTime() > now.getTime();
    const endOf = (x: Period) => (x.end.getTime() > now.getTime() ? now : x.end);
    const end = endOf(p);
    const months = trailingMonths(p, TREND_MONTHS);
    const before = previousPeriod(months[0]);
    const all = [before, ...months];
    const fps = await repo.fingerprints(all.map(endOf));
    // one month at a time: the measures are heavy statements, and PGlite runs one at a time anyway
    const rows: MonthRows[] = [];
    for (const [i, x] of all.entries()) rows.push(await monthRows(x, endOf(x), fps[i]));
    const units = await repo.units();
    const villages = units.filter((u) => u.level === 'village' && (u.path === division.path || u.path.startsWith(`${division.path}/`)));
    const villageSet = new Set(villages.map((v) => v.code));

    /** Per village figures of month i (1…12 in `rows`; 0 is the month before the trend). */
    const figuresOf = (i: number) => {
      const out = new Map<string, MonthFigures>();
      for (const v of villages) {
        const mm = rows[i].measures.get(v.code) ?? {};
        const prev = rows[i - 1].measures.get(v.code);
        const f = rows[i].flows.get(v.code) ?? {};
        out.set(v.code, villageFigures(mm, { count: Number(prev?.demolished_closed_count ?? 0), areaM2: Number(prev?.demolished_area_m2 ?? 0) }, f));
      }
      return out;
    };
    const sum = (figs: Iterable<MonthFigures>) => {
      const s = zeroFigures();
      for (const f of figs) addFigures(s, f);
      return tidy(s);
    };

    const trend = months.map((x, i) => ({ month: x.key, ...sum(figuresOf(i + 1).values()) }));
    const current = figuresOf(months.length);
    const totals = sum(current.values());
    const previous = trend.length > 1 ? trend[trend.length - 2] : null;

    // the table: the city's towns, or the town's villages
    const nameOf = new Map(units.map((u) => [u.code, u.name]));
    const parentOf = new Map(units.map((u) => [u.code, u.parent_code]));
    const breakdownUnits = division.level === 'city' ? units.filter((u) => u.level === 'town' && u.parent_code === division.code) : villages;
    const breakdown = breakdownUnits.map((u) => {
      const figs = division.level === 'city' ? [...current.entries()].filter(([code]) => parentOf.get(code) === u.code).map(([, f]) => f) : [current.get(u.code)!];
      return { code: u.code, name: u.name, ...sum(figs) };
    });

    const villageRank = (key: keyof MonthFigures) =>
      [...current.entries()]
        .filter(([code, f]) => villageSet.has(code) && f[key] > 0)
        .map(([code, f]) => ({
          code,
          name: nameOf.get(code) ?? code,
          town: nameOf.get(parentOf.get(code) ?? '') ?? '',
          count: f[key],
          newAreaM2: f.newAreaM2,
          openCount: f.openCount,
        }))
        .sort((a, b) => b.count - a.count || b.newAreaM2 - a.newAreaM2 || a.code.localeCompare(b.code))
        .slice(0, 5);

    const [biggest, overdue, redLineCases, index] = await Promise.all([
      repo.biggestOpen(end, division.path, TOP),
      repo.longestOverdue(end, division.path, TOP),
      repo.newOnBasicFarmland({ start: p.start, end }, division.path, TOP),
      indexPart(p, division, months),
    ]);
    const indexRedLines = index.available
      ? [...(index.unit ? [index.unit] : []), ...index.units].filter((u) => u.redLines.length).map((u) => ({ code: u.code, name: u.name, color: u.color, redLines: u.redLines }))
      : [];

    return {
      month: p.key,
      monthLabel: monthLabel(p.key),
      periodStart: p.start.toISOString(),
      periodEnd: p.end.toISOString(),
      asOf: end.toISOString(),
      asOfLabel: partial ? '截至目前(本月尚未结束)' : `截至${monthEndLabel(p)}24时`,
      partial,
      generatedAt: now.toISOString(),
      division: { code: division.code, name: division.name, shortName: division.short_name, level: division.level },
      totals,
      previous: previous ? (({ month: _m, ...rest }) => rest)(previous) : null,
      trend,
      index,
      breakdownLevel: division.level === 'city' ? ('town' as const) : ('village' as const),
      breakdown,
      top: {
        newVillages: villageRank('newCount'),
        overdueVillages: villageRank('overdue'),
        redLine: { cases: redLineCases.map((c) => caseItem(c, end)), units: indexRedLines },
        biggestOpen: biggest.map((c) => caseItem(c, end)),
        longestOverdue: overdue.map((c) => caseItem(c, end)),
      },
    };
  }

  return {
    monthly,

    /** The same report as a PDF (A4), with its charts drawn as vector graphics. */
    async monthlyPdf(actor: Actor, q: MonthlyQuery) {
      const report = await monthly(actor, q);
      const fonts = cjkFonts(deps.fontDir);
      if (!fonts) throw new AppError('report.font_missing', 503, '随产品安装的中文字体缺失,无法生成 PDF;请重新执行 npm ci');
      // the chain's head as this report is made, written outside the database and printed on the report
      const anchor = await deps.audit.anchor('monthly_report', `${report.division.code} ${report.month}`);
      const buffer = await renderMonthlyReport(fonts, report, anchor);
      return { filename: `无违建月度报告-${report.division.shortName}-${report.month}.pdf`, buffer };
    },
  };
}
export type ReportsService = ReturnType<typeof reportsService>;
