import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Database } from '../../db/database.js';
import type { Role } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { ROLES, inJurisdiction, type Actor, type IdentityProvider } from '../../platform/auth.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { addressRetryAfter, DEFAULT_LOGIN_POLICY, lockAfterFailure, type LoginPolicy } from './login.policy.js';
import { PASSWORD_HISTORY, passwordProblems } from '../../../shared/password-policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UsersRepo } from './users.repo.js';

const tokenHash = (t: string) => createHash('sha256').update(t).digest('hex');

/** `2026-12-06 18:30`, China time (UTC+8, no daylight saving). */
const chinaTime = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export const hashPassword = (pw: string) => argonHash(pw);

/** Local accounts with argon2 hashes: the identity provider of today. */
export function localIdentityProvider(usersRepo: UsersRepo): IdentityProvider {
  // a fixed hash to verify against when the user is unknown, so both paths take the same time
  let dummy: Promise<string> | null = null;
  return {
    name: 'local',
    async authenticate({ username, password }) {
      const u = await usersRepo.byUsername(username);
      if (!u || !u.active || !u.password_hash) {
        dummy ??= argonHash('not-a-real-password');
        await argonVerify(await dummy, password).catch(() => false);
        return null;
      }
      return (await argonVerify(u.password_hash, password).catch(() => false)) ? u.id : null;
    },
  };
}

/** The actor of a user row (the signed-in user of a session, or an account the demo seeder acts as). */
export function toActor(u: {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  division_code: string;
  division_path: string;
  department: string | null;
  must_change_password: boolean;
}): Actor {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    divisionCode: u.division_code,
    divisionPath: u.division_path,
    department: u.department,
    mustChangePassword: u.must_change_password,
  };
}

/** An account as the apps see it. */
function userView(u: NonNullable<Awaited<ReturnType<UsersRepo['byId']>>>) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    divisionCode: u.division_code,
    divisionName: u.division_name,
    department: u.department,
    mustChangePassword: u.must_change_password,
  };
}

/** 400 naming every rule a new password breaks (the same rules the page checks as the user types). */
function checkPassword(password: string, username: string) {
  const problems = passwordProblems(password, username);
  if (problems.length) throw badRequest(problems[0].code, problems.map((p) => p.message).join(';'), { field: 'password', problems: problems.map((p) => p.code) });
}

/** How the account list names an account's state. */
function accountStatus(u: { active: boolean; locked_until: Date | string | null; must_change_password: boolean }, now: Date) {
  if (!u.active) return 'disabled' as const;
  if (u.locked_until && new Date(u.locked_until) > now) return 'locked' as const;
  if (u.must_change_password) return 'must_change_password' as const;
  return 'active' as const;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  divisionCode: string;
  department?: string | null;
  phone?: string | null;
}

/** What an admin may change on an account (never on his own: nobody grants himself a role). */
export interface AccountChange {
  role?: Role;
  divisionCode?: string;
  active?: boolean;
  displayName?: string;
  department?: string | null;
}

