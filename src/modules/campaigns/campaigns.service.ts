import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { textCell } from '../../platform/spreadsheet.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { DivisionsService } from '../divisions/divisions.service.js';
import { gcj02ToWgs84 } from '../cases/geo.js';
import { chinaDay } from '../settings/work.calendar.js';
import { STATUS_LABELS, type CaseStatus } from '../../../shared/enums.js';
import { KINDS, statusLabel } from '../../../shared/item-kinds.js';
import { parseItemRow, type ItemRow } from './campaign.rows.js';
import { readItemsFile } from './campaigns.files.js';
import { FIELD_REPORTERS, inScopeDivisions } from './campaign.report.js';
import type { CampaignRow, CampaignsRepo, CampaignWrite } from './campaigns.repo.js';

/** Who creates and edits campaigns: the city office and the admin. */
const EDITORS = new Set(['city_office', 'admin']);
/** Who brings a campaign's target list in: the offices that register items (a town officer inside his town). */
const IMPORTERS = new Set(['city_office', 'town_officer']);
export const CAMPAIGN_EXPORT_MAX = 50_000;
const OVERDUE_SHOWN = 100;

const KIND = KINDS.campaign_item;
const DAY = 86_400_000;
const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);
const addDays = (day: string, n: number) => chinaDay(new Date(chinaMidnight(day).getTime() + n * DAY));
const fmt = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');
const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const extraOf = (e: unknown) => (typeof e === 'string' ? JSON.parse(e) : (e ?? {})) as Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

export interface CampaignInputT {
  name: string;
  description?: string | null;
  startsOn: string;
  endsOn: string;
  scopeDivisions?: string[];
  scopeArea?: unknown | null;
  units?: string[];
}

/**
 * Campaigns (专项整治): a campaign is a name, a scope, a period and a target list; its items are cases of
 * kind campaign_item, so assigning, rectifying, closing with evidence and reopening are the cases' own
 * actions. This service adds the campaign, its import, its figures and its export. Above cases.
 */
