import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { LAND_TYPE_LABELS, ORIGIN_LABELS, STRUCTURE_LABELS, USE_LABELS } from '../../../shared/enums.js';
import { casesMatching, inSubtree, type CaseFilter } from '../cases/case-filter.repo.js';
import { CATEGORY_LABELS, DISPOSAL_LABELS, SOURCE_LABELS, STATUS_LABELS, type CaseCategory } from '../cases/cases.enums.js';
import { DIVISION_LEVEL_LABELS } from '../divisions/division.levels.js';
import { PATCH_SOURCE_LABELS, PATCH_STATUS_LABELS, VERDICT_LABELS } from '../patches/patch.rules.js';
import { caseFactColumns } from '../selection/selection.repo.js';

/** The patches collection's filter: the jurisdiction, bbox, the detection day's range and the properties. */
export interface OgcPatchFilter {
  scopePath: string;
  bbox?: [number, number, number, number];
  from?: Date;
  to?: Date;
  status?: string[];
  source?: string[];
  townCode?: string;
  villageCode?: string;
}

/** The OGC API's extra filter beside the list's shared one (the case filter has no category). */
export interface OgcCaseFilter extends CaseFilter {
  category?: string[];
  townCode?: string;
  villageCode?: string;
}

/**
 * One page of features as the GeoJSON text the database writes: the features' array (`[…]`), how many, and the
 * keyset key of the last. The database builds each feature (`row_to_json` of its properties), so a 1,000-feature
 * page reaches the client without a JavaScript object per feature (docs/ogc.md, "Performance").
 */
export interface FeaturePage {
  features: string;
  n: number;
  last: string | null;
}

/** Each code beside its zh-CN label (`status` and `statusLabel`); a code without a label stays as it is. */
const labelled = (labels: Record<string, string>, column: string) =>
  sql<string | null>`coalesce(${JSON.stringify(labels)}::jsonb ->> ${sql.ref(column)}::text, ${sql.ref(column)}::text)`;
/** An instant as JavaScript's `toISOString` writes it (UTC, milliseconds). */
const iso = (column: string) => sql<string | null>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const num = (column: string) => sql<number | null>`${sql.ref(column)}::float8`;
/** A polygon column as a GeoJSON geometry, latitude first when the CRS asks for it (OGC API Part 2). */
const polygon = (column: string, latFirst: boolean) =>
  latFirst ? sql`ST_AsGeoJSON(ST_FlipCoordinates(${sql.ref(column)}), 7)::json` : sql`ST_AsGeoJSON(${sql.ref(column)}, 7)::json`;

