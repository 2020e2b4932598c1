import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/gen-api-types.js';

test('the web apps’ API types are generated from the routes’ schemas and up to date', async () => {
  const committed = fs.existsSync(API_TYPES_FILE) ? fs.readFileSync(API_TYPES_FILE, 'utf8') : '';
  const fresh = await generateApiTypes();
  if (committed !== fresh) {
    const a = committed.split('\n');
    const b = fresh.split('\n');
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    assert.fail(`web/src/api/schema.gen.ts is stale: run npm run gen:api (first difference at line ${i + 1}: ${JSON.stringify(a[i] ?? '')} → ${JSON.stringify(b[i] ?? '')})`);
  }
});

test('no route answers an undeclared body: every success response has a schema or a content type', async () => {
  const { openapiDocument } = await import('../../scripts/gen-api-types.js');
  const doc = (await openapiDocument()) as { paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>> };
  const bare: string[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const ok = Object.entries(op.responses ?? {}).filter(([s]) => s.startsWith('2'));
      if (ok.length === 0 || ok.some(([, r]) => !r.content)) bare.push(`${method.toUpperCase()} ${p}`);
    }
  }
  assert.deepEqual(bare, [], `routes without a response schema: ${bare.join(', ')}`);
});
