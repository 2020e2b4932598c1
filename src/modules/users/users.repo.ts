import type { Insertable } from 'kysely';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/sql.js';
import type { SessionsTable, UsersTable } from '../../db/schema.js';

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
        'u.locked_until',
        'u.must_change_password',
        'd.path as division_path',
        'd.name as division_name',
      ]);
  const keepPasswordHash = (id: string, hash: string, at: Date) => db.q.insertInto('password_history').values({ user_id: id, password_hash: hash, set_at: at }).execute();
  return {
    byUsername: (username: string) => withPath().where('u.username', '=', username).executeTakeFirst(),
    byId: (id: string) => withPath().where('u.id', '=', id).executeTakeFirst(),
    list: () => withPath().orderBy('u.role').orderBy('u.username').execute(),
    insert: (u: Insertable<UsersTable>) => db.q.insertInto('users').values(u).execute(),
    /** Sets a new password hash, whether the next login must change it, and keeps the hash in the history. */
    async setPassword(id: string, hash: string, mustChange: boolean, at: Date) {
      await db.q.updateTable('users').set({ password_hash: hash, must_change_password: mustChange, password_changed_at: at }).where('id', '=', id).execute();
      await keepPasswordHash(id, hash, at);
    },
    keepPasswordHash,
    /** The hashes of the account's last `n` passwords, newest first. */
    recentPasswordHashes: async (id: string, n: number) =>
      (await db.q.selectFrom('password_history').select('password_hash').where('user_id', '=', id).orderBy('set_at', 'desc').orderBy('id', 'desc').limit(n).execute()).map(
        (r) => r.password_hash,
      ),
    update: (id: string, set: { role?: UsersTable['role']; division_code?: string; active?: boolean; display_name?: string; department?: string | null }) =>
      db.q.updateTable('users').set(set).where('id', '=', id).execute(),
    /** Ends every session of an account (its password was reset or it was disabled). */
    deleteSessionsOf: (userId: string) => db.q.deleteFrom('sessions').where('user_id', '=', userId).execute(),
    /** The account's two latest successful logins (the one of this session and the one before), newest first. */
    lastLogins: (username: string) =>
      db.q.selectFrom('login_attempts').select(['at', 'address']).where('username', '=', username).where('succeeded', '=', true).orderBy('at', 'desc').limit(2).execute(),
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
    /** Failed attempts on one account after `since` (and before `until`, if given). */
    failuresSince: async (username: string, since: Date, until?: Date) =>
      Number(
        (
          await db.q
            .selectFrom('login_attempts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('username', '=', username)
            .where('succeeded', '=', false)
            .where('at', '>', since)
            .$if(until !== undefined, (q) => q.where('at', '<', until!))
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
    insertSession: (s: Insertable<SessionsTable>) => db.q.insertInto('sessions').values(s).execute(),
    /** The account of a live session: before its absolute end, with a request since `idleSince`, account active. */
    sessionUser: (tokenHash: string, now: Date, idleSince: Date) =>
      db.q
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .innerJoin('divisions as d', 'd.code', 'u.division_code')
        .select([
          'u.id',
          'u.username',
          'u.display_name',
          'u.role',
          'u.division_code',
          'u.department',
          'u.must_change_password',
          'd.path as division_path',
          'd.name as division_name',
          's.last_seen_at',
        ])
        .where('s.token_hash', '=', tokenHash)
        .where('s.expires_at', '>', now)
        .where('s.last_seen_at', '>', idleSince)
        .where('u.active', '=', true)
        .modifyEnd(KEEP_PLAN)
        .executeTakeFirst(),
    touchSession: (tokenHash: string, at: Date) => db.q.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute(),
    deleteSession: (tokenHash: string) => db.q.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute(),
    /** The division a new account belongs to (its path: the account's jurisdiction). */
    division: (code: string) => db.q.selectFrom('divisions').select(['code', 'path']).where('code', '=', code).executeTakeFirst(),
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
