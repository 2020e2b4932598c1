import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeProject,
  checkAll,
  checkPureImports,
  checkRouteImports,
  checkServiceCycles,
  checkSqlOutsideRepos,
  checkWebImports,
  globToRegExp,
  isPure,
  serviceEdges,
  type Violation,
} from '../../scripts/layers.js';

const project = (files: Record<string, string>) => analyzeProject(new Map(Object.entries(files)));
const where = (vs: Violation[]) => vs.map((v) => `${v.file}:${v.line} ${v.rule}`);

/** A small module tree that keeps every rule. */
const CLEAN = {
  'src/modules/a/a.routes.ts': `import type { ARow } from './a.repo.js';\nimport type { AService } from './a.service.js';\nexport const routes = (s: AService) => s;\nexport type { ARow };\n`,
  'src/modules/a/a.service.ts': `import type { Kysely } from 'kysely';\nimport { listA } from './a.repo.js';\nimport { score } from './a.rules.js';\nimport type { BService } from '../b/b.service.js';\nexport type AService = { db: Kysely<unknown>; b: BService };\nexport const run = () => score(listA().length);\n`,
  'src/modules/a/a.repo.ts': `import { sql } from 'kysely';\nexport type ARow = { id: string };\nexport const listA = (db?: any) => db.selectFrom('a').where(sql\`true\`);\n`,
  'src/modules/a/a.rules.ts': `import { Type } from 'typebox';\nimport type { ARow } from './a.repo.js';\nimport { clamp } from './a.math.js';\nexport const score = (n: number) => clamp(n);\nexport const T = Type.String();\nexport type R = ARow;\n`,
  'src/modules/a/a.math.ts': `/** Arithmetic helpers. Pure. */\nexport const clamp = (n: number) => Math.max(0, n);\n`,
  'src/modules/b/b.service.ts': `import { randomUUID } from 'node:crypto';\nexport type BService = { id: () => string };\nexport const id = () => randomUUID();\n`,
  'src/db/database.ts': `import { Kysely, sql } from 'kysely';\nexport const ping = (db: Kysely<any>) => sql\`select 1\`.execute(db);\n`,
  'src/platform/jobs.ts': `export const claim = (db: any) => db.updateTable('jobs').set({ status: 'running' });\n`,
  'web/src/pages/A.tsx': `import { api } from '../api/client';\nimport type { paths } from '../api/schema.gen';\nexport const A = () => <div>{String(api)}</div>;\nexport type P = paths;\n`,
  'web/src/api/client.ts': `export const api = 1;\n`,
  'web/src/api/schema.gen.ts': `export interface paths {}\n`,
};

test('a clean tree passes every rule', () => {
  assert.deepEqual(where(checkAll(project(CLEAN))), []);
});

