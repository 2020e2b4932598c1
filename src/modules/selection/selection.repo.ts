import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { casesMatching, inSubtree, type CaseFilter } from '../cases/case-filter.repo.js';
import type { CaseCategory, CaseSource, CaseStatus, DisposalClass } from '../cases/cases.enums.js';

/** A case's registry facts without personal data, with its town's and village's names (the OGC API serves these). */
export interface CaseFactsRow {
  id: string;
  case_no: string;
  status: CaseStatus;
  origin: string;
  disposal_class: DisposalClass | null;
  source: CaseSource;
  category: CaseCategory;
  lon: number;
  lat: number;
  area_m2: number | string | null;
  floors: number | null;
  structure: string | null;
  use: string | null;
  land_type: string | null;
  on_cultivated_land: boolean;
  on_basic_farmland: boolean;
  address_text: string | null;
  found_at: Date;
  deadline_at: Date | null;
  closed_at: Date | null;
  village: string;
  town: string;
}

/** One case of an export: its facts and the 当事人 (the export's readers may see them). */
export interface ExportRow extends CaseFactsRow {
  town_code: string;
  division_code: string;
  owner_name: string | null;
  enterprise_name: string | null;
  enterprise_uscc: string | null;
  safety_risk: string | null;
}

/** The columns of `CaseFactsRow` (the names come from the divisions joined as v and t). */
export const caseFactColumns = [
  ['c.id', 'c.case_no', 'c.status', 'c.origin', 'c.disposal_class', 'c.source', 'c.category', 'c.lon', 'c.lat', 'c.area_m2', 'c.floors', 'c.structure', 'c.use', 'c.land_type'],
  ['c.on_cultivated_land', 'c.on_basic_farmland', 'c.address_text', 'c.found_at', 'c.deadline_at', 'c.closed_at'],
].flat() as ['c.id'];

const exportColumns = [...caseFactColumns, 'c.town_code', 'c.division_code', 'c.owner_name', 'c.enterprise_name', 'c.enterprise_uscc', 'c.safety_risk'] as unknown as ['c.id'];

/** The reads of a selection of cases (the list's filters, a bbox or a drawn polygon): the map and the exports. */
export function selectionRepo(db: Database) {
  return {
    /** How many cases the filter selects. */
    count: async (f: CaseFilter) =>
      Number(
        (
          await casesMatching(db, f)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** The selection counted by status. */
    countByStatus: (f: CaseFilter) =>
      casesMatching(db, f)
        .select(['c.status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('c.status')
        .execute(),

    /** One batch of the export in a stable order: up to `limit` cases after the id `after` (keyset on id: no OFFSET over 100k rows). */
    exportBatch: async (f: CaseFilter, after: string | null, limit: number) => {
      let q = casesMatching(db, f)
        .innerJoin('divisions as v', 'v.code', 'c.division_code')
        .innerJoin('divisions as t', 't.code', 'c.town_code')
        .select(exportColumns)
        .select(['v.short_name as village', 't.short_name as town'])
        .orderBy('c.id')
        .limit(limit);
      if (after) q = q.where('c.id', '>', after);
      return (await q.execute()) as unknown as ExportRow[];
    },

    /** The selection on a grid of cells `cellX` × `cellY` degrees: each cell's count, the sum of its points and its extent. */
    grid: (f: CaseFilter, cellX: number, cellY: number) =>
      casesMatching(db, f)
        .select([
          sql<number>`floor(c.lon / ${cellX})`.as('gx'),
          sql<number>`floor(c.lat / ${cellY})`.as('gy'),
          (eb) => eb.fn.countAll<string>().as('n'),
          sql<number>`sum(c.lon)`.as('slon'),
          sql<number>`sum(c.lat)`.as('slat'),
          sql<number>`min(c.lon)`.as('minlon'),
          sql<number>`min(c.lat)`.as('minlat'),
          sql<number>`max(c.lon)`.as('maxlon'),
          sql<number>`max(c.lat)`.as('maxlat'),
        ])
        .groupBy([sql`1`, sql`2`])
        .execute(),
    /** The towns' or villages' boundaries of a subtree (GeoJSON text, WGS84), for the GIS exports. */
    divisionBoundaries: (scopePath: string, level: 'town' | 'village') =>
      db.q
        .selectFrom('divisions as d')
        .leftJoin('divisions as p', 'p.code', 'd.parent_code')
        .where(inSubtree('d.path', scopePath))
        .where('d.level', '=', level)
        .where('d.boundary', 'is not', null)
        .select([
          'd.code',
          'd.name',
          'd.short_name',
          'd.parent_code',
          'p.short_name as parent_name',
          'd.population',
          'd.land_area_km2',
          sql<string>`ST_AsGeoJSON(d.boundary, 7)`.as('geom'),
        ])
        .orderBy('d.code')
        .execute(),
    /** Every case of the selection as a point. */
    points: (f: CaseFilter) => casesMatching(db, f).select(['c.id', 'c.case_no', 'c.lon', 'c.lat', 'c.status', 'c.disposal_class', 'c.origin']).execute(),
    /** The footprints (GeoJSON text) of the selection's cases found by satellite or drone imagery, largest first. */
    patches: (f: CaseFilter, limit: number) =>
      casesMatching(db, f)
        .where('c.source', 'in', ['satellite', 'drone'])
        .where('c.footprint', 'is not', null)
        .select(['c.id', 'c.case_no', 'c.status', 'c.source', 'c.area_m2', sql<string>`ST_AsGeoJSON(c.footprint, 7)`.as('geom')])
        .orderBy('c.area_m2', (ob) => ob.desc().nullsLast())
        .limit(limit)
        .execute(),
  };
}
export type SelectionRepo = ReturnType<typeof selectionRepo>;