/** A case's properties for GIS staff: the GeoJSON export's fields, and like it no owner, ID number or phone. */
const CASE_PROPERTIES: [string, RawBuilder<unknown>][] = [
  ['caseNo', sql.ref('r.case_no')],
  ['status', sql.ref('r.status')],
  ['statusLabel', labelled(STATUS_LABELS, 'r.status')],
  ['category', sql.ref('r.category')],
  ['categoryLabel', labelled(CATEGORY_LABELS, 'r.category')],
  ['origin', sql.ref('r.origin')],
  ['originLabel', labelled(ORIGIN_LABELS, 'r.origin')],
  ['disposalClass', sql.ref('r.disposal_class')],
  ['disposalClassLabel', labelled(DISPOSAL_LABELS, 'r.disposal_class')],
  ['source', sql.ref('r.source')],
  ['sourceLabel', labelled(SOURCE_LABELS, 'r.source')],
  ['townCode', sql.ref('r.town_code')],
  ['town', sql.ref('r.town')],
  ['villageCode', sql.ref('r.village_code')],
  ['village', sql.ref('r.village')],
  ['address', sql.ref('r.address_text')],
  ['areaM2', num('r.area_m2')],
  ['floors', sql.ref('r.floors')],
  ['structure', labelled(STRUCTURE_LABELS, 'r.structure')],
  ['use', labelled(USE_LABELS, 'r.use')],
  ['landType', labelled(LAND_TYPE_LABELS, 'r.land_type')],
  ['onCultivatedLand', sql.ref('r.on_cultivated_land')],
  ['onBasicFarmland', sql.ref('r.on_basic_farmland')],
  ['foundAt', iso('r.found_at')],
  ['deadlineAt', iso('r.deadline_at')],
  ['closedAt', iso('r.closed_at')],
];
/** A patch's properties: its batch, its check's status and verdict with their zh-CN labels, its town, village and case. */
const PATCH_PROPERTIES: [string, RawBuilder<unknown>][] = [
  ['code', sql.ref('r.code')],
  ['batchNo', sql.ref('r.batch_no')],
  ['source', sql.ref('r.source')],
  ['sourceLabel', labelled(PATCH_SOURCE_LABELS, 'r.source')],
  ['detectedOn', sql.ref('r.detected_on')],
  ['dueOn', sql.ref('r.due_on')],
  ['status', sql.ref('r.status')],
  ['statusLabel', labelled(PATCH_STATUS_LABELS, 'r.status')],
  ['verdict', sql.ref('r.verdict')],
  ['verdictLabel', labelled(VERDICT_LABELS, 'r.verdict')],
  ['verdictAt', iso('r.verdict_at')],
  ['reviewedAt', iso('r.reviewed_at')],
  ['areaM2', num('r.area_m2')],
  ['townCode', sql.ref('r.town_code')],
  ['town', sql.ref('r.town')],
  ['villageCode', sql.ref('r.village_code')],
  ['village', sql.ref('r.village')],
  ['caseNo', sql.ref('r.case_no')],
];
const DIVISION_PROPERTIES: [string, RawBuilder<unknown>][] = [
  ['code', sql.ref('r.code')],
  ['parentCode', sql.ref('r.parent_code')],
  ['level', sql.ref('r.level')],
  ['levelLabel', labelled(DIVISION_LEVEL_LABELS, 'r.level')],
  ['name', sql.ref('r.name')],
  ['shortName', sql.ref('r.short_name')],
  ['population', sql.ref('r.population')],
  ['landAreaKm2', num('r.land_area_km2')],
];

/**
 * The features of a page's rows (`rows`, in keyset order, each with an `id` and a keyset `key`): the database
 * writes `{"type":"Feature","id","geometry","properties"}` for each and joins them into one array.
 */
async function featurePage(
  db: Database,
  rows: SelectQueryBuilder<any, any, any>,
  geometry: RawBuilder<unknown>,
  properties: [string, RawBuilder<unknown>][],
): Promise<FeaturePage> {
  const props = sql.join(properties.map(([name, value]) => sql`${value} as ${sql.id(name)}`));
  const r = await sql<{ features: string | null; n: number; last: string | null }>`
    select '[' || string_agg(f.feature, ',' order by f.key) || ']' as features, count(*)::int as n, (array_agg(f.key::text order by f.key desc))[1] as last
    from (
      select r.key, json_build_object('type', 'Feature', 'id', r.id, 'geometry', ${geometry}, 'properties', row_to_json(p))::text as feature
      from (${rows}) r cross join lateral (select ${props}) p
    ) f`.execute(db.q);
  const row = r.rows[0];
  return { features: row.features ?? '[]', n: Number(row.n), last: row.last };
}

