import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const apiTarget = process.env.WWJ_API_URL ?? 'http://127.0.0.1:3100';

const proxy = {
  '/api': { target: apiTarget, changeOrigin: false },
};

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: path.join(webRoot, 'public'),
  plugins: [react()],
  server: { port: 5173, strictPort: false, proxy },
  preview: { port: 4173, proxy },
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // OpenLayers is only imported by the lazily loaded map modules (MapPage, CaseMiniMap), so its
        // chunk is fetched with the first map, never on first load. antd is left to automatic splitting:
        // the login page and frame pull only the components they use.
        codeSplitting: {
          groups: [
            // Vite's dynamic-import helper is imported by OpenLayers too: keep it out of the OL chunk
            { name: 'preload', test: /vite[\\/]preload-helper/, priority: 40 },
            { name: 'ol', test: /node_modules[\\/](ol|rbush|quickselect|earcut|pbf)[\\/]/, priority: 30 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 30 },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
