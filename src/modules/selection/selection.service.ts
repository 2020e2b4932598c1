import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/auth.js';
import { badRequest } from '../../platform/errors.js';
import type { CasesService } from '../cases/cases.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CaseFilterInput } from '../cases/cases.filter.js';
import type { CaseFilter } from '../cases/case-filter.repo.js';
import { SOURCE_LABELS, STATUS_LABELS, type CaseSource, type CaseStatus, type DisposalClass, type Origin } from '../cases/cases.enums.js';
import { ALL_CATEGORY_LABELS, ALL_DISPOSAL_LABELS } from '../../../shared/item-kinds.js';
import { LAND_TYPE_LABELS, ORIGIN_LABELS, SAFETY_RISK_LABELS, STRUCTURE_LABELS, USE_LABELS } from '../../../shared/enums.js';
import type { ExportRow, SelectionRepo } from './selection.repo.js';
import { textCell } from '../../platform/spreadsheet.js';
import { gk3Zone, outputCrs, type OutputCrs } from '../../platform/gis/crs-out.js';
import { shapefileZip } from '../../platform/gis/shapefile-write.js';
import { geopackage } from '../../platform/gis/gpkg-write.js';
import { caseLayer, caseNotes, divisionLayer } from './selection.gis.js';

/** Up to this many cases in view the map gets every point; above it, clusters on a grid. */
export const POINT_LIMIT = 4000;
/** A cluster cell is about this many screen pixels wide. */
const CELL_PX = 56;
/** The most cases one export holds. */
export const EXPORT_MAX = 200_000;
/** The most change patches one view gets. */
export const PATCH_LIMIT = 3000;
const BATCH = 5000;

export interface MapPoint {
  id: string;
  caseNo: string;
  lon: number;
  lat: number;
  status: CaseStatus;
  disposalClass: DisposalClass | null;
  origin: Origin;
}
export interface MapCluster {
  lon: number;
  lat: number;
  count: number;
  /** the cluster's extent: zooming to it splits it */
  bbox: [number, number, number, number];
}

/**
 * The current selection of cases (the list's filters, a bbox or a drawn polygon) for the map and for
 * export: clustered on the server so 100k cases stay smooth, and written out as Excel or GeoJSON in
 * batches so a large export never holds the whole city in memory.
 */
