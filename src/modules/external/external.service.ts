import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import type { Database } from '../../db/database.js';
import type { ExternalMatchStatus } from '../../db/schema.js';
import type { BlobStore } from '../../platform/blobs.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, maskIdNumber, maskPhone, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { textCell } from '../../platform/spreadsheet.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { DivisionsService } from '../divisions/divisions.service.js';
import { decideMatch } from './external.match.js';
import { categoryOf, changedHeaders, FIELD_LABELS, guessMapping, type Mapping, MAPPED_FIELDS, missingHeaders, parsePointRow } from './external.rows.js';
import { looksLikeXlsx } from '../imports/imports.xlsx.js';
import { MAX_POINT_FILE_BYTES, readPointTable } from './external.table.js';
import type { ExternalRepo, PointView, SourceRow } from './external.repo.js';

/** Who sets up the sources and their mappings: the administrator and the city office. */
const SOURCE_EDITORS = new Set(['admin', 'city_office']);
/** Who imports a list and exports the closings: the city office (the lists come to the city). */
const IMPORTERS = new Set(['city_office']);
/** Who decides a point's case: the city office anywhere, a town officer in his town. */
const DECIDERS = new Set(['city_office', 'town_officer']);
/** Who sees the points (inside their jurisdiction). */
const VIEWERS = new Set(['city_office', 'town_officer', 'admin', 'supervisor']);
/** An import's history and report list every row of a county-wide list: the city's offices only, not a town. */
const IMPORT_VIEWERS = new Set(['city_office', 'admin', 'supervisor']);

interface ExportLayout {
  headers?: string[];
  sheetName?: string | null;
  /** The column the closing is written in (its own when the list has it, else appended), and its value. */
  statusColumn?: string;
  closedValue?: string;
  dateColumn?: string;
  noteColumn?: string;
}

interface SourceInput {
  code: string;
  name: string;
  caseSource: 'provincial' | 'prefecture';
  mapping: Mapping;
  crs: 'wgs84' | 'gcj02';
  encoding: 'auto' | 'utf-8' | 'gbk';
  matchRadiusM: number;
  exportLayout: Omit<ExportLayout, 'headers' | 'sheetName'>;
}

type RowFate = 'new' | 'updated' | 'unchanged' | 'rejected';
interface RowReport {
  rowNo: number;
  externalId: string | null;
  fate: RowFate;
  reasons: string[];
  notes: string[];
  changes: string[];
  match: { status: ExternalMatchStatus; caseId: string | null; caseNo: string | null; note: string } | null;
}

/**
 * A row as received, for the page: ID numbers and phone numbers masked as on a case (a list from another system
 * may carry its 当事人's; the full values stay in the database and go back only in the closings' export).
 */
export function maskedRow(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (/身份证|证件号/.test(k)) out[k] = maskIdNumber(v) ?? v;
    else if (/电话|手机|联系方式/.test(k)) out[k] = maskPhone(v) ?? v;
    else out[k] = v;
  }
  return out;
}

/** The row's cells in the order of the source's columns (a JSON object keeps no order). */
function inFileOrder(raw: Record<string, string>, headers: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of headers ?? []) if (h in raw) out[h] = raw[h];
  for (const [k, v] of Object.entries(raw)) if (!(k in out)) out[k] = v;
  return out;
}

const chinaToday = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const DEFAULT_LAYOUT = { statusColumn: '处置状态', closedValue: '已销号', dateColumn: '销号日期', noteColumn: '处置说明' };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A file name made of an external id: characters no file system accepts become _. */
const safeName = (s: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a file name must not keep
  s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120);

/**
 * 上级下发点位: the province's and prefecture's point lists read with each source's saved mapping, every
 * point matched to a case (or left for a person), and the closings written back in each source's own layout.
 */
