import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Insertable } from 'kysely';
import type { PhotosTable } from '../../db/schema.js';

export function photosRepo(db: Database) {
  const cols = [
    'p.id',
    'p.case_id',
    'p.stage',
    'p.sha256',
    'p.blob_key',
    'p.mime',
    'p.bytes',
    'p.width',
    'p.height',
    'p.captured_at',
    'p.capture_accuracy_m',
    'p.exif',
    'p.uploaded_by',
    'p.uploaded_at',
    'p.display_key',
    'p.thumb_key',
    'p.phash',
    'p.evidence',
  ] as const;
  const sel = () =>
    db.q
      .selectFrom('photos as p')
      // a two-phase photo's original: awaited, verified or refused (photo-originals.repo.ts)
      .leftJoin('photo_originals as o', 'o.photo_id', 'p.id')
      .select(cols)
      .select([sql<number | null>`ST_X(p.capture_location)`.as('capture_lon'), sql<number | null>`ST_Y(p.capture_location)`.as('capture_lat')])
      .select([
        'o.status as original_status',
        'o.declared_sha256 as original_sha256',
        'o.declared_bytes as original_bytes',
        'o.due_at as original_due_at',
        'o.received_at as original_received_at',
        'o.received_sha256 as original_received_sha256',
        'o.mismatches as original_mismatches',
        'o.missing_flagged_at as original_missing_at',
      ]);
  return {
    /**
     * Inserts unless the case already has these bytes; returns the id of the row that holds them. The
     * photo's timeline event (`event`, when given) is written in the same statement, only if the row is new.
     */
    async insert(
      p: Omit<Insertable<PhotosTable>, 'capture_location' | 'exif' | 'evidence'> & { exif: Record<string, unknown> | null; evidence?: Record<string, unknown> | null },
      captureLonLat: [number, number] | null,
      event?: { kind: string; data: Record<string, unknown> },
    ): Promise<{ id: string; inserted: boolean }> {
      const insert = db.q
        .insertInto('photos')
        .values({
          ...p,
          exif: p.exif === null ? null : JSON.stringify(p.exif),
          evidence: p.evidence ? JSON.stringify(p.evidence) : null,
          capture_location: captureLonLat ? sql`ST_SetSRID(ST_MakePoint(${captureLonLat[0]}, ${captureLonLat[1]}), 4326)` : null,
        })
        .onConflict((oc) => oc.columns(['case_id', 'sha256']).doNothing())
        .returning('id');
      const r = event
        ? await db.q
            .with('p', () => insert)
            .with('ev', (qc) =>
              qc
                .insertInto('case_events')
                .columns(['case_id', 'at', 'actor_id', 'kind', 'data'])
                .expression(
                  sql`select ${p.case_id}::uuid, ${p.uploaded_at}::timestamptz, ${p.uploaded_by ?? null}::uuid, ${event.kind}::text, ${JSON.stringify(event.data)}::jsonb from p`,
                ),
            )
            .selectFrom('p')
            .select('id')
            .executeTakeFirst()
        : await insert.executeTakeFirst();
      if (r) return { id: r.id, inserted: true };
      const existing = await db.q.selectFrom('photos').select('id').where('case_id', '=', p.case_id).where('sha256', '=', p.sha256).executeTakeFirstOrThrow();
      return { id: existing.id, inserted: false };
    },
    byId: (id: string) => sel().where('p.id', '=', id).executeTakeFirst(),
    byCase: (caseId: string) => sel().where('p.case_id', '=', caseId).orderBy('p.uploaded_at').orderBy('p.id').execute(),
    setDerived: (id: string, displayKey: string, thumbKey: string, phash: string) =>
      db.q.updateTable('photos').set({ display_key: displayKey, thumb_key: thumbKey, phash }).where('id', '=', id).execute(),
    /**
     * Which of these blob keys a stored photo holds — a case's photo or a patch check's ground photo (图斑核查),
     * which share the originals' keys: an original another row holds must stay when an upload is undone.
     */
    heldKeys: async (keys: string[]) =>
      new Set(
        keys.length
          ? (
              await db.q
                .selectFrom('photos')
                .select('blob_key')
                .where('blob_key', 'in', keys)
                .union(db.q.selectFrom('patch_photos').select('blob_key').where('blob_key', 'in', keys))
                .execute()
            ).map((r) => r.blob_key)
          : [],
      ),
    /** Every photo's stored keys and hash with its case number, by id after `afterId` (`blobs check`, backups). */
    keysPage: (afterId: string | null, limit: number) =>
      db.q
        .selectFrom('photos as p')
        .innerJoin('cases as c', 'c.id', 'p.case_id')
        .select(['p.id', 'c.case_no', 'p.sha256', 'p.blob_key', 'p.display_key', 'p.thumb_key'])
        .$if(afterId !== null, (q) => q.where('p.id', '>', afterId!))
        .orderBy('p.id')
        .limit(limit)
        .execute(),
    /** The newest photos' copies and the watermark lines they were drawn with (`repairCopies`). */
    newestCopies: (limit: number) =>
      db.q.selectFrom('photos').select(['id', 'blob_key', 'display_key', 'thumb_key', 'watermark']).orderBy('uploaded_at', 'desc').limit(limit).execute(),
    casePath: (id: string) =>
      db.q.selectFrom('photos as p').innerJoin('cases as c', 'c.id', 'p.case_id').select(['c.division_path', 'p.case_id']).where('p.id', '=', id).executeTakeFirst(),
  };
}
export type PhotosRepo = ReturnType<typeof photosRepo>;