export function selectionService(deps: { repo: SelectionRepo; cases: CasesService; audit: AuditService }) {
  const { repo, cases, audit } = deps;

  const countByStatus = async (f: CaseFilter) => Object.fromEntries((await repo.countByStatus(f)).map((r) => [r.status, Number(r.n)])) as Record<string, number>;

  /** The selection in batches, in a stable order (keyset on id: no OFFSET over 100k rows). */
  async function* rows(f: CaseFilter) {
    let after: string | null = null;
    for (;;) {
      const batch = await repo.exportBatch(f, after, BATCH);
      if (!batch.length) return;
      yield batch;
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1].id;
    }
  }

  /** The export's selection, counted and within the limit; every export is on the audit trail (who took which cases out). */
  async function checked(actor: Actor, input: CaseFilterInput, format: 'xlsx' | 'geojson') {
    const { f, n } = await selected(actor, input);
    await audited(actor, input, format, n);
    return { f, n };
  }
  async function selected(actor: Actor, input: CaseFilterInput) {
    const f = await cases.resolveFilter(actor, input);
    const n = await repo.count(f);
    if (n > EXPORT_MAX) throw badRequest('selection.too_many', `所选案件 ${n} 件,超过单次导出上限 ${EXPORT_MAX} 件,请缩小筛选范围`, { count: n, max: EXPORT_MAX });
    return { f, n };
  }
  const audited = (actor: Actor, input: CaseFilterInput, format: string, n: number, crs?: OutputCrs) =>
    audit.append(actor, { action: 'cases.export', entity: 'case', entityId: null, after: { format, count: n, filter: input, ...(crs ? { crs: `EPSG:${crs.epsg}` } : {}) } });

  /**
   * The CRS an export asks for (`EPSG:4490` when none), or a 400 naming the ones offered. `gk3`: the CGCS2000
   * 3-degree Gauss-Krüger zone (zone number in front) of the cases' mean longitude, what a county's
   * natural-resources bureau draws in (CGCS2000 longitude/latitude when there is no case to place).
   */
  function crsOf(name: string | undefined, lons: number[]) {
    if (name === 'gk3') {
      if (!lons.length) return outputCrs(4490)!;
      const lon = lons.reduce((a, v) => a + v, 0) / lons.length;
      const zone = gk3Zone(lon);
      return outputCrs(zone >= 25 && zone <= 45 ? 4488 + zone : 4490)!;
    }
    const code = Number((name ?? 'EPSG:4490').replace(/^EPSG:/i, ''));
    const crs = outputCrs(code);
    if (!crs)
      throw badRequest('export.unsupported_crs', `不支持的坐标系 ${name}:可选 EPSG:4490(国家2000 经纬度)、EPSG:4326(WGS84)、EPSG:4513–4554(国家2000 3度带高斯-克吕格)`, {
        crs: name,
      });
    return crs;
  }

  return {
    /**
     * The map's legend: the whole selection (not only the view) counted by status. It changes with the
     * filters, not with the view, so the map asks for it apart (`map(…, { legend: false })` for the view).
     */
    async legend(actor: Actor, input: CaseFilterInput) {
      const byStatus = await countByStatus(await cases.resolveFilter(actor, input));
      return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
    },

    /**
     * The map's view: every case in the view as a point when there are at most POINT_LIMIT, otherwise
     * clusters on a grid of ~56 px cells at this zoom (Web Mercator zoom level). With `legend` (the
     * default) also the legend's counts of the whole selection (`total`, `byStatus`); the web app asks for
     * those apart, once per filter, and so does not count the whole selection again at every move (a full
     * pass over the selection, ~45 ms of the ~150 at 100k cases on PGlite, where statements run one after
     * the other).
     */
    async map(actor: Actor, input: CaseFilterInput, view: { bbox: [number, number, number, number]; zoom: number; maxPoints?: number; legend?: boolean }) {
      const f = await cases.resolveFilter(actor, input);
      const inView: CaseFilter = { ...f, bbox: view.bbox };
      const cellX = (CELL_PX * 360) / (256 * 2 ** view.zoom);
      const midLat = (view.bbox[1] + view.bbox[3]) / 2;
      const cellY = cellX * Math.cos((midLat * Math.PI) / 180);
      // one pass over the view: the grid's cells (their sum is the count in view), beside the legend's
      // count of the whole selection by status when asked for
      const [res, totals] = await Promise.all([repo.grid(inView, cellX, cellY), view.legend === false ? null : countByStatus(f)]);
      const inViewCount = res.reduce((a, r) => a + Number(r.n), 0);
      const legend = totals ? { total: Object.values(totals).reduce((a, b) => a + b, 0), byStatus: totals } : {};
      if (inViewCount <= (view.maxPoints ?? POINT_LIMIT)) {
        const pts = await repo.points(inView);
        const points: MapPoint[] = pts.map((p) => ({
          id: p.id,
          caseNo: p.case_no,
          lon: p.lon,
          lat: p.lat,
          status: p.status as CaseStatus,
          disposalClass: p.disposal_class as DisposalClass | null,
          origin: p.origin as Origin,
        }));
        return { ...legend, inView: inViewCount, mode: 'points' as const, points, clusters: [] as MapCluster[] };
      }
      const clusters: MapCluster[] = res.map((r) => {
        const n = Number(r.n);
        return { lon: Number(r.slon) / n, lat: Number(r.slat) / n, count: n, bbox: [Number(r.minlon), Number(r.minlat), Number(r.maxlon), Number(r.maxlat)] };
      });
      return { ...legend, inView: inViewCount, mode: 'clusters' as const, points: [] as MapPoint[], clusters };
    },

    /**
     * Change patches (变化图斑) in the view: the footprints of the selection's cases found by satellite
     * or drone imagery, as GeoJSON (at most PATCH_LIMIT, largest first).
     */
    async patches(actor: Actor, input: CaseFilterInput, bbox: [number, number, number, number]) {
      const f: CaseFilter = { ...(await cases.resolveFilter(actor, input)), bbox };
      const rows = await repo.patches(f, PATCH_LIMIT);
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => ({
          type: 'Feature' as const,
          id: r.id,
          geometry: JSON.parse(r.geom),
          properties: { id: r.id, caseNo: r.case_no, status: r.status as CaseStatus, source: r.source as CaseSource, areaM2: r.area_m2 === null ? null : Number(r.area_m2) },
        })),
      };
    },

    /** The selection as an Excel workbook (one row per case, zh-CN headers), streamed. */
    async excel(actor: Actor, input: CaseFilterInput): Promise<{ count: number; stream: Readable }> {
      const { f, n } = await checked(actor, input, 'xlsx');
      const out = new PassThrough();
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      wb.creator = '无违建';
      const ws = wb.addWorksheet('案件', { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = EXCEL_COLUMNS.map(([header, key, width]) => ({ header, key, width }));
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      (async () => {
        for await (const batch of rows(f)) for (const r of batch) ws.addRow(excelRow(r)).commit();
        ws.commit();
        await wb.commit();
      })().catch((err) => out.destroy(err));
      return { count: n, stream: out };
    },

    /**
     * The selection as a GIS file in a CRS (CGCS2000 longitude/latitude by default): a zipped Shapefile (.shp
     * .shx .dbf .prj .cpg and fields.txt, the field names' zh-CN titles) or a GeoPackage. Both are built whole
     * in memory (a Shapefile's header holds its length; SQLite pages point to one another): ~1 KB per case.
     */
    async gisFile(actor: Actor, input: CaseFilterInput, format: 'shp' | 'gpkg', crsName?: string): Promise<{ count: number; body: Uint8Array }> {
      if (crsName && crsName !== 'gk3') crsOf(crsName, []); // a CRS we do not offer is refused before any work
      const { f, n } = await selected(actor, input);
      const all: ExportRow[] = [];
      for await (const batch of rows(f)) all.push(...batch);
      const crs = crsOf(
        crsName,
        all.map((r) => Number(r.lon)),
      );
      await audited(actor, input, format, n, crs);
      const layer = caseLayer(all, crs);
      const body =
        format === 'shp' ? shapefileZip(layer, crs.esriWkt, caseNotes(crs, n, new Date())) : geopackage([layer], { srsId: crs.epsg, name: crs.name, definition: crs.ogcWkt });
      return { count: n, body };
    },

    /**
     * The division boundaries of the user's jurisdiction as GIS files in a CRS: a Shapefile of one level (towns
     * or villages), or a GeoPackage with both as layers `towns` and `villages`. On the audit trail as
     * `divisions.export`.
     */
    async divisionsFile(actor: Actor, format: 'shp' | 'gpkg', level: 'town' | 'village', crsName?: string): Promise<{ count: number; body: Uint8Array }> {
      const towns = format === 'gpkg' || level === 'town' ? await repo.divisionBoundaries(actor.divisionPath, 'town') : [];
      const villages = format === 'gpkg' || level === 'village' ? await repo.divisionBoundaries(actor.divisionPath, 'village') : [];
      const all = [...towns, ...villages];
      // gk3: the zone of the boundaries' mean first longitude (each GeoJSON's first coordinate)
      const crs = crsOf(crsName, all.map((r) => Number(/\[\[\[+(-?[\d.]+)/.exec(r.geom)?.[1] ?? Number.NaN)).filter(Number.isFinite));
      const n = all.length;
      await audit.append(actor, {
        action: 'divisions.export',
        entity: 'division',
        entityId: null,
        after: { format, count: n, level: format === 'gpkg' ? 'town,village' : level, crs: `EPSG:${crs.epsg}` },
      });
      if (format === 'shp') {
        const layer = divisionLayer(level === 'town' ? towns : villages, level, crs);
        return { count: n, body: shapefileZip(layer, crs.esriWkt, ['无违建 行政区划边界导出(ESRI Shapefile)', `坐标系:${crs.label}`, '属性编码:UTF-8(见 .cpg)。']) };
      }
      return {
        count: n,
        body: geopackage([divisionLayer(towns, 'town', crs), divisionLayer(villages, 'village', crs)], { srsId: crs.epsg, name: crs.name, definition: crs.ogcWkt }),
      };
    },

    /** The selection as a GeoJSON FeatureCollection (points, WGS84), streamed. */
    async geojson(actor: Actor, input: CaseFilterInput): Promise<{ count: number; stream: Readable }> {
      const { f, n } = await checked(actor, input, 'geojson');
      const out = new PassThrough();
      (async () => {
        out.write(`{"type":"FeatureCollection","numberMatched":${n},"features":[`);
        let first = true;
        for await (const batch of rows(f)) {
          const parts = batch.map((r) => {
            const { id, lon, lat, ...props } = r;
            return JSON.stringify({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: geoProps(props) });
          });
          out.write((first ? '' : ',') + parts.join(','));
          first = false;
        }
        out.end(']}');
      })().catch((err) => out.destroy(err));
      return { count: n, stream: out };
    },
  };
}
export type SelectionService = ReturnType<typeof selectionService>;

const EXCEL_COLUMNS: [string, string, number][] = [
  ['案件编号', 'caseNo', 17],
  ['状态', 'status', 10],
  ['存量/新增', 'origin', 9],
  ['处置类别', 'disposalClass', 10],
  ['来源', 'source', 10],
  ['类别', 'category', 8],
  ['镇(街道)', 'town', 10],
  ['村(社区)', 'village', 12],
  ['地址', 'address', 28],
  ['面积(㎡)', 'area', 10],
  ['层数', 'floors', 6],
  ['结构', 'structure', 10],
  ['用途', 'use', 10],
  ['土地类型', 'landType', 12],
  ['耕地', 'cultivated', 6],
  ['永久基本农田', 'basicFarmland', 12],
  ['当事人', 'owner', 14],
  ['企业名称', 'enterprise', 22],
  ['统一社会信用代码', 'uscc', 20],
  ['安全风险', 'risk', 8],
  ['发现日期', 'found', 11],
  ['办理期限', 'deadline', 11],
  ['销号日期', 'closed', 11],
  ['经度', 'lon', 11],
  ['纬度', 'lat', 11],
];
const chinaDate = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : null);
/** A code as its zh-CN label (an unknown code stays as it is, as text). */
const label = (labels: Record<string, string>, v: string | null) => (v ? textCell(labels[v] ?? v) : '');

function excelRow(r: ExportRow) {
  return {
    caseNo: r.case_no,
    status: STATUS_LABELS[r.status] ?? r.status,
    origin: label(ORIGIN_LABELS, r.origin),
    disposalClass: r.disposal_class ? (ALL_DISPOSAL_LABELS[r.disposal_class] ?? r.disposal_class) : '',
    source: SOURCE_LABELS[r.source] ?? r.source,
    category: ALL_CATEGORY_LABELS[r.category] ?? r.category,
    town: textCell(r.town),
    village: textCell(r.village),
    address: textCell(r.address_text),
    area: r.area_m2 === null ? null : Number(r.area_m2),
    floors: r.floors,
    structure: label(STRUCTURE_LABELS, r.structure),
    use: label(USE_LABELS, r.use),
    landType: label(LAND_TYPE_LABELS, r.land_type),
    cultivated: r.on_cultivated_land ? '是' : '否',
    basicFarmland: r.on_basic_farmland ? '是' : '否',
    owner: textCell(r.owner_name),
    enterprise: textCell(r.enterprise_name),
    uscc: textCell(r.enterprise_uscc),
    risk: label(SAFETY_RISK_LABELS, r.safety_risk),
    found: chinaDate(r.found_at),
    deadline: chinaDate(r.deadline_at),
    closed: chinaDate(r.closed_at),
    lon: Number(r.lon),
    lat: Number(r.lat),
  };
}

function geoProps(r: Omit<ExportRow, 'id' | 'lon' | 'lat'>) {
  return {
    caseNo: r.case_no,
    status: r.status,
    origin: r.origin,
    disposalClass: r.disposal_class,
    source: r.source,
    category: r.category,
    town: r.town,
    village: r.village,
    address: r.address_text,
    areaM2: r.area_m2 === null ? null : Number(r.area_m2),
    floors: r.floors,
    landType: r.land_type,
    onBasicFarmland: r.on_basic_farmland,
    foundAt: r.found_at.toISOString(),
    deadlineAt: r.deadline_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}
