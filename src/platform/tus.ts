import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Metadata, Server, type Upload } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { AppError, badRequest } from './errors.js';
import type { Role } from '../db/schema.js';

/**
 * Resumable uploads with the tus 1.0 protocol (https://tus.io/protocols/resumable-upload): a file sent
 * in as many PATCH requests as the link allows, each continuing at the offset the server holds (HEAD),
 * so a lost connection, an app restart or a server restart costs only the bytes in flight. @tus/server
 * speaks the protocol; the partial files are kept by @tus/file-store under DATA_DIR/uploads (a file and
 * its `.json` info per upload), so they outlive the process. What an upload is for, who may send it and
 * what happens when it is complete is the caller's (`TusHooks`); docs/two-phase-report.md.
 *
 * Several app processes: the directory must be one they share (a network volume), and @tus/server's
 * lock is per process (two PATCHes of one upload at once on two processes are not excluded); an
 * S3-backed store is the way to scale this out (not built).
 */

/** The partial and complete uploads on disk. */
export interface UploadStore {
  readonly directory: string;
  readonly datastore: FileStore;
  /** How far an upload is (bytes on disk, declared length); null when there is no such upload. */
  info(id: string): Promise<{ offset: number; size: number | undefined; metadata: Record<string, string | null> } | null>;
  /** The bytes of an upload (a complete one: the verification reads them once). */
  read(id: string): Promise<Buffer>;
  /** Removes an upload's file and info; nothing when there is none. */
  remove(id: string): Promise<void>;
}

/** tus upload ids are @tus/server's own (32 hex digits); nothing else names a file in the directory. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * FileStore makes its directory with a callback mkdir that throws from nowhere when it fails (a data dir
 * removed while the process starts: an uncaught exception). Made here, synchronously, before the store exists.
 */
class PreparedFileStore extends FileStore {}
// (private in its typings, so replaced on the subclass's prototype rather than overridden)
Object.defineProperty(PreparedFileStore.prototype, 'checkOrCreateDirectory', { value() {} });

export function uploadStore(directory: string): UploadStore {
  fs.mkdirSync(directory, { recursive: true, mode: 0o777 });
  const datastore = new PreparedFileStore({ directory });
  const checked = (id: string) => {
    if (!UPLOAD_ID.test(id)) throw new Error(`invalid upload id: ${id}`);
    return id;
  };
  return {
    directory,
    datastore,
    async info(id) {
      try {
        const u = await datastore.getUpload(checked(id));
        return { offset: u.offset, size: u.size, metadata: (u.metadata ?? {}) as Record<string, string | null> };
      } catch {
        return null;
      }
    },
    read: (id) => fsp.readFile(path.join(directory, checked(id))),
    async remove(id) {
      await datastore.remove(checked(id)).catch(() => undefined);
    },
  };
}

/** What a tus upload is for, decided by its owner module. Each hook may throw an AppError (a JSON error answer). */
export interface TusHooks {
  /** Before a new upload: its metadata (`Upload-Metadata`) and length are acceptable for this caller. */
  create(req: FastifyRequest, metadata: Record<string, string | null>, length: number): Promise<void>;
  /** The upload exists (its id is the one @tus/server chose). */
  created(metadata: Record<string, string | null>, uploadId: string): Promise<void>;
  /**
   * A request on an existing upload (HEAD, PATCH, DELETE): the caller may use it. `pass` lets the protocol
   * run; `done` answers that the upload is complete and settled (its file may be gone), with extra headers.
   */
  resume(req: FastifyRequest, uploadId: string): Promise<{ pass: true } | { done: { length: number; headers: Record<string, string> } }>;
  /** The last byte arrived (in the PATCH that sent it, before its answer): extra headers of the answer. */
  finished(uploadId: string, metadata: Record<string, string | null>): Promise<Record<string, string>>;
}

/**
 * The upload id a request URL (absolute, or a path) names: its path exactly `prefix/<32 hex>` and no query
 * string; null for anything else.
 */
export function uploadIdOfUrl(url: string, prefix: string): string | null {
  if (url.includes('?') || url.includes('#')) return null;
  let pathname: string;
  try {
    pathname = new URL(url, 'http://localhost').pathname;
  } catch {
    return null;
  }
  if (!pathname.startsWith(`${prefix}/`)) return null;
  const id = pathname.slice(prefix.length + 1);
  return UPLOAD_ID.test(id) ? id : null;
}

/**
 * Mounts a tus endpoint at `prefix` (POST `prefix` creates; HEAD/PATCH/DELETE `prefix/:id`) in its own
 * encapsulated plugin: there the upload body (`application/offset+octet-stream`) is left unread for
 * @tus/server, which takes over the raw request and response once the hooks agreed.
 */
