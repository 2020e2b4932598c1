import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../../db/database.js';
import type { CasesTable, DB } from '../../db/schema.js';

/**
 * The SQL of the filters every view of cases shares (list, map, export, overview, to-do, reports): the
 * jurisdiction (a division path and its subtree) and the list's filters. Written once, here.
 */

export interface CaseFilter {
  /** Jurisdiction: division path prefix, always applied. */
  scopePath: string;
  /** The item kind (shared/item-kinds.ts); every view shows illegal buildings (`violation`) unless told otherwise. */
  kind?: string;
  bbox?: [number, number, number, number];
  /** A polygon drawn on the map (GeoJSON Polygon, WGS84): cases inside it. */
  polygon?: { type: 'Polygon'; coordinates: number[][][] };
  division?: string; // a division path (subtree)
  status?: string[];
  origin?: string[];
  disposalClass?: string[];
  source?: string[];
  landType?: string[];
  onBasicFarmland?: boolean;
  onCultivatedLand?: boolean;
  foundFrom?: Date;
  foundTo?: Date;
  q?: string;
  ids?: string[];
  /** Reported by this user (the patrol app's "my reports"). */
  reportedBy?: string;
  /** Has a probable duplicate that nobody has resolved yet. */
  suspectedDuplicate?: boolean;
  /** Open cases whose step deadline passed before this time (the service passes its clock's now). */
  overdueBefore?: Date;
  /** Made by this census import (存量普查导入). */
  importId?: string;
  /** Items of this campaign (专项整治). */
  campaignId?: string;
}

/** A text with LIKE's own characters escaped. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The LIKE pattern of a division path's strict subtree (`path/…`), with LIKE's own characters escaped. */
export const subtreeLike = (path: string) => `${likeEscape(path)}/%`;

/**
 * A division path column (`c.division_path`, `d.path`, …) inside a jurisdiction: the path itself or any
 * path below it. Usable in a `sql` template and in `.where(…)`.
 */
export const inSubtree = (col: string, path: string) => sql<SqlBool>`(${sql.ref(col)} = ${path} or ${sql.ref(col)} like ${subtreeLike(path)})`;

/** The WHERE of every filtered view of cases (list, map, export, overview); `c` is the cases alias. */
export function caseWhere(f: CaseFilter): Expression<SqlBool> {
  const eb = expressionBuilder<DB & { c: CasesTable }, 'c'>();
  const conds: Expression<SqlBool>[] = [inSubtree('c.division_path', f.scopePath), eb('c.kind', '=', f.kind ?? 'violation')];
  if (f.division) conds.push(inSubtree('c.division_path', f.division));
  if (f.bbox) {
    const [a, b, c, d] = f.bbox;
    conds.push(sql<SqlBool>`c.location && ST_MakeEnvelope(${a}, ${b}, ${c}, ${d}, 4326)`);
  }
  if (f.polygon) conds.push(sql<SqlBool>`ST_Intersects(c.location, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.polygon)}), 4326))`);
  if (f.status?.length) conds.push(eb('c.status', 'in', f.status));
  if (f.origin?.length) conds.push(eb('c.origin', 'in', f.origin as CasesTable['origin'][]));
  if (f.disposalClass?.length) conds.push(eb('c.disposal_class', 'in', f.disposalClass));
  if (f.source?.length) conds.push(eb('c.source', 'in', f.source));
  if (f.landType?.length) conds.push(eb('c.land_type', 'in', f.landType));
  if (f.onBasicFarmland !== undefined) conds.push(eb('c.on_basic_farmland', '=', f.onBasicFarmland));
  if (f.onCultivatedLand !== undefined) conds.push(eb('c.on_cultivated_land', '=', f.onCultivatedLand));
  if (f.foundFrom) conds.push(eb('c.found_at', '>=', f.foundFrom));
  if (f.foundTo) conds.push(eb('c.found_at', '<', f.foundTo));
  if (f.ids?.length) conds.push(eb('c.id', 'in', f.ids));
  if (f.reportedBy) conds.push(eb('c.reported_by', '=', f.reportedBy));
  if (f.importId) conds.push(eb('c.import_id', '=', f.importId));
  if (f.campaignId) conds.push(eb('c.campaign_id', '=', f.campaignId));
  if (f.overdueBefore) conds.push(eb.and([eb('c.deadline_at', '<', f.overdueBefore), eb('c.status', 'not in', ['closed', 'rejected'])]));
  if (f.suspectedDuplicate !== undefined) {
    const open = sql<SqlBool>`exists (select 1 from case_duplicate_candidates d where d.case_id = c.id and d.resolution is null)`;
    conds.push(f.suspectedDuplicate ? open : sql<SqlBool>`not ${open}`);
  }
  if (f.q) {
    const pat = `%${likeEscape(f.q)}%`;
    conds.push(
      eb.or([
        eb('c.case_no', 'ilike', pat),
        eb('c.address_text', 'ilike', pat),
        eb('c.owner_name', 'ilike', pat),
        eb('c.enterprise_name', 'ilike', pat),
        eb('c.enterprise_uscc', 'ilike', pat),
        eb('c.note', 'ilike', pat),
      ]),
    );
  }
  return eb.and(conds);
}

/** The cases a filter selects, as `c`, to select columns or aggregates from. */
export const casesMatching = (db: Database, f: CaseFilter) => db.q.selectFrom('cases as c').where(caseWhere(f));
