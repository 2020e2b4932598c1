import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, unauthorized } from './errors.js';
import type { Actor } from './auth.js';
import type { Role } from '../db/schema.js';

/**
 * Who may call a route: `anonymous` (health, login, the OpenAPI document, the web app's files), any signed-in
 * user (`session`, the default of every /api route that declares nothing), or only the roles listed.
 * Services still check jurisdiction and role for what they do; this is the gate in front of them.
 */
export type Access = 'anonymous' | 'session' | readonly Role[];

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every route the app registered, with who may call it and whether its definition said so (the access test enumerates it). */
    routeAccess: { method: string; url: string; access: Access; declared: boolean }[];
  }
  interface FastifyContextConfig {
    /** Who may call the route (checked on the matched route, before its body is read); see `Access`. */
    access?: Access;
  }
}

export const SESSION_COOKIE = 'wwj_session';

/** The signed-in user, or 401. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

export function bearerOrCookie(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim() || null;
  return (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE] ?? null;
}

function fieldOf(v: { instancePath?: string; params?: Record<string, unknown> }, context?: string) {
  const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra = (v.params?.additionalProperty ?? v.params?.missingProperty) as string | undefined;
  const field = [path, extra].filter(Boolean).join('.');
  return field || context || '';
}

/** PostgreSQL's answers while it shuts down, restarts or refuses connections (class 08, 57P01–57P03). */
const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** Which shared store an error says cannot be reached: the photo store (an S3 call that got no answer or a 5xx), the database, or none. */
function storeUnavailable(err: Error): 'blobs' | 'database' | null {
  const s3 = err as Error & { s3Status?: number };
  if (err.name === 'S3Error' && typeof s3.s3Status === 'number' && (s3.s3Status === 0 || s3.s3Status >= 500)) return 'blobs';
  const code = (err as Error & { code?: string }).code;
  if (code && DB_DOWN_CODES.has(code)) return 'database';
  if (/Connection terminated|connection timeout|the database system is (starting|shutting) down/i.test(err.message)) return 'database';
  return null;
}

/** One error shape for every failure: `{ code, message, details }`; 5xx details stay in the log. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      const retryAfter = (err.details as { retryAfter?: number } | null | undefined)?.retryAfter;
      if (err.status === 429 && retryAfter) reply.header('retry-after', String(retryAfter));
      return reply.status(err.status).send({ code: err.code, message: err.message, details: err.details ?? null });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const details = fe.validation.map((v) => {
        const field = fieldOf(v as any, fe.validationContext);
        let message = v.message ?? 'invalid';
        if ((v as any).keyword === 'additionalProperties') message = `不允许的字段: ${field}`;
        else if ((v as any).keyword === 'required') message = `缺少必填字段: ${field}`;
        return { field, message };
      });
      return reply.status(400).send({ code: 'validation_failed', message: `请求参数无效:${details.map((d) => d.field || d.message).join(', ')}`, details });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && /JSON/i.test(fe.message))) {
      return reply.status(400).send({ code: 'invalid_json', message: '请求体不是有效的 JSON', details: null });
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.statusCode === 413) {
      return reply.status(413).send({ code: 'body_too_large', message: '上传内容过大', details: null });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
      return reply.status(415).send({ code: 'unsupported_media_type', message: '不支持的请求内容类型', details: null });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ code: fe.code ? fe.code.toLowerCase() : 'bad_request', message: fe.message, details: null });
    }
    // a store the cluster depends on cannot be reached or fails (docs/scale.md): 503, tried again by the client
    const unavailable = storeUnavailable(err);
    if (unavailable) {
      req.log.warn({ err }, `${unavailable} unavailable`);
      reply.header('retry-after', '30');
      return reply
        .status(503)
        .type('application/json; charset=utf-8')
        .send(
          unavailable === 'blobs'
            ? { code: 'blobs.unavailable', message: '照片存储暂时不可用,未保存任何内容,请稍后重试', details: null }
            : { code: 'database.unavailable', message: '数据库暂时不可用,未保存任何内容,请稍后重试', details: null },
        );
    }
    req.log.error({ err }, 'unhandled error');
    // a failure after a handler set another type (e.g. streaming a photo) still answers in JSON
    return reply.status(500).type('application/json; charset=utf-8').send({ code: 'internal_error', message: '服务器内部错误,请稍后重试', details: null });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ code: 'route.not_found', message: `接口不存在: ${req.method} ${req.url.split('?')[0]}`, details: null }));
}
