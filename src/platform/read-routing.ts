import { AsyncResource } from 'node:async_hooks';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { replicaRouter, type Database } from '../db/database.js';
import { readContext, SKEW_MS, type ReadContext } from '../db/replica.js';
import { bearerOrCookie } from './http.js';

/** When the browser's session last wrote (ms since the epoch), so any web process behind nginx knows it. */
export const WROTE_COOKIE = 'wwj_wrote';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Read your own writes with a replica (src/db/replica.ts): every route handler runs with its request's
 * read context, and a write request's answer says when it wrote — a cookie (`wwj_wrote`, kept as long as the
 * replica may lag) for browsers and phones, any web process reads it; and in this process's memory by token
 * for clients that send no cookies back (a Bearer client that writes through one process and reads through
 * another within the lag reads the replica: docs/scale.md). Nothing is installed without a replica.
 */
export function installReadRouting(app: FastifyInstance, db: Database, opts: { maxLagSeconds: number; cookieSecure: boolean }) {
  if (!replicaRouter(db)) return;
  const keepMs = opts.maxLagSeconds * 1000 + SKEW_MS + 1000;
  const byToken = new Map<string, number>();
  const contextOf = (req: FastifyRequest): ReadContext => {
    const cookie = Number((req.cookies as Record<string, string | undefined> | undefined)?.[WROTE_COOKIE]);
    const token = bearerOrCookie(req);
    const times = [Number.isFinite(cookie) ? cookie : undefined, token ? byToken.get(token) : undefined].filter((t): t is number => t !== undefined);
    return { writes: WRITES.has(req.method), wroteAt: times.length ? Math.max(...times) : undefined };
  };
  const contexts = new WeakMap<FastifyRequest, ReadContext>();
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: unknown, req, reply) {
      const ctx = contextOf(req);
      contexts.set(req, ctx);
      return readContext.run(ctx, () => handler.call(this as FastifyInstance, req, reply));
    };
  });
  // after the handler (its transaction committed), before the answer goes out
  app.addHook('onSend', async (req, reply, payload) => {
    // a streamed answer (an export in batches) reads its later batches when the client takes them, outside the
    // handler: each read of the stream runs in the request's context again
    const ctx = contexts.get(req);
    if (ctx && payload instanceof Readable) {
      const stream = payload as Readable & { _read: (n: number) => void };
      readContext.run(ctx, () => {
        stream._read = AsyncResource.bind(stream._read, 'wwj.read', stream);
      });
    }
    if (!WRITES.has(req.method)) return payload;
    const now = Date.now();
    reply.setCookie(WROTE_COOKIE, String(now), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.cookieSecure || req.protocol === 'https',
      maxAge: Math.ceil(keepMs / 1000),
    });
    const token = bearerOrCookie(req);
    if (token) {
      byToken.set(token, now);
      if (byToken.size > 10_000) for (const [t, at] of byToken) if (at < now - keepMs) byToken.delete(t);
    }
    return payload;
  });
}
