import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../deps.js';
import { actorOf, bearerOrCookie, SESSION_COOKIE } from '../../platform/http.js';
import { errors } from '../../platform/schemas.js';
import { ROLES } from '../../platform/auth.js';

export async function usersRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { users } = deps.services;

  r.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in with a local account: sets a session cookie and returns a bearer token',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: errors,
      },
    },
    async (req, reply) => {
      const { token, user } = await users.login(req.body.username, req.body.password);
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure, maxAge: deps.config.sessionTtlHours * 3600 });
      return { token, user };
    },
  );

  r.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['auth'], summary: 'End the session' } }, async (req, reply) => {
    const t = bearerOrCookie(req);
    if (t) await users.logout(t);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user', response: errors } }, async (req) => users.me(actorOf(req)));

  r.get('/api/users', { schema: { tags: ['users'], summary: 'Accounts inside the caller’s jurisdiction (admin, city office, supervisor)' } }, async (req) => ({ items: await users.list(actorOf(req)) }));

  r.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create an account (admin)',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 40 }),
            displayName: Type.String({ minLength: 1, maxLength: 50 }),
            password: Type.String({ minLength: 8, maxLength: 200 }),
            role: Type.Union(ROLES.map((x) => Type.Literal(x))),
            divisionCode: Type.String({ pattern: '^[0-9]{6,12}$' }),
            department: Type.Optional(Type.String({ maxLength: 50 })),
            phone: Type.Optional(Type.String({ maxLength: 20 })),
          },
          { additionalProperties: false },
        ),
        response: errors,
      },
    },
    async (req, reply) => reply.status(201).send(await users.create(actorOf(req), req.body)),
  );
}
