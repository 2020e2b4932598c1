/**
 * Writes web/src/api/schema.gen.ts: the web apps' API types, generated from the OpenAPI document the
 * routes' schemas make (`npm run gen:api`). The app is built without listening and without a database:
 * routes only close over their services, so a Kysely that never connects is enough.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import type { DB } from '../src/db/schema.js';
import { createDeps } from '../src/deps.js';

export const API_TYPES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'src', 'api', 'schema.gen.ts');

const HEADER = "// Generated from the routes' OpenAPI document by `npm run gen:api` (scripts/gen-api-types.ts). Do not edit.\n\n";

/** The OpenAPI document of every route, as GET /api/openapi.json serves it. */
export async function openapiDocument(): Promise<object> {
  const kysely = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const config = loadConfig({ DATA_DIR: path.join(os.tmpdir(), 'wwj-gen-api'), LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  const deps = createDeps(config, new Database(kysely, 'postgres'));
  const app = await buildApp(deps, { logger: false, webDist: null });
  await app.ready();
  const doc = app.swagger() as object;
  await app.close();
  return doc;
}

/** The text of web/src/api/schema.gen.ts. */
export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(await openapiDocument())), { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(API_TYPES_FILE, await generateApiTypes());
  console.log(`${path.relative(process.cwd(), API_TYPES_FILE)} written`);
}
