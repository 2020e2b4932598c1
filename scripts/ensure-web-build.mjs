#!/usr/bin/env node
// Builds the browser front end (web/ → web/dist) when the build is missing or older than its sources.
// Plain Node, no dependencies: runs before `npm start`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const distDir = path.join(webDir, 'dist');
const indexHtml = path.join(distDir, 'index.html');
const SKIP = new Set([distDir, path.join(webDir, 'node_modules'), path.join(webDir, '.vite')]);

/** Newest modification time (ms) of any file under dir, skipping the build output. */
function newestMtime(dir) {
  let newest = 0;
  let newestFile = null;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(p)) stack.push(p);
      } else if (e.isFile()) {
        const m = fs.statSync(p).mtimeMs;
        if (m > newest) {
          newest = m;
          newestFile = p;
        }
      }
    }
  }
  return { newest, newestFile };
}

function build(reason) {
  console.log(`[web] building the front end (${reason}) …`);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const r = spawnSync(npx, ['vite', 'build', '--config', 'web/vite.config.ts'], { cwd: root, stdio: 'inherit' });
  if (r.error) {
    console.error(`[web] could not run vite: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) {
    console.error(`[web] vite build failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  console.log('[web] build finished');
}

if (!fs.existsSync(path.join(webDir, 'vite.config.ts'))) {
  console.log('[web] no web/vite.config.ts: nothing to build');
  process.exit(0);
}

if (!fs.existsSync(indexHtml)) {
  build('web/dist/index.html is missing');
} else {
  const built = fs.statSync(indexHtml).mtimeMs;
  const { newest, newestFile } = newestMtime(webDir);
  if (newest > built) build(`${path.relative(root, newestFile)} is newer than the build`);
  else console.log('[web] web/dist is up to date');
}
