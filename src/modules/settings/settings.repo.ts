import type { Database } from '../../db/database.js';

/** The official calendar and the admin's settings (deadline policy, disposal rules): all SQL of the settings module. */
export function settingsRepo(db: Database) {
  return {
    calendarDays: (from?: string, to?: string) => {
      let q = db.q.selectFrom('calendar_days').select(['day', 'kind', 'name']).orderBy('day');
      if (from) q = q.where('day', '>=', from);
      if (to) q = q.where('day', '<', to);
      return q.execute();
    },
    upsertDay: (d: { day: string; kind: 'holiday' | 'workday'; name: string; updated_by: string | null; updated_at: Date }) =>
      db.q
        .insertInto('calendar_days')
        .values(d)
        .onConflict((oc) => oc.column('day').doUpdateSet({ kind: d.kind, name: d.name, updated_by: d.updated_by, updated_at: d.updated_at }))
        .execute(),
    deleteDay: async (day: string) => Number((await db.q.deleteFrom('calendar_days').where('day', '=', day).executeTakeFirst()).numDeletedRows),
    setting: async (key: string) => (await db.q.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value,
    putSetting: (key: string, value: unknown, by: string | null, at: Date) =>
      db.q
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_by: by, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_by: by, updated_at: at }))
        .execute(),
    /** Audit records of one kind of settings change, newest first, with the actor's name as people know him. */
    settingHistory: (action: string, limit: number) =>
      db.q
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.actor_id')
        .select(['a.at', 'a.actor_name', 'u.display_name', 'a.before', 'a.after'])
        .where('a.action', '=', action)
        .orderBy('a.id', 'desc')
        .limit(limit)
        .execute(),
  };
}
export type SettingsRepo = ReturnType<typeof settingsRepo>;
