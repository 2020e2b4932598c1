import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ResponsibilityLettersTable } from '../../db/schema.js';
import { inSubtree } from '../cases/case-filter.repo.js';
import { violationsOnly } from '../goals/goals.repo.js';
import type { LetterFacts } from './letters.progress.js';

export type LetterRow = Selectable<ResponsibilityLettersTable> & { town_name: string; town_path: string };

/** All SQL of the responsibility letters (责任书) and the registry facts their progress is computed from. */
export function lettersRepo(db: Database) {
  const withTown = () =>
    db.q
      .selectFrom('responsibility_letters as l')
      .innerJoin('divisions as d', 'd.code', 'l.town_code')
      .selectAll('l')
      .select([sql<string>`coalesce(d.short_name, d.name)`.as('town_name'), 'd.path as town_path']);
  return {
    town: (code: string) => db.q.selectFrom('divisions').select(['code', 'name', 'short_name', 'level', 'path']).where('code', '=', code).executeTakeFirst(),

    /** The letters of the towns inside a path, newest year first, then by town code. */
    list: (scopePath: string, f: { year?: number; town?: string }) => {
      let q = withTown().where(inSubtree('d.path', scopePath));
      if (f.year !== undefined) q = q.where('l.year', '=', f.year);
      if (f.town) q = q.where('l.town_code', '=', f.town);
      return q.orderBy('l.year', 'desc').orderBy('l.town_code').execute() as Promise<LetterRow[]>;
    },
    byId: (id: string) => withTown().where('l.id', '=', id).executeTakeFirst() as Promise<LetterRow | undefined>,
    byTownYear: (town: string, year: number) => db.q.selectFrom('responsibility_letters').select('id').where('town_code', '=', town).where('year', '=', year).executeTakeFirst(),
    insert: (row: Insertable<ResponsibilityLettersTable>) => db.q.insertInto('responsibility_letters').values(row).execute(),
    /** Updates when the version still matches; the number of rows changed (0: someone else saved first). */
    async update(id: string, version: number, patch: Updateable<ResponsibilityLettersTable>) {
      const r = await db.q
        .updateTable('responsibility_letters')
        .set({ ...patch, version: sql`version + 1` })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /**
     * Since when the registry knows of the work: its first registration, closing or new case found (a
     * census ledger brings old buildings, whose finding says nothing of the years before; a ledger of closed
     * cases brings their closings). Null: no case yet.
     */
    async registryFrom(): Promise<Date | null> {
      const r = await sql<{ first: Date | string | null }>`
          select least(min(c.created_at), min(c.closed_at), min(c.found_at) filter (where c.origin = 'new')) as first
          from cases c where ${violationsOnly()}`.execute(db.q);
      const first = r.rows[0]?.first;
      return first ? new Date(first) : null;
    },

    /**
     * Per town inside a path, what the registry shows for a China year [start, end): stock closed in it
     * (count, area), new found in it on cultivated land or basic farmland, and the safety-risk cases (medium
     * or high) open at some time in it with those of them closed by its end.
     */
    async facts(scopePath: string, start: Date, end: Date): Promise<Map<string, LetterFacts>> {
      const closedIn = sql`c.status = 'closed' and c.closed_at >= ${start} and c.closed_at < ${end}`;
      const risky = sql`c.safety_risk in ('medium', 'high') and c.found_at < ${end} and (c.status <> 'closed' or c.closed_at >= ${start})`;
      const r = await sql<{ town: string; stock_closed: string; stock_closed_area: string; farmland_new: string; risk_total: string; risk_handled: string }>`
          select c.town_code as town,
                 count(*) filter (where c.origin = 'stock' and ${closedIn}) as stock_closed,
                 coalesce(sum(c.area_m2) filter (where c.origin = 'stock' and ${closedIn}), 0) as stock_closed_area,
                 count(*) filter (where c.origin = 'new' and c.found_at >= ${start} and c.found_at < ${end} and (c.on_cultivated_land or c.on_basic_farmland)) as farmland_new,
                 count(*) filter (where ${risky}) as risk_total,
                 count(*) filter (where ${risky} and ${closedIn}) as risk_handled
          from cases c
          where ${inSubtree('c.division_path', scopePath)} and c.status <> 'rejected' and ${violationsOnly()}
          group by c.town_code`.execute(db.q);
      // campaign items (专项整治): those found by the year's end, and of them closed by then
      const camp = await sql<{ town: string; total: string; done: string }>`
          select c.town_code as town, count(*) as total, count(*) filter (where c.status = 'closed' and c.closed_at < ${end}) as done
          from cases c
          where ${inSubtree('c.division_path', scopePath)} and c.kind = 'campaign_item' and c.status <> 'rejected' and c.found_at < ${end}
          group by c.town_code`.execute(db.q);
      const campaigns = new Map(camp.rows.map((x) => [x.town, { campaignTotal: Number(x.total), campaignDone: Number(x.done) }]));
      const none = { stockClosed: 0, stockClosedArea: 0, newOnFarmland: 0, riskTotal: 0, riskHandled: 0 };
      const out = new Map<string, LetterFacts>(
        r.rows.map((x) => [
          x.town,
          {
            stockClosed: Number(x.stock_closed),
            stockClosedArea: Number(x.stock_closed_area),
            newOnFarmland: Number(x.farmland_new),
            riskTotal: Number(x.risk_total),
            riskHandled: Number(x.risk_handled),
            ...campaigns.get(x.town),
          },
        ]),
      );
      for (const [town, c] of campaigns) if (!out.has(town)) out.set(town, { ...none, ...c });
      return out;
    },
  };
}
export type LettersRepo = ReturnType<typeof lettersRepo>;
