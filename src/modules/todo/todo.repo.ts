import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import { inSubtree } from '../cases/case-filter.repo.js';

/** What waits on whom (待办): a kind of work, the case it is on, and its deadline. */
export type TodoKind = 'verify' | 'classify' | 'rectify' | 'photo' | 'review' | 'notice' | 'task' | 'duplicate' | 'assigned';

export interface TodoRow {
  kind: TodoKind;
  case_id: string;
  case_no: string;
  case_status: string;
  town_name: string;
  division_name: string;
  address_text: string | null;
  deadline: Date | string | null;
  ref_id: string | null;
  title: string | null;
}

const scope = (path: string) => inSubtree('c.division_path', path);
const base = sql`c.id as case_id, c.case_no, c.status as case_status, t.short_name as town_name, v.short_name as division_name, c.address_text`;
const names = sql`join divisions t on t.code = c.town_code join divisions v on v.code = c.division_code`;

/** The work waiting in a jurisdiction (a division path), one read per role that has a to-do list. */
export function todoRepo(db: Database) {
  const rows = async (q: RawBuilder<TodoRow>) => (await q.execute(db.q)).rows;
  return {
    /** A town officer's: cases to verify, classify or rectify, open town-level notices, unresolved probable duplicates. */
    townOfficer(scopePath: string) {
      const s = scope(scopePath);
      return rows(sql<TodoRow>`
        select case c.status when 'reported' then 'verify' when 'verified' then 'classify' else 'rectify' end as kind, ${base},
               c.deadline_at as deadline, null as ref_id, null as title
        from cases c ${names}
        where ${s} and (c.status in ('reported','verified','rectifying') or (c.status = 'classified' and c.disposal_class <> 'defer'))
        union all
        select 'notice', ${base}, n.reply_due::timestamptz, n.id, n.notice_no
        from supervision_notices n join cases c on c.id = n.case_id ${names}
        where ${s} and n.status = 'open' and n.level = 'town'
        union all
        select distinct on (c.id) 'duplicate', ${base}, null::timestamptz, d.candidate_id, null
        from case_duplicate_candidates d join cases c on c.id = d.case_id ${names}
        where ${s} and d.resolution is null and c.status = 'reported'`);
    },
    /** The city office's: closings to review and open city-level notices. */
    cityOffice(scopePath: string) {
      const s = scope(scopePath);
      return rows(sql<TodoRow>`
        select 'review' as kind, ${base}, c.deadline_at as deadline, null as ref_id, null as title
        from cases c ${names} where ${s} and c.status = 'closing_requested'
        union all
        select 'notice', ${base}, n.reply_due::timestamptz, n.id, n.notice_no
        from supervision_notices n join cases c on c.id = n.case_id ${names}
        where ${s} and n.status = 'open' and n.level = 'city'`);
    },
    /** A department's open tasks. */
    department(scopePath: string, department: string) {
      const s = scope(scopePath);
      return rows(sql<TodoRow>`
        select 'task' as kind, ${base}, k.deadline::timestamptz as deadline, k.id as ref_id, k.title
        from case_tasks k join cases c on c.id = k.case_id ${names}
        where ${s} and k.status = 'open' and k.department = ${department}`);
    },
    /**
     * An inspector's: cases being rectified that still lack an "after" photo taken since the decision
     * (拆后取证), and the open cases assigned to them.
     */
    inspector(scopePath: string, userId: string) {
      const s = scope(scopePath);
      return rows(sql<TodoRow>`
        select 'photo' as kind, ${base}, c.deadline_at as deadline, null as ref_id, null as title
        from cases c ${names}
        where ${s} and c.status = 'rectifying'
          and not exists (select 1 from photos p where p.case_id = c.id and p.stage = 'after' and p.captured_at >= c.classified_at)
        union all
        select 'assigned', ${base}, c.deadline_at, null, null
        from case_assignees a join cases c on c.id = a.case_id ${names}
        where ${s} and a.user_id = ${userId} and c.status in ('reported','verified','classified','rectifying')
          and not (c.status = 'rectifying' and not exists (select 1 from photos p where p.case_id = c.id and p.stage = 'after' and p.captured_at >= c.classified_at))`);
    },
  };
}
export type TodoRepo = ReturnType<typeof todoRepo>;
