import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Database } from '../../db/database.js';
import type { Role } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { ROLES, inJurisdiction, type Actor, type IdentityProvider } from '../../platform/auth.js';
import { AppError, badRequest, conflict, forbidden } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UsersRepo } from './users.repo.js';

const tokenHash = (t: string) => createHash('sha256').update(t).digest('hex');

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

function toActor(u: { id: string; username: string; display_name: string; role: Role; division_code: string; division_path: string; department: string | null }): Actor {
  return { id: u.id, username: u.username, displayName: u.display_name, role: u.role, divisionCode: u.division_code, divisionPath: u.division_path, department: u.department };
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

export function usersService(deps: { db: Database; clock: Clock; usersRepo: UsersRepo; identity: IdentityProvider; audit: AuditService; sessionTtlHours: number }) {
  const { db, clock, usersRepo, identity, audit } = deps;

  async function publicUser(id: string) {
    const u = await usersRepo.byId(id);
    if (!u) throw new AppError('user.not_found', 404, '用户不存在');
    return { id: u.id, username: u.username, displayName: u.display_name, role: u.role, divisionCode: u.division_code, divisionName: u.division_name, department: u.department };
  }

  return {
    async login(username: string, password: string) {
      const userId = await identity.authenticate({ username, password });
      if (!userId) throw new AppError('auth.invalid_credentials', 401, '用户名或密码错误');
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      await db.transaction(async () => {
        await usersRepo.insertSession({ token_hash: tokenHash(token), user_id: userId, created_at: now, expires_at: new Date(now.getTime() + deps.sessionTtlHours * 3600_000) });
        await audit.append({ id: userId, username } as Actor, { action: 'auth.login', entity: 'user', entityId: userId });
      });
      return { token, user: await publicUser(userId) };
    },
    async logout(token: string) {
      await usersRepo.deleteSession(tokenHash(token));
    },
    async actorForToken(token: string): Promise<Actor | null> {
      const u = await usersRepo.sessionUser(tokenHash(token), clock.now());
      return u ? toActor(u) : null;
    },
    me: (actor: Actor) => publicUser(actor.id),
    async list(actor: Actor) {
      if (actor.role !== 'admin' && actor.role !== 'city_office' && actor.role !== 'supervisor')
        throw forbidden('user.list_forbidden', '只有管理员、市三改一拆办和纪检监察可以查看用户列表');
      const rows = await usersRepo.list();
      return rows
        .filter((u) => inJurisdiction(actor, u.division_path))
        .map((u) => ({
          id: u.id,
          username: u.username,
          displayName: u.display_name,
          role: u.role,
          divisionCode: u.division_code,
          divisionName: u.division_name,
          department: u.department,
          active: u.active,
        }));
    },
    /** Creates an account. `actor` null means the operator at the CLI or the demo seeder. */
    async create(actor: Actor | null, nu: NewUser) {
      if (actor && actor.role !== 'admin') throw forbidden('user.create_forbidden', '只有系统管理员可以创建用户');
      if (!ROLES.includes(nu.role)) throw badRequest('user.invalid_role', `未知角色: ${nu.role}`);
      if (!/^[A-Za-z0-9_.-]{3,40}$/.test(nu.username)) throw badRequest('user.invalid_username', '用户名为3–40位字母、数字或 _ . -', { field: 'username' });
      if (nu.password.length < 8) throw badRequest('user.weak_password', '密码至少8位', { field: 'password' });
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
        });
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
