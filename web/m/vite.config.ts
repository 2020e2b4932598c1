import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The patrol app (巡查 H5) for inspectors' phones: its own page at /m/, built after the command centre
// into web/dist/m (the command centre's build empties web/dist, so it must run first).
const mRoot = path.dirname(fileURLToPath(import.meta.url));
const publicDir = path.join(mRoot, 'public');
const apiTarget = process.env.WWJ_API_URL ?? 'http://127.0.0.1:3100';

function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/**
 * Writes the hand-written service worker (sw/sw.js) into the build with the list of every file the
 * build produced (plus the public files), so the app shell opens offline. The cache name carries a
 * hash of that list, of index.html and of the public files: any change of the app installs a new worker.
 */
function serviceWorker(): Plugin {
  return {
    name: 'wwj-patrol-sw',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((f) => !f.startsWith('.vite/') && !f.endsWith('.map'));
      const files = [...new Set([...built, ...listFiles(publicDir)])].sort();
      const hash = createHash('sha256');
      for (const f of files) {
        const item = bundle[f];
        hash.update(f);
        // built files carry a content hash in their names; index.html and the public files do not
        if (item?.type === 'asset' && f === 'index.html') hash.update(item.source);
        else if (!item) hash.update(fs.readFileSync(path.join(publicDir, f)));
      }
      const urls = files.map((f) => `/m/${f}`);
      const template = fs.readFileSync(path.join(mRoot, 'sw', 'sw.js'), 'utf8');
      const source = template.replace('self.__PRECACHE__', JSON.stringify(urls)).replace('self.__VERSION__', JSON.stringify(hash.digest('hex').slice(0, 12)));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root: mRoot,
  base: '/m/',
  publicDir,
  plugins: [react(), serviceWorker()],
  server: { port: 5174, strictPort: false, proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  build: {
    outDir: path.join(mRoot, '..', 'dist', 'm'),
    emptyOutDir: true,
    target: 'es2022',
    // .vite/manifest.json: bench/mobile-bundle.mjs reads the first-screen and lazy chunks from it
    manifest: true,
    chunkSizeWarningLimit: 1000,
  },
});
