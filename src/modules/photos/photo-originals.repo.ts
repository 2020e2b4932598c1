import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { PhotoOriginalsTable } from '../../db/schema.js';
import type { Insertable } from 'kysely';

/** The SQL of two-phase photos: the awaited originals and the clientIds of added photos. */
export function photoOriginalsRepo(db: Database) {
  const cols = [
    'o.photo_id',
    'o.case_id',
    'o.uploaded_by',
    'o.declared_sha256',
    'o.declared_bytes',
    'o.declared',
    'o.context',
    'o.reduced_sha256',
    'o.reduced_key',
    'o.status',
    'o.upload_id',
    'o.created_at',
    'o.due_at',
    'o.received_at',
    'o.received_sha256',
    'o.received_bytes',
    'o.mismatches',
    'o.missing_flagged_at',
  ] as const;
  const sel = () => db.q.selectFrom('photo_originals as o').select(cols);
  return {
    insert: (row: Insertable<PhotoOriginalsTable>) =>
      db.q
        .insertInto('photo_originals')
        .values(row)
        .onConflict((oc) => oc.column('photo_id').doNothing())
        .execute(),
    byPhoto: (photoId: string) => sel().where('o.photo_id', '=', photoId).executeTakeFirst(),
    /** The row, locked until the transaction ends (one verification at a time). */
    byPhotoForUpdate: (photoId: string) => sel().where('o.photo_id', '=', photoId).forUpdate().executeTakeFirst(),
    byUpload: (uploadId: string) => sel().where('o.upload_id', '=', uploadId).executeTakeFirst(),
    /**
     * Points the photo at a new tus upload while its original is awaited: whether it did (`updated`: 0 when
     * the original was settled meanwhile) and the upload it pointed at before (to remove), if any.
     */
    async setUpload(photoId: string, uploadId: string): Promise<{ updated: number; before: string | null }> {
      const before = await db.q.selectFrom('photo_originals').select('upload_id').where('photo_id', '=', photoId).forUpdate().executeTakeFirst();
      const r = await db.q.updateTable('photo_originals').set({ upload_id: uploadId }).where('photo_id', '=', photoId).where('status', '=', 'awaiting').executeTakeFirst();
      return { updated: Number(r.numUpdatedRows), before: before?.upload_id ?? null };
    },
    settle: (photoId: string, s: { status: 'verified' | 'refused'; at: Date; sha256: string; bytes: number; mismatches: string[] | null }) =>
      db.q
        .updateTable('photo_originals')
        .set({ status: s.status, received_at: s.at, received_sha256: s.sha256, received_bytes: s.bytes, mismatches: s.mismatches ? JSON.stringify(s.mismatches) : null })
        .where('photo_id', '=', photoId)
        .execute(),
    markMissing: (photoId: string, at: Date) =>
      db.q
        .updateTable('photo_originals')
        .set({ missing_flagged_at: at })
        .where('photo_id', '=', photoId)
        .where('status', '=', 'awaiting')
        .where('missing_flagged_at', 'is', null)
        .executeTakeFirst(),
    /** The original's bytes become the photo's evidence of record. */
    adoptOriginal: (
      photoId: string,
      p: {
        sha256: string;
        blob_key: string;
        mime: string;
        bytes: number;
        width: number;
        height: number;
        exif: Record<string, unknown> | null;
        captured_at: Date | null;
        where: [number, number] | null;
        evidence: Record<string, unknown>;
      },
    ) =>
      db.q
        .updateTable('photos')
        .set({
          sha256: p.sha256,
          blob_key: p.blob_key,
          mime: p.mime,
          bytes: p.bytes,
          width: p.width,
          height: p.height,
          exif: p.exif === null ? null : JSON.stringify(p.exif),
          captured_at: p.captured_at,
          capture_location: p.where ? sql`ST_SetSRID(ST_MakePoint(${p.where[0]}, ${p.where[1]}), 4326)` : null,
          evidence: JSON.stringify(p.evidence),
        })
        .where('id', '=', photoId)
        .execute(),
    /** Adds an evidence flag to a photo (once). */
    addEvidenceFlag: (photoId: string, flag: string) =>
      db.q
        .updateTable('photos')
        .set({
          evidence: sql`jsonb_set(coalesce(evidence, '{"flags": []}'::jsonb), '{flags}', coalesce(evidence->'flags', '[]'::jsonb) || ${JSON.stringify([flag])}::jsonb)`,
        })
        .where('id', '=', photoId)
        .where(sql<boolean>`not coalesce(evidence->'flags', '[]'::jsonb) ? ${flag}`)
        .execute(),
    /** Another photo of the case already holds these bytes. */
    heldOnCase: async (caseId: string, sha256: string, exceptPhotoId: string) =>
      !!(await db.q.selectFrom('photos').select('id').where('case_id', '=', caseId).where('sha256', '=', sha256).where('id', '<>', exceptPhotoId).executeTakeFirst()),
    /** A photo's evidence of record is the blob under this key. */
    blobHeld: async (blobKey: string) => !!(await db.q.selectFrom('photos').select('id').where('blob_key', '=', blobKey).executeTakeFirst()),
    photo: (photoId: string) => db.q.selectFrom('photos').selectAll().where('id', '=', photoId).executeTakeFirst(),
    caseOf: (caseId: string) => db.q.selectFrom('cases').select(['id', 'case_no', 'town_code', 'division_path']).where('id', '=', caseId).executeTakeFirstOrThrow(),
    submission: (clientId: string) => db.q.selectFrom('photo_submissions').selectAll().where('client_id', '=', clientId).executeTakeFirst(),
    insertSubmission: (row: { client_id: string; case_id: string; user_id: string; fingerprint: string; photo_ids: string[]; created_at: Date }) =>
      db.q
        .insertInto('photo_submissions')
        .values({ ...row, photo_ids: JSON.stringify(row.photo_ids) })
        .execute(),
  };
}
export type PhotoOriginalsRepo = ReturnType<typeof photoOriginalsRepo>;
