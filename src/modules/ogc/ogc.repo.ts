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
  return {
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
