#!/usr/bin/env node
// Size of the patrol app (/m/) as a phone downloads it: the first screen (login + home shell: the entry
// chunk, its static imports and CSS) against the 150 KB gzip budget, and the lazily loaded map chunk
// (OpenLayers) apart. Reads the build in web/dist/m (run `npm run build:web` first).
//   node bench/mobile-bundle.mjs [--json]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_KB = 150;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist', 'm');
const manifestPath = path.join(dist, '.vite', 'manifest.json');
if (!fs.existsSync(manifestPath)) {
  console.error(`no ${path.relative(root, manifestPath)}: build the web apps first (npm run build:web)`);
  process.exit(1);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));

/** Files a chunk pulls in without a dynamic import: itself, its static imports (recursively), their CSS. */
function closure(key, seen = new Set()) {
  const c = manifest[key];
  if (!c || seen.has(key)) return [];
  seen.add(key);
  return [c.file, ...(c.css ?? []), ...(c.imports ?? []).flatMap((k) => closure(k, seen))];
}

function size(file) {
  const buf = fs.readFileSync(path.join(dist, file));
  return { file, raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const first = [...new Set(['index.html', ...closure(entryKey)])].map(size);
const firstSet = new Set(first.map((f) => f.file));
const lazy = [...new Set((manifest[entryKey].dynamicImports ?? []).flatMap((k) => closure(k)))].filter((f) => !firstSet.has(f)).map(size);

const kb = (n) => n / 1024;
const sum = (list, k) => list.reduce((s, f) => s + f[k], 0);
const firstGz = kb(sum(first, 'gzip'));
const firstJsGz = kb(
  sum(
    first.filter((f) => f.file.endsWith('.js')),
    'gzip',
  ),
);
const lazyGz = kb(sum(lazy, 'gzip'));

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ budgetKB: BUDGET_KB, firstScreen: { jsGzipKB: firstJsGz, allGzipKB: firstGz, files: first }, lazyMap: { gzipKB: lazyGz, files: lazy } }, null, 2));
} else {
  const row = (f) => `  ${f.file.padEnd(40)} ${kb(f.raw).toFixed(1).padStart(8)} KB raw ${kb(f.gzip).toFixed(1).padStart(7)} KB gzip`;
  console.log('patrol app (/m/) — first screen (login + home shell):');
  first.forEach((f) => console.log(row(f)));
  console.log(`  JS ${firstJsGz.toFixed(1)} KB gzip of ${BUDGET_KB} KB budget: ratio ${(firstJsGz / BUDGET_KB).toFixed(2)}${firstJsGz > BUDGET_KB ? '  OVER BUDGET' : ''}`);
  console.log(`  all first-screen files (JS + CSS + HTML) ${firstGz.toFixed(1)} KB gzip`);
  console.log('lazy map chunk (loaded after the first screen):');
  lazy.forEach((f) => console.log(row(f)));
  console.log(`  ${lazyGz.toFixed(1)} KB gzip`);
}
process.exit(firstJsGz > BUDGET_KB ? 1 : 0);
