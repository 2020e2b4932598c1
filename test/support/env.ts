import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TMP = path.join(ROOT, '.tmp');
/** The screenshots the README links (refreshed by `npm run docs:screenshots`, never by a test run). */
export const DOCS_SHOTS = path.join(ROOT, 'docs', 'screenshots');
export const PGLITE_TEMPLATE = path.join(TMP, 'pglite-template.tar');
/** A server database the tests may create and drop databases in (trust auth on this machine). */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PG_TEMPLATE_DB = 'wwj_test_template';
export function pgUrl(db: string) {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}
export const TEST_DRIVER = (process.env.TEST_DB_DRIVER ?? 'pglite') as 'pglite' | 'postgres';