/** The reads of the OGC API: the cases through the list's own filter and jurisdiction SQL (`casesMatching`), the divisions of a subtree. */
export function ogcRepo(db: Database) {
  const cases = (f: OgcCaseFilter) => {
    const { category, townCode, villageCode, ...shared } = f;
    let q = casesMatching(db, shared);
    if (category?.length) q = q.where('c.category', 'in', category as CaseCategory[]);
    if (townCode) q = q.where('c.town_code', '=', townCode);
    if (villageCode) q = q.where('c.division_code', '=', villageCode);
    return q;
  };
  /** The cases' facts with their village's and town's codes and names; `key` is the page's keyset key. */
  const caseRows = (f: OgcCaseFilter) =>
    cases(f)
      .innerJoin('divisions as v', 'v.code', 'c.division_code')
      .innerJoin('divisions as t', 't.code', 'c.town_code')
      .select(caseFactColumns)
      .select(['c.id as key', 'v.code as village_code', 'v.short_name as village', 't.code as town_code', 't.short_name as town']);
  const casePoint = (latFirst: boolean) =>
    sql`format('{"type":"Point","coordinates":[%s,%s]}', ${sql.ref(latFirst ? 'r.lat' : 'r.lon')}, ${sql.ref(latFirst ? 'r.lon' : 'r.lat')})::json`;
  const divisions = (scopePath: string, bbox: [number, number, number, number] | undefined, level: string[] | undefined) => {
    let q = db.q.selectFrom('divisions as d').where(inSubtree('d.path', scopePath)).where('d.boundary', 'is not', null);
    if (level?.length) q = q.where('d.level', 'in', level as ('city' | 'town' | 'village')[]);
    if (bbox) q = q.where(sql<boolean>`d.boundary && ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`);
    return q;
  };
  const divisionRows = (scopePath: string, bbox: [number, number, number, number] | undefined, level: string[] | undefined) =>
    divisions(scopePath, bbox, level).select([
      'd.code as id',
      'd.path as key',
      'd.code',
      'd.parent_code',
      'd.level',
      'd.name',
      'd.short_name',
      'd.population',
      'd.land_area_km2',
      'd.boundary',
    ]);
  const patches = (f: OgcPatchFilter) => {
    let q = db.q.selectFrom('patches as p').innerJoin('patch_batches as b', 'b.id', 'p.batch_id').where(inSubtree('p.division_path', f.scopePath));
    if (f.bbox) q = q.where(sql<boolean>`p.geom && ST_MakeEnvelope(${f.bbox[0]}, ${f.bbox[1]}, ${f.bbox[2]}, ${f.bbox[3]}, 4326)`);
    // the detection day (a China day) as the instant it began
    if (f.from) q = q.where(sql<boolean>`(b.detected_on - interval '8 hours') at time zone 'UTC' >= ${f.from}`);
    if (f.to) q = q.where(sql<boolean>`(b.detected_on - interval '8 hours') at time zone 'UTC' < ${f.to}`);
    if (f.status?.length) q = q.where('p.status', 'in', f.status as ('pending' | 'submitted' | 'verified')[]);
    if (f.source?.length) q = q.where('b.source', 'in', f.source as ('satellite' | 'drone')[]);
    if (f.townCode) q = q.where('p.town_code', '=', f.townCode);
    if (f.villageCode) q = q.where('p.division_code', '=', f.villageCode);
    return q;
  };
  const patchRows = (f: OgcPatchFilter) =>
    patches(f)
      .innerJoin('divisions as v', 'v.code', 'p.division_code')
      .innerJoin('divisions as t', 't.code', 'p.town_code')
      .leftJoin('cases as c', 'c.id', 'p.case_id')
      .select([
        'p.id',
        'p.id as key',
        'p.code',
        'b.batch_no',
        'b.source',
        sql<string>`b.detected_on::text`.as('detected_on'),
        sql<string>`b.due_on::text`.as('due_on'),
        'p.status',
        'p.verdict',
        'p.verdict_at',
        'p.reviewed_at',
        sql<number>`p.area_m2::float8`.as('area_m2'),
        't.code as town_code',
        't.short_name as town',
        'v.code as village_code',
        'v.short_name as village',
        'c.case_no',
        'p.geom',
      ]);
  return {
    patchCount: async (f: OgcPatchFilter) =>
      Number(
        (
          await patches(f)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** One page of patches in id order after `after` (keyset), as GeoJSON features. */
    patchPage: async (f: OgcPatchFilter, after: string | null, limit: number, latFirst: boolean) => {
      let q = patchRows(f).orderBy('p.id').limit(limit);
      if (after) q = q.where('p.id', '>', after);
      return featurePage(db, q, polygon('r.geom', latFirst), PATCH_PROPERTIES);
    },
    patchById: async (scopePath: string, id: string, latFirst: boolean) =>
      featurePage(db, patchRows({ scopePath }).where('p.id', '=', id), polygon('r.geom', latFirst), PATCH_PROPERTIES),
    /** The first and last detection day of the jurisdiction's patches. */
    patchRange: async (scopePath: string) =>
      db.q
        .selectFrom('patches as p')
        .innerJoin('patch_batches as b', 'b.id', 'p.batch_id')
        .where(inSubtree('p.division_path', scopePath))
        .select([sql<string | null>`min(b.detected_on)::text`.as('first'), sql<string | null>`max(b.detected_on)::text`.as('last')])
        .executeTakeFirstOrThrow(),
    caseCount: async (f: OgcCaseFilter) =>
      Number(
        (
          await cases(f)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** One page in a stable order: up to `limit` cases after the id `after` (keyset on id: a deep page costs what the first does), as GeoJSON features. */
    casePage: async (f: OgcCaseFilter, after: string | null, limit: number, latFirst: boolean) => {
      let q = caseRows(f).orderBy('c.id').limit(limit);
      if (after) q = q.where('c.id', '>', after);
      return featurePage(db, q, casePoint(latFirst), CASE_PROPERTIES);
    },
    caseById: async (f: OgcCaseFilter, id: string, latFirst: boolean) => featurePage(db, caseRows(f).where('c.id', '=', id), casePoint(latFirst), CASE_PROPERTIES),

    divisionCount: async (scopePath: string, bbox: [number, number, number, number] | undefined, level: string[] | undefined) =>
      Number(
        (
          await divisions(scopePath, bbox, level)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** One page of boundaries in path order, after the path `after`, as GeoJSON features (the code is the id). */
    divisionPage: async (
      scopePath: string,
      bbox: [number, number, number, number] | undefined,
      level: string[] | undefined,
      after: string | null,
      limit: number,
      latFirst: boolean,
    ) => {
      let q = divisionRows(scopePath, bbox, level).orderBy('d.path').limit(limit);
      if (after) q = q.where('d.path', '>', after);
      return featurePage(db, q, polygon('r.boundary', latFirst), DIVISION_PROPERTIES);
    },
    divisionByCode: async (scopePath: string, code: string, latFirst: boolean) =>
      featurePage(db, divisionRows(scopePath, undefined, undefined).where('d.code', '=', code), polygon('r.boundary', latFirst), DIVISION_PROPERTIES),
    /** The extent of a jurisdiction's boundaries (WGS84), null when none has a boundary. */
    extent: async (scopePath: string) => {
      const r = await db.q
        .selectFrom('divisions as d')
        .where(inSubtree('d.path', scopePath))
        .where('d.boundary', 'is not', null)
        .select([
          sql<number | null>`min(ST_XMin(d.boundary))`.as('x0'),
          sql<number | null>`min(ST_YMin(d.boundary))`.as('y0'),
          sql<number | null>`max(ST_XMax(d.boundary))`.as('x1'),
          sql<number | null>`max(ST_YMax(d.boundary))`.as('y1'),
        ])
        .executeTakeFirstOrThrow();
      return r.x0 === null ? null : ([Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)] as [number, number, number, number]);
    },
    /** The first and last time a case of the jurisdiction was found (the cases' temporal extent). */
    foundRange: async (scopePath: string) =>
      db.q
        .selectFrom('cases as c')
        .where(inSubtree('c.division_path', scopePath))
        .select([sql<Date | null>`min(c.found_at)`.as('first'), sql<Date | null>`max(c.found_at)`.as('last')])
        .executeTakeFirstOrThrow(),
  };
}
export type OgcRepo = ReturnType<typeof ogcRepo>;
