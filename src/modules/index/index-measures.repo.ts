import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/**
 * A period is stored in index_month_measures only once it ended this many days ago: photo evidence is computed
 * after an upload, and an original sent on a weak signal may come later still (that case forgets its rows).
 */
export const INDEX_SETTLE_DAYS = 2;

/**
 * Storing and forgetting rows take this lock for the rest of their transaction: a store waits for a forgetting
 * transaction to commit, and then sees its mark (index_measures_forgotten).
 */
const LOCK = sql`pg_advisory_xact_lock(hashtext('index_month_measures'), 0)`;

export interface StoredMeasureRow {
  division_code: string;
  measures: Record<string, number | null>;
}

/**
 * The month-end summary per village (index_month_measures; docs/scale.md): a finished period's measures, read by
 * the next run of that period instead of the history. Also used, in their own transactions, by what must forget
 * rows: a case that changes village (cases.core), an original photo settled late (photos), going live (setup).
 */
export function monthMeasuresRepo(db: Database) {
  return {
    /** The stored rows of a period with these parameters (on the replica with the other index inputs). */
    stored: async (period: string, params: string): Promise<StoredMeasureRow[]> =>
      (await db.replica.q.selectFrom('index_month_measures').select(['division_code', 'measures']).where('period', '=', period).where('params', '=', params).execute()).map(
        (r) => ({ division_code: r.division_code, measures: (typeof r.measures === 'string' ? JSON.parse(r.measures) : r.measures) as Record<string, number | null> }),
      ),

    /** A snapshot taken before the measures are read, where they are read (see `store`). */
    snapshot: async () => (await sql<{ s: string }>`select txid_current_snapshot()::text as s`.execute(db.replica.q)).rows[0].s,

    /**
     * Stores freshly computed rows (in the caller's transaction), except those of villages whose rows were forgotten
     * by a transaction that `snapshot` (taken before the read) did not see: the read may not have seen its change.
     * An existing row stays (the same history gives the same values).
     */
    async store(
      p: { period: string; periodEnd: Date; params: string; snapshot: string },
      rows: { division_code: string; county_code: string; measures: Record<string, number | null> }[],
    ) {
      await sql`select ${LOCK}`.execute(db.q);
      for (let i = 0; i < rows.length; i += 500) {
        const part = rows.slice(i, i + 500);
        await sql`
          insert into index_month_measures (period, period_end, params, division_code, county_code, measures, computed_at)
          select ${p.period}, ${p.periodEnd}, ${p.params}, r.division_code, r.county_code, r.measures, clock_timestamp()
          from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as r(division_code text, county_code text, measures jsonb)
          where not exists (
            select 1 from index_measures_forgotten f
            where not txid_visible_in_snapshot(f.xid, ${p.snapshot}::txid_snapshot)
              and (f.division_code is null or f.division_code = r.division_code)
              and (f.after is null or f.after < ${p.periodEnd}))
          on conflict do nothing`.execute(db.q);
      }
    },

    /** Forgets the rows of these villages for every period ending after `after` (null: every period), in the caller's transaction. */
    async forgetVillages(codes: string[], after: Date | null) {
      const uniq = [...new Set(codes)];
      // no settled period ends after `after` yet: nothing is stored for one, nor can a run be computing one to store
      // (the common case of an original photo arriving: no lock taken)
      if (!uniq.length || (after && after.getTime() > Date.now() - INDEX_SETTLE_DAYS * 86400_000)) return;
      await sql`select ${LOCK}`.execute(db.q);
      let q = db.q.deleteFrom('index_month_measures').where('division_code', 'in', uniq);
      if (after) q = q.where('period_end', '>', after);
      await q.execute();
      await db.q
        .insertInto('index_measures_forgotten')
        .values(uniq.map((c) => ({ division_code: c, after, xid: sql<string>`txid_current()` as unknown as string, at: sql<Date>`now()` as unknown as Date })))
        .execute();
    },

    /** Forgets every row (the divisions or their boundaries were replaced). */
    async forgetAll() {
      await sql`select ${LOCK}`.execute(db.q);
      await db.q.deleteFrom('index_month_measures').execute();
      await db.q
        .insertInto('index_measures_forgotten')
        .values({ division_code: null, after: null, xid: sql<string>`txid_current()` as unknown as string, at: sql<Date>`now()` as unknown as Date })
        .execute();
    },

    /**
     * A case changed village: its old and new villages' rows from its first version on (the cumulative parts count
     * a case where it is now, the as-of part where it was then).
     */
    async forgetCaseMove(caseId: string, fromCode: string, toCode: string) {
      const first = await db.q
        .selectFrom('case_history')
        .select((eb) => eb.fn.min('valid_from').as('at'))
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      await this.forgetVillages([fromCode, toCode], first?.at ? new Date(first.at as Date) : null);
    },

    /** A photo's evidence was rewritten (its original arrived, or was refused or missed): its case's village from the upload on. */
    async forgetPhoto(photoId: string) {
      const r = await db.q
        .selectFrom('photos as p')
        .innerJoin('cases as c', 'c.id', 'p.case_id')
        .select(['c.division_code', 'p.uploaded_at'])
        .where('p.id', '=', photoId)
        .executeTakeFirst();
      if (r) await this.forgetVillages([r.division_code], new Date(r.uploaded_at));
    },

    /** A county's rows of a period (its rerun computes them again). */
    forgetCounty: (period: string, countyCode: string) => db.q.deleteFrom('index_month_measures').where('period', '=', period).where('county_code', '=', countyCode).execute(),

    /** Marks older than a day: every run reading now sees their transactions. */
    pruneForgotten: () => db.q.deleteFrom('index_measures_forgotten').where('at', '<', sql<Date>`now() - interval '1 day'`).execute(),
  };
}
export type MonthMeasuresRepo = ReturnType<typeof monthMeasuresRepo>;
