import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { workflowMarkdown } from '../../src/modules/cases/workflow.doc.js';

test('docs/workflow.md is the transition table the code enforces', () => {
  assert.equal(fs.readFileSync('docs/workflow.md', 'utf8'), workflowMarkdown(), 'run `npm run docs:workflow`');
});
