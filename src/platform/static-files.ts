import path from 'node:path';
import type { FastifyReply } from 'fastify';

/** A file the web builds name by its content (Vite's `assets/name-HASH.ext`): its bytes never change under that name. */
const HASHED = /(^|\/)assets\/[^/]+-[\w-]{8}\.\w+$/;

/**
 * How long a browser may keep a file of the web builds (web/dist and web/dist/m). Files named by their
 * content are kept for a year without asking again (`immutable`: a new build has new names), so a phone
 * on a weak link downloads each once. Everything else (index.html, the service worker script, the
 * manifest, icons) is revalidated on every use: a new build is seen at once, an unchanged file costs a 304.
 */
export function staticCacheControl(relPath: string): string {
  return HASHED.test(relPath.split(path.sep).join('/')) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** @fastify/static's `setHeaders`: the cache rule above for the file being sent, relative to the build root. */
export function staticHeaders(root: string) {
  return (reply: FastifyReply, file: string) => {
    reply.header('cache-control', staticCacheControl(path.relative(root, file)));
  };
}
