import { sql, type Kysely } from 'kysely';

// The division tree may start above the county: a county deployment under 浙江省 (33) → 嘉兴市 (3304) → 平湖市
// (330482) keeps the province and prefecture rows (codes in the product's short form, paths from the province), so
// a user can be assigned to the prefecture and sees its county. The county stays level 'city' (the deployment's
// 县级市/区); the two new levels have no boundary of their own (a county deployment holds one county of them).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table divisions drop constraint if exists divisions_level_check`.execute(db);
  await sql`alter table divisions add constraint divisions_level_check check (level in ('province','prefecture','city','town','village'))`.execute(db);
}
