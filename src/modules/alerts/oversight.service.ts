import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import { cjkFonts } from '../documents/document.pdf.js';
import { checkReportMonth, monthLabel } from '../reports/report.model.js';
import { monthOf } from '../index/index.period.js';
import { chinaMonthStart, monthsEnding, officialSeries, supervisionMonth } from './oversight.model.js';
import { renderSupervisionReport } from './oversight.pdf.js';
import type { OversightRepo } from './oversight.repo.js';

/** Months an official's profile and the report's trend cover (the current or the report's month last). */
const MONTHS = 12;
/** The latest decisions a profile lists. */
const RECENT = 30;

/**
 * The supervisor's overview: a profile per official (his actions per month beside his peers in the same role, his
 * rejections, the alerts about him, his latest decisions) and the monthly supervision report (监督月报: alerts raised,
 * dismissed, confirmed and referred by town and rule, with trends; page and PDF). Supervisors only; the alerts
 * about the reader stay out of both, as everywhere.
 */
export function oversightService<AlertItem>(deps: {
  clock: Clock;
  repo: OversightRepo;
  fontDir: string;
  /** The inbox's list (the alerts about a person, as the reader may see them). */
  listAlerts: (actor: Actor, q: { user: string; limit: number }) => Promise<{ items: AlertItem[]; total: number }>;
}) {
  const { clock, repo } = deps;
  const assertSupervisor = (actor: Actor) => {
    if (actor.role !== 'supervisor') throw forbidden('alert.forbidden', '只有纪检监察人员可以查看和处理预警');
  };

  async function monthly(actor: Actor, q: { month?: string; division?: string }) {
    assertSupervisor(actor);
    const check = checkReportMonth(q.month, clock.now());
    if (!check.ok) throw badRequest(check.code, check.message, { field: 'month' });
    const month = check.period.key;
    let scope = { code: actor.divisionCode, path: actor.divisionPath, name: '' };
    const d = await repo.division(q.division ?? actor.divisionCode);
    if (!d) throw badRequest('alert.unknown_division', `未知行政区划代码: ${q.division}`, { field: 'division' });
    if (!inJurisdiction(actor, d.path)) throw forbidden('alert.out_of_jurisdiction', '该区划不在您的管辖范围内');
    if (d.level !== 'city' && d.level !== 'town') throw badRequest('alert.invalid_division', '监督月报按市或镇(街道)出具', { field: 'division' });
    scope = { code: d.code, path: d.path, name: d.name };
    const months = monthsEnding(month, MONTHS);
    const rows = await repo.monthly(scope.path, actor.id, chinaMonthStart(months[0]), chinaMonthStart(month, 1));
    const towns =
      d.level === 'city' ? (await repo.towns(scope.path)).map((t) => ({ code: t.code, name: t.short_name || t.name })) : [{ code: d.code, name: d.short_name || d.name }];
    return {
      month,
      monthLabel: monthLabel(month),
      division: { code: scope.code, name: scope.name, level: d.level as 'city' | 'town' },
      generatedAt: clock.now(),
      ...supervisionMonth(months, towns, rows),
    };
  }

  return {
    monthly,

    /** The monthly supervision report as a PDF (the monthly report's tables and charts, the same fonts). */
    async monthlyPdf(actor: Actor, q: { month?: string; division?: string }) {
      const r = await monthly(actor, q);
      const fonts = cjkFonts(deps.fontDir);
      if (!fonts) throw new AppError('documents.font_missing', 503, '随产品安装的中文字体缺失,无法生成监督月报;请重新执行 npm ci');
      const pdf = await renderSupervisionReport(fonts, r);
      return { name: `${r.division.name}公权力监督月报${r.month}.pdf`, pdf };
    },

    /** One official's profile (supervisor): who, his actions per month against his peers', his rejections, the alerts about him, his latest decisions. */
    async profile(actor: Actor, userId: string) {
      assertSupervisor(actor);
      const u = await repo.official(userId);
      if (!u || !inJurisdiction(actor, u.division_path)) throw notFound('人员', 'user.not_found');
      const months = monthsEnding(monthOf(clock.now()), MONTHS);
      const since = chinaMonthStart(months[0]);
      // his peers: the same role in the reader's jurisdiction
      const peerScope = { role: u.role, scopePath: actor.divisionPath, except: u.id };
      const [mine, peers, myLooks, peerLooks, peerCount, recent, alerts] = await Promise.all([
        repo.actionsByMonth(since, { userId: u.id }),
        repo.actionsByMonth(since, peerScope),
        repo.lookupsByMonth(since, { userId: u.id }),
        repo.lookupsByMonth(since, peerScope),
        repo.peerCount(u.role, actor.divisionPath, u.id),
        repo.recentDecisions(u.id, RECENT),
        deps.listAlerts(actor, { user: u.id, limit: 100 }),
      ]);
      const looks = (rows: { month: string; n: number }[]) => rows.map((r) => ({ ...r, kind: 'personal_data_viewed' }));
      const series = officialSeries(months, [...mine, ...looks(myLooks)], [...peers, ...looks(peerLooks)], peerCount);
      return {
        official: { id: u.id, displayName: u.display_name, role: u.role, department: u.department, active: u.active, divisionCode: u.division_code, divisionName: u.division_name },
        months,
        peerCount,
        ...series,
        alerts,
        recent: recent.map((e) => ({
          eventId: Number(e.id),
          caseId: e.case_id,
          caseNo: e.case_no,
          kind: e.kind,
          at: e.at,
          disposalClass: e.disposal_class,
          note: e.note ?? e.reason ?? null,
        })),
      };
    },
  };
}
