/**
 * Checks the layering rules on the tree (the rules and their conventions: scripts/layers.ts).
 *
 *   tsx scripts/check-layers.ts            one line per violation (file:line  rule  what to do); exit 1 if any
 *   tsx scripts/check-layers.ts --graph    also the service → service dependencies the cycle check walks
 *   tsx scripts/check-layers.ts --pure     also the files the pure-file rule treats as pure
 *
 * Part of `npm run lint`, which `.ci/run` runs before the tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyzeProject, checkAll, formatViolation, isPure, serviceEdges } from './layers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIRS = ['src', 'web', 'shared'];
const SKIP = new Set(['node_modules', 'dist', '.tmp', 'data']);
const GENERATED = new Set(['web/src/api/schema.gen.ts']);

function walk(dir: string, out: Map<string, string>) {
  if (!fs.existsSync(path.join(ROOT, dir))) return;
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(rel, out);
    } else if (/\.(ts|tsx|mts|js|mjs|jsx)$/.test(e.name) && !e.name.endsWith('.d.ts') && !GENERATED.has(rel)) {
      out.set(rel, fs.readFileSync(path.join(ROOT, rel), 'utf8'));
    }
  }
}

const sources = new Map<string, string>();
for (const d of DIRS) walk(d, sources);
const project = analyzeProject(sources);
const args = new Set(process.argv.slice(2));

if (args.has('--graph')) {
  console.log('service → service dependencies (imports of any kind, through the other files of src/modules):');
  for (const e of serviceEdges(project)) {
    console.log(`  ${e.from} → ${e.to}  (line ${e.line}${e.typeOnly ? ', types only' : ''}${e.via.length ? `, via ${e.via.join(' → ')}` : ''})`);
  }
  console.log('');
}
if (args.has('--pure')) {
  console.log('pure files:');
  for (const f of [...project.keys()].filter((f) => isPure(project, f)).sort()) console.log(`  ${f}`);
  console.log('');
}

const violations = checkAll(project).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
for (const v of violations) console.log(formatViolation(v));
if (violations.length) {
  const byRule = new Map<string, number>();
  for (const v of violations) byRule.set(v.rule, (byRule.get(v.rule) ?? 0) + 1);
  console.log(`\n${violations.length} layering violation(s): ${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')} (rules: scripts/layers.ts)`);
  process.exit(1);
}
console.log(`layers: ${project.size} files, no violation`);
