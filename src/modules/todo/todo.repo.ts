import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import { inSubtree } from '../cases/case-filter.repo.js';

/** What waits on whom (待办): a kind of work, the case it is on, and its deadline. */
export type TodoKind = 'verify' | 'classify' | 'rectify' | 'photo' | 'review' | 'notice' | 'task' | 'duplicate' | 'assigned' | 'patch_verify' | 'patch_review';

export interface TodoRow {
  kind: TodoKind;
  /** null for a batch of change patches (its batch number is in case_no, its id in ref_id) */
  case_id: string | null;
  case_no: string;
  case_status: string | null;
  town_name: string;
  division_name: string;
  address_text: string | null;
  deadline: Date | string | null;
  ref_id: string | null;
  title: string | null;
}

/**
 * The cases of a jurisdiction on the to-do lists: campaign items (专项整治对象) are worked from their campaign's
 * page, which lists a town's open and overdue items; thousands of poles would bury the town's own cases here.
 */
const scope = (path: string) => sql`${inSubtree('c.division_path', path)} and c.kind <> 'campaign_item'`;
const base = sql`c.id as case_id, c.case_no, c.status as case_status, t.short_name as town_name, v.short_name as division_name, c.address_text`;
const names = sql`join divisions t on t.code = c.town_code join divisions v on v.code = c.division_code`;
/**
 * A batch of change patches (图斑) in a jurisdiction, one row per batch and town: the field checks still to do
 * (patch_verify) or the verdicts to review (patch_review), due at the end of the batch's due day (China time).
 */
const patchWork = (kind: 'patch_verify' | 'patch_review', path: string, refAsText = false) => sql`
  select ${kind}::text as kind, null::uuid as case_id, b.batch_no as case_no, null::text as case_status, t.short_name as town_name,
         t.short_name as division_name, null::text as address_text, (b.due_on + interval '16 hours') at time zone 'UTC' as deadline,
         ${refAsText ? sql`b.id::text` : sql`b.id`} as ref_id, count(*)::text || ${kind === 'patch_verify' ? ' 个图斑待实地核查' : ' 个图斑核查结论待审核'}::text as title
  from patches p join patch_batches b on b.id = p.batch_id join divisions t on t.code = p.town_code
  where (p.division_path = ${path} or p.division_path like ${`${path}/%`}) and p.status = ${kind === 'patch_verify' ? 'pending' : 'submitted'}::text
  group by b.id, b.batch_no, b.due_on, t.short_name`;

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
        where ${s} and d.resolution is null and c.status = 'reported'
        union all ${patchWork('patch_verify', scopePath)}
        union all ${patchWork('patch_review', scopePath)}`);
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
          and not (c.status = 'rectifying' and not exists (select 1 from photos p where p.case_id = c.id and p.stage = 'after' and p.captured_at >= c.classified_at))
        union all ${patchWork('patch_verify', scopePath, true)}`);
    },
  };
}
export type TodoRepo = ReturnType<typeof todoRepo>;
