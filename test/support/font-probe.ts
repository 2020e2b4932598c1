/**
 * Run as a child process by test/unit/fonts.test.ts, in the environment of a machine without Chinese
 * fonts (fontconfig reads a configuration with no font in it): fontconfig is set up once per process,
 * so each rendering that must see a different font set runs in its own process.
 *
 *   node --import tsx test/support/font-probe.ts '<json task>' <out file>
 *
 * tasks: { kind: 'watermark', via: 'here' | 'worker', font: 'shipped' | 'missing' } draws the watermark
 * of `photo.image.ts` on a black picture (the photo worker's with via: worker); font 'missing' points
 * fontconfig at the empty configuration after the product set it up and before the first text (the
 * "tofu" a bare machine drew before). { kind: 'lines', lines, font } draws the given lines. { kind: 'paper' }
 * renders an enforcement paper with the fonts PDF_FONT_DIR and the shipped package give.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { processImage, renderImage, type WatermarkFacts } from '../../src/modules/photos/photo.image.js';
import { processUpload, stopPhotoWorker } from '../../src/modules/photos/photo.pool.js';
import { cjkFonts, renderPaper } from '../../src/modules/documents/document.pdf.js';
import { Upload } from '../../src/platform/upload.js';

type Font = 'shipped' | 'missing';
type Task = { kind: 'watermark'; via: 'here' | 'worker'; font: Font } | { kind: 'lines'; lines: string[]; font: Font } | { kind: 'paper' };

export const PROBE_WATERMARK: WatermarkFacts = {
  who: '巡查员 张巡查',
  placeText: '新埭镇 鲁家村',
  fix: [121.05, 30.75],
  accuracyM: 8,
  casePoint: null,
  capturedAt: new Date('2026-11-27T01:30:00Z'),
  caseNo: 'PH-2026-001011',
  now: new Date('2026-11-27T02:00:00Z'),
};

/** A black picture: the watermark's white text is its only ink. */
export const blackPicture = () =>
  sharp({ create: { width: 1280, height: 1280, channels: 3, background: '#000' } })
    .jpeg({ quality: 95 })
    .toBuffer();

async function main() {
  const task = JSON.parse(process.argv[2]) as Task;
  const out = process.argv[3];
  if (task.kind === 'paper') {
    const fonts = cjkFonts(process.env.PDF_FONT_DIR);
    if (!fonts) throw new Error('no fonts');
    const pdf = await renderPaper(fonts, {
      issuer: '平湖市新埭镇人民政府',
      title: '责令限期拆除通知书',
      docNo: '新埭镇拆违〔2026〕1号',
      to: '王建国',
      paragraphs: ['经查,你(单位)在新埭镇鲁家村建设的建筑物,违反《中华人民共和国城乡规划法》第六十五条,属违法建设。'],
      signature: { issuer: '平湖市新埭镇人民政府', date: '2026年12月6日' },
    });
    fs.writeFileSync(out, pdf);
    process.stdout.write(JSON.stringify({ source: fonts.source }));
    return;
  }
  const picture = await blackPicture();
  // the product has set up fontconfig (importing photo.image.ts did); nothing has drawn text yet
  if (task.font === 'missing') process.env.FONTCONFIG_FILE = process.env.PROBE_EMPTY_FONTCONFIG;
  if (task.kind === 'lines') {
    fs.writeFileSync(out, (await renderImage(picture, { lines: task.lines })).display);
    return;
  }
  const r = task.via === 'worker' ? await processUpload(Upload.of(picture), { watermark: PROBE_WATERMARK }) : await processImage(picture, { watermark: PROBE_WATERMARK });
  fs.writeFileSync(out, r.rendered.display);
  await stopPhotoWorker();
}

// run as a script (the test imports the picture and the facts from here too)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
