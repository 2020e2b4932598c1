import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { actorOf, bearerOrCookie, SESSION_COOKIE } from '../../platform/http.js';
import { errorResponses, loginErrorResponses, OkBody } from '../../platform/schemas.js';
import { ROLES } from '../../platform/auth.js';
import type { UsersService } from './users.service.js';
import { AccountList, LoginResponse, Me, NewPassword, User } from './users.schemas.js';
import { Enum, Uuid } from '../../platform/schemas.js';

export async function usersRoutes(app: FastifyInstance, deps: { users: UsersService; config: Pick<Config, 'cookieSecure' | 'sessionTtlHours'> }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { users, config } = deps;

  r.post(
    '/api/auth/login',
    {
      config: { access: 'anonymous' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with a local account: sets a session cookie and returns a bearer token',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { ...loginErrorResponses, 200: LoginResponse },
      },
    },
    async (req, reply) => {
      const { token, user } = await users.login(req.body.username, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure || req.protocol === 'https',
        maxAge: config.sessionTtlHours * 3600,
      });
      return { token, user };
    },
  );

  r.post('/api/auth/logout', { config: { access: 'anonymous' }, schema: { tags: ['auth'], summary: 'End the session', response: { 200: OkBody } } }, async (req, reply) => {
    const t = bearerOrCookie(req);
    if (t) await users.logout(t);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.get(
    '/api/auth/me',
    { config: { access: 'session' }, schema: { tags: ['auth'], summary: 'The signed-in user, with the login before this one', response: { ...errorResponses, 200: Me } } },
    async (req) => users.me(actorOf(req)),
  );

  r.post(
    '/api/auth/password',
    {
      config: { access: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password (required first after an admin set it; audited)',
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: NewPassword }, { additionalProperties: false }),
        response: { ...errorResponses, 200: OkBody },
      },
    },
    async (req) => users.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword),
  );

  r.get(
    '/api/users',
    {
      config: { access: ['admin', 'city_office', 'supervisor'] },
      schema: { tags: ['users'], summary: 'Accounts inside the caller’s jurisdiction (admin, city office, supervisor)', response: { ...errorResponses, 200: AccountList } },
    },
    async (req) => ({ items: await users.list(actorOf(req)) }),
  );

  r.post(
    '/api/users',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Create an account (admin); its first login must change the password',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 40 }),
            displayName: Type.String({ minLength: 1, maxLength: 50 }),
            password: NewPassword,
            role: Type.Union(ROLES.map((x) => Type.Literal(x))),
            divisionCode: Type.String({ pattern: '^[0-9]{6,12}$' }),
            department: Type.Optional(Type.String({ maxLength: 50 })),
            phone: Type.Optional(Type.String({ maxLength: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 201: { ...User, description: 'The account made' } },
      },
    },
    async (req, reply) => reply.status(201).send(await users.create(actorOf(req), req.body)),
  );

  r.post(
    '/api/users/unlock',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Open an account that repeated failed logins locked (admin; audited)',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: OkBody },
      },
    },
    async (req) => users.unlock(actorOf(req), req.body.username, req.ip),
  );

  const AccountId = Type.Object({ id: Uuid });
  r.patch(
    '/api/users/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Change another account’s role, division, name or whether it may log in (admin; never one’s own; audited)',
        params: AccountId,
        body: Type.Object(
          {
            role: Type.Optional(Enum(ROLES)),
            divisionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
            active: Type.Optional(Type.Boolean()),
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            department: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { ...errorResponses, 200: User },
      },
    },
    async (req) => users.update(actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/users/:id/password',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Set a temporary password for another account (admin): its sessions end, its next login must change it',
        params: AccountId,
        body: Type.Object({ password: NewPassword }, { additionalProperties: false }),
        response: { ...errorResponses, 200: OkBody },
      },
    },
    async (req) => users.resetPassword(actorOf(req), req.params.id, req.body.password),
  );
}