test('a query builder call or a sql template in a service is reported, with its line', () => {
  const p = project({
    ...CLEAN,
    'src/modules/b/b.service.ts': `import { sql } from 'kysely';\nexport const list = (db: any) =>\n  db.selectFrom('b').selectAll().where(sql\`x\`);\n`,
  });
  assert.deepEqual(where(checkSqlOutsideRepos(p)), [
    'src/modules/b/b.service.ts:3 sql-outside-repo',
    'src/modules/b/b.service.ts:3 sql-outside-repo',
    'src/modules/b/b.service.ts:1 sql-outside-repo',
  ]);
  assert.match(checkSqlOutsideRepos(p)[0].message, /\.selectFrom\(.*b\.repo\.ts/);
});

test('type-only kysely imports are fine anywhere in src; tests and benchmarks are not product code', () => {
  const p = project({
    'src/modules/c/c.service.ts': `import type { Kysely } from 'kysely';\nimport { type Transaction } from 'kysely';\nexport type X = [Kysely<any>, Transaction<any>];\n`,
    'test/api/c.test.ts': `import { sql } from 'kysely';\nexport const q = (db: any) => db.selectFrom('c').where(sql\`1\`);\n`,
  });
  assert.deepEqual(checkSqlOutsideRepos(p), []);
});

test('a rule file importing sharp, or a value from a service or a non-pure file, is reported', () => {
  const p = project({
    ...CLEAN,
    'src/modules/a/a.rules.ts': `import sharp from 'sharp';\nimport { run } from './a.service.js';\nimport { hammingHex } from '../b/b.image.js';\nimport type { AService } from './a.service.js';\nexport const f = () => [sharp, run, hammingHex];\nexport type S = AService;\n`,
    'src/modules/b/b.image.ts': `import sharp from 'sharp';\nexport const hammingHex = () => sharp;\n`,
  });
  assert.deepEqual(where(checkPureImports(p)), [
    'src/modules/a/a.rules.ts:1 pure-imports-io',
    'src/modules/a/a.rules.ts:2 pure-imports-io',
    'src/modules/a/a.rules.ts:3 pure-imports-io',
  ]);
  assert.match(checkPureImports(p)[2].message, /b\.image\.ts \(not pure: it imports sharp\)/);
});

test('a header that says "pure" makes a file pure; node:fs in it is reported', () => {
  const p = project({
    'src/modules/c/c.calc.ts': `import fs from 'node:fs';\n\n/**\n * Figures of a report (pure).\n */\nexport const n = () => fs;\n`,
    'src/modules/c/c.other.ts': `import fs from 'node:fs';\n/** Reads files; not pure. */\nexport const n = () => fs;\n`,
  });
  assert.equal(isPure(p, 'src/modules/c/c.calc.ts'), true);
  assert.equal(isPure(p, 'src/modules/c/c.other.ts'), false);
  assert.deepEqual(where(checkPureImports(p)), ['src/modules/c/c.calc.ts:1 pure-imports-io']);
});

test('a web file importing from src/ is reported, even for a type', () => {
  const p = project({
    ...CLEAN,
    'web/src/pages/B.tsx': `import { x } from '../../src/x';\nimport type { Case } from '../../../src/modules/cases/cases.service.js';\nexport const B = () => x as unknown as Case;\n`,
    'web/m/src/ui/C.tsx': `import type { User } from '../../../src/api/types';\nexport type U = User;\n`,
  });
  assert.deepEqual(where(checkWebImports(p)), ['web/src/pages/B.tsx:2 web-imports-server']);
  const p2 = project({ 'web/m/a.ts': `import { x } from '../../src/x';\nexport const y = x;\n` });
  assert.deepEqual(where(checkWebImports(p2)), ['web/m/a.ts:1 web-imports-server']);
});

test('a route importing a repo or the database at run time is reported; row types are fine', () => {
  const p = project({
    ...CLEAN,
    'src/modules/a/a.routes.ts': `import { listA, type ARow } from './a.repo.js';\nimport { ping } from '../../db/database.js';\nimport type { Database } from '../../db/database.js';\nexport const r = [listA, ping];\nexport type X = [ARow, Database];\n`,
  });
  assert.deepEqual(where(checkRouteImports(p)), ['src/modules/a/a.routes.ts:1 route-imports-repo', 'src/modules/a/a.routes.ts:2 route-imports-repo']);
});

test('two services that import each other only through a type are a cycle', () => {
  const p = project({
    ...CLEAN,
    'src/modules/b/b.service.ts': `import type { AService } from '../a/a.service.js';\nexport type BService = { a: AService };\n`,
  });
  const cycles = checkServiceCycles(p);
  assert.deepEqual(where(cycles), ['src/modules/a/a.service.ts:4 service-cycle']);
  assert.match(cycles[0].message, /a\.service → \(type\) b\.service → \(type\) a\.service/);
});

test('a cycle through a repo of another module counts, and is reported once', () => {
  const p = project({
    'src/modules/a/a.service.ts': `import { c } from '../c/c.service.js';\nexport const a = () => c;\n`,
    'src/modules/c/c.service.ts': `import { find } from '../d/d.repo.js';\nexport const c = () => find;\n`,
    'src/modules/d/d.repo.ts': `import type { a } from '../a/a.service.js';\nexport const find = (x?: typeof a) => x;\n`,
  });
  assert.deepEqual(
    serviceEdges(p).map((e) => `${e.from} > ${e.to} via ${e.via.join(',')}`),
    ['src/modules/a/a.service.ts > src/modules/c/c.service.ts via ', 'src/modules/c/c.service.ts > src/modules/a/a.service.ts via src/modules/d/d.repo.ts'],
  );
  assert.equal(checkServiceCycles(p).length, 1);
  assert.equal(checkServiceCycles(project(CLEAN)).length, 0);
});

test('globs: ** spans folders, * stays in one, braces are alternatives', () => {
  assert.ok(globToRegExp('src/**/*.repo.ts').test('src/a.repo.ts'));
  assert.ok(globToRegExp('src/**/*.repo.ts').test('src/modules/a/a.repo.ts'));
  assert.ok(!globToRegExp('src/modules/*/case.*.ts').test('src/modules/a/b/case.x.ts'));
  assert.ok(globToRegExp('src/modules/index/index.{engine,expr}.ts').test('src/modules/index/index.expr.ts'));
  assert.ok(!globToRegExp('src/modules/index/index.{engine,expr}.ts').test('src/modules/index/index.export.ts'));
});
