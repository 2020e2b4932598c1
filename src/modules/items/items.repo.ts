import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { caseWhere, inSubtree, type CaseFilter } from '../cases/case-filter.repo.js';

/** The SQL of an item kind's own figures and export (积水点 …): its numbers, by town, and its rows. */
export function itemsRepo(db: Database) {
  return {
    /**
     * For one kind inside a jurisdiction, per town: items found in [from, to), how many of those are closed
     * now, closings (验收销号) and reopenings (再次积水) in the window, and the items open now.
     */
    async figures(kind: string, scopePath: string, from: Date, to: Date) {
      const r = await sql<{ town_code: string; town_name: string; found: string; found_closed: string; closed: string; reopened: string; open: string }>`
        with c as (select c.id, c.town_code, c.found_at, c.status from cases c where c.kind = ${kind} and ${inSubtree('c.division_path', scopePath)}),
        ev as (
          select c.town_code,
            count(*) filter (where e.kind = 'approve_closing') as closed,
            count(*) filter (where e.kind = 'reopen') as reopened
          from case_events e join c on c.id = e.case_id
          where e.at >= ${from} and e.at < ${to} and e.kind in ('approve_closing', 'reopen')
          group by c.town_code
        ),
        f as (
          select town_code,
            count(*) filter (where found_at >= ${from} and found_at < ${to} and status <> 'rejected') as found,
            count(*) filter (where found_at >= ${from} and found_at < ${to} and status = 'closed') as found_closed,
            count(*) filter (where status not in ('closed', 'rejected')) as open
          from c group by town_code
        )
        select t.code as town_code, t.short_name as town_name, coalesce(f.found, 0) as found, coalesce(f.found_closed, 0) as found_closed,
               coalesce(ev.closed, 0) as closed, coalesce(ev.reopened, 0) as reopened, coalesce(f.open, 0) as open
        from f full join ev on ev.town_code = f.town_code
        join divisions t on t.code = coalesce(f.town_code, ev.town_code)
        order by t.code`.execute(db.q);
      return r.rows.map((x) => ({
        townCode: x.town_code,
        townName: x.town_name,
        found: Number(x.found),
        foundClosed: Number(x.found_closed),
        closed: Number(x.closed),
        reopened: Number(x.reopened),
        open: Number(x.open),
      }));
    },

    /** The rows of an export: a filtered selection of one kind, with the times a list does not carry. */
    exportRows: (f: CaseFilter, limit: number) =>
      db.q
        .selectFrom('cases as c')
        .innerJoin('divisions as v', 'v.code', 'c.division_code')
        .innerJoin('divisions as t', 't.code', 'c.town_code')
        .where(caseWhere(f))
        .select([
          'c.case_no',
          'c.category',
          'c.status',
          'c.disposal_class',
          'c.extra',
          'c.address_text',
          'c.lon',
          'c.lat',
          'c.found_at',
          'c.deadline_at',
          'c.closed_at',
          'c.note',
          't.short_name as town_name',
          'v.short_name as village_name',
        ])
        .select(sql<number>`(select count(*) from case_events e where e.case_id = c.id and e.kind = 'reopen')::int`.as('reopen_count'))
        .orderBy('c.found_at', 'desc')
        .orderBy('c.id')
        .limit(limit)
        .execute(),
  };
}
export type ItemsRepo = ReturnType<typeof itemsRepo>;
