/**
 * ingest-receive: what receiving and storing one 2.7 MB report costs apart from the image work, piece by
 * piece, in one process (the evidence behind the ingest findings in README.md). Run by hand.
 *
 *   npx tsx bench/ingest-receive.ts [--n 20]
 *
 * 1. The upload: a Fastify app with @fastify/multipart registered as src/app.ts does, and the bench's
 *    multipart bodies (one 2.7 MB photo) posted over keep-alive node:http, read four ways:
 *    `req.parts()` + `part.toBuffer()` (what src/platform/multipart.ts does), `req.parts()` consuming the
 *    file stream's 'data' events, `req.file()` + `toBuffer()`, and the raw request drained without parsing.
 *    CPU is the whole process (client + server): compare the rows with each other.
 * 2. The other per-photo steps outside sharp, each alone: sha256 of the upload (done twice per report:
 *    the report's fingerprint and inspectImage), exifr, sharp's metadata(), and writing the original the
 *    way DiskBlobStore.put does (mkdir, writeFile to a temp name, rename).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import multipartPlugin from '@fastify/multipart';
import exifr from 'exifr';
import sharp from 'sharp';
import { multipart } from '../test/support/images.js';
import { arg, loadAvg, mdTable } from './lib.js';
import { ensurePhotos, photoFile, withExif } from './photos.js';

const n = Number(arg(process.argv.slice(2), 'n', '20'));
const FROM = 280; // photos at the end of the cache
await ensurePhotos(FROM + n);
const photos = await Promise.all(Array.from({ length: n }, (_, i) => withExif(fs.readFileSync(photoFile(FROM + i)), { lon: 121.05, lat: 30.75, at: new Date() })));
const bodies = photos.map((p) =>
  multipart({ clientId: randomUUID(), lon: '121.05', lat: '30.75', accuracy: '5' }, [{ name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: p }]),
);
const rows: string[][] = [['step', 'wall ms', 'CPU ms']];
console.log(`load ${loadAvg().join(' ')}`);

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
await app.register(multipartPlugin, { limits: { fileSize: 25 * 1024 * 1024, files: 10 } });
const limits = { fileSize: 25 * 1024 * 1024, files: 10, fields: 13, fieldSize: 64 * 1024 };
app.post('/parts-toBuffer', async (req) => {
  let len = 0;
  for await (const part of req.parts({ limits })) if (part.type === 'file') len += (await part.toBuffer()).length;
  return { len };
});
app.post('/parts-data', async (req) => {
  let len = 0;
  for await (const part of req.parts({ limits })) {
    if (part.type !== 'file') continue;
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      part.file.on('data', (d: Buffer) => chunks.push(d));
      part.file.on('end', resolve);
      part.file.on('error', reject);
    });
    len += Buffer.concat(chunks).length;
  }
  return { len };
});
app.post('/file-toBuffer', async (req) => ({ len: (await (await req.file({ limits }))!.toBuffer()).length }));
app.addContentTypeParser('application/x-drain', (_r, _p, done) => done(null));
app.post('/drain', async (req) => {
  let len = 0;
  for await (const c of req.raw) len += (c as Buffer).length;
  return { len };
});
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
const agent = new http.Agent({ keepAlive: true });
const send = (p: string, body: Buffer, headers: Record<string, string>) =>
  new Promise<string>((resolve, reject) => {
    const q = http.request({ host: '127.0.0.1', port, method: 'POST', path: p, agent, headers: { ...headers, 'content-length': String(body.length) } }, (r) => {
      let s = '';
      r.on('data', (d) => (s += d));
      r.on('end', () => (r.statusCode === 200 ? resolve(s) : reject(new Error(`${p}: ${r.statusCode} ${s}`))));
    });
    q.on('error', reject);
    q.end(body);
  });
async function time(name: string, f: (i: number) => Promise<unknown> | unknown) {
  for (let i = 0; i < Math.min(3, n); i++) await f(i);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  const c = process.cpuUsage(c0);
  rows.push([name, ((performance.now() - t0) / n).toFixed(1), ((c.user + c.system) / 1000 / n).toFixed(1)]);
}
// two rounds of each, interleaved: the machine's other load comes and goes
for (let round = 0; round < 2; round++) {
  for (const p of ['/parts-toBuffer', '/parts-data', '/file-toBuffer', '/drain']) {
    await time(`upload ${p}${p === '/parts-toBuffer' ? ' (as the product)' : ''} · round ${round + 1}`, (i) =>
      send(p, bodies[i].payload, p === '/drain' ? { 'content-type': 'application/x-drain' } : bodies[i].headers),
    );
  }
}
agent.destroy();
await app.close();

await time('sha256 of the 2.7 MB upload', (i) => createHash('sha256').update(photos[i]).digest('hex'));
await time('exifr.parse + exifr.gps', async (i) => {
  await exifr.parse(photos[i], { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false, reviveValues: false });
  await exifr.gps(photos[i]);
});
await time('sharp metadata()', (i) => sharp(photos[i]).metadata());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-blobs-'));
await time('store the original (mkdir, writeFile tmp, rename)', async (i) => {
  const f = path.join(dir, `${i}-${randomUUID()}.jpg`);
  await fs.promises.mkdir(dir, { recursive: true });
  await fs.promises.writeFile(`${f}.tmp`, photos[i]);
  await fs.promises.rename(`${f}.tmp`, f);
});
fs.rmSync(dir, { recursive: true, force: true });
console.log(`\nper 2.7 MB photo (n=${n}; load ${loadAvg().join(' ')}; upload rows: CPU of client + server in this process)\n` + mdTable(rows, 1));
