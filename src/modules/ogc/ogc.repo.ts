import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { casesMatching, inSubtree, type CaseFilter } from '../cases/case-filter.repo.js';
import type { CaseCategory } from '../cases/cases.enums.js';
import { caseFactColumns, type CaseFactsRow } from '../selection/selection.repo.js';

/** One case as the OGC API serves it: what the GeoJSON export carries, never the owner's name, ID number or phone. */
export interface OgcCaseRow extends CaseFactsRow {
  village_code: string;
  town_code: string;
}

export interface OgcDivisionRow {
  code: string;
  parent_code: string | null;
  level: string;
  name: string;
  short_name: string;
  path: string;
  population: number | null;
  land_area_km2: number | null;
  geom: string;
}

/** One change patch (图斑) as the OGC API serves it. */
export interface OgcPatchRow {
  id: string;
  code: string;
  batch_no: string;
  source: string;
  detected_on: string;
  due_on: string;
  status: string;
  verdict: string | null;
  verdict_at: Date | null;
  reviewed_at: Date | null;
  area_m2: number;
  town_code: string;
  town: string;
  village_code: string;
  village: string;
  case_no: string | null;
  geom: string;
}

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
  /** The cases' facts with their village's and town's codes and names. */
  const caseRows = (f: OgcCaseFilter) =>
    cases(f)
      .innerJoin('divisions as v', 'v.code', 'c.division_code')
      .innerJoin('divisions as t', 't.code', 'c.town_code')
      .select(caseFactColumns)
      .select(['v.code as village_code', 'v.short_name as village', 't.code as town_code', 't.short_name as town']);
  const divisions = (scopePath: string, bbox: [number, number, number, number] | undefined, level: string[] | undefined) => {
    let q = db.q.selectFrom('divisions as d').where(inSubtree('d.path', scopePath)).where('d.boundary', 'is not', null);
    if (level?.length) q = q.where('d.level', 'in', level as ('city' | 'town' | 'village')[]);
    if (bbox) q = q.where(sql<boolean>`d.boundary && ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`);
    return q;
  };
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
        sql<string>`ST_AsGeoJSON(p.geom, 7)`.as('geom'),
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
    /** One page of patches in id order after `after` (keyset). */
    patchPage: async (f: OgcPatchFilter, after: string | null, limit: number) => {
      let q = patchRows(f).orderBy('p.id').limit(limit);
      if (after) q = q.where('p.id', '>', after);
      return (await q.execute()) as unknown as OgcPatchRow[];
    },
    patchById: async (scopePath: string, id: string) => (await patchRows({ scopePath }).where('p.id', '=', id).executeTakeFirst()) as unknown as OgcPatchRow | undefined,
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
    /** One page in a stable order: up to `limit` cases after the id `after` (keyset on id: a deep page costs what the first does). */
    casePage: async (f: OgcCaseFilter, after: string | null, limit: number) => {
      let q = caseRows(f).orderBy('c.id').limit(limit);
      if (after) q = q.where('c.id', '>', after);
      return (await q.execute()) as unknown as OgcCaseRow[];
    },
    caseById: async (f: OgcCaseFilter, id: string) => (await caseRows(f).where('c.id', '=', id).executeTakeFirst()) as unknown as OgcCaseRow | undefined,

    divisionCount: async (scopePath: string, bbox: [number, number, number, number] | undefined, level: string[] | undefined) =>
      Number(
        (
          await divisions(scopePath, bbox, level)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** One page of boundaries in path order, after the path `after`. */
    divisionPage: async (scopePath: string, bbox: [number, number, number, number] | undefined, level: string[] | undefined, after: string | null, limit: number) => {
      let q = divisions(scopePath, bbox, level)
        .select(['d.code', 'd.parent_code', 'd.level', 'd.name', 'd.short_name', 'd.path', 'd.population', 'd.land_area_km2', sql<string>`ST_AsGeoJSON(d.boundary, 7)`.as('geom')])
        .orderBy('d.path')
        .limit(limit);
      if (after) q = q.where('d.path', '>', after);
      return (await q.execute()) as OgcDivisionRow[];
    },
    divisionByCode: async (scopePath: string, code: string) =>
      (await divisions(scopePath, undefined, undefined)
        .select(['d.code', 'd.parent_code', 'd.level', 'd.name', 'd.short_name', 'd.path', 'd.population', 'd.land_area_km2', sql<string>`ST_AsGeoJSON(d.boundary, 7)`.as('geom')])
        .where('d.code', '=', code)
        .executeTakeFirst()) as OgcDivisionRow | undefined,
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
