import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { processImage } from '../../src/modules/photos/photo.image.js';
import { cjkFonts, SHIPPED_FONT } from '../../src/platform/fonts.js';
import { blackPicture, PROBE_WATERMARK } from '../support/font-probe.js';

/**
 * The CJK font the product ships (platform/fonts.ts): the watermark and the PDFs draw Chinese on a
 * machine without Chinese fonts. Such a machine is simulated for child processes (fontconfig is set up
 * once per process): FONTCONFIG_FILE names a configuration with no font directory, HOME and the XDG
 * folders are empty, PDF_FONT_DIR is an empty folder. `fc-list :lang=zh` there lists nothing.
 */
const run = promisify(execFile);
let tmp: string;
let bare: NodeJS.ProcessEnv;
const probeScript = path.resolve(import.meta.dirname, '../support/font-probe.ts');

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-fonts-'));
  const empty = path.join(tmp, 'empty-fonts.conf');
  fs.writeFileSync(
    empty,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig><cachedir>${path.join(tmp, 'fc-cache')}</cachedir></fontconfig>\n`,
  );
  fs.mkdirSync(path.join(tmp, 'home'));
  fs.mkdirSync(path.join(tmp, 'no-fonts'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FONTCONFIG') && !k.startsWith('XDG_')));
  bare = {
    ...env,
    FONTCONFIG_FILE: empty,
    PROBE_EMPTY_FONTCONFIG: empty,
    HOME: path.join(tmp, 'home'),
    XDG_DATA_HOME: path.join(tmp, 'home'),
    XDG_CONFIG_HOME: path.join(tmp, 'home'),
    XDG_CACHE_HOME: path.join(tmp, 'home'),
    PDF_FONT_DIR: path.join(tmp, 'no-fonts'),
  };
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** One rendering in a child process on the simulated bare machine; its output file's bytes. */
async function probe(task: Record<string, unknown>): Promise<{ out: Buffer; stdout: string }> {
  const out = path.join(tmp, `probe-${Math.random().toString(16).slice(2)}`);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', probeScript, JSON.stringify(task), out], { env: bare, timeout: 120_000 });
  return { out: fs.readFileSync(out), stdout };
}

/** The watermark band of a display copy as grey levels (the picture is black: the text is the only light). */
async function band(jpeg: Buffer, top = 1000) {
  const { data, info } = await sharp(jpeg)
    .extract({ left: 0, top, width: 1280, height: 1280 - top })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The text's ink (grey > 127), cropped to its bounds and scaled to a fixed box: shapes compared regardless of place and size. */
async function inkShape(px: { data: Buffer; width: number; height: number }, w = 240, h = 60): Promise<Uint8Array> {
  let [x0, y0, x1, y1] = [px.width, px.height, -1, -1];
  for (let y = 0; y < px.height; y++)
    for (let x = 0; x < px.width; x++)
      if (px.data[y * px.width + x] > 127) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  assert.ok(x1 >= x0, 'there is ink');
  const scaled = await sharp(px.data, { raw: { width: px.width, height: px.height, channels: 1 } })
    .extract({ left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 })
    .resize(w, h, { fit: 'fill' })
    .raw()
    .toBuffer();
  return Uint8Array.from(scaled, (v) => (v > 127 ? 1 : 0));
}

/** Intersection over union of two ink shapes: 1 the same glyphs, near 0 nothing in common. */
const iou = (a: Uint8Array, b: Uint8Array) => {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    both += a[i] & b[i];
    either += a[i] | b[i];
  }
  return both / either;
};

/** The outlines of `text` in the shipped font file itself (fontkit, pdfkit's font reader), filled by librsvg: no font lookup involved. */
async function outlines(text: string) {
  const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit');
  const font = fontkit.openSync(SHIPPED_FONT.regular.file);
  const run = font.layout(text);
  const k = 0.05;
  let x = 0;
  const paths: string[] = [];
  run.glyphs.forEach((g: any, i: number) => {
    paths.push(`<path transform="translate(${x} 0)" d="${g.path.toSVG()}"/>`);
    x += run.positions[i].xAdvance;
  });
  const W = Math.ceil(x * k) + 20;
  const H = Math.ceil(font.unitsPerEm * k * 1.6);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#000"/><g fill="#fff" transform="translate(10 ${font.ascent * k}) scale(${k} ${-k})">${paths.join('')}</g></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  return inkShape({ data, width: info.width, height: info.height });
}

test('the shipped font holds every hanzi of GB2312 and of GBK, and the demo’s words', () => {
  const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit');
  const font = fontkit.openSync(SHIPPED_FONT.regular.file);
  const bold = fontkit.openSync(SHIPPED_FONT.bold.file);
  const gb = new TextDecoder('gb18030');
  const missing: string[] = [];
  let hanzi = 0;
  // GB2312 level 1 and 2: rows 0xB0–0xF7, 94 cells each (0xD7FA–0xD7FE are empty)
  for (let hi = 0xb0; hi <= 0xf7; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      if (hi === 0xd7 && lo > 0xf9) continue;
      const c = gb.decode(new Uint8Array([hi, lo]));
      hanzi++;
      if (!font.hasGlyphForCodePoint(c.codePointAt(0)) || !bold.hasGlyphForCodePoint(c.codePointAt(0))) missing.push(c);
    }
  assert.equal(hanzi, 6763);
  assert.deepEqual(missing, [], 'every GB2312 hanzi, regular and bold');
  let gbk = 0;
  const missingGbk: string[] = [];
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const cp = gb.decode(new Uint8Array([hi, lo])).codePointAt(0)!;
      if (cp < 0x4e00 || cp > 0x9fa5) continue;
      gbk++;
      if (!font.hasGlyphForCodePoint(cp)) missingGbk.push(String.fromCodePoint(cp));
    }
  assert.equal(gbk, 20902);
  assert.deepEqual(missingGbk, [], 'every GBK hanzi (rarer characters of names: 堃 犇 喆 珺 赟 淼 镕)');
  const words = '平湖市新埭镇鲁家村当湖街道违法建筑违建拆除销号责令限期拆除通知书送达回证巡查员张巡查王建国°±—〔〕';
  assert.deepEqual(
    [...words].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!)),
    [],
  );
  // small enough to ship: the two faces used are ~8 MB each
  for (const f of [SHIPPED_FONT.regular.file, SHIPPED_FONT.bold.file]) assert.ok(fs.statSync(f).size < 10 * 1024 * 1024, `${path.basename(f)} is small`);
});

test('the simulated bare machine has no Chinese font (fc-list :lang=zh lists nothing)', () => {
  const fcList = spawnSync('fc-list', [':lang=zh'], { env: bare, encoding: 'utf8' });
  // fontconfig comes with Chromium, which .ci/run installs: without fc-list this check cannot be made, so it fails
  assert.equal(fcList.error, undefined, 'fc-list (fontconfig) is installed');
  assert.equal(fcList.stdout.trim(), '', 'no Chinese font under the empty configuration');
  assert.equal(spawnSync('fc-list', [], { env: bare, encoding: 'utf8' }).stdout.trim(), '', 'no font at all');
});

test('a watermark on a machine without Chinese fonts draws the shipped font’s glyphs, in the worker as here, and not the boxes it drew before', async (t) => {
  const picture = await blackPicture();
  // this process: the machine's own fontconfig (which here has Debian's Noto CJK) is not what draws
  const here = (await processImage(picture, { watermark: PROBE_WATERMARK })).rendered.display;
  const bareHere = (await probe({ kind: 'watermark', via: 'here', font: 'shipped' })).out;
  const bareWorker = (await probe({ kind: 'watermark', via: 'worker', font: 'shipped' })).out;
  const tofu = (await probe({ kind: 'watermark', via: 'here', font: 'missing' })).out;
  assert.ok(bareHere.equals(here), 'the bare machine draws the same display copy, byte for byte, as a machine with Chinese fonts');
  assert.ok(bareWorker.equals(bareHere), 'and so does the photo worker thread there');
  assert.ok(!tofu.equals(bareHere));

  // the boxes a missing font draws are another picture: most of the text's ink is elsewhere
  const [a, b] = [await band(bareHere), await band(tofu)];
  let differ = 0;
  let inkA = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (a.data[i] > 127) inkA++;
    if (Math.abs(a.data[i] - b.data[i]) > 96) differ++;
  }
  t.diagnostic(`text ${inkA} lit pixels; the missing font's rendering differs in ${differ}`);
  assert.ok(inkA > 5000, `the watermark has text (${inkA} lit pixels)`);
  assert.ok(differ > inkA * 0.8, `the missing font's rendering differs in ${differ} pixels (text: ${inkA})`);
});

