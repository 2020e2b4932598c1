import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { openDatabase, type Database } from '../../src/db/database.js';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { buildApp } from '../../src/app.js';
import type { Role } from '../../src/db/schema.js';
import { loadDemoDivisions } from '../../src/demo/demo.seed.js';
import { PG_TEMPLATE_DB, PGLITE_TEMPLATE, TEST_DRIVER } from './env.js';
import { scratchPgDatabase } from './pg.js';

export const PASSWORD = 'test-password-1';
export const CITY = '330482';
/** 新埭镇 and 乍浦镇: two towns whose staff must not see each other's cases. */
export const TOWN_A = '330482102';
export const TOWN_B = '330482101';

const FIXTURE_USERS: { username: string; role: Role; division: string; department?: string }[] = [
  { username: 'city', role: 'city_office', division: CITY },
  { username: 'admin', role: 'admin', division: CITY },
  { username: 'supervisor', role: 'supervisor', division: CITY },
  { username: 'dept', role: 'department', division: CITY, department: '自然资源和规划局' },
  { username: 'officer_a', role: 'town_officer', division: TOWN_A },
  { username: 'inspector_a', role: 'inspector', division: TOWN_A },
  { username: 'officer_b', role: 'town_officer', division: TOWN_B },
  { username: 'inspector_b', role: 'inspector', division: TOWN_B },
];

export interface TestContext {
  db: Database;
  deps: Deps;
  app: FastifyInstance;
  dataDir: string;
  /** PostgreSQL only: the test database's URL (a second "app process" can connect to it). */
  databaseUrl?: string;
  tokens: Record<string, string>;
  /** A point inside the n-th village of a town (its centroid). */
  pointIn(townCode: string, n?: number): [number, number];
  req(user: string | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated template, plus the demo divisions and one user per role. */
export async function freshDatabase(): Promise<{ db: Database; drop: () => Promise<void>; url?: string }> {
  if (TEST_DRIVER === 'pglite') {
    const db = await openDatabase({ driver: 'pglite', loadDataDir: new Blob([fs.readFileSync(PGLITE_TEMPLATE)]), inMemory: true });
    return { db, drop: async () => {} };
  }
  const scratch = await scratchPgDatabase(PG_TEMPLATE_DB);
  const db = await openDatabase({ driver: 'postgres', databaseUrl: scratch.url, poolSize: 4 });
  return { db, url: scratch.url, drop: scratch.drop };
}

export async function createTestContext(opts: { users?: boolean; env?: Record<string, string> } = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(opts.env ?? {}) } as NodeJS.ProcessEnv);
  const { db, drop, url } = await freshDatabase();
  const deps = createDeps(config, db);
  const feats = loadDemoDivisions();
  await deps.services.divisions.importTree(
    null,
    feats.map((f) => ({ ...f.properties, boundary: f.geometry, centroid: f.properties.centroid })),
  );
  const tokens: Record<string, string> = {};
  const app = await buildApp(deps, { logger: false, webDist: null });
  if (opts.users !== false) {
    for (const u of FIXTURE_USERS) {
      await deps.services.users.create(
        null,
        {
          username: u.username,
          displayName: u.username,
          password: PASSWORD,
          role: u.role,
          divisionCode: u.division,
          department: u.department ?? null,
        },
        { demo: true },
      );
      tokens[u.username] = (await deps.services.users.login(u.username, PASSWORD, '127.0.0.1')).token;
    }
  }
  const villages = feats.filter((f) => f.properties.level === 'village');
  return {
    db,
    deps,
    app,
    dataDir,
    databaseUrl: url,
    tokens,
    pointIn(townCode, n = 0) {
      return villages.filter((v) => v.properties.parent_code === townCode)[n].properties.centroid;
    },
    req(user, o) {
      const headers = { ...(o.headers ?? {}) } as Record<string, string>;
      if (user) headers.authorization = `Bearer ${tokens[user]}`;
      return app.inject({ ...o, headers });
    },
    async close() {
      await app.close();
      await db.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A minimal valid case body at a point. */
export function caseBody(lon: number, lat: number, extra: Record<string, unknown> = {}) {
  return {
    lon,
    lat,
    source: 'patrol',
    category: 'building',
    areaM2: 120,
    landType: 'cultivated',
    ownerName: '张三',
    ownerIdNumber: '330482198001011234',
    ownerPhone: '13812345678',
    ...extra,
  };
}