export function tusPlugin(opts: { prefix: string; store: UploadStore; maxSize: number; access: Role[]; hooks: TusHooks; tags: string[] }) {
  const { prefix, store, maxSize, access, hooks } = opts;
  const tus = new Server({
    path: prefix,
    datastore: store.datastore,
    maxSize,
    relativeLocation: true,
    // same origin only: no Access-Control-Allow-Origin
    allowedOrigins: [],
    // The upload a request acts on is named by its path alone, exactly `prefix/<32 hex>`: @tus/server's own
    // reading takes the last `/…` of the whole URL, query string included (`prefix/<mine>?/<yours>` would name
    // yours after the hooks checked mine). The route refuses such URLs before, this refuses them again here.
    getFileIdFromRequest(req) {
      return uploadIdOfUrl(req.url, prefix) ?? undefined;
    },
    // the creation extension's body (creation-with-upload) is not used: every byte comes by PATCH
    async onUploadCreate(_req, upload: Upload) {
      try {
        await hooks.created((upload.metadata ?? {}) as Record<string, string | null>, upload.id);
      } catch (err) {
        // @tus/server answers a thrown { status_code, body } (and makes no file): the JSON error answer
        if (err instanceof AppError) throw { status_code: err.status, body: JSON.stringify({ code: err.code, message: err.message, details: err.details ?? null }) };
        throw err;
      }
      return {};
    },
    async onUploadFinish(_req, upload: Upload) {
      const headers = await hooks.finished(upload.id, (upload.metadata ?? {}) as Record<string, string | null>);
      return { headers };
    },
  });

  /** Hands the request to @tus/server (after the hooks agreed): it answers on the raw response. */
  async function handOver(req: FastifyRequest, reply: FastifyReply) {
    reply.hijack();
    try {
      await tus.handle(req.raw, reply.raw);
    } catch (err) {
      req.log.error({ err }, 'tus request failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'text/plain' });
      reply.raw.end();
    }
  }

  return async function plugin(app: FastifyInstance) {
    // the upload body is @tus/server's to read, as a stream
    app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
    const uploadIdParams = { type: 'object', properties: { id: { type: 'string', pattern: UPLOAD_ID.source } }, required: ['id'], additionalProperties: false } as const;
    const tusHeaders = 'tus 1.0 (`Tus-Resumable: 1.0.0`)';
    // the protocol answers in headers; the bodies are empty
    const empty = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string', maxLength: 0 } } } });

    app.post(
      prefix,
      {
        config: { access },
        schema: {
          tags: opts.tags,
          summary: 'Create a resumable upload (tus 1.0 creation): `Upload-Length` and `Upload-Metadata` headers, no body; 201 with `Location`',
          description: `${tusHeaders}. Then PATCH the bytes to \`Location\` (\`Content-Type: application/offset+octet-stream\`, \`Upload-Offset\`), HEAD it for the offset after a cut. Deferred lengths are not accepted.`,
          response: { 201: empty('Created; `Location` is the upload') },
        },
      },
      async (req, reply) => {
        const length = Number(req.headers['upload-length']);
        if (!Number.isSafeInteger(length) || length < 1 || length > maxSize)
          throw badRequest('upload.invalid_length', `Upload-Length 须为 1–${maxSize} 的整数`, { field: 'Upload-Length' });
        let metadata: Record<string, string | null>;
        try {
          metadata = Metadata.parse(String(req.headers['upload-metadata'] ?? ''));
        } catch {
          throw badRequest('upload.invalid_metadata', 'Upload-Metadata 格式不正确', { field: 'Upload-Metadata' });
        }
        await hooks.create(req, metadata, length);
        return handOver(req, reply);
      },
    );

    app.route({
      method: ['HEAD', 'PATCH', 'DELETE'],
      url: `${prefix}/:id`,
      config: { access },
      schema: {
        tags: opts.tags,
        summary: 'An upload: HEAD its offset, PATCH the next bytes, DELETE it (tus 1.0 core and termination)',
        description: `${tusHeaders}. 404 when the upload is not yours or not known. An upload that is complete and settled answers HEAD with \`Upload-Offset\` = \`Upload-Length\` (and PATCH likewise), whether or not its file is kept.`,
        params: uploadIdParams,
        response: {
          200: empty('HEAD: `Upload-Offset` is how far the upload is, `Upload-Length` its length'),
          204: empty('PATCH: the bytes were written, `Upload-Offset` is the new offset (the last ones: `Wuweijian-Original` says verified or refused); DELETE: removed'),
        },
      },
      handler: async (req, reply) => {
        const id = (req.params as { id: string }).id;
        // the id checked here must be the one @tus/server acts on: the raw URL is exactly `prefix/<id>`
        if (req.raw.url !== `${prefix}/${id}` || uploadIdOfUrl(req.raw.url, prefix) !== id) throw badRequest('upload.invalid_url', '上传地址不正确', { field: 'url' });
        const r = await hooks.resume(req, id);
        if ('done' in r) {
          // complete and settled: the same answer whatever the method (the client stops sending)
          reply.hijack();
          reply.raw.writeHead(req.method === 'HEAD' ? 200 : 204, {
            'Tus-Resumable': '1.0.0',
            'Upload-Offset': String(r.done.length),
            'Upload-Length': String(r.done.length),
            'Cache-Control': 'no-store',
            ...r.done.headers,
          });
          reply.raw.end();
          return;
        }
        return handOver(req, reply);
      },
    });
  };
}
