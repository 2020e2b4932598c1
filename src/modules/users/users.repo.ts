import type { Insertable } from 'kysely';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/sql.js';
import type { UsersTable } from '../../db/schema.js';

export function usersRepo(db: Database) {
  const withPath = () =>
    db.q
      .selectFrom('users as u')
      .innerJoin('divisions as d', 'd.code', 'u.division_code')
      .select([
        'u.id',
        'u.username',
        'u.display_name',
        'u.password_hash',
        'u.role',
        'u.division_code',
        'u.department',
        'u.phone',
        'u.active',
        'u.created_at',
        'd.path as division_path',
        'd.name as division_name',
      ]);
  return {
    byUsername: (username: string) => withPath().where('u.username', '=', username).executeTakeFirst(),
    byId: (id: string) => withPath().where('u.id', '=', id).executeTakeFirst(),
    list: () => withPath().orderBy('u.role').orderBy('u.username').execute(),
    insert: (u: Insertable<UsersTable>) => db.q.insertInto('users').values(u).execute(),
    setPassword: (id: string, hash: string) => db.q.updateTable('users').set({ password_hash: hash }).where('id', '=', id).execute(),
    count: async () =>
      Number(
        (
          await db.q
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    recordAttempt: (a: { username: string; address: string; succeeded: boolean; at: Date }) => db.q.insertInto('login_attempts').values(a).execute(),
    /** Failed attempts on one account since `since` (after its last success or unlock, counted by the caller's window). */
    failuresSince: async (username: string, since: Date) =>
      Number(
        (
          await db.q
            .selectFrom('login_attempts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('username', '=', username)
            .where('succeeded', '=', false)
            .where('at', '>', since)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    lastSuccess: (username: string) =>
      db.q.selectFrom('login_attempts').select('at').where('username', '=', username).where('succeeded', '=', true).orderBy('at', 'desc').limit(1).executeTakeFirst(),
    addressFailures: (address: string, since: Date) =>
      db.q
        .selectFrom('login_attempts')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
        .where('address', '=', address)
        .where('succeeded', '=', false)
        .where('at', '>', since)
        .executeTakeFirstOrThrow(),
    lockState: (username: string) => db.q.selectFrom('users').select(['id', 'locked_until']).where('username', '=', username).executeTakeFirst(),
    setLockedUntil: (id: string, until: Date | null) => db.q.updateTable('users').set({ locked_until: until }).where('id', '=', id).execute(),
    insertSession: (s: { token_hash: string; user_id: string; created_at: Date; expires_at: Date }) => db.q.insertInto('sessions').values(s).execute(),
    sessionUser: (tokenHash: string, now: Date) =>
      db.q
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .innerJoin('divisions as d', 'd.code', 'u.division_code')
        .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.division_code', 'u.department', 'd.path as division_path', 'd.name as division_name'])
        .where('s.token_hash', '=', tokenHash)
        .where('s.expires_at', '>', now)
        .where('u.active', '=', true)
        .modifyEnd(KEEP_PLAN)
        .executeTakeFirst(),
    deleteSession: (tokenHash: string) => db.q.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute(),
    /** The division a new account belongs to (its path: the account's jurisdiction). */
    division: (code: string) => db.q.selectFrom('divisions').select(['code', 'path']).where('code', '=', code).executeTakeFirst(),
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