export function campaignsService(deps: { db: Database; clock: Clock; repo: CampaignsRepo; cases: CasesService; divisions: DivisionsService; audit: AuditService }) {
  const { db, clock, repo, cases, divisions, audit } = deps;

  async function load(id: string): Promise<CampaignRow> {
    const c = await repo.byId(id);
    if (!c) throw notFound('专项整治', 'campaign.not_found');
    return c;
  }

  function checkInput(i: CampaignInputT): CampaignWrite {
    const name = i.name.trim();
    if (!name) throw badRequest('validation_failed', '请填写专项名称', [{ field: 'name', message: 'required' }]);
    if (i.endsOn < i.startsOn) throw badRequest('campaign.invalid_period', '结束日期不能早于开始日期', { field: 'endsOn' });
    if (i.scopeArea && !['Polygon', 'MultiPolygon'].includes((i.scopeArea as { type?: string }).type ?? ''))
      throw badRequest('campaign.invalid_area', '范围须为多边形(Polygon / MultiPolygon)', { field: 'scopeArea' });
    return {
      name,
      description: i.description?.trim() || null,
      starts_on: i.startsOn,
      ends_on: i.endsOn,
      scope_divisions: [...new Set(i.scopeDivisions ?? [])],
      scope_area: i.scopeArea ?? null,
      units: [...new Set((i.units ?? []).map((u) => u.trim()).filter(Boolean))],
    };
  }

  async function checkDivisions(codes: string[]) {
    const known = await repo.divisionNames(codes);
    const missing = codes.filter((c) => !known.some((k) => k.code === c));
    if (missing.length) throw badRequest('campaign.unknown_division', `未知行政区划代码:${missing.join('、')}`, { field: 'scopeDivisions' });
  }

  /** Inside the campaign's scope (its divisions; none: the whole city). */
  const inScope = inScopeDivisions;

  /** Creates one item of a campaign through the cases' intake, linked in the same transaction. */
  async function createItem(actor: Actor, campaign: CampaignRow, row: ItemRow, source: string, clientId?: string) {
    return cases.create(
      actor,
      {
        kind: 'campaign_item',
        lon: row.lon,
        lat: row.lat,
        source,
        category: row.category,
        note: row.note,
        clientId,
        extra: Object.fromEntries(
          Object.entries({ ref: row.ref || undefined, name: row.name ?? undefined, responsibleUnit: row.responsibleUnit ?? undefined }).filter(([, v]) => v !== undefined),
        ),
      },
      { within: (c) => repo.link(c.id, campaign.id) },
    );
  }

  return {
    async list(actor: Actor) {
      const rows = await repo.list(actor.divisionPath);
      return {
        items: rows.map((r) => ({ id: r.id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, total: r.total, done: r.done, progress: r.total ? r.done / r.total : 0 })),
        total: rows.length,
      };
    },

    /** The campaign with its progress in total, by town, by unit and week by week, and its overdue items, inside the caller's jurisdiction. */
    async get(actor: Actor, id: string) {
      const c = await load(id);
      const now = clock.now();
      const today = chinaDay(now);
      const scope = actor.divisionPath;
      const f = await repo.figures(id, scope, now, today);
      // weeks from the start: each ends 7 days on (exclusive, China midnight), the last one covering today (or the end)
      const last = [today, c.ends_on].sort()[0];
      const weeks = last < c.starts_on ? 0 : Math.ceil((chinaMidnight(addDays(last, 1)).getTime() - chinaMidnight(c.starts_on).getTime()) / (7 * DAY));
      const firstEnd = chinaMidnight(addDays(c.starts_on, 7));
      const weekly = weeks ? await repo.weekly(id, scope, firstEnd, new Date(firstEnd.getTime() + (weeks - 1) * 7 * DAY)) : [];
      const overdue = await repo.overdueItems(id, scope, now, today, OVERDUE_SHOWN);
      const names = await repo.divisionNames(c.scope_divisions);
      const t = f.total;
      return {
        id: c.id,
        name: c.name,
        description: c.description,
        startsOn: c.starts_on,
        endsOn: c.ends_on,
        scopeDivisions: c.scope_divisions.map((code) => ({ code, name: names.find((n) => n.code === code)?.name ?? code })),
        scopeArea: (typeof c.scope_area === 'string' ? JSON.parse(c.scope_area) : c.scope_area) as { type: string; coordinates: unknown } | null,
        units: c.units,
        version: c.version,
        createdBy: c.created_by_name,
        createdAt: c.created_at,
        ...t,
        summary: `共 ${t.total.toLocaleString('en-US')} 个,已完成 ${t.done.toLocaleString('en-US')} 个,完成率 ${pct(t.progress)}`,
        byTown: f.byTown,
        byUnit: f.byUnit,
        weekly: weekly.map((w) => ({ weekEnding: addDays(chinaDay(w.weekEnd), -1), total: w.total, done: w.done, progress: w.total ? w.done / w.total : 0 })),
        overdueItems: overdue.map((o) => {
          const x = extraOf(o.extra);
          return {
            id: o.id,
            caseNo: o.case_no,
            ref: str(x.ref),
            name: str(x.name),
            townName: o.town_name,
            villageName: o.village_name,
            responsibleUnit: str(x.responsibleUnit),
            status: o.status,
            statusLabel: statusLabel('campaign_item', o.status, STATUS_LABELS[o.status as CaseStatus] ?? o.status),
            deadlineAt: o.deadline_at,
          };
        }),
      };
    },

    async create(actor: Actor, input: CampaignInputT) {
      if (!EDITORS.has(actor.role)) throw forbidden('campaign.edit_forbidden', '只有市三改一拆办和系统管理员可以创建专项整治');
      const w = checkInput(input);
      await checkDivisions(w.scope_divisions);
      const id = randomUUID();
      await db.transaction(async () => {
        if (await repo.byName(w.name)) throw conflict('campaign.name_taken', `已有名为“${w.name}”的专项整治`);
        await repo.insert(id, w, actor.id, clock.now());
        await audit.append(actor, { action: 'campaign.create', entity: 'campaign', entityId: id, after: { ...w, scope_area: w.scope_area ? 'polygon' : null } });
      });
      return this.get(actor, id);
    },

    async update(actor: Actor, id: string, patch: Partial<CampaignInputT> & { version: number }) {
      if (!EDITORS.has(actor.role)) throw forbidden('campaign.edit_forbidden', '只有市三改一拆办和系统管理员可以修改专项整治');
      await db.transaction(async () => {
        const c = await load(id);
        const merged: CampaignInputT = {
          name: patch.name ?? c.name,
          description: patch.description !== undefined ? patch.description : c.description,
          startsOn: patch.startsOn ?? c.starts_on,
          endsOn: patch.endsOn ?? c.ends_on,
          scopeDivisions: patch.scopeDivisions ?? c.scope_divisions,
          scopeArea: patch.scopeArea !== undefined ? patch.scopeArea : typeof c.scope_area === 'string' ? JSON.parse(c.scope_area) : c.scope_area,
          units: patch.units ?? c.units,
        };
        const w = checkInput(merged);
        await checkDivisions(w.scope_divisions);
        const other = await repo.byName(w.name);
        if (other && other.id !== id) throw conflict('campaign.name_taken', `已有名为“${w.name}”的专项整治`);
        if (!(await repo.update(id, patch.version, w, clock.now()))) throw conflict('campaign.version_conflict', '专项整治已被他人修改,请刷新后重试');
        const { version: _v, ...changed } = patch;
        await audit.append(actor, { action: 'campaign.update', entity: 'campaign', entityId: id, after: { ...changed, scopeArea: patch.scopeArea ? 'polygon' : patch.scopeArea } });
      });
      return this.get(actor, id);
    },

    /**
     * A target list from Excel or GeoJSON. A dry run reports each row (new / unchanged / rejected with
     * reasons); an import makes the new items in one transaction, and only when no row is rejected, so a
     * file is never half imported; a row whose 编号 the campaign already has is left as it is.
     */
    async importFile(actor: Actor, id: string, file: { filename: string; data: Buffer }, dryRun: boolean, crs?: string | null) {
      if (!IMPORTERS.has(actor.role)) throw forbidden('campaign.import_forbidden', '只有市三改一拆办和镇街专员可以导入专项整治对象');
      const c = await load(id);
      const { format, rows } = await readItemsFile(file.data, file.filename, { crs });
      if (!rows.length) throw badRequest('campaign.empty_file', '文件中没有数据行');
      const known = await repo.refs(id);
      const seen = new Set<string>();
      const report: { row: number; ref: string | null; outcome: 'new' | 'unchanged' | 'rejected'; reasons: string[]; caseNo: string | null; item: ItemRow | null }[] = [];
      for (const r of rows) {
        const p = parseItemRow(r);
        const reasons = [...p.reasons];
        if (p.item) {
          if (seen.has(p.item.ref)) reasons.push(`编号 ${p.item.ref} 在文件中重复`);
          seen.add(p.item.ref);
          const existing = known.get(p.item.ref);
          if (existing && !reasons.length) {
            // another town's item keeps its number to itself
            report.push({ row: r.row, ref: p.ref, outcome: 'unchanged', reasons: [], caseNo: inJurisdiction(actor, existing.path) ? existing.caseNo : null, item: null });
            continue;
          }
          if (!reasons.length) {
            try {
              const place = await divisions.locate(p.item.lon, p.item.lat);
              if (!inJurisdiction(actor, place.path)) reasons.push('位置不在您的管辖范围内');
              else if (!inScope(c, place.path)) reasons.push(`位置(${place.townName}${place.villageName})不在本专项的范围内`);
              else if (c.scope_area && !(await repo.areaCovers(c.id, p.item.lon, p.item.lat))) reasons.push('位置不在本专项绘制的范围区域内');
            } catch (e) {
              if (e instanceof AppError) reasons.push(e.message);
              else throw e;
            }
          }
        }
        report.push({ row: r.row, ref: p.ref, outcome: reasons.length ? 'rejected' : 'new', reasons, caseNo: null, item: reasons.length ? null : p.item });
      }
      const rejected = report.filter((x) => x.outcome === 'rejected').length;
      const summary = () => ({
        dryRun,
        format,
        rows: rows.length,
        created: report.filter((x) => x.outcome === 'new').length,
        unchanged: report.filter((x) => x.outcome === 'unchanged').length,
        rejected,
        report: report.map(({ item: _i, ...x }) => x),
      });
      if (dryRun) return summary();
      if (rejected) throw new AppError('campaign.import_rejected', 422, `有 ${rejected} 行无法导入,未导入任何数据;请修改后重新上传`, summary());
      await db.transaction(async () => {
        for (const x of report) {
          if (x.outcome !== 'new' || !x.item) continue;
          const made = await createItem(actor, c, x.item, 'census_import');
          x.caseNo = made.case.caseNo;
        }
        const s = summary();
        await audit.append(actor, {
          action: 'campaign.import',
          entity: 'campaign',
          entityId: id,
          after: { filename: file.filename, format, rows: s.rows, created: s.created, unchanged: s.unchanged },
        });
      });
      return summary();
    },

    /** An item found in the field (the patrol app, with this campaign chosen): a case of kind campaign_item in the campaign. */
    async reportItem(
      actor: Actor,
      id: string,
      input: { lon: number; lat: number; crs?: 'wgs84' | 'gcj02'; category?: string; name?: string; responsibleUnit?: string; note?: string; clientId?: string },
    ) {
      if (!FIELD_REPORTERS.has(actor.role)) throw forbidden('case.create_forbidden', '当前角色不能上报专项整治对象');
      const c = await load(id);
      const today = chinaDay(clock.now());
      if (today < c.starts_on || today > c.ends_on) throw conflict('campaign.not_running', `该专项整治不在进行中(${c.starts_on} 至 ${c.ends_on})`);
      if (input.category && !(input.category in KIND.categories))
        throw badRequest('case.invalid_category', `类别只能是:${Object.values(KIND.categories).join('、')}`, { field: 'category' });
      let { lon, lat } = input;
      if (input.crs === 'gcj02') [lon, lat] = gcj02ToWgs84(lon, lat);
      const place = await divisions.locate(lon, lat);
      if (!inScope(c, place.path) || (c.scope_area && !(await repo.areaCovers(c.id, lon, lat))))
        throw badRequest('campaign.outside_scope', '该位置不在本专项整治的范围内', { field: 'lon/lat' });
      const made = await db.transaction(() =>
        createItem(
          actor,
          c,
          {
            ref: '',
            name: input.name?.trim() || null,
            category: input.category ?? KIND.defaultCategory,
            responsibleUnit: input.responsibleUnit?.trim() || null,
            note: input.note ?? null,
            lon,
            lat,
          },
          'patrol',
          input.clientId,
        ),
      );
      return { id: made.case.id, caseNo: made.case.caseNo, created: made.created };
    },

    /** Open items of running campaigns near the inspector (the patrol app's 周边). */
    async nearby(actor: Actor, q: { lon: number; lat: number; radius?: number }) {
      const rows = await repo.nearby(q.lon, q.lat, q.radius ?? 1000, actor.divisionPath, chinaDay(clock.now()));
      return {
        items: rows.map((r) => {
          const x = extraOf(r.extra);
          return {
            id: r.id,
            caseNo: r.case_no,
            campaignId: r.campaign_id,
            campaignName: r.campaign_name,
            name: str(x.name),
            ref: str(x.ref),
            category: r.category,
            categoryLabel: KIND.categories[r.category] ?? r.category,
            status: r.status,
            statusLabel: statusLabel('campaign_item', r.status, STATUS_LABELS[r.status as CaseStatus] ?? r.status),
            responsibleUnit: str(x.responsibleUnit),
            lon: Number(r.lon),
            lat: Number(r.lat),
            distanceM: Math.round(Number(r.distance_m) * 10) / 10,
          };
        }),
      };
    },

    async active() {
      return {
        items: (await repo.active(chinaDay(clock.now()))).map((r) => ({
          id: r.id,
          name: r.name,
          endsOn: r.ends_on,
          scopeDivisions: r.scope_divisions,
          scopeArea: (typeof r.scope_area === 'string' ? JSON.parse(r.scope_area) : r.scope_area) as { type: string; coordinates: unknown } | null,
        })),
      };
    },

    /** The campaign's items for the weekly report: a sheet of items and a sheet of progress by town, zh-CN words only. */
    async excel(actor: Actor, id: string) {
      const c = await load(id);
      const detail = await this.get(actor, id);
      const rows = await repo.exportRows(id, actor.divisionPath, CAMPAIGN_EXPORT_MAX + 1);
      if (rows.length > CAMPAIGN_EXPORT_MAX) throw badRequest('campaign.too_many', `超过单次导出上限 ${CAMPAIGN_EXPORT_MAX} 条`);
      const now = clock.now();
      const wb = new ExcelJS.Workbook();
      wb.creator = '无违建';
      const sum = wb.addWorksheet('按镇街进度', { views: [{ state: 'frozen', ySplit: 2 }] });
      sum.addRow([textCell(`${c.name}(${c.starts_on} 至 ${c.ends_on}):${detail.summary},截至 ${fmt(now)}`)]);
      sum.addRow(['镇街', '对象总数', '已完成', '未完成', '超期', '完成率']);
      sum.getRow(2).font = { bold: true };
      for (const t of detail.byTown) sum.addRow([textCell(t.townName), t.total, t.done, t.open, t.overdue, pct(t.progress)]);
      sum.addRow(['合计', detail.total, detail.done, detail.open, detail.overdue, pct(detail.progress)]).font = { bold: true };
      sum.columns.forEach((col, i) => {
        col.width = i === 0 ? 14 : 10;
      });
      const ws = wb.addWorksheet('整治对象', { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = [
        { header: '编号', key: 'no', width: 18 },
        { header: '对象编号', key: 'ref', width: 16 },
        { header: '名称', key: 'name', width: 20 },
        { header: '类别', key: 'category', width: 8 },
        { header: '镇街', key: 'town', width: 10 },
        { header: '村(社区)', key: 'village', width: 12 },
        { header: '责任单位', key: 'unit', width: 14 },
        { header: '状态', key: 'status', width: 10 },
        { header: '整治方式', key: 'disposal', width: 10 },
        { header: '发现时间', key: 'found', width: 17 },
        { header: '办理期限', key: 'deadline', width: 17 },
        { header: '完成时间', key: 'closed', width: 17 },
        { header: '是否超期', key: 'overdue', width: 8 },
        { header: '经度', key: 'lon', width: 12 },
        { header: '纬度', key: 'lat', width: 12 },
        { header: '备注', key: 'note', width: 30 },
      ];
      ws.getRow(1).font = { bold: true };
      const today = chinaDay(now);
      for (const r of rows) {
        const x = extraOf(r.extra);
        const open = r.status !== 'closed' && r.status !== 'rejected';
        const late = open && ((r.deadline_at && new Date(r.deadline_at) < now) || c.ends_on < today);
        ws.addRow({
          no: r.case_no,
          ref: textCell(str(x.ref)),
          name: textCell(str(x.name)),
          category: KIND.categories[r.category] ?? r.category,
          town: textCell(r.town_name),
          village: textCell(r.village_name),
          unit: textCell(str(x.responsibleUnit)),
          status: statusLabel('campaign_item', r.status, STATUS_LABELS[r.status as CaseStatus] ?? r.status),
          disposal: r.disposal_class ? (KIND.disposalClasses[r.disposal_class] ?? r.disposal_class) : '',
          found: fmt(r.found_at),
          deadline: fmt(r.deadline_at),
          closed: fmt(r.closed_at),
          overdue: late ? '是' : '否',
          lon: Number(Number(r.lon).toFixed(6)),
          lat: Number(Number(r.lat).toFixed(6)),
          note: textCell(r.note),
        });
      }
      await audit.append(actor, { action: 'campaign.export', entity: 'campaign', entityId: id, after: { format: 'xlsx', count: rows.length } });
      return { filename: `${c.name}-${today}.xlsx`, count: rows.length, body: Buffer.from(await wb.xlsx.writeBuffer()) };
    },
  };
}
export type CampaignsService = ReturnType<typeof campaignsService>;
