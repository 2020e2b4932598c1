import { sql, type Insertable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { CaseDocumentsTable } from '../../db/schema.js';

/** Enforcement papers (执法文书) on cases, their number sequences, and what a dossier draws from. */
export function documentsRepo(db: Database) {
  return {
    /** The next number of a unit's sequence of a kind of paper in a year (the counter row orders concurrent issues until commit). */
    async nextNo(unit: string, kind: string, year: number) {
      const r = await sql<{ last_no: number }>`
      insert into document_counters (unit_code, kind, year, last_no) values (${unit}, ${kind}, ${year}, 1)
      on conflict (unit_code, kind, year) do update set last_no = document_counters.last_no + 1
      returning last_no`.execute(db.q);
      return r.rows[0].last_no;
    },
    /** A division's names (the issuing town). */
    names: (code: string) => db.q.selectFrom('divisions').select(['name', 'short_name']).where('code', '=', code).executeTakeFirstOrThrow(),
    /** A case's papers, the latest first. */
    latestFirst: (caseId: string) => db.q.selectFrom('case_documents').selectAll().where('case_id', '=', caseId).orderBy('issued_at', 'desc').execute(),
    /** A case's papers in the order they were issued. */
    ofCase: (caseId: string) => db.q.selectFrom('case_documents').selectAll().where('case_id', '=', caseId).orderBy('issued_at').orderBy('id').execute(),
    byId: (id: string) => db.q.selectFrom('case_documents').selectAll().where('id', '=', id).executeTakeFirst(),
    insert: (row: Insertable<CaseDocumentsTable>) => db.q.insertInto('case_documents').values(row).execute(),
    /** The numbers, kinds and times of a case's papers, in the order they were issued (the dossier's list). */
    summaries: (caseId: string) => db.q.selectFrom('case_documents').select(['doc_no', 'kind', 'issued_at']).where('case_id', '=', caseId).orderBy('issued_at').execute(),
    /** The first photos of a case, as uploaded (the dossier's pictures). */
    photos: (caseId: string, limit: number) =>
      db.q.selectFrom('photos').select(['stage', 'display_key', 'blob_key', 'captured_at', 'evidence']).where('case_id', '=', caseId).orderBy('uploaded_at').limit(limit).execute(),
    /** A case's point and its village's boundary (GeoJSON text) and name: the dossier's location map. */
    async mapFacts(caseId: string) {
      const r = await sql<{ b: string; lon: number; lat: number; name: string }>`
        select ST_AsGeoJSON(v.boundary, 6) as b, c.lon, c.lat, v.short_name as name
        from cases c join divisions v on v.code = c.division_code where c.id = ${caseId}`.execute(db.q);
      return r.rows[0];
    },
  };
}
export type DocumentsRepo = ReturnType<typeof documentsRepo>;