test('the watermark’s characters are the outlines of the shipped font, not boxes (compared with the font file’s own glyphs)', async (t) => {
  const text = '违建拆除';
  const shipped = await inkShape(await band((await probe({ kind: 'lines', lines: [text], font: 'shipped' })).out));
  const boxes = await inkShape(await band((await probe({ kind: 'lines', lines: [text], font: 'missing' })).out));
  const same = iou(shipped, await outlines(text));
  const other = iou(shipped, await outlines('鲁家新村'));
  const tofu = iou(boxes, await outlines(text));
  t.diagnostic(`overlap with the outlines: ${same.toFixed(3)}; other characters ${other.toFixed(3)}; the missing font's boxes ${tofu.toFixed(3)}`);
  assert.ok(same > 0.7, `drawn like the font's outlines of ${text} (overlap ${same.toFixed(2)})`);
  assert.ok(other < same - 0.2, `other characters overlap less (${other.toFixed(2)})`);
  assert.ok(tofu < same - 0.2, `the missing font's boxes overlap less (${tofu.toFixed(2)})`);
});

test('a paper on a machine without Chinese fonts and PDF_FONT_DIR pointing at an empty folder embeds the shipped font; a reader finds the Chinese text', async () => {
  const { out, stdout } = await probe({ kind: 'paper' });
  assert.equal(JSON.parse(stdout).source, 'shipped');
  const f = path.join(tmp, 'paper.pdf');
  fs.writeFileSync(f, out);
  const text = execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const want of ['平湖市新埭镇人民政府', '责令限期拆除通知书', '新埭镇拆违〔2026〕1号', '王建国', '城乡规划法》第六十五条'])
    assert.ok(text.includes(want), `the paper has ${want}: ${text}`);
  const fonts = execFileSync('pdffonts', [f], { encoding: 'utf8' });
  assert.match(fonts, /NotoSansHans-Bold\s+CID Type 0C\s+Identity-H\s+yes yes yes/, 'the titles in the shipped bold, embedded');
  assert.match(fonts, /NotoSansHans-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/, 'the text in the shipped regular, embedded');
});

test('PDF_FONT_DIR holding Debian’s fonts-noto-cjk still wins (the papers’ serif); one lacking them falls back to the shipped font', () => {
  assert.equal(cjkFonts('')?.source, 'shipped');
  assert.equal(cjkFonts(path.join(tmp, 'no-fonts'))?.source, 'shipped');
  const debian = '/usr/share/fonts/opentype/noto';
  // .ci/run installs fonts-noto-cjk (the browser tests' Chinese pages need it too)
  assert.ok(fs.existsSync(path.join(debian, 'NotoSerifCJK-Regular.ttc')), 'fonts-noto-cjk is installed');
  const f = cjkFonts(debian)!;
  assert.equal(f.source, 'override');
  assert.equal(f.serif.postscriptName, 'NotoSerifCJKsc-Regular');
});
