#!/usr/bin/env node
// Draws the patrol app's PNG icons (web/m/public/icons) from one SVG: the command centre's mark
// (a house struck through) on the app's red. Run once after changing the design; the PNGs are committed.
//   node web/m/scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

/** The mark on a square; `inset` shrinks it into the safe zone of a maskable icon. */
function svg(size, { rounded, inset }) {
  const s = size;
  const k = (s * (1 - 2 * inset)) / 32;
  const o = s * inset;
  const r = rounded ? s * 0.1875 : 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <rect width="${s}" height="${s}" rx="${r}" fill="#c0392b"/>
  <g transform="translate(${o} ${o}) scale(${k})">
    <path d="M7 23V13l9-6 9 6v10h-6v-6h-6v6z" fill="#fff"/>
    <path d="M6 26L26 6" stroke="#fff" stroke-width="3" stroke-linecap="round"/>
  </g>
</svg>`;
}

const icons = [
  ['icon-192.png', 192, { rounded: true, inset: 0 }],
  ['icon-512.png', 512, { rounded: true, inset: 0 }],
  ['icon-maskable-512.png', 512, { rounded: false, inset: 0.12 }],
  ['apple-touch-icon.png', 180, { rounded: false, inset: 0.06 }],
];
fs.mkdirSync(out, { recursive: true });
for (const [name, size, opts] of icons) {
  await sharp(Buffer.from(svg(size, opts)))
    .png({ compressionLevel: 9 })
    .toFile(path.join(out, name));
  console.log(`${name} ${size}×${size}`);
}
