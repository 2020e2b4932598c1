import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ExternalImportsTable, ExternalMatchStatus, ExternalPointsTable, ExternalSourcesTable } from '../../db/schema.js';
import { inSubtree } from '../cases/case-filter.repo.js';
import type { NearCase } from './external.match.js';

/** Points per statement when many are located or matched at once. */
const CHUNK = 1000;

export type SourceRow = Selectable<ExternalSourcesTable>;
type PointRow = Selectable<ExternalPointsTable>;

const pointColumns = [
  'p.id',
  'p.source_id',
  'p.external_id',
  'p.raw',
  'p.raw_hash',
  'p.row_no',
  'p.lon',
  'p.lat',
  'p.address',
  'p.description',
  'p.town_name',
  'p.category',
  'p.found_on',
  'p.division_code',
  'p.division_path',
  'p.match_status',
  'p.case_id',
  'p.candidates',
  'p.match_note',
  'p.decided_by',
  'p.decided_at',
  'p.first_import_id',
  'p.last_import_id',
  'p.created_at',
  'p.updated_at',
] as const;

interface PointFilter {
  sourceId?: string;
  status?: ExternalMatchStatus;
  caseId?: string;
  q?: string;
}

/** All SQL of the other systems' point lists: sources, imports, points, their links to cases, the closings. */
export function externalRepo(db: Database) {
  const points = () =>
    db.q
      .selectFrom('external_points as p')
      .innerJoin('external_sources as s', 's.id', 'p.source_id')
      .leftJoin('cases as c', 'c.id', 'p.case_id')
      .leftJoin('users as u', 'u.id', 'p.decided_by')
      .leftJoin('divisions as d', 'd.code', 'p.division_code')
      .select(pointColumns)
      .select([
        's.name as source_name',
        's.code as source_code',
        's.export_layout as source_layout',
        'c.case_no',
        'c.status as case_status',
        'u.display_name as decided_by_name',
        'd.name as division_name',
      ]);
  const filtered = (scopePath: string | null, f: PointFilter) => {
    let q = points();
    if (scopePath !== null) q = q.where(inSubtree('p.division_path', scopePath));
    if (f.sourceId) q = q.where('p.source_id', '=', f.sourceId);
    if (f.status) q = q.where('p.match_status', '=', f.status);
    if (f.caseId) q = q.where('p.case_id', '=', f.caseId);
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb('p.external_id', 'like', like), eb('p.address', 'like', like), eb('c.case_no', 'like', like)]));
    }
    return q;
  };
  return {
    sources: () => db.q.selectFrom('external_sources').selectAll().orderBy('created_at').execute(),
    source: (id: string) => db.q.selectFrom('external_sources').selectAll().where('id', '=', id).executeTakeFirst(),
    /** The source's row, locked until the transaction ends: one import of a source at a time plans and writes. */
    sourceForUpdate: (id: string) => db.q.selectFrom('external_sources').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    sourceByCodeOrName: (code: string, name: string) =>
      db.q
        .selectFrom('external_sources')
        .select(['id', 'code', 'name'])
        .where((eb) => eb.or([eb('code', '=', code), eb('name', '=', name)]))
        .execute(),
    insertSource: (row: Insertable<ExternalSourcesTable>) => db.q.insertInto('external_sources').values(row).execute(),
    async updateSource(id: string, version: number, patch: Updateable<ExternalSourcesTable>) {
      const r = await db.q
        .updateTable('external_sources')
        .set({ ...patch, version: sql`version + 1` })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    /** Remembers the layout the source's last list came in (for the export). */
    setLayout: (id: string, layout: Record<string, unknown>) =>
      db.q
        .updateTable('external_sources')
        .set({ export_layout: JSON.stringify(layout) })
        .where('id', '=', id)
        .execute(),
    /** Points and cases per match status, for the sources list. */
    async sourceCounts(scopePath: string) {
      return db.q
        .selectFrom('external_points as p')
        .select(['p.source_id', 'p.match_status', sql<number>`count(*)::int`.as('n')])
        .where(inSubtree('p.division_path', scopePath))
        .groupBy(['p.source_id', 'p.match_status'])
        .execute();
    },

    insertImport: (row: Insertable<ExternalImportsTable>) => db.q.insertInto('external_imports').values(row).execute(),
    imports: (sourceId: string, limit: number) =>
      db.q
        .selectFrom('external_imports as i')
        .innerJoin('users as u', 'u.id', 'i.imported_by')
        .select([
          'i.id',
          'i.source_id',
          'i.filename',
          'i.file_sha256',
          'i.file_size',
          'i.format',
          'i.encoding',
          'i.total_rows',
          'i.counts',
          'i.imported_at',
          'u.display_name as imported_by_name',
        ])
        .where('i.source_id', '=', sourceId)
        .orderBy('i.imported_at', 'desc')
        .limit(limit)
        .execute(),
    importById: (id: string) =>
      db.q
        .selectFrom('external_imports as i')
        .innerJoin('users as u', 'u.id', 'i.imported_by')
        .selectAll('i')
        .select('u.display_name as imported_by_name')
        .where('i.id', '=', id)
        .executeTakeFirst(),

    /** The stored points of these external ids of one source. */
    async pointsByExternalId(sourceId: string, ids: string[]) {
      if (!ids.length) return new Map<string, PointRow>();
      const rows = await db.q.selectFrom('external_points as p').select(pointColumns).where('p.source_id', '=', sourceId).where('p.external_id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.external_id, r as PointRow]));
    },
    /** New points, several hundred per statement (an import of thousands is a few statements, not thousands). */
    async insertPoints(rows: (Insertable<ExternalPointsTable> & { lon: number; lat: number })[]) {
      for (let from = 0; from < rows.length; from += 500) {
        await db.q
          .insertInto('external_points')
          .values(
            rows.slice(from, from + 500).map((row) => ({
              ...row,
              location: sql`ST_SetSRID(ST_MakePoint(${row.lon}, ${row.lat}), 4326)`,
              location_geog: sql`ST_SetSRID(ST_MakePoint(${row.lon}, ${row.lat}), 4326)::geography`,
            })),
          )
          .execute();
      }
    },
    updatePoint: (id: string, patch: Updateable<ExternalPointsTable>) => {
      const set: Record<string, unknown> = { ...patch };
      if (patch.lon !== undefined && patch.lat !== undefined) {
        set.location = sql`ST_SetSRID(ST_MakePoint(${patch.lon}, ${patch.lat}), 4326)`;
        set.location_geog = sql`ST_SetSRID(ST_MakePoint(${patch.lon}, ${patch.lat}), 4326)::geography`;
      }
      return db.q.updateTable('external_points').set(set).where('id', '=', id).execute();
    },
    /** A decision: only when the point is still as the person saw it (its updated_at), so two at once do not both win. */
    async decidePoint(id: string, seenAt: Date, patch: Updateable<ExternalPointsTable>) {
      const r = await db.q.updateTable('external_points').set(patch).where('id', '=', id).where('updated_at', '=', seenAt).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** The village each point lies in, for many points in one statement (a point outside every village has none). */
    async villagesOf(pts: { lon: number; lat: number }[]): Promise<Map<number, { code: string; path: string }>> {
      const out = new Map<number, { code: string; path: string }>();
      for (let from = 0; from < pts.length; from += CHUNK) {
        const part = pts.slice(from, from + CHUNK);
        const r = await sql<{ k: number; code: string; path: string }>`
          select p.k, v.code, v.path
          from unnest(${part.map((_, i) => from + i)}::int[], ${part.map((x) => x.lon)}::float8[], ${part.map((x) => x.lat)}::float8[]) as p(k, lon, lat)
          join lateral (
            select v.code, v.path from divisions v
            where v.level = 'village' and ST_Covers(v.boundary, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
            order by v.code limit 1) v on true`.execute(db.q);
        for (const x of r.rows) out.set(Number(x.k), { code: x.code, path: x.path });
      }
      return out;
    },
    /** The cases near each of many points (as nearCases), in one statement per thousand points. */
    async nearCasesMany(pts: { lon: number; lat: number }[], radiusM: number): Promise<Map<number, NearCase[]>> {
      const out = new Map<number, NearCase[]>();
      for (let from = 0; from < pts.length; from += CHUNK) {
        const part = pts.slice(from, from + CHUNK);
        const r = await sql<{ k: number; id: string; case_no: string; category: string; address_text: string | null; d: number }>`
          select p.k, c.id, c.case_no, c.category, c.address_text, c.d
          from unnest(${part.map((_, i) => from + i)}::int[], ${part.map((x) => x.lon)}::float8[], ${part.map((x) => x.lat)}::float8[]) as p(k, lon, lat)
          join lateral (
            select c.id, c.case_no, c.category, c.address_text,
                   ST_Distance(c.location_geog, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography) as d
            from cases c
            where ST_DWithin(c.location_geog, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, ${radiusM})
              and c.kind = 'violation' and c.status <> 'rejected' and c.duplicate_of is null
            order by d limit 10) c on true
          order by p.k, c.d`.execute(db.q);
        for (const x of r.rows) {
          const k = Number(x.k);
          if (!out.has(k)) out.set(k, []);
          out.get(k)!.push({ caseId: x.id, caseNo: x.case_no, category: x.category, addressText: x.address_text, distanceM: Number(x.d) });
        }
      }
      return out;
    },
    /** The cases these external references of one system already name. */
    async refCases(system: string, externalIds: string[]): Promise<Map<string, { caseId: string; caseNo: string }>> {
      if (!externalIds.length) return new Map();
      const rows = await db.q
        .selectFrom('case_external_refs as r')
        .innerJoin('cases as c', 'c.id', 'r.case_id')
        .select(['r.external_id', 'r.case_id', 'c.case_no'])
        .where('r.system', '=', system)
        .where('r.external_id', 'in', externalIds)
        .execute();
      return new Map(rows.map((r) => [r.external_id, { caseId: r.case_id, caseNo: r.case_no }]));
    },
    /** Links cases to external references (a reference moved to another case follows it). */
    async insertRefs(rs: { case_id: string; system: string; external_id: string; created_at: Date }[]) {
      for (let from = 0; from < rs.length; from += 500) {
        await db.q
          .insertInto('case_external_refs')
          .values(rs.slice(from, from + 500))
          .onConflict((oc) => oc.columns(['system', 'external_id']).doUpdateSet((eb) => ({ case_id: eb.ref('excluded.case_id'), created_at: eb.ref('excluded.created_at') })))
          .execute();
      }
    },
    deleteRef: (system: string, externalId: string) => db.q.deleteFrom('case_external_refs').where('system', '=', system).where('external_id', '=', externalId).execute(),

    caseBrief: (caseId: string) => db.q.selectFrom('cases').select(['id', 'case_no', 'status', 'division_path', 'kind', 'lon', 'lat']).where('id', '=', caseId).executeTakeFirst(),
    caseByNo: (caseNo: string) =>
      db.q.selectFrom('cases').select(['id', 'case_no', 'status', 'division_path', 'kind', 'lon', 'lat']).where('case_no', '=', caseNo).executeTakeFirst(),
    /** The candidates' cases side by side: number, status, place, category, area, and a photo to recognise it by. */
    async casesForCandidates(ids: string[]) {
      if (!ids.length) return [];
      return db.q
        .selectFrom('cases as c')
        .leftJoin('divisions as v', 'v.code', 'c.division_code')
        .select([
          'c.id',
          'c.case_no',
          'c.status',
          'c.category',
          'c.area_m2',
          'c.address_text',
          'c.division_path',
          'c.lon',
          'c.lat',
          'c.found_at',
          'v.name as village_name',
          sql<string | null>`(select ph.id from photos ph where ph.case_id = c.id and ph.thumb_key is not null order by ph.uploaded_at limit 1)`.as('photo_id'),
          sql<number>`(select count(*)::int from photos ph where ph.case_id = c.id)`.as('photo_count'),
        ])
        .where('c.id', 'in', ids)
        .execute();
    },

    list: (scopePath: string | null, f: PointFilter, limit: number, offset: number) =>
      filtered(scopePath, f).orderBy('p.updated_at', 'desc').orderBy('p.id').limit(limit).offset(offset).execute(),
    async count(scopePath: string, f: PointFilter) {
      const r = await db.q.selectFrom(filtered(scopePath, f).as('x')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      return r.n;
    },
    point: (id: string) => points().where('p.id', '=', id).executeTakeFirst(),

    /** The source's points whose case was closed since `since` (销号), inside the scope, in external id order. */
    closings: (sourceId: string, since: Date, scopePath: string) =>
      db.q
        .selectFrom('external_points as p')
        .innerJoin('cases as c', 'c.id', 'p.case_id')
        .select(['p.id', 'p.external_id', 'p.raw', 'p.row_no', 'c.id as case_id', 'c.case_no', 'c.closed_at', 'c.disposal_class', 'c.status'])
        .where('p.source_id', '=', sourceId)
        .where('c.status', '=', 'closed')
        .where('c.closed_at', '>=', since)
        .where(inSubtree('p.division_path', scopePath))
        .orderBy('p.row_no')
        .orderBy('p.external_id')
        .execute(),
    /** The proof (after-stage) photos of these cases, oldest first. */
    async afterPhotos(caseIds: string[]) {
      if (!caseIds.length) return [];
      return db.q
        .selectFrom('photos')
        .select(['id', 'case_id', 'blob_key', 'display_key', 'mime', 'captured_at', 'uploaded_at'])
        .where('case_id', 'in', caseIds)
        .where('stage', '=', 'after')
        .orderBy('case_id')
        .orderBy('uploaded_at')
        .orderBy('id')
        .execute();
    },
  };
}
export type ExternalRepo = ReturnType<typeof externalRepo>;
export type PointView = NonNullable<Awaited<ReturnType<ExternalRepo['point']>>>;
