#!/usr/bin/env node
// Builds the browser front ends when a build is missing or older than its sources: the command centre
// (web/ → web/dist) and the patrol app (web/m/ → web/dist/m). The command centre's build empties
// web/dist, so whenever it is rebuilt the patrol app is rebuilt after it.
// Plain Node, no dependencies: runs before `npm start`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const mobileDir = path.join(webDir, 'm');
const distDir = path.join(webDir, 'dist');
const indexHtml = path.join(distDir, 'index.html');
const mobileIndexHtml = path.join(distDir, 'm', 'index.html');
const SKIP = new Set([distDir, path.join(webDir, 'node_modules'), path.join(webDir, '.vite')]);

/** Newest modification time (ms) of any file under dir, skipping the build output. */
function newestMtime(dir, skip = SKIP) {
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
        if (!skip.has(p)) stack.push(p);
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

function build(config, reason) {
  console.log(`[web] building ${config} (${reason}) …`);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const r = spawnSync(npx, ['vite', 'build', '--config', config], { cwd: root, stdio: 'inherit' });
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

/** Why `html` must be rebuilt from the sources under `dir` (null: it is up to date). */
function staleReason(html, dir, skip) {
  if (!fs.existsSync(html)) return `${path.relative(root, html)} is missing`;
  const built = fs.statSync(html).mtimeMs;
  const { newest, newestFile } = newestMtime(dir, skip);
  return newest > built ? `${path.relative(root, newestFile)} is newer than the build` : null;
}

if (!fs.existsSync(path.join(webDir, 'vite.config.ts'))) {
  console.log('[web] no web/vite.config.ts: nothing to build');
  process.exit(0);
}

const hasMobile = fs.existsSync(path.join(mobileDir, 'vite.config.ts'));
// the command centre does not read web/m; the patrol app also imports shared code from web/src
const desktopStale = staleReason(indexHtml, webDir, new Set([...SKIP, mobileDir]));
if (desktopStale) build('web/vite.config.ts', desktopStale);
const mobileStale = hasMobile && (desktopStale ? 'web/dist was rebuilt' : staleReason(mobileIndexHtml, webDir, SKIP));
if (mobileStale) build('web/m/vite.config.ts', mobileStale);
if (!desktopStale && !mobileStale) console.log('[web] web/dist is up to date');
