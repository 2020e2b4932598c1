import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { inSubtree } from '../cases/case-filter.repo.js';

/** The town of an alert's division path (its 9-digit segment; '' above the towns), whatever level the tree starts at. */
const townOfPath = sql<string>`coalesce(substring(a.division_path from '(?:^|/)([0-9]{9})(?:/|$)'), '')`;

/** China month key (YYYY-MM) of a timestamp column, in SQL. */
const monthKey = (col: string) => sql<string>`to_char(${sql.ref(col)} + interval '8 hours', 'YYYY-MM')`;

/**
 * The SQL of the supervisor's overview (公权力监督): an official's actions over time beside his peers', and the
 * alerts of a month by town, rule and status for the monthly supervision report. Reads only.
 */
export function oversightRepo(db: Database) {
  return {
    /** A person with his division. */
    official: (id: string) =>
      db.q
        .selectFrom('users as u')
        .innerJoin('divisions as d', 'd.code', 'u.division_code')
        .select(['u.id', 'u.display_name', 'u.role', 'u.department', 'u.active', 'u.division_code', 'd.path as division_path', 'd.name as division_name'])
        .where('u.id', '=', id)
        .executeTakeFirst(),

    /** Case events by actor, per China month and kind, since a moment: of one person, or of everyone else in a role inside a subtree. */
    async actionsByMonth(since: Date, who: { userId: string } | { role: string; scopePath: string; except: string }) {
      let q = db.q
        .selectFrom('case_events as e')
        .innerJoin('cases as c', 'c.id', 'e.case_id')
        .innerJoin('users as u', 'u.id', 'e.actor_id')
        .innerJoin('divisions as d', 'd.code', 'u.division_code')
        .select([monthKey('e.at').as('month'), 'e.kind', sql<string>`count(*)`.as('n')])
        // the profile is of power over illegal buildings (the other kinds' work has its own figures)
        .where('c.kind', '=', 'violation')
        .where('e.at', '>=', since);
      if ('userId' in who) q = q.where('e.actor_id', '=', who.userId);
      else
        q = q
          .where('u.role', '=', who.role as never)
          .where('u.id', '<>', who.except)
          .where(sql<boolean>`${inSubtree('d.path', who.scopePath)}`);
      return (await q.groupBy(['month', 'e.kind']).execute()).map((r) => ({ month: r.month, kind: r.kind, n: Number(r.n) }));
    },

    /** Looks at owners' full personal data (查询留痕) per China month: of one person, or of everyone else in a role inside a subtree. */
    async lookupsByMonth(since: Date, who: { userId: string } | { role: string; scopePath: string; except: string }) {
      let q = db.q
        .selectFrom('audit_log as a')
        .innerJoin('users as u', (j) => j.on(sql<boolean>`u.id = a.actor_id`))
        .innerJoin('divisions as d', 'd.code', 'u.division_code')
        .select([monthKey('a.at').as('month'), sql<string>`count(*)`.as('n')])
        .where('a.action', '=', 'case.personal_data_viewed')
        .where('a.at', '>=', since);
      if ('userId' in who) q = q.where(sql<boolean>`a.actor_id = ${who.userId}::uuid`);
      else
        q = q
          .where('u.role', '=', who.role as never)
          .where('u.id', '<>', who.except)
          .where(sql<boolean>`${inSubtree('d.path', who.scopePath)}`);
      return (await q.groupBy('month').execute()).map((r) => ({ month: r.month, n: Number(r.n) }));
    },

    /** How many active people hold a role inside a subtree, besides one. */
    peerCount: async (role: string, scopePath: string, except: string) =>
      Number(
        (
          await db.q
            .selectFrom('users as u')
            .innerJoin('divisions as d', 'd.code', 'u.division_code')
            .select(sql<string>`count(*)`.as('n'))
            .where('u.role', '=', role as never)
            .where('u.active', '=', true)
            .where('u.id', '<>', except)
            .where(sql<boolean>`${inSubtree('d.path', scopePath)}`)
            .executeTakeFirstOrThrow()
        ).n,
      ),

    /** A person's latest decisions on cases (the events of the workflow), newest first. */
    recentDecisions: (userId: string, limit: number) =>
      db.q
        .selectFrom('case_events as e')
        .innerJoin('cases as c', 'c.id', 'e.case_id')
        .select([
          'e.id',
          'e.case_id',
          'c.case_no',
          'e.kind',
          'e.at',
          'e.note',
          sql<string | null>`e.data->>'disposalClass'`.as('disposal_class'),
          sql<string | null>`e.data->>'reason'`.as('reason'),
        ])
        .where('e.actor_id', '=', userId)
        .where('c.kind', '=', 'violation')
        .where(sql<boolean>`e.kind in ('verify','reject','classify','request_closing','approve_closing','return_closing','reopen','fields_changed')`)
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(limit)
        .execute(),

    /**
     * The alerts inside a subtree that the reader may see (none about him): raised per China month since a
     * moment, and the status steps (排除, 确认, 移送) per month, each by rule and by town.
     */
    async monthly(scopePath: string, readerId: string, since: Date, end: Date) {
      const visible = sql<boolean>`${inSubtree('a.division_path', scopePath)} and not (${readerId}::uuid = any(a.user_ids))`;
      const raised = await db.q
        .selectFrom('alerts as a')
        .select([monthKey('a.created_at').as('month'), 'a.rule', townOfPath.as('town'), sql<string>`count(*)`.as('n')])
        .where(visible)
        .where('a.created_at', '>=', since)
        .where('a.created_at', '<', end)
        .groupBy(['month', 'a.rule', 'town'])
        .execute();
      const steps = await db.q
        .selectFrom('alert_steps as s')
        .innerJoin('alerts as a', 'a.id', 's.alert_id')
        .select([monthKey('s.at').as('month'), 's.action', 'a.rule', townOfPath.as('town'), sql<string>`count(*)`.as('n')])
        .where(visible)
        .where('s.action', 'in', ['dismiss', 'confirm', 'refer'])
        .where('s.at', '>=', since)
        .where('s.at', '<', end)
        .groupBy(['month', 's.action', 'a.rule', 'town'])
        .execute();
      // still waiting at the end: raised before it, and no dismissal nor confirmation before it
      const waiting = await db.q
        .selectFrom('alerts as a')
        .select(['a.rule', townOfPath.as('town'), sql<string>`count(*)`.as('n')])
        .where(visible)
        .where('a.created_at', '<', end)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('alert_steps as s').select('s.id').whereRef('s.alert_id', '=', 'a.id').where('s.action', 'in', ['dismiss', 'confirm']).where('s.at', '<', end))),
        )
        .groupBy(['a.rule', 'town'])
        .execute();
      const n = <T extends { n: string }>(rows: T[]) => rows.map((r) => ({ ...r, n: Number(r.n) }));
      return { raised: n(raised), steps: n(steps), waiting: n(waiting) };
    },

    /** The towns inside a subtree (code, short name), in code order. */
    towns: (scopePath: string) =>
      db.q
        .selectFrom('divisions as d')
        .select(['d.code', 'd.short_name', 'd.name'])
        .where('d.level', '=', 'town')
        .where(sql<boolean>`${inSubtree('d.path', scopePath)}`)
        .orderBy('d.code')
        .execute(),
    division: (code: string) => db.q.selectFrom('divisions').select(['code', 'name', 'short_name', 'level', 'path']).where('code', '=', code).executeTakeFirst(),
  };
}
export type OversightRepo = ReturnType<typeof oversightRepo>;
