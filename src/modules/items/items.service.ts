import ExcelJS from 'exceljs';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { badRequest } from '../../platform/errors.js';
import type { Clock } from '../../platform/clock.js';
import { textCell } from '../../platform/spreadsheet.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { CaseFilterInput } from '../cases/cases.filter.js';
import { chinaDay } from '../settings/work.calendar.js';
import { STATUS_LABELS, type CaseStatus } from '../../../shared/enums.js';
import { KINDS, statusLabel, type ItemKind } from '../../../shared/item-kinds.js';
import type { ItemsRepo } from './items.repo.js';

export const ITEMS_EXPORT_MAX = 10_000;

/** The start of a China month (YYYY-MM) and of the month after it. */
function monthWindow(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [new Date(`${month}-01T00:00:00+08:00`), new Date(`${next}-01T00:00:00+08:00`)];
}

const fmt = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

/** An item kind's own views beyond the shared list and map: its figures for a period, its Excel export. Above cases. */
export function itemsService(deps: { repo: ItemsRepo; cases: CasesService; audit: AuditService; clock: Clock }) {
  const { repo, cases, audit, clock } = deps;

  return {
    /** Found, closed, reopened and open items of a kind in a month (or a year), in total and per town: "本月发现 17 处,已销号 17 处". */
    async figures(actor: Actor, kind: ItemKind, q: { month?: string; year?: number; division?: string }) {
      const period = q.year ? String(q.year) : (q.month ?? chinaDay(clock.now()).slice(0, 7));
      const [from, to] = q.year ? [monthWindow(`${q.year}-01`)[0], monthWindow(`${q.year + 1}-01`)[0]] : monthWindow(period);
      const f = await cases.resolveFilter(actor, { division: q.division });
      // the asked division within the caller's jurisdiction: the deeper of the two, nothing when they do not meet
      const inside = (path: string, of: string) => inJurisdiction({ divisionPath: of }, path);
      const path = !f.division || inside(f.division, f.scopePath) ? (f.division ?? f.scopePath) : inside(f.scopePath, f.division) ? f.scopePath : null;
      const towns = path === null ? [] : await repo.figures(kind, path, from, to);
      const sum = (k: 'found' | 'foundClosed' | 'closed' | 'reopened' | 'open') => towns.reduce((n, t) => n + t[k], 0);
      const found = sum('found');
      const foundClosed = sum('foundClosed');
      const unit = kind === 'waterlogging' ? '处' : '个';
      const when = q.year ? `${q.year}年` : period === chinaDay(clock.now()).slice(0, 7) ? '本月' : `${Number(period.slice(5))}月`;
      return {
        kind,
        label: KINDS[kind].label,
        period,
        from: from.toISOString(),
        to: to.toISOString(),
        found,
        foundClosed,
        closed: sum('closed'),
        reopened: sum('reopened'),
        open: sum('open'),
        summary: `${when}发现 ${found} ${unit},已销号 ${foundClosed} ${unit}`,
        towns,
      };
    },

    /** The filtered items of a kind as an Excel workbook with zh-CN headers and words; on the audit trail. */
    async excel(actor: Actor, input: CaseFilterInput & { kind: ItemKind }) {
      const f = await cases.resolveFilter(actor, input);
      const rows = await repo.exportRows(f, ITEMS_EXPORT_MAX + 1);
      if (rows.length > ITEMS_EXPORT_MAX) throw badRequest('items.too_many', `所选超过单次导出上限 ${ITEMS_EXPORT_MAX} 条,请缩小筛选范围`, { max: ITEMS_EXPORT_MAX });
      const decl = KINDS[input.kind];
      const wb = new ExcelJS.Workbook();
      wb.creator = '无违建';
      const ws = wb.addWorksheet(decl.label, { views: [{ state: 'frozen', ySplit: 1 }] });
      const extraCols = decl.extraFields.map((x) => ({ header: x.unit ? `${x.label}(${x.unit})` : x.label, key: `x_${x.key}`, width: 14 }));
      ws.columns = [
        { header: '编号', key: 'no', width: 18 },
        { header: '类别', key: 'category', width: 10 },
        { header: '镇街', key: 'town', width: 10 },
        { header: '村(社区)', key: 'village', width: 12 },
        { header: '地址', key: 'address', width: 28 },
        ...extraCols,
        { header: '状态', key: 'status', width: 10 },
        { header: '整治方式', key: 'disposal', width: 12 },
        { header: '发现时间', key: 'found', width: 17 },
        { header: '办理期限', key: 'deadline', width: 17 },
        { header: '销号时间', key: 'closed', width: 17 },
        { header: decl.reopenRadiusM ? '再次积水次数' : '重新立案次数', key: 'reopens', width: 12 },
        { header: '经度', key: 'lon', width: 12 },
        { header: '纬度', key: 'lat', width: 12 },
        { header: '备注', key: 'note', width: 30 },
      ];
      ws.getRow(1).font = { bold: true };
      for (const r of rows) {
        const extra = (typeof r.extra === 'string' ? JSON.parse(r.extra) : (r.extra ?? {})) as Record<string, unknown>;
        ws.addRow({
          no: r.case_no,
          category: decl.categories[r.category] ?? r.category,
          town: textCell(r.town_name),
          village: textCell(r.village_name),
          address: textCell(r.address_text),
          ...Object.fromEntries(decl.extraFields.map((x) => [`x_${x.key}`, typeof extra[x.key] === 'string' ? textCell(extra[x.key] as string) : (extra[x.key] ?? '')])),
          status: statusLabel(input.kind, r.status, STATUS_LABELS[r.status as CaseStatus] ?? r.status),
          disposal: r.disposal_class ? (decl.disposalClasses[r.disposal_class] ?? r.disposal_class) : '',
          found: fmt(r.found_at),
          deadline: fmt(r.deadline_at),
          closed: fmt(r.closed_at),
          reopens: r.reopen_count,
          lon: Number(r.lon.toFixed(6)),
          lat: Number(r.lat.toFixed(6)),
          note: textCell(r.note),
        });
      }
      await audit.append(actor, { action: 'items.export', entity: 'case', entityId: null, after: { kind: input.kind, format: 'xlsx', count: rows.length, filter: input } });
      return { count: rows.length, body: Buffer.from(await wb.xlsx.writeBuffer()), label: decl.label };
    },
  };
}
export type ItemsService = ReturnType<typeof itemsService>;