export function externalService(deps: { db: Database; clock: Clock; blobs: BlobStore; repo: ExternalRepo; cases: CasesService; divisions: DivisionsService; audit: AuditService }) {
  // divisions: the places of many points are found in one statement by the repo
  const { db, clock, blobs, repo, cases, audit } = deps;

  const may = (set: Set<string>, actor: Actor, what: string) => {
    if (!set.has(actor.role)) throw forbidden('external.forbidden', `当前角色不能${what}`);
  };

  function presentSource(s: SourceRow, counts: Map<string, Record<string, number>>) {
    const c = counts.get(s.id) ?? {};
    const layout = (s.export_layout ?? {}) as ExportLayout;
    return {
      id: s.id,
      code: s.code,
      name: s.name,
      caseSource: s.case_source,
      mapping: s.mapping as Mapping,
      crs: s.crs,
      encoding: s.encoding,
      matchRadiusM: s.match_radius_m,
      exportLayout: {
        headers: layout.headers ?? [],
        sheetName: layout.sheetName ?? null,
        statusColumn: layout.statusColumn ?? DEFAULT_LAYOUT.statusColumn,
        closedValue: layout.closedValue ?? DEFAULT_LAYOUT.closedValue,
        dateColumn: layout.dateColumn ?? DEFAULT_LAYOUT.dateColumn,
        noteColumn: layout.noteColumn ?? DEFAULT_LAYOUT.noteColumn,
      },
      version: s.version,
      counts: { matched: c.matched ?? 0, conflict: c.conflict ?? 0, unmatched: c.unmatched ?? 0, newCase: c.new_case ?? 0, total: Object.values(c).reduce((a, b) => a + b, 0) },
      createdAt: s.created_at,
      updatedAt: s.updated_at,
    };
  }

  function presentPoint(p: PointView) {
    return {
      id: p.id,
      sourceId: p.source_id,
      sourceName: p.source_name,
      sourceCode: p.source_code,
      externalId: p.external_id,
      rowNo: p.row_no,
      lon: p.lon,
      lat: p.lat,
      address: p.address,
      description: p.description,
      town: p.town_name,
      category: p.category,
      foundOn: p.found_on,
      divisionCode: p.division_code,
      divisionName: p.division_name ?? null,
      status: p.match_status,
      caseId: p.case_id,
      caseNo: p.case_no ?? null,
      caseStatus: p.case_status ?? null,
      note: p.match_note,
      candidates: (p.candidates ?? []) as { caseId: string; caseNo: string; distanceM: number; score: number; agrees: boolean; why: string | null }[],
      decidedBy: p.decided_by ? { id: p.decided_by, name: p.decided_by_name ?? '' } : null,
      decidedAt: p.decided_at,
      raw: maskedRow(inFileOrder(p.raw as Record<string, string>, ((p.source_layout ?? {}) as ExportLayout).headers)),
      updatedAt: p.updated_at,
    };
  }

  async function loadSource(id: string) {
    const s = await repo.source(id);
    if (!s) throw notFound('点位来源', 'external.source_not_found');
    return s;
  }

  async function loadPoint(actor: Actor, id: string) {
    may(VIEWERS, actor, '查看上级下发点位');
    const p = await repo.point(id);
    if (!p || !inJurisdiction(actor, p.division_path)) throw notFound('点位', 'external.point_not_found');
    return p;
  }

  function checkInput(i: SourceInput) {
    if (!/^[a-z][a-z0-9_]{1,39}$/.test(i.code)) throw badRequest('external.bad_code', '来源代码须为小写字母开头的字母、数字或下划线(2–40 位),如 zj_province', { field: 'code' });
    if (!i.name.trim()) throw badRequest('external.bad_name', '请填写来源名称', { field: 'name' });
    for (const f of ['externalId', 'lon', 'lat'] as const)
      if (!i.mapping[f]?.trim()) throw badRequest('external.mapping_incomplete', `列对应中须指定"${FIELD_LABELS[f]}"列`, { field: f });
    const used = MAPPED_FIELDS.map((f) => i.mapping[f]).filter(Boolean);
    if (new Set(used).size !== used.length) throw badRequest('external.mapping_duplicate', '同一列不能对应两个字段', { field: 'mapping' });
  }

  /** Reads a list through its source's mapping and works out every row's fate, writing nothing. */
  async function plan(source: SourceRow, data: Buffer) {
    const table = await readPointTable(data, { encoding: source.encoding });
    const mapping = source.mapping as Mapping;
    const missing = missingHeaders(mapping, table.headers);
    if (missing.length)
      throw badRequest('external.mapping_mismatch', `文件缺少来源设置中对应的列:${missing.join('、')}(文件的列:${table.headers.join('、')})`, { missing, headers: table.headers });
    const today = chinaToday(clock.now());
    const parsed = table.rows.map((r) => ({ rowNo: r.rowNo, ...parsePointRow(table.headers, r.cells, mapping, source.crs, today) }));
    const existing = await repo.pointsByExternalId(source.id, [...new Set(parsed.flatMap((r) => (r.point ? [r.point.externalId] : [])))]);
    const rows: RowReport[] = parsed.map((r) => ({
      rowNo: r.rowNo,
      externalId: r.externalId,
      fate: 'rejected',
      reasons: [...r.reasons],
      notes: r.notes,
      changes: [],
      match: null,
    }));
    // the first row of an external id is the point; a later one is refused
    const seen = new Map<string, number>();
    const usable: number[] = [];
    parsed.forEach((r, i) => {
      if (!r.point) return;
      const first = seen.get(r.point.externalId);
      if (first !== undefined) rows[i].reasons.push(`外部编号 ${r.point.externalId} 与第 ${first} 行重复`);
      else {
        seen.set(r.point.externalId, r.rowNo);
        usable.push(i);
      }
    });
    // the places and the matches of all rows at once (one statement per thousand points, not three per row)
    const villages = await repo.villagesOf(usable.map((i) => parsed[i].point!));
    const place = new Map<number, { code: string; path: string }>();
    const toMatch: number[] = [];
    usable.forEach((i, k) => {
      const r = parsed[i];
      const pt = r.point!;
      const report = rows[i];
      const where = villages.get(k);
      if (!where) {
        report.reasons.push(`坐标(${pt.lon}, ${pt.lat})不在本县(市)范围内`);
        return;
      }
      place.set(r.rowNo, where);
      const old = existing.get(pt.externalId);
      if (old && old.raw_hash === r.rawHash) {
        report.fate = 'unchanged';
        report.match = { status: old.match_status, caseId: old.case_id, caseNo: null, note: old.match_note ?? '' };
        return;
      }
      report.fate = old ? 'updated' : 'new';
      if (old) report.changes = changedHeaders(old.raw as Record<string, string>, r.raw);
      // a point already linked to a case (by the matcher or a person) keeps its case; others are matched again
      if (old && (old.case_id || old.decided_by)) report.match = { status: old.match_status, caseId: old.case_id, caseNo: null, note: old.match_note ?? '' };
      else toMatch.push(i);
    });
    const refs = await repo.refCases(
      source.code,
      toMatch.map((i) => parsed[i].point!.externalId),
    );
    const near = await repo.nearCasesMany(
      toMatch.map((i) => parsed[i].point!),
      source.match_radius_m,
    );
    const candidates = new Map<number, unknown>();
    toMatch.forEach((i, k) => {
      const pt = parsed[i].point!;
      const ref = refs.get(pt.externalId);
      if (ref) {
        rows[i].match = { status: 'matched', caseId: ref.caseId, caseNo: ref.caseNo, note: '案件已有此外部编号' };
        return;
      }
      const d = decideMatch(pt, near.get(k) ?? [], source.match_radius_m);
      rows[i].match = { status: d.status, caseId: d.caseId, caseNo: d.candidates.find((c) => c.caseId === d.caseId)?.caseNo ?? null, note: d.note };
      candidates.set(i, d.candidates);
    });
    const counts = { new: 0, updated: 0, unchanged: 0, rejected: 0, matched: 0, conflict: 0, unmatched: 0 };
    for (const r of rows) {
      counts[r.fate]++;
      if ((r.fate === 'new' || r.fate === 'updated') && r.match && r.match.status !== 'new_case') counts[r.match.status]++;
    }
    return { table, parsed, existing, rows, counts, place, candidates };
  }

  /** A point with its candidates' cases side by side (distance, number, status, a photo). */
  async function pointDetail(actor: Actor, id: string) {
    const p = await loadPoint(actor, id);
    const view = presentPoint(p);
    const ids = [...new Set([...view.candidates.map((c) => c.caseId), ...(p.case_id ? [p.case_id] : [])])];
    const rows = await repo.casesForCandidates(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const metres = (lon: number, lat: number) => {
      // equirectangular is exact enough at these distances (tens of metres)
      const k = Math.cos((p.lat * Math.PI) / 180);
      return Math.round(Math.hypot((lon - p.lon) * k, lat - p.lat) * 111_320 * 10) / 10;
    };
    const candidateCases = ids
      .map((cid) => byId.get(cid))
      .filter((c): c is NonNullable<typeof c> => !!c && inJurisdiction(actor, c.division_path))
      .map((c) => {
        const s = view.candidates.find((x) => x.caseId === c.id);
        return {
          caseId: c.id,
          caseNo: c.case_no,
          status: c.status,
          category: c.category,
          areaM2: c.area_m2 === null ? null : Number(c.area_m2),
          address: c.address_text,
          villageName: c.village_name ?? null,
          foundAt: c.found_at,
          distanceM: s?.distanceM ?? metres(c.lon, c.lat),
          score: s?.score ?? null,
          agrees: s?.agrees ?? null,
          why: s?.why ?? null,
          linked: c.id === p.case_id,
          photoId: c.photo_id,
          photoCount: c.photo_count,
        };
      });
    return { ...view, candidateCases };
  }

  return {
    /** The headers and first rows of a sample file, and the mapping they suggest (the mapping form). */
    async sampleHeaders(actor: Actor, file: { filename: string; data: Buffer }, encoding: string | null) {
      may(SOURCE_EDITORS, actor, '设置点位来源');
      if (file.data.length > MAX_POINT_FILE_BYTES) throw new AppError('external.file_too_large', 413, `文件过大(最大 ${MAX_POINT_FILE_BYTES / 1024 / 1024} MB)`);
      const t = await readPointTable(file.data, { encoding });
      return {
        format: t.format,
        encoding: t.encoding,
        sheetName: t.sheetName,
        headers: t.headers,
        rows: t.rows.length,
        sample: t.rows
          .slice(0, 5)
          .map((r) =>
            Object.fromEntries(
              t.headers.map((h) => [
                h,
                r.cells[h] === null || r.cells[h] === undefined ? '' : String(r.cells[h] instanceof Date ? (r.cells[h] as Date).toISOString().slice(0, 10) : r.cells[h]),
              ]),
            ),
          ),
        suggested: guessMapping(t.headers),
      };
    },

    async sources(actor: Actor) {
      may(VIEWERS, actor, '查看上级下发点位');
      const counts = new Map<string, Record<string, number>>();
      for (const r of await repo.sourceCounts(actor.divisionPath)) counts.set(r.source_id, { ...(counts.get(r.source_id) ?? {}), [r.match_status]: r.n });
      return { items: (await repo.sources()).map((s) => presentSource(s, counts)) };
    },

    async createSource(actor: Actor, i: SourceInput) {
      may(SOURCE_EDITORS, actor, '设置点位来源');
      checkInput(i);
      if ((await repo.sourceByCodeOrName(i.code, i.name.trim())).length) throw conflict('external.source_exists', '已有同名或同代码的来源');
      const id = randomUUID();
      const now = clock.now();
      await db.transaction(async () => {
        await repo.insertSource({
          id,
          code: i.code,
          name: i.name.trim(),
          case_source: i.caseSource,
          mapping: JSON.stringify(i.mapping),
          crs: i.crs,
          encoding: i.encoding,
          match_radius_m: i.matchRadiusM,
          export_layout: JSON.stringify(i.exportLayout),
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        });
        await audit.append(actor, { action: 'external.source_create', entity: 'external_source', entityId: id, after: i });
      });
      return presentSource((await repo.source(id))!, new Map());
    },

    async updateSource(actor: Actor, id: string, version: number, i: Omit<SourceInput, 'code'>) {
      may(SOURCE_EDITORS, actor, '设置点位来源');
      const s = await loadSource(id);
      checkInput({ ...i, code: s.code });
      const clash = (await repo.sourceByCodeOrName(s.code, i.name.trim())).filter((x) => x.id !== id);
      if (clash.length) throw conflict('external.source_exists', '已有同名的来源');
      await db.transaction(async () => {
        const layout = { ...((s.export_layout ?? {}) as ExportLayout), ...i.exportLayout };
        const n = await repo.updateSource(id, version, {
          name: i.name.trim(),
          case_source: i.caseSource,
          mapping: JSON.stringify(i.mapping),
          crs: i.crs,
          encoding: i.encoding,
          match_radius_m: i.matchRadiusM,
          export_layout: JSON.stringify(layout),
          updated_at: clock.now(),
        });
        if (!n) throw conflict('external.stale', '该来源已被他人修改,请刷新后重试');
        await audit.append(actor, {
          action: 'external.source_update',
          entity: 'external_source',
          entityId: id,
          before: { name: s.name, mapping: s.mapping, crs: s.crs, encoding: s.encoding, matchRadiusM: s.match_radius_m },
          after: i,
        });
      });
      return presentSource((await repo.source(id))!, new Map());
    },

    /**
     * Imports a list (dry run: each row's fate, nothing written). Applying writes every row that can be a
     * point in one transaction, or nothing; rejected rows are reported, not written. The same file again
     * changes nothing: a point is known by its external id, and a row whose text is the same is unchanged.
     */
    async importList(actor: Actor, sourceId: string, file: { filename: string; data: Buffer }, dryRun: boolean) {
      may(IMPORTERS, actor, '导入上级下发点位');
      if (file.data.length > MAX_POINT_FILE_BYTES) throw new AppError('external.file_too_large', 413, `文件过大(最大 ${MAX_POINT_FILE_BYTES / 1024 / 1024} MB)`);
      const checked = await loadSource(sourceId);
      const outcome = (p: Awaited<ReturnType<typeof plan>>, importId: string | null) => ({
        dryRun,
        format: p.table.format,
        encoding: p.table.encoding,
        sheetName: p.table.sheetName,
        headers: p.table.headers,
        totalRows: p.rows.length,
        counts: p.counts,
        importId,
        rows: p.rows.map(({ rowNo, externalId, fate, reasons, notes, changes, match }) => ({ rowNo, externalId, fate, reasons, notes, changes, match })),
      });
      if (dryRun) return outcome(await plan(checked, file.data), null);

      const sha256 = createHash('sha256').update(file.data).digest('hex');
      const ext = looksLikeXlsx(file.data) ? 'xlsx' : 'csv';
      const key = `external/${sha256.slice(0, 2)}/${sha256}.${ext}`;
      const importId = randomUUID();
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a file name must not keep
      const filename = (file.filename || `points.${ext}`).replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
      // planned inside the transaction, with the source's row locked: a second import of the same list at the
      // same moment waits, then finds this one's points (unchanged) instead of planning them as new twice
      return db.transaction(async () => {
        const source = (await repo.sourceForUpdate(sourceId)) ?? checked;
        const p = await plan(source, file.data);
        const result = outcome(p, importId);
        await blobs.put(key, file.data);
        const now = clock.now();
        await repo.insertImport({
          id: importId,
          source_id: source.id,
          filename,
          file_key: key,
          file_sha256: sha256,
          file_size: file.data.length,
          format: p.table.format,
          encoding: p.table.encoding,
          total_rows: p.rows.length,
          counts: JSON.stringify(p.counts),
          report: JSON.stringify(result.rows),
          imported_by: actor.id,
          imported_at: now,
        });
        const fresh: Parameters<ExternalRepo['insertPoints']>[0] = [];
        const refs: Parameters<ExternalRepo['insertRefs']>[0] = [];
        for (const [i, r] of p.rows.entries()) {
          if (r.fate !== 'new' && r.fate !== 'updated') continue;
          const row = p.parsed[i];
          const pt = row.point!;
          const where = p.place.get(r.rowNo)!;
          const m = r.match!;
          const fields = {
            raw: JSON.stringify(row.raw),
            raw_hash: row.rawHash,
            row_no: r.rowNo,
            lon: pt.lon,
            lat: pt.lat,
            address: pt.address,
            description: pt.description,
            town_name: pt.town,
            category: pt.category,
            found_on: pt.foundOn,
            division_code: where.code,
            division_path: where.path,
            last_import_id: importId,
            updated_at: now,
          };
          const old = p.existing.get(pt.externalId);
          const candidates = JSON.stringify(p.candidates.get(i) ?? []);
          if (!old) {
            fresh.push({
              id: randomUUID(),
              source_id: source.id,
              external_id: pt.externalId,
              ...fields,
              match_status: m.status,
              case_id: m.caseId,
              candidates,
              match_note: m.note,
              first_import_id: importId,
              created_at: now,
            });
          } else if (old.case_id || old.decided_by) await repo.updatePoint(old.id, fields);
          else await repo.updatePoint(old.id, { ...fields, match_status: m.status, case_id: m.caseId, candidates, match_note: m.note });
          if (m.status === 'matched' && m.caseId) refs.push({ case_id: m.caseId, system: source.code, external_id: pt.externalId, created_at: now });
        }
        await repo.insertPoints(fresh);
        await repo.insertRefs(refs);
        await repo.setLayout(source.id, { ...((source.export_layout ?? {}) as ExportLayout), headers: p.table.headers, sheetName: p.table.sheetName ?? source.name });
        await audit.append(actor, {
          action: 'external.import',
          entity: 'external_import',
          entityId: importId,
          after: { source: source.code, filename, sha256, rows: p.rows.length, counts: p.counts },
        });
        return result;
      });
    },

    async imports(actor: Actor, sourceId: string) {
      may(IMPORT_VIEWERS, actor, '查看上级点位的导入记录');
      await loadSource(sourceId);
      const rows = await repo.imports(sourceId, 50);
      return {
        items: rows.map((i) => ({
          id: i.id,
          filename: i.filename,
          fileSize: i.file_size,
          format: i.format,
          encoding: i.encoding,
          totalRows: i.total_rows,
          counts: i.counts as Record<string, number>,
          importedBy: i.imported_by_name,
          importedAt: i.imported_at,
        })),
      };
    },

    async importReport(actor: Actor, id: string) {
      may(IMPORT_VIEWERS, actor, '查看上级点位的导入记录');
      const i = await repo.importById(id);
      if (!i) throw notFound('导入记录', 'external.import_not_found');
      return {
        id: i.id,
        sourceId: i.source_id,
        filename: i.filename,
        fileSize: i.file_size,
        format: i.format,
        encoding: i.encoding,
        totalRows: i.total_rows,
        counts: i.counts as Record<string, number>,
        importedBy: i.imported_by_name,
        importedAt: i.imported_at,
        rows: i.report as RowReport[],
      };
    },

    async points(actor: Actor, f: { sourceId?: string; status?: ExternalMatchStatus; caseId?: string; q?: string }, limit: number, offset: number) {
      may(VIEWERS, actor, '查看上级下发点位');
      const [items, total] = await Promise.all([repo.list(actor.divisionPath, f, limit, offset), repo.count(actor.divisionPath, f)]);
      return { total, items: items.map((p) => presentPoint(p as PointView)) };
    },

    point: (actor: Actor, id: string) => pointDetail(actor, id),

    /**
     * A person's decision on a point: link it to a case (a candidate or any case by its number), make it a
     * new case in one step, or undo a link (back to unmatched). The case's external reference follows.
     */
    async decide(actor: Actor, id: string, d: { action: 'link' | 'new_case' | 'unlink'; caseId?: string; caseNo?: string; note?: string; updatedAt: string }) {
      may(DECIDERS, actor, '处理上级下发点位');
      const p = await loadPoint(actor, id);
      if (new Date(d.updatedAt).getTime() !== new Date(p.updated_at).getTime()) throw conflict('external.stale', '该点位已被他人处理或更新,请刷新后重试');
      const source = await loadSource(p.source_id);
      const now = clock.now();
      const before = { status: p.match_status, caseId: p.case_id };
      return db.transaction(async () => {
        let caseId: string;
        let status: ExternalMatchStatus;
        if (d.action === 'unlink') {
          if (!p.case_id) throw conflict('external.not_linked', '该点位未关联案件');
          await repo.deleteRef(source.code, p.external_id);
          const n = await repo.decidePoint(id, p.updated_at, {
            match_status: 'unmatched',
            case_id: null,
            decided_by: actor.id,
            decided_at: now,
            match_note: d.note ?? '已取消关联',
            updated_at: now,
          });
          if (!n) throw conflict('external.stale', '该点位已被他人处理,请刷新后重试');
          await audit.append(actor, { action: 'external.decide', entity: 'external_point', entityId: id, before, after: { action: 'unlink', status: 'unmatched' } });
          return pointDetail(actor, id);
        }
        if (d.action === 'link') {
          const c = d.caseId ? await repo.caseBrief(d.caseId) : d.caseNo ? await repo.caseByNo(d.caseNo.trim()) : null;
          if (!c || !inJurisdiction(actor, c.division_path)) throw notFound('案件', 'case.not_found');
          if (c.kind !== 'violation' || c.status === 'rejected') throw conflict('external.case_unusable', `案件 ${c.case_no} 已不予立案或不是违建案件,不能关联`);
          if (p.case_id && p.case_id !== c.id) await repo.deleteRef(source.code, p.external_id);
          await repo.insertRefs([{ case_id: c.id, system: source.code, external_id: p.external_id, created_at: now }]);
          caseId = c.id;
          status = 'matched';
        } else {
          if (p.case_id) throw conflict('external.already_linked', '该点位已关联案件,请先取消关联');
          const created = await cases.create(actor, {
            lon: p.lon,
            lat: p.lat,
            source: source.case_source,
            category: categoryOf(p.category) ?? 'building',
            note: [`${source.name}点位 ${p.external_id}`, p.address, p.description].filter(Boolean).join(';').slice(0, 2000),
            foundAt: p.found_on ? `${p.found_on}T00:00:00+08:00` : undefined,
            externalRefs: [{ system: source.code, externalId: p.external_id }],
          });
          caseId = created.case.id;
          status = 'new_case';
        }
        const n = await repo.decidePoint(id, p.updated_at, {
          match_status: status,
          case_id: caseId,
          decided_by: actor.id,
          decided_at: now,
          match_note: d.note ?? null,
          updated_at: now,
        });
        if (!n) throw conflict('external.stale', '该点位已被他人处理,请刷新后重试');
        await audit.append(actor, { action: 'external.decide', entity: 'external_point', entityId: id, before, after: { action: d.action, status, caseId } });
        return pointDetail(actor, id);
      });
    },

    /**
     * The closings to send back to a source: its points whose case was closed (销号) since `since`, in the
     * layout its list came in (its headers and ids, the closing written in its status column or appended),
     * with the proof photos named by external id. `zip`: the workbook and the photos together.
     */
    async closings(actor: Actor, sourceId: string, since: string, format: 'xlsx' | 'zip') {
      may(IMPORTERS, actor, '导出销号结果');
      const source = await loadSource(sourceId);
      const sinceAt = new Date(`${since}T00:00:00+08:00`);
      if (Number.isNaN(sinceAt.getTime())) throw badRequest('external.bad_since', '起始日期无效(YYYY-MM-DD)', { field: 'since' });
      const rows = await repo.closings(source.id, sinceAt, actor.divisionPath);
      const photos = await repo.afterPhotos([...new Set(rows.map((r) => r.case_id))]);
      const layout = { ...DEFAULT_LAYOUT, ...((source.export_layout ?? {}) as ExportLayout) };
      const headers = layout.headers?.length ? [...layout.headers] : [(source.mapping as Mapping).externalId ?? '外部编号'];
      const extra = [layout.statusColumn, layout.dateColumn, '本地案件编号', layout.noteColumn, '照片文件'];
      for (const h of extra) if (!headers.includes(h)) headers.push(h);
      const day = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 10) : '');
      const files: Record<string, Uint8Array> = {};
      const wb = new ExcelJS.Workbook();
      wb.creator = '无违建';
      const ws = wb.addWorksheet((layout.sheetName || source.name).slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = headers.map((h) => ({ header: h, key: h, width: Math.min(40, Math.max(10, h.length * 2 + 4)) }));
      ws.getRow(1).font = { bold: true };
      for (const r of rows) {
        const mine = photos.filter((ph) => ph.case_id === r.case_id);
        const names = mine.map((_ph, i) => `${safeName(r.external_id)}${mine.length > 1 ? `-${i + 1}` : ''}.jpg`);
        if (format === 'zip') for (const [i, ph] of mine.entries()) files[`照片/${names[i]}`] = await blobs.get(ph.display_key ?? ph.blob_key);
        const values: Record<string, string> = { ...(r.raw as Record<string, string>) };
        values[layout.statusColumn] = layout.closedValue;
        values[layout.dateColumn] = day(r.closed_at);
        values['本地案件编号'] = r.case_no;
        values[layout.noteColumn] = `已销号(${{ demolish: '拆除', remedy: '整改补办', defer: '暂缓' }[r.disposal_class ?? ''] ?? '已处置'}),证明照片 ${mine.length} 张`;
        values['照片文件'] = names.join('、');
        // the list's cells as received: another system's text that looks like a formula stays text
        ws.addRow(headers.map((h) => textCell(values[h] ?? '')));
      }
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const base = `${source.name}-销号回传-${since}`;
      await audit.append(actor, {
        action: 'external.export',
        entity: 'external_source',
        entityId: source.id,
        after: { source: source.code, since, format, count: rows.length, photos: photos.length },
      });
      if (format === 'xlsx') return { filename: `${base}.xlsx`, type: XLSX_TYPE, buffer: xlsx };
      files[`${base}.xlsx`] = xlsx;
      return { filename: `${base}.zip`, type: 'application/zip', buffer: Buffer.from(zipSync(files, { level: 0 })) };
    },

    /** The points that name a case (its page's 上级点位 section). */
    async casePoints(actor: Actor, caseId: string) {
      may(VIEWERS, actor, '查看上级下发点位');
      const c = await repo.caseBrief(caseId);
      if (!c || !inJurisdiction(actor, c.division_path)) throw notFound('案件', 'case.not_found');
      const items = await repo.list(null, { caseId }, 50, 0);
      return { total: items.length, items: items.map((p) => presentPoint(p as PointView)) };
    },
  };
}
export type ExternalService = ReturnType<typeof externalService>;