export function usersService(deps: {
  db: Database;
  clock: Clock;
  usersRepo: UsersRepo;
  identity: IdentityProvider;
  audit: AuditService;
  sessionTtlHours: number;
  /** A session ends after this many minutes without a request (besides its absolute end). */
  sessionIdleMinutes?: number;
  loginPolicy?: LoginPolicy;
}) {
  const { db, clock, usersRepo, identity, audit } = deps;
  const policy = deps.loginPolicy ?? DEFAULT_LOGIN_POLICY;
  const idleMs = (deps.sessionIdleMinutes ?? 30) * 60_000;

  async function publicUser(id: string) {
    const u = await usersRepo.byId(id);
    if (!u) throw new AppError('user.not_found', 404, '用户不存在');
    return userView(u);
  }

  /** A new password that keeps the rules and repeats none of the account's last five. */
  async function acceptablePassword(userId: string, username: string, password: string) {
    checkPassword(password, username);
    for (const old of await usersRepo.recentPasswordHashes(userId, PASSWORD_HISTORY)) {
      if (await argonVerify(old, password).catch(() => false))
        throw badRequest('password.reused', `新密码不能与最近 ${PASSWORD_HISTORY} 次用过的密码相同`, { field: 'password', problems: ['password.reused'] });
    }
    return hashPassword(password);
  }

  /** An account an admin may change: inside his jurisdiction and not his own. */
  async function otherAccount(actor: Actor, userId: string, what: string) {
    if (actor.role !== 'admin') throw forbidden('user.admin_only', `只有系统管理员可以${what}`);
    if (actor.id === userId) throw forbidden('user.self_change_forbidden', `不能${what}自己的账号`);
    const u = await usersRepo.byId(userId);
    if (!u || !inJurisdiction(actor, u.division_path)) throw notFound('账号', 'user.not_found');
    return u;
  }

  return {
    /**
     * Logs in from `address`. Failed attempts are recorded and audited with the address; an account locks after
     * `maxFailures` failures within the window (423 until it opens again or an admin unlocks it), and an address
     * that fails too often in a minute gets 429 with the seconds to wait, whichever accounts it tries.
     */
    async login(username: string, password: string, address: string) {
      const now = clock.now();
      const recent = await usersRepo.addressFailures(address, new Date(now.getTime() - 60_000));
      const wait = addressRetryAfter(policy, Number(recent.n), recent.oldest ? new Date(recent.oldest as string | Date) : null, now);
      if (wait) throw new AppError('auth.rate_limited', 429, `登录失败次数过多,请 ${wait} 秒后再试`, { retryAfter: wait });
      const account = await usersRepo.lockState(username);
      const lockedUntil = account?.locked_until ? new Date(account.locked_until) : null;
      if (account && lockedUntil && lockedUntil > now) {
        await db.transaction(async () => {
          await usersRepo.recordAttempt({ username, address, succeeded: false, at: now });
          await audit.append(null, { action: 'auth.login_refused_locked', entity: 'user', entityId: account.id, after: { username, address } });
        });
        throw new AppError('auth.account_locked', 423, `账号因多次密码错误已锁定,请于 ${chinaTime(lockedUntil)} 后再试或联系系统管理员解锁`, {
          lockedUntil: lockedUntil.toISOString(),
        });
      }
      const userId = await identity.authenticate({ username, password });
      if (!userId) {
        await db.transaction(async () => {
          await usersRepo.recordAttempt({ username, address, succeeded: false, at: now });
          await audit.append(null, { action: 'auth.login_failed', entity: 'user', entityId: account?.id ?? null, after: { username, address } });
          if (!account) return;
          // failures count from the window's start, the last success or the end of the last lock, whichever is latest
          const last = await usersRepo.lastSuccess(username);
          const since = Math.max(now.getTime() - policy.windowMinutes * 60_000, last ? new Date(last.at).getTime() : 0, lockedUntil?.getTime() ?? 0);
          const until = lockAfterFailure(policy, await usersRepo.failuresSince(username, new Date(since - 1)), now);
          if (!until) return;
          await usersRepo.setLockedUntil(account.id, until);
          await audit.append(null, { action: 'auth.account_locked', entity: 'user', entityId: account.id, after: { username, address, lockedUntil: until.toISOString() } });
        });
        throw new AppError('auth.invalid_credentials', 401, '用户名或密码错误');
      }
      const token = randomBytes(32).toString('base64url');
      await db.transaction(async () => {
        await usersRepo.recordAttempt({ username, address, succeeded: true, at: now });
        await usersRepo.insertSession({
          token_hash: tokenHash(token),
          user_id: userId,
          created_at: now,
          expires_at: new Date(now.getTime() + deps.sessionTtlHours * 3600_000),
          last_seen_at: now,
          address,
        });
        await audit.append({ id: userId, username } as Actor, { action: 'auth.login', entity: 'user', entityId: userId, after: { address } });
      });
      return { token, user: await publicUser(userId) };
    },
    /**
     * Opens an account locked by failed logins (admin, or the operator at the CLI when `actor` is null); the
     * record names the address the admin called from (`cli` for the operator at the server).
     */
    async unlock(actor: Actor | null, username: string, address?: string) {
      if (actor && actor.role !== 'admin') throw forbidden('user.unlock_forbidden', '只有系统管理员可以解锁账号');
      const account = await usersRepo.lockState(username);
      if (!account) throw notFound('账号', 'user.not_found');
      const now = clock.now();
      await db.transaction(async () => {
        // the lock's end is where failures start counting again, so it is set to now rather than cleared
        await usersRepo.setLockedUntil(account.id, now);
        await audit.append(actor, { action: 'auth.account_unlocked', entity: 'user', entityId: account.id, after: { username, address: address ?? (actor ? null : 'cli') } });
      });
      return { ok: true as const };
    },
    async logout(token: string) {
      await usersRepo.deleteSession(tokenHash(token));
    },
    /** The user of a live session; a request keeps it alive (recorded at most once a minute). */
    async actorForToken(token: string): Promise<Actor | null> {
      const now = clock.now();
      const h = tokenHash(token);
      const u = await usersRepo.sessionUser(h, now, new Date(now.getTime() - idleMs));
      if (!u) return null;
      if (now.getTime() - new Date(u.last_seen_at).getTime() > 60_000) await usersRepo.touchSession(h, now);
      return toActor(u);
    },
    /** The signed-in user, with the login before this one (time, address) and the failed attempts since it. */
    async me(actor: Actor) {
      const user = await publicUser(actor.id);
      const [current, previous] = await usersRepo.lastLogins(actor.username);
      const lastLogin = previous
        ? {
            at: new Date(previous.at).toISOString(),
            address: previous.address,
            failedSince: await usersRepo.failuresSince(actor.username, new Date(previous.at), new Date(current.at)),
          }
        : null;
      return { ...user, lastLogin };
    },
    /** The user changes his own password (also what a first login after an admin set it must do). */
    async changePassword(actor: Actor, currentPassword: string, newPassword: string) {
      const u = await usersRepo.byId(actor.id);
      if (!u?.password_hash || !(await argonVerify(u.password_hash, currentPassword).catch(() => false)))
        throw badRequest('password.current_wrong', '当前密码不正确', { field: 'currentPassword' });
      const hash = await acceptablePassword(actor.id, actor.username, newPassword);
      await db.transaction(async () => {
        await usersRepo.setPassword(actor.id, hash, false, clock.now());
        await audit.append(actor, { action: 'auth.password_changed', entity: 'user', entityId: actor.id, after: { username: actor.username } });
      });
      return { ok: true as const };
    },
    /** An admin sets a temporary password: the account's sessions end and its next login must change it. */
    async resetPassword(actor: Actor, userId: string, newPassword: string) {
      const u = await otherAccount(actor, userId, '重置密码');
      const hash = await acceptablePassword(u.id, u.username, newPassword);
      await db.transaction(async () => {
        await usersRepo.setPassword(u.id, hash, true, clock.now());
        await usersRepo.deleteSessionsOf(u.id);
        await audit.append(actor, { action: 'user.password_reset', entity: 'user', entityId: u.id, after: { username: u.username } });
      });
      return { ok: true as const };
    },
    /** An admin changes another account's role, division, name or whether it may log in (audited with before/after). */
    async update(actor: Actor, userId: string, change: AccountChange) {
      const u = await otherAccount(actor, userId, '修改');
      return db.transaction(async () => {
        let path = u.division_path;
        if (change.divisionCode !== undefined && change.divisionCode !== u.division_code) {
          const div = await usersRepo.division(change.divisionCode);
          if (!div) throw badRequest('user.unknown_division', `未知行政区划代码: ${change.divisionCode}`, { field: 'divisionCode' });
          path = div.path;
        }
        if (!inJurisdiction(actor, path)) throw forbidden('user.outside_jurisdiction', '不能把账号移到自己的管辖范围之外');
        const before = { role: u.role, divisionCode: u.division_code, active: u.active, displayName: u.display_name, department: u.department };
        const after = { ...before, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
        await usersRepo.update(u.id, {
          role: after.role,
          division_code: after.divisionCode,
          active: after.active,
          display_name: after.displayName,
          department: after.department ?? null,
        });
        // a disabled account or one with another role or jurisdiction starts again from a new login
        if (after.active !== before.active || after.role !== before.role || after.divisionCode !== before.divisionCode) await usersRepo.deleteSessionsOf(u.id);
        await audit.append(actor, { action: 'user.update', entity: 'user', entityId: u.id, before, after: { ...after, username: u.username } });
        return publicUser(u.id);
      });
    },
    async list(actor: Actor) {
      if (actor.role !== 'admin' && actor.role !== 'city_office' && actor.role !== 'supervisor')
        throw forbidden('user.list_forbidden', '只有管理员、市三改一拆办和纪检监察可以查看用户列表');
      const rows = await usersRepo.list();
      const now = clock.now();
      return rows
        .filter((u) => inJurisdiction(actor, u.division_path))
        .map((u) => ({
          ...userView(u),
          active: u.active,
          status: accountStatus(u, now),
          lockedUntil: u.locked_until ? new Date(u.locked_until).toISOString() : null,
        }));
    },
    /**
     * Creates an account. `actor` null means the operator at the CLI, the demo seeder or a test's fixture.
     * The password keeps the rules and must be changed at the first login, except for demo accounts
     * (`demo`: demo data with a documented password, and test fixtures).
     */
    async create(actor: Actor | null, nu: NewUser, opts: { demo?: boolean } = {}) {
      if (actor && actor.role !== 'admin') throw forbidden('user.create_forbidden', '只有系统管理员可以创建用户');
      if (!ROLES.includes(nu.role)) throw badRequest('user.invalid_role', `未知角色: ${nu.role}`);
      if (!/^[A-Za-z0-9_.-]{3,40}$/.test(nu.username)) throw badRequest('user.invalid_username', '用户名为3–40位字母、数字或 _ . -', { field: 'username' });
      if (opts.demo && nu.password.length < 8) throw badRequest('password.too_short', '密码至少8位', { field: 'password' });
      if (!opts.demo) checkPassword(nu.password, nu.username);
      const passwordHash = await hashPassword(nu.password);
      const id = randomUUID();
      return db.transaction(async () => {
        const div = await usersRepo.division(nu.divisionCode);
        if (!div) throw badRequest('user.unknown_division', `未知行政区划代码: ${nu.divisionCode}`, { field: 'divisionCode' });
        if (actor && !inJurisdiction(actor, div.path)) throw forbidden('user.outside_jurisdiction', '不能在自己的管辖范围之外创建用户');
        if (await usersRepo.byUsername(nu.username)) throw conflict('user.username_taken', `用户名 ${nu.username} 已存在`);
        await usersRepo.insert({
          id,
          username: nu.username,
          display_name: nu.displayName,
          password_hash: passwordHash,
          role: nu.role,
          division_code: nu.divisionCode,
          department: nu.department ?? null,
          phone: nu.phone ?? null,
          created_at: clock.now(),
          must_change_password: !opts.demo,
          password_changed_at: clock.now(),
        });
        await usersRepo.keepPasswordHash(id, passwordHash, clock.now());
        await audit.append(actor, {
          action: 'user.create',
          entity: 'user',
          entityId: id,
          after: { username: nu.username, role: nu.role, divisionCode: nu.divisionCode, department: nu.department ?? null },
        });
        return publicUser(id);
      });
    },
  };
}
export type UsersService = ReturnType<typeof usersService>;
