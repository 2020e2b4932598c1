import { Type, type Static } from 'typebox';
import { badRequest } from '../../platform/errors.js';
import { csvEnum, parseBbox } from '../../platform/schemas.js';
import { Uuid } from '../../platform/schemas.js';
import { DISPOSAL_CLASSES, LAND_TYPES, ORIGINS, SOURCES, STATUSES } from './cases.enums.js';
import type { CaseFilter } from './cases.repo.js';
import { ITEM_KINDS } from '../../../shared/item-kinds.js';

/**
 * The filters every view of cases shares (list, map, export, overview links): one query-string shape,
 * so a filtered list, its map and its export are the same selection and a deep link carries it.
 */
export const CaseFilterProps = {
  kind: Type.Optional(
    Type.Union(
      ITEM_KINDS.map((k) => Type.Literal(k)),
      { description: 'the item kind: violation (illegal buildings, the default), campaign_item, waterlogging (积水点)' },
    ),
  ),
  bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat (WGS84)', maxLength: 100 })),
  polygon: Type.Optional(Type.String({ maxLength: 20_000, description: 'a polygon drawn on the map: lon,lat;lon,lat;… (WGS84, 3–500 vertices; the ring is closed for you)' })),
  division: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$', description: 'division code: the whole subtree' })),
  status: Type.Optional(Type.String({ maxLength: 200, description: 'comma-separated statuses' })),
  origin: Type.Optional(Type.String({ maxLength: 50 })),
  disposalClass: Type.Optional(Type.String({ maxLength: 50 })),
  source: Type.Optional(Type.String({ maxLength: 200 })),
  landType: Type.Optional(Type.String({ maxLength: 200 })),
  onBasicFarmland: Type.Optional(Type.Boolean()),
  onCultivatedLand: Type.Optional(Type.Boolean()),
  foundFrom: Type.Optional(Type.String({ format: 'date', description: 'found on or after (YYYY-MM-DD)' })),
  foundTo: Type.Optional(Type.String({ format: 'date', description: 'found before (YYYY-MM-DD, exclusive)' })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'free text: case number, address, owner, enterprise, note' })),
  reportedBy: Type.Optional(Type.Union([Type.Literal('me'), Uuid], { description: '`me` or a user id: cases this user reported' })),
  suspectedDuplicate: Type.Optional(Type.Boolean({ description: 'only cases with (true) / without (false) an unresolved probable duplicate' })),
  overdue: Type.Optional(Type.Boolean({ description: 'only open cases past their step deadline (true)' })),
  importId: Type.Optional(Type.String({ format: 'uuid', description: 'only the cases a census import made (GET /api/imports/{id})' })),
  campaignId: Type.Optional(Type.String({ format: 'uuid', description: 'only the items of a campaign (专项整治, GET /api/campaigns/{id}); use with kind=campaign_item' })),
};
export const CaseFilterQuery = Type.Object(CaseFilterProps, { additionalProperties: false });
export type CaseFilterQueryT = Static<typeof CaseFilterQuery>;

/** What the service takes: the repo's filter with a division code instead of its path and no scope. */
export type CaseFilterInput = Omit<CaseFilter, 'scopePath' | 'division' | 'overdueBefore'> & { division?: string; overdue?: boolean };

/** `lon,lat;lon,lat;…` → a closed GeoJSON polygon, or a 400 naming the problem. */
export function parsePolygon(raw: string | undefined): CaseFilter['polygon'] {
  if (raw === undefined || raw === '') return undefined;
  const bad = (message: string) => badRequest('validation_failed', `多边形无效:${message}`, [{ field: 'polygon', message }]);
  const pts = raw.split(';').map((pair) => pair.split(',').map(Number));
  if (pts.some((p) => p.length !== 2 || !p.every(Number.isFinite))) throw bad('每个顶点须为 lon,lat');
  if (pts.some(([x, y]) => x < -180 || x > 180 || y < -90 || y > 90)) throw bad('坐标超出 WGS84 范围');
  const ring = pts.slice();
  const [fx, fy] = ring[0];
  const [lx, ly] = ring[ring.length - 1];
  if (fx !== lx || fy !== ly) ring.push([fx, fy]);
  const distinct = new Set(ring.map((p) => p.join(','))).size;
  if (distinct < 3) throw bad('至少需要 3 个不同的顶点');
  if (ring.length > 501) throw bad('顶点不得多于 500 个');
  return { type: 'Polygon', coordinates: [ring] };
}

const chinaDay = (d: string) => new Date(`${d}T00:00:00+08:00`);

/** The shared query string → the service's filter (enum lists checked, dates as China days). */
export function filterFromQuery(q: CaseFilterQueryT): CaseFilterInput {
  return {
    kind: q.kind,
    bbox: parseBbox(q.bbox),
    polygon: parsePolygon(q.polygon),
    division: q.division,
    status: csvEnum('status', q.status, STATUSES),
    origin: csvEnum('origin', q.origin, ORIGINS),
    disposalClass: csvEnum('disposalClass', q.disposalClass, DISPOSAL_CLASSES),
    source: csvEnum('source', q.source, SOURCES),
    landType: csvEnum('landType', q.landType, LAND_TYPES),
    onBasicFarmland: q.onBasicFarmland,
    onCultivatedLand: q.onCultivatedLand,
    foundFrom: q.foundFrom ? chinaDay(q.foundFrom) : undefined,
    foundTo: q.foundTo ? chinaDay(q.foundTo) : undefined,
    q: q.q?.trim() || undefined,
    reportedBy: q.reportedBy,
    suspectedDuplicate: q.suspectedDuplicate,
    overdue: q.overdue,
    importId: q.importId,
    campaignId: q.campaignId,
  };
}
